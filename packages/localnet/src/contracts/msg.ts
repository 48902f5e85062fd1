import { ContractError } from '../runtime.js'

/**
 * Splits an externally tagged enum message (wire-formats.md conventions): a bare string is a
 * variant without data, a one-key object is a variant with data.
 * @throws ContractError in the chain's words when the shape is neither.
 */
export function variantOf(msg: unknown, type: string): { name: string; body: any } {
  if (typeof msg === 'string') return { name: msg, body: null }
  if (msg !== null && typeof msg === 'object' && !Array.isArray(msg)) {
    const keys = Object.keys(msg)
    if (keys.length === 1) return { name: keys[0]!, body: (msg as Record<string, unknown>)[keys[0]!] }
  }
  throw new ContractError(`Error parsing into type ${type}: expected a map with a single key`)
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

export function jsonToBase64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64')
}

export function base64ToJson(b64: string, what: string): unknown {
  try {
    return JSON.parse(Buffer.from(b64, 'base64').toString('utf8'))
  } catch (e) {
    throw new ContractError(`${what}: invalid base64 JSON: ${(e as Error).message}`)
  }
}
