import { Dec, dec } from '@rebalancer/types'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  aggregatePrices,
  auctionPrices,
  bidPriceAt,
  containOpening,
  DEFAULT_ANCHOR_BAND_BPS,
  DEFAULT_FRESHNESS,
  DEFAULT_ORACLE_CONFIG,
  liveReserve,
  type OracleMode,
  openAuction,
  oraclePrice,
  type PricePoint,
  placeBid,
  priceAt,
} from '../src/index.js'

const T = 1_700_000_000
const DAY = 86_400
const cfg = (mode: OracleMode, anchorBandBps?: number) => ({ ...DEFAULT_ORACLE_CONFIG, mode, anchorBandBps })

/**
 * The history an auction-fed oracle sees in a steady trend: one auction a day for ten days, each
 * clearing `marginBps` below a market that moves by `dailyBps` a day (newest first).
 */
function trend(market: Dec, dailyBps: number, marginBps: number): PricePoint[] {
  const step = Dec.fromRatio(BigInt(10_000 + dailyBps), 10_000n)
  const paid = Dec.fromRatio(BigInt(10_000 - marginBps), 10_000n)
  const out: PricePoint[] = []
  let m = market
  for (let i = 0; i < 10; i++) {
    out.push({ price: m.mul(paid), time: T - i * DAY })
    m = m.div(step)
  }
  return out
}

describe('recency_weighted', () => {
  it('weights n … 1 from the newest, truncated once', () => {
    // (3×3 + 2×6 + 1×9) / 6 = 5; (2×1 + 1×2) / 3 = 1.333…
    const h = [dec('3'), dec('6'), dec('9')].map((price, i) => ({ price, time: T - i }))
    expect(aggregatePrices(h, 'recency_weighted').toString()).toBe('5')
    expect(aggregatePrices(h.slice(0, 1), 'recency_weighted').toString()).toBe('3')
    const two = [dec('1'), dec('2')].map((price, i) => ({ price, time: T - i }))
    expect(aggregatePrices(two, 'recency_weighted').toString()).toBe('1.333333333333333333')
  })

  it('lags a steady rally less than the mean', () => {
    const h = trend(dec('10'), 200, 30) // +2 % a day
    const mean = aggregatePrices(h, 'mean')
    const recent = aggregatePrices(h, 'recency_weighted')
    expect(recent.gt(mean)).toBe(true)
    // Both still sit below the market (10): an aggregate of paid prices cannot catch a rally.
    expect(recent.lt(dec('10'))).toBe(true)
    // The mean lags about (N − 1) / 2 = 4.5 days (≈ −8.5 %), recency about 3 days (≈ −6 %).
    expect(mean.toNumber()).toBeLessThan(9.2)
    expect(recent.toNumber()).toBeGreaterThan(9.3)
  })
})

describe('external and anchored modes', () => {
  const rally = trend(dec('10'), 300, 30) // +3 % a day, paid 30 bps under

  it('external always takes the live reference, even over fresh auction prices', () => {
    const p = oraclePrice({ history: rally, now: T, config: cfg('external'), external: dec('10') })
    expect([p.price.toString(), p.source, p.time]).toEqual(['10', 'external', T])
    expect(() => oraclePrice({ history: rally, now: T, config: cfg('external') })).toThrow(
      /the external oracle mode needs the live reference/,
    )
  })

  it('anchored keeps the auction aggregate within the band, else the reference', () => {
    const calm = rally.map((p) => ({ ...p, price: dec('9.97') }))
    const inside = oraclePrice({ history: calm, now: T, config: cfg('anchored'), external: dec('10') })
    expect([inside.price.toString(), inside.source]).toEqual(['9.97', 'auctions'])
    // In the rally the aggregate is ~6 % under the market: outside the 2 % band.
    const outside = oraclePrice({ history: rally, now: T, config: cfg('anchored'), external: dec('10') })
    expect([outside.price.toString(), outside.source]).toEqual(['10', 'external'])
    // A wider band lets the lagging aggregate through: the band is what protects.
    const wide = oraclePrice({ history: rally, now: T, config: cfg('anchored', 1000), external: dec('10') })
    expect(wide.source).toBe('auctions')
    // Too few or stale auction prices: the reference.
    const few = oraclePrice({
      history: calm.slice(0, 2),
      now: T,
      config: cfg('anchored'),
      external: dec('10'),
    })
    expect(few.source).toBe('external')
    expect(() => oraclePrice({ history: calm, now: T, config: cfg('anchored') })).toThrow(
      /needs the live reference/,
    )
  })

  it('anchored is always within the band of the reference (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 10n ** 15n, max: 10n ** 21n }), { minLength: 0, maxLength: 10 }),
        fc.bigInt({ min: 10n ** 15n, max: 10n ** 21n }),
        fc.integer({ min: 1, max: 10_000 }),
        (prices, ref, band) => {
          const history = prices.map((a, i) => ({ price: Dec.fromAtomics(a), time: T - i }))
          const reference = Dec.fromAtomics(ref)
          const p = oraclePrice({ history, now: T, config: cfg('anchored', band), external: reference })
          const dist = p.price.sub(reference).abs()
          expect(dist.lte(reference.mul(Dec.fromRatio(BigInt(band), 10_000n)))).toBe(true)
        },
      ),
    )
  })

  it('the default band is 2 %, and a band outside 1..=10000 bps is refused', () => {
    expect(DEFAULT_ANCHOR_BAND_BPS).toBe(200)
    for (const band of [0, 10_001, 1.5, -1]) {
      expect(() =>
        oraclePrice({ history: [], now: T, config: cfg('anchored', band), external: dec('1') }),
      ).toThrow(new RegExp(`anchor_band_bps ${band} is invalid`))
    }
  })

  it('a deployment without a mode behaves exactly as the deployed mean', () => {
    const deployed = oraclePrice({
      history: rally,
      now: T,
      config: DEFAULT_ORACLE_CONFIG,
      external: dec('10'),
    })
    expect(deployed.price.eq(aggregatePrices(rally, 'mean'))).toBe(true)
    expect(deployed.source).toBe('auctions')
  })
})

