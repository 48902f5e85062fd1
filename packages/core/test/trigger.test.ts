import { Dec, type RebalanceState, TriggerWire } from '@rebalancer/types'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  computeRebalance,
  evaluateTrigger,
  InvalidTriggerError,
  parseTrigger,
  realisedVolatility,
  rebalanceIfTriggered,
  type Trigger,
  type TriggerContext,
  triggerCycle,
  triggerFromWire,
} from '../src/index.js'
import { config, d, input, PERIOD, T0, U } from './fixtures.js'

const c = config([
  { denom: 'uatom', bps: 7500 },
  { denom: 'untrn', bps: 2500 },
])
const prices = { untrn: Dec.ONE }
const ran: RebalanceState = { lastRebalance: T0 - PERIOD + 30, targets: {} } // yesterday, 30 s into the cycle

function ctx(over: Partial<TriggerContext> = {}): TriggerContext {
  return {
    config: c,
    state: ran,
    balances: { uatom: 780n * U, untrn: 220n * U }, // 78% / 22%: 3 pp off
    prices,
    periodSeconds: PERIOD,
    now: T0 + 10, // today, 10 s into the cycle: less than a period after the last run
    ...over,
  }
}
const abs = (pp: string): Trigger => ({ kind: 'threshold', tolerance: { kind: 'absolute', pp: d(pp) } })
const rel = (f: string): Trigger => ({ kind: 'threshold', tolerance: { kind: 'relative', fraction: d(f) } })

describe('calendar', () => {
  it('the first computation always runs', () => {
    const first = { lastRebalance: null, targets: {} }
    for (const t of [{ kind: 'calendar', everyCycles: 7 } as const, abs('50')]) {
      expect(evaluateTrigger(t, ctx({ state: first }))).toEqual({
        run: true,
        reason: 'first_run',
        cyclesSinceLast: null,
      })
    }
  })

  it('counts cycle starts, so a run a little earlier in the day is still one cycle later', () => {
    expect(evaluateTrigger({ kind: 'calendar' }, ctx())).toEqual({
      run: true,
      reason: 'calendar_due',
      cyclesSinceLast: 1,
    })
    expect(evaluateTrigger({ kind: 'calendar' }, ctx({ now: T0 - 5 }))).toMatchObject({
      run: false,
      reason: 'calendar_not_due',
      cyclesSinceLast: 0,
    })
  })

  it('every N cycles', () => {
    const every3: Trigger = { kind: 'calendar', everyCycles: 3 }
    expect(evaluateTrigger(every3, ctx({ now: T0 + PERIOD }))).toMatchObject({
      run: false,
      cyclesSinceLast: 2,
    })
    expect(evaluateTrigger(every3, ctx({ now: T0 + 2 * PERIOD }))).toMatchObject({
      run: true,
      cyclesSinceLast: 3,
    })
  })
})

describe('threshold', () => {
  it('absolute: runs when some target drifts more than the tolerance in pp', () => {
    expect(evaluateTrigger(abs('5'), ctx())).toEqual({
      run: false,
      reason: 'drift_within_tolerance',
      cyclesSinceLast: 1,
      maxDrift: { denom: 'uatom', driftPp: d('3'), driftRelative: d('0.04') },
      tolerance: { kind: 'absolute', pp: d('5') },
    })
    expect(evaluateTrigger(abs('2.99'), ctx())).toMatchObject({ run: true, reason: 'drift_above_tolerance' })
    expect(evaluateTrigger(abs('3'), ctx()).run).toBe(false) // "more than" the tolerance
  })

  it('relative: measured against the target weight, so the small target decides', () => {
    // NTRN: (0.22 − 0.25) / 0.25 = −12%; ATOM: +4%
    const r = evaluateTrigger(rel('0.1'), ctx())
    expect(r).toMatchObject({
      run: true,
      maxDrift: { denom: 'untrn', driftPp: d('-3'), driftRelative: d('-0.12') },
    })
    expect(evaluateTrigger(rel('0.12'), ctx()).run).toBe(false)
  })

  it('measures drift from the weights aimed for: a binding min_balance is not drift', () => {
    // ATOM must keep 900: the override aims at 90 / 10, which the portfolio holds
    const withMin = config([
      { denom: 'uatom', bps: 7500, minBalance: 900n * U },
      { denom: 'untrn', bps: 2500 },
    ])
    const balances = { uatom: 900n * U, untrn: 100n * U }
    expect(evaluateTrigger(abs('1'), ctx({ config: withMin, balances }))).toMatchObject({
      run: false,
      maxDrift: { driftPp: Dec.ZERO },
    })
    expect(evaluateTrigger(abs('1'), ctx({ balances })).run).toBe(true) // 15 pp off without the floor
  })

  it('an empty account counts as drifted (and the computation then pauses it)', () => {
    expect(evaluateTrigger(abs('50'), ctx({ balances: {} })).run).toBe(true)
  })
})

