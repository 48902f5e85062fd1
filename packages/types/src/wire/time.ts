/**
 * The one conversion between unix seconds (the domain's time) and the wire's `Timestamp`
 * (wire-formats.md, "JSON conventions": nanoseconds since the Unix epoch as a base-10 integer
 * string, e.g. `"cycle_start":"1700000000000000000"`). Browser-safe.
 */
import { WireError } from './parse.js'

const NANOS_PER_SECOND = 1_000_000_000n
const U64_MAX = (1n << 64n) - 1n

/**
 * Unix seconds → the wire's nanosecond `Timestamp` string.
 * @example
 * ```ts
 * secondsToTimestamp(1_700_000_000) // '1700000000000000000'
 * ```
 * @throws WireError (code `invalid_wire`) when `seconds` is not a whole number in
 *   0..=⌊(2^64−1)/10^9⌋ (the `Timestamp` is a `u64` of nanoseconds).
 */
export function secondsToTimestamp(seconds: number | bigint): string {
  if (typeof seconds === 'number' && !Number.isSafeInteger(seconds)) {
    throw new WireError('Timestamp', `expected whole seconds, got ${seconds}`, [])
  }
  const ns = BigInt(seconds) * NANOS_PER_SECOND
  if (ns < 0n || ns > U64_MAX) {
    throw new WireError(
      'Timestamp',
      `seconds must be in 0..=${U64_MAX / NANOS_PER_SECOND}, got ${seconds}`,
      [],
    )
  }
  return ns.toString()
}

/**
 * The wire's nanosecond `Timestamp` string → unix seconds, floored (a chain time with a
 * fraction of a second reads as the second it falls in).
 * @example
 * ```ts
 * timestampToSeconds('1700000000999999999') // 1700000000
 * ```
 * @throws WireError (code `invalid_wire`) when `timestamp` is not a base-10 `u64` string.
 */
export function timestampToSeconds(timestamp: string): number {
  if (!/^\+?[0-9]+$/.test(timestamp) || BigInt(timestamp) > U64_MAX) {
    throw new WireError(
      'Timestamp',
      `expected nanoseconds as a base-10 u64 string, got ${JSON.stringify(timestamp)}`,
      [],
    )
  }
  return Number(BigInt(timestamp) / NANOS_PER_SECOND)
}

/**
 * The wire's nanosecond `Timestamp` string → nanoseconds as a `bigint`, for comparisons that must
 * keep the sub-second part (an `Expiration`'s `at_time` against a block time).
 * @throws WireError as {@link timestampToSeconds}.
 */
export function timestampToNanos(timestamp: string): bigint {
  timestampToSeconds(timestamp)
  return BigInt(timestamp)
}
