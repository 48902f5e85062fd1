import { DEFAULT_SCENARIO, Dec, type Scenario } from '@rebalancer/types'
import { describe, expect, it } from 'vitest'
import { PALETTE } from '../src/charts.js'
import { loadPriceHistory, prepareSimulation, projectAccount, projectionChart } from '../src/index.js'

const history = loadPriceHistory()

/** DEFAULT_SCENARIO over its first 30 days, with `account0` merged into its first account. */
function scenario(account0: Partial<Scenario['accounts'][number]> = {}): Scenario {
  const [a, b] = DEFAULT_SCENARIO.accounts
  return { ...DEFAULT_SCENARIO, end: '2023-11-10', accounts: [{ ...a!, ...account0 }, b!] }
}

describe('projectAccount', () => {
  it('starts from the initial holdings, spends at most the per-cycle budget and converges to the targets', () => {
    const sim = prepareSimulation(scenario(), { history })
    const p = projectAccount(sim, 0, { cycles: 120 })
    expect(p.name).toBe('DAO treasury')
    expect(p.days).toHaveLength(121)
    expect(p.days[0]).toBe(DEFAULT_SCENARIO.start)
    // the treasury holds only NTRN at the start
    const ntrn = p.targets.find((t) => t.denom === 'untrn')!
    expect(ntrn.weightPct[0]).toBe(100)
    expect(p.maxDriftPp[0]).toBeCloseTo(10, 9)
    // the first cycle sells NTRN for USDC, within max_limit_bps = 500 of the value
    expect(p.next.trades.length).toBeGreaterThan(0)
    for (const t of p.next.trades) {
      expect(t.sell).toBe('untrn')
      expect(t.buy).toBe('uusdc')
      expect(t.amount).toBeGreaterThan(0n)
    }
    const spent = Dec.sum(p.next.trades.map((t) => Dec.parse(t.value)))
    const total = Dec.parse(p.next.totalValue)
    expect(Dec.parse(p.next.budget).eq(total.mul(Dec.parse('0.05')))).toBe(true)
    expect(spent.lte(Dec.parse(p.next.budget))).toBe(true)
    expect(Dec.parse(p.next.budgetLeft).eq(Dec.parse(p.next.budget).sub(spent))).toBe(true)
    const sell = p.next.targets.find((t) => t.denom === 'untrn')!
    expect(sell).toMatchObject({ side: 'sell', reason: 'traded', bps: 9000, currentPct: 100, aimedPct: 90 })
    expect(sell.sold).toBe(p.next.trades.reduce((s, t) => s + t.amount, 0n))
    // after the first cycle the NTRN weight fell, and the drift only shrinks at constant prices
    expect(ntrn.weightPct[1]!).toBeLessThan(100)
    for (let k = 1; k < p.maxDriftPp.length; k++)
      expect(p.maxDriftPp[k]!).toBeLessThanOrEqual(p.maxDriftPp[k - 1]!)
    expect(p.cyclesToWithin).not.toBeNull()
    expect(p.maxDriftPp[p.cyclesToWithin!]!).toBeLessThanOrEqual(1)
    expect(p.maxDriftPp[p.cyclesToWithin! - 1]!).toBeGreaterThan(1)
  })

  it('uses the tuned gains of a wish: within the wish in its days when the tuning met it', () => {
    const sim = prepareSimulation(
      scenario({ speed: { within_pp: '1', days: 30 }, max_limit_bps: undefined }),
      {
        history,
      },
    )
    const tuned = sim.accounts[0]!.tuned!
    expect(tuned.met).toBe(true)
    const p = projectAccount(sim, 0, { cycles: 60, withinPp: 1 })
    expect(p.cyclesToWithin).not.toBeNull()
    expect(p.cyclesToWithin!).toBeLessThanOrEqual(30)
    // a preset-speed account with the same cap converges more slowly than the wish asked
    const slow = projectAccount(
      prepareSimulation(scenario({ speed: 'slow', max_limit_bps: tuned.maxLimitBps }), { history }),
      0,
      { cycles: 60 },
    )
    expect(slow.cyclesToWithin === null || slow.cyclesToWithin > p.cyclesToWithin!).toBe(true)
  })

  it('follows the account trigger: a calendar trigger trades only every N cycles', () => {
    const sim = prepareSimulation(scenario({ trigger: { calendar: { every_cycles: 7 } } }), { history })
    const p = projectAccount(sim, 0, { cycles: 15 })
    const w = p.targets.find((t) => t.denom === 'untrn')!.weightPct
    const changed = w.slice(1).map((v, k) => v !== w[k])
    // cycles that traded: the weight moved from the day before
    expect(changed.filter(Boolean).length).toBeLessThanOrEqual(3)
    expect(changed.filter(Boolean).length).toBeGreaterThan(0)
    // every cycle of an untriggered account trades
    const every = projectAccount(prepareSimulation(scenario(), { history }), 0, { cycles: 15 })
    const we = every.targets.find((t) => t.denom === 'untrn')!.weightPct
    expect(we.slice(1).every((v, k) => v !== we[k])).toBe(true)
  })

  it('refuses an index, cycles or tolerance out of range, naming the field', () => {
    const sim = prepareSimulation(scenario(), { history })
    expect(() => projectAccount(sim, 2)).toThrow(/^index: must be an account index in 0\.\.1, got 2/)
    expect(() => projectAccount(sim, 0, { cycles: 0 })).toThrow(
      /^cycles: must be a whole number in 1\.\.=3650/,
    )
    expect(() => projectAccount(sim, 0, { cycles: 1.5 })).toThrow(/^cycles:/)
    expect(() => projectAccount(sim, 0, { withinPp: 0 })).toThrow(/^withinPp: must be more than 0/)
  })

  it('crosses postMessage as plain data, and charts every target against its target', () => {
    const p = projectAccount(prepareSimulation(scenario(), { history }), 1, { cycles: 10 })
    expect(structuredClone(p)).toEqual(p)
    const spec = projectionChart(p, PALETTE)
    expect(spec.id).toBe('projection-account-1')
    expect(JSON.parse(JSON.stringify(spec.config))).toEqual(spec.config)
    const sets = spec.config.data.datasets
    expect(sets).toHaveLength(2 * p.targets.length)
    expect(sets[1]!.data).toEqual(p.days.map(() => p.targets[0]!.bps / 100))
  })
})
