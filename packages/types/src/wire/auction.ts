/**
 * A pair auction's messages (wire-formats.md, "Auctions manager and auctions", auction, and
 * "Instantiation and administration", auction admin). One auction contract per ordered pair.
 */
import * as z from 'zod'
import { AddrResponse, BlockInfoWire, PriceResponse } from './common.js'
import { wireEnum } from './enum.js'
import { Addr, DecimalStr, Empty, PairWire, U32, U64, Uint128 } from './primitives.js'

/**
 * The price strategy of an auction in bps of the oracle price (wire-formats.md, auction
 * instantiate: `"auction_strategy":{"start_price_perc":2000,"end_price_perc":2000}`), u64 numbers.
 */
export const AuctionStrategyWire = z.strictObject({ start_price_perc: U64, end_price_perc: U64 })
/** Auction strategy (wire-formats.md, "Auctions manager and auctions"). */
export type AuctionStrategyWire = z.infer<typeof AuctionStrategyWire>

/**
 * Chain-halt detection (wire-formats.md, auction instantiate:
 * `"chain_halt_config":{"cap":"14400","block_avg":"3"}`): `cap` seconds as a Uint128 string,
 * `block_avg` seconds per block as a Decimal string.
 */
export const ChainHaltConfigWire = z.strictObject({ cap: Uint128, block_avg: DecimalStr })
/** Chain-halt configuration (wire-formats.md, "Auctions manager and auctions"). */
export type ChainHaltConfigWire = z.infer<typeof ChainHaltConfigWire>

/**
 * Oracle price freshness (wire-formats.md, auction instantiate:
 * `"price_freshness_strategy":{"limit":"3","multipliers":[["2","2"],["1","1.5"]]}`): `limit`
 * days as a Decimal, `multipliers` `[days, multiplier]` Decimal pairs.
 */
export const PriceFreshnessStrategyWire = z.strictObject({
  limit: DecimalStr,
  multipliers: z.array(z.tuple([DecimalStr, DecimalStr])),
})
/** Price freshness strategy (wire-formats.md, "Auctions manager and auctions"). */
export type PriceFreshnessStrategyWire = z.infer<typeof PriceFreshnessStrategyWire>

/**
 * An auction's price curve (ours, portfolio-computer.md correction 12; auction.md "Price"):
 * `"linear"` (the deployed contract's) or `{"two_phase":{"drop_blocks_bps":…,"knee_bps":…}}`: a
 * geometric drop over the first `drop_blocks_bps` of the window to the knee
 * `end + (start − end) × knee_bps / 10000`, then linear (after Reserve's DutchTrade).
 */
export const PriceCurveWire = z.union([
  z.literal('linear'),
  z.strictObject({
    two_phase: z.strictObject({ drop_blocks_bps: U32, knee_bps: U32 }),
  }),
])
/** A price curve on the wire (correction 12). */
export type PriceCurveWire = z.infer<typeof PriceCurveWire>

/**
 * Containment of an auction's openings (ours, portfolio-computer.md correction 12; auction.md
 * "Containment"): no auction opens with its start price below the live reference ×
 * (1 + `min_premium_bps` / 10000); `re_anchor` prices it from the reference instead, `refuse`
 * keeps it closed with the queue waiting; with `max_discount_bps`, no bid pays less than the
 * reference at its block × (1 − `max_discount_bps` / 10000) (a live reserve).
 */
export const ContainmentWire = z.strictObject({
  min_premium_bps: U32,
  action: z.enum(['re_anchor', 'refuse'], { error: 'must be "re_anchor" or "refuse"' }),
  /** The live reserve: no bid pays less than the reference × (1 − max_discount_bps / 10000). */
  max_discount_bps: U32.optional(),
})
/** Containment on the wire (correction 12). */
export type ContainmentWire = z.infer<typeof ContainmentWire>

/**
 * Auction instantiate (wire-formats.md, "Auctions manager and auctions": `{"pair":[a,b],
 * "auction_strategy":{…},"chain_halt_config":{…},"price_freshness_strategy":{…}}`); the
 * auctions manager sends it inside `new_auction`.
 */
export const AuctionInstantiateMsg = z.strictObject({
  pair: PairWire,
  auction_strategy: AuctionStrategyWire,
  chain_halt_config: ChainHaltConfigWire,
  price_freshness_strategy: PriceFreshnessStrategyWire,
  /** Ours (portfolio-computer.md correction 12): the price curve; absent = linear, as deployed. */
  price_curve: PriceCurveWire.optional(),
  /** Ours (correction 12): containment of every opening; absent = none, as deployed. */
  containment: ContainmentWire.optional(),
})
/** Auction instantiate message (wire-formats.md, "Auctions manager and auctions"). */
export type AuctionInstantiateMsg = z.infer<typeof AuctionInstantiateMsg>

