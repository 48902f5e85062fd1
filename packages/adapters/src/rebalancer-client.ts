/**
 * The keeper's cycle over the chain port (issue #6, item 6; architecture.md, "One cycle"), for
 * the localnet and real chains alike, plus the decoding of the events the steps emit.
 */
import {
  type AuctionStrategy,
  auctionPrices,
  type ContainmentBreach,
  containOpening,
  type PriceFreshnessStrategy,
} from '@rebalancer/auction'
import {
  type ActiveAuctionResponse,
  activeAuctionStatusName,
  type ChainClient,
  type ChainReader,
  Dec,
  decodeValenceEvents,
  type Event,
  type ExecuteResult,
  type JsonValue,
  type Pair,
  type PairsResponse,
  type PriceReference,
  RebalancerError,
  type StdFee,
  type SystemRebalanceStatus,
  timestampToSeconds,
  VALENCE_ACTIONS,
  type ValenceEvent,
} from '@rebalancer/types'
import { auctionMsgs } from './builders/auction.js'
import { auctionsManagerMsgs } from './builders/auctions-manager.js'
import { oracleMsgs } from './builders/oracle.js'
import { rebalancerMsgs } from './builders/rebalancer.js'
import {
  hasSignedSend,
  hasTxLookup,
  type JournalEntry,
  type JournalStep,
  lostTxHash,
  type TxJournal,
  type TxLookup,
} from './journal.js'
import type { ContractExecute } from './msg.js'
import { auctionQueries, auctionsManagerQueries, rebalancerQueries, runQuery } from './queries.js'

/** The contracts a keeper drives. */
export interface RebalancerAddresses {
  rebalancer: string
  auctionsManager: string
  oracle: string
}

/** The status of an auction (`get_auction`), with `close_auction`'s data dropped. */
export type AuctionStatusName = 'started' | 'finished' | 'close_auction' | 'auction_closed'

/** An auction's state as the keeper needs it (from `get_auction`). */
export interface AuctionSummary {
  pair: Pair
  address: string
  status: AuctionStatusName
  /** Block heights. */
  startBlock: number
  endBlock: number
  /** Sell-denom balance the auction contract holds (queued deposits plus leftovers), base units. */
  sellBalance: bigint
  /**
   * The deposits queued for the next auction: {@link sellBalance} less the previous auction's
   * leftover sell (`get_auction`'s `leftovers[0]`, which the contract keeps and adds to the
   * next lot), never below 0. What the chain compares to the denom's `start_auction` minimum.
   */
  queued: bigint
}

/** One step's outcome per pair. */
export interface PairStep {
  pair: Pair
  ok: boolean
  /** The chain's error message when not ok. */
  error?: string
}

export { decodeValenceEvents, type ValenceEvent } from '@rebalancer/types'

/** A planned message of a cycle step (what a dry run prints). */
export interface PlannedStep {
  step: 'finish_auction' | 'update_price' | 'system_rebalance' | 'open_auction'
  /** The pair, for per-pair steps. */
  pair?: Pair
  /** The message the keeper signs (as `sender`). */
  execute: ContractExecute
}

/** Whether a new cycle may start now (from `get_system_status` and the latest block's time). */
export interface CycleTiming {
  status: SystemRebalanceStatus
  /** Latest block time, unix seconds. */
  now: number
  /** True when `system_rebalance` would be accepted: a cycle is processing, or its start time has come. */
  due: boolean
  /** Unix seconds at which the next cycle starts (when not processing). */
  nextCycle?: number
}

/** What {@link RebalancerClient.cycle} did. */
export interface CycleReport {
  finished: { steps: PairStep[]; events: ValenceEvent[]; transfers: Transfer[] }
  prices: PairStep[]
  /** The valence events of the `update_price` calls (`oracle-update-price`). */
  priceEvents: ValenceEvent[]
  /** `null` when the cycle was not due. */
  rebalance: { calls: number; events: ValenceEvent[] } | null
  opened: PairStep[]
  /** The valence events of the `open_auction` calls (`auction-open`, `auction-refund`). */
  openEvents: ValenceEvent[]
  /** The openings the containment check refused (empty without {@link OpeningContainment}). */
  skipped: OpeningSkipped[]
}

/**
 * The keeper's pre-open containment check on the deployed contracts (issue #11, "Containment";
 * auction.md "Containment (ours)"): no auction is opened whose start price would be below
 * `reference × (1 + minPremiumBps / 10 000)`. The contracts cannot be changed, so the keeper
 * computes the start price the chain would open with and does not send `open_auction` when it
 * is too low.
 */
export interface OpeningContainment {
  /** The live market price source (e.g. Connect's `x/oracle`, an Astroport pool). */
  reference: PriceReference
  /** Minimum premium of the start price over the reference, bps: an integer ≥ 0. */
  minPremiumBps: number
}

/**
 * Why an opening was not sent: the containment rule it breaks (`start_below_floor`: the chain's
 * start price is below the floor; `end_above_reference`: its end price is above the reference, so
 * its range does not contain the market), `no_reference` (the reference has no price for the pair, or failed: never open blind) or
 * `no_start_price` (the start price cannot be computed from the chain's state, e.g. a stale
 * oracle price, which the chain would refuse too).
 */
export type OpeningSkipReason = ContainmentBreach | 'no_reference' | 'no_start_price'

/** An opening the containment check refused (see {@link OpeningContainment}). */
export interface OpeningSkipped {
  pair: Pair
  reason: OpeningSkipReason
  /** The start price the chain would open with (buy per sell unit), when it could be computed. */
  startPrice?: Dec
  /** `reference × (1 + minPremiumBps / 10 000)`, when the reference answered. */
  floor?: Dec
  /** The reference's price (buy per sell unit), when it answered. */
  reference?: Dec
  /** The reference's name ({@link PriceReference.name}). */
  referenceName: string
  /** The error text, for `no_reference` after a failure and `no_start_price`. */
  error?: string
}

