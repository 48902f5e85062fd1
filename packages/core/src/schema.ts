/**
 * Validation at the boundary: zod schemas that turn user or JSON input into the typed domain
 * values of `@rebalancer/types`, with errors that name the field and the rule. The rules
 * themselves live in one place, {@link configProblems}; the schemas only read shapes and
 * decode text (decimal strings to `Dec`, integer strings to `bigint`).
 */
import {
  configPathToWire,
  configToRebalancerData,
  Dec,
  parseWire,
  type RebalancerConfig,
  RebalancerData,
  RebalancerError,
  type RebalancerErrorOptions,
  rebalancerDataToConfig,
  type TargetOverrideStrategy,
  WireError,
} from '@rebalancer/types'
import * as z from 'zod'
import {
  type ConfigProblem,
  type ConfigWhitelists,
  configProblems,
  fieldName,
  InvalidConfigError,
  isDec,
} from './validate.js'

/** A `Dec` instance (duck-typed, so that a CJS and an ESM copy of `@rebalancer/types` both pass). */
export const DecSchema = z.custom<Dec>((x) => isDec(x), { message: 'expected a Dec' })

/**
 * A decimal as a user or JSON gives it, read into a `Dec`: a `Dec`, decimal text in the chain's
 * form (`"0.1"`, `"-2.5"`, at most 18 fractional digits, no exponent), or a finite JS number
 * (read by its shortest decimal form, `0.1` → exactly 0.1). Never for token amounts.
 */
export const DecLike = z
  .custom<Dec | string | number>((x) => isDec(x) || typeof x === 'string' || typeof x === 'number', {
    message: 'must be a decimal: a Dec, decimal text like "0.1", or a number',
  })
  .transform((x, ctx): Dec => {
    if (typeof x === 'string') {
      const d = Dec.tryParse(x)
      if (d !== undefined) return d
      ctx.issues.push({
        code: 'custom',
        input: x,
        message: `must be a decimal like "0.1" (digits, optional "." and at most 18 decimals), got ${JSON.stringify(x)}`,
      })
      return z.NEVER
    }
    if (typeof x === 'number') {
      if (Number.isFinite(x)) return Dec.fromNumber(x)
      ctx.issues.push({ code: 'custom', input: x, message: `must be a finite number, got ${x}` })
      return z.NEVER
    }
    return x
  })

/**
 * A token amount in base units, read into a `bigint`: a `bigint` or integer text (`"1000000"`).
 * JS numbers are refused: amounts never go through floating point.
 */
export const AmountLike = z
  .custom<bigint | string>((x) => typeof x === 'bigint' || typeof x === 'string', {
    message: 'must be an integer amount in base units: a bigint or text like "1000000" (not a number)',
  })
  .transform((x, ctx): bigint => {
    if (typeof x === 'bigint') return x
    if (/^-?\d+$/.test(x)) return BigInt(x)
    ctx.issues.push({
      code: 'custom',
      input: x,
      message: `must be an integer amount in base units like "1000000", got ${JSON.stringify(x)}`,
    })
    return z.NEVER
  })

/**
 * Shape of one target in {@link RebalancerConfigInput}: `{denom, bps, minBalance?}`;
 * `minBalance` is an {@link AmountLike} (`null` = none). The rules (bps range, uniqueness, …) are
 * {@link configProblems}'.
 */
const TargetInput = z.strictObject({
  denom: z.string(),
  bps: z.number(),
  minBalance: AmountLike.nullish().transform((v) => v ?? undefined),
})

/** PID gains as {@link DecLike}s. */
const PidInput = z.strictObject({ p: DecLike, i: DecLike, d: DecLike })

