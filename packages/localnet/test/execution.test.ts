/**
 * Oracle modes, containment, the live reserve and the price curve on our chain (corrections 11
 * and 12 of portfolio-computer.md): instantiated without them the contracts answer as deployed;
 * with them the oracle follows the reference, openings are contained, bids are bounded.
 */
import { Dec, decodeValenceEvents, eventsOf, OracleQueryResponses, VALENCE_ACTIONS } from '@rebalancer/types'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type ExampleDeploymentOptions, exampleDeployment } from '../src/index.js'

const T0 = Date.UTC(2024, 0, 1) / 1000
const M = 1_000_000n
const PAIR = ['uatom', 'untrn'] as const

/** A deployment whose price source says ATOM/NTRN is `market` (and NTRN/ATOM its inverse). */
function world(market: { value: string }, options: ExampleDeploymentOptions = {}) {
  const w = exampleDeployment({
    cycleStart: T0,
    priceSource: (pair) =>
      pair[0] === 'uatom' ? market.value : Dec.ONE.div(Dec.parse(market.value)).toString(),
    ...options,
  })
  const seller = w.net.makeAddress('seller')
  const bidder = w.net.makeAddress('bidder')
  w.net.mint(seller, [{ denom: 'uatom', amount: 1000n * M }])
  w.net.mint(bidder, [{ denom: 'untrn', amount: 100_000n * M }])
  return { ...w, seller, bidder, auction: w.d.auctions['uatom|untrn']! }
}

type World = ReturnType<typeof world>

/**
 * Queues `amount` ATOM, sets the oracle (an admin's `manualPrice`, else `update_price`) and opens
 * for 1000 blocks; returns the open's events.
 */
function open(
  w: Pick<World, 'net' | 'd' | 'admin' | 'keeper' | 'seller'>,
  manualPrice?: string,
  amount = 100n * M,
) {
  if (manualPrice !== undefined)
    w.net.execute(w.admin, w.d.oracle, { manual_price_update: { pair: [...PAIR], price: manualPrice } })
  w.net.execute(w.seller, w.d.auctionsManager, { auction_funds: { pair: [...PAIR] } }, [
    { denom: 'uatom', amount: amount.toString() },
  ])
  if (manualPrice === undefined) w.net.execute(w.keeper, w.d.oracle, { update_price: { pair: [...PAIR] } })
  const res = w.net.execute(w.keeper, w.d.auctionsManager, {
    server: {
      open_auction: { pair: [...PAIR], params: { start_block: null, end_block: w.net.height + 1000 } },
    },
  })
  return decodeValenceEvents(res.events)
}

/**
 * Closes one auction per price, each fully bought at that price; lot `i` is `lots[i]` ATOM
 * (default 10 each).
 */
function history(
  w: World,
  prices: readonly string[],
  market: { value: string },
  lots: readonly bigint[] = [],
) {
  for (const [i, p] of prices.entries()) {
    market.value = '1.5'
    open(w, '1.5', (lots[i] ?? 10n) * M)
    // bid at the first block whose price is at or below p
    while (Dec.parse(w.net.query<{ price: string }>(w.auction, 'get_price').price).gt(Dec.parse(p)))
      w.net.advanceBlocks(1)
    w.net.execute(w.bidder, w.auction, { bid: {} }, [{ denom: 'untrn', amount: (1000n * M).toString() }])
    w.net.advanceBlocks(1000)
    w.net.execute(w.keeper, w.d.auctionsManager, { finish_auction: { pair: [...PAIR], limit: 10 } })
    w.net.advanceTime(3 * 86_400) // past the manual window for the next price
  }
}

