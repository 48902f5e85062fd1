/**
 * Triggers: when a computation runs (portfolio-computer.md, "Triggers"). The deployed contract
 * rebalances every cycle; these rules let a treasury rebalance on a calendar, on drift, on both, or
 * on drift measured against a tolerance that widens with realised volatility. A cycle that does
 * not trigger changes no state.
 */
import {
  Dec,
  type Denom,
  type RebalancerConfig,
  type RebalanceState,
  type ToleranceWire,
  type Trade,
  type TriggerWire,
  VOLATILITY_SCALE_DEFAULTS,
} from '@rebalancer/types'
import * as z from 'zod'
import { type ComputeInput, type ComputeResult, computeRebalance } from './compute.js'
import { CoreError } from './errors.js'
import { drift } from './explain.js'
import { overrideWeights } from './override.js'
import { DecLike, InvalidInputError, zodProblems } from './schema.js'
import { currentWeights, valuePortfolio } from './valuation.js'

/**
 * One drift bound: `absolute` in percentage points of weight (`pp: 1` = one point, e.g. 25% →
 * 26%), or `relative` as a fraction of the target weight (`fraction: 0.1` = 10%, e.g. 25% → 27.5%).
 */
export type ToleranceBound = { kind: 'absolute'; pp: Dec } | { kind: 'relative'; fraction: Dec }

/**
 * A drift tolerance: one {@link ToleranceBound}, or `any_of` several, crossed when any of them
 * is. The "5/25 rule" (rebalance when a weight is 5 pp off, or 25% of its target off, whichever
 * comes first) is `{kind: 'any_of', of: [{kind: 'absolute', pp: 5}, {kind: 'relative', fraction: 0.25}]}`.
 */
export type Tolerance = ToleranceBound | { kind: 'any_of'; of: readonly ToleranceBound[] }

/**
 * When a computation runs (portfolio-computer.md, "Triggers"):
 * - `calendar`: every `everyCycles` cycles (default 1: every cycle, as deployed);
 * - `threshold`: when some target's drift exceeds `tolerance`;
 * - `hybrid`: on the calendar, but only if the threshold is also crossed;
 * - `volatility`: a threshold whose tolerance is scaled by realised volatility: tolerance ×
 *   clamp(σ / `referenceVolatility`, `minScale`, `maxScale`), σ the portfolio's per-cycle realised
 *   volatility over the last `window` returns (see {@link portfolioVolatility}).
 */
export type Trigger =
  | { kind: 'calendar'; everyCycles?: number }
  | { kind: 'threshold'; tolerance: Tolerance }
  | { kind: 'hybrid'; everyCycles?: number; tolerance: Tolerance }
  | {
      kind: 'volatility'
      tolerance: Tolerance
      /** Number of most recent returns used (≥ 1). */
      window: number
      /** The per-cycle volatility at which the tolerance is used as given (> 0), e.g. 0.03. */
      referenceVolatility: Dec
      /** Lowest scale (default 0.5). */
      minScale?: Dec
      /** Highest scale (default 3). */
      maxScale?: Dec
    }

const BoundSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('absolute'), pp: DecLike }),
  z.strictObject({ kind: z.literal('relative'), fraction: DecLike }),
])
const TolSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('absolute'), pp: DecLike }),
  z.strictObject({ kind: z.literal('relative'), fraction: DecLike }),
  z.strictObject({
    kind: z.literal('any_of'),
    of: z.array(BoundSchema).min(1, 'needs at least one tolerance'),
  }),
])

/** Every bound of a tolerance with its path below `tolerance`. */
function boundsOf(t: Tolerance): { bound: ToleranceBound; path: (string | number)[] }[] {
  return t.kind === 'any_of' ? t.of.map((bound, k) => ({ bound, path: ['of', k] })) : [{ bound: t, path: [] }]
}
const Cycles = z.number().int().min(1, 'must be at least 1 cycle')

/**
 * zod schema of a {@link Trigger} as a user or JSON gives it (decimals as `Dec`, text or numbers):
 * strict objects; tolerances ≥ 0; `everyCycles` and `window` integers ≥ 1; `referenceVolatility`
 * > 0; 0 ≤ `minScale` ≤ `maxScale`.
 */
