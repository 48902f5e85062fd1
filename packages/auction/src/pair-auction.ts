import { type BlockInfo, Dec, type MinAmount, type Pair } from '@rebalancer/types'
import {
  type AuctionConfig,
  type AuctionStrategy,
  type ChainHaltConfig,
  createAuctionConfig,
  type PriceFreshnessStrategy,
  type Settlement,
  updateChainHaltConfig,
  updatePriceFreshnessStrategy,
  updateStrategy,
} from './config.js'
import { AuctionError } from './errors.js'
import {
  assertCanClean,
  assertDeposit,
  assertNotPaused,
  assertWithdrawal,
  type BidResult,
  canFinish,
  finishBatch,
  type OpenAuctionResult,
  openAuction,
  placeBid,
} from './kernel.js'
import {
  DEFAULT_ORACLE_CONFIG,
  type OracleConfig,
  oraclePrice,
  type PricePoint,
  pushPriceHistory,
} from './oracle.js'
import { type AuctionCurve, curveOf } from './pricing.js'
import type { AuctionReport, BidRecord, DepositRecord, PairLedger, SellerLine } from './report.js'
import type { AuctionInfo, OraclePrice, Payout } from './state.js'

/** Result of {@link PairAuction.open}: opened, or every queued deposit refunded (stays closed). */
export type PairOpenResult =
  | Extract<OpenAuctionResult, { kind: 'opened' }>
  | { kind: 'refund'; refunds: Array<readonly [address: string, amount: bigint]> }
  /** Containment kept the auction closed; the queue stays for the next open. */
  | Extract<OpenAuctionResult, { kind: 'contained' }>

/** Result of {@link PairAuction.finish}: this batch's payouts; the report once closed. */
export interface PairFinishResult {
  payouts: Payout[]
  done: boolean
  averagePrice: Dec | null
  report: AuctionReport | null
}

/** The `[sell, buy]` an auction holds in state `info` (see {@link PairLedger.held}). */
function heldBy(info: AuctionInfo | null): readonly [bigint, bigint] {
  if (info === null) return [0n, 0n]
  const s = info.status
  switch (s.kind) {
    case 'started':
    case 'finished':
      return [info.availableAmount, info.resolvedAmount]
    case 'close_auction':
      return [info.availableAmount - s.paidSell, info.resolvedAmount - s.paidBuy]
    case 'closed':
      return info.leftovers
  }
}

/**
 * A stateful auction of one ordered pair for simulations, tests and the demo, built only on the
 * kernel ({@link openAuction}, {@link placeBid}, {@link finishBatch}, {@link oraclePrice}): it holds
 * the funds queued per address for the next auction (with a {@link DepositRecord} per deposit),
 * the current auction, its bids and payouts, the pair's price history, a report per closed auction
 * and a ledger of every unit. Methods throw the kernel's {@link AuctionError}s; a throwing call
 * changes nothing.
 */
export class PairAuction {
  /** The sell denom's minimum deposit and minimum lot. */
  readonly minAmount: MinAmount
  /** The only address allowed to open, when set (auction.md "Opening"). */
  readonly server: string | undefined
  private _config: AuctionConfig
  private _paused: boolean
  private readonly queue = new Map<string, bigint>()
  private queueRecords = new Map<string, DepositRecord[]>()
  private state: AuctionInfo | null = null
  private _curve: AuctionCurve | null = null
  private deposits: Array<readonly [string, bigint]> = []
  private records = new Map<string, DepositRecord[]>()
  private carriedIn: readonly [bigint, bigint] = [0n, 0n]
  private openedAt: BlockInfo | null = null
  private bids: BidRecord[] = []
  private paid: Payout[] = []
  private round = 0
  private nextDepositId = 1
  private readonly _reports: AuctionReport[] = []
  private _history: PricePoint[]
  private readonly totals = {
    deposited: 0n,
    withdrawn: 0n,
    refunded: 0n,
    sold: 0n,
    bidPaid: 0n,
    paidSell: 0n,
    paidBuy: 0n,
  }

  /**
   * @param options.config the pair's configuration, validated like the contract's `instantiate`
   *   ({@link createAuctionConfig}).
   * @param options.history an initial price history, newest first (default empty).
   * @param options.server when set, {@link open} requires `sender` to equal it.
   * @throws AuctionError `invalid_config` / `invalid_strategy` for a bad config.
   */
  constructor(options: {
    config: AuctionConfig
    minAmount: MinAmount
    paused?: boolean
    history?: readonly PricePoint[]
    server?: string
  }) {
    this._config = createAuctionConfig(options.config)
    this.minAmount = options.minAmount
    this.server = options.server
    this._paused = options.paused ?? false
    this._history = [...(options.history ?? [])]
  }