/**
 * The outcome of {@link RebalancerReader.checkOpening}: the opening may be sent (with the prices
 * the check saw), or it is skipped.
 */
export type OpeningCheck =
  | { ok: true; pair: Pair; startPrice: Dec; floor: Dec; reference: Dec }
  | { ok: false; skipped: OpeningSkipped }

/** What {@link RebalancerReader.planTick} returns: the messages, and the openings refused. */
export interface TickPlan {
  steps: PlannedStep[]
  skipped: OpeningSkipped[]
}

/**
 * Checks a containment's premium once per tick.
 * @throws RebalancerError `invalid_containment` for a premium that is not an integer ≥ 0.
 */
function assertContainment(c: OpeningContainment | undefined): void {
  if (c === undefined) return
  if (!Number.isSafeInteger(c.minPremiumBps) || c.minPremiumBps < 0)
    throw new RebalancerError(
      'invalid_containment',
      `containment minPremiumBps ${c.minPremiumBps} is invalid: it must be a whole number of bps ≥ 0`,
      { path: ['containment', 'minPremiumBps'] },
    )
}

/**
 * The read-only half of the keeper's cycle over a {@link ChainReader} (a cosmjs
 * `CosmWasmClient`, or `connectReader`'s): the chain's state as the keeper needs it, and the
 * messages a cycle would send now (`plan()`, for `--dry-run`), without sending anything.
 * @example
 * const reader = new RebalancerReader(await connectReader(rpc), addresses, keeperAddress)
 * const steps = await reader.plan(28_800)
 */
export class RebalancerReader<C extends ChainReader = ChainReader> {
  private pairCache: [Pair, string][] | undefined

  constructor(
    readonly chain: C,
    readonly addresses: RebalancerAddresses,
    /** The keeper's address: the planned messages' sender; must be the auctions manager's server address to open. */
    readonly sender: string,
  ) {}

  /** Every pair with its auction address (`get_pairs`, paged by 50), cached for this client. */
  async pairs(): Promise<[Pair, string][]> {
    if (this.pairCache) return this.pairCache
    const out: [Pair, string][] = []
    let startAfter: Pair | null = null
    for (;;) {
      const page: PairsResponse = await runQuery(
        this.chain,
        auctionsManagerQueries.getPairs(this.addresses.auctionsManager, { startAfter, limit: 50 }),
      )
      for (const [pair, address] of page) out.push([[pair[0], pair[1]], address])
      if (page.length < 50) break
      startAfter = page[page.length - 1]![0]
    }
    this.pairCache = out
    return out
  }

  /** Forgets the cached pairs (after the admin added an auction). */
  refreshPairs(): void {
    this.pairCache = undefined
  }

  /** The rebalancer's status (`get_system_status`), validated. */
  systemStatus(): Promise<SystemRebalanceStatus> {
    return runQuery(this.chain, rebalancerQueries.getSystemStatus(this.addresses.rebalancer))
  }

  /**
   * Whether a cycle is due: the status is `processing`, or `not_started` / `finished` and the
   * latest block's time has reached `cycle_start` / `next_cycle`.
   */
  async cycleTiming(): Promise<CycleTiming> {
    const status = await this.systemStatus()
    const block = await this.chain.getBlock()
    const now = Math.floor(Date.parse(block.header.time) / 1000)
    if ('processing' in status) return { status, now, due: true }
    const next = timestampToSeconds(
      'finished' in status ? status.finished.next_cycle : status.not_started.cycle_start,
    )
    return { status, now, due: now >= next, nextCycle: next }
  }

  /** Step 1 plan: `update_price {pair}` on the oracle for every pair. */
  async planUpdatePrices(): Promise<PlannedStep[]> {
    return (await this.pairs()).map(([pair]) => ({
      step: 'update_price' as const,
      pair,
      execute: oracleMsgs.updatePrice(this.addresses.oracle, pair),
    }))
  }

  /**
   * Every auction's status and the sell-denom balance it holds (`get_auction`, validated).
   * @throws the chain's error or WireError of the first auction whose answer fails.
   */
  async auctions(): Promise<AuctionSummary[]> {
    const out: AuctionSummary[] = []
    for (const [pair, address] of await this.pairs()) out.push(await this.auction(pair, address))
    return out
  }

  /** One auction's summary (`get_auction`, validated, and its sell-denom balance). */
  private async auction(pair: Pair, address: string): Promise<AuctionSummary> {
    const a = await runQuery(this.chain, auctionQueries.getAuction(address))
    const bal = await this.chain.getBalance(address, pair[0])
    const sellBalance = BigInt(bal.amount)
    const queued = sellBalance - BigInt(a.leftovers[0])
    return {
      pair,
      address,
      status: activeAuctionStatusName(a),
      startBlock: a.start_block,
      endBlock: a.end_block,
      sellBalance,
      queued: queued > 0n ? queued : 0n,
    }
  }

  /**
   * {@link auctions} where one pair's failure (an RPC error, an answer that fails the schema)
   * does not hide the others: the auctions read, and each failed pair with its error.
   */
  async auctionsChecked(): Promise<{ auctions: AuctionSummary[]; failed: PairStep[] }> {
    const auctions: AuctionSummary[] = []
    const failed: PairStep[] = []
    for (const [pair, address] of await this.pairs()) {
      try {
        auctions.push(await this.auction(pair, address))
      } catch (e) {
        failed.push({ pair, ok: false, error: (e as Error).message })
      }
    }
    return { auctions, failed }
  }

  /**
   * Step 3 plan: `open_auction` for every closed auction holding sell funds, ending
   * `durationBlocks` after the current height. With a `containment`, every opening is first
   * checked ({@link checkOpening}) and the refused ones are left out.
   */
  async planOpenAuctions(durationBlocks: number, containment?: OpeningContainment): Promise<PlannedStep[]> {
    return (await this.planOpenings(durationBlocks, containment)).steps
  }

