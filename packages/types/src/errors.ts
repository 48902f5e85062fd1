/**
 * The one base class of every error the Rebalancer packages throw on purpose.
 *
 * Every error carries a machine-readable `code` (stable: switch on it, never on `message`), the
 * field `path` where the input broke a rule (when there is one), and the `cause` it wraps (when
 * there is one). `message` is for people: it names the value and the rule.
 *
 * `instanceof` fails when two copies of a package are loaded (the ESM and the CJS build, or two
 * versions in one bundle), so every class also answers a static `isInstance(value)` that
 * recognises instances of any copy through a `Symbol.for` marker.
 */

/** A path into an input value: object keys and array indexes, outermost first. */
export type ErrorPath = readonly (string | number)[]

/** Optional parts of a {@link RebalancerError}. */
export interface RebalancerErrorOptions {
  /** Where in the input the rule is broken (`['targets', 0, 'bps']`). */
  path?: ErrorPath | undefined
  /** The error this one wraps (`Error.cause`). */
  cause?: unknown
}

/** The registry-wide symbol under which every instance lists the class names it is. */
const KINDS: unique symbol = Symbol.for('@rebalancer/error-kinds')

/** Renders a path as `targets[0].bps` (keys that are not identifiers as `["key"]`). */
export function formatErrorPath(path: ErrorPath): string {
  let s = ''
  for (const p of path) {
    if (typeof p === 'number') s += `[${p}]`
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(p)) s += s === '' ? p : `.${p}`
    else s += `[${JSON.stringify(p)}]`
  }
  return s
}

/**
 * Base of every error class of the packages (`WireError`, `InvalidConfigError`, `CoreError`,
 * `AuctionError`, `ContractError`, …). Subclasses set a static `kind` (their class name) so that
 * `Sub.isInstance(e)` works across copies of the package.
 *
 * @example
 * ```ts
 * try {
 *   computeRebalance(input)
 * } catch (e) {
 *   if (RebalancerError.isInstance(e)) console.error(e.code, e.path, e.message)
 *   else throw e
 * }
 * ```
 */
export class RebalancerError<C extends string = string> extends Error {
  /** The class name this class answers to in {@link RebalancerError.isInstance}. */
  static readonly kind: string = 'RebalancerError'

  /** Machine-readable reason; each subclass documents its codes. */
  readonly code: C
  /** Where in the input the rule is broken; empty when the value as a whole is wrong. */
  readonly path: ErrorPath

  /**
   * @param code the rule broken (stable, machine-readable)
   * @param message what was given and what the rule requires
   * @param options the field path and the wrapped cause
   */
  constructor(code: C, message: string, options: RebalancerErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    const kinds: string[] = []
    for (let c = new.target as unknown; typeof c === 'function'; c = Object.getPrototypeOf(c)) {
      const kind = Object.hasOwn(c, 'kind') ? (c as { kind?: unknown }).kind : undefined
      if (typeof kind === 'string') kinds.push(kind)
      if (c === RebalancerError) break
    }
    Object.defineProperty(this, KINDS, { value: Object.freeze(kinds), enumerable: false })
    this.name = kinds[0] ?? 'RebalancerError'
    this.code = code
    this.path = Object.freeze([...(options.path ?? [])])
  }

  /**
   * Whether `value` is an instance of this class (or a subclass), from any copy of the package.
   * `AuctionError.isInstance(e)` is true for auction errors only; `RebalancerError.isInstance(e)`
   * for every error of ours.
   */
  static isInstance<T extends abstract new (...args: never[]) => RebalancerError>(
    this: T & { kind: string },
    value: unknown,
  ): value is InstanceType<T> {
    if (typeof value !== 'object' || value === null) return false
    const kinds = (value as { [KINDS]?: unknown })[KINDS]
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass the check is asked of
    return Array.isArray(kinds) && kinds.includes(this.kind)
  }
}
