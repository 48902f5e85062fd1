/**
 * The account contract's messages (wire-formats.md, "Account (the treasury's contract; the
 * admin sends these)" and "Instantiation and administration", account admin change).
 */
import * as z from 'zod'
import { ServiceName, StartAdminChange } from './common.js'
import { CosmosMsg } from './cosmos-msg.js'
import { wireEnum } from './enum.js'
import { Addr, Binary, Empty } from './primitives.js'

/**
 * Account instantiate (wire-formats.md, "Account": `{"services_manager":"<addr>","referral":null}`).
 * `referral` is optional text (its content is not specified; `null` is what UIs send).
 */
export const AccountInstantiateMsg = z.strictObject({
  services_manager: Addr,
  referral: z.string().nullable().optional(),
})
/** Account instantiate message (wire-formats.md, "Account"). */
export type AccountInstantiateMsg = z.infer<typeof AccountInstantiateMsg>

/**
 * Account execute variants (wire-formats.md, "Account"): the admin's service messages
 * (`data` is the base64 of the `RebalancerData` / `RebalancerUpdateData` JSON),
 * `execute_by_admin`, the services' `send_funds_by_service` / `execute_by_service`, and the
 * admin change of "Instantiation and administration" (`start_admin_change{addr,expiration}`,
 * `cancel_admin_change{}`, `approve_admin_change{}`).
 */
export const AccountExecuteVariants = {
  register_to_service: z.strictObject({ service_name: ServiceName, data: Binary.nullable().optional() }),
  update_service: z.strictObject({ service_name: ServiceName, data: Binary }),
  deregister_from_service: z.strictObject({ service_name: ServiceName }),
  pause_service: z.strictObject({ service_name: ServiceName, reason: z.string().nullable().optional() }),
  resume_service: z.strictObject({ service_name: ServiceName }),
  execute_by_admin: z.strictObject({ msgs: z.array(CosmosMsg) }),
  send_funds_by_service: z.strictObject({ msgs: z.array(CosmosMsg), atomic: z.boolean() }),
  execute_by_service: z.strictObject({ msgs: z.array(CosmosMsg), atomic: z.boolean() }),
  start_admin_change: StartAdminChange,
  cancel_admin_change: Empty,
  approve_admin_change: Empty,
} as const
/**
 * The account has no bare-string execute variants (its admin-change bodies are `{}`) (wire-formats.md,
 * "Account").
 */
export const AccountExecuteUnitVariants = [] as const
/** Account execute message (wire-formats.md, "Account"). */
export const AccountExecuteMsg = wireEnum(
  'AccountExecuteMsg',
  AccountExecuteVariants,
  AccountExecuteUnitVariants,
)
/** Account execute message (wire-formats.md, "Account"). */
export type AccountExecuteMsg = z.infer<typeof AccountExecuteMsg>

/** The account's data-carrying queries: none (wire-formats.md, "Account"). */
export const AccountQueryVariants = {} as const
/** The account's one query, `"get_admin"` (wire-formats.md, "Account"). */
export const AccountQueryUnitVariants = ['get_admin'] as const
/** Account query message: `"get_admin"` (wire-formats.md, "Account"). */
export const AccountQueryMsg = wireEnum('AccountQueryMsg', AccountQueryVariants, AccountQueryUnitVariants)
/** Account query message (wire-formats.md, "Account"). */
export type AccountQueryMsg = z.infer<typeof AccountQueryMsg>

/** The answer schema of each account query: `get_admin` → the admin's address (wire-formats.md, "Account"). */
export const AccountQueryResponses = { get_admin: Addr } as const
