import { Dec, type RebalancerConfig } from '@rebalancer/types'
import { bench, describe } from 'vitest'
import { computeRebalance } from '../src/index.js'

function input(n: number) {
  const denoms = Array.from({ length: n }, (_, i) => (i === 0 ? 'uusdc' : `utoken${i}`))
  const bps = Array.from({ length: n }, (_, i) => Math.floor(10_000 / n) + (i === 0 ? 10_000 % n : 0))
  const config: RebalancerConfig = {
    baseDenom: 'uusdc',
    targets: denoms.map((denom, i) => ({ denom, bps: bps[i]! })),
    pid: { p: Dec.parse('0.1'), i: Dec.parse('0.01'), d: Dec.parse('0.05') },
    maxLimitBps: 500,
    targetOverrideStrategy: 'proportional',
  }
  const balances = Object.fromEntries(denoms.map((d, i) => [d, BigInt(1_000_000_000 * (i * i + 1))]))
  const prices = Object.fromEntries(denoms.slice(1).map((d, i) => [d, Dec.parse(`${0.5 + i * 0.37}`)]))
  const auctionMinimums = Object.fromEntries(denoms.map((d) => [d, 1_000_000n]))
  return {
    config,
    state: { lastRebalance: null, targets: {} },
    balances,
    prices,
    auctionMinimums,
    baseMinValue: 10_000_000n,
    periodSeconds: 86_400,
    now: 1_700_000_000,
  }
}

describe('computeRebalance (one account, one cycle)', () => {
  for (const n of [2, 4, 8, 16]) {
    const x = input(n)
    bench(`${n} targets`, () => {
      computeRebalance(x)
    })
  }
})
