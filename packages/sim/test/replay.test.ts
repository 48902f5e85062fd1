/**
 * "Watch an auction" (issue #13): `auctionReplay` rebuilds a recorded auction block by block from
 * the run's rules. Its prices must be the ones the makers paid, its market the one they bid
 * against, its payouts the ones the sellers received, on both run paths.
 */
import {
  type AuctionConfig,
  bidPriceAt,
  curveFromWire,
  DEFAULT_CHAIN_HALT,
  DEFAULT_FRESHNESS,
} from '@rebalancer/auction'
import { DEFAULT_SCENARIO, Dec, type RunReport, type Scenario } from '@rebalancer/types'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { AUCTION_MARKER_DATASET, auctionChart, auctionChartMarker } from '../src/charts.js'
import {
  type AuctionReplay,
  auctionReplay,
  loadPriceHistory,
  prepareSimulation,
  REPLAY_MAX_FRAMES,
  runFast,
  runSimulation,
  type Simulation,
  SimulationError,
} from '../src/index.js'

const history = loadPriceHistory()

/** The default scenario over its first 20 days. */
const SHORT: Scenario = { ...DEFAULT_SCENARIO, end: '2023-10-30' }

/** Every (cycle, auction) index pair of a report. */
function picks(report: RunReport): [number, number][] {
  return report.history.flatMap((d, c) => d.auctions.map((_, a) => [c, a] as [number, number]))
}

/** The replay's facts against the report it came from. */
function expectAgrees(sim: Simulation, report: RunReport, cycle: number, index: number): AuctionReplay {
  const r = auctionReplay(sim, report, cycle, index)
  const a = report.history[cycle]!.auctions[index]!
  const at = `${report.history[cycle]!.day} ${a.pair.join('/')}`
  // frames: ascending, from the first block to the last
  expect(r.frames[0]!.height, at).toBe(a.start_block)
  expect(r.frames.at(-1)!.height, at).toBe(a.end_block)
  for (let i = 1; i < r.frames.length; i++)
    expect(r.frames[i]!.height).toBeGreaterThan(r.frames[i - 1]!.height)
  expect(r.frames.length).toBeLessThanOrEqual(REPLAY_MAX_FRAMES + a.fills.length + r.makers.length + 50)
  // every fill lands on a frame of its height, at that frame's price, time and market
  const byHeight = new Map(r.frames.map((f) => [f.height, f]))
  for (const fill of a.fills) {
    const frame = byHeight.get(fill.height)
    expect(frame, `${at}: a frame at fill height ${fill.height}`).toBeDefined()
    expect(frame!.price, `${at}: price at ${fill.height}`).toBe(fill.price)
    expect(frame!.time, `${at}: time at ${fill.height}`).toBe(fill.time)
    expect(frame!.market, `${at}: market at ${fill.height}`).toBe(fill.market_price)
    expect(frame!.fills.some((f) => f.maker === fill.maker && f.bought === BigInt(fill.bought))).toBe(true)
  }
  expect(r.frames.flatMap((f) => f.fills).length).toBe(a.fills.length)
  // a frame's price is what the chain's kernel charges a bid there (curve, live reserve)
  const config: AuctionConfig = {
    pair: [a.pair[0], a.pair[1]],
    strategy: sim.settings.strategy,
    chainHalt: DEFAULT_CHAIN_HALT,
    freshness: DEFAULT_FRESHNESS,
    curve: curveFromWire(sim.settings.curve),
    ...(sim.settings.containment ? { containment: sim.settings.containment } : {}),
  }
  const info = {
    status: { kind: 'started' as const },
    startBlock: a.start_block,
    endBlock: a.end_block,
    startPrice: Dec.parse(a.start_price),
    endPrice: Dec.parse(a.end_price),
    availableAmount: BigInt(a.lot),
    resolvedAmount: 0n,
    totalAmount: BigInt(a.lot),
    leftovers: [0n, 0n] as const,
    lastCheckedBlock: { height: a.start_block, time: a.opened_at, chainId: 'test' },
  }
  // (the fills' frames and a sample of the rest: the kernel recomputes the curve each call)
  for (const [i, f] of r.frames.entries()) {
    if (f.fills.length === 0 && i % 20 !== 0) continue
    const charged = bidPriceAt(info, config, f.height, sim.reference.at(config.pair, f.time))
    expect(f.price, `${at}: price at ${f.height}`).toBe(charged.toString())
  }
  // remaining never grows and ends at lot − sold; proceeds end at resolved
  let prev = BigInt(a.lot)
  for (const f of r.frames) {
    expect(f.remaining <= prev).toBe(true)
    prev = f.remaining
  }
  expect(prev).toBe(BigInt(a.lot) - BigInt(a.sold))
  expect(r.frames.at(-1)!.proceeds).toBe(BigInt(a.resolved))
  // the price never rises; the market at the opening is the recorded one
  for (let i = 1; i < r.frames.length; i++) {
    if (r.summary.maxDiscountBps === null)
      expect(Dec.parse(r.frames[i]!.price).lte(Dec.parse(r.frames[i - 1]!.price))).toBe(true)
  }
  expect(r.frames[0]!.market).toBe(a.market_price_at_open)
  // makers: their fills add up to what the auction sold; nobody fills before its bid level
  expect(r.makers.reduce((s, m) => s + m.bought, 0n)).toBe(BigInt(a.sold))
  for (const m of r.makers) {
    const first = a.fills.find((f) => f.maker === m.address)
    if (first) expect(m.bidLevel!.height, `${at}: ${m.name}'s level`).toBeLessThanOrEqual(first.height)
  }
  expect(r.frames.at(-1)!.makerBought).toEqual(r.makers.map((m) => m.bought))
  // sellers: every unit as recorded, and payouts + leftover = proceeds and unsold
  const recorded = report.history[cycle]!.accounts.flatMap((acc) =>
    acc.fills.filter((f) => f.pair[0] === a.pair[0] && f.pair[1] === a.pair[1]),
  )
  expect(r.sellers.length).toBe(recorded.length)
  // in the order the auction pays them
  for (let i = 1; i < r.sellers.length; i++)
    expect(r.sellers[i - 1]!.address < r.sellers[i]!.address).toBe(true)
  for (const s of r.sellers) {
    expect(s.payout.buy, `${at}: ${s.name} received`).toBe(s.recorded.received)
    expect(s.sold, `${at}: ${s.name} sold`).toBe(s.recorded.sold)
  }
  expect(r.sellers.reduce((t, s) => t + s.payout.buy, 0n) + r.summary.leftover.buy).toBe(BigInt(a.resolved))
  expect(r.sellers.reduce((t, s) => t + s.payout.sell, 0n) + r.summary.leftover.sell).toBe(
    BigInt(a.lot) - BigInt(a.sold),
  )
  expect(r.frames.at(-1)!.payouts).toEqual(r.sellers.map((s) => s.payout))
  return r
}

