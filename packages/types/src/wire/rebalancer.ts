/**
 * The rebalancer's messages and its configuration data (wire-formats.md, "Rebalancer",
 * "Account" (RebalancerData / RebalancerUpdateData) and "Instantiation and administration"),
 * with the configuration rules of portfolio-computer.md, "Configuration (per account)".
 */
import * as z from 'zod'
import { AddrResponse, optionalField, QueryFeeAction, StartAdminChange } from './common.js'
import { wireEnum } from './enum.js'
import {
  Addr,
  CoinWire,
  DecimalStr,
  DenomWire,
  Empty,
  PairWire,
  SignedDecimalStr,
  Timestamp,
  U32,
  U64,
  Uint128,
} from './primitives.js'
import { TriggerWire } from './trigger.js'

// ---------------------------------------------------------------------------------------------
// Configuration data

/**
 * How the `min_balance` override redistributes the other targets (wire-formats.md,
 * "JSON conventions": `"proportional"`; portfolio-computer.md, "Configuration").
 */
export const TargetOverrideStrategyWire = z.enum(['proportional', 'priority'])
/** `"proportional"` or `"priority"` (wire-formats.md, "Rebalancer"). */
export type TargetOverrideStrategyWire = z.infer<typeof TargetOverrideStrategyWire>

/**
 * One target (wire-formats.md, "Account", RebalancerData: `{"denom":"untrn","bps":9000,"min_balance":null}`):
 * `bps` a number, `min_balance` a Uint128 string or `null` (may be absent).
 */
export const TargetWire = z.strictObject({
  denom: DenomWire,
  bps: U64,
  min_balance: Uint128.nullable().optional(),
})
/** One target on the wire (wire-formats.md, "Account"). */
export type TargetWire = z.infer<typeof TargetWire>

/**
 * PID gains (wire-formats.md, "Account", RebalancerData: `"pid":{"p":"0.1","i":"0","d":"0"}`), Decimal
 * strings.
 */
export const PidWire = z.strictObject({ p: DecimalStr, i: DecimalStr, d: DecimalStr })
/** PID gains on the wire (wire-formats.md, "Account"). */
export type PidWire = z.infer<typeof PidWire>

/**
 * An account's rebalancer configuration (wire-formats.md, "Account", RebalancerData): what
 * `register_to_service` carries as base64 JSON. `trustee` and `max_limit_bps` may be `null`
 * or absent (no trustee; 10000). Structural only, as serde decodes it; the rules of
 * portfolio-computer.md "Configuration" are {@link checkRebalancerData} / {@link RebalancerDataValid}.
 */
export const RebalancerData = z.strictObject({
  trustee: Addr.nullable().optional(),
  base_denom: DenomWire,
  targets: z.array(TargetWire),
  pid: PidWire,
  max_limit_bps: U64.nullable().optional(),
  target_override_strategy: TargetOverrideStrategyWire,
  /** Ours (correction 13): when the account's computation runs; absent = every cycle, as deployed. */
  trigger: TriggerWire.optional(),
})
/** RebalancerData on the wire (wire-formats.md, "Account"). */
export type RebalancerData = z.infer<typeof RebalancerData>

/**
 * A configuration update (wire-formats.md, "Account", RebalancerUpdateData: "every field
 * optional except `targets` (`[]` keeps them); `trustee` and `max_limit_bps` take
 * `{"set":…}` or `"clear"`"). An absent or `null` field keeps the stored value.
 */
export const RebalancerUpdateData = z.strictObject({
  trustee: optionalField(Addr).nullable().optional(),
  base_denom: DenomWire.nullable().optional(),
  targets: z.array(TargetWire),
  pid: PidWire.nullable().optional(),
  max_limit_bps: optionalField(U64).nullable().optional(),
  target_override_strategy: TargetOverrideStrategyWire.nullable().optional(),
  /** Ours (correction 13): `{"set":trigger}` or `"clear"` (every cycle again); absent keeps it. */
  trigger: optionalField(TriggerWire).optional(),
})
/** RebalancerUpdateData on the wire (wire-formats.md, "Account"). */
export type RebalancerUpdateData = z.infer<typeof RebalancerUpdateData>

// The configuration rules themselves (portfolio-computer.md, "Configuration") are not checked
// here: these schemas decode what the chain's serde accepts, and the one rule set is
// `configProblems` in @rebalancer/core (used by the localnet's rebalancer and the adapters).

// ---------------------------------------------------------------------------------------------
// Instantiate and shared structures

/**
 * A base denom with its minimum account value (wire-formats.md, "Rebalancer", instantiate:
 * `{"denom":…,"min_balance_limit":"10000000"}`).
 */
