/**
 * Triggers and one-time orders from the scenario file (issue #12; portfolio-computer.md
 * correction 13): the account fields `trigger` and `orders`, validated naming the field; the
 * simulator registers the trigger, places each order on its day through the account's owner,
 * and records in every cycle whether the trigger fired and the orders sent.
 */
import { DEFAULT_SCENARIO, Dec, ReportCycle, type Scenario } from '@rebalancer/types'
import { describe, expect, it } from 'vitest'
import { DEFAULT_STRATEGIES, parseScenario, runScenario, ScenarioError } from '../src/index.js'

const D = DEFAULT_SCENARIO

function problemsOf(input: unknown): string[] {
  try {
    parseScenario(input)
    return []
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError)
    return (e as ScenarioError).message
      .split('\n')
      .slice(1)
      .map((l) => l.trim())
  }
}

const withAccount = (i: number, patch: object): Scenario =>
  ({ ...D, accounts: D.accounts.map((a, k) => (k === i ? { ...a, ...patch } : a)) }) as Scenario

describe('scenario: trigger', () => {
  it('accepts every kind in the wire form', () => {
    for (const trigger of [
      { calendar: { every_cycles: 7 } },
      { threshold: { tolerance: { absolute_pp: '5' } } },
      { threshold: { tolerance: { any_of: [{ absolute_pp: '5' }, { relative_fraction: '0.25' }] } } },
      { hybrid: { every_cycles: 91, tolerance: { absolute_pp: '5' } } },
      { volatility: { tolerance: { absolute_pp: '5' }, window: 30, reference_volatility: '0.05' } },
    ]) {
      expect(problemsOf(withAccount(0, { trigger })), JSON.stringify(trigger)).toEqual([])
      expect(parseScenario(withAccount(0, { trigger })).accounts[0]!.trigger).toEqual(trigger)
    }
  })

  it('names the field and the rule of every problem', () => {
    const cases: [unknown, string[]][] = [
      [
        { calendar: { every_cycles: 0 } },
        ['accounts[0].trigger.calendar.every_cycles: must be a whole number of cycles in 1..=3650'],
      ],
      [{ calendar: {} }, ['accounts[0].trigger.calendar.every_cycles: is required']],
      [
        { threshold: { tolerance: { absolute_pp: 5 } } },
        [
          'accounts[0].trigger.threshold.tolerance.absolute_pp: must be a non-negative decimal written as a string, e.g. "5"',
        ],
      ],
      [
        { threshold: { tolerance: { absolute_pp: '5', relative_fraction: '0.25' } } },
        [
          'accounts[0].trigger.threshold.tolerance: must have exactly one of absolute_pp, relative_fraction, any_of, got absolute_pp and relative_fraction',
        ],
      ],
      [
        { threshold: { tolerance: { any_of: [] } } },
        ['accounts[0].trigger.threshold.tolerance.any_of: needs at least one tolerance'],
      ],
      [
        { threshold: { tolerance: { pp: '5' } } },
        [
          'accounts[0].trigger.threshold.tolerance.pp: unknown field',
          expect.stringMatching(/^accounts\[0\]\.trigger\.threshold\.tolerance: must be one of/),
        ],
      ],
      [
        { volatility: { tolerance: { absolute_pp: '5' }, window: 400, reference_volatility: '0' } },
        [
          'accounts[0].trigger.volatility.window: must be a whole number of cycles in 1..=365',
          'accounts[0].trigger.volatility.reference_volatility: must be more than 0',
        ],
      ],
      [
        {
          volatility: {
            tolerance: { absolute_pp: '5' },
            window: 30,
            reference_volatility: '0.05',
            min_scale: '2',
            max_scale: '1',
          },
        },
        ['accounts[0].trigger.volatility.max_scale: must be at least min_scale (2), got 1'],
      ],
      [
        { calendar: { every_cycles: 7 }, threshold: { tolerance: { absolute_pp: '5' } } },
        [
          'accounts[0].trigger: must have exactly one of calendar, threshold, hybrid, volatility, got calendar and threshold',
        ],
      ],
      [
        { weekly: {} },
        [
          'accounts[0].trigger.weekly: unknown field',
          expect.stringMatching(/^accounts\[0\]\.trigger: must be one of/),
        ],
      ],
    ]
    for (const [trigger, problems] of cases) {
      expect(problemsOf(withAccount(0, { trigger })), JSON.stringify(trigger)).toEqual(problems)
    }
  })
})

