/**
 * Where a comparison's backtest jobs run (issue #12, "Fast sweeps, and beyond one machine"): in
 * this process one after the other, on worker threads (piscina), or on a BullMQ queue that
 * `rebalancer-keeper worker` processes on any number of machines. Every way runs
 * `runBacktestJob` of `@rebalancer/sim` on the same JSON jobs, so the rows are the same; they come
 * back in the jobs' order whatever the completion order.
 */
import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runBacktestJob, StrategyError, type StrategyRow } from '@rebalancer/sim'
import { type BacktestJob, RebalancerError, StrategyResult } from '@rebalancer/types'
import { type Job, Queue, QueueEvents, Worker } from 'bullmq'
import { Redis } from 'ioredis'
import { Piscina } from 'piscina'
import { ConfigError } from './config.js'

/** A sweep that stopped before its end: `interrupted` (SIGINT or SIGTERM while waiting for the queue). */
export class SweepError extends RebalancerError {
  static override readonly kind = 'SweepError'
}

/** The BullMQ queue the backtests go on; each compare run's jobs carry its own id prefix. */
export const QUEUE_NAME = 'rebalancer-backtests'

/**
 * The worker-thread script: `dist/backtest-worker.js` next to the built CLI (from the sources,
 * under a test: the package's built one).
 */
export function workerScript(): string {
  const here = dirname(fileURLToPath(import.meta.url))
  return basename(here) === 'src'
    ? join(here, '..', 'dist', 'backtest-worker.js')
    : join(here, 'backtest-worker.js')
}

/**
 * A `--queue` URL: `redis://[[user]:password@]host[:port][/db]` (or `rediss://` for TLS); the
 * port defaults to 6379. Returned as given (ioredis reads it).
 * @throws ConfigError `invalid_queue` naming the option and the form; the value is not shown (it
 *   may hold a password).
 */
export function queueUrl(value: string): string {
  const bad = () =>
    new ConfigError(
      'invalid_queue',
      '--queue must be a redis://host:port URL (redis://[[user]:password@]host[:port][/db], or rediss:// for TLS; the value given is not shown)',
    )
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw bad()
  }
  if (
    (url.protocol !== 'redis:' && url.protocol !== 'rediss:') ||
    url.hostname === '' ||
    !/^(\/\d{0,5})?$/.test(url.pathname) ||
    url.search !== '' ||
    url.hash !== ''
  )
    throw bad()
  return value
}

/** `host:port` of a queue URL, for messages (never the password). */
function where(url: string): string {
  const u = new URL(url)
  return `${u.hostname}:${u.port || '6379'}`
}

/** A connection for BullMQ (which needs `maxRetriesPerRequest: null`). */
function connect(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, lazyConnect: true })
}

/**
 * Connects once without retrying, so that a wrong host or port is an error, not a wait.
 * @throws ConfigError `queue_unreachable` naming the host and port and the reason.
 */
async function reachable(url: string): Promise<void> {
  const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 })
  // the socket's error (ECONNREFUSED, ENOTFOUND) comes as an event; connect() only says "closed"
  let cause: NodeJS.ErrnoException | undefined
  probe.on('error', (e: NodeJS.ErrnoException) => {
    cause ??= e
  })
  try {
    await probe.connect()
    await probe.ping()
  } catch (e) {
    const first = cause ?? (e as NodeJS.ErrnoException)
    const code = first.code ?? first.message
    throw new ConfigError(
      'queue_unreachable',
      `cannot reach the redis server of --queue at ${where(url)}: ${code}`,
    )
  } finally {
    probe.disconnect()
  }
}

/** The error of strategy `i` that failed on a worker, naming it. */
function failed(job: BacktestJob, i: number, e: unknown): StrategyError {
  const reason = e instanceof Error ? e.message : String(e)
  return new StrategyError('strategy_failed', `strategy ${i + 1} "${job.variant.name}" failed: ${reason}`, {
    path: ['strategies', i],
    cause: e,
  })
}

