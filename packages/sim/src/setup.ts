/**
 * Setting a scenario up (architecture.md, "Simulator"): a fresh localnet with the contracts
 * deployed, every account created and funded, the market makers funded. The only place the
 * simulator mints or reads the localnet directly; every later read goes through the chain port.
 */
import { type Suggestion, suggestParameters } from '@rebalancer/core'
import type { Deployment } from '@rebalancer/localnet'
import { createAccount, deployRebalancer, Localnet } from '@rebalancer/localnet'
import {
  type ChainClient,
  type ChainReader,
  Dec,
  type MinAmount,
  type OneTimeOrderWire,
  type RebalancerConfig,
  type Scenario,
  type TriggerWire,
} from '@rebalancer/types'
import { SimulationError } from './errors.js'
import { MarketFeed, MarketReference } from './market.js'
import type { MarketMaker } from './market-maker.js'
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
import { DEFAULT_HEDGE_COST_BPS, type SimulationSettings, simulationSettings } from './settings.js'

/** Seconds in a day: one cycle per day. */
export const DAY = 86_400

/** Options of {@link prepareSimulation}: where the scenario came from, and its prices. */
export interface PrepareOptions extends ParseScenarioOptions {
  /** Use this history instead of reading `scenario.prices` / the shipped file. */
  history?: PriceHistory
}

/** A scenario prepared on a fresh localnet, before any cycle ran. */
export interface Simulation {
  /** The scenario as {@link parseScenario} read it. */
  scenario: Scenario
  /** The localnet: its clock (blocks and time pass between the keeper's ticks) and its supply. */
  net: Localnet
  /** The chain port the simulator reads through (balances, queries, blocks). */
  reader: ChainReader
  /** The chain port signing as `address` (the keeper, a market maker). */
  clientFor(address: string): ChainClient
  deployment: Deployment
  feed: MarketFeed
  /** The live reference the oracle and the auctions' containment read (the chain's price source). */
  reference: MarketReference
  /** The oracle mode, reference, curve and containment in force (defaults applied). */
  settings: SimulationSettings
  keeper: string
  accounts: {
    name: string
    address: string
    config: RebalancerConfig
    startUsd: Dec
    /** What the account was funded with: base units per denom (what buy-and-hold keeps). */
    initial: Record<string, bigint>
    /**
     * For a `speed` wish: what `suggestParameters` tuned, whether its projection met the wish, and
     * the whole suggestion (with the projection at the first day's prices held constant).
     */
    tuned?: { p: Dec; maxLimitBps: number; met: boolean; suggestion: Suggestion }
    /** The account's admin (the treasury's owner, the DAO): it places the one-time orders. */
    owner: string
    /** The account's trigger as registered (correction 13); absent = every cycle. */
    trigger?: TriggerWire
    /** Its one-time orders by day `YYYY-MM-DD`, in wire form (amounts in base units). */
    orders: ReadonlyMap<string, readonly OneTimeOrderWire[]>
  }[]
  makers: SimulatedMaker[]
  /** Unix seconds of the first cycle. */
  start: number
  /** Number of cycles (days). */
  days: number
  durationBlocks: number
}

