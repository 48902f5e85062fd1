/**
 * A test-only faulty RPC (issue #14, "Faults"): an HTTP proxy on 127.0.0.1 in front of a served
 * localnet's CometBFT RPC that, for a seeded share of the requests, fails, delays or drops them,
 * bounded in count (at most `maxInRow` faults in a row) and in time (none after `windowMs`), and
 * can play an RPC that is down.
 */
import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

/**
 * The faults the proxy injects, one per faulted request:
 * - `status503`, `status429`: answers HTTP 503 / 429 without forwarding;
 * - `reset`: destroys the connection without answering, before forwarding;
 * - `delay`: waits up to `maxDelayMs`, then forwards and relays the answer;
 * - `dropAnswer`: forwards the request (a broadcast lands), then destroys the client's
 *   connection instead of relaying the answer — the "landed but answer lost" case.
 */
export const FAULT_KINDS = ['status503', 'status429', 'reset', 'delay', 'dropAnswer'] as const
export type FaultKind = (typeof FAULT_KINDS)[number]

/** Options of {@link startFaultProxy}. Times in milliseconds. */
export interface FaultProxyOptions {
  /** The RPC the proxy forwards to, `http://host:port` (e.g. a served localnet's `server.url`). */
  target: string
  /** Seed of the proxy's PRNG: the same seed and the same requests give the same faults. */
  seed: number
  /** Share of the requests that get a fault, 0..1; default 0.3. */
  rate?: number
  /** The kinds to choose among (uniformly); default every {@link FAULT_KINDS}. */
  kinds?: readonly FaultKind[]
  /** At most this many faulted requests in a row (the next one is forwarded); default 3. */
  maxInRow?: number
  /** Upper bound of a `delay` fault; default 1500. */
  maxDelayMs?: number
  /** Faults only during this long after the proxy started (undefined: as long as it runs). */
  windowMs?: number
  /** Start down (see {@link FaultProxy.setDown}): its port is reserved, nothing listens; default false. */
  down?: boolean
  /**
   * Called for every request the proxy reads, with the
   * fault it got (`undefined`: none) — before the fault or the forwarding takes place; and again
   * with `stage: 'forwarded'` once the target answered a forwarded request (before that answer
   * is relayed or dropped). Returning `'destroy'` closes the client's connection there instead
   * (at `received`: before any fault or forwarding; at `forwarded`: instead of relaying) — a
   * test kills its client at that point and makes sure no answer reaches it. Other values are
   * ignored.
   */
  onRequest?: (r: ProxiedRequest) => unknown
}

/** What {@link FaultProxyOptions.onRequest} sees of a request. */
export interface ProxiedRequest {
  stage: 'received' | 'forwarded'
  /** HTTP method and URL path. */
  httpMethod: string
  path: string
  /** The JSON-RPC method (POST body's `method`, or a GET's path without `/`), when there is one. */
  rpcMethod: string | undefined
  /** An `abci_query`'s `params.path` (e.g. `/cosmos.tx.v1beta1.Service/Simulate`). */
  abciPath: string | undefined
  /** A POST's JSON-RPC `params` (e.g. a `broadcast_tx_sync`'s `{tx: <base64>}`). */
  params: unknown
  fault: FaultKind | undefined
}

/** A running fault proxy. */
export interface FaultProxy {
  /** `http://127.0.0.1:<port>`: the RPC URL to give the keeper. */
  readonly url: string
  /** Faults injected so far, per kind. */
  readonly counts: Readonly<Record<FaultKind, number>>
  /** Requests read so far (faulted or not). */
  readonly requests: number
  /** Requests forwarded to the target so far (including `delay` and `dropAnswer`). */
  readonly forwarded: number
  /** The longest run of faulted requests in a row so far. */
  readonly longestRun: number
  /** Whether the proxy is down now. */
  readonly down: boolean
  /**
   * Down: the proxy stops listening on its port, so that connections are refused
   * (`ECONNREFUSED`, as of an RPC node that is down), and closes its open (keep-alive)
   * connections; up: it listens on the same port again. (Accepting connections and closing them
   * at once is not used: Node 20's fetch, which cosmjs uses, then sometimes never settles — about
   * one request in a hundred here — and cosmjs gives it no timeout.)
   */
  setDown(value: boolean): Promise<void>
  /** Stops listening and closes every connection. */
  close(): Promise<void>
}

/** mulberry32: a small seeded PRNG, uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function describeRequest(
  httpMethod: string,
  url: string,
  body: Buffer,
): Omit<ProxiedRequest, 'stage' | 'fault'> {
  const path = url.split('?')[0] ?? '/'
  let rpcMethod: string | undefined
  let abciPath: string | undefined
  let params: unknown
  if (httpMethod === 'POST') {
    try {
      const j = JSON.parse(body.toString('utf8')) as { method?: unknown; params?: { path?: unknown } }
      params = j.params
      if (typeof j.method === 'string') rpcMethod = j.method
      if (typeof j.params?.path === 'string') abciPath = j.params.path
    } catch {
      // not JSON: forwarded as it is
    }
  } else if (path.length > 1) {
    rpcMethod = path.slice(1)
    const m = /[?&]path=%22([^&]*)%22/.exec(url) ?? /[?&]path="([^&]*)"/.exec(url)
    if (m?.[1]) abciPath = decodeURIComponent(m[1])
  }
  return { httpMethod, path, rpcMethod, abciPath, params }
}

/**
 * Starts the proxy on 127.0.0.1 (a free port) in front of `o.target`. Every request (POST
 * JSON-RPC as cosmjs sends them, GET URI form too) is read whole, then with probability `rate`
 * (seeded) gets one fault chosen uniformly among `kinds` — unless `maxInRow` faults came just
 * before or `windowMs` has passed — else it is forwarded and its answer
 * relayed (status, headers, body).
 * @throws RangeError for a rate outside 0..1, a `maxInRow` < 1 or an empty `kinds`.
 */
