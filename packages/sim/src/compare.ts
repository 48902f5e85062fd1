/**
 * Side-by-side execution quality (issue #11): the same scenario run under several oracle modes,
 * containment settings, curves and references, one row each. What the README's "Execution
 * quality" table is made from (`pnpm execution-table`).
 */
import { Dec, type RunReport, type Scenario, type TriggerWire } from '@rebalancer/types'
import { backtestJobs, runBacktestJob, strategyScenario, strategySpec } from './backtest.js'
import { runSimulation } from './runner.js'
import { parseScenario } from './scenario.js'
import { type PrepareOptions, prepareSimulation } from './setup.js'
import type { StrategyMetrics, ValueSeries } from './strategy.js'

/** One variant: a name and the scenario fields it overrides (`oracle`, `auction`, …). */
export interface ExecutionVariant {
  /** Shown in the table's first column. */
  name: string
  /**
   * Scenario fields set for this variant (e.g. `{ oracle: { mode: 'mean' } }`): the fields of the
   * `oracle`, `auction` and `keeper` sections are merged into the scenario's own, any other field
   * replaces the scenario's.
   */
  overrides: Partial<Scenario>
}

/**
 * `scenario` with a variant's overrides (see {@link ExecutionVariant.overrides}): the one merge
 * every comparison uses ({@link strategyScenario}; `undefined` or `null` removes a field).
 */
export function withOverrides(scenario: Scenario, overrides: Partial<Scenario>): Scenario {
  return strategyScenario(scenario, strategySpec({ name: 'overrides', overrides })) as Scenario
}

/** One row of {@link compareExecution}: a variant's execution measures. */
export interface ExecutionRow {
  name: string
  /** Each account's volume-weighted execution against the market, bps (null: sold nothing). */
  accounts: { name: string; executionBps: number | null }[]
  /** USD given up over the run (sold − received at market), and as bps of the USD sold. */
  givenUpUsd: number
  executionBps: number | null
  /** Fills at the start price: count and share of sold volume, bps. */
  atStartFills: number
  atStartShareBps: number
  openedBelowMarket: number
  reAnchored: number
  refused: number
  unfilledLots: number
  unfilledUsd: number
  /** The fill furthest below the market, bps (null: no fills). */
  worstFillBps: number | null
  /** Blocks from an auction's start to its fills, weighted by the amount bought. */
  meanBlocksToFill: number | null
}

/** The row of one finished run. */
export function executionRow(name: string, report: RunReport): ExecutionRow {
  const x = report.execution
  let weighted = 0n
  let bought = 0n
  for (const c of report.history) {
    for (const a of c.auctions) {
      for (const f of a.fills) {
        weighted += BigInt(f.height - a.start_block) * BigInt(f.bought)
        bought += BigInt(f.bought)
      }
    }
  }
  return {
    name,
    accounts: report.summary.map((s) => ({ name: s.name, executionBps: s.execution_vs_market_bps })),
    givenUpUsd: Dec.parse(x.given_up_usd).toNumber(),
    executionBps: x.execution_bps,
    atStartFills: x.at_start_price.fills,
    atStartShareBps: x.at_start_price.share_bps,
    openedBelowMarket: x.opened_below_market,
    reAnchored: x.re_anchored,
    refused: x.refused,
    unfilledLots: x.unfilled.lots,
    unfilledUsd: Dec.parse(x.unfilled.usd).toNumber(),
    worstFillBps: x.worst_fill?.vs_market_bps ?? null,
    meanBlocksToFill: bought === 0n ? null : Number(weighted / bought),
  }
}

/**
 * Runs `scenario` once per variant (each with its overrides) and returns one row each, in order.
 * @throws ScenarioError when a variant's scenario breaks a rule (naming the field).
 * @example
 * const rows = await compareExecution(DEFAULT_SCENARIO, [
 *   { name: 'deployed mean', overrides: { oracle: { mode: 'mean' }, auction: { containment: 'off' } } },
 *   { name: 'defaults', overrides: {} },
 * ])
 */
export async function compareExecution(
  scenario: Scenario,
  variants: readonly ExecutionVariant[],
  options: PrepareOptions = {},
): Promise<ExecutionRow[]> {
  const rows: ExecutionRow[] = []
  for (const v of variants) {
    const sim = prepareSimulation(withOverrides(scenario, v.overrides), options)
    rows.push(executionRow(v.name, await runSimulation(sim)))
  }
  return rows
}

/** A strategy to compare: a name, scenario overrides, and fields set on every account. */
export interface StrategyVariant extends ExecutionVariant {
  /** Account fields set on every account of the scenario (e.g. `{ speed: 'slow' }`). */
  account?: Partial<Scenario['accounts'][number]>
}

