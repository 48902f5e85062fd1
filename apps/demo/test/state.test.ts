import { parseScenario, ScenarioError } from '@rebalancer/sim'
import { DEFAULT_SCENARIO } from '@rebalancer/types'
import { describe, expect, it } from 'vitest'
import {
  accountDraft,
  defaultDraft,
  draftScenario,
  fieldKey,
  newAccount,
  problemsByField,
} from '../src/draft.js'
import { decodeState, encodeState, type PageState } from '../src/url-state.js'

function problemsOf(input: unknown) {
  try {
    parseScenario(input)
  } catch (e) {
    if (ScenarioError.isInstance(e)) return e.problems
    throw e
  }
  return []
}

describe('the form draft', () => {
  it('describes the default scenario exactly', () => {
    expect(parseScenario(draftScenario(defaultDraft()))).toEqual(parseScenario(DEFAULT_SCENARIO))
  })

  it('round-trips every speed and trigger mode through the scenario', () => {
    const a = newAccount(3)
    const cases = [
      { speed: { ...a.speed, mode: 'gains' as const, p: '0.3', i: '0.01', d: '0' } },
      { speed: { ...a.speed, mode: 'wish' as const, within_pp: '2', days: '45' } },
      { trigger: { ...a.trigger, mode: 'calendar' as const, every_cycles: '30' } },
      { trigger: { ...a.trigger, mode: 'threshold' as const, absolute_pp: '4' } },
      { trigger: { ...a.trigger, mode: 'five25' as const } },
      { trigger: { ...a.trigger, mode: 'hybrid' as const, every_cycles: '91', absolute_pp: '5' } },
    ]
    for (const c of cases) {
      const d = { ...defaultDraft(), accounts: [{ ...a, ...c }] }
      const s = parseScenario(draftScenario(d))
      expect(accountDraft(s.accounts[0]!)).toEqual(d.accounts[0])
    }
  })

  it('passes bad text on so that the schema names the field, and groups problems by input', () => {
    const typo = defaultDraft()
    typo.accounts[0]!.targets[0]!.bps = '9o00'
    // shape problems first (the scenario's schema), then the rules (core's configProblems)
    expect(problemsOf(draftScenario(typo))).toEqual([
      { path: ['accounts', 0, 'targets', 0, 'bps'], message: 'must be a whole number of bps' },
    ])
    const d = defaultDraft()
    d.accounts[1]!.targets[0]!.bps = '3000'
    d.accounts[1]!.max_limit_bps = '0'
    const problems = problemsOf(draftScenario(d))
    const keys = new Set([
      'accounts.0.targets.0.bps',
      'accounts.1.targets',
      'accounts.1.targets.0.bps',
      'accounts.1.max_limit_bps',
    ])
    const byField = problemsByField(problems, keys)
    expect(byField.get('accounts.1.max_limit_bps')?.[0]).toMatch(/1\.\.=10000/)
    // the sum rule is the list's, shown at the targets
    expect([...byField.keys()].some((k) => k.startsWith('accounts.1.targets'))).toBe(true)
    expect(byField.get('')).toBeUndefined()
  })

  it('puts a problem with no input of its own at its nearest ancestor, or at the top', () => {
    const byField = problemsByField(
      [
        { path: ['accounts', 0, 'targets', 1, 'denom'], message: 'must be unique' },
        { path: ['market_makers', 0, 'name'], message: 'must not be empty' },
      ],
      new Set(['accounts.0.targets']),
    )
    expect(byField.get('accounts.0.targets')).toEqual(['1.denom must be unique'])
    expect(byField.get('')).toEqual([
      'market_makers.0.name must be unique'.replace('be unique', 'not be empty'),
    ])
    expect(fieldKey(['accounts', 2, 'speed', 'p'])).toBe('accounts.2.speed.p')
  })
})

describe('the URL state', () => {
  const state: PageState = { v: 1, tab: 'backtest', draft: defaultDraft(), strategies: ['as written'] }

  it('round-trips, unicode included, in URL-safe characters', () => {
    const s = {
      ...state,
      draft: { ...state.draft, accounts: [{ ...state.draft.accounts[0]!, name: 'Trésor ✓' }] },
    }
    const hash = encodeState(s)
    expect(hash).toMatch(/^#s=[A-Za-z0-9_-]+$/)
    expect(decodeState(hash)).toEqual({ state: s })
  })

  it('reads an empty hash as no state', () => {
    expect(decodeState('')).toBeNull()
    expect(decodeState('#')).toBeNull()
  })

  it('says what is wrong with a bad link', () => {
    expect(decodeState('#x=1')).toEqual({ error: 'the link\'s state must start with "#s="' })
    expect(decodeState('#s=!!!')).toEqual({ error: "the link's state is not base64url-encoded JSON" })
    expect(decodeState(`#s=${btoa('{nope')}`)).toEqual({
      error: "the link's state is not base64url-encoded JSON",
    })
    const bad = encodeState({ ...state, tab: 'nowhere' as PageState['tab'] })
    expect(decodeState(bad)).toMatchObject({
      error: expect.stringMatching(/^the link's state is not valid: tab: /),
    })
    const extra = encodeState({ ...state, extra: 1 } as PageState)
    expect(decodeState(extra)).toMatchObject({ error: expect.stringMatching(/not valid: .*extra/) })
  })

  it("carries the Export panel's choices and refuses an unknown field or action", () => {
    const s: PageState = {
      ...state,
      export: {
        account: 1,
        action: 'fund',
        route: 'polytone',
        fields: { daoCore: 'juno1dao', moduleKind: 'pre_propose' },
        funds: { untrn: '1000000' },
        overrides: { uosmo: 'ibc/ABC' },
      },
    }
    expect(decodeState(encodeState(s))).toEqual({ state: s })
    const unknownField = encodeState({
      ...s,
      export: { ...s.export!, fields: { colour: 'red' } as NonNullable<PageState['export']>['fields'] },
    })
    expect(decodeState(unknownField)).toMatchObject({
      error: expect.stringMatching(/^the link's state is not valid: export\.fields/),
    })
    const badAction = encodeState({
      ...s,
      export: { ...s.export!, action: 'withdraw' as NonNullable<PageState['export']>['action'] },
    })
    expect(decodeState(badAction)).toMatchObject({
      error: expect.stringMatching(/^the link's state is not valid: export\.action/),
    })
  })
})