describe('auctionReplay', () => {
  let sim: Simulation
  let report: RunReport
  beforeAll(async () => {
    sim = prepareSimulation(SHORT, { history })
    report = await runFast(sim)
  }, 60_000)

  it('agrees with every recorded auction of 20 days (fills, market, payouts, remaining)', () => {
    const all = picks(report)
    expect(all.length).toBeGreaterThan(10)
    let fills = 0
    for (const [c, a] of all) fills += expectAgrees(sim, report, c, a).frames.flatMap((f) => f.fills).length
    expect(fills).toBeGreaterThan(10)
  })

  it('samples a long window to at most REPLAY_MAX_FRAMES frames plus its event blocks', () => {
    const [c, a] = picks(report)[0]!
    const r = auctionReplay(sim, report, c, a)
    expect(r.summary.frames).toBe('sampled') // 7200 blocks
    // the grid fills what the event blocks leave of the budget (some coincide with grid blocks)
    expect(r.frames.length).toBeGreaterThan(REPLAY_MAX_FRAMES - 10)
    expect(r.frames.length).toBeLessThanOrEqual(REPLAY_MAX_FRAMES)
    // the fills' blocks are among them (with a grid of 12 blocks, a fill would rarely land on one)
    const heights = new Set(r.frames.map((f) => f.height))
    for (const fill of report.history[c]!.auctions[a]!.fills) expect(heights.has(fill.height)).toBe(true)
    for (const m of r.makers) if (m.bidLevel) expect(heights.has(m.bidLevel.height)).toBe(true)
    // plain data: what postMessage's structured clone carries is the same replay
    expect(structuredClone(r)).toStrictEqual(r)
  })

  it('refuses a bad cycle or auction index, naming it and the range', () => {
    const n = report.history.length
    expect(() => auctionReplay(sim, report, n, 0)).toThrow(SimulationError)
    expect(() => auctionReplay(sim, report, n, 0)).toThrow(
      `cycle ${n} is out of range: it must be an integer from 0 to ${n - 1}`,
    )
    expect(() => auctionReplay(sim, report, -1, 0)).toThrow(/cycle -1 is out of range/)
    expect(() => auctionReplay(sim, report, 1.5, 0)).toThrow(/cycle 1.5 is out of range/)
    const [c] = picks(report)[0]!
    const count = report.history[c]!.auctions.length
    expect(() => auctionReplay(sim, report, c, count)).toThrow(
      `auction ${count} is out of range: it must be an integer from 0 to ${count - 1}`,
    )
  })

  it('draws the replay: price and market per frame, each fill at its block, a movable marker', () => {
    const [c, a] = picks(report).find(([i, j]) => report.history[i]!.auctions[j]!.fills.length > 0)!
    const r = auctionReplay(sim, report, c, a)
    const chart = auctionChart(r)
    const sets = chart.config.data.datasets
    const byLabel = (l: string) => sets.find((d) => d.label === l)!.data
    expect(byLabel('auction price')).toEqual(r.frames.map((f) => ({ x: f.height, y: f.priceNumber })))
    expect(byLabel('market price').map((p) => p.x)).toEqual(r.frames.map((f) => f.height))
    // whole tokens: both denoms have 6 decimals, so the number is the Dec's
    expect(byLabel('auction price')[0]!.y).toBeCloseTo(Dec.parse(r.frames[0]!.price).toNumber(), 12)
    const fills = sets.filter((d) => d.label?.startsWith('fills of ')).flatMap((d) => d.data)
    expect(fills.map((p) => p.x).sort()).toEqual(
      report.history[c]!.auctions[a]!.fills.map((f) => f.height).sort(),
    )
    // the x axis is the auction's window
    const x = chart.config.options?.scales?.x as { min?: number; max?: number }
    expect([x.min, x.max]).toEqual([r.summary.startBlock, r.summary.endBlock])
    const last = r.frames.length - 1
    const marker = auctionChartMarker(r, last)
    expect(marker.map((p) => p.x)).toEqual([r.frames[last]!.height, r.frames[last]!.height])
    expect(sets[AUCTION_MARKER_DATASET]!.data).toEqual(auctionChartMarker(r, 0))
    expect(() => auctionChartMarker(r, r.frames.length)).toThrow(/frame \d+ is out of range/)
    expect(JSON.parse(JSON.stringify(chart.config))).toEqual(chart.config) // plain data
  })

  it('agrees on any cycle and auction picked at random (property)', () => {
    const all = picks(report)
    fc.assert(
      fc.property(fc.integer({ min: 0, max: all.length - 1 }), (i) => {
        const [c, a] = all[i]!
        expectAgrees(sim, report, c, a)
      }),
      { numRuns: 25 },
    )
  })
})

