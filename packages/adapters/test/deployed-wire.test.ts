/**
 * What DAO DAO, Polytone and Neutron really send or accept (issue #9, section 2): the stargate
 * form of MsgInstantiateContract2 in DAO proposals, DAO DAO's non-JSON Polytone callback ids, and
 * Neutron's rules for the fees of MsgSubmitTx.
 */
import { toBase64, toUtf8 } from '@cosmjs/encoding'
import { describe, expect, it } from 'vitest'
import { createAndRegisterAccount, neutronSubmitTx, reviewMsg, toEncodeObject } from '../src/cosmjs.js'
import {
  accountMsgs,
  daoPreProposePropose,
  daoPropose,
  decodeDaoProposal,
  decodePolytoneExecute,
  polytoneExecute,
  rebalancerMsgs,
  toCosmosMsg,
} from '../src/index.js'
import {
  ACCOUNT,
  DAO,
  ICA,
  ICA_OWNER,
  NOTE,
  PRE_PROPOSE,
  PROPOSAL_MODULE,
  PROXY,
  REBALANCER,
  SERVICES_MANAGER,
  SPEC_CONFIG,
} from './fixtures.js'

const INSTANTIATE2 = '/cosmwasm.wasm.v1.MsgInstantiateContract2'

describe('DAO proposals send instantiate2 as a stargate MsgInstantiateContract2', () => {
  const salted = accountMsgs.instantiate({
    codeId: 7,
    servicesManager: SERVICES_MANAGER,
    label: 'a',
    salt: 'valence',
  })

  it('with the DAO as creator, the proposal carries the stargate form (never wasm.instantiate2)', () => {
    for (const built of [
      daoPropose(PROPOSAL_MODULE, { title: 'T', description: 'D', msgs: [salted], dao: DAO }),
      daoPreProposePropose(PRE_PROPOSE, { title: 'T', description: 'D', msgs: [salted], dao: DAO }),
    ]) {
      const parts = decodeDaoProposal(built)
      const m = parts.msgs[0] as { stargate?: { type_url: string } }
      expect(m.stargate?.type_url).toBe(INSTANTIATE2)
      expect(JSON.stringify(built.msg)).not.toContain('instantiate2')
      const eo = toEncodeObject(DAO, parts.msgs[0]!)
      expect(eo.value.sender).toBe(DAO)
      // review shows the instantiation back, salt included
      const node = reviewMsg(built)
      expect(node.kind === 'dao-proposal' && node.msgs[0]!.kind).toBe('instantiate')
    }
  })

  it('without the creator a salted instantiation is refused with the reason', () => {
    expect(() => daoPropose(PROPOSAL_MODULE, { title: 'T', description: 'D', msgs: [salted] })).toThrow(
      /needs `dao` \(its creator\)/,
    )
  })

  it('createAndRegisterAccount().cosmosMsgs go into a proposal as they are', () => {
    const tx = createAndRegisterAccount({
      sender: DAO,
      codeId: 42,
      checksum: new Uint8Array(32).fill(1),
      servicesManager: SERVICES_MANAGER,
      config: SPEC_CONFIG,
      bech32Prefix: 'osmo',
    })
    const built = daoPropose(PROPOSAL_MODULE, { title: 'T', description: 'D', msgs: tx.cosmosMsgs })
    const parts = decodeDaoProposal(built)
    expect((parts.msgs[0] as { stargate: { type_url: string } }).stargate.type_url).toBe(INSTANTIATE2)
  })
})

describe('Polytone callbacks as DAO DAO sends them', () => {
  const pause = accountMsgs.pauseService(ACCOUNT, 'x')
  // DAO DAO's callback msg: base64 of an id that is not JSON
  const id = 'proposal_42_polytone_0'
  const daoDaoNote = {
    execute: {
      msgs: [toCosmosMsg(pause)],
      timeout_seconds: '259200',
      callback: { receiver: DAO, msg: toBase64(toUtf8(id)) },
    },
  }
  const call = { contractAddress: NOTE, msg: daoDaoNote, funds: [] }

  it('decodePolytoneExecute and reviewMsg decode a non-JSON callback instead of throwing', () => {
    const parts = decodePolytoneExecute(call)
    expect(parts.callback).toEqual({ receiver: DAO, msg: id, msgBase64: toBase64(toUtf8(id)) })
    const node = reviewMsg(toEncodeObject(DAO, call))
    expect(node.kind).toBe('polytone')
    if (node.kind === 'polytone') expect(node.callback?.msg).toBe(id)
  })

  it('non-UTF-8 callback bytes come back as bytes', () => {
    const bytes = new Uint8Array([0xff, 0xfe, 0x00])
    const built = polytoneExecute({ note: NOTE, msgs: [pause], callback: { receiver: DAO, msg: bytes } })
    expect(decodePolytoneExecute(built).callback?.msg).toEqual(bytes)
  })

  it('our builder adds a callback: raw bytes as DAO DAO does, or JSON', () => {
    const raw = polytoneExecute({ note: NOTE, msgs: [pause], callback: { receiver: DAO, msg: toUtf8(id) } })
    expect((raw.msg as typeof daoDaoNote).execute.callback).toEqual(daoDaoNote.execute.callback)
    const json = polytoneExecute({ note: NOTE, msgs: [pause], callback: { receiver: PROXY, msg: { n: 1 } } })
    expect(decodePolytoneExecute(json).callback?.msg).toEqual({ n: 1 })
  })
})

describe('Neutron MsgSubmitTx fees, as Neutron validates them', () => {
  const base = {
    fromAddress: ICA_OWNER,
    interchainAccountId: 'x',
    connectionId: 'connection-0',
    icaAddress: ICA,
    msgs: [rebalancerMsgs.systemRebalance(REBALANCER, 5)],
  }
  const fee = [{ denom: 'untrn', amount: 1000n }]
  it('a receive fee is refused', () => {
    expect(() => neutronSubmitTx({ ...base, fee: { recvFee: fee, ackFee: fee, timeoutFee: fee } })).toThrow(
      'MsgSubmitTx: recv_fee must be empty (Neutron refuses a receive fee) at fee.recv_fee',
    )
  })
  it('empty ack and timeout fees are refused', () => {
    expect(() => neutronSubmitTx({ ...base, fee: { ackFee: [], timeoutFee: fee } })).toThrow(
      /ack_fee must hold a positive amount .* at fee\.ack_fee/,
    )
    expect(() =>
      neutronSubmitTx({ ...base, fee: { ackFee: fee, timeoutFee: [{ denom: 'untrn', amount: 0n }] } }),
    ).toThrow(/timeout_fee must hold a positive amount .* at fee\.timeout_fee/)
  })
  it('empty recv_fee with ack and timeout fees is built', () => {
    expect(neutronSubmitTx({ ...base, fee: { recvFee: [], ackFee: fee, timeoutFee: fee } }).typeUrl).toBe(
      '/neutron.interchaintxs.v1.MsgSubmitTx',
    )
  })
})
