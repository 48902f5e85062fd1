/**
 * Coins as builders take them and as the chain wants them (wire-formats.md, "JSON
 * conventions": amounts are `Uint128` strings of base units).
 */
import type { Coin } from '@rebalancer/types'
import { DenomWire, parseWire, WireError } from '@rebalancer/types'

/** A coin as the builders accept it: `amount` in base units, a `bigint` or a digit string. */
export interface CoinLike {
  readonly denom: string
  readonly amount: bigint | string
}

const U128_MAX = (1n << 128n) - 1n

/**
 * Coins in the form the Cosmos SDK accepts for `funds` and `amount` (`sdk.Coins.IsValid`):
 * amounts as base-10 strings, zero amounts dropped, duplicates of a denom merged, sorted by
 * denom (byte order). Used for every `funds` a builder writes.
 * @throws WireError naming the coin (`what[i].amount`, `what[i].denom`) and the rule: a negative,
 * non-integer or above-2¹²⁸−1 amount, or a malformed denom.
 */
export function normalizeCoins(coins: readonly CoinLike[], what = 'funds'): Coin[] {
  const sums = new Map<string, bigint>()
  coins.forEach((c, i) => {
    parseWire(DenomWire, c.denom, `${what}[${i}].denom`)
    let amount: bigint
    if (typeof c.amount === 'bigint') amount = c.amount
    else if (typeof c.amount === 'string' && /^(0|[1-9][0-9]*)$/.test(c.amount)) amount = BigInt(c.amount)
    else
      throw new WireError(
        what,
        `invalid amount ${JSON.stringify(String(c.amount))}: expected base units as a bigint or a digit string`,
        [i, 'amount'],
      )
    if (amount < 0n) throw new WireError(what, `amount must not be negative, got ${amount}`, [i, 'amount'])
    const sum = (sums.get(c.denom) ?? 0n) + amount
    if (sum > U128_MAX) throw new WireError(what, `amount of ${c.denom} is above 2^128-1`, [i, 'amount'])
    sums.set(c.denom, sum)
  })
  return [...sums]
    .filter(([, a]) => a > 0n)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([denom, a]) => ({ denom, amount: a.toString() }))
}

/** One coin in wire form (`{denom, amount}` with a string amount). @throws WireError like {@link normalizeCoins}. */
export function coinOf(denom: string, amount: bigint | string): Coin {
  const [c] = normalizeCoins([{ denom, amount }], 'coin')
  if (!c) throw new WireError('coin', `amount of ${denom} must be positive`, ['amount'])
  return c
}
