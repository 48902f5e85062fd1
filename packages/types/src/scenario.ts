import * as z from 'zod'
import { Dec } from './dec.js'
import { TriggerWire } from './wire/trigger.js'

/**
 * The shape of a simulation scenario (zod). These schemas read shapes, formats and the
 * scenario's own ranges (dates, decimals, auction settings). The account configuration rules
 * (target bps in 1..=9999 summing to 10000, unique target denoms, at least 2 targets, PID gains,
 * `max_limit_bps` in 1..=10000, at most one `min_balance`) are `@rebalancer/core`'s
 * `configProblems`, applied with scenario field paths by `parseScenario` in `@rebalancer/sim`,
 * together with the rules that span fields (denoms listed in `denoms`, unique maker names,
 * funded accounts). Read scenarios with `parseScenario`, not with {@link Scenario} alone.
 */

/** A required string field: missing → "is required", another type → `typeMessage`. */
function text(typeMessage: string) {
  return z.string({
    error: (iss) => (iss.input === undefined ? 'is required' : typeMessage),
  })
}

/**
 * A non-negative decimal written as text, at most 18 decimal places (the Dec18 precision);
 * `written` is the message for anything else.
 */
function decimalText(written: string) {
  return text(written)
    .regex(/^\d+(\.\d+)?$/, written)
    .refine(
      (s) => (s.split('.')[1] ?? '').length <= Dec.FRACTIONAL_DIGITS,
      `must have at most ${Dec.FRACTIONAL_DIGITS} decimal places`,
    )
}
/** Whole tokens (not base units), e.g. `"2000000"` or `"0.5"`. */
const tokenAmount = decimalText(
  'must be a string of whole tokens (not base units), e.g. "2000000" or "0.5" (quote numbers in YAML)',
)
const usdAmount = decimalText(
  'must be a USD amount written as a string, e.g. "1000000" (quote numbers in YAML)',
)
const gain = decimalText('must be a non-negative decimal written as a string, e.g. "0.1"')

/** A UTC calendar day `YYYY-MM-DD`; the calendar is checked (2024-02-29 yes, 2023-02-29 no). */
const isoDate = text('must be a date written as a string YYYY-MM-DD, e.g. "2024-02-29"').check(
  z.iso.date({ error: 'must be a real calendar date written YYYY-MM-DD, e.g. "2024-02-29"' }),
)
const denom = text('must be a denom string such as "uatom"').regex(
  /^[a-zA-Z][a-zA-Z0-9/:._-]{2,127}$/,
  'must be a denom such as "uatom" (a letter, then 2 to 127 letters, digits or /:._-)',
)
/** A whole number: missing → "is required". */
function int(what: string) {
  return z
    .number({ error: (iss) => (iss.input === undefined ? 'is required' : `must be ${what}`) })
    .int(`must be ${what}`)
}
/** A whole number in `min..=max`, every failure saying so. */
function intIn(what: string, min: number, max: number) {
  const rule = `a whole number${what} in ${min}..=${max}`
  return int(rule).min(min, `must be ${rule}`).max(max, `must be ${rule}`)
}
const bps = (min: number, max: number) => intIn(' of bps', min, max)

/** Speed presets used by existing UIs (wire-formats.md): slow 0.05, medium 0.1, fast 0.2 (P only). */
export const SPEED_PRESETS = {
  slow: { p: '0.05', i: '0', d: '0' },
  medium: { p: '0.1', i: '0', d: '0' },
  fast: { p: '0.2', i: '0', d: '0' },
} as const

/**
 * What an account starts with: exactly one of `amount` tokens of the denom (whole tokens,
 * decimal text) or the amount worth `usd` dollars at the scenario's first price.
 */
export const ScenarioHolding = z
  .strictObject({ denom, amount: tokenAmount.optional(), usd: usdAmount.optional() })
  .check((ctx) => {
    const { amount, usd } = ctx.value
    if ((amount === undefined) === (usd === undefined)) {
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        message:
          amount === undefined
            ? 'needs "amount" (whole tokens, e.g. "2000000") or "usd" (e.g. "1000000")'
            : 'give "amount" or "usd", not both',
      })
    }
  })
  .transform((h): { denom: string; amount: string } | { denom: string; usd: string } =>
    h.amount !== undefined ? { denom: h.denom, amount: h.amount } : { denom: h.denom, usd: h.usd as string },
  )
