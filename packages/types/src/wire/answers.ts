/**
 * The query answers of the contracts, written from their domain state (wire-formats.md,
 * "Rebalancer", "Auctions manager and auctions", "Oracle"): the one place the localnet's
 * contracts (and any other answerer) turn state into the deployed contracts' JSON. Each encoder
 * has its own name (`rebalancerConfigToWire`, `auctionConfigToWire`, …) and returns the typed wire
 * answer its schema in this package decodes. Times are unix seconds in, nanosecond `Timestamp`
 * strings out ({@link secondsToTimestamp}). Browser-safe.
 *
 * The auction encoders take an auction's state as declared here ({@link AuctionInfoState}, which
 * `@rebalancer/auction` re-exports as `AuctionInfo`) and the fields of its `AuctionConfig`
 * structurally (types sits below auction and cannot import it).
 */
import type { AuctionInfoState, AuctionStatusState } from '../auction-state.js'
import { Dec } from '../dec.js'
import type { BlockInfo, Pair, RebalancerConfig, RebalanceState } from '../domain.js'
import type {
  ActiveAuctionResponse,
  AuctionConfigResponse,
  AuctionStatus,
  MmDataResponse,
} from './auction.js'
import type { BlockInfoWire, PriceResponse } from './common.js'
import type { PauseReasonWire, RebalancerConfigResponse, SystemRebalanceStatus } from './rebalancer.js'
import { secondsToTimestamp } from './time.js'

/** Signed decimal text as the deployed contract writes a `SignedDecimal`: `+0.5` / `-0.5` / `0`. */
export function signedDecimalToWire(value: Dec): string {
  return value.isPositive() ? `+${value.toString()}` : value.toString()
}

/** A block (unix seconds) → the wire's `{height, time: "<ns>", chain_id}`. */
export function blockInfoToWire(block: BlockInfo): BlockInfoWire {
  return { height: block.height, time: secondsToTimestamp(block.time), chain_id: block.chainId }
}

/** A price and its time (unix seconds) → `{price, time: "<ns>"}` (oracle `get_price`, auction `get_price`). */
export function priceToWire(price: Dec, time: number): PriceResponse {
  return { price: price.toString(), time: secondsToTimestamp(time) }
}

// ------------------------------------------------------------------------------------- rebalancer

/**
 * An account's configuration and controller state → the rebalancer's `get_config` answer
 * (wire-formats.md, "Rebalancer"; the deployed `RebalancerConfig`): `percentage` and `max_limit`
 * as Decimal fractions (bps / 10000), `last_input` / `last_i` as `SignedDecimal`s,
 * `last_rebalance` a Timestamp (0 before the first computation).
 * @example
 * ```ts
 * rebalancerConfigToWire(config, { lastRebalance: null, targets: {} }).max_limit // '1'
 * ```
 */
export function rebalancerConfigToWire(
  config: RebalancerConfig,
  state: RebalanceState,
): RebalancerConfigResponse {
  return {
    trustee: config.trustee ?? null,
    base_denom: config.baseDenom,
    targets: config.targets.map((t) => ({
      denom: t.denom,
      percentage: Dec.fromRatio(BigInt(t.bps), 10_000n).toString(),
      min_balance: t.minBalance === undefined ? null : t.minBalance.toString(),
      last_input: state.targets[t.denom]?.lastInput?.toString() ?? null,
      last_i: signedDecimalToWire(state.targets[t.denom]?.lastI ?? Dec.ZERO),
    })),
    pid: { p: config.pid.p.toString(), i: config.pid.i.toString(), d: config.pid.d.toString() },
    max_limit: Dec.fromRatio(BigInt(config.maxLimitBps), 10_000n).toString(),
    last_rebalance: secondsToTimestamp(state.lastRebalance ?? 0),
    has_min_balance: config.targets.some((t) => t.minBalance !== undefined),
    target_override_strategy: config.targetOverrideStrategy,
  }
}

/**
 * The rebalancer's cycle status (core's `CycleStatus`, unix seconds; prices as `[pair, decimal
 * text]`) → the `get_system_status` answer (wire-formats.md, "Rebalancer").
 */
export type SystemStatusState =
  | { kind: 'not_started'; cycleStart: number }
  | {
      kind: 'processing'
      cycleStarted: number
      startFrom: string
      prices: readonly (readonly [Pair, string])[]
    }
  | { kind: 'finished'; nextCycle: number }

