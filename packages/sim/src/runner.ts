import { RebalancerClient } from '@rebalancer/adapters'
import { type AuctionCurve, curveOf } from '@rebalancer/auction'
import { createAccount, type Deployment, deployRebalancer, Localnet } from '@rebalancer/localnet'
import {
  Dec,
  type MinAmount,
  type Pair,
  pairKey,
  type RebalancerConfig,
  type ReportAccountCycle,
  type ReportAccountFill,
  type ReportAuction,
  type ReportCycle,
  type ReportFill,
  type RunReport,
  type Scenario,
} from '@rebalancer/types'
import { MarketFeed } from './market.js'
import { type MakerBudget, type MarketMaker, type PlannedBid, planRound } from './market-maker.js'
import { summarise } from './metrics.js'
import type { PriceHistory } from './prices.js'
import {
  accountConfig,
  DEFAULT_MAKER_INVENTORY_USD,
  dayStart,
  loadScenarioPrices,
  type ParseScenarioOptions,
  parseScenario,
  ScenarioError,
  scenarioPriceProblems,
  tokensToUnits,
  unitsWorth,
} from './scenario.js'

const DAY = 86_400

/** What {@link runScenario} reports after each cycle. */
export interface CycleProgress {
  index: number
  total: number
  day: string
  cycle: ReportCycle
}

/** Options of {@link prepareSimulation}: where the scenario came from, and its prices. */
export interface PrepareOptions extends ParseScenarioOptions {
  /** Use this history instead of reading `scenario.prices` / the shipped file. */
  history?: PriceHistory
}

/** Options of {@link runSimulation}. */
export interface RunSimulationOptions {
  /** Called after every cycle (progress display). */
  onCycle?: (p: CycleProgress) => void
}

/** Options of {@link runScenario}. */
export interface RunOptions extends PrepareOptions, RunSimulationOptions {}

/** A scenario prepared on a fresh localnet, before any cycle ran. */
export interface Simulation {
  /** The scenario as {@link parseScenario} read it. */
  scenario: Scenario
  net: Localnet
  deployment: Deployment
  feed: MarketFeed
  keeper: string
  accounts: { name: string; address: string; config: RebalancerConfig; startUsd: Dec }[]
  makers: (MarketMaker & { name: string })[]
  /** Unix seconds of the first cycle. */
  start: number
  /** Number of cycles (days). */
  days: number
  durationBlocks: number
}

/** `YYYY-MM-DD` of a unix time. */
export function dayOf(time: number): string {
  return new Date(time * 1000).toISOString().slice(0, 10)
}

/** Base units of `denom` worth `usd` at `time` (floored, exact). */
function usdToUnits(feed: MarketFeed, denom: string, usd: Dec, time: number): bigint {
  return unitsWorth(usd, feed.priceUsd(denom, time), feed.info(denom).decimals)
}

/**
 * Sets a scenario up on a fresh localnet: reads it with {@link parseScenario}, loads its price
 * history and checks the scenario against it ({@link scenarioPriceProblems}), then deploys the
 * contracts, creates and registers every account with its initial holdings, and funds the
 * market makers. Supply is minted only here. Nothing is printed; a caller may report the run's
 * start once this returns.
 * @throws ScenarioError naming every field that breaks a rule (shape, cross-field rules, the
 *   price file, dates and symbols against the price history) before anything is set up.
 */