  /**
   * {@link planOpenAuctions} with the openings the containment check refused, in pair order.
   * With `aboveMinimum` (a tick when no cycle is due), only the closed auctions whose
   * {@link AuctionSummary.queued} funds reach the sell denom's `start_auction` minimum
   * (`get_min_limit`) are opened: a smaller queue waits for the next cycle instead of being
   * refunded. Pairs in `except` (`sell|buy`) are left out. `failed` collects the pairs whose
   * auction could not be read (the others proceed).
   * @throws RebalancerError `invalid_containment` for a bad premium; the chain's error when the
   *   height or the pair list cannot be read.
   */
  async planOpenings(
    durationBlocks: number,
    containment?: OpeningContainment,
    options: { aboveMinimum?: boolean; except?: ReadonlySet<string>; failed?: PairStep[] } = {},
  ): Promise<TickPlan> {
    assertContainment(containment)
    const height = await this.chain.getHeight()
    const steps: PlannedStep[] = []
    const skipped: OpeningSkipped[] = []
    const now = containment ? await this.blockTime() : 0
    const read = await this.auctionsChecked()
    options.failed?.push(...read.failed)
    for (const a of read.auctions) {
      if (a.status !== 'auction_closed' || a.sellBalance <= 0n) continue
      if (options.except?.has(`${a.pair[0]}|${a.pair[1]}`)) continue
      if (options.aboveMinimum) {
        if (a.queued <= 0n) continue
        try {
          const min = await runQuery(
            this.chain,
            auctionsManagerQueries.getMinLimit(this.addresses.auctionsManager, a.pair[0]),
          )
          if (a.queued < BigInt(min.start_auction)) continue
        } catch (e) {
          options.failed?.push({ pair: a.pair, ok: false, error: (e as Error).message })
          continue
        }
      }
      if (containment) {
        const check = await this.checkOpening(a.pair, containment, now)
        if (!check.ok) {
          skipped.push(check.skipped)
          continue
        }
      }
      steps.push({
        step: 'open_auction',
        pair: a.pair,
        execute: auctionsManagerMsgs.openAuction(this.addresses.auctionsManager, a.pair, {
          endBlock: height + durationBlocks,
        }),
      })
    }
    return { steps, skipped }
  }

  /** The latest block's time, unix seconds. */
  async blockTime(): Promise<number> {
    const block = await this.chain.getBlock()
    return Math.floor(Date.parse(block.header.time) / 1000)
  }

  /**
   * The start and end prices the deployed auction of `pair` would open with at unix second
   * `now` (auction.md "Opening"): the oracle price through the auctions manager's `get_price`
   * (what the auction queries at `open_auction`), the auction's `get_strategy` and the price
   * freshness strategy of its `get_config`, through `auctionPrices` of `@rebalancer/auction`.
   * @throws the chain's error; WireError for a malformed answer; AuctionError `stale_price` /
   *   `invalid_price` when the chain would refuse to open.
   */
  async openingPrices(
    pair: Pair,
    now: number,
  ): Promise<{ startPrice: Dec; endPrice: Dec; strategy: AuctionStrategy }> {
    const address = (await this.pairs()).find(([p]) => p[0] === pair[0] && p[1] === pair[1])?.[1]
    if (address === undefined)
      throw new RebalancerError('unknown_pair', `no auction for the pair [${pair.join(', ')}] (get_pairs)`, {
        path: ['pair'],
      })
    const oracle = await runQuery(
      this.chain,
      auctionsManagerQueries.getPrice(this.addresses.auctionsManager, pair),
    )
    const s = await runQuery(this.chain, auctionQueries.getStrategy(address))
    const config = await runQuery(this.chain, auctionQueries.getConfig(address))
    const strategy: AuctionStrategy = { startPriceBps: s.start_price_perc, endPriceBps: s.end_price_perc }
    const f = config.price_freshness_strategy
    const freshness: PriceFreshnessStrategy = {
      limitDays: Dec.parse(f.limit),
      multipliers: f.multipliers.map(([d, m]) => [Dec.parse(d), Dec.parse(m)] as const),
    }
    const prices = auctionPrices(
      { price: Dec.parse(oracle.price), time: timestampToSeconds(oracle.time) },
      now,
      strategy,
      freshness,
    )
    return { ...prices, strategy }
  }

  /**
   * The containment check of one opening (issue #11, "Containment"): the start price the chain
   * would open with at unix second `now` ({@link openingPrices}) against the reference's price,
   * decided by `containOpening(…, action: 'refuse')` of `@rebalancer/auction`. Never opens
   * blind: a reference without a price or that throws, and a start price that cannot be
   * computed, are skips too.
   * @throws RebalancerError `invalid_containment` for a bad premium.
   */
  async checkOpening(pair: Pair, containment: OpeningContainment, now: number): Promise<OpeningCheck> {
    assertContainment(containment)
    const referenceName = containment.reference.name
    const skip = (s: Omit<OpeningSkipped, 'pair' | 'referenceName'>): OpeningCheck => ({
      ok: false,
      skipped: { pair, referenceName, ...s },
    })
    let opening: { startPrice: Dec; endPrice: Dec; strategy: AuctionStrategy }
    try {
      opening = await this.openingPrices(pair, now)
    } catch (e) {
      return skip({ reason: 'no_start_price', error: (e as Error).message })
    }
    const { startPrice } = opening
    let reference: Dec | undefined
    try {
      reference = await containment.reference.price(pair, now)
    } catch (e) {
      return skip({ reason: 'no_reference', startPrice, error: (e as Error).message })
    }
    if (reference === undefined)
      return skip({
        reason: 'no_reference',
        startPrice,
        error: `${referenceName} has no price for [${pair.join(', ')}]`,
      })
    if (!reference.isPositive())
      return skip({
        reason: 'no_reference',
        startPrice,
        reference,
        error: `${referenceName} answered ${reference} for [${pair.join(', ')}]: a price must be above 0`,
      })
    const verdict = containOpening(opening, opening.strategy, {
      reference,
      minPremiumBps: containment.minPremiumBps,
      action: 'refuse',
    })
    if (verdict.kind === 'refused')
      return skip({ reason: verdict.breach, startPrice, floor: verdict.floor, reference })
    return { ok: true, pair, startPrice, floor: verdict.floor, reference }
  }

