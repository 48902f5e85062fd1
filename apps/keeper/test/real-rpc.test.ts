/**
 * Issue #14, "Done when": the keeper's unchanged real-chain mode (`start --config <network>
 * --mnemonic-file <key>`, the built CLI, cosmjs over HTTP) drives the default scenario's
 * localnet, served by `serveScenario` with its clock running, for more than 5 simulated days:
 * every daily cycle runs for every account, every auction it opens is finished and cleaned
 * exactly once, the keeper sends nothing the chain refuses, supply is conserved, and `/metrics`
 * and `/healthz` answer from the running keeper.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { timestampToSeconds } from '@rebalancer/types'
import parsePrometheusTextFormat from 'parse-prometheus-text-format'
import { afterAll, describe, expect, it } from 'vitest'
import { type ServedScenario, serveScenario } from '../src/localnet.js'
import {
  auctionProblems,
  chainHistory,
  cycleSlots,
  type SpawnedKeeper,
  spawnKeeper,
  startArgs,
  until,
} from './real-chain.js'

/** Simulated seconds per second: 5 days in about two and a half minutes. */
const SPEED = 3000
const DAY = 86_400
const DAYS = 5

const dir = join(tmpdir(), `rebalancer-real-rpc-${process.pid}`)
let served: ServedScenario | undefined
let keeper: SpawnedKeeper | undefined
afterAll(async () => {
  await keeper?.stop('SIGKILL')
  await served?.close()
  rmSync(dir, { recursive: true, force: true })
})

function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const family = parsePrometheusTextFormat(text).find((f) => f.name === name)
  return (family?.metrics ?? [])
    .filter((s) => Object.entries(labels).every(([k, v]) => s.labels?.[k] === v))
    .reduce((sum, s) => sum + Number(s.value ?? 0), 0)
}

