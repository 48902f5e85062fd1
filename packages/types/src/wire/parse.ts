/**
 * Decoding wire JSON the way the chain's serde does (wire-formats.md, "JSON conventions":
 * unknown fields are rejected; enums are externally tagged), with serde-style messages that
 * name the path and the rule that the value breaks.
 */
import type { z } from 'zod'
import { type ErrorPath, formatErrorPath, RebalancerError } from '../errors.js'
import { expectedText, type VariantMap, type WireEnumInfo, wireEnumInfo } from './enum.js'

/** A path into a JSON value: object keys and array indexes (wire-formats.md, "JSON conventions"). */
export type WirePath = (string | number)[]

/**
 * A wire message that the chain would reject at deserialization (wire-formats.md, "JSON
 * conventions"). `message` is `<what>: <rule>[ at <path>]`, e.g.
 * `RebalancerData: invalid type: number, expected a denom string at targets[0].denom`.
 * `code` is always `'invalid_wire'`; `path` is where in the value the rule is broken.
 */
export class WireError extends RebalancerError<'invalid_wire'> {
  static override readonly kind: string = 'WireError'
  /** The broken rule alone, in serde's words. */
  readonly rule: string
  /** The type being decoded, as given by the caller. */
  readonly what: string

  /**
   * @param what the type being decoded (`RebalancerData`)
   * @param rule the broken rule in serde's words
   * @param path where in the value (empty for the value itself)
   * @param cause the error this one wraps, if any
   */
  constructor(what: string, rule: string, path: ErrorPath, cause?: unknown) {
    super('invalid_wire', `${what}: ${rule}${path.length > 0 ? ` at ${formatPath(path)}` : ''}`, {
      path,
      cause,
    })
    this.rule = rule
    this.what = what
  }
}

/** `targets[0].denom`-style rendering of a {@link WirePath} (wire-formats.md, "JSON conventions"). */
export const formatPath: (path: ErrorPath) => string = formatErrorPath

interface Failure {
  rule: string
  path: WirePath
}

/**
 * The result of {@link parseEnumMsg}: the variant's name and its parsed body (`null` for a unit variant)
 * (wire-formats.md, "JSON conventions").
 */
export type ParsedEnum<V extends VariantMap, U extends readonly string[]> =
  | { [K in keyof V & string]: { variant: K; body: z.output<V[K]> } }[keyof V & string]
  | { variant: U[number]; body: null }

/**
 * Decodes an externally tagged enum message like serde (wire-formats.md, "JSON conventions"):
 * a unit variant is a bare string, a data variant a map with exactly one key whose value is
 * decoded by that variant's schema. Returns the variant name and the parsed body so that a
 * contract can dispatch with a `switch`.
 * @throws WireError naming the path and the rule (`unknown variant \`foo\`, expected one of …`).
 */
export function parseEnumMsg<const V extends VariantMap, const U extends readonly string[]>(
  variants: V,
  unitVariants: U,
  value: unknown,
  what: string,
): ParsedEnum<V, U> {
  // Fast path: one zod pass. It accepts exactly what the walker accepts (a property test holds
  // the two equal), so the walker only runs to word the error of a value that fails.
  if (typeof value === 'string') {
    if (unitVariants.includes(value)) return { variant: value, body: null } as ParsedEnum<V, U>
  } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value)
    if (keys.length === 1 && Object.hasOwn(variants, keys[0]!)) {
      const variant = keys[0]!
      const r = variants[variant]!.safeParse((value as Record<string, unknown>)[variant])
      if (r.success) return { variant, body: r.data } as ParsedEnum<V, U>
    }
  }
  const info: WireEnumInfo = { name: what, variants, unitVariants }
  const failure = walkEnum(info, value, [])
  if (failure) throw new WireError(what, failure.rule, failure.path)
  if (typeof value === 'string') return { variant: value, body: null } as ParsedEnum<V, U>
  const [variant, raw] = Object.entries(value as Record<string, unknown>)[0]!
  const body = finalParse(variants[variant]!, raw, what, [variant])
  return { variant, body } as ParsedEnum<V, U>
}

