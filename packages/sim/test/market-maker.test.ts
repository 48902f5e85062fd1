import { ceilDiv, Dec, type Pair } from '@rebalancer/types'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MarketFeed } from '../src/market.js'
import {
  type AuctionView,
  type BlockClock,
  bidThreshold,
  type CurveView,
  firstQualifyingBlock,
  type MarketPriceFn,
  planBid,
  planRound,
  sizeBid,
} from '../src/market-maker.js'
import { priceHistoryFrom } from '../src/prices.js'

const d = (s: string): Dec => Dec.parse(s)

/**
 * The chain's linear curve (auction.md "Price"): per_block = (start − end) / (endBlock − startBlock)
 * truncated; price(h) = start − per_block × (h − startBlock).
 */
function linearCurve(start: Dec, end: Dec, startBlock: number, endBlock: number): CurveView {
  const perBlock = endBlock > startBlock ? start.sub(end).div(Dec.fromInt(endBlock - startBlock)) : Dec.ZERO
  const priceAt = (h: number): Dec => start.sub(perBlock.mulInt(BigInt(h - startBlock)))
  return {
    priceAt,
    firstBlockAtOrBelow(price: Dec): number | null {
      if (price.gte(start)) return startBlock
      if (perBlock.isZero()) return null
      const h = startBlock + Number(ceilDiv(start.atomics - price.atomics, perBlock.atomics))
      return h <= endBlock ? h : null
    },
  }
}

const clockOf = (t0: number, h0: number, blockSeconds: number): BlockClock => ({
  timeOf: (h) => t0 + (h - h0) * blockSeconds,
})

const PAIR: Pair = ['usell', 'ubuy']
const HOUR = 1_704_067_200 // 2024-01-01T00:00:00Z, an hour boundary

/** A market for PAIR from steps of (time the price is known, price), via a real MarketFeed. */
function steppedMarket(steps: readonly [number, string][]) {
  const history = priceHistoryFrom({ SELL: steps.map(([time, p]) => ({ time, price: d(p) })) })
  const feed = new MarketFeed(history, {
    usell: { symbol: 'SELL', decimals: 6 },
    ubuy: { symbol: 'USDT', decimals: 6 },
  })
  return {
    market: ((pair, time) => feed.pairPrice(pair, time)) as MarketPriceFn,
    marketChangePoints: (from: number, to: number) => feed.changePoints(from, to, PAIR),
  }
}

/** Brute force, for tests only: step block by block. */
function bruteForce(
  auction: AuctionView,
  curve: CurveView,
  clock: BlockClock,
  market: MarketPriceFn,
  fromBlock: number,
  marginBps: number,
): number | null {
  for (let h = Math.max(fromBlock, auction.startBlock); h <= auction.endBlock; h++) {
    if (curve.priceAt(h).lte(bidThreshold(market(auction.pair, clock.timeOf(h)), marginBps))) return h
  }
  return null
}

