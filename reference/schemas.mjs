// Test support for the deployed contracts' published JSON schemas (valence-services-v0.1.6/, see its
// SOURCES.md). Used by the real-schema tests of @rebalancer/types, @rebalancer/adapters and
// @rebalancer/localnet (issue #9, section 2). Plain JavaScript with a .d.mts beside it, so that
// every package's tests can import it without crossing a TypeScript rootDir.
//
// loadReferenceSchemas() applies, in one visible place, the deliberate corrections to the
// published files (each checked against the Rust sources at tag v0.1.6; docs/wire-formats.md,
// "Deliberate differences from the deployed contracts"):
//   1. four unit variants became struct variants `{}` at v0.1.6 (`msg.rs`), but the schema files
//      were generated before: rebalancer `approve_admin_change`, and `cancel_admin_change` in the
//      rebalancer's, the services manager's and the auctions manager's `admin` messages;
//   2. Rust `u128` fields (ChainHaltConfig.cap) are JSON integers for schemars, but strings for
//      serde-json-wasm 0.5.2, the contracts' JSON codec;
//   3. services manager `get_rebalancer_config` is declared `#[returns(Addr)]`, but the contract
//      answers the rebalancer's `RebalancerConfig` (it forwards `get_config`).
//
// generateInstances() walks a schema (oneOf / anyOf / allOf / $ref / properties / tuples) and
// returns instances that together cover every variant of every enum at every depth, in three
// passes: optional fields present, absent, and null. Strings are given meaning from the field or
// definition name (bech32 addresses, denoms, decimals, base64), and scalars rotate through the
// forms serde-json-wasm reads (leading zeros, unpadded base64, u64 numbers above 2^53).
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const DIR = join(dirname(fileURLToPath(import.meta.url)), 'valence-services-v0.1.6')

/** The six contracts, by the file names of the published schemas. */
export const CONTRACTS = [
  'valence-account',
  'services-manager',
  'rebalancer',
  'auctions-manager',
  'auction',
  'price-oracle',
]

/** The four unit variants that are `{}` struct variants at v0.1.6: [file, definition or null (root execute), name]. */
export const STRUCT_VARIANTS_AT_V016 = [
  ['rebalancer', null, 'approve_admin_change'],
  ['rebalancer', 'RebalancerAdminMsg', 'cancel_admin_change'],
  ['services-manager', 'ServicesManagerAdminMsg', 'cancel_admin_change'],
  ['auctions-manager', 'AdminMsgs', 'cancel_admin_change'],
]

/** Turns the bare-string variant `name` of the enum schema `e` into a struct variant `{}`. */
function toStructVariant(e, name) {
  const i = e.oneOf.findIndex((o) => Array.isArray(o.enum) && o.enum.includes(name))
  if (i < 0) throw new Error(`patch: no unit variant ${name}`)
  const unit = e.oneOf[i]
  const rest = unit.enum.filter((n) => n !== name)
  const struct = {
    type: 'object',
    required: [name],
    properties: { [name]: { type: 'object', additionalProperties: false } },
    additionalProperties: false,
  }
  if (rest.length === 0) e.oneOf.splice(i, 1, struct)
  else e.oneOf.splice(i, 1, { ...unit, enum: rest }, struct)
}

/** Replaces every `{"type":"integer","format":"uint128"}` by a digit string, in place. */
function u128AsString(x) {
  if (Array.isArray(x)) {
    for (const v of x) u128AsString(v)
    return
  }
  if (x === null || typeof x !== 'object') return
  if (x.format === 'uint128') {
    delete x.format
    delete x.minimum
    x.type = 'string'
    x.pattern = '^\\+?[0-9]+$'
  }
  for (const v of Object.values(x)) u128AsString(v)
}

/**
 * The published schema files of the six contracts, with the three corrections above applied.
 * @returns {Record<string, any>} by file name (`rebalancer`, `services-manager`, …)
 */
export function loadReferenceSchemas() {
  const out = {}
  for (const c of CONTRACTS) out[c] = JSON.parse(readFileSync(join(DIR, `${c}.json`), 'utf8'))
  for (const [file, def, name] of STRUCT_VARIANTS_AT_V016) {
    const s = out[file]
    toStructVariant(def === null ? s.execute : s.execute.definitions[def], name)
  }
  for (const c of CONTRACTS) u128AsString(out[c])
  const config = out.rebalancer.responses.get_config
  out['services-manager'].responses.get_rebalancer_config = structuredClone(config)
  return out
}

/** The published files exactly as stored (no correction), for the tests that show the corrections. */
export function loadPublishedSchemas() {
  const out = {}
  for (const c of CONTRACTS) out[c] = JSON.parse(readFileSync(join(DIR, `${c}.json`), 'utf8'))
  return out
}

/**
 * The integer formats of the published schemas, for `ajv.addFormat(name, def)`: schemars writes
 * `uint64` / `uint32` (and `uint128`, which the corrections above turn into strings).
 */
