/**
 * Strategy measures (issue #12): baselines from prices alone, tracking error, time within ±1 pp,
 * turnover, execution cost, drawdown; and `compareStrategies` on the real auction path.
 */
import { DEFAULT_SCENARIO, Dec, type ReportCycle, type Scenario } from '@rebalancer/types'
import { describe, expect, it } from 'vitest'
import {
  bestPerColumn,
  buyAndHold,
  compareStrategies,
  dayStart,
  idealRebalance,
  MarketFeed,
  maxDrawdown,
  prepareSimulation,
  priceHistoryFrom,
  runSimulation,
  type StrategyMetrics,
  strategyMetrics,
  suggestOnHistory,
  withinAfter,
} from '../src/index.js'

const start = dayStart('2024-01-01')
const DAY = 86_400

/** Cycles valued at `start + k days`, the only field the baselines read. */
const cycles = (n: number) =>
  Array.from({ length: n }, (_, k) => ({ valued_at: start + k * DAY }) as unknown as ReportCycle)

describe('baselines and drawdown, from prices alone', () => {
  // ATOM doubles on day 1 and halves back on day 2; USDC is 1
  const history = priceHistoryFrom({
    ATOM: [
      { time: start - DAY, price: Dec.parse('10') },
      { time: start + DAY, price: Dec.parse('20') },
      { time: start + 2 * DAY, price: Dec.parse('10') },
    ],
    USDC: [{ time: start - DAY, price: Dec.ONE }],
  })
  const feed = new MarketFeed(history, {
    uatom: { symbol: 'ATOM', decimals: 6 },
    uusdc: { symbol: 'USDC', decimals: 6 },
  })

  it('buy-and-hold values the initial holdings at each time', () => {
    expect(buyAndHold(feed, { uatom: 10_000_000n, uusdc: 0n }, cycles(3))).toEqual([100, 200, 100])
  })

  it('the ideal rebalance grows each target share with its own price, costlessly', () => {
    // 50/50: day 1 the ATOM half doubles (50 → 100, total 150), day 2 it halves (75 → 37.5)
    const ideal = idealRebalance(
      feed,
      [
        { denom: 'uatom', weight: 0.5 },
        { denom: 'uusdc', weight: 0.5 },
      ],
      100,
      cycles(3),
    )
    expect(ideal[0]).toBe(100)
    expect(ideal[1]).toBeCloseTo(150, 12)
    expect(ideal[2]).toBeCloseTo(112.5, 12)
  })

  it('max drawdown is the largest fall from a running peak', () => {
    expect(maxDrawdown([100, 120, 90, 130, 117])).toBeCloseTo(0.25, 12)
    expect(maxDrawdown([1, 2, 3])).toBe(0)
    expect(maxDrawdown([])).toBe(0)
  })
})

