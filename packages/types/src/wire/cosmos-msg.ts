/**
 * `CosmosMsg` and the messages that carry it from elsewhere (wire-formats.md, "Reaching the
 * account from another chain": Polytone and DAO DAO). ICA messages are protobuf
 * (`MsgSendTx`, `MsgSubmitTx`), not JSON, and live in cosmjs-types.
 */
import * as z from 'zod'
import { fromJsonBinary } from './convert.js'
import { wireEnum } from './enum.js'
import { WireError } from './parse.js'
import { Addr, Binary, CoinWire, Empty, Timestamp, U64, Uint64Str } from './primitives.js'

/**
 * `BankMsg` variants (wire-formats.md, "DAO DAO": a bank send is
 * `{"bank":{"send":{"to_address":…,"amount":[{"denom":…,"amount":"…"}]}}}`).
 */
export const BankMsgVariants = {
  send: z.strictObject({ to_address: Addr, amount: z.array(CoinWire) }),
  burn: z.strictObject({ amount: z.array(CoinWire) }),
} as const
/** BankMsg has no bare-string variants (wire-formats.md, "DAO DAO"). */
export const BankMsgUnitVariants = [] as const
/** `BankMsg` (wire-formats.md, "DAO DAO"). */
export const BankMsg = wireEnum('BankMsg', BankMsgVariants, BankMsgUnitVariants)
/** `BankMsg` (wire-formats.md, "DAO DAO"). */
export type BankMsg = z.infer<typeof BankMsg>

/**
 * `WasmMsg` variants (wire-formats.md, "DAO DAO": a wasm execute is
 * `{"wasm":{"execute":{"contract_addr":…,"msg":"<base64 JSON>","funds":[]}}}`). `msg` is the
 * base64 of the inner message's JSON. There is no `instantiate2`: the deployed account (cosmwasm-std
 * 1.5 without `cosmwasm_1_2`), DAO DAO's proposal modules v2.4.2 and the Polytone note all refuse
 * it; a `MsgInstantiateContract2` travels as a `stargate` message instead (wire-formats.md,
 * "Account").
 */
export const WasmMsgVariants = {
  execute: z.strictObject({ contract_addr: Addr, msg: Binary, funds: z.array(CoinWire) }),
  instantiate: z.strictObject({
    admin: Addr.nullable().optional(),
    code_id: U64,
    msg: Binary,
    funds: z.array(CoinWire),
    label: z.string(),
  }),
  migrate: z.strictObject({ contract_addr: Addr, new_code_id: U64, msg: Binary }),
  update_admin: z.strictObject({ contract_addr: Addr, admin: Addr }),
  clear_admin: z.strictObject({ contract_addr: Addr }),
} as const
/** WasmMsg has no bare-string variants (wire-formats.md, "DAO DAO"). */
export const WasmMsgUnitVariants = [] as const
/** `WasmMsg` (wire-formats.md, "DAO DAO"). */
export const WasmMsg = wireEnum('WasmMsg', WasmMsgVariants, WasmMsgUnitVariants)
/** `WasmMsg` (wire-formats.md, "DAO DAO"). */
export type WasmMsg = z.infer<typeof WasmMsg>

/**
 * An IBC timeout (the deployed account's `IbcTimeout`): a block `{revision, height}` and/or a
 * {@link Timestamp}; either may be `null` or absent.
 */
export const IbcTimeoutWire = z.strictObject({
  block: z.strictObject({ revision: U64, height: U64 }).nullable().optional(),
  timestamp: Timestamp.nullable().optional(),
})
/** An IBC timeout (wire-formats.md, "Account"). */
export type IbcTimeoutWire = z.infer<typeof IbcTimeoutWire>

/**
 * `IbcMsg` variants (the deployed account's `execute_by_admin` schema): `transfer{channel_id,
 * to_address, amount, timeout}`, `send_packet{channel_id, data, timeout}`, `close_channel{channel_id}`.
 */
