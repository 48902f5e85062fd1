import {
  Dec,
  type RebalancerConfig,
  RebalancerError,
  type RebalanceState,
  type Target,
} from '@rebalancer/types'
import type { ComputeInput } from '../src/index.js'

/** One whole token in base units (6 decimals). */
export const U = 1_000_000n

export const PERIOD = 86_400
export const T0 = 1_700_006_400 // a multiple of PERIOD

export const d = (text: string): Dec => Dec.parse(text)

export function freshState(): RebalanceState {
  return { lastRebalance: null, targets: {} }
}

export function config(
  targets: Target[],
  over: Partial<Omit<RebalancerConfig, 'targets'>> = {},
): RebalancerConfig {
  return {
    baseDenom: 'uatom',
    targets,
    pid: { p: Dec.ONE, i: Dec.ZERO, d: Dec.ZERO },
    maxLimitBps: 10_000,
    targetOverrideStrategy: 'proportional',
    ...over,
  }
}

export function input(over: Partial<ComputeInput> & Pick<ComputeInput, 'config'>): ComputeInput {
  return {
    state: freshState(),
    balances: {},
    prices: {},
    auctionMinimums: {},
    baseMinValue: 0n,
    periodSeconds: PERIOD,
    now: T0,
    ...over,
  }
}

/** What `run` throws (fails the test when it returns). */
export function thrown(run: () => unknown): unknown {
  try {
    run()
  } catch (e) {
    return e
  }
  throw new RebalancerError('test_no_throw', 'expected a throw')
}
