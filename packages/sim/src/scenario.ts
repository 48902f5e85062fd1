/**
 * The one way a scenario enters the simulation: {@link parseScenario} reads the shape with the
 * `Scenario` schema of `@rebalancer/types`, then applies every rule that spans fields, the
 * account configuration rules of `@rebalancer/core` (`configProblems`, the same rules the
 * rebalancer applies at registration) with scenario field paths, and resolves the price file.
 * {@link scenarioPriceProblems} adds the rules that need the price history (dates, symbols,
 * USD holdings). Every problem is reported as a {@link ScenarioError} naming the field.
 */
import { type ConfigProblem, configProblems, fieldName } from '@rebalancer/core'
import {
  Dec,
  MAX_PENDING_ORDERS,
  type RebalancerConfig,
  RebalancerError,
  Scenario,
  type ScenarioAccount,
  SPEED_PRESETS,
  UINT128_MAX,
} from '@rebalancer/types'
import { USD_SYMBOL } from './market.js'
import type { PriceHistory } from './prices.js'
import { loadPriceHistory, resolvePricePath, unreadableReason } from './prices-file.js'
import { DEFAULT_ORACLE_MODE } from './settings.js'

/** The largest amount of one denom a scenario may put on chain: Uint128::MAX base units. */
export const MAX_SCENARIO_UNITS = UINT128_MAX

/** One broken scenario rule. */
export interface ScenarioProblem {
  /** Where: field names and list indexes, e.g. `['accounts', 1, 'targets', 2, 'denom']`. */
  path: (string | number)[]
  /** The rule broken, e.g. `must be a real calendar date written YYYY-MM-DD, e.g. "2024-02-29"`. */
  message: string
}

/**
 * A scenario that breaks a rule. `message` lists every problem, one line each:
 * `accounts[1].targets[2].denom: denoms must be unique …`. Code `invalid_scenario`; `path` is the
 * first problem's.
 */
export class ScenarioError extends RebalancerError {
  static override readonly kind = 'ScenarioError'
  /** Every problem found, each with its field path. */
  readonly problems: readonly ScenarioProblem[]
  /** The scenario file, when the scenario came from one. */
  readonly file: string | undefined

  constructor(problems: readonly ScenarioProblem[], file?: string) {
    const n = problems.length
    super(
      'invalid_scenario',
      `invalid scenario${file ? ` in ${file}` : ''} (${n} problem${n === 1 ? '' : 's'}):\n${problems
        .map((p) => `  ${scenarioFieldName(p.path)}: ${p.message}`)
        .join('\n')}`,
      { path: problems[0]?.path ?? [] },
    )
    this.problems = problems
    this.file = file
  }
}

/** `accounts[1].targets[2].denom`-style name of a problem's path (`scenario` for the root). */
export function scenarioFieldName(path: readonly (string | number)[]): string {
  return path.length === 0 ? 'scenario' : fieldName(path)
}

/** Options of {@link parseScenario}. */
export interface ParseScenarioOptions {
  /**
   * The file the scenario was read from: named in errors, and its folder is where a relative
   * `prices` path is resolved.
   */
  file?: string
  /**
   * The folder a relative `prices` path is resolved against when there is no `file`; default the
   * working directory.
   */
  dir?: string
}

type ZodIssue = NonNullable<ReturnType<typeof Scenario.safeParse>['error']>['issues'][number]

/**
 * Reads a scenario: the `Scenario` shape (strict: unknown fields are errors), then every rule
 * that spans fields:
 * - `end` is not before `start`;
 * - every denom an account uses (`base_denom`, `targets[].denom`, `initial[].denom`) is listed
 *   in `denoms`; holdings are of the account's target denoms, each denom once;
 * - each account's configuration obeys `@rebalancer/core`'s `configProblems` (at least 2
 *   targets, unique target denoms, bps in 1..=9999 summing to 10000, at most one `min_balance`,
 *   gains ≥ 0 with p ≤ 1 and i ≤ 1, `max_limit_bps` in 1..=10000), reported at the scenario's
 *   field (`accounts[0].speed.p`, `accounts[1].targets[2].denom`);
 * - token amounts (`initial[].amount`, `min_balance`) have no more decimal places than their
 *   denom's `decimals` and fit Uint128 in base units; every holding is more than zero;
 * - account names and market-maker names are unique (a maker's address comes from its name);
 *   `inventory_usd` is more than zero.
 *
 * A relative `prices` path is resolved against the folder of `options.file` (else
 * `options.dir`, else the working directory); the result carries the absolute path.
 *
 * @returns the scenario, typed, with `prices` absolute when given.
 * @throws ScenarioError listing every problem with its field path (and nothing else, whatever
 *   the input).
 */
