import Decimal from 'decimal.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ceilDiv, Dec, DecError, floorDiv } from '../src/dec.js'
import { RebalancerError } from '../src/errors.js'

const D = Decimal.clone({ precision: 100 })
/** decimal.js as an independent reference: exact product/quotient truncated toward zero to 18 places. */
const ref = (d: Decimal) => Dec.parse(d.toDecimalPlaces(18, Decimal.ROUND_DOWN).toFixed(18))
const atomics = fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n })

describe('Dec18', () => {
  it('parses and prints the chain text form', () => {
    expect(Dec.parse('1.5').toString()).toBe('1.5')
    expect(Dec.parse('0').toString()).toBe('0')
    expect(Dec.parse('-0.25').toString()).toBe('-0.25')
    expect(Dec.parse('1.500000000000000000').toString()).toBe('1.5')
    expect(Dec.parse('0.000000000000000001').atomics).toBe(1n)
    expect(Dec.parse('12').atomics).toBe(12n * Dec.SCALE)
  })

  it('rejects text the chain rejects, saying why', () => {
    expect(() => Dec.parse('1.0000000000000000001')).toThrow(/more than 18 fractional digits/)
    expect(() => Dec.parse('1e5')).toThrow(/invalid decimal/)
    expect(() => Dec.parse('+1')).toThrow(/invalid decimal/)
    expect(() => Dec.parse(' 1')).toThrow(/invalid decimal/)
    expect(() => Dec.parse('.5')).toThrow(/invalid decimal/)
  })

  it('truncates toward zero after multiply and divide, like cosmwasm_std::Decimal', () => {
    expect(Dec.ONE.div(Dec.fromInt(3)).toString()).toBe('0.333333333333333333')
    expect(Dec.fromInt(2).div(Dec.fromInt(3)).toString()).toBe('0.666666666666666666')
    expect(Dec.fromInt(-2).div(Dec.fromInt(3)).toString()).toBe('-0.666666666666666666')
    expect(Dec.parse('0.000000000000000001').mul(Dec.parse('0.5')).toString()).toBe('0')
    // the auction spec's linear price: 1.8 − (0.6 / 28800) × 14400
    const perBlock = Dec.parse('0.6').div(Dec.fromInt(28_800))
    expect(Dec.parse('1.8').sub(perBlock.mulInt(14_400n)).toString()).toBe('1.5000000000000048')
  })

  it('matches decimal.js truncated to 18 places for random products and quotients', () => {
    fc.assert(
      fc.property(atomics, atomics, (a, b) => {
        const x = Dec.fromAtomics(a)
        const y = Dec.fromAtomics(b)
        const dx = new D(x.toString())
        const dy = new D(y.toString())
        expect(x.mul(y).eq(ref(dx.times(dy)))).toBe(true)
        if (b !== 0n) expect(x.div(y).eq(ref(dx.div(dy)))).toBe(true)
        expect(Dec.parse(x.toString()).eq(x)).toBe(true)
      }),
      { numRuns: 500 },
    )
  })

  it('rounds amounts with floor and ceil, and counts integers exactly', () => {
    expect(Dec.parse('1.5').mulCeil(3n)).toBe(5n)
    expect(Dec.parse('1.5').mulFloor(3n)).toBe(4n)
    expect(Dec.parse('-1.5').floor()).toBe(-2n)
    expect(Dec.parse('-1.5').ceil()).toBe(-1n)
    expect(Dec.parse('2').ceil()).toBe(2n)
    expect(floorDiv(-7n, 2n)).toBe(-4n)
    expect(ceilDiv(7n, 2n)).toBe(4n)
    fc.assert(
      fc.property(atomics, (a) => {
        const x = Dec.fromAtomics(a)
        expect(x.floor() <= x.ceil()).toBe(true)
        expect(x.ceil() - x.floor() <= 1n).toBe(true)
        expect(Dec.fromInt(x.floor()).lte(x) && Dec.fromInt(x.ceil()).gte(x)).toBe(true)
      }),
    )
  })

  it('reads JS numbers and exponent text through decimal.js, truncating', () => {
    expect(Dec.fromNumber(0.1).toString()).toBe('0.1')
    expect(Dec.fromNumber(1e-7).toString()).toBe('0.0000001')
    expect(Dec.fromDecimalString('1.23e2').toString()).toBe('123')
    expect(Dec.fromDecimalString('0.1234567890123456789999').toString()).toBe('0.123456789012345678')
    expect(() => Dec.fromNumber(Number.NaN)).toThrow(/not finite/)
    expect(() => Dec.fromRatio(1n, 0n)).toThrow(/division by zero/)
    expect(() => Dec.ONE.div(Dec.ZERO)).toThrow(/division by zero/)
  })

  it('refuses bad input with a DecError naming the rule (code per rule), never a bare RangeError', () => {
    const cases: [() => unknown, string, RegExp][] = [
      [() => Dec.parse('1e3'), 'invalid_decimal', /invalid decimal "1e3"/],
      [() => Dec.parse('0.1234567890123456789'), 'invalid_decimal', /more than 18 fractional digits/],
      [() => Dec.fromDecimalString('abc'), 'invalid_decimal', /invalid decimal "abc"/],
      [() => Dec.fromInt(0.5), 'not_safe_integer', /Dec.fromInt: 0.5 is not a safe integer/],
      [() => Dec.fromNumber(Number.POSITIVE_INFINITY), 'not_finite', /not finite/],
      [() => Dec.fromRatio(1n, 0n), 'division_by_zero', /Dec.fromRatio: division by zero/],
      [() => Dec.ONE.div(Dec.ZERO), 'division_by_zero', /Dec.div: division by zero/],
      [() => Dec.parse('-1').assertNonNegative('price'), 'negative', /price must not be negative, got -1/],
      [() => Dec.parse('-4').sqrt(), 'negative', /sqrt argument must not be negative/],
    ]
    for (const [run, code, message] of cases) {
      let e: unknown
      try {
        run()
      } catch (err) {
        e = err
      }
      expect(DecError.isInstance(e)).toBe(true)
      expect(RebalancerError.isInstance(e)).toBe(true)
      expect(e).not.toBeInstanceOf(RangeError)
      expect(e).toMatchObject({ name: 'DecError', code })
      expect((e as Error).message).toMatch(message)
    }
  })

  it('serialises to the wire text in JSON', () => {
    expect(JSON.stringify({ p: Dec.parse('0.10') })).toBe('{"p":"0.1"}')
  })
})
