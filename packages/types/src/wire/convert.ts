/**
 * Lossless conversion between the wire's RebalancerData / RebalancerUpdateData
 * (wire-formats.md, "Account") and the typed domain {@link RebalancerConfig}
 * (portfolio-computer.md, "Configuration"), and the base64 JSON that carries them.
 * Browser-safe: no `Buffer`.
 */
import { fromUtf8, toBase64 } from '@cosmjs/encoding'
import { Dec } from '../dec.js'
import type { Denom, PidGains, RebalancerConfig, Target, TargetOverrideStrategy } from '../domain.js'
import { parseWire, WireError } from './parse.js'
import { Binary, binaryBytes } from './primitives.js'
import { type PidWire, RebalancerData, RebalancerUpdateData, type TargetWire } from './rebalancer.js'

/**
 * `max_limit_bps` when absent or null (portfolio-computer.md, "Configuration": "absent = 10000")
 * (wire-formats.md, "Account").
 */
export const DEFAULT_MAX_LIMIT_BPS = 10000

/**
 * The one map from the typed configuration's field names (portfolio-computer.md,
 * "Configuration") to the wire's RebalancerData / RebalancerUpdateData names (wire-formats.md,
 * "Account"); fields not listed (`denom`, `bps`, `pid`, `p`, `i`, `d`, `targets`, `trustee`)
 * have the same name on both sides.
 */
export const CONFIG_WIRE_FIELD_NAMES: Readonly<Record<string, string>> = Object.freeze({
  baseDenom: 'base_denom',
  minBalance: 'min_balance',
  maxLimitBps: 'max_limit_bps',
  targetOverrideStrategy: 'target_override_strategy',
})

/**
 * A path into the typed configuration (`['targets', 0, 'minBalance']`) → the same path with the
 * wire's field names (`['targets', 0, 'min_balance']`), through {@link CONFIG_WIRE_FIELD_NAMES}.
 */
export function configPathToWire(path: readonly (string | number)[]): (string | number)[] {
  return path.map((p) => (typeof p === 'string' ? (CONFIG_WIRE_FIELD_NAMES[p] ?? p) : p))
}

function targetFromWire(t: TargetWire): Target {
  const target: Target = { denom: t.denom, bps: t.bps }
  if (t.min_balance !== null && t.min_balance !== undefined) target.minBalance = BigInt(t.min_balance)
  return target
}

function targetToWire(t: Target): TargetWire {
  return {
    denom: t.denom,
    bps: t.bps,
    min_balance: t.minBalance === undefined ? null : t.minBalance.toString(),
  }
}

function pidFromWire(p: PidWire): PidGains {
  return { p: Dec.parse(p.p), i: Dec.parse(p.i), d: Dec.parse(p.d) }
}

function pidToWire(p: PidGains): PidWire {
  return { p: p.p.toString(), i: p.i.toString(), d: p.d.toString() }
}

/**
 * Wire RebalancerData (wire-formats.md, "Account") → typed {@link RebalancerConfig}: decimals
 * to {@link Dec}, `min_balance` to `bigint`, `max_limit_bps` absent/null → 10000, `trustee`
 * null → undefined. Target order is kept. Expects data decoded with
 * `parseWire(RebalancerData, …)`; it does not apply the configuration rules
 * (those are `configProblems` in @rebalancer/core).
 */
export function rebalancerDataToConfig(wire: RebalancerData): RebalancerConfig {
  const config: RebalancerConfig = {
    baseDenom: wire.base_denom,
    targets: wire.targets.map(targetFromWire),
    pid: pidFromWire(wire.pid),
    maxLimitBps: wire.max_limit_bps ?? DEFAULT_MAX_LIMIT_BPS,
    targetOverrideStrategy: wire.target_override_strategy,
  }
  if (wire.trustee !== null && wire.trustee !== undefined) config.trustee = wire.trustee
  return config
}

/**
 * Typed {@link RebalancerConfig} → wire RebalancerData JSON (wire-formats.md, "Account"), in
 * the spec's field order with every field present (`trustee` and `min_balance` `null` when
 * unset, `max_limit_bps` a number, decimals in the chain's shortest form).
 * @throws WireError when the config cannot be written on the wire (a negative or too precise
 * gain, a negative amount, a malformed denom or address).
 */
export function configToRebalancerData(config: RebalancerConfig): RebalancerData {
  const data = {
    trustee: config.trustee ?? null,
    base_denom: config.baseDenom,
    targets: config.targets.map(targetToWire),
    pid: pidToWire(config.pid),
    max_limit_bps: config.maxLimitBps,
    target_override_strategy: config.targetOverrideStrategy,
  }
  return parseWire(RebalancerData, data, 'RebalancerData')
}

/** Set or clear an optional setting; absent means keep (wire-formats.md, "Account", RebalancerUpdateData). */
export type OptionalUpdate<T> = { set: T } | 'clear'

/**
 * A typed configuration update (the domain form of RebalancerUpdateData, wire-formats.md,
 * "Account"): every field optional; an absent field keeps the stored value. `targets`
 * undefined (or empty) keeps the targets; `trustee` / `maxLimitBps` take `{set}` or `'clear'`
 * (`maxLimitBps: 'clear'` restores the default 10000).
 */
export interface RebalancerUpdate {
  trustee?: OptionalUpdate<string> | undefined
  baseDenom?: Denom | undefined
  targets?: readonly Target[] | undefined
  pid?: PidGains | undefined
  maxLimitBps?: OptionalUpdate<number> | undefined
  targetOverrideStrategy?: TargetOverrideStrategy | undefined
}

