import { Dec, dec } from '@rebalancer/types'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  AUCTION_AGGREGATES,
  type AuctionAggregate,
  aggregatePrices,
  DEFAULT_ORACLE_CONFIG,
  type ExternalPriceSource,
  oraclePrice,
  PairAuction,
  PriceOracle,
  type PricePoint,
} from '../src/index.js'
import { blk, CONFIG, H0, T0 } from './helpers.js'

const T = 1_700_000_000
const pts = (...ps: Array<[string, bigint?]>): PricePoint[] =>
  ps.map(([p, v], i) => ({ price: dec(p), time: T - i, volume: v }))
const cfg = (mode: AuctionAggregate) => ({ ...DEFAULT_ORACLE_CONFIG, mode })

describe('aggregatePrices', () => {
  it('mean, median (odd and even), volume-weighted', () => {
    const h = pts(['1', 1n], ['2', 1n], ['6', 2n])
    expect(aggregatePrices(h).toString()).toBe('3')
    expect(aggregatePrices(h, 'mean').toString()).toBe('3')
    expect(aggregatePrices(h, 'median').toString()).toBe('2')
    expect(aggregatePrices(pts(['4'], ['1'], ['3'], ['2']), 'median').toString()).toBe('2.5')
    // (1×1 + 2×1 + 6×2) / 4 = 3.75
    expect(aggregatePrices(h, 'volume_weighted').toString()).toBe('3.75')
    // Truncated once from the exact ratio: (1 + 2 + 2) / 3.
    expect(aggregatePrices(pts(['1', 1n], ['2', 1n], ['2', 1n]), 'volume_weighted').toString()).toBe(
      '1.666666666666666666',
    )
  })

  it('refuses an empty list and a volume-weighted point without volume', () => {
    expect(() => aggregatePrices([])).toThrow(/at least one/)
    expect(() => aggregatePrices(pts(['1', 1n], ['2', 0n]), 'volume_weighted')).toThrow(
      /point 1 \(price 2, time 1699999999\) has volume 0/,
    )
  })

  it('each stays within [min, max] of the prices (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.bigInt({ min: 1n, max: 10n ** 24n }), fc.bigInt({ min: 1n, max: 10n ** 15n })), {
          minLength: 1,
          maxLength: 10,
        }),
        fc.constantFrom<AuctionAggregate>(...AUCTION_AGGREGATES),
        (xs, method) => {
          const points = xs.map(([a, v]) => ({ price: Dec.fromAtomics(a), time: T, volume: v }))
          const p = aggregatePrices(points, method).atomics
          const sorted = xs.map(([a]) => a).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))
          const [lo, hi] = [sorted[0]!, sorted.at(-1)!]
          expect(p >= lo && p <= hi).toBe(true)
        },
      ),
    )
  })
})

describe('oracle variants resist dragging (auction.md "Price oracle", issue #4)', () => {
  // Nine auctions at ~1.5 with real volume, then one tiny auction taken at 15 (a manipulation).
  const history: PricePoint[] = [
    { price: dec('15'), time: T, volume: 10n },
    ...Array.from({ length: 9 }, (_, i) => ({
      price: dec(i % 2 ? '1.49' : '1.51'),
      time: T - 100 * (i + 1),
      volume: 1_000_000n,
    })),
  ]

  it('one tiny auction at 10× drags the mean up 90%; the median and volume-weighted price barely move', () => {
    const at = (m: AuctionAggregate) => oraclePrice({ history, now: T, config: cfg(m) })
    expect(at('mean').price.toString()).toBe('2.851')
    expect(at('median').price.toString()).toBe('1.51')
    expect(at('volume_weighted').price.toFixed(6)).toBe('1.501126')
    for (const m of ['mean', 'median', 'volume_weighted'] as const) {
      expect([at(m).source, at(m).time]).toEqual(['auctions', T])
    }
  })

  it('the default is the chain mean', () => {
    expect(oraclePrice({ history, now: T, config: DEFAULT_ORACLE_CONFIG }).price.toString()).toBe('2.851')
  })

  it('the freshness rule and the external fallback are the same for every aggregate', () => {
    for (const m of AUCTION_AGGREGATES) {
      const stale = oraclePrice({ history, now: T + 259_201, config: cfg(m), external: dec('1.6') })
      expect([stale.source, stale.price.toString()]).toEqual(['external', '1.6'])
      expect(() => oraclePrice({ history: history.slice(0, 2), now: T, config: cfg(m) })).toThrow(/3 needed/)
    }
  })
})

