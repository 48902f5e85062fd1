import { RebalancerClient } from '@rebalancer/adapters'
import { LocalnetClient } from '@rebalancer/localnet'
import {
  DEFAULT_SCENARIO,
  decodeValenceEvents,
  eventsOf,
  type Scenario,
  VALENCE_ACTIONS,
  type ValenceEventDataOf,
} from '@rebalancer/types'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { prepareSimulation, runSimulation, type Simulation } from '../src/index.js'

/** Five days of the default scenario (real hourly prices). */
const WINDOW: Scenario = { ...DEFAULT_SCENARIO, start: '2024-03-01', end: '2024-03-05' }

/**
 * The simulation with its ports over a view of the localnet, and the localnet's own `query` /
 * `balance` refusing every direct call: after setup the simulator may read only through the port.
 */
function portOnly(sim: Simulation): { bids: ValenceEventDataOf<'auction-do-bid'>[] } {
  const net = sim.net
  const view = {
    chainId: net.chainId,
    get height() {
      return net.height
    },
    get time() {
      return net.time
    },
    query: net.query.bind(net),
    balance: net.balance.bind(net),
    broadcast: net.broadcast.bind(net),
  }
  const refuse = () => {
    throw new Error('read the chain through the port, not the localnet')
  }
  net.query = refuse
  net.balance = refuse
  const bids: ValenceEventDataOf<'auction-do-bid'>[] = []
  sim.reader = new LocalnetClient(view)
  sim.clientFor = (address) => {
    const client = new LocalnetClient(view, address)
    return {
      ...client,
      queryContractSmart: client.queryContractSmart.bind(client),
      getBalance: client.getBalance.bind(client),
      getHeight: client.getHeight.bind(client),
      getBlock: client.getBlock.bind(client),
      instantiate: client.instantiate.bind(client),
      execute: async (...args: Parameters<LocalnetClient['execute']>) => {
        const res = await client.execute(...args)
        for (const e of eventsOf(decodeValenceEvents(res.events), VALENCE_ACTIONS.auctionDoBid))
          bids.push(e.data)
        return res
      },
    }
  }
  return { bids }
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('the simulator runs the keeper tick of @rebalancer/adapters over the chain port', () => {
  it('ticks twice a day (cycle, then finish after the bids) and reads nothing around the port', async () => {
    const sim = prepareSimulation(WINDOW)
    const { bids } = portOnly(sim)
    const tick = vi.spyOn(RebalancerClient.prototype, 'tick')
    const report = await runSimulation(sim)
    expect(report.cycles_run).toBe(5)
    expect(tick).toHaveBeenCalledTimes(10)
    const due = await Promise.all(
      tick.mock.results.map((r) => r.value as ReturnType<RebalancerClient['tick']>),
    )
    expect(due.map((t) => t.due)).toEqual([true, false, true, false, true, false, true, false, true, false])
    expect(due.filter((t) => !t.due).every((t) => t.finished > 0)).toBe(true)
    // every fill is a bid the chain reported: price, bought and paid are the event's
    const fills = report.history.flatMap((c) => c.auctions.flatMap((a) => a.fills))
    expect(fills.length).toBeGreaterThan(0)
    const sorted = <T>(xs: T[]) => xs.map((x) => JSON.stringify(x)).sort()
    const fromFills = fills.map((f) => ({
      maker: f.maker,
      height: f.height,
      price: f.price,
      bought: f.bought,
      paid: f.paid,
    }))
    const fromEvents = bids.map((b) => ({
      maker: b.bidder,
      height: b.height,
      price: b.price,
      bought: b.bought,
      paid: (BigInt(b.sent) - BigInt(b.refunded)).toString(),
    }))
    expect(sorted(fromFills)).toEqual(sorted(fromEvents))
    for (const c of report.history)
      for (const a of c.auctions) {
        const bought = a.fills.reduce((s, f) => s + BigInt(f.bought), 0n)
        expect(a.sold).toBe(bought.toString())
      }
  })

  it('auctions that end at the next cycle: the finishing tick runs that cycle, recorded on its own day', async () => {
    const long: Scenario = { ...WINDOW, end: '2024-03-03', auction: { duration_blocks: 28_800 } }
    const sim = prepareSimulation(long)
    const tick = vi.spyOn(RebalancerClient.prototype, 'tick')
    const report = await runSimulation(sim)
    const due = await Promise.all(
      tick.mock.results.map((r) => r.value as ReturnType<RebalancerClient['tick']>),
    )
    // day 1: due, then the finishing tick is already due (day 2's cycle); day 2's first tick is not
    expect(due.map((t) => t.due).slice(0, 3)).toEqual([true, true, false])
    // each day records the trades of its own cycle, and every auction it opened closes that day
    expect(report.history.every((c) => c.accounts.some((a) => a.trades.length > 0))).toBe(true)
    expect(report.history.every((c) => c.auctions.length > 0)).toBe(true)
    expect(
      Object.values(report.supply).every((s) => BigInt(s.after) === BigInt(s.before) + BigInt(s.market)),
    ).toBe(true)
  })
})
