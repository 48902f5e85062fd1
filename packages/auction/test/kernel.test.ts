import { Dec, dec } from '@rebalancer/types'
import { describe, expect, it } from 'vitest'
import {
  AuctionError,
  type AuctionErrorCode,
  type AuctionInfo,
  canFinish,
  chainHalted,
  DEFAULT_CHAIN_HALT,
  finishBatch,
  type OpenAuctionArgs,
  openAuction,
  placeBid,
  sellerPayout,
} from '../src/index.js'
import { blk, CONFIG, H0, openPublic, snapshot, T0 } from './helpers.js'

function code(f: () => unknown): AuctionErrorCode | undefined {
  try {
    f()
  } catch (e) {
    if (e instanceof AuctionError) return e.code
    throw e
  }
  return undefined
}

const baseOpen: OpenAuctionArgs = {
  config: CONFIG,
  previous: null,
  paused: false,
  queued: 1000n,
  minAmount: { send: 5n, startAuction: 10n },
  oracle: { price: dec('1.5'), time: T0 },
  params: { endBlock: H0 + 1000 },
  block: blk(0),
}

function closedWith(leftovers: readonly [bigint, bigint]): AuctionInfo {
  return { ...openPublic(), status: { kind: 'closed' }, leftovers }
}

describe('openAuction (auction.md "Opening")', () => {
  it('opens the public-check auction', () => {
    const r = openAuction(baseOpen)
    expect(r.kind).toBe('opened')
    if (r.kind !== 'opened') return
    const i = r.info
    expect(i.status).toEqual({ kind: 'started' })
    expect([i.startBlock, i.endBlock]).toEqual([H0, H0 + 1000])
    expect([i.startPrice.toString(), i.endPrice.toString()]).toEqual(['1.8', '1.2'])
    expect([i.availableAmount, i.resolvedAmount, i.totalAmount]).toEqual([1000n, 0n, 1000n])
    expect(i.leftovers).toEqual([0n, 0n])
    expect(i.lastCheckedBlock).toEqual(blk(0))
  })

  it('takes an explicit start block', () => {
    const r = openAuction({ ...baseOpen, params: { startBlock: H0 + 10, endBlock: H0 + 20 } })
    expect(r.kind === 'opened' && [r.info.startBlock, r.info.endBlock]).toEqual([H0 + 10, H0 + 20])
  })

  it('folds the previous leftovers into the lot and resolved, then resets them', () => {
    const r = openAuction({ ...baseOpen, previous: closedWith([5n, 7n]) })
    if (r.kind !== 'opened') throw new Error('expected opened')
    expect([r.info.totalAmount, r.info.availableAmount, r.info.resolvedAmount]).toEqual([1005n, 1005n, 7n])
    expect(r.info.leftovers).toEqual([0n, 0n])
  })

  it('refunds when the queued funds are below min_start, keeping the leftovers', () => {
    const previous = closedWith([500n, 7n])
    expect(openAuction({ ...baseOpen, previous, queued: 9n })).toEqual({
      kind: 'refund',
      leftovers: [500n, 7n],
    })
    expect(openAuction({ ...baseOpen, queued: 0n })).toEqual({ kind: 'refund', leftovers: [0n, 0n] })
    // The refund is decided before the price is read: a stale price does not block it.
    const stale = { price: dec('1.5'), time: T0 - 10 * 86_400 }
    expect(openAuction({ ...baseOpen, queued: 9n, oracle: stale }).kind).toBe('refund')
    // min_start is met exactly.
    expect(openAuction({ ...baseOpen, queued: 10n }).kind).toBe('opened')
  })

  it('refunds an empty lot even when min_start is 0', () => {
    const r = openAuction({ ...baseOpen, queued: 0n, minAmount: { send: 0n, startAuction: 0n } })
    expect(r).toEqual({ kind: 'refund', leftovers: [0n, 0n] })
    const onlyLeftovers = openAuction({
      ...baseOpen,
      queued: 0n,
      minAmount: { send: 0n, startAuction: 0n },
      previous: closedWith([40n, 0n]),
    })
    expect(onlyLeftovers.kind === 'opened' && onlyLeftovers.info.totalAmount).toBe(40n)
  })

  it.each<[string, Partial<OpenAuctionArgs>, AuctionErrorCode, RegExp]>([
    ['paused', { paused: true }, 'paused', /paused: it cannot open/],
    [
      'started previous',
      { previous: openPublic() },
      'not_closed',
      /is started: .* after the previous one is closed/,
    ],
    [
      'finished previous',
      { previous: { ...openPublic(), status: { kind: 'finished' } } },
      'not_closed',
      /is finished/,
    ],
    [
      'closing previous',
      {
        previous: {
          ...openPublic(),
          status: { kind: 'close_auction', startAfter: 'a', paidSell: 0n, paidBuy: 0n },
        },
      },
      'not_closed',
      /is close_auction/,
    ],
    ['end = start', { params: { endBlock: H0 } }, 'invalid_window', /start 1000, end 1000/],
    [
      'end < start',
      { params: { startBlock: H0 + 5, endBlock: H0 + 4 } },
      'invalid_window',
      /end_block > start_block/,
    ],
    ['fractional end', { params: { endBlock: H0 + 1.5 } }, 'invalid_window', /integers/],
    ['negative queued', { queued: -1n }, 'invalid_amount', /-1 must not be negative/],
    [
      'stale price',
      { oracle: { price: dec('1.5'), time: T0 - 3 * 86_400 - 1 } },
      'stale_price',
      /freshness limit/,
    ],
    ['zero price', { oracle: { price: Dec.ZERO, time: T0 } }, 'invalid_price', /above 0/],
    [
      'bad strategy',
      { config: { ...CONFIG, strategy: { startPriceBps: 2000, endPriceBps: 10_000 } } },
      'invalid_strategy',
      /end_price_perc 10000/,
    ],
    ['bad config', { config: { ...CONFIG, pair: ['a', 'a'] } }, 'invalid_config', /distinct/],
    ['fractional block', { block: { ...blk(0), time: T0 + 0.5 } }, 'invalid_block', /integers/],
  ])('%s → %s', (_n, patch, c, msg) => {
    const args = { ...baseOpen, ...patch }
    expect(code(() => openAuction(args))).toBe(c)
    expect(() => openAuction(args)).toThrow(msg)
  })

  it('does not mutate its arguments', () => {
    const previous = closedWith([5n, 7n])
    const args = { ...baseOpen, previous }
    const before = snapshot(args)
    openAuction(args)
    expect(snapshot(args)).toBe(before)
  })
})

