/**
 * The messages between the page and the simulator's Web Worker (`sim.worker.ts`). Plain data only:
 * structured clone carries them (bigint included; class instances such as `Dec` are not sent, a
 * configuration travels in its wire form). Every request has an `id`; the worker answers with any
 * number of `progress` messages, then one `result` or one `error` with the same `id`.
 */

import type {
  AccountProjection,
  AuctionReplay,
  RunSeries,
  StrategyMetrics,
  StrategyRow,
} from '@rebalancer/sim'
import type { BestPerColumn, ChartSpec } from '@rebalancer/sim/charts'
import type { RebalancerData, RunReport } from '@rebalancer/types'

/** One broken rule of a scenario (sim's `ScenarioProblem`): its field path and the rule. */
export interface Problem {
  path: (string | number)[]
  message: string
}

/** What the page asks. `scenario` is the edited scenario as plain data (it is read with `parseScenario`). */
export type WorkerRequest =
  | { id: number; kind: 'prepare'; scenario: unknown }
  | { id: number; kind: 'project'; scenario: unknown; cycles: number }
  | { id: number; kind: 'backtest'; scenario: unknown }
  | { id: number; kind: 'compare'; scenario: unknown; strategies: readonly string[] }
  | { id: number; kind: 'replay'; cycle: number; auction: number }
  | { id: number; kind: 'open-report'; report: RunReport }

/** Per account, what `prepare` registered: the configuration (wire form) and a tuned wish. */
export interface PreparedAccount {
  name: string
  /** The configuration as registered, in its wire form (core's `configToWire`); `configFromWire` reads it back. */
  config: RebalancerData
  /** For a `speed` wish: the tuned P gain (decimal text), the sell cap and whether the projection met the wish. */
  tuned?: { p: string; maxLimitBps: number; met: boolean }
}

/** The result of each request kind. */
export interface WorkerResults {
  prepare: { accounts: PreparedAccount[]; days: number; engine: 'fast' | 'localnet' }
  project: { projections: { projection: AccountProjection; chart: ChartSpec }[] }
  /** `metrics[i]`: account i's measures (sim's `strategyMetrics`: against buy-and-hold, drift, cost). */
  backtest: { report: RunReport; series: RunSeries; engine: 'fast' | 'localnet'; metrics: StrategyMetrics[] }
  compare: { rows: StrategyRow[]; best: BestPerColumn[] }
  replay: AuctionReplay
  /** `series` is null when the report's scenario cannot be prepared on the shipped history (`reason` says why). */
  'open-report': { series: RunSeries | null; reason?: string }
}

/** What the worker sends back. */
export type WorkerResponse =
  | { id: number; kind: 'progress'; done: number; total: number; label: string }
  | {
      [K in keyof WorkerResults]: { id: number; kind: 'result'; request: K; result: WorkerResults[K] }
    }[keyof WorkerResults]
  | {
      id: number
      kind: 'error'
      /** The error's kind (`ScenarioError`, `StrategyError`, …) and message. */
      name: string
      message: string
      /** For a scenario that breaks rules: every problem with its field path. */
      problems?: Problem[]
    }
