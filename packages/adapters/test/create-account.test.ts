/**
 * Create and register in one transaction (issue #6, item 2): MsgInstantiateContract2 with
 * sorted funds plus the fee and a fixed salt, then register_to_service on the predicted address.
 */
import { fromBase64, fromHex, toHex, toUtf8 } from '@cosmjs/encoding'
import { instantiate2Address } from '@rebalancer/types'
import { MsgInstantiateContract2 } from 'cosmjs-types/cosmwasm/wasm/v1/tx'
import { describe, expect, it } from 'vitest'
import { createAndRegisterAccount, defaultRegistry, toEncodeObject } from '../src/cosmjs.js'
import { fromCosmosMsg, toCosmosMsg } from '../src/index.js'
import {
  b64Text,
  jsonSchemaErrors,
  OWNER,
  REBALANCER_DATA_JSON,
  SERVICES_MANAGER,
  SPEC_CONFIG,
  USDC,
} from './fixtures.js'

const CHECKSUM = 'aa'.repeat(32)

describe('createAndRegisterAccount', () => {
  const tx = createAndRegisterAccount({
    sender: OWNER,
    codeId: 42,
    checksum: CHECKSUM,
    servicesManager: SERVICES_MANAGER,
    config: SPEC_CONFIG,
    funds: [
      { denom: 'untrn', amount: 5_000_000n },
      { denom: USDC, amount: 100n },
    ],
    registerFee: { denom: 'untrn', amount: 1_000_000n },
  })

  it('predicts the address with instantiate2Address (checksum, sender, salt "valence", prefix)', () => {
    expect(tx.address).toBe(instantiate2Address(fromHex(CHECKSUM), OWNER, toUtf8('valence'), 'neutron'))
    expect(tx.register.contractAddress).toBe(tx.address)
  })

  it('MsgInstantiateContract2: funds sorted by denom with the fee added, fixed salt, admin = sender, fix_msg false', () => {
    const [inst, reg] = tx.msgs
    expect(inst.typeUrl).toBe('/cosmwasm.wasm.v1.MsgInstantiateContract2')
    expect(inst.value).toMatchObject({
      sender: OWNER,
      admin: OWNER,
      codeId: 42n,
      label: 'valence-account',
      funds: [
        { denom: USDC, amount: '100' },
        { denom: 'untrn', amount: '6000000' },
      ],
      fixMsg: false,
    })
    expect(toHex(inst.value.salt)).toBe(toHex(toUtf8('valence')))
    expect(JSON.parse(new TextDecoder().decode(inst.value.msg))).toEqual({
      services_manager: SERVICES_MANAGER,
      referral: null,
    })
    expect(reg.typeUrl).toBe('/cosmwasm.wasm.v1.MsgExecuteContract')
    expect(reg.value).toMatchObject({ sender: OWNER, contract: tx.address, funds: [] })
    const msg = JSON.parse(new TextDecoder().decode(reg.value.msg))
    expect(b64Text(msg.register_to_service.data)).toBe(REBALANCER_DATA_JSON)
    // both encode with the registry (what signAndBroadcast does)
    for (const m of tx.msgs) expect(defaultRegistry().encode(m).length).toBeGreaterThan(0)
  })

  it('the CosmosMsg forms are a stargate MsgInstantiateContract2 (as DAO DAO sends it) and wasm.execute', () => {
    const first = tx.cosmosMsgs[0] as { stargate: { type_url: string; value: string } }
    expect(first.stargate.type_url).toBe('/cosmwasm.wasm.v1.MsgInstantiateContract2')
    // the protobuf value names the creator, so the executing contract must be `sender`
    const decoded = MsgInstantiateContract2.decode(fromBase64(first.stargate.value))
    expect(decoded.sender).toBe(OWNER)
    expect(toHex(decoded.salt)).toBe(toHex(toUtf8('valence')))
    for (const m of tx.cosmosMsgs) expect(jsonSchemaErrors('CosmosMsg', m)).toEqual([])
    expect(tx.cosmosMsgs).toEqual(tx.msgs.map((m) => toCosmosMsg(m)))
    expect(fromCosmosMsg(tx.cosmosMsgs[0])).toEqual(tx.instantiate)
    expect(toEncodeObject(OWNER, tx.cosmosMsgs[0])).toEqual(tx.msgs[0])
    // wasm.instantiate2 is refused by the account, DAO DAO v2.4.2 and the Polytone note: not built
    expect(() => toCosmosMsg(tx.instantiate)).toThrow(/stargate MsgInstantiateContract2/)
  })

  it('takes a custom salt, admin and prefix; refuses a bad checksum or config', () => {
    const other = createAndRegisterAccount({
      sender: OWNER,
      codeId: 42,
      checksum: fromHex(CHECKSUM),
      servicesManager: SERVICES_MANAGER,
      config: SPEC_CONFIG,
      salt: 'valence-2',
      admin: null,
    })
    expect(other.address).toBe(instantiate2Address(fromHex(CHECKSUM), OWNER, toUtf8('valence-2'), 'neutron'))
    expect(other.address).not.toBe(tx.address)
    expect(other.msgs[0].value.admin).toBe('')
    expect(other.msgs[0].value.funds).toEqual([])
    expect(() =>
      createAndRegisterAccount({
        sender: OWNER,
        codeId: 1,
        checksum: 'abcd',
        servicesManager: SERVICES_MANAGER,
        config: SPEC_CONFIG,
      }),
    ).toThrow(/expected 32 bytes/)
    expect(() =>
      createAndRegisterAccount({
        sender: OWNER,
        codeId: 1,
        checksum: CHECKSUM,
        servicesManager: SERVICES_MANAGER,
        config: { ...SPEC_CONFIG, maxLimitBps: 0 },
      }),
    ).toThrow(/must be an integer in 1\.\.=10000, got .* at max_limit_bps/)
  })
})