export function prepareSimulation(input: unknown, options: PrepareOptions = {}): Simulation {
  const scenario = parseScenario(input, options)
  const hist = options.history ?? loadScenarioPrices(scenario, options.file)
  const problems = scenarioPriceProblems(scenario, hist)
  if (problems.length > 0) throw new ScenarioError(problems, options.file)
  const feed = new MarketFeed(hist, scenario.denoms)
  const start = dayStart(scenario.start)
  const end = dayStart(scenario.end)
  const denoms = Object.keys(scenario.denoms)
  const decimalsOf = (d: string) => {
    const info = Object.hasOwn(scenario.denoms, d) ? scenario.denoms[d] : undefined
    if (!info) throw new RangeError(`denom ${d} is not in the scenario's denoms (${denoms.join(', ')})`)
    return info.decimals
  }
  const net = new Localnet({
    startTime: start - 3600,
    priceSource: (pair, time) => {
      try {
        return feed.pairPrice(pair, time).toString()
      } catch {
        return undefined
      }
    },
  })
  const admin = net.makeAddress('admin')
  const keeper = net.makeAddress('keeper')
  // Minimums worth $1 (deposit) and $10 (opening lot) at the start.
  const minAmounts: Record<string, MinAmount> = {}
  for (const d of denoms) {
    minAmounts[d] = {
      send: usdToUnits(feed, d, Dec.ONE, start) + 1n,
      startAuction: usdToUnits(feed, d, Dec.fromInt(10), start) + 1n,
    }
  }
  const baseDenoms = [...new Set(scenario.accounts.map((a) => a.base_denom))].map((denom) => ({
    denom,
    minBalanceLimit: 10n * 10n ** BigInt(decimalsOf(denom)),
  }))
  const deployment = deployRebalancer(net, {
    admin,
    server: keeper,
    denoms,
    baseDenoms,
    minAmounts,
    cycleStart: start,
    auctionStrategy: {
      startPriceBps: scenario.auction?.start_price_bps ?? 2000,
      endPriceBps: scenario.auction?.end_price_bps ?? 2000,
    },
  })
  const accounts = scenario.accounts.map((a, i) => {
    const config = accountConfig(a, decimalsOf)
    const owner = net.makeAddress(`owner:${i}:${a.name}`)
    const funds = a.initial.map((h) => ({
      denom: h.denom,
      amount:
        'amount' in h
          ? tokensToUnits(h.amount, decimalsOf(h.denom))
          : usdToUnits(feed, h.denom, Dec.parse(h.usd), start),
    }))
    net.mint(owner, funds)
    const address = createAccount(net, deployment, owner, config, { label: `${i}:${a.name}`, funds })
    const startUsd = Dec.sum(funds.map((f) => feed.valueUsd(f.denom, f.amount, start)))
    return { name: a.name, address, config, startUsd }
  })
  const makers = scenario.market_makers.map((m) => {
    const address = net.makeAddress(`maker:${m.name}`)
    const usd = Dec.parse(m.inventory_usd ?? DEFAULT_MAKER_INVENTORY_USD)
    net.mint(
      address,
      denoms.map((d) => ({ denom: d, amount: usdToUnits(feed, d, usd, start) })),
    )
    return { name: m.name, address, marginBps: m.margin_bps }
  })
  return {
    scenario,
    net,
    deployment,
    feed,
    keeper,
    accounts,
    makers,
    start,
    days: (end - start) / DAY + 1,
    durationBlocks: scenario.auction?.duration_blocks ?? 7200,
  }
}

interface OpenAuction {
  pair: Pair
  address: string
  startBlock: number
  endBlock: number
  startPrice: Dec
  endPrice: Dec
  available: bigint
  lot: bigint
  fills: ReportFill[]
  /** The running auction's price curve, built once (the bid planner asks it many times). */
  curve: AuctionCurve
}

function readAuction(sim: Simulation, pair: Pair, address: string): OpenAuction {
  const a = sim.net.query(address, 'get_auction')
  const window = {
    startBlock: a.start_block,
    endBlock: a.end_block,
    startPrice: Dec.parse(a.start_price),
    endPrice: Dec.parse(a.end_price),
  }
  return {
    pair,
    address,
    ...window,
    available: BigInt(a.available_amount),
    lot: BigInt(a.total_amount),
    fills: [],
    curve: curveOf(window),
  }
}

/**
 * Market makers bid in the open auctions until none wants to: each round every maker plans its
 * first qualifying block in every auction (from the curve, not block by block), the earliest
 * plan across all auctions is executed on chain, and the rest are planned again.
 */
