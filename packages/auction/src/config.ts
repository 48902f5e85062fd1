import { Dec, type Pair, type PriceCurveWire } from '@rebalancer/types'
import { AuctionError } from './errors.js'

/**
 * How far above and below the oracle price an auction starts and ends, in basis points of the
 * oracle price (wire `auction_strategy: {start_price_perc, end_price_perc}`; auction.md "Opening").
 * Integers; `startPriceBps > 0` and `0 < endPriceBps < 10000`. The effective value, after the
 * freshness multiplier, is capped at 7500 bps.
 */
export interface AuctionStrategy {
  /** Start premium over the oracle price, bps (wire `start_price_perc`). */
  startPriceBps: number
  /** End discount under the oracle price, bps (wire `end_price_perc`). */
  endPriceBps: number
}

/**
 * Chain-halt detection (wire `chain_halt_config: {cap, block_avg}`; auction.md "Bidding"): a bid
 * finds the chain halted when the seconds since the last checked block exceed
 * `blocks × blockAvgSeconds + capSeconds`. Non-negative integers, seconds.
 */
export interface ChainHaltConfig {
  /** Slack in seconds added to the expected time (wire `cap`, default 14 400). */
  capSeconds: number
  /** Expected seconds per block (wire `block_avg`, default 3). */
  blockAvgSeconds: number
}

/**
 * How the age of the oracle price widens the price range (wire `price_freshness_strategy`;
 * auction.md "Opening"). Ages are in days, as `Dec`.
 */
export interface PriceFreshnessStrategy {
  /** A price older than this many days cannot open an auction (wire `limit`, default 3). */
  limitDays: Dec
  /**
   * `[day, multiplier]` entries, scanned in order: the first whose `day` is below the price's age
   * multiplies the strategy bps (wire `multipliers`, default `[["2","2"],["1","1.5"]]`).
   */
  multipliers: ReadonlyArray<readonly [day: Dec, multiplier: Dec]>
}

/**
 * The shape of the price between `start_block` and `end_block` (auction.md "Price"):
 *
 * - `linear` (default, the only one the on-chain format can express): the chain's Dec line;
 * - `exponential`: decays from the start price toward the floor, reaching it exactly at the end:
 *   `end + (start − end) × (e^(−rate·x) − e^(−rate)) / (1 − e^(−rate))`, `x` = elapsed fraction
 *   (Dec), `rate > 0` (higher = faster early drop);
 * - `stepwise`: the linear price held for buckets of `bucketBlocks` blocks (an integer ≥ 1),
 *   each bucket priced at its first block;
 * - `two_phase` (after Reserve's DutchTrade): a fast geometric drop over the first
 *   `dropBlocksBps` of the window (bps of its length, 1..=9999) from the start price to the
 *   knee `end + (start − end) × kneeBps / 10000` (1..=9999), then the chain's linear descent from
 *   the knee to the end price. A start far above the market then costs little time.
 *
 * Every curve is non-increasing in the block height, so {@link firstBlockAtOrBelow} is exact.
 */
export type PriceCurve =
  | { kind: 'linear' }
  | { kind: 'exponential'; rate: Dec }
  | { kind: 'stepwise'; bucketBlocks: number }
  | { kind: 'two_phase'; dropBlocksBps: number; kneeBps: number }

/**
 * How `finish` rounds each seller's pro-rata payout (auction.md "Finishing and paying out"):
 *
 * - `chain` (default, what the contract does): `share = deposit / lot` as an 18-digit Dec
 *   (truncated), `buy = resolved × share` rounded up when its fraction is ≥ 0.9999 and down
 *   otherwise, `sell = ⌊unsold × share⌋`; payouts are clamped to what is still unpaid, so after
 *   10 000 or more round-ups a later seller can receive a unit less than ⌊resolved × share⌋;
 * - `exact` (for simulations that want the bound without exceptions): the exact rational share,
 *   `buy = ⌊deposit × resolved / lot⌋`, `sell = ⌊deposit × unsold / lot⌋`; never above the
 *   exact share, never a unit below its floor, at most `sellers − 1` units of dust per denom.
 */
export type Settlement = 'chain' | 'exact'

/** Configuration of the auction of one ordered pair (wire auction instantiate message). */
export interface AuctionConfig {
  /** `[sell, buy]`: the auction sells `pair[0]` and is paid in `pair[1]`. */
  pair: Pair
  strategy: AuctionStrategy
  chainHalt: ChainHaltConfig
  freshness: PriceFreshnessStrategy
  /** Price curve for simulations; absent = `linear` (the chain's). */
  curve?: PriceCurve | undefined
  /** Payout rounding; absent = `chain` (see {@link Settlement}). */
  settlement?: Settlement | undefined
  /**
   * Containment of every opening against a live reference (ours, auction.md "Containment";
   * portfolio-computer.md correction 12); absent = none, as deployed.
   */
  containment?: ContainmentConfig | undefined
}

