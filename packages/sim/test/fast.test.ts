/**
 * Differential test of the fast path (issue #12, "Fast sweeps"): `runFast` on the pure engines
 * against `runSimulation` on the localnet, for the main job (a shortened range and the full one)
 * and for random small scenarios. Both must give the same report: every auction's fills (maker,
 * height, price, amounts), every account's payouts and balances each day, to the base unit, the
 * hedges, the summaries and the supply.
 */
import { DEFAULT_SCENARIO, type RunReport, type Scenario } from '@rebalancer/types'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  backtestEngine,
  backtestJobs,
  DEFAULT_STRATEGIES,
  fastPathProblems,
  loadPriceHistory,
  prepareSimulation,
  runBacktestJob,
  runFast,
  runSimulation,
  SimulationError,
  StrategyError,
} from '../src/index.js'

const history = loadPriceHistory()

/** Both paths on fresh simulations of `scenario`. */
async function both(scenario: unknown): Promise<{ localnet: RunReport; fast: RunReport }> {
  const localnet = await runSimulation(prepareSimulation(scenario, { history }))
  const fast = await runFast(prepareSimulation(scenario, { history }))
  return { localnet, fast }
}

/** Both paths; a run that stops with an error stops on the other path with the same message. */
async function bothOrSameError(scenario: unknown): Promise<{ localnet: RunReport; fast: RunReport } | null> {
  const localnet = await runSimulation(prepareSimulation(scenario, { history })).catch((e: Error) => e)
  const fast = await runFast(prepareSimulation(scenario, { history })).catch((e: Error) => e)
  if (localnet instanceof Error || fast instanceof Error) {
    expect(fast instanceof Error && fast.message).toBe(localnet instanceof Error && localnet.message)
    return null
  }
  return { localnet, fast }
}

/**
 * The day-by-day facts the issue names, first (so a failure says which one differs), then the
 * whole report.
 */
function expectSame(fast: RunReport, localnet: RunReport): void {
  expect(fast.history.length).toBe(localnet.history.length)
  for (const [i, day] of localnet.history.entries()) {
    const f = fast.history[i]!
    const at = `${day.day}`
    expect(
      f.auctions.map((a) => ({ pair: a.pair, lot: a.lot, sold: a.sold, fills: a.fills })),
      `${at}: auctions and fills`,
    ).toEqual(day.auctions.map((a) => ({ pair: a.pair, lot: a.lot, sold: a.sold, fills: a.fills })))
    expect(
      f.accounts.map((a) => ({ name: a.name, fills: a.fills })),
      `${at}: payouts`,
    ).toEqual(day.accounts.map((a) => ({ name: a.name, fills: a.fills })))
    expect(
      f.accounts.map((a) => ({ name: a.name, balances: a.balances, paused: a.paused })),
      `${at}: balances`,
    ).toEqual(day.accounts.map((a) => ({ name: a.name, balances: a.balances, paused: a.paused })))
  }
  expect(fast).toEqual(localnet)
}

