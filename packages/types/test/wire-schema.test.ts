/**
 * Every exported wire schema is transform-free and describable as JSON Schema (wire-formats.md,
 * "JSON conventions"), and uses strict objects (unknown fields rejected).
 */
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import * as wire from '../src/wire/index.js'

const schemas = Object.entries(wire).filter((e): e is [string, z.ZodType] => e[1] instanceof z.ZodType)
const variantSchemas = Object.entries(wire)
  .filter(([name]) => name.endsWith('Variants') || name.endsWith('QueryResponses'))
  .filter(([, v]) => !Array.isArray(v))
  .flatMap(([name, map]) =>
    Object.entries(map as Record<string, z.ZodType>).map(
      ([k, s]) => [`${name}.${k}`, s] as [string, z.ZodType],
    ),
  )

const MESSAGE_SCHEMAS = [
  'AccountInstantiateMsg',
  'AccountExecuteMsg',
  'AccountQueryMsg',
  'ServicesManagerInstantiateMsg',
  'ServicesManagerExecuteMsg',
  'ServicesManagerQueryMsg',
  'RebalancerInstantiateMsg',
  'RebalancerExecuteMsg',
  'RebalancerQueryMsg',
  'AuctionsManagerInstantiateMsg',
  'AuctionsManagerExecuteMsg',
  'AuctionsManagerQueryMsg',
  'AuctionInstantiateMsg',
  'AuctionExecuteMsg',
  'AuctionQueryMsg',
  'OracleInstantiateMsg',
  'OracleExecuteMsg',
  'OracleQueryMsg',
  'CosmosMsg',
  'PolytoneNoteExecuteMsg',
  'PolytoneNoteQueryMsg',
  'DaoProposalExecuteMsg',
  'DaoPreProposeExecuteMsg',
  'RebalancerData',
  'RebalancerUpdateData',
]

describe('z.toJSONSchema', () => {
  it('finds every message schema among the exports', () => {
    const names = new Set(schemas.map(([n]) => n))
    for (const m of MESSAGE_SCHEMAS) expect(names.has(m), m).toBe(true)
    expect(schemas.length).toBeGreaterThan(60)
  })

  it.each([...schemas, ...variantSchemas])('%s converts (output and input)', (_name, schema) => {
    expect(() => z.toJSONSchema(schema)).not.toThrow()
    expect(() => z.toJSONSchema(schema, { io: 'input' })).not.toThrow()
  })

  it('objects forbid additional properties and enums are anyOf', () => {
    const s = z.toJSONSchema(wire.RebalancerExecuteMsg) as { anyOf: Record<string, unknown>[]; title: string }
    expect(s.title).toBe('RebalancerExecuteMsg')
    expect(s.anyOf.at(-1)).toMatchObject({ required: ['approve_admin_change'], additionalProperties: false })
    const sr = s.anyOf.find((o) => (o.required as string[] | undefined)?.[0] === 'system_rebalance')!
    expect(sr.additionalProperties).toBe(false)
    const data = z.toJSONSchema(wire.RebalancerData) as { properties: Record<string, { type?: string }> }
    expect(data.properties.targets!.type).toBe('array')
  })
})

describe('variant maps', () => {
  it('every enum message exposes its variant map and unit variants', () => {
    for (const contract of [
      'Account',
      'ServicesManager',
      'Rebalancer',
      'AuctionsManager',
      'Auction',
      'Oracle',
    ]) {
      for (const kind of ['Execute', 'Query']) {
        const variants = (wire as Record<string, unknown>)[`${contract}${kind}Variants`]
        const units = (wire as Record<string, unknown>)[`${contract}${kind}UnitVariants`]
        expect(typeof variants, `${contract}${kind}Variants`).toBe('object')
        expect(Array.isArray(units), `${contract}${kind}UnitVariants`).toBe(true)
        const info = wire.wireEnumInfo(
          (wire as unknown as Record<string, z.ZodType>)[`${contract}${kind}Msg`]!,
        )
        expect(info?.variants).toBe(variants)
        expect(info?.unitVariants).toBe(units)
      }
    }
  })
})