export const TriggerSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('calendar'), everyCycles: Cycles.optional() }),
    z.strictObject({ kind: z.literal('threshold'), tolerance: TolSchema }),
    z.strictObject({ kind: z.literal('hybrid'), everyCycles: Cycles.optional(), tolerance: TolSchema }),
    z.strictObject({
      kind: z.literal('volatility'),
      tolerance: TolSchema,
      window: Cycles,
      referenceVolatility: DecLike,
      minScale: DecLike.optional(),
      maxScale: DecLike.optional(),
    }),
  ])
  .superRefine((t, ctx) => {
    if ('tolerance' in t) {
      for (const { bound, path } of boundsOf(t.tolerance)) {
        const v = bound.kind === 'absolute' ? bound.pp : bound.fraction
        const key = bound.kind === 'absolute' ? 'pp' : 'fraction'
        if (v.isNegative())
          ctx.addIssue({
            code: 'custom',
            path: ['tolerance', ...path, key],
            message: `must be ≥ 0, got ${v}`,
          })
      }
    }
    if (t.kind === 'volatility') {
      if (!t.referenceVolatility.isPositive()) {
        ctx.addIssue({
          code: 'custom',
          path: ['referenceVolatility'],
          message: `must be > 0, got ${t.referenceVolatility}`,
        })
      }
      const lo = t.minScale ?? DEFAULT_MIN_SCALE
      const hi = t.maxScale ?? DEFAULT_MAX_SCALE
      if (lo.isNegative())
        ctx.addIssue({ code: 'custom', path: ['minScale'], message: `must be ≥ 0, got ${lo}` })
      if (hi.lt(lo))
        ctx.addIssue({ code: 'custom', path: ['maxScale'], message: `must be ≥ minScale (${lo}), got ${hi}` })
    }
  })

/** What {@link TriggerSchema} accepts: a {@link Trigger} whose decimals may also be text or numbers. */
export type TriggerInput = z.input<typeof TriggerSchema>

const DEFAULT_MIN_SCALE = Dec.parse(VOLATILITY_SCALE_DEFAULTS.min)
const DEFAULT_MAX_SCALE = Dec.parse(VOLATILITY_SCALE_DEFAULTS.max)

/** Input of {@link evaluateTrigger}: the computation's inputs that the rules read. */
export interface TriggerContext {
  config: RebalancerConfig
  state: RebalanceState
  balances: Readonly<Record<Denom, bigint>>
  /** Price of (base, denom) for every non-base target, as for `computeRebalance`. */
  prices: Readonly<Record<Denom, Dec>>
  /** Cycle period, seconds. */
  periodSeconds: number
  /** Unix seconds. */
  now: number
  /**
   * For `volatility` only: past prices of (base, denom) per non-base target denom, oldest first,
   * one per cycle (the current price may be the last). At least 2 per denom.
   */
  priceHistory?: Readonly<Record<Denom, readonly Dec[]>>
}

/** The outcome of {@link evaluateTrigger}. */
export interface TriggerDecision {
  /** Whether the computation runs this cycle. */
  run: boolean
  /**
   * `first_run` (no computation yet: always runs), `calendar_due` / `calendar_not_due`,
   * `drift_above_tolerance` / `drift_within_tolerance`.
   */
  reason:
    | 'first_run'
    | 'calendar_due'
    | 'calendar_not_due'
    | 'drift_above_tolerance'
    | 'drift_within_tolerance'
  /** Whole cycles since the last computation (by cycle start), `null` before the first. */
  cyclesSinceLast: number | null
  /** The target with the largest drift by the tolerance's measure, when drift was evaluated. */
  maxDrift?: { denom: Denom; driftPp: Dec; driftRelative: Dec | null }
  /** The tolerance applied (after volatility scaling), when drift was evaluated. */
  tolerance?: Tolerance
  /** For `volatility`: the portfolio's realised volatility and the scale it gave. */
  volatility?: { sigma: Dec; scale: Dec }
}

/**
 * Realised volatility of a price series: the root mean square of its log returns
 * `ln(pₜ / pₜ₋₁)` (per step, not annualised; ln and sqrt through decimal.js, truncated to 18
 * digits). Uses the last `window` returns (all when absent).
 *
 * @param prices at least 2 positive prices, oldest first.
 * @throws CoreError (`short_price_history`) when fewer than 2 prices are given, (`invalid_price`)
 *   when a price is not positive.
 */
export function realisedVolatility(prices: readonly Dec[], window?: number): Dec {
  if (prices.length < 2) {
    throw new CoreError(
      'short_price_history',
      `priceHistory: at least 2 prices are needed, got ${prices.length}`,
      { path: ['priceHistory'] },
    )
  }
  const from = window === undefined ? 0 : Math.max(0, prices.length - 1 - window)
  let sumSq = Dec.ZERO
  let n = 0n
  for (let k = from + 1; k < prices.length; k++) {
    const a = prices[k - 1]!
    const b = prices[k]!
    if (!a.isPositive() || !b.isPositive()) {
      throw new CoreError('invalid_price', `priceHistory: prices must be positive, got ${a} and ${b}`, {
        path: ['priceHistory', a.isPositive() ? k : k - 1],
      })
    }
    const r = b.div(a).ln()
    sumSq = sumSq.add(r.mul(r))
    n++
  }
  return Dec.fromAtomics(sumSq.atomics / n).sqrt()
}

