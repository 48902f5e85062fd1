/**
 * Issue #10 "Duplication": the one narrowing of a typed CosmosMsg (`cosmosMsgParts`), used by the
 * adapters' `fromCosmosMsg` and the localnet account.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type CosmosMsg,
  CosmosMsg as CosmosMsgSchema,
  cosmosMsgParts,
  parseWire,
  toJsonBinary,
  WireError,
} from '../src/index.js'

const ADDR = 'neutron1335hded4gyzpt00fpz75mms4m7ck02wg74uqyn'
const coins = [{ denom: 'untrn', amount: '5' }]

describe('cosmosMsgParts', () => {
  it('takes a wasm execute apart with its msg decoded', () => {
    const msg: CosmosMsg = {
      wasm: { execute: { contract_addr: ADDR, msg: toJsonBinary({ bid: {} }), funds: coins } },
    }
    expect(cosmosMsgParts(msg)).toEqual({
      kind: 'wasm_execute',
      contractAddress: ADDR,
      msg: { bid: {} },
      funds: coins,
    })
  })

  it('takes a wasm instantiate apart, admin null when absent', () => {
    const instantiate = { code_id: 7, label: 'l', msg: toJsonBinary({ a: 1 }), funds: [] }
    const msg: CosmosMsg = { wasm: { instantiate } }
    expect(cosmosMsgParts(msg)).toEqual({
      kind: 'wasm_instantiate',
      codeId: 7,
      label: 'l',
      admin: null,
      msg: { a: 1 },
      funds: [],
    })
    const withAdmin: CosmosMsg = { wasm: { instantiate: { ...instantiate, admin: ADDR } } }
    expect(cosmosMsgParts(withAdmin)).toMatchObject({ kind: 'wasm_instantiate', admin: ADDR })
  })

  it('takes a bank send apart and names every other variant', () => {
    expect(cosmosMsgParts({ bank: { send: { to_address: ADDR, amount: coins } } })).toEqual({
      kind: 'bank_send',
      toAddress: ADDR,
      amount: coins,
    })
    const others: [CosmosMsg, string][] = [
      [{ bank: { burn: { amount: coins } } }, 'bank.burn'],
      [{ custom: {} }, 'custom'],
      [{ stargate: { type_url: '/x.Y', value: '' } }, 'stargate.type_url'],
      [{ wasm: { clear_admin: { contract_addr: ADDR } } }, 'wasm.clear_admin'],
      [{ gov: { vote: { proposal_id: 1, vote: 'yes' } } }, 'gov.vote'],
    ]
    for (const [msg, variant] of others) expect(cosmosMsgParts(msg)).toEqual({ kind: 'other', variant, msg })
  })

  it('refuses a wasm msg that is not base64 JSON with a WireError at the msg field', () => {
    const bad = (sub: 'execute' | 'instantiate') =>
      sub === 'execute'
        ? ({ wasm: { execute: { contract_addr: ADDR, msg: btoa('{nope'), funds: [] } } } as CosmosMsg)
        : ({ wasm: { instantiate: { code_id: 1, label: 'l', msg: btoa('{nope'), funds: [] } } } as CosmosMsg)
    for (const sub of ['execute', 'instantiate'] as const) {
      let e: unknown
      try {
        cosmosMsgParts(bad(sub))
      } catch (err) {
        e = err
      }
      expect(WireError.isInstance(e)).toBe(true)
      expect(e).toMatchObject({ path: ['wasm', sub, 'msg'], code: 'invalid_wire' })
      expect((e as Error).message).toMatch(/not JSON/)
    }
  })

  it('round-trips any JSON execute message (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const msg = parseWire(
          CosmosMsgSchema,
          { wasm: { execute: { contract_addr: ADDR, msg: toJsonBinary(value), funds: [] } } },
          'CosmosMsg',
        )
        const parts = cosmosMsgParts(msg)
        expect(parts.kind === 'wasm_execute' && parts.msg).toEqual(JSON.parse(JSON.stringify(value)))
      }),
    )
  })
})
