import { ceilDiv, Dec } from '@rebalancer/types'
import {
  type AuctionStrategy,
  LINEAR,
  type PriceCurve,
  type PriceFreshnessStrategy,
  validateStrategy,
} from './config.js'
import { AuctionError } from './errors.js'
import type { OraclePrice, PriceWindow } from './state.js'

/** Dec atomics of one basis point (`Decimal::bps(1)`). */
const BPS_ATOMICS = 10n ** 14n
/** The cap on the effective start/end percentage: 7500 bps. */
const MAX_PERC = Dec.fromAtomics(7_500n * BPS_ATOMICS)
const SECONDS_PER_DAY = 86_400n

/** `n` basis points as a Dec (`Decimal::bps(n)`), exact. */
function bps(n: number): Dec {
  return Dec.fromAtomics(BigInt(n) * BPS_ATOMICS)
}

/**
 * Age of a price in days, as a Dec: `(now − time) / 86400`, truncated to 18 digits
 * (auction.md "Opening"). Negative when the price's time is after `now`.
 * @param time unix seconds of the price; @param now unix seconds of the current block.
 * @throws AuctionError `invalid_block` when either is not an integer.
 */
export function priceAgeDays(time: number, now: number): Dec {
  if (!Number.isSafeInteger(time) || !Number.isSafeInteger(now)) {
    throw new AuctionError('invalid_block', `price time ${time} and now ${now} must be integer unix seconds`)
  }
  return Dec.fromRatio(BigInt(now - time), SECONDS_PER_DAY)
}

/**
 * The strategy multiplier for a price of age `ageDays` (auction.md "Opening"): the multiplier of
 * the first entry of `f.multipliers`, in order, whose day is strictly below the age; 1 when none.
 * With the defaults: age 1.2 → 1.5, age 2.5 → 2, age exactly 1 → 1.
 */
export function freshnessMultiplier(ageDays: Dec, f: PriceFreshnessStrategy): Dec {
  for (const [day, multiplier] of f.multipliers) {
    if (day.lt(ageDays)) return multiplier
  }
  return Dec.ONE
}

/**
 * Start and end (reserve) prices of an auction opened at `now` (auction.md "Opening"):
 * `mult` = {@link freshnessMultiplier} of the oracle price's age, then
 * `start = p × (1 + min(startBps × mult, 7500 bps))`, `end = p × (1 − min(endBps × mult, 7500 bps))`,
 * each product truncated to 18 digits like the chain. A price from the future has age < 0: fresh,
 * multiplier 1.
 * @param now unix seconds of the opening block.
 * @throws AuctionError `invalid_strategy` (see {@link validateStrategy}); `invalid_price` when the
 *   oracle price is ≤ 0 or the end price truncates to 0; `stale_price` when the age in days is
 *   strictly above `f.limitDays`.
 */
export function auctionPrices(
  oracle: OraclePrice,
  now: number,
  strategy: AuctionStrategy,
  f: PriceFreshnessStrategy,
): { startPrice: Dec; endPrice: Dec } {
  validateStrategy(strategy)
  if (!oracle.price.isPositive()) {
    throw new AuctionError('invalid_price', `oracle price ${oracle.price} is invalid: it must be above 0`)
  }
  const age = priceAgeDays(oracle.time, now)
  if (age.gt(f.limitDays)) {
    throw new AuctionError(
      'stale_price',
      `oracle price ${oracle.price} set at ${oracle.time} is ${age} days old at ${now}: older than the freshness limit of ${f.limitDays} days`,
    )
  }
  const mult = freshnessMultiplier(age, f)
  const startPerc = Dec.min(bps(strategy.startPriceBps).mul(mult), MAX_PERC)
  const endPerc = Dec.min(bps(strategy.endPriceBps).mul(mult), MAX_PERC)
  const startPrice = oracle.price.mul(Dec.ONE.add(startPerc))
  const endPrice = oracle.price.mul(Dec.ONE.sub(endPerc))
  if (!endPrice.isPositive()) {
    throw new AuctionError(
      'invalid_price',
      `oracle price ${oracle.price} is too small: the end price ${oracle.price} × (1 − ${endPerc}) truncates to 0`,
    )
  }
  return { startPrice, endPrice }
}

