/**
 * One backtest job (issue #12, "Fast sweeps"): JSON in, a row out, the same row whichever way it
 * travelled; strategies merged into the scenario with `null` removing a field; every strategy's
 * scenario checked before anything runs.
 */
import {
  BacktestJob,
  ComparisonReport,
  DEFAULT_SCENARIO,
  RankedColumn,
  type Scenario,
} from '@rebalancer/types'
import { describe, expect, it } from 'vitest'
import {
  backtestJobs,
  compareStrategies,
  comparisonReport,
  DEFAULT_STRATEGIES,
  runBacktestJob,
  STRATEGY_COLUMNS,
  StrategyError,
  strategyScenario,
  strategySpec,
} from '../src/index.js'

const scenario: Scenario = { ...DEFAULT_SCENARIO, start: '2024-03-01', end: '2024-03-12' }
const base = scenario
const tuned = DEFAULT_STRATEGIES.find((s) => s.name.startsWith('tuned'))!

describe('a backtest job', () => {
  it('is JSON: a job that went through JSON (a queue) gives the row of the in-process path, the tuned wish without the cap included', async () => {
    // every account sells at most 0.01% a cycle; the tuned strategy removes the cap (undefined in TS)
    const scenario: Scenario = { ...base, accounts: base.accounts.map((a) => ({ ...a, max_limit_bps: 1 })) }
    const variants = [DEFAULT_STRATEGIES[1]!, tuned]
    const jobs = backtestJobs(scenario, variants)
    expect(jobs[1]!.variant.account).toMatchObject({ max_limit_bps: null })
    const travelled = JSON.parse(JSON.stringify(jobs)) as unknown[]
    for (const j of travelled) expect(BacktestJob.safeParse(j).success).toBe(true)
    const inProcess = await compareStrategies(scenario, variants)
    const viaJson = []
    for (const j of travelled) viaJson.push(await runBacktestJob(j))
    expect(viaJson).toEqual(inProcess)
    // and the cap really was removed: the tuned run differs from one that keeps the 1 bps cap
    const kept = await runBacktestJob({
      ...jobs[1]!,
      variant: { ...jobs[1]!.variant, account: { speed: { within_pp: '1', days: 30 } } },
    })
    expect(kept.accounts[0]).not.toEqual(inProcess[1]!.accounts[0])
  })

  it('refuses what is not a job, naming the field', async () => {
    const [job] = backtestJobs(scenario, [DEFAULT_STRATEGIES[0]!])
    await expect(runBacktestJob({ ...job, extra: 1 })).rejects.toThrow(/job: unknown|Unrecognized key/)
    await expect(
      runBacktestJob({ ...job, variant: { name: 'x', overrides: { colour: 'red' } } }),
    ).rejects.toThrow(/job\.variant\.overrides/)
    await expect(runBacktestJob({ ...job, options: {}, scenario: 'x' })).rejects.toThrow(StrategyError)
  })
})

describe('a strategy merged into the scenario', () => {
  const base = {
    start: '2024-01-01',
    auction: { duration_blocks: 100, curve: 'linear' },
    accounts: [{ name: 'a', max_limit_bps: 5 }],
  }
  it('merges sections one level deep, replaces other fields, and removes a field set to null', () => {
    expect(
      strategyScenario(base, {
        name: 's',
        overrides: { start: '2024-02-01', auction: { curve: null, start_price_bps: 50 } },
        account: { max_limit_bps: null, speed: 'fast' },
      }),
    ).toEqual({
      start: '2024-02-01',
      auction: { duration_blocks: 100, start_price_bps: 50 },
      accounts: [{ name: 'a', speed: 'fast' }],
    })
    expect(strategySpec({ name: 'n', overrides: {}, account: { max_limit_bps: undefined } })).toEqual({
      name: 'n',
      overrides: {},
      account: { max_limit_bps: null },
    })
  })

  it('checks every strategy before any runs, naming the strategy and the field', () => {
    const bad = [
      DEFAULT_STRATEGIES[0]!,
      { name: 'too fast', overrides: {}, account: { speed: { p: '2', i: '0', d: '0' } } },
    ]
    expect(() => backtestJobs(scenario, bad as never)).toThrow(
      /strategy 2 "too fast": invalid scenario \(2 problems\):\n {2}accounts\[0\]\.speed\.p: /,
    )
    // dates outside the price history are caught up front too
    expect(() => backtestJobs(scenario, [{ name: 'early', overrides: { start: '2001-01-01' } }])).toThrow(
      /strategy 1 "early": .*\n {2}start: /,
    )
  })
})

describe('the comparison report', () => {
  it("ranks the columns the table ranks: the schema's RankedColumn are STRATEGY_COLUMNS' ranked ones", () => {
    const ranked = Object.entries(STRATEGY_COLUMNS).filter(([, way]) => way !== null)
    expect(ranked.map(([k]) => k).sort()).toEqual([...RankedColumn.options].sort())
  })

  it('parses with its schema: strategies with their overrides and measures, baselines, best per column', async () => {
    const variants = DEFAULT_STRATEGIES.slice(1, 3)
    const jobs = backtestJobs(scenario, variants)
    const rows = await compareStrategies(scenario, variants)
    const report = ComparisonReport.parse(JSON.parse(JSON.stringify(comparisonReport(scenario, jobs, rows))))
    expect(report.strategies.map((s) => s.name)).toEqual(variants.map((v) => v.name))
    // DEFAULT_STRATEGIES[1] is "calendar: daily" since the triggers were merged (f22de79)
    expect(report.strategies[0]!.account).toEqual({
      speed: { p: '1', i: '0', d: '0' },
      max_limit_bps: 10_000,
      trigger: { calendar: { every_cycles: 1 } },
    })
    expect(report.strategies[1]!.measures).toEqual(rows[1]!.accounts)
    expect(report.baselines.map((b) => b.account)).toEqual(scenario.accounts.map((a) => a.name))
    expect(report.baselines[0]!.buyAndHoldUsd).toBe(rows[0]!.accounts[0]!.buyAndHoldUsd)
    expect(report.best).toHaveLength(scenario.accounts.length)
    expect(report.best[0]!.trackingErrorPp).toBe(
      rows[0]!.accounts[0]!.trackingErrorPp <= rows[1]!.accounts[0]!.trackingErrorPp ? 0 : 1,
    )
    expect(ComparisonReport.safeParse({ ...report, extra: 1 }).success).toBe(false)
  })
})
