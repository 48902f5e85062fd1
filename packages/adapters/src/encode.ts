/**
 * `@rebalancer/adapters/cosmjs`, the protobuf half of the messages: a builder's output or a
 * `CosmosMsg` as the cosmjs `EncodeObject` a signing client broadcasts (wire-formats.md), and the
 * instantiate2 `CosmosMsg`, which carries protobuf bytes. Kept out of the package root so that a
 * DAO UI building JSON messages does not load cosmjs-types.
 */
import type { MsgExecuteContractEncodeObject } from '@cosmjs/cosmwasm'
import type { EncodeObject, Registry } from '@cosmjs/proto-signing'
import { binaryBytes, CosmosMsg, parseWire, WireError } from '@rebalancer/types'
import { MsgSend } from 'cosmjs-types/cosmos/bank/v1beta1/tx'
import {
  MsgClearAdmin,
  MsgExecuteContract,
  MsgInstantiateContract,
  MsgInstantiateContract2,
  MsgMigrateContract,
  MsgUpdateAdmin,
} from 'cosmjs-types/cosmwasm/wasm/v1/tx'
import { bytesJson, jsonBytes } from './bytes-json.js'
import {
  type ContractExecute,
  type ContractInstantiate,
  isContractExecute,
  isContractInstantiate,
  isEncodeObject,
  type MsgLike,
} from './msg.js'
import { defaultRegistry } from './registry.js'
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
 * A contract execute → cosmjs `MsgExecuteContractEncodeObject` signed by `sender` (the msg is
 * the UTF-8 JSON, exactly as `SigningCosmWasmClient.execute` writes it).
 */
export function executeEncodeObject(
  sender: string,
  execute: ContractExecute,
): MsgExecuteContractEncodeObject {
  return wasmExecuteObject(sender, execute.contractAddress, jsonBytes(execute.msg), execute.funds)
}

/** `MsgExecuteContract` from its fields; `msg` is the JSON message's bytes. */
function wasmExecuteObject(
  sender: string,
  contract: string,
  msg: Uint8Array,
  funds: readonly { denom: string; amount: string }[],
): MsgExecuteContractEncodeObject {
  return {
    typeUrl: MSG_EXECUTE_CONTRACT_TYPE_URL,
    value: MsgExecuteContract.fromPartial({ sender, contract, msg, funds: [...funds] }),
  }
}

/**
 * `MsgInstantiateContract`, or `MsgInstantiateContract2` when a salt is given (never `fix_msg`),
 * from its fields; `msg` is the JSON message's bytes, `admin` empty for none.
 */
function wasmInstantiateObject(f: {
  sender: string
  admin: string
  codeId: bigint
  label: string
  msg: Uint8Array
  funds: readonly { denom: string; amount: string }[]
  salt?: Uint8Array | undefined
}): EncodeObject {
  const base = {
    sender: f.sender,
    admin: f.admin,
    codeId: f.codeId,
    label: f.label,
    msg: f.msg,
    funds: [...f.funds],
  }
  return f.salt === undefined
    ? { typeUrl: MSG_INSTANTIATE_CONTRACT_TYPE_URL, value: MsgInstantiateContract.fromPartial(base) }
    : {
        typeUrl: MSG_INSTANTIATE_CONTRACT2_TYPE_URL,
        value: MsgInstantiateContract2.fromPartial({ ...base, salt: f.salt, fixMsg: false }),
      }
}

/**
 * Any message → the cosmjs `EncodeObject` that `sender` signs: a contract execute or
 * instantiation becomes its wasm message, a `CosmosMsg` its protobuf message (wasm, bank send;
 * a stargate message is decoded with `registry`), an `EncodeObject` is returned as is.
 * Inverse of {@link toCosmosMsg} for everything but the sender, which CosmosMsgs leave to the
 * executing contract.
 * @throws WireError for a CosmosMsg that breaks its schema or has no protobuf form here (`bank.burn`).
 */
export function toEncodeObject(
  sender: string,
  message: MsgLike,
  registry: Registry = defaultRegistry(),
): EncodeObject {
  if (isEncodeObject(message)) return message
  if (isContractExecute(message)) return executeEncodeObject(sender, message)
  if (isContractInstantiate(message)) {
    return wasmInstantiateObject({
      sender,
      admin: message.admin ?? '',
      codeId: BigInt(message.codeId),
      label: message.label,
      msg: jsonBytes(message.msg),
      funds: message.funds,
      salt: message.salt,
    })
  }
  const msg = parseWire(CosmosMsg, message, 'CosmosMsg')
  if ('wasm' in msg) {
    const w = msg.wasm
    if ('execute' in w)
      return wasmExecuteObject(sender, w.execute.contract_addr, binaryBytes(w.execute.msg), w.execute.funds)
    if ('instantiate' in w) {
      const i = w.instantiate
      return wasmInstantiateObject({
        sender,
        admin: i.admin ?? '',
        codeId: BigInt(i.code_id),
        label: i.label,
        msg: binaryBytes(i.msg),
        funds: i.funds,
      })
    }
    if ('migrate' in w)
      return {
        typeUrl: MSG_MIGRATE_CONTRACT_TYPE_URL,
        value: MsgMigrateContract.fromPartial({
          sender,
          contract: w.migrate.contract_addr,
          codeId: BigInt(w.migrate.new_code_id),
          msg: binaryBytes(w.migrate.msg),
        }),
      }
    if ('update_admin' in w)
      return {
        typeUrl: MSG_UPDATE_ADMIN_TYPE_URL,
        value: MsgUpdateAdmin.fromPartial({
          sender,
          contract: w.update_admin.contract_addr,
          newAdmin: w.update_admin.admin,
        }),
      }
    return {
      typeUrl: MSG_CLEAR_ADMIN_TYPE_URL,
      value: MsgClearAdmin.fromPartial({ sender, contract: w.clear_admin.contract_addr }),
    }
  }
  if ('bank' in msg) {
    const b = msg.bank
    if ('send' in b)
      return {
        typeUrl: MSG_SEND_TYPE_URL,
        value: MsgSend.fromPartial({
          fromAddress: sender,
          toAddress: b.send.to_address,
          amount: b.send.amount,
        }),
      }
    throw new WireError('CosmosMsg', 'bank.burn has no protobuf form in these adapters', ['bank', 'burn'])
  }
  if (!('stargate' in msg)) {
    const kind = Object.keys(msg)[0]!
    throw new WireError('CosmosMsg', `${kind} messages have no protobuf form in these adapters`, [kind])
  }
  const typeUrl = msg.stargate.type_url
  return { typeUrl, value: registry.decode({ typeUrl, value: binaryBytes(msg.stargate.value) }) }
}

/**
 * The signer of an `EncodeObject` built by {@link toEncodeObject} (`sender`, `fromAddress`,
 * `owner`), or `undefined`.
 */
export function signerOf(eo: EncodeObject): string | undefined {
  const v = eo.value as Record<string, unknown>
  for (const k of ['sender', 'fromAddress', 'owner']) if (typeof v[k] === 'string') return v[k] as string
  return undefined
}

/** Decodes the JSON of a wasm `EncodeObject`'s `msg` bytes. @throws WireError when not UTF-8 JSON. */
export function encodeObjectJson(eo: EncodeObject): unknown {
  return bytesJson(eo.value.msg as Uint8Array, eo.typeUrl)
}
