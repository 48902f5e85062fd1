/**
 * The sweep benchmark of issue #12: how many backtests of the main job (the default scenario,
 * 2023-10-11 → 2025-06-12, 611 daily cycles) run a minute. Runs the built package (`pnpm bench`
 * builds first), with the price history loaded once, as a sweep does:
 * - the localnet path on one thread: one warm-up run, then `BENCH_RUNS` (default 3) timed runs;
 * - the fast path (`runFast`, the same report) on one thread: `BENCH_WARMUP` (default 3) warm-up
 *   runs (the engines' code is compiled hot over the first few runs, as in any sweep), then
 *   `BENCH_FAST_RUNS` (default 10) timed runs;
 * - the fast path on `BENCH_WORKERS` (default 2) worker threads (piscina, as `compare --workers`):
 *   `BENCH_WARMUP` warm-up tasks per thread, then `BENCH_FAST_RUNS` × threads tasks, timed from
 *   the first submission to the last result.
 * Prints the rates; no pass/fail.
 */
import { DEFAULT_SCENARIO } from '@rebalancer/types'
import { Piscina } from 'piscina'
import { loadPriceHistory, prepareSimulation, runFast, runScenario } from '../dist/index.js'

const runs = Number(process.env.BENCH_RUNS ?? 3)
const fastRuns = Number(process.env.BENCH_FAST_RUNS ?? 10)
const threads = Number(process.env.BENCH_WORKERS ?? 2)
const warmup = Number(process.env.BENCH_WARMUP ?? 3)
const CYCLES = 611
const job = `main job (${DEFAULT_SCENARIO.start} → ${DEFAULT_SCENARIO.end}, ${CYCLES} daily cycles)`
const goal = 'issue #12 goal: ≥ 300/min on this machine'
const history = loadPriceHistory()

/** Mean seconds of `n` timed runs of `run` after `warm` warm-up runs. */
async function timed(n, run, warm = 1) {
  for (let i = 0; i < warm; i++) await run()
  const seconds = []
  for (let i = 0; i < n; i++) {
    const t0 = performance.now()
    const cycles = await run()
    seconds.push((performance.now() - t0) / 1000)
    if (cycles !== CYCLES) throw new Error(`the main job ran ${cycles} cycles, not ${CYCLES}`)
  }
  return { mean: seconds.reduce((a, b) => a + b, 0) / seconds.length, seconds }
}

const line = (what, { mean, seconds }) =>
  `${job}, ${what}: ${(60 / mean).toFixed(1)} backtests/min (mean ${mean.toFixed(2)} s over ` +
  `${seconds.length} runs: ${seconds.map((s) => s.toFixed(2)).join(', ')} s; ${goal})`

const localnet = await timed(runs, async () => (await runScenario(DEFAULT_SCENARIO, { history })).cycles_run)
console.log(line('localnet path, one thread', localnet))

const fast = await timed(
  fastRuns,
  async () => (await runFast(prepareSimulation(DEFAULT_SCENARIO, { history }))).cycles_run,
  warmup,
)
console.log(line('fast path, one thread', fast))

const pool = new Piscina({
  filename: new URL('./fast-worker.mjs', import.meta.url).href,
  minThreads: threads,
  maxThreads: threads,
})
try {
  await Promise.all(Array.from({ length: threads * warmup }, () => pool.run(null)))
  const tasks = fastRuns * threads
  const t0 = performance.now()
  const cycles = await Promise.all(Array.from({ length: tasks }, () => pool.run(null)))
  const wall = (performance.now() - t0) / 1000
  if (cycles.some((c) => c !== CYCLES))
    throw new Error(`a main job ran ${cycles.join(', ')} cycles, not ${CYCLES}`)
  console.log(
    `${job}, fast path, ${threads} worker threads: ${((60 * tasks) / wall).toFixed(1)} backtests/min ` +
      `(${tasks} runs in ${wall.toFixed(2)} s wall; ${goal})`,
  )
} finally {
  await pool.destroy()
}
