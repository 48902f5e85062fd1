/**
 * The two forms of every message (issue #6, item 1): a contract call as typed JSON
 * ({@link ContractExecute}, {@link ContractInstantiate}), its `CosmosMsg` JSON form
 * (wire-formats.md, "DAO DAO": `{"wasm":{"execute":{"contract_addr":…,"msg":"<base64 JSON>","funds":[]}}}`)
 * and its cosmjs `EncodeObject` (protobuf, what a signing client broadcasts), with the
 * conversions between them in both directions.
 */
import { fromBase64, toBase64, toUtf8 } from '@cosmjs/encoding'
import type { EncodeObject, Registry } from '@cosmjs/proto-signing'
import type { Coin } from '@rebalancer/types'
import {
  Addr,
  binaryBytes,
  CosmosMsg,
  cosmosMsgParts,
  parseWire,
  toJsonBinary,
  U64,
  WireError,
} from '@rebalancer/types'
import { MsgInstantiateContract2 } from 'cosmjs-types/cosmwasm/wasm/v1/tx'
import type { z } from 'zod'
import { bytesJson, jsonBytes } from './bytes-json.js'
import { type CoinLike, normalizeCoins } from './coins.js'
import {
  MSG_CLEAR_ADMIN_TYPE_URL,
  MSG_EXECUTE_CONTRACT_TYPE_URL,
  MSG_INSTANTIATE_CONTRACT_TYPE_URL,
  MSG_INSTANTIATE_CONTRACT2_TYPE_URL,
  MSG_MIGRATE_CONTRACT_TYPE_URL,
  MSG_SEND_TYPE_URL,
  MSG_UPDATE_ADMIN_TYPE_URL,
} from './type-urls.js'

/**
 * A contract execute as typed JSON: the builders' output. The same shape as cosmjs's
 * `ExecuteInstruction`, so a list of them goes straight to
 * `SigningCosmWasmClient.executeMultiple(sender, list, fee)`. `msg` has already been validated
 * against the contract's zod schema; `funds` are sorted by denom, merged, without zeros.
 */
export interface ContractExecute<M = unknown> {
  readonly contractAddress: string
  readonly msg: M
  readonly funds: readonly Coin[]
}

/**
 * A contract instantiation as typed JSON (`WasmMsg::Instantiate`, or `Instantiate2` when
 * `salt` is set; wire-formats.md, "Account": accounts are created with `MsgInstantiateContract2`).
 */
export interface ContractInstantiate<M = unknown> {
  readonly codeId: number
  readonly label: string
  /** The contract's migration admin (a chain-level field), or `null` for none. */
  readonly admin: string | null
  readonly msg: M
  readonly funds: readonly Coin[]
  /** instantiate2 salt, 1 to 64 bytes; absent for a classic instantiate. */
  readonly salt?: Uint8Array
}

/**
 * Anything the wrappers and converters take as "a message": a builder's output, a `CosmosMsg`
 * JSON value, or a cosmjs `EncodeObject`.
 */
export type MsgLike = ContractExecute | ContractInstantiate | CosmosMsg | EncodeObject

/** True for a {@link ContractExecute}. */
export function isContractExecute(value: unknown): value is ContractExecute {
  return typeof value === 'object' && value !== null && 'contractAddress' in value && 'msg' in value
}

/** True for a {@link ContractInstantiate}. */
export function isContractInstantiate(value: unknown): value is ContractInstantiate {
  return (
    typeof value === 'object' && value !== null && 'codeId' in value && 'label' in value && 'msg' in value
  )
}

/** True for a cosmjs `EncodeObject` (`{typeUrl, value}`). */
export function isEncodeObject(input: unknown): input is EncodeObject {
  return typeof input === 'object' && input !== null && 'typeUrl' in input && 'value' in input
}

