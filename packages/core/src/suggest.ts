/**
 * The inverse of a projection: from a treasury manager's wish ("within 1 pp in about 30 days",
 * "sell at most 2% of value a day") to PID gains and a per-cycle sell cap.
 */
import { Dec, type Denom, type PidGains, type RebalancerConfig, type RebalanceState } from '@rebalancer/types'
import * as z from 'zod'
import { type PriceMap, type Projection, projectRebalance, snapshot } from './project.js'
import { DecLike, parseInput } from './schema.js'
import { assertValidConfig } from './validate.js'

/**
 * What the treasury wants:
 * - `{reachWithinPp, days}`: every target within `reachWithinPp` percentage points of its target
 *   weight after about `days` days (at today's prices);
 * - `{maxDailySellPct}`: never sell more than this percentage of the portfolio's value in a day.
 */
export type ParameterWish = { reachWithinPp: Dec; days: number } | { maxDailySellPct: Dec }

const WishSchema = z.union([
  z.strictObject({
    reachWithinPp: DecLike.refine((d) => d.isPositive(), 'must be > 0 percentage points'),
    days: z.number().positive('must be > 0').max(3650, 'must be at most 3650 days'),
  }),
  z.strictObject({
    maxDailySellPct: DecLike.refine((d) => d.isPositive() && d.lte(Dec.fromInt(100)), 'must be in (0, 100]'),
  }),
])

/** Input of {@link suggestParameters}. */
export interface SuggestInput {
  /** The wish ({@link ParameterWish}; decimals may be text or numbers). */
  wish: ParameterWish | z.input<typeof WishSchema>
  /** The configuration to tune: its targets, base denom and strategy are kept; `pid` and `maxLimitBps` are replaced. */
  config: RebalancerConfig
  /** Balances now, base units. */
  balances: Readonly<Record<Denom, bigint>>
  /** Prices now, of (base, denom); the projection holds them constant. */
  prices: PriceMap
  /** Controller state to start from (default a new account). */
  state?: RebalanceState
  /** `min_send` per sell denom (default none). */
  auctionMinimums?: Readonly<Record<Denom, bigint>>
  /** Minimum account value (default 0). */
  baseMinValue?: bigint
  /** Cycle period, seconds (default 86400). */
  periodSeconds?: number
  /** Slippage per trade in the projection, bps (default 0). */
  slippageBps?: number
  /** For `maxDailySellPct`: days to project (default 90). */
  horizonDays?: number
  /**
   * For `reachWithinPp`: the suggested cap is the largest cycle sale of the projection times this
   * (default 1.25), so that the cap does not slow the plan down but still bounds a bad day.
   */
  headroom?: Dec
}

/** The outcome of {@link suggestParameters}. */
export interface Suggestion {
  /** Suggested gains: P only (i = d = 0). */
  pid: PidGains
  /** Suggested per-cycle sell cap, bps of total value. */
  maxLimitBps: number
  /** The input configuration with `pid` and `maxLimitBps` replaced. */
  config: RebalancerConfig
  /** Whether the projection with the suggestion meets the wish. */
  met: boolean
  /** Number of cycles projected (the wish's days, or `horizonDays`, in cycles). */
  cycles: number
  /** The projection at constant prices with the suggested configuration. */
  projection: Projection
  /** Max |drift| now, percentage points. */
  initialMaxAbsDriftPp: Dec
  /** Max |drift| after the last projected cycle, percentage points. */
  finalMaxAbsDriftPp: Dec
  /** First cycle after which every target is within `reachWithinPp` (`null`: never, or not that wish). */
  cyclesToWithin: number | null
  /** The largest value sold in one cycle, in bps of that cycle's total value. */
  maxCycleSoldBps: Dec
}

const P_UNIT = 10n ** 14n // p is suggested in steps of 0.0001
const P_STEPS = 10_000