  /**
   * The auctions that have ended: finished, closing, or started and past their end block. The
   * pairs whose auction could not be read are appended to `failed` when given, else the first
   * failure is thrown.
   */
  protected async endedAuctions(failed?: PairStep[]): Promise<AuctionSummary[]> {
    const height = await this.chain.getHeight()
    let auctions: AuctionSummary[]
    if (failed) {
      const read = await this.auctionsChecked()
      failed.push(...read.failed)
      auctions = read.auctions
    } else auctions = await this.auctions()
    return auctions.filter(
      (a) =>
        a.status === 'finished' ||
        a.status === 'close_auction' ||
        (a.status === 'started' && height >= a.endBlock),
    )
  }

  /** Step 5 plan: the first `finish_auction {pair, limit}` of every ended auction. */
  async planFinishAuctions(limit = 50): Promise<PlannedStep[]> {
    return (await this.endedAuctions()).map((a) => ({
      step: 'finish_auction' as const,
      pair: a.pair,
      execute: auctionsManagerMsgs.finishAuction(this.addresses.auctionsManager, a.pair, limit),
    }))
  }

  /**
   * What one keeper tick would send now, in order, without sending anything: the first
   * `finish_auction` of every ended auction, `update_price` for every pair, `system_rebalance`
   * when a cycle is due, and `open_auction` for every closed auction already holding funds
   * (funds that the rebalance adds are not known before it runs) that passes the `containment`
   * check when one is given.
   */
  async plan(durationBlocks: number, limit = 50, containment?: OpeningContainment): Promise<PlannedStep[]> {
    return (await this.planTick(durationBlocks, { limit, ...(containment ? { containment } : {}) })).steps
  }

  /**
   * {@link plan} with the openings the containment check refused (for `--dry-run`). The check
   * runs against the chain's state now: the prices `update_price` would set are not known yet.
   */
  async planTick(
    durationBlocks: number,
    options: { limit?: number; containment?: OpeningContainment } = {},
  ): Promise<TickPlan> {
    const limit = options.limit ?? 50
    assertContainment(options.containment)
    const out = [...(await this.planFinishAuctions(limit)), ...(await this.planUpdatePrices())]
    if ((await this.cycleTiming()).due)
      out.push({
        step: 'system_rebalance',
        execute: rebalancerMsgs.systemRebalance(this.addresses.rebalancer, limit),
      })
    const openings = await this.planOpenings(durationBlocks, options.containment)
    out.push(...openings.steps)
    return { steps: out, skipped: openings.skipped }
  }
}

/** One thing a {@link RebalancerClient.tick} reports as it goes (the event sink's input). */
export type TickEvent =
  | {
      type: 'step_failed'
      step: PlannedStep['step']
      pair: Pair
      /** The chain's error message. */
      error: string
    }
  | { type: 'valence_event'; step: PlannedStep['step']; event: ValenceEvent }
  | { type: 'transfer'; step: 'finish_auction'; transfer: Transfer }
  | ({ type: 'opening_skipped'; step: 'open_auction' } & OpeningSkipped)

/** Parameters of {@link RebalancerClient.tick}. */
export interface TickParameters {
  /** Length of the auctions a due tick opens, in blocks (e.g. 28 800 ≈ 1 day at 3 s blocks). */
  durationBlocks: number
  /** `limit` of `system_rebalance` and `finish_auction` (accounts / sellers per call); default 50. */
  limit?: number
  /**
   * The event sink: every failed step, valence event, payout and skipped opening, in the order
   * they happen.
   */
  onEvent?: (event: TickEvent) => void
  /**
   * The pre-open containment check (issue #11): each `open_auction` is sent only when the start
   * price the chain would open with is at least the reference × (1 + premium); otherwise it is
   * reported as an `opening_skipped` event and counted in `skipped`. Absent: no check.
   */
  containment?: OpeningContainment
  /**
   * When no cycle is due, also open the closed auctions whose queued funds reach the sell denom's
   * `start_auction` minimum (issue #14, "Liveness": after a crash right after the last
   * `system_rebalance`, queued funds do not wait a whole cycle). Each pair is tried at most once
   * between two due ticks of this client (a refused or skipped opening is not retried every
   * poll). Default true; the simulator turns it off (its fast model opens only in due ticks).
   */
  openBetweenCycles?: boolean
}

/** Options of {@link RebalancerClient} (issue #14, "Liveness"). */
export interface RebalancerClientOptions {
  /**
   * The transaction journal: every step's transaction is recorded, and a step whose earlier
   * transaction is pending (its answer was lost) is looked up on chain before it is sent again
   * (needs a chain port with {@link TxLookup}, e.g. cosmjs's client). Absent: no journal.
   */
  journal?: TxJournal
  /**
   * Blocks after which a pending transaction the chain does not know is taken as dropped (and
   * the step sent again); until then the step is not sent (a `tx_pending` failure). Also the
   * window in which a pending transaction found on chain stands for the step's next send (older
   * ones are settled in the journal and the step is sent). A whole number ≥ 1; default 100.
   */
  pendingBlocks?: number
}

/** What one keeper tick did (for logs and tests): counts of each step's outcomes. */
export interface TickSummary {
  /** Whether a cycle was due (prices and rebalance ran; openings run on every tick). */
  due: boolean
  /** Auctions finished and cleaned (and auctions cleaned again after an earlier failed clean). */
  finished: number
  prices: { ok: number; failed: number }
  /** `system_rebalance` calls. */
  rebalanceCalls: number
  /** Accounts rebalanced (`rebalancer-account-rebalance` events). */
  accounts: number
  /** Auctions opened (`open_auction` accepted; a refunded queue counts too). */
  opened: number
  /** Openings the containment check refused (0 without {@link TickParameters.containment}). */
  skipped: number
}

