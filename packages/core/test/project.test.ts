import { Dec } from '@rebalancer/types'
import { describe, expect, it } from 'vitest'
import { computeRebalance, InvalidInputError, projectRebalance } from '../src/index.js'
import { config, d, PERIOD, T0, U } from './fixtures.js'

const c = config(
  [
    { denom: 'uatom', bps: 7500 },
    { denom: 'untrn', bps: 2500 },
  ],
  { pid: { p: d('0.5'), i: Dec.ZERO, d: Dec.ZERO } },
)
const prices = { untrn: d('1.5') }
const balances = { uatom: 1000n * U }

describe('projectRebalance', () => {
  it('halves the drift every cycle with p = 0.5 at constant prices, settling at the price', () => {
    const p = projectRebalance({ config: c, balances, prices, cycles: 3, start: T0 })
    expect(p.initialMaxAbsDriftPp).toEqual(d('25'))
    expect(p.cycles.map((x) => x.maxAbsDriftPp)).toEqual([d('12.5'), d('6.25'), d('3.125')])
    const first = p.cycles[0]!
    expect(first).toMatchObject({
      cycle: 1,
      time: T0,
      ran: true,
      trades: [{ pair: ['uatom', 'untrn'], amount: 125n * U }],
      fills: [{ pair: ['uatom', 'untrn'], sold: 125n * U, bought: 187_500_000n }],
      soldValue: Dec.fromInt(125n * U),
      tradedValue: Dec.fromInt(125n * U),
      totalValueBefore: Dec.fromInt(1000n * U),
      balances: { uatom: 875n * U, untrn: 187_500_000n },
      totalValue: Dec.fromInt(1000n * U),
      weights: { uatom: d('0.875'), untrn: d('0.125') },
      targetWeights: { uatom: d('0.75'), untrn: d('0.25') },
    })
    expect(p.cycles[1]!.time).toBe(T0 + PERIOD)
    expect(p.cycles[1]!.trades).toEqual([{ pair: ['uatom', 'untrn'], amount: 62_500_000n }])
    // the state is the computation's, cycle after cycle
    let state = { lastRebalance: null as number | null, targets: {} }
    let held: Record<string, bigint> = balances
    for (const [k, cycle] of p.cycles.entries()) {
      const r = computeRebalance({
        config: c,
        state,
        balances: held,
        prices,
        auctionMinimums: {},
        baseMinValue: 0n,
        periodSeconds: PERIOD,
        now: T0 + k * PERIOD,
      })
      expect(r.trades).toEqual(cycle.trades)
      state = r.state
      held = cycle.balances
    }
    expect(p.state).toEqual(state)
    expect(p.state.lastRebalance).toBe(T0 + 2 * PERIOD)
  })

  it('takes a slippage off every fill, rounding the received amount down', () => {
    const p = projectRebalance({ config: c, balances, prices, cycles: 1, slippageBps: 100 })
    expect(p.cycles[0]!.fills[0]!.bought).toBe(185_625_000n) // 187.5 NTRN × 0.99
    expect(p.cycles[0]!.totalValue).toEqual(Dec.fromInt(998_750_000n)) // 875 + 185.625 / 1.5
  })

  it('follows a price series, one map per cycle', () => {
    const series = [{ untrn: d('1.5') }, { untrn: d('3') }]
    const p = projectRebalance({ config: c, balances, prices: series, cycles: 2 })
    expect(p.cycles[1]!.prices).toEqual({ untrn: d('3') })
    // NTRN halves in value: 187.5 NTRN is worth 62.5 ATOM; total 937.5
    expect(p.cycles[1]!.totalValueBefore).toEqual(Dec.fromInt(937_500_000n))
  })

  it('a pause holds for the rest of the projection', () => {
    const p = projectRebalance({ config: c, balances: { untrn: 1n }, prices, cycles: 3 })
    expect(p.cycles.map((x) => [x.ran, x.pause])).toEqual([
      [false, 'below_minimum'],
      [false, 'below_minimum'],
      [false, 'below_minimum'],
    ])
    expect(p.state).toEqual({ lastRebalance: null, targets: {} })
  })

  it('runs only the triggered cycles, and those alone change the state', () => {
    const p = projectRebalance({
      config: c,
      balances,
      prices,
      cycles: 6,
      trigger: { kind: 'threshold', tolerance: { kind: 'absolute', pp: '5' } },
    })
    // drift 25 → 12.5 → 6.25 → 3.125, then within 5 pp: no more runs
    expect(p.cycles.map((x) => x.ran)).toEqual([true, true, true, false, false, false])
    expect(p.cycles.map((x) => x.trigger?.reason)).toEqual([
      'first_run',
      'drift_above_tolerance',
      'drift_above_tolerance',
      'drift_within_tolerance',
      'drift_within_tolerance',
      'drift_within_tolerance',
    ])
    expect(p.state.lastRebalance).toBe(2 * PERIOD)
  })

  it('a volatility trigger reads the projected prices as its history', () => {
    const series = [1, 1.2, 1, 1.2, 1, 1.2].map((x) => ({ untrn: Dec.fromNumber(x) }))
    const p = projectRebalance({
      config: c,
      balances,
      prices: series,
      cycles: 6,
      priceHistory: { untrn: [d('1')] },
      trigger: {
        kind: 'volatility',
        tolerance: { kind: 'absolute', pp: '2' },
        window: 3,
        referenceVolatility: '0.01',
      },
    })
    expect(p.cycles[1]!.trigger?.volatility?.scale).toEqual(d('3')) // σ ≈ 0.25 × ln 1.2 ≫ 0.01: capped
  })

  it('does not mutate its input and carries other denoms along', () => {
    const b = { uatom: 1000n * U, uother: 7n }
    const p = projectRebalance({ config: c, balances: b, prices, cycles: 2 })
    expect(b).toEqual({ uatom: 1000n * U, uother: 7n })
    expect(p.cycles[1]!.balances.uother).toBe(7n)
  })

  it('names the field of bad options', () => {
    const bad = (over: object) => () => projectRebalance({ config: c, balances, prices, cycles: 2, ...over })
    expect(bad({ slippageBps: 10001 })).toThrow('slippageBps: must be in 0..=10000')
    expect(bad({ cycles: 1.5 })).toThrow('cycles: must be an integer')
    expect(bad({ prices: [prices] })).toThrow(
      'prices: must have a price map for every cycle (at least 2), got 1',
    )
    expect(bad({ periodSeconds: 0 })).toThrow(InvalidInputError)
    expect(bad({ trigger: { kind: 'never' } })).toThrow(/trigger/)
  })
})