describe('oracle modes on the localnet (correction 11)', () => {
  it('without a mode the oracle answers get_config exactly as deployed', () => {
    const w = world({ value: '1.5' })
    const cfg = w.net.query(w.d.oracle, 'get_config')
    expect(Object.keys(cfg as object).sort()).toEqual([
      'auction_manager_addr',
      'seconds_allow_manual_change',
      'seconds_auction_prices_fresh',
    ])
  })

  it('with a mode it shows it, validated by the answer schema, and refuses a band without anchored', () => {
    const w = world({ value: '1.5' }, { oracle: { mode: 'anchored', anchorBandBps: 300 } })
    const cfg = w.net.query(w.d.oracle, 'get_config')
    expect(OracleQueryResponses.get_config.parse(cfg)).toMatchObject({
      mode: 'anchored',
      anchor_band_bps: 300,
    })
    expect(() => world({ value: '1.5' }, { oracle: { mode: 'mean', anchorBandBps: 300 } })).toThrow(
      /anchor_band_bps: only the anchored mode has a band \(mode is mean\)/,
    )
  })

  it('external follows the reference; mean stays on the auction prices', () => {
    for (const mode of ['external', 'mean'] as const) {
      const market = { value: '1.5' }
      const w = world(market, { oracle: { mode } })
      history(w, ['1.5', '1.5', '1.5'], market)
      market.value = '2'
      const events = decodeValenceEvents(
        w.net.execute(w.keeper, w.d.oracle, { update_price: { pair: [...PAIR] } }).events,
      )
      const [update] = eventsOf(events, VALENCE_ACTIONS.oracleUpdatePrice)
      expect(update!.data.price).toBe(mode === 'external' ? '2' : '1.5')
      expect(update!.data.source).toBe(mode === 'external' ? 'external' : 'auctions')
    }
  })

  it('volume_weighted works: the auctions store what they sold', () => {
    const market = { value: '1.5' }
    const w = world(market, { oracle: { mode: 'volume_weighted' } })
    history(w, ['1.5', '1.4', '1.6'], market, [10n, 30n, 20n])
    const points = w.net.query<{ price: string; volume: string }[]>(w.auction, 'get_price_history')
    expect(points).toHaveLength(3)
    // newest first: the lots of 20, 30 and 10 ATOM
    expect(points.map((p) => BigInt(p.volume))).toEqual([20n * M, 30n * M, 10n * M])
    w.net.execute(w.keeper, w.d.oracle, { update_price: { pair: [...PAIR] } })
    // ⌊Σ price × volume / Σ volume⌋ in atomics, not the plain mean
    const weighted = points.reduce((s, p) => s + Dec.parse(p.price).atomics * BigInt(p.volume), 0n)
    const volume = points.reduce((s, p) => s + BigInt(p.volume), 0n)
    const price = w.net.query<{ price: string }>(w.d.oracle, { get_price: { pair: [...PAIR] } }).price
    expect(price).toBe(Dec.fromAtomics(weighted / volume).toString())
    const mean = points.reduce((s, p) => s.add(Dec.parse(p.price)), Dec.ZERO).div(Dec.fromInt(3))
    expect(price).not.toBe(mean.toString())
  })
})

