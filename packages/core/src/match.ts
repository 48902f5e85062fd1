import { Dec, type Denom, type Trade } from '@rebalancer/types'

/**
 * Step 6, an auction minimum as value: `Dec.fromInt(minSend).div(price)`, in base units of the
 * base denom. A sell (or buy) worth less does not trade through that sell denom.
 *
 * @param minSend the auction's `min_send` for the sell denom, base units of that denom.
 * @param price price of (base, sell denom); positive.
 * @throws DecError (`division_by_zero`) when the price is zero.
 */
export function auctionMinValue(minSend: bigint, price: Dec): Dec {
  return Dec.fromInt(minSend).div(price)
}

/** One target as the matcher sees it (steps 6 and 7). */
export interface MatchLeg {
  denom: Denom
  /** Price of (base, denom): units of `denom` per unit of the base denom; 1 for the base denom. */
  price: Dec
  /** Amount held, base units of `denom`. */
  balance: bigint
  /** Never sell below this many base units; `undefined` = 0 (never sell more than held). */
  minBalance?: bigint | undefined
  /** PID output in value (base units of the base denom): < 0 sells |output|, > 0 buys. */
  output: Dec
  /** The auction's `min_send` for `denom` as a sell, base units of `denom`; 0 = no minimum. */
  minSend: bigint
}

/** A trade with the value it moves. */
export interface MatchedTrade extends Trade {
  /** The traded value v (base units of the base denom); `amount = ceil(v × price)`. */
  value: Dec
  /** True for the step-7 "one minimum lot" buy of the min_balance target. */
  minLot: boolean
}

/** Result of {@link matchTrades}. */
export interface MatchResult {
  /** In emission order. */
  trades: MatchedTrade[]
  /** Budget left unsold this cycle (value). */
  budgetLeft: Dec
}

interface Side {
  leg: MatchLeg
  /** Value still to sell (sells) or buy (buys). */
  left: Dec
  minValue: Dec
  /** Units still held (sells). */
  held: bigint
  floor: bigint
}

/**
 * Steps 6 and 7: matches sells to buys and returns the trades, in emission order.
 *
 * - Sells are the legs with output < 0 (value |output|), buys those with output > 0, both in
 *   the given (user's target) order; sells are the outer loop, buys the inner.
 * - `budget` (value) is decremented after every trade, the min-lot trade included, so
 *   Σ traded values ≤ budget (correction 1).
 * - Per pair: skip when the buy is done, the sell is done or the budget is 0. Balance guard: with
 *   `floor = minBalance ?? 0` and the sell denom's running balance (minus every amount already
 *   emitted), when `ceil(sell × price)` would leave less than the floor the sell value is cut to
 *   `(running − floor) / price` (correction 2, and for every sell: never sell more than held).
 *   Skip when the sell, the buy or the traded value is below the sell's auction minimum value
 *   (step 6), or when the amount is 0 or below `minSend`. Otherwise v = min(sell, buy, budget),
 *   amount = `ceil(v × price)` units of the sell denom, and v is subtracted from sell, buy and
 *   budget.
 * - Min lot, before the loop: when the min_balance leg is a buy whose value is below the
 *   auction minimum value of every sell (so the loop could never serve it), it first buys
 *   exactly one minimum lot (v = the sell's minimum value) from the sell with the smallest
 *   minimum value (ties: first in order) that the budget and its balance guard allow; that
 *   buy is then done and the sell's value is reduced by v (not below 0). With no sell, or
 *   none allowed, nothing happens (correction 5: never an error).
 *
 * Amounts never exceed `balance − floor` per denom in total, and never are 0.
 *
 * @param legs every target, in the user's order; prices must be positive.
 * @param budget value that may be sold this cycle (`total × maxLimitBps / 10000`).
 */
export function matchTrades(legs: readonly MatchLeg[], budget: Dec): MatchResult {
  const sells: Side[] = []
  const buys: Side[] = []
  for (const leg of legs) {
    if (leg.output.isZero()) continue
    const side: Side = {
      leg,
      left: leg.output.abs(),
      minValue: auctionMinValue(leg.minSend, leg.price),
      held: leg.balance,
      floor: leg.minBalance ?? 0n,
    }
    ;(leg.output.isNegative() ? sells : buys).push(side)
  }

  const trades: MatchedTrade[] = []
  let left = budget
  const emit = (sell: Side, buy: Side, value: Dec, amount: bigint, minLot: boolean): void => {
    trades.push({ pair: [sell.leg.denom, buy.leg.denom], amount, value, minLot })
    left = left.sub(value)
    sell.held -= amount
  }

  // Min lot for the min_balance target (step 7, last rule).
  const lotBuy = buys.find((b) => b.leg.minBalance !== undefined)
  if (lotBuy && sells.length > 0 && sells.every((s) => lotBuy.left.lt(s.minValue))) {
    const bySize = [...sells].sort((a, b) => a.minValue.cmp(b.minValue)) // stable: ties keep order
    for (const sell of bySize) {
      const v = sell.minValue
      if (v.gt(left)) break // larger lots do not fit either
      const amount = v.mul(sell.leg.price).ceil()
      if (amount === 0n || amount < sell.leg.minSend || amount > sell.held - sell.floor) continue
      emit(sell, lotBuy, v, amount, true)
      sell.left = Dec.max(sell.left.sub(v), Dec.ZERO)
      lotBuy.left = Dec.ZERO
      break
    }
  }

  for (const sell of sells) {
    const price = sell.leg.price
    for (const buy of buys) {
      if (!buy.left.isPositive() || !sell.left.isPositive() || !left.isPositive()) continue
      const available = sell.held > sell.floor ? sell.held - sell.floor : 0n
      if (sell.left.mul(price).ceil() > available) sell.left = Dec.fromInt(available).div(price)
      if (!sell.left.isPositive()) continue
      if (sell.left.lt(sell.minValue) || buy.left.lt(sell.minValue)) continue
      const v = Dec.min(Dec.min(sell.left, buy.left), left)
      if (v.lt(sell.minValue)) continue // the budget left is below this auction's minimum
      const amount = v.mul(price).ceil()
      if (amount === 0n || amount < sell.leg.minSend) continue
      emit(sell, buy, v, amount, false)
      sell.left = sell.left.sub(v)
      buy.left = buy.left.sub(v)
    }
  }

  return { trades, budgetLeft: left }
}