  /** The pair's configuration (validated at construction and at every update). */
  get config(): AuctionConfig {
    return this._config
  }

  /** `[sell, buy]`. */
  get pair(): Pair {
    return this._config.pair
  }

  /**
   * Replaces the strategy (wire admin `update_strategy`), validated like at creation; it applies
   * from the next open (a running auction keeps its prices).
   * @throws AuctionError `invalid_strategy`.
   */
  updateStrategy(strategy: AuctionStrategy): void {
    this._config = updateStrategy(this._config, strategy)
  }

  /**
   * Replaces the chain-halt settings (wire admin `update_chain_halt_config`), validated; applies
   * from the next bid.
   * @throws AuctionError `invalid_config`.
   */
  updateChainHaltConfig(chainHalt: ChainHaltConfig): void {
    this._config = updateChainHaltConfig(this._config, chainHalt)
  }

  /**
   * Replaces the price-freshness strategy (wire admin `update_price_freshness_strategy`),
   * validated; applies from the next open.
   * @throws AuctionError `invalid_config`.
   */
  updatePriceFreshnessStrategy(freshness: PriceFreshnessStrategy): void {
    this._config = updatePriceFreshnessStrategy(this._config, freshness)
  }

  /** Whether the auction is paused (no funds, no bids, no open). */
  get paused(): boolean {
    return this._paused
  }
  /** Pauses the pair's auction (idempotent, like the contract's `pause_auction`). */
  pause(): void {
    this._paused = true
  }
  /** Resumes the pair's auction (idempotent). */
  resume(): void {
    this._paused = false
  }

  /** The current (or last) auction, `null` before the first open. */
  get info(): AuctionInfo | null {
    return this.state
  }

  /** The deposits of the current (or last) auction, ascending by address (empty after {@link clean}). */
  get currentDeposits(): ReadonlyArray<readonly [address: string, amount: bigint]> {
    return this.deposits
  }

  /** Closed auctions' reports, oldest first. */
  get reports(): readonly AuctionReport[] {
    return this._reports
  }

  /** The pair's auction prices, newest first, at most 10, each with its sold volume. */
  get priceHistory(): readonly PricePoint[] {
    return this._history
  }

  /** Base units `address` has queued for the next auction. */
  queuedOf(address: string): bigint {
    return this.queue.get(address) ?? 0n
  }

  /** The deposit records queued for the next auction: of `address`, or of everyone in funding order. */
  queuedDeposits(address?: string): DepositRecord[] {
    if (address !== undefined) return [...(this.queueRecords.get(address) ?? [])]
    return [...this.queueRecords.values()].flat().sort((a, b) => a.id - b.id)
  }

  /** Σ funds queued for the next auction. */
  get queuedTotal(): bigint {
    let s = 0n
    for (const v of this.queue.values()) s += v
    return s
  }

  /**
   * Queues `amount` base units of the sell denom from `address` for the next auction
   * (auction.md `auction_funds`); adds to an earlier deposit of the same address and records the
   * deposit on its own ({@link DepositRecord}).
   * @param ref a label kept with the record (e.g. the cycle that produced the trade).
   * @returns the deposit's record.
   * @throws AuctionError `paused`; `invalid_address`; `below_min_send` when `amount < minAmount.send` or ≤ 0.
   */
  fund(address: string, amount: bigint, ref?: string): DepositRecord {
    assertDeposit({
      pair: this._config.pair,
      seller: address,
      amount,
      minAmount: this.minAmount,
      paused: this._paused,
    })
    const record: DepositRecord = {
      id: this.nextDepositId++,
      pair: this._config.pair,
      address,
      amount,
      ref: ref ?? null,
    }
    this.queue.set(address, this.queuedOf(address) + amount)
    const list = this.queueRecords.get(address)
    if (list) list.push(record)
    else this.queueRecords.set(address, [record])
    this.totals.deposited += amount
    return record
  }

