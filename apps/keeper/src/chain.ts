import { readFileSync } from 'node:fs'
import {
  NETWORKS,
  type NetworkConfig,
  type OpeningContainment,
  type OpeningSkipped,
  RebalancerClient,
  RebalancerReader,
  resolveNetwork,
  type TickEvent,
  toCosmosMsg,
} from '@rebalancer/adapters'
import {
  addressFromMnemonic,
  astroportReference,
  connectAbciQuerier,
  connectOracleReference,
  connectReader,
  connectSigningClient,
  isRetryableRpcError,
  type RetryOptions,
  retrying,
  rpcEndpoints,
  type SigningConnection,
  withRetries,
} from '@rebalancer/adapters/cosmjs'
import { Addr, type ChainReader, type PriceReference, RebalancerError } from '@rebalancer/types'
import pino, { type Logger } from 'pino'
import { ConfigError, type ContainmentConfig, parseContainmentConfig, readConfigFile } from './config.js'
import { SqliteTxJournal } from './journal.js'
import { ChainError, checkServer, feeDenom, runKeeperLoop, StopSignal, stopOnSignals } from './loop.js'
import { KeeperMetrics, type MetricsServer, serveMetrics } from './metrics.js'

export { readConfigFile }

/** Options of `start` that select and drive a real chain. */
export interface ChainOptions {
  network?: string
  /** A network config file (JSON/YAML): overrides the preset's fields. */
  networkConfig?: unknown
  /** RPC endpoint, or several separated by commas (failover in that order). */
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
  /**
   * A SQLite file recording every transaction the keeper sends (`SqliteTxJournal`): after a
   * restart, a step whose last transaction is still pending is looked up on chain instead of sent
   * again.
   */
  journal?: string
  /** Serve `/metrics` and `/healthz` on this port (loop mode; 0: any free port). */
  metricsPort?: number
  /** Address the metrics server listens on; default 127.0.0.1. */
  metricsHost?: string
  /** `/healthz` is 200 while the last good tick is at most this many poll intervals old; default 3. */
  healthPolls?: number
  /** Warn when the keeper's fee-denom balance is below this many base units. */
  minGasBalance?: bigint
}

/** Whether a parsed `--config` file describes a chain (rather than a simulation scenario). */
export function isNetworkConfigFile(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    ('rpc' in value || 'contracts' in value || 'chain_id' in value)
  )
}

/**
 * Whether `message` shows any part of `value`: the whole value, a prefix of 4 or more
 * characters, or one of its words of 3 or more characters.
 */
export function showsPartOf(message: string, value: string): boolean {
  const v = value.trim()
  if (v.length === 0) return false
  for (let k = v.length; k >= Math.min(4, v.length); k--) if (message.includes(v.slice(0, k))) return true
  return v.split(/\s+/).some((w) => w.length >= 3 && message.includes(w))
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let x = root
  for (const p of path) {
    if (typeof x !== 'object' || x === null || typeof p === 'symbol') return undefined
    x = (x as Record<string | number, unknown>)[p]
  }
  return x
}

/**
 * The network to drive: preset + config file + `--rpc`, validated. Option values and config
 * values may hold secrets (a mnemonic given to the wrong option or pasted into the wrong
 * field), so no message shows a value the user gave: an unknown preset is not repeated, and a
 * field's rule is shown only when it does not quote the field's value.
 * @throws ConfigError naming the option or field and the rule.
 */
