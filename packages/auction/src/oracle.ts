import { Dec, type Pair, pairKey, parsePairKey } from '@rebalancer/types'
import { AuctionError } from './errors.js'
import { bpsDec, priceAgeDays } from './pricing.js'
import type { OraclePrice } from './state.js'

/** An auction's average price and its time (unix seconds), as kept in a pair's price history. */
export interface PricePoint {
  /** Buy units per sell unit (resolved / sold). */
  price: Dec
  /** Unix seconds of the block that closed the auction. */
  time: number
  /**
   * Sell-denom base units the auction sold (its weight for the `volume_weighted` method). Absent
   * in the chain's history (`get_price_history` has no volume); {@link PairAuction} records it.
   */
  volume?: bigint | undefined
}

/**
 * How the oracle aggregates a pair's stored auction prices once ≥ 3 are fresh:
 *
 * - `mean` (the chain's): Σ prices / count, truncated. Lags a moving market by about half the
 *   history, and one auction at an extreme price drags it by a tenth of the gap;
 * - `recency_weighted`: Σ wᵢ·priceᵢ / Σ wᵢ with weight n for the newest of n prices down to 1 for the
 *   oldest, truncated once from the exact ratio; lags a steady trend by about a third of the
 *   history instead of a half (the idea of Valence's unmerged PR #103);
 * - `median`: the middle price (the truncated mean of the two middle ones for an even count); one
 *   or two outliers cannot move it;
 * - `volume_weighted`: Σ price × volume / Σ volume, truncated once from the exact rational value;
 *   a small auction at a manipulated price barely moves it. Needs a positive `volume` on every point.
 */
export type AuctionAggregate = 'mean' | 'recency_weighted' | 'median' | 'volume_weighted'

/** Every {@link AuctionAggregate}. */
export const AUCTION_AGGREGATES: readonly AuctionAggregate[] = Object.freeze([
  'mean',
  'recency_weighted',
  'median',
  'volume_weighted',
] as const)

/**
 * Where the oracle's price comes from (auction.md "Price oracle"):
 *
 * - an {@link AuctionAggregate} (`mean` is the deployed contract's and the default): the aggregate
 *   of the pair's auction prices while ≥ 3 are stored and the newest is fresh, else the external
 *   source (on chain, the DEX route);
 * - `external`: always the live external reference (on Neutron the Connect `x/oracle` price or a
 *   DEX simulation; in simulations the market feed); no reference, no price;
 * - `anchored`: the `recency_weighted` auction aggregate while it lies within
 *   `anchorBandBps` of the live reference, else the reference itself; no reference, no price.
 *
 * Auction prices are paid prices, about one maker margin below the market, and an auction that
 * clears at its start price can move the mean by at most its premium: in a steady rally an
 * aggregate-only oracle never catches up. `external` and `anchored` follow the market.
 */
export type OracleMode = AuctionAggregate | 'external' | 'anchored'

/** Every {@link OracleMode}. */
export const ORACLE_MODES: readonly OracleMode[] = Object.freeze([
  ...AUCTION_AGGREGATES,
  'external',
  'anchored',
] as const)

/** Default band of the `anchored` mode: 200 bps (2%) around the live reference. */
export const DEFAULT_ANCHOR_BAND_BPS = 200

/** How many auction prices a pair's history keeps (auction.md "Finishing and paying out"). */
export const PRICE_HISTORY_LENGTH = 10

/**
 * Oracle configuration (wire oracle instantiate `seconds_auction_prices_fresh`,
 * `seconds_allow_manual_change`), seconds.
 */
export interface OracleConfig {
  /** Auction prices count while the newest is at most this old (default 259 200 = 3 days). */
  auctionPricesFreshSeconds: number
  /** A manual price is allowed once the last price is older than this (default 172 800 = 2 days). */
  manualChangeAllowedSeconds: number
  /** Where the price comes from; absent = `mean`, the deployed contract's (see {@link OracleMode}). */
  mode?: OracleMode | undefined
  /**
   * The `anchored` mode's band, bps of the reference (an integer in 1..=10000; absent =
   * {@link DEFAULT_ANCHOR_BAND_BPS}): the auction aggregate is used while
   * `|aggregate − reference| ≤ reference × band`.
   */
  anchorBandBps?: number | undefined
}

