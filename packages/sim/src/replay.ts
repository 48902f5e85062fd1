/**
 * "Watch an auction" (issue #13): one recorded pair auction of a run rebuilt block by block from
 * the run's own rules — the auction's price curve with the settings the run used (re-anchored
 * start price, live reserve), the market feed the makers bid against, the recorded fills, and the
 * auction's pro-rata settlement. Pure: it reads the simulation's feed, reference, settings,
 * makers and accounts, never its chain, so it works after `runFast` or `runSimulation` alike.
 * Everything returned is plain data (bigint amounts, Dec as decimal strings plus JS numbers for
 * charts) and crosses `postMessage`.
 */
import { type AuctionInfo, curveFromWire, curveOf, liveReserve, sellerPayout } from '@rebalancer/auction'
import { Dec, type Pair, type ReportAuction, type RunReport } from '@rebalancer/types'
import { vsMarketBps } from './bidding.js'
import { SimulationError } from './errors.js'
import { firstQualifyingBlock } from './market-maker.js'
import type { Simulation } from './setup.js'

/** At most this many frames for a long window (plus any extra block where something happens). */
export const REPLAY_MAX_FRAMES = 600

/** One fill of the replayed auction, as recorded, with the maker's name. */
export interface ReplayFill {
  /** The maker's address. */
  maker: string
  /** The maker's name in the scenario (its address when the scenario has no such maker). */
  makerName: string
  /** Block height and unix seconds of the bid. */
  height: number
  time: number
  /** What the bid paid per unit: base units of buy per base unit of sell (Dec text). */
  price: string
  /** The market price at the bid's time, same units (Dec text). */
  market: string
  /** Sell-denom base units bought. */
  bought: bigint
  /** Buy-denom base units paid. */
  paid: bigint
  /** (price / market − 1) × 10 000, bps (negative = below the market). */
  vsMarketBps: number
}

/** A seller's payout if the auction settled as it stands (base units). */
export interface ReplayPayout {
  /** Unsold sell-denom units returned to the seller. */
  sell: bigint
  /** Buy-denom units paid to the seller. */
  buy: bigint
}

/** The auction at the end of one block. */
export interface ReplayFrame {
  /** Block height. */
  height: number
  /** Unix seconds of the block: `opened_at + (height − start_block) × block time`. */
  time: number
  /** The auction's price at this block from its curve alone (buy base units per sell base unit, Dec text). */
  curvePrice: string
  /** The live reserve at this block's time (reference × (1 − max_discount_bps)), or null without one. */
  reserve: string | null
  /** What a bid pays at this block: the curve price raised to the live reserve (Dec text). */
  price: string
  /** The market price of the pair at this block's time (Dec text, same units). */
  market: string
  /** {@link price} and {@link market} in whole tokens of buy per whole token of sell, for charts. */
  priceNumber: number
  marketNumber: number
  /** (price / market − 1) × 10 000, bps. */
  vsMarketBps: number
  /** Sell-denom base units still for sale after this block's fills. */
  remaining: bigint
  /** Buy-denom base units the auction holds after this block (its `resolved` so far). */
  proceeds: bigint
  /** The fills landed in this block (in the order they were placed). */
  fills: ReplayFill[]
  /** Sell-denom base units each maker bought so far, in the order of {@link AuctionReplay.makers}. */
  makerBought: bigint[]
  /**
   * What each seller would get if the auction settled after this block (its pro-rata rule), in
   * the order of {@link AuctionReplay.sellers}; at the last frame, what they did get.
   */
  payouts: ReplayPayout[]
}

/** A market maker of the run in the replayed auction. */
export interface ReplayMaker {
  name: string
  address: string
  /** Its margin: the discount to the market it asks, bps. */
  marginBps: number
  /**
   * Its bid level: the first block (from the one after the opening) at which the auction's price,
   * live reserve included, is at or below market × (1 − margin), with that price and threshold
   * (Dec text); null when the price never fell that far.
   */
  bidLevel: { height: number; time: number; price: string; threshold: string; market: string } | null
  /** Sell-denom base units it bought and buy-denom base units it paid in this auction. */
  bought: bigint
  paid: bigint
  /** How many fills it made. */
  fills: number
}

/** An account that put funds into the replayed auction. */
export interface ReplaySeller {
  /** The account's name in the scenario and its address. */
  name: string
  address: string
  /** Sell-denom base units it deposited. */
  deposited: bigint
  /** Its share of the lot, deposited / lot (Dec text, fraction of 1, truncated as the chain does). */
  share: string
  /** Its payout by the auction's settlement: sell units back, buy units paid. */
  payout: ReplayPayout
  /** Sell-denom units sold: deposited − payout.sell. */
  sold: bigint
  /** What the run recorded for it (`history[cycle].accounts[*].fills`): sold and received. */
  recorded: { sold: bigint; received: bigint }
}

