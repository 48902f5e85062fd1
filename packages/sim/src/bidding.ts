/**
 * The market makers' part of a simulated day (architecture.md, "Simulator"): between the
 * keeper's ticks they bid in the auctions the tick opened, through the chain port, and each fill
 * is recorded from the chain's `auction-do-bid` event and the maker's plan.
 */
import { type AuctionCurve, curveOf, liveReserve, type PriceCurve } from '@rebalancer/auction'
import {
  Dec,
  decodeValenceEvents,
  eventsOf,
  type Pair,
  RebalancerError,
  type ReportFill,
  VALENCE_ACTIONS,
  type ValenceEvent,
} from '@rebalancer/types'
import {
  type AuctionView,
  type BlockClock,
  firstQualifyingBlock,
  type MakerBudget,
  type PlanContext,
  type PlannedBid,
  planRound,
  type QualifyingMemo,
} from './market-maker.js'
import type { Simulation } from './setup.js'

/** An auction the keeper's tick opened, followed through its bids. */
export interface OpenAuction {
  pair: Pair
  /** The auction contract's address. */
  address: string
  startBlock: number
  endBlock: number
  startPrice: Dec
  endPrice: Dec
  /** Sell-denom base units still for sale. */
  available: bigint
  /** Sell-denom base units the auction opened with. */
  lot: bigint
  fills: ReportFill[]
  /** The running auction's price curve, built once (the bid planner asks it many times). */
  curve: AuctionCurve
  /** Unix seconds of the opening block. */
  openedAt: number
  /** The market price of the pair at the opening. */
  marketAtOpen: Dec
  /** Set when bidding ends with sell units left: why (the report's `unfilled.reason`). */
  unfilledReason?: UnfilledReason | null
}

/** Fills in the first `EARLY_WINDOW_BPS` of an auction's blocks count as early: 100 bps = 1%. */
export const EARLY_WINDOW_BPS = 100

/**
 * The least price that counts as "at the start price": start × (1 − 1 bps), truncated. The first
 * block open to bids is one block after the opening, a fraction of a bps below the start.
 */
export function startPriceBand(startPrice: Dec): Dec {
  return Dec.fromAtomics((startPrice.atomics * 9_999n) / 10_000n)
}

/** (price / market − 1) × 10000 as a number of bps (negative = below the market). */
export function vsMarketBps(price: Dec, market: Dec): number {
  return price.div(market).sub(Dec.ONE).mulInt(10_000n).toNumber()
}

/**
 * The auction an `auction-open` event announces (its contract is the auction's address), priced
 * by `curve` when the caller already has the running auction's (`curveOf` of the event's window
 * and `shape`), else by a new `curveOf(window, shape)`.
 */
export function openAuctionFrom(
  event: Extract<ValenceEvent, { action: typeof VALENCE_ACTIONS.auctionOpen }>,
  at: { time: number; market: Dec },
  shape?: PriceCurve,
  curve?: AuctionCurve,
): OpenAuction {
  const window = {
    startBlock: event.data.start_block,
    endBlock: event.data.end_block,
    startPrice: Dec.parse(event.data.start_price),
    endPrice: Dec.parse(event.data.end_price),
  }
  return {
    pair: [event.data.pair[0], event.data.pair[1]],
    address: event.contract,
    ...window,
    available: BigInt(event.data.total_amount),
    lot: BigInt(event.data.total_amount),
    fills: [],
    curve: curve ?? curveOf(window, shape),
    openedAt: at.time,
    marketAtOpen: at.market,
  }
}

/** Why a lot (or part of it) did not sell; see {@link unfilledReason}. */
export type UnfilledReason = 'maker_capital' | 'live_reserve' | 'price_above_market'

/**
 * Why an auction keeps sell units nobody bought: `maker_capital` when some maker's rule held at
 * a block of the window (the price, live reserve included, fell to its level) but none had the
 * funds; `live_reserve` when the curve fell to a maker's level but the live reserve kept the
 * price above it (the makers ask more than the reserve allows); else `price_above_market` (the
 * price never fell to any maker's level). Null when it sold out.
 */
function unfilledReason(
  sim: BiddingSimulation,
  auction: OpenAuction,
  clock: BlockClock,
): UnfilledReason | null {
  if (auction.available === 0n) return null
  const context = planContext(sim, auction, clock, auction.startBlock)
  const reaches = (reserve: typeof context.reserve) =>
    sim.makers.some(
      (m) =>
        firstQualifyingBlock({
          auction: auctionView(auction),
          ...context,
          reserve,
          marginBps: m.marginBps,
        }) !== null,
    )
  if (reaches(context.reserve)) return 'maker_capital'
  return context.reserve !== undefined && reaches(undefined) ? 'live_reserve' : 'price_above_market'
}