export function networkFrom(options: ChainOptions): NetworkConfig {
  if (options.network !== undefined && !Object.hasOwn(NETWORKS, options.network)) {
    throw new ConfigError(
      'unknown_network',
      `unknown --network preset (the value given is not shown), expected one of ${Object.keys(NETWORKS).join(', ')}`,
    )
  }
  // `containment` is the keeper's own section of the file (see containmentFrom), not the network's
  const { containment: _containment, ...file } = (
    typeof options.networkConfig === 'object' && options.networkConfig !== null ? options.networkConfig : {}
  ) as Record<string, unknown>
  const override = {
    ...file,
    // `--rpc a,b`: several endpoints of the chain, in order of preference (failover)
    ...(options.rpc
      ? { rpc: options.rpc.includes(',') ? options.rpc.split(',').map((u) => u.trim()) : options.rpc }
      : {}),
  }
  try {
    return resolveNetwork(options.network, override)
  } catch (e) {
    const issues = (e as { issues?: { path: PropertyKey[]; message: string }[] }).issues
    if (issues) {
      const lines = issues.map((i) => {
        const field = i.path.map(String).join('.') || '(root)'
        const value = valueAt(override, i.path)
        const hidden = typeof value === 'string' && showsPartOf(i.message, value)
        return `  ${field}: ${hidden ? 'invalid value (not shown: it may hold a secret)' : i.message}`
      })
      throw new ConfigError('invalid_network_config', `invalid network config:\n${lines.join('\n')}`, {
        path: issues[0]?.path.filter((p): p is string | number => typeof p !== 'symbol') ?? [],
      })
    }
    throw new ConfigError('invalid_network_config', `invalid network config (${(e as Error).name})`)
  }
}

/** An environment variable name: letters, digits and `_`, not starting with a digit. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/**
 * The signer's mnemonic from a file or an environment variable. It is returned to the caller
 * only: never printed, logged or put in an error message.
 * @throws ConfigError saying where it looked (not what it found).
 */
export function readMnemonic(
  options: ChainOptions,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  if (options.mnemonicFile) {
    try {
      return readFileSync(options.mnemonicFile, 'utf8').trim()
    } catch (e) {
      // the path is not repeated: a mnemonic given here by mistake must not be printed
      throw new ConfigError(
        'unreadable_mnemonic_file',
        `cannot read --mnemonic-file (path not shown): ${(e as NodeJS.ErrnoException).code ?? 'error'}`,
      )
    }
  }
  const name = mnemonicEnvName(options)
  const v = env[name]?.trim()
  return v ? v : undefined
}

/**
 * The environment variable that holds the mnemonic (`--mnemonic-env`, default
 * REBALANCER_MNEMONIC).
 * @throws ConfigError when it is not a variable name (say, the mnemonic itself), without
 *   repeating it.
 */
function mnemonicEnvName(options: ChainOptions): string {
  const name = options.mnemonicEnv ?? 'REBALANCER_MNEMONIC'
  if (!ENV_NAME.test(name)) {
    throw new ConfigError(
      'invalid_mnemonic_env',
      '--mnemonic-env must be the name of an environment variable (letters, digits and _), not the mnemonic (the value given is not shown)',
    )
  }
  return name
}

/**
 * A skipped opening as the keeper logs and prints it: snake_case, prices as decimal strings,
 * absent numbers left out.
 */
export function skippedFields(s: OpeningSkipped): Record<string, unknown> {
  return {
    pair: [s.pair[0], s.pair[1]],
    reason: s.reason,
    ...(s.startPrice ? { start_price: s.startPrice.toString() } : {}),
    ...(s.floor ? { floor: s.floor.toString() } : {}),
    ...(s.reference ? { reference: s.reference.toString() } : {}),
    reference_source: s.referenceName,
    ...(s.error !== undefined ? { error: s.error } : {}),
  }
}

/**
 * The keeper's event sink for {@link RebalancerClient.tick}: a failed step and an opening the
 * containment check skipped (pair, reason, start price, floor, reference) are warnings in the
 * log, everything else stays out of it.
 */
export function logTickEvents(log: Logger): (event: TickEvent) => void {
  return (event) => {
    if (event.type === 'step_failed')
      log.warn({ step: event.step, pair: event.pair, error: event.error }, `${event.step} failed`)
    else if (event.type === 'opening_skipped')
      log.warn(
        { step: event.step, ...skippedFields(event) },
        event.reason === 'start_below_floor'
          ? 'open_auction skipped: start price below the reference floor'
          : event.reason === 'end_above_reference'
            ? 'open_auction skipped: end price above the reference'
            : event.reason === 'no_reference'
              ? 'open_auction skipped: no reference price'
              : 'open_auction skipped: no start price',
      )
  }
}

/**
 * The JSON a dry run prints: every message the next tick would send, as CosmosMsgs (reads only),
 * and, with a containment check, each opening it would skip as
 * `{step: 'open_auction', pair, skipped: {reason, start_price, floor, reference, …}}`.
 */
