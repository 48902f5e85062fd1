import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { sha256 } from '@cosmjs/crypto'
import { fromBase64, fromHex, toBase64, toHex, toUtf8 } from '@cosmjs/encoding'
import type { Event } from '@rebalancer/types'
import * as z from 'zod'
import type { Localnet } from '../localnet.js'
import { type AbciResult, ChainApp, type ChainAppOptions, type IndexedTx } from './app.js'

/** The CometBFT version the server reports in `status` (cosmjs then picks its `Comet38Client`). */
export const COMET_VERSION = '0.38.17'

/** Largest request body accepted, bytes. */
const MAX_BODY = 4 * 1024 * 1024

/** Options of {@link startRpcServer}. */
export interface RpcServerOptions extends ChainAppOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number
  /** Interface to listen on; default `127.0.0.1` (loopback only). */
  host?: string
  /** Called after every accepted transaction (e.g. to log it). */
  onTx?: (tx: IndexedTx) => void
}

/** A running server: its URL (`http://127.0.0.1:<port>`), the app behind it, and `close`. */
export interface RpcServer {
  url: string
  port: number
  app: ChainApp
  server: Server
  /** Stops listening and closes open connections. */
  close(): Promise<void>
}

/** A JSON-RPC error (`code` per JSON-RPC 2.0; `data` CometBFT's detail). */
class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: string,
  ) {
    super(message)
  }
}

const invalidParams = (data: string) => new RpcError(-32602, 'Invalid params', data)
const internal = (data: string) => new RpcError(-32603, 'Internal error', data)

/** A JSON-RPC 2.0 request as cosmjs sends it; unknown fields are refused. */
const RequestSchema = z.strictObject({
  jsonrpc: z.literal('2.0'),
  id: z.union([z.string(), z.number()]),
  method: z.string().min(1),
  params: z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]).optional(),
})

/** A height or count: a JSON number or a decimal string (cosmjs sends strings). */
const IntParam = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)])
/** Bytes in hex (`abci_query` data), with an optional `0x`. */
const HexParam = z
  .string()
  .regex(/^(0x)?([0-9a-fA-F]{2})*$/, 'expected hex bytes')
  .transform((s) => fromHex(s.replace(/^0x/, '')))
/** Bytes in base64 (JSON-RPC) or `0x`-hex (URI form). */
const BytesParam = z.string().transform((s, ctx) => {
  try {
    return s.startsWith('0x') ? fromHex(s.slice(2)) : fromBase64(s)
  } catch {
    ctx.addIssue({ code: 'custom', message: 'expected base64 or 0x-hex bytes' })
    return z.NEVER
  }
})

const PARAMS = {
  none: z.strictObject({}),
  height: z.strictObject({ height: IntParam.optional() }),
  abciQuery: z.strictObject({
    path: z.string().min(1),
    data: HexParam.optional(),
    height: IntParam.optional(),
    prove: z.boolean().optional(),
  }),
  broadcast: z.strictObject({ tx: BytesParam }),
  tx: z.strictObject({ hash: BytesParam, prove: z.boolean().optional() }),
  txSearch: z.strictObject({
    query: z.string().min(1),
    prove: z.boolean().optional(),
    page: IntParam.optional(),
    per_page: IntParam.optional(),
    order_by: z.enum(['asc', 'desc', '']).optional(),
  }),
}

function parse<S extends z.ZodType>(schema: S, params: unknown): z.output<S> {
  const r = schema.safeParse(params ?? {})
  if (!r.success) {
    const issue = r.error.issues[0]!
    const path = issue.path.join('.') || 'params'
    throw invalidParams(`${path}: ${issue.message}`)
  }
  return r.data
}

/**
 * Serves `localnet` as a CometBFT 0.38 JSON-RPC endpoint over HTTP on 127.0.0.1: POST JSON-RPC 2.0
 * (single or batch) at `/`, and GET `/<method>?<params>` (URI form: strings in double quotes or
 * bare, bytes as `0x…` hex). Methods: `status`, `health`, `abci_info`, `abci_query` (the gRPC
 * paths of {@link ChainApp.query}), `broadcast_tx_sync` / `_async` / `_commit`, `tx`, `tx_search`
 * (`tx.hash='…'`, `tx.height=N`, `<event>.<attribute>='…'`, joined by `AND`), `block`,
 * `block_results`. This is what cosmjs's `SigningCosmWasmClient.connectWithSigner(url, …)` uses.
 * The localnet's clock is not advanced here: its owner moves it.
 * @throws the listen error (e.g. `EADDRINUSE`) when the port is taken.
 */
