/**
 * The fast path for backtests (issue #12, "Fast sweeps"; architecture.md, "Simulator").
 *
 * A localnet run spends most of its time on the chain's plumbing and the JSON wire (transactions,
 * store layers, zod validation, base64 events); the rules themselves are the pure engines'. The
 * fast path runs the same days on those engines directly, with no wire in between:
 *
 * - **Setup** is the localnet's: {@link runFast} takes a freshly prepared {@link Simulation}
 *   (`prepareSimulation`, untouched since) and reads from its deployed contracts once what the
 *   engines need: the pairs in the chain's order and their auction addresses, every auction's
 *   strategy, chain-halt and freshness config, the minimums, the oracle's windows and mode, the
 *   base denoms' minimum balance, the rebalancer's first cycle, and every account's and maker's
 *   balances. So addresses (and with them the sellers' payout order) are the localnet's.
 * - **Each day** mirrors `runCycle` (runner.ts): the clock moves to the day's start; a keeper
 *   tick (as `RebalancerClient.tick`): finish and clean every ended auction (`finish_auction`
 *   with limit 50 until closed), and when a cycle is due (core's `nextCycleStep`) update every
 *   pair's oracle price, run the rebalancer's cycle (the fresh prices by each auction's freshness
 *   limit; per account, in address order, core's `accountCycle` — the very step the rebalancer
 *   contract runs — which reads the inputs, then the account's trigger when it has one (core's
 *   `triggerCycle`, the very step the rebalancer contract runs: its volatility price history kept
 *   here, a cycle it does not fire reported with `triggered: false` and no computation), then
 *   `computeRebalance` of `@rebalancer/core` with the account's config and state, the same
 *   balances, prices, minimums, base minimum and period the rebalancer contract passes; pauses;
 *   then the account's waiting one-time orders (core's `planCycleOrders`, the contract's step;
 *   placed at the day's start before the tick, as orders.ts `placeOrders` does); the trades queued as `auction_funds`, a refused one
 *   skipped as the account's non-atomic `send_funds_by_service` does), then open every closed
 *   auction holding sell funds, all in `AuctionEngine` of `@rebalancer/auction` (the auctions
 *   manager, auctions and oracle in one object, held equal to the localnet by its own
 *   differential test). The makers bid with the same planner (`runBidding` of bidding.ts over
 *   a {@link BiddingChain} backed by the engine); blocks pass to the last auction's end; a
 *   finishing tick; the day is recorded by the same code as the localnet's (recording.ts reads
 *   the same event data, built here from the engine's results instead of decoded from the wire),
 *   and the makers hedge (hedging.ts, on the engine's bank).
 * - **The report** is a full `RunReport` built by the same summaries (metrics.ts); the supply's
 *   `after` is the sum of every balance and auction holding in the engine.
 *
 * Supported: any scenario without the features below (accounts, targets, PID gains or a speed
 * wish, triggers of every kind, one-time orders, makers' margins, capital and hedging, dates,
 * every oracle mode and reference, strategy, window, curve and containment). Refused with
 * `SimulationError` `fast_unsupported` naming the field, rather than diverge: `accounts[i].orders`
 * with more than `MAX_PENDING_ORDERS` orders in all (the contract's `place_order` may then refuse
 * to queue one, which stops a localnet run), `keeper.containment` (the keeper's own pre-open
 * check reads the chain's answers). A simulation that already ran a cycle is refused
 * too (`fast_not_fresh`). `packages/sim/test/fast.test.ts` holds the fills, payouts and every
 * account's balances each day equal to the localnet path's, to the base unit.
 */
