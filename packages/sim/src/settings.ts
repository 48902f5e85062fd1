/**
 * The execution settings of a simulation (issue #11): the oracle's mode and live reference, the
 * auctions' curve and containment, and their defaults. A scenario that says nothing gets the
 * defaults below; `oracle.mode: mean` with `auction.containment: "off"` is the deployed
 * contracts' behaviour.
 */
import type { OracleMode } from '@rebalancer/auction'
import type { PriceCurveWire, Scenario } from '@rebalancer/types'
import type { MarketReferenceOptions } from './market.js'

/**
 * The simulator's default oracle mode, the best measured on the shipped history against every
 * other mode (README "Execution quality"): the live reference itself. Auctions start above the
 * market and the Portfolio Computer values accounts at market prices. `anchored` (auction prices
 * while within 2% of the reference) is within 0.3 bps of it and moves less when the reference
 * reads low; the deployed `mean` is one option away (`oracle: {mode: mean}`).
 */
export const DEFAULT_ORACLE_MODE: OracleMode = 'external'

/**
 * The reference's default delay behind the market feed: 0 s. A per-block reference (Neutron's
 * Connect prices) is as fresh as the market makers' own view at the price history's resolution; any
 * delay shows the whole previous candle for that long after each candle boundary (README
 * "Execution quality" measures 3 s, 300 s and 3600 s).
 */
export const DEFAULT_REFERENCE_DELAY_SECONDS = 0

/**
 * Default containment: no auction opens with its start price below the reference × 1.05 (such an
 * opening is re-anchored on the reference), and no bid pays less than the reference × 0.98 (the
 * live reserve: 200 bps, the bound Index Coop keeps its auctions within around Chainlink). A
 * maker that asks more than the reserve cannot fill: such lots are reported unfilled with reason
 * `live_reserve`.
 */
export const DEFAULT_CONTAINMENT = Object.freeze({
  minPremiumBps: 500,
  action: 're_anchor' as const,
  maxDiscountBps: 200 as number | undefined,
})

/** What a maker's daily hedge costs by default: 10 bps of the market value it sells. */
export const DEFAULT_HEDGE_COST_BPS = 10

/**
 * The simulator's default price curve on our chain (correction 12): two-phase, a geometric drop
 * over the first 10% of the window to the knee halfway down the range, which for the symmetric
 * default strategy (±20%) is the oracle price itself, then linear to the end price. The auction
 * reaches the reference quickly and then descends slowly where makers bid, so fills come early
 * in the window and close to the market (README "Execution quality" measures it against linear,
 * the deployed contracts' only curve).
 */
export const DEFAULT_CURVE: PriceCurveWire = Object.freeze({
  two_phase: Object.freeze({ drop_blocks_bps: 1000, knee_bps: 5000 }),
}) as PriceCurveWire

/** Default auction length: 7200 blocks (6 hours of 3-second blocks). */
export const DEFAULT_DURATION_BLOCKS = 7200

/** Default strategy: start 20% above and end 20% below the oracle price (the deployed defaults). */
export const DEFAULT_AUCTION_STRATEGY = Object.freeze({ startPriceBps: 2000, endPriceBps: 2000 })

/** A simulation's execution settings, every default applied. */
export interface SimulationSettings {
  /** The oracle contract's mode (`mean` = the deployed contract) and its `anchored` band. */
  oracle: { mode: OracleMode; anchorBandBps: number | undefined }
  /** How the live reference lags and errs (scenario `oracle.reference`). */
  reference: MarketReferenceOptions
  /** The auctions' start and end premium, bps of the oracle price. */
  strategy: { startPriceBps: number; endPriceBps: number }
  /** Blocks an auction stays open. */
  durationBlocks: number
  /** The auctions' price curve (`linear` = the deployed contract's; default {@link DEFAULT_CURVE}). */
  curve: PriceCurveWire
  /**
   * The keeper's own pre-open check against the reference (what it does on the deployed
   * contracts), or null when it sends every opening.
   */
  keeperCheck: { minPremiumBps: number } | null
  /** Containment of openings, or null when off (as deployed). */
  containment: {
    minPremiumBps: number
    action: 're_anchor' | 'refuse'
    maxDiscountBps: number | undefined
  } | null
}

/**
 * The execution settings a scenario asks for, with every default applied: oracle mode
 * {@link DEFAULT_ORACLE_MODE}, reference delay {@link DEFAULT_REFERENCE_DELAY_SECONDS} and error
 * 0, strategy ±20%, {@link DEFAULT_DURATION_BLOCKS}, {@link DEFAULT_CURVE}, {@link DEFAULT_CONTAINMENT}.
 * @example
 * simulationSettings(parseScenario(input)).oracle.mode // 'external' unless the scenario says
 */
export function simulationSettings(scenario: Scenario): SimulationSettings {
  const c = scenario.auction?.containment
  return {
    oracle: {
      mode: scenario.oracle?.mode ?? DEFAULT_ORACLE_MODE,
      anchorBandBps: scenario.oracle?.anchor_band_bps,
    },
    reference: {
      delaySeconds: scenario.oracle?.reference?.delay_seconds ?? DEFAULT_REFERENCE_DELAY_SECONDS,
      errorBps: scenario.oracle?.reference?.error_bps ?? 0,
    },
    strategy: {
      startPriceBps: scenario.auction?.start_price_bps ?? DEFAULT_AUCTION_STRATEGY.startPriceBps,
      endPriceBps: scenario.auction?.end_price_bps ?? DEFAULT_AUCTION_STRATEGY.endPriceBps,
    },
    durationBlocks: scenario.auction?.duration_blocks ?? DEFAULT_DURATION_BLOCKS,
    curve: scenario.auction?.curve ?? DEFAULT_CURVE,
    keeperCheck:
      scenario.keeper?.containment === undefined
        ? null
        : { minPremiumBps: scenario.keeper.containment.min_premium_bps },
    containment:
      c === 'off'
        ? null
        : c === undefined
          ? { ...DEFAULT_CONTAINMENT }
          : {
              minPremiumBps: c.min_premium_bps,
              action: c.action ?? 're_anchor',
              maxDiscountBps:
                c.max_discount_bps === 'off'
                  ? undefined
                  : (c.max_discount_bps ?? DEFAULT_CONTAINMENT.maxDiscountBps),
            },
  }
}