/**
 * The portfolio's realised volatility for the `volatility` trigger: Σ wₖ σₖ over the targets, with
 * wₖ the weight aimed for (after the min_balance override) and σₖ the {@link realisedVolatility}
 * of (base, denom) over the last `window` returns (the base denom's is 0).
 *
 * @throws CoreError (`short_price_history`) when a non-base target has fewer than 2 prices in
 *   `history`.
 */
export function portfolioVolatility(
  config: RebalancerConfig,
  weights: readonly Dec[],
  history: Readonly<Record<Denom, readonly Dec[]>>,
  window: number,
): Dec {
  let sigma = Dec.ZERO
  config.targets.forEach((t, k) => {
    if (t.denom === config.baseDenom) return
    const series = Object.hasOwn(history, t.denom) ? history[t.denom]! : []
    if (series.length < 2) {
      throw new CoreError(
        'short_price_history',
        `priceHistory.${t.denom}: at least 2 prices are needed, got ${series.length}`,
        { path: ['priceHistory', t.denom] },
      )
    }
    sigma = sigma.add(weights[k]!.mul(realisedVolatility(series, window)))
  })
  return sigma
}

/** Whole cycles between the cycle starts of `last` and `now`. */
function cyclesBetween(last: number, now: number, period: number): number {
  return Math.floor(now / period) - Math.floor(last / period)
}

/**
 * Decides whether this cycle's computation runs (portfolio-computer.md, "Triggers").
 *
 * - The first computation (`state.lastRebalance === null`) always runs.
 * - Calendar: due when at least `everyCycles` cycle starts (multiples of the period) have passed
 *   since the last computation, so a keeper that runs a little earlier or later in the day still
 *   counts one cycle a day.
 * - Drift: for each target, |current weight − weight aimed for| against the tolerance, where the
 *   weight aimed for is the one the computation would use (after the min_balance override), so
 *   a binding min_balance does not count as drift. Absolute: |driftPp| > pp. Relative:
 *   |driftRelative| > fraction (a target aimed at 0 that holds something always exceeds it). An
 *   account with nothing in it has drift (and the computation will pause it).
 *
 * Pure; never mutates its input.
 *
 * @param trigger a {@link Trigger}, checked with {@link TriggerSchema} (JSON forms accepted).
 * @throws InvalidTriggerError naming the field and rule of every problem of `trigger`.
 * @throws CoreError for bad prices, balances or (for `volatility`) a missing price history.
 */
export function evaluateTrigger(trigger: Trigger | TriggerInput, ctx: TriggerContext): TriggerDecision {
  return evaluateParsed(parseTrigger(trigger), ctx)
}

/**
 * Thrown for an invalid {@link Trigger}; `problems` has one line per problem
 * (`tolerance.pp: must be ≥ 0, got -1`).
 */
export class InvalidTriggerError extends InvalidInputError<'invalid_trigger'> {
  static override readonly kind: string = 'InvalidTriggerError'

  /** @param problems one line per problem, naming the field and the rule */
  constructor(problems: readonly string[]) {
    super('trigger', problems, { code: 'invalid_trigger' })
  }
}

/**
 * Reads a {@link Trigger} from typed or JSON input.
 * @throws InvalidTriggerError listing every problem.
 */
export function parseTrigger(input: unknown): Trigger {
  const r = TriggerSchema.safeParse(input)
  if (!r.success) throw new InvalidTriggerError(zodProblems(r.error))
  const trigger: Trigger = r.data
  return trigger
}