import { RebalancerReader } from '@rebalancer/adapters'
import {
  type AuctionConfig,
  AuctionEngine,
  curveFromWire,
  isAuctionError,
  type OracleMode,
  type PairOpenResult,
} from '@rebalancer/auction'
import {
  accountCycle,
  type CycleStatus,
  cycleStatusAfter,
  isPriceFresh,
  nextCycleStep,
  type Trigger,
  type TriggerPriceHistory,
  triggerFromWire,
} from '@rebalancer/core'
import {
  type BlockInfo,
  configToRebalancerData,
  Dec,
  eventsOf,
  MAX_PENDING_ORDERS,
  type MinAmount,
  type OneTimeOrderWire,
  type Pair,
  pairKey,
  pauseReasonToWire,
  type RebalancerConfig,
  type RebalanceState,
  type ReportCycle,
  type RunReport,
  rebalancerDataToConfig,
  type Trade,
  timestampToSeconds,
  VALENCE_ACTIONS,
  type ValenceEvent,
} from '@rebalancer/types'
import {
  type BiddingChain,
  type BidReport,
  type OpenAuction,
  openAuctionFrom,
  runBidding,
} from './bidding.js'
import { SimulationError } from './errors.js'
import { type HedgeBank, hedgeMakers } from './hedging.js'
import { runReport } from './metrics.js'
import { type AccountReads, recordAccounts, recordAuctions, recordContained } from './recording.js'
import type { CarriedCycle, RunSimulationOptions } from './runner.js'
import { DAY, dayOf, type Simulation } from './setup.js'

/** `limit` of the keeper's `system_rebalance` and `finish_auction` calls (the tick's default). */
const LIMIT = 50

/** A finish payout as the chain reports it: a bank transfer from the auction to a seller. */
interface FastTransfer {
  sender: string
  recipient: string
  coins: { denom: string; amount: bigint }[]
}

/** What one fast keeper tick did (the parts of `TickReturnType` the day reads). */
interface FastTick {
  /** The cycle's rebalance, containment and open events (empty when no cycle was due). */
  cycleEvents: ValenceEvent[]
  /** The `auction-close` events of the auctions finished. */
  finishedEvents: ValenceEvent[]
  transfers: FastTransfer[]
}

/** The prices a cycle trades on, by pair (the contract keeps them as text; the same values). */
type Prices = readonly (readonly [Pair, Dec])[]

/** An account in the rebalancer (its contract's entry). */
interface FastAccount {
  address: string
  config: RebalancerConfig
  state: RebalanceState
  /** Set once a computation paused it (`empty_balance` / `below_minimum`). */
  paused: 'empty_balance' | 'below_minimum' | null
  /** Its trigger as registered (correction 13); absent = every cycle. */
  trigger?: Trigger
  /** A volatility trigger's kept price history (core's `triggerCycle`). */
  history?: TriggerPriceHistory
  /** One-time orders placed and waiting for the account's next cycle (correction 13). */
  orders: OneTimeOrderWire[]
}

/**
 * Why `sim` cannot run on the fast path: one line per field (`accounts[i].orders` when more than
 * `MAX_PENDING_ORDERS`, `keeper.containment`); empty when it can.
 */
export function fastPathProblems(sim: Pick<Simulation, 'scenario' | 'settings'>): string[] {
  const out: string[] = []
  sim.scenario.accounts.forEach((a, i) => {
    // with at most MAX_PENDING_ORDERS orders in all, none is ever refused by place_order's limit
    if (a.orders !== undefined && a.orders.length > MAX_PENDING_ORDERS)
      out.push(
        `accounts[${i}].orders: more than ${MAX_PENDING_ORDERS} one-time orders run only on the localnet path (the rebalancer may refuse to queue more)`,
      )
  })
  if (sim.settings.keeperCheck !== null)
    out.push("keeper.containment: the keeper's own pre-open check runs only on the localnet path")
  return out
}

/** The engine's state and the chain's clock, read from a fresh simulation's localnet. */
class FastChain {
  readonly engine: AuctionEngine
  /** Pairs in the chain's `get_pairs` order with their auction addresses. */
  readonly pairs: readonly (readonly [Pair, string])[]
  readonly minAmounts: Readonly<Record<string, MinAmount>>
  /** Freshness limit of each pair's prices, seconds (by pair key). */
  private readonly maxAge = new Map<string, number>()
  /** Minimum balance of each base denom (the rebalancer's whitelist). */
  readonly baseMin: ReadonlyMap<string, bigint>
  /** Every account, ascending by address (the rebalancer's order). */
  readonly accounts: FastAccount[]
  status: CycleStatus<Prices>
  height: number
  time: number
  readonly blockTimeSeconds: number
  private readonly chainId: string

