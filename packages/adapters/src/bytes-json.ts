import { fromUtf8, toUtf8 } from '@cosmjs/encoding'
import { WireError } from '@rebalancer/types'

/** A JSON message's UTF-8 bytes (what wasm messages carry). Internal; not exported by the package. */
export function jsonBytes(msg: unknown): Uint8Array {
  return toUtf8(JSON.stringify(msg))
}

/** UTF-8 JSON bytes back to their value. @throws WireError naming `what` when not UTF-8 JSON. */
export function bytesJson(bytes: Uint8Array, what: string): unknown {
  try {
    return JSON.parse(fromUtf8(bytes))
  } catch (e) {
    throw new WireError(what, `msg is not UTF-8 JSON (${(e as Error).message})`, ['msg'])
  }
}