export function parseScenario(input: unknown, options: ParseScenarioOptions = {}): Scenario {
  const r = Scenario.safeParse(input)
  if (!r.success) throw new ScenarioError(issueProblems(r.error.issues, []), options.file)
  const s = r.data
  const problems = ruleProblems(s)
  if (problems.length > 0) throw new ScenarioError(problems, options.file)
  if (s.prices === undefined) return s
  return { ...s, prices: resolvePricePath(s.prices, options.file, options.dir) }
}

/** zod issues as problems; a union's issues come from the one branch the input's type fits. */
function issueProblems(issues: readonly ZodIssue[], prefix: readonly PropertyKey[]): ScenarioProblem[] {
  const out: ScenarioProblem[] = []
  for (const i of issues) {
    const path = [...prefix, ...i.path]
    if (i.code === 'unrecognized_keys') {
      for (const k of i.keys) out.push({ path: clean([...path, k]), message: 'unknown field' })
      continue
    }
    if (i.code === 'invalid_key') {
      // a mapping key that breaks its rule: the key's own message, at the key
      const inner = i.issues.map((k) => k.message).join('; ')
      out.push({ path: clean(path), message: `the key ${inner}` })
      continue
    }
    if (i.code === 'invalid_union') {
      // branches that failed only inside the value (not on its type) are the one meant
      const meant = i.errors.filter((b) =>
        b.every((e) => e.path.length > 0 || e.code === 'unrecognized_keys'),
      )
      if (meant.length === 1) {
        out.push(...issueProblems(meant[0] as ZodIssue[], path))
        continue
      }
      // several object branches: the one whose fields the input uses (no unknown field) is meant
      const fitting = meant.filter((b) => b.every((e) => e.code !== 'unrecognized_keys'))
      if (fitting.length === 1) {
        out.push(...issueProblems(fitting[0] as ZodIssue[], path))
        continue
      }
    }
    out.push({ path: clean(path), message: i.message })
  }
  return out
}

function clean(path: readonly PropertyKey[]): (string | number)[] {
  return path.map((p) => (typeof p === 'symbol' ? String(p) : p))
}

function decimalPlaces(text: string): number {
  return text.split('.')[1]?.length ?? 0
}

/** Base units of `amount` whole tokens (decimal text) of a denom with `decimals` (floored). */
export function tokensToUnits(amount: string, decimals: number): bigint {
  return Dec.parse(amount).mulFloor(10n ** BigInt(decimals))
}

/** Where each typed-config field of an account sits in the scenario. */
function accountPath(p: ConfigProblem['path'], a: ScenarioAccount): (string | number)[] {
  const [head, ...rest] = p
  switch (head) {
    case 'baseDenom':
      return ['base_denom', ...rest]
    case 'targets':
      return ['targets', ...rest.map((x) => (x === 'minBalance' ? 'min_balance' : x))]
    case 'pid':
      return typeof a.speed === 'string' ? ['speed'] : ['speed', ...rest]
    case 'maxLimitBps':
      return ['max_limit_bps', ...rest]
    case 'targetOverrideStrategy':
      return ['target_override_strategy', ...rest]
    default:
      return [...p]
  }
}