  constructor(
    readonly sim: Simulation,
    pairs: readonly (readonly [Pair, string])[],
  ) {
    const { net, deployment: d, settings } = sim
    this.pairs = pairs
    this.height = net.height
    this.time = net.time
    this.blockTimeSeconds = net.blockTimeSeconds
    this.chainId = net.block.chainId
    const denoms = Object.keys(sim.scenario.denoms)
    const minAmounts: Record<string, MinAmount> = {}
    for (const denom of denoms) {
      const m = net.query<{ send: string; start_auction: string }>(d.auctionsManager, {
        get_min_limit: { denom },
      })
      minAmounts[denom] = { send: BigInt(m.send), startAuction: BigInt(m.start_auction) }
    }
    this.minAmounts = minAmounts
    const oracle = net.query<{
      seconds_allow_manual_change: number
      seconds_auction_prices_fresh: number
      mode?: OracleMode
      anchor_band_bps?: number
    }>(d.oracle, 'get_config')
    const configs: AuctionConfig[] = pairs.map(([pair, address]) => {
      const c = net.query<{
        chain_halt_config: { cap: string; block_avg: string }
        price_freshness_strategy: { limit: string; multipliers: [string, string][] }
      }>(address, 'get_config')
      const s = net.query<{ start_price_perc: number; end_price_perc: number }>(address, 'get_strategy')
      const limitDays = Dec.parse(c.price_freshness_strategy.limit)
      // as the rebalancer: a limit beyond 2^53 s is as good as none
      const limitSeconds = limitDays.mulInt(86_400n).floor()
      this.maxAge.set(
        pairKey(pair),
        limitSeconds > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(limitSeconds),
      )
      return {
        pair,
        strategy: { startPriceBps: s.start_price_perc, endPriceBps: s.end_price_perc },
        chainHalt: {
          capSeconds: Number(c.chain_halt_config.cap),
          blockAvgSeconds: Number(c.chain_halt_config.block_avg),
        },
        freshness: {
          limitDays,
          multipliers: c.price_freshness_strategy.multipliers.map(
            ([a, b]) => [Dec.parse(a), Dec.parse(b)] as const,
          ),
        },
        // not in the deployed get_config answer: what the deployment was given (the settings)
        curve: curveFromWire(settings.curve),
        ...(settings.containment ? { containment: settings.containment } : {}),
      }
    })
    const reference = sim.reference
    this.engine = new AuctionEngine({
      pairs: configs,
      minAmounts,
      server: sim.keeper,
      oracleConfig: {
        manualChangeAllowedSeconds: oracle.seconds_allow_manual_change,
        auctionPricesFreshSeconds: oracle.seconds_auction_prices_fresh,
        mode: oracle.mode,
        anchorBandBps: oracle.anchor_band_bps,
      },
      // the localnet's price source: the live reference
      external: (pair, now) => reference.at(pair, now),
    })
    const lists = net.query<{ base_denom_whitelist: { denom: string; min_balance_limit: string }[] }>(
      d.rebalancer,
      'get_white_lists',
    )
    this.baseMin = new Map(lists.base_denom_whitelist.map((b) => [b.denom, BigInt(b.min_balance_limit)]))
    const status = net.query<{ not_started?: { cycle_start: string } }>(d.rebalancer, 'get_system_status')
    if (status.not_started === undefined)
      throw new SimulationError(
        'fast_not_fresh',
        'the fast path needs a freshly prepared simulation: its rebalancer has already run a cycle',
      )
    this.status = { kind: 'not_started', cycleStart: timestampToSeconds(status.not_started.cycle_start) }
    // balances as the localnet holds them after setup
    for (const address of [...sim.accounts.map((a) => a.address), ...sim.makers.map((m) => m.address)]) {
      for (const denom of denoms) this.engine.mint(address, denom, net.balance(address, denom))
    }
    // the config as the rebalancer registered it: through its wire form
    this.accounts = sim.accounts
      .map(
        (a): FastAccount => ({
          address: a.address,
          config: rebalancerDataToConfig(JSON.parse(JSON.stringify(configToRebalancerData(a.config)))),
          state: { lastRebalance: null, targets: {} },
          paused: null,
          orders: [],
          ...(a.trigger === undefined ? {} : { trigger: triggerFromWire(a.trigger) }),
        }),
      )
      .sort((x, y) => (x.address < y.address ? -1 : x.address > y.address ? 1 : 0))
  }

