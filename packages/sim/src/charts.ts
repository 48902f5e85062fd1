/**
 * The charts of a run's and a comparison's HTML report (issue #12, "Pictures") as plain data:
 * Chart.js 4 configurations (no functions, no DOM) built from a {@link RunReport} with its
 * {@link RunSeries}, or from compare's {@link StrategyRow}s. The same code serves the keeper's
 * `--html` report and a browser page (the demo site): pass a spec's `config` to `new Chart(canvas,
 * config)`. Pure: no I/O, no clock; it imports no module that needs Node (bundles for a browser).
 */
import { Dec, type RunReport } from '@rebalancer/types'
import type { ChartConfiguration } from 'chart.js'
// types only from compare.js: its runtime pulls in the runner (Node); bestPerColumn comes in as data
import type { StrategyRow } from './compare.js'
import { SimulationError } from './errors.js'
import { ONE_PP } from './metrics.js'
import type { AuctionReplay } from './replay.js'
import type { RunSeries } from './series.js'
import type { StrategyMetrics, ValueSeries } from './strategy.js'

/** A point of the execution chart: the cycle's day and a value in bps. */
export interface DayPoint {
  x: string
  y: number
}

/**
 * A Chart.js chart on the run's days: lines (and, for the weight bands, floating bars
 * `[low, high]`); plain data, serialisable as JSON.
 */
export type LineChartConfig = ChartConfiguration<
  'line' | 'bar',
  (number | null | DayPoint | [number, number])[],
  string
>

/** One chart of a report: an id (unique in the report), a title, a caption and its configuration. */
export interface ChartSpec {
  /** Unique within a report, `[a-z0-9-]`: the canvas id is `chart-<id>`. */
  id: string
  title: string
  /** What the chart shows and how to read it (units, the band, the sign). */
  caption: string
  config: LineChartConfig
}

/**
 * The half-width of the target band of the weight charts, percentage points: the tolerance of the
 * "days to ±1 pp" measures ({@link ONE_PP}).
 */
export const WEIGHT_BAND_PP = ONE_PP.toNumber() * 100

/** Colours of the series, in order (a colour-blind-safe set: Okabe–Ito). */
export const PALETTE = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#f0e442']
/** Baselines only: buy-and-hold grey, the ideal rebalance black, both dashed. */
const BASELINE = '#7f7f7f'
const IDEAL = '#000000'
/** Line styles after the palette's colours are used up: solid, dotted, dash-dot, long dash. */
const STYLES: readonly (number[] | undefined)[] = [undefined, [2, 3], [8, 3, 2, 3], [12, 4]]