export const BaseDenomWire = z.strictObject({ denom: DenomWire, min_balance_limit: Uint128 })
/** A base-denom whitelist entry (wire-formats.md, "Rebalancer"). */
export type BaseDenomWire = z.infer<typeof BaseDenomWire>

/**
 * Service fees (wire-formats.md, "Rebalancer", instantiate:
 * `"fees":{"denom":"untrn","register_fee":"1000000","resume_fee":"1000000"}`).
 */
export const ServiceFeeConfigWire = z.strictObject({
  denom: DenomWire,
  register_fee: Uint128,
  resume_fee: Uint128,
})
/** Service fee configuration (wire-formats.md, "Rebalancer"). */
export type ServiceFeeConfigWire = z.infer<typeof ServiceFeeConfigWire>

/**
 * Rebalancer instantiate (wire-formats.md, "Rebalancer": `{"denom_whitelist":[…],
 * "base_denom_whitelist":[…],"services_manager_addr":…,"cycle_start":"<ns>",
 * "auctions_manager_addr":…,"cycle_period":86400,"fees":{…}}`). `cycle_period` is a u64
 * number of seconds, optional (the contract's default is one day).
 */
export const RebalancerInstantiateMsg = z.strictObject({
  denom_whitelist: z.array(DenomWire),
  base_denom_whitelist: z.array(BaseDenomWire),
  services_manager_addr: Addr,
  cycle_start: Timestamp,
  auctions_manager_addr: Addr,
  cycle_period: U64.nullable().optional(),
  fees: ServiceFeeConfigWire,
})
/** Rebalancer instantiate message (wire-formats.md, "Rebalancer"). */
export type RebalancerInstantiateMsg = z.infer<typeof RebalancerInstantiateMsg>

/**
 * The cycle status variants (wire-formats.md, "Rebalancer", system status:
 * `{"not_started":{"cycle_start":"<ns>"}}` | `{"processing":{"cycle_started":"<ns>",
 * "start_from":"<addr>","prices":[[["uatom","untrn"],"1.5"]]}}` | `{"finished":{"next_cycle":"<ns>"}}`).
 */
export const SystemRebalanceStatusVariants = {
  not_started: z.strictObject({ cycle_start: Timestamp }),
  processing: z.strictObject({
    cycle_started: Timestamp,
    start_from: Addr,
    prices: z.array(z.tuple([PairWire, DecimalStr])),
  }),
  finished: z.strictObject({ next_cycle: Timestamp }),
} as const
/** The status has no bare-string variants (wire-formats.md, "Rebalancer"). */
export const SystemRebalanceStatusUnitVariants = [] as const
/** The rebalancer's cycle status, the answer of `"get_system_status"` (wire-formats.md, "Rebalancer"). */
export const SystemRebalanceStatus = wireEnum(
  'SystemRebalanceStatus',
  SystemRebalanceStatusVariants,
  SystemRebalanceStatusUnitVariants,
)
/** The rebalancer's cycle status (wire-formats.md, "Rebalancer"). */
export type SystemRebalanceStatus = z.infer<typeof SystemRebalanceStatus>

// ---------------------------------------------------------------------------------------------
// Execute

/**
 * Rebalancer admin variants (wire-formats.md, "Instantiation and administration", rebalancer:
 * `update_system_status{status}` (the contract refuses `processing`), `update_denom_whitelist{to_add,to_remove}`,
 * `update_base_denom_whitelist{to_add:[{denom,min_balance_limit}],to_remove}`,
 * `update_services_manager{addr}`, `update_auctions_manager{addr}`, `update_cycle_period{period}`,
 * `update_fees{fees}`, `start_admin_change{addr,expiration}`, `cancel_admin_change{}`).
 * `cancel_admin_change` is a struct variant `{}` since v0.1.6 (`msg.rs` at the deployed tag; the
 * published schema file still shows the older bare string).
 */
export const RebalancerAdminVariants = {
  update_system_status: z.strictObject({ status: SystemRebalanceStatus }),
  update_denom_whitelist: z.strictObject({ to_add: z.array(DenomWire), to_remove: z.array(DenomWire) }),
  update_base_denom_whitelist: z.strictObject({
    to_add: z.array(BaseDenomWire),
    to_remove: z.array(DenomWire),
  }),
  update_services_manager: z.strictObject({ addr: Addr }),
  update_auctions_manager: z.strictObject({ addr: Addr }),
  update_cycle_period: z.strictObject({ period: U64 }),
  update_fees: z.strictObject({ fees: ServiceFeeConfigWire }),
  start_admin_change: StartAdminChange,
  cancel_admin_change: Empty,
} as const
/** Rebalancer admin bare-string variants: none at v0.1.6 (wire-formats.md, "Instantiation and administration"). */
export const RebalancerAdminUnitVariants = [] as const
/** Rebalancer admin message, sent as `{"admin":…}` (wire-formats.md, "Instantiation and administration"). */
export const RebalancerAdminMsg = wireEnum(
  'RebalancerAdminMsg',
  RebalancerAdminVariants,
  RebalancerAdminUnitVariants,
)
/** Rebalancer admin message (wire-formats.md, "Instantiation and administration"). */
export type RebalancerAdminMsg = z.infer<typeof RebalancerAdminMsg>

