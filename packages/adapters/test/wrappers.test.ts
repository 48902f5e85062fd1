/**
 * Cross-chain wrappers (issue #6, item 4): golden JSON against wire-formats.md, and round trips
 * build → encode (protobuf bytes) → decode → the same parts, for every wrapper and for the
 * composed "DAO on another chain configures its Neutron account through Polytone by proposal".
 */
import { fromBase64 } from '@cosmjs/encoding'
import type { EncodeObject } from '@cosmjs/proto-signing'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  createAndRegisterAccount,
  decodeIcaSendTx,
  decodeNeutronSubmitTx,
  defaultRegistry,
  icaSendTx,
  neutronSubmitTx,
  reviewMsg,
  toEncodeObject,
} from '../src/cosmjs.js'
import {
  accountMsgs,
  bankSend,
  daoPreProposePropose,
  daoPropose,
  decodeDaoProposal,
  decodePolytoneExecute,
  fromCosmosMsg,
  polytoneExecute,
  polytoneRemoteAddress,
  rebalancerMsgs,
  toCosmosMsg,
} from '../src/index.js'
import {
  ACCOUNT,
  AUCTIONS_MANAGER,
  b64Text,
  DAO,
  ICA,
  ICA_OWNER,
  jsonSchemaErrors,
  NOTE,
  OWNER,
  PRE_PROPOSE,
  PROPOSAL_MODULE,
  PROXY,
  REBALANCER,
  RECIPIENT,
  SERVICES_MANAGER,
  SPEC_CONFIG,
} from './fixtures.js'

const registry = defaultRegistry()

/** Through protobuf bytes and back, as a chain would see it. */
function wire(eo: EncodeObject): EncodeObject {
  const bytes = registry.encode(eo)
  return { typeUrl: eo.typeUrl, value: registry.decode({ typeUrl: eo.typeUrl, value: bytes }) }
}

const update = accountMsgs.updateService(ACCOUNT, { maxLimitBps: { set: 300 }, trustee: 'clear' })
const pause = accountMsgs.pauseService(ACCOUNT, 'by proposal')

describe('Polytone', () => {
  it('golden: {"execute":{"msgs":[…],"timeout_seconds":"259200","callback":{"receiver":…,"msg":"<base64>"}}}', () => {
    const built = polytoneExecute({
      note: NOTE,
      msgs: [pause],
      callback: { receiver: DAO, msg: { done: 1 } },
    })
    const m = built.msg as {
      execute: { msgs: unknown[]; timeout_seconds: string; callback: { receiver: string; msg: string } }
    }
    expect(Object.keys(m.execute)).toEqual(['msgs', 'timeout_seconds', 'callback'])
    expect(m.execute.timeout_seconds).toBe('259200')
    expect(m.execute.callback.receiver).toBe(DAO)
    expect(b64Text(m.execute.callback.msg)).toBe('{"done":1}')
    expect(m.execute.msgs).toEqual([toCosmosMsg(pause)])
    expect(jsonSchemaErrors('PolytoneNoteExecuteMsg', built.msg)).toEqual([])
    const noCallback = polytoneExecute({ note: NOTE, msgs: [], timeoutSeconds: 60 })
    expect(JSON.stringify(noCallback.msg)).toBe('{"execute":{"msgs":[],"timeout_seconds":"60"}}')
    expect(polytoneRemoteAddress(NOTE, DAO).msg).toEqual({ remote_address: { local_address: DAO } })
  })

  it('round trip: build → MsgExecuteContract bytes → decode → the same parts', () => {
    const built = polytoneExecute({
      note: NOTE,
      msgs: [update, pause],
      timeoutSeconds: 3600n,
      callback: { receiver: DAO, msg: 'x' },
    })
    const parts = decodePolytoneExecute(wire(toEncodeObject(DAO, built)))
    expect(parts).toEqual({
      note: NOTE,
      msgs: [toCosmosMsg(update), toCosmosMsg(pause)],
      timeoutSeconds: 3600n,
      callback: { receiver: DAO, msg: 'x', msgBase64: 'Ingi' },
    })
    expect(decodePolytoneExecute(toCosmosMsg(built))).toEqual(parts)
    expect(fromCosmosMsg(parts.msgs[0]!)).toEqual(update)
  })

  it('refuses a zero timeout and a message that is not a note execute', () => {
    expect(() => polytoneExecute({ note: NOTE, msgs: [], timeoutSeconds: 0 })).toThrow(
      /timeout_seconds must be positive/,
    )
    expect(() => decodePolytoneExecute(pause)).toThrow(/PolytoneNoteExecuteMsg/)
  })
})

