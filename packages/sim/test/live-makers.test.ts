/**
 * `liveMakers` (issue #14, the localnet over real RPC): the scenario's makers bid in the auctions
 * an outside keeper's transactions open. With a running clock they wait for their bids' blocks
 * (they never move the clock, so a keeper's end block cannot be overtaken); with a clock that
 * stands still they move it, as the simulator does.
 */
import { RebalancerClient } from '@rebalancer/adapters'
import { type ChainClient, DEFAULT_SCENARIO, type Scenario } from '@rebalancer/types'
import { describe, expect, it } from 'vitest'
import { liveMakers, prepareSimulation, type Simulation } from '../src/index.js'

const WINDOW: Scenario = { ...DEFAULT_SCENARIO, start: '2024-03-01', end: '2024-03-03' }

/** The keeper's client, every transaction's raw events handed to `onTx`. */
function keeperOf(
  sim: Simulation,
  onTx: (events: Parameters<ReturnType<typeof liveMakers>['onTx']>[0]) => void,
) {
  const port = sim.clientFor(sim.keeper)
  const chain: ChainClient = {
    queryContractSmart: (a, q) => port.queryContractSmart(a, q),
    getBalance: (a, d) => port.getBalance(a, d),
    getHeight: () => port.getHeight(),
    getBlock: (h) => port.getBlock(h),
    instantiate: (...args) => port.instantiate(...args),
    execute: async (...args) => {
      const res = await port.execute(...args)
      onTx(res.events)
      return res
    },
  }
  const { rebalancer, auctionsManager, oracle } = sim.deployment
  return new RebalancerClient(chain, { rebalancer, auctionsManager, oracle }, sim.keeper)
}

const tick = () => new Promise((r) => setTimeout(r, 5))

describe('liveMakers', () => {
  it('at a running clock, bids wait for their blocks: the makers never move the clock', async () => {
    const sim = prepareSimulation(WINDOW)
    sim.net.advanceTime(sim.start - sim.net.time)
    const makers = liveMakers(sim, { clockRuns: true, pollMs: 1 })
    const rc = keeperOf(sim, (events) => makers.onTx(events))
    const opened = await rc.tick({ durationBlocks: sim.durationBlocks })
    expect(opened.opened).toBeGreaterThan(0)
    expect(makers.auctions).toHaveLength(opened.opened)
    const height = sim.net.height
    for (let i = 0; i < 20; i++) await tick()
    // nobody moved the clock, and no bid could land in the opening block
    expect(sim.net.height).toBe(height)
    expect(makers.auctions.every((a) => a.fills.length === 0)).toBe(true)
    // the clock runs (here, by hand): the makers bid as it reaches their blocks
    const end = Math.max(...makers.auctions.map((a) => a.endBlock))
    while (sim.net.height <= end) {
      sim.net.advanceBlocks(60)
      await tick()
    }
    await makers.idle()
    const fills = makers.auctions.flatMap((a) => a.fills.map((f) => ({ f, a })))
    expect(fills.length).toBeGreaterThan(0)
    for (const { f, a } of fills) {
      expect(f.height).toBeGreaterThan(a.startBlock)
      expect(f.height).toBeLessThanOrEqual(a.endBlock)
    }
    expect(sim.net.supplyProblems()).toEqual([])
    makers.stop()
  })

  it('at a clock that stands still, the makers move it to their bids, as the simulator does', async () => {
    const sim = prepareSimulation(WINDOW)
    sim.net.advanceTime(sim.start - sim.net.time)
    const makers = liveMakers(sim)
    const rc = keeperOf(sim, (events) => makers.onTx(events))
    await rc.tick({ durationBlocks: sim.durationBlocks })
    const height = sim.net.height
    await makers.idle()
    expect(makers.auctions.some((a) => a.fills.length > 0)).toBe(true)
    expect(sim.net.height).toBeGreaterThan(height)
  })
})