/** The wire defaults: auction prices fresh for 3 days, manual change after 2 days. */
export const DEFAULT_ORACLE_CONFIG: OracleConfig = Object.freeze({
  auctionPricesFreshSeconds: 259_200,
  manualChangeAllowedSeconds: 172_800,
})

/**
 * The history with `p` pushed in front: newest first, at most {@link PRICE_HISTORY_LENGTH} kept.
 * Returns a new array; `history` is not changed.
 */
export function pushPriceHistory(history: readonly PricePoint[], p: PricePoint): PricePoint[] {
  return [p, ...history.slice(0, PRICE_HISTORY_LENGTH - 1)]
}

function assertConfig(config: OracleConfig): void {
  for (const [name, v] of [
    ['seconds_auction_prices_fresh', config.auctionPricesFreshSeconds],
    ['seconds_allow_manual_change', config.manualChangeAllowedSeconds],
  ] as const) {
    if (!Number.isSafeInteger(v) || v < 0) {
      throw new AuctionError(
        'invalid_config',
        `oracle ${name} ${v} is invalid: it must be a whole number ≥ 0 of seconds`,
      )
    }
  }
  if (config.mode !== undefined && !ORACLE_MODES.includes(config.mode)) {
    throw new AuctionError(
      'invalid_config',
      `oracle mode "${String(config.mode)}" is invalid: it must be one of ${ORACLE_MODES.join(', ')}`,
    )
  }
  const band = config.anchorBandBps
  if (band !== undefined && (!Number.isSafeInteger(band) || band < 1 || band > 10_000)) {
    throw new AuctionError(
      'invalid_config',
      `oracle anchor_band_bps ${band} is invalid: it must be a whole number of bps in 1..=10000`,
    )
  }
}

/**
 * Aggregates auction prices (newest first) by `method` (see {@link AuctionAggregate}); `points`
 * non-empty. Mean: Σ / n truncated. Recency-weighted: ⌊Σ (price atomics × (n − i)) / Σ (n − i)⌋ in
 * atomics, `i` = 0 for the newest. Median: middle of the prices sorted ascending; for an even
 * count the truncated mean of the two middle ones. Volume-weighted:
 * ⌊Σ (price atomics × volume) / Σ volume⌋ in atomics.
 * @throws AuctionError `missing_volume` (volume-weighted over a point without a volume > 0);
 *   `invalid_config` for an empty list or an unknown method.
 */
export function aggregatePrices(points: readonly PricePoint[], method: AuctionAggregate = 'mean'): Dec {
  const n = points.length
  if (n === 0) throw new AuctionError('invalid_config', 'no prices to aggregate: at least one is needed')
  switch (method) {
    case 'mean':
      return Dec.sum(points.map((p) => p.price)).div(Dec.fromInt(n))
    case 'recency_weighted': {
      let weighted = 0n
      for (const [i, p] of points.entries()) weighted += p.price.atomics * BigInt(n - i)
      return Dec.fromAtomics(weighted / BigInt((n * (n + 1)) / 2))
    }
    case 'median': {
      const sorted = points.map((p) => p.price.atomics).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      const mid = n >> 1
      return Dec.fromAtomics(n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2n)
    }
    case 'volume_weighted': {
      let weighted = 0n
      let volume = 0n
      for (const [i, p] of points.entries()) {
        if (p.volume === undefined || p.volume <= 0n) {
          throw new AuctionError(
            'missing_volume',
            `price history point ${i} (price ${p.price}, time ${p.time}) has volume ${p.volume ?? 'none'}: the volume_weighted method needs a volume above 0 on every point`,
          )
        }
        weighted += p.price.atomics * p.volume
        volume += p.volume
      }
      return Dec.fromAtomics(weighted / volume)
    }
    default:
      throw new AuctionError('invalid_config', `oracle method "${String(method)}" is unknown`)
  }
}

