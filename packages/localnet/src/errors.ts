import { RebalancerError } from '@rebalancer/types'

/**
 * Why the localnet refused a call of its host API (the test harness's own methods, not a
 * contract; a contract's refusal is a `ContractError`, a failed transaction a `TxError`):
 *
 * - `invalid_option`: a `Localnet` option out of range (`blockTimeSeconds` ≤ 0).
 * - `invalid_clock_step`: `advanceBlocks` / `advanceTime` given a block count or seconds that is
 *   not a whole number ≥ 0 (the clock never runs backwards).
 * - `unknown_code`: `storeCode` of a name that is none of the six contracts.
 * - `invalid_coin`: `mint` of a coin that is not a bank coin (denom, Uint128 amount).
 * - `supply_overflow`: `mint` that would take a denom's total supply above Uint128::MAX.
 * - `insufficient_funds`: `burn` of more than the address holds.
 * - `missing_min_amount`: `deployRebalancer` without a `minAmounts` entry for a pair's denom.
 * - `non_error_thrown`: a contract threw a value that is not an `Error` (a bug; kept as `cause`).
 */
export type LocalnetErrorCode =
  | 'invalid_option'
  | 'invalid_clock_step'
  | 'unknown_code'
  | 'invalid_coin'
  | 'supply_overflow'
  | 'insufficient_funds'
  | 'missing_min_amount'
  | 'non_error_thrown'

/**
 * Thrown by the localnet's host API (its constructor, clock, `storeCode`, `mint`, the deploy
 * helpers) for a call outside its domain; nothing changes then. `code` is one of
 * {@link LocalnetErrorCode}, `message` names the method, the field and the rule. Recognise it
 * with `LocalnetError.isInstance(e)`.
 * @example
 * ```ts
 * try {
 *   net.advanceTime(-1)
 * } catch (e) {
 *   if (LocalnetError.isInstance(e)) console.error(e.code) // 'invalid_clock_step'
 * }
 * ```
 */
export class LocalnetError<C extends LocalnetErrorCode = LocalnetErrorCode> extends RebalancerError<C> {
  static override readonly kind: string = 'LocalnetError'
}