const colour = (i: number) => PALETTE[i % PALETTE.length]!
/** Series `i` of many: the palette's colour, and a line style per round of the palette. */
const styleOf = (i: number) => STYLES[Math.floor(i / PALETTE.length) % STYLES.length]
/** `#rrggbb` with an alpha (0..1) as `rgba(...)`. */
function alpha(hex: string, a: number): string {
  const n = Number.parseInt(hex.slice(1), 16)
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${a})`
}

/** The options every chart shares: no animation (a static report), days on x, a title on y. */
function lineOptions(yTitle: string): LineChartConfig['options'] {
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    interaction: { mode: 'nearest', intersect: false },
    elements: { point: { radius: 0 }, line: { borderWidth: 1.5 } },
    scales: {
      x: { type: 'category', ticks: { maxTicksLimit: 12, autoSkip: true } },
      y: { title: { display: true, text: yTitle } },
    },
    plugins: { legend: { position: 'bottom' } },
  }
}

function line(
  label: string,
  data: (number | null)[],
  color: string,
  dash: boolean | number[] | undefined = false,
) {
  return {
    label,
    data,
    borderColor: color,
    backgroundColor: color,
    pointRadius: 0,
    fill: false,
    ...(dash === true ? { borderDash: [6, 4] } : Array.isArray(dash) ? { borderDash: dash } : {}),
  }
}

/** A short id fragment for account `i`. */
const accountId = (i: number) => `account-${i}`

/**
 * Account `index`'s value per day against buy-and-hold and the ideal costless daily rebalance
 * (USD; the series of {@link RunSeries}, i.e. sim's `buyAndHold` / `idealRebalance`).
 */
export function valueChart(series: ValueSeries, index: number): ChartSpec {
  const a = series.accounts[index]!
  return {
    id: `value-${accountId(index)}`,
    title: `${a.name}: value against buy-and-hold`,
    caption:
      'USD value after each day, against the same initial holdings never traded (buy-and-hold) and an ideal ' +
      'costless rebalance to the targets every day.',
    config: {
      type: 'line',
      data: {
        labels: series.days,
        datasets: [
          line(a.name, a.valueUsd, colour(0)),
          line('buy-and-hold', a.buyAndHoldUsd, BASELINE, true),
          line('ideal daily rebalance (no cost)', a.idealUsd, colour(2), true),
        ],
      },
      options: lineOptions('USD'),
    },
  }
}

/**
 * Account `index`'s weight per denom per day (percent) against its target band, target ±
 * {@link WEIGHT_BAND_PP} pp (targets from the summary's `end_weights`): the band is the area
 * between its lower and upper edge, in the denom's colour.
 */
export function weightChart(report: RunReport, index: number): ChartSpec {
  const summary = report.summary[index]!
  const datasets: LineChartConfig['data']['datasets'] = []
  for (const [k, [denom, w]] of Object.entries(summary.end_weights).entries()) {
    const c = colour(k)
    const target = Dec.parse(w.target).toNumber() * 100
    const band: [number, number] = [target - WEIGHT_BAND_PP, target + WEIGHT_BAND_PP]
    datasets.push(
      line(
        denom,
        report.history.map((cy) => Dec.parse(cy.accounts[index]!.weights[denom] ?? '0').toNumber() * 100),
        c,
      ),
      {
        // the band: one floating bar [target − 1 pp, target + 1 pp] per day, drawn behind the lines
        type: 'bar',
        label: `${denom} target ± ${WEIGHT_BAND_PP} pp`,
        data: report.history.map(() => band),
        backgroundColor: alpha(c, 0.2),
        borderWidth: 0,
        barPercentage: 1,
        categoryPercentage: 1,
        // every band spans the whole day, not a quarter of it beside the others
        grouped: false,
        order: 1,
      },
    )
  }
  return {
    id: `weights-${accountId(index)}`,
    title: `${summary.name}: weights against the target band`,
    caption: `Each denom's share of the account's value after each day, percent; the shaded band is its target ± ${WEIGHT_BAND_PP} pp.`,
    config: {
      type: 'line',
      data: { labels: report.history.map((c) => c.day), datasets },
      options: lineOptions('% of value'),
    },
  }
}

/**
 * Every fill's execution against the market (`vs_market_bps`, one point per fill on its day, one
 * colour per denom sold; negative: sold below the market), the fills taken at the auction's start price
 * drawn again as larger rings: with a lagging oracle the auctions open below the market, the makers
 * take them at once, and those fills fall below zero.
 */
export function executionChart(report: RunReport): ChartSpec {
  const bySold = new Map<string, DayPoint[]>()
  const atStart: DayPoint[] = []
  for (const c of report.history)
    for (const a of c.auctions) {
      const key = a.pair[0]
      const points = bySold.get(key) ?? []
      for (const f of a.fills) {
        const point = { x: c.day, y: round2(f.vs_market_bps) }
        points.push(point)
        if (f.at_start_price) atStart.push(point)
      }
      bySold.set(key, points)
    }
  const s = report.execution.settings
  return {
    id: 'execution',
    title: 'Auction execution against the market',
    caption:
      `Each fill's price against the market price at its time, bps (negative: sold below the market), coloured ` +
      `by the denom sold; rings: ` +
      `fills at the auction's start price (the price had not moved yet). Oracle ${s.oracle_mode}, reference ` +
      `${s.reference}, curve ${s.curve}, containment ${s.containment}.`,
    config: {
      type: 'line',
      data: {
        labels: report.history.map((c) => c.day),
        datasets: [
          ...[...bySold.entries()].map(([sold, points], i) => ({
            label: `fills selling ${sold}`,
            data: points,
            borderColor: colour(i),
            backgroundColor: alpha(colour(i), 0.6),
            showLine: false,
            pointRadius: 2,
          })),
          {
            label: "fills at the auction's start price",
            data: atStart,
            borderColor: '#000000',
            backgroundColor: 'rgba(0, 0, 0, 0)',
            showLine: false,
            pointRadius: 5,
            pointBorderWidth: 1,
          },
        ],
      },
      options: lineOptions('bps against the market'),
    },
  }
}

/**
 * Each market maker's capital per day (USD, from {@link RunSeries.makers}) and, in a second chart,
 * its gain against holding its funding (capital − the funding's buy-and-hold value): what its
 * margins earned less what hedging cost.
 */
