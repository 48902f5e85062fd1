import { Dec, dec } from '@rebalancer/types'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type AuctionCurve,
  createAuctionConfig,
  curveOf,
  DEFAULT_FRESHNESS,
  firstBlockAtOrBelow,
  PairAuction,
  type PriceCurve,
  type PriceWindow,
  priceAt,
  updateChainHaltConfig,
  updatePriceFreshnessStrategy,
  updateStrategy,
} from '../src/index.js'
import { blk, CONFIG, H0, openPublic, snapshot, T0 } from './helpers.js'

const oracle = { price: dec('1.5'), time: T0 }
const MIN = { send: 5n, startAuction: 100n }

describe('strategy validation at create and at every update', () => {
  it('createAuctionConfig validates and copies', () => {
    const c = createAuctionConfig(CONFIG)
    expect(c).toEqual(CONFIG)
    expect(c).not.toBe(CONFIG)
    expect(() => createAuctionConfig({ ...CONFIG, strategy: { startPriceBps: 0, endPriceBps: 5 } })).toThrow(
      /start_price_perc 0/,
    )
  })

  it('updateStrategy returns a validated new config and leaves the old one', () => {
    const before = snapshot(CONFIG)
    const c = updateStrategy(CONFIG, { startPriceBps: 500, endPriceBps: 300 })
    expect(c.strategy).toEqual({ startPriceBps: 500, endPriceBps: 300 })
    expect(snapshot(CONFIG)).toBe(before)
    for (const s of [
      { startPriceBps: 0, endPriceBps: 300 },
      { startPriceBps: 10, endPriceBps: 0 },
      { startPriceBps: 10, endPriceBps: 10_000 },
      { startPriceBps: 10.5, endPriceBps: 10 },
    ]) {
      expect(() => updateStrategy(CONFIG, s)).toThrow(/_price_perc/)
    }
  })

  it('chain halt and freshness updates are validated too', () => {
    expect(updateChainHaltConfig(CONFIG, { capSeconds: 60, blockAvgSeconds: 6 }).chainHalt).toEqual({
      capSeconds: 60,
      blockAvgSeconds: 6,
    })
    expect(() => updateChainHaltConfig(CONFIG, { capSeconds: 1, blockAvgSeconds: 0.5 })).toThrow(
      /block_avg 0.5/,
    )
    const f = { limitDays: dec('5'), multipliers: [[dec('1'), dec('3')] as const] }
    expect(updatePriceFreshnessStrategy(CONFIG, f).freshness).toBe(f)
    expect(() =>
      updatePriceFreshnessStrategy(CONFIG, { limitDays: dec('1'), multipliers: [[dec('1'), Dec.ZERO]] }),
    ).toThrow(/multiplier/)
  })

  it('PairAuction: a new strategy applies from the next open; the running auction keeps its prices', () => {
    const a = new PairAuction({ config: CONFIG, minAmount: MIN })
    a.fund('neutron1a', 1000n)
    a.open({ oracle, endBlock: H0 + 1000, block: blk(0) })
    a.updateStrategy({ startPriceBps: 1000, endPriceBps: 1000 })
    expect(a.config.strategy).toEqual({ startPriceBps: 1000, endPriceBps: 1000 })
    expect(a.priceAt(H0).toString()).toBe('1.8')
    a.finish(5, blk(1000))
    a.fund('neutron1a', 1000n)
    a.open({ oracle: { price: dec('1.5'), time: T0 + 3003 }, endBlock: H0 + 2000, block: blk(1001) })
    expect([a.info!.startPrice.toString(), a.info!.endPrice.toString()]).toEqual(['1.65', '1.35'])
  })

  it('PairAuction: a chain-halt update applies to the next bid', () => {
    const a = new PairAuction({ config: CONFIG, minAmount: MIN })
    a.fund('neutron1a', 1000n)
    a.open({ oracle, endBlock: H0 + 1000, block: blk(0) })
    a.updateChainHaltConfig({ capSeconds: 0, blockAvgSeconds: 3 })
    expect(a.bid('mm', 100n, blk(10, 31)).halted).toBe(true)
  })
})

