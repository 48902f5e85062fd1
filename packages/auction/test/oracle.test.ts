import { Dec, dec } from '@rebalancer/types'
import { describe, expect, it } from 'vitest'
import {
  AuctionError,
  assertManualPriceAllowed,
  DEFAULT_ORACLE_CONFIG,
  type OracleErrorCode,
  oraclePrice,
  type PricePoint,
  pushPriceHistory,
} from '../src/index.js'

const T = 1_700_000_000
const cfg = DEFAULT_ORACLE_CONFIG

function code(f: () => unknown): OracleErrorCode | undefined {
  try {
    f()
  } catch (e) {
    if (AuctionError.isInstance(e)) return e.code as OracleErrorCode
    throw e
  }
  return undefined
}

const pts = (...ps: Array<[string, number]>): PricePoint[] => ps.map(([p, t]) => ({ price: dec(p), time: t }))

describe('price history', () => {
  it('keeps the newest first, at most 10, without mutating', () => {
    let h: PricePoint[] = []
    for (let i = 1; i <= 12; i++) {
      const before = h
      const copy = [...h]
      h = pushPriceHistory(h, { price: Dec.fromInt(i), time: T + i })
      expect(before).toEqual(copy)
    }
    expect(h.map((p) => p.price.toString())).toEqual(['12', '11', '10', '9', '8', '7', '6', '5', '4', '3'])
  })
})

describe('oraclePrice (auction.md "Price oracle")', () => {
  it('≥ 3 fresh auction prices: their mean, at the newest time', () => {
    const r = oraclePrice({
      history: pts(['1.6', T], ['1.5', T - 10], ['1.4', T - 20]),
      now: T + 5,
      config: cfg,
    })
    expect([r.price.toString(), r.time, r.source]).toEqual(['1.5', T, 'auctions'])
    const third = oraclePrice({ history: pts(['2', T], ['1', T], ['1', T]), now: T, config: cfg })
    expect(third.price.toString()).toBe('1.333333333333333333')
  })

  it('auction prices win over an external one while fresh (age ≤ the window)', () => {
    const history = pts(['1.6', T], ['1.5', T], ['1.4', T])
    const r = oraclePrice({ history, now: T + 259_200, config: cfg, external: dec('9') })
    expect(r.source).toBe('auctions')
    const s = oraclePrice({ history, now: T + 259_201, config: cfg, external: dec('9') })
    expect([s.price.toString(), s.time, s.source]).toEqual(['9', T + 259_201, 'external'])
  })

  it('fewer than 3 prices falls back to the external source', () => {
    const r = oraclePrice({
      history: pts(['1.6', T], ['1.5', T]),
      now: T,
      config: cfg,
      external: dec('1.55'),
    })
    expect([r.price.toString(), r.source]).toEqual(['1.55', 'external'])
  })

  it('fails without a usable source, naming why', () => {
    const few = () => oraclePrice({ history: pts(['1.6', T]), now: T, config: cfg })
    expect(code(few)).toBe('no_price_source')
    expect(few).toThrow(/has 1 auction prices \(3 needed\)/)
    const stale = () =>
      oraclePrice({ history: pts(['1.6', T], ['1.5', T], ['1.4', T]), now: T + 300_000, config: cfg })
    expect(code(stale)).toBe('no_price_source')
    expect(stale).toThrow(/older than 259200 s/)
  })

  it('rejects a zero external price and a bad configuration', () => {
    expect(code(() => oraclePrice({ history: [], now: T, config: cfg, external: Dec.ZERO }))).toBe(
      'zero_price',
    )
    const bad = { auctionPricesFreshSeconds: -1, manualChangeAllowedSeconds: 1 }
    expect(code(() => oraclePrice({ history: [], now: T, config: bad, external: dec('1') }))).toBe(
      'invalid_config',
    )
  })
})

describe('assertManualPriceAllowed', () => {
  it('allows the first price and one after the window', () => {
    expect(() => assertManualPriceAllowed(null, T, dec('1.5'), cfg)).not.toThrow()
    expect(() =>
      assertManualPriceAllowed({ price: dec('1'), time: T }, T + 172_801, dec('1.5'), cfg),
    ).not.toThrow()
  })

  it('refuses a price while the last is within the window', () => {
    const f = () => assertManualPriceAllowed({ price: dec('1'), time: T }, T + 172_800, dec('1.5'), cfg)
    expect(code(f)).toBe('manual_too_soon')
    expect(f).toThrow(/not older than 172800 s/)
  })

  it('refuses a zero or negative price', () => {
    expect(code(() => assertManualPriceAllowed(null, T, Dec.ZERO, cfg))).toBe('zero_price')
    expect(code(() => assertManualPriceAllowed(null, T, dec('-1'), cfg))).toBe('zero_price')
    const bad = { auctionPricesFreshSeconds: 1, manualChangeAllowedSeconds: 0.5 }
    expect(code(() => assertManualPriceAllowed(null, T, dec('1'), bad))).toBe('invalid_config')
  })
})