function ruleProblems(s: Scenario): ScenarioProblem[] {
  const problems: ScenarioProblem[] = []
  const add = (path: (string | number)[], message: string) => problems.push({ path, message })
  if (s.end < s.start) add(['end'], `must not be before start (${s.start}), got ${s.end}`)
  const mode = s.oracle?.mode ?? DEFAULT_ORACLE_MODE
  if (s.oracle?.anchor_band_bps !== undefined && mode !== 'anchored') {
    add(['oracle', 'anchor_band_bps'], `only the anchored oracle mode has a band (mode is ${mode})`)
  }

  const denoms = Object.keys(s.denoms)
  const listed = (d: string) => Object.hasOwn(s.denoms, d)
  const decimalsOf = (d: string) => (listed(d) ? s.denoms[d]!.decimals : 0)
  const notListed = (d: string) => `"${d}" is not in denoms (${denoms.join(', ')})`
  /** Precision and range of a whole-token amount of `d`. */
  const checkTokens = (path: (string | number)[], amount: string, d: string, positive: boolean) => {
    if (!listed(d)) return
    const decimals = decimalsOf(d)
    if (decimalPlaces(amount) > decimals) {
      add(path, `has ${decimalPlaces(amount)} decimal places, but ${d} has ${decimals} decimals`)
      return
    }
    const units = tokensToUnits(amount, decimals)
    if (positive && units === 0n) add(path, 'must be more than 0')
    if (units > MAX_SCENARIO_UNITS)
      add(path, `is ${units} base units of ${d}, more than Uint128::MAX (${MAX_SCENARIO_UNITS})`)
  }

  const accountNames = new Map<string, number>()
  s.accounts.forEach((a, i) => {
    const at = (...p: (string | number)[]) => ['accounts', i, ...p]
    const first = accountNames.get(a.name)
    if (first !== undefined)
      add(at('name'), `"${a.name}" is also accounts[${first}].name: names must be unique`)
    else accountNames.set(a.name, i)
    if (!listed(a.base_denom)) add(at('base_denom'), notListed(a.base_denom))
    a.targets.forEach((t, k) => {
      if (!listed(t.denom)) add(at('targets', k, 'denom'), notListed(t.denom))
      if (t.min_balance !== undefined)
        checkTokens(at('targets', k, 'min_balance'), t.min_balance, t.denom, false)
    })
    const targetDenoms = a.targets.map((t) => t.denom)
    const held = new Map<string, number>()
    a.initial.forEach((h, j) => {
      if (!listed(h.denom)) add(at('initial', j, 'denom'), notListed(h.denom))
      else if (!targetDenoms.includes(h.denom))
        add(
          at('initial', j, 'denom'),
          `"${h.denom}" is not one of the account's targets (${targetDenoms.join(', ')}): only target denoms are rebalanced`,
        )
      const before = held.get(h.denom)
      if (before !== undefined)
        add(at('initial', j, 'denom'), `"${h.denom}" is also initial[${before}].denom: list each denom once`)
      else held.set(h.denom, j)
      if ('amount' in h) checkTokens(at('initial', j, 'amount'), h.amount, h.denom, true)
      else if (Dec.parse(h.usd).isZero()) add(at('initial', j, 'usd'), 'must be more than 0')
    })
    for (const p of configProblems(accountConfig(a, decimalsOf))) add(at(...accountPath(p.path, a)), p.rule)
    // one-time orders (correction 13): on a day of the scenario, between two targets
    const perDay = new Map<string, number>()
    a.orders?.forEach((o, k) => {
      if (o.date < s.start || o.date > s.end)
        add(at('orders', k, 'date'), `must be a day of the scenario (${s.start} to ${s.end}), got ${o.date}`)
      for (const side of ['sell', 'buy'] as const) {
        if (!targetDenoms.includes(o[side]))
          add(
            at('orders', k, side),
            `"${o[side]}" is not one of the account's targets (${targetDenoms.join(', ')})`,
          )
      }
      if (o.sell === o.buy) add(at('orders', k, 'buy'), `must differ from sell, got "${o.buy}" for both`)
      if (o.size.amount !== undefined)
        checkTokens(at('orders', k, 'size', 'amount'), o.size.amount, o.sell, true)
      const n = (perDay.get(o.date) ?? 0) + 1
      perDay.set(o.date, n)
      if (n === MAX_PENDING_ORDERS + 1)
        add(at('orders', k, 'date'), `at most ${MAX_PENDING_ORDERS} orders a day, ${o.date} has more`)
    })
  })

  const makerNames = new Map<string, number>()
  s.market_makers.forEach((m, k) => {
    const first = makerNames.get(m.name)
    if (first !== undefined)
      add(
        ['market_makers', k, 'name'],
        `"${m.name}" is also market_makers[${first}].name: names must be unique (a maker's address comes from its name)`,
      )
    else makerNames.set(m.name, k)
    if (m.inventory_usd !== undefined && Dec.parse(m.inventory_usd).isZero())
      add(['market_makers', k, 'inventory_usd'], 'must be more than 0')
  })
  return problems
}

/** The default inventory of a market maker per denom, in USD at the first price. */
export const DEFAULT_MAKER_INVENTORY_USD = '5000000'

/**
 * The typed config of a scenario account (amounts in base units). `decimalsOf` gives the
 * decimals of a target denom (for `min_balance`).
 */
export function accountConfig(a: ScenarioAccount, decimalsOf: (denom: string) => number): RebalancerConfig {
  // a wish is tuned at set-up (prepareSimulation, with the first day's prices); until then the
  // medium preset stands in, so the configuration rules can be checked
  const gains =
    typeof a.speed === 'string' ? SPEED_PRESETS[a.speed] : 'p' in a.speed ? a.speed : SPEED_PRESETS.medium
  return {
    baseDenom: a.base_denom,
    targets: a.targets.map((t) => ({
      denom: t.denom,
      bps: t.bps,
      minBalance: t.min_balance === undefined ? undefined : tokensToUnits(t.min_balance, decimalsOf(t.denom)),
    })),
    pid: { p: Dec.parse(gains.p), i: Dec.parse(gains.i), d: Dec.parse(gains.d) },
    maxLimitBps: a.max_limit_bps ?? 10_000,
    targetOverrideStrategy: a.target_override_strategy ?? 'proportional',
  }
}

