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
  /** (price / market_price − 1) × 10000: the fill against the market at its time, bps. */
  vs_market_bps: z.number(),
  /** The bidding maker's margin, bps (what its rule asks below the market). */
  margin_bps: z.number(),
  /** Taken at the auction's start price (within 1 bps of it: the price had not moved yet). */
  at_start_price: z.boolean(),
  /** Taken in the first 1% of the auction's blocks. */
  early: z.boolean(),
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
  /** The auction's first and last block (bids are accepted from start_block to end_block). */
  start_block: z.number().int(),
  end_block: z.number().int(),
  /** Unix seconds of the opening block. */
  opened_at: z.number().int(),
  /** Market price of the pair when the auction opened. */
  market_price_at_open: dec,
  /** (start_price / market_price_at_open − 1) × 10000, bps: negative = opened below the market. */
  start_vs_market_bps: z.number(),
  /** Containment's verdict at the opening (`re_anchored` when it replaced the oracle's prices), or null. */
  containment: z
    .strictObject({
      verdict: z.literal('re_anchored'),
      breach: z.enum(['start_below_floor', 'end_above_reference']),
      oracle_start_price: dec,
      reference: dec,
      floor: dec,
    })
    .nullable(),
  fills: z.array(ReportFill),
  /**
   * What did not sell and why, or null when the lot sold out: `maker_capital` (the price reached
   * a maker's bid level but no maker held the funds), `live_reserve` (the curve reached a maker's
   * level but the live reserve held the price above it: the makers ask more than the reserve
   * allows), `price_above_market` (the price never fell to any maker's level before the end).
   * The unsold units go back to the sellers (or roll into the pair's next auction).
   */
  unfilled: z
    .strictObject({
      amount: uint,
      usd: dec,
      reason: z.enum(['maker_capital', 'live_reserve', 'price_above_market']),
    })
    .nullable(),
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
  /**
   * For an account with a trigger (portfolio-computer.md correction 13): whether it fired this
   * cycle (the computation ran), and why (`first_run`, `calendar_due`, `calendar_not_due`,
   * `drift_above_tolerance`, `drift_within_tolerance`). Absent without a trigger (and in older reports).
   */
  triggered: z.boolean().optional(),
  trigger_reason: z.string().optional(),
  /**
   * The one-time orders this cycle sent (part of `trades`) and the ones it refused, one line each
   * naming the rule (correction 13). Absent when the account had no order this cycle.
   */
  orders: z
    .strictObject({ sent: z.array(z.strictObject({ pair, amount: uint })), refused: z.array(z.string()) })
    .optional(),
})
export type ReportAccountCycle = z.infer<typeof ReportAccountCycle>

/** One cycle (one simulated day). */
export const ReportCycle = z.strictObject({
  day: z.string(),
  time: z.number().int(),
  /** Unix seconds at which the accounts' balances were valued (after the day's auctions). */
  valued_at: z.number().int(),
  /** Oracle prices used by the rebalancer this cycle, by pair key `a|b`. */
  oracle_prices: z.record(z.string(), dec),
  accounts: z.array(ReportAccountCycle),
  auctions: z.array(ReportAuction),
  /**
   * Openings kept closed, by the auction's containment or the keeper's own check (`by`):
   * `refused` (a rule broken), `no_reference`, or (keeper) `no_start_price`. Their funds wait for
   * the next cycle.
   */
  contained: z.array(
    z.strictObject({
      pair,
      by: z.enum(['auction', 'keeper']),
      verdict: z.enum(['refused', 'no_reference', 'no_start_price']),
      breach: z.enum(['start_below_floor', 'end_above_reference']).nullable(),
      oracle_start_price: dec.nullable(),
      reference: dec.nullable(),
      floor: dec.nullable(),
    }),
  ),
  /** The makers' hedges at the end of the day: sold `sold` of pair[0] on the market for `received` of pair[1]. */
  hedges: z.array(
    z.strictObject({ maker: z.string(), pair, sold: uint, received: uint, market_price: dec, cost_usd: dec }),
  ),
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
  /**
   * The share of the days from then on (that day included) with every weight within 1 percentage
   * point (0..1); null if never reached. Absent in reports written before issue #12.
   */
  share_within_1pp_after: z.number().min(0).max(1).nullable().optional(),
  /** USD value sold over the run (at fill-time market prices). */
  volume_sold_usd: dec,
  /**
   * Volume-weighted execution against the market price at fill time, in bps:
   * (received_usd / sold_usd − 1) × 10000; null when nothing sold.
   */
  execution_vs_market_bps: z.number().nullable(),
  /** USD given up to execution: sold_usd − received_usd at fill-time market prices (negative = gained). */
  given_up_usd: dec,
  /** The part of it that is the winning makers' margins (their rule: margin_bps below market). */
  margin_usd: dec,
  /** The rest: fills below (or above) the makers' margin, e.g. at a start price below the market. */
  other_usd: dec,
  /** margin_usd and other_usd as bps of volume_sold_usd (negative = given up); null when nothing sold. */
  margin_bps: z.number().nullable(),
  other_bps: z.number().nullable(),
  /**
   * USD the account put into auctions that did not sell (deposited − sold, at each auction's
   * opening): it kept those tokens. A low execution cost with a high unsold share means the
   * auctions did not clear.
   */
  unsold_usd: dec,
})
export type ReportAccountSummary = z.infer<typeof ReportAccountSummary>

