/**
 * Side-by-side execution quality (issue #11): the same scenario run under several oracle modes,
 * containment settings, curves and references, one row each. What the README's "Execution
 * quality" table is made from (`pnpm execution-table`).
 */
import { Dec, type RunReport, type Scenario } from '@rebalancer/types'
import { runScenario } from './runner.js'
import type { PrepareOptions } from './setup.js'

/** One variant: a name and the scenario fields it overrides (`oracle`, `auction`, …). */
export interface ExecutionVariant {
  /** Shown in the table's first column. */
  name: string
  /**
   * Scenario fields set for this variant (e.g. `{ oracle: { mode: 'mean' } }`): the fields of the
   * `oracle`, `auction` and `keeper` sections are merged into the scenario's own, any other field
   * replaces the scenario's.
   */
  overrides: Partial<Scenario>
}

/** `scenario` with a variant's overrides (see {@link ExecutionVariant.overrides}). */
export function withOverrides(scenario: Scenario, overrides: Partial<Scenario>): Scenario {
  const out = { ...scenario, ...overrides }
  for (const key of ['oracle', 'auction', 'keeper'] as const) {
    const mine = scenario[key]
    const theirs = overrides[key]
    if (mine !== undefined && theirs !== undefined) Object.assign(out, { [key]: { ...mine, ...theirs } })
  }
  return out
}

/** One row of {@link compareExecution}: a variant's execution measures. */
export interface ExecutionRow {
  name: string
  /** Each account's volume-weighted execution against the market, bps (null: sold nothing). */
  accounts: { name: string; executionBps: number | null }[]
  /** USD given up over the run (sold − received at market), and as bps of the USD sold. */
  givenUpUsd: number
  executionBps: number | null
  /** Fills at the start price: count and share of sold volume, bps. */
  atStartFills: number
  atStartShareBps: number
  openedBelowMarket: number
  reAnchored: number
  refused: number
  unfilledLots: number
  unfilledUsd: number
  /** The fill furthest below the market, bps (null: no fills). */
  worstFillBps: number | null
  /** Blocks from an auction's start to its fills, weighted by the amount bought. */
  meanBlocksToFill: number | null
}

/** The row of one finished run. */
export function executionRow(name: string, report: RunReport): ExecutionRow {
  const x = report.execution
  let weighted = 0n
  let bought = 0n
  for (const c of report.history) {
    for (const a of c.auctions) {
      for (const f of a.fills) {
        weighted += BigInt(f.height - a.start_block) * BigInt(f.bought)
        bought += BigInt(f.bought)
      }
    }
  }
  return {
    name,
    accounts: report.summary.map((s) => ({ name: s.name, executionBps: s.execution_vs_market_bps })),
    givenUpUsd: Dec.parse(x.given_up_usd).toNumber(),
    executionBps: x.execution_bps,
    atStartFills: x.at_start_price.fills,
    atStartShareBps: x.at_start_price.share_bps,
    openedBelowMarket: x.opened_below_market,
    reAnchored: x.re_anchored,
    refused: x.refused,
    unfilledLots: x.unfilled.lots,
    unfilledUsd: Dec.parse(x.unfilled.usd).toNumber(),
    worstFillBps: x.worst_fill?.vs_market_bps ?? null,
    meanBlocksToFill: bought === 0n ? null : Number(weighted / bought),
  }
}

/**
 * Runs `scenario` once per variant (each with its overrides) and returns one row each, in order.
 * @throws ScenarioError when a variant's scenario breaks a rule (naming the field).
 * @example
 * const rows = await compareExecution(DEFAULT_SCENARIO, [
 *   { name: 'deployed mean', overrides: { oracle: { mode: 'mean' }, auction: { containment: 'off' } } },
 *   { name: 'defaults', overrides: {} },
 * ])
 */
export async function compareExecution(
  scenario: Scenario,
  variants: readonly ExecutionVariant[],
  options: PrepareOptions = {},
): Promise<ExecutionRow[]> {
  const rows: ExecutionRow[] = []
  for (const v of variants) {
    rows.push(executionRow(v.name, await runScenario(withOverrides(scenario, v.overrides), options)))
  }
  return rows
}
