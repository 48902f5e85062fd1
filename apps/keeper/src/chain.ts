import { readFileSync } from 'node:fs'
import { CosmWasmClient } from '@cosmjs/cosmwasm'
import {
  addressFromMnemonic,
  connectSigningClient,
  type NetworkConfig,
  RebalancerClient,
  resolveNetwork,
  toCosmosMsg,
  withRetries,
} from '@rebalancer/adapters'
import type { ChainClient } from '@rebalancer/types'
import pino, { type Logger } from 'pino'
import { parse as parseYaml } from 'yaml'
import { ConfigError } from './config.js'

/** Options of `start` that select and drive a real chain. */
export interface ChainOptions {
  network?: string
  /** A network config file (JSON/YAML): overrides the preset's fields. */
  networkConfig?: unknown
  rpc?: string
  /** Path of a file holding the mnemonic. */
  mnemonicFile?: string
  /** Name of the environment variable holding the mnemonic (default REBALANCER_MNEMONIC). */
  mnemonicEnv?: string
  /** Address to plan for in a dry run without a mnemonic. */
  sender?: string
  dryRun?: boolean
  /** One tick, then exit. */
  once?: boolean
  /** Seconds between ticks; default 30. */
  pollSeconds?: number
}

/** Whether a parsed `--config` file describes a chain (rather than a simulation scenario). */
export function isNetworkConfigFile(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    ('rpc' in value || 'contracts' in value || 'chain_id' in value)
  )
}

/** Reads a JSON or YAML file. @throws ConfigError naming the file. */
export function readConfigFile(path: string): unknown {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (e) {
    throw new ConfigError(`cannot read --config ${path}: ${(e as Error).message}`)
  }
  try {
    return /\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text)
  } catch (e) {
    throw new ConfigError(
      `--config ${path} is not valid ${/\.json$/i.test(path) ? 'JSON' : 'YAML'}: ${(e as Error).message}`,
    )
  }
}

/** The network to drive: preset + config file + `--rpc`, validated. @throws ConfigError */
export function networkFrom(o: ChainOptions): NetworkConfig {
  try {
    const override = { ...((o.networkConfig as object) ?? {}), ...(o.rpc ? { rpc: o.rpc } : {}) }
    return resolveNetwork(o.network, override)
  } catch (e) {
    const issues = (e as { issues?: { path: PropertyKey[]; message: string }[] }).issues
    if (issues) {
      throw new ConfigError(
        `invalid network config:\n${issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n')}`,
      )
    }
    throw new ConfigError((e as Error).message)
  }
}

/**
 * The signer's mnemonic from a file or an environment variable. It is returned to the caller
 * only: never printed, logged or put in an error message.
 * @throws ConfigError saying where it looked (not what it found).
 */
export function readMnemonic(o: ChainOptions, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (o.mnemonicFile) {
    try {
      return readFileSync(o.mnemonicFile, 'utf8').trim()
    } catch (e) {
      throw new ConfigError(
        `cannot read --mnemonic-file ${o.mnemonicFile}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`,
      )
    }
  }
  const name = o.mnemonicEnv ?? 'REBALANCER_MNEMONIC'
  const v = env[name]?.trim()
  return v ? v : undefined
}

/** A read-only chain port for dry runs: queries go to the chain, `execute` is refused. */
async function readOnly(rpc: string): Promise<ChainClient> {
  const c = await CosmWasmClient.connect(rpc)
  return {
    queryContractSmart: (a, q) => c.queryContractSmart(a, q as never),
    getBalance: (a, d) => c.getBalance(a, d),
    getHeight: () => c.getHeight(),
    getBlock: async (h) => {
      const b = await c.getBlock(h)
      return { id: b.id, header: b.header, txs: b.txs }
    },
    execute: () => Promise.reject(new Error('dry run: nothing is sent')),
  }
}

/** What one keeper tick did (for logs and tests). */
export interface TickSummary {
  due: boolean
  finished: number
  prices: { ok: number; failed: number }
  rebalanceCalls: number
  accounts: number
  opened: number
}

/**
 * One keeper tick over any chain port: finish ended auctions; when a cycle is due, update
 * prices, run `system_rebalance` until finished and open auctions with queued funds. Every
 * step is guarded by the chain's state, so a tick repeated after a crash is safe.
 */