export const IbcMsgVariants = {
  transfer: z.strictObject({
    channel_id: z.string(),
    to_address: z.string(),
    amount: CoinWire,
    timeout: IbcTimeoutWire,
  }),
  send_packet: z.strictObject({ channel_id: z.string(), data: Binary, timeout: IbcTimeoutWire }),
  close_channel: z.strictObject({ channel_id: z.string() }),
} as const
/** `IbcMsg` (wire-formats.md, "Account"). */
export const IbcMsg = wireEnum('IbcMsg', IbcMsgVariants, [] as const)
/** `IbcMsg` (wire-formats.md, "Account"). */
export type IbcMsg = z.infer<typeof IbcMsg>

/** `GovMsg` variants (the deployed account's schema): `vote{proposal_id, vote}`. */
export const GovMsgVariants = {
  vote: z.strictObject({ proposal_id: U64, vote: z.enum(['yes', 'no', 'abstain', 'no_with_veto']) }),
} as const
/** `GovMsg` (wire-formats.md, "Account"). */
export const GovMsg = wireEnum('GovMsg', GovMsgVariants, [] as const)
/** `GovMsg` (wire-formats.md, "Account"). */
export type GovMsg = z.infer<typeof GovMsg>

/**
 * `CosmosMsg` variants: those of the deployed account's `CosmosMsg<Empty>` (cosmwasm-std 1.5,
 * `stargate` feature): `bank`, `custom` (`{}`), `stargate` `{"type_url":…,"value":"<base64>"}`,
 * `ibc`, `wasm`, `gov` (wire-formats.md, "DAO DAO" and "Account").
 */
export const CosmosMsgVariants = {
  bank: BankMsg,
  custom: Empty,
  stargate: z.strictObject({ type_url: z.string(), value: Binary }),
  ibc: IbcMsg,
  wasm: WasmMsg,
  gov: GovMsg,
} as const
/** CosmosMsg has no bare-string variants (wire-formats.md, "DAO DAO"). */
export const CosmosMsgUnitVariants = [] as const
/**
 * `CosmosMsg` (wire-formats.md, "DAO DAO" and "Account": `execute_by_admin{msgs}`): what an
 * account, a Polytone proxy or a DAO executes.
 */
export const CosmosMsg = wireEnum('CosmosMsg', CosmosMsgVariants, CosmosMsgUnitVariants)
/** `CosmosMsg` (wire-formats.md, "DAO DAO"). */
export type CosmosMsg = z.infer<typeof CosmosMsg>

/**
 * Polytone note execute variants (wire-formats.md, "Polytone":
 * `{"execute":{"msgs":[…],"timeout_seconds":"259200","callback":{"receiver":"<addr>","msg":"<base64>"}}}`;
 * `callback` optional, `timeout_seconds` a string).
 */
export const PolytoneNoteExecuteVariants = {
  execute: z.strictObject({
    msgs: z.array(CosmosMsg),
    timeout_seconds: Uint64Str,
    callback: z.strictObject({ receiver: Addr, msg: Binary }).nullable().optional(),
  }),
} as const
/** The note has no bare-string execute variants (wire-formats.md, "Polytone"). */
export const PolytoneNoteExecuteUnitVariants = [] as const
/** Polytone note execute message (wire-formats.md, "Polytone"). */
export const PolytoneNoteExecuteMsg = wireEnum(
  'PolytoneNoteExecuteMsg',
  PolytoneNoteExecuteVariants,
  PolytoneNoteExecuteUnitVariants,
)
/** Polytone note execute message (wire-formats.md, "Polytone"). */
export type PolytoneNoteExecuteMsg = z.infer<typeof PolytoneNoteExecuteMsg>

/**
 * Polytone note query variants (wire-formats.md, "Polytone":
 * `{"remote_address":{"local_address":"<addr>"}}`).
 */
