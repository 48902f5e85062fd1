import { Dec } from '@rebalancer/types'
import { CoreError } from './errors.js'

/** Largest dt (step 4): after long gaps the integral and derivative act as if 10 periods passed. */
export const MAX_DT = Dec.fromInt(10)

/**
 * Step 4, the PID time step in periods, a `Dec`:
 * - `Dec.ONE` on the first run (`lastRebalance === null`);
 * - else `min((now − lastRebalance) / periodSeconds, 10)` via `Dec.fromRatio` (truncating).
 *
 * Zero when `now === lastRebalance`; the caller then skips the computation (correction 5).
 *
 * @param lastRebalance unix seconds of the last computation, or `null` before the first.
 * @param now unix seconds.
 * @param periodSeconds the cycle period in seconds.
 * @throws CoreError when a time is not a safe integer (`invalid_time`), `periodSeconds` is not
 *   positive (`invalid_period`), or `now` is before `lastRebalance` (`time_backwards`: time never
 *   runs backwards on a chain).
 */
export function computeDt(lastRebalance: number | null, now: number, periodSeconds: number): Dec {
  if (!Number.isSafeInteger(now)) {
    throw new CoreError('invalid_time', `now: must be integer unix seconds, got ${now}`, { path: ['now'] })
  }
  if (!Number.isSafeInteger(periodSeconds) || periodSeconds <= 0) {
    throw new CoreError('invalid_period', `periodSeconds: must be a positive integer, got ${periodSeconds}`, {
      path: ['periodSeconds'],
    })
  }
  if (lastRebalance === null) return Dec.ONE
  if (!Number.isSafeInteger(lastRebalance)) {
    throw new CoreError(
      'invalid_time',
      `state.lastRebalance: must be integer unix seconds or null, got ${lastRebalance}`,
      { path: ['state', 'lastRebalance'] },
    )
  }
  if (now < lastRebalance) {
    throw new CoreError('time_backwards', `now (${now}) is before state.lastRebalance (${lastRebalance})`, {
      path: ['now'],
    })
  }
  return Dec.min(Dec.fromRatio(BigInt(now - lastRebalance), BigInt(periodSeconds)), MAX_DT)
}

/** Inputs of {@link pidStep}; every quantity is a signed `Dec`. */
export interface PidStepInput {
  /** Step-1 total value (base units of the base denom). */
  total: Dec
  /** Weight used this computation (step 3), a fraction. */
  weight: Dec
  /** The target's value now (base units of the base denom). */
  value: Dec
  /** The target's value at the last computation; `null` = no derivative term. */
  lastInput: Dec | null
  /** The integral term carried from the last computation (0 for a new target). */
  lastI: Dec
  /** Gains p, i, d. */
  p: Dec
  i: Dec
  d: Dec
  /** Step-4 dt, > 0. */
  dt: Dec
  /** True on the account's first computation: no derivative term. */
  firstRun: boolean
}

/** Output of {@link pidStep}, in value (base units of the base denom, signed `Dec`). */
export interface PidStepResult {
  error: Dec
  p: Dec
  i: Dec
  d: Dec
  /** P + I − D: negative = sell |output| of value, positive = buy. */
  output: Dec
}

/**
 * Step 5 for one target, in signed `Dec` with truncation after every operation, in the chain's
 * order: error = total × weight − value; P = error × p; I = lastI + error × i × dt;
 * D = (value − lastInput) × d / dt (0 on the first run or without lastInput); output = P + I − D.
 *
 * @throws DecError (`division_by_zero`) when dt is zero and a derivative term is needed (the caller
 *   never passes 0).
 */
export function pidStep(input: PidStepInput): PidStepResult {
  const error = input.total.mul(input.weight).sub(input.value)
  const p = error.mul(input.p)
  const i = input.lastI.add(error.mul(input.i).mul(input.dt))
  const d =
    input.firstRun || input.lastInput === null
      ? Dec.ZERO
      : input.value.sub(input.lastInput).mul(input.d).div(input.dt)
  return { error, p, i, d, output: p.add(i).sub(d) }
}