/** What {@link RebalancerClient.tick} returns: the summary, and the step results it counts. */
export type TickReturnType = TickSummary & {
  /** The steps' results and decoded events; a tick that was not due only finished auctions. */
  report: CycleReport
}

/**
 * The keeper's cycle (architecture.md, "One cycle") as methods over the chain port, so the same
 * code drives the localnet, the simulator and a real chain (a cosmjs `SigningCosmWasmClient` is
 * a `ChainClient`). Every message comes from the builders; every answer is validated with the
 * wire schemas. Every step is safe to repeat after a crash: each is guarded by the chain's own
 * state (the rebalancer's status machine, the auctions' status).
 * @example
 * const rc = new RebalancerClient(client, addresses, keeperAddress)
 * const summary = await rc.tick({ durationBlocks: 28_800, onEvent: (e) => console.log(e) })
 */
export class RebalancerClient extends RebalancerReader<ChainClient> {
  /** Auctions closed whose `clean_after_auction` failed: retried by the next ticks while closed. */
  private readonly uncleaned = new Map<string, Pair>()
  /** Whether the journal was read for auctions left to clean by an earlier process. */
  private journalSeeded = false
  /** Pairs (`sell|buy`) whose opening was tried since this client's last due tick. */
  private readonly openingTried = new Set<string>()

  constructor(
    chain: ChainClient,
    addresses: RebalancerAddresses,
    /** The keeper's address: signs every message; must be the auctions manager's server address to open. */
    sender: string,
    readonly fee: StdFee | 'auto' | number = 'auto',
    /** The transaction journal and its settings (see {@link RebalancerClientOptions}). */
    readonly options: RebalancerClientOptions = {},
  ) {
    super(chain, addresses, sender)
    const pb = options.pendingBlocks
    if (pb !== undefined && (!Number.isSafeInteger(pb) || pb < 1))
      throw new RebalancerError(
        'invalid_pending_blocks',
        `pendingBlocks ${pb} is invalid: it must be a whole number of blocks ≥ 1`,
        { path: ['pendingBlocks'] },
      )
  }

  /**
   * Sends one step's message through the journal when there is one ({@link RebalancerClientOptions.journal}):
   * first every pending transaction of the same step and pair is looked up on chain
   * ({@link TxLookup}); one that landed less than `pendingBlocks` ago is taken as this send's
   * result and nothing is sent.
   * Over a port that signs first (`SignedSend`), the hash is recorded `pending` at the current
   * height before the broadcast, so that a crash or a lost answer leaves it in the journal; over
   * another port, a send whose answer was lost with its hash (cosmjs's `TimeoutError`) is
   * recorded `pending` then. Every accepted send is recorded `committed`; a refused signed send
   * is settled `failed` (in a block) or `dropped` (not on chain).
   * @throws the chain's error; RebalancerError `tx_pending` when a pending transaction of this
   *   step is not on chain yet and fewer than `pendingBlocks` blocks have passed.
   */
  private async sendStep(
    step: JournalStep,
    pair: Pair | null,
    message: ContractExecute,
  ): Promise<ExecuteResult> {
    const journal = this.options.journal
    if (!journal) return this.send(message)
    if (hasTxLookup(this.chain))
      for (const entry of await journal.pending(step, pair)) {
        const landed = await this.resolvePending(journal, entry)
        if (landed) return landed
      }
    const height = await this.chain.getHeight()
    let res: ExecuteResult
    // the hash journaled `pending` before the broadcast (a port that signs first)
    let signed: string | undefined
    try {
      res = await this.send(message, async (hash) => {
        signed = hash
        await journal.record({ step, pair, hash, height, status: 'pending' })
      })
    } catch (e) {
      const hash = lostTxHash(e)
      if (hash !== undefined) {
        if (hash !== signed) await journal.record({ step, pair, hash, height, status: 'pending' })
      } else if (signed !== undefined) await this.settleRefused(journal, { step, pair, hash: signed, height })
      throw e
    }
    await journal.record({ step, pair, hash: res.transactionHash, height: res.height, status: 'committed' })
    return res
  }

  /**
   * A signed send that was refused (at CheckTx, or failed in its block): its journal entry
   * becomes `failed` (found with an error code) or `dropped` (not on chain), so that it does not
   * hold the step back. When the lookup itself fails the entry stays `pending` for the next send.
   */
  private async settleRefused(
    journal: TxJournal,
    entry: Pick<JournalEntry, 'step' | 'pair' | 'hash' | 'height'>,
  ): Promise<void> {
    if (!hasTxLookup(this.chain)) return
    try {
      const tx = await this.chain.getTx(entry.hash)
      if (tx && tx.code === 0) return // landed after all: the next send's lookup takes it
      await journal.record(
        tx ? { ...entry, height: tx.height, status: 'failed' } : { ...entry, status: 'dropped' },
      )
    } catch {
      // the entry stays pending; the step's next send looks it up again
    }
  }

  /**
   * Looks a pending entry up and settles it in the journal. Its result when it landed less than
   * `pendingBlocks` ago (the same attempt of the step: it is not sent again); `undefined` when
   * the step may be sent (it failed, was dropped, or landed long ago, e.g. in an earlier cycle,
   * which the chain's state that planned this send already reflects).
   */
  private async resolvePending(journal: TxJournal, entry: JournalEntry): Promise<ExecuteResult | undefined> {
    const chain = this.chain as ChainClient & TxLookup
    const tx = await chain.getTx(entry.hash)
    const pendingBlocks = this.options.pendingBlocks ?? 100
    const height = await this.chain.getHeight()
    if (tx && tx.code === 0) {
      await journal.record({ ...entry, height: tx.height, status: 'committed' })
      if (height - tx.height >= pendingBlocks) return undefined
      return { height: tx.height, transactionHash: tx.hash, events: tx.events, gasWanted: 0n, gasUsed: 0n }
    }
    if (tx) {
      await journal.record({ ...entry, height: tx.height, status: 'failed' })
      return undefined
    }
    if (height - entry.height >= pendingBlocks) {
      await journal.record({ ...entry, status: 'dropped' })
      return undefined
    }
    const where = entry.pair ? ` of [${entry.pair.join(', ')}]` : ''
    throw new RebalancerError(
      'tx_pending',
      `${entry.step}${where}: transaction ${entry.hash} sent at height ${entry.height} is not on chain yet (height ${height}); not sent again until it is found or ${pendingBlocks} blocks have passed`,
      { path: ['journal', entry.hash] },
    )
  }

