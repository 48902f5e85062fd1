import { type AuctionError, type AuctionErrorCode, isAuctionError } from '@rebalancer/auction'
import type { ParsedEnum, VariantMap } from '@rebalancer/types'
import { ContractError, type MessageInfo, nonPayable } from '../runtime.js'
import { decode, unauthorized } from './msg.js'

/**
 * One contract message type: its externally tagged variants (wire schemas of `@rebalancer/types`)
 * and the Rust type name the chain's decoder names in its errors (`auction::msg::ExecuteMsg`).
 */
export interface MsgType<V extends VariantMap, U extends readonly string[]> {
  readonly variants: V
  readonly units: U
  readonly name: string
}

/** A {@link MsgType} from its variants, unit variants and Rust type name. */
export function msgType<const V extends VariantMap, const U extends readonly string[]>(
  variants: V,
  units: U,
  name: string,
): MsgType<V, U> {
  return { variants, units, name }
}

/** Variant names of a {@link MsgType}. */
export type VariantOf<V extends VariantMap, U extends readonly string[]> = ParsedEnum<V, U>['variant']

/** Variants only one address may send, and how the refusal names that address. */
export interface Restriction<N extends string> {
  readonly variants: readonly N[]
  /** The one address allowed to send them. */
  readonly address: string
  /** Who that is, for the `Unauthorized: only <who>` refusal (`the admin`). */
  readonly who: string
}

/** Rules of {@link executePreamble}. */
export interface ExecuteRules<N extends string> {
  /**
   * Variants that take funds; every other variant refuses funds (correction 10, `nonpayable`).
   * `'any'`: every variant takes funds (the account, which holds them).
   */
  readonly payable?: readonly N[] | 'any'
  /** Sender restrictions, checked after the funds rule, first match wins. */
  readonly restricted?: readonly Restriction<N>[]
}

/**
 * The preamble of every contract `execute`: decode the message as the chain's serde decoder would,
 * refuse funds on every variant not listed `payable` (cw-utils `nonpayable`), then refuse a
 * sender outside a variant's `restricted` address. Returns the decoded `{variant, body}`.
 * @throws ContractError `Error parsing into type <name>: …`, `This message does no accept funds`,
 *   `Unauthorized: only <who>`, in that order.
 * @example
 * ```ts
 * const m = executePreamble(ORACLE_EXECUTE, msg, info, {
 *   restricted: [{ variants: ['update_config'], address: admin, who: 'the admin' }],
 * })
 * ```
 */
export function executePreamble<const V extends VariantMap, const U extends readonly string[]>(
  type: MsgType<V, U>,
  msg: unknown,
  info: MessageInfo,
  rules: ExecuteRules<VariantOf<V, U>> = {},
): ParsedEnum<V, U> {
  const m = decode(type.variants, type.units, msg, type.name)
  const variant = m.variant as VariantOf<V, U>
  if (rules.payable !== 'any' && !rules.payable?.includes(variant)) nonPayable(info)
  for (const r of rules.restricted ?? []) {
    if (r.variants.includes(variant)) {
      if (info.sender !== r.address) throw unauthorized(`only ${r.who}`)
      break
    }
  }
  return m
}

/**
 * The preamble of every contract `query`: decode the message as the chain would.
 * @throws ContractError `Error parsing into type <name>: …`
 */
export function queryPreamble<const V extends VariantMap, const U extends readonly string[]>(
  type: MsgType<V, U>,
  msg: unknown,
): ParsedEnum<V, U> {
  return decode(type.variants, type.units, msg, type.name)
}

/**
 * The deployed contracts' error texts (valence-services v0.1.6, `auction`, `auctions_manager` and
 * `price_oracle` `ContractError`s) for the kernel's refusals that have one. A code missing here
 * is a refusal the deployed contracts word differently or not at all (a localnet check, or a
 * DEX-route error); it keeps the kernel's message.
 */
const CHAIN_TEXT: { readonly [C in AuctionErrorCode]?: (e: AuctionError<C>) => string } = {
  paused: () => 'Auction is paused',
  below_min_send: (e) => `Auction amount is too low, minimum: ${e.details.minSend ?? 0n}`,
  not_closed: () => 'Auction is not closed yet',
  cannot_clean: () => 'Auction is not closed yet',
  invalid_window: () => 'End block is smaller or equal to the start block',
  // The chain's text says 4 days whatever the configured limit.
  stale_price: () => 'Price is older than 4 days',
  not_active: () => 'Current auction is finished',
  outside_window: () => 'Current auction is finished',
  not_started: (e) => `Auction not started yet, starts at block: ${e.details.startBlock ?? 0}`,
  cannot_finish: () => 'Auction is still going',
  nothing_to_finish: () => 'Auction is already closed',
  nothing_to_withdraw: () => 'No funds to withdraw from auction',
  unauthorized: () => 'Sender is not the server',
  invalid_strategy: (e) =>
    e.path.at(-1) === 'startPriceBps'
      ? 'Auction strategy start price must be greater than 0'
      : 'Auction strategy end price must be greater than 0 and lower than 10000',
  zero_price: () => 'Set price cannot be zero',
  manual_too_soon: () => "Can't manually update price, terms are not met for manual update",
}

/**
 * The one mapping of the auction and oracle kernel's refusals to contract errors: an
 * `AuctionError` becomes a {@link ContractError} with the deployed contract's text where it has
 * one ({@link CHAIN_TEXT}), else the kernel's message; `code` and `path` are the kernel's and
 * `cause` is the kernel error (its full wording). Anything else is returned unchanged.
 */
export function contractErrorOf(error: unknown): unknown {
  if (!isAuctionError(error)) return error
  const text =
    (CHAIN_TEXT[error.code] as ((err: AuctionError) => string) | undefined)?.(error) ?? error.message
  return new ContractError(text, { code: error.code, path: error.path, cause: error })
}
