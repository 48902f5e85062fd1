import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { TickEvent, TickSummary } from '@rebalancer/adapters'
import { Dec, VALENCE_ACTIONS } from '@rebalancer/types'
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client'

/** Prefix of every metric the keeper exports. */
export const METRIC_PREFIX = 'rebalancer_keeper_'

/** Options of {@link createKeeperMetrics}. */
export interface KeeperMetricsOptions {
  /**
   * `/healthz` answers 200 only while the last good tick ended at most this many milliseconds
   * ago (the CLI: `--health-polls` × `--poll-seconds`). A whole number ≥ 1.
   */
  staleAfterMs: number
  /** The clock, unix milliseconds (injectable for tests); default `Date.now`. */
  now?: () => number
  /** Also export Node's process metrics (CPU, memory, event loop; prom-client's defaults). Default false. */
  processMetrics?: boolean
}

/** What `/healthz` reports: `ok` (200), or why not (503). */
export type Health =
  | { ok: true; lastGoodTickMs: number }
  | { ok: false; reason: 'no_good_tick_yet' | 'stale'; lastGoodTickMs?: number }

/**
 * The keeper's Prometheus metrics (prom-client) and its health, fed by the loop after every
 * tick: {@link recordTick} maps a tick's summary and events to counters and gauges,
 * {@link recordTickFailure} counts a tick that threw, {@link recordGasBalance} sets the gas
 * balance. Metric names (all prefixed {@link METRIC_PREFIX}) are listed in the keeper's README,
 * "Metrics". Amounts are base units converted to float64 (Prometheus samples are doubles):
 * exact up to 2^53.
 */
export class KeeperMetrics {
  /** The registry `/metrics` serves. */
  readonly registry = new Registry()
  readonly #staleAfterMs: number
  readonly #now: () => number
  #lastGoodTickMs: number | undefined
  /** The oracle price (buy per sell unit) last seen in an `oracle-update-price` event, by pair. */
  readonly #oraclePrice = new Map<string, Dec>()

  readonly #ticks: Counter<'result'>
  readonly #stepFailures: Counter<'step'>
  readonly #opened: Counter<'sell' | 'buy'>
  readonly #refunded: Counter
  readonly #skipped: Counter<'reason'>
  readonly #finished: Counter<'sell' | 'buy'>
  readonly #cleaned: Counter
  readonly #sold: Counter<'sell' | 'buy'>
  readonly #resolved: Counter<'sell' | 'buy'>
  readonly #execution: Gauge<'sell' | 'buy'>
  readonly #accounts: Counter
  readonly #gas: Gauge<'denom'>
  readonly #lastGood: Gauge

