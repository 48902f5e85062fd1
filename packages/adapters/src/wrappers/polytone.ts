/**
 * Polytone (wire-formats.md, "Reaching the account from another chain", Polytone): a wasm
 * execute on the local *note* contract whose `msgs` the remote proxy runs on Neutron.
 */
import { fromUtf8, toBase64 } from '@cosmjs/encoding'
import type { Registry } from '@cosmjs/proto-signing'
import type { CosmosMsg, JsonValue } from '@rebalancer/types'
import {
  binaryBytes,
  PolytoneNoteExecuteMsg,
  PolytoneRemoteAddressResponse,
  parseWire,
  toJsonBinary,
  WireError,
} from '@rebalancer/types'
import { asExecute, type ContractExecute, contractExecute, type MsgLike, toCosmosMsg } from '../msg.js'
import { type QuerySpec, querySpec } from '../queries.js'

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
  /**
   * Optional callback: `receiver` gets the result on the local chain with `msg`, sent base64:
   * any JSON value (sent as its JSON text), or raw bytes (DAO DAO sends an id that is not JSON).
   */
  callback?: { receiver: string; msg: JsonValue | Uint8Array } | undefined
}

/** A Polytone callback taken apart: the receiver and the callback `msg`, decoded as far as it goes. */
export interface PolytoneCallbackParts {
  receiver: string
  /** `msg` as sent (base64). */
  msgBase64: string
  /** The JSON value when the bytes are UTF-8 JSON; else the UTF-8 text; else the bytes. */
  msg: unknown
}

/** A Polytone note execute taken apart (the inverse of {@link polytoneExecute}). */
export interface PolytoneExecuteParts {
  note: string
  msgs: CosmosMsg[]
  timeoutSeconds: bigint
  callback?: PolytoneCallbackParts
}

/** The callback `msg` bytes as JSON, else as UTF-8 text, else as bytes (never throws). */
function decodeCallbackMsg(b64: string): unknown {
  const bytes = binaryBytes(b64)
  let text: string
  try {
    text = fromUtf8(bytes)
  } catch {
    return bytes
  }
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/**
 * `{"execute":{"msgs":[…],"timeout_seconds":"259200","callback":{"receiver":…,"msg":"<base64>"}}}`
 * on the note: the remote proxy (the note's sender's proxy on the other chain) runs `msgs`.
 * Give the remote account's admin rights to that proxy (`polytoneRemoteAddress`).
 * @throws WireError naming the field and the rule.
 */
export function polytoneExecute(options: PolytoneExecuteOptions): ContractExecute<PolytoneNoteExecuteMsg> {
  const timeout = BigInt(options.timeoutSeconds ?? DEFAULT_POLYTONE_TIMEOUT_SECONDS)
  if (timeout <= 0n)
    throw new WireError('PolytoneNoteExecuteMsg', 'timeout_seconds must be positive', [
      'execute',
      'timeout_seconds',
    ])
  const body: Record<string, unknown> = {
    msgs: options.msgs.map((m) => toCosmosMsg(m)),
    timeout_seconds: timeout.toString(),
  }
  if (options.callback) {
    const m = options.callback.msg
    body.callback = {
      receiver: options.callback.receiver,
      msg: m instanceof Uint8Array ? toBase64(m) : toJsonBinary(m),
    }
  }
  return contractExecute(PolytoneNoteExecuteMsg, 'PolytoneNoteExecuteMsg', options.note, {
    execute: body,
  } as never)
}

/**
 * Takes a Polytone note execute apart (from the builder's output, its CosmosMsg, or its
 * `MsgExecuteContract`): the note, the inner CosmosMsgs, the timeout and the callback (its `msg`
 * decoded as JSON when it is JSON; DAO DAO's callback ids are not, and come back as text).
 * @throws WireError when the message is not a note execute.
 */
export function decodePolytoneExecute(message: MsgLike, registry?: Registry): PolytoneExecuteParts {
  const call = asExecute(message, registry, 'PolytoneNoteExecuteMsg')
  const msg = parseWire(PolytoneNoteExecuteMsg, call.msg, 'PolytoneNoteExecuteMsg')
  const out: PolytoneExecuteParts = {
    note: call.contractAddress,
    msgs: msg.execute.msgs,
    timeoutSeconds: BigInt(msg.execute.timeout_seconds),
  }
  const cb = msg.execute.callback
  if (cb) out.callback = { receiver: cb.receiver, msgBase64: cb.msg, msg: decodeCallbackMsg(cb.msg) }
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