/**
 * The parameters of an opening (wire-formats.md, "Auctions manager and auctions":
 * `"params":{"start_block":null,"end_block":123}`; auction admin `start_auction{start_block,end_block}`).
 */
export const NewAuctionParamsWire = z.strictObject({ start_block: U64.nullable().optional(), end_block: U64 })
/** Opening parameters (wire-formats.md, "Auctions manager and auctions"). */
export type NewAuctionParamsWire = z.infer<typeof NewAuctionParamsWire>

/**
 * Auction admin variants (wire-formats.md, "Instantiation and administration", auction: its
 * admin is the manager; `"pause_auction"`, `"resume_auction"`, `update_strategy{strategy}`,
 * `start_auction{start_block,end_block}`, `update_chain_halt_config{cap,block_avg}`,
 * `update_price_freshness_strategy{limit,multipliers}`).
 */
export const AuctionAdminVariants = {
  update_strategy: z.strictObject({ strategy: AuctionStrategyWire }),
  start_auction: NewAuctionParamsWire,
  update_chain_halt_config: ChainHaltConfigWire,
  update_price_freshness_strategy: PriceFreshnessStrategyWire,
} as const
/** Auction admin bare-string variants (wire-formats.md, "Instantiation and administration"). */
export const AuctionAdminUnitVariants = ['pause_auction', 'resume_auction'] as const
/** Auction admin message, sent as `{"admin":…}` (wire-formats.md, "Instantiation and administration"). */
export const AuctionAdminMsg = wireEnum('AuctionAdminMsg', AuctionAdminVariants, AuctionAdminUnitVariants)
/** Auction admin message (wire-formats.md, "Instantiation and administration"). */
export type AuctionAdminMsg = z.infer<typeof AuctionAdminMsg>

/**
 * Auction execute variants (wire-formats.md, "Auctions manager and auctions", auction:
 * `{"auction_funds":{}}`, `{"withdraw_funds":{}}`, `{"bid":{}}` (+ funds of b),
 * `{"finish_auction":{"limit":5}}`, `{"clean_after_auction":{}}`, and `{"admin":…}`).
 * `auction_funds_manager{sender}` / `withdraw_funds_manager{sender}` are what the auctions
 * manager forwards for a seller's `auction_funds{pair}` / `withdraw_funds{pair}`.
 */
export const AuctionExecuteVariants = {
  auction_funds: Empty,
  withdraw_funds: Empty,
  bid: Empty,
  finish_auction: z.strictObject({ limit: U64 }),
  clean_after_auction: Empty,
  auction_funds_manager: z.strictObject({ sender: Addr }),
  withdraw_funds_manager: z.strictObject({ sender: Addr }),
  admin: AuctionAdminMsg,
} as const
/** The auction has no bare-string execute variants (wire-formats.md, "Auctions manager and auctions"). */
export const AuctionExecuteUnitVariants = [] as const
/** Auction execute message (wire-formats.md, "Auctions manager and auctions"). */
export const AuctionExecuteMsg = wireEnum(
  'AuctionExecuteMsg',
  AuctionExecuteVariants,
  AuctionExecuteUnitVariants,
)
/** Auction execute message (wire-formats.md, "Auctions manager and auctions"). */
export type AuctionExecuteMsg = z.infer<typeof AuctionExecuteMsg>

/**
 * Auction query variants (wire-formats.md, "Auctions manager and auctions", auction queries:
 * `{"get_funds_amount":{"addr":…}}`).
 */
export const AuctionQueryVariants = {
  get_funds_amount: z.strictObject({ addr: Addr }),
} as const
/**
 * Auction bare-string queries: `"get_auction"`, `"get_price"`, `"get_config"`, `"get_strategy"`,
 * `"get_mm_data"`, `"get_admin"` (wire-formats.md, "Auctions manager and auctions").
 */
export const AuctionQueryUnitVariants = [
  'get_auction',
  'get_price',
  'get_config',
  'get_strategy',
  'get_mm_data',
  'get_admin',
] as const
/** Auction query message (wire-formats.md, "Auctions manager and auctions"). */
export const AuctionQueryMsg = wireEnum('AuctionQueryMsg', AuctionQueryVariants, AuctionQueryUnitVariants)
/** Auction query message (wire-formats.md, "Auctions manager and auctions"). */
export type AuctionQueryMsg = z.infer<typeof AuctionQueryMsg>

/**
 * Auction status variants (wire-formats.md, `get_auction`: status `"started"` | `"finished"` |
 * `{"close_auction":[addr|null,"n0","n1"]}` | `"auction_closed"`): `close_auction` carries the
 * last paid seller (or null) and the totals of pair.0 and pair.1 paid out so far.
 */
