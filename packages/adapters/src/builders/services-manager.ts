/**
 * The services manager's messages (wire-formats.md, "Services manager" and "Instantiation and
 * administration", services manager). Accounts send the service messages; a trustee pauses and
 * resumes an account here directly.
 */
import {
  type ServicesManagerAdminMsg,
  ServicesManagerExecuteMsg,
  ServicesManagerInstantiateMsg,
} from '@rebalancer/types'
import type { z } from 'zod'
import type { CoinLike } from '../coins.js'
import type { ContractExecute } from '../msg.js'
import { executeBuilder, instantiateBuilder } from './common.js'

/** The services manager's execute message, as built. */
export type ServicesManagerExecute = ContractExecute<ServicesManagerExecuteMsg>

const exec = executeBuilder(ServicesManagerExecuteMsg, 'ServicesManagerExecuteMsg')

/** Builders of the services manager's messages. */
export const servicesManagerMsgs = {
  /** Instantiation `{"whitelisted_code_ids":[<account code id>]}`. @throws WireError */
  instantiate: instantiateBuilder(ServicesManagerInstantiateMsg, 'ServicesManagerInstantiateMsg'),

  /** Any services manager execute message, validated. @throws WireError */
  execute: exec,

  /**
   * `{"pause_service":{"service_name":"rebalancer","pause_for":<account>,"reason":…}}`: what a
   * trustee sends to pause the account it oversees.
   */
  pauseService(manager: string, account: string, reason?: string | null): ServicesManagerExecute {
    return exec(manager, {
      pause_service: { service_name: 'rebalancer', pause_for: account, reason: reason ?? null },
    })
  },

  /**
   * `{"resume_service":{"service_name":"rebalancer","resume_for":<account>}}` with the resume fee
   * (after an automatic pause) attached as `funds`.
   */
  resumeService(manager: string, account: string, fee: readonly CoinLike[] = []): ServicesManagerExecute {
    return exec(manager, { resume_service: { service_name: 'rebalancer', resume_for: account } }, fee)
  },

  /** Admin only: `{"admin":…}` with any `ServicesManagerAdminMsg`. @throws WireError */
  admin(manager: string, msg: z.input<typeof ServicesManagerAdminMsg>): ServicesManagerExecute {
    return exec(manager, { admin: msg })
  },

  /** `{"approve_admin_change":{}}` (a struct variant in every version), sent by the new admin. */
  approveAdminChange(manager: string): ServicesManagerExecute {
    return exec(manager, { approve_admin_change: {} })
  },
} as const
