/**
 * Interchain accounts (wire-formats.md, "Reaching the account from another chain": ICA (ICS-27)
 * `MsgSendTx` and ICA on Neutron `MsgSubmitTx`). Both carry protobuf messages (`Any`) that the
 * interchain account signs on the host chain.
 */
import type { EncodeObject, Registry } from '@cosmjs/proto-signing'
import { MsgSubmitTx } from '@neutron-org/cosmjs-types/neutron/interchaintxs/v1/tx.js'
import { Addr, parseWire, WireError } from '@rebalancer/types'
import type { Any } from 'cosmjs-types/google/protobuf/any'
import { MsgSendTx } from 'cosmjs-types/ibc/applications/interchain_accounts/controller/v1/tx'
import {
  CosmosTx,
  InterchainAccountPacketData,
  Type,
} from 'cosmjs-types/ibc/applications/interchain_accounts/v1/packet'
import type { CoinLike } from '../coins.js'
import { normalizeCoins } from '../coins.js'
import { toEncodeObject } from '../encode.js'
import type { MsgLike } from '../msg.js'
import { defaultRegistry } from '../registry.js'
import { MSG_SEND_TX_TYPE_URL, MSG_SUBMIT_TX_TYPE_URL } from '../type-urls.js'

/** Default ICA timeout: 3 days, in nanoseconds for `MsgSendTx`. */
export const DEFAULT_ICA_RELATIVE_TIMEOUT_NS = 259_200n * 1_000_000_000n

/** What {@link icaSendTx} wraps. */
export interface IcaSendTxOptions {
  /** The controller-side owner of the interchain account (signs `MsgSendTx`). */
  owner: string
  /** The controller chain's IBC connection to the host chain (`connection-…`). */
  connectionId: string
  /** The interchain account's address on the host: the signer of the inner messages. */
  icaAddress: string
  /** What the interchain account executes on the host, in order. */
  msgs: readonly MsgLike[]
  memo?: string
  /** Relative timeout in **nanoseconds** (wire-formats.md); default 3 days. */
  relativeTimeoutNs?: bigint
}

/** A `MsgSendTx` taken apart (the inverse of {@link icaSendTx}). */
export interface IcaSendTxParts {
  owner: string
  connectionId: string
  /** The packet memo (`packet_data.memo`). */
  memo: string
  relativeTimeoutNs: bigint
  /** The inner messages, decoded with the registry. */
  msgs: EncodeObject[]
}

function anyOf(sender: string, m: MsgLike, registry: Registry): Any {
  return registry.encodeAsAny(toEncodeObject(sender, m, registry))
}

function decodeAny(a: Any, registry: Registry): EncodeObject {
  return { typeUrl: a.typeUrl, value: registry.decode(a) }
}

function messageValue(
  eo: EncodeObject | { typeUrl: string; value: Uint8Array },
  typeUrl: string,
  registry: Registry,
) {
  if (eo.typeUrl !== typeUrl)
    throw new WireError(typeUrl, `expected type ${typeUrl}, got ${eo.typeUrl}`, ['typeUrl'])
  return eo.value instanceof Uint8Array
    ? registry.decode(eo as { typeUrl: string; value: Uint8Array })
    : eo.value
}

/**
 * ICS-27 `MsgSendTx` (`/ibc.applications.interchain_accounts.controller.v1.MsgSendTx`):
 * `{owner, connection_id, packet_data: {type: TYPE_EXECUTE_TX, data: CosmosTx{messages}, memo},
 * relative_timeout}`; the inner messages are signed by `icaAddress` on the host.
 * @throws WireError for a malformed address, an empty message list or a non-positive timeout.
 */
export function icaSendTx(options: IcaSendTxOptions, registry: Registry = defaultRegistry()): EncodeObject {
  parseWire(Addr, options.owner, 'MsgSendTx.owner')
  parseWire(Addr, options.icaAddress, 'MsgSendTx icaAddress')
  if (options.msgs.length === 0)
    throw new WireError('MsgSendTx', 'at least one message is required', ['msgs'])
  const timeout = options.relativeTimeoutNs ?? DEFAULT_ICA_RELATIVE_TIMEOUT_NS
  if (timeout <= 0n)
    throw new WireError('MsgSendTx', 'relative_timeout must be positive (nanoseconds)', ['relative_timeout'])
  const data = CosmosTx.encode(
    CosmosTx.fromPartial({ messages: options.msgs.map((m) => anyOf(options.icaAddress, m, registry)) }),
  ).finish()
  return {
    typeUrl: MSG_SEND_TX_TYPE_URL,
    value: MsgSendTx.fromPartial({
      owner: options.owner,
      connectionId: options.connectionId,
      packetData: InterchainAccountPacketData.fromPartial({
        type: Type.TYPE_EXECUTE_TX,
        data,
        memo: options.memo ?? '',
      }),
      relativeTimeout: timeout,
    }),
  }
}

/**
 * Takes a `MsgSendTx` apart (as an `EncodeObject`, or its protobuf bytes `{typeUrl, value}`):
 * owner, connection, timeout (ns), memo and the inner messages decoded with `registry`.
 * @throws WireError when it is another type or the packet is not `TYPE_EXECUTE_TX`.
 */
export function decodeIcaSendTx(
  eo: EncodeObject | { typeUrl: string; value: Uint8Array },
  registry: Registry = defaultRegistry(),
): IcaSendTxParts {
  const v = messageValue(eo, MSG_SEND_TX_TYPE_URL, registry) as MsgSendTx
  const packet = v.packetData
  if (!packet || packet.type !== Type.TYPE_EXECUTE_TX)
    throw new WireError('MsgSendTx', 'packet_data.type must be TYPE_EXECUTE_TX', ['packet_data', 'type'])
  const tx = CosmosTx.decode(packet.data)
  return {
    owner: v.owner,
    connectionId: v.connectionId,
    memo: packet.memo,
    relativeTimeoutNs: v.relativeTimeout,
    msgs: tx.messages.map((a) => decodeAny(a, registry)),
  }
}

