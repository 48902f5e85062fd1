import { Dec, dec } from '@rebalancer/types'
import { describe, expect, it } from 'vitest'
import {
  AuctionError,
  type AuctionErrorCode,
  auctionPrices,
  DEFAULT_FRESHNESS,
  firstBlockAtOrBelow,
  freshnessMultiplier,
  type PriceCurve,
  type PriceWindow,
  priceAgeDays,
  priceAt,
  validateAuctionConfig,
  validateStrategy,
} from '../src/index.js'
import { CONFIG, H0, openPublic, T0 } from './helpers.js'

function code(f: () => unknown): AuctionErrorCode | undefined {
  try {
    f()
  } catch (e) {
    if (e instanceof AuctionError) return e.code
    throw e
  }
  return undefined
}

const DAY = 86_400
const oracle = { price: dec('1.5'), time: T0 }
const strat = CONFIG.strategy

describe('opening prices (auction.md "Opening")', () => {
  it('oracle 1.5 with 2000/2000 bps gives start 1.8 and end 1.2', () => {
    const p = auctionPrices(oracle, T0, strat, DEFAULT_FRESHNESS)
    expect(p.startPrice.toString()).toBe('1.8')
    expect(p.endPrice.toString()).toBe('1.2')
  })

  it('a price 1.2 days old widens the range ×1.5; 2.5 days ×2', () => {
    const a = auctionPrices(oracle, T0 + 1.2 * DAY, strat, DEFAULT_FRESHNESS)
    expect([a.startPrice.toString(), a.endPrice.toString()]).toEqual(['1.95', '1.05'])
    const b = auctionPrices(oracle, T0 + 2.5 * DAY, strat, DEFAULT_FRESHNESS)
    expect([b.startPrice.toString(), b.endPrice.toString()]).toEqual(['2.1', '0.9'])
  })

  it('multiplier: the first entry whose day is strictly below the age, else 1', () => {
    expect(freshnessMultiplier(dec('1.2'), DEFAULT_FRESHNESS).toString()).toBe('1.5')
    expect(freshnessMultiplier(dec('2.5'), DEFAULT_FRESHNESS).toString()).toBe('2')
    expect(freshnessMultiplier(dec('1'), DEFAULT_FRESHNESS).toString()).toBe('1')
    expect(freshnessMultiplier(dec('2'), DEFAULT_FRESHNESS).toString()).toBe('1.5')
    expect(freshnessMultiplier(dec('0.5'), DEFAULT_FRESHNESS).toString()).toBe('1')
    expect(freshnessMultiplier(dec('-1'), DEFAULT_FRESHNESS).toString()).toBe('1')
  })

  it('an age above the limit is stale_price; exactly the limit is still fresh (×2)', () => {
    expect(code(() => auctionPrices(oracle, T0 + 3 * DAY + 1, strat, DEFAULT_FRESHNESS))).toBe('stale_price')
    const p = auctionPrices(oracle, T0 + 3 * DAY, strat, DEFAULT_FRESHNESS)
    expect(p.startPrice.toString()).toBe('2.1')
    expect(() => auctionPrices(oracle, T0 + 4 * DAY, strat, DEFAULT_FRESHNESS)).toThrow(
      /4 days old .* older than the freshness limit of 3 days/,
    )
  })

  it('the effective percentage is capped at 7500 bps', () => {
    const a = auctionPrices(
      oracle,
      T0 + 2.5 * DAY,
      { startPriceBps: 5000, endPriceBps: 5000 },
      DEFAULT_FRESHNESS,
    )
    expect([a.startPrice.toString(), a.endPrice.toString()]).toEqual(['2.625', '0.375'])
    const b = auctionPrices(oracle, T0, { startPriceBps: 9000, endPriceBps: 9999 }, DEFAULT_FRESHNESS)
    expect([b.startPrice.toString(), b.endPrice.toString()]).toEqual(['2.625', '0.375'])
    const c = auctionPrices(oracle, T0, { startPriceBps: 7499, endPriceBps: 7499 }, DEFAULT_FRESHNESS)
    expect([c.startPrice.toString(), c.endPrice.toString()]).toEqual(['2.62485', '0.37515'])
  })

  it('a price from the future counts as fresh with multiplier 1', () => {
    const p = auctionPrices({ price: dec('1.5'), time: T0 + 100 }, T0, strat, DEFAULT_FRESHNESS)
    expect(p.startPrice.toString()).toBe('1.8')
  })

  it('rejects a zero price and one whose end price truncates to 0', () => {
    expect(code(() => auctionPrices({ price: Dec.ZERO, time: T0 }, T0, strat, DEFAULT_FRESHNESS))).toBe(
      'invalid_price',
    )
    expect(code(() => auctionPrices({ price: dec('-1'), time: T0 }, T0, strat, DEFAULT_FRESHNESS))).toBe(
      'invalid_price',
    )
    expect(
      code(() => auctionPrices({ price: Dec.fromAtomics(1n), time: T0 }, T0, strat, DEFAULT_FRESHNESS)),
    ).toBe('invalid_price')
  })

  it('age in days is a truncated Dec; non-integer seconds are invalid_block', () => {
    expect(priceAgeDays(T0, T0 + 1.2 * DAY).toString()).toBe('1.2')
    expect(priceAgeDays(T0, T0 + 1).toString()).toBe('0.000011574074074074')
    expect(code(() => priceAgeDays(T0 + 0.5, T0))).toBe('invalid_block')
  })
})

