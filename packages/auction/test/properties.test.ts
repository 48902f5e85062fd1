import { type BlockInfo, Dec } from '@rebalancer/types'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type AuctionConfig,
  type AuctionInfo,
  DEFAULT_CHAIN_HALT,
  DEFAULT_FRESHNESS,
  finishBatch,
  firstBlockAtOrBelow,
  openAuction,
  type Payout,
  type PriceCurve,
  type PriceWindow,
  placeBid,
  priceAt,
} from '../src/index.js'

const RUNS = 200
const T0 = 1_700_000_000
const H0 = 5_000

interface Scenario {
  deposits: bigint[]
  carried: readonly [bigint, bigint]
  price: Dec
  ageSeconds: number
  startBps: number
  endBps: number
  length: number
  bids: Array<{ at: number; sent: bigint; halt: boolean }>
  limit: number
}

function scenario(maxDeposit: bigint, maxSent: bigint, maxPrice: bigint): fc.Arbitrary<Scenario> {
  return fc.record({
    // Round deposits half the time, so that shares divide evenly and the round-up rule runs.
    deposits: fc.array(
      fc.oneof(
        fc.bigInt({ min: 1n, max: maxDeposit }),
        fc.constantFrom(maxDeposit / 10n, (maxDeposit / 10n) * 3n),
      ),
      { minLength: 1, maxLength: 50 },
    ),
    carried: fc.oneof(
      fc.constant([0n, 0n] as const),
      fc.tuple(fc.bigInt({ min: 0n, max: 1_000n }), fc.bigInt({ min: 0n, max: 1_000n })),
    ),
    price: fc.bigInt({ min: 10n ** 15n, max: maxPrice }).map(Dec.fromAtomics),
    ageSeconds: fc.integer({ min: 0, max: 3 * 86_400 }),
    startBps: fc.integer({ min: 1, max: 20_000 }),
    endBps: fc.integer({ min: 1, max: 9_999 }),
    length: fc.integer({ min: 1, max: 50_000 }),
    bids: fc.array(
      fc.record({
        at: fc.integer({ min: 0, max: 10_000 }),
        sent: fc.bigInt({ min: 1n, max: maxSent }),
        halt: fc.integer({ min: 0, max: 24 }).map((n) => n === 0),
      }),
      { maxLength: 30 },
    ),
    limit: fc.integer({ min: 1, max: 12 }),
  })
}

interface Outcome {
  config: AuctionConfig
  sellers: Array<readonly [string, bigint]>
  opened: AuctionInfo
  closed: AuctionInfo
  bids: Array<{ price: Dec; sent: bigint; bought: bigint; refund: bigint }>
  payouts: Payout[]
  averagePrice: Dec | null
}

/** Opens, bids and finishes one auction through the kernel only. */
function run(s: Scenario): Outcome | null {
  const config: AuctionConfig = {
    pair: ['uatom', 'untrn'],
    strategy: { startPriceBps: s.startBps, endPriceBps: s.endBps },
    chainHalt: DEFAULT_CHAIN_HALT,
    freshness: DEFAULT_FRESHNESS,
  }
  const sellers = s.deposits.map((d, i) => [`neutron1${(i * 7919) % 1009}x${i}`, d] as const)
  sellers.sort((a, b) => (a[0] < b[0] ? -1 : 1))
  const queued = s.deposits.reduce((a, b) => a + b, 0n)
  const start: BlockInfo = { height: H0, time: T0, chainId: 't' }
  const r = openAuction({
    config,
    // A closed previous auction whose leftovers roll into this one.
    previous: {
      status: { kind: 'closed' },
      startBlock: 0,
      endBlock: 1,
      startPrice: Dec.ONE,
      endPrice: Dec.ONE,
      availableAmount: 0n,
      resolvedAmount: 0n,
      totalAmount: 0n,
      leftovers: s.carried,
      lastCheckedBlock: start,
    },
    paused: false,
    queued,
    minAmount: { send: 1n, startAuction: 1n },
    oracle: { price: s.price, time: T0 - s.ageSeconds },
    params: { endBlock: H0 + s.length },
    block: start,
  })
  if (r.kind !== 'opened') return null
  let info = r.info
  const bids: Outcome['bids'] = []
  let clockSkew = 0
  for (const b of [...s.bids].sort((x, y) => x.at - y.at)) {
    if (info.status.kind !== 'started') break
    const h = H0 + Math.floor((b.at * s.length) / 10_000)
    if (b.halt) clockSkew += 20_000
    const res = placeBid(info, config, b.sent, {
      height: h,
      time: T0 + (h - H0) * 3 + clockSkew,
      chainId: 't',
    })
    expect(res.info.lastCheckedBlock.height).toBe(h)
    info = res.info
    bids.push({ price: res.price, sent: b.sent, bought: res.bought, refund: res.refund })
  }
  const payouts: Payout[] = []
  let averagePrice: Dec | null = null
  for (let guard = 0; ; guard++) {
    expect(guard).toBeLessThanOrEqual(sellers.length)
    const f = finishBatch(info, sellers, s.limit, H0 + s.length)
    payouts.push(...f.payouts)
    info = f.info
    if (f.done) {
      averagePrice = f.averagePrice
      break
    }
    expect(f.payouts.length).toBe(s.limit)
  }
  return { config, sellers, opened: r.info, closed: info, bids, payouts, averagePrice }
}