/**
 * Decodes any wire value with its schema (wire-formats.md, "JSON conventions"), reporting
 * the first error as serde would: `unknown field \`x\`, expected one of …`, `missing field
 * \`y\``, `invalid type: number, expected a string-encoded Uint128 at amount`, and the rule
 * of a malformed value (`invalid Decimal "1.": …`).
 * @throws WireError naming the path and the rule.
 */
export function parseWire<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const fast = schema.safeParse(value)
  if (fast.success) return fast.data as z.output<S>
  const failure = walk(schema, value, [])
  if (failure) throw new WireError(what, failure.rule, failure.path)
  return finalParse(schema, value, what, []) as z.output<S>
}

/** Like {@link parseWire} but returns the error instead of throwing (wire-formats.md, "JSON conventions"). */
export function safeParseWire<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): { success: true; data: z.output<S> } | { success: false; error: WireError } {
  try {
    return { success: true, data: parseWire(schema, value, what) }
  } catch (e) {
    if (WireError.isInstance(e)) return { success: false, error: e }
    throw e
  }
}

function finalParse(schema: z.ZodType, value: unknown, what: string, prefix: WirePath): unknown {
  const r = schema.safeParse(value)
  if (r.success) return r.data
  // The walker accepted what zod rejects: report zod's first issue in the same format.
  const issue = r.error.issues[0]!
  throw new WireError(what, issue.message, [...prefix, ...(issue.path as WirePath)])
}

// ---------------------------------------------------------------------------------------------
// The walker: follows the schema's definition alongside the value, like serde's visitor.

interface Def {
  type: string
  [k: string]: unknown
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def
}

