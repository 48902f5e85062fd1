/**
 * The worker-thread script of `compare --workers` and `worker` (piscina): one backtest job in,
 * its row out, by `runBacktestJob` of `@rebalancer/sim`, the function the in-process path runs.
 */
import { runBacktestJob, type StrategyRow } from '@rebalancer/sim'

/** Runs one backtest job (a `BacktestJob` of `@rebalancer/types`). */
export default function backtest(job: unknown): Promise<StrategyRow> {
  return runBacktestJob(job)
}
