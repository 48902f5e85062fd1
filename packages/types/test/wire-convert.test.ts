/**
 * Conversion between wire RebalancerData / RebalancerUpdateData and the domain types
 * (wire-formats.md, "Account"; portfolio-computer.md, "Configuration"), base64 service data,
 * and round-trip properties.
 */
import { toBech32 } from '@cosmjs/encoding'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Dec } from '../src/dec.js'
import type { RebalancerConfig } from '../src/domain.js'
import {
  configToRebalancerData,
  decodeRebalancerData,
  decodeRebalancerUpdateData,
  decodeServiceData,
  encodeServiceData,
  fromJsonBinary,
  parseWire,
  type RebalancerData,
  RebalancerData as RebalancerDataSchema,
  type RebalancerUpdate,
  type RebalancerUpdateData,
  RebalancerUpdateData as RebalancerUpdateDataSchema,
  rebalancerDataToConfig,
  toJsonBinary,
  updateFromWire,
  updateToWire,
  WireError,
} from '../src/wire/index.js'
import { REBALANCER_DATA_EXAMPLE, TRUSTEE, USDC } from './wire-fixtures.js'

const U128_MAX = (1n << 128n) - 1n

describe('RebalancerData ↔ RebalancerConfig', () => {
  const example = parseWire(RebalancerDataSchema, REBALANCER_DATA_EXAMPLE, 'RebalancerData')

  it('converts the spec example', () => {
    const config = rebalancerDataToConfig(example)
    expect(config).toEqual({
      baseDenom: 'untrn',
      targets: [
        { denom: 'untrn', bps: 9000 },
        { denom: USDC, bps: 1000 },
      ],
      pid: { p: Dec.parse('0.1'), i: Dec.ZERO, d: Dec.ZERO },
      maxLimitBps: 500,
      targetOverrideStrategy: 'proportional',
    })
    expect('trustee' in config).toBe(false)
    expect(config.pid.p.atomics).toBe(100_000_000_000_000_000n)
  })

  it('writes the spec example back byte for byte (field order included)', () => {
    const back = configToRebalancerData(rebalancerDataToConfig(example))
    expect(JSON.stringify(back)).toBe(JSON.stringify(REBALANCER_DATA_EXAMPLE))
  })

  it('absent or null max_limit_bps means 10000; null trustee means none', () => {
    const { max_limit_bps: _m, trustee: _t, ...rest } = REBALANCER_DATA_EXAMPLE
    const absent = rebalancerDataToConfig(parseWire(RebalancerDataSchema, rest, 'RebalancerData'))
    expect(absent.maxLimitBps).toBe(10000)
    expect(absent.trustee).toBeUndefined()
    const nulls = rebalancerDataToConfig(
      parseWire(RebalancerDataSchema, { ...REBALANCER_DATA_EXAMPLE, max_limit_bps: null }, 'RebalancerData'),
    )
    expect(nulls.maxLimitBps).toBe(10000)
  })

  it('keeps min_balance as bigint and the target order', () => {
    const wire = {
      ...REBALANCER_DATA_EXAMPLE,
      trustee: TRUSTEE,
      targets: [
        { denom: USDC, bps: 1000, min_balance: U128_MAX.toString() },
        { denom: 'untrn', bps: 9000, min_balance: null },
      ],
    }
    const config = rebalancerDataToConfig(parseWire(RebalancerDataSchema, wire, 'RebalancerData'))
    expect(config.targets.map((t) => t.denom)).toEqual([USDC, 'untrn'])
    expect(config.targets[0]!.minBalance).toBe(U128_MAX)
    expect(config.trustee).toBe(TRUSTEE)
    expect(configToRebalancerData(config)).toEqual(wire)
  })

  it('normalises non-canonical decimals', () => {
    const wire = { ...REBALANCER_DATA_EXAMPLE, pid: { p: '0.10', i: '00', d: '0.000' } }
    const back = configToRebalancerData(
      rebalancerDataToConfig(parseWire(RebalancerDataSchema, wire, 'RebalancerData')),
    )
    expect(back.pid).toEqual({ p: '0.1', i: '0', d: '0' })
  })

  it('refuses a config the wire cannot carry, naming the field', () => {
    const config = rebalancerDataToConfig(example)
    expect(() => configToRebalancerData({ ...config, pid: { ...config.pid, d: Dec.parse('-1') } })).toThrow(
      'RebalancerData: invalid Decimal "-1": expected digits with an optional "." and 1 to 18 fractional digits at pid.d',
    )
    expect(() =>
      configToRebalancerData({ ...config, targets: [{ denom: 'untrn', bps: 1, minBalance: -5n }] }),
    ).toThrow(WireError)
    expect(() => configToRebalancerData({ ...config, maxLimitBps: 1.5 })).toThrow(/at max_limit_bps$/)
    expect(() => configToRebalancerData({ ...config, trustee: 'not-an-address' })).toThrow(/at trustee$/)
  })
})

