import { writeFileSync } from 'node:fs'
import { bestPerColumn, compareStrategies, DEFAULT_STRATEGIES, type StrategyRow } from '@rebalancer/sim'
import { renderHtmlReport } from '@rebalancer/sim/report-html'
import Table from 'cli-table3'
import { loadScenario, type ScenarioOverrides } from './config.js'
import { bps, usd } from './format.js'

/** Options of `rebalancer-keeper compare`. */
export interface CompareOptions extends ScenarioOverrides {
  /** Write the rows (every account's measures per strategy) as JSON here. */
  json?: string
  /** Write the self-contained HTML report (the tables and each strategy's value over time) here. */
  html?: string
}

/**
 * `compare`: runs the default strategies ({@link DEFAULT_STRATEGIES} of `@rebalancer/sim`) on the
 * scenario's history with the same makers and prints one table per account, the best of each
 * column marked `*`; buy-and-hold and the ideal costless daily rebalance are the first two rows.
 * Optionally writes the rows as JSON and the HTML report (the same tables, value over time).
 * @throws ConfigError or ScenarioError naming the field, before anything runs.
 */
export async function compare(
  options: CompareOptions,
  out: NodeJS.WritableStream = process.stdout,
): Promise<StrategyRow[]> {
  // the scenario is checked before anything runs; each strategy's fields when it runs
  const scenario = loadScenario(options)
  const rows = await compareStrategies(
    scenario,
    DEFAULT_STRATEGIES,
    options.config ? { file: options.config } : {},
  )
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
    writeFileSync(options.json, `${JSON.stringify(rows, null, 2)}\n`)
    out.write(`rows written to ${options.json}\n`)
  }
  if (options.html) {
    const title = `Rebalancer strategies compared, ${scenario.start} → ${scenario.end}`
    writeFileSync(options.html, renderHtmlReport({ title, compare: { rows } }))
    out.write(`HTML report written to ${options.html}\n`)
  }
  return rows
}
