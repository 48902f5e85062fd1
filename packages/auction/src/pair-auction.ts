import type { BlockInfo, Dec, MinAmount } from '@rebalancer/types'
import { type AuctionConfig, validateAuctionConfig } from './config.js'
import { AuctionError } from './errors.js'
import { type BidResult, canFinish, finishBatch, openAuction, placeBid } from './kernel.js'
import {
  DEFAULT_ORACLE_CONFIG,
  type OracleConfig,
  oraclePrice,
  type PricePoint,
  pushPriceHistory,
} from './oracle.js'
import { firstBlockAtOrBelow, priceAt } from './pricing.js'
import type { AuctionInfo, OraclePrice, Payout } from './state.js'

/** One bid as {@link PairAuction} recorded it. Amounts in base units; price buy per sell unit. */
export interface BidRecord {
  bidder: string
  height: number
  /** Unix seconds of the bid's block. */
  time: number
  /** Curve price at `height`. */
  price: Dec
  /** Buy denom sent. */
  sent: bigint
  /** Sell denom received. */
  bought: bigint
  /** Buy denom returned. */
  refund: bigint
  /** `sent − refund`: what the bid added to `resolved`. */
  paid: bigint
  /** The bid found the chain halted (fully refunded; it finished the auction). */
  halted: boolean
}

/**
 * The accounting of one closed auction. Identities (exact, base units):
 * `lot = Σ deposits + carriedIn[0]`, `lot = sold + unsold`, `sold = Σ bids.bought`,
 * `unsold = Σ payouts.sell + leftovers[0]`, `resolved = carriedIn[1] + Σ bids.paid`,
 * `resolved = Σ payouts.buy + leftovers[1]`.
 */
export interface AuctionReport {
  /** 1 for the pair's first opened auction, then 2, … */
  round: number
  startBlock: number
  endBlock: number
  startPrice: Dec
  endPrice: Dec
  /** The previous auction's `[sell, buy]` leftovers folded into this one at open. */
  carriedIn: readonly [bigint, bigint]
  /** The sellers' deposits, ascending by address. */
  deposits: ReadonlyArray<readonly [address: string, amount: bigint]>
  /** Sell denom offered: Σ deposits + carried-in sell. */
  lot: bigint
  sold: bigint
  unsold: bigint
  /** Buy denom received, including the carried-in buy. */
  resolved: bigint
  /** `resolved / sold`, or null when nothing sold. */
  averagePrice: Dec | null
  /** Every seller's payout, ascending by address. */
  payouts: readonly Payout[]
  /** `[sell, buy]` rolled into the pair's next auction. */
  leftovers: readonly [bigint, bigint]
  bids: readonly BidRecord[]
  /** Whether a bid found the chain halted. */
  halted: boolean
  /** The block of the last finish batch. */
  closedAt: BlockInfo
}

/** Result of {@link PairAuction.open}: opened, or every queued deposit refunded (stays closed). */
export type PairOpenResult =
  | { kind: 'opened'; info: AuctionInfo }
  | { kind: 'refund'; refunds: Array<readonly [address: string, amount: bigint]> }

/** Result of {@link PairAuction.finish}: this batch's payouts; the report once closed. */
export interface PairFinishResult {
  payouts: Payout[]
  done: boolean
  averagePrice: Dec | null
  report: AuctionReport | null
}

function byAddress(a: readonly [string, bigint], b: readonly [string, bigint]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0
}

/**
 * A stateful auction of one ordered pair for simulations, tests and the demo, built only on the
 * kernel ({@link openAuction}, {@link placeBid}, {@link finishBatch}, {@link oraclePrice}): it holds
 * the funds queued per address for the next auction, the current auction, its bids and payouts,
 * the pair's price history and a report per closed auction. Methods throw the kernel's
 * {@link AuctionError}s; a throwing call changes nothing.
 */