describe('hybrid', () => {
  const h = (everyCycles: number, pp: string): Trigger => ({
    kind: 'hybrid',
    everyCycles,
    tolerance: { kind: 'absolute', pp: d(pp) },
  })
  it('runs only when the calendar is due and the threshold crossed', () => {
    expect(evaluateTrigger(h(1, '1'), ctx())).toMatchObject({ run: true, reason: 'drift_above_tolerance' })
    expect(evaluateTrigger(h(1, '5'), ctx())).toMatchObject({ run: false, reason: 'drift_within_tolerance' })
    expect(evaluateTrigger(h(2, '1'), ctx())).toMatchObject({ run: false, reason: 'calendar_not_due' })
  })
})

describe('volatility', () => {
  it('realised volatility is the RMS of log returns over the window', () => {
    const alternating = [d('1'), d('1.1'), d('1'), d('1.1'), d('1')]
    // every return is ±ln(1.1)
    expect(realisedVolatility(alternating).toFixed(12)).toBe('0.095310179804')
    expect(realisedVolatility([d('5'), d('5'), d('5')])).toEqual(Dec.ZERO)
    // window 1: only the last return counts
    expect(realisedVolatility([d('1'), d('2'), d('2')], 1)).toEqual(Dec.ZERO)
    expect(() => realisedVolatility([d('1')])).toThrow(/at least 2/)
  })

  const vol = (window = 4): Trigger => ({
    kind: 'volatility',
    tolerance: { kind: 'absolute', pp: d('4') },
    window,
    referenceVolatility: d('0.02'),
  })
  const calm = { untrn: [d('1'), d('1'), d('1'), d('1'), d('1')] }
  const wild = { untrn: [d('1'), d('1.1'), d('1'), d('1.1'), d('1')] }

  it('calm markets tighten the tolerance (down to minScale) and volatile ones widen it', () => {
    // 3 pp drift against 4 pp: calm → 4 × 0.5 = 2 pp → runs
    expect(evaluateTrigger(vol(), ctx({ priceHistory: calm }))).toMatchObject({
      run: true,
      tolerance: { kind: 'absolute', pp: d('2') },
      volatility: { sigma: Dec.ZERO, scale: d('0.5') },
    })
    // wild: σ = 0.25 × 0.0953 (NTRN is aimed at 25%) ≈ 0.0238 → scale ≈ 1.19 → ≈ 4.77 pp → does not run
    const r = evaluateTrigger(vol(), ctx({ priceHistory: wild }))
    expect(r.run).toBe(false)
    expect(r.volatility!.scale.toFixed(4)).toBe('1.1913')
    expect(r.tolerance).toEqual({ kind: 'absolute', pp: d('4').mul(r.volatility!.scale) })
  })

  it('caps the scale at maxScale and needs a history', () => {
    const t = { ...vol(), referenceVolatility: d('0.001'), maxScale: d('2') } as Trigger
    expect(evaluateTrigger(t, ctx({ priceHistory: wild })).volatility!.scale).toEqual(d('2'))
    expect(() => evaluateTrigger(vol(), ctx())).toThrow(/priceHistory.untrn/)
  })
})

