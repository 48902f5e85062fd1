import { type BlockInfo, dec, type Pair } from '@rebalancer/types'
import { describe, expect, it } from 'vitest'
import {
  AuctionBook,
  type AuctionConfig,
  assertLedgerBalanced,
  assertReportBalanced,
  DEFAULT_CHAIN_HALT,
  DEFAULT_FRESHNESS,
  PriceOracle,
} from '../src/index.js'

const H0 = 10_000
const T0 = 1_700_000_000
const blk = (dh: number, dt = dh * 3): BlockInfo => ({ height: H0 + dh, time: T0 + dt, chainId: 't' })
const SERVER = 'neutron1server'
const ATOM_NTRN: Pair = ['uatom', 'untrn']
const NTRN_ATOM: Pair = ['untrn', 'uatom']
const OSMO_NTRN: Pair = ['uosmo', 'untrn']
const DEFAULTS: Omit<AuctionConfig, 'pair'> = {
  strategy: { startPriceBps: 2000, endPriceBps: 2000 },
  chainHalt: DEFAULT_CHAIN_HALT,
  freshness: DEFAULT_FRESHNESS,
}
const MINS = {
  uatom: { send: 10n, startAuction: 100n },
  untrn: { send: 10n, startAuction: 100n },
  uosmo: { send: 10n, startAuction: 100n },
}
const MARKET: Record<string, string> = { 'uatom|untrn': '1.5', 'untrn|uatom': '0.6', 'uosmo|untrn': '0.25' }

function makeBook(settlement?: 'chain' | 'exact'): AuctionBook {
  return new AuctionBook({
    defaults: { ...DEFAULTS, ...(settlement ? { settlement } : {}) },
    minAmounts: MINS,
    server: SERVER,
    oracle: new PriceOracle({
      external: (p) => (MARKET[p.join('|')] ? dec(MARKET[p.join('|')]!) : undefined),
    }),
  })
}