  get block(): BlockInfo {
    return { height: this.height, time: this.time, chainId: this.chainId }
  }

  /** As the localnet's `advanceTime`: time += seconds; height += ⌊seconds / block time⌋. */
  advanceTime(seconds: number): void {
    this.time += seconds
    this.height += Math.floor(seconds / this.blockTimeSeconds)
  }

  /** As the localnet's `advanceBlocks`: height += n; time += n × block time. */
  advanceBlocks(n: number): void {
    this.height += n
    this.time += n * this.blockTimeSeconds
  }

  /**
   * The day's one-time orders (orders.ts `placeOrders`): every account's orders of `day`, queued
   * as the rebalancer's `place_order` queues them (the scenario checks sell and buy are targets;
   * {@link fastPathProblems} keeps the waiting ones within `MAX_PENDING_ORDERS`).
   */
  placeOrders(day: string): void {
    for (const acc of this.sim.accounts) {
      const orders = acc.orders.get(day)
      if (!orders || orders.length === 0) continue
      this.accounts.find((a) => a.address === acc.address)!.orders.push(...orders)
    }
  }

  /** One keeper tick (`RebalancerClient.tick` without the keeper's own check). */
  tick(durationBlocks: number): FastTick {
    const due =
      this.status.kind === 'processing' ||
      this.time >= (this.status.kind === 'finished' ? this.status.nextCycle : this.status.cycleStart)
    const finished = this.finishAuctions()
    if (!due) return { cycleEvents: [], ...finished }
    for (const [pair] of this.pairs) {
      try {
        this.engine.updatePrice({ pair, now: this.time })
      } catch (e) {
        if (!isAuctionError(e)) throw e // a failing pair keeps its old price
      }
    }
    const cycleEvents = this.systemRebalance()
    cycleEvents.push(...this.openAuctions(durationBlocks))
    return { cycleEvents, ...finished }
  }

  /** Step 5: every ended auction finished in batches of {@link LIMIT} until closed, then cleaned. */
  private finishAuctions(): { finishedEvents: ValenceEvent[]; transfers: FastTransfer[] } {
    const finishedEvents: ValenceEvent[] = []
    const transfers: FastTransfer[] = []
    for (const [pair, address] of this.pairs) {
      const info = this.engine.book.get(pair).info
      if (info === null) continue
      const s = info.status.kind
      if (!(s === 'finished' || s === 'close_auction' || (s === 'started' && this.height >= info.endBlock)))
        continue
      for (;;) {
        const r = this.engine.finishAuction({ pair, limit: LIMIT, block: this.block })
        for (const p of r.payouts) {
          const coins = [
            { denom: pair[0], amount: p.sell },
            { denom: pair[1], amount: p.buy },
          ].filter((c) => c.amount > 0n)
          if (coins.length > 0) transfers.push({ sender: address, recipient: p.address, coins })
        }
        if (!r.done) continue
        const closed = this.engine.book.get(pair).info!
        finishedEvents.push({
          contract: address,
          action: VALENCE_ACTIONS.auctionClose,
          data: {
            pair: [pair[0], pair[1]],
            total_amount: info.totalAmount.toString(),
            sold: (info.totalAmount - info.availableAmount).toString(),
            resolved: info.resolvedAmount.toString(),
            average_price: r.averagePrice?.toString() ?? null,
            leftovers: [closed.leftovers[0].toString(), closed.leftovers[1].toString()],
          },
        })
        break
      }
      this.engine.cleanAfterAuction({ pair })
    }
    return { finishedEvents, transfers }
  }

  /** The oracle prices the rebalancer trades on now: fresh by each pair auction's limit. */
  private freshPrices(now: number): Prices {
    const out: [Pair, Dec][] = []
    for (const [pair] of this.pairs) {
      const p = this.engine.book.oracle.peek(pair)
      if (p === null) continue
      if (isPriceFresh(Math.min(p.time, now), now, this.maxAge.get(pairKey(pair))!)) out.push([pair, p.price])
    }
    return out
  }

