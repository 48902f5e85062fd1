import { writeFileSync } from 'node:fs'
import { prepareSimulation, runSeries, runSimulation } from '@rebalancer/sim'
import { renderHtmlReport } from '@rebalancer/sim/report-html'
import { Dec, RebalancerError, type ReportCycle, RunReport } from '@rebalancer/types'
import { SingleBar } from 'cli-progress'
import Table from 'cli-table3'
import { type ScenarioOverrides, scenarioInput } from './config.js'
import { bps, usd, useColor } from './format.js'

/** Thrown by {@link start} when its output stream was closed by the reader: nothing to report. */
export class OutputClosedError extends RebalancerError {
  static override readonly kind = 'OutputClosedError'
  constructor() {
    super('output_closed', 'the output stream was closed')
  }
}

/** Options of `rebalancer-keeper start`. */
export interface StartOptions extends ScenarioOverrides {
  report?: string
  /** Write the self-contained HTML report (charts, `renderHtmlReport` of `@rebalancer/sim/report-html`) here. */
  html?: string
  quiet?: boolean
  /** `false` (`--no-color`): plain tables even on a terminal. Colours are off too when `NO_COLOR` is set. */
  color?: boolean
}

const pct = (s: string) => `${(Dec.parse(s).toNumber() * 100).toFixed(2)}%`

function cycleLine(c: ReportCycle, index: number, total: number): string {
  const accounts = c.accounts.map((a) => `${a.name} ${usd(a.total_usd)}`).join(' | ')
  const fills = c.auctions.reduce((n, a) => n + a.fills.length, 0)
  return `[${String(index + 1).padStart(String(total).length)}/${total}] ${c.day}  ${accounts}  auctions ${c.auctions.length} fills ${fills}`
}

/**
 * `start`: runs the keeper's cycle once per simulated day on the embedded localnet with real
 * price history and market makers, shows progress, prints a summary table and optionally
 * writes the full report (JSON, schema `RunReport`) and the HTML report with its charts. Everything is checked first (the scenario,
 * its price file, its dates against the price history): nothing of the run is printed until
 * the simulation is set up.
 * @throws ConfigError or ScenarioError (from `@rebalancer/sim`) naming the field, before any
 *   output; OutputClosedError when `out` is closed during the run (it stops at the next day).
 */