describe('runFast against the localnet path', () => {
  it('the main job, first 80 days: the same report', async () => {
    const { localnet, fast } = await both({ ...DEFAULT_SCENARIO, end: '2023-12-29' })
    expect(localnet.history.length).toBe(80)
    // the run trades: the comparison is not between two empty reports
    expect(localnet.history.some((c) => c.auctions.some((a) => a.fills.length > 0))).toBe(true)
    expectSame(fast, localnet)
  }, 60_000)

  it('the whole main job (611 days): the same report, byte for byte', async () => {
    const { localnet, fast } = await both(DEFAULT_SCENARIO)
    expect(fast.cycles_run).toBe(611)
    expectSame(fast, localnet)
    expect(JSON.stringify(fast)).toBe(JSON.stringify(localnet))
  }, 120_000)

  it('more accounts than one system_rebalance call or finish batch takes (56 > 50): the same report', async () => {
    const accounts = Array.from({ length: 56 }, (_, i) => ({
      ...DEFAULT_SCENARIO.accounts[i % 2]!,
      name: `account ${i}`,
    }))
    const { localnet, fast } = await both({
      ...DEFAULT_SCENARIO,
      start: '2024-03-01',
      end: '2024-03-04',
      accounts,
    })
    // every account sold on the first day: the second page of accounts and of sellers ran
    expect(localnet.history[0]!.accounts.filter((a) => a.fills.length > 0)).toHaveLength(56)
    expectSame(fast, localnet)
  }, 60_000)

  // every triggered default strategy of `compare` (calendar, threshold, any_of, hybrid,
  // volatility; correction 13) on the main job's first 100 days: long enough for the quarterly
  // calendars to fire twice and the volatility trigger to fill its 30-return window
  const triggeredStrategies = DEFAULT_STRATEGIES.filter((v) => v.account?.trigger !== undefined)
  it.each(triggeredStrategies.map((v) => [v.name, v] as const))(
    'the main job, first 100 days, %s: the same report',
    async (_name, variant) => {
      const { localnet, fast } = await both({
        ...DEFAULT_SCENARIO,
        end: '2024-01-18',
        accounts: DEFAULT_SCENARIO.accounts.map((a) => ({ ...a, ...variant.account })),
      })
      expect(localnet.history.length).toBe(100)
      // the trigger was decided every cycle, and it fired at least once on the first
      const decided = localnet.history.flatMap((c) => c.accounts.map((a) => a.triggered))
      expect(decided.every((t) => typeof t === 'boolean')).toBe(true)
      expect(decided).toContain(true)
      expectSame(fast, localnet)
    },
    60_000,
  )

  it('the triggered default strategies cover every trigger kind and any_of', () => {
    expect(triggeredStrategies.map((v) => Object.keys(v.account!.trigger!)[0])).toEqual(
      expect.arrayContaining(['calendar', 'threshold', 'hybrid', 'volatility']),
    )
    expect(JSON.stringify(triggeredStrategies.map((v) => v.account!.trigger))).toContain('any_of')
  })

  it('the main job, first 100 days, with one-time orders (sent, refused, under a trigger): the same report', async () => {
    const [a0, a1] = DEFAULT_SCENARIO.accounts
    const { localnet, fast } = await both({
      ...DEFAULT_SCENARIO,
      end: '2024-01-18',
      accounts: [
        {
          ...a0!,
          orders: [
            { date: '2023-10-20', sell: 'untrn', buy: 'uusdc', size: { holding_bps: 500 } },
            { date: '2023-10-20', sell: 'uusdc', buy: 'untrn', size: { portfolio_bps: 100 } },
            // more than the account holds: refused, named by its index
            { date: '2023-11-02', sell: 'uusdc', buy: 'untrn', size: { amount: '1000000000000' } },
          ],
        },
        {
          ...a1!,
          trigger: { calendar: { every_cycles: 30 } },
          orders: [
            {
              date: '2023-11-15',
              sell: a1!.targets[1]!.denom,
              buy: a1!.base_denom,
              size: { holding_bps: 2000 },
            },
          ],
        },
      ],
    })
    const ordered = localnet.history.flatMap((c) => c.accounts.filter((a) => a.orders !== undefined))
    expect(ordered.some((a) => a.orders!.sent.length > 0)).toBe(true)
    expect(ordered.some((a) => a.orders!.refused.length > 0)).toBe(true)
    expectSame(fast, localnet)
  }, 60_000)

  // random small scenarios: accounts, targets, triggers, orders, makers, dates, curve, containment, oracle
  const FIRST = Date.UTC(2023, 9, 11) / 1000
  const LAST = Date.UTC(2025, 5, 12) / 1000
  const iso = (t: number) => new Date(t * 1000).toISOString().slice(0, 10)

  const account = (i: number) =>
    fc
      .record({
        base: fc.constantFrom('uusdc', 'uatom'),
        others: fc.subarray(['uatom', 'untrn', 'uosmo', 'uusdc'], { minLength: 1 }),
        weights: fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 4, maxLength: 4 }),
        // presets, PID gains with an integral and a derivative (controller state carried across
        // cycles), and a wish tuned by suggestParameters
        speed: fc.constantFrom<unknown>(
          'slow',
          'medium',
          'fast',
          { p: '0.1', i: '0.05', d: '0.02' },
          { p: '0.3', i: '0.1', d: '0' },
          { within_pp: '1', days: 30 },
        ),
        maxLimit: fc.option(fc.constantFrom(100, 500, 2000), { nil: undefined }),
        hold: fc.nat({ max: 3 }),
        usd: fc.constantFrom('5', '500', '20000', '1000000'),
        // one-time orders on days of the run (day index, the sell and buy target indexes, a size)
        orders: fc.array(
          fc.record({
            day: fc.nat({ max: 13 }),
            sell: fc.nat({ max: 3 }),
            buy: fc.nat({ max: 3 }),
            size: fc.constantFrom<unknown>(
              { holding_bps: 2500 },
              { portfolio_bps: 300 },
              { amount: '1' },
              { amount: '100000' },
            ),
          }),
          { maxLength: 3 },
        ),
        // every trigger kind (correction 13), absent half the time; short volatility windows so
        // that a few days fill them
        trigger: fc.option(
          fc.constantFrom<unknown>(
            { calendar: { every_cycles: 1 } },
            { calendar: { every_cycles: 3 } },
            { threshold: { tolerance: { absolute_pp: '2' } } },
            { threshold: { tolerance: { relative_fraction: '0.1' } } },
            { threshold: { tolerance: { any_of: [{ absolute_pp: '5' }, { relative_fraction: '0.25' }] } } },
            { hybrid: { every_cycles: 2, tolerance: { absolute_pp: '1' } } },
            { volatility: { tolerance: { absolute_pp: '2' }, window: 3, reference_volatility: '0.02' } },
            {
              volatility: {
                tolerance: { relative_fraction: '0.2' },
                window: 1,
                reference_volatility: '0.05',
                min_scale: '0.2',
                max_scale: '5',
              },
            },
          ),
          { nil: undefined, freq: 2 },
        ),
      })
      .map((a) => {
        const others = a.others.filter((d) => d !== a.base)
        // at least two targets (the base is uusdc or uatom, never untrn)
        const denoms = [a.base, ...(others.length > 0 ? others : ['untrn'])]
        const w = denoms.map((_, k) => a.weights[k]!)
        const sum = w.reduce((x, y) => x + y, 0)
        const bps = w.map((x) => Math.floor((x * 10_000) / sum))
        bps[0]! += 10_000 - bps.reduce((x, y) => x + y, 0)
        return {
          name: `account ${i}`,
          base_denom: a.base,
          targets: denoms.map((denom, k) => ({ denom, bps: bps[k]! })),
          speed: a.speed,
          ...(a.maxLimit === undefined ? {} : { max_limit_bps: a.maxLimit }),
          initial: [{ denom: denoms[a.hold % denoms.length]!, usd: a.usd }],
          ...(a.trigger === undefined ? {} : { trigger: a.trigger }),
          // resolved against the run's dates in the scenario below
          orderDraft: a.orders
            .map((o) => ({
              day: o.day,
              sell: denoms[o.sell % denoms.length]!,
              buy: denoms[o.buy % denoms.length]!,
              size: o.size,
            }))
            .filter((o) => o.sell !== o.buy),
        }
      })

  const scenarioArb = fc
    .record({
      start: fc.integer({ min: 0, max: (LAST - FIRST) / 86_400 - 20 }),
      days: fc.integer({ min: 2, max: 14 }),
      accounts: fc
        .integer({ min: 1, max: 3 })
        .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => account(i)))),
      makers: fc.array(
        fc.record({
          margin_bps: fc.integer({ min: 0, max: 400 }),
          inventory_usd: fc.option(fc.constantFrom('100', '5000', '200000'), { nil: undefined }),
          hedge: fc.option(fc.boolean(), { nil: undefined }),
          hedge_cost_bps: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      duration: fc.constantFrom(10, 600, 7200, 20_000, 28_800),
      curve: fc.constantFrom<
        Scenario['auction'] extends infer A ? (A extends { curve?: infer C } ? C : never) : never
      >(
        'linear',
        { two_phase: { drop_blocks_bps: 1000, knee_bps: 5000 } },
        { two_phase: { drop_blocks_bps: 3000, knee_bps: 2000 } },
      ),
      containment: fc.constantFrom<unknown>(
        undefined,
        'off',
        { min_premium_bps: 200, action: 'refuse' },
        { min_premium_bps: 3000, action: 'refuse' },
        { min_premium_bps: 0, max_discount_bps: 'off' },
        { min_premium_bps: 800, max_discount_bps: 50 },
      ),
      strategy: fc.option(
        fc.record({
          start_price_bps: fc.integer({ min: 1, max: 4000 }),
          end_price_bps: fc.integer({ min: 1, max: 4000 }),
        }),
        { nil: undefined },
      ),
      mode: fc.constantFrom(
        undefined,
        'mean',
        'recency_weighted',
        'median',
        'volume_weighted',
        'external',
        'anchored',
      ),
      reference: fc.option(
        fc.record({
          delay_seconds: fc.constantFrom(0, 600, 5400),
          error_bps: fc.integer({ min: -300, max: 300 }),
        }),
        { nil: undefined },
      ),
    })
    .map((s) => ({
      start: iso(FIRST + s.start * 86_400),
      end: iso(FIRST + (s.start + s.days - 1) * 86_400),
      denoms: DEFAULT_SCENARIO.denoms,
      accounts: s.accounts.map(({ orderDraft, ...a }) => ({
        ...a,
        ...(orderDraft.length === 0
          ? {}
          : {
              orders: orderDraft.map((o) => ({
                date: iso(FIRST + (s.start + (o.day % s.days)) * 86_400),
                sell: o.sell,
                buy: o.buy,
                size: o.size,
              })),
            }),
      })),
      market_makers: s.makers.map((m, i) => ({
        name: `maker-${i}`,
        margin_bps: m.margin_bps,
        ...(m.inventory_usd === undefined ? {} : { inventory_usd: m.inventory_usd }),
        ...(m.hedge === undefined ? {} : { hedge: m.hedge }),
        ...(m.hedge_cost_bps === undefined ? {} : { hedge_cost_bps: m.hedge_cost_bps }),
      })),
      auction: {
        duration_blocks: s.duration,
        curve: s.curve,
        ...(s.containment === undefined ? {} : { containment: s.containment }),
        ...(s.strategy ?? {}),
      },
      oracle: {
        ...(s.mode === undefined ? {} : { mode: s.mode }),
        ...(s.reference === undefined ? {} : { reference: s.reference }),
      },
    }))

  it('random small scenarios: the same report', async () => {
    let traded = 0
    let paused = 0
    let skipped = 0
    let ordersSent = 0
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (scenario) => {
        // a maker that paid with a denom it also bought that day may hold less than it hedges:
        // both paths stop there, with the same error
        const runs = await bothOrSameError(scenario)
        if (runs === null) return
        const { localnet, fast } = runs
        if (localnet.history.some((c) => c.auctions.some((a) => a.fills.length > 0))) traded++
        if (localnet.history.some((c) => c.accounts.some((a) => a.paused !== null))) paused++
        if (localnet.history.some((c) => c.accounts.some((a) => a.triggered === false))) skipped++
        if (localnet.history.some((c) => c.accounts.some((a) => (a.orders?.sent.length ?? 0) > 0)))
          ordersSent++
        expectSame(fast, localnet)
      }),
      { numRuns: 40 },
    )
    // many runs trade, and tiny accounts pause: the property compares real fills and pauses
    expect(traded).toBeGreaterThan(10)
    expect(paused).toBeGreaterThan(0)
    // and triggers that held accounts back on some days
    expect(skipped).toBeGreaterThan(0)
    // and one-time orders that were sent
    expect(ordersSent).toBeGreaterThan(0)
  }, 300_000)
})

