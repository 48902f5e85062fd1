import { Dec, type Denom, type PauseReason } from '@rebalancer/types'
import { type ComputeInput, type ComputeResult, computeDetailed } from './compute.js'
import { type MatchedTrade, type MatchLeg, matchTrades } from './match.js'
import { bpsToWeight } from './override.js'

const HUNDRED = Dec.fromInt(100)

/** A target's drift from the weight it aims for. */
export interface Drift {
  /** (current − target) × 100: percentage points, positive = overweight. */
  driftPp: Dec
  /** (current − target) / target, a fraction (0.1 = 10% above); `null` when the target weight is 0. */
  driftRelative: Dec | null
}

/**
 * Drift of a current weight from a target weight (both `Dec` fractions of 1): in percentage
 * points and relative to the target (portfolio-computer.md, "Triggers").
 */
export function drift(current: Dec, target: Dec): Drift {
  const diff = current.sub(target)
  return { driftPp: diff.mul(HUNDRED), driftRelative: target.isPositive() ? diff.div(target) : null }
}

/**
 * Why a target did or did not trade this cycle (portfolio-computer.md steps 6–7):
 * - `traded`: it traded (see `limitedBy` when only part of its wish);
 * - `within_target`: its PID output is 0, nothing to do;
 * - `below_auction_minimum`: the sell, or every buy it could meet, is worth less than the sell
 *   denom's auction minimum (`min_send / price`);
 * - `min_balance_floor`: a sell held back by its floor (`minBalance`, or 0 when nothing is left
 *   to sell), or a buy whose only sellers are;
 * - `budget_exhausted`: the cycle's `maxLimitBps` budget was spent (or what is left is below the
 *   auction minimum);
 * - `no_counterpart`: nothing on the other side (no buy for a sell, no sell for a buy, or they
 *   were already served);
 * - `not_run`: the account was paused or the computation skipped (see the explanation's `pause`
 *   and `skipped`).
 */
export type TradeReason =
  | 'traded'
  | 'within_target'
  | 'below_auction_minimum'
  | 'min_balance_floor'
  | 'budget_exhausted'
  | 'no_counterpart'
  | 'not_run'

/** A limit that kept a target from (fully) trading. */
export type TradeLimit = Exclude<TradeReason, 'traded' | 'within_target' | 'not_run'>

/** One target in {@link Explanation}. */
export interface TargetExplanation extends Drift {
  denom: Denom
  /** The user's target, bps. */
  bps: number
  /** Current weight: value / total (0 when total is 0). */
  currentWeight: Dec
  /** The user's target weight, `bps / 10000`. */
  targetWeight: Dec
  /**
   * The weight actually aimed for this computation, after the step-3 min_balance override
   * (`targetWeight` when no override applies, or when the account did not run because it was paused).
   * `driftPp` / `driftRelative` are measured against it.
   */
  overrideWeight: Dec
  /** Price of (base, denom); 1 for the base denom. */
  price: Dec
  /** Held amount, base units. */
  balance: bigint
  /** balance / price, base units of the base denom. */
  value: Dec
  /** PID output in value: negative sells |output|, positive buys; 0 when the account did not run. */
  output: Dec
  /** `sell` (output < 0), `buy` (output > 0) or `none`. */
  side: 'sell' | 'buy' | 'none'
  /** Value traded this cycle (sold for a sell, bought for a buy), base units of the base denom. */
  tradedValue: Dec
  /** Base units of this denom put into auctions this cycle (sells; 0 for buys and untraded targets). */
  soldAmount: bigint
  /** Why it did or did not trade. */
  reason: TradeReason
  /** When it traded less than its wish (`tradedValue < |output|`): what held back the rest. */
  limitedBy?: TradeLimit
}

/** The outcome of {@link explainRebalance}. */
export interface Explanation {
  /** The computation itself, exactly `computeRebalance(input)`. */
  result: ComputeResult
  /** Step-1 total value, base units of the base denom. */
  totalValue: Dec
  /** The cycle's budget, total × maxLimitBps / 10000 (0 when the account did not run). */
  budget: Dec
  /** Budget left after the trades. */
  budgetLeft: Dec
  /** The trades with the value each moves and whether it is the min-lot buy. */
  trades: MatchedTrade[]
  /** Set when step 2 paused the account. */
  pause?: { reason: PauseReason }
  /** Set when step 4 found dt = 0. */
  skipped?: 'same_time'
  /** Largest |driftPp| over the targets. */
  maxAbsDriftPp: Dec
  /** One entry per target, in the user's order. */
  targets: TargetExplanation[]
}

