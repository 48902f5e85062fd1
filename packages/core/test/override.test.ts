import { Dec, type TargetOverrideStrategy } from '@rebalancer/types'
import { describe, expect, it } from 'vitest'
import { computeRebalance, overrideWeights, valuePortfolio } from '../src/index.js'
import { config, d, input, U } from './fixtures.js'

// portfolio-computer.md, "Public checks": total value 100, base ATOM (price 1).

describe('overrideWeights (step 3): two targets, ATOM 75% with min_balance, NTRN 25% at 0.1', () => {
  const prices = { untrn: d('0.1') }
  // ATOM 75 (value 75) and NTRN 2.5 (value 25): total 100, in base units.
  const balances = { uatom: 75n * U, untrn: 2_500_000n }

  it.each([
    [40n, '0.75', '0.25'],
    [80n, '0.8', '0.2'],
    [90n, '0.9', '0.1'],
  ])('min_balance %s → ATOM %s, NTRN %s', (min, atom, ntrn) => {
    for (const strategy of ['proportional', 'priority'] as TargetOverrideStrategy[]) {
      const c = config(
        [
          { denom: 'uatom', bps: 7500, minBalance: min * U },
          { denom: 'untrn', bps: 2500 },
        ],
        { targetOverrideStrategy: strategy },
      )
      const { values, total } = valuePortfolio(c, balances, prices)
      expect(total).toEqual(Dec.fromInt(100n * U))
      expect(overrideWeights(c, values, prices, total)).toEqual([d(atom), d(ntrn)])
      // and the computation reports the weights it used
      const r = computeRebalance(input({ config: c, balances, prices }))
      expect(r.targets.map((t) => t.targetWeight)).toEqual([d(atom), d(ntrn)])
    }
  })
})

describe('overrideWeights (step 3): three targets, ATOM 50% with min_balance, NTRN 25% at 0.5, OSMO 25% at 0.1', () => {
  const prices = { untrn: d('0.5'), uosmo: d('0.1') }
  const balances = { uatom: 50n * U, untrn: 12_500_000n, uosmo: 2_500_000n } // 50 + 25 + 25

  const rows: [TargetOverrideStrategy, bigint, number, number, string, string, string][] = [
    ['proportional', 60n, 2500, 2500, '0.6', '0.2', '0.2'],
    ['proportional', 60n, 4000, 1000, '0.6', '0.32', '0.08'],
    ['proportional', 63n, 2900, 2100, '0.63', '0.2146', '0.1554'],
    ['priority', 63n, 2100, 2900, '0.63', '0.21', '0.16'],
    ['priority', 80n, 2500, 2500, '0.8', '0.2', '0'],
    ['proportional', 120n, 2500, 2500, '1', '0', '0'],
    ['priority', 120n, 2500, 2500, '1', '0', '0'],
  ]
  it.each(rows)(
    '%s, ATOM min %s, others %s / %s bps → %s / %s / %s',
    (strategy, min, ntrnBps, osmoBps, a, n, o) => {
      const c = config(
        [
          { denom: 'uatom', bps: 5000, minBalance: min * U },
          { denom: 'untrn', bps: ntrnBps },
          { denom: 'uosmo', bps: osmoBps },
        ],
        { targetOverrideStrategy: strategy },
      )
      const { values, total } = valuePortfolio(c, balances, prices)
      expect(total).toEqual(Dec.fromInt(100n * U))
      const w = overrideWeights(c, values, prices, total)
      expect(w).toEqual([d(a), d(n), d(o)])
      const r = computeRebalance(input({ config: c, balances, prices }))
      expect(r.targets.map((t) => t.targetWeight)).toEqual([d(a), d(n), d(o)])
      // the stored config keeps the user's targets
      expect(c.targets.map((t) => t.bps)).toEqual([5000, ntrnBps, osmoBps])
    },
  )
})

describe('overrideWeights: other cases', () => {
  it('is bps / 10000 without a min_balance target', () => {
    const c = config([
      { denom: 'uatom', bps: 3333 },
      { denom: 'untrn', bps: 6667 },
    ])
    expect(overrideWeights(c, {}, { untrn: d('1') }, d('100'))).toEqual([d('0.3333'), d('0.6667')])
  })

  it('values min_balance as min_balance / price for a non-base target', () => {
    // NTRN min 300 at price 2 → value 150 of total 1000 (> r = 100): NTRN 0.15, ATOM 0.85
    const c = config([
      { denom: 'uatom', bps: 9000 },
      { denom: 'untrn', bps: 1000, minBalance: 300n },
    ])
    expect(overrideWeights(c, {}, { untrn: d('2') }, d('1000'))).toEqual([d('0.85'), d('0.15')])
  })

  it('handles a zero total without dividing by zero', () => {
    const c = config([
      { denom: 'uatom', bps: 5000, minBalance: 1n },
      { denom: 'untrn', bps: 5000 },
    ])
    expect(overrideWeights(c, {}, { untrn: d('1') }, Dec.ZERO)).toEqual([Dec.ONE, Dec.ZERO])
  })
})
