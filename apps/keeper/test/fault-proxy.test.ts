/**
 * The fault proxy of the fault test (issue #14, "Faults"): it forwards, injects each kind of
 * fault the way the keeper's RPC client meets it, and keeps to its bounds.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { isRetryableRpcError } from '@rebalancer/adapters/cosmjs'
import fc from 'fast-check'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  FAULT_KINDS,
  type FaultKind,
  type FaultProxy,
  type FaultProxyOptions,
  type ProxiedRequest,
  seededRandom,
  startFaultProxy,
} from './fault-proxy.js'

/** The upstream: answers every request with what it received, and records it. */
let upstream: Server
let target: string
let received: { method: string; url: string; body: string }[] = []
beforeAll(async () => {
  upstream = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (c: string) => {
      body += c
    })
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, body })
      const answer = JSON.stringify({ jsonrpc: '2.0', id: 1, result: { echo: body, url: req.url } })
      res.writeHead(200, { 'content-type': 'application/json', 'x-upstream': 'yes' })
      res.end(answer)
    })
  })
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r))
  target = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((r) => upstream.close(() => r())))
beforeEach(() => {
  received = []
})

const proxies: FaultProxy[] = []
async function proxy(o: Partial<FaultProxyOptions> = {}): Promise<FaultProxy> {
  const p = await startFaultProxy({ target, seed: 7, ...o })
  proxies.push(p)
  return p
}
afterAll(async () => {
  for (const p of proxies) await p.close()
})

/** A JSON-RPC POST as cosmjs's HttpClient sends it (fetch, JSON body). */
function rpc(url: string, method: string, params: unknown = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
}

/** The outcome of one request: its status, or `'error'` with the error (connection lost). */
async function outcome(p: Promise<Response>): Promise<{ status: number | 'error'; error?: unknown }> {
  try {
    const r = await p
    await r.text()
    return { status: r.status }
  } catch (error) {
    return { status: 'error', error }
  }
}

