/**
 * Sweeps (issue #12, "Fast sweeps, and beyond one machine"): `compare --workers n` on worker
 * threads and `compare --queue` with `worker`s on a BullMQ queue give exactly the in-process rows;
 * `--strategies` files; the options' checks; the comparison report's schema.
 */
import { type ChildProcess, execFile, execFileSync, spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { backtestJobs, DEFAULT_STRATEGIES, StrategyError } from '@rebalancer/sim'
import { ComparisonReport, DEFAULT_SCENARIO } from '@rebalancer/types'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runJobs } from '../src/sweep.js'

const CLI = join(__dirname, '..', 'dist', 'cli.js')
const dir = mkdtempSync(join(tmpdir(), 'sweep-'))
const DAYS = ['--start', '2024-03-01', '--end', '2024-03-25']

/** Three strategies, as a --strategies file gives them (YAML). */
const STRATEGIES = join(dir, 'strategies.yaml')
writeFileSync(
  STRATEGIES,
  `- name: slow, no cap
  account: {speed: slow, max_limit_bps: 10000}
- name: fast, no cap
  account: {speed: fast, max_limit_bps: 10000}
- name: tuned, linear curve
  overrides: {auction: {curve: linear}}
  account: {speed: {within_pp: "1", days: 30}, max_limit_bps: null}
`,
)

function compareArgs(name: string, args: string[]): { json: string; argv: string[] } {
  const json = join(dir, `${name}.json`)
  return { json, argv: [CLI, 'compare', ...DAYS, '--strategies', STRATEGIES, '--json', json, ...args] }
}

function compareJson(name: string, ...args: string[]): { report: ComparisonReport; out: string } {
  const { json, argv } = compareArgs(name, args)
  const out = execFileSync('node', argv, { encoding: 'utf8' })
  return { report: ComparisonReport.parse(JSON.parse(readFileSync(json, 'utf8'))), out }
}

/** {@link compareJson} without blocking this process (the children's output keeps flowing). */
async function compareJsonAsync(name: string, ...args: string[]): Promise<ComparisonReport> {
  const { json, argv } = compareArgs(name, args)
  await promisify(execFile)('node', argv, { encoding: 'utf8' })
  return ComparisonReport.parse(JSON.parse(readFileSync(json, 'utf8')))
}