async function runBidding(sim: Simulation, open: OpenAuction[]): Promise<void> {
  const { net, feed } = sim
  for (;;) {
    let best: { plan: PlannedBid; auction: OpenAuction } | null = null
    for (const auction of open) {
      if (auction.available === 0n || net.height > auction.endBlock) continue
      const budgets: MakerBudget[] = sim.makers.map((m) => ({
        maker: m,
        budget: net.balance(m.address, auction.pair[1]),
      }))
      const h0 = net.height
      const t0 = net.time
      const plan = planRound(
        budgets,
        {
          pair: auction.pair,
          startBlock: auction.startBlock,
          endBlock: auction.endBlock,
          available: auction.available,
        },
        {
          curve: auction.curve,
          clock: { timeOf: (h) => t0 + (h - h0) * net.blockTimeSeconds },
          market: (pair, time) => feed.pairPrice(pair, time),
          marketChangePoints: (from, to) => feed.changePoints(from, to, auction.pair),
          fromBlock: Math.max(h0 + 1, auction.startBlock),
        },
      )
      if (plan && (!best || plan.height < best.plan.height)) best = { plan, auction }
    }
    if (!best) return
    const { plan, auction } = best
    net.advanceBlocks(plan.height - net.height)
    const before = net.balance(plan.maker, auction.pair[1])
    const client = net.client(plan.maker)
    await client.execute(plan.maker, auction.address, { bid: {} }, 'auto', '', [
      { denom: auction.pair[1], amount: plan.funds.toString() },
    ])
    const paid = before - net.balance(plan.maker, auction.pair[1])
    const available = BigInt(net.query(auction.address, 'get_auction').available_amount)
    auction.fills.push({
      maker: plan.maker,
      height: net.height,
      time: net.time,
      price: auction.curve.priceAt(net.height).toString(),
      market_price: feed.pairPrice(auction.pair, net.time).toString(),
      bought: (auction.available - available).toString(),
      paid: paid.toString(),
    })
    auction.available = available
  }
}

/** Volume-weighted USD per base unit of `denom` over an auction's fills (by amount bought). */
function fillUsd(feed: MarketFeed, denom: string, fills: readonly ReportFill[], fallbackTime: number): Dec {
  const total = fills.reduce((s, f) => s + BigInt(f.bought), 0n)
  if (total === 0n) return feed.usdPerBaseUnit(denom, fallbackTime)
  let acc = Dec.ZERO
  for (const f of fills) acc = acc.add(feed.usdPerBaseUnit(denom, f.time).mulInt(BigInt(f.bought)))
  return acc.div(Dec.fromInt(total))
}

/** Runs one cycle (one day) of the keeper's loop plus the market makers, and records it. */
export async function runCycle(sim: Simulation, index: number): Promise<ReportCycle> {
  const { net, feed, deployment: d } = sim
  const time = sim.start + index * DAY
  if (net.time < time) net.advanceTime(time - net.time)
  const rc = new RebalancerClient(
    net.client(sim.keeper),
    { rebalancer: d.rebalancer, auctionsManager: d.auctionsManager, oracle: d.oracle },
    sim.keeper,
  )

  // 1. prices, 2. rebalance
  await rc.updatePrices()
  const oraclePrices: Record<string, string> = {}
  for (const [pair, p] of net.query<[Pair, { price: string }][]>(d.oracle, {
    get_all_prices: { from: null, limit: 100 },
  })) {
    oraclePrices[pairKey(pair)] = p.price
  }
  const { events } = await rc.systemRebalance(50)
  const trades = new Map<string, { pair: Pair; amount: string }[]>()
  const totals = new Map<string, string>()
  for (const e of events) {
    const data = e.data as any
    if (e.action === 'rebalancer-account-rebalance') {
      trades.set(data.account, data.trades)
      totals.set(data.account, data.total_value)
    }
  }

  // 3. open, 4. bids
  await rc.openAuctions(sim.durationBlocks)
  const open: OpenAuction[] = []
  for (const [pair, address] of await rc.pairs()) {
    if (net.query(address, 'get_auction').status === 'started') open.push(readAuction(sim, pair, address))
  }
  await runBidding(sim, open)

  // 5. finish after the end block
  const lastEnd = Math.max(net.height, ...open.map((a) => a.endBlock))
  net.advanceBlocks(lastEnd - net.height)
  // Deposits are read before finishing: clean_after_auction removes them.
  const auctionsBefore = open.map((a) => ({
    a,
    info: net.query(a.address, 'get_auction'),
    deposits: new Map(sim.accounts.map((acc) => [acc.address, depositOf(sim, a.address, acc.address)])),
  }))
  const { transfers } = await rc.finishAuctions(100)

  // 6. record
  const auctions: ReportAuction[] = auctionsBefore.map(({ a, info }) => {
    const sold = BigInt(info.total_amount) - BigInt(info.available_amount)
    const resolved = BigInt(info.resolved_amount)
    return {
      pair: [a.pair[0], a.pair[1]],
      lot: info.total_amount,
      sold: sold.toString(),
      resolved: resolved.toString(),
      start_price: a.startPrice.toString(),
      end_price: a.endPrice.toString(),
      average_price: sold > 0n ? Dec.fromRatio(resolved, sold).toString() : null,
      fills: a.fills,
    }
  })
  const accounts: ReportAccountCycle[] = sim.accounts.map((acc) => {
    const fills: ReportAccountFill[] = []
    for (const { a, deposits } of auctionsBefore) {
      const got = (denom: string) =>
        transfers
          .filter((t) => t.sender === a.address && t.recipient === acc.address)
          .flatMap((t) => t.coins)
          .filter((c) => c.denom === denom)
          .reduce((s, c) => s + c.amount, 0n)
      const deposited = deposits.get(acc.address) ?? 0n
      if (deposited === 0n) continue
      const sold = deposited - got(a.pair[0])
      const received = got(a.pair[1])
      fills.push({
        pair: [a.pair[0], a.pair[1]],
        deposited: deposited.toString(),
        sold: sold.toString(),
        received: received.toString(),
        sold_usd: fillUsd(feed, a.pair[0], a.fills, net.time).mulInt(sold).toString(),
        received_usd: fillUsd(feed, a.pair[1], a.fills, net.time).mulInt(received).toString(),
      })
    }
    const balances: Record<string, string> = {}
    const values: Record<string, Dec> = {}
    for (const t of acc.config.targets) {
      const b = net.balance(acc.address, t.denom)
      balances[t.denom] = b.toString()
      values[t.denom] = feed.valueUsd(t.denom, b, net.time)
    }
    const total = Dec.sum(Object.values(values))
    const weights: Record<string, string> = {}
    for (const [denom, v] of Object.entries(values))
      weights[denom] = (total.isZero() ? Dec.ZERO : v.div(total)).toString()
    const paused = pausedReason(sim, acc.address)
    return {
      name: acc.name,
      balances,
      total_usd: total.toString(),
      weights,
      trades: (trades.get(acc.address) ?? []).map((t) => ({
        pair: [t.pair[0], t.pair[1]],
        amount: t.amount,
      })),
      total_value_base: totals.get(acc.address) ?? null,
      fills,
      paused,
    }
  })
  return { day: dayOf(time), time, oracle_prices: oraclePrices, accounts, auctions }
}