describe("triggerCycle (the rebalancer's per-account step)", () => {
  const vol: Trigger = {
    kind: 'volatility',
    tolerance: { kind: 'absolute', pp: d('4') },
    window: 2,
    referenceVolatility: d('0.02'),
  }
  const base = { ...ctx(), trigger: vol }

  it("keeps the last window + 1 prices per target, appends this cycle's, forgets old denoms", () => {
    const r = triggerCycle({ ...base, history: { untrn: ['1', '1.1', '1.2'], gone: ['3', '3'] } })
    expect(r.history).toEqual({ untrn: ['1.1', '1.2', '1'] })
    // evaluated on the recorded history: the same decision as evaluateTrigger's
    expect(r.decision).toEqual(
      evaluateTrigger(vol, ctx({ priceHistory: { untrn: [d('1.1'), d('1.2'), d('1')] } })),
    )
  })

  it('a target with fewer than 2 prices: drift against the tolerance as written (scale 1)', () => {
    const first = triggerCycle({ ...base, history: undefined })
    expect(first.history).toEqual({ untrn: ['1'] })
    // 3 pp drift within 4 pp: does not run, and no volatility was measured
    expect(first.decision).toEqual(evaluateTrigger({ kind: 'threshold', tolerance: vol.tolerance }, ctx()))
    expect(first.decision.run).toBe(false)
    expect(first.decision.volatility).toBeUndefined()
  })

  it('other triggers keep no history and decide as evaluateTrigger', () => {
    const r = triggerCycle({ ...ctx(), trigger: abs('2'), history: { untrn: ['1'] } })
    expect(r.history).toBeUndefined()
    expect(r.decision).toEqual(evaluateTrigger(abs('2'), ctx()))
    expect(r.decision.run).toBe(true)
  })
})

describe('rebalanceIfTriggered', () => {
  it('a cycle that does not trigger changes no state and trades nothing', () => {
    const state: RebalanceState = {
      lastRebalance: T0 - PERIOD,
      targets: { uatom: { lastInput: d('5'), lastI: d('-7') } },
    }
    const x = input({ config: c, state, balances: { uatom: 780n * U, untrn: 220n * U }, prices })
    const skipped = rebalanceIfTriggered({ ...x, trigger: abs('5') })
    expect(skipped.state).toBe(state)
    expect(skipped.trades).toEqual([])
    expect(skipped.result).toBeNull()
    const runs = rebalanceIfTriggered({ ...x, trigger: abs('1') })
    expect(runs.result).toEqual(computeRebalance(x))
    expect(runs.state).toEqual(computeRebalance(x).state)
    expect(runs.trades.length).toBe(1)
  })

  it('accepts JSON triggers and names the field of every problem', () => {
    expect(parseTrigger({ kind: 'threshold', tolerance: { kind: 'relative', fraction: '0.1' } })).toEqual(
      rel('0.1'),
    )
    let caught: unknown
    try {
      parseTrigger({
        kind: 'volatility',
        tolerance: { kind: 'absolute', pp: -1 },
        window: 0,
        referenceVolatility: '0',
        minScale: '2',
        maxScale: '1',
      })
    } catch (e) {
      caught = e
    }
    expect(caught).toBeInstanceOf(InvalidTriggerError)
    expect((caught as InvalidTriggerError).problems).toEqual([
      'window: must be at least 1 cycle',
      'tolerance.pp: must be ≥ 0, got -1',
      'referenceVolatility: must be > 0, got 0',
      'maxScale: must be ≥ minScale (2), got 1',
    ])
    expect(() => parseTrigger({ kind: 'sometimes' })).toThrow(InvalidTriggerError)
    expect(() => parseTrigger({ kind: 'calendar', every: 2 })).toThrow('Unrecognized key: "every"')
  })
})

