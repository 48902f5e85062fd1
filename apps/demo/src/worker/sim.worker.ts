/// <reference lib="webworker" />
/**
 * The simulator's Web Worker: the whole Rebalancer (localnet, fast path, auctions, market makers)
 * runs here so the page stays responsive. It fetches the shipped hourly price history once, then
 * answers the requests of `protocol.ts`. It keeps the last backtest's simulation and report for
 * `replay`. No domain logic: every computation is a package's.
 */
import { configToWire } from '@rebalancer/core'
import {
  backtestEngine,
  backtestJobs,
  bestPerColumn,
  DEFAULT_STRATEGIES,
  type PriceHistory,
  parsePriceCsv,
  parseScenario,
  prepareSimulation,
  projectAccount,
  projectionChart,
  runBacktestJob,
  runFast,
  runSeries,
  runSimulation,
  type Simulation,
  type StrategyRow,
  strategyMetrics,
} from '@rebalancer/sim'
import { PALETTE } from '@rebalancer/sim/charts'
import pricesUrl from '@rebalancer/sim/data/prices/prices-hourly.csv?url'
import type { RunReport } from '@rebalancer/types'
import { replayInWorker } from '../auction/worker-replay.js'
import type { Problem, WorkerRequest, WorkerResponse, WorkerResults } from './protocol.js'

declare const self: DedicatedWorkerGlobalScope

let historyPromise: Promise<PriceHistory> | undefined
/** The shipped hourly history, fetched and parsed once. */
function history(): Promise<PriceHistory> {
  historyPromise ??= fetch(pricesUrl).then(async (r) => {
    if (!r.ok) throw new Error(`could not fetch the price history (${pricesUrl}): HTTP ${r.status}`)
    return parsePriceCsv(await r.text(), { name: 'prices-hourly.csv' })
  })
  return historyPromise
}

/** The last backtest's simulation and report, for `replay`. */
let last: { sim: Simulation; report: RunReport } | undefined

function post(message: WorkerResponse): void {
  self.postMessage(message)
}

/** A progress poster that sends at most ~100 messages per run. */
function progress(id: number, total: number) {
  let sent = -1
  return (done: number, label: string) => {
    const pct = total === 0 ? 100 : Math.floor((done / total) * 100)
    if (pct === sent && done !== total) return
    sent = pct
    post({ id, kind: 'progress', done, total, label })
  }
}

async function handle(req: WorkerRequest): Promise<WorkerResults[WorkerRequest['kind']]> {
  switch (req.kind) {
    case 'prepare': {
      const sim = prepareSimulation(req.scenario, { history: await history() })
      return {
        accounts: sim.accounts.map((a) => ({
          name: a.name,
          config: configToWire(a.config),
          ...(a.tuned
            ? { tuned: { p: a.tuned.p.toString(), maxLimitBps: a.tuned.maxLimitBps, met: a.tuned.met } }
            : {}),
        })),
        days: sim.days,
        engine: backtestEngine(sim),
      } satisfies WorkerResults['prepare']
    }
    case 'project': {
      const sim = prepareSimulation(req.scenario, { history: await history() })
      return {
        projections: sim.accounts.map((_, i) => {
          const projection = projectAccount(sim, i, { cycles: req.cycles })
          return { projection, chart: projectionChart(projection, PALETTE) }
        }),
      } satisfies WorkerResults['project']
    }
    case 'backtest': {
      const report0 = progress(req.id, 1)
      report0(0, 'preparing the chain')
      const sim = prepareSimulation(req.scenario, { history: await history() })
      const engine = backtestEngine(sim)
      const tick = progress(req.id, sim.days)
      const options = {
        onCycle: (p: { index: number; total: number; day: string }) => tick(p.index + 1, p.day),
      }
      const report = engine === 'fast' ? await runFast(sim, options) : await runSimulation(sim, options)
      last = { sim, report }
      const metrics = sim.accounts.map((a, i) => strategyMetrics(sim.feed, report, i, a.initial))
      return { report, series: runSeries(sim, report), engine, metrics } satisfies WorkerResults['backtest']
    }
    case 'compare': {
      const hist = await history()
      const scenario = parseScenario(req.scenario)
      const variants = req.strategies.map((name) => {
        const v = DEFAULT_STRATEGIES.find((s) => s.name === name)
        if (!v) throw new Error(`unknown strategy "${name}"`)
        return v
      })
      const jobs = backtestJobs(scenario, variants, { history: hist })
      const tick = progress(req.id, jobs.length)
      const rows: StrategyRow[] = []
      for (const [i, job] of jobs.entries()) {
        tick(i, job.variant.name)
        rows.push(await runBacktestJob(job, { history: hist }))
      }
      tick(jobs.length, 'done')
      const accounts = rows[0]?.accounts.length ?? 0
      const best = Array.from({ length: accounts }, (_, i) => bestPerColumn(rows, i))
      return { rows, best } satisfies WorkerResults['compare']
    }
    case 'replay': {
      if (!last) throw new Error('run a backtest first: replay needs its simulation')
      return replayInWorker(last.sim, last.report, req.cycle, req.auction)
    }
    case 'open-report': {
      try {
        const sim = prepareSimulation(req.report.scenario, { history: await history() })
        return { series: runSeries(sim, req.report) } satisfies WorkerResults['open-report']
      } catch (e) {
        return { series: null, reason: e instanceof Error ? e.message : String(e) }
      }
    }
  }
}

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const req = event.data
  handle(req)
    // a result that cannot be posted (not cloneable) is reported as this request's error too
    .then((result) => post({ id: req.id, kind: 'result', request: req.kind, result } as WorkerResponse))
    .catch((e: unknown) => {
      const err = e instanceof Error ? e : new Error(String(e))
      const problems = (err as { problems?: unknown }).problems
      post({
        id: req.id,
        kind: 'error',
        name: (err.constructor as { kind?: string }).kind ?? err.name,
        message: err.message,
        ...(Array.isArray(problems) ? { problems: problems as Problem[] } : {}),
      })
    })
}
