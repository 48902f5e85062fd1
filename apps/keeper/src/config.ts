import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseScenario } from '@rebalancer/sim'
import { DEFAULT_SCENARIO, RebalancerError, type Scenario } from '@rebalancer/types'
import { parseDocument } from 'yaml'
import * as z from 'zod'

/** Options of `start` that override the scenario file. */
export interface ScenarioOverrides {
  /** Path of the scenario file (JSON or YAML). */
  config?: string
  /** The `config` file's contents when the caller already read it (the CLI reads it once). */
  configContents?: unknown
  prices?: string
  start?: string
  end?: string
}

/**
 * A bad command-line option or config file: the message names the option, file or field and
 * the rule, and never quotes a value the user gave (it may hold a secret). Codes:
 * `unreadable_config`, `invalid_json`, `invalid_yaml`, `unknown_network`,
 * `invalid_network_config`, `unreadable_mnemonic_file`, `invalid_mnemonic_env`, `no_rpc`,
 * `invalid_sender`, `no_sender`, `no_signer`, `invalid_poll_seconds`, `invalid_containment`,
 * `invalid_wish`, `invalid_strategies`, `invalid_workers`, `invalid_concurrency`, `invalid_queue`,
 * `queue_unreachable`, `queue_with_workers`, `invalid_metrics_port`, `invalid_health_polls`,
 * `invalid_min_gas_balance`, `metrics_listen`.
 */
export class ConfigError extends RebalancerError {
  static override readonly kind = 'ConfigError'
}

/** `ENOENT (no such file or directory)`-style reason of a failed read, without the path. */
function readFailure(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code
  const reasons: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EISDIR: 'is a folder',
  }
  return code ? `${code}${reasons[code] ? ` (${reasons[code]})` : ''}` : 'read error'
}

/** Line and column (1-based) of a character offset. */
function lineColumn(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)))
  const lines = before.split('\n')
  return { line: lines.length, col: (lines.at(-1)?.length ?? 0) + 1 }
}

/**
 * Reads a JSON (`*.json`) or YAML (anything else) file given to `option` (default `--config`;
 * also `--strategies`). A file the user points `--config` at
 * may hold a secret (a mnemonic pasted into the wrong file), so no error quotes the file's
 * contents, nor the path when the file cannot be read: a syntax error reports its line and
 * column and the parser's error code only.
 * @throws ConfigError saying what failed, without the file's contents.
 */