describe('PriceOracle', () => {
  const pair = ['uatom', 'untrn'] as const

  it('updates from ≥ 3 fresh auction prices, else the injected external source', () => {
    const calls: Array<[string, number]> = []
    const external: ExternalPriceSource = (p, now) => {
      calls.push([p.join('/'), now])
      return dec('1.7')
    }
    const o = new PriceOracle({ external })
    expect(o.peek(pair)).toBeNull()
    const ext = o.update(pair, pts(['1.5'], ['1.4']), T)
    expect([ext.price.toString(), ext.time, ext.source]).toEqual(['1.7', T, 'external'])
    expect(calls).toEqual([['uatom/untrn', T]])
    const auc = o.update(pair, pts(['1.5'], ['1.4'], ['1.6']), T + 10)
    expect([auc.price.toString(), auc.time, auc.source]).toEqual(['1.5', T, 'auctions'])
    expect(o.get(pair)).toEqual(auc)
    expect(o.all()).toEqual([[pair, auc]])
  })

  it('a failing update keeps the old price', () => {
    const o = new PriceOracle()
    o.manual(pair, dec('2'), T)
    expect(() => o.update(pair, [], T + 10)).toThrow(/no external price source/)
    expect(o.get(pair).price.toString()).toBe('2')
  })

  it('manual prices only after the window; ages in seconds and days', () => {
    const o = new PriceOracle({ config: { ...DEFAULT_ORACLE_CONFIG, manualChangeAllowedSeconds: 100 } })
    expect(o.manual(pair, dec('2'), T).source).toBe('manual')
    expect(() => o.manual(pair, dec('3'), T + 100)).toThrow(/not older than 100 s/)
    o.manual(pair, dec('3'), T + 101)
    const age = o.age(pair, T + 101 + 86_400 + 43_200)
    expect([age.seconds, age.days.toString()]).toEqual([129_600, '1.5'])
    expect(() => o.age(['x', 'y'], T)).toThrow(/no price for pair \[x, y\]/)
  })

  it('uses the configured method, and updateConfig validates', () => {
    const o = new PriceOracle({ config: cfg('median') })
    expect(o.update(pair, pts(['1', 1n], ['2', 1n], ['9', 1n]), T).price.toString()).toBe('2')
    o.updateConfig(cfg('volume_weighted'))
    expect(o.update(pair, pts(['1', 3n], ['2', 1n], ['9', 1n]), T).price.toString()).toBe('2.8')
    expect(() => o.update(pair, pts(['1', 3n], ['2', 1n], ['9', 0n]), T)).toThrow(/point 2/)
    expect(() => o.updateConfig({ ...cfg('mean'), auctionPricesFreshSeconds: -5 })).toThrow(/-5 is invalid/)
    expect(o.config.mode).toBe('volume_weighted')
  })

  it('PairAuction records each auction’s sold volume, so every method works on its history', () => {
    const a = new PairAuction({ config: CONFIG, minAmount: { send: 1n, startAuction: 1n } })
    let h = 0
    for (const [sent, atBlock] of [
      [1500n, 500],
      [300n, 700],
      [900n, 100],
    ] as const) {
      a.fund('neutron1a', 1000n)
      a.open({ oracle: { price: dec('1.5'), time: T0 + h * 3 }, endBlock: H0 + h + 1000, block: blk(h) })
      a.bid('mm', sent, blk(h + atBlock))
      a.finish(5, blk(h + 1000))
      h += 1001
    }
    expect(a.priceHistory.map((p) => p.volume)).toEqual([517n, 217n, 1000n])
    const now = T0 + h * 3
    const vw = a.oraclePrice(now, cfg('volume_weighted'))
    const mean = a.oraclePrice(now, cfg('mean'))
    const median = a.oraclePrice(now, cfg('median'))
    expect(vw.source).toBe('auctions')
    expect(vw.price.eq(mean.price)).toBe(false)
    const sorted = a.priceHistory.map((p) => p.price).sort((x, y) => x.cmp(y))
    expect(median.price.eq(sorted[1]!)).toBe(true)
    const weighted =
      a.priceHistory.reduce((s, p) => s + p.price.atomics * p.volume!, 0n) / (517n + 217n + 1000n)
    expect(vw.price.atomics).toBe(weighted)
  })
})
