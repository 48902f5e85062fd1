/**
 * The auctions manager's messages (wire-formats.md, "Auctions manager and auctions" and
 * "Instantiation and administration", auctions manager).
 */
import * as z from 'zod'
import {
  AuctionConfigResponse,
  AuctionInstantiateMsg,
  AuctionStrategyWire,
  ChainHaltConfigWire,
  NewAuctionParamsWire,
  PriceFreshnessStrategyWire,
} from './auction.js'
import { AddrResponse, PriceResponse, StartAdminChange } from './common.js'
import { wireEnum } from './enum.js'
import { Addr, DenomWire, Empty, PairWire, U32, U64, Uint128 } from './primitives.js'

/**
 * The minimum amounts of a denom for the auctions (wire-formats.md: `{"send":"5","start_auction":"10"}`):
 * smallest deposit and smallest lot, Uint128 strings.
 */
export const MinAmountWire = z.strictObject({ send: Uint128, start_auction: Uint128 })
/** Minimum amounts of a denom (wire-formats.md, "Auctions manager and auctions"). */
export type MinAmountWire = z.infer<typeof MinAmountWire>

/**
 * Auctions manager instantiate (wire-formats.md, "Instantiation and administration":
 * `{"auction_code_id":N,"min_auction_amount":[["uatom",{"send":"5","start_auction":"10"}]],"server_addr":…}`).
 */
export const AuctionsManagerInstantiateMsg = z.strictObject({
  auction_code_id: U64,
  min_auction_amount: z.array(z.tuple([DenomWire, MinAmountWire])),
  server_addr: Addr,
})
/** Auctions manager instantiate message (wire-formats.md, "Instantiation and administration"). */
export type AuctionsManagerInstantiateMsg = z.infer<typeof AuctionsManagerInstantiateMsg>

/**
 * The auction migrate message carried by `migrate_auction` (wire-formats.md, "Instantiation
 * and administration": `migrate_auction{pair,code_id,msg}`): the auction contract's own
 * `MigrateMsg`, whose only variant is `{"no_state_change":{}}`. (`to_v1` belongs to the
 * auctions manager's migration, not the auction's.)
 */
export const AuctionMigrateMsg = wireEnum(
  'AuctionMigrateMsg',
  { no_state_change: Empty } as const,
  [] as const,
)
/** Auction migrate message (wire-formats.md, "Instantiation
 * and administration"). */
export type AuctionMigrateMsg = z.infer<typeof AuctionMigrateMsg>

/**
 * Auctions manager admin variants (wire-formats.md, "Instantiation and administration",
 * auctions manager: `new_auction{msg,label,min_amount}`, `pause_auction{pair}`,
 * `resume_auction{pair}`, `update_auction_id{code_id}`, `update_oracle{oracle_addr}`,
 * `update_min_amount{denom,min_amount}`, `update_strategy{pair,strategy}`,
 * `update_chain_halt_config{pair,halt_config}`, `update_price_freshness_strategy{pair,strategy}`,
 * `migrate_auction{pair,code_id,msg}`, `change_server_addr{addr}`, admin change
 * `start_admin_change{addr,expiration}` / `cancel_admin_change{}` — a struct variant since
 * v0.1.6, though the published schema file still shows a bare string).
 */
export const AuctionsManagerAdminVariants = {
  new_auction: z.strictObject({
    msg: AuctionInstantiateMsg,
    label: z.string(),
    min_amount: MinAmountWire.nullable().optional(),
  }),
  pause_auction: z.strictObject({ pair: PairWire }),
  resume_auction: z.strictObject({ pair: PairWire }),
  update_auction_id: z.strictObject({ code_id: U64 }),
  update_oracle: z.strictObject({ oracle_addr: Addr }),
  update_min_amount: z.strictObject({ denom: DenomWire, min_amount: MinAmountWire }),
  update_strategy: z.strictObject({ pair: PairWire, strategy: AuctionStrategyWire }),
  update_chain_halt_config: z.strictObject({ pair: PairWire, halt_config: ChainHaltConfigWire }),
  update_price_freshness_strategy: z.strictObject({ pair: PairWire, strategy: PriceFreshnessStrategyWire }),
  migrate_auction: z.strictObject({ pair: PairWire, code_id: U64, msg: AuctionMigrateMsg }),
  change_server_addr: z.strictObject({ addr: Addr }),
  start_admin_change: StartAdminChange,
  cancel_admin_change: Empty,
} as const
/** Auctions manager admin bare-string variants: none at v0.1.6 (wire-formats.md, "Instantiation and administration"). */
export const AuctionsManagerAdminUnitVariants = [] as const
/**
 * Auctions manager admin message, sent as `{"admin":…}` (wire-formats.md, "Instantiation and
 * administration").
 */
export const AuctionsManagerAdminMsg = wireEnum(
  'AuctionsManagerAdminMsg',
  AuctionsManagerAdminVariants,
  AuctionsManagerAdminUnitVariants,
)
/** Auctions manager admin message (wire-formats.md, "Instantiation and administration"). */
export type AuctionsManagerAdminMsg = z.infer<typeof AuctionsManagerAdminMsg>