/** Denom, price-file symbol and decimals. */
export interface ReplayDenom {
  denom: string
  symbol: string
  decimals: number
}

/** The replayed auction in brief. */
export interface ReplaySummary {
  /** `[sell, buy]`. */
  pair: Pair
  sell: ReplayDenom
  buy: ReplayDenom
  /** The day (`YYYY-MM-DD`) of the cycle. */
  day: string
  /** Sell-denom base units: the lot, sold, and what did not sell. */
  lot: bigint
  sold: bigint
  unsold: bigint
  /** Buy-denom base units the auction resolved (fills, plus any leftover carried in). */
  proceeds: bigint
  /** Buy-denom units left in the auction after the payouts (rounding dust), and sell units. */
  leftover: ReplayPayout
  /** proceeds / sold (Dec text), null when nothing sold. */
  averagePrice: string | null
  /** Start and end price of the curve (Dec text, buy base units per sell base unit). */
  startPrice: string
  endPrice: string
  /** Market price at the opening (Dec text) and the start price against it, bps. */
  marketAtOpen: string
  startVsMarketBps: number
  /** Whether containment re-anchored the opening (and why), or null. */
  containment: ReportAuction['containment']
  /** What did not sell and why, or null when the lot sold out. */
  unfilled: { amount: bigint; reason: NonNullable<ReportAuction['unfilled']>['reason'] } | null
  startBlock: number
  endBlock: number
  /** Unix seconds of the opening block. */
  openedAt: number
  /** Seconds between blocks. */
  blockTimeSeconds: number
  /** Live reserve in force, bps below the reference, or null. */
  maxDiscountBps: number | null
  /**
   * `every_block` when the window has at most {@link REPLAY_MAX_FRAMES} blocks; else `sampled`:
   * an even grid plus every block where something happens (a fill, a maker's bid level, a
   * market or reference price change, the first and last block).
   */
  frames: 'every_block' | 'sampled'
}

/** One auction of a run, block by block ({@link auctionReplay}). */
export interface AuctionReplay {
  /** The indices asked for. */
  cycle: number
  auction: number
  summary: ReplaySummary
  /** Ascending by height; the first is `start_block`, the last `end_block`. */
  frames: ReplayFrame[]
  makers: ReplayMaker[]
  /** Ascending by address (the order the auction pays them). */
  sellers: ReplaySeller[]
}

/** Blocks of the window to show: every block, or a grid plus the blocks where something happens. */
function frameHeights(start: number, end: number, events: Iterable<number>): number[] {
  const count = end - start + 1
  if (count <= REPLAY_MAX_FRAMES) return Array.from({ length: count }, (_, i) => start + i)
  const set = new Set<number>()
  for (const h of events) if (h >= start && h <= end) set.add(h)
  set.add(start)
  set.add(end)
  const grid = Math.max(2, REPLAY_MAX_FRAMES - set.size)
  for (let i = 0; i < grid; i++) set.add(start + Math.round((i * (count - 1)) / (grid - 1)))
  return [...set].sort((a, b) => a - b)
}

function minBig(a: bigint, b: bigint): bigint {
  return a < b ? a : b
}

function checkIndex(what: string, value: number, length: number, of: string): void {
  if (!Number.isSafeInteger(value) || value < 0 || value >= length) {
    throw new SimulationError(
      'invalid_replay_index',
      length === 0
        ? `${what} ${value} is out of range: ${of} has none`
        : `${what} ${value} is out of range: it must be an integer from 0 to ${length - 1} (${of})`,
    )
  }
}

/**
 * Rebuilds `report.history[cycle].auctions[auction]` block by block.
 *
 * - **Frames**: every block from `start_block` to `end_block` when the window has at most
 *   {@link REPLAY_MAX_FRAMES} blocks; otherwise an even grid of them plus every block where
 *   something happens (fills, makers' bid levels, market and reference changes), so a few more
 *   only when those are many. A block's time is `opened_at + (height − start_block) × block time`
 *   (the localnet's block time: the run passes only whole blocks inside a window). Its price is
 *   the auction's own curve (`curveOf` with the run's curve settings and the recorded, possibly
 *   re-anchored, start price) raised to the live reserve (`liveReserve` of the run's reference at
 *   that time), as the chain prices a bid (`bidPriceAt`): each recorded fill's price is its
 *   block's. The market is `sim.feed.pairPrice` at that time, as the fills' `market_price`.
 * - **Makers**: every maker of the scenario, its margin, its bid level (`firstQualifyingBlock`
 *   from the block after the opening, as the makers plan) and what it bought.
 * - **Sellers**: every account with a fill of this pair that cycle, its payout by the auction's
 *   settlement (`sellerPayout`, rule `chain`, in address order, each clamped to what is still
 *   unpaid, as `finishBatch` pays), and what the report recorded for it.
 *
 * @param sim the simulation the report was run on (`prepareSimulation`; run or not).
 * @param report the run's report (`runFast` / `runSimulation`).
 * @param cycle index into `report.history`.
 * @param auction index into that cycle's `auctions`.
 * @throws SimulationError `invalid_replay_index` naming `cycle` or `auction` and the valid range;
 *   `unknown_denom` when the pair is not in the scenario's denoms.
 */