  /** Step 2: `system_rebalance` until the status is finished; the accounts' rebalance events. */
  private systemRebalance(): ValenceEvent[] {
    const events: ValenceEvent[] = []
    const now = this.time
    for (;;) {
      const step = nextCycleStep(this.status, now, DAY)
      if (!step.ok) throw new SimulationError('fast_cycle_refused', step.error)
      const prices = step.refreshPrices ? this.freshPrices(now) : step.prices
      const priceMap = new Map(prices.map(([pair, p]) => [pairKey(pair), p]))
      const active = this.accounts.filter((a) => a.paused === null)
      const from = step.startFrom === null ? 0 : active.findIndex((a) => a.address > step.startFrom!)
      const batch = from < 0 ? [] : active.slice(from, from + LIMIT)
      const sends: { account: string; pair: Pair; amount: bigint }[] = []
      for (const account of batch) this.rebalanceAccount(account, priceMap, now, events, sends)
      // the accounts' send_funds_by_service, after the call, each auction_funds on its own
      for (const s of sends) {
        try {
          this.engine.auctionFunds({ sender: s.account, pair: s.pair, amount: s.amount })
        } catch (e) {
          if (!isAuctionError(e)) throw e
        }
      }
      const last = batch[batch.length - 1]
      const more = last !== undefined && active.some((a) => a.address > last.address && a.paused === null)
      this.status = cycleStatusAfter(step.cycleStart, last?.address ?? null, more, prices, DAY)
      if (this.status.kind === 'finished') return events
    }
  }

  /** The rebalancer's step for one account (its contract's `rebalanceAccount`: trigger, computation, orders). */
  private rebalanceAccount(
    account: FastAccount,
    prices: Map<string, Dec>,
    now: number,
    events: ValenceEvent[],
    sends: { account: string; pair: Pair; amount: bigint }[],
  ): void {
    const { config } = account
    const base = config.baseDenom
    // core's accountCycle, the step the rebalancer contract runs (trigger, computation, orders)
    const orders = account.orders
    const step = accountCycle({
      config,
      state: account.state,
      trigger: account.trigger,
      history: account.history,
      orders,
      balanceOf: (denom) => this.engine.balance(account.address, denom),
      priceOf: (pair) => prices.get(pairKey(pair)),
      minSend: (denom) => this.minAmounts[denom]?.send ?? 0n,
      baseMinValue: this.baseMin.get(base) ?? 0n,
      periodSeconds: DAY,
      now,
    })
    if (step.kind === 'stale_price') return // a stale price skips the account
    if (step.history !== undefined) account.history = step.history
    if (step.kind === 'paused') {
      account.paused = step.reason
      return
    }
    if (step.kind === 'skipped') return
    account.state = step.state
    account.orders = []
    const { sent, decision } = step
    for (const t of sent) sends.push({ account: account.address, pair: t.pair, amount: t.amount })
    const wire = (ts: readonly Trade[]) =>
      ts.map((t) => ({ pair: [t.pair[0], t.pair[1]] as [string, string], amount: t.amount.toString() }))
    events.push({
      contract: this.sim.deployment.rebalancer,
      action: VALENCE_ACTIONS.rebalancerAccountRebalance,
      data: {
        account: account.address,
        total_value: step.totalValue.toString(),
        trades: wire(sent),
        ...(decision === null ? {} : { triggered: decision.run, trigger_reason: decision.reason }),
        ...(orders.length === 0 ? {} : { orders: wire(step.orderTrades), orders_refused: step.refused }),
      },
    })
  }