/**
 * What the planner needs of the market and the live reserve for `auction`: the market price, the
 * times either may change (the market's change points, and the same shifted by the reference's
 * delay), and the reserve (reference × (1 − max_discount_bps)) when containment has one.
 */
function marketView(sim: BiddingSimulation, auction: OpenAuction) {
  const discount = sim.settings.containment?.maxDiscountBps
  const delay = sim.reference.options.delaySeconds
  const memo = memoOf(auction)
  return {
    // every maker in every round asks the same times of the auction's pair: each is computed once
    market: (pair: Pair, time: number) => {
      if (pair[0] !== auction.pair[0] || pair[1] !== auction.pair[1]) return sim.feed.pairPrice(pair, time)
      let price = memo.market.get(time)
      if (price === undefined) {
        price = sim.feed.pairPrice(pair, time)
        memo.market.set(time, price)
      }
      return price
    },
    marketChangePoints: (from: number, to: number) =>
      discount === undefined || delay === 0
        ? sim.feed.changePoints(from, to, auction.pair)
        : [
            ...sim.feed.changePoints(from, to, auction.pair),
            ...sim.feed.changePoints(from - delay, to - delay, auction.pair).map((t) => t + delay),
          ],
    reserve:
      discount === undefined
        ? undefined
        : (time: number) => {
            if (memo.reserve.has(time)) return memo.reserve.get(time)
            const reference = sim.reference.at(auction.pair, time)
            const reserve = reference === undefined ? undefined : liveReserve(reference, discount)
            memo.reserve.set(time, reserve)
            return reserve
          },
  }
}

/**
 * The market prices and live reserves of an auction's pair already computed, by unix second (both
 * are functions of the time alone: the price history and the reference's fixed delay and error).
 */
interface MarketMemo {
  market: Map<number, Dec>
  reserve: Map<number, Dec | undefined>
  /** Each maker's last qualifying block in the auction (see {@link QualifyingMemo}). */
  qualifying: Map<string, QualifyingMemo>
}
const MEMOS = new WeakMap<OpenAuction, MarketMemo>()
function memoOf(auction: OpenAuction): MarketMemo {
  let memo = MEMOS.get(auction)
  if (memo === undefined) {
    memo = { market: new Map(), reserve: new Map(), qualifying: new Map() }
    MEMOS.set(auction, memo)
  }
  return memo
}

/** What the bid planner knows of an auction: its pair, window and what is left. */
function auctionView(auction: OpenAuction): AuctionView {
  return {
    pair: auction.pair,
    startBlock: auction.startBlock,
    endBlock: auction.endBlock,
    available: auction.available,
  }
}

/** The rest of a plan's context: the curve, the clock, the market and reserve, the first block. */
function planContext(
  sim: BiddingSimulation,
  auction: OpenAuction,
  clock: BlockClock,
  fromBlock: number,
): Omit<PlanContext, 'auction'> {
  return { curve: auction.curve, clock, ...marketView(sim, auction), fromBlock }
}

/** Unix seconds of the latest block, through the chain port. */
export async function blockTime(sim: Simulation): Promise<number> {
  return Math.floor(Date.parse((await sim.reader.getBlock()).header.time) / 1000)
}

/** What a chain reports of one accepted bid: the `auction-do-bid` event's data. */
export type BidReport = Extract<ValenceEvent, { action: typeof VALENCE_ACTIONS.auctionDoBid }>['data']

/**
 * What the makers' bidding reads and does on a chain: the localnet through the chain port
 * ({@link localnetBidding}), or the fast path's engines (`fast.ts`). Either answers synchronously
 * or with a promise; {@link runBidding} awaits only a promise (tens of thousands of reads a run).
 */
export interface BiddingChain {
  /** Height and unix seconds of the latest block. */
  block(): { height: number; time: number } | Promise<{ height: number; time: number }>
  /** Seconds between blocks (uniform). */
  readonly blockTimeSeconds: number
  /** `address`'s balance of `denom`, base units. */
  balance(address: string, denom: string): bigint | Promise<bigint>
  /**
   * `n` blocks pass: the simulator moves its clock, or (a chain whose clock runs by itself, e.g.
   * a served localnet) a promise that resolves once they have passed and rejects to give the
   * round up.
   */
  advanceBlocks(n: number): void | Promise<void>
  /**
   * `maker` sends a `bid {}` of `funds` buy-denom units to `auction` in the current block.
   * @throws the chain's refusal.
   */
  bid(maker: string, auction: OpenAuction, funds: bigint): BidReport | Promise<BidReport>
}

