import { Decimal } from 'decimal.js'
import { RebalancerError } from './errors.js'

/**
 * Why a {@link Dec} operation refused its input:
 *
 * - `invalid_decimal`: text that is not a decimal ({@link Dec.parse}: digits, an optional `.` part
 *   of at most 18 digits; {@link Dec.fromDecimalString}: anything decimal.js cannot read).
 * - `not_safe_integer`: a JS number given as an integer that is not a safe integer ({@link Dec.fromInt}).
 * - `not_finite`: `NaN` or ±∞ ({@link Dec.fromNumber}, {@link Dec.fromDecimalJs}).
 * - `division_by_zero`: {@link Dec.div} or {@link Dec.fromRatio} by zero.
 * - `negative`: a negative value where the chain's unsigned `Decimal` is required
 *   ({@link Dec.assertNonNegative}, {@link Dec.sqrt}).
 */
export type DecErrorCode =
  | 'invalid_decimal'
  | 'not_safe_integer'
  | 'not_finite'
  | 'division_by_zero'
  | 'negative'

/**
 * The one error the Dec18 module throws; `code` says which rule ({@link DecErrorCode}), `message`
 * names the operation and the value. Recognise it with `DecError.isInstance(e)`.
 * @example
 * ```ts
 * try {
 *   Dec.parse(text)
 * } catch (e) {
 *   if (DecError.isInstance(e) && e.code === 'invalid_decimal') return undefined
 *   throw e
 * }
 * ```
 */
export class DecError extends RebalancerError<DecErrorCode> {
  static override readonly kind: string = 'DecError'
}

/**
 * Dec18: the one fixed-point decimal of the Rebalancer, with the semantics of
 * `cosmwasm_std::Decimal` / `SignedDecimal` (architecture.md, "Numbers").
 *
 * A value is stored as its **atomics**: the integer number of 10⁻¹⁸ units, a `bigint`, exactly
 * as the chain stores it (`Uint128` / `Int128` atomics). Multiplication and division keep
 * 18 fractional digits and **truncate toward zero** after every operation, so a chain of
 * operations gives the chain's result to the last digit.
 *
 * Why atomics rather than decimal.js for the arithmetic: the result is identical by
 * construction (the chain itself computes on atomics) and it is about 500× faster (measured
 * 3 ns vs 1.5 µs per multiply on this machine), which the Portfolio Computer's throughput
 * needs. decimal.js is used where it is the right tool: reading JS numbers and exponent
 * notation ({@link Dec.fromNumber}, {@link Dec.fromDecimalString}) and non-linear maths
 * ({@link Dec.ln}, {@link Dec.sqrt}, {@link Dec.exp}) for volatility and price curves.
 *
 * Values are immutable. Negative values are allowed (SignedDecimal); use
 * {@link Dec.assertNonNegative} where the chain's type is the unsigned `Decimal`.
 */
/** The registry-wide marker that {@link Dec.isInstance} recognises across copies of this module. */
const DEC_MARKER: unique symbol = Symbol.for('@rebalancer/dec')

export class Dec {
  /** 10¹⁸: one whole unit in atomics. */
  static readonly SCALE = 1_000_000_000_000_000_000n
  static readonly FRACTIONAL_DIGITS = 18
  static readonly ZERO = new Dec(0n)
  static readonly ONE = new Dec(Dec.SCALE)
  /** Largest `cosmwasm_std::Decimal` (unsigned, Uint128 atomics). */
  static readonly MAX_DECIMAL = new Dec((1n << 128n) - 1n)

  /** Integer count of 10⁻¹⁸ units. */
  readonly atomics: bigint

  private constructor(atomics: bigint) {
    this.atomics = atomics
  }

