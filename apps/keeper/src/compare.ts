import { writeFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import {
  backtestJobs,
  bestPerColumn,
  comparisonReport,
  DEFAULT_STRATEGIES,
  type StrategyRow,
} from '@rebalancer/sim'
import { renderHtmlReport } from '@rebalancer/sim/report-html'
import Table from 'cli-table3'
import { loadScenario, type ScenarioOverrides } from './config.js'
import { bps, usd } from './format.js'
import { readStrategies } from './strategies.js'
import { runJobs } from './sweep.js'

/** Options of `rebalancer-keeper compare`. */
export interface CompareOptions extends ScenarioOverrides {
  /** Write the comparison report (`ComparisonReport` of `@rebalancer/types`) as JSON here. */
  json?: string
  /** A JSON/YAML list of strategies `{name, overrides?, account?}` instead of the default set. */
  strategies?: string
  /** Worker threads for the backtests (default: the cores, `os.availableParallelism()`; 1: in process). */
  workers?: number
  /** Put the backtests on the BullMQ queue of this redis server instead (`redis://host:port`). */
  queue?: string
  /** Write the self-contained HTML report (the tables and each strategy's value over time) here. */
  html?: string
}

/**
 * `compare`: runs the default strategies ({@link DEFAULT_STRATEGIES} of `@rebalancer/sim`), or
 * those of `--strategies`, on the scenario's history with the same makers (one backtest job each,
 * on worker threads or a queue) and prints one table per account, the best of each column marked
 * `*`; buy-and-hold and the ideal costless daily rebalance are the first two rows.
 * @throws ConfigError or ScenarioError naming the option or field, StrategyError naming the
 *   strategy whose scenario breaks a rule, before anything runs; StrategyError naming the
 *   strategy whose backtest failed.
 */
export async function compare(
  options: CompareOptions,
  out: NodeJS.WritableStream = process.stdout,
): Promise<StrategyRow[]> {
  // the scenario and every strategy's scenario are checked before anything runs
  const scenario = loadScenario(options)
  const strategies = options.strategies ? readStrategies(options.strategies) : DEFAULT_STRATEGIES
  const jobs = backtestJobs(scenario, strategies, options.config ? { file: options.config } : {})
  const rows = await runJobs(jobs, {
    workers: options.workers ?? availableParallelism(),
    ...(options.queue !== undefined ? { queue: options.queue } : {}),
    log: (line) => process.stderr.write(`${line}\n`),
  })
  const style = { style: { head: [], border: [] } }
  for (const [a, name] of scenario.accounts.map((x, i) => [i, x.name] as const)) {
    const best = bestPerColumn(rows, a)
    const mark = (row: number, key: keyof typeof best, text: string) =>
      best[key] === row ? `${text} *` : text
    const table = new Table({
      head: [
        name,
        'end value',
        'vs hold',
        'tracking error',
        'max drift',
        'days to ±1pp',
        'share within after',
        'turnover',
        'execution cost',
        'auctions',
        'max drawdown',
      ],
      ...style,
    })
    const first = rows[0]!.accounts[a]!
    table.push(['buy-and-hold', usd(first.buyAndHoldUsd), '0 bps', '', '', '', '', '0', '$0', '0', ''])
    table.push([
      'ideal daily rebalance (no cost)',
      usd(first.idealUsd),
      `${((first.idealUsd / first.buyAndHoldUsd - 1) * 10_000).toFixed(0)} bps`,
      '0 pp',
      '0 pp',
      '1',
      '100%',
      '',
      '$0',
      '0',
      '',
    ])
    for (const [i, r] of rows.entries()) {
      const m = r.accounts[a]!
      table.push([
        r.name,
        mark(i, 'endUsd', usd(m.endUsd)),
        mark(i, 'vsBuyAndHoldBps', `${m.vsBuyAndHoldBps.toFixed(0)} bps`),
        mark(i, 'trackingErrorPp', `${m.trackingErrorPp.toFixed(2)} pp`),
        mark(i, 'maxDriftPp', `${m.maxDriftPp.toFixed(2)} pp`),
        mark(i, 'daysToWithin1pp', m.daysToWithin1pp === null ? 'never' : String(m.daysToWithin1pp)),
        mark(
          i,
          'shareWithin1ppAfter',
          m.shareWithin1ppAfter === null ? '-' : `${(m.shareWithin1ppAfter * 100).toFixed(0)}%`,
        ),
        mark(i, 'turnover', m.turnover.toFixed(2)),
        mark(i, 'executionCostUsd', `${usd(m.executionCostUsd)} (${bps(m.executionCostBps)})`),
        String(m.auctions),
        mark(i, 'maxDrawdown', `${(m.maxDrawdown * 100).toFixed(1)}%`),
      ])
    }
    out.write(`${table.toString()}\n`)
  }
  out.write('* best of the column among the strategies\n')
  if (options.json) {
    writeFileSync(options.json, `${JSON.stringify(comparisonReport(scenario, jobs, rows), null, 2)}\n`)
    out.write(`comparison report written to ${options.json}\n`)
  }
  if (options.html) {
    const title = `Rebalancer strategies compared, ${scenario.start} → ${scenario.end}`
    writeFileSync(options.html, renderHtmlReport({ title, compare: { rows } }))
    out.write(`HTML report written to ${options.html}\n`)
  }
  return rows
}
