/**
 * The services manager's messages (wire-formats.md, "Services manager (the account calls
 * it; it forwards to the rebalancer)" and "Instantiation and administration").
 */
import * as z from 'zod'
import { AddrResponse, QueryFeeAction, ServiceName, StartAdminChange } from './common.js'
import { wireEnum } from './enum.js'
import { Addr, Binary, CoinWire, DenomWire, Empty, U64 } from './primitives.js'
import { RebalancerConfigResponse } from './rebalancer.js'

/**
 * Services manager instantiate (wire-formats.md, "Instantiation and administration":
 * `{"whitelisted_code_ids":[<account code id>]}`).
 */
export const ServicesManagerInstantiateMsg = z.strictObject({ whitelisted_code_ids: z.array(U64) })
/** Services manager instantiate message (wire-formats.md, "Instantiation and administration"). */
export type ServicesManagerInstantiateMsg = z.infer<typeof ServicesManagerInstantiateMsg>

/**
 * Services manager admin variants (wire-formats.md, "Instantiation and administration",
 * services manager: `add_service{name,addr}`, `update_service{name,addr}`,
 * `remove_service{name}`, `update_code_id_whitelist{to_add,to_remove}`, `withdraw{denom}`,
 * admin change `start_admin_change{addr,expiration}` / `cancel_admin_change{}` — a struct variant
 * since v0.1.6, though the published schema file still shows a bare string).
 */
export const ServicesManagerAdminVariants = {
  add_service: z.strictObject({ name: ServiceName, addr: Addr }),
  update_service: z.strictObject({ name: ServiceName, addr: Addr }),
  remove_service: z.strictObject({ name: ServiceName }),
  update_code_id_whitelist: z.strictObject({ to_add: z.array(U64), to_remove: z.array(U64) }),
  withdraw: z.strictObject({ denom: DenomWire }),
  start_admin_change: StartAdminChange,
  cancel_admin_change: Empty,
} as const
/** Services manager admin bare-string variants: none at v0.1.6 (wire-formats.md, "Instantiation and administration"). */
export const ServicesManagerAdminUnitVariants = [] as const
/**
 * Services manager admin message, sent as `{"admin":…}` (wire-formats.md, "Instantiation and
 * administration").
 */
export const ServicesManagerAdminMsg = wireEnum(
  'ServicesManagerAdminMsg',
  ServicesManagerAdminVariants,
  ServicesManagerAdminUnitVariants,
)
/** Services manager admin message (wire-formats.md, "Instantiation and administration"). */
export type ServicesManagerAdminMsg = z.infer<typeof ServicesManagerAdminMsg>

/**
 * Services manager execute variants (wire-formats.md, "Services manager": `register_to_service`,
 * `update_service`, `deregister_from_service`, `pause_service {service_name, pause_for, reason}`,
 * `resume_service {service_name, resume_for}`; plus `{"admin":…}` and the top-level
 * `{"approve_admin_change":{}}`, a struct variant in every published version).
 */
export const ServicesManagerExecuteVariants = {
  register_to_service: z.strictObject({ service_name: ServiceName, data: Binary.nullable().optional() }),
  update_service: z.strictObject({ service_name: ServiceName, data: Binary }),
  deregister_from_service: z.strictObject({ service_name: ServiceName }),
  pause_service: z.strictObject({
    service_name: ServiceName,
    pause_for: Addr,
    reason: z.string().nullable().optional(),
  }),
  resume_service: z.strictObject({ service_name: ServiceName, resume_for: Addr }),
  admin: ServicesManagerAdminMsg,
  approve_admin_change: Empty,
} as const
/** Services manager execute bare-string variants: none (wire-formats.md, "Services manager"). */
export const ServicesManagerExecuteUnitVariants = [] as const
/** Services manager execute message (wire-formats.md, "Services manager"). */
export const ServicesManagerExecuteMsg = wireEnum(
  'ServicesManagerExecuteMsg',
  ServicesManagerExecuteVariants,
  ServicesManagerExecuteUnitVariants,
)
/** Services manager execute message (wire-formats.md, "Services manager"). */
export type ServicesManagerExecuteMsg = z.infer<typeof ServicesManagerExecuteMsg>

/**
 * Services manager query variants (wire-formats.md, "Services manager":
 * `{"get_service_addr":{"service":"rebalancer"}}`, `{"is_service":{"addr":…}}`,
 * `{"get_service_fee":{"account":…,"service":"rebalancer","action":"register"|"resume"}}`,
 * `{"is_account_code_id":{"code_id":N}}`, `{"get_all_services":{"start_from":…,"limit":…}}`
 * (`start_from` a service name, exclusive; `limit` a u64, default 50),
 * `{"get_rebalancer_config":{"account":…}}`). `account` of `get_service_fee` is any string, as
 * the chain reads it (DAO DAO sends `""`).
 */
export const ServicesManagerQueryVariants = {
  get_service_addr: z.strictObject({ service: ServiceName }),
  is_service: z.strictObject({ addr: Addr }),
  get_service_fee: z.strictObject({ account: z.string(), service: ServiceName, action: QueryFeeAction }),
  is_account_code_id: z.strictObject({ code_id: U64 }),
  get_all_services: z.strictObject({
    start_from: z.string().nullable().optional(),
    limit: U64.nullable().optional(),
  }),
  get_rebalancer_config: z.strictObject({ account: Addr }),
} as const
/** Services manager bare-string queries: `"get_admin"` (wire-formats.md, "Services manager"). */
export const ServicesManagerQueryUnitVariants = ['get_admin'] as const
/** Services manager query message (wire-formats.md, "Services manager"). */
export const ServicesManagerQueryMsg = wireEnum(
  'ServicesManagerQueryMsg',
  ServicesManagerQueryVariants,
  ServicesManagerQueryUnitVariants,
)
/** Services manager query message (wire-formats.md, "Services manager"). */
export type ServicesManagerQueryMsg = z.infer<typeof ServicesManagerQueryMsg>

/**
 * A service fee answer (wire-formats.md, "Services manager": `get_service_fee` → `null` or a
 * coin).
 */
export const ServiceFeeResponse = CoinWire.nullable()
/** `null` or a coin (wire-formats.md, "Services manager"). */
export type ServiceFeeResponse = z.infer<typeof ServiceFeeResponse>

/** The answer of `get_all_services` (wire-formats.md, "Services manager"): `[["rebalancer","<addr>"], …]`. */
export const AllServicesResponse = z.array(z.tuple([z.string(), Addr]))
/** Every service with its address, by name (wire-formats.md, "Services manager"). */
export type AllServicesResponse = z.infer<typeof AllServicesResponse>

/**
 * The answer schema of each services manager query (wire-formats.md, "Services manager"):
 * `get_service_addr` → the address string, `is_service` → a boolean,
 * `get_service_fee` → `null` or a coin, `get_admin` → the admin, `is_account_code_id` → a
 * boolean, `get_all_services` → `[[name, addr], …]`, `get_rebalancer_config` → the account's
 * rebalancer configuration (what the rebalancer's `get_config` answers; the published schema
 * says `Addr` there, but the contract forwards the rebalancer's `RebalancerConfig`).
 */
export const ServicesManagerQueryResponses = {
  get_service_addr: AddrResponse,
  is_service: z.boolean(),
  get_service_fee: ServiceFeeResponse,
  get_admin: AddrResponse,
  is_account_code_id: z.boolean(),
  get_all_services: AllServicesResponse,
  get_rebalancer_config: RebalancerConfigResponse,
} as const