/** A market maker of the simulation: its bidding rule, its name and its daily hedge. */
export interface SimulatedMaker extends MarketMaker {
  name: string
  /** Whether it sells what it bought back on the market at the end of each day. */
  hedge: boolean
  /** What hedging costs, bps of the market value sold. */
  hedgeCostBps: number
  /** What it was funded with: base units per denom (its inventory at the first price). */
  initial: Record<string, bigint>
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
  const settings = simulationSettings(scenario)
  const reference = new MarketReference(feed, settings.reference)
  const start = dayStart(scenario.start)
  const end = dayStart(scenario.end)
  const denoms = Object.keys(scenario.denoms)
  const decimalsOf = (d: string) => {
    const info = Object.hasOwn(scenario.denoms, d) ? scenario.denoms[d] : undefined
    if (!info)
      throw new SimulationError(
        'unknown_denom',
        `denom ${d} is not in the scenario's denoms (${denoms.join(', ')})`,
      )
    return info.decimals
  }
  const net = new Localnet({
    startTime: start - 3600,
    // the chain's live reference: the market feed, late and off as the scenario says
    priceSource: (pair, time) => reference.at(pair, time)?.toString(),
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
    auctionStrategy: settings.strategy,
    oracle: {
      mode: settings.oracle.mode,
      ...(settings.oracle.anchorBandBps === undefined
        ? {}
        : { anchorBandBps: settings.oracle.anchorBandBps }),
    },
    priceCurve: settings.curve,
    ...(settings.containment ? { containment: settings.containment } : {}),
  })
  const accounts = scenario.accounts.map((a, i) => {
    let config = accountConfig(a, decimalsOf)
    const owner = net.makeAddress(`owner:${i}:${a.name}`)
    const funds = a.initial.map((h) => ({
      denom: h.denom,
      amount:
        'amount' in h
          ? tokensToUnits(h.amount, decimalsOf(h.denom))
          : usdToUnits(feed, h.denom, Dec.parse(h.usd), start),
    }))
    // base units per denom: what the account starts with (and what buy-and-hold keeps)
    const initial: Record<string, bigint> = {}
    for (const f of funds) initial[f.denom] = (initial[f.denom] ?? 0n) + f.amount
    let tuned: { p: Dec; maxLimitBps: number; met: boolean; suggestion: Suggestion } | undefined
    if (typeof a.speed !== 'string' && 'within_pp' in a.speed) {
      // the wish, tuned at the first day's prices (core's suggestParameters)
      const prices: Record<string, Dec> = {}
      for (const t of config.targets)
        if (t.denom !== config.baseDenom) prices[t.denom] = feed.pairPrice([config.baseDenom, t.denom], start)
      const s = suggestParameters({
        wish: { reachWithinPp: Dec.parse(a.speed.within_pp), days: a.speed.days },
        config,
        balances: initial,
        prices,
        periodSeconds: DAY,
      })
      config = { ...s.config, maxLimitBps: a.max_limit_bps ?? s.maxLimitBps }
      tuned = { p: s.pid.p, maxLimitBps: config.maxLimitBps, met: s.met, suggestion: s }
    }
    net.mint(owner, funds)
    const address = createAccount(net, deployment, owner, config, {
      label: `${i}:${a.name}`,
      funds,
      ...(a.trigger === undefined ? {} : { trigger: a.trigger }),
    })
    const startUsd = Dec.sum(funds.map((f) => feed.valueUsd(f.denom, f.amount, start)))
    const orders = new Map<string, OneTimeOrderWire[]>()
    for (const o of a.orders ?? []) {
      const size =
        o.size.amount !== undefined
          ? { amount: tokensToUnits(o.size.amount, decimalsOf(o.sell)).toString() }
          : o.size.portfolio_bps !== undefined
            ? { portfolio_bps: o.size.portfolio_bps }
            : { holding_bps: o.size.holding_bps! }
      orders.set(o.date, [...(orders.get(o.date) ?? []), { sell: o.sell, buy: o.buy, size }])
    }
    return {
      name: a.name,
      address,
      config,
      startUsd,
      initial,
      ...(tuned ? { tuned } : {}),
      owner,
      ...(a.trigger === undefined ? {} : { trigger: a.trigger }),
      orders,
    }
  })
  const makers = scenario.market_makers.map((m) => {
    const address = net.makeAddress(`maker:${m.name}`)
    const usd = Dec.parse(m.inventory_usd ?? DEFAULT_MAKER_INVENTORY_USD)
    const inventory = denoms.map((d) => ({ denom: d, amount: usdToUnits(feed, d, usd, start) }))
    net.mint(address, inventory)
    return {
      name: m.name,
      address,
      marginBps: m.margin_bps,
      hedge: m.hedge ?? true,
      hedgeCostBps: m.hedge_cost_bps ?? DEFAULT_HEDGE_COST_BPS,
      initial: Object.fromEntries(inventory.map((c) => [c.denom, c.amount])),
    }
  })
  return {
    scenario,
    net,
    reader: net.client(),
    clientFor: (address) => net.client(address),
    deployment,
    feed,
    reference,
    settings,
    keeper,
    accounts,
    makers,
    start,
    days: (end - start) / DAY + 1,
    durationBlocks: settings.durationBlocks,
  }
}