describe('scenario: orders', () => {
  const order = (o: object) =>
    withAccount(1, { orders: [{ date: '2024-03-01', sell: 'uatom', buy: 'uusdc', ...o }] })

  it('accepts an amount in whole tokens or a share of the account or the holding', () => {
    for (const size of [{ amount: '100' }, { portfolio_bps: 1000 }, { holding_bps: 5000 }]) {
      expect(problemsOf(order({ size }))).toEqual([])
    }
  })

  it('names the field and the rule of every problem', () => {
    const cases: [object, string[]][] = [
      [
        { date: '2020-01-01', size: { amount: '1' } },
        [
          `accounts[1].orders[0].date: must be a day of the scenario (${D.start} to ${D.end}), got 2020-01-01`,
        ],
      ],
      [
        { date: '2030-01-01', size: { amount: '1' } },
        [
          `accounts[1].orders[0].date: must be a day of the scenario (${D.start} to ${D.end}), got 2030-01-01`,
        ],
      ],
      [
        { date: '2024-02-30', size: { amount: '1' } },
        ['accounts[1].orders[0].date: must be a real calendar date written YYYY-MM-DD, e.g. "2024-02-29"'],
      ],
      [
        { sell: 'uxyz', size: { amount: '1' } },
        [
          'accounts[1].orders[0].sell: "uxyz" is not one of the account\'s targets (uatom, untrn, uosmo, uusdc)',
        ],
      ],
      [
        { buy: 'uatom', size: { amount: '1' } },
        ['accounts[1].orders[0].buy: must differ from sell, got "uatom" for both'],
      ],
      [{ size: { amount: '0' } }, ['accounts[1].orders[0].size.amount: must be more than 0']],
      [
        { size: { amount: '0.0000001' } },
        ['accounts[1].orders[0].size.amount: has 7 decimal places, but uatom has 6 decimals'],
      ],
      [
        { size: { amount: 5 } },
        [
          'accounts[1].orders[0].size.amount: must be a string of whole tokens (not base units), e.g. "2000000" or "0.5" (quote numbers in YAML)',
        ],
      ],
      [
        { size: { portfolio_bps: 0 } },
        ['accounts[1].orders[0].size.portfolio_bps: must be a whole number of bps in 1..=10000'],
      ],
      [
        { size: { amount: '1', holding_bps: 10 } },
        [
          'accounts[1].orders[0].size: give one of amount, portfolio_bps, holding_bps, got amount and holding_bps',
        ],
      ],
      [
        { size: {} },
        [
          'accounts[1].orders[0].size: needs "amount" (whole tokens, e.g. "100"), "portfolio_bps" or "holding_bps" (1..=10000)',
        ],
      ],
      [{ size: { amount: '1' }, when: 'now' }, ['accounts[1].orders[0].when: unknown field']],
    ]
    for (const [o, problems] of cases) expect(problemsOf(order(o)), JSON.stringify(o)).toEqual(problems)
    expect(problemsOf(withAccount(1, { orders: 'soon' }))).toEqual([
      'accounts[1].orders: must be a list of orders',
    ])
    const many = Array.from({ length: 11 }, () => ({
      date: '2024-03-01',
      sell: 'uatom',
      buy: 'uusdc',
      size: { amount: '1' },
    }))
    expect(problemsOf(withAccount(1, { orders: many }))).toEqual([
      'accounts[1].orders[10].date: at most 10 orders a day, 2024-03-01 has more',
    ])
  })
})

/** Twelve days of the default scenario's second account alone, with `patch`. */
function short(patch: object): Scenario {
  const a = D.accounts[1]!
  return { ...D, start: '2024-03-01', end: '2024-03-12', accounts: [{ ...a, ...patch }] } as Scenario
}

/** Sum of what an account's cycle sent to auctions. */
const traded = (c: ReportCycle) => c.accounts[0]!.trades.length > 0

