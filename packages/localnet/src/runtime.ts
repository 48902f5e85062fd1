import {
  type BlockInfo,
  type Coin,
  type Event,
  encodeValenceEvent,
  type JsonValue,
  RebalancerError,
  secondsToTimestamp,
  timestampToSeconds,
  type ValenceAction,
  type ValenceEventDataOf,
} from '@rebalancer/types'
import type { KV } from './store.js'

/** The block and the contract a call runs in (CosmWasm `Env`). */
export interface Env {
  block: BlockInfo
  contract: { address: string }
}

/** Who called and what they sent (CosmWasm `MessageInfo`); funds already moved to the contract. */
export interface MessageInfo {
  sender: string
  funds: readonly Coin[]
}

/** What a contract can read besides its own storage. */
export interface Querier {
  /** Smart query of another contract; throws its error. */
  wasm<T = any>(contract: string, msg: JsonValue): T
  /** Bank balance in base units. */
  balance(address: string, denom: string): bigint
  /** Code id and label of a contract, or undefined when the address is not a contract. */
  contractInfo(
    address: string,
  ): { codeId: number; label: string; admin: string | null; creator: string } | undefined
  /** The injected external price source (the oracle's fallback; on chain a DEX route). */
  externalPrice(pair: readonly [string, string], time: number): string | undefined
}

/** Chain services a contract may call while it runs. */
export interface Api {
  /** Validates a bech32 address; throws a ContractError naming `field`. */
  addrValidate(address: string, field: string): string
  /**
   * Instantiates a contract as this contract (CosmWasm `WasmMsg::Instantiate` whose reply
   * gives the address). Runs inside the current transaction.
   */
  instantiate(
    codeId: number,
    msg: JsonValue,
    label: string,
    admin: string | null,
    funds?: readonly Coin[],
  ): string
}

/** A contract's view of the chain during one call. */
export interface Deps {
  storage: KV
  querier: Querier
  api: Api
}

/** A message a contract returns for the chain to run after it (CosmWasm `CosmosMsg`). */
export type OutMsg =
  | { type: 'execute'; contract: string; msg: JsonValue; funds: readonly Coin[] }
  | { type: 'bank_send'; to: string; amount: readonly Coin[] }

/** A returned message; with `catchError` its failure is rolled back alone and ignored (reply_on_error). */
export interface SubMsg {
  msg: OutMsg
  catchError?: boolean
}

/** What an execute or instantiate returns. */
export interface Response {
  messages: SubMsg[]
  /** Custom events; the chain prefixes their type with `wasm-` and adds `_contract_address`. */
  events: Event[]
  /** Attributes of the contract's `wasm` event. */
  attributes: { key: string; value: string }[]
}

/** A contract's code: the three entry points, on plain JSON. */
export interface ContractCode {
  instantiate(deps: Deps, env: Env, info: MessageInfo, msg: unknown): Response
  execute(deps: Deps, env: Env, info: MessageInfo, msg: unknown): Response
  query(deps: Deps, env: Env, msg: unknown): JsonValue
}

/**
 * Machine-readable reason of a {@link ContractError}: `contract_error` for a refusal in the
 * contract's own words, or the code of the kernel error it wraps (an `AuctionErrorCode`).
 */
export type ContractErrorCode = string

/**
 * An error a contract returns; the transaction fails and changes nothing. `message` is the
 * contract's text (the deployed contract's where the localnet mirrors one, wire-formats.md);
 * `cause` is the kernel error it maps, when there is one. Recognise it with
 * `ContractError.isInstance(e)` (works across package copies, unlike `instanceof`).
 * @example
 * ```ts
 * throw new ContractError('Auction is paused', { code: 'paused' })
 * ```
 */
export class ContractError extends RebalancerError<ContractErrorCode> {
  static override readonly kind: string = 'ContractError'
  /**
   * @param message the contract's error text
   * @param options `code` (default `contract_error`), the field `path`, the wrapped `cause`
   */
  constructor(
    message: string,
    options: { code?: ContractErrorCode; path?: readonly (string | number)[]; cause?: unknown } = {},
  ) {
    super(options.code ?? 'contract_error', message, { path: options.path, cause: options.cause })
  }
}

/** An empty response. */
export function response(): Response {
  return { messages: [], events: [], attributes: [] }
}

/** Bank-send message helper; drops zero amounts, returns null when nothing is left. */
export function bankSend(to: string, coins: readonly { denom: string; amount: bigint }[]): SubMsg | null {
  const amount = coins
    .filter((c) => c.amount > 0n)
    .map((c) => ({ denom: c.denom, amount: c.amount.toString() }))
  return amount.length === 0 ? null : { msg: { type: 'bank_send', to, amount } }
}

/** Execute-message helper. */
export function wasmExecute(
  contract: string,
  msg: JsonValue,
  funds: readonly { denom: string; amount: bigint }[] = [],
  catchError = false,
): SubMsg {
  return {
    msg: {
      type: 'execute',
      contract,
      msg,
      funds: funds.filter((c) => c.amount > 0n).map((c) => ({ denom: c.denom, amount: c.amount.toString() })),
    },
    catchError,
  }
}

/**
 * A `valence-event` (wire-formats.md, "Events"): `action` one of `VALENCE_ACTIONS` and `data`
 * its typed shape, as base64 JSON (`encodeValenceEvent` of @rebalancer/types). The chain reports
 * it as `wasm-valence-event`.
 */
export function valenceEvent<A extends ValenceAction>(action: A, data: ValenceEventDataOf<A>): Event {
  return encodeValenceEvent(action, data)
}

/** Nanosecond Timestamp string (the wire's form) from unix seconds: `@rebalancer/types`' one converter. */
export const toTimestamp: (seconds: number) => string = secondsToTimestamp

/** Unix seconds (floored) from a nanosecond Timestamp string: `@rebalancer/types`' one converter. */
export const fromTimestamp: (ns: string) => number = timestampToSeconds

/** Sums funds sent of one denom and rejects every other denom (the contracts' `must_pay`). */
export function mustPay(info: MessageInfo, denom: string): bigint {
  if (info.funds.length === 0) throw new ContractError(`No funds sent, expected ${denom}`)
  let total = 0n
  for (const c of info.funds) {
    if (c.denom !== denom)
      throw new ContractError(`Received unsupported denom '${c.denom}', expected ${denom}`)
    total += BigInt(c.amount)
  }
  if (total === 0n) throw new ContractError(`No funds sent, expected ${denom}`)
  return total
}

/**
 * Rejects any funds: cw-utils `nonpayable`, with its exact error text (typo included). Every
 * message of the services manager, rebalancer, auctions manager, oracle and auction that does
 * not take funds calls it (correction 10, portfolio-computer.md: the deployed contracts kept
 * such funds with no way out).
 * @throws ContractError `This message does no accept funds`
 */
export function nonPayable(info: MessageInfo): void {
  if (info.funds.some((c) => BigInt(c.amount) > 0n)) throw new ContractError(NON_PAYABLE)
}

/** cw-utils `PaymentError::NonPayable`'s text, verbatim. */
export const NON_PAYABLE = 'This message does no accept funds'