/** serde's name for the JSON type of a value. */
function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'sequence'
  if (typeof value === 'object') return 'map'
  if (typeof value === 'number' && !Number.isFinite(value)) return 'non-finite number'
  return typeof value
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function oneOf(names: readonly string[], none: string): string {
  if (names.length === 0) return none
  if (names.length === 1) return `expected \`${names[0]}\``
  return `expected one of ${names.map((n) => `\`${n}\``).join(', ')}`
}

function invalidType(value: unknown, expected: string, path: WirePath): Failure {
  return { rule: `invalid type: ${kindOf(value)}, expected ${expected}`, path }
}

/** What a schema expects, in serde's words. */
function describe(schema: z.ZodType): string {
  const text = expectedText(schema)
  if (text) return text
  const info = wireEnumInfo(schema)
  if (info) return enumExpectation(info)
  const def = defOf(schema)
  switch (def.type) {
    case 'string':
      return 'a string'
    case 'number':
      return 'a number'
    case 'boolean':
      return 'a boolean'
    case 'null':
      return 'null'
    case 'literal':
      return (def.values as unknown[]).map((v) => JSON.stringify(v)).join(' or ')
    case 'enum':
      return `one of ${Object.values(def.entries as Record<string, string>)
        .map((v) => `\`${v}\``)
        .join(', ')}`
    case 'object':
      return 'a map'
    case 'array':
      return 'a sequence'
    case 'tuple':
      return `a tuple of size ${(def.items as unknown[]).length}`
    case 'optional':
    case 'nullable':
      return `${describe(def.innerType as z.ZodType)} or null`
    default:
      return 'a valid value'
  }
}

function enumExpectation(info: WireEnumInfo): string {
  const hasUnits = info.unitVariants.length > 0
  const hasData = Object.keys(info.variants).length > 0
  if (hasUnits && hasData) return 'a string or a map with a single key'
  if (hasUnits) return 'a string'
  return 'a map with a single key'
}

/** Accepts any value the leaf schema accepts; reports zod's first issue otherwise. */
function leafCheck(schema: z.ZodType, value: unknown, path: WirePath): Failure | undefined {
  const r = schema.safeParse(value)
  if (r.success) return undefined
  const issue = r.error.issues[0]!
  return { rule: issue.message, path: [...path, ...(issue.path as WirePath)] }
}

function hasChecks(def: Def): boolean {
  return Array.isArray(def.checks) && def.checks.length > 0
}

function walk(schema: z.ZodType, value: unknown, path: WirePath): Failure | undefined {
  const info = wireEnumInfo(schema)
  if (info) return walkEnum(info, value, path)
  const def = defOf(schema)
  switch (def.type) {
    case 'optional':
      return value === undefined ? undefined : walk(def.innerType as z.ZodType, value, path)
    case 'nullable':
      return value === null ? undefined : walk(def.innerType as z.ZodType, value, path)
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
    case 'catch':
      return walk(def.innerType as z.ZodType, value, path)
    case 'lazy':
      return walk((def.getter as () => z.ZodType)(), value, path)
    case 'pipe':
      return walk(def.in as z.ZodType, value, path) ?? leafCheck(schema, value, path)
    case 'any':
    case 'unknown':
      return undefined
    case 'object':
      return walkObject(schema, def, value, path)
    case 'array': {
      if (!Array.isArray(value)) return invalidType(value, describe(schema), path)
      const element = def.element as z.ZodType
      for (let i = 0; i < value.length; i++) {
        const f = walk(element, value[i], [...path, i])
        if (f) return f
      }
      return hasChecks(def) ? leafCheck(schema, value, path) : undefined
    }
    case 'tuple': {
      if (!Array.isArray(value)) return invalidType(value, describe(schema), path)
      const items = def.items as z.ZodType[]
      if (value.length !== items.length && !def.rest) {
        return { rule: `invalid length ${value.length}, expected a tuple of size ${items.length}`, path }
      }
      for (let i = 0; i < items.length; i++) {
        const f = walk(items[i]!, value[i], [...path, i])
        if (f) return f
      }
      return hasChecks(def) ? leafCheck(schema, value, path) : undefined
    }
    case 'record': {
      if (!isMap(value)) return invalidType(value, 'a map', path)
      for (const [k, v] of Object.entries(value)) {
        const f = walk(def.valueType as z.ZodType, v, [...path, k])
        if (f) return f
      }
      return leafCheck(schema, value, path)
    }
    case 'union':
      return walkUnion(schema, def, value, path)
    case 'enum': {
      if (typeof value !== 'string') return invalidType(value, 'a string', path)
      const names = Object.values(def.entries as Record<string, string>)
      if (!names.includes(value))
        return { rule: `unknown variant \`${value}\`, ${oneOf(names, 'there are no variants')}`, path }
      return leafCheck(schema, value, path)
    }
    case 'literal': {
      const values = def.values as unknown[]
      if (!values.includes(value)) {
        if (!values.some((v) => typeof v === typeof value)) return invalidType(value, describe(schema), path)
        return { rule: `invalid value: ${JSON.stringify(value)}, expected ${describe(schema)}`, path }
      }
      return undefined
    }
    case 'string':
      return typeof value === 'string'
        ? leafCheck(schema, value, path)
        : invalidType(value, describe(schema), path)
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
        ? leafCheck(schema, value, path)
        : invalidType(value, describe(schema), path)
    case 'boolean':
      return typeof value === 'boolean' ? undefined : invalidType(value, 'a boolean', path)
    case 'null':
      return value === null ? undefined : invalidType(value, 'null', path)
    case 'never':
      return { rule: `invalid value: ${kindOf(value)}, nothing is accepted here`, path }
    default:
      return leafCheck(schema, value, path)
  }
}

