import {
  Dec,
  type RebalancerConfig,
  type RebalancerUpdate,
  updateFromWire,
  updateToWire,
} from '@rebalancer/types'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  applyConfigUpdate,
  configFromWire,
  configToWire,
  InvalidConfigError,
  parseConfig,
  RebalancerConfigInput,
  rebalancerConfigSchema,
  safeParseConfig,
  validateConfig,
} from '../src/index.js'
import { d } from './fixtures.js'

const json = () => ({
  baseDenom: 'uatom',
  targets: [
    { denom: 'uatom', bps: 7500, minBalance: '1000000' },
    { denom: 'untrn', bps: 2500 },
  ],
  pid: { p: '0.1', i: '0', d: 0.05 },
  targetOverrideStrategy: 'priority',
})

function problemsOf(input: unknown, options = {}): string[] {
  const r = safeParseConfig(input, options)
  if (r.success) throw new Error('expected problems')
  return r.problems
}

describe('RebalancerConfigInput (zod)', () => {
  it('reads JSON input into the typed config: decimals to Dec, amounts to bigint, max limit default 10000', () => {
    expect(parseConfig(json())).toEqual({
      baseDenom: 'uatom',
      targets: [
        { denom: 'uatom', bps: 7500, minBalance: 1_000_000n },
        { denom: 'untrn', bps: 2500 },
      ],
      pid: { p: d('0.1'), i: Dec.ZERO, d: d('0.05') },
      maxLimitBps: 10000,
      targetOverrideStrategy: 'priority',
    } satisfies RebalancerConfig)
  })

  it('accepts typed configs unchanged, with null meaning absent', () => {
    const typed: RebalancerConfig = {
      baseDenom: 'uatom',
      targets: [
        { denom: 'uatom', bps: 5000 },
        { denom: 'untrn', bps: 5000, minBalance: 0n },
      ],
      pid: { p: Dec.ONE, i: Dec.ONE, d: d('3') },
      maxLimitBps: 1,
      targetOverrideStrategy: 'proportional',
      trustee: 'neutron1trustee',
    }
    expect(RebalancerConfigInput.parse(typed)).toEqual(typed)
    const nulls = {
      ...json(),
      trustee: null,
      targets: [{ denom: 'uatom', bps: 7500, minBalance: null }, json().targets[1]],
    }
    expect(parseConfig(nulls).trustee).toBeUndefined()
    expect(parseConfig(nulls).targets[0]).toEqual({ denom: 'uatom', bps: 7500 })
  })

  it('lists shape and rule problems together, once each, naming the field', () => {
    const bad = {
      baseDenom: 'uatom',
      targets: [
        { denom: 'uatom', bps: 0, minBalance: '12.5' },
        { denom: 'untrn', bps: '2500' },
        { denom: 'uosmo', bps: 10000, weight: 3 },
      ],
      pid: { p: 'fast', i: '2', d: '-1' },
      maxLimitBps: 0,
      targetOverrideStrategy: 'random',
      colour: 'blue',
    }
    expect(problemsOf(bad)).toEqual([
      'targets[0].minBalance: must be an integer amount in base units like "1000000", got "12.5"',
      'targets[1].bps: Invalid input: expected number, received string',
      'targets[2]: Unrecognized key: "weight"',
      'pid.p: must be a decimal like "0.1" (digits, optional "." and at most 18 decimals), got "fast"',
      'input: Unrecognized key: "colour"',
      'targets[0].bps: must be in 1..=9999, got 0',
      'targets[2].bps: must be in 1..=9999, got 10000',
      'pid.i: must be ≤ 1, got 2',
      'pid.d: must be ≥ 0, got -1',
      'maxLimitBps: must be an integer in 1..=10000, got 0',
      'targetOverrideStrategy: must be "proportional" or "priority", got "random"',
    ])
  })

  it('uses exactly the rules of validateConfig', () => {
    const typed = parseConfig(json())
    const broken = { ...typed, targets: [...typed.targets, { denom: 'untrn', bps: 1 }] }
    expect(problemsOf(broken)).toEqual(validateConfig(broken))
  })

  it('checks the whitelists when given', () => {
    expect(problemsOf(json(), { denomWhitelist: ['uatom'], baseDenomWhitelist: ['untrn'] })).toEqual([
      'baseDenom: must be on the base-denom whitelist, got "uatom"',
      'targets[1].denom: must be on the denom whitelist, got "untrn"',
    ])
    expect(rebalancerConfigSchema({ denomWhitelist: ['uatom', 'untrn'] }).safeParse(json()).success).toBe(
      true,
    )
  })

  it('parseConfig throws an InvalidConfigError with every problem', () => {
    expect(() => parseConfig(null)).toThrow(InvalidConfigError)
    try {
      parseConfig({ ...json(), targets: [] })
    } catch (e) {
      expect((e as InvalidConfigError).problems).toEqual([
        'targets: at least 2 targets are required, got 0',
        'targets: bps must sum to exactly 10000, got 0',
      ])
    }
  })
})

