import { RebalancerClient } from '@rebalancer/adapters'
import { examplePriceSource, exampleWorld, TOKEN } from '@rebalancer/localnet/testing'
import { type ChainClient, decodeValenceEvents, eventsOf, VALENCE_ACTIONS } from '@rebalancer/types'
import parsePrometheusTextFormat from 'parse-prometheus-text-format'
import pino from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { ChainError, runKeeperLoop } from '../src/loop.js'
import { KeeperMetrics, type MetricsServer, serveMetrics } from '../src/metrics.js'

const T0 = Date.UTC(2024, 0, 1) / 1000
const POLL_MS = 30_000

/** A pino logger whose lines land in `lines`, parsed. */
function capture() {
  const lines: { level: number; msg: string; [k: string]: unknown }[] = []
  const log = pino({ level: 'info' }, { write: (l: string) => lines.push(JSON.parse(l)) })
  return { lines, log }
}

/** The value of the sample of `name` whose labels include `labels`, as a number. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const family = parsePrometheusTextFormat(text).find((f) => f.name === name)
  const m = family?.metrics.find((s) => Object.entries(labels).every(([k, v]) => s.labels?.[k] === v))
  return m?.value === undefined ? undefined : Number(m.value)
}

let server: MetricsServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

describe('metrics and health over HTTP, fed by the loop against the localnet', () => {
  it('counts ticks, auctions, fills, execution vs market and the gas balance; /healthz goes 503 → 200 → 503', async () => {
    const { net, d, keeper } = exampleWorld({ cycleStart: T0 })
    net.advanceTime(T0 - net.time)
    net.mint(keeper, [{ denom: 'untrn', amount: 5n * TOKEN }])
    // the chain port, with an RPC outage that can be switched on
    let down = false
    const port = net.client(keeper)
    const chain: ChainClient = {
      queryContractSmart: (a, q) =>
        down ? Promise.reject(new Error('fetch failed')) : port.queryContractSmart(a, q),
      getBalance: (a, denom) => port.getBalance(a, denom),
      getHeight: () => port.getHeight(),
      getBlock: (h) => port.getBlock(h),
      execute: (...args) => port.execute(...args),
      instantiate: (...args) => port.instantiate(...args),
    }
    const rc = new RebalancerClient(
      chain,
      { rebalancer: d.rebalancer, auctionsManager: d.auctionsManager, oracle: d.oracle },
      keeper,
    )
    let now = T0 * 1000
    const metrics = new KeeperMetrics({ staleAfterMs: 3 * POLL_MS, now: () => now })
    server = await serveMetrics(metrics, { port: 0 })
    const get = async (path: string) => {
      const r = await fetch(`${server!.url}${path}`)
      return { status: r.status, text: await r.text(), type: r.headers.get('content-type') }
    }
    const { lines, log } = capture()
    // the loop's own code path, one tick at a time (`once`), with a gas floor above the balance
    const tick = () =>
      runKeeperLoop({
        rc,
        log,
        durationBlocks: 100,
        pollMs: POLL_MS,
        once: true,
        metrics,
        gas: { denom: 'untrn', min: 10n * TOKEN },
      })

    expect(await get('/healthz')).toMatchObject({ status: 503, text: 'no_good_tick_yet\n' })
    await tick() // due: prices, system_rebalance, the uatom → untrn auction opens
    expect(await get('/healthz')).toMatchObject({ status: 200, text: 'ok\n' })

    // a bidder buys part of the lot; then the auction ends and the next tick finishes and cleans it
    const auction = d.auctions['uatom|untrn']!
    const bidder = net.makeAddress('bidder')
    net.mint(bidder, [{ denom: 'untrn', amount: 60n * TOKEN }])
    net.advanceBlocks(50)
    const bid = eventsOf(
      decodeValenceEvents(
        net.execute(bidder, auction, { bid: {} }, [{ denom: 'untrn', amount: '60000000' }]).events,
      ),
      VALENCE_ACTIONS.auctionDoBid,
    )[0]!
    net.advanceBlocks(51)
    now += POLL_MS
    await tick()

    // an RPC outage: the tick fails (once: thrown as ChainError), counted; health keeps the last good tick
    down = true
    now += POLL_MS
    await expect(tick()).rejects.toBeInstanceOf(ChainError)
    down = false

    const scrape = await get('/metrics')
    expect(scrape.status).toBe(200)
    expect(scrape.type).toMatch(/^text\/plain; version=0\.0\.4/)
    const m = (name: string, labels?: Record<string, string>) =>
      sample(scrape.text, `rebalancer_keeper_${name}`, labels)
    const pair = { sell: 'uatom', buy: 'untrn' }
    expect(m('ticks_total', { result: 'ok' })).toBe(2)
    expect(m('ticks_total', { result: 'failed' })).toBe(1)
    expect(m('step_failures_total', { step: 'tick' })).toBe(1)
    expect(m('auctions_opened_total', pair)).toBe(1)
    expect(m('auctions_finished_total', pair)).toBe(1)
    expect(m('auctions_cleaned_total')).toBe(1)
    expect(m('accounts_rebalanced_total')).toBe(1)
    expect(m('auction_sold_units_total', pair)).toBe(Number(bid.data.bought))
    expect(m('auction_resolved_units_total', pair)).toBe(Number(bid.data.sent) - Number(bid.data.refunded))
    // one fill: the average price is the bid's; the market is the oracle price the first tick set
    const market = Number(examplePriceSource(['uatom', 'untrn']))
    expect(m('execution_vs_market_bps', pair)).toBeCloseTo((Number(bid.data.price) / market - 1) * 10_000, 6)
    expect(m('gas_balance', { denom: 'untrn' })).toBe(Number(5n * TOKEN))
    expect(m('last_good_tick_timestamp_seconds')).toBe(T0 + POLL_MS / 1000)
    // the gas floor: a warning after each of the two good ticks (the failed --once tick throws first)
    const gasWarnings = lines.filter(
      (l) => l.level === 40 && /gas balance below --min-gas-balance/.test(l.msg),
    )
    expect(gasWarnings).toHaveLength(2)
    expect(gasWarnings[0]).toMatchObject({
      denom: 'untrn',
      balance: String(5n * TOKEN),
      min: String(10n * TOKEN),
    })

    // three poll intervals after the last good tick it is still healthy; a millisecond later, stale
    now = (T0 + POLL_MS / 1000) * 1000 + 3 * POLL_MS
    expect((await get('/healthz')).status).toBe(200)
    now += 1
    expect(await get('/healthz')).toMatchObject({ status: 503, text: 'stale\n' })
    expect((await get('/nope')).status).toBe(404)
  })

  it('counts failed steps by step and skipped openings by reason', () => {
    const metrics = new KeeperMetrics({ staleAfterMs: 1, now: () => 0 })
    metrics.recordTick({ finished: 0 }, [
      { type: 'step_failed', step: 'update_price', pair: ['uatom', 'untrn'], error: 'no price' },
      { type: 'step_failed', step: 'update_price', pair: ['untrn', 'uatom'], error: 'no price' },
      { type: 'step_failed', step: 'open_auction', pair: ['uatom', 'untrn'], error: 'refused' },
      {
        type: 'opening_skipped',
        step: 'open_auction',
        pair: ['uatom', 'untrn'],
        reason: 'no_reference',
        referenceName: 'r',
      },
    ])
    return metrics.registry.metrics().then((text) => {
      expect(sample(text, 'rebalancer_keeper_step_failures_total', { step: 'update_price' })).toBe(2)
      expect(sample(text, 'rebalancer_keeper_step_failures_total', { step: 'open_auction' })).toBe(1)
      expect(sample(text, 'rebalancer_keeper_openings_skipped_total', { reason: 'no_reference' })).toBe(1)
    })
  })

  it('rejects when the port is taken, and answers 405 to anything but GET and HEAD', async () => {
    const metrics = new KeeperMetrics({ staleAfterMs: 1 })
    server = await serveMetrics(metrics, { port: 0 })
    const port = Number(new URL(server.url).port)
    await expect(serveMetrics(metrics, { port })).rejects.toMatchObject({ code: 'EADDRINUSE' })
    expect((await fetch(`${server.url}/metrics`, { method: 'POST' })).status).toBe(405)
    expect((await fetch(`${server.url}/healthz`, { method: 'HEAD' })).status).toBe(503)
  })

  it('refuses a staleness that is not a whole number of milliseconds ≥ 1', () => {
    for (const staleAfterMs of [0, -1, 1.5, Number.NaN])
      expect(() => new KeeperMetrics({ staleAfterMs })).toThrow(/staleAfterMs must be a whole number/)
  })
})