function walkObject(schema: z.ZodType, def: Def, value: unknown, path: WirePath): Failure | undefined {
  if (!isMap(value)) return invalidType(value, describe(schema), path)
  const shape = def.shape as Record<string, z.ZodType>
  const fields = Object.keys(shape)
  const catchall = def.catchall as z.ZodType | undefined
  const strict = catchall !== undefined && defOf(catchall).type === 'never'
  for (const [k, v] of Object.entries(value)) {
    const field = Object.hasOwn(shape, k) ? shape[k] : undefined
    if (!field) {
      if (strict) return { rule: `unknown field \`${k}\`, ${oneOf(fields, 'there are no fields')}`, path }
      continue
    }
    if (v === undefined) continue
    const f = walk(field, v, [...path, k])
    if (f) return f
  }
  for (const k of fields) {
    const present = Object.hasOwn(value, k) && value[k] !== undefined
    if (!present && !isOptional(shape[k]!)) return { rule: `missing field \`${k}\``, path }
  }
  return hasChecks(def) ? leafCheck(schema, value, path) : undefined
}

function isOptional(schema: z.ZodType): boolean {
  return (schema as unknown as { _zod: { optin?: string } })._zod.optin === 'optional'
}

function walkUnion(schema: z.ZodType, def: Def, value: unknown, path: WirePath): Failure | undefined {
  const options = def.options as z.ZodType[]
  if (options.some((o) => o.safeParse(value).success))
    return hasChecks(def) ? leafCheck(schema, value, path) : undefined
  // Untagged: descend into the single option whose JSON type fits, else report them all.
  const fitting = options.filter((o) => fitsKind(o, value))
  if (fitting.length === 1) return walk(fitting[0]!, value, path)
  return {
    rule: `data did not match any variant of untagged enum, expected ${options.map(describe).join(' or ')}`,
    path,
  }
}

function fitsKind(schema: z.ZodType, value: unknown): boolean {
  if (wireEnumInfo(schema)) return typeof value === 'string' || isMap(value)
  const def = defOf(schema)
  switch (def.type) {
    case 'optional':
      return value === undefined || fitsKind(def.innerType as z.ZodType, value)
    case 'nullable':
      return value === null || fitsKind(def.innerType as z.ZodType, value)
    case 'string':
    case 'enum':
      return typeof value === 'string'
    case 'number':
      return typeof value === 'number'
    case 'boolean':
      return typeof value === 'boolean'
    case 'null':
      return value === null
    case 'literal':
      return (def.values as unknown[]).some((v) => typeof v === typeof value)
    case 'object':
    case 'record':
      return isMap(value)
    case 'array':
    case 'tuple':
      return Array.isArray(value)
    default:
      return true
  }
}

function variantKind(schema: z.ZodType): string {
  const t = defOf(schema).type
  return t === 'object' ? 'struct variant' : t === 'tuple' ? 'tuple variant' : 'newtype variant'
}

function ownVariant(info: WireEnumInfo, name: string): z.ZodType | undefined {
  return Object.hasOwn(info.variants, name) ? info.variants[name] : undefined
}

function walkEnum(info: WireEnumInfo, value: unknown, path: WirePath): Failure | undefined {
  const dataNames = Object.keys(info.variants)
  const all = [...info.unitVariants, ...dataNames]
  const unknown = (name: string): Failure => ({
    rule: `unknown variant \`${name}\`, ${oneOf(all, 'there are no variants')}`,
    path,
  })
  if (typeof value === 'string') {
    if (info.unitVariants.includes(value)) return undefined
    const body = ownVariant(info, value)
    if (body) {
      return {
        rule: `invalid type: unit variant, expected ${variantKind(body)} (write \`${value}\` as a map {"${value}": …})`,
        path,
      }
    }
    return unknown(value)
  }
  if (isMap(value)) {
    const keys = Object.keys(value)
    if (keys.length !== 1) {
      return { rule: `invalid value: a map with ${keys.length} keys, expected a map with a single key`, path }
    }
    const name = keys[0]!
    const body = ownVariant(info, name)
    if (body) return walk(body, value[name], [...path, name])
    if (info.unitVariants.includes(name)) {
      return {
        rule: `invalid type: map, expected unit variant \`${name}\` written as the string "${name}"`,
        path,
      }
    }
    return unknown(name)
  }
  return invalidType(value, enumExpectation(info), path)
}
