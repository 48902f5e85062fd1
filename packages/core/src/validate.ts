import {
  Dec,
  type RebalancerConfig,
  RebalancerError,
  type RebalancerErrorOptions,
  type RebalancerUpdate,
} from '@rebalancer/types'

/**
 * The rebalancer's whitelists to check a configuration against (portfolio-computer.md,
 * "Configuration"; the rebalancer's `get_white_lists` answer `{denom_whitelist,
 * base_denom_whitelist}`, base denoms by name). The one whitelist vocabulary of core and the
 * adapters' builders.
 */
export interface ConfigWhitelists {
  /** Denoms a target may use. Absent = not checked. */
  denomWhitelist?: readonly string[] | undefined
  /** Denoms the base denom may be. Absent = not checked. */
  baseDenomWhitelist?: readonly string[] | undefined
}

/**
 * Thrown by {@link assertValidConfig} (and so by `computeRebalance`) when a configuration breaks
 * the rules; `problems` holds every message of {@link validateConfig}. `code` is
 * `'invalid_config'`; `path` is the field of the first problem when the thrower knows it.
 */
export class InvalidConfigError extends RebalancerError<'invalid_config'> {
  static override readonly kind: string = 'InvalidConfigError'
  /** Every problem found, one message each, naming the field and the rule. */
  readonly problems: readonly string[]

  /**
   * @param problems one message per broken rule (`"targets[0].bps: must be in 1..=9999, got 0"`)
   * @param options the field path of the (first) problem and the wrapped cause
   */
  constructor(problems: readonly string[], options: RebalancerErrorOptions = {}) {
    super(
      'invalid_config',
      `invalid rebalancer config (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n- ${problems.join('\n- ')}`,
      options,
    )
    this.problems = problems
  }
}

const STRATEGIES: readonly string[] = ['proportional', 'priority']

/**
 * Whether `value` is a `Dec` from any copy of `@rebalancer/types` (CJS and ESM): {@link Dec.isInstance}.
 */
export function isDec(value: unknown): value is Dec {
  return Dec.isInstance(value)
}

const ONE_ATOMICS = 1_000_000_000_000_000_000n

/** One broken configuration rule (see {@link configProblems}). */
export interface ConfigProblem {
  /** Where: field names and list indexes of the typed config, e.g. `['targets', 0, 'bps']`. */
  path: (string | number)[]
  /** The rule and the offending value, e.g. `must be in 1..=9999, got 0`. */
  rule: string
}

/**
 * `targets[0].bps`-style rendering of a {@link ConfigProblem} path (`''` for the config itself).
 */
export function fieldName(path: readonly (string | number)[]): string {
  let s = ''
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s === '' ? p : `.${p}`
  return s
}

/**
 * Checks an account configuration against the rules of portfolio-computer.md ("Configuration")
 * and corrections 3, 4 and 8 (update validates exactly as register does: use this one function
 * for both), returning one message per problem, `"<field>: <rule>, got <value>"`. This is
 * {@link configProblems} with each problem rendered as `fieldName(path) + ': ' + rule`.
 *
 * @returns every problem found (empty when the configuration is valid). Never throws, even on
 *   malformed input (missing fields, wrong types).
 */
export function validateConfig(config: RebalancerConfig, options: ConfigWhitelists = {}): string[] {
  return configProblems(config, options).map((p) => `${fieldName(p.path)}: ${p.rule}`)
}

/**
 * The one set of configuration rules (portfolio-computer.md, "Configuration"; corrections 3, 4
 * and 8), as structured problems. {@link validateConfig}, {@link assertValidConfig}, the zod
 * schema `RebalancerConfigInput`, `applyConfigUpdate` and `computeRebalance` all use it.
 *
 * Rules checked:
 * - `baseDenom` is a non-empty string, on `baseDenomWhitelist` when one is given;
 * - `targets` has at least 2 entries; each `denom` is a non-empty string (not `__proto__`),
 *   unique (duplicates are an error, never merged: correction 4) and on `denomWhitelist` when
 *   one is given; each `bps` is an integer in 1..=9999; the bps sum to exactly 10000; at most
 *   one target has `minBalance`, which is a non-negative `bigint` (base units);
 * - `pid.p`, `pid.i`, `pid.d` are `Dec`s ≥ 0, with p ≤ 1 and i ≤ 1;
 * - `maxLimitBps` is an integer in 1..=10000;
 * - `targetOverrideStrategy` is `proportional` or `priority`;
 * - `trustee`, when present, is a non-empty string.
 *
 * The target order is never changed (correction 3); it is not a rule to check.
 *
 * @returns every problem found, in field order (empty when valid). Never throws.
 */