function assertWindow(w: PriceWindow): void {
  if (
    !Number.isSafeInteger(w.startBlock) ||
    !Number.isSafeInteger(w.endBlock) ||
    w.endBlock <= w.startBlock
  ) {
    throw new AuctionError(
      'invalid_window',
      `auction window [${w.startBlock}, ${w.endBlock}] is invalid: blocks must be integers with end_block > start_block`,
    )
  }
}

function assertHeight(height: number): void {
  if (!Number.isSafeInteger(height)) {
    throw new AuctionError('invalid_block', `block height ${height} is invalid: it must be an integer`)
  }
}

/** The linear curve's price decrement per block: `(start − end) / (endBlock − startBlock)`, truncated. */
function perBlock(w: PriceWindow): Dec {
  return w.startPrice.sub(w.endPrice).div(Dec.fromInt(w.endBlock - w.startBlock))
}

function linearAt(w: PriceWindow, h: number): Dec {
  return w.startPrice.sub(perBlock(w).mulInt(BigInt(h - w.startBlock)))
}

/**
 * The auction price at block `height` (auction.md "Price"), `height` clamped into
 * `[startBlock, endBlock]`. Linear (default): `per_block = (start − end) / (endBlock − startBlock)`
 * (Dec, truncated), `price = start − per_block × (h − startBlock)`; so at `endBlock` the price can be
 * a few atomics above `endPrice`, and halfway through a 0.6-wide range over 28 800 blocks it is
 * 1.5000000000000048. Other curves: see {@link PriceCurve}.
 * @throws AuctionError `invalid_window` when `endBlock ≤ startBlock`; `invalid_block` for a
 *   non-integer height.
 */
export function priceAt(info: PriceWindow, height: number, curve: PriceCurve = LINEAR): Dec {
  assertWindow(info)
  assertHeight(height)
  const h = Math.min(Math.max(height, info.startBlock), info.endBlock)
  switch (curve.kind) {
    case 'linear':
      return linearAt(info, h)
    case 'stepwise': {
      const offset = h - info.startBlock
      return linearAt(info, info.startBlock + offset - (offset % curve.bucketBlocks))
    }
    case 'exponential': {
      const x = Dec.fromRatio(BigInt(h - info.startBlock), BigInt(info.endBlock - info.startBlock))
      const a = curve.rate.mul(x).neg().exp()
      const b = curve.rate.neg().exp()
      const w = a.sub(b).div(Dec.ONE.sub(b))
      return info.endPrice.add(info.startPrice.sub(info.endPrice).mul(w))
    }
  }
}

/**
 * The first block at which the auction price is at or below `price`: the smallest
 * `h ∈ [startBlock, endBlock]` with `priceAt(h) ≤ price`, or `null` when the price never gets that
 * low (including prices below `priceAt(endBlock)`). Exact for the Dec curve: for the linear curve
 * a candidate `startBlock + ⌈(start − price) / per_block⌉` (atomics) is adjusted by checking
 * `priceAt`; other curves use a binary search (every curve is non-increasing).
 * @throws AuctionError `invalid_window` when `endBlock ≤ startBlock`.
 */
export function firstBlockAtOrBelow(
  info: PriceWindow,
  price: Dec,
  curve: PriceCurve = LINEAR,
): number | null {
  assertWindow(info)
  const s = info.startBlock
  const e = info.endBlock
  const at = (h: number) => priceAt(info, h, curve)
  if (at(s).lte(price)) return s
  if (at(e).gt(price)) return null
  // Invariant from here: at(s) > price ≥ at(e), so the answer is in (s, e].
  if (curve.kind === 'linear') {
    const step = perBlock(info) // > 0, since the price falls from s to e
    const k = ceilDiv(info.startPrice.atomics - price.atomics, step.atomics)
    let h = s + Number(k > BigInt(e - s) ? BigInt(e - s) : k < 1n ? 1n : k)
    while (h > s + 1 && at(h - 1).lte(price)) h--
    while (h < e && at(h).gt(price)) h++
    return h
  }
  let lo = s // at(lo) > price
  let hi = e // at(hi) ≤ price
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2)
    if (at(mid).lte(price)) hi = mid
    else lo = mid
  }
  return hi
}
