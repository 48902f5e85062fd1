import { z } from 'zod'

const decimalText = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'must be a non-negative decimal number written as a string, e.g. "0.1"')
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'must be a real calendar date')
const denom = z.string().regex(/^[a-zA-Z][a-zA-Z0-9/:._-]{2,127}$/, 'must be a denom such as "uatom"')
const bps = (max: number) => z.number().int('must be a whole number of bps').min(1).max(max)

/** Speed presets used by existing UIs (wire-formats.md): slow 0.05, medium 0.1, fast 0.2 (P only). */
export const SPEED_PRESETS = {
  slow: { p: '0.05', i: '0', d: '0' },
  medium: { p: '0.1', i: '0', d: '0' },
  fast: { p: '0.2', i: '0', d: '0' },
} as const

/**
 * What an account starts with: `amount` tokens of the denom (whole tokens, decimal text), or
 * the amount worth `usd` dollars at the scenario's first price.
 */
export const ScenarioHolding = z.union([
  z.strictObject({ denom, amount: decimalText }),
  z.strictObject({ denom, usd: decimalText }),
])
export type ScenarioHolding = z.infer<typeof ScenarioHolding>

/** A treasury account of a scenario (portfolio-computer.md "Configuration", in scenario form). */
export const ScenarioAccount = z.strictObject({
  /** Shown in progress and the summary. */
  name: z.string().min(1, 'must not be empty'),
  base_denom: denom,
  targets: z
    .array(
      z.strictObject({
        denom,
        bps: bps(9999),
        /** Whole tokens (decimal text) to keep at least. */
        min_balance: decimalText.optional(),
      }),
    )
    .min(2, 'needs at least 2 targets'),
  /** A preset name or explicit gains. */
  speed: z.union([
    z.enum(['slow', 'medium', 'fast']),
    z.strictObject({ p: decimalText, i: decimalText, d: decimalText }),
  ]),
  /** Most value sold in one cycle, bps of total value; default 10000. */
  max_limit_bps: bps(10000).optional(),
  target_override_strategy: z.enum(['proportional', 'priority']).optional(),
  initial: z.array(ScenarioHolding).min(1, 'needs at least one holding'),
})
export type ScenarioAccount = z.infer<typeof ScenarioAccount>

/**
 * A simulation scenario: the price file, the dates, the denoms, the accounts and the market
 * makers. Validated strictly: unknown fields are errors naming the field.
 */
export const Scenario = z.strictObject({
  /** A CSV like the shipped `prices-hourly.csv`; default the shipped hourly history. */
  prices: z.string().min(1).optional(),
  /** First cycle day (UTC). */
  start: isoDate,
  /** Last cycle day (UTC), inclusive. */
  end: isoDate,
  /** Chain denoms and the price-file symbol and decimals of each. */
  denoms: z
    .record(denom, z.strictObject({ symbol: z.string().min(1), decimals: z.number().int().min(0).max(18) }))
    .refine((d) => Object.keys(d).length >= 2, 'needs at least 2 denoms'),
  accounts: z.array(ScenarioAccount).min(1, 'needs at least one account'),
  market_makers: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        /** How much better than the market price the maker wants to buy, in bps. */
        margin_bps: z.number().int().min(0).max(9999),
        /** Inventory per denom, in USD at the first price; default 5,000,000. */
        inventory_usd: decimalText.optional(),
      }),
    )
    .min(1, 'needs at least one market maker'),
  auction: z
    .strictObject({
      /** Blocks an auction stays open (3 s blocks); default 7200 (6 hours). */
      duration_blocks: z.number().int().min(10).max(28_800).optional(),
      start_price_bps: bps(9999).optional(),
      end_price_bps: bps(9999).optional(),
    })
    .optional(),
})
export type Scenario = z.infer<typeof Scenario>

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
