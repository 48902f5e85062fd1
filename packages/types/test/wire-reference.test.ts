/**
 * The deployed contracts' published JSON schemas (reference/valence-services-v0.1.6, with the
 * corrections of reference/schemas.mjs) against our wire schemas (issue #9, section 2): every
 * variant our parsers know is a variant of the chain and the other way round, every instance
 * generated from the real schemas (every variant at every depth, optional fields present, absent
 * and null) is accepted by our parsers, and so is every generated query answer.
 */
import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import {
  CONTRACTS,
  generateInstances,
  loadReferenceSchemas,
  variantNames,
  variantOf,
} from '../../../reference/schemas.mjs'
import {
  AccountExecuteMsg,
  AccountInstantiateMsg,
  AccountQueryMsg,
  AccountQueryResponses,
  AuctionExecuteMsg,
  AuctionInstantiateMsg,
  AuctionQueryMsg,
  AuctionQueryResponses,
  AuctionsManagerExecuteMsg,
  AuctionsManagerInstantiateMsg,
  AuctionsManagerQueryMsg,
  AuctionsManagerQueryResponses,
  OracleExecuteMsg,
  OracleInstantiateMsg,
  OracleQueryMsg,
  OracleQueryResponses,
  parseWire,
  RebalancerExecuteMsg,
  RebalancerInstantiateMsg,
  RebalancerQueryMsg,
  RebalancerQueryResponses,
  ServicesManagerExecuteMsg,
  ServicesManagerInstantiateMsg,
  ServicesManagerQueryMsg,
  ServicesManagerQueryResponses,
  safeParseWire,
  wireEnumInfo,
} from '../src/index.js'

interface Ours {
  instantiate: z.ZodType
  execute: z.ZodType
  query: z.ZodType
  responses: Record<string, z.ZodType>
}

/** Our schemas of each contract, by the published file's name. */
export const OURS: Record<string, Ours> = {
  'valence-account': {
    instantiate: AccountInstantiateMsg,
    execute: AccountExecuteMsg,
    query: AccountQueryMsg,
    responses: AccountQueryResponses,
  },
  'services-manager': {
    instantiate: ServicesManagerInstantiateMsg,
    execute: ServicesManagerExecuteMsg,
    query: ServicesManagerQueryMsg,
    responses: ServicesManagerQueryResponses,
  },
  rebalancer: {
    instantiate: RebalancerInstantiateMsg,
    execute: RebalancerExecuteMsg,
    query: RebalancerQueryMsg,
    responses: RebalancerQueryResponses,
  },
  'auctions-manager': {
    instantiate: AuctionsManagerInstantiateMsg,
    execute: AuctionsManagerExecuteMsg,
    query: AuctionsManagerQueryMsg,
    responses: AuctionsManagerQueryResponses,
  },
  auction: {
    instantiate: AuctionInstantiateMsg,
    execute: AuctionExecuteMsg,
    query: AuctionQueryMsg,
    responses: AuctionQueryResponses,
  },
  'price-oracle': {
    instantiate: OracleInstantiateMsg,
    execute: OracleExecuteMsg,
    query: OracleQueryMsg,
    responses: OracleQueryResponses,
  },
}

const REF = loadReferenceSchemas()
const KINDS = ['instantiate', 'execute', 'query'] as const

function ourVariants(schema: z.ZodType): string[] {
  const info = wireEnumInfo(schema)!
  return [...info.unitVariants, ...Object.keys(info.variants)].sort()
}

describe.each(CONTRACTS)('%s: the real schemas against our parsers', (contract) => {
  const ref = REF[contract]!
  const ours = OURS[contract]!

  it.each(['execute', 'query'] as const)('%s: the same variants as the deployed contract', (kind) => {
    expect(ourVariants(ours[kind])).toEqual(variantNames(ref[kind]).sort())
  })

  it('query answers: one answer schema per query of the deployed contract', () => {
    expect(Object.keys(ours.responses).sort()).toEqual(Object.keys(ref.responses).sort())
  })

  it.each(KINDS)('%s: every generated instance is accepted', (kind) => {
    const instances = generateInstances(ref[kind])
    expect(instances.length).toBeGreaterThan(0)
    if (kind !== 'instantiate') {
      const seen = new Set(instances.map(variantOf))
      expect([...seen].sort()).toEqual(variantNames(ref[kind]).sort())
    }
    for (const v of instances) {
      const r = safeParseWire(ours[kind], v, `${contract} ${kind}`)
      expect(r.success ? 'accepted' : r.error.message, JSON.stringify(v)).toBe('accepted')
    }
  })

  it('every generated query answer is accepted by our answer schemas', () => {
    for (const [query, schema] of Object.entries(ref.responses)) {
      const ourSchema = ours.responses[query]!
      for (const v of generateInstances(schema)) {
        const r = safeParseWire(ourSchema, v, `${contract} ${query} answer`)
        expect(r.success ? 'accepted' : r.error.message, JSON.stringify(v)).toBe('accepted')
      }
    }
  })
})

