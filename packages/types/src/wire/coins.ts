/**
 * The one coin normaliser (wire-formats.md, "JSON conventions": amounts are `Uint128` strings of
 * base units): what the builders write as `funds` / `amount` and what the localnet accepts at
 * its boundary. Browser-safe.
 */
import type { Coin } from '../chain.js'
import { WireError } from './parse.js'
import { isDenom, readUintText, UINT128_MAX } from './primitives.js'

/** A coin as callers give it: `amount` in base units, a `bigint` or a digit string. */
export interface CoinLike {
  readonly denom: string
  readonly amount: bigint | string
}

/**
 * Coins in the form the Cosmos SDK accepts for `funds` and `amount` (`sdk.Coins.IsValid`):
 * amounts as canonical base-10 strings (input read as the chain reads a Uint128: leading zeros and
 * a `+` allowed), zero amounts dropped, duplicates of a denom merged, sorted by
 * denom (byte order). Input is checked as untrusted JSON (a list of `{denom, amount}`).
 * @example
 * ```ts
 * normalizeCoins([{ denom: 'untrn', amount: 2n }, { denom: 'uatom', amount: '1' }, { denom: 'untrn', amount: 0n }])
 * // [{ denom: 'uatom', amount: '1' }, { denom: 'untrn', amount: '2' }]
 * ```
 * @throws WireError (code `invalid_wire`, `what` the field, `path` `[i, 'amount']` / `[i, 'denom']`)
 *   for a non-list, a non-coin, a malformed denom, a non-integer, negative or above-2¹²⁸−1 amount,
 *   or a denom whose total passes 2¹²⁸−1.
 */
export function normalizeCoins(coins: readonly CoinLike[] | unknown, what = 'funds'): Coin[] {
  if (!Array.isArray(coins)) throw new WireError(what, 'expected a list of coins', [])
  const sums = new Map<string, bigint>()
  coins.forEach((c: unknown, i) => {
    if (typeof c !== 'object' || c === null) throw new WireError(what, 'expected a coin {denom, amount}', [i])
    const { denom, amount } = c as { denom?: unknown; amount?: unknown }
    if (typeof denom !== 'string' || !isDenom(denom)) {
      throw new WireError(
        what,
        `invalid denom ${JSON.stringify(String(denom))}: expected a letter then 2 to 127 of [a-zA-Z0-9/:._-]`,
        [i, 'denom'],
      )
    }
    // read as the chain reads a Uint128 string: an optional '+', leading zeros allowed
    const value =
      typeof amount === 'bigint' ? amount : typeof amount === 'string' ? readUintText(amount) : undefined
    if (value === undefined) {
      throw new WireError(
        what,
        `invalid Uint128 ${JSON.stringify(typeof amount === 'string' ? amount : String(amount))} of ${denom}: expected a whole number of base units as a decimal string or bigint`,
        [i, 'amount'],
      )
    }
    if (value < 0n) {
      throw new WireError(what, `${value} of ${denom} is negative: amounts must not be negative`, [
        i,
        'amount',
      ])
    }
    if (value > UINT128_MAX) {
      throw new WireError(what, `${value} of ${denom} is above Uint128::MAX (2^128-1)`, [i, 'amount'])
    }
    const sum = (sums.get(denom) ?? 0n) + value
    if (sum > UINT128_MAX) throw new WireError(what, `total of ${denom} is above Uint128::MAX (2^128-1)`, [])
    sums.set(denom, sum)
  })
  return [...sums]
    .filter(([, a]) => a > 0n)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([denom, a]) => ({ denom, amount: a.toString() }))
}