export type ScenarioHolding = z.output<typeof ScenarioHolding>

/** The explicit PID gains of a scenario account (decimal text each). */
const Gains = z.strictObject({ p: gain, i: gain, d: gain })

/**
 * A tuning wish (issue #12): every weight within `within_pp` percentage points of its target in
 * about `days` days; the simulator derives P-only gains and a sell cap from it.
 */
export const ScenarioSpeedWish = z.strictObject({
  within_pp: decimalText('must be percentage points written as a string, e.g. "1"').refine(
    (s) => Number(s) > 0,
    'must be more than 0',
  ),
  days: intIn(' of days', 1, 3650),
})
export type ScenarioSpeedWish = z.output<typeof ScenarioSpeedWish>

/**
 * How much a scenario's one-time order sells: exactly one of `amount` (whole tokens of the sell
 * denom, decimal text, as every scenario amount), `portfolio_bps` (this share of the account's
 * total value) or `holding_bps` (this share of the sell denom's balance), 1..=10000 bps; shares
 * are taken at the cycle that sells.
 */
const OrderSize = z
  .strictObject({
    amount: tokenAmount.optional(),
    portfolio_bps: bps(1, 10000).optional(),
    holding_bps: bps(1, 10000).optional(),
  })
  .check((ctx) => {
    const given = (['amount', 'portfolio_bps', 'holding_bps'] as const).filter(
      (k) => ctx.value[k] !== undefined,
    )
    if (given.length !== 1) {
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        message:
          given.length === 0
            ? 'needs "amount" (whole tokens, e.g. "100"), "portfolio_bps" or "holding_bps" (1..=10000)'
            : `give one of amount, portfolio_bps, holding_bps, got ${given.join(' and ')}`,
      })
    }
  })

/**
 * A one-time order of a scenario account (portfolio-computer.md correction 13): on `date` (a day
 * of the scenario), before that day's cycle, the account's owner places "sell `size` of `sell`
 * for `buy`", which the cycle sends to the pair auction next to the PID's trades.
 */
export const ScenarioOrder = z.strictObject({
  date: isoDate,
  sell: denom,
  buy: denom,
  size: OrderSize,
})
export type ScenarioOrder = z.output<typeof ScenarioOrder>

/**
 * A treasury account of a scenario (portfolio-computer.md "Configuration", in scenario form).
 * Shape only: the configuration rules are checked by `parseScenario` (`@rebalancer/sim`).
 */
export const ScenarioAccount = z.strictObject({
  /** Shown in progress and the summary. */
  name: text('must be a name written as a string').min(1, 'must not be empty'),
  base_denom: denom,
  targets: z.array(
    z.strictObject({
      denom,
      bps: int('a whole number of bps'),
      /** Whole tokens (decimal text) to keep at least. */
      min_balance: tokenAmount.optional(),
    }),
    { error: (iss) => (iss.input === undefined ? 'is required' : 'must be a list of targets') },
  ),
  /**
   * A preset name, explicit gains, or a wish the simulator tunes the gains for (`@rebalancer/core`'s
   * `suggestParameters` at the first day's prices): `{within_pp: "1", days: 30}` = every weight
   * within 1 pp of its target in about 30 days.
   */
  speed: z.union([z.enum(['slow', 'medium', 'fast']), Gains, ScenarioSpeedWish], {
    error:
      'must be "slow", "medium" or "fast", gains {p, i, d} written as strings, e.g. {p: "0.1", i: "0", d: "0"}, or a wish {within_pp: "1", days: 30}',
  }),
  /** Most value sold in one cycle, bps of total value; default 10000. */
  max_limit_bps: int('a whole number of bps').optional(),
  target_override_strategy: z
    .enum(['proportional', 'priority'], { error: 'must be "proportional" or "priority"' })
    .optional(),
  initial: z
    .array(ScenarioHolding, {
      error: (iss) => (iss.input === undefined ? 'is required' : 'must be a list of holdings'),
    })
    .min(1, 'needs at least one holding'),
  /**
   * When the account's computation runs (correction 13), the wire's form: e.g.
   * `{calendar: {every_cycles: 7}}`, `{threshold: {tolerance: {absolute_pp: "5"}}}`, the 5/25 rule
   * `{threshold: {tolerance: {any_of: [{absolute_pp: "5"}, {relative_fraction: "0.25"}]}}}`,
   * `{hybrid: {every_cycles: 91, tolerance: …}}`, `{volatility: {tolerance: …, window: 30,
   * reference_volatility: "0.03", min_scale?: "0.5", max_scale?: "3"}}`. Absent: every cycle.
   */
  trigger: TriggerWire.optional(),
  /** One-time orders on days of the scenario (correction 13). */
  orders: z
    .array(ScenarioOrder, {
      error: (iss) => (iss.input === undefined ? 'is required' : 'must be a list of orders'),
    })
    .optional(),
})
export type ScenarioAccount = z.output<typeof ScenarioAccount>