let serial: ComparisonReport
beforeAll(() => {
  serial = compareJson('serial', '--workers', '1').report
}, 120_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// several processes each, on a loaded machine: room beyond the root's 60 s
describe('compare --workers and --strategies', { timeout: 240_000 }, () => {
  it('writes a report that parses with its schema, the strategies of the file in order with what they change', () => {
    expect(serial.version).toBe(1)
    expect(serial.strategies.map((s) => s.name)).toEqual([
      'slow, no cap',
      'fast, no cap',
      'tuned, linear curve',
    ])
    expect(serial.strategies[2]).toMatchObject({
      overrides: { auction: { curve: 'linear' } },
      account: { max_limit_bps: null },
    })
    expect(serial.strategies.every((s) => s.measures.length === 2)).toBe(true)
    expect(serial.baselines.map((b) => b.account)).toEqual(['DAO treasury', 'Diversified fund'])
    expect(serial.best).toHaveLength(2)
  })

  it('--workers 2 gives exactly the rows of --workers 1 (worker threads, rows in the strategies order)', () => {
    const { report, out } = compareJson('threads', '--workers', '2')
    expect(report).toEqual(serial)
    expect(out).toContain('tuned, linear curve')
  })

  it('refuses a bad --workers, --queue or --concurrency, naming the option', () => {
    for (const bad of ['0', '1.5', '1e1', '0x2']) {
      const r = spawnSync('node', [CLI, 'compare', '--workers', bad], { encoding: 'utf8' })
      expect(r.status).toBe(3)
      expect(r.stderr).toMatch(/--workers must be a whole number ≥ 1/)
    }
    for (const bad of ['http://localhost:6379', 'redis://']) {
      const r = spawnSync('node', [CLI, 'compare', '--queue', bad], { encoding: 'utf8' })
      expect(r.status).toBe(3)
      expect(r.stderr).toMatch(/--queue must be a redis:\/\/host:port URL/)
    }
    const both = spawnSync('node', [CLI, 'compare', '--workers', '2', '--queue', 'redis://127.0.0.1:1'], {
      encoding: 'utf8',
    })
    expect(both.status).toBe(3)
    expect(both.stderr).toMatch(/--workers and --queue exclude each other/)
    const w = spawnSync('node', [CLI, 'worker', '--queue', 'redis://127.0.0.1:1', '--concurrency', '0'], {
      encoding: 'utf8',
    })
    expect(w.status).toBe(3)
    expect(w.stderr).toMatch(/--concurrency must be a whole number ≥ 1/)
    const unreachable = spawnSync('node', [CLI, 'worker', '--queue', 'redis://127.0.0.1:1'], {
      encoding: 'utf8',
    })
    expect(unreachable.status).toBe(3)
    expect(unreachable.stderr).toMatch(
      /cannot reach the redis server of --queue at 127\.0\.0\.1:1: ECONNREFUSED/,
    )
  })

  it('refuses a --strategies file with an unknown field, naming it, or a bad value, naming the strategy, before running anything', () => {
    const file = join(dir, 'bad.json')
    writeFileSync(file, JSON.stringify([{ name: 'a', account: { colour: 'red' } }, { name: 'a' }]))
    const r = spawnSync('node', [CLI, 'compare', '--strategies', file], { encoding: 'utf8' })
    expect(r.status).toBe(3)
    expect(r.stderr).toContain('strategies[0].account.colour: unknown field')
    expect(r.stderr).toContain('strategies[1].name: must be unique among the strategies')
    writeFileSync(
      file,
      JSON.stringify([
        { name: 'fine' },
        { name: 'too fast', account: { speed: { p: '2', i: '0', d: '0' } } },
      ]),
    )
    const v = spawnSync('node', [CLI, 'compare', '--strategies', file], { encoding: 'utf8' })
    expect(v.status).toBe(3)
    expect(v.stderr).toMatch(
      /strategy 2 "too fast": invalid scenario .*\n {2}accounts\[0\]\.speed\.p: must be ≤ 1/,
    )
    expect(v.stdout).not.toContain('buy-and-hold')
  })

  it('a backtest that fails on a worker thread is an error naming its strategy', async () => {
    const scenario = { ...DEFAULT_SCENARIO, start: '2024-03-01', end: '2024-03-05' }
    const [good] = backtestJobs(scenario, [DEFAULT_STRATEGIES[0]!])
    const broken = { ...good!, variant: { name: 'broken', overrides: { start: '2001-01-01' } } }
    const run = runJobs([good!, broken], { workers: 2 })
    await expect(run).rejects.toThrow(/strategy 2 "broken" failed: invalid scenario .*\n {2}start: /)
    await expect(run).rejects.toSatisfy((e) => StrategyError.isInstance(e))
  })
})

/** Resolves when `child`'s output matches `re`; rejects when it exits first. */
function waitFor(child: ChildProcess, re: RegExp, output: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (re.test(output())) {
        child.stdout?.off('data', check)
        child.stderr?.off('data', check)
        resolve()
      }
    }
    child.stdout?.on('data', check)
    child.stderr?.on('data', check)
    child.once('exit', (code) => reject(new Error(`exited (${code}) before ${re}: ${output()}`)))
    check()
  })
}

