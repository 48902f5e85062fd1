import * as z from 'zod'
import { Scenario, ScenarioAccount } from './scenario.js'

/**
 * Strategy comparisons (issue #12, "`pnpm compare`"): the strategies a comparison runs (as a
 * `--strategies` file writes them and as a backtest job carries them), one backtest job, one
 * strategy's measures, and the comparison report `rebalancer-keeper compare --json <file>` writes
 * (docs/wire-formats.md, "Comparison report").
 */

/** A mapping whose keys are `keys` (each optional, any value: the scenario's rules check the values). */
function someOf(keys: readonly string[], what: string) {
  return z.strictObject(Object.fromEntries(keys.map((k) => [k, z.unknown().optional()])), {
    error: (iss) => (iss.code === 'invalid_type' ? `must be a mapping of ${what}` : undefined),
  })
}

/**
 * A strategy to compare, in JSON form: a `name`, the scenario fields it `overrides` and the
 * `account` fields it sets on every account of the scenario.
 *
 * - `overrides`: top-level scenario fields (`start`, `oracle`, `auction`, …). The fields of the
 *   `oracle`, `auction` and `keeper` sections are merged into the scenario's own section; any
 *   other field replaces the scenario's.
 * - `account`: account fields (`speed`, `max_limit_bps`, …) set on every account.
 * - `null` removes a field, one level deep inside a section (like JSON Merge Patch, but not
 *   recursive: a field inside a section's field is replaced whole, not merged):
 *   `account: {max_limit_bps: null}` drops the accounts' sell cap.
 *
 * Field names are checked here (unknown ones are refused); their values are checked by the
 * scenario's own rules once merged (`parseScenario` of `@rebalancer/sim`).
 */
export const StrategySpec = z.strictObject(
  {
    /** Shown in the table's first column; unique within a comparison. */
    name: z
      .string({
        error: (iss) => (iss.input === undefined ? 'is required' : 'must be a name written as a string'),
      })
      .min(1, 'must not be empty')
      .max(200, 'must be at most 200 characters'),
    overrides: someOf(Object.keys(Scenario.shape), 'scenario fields').optional(),
    account: someOf(Object.keys(ScenarioAccount.shape), 'account fields').optional(),
  },
  {
    error: (iss) =>
      iss.code === 'invalid_type' ? 'a strategy must be a mapping {name, overrides?, account?}' : undefined,
  },
)
/** A validated {@link StrategySpec}. */
export type StrategySpec = z.output<typeof StrategySpec>

/**
 * The contents of a `--strategies` file: a list of at least one {@link StrategySpec}, names
 * unique.
 */
export const StrategyList = z
  .array(StrategySpec, { error: 'must be a list of strategies [{name, overrides?, account?}, …]' })
  .min(1, 'needs at least one strategy')
  .check((ctx) => {
    const seen = new Set<string>()
    for (const [i, s] of ctx.value.entries()) {
      if (seen.has(s.name))
        ctx.issues.push({
          code: 'custom',
          input: s.name,
          path: [i, 'name'],
          message: 'must be unique among the strategies',
        })
      seen.add(s.name)
    }
  })
export type StrategyList = z.output<typeof StrategyList>

/**
 * One backtest (issue #12, "Fast sweeps"): the scenario as `parseScenario` read it (with `prices`
 * an absolute path, or absent for the shipped history), the strategy, and where the scenario came
 * from (`file`, named in errors). JSON through and through, so that worker threads and queue
 * workers on other machines run exactly what the in-process path runs. A worker on another
 * machine needs the same `prices` file at the same path (or the shipped history).
 */
export const BacktestJob = z.strictObject({
  /** Validated again by the worker (`parseScenario`), with the strategy applied. */
  scenario: z.record(z.string(), z.unknown(), { error: 'must be a scenario mapping' }),
  variant: StrategySpec,
  options: z.strictObject({
    file: z.string().optional(),
    /**
     * Which path runs it (issue #12, "Fast sweeps"): `fast` (the pure engines, `runFast`) or
     * `localnet` (the embedded chain); both give the same report. Absent: `fast` when the scenario
     * is one the fast path runs (no triggers, one-time orders or keeper check), else `localnet`.
     */
    engine: z.enum(['fast', 'localnet'], { error: 'must be "fast" or "localnet"' }).optional(),
  }),
})
export type BacktestJob = z.output<typeof BacktestJob>

const finite = z.number()

/**
 * One account's measures under one strategy (`strategyMetrics` of `@rebalancer/sim`). USD are
 * dollars as JSON numbers (binary64; the run's exact values are in a run report), weights and
 * drifts in percentage points, shares and drawdowns as fractions of 1.
 */
