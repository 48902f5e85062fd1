import { RebalancerError } from '@rebalancer/types'

/**
 * Why a core function refused its input (each names the field in `path` and `message`):
 *
 * - `invalid_time`: a time that is not integer unix seconds (`now`, `state.lastRebalance`,
 *   `cycleStart`, …; non-negative where the cycle machine needs it).
 * - `invalid_period`: a cycle period (`period`, `periodSeconds`) that is not a positive integer.
 * - `time_backwards`: `now` before `state.lastRebalance` (time never runs backwards on a chain).
 * - `invalid_amount`: an amount (`balances`, `auctionMinimums`, `baseMinValue`) that is not a
 *   non-negative `bigint`.
 * - `missing_price`: a non-base target without a price in `prices`.
 * - `invalid_price`: a price (in `prices` or a price history) that is not positive.
 * - `short_price_history`: fewer than 2 prices where a volatility is computed.
 * - `missing_last_processed`: a cycle with accounts left to process but no `lastProcessed`.
 *
 * Source of the rules: portfolio-computer.md (steps 1–5 and "Cycle"); the chain refuses or
 * cannot express the same inputs.
 */
export type CoreErrorCode =
  | 'invalid_time'
  | 'invalid_period'
  | 'time_backwards'
  | 'invalid_amount'
  | 'missing_price'
  | 'invalid_price'
  | 'short_price_history'
  | 'missing_last_processed'

/** Every {@link CoreErrorCode}, in declaration order (for exhaustive tests and tooling). */
export const CORE_ERROR_CODES: readonly CoreErrorCode[] = Object.freeze([
  'invalid_time',
  'invalid_period',
  'time_backwards',
  'invalid_amount',
  'missing_price',
  'invalid_price',
  'short_price_history',
  'missing_last_processed',
] as const)

/**
 * Thrown by core's functions (`computeRebalance`, `valuePortfolio`, `computeDt`, the cycle
 * machine, the volatility trigger) for input outside their domain: a missing or non-positive
 * price, a negative amount, a bad time or period. `code` is one of {@link CoreErrorCode}; `path`
 * is the field (`['prices', 'untrn']`). Configuration problems are `InvalidConfigError`; schema
 * problems of triggers, orders and projection options are `InvalidInputError`. Recognise it with
 * `CoreError.isInstance(e)`.
 * @example
 * ```ts
 * try {
 *   computeRebalance(input)
 * } catch (e) {
 *   if (CoreError.isInstance(e) && e.code === 'missing_price') return refetchPrices(e.path)
 *   throw e
 * }
 * ```
 */
export class CoreError<C extends CoreErrorCode = CoreErrorCode> extends RebalancerError<C> {
  static override readonly kind: string = 'CoreError'
}
