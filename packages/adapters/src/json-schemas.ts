/**
 * JSON Schemas of our message types (issue #6, "Proof": "zod-derived JSON Schemas for our message
 * types are exported (`z.toJSONSchema`)"), derived from the very zod schemas the builders
 * validate with (`@rebalancer/types`, wire-formats.md). For UIs and other languages: a message a
 * builder produced validates against its schema here.
 */
import * as T from '@rebalancer/types'
import * as z from 'zod'

/** The message schemas exported as JSON Schema, by name (all from `@rebalancer/types`). */
export const MESSAGE_SCHEMAS = {
  AccountInstantiateMsg: T.AccountInstantiateMsg,
  AccountExecuteMsg: T.AccountExecuteMsg,
  ServicesManagerInstantiateMsg: T.ServicesManagerInstantiateMsg,
  ServicesManagerExecuteMsg: T.ServicesManagerExecuteMsg,
  ServicesManagerQueryMsg: T.ServicesManagerQueryMsg,
  RebalancerInstantiateMsg: T.RebalancerInstantiateMsg,
  RebalancerExecuteMsg: T.RebalancerExecuteMsg,
  RebalancerQueryMsg: T.RebalancerQueryMsg,
  AuctionsManagerInstantiateMsg: T.AuctionsManagerInstantiateMsg,
  AuctionsManagerExecuteMsg: T.AuctionsManagerExecuteMsg,
  AuctionsManagerQueryMsg: T.AuctionsManagerQueryMsg,
  AuctionInstantiateMsg: T.AuctionInstantiateMsg,
  AuctionExecuteMsg: T.AuctionExecuteMsg,
  AuctionQueryMsg: T.AuctionQueryMsg,
  OracleInstantiateMsg: T.OracleInstantiateMsg,
  OracleExecuteMsg: T.OracleExecuteMsg,
  OracleQueryMsg: T.OracleQueryMsg,
  CosmosMsg: T.CosmosMsg,
  PolytoneNoteExecuteMsg: T.PolytoneNoteExecuteMsg,
  PolytoneNoteQueryMsg: T.PolytoneNoteQueryMsg,
  DaoProposalExecuteMsg: T.DaoProposalExecuteMsg,
  DaoPreProposeExecuteMsg: T.DaoPreProposeExecuteMsg,
  RebalancerData: T.RebalancerData,
  RebalancerUpdateData: T.RebalancerUpdateData,
} as const

/** A name of {@link MESSAGE_SCHEMAS}. */
export type MessageSchemaName = keyof typeof MESSAGE_SCHEMAS

/** A JSON Schema document (draft 2020-12) as `z.toJSONSchema` writes it. */
export type JsonSchema = Record<string, unknown>

const cache = new Map<MessageSchemaName, JsonSchema>()

/**
 * The JSON Schema (draft 2020-12, the accepted input form) of one message type, computed once.
 * Custom rules zod checks in code (bech32 checksums, `Uint128` range, pair denoms differing) are
 * not expressible in JSON Schema and are left to the zod schemas; regex-shaped rules (denoms,
 * base64, integers) and strict objects (`additionalProperties: false`) are kept.
 */
export function messageJsonSchema(name: MessageSchemaName): JsonSchema {
  let s = cache.get(name)
  if (!s) {
    s = z.toJSONSchema(MESSAGE_SCHEMAS[name] as z.ZodType, {
      io: 'input',
      unrepresentable: 'any',
    }) as JsonSchema
    cache.set(name, s)
  }
  return s
}

/** Every schema of {@link MESSAGE_SCHEMAS} as JSON Schema, by name. */
export function messageJsonSchemas(): Record<MessageSchemaName, JsonSchema> {
  const out = {} as Record<MessageSchemaName, JsonSchema>
  for (const name of Object.keys(MESSAGE_SCHEMAS) as MessageSchemaName[]) out[name] = messageJsonSchema(name)
  return out
}
