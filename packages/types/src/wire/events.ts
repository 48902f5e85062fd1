/**
 * The contracts' `valence-event`s (wire-formats.md, "Events"), typed: every action's name as a
 * constant, its `data` shape as a zod schema, an encoder the localnet emits with and a decoder
 * the simulator and the keeper read a transaction's events with. A chain reports a contract's
 * event type `valence-event` as `wasm-valence-event` with the contract's address in
 * `_contract_address`.
 */
import * as z from 'zod'
import type { Event } from '../chain.js'
import { RebalancerError } from '../errors.js'
import { decodeServiceData, encodeServiceData } from './convert.js'
import { OneTimeOrderWire } from './trigger.js'

/** A pair on the wire: `[sell, buy]` denoms. */
const PairWire = z.tuple([z.string(), z.string()])
/** A base-unit integer as a decimal string. */
const Units = z.string().regex(/^\d+$/, 'must be a base-unit integer as a decimal string')
/** A decimal as a string (Dec18 text). */
const DecText = z.string().regex(/^\d+(\.\d+)?$/, 'must be a non-negative decimal string')
const Height = z.number().int().nonnegative()

/** The action names (kebab-case) of every `valence-event` the contracts emit. */
export const VALENCE_ACTIONS = {
  auctionFunds: 'auction-auction-funds',
  auctionWithdrawFunds: 'auction-withdraw-funds',
  auctionRefund: 'auction-refund',
  auctionOpen: 'auction-open',
  auctionContainment: 'auction-containment',
  auctionDoBid: 'auction-do-bid',
  auctionClose: 'auction-close',
  oracleUpdatePrice: 'oracle-update-price',
  oracleManualPrice: 'oracle-manual-price',
  rebalancerRegister: 'rebalancer-register',
  rebalancerPause: 'rebalancer-pause',
  rebalancerResume: 'rebalancer-resume',
  rebalancerAccountError: 'rebalancer-account-error',
  rebalancerAccountStalePrice: 'rebalancer-account-stale-price',
  rebalancerAccountPaused: 'rebalancer-account-paused',
  rebalancerAccountRebalance: 'rebalancer-account-rebalance',
  rebalancerPlaceOrder: 'rebalancer-place-order',
} as const

/** One `valence-event` action name. */
export type ValenceAction = (typeof VALENCE_ACTIONS)[keyof typeof VALENCE_ACTIONS]

