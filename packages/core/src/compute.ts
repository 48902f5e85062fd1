import {
  Dec,
  type Denom,
  type PauseReason,
  type RebalancerConfig,
  type RebalanceState,
  type TargetState,
  type Trade,
} from '@rebalancer/types'
import { CoreError } from './errors.js'
import { type MatchLeg, type MatchResult, matchTrades } from './match.js'
import { bpsToWeight, overrideWeights } from './override.js'
import { computeDt, pidStep } from './pid.js'
import { assertValidConfig } from './validate.js'
import { balanceOf, currentWeights, own, priceOf, valuePortfolio } from './valuation.js'

/**
 * The parameter of {@link computeRebalance}: everything one computation needs
 * (portfolio-computer.md, "One computation"). Amounts are `bigint` base units, prices `Dec`,
 * times integer unix seconds.
 * @example
 * ```ts
 * const parameters: ComputeRebalanceParameters = {
 *   config, // 75 % ATOM / 25 % NTRN, base denom untrn
 *   state: { lastRebalance: null, targets: {} },
 *   balances: { uatom: 1_000_000_000n },
 *   prices: { uatom: Dec.parse('0.5') }, // ATOM per NTRN
 *   auctionMinimums: { uatom: 10_000_000n, untrn: 10_000_000n },
 *   baseMinValue: 0n,
 *   periodSeconds: 86_400,
 *   now: 1_704_067_200,
 * }
 * const { trades, state } = computeRebalance(parameters)
 * ```
 */
export interface ComputeRebalanceParameters {
  /** The account's configuration; must pass `validateConfig` (whitelists are not checked here). */
  config: RebalancerConfig
  /** Controller state; `{lastRebalance: null, targets: {}}` for a new account. */
  state: RebalanceState
  /** Base units per denom; a missing denom holds 0. */
  balances: Readonly<Record<Denom, bigint>>
  /**
   * Price of pair (base, denom): units of denom per unit of base, for every non-base target
   * denom. The base denom's price is 1 (it may be absent; a present value is ignored).
   */
  prices: Readonly<Record<Denom, Dec>>
  /** `min_send` per sell denom, base units of that denom; missing = 0. */
  auctionMinimums: Readonly<Record<Denom, bigint>>
  /** Minimum account value, base units of the base denom (its whitelist `min_balance_limit`). */
  baseMinValue: bigint
  /** Cycle period, seconds (positive integer). */
  periodSeconds: number
  /** Unix seconds (integer), never before `state.lastRebalance`. */
  now: number
}

/** The former name of {@link ComputeRebalanceParameters} (kept: no breaking rename). */
export type ComputeInput = ComputeRebalanceParameters

/** What one computation saw and decided for one target. */
export interface TargetReport {
  denom: Denom
  /** The user's target, basis points. */
  bps: number
  /**
   * Weight used this computation (after the step-3 min_balance override), a fraction. When the
   * account is paused (step 2, before step 3) it is the user's weight, `bps / 10000`.
   */
  targetWeight: Dec
  /** Current weight = value / total (0 when total is 0). */
  weight: Dec
  /** Price of (base, denom); 1 for the base denom. */
  price: Dec
  /** Held amount, base units. */
  balance: bigint
  /** balance / price, base units of the base denom. */
  value: Dec
  /** PID output in value (negative = sell |output|, positive = buy); 0 when paused or skipped. */
  output: Dec
}

/**
 * What {@link computeRebalance} returns: the trades to send, the new controller state and the
 * per-target report.
 * @example
 * ```ts
 * const result: ComputeRebalanceReturnType = computeRebalance(parameters)
 * if (result.pause) console.log('paused:', result.pause.reason)
 * for (const t of result.trades) console.log(t.pair.join('→'), t.amount) // base units of the sell denom
 * ```
 */
