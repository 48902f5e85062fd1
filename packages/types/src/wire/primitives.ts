/**
 * The scalar types of the chain's JSON (wire-formats.md, the opening "JSON conventions"
 * paragraph): string-encoded integers and decimals, JSON-number `u64`s, bech32 addresses,
 * denoms, coins, pairs and base64 binaries. Every schema here is transform-free, so
 * `z.toJSONSchema` describes it, and each names its rule in its error message.
 */
import { fromBase64, fromBech32 } from '@cosmjs/encoding'
import * as z from 'zod'
import { expecting } from './enum.js'

/** `Uint128::MAX` (2¹²⁸ − 1): the largest coin amount or balance the chain holds, base units. */
export const UINT128_MAX = (1n << 128n) - 1n
const U128_MAX = UINT128_MAX
const U64_MAX = (1n << 64n) - 1n
const U32_MAX = 2 ** 32 - 1
/** What Rust's `u128::from_str` / `u64::from_str` read: an optional `+`, then digits (leading zeros allowed). */
const UINT_RE = /^\+?[0-9]+$/
const DECIMAL_RE = /^([0-9]+)(?:\.([0-9]{1,18}))?$/
const SIGNED_DECIMAL_RE = /^[+-]?([0-9]+)(?:\.([0-9]{1,18}))?$/
const DENOM_RE = /^[a-zA-Z][a-zA-Z0-9/:._-]{2,127}$/

/** Whether `text` is a bank denom as the chain validates it: a letter, then 2 to 127 of `[a-zA-Z0-9/:._-]`. */
export function isDenom(text: string): boolean {
  return DENOM_RE.test(text)
}

/**
 * An unsigned integer string read as Rust's `u128::from_str` / `u64::from_str` read it (an
 * optional `+`, then digits, leading zeros allowed), or `undefined` when it is not one. No upper
 * bound: the caller compares with its type's maximum (e.g. {@link UINT128_MAX}).
 */
export function readUintText(text: string): bigint | undefined {
  return UINT_RE.test(text) ? BigInt(text) : undefined
}
/** Standard alphabet; the final group's `=` padding may be complete, partial or absent. */
const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}={0,2}|[A-Za-z0-9+/]{3}=?)?$/
const B64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** Atomics (10⁻¹⁸ units) of a decimal text already matched by one of the regexes above. */
function decimalAtomics(m: RegExpExecArray): bigint {
  return BigInt(m[1]!) * 10n ** 18n + BigInt((m[2] ?? '').padEnd(18, '0'))
}

function uintString(name: string, max: bigint, maxText: string) {
  return z.string().check((ctx) => {
    const v = ctx.value
    if (!UINT_RE.test(v)) {
      ctx.issues.push({
        code: 'custom',
        input: v,
        message: `invalid ${name} ${JSON.stringify(v)}: expected decimal digits (an optional "+", no "-", spaces or decimal point)`,
      })
    } else if (BigInt(v) > max) {
      ctx.issues.push({
        code: 'custom',
        input: v,
        message: `invalid ${name} ${JSON.stringify(v)}: above ${maxText}`,
      })
    }
  })
}

/**
 * `Uint128` (wire-formats.md, "JSON conventions": amounts are strings): what cosmwasm-std 1.5's
 * `Uint128` deserializer reads with Rust's `u128::from_str`: decimal digits, leading zeros
 * allowed (`"007"`), an optional leading `+`; at most 2¹²⁸−1. A JSON number is rejected.
 */
export const Uint128 = expecting(
  uintString('Uint128', U128_MAX, '2^128-1').describe('Uint128: a base-10 integer string, 0..=2^128-1'),
  'string-encoded integer',
)
/** A `Uint128` amount as it appears on the wire (a digit string) (wire-formats.md, "JSON conventions"). */
export type Uint128 = z.infer<typeof Uint128>

/**
 * `Uint64` as a string (wire-formats.md, "JSON conventions"; the form `Timestamp` uses): read like
 * Rust's `u64::from_str` (leading zeros and a leading `+` allowed), at most 2⁶⁴−1.
 */
