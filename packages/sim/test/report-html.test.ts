/**
 * The HTML report (issue #12, "Pictures"): the series it draws (makers' capital rebuilt from the
 * report, values as strategyMetrics measures them), the chart configurations as plain data, the
 * escaping of every name, and the page itself in real Chromium (playwright-core): opened from
 * `file://` with no network, no console or page errors, every chart drawn, the tables' rows.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { DEFAULT_SCENARIO, type RunReport, type Scenario } from '@rebalancer/types'
import { build } from 'esbuild'
import fc from 'fast-check'
import { chromium } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  bestPerColumn,
  compareStrategies,
  makerBalances,
  prepareSimulation,
  type RunSeries,
  runSeries,
  runSimulation,
  type Simulation,
  type StrategyRow,
  strategyMetrics,
} from '../src/index.js'
import {
  compareValueChart,
  comparisonTable,
  type DayPoint,
  escapeHtml,
  renderHtmlReport,
  runCharts,
  scriptJson,
  WEIGHT_BAND_PP,
} from '../src/report-html.js'

const CHROMIUM = '/usr/bin/chromium'
const EVIL = '<script>alert(1)</script>'

/**
 * 40 days of the main job's rally (Nov 2023, OSMO and NTRN up) as deployed: the mean oracle, the
 * linear curve, containment off (README "Execution quality"); the first account renamed.
 */
const scenario: Scenario = {
  ...DEFAULT_SCENARIO,
  start: '2023-11-01',
  end: '2023-12-10',
  oracle: { mode: 'mean' },
  auction: { curve: 'linear', containment: 'off' },
  accounts: DEFAULT_SCENARIO.accounts.map((a, i) => (i === 0 ? { ...a, name: EVIL } : a)),
}

let sim: Simulation
let report: RunReport
let series: RunSeries
let rows: StrategyRow[]

beforeAll(async () => {
  sim = prepareSimulation(scenario)
  report = await runSimulation(sim)
  series = runSeries(sim, report)
  rows = await compareStrategies({ ...scenario, end: '2023-11-20' }, [
    { name: 'as written', overrides: {} },
    { name: `fast ${EVIL}`, overrides: {}, account: { speed: 'fast', max_limit_bps: 10_000 } },
  ])
})

describe('the series the charts draw', () => {
  it("rebuilds every maker's balances from its fills and hedges: the last day matches the chain", async () => {
    const balances = makerBalances(report, sim.makers)
    let traded = 0
    for (const [i, m] of sim.makers.entries()) {
      expect(balances[i]).toHaveLength(report.history.length)
      const last = balances[i]!.at(-1)!
      for (const denom of Object.keys(sim.scenario.denoms)) {
        const chain = BigInt((await sim.reader.getBalance(m.address, denom)).amount)
        expect(last[denom], `${m.name} ${denom}`).toBe(chain)
        if (chain !== m.initial[denom]) traded++
      }
    }
    // the makers did trade: the check is not vacuous
    expect(traded).toBeGreaterThan(0)
    expect(series.makers.map((m) => m.name)).toEqual(sim.makers.map((m) => m.name))
    for (const [i, m] of series.makers.entries()) {
      expect(m.capitalUsd).toHaveLength(report.history.length)
      expect(m.holdUsd).toHaveLength(report.history.length)
      expect(m.capitalUsd.every((v) => v > 0)).toBe(true)
      // a maker that never filled holds exactly its funding: no gain on any day
      if (report.makers[i]!.fills === 0) expect(m.capitalUsd).toEqual(m.holdUsd)
    }
  })

  it('the daily values end where strategyMetrics measures them (the same buy-and-hold and ideal)', () => {
    expect(series.days).toEqual(report.history.map((c) => c.day))
    for (const [i, acc] of sim.accounts.entries()) {
      const m = strategyMetrics(sim.feed, report, i, acc.initial)
      const s = series.accounts[i]!
      expect(s.name).toBe(acc.name)
      expect(s.valueUsd.at(-1)).toBeCloseTo(m.endUsd, 2)
      expect(s.buyAndHoldUsd.at(-1)).toBeCloseTo(m.buyAndHoldUsd, 2)
      expect(s.idealUsd.at(-1)).toBeCloseTo(m.idealUsd, 2)
    }
  })

  it("compare keeps each strategy's daily values, ending at its measured end value", () => {
    for (const r of rows) {
      expect(r.series.days).toHaveLength(20)
      for (const [i, a] of r.accounts.entries()) {
        expect(r.series.accounts[i]!.valueUsd.at(-1)).toBeCloseTo(a.endUsd, 2)
        expect(r.series.accounts[i]!.buyAndHoldUsd.at(-1)).toBeCloseTo(a.buyAndHoldUsd, 2)
      }
    }
  })
})

