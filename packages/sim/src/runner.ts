/**
 * The simulator's day loop (architecture.md, "Simulator"): every day runs the adapters'
 * `RebalancerClient.tick` over the chain port, the same code the keeper runs on a real chain,
 * with the market makers bidding between ticks: a due tick (prices, rebalance, open auctions),
 * the bids, blocks until the last auction ends, a finishing tick; then the day is recorded.
 */
import { RebalancerClient, type TickReturnType } from '@rebalancer/adapters'
import { curveFromWire } from '@rebalancer/auction'
import {
  eventsOf,
  type ReportCycle,
  type RunReport,
  VALENCE_ACTIONS,
  type ValenceEvent,
} from '@rebalancer/types'
import { blockTime, localnetBidding, type OpenAuction, openAuctionFrom, runBidding } from './bidding.js'
import { hedgeMakers } from './hedging.js'
import { runReport } from './metrics.js'
import { placeOrders } from './orders.js'
import {
  depositsBefore,
  localnetAccountReads,
  oraclePrices,
  recordAccounts,
  recordAuctions,
  recordContained,
  recordSkipped,
} from './recording.js'
import { DAY, dayOf, type PrepareOptions, prepareSimulation, type Simulation } from './setup.js'

export { DAY, dayOf, type PrepareOptions, prepareSimulation, type Simulation } from './setup.js'

/** What {@link runScenario} reports after each cycle. */
export interface CycleProgress {
  index: number
  total: number
  day: string
  cycle: ReportCycle
}

/** Options of {@link runSimulation}. */
export interface RunSimulationOptions {
  /** Called after every cycle (progress display). */
  onCycle?: (p: CycleProgress) => void
}

/** Options of {@link runScenario}. */
export interface RunOptions extends PrepareOptions, RunSimulationOptions {}

/**
 * What a day carries into the next: the events of a tick that ran the next cycle early (when
 * the day's auctions end at or after the next cycle's start, the finishing tick is due and runs
 * it). Empty on the first day.
 */
export interface CarriedCycle {
  /** Rebalance and open events already sent for the day. */
  events: ValenceEvent[]
  /** Unix seconds of the tick that sent them (when the carried auctions opened). */
  time?: number
}

/** The keeper's client over the chain port, signing as the simulation's keeper. */
function keeperClient(sim: Simulation): RebalancerClient {
  const d = sim.deployment
  return new RebalancerClient(
    sim.clientFor(sim.keeper),
    { rebalancer: d.rebalancer, auctionsManager: d.auctionsManager, oracle: d.oracle },
    sim.keeper,
  )
}

/** The events of a due tick that belong to its cycle (not the finishing of the previous auctions). */
function cycleEvents(result: TickReturnType): ValenceEvent[] {
  return result.due ? [...(result.report.rebalance?.events ?? []), ...result.report.openEvents] : []
}

/**
 * Runs one day: the clock moves to the day's start; the keeper ticks (finish what ended,
 * prices, rebalance, open auctions); the market makers bid; blocks pass until the last auction
 * ends; the keeper ticks again (finish and clean); the day is recorded. Returns the record and
 * what carries into the next day.
 */
export async function runCycle(
  sim: Simulation,
  index: number,
  carried: CarriedCycle = { events: [] },
): Promise<{ cycle: ReportCycle; carry: CarriedCycle; market: Map<string, bigint> }> {
  const { net } = sim
  const time = sim.start + index * DAY
  // the clock is the simulator's to move; everything else goes through the port
  if (net.time < time) net.advanceTime(time - net.time)
  const rc = keeperClient(sim)
  const check = sim.settings.keeperCheck
  const tick = () =>
    rc.tick({
      durationBlocks: sim.durationBlocks,
      // the keeper's own check, as on the deployed contracts, against the same live reference
      ...(check ? { containment: { reference: sim.reference, minPremiumBps: check.minPremiumBps } } : {}),
      // the day's model (and the fast path's) opens auctions in due ticks only
      openBetweenCycles: false,
    })

  await placeOrders(sim, dayOf(time)) // the day's one-time orders, before its cycle (correction 13)
  const first = await tick()
  const openedAt = await blockTime(sim)
  const shape = curveFromWire(sim.settings.curve)
  const opening = (events: readonly ValenceEvent[], at: number): OpenAuction[] =>
    eventsOf(events, VALENCE_ACTIONS.auctionOpen).map((e) =>
      openAuctionFrom(
        e,
        { time: at, market: sim.feed.pairPrice([e.data.pair[0], e.data.pair[1]], at) },
        shape,
      ),
    )
  const events = [...carried.events, ...cycleEvents(first)]
  const open = [
    ...opening(carried.events, carried.time ?? openedAt),
    ...opening(cycleEvents(first), openedAt),
  ]
  const prices = await oraclePrices(sim)
  await runBidding(sim, open, localnetBidding(sim))

  const height = await sim.reader.getHeight()
  const lastEnd = Math.max(height, ...open.map((a) => a.endBlock))
  net.advanceBlocks(lastEnd - height)
  const deposits = await depositsBefore(sim, open)
  const last = await tick()
  const now = await blockTime(sim)
  const day = {
    open,
    events: [...events, ...last.report.finished.events],
    transfers: last.report.finished.transfers,
  }
  const market = new Map<string, bigint>()
  const cycle: ReportCycle = {
    day: dayOf(time),
    time,
    valued_at: now,
    oracle_prices: prices,
    accounts: await recordAccounts(sim, day, deposits, now, localnetAccountReads(sim)),
    auctions: recordAuctions(sim, day),
    contained: [
      ...recordContained(events),
      ...recordSkipped([...first.report.skipped, ...last.report.skipped]),
    ],
    hedges: hedgeMakers(sim, open, now, market, sim.net),
  }
  return { cycle, carry: { events: cycleEvents(last), time: now }, market }
}

/**
 * Runs a whole scenario on the embedded localnet: {@link prepareSimulation} (which checks the
 * scenario and its prices first), then {@link runSimulation}. Returns the full report (schema
 * `RunReport` in `@rebalancer/types`).
 * @throws ScenarioError naming every field that breaks a rule, before any cycle runs.
 */
export async function runScenario(input: unknown, options: RunOptions = {}): Promise<RunReport> {
  return runSimulation(prepareSimulation(input, options), options)
}

/**
 * Runs a prepared simulation: every day {@link runCycle} (the keeper's tick through the chain
 * port, the market makers' bids, the finishing tick, the record of every account and auction).
 */
export async function runSimulation(sim: Simulation, options: RunSimulationOptions = {}): Promise<RunReport> {
  const { scenario } = sim
  const denoms = Object.keys(scenario.denoms)
  const supplyBefore = Object.fromEntries(denoms.map((d) => [d, sim.net.minted(d)]))
  const history: ReportCycle[] = []
  const market = new Map<string, bigint>(denoms.map((d) => [d, 0n]))
  let carry: CarriedCycle = { events: [] }
  for (let i = 0; i < sim.days; i++) {
    const day = await runCycle(sim, i, carry)
    const cycle = day.cycle
    carry = day.carry
    for (const [denom, amount] of day.market) market.set(denom, (market.get(denom) ?? 0n) + amount)
    history.push(cycle)
    options.onCycle?.({ index: i, total: sim.days, day: cycle.day, cycle })
  }
  return runReport(sim, history, { before: supplyBefore, after: (d) => sim.net.supply(d), market })
}
