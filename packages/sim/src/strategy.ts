/**
 * How a treasury fared under a strategy (issue #12, "Strategy lab"): per account, the end value
 * against buy-and-hold and an ideal costless daily rebalance (both computed from prices alone),
 * tracking error and the largest drift from the targets, how soon and how steadily the weights
 * stayed within ±1 pp, turnover, execution cost and the largest drawdown. Pure computations on
 * a run's report and its price feed.
 */
import { Dec, type ReportCycle, type RunReport } from '@rebalancer/types'
import type { MarketFeed } from './market.js'
import { daysWithin, ONE_PP } from './metrics.js'

/** One account's measures under one strategy. */
export interface StrategyMetrics {
  name: string
  /** USD at the first record and at the last. */
  startUsd: number
  endUsd: number
  /** The same initial holdings never traded, valued at the last record's time. */
  buyAndHoldUsd: number
  /** An ideal rebalance to the targets every day at market prices, without cost. */
  idealUsd: number
  /** (end / buy-and-hold − 1) × 10000, bps. */
  vsBuyAndHoldBps: number
  /** Time-weighted RMS over the days and targets of (weight − target), percentage points. */
  trackingErrorPp: number
  /** The largest |weight − target| of any target on any day, percentage points. */
  maxDriftPp: number
  /** Days until every weight was first within ±1 pp of its target (null: never). */
  daysToWithin1pp: number | null
  /** The share of the days from then on with every weight within ±1 pp (0..1; null: never reached). */
  shareWithin1ppAfter: number | null
  /** USD sold over the run ÷ the mean daily value (how many times the portfolio was traded). */
  turnover: number
  /** USD given up to execution (sold − received at market) and as bps of the USD sold. */
  executionCostUsd: number
  executionCostBps: number | null
  /** Auctions the account sold into. */
  auctions: number
  /** The largest fall from a running peak of the daily value, as a fraction (0.25 = −25%). */
  maxDrawdown: number
}

/**
 * The value of never trading: `initial` base units per denom, valued at each cycle's valuation
 * time. Returns one USD value per cycle.
 */
export function buyAndHold(
  feed: MarketFeed,
  initial: Readonly<Record<string, bigint>>,
  history: readonly ReportCycle[],
): number[] {
  return history.map((c) =>
    Dec.sum(Object.entries(initial).map(([d, a]) => feed.valueUsd(d, a, c.valued_at))).toNumber(),
  )
}

/**
 * The value of an ideal costless rebalance to `targets` (denom → weight, summing to 1) at every
 * cycle's valuation time, starting from `startUsd` at the first: between two cycles each target's
 * share grows with its own price. Returns one USD value per cycle.
 */
export function idealRebalance(
  feed: MarketFeed,
  targets: readonly { denom: string; weight: number }[],
  startUsd: number,
  history: readonly ReportCycle[],
): number[] {
  const out: number[] = []
  let value = startUsd
  for (const [i, c] of history.entries()) {
    if (i > 0) {
      const before = history[i - 1]!.valued_at
      const now = c.valued_at
      let next = 0
      for (const t of targets) {
        const growth = feed.priceUsd(t.denom, now).toNumber() / feed.priceUsd(t.denom, before).toNumber()
        next += value * t.weight * growth
      }
      value = next
    }
    out.push(value)
  }
  return out
}

/** The targets of account `index` of a run: denom → target weight (fraction of 1), from its summary. */
function targetsOf(report: RunReport, index: number): { denom: string; bps: number }[] {
  return Object.entries(report.summary[index]!.end_weights).map(([denom, w]) => ({
    denom,
    bps: Math.round(Dec.parse(w.target).toNumber() * 10_000),
  }))
}

/**
 * How soon and how steadily account `index` of a run stayed near its targets: the days until every
 * weight was first within `tolerance` (a weight fraction: `Dec.parse('0.01')` = 1 pp) of its
 * target, counting the first day as 1, and the share of the days from then on (that day included)
 * with every weight within it. Both null when it never got there.
 */
export function withinAfter(
  report: RunReport,
  index: number,
  tolerance: Dec,
): { daysToWithin: number | null; shareWithinAfter: number | null } {
  return daysWithin(report.history, index, targetsOf(report, index), tolerance)
}

/** Each day's largest |weight − target| of account `index` of a run, percentage points. */
export function dailyMaxDriftPp(report: RunReport, index: number): number[] {
  const targets = targetsOf(report, index)
  return report.history.map((c) =>
    Math.max(
      0,
      ...targets.map((t) =>
        Math.abs(Dec.parse(c.accounts[index]!.weights[t.denom] ?? '0').toNumber() * 100 - t.bps / 100),
      ),
    ),
  )
}

/** The largest fall from a running peak, as a fraction of the peak (0 for a series that never falls). */
export function maxDrawdown(values: readonly number[]): number {
  let peak = Number.NEGATIVE_INFINITY
  let worst = 0
  for (const v of values) {
    peak = Math.max(peak, v)
    if (peak > 0) worst = Math.max(worst, (peak - v) / peak)
  }
  return worst
}

