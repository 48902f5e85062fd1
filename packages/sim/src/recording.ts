/**
 * The record of a simulated day (report `history[]`): built from what the keeper's ticks
 * returned (decoded events and payouts), the bids' fills, and typed queries through the chain
 * port. Nothing here changes the chain.
 */
import {
  auctionQueries,
  type OpeningSkipped,
  oracleQueries,
  rebalancerQueries,
  runQuery,
  type Transfer,
} from '@rebalancer/adapters'
import {
  Dec,
  eventsOf,
  pairKey,
  RebalancerError,
  type ReportAccountCycle,
  type ReportAccountFill,
  type ReportAuction,
  type ReportCycle,
  type ReportFill,
  VALENCE_ACTIONS,
  type ValenceEvent,
} from '@rebalancer/types'
import { type OpenAuction, vsMarketBps } from './bidding.js'
import type { MarketFeed } from './market.js'
import type { Simulation } from './setup.js'

/** The oracle's stored prices by pair key (`get_all_prices`, typed, first 100). */
export async function oraclePrices(sim: Simulation): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  const page = await runQuery(sim.reader, oracleQueries.getAllPrices(sim.deployment.oracle, { limit: 100 }))
  for (const [pair, p] of page) out[pairKey([pair[0], pair[1]])] = p.price
  return out
}

/**
 * What each account deposited into each auction that is about to finish (its current funds:
 * `clean_after_auction` removes them, so they are read before the finishing tick).
 */
export async function depositsBefore(
  sim: Simulation,
  open: readonly OpenAuction[],
): Promise<Map<string, Map<string, bigint>>> {
  const out = new Map<string, Map<string, bigint>>()
  for (const a of open) {
    const byAccount = new Map<string, bigint>()
    for (const acc of sim.accounts) {
      const funds = await runQuery(sim.reader, auctionQueries.getFundsAmount(a.address, acc.address))
      byAccount.set(acc.address, BigInt(funds.curr))
    }
    out.set(a.address, byAccount)
  }
  return out
}

/** Volume-weighted USD per base unit of `denom` over an auction's fills (by amount bought). */
function fillUsd(feed: MarketFeed, denom: string, fills: readonly ReportFill[], fallbackTime: number): Dec {
  const total = fills.reduce((s, f) => s + BigInt(f.bought), 0n)
  if (total === 0n) return feed.usdPerBaseUnit(denom, fallbackTime)
  let acc = Dec.ZERO
  for (const f of fills) acc = acc.add(feed.usdPerBaseUnit(denom, f.time).mulInt(BigInt(f.bought)))
  return acc.div(Dec.fromInt(total))
}

/** Why an account is paused (`get_paused_config`, typed), or null when it is not. */
async function pausedReason(sim: Simulation, account: string): Promise<string | null> {
  try {
    const p = await runQuery(
      sim.reader,
      rebalancerQueries.getPausedConfig(sim.deployment.rebalancer, account),
    )
    return typeof p.reason === 'string' ? p.reason : JSON.stringify(p.reason)
  } catch {
    // the rebalancer refuses the query for an account that is not paused
    return null
  }
}

/** What {@link recordAuctions} and {@link recordAccounts} read from a day's ticks. */
export interface DayEvents {
  /** The auctions opened for the day, with their fills. */
  open: readonly OpenAuction[]
  /** Every valence event of the day's cycle (rebalance) and of the finishing tick (close). */
  events: readonly ValenceEvent[]
  /** The finishing tick's payouts. */
  transfers: readonly Transfer[]
}

/**
 * The day's auctions from their `auction-close` events (lot, sold, resolved) and fills, with the
 * execution measures: the market at the opening and the start price against it, containment's
 * re-anchoring (its `auction-containment` event), and what did not sell and why.
 * @throws RebalancerError `auction_not_closed` when an opened auction reported no close.
 */
export function recordAuctions(sim: Pick<Simulation, 'feed'>, day: DayEvents): ReportAuction[] {
  const closes = eventsOf(day.events, VALENCE_ACTIONS.auctionClose)
  const contained = eventsOf(day.events, VALENCE_ACTIONS.auctionContainment)
  return day.open.map((a) => {
    const close = closes.find((c) => c.contract === a.address)
    if (!close) {
      throw new RebalancerError(
        'auction_not_closed',
        `auction ${a.address} (${pairKey(a.pair)}) did not close`,
      )
    }
    const sold = BigInt(close.data.sold)
    const resolved = BigInt(close.data.resolved)
    const unsold = BigInt(close.data.total_amount) - sold
    const anchor = contained.find((c) => c.contract === a.address && c.data.verdict === 're_anchored')
    return {
      pair: [a.pair[0], a.pair[1]],
      lot: close.data.total_amount,
      sold: sold.toString(),
      resolved: resolved.toString(),
      start_price: a.startPrice.toString(),
      end_price: a.endPrice.toString(),
      average_price: sold > 0n ? Dec.fromRatio(resolved, sold).toString() : null,
      start_block: a.startBlock,
      end_block: a.endBlock,
      opened_at: a.openedAt,
      market_price_at_open: a.marketAtOpen.toString(),
      start_vs_market_bps: vsMarketBps(a.startPrice, a.marketAtOpen),
      containment: anchor
        ? {
            verdict: 're_anchored',
            breach: anchor.data.breach ?? 'start_below_floor',
            oracle_start_price: anchor.data.oracle_start_price,
            reference: anchor.data.reference ?? '0',
            floor: anchor.data.floor ?? '0',
          }
        : null,
      fills: a.fills,
      unfilled:
        unsold > 0n
          ? {
              amount: unsold.toString(),
              usd: sim.feed.valueUsd(a.pair[0], unsold, a.openedAt).toString(),
              reason: a.unfilledReason ?? 'price_above_market',
            }
          : null,
    }
  })
}