/**
 * Typed {@link RebalancerUpdate} → wire RebalancerUpdateData JSON (wire-formats.md, "Account"):
 * unset fields are omitted, `targets` is always present (`[]` keeps them).
 * @throws WireError when a value cannot be written on the wire.
 */
export function updateToWire(update: RebalancerUpdate): RebalancerUpdateData {
  const data: Record<string, unknown> = {}
  if (update.trustee !== undefined) data.trustee = update.trustee
  if (update.baseDenom !== undefined) data.base_denom = update.baseDenom
  data.targets = (update.targets ?? []).map(targetToWire)
  if (update.pid !== undefined) data.pid = pidToWire(update.pid)
  if (update.maxLimitBps !== undefined) data.max_limit_bps = update.maxLimitBps
  if (update.targetOverrideStrategy !== undefined)
    data.target_override_strategy = update.targetOverrideStrategy
  return parseWire(RebalancerUpdateData, data, 'RebalancerUpdateData')
}

/**
 * Wire RebalancerUpdateData (wire-formats.md, "Account") → typed {@link RebalancerUpdate}:
 * absent and `null` fields become undefined, `targets: []` becomes undefined.
 */
export function updateFromWire(wire: RebalancerUpdateData): RebalancerUpdate {
  const update: RebalancerUpdate = {}
  if (wire.trustee !== null && wire.trustee !== undefined) {
    update.trustee = wire.trustee === 'clear' ? 'clear' : { set: wire.trustee.set }
  }
  if (wire.base_denom !== null && wire.base_denom !== undefined) update.baseDenom = wire.base_denom
  if (wire.targets.length > 0) update.targets = wire.targets.map(targetFromWire)
  if (wire.pid !== null && wire.pid !== undefined) update.pid = pidFromWire(wire.pid)
  if (wire.max_limit_bps !== null && wire.max_limit_bps !== undefined) {
    update.maxLimitBps = wire.max_limit_bps === 'clear' ? 'clear' : { set: wire.max_limit_bps.set }
  }
  if (wire.target_override_strategy !== null && wire.target_override_strategy !== undefined) {
    update.targetOverrideStrategy = wire.target_override_strategy
  }
  return update
}

/**
 * The JSON text of base64 strings this module encoded recently: a valence event or a message is
 * usually decoded right after it was encoded (the localnet's contracts encode, the keeper and
 * the simulator decode), so decoding it is one `JSON.parse` of its known text. Our own base64 is
 * canonical and its text valid UTF-8, so the answer is what the full decoding gives. Bounded:
 * emptied when it reaches {@link ENCODED_CACHE_SIZE} entries.
 */
const ENCODED = new Map<string, string>()
const ENCODED_CACHE_SIZE = 2048
const UTF8 = new TextEncoder()

/**
 * JSON → base64 of its UTF-8 text (wire-formats.md, "Account":
 * `"data":"<base64 of RebalancerData JSON>"`; also a CosmosMsg's `"msg":"<base64 JSON>"`).
 * Works in browsers (no `Buffer`).
 */
export function encodeServiceData(value: unknown): string {
  const text = JSON.stringify(value)
  const b64 = toBase64(UTF8.encode(text))
  if (ENCODED.size >= ENCODED_CACHE_SIZE) ENCODED.clear()
  ENCODED.set(b64, text)
  return b64
}

/**
 * base64 of JSON text → the JSON value (wire-formats.md, "Account"); the inverse of
 * {@link encodeServiceData}. Always a fresh value.
 * @throws WireError when the text is not canonical base64, not UTF-8, or not JSON.
 */
export function decodeServiceData(b64: string): unknown {
  const known = typeof b64 === 'string' ? ENCODED.get(b64) : undefined
  if (known !== undefined) return JSON.parse(known)
  const bytes = parseWire(Binary, b64, 'Binary')
  let text: string
  try {
    text = fromUtf8(binaryBytes(bytes))
  } catch (e) {
    throw new WireError('Binary', `invalid UTF-8 in base64 data (${(e as Error).message})`, [])
  }
  try {
    return JSON.parse(text)
  } catch (e) {
    throw new WireError('Binary', `base64 data is not JSON (${(e as Error).message})`, [])
  }
}

/**
 * Alias of {@link encodeServiceData} under cosmwasm's name (wire-formats.md, "DAO DAO": `"msg":"<base64
 * JSON>"`).
 */
export const toJsonBinary = encodeServiceData
/** Alias of {@link decodeServiceData} under cosmwasm's name (wire-formats.md, "DAO DAO"). */
export const fromJsonBinary = decodeServiceData

/**
 * Decodes `register_to_service`'s `data` (wire-formats.md, "Account"): base64 JSON →
 * RebalancerData.
 * @throws WireError naming the path and the rule.
 */
export function decodeRebalancerData(b64: string): RebalancerData {
  return parseWire(RebalancerData, decodeServiceData(b64), 'RebalancerData')
}

/**
 * Decodes `update_service`'s `data` (wire-formats.md, "Account"): base64 JSON →
 * RebalancerUpdateData.
 * @throws WireError naming the path and the rule.
 */
export function decodeRebalancerUpdateData(b64: string): RebalancerUpdateData {
  return parseWire(RebalancerUpdateData, decodeServiceData(b64), 'RebalancerUpdateData')
}
