/**
 * Triggers and one-time orders on the wire (ours, portfolio-computer.md correction 13): the
 * optional `trigger` of RebalancerData, RebalancerUpdateData and the `get_config` answer, and the
 * rebalancer's `place_order`. Every rule's error names the field.
 */
import { describe, expect, it } from 'vitest'
import {
  parseWire,
  RebalancerConfigResponse,
  RebalancerData,
  RebalancerPlaceOrderMsg,
  RebalancerUpdateData,
} from '../src/index.js'

const data = {
  base_denom: 'uatom',
  targets: [
    { denom: 'uatom', bps: 5000 },
    { denom: 'untrn', bps: 5000 },
  ],
  pid: { p: '0.1', i: '0', d: '0' },
  target_override_strategy: 'proportional',
}
const withTrigger = (trigger: unknown) => () =>
  parseWire(RebalancerData, { ...data, trigger }, 'RebalancerData')

describe('RebalancerData.trigger', () => {
  it('is optional: data without it is the deployed format', () => {
    expect(parseWire(RebalancerData, data, 'RebalancerData')).not.toHaveProperty('trigger')
  })

  it('accepts every kind, the 5/25 rule among them', () => {
    for (const trigger of [
      { calendar: { every_cycles: 7 } },
      { threshold: { tolerance: { absolute_pp: '5' } } },
      { threshold: { tolerance: { relative_fraction: '0.25' } } },
      { threshold: { tolerance: { any_of: [{ absolute_pp: '5' }, { relative_fraction: '0.25' }] } } },
      { hybrid: { every_cycles: 91, tolerance: { absolute_pp: '5' } } },
      {
        volatility: {
          tolerance: { absolute_pp: '5' },
          window: 30,
          reference_volatility: '0.03',
          min_scale: '0.5',
          max_scale: '3',
        },
      },
    ]) {
      expect(withTrigger(trigger)().trigger).toEqual(trigger)
    }
  })

  it('refuses what breaks a rule, naming the field and the rule', () => {
    const cases: [unknown, string][] = [
      [
        { calendar: { every_cycles: 0 } },
        'must be a whole number of cycles in 1..=3650 at trigger.calendar.every_cycles',
      ],
      [{ calendar: {} }, 'missing field `every_cycles` at trigger.calendar'],
      [
        { threshold: { tolerance: { absolute_pp: 5 } } },
        'expected a string at trigger.threshold.tolerance.absolute_pp',
      ],
      [{ threshold: { tolerance: { absolute_pp: '-5' } } }, 'at trigger.threshold.tolerance.absolute_pp'],
      [
        { threshold: { tolerance: { absolute_pp: '5', relative_fraction: '0.2' } } },
        'must have exactly one of absolute_pp, relative_fraction, any_of, got absolute_pp and relative_fraction at trigger.threshold.tolerance',
      ],
      [
        { threshold: { tolerance: { any_of: [] } } },
        'needs at least one tolerance at trigger.threshold.tolerance.any_of',
      ],
      [
        { threshold: { tolerance: { any_of: [{ any_of: [] }] } } },
        'unknown field `any_of`, expected one of `absolute_pp`, `relative_fraction` at trigger.threshold.tolerance.any_of[0]',
      ],
      [
        { volatility: { tolerance: { absolute_pp: '5' }, window: 366, reference_volatility: '0.03' } },
        'must be a whole number of cycles in 1..=365 at trigger.volatility.window',
      ],
      [
        { volatility: { tolerance: { absolute_pp: '5' }, window: 30, reference_volatility: '0' } },
        'must be more than 0 at trigger.volatility.reference_volatility',
      ],
      [
        {
          volatility: {
            tolerance: { absolute_pp: '5' },
            window: 30,
            reference_volatility: '0.03',
            min_scale: '2',
            max_scale: '1',
          },
        },
        'must be at least min_scale (2), got 1 at trigger.volatility.max_scale',
      ],
      [
        { calendar: { every_cycles: 1 }, threshold: { tolerance: { absolute_pp: '5' } } },
        'must have exactly one of calendar, threshold, hybrid, volatility, got calendar and threshold at trigger',
      ],
      [
        { sometimes: {} },
        'unknown field `sometimes`, expected one of `calendar`, `threshold`, `hybrid`, `volatility` at trigger',
      ],
    ]
    for (const [trigger, message] of cases)
      expect(withTrigger(trigger), JSON.stringify(trigger)).toThrow(message)
  })

  it('is set or cleared by an update, and shown by get_config when given', () => {
    const set = { targets: [], trigger: { set: { calendar: { every_cycles: 7 } } } }
    expect(parseWire(RebalancerUpdateData, set, 'RebalancerUpdateData').trigger).toEqual(set.trigger)
    expect(parseWire(RebalancerUpdateData, { targets: [], trigger: 'clear' }, 'u').trigger).toBe('clear')
    expect(() => parseWire(RebalancerUpdateData, { targets: [], trigger: { calendar: {} } }, 'u')).toThrow(
      'at trigger',
    )
    const answer = {
      base_denom: 'uatom',
      targets: [],
      pid: { p: '0.1', i: '0', d: '0' },
      max_limit: '1',
      last_rebalance: '0',
      has_min_balance: false,
      target_override_strategy: 'proportional',
    }
    expect(parseWire(RebalancerConfigResponse, answer, 'get_config')).not.toHaveProperty('trigger')
    const trigger = { threshold: { tolerance: { absolute_pp: '5' } } }
    expect(parseWire(RebalancerConfigResponse, { ...answer, trigger }, 'get_config').trigger).toEqual(trigger)
  })
})

describe('place_order', () => {
  const order = (body: unknown) => () =>
    parseWire(RebalancerPlaceOrderMsg, { place_order: body }, 'place_order')

  it('takes an amount in base units or a share of the account or the holding', () => {
    for (const size of [{ amount: '1000000' }, { portfolio_bps: 2500 }, { holding_bps: 10000 }]) {
      expect(order({ sell: 'uatom', buy: 'untrn', size })().place_order.size).toEqual(size)
    }
  })

  it('refuses what breaks a rule, naming the field', () => {
    const cases: [unknown, string][] = [
      [
        { sell: 'uatom', buy: 'untrn', size: { amount: '0' } },
        'must be more than 0 at place_order.size.amount',
      ],
      [{ sell: 'uatom', buy: 'untrn', size: { amount: 5 } }, 'expected a string at place_order.size.amount'],
      [
        { sell: 'uatom', buy: 'untrn', size: { portfolio_bps: 10001 } },
        'must be a whole number of bps in 1..=10000 at place_order.size.portfolio_bps',
      ],
      [
        { sell: 'uatom', buy: 'untrn', size: { amount: '1', holding_bps: 1 } },
        'must have exactly one of amount, portfolio_bps, holding_bps, got amount and holding_bps at place_order.size',
      ],
      [
        { sell: 'uatom', buy: 'uatom', size: { amount: '1' } },
        'must differ from sell, got "uatom" for both at place_order.buy',
      ],
      [{ sell: 'uatom', buy: 'untrn', size: { amount: '1' }, note: 'x' }, 'unknown field `note`'],
    ]
    for (const [body, message] of cases) expect(order(body), JSON.stringify(body)).toThrow(message)
  })
})