export const AuctionStatusVariants = {
  close_auction: z.tuple([Addr.nullable(), Uint128, Uint128]),
} as const
/** Auction statuses without data (wire-formats.md, "Auctions manager and auctions"). */
export const AuctionStatusUnitVariants = ['started', 'finished', 'auction_closed'] as const
/** An auction's status (wire-formats.md, "Auctions manager and auctions"). */
export const AuctionStatus = wireEnum('ActiveAuctionStatus', AuctionStatusVariants, AuctionStatusUnitVariants)
/** An auction's status (wire-formats.md, "Auctions manager and auctions"). */
export type AuctionStatus = z.infer<typeof AuctionStatus>

/**
 * The answer of `"get_auction"` (wire-formats.md: `{status, start_block, end_block, start_price,
 * end_price, available_amount, resolved_amount, total_amount, leftovers:["0","0"],
 * last_checked_block:{height,time,chain_id}}`). Blocks are u64 numbers, prices Decimals,
 * amounts Uint128 strings; `leftovers` is `[sell, buy]`.
 */
export const ActiveAuctionResponse = z.strictObject({
  status: AuctionStatus,
  start_block: U64,
  end_block: U64,
  start_price: DecimalStr,
  end_price: DecimalStr,
  available_amount: Uint128,
  resolved_amount: Uint128,
  total_amount: Uint128,
  leftovers: z.tuple([Uint128, Uint128]),
  last_checked_block: BlockInfoWire,
})
/** The active auction (wire-formats.md, "Auctions manager and auctions"). */
export type ActiveAuctionResponse = z.infer<typeof ActiveAuctionResponse>

/**
 * The answer of `get_funds_amount` (wire-formats.md: `{curr,next}`): the address's deposit in the current and
 * next auction.
 */
export const FundsAmountResponse = z.strictObject({ curr: Uint128, next: Uint128 })
/** Deposits of one address (wire-formats.md, "Auctions manager and auctions"). */
export type FundsAmountResponse = z.infer<typeof FundsAmountResponse>

/**
 * The answer of `"get_config"` (wire-formats.md names the query; shape of the deployed
 * contract's `AuctionConfig`): paused flag, pair, chain-halt and price-freshness settings.
 */
export const AuctionConfigResponse = z.strictObject({
  is_paused: z.boolean(),
  pair: PairWire,
  chain_halt_config: ChainHaltConfigWire,
  price_freshness_strategy: PriceFreshnessStrategyWire,
})
/** An auction's configuration (wire-formats.md, "Auctions manager and auctions"). */
export type AuctionConfigResponse = z.infer<typeof AuctionConfigResponse>

/**
 * The answer of `"get_mm_data"` (wire-formats.md, "Auctions manager and auctions"; the deployed
 * contract's `GetMmResponse`): what a market maker needs in one query — the status, the amount
 * still for sale, the end block, the price at the current block and that block.
 */
export const MmDataResponse = z.strictObject({
  status: AuctionStatus,
  available_amount: Uint128,
  end_block: U64,
  price: DecimalStr,
  block: BlockInfoWire,
})
/** A market maker's view of the auction (wire-formats.md, "Auctions manager and auctions"). */
export type MmDataResponse = z.infer<typeof MmDataResponse>

/**
 * The answer schema of each auction query (wire-formats.md, "Auctions manager and auctions"):
 * `get_auction` → the active auction, `get_price` → `{price,time}`, `get_funds_amount` → `{curr,next}`,
 * `get_config` → the auction's configuration, `get_strategy` → `{start_price_perc,end_price_perc}`,
 * `get_mm_data` → {@link MmDataResponse}, `get_admin` → the admin (the auctions manager).
 */
export const AuctionQueryResponses = {
  get_auction: ActiveAuctionResponse,
  get_price: PriceResponse,
  get_funds_amount: FundsAmountResponse,
  get_config: AuctionConfigResponse,
  get_strategy: AuctionStrategyWire,
  get_mm_data: MmDataResponse,
  get_admin: AddrResponse,
} as const

/** The name of an auction's status on the wire (`close_auction`'s data dropped). */
export type AuctionStatusName = 'started' | 'finished' | 'close_auction' | 'auction_closed'

/**
 * The status name of a decoded `get_auction` (or `get_mm_data`) answer (wire-formats.md,
 * "Auctions manager and auctions"): the bare-string statuses as they are, `{"close_auction":…}`
 * as `'close_auction'`. The one decoder of an auction's status.
 * @example
 * ```ts
 * activeAuctionStatusName({ status: { close_auction: [null, '5', '7'] } }) // 'close_auction'
 * ```
 */
export function activeAuctionStatusName(answer: { readonly status: AuctionStatus }): AuctionStatusName {
  return typeof answer.status === 'string' ? answer.status : 'close_auction'
}
