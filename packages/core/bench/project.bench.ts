import { Dec, type RebalancerConfig } from '@rebalancer/types'
import { bench, describe } from 'vitest'
import { explainRebalance, projectRebalance, suggestParameters } from '../src/index.js'

// Six assets, far from their targets, with auction minimums, a 5% cap and 0.3% slippage.
const denoms = ['uusdc', 'uatom', 'untrn', 'uosmo', 'utia', 'ustars']
const config: RebalancerConfig = {
  baseDenom: 'uusdc',
  targets: denoms.map((denom, k) => ({ denom, bps: k === 0 ? 2000 : 1600 })),
  pid: { p: Dec.parse('0.1'), i: Dec.parse('0.01'), d: Dec.parse('0.05') },
  maxLimitBps: 500,
  targetOverrideStrategy: 'proportional',
}
const balances = Object.fromEntries(denoms.map((d, k) => [d, BigInt(1_000_000_000 * (k * k + 1))]))
const prices = Object.fromEntries(denoms.slice(1).map((d, k) => [d, Dec.parse(`${0.5 + k * 0.37}`)]))
const auctionMinimums = Object.fromEntries(denoms.map((d) => [d, 1_000_000n]))
// A price path: each denom drifts ±0.5% a day, deterministically.
const series = Array.from({ length: 365 }, (_, day) =>
  Object.fromEntries(
    denoms
      .slice(1)
      .map((d, k) => [d, prices[d]!.mul(Dec.fromNumber(1 + 0.05 * Math.sin((day + 7 * k) / 9)))]),
  ),
)

describe('projectRebalance (6 assets)', () => {
  bench('365 cycles, constant prices', () => {
    projectRebalance({ config, balances, prices, cycles: 365, slippageBps: 30, auctionMinimums })
  })
  bench('365 cycles, a price series', () => {
    projectRebalance({ config, balances, prices: series, cycles: 365, slippageBps: 30, auctionMinimums })
  })
})

describe('explain and suggest (6 assets)', () => {
  const input = {
    config,
    state: { lastRebalance: null, targets: {} },
    balances,
    prices,
    auctionMinimums,
    baseMinValue: 0n,
    periodSeconds: 86_400,
    now: 1_700_000_000,
  }
  bench('explainRebalance', () => {
    explainRebalance(input)
  })
  bench('suggestParameters {reachWithinPp: 1, days: 30}', () => {
    suggestParameters({ wish: { reachWithinPp: Dec.ONE, days: 30 }, config, balances, prices })
  })
})