/** One strategy's measures: one {@link StrategyMetrics} per account, in the scenario's order. */
export interface StrategyRow {
  name: string
  accounts: StrategyMetrics[]
  /** The run's days and each account's daily value, buy-and-hold and ideal (USD, cents): for charts. */
  series: ValueSeries
}

/**
 * Runs `scenario` once per strategy on the same history and makers and measures every account
 * ({@link strategyMetrics}): end value against buy-and-hold and an ideal costless daily rebalance,
 * tracking error, drift, days to ±1 pp and the share of days within it afterwards, turnover,
 * execution cost, drawdown. Each strategy is one backtest job ({@link backtestJobs},
 * {@link runBacktestJob}), run here one after the other; the keeper runs the same jobs on worker
 * threads or a queue.
 * @throws ScenarioError when the scenario breaks a rule; StrategyError `invalid_strategy` naming
 *   the strategy whose scenario breaks one, before any runs.
 * @example
 * const rows = await compareStrategies(DEFAULT_SCENARIO, [
 *   { name: 'PID p = 0.05', overrides: {}, account: { speed: 'slow' } },
 *   { name: 'PID p = 0.20', overrides: {}, account: { speed: 'fast' } },
 * ])
 */
export async function compareStrategies(
  scenario: Scenario,
  variants: readonly StrategyVariant[],
  options: PrepareOptions = {},
): Promise<StrategyRow[]> {
  // every strategy's scenario is checked before any runs; then one backtest job each, in order
  const parsed = parseScenario(scenario, options)
  const jobs = backtestJobs(parsed, variants, {
    ...(options.file !== undefined ? { file: options.file } : {}),
    ...(options.history ? { history: options.history } : {}),
  })
  const rows: StrategyRow[] = []
  for (const job of jobs)
    rows.push(await runBacktestJob(job, options.history ? { history: options.history } : {}))
  return rows
}

/**
 * PID gains and cap under which "rebalance when triggered" means what a treasurer expects: P only
 * with p = 1, so a computation that runs sells and buys the whole distance to the targets at once
 * (each target's order is p × (target value − value): with p = 1 exactly the gap; i = d = 0, so
 * nothing carries over from the cycles the trigger skipped), and no per-cycle sell cap
 * (`max_limit_bps` 10000), so one firing is one full rebalance. Lower gains would spread a
 * triggered rebalance over several firings that may be weeks apart.
 */
export const REBALANCE_WHEN_TRIGGERED = Object.freeze({
  speed: Object.freeze({ p: '1', i: '0', d: '0' }),
  max_limit_bps: 10_000,
})

/** A strategy that rebalances fully to target whenever `trigger` fires ({@link REBALANCE_WHEN_TRIGGERED}). */
function triggered(name: string, trigger: TriggerWire): StrategyVariant {
  return { name, overrides: {}, account: { ...REBALANCE_WHEN_TRIGGERED, trigger } }
}

/**
 * The volatility-adjusted strategy's parameters (portfolio-computer.md correction 13): a 5 pp band
 * at a reference volatility of 3% a day (about 57% a year, √365 × 0.03: the order of the
 * realised volatility of crypto majors, not fitted to any history), measured over the last 30
 * daily returns, scaled between 0.5× (2.5 pp in calm markets) and 3× (15 pp in wild ones): core's
 * default scale bounds.
 */
export const VOLATILITY_ADJUSTED_TRIGGER: TriggerWire = Object.freeze({
  volatility: Object.freeze({
    tolerance: Object.freeze({ absolute_pp: '5' }),
    window: 30,
    reference_volatility: '0.03',
    min_scale: '0.5',
    max_scale: '3',
  }),
})

/**
 * The strategies `rebalancer-keeper compare` runs by default (issue #12), after the scenario as
 * written:
 * - triggered (portfolio-computer.md correction 13), each rebalancing fully to target when it
 *   fires ({@link REBALANCE_WHEN_TRIGGERED}): calendar daily / weekly (7 cycles) / monthly (30) /
 *   quarterly (91); threshold 5 pp; the 5/25 rule (5 pp absolute or 25% of the target relative);
 *   quarterly + 5 pp (hybrid: every 91 cycles, only if a weight is more than 5 pp off then);
 *   volatility-adjusted ({@link VOLATILITY_ADJUSTED_TRIGGER});
 * - the PID speeds DAO DAO's UI offers (p = 0.05 / 0.10 / 0.20), every cycle (a trigger the
 *   scenario gives is dropped), without a sell cap;
 * - gains tuned for the wish "within 1 pp in about 30 days" (core's `suggestParameters`), every cycle.
 * A scenario's one-time orders are placed under every strategy.
 * Buy-and-hold and the ideal costless daily rebalance come with every row's measures.
 */