export async function tick(rc: RebalancerClient, durationBlocks: number, log: Logger): Promise<TickSummary> {
  const timing = await rc.cycleTiming()
  if (!timing.due) {
    const finished = await rc.finishAuctions()
    for (const s of finished.steps)
      if (!s.ok) log.warn({ pair: s.pair, error: s.error }, 'finish_auction failed')
    return {
      due: false,
      finished: finished.steps.filter((s) => s.ok).length,
      prices: { ok: 0, failed: 0 },
      rebalanceCalls: 0,
      accounts: 0,
      opened: 0,
    }
  }
  const r = await rc.cycle(durationBlocks)
  for (const s of [...r.finished.steps, ...r.prices, ...r.opened]) {
    if (!s.ok) log.warn({ pair: s.pair, error: s.error }, 'step failed')
  }
  return {
    due: true,
    finished: r.finished.steps.filter((s) => s.ok).length,
    prices: { ok: r.prices.filter((s) => s.ok).length, failed: r.prices.filter((s) => !s.ok).length },
    rebalanceCalls: r.rebalance?.calls ?? 0,
    accounts: r.rebalance?.events.filter((e) => e.action === 'rebalancer-account-rebalance').length ?? 0,
    opened: r.opened.filter((s) => s.ok).length,
  }
}

/** The JSON a dry run prints: every message the next tick would send, as CosmosMsgs. */
export async function dryRun(rc: RebalancerClient, durationBlocks: number): Promise<unknown[]> {
  return (await rc.plan(durationBlocks)).map((p) => ({
    step: p.step,
    ...(p.pair ? { pair: [p.pair[0], p.pair[1]] } : {}),
    sender: rc.sender,
    msg: toCosmosMsg(p.execute),
  }))
}

/** A logger to stderr that cannot print a mnemonic even if one is passed by mistake. */
export function keeperLogger(): Logger {
  return pino(
    { name: 'rebalancer-keeper', redact: { paths: ['mnemonic', '*.mnemonic'], censor: '[redacted]' } },
    pino.destination(2),
  )
}

/**
 * `start` against a real chain: connect (signing with the mnemonic, or read-only for
 * `--dry-run`), then tick every `pollSeconds` (or once with `--once`). RPC reads are retried
 * with exponential backoff; so are sends, which the chain's state machines make safe to repeat.
 */
export async function startChain(
  o: ChainOptions,
  out: NodeJS.WritableStream = process.stdout,
): Promise<void> {
  const net = networkFrom(o)
  if (!net.rpc)
    throw new ConfigError(
      `network ${net.chain_id} has no RPC endpoint: give --rpc <url> or "rpc" in --config`,
    )
  const log = keeperLogger()
  const duration = net.auction_duration_blocks ?? 28_800
  const addresses = {
    rebalancer: net.contracts.rebalancer,
    auctionsManager: net.contracts.auctions_manager,
    oracle: net.contracts.oracle,
  }
  const mnemonic = readMnemonic(o)
  const retry = {
    retryExecute: true,
    onRetry: (e: unknown, attempt: number) =>
      log.warn({ attempt, error: (e as Error).message }, 'RPC error, retrying'),
  }
  if (o.dryRun) {
    const sender = o.sender ?? (mnemonic ? await addressFromMnemonic(mnemonic, net.prefix) : undefined)
    if (!sender) throw new ConfigError('--dry-run needs --sender <address> or a mnemonic to plan for')
    const rc = new RebalancerClient(withRetries(await readOnly(net.rpc), retry), addresses, sender)
    out.write(`${JSON.stringify(await dryRun(rc, duration), null, 2)}\n`)
    return
  }
  if (!mnemonic) {
    throw new ConfigError(
      `no signer: give --mnemonic-file <path> or set ${o.mnemonicEnv ?? 'REBALANCER_MNEMONIC'} (or use --dry-run)`,
    )
  }
  const { client, sender } = await connectSigningClient({
    rpcUrl: net.rpc,
    mnemonic,
    prefix: net.prefix,
    gasPrice: net.gas_price,
  })
  const rc = new RebalancerClient(withRetries(client, retry), addresses, sender)
  log.info({ chain: net.chain_id, sender, rebalancer: addresses.rebalancer }, 'keeper started')
  const poll = (o.pollSeconds ?? 30) * 1000
  for (;;) {
    try {
      log.info(await tick(rc, duration, log), 'tick')
    } catch (e) {
      log.error({ error: (e as Error).message }, 'tick failed')
      if (o.once) throw e
    }
    if (o.once) return
    await new Promise((r) => setTimeout(r, poll))
  }
}