/** @internal {@link evaluateTrigger} for an already parsed trigger. */
export function evaluateParsed(trigger: Trigger, ctx: TriggerContext): TriggerDecision {
  const last = ctx.state.lastRebalance
  const cyclesSinceLast = last === null ? null : cyclesBetween(last, ctx.now, ctx.periodSeconds)
  if (cyclesSinceLast === null) return { run: true, reason: 'first_run', cyclesSinceLast }

  if (trigger.kind === 'calendar' || trigger.kind === 'hybrid') {
    const due = cyclesSinceLast >= (trigger.everyCycles ?? 1)
    if (!due) return { run: false, reason: 'calendar_not_due', cyclesSinceLast }
    if (trigger.kind === 'calendar') return { run: true, reason: 'calendar_due', cyclesSinceLast }
  }

  const { values, total } = valuePortfolio(ctx.config, ctx.balances, ctx.prices)
  const current = currentWeights(values, total)
  const aimed = total.isPositive()
    ? overrideWeights(ctx.config, values, ctx.prices, total)
    : ctx.config.targets.map((t) => Dec.fromRatio(BigInt(t.bps), 10000n))

  let tolerance = trigger.tolerance
  let volatility: TriggerDecision['volatility']
  if (trigger.kind === 'volatility') {
    const sigma = portfolioVolatility(ctx.config, aimed, ctx.priceHistory ?? {}, trigger.window)
    const raw = sigma.div(trigger.referenceVolatility)
    const scale = Dec.min(
      Dec.max(raw, trigger.minScale ?? DEFAULT_MIN_SCALE),
      trigger.maxScale ?? DEFAULT_MAX_SCALE,
    )
    const scaled = (b: ToleranceBound): ToleranceBound =>
      b.kind === 'absolute'
        ? { kind: 'absolute', pp: b.pp.mul(scale) }
        : { kind: 'relative', fraction: b.fraction.mul(scale) }
    tolerance =
      tolerance.kind === 'any_of' ? { kind: 'any_of', of: tolerance.of.map(scaled) } : scaled(tolerance)
    volatility = { sigma, scale }
  }

  // The target with the largest drift by the tolerance's measure (for `any_of`, by its first
  // bound's); relative drift of a target aimed at 0 is unbounded (null) and exceeds any tolerance
  // when it holds something.
  const bounds = boundsOf(tolerance).map((b) => b.bound)
  const measureOf = (b: ToleranceBound, d: { driftPp: Dec; driftRelative: Dec | null }): Dec | null =>
    b.kind === 'absolute'
      ? d.driftPp.abs()
      : d.driftRelative === null
        ? d.driftPp.isZero()
          ? Dec.ZERO
          : null
        : d.driftRelative.abs()
  let worst: { denom: Denom; driftPp: Dec; driftRelative: Dec | null } | undefined
  let worstMeasure: Dec | null = Dec.fromInt(-1)
  let above = false
  ctx.config.targets.forEach((t, k) => {
    const d = drift(current[t.denom]!, aimed[k]!)
    const exceeds = bounds.some((b) => {
      const m = measureOf(b, d)
      return m === null || m.gt(b.kind === 'absolute' ? b.pp : b.fraction)
    })
    const measure = measureOf(bounds[0]!, d)
    if (exceeds) above = true
    const larger = worstMeasure !== null && (measure === null || measure.gt(worstMeasure))
    if (worst === undefined || larger) {
      worst = { denom: t.denom, ...d }
      worstMeasure = measure
    }
  })
  return {
    run: above,
    reason: above ? 'drift_above_tolerance' : 'drift_within_tolerance',
    cyclesSinceLast,
    ...(worst ? { maxDrift: worst } : {}),
    tolerance,
    ...(volatility ? { volatility } : {}),
  }
}

/** The outcome of {@link rebalanceIfTriggered}. */
export interface TriggeredRebalance {
  decision: TriggerDecision
  /** The computation, when it ran. */
  result: ComputeResult | null
  /** The trades (none when it did not run). */
  trades: Trade[]
  /** The new state; the very same input state object when it did not run. */
  state: RebalanceState
}

/**
 * One cycle under a trigger: {@link evaluateTrigger}, then `computeRebalance` only when it runs.
 * A cycle that does not run changes no state: `state` is the input state object and there are no
 * trades. When it runs after skipped cycles, the computation's dt covers the whole gap (capped at
 * 10 periods, step 4), as on chain.
 *
 * @throws as {@link evaluateTrigger} and `computeRebalance`.
 */
export function rebalanceIfTriggered(
  input: ComputeInput & {
    trigger: Trigger | TriggerInput
    priceHistory?: Readonly<Record<Denom, readonly Dec[]>>
  },
): TriggeredRebalance {
  const decision = evaluateTrigger(input.trigger, input)
  if (!decision.run) return { decision, result: null, trades: [], state: input.state }
  const result = computeRebalance(input)
  return { decision, result, trades: result.trades, state: result.state }
}

/**
 * A volatility trigger's price history as the rebalancer keeps it (correction 13): per non-base
 * target denom, the last `window + 1` prices of (base, denom) as `Dec` text, oldest first.
 */
export type TriggerPriceHistory = Record<Denom, string[]>

