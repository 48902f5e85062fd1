import {
  type Expiration,
  formatPath,
  parseEnumMsg,
  parseWire,
  secondsToTimestamp,
  timestampToNanos,
  type VariantMap,
  WireError,
} from '@rebalancer/types'
import type { z } from 'zod'
import { ContractError, type Env, response } from '../runtime.js'
import type { KV } from '../store.js'

/**
 * Decodes an externally tagged enum message with the wire schemas of `@rebalancer/types`,
 * exactly as the chain's serde decoder would: unknown variants and fields, wrong types and
 * malformed values are refused with a message naming the path and the rule.
 * @throws ContractError `Error parsing into type <what>: <rule> at <path>`
 */
export function decode<const V extends VariantMap, const U extends readonly string[]>(
  variants: V,
  units: U,
  msg: unknown,
  what: string,
) {
  try {
    return parseEnumMsg(variants, units, msg, what)
  } catch (e) {
    throw parseError(e, what)
  }
}

/** Decodes a non-enum message (an instantiate message) with its schema. @throws ContractError */
export function decodeWith<S extends z.ZodType>(schema: S, msg: unknown, what: string): z.output<S> {
  try {
    return parseWire(schema, msg, what)
  } catch (e) {
    throw parseError(e, what)
  }
}

function parseError(e: unknown, what: string): ContractError {
  if (e instanceof WireError) {
    return new ContractError(
      `Error parsing into type ${what}: ${e.rule}${e.path.length ? ` at ${formatPath(e.path)}` : ''}`,
    )
  }
  return new ContractError(`Error parsing into type ${what}: ${(e as Error).message}`)
}

/** The chain's error for a variant a contract does not have. */
export function unknownVariant(type: string, name: string, expected: readonly string[]): ContractError {
  return new ContractError(
    `Error parsing into type ${type}: unknown variant \`${name}\`, expected one of ${expected.map((e) => `\`${e}\``).join(', ')}`,
  )
}

/** Unauthorized, as the contracts say it. */
export function unauthorized(what = ''): ContractError {
  return new ContractError(`Unauthorized${what ? `: ${what}` : ''}`)
}

// ------------------------------------------------------------------ two-step admin change

interface PendingAdmin {
  addr: string
  expiration: Expiration
}

function expired(e: Expiration, env: Env): boolean {
  if ('at_height' in e) return env.block.height >= e.at_height
  if ('at_time' in e) return BigInt(secondsToTimestamp(env.block.time)) >= timestampToNanos(e.at_time)
  return false
}

/**
 * The two-step admin change every contract has (wire-formats.md, "Instantiation and
 * administration"): the admin proposes an address with an expiration, may cancel, and the new
 * address approves before it expires. The admin is stored under `key`.
 */
export const adminChange = {
  start(storage: KV, key: string, sender: string, body: { addr: string; expiration: Expiration }, env: Env) {
    if (sender !== storage.get<string>(key)) throw unauthorized('only the admin')
    if (expired(body.expiration, env))
      throw new ContractError('Admin change expiration is already in the past')
    storage.set(`${key}_pending`, { addr: body.addr, expiration: body.expiration } satisfies PendingAdmin)
    return response()
  },
  cancel(storage: KV, key: string, sender: string) {
    if (sender !== storage.get<string>(key)) throw unauthorized('only the admin')
    if (!storage.has(`${key}_pending`)) throw new ContractError('No admin change in progress')
    storage.delete(`${key}_pending`)
    return response()
  },
  approve(storage: KV, key: string, sender: string, env: Env) {
    const pending = storage.get<PendingAdmin>(`${key}_pending`)
    if (!pending) throw new ContractError('No admin change in progress')
    if (sender !== pending.addr) throw unauthorized('only the proposed admin')
    if (expired(pending.expiration, env)) throw new ContractError('Admin change expired')
    storage.set(key, pending.addr)
    storage.delete(`${key}_pending`)
    return response()
  },
}