/**
 * Rebalancer execute variants (wire-formats.md, "Rebalancer": `{"system_rebalance":{"limit":50}}`
 * (limit may be null or absent); "Services manager": the forwarded `register{register_for,data}`,
 * `deregister{deregister_for}`, `update{update_for,data}`, `pause{pause_for,sender,reason}`,
 * `resume{resume_for,sender}`, where `data` is the decoded RebalancerData / RebalancerUpdateData JSON;
 * "Instantiation and administration": `{"admin":…}` and top-level `{"approve_admin_change":{}}`,
 * a struct variant since v0.1.6).
 */
export const RebalancerExecuteVariants = {
  system_rebalance: z.strictObject({ limit: U64.nullable().optional() }),
  register: z.strictObject({ register_for: Addr, data: RebalancerData.nullable().optional() }),
  deregister: z.strictObject({ deregister_for: Addr }),
  update: z.strictObject({ update_for: Addr, data: RebalancerUpdateData }),
  pause: z.strictObject({ pause_for: Addr, sender: Addr, reason: z.string().nullable().optional() }),
  resume: z.strictObject({ resume_for: Addr, sender: Addr }),
  admin: RebalancerAdminMsg,
  approve_admin_change: Empty,
} as const
/** Rebalancer execute bare-string variants: none at v0.1.6 (wire-formats.md, "Rebalancer"). */
export const RebalancerExecuteUnitVariants = [] as const
/** Rebalancer execute message (wire-formats.md, "Rebalancer"). */
export const RebalancerExecuteMsg = wireEnum(
  'RebalancerExecuteMsg',
  RebalancerExecuteVariants,
  RebalancerExecuteUnitVariants,
)
/** Rebalancer execute message (wire-formats.md, "Rebalancer"). */
export type RebalancerExecuteMsg = z.infer<typeof RebalancerExecuteMsg>

// ---------------------------------------------------------------------------------------------
// Query

/**
 * Rebalancer query variants (wire-formats.md, "Rebalancer", queries: `{"get_config":{"addr":…}}`,
 * `{"get_all_configs":{"start_after":null,"limit":null}}`, `{"get_paused_config":{"addr":…}}`,
 * `{"get_service_fee":{"account":…,"action":"register"}}`). `limit` is a `u32`. `account` of
 * `get_service_fee` is any string, as the chain reads it (DAO DAO asks with `"account":""` for
 * `register`; the contract validates the address only for `resume`).
 */
export const RebalancerQueryVariants = {
  get_config: z.strictObject({ addr: Addr }),
  get_all_configs: z.strictObject({
    start_after: Addr.nullable().optional(),
    limit: U32.nullable().optional(),
  }),
  get_paused_config: z.strictObject({ addr: Addr }),
  get_service_fee: z.strictObject({ account: z.string(), action: QueryFeeAction }),
} as const
/** Rebalancer bare-string queries (wire-formats.md, "Rebalancer"). */
export const RebalancerQueryUnitVariants = [
  'get_system_status',
  'get_white_lists',
  'get_managers_addrs',
  'get_admin',
] as const
/** Rebalancer query message (wire-formats.md, "Rebalancer"). */
export const RebalancerQueryMsg = wireEnum(
  'RebalancerQueryMsg',
  RebalancerQueryVariants,
  RebalancerQueryUnitVariants,
)
/** Rebalancer query message (wire-formats.md, "Rebalancer"). */
export type RebalancerQueryMsg = z.infer<typeof RebalancerQueryMsg>

/**
 * A stored target as `get_config` answers it (wire-formats.md, "Rebalancer", `get_config`;
 * shape of the deployed contract's `ParsedTarget`): `percentage` a Decimal (bps / 10000),
 * the controller state `last_input` (a `SignedDecimal` or null) and `last_i` (a `SignedDecimal`).
 */
export const ParsedTargetWire = z.strictObject({
  denom: DenomWire,
  percentage: DecimalStr,
  min_balance: Uint128.nullable().optional(),
  last_input: SignedDecimalStr.nullable().optional(),
  last_i: SignedDecimalStr,
})
/** A stored target (wire-formats.md, "Rebalancer"). */
export type ParsedTargetWire = z.infer<typeof ParsedTargetWire>

