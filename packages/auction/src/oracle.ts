import { Dec } from '@rebalancer/types'
import { OracleError } from './errors.js'
import type { OraclePrice } from './state.js'

/** An auction's average price and its time (unix seconds), as kept in a pair's price history. */
export interface PricePoint {
  /** Buy units per sell unit (resolved / sold). */
  price: Dec
  /** Unix seconds of the block that closed the auction. */
  time: number
}

/** How many auction prices a pair's history keeps (auction.md "Finishing and paying out"). */
export const PRICE_HISTORY_LENGTH = 10

/**
 * Oracle configuration (wire oracle instantiate `seconds_auction_prices_fresh`,
 * `seconds_allow_manual_change`), seconds.
 */
export interface OracleConfig {
  /** Auction prices count while the newest is at most this old (default 259 200 = 3 days). */
  auctionPricesFreshSeconds: number
  /** A manual price is allowed once the last price is older than this (default 172 800 = 2 days). */
  manualChangeAllowedSeconds: number
}

/** The wire defaults: auction prices fresh for 3 days, manual change after 2 days. */
export const DEFAULT_ORACLE_CONFIG: OracleConfig = Object.freeze({
  auctionPricesFreshSeconds: 259_200,
  manualChangeAllowedSeconds: 172_800,
})

/**
 * The history with `p` pushed in front: newest first, at most {@link PRICE_HISTORY_LENGTH} kept.
 * Returns a new array; `history` is not changed.
 */
export function pushPriceHistory(history: readonly PricePoint[], p: PricePoint): PricePoint[] {
  return [p, ...history.slice(0, PRICE_HISTORY_LENGTH - 1)]
}

function assertConfig(config: OracleConfig): void {
  for (const [name, v] of [
    ['seconds_auction_prices_fresh', config.auctionPricesFreshSeconds],
    ['seconds_allow_manual_change', config.manualChangeAllowedSeconds],
  ] as const) {
    if (!Number.isSafeInteger(v) || v < 0) {
      throw new OracleError(
        'invalid_config',
        `oracle ${name} ${v} is invalid: it must be a whole number ≥ 0 of seconds`,
      )
    }
  }
}

/**
 * The pair's oracle price at `now` (auction.md "Price oracle", `update_price`): when `history`
 * (newest first) holds ≥ 3 prices and the newest is fresh (`now − newest.time ≤
 * auctionPricesFreshSeconds`), the mean of all stored prices (Dec sum / count, truncated) at the
 * newest price's time, source `auctions`; otherwise `external` at `now`, source `external`.
 * @param now unix seconds of the current block.
 * @throws OracleError `no_price_source` when neither applies; `zero_price` when the external
 *   price is ≤ 0; `invalid_config`.
 */
export function oraclePrice(a: {
  history: readonly PricePoint[]
  now: number
  config: OracleConfig
  external?: Dec | undefined
}): OraclePrice & { source: 'auctions' | 'external' } {
  assertConfig(a.config)
  const newest = a.history[0]
  if (a.history.length >= 3 && newest && a.now - newest.time <= a.config.auctionPricesFreshSeconds) {
    const mean = Dec.sum(a.history.map((p) => p.price)).div(Dec.fromInt(a.history.length))
    return { price: mean, time: newest.time, source: 'auctions' }
  }
  if (a.external === undefined) {
    const why =
      a.history.length < 3
        ? `the pair has ${a.history.length} auction prices (3 needed)`
        : `the newest auction price, from ${newest!.time}, is older than ${a.config.auctionPricesFreshSeconds} s at ${a.now}`
    throw new OracleError('no_price_source', `no price: ${why} and there is no external price source`)
  }
  if (!a.external.isPositive()) {
    throw new OracleError('zero_price', `external price ${a.external} is invalid: it must be above 0`)
  }
  return { price: a.external, time: a.now, source: 'external' }
}

/**
 * Checks an admin's manual price (auction.md "Price oracle"): the price must be above 0, and
 * allowed only when there is no price yet or the last one is older than
 * `manualChangeAllowedSeconds` (`now − last.time > window`).
 * @throws OracleError `zero_price`, `manual_too_soon`, `invalid_config`.
 */
export function assertManualPriceAllowed(
  last: OraclePrice | null,
  now: number,
  price: Dec,
  config: OracleConfig,
): void {
  assertConfig(config)
  if (!price.isPositive()) {
    throw new OracleError('zero_price', `manual price ${price} is invalid: it must be above 0`)
  }
  if (last !== null && now - last.time <= config.manualChangeAllowedSeconds) {
    throw new OracleError(
      'manual_too_soon',
      `manual price not allowed at ${now}: the last price, from ${last.time}, is not older than ${config.manualChangeAllowedSeconds} s`,
    )
  }
}
