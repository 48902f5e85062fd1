/**
 * The corrections of portfolio-computer.md ("Corrections to the deployed contract") that are not
 * covered in compute.test.ts (1, 2, 5 and 7 are there). Each test fails on the deployed behaviour
 * described in the spec. Correction 10 (messages that take no funds refuse them, cw-utils
 * `nonpayable`) is contract behaviour with no Portfolio Computer part: its tests are in
 * packages/localnet/test/funds.test.ts.
 */
import { Dec, type RebalancerUpdate } from '@rebalancer/types'
import { describe, expect, it } from 'vitest'
import {
  applyConfigUpdate,
  computeRebalance,
  configFromWire,
  cycleStatusAfter,
  InvalidConfigError,
  isPriceFresh,
  nextCycleStep,
  overrideWeights,
  parseConfig,
  pricesForAccount,
  startOfCycle,
  validateConfig,
} from '../src/index.js'
import { config, d, input, PERIOD, T0, U } from './fixtures.js'

describe('correction 3: target order is the user’s list order', () => {
  // Spec public check: ATOM 50% min 63 (price 1), priority; total 100 held in ATOM.
  const prices = { untrn: d('0.5'), uosmo: d('0.1') }
  const total = Dec.fromInt(100)
  const values = {}

  it('the priority override serves the others in list order, whatever the denoms', () => {
    const listed = config(
      [
        { denom: 'uatom', bps: 5000, minBalance: 63n },
        { denom: 'untrn', bps: 2100 },
        { denom: 'uosmo', bps: 2900 },
      ],
      { targetOverrideStrategy: 'priority' },
    )
    expect(overrideWeights(listed, values, prices, total)).toEqual([d('0.63'), d('0.21'), d('0.16')])
    // The same targets listed OSMO first: OSMO takes its full 29% and NTRN gets what is left.
    // Storing targets in a fixed (hash or sorted) order would give the same result both times.
    const reordered = config(
      [
        { denom: 'uatom', bps: 5000, minBalance: 63n },
        { denom: 'uosmo', bps: 2900 },
        { denom: 'untrn', bps: 2100 },
      ],
      { targetOverrideStrategy: 'priority' },
    )
    expect(overrideWeights(reordered, values, prices, total)).toEqual([d('0.63'), d('0.29'), d('0.08')])
  })

  it('the computation keeps the list order in its report, its state and its matching', () => {
    // Two overweight sells (OSMO and ATOM), one buy (NTRN); the budget serves only one pair.
    const targets = [
      { denom: 'uosmo', bps: 3000 },
      { denom: 'untrn', bps: 4000 },
      { denom: 'uatom', bps: 3000 },
    ]
    const balances = { uosmo: 350n * U, untrn: 300n * U, uatom: 350n * U }
    const px = { uosmo: Dec.ONE, untrn: Dec.ONE }
    const run = (list: typeof targets) =>
      computeRebalance(input({ config: config(list, { maxLimitBps: 500 }), balances, prices: px }))
    const a = run(targets)
    expect(a.targets.map((t) => t.denom)).toEqual(['uosmo', 'untrn', 'uatom'])
    expect(Object.keys(a.state.targets)).toEqual(['uosmo', 'untrn', 'uatom'])
    expect(a.trades).toEqual([{ pair: ['uosmo', 'untrn'], amount: 50n * U }]) // the first listed sell
    const b = run([targets[2]!, targets[1]!, targets[0]!])
    expect(b.trades).toEqual([{ pair: ['uatom', 'untrn'], amount: 50n * U }])
  })
})

describe('correction 4: duplicate denoms are rejected, not merged', () => {
  // The deployed contract merged these into uatom 7500 / untrn 2500 and accepted them.
  const duplicated = [
    { denom: 'uatom', bps: 5000 },
    { denom: 'untrn', bps: 2500 },
    { denom: 'uatom', bps: 2500 },
  ]
  const problem =
    'targets[2].denom: denoms must be unique (duplicates are rejected, not merged), "uatom" is also targets[0].denom'

  it('by validateConfig and computeRebalance', () => {
    expect(validateConfig(config(duplicated))).toEqual([problem])
    expect(() =>
      computeRebalance(
        input({ config: config(duplicated), balances: { uatom: 100n }, prices: { untrn: d('1') } }),
      ),
    ).toThrow(InvalidConfigError)
  })

  it('by the zod input schema and the wire decoder', () => {
    expect(() =>
      parseConfig({
        baseDenom: 'uatom',
        targets: duplicated,
        pid: { p: '0.1', i: '0', d: '0' },
        targetOverrideStrategy: 'proportional',
      }),
    ).toThrow(problem)
    expect(() =>
      configFromWire({
        base_denom: 'uatom',
        targets: duplicated,
        pid: { p: '0.1', i: '0', d: '0' },
        target_override_strategy: 'proportional',
      }),
    ).toThrow(problem)
  })
})