/**
 * What an auction does when its oracle-derived start price would be below the live reference ×
 * (1 + `minPremiumBps` / 10000) (auction.md "Containment"): `re_anchor` opens with prices taken
 * from the reference instead, `refuse` stays closed with the funds still queued. Either way the
 * auction reports it (an `auction-containment` event on the localnet).
 */
export interface ContainmentConfig {
  /** Minimum premium of the start price over the reference, bps (an integer in 0..=10000). */
  minPremiumBps: number
  /** `re_anchor` or `refuse`. */
  action: 're_anchor' | 'refuse'
  /**
   * The live reserve: no bid pays less than the reference at the bid's block ×
   * (1 − `maxDiscountBps` / 10000) (an integer in 1..=9999); the price is raised to it. Bounds
   * what a market move during the window can cost (Index Coop bounds its auctions the same way).
   * Absent = the curve alone.
   */
  maxDiscountBps?: number | undefined
}

/** Wire defaults `{"cap":"14400","block_avg":"3"}`: 4 hours of slack, 3-second blocks. */
export const DEFAULT_CHAIN_HALT: ChainHaltConfig = Object.freeze({ capSeconds: 14_400, blockAvgSeconds: 3 })

/** Wire defaults `{"limit":"3","multipliers":[["2","2"],["1","1.5"]]}` (days, multipliers). */
export const DEFAULT_FRESHNESS: PriceFreshnessStrategy = Object.freeze({
  limitDays: Dec.fromInt(3),
  multipliers: Object.freeze([
    Object.freeze([Dec.fromInt(2), Dec.fromInt(2)] as const),
    Object.freeze([Dec.ONE, Dec.parse('1.5')] as const),
  ]),
})

/** The default curve: the chain's linear price. */
export const LINEAR: PriceCurve = Object.freeze({ kind: 'linear' })

/**
 * A wire price curve (ours, correction 12: `"linear"` or `{"two_phase":{drop_blocks_bps,
 * knee_bps}}`) as the kernel's {@link PriceCurve}; not validated here ({@link validateCurve}).
 */
export function curveFromWire(curve: PriceCurveWire): PriceCurve {
  if (curve === 'linear') return LINEAR
  return {
    kind: 'two_phase',
    dropBlocksBps: curve.two_phase.drop_blocks_bps,
    kneeBps: curve.two_phase.knee_bps,
  }
}

/**
 * Checks the strategy bps (auction.md "Opening"): integers with `startPriceBps > 0` and
 * `0 < endPriceBps < 10000`.
 * @throws AuctionError `invalid_strategy` naming the value and the rule.
 */
export function validateStrategy(strategy: AuctionStrategy): void {
  if (!Number.isSafeInteger(strategy.startPriceBps) || strategy.startPriceBps <= 0) {
    throw new AuctionError(
      'invalid_strategy',
      `start_price_perc ${strategy.startPriceBps} is invalid: it must be an integer number of bps above 0`,
      { path: ['startPriceBps'] },
    )
  }
  if (
    !Number.isSafeInteger(strategy.endPriceBps) ||
    strategy.endPriceBps <= 0 ||
    strategy.endPriceBps >= 10_000
  ) {
    throw new AuctionError(
      'invalid_strategy',
      `end_price_perc ${strategy.endPriceBps} is invalid: it must be an integer number of bps with 0 < end < 10000`,
      { path: ['endPriceBps'] },
    )
  }
}

/**
 * Checks a whole auction configuration: distinct non-empty pair denoms, the strategy
 * ({@link validateStrategy}), chain-halt seconds (non-negative integers), freshness (limit ≥ 0,
 * days ≥ 0, multipliers > 0) and the curve (`rate > 0`, `bucketBlocks` integer ≥ 1).
 * @throws AuctionError `invalid_strategy` or `invalid_config` naming the value and the rule.
 */
export function validateAuctionConfig(config: AuctionConfig): void {
  const [sell, buy] = config.pair
  if (!sell || !buy || sell === buy) {
    throw new AuctionError(
      'invalid_config',
      `pair [${sell}, ${buy}] is invalid: two distinct denoms are required`,
    )
  }
  validateStrategy(config.strategy)
  for (const [name, v] of [
    ['cap', config.chainHalt.capSeconds],
    ['block_avg', config.chainHalt.blockAvgSeconds],
  ] as const) {
    if (!Number.isSafeInteger(v) || v < 0) {
      throw new AuctionError(
        'invalid_config',
        `chain halt ${name} ${v} is invalid: it must be a whole number ≥ 0 of seconds`,
      )
    }
  }
  if (config.freshness.limitDays.isNegative()) {
    throw new AuctionError(
      'invalid_config',
      `freshness limit ${config.freshness.limitDays} days is invalid: it must be ≥ 0`,
    )
  }
  for (const [day, mult] of config.freshness.multipliers) {
    if (day.isNegative() || !mult.isPositive()) {
      throw new AuctionError(
        'invalid_config',
        `freshness multiplier [${day}, ${mult}] is invalid: the day must be ≥ 0 and the multiplier > 0`,
      )
    }
  }
  if (config.curve) validateCurve(config.curve)
  if (config.containment !== undefined) validateContainment(config.containment)
  if (config.settlement !== undefined && config.settlement !== 'chain' && config.settlement !== 'exact') {
    throw new AuctionError(
      'invalid_config',
      `settlement "${String(config.settlement)}" is invalid: it must be "chain" or "exact"`,
    )
  }
}

