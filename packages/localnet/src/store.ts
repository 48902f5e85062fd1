/**
 * The localnet's state: one key-value map, written through stacked layers so that a
 * transaction (and a non-atomic sub-message inside it) either commits whole or leaves no trace,
 * as a failed transaction does on a chain.
 *
 * Values are treated as immutable: code reads a value and writes a new one, never mutating
 * what it read. That makes a layer's commit a map merge and a snapshot a shallow copy.
 */

const DELETED: unique symbol = Symbol('deleted')
type Slot = unknown | typeof DELETED

/** Read/write access to the state. */
export interface KV {
  get<T>(key: string): T | undefined
  has(key: string): boolean
  set(key: string, value: unknown): void
  delete(key: string): void
}

/** The committed state. */
export class BaseStore implements KV {
  readonly map: Map<string, unknown>
  constructor(map?: Map<string, unknown>) {
    this.map = map ?? new Map()
  }
  get<T>(key: string): T | undefined {
    return this.map.get(key) as T | undefined
  }
  has(key: string): boolean {
    return this.map.has(key)
  }
  set(key: string, value: unknown): void {
    this.map.set(key, value)
  }
  delete(key: string): void {
    this.map.delete(key)
  }
  /** A copy that shares the (immutable) values. */
  snapshot(): Map<string, unknown> {
    return new Map(this.map)
  }
}

/** Writes buffered over a parent until {@link Layer.commit}; dropped by simply discarding. */
export class Layer implements KV {
  private readonly writes = new Map<string, Slot>()
  constructor(private readonly parent: KV) {}
  get<T>(key: string): T | undefined {
    // most layers (every query's, a transaction's until it writes) have nothing buffered
    if (this.writes.size === 0) return this.parent.get<T>(key)
    // one lookup for the common case (a buffered value); `has` only tells a stored undefined
    const v = this.writes.get(key)
    if (v !== undefined || this.writes.has(key)) return (v === DELETED ? undefined : v) as T | undefined
    return this.parent.get<T>(key)
  }
  has(key: string): boolean {
    if (this.writes.size === 0) return this.parent.has(key)
    const v = this.writes.get(key)
    if (v !== undefined || this.writes.has(key)) return v !== DELETED
    return this.parent.has(key)
  }
  set(key: string, value: unknown): void {
    this.writes.set(key, value)
  }
  delete(key: string): void {
    this.writes.set(key, DELETED)
  }
  /** Applies every buffered write to the parent. */
  commit(): void {
    for (const [k, v] of this.writes) {
      if (v === DELETED) this.parent.delete(k)
      else this.parent.set(k, v)
    }
    this.writes.clear()
  }
}

/**
 * Joins two parts of a key, giving the same string object for the same parts while it is
 * cached: a fresh concatenation must be flattened and hashed at every map lookup, a kept one
 * carries its hash (contracts read the same few keys over and over). Each cache is emptied when
 * it reaches {@link KEY_CACHE_SIZE} entries.
 */
export function joinKey(first: string, second: string): string {
  let byFirst = JOINED.get(first)
  if (byFirst === undefined) {
    if (JOINED.size >= KEY_CACHE_SIZE) JOINED.clear()
    byFirst = new Map()
    JOINED.set(first, byFirst)
  }
  let key = byFirst.get(second)
  if (key === undefined) {
    if (byFirst.size >= KEY_CACHE_SIZE) byFirst.clear()
    key = first + second
    byFirst.set(second, key)
  }
  return key
}
const JOINED = new Map<string, Map<string, string>>()
const KEY_CACHE_SIZE = 4096

/** A view of a KV under a key prefix (one contract's storage). */
export class Prefixed implements KV {
  constructor(
    private readonly kv: KV,
    private readonly prefix: string,
  ) {}
  get<T>(key: string): T | undefined {
    return this.kv.get<T>(joinKey(this.prefix, key))
  }
  has(key: string): boolean {
    return this.kv.has(joinKey(this.prefix, key))
  }
  set(key: string, value: unknown): void {
    this.kv.set(joinKey(this.prefix, key), value)
  }
  delete(key: string): void {
    this.kv.delete(joinKey(this.prefix, key))
  }
}

/**
 * A sorted set of strings stored as one immutable array value (for iteration in ascending
 * order, as the chain iterates map keys). Insert and remove copy the array: O(n), which is
 * what keeps every stored value immutable.
 */
export const sortedSet = {
  insert(kv: KV, key: string, item: string): boolean {
    const arr = kv.get<readonly string[]>(key) ?? []
    const i = lowerBound(arr, item)
    if (arr[i] === item) return false
    kv.set(key, [...arr.slice(0, i), item, ...arr.slice(i)])
    return true
  },
  remove(kv: KV, key: string, item: string): boolean {
    const arr = kv.get<readonly string[]>(key) ?? []
    const i = lowerBound(arr, item)
    if (arr[i] !== item) return false
    kv.set(key, [...arr.slice(0, i), ...arr.slice(i + 1)])
    return true
  },
  list(kv: KV, key: string): readonly string[] {
    return kv.get<readonly string[]>(key) ?? []
  },
  /** Items strictly after `startAfter` (all when null), at most `limit`. */
  page(kv: KV, key: string, startAfter: string | null | undefined, limit: number): readonly string[] {
    const arr = kv.get<readonly string[]>(key) ?? []
    const from = startAfter == null ? 0 : upperBound(arr, startAfter)
    return arr.slice(from, from + limit)
  },
}

/** First index whose item is ≥ x (code-unit order, as the chain's byte order for ASCII keys). */
export function lowerBound(arr: readonly string[], key: string): number {
  let lo = 0
  let hi = arr.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (arr[mid]! < key) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** First index whose item is > x. */
export function upperBound(arr: readonly string[], key: string): number {
  let lo = 0
  let hi = arr.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (arr[mid]! <= key) lo = mid + 1
    else hi = mid
  }
  return lo
}