  /**
   * Withdraws everything `address` queued for the next auction (possible until it opens; what is
   * in a running auction stays there).
   * @returns the base units returned.
   * @throws AuctionError `nothing_to_withdraw`.
   */
  withdraw(address: string): bigint {
    const amount = this.queuedOf(address)
    assertWithdrawal(this._config.pair, address, amount)
    this.queue.delete(address)
    this.queueRecords.delete(address)
    this.totals.withdrawn += amount
    return amount
  }

  /**
   * Opens the next auction with the queued funds ({@link openAuction}); on `refund`, returns every
   * queued deposit (the queue empties, the auction stays closed).
   * @param parameters.oracle the pair's price, or a function called only when the auction actually opens.
   * @param parameters.sender who opens; must be {@link server} when that is set.
   * @param parameters.reference the live reference for the configured containment (see {@link openAuction}).
   * @throws AuctionError as {@link openAuction} (`unauthorized` first).
   */
  open(parameters: {
    oracle: OraclePrice | (() => OraclePrice)
    reference?: Dec | undefined | (() => Dec | undefined)
    endBlock: number
    startBlock?: number | null
    block: BlockInfo
    sender?: string
  }): PairOpenResult {
    const queuedTotal = this.queuedTotal
    const r = openAuction({
      config: this._config,
      previous: this.state,
      paused: this._paused,
      queued: queuedTotal,
      minAmount: this.minAmount,
      oracle: parameters.oracle,
      reference: parameters.reference,
      params: { startBlock: parameters.startBlock ?? null, endBlock: parameters.endBlock },
      block: parameters.block,
      server: this.server,
      sender: parameters.sender,
    })
    if (r.kind === 'contained') return r
    // The default sort compares UTF-16 code units, like `<` on strings (what finishBatch checks).
    const queued = [...this.queue.keys()]
      .sort()
      .map((address) => [address, this.queue.get(address)!] as const)
    const records = this.queueRecords
    this.queue.clear()
    this.queueRecords = new Map()
    if (r.kind === 'refund') {
      this.totals.refunded += queuedTotal
      return { kind: 'refund', refunds: queued }
    }
    this.carriedIn = this.state?.leftovers ?? [0n, 0n]
    this.state = r.info
    this._curve = curveOf(r.info, this._config.curve)
    this.openedAt = parameters.block
    this.deposits = queued
    this.records = records
    this.bids = []
    this.paid = []
    this.round++
    return r
  }

  /**
   * A bid of `sent` base units of the buy denom ({@link placeBid}), recorded for the report.
   * @param reference the live reference at `block` (read only with a live reserve).
   * @throws AuctionError `paused`, `no_auction`, `invalid_address` (empty bidder), and as {@link placeBid}.
   */
  bid(bidder: string, sent: bigint, block: BlockInfo, reference?: Dec): BidResult {
    assertNotPaused(this._config.pair, this._paused, 'it accepts no bids')
    const info = this.current()
    if (typeof bidder !== 'string' || bidder.length === 0) {
      throw new AuctionError(
        'invalid_address',
        `bidder address "${String(bidder)}" is invalid: it must not be empty`,
      )
    }
    const r = placeBid(info, this._config, sent, block, reference)
    this.state = r.info
    const paid = sent - r.refund
    this.bids.push({
      bidder,
      height: block.height,
      time: block.time,
      price: r.price,
      sent,
      bought: r.bought,
      refund: r.refund,
      paid,
      halted: r.halted,
    })
    this.totals.sold += r.bought
    this.totals.bidPaid += paid
    return r
  }

  /**
   * The current auction's price curve ({@link curveOf} with the configured shape): price at any
   * block and the first block at or below a price.
   * @throws AuctionError `no_auction`.
   */
  get curve(): AuctionCurve {
    this.current()
    return this._curve!
  }

  /** The current auction's price at `height` (its {@link curve}). @throws AuctionError `no_auction`. */
  priceAt(height: number): Dec {
    return this.curve.priceAt(height)
  }

  /** The first block of the current auction at or below `price` (its {@link curve}). @throws AuctionError `no_auction`. */
  firstBlockAtOrBelow(price: Dec): number | null {
    return this.curve.firstBlockAtOrBelow(price)
  }

  /** Whether {@link finish} may run at `height` ({@link canFinish}); false before the first open. */
  canFinish(height: number): boolean {
    return this.state !== null && canFinish(this.state, height)
  }