describe('planBid against a linear curve 1.8 → 1.2 over 1000 blocks', () => {
  const auction: AuctionView = { pair: PAIR, startBlock: 100, endBlock: 1100, available: 1_000_000_000n }
  const curve = linearCurve(d('1.8'), d('1.2'), 100, 1100)
  const clock = clockOf(HOUR, 100, 3)
  const constant: MarketPriceFn = () => d('1.5')
  const maker = { address: 'maker1', marginBps: 100 }

  it('bids at the first block at or below market × (1 − margin)', () => {
    const bid = planBid({ maker, auction, curve, clock, market: constant, fromBlock: 0, budget: 10n ** 12n })!
    expect(bid).not.toBeNull()
    const thr = d('1.485')
    expect(bidThreshold(d('1.5'), 100)).toEqual(thr)
    expect(bid.height).toBe(100 + 525)
    expect(curve.priceAt(bid.height).lte(thr)).toBe(true)
    expect(curve.priceAt(bid.height - 1).gt(thr)).toBe(true)
    expect(bid.price).toEqual(curve.priceAt(bid.height))
    expect(bid.marketPrice).toEqual(d('1.5'))
    expect(bid.time).toBe(clock.timeOf(bid.height))
    expect(bid.maker).toBe('maker1')
    expect(bid.amountToBuy).toBe(auction.available)
    expect(bid.funds).toBe(bid.price.mulCeil(auction.available))
  })

  it('respects fromBlock and the auction window', () => {
    const later = planBid({
      maker,
      auction,
      curve,
      clock,
      market: constant,
      fromBlock: 700,
      budget: 10n ** 12n,
    })!
    expect(later.height).toBe(700)
    expect(
      planBid({ maker, auction, curve, clock, market: constant, fromBlock: 1101, budget: 10n ** 12n }),
    ).toBeNull()
    // a margin of 0 at a market above the start price bids at the start block
    const eager = planBid({
      maker: { address: 'm', marginBps: 0 },
      auction,
      curve,
      clock,
      market: () => d('2'),
      fromBlock: 0,
      budget: 10n ** 12n,
    })!
    expect(eager.height).toBe(100)
    // a negative margin pays above the market: 1.5 × 1.1 = 1.65
    const neg = planBid({
      maker: { address: 'm', marginBps: -1000 },
      auction,
      curve,
      clock,
      market: constant,
      fromBlock: 0,
      budget: 10n ** 12n,
    })!
    expect(neg.height).toBe(100 + 250)
  })

  it('returns null when the threshold is never reached', () => {
    const greedy = { address: 'greedy', marginBps: 3000 } // 1.5 × 0.7 = 1.05 < 1.2
    expect(
      planBid({ maker: greedy, auction, curve, clock, market: constant, fromBlock: 0, budget: 10n ** 12n }),
    ).toBeNull()
  })

  it('caps the amount by the budget; floor(funds / price) = amountToBuy', () => {
    const bid = planBid({ maker, auction, curve, clock, market: constant, fromBlock: 0, budget: 1000n })!
    // price at block 625 is 1.8 − 0.0006 × 525 = 1.485
    expect(bid.price).toEqual(d('1.485'))
    expect(bid.amountToBuy).toBe(673n) // floor(1000 / 1.485)
    expect(bid.funds).toBe(1000n) // ceil(673 × 1.485) = ceil(999.405)
    expect((bid.funds * Dec.SCALE) / bid.price.atomics).toBe(bid.amountToBuy)
    const small = planBid({
      maker,
      auction: { ...auction, available: 10n },
      curve,
      clock,
      market: constant,
      fromBlock: 0,
      budget: 1000n,
    })!
    expect(small.amountToBuy).toBe(10n)
    expect(small.funds).toBe(15n) // ceil(14.85)
    expect((small.funds * Dec.SCALE) / small.price.atomics).toBe(10n)
  })

  it('returns null when nothing can be bought', () => {
    expect(planBid({ maker, auction, curve, clock, market: constant, fromBlock: 0, budget: 1n })).toBeNull()
    expect(planBid({ maker, auction, curve, clock, market: constant, fromBlock: 0, budget: 0n })).toBeNull()
    expect(
      planBid({
        maker,
        auction: { ...auction, available: 0n },
        curve,
        clock,
        market: constant,
        fromBlock: 0,
        budget: 10n ** 12n,
      }),
    ).toBeNull()
  })

  it('validates its inputs', () => {
    const base = { auction, curve, clock, market: constant, fromBlock: 0, budget: 1000n }
    expect(() => planBid({ ...base, maker: { address: 'x', marginBps: 10_000 } })).toThrow(
      expect.objectContaining({ code: 'invalid_plan_input' }),
    )
    expect(() => planBid({ ...base, maker: { address: 'x', marginBps: 1.5 } })).toThrow(
      expect.objectContaining({ code: 'invalid_plan_input' }),
    )
    expect(() => planBid({ ...base, maker, budget: -1n })).toThrow(
      expect.objectContaining({ code: 'invalid_plan_input' }),
    )
    expect(() => planBid({ ...base, maker, fromBlock: 0.5 })).toThrow(
      expect.objectContaining({ code: 'invalid_plan_input' }),
    )
  })

  it('without marketChangePoints, a market that changes over the window is an error', () => {
    const changing: MarketPriceFn = (_p, time) => (time < HOUR + 600 ? d('1.5') : d('1.6'))
    expect(() =>
      planBid({ maker, auction, curve, clock, market: changing, fromBlock: 0, budget: 1000n }),
    ).toThrow(/marketChangePoints/)
  })

  it('detects a curve whose firstBlockAtOrBelow disagrees with priceAt', () => {
    const wrong: CurveView = {
      priceAt: curve.priceAt,
      firstBlockAtOrBelow: (p) => (curve.firstBlockAtOrBelow(p) ?? 0) + 5,
    }
    expect(() =>
      planBid({ maker, auction, curve: wrong, clock, market: constant, fromBlock: 0, budget: 1000n }),
    ).toThrow(/disagrees/)
  })
})

