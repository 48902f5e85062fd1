/**
 * One decoder for review screens (issue #6, item 4): a message, however deeply wrapped (DAO
 * proposal → Polytone → account → …, or ICA / Neutron ICA), turned back into a tree of its
 * parts, each inner `data` and `msg` decoded.
 */
import type { EncodeObject, Registry } from '@cosmjs/proto-signing'
import type { RebalancerData, RebalancerUpdateData } from '@rebalancer/types'
import {
  AccountExecuteMsg,
  binaryBytes,
  DaoPreProposeExecuteMsg,
  DaoProposalExecuteMsg,
  decodeRebalancerData,
  decodeRebalancerUpdateData,
  PolytoneNoteExecuteMsg,
} from '@rebalancer/types'
import {
  fromCosmosMsg,
  isContractExecute,
  isContractInstantiate,
  isEncodeObject,
  type MsgLike,
} from '../msg.js'
import { defaultRegistry } from '../registry.js'
import { MSG_SEND_TX_TYPE_URL, MSG_SUBMIT_TX_TYPE_URL } from '../type-urls.js'
import { type DaoVote, decodeDaoProposal } from './dao.js'
import { decodeIcaSendTx, decodeNeutronSubmitTx } from './ica.js'
import { decodePolytoneExecute, type PolytoneCallbackParts } from './polytone.js'

type Coins = readonly { denom: string; amount: string }[]

/** One node of a reviewed message. */
export type ReviewNode =
  | {
      kind: 'dao-proposal'
      via: 'direct' | 'pre-propose'
      module: string
      title: string
      description: string
      proposer?: string | null
      vote?: DaoVote | null
      funds: Coins
      msgs: ReviewNode[]
    }
  | {
      kind: 'polytone'
      note: string
      timeoutSeconds: bigint
      callback?: PolytoneCallbackParts
      msgs: ReviewNode[]
    }
  | {
      kind: 'ica'
      owner: string
      connectionId: string
      memo: string
      relativeTimeoutNs: bigint
      msgs: ReviewNode[]
    }
  | {
      kind: 'neutron-ica'
      fromAddress: string
      interchainAccountId: string
      connectionId: string
      memo: string
      timeoutSeconds: bigint
      msgs: ReviewNode[]
    }
  | {
      /**
       * An account message (`register_to_service` and `update_service` have the same shape on
       * the services manager). `config` / `update` are the decoded `data`; `msgs` the inner
       * messages of `execute_by_admin`.
       */
      kind: 'account'
      account: string
      action: string
      body: unknown
      funds: Coins
      config?: RebalancerData
      update?: RebalancerUpdateData
      msgs?: ReviewNode[]
    }
  | { kind: 'execute'; contract: string; msg: unknown; funds: Coins }
  | {
      kind: 'instantiate'
      codeId: number
      label: string
      admin: string | null
      msg: unknown
      funds: Coins
      salt?: Uint8Array
    }
  | { kind: 'bank-send'; to: string; amount: Coins }
  | { kind: 'message'; typeUrl: string; value: unknown }

/**
 * Decodes a message into a {@link ReviewNode} tree: DAO proposals (direct and pre-propose),
 * Polytone note executes, ICS-27 `MsgSendTx` and Neutron `MsgSubmitTx` are unwrapped
 * recursively; account messages get their `data` decoded; other wasm executes show their JSON.
 * Never throws on an unknown message: it is shown as `execute` or `message`.
 * @throws WireError only for a malformed CosmosMsg.
 */
