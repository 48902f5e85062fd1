import { Dec, type Pair } from '@rebalancer/types'
import { SimulationError } from './errors.js'

/**
 * A market maker: bids on an auction as soon as its price is at least `marginBps` better than the
 * real market price. Its inventory lives on chain; the caller passes its balances.
 */
export interface MarketMaker {
  /** Chain address of the maker (also the last tie-break in {@link planRound}). */
  address: string
  /**
   * Required discount to the market price, in bps (100 = 1 %). An integer below 10 000; 0 bids at the
   * market price, a negative margin pays up to that much above it.
   */
  marginBps: number
}

/** What a planner needs to know about one pair auction. */
export interface AuctionView {
  /** `[sell, buy]`: the auction sells `sell` and is paid in `buy`. */
  pair: Pair
  /** First block height at which bids are accepted. */
  startBlock: number
  /** Last block height at which bids are accepted (inclusive). */
  endBlock: number
  /** Base units of `sell` still for sale. */
  available: bigint
}

/**
 * The auction's price curve (non-increasing in the height), in base units of `buy` per base unit of
 * `sell`. The auction package provides it for the chain's linear curve.
 */
export interface CurveView {
  /** Price at block height `height` (within the auction's blocks). */
  priceAt(height: number): Dec
  /**
   * The first block height of the auction (`startBlock..=endBlock`) whose price is ≤ `price`, or
   * `null` when even the end price is above `price`.
   */
  firstBlockAtOrBelow(price: Dec): number | null
}

/** Times of (future) blocks. */
export interface BlockClock {
  /** Unix seconds of block `height`; non-decreasing in the height (e.g. t0 + (h − h0) × 3). */
  timeOf(height: number): number
}

/** Market price of `pair` at unix second `time`: base units of `pair[1]` per base unit of `pair[0]`. */
export type MarketPriceFn = (pair: Pair, time: number) => Dec

/**
 * Unix seconds `t` with `fromTime < t ≤ toTime` at which the market price may change (the market is
 * constant between consecutive points), e.g. `(f, t) => feed.changePoints(f, t, auction.pair)`.
 * Extra points (no actual change) are harmless; missing ones make the plan wrong.
 */
export type MarketChangePointsFn = (fromTime: number, toTime: number) => number[]

/** A bid the runner should place. */
export interface PlannedBid {
  /** Address of the bidding maker. */
  maker: string
  /** Block height at which to bid. */
  height: number
  /** Unix seconds of that block (`clock.timeOf(height)`). */
  time: number
  /** The auction's price at `height`: base units of `buy` per base unit of `sell`. */
  price: Dec
  /** The market price of the pair at `time`, same units. */
  marketPrice: Dec
  /** Base units of `sell` the bid buys: min(available, floor(budget / price)), > 0. */
  amountToBuy: bigint
  /**
   * Base units of `buy` to send: ceil(amountToBuy × price), the least that buys `amountToBuy`
   * (≤ budget). The chain's `floor(funds / price)` equals `amountToBuy`, except when the bid takes all
   * that is `available` and the price is below 1: then no amount of funds buys exactly that much, the
   * chain caps the purchase at `available` and the (< 1 unit) excess refund is 0.
   */
  funds: bigint
}

/** Everything of a plan except the maker and its budget. */
export interface PlanContext {
  /** The auction to bid on. */
  auction: AuctionView
  /** The auction's price curve. */
  curve: CurveView
  /** Block times. */
  clock: BlockClock
  /** Real market price of a pair at a unix second. */
  market: MarketPriceFn
  /**
   * Where `market(auction.pair, ·)` changes between two times. Omit only when the market is constant
   * over the auction (a fixed price); then the plan checks that the window's first and last block
   * see the same market price and throws if not.
   */
  marketChangePoints?: MarketChangePointsFn | undefined
  /** First block height the bid may be placed at (e.g. the next block). */
  fromBlock: number
  /**
   * The auction's live reserve at a unix second (a bid pays at least it; ours, auction.md
   * "Containment"), or undefined for none. It must change only at `marketChangePoints` (pass the
   * reference's change points there too).
   */
  reserve?: ((time: number) => Dec | undefined) | undefined
}

