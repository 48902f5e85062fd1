import {
  DEFAULT_SCENARIO,
  Dec,
  type Denom,
  type Pair,
  type PriceReference,
  RebalancerError,
} from '@rebalancer/types'
import { SimulationError } from './errors.js'
import type { PriceHistory } from './prices.js'

/** How a chain denom maps to a price-history symbol. */
export interface DenomInfo {
  /** Symbol of the price history (`NTRN`), or {@link USD_SYMBOL}. */
  symbol: string
  /** Base units per whole token are 10^decimals (6 for `untrn`). */
  decimals: number
}

/** The numeraire: a denom mapped to this symbol is worth exactly 1 USD per whole token at any time. */
export const USD_SYMBOL = 'USDT'

/**
 * Default denoms of the simulation: the four chain denoms priced by the shipped history, 6
 * decimals each — the default scenario's (`DEFAULT_SCENARIO.denoms` of `@rebalancer/types`, the
 * one list).
 */
export const DEFAULT_DENOMS: Readonly<Record<Denom, DenomInfo>> = Object.freeze({
  ...DEFAULT_SCENARIO.denoms,
})

/**
 * Market prices of chain denoms from a {@link PriceHistory}, in the chain's units: per **base unit**
 * and as pair prices (how many base units of `b` one base unit of `a` costs). No look-ahead: every
 * price at `time` is the latest close known at or before `time` (unix seconds). USDT is the dollar.
 */
export class MarketFeed {
  /** The price history behind the feed. */
  readonly history: PriceHistory
  /** Denom → symbol and decimals. */
  readonly denoms: Readonly<Record<Denom, DenomInfo>>
  private readonly scales = new Map<Denom, bigint>()
  /**
   * Per pair `a → b`, the last {@link pairPrice} and the two whole-token prices it came from:
   * consecutive asks mostly fall in the same candles, whose prices are the same objects.
   */
  private readonly lastPair = new Map<Denom, Map<Denom, { pa: Dec; pb: Dec; price: Dec }>>()

  /**
   * @param history USD prices per whole token.
   * @param denoms denom → `{ symbol, decimals }`; default {@link DEFAULT_DENOMS}. Symbols are checked
   *   against the history when a price is asked for.
   * @throws SimulationError `invalid_decimals` when a `decimals` is not an integer in 0..=36.
   */
  constructor(history: PriceHistory, denoms: Readonly<Record<Denom, DenomInfo>> = DEFAULT_DENOMS) {
    this.history = history
    const copy: Record<Denom, DenomInfo> = {}
    for (const [denom, info] of Object.entries(denoms)) {
      if (!Number.isInteger(info.decimals) || info.decimals < 0 || info.decimals > 36) {
        throw new SimulationError(
          'invalid_decimals',
          `MarketFeed: decimals of ${denom} must be an integer in 0..=36, got ${info.decimals}`,
        )
      }
      copy[denom] = Object.freeze({ symbol: info.symbol, decimals: info.decimals })
      this.scales.set(denom, 10n ** BigInt(info.decimals))
    }
    this.denoms = Object.freeze(copy)
  }

  /**
   * The symbol and decimals of a denom.
   * @throws SimulationError `unknown_denom` when the denom is not mapped.
   */
  info(denom: Denom): DenomInfo {
    if (!Object.hasOwn(this.denoms, denom)) {
      throw new SimulationError(
        'unknown_denom',
        `MarketFeed: unknown denom "${denom}" (known: ${Object.keys(this.denoms).join(', ')})`,
      )
    }
    return this.denoms[denom]!
  }

  /**
   * USD per whole token of `denom` at unix second `time` (1 for {@link USD_SYMBOL}).
   * @throws SimulationError `unknown_denom`, PriceHistoryError `unknown_symbol` / `no_price_yet` for an unknown denom or symbol, or a time before the symbol's first close.
   */
  priceUsd(denom: Denom, time: number): Dec {
    const { symbol } = this.info(denom)
    return symbol === USD_SYMBOL ? Dec.ONE : this.history.priceUsd(symbol, time)
  }

  /**
   * USD per base unit of `denom` at unix second `time`: the whole-token price / 10^decimals,
   * truncated to 18 digits (exact for the shipped data and 6 decimals).
   * @throws as {@link MarketFeed.priceUsd}.
   */
  usdPerBaseUnit(denom: Denom, time: number): Dec {
    const p = this.priceUsd(denom, time)
    return Dec.fromAtomics(p.atomics / this.scales.get(denom)!)
  }