describe('placeBid (auction.md "Bidding")', () => {
  it('public check: at +100 a bid of 435 buys 250; 750 remain', () => {
    const r = placeBid(openPublic(), CONFIG, 435n, blk(100))
    expect([r.bought, r.refund, r.halted]).toEqual([250n, 0n, false])
    expect(r.price.toString()).toBe('1.74')
    expect([r.info.availableAmount, r.info.resolvedAmount]).toEqual([750n, 435n])
    expect(r.info.status).toEqual({ kind: 'started' })
    expect(r.info.lastCheckedBlock).toEqual(blk(100))
  })

  it('a bid buying 250 at +100 pays 435 whatever it sends on top', () => {
    const r = placeBid(openPublic(), CONFIG, 436n, blk(100))
    expect([r.bought, r.refund]).toEqual([250n, 1n])
  })

  it('public check: at +700 a bid of 1518 buys all 1000 at 1.38 and gets 138 back', () => {
    const r = placeBid(openPublic(), CONFIG, 1518n, blk(700))
    expect(r.price.toString()).toBe('1.38')
    expect([r.bought, r.refund]).toEqual([1000n, 138n])
    expect([r.info.availableAmount, r.info.resolvedAmount]).toEqual([0n, 1380n])
    expect(r.info.status).toEqual({ kind: 'finished' })
  })

  it('refund = ⌊sent − bought × price⌋: the bidder pays the ceiling of the cost', () => {
    // 1.74 × 57 = 99.18: 100 buys 57 and gets ⌊0.82⌋ = 0 back.
    const r = placeBid(openPublic(), CONFIG, 100n, blk(100))
    expect([r.bought, r.refund, r.info.resolvedAmount]).toEqual([57n, 0n, 100n])
  })

  it('the last lot can cost one unit above ⌈left × price⌉', () => {
    const a = placeBid(openPublic(), CONFIG, 435n, blk(100)).info
    // 750 left at 1.38 cost 1035. 2000 / 1.38 → 1449 (cost 1999.62 → refund 0), over by 699 → refund ⌊964.62⌋.
    const r = placeBid(a, CONFIG, 2000n, blk(700))
    expect([r.bought, r.refund]).toEqual([750n, 964n])
    expect(2000n - r.refund).toBe(1036n)
    expect(r.info.resolvedAmount).toBe(435n + 1036n)
    expect(r.info.status).toEqual({ kind: 'finished' })
  })

  it('an exact buy of everything that is left finishes the auction', () => {
    const r = placeBid(openPublic(), CONFIG, 1500n, blk(500))
    expect([r.bought, r.refund, r.info.status.kind]).toEqual([1000n, 0n, 'finished'])
  })

  it('a bid too small for one unit is refunded whole and only moves lastCheckedBlock', () => {
    const info = openPublic()
    const r = placeBid(info, CONFIG, 1n, blk(100))
    expect([r.bought, r.refund, r.halted]).toEqual([0n, 1n, false])
    expect({ ...r.info, lastCheckedBlock: info.lastCheckedBlock }).toEqual(info)
    expect(r.info.lastCheckedBlock).toEqual(blk(100))
  })

  it('accepts bids at exactly start and end blocks', () => {
    expect(placeBid(openPublic(), CONFIG, 18n, blk(0)).bought).toBe(10n)
    expect(placeBid(openPublic(), CONFIG, 12n, blk(1000)).bought).toBe(10n)
  })

  it.each<[string, () => unknown, AuctionErrorCode, RegExp]>([
    [
      'finished',
      () => placeBid({ ...openPublic(), status: { kind: 'finished' } }, CONFIG, 10n, blk(1)),
      'not_active',
      /is finished: bids are accepted only while started/,
    ],
    [
      'closed',
      () => placeBid({ ...openPublic(), status: { kind: 'closed' } }, CONFIG, 10n, blk(1)),
      'not_active',
      /closed/,
    ],
    [
      'before start',
      () => placeBid({ ...openPublic(), startBlock: H0 + 10 }, CONFIG, 10n, blk(9)),
      'not_started',
      /block 1009 is before the auction's start block 1010/,
    ],
    [
      'after end',
      () => placeBid(openPublic(), CONFIG, 10n, blk(1001)),
      'outside_window',
      /2001 is after .* 2000/,
    ],
    ['zero', () => placeBid(openPublic(), CONFIG, 0n, blk(1)), 'zero_bid', /bid of 0/],
    ['negative', () => placeBid(openPublic(), CONFIG, -3n, blk(1)), 'zero_bid', /bid of -3/],
    [
      'height back',
      () => placeBid({ ...openPublic(), lastCheckedBlock: blk(50) }, CONFIG, 10n, blk(49)),
      'invalid_block',
      /before the last checked block/,
    ],
    [
      'time back',
      () => placeBid({ ...openPublic(), lastCheckedBlock: blk(50) }, CONFIG, 10n, blk(50, 149)),
      'invalid_block',
      /before the last checked block/,
    ],
    ['fractional', () => placeBid(openPublic(), CONFIG, 10n, blk(1.5)), 'invalid_block', /integers/],
  ])('%s → %s', (_n, f, c, msg) => {
    expect(code(f)).toBe(c)
    expect(f).toThrow(msg)
  })

  it('chain halt: more than blocks × 3 + 14400 seconds since the last checked block', () => {
    const info = openPublic()
    const limit = 100 * 3 + 14_400
    const ok = placeBid(info, CONFIG, 435n, blk(100, limit))
    expect([ok.halted, ok.bought]).toEqual([false, 250n])
    const r = placeBid(info, CONFIG, 435n, blk(100, limit + 1))
    expect([r.halted, r.bought, r.refund]).toEqual([true, 0n, 435n])
    expect(r.info.status).toEqual({ kind: 'finished' })
    expect([r.info.availableAmount, r.info.resolvedAmount]).toEqual([1000n, 0n])
    expect(r.info.lastCheckedBlock).toEqual(blk(100, limit + 1))
    expect(code(() => placeBid(r.info, CONFIG, 10n, blk(101, limit + 4)))).toBe('not_active')
    expect(canFinish(r.info, H0 + 101)).toBe(true)
  })

  it('chain halt is measured from the last bid, with the configured cap and block time', () => {
    const a = placeBid(openPublic(), CONFIG, 100n, blk(100, 300)).info
    // 10 hours after the bid at +100, but only 2 blocks later: halted.
    expect(placeBid(a, CONFIG, 100n, blk(102, 300 + 36_000)).halted).toBe(true)
    const tight = { ...CONFIG, chainHalt: { capSeconds: 0, blockAvgSeconds: 6 } }
    expect(placeBid(openPublic(), tight, 100n, blk(10, 60)).halted).toBe(false)
    expect(placeBid(openPublic(), tight, 100n, blk(10, 61)).halted).toBe(true)
    expect(chainHalted(blk(0), blk(1, 14_403), DEFAULT_CHAIN_HALT)).toBe(false)
    expect(chainHalted(blk(0), blk(1, 14_404), DEFAULT_CHAIN_HALT)).toBe(true)
  })

  it('does not mutate its arguments', () => {
    const info = openPublic()
    const before = snapshot([info, CONFIG])
    placeBid(info, CONFIG, 1518n, blk(700))
    placeBid(info, CONFIG, 1518n, blk(700, 99_999))
    expect(snapshot([info, CONFIG])).toBe(before)
  })
})

