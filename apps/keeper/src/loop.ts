import {
  auctionsManagerQueries,
  type OpeningContainment,
  type RebalancerClient,
  runQuery,
  type TickEvent,
} from '@rebalancer/adapters'
import { RebalancerError } from '@rebalancer/types'
import type { Logger } from 'pino'
import { logTickEvents } from './chain.js'
import type { KeeperMetrics } from './metrics.js'

/**
 * A chain that cannot be reached or a tick that failed in `--once` mode: the CLI exits with
 * code 4. Codes: `chain_unreachable`, `tick_failed`; `stopped` (internal: a stop while waiting
 * for the RPC at start, which ends cleanly).
 */
export class ChainError extends RebalancerError {
  static override readonly kind = 'ChainError'
}

/**
 * A request to stop the keeper's loop: after {@link stop}, the tick in flight finishes, the
 * loop's wait ends at once and no further tick starts.
 */
export class StopSignal {
  #reason: string | undefined
  readonly #waiters = new Set<() => void>()

  /** Why the loop was asked to stop (`SIGTERM`, `SIGINT`…), once it was. */
  get reason(): string | undefined {
    return this.#reason
  }

  get stopped(): boolean {
    return this.#reason !== undefined
  }

  /** Asks the loop to stop; later calls keep the first reason. */
  stop(reason: string): void {
    this.#reason ??= reason
    for (const wake of this.#waiters) wake()
    this.#waiters.clear()
  }

  /** Waits `ms` milliseconds, or less when {@link stop} is called meanwhile. */
  sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve()
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer)
        resolve()
      }
      const timer = setTimeout(() => {
        this.#waiters.delete(wake)
        resolve()
      }, ms)
      this.#waiters.add(wake)
    })
  }
}

/**
 * SIGTERM and SIGINT stop `signal` (the tick in flight finishes, then the loop ends and the
 * process exits 0); a second signal exits at once with 128 + the signal's number (143, 130).
 * Returns a function that removes the handlers.
 */
export function stopOnSignals(signal: StopSignal, log: Logger, proc: NodeJS.Process = process): () => void {
  const handlers = (['SIGTERM', 'SIGINT'] as const).map((name) => {
    const handler = () => {
      if (signal.stopped) {
        log.warn({ signal: name }, 'second signal: exiting without waiting for the tick in flight')
        proc.exit(name === 'SIGTERM' ? 143 : 130)
      }
      log.info({ signal: name }, 'stopping: the tick in flight finishes first')
      signal.stop(name)
    }
    proc.on(name, handler)
    return [name, handler] as const
  })
  return () => {
    for (const [name, handler] of handlers) proc.off(name, handler)
  }
}

/** What {@link runKeeperLoop} drives. */
export interface KeeperLoopOptions {
  /** The client over the chain port (cosmjs on a chain, the localnet in tests). */
  rc: RebalancerClient
  log: Logger
  /** Length of the auctions a due tick opens, in blocks. */
  durationBlocks: number
  containment?: OpeningContainment
  /** Milliseconds between the end of a tick and the start of the next. */
  pollMs: number
  /** One tick, then return; its failure is thrown as ChainError `tick_failed`. */
  once?: boolean
  /** Fed after every tick (see {@link KeeperMetrics}). */
  metrics?: KeeperMetrics
  /**
   * The fee denom whose balance the keeper reads after every tick (the `gas_balance` metric),
   * and the balance, in base units, below which it logs a warning.
   */
  gas?: { denom: string; min?: bigint }
  /** Ends the loop after the tick in flight (see {@link stopOnSignals}). */
  stop?: StopSignal
}

/**
 * The keeper's loop: tick, record, read the gas balance, wait `pollMs`; until `stop` (then it
 * logs `keeper stopped cleanly` and returns) or, with `once`, after one tick. A tick that throws
 * is logged and counted, and the loop goes on. Every event is logged as {@link logTickEvents}
 * does.
 * @throws ChainError `tick_failed` (the tick's error as cause) when the only tick of `once` fails.
 */
export async function runKeeperLoop(o: KeeperLoopOptions): Promise<void> {
  const stop = o.stop ?? new StopSignal()
  const logEvent = logTickEvents(o.log)
  while (!stop.stopped) {
    const events: TickEvent[] = []
    try {
      const { report: _steps, ...summary } = await o.rc.tick({
        durationBlocks: o.durationBlocks,
        onEvent: (e) => {
          events.push(e)
          logEvent(e)
        },
        ...(o.containment ? { containment: o.containment } : {}),
      })
      o.metrics?.recordTick(summary, events)
      o.log.info(summary, 'tick')
    } catch (e) {
      o.metrics?.recordTickFailure()
      o.log.error({ error: (e as Error).message }, 'tick failed')
      if (o.once) throw new ChainError('tick_failed', (e as Error).message, { cause: e })
    }
    if (o.gas) await readGasBalance(o.rc, o.gas, o.log, o.metrics)
    if (o.once) return
    await stop.sleep(o.pollMs)
  }
  o.log.info({ signal: stop.reason }, 'keeper stopped cleanly')
}

/**
 * Reads the keeper's balance of `gas.denom`, sets the metric and warns when it is below
 * `gas.min`. A failed read is a warning, not a failed tick.
 * @returns the balance in base units, or undefined when it could not be read.
 */
export async function readGasBalance(
  rc: Pick<RebalancerClient, 'chain' | 'sender'>,
  gas: { denom: string; min?: bigint },
  log: Logger,
  metrics?: KeeperMetrics,
): Promise<bigint | undefined> {
  let balance: bigint
  try {
    balance = BigInt((await rc.chain.getBalance(rc.sender, gas.denom)).amount)
  } catch (e) {
    log.warn({ denom: gas.denom, error: (e as Error).message }, 'cannot read the gas balance')
    return undefined
  }
  metrics?.recordGasBalance(gas.denom, balance)
  if (gas.min !== undefined && balance < gas.min)
    log.warn(
      { denom: gas.denom, balance: balance.toString(), min: gas.min.toString() },
      'gas balance below --min-gas-balance: top up the keeper before its transactions fail',
    )
  return balance
}

/**
 * Warns when the keeper is not the auctions manager's server (`get_server_addr`): the chain
 * refuses its `open_auction`s then. A failed query is a warning too; nothing is thrown.
 * @returns whether the keeper is the server (undefined when the query failed).
 */
export async function checkServer(
  rc: Pick<RebalancerClient, 'chain' | 'sender' | 'addresses'>,
  log: Logger,
): Promise<boolean | undefined> {
  let server: string
  try {
    server = await runQuery(rc.chain, auctionsManagerQueries.getServerAddr(rc.addresses.auctionsManager))
  } catch (e) {
    log.warn({ error: (e as Error).message }, "cannot read the auctions manager's server (get_server_addr)")
    return undefined
  }
  if (server === rc.sender) return true
  log.warn(
    { sender: rc.sender, server, auctions_manager: rc.addresses.auctionsManager },
    "the keeper is not the auctions manager's server: the chain will refuse its open_auction",
  )
  return false
}

/**
 * The fee denom of a gas price (`0.0053untrn` → `untrn`).
 * @throws RangeError when `gasPrice` is not an amount followed by a denom.
 */
export function feeDenom(gasPrice: string): string {
  const m = /^\d+(?:\.\d+)?([a-zA-Z][a-zA-Z0-9/:._-]*)$/.exec(gasPrice)
  if (!m) throw new RangeError('gas price must be an amount and a denom, e.g. 0.0053untrn')
  return m[1]!
}