describe('AuctionBook: many auctions fed by many portfolios', () => {
  it('queues one cycle of P portfolios per ordered pair, recording every deposit', () => {
    const book = makeBook()
    const records = book.fundCycle(
      [
        {
          portfolio: 'neutron1c',
          trades: [
            { pair: ATOM_NTRN, amount: 1000n },
            { pair: OSMO_NTRN, amount: 400n },
          ],
        },
        { portfolio: 'neutron1a', trades: [{ pair: ATOM_NTRN, amount: 1000n }] },
        {
          portfolio: 'neutron1b',
          trades: [
            { pair: ATOM_NTRN, amount: 600n },
            { pair: ATOM_NTRN, amount: 400n },
            { pair: NTRN_ATOM, amount: 50n },
          ],
        },
        { portfolio: 'neutron1d', trades: [] },
      ],
      { ref: 'cycle 1' },
    )
    expect(records.map((r) => [r.pair.join('/'), r.address, r.amount, r.ref])).toEqual([
      ['uatom/untrn', 'neutron1c', 1000n, 'cycle 1'],
      ['uosmo/untrn', 'neutron1c', 400n, 'cycle 1'],
      ['uatom/untrn', 'neutron1a', 1000n, 'cycle 1'],
      ['uatom/untrn', 'neutron1b', 600n, 'cycle 1'],
      ['uatom/untrn', 'neutron1b', 400n, 'cycle 1'],
      ['untrn/uatom', 'neutron1b', 50n, 'cycle 1'],
    ])
    // (a, b) and (b, a) are two auctions; pairs sorted by key.
    expect(book.pairs).toEqual([ATOM_NTRN, NTRN_ATOM, OSMO_NTRN])
    expect(book.get(ATOM_NTRN).queuedTotal).toBe(3000n)
    expect(book.get(ATOM_NTRN).queuedOf('neutron1b')).toBe(1000n)
    expect(book.queuedDeposits('neutron1b').map((r) => r.amount)).toEqual([600n, 400n, 50n])
    expect(
      book
        .get(ATOM_NTRN)
        .queuedDeposits('neutron1b')
        .map((r) => r.id),
    ).toEqual([3, 4])
    // Deposit ids are per pair, in funding order.
    expect(
      book
        .get(ATOM_NTRN)
        .queuedDeposits()
        .map((r) => [r.id, r.address]),
    ).toEqual([
      [1, 'neutron1c'],
      [2, 'neutron1a'],
      [3, 'neutron1b'],
      [4, 'neutron1b'],
    ])
    book.assertBalanced()
  })

  it('runs a cycle end to end: prices, open, bids, settle, reports traceable to deposits', () => {
    const book = makeBook()
    book.fundCycle(
      [
        { portfolio: 'neutron1c', trades: [{ pair: ATOM_NTRN, amount: 1000n }] },
        { portfolio: 'neutron1a', trades: [{ pair: ATOM_NTRN, amount: 1000n }] },
        {
          portfolio: 'neutron1b',
          trades: [
            { pair: ATOM_NTRN, amount: 600n },
            { pair: ATOM_NTRN, amount: 400n },
            { pair: OSMO_NTRN, amount: 50n },
          ],
        },
      ],
      { ref: 'cycle 1' },
    )
    for (const p of book.pairs) expect(book.updatePrice(p, T0).source).toBe('external')
    expect(() => book.openAll({ endBlock: H0 + 1000, block: blk(0), sender: 'neutron1x' })).not.toThrow()
    expect(book.get(ATOM_NTRN).info).toBeNull() // refused: not the server
    const opened = book.openAll({ endBlock: H0 + 1000, block: blk(0), sender: SERVER })
    expect(opened.map((o) => [o.pair.join('/'), o.kind])).toEqual([
      ['uatom/untrn', 'opened'],
      ['uosmo/untrn', 'refund'], // 50 < min_start 100
    ])
    const refund = opened[1]!
    expect(refund.kind === 'refund' && refund.refunds).toEqual([['neutron1b', 50n]])

    // Public check: three sellers of 1000 and one full bid of 4500 → each paid 1500.
    expect(
      book
        .curve(ATOM_NTRN)
        .priceAt(H0 + 500)
        .toString(),
    ).toBe('1.5')
    expect(book.curve(ATOM_NTRN).firstBlockAtOrBelow(dec('1.5'))).toBe(H0 + 500)
    const bid = book.bid(ATOM_NTRN, 'mm1', 4500n, blk(500))
    expect([bid.bought, bid.refund]).toEqual([3000n, 0n])
    const reports = book.settleAll(blk(501), 2)
    expect(reports.length).toBe(1)
    const r = reports[0]!
    assertReportBalanced(r)
    expect(r.pair).toEqual(ATOM_NTRN)
    expect(r.sellers.map((s) => [s.address, s.amount, s.share.toString(), s.sell, s.buy])).toEqual([
      ['neutron1a', 1000n, '0.333333333333333333', 0n, 1500n],
      ['neutron1b', 1000n, '0.333333333333333333', 0n, 1500n],
      ['neutron1c', 1000n, '0.333333333333333333', 0n, 1500n],
    ])
    // neutron1b's 1000 is traceable to its two deposits of the cycle.
    expect(r.sellers[1]!.deposits.map((d) => [d.id, d.amount, d.ref])).toEqual([
      [3, 600n, 'cycle 1'],
      [4, 400n, 'cycle 1'],
    ])
    expect([r.lot, r.sold, r.unsold, r.resolved, r.paidOut, r.leftovers]).toEqual([
      3000n,
      3000n,
      0n,
      4500n,
      [0n, 4500n],
      [0n, 0n],
    ])
    expect([r.averagePrice?.toString(), r.executionPrice?.toString()]).toEqual(['1.5', '1.5'])
    expect(r.bids.map((b) => [b.bidder, b.height, b.price.toString(), b.bought, b.paid])).toEqual([
      ['mm1', H0 + 500, '1.5', 3000n, 4500n],
    ])
    expect(r.openedAt).toEqual(blk(0))
    expect(r.settlement).toBe('chain')

    const st = book.statement('neutron1b')
    expect(st.map((s) => [s.pair.join('/'), s.round, s.line.amount, s.line.buy])).toEqual([
      ['uatom/untrn', 1, 1000n, 1500n],
    ])
    expect(book.statement('nobody')).toEqual([])
    expect(book.reports()).toEqual([r])
    expect(book.reports(ATOM_NTRN)).toEqual([r])
    expect(book.cleanAll()).toBe(3)
    expect(book.get(ATOM_NTRN).currentDeposits).toEqual([])
    book.assertBalanced()
  })

  it('openAll reports a pair that cannot open and still opens the others', () => {
    const book = makeBook()
    book.fundCycle([
      {
        portfolio: 'neutron1a',
        trades: [
          { pair: ATOM_NTRN, amount: 1000n },
          { pair: NTRN_ATOM, amount: 1000n },
        ],
      },
    ])
    book.updatePrice(ATOM_NTRN, T0)
    book.get(NTRN_ATOM).pause()
    const out = book.openAll({ endBlock: H0 + 1000, block: blk(0), sender: SERVER })
    expect(out.map((o) => [o.pair.join('/'), o.kind, o.kind === 'error' ? o.error.code : null])).toEqual([
      ['uatom/untrn', 'opened', null],
      ['untrn/uatom', 'error', 'paused'],
    ])
    book.get(NTRN_ATOM).resume()
    const again = book.openAll({ endBlock: H0 + 1000, block: blk(1), sender: SERVER })
    expect(again.map((o) => [o.pair.join('/'), o.kind, o.kind === 'error' ? o.error.code : null])).toEqual([
      ['untrn/uatom', 'error', 'no_price'],
    ])
    expect(book.get(NTRN_ATOM).queuedTotal).toBe(1000n)
  })

  it('rolls leftovers into the next auction of the same pair across cycles', () => {
    const book = makeBook()
    const lots: bigint[] = []
    for (let c = 0; c < 4; c++) {
      const h = c * 1001
      book.fundCycle(
        [
          { portfolio: 'neutron1a', trades: [{ pair: ATOM_NTRN, amount: 1000n }] },
          { portfolio: 'neutron1b', trades: [{ pair: ATOM_NTRN, amount: 2000n }] },
          { portfolio: 'neutron1c', trades: [{ pair: ATOM_NTRN, amount: 333n }] },
        ],
        { ref: `cycle ${c}` },
      )
      book.updatePrice(ATOM_NTRN, T0 + h * 3)
      book.openAll({ endBlock: H0 + h + 1000, block: blk(h), sender: SERVER })
      book.bid(ATOM_NTRN, 'mm', 1001n, blk(h + 600))
      const [r] = book.settleAll(blk(h + 1000))
      assertReportBalanced(r!)
      lots.push(r!.lot)
      book.assertBalanced()
    }
    const rs = book.reports(ATOM_NTRN)
    for (let i = 1; i < rs.length; i++) {
      expect(rs[i]!.carriedIn).toEqual(rs[i - 1]!.leftovers)
      expect(rs[i]!.lot).toBe(3333n + rs[i - 1]!.leftovers[0])
    }
    expect(rs.some((r) => r.leftovers[0] > 0n || r.leftovers[1] > 0n)).toBe(true)
    // The carried-in buy is part of `resolved` (the chain's average price) but not of what bidders paid.
    const withCarry = rs.find((r) => r.carriedIn[1] > 0n)
    if (withCarry) expect(withCarry.averagePrice!.gt(withCarry.executionPrice!)).toBe(true)
    const l = book.ledger()[0]!
    assertLedgerBalanced(l)
    expect(l.deposited).toBe(4n * 3333n)
    expect(l.held).toEqual(rs.at(-1)!.leftovers)
    expect(book.statement('neutron1c').map((s) => s.round)).toEqual([1, 2, 3, 4])
  })

  it('the exact settlement pays ⌊deposit × resolved / lot⌋ where the chain rounds up', () => {
    const run = (settlement: 'chain' | 'exact') => {
      const book = makeBook(settlement)
      book.fundCycle(
        ['neutron1a', 'neutron1b', 'neutron1c'].map((portfolio) => ({
          portfolio,
          trades: [{ pair: ATOM_NTRN, amount: 1000n }],
        })),
      )
      book.open(ATOM_NTRN, {
        endBlock: H0 + 1000,
        block: blk(0),
        sender: SERVER,
        oracle: { price: dec('1.5'), time: T0 },
      })
      book.bid(ATOM_NTRN, 'mm', 100n, blk(500))
      return book.settleAll(blk(1000))[0]!
    }
    const chain = run('chain')
    const exact = run('exact')
    // resolved 99 over 3 equal sellers: 32.99999999999999997 → 33 on the chain, exactly 33 too.
    expect(chain.payouts.map((p) => p.buy)).toEqual([33n, 33n, 33n])
    expect(exact.payouts.map((p) => p.buy)).toEqual([33n, 33n, 33n])
    expect(exact.settlement).toBe('exact')
    // ⌊2934 / 3⌋ = 978 each, exactly; the chain's truncated share gives 977.
    expect(chain.payouts.map((p) => p.sell)).toEqual([977n, 977n, 977n])
    expect(exact.payouts.map((p) => p.sell)).toEqual([978n, 978n, 978n])
    expect([chain.leftovers, exact.leftovers]).toEqual([
      [3n, 0n],
      [0n, 0n],
    ])
  })

  it('uses a full config for addPair and rejects unknown pairs without defaults', () => {
    const book = new AuctionBook({ minAmounts: MINS })
    book.addPair(
      { ...DEFAULTS, pair: ATOM_NTRN, curve: { kind: 'stepwise', bucketBlocks: 10 } },
      { paused: true },
    )
    expect(book.get(ATOM_NTRN).paused).toBe(true)
    expect(book.has(ATOM_NTRN)).toBe(true)
    expect(book.has(NTRN_ATOM)).toBe(false)
    expect(() => book.addPair(NTRN_ATOM)).toThrow(/needs a full configuration: the book has no defaults/)
    expect(
      () =>
        new AuctionBook({
          minAmounts: MINS,
          defaults: { ...DEFAULTS, strategy: { startPriceBps: 0, endPriceBps: 1 } },
        }),
    ).toThrow(/start_price_perc 0/)
  })
})
