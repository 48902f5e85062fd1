/**
 * Test helpers for the keeper's real-chain mode over HTTP (issue #14): spawn the built CLI's
 * `start` against a served localnet, read its JSON log, and judge the chain's history from the
 * transactions the localnet included (cycles, auctions opened / closed / cleaned, refusals).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { join } from 'node:path'
import type { IndexedTx } from '@rebalancer/localnet/rpc'
import { decodeValenceEvents, eventsOf, VALENCE_ACTIONS } from '@rebalancer/types'
import type { ServedScenario } from '../src/localnet.js'

export const CLI = join(__dirname, '..', 'dist', 'cli.js')

/**
 * The arguments of the keeper's real-chain loop as the tests run it: `start --config <network>
 * --mnemonic-file <key> --poll-seconds 1 --journal <journal>`, then `extra`.
 */
export function startArgs(
  o: { network: string; mnemonic: string; journal: string },
  ...extra: string[]
): string[] {
  return [
    'start',
    '--config',
    o.network,
    '--mnemonic-file',
    o.mnemonic,
    '--poll-seconds',
    '1',
    '--journal',
    o.journal,
    ...extra,
  ]
}

/** One JSON line of the keeper's log. */
export type LogLine = { level: number; msg: string; [k: string]: unknown }

/** A spawned keeper: its log lines so far, waits, and a stop. */
export interface SpawnedKeeper {
  readonly child: ChildProcess
  readonly lines: LogLine[]
  /** Resolves with the first line (old or new) `match` accepts; rejects after `timeoutMs`. */
  waitFor(match: (l: LogLine) => boolean, timeoutMs: number): Promise<LogLine>
  /** Resolves with the exit code (or the signal's name). */
  readonly exited: Promise<number | string>
  /** Sends `signal` and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<number | string>
}

/** Spawns `node dist/cli.js <args>` with the log on stderr parsed line by line. */
export function spawnKeeper(args: readonly string[], env: NodeJS.ProcessEnv = {}): SpawnedKeeper {
  const child = spawn('node', [CLI, ...args], {
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  const lines: LogLine[] = []
  const waiters = new Set<() => void>()
  let rest = ''
  child.stderr!.setEncoding('utf8')
  child.stderr!.on('data', (chunk: string) => {
    rest += chunk
    const parts = rest.split('\n')
    rest = parts.pop()!
    for (const p of parts) {
      if (!p.trim()) continue
      try {
        lines.push(JSON.parse(p) as LogLine)
      } catch {
        lines.push({ level: 60, msg: `(not JSON) ${p}` })
      }
    }
    for (const w of waiters) w()
  })
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => {
      resolve(code ?? signal ?? -1)
      for (const w of waiters) w()
    }),
  )
  let done = false
  void exited.then(() => {
    done = true
  })
  const waitFor = (match: (l: LogLine) => boolean, timeoutMs: number) =>
    new Promise<LogLine>((resolve, reject) => {
      const check = () => {
        const hit = lines.find(match)
        if (hit) {
          finish()
          resolve(hit)
        } else if (done) {
          finish()
          reject(new Error(`the keeper exited before the awaited line; its log:\n${tail(lines)}`))
        }
      }
      const timer = setTimeout(() => {
        finish()
        reject(new Error(`timed out waiting for a log line; the keeper's log:\n${tail(lines)}`))
      }, timeoutMs)
      const finish = () => {
        clearTimeout(timer)
        waiters.delete(check)
      }
      waiters.add(check)
      check()
    })
  return {
    child,
    lines,
    waitFor,
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (!done) child.kill(signal)
      return exited
    },
  }
}

/** The last lines of a log, for a failure's message. */
export function tail(lines: readonly LogLine[], n = 20): string {
  return lines
    .slice(-n)
    .map((l) => JSON.stringify(l))
    .join('\n')
}

