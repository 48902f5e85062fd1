import { Dec, type ReportAccountSummary, type ReportCycle, type RunReport } from '@rebalancer/types'
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
 * Execution against the market, volume-weighted, in bps: (received USD / sold USD − 1) × 10000,
 * both valued at the market prices at fill time. Null when nothing sold.
 */
export function executionBps(soldUsd: Dec, receivedUsd: Dec): number | null {
  if (soldUsd.isZero()) return null
  return receivedUsd.div(soldUsd).sub(Dec.ONE).mulInt(10_000n).toNumber()
}

/** The per-account summary of a run (report `summary`). */
export function summarise(sim: Simulation, history: readonly ReportCycle[]): ReportAccountSummary[] {
  return sim.accounts.map((acc, i) => {
    const targets = acc.config.targets
    let days: number | null = null
    let soldUsd = Dec.ZERO
    let receivedUsd = Dec.ZERO
    for (const [k, cycle] of history.entries()) {
      const a = cycle.accounts[i]!
      if (days === null && withinTolerance(a.weights, targets)) days = k + 1
      for (const f of a.fills) {
        soldUsd = soldUsd.add(Dec.parse(f.sold_usd))
        receivedUsd = receivedUsd.add(Dec.parse(f.received_usd))
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
    return {
      name: acc.name,
      address: acc.address,
      start_usd: acc.startUsd.toString(),
      end_usd: last?.total_usd ?? acc.startUsd.toString(),
      end_weights: endWeights,
      days_to_within_1pp: days,
      volume_sold_usd: soldUsd.toString(),
      execution_vs_market_bps: executionBps(soldUsd, receivedUsd),
    }
  })
}

/** The per-maker summary of a run (report `makers`): fills and USD bought at fill-time prices. */
export function makersSummary(sim: Simulation, history: readonly ReportCycle[]): RunReport['makers'] {
  return sim.makers.map((m) => {
    let fills = 0
    let usd = Dec.ZERO
    for (const c of history) {
      for (const a of c.auctions) {
        for (const f of a.fills) {
          if (f.maker !== m.address) continue
          fills += 1
          usd = usd.add(sim.feed.valueUsd(a.pair[0], BigInt(f.bought), f.time))
        }
      }
    }
    return { name: m.name, address: m.address, margin_bps: m.marginBps, fills, bought_usd: usd.toString() }
  })
}