  /**
   * Price of `pair = [a, b]` at unix second `time`: how many base units of `b` one base unit of `a`
   * costs, i.e. usdPerBaseUnit(a) / usdPerBaseUnit(b). Computed from the whole-token prices in one
   * step, `(pa × 10^decimals(b)) / (pb × 10^decimals(a))` truncated to 18 digits, so it equals the Dec
   * division of the two per-base-unit prices whenever those are exact, and keeps all digits when not.
   * @throws as {@link MarketFeed.priceUsd}.
   */
  pairPrice(pair: Pair, time: number): Dec {
    const [a, b] = pair
    const pa = this.priceUsd(a, time)
    const pb = this.priceUsd(b, time)
    let byB = this.lastPair.get(a)
    if (byB === undefined) {
      byB = new Map()
      this.lastPair.set(a, byB)
    }
    const last = byB.get(b)
    if (last !== undefined && last.pa === pa && last.pb === pb) return last.price
    const num = pa.atomics * this.scales.get(b)! * Dec.SCALE
    const den = pb.atomics * this.scales.get(a)!
    const price = Dec.fromAtomics(num / den)
    byB.set(b, { pa, pb, price })
    return price
  }

  /**
   * USD value of `amount` base units of `denom` at unix second `time`: amount × price / 10^decimals,
   * truncated toward zero to 18 digits.
   * @throws as {@link MarketFeed.priceUsd}.
   */
  valueUsd(denom: Denom, amount: bigint, time: number): Dec {
    const p = this.priceUsd(denom, time)
    return Dec.fromAtomics((amount * p.atomics) / this.scales.get(denom)!)
  }

  /**
   * Unix seconds `t` with `fromTime < t ≤ toTime` at which the price of any of `denoms` (default: all
   * mapped denoms) may change, ascending and unique; e.g. `changePoints(t0, t1, auction.pair)` for a
   * planner's `marketChangePoints`. Between consecutive points every price of the feed is constant.
   * @throws SimulationError `unknown_denom`, PriceHistoryError `unknown_symbol` for an unknown denom or symbol.
   */
  changePoints(fromTime: number, toTime: number, denoms?: readonly Denom[]): number[] {
    const list = denoms ?? Object.keys(this.denoms)
    const symbols = new Set<string>()
    for (const d of list) {
      const { symbol } = this.info(d)
      if (symbol !== USD_SYMBOL) symbols.add(symbol)
    }
    if (symbols.size === 0) return []
    return this.history.changePoints(fromTime, toTime, [...symbols])
  }
}

/** How the simulator's live reference differs from the market (scenario `oracle.reference`). */
export interface MarketReferenceOptions {
  /** The reference shows the market as it was this many seconds earlier (≥ 0). */
  delaySeconds: number
  /** And off by this many bps of it (positive reads high; > −10 000). */
  errorBps: number
}

/**
 * The simulator's live price reference (issue #11): the market feed `delaySeconds` late and off
 * by `errorBps`, standing in for Neutron's Connect prices or a DEX simulation. The localnet's
 * oracle (modes `external` and `anchored`) and its auctions' containment read it through the
 * chain's injected price source; the Portfolio Computer values accounts with the oracle's prices.
 * @example
 * const reference = new MarketReference(feed, { delaySeconds: 300, errorBps: 0 })
 * reference.at(['uatom', 'uusdc'], time) // the market of time − 300 s
 */
export class MarketReference implements PriceReference {
  readonly name: string
  private readonly scale: bigint

  /**
   * @throws RebalancerError `invalid_reference` when the delay is not a whole number ≥ 0 or the
   *   error is not a whole number of bps above −10 000.
   */
  constructor(
    readonly feed: MarketFeed,
    readonly options: MarketReferenceOptions,
  ) {
    const { delaySeconds, errorBps } = options
    if (!Number.isSafeInteger(delaySeconds) || delaySeconds < 0) {
      throw new RebalancerError(
        'invalid_reference',
        `reference delay_seconds ${delaySeconds} is invalid: it must be a whole number of seconds ≥ 0`,
        { path: ['oracle', 'reference', 'delay_seconds'] },
      )
    }
    if (!Number.isSafeInteger(errorBps) || errorBps <= -10_000) {
      throw new RebalancerError(
        'invalid_reference',
        `reference error_bps ${errorBps} is invalid: it must be a whole number of bps above -10000`,
        { path: ['oracle', 'reference', 'error_bps'] },
      )
    }
    this.scale = BigInt(10_000 + errorBps)
    this.name = `market feed (delay ${delaySeconds} s, error ${errorBps} bps)`
  }

  /**
   * The reference price of `pair` at unix second `time` (base units of `pair[1]` per base unit of
   * `pair[0]`): the market price at `time − delaySeconds` × (10 000 + errorBps) / 10 000,
   * truncated; `undefined` when the history has no price that early or a denom is unknown.
   */
  at(pair: Pair, time: number): Dec | undefined {
    let market: Dec
    try {
      market = this.feed.pairPrice(pair, time - this.options.delaySeconds)
    } catch {
      return undefined
    }
    return Dec.fromAtomics((market.atomics * this.scale) / 10_000n)
  }

  /** {@link at}, as the {@link PriceReference} interface asks. */
  async price(pair: Pair, time: number): Promise<Dec | undefined> {
    return this.at(pair, time)
  }
}