/**
 * Builds a {@link ContractExecute} for any message of a contract: `msg` is decoded with the
 * contract's zod schema (so unknown fields, missing fields and malformed values are refused,
 * serde-style) and the address is checked as bech32.
 * @throws WireError naming the field and the rule (`RebalancerExecuteMsg: unknown field …`).
 */
export function contractExecute<S extends z.ZodType>(
  schema: S,
  what: string,
  contractAddress: string,
  msg: z.input<S>,
  funds: readonly CoinLike[] = [],
): ContractExecute<z.output<S>> {
  parseWire(Addr, contractAddress, `${what} contract address`)
  return { contractAddress, msg: parseWire(schema, msg, what), funds: normalizeCoins(funds) }
}

/**
 * Builds a {@link ContractInstantiate}: the instantiate message decoded with its schema.
 * @throws WireError naming the field and the rule.
 */
export function contractInstantiate<S extends z.ZodType>(
  schema: S,
  what: string,
  options: {
    codeId: number | bigint
    label: string
    admin?: string | null | undefined
    msg: z.input<S>
    funds?: readonly CoinLike[] | undefined
    salt?: Uint8Array | string | undefined
  },
): ContractInstantiate<z.output<S>> {
  const codeId = parseWire(U64, Number(options.codeId), `${what} code id`)
  if (options.admin) parseWire(Addr, options.admin, `${what} admin`)
  if (options.label.length === 0) throw new WireError(what, 'label must not be empty', ['label'])
  const out: ContractInstantiate<z.output<S>> = {
    codeId,
    label: options.label,
    admin: options.admin ?? null,
    msg: parseWire(schema, options.msg, what),
    funds: normalizeCoins(options.funds ?? []),
  }
  if (options.salt === undefined) return out
  const salt = typeof options.salt === 'string' ? toUtf8(options.salt) : options.salt
  if (salt.length < 1 || salt.length > 64)
    throw new WireError(what, `salt must be 1 to 64 bytes, got ${salt.length}`, ['salt'])
  return { ...out, salt }
}

/**
 * A bank send as a `CosmosMsg` (wire-formats.md, "DAO DAO":
 * `{"bank":{"send":{"to_address":…,"amount":[{"denom":…,"amount":"…"}]}}}`), coins normalised.
 * @throws WireError for a malformed address or coin, or when no positive amount is left.
 */
export function bankSend(toAddress: string, amount: readonly CoinLike[]): CosmosMsg {
  const coins = normalizeCoins(amount, 'amount')
  if (coins.length === 0)
    throw new WireError('BankMsg', 'a send needs at least one positive amount', ['amount'])
  return parseWire(CosmosMsg, { bank: { send: { to_address: toAddress, amount: coins } } }, 'CosmosMsg')
}

/**
 * Any message → its `CosmosMsg` JSON form (wire-formats.md, "DAO DAO"), validated with the
 * `CosmosMsg` schema: a contract execute becomes `{"wasm":{"execute":…}}` with the base64 of its
 * JSON, an instantiation `{"wasm":{"instantiate":…}}`, a `MsgSend` a bank send, wasm
 * `EncodeObject`s their wasm variant, and any other `EncodeObject` a
 * `{"stargate":{"type_url":…,"value":"<base64 protobuf>"}}` encoded with `registry` (the only
 * case that needs protobuf code, kept out of this entry point: see `@rebalancer/adapters/cosmjs`).
 * A `MsgInstantiateContract2` becomes such a `stargate` message, as DAO DAO sends it: the deployed
 * account, DAO DAO's proposal modules v2.4.2 and the Polytone note refuse `wasm.instantiate2`
 * (wire-formats.md, "Account"). An instantiation with a salt therefore needs its creator: pass
 * `toEncodeObject(creator, instantiate)` (or use {@link instantiate2CosmosMsg}).
 * @throws WireError when the result breaks the CosmosMsg schema, or for an instantiation with a
 * salt and no `options.creator`, or for another `EncodeObject` without a `registry` (pass
 * `defaultRegistry()` from `@rebalancer/adapters/cosmjs`); cosmjs's error for a type the registry
 * does not know.
 */