export function makerCharts(series: RunSeries): ChartSpec[] {
  const options = lineOptions('USD')
  return [
    {
      id: 'makers',
      title: "Market makers' capital",
      caption:
        'Each maker’s holdings after each day (its funding, plus what it bought, minus what it paid, plus its ' +
        'hedges), valued in USD at that day’s market prices.',
      config: {
        type: 'line',
        data: {
          labels: series.days,
          datasets: series.makers.map((m, i) => line(m.name, m.capitalUsd, colour(i))),
        },
        options,
      },
    },
    {
      id: 'makers-gain',
      title: "Market makers' gain against holding their funding",
      caption:
        'Each maker’s capital less its funding never traded (valued the same day): what its margins earned, ' +
        'less what hedging cost, USD.',
      config: {
        type: 'line',
        data: {
          labels: series.days,
          datasets: series.makers.map((m, i) =>
            line(
              m.name,
              m.capitalUsd.map((v, k) => round2(v - (m.holdUsd[k] ?? 0))),
              colour(i),
            ),
          ),
        },
        options,
      },
    },
  ]
}

/** Every chart of a run's report: per account value and weights, then execution, makers' capital and gain. */
export function runCharts(report: RunReport, series: RunSeries): ChartSpec[] {
  return [
    ...report.summary.flatMap((_, i) => [valueChart(series, i), weightChart(report, i)]),
    executionChart(report),
    ...makerCharts(series),
  ]
}

/**
 * Account `index`'s value per day under each strategy of a comparison, with buy-and-hold and the
 * ideal rebalance (the same for every row: prices alone; taken from the first).
 */
export function compareValueChart(rows: readonly StrategyRow[], index: number): ChartSpec {
  const first = rows[0]!.series
  const base = first.accounts[index]!
  return {
    id: `compare-value-${accountId(index)}`,
    title: `${base.name}: value per strategy`,
    caption:
      'USD value after each day under each strategy, against buy-and-hold and the ideal costless daily rebalance.',
    config: {
      type: 'line',
      data: {
        labels: first.days,
        datasets: [
          ...rows.map((r, i) => line(r.name, r.series.accounts[index]!.valueUsd, colour(i), styleOf(i))),
          line('buy-and-hold', base.buyAndHoldUsd, BASELINE, true),
          line('ideal daily rebalance (no cost)', base.idealUsd, IDEAL, true),
        ],
      },
      options: lineOptions('USD'),
    },
  }
}

/** The columns of {@link comparisonTable}, in order: the measure and its heading. */
export const COMPARISON_COLUMNS: readonly { key: keyof StrategyMetrics; head: string }[] = [
  { key: 'endUsd', head: 'end value' },
  { key: 'vsBuyAndHoldBps', head: 'vs buy-and-hold' },
  { key: 'trackingErrorPp', head: 'tracking error' },
  { key: 'maxDriftPp', head: 'max drift' },
  { key: 'daysToWithin1pp', head: 'days to ±1 pp' },
  { key: 'shareWithin1ppAfter', head: 'share within after' },
  { key: 'turnover', head: 'turnover' },
  { key: 'executionCostUsd', head: 'execution cost' },
  { key: 'executionCostBps', head: 'execution cost (bps)' },
  { key: 'auctions', head: 'auctions' },
  { key: 'maxDrawdown', head: 'max drawdown' },
]

/** One row of a {@link ComparisonTable}: the strategy, its cells as text, which are best. */
export interface ComparisonTableRow {
  name: string
  cells: string[]
  /** Per cell: the best of its column among the strategies (sim's `bestPerColumn`). */
  best: boolean[]
  /** A baseline from prices alone (buy-and-hold, ideal rebalance), not a strategy. */
  baseline: boolean
}

/** An account's comparison table: headings and rows (baselines first), as text. */
export interface ComparisonTable {
  account: string
  head: string[]
  rows: ComparisonTableRow[]
}

const round2 = (v: number) => Math.round(v * 100) / 100
const usdText = (v: number) => `$${Math.round(v).toLocaleString('en-US')}`
const ppText = (v: number) => `${v.toFixed(2)} pp`

