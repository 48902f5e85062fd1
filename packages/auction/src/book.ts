import { type BlockInfo, type Denom, type MinAmount, type Pair, pairKey, type Trade } from '@rebalancer/types'
import { type AuctionConfig, validateAuctionConfig } from './config.js'
import { AuctionError } from './errors.js'
import { assertDeposit, type BidResult } from './kernel.js'
import { PriceOracle, type PricePoint, type StoredOraclePrice } from './oracle.js'
import { PairAuction, type PairFinishResult, type PairOpenResult } from './pair-auction.js'
import type { AuctionCurve } from './pricing.js'
import {
  type AuctionReport,
  assertLedgerBalanced,
  type DepositRecord,
  type PairLedger,
  type SellerLine,
} from './report.js'
import type { OraclePrice } from './state.js'

/** One portfolio's sells of one cycle: the Portfolio Computer's trades for its account. */
export interface PortfolioTrades {
  /** The portfolio's account address: the seller of every trade. */
  portfolio: string
  /** `{pair: [sell, buy], amount}`: `amount` base units of `sell` to auction for `buy`. */
  trades: readonly Trade[]
}

/** Options of an {@link AuctionBook}. */
export interface AuctionBookOptions {
  /**
   * Configuration (everything but the pair) of pairs created on first use by
   * {@link AuctionBook.fundCycle}; without it only pairs added with {@link AuctionBook.addPair} exist.
   */
  defaults?: Omit<AuctionConfig, 'pair'>
  /** Per sell denom: `{send, startAuction}` minimums in base units (the manager's `get_min_limit`). */
  minAmounts: Readonly<Record<Denom, MinAmount>>
  /** The manager's server address: when set, every open must name it as `sender`. */
  server?: string
  /** The pairs' price oracle (default: a {@link PriceOracle} with the chain's defaults and no external source). */
  oracle?: PriceOracle
}

/** What {@link AuctionBook.openAll} did for one pair: opened, refunded below `min_start`, or refused. */
export type BookOpenOutcome = { pair: Pair } & (PairOpenResult | { kind: 'error'; error: AuctionError })

/** One seller's part in one closed auction: its deposits, share and payout ({@link AuctionBook.statement}). */
export interface SellerStatement {
  pair: Pair
  /** The auction's round within its pair. */
  round: number
  /** The auction's lot (Σ deposits + carried-in sell), base units of the sell denom. */
  lot: bigint
  /** Sell denom left unsold, paid back pro rata. */
  unsold: bigint
  /** Buy denom received (with the carried-in buy), paid out pro rata. */
  resolved: bigint
  /** The seller's deposits, share and payout. */
  line: SellerLine
  /** The block of the auction's last finish batch. */
  closedAt: BlockInfo
}

function assertPairShape(pair: unknown, where: string): asserts pair is Pair {
  if (
    !Array.isArray(pair) ||
    pair.length !== 2 ||
    typeof pair[0] !== 'string' ||
    typeof pair[1] !== 'string' ||
    pair[0].length === 0 ||
    pair[1].length === 0 ||
    pair[0] === pair[1]
  ) {
    throw new AuctionError(
      'invalid_trade',
      `${where}.pair ${JSON.stringify(pair)} is invalid: it must be [sell, buy], two distinct non-empty denoms`,
    )
  }
}