describe('strategyMetrics on a run', () => {
  it('with constant prices the value lost is exactly the execution cost, and buy-and-hold stays put', async () => {
    const series = (price: string) => [
      { time: start - DAY, price: Dec.parse(price) },
      { time: start + 40 * DAY, price: Dec.parse(price) },
    ]
    const history = priceHistoryFrom({
      NTRN: series('0.5'),
      ATOM: series('10'),
      OSMO: series('0.8'),
      USDC: series('1'),
    })
    const scenario: Scenario = { ...DEFAULT_SCENARIO, start: '2024-01-01', end: '2024-01-20' }
    const sim = prepareSimulation(scenario, { history })
    const report = await runSimulation(sim)
    for (const [i, acc] of sim.accounts.entries()) {
      const m = strategyMetrics(sim.feed, report, i, acc.initial)
      expect(m.buyAndHoldUsd).toBeCloseTo(m.startUsd, 6)
      expect(m.idealUsd).toBeCloseTo(m.startUsd, 6)
      expect(m.startUsd - m.endUsd).toBeCloseTo(m.executionCostUsd, 4)
      expect(m.executionCostUsd).toBeGreaterThan(0)
      expect(m.vsBuyAndHoldBps).toBeLessThan(0)
      expect(m.turnover).toBeGreaterThan(0)
      expect(m.maxDrawdown).toBeGreaterThan(0)
      expect(m.auctions).toBeGreaterThan(0)
      expect(m.trackingErrorPp).toBeGreaterThan(0)
      expect(m.maxDriftPp).toBeGreaterThanOrEqual(m.trackingErrorPp)
      if (m.shareWithin1ppAfter !== null) {
        expect(m.shareWithin1ppAfter).toBeGreaterThan(0)
        expect(m.shareWithin1ppAfter).toBeLessThanOrEqual(1)
      }
    }
  })

  it('compareStrategies: a faster PID reaches its targets no later and tracks them closer', async () => {
    const scenario: Scenario = { ...DEFAULT_SCENARIO, start: '2024-03-01', end: '2024-04-15' }
    const [slow, fast] = await compareStrategies(scenario, [
      { name: 'p = 0.05', overrides: {}, account: { speed: 'slow', max_limit_bps: 10_000 } },
      { name: 'p = 0.20', overrides: {}, account: { speed: 'fast', max_limit_bps: 10_000 } },
    ])
    expect(slow!.name).toBe('p = 0.05')
    for (const [i, s] of slow!.accounts.entries()) {
      const f = fast!.accounts[i]!
      expect(f.daysToWithin1pp ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(
        s.daysToWithin1pp ?? Number.POSITIVE_INFINITY,
      )
      expect(f.trackingErrorPp).toBeLessThan(s.trackingErrorPp)
      // the same history and holdings: the baselines agree
      expect(f.buyAndHoldUsd).toBeCloseTo(s.buyAndHoldUsd, 6)
    }
  })
})

describe('a speed wish is tuned at set-up (core suggestParameters)', () => {
  it('derives P-only gains and a sell cap from "within 1 pp in about 30 days", and runs with them', async () => {
    const scenario: Scenario = {
      ...DEFAULT_SCENARIO,
      start: '2024-03-01',
      end: '2024-03-10',
      accounts: DEFAULT_SCENARIO.accounts.map((a) => ({
        ...a,
        speed: { within_pp: '1', days: 30 },
        max_limit_bps: undefined,
      })),
    }
    const sim = prepareSimulation(scenario)
    for (const acc of sim.accounts) {
      expect(acc.tuned).toBeDefined()
      expect(acc.tuned!.p.isPositive()).toBe(true)
      expect(acc.config.pid.p.eq(acc.tuned!.p)).toBe(true)
      expect(acc.config.pid.i.isZero() && acc.config.pid.d.isZero()).toBe(true)
      expect(acc.config.maxLimitBps).toBe(acc.tuned!.maxLimitBps)
    }
    // a wish for 10 days asks for faster gains than one for 60
    const fast = prepareSimulation({
      ...scenario,
      accounts: scenario.accounts.map((a) => ({ ...a, speed: { within_pp: '1', days: 10 } })),
    })
    const slow = prepareSimulation({
      ...scenario,
      accounts: scenario.accounts.map((a) => ({ ...a, speed: { within_pp: '1', days: 60 } })),
    })
    for (const [i, f] of fast.accounts.entries()) expect(f.tuned!.p.gt(slow.accounts[i]!.tuned!.p)).toBe(true)
    const report = await runSimulation(sim)
    expect(report.cycles_run).toBe(10)
  })
})

describe('suggestOnHistory (rebalancer-keeper suggest)', () => {
  const scenario: Scenario = { ...DEFAULT_SCENARIO, start: '2024-03-01', end: '2024-04-20' }

  it('tunes each account, projects the wish and measures the history with the same parameters', async () => {
    const s = await suggestOnHistory(scenario, { within_pp: '2', days: 20 })
    const sim = prepareSimulation({
      ...scenario,
      accounts: scenario.accounts.map((a) => ({
        ...a,
        speed: { within_pp: '2', days: 20 },
        max_limit_bps: undefined,
      })),
    })
    expect(s.report.cycles_run).toBe(51)
    for (const [i, a] of s.accounts.entries()) {
      // the same tuning as a scenario with the wish
      expect(a.p).toBe(sim.accounts[i]!.tuned!.p.toString())
      expect(a.maxLimitBps).toBe(sim.accounts[i]!.tuned!.maxLimitBps)
      // the projection covers the wish's days, starts at today's drift and, when met, ends within it
      expect(a.projectedPp).toHaveLength(21)
      if (a.met) {
        expect(a.projectedPp.at(-1)!).toBeLessThanOrEqual(2)
        expect(a.projectedDaysToWithin).not.toBeNull()
        expect(a.projectedPp[a.projectedDaysToWithin!]!).toBeLessThanOrEqual(2)
        expect(a.projectedPp[a.projectedDaysToWithin! - 1]!).toBeGreaterThan(2)
      }
      expect(a.actualPp).toHaveLength(51)
      // the history's first day within 2 pp is the first day its largest drift is at most 2 pp
      const first = a.actualPp.findIndex((d) => d <= 2)
      expect(a.actualDaysToWithin).toBe(first < 0 ? null : first + 1)
      expect(a.metrics.name).toBe(a.name)
    }
  })

  it('a wider tolerance is reached no later, and held at least as often', async () => {
    const sim = prepareSimulation({ ...scenario, end: '2024-03-31' })
    const report = await runSimulation(sim)
    for (const i of sim.accounts.keys()) {
      const narrow = withinAfter(report, i, Dec.parse('0.01'))
      const wide = withinAfter(report, i, Dec.parse('0.03'))
      expect(wide.daysToWithin ?? Infinity).toBeLessThanOrEqual(narrow.daysToWithin ?? Infinity)
      if (narrow.daysToWithin !== null && wide.daysToWithin === narrow.daysToWithin)
        expect(wide.shareWithinAfter!).toBeGreaterThanOrEqual(narrow.shareWithinAfter!)
      // withinAfter(1 pp) is what strategyMetrics reports
      const m = strategyMetrics(sim.feed, report, i, sim.accounts[i]!.initial)
      expect([m.daysToWithin1pp, m.shareWithin1ppAfter]).toEqual([
        narrow.daysToWithin,
        narrow.shareWithinAfter,
      ])
      // and what the run's summary says
      const summary = report.summary[i]!
      expect([summary.days_to_within_1pp, summary.share_within_1pp_after]).toEqual([
        narrow.daysToWithin,
        narrow.shareWithinAfter,
      ])
    }
  })

  it("drops an account's trigger: the projection computes every cycle, so does the run it is tested on", async () => {
    const short: Scenario = { ...scenario, end: '2024-03-20' }
    const weekly: Scenario = {
      ...short,
      accounts: short.accounts.map((a) => ({ ...a, trigger: { calendar: { every_cycles: 7 } } })),
    }
    const [plain, triggered] = await Promise.all([
      suggestOnHistory(short, { within_pp: '1', days: 10 }),
      suggestOnHistory(weekly, { within_pp: '1', days: 10 }),
    ])
    for (const [i, a] of triggered.accounts.entries()) expect(a.actualPp).toEqual(plain.accounts[i]!.actualPp)
  })

  it('refuses a bad wish naming its field, before anything runs', async () => {
    await expect(suggestOnHistory(scenario, { within_pp: '0', days: 30 })).rejects.toThrow(
      /wish\.within_pp: must be more than 0/,
    )
    await expect(suggestOnHistory(scenario, { within_pp: '1', days: 1.5 })).rejects.toThrow(/wish\.days/)
    await expect(suggestOnHistory(scenario, { within_pp: '1', days: 30, extra: 1 })).rejects.toThrow(/extra/)
  })
})

describe('bestPerColumn', () => {
  const metrics = (over: Partial<StrategyMetrics>): StrategyMetrics => ({
    name: 'A',
    startUsd: 100,
    endUsd: 100,
    buyAndHoldUsd: 100,
    idealUsd: 100,
    vsBuyAndHoldBps: 0,
    trackingErrorPp: 1,
    maxDriftPp: 2,
    daysToWithin1pp: 3,
    shareWithin1ppAfter: 0.5,
    turnover: 1,
    executionCostUsd: 10,
    executionCostBps: -30.2,
    auctions: 5,
    maxDrawdown: 0.1,
    ...over,
  })
  const rows = (...m: Partial<StrategyMetrics>[]) =>
    m.map((x, i) => ({ name: `s${i}`, accounts: [metrics(x)], series: { days: [], accounts: [] } }))

  it('marks the best per column by its direction, the first of equals', () => {
    const best = bestPerColumn(
      rows(
        { endUsd: 101, trackingErrorPp: 0.9 },
        { endUsd: 103, trackingErrorPp: 0.9 },
        { endUsd: 102, trackingErrorPp: 1.5 },
      ),
      0,
    )
    expect(best.endUsd).toBe(1)
    expect(best.trackingErrorPp).toBe(0)
  })

  it('does not rank differences below the precision shown, nor a column where every row ties', () => {
    // −30.246 and −30.249 bps both show as −30.2 bps; $100.2 and $100.4 both as $100
    const best = bestPerColumn(
      rows({ executionCostBps: -30.249, endUsd: 100.2 }, { executionCostBps: -30.246, endUsd: 100.4 }),
      0,
    )
    expect(best.executionCostBps).toBeUndefined()
    expect(best.endUsd).toBeUndefined()
    // every row null: absent; a single row with a value: it is the best
    expect(
      bestPerColumn(rows({ daysToWithin1pp: null }, { daysToWithin1pp: null }), 0).daysToWithin1pp,
    ).toBeUndefined()
    expect(bestPerColumn(rows({ daysToWithin1pp: null }, { daysToWithin1pp: 4 }), 0).daysToWithin1pp).toBe(1)
  })
})
