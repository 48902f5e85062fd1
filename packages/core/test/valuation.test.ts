import { Dec } from '@rebalancer/types'
import { describe, expect, it } from 'vitest'
import { CoreError, computeDt, currentWeights, MAX_DT, priceOf, valuePortfolio } from '../src/index.js'
import { config, d, PERIOD, T0, thrown, U } from './fixtures.js'

const c = config([
  { denom: 'uatom', bps: 5000 },
  { denom: 'untrn', bps: 3000 },
  { denom: 'uosmo', bps: 2000 },
])

describe('valuePortfolio (step 1)', () => {
  it('values balance / price with the base denom at 1, ignoring other denoms and a base price', () => {
    const { values, total } = valuePortfolio(
      c,
      { uatom: 100n * U, untrn: 300n * U, ujunk: 5n },
      { uatom: d('7'), untrn: d('3'), uosmo: d('0.1') },
    )
    expect(values).toEqual({ uatom: Dec.fromInt(100n * U), untrn: Dec.fromInt(100n * U), uosmo: Dec.ZERO })
    expect(total).toEqual(Dec.fromInt(200n * U))
  })

  it('truncates each value to 18 digits like the chain', () => {
    const { values, total } = valuePortfolio(c, { untrn: 1n, uosmo: 2n }, { untrn: d('3'), uosmo: d('3') })
    expect(values.untrn).toEqual(d('0.333333333333333333'))
    expect(values.uosmo).toEqual(d('0.666666666666666666'))
    expect(total).toEqual(d('0.999999999999999999'))
  })

  it('throws a CoreError for a missing or non-positive price, or a negative balance', () => {
    expect(() => valuePortfolio(c, {}, { untrn: d('1') })).toThrow(
      /missing the price of pair \(uatom, uosmo\)/,
    )
    expect(thrown(() => valuePortfolio(c, {}, { untrn: d('1') }))).toMatchObject({
      code: 'missing_price',
      path: ['prices', 'uosmo'],
    })
    const zero = thrown(() => valuePortfolio(c, {}, { untrn: d('1'), uosmo: Dec.ZERO }))
    expect(CoreError.isInstance(zero)).toBe(true)
    expect(zero).toMatchObject({ code: 'invalid_price', path: ['prices', 'uosmo'] })
    expect(() => valuePortfolio(c, { uatom: -1n }, { untrn: d('1'), uosmo: d('1') })).toThrow(
      /balances: "uatom" must be a non-negative bigint/,
    )
    expect(thrown(() => valuePortfolio(c, { uatom: -1n }, { untrn: d('1'), uosmo: d('1') }))).toMatchObject({
      name: 'CoreError',
      code: 'invalid_amount',
      path: ['balances', 'uatom'],
    })
  })

  it('priceOf: base is 1, others from the record', () => {
    expect(priceOf('uatom', {}, 'uatom')).toBe(Dec.ONE)
    expect(priceOf('uatom', { untrn: d('2.5') }, 'untrn')).toEqual(d('2.5'))
  })
})

describe('currentWeights', () => {
  it('is value / total per denom', () => {
    const w = currentWeights({ a: d('25'), b: d('75') }, d('100'))
    expect(w).toEqual({ a: d('0.25'), b: d('0.75') })
  })
  it('is all zero for a zero total', () => {
    expect(currentWeights({ a: Dec.ZERO, b: Dec.ZERO }, Dec.ZERO)).toEqual({ a: Dec.ZERO, b: Dec.ZERO })
  })
})

describe('computeDt (step 4)', () => {
  it('is 1 on the first run', () => {
    expect(computeDt(null, T0, PERIOD)).toEqual(Dec.ONE)
  })
  it('is the elapsed periods, truncated', () => {
    expect(computeDt(T0, T0 + PERIOD, PERIOD)).toEqual(Dec.ONE)
    expect(computeDt(T0, T0 + PERIOD / 2, PERIOD)).toEqual(d('0.5'))
    expect(computeDt(T0, T0 + 1, 3)).toEqual(d('0.333333333333333333'))
  })
  it('is capped at 10', () => {
    expect(computeDt(T0, T0 + 10 * PERIOD, PERIOD)).toEqual(d('10'))
    expect(computeDt(T0, T0 + 10 * PERIOD + 1, PERIOD)).toEqual(d('10'))
    expect(computeDt(T0, T0 + 1000 * PERIOD, PERIOD)).toEqual(MAX_DT)
  })
  it('is 0 at the same time (the caller skips)', () => {
    expect(computeDt(T0, T0, PERIOD)).toEqual(Dec.ZERO)
  })
  it('rejects time running backwards and bad periods', () => {
    expect(() => computeDt(T0, T0 - 1, PERIOD)).toThrow(CoreError)
    expect(thrown(() => computeDt(T0, T0 - 1, PERIOD))).toMatchObject({
      code: 'time_backwards',
      path: ['now'],
    })
    expect(() => computeDt(T0, T0, 0)).toThrow(/periodSeconds/)
    expect(thrown(() => computeDt(T0, T0, 0))).toMatchObject({
      code: 'invalid_period',
      path: ['periodSeconds'],
    })
    expect(() => computeDt(null, 1.5, PERIOD)).toThrow(/now/)
    expect(thrown(() => computeDt(null, 1.5, PERIOD))).toMatchObject({ code: 'invalid_time', path: ['now'] })
    expect(thrown(() => computeDt(0.5, T0, PERIOD))).toMatchObject({
      code: 'invalid_time',
      path: ['state', 'lastRebalance'],
    })
  })
})