/**
 * Auctions manager server variants (wire-formats.md, "server only":
 * `{"server":{"open_auction":{"pair":[a,b],"params":{"start_block":null,"end_block":123}}}}`).
 */
export const AuctionsManagerServerVariants = {
  open_auction: z.strictObject({ pair: PairWire, params: NewAuctionParamsWire }),
} as const
/** The server messages have no bare-string variants (wire-formats.md, "server only"). */
export const AuctionsManagerServerUnitVariants = [] as const
/** Auctions manager server message, sent as `{"server":…}` by the server address (wire-formats.md). */
export const AuctionsManagerServerMsg = wireEnum(
  'AuctionsManagerServerMsg',
  AuctionsManagerServerVariants,
  AuctionsManagerServerUnitVariants,
)
/** Auctions manager server message (wire-formats.md, "Auctions manager and auctions"). */
export type AuctionsManagerServerMsg = z.infer<typeof AuctionsManagerServerMsg>

/**
 * Auctions manager execute variants (wire-formats.md, "Auctions manager and auctions":
 * `{"auction_funds":{"pair":[a,b]}}` (+ funds of a), `{"withdraw_funds":{"pair":[a,b]}}`,
 * `{"finish_auction":{"pair":[a,b],"limit":5}}`, `{"server":…}`, `{"admin":…}`, and the
 * top-level admin-change approval `{"approve_admin_change":{}}`).
 */
export const AuctionsManagerExecuteVariants = {
  auction_funds: z.strictObject({ pair: PairWire }),
  withdraw_funds: z.strictObject({ pair: PairWire }),
  finish_auction: z.strictObject({ pair: PairWire, limit: U64 }),
  server: AuctionsManagerServerMsg,
  admin: AuctionsManagerAdminMsg,
  approve_admin_change: Empty,
} as const
/**
 * The auctions manager has no bare-string execute variants (wire-formats.md, "Auctions manager and
 * auctions").
 */
export const AuctionsManagerExecuteUnitVariants = [] as const
/** Auctions manager execute message (wire-formats.md, "Auctions manager and auctions"). */
export const AuctionsManagerExecuteMsg = wireEnum(
  'AuctionsManagerExecuteMsg',
  AuctionsManagerExecuteVariants,
  AuctionsManagerExecuteUnitVariants,
)
/** Auctions manager execute message (wire-formats.md, "Auctions manager and auctions"). */
export type AuctionsManagerExecuteMsg = z.infer<typeof AuctionsManagerExecuteMsg>

/**
 * Auctions manager query variants (wire-formats.md, "manager queries":
 * `{"get_pairs":{"start_after":null,"limit":null}}` (`limit` a u32), `{"get_pair_addr":{"pair":[a,b]}}`,
 * `{"get_price":{"pair":[a,b]}}`, `{"get_min_limit":{"denom":…}}`, `{"get_config":{"pair":[a,b]}}`
 * (the pair auction's configuration)).
 */
export const AuctionsManagerQueryVariants = {
  get_pairs: z.strictObject({
    start_after: PairWire.nullable().optional(),
    limit: U32.nullable().optional(),
  }),
  get_pair_addr: z.strictObject({ pair: PairWire }),
  get_price: z.strictObject({ pair: PairWire }),
  get_min_limit: z.strictObject({ denom: DenomWire }),
  get_config: z.strictObject({ pair: PairWire }),
} as const
/**
 * The auctions manager's bare-string queries: `"get_admin"`, `"get_oracle_addr"`, `"get_server_addr"`
 * (wire-formats.md, "manager queries").
 */
export const AuctionsManagerQueryUnitVariants = ['get_admin', 'get_oracle_addr', 'get_server_addr'] as const
/** Auctions manager query message (wire-formats.md, "manager queries"). */
export const AuctionsManagerQueryMsg = wireEnum(
  'AuctionsManagerQueryMsg',
  AuctionsManagerQueryVariants,
  AuctionsManagerQueryUnitVariants,
)
/** Auctions manager query message (wire-formats.md, "manager queries"). */
export type AuctionsManagerQueryMsg = z.infer<typeof AuctionsManagerQueryMsg>

/** The answer of `get_pairs` (wire-formats.md: `[[[a,b],"<auction addr>"]]`). */
export const PairsResponse = z.array(z.tuple([PairWire, Addr]))
/** Pairs and their auction addresses (wire-formats.md, "Auctions manager and auctions"). */
export type PairsResponse = z.infer<typeof PairsResponse>

/**
 * The answer schema of each auctions manager query (wire-formats.md, "manager queries"):
 * `get_pairs` → `[[[a,b],"<addr>"]]`, `get_pair_addr` → the address, `get_price` →
 * `{"price":"1.5","time":"<ns>"}`, `get_min_limit` → `{"send":"5","start_auction":"10"}`,
 * `get_config` → the pair auction's configuration, `get_admin` / `get_oracle_addr` /
 * `get_server_addr` → an address.
 */
export const AuctionsManagerQueryResponses = {
  get_pairs: PairsResponse,
  get_pair_addr: AddrResponse,
  get_price: PriceResponse,
  get_min_limit: MinAmountWire,
  get_config: AuctionConfigResponse,
  get_admin: AddrResponse,
  get_oracle_addr: AddrResponse,
  get_server_addr: AddrResponse,
} as const