export const PolytoneNoteQueryVariants = {
  remote_address: z.strictObject({ local_address: Addr }),
} as const
/** The note has no bare-string query variants (wire-formats.md, "Polytone"). */
export const PolytoneNoteQueryUnitVariants = [] as const
/** Polytone note query (wire-formats.md, "Polytone"). */
export const PolytoneNoteQueryMsg = wireEnum(
  'PolytoneNoteQueryMsg',
  PolytoneNoteQueryVariants,
  PolytoneNoteQueryUnitVariants,
)
/** Polytone note query (wire-formats.md, "Polytone"). */
export type PolytoneNoteQueryMsg = z.infer<typeof PolytoneNoteQueryMsg>

/**
 * Answer of `remote_address` (wire-formats.md, "Polytone": the remote proxy's address,
 * `null` until first use).
 */
export const PolytoneRemoteAddressResponse = Addr.nullable()
/** The remote proxy's address or `null` (wire-formats.md, "Polytone"). */
export type PolytoneRemoteAddressResponse = z.infer<typeof PolytoneRemoteAddressResponse>

/** A DAO DAO auto-vote on one's own proposal (wire-formats.md, "DAO DAO"; optional `vote`). */
const DaoAutoVote = z.strictObject({
  vote: z.enum(['yes', 'no', 'abstain']),
  rationale: z.string().nullable().optional(),
})

/**
 * DAO DAO single-choice proposal module execute variants (wire-formats.md, "DAO DAO":
 * `{"propose":{"title":…,"description":…,"msgs":[…],"proposer":null}}`).
 */
export const DaoProposalExecuteVariants = {
  propose: z.strictObject({
    title: z.string(),
    description: z.string(),
    msgs: z.array(CosmosMsg),
    proposer: z.string().nullable().optional(),
    vote: DaoAutoVote.nullable().optional(),
  }),
} as const
/** The subset of the proposal module used here has no bare-string variants (wire-formats.md, "DAO DAO"). */
export const DaoProposalExecuteUnitVariants = [] as const
/** DAO DAO proposal module `propose` (wire-formats.md, "DAO DAO"). */
export const DaoProposalExecuteMsg = wireEnum(
  'DaoProposalExecuteMsg',
  DaoProposalExecuteVariants,
  DaoProposalExecuteUnitVariants,
)
/** DAO DAO proposal module `propose` (wire-formats.md, "DAO DAO"). */
export type DaoProposalExecuteMsg = z.infer<typeof DaoProposalExecuteMsg>

/** The inner `ProposeMessage` of a pre-propose module (wire-formats.md, "DAO DAO"). */
export const DaoPreProposeMessage = wireEnum(
  'DaoPreProposeMessage',
  {
    propose: z.strictObject({
      title: z.string(),
      description: z.string(),
      msgs: z.array(CosmosMsg),
      vote: DaoAutoVote.nullable().optional(),
    }),
  } as const,
  [] as const,
)
/** The inner `ProposeMessage` of a pre-propose module (wire-formats.md, "DAO DAO"). */
export type DaoPreProposeMessage = z.infer<typeof DaoPreProposeMessage>

/**
 * DAO DAO pre-propose module execute variants (wire-formats.md, "DAO DAO": "wrapped once more
 * as `{"propose":{"msg":{"propose":{…}}}}`").
 */
export const DaoPreProposeExecuteVariants = {
  propose: z.strictObject({ msg: DaoPreProposeMessage }),
} as const
/**
 * The subset of the pre-propose module used here has no bare-string variants (wire-formats.md, "DAO DAO").
 */
export const DaoPreProposeExecuteUnitVariants = [] as const
/** DAO DAO pre-propose module `propose` (wire-formats.md, "DAO DAO"). */
export const DaoPreProposeExecuteMsg = wireEnum(
  'DaoPreProposeExecuteMsg',
  DaoPreProposeExecuteVariants,
  DaoPreProposeExecuteUnitVariants,
)
/** DAO DAO pre-propose module `propose` (wire-formats.md, "DAO DAO"). */
export type DaoPreProposeExecuteMsg = z.infer<typeof DaoPreProposeExecuteMsg>

