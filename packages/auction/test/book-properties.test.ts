import { type BlockInfo, Dec, type Pair } from '@rebalancer/types'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  AuctionBook,
  type AuctionReport,
  assertReportBalanced,
  DEFAULT_CHAIN_HALT,
  DEFAULT_FRESHNESS,
  isAuctionError,
  PriceOracle,
  type Settlement,
} from '../src/index.js'

/**
 * Property tests of whole books (issue #4 "Proof"): random portfolios, trades, withdrawals,
 * bids (with chain halts), prices, windows and batch sizes over several cycles, with leftovers
 * rolling from each auction of a pair into its next. Every amount is checked against totals this
 * test keeps itself, not only against the engine's own ledger.
 */

const DENOMS = ['uatom', 'untrn', 'uosmo'] as const
const PAIRS: Pair[] = DENOMS.flatMap((a) => DENOMS.filter((b) => b !== a).map((b) => [a, b] as Pair))
const T0 = 1_700_000_000
const MAX_LEN = 5_000
const CYCLE_BLOCKS = MAX_LEN + 10
const MINS = Object.fromEntries(DENOMS.map((d) => [d, { send: 10n, startAuction: 500n }]))

interface CycleInput {
  portfolios: Array<{ id: number; trades: Array<{ pair: number; amount: bigint }> }>
  withdraws: Array<{ pair: number; id: number }>
  prices: bigint[] // Dec atomics per pair
  length: number
  bids: Array<{ pair: number; at: number; sent: bigint; halt: boolean }>
  limit: number
}

const amountArb = fc.oneof(
  fc.bigInt({ min: 10n, max: 10_000n }),
  fc.bigInt({ min: 10n, max: 10n ** 12n }),
  fc.constantFrom(1000n, 3000n, 10n ** 9n),
)

const cycleArb: fc.Arbitrary<CycleInput> = fc.record({
  portfolios: fc.array(
    fc.record({
      id: fc.integer({ min: 0, max: 24 }),
      trades: fc.array(
        fc.record({ pair: fc.integer({ min: 0, max: PAIRS.length - 1 }), amount: amountArb }),
        {
          maxLength: 4,
        },
      ),
    }),
    { minLength: 1, maxLength: 16 },
  ),
  withdraws: fc.array(
    fc.record({ pair: fc.integer({ min: 0, max: PAIRS.length - 1 }), id: fc.integer({ min: 0, max: 24 }) }),
    { maxLength: 3 },
  ),
  prices: fc.array(fc.bigInt({ min: 10n ** 14n, max: 10n ** 20n }), {
    minLength: PAIRS.length,
    maxLength: PAIRS.length,
  }),
  length: fc.integer({ min: 1, max: MAX_LEN }),
  bids: fc.array(
    fc.record({
      pair: fc.integer({ min: 0, max: PAIRS.length - 1 }),
      at: fc.integer({ min: 0, max: 1000 }),
      sent: fc.oneof(fc.bigInt({ min: 1n, max: 10_000n }), fc.bigInt({ min: 1n, max: 10n ** 13n })),
      halt: fc.integer({ min: 0, max: 30 }).map((n) => n === 0),
    }),
    { maxLength: 24 },
  ),
  limit: fc.integer({ min: 1, max: 9 }),
})

/** What the test itself tracks, per pair key. */
interface Tracker {
  deposited: Map<string, bigint>
  withdrawn: Map<string, bigint>
  refunded: Map<string, bigint>
  sold: Map<string, bigint>
  bidPaid: Map<string, bigint>
  paidSell: Map<string, bigint>
  paidBuy: Map<string, bigint>
  reports: AuctionReport[]
  /** Bids in the order placed, for the bidder bound. */
  bids: Array<{ price: Dec; sent: bigint; bought: bigint; refund: bigint; halted: boolean }>
}

const add = (m: Map<string, bigint>, k: string, v: bigint) => m.set(k, (m.get(k) ?? 0n) + v)
const get = (m: Map<string, bigint>, k: string) => m.get(k) ?? 0n
const key = (p: Pair) => `${p[0]}|${p[1]}`
const addr = (id: number) => `neutron1p${String(id).padStart(3, '0')}`

