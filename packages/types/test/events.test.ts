import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  decodeValenceEvents,
  type Event,
  encodeValenceEvent,
  eventsOf,
  RebalancerError,
  VALENCE_ACTIONS,
  ValenceEventData,
  ValenceEventError,
} from '../src/index.js'

/** As a chain reports a contract's event: `wasm-` prefix and the contract's address. */
function onChain(e: Event, contract = 'neutron1auction'): Event {
  return {
    type: `wasm-${e.type}`,
    attributes: [{ key: '_contract_address', value: contract }, ...e.attributes],
  }
}

const units = fc.bigInt({ min: 0n, max: 2n ** 128n - 1n }).map(String)

describe('ValenceEvent: one typed union keyed by action (wire-formats.md, "Events")', () => {
  it('names one data schema per action constant, and no other', () => {
    expect(Object.keys(ValenceEventData).sort()).toEqual(Object.values(VALENCE_ACTIONS).sort())
  })

  it('auction-do-bid round-trips through encode, the chain prefix and decode (property)', () => {
    fc.assert(
      fc.property(units, units, units, fc.nat(), fc.boolean(), (sent, bought, refunded, height, halted) => {
        const data = { bidder: 'neutron1maker', height, price: '1.25', sent, bought, refunded, halted }
        const [e] = decodeValenceEvents([onChain(encodeValenceEvent(VALENCE_ACTIONS.auctionDoBid, data))])
        expect(e).toEqual({ contract: 'neutron1auction', action: 'auction-do-bid', data })
      }),
    )
  })

  it('narrows data by action: eventsOf gives typed rebalance trades', () => {
    const events = decodeValenceEvents([
      onChain(encodeValenceEvent(VALENCE_ACTIONS.rebalancerResume, { account: 'neutron1a' }), 'neutron1reb'),
      onChain(
        encodeValenceEvent(VALENCE_ACTIONS.rebalancerAccountRebalance, {
          account: 'neutron1a',
          total_value: '10.5',
          trades: [{ pair: ['untrn', 'uatom'], amount: '7' }],
        }),
        'neutron1reb',
      ),
      { type: 'transfer', attributes: [{ key: 'amount', value: '1untrn' }] },
    ])
    const [r] = eventsOf(events, VALENCE_ACTIONS.rebalancerAccountRebalance)
    expect(events).toHaveLength(2)
    expect(r?.data.trades[0]?.amount).toBe('7')
  })

  it('refuses data breaking its schema, naming the action and field (an unknown field too)', () => {
    const bad = (data: unknown) => () =>
      decodeValenceEvents([
        {
          type: 'wasm-valence-event',
          attributes: [
            { key: 'action', value: 'auction-close' },
            { key: 'data', value: btoa(JSON.stringify(data)) },
          ],
        },
      ])
    const ok = {
      pair: ['untrn', 'uatom'],
      total_amount: '10',
      sold: '4',
      resolved: '5',
      average_price: null,
      leftovers: ['6', '0'],
    }
    expect(bad(ok)).not.toThrow()
    expect(bad({ ...ok, sold: 4 })).toThrow(/auction-close: data\.sold/)
    expect(bad({ ...ok, extra: 1 })).toThrow(ValenceEventError)
    try {
      bad({ ...ok, sold: '-4' })()
    } catch (e) {
      expect(RebalancerError.isInstance(e)).toBe(true)
      expect((e as ValenceEventError).code).toBe('invalid_event_data')
      expect((e as ValenceEventError).path).toEqual(['data', 'sold'])
    }
    // the encoder refuses what the decoder would
    expect(() =>
      // @ts-expect-error a number where the wire has a decimal string
      encodeValenceEvent(VALENCE_ACTIONS.auctionWithdrawFunds, { seller: 'neutron1s', amount: 5 }),
    ).toThrow(/auction-withdraw-funds: data\.amount/)
  })

  it('skips an action this version does not know (a newer contract), keeps the rest', () => {
    const events = decodeValenceEvents([
      {
        type: 'wasm-valence-event',
        attributes: [
          { key: 'action', value: 'auction-something-new' },
          { key: 'data', value: btoa('{}') },
        ],
      },
      onChain(encodeValenceEvent(VALENCE_ACTIONS.rebalancerRegister, { account: 'neutron1a' })),
    ])
    expect(events.map((e) => e.action)).toEqual(['rebalancer-register'])
  })
})
