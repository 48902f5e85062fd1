/**
 * Issue #11, "Containment" on the deployed contracts: the keeper's pre-open check in
 * `RebalancerClient.tick`, on the localnet's deployed-mode contracts. The decision must be the one
 * `containOpening` gives for the start price the chain itself computes (`auctionPrices` of the
 * manager's `get_price`, the auction's `get_strategy` and `get_config`).
 */
import { auctionPrices, containOpening } from '@rebalancer/auction'
import { EXAMPLE_PRICES, exampleWorld } from '@rebalancer/localnet/testing'
import { Dec, type Pair, type PriceReference, timestampToSeconds } from '@rebalancer/types'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  auctionQueries,
  auctionsManagerQueries,
  type OpeningContainment,
  RebalancerClient,
  runQuery,
  type TickEvent,
} from '../src/index.js'

const T0 = Date.UTC(2024, 0, 1) / 1000
const PAIR: Pair = ['uatom', 'untrn']

function setup(options: { initialPrices?: typeof EXAMPLE_PRICES } = {}) {
  const { net, d, keeper } = exampleWorld({ cycleStart: T0, ...options })
  net.advanceTime(T0 - net.time)
  const rc = new RebalancerClient(
    net.client(keeper),
    { rebalancer: d.rebalancer, auctionsManager: d.auctionsManager, oracle: d.oracle },
    keeper,
  )
  return { net, d, rc, auction: d.auctions['uatom|untrn']! }
}

/** A fake live reference: `answer(pair)` (a function so a test can throw); records each call. */
function fakeReference(answer: (pair: Pair) => Dec | undefined) {
  const calls: { pair: Pair; time: number }[] = []
  const reference: PriceReference = {
    name: 'fake-market',
    price: async (pair, time) => {
      calls.push({ pair, time })
      return answer(pair)
    },
  }
  return { reference, calls }
}

/** What the chain would open `PAIR` with at `now`, from the queried values (the test's oracle). */
async function chainOpening(rc: RebalancerClient, auction: string, now: number) {
  const oracle = await runQuery(rc.chain, auctionsManagerQueries.getPrice(rc.addresses.auctionsManager, PAIR))
  const s = await runQuery(rc.chain, auctionQueries.getStrategy(auction))
  const f = (await runQuery(rc.chain, auctionQueries.getConfig(auction))).price_freshness_strategy
  const strategy = { startPriceBps: s.start_price_perc, endPriceBps: s.end_price_perc }
  const prices = auctionPrices(
    { price: Dec.parse(oracle.price), time: timestampToSeconds(oracle.time) },
    now,
    strategy,
    {
      limitDays: Dec.parse(f.limit),
      multipliers: f.multipliers.map(([a, b]) => [Dec.parse(a), Dec.parse(b)]),
    },
  )
  return { prices, strategy, oracle: Dec.parse(oracle.price) }
}

async function tickWith(rc: RebalancerClient, containment?: OpeningContainment) {
  const events: TickEvent[] = []
  const summary = await rc.tick({
    durationBlocks: 100,
    onEvent: (e) => events.push(e),
    ...(containment ? { containment } : {}),
  })
  return { summary, events, skipped: events.filter((e) => e.type === 'opening_skipped') }
}

