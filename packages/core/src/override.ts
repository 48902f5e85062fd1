import { Dec, type Denom, type RebalancerConfig } from '@rebalancer/types'
import { InvalidConfigError } from './validate.js'
import { priceOf } from './valuation.js'

const BPS = 10_000n
/** Lowest accepted sum of overridden weights (step 3). */
const MIN_WEIGHT_SUM = Dec.parse('0.9999')

/** A target's user weight: `bps / 10000` as a `Dec` (exact: 10000 divides 10¹⁸). */
export function bpsToWeight(bps: number): Dec {
  return Dec.fromRatio(BigInt(bps), BPS)
}

/**
 * Step 3, the min_balance override: the target weights used for this computation, in target
 * order, as `Dec` fractions (1 = 100%). The stored targets stay the user's.
 *
 * Without a `minBalance` target the weights are `bps / 10000`. With one target T having it, let
 * m = `Dec.fromInt(T.minBalance).div(T.price)` (its value) and r = `total × T.pct`:
 * - r ≥ m: nothing changes;
 * - else m ≥ total: T gets 1, every other target 0;
 * - else T gets m / total, leftover L = 1 − T.pct, and the others in the user's order get
 *   `proportional`: `pct / (1 − T.old_pct) × L`, or `priority`: `min(pct, L)`, subtracted
 *   from L.
 *
 * All arithmetic is `Dec` (truncating), so the weights sum to at most 1 and, for a valid
 * configuration, at least 0.9999.
 *
 * @param _values the step-1 values; the current rule does not need them (only T's price), they
 *   are part of the signature so a strategy may use them.
 * @param prices as for `valuePortfolio`; only T's price is read.
 * @param total step-1 total value (base units of the base denom, `Dec`).
 * @throws CoreError (`missing_price`, `invalid_price`) when T (non-base) has no positive price.
 * @throws Error when the overridden weights do not sum to within [0.9999, 1] (only possible for
 *   an invalid configuration, e.g. bps not summing to 10000).
 */
export function overrideWeights(
  config: RebalancerConfig,
  _values: Readonly<Record<Denom, Dec>>,
  prices: Readonly<Record<Denom, Dec>>,
  total: Dec,
): Dec[] {
  const weights = config.targets.map((t) => bpsToWeight(t.bps))
  const k = config.targets.findIndex((t) => t.minBalance !== undefined)
  if (k < 0) return weights
  const target = config.targets[k]!
  const oldPct = weights[k]!

  const m = Dec.fromInt(target.minBalance!).div(priceOf(config.baseDenom, prices, target.denom))
  const r = total.mul(oldPct)
  if (r.gte(m)) return weights

  if (m.gte(total)) {
    return weights.map((_, j) => (j === k ? Dec.ONE : Dec.ZERO))
  }

  const newPct = m.div(total) // total > m > 0 here
  let leftover = Dec.ONE.sub(newPct)
  const othersOld = Dec.ONE.sub(oldPct)
  const result = weights.map((pct, j) => {
    if (j === k) return newPct
    if (config.targetOverrideStrategy === 'priority') {
      const take = Dec.min(pct, leftover)
      leftover = leftover.sub(take)
      return take
    }
    // proportional; othersOld is 0 only when T has 10000 bps (invalid), then the others had 0.
    return othersOld.isPositive() ? pct.div(othersOld).mul(leftover) : Dec.ZERO
  })

  const sum = Dec.sum(result)
  if (sum.gt(Dec.ONE) || sum.lt(MIN_WEIGHT_SUM)) {
    throw new InvalidConfigError(
      [`targets: min_balance override: weights sum to ${sum}, outside [0.9999, 1] (invalid targets?)`],
      { path: ['targets'] },
    )
  }
  return result
}