/** Where {@link runJobs} runs the jobs. */
export interface SweepOptions {
  /** Worker threads (1: in this process, one after the other). */
  workers: number
  /** A BullMQ queue on this redis server instead (a {@link queueUrl}). */
  queue?: string
  /** Progress lines (the queue's, while it waits for workers). */
  log?: (line: string) => void
}

/**
 * Runs every job and returns their rows in the jobs' order.
 * @throws StrategyError `strategy_failed` naming the first strategy (in order) whose backtest
 *   failed; ConfigError `queue_unreachable` when the queue's server cannot be reached; SweepError
 *   `interrupted` on SIGINT/SIGTERM while waiting for the queue (the run's jobs are removed).
 */
export async function runJobs(jobs: readonly BacktestJob[], options: SweepOptions): Promise<StrategyRow[]> {
  if (options.queue !== undefined) return runOnQueue(jobs, options.queue, options.log ?? (() => {}))
  if (options.workers <= 1 || jobs.length <= 1) {
    const rows: StrategyRow[] = []
    for (const [i, job] of jobs.entries())
      rows.push(await runBacktestJob(job).catch((e) => Promise.reject(failed(job, i, e))))
    return rows
  }
  const threads = Math.min(options.workers, jobs.length)
  const pool = new Piscina({ filename: workerScript(), minThreads: threads, maxThreads: threads })
  try {
    // the first failure stops the sweep (the pool is destroyed below, cancelling the rest)
    const values = await Promise.all(
      jobs.map((job, i) =>
        (pool.run(job) as Promise<unknown>).catch((e: unknown) => Promise.reject(failed(job, i, e))),
      ),
    )
    return gathered(
      jobs,
      values.map((value) => ({ status: 'fulfilled', value })),
    )
  } finally {
    await pool.destroy()
  }
}

/** The rows of settled runs, in order, each checked ({@link StrategyResult}); the first failure named. */
function gathered(jobs: readonly BacktestJob[], settled: PromiseSettledResult<unknown>[]): StrategyRow[] {
  return settled.map((r, i) => {
    const job = jobs[i]!
    if (r.status === 'rejected') throw failed(job, i, r.reason)
    const row = StrategyResult.safeParse(r.value)
    if (!row.success)
      throw failed(job, i, new Error(`its result is not a strategy row: ${row.error.issues[0]?.message}`))
    return row.data
  })
}

/**
 * Puts every job on the BullMQ queue {@link QUEUE_NAME} (job ids `<run id>-<index>`, so runs
 * sharing the queue never mix), waits for all of them, and removes them from the queue.
 */
async function runOnQueue(
  jobs: readonly BacktestJob[],
  url: string,
  log: (line: string) => void,
): Promise<StrategyRow[]> {
  await reachable(url)
  const connections = [connect(url), connect(url)] as const
  const queue = new Queue(QUEUE_NAME, { connection: connections[0] })
  const events = new QueueEvents(QUEUE_NAME, { connection: connections[1] })
  // connection trouble while waiting: BullMQ reconnects; say so once per distinct message
  const seen = new Set<string>()
  const trouble = (err: Error) => {
    if (!seen.has(err.message)) log(`queue connection: ${err.message} (reconnecting)`)
    seen.add(err.message)
  }
  queue.on('error', trouble)
  events.on('error', trouble)
  const run = randomUUID()
  let added: Job[] = []
  // SIGINT/SIGTERM from here on: stop waiting; the run's jobs are removed below
  const signal = signalled()
  const stopped = signal.received.then((s) => {
    throw new SweepError('interrupted', `compare stopped by ${s}; its queued backtests were removed`)
  })
  stopped.catch(() => {})
  try {
    await Promise.race([Promise.all([queue.waitUntilReady(), events.waitUntilReady()]), stopped])
    added = await queue.addBulk(
      jobs.map((data, i) => ({
        name: data.variant.name,
        data,
        // kept until gathered and removed below; a job a worker still holds then (compare
        // interrupted) cannot be removed: BullMQ drops it a day after it ends
        opts: {
          jobId: `${run}-${i}`,
          attempts: 1,
          removeOnComplete: { age: 86_400 },
          removeOnFail: { age: 86_400 },
        },
      })),
    )
    log(
      `${jobs.length} backtest${jobs.length === 1 ? '' : 's'} queued on ${where(url)} (queue ${QUEUE_NAME}, run ${run}); waiting for workers (rebalancer-keeper worker --queue …)`,
    )
    const settled = await Promise.race([
      Promise.allSettled(added.map((j) => j.waitUntilFinished(events))),
      stopped,
    ])
    return gathered(jobs, settled)
  } finally {
    signal.dispose()
    const removed = await Promise.allSettled(added.map((j) => j.remove()))
    const held = added.filter((_j, i) => removed[i]?.status === 'rejected').map((j) => j.id)
    if (held.length > 0)
      log(
        `${held.length} backtest${held.length === 1 ? '' : 's'} still held by a worker could not be removed now (${held.join(', ')}); the queue drops ${held.length === 1 ? 'it' : 'them'} a day after ${held.length === 1 ? 'it ends' : 'they end'}`,
      )
    await Promise.allSettled([events.close(), queue.close()])
    for (const c of connections) c.disconnect()
  }
}