describe('any_of tolerance (the 5/25 rule)', () => {
  const anyOf = (pp: string, f: string): Trigger => ({
    kind: 'threshold',
    tolerance: {
      kind: 'any_of',
      of: [
        { kind: 'absolute', pp: d(pp) },
        { kind: 'relative', fraction: d(f) },
      ],
    },
  })

  it('fires when either bound is crossed, and only then', () => {
    // 78% / 22%: 3 pp off; NTRN 12% of its target off
    expect(evaluateTrigger(anyOf('5', '0.25'), ctx()).run).toBe(false)
    expect(evaluateTrigger(anyOf('2.99', '0.25'), ctx())).toMatchObject({
      run: true,
      reason: 'drift_above_tolerance',
    })
    expect(evaluateTrigger(anyOf('5', '0.11'), ctx())).toMatchObject({
      run: true,
      reason: 'drift_above_tolerance',
    })
    // a small target: 5% → 6.5% is 1.5 pp but 30% relative
    const small = config([
      { denom: 'uatom', bps: 9500 },
      { denom: 'untrn', bps: 500 },
    ])
    const balances = { uatom: 935n * U, untrn: 65n * U }
    expect(evaluateTrigger(anyOf('5', '0.25'), ctx({ config: small, balances })).run).toBe(true)
    expect(evaluateTrigger(abs('5'), ctx({ config: small, balances })).run).toBe(false)
  })

  it('is the same decision as the bounds evaluated one by one, OR-ed (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2000 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 100 }),
        (ntrn, ppTenths, pct) => {
          const c2 = ctx({ balances: { uatom: 1000n * U, untrn: BigInt(ntrn) * U } })
          const pp = (ppTenths / 10).toString()
          const f = (pct / 100).toString()
          const either = evaluateTrigger(abs(pp), c2).run || evaluateTrigger(rel(f), c2).run
          expect(evaluateTrigger(anyOf(pp, f), c2).run).toBe(either)
        },
      ),
    )
  })

  it('is scaled bound by bound by volatility, and refuses negative bounds naming them', () => {
    expect(() =>
      parseTrigger({
        kind: 'threshold',
        tolerance: {
          kind: 'any_of',
          of: [
            { kind: 'absolute', pp: '1' },
            { kind: 'relative', fraction: '-1' },
          ],
        },
      }),
    ).toThrow('tolerance.of[1].fraction: must be ≥ 0, got -1')
    expect(() => parseTrigger({ kind: 'threshold', tolerance: { kind: 'any_of', of: [] } })).toThrow(
      'tolerance.of: needs at least one tolerance',
    )
    const history = { untrn: [d('1'), d('1.1'), d('1')] }
    const r = evaluateTrigger(
      {
        kind: 'volatility',
        tolerance: {
          kind: 'any_of',
          of: [
            { kind: 'absolute', pp: d('1') },
            { kind: 'relative', fraction: d('0.1') },
          ],
        },
        window: 2,
        referenceVolatility: d('0.01'),
        maxScale: d('2'),
      },
      ctx({ priceHistory: history }),
    )
    expect(r.tolerance).toEqual({
      kind: 'any_of',
      of: [
        { kind: 'absolute', pp: d('2') },
        { kind: 'relative', fraction: d('0.2') },
      ],
    })
    expect(r.run).toBe(true) // 3 pp > 2 pp
  })
})

describe('triggers from the wire (correction 13)', () => {
  it('reads every kind into the core trigger', () => {
    expect(triggerFromWire(TriggerWire.parse({ calendar: { every_cycles: 7 } }))).toEqual({
      kind: 'calendar',
      everyCycles: 7,
    })
    expect(
      triggerFromWire(
        TriggerWire.parse({
          hybrid: {
            every_cycles: 91,
            tolerance: { any_of: [{ absolute_pp: '5' }, { relative_fraction: '0.25' }] },
          },
        }),
      ),
    ).toEqual({
      kind: 'hybrid',
      everyCycles: 91,
      tolerance: {
        kind: 'any_of',
        of: [
          { kind: 'absolute', pp: d('5') },
          { kind: 'relative', fraction: d('0.25') },
        ],
      },
    })
    expect(
      triggerFromWire(
        TriggerWire.parse({
          volatility: {
            tolerance: { absolute_pp: '5' },
            window: 30,
            reference_volatility: '0.03',
            max_scale: '2',
          },
        }),
      ),
    ).toEqual({
      kind: 'volatility',
      tolerance: { kind: 'absolute', pp: d('5') },
      window: 30,
      referenceVolatility: d('0.03'),
      maxScale: d('2'),
    })
    expect(
      triggerFromWire(TriggerWire.parse({ threshold: { tolerance: { relative_fraction: '0.1' } } })),
    ).toEqual(rel('0.1'))
  })
})
