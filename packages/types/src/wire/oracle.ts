/**
 * The price oracle's messages (wire-formats.md, "Oracle" and "Instantiation and
 * administration", oracle).
 */
import * as z from 'zod'
import { AddrResponse, PriceResponse, StartAdminChange } from './common.js'
import { wireEnum } from './enum.js'
import { Addr, DecimalStr, DenomWire, Empty, PairWire, U32, U64 } from './primitives.js'

/**
 * The oracle's price source (ours, portfolio-computer.md correction 11; auction.md "Oracle modes"):
 * `mean` (the deployed contract's), `recency_weighted`, `median`, `volume_weighted` (auction
 * aggregates), `external` (the live reference) and `anchored` (the recency-weighted aggregate
 * while within `anchor_band_bps` of the reference, else the reference).
 */
export const OracleModeWire = z.enum(
  ['mean', 'recency_weighted', 'median', 'volume_weighted', 'external', 'anchored'],
  { error: 'must be one of mean, recency_weighted, median, volume_weighted, external, anchored' },
)
/** An oracle mode on the wire (correction 11). */
export type OracleModeWire = z.infer<typeof OracleModeWire>

/**
 * Oracle instantiate (wire-formats.md, "Instantiation and administration":
 * `{"auctions_manager_addr":…,"seconds_allow_manual_change":172800,"seconds_auction_prices_fresh":259200}`).
 */
export const OracleInstantiateMsg = z.strictObject({
  auctions_manager_addr: Addr,
  seconds_allow_manual_change: U64,
  seconds_auction_prices_fresh: U64,
  /** Ours (portfolio-computer.md correction 11): where the price comes from; absent = `mean`, as deployed. */
  mode: OracleModeWire.optional(),
  /** Ours (correction 11): the `anchored` mode's band, bps of the reference, 1..=10000; default 200. */
  anchor_band_bps: U32.optional(),
})
/** Oracle instantiate message (wire-formats.md, "Instantiation and administration"). */
export type OracleInstantiateMsg = z.infer<typeof OracleInstantiateMsg>

/**
 * One hop of the on-chain DEX fallback route (wire-formats.md, "Oracle": "On chain the
 * oracle's fallback is a DEX route (`add_astro_path`)"; the deployed contract's `PriceStep`).
 */
export const PriceStepWire = z.strictObject({ denom1: DenomWire, denom2: DenomWire, pool_address: Addr })
/** One hop of a DEX route (wire-formats.md, "Oracle"). */
export type PriceStepWire = z.infer<typeof PriceStepWire>

/**
 * Oracle execute variants (wire-formats.md, "Oracle": `{"update_price":{"pair":[a,b]}}`,
 * admin `{"manual_price_update":{"pair":[a,b],"price":"1.5"}}` — sent top level, as the
 * example shows; "Instantiation and administration": `update_config{…}` with each field
 * optional, the admin change `start_admin_change{addr,expiration}`, `{"cancel_admin_change":{}}`,
 * `{"approve_admin_change":{}}`; and the DEX route `add_astro_path` / `update_astro_path`).
 */
export const OracleExecuteVariants = {
  update_price: z.strictObject({ pair: PairWire }),
  manual_price_update: z.strictObject({ pair: PairWire, price: DecimalStr }),
  add_astro_path: z.strictObject({ pair: PairWire, path: z.array(PriceStepWire) }),
  update_astro_path: z.strictObject({ pair: PairWire, path: z.array(PriceStepWire) }),
  update_config: z.strictObject({
    auction_manager_addr: Addr.nullable().optional(),
    seconds_allow_manual_change: U64.nullable().optional(),
    seconds_auction_prices_fresh: U64.nullable().optional(),
  }),
  start_admin_change: StartAdminChange,
  cancel_admin_change: Empty,
  approve_admin_change: Empty,
} as const
/** The oracle has no bare-string execute variants (wire-formats.md, "Oracle"). */
export const OracleExecuteUnitVariants = [] as const
/** Oracle execute message (wire-formats.md, "Oracle"). */
export const OracleExecuteMsg = wireEnum('OracleExecuteMsg', OracleExecuteVariants, OracleExecuteUnitVariants)
/** Oracle execute message (wire-formats.md, "Oracle"). */
export type OracleExecuteMsg = z.infer<typeof OracleExecuteMsg>

/**
 * Oracle query variants (wire-formats.md, "Oracle": `{"get_price":{"pair":[a,b]}}`,
 * `{"get_all_prices":{"from":null,"limit":null}}`, `limit` a u32, default 10).
 */
export const OracleQueryVariants = {
  get_price: z.strictObject({ pair: PairWire }),
  get_all_prices: z.strictObject({ from: PairWire.nullable().optional(), limit: U32.nullable().optional() }),
} as const
/** The oracle's bare-string queries: `"get_config"`, `"get_admin"` (wire-formats.md, "Oracle"). */
export const OracleQueryUnitVariants = ['get_config', 'get_admin'] as const
/** Oracle query message (wire-formats.md, "Oracle"). */
export const OracleQueryMsg = wireEnum('OracleQueryMsg', OracleQueryVariants, OracleQueryUnitVariants)
/** Oracle query message (wire-formats.md, "Oracle"). */
export type OracleQueryMsg = z.infer<typeof OracleQueryMsg>

/** The answer of `get_all_prices` (wire-formats.md, "Oracle"): `[[[a,b],{"price":…,"time":…}], …]`. */
export const AllPricesResponse = z.array(z.tuple([PairWire, PriceResponse]))
/** Every pair's price (wire-formats.md, "Oracle"). */
export type AllPricesResponse = z.infer<typeof AllPricesResponse>

/**
 * The answer of the oracle's `"get_config"` (wire-formats.md, "Oracle"; the deployed contract's
 * `Config`): the auctions manager and the two freshness windows in seconds.
 */
export const OracleConfigResponse = z.strictObject({
  auction_manager_addr: Addr,
  seconds_allow_manual_change: U64,
  seconds_auction_prices_fresh: U64,
  /** Ours (correction 11): present only when the oracle was instantiated with a mode. */
  mode: OracleModeWire.optional(),
  /** Ours (correction 11): present only when instantiated with a band. */
  anchor_band_bps: U32.optional(),
})
/** The oracle's configuration (wire-formats.md, "Oracle"). */
export type OracleConfigResponse = z.infer<typeof OracleConfigResponse>

/**
 * The answer schema of each oracle query (wire-formats.md, "Oracle"): `{price,time}` and the list
 * of them, the configuration, and the admin.
 */
export const OracleQueryResponses = {
  get_price: PriceResponse,
  get_all_prices: AllPricesResponse,
  get_config: OracleConfigResponse,
  get_admin: AddrResponse,
} as const