describe('planBid with a live reserve (the auction pays max(curve, reserve))', () => {
  const auction: AuctionView = { pair: PAIR, startBlock: 100, endBlock: 1100, available: 1_000_000_000n }
  const curve = linearCurve(d('1.8'), d('1.2'), 100, 1100)
  const clock = clockOf(HOUR, 100, 3)
  const budget = 10n ** 12n
  // the market is 1.5 until the hour, then jumps to 1.6 (a block-by-block jump above the curve)
  const { market, marketChangePoints } = steppedMarket([
    [HOUR - 3600, '1.5'],
    [HOUR + 600 * 3, '1.6'],
  ])

  it('a reserve at or below the maker level changes nothing but the price paid', () => {
    const base = { auction, curve, clock, market, marketChangePoints, fromBlock: 0, budget }
    const maker = { address: 'm', marginBps: 30 }
    const plain = planBid({ ...base, maker })!
    const reserved = planBid({ ...base, maker, reserve: () => d('1.45') })!
    expect(reserved.height).toBe(plain.height)
    expect(reserved.price).toEqual(Dec.max(plain.price, d('1.45')))
  })

  it('a reserve above the maker level blocks that segment: no bid there', () => {
    const maker = { address: 'm', marginBps: 300 } // level 1.5 × 0.97 = 1.455
    const base = { auction, curve, clock, market, marketChangePoints, fromBlock: 0, budget, maker }
    // reserve 1.47 > 1.455 while the market is 1.5; after the jump the level is 1.552 ≥ 1.47
    const reserve = () => d('1.47')
    const bid = planBid({ ...base, reserve })!
    expect(clock.timeOf(bid.height)).toBe(HOUR + 600 * 3)
    expect(bid.price.gte(d('1.47'))).toBe(true)
    // and with a reserve above every level there is no bid at all
    expect(planBid({ ...base, reserve: () => d('1.7') })).toBeNull()
  })

  it('the reserve is checked against the maker level at the bid (property: equals a block-by-block scan)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 1300, max: 1700 }),
        (margin, reserveMilli) => {
          const maker = { address: 'm', marginBps: margin }
          const reserveAt = d((reserveMilli / 1000).toFixed(3))
          const bid = planBid({
            auction,
            curve,
            clock,
            market,
            marketChangePoints,
            fromBlock: 0,
            budget,
            maker,
            reserve: () => reserveAt,
          })
          let expected: number | null = null
          for (let h = auction.startBlock; h <= auction.endBlock; h++) {
            const paid = Dec.max(curve.priceAt(h), reserveAt)
            if (paid.lte(bidThreshold(market(PAIR, clock.timeOf(h)), margin))) {
              expected = h
              break
            }
          }
          expect(bid?.height ?? null).toBe(expected)
        },
      ),
      { numRuns: 60 },
    )
  })
})