describe('DAO DAO', () => {
  it('golden: {"propose":{"title":…,"description":…,"msgs":[…],"proposer":null}}', () => {
    const built = daoPropose(PROPOSAL_MODULE, { title: 'T', description: 'D', msgs: [pause] })
    expect(JSON.stringify(built.msg)).toBe(
      `{"propose":{"title":"T","description":"D","msgs":[${JSON.stringify(toCosmosMsg(pause))}],"proposer":null}}`,
    )
    expect(jsonSchemaErrors('DaoProposalExecuteMsg', built.msg)).toEqual([])
  })

  it('golden: through a pre-propose module it is {"propose":{"msg":{"propose":{…}}}}, with the deposit', () => {
    const built = daoPreProposePropose(PRE_PROPOSE, {
      title: 'T',
      description: 'D',
      msgs: [pause],
      deposit: [{ denom: 'uosmo', amount: 10n }],
    })
    expect(JSON.stringify(built.msg)).toBe(
      `{"propose":{"msg":{"propose":{"title":"T","description":"D","msgs":[${JSON.stringify(toCosmosMsg(pause))}]}}}}`,
    )
    expect(built.funds).toEqual([{ denom: 'uosmo', amount: '10' }])
    expect(jsonSchemaErrors('DaoPreProposeExecuteMsg', built.msg)).toEqual([])
  })

  it('round trip, direct and pre-propose, with a vote', () => {
    const direct = daoPropose(PROPOSAL_MODULE, {
      title: 'Rebalance',
      description: 'Set the cap',
      msgs: [update],
      proposer: OWNER,
      vote: { vote: 'yes', rationale: null },
    })
    expect(decodeDaoProposal(wire(toEncodeObject(DAO, direct)))).toEqual({
      via: 'direct',
      module: PROPOSAL_MODULE,
      title: 'Rebalance',
      description: 'Set the cap',
      msgs: [toCosmosMsg(update)],
      proposer: OWNER,
      vote: { vote: 'yes', rationale: null },
      funds: [],
    })
    const pre = daoPreProposePropose(PRE_PROPOSE, { title: 'a', description: 'b', msgs: [update, pause] })
    expect(decodeDaoProposal(toCosmosMsg(pre))).toEqual({
      via: 'pre-propose',
      module: PRE_PROPOSE,
      title: 'a',
      description: 'b',
      msgs: [toCosmosMsg(update), toCosmosMsg(pause)],
      funds: [],
    })
    expect(() => decodeDaoProposal(pause)).toThrow(/not a propose message/)
  })
})

describe('ICA', () => {
  it('ICS-27 MsgSendTx: TYPE_EXECUTE_TX, CosmosTx of Any signed by the ICA, timeout in ns; round trip', () => {
    const eo = icaSendTx({
      owner: ICA_OWNER,
      connectionId: 'connection-7',
      icaAddress: ICA,
      msgs: [bankSend(RECIPIENT, [{ denom: 'uatom', amount: 5n }]), update],
      memo: 'm',
      relativeTimeoutNs: 600_000_000_000n,
    })
    expect(eo.typeUrl).toBe('/ibc.applications.interchain_accounts.controller.v1.MsgSendTx')
    expect(eo.value.packetData.type).toBe(1) // TYPE_EXECUTE_TX
    const bytes = registry.encode(eo)
    const parts = decodeIcaSendTx({ typeUrl: eo.typeUrl, value: bytes })
    expect(parts).toMatchObject({
      owner: ICA_OWNER,
      connectionId: 'connection-7',
      memo: 'm',
      relativeTimeoutNs: 600_000_000_000n,
    })
    expect(parts.msgs.map((m) => m.typeUrl)).toEqual([
      '/cosmos.bank.v1beta1.MsgSend',
      '/cosmwasm.wasm.v1.MsgExecuteContract',
    ])
    expect(parts.msgs[0]!.value).toMatchObject({
      fromAddress: ICA,
      toAddress: RECIPIENT,
      amount: [{ denom: 'uatom', amount: '5' }],
    })
    expect(parts.msgs[1]!.value.sender).toBe(ICA)
    expect(fromCosmosMsg(parts.msgs[1]!)).toEqual(update)
    expect(() => icaSendTx({ owner: ICA_OWNER, connectionId: 'c', icaAddress: ICA, msgs: [] })).toThrow(
      /at least one message/,
    )
  })

  it('Neutron MsgSubmitTx: ids, timeout in s, fees sorted; round trip', () => {
    const eo = neutronSubmitTx({
      fromAddress: ICA_OWNER,
      interchainAccountId: 'treasury',
      connectionId: 'connection-0',
      icaAddress: ICA,
      msgs: [update],
      timeoutSeconds: 3600n,
      fee: { ackFee: [{ denom: 'untrn', amount: 1000n }], timeoutFee: [{ denom: 'untrn', amount: '1000' }] },
    })
    const bytes = registry.encode(eo)
    expect(decodeNeutronSubmitTx({ typeUrl: eo.typeUrl, value: bytes })).toEqual({
      fromAddress: ICA_OWNER,
      interchainAccountId: 'treasury',
      connectionId: 'connection-0',
      memo: '',
      timeoutSeconds: 3600n,
      fee: {
        recvFee: [],
        ackFee: [{ denom: 'untrn', amount: '1000' }],
        timeoutFee: [{ denom: 'untrn', amount: '1000' }],
      },
      msgs: [toEncodeObject(ICA, update)].map((m) => ({ typeUrl: m.typeUrl, value: m.value })),
    })
    expect(() => decodeNeutronSubmitTx({ ...eo, typeUrl: '/cosmos.bank.v1beta1.MsgSend' })).toThrow(
      /expected type/,
    )
  })

  it('an ICA message can be proposed by a DAO as a stargate CosmosMsg and reviewed back', () => {
    const ica = icaSendTx({ owner: ICA_OWNER, connectionId: 'connection-1', icaAddress: ICA, msgs: [pause] })
    // the package root has no protobuf registry: an ICA message needs the cosmjs entry's
    expect(() => toCosmosMsg(ica)).toThrow(
      /pass a registry \(defaultRegistry\(\) from @rebalancer\/adapters\/cosmjs\)/,
    )
    const cm = toCosmosMsg(ica, registry) as { stargate: { type_url: string; value: string } }
    expect(cm.stargate.type_url).toBe('/ibc.applications.interchain_accounts.controller.v1.MsgSendTx')
    expect(fromBase64(cm.stargate.value)).toEqual(registry.encode(ica))
    expect(jsonSchemaErrors('CosmosMsg', cm)).toEqual([])
    expect(toEncodeObject(ICA_OWNER, cm)).toEqual(wire(ica))
    const tree = reviewMsg(daoPropose(PROPOSAL_MODULE, { title: 't', description: 'd', msgs: [cm] }))
    expect(tree).toMatchObject({
      kind: 'dao-proposal',
      msgs: [
        {
          kind: 'ica',
          connectionId: 'connection-1',
          msgs: [{ kind: 'account', action: 'pause_service', account: ACCOUNT }],
        },
      ],
    })
  })
})

