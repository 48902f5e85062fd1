import { writeFileSync } from 'node:fs'
import { type SuggestOnHistoryReturnType, suggestOnHistory } from '@rebalancer/sim'
import { ScenarioSpeedWish } from '@rebalancer/types'
import Table from 'cli-table3'
import { ConfigError, loadScenario, type ScenarioOverrides } from './config.js'
import { bps, usd } from './format.js'

/** Options of `rebalancer-keeper suggest`. */
export interface SuggestOptions extends ScenarioOverrides {
  /** Every weight within this many percentage points of its target (decimal text, > 0). */
  within: string
  /** … in about this many days (whole number, 1..=3650; commander gives text). */
  days: string | number
  /** Write the suggestion, the projected and the actual paths as JSON here. */
  json?: string
}

const OPTION_OF: Record<string, string> = { within_pp: '--within', days: '--days' }

/** The wish of the command line, checked by the scenario's own rule (`ScenarioSpeedWish`). */
function wishOf(options: SuggestOptions): ScenarioSpeedWish {
  // digits only: Number() would read 1e1 or 0x1e
  const days =
    typeof options.days === 'number'
      ? options.days
      : /^\s*\d+\s*$/.test(options.days)
        ? Number(options.days)
        : Number.NaN
  const r = ScenarioSpeedWish.safeParse({ within_pp: options.within, days })
  if (r.success) return r.data
  const problems = r.error.issues.map((i) => `${OPTION_OF[String(i.path[0])] ?? 'wish'} ${i.message}`)
  throw new ConfigError('invalid_wish', problems.join('; '))
}

/** The days at which the projected and the actual paths are shown side by side. */
function milestones(days: number, wishDays: number): number[] {
  const marks = new Set([0, 1, 7, 14, wishDays, 2 * wishDays, 90, 180, 365, days])
  return [...marks].filter((d) => d <= days).sort((a, b) => a - b)
}

/**
 * `suggest`: tunes every account of the scenario for the wish "every weight within `--within` pp
 * of its target in about `--days` days" (core's `suggestParameters` at the first day's prices),
 * prints the suggested P gain and sell cap, the projected path (prices held constant) and what
 * a simulation of the history with those parameters gave, side by side.
 * @throws ConfigError naming `--within` or `--days`, or ScenarioError naming the scenario's field,
 *   before anything runs.
 */
export async function suggest(
  options: SuggestOptions,
  out: NodeJS.WritableStream = process.stdout,
): Promise<SuggestOnHistoryReturnType> {
  const wish = wishOf(options)
  const scenario = loadScenario(options)
  const result = await suggestOnHistory(scenario, wish, options.config ? { file: options.config } : {})
  const style = { style: { head: [], border: [] } }
  const days = (n: number | null) => (n === null ? 'never' : String(n))
  const summary = new Table({
    head: [
      `wish: within ${wish.within_pp} pp in about ${wish.days} days`,
      'P gain',
      'sell cap',
      'projected: days to within',
      'history: days to within',
      'share within after',
      'vs hold',
      'execution cost',
    ],
    ...style,
  })
  for (const a of result.accounts)
    summary.push([
      a.name,
      a.p,
      `${a.maxLimitBps} bps`,
      a.met ? days(a.projectedDaysToWithin) : `${days(a.projectedDaysToWithin)} (wish missed)`,
      days(a.actualDaysToWithin),
      a.actualShareWithinAfter === null ? '-' : `${(a.actualShareWithinAfter * 100).toFixed(0)}%`,
      `${a.metrics.vsBuyAndHoldBps.toFixed(0)} bps`,
      `${usd(a.metrics.executionCostUsd)} (${bps(a.metrics.executionCostBps)})`,
    ])
  out.write(`${summary.toString()}\n`)
  const total = result.report.history.length
  const path = new Table({
    head: ['day', ...result.accounts.flatMap((a) => [`${a.name}: projected`, 'history'])],
    ...style,
  })
  const pp = (v: number | undefined) => (v === undefined ? '' : `${v.toFixed(2)} pp`)
  // day 0: before the first cycle (the history's first record is after day 1's cycle)
  for (const d of milestones(total, wish.days))
    path.push([
      String(d),
      ...result.accounts.flatMap((a) => [pp(a.projectedPp[d]), d === 0 ? '' : pp(a.actualPp[d - 1])]),
    ])
  out.write(
    "largest |weight − target| (projected at the first day's prices held constant; history: as run)\n",
  )
  out.write(`${path.toString()}\n`)
  if (options.json) {
    const { report: _report, ...rest } = result
    writeFileSync(options.json, `${JSON.stringify(rest, null, 2)}\n`)
    out.write(`suggestion written to ${options.json}\n`)
  }
  return result
}