describe('wire conversion', () => {
  const wire = {
    trustee: null,
    base_denom: 'uatom',
    targets: [
      { denom: 'uatom', bps: 7500, min_balance: '5' },
      { denom: 'untrn', bps: 2500, min_balance: null },
    ],
    pid: { p: '0.1', i: '0', d: '0' },
    max_limit_bps: null,
    target_override_strategy: 'proportional',
  }

  it('decodes RebalancerData (max_limit_bps null → 10000) and encodes it back', () => {
    const c = configFromWire(wire)
    expect(c).toEqual({
      baseDenom: 'uatom',
      targets: [
        { denom: 'uatom', bps: 7500, minBalance: 5n },
        { denom: 'untrn', bps: 2500 },
      ],
      pid: { p: d('0.1'), i: Dec.ZERO, d: Dec.ZERO },
      maxLimitBps: 10000,
      targetOverrideStrategy: 'proportional',
    })
    expect(configToWire(c)).toEqual({ ...wire, max_limit_bps: 10000 })
  })

  it('names wire fields in problems', () => {
    expect(() => configFromWire({ ...wire, max_limit_bps: 20000 })).toThrow(
      'max_limit_bps: must be an integer in 1..=10000, got 20000',
    )
    expect(() =>
      configFromWire({
        ...wire,
        targets: [
          { ...wire.targets[0], min_balance: '5' },
          { ...wire.targets[1], min_balance: '1' },
        ],
      }),
    ).toThrow('targets: at most one target may have minBalance')
    expect(() => configFromWire({ ...wire, extra: 1 })).toThrow(InvalidConfigError)
    expect(() => configToWire({ ...configFromWire(wire), trustee: 'not an address' })).toThrow(/trustee/)
  })

  it('updates are lossless both ways too, and apply as register validates (property)', () => {
    const addr = 'neutron18svf2f9eltzr4dm2p8q4jnxyu2sjejpggxhcvaspeq8vaj4gdtuqdg2z2f'
    const updateArb: fc.Arbitrary<RebalancerUpdate> = fc.record(
      {
        trustee: fc.constantFrom({ set: addr }, 'clear' as const),
        baseDenom: fc.constantFrom('uatom', 'untrn'),
        targets: fc.constantFrom(
          [
            { denom: 'uatom', bps: 5000 },
            { denom: 'untrn', bps: 5000, minBalance: 7n },
          ],
          [{ denom: 'uatom', bps: 10000 }],
        ),
        pid: fc.record({
          p: fc.bigInt({ min: 0n, max: 2n * 10n ** 18n }).map(Dec.fromAtomics),
          i: fc.constant(Dec.ZERO),
          d: fc.constant(Dec.ONE),
        }),
        maxLimitBps: fc.oneof(
          fc.record({ set: fc.integer({ min: 0, max: 20000 }) }),
          fc.constant('clear' as const),
        ),
        targetOverrideStrategy: fc.constantFrom('proportional' as const, 'priority' as const),
      },
      { requiredKeys: [] },
    )
    fc.assert(
      fc.property(updateArb, (u) => {
        const wire = updateToWire(u)
        expect(updateFromWire(JSON.parse(JSON.stringify(wire)))).toEqual(u)
        const stored = configFromWire({
          base_denom: 'uatom',
          targets: [
            { denom: 'uatom', bps: 6000 },
            { denom: 'untrn', bps: 4000 },
          ],
          pid: { p: '0.1', i: '0', d: '0' },
          target_override_strategy: 'priority',
        })
        let merged: RebalancerConfig | undefined
        let problems: readonly string[] = []
        try {
          merged = applyConfigUpdate(stored, u)
        } catch (e) {
          problems = (e as InvalidConfigError).problems
        }
        if (merged) expect(validateConfig(merged)).toEqual([])
        else expect(problems.length).toBeGreaterThan(0)
      }),
      { numRuns: 200 },
    )
  })

  it('is lossless both ways for every valid config (property)', () => {
    const configArb = fc
      .record({
        n: fc.integer({ min: 2, max: 6 }),
        cuts: fc.uniqueArray(fc.integer({ min: 1, max: 9999 }), { minLength: 5, maxLength: 5 }),
        min: fc.option(fc.record({ at: fc.nat(), amount: fc.bigInt({ min: 0n, max: 2n ** 127n }) })),
        p: fc.bigInt({ min: 0n, max: 10n ** 18n }),
        i: fc.bigInt({ min: 0n, max: 10n ** 18n }),
        d: fc.bigInt({ min: 0n, max: 10n ** 24n }),
        maxLimitBps: fc.integer({ min: 1, max: 10000 }),
        strategy: fc.constantFrom('proportional' as const, 'priority' as const),
      })
      .map((g): RebalancerConfig => {
        const points = [0, ...g.cuts.slice(0, g.n - 1).sort((a, b) => a - b), 10000]
        return {
          baseDenom: 'ubase',
          targets: points.slice(1).map((p, k) => ({
            denom: `udenom${k}`,
            bps: p - points[k]!,
            ...(g.min && g.min.at % g.n === k ? { minBalance: g.min.amount } : {}),
          })),
          pid: { p: Dec.fromAtomics(g.p), i: Dec.fromAtomics(g.i), d: Dec.fromAtomics(g.d) },
          maxLimitBps: g.maxLimitBps,
          targetOverrideStrategy: g.strategy,
        }
      })
    fc.assert(
      fc.property(configArb, (c) => {
        const w = configToWire(c)
        expect(configFromWire(JSON.parse(JSON.stringify(w)))).toEqual(c)
        expect(configToWire(configFromWire(w))).toEqual(w)
      }),
      { numRuns: 200 },
    )
  })
})