export function toCosmosMsg(
  message: MsgLike,
  registry?: Registry,
  options: ToCosmosMsgOptions = {},
): CosmosMsg {
  let json: unknown
  if (isContractExecute(message)) {
    json = {
      wasm: {
        execute: {
          contract_addr: message.contractAddress,
          msg: toJsonBinary(message.msg),
          funds: message.funds,
        },
      },
    }
  } else if (isContractInstantiate(message)) {
    const body = {
      admin: message.admin,
      code_id: message.codeId,
      label: message.label,
      msg: toJsonBinary(message.msg),
      funds: message.funds,
    }
    if (message.salt !== undefined) {
      if (options.creator !== undefined) return instantiate2CosmosMsg(options.creator, message)
      throw new WireError(
        'CosmosMsg',
        'an instantiate2 travels as a stargate MsgInstantiateContract2, which names its creator: pass options.creator or use instantiate2CosmosMsg(creator, instantiate)',
        [],
      )
    }
    json = { wasm: { instantiate: body } }
  } else if (isEncodeObject(message)) {
    json = encodeObjectToCosmosMsgJson(message, registry)
  } else {
    json = message
  }
  return parseWire(CosmosMsg, json, 'CosmosMsg')
}

/** Options of {@link toCosmosMsg}. */
export interface ToCosmosMsgOptions {
  /**
   * The sender of an instantiation with a salt (a DAO, a proxy): it then becomes the stargate
   * `MsgInstantiateContract2` that names it as creator (wire-formats.md, "Account").
   */
  creator?: string | undefined
}

function encodeObjectToCosmosMsgJson(eo: EncodeObject, registry: Registry | undefined): unknown {
  const v = eo.value
  const coins = (c: readonly { denom: string; amount: string }[] | undefined) =>
    (c ?? []).map((x) => ({ denom: x.denom, amount: x.amount }))
  switch (eo.typeUrl) {
    case MSG_EXECUTE_CONTRACT_TYPE_URL:
      return { wasm: { execute: { contract_addr: v.contract, msg: toBase64(v.msg), funds: coins(v.funds) } } }
    case MSG_INSTANTIATE_CONTRACT_TYPE_URL:
      return {
        wasm: {
          instantiate: {
            admin: v.admin ? v.admin : null,
            code_id: Number(v.codeId),
            label: v.label,
            msg: toBase64(v.msg),
            funds: coins(v.funds),
          },
        },
      }
    case MSG_MIGRATE_CONTRACT_TYPE_URL:
      return {
        wasm: { migrate: { contract_addr: v.contract, new_code_id: Number(v.codeId), msg: toBase64(v.msg) } },
      }
    case MSG_UPDATE_ADMIN_TYPE_URL:
      return { wasm: { update_admin: { contract_addr: v.contract, admin: v.newAdmin } } }
    case MSG_CLEAR_ADMIN_TYPE_URL:
      return { wasm: { clear_admin: { contract_addr: v.contract } } }
    case MSG_SEND_TYPE_URL:
      return { bank: { send: { to_address: v.toAddress, amount: coins(v.amount) } } }
    case MSG_INSTANTIATE_CONTRACT2_TYPE_URL:
      return {
        stargate: {
          type_url: eo.typeUrl,
          value: toBase64(MsgInstantiateContract2.encode(MsgInstantiateContract2.fromPartial(v)).finish()),
        },
      }
  }
  if (registry === undefined)
    throw new WireError(
      'CosmosMsg',
      `${eo.typeUrl} needs protobuf encoding: pass a registry (defaultRegistry() from @rebalancer/adapters/cosmjs)`,
      ['typeUrl'],
    )
  return { stargate: { type_url: eo.typeUrl, value: toBase64(registry.encode(eo)) } }
}

