import { type BlockInfo, Dec, type MinAmount } from '@rebalancer/types'
import { type AuctionConfig, type ChainHaltConfig, type Settlement, validateAuctionConfig } from './config.js'
import { AuctionError } from './errors.js'
import {
  auctionPrices,
  type ContainmentBreach,
  type ContainmentVerdict,
  containOpening,
  priceAt,
} from './pricing.js'
import type { AuctionInfo, AuctionStatus, OraclePrice, Payout } from './state.js'

const STARTED: AuctionStatus = Object.freeze({ kind: 'started' })
const FINISHED: AuctionStatus = Object.freeze({ kind: 'finished' })
const CLOSED: AuctionStatus = Object.freeze({ kind: 'closed' })
const NO_LEFTOVERS: readonly [bigint, bigint] = Object.freeze([0n, 0n] as const)
/** 0.9999 in Dec atomics: a payout fraction at or above it is truncation noise (rounded up). */
const ROUND_UP_FRACTION = 999_900_000_000_000_000n

function assertBlock(block: BlockInfo): void {
  if (!Number.isSafeInteger(block.height) || !Number.isSafeInteger(block.time)) {
    throw new AuctionError(
      'invalid_block',
      `block {height: ${block.height}, time: ${block.time}} is invalid: height and time must be integers`,
    )
  }
}

/**
 * The parameter of {@link openAuction}: the pair's configuration and state, the queued lot, the
 * oracle price and the block (auction.md "Opening"). Amounts are base units of the sell denom.
 * @example
 * ```ts
 * const parameters: OpenAuctionParameters = {
 *   config: createAuctionConfig({ pair: ['uatom', 'untrn'], strategy, chainHalt: DEFAULT_CHAIN_HALT, freshness: DEFAULT_FRESHNESS }),
 *   previous: null, // never opened
 *   paused: false,
 *   queued: 125_000_000n,
 *   minAmount: { send: 1_000_000n, startAuction: 10_000_000n },
 *   oracle: { price: Dec.parse('1.5'), time: block.time },
 *   params: { endBlock: block.height + 1000 },
 *   block,
 * }
 * const opened = openAuction(parameters)
 * ```
 */
export interface OpenAuctionParameters {
  config: AuctionConfig
  /** The pair's previous auction, `null` when it never opened (counts as closed, no leftovers). */
  previous: AuctionInfo | null
  /** Whether the pair's auction is paused. */
  paused: boolean
  /** Sum of the deposits queued for this auction, base units of the sell denom. */
  queued: bigint
  /** The sell denom's minimums; `startAuction` decides refund vs open. */
  minAmount: MinAmount
  /**
   * The oracle price of the pair (must be fresh at `block.time`), or a function returning it,
   * called only when the auction actually opens (after every state check and the `min_start`
   * refund decision), so a missing price does not mask another refusal.
   */
  oracle: OraclePrice | (() => OraclePrice)
  /**
   * The live reference price of the pair (buy per sell unit) at `block.time`, or a function
   * returning it (called only when the auction would open and `config.containment` is set);
   * `undefined` when the source has none. Read only when `config.containment` is set.
   */
  reference?: Dec | undefined | (() => Dec | undefined)
  /** Wire `params`: `startBlock` defaults to `block.height`; `endBlock > startBlock`. */
  params: { startBlock?: number | null | undefined; endBlock: number }
  /** The current block. */
  block: BlockInfo
  /**
   * The manager's server address, the only one allowed to open (auction.md "Opening"). When
   * given, `sender` must equal it; absent = the caller has checked the sender already.
   */
  server?: string | undefined
  /** Who asks to open; checked against `server` when that is given. */
  sender?: string | undefined
}

/** The former name of {@link OpenAuctionParameters} (kept: no breaking rename). */
export type OpenAuctionArgs = OpenAuctionParameters

/**
 * What {@link openAuction} decided: `opened` with the new auction state, or `refund` when the
 * queued funds are below `min_start` (or the lot would be empty): the caller refunds every
 * queued deposit, the auction stays closed and `leftovers` (the previous auction's, unchanged)
 * keep waiting for the next open.
 * @example
 * ```ts
 * const r: OpenAuctionReturnType = openAuction(parameters)
 * if (r.kind === 'refund') refundQueue() // below min_start: the queue goes back to the sellers
 * else store(r.info)
 * ```
 */