export async function startRpcServer(localnet: Localnet, options: RpcServerOptions = {}): Promise<RpcServer> {
  const app = new ChainApp(localnet, options)
  const host = options.host ?? '127.0.0.1'
  const server = createServer((req, res) => {
    handle(app, options, req, res).catch((e) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' })
      res.end(String((e as Error).message))
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://${host}:${port}`,
    port,
    app,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()))
        server.closeAllConnections()
      }),
  }
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'content-type',
}

async function handle(app: ChainApp, o: RpcServerOptions, req: IncomingMessage, res: ServerResponse) {
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json', ...CORS })
    res.end(JSON.stringify(body))
  }
  if (req.method === 'OPTIONS') {
    res.writeHead(204, CORS)
    res.end()
    return
  }
  if (req.method === 'GET') {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const method = url.pathname.replace(/^\//, '')
    if (method === '') {
      send(200, { methods: Object.keys(METHODS) })
      return
    }
    const params: Record<string, unknown> = {}
    for (const [k, v] of url.searchParams) params[k] = uriValue(k, v)
    send(200, respond(app, o, -1, method, params))
    return
  }
  if (req.method !== 'POST') {
    send(405, rpcError(-1, new RpcError(-32600, 'Invalid Request', `HTTP method ${req.method} not allowed`)))
    return
  }
  let text: string
  try {
    text = await readBody(req)
  } catch (e) {
    send(413, rpcError(-1, e instanceof RpcError ? e : new RpcError(-32600, 'Invalid Request', String(e))))
    return
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    send(200, rpcError(-1, new RpcError(-32700, 'Parse error', (e as Error).message)))
    return
  }
  const one = (r: unknown) => {
    const parsed = RequestSchema.safeParse(r)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!
      return rpcError(
        -1,
        new RpcError(-32600, 'Invalid Request', `${issue.path.join('.') || 'request'}: ${issue.message}`),
      )
    }
    return respond(app, o, parsed.data.id, parsed.data.method, parsed.data.params)
  }
  send(200, Array.isArray(json) ? json.map(one) : one(json))
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > MAX_BODY) {
        reject(new RpcError(-32600, 'Invalid Request', `request body larger than ${MAX_BODY} bytes`))
        req.destroy()
        return
      }
      chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/** A URI parameter: `"text"` → text; `0x…` stays for the bytes parsers; true/false → booleans. */
function uriValue(key: string, v: string): unknown {
  if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) return v.slice(1, -1)
  if (v === 'true' || v === 'false') return v === 'true'
  if (key === 'data' && v.startsWith('0x')) return v.slice(2)
  return v
}

function rpcError(id: string | number, e: RpcError) {
  return {
    jsonrpc: '2.0',
    id,
    error: { code: e.code, message: e.message, ...(e.data !== undefined ? { data: e.data } : {}) },
  }
}

function respond(app: ChainApp, o: RpcServerOptions, id: string | number, method: string, params: unknown) {
  try {
    const handler = METHODS[method as keyof typeof METHODS]
    if (!handler) throw new RpcError(-32601, 'Method not found', `method ${method} does not exist`)
    const p = Array.isArray(params) ? {} : params
    return { jsonrpc: '2.0', id, result: handler(app, p, o) }
  } catch (e) {
    if (e instanceof RpcError) return rpcError(id, e)
    return rpcError(id, internal((e as Error).message))
  }
}

type Handler = (app: ChainApp, params: unknown, o: RpcServerOptions) => unknown