  /** @throws RangeError when `staleAfterMs` is not a whole number ≥ 1. */
  constructor(options: KeeperMetricsOptions) {
    if (!Number.isSafeInteger(options.staleAfterMs) || options.staleAfterMs < 1)
      throw new RangeError('staleAfterMs must be a whole number of milliseconds ≥ 1')
    this.#staleAfterMs = options.staleAfterMs
    this.#now = options.now ?? Date.now
    const registers = [this.registry]
    const p = METRIC_PREFIX
    this.#ticks = new Counter({
      name: `${p}ticks_total`,
      help: 'Ticks run, by result: ok (the tick returned) or failed (it threw; see the log).',
      labelNames: ['result'],
      registers,
    })
    this.#stepFailures = new Counter({
      name: `${p}step_failures_total`,
      help: 'Failed steps by step (finish_auction, update_price, open_auction per pair; tick: the whole tick threw).',
      labelNames: ['step'],
      registers,
    })
    this.#opened = new Counter({
      name: `${p}auctions_opened_total`,
      help: 'Auctions opened (auction-open events of open_auction), by pair.',
      labelNames: ['sell', 'buy'],
      registers,
    })
    this.#refunded = new Counter({
      name: `${p}auctions_refunded_total`,
      help: 'open_auction calls that refunded a queue below the minimum (auction-refund events).',
      registers,
    })
    this.#skipped = new Counter({
      name: `${p}openings_skipped_total`,
      help: 'Openings the containment check did not send, by reason.',
      labelNames: ['reason'],
      registers,
    })
    this.#finished = new Counter({
      name: `${p}auctions_finished_total`,
      help: 'Auctions finish_auction closed (auction-close events), by pair.',
      labelNames: ['sell', 'buy'],
      registers,
    })
    this.#cleaned = new Counter({
      name: `${p}auctions_cleaned_total`,
      help: 'Auctions finished and cleaned (clean_after_auction accepted).',
      registers,
    })
    this.#sold = new Counter({
      name: `${p}auction_sold_units_total`,
      help: 'Sell-denom base units the closed auctions sold to bidders (fills), by pair.',
      labelNames: ['sell', 'buy'],
      registers,
    })
    this.#resolved = new Counter({
      name: `${p}auction_resolved_units_total`,
      help: 'Buy-denom base units the closed auctions paid their sellers (fills), by pair.',
      labelNames: ['sell', 'buy'],
      registers,
    })
    this.#execution = new Gauge({
      name: `${p}execution_vs_market_bps`,
      help: "The last closed auction's average price against the oracle price the keeper last set for the pair before it closed, bps (positive: sold above it).",
      labelNames: ['sell', 'buy'],
      registers,
    })
    this.#accounts = new Counter({
      name: `${p}accounts_rebalanced_total`,
      help: 'Accounts system_rebalance rebalanced (rebalancer-account-rebalance events).',
      registers,
    })
    this.#gas = new Gauge({
      name: `${p}gas_balance`,
      help: "The keeper's balance of the fee denom, base units, read after every tick.",
      labelNames: ['denom'],
      registers,
    })
    this.#lastGood = new Gauge({
      name: `${p}last_good_tick_timestamp_seconds`,
      help: 'Unix time at which the last good tick (one that returned) ended.',
      registers,
    })
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: p })
  }

  /**
   * Records a tick that returned: its summary and every event its sink received, in order.
   * Execution vs market is the `auction-close` average price against the oracle price of the
   * pair seen last before it (in an earlier `oracle-update-price` event: the price the auction
   * opened on); an auction that closes before the keeper has seen a price for its pair (just
   * after a start), or that sold nothing, sets no execution sample.
   */
  recordTick(summary: Pick<TickSummary, 'finished'>, events: readonly TickEvent[]): void {
    this.#ticks.inc({ result: 'ok' })
    this.#cleaned.inc(summary.finished)
    for (const e of events) {
      if (e.type === 'step_failed') this.#stepFailures.inc({ step: e.step })
      else if (e.type === 'opening_skipped') this.#skipped.inc({ reason: e.reason })
      else if (e.type === 'valence_event') this.#valenceEvent(e.event)
    }
    this.#lastGoodTickMs = this.#now()
    this.#lastGood.set(Math.floor(this.#lastGoodTickMs / 1000))
  }

  #valenceEvent(event: Extract<TickEvent, { type: 'valence_event' }>['event']): void {
    switch (event.action) {
      case VALENCE_ACTIONS.oracleUpdatePrice:
        this.#oraclePrice.set(event.data.pair.join('|'), Dec.parse(event.data.price))
        break
      case VALENCE_ACTIONS.auctionOpen:
        this.#opened.inc(pairLabels(event.data.pair))
        break
      case VALENCE_ACTIONS.auctionRefund:
        this.#refunded.inc() // the event carries no pair
        break
      case VALENCE_ACTIONS.rebalancerAccountRebalance:
        this.#accounts.inc()
        break
      case VALENCE_ACTIONS.auctionClose: {
        const labels = pairLabels(event.data.pair)
        this.#finished.inc(labels)
        this.#sold.inc(labels, Number(event.data.sold))
        this.#resolved.inc(labels, Number(event.data.resolved))
        const market = this.#oraclePrice.get(event.data.pair.join('|'))
        if (event.data.average_price !== null && market !== undefined && !market.isZero())
          this.#execution.set(labels, executionVsMarketBps(Dec.parse(event.data.average_price), market))
        break
      }
    }
  }

  /** Records a tick that threw (counted under step `tick`); health is unchanged. */
  recordTickFailure(): void {
    this.#ticks.inc({ result: 'failed' })
    this.#stepFailures.inc({ step: 'tick' })
  }

  /** Sets the keeper's balance of `denom`, base units. */
  recordGasBalance(denom: string, amount: bigint): void {
    this.#gas.set({ denom }, Number(amount))
  }

  /** Healthy while the last good tick ended at most `staleAfterMs` ago (and there was one). */
  health(): Health {
    const last = this.#lastGoodTickMs
    if (last === undefined) return { ok: false, reason: 'no_good_tick_yet' }
    return this.#now() - last <= this.#staleAfterMs
      ? { ok: true, lastGoodTickMs: last }
      : { ok: false, reason: 'stale', lastGoodTickMs: last }
  }
}

function pairLabels(pair: readonly [string, string]): { sell: string; buy: string } {
  return { sell: pair[0], buy: pair[1] }
}

/**
 * `(price / market − 1) × 10 000`: how far a price (buy per sell unit) is above the market, in
 * bps (the simulator's `vs_market_bps`; positive: the seller got more than the market).
 * @throws RebalancerError (Dec's) when `market` is zero.
 */
export function executionVsMarketBps(price: Dec, market: Dec): number {
  return price.div(market).sub(Dec.ONE).mulInt(10_000n).toNumber()
}

/** A running metrics server (see {@link serveMetrics}). */
export interface MetricsServer {
  /** `http://host:port`, with the port the system chose for port 0. */
  url: string
  /** Stops listening and closes open connections. */
  close(): Promise<void>
}

/**
 * Serves `GET /metrics` (the registry, Prometheus text format) and `GET /healthz` (200 `ok`
 * after a recent good tick, else 503 with the reason: `no_good_tick_yet` or `stale`) on
 * `host:port` with node:http; anything else is 404, a method other than GET or HEAD 405.
 * @throws the listen error (EADDRINUSE, EACCES…) when the port cannot be bound.
 */
export async function serveMetrics(
  metrics: KeeperMetrics,
  options: { port: number; host?: string },
): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end()
      return
    }
    if (path === '/healthz') {
      const h = metrics.health()
      res.writeHead(h.ok ? 200 : 503, { 'content-type': 'text/plain; charset=utf-8' })
      res.end(h.ok ? 'ok\n' : `${h.reason}\n`)
    } else if (path === '/metrics') {
      metrics.registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
        (e: unknown) => res.writeHead(500).end(`${(e as Error).message}\n`),
      )
    } else {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n')
    }
  })
  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