/**
 * A simulation scenario: the price file, the dates, the denoms, the accounts and the market
 * makers. Validated strictly: unknown fields are errors naming the field. Shape only: read
 * scenarios with `parseScenario` (`@rebalancer/sim`), which adds every rule that spans fields.
 */
export const Scenario = z.strictObject(
  {
    /**
     * A CSV like the shipped `prices-hourly.csv`; default the shipped hourly history. A relative
     * path is resolved against the scenario file's folder (`parseScenario`'s `file`/`dir`).
     */
    prices: text('must be a file path written as a string').min(1, 'must not be empty').optional(),
    /** First cycle day (UTC). */
    start: isoDate,
    /** Last cycle day (UTC), inclusive. */
    end: isoDate,
    /** Chain denoms and the price-file symbol and decimals of each. */
    denoms: z
      .record(
        denom,
        z.strictObject({
          /** A column of the price file (`ATOM`), or `USDT` for the dollar itself. */
          symbol: text('must be a price-file column name written as a string').regex(
            /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/,
            'must be a price-file column name such as "ATOM" (letters, digits and ._/-)',
          ),
          decimals: intIn('', 0, 18),
        }),
        {
          error: (iss) =>
            iss.code !== 'invalid_type'
              ? undefined
              : iss.input === undefined
                ? 'is required'
                : 'must be a mapping of denoms',
        },
      )
      .refine((d) => Object.keys(d).length >= 2, 'needs at least 2 denoms'),
    accounts: z
      .array(ScenarioAccount, {
        error: (iss) => (iss.input === undefined ? 'is required' : 'must be a list of accounts'),
      })
      .min(1, 'needs at least one account'),
    market_makers: z
      .array(
        z.strictObject({
          /** Unique among the makers: a maker's address is derived from its name. */
          name: text('must be a name written as a string').min(1, 'must not be empty'),
          /** How much better than the market price the maker wants to buy, in bps. */
          margin_bps: bps(0, 9999),
          /**
           * The maker's capital: its inventory per denom, in USD at the first price; default
           * 5,000,000. It bids only what it holds.
           */
          inventory_usd: usdAmount.optional(),
          /**
           * Whether the maker sells what it bought back on the market at the end of each day
           * (hedging), restoring its inventory; default true.
           */
          hedge: z.boolean({ error: 'must be true or false' }).optional(),
          /** What hedging costs, bps of the market value sold (spread, fees); default 10. */
          hedge_cost_bps: bps(0, 1000).optional(),
        }),
        { error: (iss) => (iss.input === undefined ? 'is required' : 'must be a list of market makers') },
      )
      .min(1, 'needs at least one market maker'),
    auction: z
      .strictObject(
        {
          /** Blocks an auction stays open (3 s blocks); default 7200 (6 hours). */
          duration_blocks: intIn(' of blocks', 10, 28_800).optional(),
          start_price_bps: bps(1, 9999).optional(),
          end_price_bps: bps(1, 9999).optional(),
          /**
           * The price curve (correction 12): `linear` (the deployed contract's) or
           * `{two_phase: {drop_blocks_bps, knee_bps}}` (a geometric drop, then linear); default
           * two-phase with drop 1000 and knee 5000 (the simulator's `DEFAULT_CURVE`).
           */
          curve: z
            .union(
              [
                z.literal('linear'),
                z.strictObject({
                  two_phase: z.strictObject({ drop_blocks_bps: bps(1, 9999), knee_bps: bps(1, 9999) }),
                }),
              ],
              { error: 'must be "linear" or {two_phase: {drop_blocks_bps, knee_bps}}' },
            )
            .optional(),
          /**
           * Containment (correction 12): no auction opens with its start price below the live
           * reference × (1 + min_premium_bps / 10000); `re_anchor` (default) prices it from the
           * reference, `refuse` keeps it closed; and no bid pays less than the reference at its
           * block × (1 − max_discount_bps / 10000). `"off"` turns it off; default on (500 bps
           * premium, 200 bps live reserve).
           */
          containment: z
            .union(
              [
                z.literal('off'),
                z.strictObject({
                  min_premium_bps: bps(0, 10_000),
                  action: z
                    .enum(['re_anchor', 'refuse'], { error: 'must be "re_anchor" or "refuse"' })
                    .optional(),
                  /** The live reserve, bps below the reference; `"off"` for none. */
                  max_discount_bps: z.union([bps(1, 9999), z.literal('off')]).optional(),
                }),
              ],
              { error: 'must be "off" or {min_premium_bps, action?, max_discount_bps?}' },
            )
            .optional(),
        },
        {
          error:
            'must be a mapping {duration_blocks?, start_price_bps?, end_price_bps?, curve?, containment?}',
        },
      )
      .optional(),
    /**
     * The keeper (issue #11): `containment` makes it check every opening against the live
     * reference before `open_auction`, as it does on the deployed contracts (whose auctions cannot
     * contain themselves): an opening whose start price would be below the reference ×
     * (1 + min_premium_bps / 10000), or whose end price is above the reference, is not sent.
     */
    keeper: z
      .strictObject(
        {
          containment: z
            .strictObject(
              { min_premium_bps: bps(0, 10_000) },
              { error: 'must be a mapping {min_premium_bps}' },
            )
            .optional(),
        },
        { error: 'must be a mapping {containment?}' },
      )
      .optional(),
    /**
     * The price oracle (correction 11) and its live reference: `mode` (`mean` is the deployed
     * contract's; default `external`), the `anchored` band, and the reference: the market feed
     * `delay_seconds` late (default 0) and off by `error_bps` (default 0; positive reads high).
     */
    oracle: z
      .strictObject(
        {
          mode: z
            .enum(['mean', 'recency_weighted', 'median', 'volume_weighted', 'external', 'anchored'], {
              error: 'must be one of mean, recency_weighted, median, volume_weighted, external, anchored',
            })
            .optional(),
          anchor_band_bps: bps(1, 10_000).optional(),
          reference: z
            .strictObject(
              {
                delay_seconds: intIn(' of seconds', 0, 86_400).optional(),
                error_bps: intIn(' of bps', -5000, 5000).optional(),
              },
              { error: 'must be a mapping {delay_seconds?, error_bps?}' },
            )
            .optional(),
        },
        { error: 'must be a mapping {mode?, anchor_band_bps?, reference?}' },
      )
      .optional(),
  },
  { error: (iss) => (iss.code === 'invalid_type' ? 'a scenario must be a mapping of fields' : undefined) },
)
export type Scenario = z.output<typeof Scenario>