export class PairAuction {
  /** The pair's configuration (validated at construction). */
  readonly config: AuctionConfig
  /** The sell denom's minimum deposit and minimum lot. */
  readonly minAmount: MinAmount
  private _paused: boolean
  private readonly queue = new Map<string, bigint>()
  private state: AuctionInfo | null = null
  private deposits: Array<readonly [string, bigint]> = []
  private carriedIn: readonly [bigint, bigint] = [0n, 0n]
  private bids: BidRecord[] = []
  private paid: Payout[] = []
  private round = 0
  private readonly _reports: AuctionReport[] = []
  private _history: PricePoint[]

  /**
   * @param o.history an initial price history, newest first (default empty).
   * @throws AuctionError `invalid_config` / `invalid_strategy` for a bad config.
   */
  constructor(o: {
    config: AuctionConfig
    minAmount: MinAmount
    paused?: boolean
    history?: readonly PricePoint[]
  }) {
    validateAuctionConfig(o.config)
    this.config = o.config
    this.minAmount = o.minAmount
    this._paused = o.paused ?? false
    this._history = [...(o.history ?? [])]
  }

  /** Whether the auction is paused (no funds, no bids, no open). */
  get paused(): boolean {
    return this._paused
  }
  /** Pauses the pair's auction. */
  pause(): void {
    this._paused = true
  }
  /** Resumes the pair's auction. */
  resume(): void {
    this._paused = false
  }

  /** The current (or last) auction, `null` before the first open. */
  get info(): AuctionInfo | null {
    return this.state
  }

  /** The deposits of the current (or last) auction, ascending by address. */
  get currentDeposits(): ReadonlyArray<readonly [address: string, amount: bigint]> {
    return this.deposits
  }

  /** Closed auctions' reports, oldest first. */
  get reports(): readonly AuctionReport[] {
    return this._reports
  }

  /** The pair's auction prices, newest first, at most 10. */
  get priceHistory(): readonly PricePoint[] {
    return this._history
  }

  /** Base units `address` has queued for the next auction. */
  queuedOf(address: string): bigint {
    return this.queue.get(address) ?? 0n
  }

  /** Σ funds queued for the next auction. */
  get queuedTotal(): bigint {
    let s = 0n
    for (const v of this.queue.values()) s += v
    return s
  }

  /**
   * Queues `amount` base units of the sell denom from `address` for the next auction
   * (auction.md `auction_funds`); adds to an earlier deposit of the same address.
   * @throws AuctionError `paused`; `below_min_send` when `amount < minAmount.send` or ≤ 0.
   */
  fund(address: string, amount: bigint): void {
    if (this._paused)
      throw new AuctionError('paused', `auction of [${this.config.pair.join(', ')}] is paused: no funds`)
    if (amount <= 0n || amount < this.minAmount.send) {
      throw new AuctionError(
        'below_min_send',
        `deposit of ${amount} is too small: it must be at least min_send ${this.minAmount.send} and above 0`,
      )
    }
    this.queue.set(address, this.queuedOf(address) + amount)
  }

  /**
   * Withdraws everything `address` queued for the next auction (possible until it opens).
   * @returns the base units returned.
   * @throws AuctionError `nothing_to_withdraw`.
   */
  withdraw(address: string): bigint {
    const amount = this.queuedOf(address)
    if (amount === 0n) throw new AuctionError('nothing_to_withdraw', `address ${address} has no queued funds`)
    this.queue.delete(address)
    return amount
  }