  /** Step 3: `open_auction` for every closed auction holding sell funds; the open and containment events. */
  private openAuctions(durationBlocks: number): ValenceEvent[] {
    const events: ValenceEvent[] = []
    const block = this.block
    for (const [pair, address] of this.pairs) {
      const info = this.engine.book.get(pair).info
      if ((info !== null && info.status.kind !== 'closed') || this.engine.holdings(pair)[0] <= 0n) continue
      let r: PairOpenResult
      try {
        r = this.engine.openAuction({
          sender: this.sim.keeper,
          pair,
          endBlock: block.height + durationBlocks,
          block,
        })
      } catch (e) {
        if (!isAuctionError(e)) throw e
        continue
      }
      const wirePair: [string, string] = [pair[0], pair[1]]
      if (r.kind === 'refund') continue
      if (r.kind === 'contained') {
        events.push({
          contract: address,
          action: VALENCE_ACTIONS.auctionContainment,
          data: {
            pair: wirePair,
            verdict: r.reason === 'no_reference' ? 'no_reference' : 'refused',
            breach: r.reason === 'no_reference' ? null : r.reason,
            oracle_start_price: r.original.startPrice.toString(),
            start_price: null,
            reference: r.reference?.toString() ?? null,
            floor: r.floor?.toString() ?? null,
          },
        })
        continue
      }
      const verdict = r.containment?.verdict
      if (r.containment && verdict?.kind === 're_anchored') {
        events.push({
          contract: address,
          action: VALENCE_ACTIONS.auctionContainment,
          data: {
            pair: wirePair,
            verdict: 're_anchored',
            breach: verdict.breach,
            oracle_start_price: verdict.original.startPrice.toString(),
            start_price: r.info.startPrice.toString(),
            reference: r.containment.reference.toString(),
            floor: verdict.floor.toString(),
          },
        })
      }
      events.push({
        contract: address,
        action: VALENCE_ACTIONS.auctionOpen,
        data: {
          pair: wirePair,
          start_block: r.info.startBlock,
          end_block: r.info.endBlock,
          start_price: r.info.startPrice.toString(),
          end_price: r.info.endPrice.toString(),
          total_amount: r.info.totalAmount.toString(),
        },
      })
    }
    return events
  }

  /** The oracle's stored prices by pair key, in the chain's pair order (`get_all_prices`). */
  oraclePrices(): Record<string, string> {
    const out: Record<string, string> = {}
    for (const [pair] of this.pairs) {
      const p = this.engine.book.oracle.peek(pair)
      if (p !== null) out[pairKey(pair)] = p.price.toString()
    }
    return out
  }

  /** The makers' view of the engine ({@link BiddingChain}). */
  bidding(): BiddingChain {
    return {
      block: () => ({ height: this.height, time: this.time }),
      blockTimeSeconds: this.blockTimeSeconds,
      balance: (address, denom) => this.engine.balance(address, denom),
      advanceBlocks: (n) => this.advanceBlocks(n),
      bid: (maker, auction, funds): BidReport => {
        const r = this.engine.bid({ bidder: maker, pair: auction.pair, sent: funds, block: this.block })
        return {
          bidder: maker,
          height: this.height,
          price: r.price.toString(),
          sent: funds.toString(),
          bought: r.bought.toString(),
          refunded: r.refund.toString(),
          halted: r.halted,
        }
      },
    }
  }

  /** What the day's record reads of each account ({@link AccountReads}). */
  accountReads(): AccountReads {
    return {
      balance: (address, denom) => this.engine.balance(address, denom),
      pausedReason: (address) => {
        const a = this.accounts.find((x) => x.address === address)
        if (!a || a.paused === null) return null
        const wire = pauseReasonToWire({ kind: a.paused })
        return typeof wire === 'string' ? wire : JSON.stringify(wire)
      },
    }
  }

  /** The hedges' bank: the engine's. */
  bank(): HedgeBank {
    return {
      burn: (address, coins) => {
        for (const c of coins) this.engine.burn(address, c.denom, c.amount)
      },
      mint: (address, coins) => {
        for (const c of coins) this.engine.mint(address, c.denom, c.amount)
      },
    }
  }

  /** Every unit of `denom` in the engine: balances and what the auctions hold. */
  supply(denom: string): bigint {
    let total = 0n
    for (const [, d, amount] of this.engine.balances()) if (d === denom) total += amount
    for (const [pair] of this.pairs) {
      const [sell, buy] = this.engine.holdings(pair)
      if (pair[0] === denom) total += sell
      if (pair[1] === denom) total += buy
    }
    return total
  }
}

