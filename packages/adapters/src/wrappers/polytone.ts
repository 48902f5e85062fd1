/**
 * Polytone (wire-formats.md, "Reaching the account from another chain", Polytone): a wasm
 * execute on the local *note* contract whose `msgs` the remote proxy runs on Neutron.
 */
import type { Registry } from '@cosmjs/proto-signing'
import type { CosmosMsg, JsonValue } from '@rebalancer/types'
import {
  fromJsonBinary,
  PolytoneNoteExecuteMsg,
  PolytoneRemoteAddressResponse,
  parseWire,
  toJsonBinary,
  WireError,
} from '@rebalancer/types'
import { asExecute, type ContractExecute, contractExecute, type MsgLike, toCosmosMsg } from '../msg.js'
import { type QuerySpec, querySpec } from '../queries.js'
import { defaultRegistry } from '../registry.js'

/** Polytone's default timeout: 3 days, as the spec's example (`"timeout_seconds":"259200"`). */
export const DEFAULT_POLYTONE_TIMEOUT_SECONDS = 259_200n

/** What {@link polytoneExecute} wraps. */
export interface PolytoneExecuteOptions {
  /** The local note contract (on the DAO's chain). */
  note: string
  /** What the remote proxy executes on the other chain, in order. */
  msgs: readonly MsgLike[]
  /** Seconds before the IBC packet times out; default 259200 (3 days). */
  timeoutSeconds?: bigint | number
  /** Optional callback: `receiver` gets the result with `msg` (any JSON, sent base64) on the local chain. */
  callback?: { receiver: string; msg: JsonValue } | undefined
}

/** A Polytone note execute taken apart (the inverse of {@link polytoneExecute}). */
export interface PolytoneExecuteParts {
  note: string
  msgs: CosmosMsg[]
  timeoutSeconds: bigint
  callback?: { receiver: string; msg: unknown }
}

/**
 * `{"execute":{"msgs":[…],"timeout_seconds":"259200","callback":{"receiver":…,"msg":"<base64>"}}}`
 * on the note: the remote proxy (the note's sender's proxy on the other chain) runs `msgs`.
 * Give the remote account's admin rights to that proxy (`polytoneRemoteAddress`).
 * @throws WireError naming the field and the rule.
 */
export function polytoneExecute(o: PolytoneExecuteOptions): ContractExecute<PolytoneNoteExecuteMsg> {
  const timeout = BigInt(o.timeoutSeconds ?? DEFAULT_POLYTONE_TIMEOUT_SECONDS)
  if (timeout <= 0n)
    throw new WireError('PolytoneNoteExecuteMsg', 'timeout_seconds must be positive', [
      'execute',
      'timeout_seconds',
    ])
  const body: Record<string, unknown> = {
    msgs: o.msgs.map((m) => toCosmosMsg(m)),
    timeout_seconds: timeout.toString(),
  }
  if (o.callback) body.callback = { receiver: o.callback.receiver, msg: toJsonBinary(o.callback.msg) }
  return contractExecute(PolytoneNoteExecuteMsg, 'PolytoneNoteExecuteMsg', o.note, { execute: body } as never)
}

/**
 * Takes a Polytone note execute apart (from the builder's output, its CosmosMsg, or its
 * `MsgExecuteContract`): the note, the inner CosmosMsgs, the timeout and the callback (its `msg`
 * decoded from base64 JSON).
 * @throws WireError when the message is not a note execute.
 */
export function decodePolytoneExecute(
  x: MsgLike,
  registry: Registry = defaultRegistry(),
): PolytoneExecuteParts {
  const call = asExecute(x, registry, 'PolytoneNoteExecuteMsg')
  const msg = parseWire(PolytoneNoteExecuteMsg, call.msg, 'PolytoneNoteExecuteMsg')
  const out: PolytoneExecuteParts = {
    note: call.contractAddress,
    msgs: msg.execute.msgs,
    timeoutSeconds: BigInt(msg.execute.timeout_seconds),
  }
  if (msg.execute.callback)
    out.callback = { receiver: msg.execute.callback.receiver, msg: fromJsonBinary(msg.execute.callback.msg) }
  return out
}

/**
 * `{"remote_address":{"local_address":"<addr>"}}` on the note: the proxy that acts for
 * `localAddress` on the other chain, `null` until first use (an empty `msgs` execute creates it).
 */
export function polytoneRemoteAddress(note: string, localAddress: string): QuerySpec<string | null> {
  return querySpec(
    note,
    { remote_address: { local_address: localAddress } },
    PolytoneRemoteAddressResponse,
    'remote_address',
  )
}
