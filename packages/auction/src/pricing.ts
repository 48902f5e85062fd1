import { ceilDiv, Dec } from '@rebalancer/types'
import {
  type AuctionStrategy,
  LINEAR,
  type PriceCurve,
  type PriceFreshnessStrategy,
  validateCurve,
  validateStrategy,
} from './config.js'
import { AuctionError } from './errors.js'
import type { OraclePrice, PriceWindow } from './state.js'

/** Dec atomics of one basis point (`Decimal::bps(1)`). */
const BPS_ATOMICS = 10n ** 14n
/** The cap on the effective start/end percentage: 7500 bps. */
const MAX_PERC = Dec.fromAtomics(7_500n * BPS_ATOMICS)
const SECONDS_PER_DAY = 86_400n

/** `n` basis points as a Dec (`Decimal::bps(n)`), exact; `n` an integer. */
export function bpsDec(n: number): Dec {
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
  const startPerc = Dec.min(bpsDec(strategy.startPriceBps).mul(mult), MAX_PERC)
  const endPerc = Dec.min(bpsDec(strategy.endPriceBps).mul(mult), MAX_PERC)
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

/**
 * What to do when an auction would open with its start price too close to (or below) the live
 * market: `re_anchor` prices the auction from the reference instead, `refuse` keeps it closed.
 */
export type ContainmentAction = 're_anchor' | 'refuse'

/**
 * The containment rule of an opening (issue #11, "Containment"): no auction opens with a start
 * price below `reference × (1 + minPremiumBps / 10000)`.
 */
export interface Containment {
  /** The live market price (buy per sell unit, Dec) at the opening, from the reference source. */
  reference: Dec
  /** Minimum premium of the start price over the reference, bps (an integer ≥ 0). */
  minPremiumBps: number
  /** What happens when the rule is broken. */
  action: ContainmentAction
}

/**
 * Which rule an opening broke: its start price is below `floor` (a maker could take it at once
 * below the market), or its end price is above the reference (the price range does not contain
 * the market, so it cannot clear).
 */
export type ContainmentBreach = 'start_below_floor' | 'end_above_reference'

/**
 * The outcome of {@link containOpening}: the prices to open with and why.
 *
 * - `within`: the oracle-derived prices start at or above the floor and end at or below the
 *   reference (the range contains the market); opened as they are;
 * - `re_anchored`: they did not; the prices are recomputed from the reference with the strategy
 *   (`start = max(ref × (1 + start bps), floor)`, `end = ref × (1 − end bps)`, bps capped at 7500
 *   like the chain's) and `original` holds what the oracle gave;
 * - `refused`: they did not and the action is `refuse`: the auction must stay closed.
 */
export type ContainmentVerdict =
  | { kind: 'within'; startPrice: Dec; endPrice: Dec; floor: Dec }
  | {
      kind: 're_anchored'
      breach: ContainmentBreach
      startPrice: Dec
      endPrice: Dec
      floor: Dec
      original: { startPrice: Dec; endPrice: Dec }
    }
  | { kind: 'refused'; breach: ContainmentBreach; floor: Dec; original: { startPrice: Dec; endPrice: Dec } }

/**
 * Checks an opening's prices (from {@link auctionPrices}) against the live reference
 * (see {@link Containment}): the start price must be at least
 * `floor = reference × (1 + minPremiumBps / 10000)` and the end price at most the reference (after
 * Reserve's check that an auction's price range contains the market). Re-anchors or refuses
 * otherwise. Pure; the caller emits the event.
 * @throws AuctionError `invalid_price` when the reference is ≤ 0 or a re-anchored end price
 *   truncates to 0; `invalid_config` for a premium that is not an integer ≥ 0;
 *   `invalid_strategy` (see {@link validateStrategy}).
 * @example
 * ```ts
 * const prices = auctionPrices(oracle, now, strategy, freshness)
 * const v = containOpening(prices, strategy, { reference: market, minPremiumBps: 100, action: 're_anchor' })
 * if (v.kind !== 'refused') open(v.startPrice, v.endPrice)
 * ```
 */
export function containOpening(
  prices: { startPrice: Dec; endPrice: Dec },
  strategy: AuctionStrategy,
  containment: Containment,
): ContainmentVerdict {
  validateStrategy(strategy)
  const { reference, minPremiumBps, action } = containment
  if (!Number.isSafeInteger(minPremiumBps) || minPremiumBps < 0) {
    throw new AuctionError(
      'invalid_config',
      `containment min_premium_bps ${minPremiumBps} is invalid: it must be a whole number of bps ≥ 0`,
    )
  }
  if (!reference.isPositive()) {
    throw new AuctionError('invalid_price', `reference price ${reference} is invalid: it must be above 0`)
  }
  const floor = reference.mul(Dec.ONE.add(bpsDec(minPremiumBps)))
  const breach: ContainmentBreach | null = prices.startPrice.lt(floor)
    ? 'start_below_floor'
    : prices.endPrice.gt(reference)
      ? 'end_above_reference'
      : null
  if (breach === null) return { kind: 'within', ...prices, floor }
  const original = { startPrice: prices.startPrice, endPrice: prices.endPrice }
  if (action === 'refuse') return { kind: 'refused', breach, floor, original }
  const startPerc = Dec.min(bpsDec(strategy.startPriceBps), MAX_PERC)
  const endPerc = Dec.min(bpsDec(strategy.endPriceBps), MAX_PERC)
  const startPrice = Dec.max(reference.mul(Dec.ONE.add(startPerc)), floor)
  const endPrice = reference.mul(Dec.ONE.sub(endPerc))
  if (!endPrice.isPositive()) {
    throw new AuctionError(
      'invalid_price',
      `reference price ${reference} is too small: the end price ${reference} × (1 − ${endPerc}) truncates to 0`,
    )
  }
  return { kind: 're_anchored', breach, startPrice, endPrice, floor, original }
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

/**
 * One auction's price curve: its window and shape bound together behind the two questions every
 * user of a curve asks (auction.md "Price"). The kernel ({@link placeBid}), {@link PairAuction},
 * {@link priceAt} and {@link firstBlockAtOrBelow} all go through it, and market makers plan their
 * bids with it (it satisfies `@rebalancer/sim`'s `CurveView`). Build one with {@link curveOf}.
 *
 * Every curve is non-increasing in the height and starts at `window.startPrice`.
 */
export interface AuctionCurve {
  /** The auction's blocks and start/end prices. */
  readonly window: PriceWindow
  /** The shape: `linear` (the chain's), `exponential` or `stepwise`. */
  readonly shape: PriceCurve
  /**
   * The price (buy per sell unit, Dec) at block `height`, clamped into `[startBlock, endBlock]`.
   * @throws AuctionError `invalid_block` for a non-integer height.
   */
  priceAt(height: number): Dec
  /**
   * The smallest `h ∈ [startBlock, endBlock]` with `priceAt(h) ≤ price`, or `null` when the price
   * never gets that low. Exact for the Dec curve (no floating point).
   */
  firstBlockAtOrBelow(price: Dec): number | null
}

/** The price at an in-window height `h`, for one prepared window and shape. */
type PriceFn = (h: number) => Dec

/**
 * An estimate (floating point, may be off by a block or two) of the first height whose price is
 * at or below a price; {@link curveOf} checks it against the exact curve and walks to the answer.
 */
type GuessFn = (price: Dec) => number

/** Where the two-phase curve's exact prices come from, and a cheap first guess for searches. */
function twoPhaseGuess(
  w: PriceWindow,
  curve: { dropBlocksBps: number; kneeBps: number },
): GuessFn | undefined {
  const g = twoPhaseGeometry(w, curve)
  if (g === null || !w.startPrice.isPositive() || !g.knee.isPositive()) return undefined
  const s = w.startBlock
  const { drop, len } = g
  const start = w.startPrice.toNumber()
  const kneeN = g.knee.toNumber()
  const step = (kneeN - w.endPrice.toNumber()) / (len - drop)
  const logRatio = Math.log(kneeN / start)
  return (price) => {
    const p = price.toNumber()
    if (p <= kneeN) return step > 0 ? s + drop + Math.ceil((kneeN - p) / step) : s + drop
    return logRatio < 0 ? s + Math.ceil((drop * Math.log(p / start)) / logRatio) : s
  }
}

/**
 * The two-phase curve's shape in a window (see {@link PriceCurve}): the window's length in
 * blocks, the blocks of the geometric drop (`dropBlocksBps` of the length, at least 1 and at most
 * length − 1) and the knee price `end + (start − end) × kneeBps / 10000`; null for a window
 * shorter than 2 blocks, which is priced linearly.
 */
function twoPhaseGeometry(
  w: PriceWindow,
  curve: { dropBlocksBps: number; kneeBps: number },
): { len: number; drop: number; knee: Dec } | null {
  const len = w.endBlock - w.startBlock
  if (len < 2) return null
  const drop = Math.min(Math.max(1, Math.floor((len * curve.dropBlocksBps) / 10_000)), len - 1)
  const knee = w.endPrice.add(w.startPrice.sub(w.endPrice).mul(bpsDec(curve.kneeBps)))
  return { len, drop, knee }
}

/**
 * `ln(x)` through a small cache: a two-phase curve needs `ln(knee / start)` every time it is
 * built, and the kernel builds the curve of a running auction at every bid and price query (the
 * same few ratios, each a costly decimal.js logarithm). Pure: the same `x` gives the same value.
 */
const LN_CACHE = new Map<bigint, Dec>()
function lnCached(x: Dec): Dec {
  let v = LN_CACHE.get(x.atomics)
  if (v === undefined) {
    v = x.ln()
    if (LN_CACHE.size >= 1024) LN_CACHE.delete(LN_CACHE.keys().next().value as bigint)
    LN_CACHE.set(x.atomics, v)
  }
  return v
}

function prepare(w: PriceWindow, curve: PriceCurve): PriceFn {
  const s = w.startBlock
  switch (curve.kind) {
    case 'linear': {
      const step = perBlock(w)
      return (h) => w.startPrice.sub(step.mulInt(BigInt(h - s)))
    }
    case 'stepwise': {
      const step = perBlock(w)
      const bucket = curve.bucketBlocks
      return (h) => {
        const offset = h - s
        return w.startPrice.sub(step.mulInt(BigInt(offset - (offset % bucket))))
      }
    }
    case 'two_phase': {
      const g = twoPhaseGeometry(w, curve)
      if (g === null) return prepare(w, LINEAR)
      const { len, drop, knee } = g
      const logRatio =
        w.startPrice.isPositive() && knee.isPositive() ? lnCached(knee.div(w.startPrice)) : Dec.ZERO
      const step = knee.sub(w.endPrice).div(Dec.fromInt(len - drop))
      return (h) => {
        const k = h - s
        if (k >= drop) return knee.sub(step.mulInt(BigInt(k - drop)))
        if (k === 0) return w.startPrice
        // start × (knee / start)^(k / drop), never below the knee
        const p = w.startPrice.mul(logRatio.mul(Dec.fromRatio(BigInt(k), BigInt(drop))).exp())
        return Dec.min(Dec.max(p, knee), w.startPrice)
      }
    }
    case 'exponential': {
      const len = BigInt(w.endBlock - s)
      const b = curve.rate.neg().exp()
      const denominator = Dec.ONE.sub(b)
      const span = w.startPrice.sub(w.endPrice)
      return (h) => {
        const x = Dec.fromRatio(BigInt(h - s), len)
        const a = curve.rate.mul(x).neg().exp()
        return w.endPrice.add(span.mul(a.sub(b).div(denominator)))
      }
    }
  }
}

/**
 * Binds a window and a curve shape into an {@link AuctionCurve} (auction.md "Price"), validating
 * both once and precomputing the per-block step (and, for `exponential`, `e^(−rate)`), so repeated
 * queries are cheap. Results are identical to {@link priceAt} and {@link firstBlockAtOrBelow}.
 *
 * Linear (default): `per_block = (start − end) / (endBlock − startBlock)` (Dec, truncated),
 * `price(h) = start − per_block × (h − startBlock)`. Stepwise: the linear price of the first block
 * of the `bucketBlocks`-wide bucket holding `h`. Exponential: see {@link PriceCurve}.
 * @throws AuctionError `invalid_window` when `endBlock ≤ startBlock` or a block is not an integer;
 *   `invalid_config` for a bad curve (`rate ≤ 0`, `bucketBlocks < 1`).
 */
export function curveOf(window: PriceWindow, shape: PriceCurve = LINEAR): AuctionCurve {
  assertWindow(window)
  validateCurve(shape)
  const s = window.startBlock
  const e = window.endBlock
  const fn = prepare(window, shape)
  const guess = shape.kind === 'two_phase' ? twoPhaseGuess(window, shape) : undefined
  const at = (height: number): Dec => {
    assertHeight(height)
    return fn(Math.min(Math.max(height, s), e))
  }
  return {
    window,
    shape,
    priceAt: at,
    firstBlockAtOrBelow(price: Dec): number | null {
      if (fn(s).lte(price)) return s
      if (fn(e).gt(price)) return null
      // Invariant from here: fn(s) > price ≥ fn(e), so the answer is in (s, e].
      if (shape.kind === 'linear') {
        const step = perBlock(window) // > 0, since the price falls from s to e
        const k = ceilDiv(window.startPrice.atomics - price.atomics, step.atomics)
        let h = s + Number(k > BigInt(e - s) ? BigInt(e - s) : k < 1n ? 1n : k)
        while (h > s + 1 && fn(h - 1).lte(price)) h--
        while (h < e && fn(h).gt(price)) h++
        return h
      }
      if (guess !== undefined) {
        // the exact answer is found by walking from the estimate (a block or two away)
        let h = Math.min(Math.max(guess(price), s + 1), e)
        for (let steps = 0; steps < 64; steps++) {
          if (h > s + 1 && fn(h - 1).lte(price)) h--
          else if (h < e && fn(h).gt(price)) h++
          else return h
        }
      }
      let lo = s // fn(lo) > price
      let hi = e // fn(hi) ≤ price
      while (hi - lo > 1) {
        const mid = lo + Math.floor((hi - lo) / 2)
        if (fn(mid).lte(price)) hi = mid
        else lo = mid
      }
      return hi
    },
  }
}

/**
 * The auction price at block `height` (auction.md "Price"), `height` clamped into
 * `[startBlock, endBlock]`: `curveOf(info, curve).priceAt(height)`. Linear (default):
 * `per_block = (start − end) / (endBlock − startBlock)` (Dec, truncated),
 * `price = start − per_block × (h − startBlock)`; so at `endBlock` the price can be a few atomics
 * above `endPrice`, and halfway through a 0.6-wide range over 28 800 blocks it is
 * 1.5000000000000048. Other curves: see {@link PriceCurve}. For many queries on one auction, build
 * the curve once with {@link curveOf}.
 * @throws AuctionError `invalid_window` when `endBlock ≤ startBlock`; `invalid_block` for a
 *   non-integer height; `invalid_config` for a bad curve.
 */
export function priceAt(info: PriceWindow, height: number, curve: PriceCurve = LINEAR): Dec {
  return curveOf(info, curve).priceAt(height)
}

/**
 * The first block at which the auction price is at or below `price`: the smallest
 * `h ∈ [startBlock, endBlock]` with `priceAt(h) ≤ price`, or `null` when the price never gets that
 * low (including prices below `priceAt(endBlock)`): `curveOf(info, curve).firstBlockAtOrBelow(price)`.
 * Exact for the Dec curve: for the linear curve a candidate
 * `startBlock + ⌈(start − price) / per_block⌉` (atomics) is adjusted by checking `priceAt`; other
 * curves use a binary search (every curve is non-increasing).
 * @throws AuctionError `invalid_window` when `endBlock ≤ startBlock`; `invalid_config` for a bad curve.
 */
export function firstBlockAtOrBelow(
  info: PriceWindow,
  price: Dec,
  curve: PriceCurve = LINEAR,
): number | null {
  return curveOf(info, curve).firstBlockAtOrBelow(price)
}