  /**
   * Sends one built message as {@link sender}: signed first and settled over a lost answer when
   * the port can (`SignedSend`; `onSigned` gets the hash before the broadcast), else the port's
   * `execute` (`onSigned` is not called).
   * @throws the chain's error; `UnconfirmedTxError` when the outcome stays unknown.
   */
  send(message: ContractExecute, onSigned?: (hash: string) => void | Promise<void>): Promise<ExecuteResult> {
    const args = [
      this.sender,
      message.contractAddress,
      message.msg as JsonValue,
      this.fee,
      '',
      message.funds,
    ] as const
    return hasSignedSend(this.chain)
      ? this.chain.executeSigned(...args, onSigned ?? (() => {}))
      : this.chain.execute(...args)
  }

  /**
   * Step 1: `update_price {pair}` for every pair (permissionless). A failing pair does not stop
   * the rest. The calls' decoded `oracle-update-price` events are appended to `events`.
   */
  async updatePrices(events: ValenceEvent[] = []): Promise<PairStep[]> {
    return this.sendEach(await this.planUpdatePrices(), events)
  }

  /**
   * Step 2: `system_rebalance {limit}` until the status is `finished`. Returns the decoded
   * valence events of every call whose answer arrived (account rebalances, pauses, stale
   * prices). A failed call is checked against the chain's status machine: when the status is
   * `processing`, the call is sent again (up to 3 failures in a row); when the cycle is finished
   * and the next one not due, the call landed with its answer lost (a retry is refused), and the
   * step is done.
   * @throws the chain's error when the cycle has not started yet (see {@link cycleTiming}), or a
   *   call fails and the chain's state is unchanged.
   */
  async systemRebalance(limit = 50): Promise<{ calls: number; events: ValenceEvent[] }> {
    const events: ValenceEvent[] = []
    let calls = 0
    let failures = 0
    const msg = rebalancerMsgs.systemRebalance(this.addresses.rebalancer, limit)
    const dueAtStart = (await this.cycleTiming()).due
    for (;;) {
      let res: ExecuteResult
      try {
        res = await this.sendStep('system_rebalance', null, msg)
      } catch (e) {
        // The call may have landed with its answer lost (and a retry been refused): the
        // status machine says. Processing: calling again is safe (it goes on where it was);
        // finished and not due any more: the cycle is done.
        const timing = await this.cycleTiming()
        if ('processing' in timing.status && ++failures <= 3) continue
        if (dueAtStart && !timing.due) break
        throw e
      }
      failures = 0
      calls += 1
      events.push(...decodeValenceEvents(res.events))
      const status = await this.systemStatus()
      if ('finished' in status) break
      if (calls > 1_000_000)
        throw new RebalancerError(
          'rebalance_not_finished',
          'system_rebalance did not finish in 1 000 000 calls',
        )
    }
    return { calls, events }
  }

  /**
   * Step 3: `open_auction` for every closed auction holding sell funds, ending `durationBlocks`
   * after the height read just before it is sent. An auction whose queued funds are below the denom's
   * `start_auction` minimum refunds its sellers and stays closed (still `ok`). The calls' decoded
   * events (`auction-open`, `auction-refund`) are appended to `events`. With a `containment`,
   * the openings it refuses are not sent and are appended to `skipped`. With `aboveMinimum` (a
   * tick when no cycle is due), only auctions whose queued funds reach the minimum are opened.
   * A pair whose auction cannot be read is a failed step; the others proceed.
   */
  async openAuctions(
    durationBlocks: number,
    events: ValenceEvent[] = [],
    options: {
      containment?: OpeningContainment
      skipped?: OpeningSkipped[]
      aboveMinimum?: boolean
      /** Pairs (`sell|buy`) not to open. */
      except?: ReadonlySet<string>
    } = {},
  ): Promise<PairStep[]> {
    const failed: PairStep[] = []
    const plan = await this.planOpenings(durationBlocks, options.containment, {
      ...(options.aboveMinimum ? { aboveMinimum: true } : {}),
      ...(options.except ? { except: options.except } : {}),
      failed,
    })
    options.skipped?.push(...plan.skipped)
    // the end block is set when each opening is sent, not when the openings were planned: a
    // slow RPC (retries, several pairs) must not send an auction that ends too soon or already
    const results: PairStep[] = [...failed]
    for (const p of plan.steps) {
      let height: number
      try {
        height = await this.chain.getHeight()
      } catch (e) {
        results.push({ pair: p.pair!, ok: false, error: (e as Error).message })
        continue
      }
      const execute = auctionsManagerMsgs.openAuction(this.addresses.auctionsManager, p.pair!, {
        endBlock: height + durationBlocks,
      })
      results.push(...(await this.sendEach([{ ...p, execute }], events)))
    }
    return results
  }

  /**
   * Sends each planned per-pair step; a failing pair is recorded with the chain's error and does
   * not stop the rest. The decoded valence events of the accepted calls are appended to `events`.
   */
  private async sendEach(steps: readonly PlannedStep[], events: ValenceEvent[] = []): Promise<PairStep[]> {
    const out: PairStep[] = []
    for (const p of steps) {
      try {
        const res = await this.sendStep(p.step, p.pair ?? null, p.execute)
        events.push(...decodeValenceEvents(res.events))
        out.push({ pair: p.pair!, ok: true })
      } catch (e) {
        out.push({ pair: p.pair!, ok: false, error: (e as Error).message })
      }
    }
    return out
  }