describe('the workspace resolves what a fresh install resolves (issue #9, item 1)', () => {
  it("cosmjs's own instantiate2Address fails on the @scure/base users get; ours does not", async () => {
    // cosmjs 0.38.1 calls fromBech32(creator, Infinity); @scure/base >= 2.3 refuses that limit. If
    // this stops throwing, the lockfile pins an older @scure/base than npm gives integrators.
    const cosmjs = await import('@cosmjs/cosmwasm')
    expect(() => cosmjs.instantiate2Address(fromHex(CHECKSUM), OWNER, toUtf8('valence'), 'neutron')).toThrow(
      /limit: expected safe integer, got Infinity/,
    )
    expect(instantiate2Address(fromHex(CHECKSUM), OWNER, toUtf8('valence'), 'neutron')).toMatch(/^neutron1/)
  })
})

describe('instantiate and instantiate2 take one path to a CosmosMsg', () => {
  it('toCosmosMsg(instantiation with a salt, registry, {creator}) is instantiate2CosmosMsg(creator, …)', async () => {
    const adapters = await import('../src/index.js')
    const creator = 'neutron1335hded4gyzpt00fpz75mms4m7ck02wg74uqyn'
    const inst = {
      codeId: 7,
      label: 'acc',
      admin: creator,
      msg: { services_manager: creator, referral: null },
      funds: [],
      salt: toUtf8('valence'),
    }
    const viaOptions = adapters.toCosmosMsg(inst, undefined, { creator })
    expect(viaOptions).toEqual(adapters.instantiate2CosmosMsg(creator, inst))
    expect('stargate' in viaOptions && viaOptions.stargate.type_url).toBe(
      '/cosmwasm.wasm.v1.MsgInstantiateContract2',
    )
    expect(() => adapters.toCosmosMsg(inst)).toThrow(/names its creator/)
    expect(() => adapters.toCosmosMsg(inst, undefined, { creator: 'nope' })).toThrow(/creator/)
    const { salt: _salt, ...plain } = inst
    expect(adapters.toCosmosMsg(plain, undefined, { creator })).toHaveProperty('wasm.instantiate')
  })
})
