/**
 * One-time orders (portfolio-computer.md, "One-time orders"): "sell X of A for B at the next
 * auction", outside the PID. On chain the account sends `auction_funds {pair: [A, B]}` to the
 * auctions manager with the funds; here the order becomes that trade, after checking it against
 * the balance, the min_balance floor and the auction minimum.
 */
import { Dec, type Denom, type OneTimeOrderWire, type RebalancerConfig, type Trade } from '@rebalancer/types'
import * as z from 'zod'
import { bpsToWeight } from './override.js'
import { AmountLike, InvalidInputError, zodProblems } from './schema.js'
import { own, valuePortfolio } from './valuation.js'

/**
 * How much to sell:
 * - `{amount}`: base units of the sell denom;
 * - `{portfolioBps}`: this share of the portfolio's total value (bps of Σ target values), in
 *   the sell denom: amount = floor(total × bps / 10000 × price);
 * - `{holdingBps}`: this share of the sell denom's balance: amount = floor(balance × bps / 10000).
 *
 * Shares round down, so an order never sells more than the share asked for.
 */
export type OrderSize = { amount: bigint } | { portfolioBps: number } | { holdingBps: number }

/** Sell `size` of `sell` for `buy` at the next auction of pair `[sell, buy]`. */
export interface OneTimeOrder {
  sell: Denom
  buy: Denom
  size: OrderSize
}

const Bps = z
  .number()
  .int('must be an integer number of bps')
  .min(1, 'must be in 1..=10000')
  .max(10000, 'must be in 1..=10000')

/**
 * zod schema of a {@link OneTimeOrder} from user or JSON input: a strict object; `amount` a
 * `bigint` or integer text; `portfolioBps` / `holdingBps` integers in 1..=10000; exactly one size.
 */
export const OneTimeOrderSchema = z.strictObject({
  sell: z.string().min(1, 'must be a non-empty denom'),
  buy: z.string().min(1, 'must be a non-empty denom'),
  size: z
    .strictObject({ amount: AmountLike.optional(), portfolioBps: Bps.optional(), holdingBps: Bps.optional() })
    .superRefine((s, ctx) => {
      const given = Object.entries(s).filter(([, v]) => v !== undefined).length
      if (given !== 1) {
        ctx.addIssue({
          code: 'custom',
          input: s,
          message: `must have exactly one of amount, portfolioBps, holdingBps, got ${given}`,
        })
      }
    })
    .transform(
      (s): OrderSize =>
        s.amount !== undefined
          ? { amount: s.amount }
          : s.portfolioBps !== undefined
            ? { portfolioBps: s.portfolioBps }
            : { holdingBps: s.holdingBps! },
    ),
})
/** What {@link OneTimeOrderSchema} accepts. */
export type OneTimeOrderInput = z.input<typeof OneTimeOrderSchema>

/** Input of {@link planOneTimeOrders}. */
export interface OrderPlanInput {
  /** The account's configuration: its base denom, targets and min_balance. */
  config: RebalancerConfig
  /** Base units per denom; a missing denom holds 0. */
  balances: Readonly<Record<Denom, bigint>>
  /**
   * Price of (base, denom) for every non-base target (needed for `portfolioBps`), and for a sell
   * denom to report the order's value.
   */
  prices: Readonly<Record<Denom, Dec>>
  /** `min_send` per sell denom, base units; an order below it is refused. Missing = 0. */
  auctionMinimums?: Readonly<Record<Denom, bigint>>
  /** The orders, checked in order: each one's balance check counts the ones before it. */
  orders: readonly (OneTimeOrder | OneTimeOrderInput)[]
  /**
   * Trades already going to auction this cycle from the same account (e.g. `computeRebalance`'s):
   * their amounts are no longer available to the orders.
   */
  pending?: readonly Trade[]
}

/** One planned order. */
export interface PlannedOrder {
  order: OneTimeOrder
  /** The trade to send: `{pair: [sell, buy], amount}`, amount in base units of sell. */
  trade: Trade
  /** Its value in base units of the base denom (amount / price), `null` when the sell denom has no price. */
  value: Dec | null
}

/** Thrown by {@link planOneTimeOrders}; `problems` has one line per problem, naming the field. */
export class InvalidOrderError extends InvalidInputError<'invalid_order'> {
  static override readonly kind: string = 'InvalidOrderError'

  /** @param problems one line per problem, naming the field and the rule */
  constructor(problems: readonly string[]) {
    super('one-time order', problems, { code: 'invalid_order' })
  }
}

/**
 * Turns one-time orders into the trades to send to the next auctions, checking every one:
 * - shape (strict; see {@link OneTimeOrderSchema}); `sell ≠ buy`;
 * - the amount is positive (a share that rounds to 0 units is refused);
 * - the amount is at least the sell denom's auction minimum (`min_send`): the auction would refuse less;
 * - the amount, plus the pending trades and earlier orders of the same denom, leaves at least the
 *   floor: the target's `minBalance` when the sell denom has one, else 0 (never more than held);
 * - `portfolioBps` needs a positive total value and a price for the sell denom.
 *
 * Orders are independent of the PID: they do not count against `maxLimitBps` (the user asked for
 * them explicitly) and do not change the controller state.
 *
 * @returns the planned orders in the given order, and their trades.
 * @throws InvalidOrderError listing every problem of every order at once (`orders[1].size.amount: …`).
 * @throws CoreError for invalid prices or balances of the targets (as `valuePortfolio`).
 */