/** Input of {@link planBid}. */
export interface PlanBidInput extends PlanContext {
  /** The bidding maker. */
  maker: MarketMaker
  /** The maker's balance of the auction's `buy` denom, base units. */
  budget: bigint
  /**
   * The maker's last {@link firstQualifyingBlock} in this auction (same curve, clock, market and
   * reserve), reused while it still answers: kept up to date by {@link planBid}.
   */
  memo?: QualifyingMemo | undefined
}

/**
 * A maker's first qualifying block in one auction, found from `fromBlock` on. It answers for
 * any later `fromBlock` up to its height (no block before it qualified), and `null` for every
 * later one: neither depends on the maker's budget nor on what is left of the lot, only on the
 * curve, clock, market and reserve, which are fixed for an auction.
 */
export interface QualifyingMemo {
  fromBlock: number
  block: QualifyingBlock | null
}

/** {@link firstQualifyingBlock}, from `memo` when it answers for `a.fromBlock`, else computed into it. */
function qualifying(a: PlanBidInput): QualifyingBlock | null {
  const m = a.memo
  if (m !== undefined && a.fromBlock >= m.fromBlock && (m.block === null || a.fromBlock <= m.block.height))
    return m.block
  const block = firstQualifyingBlock({
    auction: a.auction,
    curve: a.curve,
    clock: a.clock,
    market: a.market,
    marketChangePoints: a.marketChangePoints,
    reserve: a.reserve,
    fromBlock: a.fromBlock,
    marginBps: a.maker.marginBps,
  })
  if (m !== undefined) {
    m.fromBlock = a.fromBlock
    m.block = block
  }
  return block
}

/** A maker with its balance of the auction's `buy` denom (base units), for {@link planRound}. */
export interface MakerBudget {
  /** The maker. */
  maker: MarketMaker
  /** Its balance of the auction's `buy` denom, base units. */
  budget: bigint
}

/** The first block at which a maker's rule holds, without sizing (see {@link firstQualifyingBlock}). */
export interface QualifyingBlock {
  /** Block height. */
  height: number
  /** Unix seconds of the block. */
  time: number
  /** Auction price at the block (base units of buy per base unit of sell). */
  price: Dec
  /** Market price at the block's time (same units). */
  marketPrice: Dec
  /** Highest auction price the maker accepts at that time: marketPrice × (1 − marginBps / 10 000), truncated. */
  threshold: Dec
}

/**
 * The most a maker with `marginBps` pays for a pair whose market price is `market`:
 * market × (10 000 − marginBps) / 10 000, truncated toward zero to 18 digits (exactly
 * `market.mul(Dec.fromRatio(10000 − marginBps, 10000))`).
 */
export function bidThreshold(market: Dec, marginBps: number): Dec {
  return Dec.fromAtomics((market.atomics * BigInt(10_000 - marginBps)) / 10_000n)
}

/**
 * The first block h with max(fromBlock, startBlock) ≤ h ≤ endBlock at which
 * `curve.priceAt(h) ≤ bidThreshold(market(pair, clock.timeOf(h)), marginBps)`, or null.
 *
 * Computed without stepping through blocks: the window's times are cut at the market's change
 * points into segments of constant market price; in each segment (in order) the first block at or
 * below that segment's threshold comes from `curve.firstBlockAtOrBelow`, clamped to the segment.
 * Segment boundaries are found by binary search on `clock.timeOf`. Cost: O(#change points ×
 * log(window)) calls.
 *
 * @throws SimulationError `invalid_plan_input` for an invalid margin or block window; when the curve or the change
 *   points are inconsistent with `priceAt` / `market`; whatever `market` throws (e.g. a time before
 *   the price history starts).
 */
