/**
 * Why an auction operation was refused. Each code names one rule of auction.md:
 *
 * - `invalid_strategy`: strategy bps break `start > 0`, `0 < end < 10000` ("Opening").
 * - `invalid_config`: a chain-halt, freshness, curve or pair setting is malformed.
 * - `invalid_amount`: a negative amount or a deposit larger than the lot.
 * - `invalid_price`: an oracle price ≤ 0, or prices that leave no positive end price.
 * - `invalid_window`: `end_block ≤ start_block`, or a block number that is not an integer.
 * - `invalid_block`: a block that goes back in height or time, or non-integer height/time.
 * - `invalid_limit`: a finish `limit` that is not a positive integer.
 * - `unsorted_sellers`: the deposits given to `finish` are not strictly ascending by address.
 * - `not_closed`: `open` while the previous auction is not `auction_closed`.
 * - `paused`: the pair's auction is paused (no funds, no bids, no open; "Pairs and auctions").
 * - `stale_price`: the oracle price is older than the freshness limit ("Opening").
 * - `not_active`: a bid while the status is not `started` ("Bidding").
 * - `not_started`: a bid before `start_block` ("Bidding").
 * - `outside_window`: a bid after `end_block` ("Bidding").
 * - `zero_bid`: a bid of no funds ("Bidding").
 * - `cannot_finish`: `finish` while `started` and before `end_block` ("Finishing and paying out").
 * - `nothing_to_finish`: `finish` on an auction that is already `auction_closed`.
 * - `below_min_send`: a deposit under the denom's `min_send` ("Pairs and auctions").
 * - `nothing_to_withdraw`: a withdrawal by an address with no queued funds.
 * - `no_auction`: an operation that needs an opened auction on a pair that never opened one.
 */
export type AuctionErrorCode =
  | 'invalid_strategy'
  | 'invalid_config'
  | 'invalid_amount'
  | 'invalid_price'
  | 'invalid_window'
  | 'invalid_block'
  | 'invalid_limit'
  | 'unsorted_sellers'
  | 'not_closed'
  | 'paused'
  | 'stale_price'
  | 'not_active'
  | 'not_started'
  | 'outside_window'
  | 'zero_bid'
  | 'cannot_finish'
  | 'nothing_to_finish'
  | 'below_min_send'
  | 'nothing_to_withdraw'
  | 'no_auction'

/**
 * The one error the auction kernel throws. `code` is stable (switch on it); `message` is for
 * people and names the offending value and the rule it breaks.
 */
export class AuctionError extends Error {
  /** Machine-readable reason, see {@link AuctionErrorCode}. */
  readonly code: AuctionErrorCode

  /** @param code the rule broken; @param message what was given and what the rule requires. */
  constructor(code: AuctionErrorCode, message: string) {
    super(message)
    this.name = 'AuctionError'
    this.code = code
  }
}

/**
 * Why the price oracle refused (auction.md, "Price oracle"):
 *
 * - `no_price_source`: fewer than 3 auction prices, or the newest is stale, and no external price.
 * - `zero_price`: a manual or external price that is zero or negative.
 * - `manual_too_soon`: a manual price while the last price is still within the manual window.
 * - `invalid_config`: a negative or non-integer window in the oracle configuration.
 */
export type OracleErrorCode = 'no_price_source' | 'zero_price' | 'manual_too_soon' | 'invalid_config'

/** The error the price-oracle functions throw; `code` is stable, `message` names value and rule. */
export class OracleError extends Error {
  /** Machine-readable reason, see {@link OracleErrorCode}. */
  readonly code: OracleErrorCode

  /** @param code the rule broken; @param message what was given and what the rule requires. */
  constructor(code: OracleErrorCode, message: string) {
    super(message)
    this.name = 'OracleError'
    this.code = code
  }
}