  /**
   * Step 5: for every auction that has ended (finished, or past its end block),
   * `finish_auction {limit}` until it is closed, then `clean_after_auction`. Returns the decoded
   * close events (average price, sold, resolved, leftovers) and the payouts.
   */
  async finishAuctions(
    limit = 50,
  ): Promise<{ steps: PairStep[]; events: ValenceEvent[]; transfers: Transfer[] }> {
    const steps: PairStep[] = []
    const events: ValenceEvent[] = []
    const transfers: Transfer[] = []
    if (!this.journalSeeded) await this.seedUncleaned()
    await this.retryCleans(steps)
    for (const a of await this.endedAuctions(steps)) {
      try {
        let status = a.status
        const finish = auctionsManagerMsgs.finishAuction(this.addresses.auctionsManager, a.pair, limit)
        while (status !== 'auction_closed') {
          const res = await this.sendStep('finish_auction', a.pair, finish)
          events.push(...decodeValenceEvents(res.events))
          transfers.push(...decodeTransfers(res.events))
          status = activeAuctionStatusName(await runQuery(this.chain, auctionQueries.getAuction(a.address)))
        }
      } catch (e) {
        // a finish whose answer was lost may have closed the auction (its retry is then refused
        // as already closed): clean it if the chain says closed
        let closed = false
        try {
          closed =
            activeAuctionStatusName(await runQuery(this.chain, auctionQueries.getAuction(a.address))) ===
            'auction_closed'
        } catch {
          closed = false
        }
        if (!closed) {
          steps.push({ pair: a.pair, ok: false, error: (e as Error).message })
          continue
        }
      }
      steps.push(await this.clean(a.pair, a.address))
    }
    return { steps, events, transfers }
  }