describe('one curve interface: price at any block, block at which a price is reached', () => {
  const info = openPublic()
  const shapes: PriceCurve[] = [
    { kind: 'linear' },
    { kind: 'exponential', rate: dec('3') },
    { kind: 'stepwise', bucketBlocks: 100 },
    { kind: 'two_phase', dropBlocksBps: 2000, kneeBps: 5000 },
  ]

  it('curveOf answers the public checks', () => {
    const c = curveOf(info)
    expect(c.shape).toEqual({ kind: 'linear' })
    expect(c.window).toBe(info)
    expect([0, 100, 250, 500, 623, 1000].map((d) => c.priceAt(H0 + d).toString())).toEqual([
      '1.8',
      '1.74',
      '1.65',
      '1.5',
      '1.4262',
      '1.2',
    ])
    expect(c.firstBlockAtOrBelow(dec('1.4262'))).toBe(H0 + 623)
    expect(c.firstBlockAtOrBelow(dec('1.1'))).toBeNull()
  })

  it('validates once: a bad window, curve or height', () => {
    expect(() => curveOf({ ...info, endBlock: H0 })).toThrow(/end_block > start_block/)
    expect(() => curveOf(info, { kind: 'stepwise', bucketBlocks: 0 })).toThrow(/bucket of 0 blocks/)
    expect(() => priceAt(info, H0, { kind: 'exponential', rate: Dec.ZERO })).toThrow(/rate 0 is invalid/)
    expect(() => curveOf(info).priceAt(H0 + 0.5)).toThrow(/height 1000.5 is invalid/)
  })

  it('the PairAuction curve is the one of its configured shape', () => {
    for (const curve of shapes) {
      const a = new PairAuction({ config: { ...CONFIG, curve }, minAmount: MIN })
      a.fund('neutron1a', 1000n)
      a.open({ oracle, endBlock: H0 + 1000, block: blk(0) })
      const c: AuctionCurve = a.curve
      expect(c.shape).toEqual(curve)
      for (const d of [0, 1, 333, 999, 1000]) {
        expect(a.priceAt(H0 + d).eq(priceAt(info, H0 + d, curve))).toBe(true)
      }
      expect(a.bid('mm', 10n, blk(333)).price.eq(c.priceAt(H0 + 333))).toBe(true)
      expect(a.firstBlockAtOrBelow(dec('1.5'))).toBe(firstBlockAtOrBelow(info, dec('1.5'), curve))
    }
  })

  it('curveOf equals priceAt and firstBlockAtOrBelow for every shape (property)', () => {
    const shapeArb: fc.Arbitrary<PriceCurve> = fc.oneof(
      fc.constant({ kind: 'linear' } as PriceCurve),
      fc
        .integer({ min: 1, max: 500 })
        .map((bucketBlocks) => ({ kind: 'stepwise', bucketBlocks }) as PriceCurve),
      fc
        .integer({ min: 1, max: 1000 })
        .map((r) => ({ kind: 'exponential', rate: Dec.fromRatio(BigInt(r), 100n) }) as PriceCurve),
      fc
        .record({
          dropBlocksBps: fc.integer({ min: 1, max: 9999 }),
          kneeBps: fc.integer({ min: 1, max: 9999 }),
        })
        .map((c) => ({ kind: 'two_phase', ...c }) as PriceCurve),
    )
    const windowArb: fc.Arbitrary<PriceWindow> = fc
      .record({
        s: fc.integer({ min: 0, max: 1_000_000 }),
        len: fc.integer({ min: 1, max: 20_000 }),
        end: fc.bigInt({ min: 1n, max: 10n ** 20n }),
        spread: fc.bigInt({ min: 0n, max: 10n ** 20n }),
      })
      .map((w) => ({
        startBlock: w.s,
        endBlock: w.s + w.len,
        startPrice: Dec.fromAtomics(w.end + w.spread),
        endPrice: Dec.fromAtomics(w.end),
      }))
    fc.assert(
      fc.property(windowArb, shapeArb, fc.double({ min: -0.1, max: 1.1, noNaN: true }), (w, shape, x) => {
        const c = curveOf(w, shape)
        const h = w.startBlock + Math.round(x * (w.endBlock - w.startBlock))
        const p = c.priceAt(h)
        expect(p.eq(priceAt(w, h, shape))).toBe(true)
        expect(c.firstBlockAtOrBelow(p)).toBe(firstBlockAtOrBelow(w, p, shape))
        // The inverse: the first block at or below the price at h is at most h (within the window).
        const first = c.firstBlockAtOrBelow(p)!
        expect(first <= Math.min(Math.max(h, w.startBlock), w.endBlock)).toBe(true)
        expect(c.priceAt(first).lte(p)).toBe(true)
        // and it is the first: the block before is still above the price
        if (first > w.startBlock) expect(c.priceAt(first - 1).gt(p)).toBe(true)
        // a price between two blocks' prices finds the later block
        if (first > w.startBlock) {
          const between = Dec.fromAtomics((c.priceAt(first - 1).atomics + p.atomics + 1n) / 2n)
          const at = c.firstBlockAtOrBelow(between)!
          expect(c.priceAt(at).lte(between) && (at === w.startBlock || c.priceAt(at - 1).gt(between))).toBe(
            true,
          )
        }
      }),
      { numRuns: 300 },
    )
  })

  it('two_phase: a geometric drop to the knee, then the linear descent (never increasing)', () => {
    // Window 1.8 → 1.2 over 1000 blocks; drop over 200 blocks to the knee 1.2 + 0.6 × 50 % = 1.5.
    const c = curveOf(info, { kind: 'two_phase', dropBlocksBps: 2000, kneeBps: 5000 })
    expect(c.priceAt(H0).toString()).toBe('1.8')
    expect(c.priceAt(H0 + 200).toString()).toBe('1.5')
    expect(c.priceAt(H0 + 600).toString()).toBe('1.35')
    expect(c.priceAt(H0 + 1000).toString()).toBe('1.2')
    // Geometric: halfway through the drop the price is the geometric mean √(1.8 × 1.5).
    expect(c.priceAt(H0 + 100).toFixed(12)).toBe(Math.sqrt(1.8 * 1.5).toFixed(12))
    let last = c.priceAt(H0)
    for (let h = H0 + 1; h <= H0 + 1000; h++) {
      const p = c.priceAt(h)
      expect(p.lte(last)).toBe(true)
      last = p
    }
    expect(c.firstBlockAtOrBelow(dec('1.5'))).toBe(H0 + 200)
    for (const bad of [0, 10_000, 2.5]) {
      expect(() => curveOf(info, { kind: 'two_phase', dropBlocksBps: bad, kneeBps: 5000 })).toThrow(
        new RegExp(`drop_blocks_bps ${bad} is invalid`),
      )
      expect(() => curveOf(info, { kind: 'two_phase', dropBlocksBps: 2000, kneeBps: bad })).toThrow(
        new RegExp(`knee_bps ${bad} is invalid`),
      )
    }
  })

  it('updates never mutate the config they start from or the shared defaults', () => {
    const before = snapshot([CONFIG, DEFAULT_FRESHNESS])
    const a = new PairAuction({ config: CONFIG, minAmount: MIN })
    a.updateStrategy({ startPriceBps: 1, endPriceBps: 1 })
    a.updateChainHaltConfig({ capSeconds: 1, blockAvgSeconds: 1 })
    a.updatePriceFreshnessStrategy({ limitDays: dec('9'), multipliers: [] })
    updateStrategy(CONFIG, { startPriceBps: 7, endPriceBps: 7 })
    expect(a.config.strategy.startPriceBps).toBe(1)
    expect(snapshot([CONFIG, DEFAULT_FRESHNESS])).toBe(before)
  })
})
