/**
 * A worker thread of the fast-path sweep benchmark (`backtests-per-minute.mjs`): loads the
 * shipped price history once, then runs one main-job backtest on the fast path per task.
 */
import { DEFAULT_SCENARIO } from '@rebalancer/types'
import { loadPriceHistory, prepareSimulation, runFast } from '../dist/index.js'

const history = loadPriceHistory()

/** One main-job backtest on the fast path; returns the cycles it ran. */
export default async function run() {
  const report = await runFast(prepareSimulation(DEFAULT_SCENARIO, { history }))
  return report.cycles_run
}
