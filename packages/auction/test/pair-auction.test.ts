import { dec } from '@rebalancer/types'
import { describe, expect, it } from 'vitest'
import { AuctionError, type AuctionErrorCode, type AuctionReport, PairAuction } from '../src/index.js'
import { blk, CONFIG, H0, T0 } from './helpers.js'

function code(f: () => unknown): AuctionErrorCode | undefined {
  try {
    f()
  } catch (e) {
    if (e instanceof AuctionError) return e.code
    throw e
  }
  return undefined
}

const oracle = { price: dec('1.5'), time: T0 }
const make = () => new PairAuction({ config: CONFIG, minAmount: { send: 5n, startAuction: 100n } })

function checkAccounting(r: AuctionReport): void {
  const sum = (xs: readonly bigint[]) => xs.reduce((a, b) => a + b, 0n)
  expect(r.lot).toBe(sum(r.deposits.map((d) => d[1])) + r.carriedIn[0])
  expect(r.lot).toBe(r.sold + r.unsold)
  expect(r.sold).toBe(sum(r.bids.map((b) => b.bought)))
  expect(r.unsold).toBe(sum(r.payouts.map((p) => p.sell)) + r.leftovers[0])
  expect(r.resolved).toBe(r.carriedIn[1] + sum(r.bids.map((b) => b.paid)))
  expect(r.resolved).toBe(sum(r.payouts.map((p) => p.buy)) + r.leftovers[1])
}

