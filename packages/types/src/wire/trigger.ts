/**
 * Triggers and one-time orders on our chain (ours: portfolio-computer.md correction 13,
 * wire-formats.md "Deliberate differences"): the optional `trigger` of an account's
 * RebalancerData / RebalancerUpdateData and `get_config` answer, and the rebalancer's
 * `place_order` message. The deployed contracts have neither; without them an account rebalances
 * every cycle, as deployed.
 *
 * The JSON is serde's externally tagged form (one key per enum value), snake_case, strict. The
 * same schemas read a scenario's `trigger` and `orders` (`Scenario` in this package), so a
 * problem is reported with the field's path and the rule, e.g.
 * `trigger.volatility.window: must be a whole number of cycles in 1..=365`.
 */
import * as z from 'zod'
import { Dec } from '../dec.js'

/**
 * Most recent returns a `volatility` trigger may use: the contract keeps `window + 1` prices per
 * target denom of such an account, so the window bounds its state.
 */
export const MAX_TRIGGER_WINDOW = 365

/** Most cycles between computations of a `calendar` or `hybrid` trigger (ten years of days). */
export const MAX_TRIGGER_EVERY_CYCLES = 3650

/** Most one-time orders an account may have waiting for the next cycle (bounds its state). */
export const MAX_PENDING_ORDERS = 10

/** Exactly one of `keys` is set in `value` (an externally tagged enum's rule). */
function exactlyOne(keys: readonly string[], what: string) {
  return (ctx: z.core.ParsePayload<Record<string, unknown>>): void => {
    const given = keys.filter((k) => ctx.value[k] !== undefined)
    if (given.length !== 1) {
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        message:
          given.length === 0
            ? `must be one of ${keys.map((k) => `{"${k}": …}`).join(', ')} (${what})`
            : `must have exactly one of ${keys.join(', ')}, got ${given.join(' and ')}`,
      })
    }
  }
}

/** A non-negative decimal written as text (at most 18 decimal places), e.g. `"5"` or `"0.25"`. */
function decimal(example: string) {
  const written = `must be a non-negative decimal written as a string, e.g. "${example}"`
  return z
    .string({ error: (iss) => (iss.input === undefined ? 'is required' : written) })
    .regex(/^\d+(\.\d+)?$/, written)
    .refine(
      (s) => (s.split('.')[1] ?? '').length <= Dec.FRACTIONAL_DIGITS,
      `must have at most ${Dec.FRACTIONAL_DIGITS} decimal places`,
    )
}

/** A whole number in `min..=max` (a JSON number). */
function wholeIn(what: string, min: number, max: number) {
  const rule = `must be a whole number of ${what} in ${min}..=${max}`
  return z
    .number({ error: (iss) => (iss.input === undefined ? 'is required' : rule) })
    .int(rule)
    .min(min, rule)
    .max(max, rule)
}

const Cycles = wholeIn('cycles', 1, MAX_TRIGGER_EVERY_CYCLES)

/** One bound of a tolerance: `{"absolute_pp":"5"}` or `{"relative_fraction":"0.25"}`. */
const ToleranceBoundWire = z
  .strictObject({
    /** Percentage points of weight: `"5"` = a 25% target may drift to 30%. */
    absolute_pp: decimal('5').optional(),
    /** A fraction of the target weight: `"0.25"` = a 20% target may drift to 25%. */
    relative_fraction: decimal('0.25').optional(),
  })
  .check(exactlyOne(['absolute_pp', 'relative_fraction'], 'a drift tolerance'))

/**
 * A drift tolerance on the wire: `{"absolute_pp":"5"}` (percentage points of weight),
 * `{"relative_fraction":"0.25"}` (a fraction of the target weight), or
 * `{"any_of":[{"absolute_pp":"5"},{"relative_fraction":"0.25"}]}`: crossed when any of its bounds
 * is (the "5/25 rule").
 */
export const ToleranceWire = z
  .strictObject({
    absolute_pp: decimal('5').optional(),
    relative_fraction: decimal('0.25').optional(),
    any_of: z
      .array(ToleranceBoundWire, {
        error: (iss) => (iss.input === undefined ? 'is required' : 'must be a list of tolerances'),
      })
      .min(1, 'needs at least one tolerance')
      .max(4, 'takes at most 4 tolerances')
      .optional(),
  })
  .check(exactlyOne(['absolute_pp', 'relative_fraction', 'any_of'], 'a drift tolerance'))
/** A drift tolerance on the wire (correction 13). */
export type ToleranceWire = z.infer<typeof ToleranceWire>

/**
 * The scale bounds of a volatility trigger when not given: the tolerance is used between half
 * and three times as written (core's `evaluateTrigger` applies the same defaults).
 */
export const VOLATILITY_SCALE_DEFAULTS = Object.freeze({ min: '0.5', max: '3' })

