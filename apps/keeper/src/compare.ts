import { writeFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import {
  backtestJobs,
  bestPerColumn,
  comparisonReport,
  DEFAULT_STRATEGIES,
  type StrategyRow,
} from '@rebalancer/sim'
import { comparisonTable } from '@rebalancer/sim/charts'
import { renderHtmlReport } from '@rebalancer/sim/report-html'
import Table from 'cli-table3'
import { ConfigError, loadScenario, type ScenarioOverrides } from './config.js'
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
  if (options.queue !== undefined && options.workers !== undefined)
    throw new ConfigError(
      'queue_with_workers',
      '--workers and --queue exclude each other: with --queue the workers (`rebalancer-keeper worker --concurrency n`) run the backtests',
    )
  const scenario = loadScenario(options)
  const strategies = options.strategies ? readStrategies(options.strategies) : DEFAULT_STRATEGIES
  const jobs = backtestJobs(scenario, strategies, options.config ? { file: options.config } : {})
  const rows = await runJobs(jobs, {
    workers: options.workers ?? availableParallelism(),
    ...(options.queue !== undefined ? { queue: options.queue } : {}),
    log: (line) => process.stderr.write(`${line}\n`),
  })
  // the same table as the HTML report's (sim's comparisonTable), best of each column marked *
  const best = scenario.accounts.map((_a, i) => bestPerColumn(rows, i))
  for (const i of scenario.accounts.keys()) {
    const t = comparisonTable(rows, i, best[i]!)
    const table = new Table({ head: [t.account, ...t.head.slice(1)], style: { head: [], border: [] } })
    for (const r of t.rows) table.push([r.name, ...r.cells.map((c, k) => (r.best[k] ? `${c} *` : c))])
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