export const StrategyMeasures = z.strictObject({
  /** The account's name in the scenario. */
  name: z.string(),
  /** USD value at the first and at the last daily record. */
  startUsd: finite,
  endUsd: finite,
  /** USD: the initial holdings never traded, valued at the last record's time. */
  buyAndHoldUsd: finite,
  /** USD: an ideal rebalance to the targets every day at market prices, without cost. */
  idealUsd: finite,
  /** (endUsd / buyAndHoldUsd − 1) × 10000, bps. */
  vsBuyAndHoldBps: finite,
  /** Time-weighted RMS over the days and targets of (weight − target), percentage points. */
  trackingErrorPp: finite,
  /** The largest |weight − target| of any target on any day, percentage points. */
  maxDriftPp: finite,
  /** Days until every weight was first within ±1 pp of its target; null: never. */
  daysToWithin1pp: z.number().int().nullable(),
  /** Share of the days from then on with every weight within ±1 pp, 0..1; null: never reached. */
  shareWithin1ppAfter: finite.nullable(),
  /** USD sold over the run ÷ the mean daily value (times the portfolio was traded). */
  turnover: finite,
  /** USD given up to execution (sold − received at market; negative = gained). */
  executionCostUsd: finite,
  /** The same as bps of the USD sold (negative = given up); null: nothing sold. */
  executionCostBps: finite.nullable(),
  /** Auctions the account sold into. */
  auctions: z.number().int(),
  /** The largest fall from a running peak of the daily value, fraction of 1 (0.25 = −25%). */
  maxDrawdown: finite,
})
export type StrategyMeasures = z.output<typeof StrategyMeasures>

/**
 * A run's daily values (what the HTML report charts): the cycles' `YYYY-MM-DD` days and, per
 * account in the scenario's order, its value after each cycle, buy-and-hold of its initial
 * holdings and the ideal costless daily rebalance, USD rounded to the cent.
 */
export const ValueSeries = z.strictObject({
  days: z.array(z.string()),
  accounts: z.array(
    z.strictObject({
      name: z.string(),
      valueUsd: z.array(finite),
      buyAndHoldUsd: z.array(finite),
      idealUsd: z.array(finite),
    }),
  ),
})
export type ValueSeries = z.output<typeof ValueSeries>

/**
 * One strategy's result: its name, one {@link StrategyMeasures} per account in the scenario's
 * order, and the run's daily values ({@link ValueSeries}).
 */
export const StrategyResult = z.strictObject({
  name: z.string(),
  accounts: z.array(StrategyMeasures),
  series: ValueSeries,
})
export type StrategyResult = z.output<typeof StrategyResult>

/** The ranked columns of {@link StrategyMeasures}: the best row of each is marked. */
export const RankedColumn = z.enum([
  'endUsd',
  'vsBuyAndHoldBps',
  'trackingErrorPp',
  'maxDriftPp',
  'daysToWithin1pp',
  'shareWithin1ppAfter',
  'turnover',
  'executionCostUsd',
  'executionCostBps',
  'maxDrawdown',
])
export type RankedColumn = z.output<typeof RankedColumn>

/**
 * The comparison report `rebalancer-keeper compare --json <file>` writes (version 1): the
 * scenario, every strategy with what it changed and its measures per account, the best strategy
 * per column and account, and the baselines computed from prices alone.
 */
export const ComparisonReport = z.strictObject({
  version: z.literal(1),
  /** The scenario every strategy started from, as read (`prices` absolute when given). */
  scenario: Scenario,
  /** The strategies in the order they were given (the table's rows). */
  strategies: z.array(
    StrategySpec.extend({
      /** One entry per account of the scenario, in its order. */
      measures: z.array(StrategyMeasures),
      /** The run's daily values per account (what the HTML report charts). */
      series: ValueSeries,
    }),
  ),
  /**
   * Per account, in the scenario's order: buy-and-hold (the initial holdings never traded) and the
   * ideal costless daily rebalance, USD at the last record, and the start value, USD.
   */
  baselines: z.array(
    z.strictObject({
      account: z.string(),
      startUsd: finite,
      buyAndHoldUsd: finite,
      idealUsd: finite,
    }),
  ),
  /**
   * Per account, in the scenario's order: for each ranked column, the index in `strategies` of
   * the best strategy (max for `endUsd`, `vsBuyAndHoldBps`, `shareWithin1ppAfter`,
   * `executionCostBps`; min for the rest), comparing the values at the precision the table shows
   * them (USD to the dollar, bps to 0.1, pp to 0.01, shares to the percent, drawdowns to 0.1%;
   * ties: the first). A column every strategy leaves null, or where all of them tie, is absent.
   */
  best: z.array(z.partialRecord(RankedColumn, z.number().int().min(0))),
})
export type ComparisonReport = z.output<typeof ComparisonReport>