export async function startFaultProxy(o: FaultProxyOptions): Promise<FaultProxy> {
  const rate = o.rate ?? 0.3
  const kinds = o.kinds ?? FAULT_KINDS
  const maxInRow = o.maxInRow ?? 3
  const maxDelayMs = o.maxDelayMs ?? 1500
  if (!(rate >= 0 && rate <= 1)) throw new RangeError('rate: must be between 0 and 1')
  if (!(maxInRow >= 1)) throw new RangeError('maxInRow: must be at least 1')
  if (kinds.length === 0) throw new RangeError('kinds: at least one fault kind')
  const target = new URL(o.target)
  const random = seededRandom(o.seed)
  const started = Date.now()
  const counts = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>
  const sockets = new Set<Socket>()
  const timers = new Set<NodeJS.Timeout>()
  let requests = 0
  let forwarded = 0
  let inRow = 0
  let longestRun = 0
  let down = o.down ?? false

  const pickFault = (): FaultKind | undefined => {
    // two draws per request whatever happens, so that the sequence depends on the requests only
    const r = random()
    const k = kinds[Math.floor(random() * kinds.length)]!
    const inWindow = o.windowMs === undefined || Date.now() - started < o.windowMs
    if (!inWindow || inRow >= maxInRow || r >= rate) {
      inRow = 0
      return undefined
    }
    inRow += 1
    longestRun = Math.max(longestRun, inRow)
    counts[k] += 1
    return k
  }

  const forward = (req: IncomingMessage, body: Buffer, fault: FaultKind | undefined, res: ServerResponse) => {
    forwarded += 1
    const info = describeRequest(req.method ?? 'GET', req.url ?? '/', body)
    const { 'content-length': _length, ...rest } = req.headers
    const headers = {
      ...rest,
      host: target.host,
      ...(req.method === 'GET' ? {} : { 'content-length': String(body.length) }),
    }
    const up = request(
      { hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers },
      (answer) => {
        const chunks: Buffer[] = []
        answer.on('data', (c: Buffer) => chunks.push(c))
        answer.on('end', () => {
          const hook = o.onRequest?.({ stage: 'forwarded', ...info, fault })
          if (fault === 'dropAnswer' || hook === 'destroy') {
            req.socket.destroy()
            return
          }
          const payload = Buffer.concat(chunks)
          const out = { ...answer.headers, 'content-length': String(payload.length) }
          delete out['transfer-encoding']
          res.writeHead(answer.statusCode ?? 502, out)
          res.end(payload)
        })
      },
    )
    // the target is gone (a test's end): the client sees its connection closed
    up.on('error', () => req.socket.destroy())
    up.end(body)
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      requests += 1
      const body = Buffer.concat(chunks)
      const fault = pickFault()
      // drawn for every delay fault only: the delay's length
      const delayMs = fault === 'delay' ? Math.floor(random() * maxDelayMs) : 0
      const info = describeRequest(req.method ?? 'GET', req.url ?? '/', body)
      if (o.onRequest?.({ stage: 'received', ...info, fault }) === 'destroy') {
        req.socket.destroy()
        return
      }
      switch (fault) {
        case 'status503':
        case 'status429': {
          const status = fault === 'status503' ? 503 : 429
          const text = status === 503 ? 'Service Unavailable' : 'Too Many Requests'
          res.writeHead(status, { 'content-type': 'text/plain', 'content-length': String(text.length) })
          res.end(text)
          return
        }
        case 'reset':
          req.socket.destroy()
          return
        case 'delay': {
          const t = setTimeout(() => {
            timers.delete(t)
            forward(req, body, fault, res)
          }, delayMs)
          timers.add(t)
          return
        }
        default:
          forward(req, body, fault, res)
      }
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject)
        resolve()
      })
    })
  const stopListening = () =>
    new Promise<void>((resolve) => {
      for (const t of timers) clearTimeout(t)
      for (const s of sockets) s.destroy()
      server.close(() => resolve())
    })
  await listen(0)
  const { port } = server.address() as AddressInfo
  if (down) await stopListening()
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    get requests() {
      return requests
    },
    get forwarded() {
      return forwarded
    },
    get longestRun() {
      return longestRun
    },
    get down() {
      return down
    },
    setDown: async (value: boolean) => {
      if (value === down) return
      down = value
      await (value ? stopListening() : listen(port))
    },
    close: async () => {
      if (!down) await stopListening()
      down = true
    },
  }
}