describe('containOpening', () => {
  const strategy = { startPriceBps: 2000, endPriceBps: 2000 }
  const lagging = { price: dec('8'), time: T } // the oracle is 20 % under a market of 10
  const prices = auctionPrices(lagging, T, strategy, DEFAULT_FRESHNESS) // start 9.6 < 10: opens below market

  it('re-anchors an opening whose start is below reference × (1 + premium)', () => {
    const v = containOpening(prices, strategy, {
      reference: dec('10'),
      minPremiumBps: 100,
      action: 're_anchor',
    })
    expect(v.kind).toBe('re_anchored')
    if (v.kind !== 're_anchored') return
    expect([v.startPrice.toString(), v.endPrice.toString(), v.floor.toString()]).toEqual(['12', '8', '10.1'])
    expect(v.original.startPrice.toString()).toBe('9.6')
  })

  it('refuses instead when asked to, and passes an opening already above the floor', () => {
    const refused = containOpening(prices, strategy, {
      reference: dec('10'),
      minPremiumBps: 100,
      action: 'refuse',
    })
    expect(refused.kind).toBe('refused')
    const fine = containOpening(prices, strategy, {
      reference: dec('9'),
      minPremiumBps: 100,
      action: 'refuse',
    })
    expect([fine.kind, fine.kind === 'within' && fine.startPrice.toString()]).toEqual(['within', '9.6'])
  })

  it('the premium floor wins over a small strategy start', () => {
    const small = { startPriceBps: 50, endPriceBps: 2000 }
    const p = auctionPrices(lagging, T, small, DEFAULT_FRESHNESS)
    const v = containOpening(p, small, { reference: dec('10'), minPremiumBps: 300, action: 're_anchor' })
    expect(v.kind === 're_anchored' && v.startPrice.toString()).toBe('10.3')
  })

  it('never opens below the floor (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 10n ** 12n, max: 10n ** 22n }),
        fc.bigInt({ min: 10n ** 12n, max: 10n ** 22n }),
        fc.integer({ min: 1, max: 7500 }),
        fc.integer({ min: 1, max: 9999 }),
        fc.integer({ min: 0, max: 5000 }),
        (oracleAtomics, refAtomics, startBps, endBps, premium) => {
          const s = { startPriceBps: startBps, endPriceBps: endBps }
          const p = auctionPrices({ price: Dec.fromAtomics(oracleAtomics), time: T }, T, s, DEFAULT_FRESHNESS)
          const reference = Dec.fromAtomics(refAtomics)
          const v = containOpening(p, s, { reference, minPremiumBps: premium, action: 're_anchor' })
          expect(v.kind).not.toBe('refused')
          if (v.kind === 'refused') return
          expect(v.startPrice.gte(v.floor)).toBe(true)
          expect(v.startPrice.gte(reference)).toBe(true)
          // the range contains the market
          expect(v.endPrice.lte(reference)).toBe(true)
          expect(v.endPrice.lt(v.startPrice)).toBe(true)
        },
      ),
    )
  })

  it('re-anchors an opening whose end is above the reference (its range misses the market)', () => {
    const ahead = auctionPrices({ price: dec('13'), time: T }, T, strategy, DEFAULT_FRESHNESS) // end 10.4
    const v = containOpening(ahead, strategy, {
      reference: dec('10'),
      minPremiumBps: 100,
      action: 're_anchor',
    })
    expect(v.kind === 're_anchored' && [v.breach, v.startPrice.toString(), v.endPrice.toString()]).toEqual([
      'end_above_reference',
      '12',
      '8',
    ])
    const r = containOpening(ahead, strategy, { reference: dec('10'), minPremiumBps: 100, action: 'refuse' })
    expect(r.kind === 'refused' && r.breach).toBe('end_above_reference')
  })

  it('refuses a bad premium or reference', () => {
    expect(() =>
      containOpening(prices, strategy, { reference: dec('10'), minPremiumBps: -1, action: 'refuse' }),
    ).toThrow(/min_premium_bps -1 is invalid/)
    expect(() =>
      containOpening(prices, strategy, { reference: Dec.ZERO, minPremiumBps: 0, action: 'refuse' }),
    ).toThrow(/reference price 0 is invalid/)
  })
})