const METHODS: Record<string, Handler> = {
  health: (_app, p) => {
    parse(PARAMS.none, p)
    return {}
  },
  status: (app, p) => {
    parse(PARAMS.none, p)
    const b = app.block()!
    const earliest = app.block(app.earliestHeight)!
    return {
      node_info: {
        protocol_version: { p2p: '8', block: '11', app: '0' },
        id: toHex(sha256(toUtf8(`node/${app.localnet.chainId}`)).slice(0, 20)),
        listen_addr: 'tcp://127.0.0.1:26656',
        network: app.localnet.chainId,
        version: COMET_VERSION,
        channels: '40202122233038606100',
        moniker: 'rebalancer-localnet',
        other: { tx_index: 'on', rpc_address: 'tcp://127.0.0.1:26657' },
      },
      sync_info: {
        latest_block_hash: blockHash(app, b.height),
        latest_app_hash: appHash(app, b.height),
        latest_block_height: String(b.height),
        latest_block_time: rfc3339(b.time),
        earliest_block_hash: blockHash(app, earliest.height),
        earliest_app_hash: appHash(app, earliest.height),
        earliest_block_height: String(earliest.height),
        earliest_block_time: rfc3339(earliest.time),
        catching_up: false,
      },
      validator_info: validator(app),
    }
  },
  abci_info: (app, p) => {
    parse(PARAMS.none, p)
    const b = app.block()!
    return {
      response: {
        data: 'rebalancer-localnet',
        version: COMET_VERSION,
        last_block_height: String(b.height),
        last_block_app_hash: toBase64(fromHex(appHash(app, b.height))),
      },
    }
  },
  abci_query: (app, p) => {
    const q = parse(PARAMS.abciQuery, p)
    const current = app.block()!.height
    if (q.height !== undefined && q.height !== 0 && q.height !== current) {
      throw invalidParams(`height: only the latest height ${current} can be queried, got ${q.height}`)
    }
    const r = app.query(q.path, q.data ?? new Uint8Array())
    return {
      response: {
        code: r.code,
        log: r.log,
        info: '',
        index: '0',
        key: null,
        value: r.code === 0 ? toBase64(r.data) : null,
        proofOps: null,
        height: String(current),
        codespace: r.codespace,
      },
    }
  },
  broadcast_tx_async: (app, p, o) => broadcastSync(app, p, o),
  broadcast_tx_sync: (app, p, o) => broadcastSync(app, p, o),
  broadcast_tx_commit: (app, p, o) => {
    const { tx } = parse(PARAMS.broadcast, p)
    const { check, hash, delivered } = submit(app, tx)
    if (delivered) o.onTx?.(delivered)
    return {
      check_tx: txResultJson(check),
      ...(delivered ? { tx_result: txResultJson(delivered.result) } : {}),
      hash,
      height: String(delivered?.height ?? 0),
    }
  },
  tx: (app, p) => {
    const { hash } = parse(PARAMS.tx, p)
    const hex = toHex(hash).toUpperCase()
    const t = app.tx(hex)
    if (!t) throw internal(`tx (${hex}) not found`)
    return txJson(t)
  },
  tx_search: (app, p) => {
    const q = parse(PARAMS.txSearch, p)
    const match = txQuery(q.query)
    // cosmjs's getTx asks `tx.hash='…'` alone: the index answers it
    const byHash = /^\s*tx\.hash\s*=\s*'([0-9A-Fa-f]+)'\s*$/.exec(q.query)
    const one = byHash ? app.tx(byHash[1]!) : undefined
    let txs = byHash ? (one ? [one] : []) : allTxs(app).filter(match)
    if (q.order_by === 'desc') txs = txs.reverse()
    const perPage = Math.min(Math.max(q.per_page ?? 30, 1), 100)
    const pages = Math.max(1, Math.ceil(txs.length / perPage))
    const page = q.page ?? 1
    if (page < 1 || page > pages)
      throw invalidParams(`page: should be within [1, ${pages}] range, given ${page}`)
    return {
      txs: txs.slice((page - 1) * perPage, page * perPage).map(txJson),
      total_count: String(txs.length),
    }
  },
  block: (app, p) => {
    const { height } = parse(PARAMS.height, p)
    const b = blockAt(app, height)
    const id = blockId(app, b.height)
    const prev = app.block(b.height - 1)
    return {
      block_id: id,
      block: {
        header: {
          version: { block: '11', app: '0' },
          chain_id: app.localnet.chainId,
          height: String(b.height),
          time: rfc3339(b.time),
          last_block_id: prev ? blockId(app, prev.height) : { hash: '', parts: { total: 0, hash: '' } },
          last_commit_hash: '',
          data_hash: toHex(sha256(Buffer.concat(b.txs))).toUpperCase(),
          validators_hash: '',
          next_validators_hash: '',
          consensus_hash: '',
          app_hash: appHash(app, b.height),
          last_results_hash: '',
          evidence_hash: '',
          proposer_address: validator(app).address,
        },
        data: { txs: b.txs.map(toBase64) },
        evidence: { evidence: [] },
        last_commit: {
          height: '0',
          round: 0,
          block_id: { hash: '', parts: { total: 0, hash: '' } },
          signatures: [],
        },
      },
    }
  },
  block_results: (app, p) => {
    const { height } = parse(PARAMS.height, p)
    const b = blockAt(app, height)
    return {
      height: String(b.height),
      txs_results: app.txsAt(b.height).map((t) => txResultJson(t.result)),
      finalize_block_events: [],
      validator_updates: null,
      consensus_param_updates: null,
      app_hash: appHash(app, b.height),
    }
  },
}