/**
 * Suggests PID gains and `maxLimitBps` for a wish, and proves them on a projection
 * ({@link projectRebalance} at today's prices held constant, the given slippage and minimums).
 *
 * Method. The suggestion is a P-only controller (i = d = 0: with one auction per cycle an
 * integral term overshoots and a derivative term only slows the approach). With P-only gains a
 * target's error shrinks by the factor (1 − p) per cycle (each cycle trades p × error), so after
 * n cycles the drift is (1 − p)ⁿ times today's.
 *
 * - `{reachWithinPp: X, days}`: n = round(days × 86400 / period) cycles (at least 1). Start from
 *   p₀ = 1 − (X / D₀)^(1/n), with D₀ today's largest |drift| (against the weights aimed for),
 *   rounded up to 0.0001; when already within X, p₀ = 1 − 0.5^(1/n) (halve the drift in the
 *   period). Project n cycles without a cap; if the wish is missed (rounding, minimums, slippage),
 *   search p on the 0.0001 grid between p₀ and 1 by bisection for the smallest p that meets it.
 *   The cap is then ceil(largest cycle sale / value × headroom) in bps (1..=10000), which does not
 *   bind in the projection.
 * - `{maxDailySellPct: S}`: the per-cycle cap is floor(S × 100 × period / 86400) bps (at least 1),
 *   so a day's cycles together stay within S% (correction 1 makes the cap hold per cycle). p is
 *   the gain at which today's first cycle asks for exactly the cap: p = cap / O, O the
 *   overweight share of value today (Σ positive drift), capped at 1, rounded down to 0.0001 (1 when
 *   nothing is overweight: the cap alone paces future trades). Projected over `horizonDays`.
 *
 * `met` is read from the final projection with the suggested configuration: drift ≤ X after n
 * cycles, or every cycle's traded value (as the budget counts it, `tradedValue`) ≤ S% × period /
 * 1 day of that cycle's value.
 *
 * @throws InvalidInputError naming the field for an invalid wish or option.
 * @throws InvalidConfigError when the configuration (with any gains) breaks a rule.
 */