export function firstQualifyingBlock(a: PlanContext & { marginBps: number }): QualifyingBlock | null {
  const { auction, curve, clock, market, marketChangePoints, marginBps } = a
  checkMargin(marginBps)
  checkHeight('fromBlock', a.fromBlock)
  checkHeight('auction.startBlock', auction.startBlock)
  checkHeight('auction.endBlock', auction.endBlock)
  const lo = Math.max(a.fromBlock, auction.startBlock)
  const hi = auction.endBlock
  if (lo > hi) return null
  const pair = auction.pair
  const tLo = clock.timeOf(lo)
  const tHi = clock.timeOf(hi)
  if (!(tHi >= tLo))
    throw new SimulationError(
      'invalid_plan_input',
      `clock.timeOf is decreasing: ${lo} → ${tLo}, ${hi} → ${tHi}`,
    )

  let points: number[]
  if (marketChangePoints === undefined) {
    points = []
    const first = market(pair, tLo)
    const last = market(pair, tHi)
    if (!first.eq(last)) {
      throw new SimulationError(
        'market_changes_without_change_point',
        `market price of ${pair.join('/')} changes between ${tLo} (${first}) and ${tHi} (${last}): pass marketChangePoints`,
      )
    }
  } else {
    points = [...new Set(marketChangePoints(tLo, tHi).filter((t) => t > tLo && t <= tHi))].sort(
      (x, y) => x - y,
    )
  }

  let segStart = lo
  for (let k = 0; k <= points.length && segStart <= hi; k++) {
    const next = k < points.length ? firstBlockAtOrAfter(clock, points[k]!, segStart, hi) : hi + 1
    if (next > segStart) {
      const segEnd = next - 1
      const time = clock.timeOf(segStart)
      const marketPrice = market(pair, time)
      const threshold = bidThreshold(marketPrice, marginBps)
      const reserve = a.reserve?.(time)
      // with a live reserve above the maker's level no block of the segment qualifies
      const h = reserve !== undefined && reserve.gt(threshold) ? null : curve.firstBlockAtOrBelow(threshold)
      if (h !== null) {
        const height = Math.max(h, segStart)
        if (height <= segEnd) {
          const price = curve.priceAt(height)
          if (
            price.gt(threshold) ||
            (height > segStart && height > auction.startBlock && curve.priceAt(height - 1).lte(threshold))
          ) {
            throw new SimulationError(
              'curve_disagrees',
              `curve.firstBlockAtOrBelow(${threshold}) = ${h} disagrees with curve.priceAt`,
            )
          }
          const bidTime = clock.timeOf(height)
          if (bidTime !== time && !market(pair, bidTime).eq(marketPrice)) {
            throw new SimulationError(
              'market_changes_without_change_point',
              `market price of ${pair.join('/')} changes between ${time} and ${bidTime} without a change point`,
            )
          }
          if (reserve !== undefined && bidTime !== time && !a.reserve?.(bidTime)?.eq(reserve)) {
            throw new SimulationError(
              'market_changes_without_change_point',
              `live reserve of ${pair.join('/')} changes between ${time} and ${bidTime} without a change point`,
            )
          }
          const paid = reserve === undefined ? price : Dec.max(price, reserve)
          return { height, time: bidTime, price: paid, marketPrice, threshold }
        }
      }
    }
    segStart = next
  }
  return null
}

/**
 * How much a bid at `price` buys and sends: amountToBuy = min(available, floor(budget / price))
 * (the chain's floor(sent / price) on exact values), funds = ceil(amountToBuy × price) — the least that
 * buys it, never above `budget`. Null when nothing can be bought.
 * @throws SimulationError `invalid_plan_input` when `price` is not positive or an amount is negative.
 */
export function sizeBid(
  price: Dec,
  available: bigint,
  budget: bigint,
): { amountToBuy: bigint; funds: bigint } | null {
  if (!price.isPositive())
    throw new SimulationError('invalid_plan_input', `bid price must be positive, got ${price}`)
  if (available < 0n)
    throw new SimulationError('invalid_plan_input', `available must not be negative, got ${available}`)
  if (budget < 0n)
    throw new SimulationError('invalid_plan_input', `budget must not be negative, got ${budget}`)
  const affordable = (budget * Dec.SCALE) / price.atomics
  const amountToBuy = available < affordable ? available : affordable
  if (amountToBuy === 0n) return null
  const needed = price.mulCeil(amountToBuy)
  return { amountToBuy, funds: needed < budget ? needed : budget }
}