/**
 * The keeper's default scenario (issue 2): 2023-10-10 to 2025-06-12 on real prices, a DAO
 * treasury keeping 10% in stablecoins and a diversified fund, three market makers.
 */
export const DEFAULT_SCENARIO: Scenario = {
  start: '2023-10-11',
  end: '2025-06-12',
  denoms: {
    untrn: { symbol: 'NTRN', decimals: 6 },
    uatom: { symbol: 'ATOM', decimals: 6 },
    uosmo: { symbol: 'OSMO', decimals: 6 },
    uusdc: { symbol: 'USDC', decimals: 6 },
  },
  accounts: [
    {
      name: 'DAO treasury',
      base_denom: 'uusdc',
      targets: [
        { denom: 'untrn', bps: 9000 },
        { denom: 'uusdc', bps: 1000 },
      ],
      speed: 'medium',
      max_limit_bps: 500,
      initial: [{ denom: 'untrn', amount: '2000000' }],
    },
    {
      name: 'Diversified fund',
      base_denom: 'uusdc',
      targets: [
        { denom: 'uatom', bps: 4000 },
        { denom: 'untrn', bps: 2000 },
        { denom: 'uosmo', bps: 2000 },
        { denom: 'uusdc', bps: 2000, min_balance: '100000' },
      ],
      speed: 'fast',
      initial: [{ denom: 'uatom', usd: '1000000' }],
    },
  ],
  market_makers: [
    { name: 'maker-30', margin_bps: 30 },
    { name: 'maker-60', margin_bps: 60 },
    { name: 'maker-100', margin_bps: 100 },
  ],
}
