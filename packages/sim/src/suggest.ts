/**
 * `rebalancer-keeper suggest` (issue #12): from a wish ("every weight within 1 pp of its target in
 * about 30 days") to PID gains and a sell cap per account (core's `suggestParameters`, at the first
 * day's prices held constant), the path that projection promises, and what a simulation of the
 * scenario's history with those parameters actually gave.
 */
import { Dec, type RunReport, type Scenario, ScenarioSpeedWish } from '@rebalancer/types'
import { runSimulation } from './runner.js'
import { ScenarioError } from './scenario.js'
import { type PrepareOptions, prepareSimulation } from './setup.js'
import { dailyMaxDriftPp, type StrategyMetrics, strategyMetrics, withinAfter } from './strategy.js'

/** A wish as the scenario writes it: `within_pp` percentage points (decimal text) in about `days` days. */
export type SpeedWish = ScenarioSpeedWish

/** One account's suggestion and its test on the history. */
export interface SuggestedAccount {
  name: string
  /** The suggested P gain (I = D = 0), decimal text. */
  p: string
  /** The suggested per-cycle sell cap, bps of the account's value (replacing the scenario's). */
  maxLimitBps: number
  /** Whether the projection at the first day's prices reaches the wish in its days. */
  met: boolean
  /** The projected largest |drift| before the first cycle and after each projected cycle (one a day), pp. */
  projectedPp: number[]
  /** Projected days until every weight is within the wish (null: not within the projected days). */
  projectedDaysToWithin: number | null
  /** What the simulation gave: each day's largest |drift|, pp. */
  actualPp: number[]
  /** Days until every weight was first within the wish on the history (null: never). */
  actualDaysToWithin: number | null
  /** The share of the days from then on within the wish (0..1; null: never reached). */
  actualShareWithinAfter: number | null
  /** The run's measures (end value against buy-and-hold, tracking error, cost, …). */
  metrics: StrategyMetrics
}

/** What {@link suggestOnHistory} returns. */
export interface SuggestOnHistoryReturnType {
  wish: SpeedWish
  accounts: SuggestedAccount[]
  /** The simulation's full report (every cycle, as `rebalancer-keeper start --report` writes). */
  report: RunReport
}

/**
 * Tunes every account of `scenario` for `wish` (core's `suggestParameters` at the first day's
 * prices: P-only gains, and a sell cap that does not bind in the projection, replacing the
 * account's `max_limit_bps`; a trigger the account has is dropped, since the projection computes
 * every cycle), then runs the scenario's history with those parameters and measures how close
 * the real path came to the projected one (prices move; the projection holds them constant).
 * @throws ScenarioError naming `wish.within_pp` / `wish.days` for a bad wish, or the scenario's field.
 * @example
 * const s = await suggestOnHistory(DEFAULT_SCENARIO, { within_pp: '1', days: 30 })
 * for (const a of s.accounts) console.log(a.name, a.p, a.projectedDaysToWithin, a.actualDaysToWithin)
 */
export async function suggestOnHistory(
  scenario: Scenario,
  wish: unknown,
  options: PrepareOptions = {},
): Promise<SuggestOnHistoryReturnType> {
  const parsed = ScenarioSpeedWish.safeParse(wish)
  if (!parsed.success)
    throw new ScenarioError(
      parsed.error.issues.map((i) => ({
        path: ['wish', ...i.path.map((k) => (typeof k === 'number' ? k : String(k)))],
        message: i.message,
      })),
    )
  const w = parsed.data
  const sim = prepareSimulation(
    // as the tuned strategy of `compare`: the suggestion's cap replaces the scenario's, and the
    // account computes every cycle (the projection's assumption), whatever trigger it had
    {
      ...scenario,
      accounts: scenario.accounts.map((a) => ({
        ...a,
        speed: w,
        max_limit_bps: undefined,
        trigger: undefined,
      })),
    },
    options,
  )
  const report = await runSimulation(sim)
  const tolerance = Dec.parse(w.within_pp).div(Dec.fromInt(100))
  const accounts = sim.accounts.map((a, i): SuggestedAccount => {
    const tuned = a.tuned!
    const path = tuned.suggestion.projection
    const projectedPp = [path.initialMaxAbsDriftPp, ...path.cycles.map((c) => c.maxAbsDriftPp)].map((d) =>
      d.toNumber(),
    )
    const reached = tuned.suggestion.cyclesToWithin
    const actual = withinAfter(report, i, tolerance)
    return {
      name: a.name,
      p: tuned.p.toString(),
      maxLimitBps: tuned.maxLimitBps,
      met: tuned.met,
      projectedPp,
      // projected cycle k (from 1) and the history's day k both end after the k-th rebalance
      projectedDaysToWithin: reached,
      actualPp: dailyMaxDriftPp(report, i),
      actualDaysToWithin: actual.daysToWithin,
      actualShareWithinAfter: actual.shareWithinAfter,
      metrics: strategyMetrics(sim.feed, report, i, a.initial),
    }
  })
  return { wish: w, accounts, report }
}