/**
 * Plans one maker's bid (pure): at the first block h ≥ fromBlock within the auction where the auction
 * price is at least `marginBps` better than the market, priceAt(h) ≤ market(pair, timeOf(h)) ×
 * (1 − marginBps / 10 000) (see {@link firstQualifyingBlock}), sized by {@link sizeBid}.
 * Null when no block qualifies or nothing can be bought (`available` 0 or `budget` below the price).
 * @throws as {@link firstQualifyingBlock} and {@link sizeBid}.
 */
export function planBid(a: PlanBidInput): PlannedBid | null {
  if (a.budget < 0n)
    throw new SimulationError(
      'invalid_plan_input',
      `budget of ${a.maker.address} must not be negative, got ${a.budget}`,
    )
  if (a.auction.available < 0n)
    throw new SimulationError(
      'invalid_plan_input',
      `auction.available must not be negative, got ${a.auction.available}`,
    )
  if (a.auction.available === 0n || a.budget === 0n) return null
  const q = qualifying(a)
  if (q === null) return null
  const size = sizeBid(q.price, a.auction.available, a.budget)
  if (size === null) return null
  return {
    maker: a.maker.address,
    height: q.height,
    time: q.time,
    price: q.price,
    marketPrice: q.marketPrice,
    amountToBuy: size.amountToBuy,
    funds: size.funds,
  }
}

/**
 * The next bid on an auction among several makers (pure): each maker's {@link planBid}, and the
 * earliest one wins; ties go to the lower `marginBps`, then the lower address (string order). The
 * runner executes it, then plans again for the rest if anything is left. Null when no maker bids.
 * With `memos` (by maker address, one map per auction, kept across rounds) each maker's qualifying
 * block is reused while it answers ({@link QualifyingMemo}): the same plans, found faster.
 */
export function planRound(
  makers: readonly MakerBudget[],
  auction: AuctionView,
  ctx: Omit<PlanContext, 'auction'>,
  memos?: Map<string, QualifyingMemo>,
): PlannedBid | null {
  let best: PlannedBid | null = null
  let bestMargin = 0
  // one input object for the round, of one fixed shape (a spread of `ctx` is slow), its maker
  // fields set per maker (planBid keeps no reference to it)
  const input: PlanBidInput = {
    auction,
    curve: ctx.curve,
    clock: ctx.clock,
    market: ctx.market,
    marketChangePoints: ctx.marketChangePoints,
    reserve: ctx.reserve,
    fromBlock: ctx.fromBlock,
    maker: { address: '', marginBps: 0 },
    budget: 0n,
    memo: undefined,
  }
  for (const { maker, budget } of makers) {
    let memo = memos?.get(maker.address)
    if (memos !== undefined && memo === undefined) {
      memo = { fromBlock: Number.POSITIVE_INFINITY, block: null }
      memos.set(maker.address, memo)
    }
    input.maker = maker
    input.budget = budget
    input.memo = memo
    const bid = planBid(input)
    if (bid === null) continue
    if (
      best === null ||
      bid.height < best.height ||
      (bid.height === best.height &&
        (maker.marginBps < bestMargin || (maker.marginBps === bestMargin && bid.maker < best.maker)))
    ) {
      best = bid
      bestMargin = maker.marginBps
    }
  }
  return best
}

/** Smallest h in [from, hi] with timeOf(h) ≥ time, or hi + 1. */
function firstBlockAtOrAfter(clock: BlockClock, time: number, from: number, hi: number): number {
  let lo = from
  let up = hi + 1
  while (lo < up) {
    const mid = lo + Math.floor((up - lo) / 2)
    if (clock.timeOf(mid) >= time) up = mid
    else lo = mid + 1
  }
  return lo
}

function checkMargin(marginBps: number): void {
  if (!Number.isSafeInteger(marginBps) || marginBps >= 10_000) {
    throw new SimulationError(
      'invalid_plan_input',
      `marginBps must be an integer below 10000, got ${marginBps}`,
    )
  }
}

function checkHeight(what: string, h: number): void {
  if (!Number.isSafeInteger(h))
    throw new SimulationError('invalid_plan_input', `${what} must be an integer block height, got ${h}`)
}
