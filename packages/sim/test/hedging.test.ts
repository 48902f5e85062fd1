/**
 * The makers' capital (issue #11, "Makers as arbitrageurs"): each maker bids only what it holds,
 * hedges what it bought at the end of the day at the market less its cost, and a lot its
 * capital cannot absorb is reported with the reason. And the live reference: the market feed
 * late and off as configured.
 */
import { DEFAULT_SCENARIO, Dec, type Scenario } from '@rebalancer/types'
import { describe, expect, it } from 'vitest'
import {
  loadPriceHistory,
  MarketFeed,
  MarketReference,
  prepareSimulation,
  runSimulation,
  withOverrides,
} from '../src/index.js'

/** Ten days of the default scenario in a calm stretch of the real hourly prices. */
const WINDOW: Scenario = { ...DEFAULT_SCENARIO, start: '2024-05-01', end: '2024-05-10' }

describe('market makers hedge daily and keep their capital', () => {
  it('each hedge sells exactly what the maker bought that day, at the market less its cost', async () => {
    const sim = prepareSimulation(WINDOW)
    const report = await runSimulation(sim)
    let hedges = 0
    for (const c of report.history) {
      const bought = new Map<string, bigint>()
      for (const a of c.auctions)
        for (const f of a.fills) {
          const key = `${f.maker}|${a.pair.join('|')}`
          bought.set(key, (bought.get(key) ?? 0n) + BigInt(f.bought))
        }
      for (const h of c.hedges) {
        hedges += 1
        const maker = sim.makers.find((m) => m.name === h.maker)!
        expect(BigInt(h.sold)).toBe(bought.get(`${maker.address}|${h.pair.join('|')}`))
        // received = ⌊sold × market × (1 − cost)⌋, never more than the market pays
        const atMarket = Dec.parse(h.market_price).mulInt(BigInt(h.sold))
        const cost = Dec.fromRatio(BigInt(10_000 - maker.hedgeCostBps), 10_000n)
        expect(BigInt(h.received)).toBe(atMarket.mul(cost).floor())
      }
      expect(c.hedges.length).toBe(new Set(bought.keys()).size)
    }
    expect(hedges).toBeGreaterThan(0)
    // maker-30 took every fill and spent far less than its capital: it never ran dry
    const m30 = report.makers.find((m) => m.name === 'maker-30')!
    expect(m30.fills).toBeGreaterThan(0)
    expect(Dec.parse(m30.hedge_cost_usd).isPositive()).toBe(true)
  })

  it('without hedging and with little capital, lots go unfilled and say why', async () => {
    const poor: Scenario = {
      ...WINDOW,
      market_makers: [{ name: 'small', margin_bps: 30, inventory_usd: '2000', hedge: false }],
    }
    const report = await runSimulation(prepareSimulation(poor))
    const unfilled = report.history.flatMap((c) => c.auctions.filter((a) => a.unfilled !== null))
    expect(unfilled.length).toBeGreaterThan(0)
    for (const a of unfilled) {
      expect(a.unfilled!.reason).toBe('maker_capital')
      expect(BigInt(a.unfilled!.amount)).toBe(BigInt(a.lot) - BigInt(a.sold))
    }
    expect(report.execution.unfilled.maker_capital).toBe(unfilled.length)
    expect(report.history.every((c) => c.hedges.length === 0)).toBe(true)
    for (const s of Object.values(report.supply)) expect(s.market).toBe('0')
  })

  it('a maker asking more than the live reserve allows cannot fill: live_reserve', async () => {
    // the default reserve is 200 bps under the reference; a 300 bps maker's level is below it
    const wide: Scenario = {
      ...WINDOW,
      end: '2024-05-03',
      market_makers: [{ name: 'wide', margin_bps: 300 }],
    }
    const report = await runSimulation(prepareSimulation(wide))
    const auctions = report.history.flatMap((c) => c.auctions)
    expect(auctions.length).toBeGreaterThan(0)
    for (const a of auctions) expect(a.unfilled?.reason).toBe('live_reserve')
    expect(report.execution.unfilled.live_reserve).toBe(auctions.length)
    // the accounts kept what did not sell
    for (const s of report.summary) expect(Dec.parse(s.unsold_usd).isPositive()).toBe(true)
    // without the reserve the same maker fills
    const open = await runSimulation(
      prepareSimulation({
        ...wide,
        auction: { containment: { min_premium_bps: 500, max_discount_bps: 'off' } },
      }),
    )
    expect(open.execution.fills).toBeGreaterThan(0)
  })

  it('a lot whose price never reaches any maker is unfilled with price_above_market', async () => {
    // makers that want 99.99% off never bid inside a ±20% window
    const greedy: Scenario = {
      ...WINDOW,
      end: '2024-05-03',
      market_makers: [{ name: 'greedy', margin_bps: 9999 }],
    }
    const report = await runSimulation(prepareSimulation(greedy))
    const auctions = report.history.flatMap((c) => c.auctions)
    expect(auctions.length).toBeGreaterThan(0)
    for (const a of auctions) expect(a.unfilled?.reason).toBe('price_above_market')
  })
})

describe('MarketReference: the market feed, late and off', () => {
  const feed = new MarketFeed(loadPriceHistory({ resolution: 'hourly' }))
  const pair = ['uatom', 'uusdc'] as const
  const t = Date.parse('2024-05-01T12:00:00Z') / 1000

  it('shows the market delay_seconds earlier, scaled by error_bps', () => {
    expect(
      new MarketReference(feed, { delaySeconds: 0, errorBps: 0 }).at(pair, t)!.eq(feed.pairPrice(pair, t)),
    ).toBe(true)
    const late = new MarketReference(feed, { delaySeconds: 3600, errorBps: 0 })
    expect(late.at(pair, t)!.eq(feed.pairPrice(pair, t - 3600))).toBe(true)
    const high = new MarketReference(feed, { delaySeconds: 0, errorBps: 50 })
    const m = feed.pairPrice(pair, t)
    expect(high.at(pair, t)!.eq(Dec.fromAtomics((m.atomics * 10_050n) / 10_000n))).toBe(true)
  })

  it('has no price before the history, and refuses a bad delay or error naming the field', async () => {
    const ref = new MarketReference(feed, { delaySeconds: 0, errorBps: 0 })
    expect(ref.at(pair, 0)).toBeUndefined()
    expect(await ref.price(pair, 0)).toBeUndefined()
    expect(() => new MarketReference(feed, { delaySeconds: -1, errorBps: 0 })).toThrow(
      /delay_seconds -1 is invalid/,
    )
    expect(() => new MarketReference(feed, { delaySeconds: 0, errorBps: -10_000 })).toThrow(
      /error_bps -10000 is invalid/,
    )
  })
})

describe('compareExecution overrides', () => {
  it('merge into the oracle, auction and keeper sections and replace other fields', () => {
    const base: Scenario = { ...WINDOW, auction: { duration_blocks: 600 }, oracle: { mode: 'mean' } }
    const merged = withOverrides(base, {
      auction: { curve: 'linear' },
      oracle: { anchor_band_bps: 100 },
      end: '2024-05-02',
    })
    expect(merged.auction).toEqual({ duration_blocks: 600, curve: 'linear' })
    expect(merged.oracle).toEqual({ mode: 'mean', anchor_band_bps: 100 })
    expect(merged.end).toBe('2024-05-02')
    expect(base.auction).toEqual({ duration_blocks: 600 })
  })
})