export type OpenAuctionReturnType =
  | {
      kind: 'opened'
      info: AuctionInfo
      /** With `config.containment`: the check's verdict (`within` or `re_anchored`) and the reference. */
      containment?: { verdict: ContainmentVerdict; reference: Dec } | undefined
    }
  | { kind: 'refund'; leftovers: readonly [bigint, bigint] }
  | {
      kind: 'contained'
      /**
       * The breached rule when the action is `refuse` (`start_below_floor`,
       * `end_above_reference`); `no_reference` when containment is configured but the reference
       * has no price (never open blind).
       */
      reason: ContainmentBreach | 'no_reference'
      /** The prices the oracle gave. */
      original: { startPrice: Dec; endPrice: Dec }
      /** The reference price and the floor (reference × (1 + premium)), when there was a reference. */
      reference?: Dec | undefined
      floor?: Dec | undefined
    }

/** The former name of {@link OpenAuctionReturnType} (kept: no breaking rename). */
export type OpenAuctionResult = OpenAuctionReturnType

/**
 * Opens the pair's next auction (auction.md "Opening"). Checks, in order: the config
 * ({@link validateAuctionConfig}); not paused; the previous auction closed; the window
 * (`startBlock` defaults to the current height; `endBlock > startBlock`; a start in the past or an
 * end not after now are accepted as given); then if `queued < minAmount.startAuction`, or the lot
 * (queued + previous leftover sell) is 0, answers `refund`; else reads the prices
 * ({@link auctionPrices}) and opens with lot = queued + leftover sell, resolved = leftover buy,
 * `leftovers` reset to `[0, 0]` and `lastCheckedBlock` = `block`.
 * When `server` is given, `sender` must equal it (checked first).
 * @throws AuctionError `unauthorized`, `invalid_config`/`invalid_strategy`, `paused`, `not_closed`,
 *   `invalid_window`, `invalid_block`, `invalid_amount` (queued < 0), `stale_price`, `invalid_price`;
 *   and whatever an `oracle` function throws (e.g. an `AuctionError` `no_price`).
 */
export function openAuction(parameters: OpenAuctionParameters): OpenAuctionReturnType {
  const { config, previous, queued, minAmount, block } = parameters
  if (parameters.server !== undefined) assertServer(parameters.sender, parameters.server)
  validateAuctionConfig(config)
  assertNotPaused(config.pair, parameters.paused, 'it cannot open')
  if (previous !== null && previous.status.kind !== 'closed') {
    throw new AuctionError(
      'not_closed',
      `auction of [${config.pair.join(', ')}] is ${previous.status.kind}: a new auction opens only after the previous one is closed`,
    )
  }
  assertBlock(block)
  const startBlock = parameters.params.startBlock ?? block.height
  const { endBlock } = parameters.params
  if (!Number.isSafeInteger(startBlock) || !Number.isSafeInteger(endBlock) || endBlock <= startBlock) {
    throw new AuctionError(
      'invalid_window',
      `auction window start ${startBlock}, end ${endBlock} is invalid: blocks must be integers with end_block > start_block`,
    )
  }
  if (queued < 0n) throw new AuctionError('invalid_amount', `queued funds ${queued} must not be negative`)
  const carried = previous?.leftovers ?? NO_LEFTOVERS
  const lot = queued + carried[0]
  if (queued < minAmount.startAuction || lot === 0n) return { kind: 'refund', leftovers: carried }
  const oracle = typeof parameters.oracle === 'function' ? parameters.oracle() : parameters.oracle
  let { startPrice, endPrice } = auctionPrices(oracle, block.time, config.strategy, config.freshness)
  let containment: { verdict: ContainmentVerdict; reference: Dec } | undefined
  if (config.containment) {
    const original = { startPrice, endPrice }
    const reference =
      typeof parameters.reference === 'function' ? parameters.reference() : parameters.reference
    if (reference === undefined) return { kind: 'contained', reason: 'no_reference', original }
    const verdict = containOpening(original, config.strategy, { reference, ...config.containment })
    if (verdict.kind === 'refused') {
      return { kind: 'contained', reason: verdict.breach, original, reference, floor: verdict.floor }
    }
    ;({ startPrice, endPrice } = verdict)
    containment = { verdict, reference }
  }
  return {
    kind: 'opened',
    containment,
    info: {
      status: STARTED,
      startBlock,
      endBlock,
      startPrice,
      endPrice,
      availableAmount: lot,
      resolvedAmount: carried[1],
      totalAmount: lot,
      leftovers: NO_LEFTOVERS,
      lastCheckedBlock: block,
    },
  }
}