  /**
   * Opens the next auction with the queued funds ({@link openAuction}); on `refund`, returns every
   * queued deposit (the queue empties, the auction stays closed).
   * @throws AuctionError as {@link openAuction}.
   */
  open(a: {
    oracle: OraclePrice
    endBlock: number
    startBlock?: number | null
    block: BlockInfo
  }): PairOpenResult {
    const r = openAuction({
      config: this.config,
      previous: this.state,
      paused: this._paused,
      queued: this.queuedTotal,
      minAmount: this.minAmount,
      oracle: a.oracle,
      params: { startBlock: a.startBlock ?? null, endBlock: a.endBlock },
      block: a.block,
    })
    const queued = [...this.queue].sort(byAddress)
    this.queue.clear()
    if (r.kind === 'refund') return { kind: 'refund', refunds: queued }
    this.carriedIn = this.state?.leftovers ?? [0n, 0n]
    this.state = r.info
    this.deposits = queued
    this.bids = []
    this.paid = []
    this.round++
    return r
  }

  /**
   * A bid of `sent` base units of the buy denom ({@link placeBid}), recorded for the report.
   * @throws AuctionError `paused`, `no_auction`, and as {@link placeBid}.
   */
  bid(bidder: string, sent: bigint, block: BlockInfo): BidResult {
    if (this._paused)
      throw new AuctionError('paused', `auction of [${this.config.pair.join(', ')}] is paused: no bids`)
    const r = placeBid(this.current(), this.config, sent, block)
    this.state = r.info
    this.bids.push({
      bidder,
      height: block.height,
      time: block.time,
      price: r.price,
      sent,
      bought: r.bought,
      refund: r.refund,
      paid: sent - r.refund,
      halted: r.halted,
    })
    return r
  }

  /** The current auction's price at `height` ({@link priceAt} with the configured curve). */
  priceAt(height: number): Dec {
    return priceAt(this.current(), height, this.config.curve)
  }

  /** The first block of the current auction at or below `price` ({@link firstBlockAtOrBelow}). */
  firstBlockAtOrBelow(price: Dec): number | null {
    return firstBlockAtOrBelow(this.current(), price, this.config.curve)
  }

  /** Whether {@link finish} may run at `height` ({@link canFinish}); false before the first open. */
  canFinish(height: number): boolean {
    return this.state !== null && canFinish(this.state, height)
  }

  /**
   * Pays up to `limit` sellers ({@link finishBatch}); when the auction closes, pushes its average
   * price (at `block.time`) to the price history and records the report.
   * @throws AuctionError `no_auction`, and as {@link finishBatch}.
   */
  finish(limit: number, block: BlockInfo): PairFinishResult {
    const info = this.current()
    const r = finishBatch(info, this.deposits, limit, block.height)
    this.state = r.info
    this.paid.push(...r.payouts)
    if (!r.done) return { payouts: r.payouts, done: false, averagePrice: null, report: null }
    if (r.averagePrice)
      this._history = pushPriceHistory(this._history, { price: r.averagePrice, time: block.time })
    const report: AuctionReport = {
      round: this.round,
      startBlock: info.startBlock,
      endBlock: info.endBlock,
      startPrice: info.startPrice,
      endPrice: info.endPrice,
      carriedIn: this.carriedIn,
      deposits: this.deposits,
      lot: info.totalAmount,
      sold: info.totalAmount - info.availableAmount,
      unsold: info.availableAmount,
      resolved: info.resolvedAmount,
      averagePrice: r.averagePrice,
      payouts: this.paid,
      leftovers: r.info.leftovers,
      bids: this.bids,
      halted: this.bids.some((b) => b.halted),
      closedAt: block,
    }
    this._reports.push(report)
    return { payouts: r.payouts, done: true, averagePrice: r.averagePrice, report }
  }

  /**
   * The pair's oracle price from this auction's price history ({@link oraclePrice}).
   * @throws OracleError as {@link oraclePrice}.
   */
  oraclePrice(
    now: number,
    config: OracleConfig = DEFAULT_ORACLE_CONFIG,
    external?: Dec,
  ): ReturnType<typeof oraclePrice> {
    return oraclePrice({ history: this._history, now, config, external })
  }

  private current(): AuctionInfo {
    if (this.state === null) {
      throw new AuctionError('no_auction', `the auction of [${this.config.pair.join(', ')}] has never opened`)
    }
    return this.state
  }
}