/**
 * Submits a broadcast transaction. Bytes the node already has are a JSON-RPC error, as
 * CometBFT's mempool answers them (`Internal error`, data `tx already exists in cache`), not a
 * CheckTx result.
 */
function submit(app: ChainApp, tx: Uint8Array) {
  const r = app.submit(tx)
  if (r.inCache) throw internal('tx already exists in cache')
  return r
}

function broadcastSync(app: ChainApp, p: unknown, o: RpcServerOptions) {
  const { tx } = parse(PARAMS.broadcast, p)
  const { check, hash, delivered } = submit(app, tx)
  if (delivered) o.onTx?.(delivered)
  return { code: check.code, data: '', log: check.log, codespace: check.codespace, hash }
}

function blockAt(app: ChainApp, height: number | undefined) {
  const current = app.block()!.height
  if (height !== undefined && height !== 0 && height > current) {
    throw internal(`height ${height} must be less than or equal to the current blockchain height ${current}`)
  }
  const b = app.block(height === 0 ? undefined : height)
  if (!b) throw internal(`height ${height} is not available, lowest height is ${app.earliestHeight}`)
  return b
}

function allTxs(app: ChainApp): IndexedTx[] {
  return app.transactions()
}

/**
 * A `tx_search` query: conditions `key='text'` or `key=number` joined by `AND`; `tx.hash`,
 * `tx.height`, or `<event type>.<attribute key>` (some event of that type has the attribute).
 * @throws RpcError (invalid params) naming the condition it cannot read.
 */
function txQuery(query: string): (t: IndexedTx) => boolean {
  const conditions = query.split(/\s+AND\s+/).map((c) => {
    const m = /^\s*([\w.-]+)\s*=\s*(?:'([^']*)'|(\d+))\s*$/.exec(c)
    if (!m) throw invalidParams(`query: cannot read condition "${c}" (expected key='value' or key=number)`)
    const key = m[1]!
    const value = m[2] ?? m[3]!
    if (key === 'tx.hash') return (t: IndexedTx) => t.hash === value.toUpperCase()
    if (key === 'tx.height') return (t: IndexedTx) => String(t.height) === value
    const dot = key.lastIndexOf('.')
    if (dot <= 0) throw invalidParams(`query: key "${key}" must be <event>.<attribute>`)
    const type = key.slice(0, dot)
    const attr = key.slice(dot + 1)
    return (t: IndexedTx) =>
      t.result.events.some(
        (e) => e.type === type && e.attributes.some((a) => a.key === attr && a.value === value),
      )
  })
  return (t) => conditions.every((c) => c(t))
}

function txJson(t: IndexedTx) {
  return {
    hash: t.hash,
    height: String(t.height),
    index: t.index,
    tx_result: txResultJson(t.result),
    tx: toBase64(t.tx),
  }
}

function txResultJson(r: AbciResult) {
  return {
    code: r.code,
    data: r.data.length > 0 ? toBase64(r.data) : null,
    log: r.log,
    info: '',
    gas_wanted: String(r.gasWanted),
    gas_used: String(r.gasUsed),
    events: r.events.map(eventJson),
    codespace: r.codespace,
  }
}

function eventJson(e: Event) {
  return { type: e.type, attributes: e.attributes.map((a) => ({ key: a.key, value: a.value, index: true })) }
}

function validator(app: ChainApp) {
  const key = sha256(toUtf8(`validator/${app.localnet.chainId}`))
  return {
    address: toHex(sha256(key).slice(0, 20)).toUpperCase(),
    pub_key: { type: 'tendermint/PubKeyEd25519', value: toBase64(key) },
    voting_power: '10',
  }
}

function blockHash(app: ChainApp, height: number): string {
  const b = app.block(height)
  return toHex(sha256(toUtf8(`block/${app.localnet.chainId}/${height}/${b?.time ?? ''}`))).toUpperCase()
}

function appHash(app: ChainApp, height: number): string {
  return toHex(sha256(toUtf8(`app/${app.localnet.chainId}/${height}`))).toUpperCase()
}

function blockId(app: ChainApp, height: number) {
  const hash = blockHash(app, height)
  return { hash, parts: { total: 1, hash } }
}

function rfc3339(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString()
}