describe('finishing (auction.md "Finishing and paying out")', () => {
  const three = [
    ['neutron1a', 1000n],
    ['neutron1b', 1000n],
    ['neutron1c', 1000n],
  ] as const

  it('public check: three sellers of 1000 and one full bid of 4500 → each paid 1500', () => {
    const bid = placeBid(openPublic(3000n), CONFIG, 4500n, blk(500))
    expect([bid.bought, bid.refund, bid.info.status.kind]).toEqual([3000n, 0n, 'finished'])
    const r = finishBatch(bid.info, three, 5, H0 + 501)
    expect(r.payouts).toEqual(three.map(([address]) => ({ address, sell: 0n, buy: 1500n })))
    expect(r.done).toBe(true)
    expect(r.info.status).toEqual({ kind: 'closed' })
    expect(r.info.leftovers).toEqual([0n, 0n])
    expect(r.averagePrice?.toString()).toBe('1.5')
  })

  it('the round-up rule: 4500 × 0.333333333333333333 = 1499.9999999999999985 → 1500', () => {
    const info = placeBid(openPublic(3000n), CONFIG, 4500n, blk(500)).info
    expect(sellerPayout(info, 1000n)).toEqual({ sell: 0n, buy: 1500n })
    // The threshold: 1 × 0.99989 is floored to 0, 1 × 0.9999 is rounded up to 1.
    const f = { ...info, totalAmount: 100_000n, availableAmount: 0n, resolvedAmount: 1n }
    expect(sellerPayout(f, 99_989n)).toEqual({ sell: 0n, buy: 0n })
    expect(sellerPayout(f, 99_990n)).toEqual({ sell: 0n, buy: 1n })
  })

  it('pays in batches of `limit`, remembering progress in close_auction', () => {
    const info = placeBid(openPublic(3000n), CONFIG, 4500n, blk(500)).info
    const a = finishBatch(info, three, 2, H0 + 501)
    expect(a.payouts.map((p) => p.address)).toEqual(['neutron1a', 'neutron1b'])
    expect(a.done).toBe(false)
    expect(a.averagePrice).toBeNull()
    expect(a.info.status).toEqual({
      kind: 'close_auction',
      startAfter: 'neutron1b',
      paidSell: 0n,
      paidBuy: 3000n,
    })
    expect(canFinish(a.info, H0 + 502)).toBe(true)
    const b = finishBatch(a.info, three, 2, H0 + 502)
    expect(b.payouts).toEqual([{ address: 'neutron1c', sell: 0n, buy: 1500n }])
    expect(b.done).toBe(true)
    expect(b.info.leftovers).toEqual([0n, 0n])
    expect(code(() => finishBatch(b.info, three, 2, H0 + 503))).toBe('nothing_to_finish')
  })

  it('resumes after an address that is no longer in the list (binary search)', () => {
    const info = placeBid(openPublic(3000n), CONFIG, 4500n, blk(500)).info
    const mid = {
      ...info,
      status: { kind: 'close_auction' as const, startAfter: 'neutron1aa', paidSell: 0n, paidBuy: 1500n },
    }
    const r = finishBatch(mid, three, 10, H0 + 600)
    expect(r.payouts.map((p) => p.address)).toEqual(['neutron1b', 'neutron1c'])
    expect(r.info.leftovers).toEqual([0n, 0n])
  })

  it('accepts a page of limit + 1 sellers after startAfter, as a chain reads its map', () => {
    const info = placeBid(openPublic(3000n), CONFIG, 4500n, blk(500)).info
    const a = finishBatch(info, three.slice(0, 2), 1, H0 + 501)
    expect([a.done, a.payouts.map((p) => p.address)]).toEqual([false, ['neutron1a']])
    const b = finishBatch(a.info, three.slice(1, 3), 1, H0 + 502)
    expect([b.done, b.payouts.map((p) => p.address)]).toEqual([false, ['neutron1b']])
    const c = finishBatch(b.info, three.slice(2), 1, H0 + 503)
    expect([c.done, c.payouts.map((p) => p.address)]).toEqual([true, ['neutron1c']])
    expect(c.info.leftovers).toEqual([0n, 0n])
  })

  it('partial sale: buy pro rata plus ⌊unsold × share⌋, dust stays as leftovers', () => {
    // Bid 100 at +500 (1.5): buys 66 for 99, refund 1. Unsold 2934, resolved 99.
    const bid = placeBid(openPublic(3000n), CONFIG, 100n, blk(500))
    expect([bid.bought, bid.refund]).toEqual([66n, 1n])
    expect(canFinish(bid.info, H0 + 999)).toBe(false)
    expect(code(() => finishBatch(bid.info, three, 5, H0 + 999))).toBe('cannot_finish')
    expect(() => finishBatch(bid.info, three, 5, H0 + 999)).toThrow(/still started at block 1999/)
    expect(canFinish(bid.info, H0 + 1000)).toBe(true)
    const r = finishBatch(bid.info, three, 5, H0 + 1000)
    // 99 × 0.333333333333333333 = 32.99999999999999997 → 33; ⌊2934 × 0.333…⌋ = 977.
    expect(r.payouts.map((p) => [p.sell, p.buy])).toEqual([
      [977n, 33n],
      [977n, 33n],
      [977n, 33n],
    ])
    expect(r.info.leftovers).toEqual([3n, 0n])
    expect(r.averagePrice?.toString()).toBe('1.5')
  })

  it('nothing sold: deposits back, carried leftovers roll on, no average price', () => {
    const previous = { ...openPublic(), status: { kind: 'closed' as const }, leftovers: [20n, 9n] as const }
    const opened = openAuction({ ...baseOpen, previous, queued: 3000n })
    if (opened.kind !== 'opened') throw new Error('expected opened')
    const r = finishBatch(opened.info, three, 5, H0 + 1000)
    expect(r.payouts).toEqual(three.map(([address, d]) => ({ address, sell: d, buy: 0n })))
    expect(r.info.leftovers).toEqual([20n, 9n])
    expect(r.averagePrice).toBeNull()
  })

  it('the round-up clamp: 20000 sellers of 1 unit each share 19999 → the last gets 0, nothing created', () => {
    const sellers = Array.from({ length: 20_000 }, (_, i) => [`s${String(i).padStart(5, '0')}`, 1n] as const)
    const info: AuctionInfo = {
      ...openPublic(20_000n),
      status: { kind: 'finished' },
      availableAmount: 0n,
      resolvedAmount: 19_999n,
    }
    expect(sellerPayout(info, 1n)).toEqual({ sell: 0n, buy: 1n }) // 0.99995 rounds up
    let state = info
    const paid: bigint[] = []
    for (;;) {
      const r = finishBatch(state, sellers, 7000, H0 + 1000)
      paid.push(...r.payouts.map((p) => p.buy))
      state = r.info
      if (r.done) break
    }
    expect(paid.length).toBe(20_000)
    expect(paid.reduce((a, b) => a + b, 0n)).toBe(19_999n)
    expect(paid.at(-1)).toBe(0n)
    expect(state.leftovers).toEqual([0n, 0n])
  })

  it('no sellers: closes at once with everything as leftovers', () => {
    const info = placeBid(openPublic(), CONFIG, 435n, blk(100)).info
    const r = finishBatch(info, [], 1, H0 + 1000)
    expect([r.done, r.payouts, r.info.leftovers]).toEqual([true, [], [750n, 435n]])
  })

  it.each<[string, () => unknown, AuctionErrorCode, RegExp]>([
    [
      'limit 0',
      () => finishBatch({ ...openPublic(), status: { kind: 'finished' } }, [], 0, H0),
      'invalid_limit',
      /limit 0/,
    ],
    [
      'limit 1.5',
      () => finishBatch({ ...openPublic(), status: { kind: 'finished' } }, [], 1.5, H0),
      'invalid_limit',
      /1.5/,
    ],
    [
      'closed',
      () => finishBatch({ ...openPublic(), status: { kind: 'closed' } }, [], 1, H0 + 5000),
      'nothing_to_finish',
      /already closed/,
    ],
    [
      'unsorted',
      () =>
        finishBatch(
          { ...openPublic(), status: { kind: 'finished' } },
          [
            ['b', 1n],
            ['a', 1n],
          ],
          5,
          H0,
        ),
      'unsorted_sellers',
      /"b" comes before "a"/,
    ],
    [
      'duplicate',
      () =>
        finishBatch(
          { ...openPublic(), status: { kind: 'finished' } },
          [
            ['a', 1n],
            ['a', 1n],
          ],
          5,
          H0,
        ),
      'unsorted_sellers',
      /strictly ascending/,
    ],
    [
      'deposit above lot',
      () => sellerPayout(openPublic(), 1001n),
      'invalid_amount',
      /between 0 and the lot 1000/,
    ],
    ['negative deposit', () => sellerPayout(openPublic(), -1n), 'invalid_amount', /deposit -1/],
  ])('%s → %s', (_n, f, c, msg) => {
    expect(code(f)).toBe(c)
    expect(f).toThrow(msg)
  })

  it('canFinish by status', () => {
    const i = openPublic()
    expect(canFinish(i, H0 + 999)).toBe(false)
    expect(canFinish(i, H0 + 1000)).toBe(true)
    expect(canFinish({ ...i, status: { kind: 'finished' } }, H0)).toBe(true)
    expect(canFinish({ ...i, status: { kind: 'closed' } }, H0 + 5000)).toBe(false)
  })

  it('does not mutate its arguments', () => {
    const info = placeBid(openPublic(3000n), CONFIG, 100n, blk(500)).info
    const sellers = three.map(([a, d]) => [a, d] as const)
    const before = snapshot([info, sellers])
    finishBatch(info, sellers, 2, H0 + 1000)
    expect(snapshot([info, sellers])).toBe(before)
  })

  it('a closed auction rolls its leftovers into the next open', () => {
    const bid = placeBid(openPublic(3000n), CONFIG, 100n, blk(500))
    const closed = finishBatch(bid.info, three, 5, H0 + 1000).info
    const next = openAuction({
      ...baseOpen,
      previous: closed,
      queued: 50n,
      block: blk(1001),
      params: { endBlock: H0 + 2000 },
    })
    expect(next.kind === 'opened' && [next.info.totalAmount, next.info.resolvedAmount]).toEqual([53n, 0n])
  })
})

it('BPS: Dec sanity for the share rounding constant', () => {
  expect(Dec.parse('0.9999').atomics).toBe(999_900_000_000_000_000n)
})