/** The `data` schema of every action (strict: an unknown field is refused, as the chain's serde does). */
export const ValenceEventData = {
  /** A seller queued funds for the next auction (auction contract, `auction_funds`). */
  'auction-auction-funds': z.strictObject({ seller: z.string(), amount: Units, height: Height }),
  /** A seller took queued funds back (`withdraw_funds`). */
  'auction-withdraw-funds': z.strictObject({ seller: z.string(), amount: Units }),
  /** `open_auction` refunded the queue: below the denom's `start_auction` minimum. */
  'auction-refund': z.strictObject({ queued: Units, min_start: Units }),
  /** `open_auction` started an auction: its window, price curve ends and lot. */
  'auction-open': z.strictObject({
    pair: PairWire,
    start_block: Height,
    end_block: Height,
    start_price: DecText,
    end_price: DecText,
    total_amount: Units,
  }),
  /**
   * Containment (ours, auction.md "Containment"): `open_auction` found the oracle-derived start
   * price below `floor` = reference × (1 + min premium), or the end price above the reference, and
   * either `re_anchored` the prices on the reference (the auction opened; its `auction-open`
   * follows) or `refused` to open (the queue waits); `no_reference` when the reference had no
   * price (not opened). Prices buy per sell unit.
   */
  'auction-containment': z.strictObject({
    pair: PairWire,
    verdict: z.enum(['re_anchored', 'refused', 'no_reference']),
    /** The rule broken: the start below the floor, or the end above the reference; null for `no_reference`. */
    breach: z.enum(['start_below_floor', 'end_above_reference']).nullable(),
    oracle_start_price: DecText,
    start_price: DecText.nullable(),
    reference: DecText.nullable(),
    floor: DecText.nullable(),
  }),
  /**
   * A bid: `price` (buy per sell base unit) at `height`; `sent` buy units, `bought` sell units,
   * `refunded` buy units returned (paid = sent − refunded); `halted` when the chain-halt guard
   * refused to sell.
   */
  'auction-do-bid': z.strictObject({
    bidder: z.string(),
    height: Height,
    price: DecText,
    sent: Units,
    bought: Units,
    refunded: Units,
    halted: z.boolean(),
  }),
  /** `finish_auction` closed an auction: sold, resolved (buy units), average price, leftovers. */
  'auction-close': z.strictObject({
    pair: PairWire,
    total_amount: Units,
    sold: Units,
    resolved: Units,
    average_price: DecText.nullable(),
    leftovers: z.tuple([Units, Units]),
  }),
  /** `update_price`: the stored price, its time (nanosecond timestamp) and where it came from. */
  'oracle-update-price': z.strictObject({
    pair: PairWire,
    price: DecText,
    time: Units,
    source: z.enum(['auctions', 'external']),
  }),
  /** `manual_price_update` by the admin. */
  'oracle-manual-price': z.strictObject({ pair: PairWire, price: DecText, time: Units }),
  'rebalancer-register': z.strictObject({ account: z.string() }),
  /** An account (or its trustee) paused it, with its free-text reason. */
  'rebalancer-pause': z.strictObject({ account: z.string(), reason: z.string().nullable() }),
  'rebalancer-resume': z.strictObject({ account: z.string() }),
  /** One account failed in `system_rebalance` (the others go on, correction 5). */
  'rebalancer-account-error': z.strictObject({ account: z.string(), error: z.string() }),
  /** An account was skipped: no fresh oracle price for `pair`. */
  'rebalancer-account-stale-price': z.strictObject({ account: z.string(), pair: PairWire }),
  /** `system_rebalance` paused an account (empty balance, below the base minimum). */
  'rebalancer-account-paused': z.strictObject({
    account: z.string(),
    reason: z.enum(['empty_balance', 'below_minimum']),
  }),
  /**
   * An account's rebalance: its total value (base denom) and the trades sent to auctions. For an
   * account with a trigger or one-time orders (ours, portfolio-computer.md correction 13), also:
   * `triggered` (whether the computation ran) with its `trigger_reason` (core's
   * `TriggerDecision.reason`), `orders` (the one-time orders' trades, part of `trades`) and
   * `orders_refused` (one line per order the cycle could not send, naming the rule). A cycle
   * whose trigger did not fire still reports here, with only the orders' trades.
   */
  'rebalancer-account-rebalance': z.strictObject({
    account: z.string(),
    total_value: DecText,
    trades: z.array(z.strictObject({ pair: PairWire, amount: Units })),
    triggered: z.boolean().optional(),
    trigger_reason: z.string().optional(),
    orders: z.array(z.strictObject({ pair: PairWire, amount: Units })).optional(),
    orders_refused: z.array(z.string()).optional(),
  }),
  /** An account placed a one-time order for the next cycle (ours, correction 13). */
  'rebalancer-place-order': z.strictObject({ account: z.string(), order: OneTimeOrderWire }),
} as const satisfies Record<ValenceAction, z.ZodType>

/** The `data` of action `A`. */
export type ValenceEventDataOf<A extends ValenceAction> = z.infer<(typeof ValenceEventData)[A]>

/**
 * A decoded `valence-event`, keyed by `action`: narrowing on `action` types `data`.
 * @example
 * for (const e of decodeValenceEvents(result.events))
 *   if (e.action === VALENCE_ACTIONS.auctionDoBid) console.log(e.data.bought)
 */