describe('correction 6: after a missed cycle the next one starts at start_of_cycle(now)', () => {
  it('runs one cycle, not one per missed period', () => {
    // Finished with next_cycle = T0, but nobody called for three and a half days.
    const now = T0 + 3 * PERIOD + PERIOD / 2
    const step = nextCycleStep({ kind: 'finished', nextCycle: T0 }, now, PERIOD)
    expect(step).toEqual({ ok: true, cycleStart: T0 + 3 * PERIOD, startFrom: null, refreshPrices: true })
    if (!step.ok) throw new Error('unreachable')
    // The deployed contract started the cycle at next_cycle (T0): its next_cycle would be
    // T0 + PERIOD, already past, so a second cycle could run at once. Here it cannot.
    const after = cycleStatusAfter(step.cycleStart, 'neutron1last', false, [], PERIOD)
    expect(after).toEqual({ kind: 'finished', nextCycle: T0 + 4 * PERIOD })
    expect(nextCycleStep(after, now + 3, PERIOD)).toEqual({
      ok: false,
      error: `cycle not started yet (${PERIOD / 2 - 3})`,
      secondsLeft: PERIOD / 2 - 3,
    })
  })

  it('a processing cycle older than a period restarts at start_of_cycle(now) with fresh prices', () => {
    const now = T0 + 2 * PERIOD + 17
    const step = nextCycleStep(
      {
        kind: 'processing',
        cycleStarted: T0,
        startFrom: 'neutron1abc',
        prices: [[['uatom', 'untrn'], '1.5']],
      },
      now,
      PERIOD,
    )
    expect(step).toEqual({
      ok: true,
      cycleStart: startOfCycle(now, PERIOD),
      startFrom: null,
      refreshPrices: true,
    })
  })
})

describe('correction 8: update validates exactly as register does', () => {
  const registered = config([
    { denom: 'uatom', bps: 7500 },
    { denom: 'untrn', bps: 2500 },
  ])

  it('refuses an update that register would refuse, with the same problems', () => {
    const update: RebalancerUpdate = {
      targets: [
        { denom: 'uatom', bps: 7000 },
        { denom: 'untrn', bps: 2000, minBalance: 5n },
        { denom: 'uosmo', bps: 0, minBalance: 1n },
      ],
      maxLimitBps: { set: 0 },
    }
    let caught: unknown
    try {
      applyConfigUpdate(registered, update)
    } catch (e) {
      caught = e
    }
    expect(caught).toBeInstanceOf(InvalidConfigError)
    const merged = { ...registered, targets: update.targets!, maxLimitBps: 0 }
    expect((caught as InvalidConfigError).problems).toEqual(validateConfig(merged))
    expect((caught as InvalidConfigError).problems).toEqual([
      'targets[2].bps: must be in 1..=9999, got 0',
      'targets: bps must sum to exactly 10000, got 9000',
      'targets: at most one target may have minBalance, got 2 (targets[1], targets[2])',
      'maxLimitBps: must be an integer in 1..=10000, got 0',
    ])
  })

  it('checks the whitelists on update too', () => {
    expect(() =>
      applyConfigUpdate(
        registered,
        {
          targets: [
            { denom: 'uatom', bps: 5000 },
            { denom: 'uscam', bps: 5000 },
          ],
        },
        { denomWhitelist: ['uatom', 'untrn'] },
      ),
    ).toThrow('targets[1].denom: must be on the denom whitelist, got "uscam"')
  })
})

describe('correction 9: stale prices are not traded on', () => {
  const maxAge = 3 * PERIOD

  it('isPriceFresh accepts a price up to the limit and refuses an older one', () => {
    expect(isPriceFresh(T0 - maxAge, T0, maxAge)).toBe(true)
    expect(isPriceFresh(T0 - maxAge - 1, T0, maxAge)).toBe(false) // the deployed contract used it
    expect(isPriceFresh(T0 + 5, T0, maxAge)).toBe(true)
  })

  it('an account with a stale price is skipped for the cycle, naming the pair', () => {
    const c = config([
      { denom: 'uatom', bps: 5000 },
      { denom: 'untrn', bps: 2500 },
      { denom: 'uosmo', bps: 2500 },
    ])
    const snapshot = {
      'uatom|untrn': { price: d('1.5'), time: T0 - PERIOD },
      'uatom|uosmo': { price: d('7'), time: T0 - maxAge - 1 },
    }
    expect(pricesForAccount(c, snapshot, T0, maxAge)).toEqual({
      ok: false,
      stale: [['uatom', 'uosmo']],
      missing: [],
    })
    expect(pricesForAccount(c, { 'uatom|untrn': snapshot['uatom|untrn'] }, T0, maxAge)).toEqual({
      ok: false,
      stale: [],
      missing: [['uatom', 'uosmo']],
    })
    const fresh = pricesForAccount(c, snapshot, T0 - 1, maxAge)
    expect(fresh).toEqual({ ok: true, prices: { untrn: d('1.5'), uosmo: d('7') } })
  })
})
