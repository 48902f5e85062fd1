// Types of schemas.mjs (test support for the deployed contracts' published JSON schemas).

/** A JSON schema (draft-07) as stored. */
export type JsonSchema = Record<string, unknown>

/** A published schema file: `instantiate`, `execute`, `query`, `migrate` and `responses` (by query name). */
export interface ContractSchemas {
  contract_name: string
  contract_version: string
  instantiate: JsonSchema
  execute: JsonSchema
  query: JsonSchema
  migrate?: JsonSchema
  responses: Record<string, JsonSchema>
}

/** The six contracts, by the file names of the published schemas. */
export declare const CONTRACTS: readonly string[]
/** The four unit variants that are `{}` struct variants at v0.1.6: [file, definition or null, name]. */
export declare const STRUCT_VARIANTS_AT_V016: readonly (readonly [string, string | null, string])[]
/** The published schemas with the documented corrections applied (see schemas.mjs). */
export declare function loadReferenceSchemas(): Record<string, ContractSchemas>
/** The published schemas exactly as stored. */
export declare function loadPublishedSchemas(): Record<string, ContractSchemas>
/** Instances covering every variant at every depth; optional fields present, absent and null. */
export declare function generateInstances(schema: unknown): unknown[]
/** The variant name of an externally tagged enum value. */
export declare function variantOf(value: unknown): string
/** Every variant name of an enum message schema. */
export declare function variantNames(schema: unknown): string[]
/** The published schemas' integer formats, for `ajv.addFormat`. */
export declare const AJV_FORMATS: Record<string, { type: 'number'; validate: (n: number) => boolean }>
/**
 * A validator against the reference schemas: `(schema, value) => errors` (empty when valid), with
 * the integer formats added, each schema compiled once, `value` sent through a JSON round trip.
 */
export declare function schemaValidator(
  Ajv: new (options: {
    strict: boolean
    allErrors: boolean
  }) => {
    addFormat(name: string, format: unknown): unknown
    compile(schema: object): ((value: unknown) => boolean) & {
      errors?: { instancePath: string; message?: string }[] | null
    }
  },
): (schema: object, value: unknown) => string[]