/**
 * The openings the keeper's own check did not send (`RebalancerClient.tick`'s `skipped`, as on the
 * deployed contracts), in the report's `contained` form with `by: 'keeper'`.
 */
export function recordSkipped(skipped: readonly OpeningSkipped[]): ReportCycle['contained'] {
  return skipped.map((s) => ({
    pair: [s.pair[0], s.pair[1]],
    by: 'keeper',
    verdict: s.reason === 'no_reference' || s.reason === 'no_start_price' ? s.reason : 'refused',
    breach: s.reason === 'start_below_floor' || s.reason === 'end_above_reference' ? s.reason : null,
    oracle_start_price: s.startPrice?.toString() ?? null,
    reference: s.reference?.toString() ?? null,
    floor: s.floor?.toString() ?? null,
  }))
}

/** The openings containment kept closed (`auction-containment` `refused` / `no_reference`). */
export function recordContained(events: readonly ValenceEvent[]): ReportCycle['contained'] {
  return eventsOf(events, VALENCE_ACTIONS.auctionContainment).flatMap((e) =>
    e.data.verdict === 're_anchored'
      ? []
      : [
          {
            pair: [e.data.pair[0], e.data.pair[1]] as [string, string],
            by: 'auction' as const,
            verdict: e.data.verdict,
            breach: e.data.breach,
            oracle_start_price: e.data.oracle_start_price,
            reference: e.data.reference,
            floor: e.data.floor,
          },
        ],
  )
}

/** What {@link recordAccounts} reads of each account on a chain (the localnet's: {@link localnetAccountReads}). */
export interface AccountReads {
  /** `address`'s balance of `denom`, base units. */
  balance(address: string, denom: string): bigint | Promise<bigint>
  /** Why the account is paused (the wire reason, JSON text unless a string), or null. */
  pausedReason(address: string): string | null | Promise<string | null>
}

/** The localnet's {@link AccountReads}: balances and `get_paused_config` through the chain port. */
export function localnetAccountReads(sim: Simulation): AccountReads {
  return {
    balance: async (address, denom) => BigInt((await sim.reader.getBalance(address, denom)).amount),
    pausedReason: (address) => pausedReason(sim, address),
  }
}

/**
 * Every account after the day: its payouts per auction (from the transfers), balances and
 * weights (balances from `reads`, valued at `time`), its rebalance event's trades and total
 * value, its pause reason, and (correction 13) whether its trigger fired and its one-time orders.
 */
export async function recordAccounts(
  sim: Pick<Simulation, 'feed' | 'accounts'>,
  day: DayEvents,
  deposits: Map<string, Map<string, bigint>>,
  time: number,
  reads: AccountReads,
): Promise<ReportAccountCycle[]> {
  const { feed } = sim
  const rebalances = new Map(
    eventsOf(day.events, VALENCE_ACTIONS.rebalancerAccountRebalance).map((e) => [e.data.account, e.data]),
  )
  const out: ReportAccountCycle[] = []
  for (const acc of sim.accounts) {
    const fills: ReportAccountFill[] = []
    for (const a of day.open) {
      // what the auction paid the account in `denom` (a loop: this runs for every account,
      // auction and denom of every day)
      const got = (denom: string) => {
        let sum = 0n
        for (const t of day.transfers) {
          if (t.sender !== a.address || t.recipient !== acc.address) continue
          for (const c of t.coins) if (c.denom === denom) sum += c.amount
        }
        return sum
      }
      const deposited = deposits.get(a.address)?.get(acc.address) ?? 0n
      if (deposited === 0n) continue
      const sold = deposited - got(a.pair[0])
      const received = got(a.pair[1])
      fills.push({
        pair: [a.pair[0], a.pair[1]],
        deposited: deposited.toString(),
        sold: sold.toString(),
        received: received.toString(),
        sold_usd: fillUsd(feed, a.pair[0], a.fills, time).mulInt(sold).toString(),
        received_usd: fillUsd(feed, a.pair[1], a.fills, time).mulInt(received).toString(),
      })
    }
    const balances: Record<string, string> = {}
    const values: Record<string, Dec> = {}
    for (const t of acc.config.targets) {
      const read = reads.balance(acc.address, t.denom)
      const b = read instanceof Promise ? await read : read
      balances[t.denom] = b.toString()
      values[t.denom] = feed.valueUsd(t.denom, b, time)
    }
    const total = Dec.sum(Object.values(values))
    const weights: Record<string, string> = {}
    for (const [denom, v] of Object.entries(values))
      weights[denom] = (total.isZero() ? Dec.ZERO : v.div(total)).toString()
    const rebalance = rebalances.get(acc.address)
    out.push({
      name: acc.name,
      balances,
      total_usd: total.toString(),
      weights,
      trades: (rebalance?.trades ?? []).map((t) => ({ pair: [t.pair[0], t.pair[1]], amount: t.amount })),
      total_value_base: rebalance?.total_value ?? null,
      fills,
      paused: await reads.pausedReason(acc.address),
      ...(rebalance?.triggered === undefined
        ? {}
        : { triggered: rebalance.triggered, trigger_reason: rebalance.trigger_reason ?? '' }),
      ...(rebalance?.orders === undefined
        ? {}
        : {
            orders: {
              sent: rebalance.orders.map((t) => ({
                pair: [t.pair[0], t.pair[1]] as [string, string],
                amount: t.amount,
              })),
              refused: rebalance.orders_refused ?? [],
            },
          }),
    })
  }
  return out
}