describe('planBid with a market that changes at an hour boundary', () => {
  // blocks 100..1100 at 3 s; block 100 is 30 min before the boundary, so blocks 700.. see the new close
  const auction: AuctionView = { pair: PAIR, startBlock: 100, endBlock: 1100, available: 10n ** 9n }
  const curve = linearCurve(d('1.8'), d('1.2'), 100, 1100)
  const clock = clockOf(HOUR - 1800, 100, 3)
  const maker = { address: 'mm', marginBps: 100 }
  const plan = (before: string, after: string, fromBlock = 0) =>
    planBid({
      maker,
      auction,
      curve,
      clock,
      ...steppedMarket([
        [HOUR - 7200, before],
        [HOUR, after],
      ]),
      fromBlock,
      budget: 10n ** 12n,
    })

  it('lands at the first block of the later segment when the earlier threshold is never reached in time', () => {
    // before: 1.2 × 0.99 = 1.188 (never); after: 1.6 × 0.99 = 1.584, already passed at block 460 → bid at 700
    const bid = plan('1.2', '1.6')!
    expect(bid.height).toBe(700)
    expect(bid.time).toBe(HOUR)
    expect(bid.marketPrice).toEqual(d('1.6'))
  })

  it('lands inside the later segment', () => {
    // before: 1.3 → thr 1.287 at block 955 (after 699); after: 1.35 → thr 1.3365 at block 873
    const bid = plan('1.3', '1.35')!
    expect(bid.height).toBe(873)
    expect(bid.marketPrice).toEqual(d('1.35'))
    expect(curve.priceAt(873).lte(d('1.3365'))).toBe(true)
    expect(curve.priceAt(872).gt(d('1.3365'))).toBe(true)
  })

  it('lands inside the earlier segment when it qualifies there', () => {
    // before: 1.7 → thr 1.683 at block 295; the lower later market does not matter
    const bid = plan('1.7', '1.3')!
    expect(bid.height).toBe(295)
    expect(bid.marketPrice).toEqual(d('1.7'))
    // starting after the boundary, the later market's threshold 1.287 applies: block 955
    expect(plan('1.7', '1.3', 700)!.height).toBe(955)
  })

  it('agrees with the brute force scan', () => {
    for (const [a, b] of [
      ['1.2', '1.6'],
      ['1.3', '1.35'],
      ['1.7', '1.3'],
      ['1.1', '1.15'],
    ] as const) {
      const m = steppedMarket([
        [HOUR - 7200, a],
        [HOUR, b],
      ])
      expect(plan(a, b)?.height ?? null).toBe(bruteForce(auction, curve, clock, m.market, 0, 100))
    }
  })
})

describe('planRound', () => {
  const auction: AuctionView = { pair: PAIR, startBlock: 100, endBlock: 1100, available: 10n ** 9n }
  const ctx = {
    curve: linearCurve(d('1.8'), d('1.2'), 100, 1100),
    clock: clockOf(HOUR, 100, 3),
    market: () => d('1.5'),
    fromBlock: 0,
  }
  const budget = 10n ** 12n

  it('picks the earliest bid', () => {
    const bid = planRound(
      [
        { maker: { address: 'a', marginBps: 200 }, budget },
        { maker: { address: 'b', marginBps: 50 }, budget },
        { maker: { address: 'c', marginBps: 100 }, budget },
      ],
      auction,
      ctx,
    )!
    expect(bid.maker).toBe('b')
  })

  it('breaks ties by the lower margin, then the address', () => {
    // margins 99 and 100 give thresholds 1.48515 and 1.485: both first reached at block 625 (price 1.485)
    const m99 = { address: 'z', marginBps: 99 }
    const m100 = { address: 'a', marginBps: 100 }
    const h99 = planBid({ ...ctx, auction, maker: m99, budget })!.height
    const h100 = planBid({ ...ctx, auction, maker: m100, budget })!.height
    expect(h99).toBe(625)
    expect(h100).toBe(625)
    expect(
      planRound(
        [
          { maker: m100, budget },
          { maker: m99, budget },
        ],
        auction,
        ctx,
      )!.maker,
    ).toBe('z')
    const same = [
      { maker: { address: 'mm-b', marginBps: 100 }, budget },
      { maker: { address: 'mm-a', marginBps: 100 }, budget },
    ]
    expect(planRound(same, auction, ctx)!.maker).toBe('mm-a')
  })

  it('skips makers that cannot bid and returns null when none can', () => {
    const makers = [
      { maker: { address: 'poor', marginBps: 0 }, budget: 1n },
      { maker: { address: 'greedy', marginBps: 5000 }, budget },
      { maker: { address: 'ok', marginBps: 300 }, budget },
    ]
    expect(planRound(makers, auction, ctx)!.maker).toBe('ok')
    expect(planRound(makers.slice(0, 2), auction, ctx)).toBeNull()
    expect(planRound([], auction, ctx)).toBeNull()
  })
})