/** A measure as the table shows it (units as `rebalancer-keeper compare` prints them). */
export function formatMeasure(key: keyof StrategyMetrics, m: StrategyMetrics): string {
  const v = m[key]
  if (v === null) return key === 'daysToWithin1pp' ? 'never' : '-'
  if (typeof v !== 'number') return String(v)
  switch (key) {
    case 'endUsd':
    case 'startUsd':
    case 'buyAndHoldUsd':
    case 'idealUsd':
    case 'executionCostUsd':
      return usdText(v)
    case 'vsBuyAndHoldBps':
    case 'executionCostBps':
      return `${v.toFixed(1)} bps`
    case 'trackingErrorPp':
    case 'maxDriftPp':
      return ppText(v)
    case 'shareWithin1ppAfter':
      return `${(v * 100).toFixed(0)}%`
    case 'turnover':
      return v.toFixed(2)
    case 'maxDrawdown':
      return `${(v * 100).toFixed(1)}%`
    default:
      return String(v)
  }
}

/** The best row per ranked column of one account: what sim's `bestPerColumn(rows, account)` returns. */
export type BestPerColumn = Partial<Record<keyof StrategyMetrics, number>>

/**
 * Account `index`'s comparison: buy-and-hold and the ideal rebalance first (from the first row),
 * then every strategy's measures ({@link COMPARISON_COLUMNS}), the best of each ranked column
 * marked: `best` is sim's `bestPerColumn(rows, index)` (over `STRATEGY_COLUMNS`; baselines are
 * not ranked). It comes in as data so that this module stays free of the runner (and of Node).
 */
export function comparisonTable(
  rows: readonly StrategyRow[],
  index: number,
  best: BestPerColumn,
): ComparisonTable {
  const first = rows[0]!.accounts[index]!
  const empty = COMPARISON_COLUMNS.map(() => false)
  const ideal = first.buyAndHoldUsd > 0 ? (first.idealUsd / first.buyAndHoldUsd - 1) * 10_000 : 0
  const baselineCells = (end: number, vs: number) =>
    COMPARISON_COLUMNS.map(({ key }) =>
      key === 'endUsd' ? usdText(end) : key === 'vsBuyAndHoldBps' ? `${vs.toFixed(1)} bps` : '',
    )
  return {
    account: first.name,
    head: ['strategy', ...COMPARISON_COLUMNS.map((c) => c.head)],
    rows: [
      { name: 'buy-and-hold', cells: baselineCells(first.buyAndHoldUsd, 0), best: empty, baseline: true },
      {
        name: 'ideal daily rebalance (no cost)',
        cells: baselineCells(first.idealUsd, ideal),
        best: empty,
        baseline: true,
      },
      ...rows.map((r, i) => ({
        name: r.name,
        cells: COMPARISON_COLUMNS.map(({ key }) => formatMeasure(key, r.accounts[index]!)),
        best: COMPARISON_COLUMNS.map(({ key }) => best[key] === i),
        baseline: false,
      })),
    ],
  }
}

/**
 * Every chart and table of a comparison's report: per account, value per strategy and its table.
 * `best[i]` is sim's `bestPerColumn(rows, i)` for account `i`.
 */
export function compareCharts(
  rows: readonly StrategyRow[],
  best: readonly BestPerColumn[],
): { charts: ChartSpec[]; tables: ComparisonTable[] } {
  const accounts = rows[0]?.accounts.length ?? 0
  const indices = Array.from({ length: accounts }, (_, i) => i)
  return {
    charts: indices.map((i) => compareValueChart(rows, i)),
    tables: indices.map((i) => comparisonTable(rows, i, best[i] ?? {})),
  }
}

/** A point of the auction chart: a block height and a price in whole tokens. */
export interface BlockPoint {
  x: number
  y: number
}

/** A Chart.js line chart on block heights (a linear x scale); plain data, serialisable as JSON. */
export type AuctionChartConfig = ChartConfiguration<'line', BlockPoint[], string>

/** {@link auctionChart}'s spec: like {@link ChartSpec}, with the block-height config. */
export interface AuctionChartSpec {
  id: string
  title: string
  caption: string
  config: AuctionChartConfig
}

/**
 * Index in {@link auctionChart}'s datasets of the current-block marker (a vertical line): set its
 * `data` to {@link auctionChartMarker}'s points and update the chart as the visitor scrubs.
 */
export const AUCTION_MARKER_DATASET = 0

/** The lowest and highest price (auction's or market's) the replay's chart draws, whole tokens. */
function auctionPriceRange(replay: AuctionReplay): [number, number] {
  let lo = Number.POSITIVE_INFINITY
  let hi = Number.NEGATIVE_INFINITY
  for (const f of replay.frames) {
    lo = Math.min(lo, f.priceNumber, f.marketNumber)
    hi = Math.max(hi, f.priceNumber, f.marketNumber)
  }
  return [lo, hi]
}

