import { Dec, type RebalanceState } from '@rebalancer/types'
import { describe, expect, it } from 'vitest'
import { computeRebalance, explainRebalance } from '../src/index.js'
import { config, d, input, PERIOD, T0, U } from './fixtures.js'

const two = config(
  [
    { denom: 'uatom', bps: 7500 },
    { denom: 'untrn', bps: 2500 },
  ],
  { pid: { p: d('0.5'), i: Dec.ZERO, d: Dec.ZERO } },
)
const reasons = (x: ReturnType<typeof explainRebalance>) =>
  x.targets.map((t) => [t.denom, t.reason, t.limitedBy])

describe('explainRebalance', () => {
  it('reports weights, drift, output and what traded (public check: sell 125 ATOM for NTRN)', () => {
    const x = input({ config: two, balances: { uatom: 1000n * U }, prices: { untrn: d('1.5') } })
    const e = explainRebalance(x)
    expect(e.result).toEqual(computeRebalance(x))
    expect(e.budget).toEqual(Dec.fromInt(1000n * U))
    expect(e.budgetLeft).toEqual(Dec.fromInt(875n * U))
    expect(e.maxAbsDriftPp).toEqual(d('25'))
    expect(e.targets[0]).toEqual({
      denom: 'uatom',
      bps: 7500,
      currentWeight: Dec.ONE,
      targetWeight: d('0.75'),
      overrideWeight: d('0.75'),
      driftPp: d('25'),
      driftRelative: d('0.333333333333333333'),
      price: Dec.ONE,
      balance: 1000n * U,
      value: Dec.fromInt(1000n * U),
      output: Dec.fromInt(-125n * U),
      side: 'sell',
      tradedValue: Dec.fromInt(125n * U),
      soldAmount: 125n * U,
      reason: 'traded',
    })
    expect(e.targets[1]).toMatchObject({
      driftPp: d('-25'),
      driftRelative: d('-1'),
      side: 'buy',
      tradedValue: Dec.fromInt(125n * U),
      soldAmount: 0n,
      reason: 'traded',
    })
  })

  it('shows the override weights actually used', () => {
    const c = config([
      { denom: 'uatom', bps: 7500, minBalance: 80n },
      { denom: 'untrn', bps: 2500 },
    ])
    // public check: total 100, ATOM min 80 → 80 / 20
    const e = explainRebalance(input({ config: c, balances: { uatom: 100n }, prices: { untrn: d('0.1') } }))
    expect(e.targets.map((t) => [t.targetWeight, t.overrideWeight])).toEqual([
      [d('0.75'), d('0.8')],
      [d('0.25'), d('0.2')],
    ])
    expect(e.targets[0]!.driftPp).toEqual(d('20')) // against the 80% actually aimed for
  })

  it('below_auction_minimum: the sell is worth less than its auction minimum', () => {
    const c = config([
      { denom: 'uatom', bps: 5000 },
      { denom: 'untrn', bps: 5000 },
    ])
    const e = explainRebalance(
      input({
        config: c,
        balances: { uatom: 510n * U, untrn: 980n * U },
        prices: { untrn: d('2') },
        auctionMinimums: { uatom: 11n * U },
      }),
    )
    expect(reasons(e)).toEqual([
      ['uatom', 'below_auction_minimum', undefined],
      ['untrn', 'below_auction_minimum', undefined],
    ])
  })

  it('min_balance_floor: a sell held at its floor, and the buy it would have served', () => {
    // integral terms only: NTRN (at its 100 NTRN floor) wants to sell 50, ATOM to buy 50
    const c = config(
      [
        { denom: 'uatom', bps: 5000 },
        { denom: 'untrn', bps: 5000, minBalance: 100n * U },
      ],
      { pid: { p: Dec.ZERO, i: Dec.ZERO, d: Dec.ZERO } },
    )
    const state: RebalanceState = {
      lastRebalance: T0 - PERIOD,
      targets: {
        uatom: { lastInput: null, lastI: Dec.fromInt(50n * U) },
        untrn: { lastInput: null, lastI: Dec.fromInt(-50n * U) },
      },
    }
    const x = input({
      config: c,
      state,
      balances: { uatom: 100n * U, untrn: 100n * U },
      prices: { untrn: Dec.ONE },
    })
    expect(reasons(explainRebalance(x))).toEqual([
      ['uatom', 'min_balance_floor', undefined],
      ['untrn', 'min_balance_floor', undefined],
    ])
    // 20 NTRN above the floor: it sells those, and the floor limits the rest
    const above = explainRebalance({ ...x, balances: { uatom: 100n * U, untrn: 120n * U } })
    expect(reasons(above)).toEqual([
      ['uatom', 'traded', 'min_balance_floor'],
      ['untrn', 'traded', 'min_balance_floor'],
    ])
    expect(above.targets[1]!.soldAmount).toBe(20n * U)
  })

  it('budget_exhausted: fully, and as the limit of a partial trade', () => {
    const targets = [
      { denom: 'uatom', bps: 5000 },
      { denom: 'untrn', bps: 2500 },
      { denom: 'uosmo', bps: 2500 },
    ]
    const run = (maxLimitBps: number) =>
      explainRebalance(
        input({
          config: config(targets, { maxLimitBps }),
          balances: { uatom: 1000n * U },
          prices: { untrn: Dec.ONE, uosmo: Dec.ONE },
        }),
      )
    // budget 300: NTRN gets 250, OSMO 50 of 250
    const partial = run(3000)
    expect(reasons(partial)).toEqual([
      ['uatom', 'traded', 'budget_exhausted'],
      ['untrn', 'traded', undefined],
      ['uosmo', 'traded', 'budget_exhausted'],
    ])
    expect(partial.targets[2]!.tradedValue).toEqual(Dec.fromInt(50n * U))
    expect(partial.budgetLeft).toEqual(Dec.ZERO)
    // budget 100: NTRN gets 100, OSMO nothing
    expect(reasons(run(1000))).toEqual([
      ['uatom', 'traded', 'budget_exhausted'],
      ['untrn', 'traded', 'budget_exhausted'],
      ['uosmo', 'budget_exhausted', undefined],
    ])
  })

  it('no_counterpart and within_target', () => {
    // only an integral term: NTRN buys 1 ATOM of value, nothing sells (correction 5's case)
    const c = config(
      [
        { denom: 'uatom', bps: 5000 },
        { denom: 'untrn', bps: 5000 },
      ],
      { pid: { p: Dec.ZERO, i: Dec.ZERO, d: Dec.ZERO } },
    )
    const state: RebalanceState = {
      lastRebalance: T0 - PERIOD,
      targets: { untrn: { lastInput: null, lastI: Dec.fromInt(1n * U) } },
    }
    const e = explainRebalance(
      input({ config: c, state, balances: { uatom: 600n * U, untrn: 400n * U }, prices: { untrn: Dec.ONE } }),
    )
    expect(reasons(e)).toEqual([
      ['uatom', 'within_target', undefined],
      ['untrn', 'no_counterpart', undefined],
    ])
    expect(e.trades).toEqual([])
  })

  it('not_run when the account is paused or the computation skipped', () => {
    const paused = explainRebalance(input({ config: two, prices: { untrn: d('1.5') } }))
    expect(paused.pause).toEqual({ reason: 'empty_balance' })
    expect(paused.targets.every((t) => t.reason === 'not_run')).toBe(true)
    expect(paused.budget).toEqual(Dec.ZERO)
    const state = { lastRebalance: T0, targets: {} }
    const skipped = explainRebalance(
      input({ config: two, state, balances: { uatom: 5n }, prices: { untrn: d('1') } }),
    )
    expect(skipped.skipped).toBe('same_time')
    expect(skipped.targets.map((t) => t.reason)).toEqual(['not_run', 'not_run'])
  })
})
