/**
 * The daily series a run's charts draw (issue #12, "Pictures"), from its report and its price
 * feed: every account's value against buy-and-hold and an ideal rebalance ({@link valueSeries}),
 * and every market maker's capital, rebuilt from what the report records (its fills and hedges)
 * on top of what it was funded with. Pure computations; nothing reads the chain.
 */
import { Dec, type RunReport } from '@rebalancer/types'
import type { MarketFeed } from './market.js'
import type { Simulation } from './setup.js'
import { buyAndHold, type ValueSeries, valueSeries } from './strategy.js'

/** A market maker as {@link makerBalances} needs it: its name, address and initial funds. */
export interface MakerFunds {
  name: string
  address: string
  /** Base units per denom it was funded with. */
  initial: Readonly<Record<string, bigint>>
}

/** One maker's capital after each cycle, USD at the cycle's valuation time. */
export interface MakerCapitalSeries {
  name: string
  capitalUsd: number[]
  /** Its funding never traded ({@link buyAndHold} of its initial funds), USD, same days. */
  holdUsd: number[]
}

/** What a run's charts draw beside its report: daily values and the makers' capital. */
export interface RunSeries extends ValueSeries {
  makers: MakerCapitalSeries[]
}

/**
 * Each maker's balances (base units per denom) after every cycle, in cycle order: its initial
 * funds, plus what it bought in each auction fill (`fills[].maker` is its address; `bought` of
 * the pair's sell denom in, `paid` of the buy denom out), plus its day-end hedges
 * (`hedges[].maker` is its name; `sold` of pair[0] out, `received` of pair[1] in).
 * @returns one array per maker (in `makers`' order) of one balance record per cycle.
 */
export function makerBalances(report: RunReport, makers: readonly MakerFunds[]): Record<string, bigint>[][] {
  return makers.map((m) => {
    const balance: Record<string, bigint> = { ...m.initial }
    const add = (denom: string, amount: bigint) => {
      balance[denom] = (balance[denom] ?? 0n) + amount
    }
    return report.history.map((c) => {
      for (const a of c.auctions)
        for (const f of a.fills) {
          if (f.maker !== m.address) continue
          add(a.pair[0], BigInt(f.bought))
          add(a.pair[1], -BigInt(f.paid))
        }
      for (const h of c.hedges) {
        if (h.maker !== m.name) continue
        add(h.pair[0], -BigInt(h.sold))
        add(h.pair[1], BigInt(h.received))
      }
      return { ...balance }
    })
  })
}

/**
 * Each maker's capital per cycle: its {@link makerBalances} valued in USD at the cycle's
 * `valued_at` (after the day's auctions and hedges), next to its initial funds never traded.
 */
export function makerCapital(
  feed: MarketFeed,
  report: RunReport,
  makers: readonly MakerFunds[],
): MakerCapitalSeries[] {
  const balances = makerBalances(report, makers)
  const cents = (v: number) => Math.round(v * 100) / 100
  return makers.map((m, i) => ({
    name: m.name,
    capitalUsd: balances[i]!.map((b, k) => {
      const at = report.history[k]!.valued_at
      return cents(Dec.sum(Object.entries(b).map(([d, amount]) => feed.valueUsd(d, amount, at))).toNumber())
    }),
    holdUsd: buyAndHold(feed, m.initial, report.history).map(cents),
  }))
}

/**
 * The series of a finished run of `sim` for its report's charts: days, each account's value
 * against buy-and-hold and the ideal rebalance, each maker's capital.
 * @example
 * const sim = prepareSimulation(scenario)
 * const report = await runSimulation(sim)
 * const html = renderHtmlReport({ run: { report, series: runSeries(sim, report) } })
 */
export function runSeries(sim: Simulation, report: RunReport): RunSeries {
  return {
    ...valueSeries(
      sim.feed,
      report,
      sim.accounts.map((a) => a.initial),
    ),
    makers: makerCapital(sim.feed, report, sim.makers),
  }
}
