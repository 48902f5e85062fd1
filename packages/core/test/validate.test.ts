import { Dec } from '@rebalancer/types'
import { describe, expect, it } from 'vitest'
import {
  assertValidConfig,
  cyclePeriodProblem,
  InvalidConfigError,
  MAX_TIMESTAMP_SECONDS,
  validateConfig,
} from '../src/index.js'
import { config, d } from './fixtures.js'

const good = () =>
  config([
    { denom: 'uatom', bps: 7500, minBalance: 10n },
    { denom: 'untrn', bps: 2500 },
  ])

describe('validateConfig', () => {
  it('accepts a valid configuration, with and without whitelists', () => {
    expect(validateConfig(good())).toEqual([])
    expect(
      validateConfig(good(), { denomWhitelist: ['uatom', 'untrn'], baseDenomWhitelist: ['uatom'] }),
    ).toEqual([])
  })

  it('rejects duplicates instead of merging them (correction 4)', () => {
    const c = config([
      { denom: 'uatom', bps: 5000 },
      { denom: 'untrn', bps: 2500 },
      { denom: 'uatom', bps: 2500 },
    ])
    expect(validateConfig(c)).toEqual([
      'targets[2].denom: denoms must be unique (duplicates are rejected, not merged), "uatom" is also targets[0].denom',
    ])
  })

  it('reports every problem at once, each naming its field', () => {
    const c = config(
      [
        { denom: 'uatom', bps: 0, minBalance: 1n },
        { denom: 'uatom', bps: 10000, minBalance: -1n },
      ],
      {
        pid: { p: d('1.5'), i: d('-0.1'), d: d('-2') },
        maxLimitBps: 0,
        targetOverrideStrategy: 'random' as 'priority',
        baseDenom: 'uxyz',
      },
    )
    const problems = validateConfig(c, { denomWhitelist: ['untrn'], baseDenomWhitelist: ['uatom'] })
    expect(problems).toEqual([
      'baseDenom: must be on the base-denom whitelist, got "uxyz"',
      'targets[0].denom: must be on the denom whitelist, got "uatom"',
      'targets[0].bps: must be in 1..=9999, got 0',
      'targets[1].denom: denoms must be unique (duplicates are rejected, not merged), "uatom" is also targets[0].denom',
      'targets[1].denom: must be on the denom whitelist, got "uatom"',
      'targets[1].bps: must be in 1..=9999, got 10000',
      'targets[1].minBalance: must be a non-negative integer amount (bigint, base units), got -1n',
      'targets: at most one target may have minBalance, got 2 (targets[0], targets[1])',
      'pid.p: must be ≤ 1, got 1.5',
      'pid.i: must be ≥ 0, got -0.1',
      'pid.d: must be ≥ 0, got -2',
      'maxLimitBps: must be an integer in 1..=10000, got 0',
      'targetOverrideStrategy: must be "proportional" or "priority", got "random"',
    ])
  })

  it('checks the target count, the bps sum and integer bps', () => {
    expect(validateConfig(config([{ denom: 'uatom', bps: 9999 }]))).toEqual([
      'targets: at least 2 targets are required, got 1',
      'targets: bps must sum to exactly 10000, got 9999',
    ])
    expect(
      validateConfig(
        config([
          { denom: 'uatom', bps: 5000.5 },
          { denom: 'untrn', bps: 4999.5 },
        ]),
      ),
    ).toEqual([
      'targets[0].bps: must be an integer in 1..=9999, got 5000.5',
      'targets[1].bps: must be an integer in 1..=9999, got 4999.5',
    ])
    expect(
      validateConfig(
        config([
          { denom: 'uatom', bps: 6000 },
          { denom: 'untrn', bps: 3000 },
        ]),
      ),
    ).toEqual(['targets: bps must sum to exactly 10000, got 9000'])
  })

  it('accepts gains at their bounds and d above 1', () => {
    const c = good()
    c.pid = { p: Dec.ONE, i: Dec.ONE, d: d('7') }
    expect(validateConfig(c)).toEqual([])
    c.pid = { p: Dec.ZERO, i: Dec.ZERO, d: Dec.ZERO }
    expect(validateConfig(c)).toEqual([])
    c.maxLimitBps = 10001
    expect(validateConfig(c)).toEqual(['maxLimitBps: must be an integer in 1..=10000, got 10001'])
  })

  it('never throws on malformed input', () => {
    const broken = { baseDenom: 3, targets: 'x', pid: null } as unknown as Parameters<
      typeof validateConfig
    >[0]
    expect(validateConfig(broken)).toEqual([
      'baseDenom: must be a non-empty denom string, got 3',
      'targets: must be a list of targets, got "x"',
      'pid: must be {p, i, d} decimals, got null',
      'maxLimitBps: must be an integer in 1..=10000, got nothing',
      'targetOverrideStrategy: must be "proportional" or "priority", got nothing',
    ])
  })
})

describe('assertValidConfig', () => {
  it('throws an InvalidConfigError listing every problem', () => {
    const c = config([{ denom: 'uatom', bps: 10000 }])
    let caught: unknown
    try {
      assertValidConfig(c)
    } catch (e) {
      caught = e
    }
    expect(caught).toBeInstanceOf(InvalidConfigError)
    const err = caught as InvalidConfigError
    expect(err.problems).toHaveLength(2)
    expect(err.message).toContain('targets: at least 2 targets are required, got 1')
    expect(err.message).toContain('targets[0].bps: must be in 1..=9999, got 10000')
  })

  it('does not throw on a valid configuration', () => {
    expect(() => assertValidConfig(good(), { denomWhitelist: ['uatom', 'untrn'] })).not.toThrow()
  })
})

describe('cyclePeriodProblem: the next cycle must be a valid Timestamp (u64 nanoseconds)', () => {
  const now = Date.UTC(2024, 0, 1) / 1000

  it('the bound is (2^64 - 1) ns in whole seconds', () => {
    expect(MAX_TIMESTAMP_SECONDS).toBe(Number(((1n << 64n) - 1n) / 1_000_000_000n))
  })

  it('accepts whole periods up to the last valid Timestamp, refuses one second more', () => {
    expect(cyclePeriodProblem(86_400, now)).toBeUndefined()
    expect(cyclePeriodProblem(1, now)).toBeUndefined()
    expect(cyclePeriodProblem(MAX_TIMESTAMP_SECONDS - now, now)).toBeUndefined()
    expect(cyclePeriodProblem(MAX_TIMESTAMP_SECONDS - now + 1, now)).toMatch(
      /^cycle_period: the next cycle .* must be a valid Timestamp, at most 18446744073 s/,
    )
  })

  it('refuses 1e15 (issue #9: every tick threw), zero, fractions, non-numbers, naming the field', () => {
    expect(cyclePeriodProblem(1e15, now)).toMatch(/^cycle_period: .*got 1000000000000000$/)
    expect(cyclePeriodProblem(1e15, now, 'admin.update_cycle_period.period')).toMatch(
      /^admin\.update_cycle_period\.period: /,
    )
    for (const bad of [0, -1, 1.5, Number.NaN, 2 ** 53, '86400', null]) {
      expect(cyclePeriodProblem(bad, now), String(bad)).toMatch(
        /^cycle_period: must be a whole number of seconds ≥ 1/,
      )
    }
    expect(cyclePeriodProblem(1n << 60n, now)).toMatch(/must be a valid Timestamp/)
    expect(cyclePeriodProblem(86_400n, now)).toBeUndefined()
  })
})