describe('validateStrategy', () => {
  it.each([
    [{ startPriceBps: 0, endPriceBps: 2000 }, /start_price_perc 0 .* above 0/],
    [{ startPriceBps: -5, endPriceBps: 2000 }, /start_price_perc -5/],
    [{ startPriceBps: 1.5, endPriceBps: 2000 }, /start_price_perc 1.5/],
    [{ startPriceBps: 2000, endPriceBps: 0 }, /end_price_perc 0 .* 0 < end < 10000/],
    [{ startPriceBps: 2000, endPriceBps: 10_000 }, /end_price_perc 10000/],
    [{ startPriceBps: 2000, endPriceBps: 20.5 }, /end_price_perc 20.5/],
  ])('rejects %o', (s, msg) => {
    expect(code(() => validateStrategy(s))).toBe('invalid_strategy')
    expect(() => validateStrategy(s)).toThrow(msg)
    expect(code(() => auctionPrices(oracle, T0, s, DEFAULT_FRESHNESS))).toBe('invalid_strategy')
  })

  it('accepts the edges: start 1 and 20000, end 1 and 9999', () => {
    expect(() => validateStrategy({ startPriceBps: 1, endPriceBps: 1 })).not.toThrow()
    expect(() => validateStrategy({ startPriceBps: 20_000, endPriceBps: 9999 })).not.toThrow()
  })
})

describe('validateAuctionConfig', () => {
  it.each([
    ['same denoms', { ...CONFIG, pair: ['uatom', 'uatom'] as const }],
    ['empty denom', { ...CONFIG, pair: ['', 'untrn'] as const }],
    ['negative cap', { ...CONFIG, chainHalt: { capSeconds: -1, blockAvgSeconds: 3 } }],
    ['fractional block_avg', { ...CONFIG, chainHalt: { capSeconds: 1, blockAvgSeconds: 2.5 } }],
    ['negative limit', { ...CONFIG, freshness: { limitDays: dec('-1'), multipliers: [] } }],
    [
      'zero multiplier',
      { ...CONFIG, freshness: { limitDays: dec('3'), multipliers: [[dec('1'), Dec.ZERO]] as const } },
    ],
    [
      'negative day',
      { ...CONFIG, freshness: { limitDays: dec('3'), multipliers: [[dec('-1'), dec('2')]] as const } },
    ],
    ['zero rate', { ...CONFIG, curve: { kind: 'exponential', rate: Dec.ZERO } as PriceCurve }],
    ['zero bucket', { ...CONFIG, curve: { kind: 'stepwise', bucketBlocks: 0 } as PriceCurve }],
  ])('rejects %s with invalid_config', (_name, c) => {
    expect(code(() => validateAuctionConfig(c))).toBe('invalid_config')
  })

  it('accepts the defaults', () => {
    expect(() => validateAuctionConfig(CONFIG)).not.toThrow()
  })
})