describe('the fault proxy', () => {
  it('forwards POSTs and GETs unchanged when it injects nothing', async () => {
    const p = await proxy({ rate: 0 })
    const post = await rpc(p.url, 'abci_query', { path: '/cosmos.bank.v1beta1.Query/Balance', data: '0a' })
    expect(post.status).toBe(200)
    expect(post.headers.get('x-upstream')).toBe('yes')
    const echoed = (await post.json()) as { result: { echo: string } }
    expect(JSON.parse(echoed.result.echo)).toMatchObject({ method: 'abci_query' })
    const get = await fetch(`${p.url}/status?x=1`)
    expect(get.status).toBe(200)
    expect(((await get.json()) as { result: { url: string } }).result.url).toBe('/status?x=1')
    expect(received.map((r) => [r.method, r.url])).toEqual([
      ['POST', '/'],
      ['GET', '/status?x=1'],
    ])
    expect(p.requests).toBe(2)
    expect(p.forwarded).toBe(2)
    expect(Object.values(p.counts).every((n) => n === 0)).toBe(true)
  })

  it('tells the hook each request, its JSON-RPC method, abci path and fault', async () => {
    const seen: ProxiedRequest[] = []
    const p = await proxy({
      rate: 0,
      onRequest: (r) => {
        seen.push(r)
      },
    })
    await (await rpc(p.url, 'abci_query', { path: '/cosmos.tx.v1beta1.Service/Simulate' })).text()
    expect(seen[0]?.params).toEqual({ path: '/cosmos.tx.v1beta1.Service/Simulate' })
    await (await fetch(`${p.url}/block?height=3`)).text()
    expect(seen.map((s) => [s.stage, s.httpMethod, s.rpcMethod, s.abciPath, s.fault])).toEqual([
      ['received', 'POST', 'abci_query', '/cosmos.tx.v1beta1.Service/Simulate', undefined],
      ['forwarded', 'POST', 'abci_query', '/cosmos.tx.v1beta1.Service/Simulate', undefined],
      ['received', 'GET', 'block', undefined, undefined],
      ['forwarded', 'GET', 'block', undefined, undefined],
    ])
  })

  it.each([
    ['status503', 503],
    ['status429', 429],
  ] as const)('%s: answers the status without forwarding; the keeper retries it', async (kind, status) => {
    const p = await proxy({ rate: 1, kinds: [kind], maxInRow: 100 })
    const r = await rpc(p.url, 'status')
    expect(r.status).toBe(status)
    expect(received).toEqual([])
    expect(p.counts[kind]).toBe(1)
    // what cosmjs's HttpClient makes of it, which the keeper must retry
    expect(isRetryableRpcError(new Error(`Bad status on response: ${status}`))).toBe(true)
  })

  it('reset: closes the connection without answering or forwarding; the keeper retries it', async () => {
    const p = await proxy({ rate: 1, kinds: ['reset'], maxInRow: 100 })
    const o = await outcome(rpc(p.url, 'broadcast_tx_sync', { tx: 'AA==' }))
    expect(o.status).toBe('error')
    expect(isRetryableRpcError(o.error)).toBe(true)
    expect(received).toEqual([])
    expect(p.counts.reset).toBe(1)
    expect(p.forwarded).toBe(0)
  })

  it('dropAnswer: forwards (the broadcast lands) and loses the answer', async () => {
    const seen: ProxiedRequest[] = []
    const p = await proxy({
      rate: 1,
      kinds: ['dropAnswer'],
      maxInRow: 100,
      onRequest: (r) => {
        seen.push(r)
      },
    })
    const o = await outcome(rpc(p.url, 'broadcast_tx_sync', { tx: 'AA==' }))
    expect(o.status).toBe('error')
    expect(isRetryableRpcError(o.error)).toBe(true)
    expect(received.map((r) => JSON.parse(r.body).method)).toEqual(['broadcast_tx_sync'])
    expect(p.counts.dropAnswer).toBe(1)
    expect(seen.map((s) => s.stage)).toEqual(['received', 'forwarded'])
  })

  it('delay: forwards and relays the answer, after a wait within the bound', async () => {
    const seen: ProxiedRequest[] = []
    const p = await proxy({
      rate: 1,
      kinds: ['delay'],
      maxInRow: 100,
      maxDelayMs: 50,
      onRequest: (r) => {
        seen.push(r)
      },
    })
    const r = await rpc(p.url, 'status')
    expect(r.status).toBe(200)
    expect(received).toHaveLength(1)
    expect(p.counts.delay).toBe(1)
    expect(seen.map((s) => [s.stage, s.fault])).toEqual([
      ['received', 'delay'],
      ['forwarded', 'delay'],
    ])
  })

  it("the hook's 'destroy' closes the connection before forwarding, or instead of relaying", async () => {
    const p = await proxy({
      rate: 0,
      onRequest: (r) => (r.rpcMethod === r.stage ? 'destroy' : undefined),
    })
    expect((await outcome(rpc(p.url, 'received'))).status).toBe('error')
    expect(received).toEqual([])
    expect((await outcome(rpc(p.url, 'forwarded'))).status).toBe('error')
    expect(received.map((r) => JSON.parse(r.body).method)).toEqual(['forwarded'])
    expect((await rpc(p.url, 'status')).status).toBe(200)
  })

  it('injects every kind at the seeded rate, never more than maxInRow in a row, the same for the same seed', async () => {
    const run = async (seed: number) => {
      const faults: (FaultKind | undefined)[] = []
      const p = await proxy({
        seed,
        maxDelayMs: 5,
        onRequest: (r) => {
          if (r.stage === 'received') faults.push(r.fault)
        },
      })
      for (let i = 0; i < 200; i++) await outcome(rpc(p.url, 'status'))
      return { faults, p }
    }
    const a = await run(42)
    const b = await run(42)
    expect(b.faults).toEqual(a.faults)
    const injected = a.faults.filter((f) => f !== undefined).length
    // 30% of 200 ± a wide margin (the seed fixes it; the margin keeps the rule, not the draw)
    expect(injected).toBeGreaterThan(40)
    expect(injected).toBeLessThan(80)
    for (const k of FAULT_KINDS) expect(a.p.counts[k]).toBeGreaterThan(0)
    expect(a.p.longestRun).toBeLessThanOrEqual(3)
    // every request the proxy did not fail before forwarding reached the upstream
    const forwardedKinds = a.faults.filter((f) => f === undefined || f === 'delay' || f === 'dropAnswer')
    expect(a.p.forwarded).toBe(forwardedKinds.length)
  })

  it('at rate 1, forwards every (maxInRow + 1)-th request', async () => {
    const p = await proxy({ rate: 1, kinds: ['status503'], maxInRow: 3 })
    const statuses: (number | 'error')[] = []
    for (let i = 0; i < 8; i++) statuses.push((await outcome(rpc(p.url, 'status'))).status)
    expect(statuses).toEqual([503, 503, 503, 200, 503, 503, 503, 200])
    expect(p.longestRun).toBe(3)
  })

  it('injects nothing after its window', async () => {
    const p = await proxy({ rate: 1, windowMs: 0 })
    for (let i = 0; i < 5; i++) expect((await rpc(p.url, 'status')).status).toBe(200)
    expect(Object.values(p.counts).every((n) => n === 0)).toBe(true)
  })

  it('down: connections are refused (retried by the keeper); up again on the same port', async () => {
    const p = await proxy({ rate: 0, down: true })
    expect(p.down).toBe(true)
    const o = await outcome(rpc(p.url, 'status'))
    expect(o.status).toBe('error')
    expect((o.error as { cause?: { code?: string } }).cause?.code).toBe('ECONNREFUSED')
    expect(isRetryableRpcError(o.error)).toBe(true)
    expect(p.requests).toBe(0)
    expect(received).toEqual([])
    await p.setDown(false)
    expect((await rpc(p.url, 'status')).status).toBe(200)
    // and down again, with a keep-alive connection open
    await p.setDown(true)
    expect((await outcome(rpc(p.url, 'status'))).status).toBe('error')
    expect(received).toHaveLength(1)
    await p.setDown(false)
    expect((await rpc(p.url, 'status')).status).toBe(200)
  })

  it('rejects bad bounds', async () => {
    await expect(startFaultProxy({ target, seed: 1, rate: 1.5 })).rejects.toThrow(/rate/)
    await expect(startFaultProxy({ target, seed: 1, maxInRow: 0 })).rejects.toThrow(/maxInRow/)
    await expect(startFaultProxy({ target, seed: 1, kinds: [] })).rejects.toThrow(/kinds/)
  })
})

describe('seededRandom', () => {
  it('is in [0, 1) and repeats for a seed', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const a = seededRandom(seed)
        const b = seededRandom(seed)
        for (let i = 0; i < 20; i++) {
          const x = a()
          expect(x).toBeGreaterThanOrEqual(0)
          expect(x).toBeLessThan(1)
          expect(b()).toBe(x)
        }
      }),
    )
  })
})
