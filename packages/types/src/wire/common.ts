/**
 * Wire types shared by several contracts (wire-formats.md, "Instantiation and
 * administration" and the contract sections): admin-change expirations, the `{"set":…}` /
 * `"clear"` update field, block info, service names, fee actions and prices.
 */
import * as z from 'zod'
import { wireEnum } from './enum.js'
import { Addr, DecimalStr, Empty, Timestamp, U64 } from './primitives.js'

/**
 * `cw_utils::Expiration` (wire-formats.md, "Instantiation and administration":
 * `start_admin_change{addr,expiration}`): `{"at_height":123}`, `{"at_time":"<ns>"}` or
 * `{"never":{}}`.
 */
export const ExpirationVariants = { at_height: U64, at_time: Timestamp, never: Empty } as const
/** Expiration has no bare-string variants (wire-formats.md, "Instantiation and administration"). */
export const ExpirationUnitVariants = [] as const
/** `cw_utils::Expiration` (wire-formats.md, "Instantiation and administration"). */
export const Expiration = wireEnum('Expiration', ExpirationVariants, ExpirationUnitVariants)
/** `cw_utils::Expiration` (wire-formats.md, "Instantiation and administration"). */
export type Expiration = z.infer<typeof Expiration>

/**
 * The `{"set":…}` / `"clear"` update of an optional field (wire-formats.md, "Account",
 * RebalancerUpdateData: "`trustee` and `max_limit_bps` take `{"set":…}` or `"clear"`").
 * Absent or `null` where it is used means "keep".
 */
export function optionalField<S extends z.ZodType>(value: S) {
  return wireEnum('OptionalField', { set: value }, ['clear'] as const)
}

/**
 * A block (wire-formats.md, "Auctions manager and auctions": `last_checked_block:{height,time,chain_id}`).
 * `height` is a u64 number, `time` a {@link Timestamp} string.
 */
export const BlockInfoWire = z.strictObject({ height: U64, time: Timestamp, chain_id: z.string() })
/** `cosmwasm_std::BlockInfo` on the wire (wire-formats.md, "Auctions manager and auctions"). */
export type BlockInfoWire = z.infer<typeof BlockInfoWire>

/**
 * A service name (wire-formats.md, "Account": `"service_name":"rebalancer"`; the services
 * manager's `service`/`name`). The deployment knows one service.
 */
export const ServiceName = z.enum(['rebalancer'])
/** `ValenceServices` (wire-formats.md, "Account"). */
export type ServiceName = z.infer<typeof ServiceName>

/**
 * The fee action of `get_service_fee` (wire-formats.md, "Services manager":
 * `"action":"register"|"resume"`).
 */
export const QueryFeeAction = z.enum(['register', 'resume'])
/** `QueryFeeAction` (wire-formats.md, "Services manager"). */
export type QueryFeeAction = z.infer<typeof QueryFeeAction>

/**
 * A price with its time (wire-formats.md, "Auctions manager and auctions":
 * `get_price` → `{"price":"1.5","time":"<ns>"}`).
 */
export const PriceResponse = z.strictObject({
  price: DecimalStr,
  time: Timestamp,
})
/** `{price, time}` (wire-formats.md, "Auctions manager and auctions"). */
export type PriceResponse = z.infer<typeof PriceResponse>

/**
 * A bech32 address answer (`get_service_addr`, `get_pair_addr`): the JSON string itself (wire-formats.md,
 * "Instantiation and administration").
 */
export const AddrResponse = Addr
/** An address answer (wire-formats.md, "Instantiation and administration"). */
export type AddrResponse = z.infer<typeof AddrResponse>

/**
 * Starting an admin change (wire-formats.md, "Instantiation and administration": every
 * contract's "admin change", `start_admin_change{addr,expiration}`).
 */
export const StartAdminChange = z.strictObject({ addr: Addr, expiration: Expiration })
/** `start_admin_change` body (wire-formats.md, "Instantiation and administration"). */
export type StartAdminChange = z.infer<typeof StartAdminChange>