/**
 * A {@link CosmosMsg} taken apart into the variants the packages act on (wire-formats.md, "DAO
 * DAO"): a wasm execute or instantiation with its base64 `msg` decoded to JSON, a bank send, or
 * any other variant as it is (`variant` names it: `stargate`, `ibc`, `wasm.migrate`, …).
 *
 * There is no wasm `instantiate2` (the deployed account and DAO DAO refuse it; see
 * {@link WasmMsgVariants}): an instantiation with a salt is a `stargate`
 * `MsgInstantiateContract2`, decoded where protobuf is at hand (`@rebalancer/adapters`).
 */
export type CosmosMsgParts =
  | {
      kind: 'wasm_execute'
      /** The contract executed. */
      contractAddress: string
      /** The execute message, decoded from base64 JSON. */
      msg: unknown
      /** Coins sent with it (base units, as on the wire). */
      funds: CoinWire[]
    }
  | {
      kind: 'wasm_instantiate'
      codeId: number
      label: string
      /** The contract's admin; `null` when absent or `null` on the wire. */
      admin: string | null
      /** The instantiate message, decoded from base64 JSON. */
      msg: unknown
      /** Coins sent with it (base units, as on the wire). */
      funds: CoinWire[]
    }
  | {
      kind: 'bank_send'
      toAddress: string
      /** The coins sent (base units, as on the wire). */
      amount: CoinWire[]
    }
  | {
      kind: 'other'
      /** `<variant>` or `<variant>.<sub-variant>` (`stargate`, `bank.burn`, `wasm.migrate`, `custom`). */
      variant: string
      msg: CosmosMsg
    }

/**
 * The one narrowing of a typed {@link CosmosMsg} (the adapters' `fromCosmosMsg` and the localnet
 * account both use it): which variant it is, with a wasm `msg` decoded from base64 JSON
 * ({@link fromJsonBinary}).
 * @example
 * ```ts
 * cosmosMsgParts({ bank: { send: { to_address: 'neutron1…', amount: [{ denom: 'untrn', amount: '5' }] } } })
 * // { kind: 'bank_send', toAddress: 'neutron1…', amount: [{ denom: 'untrn', amount: '5' }] }
 * ```
 * @throws WireError (path `['wasm', 'execute' | 'instantiate', 'msg']`, `cause` the decoding
 *   error) when a wasm `msg` is not base64 of JSON.
 */
export function cosmosMsgParts(msg: CosmosMsg): CosmosMsgParts {
  if ('wasm' in msg) {
    const w = msg.wasm
    if ('execute' in w) {
      const e = w.execute
      return {
        kind: 'wasm_execute',
        contractAddress: e.contract_addr,
        msg: wasmJson(e.msg, 'execute'),
        funds: e.funds,
      }
    }
    if ('instantiate' in w) {
      const i = w.instantiate
      return {
        kind: 'wasm_instantiate',
        codeId: i.code_id,
        label: i.label,
        admin: i.admin ?? null,
        msg: wasmJson(i.msg, 'instantiate'),
        funds: i.funds,
      }
    }
  }
  if ('bank' in msg && 'send' in msg.bank) {
    return { kind: 'bank_send', toAddress: msg.bank.send.to_address, amount: msg.bank.send.amount }
  }
  return { kind: 'other', variant: variantName(msg), msg }
}

/** A wasm message's base64 `msg` as JSON; a decoding error names the field. */
function wasmJson(b64: string, sub: 'execute' | 'instantiate'): unknown {
  try {
    return fromJsonBinary(b64)
  } catch (e) {
    if (!WireError.isInstance(e)) throw e
    throw new WireError('CosmosMsg', e.rule, ['wasm', sub, 'msg'], e)
  }
}

/** `<variant>` or `<variant>.<sub-variant>` of an externally tagged message. */
function variantName(msg: CosmosMsg): string {
  const [kind, body] = Object.entries(msg)[0] ?? ['(empty)', undefined]
  const sub = body && typeof body === 'object' ? Object.keys(body)[0] : undefined
  return sub === undefined ? kind : `${kind}.${sub}`
}