export async function dryRun(
  reader: RebalancerReader,
  durationBlocks: number,
  containment?: OpeningContainment,
): Promise<unknown[]> {
  const plan = await reader.planTick(durationBlocks, containment ? { containment } : {})
  return [
    ...plan.steps.map((p) => ({
      step: p.step,
      ...(p.pair ? { pair: [p.pair[0], p.pair[1]] } : {}),
      sender: reader.sender,
      msg: toCosmosMsg(p.execute),
    })),
    ...plan.skipped.map((s) => {
      const { pair, ...skipped } = skippedFields(s)
      return { step: 'open_auction', pair, skipped }
    }),
  ]
}

/**
 * The `containment` section of a network config file, validated (see `ContainmentConfig`);
 * `undefined` when the file has none.
 * @throws ConfigError `invalid_containment` naming the field.
 */
export function containmentConfigFrom(file: unknown): ContainmentConfig | undefined {
  const section =
    typeof file === 'object' && file !== null ? (file as Record<string, unknown>).containment : undefined
  return section === undefined ? undefined : parseContainmentConfig(section)
}

/**
 * The keeper's containment check from a validated config: the reference it names, built on
 * `reader` (Astroport) or the network's RPC (Connect); asset names resolve through the network's
 * `denoms`.
 * @throws ConfigError `no_rpc` for Connect without an RPC; cosmjs's error when the RPC cannot
 *   be reached.
 */
export async function containmentFrom(
  config: ContainmentConfig,
  net: NetworkConfig,
  reader: Pick<ChainReader, 'queryContractSmart'>,
): Promise<OpeningContainment> {
  return {
    reference: await referenceFrom(config.reference, net, reader),
    minPremiumBps: config.min_premium_bps,
  }
}

async function referenceFrom(
  r: ContainmentConfig['reference'],
  net: NetworkConfig,
  reader: Pick<ChainReader, 'queryContractSmart'>,
): Promise<PriceReference> {
  const denom = (name: string) => net.denoms?.[name] ?? name
  if (r.astroport)
    return astroportReference(
      reader,
      r.astroport.pools.map((p) => ({
        pair: [denom(p.pair[0]), denom(p.pair[1])] as const,
        pool: p.pool,
        offerAmount: BigInt(p.offer_amount),
      })),
    )
  const connect = r.connect!
  if (!net.rpc)
    throw new ConfigError('no_rpc', 'the Connect reference needs the network RPC: give --rpc <url>')
  // Connect's ABCI queries go to the first endpoint
  return connectOracleReference(await connectAbciQuerier(rpcEndpoints(net.rpc)[0]!), {
    denoms: Object.fromEntries(Object.entries(connect.denoms).map(([k, v]) => [denom(k), v])),
    ...(connect.max_age_seconds !== undefined ? { maxAgeSeconds: connect.max_age_seconds } : {}),
  })
}

/** A logger to stderr that cannot print a mnemonic even if one is passed by mistake. */
export function keeperLogger(): Logger {
  const stderr = pino.destination(2)
  // stderr closed by the reader (`… 2>&1 | head`): stop quietly, as the CLI does for stdout
  stderr.on('error', (e: NodeJS.ErrnoException) =>
    process.exit(e.code === 'EPIPE' ? Number(process.exitCode ?? 0) : 1),
  )
  return pino(
    { name: 'rebalancer-keeper', redact: { paths: ['mnemonic', '*.mnemonic'], censor: '[redacted]' } },
    stderr,
  )
}

/**
 * `start` against a real chain: connect (signing with the mnemonic, or read-only for
 * `--dry-run`), warn when the keeper is not the auctions manager's server, then run
 * {@link runKeeperLoop}: a tick every `pollSeconds` (or once with `--once`), the gas balance read
 * after each, `/metrics` and `/healthz` on `metricsPort` when given (loop mode), and a clean stop
 * on SIGTERM/SIGINT (the tick in flight finishes, then it returns). In loop mode an RPC that
 * is down at start is waited for (retries until it answers or the keeper is stopped; `/healthz`
 * is served, 503, meanwhile). RPC reads are retried with exponential backoff; a send is signed
 * first and settled over a lost answer by its hash (`executeSigned`), never signed twice.
 * @throws ConfigError for a bad option or config (before connecting), a journal that cannot be
 *   opened or a metrics port that cannot be bound; ChainError `chain_unreachable` when the RPC
 *   cannot be reached (`--once`, `--dry-run`), `tick_failed` when the tick of `once` fails.
 */