function newBook(settlement: Settlement, prices: { current: bigint[] }): AuctionBook {
  return new AuctionBook({
    defaults: {
      strategy: { startPriceBps: 2000, endPriceBps: 2000 },
      chainHalt: DEFAULT_CHAIN_HALT,
      freshness: DEFAULT_FRESHNESS,
      settlement,
    },
    minAmounts: MINS,
    server: 'neutron1server',
    oracle: new PriceOracle({
      external: (pair) => Dec.fromAtomics(prices.current[PAIRS.findIndex((p) => key(p) === key(pair))]!),
    }),
  })
}

function newTracker(): Tracker {
  return {
    deposited: new Map(),
    withdrawn: new Map(),
    refunded: new Map(),
    sold: new Map(),
    bidPaid: new Map(),
    paidSell: new Map(),
    paidBuy: new Map(),
    reports: [],
    bids: [],
  }
}

/** One cycle: fund, withdraw, price, open, bid, settle, clean. Returns the reports closed. */
function runCycle(
  book: AuctionBook,
  c: CycleInput,
  cycle: number,
  t: Tracker,
  prices: { current: bigint[] },
): AuctionReport[] {
  const h0 = 1_000 + cycle * CYCLE_BLOCKS
  let skew = cycle * 1_000_000 // chain-halt skews accumulate; keep time monotone
  const block = (h: number): BlockInfo => ({ height: h, time: T0 + h * 3 + skew, chainId: 't' })
  prices.current = c.prices
  book.fundCycle(
    c.portfolios.map((p) => ({
      portfolio: addr(p.id),
      trades: p.trades.map((x) => ({ pair: PAIRS[x.pair]!, amount: x.amount })),
    })),
    { ref: `cycle ${cycle}` },
  )
  for (const p of c.portfolios) for (const x of p.trades) add(t.deposited, key(PAIRS[x.pair]!), x.amount)
  for (const w of c.withdraws) {
    const pair = PAIRS[w.pair]!
    if (!book.has(pair) || book.get(pair).queuedOf(addr(w.id)) === 0n) continue
    add(t.withdrawn, key(pair), book.withdraw(pair, addr(w.id)))
  }
  for (const pair of book.pairs) book.updatePrice(pair, block(h0).time)
  for (const o of book.openAll({ endBlock: h0 + c.length, block: block(h0), sender: 'neutron1server' })) {
    if (o.kind === 'error') throw o.error
    if (o.kind === 'refund') for (const [, amount] of o.refunds) add(t.refunded, key(o.pair), amount)
  }
  for (const b of [...c.bids].sort((x, y) => x.at - y.at)) {
    const pair = PAIRS[b.pair]!
    if (!book.has(pair)) continue
    const a = book.get(pair)
    if (a.info?.status.kind !== 'started') continue
    if (b.halt) skew += 20_000
    const r = a.bid('neutron1mm', b.sent, block(h0 + Math.floor((b.at * c.length) / 1000)))
    add(t.sold, key(pair), r.bought)
    add(t.bidPaid, key(pair), b.sent - r.refund)
    t.bids.push({ price: r.price, sent: b.sent, bought: r.bought, refund: r.refund, halted: r.halted })
  }
  const reports = book.settleAll(block(h0 + c.length), c.limit)
  for (const r of reports) {
    add(t.paidSell, key(r.pair), r.paidOut[0])
    add(t.paidBuy, key(r.pair), r.paidOut[1])
    t.reports.push(r)
  }
  book.cleanAll()
  return reports
}

const sum = (xs: readonly bigint[]) => xs.reduce((a, b) => a + b, 0n)