/**
 * A validated copy of an auction configuration: what a pair's auction is created with (wire
 * `instantiate`). The strategy is validated here, and again at every update and every open.
 * @throws AuctionError `invalid_strategy` or `invalid_config` (see {@link validateAuctionConfig}).
 */
export function createAuctionConfig(config: AuctionConfig): AuctionConfig {
  validateAuctionConfig(config)
  return { ...config, pair: [config.pair[0], config.pair[1]] }
}

/**
 * The configuration with a new strategy (wire admin `update_strategy`), validated like at
 * creation: integer bps with `start > 0` and `0 < end < 10000`. Returns a new object; `config`
 * is not changed. A running auction keeps the prices it opened with; the strategy applies from
 * the next open.
 * @throws AuctionError `invalid_strategy` naming the value and the rule; `invalid_config` when the
 *   rest of `config` is malformed.
 */
export function updateStrategy(config: AuctionConfig, strategy: AuctionStrategy): AuctionConfig {
  validateStrategy(strategy)
  const next = {
    ...config,
    strategy: { startPriceBps: strategy.startPriceBps, endPriceBps: strategy.endPriceBps },
  }
  validateAuctionConfig(next)
  return next
}

/**
 * The configuration with new chain-halt settings (wire admin `update_chain_halt_config`),
 * validated: whole seconds ≥ 0. Applies to the next bid, also in a running auction.
 * @throws AuctionError `invalid_config`.
 */
export function updateChainHaltConfig(config: AuctionConfig, chainHalt: ChainHaltConfig): AuctionConfig {
  const next = { ...config, chainHalt: { ...chainHalt } }
  validateAuctionConfig(next)
  return next
}

/**
 * The configuration with a new price-freshness strategy (wire admin
 * `update_price_freshness_strategy`), validated: limit ≥ 0 days, days ≥ 0, multipliers > 0.
 * Applies from the next open.
 * @throws AuctionError `invalid_config`.
 */
export function updatePriceFreshnessStrategy(
  config: AuctionConfig,
  freshness: PriceFreshnessStrategy,
): AuctionConfig {
  const next = { ...config, freshness }
  validateAuctionConfig(next)
  return next
}

/**
 * Checks a price curve's parameters.
 * @throws AuctionError `invalid_config` when `rate ≤ 0`, `bucketBlocks` is not an integer ≥ 1, or
 *   a two-phase `dropBlocksBps` / `kneeBps` is not an integer in 1..=9999.
 */
export function validateCurve(curve: PriceCurve): void {
  if (curve.kind === 'two_phase') {
    for (const [name, v] of [
      ['drop_blocks_bps', curve.dropBlocksBps],
      ['knee_bps', curve.kneeBps],
    ] as const) {
      if (!Number.isSafeInteger(v) || v < 1 || v > 9999) {
        throw new AuctionError(
          'invalid_config',
          `two_phase curve ${name} ${v} is invalid: it must be a whole number of bps in 1..=9999`,
        )
      }
    }
  }
  if (curve.kind === 'exponential' && !curve.rate.isPositive()) {
    throw new AuctionError(
      'invalid_config',
      `exponential curve rate ${curve.rate} is invalid: it must be above 0`,
    )
  }
  if (curve.kind === 'stepwise' && (!Number.isSafeInteger(curve.bucketBlocks) || curve.bucketBlocks < 1)) {
    throw new AuctionError(
      'invalid_config',
      `stepwise curve bucket of ${curve.bucketBlocks} blocks is invalid: it must be an integer ≥ 1`,
    )
  }
}

/**
 * Checks a containment configuration: `minPremiumBps` an integer in 0..=10000, `action`
 * `re_anchor` or `refuse`.
 * @throws AuctionError `invalid_config` naming the field and the rule.
 */
export function validateContainment(containment: ContainmentConfig): void {
  const c = containment
  if (!Number.isSafeInteger(c.minPremiumBps) || c.minPremiumBps < 0 || c.minPremiumBps > 10_000) {
    throw new AuctionError(
      'invalid_config',
      `containment min_premium_bps ${c.minPremiumBps} is invalid: it must be a whole number of bps in 0..=10000`,
      { path: ['containment', 'minPremiumBps'] },
    )
  }
  const d = c.maxDiscountBps
  if (d !== undefined && (!Number.isSafeInteger(d) || d < 1 || d > 9999)) {
    throw new AuctionError(
      'invalid_config',
      `containment max_discount_bps ${d} is invalid: it must be a whole number of bps in 1..=9999`,
      { path: ['containment', 'maxDiscountBps'] },
    )
  }
  if (c.action !== 're_anchor' && c.action !== 'refuse') {
    throw new AuctionError(
      'invalid_config',
      `containment action "${String(c.action)}" is invalid: it must be "re_anchor" or "refuse"`,
      { path: ['containment', 'action'] },
    )
  }
}