export function readConfigFile(path: string, option = '--config'): unknown {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (e) {
    throw new ConfigError('unreadable_config', `cannot read the ${option} file: ${readFailure(e)}`)
  }
  const json = /\.json$/i.test(path)
  const hidden = '(its contents are not shown)'
  if (json) {
    try {
      return JSON.parse(text)
    } catch (e) {
      // JSON.parse quotes the text around the error; locate it without quoting anything
      const first = parseDocument(text, { prettyErrors: true }).errors[0]
      const at = first?.linePos?.[0]
      const offset = /at position (\d+)/.exec((e as Error).message)?.[1]
      const where = at
        ? ` at line ${at.line}, column ${at.col}`
        : offset !== undefined
          ? ((p) => ` at line ${p.line}, column ${p.col}`)(lineColumn(text, Number(offset)))
          : ''
      throw new ConfigError('invalid_json', `${option} ${path} is not valid JSON${where} ${hidden}`)
    }
  }
  const doc = parseDocument(text, { prettyErrors: true, logLevel: 'silent' })
  const first = doc.errors[0]
  if (first) {
    const at = first.linePos?.[0]
    throw new ConfigError(
      'invalid_yaml',
      `${option} ${path} is not valid YAML${at ? ` at line ${at.line}, column ${at.col}` : ''}: ${first.code
        .toLowerCase()
        .replaceAll('_', ' ')} ${hidden}`,
    )
  }
  try {
    return doc.toJS()
  } catch (e) {
    throw new ConfigError(
      'invalid_yaml',
      `${option} ${path} cannot be read as data: ${(e as Error).name} ${hidden}`,
    )
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * The scenario to run: the default one, or a JSON/YAML file (read here unless its contents are
 * given as `configContents`), with command-line overrides
 * (`--prices` is resolved against the working directory, a file's `prices` against the file's
 * folder), read by `parseScenario` of `@rebalancer/sim` (the one scenario parser: shape, every
 * cross-field rule and the account configuration rules of `@rebalancer/core`).
 * @throws ConfigError when the file cannot be read or parsed; ScenarioError (from
 *   `@rebalancer/sim`) listing every problem with its field path.
 */
export function loadScenario(options: ScenarioOverrides): Scenario {
  return parseScenario(scenarioInput(options), options.config ? { file: options.config } : {})
}

/**
 * The scenario as written, before it is read: the default one or the file's contents, with the
 * command-line overrides applied. `start` hands it to `prepareSimulation`, which reads it once
 * with `parseScenario`; {@link loadScenario} reads it for callers that want the `Scenario`.
 * @throws ConfigError when the file cannot be read or parsed.
 */
export function scenarioInput(options: ScenarioOverrides): unknown {
  const base: unknown =
    options.configContents !== undefined
      ? options.configContents
      : options.config
        ? readConfigFile(options.config)
        : DEFAULT_SCENARIO
  const merged = isRecord(base)
    ? {
        ...base,
        ...(options.prices ? { prices: resolve(options.prices) } : {}),
        ...(options.start ? { start: options.start } : {}),
        ...(options.end ? { end: options.end } : {}),
      }
    : base
  return merged
}

const TICKER = /^[A-Z0-9][A-Z0-9._-]{0,127}$/
/** A denom, or an asset name of the network's `denoms` (e.g. `ATOM`). */
const DenomName = z
  .string()
  .regex(/^[a-zA-Z][a-zA-Z0-9/:._-]{1,127}$/, 'must be a denom or an asset name of "denoms"')

/**
 * The `containment` section of a network config file (issue #11, "Containment"; the keeper's
 * README): the minimum premium of an auction's start price over a live reference, and the
 * reference, exactly one of
 * - `connect`: Neutron's Connect `x/oracle` on the network's RPC: `denoms` maps each denom (or
 *   asset name of the network's `denoms`) to its Connect pair `{Base, Quote}` (upper case, one
 *   Quote for all) and its decimals; `max_age_seconds` (optional) refuses older prices;
 * - `astroport`: `pools`, each `{pair: [sell, buy], pool: <pair contract>, offer_amount: "<base
 *   units of sell>"}`.
 * Unknown fields are refused.
 */
export const ContainmentConfig = z.strictObject({
  min_premium_bps: z
    .number()
    .int('must be a whole number of bps')
    .min(0, 'must be ≥ 0')
    .max(100_000, 'must be ≤ 100000'),
  reference: z
    .strictObject({
      connect: z
        .strictObject({
          denoms: z.record(
            DenomName,
            z.strictObject({
              pair: z.strictObject({
                Base: z.string().regex(TICKER, 'must be an upper-case ticker, e.g. ATOM'),
                Quote: z.string().regex(TICKER, 'must be an upper-case ticker, e.g. USD'),
              }),
              decimals: z
                .number()
                .int('must be a whole number')
                .min(0, 'must be ≥ 0')
                .max(36, 'must be ≤ 36'),
            }),
          ),
          max_age_seconds: z.number().int('must be a whole number').min(1, 'must be ≥ 1').optional(),
        })
        .optional(),
      astroport: z
        .strictObject({
          pools: z
            .array(
              z.strictObject({
                pair: z.tuple([DenomName, DenomName]),
                pool: z.string().regex(/^[a-z]+1[02-9ac-hj-np-z]{38,}$/, 'must be a bech32 contract address'),
                offer_amount: z
                  .string()
                  .regex(/^[1-9][0-9]{0,38}$/, 'must be a whole number of base units > 0, as a string'),
              }),
            )
            .min(1, 'must list at least one pool'),
        })
        .optional(),
    })
    .check((ctx) => {
      const given = ['connect', 'astroport'].filter(
        (k) => (ctx.value as Record<string, unknown>)[k] !== undefined,
      )
      if (given.length !== 1)
        ctx.issues.push({
          code: 'custom',
          input: ctx.value,
          path: [],
          message: `must give exactly one reference source, connect or astroport (got ${given.length === 0 ? 'none' : given.join(' and ')})`,
        })
    }),
})
/** A validated `containment` section. */
export type ContainmentConfig = z.infer<typeof ContainmentConfig>

/**
 * Validates a config file's `containment` section ({@link ContainmentConfig}).
 * @throws ConfigError `invalid_containment` listing each bad field as
 *   `containment.<path>: <rule>`; no message quotes a value the file gave.
 */
export function parseContainmentConfig(value: unknown): ContainmentConfig {
  const r = ContainmentConfig.safeParse(value)
  if (r.success) return r.data
  // zod's own messages name types, never values: a value the file gave is not repeated
  const lines = r.error.issues.map(
    (i) => `  ${['containment', ...i.path.map(String)].join('.')}: ${i.message}`,
  )
  throw new ConfigError('invalid_containment', `invalid containment config:\n${lines.join('\n')}`, {
    path: [
      'containment',
      ...(r.error.issues[0]?.path.filter((p): p is string | number => typeof p !== 'symbol') ?? []),
    ],
  })
}

/**
 * A whole number ≥ 1 given to option `option` (`--workers`, `--concurrency`, `--poll-seconds`):
 * digits only (`1e1`, `0x1e`, `2.5` are refused).
 * @throws ConfigError `invalid_<option>` naming the option and the rule.
 */
export function wholeNumberOption(option: string, value: string): number {
  const n = /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN
  if (!Number.isSafeInteger(n) || n < 1)
    throw new ConfigError(
      `invalid_${option.replace(/^--/, '').replaceAll('-', '_')}`,
      `${option} must be a whole number ≥ 1 (the value given is not shown)`,
    )
  return n
}