/** What `addr` deposited into the auction that just ran (its current auction's funds). */
function depositOf(sim: Simulation, auction: string, addr: string): bigint {
  return BigInt(sim.net.query<{ curr: string }>(auction, { get_funds_amount: { addr } }).curr)
}

function pausedReason(sim: Simulation, account: string): string | null {
  try {
    const p = sim.net.query(sim.deployment.rebalancer, { get_paused_config: { addr: account } })
    return typeof p.reason === 'string' ? p.reason : JSON.stringify(p.reason)
  } catch {
    return null
  }
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
 * Runs a prepared simulation: every day the keeper's cycle through the chain port (prices,
 * system_rebalance until finished, open auctions), the market makers' bids, finishing and
 * cleaning, then a record of every account and auction.
 */
export async function runSimulation(sim: Simulation, options: RunSimulationOptions = {}): Promise<RunReport> {
  const { scenario } = sim
  const denoms = Object.keys(scenario.denoms)
  const supplyBefore = Object.fromEntries(denoms.map((d) => [d, sim.net.minted(d)]))
  const history: ReportCycle[] = []
  for (let i = 0; i < sim.days; i++) {
    const cycle = await runCycle(sim, i)
    history.push(cycle)
    options.onCycle?.({ index: i, total: sim.days, day: cycle.day, cycle })
  }
  const supply = Object.fromEntries(
    denoms.map((d) => [d, { before: supplyBefore[d]!.toString(), after: sim.net.supply(d).toString() }]),
  )
  return {
    version: 1,
    scenario,
    started: scenario.start,
    ended: scenario.end,
    cycles_run: history.length,
    summary: summarise(sim, history),
    makers: sim.makers.map((m) => {
      let fills = 0
      let usd = Dec.ZERO
      for (const c of history) {
        for (const a of c.auctions) {
          for (const f of a.fills) {
            if (f.maker !== m.address) continue
            fills += 1
            usd = usd.add(sim.feed.valueUsd(a.pair[0], BigInt(f.bought), f.time))
          }
        }
      }
      return { name: m.name, address: m.address, margin_bps: m.marginBps, fills, bought_usd: usd.toString() }
    }),
    supply,
    history,
  }
}