  /**
   * `clean_after_auction` of a closed auction, sent up to 3 times; when every attempt fails the
   * auction is remembered and cleaned by the next ticks while it stays closed
   * ({@link retryCleans}).
   */
  private async clean(pair: Pair, address: string): Promise<PairStep> {
    let error = ''
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await this.sendStep('clean_after_auction', pair, auctionMsgs.cleanAfterAuction(address))
        this.uncleaned.delete(address)
        return { pair, ok: true }
      } catch (e) {
        error = (e as Error).message
      }
    }
    this.uncleaned.set(address, pair)
    return { pair, ok: false, error: `clean_after_auction: ${error}` }
  }

  /**
   * After a restart: the closed auctions the journal shows finished after their last clean
   * (`finish_auction` pending or committed at a greater height than the last committed
   * `clean_after_auction`) are left to clean, as if their clean had failed. Done once per client,
   * when the journal can tell ({@link TxJournal.latest}); a read that fails leaves it to the
   * next tick.
   */
  private async seedUncleaned(): Promise<void> {
    const journal = this.options.journal
    if (!journal?.latest) {
      this.journalSeeded = true
      return
    }
    try {
      for (const a of (await this.auctionsChecked()).auctions) {
        if (a.status !== 'auction_closed') continue
        const finished = await journal.latest('finish_auction', a.pair, ['pending', 'committed'])
        if (!finished) continue
        if (!(await this.cleanedSince(journal, a.pair, finished.height)))
          this.uncleaned.set(a.address, a.pair)
      }
      this.journalSeeded = true
    } catch {
      // the auctions could not be read: the next tick tries again
    }
  }

  /**
   * Whether the journal shows a `clean_after_auction` of `pair` that landed at `height` or later:
   * a committed one, or a pending one (a crash mid-clean) that the chain has with code 0 (then
   * settled `committed`; a clean that landed long ago would otherwise be sent again).
   */
  private async cleanedSince(journal: TxJournal, pair: Pair, height: number): Promise<boolean> {
    const last = await journal.latest!('clean_after_auction', pair, ['pending', 'committed'])
    if (!last || last.height < height) {
      const committed = await journal.latest!('clean_after_auction', pair, ['committed'])
      return committed !== undefined && committed.height >= height
    }
    if (last.status === 'committed') return true
    const tx = hasTxLookup(this.chain) ? await this.chain.getTx(last.hash) : null
    if (tx && tx.code === 0) {
      await journal.record({ ...last, height: tx.height, status: 'committed' })
      return true
    }
    const committed = await journal.latest!('clean_after_auction', pair, ['committed'])
    return committed !== undefined && committed.height >= height
  }

  /**
   * Cleans again the auctions whose `clean_after_auction` failed in an earlier tick, while they
   * are still closed (once the next auction opened, its funds are no longer the ones to clean).
   */
  private async retryCleans(steps: PairStep[]): Promise<void> {
    for (const [address, pair] of [...this.uncleaned]) {
      let status: AuctionStatusName
      try {
        status = activeAuctionStatusName(await runQuery(this.chain, auctionQueries.getAuction(address)))
      } catch (e) {
        steps.push({ pair, ok: false, error: (e as Error).message })
        continue
      }
      if (status !== 'auction_closed') this.uncleaned.delete(address)
      else steps.push(await this.clean(pair, address))
    }
  }

  /**
   * One keeper tick on a live chain: finish and clean ended auctions (step 5 of the previous
   * cycle), update prices (1), run `system_rebalance` until finished when a cycle is due (2),
   * and open every auction holding funds (3), each checked first against `containment` when
   * given. Bidding (4) is the market's. Safe to call at any time and to repeat: every step is
   * guarded by the chain's state.
   * @throws RebalancerError `invalid_containment` for a bad premium, before anything is sent.
   */
  async cycle(durationBlocks: number, limit = 50, containment?: OpeningContainment): Promise<CycleReport> {
    assertContainment(containment)
    const finished = await this.finishAuctions(limit)
    const priceEvents: ValenceEvent[] = []
    const prices = await this.updatePrices(priceEvents)
    const rebalance = (await this.cycleTiming()).due ? await this.systemRebalance(limit) : null
    const openEvents: ValenceEvent[] = []
    const skipped: OpeningSkipped[] = []
    const opened = await this.openAuctions(durationBlocks, openEvents, {
      ...(containment ? { containment } : {}),
      skipped,
    })
    return { finished, prices, priceEvents, rebalance, opened, openEvents, skipped }
  }

  /**
   * One keeper tick, the same on a real chain and in the simulator. The pair list is read again
   * (pairs added since the last tick are seen). When no cycle is due: finish and clean the
   * auctions that have ended, and open every closed auction whose queued funds reach the sell
   * denom's `start_auction` minimum (after a crash right after the last `system_rebalance`,
   * queued funds do not wait a whole cycle). When one is due, {@link cycle} (finish, update
   * prices, `system_rebalance` until finished, open auctions holding funds). Bidding is the
   * market's, between ticks. Every failed step, valence event, payout and skipped opening goes to
   * `onEvent` as it happens (after the step); a failing pair (a refused message, an auction whose
   * answer fails the schema, a `clean_after_auction` that failed 3 times and is retried next
   * tick) never stops the others. Safe to repeat after a crash; with a journal
   * ({@link RebalancerClientOptions.journal}), a step whose earlier transaction is pending is
   * looked up on chain before it is sent again. With `containment`, an opening whose start price
   * is below the reference × (1 + premium), or that cannot be checked, is not sent
   * (`opening_skipped`).
   * @throws the chain's error when reading the status or the pairs fails, or `system_rebalance`
   *   is refused while the chain's status is unchanged; RebalancerError `invalid_containment`
   *   for a bad premium, before anything is sent.
   * @example
   * const { due, opened } = await rc.tick({ durationBlocks: 7200, onEvent: (e) => log(e) })
   */
  async tick(parameters: TickParameters): Promise<TickReturnType> {
    const { durationBlocks, limit = 50, onEvent, containment } = parameters
    assertContainment(containment)
    // pairs the admin added since the last tick are seen
    this.refreshPairs()
    const due = (await this.cycleTiming()).due
    let report: CycleReport
    const key = (pair: Pair) => `${pair[0]}|${pair[1]}`
    if (due) {
      report = await this.cycle(durationBlocks, limit, containment)
      this.openingTried.clear()
      for (const s of [...report.opened.filter((o) => o.ok), ...report.skipped])
        this.openingTried.add(key(s.pair))
    } else {
      const finished = await this.finishAuctions(limit)
      const openEvents: ValenceEvent[] = []
      const skipped: OpeningSkipped[] = []
      const opened =
        parameters.openBetweenCycles === false
          ? []
          : await this.openAuctions(durationBlocks, openEvents, {
              ...(containment ? { containment } : {}),
              skipped,
              aboveMinimum: true,
              except: this.openingTried,
            })
      // sent and accepted (opened, refunded or contained by the chain) or skipped by the check
      for (const s of [...opened.filter((o) => o.ok), ...skipped]) this.openingTried.add(key(s.pair))
      report = { finished, prices: [], priceEvents: [], rebalance: null, opened, openEvents, skipped }
    }
    if (onEvent) {
      const failed = (step: PlannedStep['step'], steps: readonly PairStep[]) => {
        for (const s of steps)
          if (!s.ok) onEvent({ type: 'step_failed', step, pair: s.pair, error: s.error ?? '' })
      }
      failed('finish_auction', report.finished.steps)
      for (const event of report.finished.events)
        onEvent({ type: 'valence_event', step: 'finish_auction', event })
      for (const transfer of report.finished.transfers)
        onEvent({ type: 'transfer', step: 'finish_auction', transfer })
      failed('update_price', report.prices)
      for (const event of report.priceEvents) onEvent({ type: 'valence_event', step: 'update_price', event })
      for (const event of report.rebalance?.events ?? [])
        onEvent({ type: 'valence_event', step: 'system_rebalance', event })
      failed('open_auction', report.opened)
      for (const event of report.openEvents) onEvent({ type: 'valence_event', step: 'open_auction', event })
      for (const skipped of report.skipped)
        onEvent({ type: 'opening_skipped', step: 'open_auction', ...skipped })
    }
    return {
      due,
      finished: report.finished.steps.filter((s) => s.ok).length,
      prices: {
        ok: report.prices.filter((s) => s.ok).length,
        failed: report.prices.filter((s) => !s.ok).length,
      },
      rebalanceCalls: report.rebalance?.calls ?? 0,
      accounts:
        report.rebalance?.events.filter((e) => e.action === VALENCE_ACTIONS.rebalancerAccountRebalance)
          .length ?? 0,
      opened: report.opened.filter((s) => s.ok).length,
      skipped: report.skipped.length,
      report,
    }
  }
}

/** A bank transfer reported by a transaction (`transfer` event). */
export interface Transfer {
  sender: string
  recipient: string
  coins: { denom: string; amount: bigint }[]
}

/**
 * Decodes the `transfer` events (`sender`, `recipient`, `amount` as `"100uatom,5untrn"`).
 * @throws RebalancerError `malformed_transfer` when a coin is not `<digits><denom>`.
 */
export function decodeTransfers(events: readonly Event[]): Transfer[] {
  const out: Transfer[] = []
  for (const e of events) {
    if (e.type !== 'transfer') continue
    const attr = (k: string) => e.attributes.find((a) => a.key === k)?.value ?? ''
    const coins = attr('amount')
      .split(',')
      .filter((c) => c.length > 0)
      .map((c) => {
        const m = /^(\d+)(.+)$/.exec(c)
        if (!m)
          throw new RebalancerError('malformed_transfer', `malformed coin "${c}" in a transfer event`, {
            path: ['attributes', 'amount'],
          })
        return { denom: m[2]!, amount: BigInt(m[1]!) }
      })
    out.push({ sender: attr('sender'), recipient: attr('recipient'), coins })
  }
  return out
}