export function configProblems(config: RebalancerConfig, options: ConfigWhitelists = {}): ConfigProblem[] {
  const problems: ConfigProblem[] = []
  const add = (path: (string | number)[], rule: string): void => {
    problems.push({ path, rule })
  }
  const c = (config ?? {}) as Partial<RebalancerConfig>

  // base denom
  if (typeof c.baseDenom !== 'string' || c.baseDenom === '') {
    add(['baseDenom'], `must be a non-empty denom string, got ${show(c.baseDenom)}`)
  } else if (options.baseDenomWhitelist && !options.baseDenomWhitelist.includes(c.baseDenom)) {
    add(['baseDenom'], `must be on the base-denom whitelist, got "${c.baseDenom}"`)
  }

  // targets
  const targets = c.targets
  if (!Array.isArray(targets)) {
    add(['targets'], `must be a list of targets, got ${show(targets)}`)
  } else {
    if (targets.length < 2) {
      add(['targets'], `at least 2 targets are required, got ${targets.length}`)
    }
    const firstIndex = new Map<string, number>()
    const withMin: number[] = []
    let sum = 0
    let sumKnown = true
    targets.forEach((t, k) => {
      if (typeof t !== 'object' || t === null) {
        add(['targets', k], `must be an object {denom, bps, minBalance?}, got ${show(t)}`)
        sumKnown = false
        return
      }
      const { denom, bps, minBalance } = t
      if (typeof denom !== 'string' || denom === '' || denom === '__proto__') {
        add(['targets', k, 'denom'], `must be a non-empty denom string, got ${show(denom)}`)
      } else {
        const first = firstIndex.get(denom)
        if (first !== undefined) {
          add(
            ['targets', k, 'denom'],
            `denoms must be unique (duplicates are rejected, not merged), "${denom}" is also targets[${first}].denom`,
          )
        } else {
          firstIndex.set(denom, k)
        }
        if (options.denomWhitelist && !options.denomWhitelist.includes(denom)) {
          add(['targets', k, 'denom'], `must be on the denom whitelist, got "${denom}"`)
        }
      }
      if (typeof bps !== 'number' || !Number.isInteger(bps)) {
        add(['targets', k, 'bps'], `must be an integer in 1..=9999, got ${show(bps)}`)
        sumKnown = false
      } else {
        if (bps < 1 || bps > 9999) add(['targets', k, 'bps'], `must be in 1..=9999, got ${bps}`)
        sum += bps
      }
      if (minBalance !== undefined) {
        withMin.push(k)
        if (typeof minBalance !== 'bigint' || minBalance < 0n) {
          add(
            ['targets', k, 'minBalance'],
            `must be a non-negative integer amount (bigint, base units), got ${show(minBalance)}`,
          )
        }
      }
    })
    if (sumKnown && sum !== 10000) {
      add(['targets'], `bps must sum to exactly 10000, got ${sum}`)
    }
    if (withMin.length > 1) {
      add(
        ['targets'],
        `at most one target may have minBalance, got ${withMin.length} (${withMin.map((k) => `targets[${k}]`).join(', ')})`,
      )
    }
  }

  // PID gains
  const pid = c.pid
  if (typeof pid !== 'object' || pid === null) {
    add(['pid'], `must be {p, i, d} decimals, got ${show(pid)}`)
  } else {
    for (const gain of ['p', 'i', 'd'] as const) {
      const g: unknown = pid[gain]
      if (!isDec(g)) {
        add(['pid', gain], `must be a decimal (Dec), got ${show(g)}`)
        continue
      }
      if (g.atomics < 0n) add(['pid', gain], `must be ≥ 0, got ${g.toString()}`)
      if (gain !== 'd' && g.atomics > ONE_ATOMICS) add(['pid', gain], `must be ≤ 1, got ${g.toString()}`)
    }
  }

  // max limit
  const ml = c.maxLimitBps
  if (typeof ml !== 'number' || !Number.isInteger(ml) || ml < 1 || ml > 10000) {
    add(['maxLimitBps'], `must be an integer in 1..=10000, got ${show(ml)}`)
  }

  // strategy
  if (typeof c.targetOverrideStrategy !== 'string' || !STRATEGIES.includes(c.targetOverrideStrategy)) {
    add(
      ['targetOverrideStrategy'],
      `must be "proportional" or "priority", got ${show(c.targetOverrideStrategy)}`,
    )
  }

  // trustee
  if (c.trustee !== undefined && (typeof c.trustee !== 'string' || c.trustee === '')) {
    add(['trustee'], `must be a non-empty address string when present, got ${show(c.trustee)}`)
  }

  return problems
}

/**
 * {@link validateConfig}, throwing when anything is wrong.
 * @throws InvalidConfigError listing every problem (its `message` has one line per problem).
 */
export function assertValidConfig(config: RebalancerConfig, options: ConfigWhitelists = {}): void {
  const problems = validateConfig(config, options)
  if (problems.length > 0) throw new InvalidConfigError(problems)
}

