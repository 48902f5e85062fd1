/**
 * Issue #10 "Errors": core throws one class, `CoreError`, with a stable `code` per rule and the
 * field's `path`; never a bare `RangeError`.
 */
import { Dec, RebalancerError } from '@rebalancer/types'
import { describe, expect, it } from 'vitest'
import {
  CORE_ERROR_CODES,
  CoreError,
  type CoreErrorCode,
  computeDt,
  computeRebalance,
  cycleStatusAfter,
  portfolioVolatility,
  realisedVolatility,
  startOfCycle,
} from '../src/index.js'
import { config, d, input, PERIOD, T0, thrown } from './fixtures.js'

const c = config([
  { denom: 'uatom', bps: 5000 },
  { denom: 'untrn', bps: 5000 },
])

/** One call per code that breaks exactly that rule, with the path it must name. */
const CASES: Record<CoreErrorCode, { run: () => unknown; path: (string | number)[]; message: RegExp }> = {
  invalid_time: { run: () => startOfCycle(-1, PERIOD), path: ['now'], message: /^now: must be non-negative/ },
  invalid_period: {
    run: () => startOfCycle(T0, 0),
    path: ['period'],
    message: /^period: must be a positive/,
  },
  time_backwards: {
    run: () => computeDt(T0, T0 - 1, PERIOD),
    path: ['now'],
    message: /is before state.lastRebalance/,
  },
  invalid_amount: {
    run: () => computeRebalance(input({ config: c, prices: { untrn: d('1') }, baseMinValue: -1n })),
    path: ['baseMinValue'],
    message: /^baseMinValue: must be a non-negative bigint/,
  },
  missing_price: {
    run: () => computeRebalance(input({ config: c, balances: { uatom: 1n }, prices: {} })),
    path: ['prices', 'untrn'],
    message: /^prices: missing the price of pair \(uatom, untrn\)/,
  },
  invalid_price: {
    run: () => realisedVolatility([d('1'), d('0')]),
    path: ['priceHistory', 1],
    message: /^priceHistory: prices must be positive/,
  },
  short_price_history: {
    run: () => portfolioVolatility(c, [d('0.5'), d('0.5')], { untrn: [d('1')] }, 10),
    path: ['priceHistory', 'untrn'],
    message: /^priceHistory.untrn: at least 2 prices/,
  },
  missing_last_processed: {
    run: () => cycleStatusAfter(T0, null, true, [], PERIOD),
    path: ['lastProcessed'],
    message: /^lastProcessed: required/,
  },
}

describe('CoreError', () => {
  it.each(CORE_ERROR_CODES)('%s: thrown as a CoreError with its code, field path and message', (code) => {
    const e = thrown(CASES[code].run)
    expect(CoreError.isInstance(e)).toBe(true)
    expect(RebalancerError.isInstance(e)).toBe(true)
    expect(e).toBeInstanceOf(CoreError)
    expect(e).not.toBeInstanceOf(RangeError)
    expect(e).toMatchObject({ name: 'CoreError', code, path: CASES[code].path })
    expect((e as Error).message).toMatch(CASES[code].message)
  })

  it('lists every code once', () => {
    expect(new Set(CORE_ERROR_CODES).size).toBe(CORE_ERROR_CODES.length)
    expect([...CORE_ERROR_CODES].sort()).toEqual(Object.keys(CASES).sort())
  })

  it('a Dec failure inside core stays a DecError (types), not a CoreError', () => {
    const e = thrown(() => Dec.ONE.div(Dec.ZERO))
    expect(CoreError.isInstance(e)).toBe(false)
    expect(e).toMatchObject({ name: 'DecError', code: 'division_by_zero' })
  })
})
