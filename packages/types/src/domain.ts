import type { Dec } from './dec.js'

/** A denom (`uatom`, `untrn`, `ibc/…`). */
export type Denom = string

/**
 * An ordered pair `[a, b]`. As a price: how many base units of `b` one base unit of `a` costs.
 * As an auction: sells `a`, is paid in `b` (auction.md, "Pairs and auctions").
 */
export type Pair = readonly [Denom, Denom]

/** Key of a pair in maps: `"a|b"`. */
export function pairKey(pair: Pair): string {
  return `${pair[0]}|${pair[1]}`
}

/** Inverse of {@link pairKey}. */
export function parsePairKey(key: string): Pair {
  const i = key.indexOf('|')
  return [key.slice(0, i), key.slice(i + 1)]
}

/** How the min_balance override redistributes the other targets (portfolio-computer.md step 3). */
export type TargetOverrideStrategy = 'proportional' | 'priority'

/** One target of a portfolio. */
export interface Target {
  denom: Denom
  /** Target weight in basis points, 1..=9999. */
  bps: number
  /** Keep at least this many base units of the denom (at most one target has it). */
  minBalance?: bigint | undefined
}

/** PID gains (portfolio-computer.md step 5). Each ≥ 0; p ≤ 1 and i ≤ 1. */
export interface PidGains {
  p: Dec
  i: Dec
  d: Dec
}

/**
 * The typed account configuration (the domain form of the wire's `RebalancerData`,
 * portfolio-computer.md "Configuration").
 */
export interface RebalancerConfig {
  /** Denom all values are expressed in; must be on the base-denom whitelist. */
  baseDenom: Denom
  /** In the user's order: it decides priority overrides and the matching order. */
  targets: readonly Target[]
  pid: PidGains
  /** Most value that may be sold in one cycle, in bps of total value (1..=10000). */
  maxLimitBps: number
  targetOverrideStrategy: TargetOverrideStrategy
  /** Address allowed to pause/resume besides the account. */
  trustee?: string | undefined
}

/** Per-target controller state carried between cycles. */
export interface TargetState {
  /** The target's value (in base denom units) last cycle; `null` before the first run. */
  lastInput: Dec | null
  /** The integral term (SignedDecimal). */
  lastI: Dec
}

/** Per-account state carried between cycles. */
export interface RebalanceState {
  /** Unix seconds of the last computation; `null` before the first. */
  lastRebalance: number | null
  /** Keyed by denom. */
  targets: Readonly<Record<Denom, TargetState>>
}

/** A sell instruction for the pair auction `[sell, buy]`: `amount` base units of `sell`. */
export interface Trade {
  pair: Pair
  amount: bigint
}

/** Why an account was paused by a computation (portfolio-computer.md step 2, correction 7). */
export type PauseReason = 'empty_balance' | 'below_minimum'

/** Minimum amounts of a denom for the auctions (wire `{send, start_auction}`), base units. */
export interface MinAmount {
  /** Smallest deposit into an auction. */
  send: bigint
  /** Smallest lot with which an auction opens. */
  startAuction: bigint
}

/** A chain block as the engines see it: they never read a clock. */
export interface BlockInfo {
  height: number
  /** Unix seconds. */
  time: number
  chainId: string
}
