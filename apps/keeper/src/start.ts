import { writeFileSync } from 'node:fs'
import { prepareSimulation, runSimulation } from '@rebalancer/sim'
import { Dec, RebalancerError, type ReportCycle, RunReport } from '@rebalancer/types'
import { SingleBar } from 'cli-progress'
import Table from 'cli-table3'
import { loadScenario, type ScenarioOverrides } from './config.js'

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
  quiet?: boolean
}

const usd = (s: string) =>
  `$${Number(Dec.parse(s).toFixed(0)).toLocaleString('en-US', { maximumFractionDigits: 0 })}`
const pct = (s: string) => `${(Dec.parse(s).toNumber() * 100).toFixed(2)}%`

function cycleLine(c: ReportCycle, index: number, total: number): string {
  const accounts = c.accounts.map((a) => `${a.name} ${usd(a.total_usd)}`).join(' | ')
  const fills = c.auctions.reduce((n, a) => n + a.fills.length, 0)
  return `[${String(index + 1).padStart(String(total).length)}/${total}] ${c.day}  ${accounts}  auctions ${c.auctions.length} fills ${fills}`
}

/**
 * `start`: runs the keeper's cycle once per simulated day on the embedded localnet with real
 * price history and market makers, shows progress, prints a summary table and optionally
 * writes the full report (JSON, schema `RunReport`). Everything is checked first (the scenario,
 * its price file, its dates against the price history): nothing of the run is printed until
 * the simulation is set up.
 * @throws ConfigError or ScenarioError (from `@rebalancer/sim`) naming the field, before any
 *   output; OutputClosedError when `out` is closed during the run (it stops at the next day).
 */
export async function start(
  options: StartOptions,
  out: NodeJS.WriteStream = process.stdout,
): Promise<RunReport> {
  const t0 = performance.now()
  const sim = prepareSimulation(loadScenario(options), options.config ? { file: options.config } : {})
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

  // colours only on a terminal: a piped or redirected summary stays plain text
  const style = out.isTTY ? {} : { style: { head: [], border: [] } }
  const table = new Table({
    head: ['account', 'start', 'end', 'end weight / target', 'days to ±1pp', 'sold', 'exec vs market'],
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
      usd(s.volume_sold_usd),
      s.execution_vs_market_bps === null ? '-' : `${s.execution_vs_market_bps.toFixed(1)} bps`,
    ])
  }
  out.write(`\n${table.toString()}\n`)
  const makers = new Table({ head: ['market maker', 'margin', 'fills', 'bought'], ...style })
  for (const m of report.makers)
    makers.push([m.name, `${m.margin_bps} bps`, String(m.fills), usd(m.bought_usd)])
  out.write(`${makers.toString()}\n`)
  const conserved = Object.values(report.supply).every((s) => s.before === s.after)
  out.write(
    `${report.cycles_run} cycles in ${seconds.toFixed(1)} s; total supply of every denom ${conserved ? 'unchanged' : 'CHANGED'}\n`,
  )
  if (options.report) {
    RunReport.parse(report) // the report always matches its documented schema
    writeFileSync(options.report, `${JSON.stringify(report, null, 2)}\n`)
    out.write(`report written to ${options.report}\n`)
  }
  return report
}
