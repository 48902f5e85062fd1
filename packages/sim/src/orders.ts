/**
 * One-time orders of a scenario (portfolio-computer.md correction 13): on an order's day, before
 * that day's cycle, the account's owner has the account send `place_order` to the rebalancer
 * through the account's `execute_by_admin`, as a DAO proposal would; the cycle sends it.
 */
import { toJsonBinary } from '@rebalancer/types'
import type { Simulation } from './setup.js'

/**
 * Places every order of day `day` (`YYYY-MM-DD`) of every account, through the chain port as the
 * account's owner. When the keeper already ran that day's cycle early (the previous day's
 * auctions ended after its start), the orders go with the next cycle.
 * @returns how many orders were placed.
 * @throws the chain's error when the rebalancer refuses an order (the scenario checks make that
 *   rare: a paused or deregistered account still takes orders).
 */
export async function placeOrders(sim: Simulation, day: string): Promise<number> {
  let placed = 0
  for (const acc of sim.accounts) {
    const orders = acc.orders.get(day)
    if (!orders || orders.length === 0) continue
    const msgs = orders.map((order) => ({
      wasm: {
        execute: {
          contract_addr: sim.deployment.rebalancer,
          msg: toJsonBinary({ place_order: order }),
          funds: [],
        },
      },
    }))
    await sim.clientFor(acc.owner).execute(acc.owner, acc.address, { execute_by_admin: { msgs } }, 'auto')
    placed += orders.length
  }
  return placed
}
