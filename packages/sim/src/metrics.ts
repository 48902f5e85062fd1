import {
  Dec,
  pairKey,
  type ReportAccountSummary,
  type ReportAuction,
  type ReportCycle,
  type ReportExecution,
  type RunReport,
} from '@rebalancer/types'
import type { MarketFeed } from './market.js'
import type { Simulation } from './setup.js'

/** One percentage point as a weight (fraction of 1). */
export const ONE_PP = Dec.parse('0.01')

/**
 * Whether every weight of `weights` is within `tolerance` (fraction of 1, default 1 pp) of its
 * target (`bps` / 10000).
 */
export function withinTolerance(
  weights: Readonly<Record<string, string>>,
  targets: readonly { denom: string; bps: number }[],
  tolerance: Dec = ONE_PP,
): boolean {
  return targets.every((t) => {
    const w = Dec.parse(weights[t.denom] ?? '0')
    return w
      .sub(Dec.fromRatio(BigInt(t.bps), 10_000n))
      .abs()
      .lte(tolerance)
  })
}

/**
 * How soon and how steadily account `index` of a run's `history` stayed near its `targets`: the
 * days until every weight was first within `tolerance` (a weight fraction, default 1 pp) of its
 * target, counting the first day as 1, and the share of the days from then on (that day
 * included) with every weight within it (0..1). Both null when it never got there.
 */
export function daysWithin(
  history: readonly ReportCycle[],
  index: number,
  targets: readonly { denom: string; bps: number }[],
  tolerance: Dec = ONE_PP,
): { daysToWithin: number | null; shareWithinAfter: number | null } {
  let first: number | null = null
  let within = 0
  for (const [k, c] of history.entries()) {
    const ok = withinTolerance(c.accounts[index]!.weights, targets, tolerance)
    if (ok && first === null) first = k
    if (first !== null && ok) within += 1
  }
  return first === null
    ? { daysToWithin: null, shareWithinAfter: null }
    : { daysToWithin: first + 1, shareWithinAfter: within / (history.length - first) }
}

/**
 * Execution against the market, volume-weighted, in bps: (received USD / sold USD − 1) × 10000,
 * both valued at the market prices at fill time. Null when nothing sold.
 */
export function executionBps(soldUsd: Dec, receivedUsd: Dec): number | null {
  if (soldUsd.isZero()) return null
  return receivedUsd.div(soldUsd).sub(Dec.ONE).mulInt(10_000n).toNumber()
}

/** `part` as bps of `whole` (negative when `part` is given up), or null when `whole` is 0. */
function bpsOf(part: Dec, whole: Dec): number | null {
  return whole.isZero() ? null : part.neg().div(whole).mulInt(10_000n).toNumber()
}

/**
 * The makers' margins in an auction, in USD: Σ over fills of the market value of what was bought
 * at the fill's time × the bidding maker's `margin_bps` / 10000 (what the makers' rule takes).
 */
export function auctionMarginUsd(feed: MarketFeed, auction: ReportAuction): Dec {
  let usd = Dec.ZERO
  for (const f of auction.fills) {
    usd = usd.add(
      feed
        .valueUsd(auction.pair[0], BigInt(f.bought), f.time)
        .mul(Dec.fromRatio(BigInt(f.margin_bps), 10_000n)),
    )
  }
  return usd
}

/**
 * The per-account summary of a run (report `summary`): value, weights, the days to reach its
 * targets, and its execution: what it sold (at fill-time market prices), what it gave up, and
 * that split into the winning makers' margins (its share of each auction's
 * {@link auctionMarginUsd}, by the units it sold) and the rest.
 */