/**
 * The localnet's {@link BiddingChain}: reads through the chain port, bids as a transaction, each
 * fill from the bid's `auction-do-bid` event.
 * @throws RebalancerError `missing_bid_event` (from `bid`) when an accepted bid reports no `auction-do-bid`.
 */
export function localnetBidding(sim: Simulation): BiddingChain {
  return {
    block: async () => ({ height: await sim.reader.getHeight(), time: await blockTime(sim) }),
    blockTimeSeconds: sim.net.blockTimeSeconds,
    balance: async (address, denom) => BigInt((await sim.reader.getBalance(address, denom)).amount),
    advanceBlocks: (n) => sim.net.advanceBlocks(n),
    bid: async (maker, auction, funds) => {
      const res = await sim
        .clientFor(maker)
        .execute(maker, auction.address, { bid: {} }, 'auto', '', [
          { denom: auction.pair[1], amount: funds.toString() },
        ])
      const [bid] = eventsOf(decodeValenceEvents(res.events), VALENCE_ACTIONS.auctionDoBid)
      if (!bid) {
        throw new RebalancerError(
          'missing_bid_event',
          `the bid of ${maker} in ${auction.address} reported no auction-do-bid event`,
        )
      }
      return bid.data
    },
  }
}

/** The parts of a simulation the makers' planning reads (a prepared {@link Simulation} has them). */
export type BiddingSimulation = Pick<Simulation, 'makers' | 'settings' | 'feed' | 'reference'>

/**
 * Market makers bid in the open auctions until none wants to: each round every maker plans its
 * first qualifying block in every auction (from the curve, not block by block), the earliest
 * plan across all auctions is executed on the chain, and the rest are planned again. Budgets and
 * the clock are read from `chain` (the localnet's is {@link localnetBidding}); each fill is
 * the bid's report (height, price, bought, paid = sent − refunded) with the plan's time and
 * market price. The first round plans from the block after the opening; after a bid, the next
 * may land in the same block (a chain takes many transactions a block: makers crossing their
 * levels together all fill there).
 * @throws RebalancerError `missing_bid_event` when an accepted bid reports no `auction-do-bid`;
 *   the chain's refusal of a bid.
 */
export async function runBidding(
  sim: BiddingSimulation,
  open: OpenAuction[],
  chain: BiddingChain,
): Promise<void> {
  // the first block a bid may land in: the one after the opening, then the last bid's own block
  let sameBlock = false
  for (;;) {
    const block = chain.block()
    const { height: h0, time: t0 } = block instanceof Promise ? await block : block
    const from = sameBlock ? h0 : h0 + 1
    const clock = { timeOf: (h: number) => t0 + (h - h0) * chain.blockTimeSeconds }
    let best: { plan: PlannedBid; auction: OpenAuction } | null = null
    for (const auction of open) {
      if (auction.available === 0n || h0 > auction.endBlock) continue
      const budgets: MakerBudget[] = []
      for (const m of sim.makers) {
        const budget = chain.balance(m.address, auction.pair[1])
        budgets.push({ maker: m, budget: budget instanceof Promise ? await budget : budget })
      }
      const plan = planRound(
        budgets,
        auctionView(auction),
        planContext(sim, auction, clock, Math.max(from, auction.startBlock)),
        memoOf(auction).qualifying,
      )
      if (plan && (!best || plan.height < best.plan.height)) best = { plan, auction }
    }
    if (!best) {
      for (const auction of open) auction.unfilledReason = unfilledReason(sim, auction, clock)
      return
    }
    const { plan, auction } = best
    // blocks pass until the planned one (the simulator's clock, or waiting for the chain's)
    const passed = chain.advanceBlocks(plan.height - h0)
    if (passed instanceof Promise) await passed
    sameBlock = true
    const done = chain.bid(plan.maker, auction, plan.funds)
    const bid = done instanceof Promise ? await done : done
    const price = Dec.parse(bid.price)
    const window = auction.endBlock - auction.startBlock
    auction.fills.push({
      maker: bid.bidder,
      height: bid.height,
      time: plan.time,
      price: bid.price,
      market_price: plan.marketPrice.toString(),
      bought: bid.bought,
      paid: (BigInt(bid.sent) - BigInt(bid.refunded)).toString(),
      vs_market_bps: vsMarketBps(price, plan.marketPrice),
      margin_bps: sim.makers.find((m) => m.address === bid.bidder)?.marginBps ?? 0,
      at_start_price: price.gte(startPriceBand(auction.startPrice)),
      early: (bid.height - auction.startBlock) * 10_000 < window * EARLY_WINDOW_BPS,
    })
    auction.available -= BigInt(bid.bought)
  }
}
