import type { AuctionInfoState, AuctionStatusState, Dec } from '@rebalancer/types'

/**
 * Where an auction is in its lifecycle: `@rebalancer/types`' {@link AuctionStatusState} (the one
 * declaration, shared with the `get_auction` encoder), under the auction package's name.
 */
export type AuctionStatus = AuctionStatusState

/**
 * One auction's state: `@rebalancer/types`' {@link AuctionInfoState} (the one declaration, shared
 * with the `get_auction` encoder), under the auction package's name.
 */
export type AuctionInfo = AuctionInfoState

/** A pair price with its time (wire oracle `{price, time}`; time here in unix seconds). */
export interface OraclePrice {
  /** Buy units per sell unit. */
  price: Dec
  /** Unix seconds when the price was set. */
  time: number
}

/** The part of an auction that defines its price curve. */
export type PriceWindow = Pick<AuctionInfo, 'startBlock' | 'endBlock' | 'startPrice' | 'endPrice'>

/** One seller's payout at `finish` (base units of the sell and buy denoms; may be zero). */
export interface Payout {
  address: string
  /** Unsold sell denom returned. */
  sell: bigint
  /** Buy denom paid. */
  buy: bigint
}