  /**
   * Pays up to `limit` sellers ({@link finishBatch}, with the configured settlement); when the
   * auction closes, pushes its average price and sold volume (at `block.time`) to the price
   * history and records the report.
   * @throws AuctionError `no_auction`, and as {@link finishBatch}.
   */
  finish(limit: number, block: BlockInfo): PairFinishResult {
    const info = this.current()
    const settlement = this._config.settlement ?? 'chain'
    const r = finishBatch(info, this.deposits, limit, block.height, settlement)
    this.state = r.info
    for (const p of r.payouts) {
      this.paid.push(p)
      this.totals.paidSell += p.sell
      this.totals.paidBuy += p.buy
    }
    if (!r.done) return { payouts: r.payouts, done: false, averagePrice: null, report: null }
    const sold = info.totalAmount - info.availableAmount
    if (r.averagePrice) {
      this._history = pushPriceHistory(this._history, {
        price: r.averagePrice,
        time: block.time,
        volume: sold,
      })
    }
    const report = this.report(info, r.info, r.averagePrice, settlement, block)
    this._reports.push(report)
    return { payouts: r.payouts, done: true, averagePrice: r.averagePrice, report }
  }

  /**
   * `clean_after_auction`: forgets the closed auction's deposits (its report keeps them).
   * Before the first open there is nothing to clean (0), as on chain, where a new auction
   * contract starts `auction_closed`.
   * @returns how many sellers' deposits were removed.
   * @throws AuctionError `cannot_clean` unless closed.
   */
  clean(): number {
    if (this.state === null) return 0
    assertCanClean(this.state)
    const n = this.deposits.length
    this.deposits = []
    this.records = new Map()
    return n
  }

  /** Where every unit of the pair's funds is now ({@link PairLedger}). */
  ledger(): PairLedger {
    const t = this.totals
    return {
      pair: this._config.pair,
      deposited: t.deposited,
      withdrawn: t.withdrawn,
      refunded: t.refunded,
      queued: this.queuedTotal,
      sold: t.sold,
      bidPaid: t.bidPaid,
      paidOut: [t.paidSell, t.paidBuy],
      held: heldBy(this.state),
    }
  }

  /**
   * The pair's oracle price from this auction's price history ({@link oraclePrice}); pass
   * `{...DEFAULT_ORACLE_CONFIG, method: 'median'}` (or `volume_weighted`) for a variant.
   * @throws AuctionError as {@link oraclePrice}.
   */
  oraclePrice(
    now: number,
    config: OracleConfig = DEFAULT_ORACLE_CONFIG,
    external?: Dec,
  ): ReturnType<typeof oraclePrice> {
    return oraclePrice({ history: this._history, now, config, external })
  }

  private report(
    opened: AuctionInfo,
    closed: AuctionInfo,
    averagePrice: Dec | null,
    settlement: Settlement,
    block: BlockInfo,
  ): AuctionReport {
    const lot = opened.totalAmount
    const sold = lot - opened.availableAmount
    let bidPaid = 0n
    for (const b of this.bids) bidPaid += b.paid
    let paidSell = 0n
    let paidBuy = 0n
    const sellers: SellerLine[] = new Array(this.deposits.length)
    for (let i = 0; i < this.deposits.length; i++) {
      const [address, amount] = this.deposits[i]!
      const p = this.paid[i]!
      paidSell += p.sell
      paidBuy += p.buy
      sellers[i] = {
        address,
        deposits: this.records.get(address) ?? [],
        amount,
        share: Dec.fromRatio(amount, lot),
        sell: p.sell,
        buy: p.buy,
      }
    }
    return {
      pair: this._config.pair,
      round: this.round,
      startBlock: opened.startBlock,
      endBlock: opened.endBlock,
      startPrice: opened.startPrice,
      endPrice: opened.endPrice,
      openedAt: this.openedAt!,
      carriedIn: this.carriedIn,
      deposits: this.deposits,
      lot,
      sold,
      unsold: opened.availableAmount,
      resolved: opened.resolvedAmount,
      averagePrice,
      executionPrice: sold > 0n ? Dec.fromRatio(bidPaid, sold) : null,
      payouts: this.paid,
      sellers,
      paidOut: [paidSell, paidBuy],
      leftovers: closed.leftovers,
      bids: this.bids,
      halted: this.bids.some((b) => b.halted),
      settlement,
      closedAt: block,
    }
  }

  private current(): AuctionInfo {
    if (this.state === null) {
      throw new AuctionError(
        'no_auction',
        `the auction of [${this._config.pair.join(', ')}] has never opened`,
      )
    }
    return this.state
  }
}
