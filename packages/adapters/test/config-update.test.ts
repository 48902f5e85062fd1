/**
 * `diffConfig` / `applyConfigUpdate` (issue #6, item 1: set/clear handled right, nothing silently
 * cleared): applying the diff of two configs gives the second, through the wire encoding too.
 */
import {
  Dec,
  decodeRebalancerData,
  decodeRebalancerUpdateData,
  type RebalancerConfig,
  rebalancerDataToConfig,
  updateFromWire,
} from '@rebalancer/types'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { applyConfigUpdate, diffConfig, isEmptyUpdate, registerData, updateData } from '../src/index.js'
import { SPEC_CONFIG, TRUSTEE, USDC } from './fixtures.js'

const DENOMS = ['uatom', 'untrn', 'uosmo', USDC]

const config: fc.Arbitrary<RebalancerConfig> = fc
  .record({
    n: fc.integer({ min: 2, max: 4 }),
    order: fc.shuffledSubarray(DENOMS, { minLength: 4, maxLength: 4 }),
    cut: fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 4, maxLength: 4 }),
    minIdx: fc.option(fc.nat(3)),
    minBal: fc.bigInt({ min: 0n, max: 10n ** 12n }),
    p: fc.integer({ min: 0, max: 1000 }),
    i: fc.integer({ min: 0, max: 1000 }),
    d: fc.integer({ min: 0, max: 5000 }),
    maxLimit: fc.integer({ min: 1, max: 10000 }),
    strategy: fc.constantFrom('proportional' as const, 'priority' as const),
    trustee: fc.option(fc.constant(TRUSTEE)),
  })
  .map((r) => {
    const denoms = r.order.slice(0, r.n)
    const weights = r.cut.slice(0, r.n)
    const total = weights.reduce((a, b) => a + b, 0)
    const bps = weights.map((w) => Math.max(1, Math.floor((w * 10000) / total)))
    bps[0]! += 10000 - bps.reduce((a, b) => a + b, 0)
    const c: RebalancerConfig = {
      baseDenom: denoms[0]!,
      targets: denoms.map((denom, k) => ({
        denom,
        bps: bps[k]!,
        ...(r.minIdx !== null && r.minIdx % r.n === k ? { minBalance: r.minBal } : {}),
      })),
      pid: {
        p: Dec.fromRatio(BigInt(r.p), 1000n),
        i: Dec.fromRatio(BigInt(r.i), 1000n),
        d: Dec.fromRatio(BigInt(r.d), 1000n),
      },
      maxLimitBps: r.maxLimit,
      targetOverrideStrategy: r.strategy,
    }
    if (r.trustee) c.trustee = r.trustee
    return c
  })
  .filter((c) => c.targets.every((t) => t.bps >= 1 && t.bps <= 9999))

/** Configs compared by their wire form (Dec instances differ by identity). */
const canon = (c: RebalancerConfig) => rebalancerDataToConfig(decodeRebalancerData(registerData(c)))

describe('diffConfig', () => {
  it('apply(from, diff(from, to)) = to, also after the wire encoding (property)', () => {
    fc.assert(
      fc.property(config, config, (from, to) => {
        const diff = diffConfig(from, to)
        expect(canon(applyConfigUpdate(from, diff))).toEqual(canon(to))
        if (isEmptyUpdate(diff)) {
          expect(canon(from)).toEqual(canon(to))
          return
        }
        const wire = updateFromWire(decodeRebalancerUpdateData(updateData(diff)))
        expect(canon(applyConfigUpdate(from, wire))).toEqual(canon(to))
      }),
      { numRuns: 300 },
    )
  })

  it('a removed trustee is an explicit clear; an unchanged one is not sent', () => {
    const withTrustee = { ...SPEC_CONFIG, trustee: TRUSTEE }
    expect(diffConfig(withTrustee, SPEC_CONFIG)).toEqual({ trustee: 'clear' })
    expect(diffConfig(SPEC_CONFIG, withTrustee)).toEqual({ trustee: { set: TRUSTEE } })
    expect(diffConfig(withTrustee, { ...withTrustee, maxLimitBps: 10000 })).toEqual({
      maxLimitBps: { set: 10000 },
    })
    expect(diffConfig(SPEC_CONFIG, { ...SPEC_CONFIG })).toEqual({})
  })

  it('targets are sent whole when only the order or a min balance changes', () => {
    const reordered = { ...SPEC_CONFIG, targets: [...SPEC_CONFIG.targets].reverse() }
    expect(diffConfig(SPEC_CONFIG, reordered).targets).toEqual(reordered.targets)
    const withMin = {
      ...SPEC_CONFIG,
      targets: [{ ...SPEC_CONFIG.targets[0]!, minBalance: 5n }, SPEC_CONFIG.targets[1]!],
    }
    expect(diffConfig(SPEC_CONFIG, withMin).targets).toEqual(withMin.targets)
    expect(diffConfig(withMin, SPEC_CONFIG).targets).toEqual(SPEC_CONFIG.targets)
  })

  it('applyConfigUpdate keeps every absent field and restores 10000 on clear', () => {
    const base = { ...SPEC_CONFIG, trustee: TRUSTEE }
    expect(applyConfigUpdate(base, {})).toEqual(base)
    expect(applyConfigUpdate(base, { targets: [] })).toEqual(base)
    expect(applyConfigUpdate(base, { maxLimitBps: 'clear' }).maxLimitBps).toBe(10000)
    expect(applyConfigUpdate(base, { trustee: 'clear' })).not.toHaveProperty('trustee')
  })
})

describe('one implementation each (issue #10, duplication)', () => {
  it('normalizeCoins is types’ one coin normaliser; diffConfig/isEmptyUpdate are core’s', async () => {
    const adapters = await import('../src/index.js')
    const types = await import('@rebalancer/types')
    const core = await import('@rebalancer/core')
    expect(adapters.normalizeCoins).toBe(types.normalizeCoins)
    expect(adapters.diffConfig).toBe(core.diffConfig)
    expect(adapters.isEmptyUpdate).toBe(core.isEmptyUpdate)
    expect(
      types.normalizeCoins([
        { denom: 'untrn', amount: 2n },
        { denom: 'uatom', amount: '1' },
        { denom: 'untrn', amount: 0n },
        { denom: 'untrn', amount: '3' },
      ]),
    ).toEqual([
      { denom: 'uatom', amount: '1' },
      { denom: 'untrn', amount: '5' },
    ])
    expect(() => types.normalizeCoins('x' as never)).toThrow(/funds: expected a list of coins/)
  })
})

describe('resolveNetwork errors', () => {
  it('an unknown preset is a RebalancerError with code unknown_network and path network', async () => {
    const { resolveNetwork } = await import('../src/index.js')
    const { RebalancerError } = await import('@rebalancer/types')
    let caught: unknown
    try {
      resolveNetwork('nowhere')
    } catch (e) {
      caught = e
    }
    expect(RebalancerError.isInstance(caught)).toBe(true)
    expect((caught as InstanceType<typeof RebalancerError>).code).toBe('unknown_network')
    expect((caught as InstanceType<typeof RebalancerError>).path).toEqual(['network'])
    expect((caught as Error).message).toMatch(/unknown network "nowhere", expected one of /)
  })
})