export interface ComputeRebalanceReturnType {
  /** Trades in emission order; `{pair: [sell, buy], amount}` with amount in base units of sell. */
  trades: Trade[]
  /** The new state; the very same input state object when nothing ran (paused or skipped). */
  state: RebalanceState
  /** Step-1 total value, base units of the base denom. */
  totalValue: Dec
  /** One report per target, in the user's order (always present: the valuation is reported). */
  targets: TargetReport[]
  /** Set when step 2 paused the account. */
  pause?: { reason: PauseReason }
  /** Set when step 4 found dt = 0 (a second run at the same time). */
  skipped?: 'same_time'
}

/** The former name of {@link ComputeRebalanceReturnType} (kept: no breaking rename). */
export type ComputeResult = ComputeRebalanceReturnType

/**
 * The Portfolio Computer: one rebalance computation for one account, steps 1–8 of
 * portfolio-computer.md. Pure: no clock, no randomness, no I/O; the same input always gives a
 * deep-equal result, and the input is never mutated.
 *
 * 1. Values every target (`valuePortfolio`).
 * 2. Pauses (no trades, state unchanged) when `floor(total)` is 0 (`empty_balance` when total is
 *    exactly 0, else `below_minimum`: correction 7) or below `baseMinValue` (`below_minimum`).
 * 3. Applies the min_balance override (`overrideWeights`).
 * 4. dt (`computeDt`); dt = 0 returns `skipped: 'same_time'` with no trades and the state
 *    unchanged (correction 5).
 * 5. PID per target (`pidStep`); the new state stores lastInput = value and lastI = I for every
 *    target (only the current targets) and lastRebalance = now. lastI is read from the state
 *    when present (0 otherwise); the derivative term is 0 on the first run (lastRebalance null)
 *    or without lastInput.
 * 6–7. Auction minimums and matching (`matchTrades`) with budget = total × maxLimitBps / 10000.
 * 8. Returns trades, state and the per-target report.
 *
 * @throws InvalidConfigError when the configuration breaks the rules of `validateConfig`.
 * @throws CoreError when a non-base target has no positive price (`missing_price`,
 *   `invalid_price`), an amount (`invalid_amount`: balance,
 *   minimum, `baseMinValue`) is negative, a time is not an integer, `periodSeconds` ≤ 0, or
 *   `now` is before `state.lastRebalance`. Never throws on valid input.
 */
export function computeRebalance(parameters: ComputeRebalanceParameters): ComputeRebalanceReturnType {
  return computeDetailed(parameters).result
}

/**
 * {@link computeRebalance} with what the matcher saw: the legs and budget passed to
 * `matchTrades` and its result (`null` when nothing ran). For `explainRebalance` and
 * `projectRebalance`, which reuse the one computation rather than repeat it.
 * @internal
 */
export interface DetailedCompute {
  result: ComputeResult
  legs: MatchLeg[] | null
  budget: Dec | null
  match: MatchResult | null
}