/**
 * Runs a freshly prepared simulation on the pure engines (the design note at the top of this
 * file): the same days, fills, payouts and balances as `runSimulation` on its localnet, much
 * faster. The localnet is read at the start and never changed.
 * @returns the full report (schema `RunReport` in `@rebalancer/types`).
 * @throws SimulationError `fast_unsupported` naming every field the fast path does not run
 *   ({@link fastPathProblems}); `fast_not_fresh` when the simulation already ran a cycle.
 */
export async function runFast(sim: Simulation, options: RunSimulationOptions = {}): Promise<RunReport> {
  const problems = fastPathProblems(sim)
  if (problems.length > 0)
    throw new SimulationError(
      'fast_unsupported',
      `the fast path cannot run this scenario:\n  ${problems.join('\n  ')}`,
    )
  const { scenario } = sim
  const denoms = Object.keys(scenario.denoms)
  const supplyBefore = Object.fromEntries(denoms.map((d) => [d, sim.net.minted(d)]))
  const d = sim.deployment
  const pairs = await new RebalancerReader(
    sim.reader,
    { rebalancer: d.rebalancer, auctionsManager: d.auctionsManager, oracle: d.oracle },
    sim.keeper,
  ).pairs()
  const chain = new FastChain(sim, pairs)
  const bidding = chain.bidding()
  const reads = chain.accountReads()
  const bank = chain.bank()
  const shape = curveFromWire(sim.settings.curve)
  const opening = (events: readonly ValenceEvent[], at: number): OpenAuction[] =>
    eventsOf(events, VALENCE_ACTIONS.auctionOpen).map((e) =>
      openAuctionFrom(
        e,
        { time: at, market: sim.feed.pairPrice([e.data.pair[0], e.data.pair[1]], at) },
        shape,
        // the running auction's curve, already built by the engine (the same window and shape)
        chain.engine.book.get([e.data.pair[0], e.data.pair[1]]).curve,
      ),
    )
  const history: ReportCycle[] = []
  const market = new Map<string, bigint>(denoms.map((x) => [x, 0n]))
  let carry: CarriedCycle = { events: [] }
  for (let i = 0; i < sim.days; i++) {
    const time = sim.start + i * DAY
    if (chain.time < time) chain.advanceTime(time - chain.time)
    chain.placeOrders(dayOf(time)) // the day's one-time orders, before its cycle (correction 13)
    const first = chain.tick(sim.durationBlocks)
    const openedAt = chain.time
    const events = [...carry.events, ...first.cycleEvents]
    const open = [...opening(carry.events, carry.time ?? openedAt), ...opening(first.cycleEvents, openedAt)]
    const prices = chain.oraclePrices()
    await runBidding(sim, open, bidding)
    chain.advanceBlocks(Math.max(chain.height, ...open.map((a) => a.endBlock)) - chain.height)
    // what each account has in each auction about to finish (cleaning forgets it)
    const deposits = new Map<string, Map<string, bigint>>()
    for (const a of open) {
      const current = new Map(chain.engine.book.get(a.pair).currentDeposits)
      deposits.set(
        a.address,
        new Map(sim.accounts.map((acc) => [acc.address, current.get(acc.address) ?? 0n])),
      )
    }
    const last = chain.tick(sim.durationBlocks)
    const now = chain.time
    const day = {
      open,
      events: [...events, ...last.finishedEvents],
      transfers: last.transfers,
    }
    const dayMarket = new Map<string, bigint>()
    const cycle: ReportCycle = {
      day: dayOf(time),
      time,
      valued_at: now,
      oracle_prices: prices,
      accounts: await recordAccounts(sim, day, deposits, now, reads),
      auctions: recordAuctions(sim, day),
      contained: recordContained(events),
      hedges: hedgeMakers(sim, open, now, dayMarket, bank),
    }
    for (const [denom, amount] of dayMarket) market.set(denom, (market.get(denom) ?? 0n) + amount)
    carry = { events: last.cycleEvents, time: now }
    history.push(cycle)
    options.onCycle?.({ index: i, total: sim.days, day: cycle.day, cycle })
  }
  return runReport(sim, history, { before: supplyBefore, after: (d) => chain.supply(d), market })
}