export function planOneTimeOrders(input: OrderPlanInput): { orders: PlannedOrder[]; trades: Trade[] } {
  const { config, balances, prices } = input
  const minimums = input.auctionMinimums ?? {}
  const problems: string[] = []
  const committed = new Map<Denom, bigint>()
  for (const t of input.pending ?? []) committed.set(t.pair[0], (committed.get(t.pair[0]) ?? 0n) + t.amount)
  let total: Dec | undefined
  const totalValue = (): Dec => {
    total ??= valuePortfolio(config, balances, prices).total
    return total
  }
  const priceOfSell = (denom: Denom): Dec | null => {
    if (denom === config.baseDenom) return Dec.ONE
    const p = own(prices, denom)
    return p?.isPositive() ? p : null
  }

  const planned: PlannedOrder[] = []
  input.orders.forEach((raw, k) => {
    const at = `orders[${k}]`
    const parsed = OneTimeOrderSchema.safeParse(raw)
    if (!parsed.success) {
      problems.push(...zodProblems(parsed.error, ['orders', k]))
      return
    }
    const order: OneTimeOrder = parsed.data
    const before = problems.length
    if (order.sell === order.buy)
      problems.push(`${at}.buy: must differ from sell, got "${order.buy}" for both`)
    const held = own(balances, order.sell) ?? 0n
    const price = priceOfSell(order.sell)

    let amount: bigint | undefined
    const size = order.size
    if ('amount' in size) {
      amount = size.amount
    } else if ('holdingBps' in size) {
      amount = bpsToWeight(size.holdingBps).mulFloor(held)
    } else if (price === null) {
      problems.push(`${at}.size.portfolioBps: needs a positive price of (${config.baseDenom}, ${order.sell})`)
    } else if (!totalValue().isPositive()) {
      problems.push(`${at}.size.portfolioBps: the portfolio's total value is 0`)
    } else {
      amount = totalValue().mul(bpsToWeight(size.portfolioBps)).mul(price).floor()
    }
    const sizeField = `${at}.size.${Object.keys(size)[0]}`

    if (amount !== undefined) {
      const target = config.targets.find((t) => t.denom === order.sell)
      const floor = target?.minBalance ?? 0n
      const used = committed.get(order.sell) ?? 0n
      const available = held - used - floor
      const min = own(minimums, order.sell) ?? 0n
      if (amount <= 0n) {
        problems.push(`${sizeField}: must sell a positive amount, got ${amount} ${order.sell}`)
      } else {
        if (amount < min) {
          problems.push(
            `${sizeField}: ${amount} ${order.sell} is below the auction minimum (min_send ${min})`,
          )
        }
        if (amount > available) {
          const why =
            floor > 0n
              ? `only ${available > 0n ? available : 0n} ${order.sell} may be sold (balance ${held}, min_balance ${floor}${used > 0n ? `, already selling ${used}` : ''})`
              : `only ${available > 0n ? available : 0n} ${order.sell} may be sold (balance ${held}${used > 0n ? `, already selling ${used}` : ''})`
          problems.push(`${sizeField}: ${amount} ${order.sell} exceeds the balance: ${why}`)
        }
      }
      if (problems.length === before) {
        committed.set(order.sell, used + amount)
        planned.push({
          order,
          trade: { pair: [order.sell, order.buy], amount },
          value: price === null ? null : Dec.fromInt(amount).div(price),
        })
      }
    }
  })
  if (problems.length > 0) throw new InvalidOrderError(problems)
  return { orders: planned, trades: planned.map((p) => p.trade) }
}

/**
 * A {@link OneTimeOrder} from its wire form (ours, portfolio-computer.md correction 13;
 * `OneTimeOrderWire` in `@rebalancer/types`, which checks the shape: decode with it first):
 * `{amount}` → base units, `{portfolio_bps}` → `portfolioBps`, `{holding_bps}` → `holdingBps`.
 */
export function orderFromWire(w: OneTimeOrderWire): OneTimeOrder {
  const s = w.size
  const size: OrderSize =
    s.amount !== undefined
      ? { amount: BigInt(s.amount) }
      : s.portfolio_bps !== undefined
        ? { portfolioBps: s.portfolio_bps }
        : { holdingBps: s.holding_bps! }
  return { sell: w.sell, buy: w.buy, size }
}

/** Input of {@link planCycleOrders}: {@link OrderPlanInput} with the orders in their wire form. */
export interface CycleOrdersInput extends Omit<OrderPlanInput, 'orders' | 'pending'> {
  /** The orders waiting for this cycle, in the order they were placed (`OneTimeOrderWire`). */
  orders: readonly OneTimeOrderWire[]
  /** The computation's trades of this cycle (none when it did not run). */
  pending: readonly Trade[]
}

/**
 * The one-time orders step of a rebalancer cycle (correction 13), as the localnet rebalancer
 * contract and the simulator's fast path both run it: each waiting order is checked on its own
 * ({@link planOneTimeOrders}) against what the computation and the orders before it already
 * send; an order that fails is refused with its problems (the field named by the order's index
 * in `orders`: `orders[2].size.amount: …`) and the others still go.
 * @returns the trades to send after the computation's, and one line per problem of the refused orders.
 * @throws CoreError for invalid prices or balances (as `valuePortfolio`); never for an order.
 */
export function planCycleOrders(input: CycleOrdersInput): { trades: Trade[]; refused: string[] } {
  const { orders, pending, ...rest } = input
  const trades: Trade[] = []
  const refused: string[] = []
  orders.forEach((o, k) => {
    try {
      const planned = planOneTimeOrders({
        ...rest,
        orders: [orderFromWire(o)],
        pending: [...pending, ...trades],
      })
      trades.push(...planned.trades)
    } catch (e) {
      // planOneTimeOrders names the field of its one-order list (`orders[0].…`): give the index here
      if (!InvalidOrderError.isInstance(e)) throw e
      for (const p of e.problems) refused.push(p.replace(/^orders\[0\]/, `orders[${k}]`))
    }
  })
  return { trades, refused }
}