describe('auctionReplay with a late reference (fills at the live reserve)', () => {
  it('agrees with 20 days where some fills pay the reserve, not the curve', async () => {
    // a reference 6 hours late: after a drop the reserve stays above the curve for a while
    const scenario: Scenario = {
      ...DEFAULT_SCENARIO,
      end: '2023-10-30',
      oracle: { reference: { delay_seconds: 21_600 } },
    }
    const sim = prepareSimulation(scenario, { history })
    const report = await runFast(sim)
    let atReserve = 0
    for (const [c, a] of picks(report)) {
      const r = expectAgrees(sim, report, c, a)
      for (const f of r.frames)
        if (f.fills.length > 0 && f.reserve !== null && Dec.parse(f.curvePrice).lt(Dec.parse(f.reserve)))
          atReserve++
    }
    expect(atReserve).toBeGreaterThan(0)
  }, 120_000)
})

describe('auctionReplay of day-long auctions', () => {
  it('agrees when every auction lasts 28 800 blocks and the next cycle opens at the finishing tick', async () => {
    const scenario: Scenario = {
      ...DEFAULT_SCENARIO,
      end: '2023-10-17',
      auction: { duration_blocks: 28_800 },
    }
    const sim = prepareSimulation(scenario, { history })
    const report = await runFast(sim)
    const all = picks(report)
    expect(all.length).toBeGreaterThan(3)
    for (const [c, a] of all) {
      const r = expectAgrees(sim, report, c, a)
      expect(r.summary.frames).toBe('sampled')
      expect(r.frames.length).toBeLessThanOrEqual(REPLAY_MAX_FRAMES)
    }
    expect(report.history.flatMap((d) => d.auctions.flatMap((x) => x.fills)).length).toBeGreaterThan(3)
  }, 60_000)
})

describe('auctionReplay on the localnet path', () => {
  it('agrees with a localnet run, every block of a short window, with a live reserve', async () => {
    // a 400-block window: every block is a frame
    const scenario: Scenario = {
      ...DEFAULT_SCENARIO,
      end: '2023-10-16',
      auction: { duration_blocks: 400 },
    }
    const sim = prepareSimulation(scenario, { history })
    const report = await runSimulation(sim)
    const all = picks(report)
    expect(all.length).toBeGreaterThan(3)
    for (const [c, a] of all) {
      const r = expectAgrees(sim, report, c, a)
      expect(r.summary.frames).toBe('every_block')
      expect(r.frames.length).toBe(401)
      expect(r.summary.maxDiscountBps).toBe(200)
    }
  }, 60_000)
})