export async function startChain(
  o: ChainOptions,
  out: NodeJS.WritableStream = process.stdout,
): Promise<void> {
  const net = networkFrom(o)
  const containmentConfig = containmentConfigFrom(o.networkConfig)
  if (!net.rpc)
    throw new ConfigError('no_rpc', 'the network has no RPC endpoint: give --rpc <url> or "rpc" in --config')
  const log = keeperLogger()
  const duration = net.auction_duration_blocks ?? 28_800
  const addresses = {
    rebalancer: net.contracts.rebalancer,
    auctionsManager: net.contracts.auctions_manager,
    oracle: net.contracts.oracle,
  }
  const mnemonic = readMnemonic(o)
  const pollMs = (o.pollSeconds ?? 30) * 1000
  const retry: RetryOptions = {
    retryExecute: true,
    // backoff scaled to the poll: 500 ms doubling up to 10 s at the default 30 s poll; a keeper
    // polling every second retries within it (50 ms up to 1 s)
    baseDelayMs: Math.min(500, Math.max(50, pollMs / 60)),
    maxDelayMs: Math.min(10_000, Math.max(1000, pollMs / 3)),
    onRetry: (e: unknown, attempt: number) =>
      log.warn({ attempt, error: (e as Error).message }, 'RPC error, retrying'),
  }
  if (o.sender !== undefined && !Addr.safeParse(o.sender).success) {
    throw new ConfigError(
      'invalid_sender',
      '--sender must be a bech32 address (the value given is not shown)',
    )
  }
  if (o.dryRun) {
    const sender = o.sender ?? (mnemonic ? await addressFromMnemonic(mnemonic, net.prefix) : undefined)
    if (!sender)
      throw new ConfigError('no_sender', '--dry-run needs --sender <address> or a mnemonic to plan for')
    const chain = await connectReader(net.rpc).catch((e: unknown) => {
      throw new ChainError('chain_unreachable', `cannot connect to the RPC: ${(e as Error).message}`, {
        cause: e,
      })
    })
    const reader = new RebalancerReader(withRetries(chain, retry), addresses, sender)
    const containment = containmentConfig && (await containmentFrom(containmentConfig, net, reader.chain))
    out.write(`${JSON.stringify(await dryRun(reader, duration, containment), null, 2)}\n`)
    return
  }
  if (!mnemonic) {
    throw new ConfigError(
      'no_signer',
      `no signer: give --mnemonic-file <path> or set ${mnemonicEnvName(o)} (or use --dry-run)`,
    )
  }
  let journal: SqliteTxJournal | undefined
  try {
    journal = o.journal !== undefined ? SqliteTxJournal.open(o.journal) : undefined
  } catch (e) {
    // the path is not quoted (an option's value may be anything, a secret included)
    const code = (e as { cause?: { code?: string } }).cause?.code ?? (e as { code?: string }).code ?? 'error'
    throw new ConfigError(
      'journal_unavailable',
      `--journal: cannot open the SQLite file (${code}; the path is not shown)`,
    )
  }
  const poll = pollMs
  // loop mode: metrics and health from the start (/healthz is 503 until a good tick), a clean
  // stop on SIGTERM/SIGINT (the tick in flight finishes), and an RPC that is down at start waited
  // for, not fatal
  const serving = !o.once && o.metricsPort !== undefined
  const metrics = new KeeperMetrics({ staleAfterMs: (o.healthPolls ?? 3) * poll, processMetrics: serving })
  let server: MetricsServer | undefined
  if (serving) {
    server = await serveMetrics(metrics, {
      port: o.metricsPort!,
      ...(o.metricsHost ? { host: o.metricsHost } : {}),
    }).catch((e: unknown) => {
      journal?.close()
      throw new ConfigError(
        'metrics_listen',
        // the code only (EADDRINUSE, EACCES, ENOTFOUND…): the message would repeat the host given
        `cannot listen on --metrics-port/--metrics-host: ${(e as NodeJS.ErrnoException).code ?? 'error'}`,
      )
    })
    log.info({ url: server.url }, 'serving /metrics and /healthz')
  }
  const stop = new StopSignal()
  const removeHandlers = o.once ? () => {} : stopOnSignals(stop, log)
  try {
    const connection = await connectSigningClient({
      rpcUrl: net.rpc,
      mnemonic,
      prefix: net.prefix,
      gasPrice: net.gas_price,
      ...(net.broadcast_poll_ms !== undefined ? { broadcastPollIntervalMs: net.broadcast_poll_ms } : {}),
      // --once: a few retries, then exit 4; the loop waits for an endpoint until it is stopped
      ...(o.once
        ? {}
        : {
            retry: {
              retries: Number.POSITIVE_INFINITY,
              maxDelayMs: Math.min(poll, 30_000),
              isRetryable: (e: unknown) => !stop.stopped && isRetryableRpcError(e),
              // a stop ends the wait and the retries at once (no further connection attempt)
              sleep: async (ms: number) => {
                await stop.sleep(ms)
                if (stop.stopped) throw new ChainError('stopped', 'stopped before the RPC answered')
              },
              onRetry: (e: unknown, attempt: number) =>
                log.warn(
                  { attempt, error: (e as Error).message },
                  'RPC unreachable at start, waiting for it',
                ),
            },
          }),
    }).catch((e: unknown) => {
      if (stop.stopped) return undefined
      // an invalid mnemonic or RPC list is the configuration's; no endpoint answering, or
      // anything else, is the chain's (exit code 4)
      if (RebalancerError.isInstance(e) && e.code !== 'rpc_unreachable' && e.code !== 'rpc_error') throw e
      throw new ChainError('chain_unreachable', `cannot connect to the RPC: ${(e as Error).message}`, {
        cause: e,
      })
    })
    if (!connection) {
      log.info({ signal: stop.reason }, 'keeper stopped cleanly before connecting')
      return
    }
    await runConnected(o, connection, {
      net,
      log,
      duration,
      addresses,
      retry,
      containmentConfig,
      metrics,
      stop,
      poll,
      journal,
    })
  } finally {
    removeHandlers()
    await server?.close()
    journal?.close()
  }
}