/** Execution quality over the whole run (issue #11): every auction and fill against the market. */
export const ReportExecution = z.strictObject({
  /** The oracle mode, reference and containment in force. */
  settings: z.strictObject({
    oracle_mode: z.string(),
    reference: z.string(),
    curve: z.string(),
    containment: z.string(),
  }),
  auctions: z.number().int(),
  /** Auctions whose start price was below the market when they opened. */
  opened_below_market: z.number().int(),
  /** Openings containment re-anchored on the reference, and kept closed. */
  re_anchored: z.number().int(),
  refused: z.number().int(),
  fills: z.number().int(),
  /** Market value of everything sold, USD, and what was given up (sold − received at market). */
  sold_usd: dec,
  given_up_usd: dec,
  /** given_up / sold as bps (negative = given up); null when nothing sold. */
  execution_bps: z.number().nullable(),
  /** Fills at the auction's start price: count, USD, and share of sold volume (bps). */
  at_start_price: z.strictObject({ fills: z.number().int(), usd: dec, share_bps: z.number() }),
  /** Fills in the first 1% of an auction's blocks. */
  early: z.strictObject({ fills: z.number().int(), usd: dec, share_bps: z.number() }),
  /** Lots (or parts) left unsold at the close, with their reasons. */
  unfilled: z.strictObject({
    lots: z.number().int(),
    usd: dec,
    maker_capital: z.number().int(),
    live_reserve: z.number().int(),
    price_above_market: z.number().int(),
  }),
  /** The fill furthest below the market, or null when nothing filled. */
  worst_fill: z
    .strictObject({ day: z.string(), pair, price: dec, market_price: dec, vs_market_bps: z.number() })
    .nullable(),
})
export type ReportExecution = z.infer<typeof ReportExecution>

/** The whole report. */
export const RunReport = z.strictObject({
  version: z.literal(2),
  scenario: z.unknown(),
  started: z.string(),
  ended: z.string(),
  cycles_run: z.number().int(),
  summary: z.array(ReportAccountSummary),
  execution: ReportExecution,
  /** Per market maker: fills and volume bought (USD). */
  makers: z.array(
    z.strictObject({
      name: z.string(),
      address: z.string(),
      margin_bps: z.number(),
      fills: z.number().int(),
      bought_usd: dec,
      /** Market value of what it sold back when hedging, USD, and what hedging cost. */
      hedged_usd: dec,
      hedge_cost_usd: dec,
    }),
  ),
  /**
   * Total supply per denom before and after the run, and the makers' net market trades
   * (`market`: hedges bring in or take out coins off chain). after = before + market: nothing on
   * chain is lost or created.
   */
  supply: z.record(
    z.string(),
    z.strictObject({ before: uint, after: uint, market: z.string().regex(/^-?\d+$/) }),
  ),
  history: z.array(ReportCycle),
})
export type RunReport = z.infer<typeof RunReport>