export function reviewMsg(input: MsgLike, registry: Registry = defaultRegistry()): ReviewNode {
  if (isEncodeObject(input)) {
    if (input.typeUrl === MSG_SEND_TX_TYPE_URL) {
      const p = decodeIcaSendTx(input, registry)
      return {
        kind: 'ica',
        owner: p.owner,
        connectionId: p.connectionId,
        memo: p.memo,
        relativeTimeoutNs: p.relativeTimeoutNs,
        msgs: p.msgs.map((m) => reviewMsg(m, registry)),
      }
    }
    if (input.typeUrl === MSG_SUBMIT_TX_TYPE_URL) {
      const p = decodeNeutronSubmitTx(input, registry)
      return {
        kind: 'neutron-ica',
        fromAddress: p.fromAddress,
        interchainAccountId: p.interchainAccountId,
        connectionId: p.connectionId,
        memo: p.memo,
        timeoutSeconds: p.timeoutSeconds,
        msgs: p.msgs.map((m) => reviewMsg(m, registry)),
      }
    }
  }
  const d =
    isContractExecute(input) || isContractInstantiate(input)
      ? input
      : fromCosmosMsg(input as EncodeObject, registry)
  if (isContractInstantiate(d)) {
    const node: ReviewNode = {
      kind: 'instantiate',
      codeId: d.codeId,
      label: d.label,
      admin: d.admin,
      msg: d.msg,
      funds: d.funds,
    }
    if (d.salt) node.salt = d.salt
    return node
  }
  if (!isContractExecute(d)) {
    if ('bank' in d && 'send' in d.bank)
      return { kind: 'bank-send', to: d.bank.send.to_address, amount: d.bank.send.amount }
    if ('stargate' in d) {
      const eo = { typeUrl: d.stargate.type_url, value: binaryBytes(d.stargate.value) }
      if (eo.typeUrl === MSG_SEND_TX_TYPE_URL || eo.typeUrl === MSG_SUBMIT_TX_TYPE_URL)
        return reviewMsg({ typeUrl: eo.typeUrl, value: registry.decode(eo) }, registry)
      return { kind: 'message', typeUrl: eo.typeUrl, value: safeDecode(registry, eo) }
    }
    return { kind: 'message', typeUrl: 'CosmosMsg', value: d }
  }
  const msg = d.msg
  // zod's own safeParse to classify (parseWire's serde-style walker only matters for error text)
  if (DaoProposalExecuteMsg.safeParse(msg).success || DaoPreProposeExecuteMsg.safeParse(msg).success) {
    const p = decodeDaoProposal(d, registry)
    const node: ReviewNode = {
      kind: 'dao-proposal',
      via: p.via,
      module: p.module,
      title: p.title,
      description: p.description,
      funds: p.funds,
      msgs: p.msgs.map((m) => reviewMsg(m, registry)),
    }
    if (p.proposer !== undefined) node.proposer = p.proposer
    if (p.vote !== undefined) node.vote = p.vote
    return node
  }
  if (PolytoneNoteExecuteMsg.safeParse(msg).success) {
    const p = decodePolytoneExecute(d, registry)
    const node: ReviewNode = {
      kind: 'polytone',
      note: p.note,
      timeoutSeconds: p.timeoutSeconds,
      msgs: p.msgs.map((m) => reviewMsg(m, registry)),
    }
    if (p.callback) node.callback = p.callback
    return node
  }
  const acc = AccountExecuteMsg.safeParse(msg)
  if (acc.success) {
    const [action, body] = Object.entries(acc.data as Record<string, unknown>)[0]!
    const node: ReviewNode = { kind: 'account', account: d.contractAddress, action, body, funds: d.funds }
    const b = body as { data?: string | null; msgs?: unknown[] }
    if (action === 'register_to_service' && b.data) node.config = decodeRebalancerData(b.data)
    if (action === 'update_service' && b.data) node.update = decodeRebalancerUpdateData(b.data)
    if (action === 'execute_by_admin')
      node.msgs = (b.msgs ?? []).map((m) => reviewMsg(m as MsgLike, registry))
    return node
  }
  return { kind: 'execute', contract: d.contractAddress, msg, funds: d.funds }
}

function safeDecode(registry: Registry, eo: { typeUrl: string; value: Uint8Array }): unknown {
  try {
    return registry.decode(eo)
  } catch {
    return eo.value
  }
}