/**
 * Checks that `sender` is the manager's server address, the only one allowed to open an auction
 * (auction.md "Opening").
 * @throws AuctionError `unauthorized` naming both addresses.
 */
export function assertServer(sender: string | undefined, server: string): void {
  if (sender !== server) {
    throw new AuctionError(
      'unauthorized',
      `${sender === undefined ? 'an unnamed sender' : `address ${sender}`} may not open an auction: only the server address ${server} can`,
    )
  }
}

/**
 * Checks a deposit into the next auction of `pair` (auction.md "Pairs and auctions",
 * `auction_funds`): the auction not paused, a non-empty seller address, and `amount ≥ min_send`
 * and `> 0` base units of the sell denom.
 * @throws AuctionError `paused`, `invalid_address`, `below_min_send` (with `details.minSend`).
 */
export function assertDeposit(deposit: {
  pair: readonly [string, string]
  seller: string
  amount: bigint
  minAmount: MinAmount
  paused: boolean
}): void {
  assertNotPaused(deposit.pair, deposit.paused, 'it accepts no funds')
  if (typeof deposit.seller !== 'string' || deposit.seller.length === 0) {
    throw new AuctionError(
      'invalid_address',
      `seller address "${String(deposit.seller)}" is invalid: it must not be empty`,
    )
  }
  if (deposit.amount <= 0n || deposit.amount < deposit.minAmount.send) {
    throw new AuctionError(
      'below_min_send',
      `deposit of ${deposit.amount} ${deposit.pair[0]} by ${deposit.seller} is too small: it must be at least min_send ${deposit.minAmount.send} and above 0`,
      { details: { minSend: deposit.minAmount.send } },
    )
  }
}

/**
 * Checks that the pair's auction is not paused (auction.md "Pairs and auctions": a paused auction
 * accepts no funds, no bids and cannot open).
 * @param refused what the pause refuses, for the message (`it accepts no funds`).
 * @throws AuctionError `paused`.
 */
export function assertNotPaused(pair: readonly [string, string], paused: boolean, refused: string): void {
  if (paused) throw new AuctionError('paused', `auction of [${pair.join(', ')}] is paused: ${refused}`)
}

/**
 * Checks a withdrawal of the funds `seller` queued for the pair's next auction (wire
 * `withdraw_funds`): there must be some (`queued > 0` base units of the sell denom).
 * @throws AuctionError `nothing_to_withdraw`.
 */
export function assertWithdrawal(pair: readonly [string, string], seller: string, queued: bigint): void {
  if (queued <= 0n) {
    throw new AuctionError(
      'nothing_to_withdraw',
      `address ${seller} has no funds queued for the next auction of [${pair.join(', ')}]`,
    )
  }
}

/**
 * Checks that the pair's auction may be cleaned up (wire `clean_after_auction`: the finished
 * auction's deposits are deleted): it must have opened once and be `auction_closed`.
 * @throws AuctionError `no_auction` (`info` null), `cannot_clean` (not closed).
 */
export function assertCanClean(info: AuctionInfo | null): void {
  if (info === null) throw new AuctionError('no_auction', 'no auction has opened: there is nothing to clean')
  if (info.status.kind !== 'closed') {
    throw new AuctionError(
      'cannot_clean',
      `auction is ${info.status.kind}: clean_after_auction needs it closed (finish it first)`,
    )
  }
}

/**
 * Whether `block` finds the chain halted since `last` (auction.md "Bidding"): the seconds
 * elapsed, `block.time − last.time`, strictly exceed `(block.height − last.height) × blockAvgSeconds
 * + capSeconds`.
 */
export function chainHalted(last: BlockInfo, block: BlockInfo, config: ChainHaltConfig): boolean {
  return block.time - last.time > (block.height - last.height) * config.blockAvgSeconds + config.capSeconds
}

