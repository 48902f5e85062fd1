import { Dec } from '@rebalancer/types'
import { describe, expect, it } from 'vitest'
import { InvalidInputError, projectRebalance, suggestParameters } from '../src/index.js'
import { config, d, U } from './fixtures.js'

// A DAO holding only ATOM that wants ATOM 75 / NTRN 25: 25 pp off today.
const dao = config([
  { denom: 'uatom', bps: 7500 },
  { denom: 'untrn', bps: 2500 },
])
const balances = { uatom: 1_000_000n * U }
const prices = { untrn: d('1.5') }

// A fund of four assets, far from its targets.
const fund = config([
  { denom: 'uatom', bps: 4000 },
  { denom: 'untrn', bps: 2000 },
  { denom: 'uosmo', bps: 2000 },
  { denom: 'uusdc', bps: 2000 },
])
const fundBalances = { uatom: 700_000n * U, untrn: 100_000n * U, uosmo: 150_000n * U, uusdc: 50_000n * U }
const fundPrices = { untrn: d('1'), uosmo: d('1'), uusdc: d('1') }

describe('suggestParameters: reach within X pp in about N days', () => {
  it('suggests the smallest P gain (to 0.0001) whose projection meets the wish', () => {
    const s = suggestParameters({ wish: { reachWithinPp: d('1'), days: 30 }, config: dao, balances, prices })
    // 25 pp × (1 − p)^30 ≤ 1 pp ⇔ p ≥ 1 − 0.04^(1/30) ≈ 0.10174
    expect(s.pid).toEqual({ p: d('0.1018'), i: Dec.ZERO, d: Dec.ZERO })
    expect(s.met).toBe(true)
    expect(s.cycles).toBe(30)
    expect(s.initialMaxAbsDriftPp).toEqual(d('25'))
    expect(s.cyclesToWithin).toBe(30)

    // The projection with the suggested configuration meets the wish on its own...
    const proj = projectRebalance({ config: s.config, balances, prices, cycles: 30 })
    expect(proj.cycles[29]!.maxAbsDriftPp.lte(d('1'))).toBe(true)
    // ...and the cap never binds: it is the largest cycle's sale × 1.25, in bps
    // (cycle 1 sells p × 25% = 2.545% of value → 318.1 → 319 bps)
    expect(s.maxLimitBps).toBe(319)
    expect(proj.cycles.every((c) => c.tradedValue.lte(c.totalValueBefore.mul(d('0.0319'))))).toBe(true)
    // a gain 0.001 lower misses it
    const slower = projectRebalance({
      config: { ...s.config, pid: { ...s.pid, p: d('0.1008') } },
      balances,
      prices,
      cycles: 30,
    })
    expect(slower.cycles[29]!.maxAbsDriftPp.gt(d('1'))).toBe(true)
  })

  it('searches higher when slippage and auction minimums slow the plan down', () => {
    const wish = { reachWithinPp: d('0.5'), days: 20 }
    const s = suggestParameters({
      wish,
      config: fund,
      balances: fundBalances,
      prices: fundPrices,
      slippageBps: 150,
      auctionMinimums: { uatom: 2_000n * U, untrn: 2_000n * U, uosmo: 2_000n * U, uusdc: 2_000n * U },
    })
    expect(s.met).toBe(true)
    expect(s.finalMaxAbsDriftPp.lte(d('0.5'))).toBe(true)
    const proj = projectRebalance({
      config: s.config,
      balances: fundBalances,
      prices: fundPrices,
      cycles: 20,
      slippageBps: 150,
      auctionMinimums: { uatom: 2_000n * U, untrn: 2_000n * U, uosmo: 2_000n * U, uusdc: 2_000n * U },
    })
    expect(proj.cycles[19]!.maxAbsDriftPp.lte(d('0.5'))).toBe(true)
  })

  it('says so when even p = 1 cannot meet the wish', () => {
    // an ATOM auction needs 30% of the portfolio, more than the 25% to sell: nothing can trade
    const s = suggestParameters({
      wish: { reachWithinPp: d('0.1'), days: 5 },
      config: dao,
      balances,
      prices,
      auctionMinimums: { uatom: 300_000n * U },
    })
    expect(s.met).toBe(false)
    expect(s.pid.p).toEqual(Dec.ONE)
  })
})

describe('suggestParameters: sell at most S% of value a day', () => {
  it('caps each daily cycle at S% and asks for exactly the cap on day one', () => {
    const s = suggestParameters({
      wish: { maxDailySellPct: d('2') },
      config: fund,
      balances: fundBalances,
      prices: fundPrices,
    })
    expect(s.maxLimitBps).toBe(200)
    // 30 pp overweight in ATOM: p = 0.02 / 0.30
    expect(s.pid.p).toEqual(d('0.0666'))
    expect(s.met).toBe(true)
    const proj = projectRebalance({
      config: s.config,
      balances: fundBalances,
      prices: fundPrices,
      cycles: 90,
    })
    for (const c of proj.cycles) {
      expect(c.tradedValue.lte(c.totalValueBefore.mul(d('0.02')))).toBe(true)
      // amounts are rounded up from the traded value: at most one base unit per trade above it
      expect(c.soldValue.lte(c.totalValueBefore.mul(d('0.02')).add(Dec.fromInt(c.trades.length)))).toBe(true)
    }
    expect(proj.cycles[0]!.tradedValue.toFixed(0)).toBe('19980000000') // 0.0666 × 30% of 1,000,000
    expect(s.finalMaxAbsDriftPp.lt(d('0.1'))).toBe(true)
  })

  it('spreads the daily cap over shorter cycles', () => {
    const s = suggestParameters({
      wish: { maxDailySellPct: '2' },
      config: fund,
      balances: fundBalances,
      prices: fundPrices,
      periodSeconds: 3600,
      horizonDays: 3,
    })
    expect(s.maxLimitBps).toBe(8) // floor(2% / 24 in bps)
    expect(s.cycles).toBe(72)
    expect(s.met).toBe(true)
  })

  it('names the field of a bad wish', () => {
    const bad = (wish: unknown) => () =>
      suggestParameters({ wish: wish as never, config: dao, balances, prices })
    expect(bad({ maxDailySellPct: '120' })).toThrow('maxDailySellPct: must be in (0, 100]')
    expect(bad({ reachWithinPp: 1, days: 0 })).toThrow('days: must be > 0')
    expect(bad({ reachWithinPp: 1 })).toThrow(InvalidInputError)
  })
})
