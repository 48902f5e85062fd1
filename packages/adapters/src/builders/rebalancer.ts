/**
 * The rebalancer's messages (wire-formats.md, "Rebalancer" and "Instantiation and
 * administration", rebalancer).
 */
import { type RebalancerAdminMsg, RebalancerExecuteMsg, RebalancerInstantiateMsg } from '@rebalancer/types'
import type { z } from 'zod'
import type { CoinLike } from '../coins.js'
import {
  type ContractExecute,
  type ContractInstantiate,
  contractExecute,
  contractInstantiate,
} from '../msg.js'

/** The rebalancer's execute message, as built. */
export type RebalancerExecute = ContractExecute<RebalancerExecuteMsg>

function exec(
  rebalancer: string,
  msg: z.input<typeof RebalancerExecuteMsg>,
  funds: readonly CoinLike[] = [],
) {
  return contractExecute(RebalancerExecuteMsg, 'RebalancerExecuteMsg', rebalancer, msg, funds)
}

/** Builders of the rebalancer's messages. */
export const rebalancerMsgs = {
  /** Instantiation (wire-formats.md, "Rebalancer", instantiate). @throws WireError */
  instantiate(o: {
    codeId: number | bigint
    label: string
    admin?: string | null
    msg: z.input<typeof RebalancerInstantiateMsg>
  }): ContractInstantiate<RebalancerInstantiateMsg> {
    return contractInstantiate(RebalancerInstantiateMsg, 'RebalancerInstantiateMsg', o)
  },

  /** Any rebalancer execute message, validated. @throws WireError */
  execute(rebalancer: string, msg: z.input<typeof RebalancerExecuteMsg>, funds: readonly CoinLike[] = []) {
    return exec(rebalancer, msg, funds)
  },

  /**
   * `{"system_rebalance":{"limit":50}}` (permissionless): processes up to `limit` accounts of the
   * current cycle; `null` lets the contract pick its default.
   */
  systemRebalance(rebalancer: string, limit: number | null = 50): RebalancerExecute {
    return exec(rebalancer, { system_rebalance: { limit } })
  },

  /** Admin only: `{"admin":…}` with any `RebalancerAdminMsg`. @throws WireError */
  admin(rebalancer: string, msg: z.input<typeof RebalancerAdminMsg>): RebalancerExecute {
    return exec(rebalancer, { admin: msg })
  },

  /**
   * `{"approve_admin_change":{}}`, sent by the new admin: a struct variant at the deployed tag
   * v0.1.6 (the published schema file still shows a bare string; wire-formats.md, "Deliberate
   * differences").
   */
  approveAdminChange(rebalancer: string): RebalancerExecute {
    return exec(rebalancer, { approve_admin_change: {} })
  },
} as const