/** One account's daily values against its baselines, USD per cycle (what the report's charts draw). */
export interface AccountValueSeries {
  name: string
  /** The account's value after each cycle (report `history[].accounts[].total_usd`). */
  valueUsd: number[]
  /** {@link buyAndHold} of its initial holdings. */
  buyAndHoldUsd: number[]
  /** {@link idealRebalance} to its targets from its start value. */
  idealUsd: number[]
}

/** A run's daily values: the cycles' days and one {@link AccountValueSeries} per account. */
export interface ValueSeries {
  /** `YYYY-MM-DD` of each cycle. */
  days: string[]
  accounts: AccountValueSeries[]
}

/**
 * Account `index`'s value per cycle with its buy-and-hold and ideal-rebalance baselines, exactly
 * as {@link strategyMetrics} measures them (targets from the summary's end weights, the ideal
 * rebalance starting from the summary's start value).
 */
export function accountValues(
  feed: MarketFeed,
  report: RunReport,
  index: number,
  initial: Readonly<Record<string, bigint>>,
): AccountValueSeries {
  const history = report.history
  const summary = report.summary[index]!
  const targets = Object.entries(summary.end_weights).map(([denom, w]) => ({
    denom,
    weight: Dec.parse(w.target).toNumber(),
  }))
  return {
    name: summary.name,
    valueUsd: history.map((c) => Dec.parse(c.accounts[index]!.total_usd).toNumber()),
    buyAndHoldUsd: buyAndHold(feed, initial, history),
    idealUsd: idealRebalance(feed, targets, Dec.parse(summary.start_usd).toNumber(), history),
  }
}

const cents = (v: number) => Math.round(v * 100) / 100

/**
 * Every account's {@link accountValues} of a finished run, rounded to cents (compact enough to
 * keep per strategy: 611 days × 3 series × 8 bytes per account). `initial[i]` is account `i`'s
 * initial holdings in base units.
 */
export function valueSeries(
  feed: MarketFeed,
  report: RunReport,
  initial: readonly Readonly<Record<string, bigint>>[],
): ValueSeries {
  return {
    days: report.history.map((c) => c.day),
    accounts: report.summary.map((_, i) => {
      const s = accountValues(feed, report, i, initial[i] ?? {})
      return {
        name: s.name,
        valueUsd: s.valueUsd.map(cents),
        buyAndHoldUsd: s.buyAndHoldUsd.map(cents),
        idealUsd: s.idealUsd.map(cents),
      }
    }),
  }
}

/**
 * The measures of account `index` of a finished run (see {@link StrategyMetrics}). `initial` is
 * the account's initial holdings in base units (what buy-and-hold keeps).
 * @example
 * const report = await runSimulation(sim)
 * const m = strategyMetrics(sim.feed, report, 0, initialHoldings)
 * console.log(m.trackingErrorPp, m.shareWithin1ppAfter)
 */
export function strategyMetrics(
  feed: MarketFeed,
  report: RunReport,
  index: number,
  initial: Readonly<Record<string, bigint>>,
): StrategyMetrics {
  const history = report.history
  const summary = report.summary[index]!
  const targets = Object.entries(summary.end_weights).map(([denom, w]) => ({
    denom,
    weight: Dec.parse(w.target).toNumber(),
  }))
  const startUsd = Dec.parse(summary.start_usd).toNumber()
  const {
    valueUsd: values,
    buyAndHoldUsd: hold,
    idealUsd: ideal,
  } = accountValues(feed, report, index, initial)
  let squares = 0
  let samples = 0
  let maxDrift = 0
  let auctions = 0
  for (const c of history) {
    const a = c.accounts[index]!
    for (const t of targets) {
      const drift = (Dec.parse(a.weights[t.denom] ?? '0').toNumber() - t.weight) * 100
      squares += drift * drift
      samples += 1
      maxDrift = Math.max(maxDrift, Math.abs(drift))
    }
    auctions += a.fills.length
  }
  const { daysToWithin, shareWithinAfter } = withinAfter(report, index, ONE_PP)
  const endUsd = values.at(-1) ?? startUsd
  const holdEnd = hold.at(-1) ?? startUsd
  const meanValue = values.length === 0 ? startUsd : values.reduce((x, y) => x + y, 0) / values.length
  const sold = Dec.parse(summary.volume_sold_usd).toNumber()
  return {
    name: summary.name,
    startUsd,
    endUsd,
    buyAndHoldUsd: holdEnd,
    idealUsd: ideal.at(-1) ?? startUsd,
    vsBuyAndHoldBps: holdEnd > 0 ? (endUsd / holdEnd - 1) * 10_000 : 0,
    trackingErrorPp: samples === 0 ? 0 : Math.sqrt(squares / samples),
    maxDriftPp: maxDrift,
    daysToWithin1pp: daysToWithin,
    shareWithin1ppAfter: shareWithinAfter,
    turnover: meanValue > 0 ? sold / meanValue : 0,
    executionCostUsd: Dec.parse(summary.given_up_usd).toNumber(),
    executionCostBps: summary.execution_vs_market_bps,
    auctions,
    maxDrawdown: maxDrawdown(values),
  }
}