export async function start(
  options: StartOptions,
  out: NodeJS.WriteStream = process.stdout,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RunReport> {
  const t0 = performance.now()
  // read once: prepareSimulation parses the scenario (parseScenario) and checks its prices
  const sim = prepareSimulation(scenarioInput(options), options.config ? { file: options.config } : {})
  const { scenario } = sim
  const tty = out.isTTY && !options.quiet
  const bar = tty
    ? new SingleBar(
        { format: ' {bar} {value}/{total} days | {day} | {accounts}', hideCursor: true },
        undefined,
      )
    : undefined
  out.write(
    `Rebalancer keeper on the embedded localnet: ${scenario.start} → ${scenario.end}, ` +
      `${scenario.accounts.length} accounts, ${scenario.market_makers.length} market makers\n`,
  )
  const report = await runSimulation(sim, {
    onCycle: ({ index, total, day, cycle }) => {
      // the reader went away (`start | head`): the run is all promise callbacks, so the
      // stream's error event would wait for its end; stop at the next day instead
      if (out.errored || out.destroyed) throw new OutputClosedError()
      if (bar) {
        if (index === 0) bar.start(total, 0, { day, accounts: '' })
        bar.update(index + 1, {
          day,
          accounts: cycle.accounts.map((a) => `${a.name} ${usd(a.total_usd)}`).join(' | '),
        })
      } else if (!options.quiet) {
        out.write(`${cycleLine(cycle, index, total)}\n`)
      }
    },
  })
  bar?.stop()
  const seconds = (performance.now() - t0) / 1000

  // colours only on a terminal, and not with --no-color or NO_COLOR: otherwise plain text
  const style = useColor(out, options, env) ? {} : { style: { head: [], border: [] } }
  const table = new Table({
    head: [
      'account',
      'start',
      'end',
      'end weight / target',
      'days to ±1pp',
      'within after',
      'sold',
      'exec vs market',
      'given up (margin + other)',
    ],
    ...style,
  })
  for (const s of report.summary) {
    table.push([
      s.name,
      usd(s.start_usd),
      usd(s.end_usd),
      Object.entries(s.end_weights)
        .map(([d, w]) => `${d} ${pct(w.weight)} / ${pct(w.target)}`)
        .join('\n'),
      s.days_to_within_1pp === null ? 'never' : String(s.days_to_within_1pp),
      s.share_within_1pp_after == null ? '-' : `${(s.share_within_1pp_after * 100).toFixed(0)}%`,
      usd(s.volume_sold_usd),
      s.execution_vs_market_bps === null ? '-' : `${s.execution_vs_market_bps.toFixed(1)} bps`,
      `${usd(s.given_up_usd)} (${bps(s.margin_bps)} + ${bps(s.other_bps)})`,
    ])
  }
  out.write(`\n${table.toString()}\n`)
  const x = report.execution
  const execution = new Table({ head: ['execution quality', ''], ...style })
  execution.push(
    ['oracle / reference', `${x.settings.oracle_mode} / ${x.settings.reference}`],
    ['curve', x.settings.curve],
    ['containment', x.settings.containment],
    [
      'auctions',
      `${x.auctions} (${x.opened_below_market} opened below market, ${x.re_anchored} re-anchored, ${x.refused} refused)`,
    ],
    [
      'fills',
      `${x.fills}: ${usd(x.sold_usd)} sold, ${usd(x.given_up_usd)} given up (${bps(x.execution_bps)})`,
    ],
    [
      'at start price',
      `${x.at_start_price.fills} fills, ${usd(x.at_start_price.usd)} (${(x.at_start_price.share_bps / 100).toFixed(2)}% of volume)`,
    ],
    [
      'first 1% of window',
      `${x.early.fills} fills, ${usd(x.early.usd)} (${(x.early.share_bps / 100).toFixed(2)}% of volume)`,
    ],
    [
      'unfilled lots',
      `${x.unfilled.lots} (${usd(x.unfilled.usd)}): ${x.unfilled.maker_capital} maker capital, ${x.unfilled.live_reserve} live reserve, ${x.unfilled.price_above_market} price above market`,
    ],
    [
      'worst fill',
      x.worst_fill === null
        ? '-'
        : `${x.worst_fill.day} ${x.worst_fill.pair.join('→')} at ${Number(x.worst_fill.price).toPrecision(6)} vs market ${Number(x.worst_fill.market_price).toPrecision(6)} (${x.worst_fill.vs_market_bps.toFixed(1)} bps)`,
    ],
  )
  out.write(`${execution.toString()}\n`)
  const makers = new Table({
    head: ['market maker', 'margin', 'fills', 'bought', 'hedged (cost)'],
    ...style,
  })
  for (const m of report.makers)
    makers.push([
      m.name,
      `${m.margin_bps} bps`,
      String(m.fills),
      usd(m.bought_usd),
      `${usd(m.hedged_usd)} (${usd(m.hedge_cost_usd)})`,
    ])
  out.write(`${makers.toString()}\n`)
  const conserved = Object.values(report.supply).every(
    (s) => BigInt(s.before) + BigInt(s.market) === BigInt(s.after),
  )
  out.write(
    `${report.cycles_run} cycles in ${seconds.toFixed(1)} s; on-chain supply of every denom ${conserved ? "conserved (before + makers' market trades = after)" : 'CHANGED'}\n`,
  )
  if (options.report) {
    RunReport.parse(report) // the report always matches its documented schema
    writeFileSync(options.report, `${JSON.stringify(report, null, 2)}\n`)
    out.write(`report written to ${options.report}\n`)
  }
  if (options.html) {
    const title = `Rebalancer simulation ${scenario.start} → ${scenario.end}`
    writeFileSync(options.html, renderHtmlReport({ title, run: { report, series: runSeries(sim, report) } }))
    out.write(`HTML report written to ${options.html}\n`)
  }
  return report
}