export function suggestParameters(input: SuggestInput): Suggestion {
  const wish = parseInput(WishSchema, input.wish, 'wish')
  const period = input.periodSeconds ?? 86_400
  const options = parseInput(
    z.strictObject({
      periodSeconds: z.number().int('must be an integer').positive('must be > 0'),
      horizonDays: z.number().positive('must be > 0').max(3650, 'must be at most 3650 days'),
      headroom: DecLike.refine((d) => d.gte(Dec.ONE), 'must be ≥ 1'),
    }),
    {
      periodSeconds: period,
      horizonDays: input.horizonDays ?? 90,
      headroom: input.headroom ?? Dec.parse('1.25'),
    },
    'suggestion input',
  )
  assertValidConfig(input.config)
  const now = snapshot(input.config, input.balances, input.prices)
  const cyclesFor = (days: number) => Math.max(1, Math.round((days * 86_400) / period))
  const withGains = (pAtomics: bigint, maxLimitBps: number): RebalancerConfig => ({
    ...input.config,
    pid: { p: Dec.fromAtomics(pAtomics), i: Dec.ZERO, d: Dec.ZERO },
    maxLimitBps,
  })
  const project = (config: RebalancerConfig, cycles: number): Projection =>
    projectRebalance({
      config,
      balances: input.balances,
      prices: input.prices,
      cycles,
      ...(input.state ? { state: input.state } : {}),
      ...(input.auctionMinimums ? { auctionMinimums: input.auctionMinimums } : {}),
      ...(input.baseMinValue !== undefined ? { baseMinValue: input.baseMinValue } : {}),
      ...(input.slippageBps !== undefined ? { slippageBps: input.slippageBps } : {}),
      periodSeconds: period,
    })
  const finalDrift = (p: Projection) => p.cycles[p.cycles.length - 1]?.maxAbsDriftPp ?? p.initialMaxAbsDriftPp
  const maxSoldBps = (p: Projection) =>
    p.cycles
      .reduce(
        (m, c) => (c.totalValueBefore.isPositive() ? Dec.max(m, c.soldValue.div(c.totalValueBefore)) : m),
        Dec.ZERO,
      )
      .mul(Dec.fromInt(10_000))

  let pAtomics: bigint
  let maxLimitBps: number
  let cycles: number
  if ('reachWithinPp' in wish) {
    const tol = wish.reachWithinPp
    cycles = cyclesFor(wish.days)
    const d0 = now.maxAbsDriftPp
    const ratio = d0.gt(tol) ? tol.div(d0) : Dec.parse('0.5')
    // p₀ = 1 − ratio^(1/n), through ln and exp (decimal.js), rounded up to the grid.
    const root = ratio.ln().div(Dec.fromInt(cycles)).exp()
    let units = Dec.ONE.sub(root).atomics
    units = units <= 0n ? 1n : (units + P_UNIT - 1n) / P_UNIT
    let lo = Number(units < BigInt(P_STEPS) ? units : BigInt(P_STEPS))
    const meets = (u: number) => !finalDrift(project(withGains(BigInt(u) * P_UNIT, 10_000), cycles)).gt(tol)
    let best = lo
    if (!meets(lo) && lo < P_STEPS) {
      let hi = P_STEPS
      if (meets(hi)) {
        // invariant: lo misses, hi meets
        while (hi - lo > 1) {
          const mid = (lo + hi) >> 1
          if (meets(mid)) hi = mid
          else lo = mid
        }
      }
      best = hi
    }
    pAtomics = BigInt(best) * P_UNIT
    const sold = maxSoldBps(project(withGains(pAtomics, 10_000), cycles))
    const capped = sold.mul(options.headroom).ceil()
    maxLimitBps = Number(capped < 1n ? 1n : capped > 10_000n ? 10_000n : capped)
  } else {
    cycles = cyclesFor(options.horizonDays)
    const perCycle = wish.maxDailySellPct.mul(Dec.fromRatio(BigInt(period), 86_400n)) // % per cycle
    const bps = perCycle.mul(Dec.fromInt(100)).floor()
    maxLimitBps = Number(bps < 1n ? 1n : bps > 10_000n ? 10_000n : bps)
    let over = Dec.ZERO
    for (const t of input.config.targets) {
      const d = now.weights[t.denom]!.sub(now.targetWeights[t.denom]!)
      if (d.isPositive()) over = over.add(d)
    }
    const cap = Dec.fromRatio(BigInt(maxLimitBps), 10_000n)
    const p = over.isPositive() ? Dec.min(cap.div(over), Dec.ONE) : Dec.ONE
    pAtomics = (p.atomics / P_UNIT) * P_UNIT
    if (pAtomics === 0n) pAtomics = P_UNIT
  }

  const config = withGains(pAtomics, maxLimitBps)
  const projection = project(config, cycles)
  const final = finalDrift(projection)
  let met: boolean
  let cyclesToWithin: number | null = null
  if ('reachWithinPp' in wish) {
    met = !final.gt(wish.reachWithinPp)
    const k = projection.cycles.findIndex((c) => !c.maxAbsDriftPp.gt(wish.reachWithinPp))
    cyclesToWithin = k < 0 ? null : k + 1
  } else {
    const limit = wish.maxDailySellPct.div(Dec.fromInt(100)).mul(Dec.fromRatio(BigInt(period), 86_400n))
    met = projection.cycles.every((c) => !c.tradedValue.gt(c.totalValueBefore.mul(limit)))
  }
  return {
    pid: config.pid,
    maxLimitBps,
    config,
    met,
    cycles,
    projection,
    initialMaxAbsDriftPp: now.maxAbsDriftPp,
    finalMaxAbsDriftPp: final,
    cyclesToWithin,
    maxCycleSoldBps: maxSoldBps(projection),
  }
}