function byKey(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * Many Dutch auctions at once, one per ordered pair `(sell, buy)`, fed by the trades of many
 * portfolios (auction.md "Pairs and auctions"): {@link fundCycle} queues every portfolio's trades
 * of a cycle into the pairs' next auctions (aggregated per pair; each deposit recorded), then the
 * pairs open ({@link openAll}), take bids, settle ({@link settleAll}) and report. Each seller's
 * share and payout is traceable to its deposits ({@link statement}, {@link AuctionReport.sellers}),
 * and {@link ledger} accounts for every unit of every pair. Built on {@link PairAuction}; pure
 * apart from its own state (no clock: blocks are arguments).
 */
export class AuctionBook {
  /** The pairs' price oracle. */
  readonly oracle: PriceOracle
  private readonly options: AuctionBookOptions
  private readonly auctions = new Map<string, PairAuction>()

  /**
   * @throws AuctionError `invalid_config` / `invalid_strategy` when `defaults` is malformed.
   */
  constructor(parameters: AuctionBookOptions) {
    this.options = parameters
    this.oracle = parameters.oracle ?? new PriceOracle()
    // Validate the defaults once, with a placeholder pair.
    if (parameters.defaults) validateAuctionConfig({ ...parameters.defaults, pair: ['sell', 'buy'] })
  }

  /**
   * Adds the auction of a pair: a full config, or just the pair to use the book's `defaults`.
   * @throws AuctionError `pair_exists`; `invalid_config` (no defaults, no minimums for the sell
   *   denom, a malformed config); `invalid_strategy`.
   */
  addPair(
    config: AuctionConfig | Pair,
    options: { paused?: boolean; history?: readonly PricePoint[] } = {},
  ): PairAuction {
    const full: AuctionConfig = Array.isArray(config)
      ? this.defaultConfig(config as Pair)
      : (config as AuctionConfig)
    const key = pairKey(full.pair)
    if (this.auctions.has(key)) {
      throw new AuctionError('pair_exists', `the book already has an auction of [${full.pair.join(', ')}]`)
    }
    const auction = new PairAuction({
      config: full,
      minAmount: this.minAmountOf(full.pair[0]),
      paused: options.paused ?? false,
      history: options.history ?? [],
      ...(this.options.server === undefined ? {} : { server: this.options.server }),
    })
    this.auctions.set(key, auction)
    return auction
  }

  /** Whether the book has an auction of `pair`. */
  has(pair: Pair): boolean {
    return this.auctions.has(pairKey(pair))
  }

  /**
   * The auction of `pair`.
   * @throws AuctionError `unknown_pair`.
   */
  get(pair: Pair): PairAuction {
    const a = this.auctions.get(pairKey(pair))
    if (!a) throw new AuctionError('unknown_pair', `the book has no auction of [${pair[0]}, ${pair[1]}]`)
    return a
  }

  /** Every pair of the book, ordered by pair key (`"sell|buy"`). */
  get pairs(): Pair[] {
    return [...this.auctions.keys()].sort(byKey).map((k) => this.auctions.get(k)!.pair)
  }

  /**
   * Queues one cycle's trades of `P` portfolios (auction.md `auction_funds`): each trade
   * `{pair, amount}` becomes a deposit by its portfolio into the pair's next auction, recorded with
   * `ref`. Pairs missing from the book are created from `defaults`. All or nothing: every trade is
   * checked before anything is queued.
   * @returns the deposit records, in input order.
   * @throws AuctionError, naming `portfolios[i].trades[j]`: `invalid_address` (empty portfolio),
   *   `invalid_trade` (malformed pair or a non-bigint amount), `unknown_pair` (not in the book, no
   *   defaults), `invalid_config` (no minimums for the sell denom), `paused`, `below_min_send`.
   */
  fundCycle(portfolios: readonly PortfolioTrades[], options: { ref?: string } = {}): DepositRecord[] {
    const plan: Array<{ pair: Pair; portfolio: string; amount: bigint }> = []
    for (const [i, p] of portfolios.entries()) {
      if (typeof p.portfolio !== 'string' || p.portfolio.length === 0) {
        throw new AuctionError(
          'invalid_address',
          `portfolios[${i}].portfolio "${String(p.portfolio)}" is invalid: it must not be empty`,
        )
      }
      for (const [j, t] of p.trades.entries()) {
        const where = `portfolios[${i}].trades[${j}]`
        assertPairShape(t.pair, where)
        if (typeof t.amount !== 'bigint') {
          throw new AuctionError(
            'invalid_trade',
            `${where}.amount ${String(t.amount)} is invalid: it must be a bigint of base units`,
          )
        }
        const existing = this.auctions.get(pairKey(t.pair))
        if (!existing && !this.options.defaults) {
          throw new AuctionError(
            'unknown_pair',
            `${where}: the book has no auction of [${t.pair.join(', ')}] and no defaults to create one`,
          )
        }
        try {
          assertDeposit({
            pair: t.pair,
            seller: p.portfolio,
            amount: t.amount,
            minAmount: existing?.minAmount ?? this.minAmountOf(t.pair[0]),
            paused: existing?.paused ?? false,
          })
        } catch (e) {
          if (AuctionError.isInstance(e))
            throw new AuctionError(e.code, `${where}: ${e.message}`, { cause: e })
          throw e
        }
        plan.push({ pair: t.pair, portfolio: p.portfolio, amount: t.amount })
      }
    }
    return plan.map(({ pair, portfolio, amount }) =>
      (this.auctions.get(pairKey(pair)) ?? this.addPair(pair)).fund(portfolio, amount, options.ref),
    )
  }

  /**
   * Withdraws everything `address` queued for the next auction of `pair`.
   * @throws AuctionError `unknown_pair`, `nothing_to_withdraw`.
   */
  withdraw(pair: Pair, address: string): bigint {
    return this.get(pair).withdraw(address)
  }

  /**
   * `update_price {pair}` on the book's oracle with the pair's auction history.
   * @throws AuctionError `unknown_pair` and as {@link PriceOracle.update}.
   */
  updatePrice(pair: Pair, now: number): StoredOraclePrice {
    return this.oracle.update(pair, this.get(pair).priceHistory, now)
  }

  /**
   * Opens the next auction of `pair` at the oracle's stored price (or `a.oracle` when given).
   * @throws AuctionError `unknown_pair`, and as {@link PairAuction.open} and `no_price`.
   */
  open(
    pair: Pair,
    parameters: {
      endBlock: number
      startBlock?: number | null
      block: BlockInfo
      sender?: string
      oracle?: OraclePrice
    },
  ): PairOpenResult {
    const auction = this.get(pair)
    // The stored price is read only when the auction actually opens (as the chain does).
    return auction.open({
      oracle: parameters.oracle ?? (() => this.oracle.get(pair)),
      reference: () => this.oracle.reference(pair, parameters.block.time),
      endBlock: parameters.endBlock,
      startBlock: parameters.startBlock ?? null,
      block: parameters.block,
      ...(parameters.sender === undefined ? {} : { sender: parameters.sender }),
    })
  }

  /**
   * Opens every pair with queued funds (in pair-key order) at the oracle's stored prices, with the
   * same window. A pair that cannot open (paused, its previous auction not closed yet, stale or
   * missing price, …) is reported as `error` and keeps its queue; the others still open.
   */
  openAll(parameters: {
    endBlock: number
    startBlock?: number | null
    block: BlockInfo
    sender?: string
  }): BookOpenOutcome[] {
    const out: BookOpenOutcome[] = []
    for (const pair of this.pairs) {
      if (this.get(pair).queuedTotal === 0n) continue
      try {
        out.push({ pair, ...this.open(pair, parameters) })
      } catch (e) {
        if (AuctionError.isInstance(e)) out.push({ pair, kind: 'error', error: e })
        else throw e
      }
    }
    return out
  }

  /**
   * A bid in the auction of `pair` ({@link PairAuction.bid}).
   * @throws AuctionError `unknown_pair`, and as {@link PairAuction.bid}.
   */
  bid(pair: Pair, bidder: string, sent: bigint, block: BlockInfo): BidResult {
    return this.get(pair).bid(bidder, sent, block, this.oracle.reference(pair, block.time))
  }

  /**
   * The current auction's price curve of `pair`.
   * @throws AuctionError `unknown_pair`, `no_auction`.
   */
  curve(pair: Pair): AuctionCurve {
    return this.get(pair).curve
  }

  /**
   * One finish batch of `limit` sellers in the auction of `pair`.
   * @throws AuctionError `unknown_pair`, and as {@link PairAuction.finish}.
   */
  finish(pair: Pair, limit: number, block: BlockInfo): PairFinishResult {
    return this.get(pair).finish(limit, block)
  }

  /**
   * Finishes, in batches of `limit`, every auction that may finish at `block` (finished, closing,
   * or past its end block), until each is closed.
   * @returns the reports of the auctions closed, in pair-key order.
   * @throws AuctionError `invalid_limit`.
   */
  settleAll(block: BlockInfo, limit = 5): AuctionReport[] {
    if (!Number.isSafeInteger(limit) || limit < 1) {
      throw new AuctionError('invalid_limit', `finish limit ${limit} is invalid: it must be an integer ≥ 1`)
    }
    const reports: AuctionReport[] = []
    for (const pair of this.pairs) {
      const a = this.get(pair)
      if (!a.canFinish(block.height)) continue
      for (;;) {
        const r = a.finish(limit, block)
        if (r.done) {
          reports.push(r.report!)
          break
        }
      }
    }
    return reports
  }

  /**
   * `clean_after_auction` on every pair whose auction is closed and still holds deposits.
   * @returns how many sellers' deposits were removed in all.
   */
  cleanAll(): number {
    let n = 0
    for (const a of this.auctions.values()) {
      if (a.info?.status.kind === 'closed' && a.currentDeposits.length > 0) n += a.clean()
    }
    return n
  }

  /** Closed auctions' reports: of `pair`, or of every pair (pair-key order, then oldest first). */
  reports(pair?: Pair): AuctionReport[] {
    if (pair) return [...this.get(pair).reports]
    return this.pairs.flatMap((p) => this.get(p).reports)
  }

  /**
   * Everything `address` sold through the book: per closed auction it took part in, its deposit
   * records, share and payout (pair-key order, then oldest first).
   */
  statement(address: string): SellerStatement[] {
    const out: SellerStatement[] = []
    for (const r of this.reports()) {
      const line = findLine(r.sellers, address)
      if (line) {
        out.push({
          pair: r.pair,
          round: r.round,
          lot: r.lot,
          unsold: r.unsold,
          resolved: r.resolved,
          line,
          closedAt: r.closedAt,
        })
      }
    }
    return out
  }

  /** The deposit records `address` has queued for the pairs' next auctions. */
  queuedDeposits(address: string): DepositRecord[] {
    return this.pairs.flatMap((p) => this.get(p).queuedDeposits(address))
  }

  /** Every pair's {@link PairLedger}, pair-key order. */
  ledger(): PairLedger[] {
    return this.pairs.map((p) => this.get(p).ledger())
  }

  /**
   * Checks every pair's ledger identities: every unit deposited is queued, withdrawn, refunded,
   * sold, paid out or held (as leftovers, carried to the next auction).
   * @throws AuctionError `accounting_mismatch`.
   */
  assertBalanced(): void {
    for (const l of this.ledger()) assertLedgerBalanced(l)
  }

  private defaultConfig(pair: Pair): AuctionConfig {
    if (!this.options.defaults) {
      throw new AuctionError(
        'invalid_config',
        `pair [${pair.join(', ')}] needs a full configuration: the book has no defaults`,
      )
    }
    return { ...this.options.defaults, pair: [pair[0], pair[1]] }
  }

  private minAmountOf(denom: Denom): MinAmount {
    const m = Object.hasOwn(this.options.minAmounts, denom) ? this.options.minAmounts[denom] : undefined
    if (!m) {
      throw new AuctionError(
        'invalid_config',
        `no minimum amounts for denom ${denom}: the book's minAmounts needs {send, startAuction} for every sell denom`,
      )
    }
    return m
  }
}

function findLine(lines: readonly SellerLine[], address: string): SellerLine | undefined {
  let lo = 0
  let hi = lines.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (lines[mid]!.address < address) lo = mid + 1
    else hi = mid
  }
  return lines[lo]?.address === address ? lines[lo] : undefined
}
