import * as z from 'zod'

/**
 * The run report that `rebalancer-keeper start --report <file>` writes: the full cycle history
 * and the summary of a simulated run. Units: token amounts are base-unit integers as strings;
 * USD values, prices and weights are decimal strings (Dec18 text, weights as fractions of 1);
 * times are unix seconds plus the UTC day; slippage is in bps (negative = sold below market).
 */
const uint = z.string().regex(/^\d+$/, 'must be a base-unit integer string')
const dec = z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a decimal string')
const pair = z.tuple([z.string(), z.string()])

/** One fill of a pair auction by a market maker. */
export const ReportFill = z.strictObject({
  maker: z.string(),
  height: z.number().int(),
  time: z.number().int(),
  /** Auction price at the bid's block (units of buy per unit of sell). */
  price: dec,
  /** Market price of the pair at the bid's time. */
  market_price: dec,
  /** Sell-denom base units bought. */
  bought: uint,
  /** Buy-denom base units paid (sent minus refund). */
  paid: uint,
})
export type ReportFill = z.infer<typeof ReportFill>

/** One pair auction of a cycle, after it closed. */
export const ReportAuction = z.strictObject({
  pair,
  lot: uint,
  sold: uint,
  resolved: uint,
  start_price: dec,
  end_price: dec,
  /** resolved / sold; null when nothing sold. */
  average_price: dec.nullable(),
  fills: z.array(ReportFill),
})
export type ReportAuction = z.infer<typeof ReportAuction>

/** An account's part in one pair auction. */
export const ReportAccountFill = z.strictObject({
  pair,
  /** Sell-denom base units deposited. */
  deposited: uint,
  /** Sell-denom base units sold (deposited minus unsold returned). */
  sold: uint,
  /** Buy-denom base units received. */
  received: uint,
  /** USD value of `sold` at the fills' market prices (volume-weighted). */
  sold_usd: dec,
  /** USD value of `received` at the same times. */
  received_usd: dec,
})
export type ReportAccountFill = z.infer<typeof ReportAccountFill>

/** One account at the end of one cycle. */
export const ReportAccountCycle = z.strictObject({
  name: z.string(),
  /** Balances by denom, base units. */
  balances: z.record(z.string(), uint),
  total_usd: dec,
  /** Current weight by denom (fraction of 1). */
  weights: z.record(z.string(), dec),
  /** Trades the rebalancer sent this cycle. */
  trades: z.array(z.strictObject({ pair, amount: uint })),
  /** The rebalancer's total value (base denom units, Dec) at computation time. */
  total_value_base: dec.nullable(),
  fills: z.array(ReportAccountFill),
  /** Set when the account was paused (automatically or by its owner). */
  paused: z.string().nullable(),
})
export type ReportAccountCycle = z.infer<typeof ReportAccountCycle>

/** One cycle (one simulated day). */
export const ReportCycle = z.strictObject({
  day: z.string(),
  time: z.number().int(),
  /** Oracle prices used by the rebalancer this cycle, by pair key `a|b`. */
  oracle_prices: z.record(z.string(), dec),
  accounts: z.array(ReportAccountCycle),
  auctions: z.array(ReportAuction),
})
export type ReportCycle = z.infer<typeof ReportCycle>

/** The summary of one account over the run. */
export const ReportAccountSummary = z.strictObject({
  name: z.string(),
  address: z.string(),
  start_usd: dec,
  end_usd: dec,
  /** End weight and target weight by denom (fractions of 1). */
  end_weights: z.record(z.string(), z.strictObject({ weight: dec, target: dec })),
  /** Days from the first cycle until every weight was within 1 percentage point of its target; null if never. */
  days_to_within_1pp: z.number().int().nullable(),
  /** USD value sold over the run (at fill-time market prices). */
  volume_sold_usd: dec,
  /**
   * Volume-weighted execution against the market price at fill time, in bps:
   * (received_usd / sold_usd − 1) × 10000; null when nothing sold.
   */
  execution_vs_market_bps: z.number().nullable(),
})
export type ReportAccountSummary = z.infer<typeof ReportAccountSummary>

/** The whole report. */
export const RunReport = z.strictObject({
  version: z.literal(1),
  scenario: z.unknown(),
  started: z.string(),
  ended: z.string(),
  cycles_run: z.number().int(),
  summary: z.array(ReportAccountSummary),
  /** Per market maker: fills and volume bought (USD). */
  makers: z.array(
    z.strictObject({
      name: z.string(),
      address: z.string(),
      margin_bps: z.number(),
      fills: z.number().int(),
      bought_usd: dec,
    }),
  ),
  /** Total supply per denom before and after the run (must be equal: nothing lost or created). */
  supply: z.record(z.string(), z.strictObject({ before: uint, after: uint })),
  history: z.array(ReportCycle),
})
export type RunReport = z.infer<typeof RunReport>
