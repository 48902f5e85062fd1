import { Dec, type Denom, type RebalancerConfig } from '@rebalancer/types'
import { CoreError } from './errors.js'

/** `record[key]` when `key` is an own property, else `undefined` (no prototype look-ups). */
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined
}

/**
 * The price used for `denom` (portfolio-computer.md step 1): `Dec.ONE` for the base denom
 * (whatever the record says), else `prices[denom]`, units of `denom` per unit of the base denom.
 *
 * @throws CoreError (`missing_price`, `invalid_price`) when a non-base denom has no price, or a
 *   price that is not positive.
 */
export function priceOf(baseDenom: Denom, prices: Readonly<Record<Denom, Dec>>, denom: Denom): Dec {
  if (denom === baseDenom) return Dec.ONE
  const price = own(prices, denom)
  if (price === undefined) {
    throw new CoreError('missing_price', `prices: missing the price of pair (${baseDenom}, ${denom})`, {
      path: ['prices', denom],
    })
  }
  if (!price.isPositive()) {
    throw new CoreError(
      'invalid_price',
      `prices: the price of pair (${baseDenom}, ${denom}) must be positive, got ${price}`,
      { path: ['prices', denom] },
    )
  }
  return price
}

/**
 * The held amount of `denom` in base units: `balances[denom]`, 0 when missing.
 * @throws CoreError (`invalid_amount`) when the amount is not a non-negative bigint.
 */
export function balanceOf(balances: Readonly<Record<Denom, bigint>>, denom: Denom): bigint {
  const b = own(balances, denom)
  if (b === undefined) return 0n
  if (typeof b !== 'bigint' || b < 0n) {
    throw new CoreError(
      'invalid_amount',
      `balances: "${denom}" must be a non-negative bigint amount, got ${String(b)}`,
      { path: ['balances', denom] },
    )
  }
  return b
}

/** Result of {@link valuePortfolio}. */
export interface Valuation {
  /** Per target denom: balance / price, a `Dec` in base units of the base denom. */
  values: Record<Denom, Dec>
  /** Σ values, a `Dec` in base units of the base denom. */
  total: Dec
}

/**
 * Step 1, valuation: for every target, value = `Dec.fromInt(balance).div(price)` (price 1 for the
 * base denom), and total = Σ value. Only target denoms count; other balances are ignored.
 *
 * @param balances base units per denom; a missing denom holds 0.
 * @param prices price of pair (base, denom) for every non-base target denom (see {@link priceOf}).
 * @returns values in base units of the base denom (`Dec`, truncated like the chain).
 * @throws CoreError when a non-base target lacks a positive price or a balance is negative.
 */
export function valuePortfolio(
  config: RebalancerConfig,
  balances: Readonly<Record<Denom, bigint>>,
  prices: Readonly<Record<Denom, Dec>>,
): Valuation {
  const values: Record<Denom, Dec> = {}
  let total = Dec.ZERO
  for (const t of config.targets) {
    const price = priceOf(config.baseDenom, prices, t.denom)
    const value = Dec.fromInt(balanceOf(balances, t.denom)).div(price)
    values[t.denom] = value
    total = total.add(value)
  }
  return { values, total }
}

/**
 * Current weights: `value / total` per denom of `values` (a `Dec` fraction, 1 = 100%), all
 * zero when `total` is not positive. Used for drift reports and threshold triggers.
 */
export function currentWeights(values: Readonly<Record<Denom, Dec>>, total: Dec): Record<Denom, Dec> {
  const weights: Record<Denom, Dec> = {}
  for (const denom of Object.keys(values)) {
    const value = values[denom]!
    weights[denom] = total.isPositive() ? value.div(total) : Dec.ZERO
  }
  return weights
}
