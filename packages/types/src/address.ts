/**
 * Predictable contract addresses of `MsgInstantiateContract2` (wasmd >= 0.29), derived here
 * rather than with cosmjs's `instantiate2Address`: cosmjs 0.38/0.39 decode the creator with
 * `fromBech32(address, Infinity)`, which @scure/base >= 2.3 (what a fresh install of cosmjs
 * resolves) refuses with `limit: expected safe integer, got Infinity`. Every bech32 call below
 * passes a finite limit. Browser-safe: no `Buffer`, no Node API.
 */
import { fromBech32, toAscii, toBech32 } from '@cosmjs/encoding'
import { sha256 } from '@noble/hashes/sha2'
import { WireError } from './wire/parse.js'

/**
 * Longest bech32 string read or written here (characters). BIP-173's 90 is too short for
 * Cosmos: an address holds up to 255 data bytes (cosmos-sdk `address.MaxAddrLen`), 409
 * characters of data plus checksum, prefix and separator; 1023 is the limit the
 * `Addr` wire check uses too.
 */
export const BECH32_LIMIT = 1023

/** `u64` big-endian, the length prefix of every ADR-028 key part. */
function u64be(n: number): Uint8Array {
  const out = new Uint8Array(8)
  new DataView(out.buffer).setBigUint64(0, BigInt(n), false)
  return out
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/**
 * The address wasmd gives a contract created by `MsgInstantiateContract2` with `fix_msg`
 * false (the form every UI and cosmjs use), from the ADR-028 module-account hash:
 *
 * ```text
 * key     = "wasm" ‖ 0x00 ‖ u64(len checksum) ‖ checksum ‖ u64(len creator) ‖ creator
 *                         ‖ u64(len salt) ‖ salt ‖ u64(0)
 * address = bech32(prefix, sha256( sha256("module") ‖ key ))
 * ```
 *
 * where `u64` is an 8-byte big-endian length, `creator` the creator's address bytes (bech32
 * data, not the text) and the trailing `u64(0)` the length of the (empty) init message.
 * Sources: cosmos-sdk ADR-028 "Module Account Addresses" (`address.Module`), wasmd
 * `keeper.BuildContractAddressPredictable`; the result equals cosmjs's
 * `instantiate2Address(checksum, creator, salt, prefix)` on its published vectors.
 *
 * @param checksum the code's SHA-256 checksum: 32 bytes (`getCodeDetails(codeId).checksum`).
 * @param creator the sender of the instantiation, a bech32 address of any prefix.
 * @param salt 1 to 64 bytes (text callers pass its UTF-8 bytes).
 * @param bech32Prefix the prefix of the result, e.g. `"neutron"`.
 * @returns the 32-byte contract address in bech32 (lower case).
 * @throws WireError naming the field (`checksum`, `creator`, `salt` or `bech32Prefix`) and the
 * rule it breaks: checksum not 32 bytes, creator not valid bech32 (or no data bytes), salt
 * outside 1 to 64 bytes, prefix empty, not lower-case ASCII or too long for the limit.
 */
export function instantiate2Address(
  checksum: Uint8Array,
  creator: string,
  salt: Uint8Array,
  bech32Prefix: string,
): string {
  if (checksum.length !== 32) throw new WireError('checksum', `expected 32 bytes, got ${checksum.length}`, [])
  if (salt.length < 1 || salt.length > 64)
    throw new WireError('salt', `expected 1 to 64 bytes, got ${salt.length}`, [])
  if (!/^[\x21-\x7e]+$/.test(bech32Prefix) || bech32Prefix !== bech32Prefix.toLowerCase())
    throw new WireError(
      'bech32Prefix',
      `expected a non-empty lower-case ASCII prefix, got ${JSON.stringify(bech32Prefix)}`,
      [],
    )
  let creatorData: Uint8Array
  try {
    creatorData = fromBech32(creator, BECH32_LIMIT).data
  } catch (e) {
    throw new WireError('creator', `not a valid bech32 address (${(e as Error).message})`, [])
  }
  if (creatorData.length === 0) throw new WireError('creator', 'has no address bytes', [])
  const key = concat([
    toAscii('wasm'),
    new Uint8Array([0]),
    u64be(checksum.length),
    checksum,
    u64be(creatorData.length),
    creatorData,
    u64be(salt.length),
    salt,
    u64be(0),
  ])
  const hash = sha256
    .create()
    .update(sha256(toAscii('module')))
    .update(key)
    .digest()
  try {
    return toBech32(bech32Prefix, hash, BECH32_LIMIT)
  } catch (e) {
    throw new WireError('bech32Prefix', `cannot encode an address (${(e as Error).message})`, [])
  }
}
