/**
 * The rebalancer's messages (wire-formats.md, "Rebalancer" and "Instantiation and
 * administration", rebalancer).
 */
import { type RebalancerAdminMsg, RebalancerExecuteMsg, RebalancerInstantiateMsg } from '@rebalancer/types'
import type { z } from 'zod'
import type { ContractExecute } from '../msg.js'
import { executeBuilder, instantiateBuilder } from './common.js'

/** The rebalancer's execute message, as built. */
export type RebalancerExecute = ContractExecute<RebalancerExecuteMsg>

const exec = executeBuilder(RebalancerExecuteMsg, 'RebalancerExecuteMsg')

/** Builders of the rebalancer's messages. */
export const rebalancerMsgs = {
  /** Instantiation (wire-formats.md, "Rebalancer", instantiate). @throws WireError */
  instantiate: instantiateBuilder(RebalancerInstantiateMsg, 'RebalancerInstantiateMsg'),

  /** Any rebalancer execute message, validated. @throws WireError */
  execute: exec,

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