describe('the keeper over real RPC', () => {
  it(
    `runs ${DAYS} simulated days of the default scenario: every cycle, every auction finished and cleaned, supply conserved`,
    async () => {
      mkdirSync(dir, { recursive: true })
      const networkOut = join(dir, 'network.json')
      const mnemonicOut = join(dir, 'key.txt')
      served = await serveScenario({ port: 0, speed: SPEED, networkOut, mnemonicOut })
      const { sim, network } = served
      const status = sim.net.query(network.contracts.rebalancer, 'get_system_status')
      const cycleStart = timestampToSeconds(status.not_started.cycle_start)
      const period = DAY
      const accounts = sim.accounts.map((a) => a.address).sort()
      const fundedWith = sim.net.balance(served.keeper, 'untrn')

      keeper = spawnKeeper(
        startArgs(
          { network: networkOut, mnemonic: mnemonicOut, journal: join(dir, 'journal.db') },
          '--metrics-port',
          '0',
        ),
      )
      const serving = await keeper.waitFor((l) => l.msg === 'serving /metrics and /healthz', 60_000)
      const url = String(serving.url)

      // every daily cycle of the window, then every auction they opened finished and cleaned
      // past the cycle of day DAYS and its auctions (twice their length), so that the wait
      // never ends while that cycle's tick is opening them
      const auctionSeconds = network.auction_duration_blocks * sim.net.blockTimeSeconds
      const end = cycleStart + DAYS * period + 2 * auctionSeconds
      await until(
        () => {
          if (sim.net.time < end) return false
          const h = chainHistory(served!)
          return [...h.auctions.values()].every((a) => a.steps.at(-1)?.step === 'clean')
        },
        20 * 60_000,
        () =>
          `day ${((sim.net.time - cycleStart) / DAY).toFixed(2)}; ${auctionProblems(chainHistory(served!))}`,
        250,
      )

      // the running keeper's metrics and health
      const health = await fetch(`${url}/healthz`)
      expect(health.status).toBe(200)
      const metrics = await (await fetch(`${url}/metrics`)).text()
      expect(keeper.lines.filter((l) => l.msg === 'tick failed')).toEqual([])
      expect(await keeper.stop('SIGTERM')).toBe(0)
      expect(keeper.lines.at(-1)?.msg).toBe('keeper stopped cleanly')

      const h = chainHistory(served)
      // every cycle: one rebalance of every account in every daily slot, none twice
      const slots = cycleSlots(h, cycleStart, period)
      // the cycles of days 0…DAYS: DAYS whole days and the cycle that starts the next
      const full = slots.filter((s) => s.slot <= DAYS)
      expect(full.map((s) => s.slot)).toEqual([...Array(DAYS + 1).keys()])
      for (const s of full) expect([...s.accounts].sort()).toEqual(accounts)
      // on schedule: early in the cycle (a 1 s poll is SPEED simulated seconds; a loaded CI
      // machine slows the keeper's ticks, not the served clock)
      for (const s of full) expect(s.maxLagSeconds).toBeLessThan(period / 4)
      // every auction opened, finished and cleaned, once each time, and none left behind
      expect(h.auctions.size).toBeGreaterThan(0)
      expect(auctionProblems(h)).toEqual([])
      const opened = [...h.auctions.values()].reduce(
        (n, a) => n + a.steps.filter((s) => s.step === 'open').length,
        0,
      )
      expect(opened).toBeGreaterThanOrEqual(DAYS)
      // the makers bought in them
      expect(served.auctions.filter((a) => a.fills.length > 0).length).toBeGreaterThan(0)
      // nothing the chain refused: no step sent twice, no stale end block
      expect(h.refused.map((t) => t.result.log)).toEqual([])
      expect(sim.net.supplyProblems()).toEqual([])
      // the metrics agree with the chain
      expect(sample(metrics, 'rebalancer_keeper_auctions_opened_total')).toBe(opened)
      expect(sample(metrics, 'rebalancer_keeper_ticks_total', { result: 'failed' })).toBe(0)
      expect(sample(metrics, 'rebalancer_keeper_auctions_cleaned_total')).toBe(opened)
      expect(sample(metrics, 'rebalancer_keeper_accounts_rebalanced_total')).toBe(h.rebalances.length)
      // fees paid: the balance the keeper last read is at least what it holds now, below its funding
      const gas = sample(metrics, 'rebalancer_keeper_gas_balance', { denom: 'untrn' })
      expect(gas).toBeGreaterThanOrEqual(Number(sim.net.balance(served.keeper, 'untrn')))
      expect(gas).toBeLessThan(Number(fundedWith))
    },
    25 * 60_000,
  )

  it('loop mode waits for an RPC that is down at start: /healthz 503 meanwhile, a clean stop on SIGTERM', async () => {
    mkdirSync(dir, { recursive: true })
    // a port nothing listens on
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port
        s.close(() => resolve(p))
      })
    })
    const config = join(dir, 'down.json')
    writeFileSync(
      config,
      JSON.stringify({
        chain_id: 'localnet-1',
        rpc: `http://127.0.0.1:${port}`,
        prefix: 'neutron',
        gas_price: '0.0025untrn',
        contracts: {
          rebalancer: 'neutron1qs6mzpmcw3dvg5l8nyywetcj326scszdj7v4pfk55xwshd4prqnqfwc0z2',
          auctions_manager: 'neutron13exc5wdc7y5qpqazc34djnu934lqvfw2dru30j52ahhjep6jzx8ssjxcyz',
          oracle: 'neutron1s8uqyh0mmh8g66s2dectf56c08y6fvusp39undp8kf4v678ededsy6tstf',
        },
      }),
    )
    const key = join(dir, 'down-key.txt')
    const { randomMnemonic } = await import('@rebalancer/localnet/rpc')
    writeFileSync(key, `${randomMnemonic()}\n`, { mode: 0o600 })
    const k = spawnKeeper([
      'start',
      '--config',
      config,
      '--mnemonic-file',
      key,
      '--poll-seconds',
      '1',
      '--metrics-port',
      '0',
    ])
    try {
      const serving = await k.waitFor((l) => l.msg === 'serving /metrics and /healthz', 30_000)
      // several retries, the process still up
      await k.waitFor(
        (l) => l.msg === 'RPC unreachable at start, waiting for it' && Number(l.attempt) >= 3,
        60_000,
      )
      const health = await fetch(`${String(serving.url)}/healthz`)
      expect(health.status).toBe(503)
      expect(k.child.exitCode).toBeNull()
      expect(await k.stop('SIGTERM')).toBe(0)
      expect(k.lines.at(-1)?.msg).toBe('keeper stopped cleanly before connecting')
    } finally {
      await k.stop('SIGKILL')
    }
  }, 120_000)
})