describe('the keeper pre-open containment check (RebalancerClient.tick)', () => {
  it('skips an opening when the market is well above the oracle, with the numbers containOpening gives', async () => {
    const { net, rc, auction } = setup()
    // the oracle says 1.5 untrn per uatom: the chain would start at 1.5 × 1.2 = 1.8; the market is at 2.0
    const { reference, calls } = fakeReference(() => Dec.parse('2'))
    const { summary, skipped } = await tickWith(rc, { reference, minPremiumBps: 100 })
    expect(summary).toMatchObject({ due: true, opened: 0, skipped: 1, accounts: 1 })
    expect(calls).toEqual([{ pair: PAIR, time: net.time }])
    const { prices, strategy } = await chainOpening(rc, auction, calls[0]!.time)
    const verdict = containOpening(prices, strategy, {
      reference: Dec.parse('2'),
      minPremiumBps: 100,
      action: 'refuse',
    })
    expect(verdict.kind).toBe('refused')
    expect(skipped).toEqual([
      {
        type: 'opening_skipped',
        step: 'open_auction',
        pair: PAIR,
        reason: 'start_below_floor',
        startPrice: prices.startPrice,
        floor: verdict.floor,
        reference: Dec.parse('2'),
        referenceName: 'fake-market',
      },
    ])
    expect(prices.startPrice.toString()).toBe('1.8')
    expect(verdict.floor.toString()).toBe('2.02')
    // nothing was opened: the auction holds the deposit and stays closed
    const a = await runQuery(rc.chain, auctionQueries.getAuction(auction))
    expect(a.status).toBe('auction_closed')
    expect(net.balance(auction, 'uatom')).toBeGreaterThan(0n)
  })

  it('opens when the start price is at or above the floor, at the start price it checked', async () => {
    const { rc, auction, net } = setup()
    // floor = 1.782 × 1.01 = 1.79982 ≤ 1.8: within
    const { reference, calls } = fakeReference(() => Dec.parse('1.782'))
    const { summary, skipped, events } = await tickWith(rc, { reference, minPremiumBps: 100 })
    expect(summary).toMatchObject({ due: true, opened: 1, skipped: 0 })
    expect(skipped).toEqual([])
    const { prices, strategy } = await chainOpening(rc, auction, calls[0]!.time)
    expect(
      containOpening(prices, strategy, {
        reference: Dec.parse('1.782'),
        minPremiumBps: 100,
        action: 'refuse',
      }).kind,
    ).toBe('within')
    const open = events.find((e) => e.type === 'valence_event' && e.event.action === 'auction-open')
    expect(open).toBeDefined()
    const a = await runQuery(rc.chain, auctionQueries.getAuction(auction))
    expect(a.status).toBe('started')
    expect(Dec.parse(a.start_price).eq(prices.startPrice)).toBe(true)
    expect(calls).toEqual([{ pair: PAIR, time: net.time }])
  })

  it('a start price exactly at the floor opens; one atomic above the floor-making reference is skipped', async () => {
    // reference × 1.2 = 1.8 exactly with a 2000 bps premium: start ≥ floor
    for (const [ref, opened] of [
      ['1.5', 1],
      ['1.500000000000000001', 0],
    ] as const) {
      const { rc } = setup()
      const { reference } = fakeReference(() => Dec.parse(ref))
      const { summary } = await tickWith(rc, { reference, minPremiumBps: 2000 })
      expect(summary).toMatchObject({ opened, skipped: 1 - opened })
    }
  })

  it('skips when the reference has no price, or fails, with the error text', async () => {
    const none = setup()
    const { reference } = fakeReference(() => undefined)
    const a = await tickWith(none.rc, { reference, minPremiumBps: 0 })
    expect(a.summary).toMatchObject({ opened: 0, skipped: 1 })
    expect(a.skipped).toEqual([
      expect.objectContaining({
        pair: PAIR,
        reason: 'no_reference',
        startPrice: Dec.parse('1.8'),
        error: 'fake-market has no price for [uatom, untrn]',
      }),
    ])
    expect(a.skipped[0]).not.toHaveProperty('floor')

    const failing = setup()
    const broken = fakeReference(() => {
      throw new Error('connect x/oracle: RPC unreachable')
    })
    const b = await tickWith(failing.rc, { reference: broken.reference, minPremiumBps: 0 })
    expect(b.summary).toMatchObject({ opened: 0, skipped: 1 })
    expect(b.skipped).toEqual([
      expect.objectContaining({ reason: 'no_reference', error: 'connect x/oracle: RPC unreachable' }),
    ])
    const auction = await runQuery(failing.rc.chain, auctionQueries.getAuction(failing.auction))
    expect(auction.status).toBe('auction_closed')
  })

  it('without containment, opens as before (no reference asked, skipped 0)', async () => {
    const { rc, auction } = setup()
    const { summary, skipped } = await tickWith(rc)
    expect(summary).toMatchObject({ due: true, opened: 1, skipped: 0 })
    expect(skipped).toEqual([])
    expect((await runQuery(rc.chain, auctionQueries.getAuction(auction))).status).toBe('started')
  })

  it('a bad premium is refused before anything is sent', async () => {
    const { rc, net } = setup()
    const before = net.snapshot()
    const { reference } = fakeReference(() => Dec.ONE)
    for (const minPremiumBps of [-1, 1.5, Number.NaN])
      await expect(
        rc.tick({ durationBlocks: 100, containment: { reference, minPremiumBps } }),
      ).rejects.toThrow(/containment minPremiumBps .* is invalid: it must be a whole number of bps ≥ 0/)
    expect(net.snapshot().map).toEqual(before.map)
  })

  it('a dry run (planTick) reports the refused opening and plans no open_auction for it', async () => {
    const { rc, net } = setup()
    // run the cycle without opening: the deposits wait in the closed auction
    const { reference } = fakeReference(() => Dec.parse('2'))
    await tickWith(rc, { reference, minPremiumBps: 100 })
    net.advanceBlocks(1)
    const before = net.snapshot()
    const skipping = await rc.planTick(100, { containment: { reference, minPremiumBps: 100 } })
    expect(skipping.steps.map((s) => s.step)).not.toContain('open_auction')
    expect(skipping.skipped).toEqual([
      expect.objectContaining({ pair: PAIR, reason: 'start_below_floor', startPrice: Dec.parse('1.8') }),
    ])
    const open = await rc.planTick(100)
    expect(open.steps.filter((s) => s.step === 'open_auction').map((s) => s.pair)).toEqual([PAIR])
    expect(open.skipped).toEqual([])
    expect(await rc.plan(100, 50, { reference, minPremiumBps: 100 })).toEqual(skipping.steps)
    expect(net.snapshot().map).toEqual(before.map)
  })

  it('property: the tick opens exactly when containOpening says within for the chain start price', async () => {
    await fc.assert(
      fc.asyncProperty(
        // market prices around the 1.8 start price, in atomics of 10^-6
        fc.integer({ min: 1_000_000, max: 2_500_000 }),
        fc.integer({ min: 0, max: 3_000 }),
        async (micro, minPremiumBps) => {
          const { rc, auction } = setup()
          const market = Dec.fromRatio(BigInt(micro), 1_000_000n)
          const { reference, calls } = fakeReference(() => market)
          const { summary, skipped } = await tickWith(rc, { reference, minPremiumBps })
          const { prices, strategy } = await chainOpening(rc, auction, calls[0]!.time)
          const verdict = containOpening(prices, strategy, {
            reference: market,
            minPremiumBps,
            action: 'refuse',
          })
          expect(summary.opened).toBe(verdict.kind === 'within' ? 1 : 0)
          expect(summary.skipped).toBe(verdict.kind === 'refused' ? 1 : 0)
          if (verdict.kind === 'refused')
            expect(skipped[0]).toMatchObject({ startPrice: prices.startPrice, floor: verdict.floor })
        },
      ),
      { numRuns: 30 },
    )
  })

  it('uses the chain freshness multiplier: an oracle price 1.2 days old starts at 1.5 × (1 + 20% × 1.5)', async () => {
    // the oracle priced at deployment (1.5), no update since
    const { rc, auction } = setup({ initialPrices: EXAMPLE_PRICES })
    const oracle = await runQuery(
      rc.chain,
      auctionsManagerQueries.getPrice(rc.addresses.auctionsManager, PAIR),
    )
    const now = timestampToSeconds(oracle.time) + 1.2 * 86_400
    const { prices } = await chainOpening(rc, auction, now)
    expect(prices.startPrice.toString()).toBe('1.95')
    const at = (market: string) =>
      rc.checkOpening(
        PAIR,
        { reference: fakeReference(() => Dec.parse(market)).reference, minPremiumBps: 0 },
        now,
      )
    // 1.9 ≤ 1.95: within (a start price without the multiplier, 1.8, would refuse it)
    expect(await at('1.9')).toMatchObject({
      ok: true,
      startPrice: Dec.parse('1.95'),
      floor: Dec.parse('1.9'),
    })
    expect(await at('1.96')).toMatchObject({
      ok: false,
      skipped: { reason: 'start_below_floor', startPrice: Dec.parse('1.95'), floor: Dec.parse('1.96') },
    })
    // older than the freshness limit (3 days by default): the chain would refuse; so does the check
    const stale = await rc.checkOpening(
      PAIR,
      { reference: fakeReference(() => Dec.ONE).reference, minPremiumBps: 0 },
      timestampToSeconds(oracle.time) + 5 * 86_400,
    )
    expect(stale).toMatchObject({ ok: false, skipped: { reason: 'no_start_price' } })
    expect(stale.ok ? '' : stale.skipped.error).toMatch(/older than the freshness limit/)
  })
})