/** Options of {@link work}. */
export interface WorkOptions {
  /** The queue's redis server (a {@link queueUrl}). */
  queue: string
  /** Backtests run at once, each on its own thread. */
  concurrency: number
}

/**
 * `rebalancer-keeper worker`: takes backtest jobs off the queue {@link QUEUE_NAME} and runs each
 * on a worker thread, `concurrency` at a time, until SIGINT or SIGTERM; then lets the backtests
 * under way finish and exits. Writes one line when it is ready and one per job.
 * @throws ConfigError `queue_unreachable` when the server cannot be reached at the start.
 */
export async function work(
  options: WorkOptions,
  out: NodeJS.WritableStream = process.stdout,
  stop: Promise<unknown> = signalled().received,
): Promise<void> {
  await reachable(options.queue)
  const name = `${hostname()}:${process.pid}`
  const pool = new Piscina({
    filename: workerScript(),
    minThreads: options.concurrency,
    maxThreads: options.concurrency,
  })
  const connection = connect(options.queue)
  const worker = new Worker(QUEUE_NAME, (job: Job) => pool.run(job.data) as Promise<StrategyRow>, {
    connection,
    concurrency: options.concurrency,
    name,
  })
  worker.on('completed', (job: Job) => out.write(`${name}: done ${job.id} "${job.name}"\n`))
  worker.on('failed', (job: Job | undefined, e: Error) =>
    out.write(`${name}: failed ${job?.id ?? '?'} "${job?.name ?? '?'}": ${e.message}\n`),
  )
  worker.on('error', (e: Error) => process.stderr.write(`${name}: queue error: ${e.message}\n`))
  try {
    await worker.waitUntilReady()
    out.write(
      `${name}: waiting for backtests on ${where(options.queue)} (queue ${QUEUE_NAME}, ${options.concurrency} at a time)\n`,
    )
    await stop
    out.write(`${name}: stopping after the backtests under way\n`)
  } finally {
    await worker.close()
    await pool.destroy()
    connection.disconnect()
  }
}

/** `received` resolves on the first SIGINT or SIGTERM; `dispose` stops listening. */
function signalled(): { received: Promise<NodeJS.Signals>; dispose: () => void } {
  let on: (s: NodeJS.Signals) => void = () => {}
  const dispose = () => {
    process.off('SIGINT', on)
    process.off('SIGTERM', on)
  }
  const received = new Promise<NodeJS.Signals>((resolve) => {
    on = (s) => {
      dispose()
      resolve(s)
    }
    process.on('SIGINT', on)
    process.on('SIGTERM', on)
  })
  return { received, dispose }
}