export function auctionReplay(
  sim: Simulation,
  report: RunReport,
  cycle: number,
  auction: number,
): AuctionReplay {
  checkIndex('cycle', cycle, report.history.length, `the report has ${report.history.length} cycles`)
  const day = report.history[cycle]!
  checkIndex(
    'auction',
    auction,
    day.auctions.length,
    `cycle ${cycle} (${day.day}) has ${day.auctions.length} auctions`,
  )
  const a = day.auctions[auction]!
  const pair: Pair = [a.pair[0], a.pair[1]]
  const denom = (d: string): ReplayDenom => {
    const info = Object.hasOwn(sim.scenario.denoms, d) ? sim.scenario.denoms[d] : undefined
    if (!info)
      throw new SimulationError(
        'unknown_denom',
        `denom ${d} of the auction's pair is not in the scenario's denoms`,
      )
    return { denom: d, symbol: info.symbol, decimals: info.decimals }
  }
  const sell = denom(pair[0])
  const buy = denom(pair[1])
  const scale = 10 ** (sell.decimals - buy.decimals)
  const blockTime = sim.net.blockTimeSeconds
  const timeOf = (h: number) => a.opened_at + (h - a.start_block) * blockTime
  const window = {
    startBlock: a.start_block,
    endBlock: a.end_block,
    startPrice: Dec.parse(a.start_price),
    endPrice: Dec.parse(a.end_price),
  }
  const curve = curveOf(window, curveFromWire(sim.settings.curve))
  const discount = sim.settings.containment?.maxDiscountBps
  const reserveAt = (time: number): Dec | undefined => {
    if (discount === undefined) return undefined
    const reference = sim.reference.at(pair, time)
    return reference === undefined ? undefined : liveReserve(reference, discount)
  }
  const market = (_: Pair, time: number) => sim.feed.pairPrice(pair, time)
  const delay = sim.reference.options.delaySeconds
  const changePoints = (from: number, to: number) =>
    discount === undefined || delay === 0
      ? sim.feed.changePoints(from, to, pair)
      : [
          ...sim.feed.changePoints(from, to, pair),
          ...sim.feed.changePoints(from - delay, to - delay, pair).map((t) => t + delay),
        ]

  const byAddress = new Map(sim.makers.map((m) => [m.address, m]))
  const fills: ReplayFill[] = a.fills.map((f) => ({
    maker: f.maker,
    makerName: byAddress.get(f.maker)?.name ?? f.maker,
    height: f.height,
    time: f.time,
    price: f.price,
    market: f.market_price,
    bought: BigInt(f.bought),
    paid: BigInt(f.paid),
    vsMarketBps: f.vs_market_bps,
  }))

  const makers: ReplayMaker[] = sim.makers.map((m) => {
    const mine = fills.filter((f) => f.maker === m.address)
    const q = firstQualifyingBlock({
      auction: { pair, startBlock: a.start_block, endBlock: a.end_block, available: BigInt(a.lot) },
      curve,
      clock: { timeOf },
      market,
      marketChangePoints: changePoints,
      reserve: discount === undefined ? undefined : reserveAt,
      fromBlock: a.start_block + 1,
      marginBps: m.marginBps,
    })
    return {
      name: m.name,
      address: m.address,
      marginBps: m.marginBps,
      bidLevel:
        q === null
          ? null
          : {
              height: q.height,
              time: q.time,
              price: q.price.toString(),
              threshold: q.threshold.toString(),
              market: q.marketPrice.toString(),
            },
      bought: mine.reduce((s, f) => s + f.bought, 0n),
      paid: mine.reduce((s, f) => s + f.paid, 0n),
      fills: mine.length,
    }
  })

  // the sellers: every account with this pair's fill that cycle, in the auction's payout order
  const addressOf = new Map(sim.accounts.map((acc) => [acc.name, acc.address]))
  const deposits = day.accounts
    .flatMap((acc) =>
      acc.fills
        .filter((f) => f.pair[0] === pair[0] && f.pair[1] === pair[1])
        .map((f) => ({
          name: acc.name,
          address: addressOf.get(acc.name) ?? acc.name,
          deposited: BigInt(f.deposited),
          recorded: { sold: BigInt(f.sold), received: BigInt(f.received) },
        })),
    )
    .sort((x, y) => (x.address < y.address ? -1 : x.address > y.address ? 1 : 0))

  const lot = BigInt(a.lot)
  const sold = BigInt(a.sold)
  const resolved = BigInt(a.resolved)
  // what the auction held in buy units before any bid (a previous auction's leftover)
  const carriedIn = resolved - fills.reduce((s, f) => s + f.paid, 0n)
  const info = (remaining: bigint, proceeds: bigint): AuctionInfo => ({
    status: { kind: 'finished' },
    ...window,
    availableAmount: remaining,
    resolvedAmount: proceeds,
    totalAmount: lot,
    leftovers: [0n, 0n],
    lastCheckedBlock: { height: a.end_block, time: timeOf(a.end_block), chainId: '' },
  })
  /** `finishBatch`'s payouts: each seller's share, clamped to what is still unpaid, in address order. */
  const settle = (remaining: bigint, proceeds: bigint) => {
    const state = info(remaining, proceeds)
    let paidSell = 0n
    let paidBuy = 0n
    const payouts = deposits.map((d) => {
      const p = sellerPayout(state, d.deposited)
      const sellOut = minBig(p.sell, remaining - paidSell)
      const buyOut = minBig(p.buy, proceeds - paidBuy)
      paidSell += sellOut
      paidBuy += buyOut
      return { sell: sellOut, buy: buyOut }
    })
    return { payouts, leftover: { sell: remaining - paidSell, buy: proceeds - paidBuy } }
  }

  const events: number[] = fills.map((f) => f.height)
  for (const m of makers) if (m.bidLevel) events.push(m.bidLevel.height)
  const tStart = timeOf(a.start_block)
  for (const t of changePoints(tStart, timeOf(a.end_block)))
    events.push(a.start_block + Math.ceil((t - tStart) / blockTime))
  const heights = frameHeights(a.start_block, a.end_block, events)

  const makerIndex = new Map(makers.map((m, i) => [m.address, i]))
  const bought = makers.map(() => 0n)
  let remaining = lot
  let proceeds = carriedIn
  let next = 0
  const frames: ReplayFrame[] = heights.map((height) => {
    const time = timeOf(height)
    const here: ReplayFill[] = []
    while (next < fills.length && fills[next]!.height <= height) {
      const f = fills[next++]!
      if (f.height === height) here.push(f)
      remaining -= f.bought
      proceeds += f.paid
      const i = makerIndex.get(f.maker)
      if (i !== undefined) bought[i]! += f.bought
    }
    const curvePrice = curve.priceAt(height)
    const reserve = reserveAt(time)
    const price = reserve === undefined ? curvePrice : Dec.max(curvePrice, reserve)
    const m = sim.feed.pairPrice(pair, time)
    return {
      height,
      time,
      curvePrice: curvePrice.toString(),
      reserve: reserve?.toString() ?? null,
      price: price.toString(),
      market: m.toString(),
      priceNumber: price.toNumber() * scale,
      marketNumber: m.toNumber() * scale,
      vsMarketBps: vsMarketBps(price, m),
      remaining,
      proceeds,
      fills: here,
      makerBought: [...bought],
      payouts: settle(remaining, proceeds).payouts,
    }
  })

  const final = settle(lot - sold, resolved)
  const sellers: ReplaySeller[] = deposits.map((d, i) => {
    const payout = final.payouts[i]!
    return {
      name: d.name,
      address: d.address,
      deposited: d.deposited,
      share: Dec.fromAtomics((d.deposited * Dec.SCALE) / lot).toString(),
      payout,
      sold: d.deposited - payout.sell,
      recorded: d.recorded,
    }
  })

  return {
    cycle,
    auction,
    summary: {
      pair,
      sell,
      buy,
      day: day.day,
      lot,
      sold,
      unsold: lot - sold,
      proceeds: resolved,
      leftover: final.leftover,
      averagePrice: a.average_price,
      startPrice: a.start_price,
      endPrice: a.end_price,
      marketAtOpen: a.market_price_at_open,
      startVsMarketBps: a.start_vs_market_bps,
      containment: a.containment,
      unfilled: a.unfilled ? { amount: BigInt(a.unfilled.amount), reason: a.unfilled.reason } : null,
      startBlock: a.start_block,
      endBlock: a.end_block,
      openedAt: a.opened_at,
      blockTimeSeconds: blockTime,
      maxDiscountBps: discount ?? null,
      frames: a.end_block - a.start_block + 1 <= REPLAY_MAX_FRAMES ? 'every_block' : 'sampled',
    },
    frames,
    makers,
    sellers,
  }
}