  /**
   * Whether `value` is a `Dec` from any copy of this module (the ESM and the CJS build, or two
   * versions in one bundle), where `instanceof` fails: every `Dec` carries the registry-wide
   * `Symbol.for('@rebalancer/dec')` marker on its prototype.
   * @example
   * ```ts
   * Dec.isInstance(Dec.parse('1.5')) // true
   * Dec.isInstance({ atomics: 1n }) // false: a look-alike is not a Dec
   * ```
   */
  static isInstance(value: unknown): value is Dec {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as { [DEC_MARKER]?: unknown })[DEC_MARKER] === true &&
      typeof (value as { atomics?: unknown }).atomics === 'bigint'
    )
  }

  /** A Dec from its atomics (10⁻¹⁸ units). */
  static fromAtomics(atomics: bigint): Dec {
    return atomics === 0n ? Dec.ZERO : new Dec(atomics)
  }

  /**
   * An integer as a Dec (`Decimal::from_atomics(n, 0)`).
   * @throws DecError (`not_safe_integer`) for a JS number that is not a safe integer.
   */
  static fromInt(n: bigint | number): Dec {
    if (typeof n === 'number' && !Number.isSafeInteger(n)) {
      throw new DecError('not_safe_integer', `Dec.fromInt: ${n} is not a safe integer`)
    }
    return Dec.fromAtomics(BigInt(n) * Dec.SCALE)
  }

  /**
   * `numerator / denominator` truncated to 18 digits (`Decimal::from_ratio`; toward zero).
   * @throws DecError (`division_by_zero`) when the denominator is zero.
   */
  static fromRatio(numerator: bigint, denominator: bigint): Dec {
    if (denominator === 0n) throw new DecError('division_by_zero', 'Dec.fromRatio: division by zero')
    return Dec.fromAtomics((numerator * Dec.SCALE) / denominator)
  }

  /**
   * Parses the chain's decimal string form: optional `-`, digits, optional `.` and at most 18
   * fractional digits (`Decimal::from_str`). No exponent, no `+`, no spaces.
   * @throws DecError (`invalid_decimal`) naming the rule that the text breaks.
   */
  static parse(text: string): Dec {
    const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text)
    if (!m) {
      throw new DecError(
        'invalid_decimal',
        `invalid decimal "${text}": expected digits with an optional "." part`,
      )
    }
    const frac = m[3] ?? ''
    if (frac.length > Dec.FRACTIONAL_DIGITS) {
      throw new DecError('invalid_decimal', `invalid decimal "${text}": more than 18 fractional digits`)
    }
    const atomics = BigInt(m[2]!) * Dec.SCALE + BigInt(frac.padEnd(Dec.FRACTIONAL_DIGITS, '0') || '0')
    return Dec.fromAtomics(m[1] === '-' ? -atomics : atomics)
  }

  /** Like {@link Dec.parse} but returns `undefined` instead of throwing. */
  static tryParse(text: string): Dec | undefined {
    try {
      return Dec.parse(text)
    } catch {
      return undefined
    }
  }

  /**
   * Any decimal text decimal.js understands (exponent notation, more than 18 digits), truncated
   * toward zero to 18 fractional digits. For data files and user input, not for the wire.
   * @throws DecError (`invalid_decimal`, `not_finite`) when the text is not a finite decimal number.
   */
  static fromDecimalString(text: string): Dec {
    let d: Decimal
    try {
      d = new Decimal(text)
    } catch (e) {
      throw new DecError('invalid_decimal', `invalid decimal "${text}"`, { cause: e })
    }
    return Dec.fromDecimalJs(d)
  }

  /**
   * A JS number, by its shortest decimal form (`0.1` → exactly 0.1), truncated to 18 digits.
   * For prices read from data and display-side inputs; never for token amounts.
   * @throws DecError (`not_finite`) when the number is not finite.
   */
  static fromNumber(n: number): Dec {
    if (!Number.isFinite(n)) throw new DecError('not_finite', `Dec.fromNumber: ${n} is not finite`)
    return Dec.fromDecimalJs(new Decimal(n))
  }

  /** A decimal.js value, truncated toward zero to 18 fractional digits. */
  static fromDecimalJs(d: Decimal): Dec {
    if (!d.isFinite()) throw new DecError('not_finite', 'Dec: value is not finite')
    const s = d.toFixed(Dec.FRACTIONAL_DIGITS, Decimal.ROUND_DOWN)
    return Dec.parse(s === '-0.000000000000000000' ? '0' : s)
  }

  /** This value as a decimal.js `Decimal` (exact). */
  toDecimalJs(): Decimal {
    return new Decimal(this.toString())
  }

  add(other: Dec): Dec {
    return Dec.fromAtomics(this.atomics + other.atomics)
  }

  sub(other: Dec): Dec {
    return Dec.fromAtomics(this.atomics - other.atomics)
  }

  /** Product, truncated toward zero to 18 digits (`Decimal * Decimal`). */
  mul(other: Dec): Dec {
    return Dec.fromAtomics((this.atomics * other.atomics) / Dec.SCALE)
  }

  /**
   * Quotient, truncated toward zero to 18 digits (`Decimal / Decimal`).
   * @throws DecError (`division_by_zero`) on division by zero.
   */
  div(other: Dec): Dec {
    if (other.atomics === 0n) throw new DecError('division_by_zero', 'Dec.div: division by zero')
    return Dec.fromAtomics((this.atomics * Dec.SCALE) / other.atomics)
  }

  /** `this × n` for an integer n (exact). */
  mulInt(n: bigint): Dec {
    return Dec.fromAtomics(this.atomics * n)
  }

  /** `amount × this` floored to an integer amount (`Uint128::mul_floor`). */
  mulFloor(amount: bigint): bigint {
    return floorDiv(amount * this.atomics, Dec.SCALE)
  }

  /** `amount × this` rounded up to an integer amount (`Uint128::mul_ceil`). */
  mulCeil(amount: bigint): bigint {
    return -floorDiv(-(amount * this.atomics), Dec.SCALE)
  }

  neg(): Dec {
    return Dec.fromAtomics(-this.atomics)
  }

  abs(): Dec {
    return this.atomics < 0n ? this.neg() : this
  }

  /** -1, 0 or 1. */
  cmp(other: Dec): -1 | 0 | 1 {
    return this.atomics < other.atomics ? -1 : this.atomics > other.atomics ? 1 : 0
  }
  eq(other: Dec): boolean {
    return this.atomics === other.atomics
  }
  lt(other: Dec): boolean {
    return this.atomics < other.atomics
  }
  lte(other: Dec): boolean {
    return this.atomics <= other.atomics
  }
  gt(other: Dec): boolean {
    return this.atomics > other.atomics
  }
  gte(other: Dec): boolean {
    return this.atomics >= other.atomics
  }
  isZero(): boolean {
    return this.atomics === 0n
  }
  isNegative(): boolean {
    return this.atomics < 0n
  }
  isPositive(): boolean {
    return this.atomics > 0n
  }

  /** Largest integer ≤ this (`to_uint_floor`). */
  floor(): bigint {
    return floorDiv(this.atomics, Dec.SCALE)
  }

  /** Smallest integer ≥ this (`to_uint_ceil`). */
  ceil(): bigint {
    return -floorDiv(-this.atomics, Dec.SCALE)
  }

  /** Integer part, toward zero. */
  trunc(): bigint {
    return this.atomics / Dec.SCALE
  }

  /** The fractional part's atomics (sign of this value). */
  fractionAtomics(): bigint {
    return this.atomics % Dec.SCALE
  }

  static min(a: Dec, b: Dec): Dec {
    return a.atomics <= b.atomics ? a : b
  }
  static max(a: Dec, b: Dec): Dec {
    return a.atomics >= b.atomics ? a : b
  }
  /** Sum of a list (exact). */
  static sum(values: Iterable<Dec>): Dec {
    let s = 0n
    for (const v of values) s += v.atomics
    return Dec.fromAtomics(s)
  }

  /**
   * @throws DecError (`negative`) naming `what` when this value is negative (the chain's unsigned
   * `Decimal` cannot hold it).
   */
  assertNonNegative(what = 'value'): this {
    if (this.atomics < 0n)
      throw new DecError('negative', `${what} must not be negative, got ${this.toString()}`)
    return this
  }

  /** Natural logarithm (decimal.js, 40 significant digits, truncated to 18 places). */
  ln(): Dec {
    return Dec.fromDecimalJs(Precise.ln(this.toDecimalJs()))
  }
  /** Square root (decimal.js, truncated to 18 places). @throws DecError (`negative`) when negative. */
  sqrt(): Dec {
    this.assertNonNegative('sqrt argument')
    return Dec.fromDecimalJs(Precise.sqrt(this.toDecimalJs()))
  }
  /** e^this (decimal.js, truncated to 18 places). */
  exp(): Dec {
    return Dec.fromDecimalJs(Precise.exp(this.toDecimalJs()))
  }

  /**
   * The chain's text form: integer digits, then `.` and the fractional digits without
   * trailing zeros when there are any (`"1.5"`, `"0"`, `"-0.25"`).
   */
  toString(): string {
    const neg = this.atomics < 0n
    const abs = neg ? -this.atomics : this.atomics
    const int = abs / Dec.SCALE
    const frac = abs % Dec.SCALE
    let s = int.toString()
    if (frac !== 0n) s += `.${frac.toString().padStart(Dec.FRACTIONAL_DIGITS, '0').replace(/0+$/, '')}`
    return neg ? `-${s}` : s
  }

  toJSON(): string {
    return this.toString()
  }

  /** Nearest JS number: for display and charts only, never for money. */
  toNumber(): number {
    return Number(this.toString())
  }

  /** Fixed number of decimals (truncated), for display. */
  toFixed(places: number): string {
    return this.toDecimalJs().toFixed(places, Decimal.ROUND_DOWN)
  }
}

const Precise = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_DOWN })

/** Floor division for bigints (BigInt `/` truncates toward zero). */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q
}

/** Ceiling division for bigints. */
export function ceilDiv(a: bigint, b: bigint): bigint {
  return -floorDiv(-a, b)
}

/** Shorthand for {@link Dec.parse}. */
export function dec(text: string | number | bigint): Dec {
  if (typeof text === 'bigint') return Dec.fromInt(text)
  if (typeof text === 'number') return Dec.fromNumber(text)
  return Dec.parse(text)
}

Object.defineProperty(Dec.prototype, DEC_MARKER, { value: true, enumerable: false })
