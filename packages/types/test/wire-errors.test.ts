/**
 * Rejections in serde's words (wire-formats.md, "JSON conventions"): unknown fields, wrong
 * types naming the path, u64 as string, Uint128 as number, unknown variants listing the
 * expected ones, malformed scalars naming the rule. Also: the serde-style walker and the plain
 * zod schema always agree on accept/reject.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import {
  AccountExecuteMsg,
  AccountQueryMsg,
  Addr,
  AuctionExecuteMsg,
  AuctionsManagerExecuteMsg,
  Binary,
  CoinWire,
  DecimalStr,
  DenomWire,
  OracleExecuteMsg,
  PairWire,
  PolytoneNoteExecuteMsg,
  parseEnumMsg,
  parseWire,
  RebalancerData,
  RebalancerExecuteMsg,
  RebalancerExecuteUnitVariants,
  RebalancerExecuteVariants,
  RebalancerQueryMsg,
  RebalancerUpdateData,
  SignedDecimalStr,
  safeParseWire,
  Timestamp,
  U64,
  Uint128,
  WireError,
} from '../src/wire/index.js'
import { ACCOUNT, ADMIN, COSMOS_USER, REBALANCER_DATA_EXAMPLE, USDC } from './wire-fixtures.js'

function err(schema: z.ZodType, value: unknown, what = 'Msg'): WireError {
  expect(schema.safeParse(value).success, `zod must reject ${JSON.stringify(value)}`).toBe(false)
  try {
    parseWire(schema, value, what)
  } catch (e) {
    expect(e).toBeInstanceOf(WireError)
    return e as WireError
  }
  throw new Error(`accepted ${JSON.stringify(value)}`)
}

const data = (patch: Record<string, unknown>) => ({ ...REBALANCER_DATA_EXAMPLE, ...patch })

describe('unknown fields (deny_unknown_fields)', () => {
  it('names the field, the expected ones and the path', () => {
    const e = err(RebalancerExecuteMsg, { system_rebalance: { limit: 5, foo: 1 } }, 'RebalancerExecuteMsg')
    expect(e.message).toBe('RebalancerExecuteMsg: unknown field `foo`, expected `limit` at system_rebalance')
    expect(e.path).toEqual(['system_rebalance'])
    expect(e.rule).toBe('unknown field `foo`, expected `limit`')
  })
  it('lists every expected field', () => {
    const e = err(RebalancerData, { ...REBALANCER_DATA_EXAMPLE, max_limit: 500 }, 'RebalancerData')
    expect(e.message).toBe(
      'RebalancerData: unknown field `max_limit`, expected one of `trustee`, `base_denom`, `targets`, `pid`, `max_limit_bps`, `target_override_strategy`, `trigger`',
    )
  })
  it('inside arrays, with the index', () => {
    const e = err(RebalancerData, data({ targets: [{ denom: 'untrn', bps: 10000, percentage: 1 }] }))
    expect(e.message).toBe(
      'Msg: unknown field `percentage`, expected one of `denom`, `bps`, `min_balance` at targets[0]',
    )
  })
  it('an empty struct has no fields', () => {
    expect(err(AuctionExecuteMsg, { bid: { amount: '5' } }).message).toBe(
      'Msg: unknown field `amount`, there are no fields at bid',
    )
  })
})

describe('wrong types name the path', () => {
  it('number for a string', () => {
    const e = err(RebalancerData, data({ targets: [{ denom: 5, bps: 1 }] }), 'RebalancerData')
    expect(e.message).toBe('RebalancerData: invalid type: number, expected a string at targets[0].denom')
    expect(e.path).toEqual(['targets', 0, 'denom'])
  })
  it('u64 given as a string', () => {
    expect(err(RebalancerExecuteMsg, { system_rebalance: { limit: '50' } }).message).toBe(
      'Msg: invalid type: string, expected u64 at system_rebalance.limit',
    )
    expect(err(RebalancerData, data({ max_limit_bps: '500' })).message).toBe(
      'Msg: invalid type: string, expected u64 at max_limit_bps',
    )
    expect(err(RebalancerData, data({ targets: [{ denom: 'untrn', bps: '9000' }] })).rule).toBe(
      'invalid type: string, expected u64',
    )
    expect(
      err(AuctionsManagerExecuteMsg, { finish_auction: { pair: ['a12', 'b12'], limit: '5' } }).path,
    ).toEqual(['finish_auction', 'limit'])
  })
  it('Uint128 given as a number', () => {
    const e = err(AccountExecuteMsg, {
      execute_by_admin: {
        msgs: [{ bank: { send: { to_address: ADMIN, amount: [{ denom: 'untrn', amount: 5 }] } } }],
      },
    })
    expect(e.message).toBe(
      'Msg: invalid type: number, expected string-encoded integer at execute_by_admin.msgs[0].bank.send.amount[0].amount',
    )
    expect(
      err(RebalancerData, data({ targets: [{ denom: 'untrn', bps: 1, min_balance: 10 }] })).message,
    ).toBe('Msg: invalid type: number, expected string-encoded integer at targets[0].min_balance')
  })
  it('Decimal and Timestamp given as numbers', () => {
    expect(err(RebalancerData, data({ pid: { p: 0.1, i: '0', d: '0' } })).message).toBe(
      'Msg: invalid type: number, expected string-encoded decimal at pid.p',
    )
    expect(
      err(RebalancerExecuteMsg, {
        admin: { update_system_status: { status: { finished: { next_cycle: 1 } } } },
      }).message,
    ).toBe(
      'Msg: invalid type: number, expected string-encoded integer at admin.update_system_status.status.finished.next_cycle',
    )
  })
  it('a non-integer or negative u64', () => {
    expect(err(U64, 1.5).rule).toBe('invalid value: 1.5, expected u64 (a non-negative integer)')
    expect(err(U64, -1).rule).toBe('invalid value: -1, expected u64 (a non-negative integer)')
    expect(err(U64, 2 ** 65).rule).toBe('invalid value: 36893488147419103000, expected u64 (at most 2^64-1)')
  })
  it('missing fields', () => {
    expect(err(RebalancerData, { base_denom: 'untrn' }).message).toBe('Msg: missing field `targets`')
    expect(
      err(AccountExecuteMsg, { execute_by_admin: { msgs: [{ bank: { send: { amount: [] } } }] } }).message,
    ).toBe('Msg: missing field `to_address` at execute_by_admin.msgs[0].bank.send')
  })
  it('sequences and maps', () => {
    expect(err(RebalancerData, data({ targets: {} })).message).toBe(
      'Msg: invalid type: map, expected a sequence at targets',
    )
    expect(err(RebalancerData, [1]).message).toBe('Msg: invalid type: sequence, expected a map')
  })
})

describe('enums (externally tagged)', () => {
  const names =
    '`system_rebalance`, `register`, `deregister`, `update`, `pause`, `resume`, `admin`, `approve_admin_change`'
  it('unknown variant lists the expected ones', () => {
    expect(err(RebalancerExecuteMsg, { foo: {} }, 'RebalancerExecuteMsg').message).toBe(
      `RebalancerExecuteMsg: unknown variant \`foo\`, expected one of ${names}`,
    )
    expect(err(RebalancerExecuteMsg, 'foo').rule).toBe(`unknown variant \`foo\`, expected one of ${names}`)
  })
  it('unknown nested variant names the path', () => {
    expect(err(RebalancerExecuteMsg, { admin: { update_fess: {} } }).message).toMatch(
      /^Msg: unknown variant `update_fess`, expected one of `update_system_status`, .*`update_fees`.*`cancel_admin_change` at admin$/,
    )
    expect(err(AccountExecuteMsg, { execute_by_admin: { msgs: [{ staking: {} }] } }).message).toBe(
      'Msg: unknown variant `staking`, expected one of `bank`, `custom`, `stargate`, `ibc`, `wasm`, `gov` at execute_by_admin.msgs[0]',
    )
  })
  it('a map must have exactly one key', () => {
    expect(err(RebalancerExecuteMsg, {}).rule).toBe(
      'invalid value: a map with 0 keys, expected a map with a single key',
    )
    expect(
      err(RebalancerExecuteMsg, { system_rebalance: {}, admin: { cancel_admin_change: {} } }).rule,
    ).toContain('expected a map with a single key')
  })
  it('unit variants are bare strings; data variants are maps', () => {
    expect(err(RebalancerQueryMsg, { get_system_status: {} }).rule).toBe(
      'invalid type: map, expected unit variant `get_system_status` written as the string "get_system_status"',
    )
    expect(err(RebalancerExecuteMsg, 'system_rebalance').rule).toMatch(
      /^invalid type: unit variant, expected struct variant/,
    )
    expect(err(AuctionExecuteMsg, 'bid').rule).toMatch(/^invalid type: unit variant, expected struct variant/)
    expect(err(AuctionExecuteMsg, { admin: { pause_auction: {} } }).path).toEqual(['admin'])
  })
  it('wrong JSON type for an enum', () => {
    expect(err(RebalancerExecuteMsg, 5).rule).toBe('invalid type: number, expected a map with a single key')
    expect(err(RebalancerQueryMsg, 5).rule).toBe(
      'invalid type: number, expected a string or a map with a single key',
    )
    expect(err(OracleExecuteMsg, 'update_price').rule).toMatch(/expected struct variant/)
  })
  it('string enums report unknown variants', () => {
    expect(err(RebalancerData, data({ target_override_strategy: 'fifo' })).message).toBe(
      'Msg: unknown variant `fifo`, expected one of `proportional`, `priority` at target_override_strategy',
    )
    expect(err(AccountExecuteMsg, { resume_service: { service_name: 'dca' } }).rule).toBe(
      'unknown variant `dca`, expected `rebalancer`',
    )
  })
  it('the account answers only "get_admin"', () => {
    expect(err(AccountQueryMsg, { get_config: {} }).rule).toBe(
      'unknown variant `get_config`, expected `get_admin`',
    )
    expect(AccountQueryMsg.safeParse('get_admin').success).toBe(true)
  })
  it('set/clear fields of the update', () => {
    expect(err(RebalancerUpdateData, { targets: [], trustee: ADMIN }).message).toBe(
      `Msg: unknown variant \`${ADMIN}\`, expected one of \`clear\`, \`set\` at trustee`,
    )
    expect(err(RebalancerUpdateData, { targets: [], max_limit_bps: 500 }).rule).toBe(
      'invalid type: number, expected a string or a map with a single key',
    )
    expect(err(RebalancerUpdateData, { max_limit_bps: 'clear' }).rule).toBe('missing field `targets`')
  })
  it('parseEnumMsg throws the same errors', () => {
    expect(() =>
      parseEnumMsg(
        RebalancerExecuteVariants,
        RebalancerExecuteUnitVariants,
        { system_rebalance: { limit: '5' } },
        'X',
      ),
    ).toThrow('X: invalid type: string, expected u64 at system_rebalance.limit')
    expect(() =>
      parseEnumMsg(RebalancerExecuteVariants, RebalancerExecuteUnitVariants, { nope: 1 }, 'X'),
    ).toThrow(/^X: unknown variant `nope`, expected one of/)
  })
})

describe('scalar rules', () => {
  it('Uint128', () => {
    expect(Uint128.safeParse('0').success).toBe(true)
    expect(Uint128.safeParse(((1n << 128n) - 1n).toString()).success).toBe(true)
    expect(err(Uint128, (1n << 128n).toString()).rule).toBe(
      'invalid Uint128 "340282366920938463463374607431768211456": above 2^128-1',
    )
    // Rust's u128::from_str, which cosmwasm-std's Uint128 deserializer uses, reads leading zeros
    // and a leading "+" (issue #9: "accepts leading zeros in Uint128 and Timestamp strings").
    for (const ok of ['01', '007', '+1', `0${((1n << 128n) - 1n).toString()}`])
      expect(Uint128.safeParse(ok).success, ok).toBe(true)
    for (const bad of ['-1', '1.0', '', ' 1', '1e3', '+', '++1', '1 '])
      expect(err(Uint128, bad).rule).toMatch(/^invalid Uint128/)
    // above Uint128::MAX is refused however it is written
    for (const big of [`000${(1n << 128n).toString()}`, `+${(1n << 128n).toString()}`, '9'.repeat(60)])
      expect(err(Uint128, big).rule, big).toMatch(/above 2\^128-1$/)
  })
  it('Timestamp (nanoseconds, u64 range)', () => {
    expect(Timestamp.safeParse('18446744073709551615').success).toBe(true)
    expect(Timestamp.safeParse('0001700000000000000000').success).toBe(true)
    expect(err(Timestamp, '18446744073709551616').rule).toMatch(/above/)
    expect(err(Timestamp, 1700000000).rule).toBe('invalid type: number, expected string-encoded integer')
  })
  it('Decimal', () => {
    for (const ok of [
      '0',
      '1.5',
      '0.000000000000000001',
      '00.5',
      '1.50',
      '340282366920938463463.374607431768211455',
    ]) {
      expect(DecimalStr.safeParse(ok).success, ok).toBe(true)
    }
    for (const bad of [
      '1.',
      '.5',
      '-1',
      '+1',
      '1e5',
      '0.0000000000000000001',
      '',
      '1,5',
      '340282366920938463463.374607431768211456',
    ]) {
      expect(err(DecimalStr, bad).rule, bad).toMatch(/^invalid Decimal/)
    }
  })
  it('SignedDecimal', () => {
    for (const ok of ['+0', '-0.25', '1.5']) expect(SignedDecimalStr.safeParse(ok).success).toBe(true)
    expect(err(SignedDecimalStr, '--1').rule).toMatch(/^invalid SignedDecimal/)
  })
  it('Addr', () => {
    expect(Addr.safeParse(COSMOS_USER).success).toBe(true)
    expect(err(Addr, ACCOUNT.toUpperCase()).rule).toMatch(/must be lower case/)
    expect(err(Addr, `${ACCOUNT.slice(0, -1)}x`).rule).toMatch(/not valid bech32/)
    expect(err(Addr, 'untrn').rule).toMatch(/not valid bech32/)
  })
  it('Denom', () => {
    for (const ok of ['untrn', USDC, 'factory/neutron1abc/rebalancer-test', 'a:b', 'gamm/pool/1']) {
      expect(DenomWire.safeParse(ok).success, ok).toBe(true)
    }
    for (const bad of ['ibc/…USDC', 'ab', '1atom', 'u atom', 'x'.repeat(129)]) {
      expect(err(DenomWire, bad).rule, bad).toMatch(/^invalid denom/)
    }
  })
  it('Coin', () => {
    expect(err(CoinWire, { denom: 'untrn', amount: '1', extra: 1 }).rule).toBe(
      'unknown field `extra`, expected one of `denom`, `amount`',
    )
  })
  it('Pair', () => {
    expect(err(PairWire, ['uatom', 'uatom']).rule).toBe(
      'invalid pair ["uatom","uatom"]: the two denoms must differ',
    )
    expect(err(PairWire, ['uatom']).rule).toBe('invalid length 1, expected a tuple of size 2')
    expect(err(PairWire, ['uatom', 'untrn', 'uosmo']).rule).toBe(
      'invalid length 3, expected a tuple of size 2',
    )
    expect(err(PairWire, 'uatom/untrn').rule).toBe('invalid type: string, expected array-encoded pair')
    expect(err(AuctionsManagerExecuteMsg, { auction_funds: { pair: ['uatom', 'uatom'] } }).path).toEqual([
      'auction_funds',
      'pair',
    ])
  })
  it('Binary', () => {
    expect(Binary.safeParse('').success).toBe(true)
    expect(Binary.safeParse('eyJhIjoxfQ==').success).toBe(true)
    // cosmwasm-std 1.5 decodes with padding "indifferent": complete, partial or no padding.
    for (const ok of ['eyJhIjoxfQ', 'eyJhIjoxfQ=', 'YWI', 'YWI='])
      expect(Binary.safeParse(ok).success, ok).toBe(true)
    for (const bad of ['ey=J', 'a b=', 'eyJhIjoxfQ-_', 'Y', 'YWJjZ', 'YR==', 'YWJ='])
      expect(err(Binary, bad).rule, bad).toMatch(/^invalid Binary/)
  })
  it('Polytone timeout_seconds is a string', () => {
    expect(err(PolytoneNoteExecuteMsg, { execute: { msgs: [], timeout_seconds: 259200 } }).message).toBe(
      'Msg: invalid type: number, expected string-encoded integer at execute.timeout_seconds',
    )
  })
})

describe('the serde-style walker agrees with zod', () => {
  const goldens: [z.ZodType, unknown][] = [
    [RebalancerData, REBALANCER_DATA_EXAMPLE],
    [RebalancerExecuteMsg, { register: { register_for: ACCOUNT, data: REBALANCER_DATA_EXAMPLE } }],
    [
      RebalancerExecuteMsg,
      {
        admin: {
          update_system_status: {
            status: {
              processing: { cycle_started: '1', start_from: ACCOUNT, prices: [[['uatom', 'untrn'], '1.5']] },
            },
          },
        },
      },
    ],
    [
      AccountExecuteMsg,
      {
        execute_by_admin: {
          msgs: [
            { bank: { send: { to_address: ADMIN, amount: [{ denom: 'untrn', amount: '5' }] } } },
            { wasm: { execute: { contract_addr: ACCOUNT, msg: 'e30=', funds: [] } } },
          ],
        },
      },
    ],
    [
      RebalancerUpdateData,
      { trustee: { set: ADMIN }, max_limit_bps: 'clear', targets: [{ denom: 'untrn', bps: 1 }] },
    ],
  ]

  /** Replaces the value at a random path of `v` by `r`. */
  function mutate(v: unknown, choices: number[], r: unknown): unknown {
    if (choices.length === 0 || v === null || typeof v !== 'object') return r
    const [c, ...rest] = choices as [number, ...number[]]
    if (Array.isArray(v)) {
      if (v.length === 0) return r
      const i = c % (v.length + 1)
      if (i === v.length) return [...v, r]
      return v.map((x, j) => (j === i ? mutate(x, rest, r) : x))
    }
    const keys = Object.keys(v)
    const i = c % (keys.length + 2)
    if (i === keys.length) return { ...v, extra_field: r }
    if (i === keys.length + 1 || keys.length === 0) {
      const copy = { ...(v as Record<string, unknown>) }
      delete copy[keys[0] ?? '']
      return copy
    }
    return { ...v, [keys[i]!]: mutate((v as Record<string, unknown>)[keys[i]!], rest, r) }
  }

  it('accepts exactly what the zod schema accepts, on random mutations of valid messages', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: goldens.length - 1 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.oneof(fc.jsonValue(), fc.constantFrom('0', '1.5', 'untrn', 'clear', ADMIN, 5, -1, null, [], {})),
        (g, choices, replacement) => {
          const [schema, valid] = goldens[g]!
          const value = mutate(valid, choices, replacement)
          const wire = safeParseWire(schema, value, 'Msg')
          expect(wire.success).toBe(schema.safeParse(value).success)
          if (!wire.success) {
            expect(wire.error.message.startsWith('Msg: ')).toBe(true)
            expect(wire.error.rule.length).toBeGreaterThan(0)
          }
        },
      ),
      { numRuns: 3000 },
    )
  })

  it('prototype property names are neither variants nor fields', () => {
    expect(err(RebalancerExecuteMsg, 'toString').rule).toMatch(/^unknown variant `toString`/)
    expect(err(RebalancerExecuteMsg, { constructor: {} }).rule).toMatch(/^unknown variant `constructor`/)
    expect(err(RebalancerData, data({ toString: 1 })).rule).toMatch(/^unknown field `toString`/)
    expect(err(CoinWire, JSON.parse('{"__proto__":{},"denom":"untrn","amount":"1"}')).rule).toMatch(
      /^unknown field `__proto__`/,
    )
  })

  it('agrees on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        for (const schema of [RebalancerExecuteMsg, RebalancerData, AccountExecuteMsg]) {
          expect(safeParseWire(schema, value, 'Msg').success).toBe(schema.safeParse(value).success)
        }
      }),
      { numRuns: 500 },
    )
  })
})