/** The part of {@link startChain} after the signing client connected. */
async function runConnected(
  o: ChainOptions,
  { client, sender }: SigningConnection,
  c: {
    net: NetworkConfig
    log: Logger
    duration: number
    addresses: { rebalancer: string; auctionsManager: string; oracle: string }
    retry: RetryOptions
    containmentConfig: ContainmentConfig | undefined
    metrics: KeeperMetrics
    stop: StopSignal
    poll: number
    journal: SqliteTxJournal | undefined
  },
): Promise<void> {
  const { net, log, duration, addresses, retry, containmentConfig, metrics, stop, poll, journal } = c
  const rc = new RebalancerClient(
    withRetries(client, retry),
    addresses,
    sender,
    'auto',
    journal ? { journal } : {},
  )
  const containment = containmentConfig && (await containmentFrom(containmentConfig, net, rc.chain))
  // the chain id the node reports: the configured one is free text, never printed
  log.info(
    {
      chain: await retrying(() => client.getChainId(), retry),
      sender,
      rebalancer: addresses.rebalancer,
      ...(containment
        ? {
            containment: {
              reference: containment.reference.name,
              min_premium_bps: containment.minPremiumBps,
            },
          }
        : {}),
    },
    'keeper started',
  )
  await checkServer(rc, log)
  try {
    await runKeeperLoop({
      rc,
      log,
      durationBlocks: duration,
      pollMs: poll,
      metrics,
      stop,
      gas: {
        denom: feeDenom(net.gas_price),
        ...(o.minGasBalance !== undefined ? { min: o.minGasBalance } : {}),
      },
      ...(o.once ? { once: true } : {}),
      ...(containment ? { containment } : {}),
    })
  } finally {
    client.disconnect()
  }
}
