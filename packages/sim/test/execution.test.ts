/**
 * Execution quality (issue #11): on synthetic steady trends the default oracle, containment and
 * live reserve keep every account within the winning maker's margin + 10 bps of the market, no
 * auction opens below the market, and almost nothing fills at a start price. The makers' rule and
 * margins are the default scenario's, unchanged.
 */
import { DEFAULT_SCENARIO, Dec, type RunReport, type Scenario } from '@rebalancer/types'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DEFAULT_CONTAINMENT, type PriceHistory, priceHistoryFrom, runScenario } from '../src/index.js'

const DAY = 86_400
const START = Date.parse('2024-01-01T00:00:00Z') / 1000

/** A seeded uniform generator in [0, 1) (mulberry32): the same noise on every run. */
function uniform(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

/**
 * Hourly closes for 40 days from 5 days before 2024-01-01: every volatile token moves by
 * `dailyRate` a day (compounded each hour) plus a seeded random walk of hourly steps up to
 * ±`hourlyNoise` (the jumps of real hourly candles); USDC is 1.
 */
function trend(dailyRate: number, hourlyNoise = 0.01, seed = 7): PriceHistory {
  const hourly = (1 + dailyRate) ** (1 / 24)
  const base: Record<string, number> = { NTRN: 0.9, ATOM: 9.5, OSMO: 1.1 }
  const next = uniform(seed)
  const walk: Record<string, number> = { NTRN: 1, ATOM: 1, OSMO: 1 }
  const series: Record<string, { time: number; price: Dec }[]> = { USDC: [] }
  for (const s of Object.keys(base)) series[s] = []
  for (let h = -5 * 24; h <= 35 * 24; h++) {
    const time = START + h * 3600
    series.USDC!.push({ time, price: Dec.ONE })
    for (const [s, p0] of Object.entries(base)) {
      walk[s]! *= 1 + hourlyNoise * (2 * next() - 1)
      series[s]!.push({ time, price: Dec.parse((p0 * hourly ** h * walk[s]!).toFixed(9)) })
    }
  }
  return priceHistoryFrom(series)
}

/** The default accounts and makers over `days` days of a synthetic trend. */
function scenario(days: number): Scenario {
  const end = new Date((START + (days - 1) * DAY) * 1000).toISOString().slice(0, 10)
  return { ...DEFAULT_SCENARIO, start: '2024-01-01', end }
}

const WINNING_MARGIN_BPS = Math.min(...DEFAULT_SCENARIO.market_makers.map((m) => m.margin_bps))

/** The bounds on one run. */
function expectWithinBounds(report: RunReport): void {
  for (const s of report.summary) {
    expect(s.execution_vs_market_bps, s.name).not.toBeNull()
    expect(s.execution_vs_market_bps!, s.name).toBeGreaterThanOrEqual(-(WINNING_MARGIN_BPS + 10))
  }
  const x = report.execution
  expect(x.fills).toBeGreaterThan(0)
  // everything sold: a low cost is not bought by leaving lots unsold
  expect(x.unfilled.lots).toBe(0)
  expect(x.refused).toBe(0)
  expect(x.opened_below_market).toBe(0)
  expect(x.at_start_price.share_bps).toBeLessThan(100)
  for (const c of report.history) {
    for (const a of c.auctions)
      expect(Dec.parse(a.start_price).gte(Dec.parse(a.market_price_at_open))).toBe(true)
  }
}

describe('execution on steady trends (defaults: external oracle, containment, live reserve, two-phase curve)', () => {
  it('a rally of +3%/day for 30 days stays within the winning margin + 10 bps', async () => {
    const report = await runScenario(scenario(30), { history: trend(0.03) })
    expectWithinBounds(report)
  })

  it('a crash of −5%/day for 30 days stays within the winning margin + 10 bps', async () => {
    const report = await runScenario(scenario(30), { history: trend(-0.05) })
    expectWithinBounds(report)
  })

  it('any trend between −5% and +3% a day, with hourly jumps up to ±1%, stays within the bounds (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: -50, max: 30 }),
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        async (permille, noisePermille, seed) => {
          const report = await runScenario(scenario(12), {
            history: trend(permille / 1000, noisePermille / 1000, seed),
          })
          expectWithinBounds(report)
        },
      ),
      { numRuns: 6, seed: 11 },
    )
  })

  it('the live reserve bounds every fill, even under hourly jumps of ±4% on the slow linear curve', async () => {
    const reserveBps = DEFAULT_CONTAINMENT.maxDiscountBps!
    for (const rate of [0.03, -0.05]) {
      // the linear curve spends hours near the market, where a jump finds the auction below it
      const report = await runScenario(
        { ...scenario(20), auction: { curve: 'linear' } },
        { history: trend(rate, 0.04, 3) },
      )
      expect(report.execution.fills).toBeGreaterThan(0)
      // a float rendering of exactly −reserve may be a hair below it
      expect(report.execution.worst_fill!.vs_market_bps).toBeGreaterThanOrEqual(-reserveBps - 1e-9)
      for (const c of report.history)
        for (const a of c.auctions)
          for (const f of a.fills) expect(f.vs_market_bps).toBeGreaterThanOrEqual(-reserveBps - 1e-9)
    }
  })

  it('a lagging, erroneous reference still runs, measured against the market itself', async () => {
    for (const reference of [
      { delay_seconds: 300, error_bps: -50 },
      { delay_seconds: 3600, error_bps: 50 },
    ]) {
      const report = await runScenario({ ...scenario(10), oracle: { reference } }, { history: trend(0.02) })
      expect(report.execution.settings.reference).toBe(
        `market feed (delay ${reference.delay_seconds} s, error ${reference.error_bps} bps)`,
      )
      expect(report.execution.fills).toBeGreaterThan(0)
      // every fill's distance is to the market at its time, not to the reference
      for (const c of report.history)
        for (const a of c.auctions) for (const f of a.fills) expect(f.market_price).not.toBe(f.price)
    }
  })

  it("on the deployed contracts the keeper's own pre-open check keeps every auction above the market", async () => {
    const deployed = {
      oracle: { mode: 'mean' as const },
      auction: { curve: 'linear' as const, containment: 'off' as const },
    }
    const unchecked = await runScenario({ ...scenario(30), ...deployed }, { history: trend(0.06) })
    const checked = await runScenario(
      { ...scenario(30), ...deployed, keeper: { containment: { min_premium_bps: 500 } } },
      { history: trend(0.06) },
    )
    expect(unchecked.execution.opened_below_market).toBeGreaterThan(0)
    expect(checked.execution.opened_below_market).toBe(0)
    const skipped = checked.history.flatMap((c) => c.contained)
    expect(skipped.length).toBeGreaterThan(0)
    for (const s of skipped) expect([s.by, s.verdict]).toEqual(['keeper', 'refused'])
    expect(checked.execution.execution_bps!).toBeGreaterThan(unchecked.execution.execution_bps!)
  })

  it('the deployed behaviour (mean oracle, no containment) sells below the market in a steep rally', async () => {
    // +6%/day: the mean of ten daily auction prices lags ~25%, so start = 1.2 × mean < market
    const deployed = await runScenario(
      { ...scenario(30), oracle: { mode: 'mean' }, auction: { containment: 'off' } },
      { history: trend(0.06) },
    )
    const ours = await runScenario(scenario(30), { history: trend(0.06) })
    expectWithinBounds(ours)
    expect(deployed.execution.opened_below_market).toBeGreaterThan(0)
    expect(deployed.execution.execution_bps!).toBeLessThan(ours.execution.execution_bps! - 50)
  })
})
