import { Dec, type RebalancerConfig, updateFromWire } from '@rebalancer/types'
import { describe, expect, it } from 'vitest'
import { applyConfigUpdate, stateForConfig, updateProblems } from '../src/index.js'
import { config, d } from './fixtures.js'

const stored: RebalancerConfig = config(
  [
    { denom: 'uatom', bps: 7500, minBalance: 10n },
    { denom: 'untrn', bps: 2500 },
  ],
  { maxLimitBps: 500, trustee: 'neutron1trustee' },
)

describe('applyConfigUpdate', () => {
  it('keeps every field that the update leaves out, and targets on []', () => {
    expect(applyConfigUpdate(stored, {})).toEqual(stored)
    expect(applyConfigUpdate(stored, { targets: [] })).toEqual(stored)
  })

  it('replaces the fields it sets', () => {
    const next = applyConfigUpdate(stored, {
      baseDenom: 'untrn',
      targets: [
        { denom: 'untrn', bps: 4000 },
        { denom: 'uosmo', bps: 6000 },
      ],
      pid: { p: d('0.2'), i: d('0.01'), d: Dec.ZERO },
      maxLimitBps: { set: 300 },
      targetOverrideStrategy: 'priority',
      trustee: { set: 'neutron1other' },
    })
    expect(next).toEqual({
      baseDenom: 'untrn',
      targets: [
        { denom: 'untrn', bps: 4000 },
        { denom: 'uosmo', bps: 6000 },
      ],
      pid: { p: d('0.2'), i: d('0.01'), d: Dec.ZERO },
      maxLimitBps: 300,
      targetOverrideStrategy: 'priority',
      trustee: 'neutron1other',
    })
  })

  it("'clear' removes the trustee and restores max_limit_bps to 10000", () => {
    const next = applyConfigUpdate(stored, { trustee: 'clear', maxLimitBps: 'clear' })
    expect(next.maxLimitBps).toBe(10000)
    expect('trustee' in next).toBe(false)
  })

  it('takes the wire form through updateFromWire', () => {
    const u = updateFromWire({ targets: [], max_limit_bps: { set: 42 }, trustee: 'clear' })
    const { trustee: _, ...withoutTrustee } = stored
    expect(applyConfigUpdate(stored, u)).toEqual({ ...withoutTrustee, maxLimitBps: 42 })
  })

  it('does not mutate its inputs', () => {
    const copy = structuredClone(stored)
    const update = { maxLimitBps: { set: 1 } } as const
    applyConfigUpdate(stored, update)
    expect(stored).toEqual(copy)
  })
})

describe('stateForConfig', () => {
  it('keeps the state of remaining targets only', () => {
    const state = {
      lastRebalance: 5,
      targets: { uatom: { lastInput: d('1'), lastI: d('2') }, ugone: { lastInput: null, lastI: d('3') } },
    }
    expect(stateForConfig(state, stored)).toEqual({
      lastRebalance: 5,
      targets: { uatom: { lastInput: d('1'), lastI: d('2') } },
    })
  })
})

describe('updateProblems: the rules an update breaks on its own (correction 8)', () => {
  it('checks only the fields the update carries, with the registration rules', () => {
    expect(updateProblems({})).toEqual([])
    expect(updateProblems({ targets: [] })).toEqual([]) // [] keeps the targets
    expect(updateProblems({ maxLimitBps: 'clear', trustee: 'clear' })).toEqual([])
    expect(updateProblems({ maxLimitBps: { set: 0 } })).toEqual([
      { path: ['maxLimitBps'], rule: 'must be an integer in 1..=10000, got 0' },
    ])
    const problems = updateProblems({
      targets: [
        { denom: 'uatom', bps: 6000 },
        { denom: 'uatom', bps: 3000 },
      ],
      pid: { p: Dec.parse('1.5'), i: Dec.ZERO, d: Dec.ZERO },
    })
    expect(problems.map((p) => p.path.join('.'))).toEqual(['targets.1.denom', 'targets', 'pid.p'])
    // whitelists apply to carried fields only
    expect(updateProblems({ baseDenom: 'uosmo' }, { baseDenomWhitelist: ['uatom'] })).toEqual([
      { path: ['baseDenom'], rule: 'must be on the base-denom whitelist, got "uosmo"' },
    ])
    expect(
      updateProblems({ pid: { p: Dec.ONE, i: Dec.ZERO, d: Dec.ZERO } }, { baseDenomWhitelist: ['uatom'] }),
    ).toEqual([])
  })
})

describe('config algebra in core: diffConfig / isEmptyUpdate next to applyConfigUpdate', () => {
  it('applyConfigUpdate(from, diffConfig(from, to)) is to; an empty diff is an empty update', async () => {
    const core = await import('../src/index.js')
    const from = config([
      { denom: 'uatom', bps: 7500 },
      { denom: 'untrn', bps: 2500 },
    ])
    const to = { ...from, trustee: undefined, maxLimitBps: 500, targets: [...from.targets].reverse() }
    const update = core.diffConfig({ ...from, trustee: 'neutron1335hded4gyzpt00fpz75mms4m7ck02wg74uqyn' }, to)
    expect(update.trustee).toBe('clear')
    expect(update.maxLimitBps).toEqual({ set: 500 })
    expect(core.isEmptyUpdate(update)).toBe(false)
    const { trustee: _t, ...expected } = to
    expect(core.applyConfigUpdate(from, update)).toEqual(expected)
    expect(core.isEmptyUpdate(core.diffConfig(from, { ...from }))).toBe(true)
  })

  it('one whitelist vocabulary: ConfigWhitelists {denomWhitelist, baseDenomWhitelist}', async () => {
    const core = await import('../src/index.js')
    const c = config([
      { denom: 'uatom', bps: 7500 },
      { denom: 'untrn', bps: 2500 },
    ])
    const whitelists: import('../src/index.js').ConfigWhitelists = {
      denomWhitelist: ['uatom'],
      baseDenomWhitelist: ['uatom'],
    }
    expect(() => core.applyConfigUpdate(c, {}, whitelists)).toThrow(/untrn/)
  })
})