describe('containment in the kernel: openAuction and the live reserve (bidPriceAt)', () => {
  const strategy = { startPriceBps: 2000, endPriceBps: 2000 }
  const config = {
    pair: ['uatom', 'untrn'] as const,
    strategy,
    chainHalt: { capSeconds: 14_400, blockAvgSeconds: 3 },
    freshness: DEFAULT_FRESHNESS,
  }
  const base = {
    previous: null,
    paused: false,
    queued: 1_000n,
    minAmount: { send: 1n, startAuction: 10n },
    oracle: { price: dec('8'), time: T },
    params: { endBlock: 1_100 },
    block: { height: 100, time: T, chainId: 'test' },
  }

  it('opens re-anchored, keeps the queue when refused, and never opens blind', () => {
    const withC = (action: 're_anchor' | 'refuse') => ({
      ...config,
      containment: { minPremiumBps: 100, action },
    })
    const opened = openAuction({ ...base, config: withC('re_anchor'), reference: dec('10') })
    expect(
      opened.kind === 'opened' && [opened.info.startPrice.toString(), opened.containment?.verdict.kind],
    ).toEqual(['12', 're_anchored'])
    const refused = openAuction({ ...base, config: withC('refuse'), reference: () => dec('10') })
    expect(refused.kind === 'contained' && [refused.reason, refused.floor?.toString()]).toEqual([
      'start_below_floor',
      '10.1',
    ])
    const blind = openAuction({ ...base, config: withC('re_anchor'), reference: undefined })
    expect(blind.kind === 'contained' && blind.reason).toBe('no_reference')
    // without containment the reference is never read
    const deployed = openAuction({
      ...base,
      config,
      reference: () => {
        throw new Error('read')
      },
    })
    expect(deployed.kind === 'opened' && deployed.info.startPrice.toString()).toBe('9.6')
  })

  it('a bid pays max(curve, reference × (1 − max_discount)) (property)', () => {
    const reserveConfig = {
      ...config,
      containment: { minPremiumBps: 0, action: 're_anchor' as const, maxDiscountBps: 100 },
    }
    const opened = openAuction({ ...base, config: reserveConfig, reference: dec('8') })
    if (opened.kind !== 'opened') throw new Error('not opened')
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 1_100 }),
        fc.bigInt({ min: 10n ** 17n, max: 10n ** 20n }),
        (h, ref) => {
          const reference = Dec.fromAtomics(ref)
          const price = bidPriceAt(opened.info, reserveConfig, h, reference)
          const curve = priceAt(opened.info, h)
          const reserve = liveReserve(reference, 100)
          expect(price.eq(Dec.max(curve, reserve))).toBe(true)
          const bid = placeBid(
            opened.info,
            reserveConfig,
            10n ** 9n,
            { height: h, time: T + h, chainId: 'test' },
            reference,
          )
          expect(bid.price.eq(price)).toBe(true)
        },
      ),
    )
    expect(() => bidPriceAt(opened.info, reserveConfig, 200)).toThrow(/no reference price at block 200/)
  })
})