/**
 * Explains one computation (portfolio-computer.md steps 1–8, "Triggers"): current vs target
 * weights, the override weights actually used, the drift of each target (pp and relative, against
 * the override weight), its PID output, what it traded, and why it did or did not trade.
 *
 * It runs `computeRebalance` (the result is returned as `result`) and reads the matcher's own
 * output. For a target that traded less than its PID output asked, the reason comes from
 * re-running `matchTrades` on the same legs with one limit lifted at a time, in the order
 * floor → auction minimum → budget: the first whose lifting lets the target trade more is the
 * reason. When no single one does, they are lifted cumulatively in the same order and the limit
 * whose addition first helps is named. When nothing helps, it is `no_counterpart`. Lifting a limit
 * means: every sell holds enough above its floor; every `minSend` is 0; the budget covers every
 * sell. No second implementation of the matching rules is involved.
 *
 * @throws as `computeRebalance` (InvalidConfigError, CoreError). Never throws on valid input.
 */
export function explainRebalance(input: ComputeInput): Explanation {
  const { result, legs, budget, match } = computeDetailed(input)
  const targets: TargetExplanation[] = result.targets.map((t) => ({
    denom: t.denom,
    bps: t.bps,
    currentWeight: t.weight,
    targetWeight: bpsToWeight(t.bps),
    overrideWeight: t.targetWeight,
    ...drift(t.weight, t.targetWeight),
    price: t.price,
    balance: t.balance,
    value: t.value,
    output: t.output,
    side: t.output.isNegative() ? 'sell' : t.output.isPositive() ? 'buy' : 'none',
    tradedValue: Dec.ZERO,
    soldAmount: 0n,
    reason: 'not_run',
  }))
  const maxAbsDriftPp = targets.reduce((m, t) => Dec.max(m, t.driftPp.abs()), Dec.ZERO)
  const base = { result, totalValue: result.totalValue, maxAbsDriftPp, targets }
  if (!legs || !budget || !match) {
    return {
      ...base,
      budget: Dec.ZERO,
      budgetLeft: Dec.ZERO,
      trades: [],
      ...(result.pause ? { pause: result.pause } : {}),
      ...(result.skipped ? { skipped: result.skipped } : {}),
    }
  }

  const actual = tradedValues(legs, match.trades)
  for (const [k, t] of targets.entries()) {
    const leg = legs[k]!
    for (const trade of match.trades) if (trade.pair[0] === leg.denom) t.soldAmount += trade.amount
    t.tradedValue = actual[k]!
  }

  // Targets that traded less than they wished, and what held them back.
  const short = targets
    .map((_, k) => k)
    .filter((k) => targets[k]!.side !== 'none' && actual[k]!.lt(legs[k]!.output.abs()))
  const limits: Partial<Record<number, TradeLimit>> = {}
  if (short.length > 0) {
    const lifts: { limit: TradeLimit; legs: (l: MatchLeg) => MatchLeg; budget: boolean }[] = [
      { limit: 'min_balance_floor', legs: liftFloor, budget: false },
      { limit: 'below_auction_minimum', legs: (l) => ({ ...l, minSend: 0n }), budget: false },
      { limit: 'budget_exhausted', legs: (l) => l, budget: true },
    ]
    const sellTotal = Dec.sum(legs.filter((l) => l.output.isNegative()).map((l) => l.output.abs()))
    const run = (upTo: typeof lifts): Dec[] => {
      const lifted = legs.map((l) => upTo.reduce((x, lift) => lift.legs(x), l))
      const b = upTo.some((lift) => lift.budget) ? Dec.max(budget, sellTotal) : budget
      return tradedValues(lifted, matchTrades(lifted, b).trades)
    }
    const single = lifts.map((lift) => run([lift]))
    const cumulative = lifts.map((_, j) => (j === 0 ? single[0]! : run(lifts.slice(0, j + 1))))
    for (const k of short) {
      const j = single.findIndex((v) => v[k]!.gt(actual[k]!))
      const c = j >= 0 ? j : cumulative.findIndex((v) => v[k]!.gt(actual[k]!))
      limits[k] = c >= 0 ? lifts[c]!.limit : 'no_counterpart'
    }
  }

  for (const [k, t] of targets.entries()) {
    const limit = limits[k]
    if (t.side === 'none') t.reason = 'within_target'
    else if (t.tradedValue.isPositive()) {
      t.reason = 'traded'
      if (limit) t.limitedBy = limit
    } else t.reason = limit ?? 'no_counterpart'
  }
  return { ...base, budget, budgetLeft: match.budgetLeft, trades: match.trades }
}

/** A sell leg that holds enough above its floor for its whole wish (the floor never binds). */
function liftFloor(l: MatchLeg): MatchLeg {
  if (!l.output.isNegative()) return l
  const floor = l.minBalance ?? 0n
  const base = l.balance > floor ? l.balance : floor
  return { ...l, balance: base + l.output.abs().mul(l.price).ceil() + 1n }
}

/** Per leg (same order), the value it sold or bought in `trades`. */
function tradedValues(legs: readonly MatchLeg[], trades: readonly MatchedTrade[]): Dec[] {
  const index = new Map<Denom, number>(legs.map((l, k) => [l.denom, k]))
  const out = legs.map(() => 0n)
  for (const t of trades) {
    const s = index.get(t.pair[0])!
    const b = index.get(t.pair[1])!
    out[s]! += t.value.atomics
    out[b]! += t.value.atomics
  }
  return out.map((a) => Dec.fromAtomics(a))
}