export const DEFAULT_STRATEGIES: readonly StrategyVariant[] = Object.freeze([
  { name: 'as written', overrides: {} },
  triggered('calendar: daily', { calendar: { every_cycles: 1 } }),
  triggered('calendar: weekly (7)', { calendar: { every_cycles: 7 } }),
  triggered('calendar: monthly (30)', { calendar: { every_cycles: 30 } }),
  triggered('calendar: quarterly (91)', { calendar: { every_cycles: 91 } }),
  triggered('threshold: 5 pp', { threshold: { tolerance: { absolute_pp: '5' } } }),
  triggered('5/25 rule (5 pp or 25%)', {
    threshold: { tolerance: { any_of: [{ absolute_pp: '5' }, { relative_fraction: '0.25' }] } },
  }),
  triggered('quarterly + 5 pp (hybrid)', { hybrid: { every_cycles: 91, tolerance: { absolute_pp: '5' } } }),
  triggered('volatility-adjusted 5 pp', VOLATILITY_ADJUSTED_TRIGGER),
  {
    name: 'PID p = 0.05 (slow)',
    overrides: {},
    account: { speed: 'slow', max_limit_bps: 10_000, trigger: undefined },
  },
  {
    name: 'PID p = 0.10 (medium)',
    overrides: {},
    account: { speed: 'medium', max_limit_bps: 10_000, trigger: undefined },
  },
  {
    name: 'PID p = 0.20 (fast)',
    overrides: {},
    account: { speed: 'fast', max_limit_bps: 10_000, trigger: undefined },
  },
  {
    name: 'tuned: within 1 pp in about 30 days',
    overrides: {},
    account: { speed: { within_pp: '1', days: 30 }, max_limit_bps: undefined, trigger: undefined },
  },
])

/** Which way a {@link StrategyMetrics} column is better: `max`, `min`, or not ranked. */
export const STRATEGY_COLUMNS: Readonly<Record<keyof StrategyMetrics, 'max' | 'min' | null>> = Object.freeze({
  name: null,
  startUsd: null,
  endUsd: 'max',
  buyAndHoldUsd: null,
  idealUsd: null,
  vsBuyAndHoldBps: 'max',
  trackingErrorPp: 'min',
  maxDriftPp: 'min',
  daysToWithin1pp: 'min',
  shareWithin1ppAfter: 'max',
  turnover: 'min',
  executionCostUsd: 'min',
  executionCostBps: 'max',
  auctions: null,
  maxDrawdown: 'min',
})

/**
 * The decimals at which each ranked column is shown (`rebalancer-keeper compare`, the HTML report)
 * and compared: USD to the dollar, bps to 0.1, pp to 0.01, shares to the percent, drawdowns to
 * 0.1%. Differences below them are noise of the runs, not a better strategy.
 */
export const STRATEGY_DECIMALS: Readonly<Partial<Record<keyof StrategyMetrics, number>>> = Object.freeze({
  endUsd: 0,
  vsBuyAndHoldBps: 1,
  trackingErrorPp: 2,
  maxDriftPp: 2,
  daysToWithin1pp: 0,
  shareWithin1ppAfter: 2,
  turnover: 2,
  executionCostUsd: 0,
  executionCostBps: 1,
  maxDrawdown: 3,
})

/**
 * The index of the best row per ranked column for account `account` of `rows`, comparing values
 * rounded to {@link STRATEGY_DECIMALS} (ties: the first), skipping null values; a column every
 * row leaves null, or where every row with a value ties, is absent (nothing to mark).
 */
export function bestPerColumn(
  rows: readonly StrategyRow[],
  account: number,
): Partial<Record<keyof StrategyMetrics, number>> {
  const out: Partial<Record<keyof StrategyMetrics, number>> = {}
  for (const [key, way] of Object.entries(STRATEGY_COLUMNS) as [
    keyof StrategyMetrics,
    'max' | 'min' | null,
  ][]) {
    if (way === null) continue
    const scale = 10 ** (STRATEGY_DECIMALS[key] ?? 6)
    const values = rows.map((r) => {
      const v = r.accounts[account]?.[key]
      return typeof v === 'number' ? Math.round(v * scale) : null
    })
    let best: number | null = null
    for (const [i, v] of values.entries()) {
      if (v === null) continue
      const current = best === null ? null : values[best]!
      if (current === null || (way === 'max' ? v > current : v < current)) best = i
    }
    const given = values.filter((v) => v !== null)
    if (best !== null && (given.length === 1 || given.some((v) => v !== values[best]))) out[key] = best
  }
  return out
}
