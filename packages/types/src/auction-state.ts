/**
 * An auction's state in the domain (auction.md "Pairs and auctions"): the one declaration that
 * `@rebalancer/auction`'s kernel computes on (it re-exports these as `AuctionStatus` and
 * `AuctionInfo`) and that the `get_auction` / `get_mm_data` answer encoders write
 * (`activeAuctionToWire`, `mmDataToWire`). The `State` suffix tells them from the wire's `AuctionStatus`.
 */
import type { Dec } from './dec.js'
import type { BlockInfo } from './domain.js'

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
export type AuctionStatusState =
  | { kind: 'started' }
  | { kind: 'finished' }
  | { kind: 'close_auction'; startAfter: string | null; paidSell: bigint; paidBuy: bigint }
  | { kind: 'closed' }

/**
 * One auction's state, the domain form of the wire's `get_auction` answer. Immutable: the kernel
 * functions return new objects. Amounts are base units; prices are `Dec` of buy per sell unit.
 */
export interface AuctionInfoState {
  status: AuctionStatusState
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
