/**
 * The rebalancer's cycle status machine (portfolio-computer.md, "Cycle") and price freshness
 * (correction 9), as pure functions: the contract (or the localnet) reads its stored status and
 * the block time, asks {@link nextCycleStep} what to do, processes a batch of accounts, and stores
 * {@link cycleStatusAfter}. Times are unix seconds (integers).
 */
import type { Dec, Denom, Pair, RebalancerConfig } from '@rebalancer/types'
import { pairKey } from '@rebalancer/types'
import { CoreError } from './errors.js'

/** The price snapshot a `processing` status carries: `[[base, denom], price]` as the wire has it. */
export type PriceSnapshot = readonly (readonly [Pair, string])[]

/**
 * The rebalancer's system status (portfolio-computer.md, "Cycle"; wire `SystemRebalanceStatus`),
 * times in unix seconds. `P` is how the caller stores the price snapshot (the wire's list of
 * `[pair, decimal text]` by default).
 */
export type CycleStatus<P = PriceSnapshot> =
  | { kind: 'not_started'; cycleStart: number }
  | { kind: 'processing'; cycleStarted: number; startFrom: string; prices: P }
  | { kind: 'finished'; nextCycle: number }

/** What one `system_rebalance` call does, decided by {@link nextCycleStep}. */
export type CycleStep<P = PriceSnapshot> =
  | {
      ok: true
      /** Start of the cycle this call belongs to, unix seconds. */
      cycleStart: number
      /** Process accounts after this address (ascending order); `null` = from the first. */
      startFrom: null
      /** True: read fresh prices now and store them in the status if the cycle does not finish. */
      refreshPrices: true
    }
  | {
      ok: true
      cycleStart: number
      startFrom: string
      /** False: continue with the snapshot stored in the status, `prices`. */
      refreshPrices: false
      prices: P
    }
  | {
      ok: false
      /** The chain's message: `cycle not started yet (<seconds>)`. */
      error: string
      /** Seconds until a call can succeed (positive). */
      secondsLeft: number
    }

function assertTime(name: string, t: number): void {
  if (!Number.isSafeInteger(t) || t < 0)
    throw new CoreError('invalid_time', `${name}: must be non-negative integer unix seconds, got ${t}`, {
      path: [name],
    })
}

function assertPeriod(period: number): void {
  if (!Number.isSafeInteger(period) || period <= 0) {
    throw new CoreError(
      'invalid_period',
      `period: must be a positive integer number of seconds, got ${period}`,
      {
        path: ['period'],
      },
    )
  }
}

/**
 * `start_of_cycle(now) = now − (now mod period)` (portfolio-computer.md, "Cycle"): the start of the
 * period that contains `now`, unix seconds.
 *
 * @throws CoreError (`invalid_time`, `invalid_period`) when `now` is not a non-negative integer or
 *   `period` not a positive integer.
 */
export function startOfCycle(now: number, period: number): number {
  assertTime('now', now)
  assertPeriod(period)
  return now - (now % period)
}

/**
 * The status machine of `system_rebalance` (portfolio-computer.md, "Cycle"):
 * - `not_started{cycleStart}`: before `cycleStart` → error; else start a cycle at
 *   `startOfCycle(now)` from the first account with fresh prices.
 * - `processing{cycleStarted, startFrom, prices}`: when `now ≥ cycleStarted + period` the cycle
 *   is over, restart at `startOfCycle(now)` from the first account with fresh prices; else
 *   continue after `startFrom` with the stored price snapshot.
 * - `finished{nextCycle}`: before `nextCycle` → error; else start a new cycle at
 *   `startOfCycle(now)` (correction 6: the deployed contract started at `nextCycle`, so after a
 *   missed cycle it could run the missed cycles back to back).
 *
 * @param status the stored status.
 * @param now block time, unix seconds.
 * @param period cycle period, seconds.
 * @returns the step, or `{ok: false, error: 'cycle not started yet (<seconds>)'}` with the seconds
 *   left. Never throws for valid numbers.
 * @throws CoreError (`invalid_time`, `invalid_period`) when a time is not a non-negative integer or
 *   the period not positive.
 */