describe('chart configurations (plain data)', () => {
  it('one value and one weight chart per account, then execution and makers; JSON round-trips', () => {
    const charts = runCharts(report, series)
    expect(charts.map((c) => c.id)).toEqual([
      'value-account-0',
      'weights-account-0',
      'value-account-1',
      'weights-account-1',
      'execution',
      'makers',
      'makers-gain',
    ])
    expect(JSON.parse(JSON.stringify(charts))).toEqual(charts)
  })

  it('the weight band is target ± 1 pp around each denom, and every fill is a point', () => {
    const charts = runCharts(report, series)
    const weights = charts.find((c) => c.id === 'weights-account-1')!
    const summary = report.summary[1]!
    const denoms = Object.keys(summary.end_weights)
    expect(weights.config.data.datasets).toHaveLength(2 * denoms.length)
    for (const [k, denom] of denoms.entries()) {
      const target = Number(summary.end_weights[denom]!.target) * 100
      const [w, band] = weights.config.data.datasets.slice(2 * k, 2 * k + 2)
      expect(w!.label).toBe(denom)
      expect(w!.data).toHaveLength(report.history.length)
      expect(band!.type).toBe('bar')
      expect(band!.label).toBe(`${denom} target ± 1 pp`)
      expect(band!.data).toHaveLength(report.history.length)
      const [low, high] = band!.data[0] as [number, number]
      expect(low).toBeCloseTo(target - WEIGHT_BAND_PP, 10)
      expect(high).toBeCloseTo(target + WEIGHT_BAND_PP, 10)
    }
    expect(WEIGHT_BAND_PP).toBe(1)
    const execution = charts.find((c) => c.id === 'execution')!
    const fills = report.history.flatMap((c) => c.auctions.flatMap((a) => a.fills))
    const points = execution.config.data.datasets
      .filter((d) => d.label?.startsWith('fills selling '))
      .reduce((n, d) => n + d.data.length, 0)
    expect(fills.length).toBeGreaterThan(0)
    expect(points).toBe(fills.length)
    // the deployed mean oracle lags: auctions opened below the market were taken at their start
    // price, below the market, and those fills are ringed
    const atStart = execution.config.data.datasets.find(
      (d) => d.label === "fills at the auction's start price",
    )!
    const startFills = fills.filter((f) => f.at_start_price)
    expect(atStart.data).toHaveLength(startFills.length)
    expect(startFills.some((f) => f.vs_market_bps < 0)).toBe(true)
    expect(atStart.data.some((p) => (p as DayPoint).y < 0)).toBe(true)
  })

  it('the comparison table marks exactly the best of each ranked column (bestPerColumn)', () => {
    for (const a of [0, 1]) {
      const best = bestPerColumn(rows, a)
      const table = comparisonTable(rows, a, best)
      expect(table.rows.map((r) => r.name)).toEqual([
        'buy-and-hold',
        'ideal daily rebalance (no cost)',
        ...rows.map((r) => r.name),
      ])
      const marked = table.rows.flatMap((r, i) =>
        r.best.flatMap((b, c) => (b ? [`${i - 2}:${table.head[c + 1]}`] : [])),
      )
      const heads: Record<string, string> = {
        endUsd: 'end value',
        vsBuyAndHoldBps: 'vs buy-and-hold',
        trackingErrorPp: 'tracking error',
        maxDriftPp: 'max drift',
        daysToWithin1pp: 'days to ±1 pp',
        shareWithin1ppAfter: 'share within after',
        turnover: 'turnover',
        executionCostUsd: 'execution cost',
        executionCostBps: 'execution cost (bps)',
        maxDrawdown: 'max drawdown',
      }
      expect(marked.sort()).toEqual(
        Object.entries(best)
          .map(([k, i]) => `${i}:${heads[k]}`)
          .sort(),
      )
    }
  })
})

describe('the chart builders in a browser bundle', () => {
  it('@rebalancer/sim/charts (the built dist/charts.js) bundles for the browser: no Node built-in, no runner', async () => {
    const out = await build({
      entryPoints: [fileURLToPath(new URL('../dist/charts.js', import.meta.url))],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    })
    const code = out.outputFiles[0]!.text
    expect(code).toContain('weights-')
    // neither the runner (its localnet, the price files) nor tsup's Node shims came along
    expect(code).not.toMatch(/runSimulation|loadPriceHistory|fileURLToPath/)
    expect(Object.keys(out.metafile.inputs).filter((f) => f.startsWith('node:'))).toEqual([])
  })
})

describe('escaping', () => {
  it('escapeHtml leaves no markup character; the text decodes back', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const e = escapeHtml(s)
        expect(e).not.toMatch(/[<>"']/)
        const decoded = e.replace(/&(lt|gt|quot|#39|amp);/g, (_, n: string) =>
          n === 'lt' ? '<' : n === 'gt' ? '>' : n === 'quot' ? '"' : n === '#39' ? "'" : '&',
        )
        expect(decoded).toBe(s)
      }),
    )
  })

  it('scriptJson has no "<" (so no </script>) and parses back to the value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = scriptJson(v)
        expect(text).not.toContain('<')
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(v)))
      }),
    )
  })

  it('renderHtmlReport refuses input without a run or a comparison, or with series of the wrong length', () => {
    expect(() => renderHtmlReport({})).toThrow(/give `run`, `compare` or both/)
    expect(() =>
      renderHtmlReport({ run: { report, series: { ...series, days: series.days.slice(1) } } }),
    ).toThrow(/run\.series\.days has 39 days, run\.report\.history 40 cycles/)
    expect(() => renderHtmlReport({ compare: { rows: [] } })).toThrow(/compare\.rows must not be empty/)
  })

  it('the page holds the hostile name only escaped', () => {
    const html = renderHtmlReport({ title: `Report ${EVIL}`, run: { report, series }, compare: { rows } })
    // the only <script> elements are the report's three
    expect(html.match(/<script[\s>]/g)).toHaveLength(3)
    expect(html).toContain(escapeHtml(EVIL))
    expect(html).not.toContain(EVIL)
  })
})