/** The per-auction claims of issue #4 on one report. */
function checkReport(r: AuctionReport): void {
  assertReportBalanced(r)
  const n = BigInt(r.sellers.length)
  // Σ payouts + leftovers = lot and resolved, exactly.
  expect(r.sold + sum(r.payouts.map((p) => p.sell)) + r.leftovers[0]).toBe(r.lot)
  expect(sum(r.payouts.map((p) => p.buy)) + r.leftovers[1]).toBe(r.resolved)
  expect(r.leftovers[0] >= 0n && r.leftovers[1] >= 0n).toBe(true)
  for (const s of r.sellers) {
    if (r.sold === 0n) {
      // Nothing sold: deposits back, nothing of the buy denom.
      expect([s.sell, s.buy]).toEqual([s.amount, 0n])
      continue
    }
    const exactBuy = (s.amount * r.resolved) / r.lot
    const exactSell = (s.amount * r.unsold) / r.lot
    if (r.settlement === 'exact') {
      // Exactly its share rounded down: never less, never more.
      expect([s.sell, s.buy]).toEqual([exactSell, exactBuy])
    } else {
      // Its share (the chain's Dec share) rounded down at least; up by one only by the 0.9999 rule.
      const fair = Dec.fromInt(r.resolved).mul(s.share)
      expect(s.buy >= fair.floor() && s.buy <= fair.ceil()).toBe(true)
      expect(s.sell).toBe(s.share.mulFloor(r.unsold))
      // Against the exact rational share: never more than one unit above, and (for these sizes,
      // resolved × sellers < 10¹⁸) never below its floor minus one.
      expect(s.buy <= exactBuy + 1n && s.buy >= exactBuy - 1n).toBe(true)
    }
  }
  // Rounding dust is bounded: when nothing sold, the carry rolls on whole; otherwise each seller
  // leaves less than one unit (Dec share: one more in all), plus the part of the lot that belongs
  // to no seller (the carried-in sell c): leftover < n (+1) + amount × c / lot, for both denoms.
  if (r.sold === 0n) {
    expect(r.leftovers).toEqual(r.carriedIn)
  } else {
    const c = r.carriedIn[0]
    const slack = r.settlement === 'exact' ? n : n + 1n
    expect(r.leftovers[1] * r.lot < slack * r.lot + r.resolved * c).toBe(true)
    if (r.unsold === 0n) expect(r.leftovers[0]).toBe(0n)
    else expect(r.leftovers[0] * r.lot < slack * r.lot + r.unsold * c).toBe(true)
  }
}

/** The book-wide claims: every unit accounted for, dust carried to the next auction of its pair. */
function checkBook(book: AuctionBook, t: Tracker): void {
  book.assertBalanced()
  for (const l of book.ledger()) {
    const k = key(l.pair)
    expect([l.deposited, l.withdrawn, l.refunded, l.sold, l.bidPaid, l.paidOut[0], l.paidOut[1]]).toEqual([
      get(t.deposited, k),
      get(t.withdrawn, k),
      get(t.refunded, k),
      get(t.sold, k),
      get(t.bidPaid, k),
      get(t.paidSell, k),
      get(t.paidBuy, k),
    ])
    // Independent conservation: what came in = what went out + what is held (carried dust).
    expect(get(t.deposited, k)).toBe(
      get(t.withdrawn, k) + get(t.refunded, k) + l.queued + get(t.sold, k) + get(t.paidSell, k) + l.held[0],
    )
    expect(get(t.bidPaid, k)).toBe(get(t.paidBuy, k) + l.held[1])
    const reports = t.reports.filter((r) => key(r.pair) === k)
    for (let i = 1; i < reports.length; i++) expect(reports[i]!.carriedIn).toEqual(reports[i - 1]!.leftovers)
    if (reports.length > 0) expect(l.held).toEqual(reports.at(-1)!.leftovers)
  }
}