/** @internal see {@link DetailedCompute}. */
export function computeDetailed(input: ComputeInput): DetailedCompute {
  const { config, state, balances, prices, auctionMinimums, baseMinValue, periodSeconds, now } = input
  assertValidConfig(config)
  if (typeof baseMinValue !== 'bigint' || baseMinValue < 0n) {
    throw new CoreError(
      'invalid_amount',
      `baseMinValue: must be a non-negative bigint, got ${String(baseMinValue)}`,
      { path: ['baseMinValue'] },
    )
  }
  // Time is checked up front (step 4 needs it) so that bad input fails the same way on every path.
  const dt = computeDt(state.lastRebalance, now, periodSeconds)

  // Step 1.
  const { values, total } = valuePortfolio(config, balances, prices)
  const weights = currentWeights(values, total)
  const report = (targetWeights: readonly Dec[], outputs?: readonly Dec[]): TargetReport[] =>
    config.targets.map((t, k) => ({
      denom: t.denom,
      bps: t.bps,
      targetWeight: targetWeights[k]!,
      weight: weights[t.denom]!,
      price: priceOf(config.baseDenom, prices, t.denom),
      balance: balanceOf(balances, t.denom),
      value: values[t.denom]!,
      output: outputs?.[k] ?? Dec.ZERO,
    }))

  // Step 2.
  const whole = total.floor()
  if (whole === 0n || whole < baseMinValue) {
    const reason: PauseReason = total.isZero() ? 'empty_balance' : 'below_minimum'
    const result: ComputeResult = {
      trades: [],
      state,
      totalValue: total,
      targets: report(config.targets.map((t) => bpsToWeight(t.bps))),
      pause: { reason },
    }
    return { result, legs: null, budget: null, match: null }
  }

  // Step 3.
  const targetWeights = overrideWeights(config, values, prices, total)

  // Step 4.
  if (dt.isZero()) {
    const result: ComputeResult = {
      trades: [],
      state,
      totalValue: total,
      targets: report(targetWeights),
      skipped: 'same_time',
    }
    return { result, legs: null, budget: null, match: null }
  }

  // Step 5.
  const firstRun = state.lastRebalance === null
  const nextTargets: Record<Denom, TargetState> = {}
  const outputs = config.targets.map((t, k) => {
    const previous = own(state.targets, t.denom)
    const value = values[t.denom]!
    const step = pidStep({
      total,
      weight: targetWeights[k]!,
      value,
      lastInput: previous?.lastInput ?? null,
      lastI: previous?.lastI ?? Dec.ZERO,
      p: config.pid.p,
      i: config.pid.i,
      d: config.pid.d,
      dt,
      firstRun,
    })
    nextTargets[t.denom] = { lastInput: value, lastI: step.i }
    return step.output
  })

  // Steps 6 and 7.
  const legs: MatchLeg[] = config.targets.map((t, k) => {
    const minSend = own(auctionMinimums, t.denom) ?? 0n
    if (typeof minSend !== 'bigint' || minSend < 0n) {
      throw new CoreError(
        'invalid_amount',
        `auctionMinimums: "${t.denom}" must be a non-negative bigint, got ${String(minSend)}`,
        { path: ['auctionMinimums', t.denom] },
      )
    }
    return {
      denom: t.denom,
      price: priceOf(config.baseDenom, prices, t.denom),
      balance: balanceOf(balances, t.denom),
      minBalance: t.minBalance,
      output: outputs[k]!,
      minSend,
    }
  })
  const budget = maxSellValue(total, config.maxLimitBps)
  const match = matchTrades(legs, budget)

  // Step 8.
  const result: ComputeResult = {
    trades: match.trades.map(({ pair, amount }) => ({ pair, amount })),
    state: { lastRebalance: now, targets: nextTargets },
    totalValue: total,
    targets: report(targetWeights, outputs),
  }
  return { result, legs, budget, match }
}

/**
 * Step 7's budget: the most value that may be sold in one cycle, `total × maxLimitBps / 10000`
 * (`Dec`, base units of the base denom).
 */
export function maxSellValue(total: Dec, maxLimitBps: number): Dec {
  return total.mul(bpsToWeight(maxLimitBps))
}

/** The event record of one computation (portfolio-computer.md step 8). */
export interface RebalanceEvent {
  /** The account's address. */
  account: string
  /** Step-1 total value, base units of the base denom. */
  totalValue: Dec
  /** The trades emitted (none when paused or skipped). */
  trades: Trade[]
  /** Set when step 2 paused the account. */
  pause?: { reason: PauseReason }
  /** Set when step 4 skipped a second run at the same time. */
  skipped?: 'same_time'
}

/**
 * Step 8's event record for `account`: total value, trades and any pause or skip of a
 * {@link computeRebalance} result (the computation does not know the account's address).
 */
export function rebalanceEvent(account: string, result: ComputeResult): RebalanceEvent {
  return {
    account,
    totalValue: result.totalValue,
    trades: result.trades,
    ...(result.pause ? { pause: result.pause } : {}),
    ...(result.skipped ? { skipped: result.skipped } : {}),
  }
}
