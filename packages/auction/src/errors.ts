import { RebalancerError, type RebalancerErrorOptions } from '@rebalancer/types'

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
 * - `unauthorized`: `open` by an address other than the manager's server address ("Opening").
 * - `unknown_pair`: an {@link AuctionBook} operation on a pair it does not hold (and cannot create).
 * - `pair_exists`: adding a pair to an {@link AuctionBook} that already holds it.
 * - `invalid_address`: an empty seller, bidder or portfolio address.
 * - `invalid_trade`: a portfolio trade whose pair is not two distinct non-empty denoms.
 * - `cannot_clean`: `clean_after_auction` while the auction is not `auction_closed`.
 * - `accounting_mismatch`: a report or ledger whose identities do not hold (a bug, never expected).
 * - `no_reference`: a bid in an auction with a live reserve when the reference has no price ("Containment").
 * - the price oracle's codes, {@link OracleErrorCode}.
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
  | 'unauthorized'
  | 'unknown_pair'
  | 'pair_exists'
  | 'invalid_address'
  | 'invalid_trade'
  | 'cannot_clean'
  | 'accounting_mismatch'
  | 'no_reference'
  | OracleErrorCode

/** Every {@link AuctionErrorCode}, in declaration order (for exhaustive tests and tooling). */
export const AUCTION_ERROR_CODES: readonly AuctionErrorCode[] = Object.freeze([
  'invalid_strategy',
  'invalid_config',
  'invalid_amount',
  'invalid_price',
  'invalid_window',
  'invalid_block',
  'invalid_limit',
  'unsorted_sellers',
  'not_closed',
  'paused',
  'stale_price',
  'not_active',
  'not_started',
  'outside_window',
  'zero_bid',
  'cannot_finish',
  'nothing_to_finish',
  'below_min_send',
  'nothing_to_withdraw',
  'no_auction',
  'unauthorized',
  'unknown_pair',
  'pair_exists',
  'invalid_address',
  'invalid_trade',
  'cannot_clean',
  'accounting_mismatch',
  'no_reference',
  'no_price_source',
  'zero_price',
  'manual_too_soon',
  'no_price',
  'missing_volume',
] as const)

/**
 * The one error the auction engine and the price oracle throw. `code` is stable (switch on it);
 * `message` is for people and names the offending value and the rule it breaks. Recognised
 * across package copies with `AuctionError.isInstance(e)`.
 */
export class AuctionError<C extends AuctionErrorCode = AuctionErrorCode> extends RebalancerError<C> {
  static override readonly kind: string = 'AuctionError'
  /** The rule's numbers, for callers that word the refusal themselves (e.g. the localnet contracts). */
  readonly details: AuctionErrorDetails
  /**
   * @param code the rule broken
   * @param message what was given and what the rule requires
   * @param options the field `path`, the wrapped `cause`, and the rule's `details`
   */
  constructor(code: C, message: string, options: AuctionErrorOptions = {}) {
    super(code, message, options)
    this.details = Object.freeze({ ...options.details })
  }
}

/** The numbers of a refused rule, where a caller may need them (all optional). */
export interface AuctionErrorDetails {
  /** `below_min_send`: the denom's `min_send`, base units. */
  readonly minSend?: bigint
  /** `not_started`: the auction's start block. */
  readonly startBlock?: number
}

/** Options of an {@link AuctionError}. */
export interface AuctionErrorOptions extends RebalancerErrorOptions {
  details?: AuctionErrorDetails | undefined
}

/**
 * Why the price oracle refused (auction.md, "Price oracle"); thrown as {@link AuctionError}:
 *
 * - `no_price_source`: fewer than 3 auction prices, or the newest is stale, and no external price.
 * - `zero_price`: a manual or external price that is zero or negative.
 * - `manual_too_soon`: a manual price while the last price is still within the manual window.
 * - `invalid_config`: a negative or non-integer window, or an unknown method, in the oracle configuration.
 * - `no_price`: a {@link PriceOracle} asked for a pair it has no price for (never updated nor set).
 * - `missing_volume`: the volume-weighted method over a history point without a positive volume.
 */
export type OracleErrorCode =
  | 'no_price_source'
  | 'zero_price'
  | 'manual_too_soon'
  | 'invalid_config'
  | 'no_price'
  | 'missing_volume'

/** Every {@link OracleErrorCode}, in declaration order (a subset of {@link AUCTION_ERROR_CODES}). */
export const ORACLE_ERROR_CODES: readonly OracleErrorCode[] = Object.freeze([
  'no_price_source',
  'zero_price',
  'manual_too_soon',
  'invalid_config',
  'no_price',
  'missing_volume',
] as const)

/**
 * Type guard: `e` is an {@link AuctionError}, with `code` when given (narrowing `e.code`).
 * `isAuctionError(e, 'stale_price')` is true only for that refusal.
 */
export function isAuctionError<C extends AuctionErrorCode>(
  value: unknown,
  code?: C,
): value is AuctionError<C> {
  return AuctionError.isInstance(value) && (code === undefined || value.code === code)
}