export const Uint64Str = expecting(
  uintString('Uint64', U64_MAX, '2^64-1').describe('Uint64: a base-10 integer string, 0..=2^64-1'),
  'string-encoded integer',
)
/** A string-encoded `Uint64` (wire-formats.md, "JSON conventions"). */
export type Uint64Str = z.infer<typeof Uint64Str>

/**
 * `Timestamp` (wire-formats.md, "JSON conventions": timestamps are strings of
 * **nanoseconds** since the Unix epoch, e.g. `"cycle_start":"<ns>"`), read as a {@link Uint64Str}
 * (leading zeros and a leading `+` allowed, at most 2⁶⁴−1).
 */
export const Timestamp = expecting(
  uintString('Timestamp', U64_MAX, '2^64-1 nanoseconds').describe(
    'Timestamp: nanoseconds since the Unix epoch as a base-10 integer string',
  ),
  'string-encoded integer',
)
/** A `Timestamp`: nanoseconds as a digit string (wire-formats.md, "JSON conventions"). */
export type Timestamp = z.infer<typeof Timestamp>

/**
 * `Decimal` (wire-formats.md, "JSON conventions": decimal values are strings): the chain's
 * text form, digits with an optional `.` and 1 to 18 fractional digits (`"1.5"`, `"0"`,
 * `"0.05"`), at most 340282366920938463463.374607431768211455. No sign, exponent or spaces.
 */
export const DecimalStr = expecting(
  z
    .string()
    .check((ctx) => {
      const v = ctx.value
      const m = DECIMAL_RE.exec(v)
      if (!m) {
        ctx.issues.push({
          code: 'custom',
          input: v,
          message: `invalid Decimal ${JSON.stringify(v)}: expected digits with an optional "." and 1 to 18 fractional digits`,
        })
      } else if (m[1]!.length > 40 || decimalAtomics(m) > U128_MAX) {
        ctx.issues.push({
          code: 'custom',
          input: v,
          message: `invalid Decimal ${JSON.stringify(v)}: above Decimal::MAX`,
        })
      }
    })
    .describe('Decimal: digits with an optional "." and at most 18 fractional digits'),
  'string-encoded decimal',
)
/** A `Decimal` as it appears on the wire (wire-formats.md, "JSON conventions"). */
export type DecimalStr = z.infer<typeof DecimalStr>

/**
 * A signed decimal string (wire-formats.md, "JSON conventions"; the rebalancer's stored
 * integral term `last_i`): an optional `+` or `-`, then a {@link DecimalStr}. The deployed
 * contract writes `"+0.5"`/`"-0.5"`; `cosmwasm_std::SignedDecimal` writes `"-0.5"`; both parse.
 */
export const SignedDecimalStr = expecting(
  z
    .string()
    .check((ctx) => {
      const v = ctx.value
      const m = SIGNED_DECIMAL_RE.exec(v)
      if (!m) {
        ctx.issues.push({
          code: 'custom',
          input: v,
          message: `invalid SignedDecimal ${JSON.stringify(v)}: expected an optional sign, digits, an optional "." and 1 to 18 fractional digits`,
        })
      } else if (m[1]!.length > 40 || decimalAtomics(m) > U128_MAX) {
        ctx.issues.push({
          code: 'custom',
          input: v,
          message: `invalid SignedDecimal ${JSON.stringify(v)}: out of range`,
        })
      }
    })
    .describe('SignedDecimal: an optional sign, digits, an optional "." and at most 18 fractional digits'),
  'string-encoded signed decimal',
)
/** A signed decimal string (wire-formats.md, "JSON conventions"). */
export type SignedDecimalStr = z.infer<typeof SignedDecimalStr>

/**
 * The largest JavaScript number a JSON `u64` can become: 2⁶⁴ itself, the double nearest to
 * 2⁶⁴−1. `JSON.parse` rounds every integer above 2⁵³ to a double, so the texts
 * `18446744073709551615` (u64::MAX, accepted by the chain) and `18446744073709551616` (refused)
 * both arrive here as 2⁶⁴; the value cannot tell them apart (wire-formats.md, "Deliberate
 * differences").
 */