const VolatilityWire = z
  .strictObject({
    tolerance: ToleranceWire,
    /** Most recent per-cycle returns measured, 1..=365. */
    window: wholeIn('cycles', 1, MAX_TRIGGER_WINDOW),
    /** The per-cycle volatility at which the tolerance applies as written, > 0. */
    reference_volatility: decimal('0.03').refine((s) => Dec.parse(s).isPositive(), 'must be more than 0'),
    /** Lowest scale of the tolerance (default 0.5). */
    min_scale: decimal('0.5').optional(),
    /** Highest scale of the tolerance (default 3). */
    max_scale: decimal('3').optional(),
  })
  .check((ctx) => {
    const lo = Dec.parse(ctx.value.min_scale ?? VOLATILITY_SCALE_DEFAULTS.min)
    const hi = Dec.parse(ctx.value.max_scale ?? VOLATILITY_SCALE_DEFAULTS.max)
    if (hi.lt(lo)) {
      ctx.issues.push({
        code: 'custom',
        input: ctx.value.max_scale,
        path: ['max_scale'],
        message: `must be at least min_scale (${lo}), got ${hi}`,
      })
    }
  })

/**
 * When an account's computation runs (ours, portfolio-computer.md correction 13, "Triggers"):
 * - `{"calendar":{"every_cycles":7}}`: every 7th cycle;
 * - `{"threshold":{"tolerance":T}}`: when some target's drift crosses tolerance T;
 * - `{"hybrid":{"every_cycles":91,"tolerance":T}}`: on the calendar, only if T is crossed then;
 * - `{"volatility":{"tolerance":T,"window":30,"reference_volatility":"0.03","min_scale":"0.5",
 *   "max_scale":"3"}}`: a threshold whose tolerance scales with the realised volatility of the
 *   last `window` per-cycle returns, clamp(σ / reference, min_scale, max_scale).
 *
 * The first computation of an account always runs.
 */
export const TriggerWire = z
  .strictObject({
    calendar: z.strictObject({ every_cycles: Cycles }).optional(),
    threshold: z.strictObject({ tolerance: ToleranceWire }).optional(),
    hybrid: z.strictObject({ every_cycles: Cycles, tolerance: ToleranceWire }).optional(),
    volatility: VolatilityWire.optional(),
  })
  .check(exactlyOne(['calendar', 'threshold', 'hybrid', 'volatility'], 'a trigger'))
/** A trigger on the wire (correction 13). */
export type TriggerWire = z.infer<typeof TriggerWire>

/**
 * How much a one-time order sells (correction 13, "One-time orders"): `{"amount":"1000000"}`
 * (base units of the sell denom, a Uint128 string > 0), `{"portfolio_bps":2500}` (this share of
 * the account's total value, 1..=10000) or `{"holding_bps":5000}` (this share of the sell
 * denom's balance, 1..=10000). Shares are taken at the cycle that sells.
 */
export const OrderSizeWire = z
  .strictObject({
    amount: z
      .string({
        error: (iss) =>
          iss.input === undefined ? 'is required' : 'must be base units written as a string, e.g. "1000000"',
      })
      .regex(/^[0-9]+$/, 'must be base units written as a string, e.g. "1000000"')
      .refine((s) => BigInt(s) > 0n, 'must be more than 0')
      .refine((s) => BigInt(s) < 2n ** 128n, 'must fit a Uint128')
      .optional(),
    portfolio_bps: wholeIn('bps', 1, 10000).optional(),
    holding_bps: wholeIn('bps', 1, 10000).optional(),
  })
  .check(exactlyOne(['amount', 'portfolio_bps', 'holding_bps'], 'an order size'))
/** An order size on the wire (correction 13). */
export type OrderSizeWire = z.infer<typeof OrderSizeWire>

const OrderDenom = z
  .string({
    error: (iss) => (iss.input === undefined ? 'is required' : 'must be a denom string such as "uatom"'),
  })
  .min(1, 'must be a denom string such as "uatom"')

/**
 * A one-time order (correction 13): sell `size` of `sell` for `buy` at the next cycle's auction of
 * the pair `[sell, buy]`, outside the PID (no `max_limit_bps`, controller state untouched). The
 * body of the rebalancer's `{"place_order":{…}}`, which only a registered account sends (its
 * admin, the DAO, through `execute_by_admin`). `sell` and `buy` must be two different targets of
 * the account.
 */
export const OneTimeOrderWire = z
  .strictObject({ sell: OrderDenom, buy: OrderDenom, size: OrderSizeWire })
  .check((ctx) => {
    if (ctx.value.sell === ctx.value.buy) {
      ctx.issues.push({
        code: 'custom',
        input: ctx.value.buy,
        path: ['buy'],
        message: `must differ from sell, got "${ctx.value.buy}" for both`,
      })
    }
  })
/** A one-time order on the wire (correction 13). */
export type OneTimeOrderWire = z.infer<typeof OneTimeOrderWire>

/**
 * The rebalancer's `{"place_order":{sell,buy,size}}` (ours, correction 13): not a variant of the
 * deployed `ExecuteMsg`, so it is read before the deployed message (as the auctions'
 * `get_price_history` query is). Takes no funds.
 */
export const RebalancerPlaceOrderMsg = z.strictObject({ place_order: OneTimeOrderWire })
/** The rebalancer's `place_order` message (correction 13). */
export type RebalancerPlaceOrderMsg = z.infer<typeof RebalancerPlaceOrderMsg>