describe('runFast refuses what it does not run', () => {
  const base = { ...DEFAULT_SCENARIO, end: '2023-10-20' }

  it('more one-time orders than may wait, and the keeper check: fast_unsupported naming each field', async () => {
    const scenario = {
      ...base,
      accounts: [
        { ...DEFAULT_SCENARIO.accounts[0]!, trigger: { calendar: { every_cycles: 7 } } },
        {
          ...DEFAULT_SCENARIO.accounts[1]!,
          // 11 > MAX_PENDING_ORDERS (10), over two days (at most 10 a day)
          orders: Array.from({ length: 11 }, (_, k) => ({
            date: k < 6 ? '2023-10-12' : '2023-10-13',
            sell: 'uatom',
            buy: 'uusdc',
            size: { holding_bps: 100 },
          })),
        },
      ],
      keeper: { containment: { min_premium_bps: 500 } },
    }
    const sim = prepareSimulation(scenario, { history })
    expect(fastPathProblems(sim).map((p) => p.split(':')[0])).toEqual([
      'accounts[1].orders',
      'keeper.containment',
    ])
    const e = await runFast(sim).catch((x: unknown) => x)
    expect(SimulationError.isInstance(e) && e.code).toBe('fast_unsupported')
    expect((e as Error).message).toMatch(/accounts\[1\]\.orders[\s\S]*keeper\.containment/)
  })

  it('a simulation that already ran a cycle: fast_not_fresh', async () => {
    const sim = prepareSimulation(base, { history })
    await runSimulation(sim)
    const e = await runFast(sim).catch((x: unknown) => x)
    expect(SimulationError.isInstance(e) && e.code).toBe('fast_not_fresh')
  })
})