const sum = (xs: readonly bigint[]) => xs.reduce((a, b) => a + b, 0n)

describe('properties of a whole auction (auction.md "Nothing is ever lost or created")', () => {
  it('Σ payouts + leftovers = lot and resolved exactly; bidders and sellers treated fairly', () => {
    fc.assert(
      fc.property(scenario(10n ** 9n, 10n ** 11n, 10n ** 20n), (s) => {
        const o = run(s)!
        const { opened, closed } = o
        const lot = opened.totalAmount
        expect(lot).toBe(sum(s.deposits) + s.carried[0])
        expect(opened.resolvedAmount).toBe(s.carried[1])
        // Every payout in address order, each seller exactly once.
        expect(o.payouts.map((p) => p.address)).toEqual(o.sellers.map((x) => x[0]))
        const sold = sum(o.bids.map((b) => b.bought))
        const paidByBidders = sum(o.bids.map((b) => b.sent - b.refund))
        expect(lot - closed.availableAmount).toBe(sold)
        expect(closed.resolvedAmount).toBe(s.carried[1] + paidByBidders)
        // Conservation, both sides.
        expect(sold + sum(o.payouts.map((p) => p.sell)) + closed.leftovers[0]).toBe(lot)
        expect(sum(o.payouts.map((p) => p.buy)) + closed.leftovers[1]).toBe(closed.resolvedAmount)
        expect(closed.leftovers[0] >= 0n && closed.leftovers[1] >= 0n).toBe(true)
        expect(closed.status).toEqual({ kind: 'closed' })
        // Bidders: pay at least ⌈price × bought⌉ and at most one unit more.
        for (const b of o.bids) {
          const paid = b.sent - b.refund
          expect(b.refund >= 0n && b.bought >= 0n).toBe(true)
          expect(paid <= b.price.mulCeil(b.bought) + 1n).toBe(true)
          expect(paid >= b.price.mulCeil(b.bought)).toBe(true)
        }
        // Sellers: at least ⌊share × resolved⌋ and ⌊share × unsold⌋, share as the chain's Dec.
        const unsold = closed.availableAmount
        const resolved = closed.resolvedAmount
        for (let i = 0; i < o.sellers.length; i++) {
          const d = o.sellers[i]![1]
          const p = o.payouts[i]!
          if (sold === 0n) {
            expect([p.sell, p.buy]).toEqual([d, 0n])
            continue
          }
          const share = Dec.fromRatio(d, lot)
          const fair = Dec.fromInt(resolved).mul(share)
          expect(p.buy >= fair.floor() && p.buy <= fair.ceil()).toBe(true)
          expect(p.sell).toBe(share.mulFloor(unsold))
        }
        expect(o.averagePrice?.toString() ?? null).toBe(
          sold > 0n ? Dec.fromRatio(resolved, sold).toString() : null,
        )
      }),
      { numRuns: RUNS },
    )
  })

  it('with R × lot ≤ 10¹⁸ every seller gets at least ⌊deposit × resolved / lot⌋ (exact rational share)', () => {
    fc.assert(
      fc.property(scenario(10n ** 6n, 10n ** 8n, 10n ** 19n), (s) => {
        const o = run({ ...s, carried: [0n, 0n] })!
        const lot = o.closed.totalAmount
        const resolved = o.closed.resolvedAmount
        expect(resolved * lot <= 10n ** 18n).toBe(true)
        if (lot === o.closed.availableAmount) return
        for (let i = 0; i < o.sellers.length; i++) {
          const exact = (o.sellers[i]![1] * resolved) / lot
          expect(o.payouts[i]!.buy >= exact && o.payouts[i]!.buy <= exact + 1n).toBe(true)
        }
        expect(o.closed.leftovers[1] >= 0n).toBe(true)
      }),
      { numRuns: RUNS },
    )
  })

  it('batch size does not change the payouts', () => {
    fc.assert(
      fc.property(
        scenario(10n ** 9n, 10n ** 11n, 10n ** 20n),
        fc.integer({ min: 1, max: 60 }),
        (s, limit) => {
          const a = run(s)!
          const b = run({ ...s, limit })!
          expect(b.payouts).toEqual(a.payouts)
          expect(b.closed.leftovers).toEqual(a.closed.leftovers)
        },
      ),
      { numRuns: 100 },
    )
  })
})

