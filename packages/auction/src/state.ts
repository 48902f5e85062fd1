import type { BlockInfo, Dec } from '@rebalancer/types'

/**
 * Where an auction is in its lifecycle (auction.md "Pairs and auctions"):
 * `closed` → (open) `started` → `finished` → (finish batches) `close_auction` → `closed`.
 *
 * - `started` (wire `"started"`): accepting bids within `[startBlock, endBlock]`;
 * - `finished` (wire `"finished"`): sold out or a chain halt; waiting for `finish`;
 * - `close_auction` (wire `{"close_auction":[addr|null,"n0","n1"]}`): paying sellers in
 *   batches; `startAfter` is the last address paid (`null` before the first batch), `paidSell`
 *   and `paidBuy` the base units of the sell and buy denoms paid out so far;
 * - `closed` (wire `"auction_closed"`): paid out; the next auction of the pair may open.
 */
export type AuctionStatus =
  | { kind: 'started' }
  | { kind: 'finished' }
  | { kind: 'close_auction'; startAfter: string | null; paidSell: bigint; paidBuy: bigint }
  | { kind: 'closed' }

/**
 * One auction's state, the domain form of the wire's `get_auction` answer. Immutable: the kernel
 * functions return new objects. Amounts are base units; prices are `Dec` of buy per sell unit.
 */
export interface AuctionInfo {
  status: AuctionStatus
  /** First block accepting bids. */
  startBlock: number
  /** Last block accepting bids; `finish` is allowed from this block on. */
  endBlock: number
  /** Price at `startBlock`. */
  startPrice: Dec
  /** Reserve price, the floor of the curve. */
  endPrice: Dec
  /** Sell denom not yet bought. */
  availableAmount: bigint
  /** Buy denom received (starts at the previous auction's leftover buy). */
  resolvedAmount: bigint
  /** The lot: queued deposits + the previous auction's leftover sell. */
  totalAmount: bigint
  /**
   * `[sell, buy]` left after this auction's last payout (set when it closes; `[0, 0]` while it
   * runs, since the previous leftovers were folded into `totalAmount` and `resolvedAmount`).
   */
  leftovers: readonly [bigint, bigint]
  /** The block of the open or of the last bid: the reference for chain-halt detection. */
  lastCheckedBlock: BlockInfo
}

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