describe('base64 service data', () => {
  it('encodes JSON text as base64 (same as Buffer), browser-safe', () => {
    const v = { a: 'ü€😀', n: 1 }
    expect(encodeServiceData(v)).toBe(Buffer.from(JSON.stringify(v), 'utf8').toString('base64'))
    expect(decodeServiceData(encodeServiceData(v))).toEqual(v)
    expect(toJsonBinary).toBe(encodeServiceData)
    expect(fromJsonBinary).toBe(decodeServiceData)
  })
  it('decodes register/update data', () => {
    expect(decodeRebalancerData(encodeServiceData(REBALANCER_DATA_EXAMPLE))).toEqual(REBALANCER_DATA_EXAMPLE)
    expect(decodeRebalancerUpdateData(encodeServiceData({ targets: [], trustee: 'clear' }))).toEqual({
      targets: [],
      trustee: 'clear',
    })
    expect(() => decodeRebalancerData(encodeServiceData({ ...REBALANCER_DATA_EXAMPLE, pid: null }))).toThrow(
      'RebalancerData: invalid type: null, expected a map at pid',
    )
  })
  it('decodes what it just encoded like any other text: a fresh equal value each time (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const b64 = encodeServiceData(v)
        const first = decodeServiceData(b64)
        const expected = JSON.parse(JSON.stringify(v))
        expect(first).toEqual(expected)
        // the same data decoded through the full rules: a text our encoder never makes (a leading
        // space in the JSON), so never one of the cached encodings
        const other = Buffer.from(` ${JSON.stringify(v)}`, 'utf8').toString('base64')
        expect(other).not.toBe(b64)
        expect(decodeServiceData(other)).toEqual(expected)
        if (first !== null && typeof first === 'object') {
          ;(first as Record<string, unknown>).changed = true
          expect(decodeServiceData(b64)).toEqual(expected)
        }
      }),
    )
  })
  it('rejects bad base64, bad UTF-8 and non-JSON with WireError', () => {
    expect(() => decodeServiceData('not base64!')).toThrow(WireError)
    expect(() => decodeServiceData('/w==')).toThrow(/invalid UTF-8/)
    expect(() => decodeServiceData(btoa('{nope'))).toThrow(/not JSON/)
  })
})

describe('RebalancerUpdate ↔ RebalancerUpdateData', () => {
  it('converts set/clear and omits unset fields', () => {
    const update: RebalancerUpdate = {
      trustee: { set: TRUSTEE },
      maxLimitBps: 'clear',
      pid: { p: Dec.parse('0.2'), i: Dec.ZERO, d: Dec.ZERO },
    }
    const wire = updateToWire(update)
    expect(wire).toEqual({
      trustee: { set: TRUSTEE },
      targets: [],
      pid: { p: '0.2', i: '0', d: '0' },
      max_limit_bps: 'clear',
    })
    expect(updateFromWire(wire)).toEqual(update)
    expect(updateToWire({})).toEqual({ targets: [] })
  })
  it('null and absent fields keep; targets [] keeps', () => {
    const wire = parseWire(
      RebalancerUpdateDataSchema,
      {
        trustee: null,
        base_denom: null,
        targets: [],
        pid: null,
        max_limit_bps: null,
        target_override_strategy: null,
      },
      'RebalancerUpdateData',
    )
    expect(updateFromWire(wire)).toEqual({})
  })
  it('refuses values the wire cannot carry', () => {
    expect(() => updateToWire({ maxLimitBps: { set: -1 } })).toThrow(/at max_limit_bps\.set$/)
    expect(() => updateToWire({ trustee: { set: 'x' } })).toThrow(/at trustee\.set$/)
  })
})

// ---------------------------------------------------------------------------------------------
// Properties

const denomArb = fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9/:._-]{2,24}$/)
const addrArb = fc
  .tuple(fc.constantFrom('neutron', 'cosmos', 'osmo'), fc.uint8Array({ minLength: 20, maxLength: 32 }))
  .map(([prefix, bytes]) => toBech32(prefix, bytes))