/**
 * The stored PID gains (the deployed contract's `ParsedPID`): `SignedDecimal` strings.
 */
export const ParsedPidWire = z.strictObject({ p: SignedDecimalStr, i: SignedDecimalStr, d: SignedDecimalStr })
/** Stored PID gains (wire-formats.md, "Rebalancer"). */
export type ParsedPidWire = z.infer<typeof ParsedPidWire>

/**
 * An account's stored configuration, the answer of `get_config` (wire-formats.md,
 * "Rebalancer"; shape of the deployed contract's `RebalancerConfig`): `max_limit` a Decimal
 * fraction (bps / 10000), `last_rebalance` a Timestamp, `pid` the gains as `SignedDecimal`s.
 */
export const RebalancerConfigResponse = z.strictObject({
  trustee: Addr.nullable().optional(),
  base_denom: DenomWire,
  targets: z.array(ParsedTargetWire),
  pid: ParsedPidWire,
  max_limit: DecimalStr,
  last_rebalance: Timestamp,
  has_min_balance: z.boolean(),
  target_override_strategy: TargetOverrideStrategyWire,
  /** Ours (correction 13): present only when the account has a trigger. */
  trigger: TriggerWire.optional(),
})
/** An account's stored configuration (wire-formats.md, "Rebalancer"). */
export type RebalancerConfigResponse = z.infer<typeof RebalancerConfigResponse>

/**
 * Why an account is paused (wire-formats.md, "Rebalancer", `get_paused_config`;
 * portfolio-computer.md step 2 and correction 7): the chain's `"empty_balance"`,
 * `{"not_whitelisted_account_code_id":<code id>}` and `{"account_reason":"text"}` (a pause by the
 * account or trustee), and our own `"below_minimum"` (correction 7; the deployed contract has no
 * such variant — wire-formats.md, "Deliberate differences").
 */
export const PauseReasonVariants = {
  not_whitelisted_account_code_id: U64,
  account_reason: z.string(),
} as const
/** Pause reasons without data (wire-formats.md, "Rebalancer"). */
export const PauseReasonUnitVariants = ['empty_balance', 'below_minimum'] as const
/** Why an account is paused (wire-formats.md, "Rebalancer"). */
export const PauseReasonWire = wireEnum('PauseReason', PauseReasonVariants, PauseReasonUnitVariants)
/** Why an account is paused (wire-formats.md, "Rebalancer"). */
export type PauseReasonWire = z.infer<typeof PauseReasonWire>

/** The answer of `get_paused_config` (wire-formats.md, "Rebalancer"): who paused, why, and the config. */
export const PauseDataResponse = z.strictObject({
  pauser: Addr,
  reason: PauseReasonWire,
  config: RebalancerConfigResponse,
})
/** A paused account's data (wire-formats.md, "Rebalancer"). */
export type PauseDataResponse = z.infer<typeof PauseDataResponse>

/** The answer of `"get_white_lists"` (wire-formats.md, "Rebalancer"). */
export const WhitelistsResponse = z.strictObject({
  denom_whitelist: z.array(DenomWire),
  base_denom_whitelist: z.array(BaseDenomWire),
})
/** The rebalancer's whitelists (wire-formats.md, "Rebalancer"). */
export type WhitelistsResponse = z.infer<typeof WhitelistsResponse>

/** The answer of `"get_managers_addrs"` (wire-formats.md, "Rebalancer"). */
export const ManagersAddrsResponse = z.strictObject({ services: Addr, auctions: Addr })
/** The managers' addresses (wire-formats.md, "Rebalancer"). */
export type ManagersAddrsResponse = z.infer<typeof ManagersAddrsResponse>

/**
 * The answer of `get_all_configs` (wire-formats.md, "Rebalancer"): `[[account, config], …]` in address order.
 */
export const AllConfigsResponse = z.array(z.tuple([Addr, RebalancerConfigResponse]))
/** Every account's configuration (wire-formats.md, "Rebalancer"). */
export type AllConfigsResponse = z.infer<typeof AllConfigsResponse>

/**
 * The answer schema of each rebalancer query (wire-formats.md, "Rebalancer"). `get_paused_config`
 * answers the pause data of a paused account; `get_service_fee` answers `null` or a coin.
 */
export const RebalancerQueryResponses = {
  get_config: RebalancerConfigResponse,
  get_all_configs: AllConfigsResponse,
  get_paused_config: PauseDataResponse,
  get_system_status: SystemRebalanceStatus,
  get_white_lists: WhitelistsResponse,
  get_managers_addrs: ManagersAddrsResponse,
  get_service_fee: CoinWire.nullable(),
  get_admin: AddrResponse,
} as const