describe('PairAuction', () => {
  it('queues, withdraws and enforces min_send and pause', () => {
    const a = make()
    a.fund('neutron1b', 600n)
    a.fund('neutron1a', 300n)
    a.fund('neutron1a', 100n)
    expect([a.queuedOf('neutron1a'), a.queuedOf('neutron1b'), a.queuedTotal]).toEqual([400n, 600n, 1000n])
    expect(code(() => a.fund('x', 4n))).toBe('below_min_send')
    expect(() => a.fund('x', 4n)).toThrow(/at least min_send 5/)
    expect(a.withdraw('neutron1b')).toBe(600n)
    expect(code(() => a.withdraw('neutron1b'))).toBe('nothing_to_withdraw')
    a.pause()
    expect(code(() => a.fund('x', 10n))).toBe('paused')
    expect(code(() => a.open({ oracle, endBlock: H0 + 1000, block: blk(0) }))).toBe('paused')
    a.resume()
    expect(a.queuedTotal).toBe(400n)
  })

  it('before any open: no_auction', () => {
    const a = make()
    expect(code(() => a.bid('m', 10n, blk(1)))).toBe('no_auction')
    expect(code(() => a.finish(5, blk(1)))).toBe('no_auction')
    expect(code(() => a.priceAt(H0))).toBe('no_auction')
    expect(a.canFinish(H0)).toBe(false)
    expect(a.info).toBeNull()
  })

  it('refunds every deposit below min_start and stays closed', () => {
    const a = make()
    a.fund('neutron1b', 50n)
    a.fund('neutron1a', 40n)
    const r = a.open({ oracle, endBlock: H0 + 1000, block: blk(0) })
    expect(r).toEqual({
      kind: 'refund',
      refunds: [
        ['neutron1a', 40n],
        ['neutron1b', 50n],
      ],
    })
    expect([a.queuedTotal, a.info]).toEqual([0n, null])
  })

  it('a failing open changes nothing', () => {
    const a = make()
    a.fund('neutron1a', 1000n)
    const stale = { price: dec('1.5'), time: T0 - 4 * 86_400 }
    expect(code(() => a.open({ oracle: stale, endBlock: H0 + 1000, block: blk(0) }))).toBe('stale_price')
    expect([a.queuedTotal, a.info]).toEqual([1000n, null])
  })

  it('runs the public checks end to end with a full report', () => {
    const a = make()
    for (const s of ['neutron1c', 'neutron1a', 'neutron1b']) a.fund(s, 1000n)
    const o = a.open({ oracle, endBlock: H0 + 1000, block: blk(0) })
    expect(o.kind).toBe('opened')
    expect(a.currentDeposits.map((d) => d[0])).toEqual(['neutron1a', 'neutron1b', 'neutron1c'])
    expect(a.priceAt(H0 + 623).toString()).toBe('1.4262')
    expect(a.firstBlockAtOrBelow(dec('1.5'))).toBe(H0 + 500)
    // Funds sent now queue for the next auction.
    a.fund('neutron1z', 10n)
    expect(code(() => a.finish(5, blk(400)))).toBe('cannot_finish')
    const bid = a.bid('mm1', 4500n, blk(500))
    expect([bid.bought, bid.refund]).toEqual([3000n, 0n])
    const f1 = a.finish(2, blk(501))
    expect([f1.done, f1.report]).toEqual([false, null])
    const f2 = a.finish(2, blk(502))
    expect(f2.done).toBe(true)
    const r = f2.report!
    expect(r.payouts.map((p) => p.buy)).toEqual([1500n, 1500n, 1500n])
    expect([r.round, r.lot, r.sold, r.unsold, r.resolved]).toEqual([1, 3000n, 3000n, 0n, 4500n])
    expect(r.averagePrice?.toString()).toBe('1.5')
    expect(r.bids).toEqual([
      {
        bidder: 'mm1',
        height: H0 + 500,
        time: T0 + 1500,
        price: dec('1.5'),
        sent: 4500n,
        bought: 3000n,
        refund: 0n,
        paid: 4500n,
        halted: false,
      },
    ])
    expect(r.leftovers).toEqual([0n, 0n])
    expect(r.halted).toBe(false)
    checkAccounting(r)
    expect(a.reports).toEqual([r])
    expect(a.priceHistory).toEqual([{ price: dec('1.5'), time: T0 + 1506, volume: 3000n }])
    expect(a.queuedOf('neutron1z')).toBe(10n)
  })

  it('rolls leftovers across rounds and feeds the oracle from its history', () => {
    const a = make()
    let h = 0
    const prices: string[] = []
    for (let round = 1; round <= 3; round++) {
      a.fund('neutron1a', 1000n)
      a.fund('neutron1b', 2000n)
      const opened = a.open({ oracle, endBlock: H0 + h + 1000, block: blk(h) })
      if (opened.kind !== 'opened') throw new Error('expected opened')
      a.bid('mm', 100n, blk(h + 500))
      a.bid('mm', 777n, blk(h + 700))
      const f = a.finish(10, blk(h + 1000))
      checkAccounting(f.report!)
      prices.push(f.averagePrice!.toString())
      h += 1001
    }
    const [r1, r2, r3] = a.reports
    expect(r2!.carriedIn).toEqual(r1!.leftovers)
    expect(r3!.carriedIn).toEqual(r2!.leftovers)
    expect(r1!.leftovers[0]).toBeGreaterThan(0n)
    expect(r2!.lot).toBe(3000n + r1!.leftovers[0])
    expect(a.priceHistory.map((p) => p.price.toString())).toEqual(prices.reverse())
    const o = a.oraclePrice(T0 + h * 3)
    expect(o.source).toBe('auctions')
  })

  it('reports a chain halt and refuses bids while paused', () => {
    const a = make()
    a.fund('neutron1a', 1000n)
    a.open({ oracle, endBlock: H0 + 1000, block: blk(0) })
    a.pause()
    expect(code(() => a.bid('mm', 100n, blk(10)))).toBe('paused')
    a.resume()
    const r = a.bid('mm', 100n, blk(10, 20_000))
    expect([r.halted, r.refund]).toEqual([true, 100n])
    expect(a.canFinish(H0 + 11)).toBe(true)
    const f = a.finish(5, blk(11, 20_003))
    expect(f.report!.halted).toBe(true)
    expect(f.report!.payouts).toEqual([{ address: 'neutron1a', sell: 1000n, buy: 0n }])
    expect(f.averagePrice).toBeNull()
    expect(a.priceHistory).toEqual([])
    checkAccounting(f.report!)
  })
})