/** Input of {@link triggerCycle}: the account's trigger and kept history, and the cycle's inputs. */
export interface TriggerCycleInput extends Omit<TriggerContext, 'priceHistory'> {
  /** The account's trigger (decode its wire form with {@link triggerFromWire}). */
  trigger: Trigger
  /** The history kept from earlier cycles (`volatility` only; absent before the first). */
  history?: Readonly<Record<Denom, readonly string[]>> | undefined
}

/** The outcome of {@link triggerCycle}. */
export interface TriggerCycle {
  /** Whether the computation runs, and why (see {@link TriggerDecision}). */
  decision: TriggerDecision
  /**
   * For a `volatility` trigger: the history to keep from now on (this cycle's prices appended,
   * the last `window + 1` per denom), kept whether or not the computation runs. Absent for any
   * other trigger (none is kept).
   */
  history?: TriggerPriceHistory
}

/**
 * The per-account trigger step of a rebalancer cycle (correction 13), as the localnet rebalancer
 * contract and the simulator's fast path both run it: a `volatility` trigger first records this
 * cycle's prices (for each non-base target in `prices`: the kept prices of that denom, then this
 * cycle's, the last `window + 1` kept; a denom no longer a target is forgotten); then the trigger
 * is evaluated on the account's state (a `volatility` trigger whose history still has fewer than
 * 2 prices for some target measures drift against its tolerance as written, scale 1, until it
 * has two). Pure: the caller stores `history` and, only when `decision.run`, runs the
 * computation; when it does not run, the state and `last_rebalance` stay as they are.
 *
 * @throws as {@link evaluateTrigger}.
 */
export function triggerCycle(input: TriggerCycleInput): TriggerCycle {
  const { trigger, history: kept, ...ctx } = input
  if (trigger.kind !== 'volatility') return { decision: evaluateTrigger(trigger, ctx) }
  const history: TriggerPriceHistory = {}
  for (const [denom, p] of Object.entries(ctx.prices)) {
    const before = kept !== undefined && Object.hasOwn(kept, denom) ? kept[denom]! : []
    history[denom] = [...before, p.toString()].slice(-(trigger.window + 1))
  }
  const priceHistory = Object.fromEntries(Object.entries(history).map(([d, ps]) => [d, ps.map(Dec.parse)]))
  // a target without two prices yet (added by an update): drift against the tolerance as written
  const effective: Trigger = Object.values(priceHistory).every((ps) => ps.length >= 2)
    ? trigger
    : { kind: 'threshold', tolerance: trigger.tolerance }
  return { decision: evaluateTrigger(effective, { ...ctx, priceHistory }), history }
}

/**
 * A tolerance from its wire form (correction 13; `ToleranceWire` in `@rebalancer/types`):
 * `{absolute_pp}` → `absolute`, `{relative_fraction}` → `relative`, `{any_of}` → `any_of`.
 */
export function toleranceFromWire(w: ToleranceWire): Tolerance {
  const bound = (b: {
    absolute_pp?: string | undefined
    relative_fraction?: string | undefined
  }): ToleranceBound =>
    b.absolute_pp !== undefined
      ? { kind: 'absolute', pp: Dec.parse(b.absolute_pp) }
      : { kind: 'relative', fraction: Dec.parse(b.relative_fraction!) }
  return w.any_of !== undefined ? { kind: 'any_of', of: w.any_of.map(bound) } : bound(w)
}

/**
 * A {@link Trigger} from its wire form (ours, portfolio-computer.md correction 13; `TriggerWire`
 * in `@rebalancer/types`, which checks the rules: decode with it first). Defaults stay absent
 * (`minScale` / `maxScale` of `volatility`: 0.5 and 3 in {@link evaluateTrigger}).
 */
export function triggerFromWire(w: TriggerWire): Trigger {
  if (w.calendar) return { kind: 'calendar', everyCycles: w.calendar.every_cycles }
  if (w.threshold) return { kind: 'threshold', tolerance: toleranceFromWire(w.threshold.tolerance) }
  if (w.hybrid) {
    return {
      kind: 'hybrid',
      everyCycles: w.hybrid.every_cycles,
      tolerance: toleranceFromWire(w.hybrid.tolerance),
    }
  }
  const v = w.volatility!
  return {
    kind: 'volatility',
    tolerance: toleranceFromWire(v.tolerance),
    window: v.window,
    referenceVolatility: Dec.parse(v.reference_volatility),
    ...(v.min_scale === undefined ? {} : { minScale: Dec.parse(v.min_scale) }),
    ...(v.max_scale === undefined ? {} : { maxScale: Dec.parse(v.max_scale) }),
  }
}
