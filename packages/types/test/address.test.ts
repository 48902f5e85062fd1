/**
 * instantiate2 addresses (issue #9, item 1): our ADR-028 derivation against cosmjs's published
 * vectors, with @scure/base >= 2.3 installed (which refuses the `Infinity` bech32 limit that
 * cosmjs's own `instantiate2Address` passes).
 */
import { fromBech32, fromHex, toBech32, toUtf8 } from '@cosmjs/encoding'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BECH32_LIMIT, instantiate2Address } from '../src/address.js'
import { WireError } from '../src/wire/parse.js'
import data from './data/instantiate2-vectors.json' with { type: 'json' }

const CHECKSUM = fromHex(data.vectors[0]!.checksum)
const CREATOR = data.vectors[0]!.creator

describe('instantiate2Address (ADR-028, wasmd MsgInstantiateContract2)', () => {
  it.each(data.vectors)('matches cosmjs vector $address', (v) => {
    expect(instantiate2Address(fromHex(v.checksum), v.creator, fromHex(v.salt), v.prefix)).toBe(v.address)
  })

  it('gives the same address for the same creator bytes under another prefix, and a 32-byte result', () => {
    const bytes = fromBech32(CREATOR, BECH32_LIMIT).data
    const asNeutron = toBech32('neutron', bytes)
    const got = instantiate2Address(CHECKSUM, asNeutron, fromHex('61'), 'purple')
    expect(got).toBe(data.vectors[0]!.address)
    const onNeutron = instantiate2Address(CHECKSUM, asNeutron, fromHex('61'), 'neutron')
    expect(fromBech32(onNeutron, BECH32_LIMIT)).toEqual({
      prefix: 'neutron',
      data: fromBech32(got, BECH32_LIMIT).data,
    })
    expect(fromBech32(got, BECH32_LIMIT).data.length).toBe(32)
  })

  it('reads creators longer than BIP-173 allows (255 data bytes, 420 characters)', () => {
    const creator = toBech32('neutron', new Uint8Array(255).fill(7), BECH32_LIMIT)
    expect(creator.length).toBeGreaterThan(90)
    const got = instantiate2Address(CHECKSUM, creator, toUtf8('valence'), 'neutron')
    expect(fromBech32(got, BECH32_LIMIT).data.length).toBe(32)
  })

  it('refuses bad input with a WireError naming the field', () => {
    const err = (f: () => unknown) => {
      try {
        f()
      } catch (e) {
        expect(e).toBeInstanceOf(WireError)
        return (e as WireError).message
      }
      throw new Error('no error')
    }
    expect(err(() => instantiate2Address(CHECKSUM.slice(1), CREATOR, toUtf8('a'), 'neutron'))).toBe(
      'checksum: expected 32 bytes, got 31',
    )
    expect(err(() => instantiate2Address(CHECKSUM, CREATOR, new Uint8Array(0), 'neutron'))).toBe(
      'salt: expected 1 to 64 bytes, got 0',
    )
    expect(err(() => instantiate2Address(CHECKSUM, CREATOR, new Uint8Array(65), 'neutron'))).toBe(
      'salt: expected 1 to 64 bytes, got 65',
    )
    expect(
      err(() => instantiate2Address(CHECKSUM, `${CREATOR.slice(0, -1)}q`, toUtf8('a'), 'neutron')),
    ).toMatch(/^creator: not a valid bech32 address \(/)
    expect(err(() => instantiate2Address(CHECKSUM, 'not-an-address', toUtf8('a'), 'neutron'))).toMatch(
      /^creator: /,
    )
    expect(err(() => instantiate2Address(CHECKSUM, CREATOR, toUtf8('a'), ''))).toMatch(/^bech32Prefix: /)
    expect(err(() => instantiate2Address(CHECKSUM, CREATOR, toUtf8('a'), 'Neutron'))).toMatch(
      /^bech32Prefix: /,
    )
  })

  it('property: a 32-byte address under the given prefix, changing with checksum, creator and salt', () => {
    const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max })
    fc.assert(
      fc.property(
        bytes(32, 32),
        bytes(1, 255),
        bytes(1, 64),
        fc.constantFrom('neutron', 'cosmos', 'osmo'),
        (checksum, creatorBytes, salt, prefix) => {
          const creator = toBech32('neutron', creatorBytes, BECH32_LIMIT)
          const a = instantiate2Address(checksum, creator, salt, prefix)
          const decoded = fromBech32(a, BECH32_LIMIT)
          expect(decoded.prefix).toBe(prefix)
          expect(decoded.data.length).toBe(32)
          const flip = (b: Uint8Array) => b.map((x, i) => (i === 0 ? x ^ 1 : x))
          expect(instantiate2Address(flip(checksum), creator, salt, prefix)).not.toBe(a)
          expect(
            instantiate2Address(
              checksum,
              toBech32('neutron', flip(creatorBytes), BECH32_LIMIT),
              salt,
              prefix,
            ),
          ).not.toBe(a)
          expect(instantiate2Address(checksum, creator, flip(salt), prefix)).not.toBe(a)
        },
      ),
      { numRuns: 200 },
    )
  })
})