describe('instances from the generator really cover the optional forms', () => {
  it('optional fields appear present, absent and null', () => {
    const all = generateInstances(REF.rebalancer!.query).filter(
      (v) => typeof v === 'object' && v !== null && 'get_all_configs' in v,
    ) as { get_all_configs: Record<string, unknown> }[]
    const forms = new Set(all.map((v) => JSON.stringify(Object.keys(v.get_all_configs).sort())))
    expect(forms).toContain('[]')
    expect(all.some((v) => v.get_all_configs.limit === null)).toBe(true)
    expect(all.some((v) => typeof v.get_all_configs.limit === 'number')).toBe(true)
  })
  it('scalars rotate through the forms the chain reads', () => {
    const text = JSON.stringify(generateInstances(REF['valence-account']!.execute))
    expect(text).toContain('"0001000000"') // Uint128 with leading zeros
    expect(text).toContain('"e30"') // unpadded base64
    expect(text).toContain(String(2 ** 60)) // u64 above 2^53
  })
})

describe('DAO DAO asks the fee with an empty account', () => {
  it('get_service_fee {account:""} decodes on both contracts, as on the chain', () => {
    const sm = { get_service_fee: { account: '', service: 'rebalancer', action: 'register' } }
    expect(parseWire(ServicesManagerQueryMsg, sm, 'q')).toEqual(sm)
    const rb = { get_service_fee: { account: '', action: 'register' } }
    expect(parseWire(RebalancerQueryMsg, rb, 'q')).toEqual(rb)
  })
})

describe('migrate_auction carries the auction contract MigrateMsg', () => {
  it('no_state_change is accepted, to_v1 (the manager own migration) is refused', () => {
    const m = (msg: unknown) => ({
      admin: { migrate_auction: { pair: ['uatom', 'untrn'], code_id: 2, msg } },
    })
    expect(safeParseWire(AuctionsManagerExecuteMsg, m({ no_state_change: {} }), 'x').success).toBe(true)
    expect(() => parseWire(AuctionsManagerExecuteMsg, m({ to_v1: {} }), 'Msg')).toThrow(
      'Msg: unknown variant `to_v1`, expected `no_state_change` at admin.migrate_auction.msg',
    )
  })
})

describe('u32 limits', () => {
  it('a limit of 2^32 or more is refused, as serde-json-wasm refuses it', () => {
    const q = (limit: number) => ({ get_all_configs: { start_after: null, limit } })
    expect(safeParseWire(RebalancerQueryMsg, q(2 ** 32 - 1), 'q').success).toBe(true)
    expect(() => parseWire(RebalancerQueryMsg, q(2 ** 32), 'Msg')).toThrow(
      'Msg: invalid value: 4294967296, expected u32 (at most 2^32-1) at get_all_configs.limit',
    )
    expect(() => parseWire(AuctionsManagerQueryMsg, { get_pairs: { limit: 2 ** 40 } }, 'Msg')).toThrow(
      /expected u32/,
    )
    expect(() => parseWire(OracleQueryMsg, { get_all_prices: { limit: 2 ** 32 } }, 'Msg')).toThrow(
      /expected u32/,
    )
    // get_all_services takes a u64
    expect(
      safeParseWire(ServicesManagerQueryMsg, { get_all_services: { limit: 2 ** 40 } }, 'q').success,
    ).toBe(true)
  })
})

describe('u64 numbers above 2^53', () => {
  it('are accepted as the chain accepts them, up to 2^64 (the double nearest to u64::MAX)', () => {
    for (const n of [2 ** 53 + 2, 2 ** 60, JSON.parse('18446744073709551615') as number]) {
      const msg = { system_rebalance: { limit: n } }
      expect(parseWire(RebalancerExecuteMsg, msg, 'Msg')).toEqual(msg)
    }
    expect(() => parseWire(RebalancerExecuteMsg, { system_rebalance: { limit: 2 ** 65 } }, 'Msg')).toThrow(
      /expected u64 \(at most 2\^64-1\) at system_rebalance\.limit/,
    )
  })
})