describe('properties of a book of auctions over many cycles (issue #4 "Proof")', () => {
  it('conservation, bidder and seller bounds, bounded dust carried to the next auction', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Settlement>('chain', 'exact'),
        fc.array(cycleArb, { minLength: 1, maxLength: 6 }),
        (settlement, cycles) => {
          const prices = { current: [] as bigint[] }
          const book = newBook(settlement, prices)
          const t = newTracker()
          for (const [i, c] of cycles.entries()) {
            for (const r of runCycle(book, c, i, t, prices)) checkReport(r)
            checkBook(book, t)
          }
          // No bidder pays more than price × bought rounded up, plus one unit on the last lot.
          for (const b of t.bids) {
            const paid = b.sent - b.refund
            expect(b.refund >= 0n && b.refund <= b.sent).toBe(true)
            expect(paid >= b.price.mulCeil(b.bought)).toBe(true)
            expect(paid <= b.price.mulCeil(b.bought) + 1n).toBe(true)
            if (b.halted) expect([b.bought, b.refund]).toEqual([0n, b.sent])
          }
        },
      ),
      { numRuns: 120 },
    )
  })

  it('batch size never changes a payout', () => {
    fc.assert(
      fc.property(cycleArb, fc.integer({ min: 1, max: 40 }), (c, limit) => {
        const run = (l: number) => {
          const prices = { current: [] as bigint[] }
          return runCycle(newBook('chain', prices), { ...c, limit: l }, 0, newTracker(), prices).map((r) => [
            r.payouts,
            r.leftovers,
          ])
        }
        expect(run(limit)).toEqual(run(c.limit))
      }),
      { numRuns: 60 },
    )
  })

  it('200 cycles of 40 portfolios: the dust stays bounded and nothing is lost', () => {
    // A fixed linear congruential sequence: deterministic, reproducible input.
    let seed = 12345n
    const next = (mod: bigint) => {
      seed = (seed * 6364136223846793005n + 1442695040888963407n) % 2n ** 64n
      return (seed >> 16n) % mod
    }
    for (const settlement of ['chain', 'exact'] as const) {
      const prices = { current: [] as bigint[] }
      const book = newBook(settlement, prices)
      const t = newTracker()
      let maxHeld = 0n
      for (let cycle = 0; cycle < 200; cycle++) {
        const c: CycleInput = {
          portfolios: Array.from({ length: 40 }, (_, id) => ({
            id: id % 25,
            trades: [{ pair: Number(next(BigInt(PAIRS.length))), amount: 10n + next(10n ** 9n) }],
          })),
          withdraws: [],
          prices: PAIRS.map(() => 10n ** 17n + next(10n ** 19n)),
          length: 1 + Number(next(2000n)),
          bids: Array.from({ length: 10 }, () => ({
            pair: Number(next(BigInt(PAIRS.length))),
            at: Number(next(1001n)),
            sent: 1n + next(10n ** 9n),
            halt: false,
          })),
          limit: 7,
        }
        for (const r of runCycle(book, c, cycle, t, prices)) checkReport(r)
        checkBook(book, t)
        for (const l of book.ledger()) {
          if (l.held[0] > maxHeld) maxHeld = l.held[0]
          if (l.held[1] > maxHeld) maxHeld = l.held[1]
        }
      }
      expect(t.reports.length).toBeGreaterThan(700)
      // Whatever the number of cycles, the dust a pair holds stays within two auctions' worth of
      // per-seller rounding (≤ 25 sellers each): it is paid out by later auctions, not accumulated.
      expect(maxHeld <= 50n).toBe(true)
    }
  })

  it('openAll reports a refused open (unauthorized, stale price) as a typed error and keeps the queue', () => {
    const prices = { current: PAIRS.map(() => 10n ** 18n) }
    const book = newBook('chain', prices)
    book.fundCycle([{ portfolio: addr(1), trades: [{ pair: PAIRS[0]!, amount: 1000n }] }])
    book.updatePrice(PAIRS[0]!, T0)
    const o = book.openAll({ endBlock: 5000, block: { height: 10, time: T0 + 4 * 86_400, chainId: 't' } })[0]!
    expect(o.kind === 'error' && isAuctionError(o.error, 'unauthorized')).toBe(true)
    const o2 = book.openAll({
      endBlock: 5000,
      block: { height: 10, time: T0 + 4 * 86_400, chainId: 't' },
      sender: 'neutron1server',
    })[0]!
    expect(o2.kind === 'error' && isAuctionError(o2.error, 'stale_price')).toBe(true)
    expect(book.get(PAIRS[0]!).queuedTotal).toBe(1000n)
  })
})