/** {@link SystemStatusState} → `get_system_status`'s answer (wire-formats.md, "Rebalancer"). */
export function systemStatusToWire(status: SystemStatusState): SystemRebalanceStatus {
  switch (status.kind) {
    case 'not_started':
      return { not_started: { cycle_start: secondsToTimestamp(status.cycleStart) } }
    case 'processing':
      return {
        processing: {
          cycle_started: secondsToTimestamp(status.cycleStarted),
          start_from: status.startFrom,
          prices: status.prices.map(([pair, price]) => [[pair[0], pair[1]], price]),
        },
      }
    case 'finished':
      return { finished: { next_cycle: secondsToTimestamp(status.nextCycle) } }
  }
}

/** Why an account is paused, in the domain: by its owner/trustee (with a text) or by a computation. */
export type PauseReasonState =
  | { kind: 'account_reason'; text: string | null }
  | { kind: 'empty_balance' | 'below_minimum' }

/** {@link PauseReasonState} → the `reason` of `get_paused_config` (wire-formats.md, "Rebalancer"). */
export function pauseReasonToWire(reason: PauseReasonState): PauseReasonWire {
  return reason.kind === 'account_reason' ? { account_reason: reason.text ?? '' } : reason.kind
}

// ---------------------------------------------------------------------------------------- auction

/** The fields of `@rebalancer/auction`'s `AuctionConfig` that `get_config` writes (whole seconds). */
export interface AuctionConfigState {
  pair: Pair
  chainHalt: { capSeconds: number; blockAvgSeconds: number }
  freshness: { limitDays: Dec; multipliers: readonly (readonly [Dec, Dec])[] }
}

/** The wire's name of an auction status (`closed` is `auction_closed`), for messages. */
export function auctionStatusName(status: AuctionStatusState): string {
  return status.kind === 'closed' ? 'auction_closed' : status.kind
}

/** {@link AuctionStatusState} → the wire's `ActiveAuctionStatus` (wire-formats.md, "Auctions manager and auctions"). */
export function auctionStatusToWire(status: AuctionStatusState): AuctionStatus {
  switch (status.kind) {
    case 'started':
      return 'started'
    case 'finished':
      return 'finished'
    case 'closed':
      return 'auction_closed'
    case 'close_auction':
      return { close_auction: [status.startAfter, status.paidSell.toString(), status.paidBuy.toString()] }
  }
}

/**
 * An auction's state → `get_auction`'s answer (wire-formats.md, "Auctions manager and auctions").
 * @example
 * ```ts
 * activeAuctionToWire(info).status // 'started'
 * ```
 */
export function activeAuctionToWire(info: AuctionInfoState): ActiveAuctionResponse {
  return {
    status: auctionStatusToWire(info.status),
    start_block: info.startBlock,
    end_block: info.endBlock,
    start_price: info.startPrice.toString(),
    end_price: info.endPrice.toString(),
    available_amount: info.availableAmount.toString(),
    resolved_amount: info.resolvedAmount.toString(),
    total_amount: info.totalAmount.toString(),
    leftovers: [info.leftovers[0].toString(), info.leftovers[1].toString()],
    last_checked_block: blockInfoToWire(info.lastCheckedBlock),
  }
}

/**
 * An auction's configuration and paused flag → the auction's `get_config` answer (the deployed
 * shape: no strategy in it; wire-formats.md, "Auctions manager and auctions").
 */
export function auctionConfigToWire(config: AuctionConfigState, paused: boolean): AuctionConfigResponse {
  return {
    is_paused: paused,
    pair: [config.pair[0], config.pair[1]],
    chain_halt_config: {
      cap: String(config.chainHalt.capSeconds),
      block_avg: String(config.chainHalt.blockAvgSeconds),
    },
    price_freshness_strategy: {
      limit: config.freshness.limitDays.toString(),
      multipliers: config.freshness.multipliers.map(([days, mult]) => [days.toString(), mult.toString()]),
    },
  }
}

/**
 * The market maker's view → `get_mm_data`'s answer (wire-formats.md, "Auctions manager and
 * auctions"): the status, the amount for sale, the end block, `price` at `block`.
 */
export function mmDataToWire(info: AuctionInfoState, price: Dec, block: BlockInfo): MmDataResponse {
  return {
    status: auctionStatusToWire(info.status),
    available_amount: info.availableAmount.toString(),
    end_block: info.endBlock,
    price: price.toString(),
    block: blockInfoToWire(block),
  }
}