/** A child process with its output collected. */
function started(cmd: string, args: string[], cwd = dir) {
  const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (d) => {
    output += d
  })
  child.stderr.on('data', (d) => {
    output += d
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return { child, output: () => output, exited, ready: (re: RegExp) => waitFor(child, re, () => output) }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

const hasRedis = spawnSync('redis-server', ['--version']).status === 0
if (!hasRedis && !process.env.CI)
  console.warn(
    'skipping the queue test: redis-server is not installed (apt-get install redis-server; CI installs it)',
  )

describe.skipIf(!hasRedis && !process.env.CI)(
  'compare --queue with two workers on a real redis-server',
  { timeout: 240_000 },
  () => {
    let redis: ReturnType<typeof started>
    let url: string
    beforeAll(async () => {
      expect(hasRedis, 'redis-server must be installed in CI (.ci/run installs it)').toBe(true)
      const port = await freePort()
      const data = mkdtempSync(join(dir, 'redis-'))
      redis = started(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        data,
      )
      await redis.ready(/Ready to accept connections/)
      url = `redis://127.0.0.1:${port}`
    })
    afterAll(async () => {
      redis?.child.kill('SIGTERM')
      await redis?.exited
    })

    it('two worker processes share the jobs; the rows equal the in-process result exactly; the workers stop on SIGTERM', async () => {
      const workers = [0, 1].map(() => started('node', [CLI, 'worker', '--queue', url, '--concurrency', '1']))
      await Promise.all(workers.map((w) => w.ready(/waiting for backtests/)))
      const report = await compareJsonAsync('queue', '--queue', url)
      expect(report).toEqual(serial)
      for (const w of workers) w.child.kill('SIGTERM')
      expect(await Promise.all(workers.map((w) => w.exited))).toEqual([0, 0])
      // each worker ran some of the three jobs, each job ran once
      const done = workers.map((w) => [...w.output().matchAll(/: done [0-9a-f-]+-(\d) "/g)].map((m) => m[1]))
      for (const d of done) expect(d.length).toBeGreaterThan(0)
      expect(done.flat().sort()).toEqual(['0', '1', '2'])
      for (const w of workers) expect(w.output()).toMatch(/stopping after the backtests under way/)
      // nothing of the run is left on the queue
      const left = execFileSync(
        'redis-cli',
        ['-u', url, '--scan', '--pattern', 'bull:rebalancer-backtests:*-*-*-*-*'],
        {
          encoding: 'utf8',
        },
      )
      expect(left.trim()).toBe('')
    })

    it('compare stopped while it waits for workers removes its jobs from the queue', async () => {
      const compare = started('node', [...compareArgs('interrupted', ['--queue', url]).argv])
      await compare.ready(/3 backtests queued/)
      compare.child.kill('SIGINT')
      expect(await compare.exited).toBe(1)
      expect(compare.output()).toMatch(/error: compare stopped by SIGINT; its queued backtests were removed/)
      const left = execFileSync(
        'redis-cli',
        ['-u', url, '--scan', '--pattern', 'bull:rebalancer-backtests:*-*-*-*-*'],
        {
          encoding: 'utf8',
        },
      )
      expect(left.trim()).toBe('')
    })

    it('a job that fails on a worker is an error naming its strategy', async () => {
      // the price file is there when compare checks the strategies, gone when the worker runs them
      const prices = join(dir, 'prices.csv')
      writeFileSync(
        prices,
        readFileSync(join(__dirname, '../../../packages/sim/data/prices/prices-daily.csv')),
      )
      const config = join(dir, 'short.json')
      writeFileSync(
        config,
        JSON.stringify({ ...DEFAULT_SCENARIO, prices, start: '2024-03-01', end: '2024-03-05' }),
      )
      const strategies = join(dir, 'one.json')
      writeFileSync(strategies, JSON.stringify([{ name: 'needs its prices' }]))
      const compare = started('node', [
        CLI,
        'compare',
        '--config',
        config,
        '--strategies',
        strategies,
        '--queue',
        url,
      ])
      await compare.ready(/1 backtest queued/)
      rmSync(prices)
      const worker = started('node', [CLI, 'worker', '--queue', url, '--concurrency', '1'])
      expect(await compare.exited).toBe(1)
      expect(compare.output()).toMatch(
        /error: strategy 1 "needs its prices" failed: invalid scenario.*\n {2}prices: cannot read the price file/,
      )
      await worker.ready(/failed [0-9a-f-]+-0 "needs its prices"/)
      worker.child.kill('SIGINT')
      expect(await worker.exited).toBe(0)
    })
  },
)