describe('sizeBid', () => {
  it('a price below 1 with everything available: minimal funds, the chain caps at available', () => {
    // 0.3 per unit: no amount of funds buys exactly 1 unit (1 buys floor(1 / 0.3) = 3)
    expect(sizeBid(d('0.3'), 1n, 100n)).toEqual({ amountToBuy: 1n, funds: 1n })
    // 0.3 × 10 = 3 exactly: floor(3 / 0.3) = 10
    expect(sizeBid(d('0.3'), 10n, 100n)).toEqual({ amountToBuy: 10n, funds: 3n })
    expect(sizeBid(d('0.3'), 1000n, 100n)).toEqual({ amountToBuy: 333n, funds: 100n })
    expect(() => sizeBid(Dec.ZERO, 1n, 1n)).toThrow(expect.objectContaining({ code: 'invalid_plan_input' }))
  })

  it('buys as much as possible with the least funds (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 22n }), // price atomics: 1e-18 .. 10 000
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        (atomics, available, budget) => {
          const price = Dec.fromAtomics(atomics)
          const boughtBy = (sent: bigint) => (sent * Dec.SCALE) / atomics // the chain's floor(sent / price)
          const r = sizeBid(price, available, budget)
          const affordable: bigint = boughtBy(budget)
          const expected = available < affordable ? available : affordable
          if (expected === 0n) {
            expect(r).toBeNull()
            return
          }
          expect(r).not.toBeNull()
          const { amountToBuy, funds } = r!
          expect(amountToBuy).toBe(expected)
          expect(funds).toBeLessThanOrEqual(budget)
          const bought = boughtBy(funds)
          expect(bought >= amountToBuy).toBe(true)
          // exact unless the bid takes everything available (then the chain caps `bought` at it)
          if (amountToBuy < available) expect(bought).toBe(amountToBuy)
          // one unit less would not buy it
          expect(boughtBy(funds - 1n) < amountToBuy).toBe(true)
        },
      ),
      { numRuns: 2000 },
    )
  })
})