function show(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`
  if (typeof value === 'string') return JSON.stringify(value)
  if (value === undefined) return 'nothing'
  if (isDec(value)) return value.toString()
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'a list' : 'an object'
  return String(value)
}

/**
 * The configuration rules an update breaks on its own (correction 8: an update is validated
 * exactly as a registration): the fields the update carries are checked by
 * {@link configProblems} itself, placed in an otherwise valid configuration, and only their
 * problems are kept. Absent fields and `targets: []` (keep) are not checked; `'clear'` is always
 * valid. The merged result should still be checked with the stored config (`applyConfigUpdate`).
 *
 * @returns every problem of the carried fields (empty when they are valid). Never throws.
 */
export function updateProblems(update: RebalancerUpdate, options: ConfigWhitelists = {}): ConfigProblem[] {
  const u = (update ?? {}) as Partial<RebalancerUpdate>
  const carried = new Set<string>()
  if (u.baseDenom !== undefined) carried.add('baseDenom')
  if (u.targets !== undefined && u.targets.length > 0) carried.add('targets')
  if (u.pid !== undefined) carried.add('pid')
  if (u.maxLimitBps !== undefined && u.maxLimitBps !== 'clear') carried.add('maxLimitBps')
  if (u.targetOverrideStrategy !== undefined) carried.add('targetOverrideStrategy')
  if (u.trustee !== undefined && u.trustee !== 'clear') carried.add('trustee')
  if (carried.size === 0) return []
  const probe = {
    baseDenom: u.baseDenom ?? PROBE.baseDenom,
    targets: carried.has('targets') ? u.targets : PROBE.targets,
    pid: u.pid ?? PROBE.pid,
    maxLimitBps: carried.has('maxLimitBps') ? (u.maxLimitBps as { set: number }).set : PROBE.maxLimitBps,
    targetOverrideStrategy: u.targetOverrideStrategy ?? PROBE.targetOverrideStrategy,
    ...(carried.has('trustee') ? { trustee: (u.trustee as { set: string }).set } : {}),
  } as RebalancerConfig
  return configProblems(probe, options).filter((p) => carried.has(String(p.path[0])))
}

/** A valid configuration to place an update's fields in (its own fields are never reported). */
const PROBE = {
  baseDenom: 'probe-base',
  targets: [
    { denom: 'probe-a', bps: 5000 },
    { denom: 'probe-b', bps: 5000 },
  ],
  pid: { p: Dec.ZERO, i: Dec.ZERO, d: Dec.ZERO },
  maxLimitBps: 10_000,
  targetOverrideStrategy: 'proportional',
} satisfies RebalancerConfig

/**
 * The latest instant a `Timestamp` can hold, in whole unix seconds: Timestamps are u64
 * nanoseconds, so ⌊(2^64 − 1) / 10^9⌋ = 18 446 744 073 s (2554-07-21T23:34:33Z). Past it the
 * chain's `Timestamp::plus_seconds` overflows (a panic: the transaction fails).
 */
export const MAX_TIMESTAMP_SECONDS = 18_446_744_073

/**
 * The rule for the rebalancer's `cycle_period` (portfolio-computer.md, "Cycle"), at instantiate
 * and at `update_cycle_period` alike: a whole number of seconds ≥ 1 such that the next cycle's
 * start, `from + period`, is still a valid Timestamp (≤ {@link MAX_TIMESTAMP_SECONDS}). `from`
 * is the later of the block time and the first cycle's start: every cycle ends at
 * `start_of_cycle(now) + period`, and a period that passes the Timestamp range there makes every
 * `system_rebalance` fail (on chain a `plus_seconds` overflow; `cycle_period: 1e15` from a 2024
 * block time is one).
 *
 * @param period the proposed period, seconds (any value: a non-number is a problem too).
 * @param from unix seconds: max(block time, cycle start).
 * @param field how the message names the field (`cycle_period` at instantiate,
 *   `admin.update_cycle_period.period` for the update).
 * @returns the problem, `<field>: <rule>, got <value>`, or undefined when the period is valid.
 */
export function cyclePeriodProblem(
  period: unknown,
  from: number,
  field = 'cycle_period',
): string | undefined {
  if (typeof period === 'bigint') {
    // a u64 read as a bigint: beyond the Timestamp range it cannot be a period
    if (period > BigInt(MAX_TIMESTAMP_SECONDS)) {
      return `${field}: the next cycle must be a valid Timestamp, at most ${MAX_TIMESTAMP_SECONDS} s (2^64-1 ns), got ${period}`
    }
    return cyclePeriodProblem(Number(period), from, field)
  }
  if (typeof period !== 'number' || !Number.isSafeInteger(period) || period < 1) {
    return `${field}: must be a whole number of seconds ≥ 1, got ${String(period)}`
  }
  if (from + period > MAX_TIMESTAMP_SECONDS) {
    return `${field}: the next cycle (${from} + ${period} s) must be a valid Timestamp, at most ${MAX_TIMESTAMP_SECONDS} s (2^64-1 ns), so at most ${Math.max(0, MAX_TIMESTAMP_SECONDS - from)} s, got ${period}`
  }
  return undefined
}