/**
 * The current-block marker of {@link auctionChart} at `replay.frames[frame]`: a vertical line
 * from the lowest to the highest price of the chart at that block's height.
 * @throws SimulationError `invalid_report_input` for a frame index out of range.
 */
export function auctionChartMarker(replay: AuctionReplay, frame: number): BlockPoint[] {
  const f = replay.frames[frame]
  if (!Number.isSafeInteger(frame) || f === undefined)
    throw new SimulationError(
      'invalid_report_input',
      `frame ${frame} is out of range: it must be an integer from 0 to ${replay.frames.length - 1}`,
    )
  const [lo, hi] = auctionPriceRange(replay)
  return [
    { x: f.height, y: lo },
    { x: f.height, y: hi },
  ]
}

/**
 * The "Watch an auction" chart of an {@link AuctionReplay} (issue #13): on the auction's blocks,
 * the price a bid pays (the descending curve raised to the live reserve), the market price, the
 * live reserve when there is one (dashed), every fill as a point at its block and price (coloured
 * by maker), and the current-block marker (dataset {@link AUCTION_MARKER_DATASET}, at the first
 * frame; move it with {@link auctionChartMarker}). Prices in whole tokens of the buy denom per
 * whole token of the sell denom. Pure: plain data.
 */
export function auctionChart(replay: AuctionReplay): AuctionChartSpec {
  const { summary, frames } = replay
  const unit = `${summary.buy.symbol} per ${summary.sell.symbol}`
  const reserve = frames.some((f) => f.reserve !== null)
  const scale = 10 ** (summary.sell.decimals - summary.buy.decimals)
  const makerIndex = new Map(replay.makers.map((m, i) => [m.address, i]))
  const fillsBy = replay.makers.map(() => [] as BlockPoint[])
  for (const f of frames)
    for (const fill of f.fills) {
      const i = makerIndex.get(fill.maker)
      if (i !== undefined) fillsBy[i]!.push({ x: fill.height, y: f.priceNumber })
    }
  return {
    id: 'auction',
    title: `Auction ${summary.sell.symbol} → ${summary.buy.symbol}, ${summary.day}`,
    caption:
      `The price a bid pays at each block (${unit}; the curve${reserve ? ', held up by the live reserve' : ''}) ` +
      `against the market price at that block's time; dots: the makers' fills; the vertical line: the block shown.`,
    config: {
      type: 'line',
      data: {
        datasets: [
          {
            label: 'block shown',
            data: auctionChartMarker(replay, 0),
            borderColor: '#000000',
            borderWidth: 1,
            pointRadius: 0,
          },
          {
            label: 'auction price',
            data: frames.map((f) => ({ x: f.height, y: f.priceNumber })),
            borderColor: colour(0),
            backgroundColor: colour(0),
            pointRadius: 0,
          },
          {
            label: 'market price',
            data: frames.map((f) => ({ x: f.height, y: f.marketNumber })),
            borderColor: BASELINE,
            backgroundColor: BASELINE,
            pointRadius: 0,
            stepped: 'before',
          },
          ...(reserve
            ? [
                {
                  label: 'live reserve',
                  data: frames.flatMap((f) =>
                    f.reserve === null ? [] : [{ x: f.height, y: Dec.parse(f.reserve).toNumber() * scale }],
                  ),
                  borderColor: colour(5),
                  backgroundColor: colour(5),
                  borderDash: [6, 4],
                  pointRadius: 0,
                  stepped: 'before' as const,
                },
              ]
            : []),
          ...replay.makers.map((m, i) => ({
            label: `fills of ${m.name}`,
            data: fillsBy[i]!,
            borderColor: colour(i + 1),
            backgroundColor: alpha(colour(i + 1), 0.8),
            showLine: false,
            pointRadius: 4,
          })),
        ],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        interaction: { mode: 'nearest', intersect: false },
        elements: { line: { borderWidth: 1.5 } },
        scales: {
          x: {
            type: 'linear',
            min: summary.startBlock,
            max: summary.endBlock,
            title: { display: true, text: 'block' },
            ticks: { maxTicksLimit: 8 },
          },
          y: { title: { display: true, text: unit } },
        },
        plugins: { legend: { position: 'bottom' } },
      },
    },
  }
}