export function summarise(sim: Simulation, history: readonly ReportCycle[]): ReportAccountSummary[] {
  return sim.accounts.map((acc, i) => {
    const targets = acc.config.targets
    const within = daysWithin(history, i, targets)
    let soldUsd = Dec.ZERO
    let receivedUsd = Dec.ZERO
    let marginUsd = Dec.ZERO
    let unsoldUsd = Dec.ZERO
    for (const cycle of history) {
      const a = cycle.accounts[i]!
      for (const f of a.fills) {
        soldUsd = soldUsd.add(Dec.parse(f.sold_usd))
        receivedUsd = receivedUsd.add(Dec.parse(f.received_usd))
        const auction = cycle.auctions.find((x) => pairKey(x.pair) === pairKey(f.pair))
        const auctionSold = BigInt(auction?.sold ?? '0')
        const unsold = BigInt(f.deposited) - BigInt(f.sold)
        if (auction && unsold > 0n)
          unsoldUsd = unsoldUsd.add(sim.feed.valueUsd(f.pair[0], unsold, auction.opened_at))
        if (auction && auctionSold > 0n) {
          marginUsd = marginUsd.add(
            auctionMarginUsd(sim.feed, auction).mul(Dec.fromRatio(BigInt(f.sold), auctionSold)),
          )
        }
      }
    }
    const last = history[history.length - 1]?.accounts[i]
    const endWeights: ReportAccountSummary['end_weights'] = {}
    for (const t of targets) {
      endWeights[t.denom] = {
        weight: last?.weights[t.denom] ?? '0',
        target: Dec.fromRatio(BigInt(t.bps), 10_000n).toString(),
      }
    }
    const givenUp = soldUsd.sub(receivedUsd)
    const otherUsd = givenUp.sub(marginUsd)
    return {
      name: acc.name,
      address: acc.address,
      start_usd: acc.startUsd.toString(),
      end_usd: last?.total_usd ?? acc.startUsd.toString(),
      end_weights: endWeights,
      days_to_within_1pp: within.daysToWithin,
      share_within_1pp_after: within.shareWithinAfter,
      volume_sold_usd: soldUsd.toString(),
      execution_vs_market_bps: executionBps(soldUsd, receivedUsd),
      given_up_usd: givenUp.toString(),
      margin_usd: marginUsd.toString(),
      other_usd: otherUsd.toString(),
      margin_bps: bpsOf(marginUsd, soldUsd),
      other_bps: bpsOf(otherUsd, soldUsd),
      unsold_usd: unsoldUsd.toString(),
    }
  })
}

/** Describes a containment setting for the report: `off`, or the action, premium and live reserve. */
function containmentText(c: Simulation['settings']['containment']): string {
  if (c === null) return 'off'
  const reserve =
    c.maxDiscountBps === undefined ? 'no live reserve' : `live reserve reference − ${c.maxDiscountBps} bps`
  return `${c.action} below reference + ${c.minPremiumBps} bps, ${reserve}`
}

/**
 * Execution quality over the run (report `execution`): every auction against the market at its
 * opening (opened below the market, re-anchored, refused), every fill against the market at its
 * time (USD given up, fills at the start price and early, the worst fill), and the lots left
 * unsold with their reasons. USD at fill-time market prices.
 */