/**
 * The IBC fees of a Neutron interchain transaction (`neutron.feerefunder.Fee`), base units. Neutron
 * (`Fee.Validate`) requires `recv_fee` to be empty and `ack_fee` and `timeout_fee` to be non-empty.
 */
export interface NeutronIbcFee {
  /** Must be empty or absent (Neutron refuses a receive fee). */
  recvFee?: readonly CoinLike[]
  ackFee: readonly CoinLike[]
  timeoutFee: readonly CoinLike[]
}

/** What {@link neutronSubmitTx} wraps. */
export interface NeutronSubmitTxOptions {
  /** The Neutron address (a contract) that owns the interchain account. */
  fromAddress: string
  interchainAccountId: string
  connectionId: string
  /** The interchain account's address on the host: the signer of the inner messages. */
  icaAddress: string
  msgs: readonly MsgLike[]
  memo?: string
  /** Timeout in **seconds** (wire-formats.md); default 3 days. */
  timeoutSeconds?: bigint
  fee: NeutronIbcFee
}

/** A `MsgSubmitTx` taken apart (the inverse of {@link neutronSubmitTx}). */
export interface NeutronSubmitTxParts {
  fromAddress: string
  interchainAccountId: string
  connectionId: string
  memo: string
  timeoutSeconds: bigint
  fee: {
    recvFee: { denom: string; amount: string }[]
    ackFee: { denom: string; amount: string }[]
    timeoutFee: { denom: string; amount: string }[]
  }
  msgs: EncodeObject[]
}

/**
 * Neutron's `MsgSubmitTx` (`/neutron.interchaintxs.v1.MsgSubmitTx`): `{from_address,
 * interchain_account_id, connection_id, msgs: Any[], memo, timeout (seconds), fee:{recv_fee,
 * ack_fee, timeout_fee}}`.
 * @throws WireError for an empty message list, a malformed coin, a non-positive timeout, a
 * non-empty `recv_fee` or an empty `ack_fee` / `timeout_fee` (Neutron's `Fee.Validate`).
 */
export function neutronSubmitTx(
  options: NeutronSubmitTxOptions,
  registry: Registry = defaultRegistry(),
): EncodeObject {
  parseWire(Addr, options.fromAddress, 'MsgSubmitTx.from_address')
  parseWire(Addr, options.icaAddress, 'MsgSubmitTx icaAddress')
  if (options.msgs.length === 0)
    throw new WireError('MsgSubmitTx', 'at least one message is required', ['msgs'])
  const timeout = options.timeoutSeconds ?? 259_200n
  if (timeout <= 0n) throw new WireError('MsgSubmitTx', 'timeout must be positive (seconds)', ['timeout'])
  const recvFee = normalizeCoins(options.fee.recvFee ?? [], 'fee.recv_fee')
  const ackFee = normalizeCoins(options.fee.ackFee, 'fee.ack_fee')
  const timeoutFee = normalizeCoins(options.fee.timeoutFee, 'fee.timeout_fee')
  if (recvFee.length > 0)
    throw new WireError('MsgSubmitTx', 'recv_fee must be empty (Neutron refuses a receive fee)', [
      'fee',
      'recv_fee',
    ])
  if (ackFee.length === 0)
    throw new WireError('MsgSubmitTx', 'ack_fee must hold a positive amount (Neutron refuses an empty one)', [
      'fee',
      'ack_fee',
    ])
  if (timeoutFee.length === 0)
    throw new WireError(
      'MsgSubmitTx',
      'timeout_fee must hold a positive amount (Neutron refuses an empty one)',
      ['fee', 'timeout_fee'],
    )
  return {
    typeUrl: MSG_SUBMIT_TX_TYPE_URL,
    value: MsgSubmitTx.fromPartial({
      fromAddress: options.fromAddress,
      interchainAccountId: options.interchainAccountId,
      connectionId: options.connectionId,
      msgs: options.msgs.map((m) => anyOf(options.icaAddress, m, registry)),
      memo: options.memo ?? '',
      timeout,
      fee: { recvFee, ackFee, timeoutFee },
    }),
  }
}

/**
 * Takes a `MsgSubmitTx` apart (an `EncodeObject` or its bytes): ids, timeout (s), fee and the
 * inner messages decoded with `registry`.
 * @throws WireError when it is another type.
 */
export function decodeNeutronSubmitTx(
  eo: EncodeObject | { typeUrl: string; value: Uint8Array },
  registry: Registry = defaultRegistry(),
): NeutronSubmitTxParts {
  const v = messageValue(eo, MSG_SUBMIT_TX_TYPE_URL, registry) as MsgSubmitTx
  const coins = (c: readonly { denom: string; amount: string }[] | undefined) =>
    (c ?? []).map((x) => ({ denom: x.denom, amount: x.amount }))
  return {
    fromAddress: v.fromAddress,
    interchainAccountId: v.interchainAccountId,
    connectionId: v.connectionId,
    memo: v.memo,
    timeoutSeconds: v.timeout,
    fee: {
      recvFee: coins(v.fee?.recvFee),
      ackFee: coins(v.fee?.ackFee),
      timeoutFee: coins(v.fee?.timeoutFee),
    },
    msgs: v.msgs.map((a) => decodeAny(a, registry)),
  }
}