describe('a backtest job picks its path', () => {
  const scenario = { ...DEFAULT_SCENARIO, start: '2024-03-01', end: '2024-03-20' }
  const plain = DEFAULT_STRATEGIES.find((s) => s.name === 'as written')!
  const weekly = DEFAULT_STRATEGIES.find((s) => s.name.startsWith('calendar: weekly'))!
  // more than MAX_PENDING_ORDERS (10) one-time orders still run only on the localnet path
  const ordered = {
    ...scenario,
    accounts: [
      scenario.accounts[0]!,
      {
        ...scenario.accounts[1]!,
        orders: Array.from({ length: 11 }, (_, k) => ({
          date: k < 6 ? '2024-03-05' : '2024-03-06',
          sell: 'uatom',
          buy: 'uusdc',
          size: { holding_bps: 100 },
        })),
      },
    ],
  }

  it('fast when the fast path runs the scenario (triggers too), else the localnet, unless the job says', () => {
    expect(backtestEngine(prepareSimulation(scenario, { history }))).toBe('fast')
    const [job] = backtestJobs(scenario, [weekly])
    const triggered = prepareSimulation(
      { ...scenario, accounts: scenario.accounts.map((a) => ({ ...a, ...job!.variant.account })) },
      { history },
    )
    expect(backtestEngine(triggered)).toBe('fast')
    expect(backtestEngine(prepareSimulation(ordered, { history }))).toBe('localnet')
    expect(backtestEngine(prepareSimulation(scenario, { history }), 'localnet')).toBe('localnet')
  })

  it('gives the same row on either path, for a triggered strategy too', async () => {
    const [fast] = backtestJobs(scenario, [plain], { engine: 'fast' })
    const [localnet] = backtestJobs(scenario, [plain], { engine: 'localnet' })
    expect(fast!.options.engine).toBe('fast')
    const row = await runBacktestJob(fast)
    expect(row.accounts[0]!.auctions).toBeGreaterThan(0)
    expect(row).toEqual(await runBacktestJob(localnet))
    const [byDefault] = backtestJobs(scenario, [weekly])
    const [onLocalnet] = backtestJobs(scenario, [weekly], { engine: 'localnet' })
    expect(await runBacktestJob(byDefault)).toEqual(await runBacktestJob(onLocalnet))
  }, 60_000)

  it('refuses the fast path for a scenario it does not run, and an unknown engine, naming the field', async () => {
    const [job] = backtestJobs(ordered, [weekly], { engine: 'fast' })
    await expect(runBacktestJob(job)).rejects.toThrow(/fast_unsupported|accounts\[1\]\.orders/)
    const e = await runBacktestJob({ ...job, options: { engine: 'turbo' } }).catch((x: unknown) => x)
    expect(StrategyError.isInstance(e)).toBe(true)
    expect((e as Error).message).toMatch(/job\.options\.engine: must be "fast" or "localnet"/)
  })
})
