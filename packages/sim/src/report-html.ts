/**
 * The HTML report of `rebalancer-keeper start --html` and `compare --html` (issue #12,
 * "Pictures"): one self-contained file (Chart.js's browser build inlined, no network) with the
 * charts of {@link runCharts} / {@link compareCharts} and the tables. Subpath
 * `@rebalancer/sim/report-html`; the pure chart builders are also at `@rebalancer/sim/charts`
 * (no Node built-ins) for a browser page.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { RunReport } from '@rebalancer/types'
import { type ChartSpec, type ComparisonTable, compareCharts, runCharts } from './charts.js'
import { bestPerColumn, type StrategyRow } from './compare.js'
import { SimulationError } from './errors.js'
import type { RunSeries } from './series.js'

export * from './charts.js'

/** What {@link renderHtmlReport} draws: a run (start), a comparison (compare), or both. */
export interface HtmlReportInput {
  /** The page's title and heading; default "Rebalancer report". */
  title?: string
  /** A finished run: its report and its {@link RunSeries} (`runSeries(sim, report)`). */
  run?: { report: RunReport; series: RunSeries }
  /** A comparison: compare's rows (`compareStrategies`), each with its daily series. */
  compare?: { rows: readonly StrategyRow[] }
}

/** `text` safe inside HTML text and attribute values: `& < > " '` as entities. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  )
}

/** JSON safe inside a `<script>` element: `<`, U+2028 and U+2029 escaped (no `</script>` in it). */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}

/**
 * A `require` resolving from this module: ESM has `import.meta.url`; the CJS build has no
 * `import.meta` (esbuild leaves an empty object) but has `__filename` (as prices.ts does).
 */
function packageRequire(): NodeJS.Require {
  const url = (import.meta as { url?: string }).url
  return createRequire(typeof url === 'string' && url !== '' ? url : __filename)
}

/**
 * Chart.js's minified browser build (`chart.umd.min.js`, defines the global `Chart`), read from
 * the installed `chart.js` package. Its text has no `</script`; it is checked anyway.
 * @throws SimulationError `chart_library_unreadable` when the file cannot be read.
 */