/** What {@link placeBid} did: the new state and what the bidder receives at once. */
export interface BidResult {
  /** The auction after the bid (always a new object; `lastCheckedBlock` = the bid's block). */
  info: AuctionInfo
  /** Sell denom sent to the bidder, base units. */
  bought: bigint
  /** Buy denom returned to the bidder, base units (the bidder paid `sent − refund`). */
  refund: bigint
  /** True when the bid found the chain halted: full refund, auction `finished`. */
  halted: boolean
  /** The curve price at the bid's block (buy per sell unit). */
  price: Dec
}

/**
 * A bid of `sent` base units of the buy denom at `block` (auction.md "Bidding"). Checks, in
 * order: status `started`; `startBlock ≤ height ≤ endBlock`; `sent > 0`; the block not before
 * `lastCheckedBlock`. Then, if {@link chainHalted}: everything refunded, status `finished`.
 * Otherwise, at `price = priceAt(height)`: `bought = ⌊sent / price⌋`,
 * `refund = ⌊sent − bought × price⌋`; if `bought` exceeds what is available, refund also
 * `⌊(bought − available) × price⌋` and `bought = available`; the status becomes `finished` when
 * nothing is left; `resolved += sent − refund`. A bid too small to buy one unit is refunded whole
 * and changes nothing but `lastCheckedBlock`. Pausing is the caller's check (it is not in the
 * auction state). The bidder pays `⌈bought × price⌉`, or at most one unit more on the last lot.
 * With a live reserve (`config.containment.maxDiscountBps`, ours) the price is
 * {@link bidPriceAt}: the curve's, raised to `reference × (1 − maxDiscountBps / 10000)`.
 * @param reference the live reference at the bid's block (buy per sell unit); read only with a live reserve.
 * @throws AuctionError `not_active`, `not_started` (with `details.startBlock`), `outside_window`,
 *   `zero_bid`, `invalid_block`; `no_reference` when a live reserve is configured and there is
 *   no reference.
 */
export function placeBid(
  info: AuctionInfo,
  config: AuctionConfig,
  sent: bigint,
  block: BlockInfo,
  reference?: Dec,
): BidResult {
  if (info.status.kind !== 'started') {
    throw new AuctionError(
      'not_active',
      `auction is ${info.status.kind}: bids are accepted only while started`,
    )
  }
  assertBlock(block)
  if (block.height < info.startBlock) {
    throw new AuctionError(
      'not_started',
      `bid at block ${block.height} is before the auction's start block ${info.startBlock}`,
      { details: { startBlock: info.startBlock } },
    )
  }
  if (block.height > info.endBlock) {
    throw new AuctionError(
      'outside_window',
      `bid at block ${block.height} is after the auction's end block ${info.endBlock}`,
    )
  }
  if (sent <= 0n) throw new AuctionError('zero_bid', `bid of ${sent} is invalid: a bid must send more than 0`)
  const last = info.lastCheckedBlock
  if (block.height < last.height || block.time < last.time) {
    throw new AuctionError(
      'invalid_block',
      `block {height: ${block.height}, time: ${block.time}} is before the last checked block {height: ${last.height}, time: ${last.time}}`,
    )
  }
  const price = bidPriceAt(info, config, block.height, reference)
  if (chainHalted(last, block, config.chainHalt)) {
    return {
      info: { ...info, status: FINISHED, lastCheckedBlock: block },
      bought: 0n,
      refund: sent,
      halted: true,
      price,
    }
  }
  let bought = (sent * Dec.SCALE) / price.atomics
  let refund = sent - price.mulCeil(bought)
  const left = info.availableAmount
  if (bought > left) {
    refund += price.mulFloor(bought - left)
    bought = left
  }
  const available = left - bought
  return {
    info: {
      ...info,
      status: available === 0n ? FINISHED : STARTED,
      availableAmount: available,
      resolvedAmount: info.resolvedAmount + (sent - refund),
      lastCheckedBlock: block,
    },
    bought,
    refund,
    halted: false,
    price,
  }
}

