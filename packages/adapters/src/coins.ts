/**
 * Coins as builders take them and as the chain wants them (wire-formats.md, "JSON
 * conventions": amounts are `Uint128` strings of base units).
 */
import { type Coin, normalizeCoins, WireError } from '@rebalancer/types'

/** The one coin normaliser and its input type live in `@rebalancer/types`. */
export { type CoinLike, normalizeCoins } from '@rebalancer/types'

/** One coin in wire form (`{denom, amount}` with a string amount). @throws WireError like {@link normalizeCoins}. */
export function coinOf(denom: string, amount: bigint | string): Coin {
  const [c] = normalizeCoins([{ denom, amount }], 'coin')
  if (!c) throw new WireError('coin', `amount of ${denom} must be positive`, ['amount'])
  return c
}