export const AJV_FORMATS = {
  uint64: { type: 'number', validate: (n) => Number.isInteger(n) && n >= 0 && n <= 2 ** 64 },
  uint32: { type: 'number', validate: (n) => Number.isInteger(n) && n >= 0 && n <= 2 ** 32 - 1 },
  uint128: { type: 'number', validate: (n) => Number.isInteger(n) && n >= 0 },
}

// ------------------------------------------------------------------------------------------------
// Instance generation

/** Addresses of the localnet's prefix (valid bech32; any prefix is accepted by the chain's schema). */
const ADDRESSES = [
  'neutron1qyqszqgpqyqszqgpqyqszqgpqyqszqgpkvguhm',
  'neutron1gantvpnat0la8kkkzrnj48d5d8wxdjllh5r2w4r2hcrpwy00s69quypupa',
]
const DENOMS = ['uatom', 'untrn']
const U128S = ['1000000', '0001000000']
const TIMESTAMPS = ['1704067200000000000', '01704067200000000000']
const DECIMALS = ['1.5', '0.25']
const SIGNED_DECIMALS = ['-0.5', '1.5']
const U64S = [5, 2 ** 60]
const U32S = [3, 2 ** 32 - 1]
/** A RebalancerData that a whitelist of uatom/untrn accepts, for `data` binaries. */
const REBALANCER_DATA = {
  trustee: null,
  base_denom: 'uatom',
  targets: [
    { denom: 'uatom', bps: 5000, min_balance: null },
    { denom: 'untrn', bps: 5000, min_balance: null },
  ],
  pid: { p: '0.1', i: '0', d: '0' },
  max_limit_bps: 500,
  target_override_strategy: 'proportional',
}
const UPDATE_DATA = { targets: [] }

function b64(text, padded) {
  const s = Buffer.from(text).toString('base64')
  return padded ? s : s.replace(/=+$/, '')
}

const ADDRESS_KEY = /(^|_)(addr|address|account|trustee|receiver|pauser|sender|admin|for|manager)$/

/** A string for the field `key` (or the definition `ref`), covering the forms the chain reads. */
function strings(ctx) {
  const key = ctx.key ?? ''
  const up = ctx.parentKey ?? ''
  if (ctx.ref === 'Uint128') return U128S
  if (ctx.ref === 'Uint64' || ctx.ref === 'Timestamp') return TIMESTAMPS
  if (ctx.ref === 'Decimal') return DECIMALS
  if (ctx.ref === 'SignedDecimal') return SIGNED_DECIMALS
  if (ctx.ref === 'Binary') {
    if (key === 'data' && up === 'register_to_service')
      return [b64(JSON.stringify(REBALANCER_DATA), true), b64(JSON.stringify(REBALANCER_DATA), false)]
    if (key === 'data' && up === 'update_service')
      return [b64(JSON.stringify(UPDATE_DATA), true), b64(JSON.stringify(UPDATE_DATA), false)]
    return [b64('{}', true), b64('{}', false)]
  }
  if (ctx.ref === 'Addr' || ADDRESS_KEY.test(key) || (key === 'set' && up === 'trustee')) return ADDRESSES
  if (key === 'start_after') return ADDRESSES // rebalancer get_all_configs (an address)
  if (key === 'start_from') return ['rebalancer', 'a'] // services manager get_all_services (a name)
  if (up === 'pid') return DECIMALS // the PID gains: `String`s the contract parses as decimals
  if (/denom|min_auction_amount/.test(key) || /denom/.test(up) || key === 'to_add' || key === 'to_remove')
    return DENOMS
  if (key === 'chain_id') return ['neutron-1']
  if (key === 'type_url') return ['/cosmos.bank.v1beta1.MsgSend']
  return ['text', 'other text']
}

function isNull(s) {
  return s && (s.type === 'null' || (Array.isArray(s.type) && s.type.length === 1 && s.type[0] === 'null'))
}

function nullable(s) {
  if (!s) return false
  if (Array.isArray(s.type) && s.type.includes('null')) return true
  const alts = s.anyOf ?? s.oneOf
  return Array.isArray(alts) && alts.some(isNull)
}

function resolve(root, ref) {
  const name = ref.replace('#/definitions/', '')
  const def = root.definitions?.[name]
  if (!def) throw new Error(`unresolved ${ref}`)
  return [name, def]
}

/** Every value of the lists, spread so that each appears: n = max length, entry i takes i mod len. */
function zip(lists, make) {
  const n = Math.max(1, ...lists.map((l) => l.length))
  const out = []
  for (let i = 0; i < n; i++) out.push(make(lists.map((l) => l[i % l.length])))
  return out
}