const windowArb: fc.Arbitrary<PriceWindow> = fc
  .record({
    startBlock: fc.integer({ min: 0, max: 10_000_000 }),
    length: fc.integer({ min: 1, max: 200_000 }),
    end: fc.bigInt({ min: 1n, max: 10n ** 21n }),
    spread: fc.bigInt({ min: 0n, max: 10n ** 21n }),
  })
  .map((w) => ({
    startBlock: w.startBlock,
    endBlock: w.startBlock + w.length,
    startPrice: Dec.fromAtomics(w.end + w.spread),
    endPrice: Dec.fromAtomics(w.end),
  }))

/** A query price: an exact curve point, one atomic off it, or anywhere. */
function queryArb(w: PriceWindow, curve: PriceCurve): fc.Arbitrary<Dec> {
  const len = w.endBlock - w.startBlock
  return fc.oneof(
    fc
      .tuple(fc.integer({ min: 0, max: len }), fc.integer({ min: -1, max: 1 }))
      .map(([k, d]) => priceAt(w, w.startBlock + k, curve).add(Dec.fromAtomics(BigInt(d)))),
    fc.bigInt({ min: 0n, max: w.startPrice.atomics * 2n }).map(Dec.fromAtomics),
  )
}

function checkFirstBlock(w: PriceWindow, p: Dec, curve: PriceCurve): void {
  const h = firstBlockAtOrBelow(w, p, curve)
  if (h === null) {
    expect(priceAt(w, w.endBlock, curve).gt(p)).toBe(true)
    return
  }
  expect(h >= w.startBlock && h <= w.endBlock).toBe(true)
  expect(priceAt(w, h, curve).lte(p)).toBe(true)
  if (h > w.startBlock) expect(priceAt(w, h - 1, curve).gt(p)).toBe(true)
}

describe('properties of the price curve', () => {
  it('firstBlockAtOrBelow is the exact first block (linear)', () => {
    const linear: PriceCurve = { kind: 'linear' }
    fc.assert(
      fc.property(
        windowArb.chain((w) => queryArb(w, linear).map((p) => [w, p] as const)),
        ([w, p]) => checkFirstBlock(w, p, linear),
      ),
      { numRuns: RUNS * 5 },
    )
  })

  it('firstBlockAtOrBelow is the exact first block (stepwise, exponential)', () => {
    const curveArb: fc.Arbitrary<PriceCurve> = fc.oneof(
      fc.integer({ min: 1, max: 5000 }).map((bucketBlocks) => ({ kind: 'stepwise' as const, bucketBlocks })),
      fc
        .integer({ min: 1, max: 2000 })
        .map((r) => ({ kind: 'exponential' as const, rate: Dec.fromRatio(BigInt(r), 100n) })),
    )
    fc.assert(
      fc.property(
        fc.tuple(windowArb, curveArb).chain(([w, c]) => queryArb(w, c).map((p) => [w, c, p] as const)),
        ([w, c, p]) => checkFirstBlock(w, p, c),
      ),
      { numRuns: RUNS },
    )
  })

  it('the linear price starts at startPrice, never rises, never goes below endPrice', () => {
    fc.assert(
      fc.property(windowArb, fc.integer({ min: 0, max: 200_000 }), (w, k) => {
        const h = w.startBlock + (k % (w.endBlock - w.startBlock + 1))
        expect(priceAt(w, w.startBlock).eq(w.startPrice)).toBe(true)
        const p = priceAt(w, h)
        expect(p.gte(w.endPrice) && p.lte(w.startPrice)).toBe(true)
        if (h < w.endBlock) expect(priceAt(w, h + 1).lte(p)).toBe(true)
      }),
      { numRuns: RUNS },
    )
  })
})
