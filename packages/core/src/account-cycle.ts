/**
 * One account's step of a rebalancer cycle (portfolio-computer.md "The cycle", correction 13), as
 * the localnet rebalancer contract and the simulator's fast path both run it: gather the inputs,
 * the trigger, the computation (which may pause or skip the account), the one-time orders. Pure:
 * the callers turn the outcome into their effects (storage, messages, events).
 */
import type {
  Dec,
  Denom,
  OneTimeOrderWire,
  Pair,
  PauseReason,
  RebalancerConfig,
  RebalanceState,
  Trade,
} from '@rebalancer/types'
import { computeRebalance } from './compute.js'
import { planCycleOrders } from './order.js'
import { type Trigger, type TriggerDecision, type TriggerPriceHistory, triggerCycle } from './trigger.js'
import { valuePortfolio } from './valuation.js'

/** Input of {@link accountCycle}: the account as stored and how to read the chain this cycle. */
export interface AccountCycleInput {
  config: RebalancerConfig
  state: RebalanceState
  /** Its trigger, decoded (absent: it computes every cycle, as deployed). */
  trigger?: Trigger | undefined
  /** A volatility trigger's kept price history. */
  history?: Readonly<Record<Denom, readonly string[]>> | undefined
  /** One-time orders waiting for this cycle (wire form). */
  orders: readonly OneTimeOrderWire[]
  /** The account's balance of a denom, base units. */
  balanceOf: (denom: Denom) => bigint
  /** The fresh price of (base, denom) this cycle; undefined when stale. */
  priceOf: (pair: Pair) => Dec | undefined
  /** The auctions' `min_send` of a denom, base units. */
  minSend: (denom: Denom) => bigint
  /** The base denom's minimum account value, base units. */
  baseMinValue: bigint
  /** Cycle period, seconds. */
  periodSeconds: number
  /** Unix seconds of this cycle. */
  now: number
}

/**
 * What {@link accountCycle} decided:
 * - `stale_price`: a target's price is not fresh; nothing else ran, nothing changes;
 * - `paused`: the computation paused the account (`empty_balance` / `below_minimum`);
 * - `skipped`: the computation had nothing to do and no order waits; the state stays;
 * - `rebalanced`: the trades to send (the computation's, then the orders'), the state to keep
 *   (unchanged when the trigger did not fire), the value, the trigger's decision and the orders'.
 * Every outcome but `stale_price` carries the trigger history to keep, when there is one.
 */
export type AccountCycle =
  | { kind: 'stale_price'; pair: Pair }
  | { kind: 'paused'; reason: PauseReason; history?: TriggerPriceHistory }
  | { kind: 'skipped'; history?: TriggerPriceHistory }
  | {
      kind: 'rebalanced'
      state: RebalanceState
      history?: TriggerPriceHistory
      /** Everything sent this cycle: the computation's trades, then the orders'. */
      sent: Trade[]
      /** The orders' trades, and the refused orders (`orders[i]…: rule`). */
      orderTrades: Trade[]
      refused: string[]
      totalValue: Dec
      /** The trigger's decision; null without a trigger. */
      decision: TriggerDecision | null
    }

/**
 * Runs one account's cycle step: reads every target's balance, `min_send` and (base, denom)
 * price (a stale price stops here); a trigger decides whether the computation runs
 * ({@link triggerCycle}: a volatility trigger's history is updated either way); the computation
 * ({@link computeRebalance}) may pause the account or skip it when nothing is to trade and no
 * order waits; a trigger that does not fire keeps the state and only values the account; the
 * waiting orders are planned against what is already sent ({@link planCycleOrders}).
 * @throws as {@link computeRebalance} and {@link triggerCycle}.
 */
export function accountCycle(input: AccountCycleInput): AccountCycle {
  const { config } = input
  const base = config.baseDenom
  const balances: Record<Denom, bigint> = {}
  const prices: Record<Denom, Dec> = {}
  const auctionMinimums: Record<Denom, bigint> = {}
  for (const t of config.targets) {
    balances[t.denom] = input.balanceOf(t.denom)
    auctionMinimums[t.denom] = input.minSend(t.denom)
    if (t.denom === base) continue
    const p = input.priceOf([base, t.denom])
    if (!p) return { kind: 'stale_price', pair: [base, t.denom] }
    prices[t.denom] = p
  }
  let decision: TriggerDecision | null = null
  let history: TriggerPriceHistory | undefined
  if (input.trigger !== undefined) {
    const step = triggerCycle({
      trigger: input.trigger,
      history: input.history,
      config,
      state: input.state,
      balances,
      prices,
      periodSeconds: input.periodSeconds,
      now: input.now,
    })
    decision = step.decision
    history = step.history
  }
  const kept = history === undefined ? {} : { history }
  let state = input.state
  let trades: Trade[] = []
  let totalValue: Dec
  if (decision === null || decision.run) {
    const result = computeRebalance({
      config,
      state: input.state,
      balances,
      prices,
      auctionMinimums,
      baseMinValue: input.baseMinValue,
      periodSeconds: input.periodSeconds,
      now: input.now,
    })
    if (result.pause) return { kind: 'paused', reason: result.pause.reason, ...kept }
    if (result.skipped && input.orders.length === 0) return { kind: 'skipped', ...kept }
    state = result.state
    trades = result.trades
    totalValue = result.totalValue
  } else {
    totalValue = valuePortfolio(config, balances, prices).total
  }
  const planned = planCycleOrders({
    config,
    balances,
    prices,
    auctionMinimums,
    orders: input.orders,
    pending: trades,
  })
  return {
    kind: 'rebalanced',
    state,
    ...kept,
    sent: [...trades, ...planned.trades],
    orderTrades: planned.trades,
    refused: planned.refused,
    totalValue,
    decision,
  }
}