describe('runs', () => {
  it('a calendar-every-7 account trades only on every 7th cycle (the first, the 8th)', async () => {
    const report = await runScenario(short({ trigger: { calendar: { every_cycles: 7 } } }))
    const fired = report.history.map((c) => c.accounts[0]!.triggered)
    expect(fired).toEqual([true, false, false, false, false, false, false, true, false, false, false, false])
    expect(report.history.map(traded)).toEqual(fired)
    expect(report.history[1]!.accounts[0]!.trigger_reason).toBe('calendar_not_due')
    // older reports (no trigger) still parse: the field is optional
    for (const c of report.history) ReportCycle.parse(c)
  })

  it('a threshold account never trades while inside its band', async () => {
    // the diversified fund, started at its targets, with a 2 pp band (it fires on some days of these 12)
    const BAND = 2
    const atTargets = D.accounts[1]!.targets.map((t) => ({ denom: t.denom, usd: String(t.bps * 100) }))
    const report = await runScenario(
      short({ initial: atTargets, trigger: { threshold: { tolerance: { absolute_pp: String(BAND) } } } }),
    )
    expect(report.history[0]!.accounts[0]!.triggered).toBe(true) // the first computation
    const targets = D.accounts[1]!.targets
    let inside = 0
    for (let k = 1; k < report.history.length; k++) {
      const c = report.history[k]!
      const a = c.accounts[0]!
      // the drift the contract judged: yesterday's closing balances at today's oracle prices
      const balances = report.history[k - 1]!.accounts[0]!.balances
      const values = targets.map((t) =>
        t.denom === 'uusdc'
          ? Dec.fromInt(BigInt(balances[t.denom]!))
          : Dec.fromInt(BigInt(balances[t.denom]!)).div(Dec.parse(c.oracle_prices[`uusdc|${t.denom}`]!)),
      )
      const total = Dec.sum(values)
      const maxDriftPp = Math.max(
        ...targets.map((t, i) => Math.abs(values[i]!.div(total).toNumber() * 100 - t.bps / 100)),
      )
      if (a.triggered) {
        expect(a.trigger_reason).toBe('drift_above_tolerance')
        expect(maxDriftPp).toBeGreaterThan(BAND)
        continue
      }
      inside++
      expect(a.trigger_reason).toBe('drift_within_tolerance')
      expect(maxDriftPp).toBeLessThanOrEqual(BAND)
      expect(a.trades).toEqual([])
      expect(a.fills).toEqual([])
    }
    expect(inside).toBeGreaterThan(0)
    expect(report.history.filter((c) => c.accounts[0]!.triggered).length).toBeGreaterThan(1)
  })

  it('places an order on its day and records it; without a trigger or orders the report has neither field', async () => {
    const report = await runScenario(
      short({
        trigger: { calendar: { every_cycles: 30 } },
        orders: [{ date: '2024-03-05', sell: 'uosmo', buy: 'uusdc', size: { holding_bps: 5000 } }],
      }),
    )
    const day = report.history.findIndex((c) => c.day === '2024-03-05')
    const before = BigInt(report.history[day - 1]!.accounts[0]!.balances.uosmo!)
    const a = report.history[day]!.accounts[0]!
    expect(a.triggered).toBe(false)
    expect(a.orders).toEqual({
      sent: [{ pair: ['uosmo', 'uusdc'], amount: (before / 2n).toString() }],
      refused: [],
    })
    expect(a.trades).toEqual(a.orders!.sent)
    expect(a.fills.map((f) => f.pair)).toEqual([['uosmo', 'uusdc']])
    for (const [k, c] of report.history.entries())
      if (k !== day) expect(c.accounts[0]).not.toHaveProperty('orders')

    const plain = await runScenario({ ...short({}), end: '2024-03-02' })
    expect(plain.history[0]!.accounts[0]).not.toHaveProperty('triggered')
    expect(plain.history[0]!.accounts[0]).not.toHaveProperty('orders')
    expect(Dec.parse(plain.history[1]!.accounts[0]!.total_usd).isPositive()).toBe(true)
  })
})

describe('default strategies (compare)', () => {
  it('every default strategy makes a valid scenario of the default one, the triggered ones included', () => {
    const names = DEFAULT_STRATEGIES.map((s) => s.name)
    for (const name of [
      'calendar: daily',
      'calendar: weekly (7)',
      'calendar: monthly (30)',
      'calendar: quarterly (91)',
      'threshold: 5 pp',
      '5/25 rule (5 pp or 25%)',
      'quarterly + 5 pp (hybrid)',
      'volatility-adjusted 5 pp',
      'PID p = 0.05 (slow)',
      'tuned: within 1 pp in about 30 days',
    ])
      expect(names).toContain(name)
    for (const v of DEFAULT_STRATEGIES) {
      const input = { ...D, accounts: D.accounts.map((a) => ({ ...a, ...v.account })) }
      expect(problemsOf(input), v.name).toEqual([])
    }
    // a trigger in the scenario does not leak into the every-cycle PID rows
    const pid = DEFAULT_STRATEGIES.find((s) => s.name === 'PID p = 0.05 (slow)')!
    const withTrigger = { ...D.accounts[0]!, trigger: { calendar: { every_cycles: 7 } } }
    expect(parseScenario({ ...D, accounts: [{ ...withTrigger, ...pid.account }] }).accounts[0]!.trigger).toBe(
      undefined,
    )
  })

  it('a triggered strategy trades back to target when it fires (p = 1, no cap)', async () => {
    const monthly = DEFAULT_STRATEGIES.find((s) => s.name === 'calendar: monthly (30)')!
    const report = await runScenario(short({ ...monthly.account }))
    const targets = D.accounts[1]!.targets
    // day 0 fires: from 100% ATOM to the targets in one cycle, up to the auctions' execution
    const first = report.history[0]!.accounts[0]!
    expect(first.triggered).toBe(true)
    for (const t of targets)
      expect(Math.abs(Number(first.weights[t.denom]) - t.bps / 10000)).toBeLessThan(0.01)
    expect(report.history.slice(1).every((c) => c.accounts[0]!.trades.length === 0)).toBe(true)
  })
})