const U64_NUMBER_MAX = 2 ** 64

function u64Number(name: string, max: number, maxText: string) {
  return z.number().check((ctx) => {
    const v = ctx.value
    if (!Number.isInteger(v) || v < 0) {
      ctx.issues.push({
        code: 'custom',
        input: v,
        message: `invalid value: ${String(v)}, expected ${name} (a non-negative integer)`,
      })
    } else if (v > max) {
      ctx.issues.push({
        code: 'custom',
        input: v,
        message: `invalid value: ${String(v)}, expected ${name} (at most ${maxText})`,
      })
    }
  })
}

/**
 * A plain `u64` (wire-formats.md, "JSON conventions": `bps`, `limit`, `end_block`,
 * `max_limit_bps`, `period` are JSON **numbers**): a non-negative integer, at most 2⁶⁴−1, as
 * serde-json-wasm reads it. Numbers above 2⁵³ are accepted like the chain accepts them, but a
 * JavaScript number above 2⁵³ is whatever `JSON.parse` rounded the text to (wire-formats.md,
 * "Deliberate differences": u64 above 2⁵³). A string such as `"50"` is rejected.
 */
export const U64 = expecting(
  u64Number('u64', U64_NUMBER_MAX, '2^64-1')
    .describe('u64 as a JSON number (non-negative integer)')
    .meta({ type: 'integer', minimum: 0, maximum: U64_NUMBER_MAX }),
  'u64',
)
/** A `u64` JSON number (wire-formats.md, "JSON conventions"). */
export type U64 = z.infer<typeof U64>

/**
 * A plain `u32` (the page `limit` of `get_all_configs`, `get_pairs` and `get_all_prices`, whose
 * schemas say `format: uint32`): a JSON number 0..=2³²−1; serde-json-wasm refuses 2³² and above.
 */
export const U32 = expecting(
  u64Number('u32', U32_MAX, '2^32-1')
    .describe('u32 as a JSON number (0..=2^32-1)')
    .meta({ type: 'integer', minimum: 0, maximum: U32_MAX }),
  'u32',
)
/** A `u32` JSON number (wire-formats.md, "JSON conventions"). */
export type U32 = z.infer<typeof U32>

/**
 * An address (wire-formats.md, "JSON conventions"; every `addr`, `*_addr` and `<addr>`): a
 * lower-case bech32 string with any prefix and 1 to 255 data bytes, as `addr_validate`
 * accepts.
 */
/**
 * Addresses already found valid. Validity never changes, and a chain's messages repeat the same
 * few addresses, so the bech32 checksum is computed once per address (bounded memory).
 */
const VALID_ADDRESSES = new Set<string>()
function rememberValid(v: string): void {
  if (VALID_ADDRESSES.size >= 100_000) VALID_ADDRESSES.clear()
  VALID_ADDRESSES.add(v)
}

export const Addr = expecting(
  z
    .string()
    .check((ctx) => {
      const v = ctx.value
      if (VALID_ADDRESSES.has(v)) return
      let reason: string | undefined
      if (v !== v.toLowerCase()) reason = 'must be lower case'
      else {
        try {
          // An explicit limit: cosmjs 0.38.1's default (Infinity) is refused by @scure/base 2.x.
          const { data } = fromBech32(v, 1023)
          if (data.length === 0 || data.length > 255)
            reason = `has ${data.length} data bytes, expected 1 to 255`
        } catch (e) {
          reason = `not valid bech32 (${(e as Error).message})`
        }
      }
      if (reason)
        ctx.issues.push({
          code: 'custom',
          input: v,
          message: `invalid address ${JSON.stringify(v)}: ${reason}`,
        })
      else rememberValid(v)
    })
    .describe('bech32 address (lower case, any prefix)'),
  'a string',
)
/** A bech32 address string (wire-formats.md, "JSON conventions"). */
export type Addr = z.infer<typeof Addr>

/**
 * A denom (wire-formats.md, "JSON conventions"; `"uatom"`, `"untrn"`, `"ibc/…"`,
 * `"factory/…"`): the bank module's rule `[a-zA-Z][a-zA-Z0-9/:._-]{2,127}`.
 * Named `DenomWire` because the package root already exports the domain type `Denom`.
 */