/**
 * An instantiation with a salt as the `CosmosMsg` a contract (a DAO, a Polytone proxy) can send:
 * `{"stargate":{"type_url":"/cosmwasm.wasm.v1.MsgInstantiateContract2","value":"<base64 protobuf>"}}`
 * with `creator` as the message's `sender` (wire-formats.md, "Account"; the form DAO DAO sends).
 * The one protobuf message this entry point encodes (cosmjs-types' `MsgInstantiateContract2`
 * alone, ~11 KB gzip; no registry).
 * @throws WireError when `x` has no salt or `creator` is not an address.
 */
export function instantiate2CosmosMsg(creator: string, instantiation: ContractInstantiate): CosmosMsg {
  parseWire(Addr, creator, 'creator')
  if (instantiation.salt === undefined)
    throw new WireError('instantiate2CosmosMsg', 'the instantiation has no salt', [])
  const value = MsgInstantiateContract2.fromPartial({
    sender: creator,
    admin: instantiation.admin ?? '',
    codeId: BigInt(instantiation.codeId),
    label: instantiation.label,
    msg: jsonBytes(instantiation.msg),
    funds: instantiation.funds.map((c) => ({ denom: c.denom, amount: c.amount })),
    salt: instantiation.salt,
    fixMsg: false,
  })
  return parseWire(
    CosmosMsg,
    {
      stargate: {
        type_url: MSG_INSTANTIATE_CONTRACT2_TYPE_URL,
        value: toBase64(MsgInstantiateContract2.encode(value).finish()),
      },
    },
    'CosmosMsg',
  )
}

/**
 * A message taken apart for review screens and tests: a wasm execute or instantiation back to
 * its typed JSON (the base64 `msg` decoded), a stargate `MsgInstantiateContract2` (without
 * `fix_msg`) back to an instantiation with its salt, anything else as its `CosmosMsg`. The inverse
 * of {@link toCosmosMsg} for builder outputs.
 * @throws WireError when the message breaks the CosmosMsg schema or its `msg` is not base64 JSON.
 */
export function fromCosmosMsg(
  message: CosmosMsg | EncodeObject,
  registry?: Registry,
): ContractExecute | ContractInstantiate | CosmosMsg {
  const msg = isEncodeObject(message)
    ? toCosmosMsg(message, registry)
    : parseWire(CosmosMsg, message, 'CosmosMsg')
  if ('stargate' in msg && msg.stargate.type_url === MSG_INSTANTIATE_CONTRACT2_TYPE_URL) {
    const v = MsgInstantiateContract2.decode(binaryBytes(msg.stargate.value))
    if (v.fixMsg) return msg
    return {
      codeId: Number(v.codeId),
      label: v.label,
      admin: v.admin ? v.admin : null,
      msg: bytesJson(v.msg, 'MsgInstantiateContract2'),
      funds: v.funds.map((c) => ({ denom: c.denom, amount: c.amount })),
      salt: v.salt,
    }
  }
  const parts = cosmosMsgParts(msg)
  switch (parts.kind) {
    case 'wasm_execute':
      return { contractAddress: parts.contractAddress, msg: parts.msg, funds: parts.funds }
    case 'wasm_instantiate':
      return {
        codeId: parts.codeId,
        label: parts.label,
        admin: parts.admin,
        msg: parts.msg,
        funds: parts.funds,
      }
    default:
      return msg
  }
}

/**
 * A message as a contract execute: a builder's output as is, a wasm-execute CosmosMsg or
 * `MsgExecuteContract` decoded (its JSON `msg` parsed).
 * @throws WireError naming `what` when the message is not a wasm execute.
 */
export function asExecute(msg: MsgLike, registry?: Registry, what = 'message'): ContractExecute {
  if (isContractExecute(msg)) return msg
  if (isContractInstantiate(msg))
    throw new WireError(what, 'expected a wasm execute, got an instantiation', [])
  const d = fromCosmosMsg(msg, registry)
  if (!isContractExecute(d)) throw new WireError(what, 'expected a wasm execute message', [])
  return d
}