describe('composed: a DAO on another chain configures its Neutron account through Polytone by proposal', () => {
  it('is one call chain, and decodes back layer by layer', () => {
    const proposal = daoPropose(PROPOSAL_MODULE, {
      title: 'Treasury: cap sells at 3%',
      description: 'via Polytone',
      msgs: [polytoneExecute({ note: NOTE, msgs: [update] })],
    })
    // what the DAO member signs on the DAO's chain
    const eo = wire(toEncodeObject(OWNER, proposal))
    const dao = decodeDaoProposal(eo)
    expect(dao.module).toBe(PROPOSAL_MODULE)
    const poly = decodePolytoneExecute(dao.msgs[0]!)
    expect(poly.note).toBe(NOTE)
    expect(poly.msgs).toHaveLength(1)
    expect(fromCosmosMsg(poly.msgs[0]!)).toEqual(update)
    expect(reviewMsg(eo)).toEqual({
      kind: 'dao-proposal',
      via: 'direct',
      module: PROPOSAL_MODULE,
      title: 'Treasury: cap sells at 3%',
      description: 'via Polytone',
      proposer: null,
      funds: [],
      msgs: [
        {
          kind: 'polytone',
          note: NOTE,
          timeoutSeconds: 259200n,
          msgs: [
            {
              kind: 'account',
              account: ACCOUNT,
              action: 'update_service',
              body: (update.msg as { update_service: unknown }).update_service,
              funds: [],
              update: { trustee: 'clear', targets: [], max_limit_bps: { set: 300 } },
            },
          ],
        },
      ],
    })
  })

  it("create-and-register can itself be proposed (the DAO's proxy creates the account)", () => {
    const tx = createAndRegisterAccount({
      sender: PROXY,
      codeId: 7,
      checksum: new Uint8Array(32).fill(1),
      servicesManager: SERVICES_MANAGER,
      config: SPEC_CONFIG,
      registerFee: { denom: 'untrn', amount: 1_000_000n },
    })
    const proposal = daoPropose(PROPOSAL_MODULE, {
      title: 'new account',
      description: '',
      msgs: [polytoneExecute({ note: NOTE, msgs: tx.cosmosMsgs })],
    })
    const tree = reviewMsg(proposal) as { msgs: { msgs: { config?: { max_limit_bps: number } }[] }[] }
    expect(tree.msgs[0]!.msgs[0]).toMatchObject({ kind: 'instantiate', codeId: 7, admin: PROXY })
    expect(tree.msgs[0]!.msgs[1]).toMatchObject({
      kind: 'account',
      account: tx.address,
      action: 'register_to_service',
    })
    expect(tree.msgs[0]!.msgs[1]!.config?.max_limit_bps).toBe(500)
  })
})