/**
 * The price history of a parsed scenario: its `prices` file, or the shipped hourly history.
 * A file that cannot be read is reported without its path (a path given on a command line may
 * be anything, a secret included); one that can is named with its line and column problems.
 * @throws ScenarioError at `prices` when the file cannot be read or parsed.
 */
export function loadScenarioPrices(scenario: Scenario, file?: string): PriceHistory {
  if (scenario.prices !== undefined) {
    const code = unreadableReason(scenario.prices)
    if (code !== undefined) {
      throw new ScenarioError(
        [
          {
            path: ['prices'],
            message: `cannot read the price file (${code}); a relative path in a scenario file is resolved against the file's folder`,
          },
        ],
        file,
      )
    }
  }
  try {
    return loadPriceHistory(scenario.prices !== undefined ? { file: scenario.prices } : {})
  } catch (e) {
    throw new ScenarioError([{ path: ['prices'], message: (e as Error).message }], file)
  }
}

const DAY = 86_400

/** Unix seconds of a `YYYY-MM-DD` UTC midnight. */
export function dayStart(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) / 1000
}

/** Base units of `denom` worth `usd` at a whole-token price (floored, exact). */
export function unitsWorth(usd: Dec, priceUsd: Dec, decimals: number): bigint {
  return (usd.atomics * 10n ** BigInt(decimals)) / priceUsd.atomics
}

/**
 * The rules of a parsed scenario that need its price history: `start` and `end` inside the
 * history (the last day's auctions may run up to 7 hours past the last close), every
 * `denoms.*.symbol` a column of the history (or `USDT`) priced at the start, every USD holding
 * worth at least one base unit at the first price, and, per denom, everything the scenario
 * mints (holdings and maker inventories) within Uint128::MAX base units.
 * @returns every problem found (empty when none). Never throws.
 */
export function scenarioPriceProblems(s: Scenario, history: PriceHistory): ScenarioProblem[] {
  const problems: ScenarioProblem[] = []
  const add = (path: (string | number)[], message: string) => problems.push({ path, message })
  const iso = (t: number) => new Date(t * 1000).toISOString()
  const start = dayStart(s.start)
  const end = dayStart(s.end)
  if (start < history.start) add(['start'], `${s.start} is before the first price (${iso(history.start)})`)
  if (end + 7 * 3600 > history.end + DAY)
    add(['end'], `${s.end} is after the last price (${iso(history.end)})`)
  const prices = new Map<string, Dec>()
  for (const [d, info] of Object.entries(s.denoms)) {
    if (info.symbol === USD_SYMBOL) {
      prices.set(d, Dec.ONE)
      continue
    }
    if (!history.symbols.includes(info.symbol)) {
      add(
        ['denoms', d, 'symbol'],
        `"${info.symbol}" is not a column of the price history (${[...history.symbols, USD_SYMBOL].join(', ')})`,
      )
      continue
    }
    if (start < history.start) continue
    try {
      const p = history.priceUsd(info.symbol, start)
      if (p.isZero()) add(['denoms', d, 'symbol'], `${info.symbol} has price 0 at ${s.start}`)
      else prices.set(d, p)
    } catch {
      add(['denoms', d, 'symbol'], `${info.symbol} has no price at ${s.start}`)
    }
  }
  const minted = new Map<string, bigint>()
  const mint = (d: string, units: bigint) => minted.set(d, (minted.get(d) ?? 0n) + units)
  s.accounts.forEach((a, i) => {
    a.initial.forEach((h, j) => {
      const info = Object.hasOwn(s.denoms, h.denom) ? s.denoms[h.denom] : undefined
      if (!info) return
      if ('amount' in h) {
        mint(h.denom, tokensToUnits(h.amount, info.decimals))
        return
      }
      const p = prices.get(h.denom)
      if (!p) return
      const units = unitsWorth(Dec.parse(h.usd), p, info.decimals)
      if (units === 0n)
        add(
          ['accounts', i, 'initial', j, 'usd'],
          `$${h.usd} is less than one base unit of ${h.denom} at the first price ($${p} per token)`,
        )
      mint(h.denom, units)
    })
  })
  s.market_makers.forEach((m) => {
    const usd = Dec.parse(m.inventory_usd ?? DEFAULT_MAKER_INVENTORY_USD)
    for (const [d, info] of Object.entries(s.denoms)) {
      const p = prices.get(d)
      if (p) mint(d, unitsWorth(usd, p, info.decimals))
    }
  })
  for (const [d, units] of minted) {
    if (units > MAX_SCENARIO_UNITS)
      add(
        ['denoms', d],
        `the holdings and maker inventories come to ${units} base units of ${d}, more than Uint128::MAX (${MAX_SCENARIO_UNITS})`,
      )
  }
  return problems
}