describe('price curve (auction.md "Price")', () => {
  const info = openPublic()

  it('public check: +0, +100, +250, +500, +623, +1000 → 1.8, 1.74, 1.65, 1.5, 1.4262, 1.2', () => {
    const at = (d: number) => priceAt(info, H0 + d).toString()
    expect([0, 100, 250, 500, 623, 1000].map(at)).toEqual(['1.8', '1.74', '1.65', '1.5', '1.4262', '1.2'])
  })

  it('clamps heights outside the window', () => {
    expect(priceAt(info, H0 - 50).toString()).toBe('1.8')
    expect(priceAt(info, H0 + 5000).toString()).toBe('1.2')
  })

  it('halfway through a 0.6-wide range over 28 800 blocks the price is 1.5000000000000048', () => {
    const w: PriceWindow = { startBlock: 0, endBlock: 28_800, startPrice: dec('1.8'), endPrice: dec('1.2') }
    expect(priceAt(w, 14_400).toString()).toBe('1.5000000000000048')
    // per_block truncates, so the end of the curve sits a few atomics above the reserve price.
    expect(priceAt(w, 28_800).toString()).toBe('1.2000000000000096')
    expect(firstBlockAtOrBelow(w, dec('1.5'))).toBe(14_401)
    expect(firstBlockAtOrBelow(w, dec('1.2'))).toBeNull()
  })

  it('rejects an empty window and a fractional height', () => {
    expect(code(() => priceAt({ ...info, endBlock: info.startBlock }, H0))).toBe('invalid_window')
    expect(code(() => firstBlockAtOrBelow({ ...info, endBlock: info.startBlock - 1 }, dec('1')))).toBe(
      'invalid_window',
    )
    expect(code(() => priceAt(info, H0 + 0.5))).toBe('invalid_block')
  })

  it('firstBlockAtOrBelow on the public curve', () => {
    expect(firstBlockAtOrBelow(info, dec('1.5'))).toBe(H0 + 500)
    expect(firstBlockAtOrBelow(info, dec('1.74'))).toBe(H0 + 100)
    expect(firstBlockAtOrBelow(info, dec('1.7399'))).toBe(H0 + 101)
    expect(firstBlockAtOrBelow(info, dec('1.8'))).toBe(H0)
    expect(firstBlockAtOrBelow(info, dec('5'))).toBe(H0)
    expect(firstBlockAtOrBelow(info, dec('1.2'))).toBe(H0 + 1000)
    expect(firstBlockAtOrBelow(info, dec('1.19'))).toBeNull()
    expect(firstBlockAtOrBelow(info, Dec.fromAtomics(1_200_000_000_000_000_001n))).toBe(H0 + 1000)
    expect(firstBlockAtOrBelow(info, Dec.fromAtomics(1_799_999_999_999_999_999n))).toBe(H0 + 1)
  })

  it('a flat curve (per_block truncates to 0) never falls', () => {
    const w: PriceWindow = {
      startBlock: 0,
      endBlock: 1000,
      startPrice: Dec.fromAtomics(1000n),
      endPrice: Dec.fromAtomics(999n),
    }
    expect(priceAt(w, 1000).atomics).toBe(1000n)
    expect(firstBlockAtOrBelow(w, Dec.fromAtomics(999n))).toBeNull()
    expect(firstBlockAtOrBelow(w, Dec.fromAtomics(1000n))).toBe(0)
  })
})

describe('other curves for simulations', () => {
  const info = openPublic()
  const exp: PriceCurve = { kind: 'exponential', rate: dec('3') }
  const step: PriceCurve = { kind: 'stepwise', bucketBlocks: 100 }

  it('exponential starts at the start price, ends exactly at the reserve, falls fast early', () => {
    expect(priceAt(info, H0, exp).toString()).toBe('1.8')
    expect(priceAt(info, H0 + 1000, exp).toString()).toBe('1.2')
    const mid = priceAt(info, H0 + 500, exp)
    // (e^-1.5 − e^-3)/(1 − e^-3) ≈ 0.18243: below the linear midpoint.
    expect(mid.toFixed(4)).toBe('1.3094')
    let prev = priceAt(info, H0, exp)
    for (let h = H0 + 1; h <= H0 + 1000; h += 7) {
      const p = priceAt(info, h, exp)
      expect(p.lte(prev)).toBe(true)
      prev = p
    }
  })

  it('stepwise holds the linear price for each bucket', () => {
    expect(priceAt(info, H0 + 150, step).toString()).toBe('1.74')
    expect(priceAt(info, H0 + 199, step).toString()).toBe('1.74')
    expect(priceAt(info, H0 + 200, step).toString()).toBe('1.68')
    expect(priceAt(info, H0 + 1000, step).toString()).toBe('1.2')
  })

  it('firstBlockAtOrBelow is exact for every curve', () => {
    for (const curve of [exp, step]) {
      for (const p of ['1.79', '1.7', '1.5', '1.31', '1.2']) {
        const h = firstBlockAtOrBelow(info, dec(p), curve)!
        expect(priceAt(info, h, curve).lte(dec(p))).toBe(true)
        if (h > H0) expect(priceAt(info, h - 1, curve).gt(dec(p))).toBe(true)
      }
      expect(firstBlockAtOrBelow(info, dec('1.1'), curve)).toBeNull()
    }
    expect(firstBlockAtOrBelow(info, dec('1.7'), step)).toBe(H0 + 200)
  })
})