export function nextCycleStep<P>(status: CycleStatus<P>, now: number, period: number): CycleStep<P> {
  assertTime('now', now)
  assertPeriod(period)
  const fresh = (): CycleStep<P> => ({
    ok: true,
    cycleStart: startOfCycle(now, period),
    startFrom: null,
    refreshPrices: true,
  })
  const notYet = (at: number): CycleStep<P> => ({
    ok: false,
    error: `cycle not started yet (${at - now})`,
    secondsLeft: at - now,
  })
  switch (status.kind) {
    case 'not_started':
      assertTime('status.cycleStart', status.cycleStart)
      return now < status.cycleStart ? notYet(status.cycleStart) : fresh()
    case 'processing':
      assertTime('status.cycleStarted', status.cycleStarted)
      if (now >= status.cycleStarted + period) return fresh()
      return {
        ok: true,
        cycleStart: status.cycleStarted,
        startFrom: status.startFrom,
        refreshPrices: false,
        prices: status.prices,
      }
    case 'finished':
      assertTime('status.nextCycle', status.nextCycle)
      return now < status.nextCycle ? notYet(status.nextCycle) : fresh()
  }
}

/**
 * The status stored after a batch (portfolio-computer.md, "Cycle"; the contract's `finish_batch`):
 * `processing{cycleStarted: cycleStart, startFrom: lastProcessed, prices}` when more accounts
 * remain, else `finished{nextCycle: cycleStart + period}`.
 *
 * @param cycleStart the step's `cycleStart`.
 * @param lastProcessed the last account address of this batch (`null` for an empty batch).
 * @param more whether accounts remain after `lastProcessed`.
 * @param prices the snapshot used by this batch (stored for the next batch).
 * @throws CoreError (`missing_last_processed`) when `more` is true without a `lastProcessed`, or
 *   (`invalid_time`, `invalid_period`) for bad times.
 */
export function cycleStatusAfter<P>(
  cycleStart: number,
  lastProcessed: string | null,
  more: boolean,
  prices: P,
  period: number,
): CycleStatus<P> {
  assertTime('cycleStart', cycleStart)
  assertPeriod(period)
  if (!more) return { kind: 'finished', nextCycle: cycleStart + period }
  if (lastProcessed === null) {
    throw new CoreError('missing_last_processed', 'lastProcessed: required when more accounts remain', {
      path: ['lastProcessed'],
    })
  }
  return { kind: 'processing', cycleStarted: cycleStart, startFrom: lastProcessed, prices }
}

/**
 * Correction 9: is an oracle price recent enough to trade on? True when
 * `now − priceTime ≤ maxAgeSeconds` (a price stamped in the future counts as fresh). The deployed
 * rebalancer used any stored price whatever its age.
 *
 * @param priceTime the price's time (its newest auction's time), unix seconds.
 * @param now block time, unix seconds.
 * @param maxAgeSeconds the oracle's freshness limit (`seconds_auction_prices_fresh`).
 * @throws CoreError (`invalid_time`) when a time is not a non-negative integer.
 */
export function isPriceFresh(priceTime: number, now: number, maxAgeSeconds: number): boolean {
  assertTime('priceTime', priceTime)
  assertTime('now', now)
  assertTime('maxAgeSeconds', maxAgeSeconds)
  return now - priceTime <= maxAgeSeconds
}

/** An oracle price with its time: `price` of pair (a, b) (units of b per unit of a), `time` unix seconds. */
export interface TimedPrice {
  price: Dec
  time: number
}

/** Result of {@link pricesForAccount}. */
export type AccountPrices =
  | { ok: true; prices: Record<Denom, Dec> }
  | {
      ok: false
      /** Pairs `(base, denom)` with a price older than the limit. */
      stale: Pair[]
      /** Pairs `(base, denom)` without any price. */
      missing: Pair[]
    }

/**
 * The prices one account's computation needs, with correction 9 applied: the price of
 * `(baseDenom, denom)` for every non-base target, each fresh by {@link isPriceFresh}. When any is
 * stale or missing the account is skipped for the cycle (the caller emits a stale-price event)
 * instead of trading on an old price.
 *
 * @param snapshot oracle prices keyed by `pairKey([a, b])` (`"a|b"`).
 * @returns `{ok: true, prices}` ready for `computeRebalance`, or the stale and missing pairs.
 */
export function pricesForAccount(
  config: Pick<RebalancerConfig, 'baseDenom' | 'targets'>,
  snapshot: Readonly<Record<string, TimedPrice>>,
  now: number,
  maxAgeSeconds: number,
): AccountPrices {
  const prices: Record<Denom, Dec> = {}
  const stale: Pair[] = []
  const missing: Pair[] = []
  for (const t of config.targets) {
    if (t.denom === config.baseDenom) continue
    const pair: Pair = [config.baseDenom, t.denom]
    const key = pairKey(pair)
    const p = Object.hasOwn(snapshot, key) ? snapshot[key] : undefined
    if (p === undefined) missing.push(pair)
    else if (!isPriceFresh(p.time, now, maxAgeSeconds)) stale.push(pair)
    else prices[t.denom] = p.price
  }
  return stale.length === 0 && missing.length === 0 ? { ok: true, prices } : { ok: false, stale, missing }
}