/** Resolves once `condition()` holds, polling every `everyMs`; rejects after `timeoutMs` with `what`. */
export async function until(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: () => string,
  everyMs = 100,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what()}`)
    await new Promise((r) => setTimeout(r, everyMs))
  }
}

/** What happened to one auction contract, in order: `open`, `close`, `clean` (and refusals). */
export type AuctionStep = 'open' | 'close' | 'clean'

/** The chain's history as the localnet recorded it. */
export interface ChainHistory {
  /** Each account's `rebalancer-account-rebalance`, with its block's time. */
  rebalances: { account: string; time: number; height: number }[]
  /** Per auction contract, the sequence of what happened to it. */
  auctions: Map<string, { pair: readonly [string, string]; steps: { step: AuctionStep; time: number }[] }>
  /** The keeper's transactions the chain refused (code ≠ 0): none, when nothing is sent twice. */
  refused: IndexedTx[]
  /** The keeper's transactions it included. */
  keeperTxs: IndexedTx[]
}

/** Reads the localnet's transactions: cycles, auctions' life cycles, the keeper's refusals. */
export function chainHistory(served: Pick<ServedScenario, 'txs' | 'keeper'>): ChainHistory {
  const h: ChainHistory = { rebalances: [], auctions: new Map(), refused: [], keeperTxs: [] }
  const auction = (address: string, pair: readonly [string, string]) => {
    let a = h.auctions.get(address)
    if (!a) {
      a = { pair, steps: [] }
      h.auctions.set(address, a)
    }
    return a
  }
  for (const tx of served.txs) {
    const mine = tx.signer === served.keeper
    if (mine) (tx.result.code === 0 ? h.keeperTxs : h.refused).push(tx)
    if (tx.result.code !== 0) continue
    const events = decodeValenceEvents(tx.result.events)
    for (const e of eventsOf(events, VALENCE_ACTIONS.rebalancerAccountRebalance))
      h.rebalances.push({ account: e.data.account, time: tx.time, height: tx.height })
    for (const e of eventsOf(events, VALENCE_ACTIONS.auctionOpen))
      auction(e.contract, e.data.pair).steps.push({ step: 'open', time: tx.time })
    for (const e of eventsOf(events, VALENCE_ACTIONS.auctionClose))
      auction(e.contract, e.data.pair).steps.push({ step: 'close', time: tx.time })
    for (const m of tx.msgs) {
      if (m.type !== 'execute' || typeof m.msg !== 'object' || m.msg === null) continue
      if ('clean_after_auction' in m.msg) {
        const a = h.auctions.get(m.contract)
        if (a) a.steps.push({ step: 'clean', time: tx.time })
        else h.auctions.set(m.contract, { pair: ['?', '?'], steps: [{ step: 'clean', time: tx.time }] })
      }
    }
  }
  return h
}

/**
 * Every auction's life, checked: `open, close, clean` repeated, ending cleaned (nothing opened
 * twice, finished twice, cleaned twice or left behind). Returns the problems, one line each.
 */
export function auctionProblems(h: ChainHistory): string[] {
  const out: string[] = []
  for (const [address, a] of h.auctions) {
    const seq = a.steps.map((s) => s.step).join(',')
    if (!/^(open,close,clean)(,open,close,clean)*$/.test(seq))
      out.push(`${a.pair.join('→')} (${address.slice(0, 16)}…): ${seq}`)
  }
  return out
}

/**
 * The cycles: for each cycle slot `k` from 0 (`cycleStart + k × period`), the accounts that
 * rebalanced in it, and the lag of each rebalance behind its slot's start, seconds.
 */
export function cycleSlots(
  h: ChainHistory,
  cycleStart: number,
  period: number,
): { slot: number; accounts: string[]; maxLagSeconds: number }[] {
  const slots = new Map<number, { accounts: string[]; maxLagSeconds: number }>()
  for (const r of h.rebalances) {
    const slot = Math.floor((r.time - cycleStart) / period)
    const s = slots.get(slot) ?? { accounts: [], maxLagSeconds: 0 }
    s.accounts.push(r.account)
    s.maxLagSeconds = Math.max(s.maxLagSeconds, r.time - (cycleStart + slot * period))
    slots.set(slot, s)
  }
  return [...slots.entries()].sort(([a], [b]) => a - b).map(([slot, s]) => ({ slot, ...s }))
}