export type ValenceEvent = {
  [A in ValenceAction]: {
    /** The emitting contract's address (`_contract_address`; empty when the chain gave none). */
    contract: string
    action: A
    data: ValenceEventDataOf<A>
  }
}[ValenceAction]

/** A `valence-event` that cannot be decoded: unknown action, or data that breaks its schema. */
export class ValenceEventError extends RebalancerError {
  static override readonly kind = 'ValenceEventError'
}

function eventError(action: ValenceAction, issue: z.core.$ZodIssue | undefined): ValenceEventError {
  const where = (issue?.path ?? []).map((p) => (typeof p === 'symbol' ? String(p) : p))
  return new ValenceEventError(
    'invalid_event_data',
    `valence-event ${action}: data${where.length ? `.${where.join('.')}` : ''} ${issue?.message ?? 'is invalid'}`,
    { path: ['data', ...where] },
  )
}

const ACTION_SET: ReadonlySet<string> = new Set(Object.values(VALENCE_ACTIONS))

/** Whether `action` is one of {@link VALENCE_ACTIONS}. */
export function isValenceAction(action: string): action is ValenceAction {
  return ACTION_SET.has(action)
}

/**
 * The contract-side event (type `valence-event`, attributes `action` and base64 JSON `data`)
 * for `action` with `data`, validated against the action's schema.
 * @throws ValenceEventError when `data` breaks the action's schema (code `invalid_event_data`).
 * @example
 * res.events.push(encodeValenceEvent(VALENCE_ACTIONS.rebalancerResume, { account }))
 */
export function encodeValenceEvent<A extends ValenceAction>(action: A, data: ValenceEventDataOf<A>): Event {
  const parsed = ValenceEventData[action].safeParse(data)
  if (!parsed.success) {
    throw eventError(action, parsed.error.issues[0])
  }
  return {
    type: 'valence-event',
    attributes: [
      { key: 'action', value: action },
      { key: 'data', value: encodeServiceData(data) },
    ],
  }
}

/**
 * Decodes the `wasm-valence-event`s (also accepts the contract-side `valence-event` type) of a
 * transaction's events, in order; other events, and actions not in {@link VALENCE_ACTIONS} (a
 * newer contract's), are skipped.
 * @throws ValenceEventError (code `invalid_event_data`) naming the action and the field when a
 *   known action's data breaks its schema, or WireError when `data` is not base64 JSON.
 * @example
 * const { events } = await client.execute(sender, auction, { bid: {} }, 'auto', '', funds)
 * const bids = decodeValenceEvents(events).filter((e) => e.action === VALENCE_ACTIONS.auctionDoBid)
 */
export function decodeValenceEvents(events: readonly Event[]): ValenceEvent[] {
  const out: ValenceEvent[] = []
  for (const e of events) {
    if (e.type !== 'wasm-valence-event' && e.type !== 'valence-event') continue
    const attr = (k: string) => e.attributes.find((a) => a.key === k)?.value
    const action = attr('action') ?? ''
    // an action this version does not know (a newer contract) is not an error: it is skipped
    if (!isValenceAction(action)) continue
    const raw = attr('data')
    const parsed = ValenceEventData[action].safeParse(raw === undefined ? null : decodeServiceData(raw))
    if (!parsed.success) {
      throw eventError(action, parsed.error.issues[0])
    }
    out.push({ contract: attr('_contract_address') ?? '', action, data: parsed.data } as ValenceEvent)
  }
  return out
}

/**
 * The events of `action` among decoded events, with `data` typed.
 * @example
 * const rebalances = eventsOf(events, VALENCE_ACTIONS.rebalancerAccountRebalance)
 */
export function eventsOf<A extends ValenceAction>(
  events: readonly ValenceEvent[],
  action: A,
): Extract<ValenceEvent, { action: A }>[] {
  return events.filter((e): e is Extract<ValenceEvent, { action: A }> => e.action === action)
}
