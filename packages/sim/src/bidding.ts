/**
 * The market makers' part of a simulated day (architecture.md, "Simulator"): between the
 * keeper's ticks they bid in the auctions the tick opened, through the chain port, and each fill
 * is recorded from the chain's `auction-do-bid` event and the maker's plan.
 */
import { type AuctionCurve, curveOf } from '@rebalancer/auction'
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
import { type MakerBudget, type PlannedBid, planRound } from './market-maker.js'
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
}

/** The auction an `auction-open` event announces (its contract is the auction's address). */
export function openAuctionFrom(
  event: Extract<ValenceEvent, { action: typeof VALENCE_ACTIONS.auctionOpen }>,
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
    curve: curveOf(window),
  }
}

/** Unix seconds of the latest block, through the chain port. */
async function blockTime(sim: Simulation): Promise<number> {
  return Math.floor(Date.parse((await sim.reader.getBlock()).header.time) / 1000)
}

/**
 * Market makers bid in the open auctions until none wants to: each round every maker plans its
 * first qualifying block in every auction (from the curve, not block by block), the earliest
 * plan across all auctions is executed on chain, and the rest are planned again. Budgets and the
 * clock are read through the chain port; each fill is the bid's `auction-do-bid` event (height,
 * price, bought, paid = sent − refunded) with the plan's time and market price.
 * @throws RebalancerError `missing_bid_event` when an accepted bid reports no `auction-do-bid`.
 */
export async function runBidding(sim: Simulation, open: OpenAuction[]): Promise<void> {
  const { feed } = sim
  for (;;) {
    const h0 = await sim.reader.getHeight()
    const t0 = await blockTime(sim)
    let best: { plan: PlannedBid; auction: OpenAuction } | null = null
    for (const auction of open) {
      if (auction.available === 0n || h0 > auction.endBlock) continue
      const budgets: MakerBudget[] = []
      for (const m of sim.makers) {
        budgets.push({
          maker: m,
          budget: BigInt((await sim.reader.getBalance(m.address, auction.pair[1])).amount),
        })
      }
      const plan = planRound(
        budgets,
        {
          pair: auction.pair,
          startBlock: auction.startBlock,
          endBlock: auction.endBlock,
          available: auction.available,
        },
        {
          curve: auction.curve,
          clock: { timeOf: (h) => t0 + (h - h0) * sim.net.blockTimeSeconds },
          market: (pair, time) => feed.pairPrice(pair, time),
          marketChangePoints: (from, to) => feed.changePoints(from, to, auction.pair),
          fromBlock: Math.max(h0 + 1, auction.startBlock),
        },
      )
      if (plan && (!best || plan.height < best.plan.height)) best = { plan, auction }
    }
    if (!best) return
    const { plan, auction } = best
    // the clock is the simulator's: blocks pass until the planned one
    sim.net.advanceBlocks(plan.height - h0)
    const res = await sim
      .clientFor(plan.maker)
      .execute(plan.maker, auction.address, { bid: {} }, 'auto', '', [
        { denom: auction.pair[1], amount: plan.funds.toString() },
      ])
    const [bid] = eventsOf(decodeValenceEvents(res.events), VALENCE_ACTIONS.auctionDoBid)
    if (!bid) {
      throw new RebalancerError(
        'missing_bid_event',
        `the bid of ${plan.maker} in ${auction.address} reported no auction-do-bid event`,
      )
    }
    auction.fills.push({
      maker: bid.data.bidder,
      height: bid.data.height,
      time: plan.time,
      price: bid.data.price,
      market_price: plan.marketPrice.toString(),
      bought: bid.data.bought,
      paid: (BigInt(bid.data.sent) - BigInt(bid.data.refunded)).toString(),
    })
    auction.available -= BigInt(bid.data.bought)
  }
}