const u128Arb = fc.bigInt({ min: 0n, max: U128_MAX })
const decArb = u128Arb.map((a) => Dec.fromAtomics(a))
const bpsArb = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })
const strategyArb = fc.constantFrom('proportional' as const, 'priority' as const)
const pidArb = fc.record({ p: decArb, i: decArb, d: decArb })
const targetArb = fc.record(
  { denom: denomArb, bps: bpsArb, minBalance: u128Arb },
  { requiredKeys: ['denom', 'bps'] },
)
const targetsArb = fc.uniqueArray(targetArb, { selector: (t) => t.denom, maxLength: 6 })

const configArb: fc.Arbitrary<RebalancerConfig> = fc.record(
  {
    baseDenom: denomArb,
    targets: targetsArb,
    pid: pidArb,
    maxLimitBps: bpsArb,
    targetOverrideStrategy: strategyArb,
    trustee: addrArb,
  },
  { requiredKeys: ['baseDenom', 'targets', 'pid', 'maxLimitBps', 'targetOverrideStrategy'] },
)

/** Canonical chain decimal text, built independently of Dec: no leading or trailing zeros. */
const decimalTextArb = fc
  .tuple(
    fc.bigInt({ min: 0n, max: 10n ** 20n }),
    fc.option(fc.stringMatching(/^[0-9]{0,17}[1-9]$/), { nil: undefined }),
  )
  .map(([int, frac]) => (frac === undefined ? int.toString() : `${int}.${frac}`))
const pidWireArb = fc.record({ p: decimalTextArb, i: decimalTextArb, d: decimalTextArb })
const targetWireArb = fc.record({
  denom: denomArb,
  bps: bpsArb,
  min_balance: fc.option(u128Arb.map(String), { nil: null }),
})
const targetsWireArb = fc.uniqueArray(targetWireArb, { selector: (t) => t.denom, maxLength: 6 })

/** Canonical wire data: every field present, decimals in shortest form. */
const wireArb: fc.Arbitrary<RebalancerData> = fc.record({
  trustee: fc.option(addrArb, { nil: null }),
  base_denom: denomArb,
  targets: targetsWireArb,
  pid: pidWireArb,
  max_limit_bps: bpsArb,
  target_override_strategy: strategyArb,
})

const optionalUpdateArb = <T>(value: fc.Arbitrary<T>) =>
  fc.oneof(
    fc.constant('clear' as const),
    value.map((set) => ({ set })),
  )

const updateArb: fc.Arbitrary<RebalancerUpdate> = fc.record(
  {
    trustee: optionalUpdateArb(addrArb),
    baseDenom: denomArb,
    targets: targetsArb.filter((t) => t.length > 0),
    pid: pidArb,
    maxLimitBps: optionalUpdateArb(bpsArb),
    targetOverrideStrategy: strategyArb,
  },
  { requiredKeys: [] },
)

const updateWireArb: fc.Arbitrary<RebalancerUpdateData> = fc.record(
  {
    trustee: optionalUpdateArb(addrArb),
    base_denom: denomArb,
    targets: targetsWireArb,
    pid: pidWireArb,
    max_limit_bps: optionalUpdateArb(bpsArb),
    target_override_strategy: strategyArb,
  },
  { requiredKeys: ['targets'] },
)

describe('round trips (fast-check)', () => {
  it('config → wire → config is the identity', () => {
    fc.assert(
      fc.property(configArb, (config) => {
        const wire = configToRebalancerData(config)
        expect(RebalancerDataSchema.safeParse(wire).success).toBe(true)
        expect(rebalancerDataToConfig(wire)).toEqual(config)
      }),
      { numRuns: 300 },
    )
  })

  it('wire → config → wire is the identity for canonical wire data', () => {
    fc.assert(
      fc.property(wireArb, (wire) => {
        const parsed = parseWire(RebalancerDataSchema, wire, 'RebalancerData')
        expect(configToRebalancerData(rebalancerDataToConfig(parsed))).toEqual(wire)
      }),
      { numRuns: 300 },
    )
  })

  it('wire → base64 → wire is the identity', () => {
    fc.assert(
      fc.property(wireArb, (wire) => {
        expect(decodeRebalancerData(encodeServiceData(wire))).toEqual(wire)
      }),
      { numRuns: 100 },
    )
  })

  it('update → wire → update is the identity', () => {
    fc.assert(
      fc.property(updateArb, (update) => {
        expect(updateFromWire(updateToWire(update))).toEqual(update)
      }),
      { numRuns: 300 },
    )
  })

  it('wire update → update → wire update is the identity for canonical wire data', () => {
    fc.assert(
      fc.property(updateWireArb, (wire) => {
        const parsed = parseWire(RebalancerUpdateDataSchema, wire, 'RebalancerUpdateData')
        expect(updateToWire(updateFromWire(parsed))).toEqual(wire)
      }),
      { numRuns: 300 },
    )
  })
})