describe.runIf(existsSync(CHROMIUM))('the report in Chromium', () => {
  it('opens from file:// with no network: no errors, every chart drawn, the tables, the name as text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rebalancer-html-'))
    const file = join(dir, 'report.html')
    writeFileSync(
      file,
      renderHtmlReport({ title: `Report ${EVIL}`, run: { report, series }, compare: { rows } }),
    )
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu'],
    })
    try {
      const page = await browser.newPage()
      const errors: string[] = []
      const requests: string[] = []
      const dialogs: string[] = []
      page.on('pageerror', (e) => errors.push(e.message))
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text())
      })
      page.on('dialog', (d) => {
        dialogs.push(d.message())
        void d.dismiss()
      })
      page.on('request', (r) => {
        if (!r.url().startsWith('file:')) requests.push(r.url())
      })
      await page.goto(pathToFileURL(file).href)
      await page.waitForFunction("document.body.dataset.chartsRendered === 'true'")
      expect(errors).toEqual([])
      expect(dialogs).toEqual([])
      expect(requests).toEqual([])
      // each canvas's laid-out size, and whether Chart.js attached a chart to it
      const canvases = (await page.evaluate(`[...document.querySelectorAll('canvas')].map((c) => ({
        id: c.id,
        width: c.getBoundingClientRect().width,
        height: c.getBoundingClientRect().height,
        drawn: Chart.getChart(c) !== undefined,
      }))`)) as { id: string; width: number; height: number; drawn: boolean }[]
      expect(canvases.map((c) => c.id)).toEqual([
        'chart-value-account-0',
        'chart-weights-account-0',
        'chart-value-account-1',
        'chart-weights-account-1',
        'chart-execution',
        'chart-makers',
        'chart-makers-gain',
        'chart-compare-value-account-0',
        'chart-compare-value-account-1',
      ])
      for (const c of canvases) {
        expect(c.width, c.id).toBeGreaterThan(0)
        expect(c.height, c.id).toBeGreaterThan(0)
        expect(c.drawn, c.id).toBe(true)
      }
      // something was painted: the value chart's canvas is not blank
      const painted = await page.evaluate(`(() => {
        const canvas = document.getElementById('chart-value-account-0')
        const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data
        let n = 0
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++
        return n
      })()`)
      expect(painted).toBeGreaterThan(1000)
      const tables = await page.$$eval('table.comparison', (ts) =>
        ts.map((t) => ({
          caption: t.querySelector('caption')?.textContent,
          rows: [...t.querySelectorAll('tbody tr')].map((r) => r.querySelector('td')?.textContent),
          best: t.querySelectorAll('td.best').length,
        })),
      )
      expect(tables).toEqual([
        {
          caption: EVIL,
          rows: ['buy-and-hold', 'ideal daily rebalance (no cost)', 'as written', `fast ${EVIL}`],
          best: Object.keys(bestPerColumn(rows, 0)).length,
        },
        {
          caption: scenario.accounts[1]!.name,
          rows: ['buy-and-hold', 'ideal daily rebalance (no cost)', 'as written', `fast ${EVIL}`],
          best: Object.keys(bestPerColumn(rows, 1)).length,
        },
      ])
      // the hostile name is text, never markup
      expect(await page.title()).toBe(`Report ${EVIL}`)
      expect(await page.$eval('table.summary tbody tr td', (td) => td.textContent)).toBe(EVIL)
      expect(await page.$$eval('script', (s) => s.length)).toBe(3)
    } finally {
      await browser.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('the comparison chart tells every strategy apart', () => {
  it('13+ strategies get distinct colour and line-style pairs, none drawn like a baseline', () => {
    const days = ['2024-01-01', '2024-01-02']
    const account = { name: 'A', valueUsd: [1, 2], buyAndHoldUsd: [1, 1], idealUsd: [1, 1] }
    const rows = Array.from({ length: 20 }, (_, i) => ({
      name: `s${i}`,
      accounts: [],
      series: { days, accounts: [account] },
    }))
    const chart = compareValueChart(rows, 0)
    const sets = chart.config.data.datasets as { label: string; borderColor: string; borderDash?: number[] }[]
    const strategies = sets.slice(0, rows.length)
    const baselines = sets.slice(rows.length)
    const key = (d: { borderColor: string; borderDash?: number[] }) =>
      `${d.borderColor}|${d.borderDash ?? ''}`
    expect(new Set(strategies.map(key)).size).toBe(rows.length)
    for (const b of baselines) expect(strategies.map((d) => d.borderColor)).not.toContain(b.borderColor)
  })
})