describe('firstQualifyingBlock (property): the first qualifying block, same as a block-by-block scan', () => {
  it('matches brute force on windows up to 2000 blocks with stepped markets', () => {
    const priceArb = fc.bigInt({ min: 10n ** 17n, max: 3n * 10n ** 18n }) // 0.1 .. 3
    fc.assert(
      fc.property(
        fc.record({
          startPrice: priceArb,
          drop: fc.bigInt({ min: 0n, max: 10n ** 18n }),
          startBlock: fc.integer({ min: 0, max: 1_000_000 }),
          length: fc.integer({ min: 0, max: 2000 }),
          fromOffset: fc.integer({ min: -50, max: 2100 }),
          blockSeconds: fc.integer({ min: 1, max: 12 }),
          t0Offset: fc.integer({ min: 0, max: 7200 }),
          steps: fc.array(fc.tuple(fc.integer({ min: 1, max: 4000 }), priceArb), {
            minLength: 0,
            maxLength: 12,
          }),
          firstMarket: priceArb,
          marginBps: fc.integer({ min: -500, max: 3000 }),
          withChangePoints: fc.boolean(),
        }),
        (p) => {
          const start = Dec.fromAtomics(p.startPrice)
          const end = Dec.fromAtomics(p.startPrice - p.drop > 1n ? p.startPrice - p.drop : 1n)
          const endBlock = p.startBlock + p.length
          const curve = linearCurve(start, end, p.startBlock, endBlock)
          const clock = clockOf(HOUR + p.t0Offset, p.startBlock, p.blockSeconds)
          // market closes: one before the window, then at cumulative offsets (seconds) inside/after it
          const closes: [number, string][] = [[HOUR, Dec.fromAtomics(p.firstMarket).toString()]]
          let time = HOUR + p.t0Offset
          for (const [gap, price] of p.steps) {
            time += gap
            closes.push([time, Dec.fromAtomics(price).toString()])
          }
          const { market, marketChangePoints } = steppedMarket(closes)
          const auction: AuctionView = {
            pair: PAIR,
            startBlock: p.startBlock,
            endBlock,
            available: 10n ** 9n,
          }
          const fromBlock = p.startBlock + p.fromOffset
          const expected = bruteForce(auction, curve, clock, market, fromBlock, p.marginBps)
          const ctx = { auction, curve, clock, market, fromBlock, marginBps: p.marginBps }
          if (!p.withChangePoints) {
            // without change points only a constant market over the window is accepted
            const lo = Math.max(fromBlock, p.startBlock)
            if (lo <= endBlock && !market(PAIR, clock.timeOf(lo)).eq(market(PAIR, clock.timeOf(endBlock)))) {
              expect(() => firstQualifyingBlock(ctx)).toThrow(/marketChangePoints/)
              return
            }
            if (lo <= endBlock && marketChangePoints(clock.timeOf(lo), clock.timeOf(endBlock)).length > 0)
              return
          }
          const q = firstQualifyingBlock(p.withChangePoints ? { ...ctx, marketChangePoints } : ctx)
          expect(q?.height ?? null).toBe(expected)
          if (q !== null) {
            expect(q.price).toEqual(curve.priceAt(q.height))
            expect(q.marketPrice).toEqual(market(PAIR, clock.timeOf(q.height)))
            expect(q.threshold).toEqual(bidThreshold(q.marketPrice, p.marginBps))
            const bid = planBid({
              ...ctx,
              marketChangePoints,
              maker: { address: 'x', marginBps: p.marginBps },
              budget: 10n ** 12n,
            })!
            expect(bid.height).toBe(q.height)
            expect((bid.funds * Dec.SCALE) / bid.price.atomics >= bid.amountToBuy).toBe(true)
          }
        },
      ),
      { numRuns: 400 },
    )
  })
})

describe('planRound with memos', () => {
  it('with memos kept across rounds, plans exactly as without (a qualifying block is reused only while it answers)', () => {
    // a market stepping every hour through the window, so plans cross change points
    const m = steppedMarket([
      [HOUR - 3600, '1.5'],
      [HOUR + 600, '1.45'],
      [HOUR + 1200, '1.62'],
      [HOUR + 1800, '1.38'],
      [HOUR + 2400, '1.55'],
    ])
    const auction: AuctionView = { pair: PAIR, startBlock: 100, endBlock: 1100, available: 10n ** 9n }
    const base = {
      curve: linearCurve(d('1.8'), d('1.2'), 100, 1100),
      clock: clockOf(HOUR, 100, 3),
      market: m.market,
      marketChangePoints: m.marketChangePoints,
    }
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 4 }),
        fc.array(
          fc.record({
            step: fc.integer({ min: 0, max: 200 }),
            budgets: fc.array(fc.constantFrom(0n, 1n, 10n ** 6n, 10n ** 12n), { minLength: 4, maxLength: 4 }),
            available: fc.constantFrom(1n, 10n ** 6n, 10n ** 9n),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        (margins, rounds) => {
          const makers = margins.map((marginBps, i) => ({ address: `mm-${i}`, marginBps }))
          const memos = new Map()
          let from = 0
          for (const r of rounds) {
            from += r.step
            const budgets = makers.map((maker, i) => ({ maker, budget: r.budgets[i]! }))
            const view = { ...auction, available: r.available }
            const c = { ...base, fromBlock: from }
            expect(planRound(budgets, view, c, memos)).toEqual(planRound(budgets, view, c))
          }
        },
      ),
    )
  })
})