describe('round trips hold for any content (property)', () => {
  const text = fc.string({ maxLength: 40 })
  const amount = fc.bigInt({ min: 1n, max: 1n << 100n })
  const denom = fc.constantFrom('uatom', 'untrn', 'uosmo', 'ibc/ABCDEF')
  const inner = fc.oneof(
    fc
      .record({
        to: fc.constant(RECIPIENT),
        coins: fc.array(fc.record({ denom, amount }), { minLength: 1, maxLength: 3 }),
      })
      .map((r) => bankSend(r.to, r.coins)),
    fc.integer({ min: 1, max: 1000 }).map((l) => rebalancerMsgs.systemRebalance(REBALANCER, l)),
    text.map((r) => accountMsgs.pauseService(ACCOUNT, r)),
    fc
      .integer({ min: 1, max: 10000 })
      .map((b) => accountMsgs.updateService(ACCOUNT, { maxLimitBps: { set: b } })),
    fc
      .record({ pair: fc.constantFrom(['uatom', 'untrn'] as const, ['untrn', 'uosmo'] as const), amount })
      .map((r) => accountMsgs.oneTimeOrder(ACCOUNT, AUCTIONS_MANAGER, r.pair, r.amount)),
  )

  it('DAO → Polytone → messages: decode(encode(build(x))) = x', () => {
    fc.assert(
      fc.property(
        fc.array(inner, { maxLength: 4 }),
        text,
        text,
        fc.bigInt({ min: 1n, max: 1n << 63n }),
        fc.boolean(),
        (msgs, title, description, timeout, pre) => {
          const poly = polytoneExecute({ note: NOTE, msgs, timeoutSeconds: timeout })
          const proposal = pre
            ? daoPreProposePropose(PRE_PROPOSE, { title, description, msgs: [poly] })
            : daoPropose(PROPOSAL_MODULE, { title, description, msgs: [poly] })
          const dao = decodeDaoProposal(wire(toEncodeObject(OWNER, proposal)))
          expect(dao.title).toBe(title)
          expect(dao.description).toBe(description)
          const p = decodePolytoneExecute(dao.msgs[0]!)
          expect(p.timeoutSeconds).toBe(timeout)
          expect(p.msgs).toEqual(msgs.map((m) => toCosmosMsg(m)))
          expect(p.msgs.map((m) => fromCosmosMsg(m))).toEqual(msgs.map((m) => fromCosmosMsg(toCosmosMsg(m))))
        },
      ),
      { numRuns: 100 },
    )
  })

  it('ICA and Neutron ICA: decode(encode(build(x))) = x', () => {
    fc.assert(
      fc.property(
        fc.array(inner, { minLength: 1, maxLength: 4 }),
        text,
        fc.bigInt({ min: 1n, max: (1n << 63n) - 1n }),
        (msgs, memo, timeout) => {
          const a = decodeIcaSendTx(
            wire(
              icaSendTx({
                owner: ICA_OWNER,
                connectionId: 'connection-3',
                icaAddress: ICA,
                msgs,
                memo,
                relativeTimeoutNs: timeout,
              }),
            ),
          )
          expect(a.memo).toBe(memo)
          expect(a.relativeTimeoutNs).toBe(timeout)
          expect(a.msgs.map((m) => toCosmosMsg(m))).toEqual(msgs.map((m) => toCosmosMsg(m)))
          const n = decodeNeutronSubmitTx(
            wire(
              neutronSubmitTx({
                fromAddress: ICA_OWNER,
                interchainAccountId: 'x',
                connectionId: 'connection-3',
                icaAddress: ICA,
                msgs,
                memo,
                timeoutSeconds: timeout,
                fee: {
                  ackFee: [{ denom: 'untrn', amount: 1n }],
                  timeoutFee: [{ denom: 'untrn', amount: 1n }],
                },
              }),
            ),
          )
          expect(n.timeoutSeconds).toBe(timeout)
          expect(n.msgs.map((m) => toCosmosMsg(m))).toEqual(msgs.map((m) => toCosmosMsg(m)))
        },
      ),
      { numRuns: 100 },
    )
  })

  it('CosmosMsg ↔ EncodeObject is lossless for every builder output', () => {
    fc.assert(
      fc.property(inner, (m) => {
        const cm = toCosmosMsg(m)
        expect(toCosmosMsg(wire(toEncodeObject(OWNER, cm)))).toEqual(cm)
        expect(jsonSchemaErrors('CosmosMsg', cm)).toEqual([])
      }),
      { numRuns: 200 },
    )
  })
})
