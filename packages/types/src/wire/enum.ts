/**
 * Building blocks for serde's externally tagged enums (wire-formats.md, "JSON conventions":
 * variants without data are bare strings, variants with data one-key objects), plus the
 * registries that let {@link parseWire} report errors the way serde does.
 */
import * as z from 'zod'

/**
 * The body schema of each data-carrying variant, keyed by its snake_case name (wire-formats.md, "JSON
 * conventions").
 */
export type VariantMap = { readonly [name: string]: z.ZodType }

/**
 * A registered enum: its name, data variants and unit (bare-string) variants (wire-formats.md, "JSON
 * conventions").
 */
export interface WireEnumInfo {
  readonly name: string
  readonly variants: VariantMap
  readonly unitVariants: readonly string[]
}

/**
 * The JSON value of a wire enum: a unit variant's name or `{ name: body }` (wire-formats.md, "JSON
 * conventions").
 */
export type WireEnumValue<V extends VariantMap, U extends readonly string[]> =
  | U[number]
  | { [K in keyof V & string]: { [P in K]: z.output<V[K]> } }[keyof V & string]

/**
 * The input type of a wire enum (same JSON; optional fields may be absent) (wire-formats.md, "JSON
 * conventions").
 */
export type WireEnumInput<V extends VariantMap, U extends readonly string[]> =
  | U[number]
  | { [K in keyof V & string]: { [P in K]: z.input<V[K]> } }[keyof V & string]

/**
 * A wire enum's schema: a plain zod union, so `z.toJSONSchema` describes it (wire-formats.md, "JSON
 * conventions").
 */
export type WireEnumSchema<V extends VariantMap, U extends readonly string[]> = z.ZodType<
  WireEnumValue<V, U>,
  WireEnumInput<V, U>
>

const enums = new WeakMap<z.ZodType, WireEnumInfo>()
const expectations = new WeakMap<z.ZodType, string>()

/**
 * Builds the schema of an externally tagged enum (wire-formats.md, "JSON conventions"): a
 * union of the unit variants' string literals and one strict one-key object per data
 * variant. The schema is registered so that {@link parseWire} reports serde's messages
 * (`unknown variant …`, `expected a map with a single key`) instead of zod's union error.
 */
export function wireEnum<const V extends VariantMap, const U extends readonly string[]>(
  name: string,
  variants: V,
  unitVariants: U,
): WireEnumSchema<V, U> {
  const options: z.ZodType[] = [
    ...unitVariants.map((u) => z.literal(u)),
    ...Object.entries(variants).map(([k, s]) => z.strictObject({ [k]: s })),
  ]
  const base =
    options.length === 0
      ? z.never()
      : options.length === 1
        ? options[0]!
        : z.union(options as [z.ZodType, z.ZodType, ...z.ZodType[]])
  const schema = base.meta({ title: name })
  enums.set(schema, { name, variants, unitVariants })
  return schema as unknown as WireEnumSchema<V, U>
}

/**
 * The variants of a schema built by {@link wireEnum}, or `undefined` for any other schema (wire-formats.md,
 * "JSON conventions").
 */
export function wireEnumInfo(schema: z.ZodType): WireEnumInfo | undefined {
  return enums.get(schema)
}

/**
 * Records what a schema expects, for `invalid type: …, expected <text>` messages (wire-formats.md, "JSON
 * conventions").
 */
export function expecting<S extends z.ZodType>(schema: S, text: string): S {
  expectations.set(schema, text)
  return schema
}

/** The text recorded by {@link expecting}, if any (wire-formats.md, "JSON conventions"). */
export function expectedText(schema: z.ZodType): string | undefined {
  return expectations.get(schema)
}
