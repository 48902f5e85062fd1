/**
 * One backtest as a unit of work (issue #12, "Fast sweeps, and beyond one machine"): a
 * {@link BacktestJob} (the parsed scenario, a strategy, where the scenario came from), all JSON,
 * and {@link runBacktestJob}, which turns one into its {@link StrategyRow}. The in-process
 * comparison ({@link compareStrategies}), the keeper's worker threads and its queue workers all
 * run exactly this function, so their rows are identical.
 */
import {
  BacktestJob,
  type ComparisonReport,
  RebalancerError,
  type Scenario,
  type StrategyMeasures,
  type StrategySpec,
  type ValueSeries as WireValueSeries,
} from '@rebalancer/types'
import type { StrategyRow, StrategyVariant } from './compare.js'
import { bestPerColumn } from './compare.js'
import { fastPathProblems, runFast } from './fast.js'
import type { PriceHistory } from './prices.js'
import { runSimulation } from './runner.js'
import { loadScenarioPrices, parseScenario, ScenarioError, scenarioPriceProblems } from './scenario.js'
import { prepareSimulation, type Simulation } from './setup.js'
import { type StrategyMetrics, strategyMetrics, type ValueSeries, valueSeries } from './strategy.js'

// StrategyMetrics (the measures) and StrategyMeasures (their wire schema) are one shape
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const sameShape: Same<StrategyMetrics, StrategyMeasures> = true
void sameShape
// and so are ValueSeries (the charts' daily values) and its wire schema
const sameSeries: Same<ValueSeries, WireValueSeries> = true
void sameSeries

/**
 * A strategy that cannot be run: its scenario breaks a rule (`invalid_strategy`, wrapping the
 * `ScenarioError` as `cause`), its job is not a {@link BacktestJob} (`invalid_job`), or its
 * backtest failed on a worker (`strategy_failed`). The message names the strategy.
 */
export class StrategyError extends RebalancerError {
  static override readonly kind = 'StrategyError'
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The scenario sections whose fields a strategy's `overrides` merge into (one level deep). */
const SECTIONS: ReadonlySet<string> = new Set(['oracle', 'auction', 'keeper'])

/** `base` with `patch`'s fields set, a `null` (or `undefined`) one removed. */
function merged(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out = { ...base }
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || v === undefined) delete out[k]
    else out[k] = v
  }
  return out
}

/**
 * A {@link StrategyVariant} in JSON form ({@link StrategySpec}): a field set to `undefined`
 * (which removes it) becomes `null`, which JSON keeps.
 */
export function strategySpec(variant: StrategyVariant | StrategySpec): StrategySpec {
  const plain = (value: object): Record<string, unknown> =>
    JSON.parse(JSON.stringify(value, (_k, x: unknown) => (x === undefined ? null : x)))
  return {
    name: variant.name,
    overrides: plain(variant.overrides ?? {}),
    ...(variant.account ? { account: plain(variant.account) } : {}),
  }
}

/**
 * The scenario a strategy runs (before it is read): `scenario` with the strategy's `overrides`
 * (the fields of `oracle`, `auction` and `keeper` merged into the scenario's own, any other field
 * replacing the scenario's) and its `account` fields on every account; `null` removes a field
 * (see {@link StrategySpec}).
 */
export function strategyScenario(
  scenario: Readonly<Record<string, unknown>>,
  spec: StrategySpec,
): Record<string, unknown> {
  let out: Record<string, unknown> = { ...scenario }
  for (const [k, v] of Object.entries(spec.overrides ?? {})) {
    if (SECTIONS.has(k) && isRecord(v)) out[k] = merged(isRecord(out[k]) ? out[k] : {}, v)
    else out = merged(out, { [k]: v })
  }
  const account = spec.account
  if (account && Array.isArray(out.accounts))
    out.accounts = out.accounts.map((a: unknown) => (isRecord(a) ? merged(a, account) : a))
  return out
}

/** Options of {@link backtestJobs}. */
export interface BacktestJobsOptions {
  /** The scenario file: named in errors (a relative `prices` path was resolved against its folder). */
  file?: string
  /** Use this history instead of the scenario's price file when checking (in process only). */
  history?: PriceHistory
  /** Every job's `options.engine` (see {@link BacktestJob}); absent: each job picks. */
  engine?: 'fast' | 'localnet'
}

/**
 * One {@link BacktestJob} per strategy (a {@link StrategyVariant}, or a {@link StrategySpec} as a
 * `--strategies` file gives it), in order, each strategy's scenario checked before any
 * runs: its shape and rules (`parseScenario`) and its dates and symbols against its price history
 * (loaded once per price file).
 * @param scenario the scenario as `parseScenario` read it.
 * @throws StrategyError `invalid_strategy` naming the first strategy whose scenario breaks a rule
 *   (its number and name, then every problem with its field path; the `ScenarioError` as `cause`).
 */