/**
 * The pair's oracle price at `now` (auction.md "Price oracle", `update_price`), by `config.mode`
 * (see {@link OracleMode}; absent = `mean`, the deployed contract's):
 *
 * - an {@link AuctionAggregate}: when `history` (newest first) holds ≥ 3 prices and the newest is
 *   fresh (`now − newest.time ≤ auctionPricesFreshSeconds`), their aggregate
 *   ({@link aggregatePrices}) at the newest price's time, source `auctions`; otherwise `external`
 *   at `now`, source `external`;
 * - `external`: `external` at `now`, source `external`;
 * - `anchored`: the `recency_weighted` aggregate (source `auctions`) when the history is fresh as
 *   above and the aggregate is within `anchorBandBps` of `external`; otherwise `external` at `now`.
 *
 * @param a.external the live external price (buy per sell unit) at `now`, if the source has one.
 * @param a.now unix seconds of the current block.
 * @throws AuctionError `no_price_source` when the mode's source is missing; `zero_price` when the
 *   external price is ≤ 0; `missing_volume` (volume-weighted); `invalid_config`.
 */
export function oraclePrice(a: {
  history: readonly PricePoint[]
  now: number
  config: OracleConfig
  external?: Dec | undefined
}): OraclePrice & { source: 'auctions' | 'external' } {
  assertConfig(a.config)
  const mode = a.config.mode ?? 'mean'
  const newest = a.history[0]
  const fresh =
    a.history.length >= 3 && newest !== undefined && a.now - newest.time <= a.config.auctionPricesFreshSeconds
  if (mode !== 'external' && mode !== 'anchored' && fresh) {
    return { price: aggregatePrices(a.history, mode), time: newest.time, source: 'auctions' }
  }
  if (a.external === undefined) {
    const why =
      mode === 'external' || mode === 'anchored'
        ? `the ${mode} oracle mode needs the live reference`
        : a.history.length < 3
          ? `the pair has ${a.history.length} auction prices (3 needed)`
          : `the newest auction price, from ${newest!.time}, is older than ${a.config.auctionPricesFreshSeconds} s at ${a.now}`
    throw new AuctionError('no_price_source', `no price: ${why} and there is no external price source`)
  }
  if (!a.external.isPositive()) {
    throw new AuctionError('zero_price', `external price ${a.external} is invalid: it must be above 0`)
  }
  if (mode === 'anchored' && fresh) {
    const aggregate = aggregatePrices(a.history, 'recency_weighted')
    const band = a.external.mul(bpsDec(a.config.anchorBandBps ?? DEFAULT_ANCHOR_BAND_BPS))
    if (aggregate.sub(a.external).abs().lte(band)) {
      return { price: aggregate, time: newest.time, source: 'auctions' }
    }
  }
  return { price: a.external, time: a.now, source: 'external' }
}

/**
 * Checks an admin's manual price (auction.md "Price oracle"): the price must be above 0, and
 * allowed only when there is no price yet or the last one is older than
 * `manualChangeAllowedSeconds` (`now − last.time > window`).
 * @throws AuctionError `zero_price`, `manual_too_soon`, `invalid_config`.
 */
export function assertManualPriceAllowed(
  last: OraclePrice | null,
  now: number,
  price: Dec,
  config: OracleConfig,
): void {
  assertConfig(config)
  if (!price.isPositive()) {
    throw new AuctionError('zero_price', `manual price ${price} is invalid: it must be above 0`)
  }
  if (last !== null && now - last.time <= config.manualChangeAllowedSeconds) {
    throw new AuctionError(
      'manual_too_soon',
      `manual price not allowed at ${now}: the last price, from ${last.time}, is not older than ${config.manualChangeAllowedSeconds} s`,
    )
  }
}

/**
 * An injected external price source (on chain, a DEX route; in simulations, the market feed): the
 * price of `pair` (buy per sell unit) at unix second `now`, or `undefined` when it has none.
 */
export type ExternalPriceSource = (pair: Pair, now: number) => Dec | undefined

/** A price the {@link PriceOracle} holds for a pair, with where it came from. */
export interface StoredOraclePrice extends OraclePrice {
  /** `auctions` (aggregate of the pair's auction prices), `external`, or `manual` (admin). */
  source: 'auctions' | 'external' | 'manual'
}