/**
 * The zod schema of a typed account configuration (portfolio-computer.md, "Configuration") with
 * the whitelists of `options`: a strict object (unknown fields are errors) in the domain's
 * camelCase, whose gains may be `Dec`s, decimal strings or numbers, and whose `minBalance` may be
 * a `bigint` or an integer string. `maxLimitBps` absent means 10000 (the spec's default);
 * `trustee: null` means none.
 *
 * After the shape, every rule of {@link configProblems} is applied (the same rules as register,
 * update and `computeRebalance`), and all problems are reported at once: shape problems and rule
 * problems together, one issue each, with the field's path. A rule problem on a field whose shape
 * already failed is not repeated.
 *
 * @returns a schema whose output is a `RebalancerConfig`.
 */
export function rebalancerConfigSchema(options: ConfigWhitelists = {}) {
  return z
    .strictObject({
      baseDenom: z.string(),
      targets: z.array(TargetInput),
      pid: PidInput,
      maxLimitBps: z
        .number()
        .optional()
        .transform((v) => v ?? 10000),
      targetOverrideStrategy: z.string(),
      trustee: z
        .string()
        .nullish()
        .transform((v) => v ?? undefined),
    })
    .superRefine(
      (value, ctx) => {
        const failed = ctx.issues.filter((i) => i.code !== 'unrecognized_keys').map((i) => i.path ?? [])
        for (const p of configProblems(value as unknown as RebalancerConfig, options)) {
          if (failed.some((f) => isPrefix(f, p.path))) continue
          ctx.addIssue({ code: 'custom', path: p.path, message: p.rule, input: value })
        }
      },
      { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
    )
    .transform((v): RebalancerConfig => {
      const config: RebalancerConfig = {
        baseDenom: v.baseDenom,
        targets: v.targets.map((t) =>
          t.minBalance === undefined
            ? { denom: t.denom, bps: t.bps }
            : { denom: t.denom, bps: t.bps, minBalance: t.minBalance },
        ),
        pid: v.pid,
        maxLimitBps: v.maxLimitBps,
        targetOverrideStrategy: v.targetOverrideStrategy as TargetOverrideStrategy,
      }
      if (v.trustee !== undefined) config.trustee = v.trustee
      return config
    })
}

/**
 * {@link rebalancerConfigSchema} without whitelists: shape plus every static rule. Use
 * `rebalancerConfigSchema({denomWhitelist, baseDenomWhitelist})` to check the whitelists too.
 */
export const RebalancerConfigInput = rebalancerConfigSchema()
/** What {@link RebalancerConfigInput} accepts (before decoding). */
export type RebalancerConfigInput = z.input<typeof RebalancerConfigInput>

function isPrefix(prefix: readonly PropertyKey[], path: readonly PropertyKey[]): boolean {
  return prefix.length <= path.length && prefix.every((p, k) => p === path[k])
}

/**
 * Every issue of a zod error as one line `"<field>: <message>"` (`targets[1].bps: must be in
 * 1..=9999, got 0`), each path after `prefix`; an issue on the input itself is named `input`.
 */
export function zodProblems(error: z.ZodError, prefix: readonly (string | number)[] = []): string[] {
  return error.issues.map((i) => {
    const field = fieldName([...prefix, ...i.path.filter((p): p is string | number => typeof p !== 'symbol')])
    return `${field === '' ? 'input' : field}: ${i.message}`
  })
}

/**
 * Reads and validates a configuration from user or JSON input with
 * {@link rebalancerConfigSchema}`(options)`.
 *
 * @returns the typed configuration (target order kept).
 * @throws InvalidConfigError listing every problem, one line each naming the field and the rule.
 */
export function parseConfig(input: unknown, options: ConfigWhitelists = {}): RebalancerConfig {
  const r = safeParseConfig(input, options)
  if (!r.success) throw new InvalidConfigError(r.problems)
  return r.config
}

/**
 * {@link parseConfig} without throwing.
 * @returns `{success: true, config}` or `{success: false, problems}` (one line per problem).
 */
export function safeParseConfig(
  input: unknown,
  options: ConfigWhitelists = {},
): { success: true; config: RebalancerConfig } | { success: false; problems: string[] } {
  const schema =
    options.denomWhitelist || options.baseDenomWhitelist
      ? rebalancerConfigSchema(options)
      : RebalancerConfigInput
  const r = schema.safeParse(input)
  return r.success ? { success: true, config: r.data } : { success: false, problems: zodProblems(r.error) }
}

/**
 * Thrown when an input to a core function breaks its schema; `problems` has one line per
 * problem, `"<field>: <rule>"`. The one-time order and trigger errors are subclasses.
 */
export class InvalidInputError<C extends string = 'invalid_input'> extends RebalancerError<C> {
  static override readonly kind: string = 'InvalidInputError'
  /** Every problem found, one line each naming the field and the rule. */
  readonly problems: readonly string[]

  /**
   * @param what the input's name (`one-time order`)
   * @param problems one line per problem, `"<field>: <rule>"`
   * @param options the field path of the (first) problem and the wrapped cause
   */
  constructor(
    what: string,
    problems: readonly string[],
    options: RebalancerErrorOptions & { code?: C } = {},
  ) {
    super(
      options.code ?? ('invalid_input' as C),
      `invalid ${what} (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n- ${problems.join('\n- ')}`,
      options,
    )
    this.problems = problems
  }
}

/**
 * Parses `input` with `schema`.
 * @throws InvalidInputError naming `what` and listing every problem.
 * @internal
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const r = schema.safeParse(input)
  if (!r.success) throw new InvalidInputError(what, zodProblems(r.error))
  return r.data
}

/** A {@link ConfigProblem} rendered with the wire's snake_case field names (`targets[0].min_balance`). */
function wireProblem(p: ConfigProblem): string {
  return `${fieldName(configPathToWire(p.path))}: ${p.rule}`
}

/**
 * Wire RebalancerData JSON (wire-formats.md, "Account": snake_case, decimals and amounts as
 * strings, as `register_to_service` carries it) → the typed configuration, checked with the one
 * set of rules. Decoding is `@rebalancer/types`' `parseWire(RebalancerData)` (serde's rules:
 * unknown fields rejected) and `rebalancerDataToConfig` (lossless; `max_limit_bps` absent → 10000);
 * then {@link configProblems}. The same function serves register and, after
 * `applyConfigUpdate`, update (correction 8).
 *
 * @throws InvalidConfigError whose problems name wire fields (`targets[1].bps: must be in
 *   1..=9999, got 0`): the decoding problem (serde stops at the first), or every rule problem.
 */
export function configFromWire(data: unknown, options: ConfigWhitelists = {}): RebalancerConfig {
  let wire: RebalancerData
  try {
    wire = parseWire(RebalancerData, data, 'RebalancerData')
  } catch (e) {
    if (WireError.isInstance(e)) {
      throw new InvalidConfigError([`${fieldName(e.path) || 'RebalancerData'}: ${e.rule}`], {
        path: e.path,
        cause: e,
      })
    }
    throw e
  }
  const config = rebalancerDataToConfig(wire)
  const problems = configProblems(config, options)
  if (problems.length > 0) throw new InvalidConfigError(problems.map(wireProblem))
  return config
}

/**
 * The typed configuration → wire RebalancerData JSON (wire-formats.md, "Account"), after checking
 * the rules: `configFromWire(configToWire(c))` deep-equals `c` for every valid `c` (lossless;
 * tested as a property).
 *
 * @throws InvalidConfigError (wire field names) when the configuration breaks a rule or cannot be
 *   written on the wire (e.g. a `trustee` that is not an address, a gain with more than 18 decimals).
 */
export function configToWire(config: RebalancerConfig, options: ConfigWhitelists = {}): RebalancerData {
  const problems = configProblems(config, options)
  if (problems.length > 0) throw new InvalidConfigError(problems.map(wireProblem))
  try {
    return configToRebalancerData(config)
  } catch (e) {
    if (WireError.isInstance(e)) {
      throw new InvalidConfigError([`${fieldName(e.path) || 'RebalancerData'}: ${e.rule}`], {
        path: e.path,
        cause: e,
      })
    }
    throw e
  }
}
