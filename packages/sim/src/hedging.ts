/**
 * The market makers' daily hedge (issue #11, "Makers as arbitrageurs"): at the end of each day a
 * maker sells what it bought in the day's auctions back on the (simulated, off-chain) market for
 * the denom it paid with, at the market price less its hedging cost. Its inventory, its capital,
 * is restored instead of running dry. The market is outside the chain: the sold coins are burnt
 * and the proceeds minted on the localnet, and the run's supply report counts both.
 */
import { Dec, pairKey, type ReportCycle } from '@rebalancer/types'
import type { OpenAuction } from './bidding.js'
import type { Simulation } from './setup.js'

/** Where a hedge burns what it sold and mints what it received (the localnet's bank, or the fast path's). */
export interface HedgeBank {
  burn(address: string, coins: readonly { denom: string; amount: bigint }[]): void
  mint(address: string, coins: readonly { denom: string; amount: bigint }[]): void
}

/** One hedge of the day (report `history[].hedges[]`). */
export type Hedge = ReportCycle['hedges'][number]

/**
 * Hedges every hedging maker's fills of the day at unix second `time`: per maker and pair
 * `[sell, buy]`, the bought `sell` units are sold for
 * ⌊sold × market(pair, time) × (10000 − hedgeCostBps) / 10000⌋ units of `buy` (Dec, then
 * floored). Burns and mints on `bank` (the simulation's localnet, or the fast path's) and adds each denom's net change to `market`
 * (`denom → base units`, negative = left the chain).
 * @returns the hedges, in maker then pair order.
 */
export function hedgeMakers(
  sim: Pick<Simulation, 'makers' | 'feed'>,
  auctions: readonly OpenAuction[],
  time: number,
  market: Map<string, bigint>,
  bank: HedgeBank,
): Hedge[] {
  const out: Hedge[] = []
  for (const maker of sim.makers) {
    if (!maker.hedge) continue
    const bought = new Map<string, { pair: readonly [string, string]; amount: bigint }>()
    for (const a of auctions) {
      for (const f of a.fills) {
        if (f.maker !== maker.address) continue
        const key = pairKey(a.pair)
        const entry = bought.get(key) ?? { pair: a.pair, amount: 0n }
        entry.amount += BigInt(f.bought)
        bought.set(key, entry)
      }
    }
    for (const { pair, amount } of [...bought.values()].sort((x, y) =>
      pairKey(x.pair) < pairKey(y.pair) ? -1 : 1,
    )) {
      if (amount === 0n) continue
      const price = sim.feed.pairPrice(pair, time)
      const keep = Dec.fromRatio(BigInt(10_000 - maker.hedgeCostBps), 10_000n)
      const received = price.mulInt(amount).mul(keep).floor()
      bank.burn(maker.address, [{ denom: pair[0], amount }])
      if (received > 0n) bank.mint(maker.address, [{ denom: pair[1], amount: received }])
      market.set(pair[0], (market.get(pair[0]) ?? 0n) - amount)
      market.set(pair[1], (market.get(pair[1]) ?? 0n) + received)
      const soldUsd = sim.feed.valueUsd(pair[0], amount, time)
      out.push({
        maker: maker.name,
        pair: [pair[0], pair[1]],
        sold: amount.toString(),
        received: received.toString(),
        market_price: price.toString(),
        cost_usd: soldUsd.mul(Dec.fromRatio(BigInt(maker.hedgeCostBps), 10_000n)).toString(),
      })
    }
  }
  return out
}