/** How old a price is at a given time: whole seconds and days as a truncated Dec (auction.md "Opening"). */
export interface PriceAge {
  /** `now − time`, seconds (negative for a price from the future). */
  seconds: number
  /** `seconds / 86400`, truncated to 18 digits: what the freshness limit and multipliers compare. */
  days: Dec
}

/**
 * The price oracle of many pairs (auction.md "Price oracle"): a stored price per ordered pair,
 * updated from the pair's auction history (≥ 3 fresh prices, aggregated per `config.mode`), else
 * from the injected external source, or set by hand within the manual window. Holds no history
 * itself: the history belongs to the pair's auction and is passed to {@link PriceOracle.update}.
 * Pure apart from its own map: no clock, the time is an argument.
 */
export class PriceOracle {
  private _config: OracleConfig
  private readonly external: ExternalPriceSource | undefined
  private readonly prices = new Map<string, StoredOraclePrice>()

  /**
   * @param options.config windows and mode (default {@link DEFAULT_ORACLE_CONFIG}: mean, 3 days, 2 days).
   * @param options.external the fallback source; without one an update with too few fresh auction prices fails.
   * @throws AuctionError `invalid_config`.
   */
  constructor(options: { config?: OracleConfig; external?: ExternalPriceSource } = {}) {
    const config = options.config ?? DEFAULT_ORACLE_CONFIG
    assertConfig(config)
    this._config = config
    this.external = options.external
  }

  /** The current configuration. */
  get config(): OracleConfig {
    return this._config
  }

  /**
   * Replaces the configuration (wire admin `update_config`), validated first.
   * @throws AuctionError `invalid_config`.
   */
  updateConfig(config: OracleConfig): void {
    assertConfig(config)
    this._config = config
  }

  /**
   * `update_price {pair}`: computes the pair's price from its auction `history` (newest first) or
   * the external source ({@link oraclePrice}) and stores it. A failing update keeps the old price.
   * @throws AuctionError as {@link oraclePrice}.
   */
  update(pair: Pair, history: readonly PricePoint[], now: number): StoredOraclePrice {
    const external = this.external?.(pair, now)
    const p = oraclePrice({ history, now, config: this._config, external })
    const stored: StoredOraclePrice = { price: p.price, time: p.time, source: p.source }
    this.prices.set(pairKey(pair), stored)
    return stored
  }

  /**
   * An admin's manual price at `now` ({@link assertManualPriceAllowed}: > 0, and only when the
   * pair has no price or its last one is older than the manual window).
   * @throws AuctionError `zero_price`, `manual_too_soon`.
   */
  manual(pair: Pair, price: Dec, now: number): StoredOraclePrice {
    assertManualPriceAllowed(this.peek(pair), now, price, this._config)
    const stored: StoredOraclePrice = { price, time: now, source: 'manual' }
    this.prices.set(pairKey(pair), stored)
    return stored
  }

  /**
   * The live reference of `pair` at unix second `now`: the injected external source's price, or
   * `undefined` without a source or price (what containment checks an opening against).
   */
  reference(pair: Pair, now: number): Dec | undefined {
    return this.external?.(pair, now)
  }

  /** The pair's stored price, or `null` when it has none. */
  peek(pair: Pair): StoredOraclePrice | null {
    return this.prices.get(pairKey(pair)) ?? null
  }

  /**
   * The pair's stored price (wire `get_price`).
   * @throws AuctionError `no_price` when the pair has none yet.
   */
  get(pair: Pair): StoredOraclePrice {
    const p = this.prices.get(pairKey(pair))
    if (!p) {
      throw new AuctionError(
        'no_price',
        `no price for pair [${pair[0]}, ${pair[1]}]: update it from auctions or an external source, or set one manually`,
      )
    }
    return p
  }

  /**
   * How old the pair's stored price is at `now` (what an open compares with the freshness limit).
   * @throws AuctionError `no_price`.
   */
  age(pair: Pair, now: number): PriceAge {
    const p = this.get(pair)
    return { seconds: now - p.time, days: priceAgeDays(p.time, now) }
  }

  /** Every stored price, by pair key (`"sell|buy"`), in key order. */
  all(): Array<readonly [pair: Pair, price: StoredOraclePrice]> {
    return [...this.prices.entries()]
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([k, v]) => [parsePairKey(k), v] as const)
  }
}