/**
 * The price a bid pays at block `height` (auction.md "Price", "Containment"): the curve's
 * ({@link priceAt} with `config.curve`), and with a live reserve (`config.containment.maxDiscountBps`)
 * at least `reference × (1 − maxDiscountBps / 10000)` (truncated), so a market move during the
 * window cannot sell far below the market.
 * @throws AuctionError `no_reference` when a live reserve is configured and `reference` is
 *   undefined or ≤ 0; as {@link priceAt}.
 */
export function bidPriceAt(info: AuctionInfo, config: AuctionConfig, height: number, reference?: Dec): Dec {
  const price = priceAt(info, height, config.curve)
  const discount = config.containment?.maxDiscountBps
  if (discount === undefined) return price
  if (reference === undefined || !reference.isPositive()) {
    throw new AuctionError(
      'no_reference',
      `the auction of [${config.pair.join(', ')}] has a live reserve (max_discount_bps ${discount}) but no reference price at block ${height}`,
    )
  }
  return Dec.max(price, liveReserve(reference, discount))
}

/**
 * The live reserve (auction.md "Containment"): the least a bid pays with a reference price
 * `reference` and `maxDiscountBps`, `reference × ((10000 − maxDiscountBps) / 10000)` (the ratio a
 * Dec, the product truncated).
 */
export function liveReserve(reference: Dec, maxDiscountBps: number): Dec {
  return reference.mul(Dec.fromRatio(BigInt(10_000 - maxDiscountBps), 10_000n))
}

/**
 * Whether `finish` may run at `height` (auction.md "Finishing and paying out"): status
 * `finished` or `close_auction`, or `started` with `height ≥ endBlock`. Never when `closed`.
 */
export function canFinish(info: AuctionInfo, height: number): boolean {
  switch (info.status.kind) {
    case 'finished':
    case 'close_auction':
      return true
    case 'started':
      return height >= info.endBlock
    case 'closed':
      return false
  }
}

/**
 * One seller's payout, before any clamping (auction.md "Finishing and paying out"):
 * nothing sold → `{sell: deposit, buy: 0}`; otherwise, with `settlement` `chain` (default),
 * `share = deposit / lot` (Dec, truncated), `buy = resolved × share` rounded up when its fraction
 * is ≥ 0.9999 and down otherwise, and `sell = ⌊unsold × share⌋` (0 when all sold); with `exact`,
 * `buy = ⌊deposit × resolved / lot⌋` and `sell = ⌊deposit × unsold / lot⌋`. Base units.
 * @throws AuctionError `invalid_amount` when the deposit is negative or above the lot.
 */
export function sellerPayout(
  info: AuctionInfo,
  deposit: bigint,
  settlement: Settlement = 'chain',
): { sell: bigint; buy: bigint } {
  if (deposit < 0n || deposit > info.totalAmount) {
    throw new AuctionError(
      'invalid_amount',
      `deposit ${deposit} is invalid: it must be between 0 and the lot ${info.totalAmount}`,
    )
  }
  const unsold = info.availableAmount
  if (unsold === info.totalAmount) return { sell: deposit, buy: 0n }
  if (settlement === 'exact') {
    return {
      sell: (deposit * unsold) / info.totalAmount,
      buy: (deposit * info.resolvedAmount) / info.totalAmount,
    }
  }
  // In Dec atomics (all non-negative): share = ⌊deposit × 10¹⁸ / lot⌋; resolved × share is exact
  // (an integer times a Dec), so its integer part and fraction come from one division.
  const share = (deposit * Dec.SCALE) / info.totalAmount
  const buyAtomics = info.resolvedAmount * share
  const whole = buyAtomics / Dec.SCALE
  const buy = buyAtomics - whole * Dec.SCALE >= ROUND_UP_FRACTION ? whole + 1n : whole
  const sell = unsold > 0n ? (unsold * share) / Dec.SCALE : 0n
  return { sell, buy }
}

/** What one {@link finishBatch} call did. */
export interface FinishResult {
  /** The new state: `close_auction` with progress, or `closed` with leftovers when `done`. */
  info: AuctionInfo
  /** This batch's payouts, in address order (amounts may be 0; the caller skips empty transfers). */
  payouts: Payout[]
  /** True when the last seller is paid and the auction is `closed`. */
  done: boolean
  /** `resolved / sold` (Dec) when `done` and something sold (for the price history); else null. */
  averagePrice: Dec | null
}