export function chartLibrary(): string {
  try {
    const main = packageRequire().resolve('chart.js')
    const code = readFileSync(join(dirname(main), 'chart.umd.min.js'), 'utf8')
    return code.replace(/<\/script/gi, '<\\/script')
  } catch (e) {
    throw new SimulationError(
      'chart_library_unreadable',
      `cannot read Chart.js's browser build (chart.js/dist/chart.umd.min.js): ${e instanceof Error ? e.message : String(e)}`,
      { cause: e },
    )
  }
}

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #222; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2.5rem; } h3 { font-size: 1.05rem; }
.chart { position: relative; height: 340px; }
.caption { color: #555; font-size: 0.9rem; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.85rem; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: right; }
th:first-child, td:first-child { text-align: left; }
tr.baseline td { color: #666; font-style: italic; }
td.best { font-weight: bold; background: #e8f4ea; }
`

function chartSection(spec: ChartSpec): string {
  return `<section class="chart-section" data-chart="${escapeHtml(spec.id)}">
<h3>${escapeHtml(spec.title)}</h3>
<div class="chart"><canvas id="chart-${escapeHtml(spec.id)}" role="img" aria-label="${escapeHtml(spec.title)}"></canvas></div>
<p class="caption">${escapeHtml(spec.caption)}</p>
</section>`
}

function table(head: readonly string[], rows: readonly string[][], attrs = ''): string {
  return `<table${attrs}><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>
<tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n')}</tbody></table>`
}

function comparisonHtml(t: ComparisonTable, index: number): string {
  const body = t.rows
    .map(
      (r) =>
        `<tr class="${r.baseline ? 'baseline' : 'strategy'}"><td>${escapeHtml(r.name)}</td>${r.cells
          .map((c, i) =>
            r.best[i] ? `<td class="best">${escapeHtml(c)} ★</td>` : `<td>${escapeHtml(c)}</td>`,
          )
          .join('')}</tr>`,
    )
    .join('\n')
  return `<table class="comparison" data-account="${index}"><caption>${escapeHtml(t.account)}</caption>
<thead><tr>${t.head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>
<tbody>${body}</tbody></table>`
}

const usd = (s: string) => `$${Math.round(Number(s)).toLocaleString('en-US')}`

function runSummary(report: RunReport, series: RunSeries): string {
  const rows = report.summary.map((s, i) => {
    const hold = series.accounts[i]?.buyAndHoldUsd.at(-1)
    const end = Number(s.end_usd)
    return [
      s.name,
      usd(s.start_usd),
      usd(s.end_usd),
      hold === undefined ? '-' : `$${Math.round(hold).toLocaleString('en-US')}`,
      hold === undefined || hold <= 0 ? '-' : `${((end / hold - 1) * 10_000).toFixed(1)} bps`,
      s.days_to_within_1pp === null ? 'never' : String(s.days_to_within_1pp),
      s.share_within_1pp_after == null ? '-' : `${(s.share_within_1pp_after * 100).toFixed(0)}%`,
      s.execution_vs_market_bps === null ? '-' : `${s.execution_vs_market_bps.toFixed(1)} bps`,
    ]
  })
  const x = report.execution
  return `${table(
    [
      'account',
      'start',
      'end',
      'buy-and-hold',
      'vs buy-and-hold',
      'days to ±1 pp',
      'share within ±1 pp after',
      'execution vs market',
    ],
    rows,
    ' class="summary"',
  )}
<p class="caption">${escapeHtml(
    `${x.auctions} auctions (${x.opened_below_market} opened below the market, ${x.re_anchored} re-anchored, ` +
      `${x.refused} refused), ${x.fills} fills; execution ${x.execution_bps === null ? '-' : `${x.execution_bps.toFixed(1)} bps`}. ` +
      `Oracle ${x.settings.oracle_mode}, reference ${x.settings.reference}, curve ${x.settings.curve}, containment ${x.settings.containment}.`,
  )}</p>`
}

/**
 * The report as one HTML document: headings, tables and a `<canvas>` per chart, Chart.js's
 * browser build and the chart configurations inlined (it opens from `file://` with no network).
 * Every name (accounts, strategies, makers, the title) is escaped: in HTML text as entities, in
 * the inlined JSON with `<` as `\u003c`; Chart.js draws labels on the canvas as text.
 * @throws SimulationError `invalid_report_input` when neither `run` nor `compare` is given, when
 *   `run.series.days` does not have one day per `run.report.history` cycle, or when `compare.rows`
 *   is empty; `chart_library_unreadable` (see {@link chartLibrary}).
 */
export function renderHtmlReport(input: HtmlReportInput): string {
  const { run, compare } = input
  if (!run && !compare)
    throw new SimulationError('invalid_report_input', 'renderHtmlReport: give `run`, `compare` or both')
  if (run && run.series.days.length !== run.report.history.length)
    throw new SimulationError(
      'invalid_report_input',
      `renderHtmlReport: run.series.days has ${run.series.days.length} days, run.report.history ${run.report.history.length} cycles (must be equal)`,
    )
  if (compare && compare.rows.length === 0)
    throw new SimulationError('invalid_report_input', 'renderHtmlReport: compare.rows must not be empty')
  const title = input.title ?? 'Rebalancer report'
  const specs: ChartSpec[] = []
  const parts: string[] = []
  if (run) {
    const charts = runCharts(run.report, run.series)
    specs.push(...charts)
    const days = run.series.days
    parts.push(
      `<h2>Run ${escapeHtml(days[0] ?? '')} → ${escapeHtml(days.at(-1) ?? '')} (${days.length} days)</h2>`,
      runSummary(run.report, run.series),
      ...charts.map(chartSection),
    )
  }
  if (compare) {
    const rows = compare.rows
    const { charts, tables } = compareCharts(
      rows,
      (rows[0]?.accounts ?? []).map((_, i) => bestPerColumn(rows, i)),
    )
    specs.push(...charts)
    const days = compare.rows[0]!.series.days
    parts.push(
      `<h2>Strategies compared, ${escapeHtml(days[0] ?? '')} → ${escapeHtml(days.at(-1) ?? '')} (${days.length} days)</h2>`,
      '<p class="caption">★ best of the column among the strategies; buy-and-hold and the ideal rebalance are baselines from prices alone.</p>',
      ...tables.map((t, i) => `${comparisonHtml(t, i)}\n${charts[i] ? chartSection(charts[i]) : ''}`),
    )
  }
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${parts.join('\n')}
<script>${chartLibrary()}</script>
<script type="application/json" id="report-charts">${scriptJson(specs)}</script>
<script>
for (const spec of JSON.parse(document.getElementById('report-charts').textContent)) {
  new Chart(document.getElementById('chart-' + spec.id), spec.config)
}
document.body.dataset.chartsRendered = 'true'
</script>
</body>
</html>
`
}
