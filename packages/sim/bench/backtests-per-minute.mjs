/**
 * The sweep benchmark of issue #12: how many backtests of the main job (the default scenario,
 * 2023-10-11 → 2025-06-12, 611 daily cycles) one thread runs a minute. Runs the built package
 * (`pnpm bench` builds first): one warm-up run, then `BENCH_RUNS` (default 3) timed runs with the
 * price history loaded once, as a sweep does. Prints the mean and the rate; no pass/fail.
 */
import { DEFAULT_SCENARIO } from '@rebalancer/types'
import { loadPriceHistory, runScenario } from '../dist/index.js'

const runs = Number(process.env.BENCH_RUNS ?? 3)
const history = loadPriceHistory()
await runScenario(DEFAULT_SCENARIO, { history })
const seconds = []
for (let i = 0; i < runs; i++) {
  const t0 = performance.now()
  const report = await runScenario(DEFAULT_SCENARIO, { history })
  seconds.push((performance.now() - t0) / 1000)
  if (report.cycles_run !== 611) throw new Error(`the main job ran ${report.cycles_run} cycles, not 611`)
}
const mean = seconds.reduce((a, b) => a + b, 0) / seconds.length
console.log(
  `main job (${DEFAULT_SCENARIO.start} → ${DEFAULT_SCENARIO.end}, 611 daily cycles), one thread: ` +
    `${(60 / mean).toFixed(1)} backtests/min (mean ${mean.toFixed(2)} s over ${runs} runs: ` +
    `${seconds.map((s) => s.toFixed(2)).join(', ')} s; issue #12 goal: ≥ 300/min on this machine)`,
)