export const DenomWire = expecting(
  z
    .string()
    .regex(DENOM_RE, {
      error: (iss) =>
        `invalid denom ${JSON.stringify(iss.input)}: expected a letter then 2 to 127 of [a-zA-Z0-9/:._-]`,
    })
    .describe('denom: [a-zA-Z][a-zA-Z0-9/:._-]{2,127}'),
  'a string',
)
/** A denom string (wire-formats.md, "JSON conventions"). */
export type DenomWire = z.infer<typeof DenomWire>

/**
 * A coin (wire-formats.md, "DAO DAO": `{"denom":…,"amount":"…"}`): the amount is a
 * {@link Uint128} string. Named `CoinWire` because the package root already exports the
 * chain-port interface `Coin` (same JSON shape).
 */
export const CoinWire = z.strictObject({ denom: DenomWire, amount: Uint128 }).describe('Coin')
/** A coin on the wire (wire-formats.md, "DAO DAO"). */
export type CoinWire = z.infer<typeof CoinWire>

/**
 * A pair (wire-formats.md, "JSON conventions": a two-element array `["uatom","untrn"]`):
 * `[sell, buy]` / `[base, quote]`; the two denoms must differ (`Pair::verify`).
 */
export const PairWire = expecting(
  z
    .tuple([DenomWire, DenomWire])
    .refine(([a, b]) => a !== b, {
      error: (iss) => `invalid pair ${JSON.stringify(iss.input)}: the two denoms must differ`,
    })
    .describe('Pair: [denom, denom] with two different denoms'),
  'array-encoded pair',
)
/** A pair as it appears on the wire (wire-formats.md, "JSON conventions"). */
export type PairWire = z.infer<typeof PairWire>

/** The value (0..63) of a base64 character of the standard alphabet. */
function b64Value(c: string): number {
  return B64_ALPHABET.indexOf(c)
}

/**
 * `Binary` (wire-formats.md, "Account": `"data":"<base64 of RebalancerData JSON>"`; "DAO DAO":
 * `"msg":"<base64 JSON>"`): standard base64 as cosmwasm-std 1.5 decodes it (the `base64` crate
 * with padding "indifferent"): the final `=` padding may be complete, partial or absent, but the
 * unused bits of the last character must be zero. Decode it with {@link binaryBytes}.
 */
export const Binary = expecting(
  z
    .string()
    .regex(BASE64_RE, {
      error: (iss) =>
        `invalid Binary ${JSON.stringify(iss.input).slice(0, 60)}: expected standard base64 ("=" padding optional)`,
    })
    .check((ctx) => {
      const v = ctx.value
      let reason: string | undefined
      if (BASE64_RE.test(v)) {
        const body = v.replace(/=+$/, '')
        const rest = body.length % 4
        const last = b64Value(body[body.length - 1] ?? 'A')
        if ((rest === 2 && (last & 0x0f) !== 0) || (rest === 3 && (last & 0x03) !== 0))
          reason = 'the last character has non-zero unused bits'
      }
      if (reason)
        ctx.issues.push({
          code: 'custom',
          input: v,
          message: `invalid Binary ${JSON.stringify(v).slice(0, 60)}: ${reason}`,
        })
    })
    .describe('Binary: standard base64, padding optional'),
  'valid base64 encoded string',
)
/** A base64 string (wire-formats.md, "Account"). */
export type Binary = z.infer<typeof Binary>

/**
 * The bytes of a {@link Binary} already accepted by its schema (padded or not)
 * (wire-formats.md, "JSON conventions").
 */
export function binaryBytes(b64: string): Uint8Array {
  const body = b64.replace(/=+$/, '')
  return fromBase64(body + '='.repeat((4 - (body.length % 4)) % 4))
}

/**
 * The empty struct body `{}` (wire-formats.md, "JSON conventions": `{"bid":{}}`): a map with
 * no fields; any field is rejected.
 */
export const Empty = z.strictObject({})
/** `{}` (wire-formats.md, "JSON conventions"). */
export type Empty = z.infer<typeof Empty>