export function backtestJobs(
  scenario: Scenario,
  variants: readonly (StrategyVariant | StrategySpec)[],
  options: BacktestJobsOptions = {},
): BacktestJob[] {
  const histories = new Map<string | undefined, PriceHistory>()
  const base = JSON.parse(JSON.stringify(scenario)) as Record<string, unknown>
  const file = options.file !== undefined ? { file: options.file } : {}
  return variants.map((v, i) => {
    const variant = strategySpec(v)
    try {
      const s = parseScenario(strategyScenario(base, variant), file)
      let history = options.history ?? histories.get(s.prices)
      if (history === undefined) {
        history = loadScenarioPrices(s, options.file)
        histories.set(s.prices, history)
      }
      const problems = scenarioPriceProblems(s, history)
      if (problems.length > 0) throw new ScenarioError(problems, options.file)
    } catch (e) {
      if (!ScenarioError.isInstance(e)) throw e
      throw new StrategyError('invalid_strategy', `strategy ${i + 1} "${v.name}": ${e.message}`, {
        path: ['strategies', i],
        cause: e,
      })
    }
    return {
      scenario: base,
      variant,
      options: { ...file, ...(options.engine === undefined ? {} : { engine: options.engine }) },
    }
  })
}

/**
 * The path a backtest of `sim` runs on: `engine` when given, else `fast` when the fast path runs
 * the scenario ({@link fastPathProblems} finds nothing), else `localnet`. Both give the same
 * report (`packages/sim/test/fast.test.ts`).
 */
export function backtestEngine(
  sim: Pick<Simulation, 'scenario' | 'settings'>,
  engine?: 'fast' | 'localnet',
): 'fast' | 'localnet' {
  return engine ?? (fastPathProblems(sim).length === 0 ? 'fast' : 'localnet')
}

/**
 * Runs one backtest: reads `job` ({@link BacktestJob}), prepares its strategy's scenario
 * ({@link strategyScenario}; read again with `parseScenario`) on a fresh localnet, runs every day
 * on the path `job.options.engine` names (absent: the fast path, {@link runFast}, when the
 * scenario is one it runs, else the localnet; both give the same report) and measures every
 * account ({@link strategyMetrics}). A function of the job alone (and the
 * price file it names): worker threads, queue workers and the in-process path give the same row.
 * The row is returned as JSON would carry it (plain numbers, strings and nulls).
 * @param local in process only: a price history to use instead of the scenario's file.
 * @throws StrategyError `invalid_job` when `job` is not a {@link BacktestJob}; ScenarioError
 *   naming the field when the strategy's scenario breaks a rule; SimulationError
 *   `fast_unsupported` naming the field when `engine` is `fast` and the fast path does not run it.
 */
export async function runBacktestJob(
  job: unknown,
  local: { history?: PriceHistory } = {},
): Promise<StrategyRow> {
  const r = BacktestJob.safeParse(job)
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${['job', ...i.path.map(String)].join('.')}: ${i.message}`)
    throw new StrategyError('invalid_job', `not a backtest job:\n${lines.join('\n')}`)
  }
  const { scenario, variant, options } = r.data
  const { engine, ...prepare } = options
  const sim = prepareSimulation(strategyScenario(scenario, variant), {
    ...prepare,
    ...(local.history ? { history: local.history } : {}),
  })
  const report = backtestEngine(sim, engine) === 'fast' ? await runFast(sim) : await runSimulation(sim)
  const row: StrategyRow = {
    name: variant.name,
    accounts: sim.accounts.map((a, i) => strategyMetrics(sim.feed, report, i, a.initial)),
    series: valueSeries(
      sim.feed,
      report,
      sim.accounts.map((a) => a.initial),
    ),
  }
  return JSON.parse(JSON.stringify(row)) as StrategyRow
}

/**
 * The comparison report (`ComparisonReport` of `@rebalancer/types`, version 1) of `jobs` and their
 * `rows` (in the same order): every strategy with its overrides and measures, the best strategy
 * per column and account ({@link bestPerColumn}), and per account the baselines (buy-and-hold and
 * the ideal costless daily rebalance, from the first strategy's run).
 */
export function comparisonReport(
  scenario: Scenario,
  jobs: readonly BacktestJob[],
  rows: readonly StrategyRow[],
): ComparisonReport {
  return {
    version: 1,
    scenario,
    strategies: jobs.map((j, i) => ({
      ...j.variant,
      measures: rows[i]?.accounts ?? [],
      series: rows[i]?.series ?? { days: [], accounts: [] },
    })),
    baselines: scenario.accounts.map((a, i) => {
      const m = rows[0]?.accounts[i]
      return {
        account: a.name,
        startUsd: m?.startUsd ?? 0,
        buyAndHoldUsd: m?.buyAndHoldUsd ?? 0,
        idealUsd: m?.idealUsd ?? 0,
      }
    }),
    best: scenario.accounts.map((_a, i) => bestPerColumn(rows, i)),
  }
}