/** The smaller of two bigints (`Math.min` takes numbers only). */
function minBigint(a: bigint, b: bigint): bigint {
  return a <= b ? a : b
}

/** Index of the first seller whose address is strictly above `after` (binary search). */
function firstAfter(sellers: ReadonlyArray<readonly [string, bigint]>, after: string): number {
  let lo = 0
  let hi = sellers.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sellers[mid]![0] <= after) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * Pays up to `limit` sellers (auction.md "Finishing and paying out"). `sellers` is every deposit
 * of this auction, strictly ascending by address (JS string order = byte order for ASCII
 * addresses); the batch resumes after `status.startAfter` (binary search) and records its progress
 * in status `close_auction {startAfter, paidSell, paidBuy}`. Each payout is {@link sellerPayout}
 * clamped to what is still unpaid (`unsold − paidSell`, `resolved − paidBuy`), so the round-up
 * rule can never pay out more than exists. After the last seller: status `closed`,
 * `leftovers = [unsold − paidSell, resolved − paidBuy]` (never negative), and
 * `averagePrice = resolved / sold` when something sold. Σ payouts + leftovers = unsold and
 * resolved exactly. The sort order of the batch's slice (and its neighbour) is checked.
 *
 * `sellers` may instead be just a page of the deposits after `startAfter` (as a chain reads its
 * map): the batch is then the page's first `limit` entries and it is the last one exactly when
 * the page holds no more than `limit`; so pass `limit + 1` entries when more may follow.
 * Runs in time linear in the batch (plus a binary search), so paying n sellers costs O(n) in all.
 * @param limit how many sellers to pay at most, an integer ≥ 1.
 * @param settlement payout rounding, `chain` (default) or `exact` (see {@link Settlement}); use the
 *   same for every batch of one auction.
 * @throws AuctionError `nothing_to_finish` (already closed), `cannot_finish` (started and
 *   `height < endBlock`), `invalid_limit`, `unsorted_sellers`, `invalid_amount`.
 */
export function finishBatch(
  info: AuctionInfo,
  sellers: ReadonlyArray<readonly [address: string, deposit: bigint]>,
  limit: number,
  height: number,
  settlement: Settlement = 'chain',
): FinishResult {
  if (info.status.kind === 'closed') {
    throw new AuctionError('nothing_to_finish', 'auction is already closed: there is nothing to finish')
  }
  if (!canFinish(info, height)) {
    throw new AuctionError(
      'cannot_finish',
      `auction is still started at block ${height}: finish needs status finished or block ≥ end block ${info.endBlock}`,
    )
  }
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new AuctionError('invalid_limit', `finish limit ${limit} is invalid: it must be an integer ≥ 1`)
  }
  const progress =
    info.status.kind === 'close_auction' ? info.status : { startAfter: null, paidSell: 0n, paidBuy: 0n }
  const from = progress.startAfter === null ? 0 : firstAfter(sellers, progress.startAfter)
  const to = Math.min(from + limit, sellers.length)
  const unsold = info.availableAmount
  const resolved = info.resolvedAmount
  let { paidSell, paidBuy } = progress
  const payouts: Payout[] = []
  for (let i = from; i < to; i++) {
    const [address, deposit] = sellers[i]!
    if (i > 0 && sellers[i - 1]![0] >= address) {
      throw new AuctionError(
        'unsorted_sellers',
        `sellers must be strictly ascending by address: "${sellers[i - 1]![0]}" comes before "${address}"`,
      )
    }
    const p = sellerPayout(info, deposit, settlement)
    const sell = minBigint(p.sell, unsold - paidSell)
    const buy = minBigint(p.buy, resolved - paidBuy)
    paidSell += sell
    paidBuy += buy
    payouts.push({ address, sell, buy })
  }
  if (to < sellers.length) {
    return {
      info: {
        ...info,
        status: { kind: 'close_auction', startAfter: sellers[to - 1]![0], paidSell, paidBuy },
      },
      payouts,
      done: false,
      averagePrice: null,
    }
  }
  const sold = info.totalAmount - unsold
  return {
    info: { ...info, status: CLOSED, leftovers: [unsold - paidSell, resolved - paidBuy] },
    payouts,
    done: true,
    averagePrice: sold > 0n ? Dec.fromRatio(resolved, sold) : null,
  }
}