export function executionSummary(sim: Simulation, history: readonly ReportCycle[]): ReportExecution {
  const { feed, settings } = sim
  let auctions = 0
  let belowMarket = 0
  let reAnchored = 0
  let refused = 0
  let fills = 0
  let soldUsd = Dec.ZERO
  let receivedUsd = Dec.ZERO
  const atStart = { fills: 0, usd: Dec.ZERO }
  const early = { fills: 0, usd: Dec.ZERO }
  const unfilled = { lots: 0, usd: Dec.ZERO, maker_capital: 0, live_reserve: 0, price_above_market: 0 }
  let worst: ReportExecution['worst_fill'] = null
  for (const cycle of history) {
    refused += cycle.contained.length
    for (const a of cycle.auctions) {
      auctions += 1
      if (Dec.parse(a.start_price).lt(Dec.parse(a.market_price_at_open))) belowMarket += 1
      if (a.containment) reAnchored += 1
      if (a.unfilled) {
        unfilled.lots += 1
        unfilled.usd = unfilled.usd.add(Dec.parse(a.unfilled.usd))
        unfilled[a.unfilled.reason] += 1
      }
      for (const f of a.fills) {
        fills += 1
        const sold = feed.valueUsd(a.pair[0], BigInt(f.bought), f.time)
        soldUsd = soldUsd.add(sold)
        receivedUsd = receivedUsd.add(feed.valueUsd(a.pair[1], BigInt(f.paid), f.time))
        if (f.at_start_price) {
          atStart.fills += 1
          atStart.usd = atStart.usd.add(sold)
        }
        if (f.early) {
          early.fills += 1
          early.usd = early.usd.add(sold)
        }
        if (worst === null || f.vs_market_bps < worst.vs_market_bps) {
          worst = {
            day: cycle.day,
            pair: [a.pair[0], a.pair[1]],
            price: f.price,
            market_price: f.market_price,
            vs_market_bps: f.vs_market_bps,
          }
        }
      }
    }
  }
  const share = (usd: Dec) => (soldUsd.isZero() ? 0 : usd.div(soldUsd).mulInt(10_000n).toNumber())
  const givenUp = soldUsd.sub(receivedUsd)
  return {
    settings: {
      oracle_mode:
        settings.oracle.mode +
        (settings.oracle.mode === 'anchored' && settings.oracle.anchorBandBps !== undefined
          ? ` (band ${settings.oracle.anchorBandBps} bps)`
          : ''),
      reference: sim.reference.name,
      curve:
        settings.curve === 'linear'
          ? 'linear'
          : `two_phase (drop ${settings.curve.two_phase.drop_blocks_bps} bps, knee ${settings.curve.two_phase.knee_bps} bps)`,
      containment: containmentText(settings.containment),
    },
    auctions,
    opened_below_market: belowMarket,
    re_anchored: reAnchored,
    refused,
    fills,
    sold_usd: soldUsd.toString(),
    given_up_usd: givenUp.toString(),
    execution_bps: bpsOf(givenUp, soldUsd),
    at_start_price: { fills: atStart.fills, usd: atStart.usd.toString(), share_bps: share(atStart.usd) },
    early: { fills: early.fills, usd: early.usd.toString(), share_bps: share(early.usd) },
    unfilled: { ...unfilled, usd: unfilled.usd.toString() },
    worst_fill: worst,
  }
}

/**
 * The per-maker summary of a run (report `makers`): fills and USD bought at fill-time prices, and
 * what it hedged back on the market and what that cost.
 */
export function makersSummary(sim: Simulation, history: readonly ReportCycle[]): RunReport['makers'] {
  return sim.makers.map((m) => {
    let fills = 0
    let usd = Dec.ZERO
    let hedgedUsd = Dec.ZERO
    let hedgeCost = Dec.ZERO
    for (const c of history) {
      for (const a of c.auctions) {
        for (const f of a.fills) {
          if (f.maker !== m.address) continue
          fills += 1
          usd = usd.add(sim.feed.valueUsd(a.pair[0], BigInt(f.bought), f.time))
        }
      }
      for (const h of c.hedges) {
        if (h.maker !== m.name) continue
        hedgedUsd = hedgedUsd.add(sim.feed.valueUsd(h.pair[0], BigInt(h.sold), c.time))
        hedgeCost = hedgeCost.add(Dec.parse(h.cost_usd))
      }
    }
    return {
      name: m.name,
      address: m.address,
      margin_bps: m.marginBps,
      fills,
      bought_usd: usd.toString(),
      hedged_usd: hedgedUsd.toString(),
      hedge_cost_usd: hedgeCost.toString(),
    }
  })
}

/**
 * The finished run's report (schema `RunReport` v2) from its cycles and its supply: per denom the
 * amount minted before the first cycle, `after(denom)` the chain's supply at the end, and
 * `market` what the makers' hedges traded on the market. Both the localnet path and the fast
 * path end with it.
 */
export function runReport(
  sim: Simulation,
  history: ReportCycle[],
  supply: {
    before: Readonly<Record<string, bigint>>
    after: (denom: string) => bigint
    market: ReadonlyMap<string, bigint>
  },
): RunReport {
  const { scenario } = sim
  return {
    version: 2,
    scenario,
    started: scenario.start,
    ended: scenario.end,
    cycles_run: history.length,
    summary: summarise(sim, history),
    execution: executionSummary(sim, history),
    makers: makersSummary(sim, history),
    supply: Object.fromEntries(
      Object.keys(scenario.denoms).map((d) => [
        d,
        {
          before: (supply.before[d] ?? 0n).toString(),
          after: supply.after(d).toString(),
          market: (supply.market.get(d) ?? 0n).toString(),
        },
      ]),
    ),
    history,
  }
}
