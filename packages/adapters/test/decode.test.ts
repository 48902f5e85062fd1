import { describe, expect, it } from 'vitest'
import { decodeTransfers, decodeValenceEvents } from '../src/index.js'

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64')

describe('event decoding', () => {
  it('decodes wasm-valence-event data from base64 JSON and ignores other events', () => {
    const events = [
      { type: 'execute', attributes: [{ key: '_contract_address', value: 'neutron1x' }] },
      {
        type: 'wasm-valence-event',
        attributes: [
          { key: '_contract_address', value: 'neutron1reb' },
          { key: 'action', value: 'rebalancer-account-rebalance' },
          {
            key: 'data',
            value: b64({
              account: 'neutron1acc',
              total_value: '12.5',
              trades: [{ pair: ['a', 'b'], amount: '5' }],
            }),
          },
        ],
      },
    ]
    expect(decodeValenceEvents(events)).toEqual([
      {
        contract: 'neutron1reb',
        action: 'rebalancer-account-rebalance',
        data: { account: 'neutron1acc', total_value: '12.5', trades: [{ pair: ['a', 'b'], amount: '5' }] },
      },
    ])
  })

  it('decodes transfer events with several coins, including ibc denoms', () => {
    const [t] = decodeTransfers([
      {
        type: 'transfer',
        attributes: [
          { key: 'recipient', value: 'neutron1to' },
          { key: 'sender', value: 'neutron1from' },
          {
            key: 'amount',
            value: '100uatom,7ibc/27394FB092D2ECCD56123C74F36E4C1F926001CEADA9CA97EA622B25F41E5EB2',
          },
        ],
      },
    ])
    expect(t).toEqual({
      sender: 'neutron1from',
      recipient: 'neutron1to',
      coins: [
        { denom: 'uatom', amount: 100n },
        { denom: 'ibc/27394FB092D2ECCD56123C74F36E4C1F926001CEADA9CA97EA622B25F41E5EB2', amount: 7n },
      ],
    })
    expect(() =>
      decodeTransfers([{ type: 'transfer', attributes: [{ key: 'amount', value: 'uatom' }] }]),
    ).toThrow(/malformed coin/)
  })
})