function gen(schema, ctx) {
  const { root, mode } = ctx
  if (schema.$ref) {
    const [name, def] = resolve(root, schema.$ref)
    if (name === 'Pair')
      return [
        ['uatom', 'untrn'],
        ['untrn', 'uatom'],
      ]
    if (['Addr', 'Uint128', 'Uint64', 'Timestamp', 'Decimal', 'SignedDecimal', 'Binary'].includes(name))
      return strings({ ...ctx, ref: name })
    return gen(def, { ...ctx, ref: name })
  }
  if (schema.allOf) return gen(schema.allOf[0], ctx)
  const alts = schema.oneOf ?? schema.anyOf
  if (alts) {
    const nonNull = alts.filter((a) => !isNull(a))
    const out = nonNull.flatMap((a) => gen(a, ctx))
    if (nonNull.length < alts.length && mode === 'null') out.push(null)
    return out
  }
  if (Array.isArray(schema.enum)) return [...schema.enum]
  const types = Array.isArray(schema.type) ? schema.type : [schema.type]
  const type = types.find((t) => t !== 'null')
  const orNull = (values) => (types.includes('null') && mode === 'null' ? [...values, null] : values)
  switch (type) {
    case 'string':
      return orNull(schema.pattern ? U128S : strings(ctx))
    case 'integer':
      return orNull(schema.format === 'uint32' ? U32S : U64S)
    case 'boolean':
      return orNull([true, false])
    case 'array': {
      if (Array.isArray(schema.items)) {
        const lists = schema.items.map((it, i) =>
          gen(it, { ...ctx, parentKey: ctx.key, key: `${ctx.key}[${i}]` }),
        )
        return orNull(zip(lists, (vs) => vs))
      }
      const items = gen(schema.items ?? {}, { ...ctx, parentKey: ctx.key })
      if (schema.minItems !== undefined && schema.minItems === schema.maxItems) {
        // a fixed-size array ([Uint128; 2]): every item appears at some position
        const n = schema.minItems
        return orNull(zip([items], ([first]) => Array.from({ length: n }, () => first)))
      }
      // Arrays of up to 8 covering items each (together every item), and an empty one.
      const arrays = []
      for (let i = 0; i < items.length; i += 8) arrays.push(items.slice(i, i + 8))
      return orNull([...arrays, []])
    }
    case 'object': {
      const props = schema.properties ?? {}
      const required = new Set(schema.required ?? [])
      const keys = Object.keys(props).filter(
        (k) => required.has(k) || mode === 'full' || (mode === 'null' && nullable(props[k])),
      )
      const lists = keys.map((k) =>
        !required.has(k) && mode === 'null'
          ? [null]
          : gen(props[k], { ...ctx, ref: undefined, parentKey: ctx.key, key: k }),
      )
      return orNull(zip(lists, (vs) => Object.fromEntries(keys.map((k, i) => [k, vs[i]]))))
    }
    case 'null':
      return [null]
    default:
      return [{}]
  }
}

/**
 * Instances of `schema` covering every enum variant at every depth, with optional fields present,
 * absent, and `null`. `definitions` are taken from `schema` itself (each published message schema
 * carries its own).
 * @returns {unknown[]} distinct JSON values
 */
export function generateInstances(schema) {
  const seen = new Map()
  // A whole answer may itself be a named scalar (`get_admin` → `Addr`).
  const ref = ['Addr', 'Uint128', 'Decimal', 'Timestamp'].includes(schema.title) ? schema.title : undefined
  for (const mode of ['full', 'absent', 'null']) {
    for (const v of gen(schema, { root: schema, mode, ref })) {
      const k = JSON.stringify(v)
      if (!seen.has(k)) seen.set(k, v)
    }
  }
  return [...seen.values()]
}

/** The name of the variant of an externally tagged enum value (`"get_admin"` or `{"bid":{}}` → `bid`). */
export function variantOf(value) {
  return typeof value === 'string' ? value : Object.keys(value)[0]
}

/** Every variant name of an enum message schema (top-level oneOf / anyOf). */
export function variantNames(schema) {
  if (Array.isArray(schema.enum)) return [...schema.enum]
  return (schema.oneOf ?? schema.anyOf ?? []).flatMap((o) => (o.enum ? o.enum : (o.required ?? [])))
}

/**
 * A validator against the reference schemas: `(schema, value) => errors` (empty when valid), with
 * the integer formats added and each schema compiled once. `value` goes through a JSON round trip
 * first: what the chain receives is the JSON text. `Ajv` is passed in, so this file needs no
 * dependency of its own.
 */
export function schemaValidator(Ajv) {
  const ajv = new Ajv({ strict: false, allErrors: true })
  for (const [name, def] of Object.entries(AJV_FORMATS)) ajv.addFormat(name, def)
  const compiled = new Map()
  return (schema, value) => {
    let validate = compiled.get(schema)
    if (!validate) {
      validate = ajv.compile(schema)
      compiled.set(schema, validate)
    }
    return validate(JSON.parse(JSON.stringify(value)))
      ? []
      : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`)
  }
}