describe('containment on the localnet (correction 12)', () => {
  const lagging = () => {
    // the oracle says 1.5 (a manual price), the market is at 2: start 1.8 < 2 × 1.05
    const market = { value: '2' }
    return { market }
  }

  it('re-anchors an opening whose start is below the floor, and says so', () => {
    const { market } = lagging()
    const w = world(market, { containment: { minPremiumBps: 500, action: 're_anchor' } })
    const events = open(w, '1.5')
    const [c] = eventsOf(events, VALENCE_ACTIONS.auctionContainment)
    expect(c!.data).toMatchObject({
      verdict: 're_anchored',
      breach: 'start_below_floor',
      oracle_start_price: '1.8',
      start_price: '2.4',
      reference: '2',
      floor: '2.1',
    })
    expect(w.net.query(w.auction, 'get_auction')).toMatchObject({ start_price: '2.4', end_price: '1.6' })
  })

  it('refuses it with action refuse: the auction stays closed and the queue waits', () => {
    const { market } = lagging()
    const w = world(market, { containment: { minPremiumBps: 500, action: 'refuse' } })
    const events = open(w, '1.5')
    expect(eventsOf(events, VALENCE_ACTIONS.auctionContainment)[0]!.data).toMatchObject({
      verdict: 'refused',
      breach: 'start_below_floor',
      start_price: null,
    })
    expect(eventsOf(events, VALENCE_ACTIONS.auctionOpen)).toHaveLength(0)
    expect(w.net.query(w.auction, 'get_auction')).toMatchObject({ status: 'auction_closed' })
    expect(w.net.query(w.auction, { get_funds_amount: { addr: w.seller } })).toEqual({
      curr: '0',
      next: (100n * M).toString(),
    })
  })

  it('re-anchors an opening whose end is above the market (its range would not contain it)', () => {
    const market = { value: '1' }
    const w = world(market, { containment: { minPremiumBps: 500, action: 're_anchor' } })
    expect(eventsOf(open(w, '1.5'), VALENCE_ACTIONS.auctionContainment)[0]!.data).toMatchObject({
      verdict: 're_anchored',
      breach: 'end_above_reference',
      start_price: '1.2',
    })
    expect(w.net.query(w.auction, 'get_auction')).toMatchObject({ end_price: '0.8' })
  })

  it('the live reserve: no bid pays less than the reference × (1 − max_discount), whatever the market does', () => {
    fc.assert(
      fc.property(fc.integer({ min: 50, max: 400 }), fc.integer({ min: 1, max: 999 }), (marketCents, at) => {
        const market = { value: '1.5' }
        const w = world(market, {
          containment: { minPremiumBps: 0, action: 're_anchor', maxDiscountBps: 100 },
        })
        const events = open(w)
        expect(eventsOf(events, VALENCE_ACTIONS.auctionOpen)).toHaveLength(1)
        w.net.advanceBlocks(at)
        market.value = (marketCents / 100).toString()
        const reserve = Dec.parse(market.value).mul(Dec.fromRatio(9_900n, 10_000n))
        const quoted = Dec.parse(w.net.query<{ price: string }>(w.auction, 'get_price').price)
        const res = w.net.execute(w.bidder, w.auction, { bid: {} }, [
          { denom: 'untrn', amount: (10n * M).toString() },
        ])
        const [bid] = eventsOf(decodeValenceEvents(res.events), VALENCE_ACTIONS.auctionDoBid)
        const paid = Dec.parse(bid!.data.price)
        expect(paid.gte(reserve)).toBe(true)
        expect(paid.eq(quoted)).toBe(true)
      }),
      { numRuns: 25 },
    )
  })

  it('with containment and no reference price, nothing opens (never blind)', () => {
    const w = exampleDeployment({ cycleStart: T0, containment: { minPremiumBps: 0, action: 're_anchor' } })
    const seller = w.net.makeAddress('seller')
    w.net.mint(seller, [{ denom: 'uatom', amount: 100n * M }])
    expect(
      eventsOf(open({ ...w, seller }, '1.5'), VALENCE_ACTIONS.auctionContainment)[0]!.data,
    ).toMatchObject({
      verdict: 'no_reference',
      breach: null,
      reference: null,
    })
  })
})

describe('the two-phase curve on the localnet (correction 12)', () => {
  it('drops geometrically to the knee, then linearly, and the bid pays the curve', () => {
    const market = { value: '1.5' }
    const w = world(market, { priceCurve: { two_phase: { drop_blocks_bps: 1000, knee_bps: 5000 } } })
    open(w)
    const info = w.net.query<{ start_price: string; end_price: string; start_block: number }>(
      w.auction,
      'get_auction',
    )
    // 100 of 1000 blocks in: the knee, halfway between start 1.8 and end 1.2
    w.net.advanceBlocks(info.start_block + 100 - w.net.height)
    expect(w.net.query<{ price: string }>(w.auction, 'get_price').price).toBe('1.5')
    w.net.advanceBlocks(450)
    expect(Dec.parse(w.net.query<{ price: string }>(w.auction, 'get_price').price).toNumber()).toBeCloseTo(
      1.35,
      12,
    )
  })
})
