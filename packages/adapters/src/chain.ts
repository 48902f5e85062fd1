/**
 * Real chains (architecture.md, "Embedded default and real chains"): a signing cosmjs client
 * that satisfies the chain port and signs every message the adapters build, a signer from a
 * mnemonic (never logged), retries with backoff for RPC reads, and the multi-message
 * transaction port that create-and-register needs.
 */
import { SigningCosmWasmClient } from '@cosmjs/cosmwasm'
import { sha256 } from '@cosmjs/crypto'
import { toHex, toUtf8 } from '@cosmjs/encoding'
import { DirectSecp256k1HdWallet, type EncodeObject, type Registry } from '@cosmjs/proto-signing'
import { BroadcastTxError, calculateFee, GasPrice } from '@cosmjs/stargate'
import {
  Comet1Client,
  Comet38Client,
  type CometClient,
  connectComet,
  HttpClient,
  Tendermint37Client,
} from '@cosmjs/tendermint-rpc'
import {
  type ChainClient,
  type ChainReader,
  type ExecuteResult,
  type JsonValue,
  RebalancerError,
  type StdFee,
} from '@rebalancer/types'
import { TxRaw } from 'cosmjs-types/cosmos/tx/v1beta1/tx'
import { MsgExecuteContract } from 'cosmjs-types/cosmwasm/wasm/v1/tx'
import {
  type FoundTx,
  hasSignedSend,
  hasTxLookup,
  lostTxHash,
  type SignedSend,
  type TxLookup,
  UnconfirmedTxError,
} from './journal.js'
import { createRegistry } from './registry.js'

/**
 * The multi-message transaction port: `signAndBroadcast` of cosmjs's `SigningCosmWasmClient`
 * (used for create-and-register in one transaction). Resolves with the tx result, whose `code`
 * is 0 on success.
 */
export interface TxClient {
  signAndBroadcast(
    signerAddress: string,
    messages: readonly EncodeObject[],
    fee: StdFee | 'auto' | number,
    memo?: string,
  ): Promise<{ code: number; transactionHash: string; height: number; rawLog?: string }>
}

/** Options of {@link connectSigningClient}. */
export interface ConnectOptions {
  /**
   * Tendermint RPC endpoint, e.g. `https://rpc-…:443`, or several of the same chain in order of
   * preference: the client fails over to the next one on an RPC error ({@link RpcEndpoints}).
   */
  rpcUrl: RpcEndpoints
  /** BIP-39 mnemonic. Read it from a file or the environment; it is never printed or logged here. */
  mnemonic: string
  /** Bech32 prefix, e.g. `neutron`. */
  prefix: string
  /** Gas price for `'auto'` fees, e.g. `0.0053untrn`. */
  gasPrice: string
  /** Extra protobuf types for the registry. */
  registry?: Registry
  /**
   * Milliseconds between the polls for a broadcast transaction's inclusion in a block (cosmjs's
   * `broadcastPollIntervalMs`); default cosmjs's 3000.
   */
  broadcastPollIntervalMs?: number
  /** Milliseconds a broadcast transaction is waited for before its outcome is called unknown; default 60000. */
  broadcastTimeoutMs?: number
  /**
   * Milliseconds one HTTP request to the RPC may take before it fails (a retryable timeout);
   * default {@link DEFAULT_REQUEST_TIMEOUT_MS}. cosmjs sets none: a connection that never answers
   * would hang the keeper.
   */
  requestTimeoutMs?: number
  /**
   * Retries of the first connection, over every endpoint in turn with exponential backoff
   * between rounds; default 4 retries. `{ retries: Number.POSITIVE_INFINITY }` waits until an
   * endpoint answers (a keeper's loop mode when the RPC is down at start).
   */
  retry?: RetryOptions
}

/**
 * A connected signing client over one or more endpoints: the chain port, the multi-message
 * port and the transaction lookup of the journal, with failover (see {@link connectSigningClient}).
 */
export interface SigningRpcClient extends ChainClient, TxClient, TxLookup, SignedSend {
  /** The chain id the node reports. */
  getChainId(): Promise<string>
  /** The endpoint in use now. */
  readonly endpoint: string
  /** Closes the connections to every endpoint used. */
  disconnect(): void
}

/** A connected signing client and the address it signs for. */
export interface SigningConnection {
  client: SigningRpcClient
  /** The signer's address (first account of the mnemonic). */
  sender: string
}

/**
 * The first account's address of a mnemonic (cosmos HD path m/44'/118'/0'/0/0), offline.
 * @throws cosmjs's error for an invalid mnemonic (the mnemonic is not part of the message).
 */
export async function addressFromMnemonic(mnemonic: string, prefix: string): Promise<string> {
  const wallet = await walletOf(mnemonic, prefix)
  const [account] = await wallet.getAccounts()
  return account!.address
}

async function walletOf(mnemonic: string, prefix: string): Promise<DirectSecp256k1HdWallet> {
  try {
    return await DirectSecp256k1HdWallet.fromMnemonic(mnemonic.trim(), { prefix })
  } catch (e) {
    // cosmjs's messages do not contain the words, but do not rely on it.
    throw new RebalancerError('invalid_mnemonic', `invalid mnemonic (${(e as Error).name})`)
  }
}

/**
 * Connects cosmjs `SigningCosmWasmClient`s with a mnemonic signer and a registry that knows every
 * message the adapters build (wasm, bank, ICS-27, Neutron interchaintxs), behind one
 * {@link SigningRpcClient}. The first connection is retried (`retry`, every endpoint in turn);
 * then reads that fail with an RPC error ({@link isRetryableRpcError}) go to the next endpoint at
 * once, and a send that fails so moves the next calls to the next endpoint but is not sent again
 * here (wrap with {@link withRetries} `retryExecute` for that: the cycle's steps are guarded).
 * @throws RebalancerError `invalid_mnemonic`, `invalid_rpc` (no endpoint, or one that is not an
 *   http(s)/ws(s) URL), `rpc_unreachable` naming every endpoint and its last error when no
 *   endpoint answered within the retries; cosmjs's error for an invalid gas price.
 */
export async function connectSigningClient(options: ConnectOptions): Promise<SigningConnection> {
  const endpoints = rpcEndpoints(options.rpcUrl)
  const wallet = await walletOf(options.mnemonic, options.prefix)
  const [account] = await wallet.getAccounts()
  const gasPrice = GasPrice.fromString(options.gasPrice)
  const registry = options.registry ?? createRegistry()
  const f = await Failover.connect(
    endpoints,
    async (url) =>
      SigningCosmWasmClient.createWithSigner(
        await connectCometClient(url, options.requestTimeoutMs),
        wallet,
        {
          gasPrice,
          registry,
          ...(options.broadcastPollIntervalMs !== undefined
            ? { broadcastPollIntervalMs: options.broadcastPollIntervalMs }
            : {}),
        },
      ),
    options.retry,
  )
  const pollMs = options.broadcastPollIntervalMs ?? 3000
  const timeoutMs = options.broadcastTimeoutMs ?? 60_000
  const client: SigningRpcClient = {
    get endpoint() {
      return f.endpoint
    },
    disconnect: () => f.disconnect(),
    getChainId: () => f.read((c) => c.getChainId()),
    queryContractSmart: (a, q) => f.read((c) => c.queryContractSmart(a, q as never)),
    getBalance: (a, d) => f.read((c) => c.getBalance(a, d)),
    getHeight: () => f.read((c) => c.getHeight()),
    getBlock: (h) => f.read(async (c) => blockOf(await c.getBlock(h))),
    getTx: (id) => f.read(async (c) => foundTx(await c.getTx(id))),
    execute: (s, contract, msg, fee, memo, funds) =>
      f.send((c) => c.execute(s, contract, msg as never, fee as never, memo, funds as never)),
    instantiate: (s, code, msg, label, fee, o) =>
      f.send((c) => c.instantiate(s, code, msg as never, label, fee as never, o as never)),
    signAndBroadcast: (s, messages, fee, memo) =>
      f.send((c) => c.signAndBroadcast(s, messages, fee as never, memo)),
    executeSigned: async (s, contract, msg, fee, memo, funds, onSigned) => {
      const messages: EncodeObject[] = [
        {
          typeUrl: '/cosmwasm.wasm.v1.MsgExecuteContract',
          value: MsgExecuteContract.fromPartial({
            sender: s,
            contract,
            msg: toUtf8(JSON.stringify(msg)),
            funds: (funds ?? []).map((c) => ({ denom: c.denom, amount: c.amount })),
          }),
        },
      ]
      // each read before the broadcast is retried on its own (nothing is sent yet): under a flaky
      // RPC a send costs its failed requests, not a whole new attempt
      const read = <R>(fn: (c: SigningCosmWasmClient) => Promise<R>) =>
        retrying(() => f.read(fn), PRE_BROADCAST_RETRY)
      // cosmjs's 'auto' fee: the simulated gas × 1.4 (a number: that multiplier)
      const usedFee =
        typeof fee === 'object'
          ? fee
          : calculateFee(
              Math.round((await read((c) => c.simulate(s, messages, memo))) * (fee === 'auto' ? 1.4 : fee)),
              gasPrice,
            )
      const { accountNumber, sequence } = await read((c) => c.getSequence(s))
      const chainId = await read((c) => c.getChainId())
      const txBytes = await f.send(async (c) =>
        TxRaw.encode(
          await c.sign(s, messages, usedFee, memo ?? '', { accountNumber, sequence, chainId }),
        ).finish(),
      )
      const hash = toHex(sha256(txBytes)).toUpperCase()
      await onSigned(hash)
      const tx = await deliverSigned(f, txBytes, hash, { pollMs, timeoutMs })
      if (tx.code !== 0)
        // cosmjs's wording for a transaction that failed in its block
        throw new RebalancerError(
          'tx_failed',
          `Error when broadcasting tx ${hash} at height ${tx.height}. Code: ${tx.code}; Raw log: ${tx.rawLog}`,
        )
      return {
        height: tx.height,
        transactionHash: hash,
        events: tx.events,
        gasWanted: tx.gasWanted,
        gasUsed: tx.gasUsed,
      }
    },
  }
  return { client, sender: account!.address }
}

/** Retries of each read a signed send makes before its broadcast (simulation, account, chain id). */
const PRE_BROADCAST_RETRY: RetryOptions = { retries: 4, baseDelayMs: 100, maxDelayMs: 2000 }

/** Polls between two broadcasts of the same bytes while a transaction is not found. */
const REBROADCAST_EVERY_POLLS = 10

/**
 * Whether a repeated broadcast was refused because the chain knows the bytes or their sequence:
 * CometBFT's mempool answers bytes it has with a JSON-RPC error (`tx already exists in cache`),
 * an SDK node may answer with CheckTx code 19; a used sequence (the transaction may be the one
 * that used it) is code 32.
 */
function isKnownTx(e: unknown): boolean {
  if (e instanceof BroadcastTxError) return e.code === 19 || e.code === 32
  return /already exists in cache/i.test(e instanceof Error ? e.message : String(e))
}

/**
 * Broadcasts signed transaction bytes and waits until the chain holds them, over lost answers:
 * the hash is looked up every `pollMs`; the same bytes are broadcast again after a broadcast
 * that failed with an RPC error (it may or may not have reached a node) and every few polls
 * (harmless: the account's sequence lets the bytes land at most once, and a node that has them
 * says so, {@link isKnownTx}, which means: keep looking).
 * @returns the transaction as the chain indexed it (its `code` may be an error).
 * @throws the first broadcast's refusal (at CheckTx: never in a block); once a broadcast may
 *   have reached a node, any failure as {@link UnconfirmedTxError} with the hash (not found
 *   within `timeoutMs`, a repeated broadcast refused otherwise, a lookup that fails for good),
 *   so that nobody signs the step again before looking the hash up.
 */
async function deliverSigned(
  f: Failover<SigningCosmWasmClient>,
  bytes: Uint8Array,
  hash: string,
  o: { pollMs: number; timeoutMs: number },
) {
  const deadline = Date.now() + o.timeoutMs
  let broadcasts = 0
  let broadcastDue = true
  let polls = 0
  let last: unknown
  const unknown = (why: string, cause: unknown) =>
    new UnconfirmedTxError(
      hash,
      `transaction ${hash} was broadcast ${broadcasts} time(s) and ${why}${cause ? ` (last error: ${(cause as Error).message})` : ''}; its outcome is unknown`,
      { cause },
    )
  for (;;) {
    if (broadcastDue || polls % REBROADCAST_EVERY_POLLS === REBROADCAST_EVERY_POLLS - 1) {
      broadcastDue = false
      broadcasts += 1
      try {
        await f.send((c) => c.broadcastTxSync(bytes))
      } catch (e) {
        last = e
        if (isRetryableRpcError(e)) broadcastDue = true
        else if (broadcasts === 1) throw e
        else if (!isKnownTx(e)) throw unknown('a repeated broadcast was refused', e)
      }
    }
    await new Promise((r) => setTimeout(r, o.pollMs))
    try {
      const tx = await f.read((c) => c.getTx(hash))
      if (tx) return tx
    } catch (e) {
      last = e
      if (!isRetryableRpcError(e)) throw unknown('its lookup failed', e)
    }
    polls += 1
    if (Date.now() > deadline) throw unknown(`was not found on chain within ${o.timeoutMs / 1000} s`, last)
  }
}

/** Milliseconds one HTTP request to the RPC may take by default (see {@link ConnectOptions.requestTimeoutMs}). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000

/**
 * A CometBFT client for `url` whose HTTP requests time out after `timeoutMs` (cosmjs's
 * `connectComet` sets no timeout): the node's version, read once, picks the client (0.37, 0.38,
 * 1.x), as `connectComet` does. A `ws(s)://` endpoint goes through `connectComet` unchanged.
 * @throws the status request's error (network, timeout, HTTP status).
 */
export async function connectCometClient(
  url: string,
  timeoutMs: number = DEFAULT_REQUEST_TIMEOUT_MS,
): Promise<CometClient> {
  if (!/^https?:\/\//.test(url)) return connectComet(url)
  const probe = Tendermint37Client.create(new HttpClient(url, timeoutMs))
  const version = (await probe.status()).nodeInfo.version
  if (version.startsWith('0.38.')) return Comet38Client.create(new HttpClient(url, timeoutMs))
  if (version.startsWith('1.')) return Comet1Client.create(new HttpClient(url, timeoutMs))
  return probe
}

/** One Tendermint RPC endpoint, or several of the same chain in order of preference. */
export type RpcEndpoints = string | readonly string[]

/**
 * The endpoints as a list, checked.
 * @throws RebalancerError `invalid_rpc` naming the entry: no endpoint, or one that is not an
 *   `http(s)://` or `ws(s)://` URL.
 */
export function rpcEndpoints(rpc: RpcEndpoints): string[] {
  const list = typeof rpc === 'string' ? [rpc] : [...rpc]
  if (list.length === 0)
    throw new RebalancerError('invalid_rpc', 'rpc: at least one RPC endpoint is required', { path: ['rpc'] })
  list.forEach((url, i) => {
    let ok = false
    try {
      ok = /^(https?|wss?):$/.test(new URL(url).protocol)
    } catch {
      ok = false
    }
    if (!ok)
      throw new RebalancerError(
        'invalid_rpc',
        `rpc[${i}] "${url}" is not an RPC endpoint: it must be an http(s):// or ws(s):// URL`,
        { path: ['rpc', String(i)] },
      )
  })
  return list
}

function blockOf(block: {
  id: string
  header: { version: { block: string; app: string }; height: number; chainId: string; time: string }
  txs: readonly Uint8Array[]
}) {
  return { id: block.id, header: block.header, txs: block.txs }
}

function foundTx(
  tx: { height: number; hash: string; code: number; events: FoundTx['events'] } | null,
): FoundTx | null {
  return tx && { height: tx.height, hash: tx.hash, code: tx.code, events: tx.events }
}

/**
 * Calls over several connections to one chain with failover (issue #14, "Liveness"): one
 * connection per endpoint, made when first needed; the endpoint in use moves to the next one
 * (round robin) on an RPC error. Reads try every endpoint once before failing; sends are never
 * repeated here (a broadcast may have landed).
 */
export class Failover<T> {
  private readonly connections = new Map<number, T>()
  private current = 0

  private constructor(
    /** The endpoints, in order of preference. */
    readonly endpoints: readonly string[],
    private readonly open: (url: string) => Promise<T>,
    private readonly retryable: (e: unknown) => boolean,
  ) {}

  /**
   * Connects to the first endpoint that answers, retrying with exponential backoff between
   * rounds over every endpoint (`retry`, see {@link RetryOptions}; default 4 retries).
   * @throws RebalancerError `rpc_unreachable` naming every endpoint and its last error; an
   *   error that is not an RPC failure (e.g. a refused signer) at once, with the endpoint named.
   */
  static async connect<T>(
    endpoints: readonly string[],
    open: (url: string) => Promise<T>,
    retry: RetryOptions = {},
  ): Promise<Failover<T>> {
    const retryable = retry.isRetryable ?? isRetryableRpcError
    const f = new Failover(endpoints, open, retryable)
    const last = new Map<string, string>()
    let rounds = 0
    try {
      await retrying(
        async () => {
          rounds += 1
          let error: unknown
          for (let i = 0; i < endpoints.length; i++) {
            try {
              await f.connection()
              return
            } catch (e) {
              if (!retryable(e))
                throw new RebalancerError(
                  'rpc_error',
                  `RPC endpoint ${f.endpoint}: ${(e as Error).message}`,
                  {
                    path: ['rpc'],
                  },
                )
              last.set(f.endpoint, (e as Error).message)
              error = e
              f.rotate()
            }
          }
          throw error
        },
        // a wrapped non-RPC failure (rpc_error) is final: its message names the endpoint, whose
        // URL may contain words the RPC-error test matches
        {
          ...retry,
          isRetryable: (e) => !(RebalancerError.isInstance(e) && e.code === 'rpc_error') && retryable(e),
        },
      )
    } catch (e) {
      if (e instanceof RebalancerError) throw e
      const tried = endpoints.map((u) => `${u} (${last.get(u) ?? 'not tried'})`).join('; ')
      throw new RebalancerError(
        'rpc_unreachable',
        `no RPC endpoint answered in ${rounds} attempt${rounds === 1 ? '' : 's'}: ${tried}`,
        { path: ['rpc'] },
      )
    }
    return f
  }

  /** The endpoint in use now. */
  get endpoint(): string {
    return this.endpoints[this.current]!
  }

  /** Closes every connection made that can be closed (`disconnect()`), and forgets them. */
  disconnect(): void {
    for (const c of this.connections.values()) (c as { disconnect?: () => void }).disconnect?.()
    this.connections.clear()
  }

  /** Moves to the next endpoint (round robin). */
  rotate(): void {
    this.current = (this.current + 1) % this.endpoints.length
  }

  /** The current endpoint's connection, made when first needed. */
  async connection(): Promise<T> {
    const i = this.current
    const existing = this.connections.get(i)
    if (existing !== undefined) return existing
    const c = await this.open(this.endpoints[i]!)
    this.connections.set(i, c)
    return c
  }

  /**
   * A read: on an RPC error the next endpoint is tried at once, each at most once per call.
   * @throws the last endpoint's error (its message prefixed with the endpoint) when all failed,
   *   or a non-RPC error at once.
   */
  async read<R>(fn: (connection: T) => Promise<R>): Promise<R> {
    let error: unknown
    for (let i = 0; i < this.endpoints.length; i++) {
      const url = this.endpoint
      try {
        return await fn(await this.connection())
      } catch (e) {
        if (!this.retryable(e)) throw e
        // the message keeps the RPC error's text, which isRetryableRpcError reads
        error = new RebalancerError('rpc_error', `RPC endpoint ${url}: ${(e as Error).message}`, { cause: e })
        this.rotate()
      }
    }
    throw error
  }

  /**
   * A send: not repeated here; on an RPC error the next calls go to the next endpoint.
   * @throws the send's error, unchanged (a cosmjs `TimeoutError` keeps its `txId`).
   */
  async send<R>(fn: (connection: T) => Promise<R>): Promise<R> {
    try {
      return await fn(await this.connection())
    } catch (e) {
      if (this.retryable(e)) this.rotate()
      throw e
    }
  }
}

/** Options of {@link withRetries}. Delays in milliseconds. */
export interface RetryOptions {
  /** Further attempts after the first; default 4. */
  retries?: number
  /** First delay; doubled each attempt (exponential backoff), default 500. */
  baseDelayMs?: number
  /** Upper bound of one delay; default 10000. */
  maxDelayMs?: number
  /**
   * Whether an error is worth retrying; default: network and RPC failures (fetch/socket errors,
   * timeouts, HTTP 429/5xx), never a contract's error.
   */
  isRetryable?: (e: unknown) => boolean
  /**
   * Also retry `execute` and `instantiate` (default false: a broadcast may have landed; the
   * cycle's steps are guarded by chain state, so a keeper may opt in). Even then, a send whose
   * error carries its transaction hash (cosmjs's `TimeoutError`: broadcast, not yet in a block)
   * is never sent again here: it is left to the caller's journal ({@link lostTxHash}).
   */
  retryExecute?: boolean
  /** Waits `ms` (injectable for tests); default `setTimeout`. */
  sleep?: (ms: number) => Promise<void>
  /** Called before each retry (the error and the attempt number, from 1). */
  onRetry?: (e: unknown, attempt: number) => void
}

// cosmjs's HTTP client (tendermint-rpc 0.38) reports a non-2xx answer as
// `Bad status on response: <status>`; axios-style clients as `… status code <status>`.
const RETRYABLE =
  /ECONNRESET|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|ENOTFOUND|socket hang up|fetch failed|network|timed? ?out|status code (429|5\d\d)|Bad status on response: (429|5\d\d)\b|Bad Gateway|Service Unavailable|Gateway Time-?out|Too Many Requests/i

/**
 * The default {@link RetryOptions.isRetryable}: network and RPC failures (including cosmjs's
 * `Bad status on response: 429` and `: 5xx`), not contract errors.
 */
export function isRetryableRpcError(e: unknown): boolean {
  const text =
    e instanceof Error ? `${e.name} ${e.message} ${String((e as { code?: unknown }).code ?? '')}` : String(e)
  return RETRYABLE.test(text)
}

/**
 * Calls `fn` until it succeeds, retrying the errors `options.isRetryable` accepts with
 * exponential backoff (see {@link RetryOptions}): the building block of {@link withRetries} and
 * of the first connection.
 * @throws the last error, after `retries` further attempts, or at once when it is not retryable.
 * @example
 * const height = await retrying(() => client.getHeight(), { retries: Number.POSITIVE_INFINITY })
 */
export async function retrying<T>(fn: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const retries = options.retries ?? 4
  const base = options.baseDelayMs ?? 500
  const max = options.maxDelayMs ?? 10_000
  const retryable = options.isRetryable ?? isRetryableRpcError
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
  for (let i = 0; ; i++) {
    try {
      return await fn()
    } catch (e) {
      if (i >= retries || !retryable(e)) throw e
      options.onRetry?.(e, i + 1)
      await sleep(Math.min(max, base * 2 ** Math.min(i, 30)))
    }
  }
}

/**
 * The chain port with retries and exponential backoff on RPC errors: queries, balances, heights,
 * blocks and (when the port has it) `getTx` always; `execute` and `instantiate` (of a {@link ChainClient}) only with
 * `retryExecute`. Other errors (a contract's refusal) are thrown at once. A {@link ChainReader}
 * gives a reader, a client a client.
 * @example
 * const reader = withRetries(await connectReader(rpc), { retries: 6 })
 */
export function withRetries(chain: ChainClient & TxLookup, options?: RetryOptions): ChainClient & TxLookup
export function withRetries(chain: ChainClient, options?: RetryOptions): ChainClient
export function withRetries(chain: ChainReader & TxLookup, options?: RetryOptions): ChainReader & TxLookup
export function withRetries(chain: ChainReader, options?: RetryOptions): ChainReader
export function withRetries(
  chain: ChainReader | ChainClient,
  o: RetryOptions = {},
): ChainReader | ChainClient {
  const attempt = <T>(fn: () => Promise<T>, enabled = true): Promise<T> => (enabled ? retrying(fn, o) : fn())
  // A send whose transaction was broadcast (its hash is known: cosmjs's TimeoutError) may still
  // land: sending it again would double it. It goes back to the caller (the journal's pending).
  const retryable = o.isRetryable ?? isRetryableRpcError
  const sendOptions: RetryOptions = { ...o, isRetryable: (e) => lostTxHash(e) === undefined && retryable(e) }
  const attemptSend = <T>(fn: () => Promise<T>, enabled: boolean): Promise<T> =>
    enabled ? retrying(fn, sendOptions) : fn()
  const reader: ChainReader = {
    queryContractSmart: (a, q) => attempt(() => chain.queryContractSmart(a, q)),
    getBalance: (a, d) => attempt(() => chain.getBalance(a, d)),
    getHeight: () => attempt(() => chain.getHeight()),
    getBlock: (h) => attempt(() => chain.getBlock(h)),
  }
  // the journal's lookup (a read) when the port has one
  if (hasTxLookup(chain)) (reader as ChainReader & TxLookup).getTx = (id) => attempt(() => chain.getTx(id))
  if (!('execute' in chain)) return reader
  const sends = o.retryExecute ?? false
  const client: ChainClient & Partial<SignedSend> = {
    ...reader,
    execute: (s, c, m, f, memo, funds) => attemptSend(() => chain.execute(s, c, m, f, memo, funds), sends),
    instantiate: (s, code, m, label, f, options) =>
      attemptSend(() => chain.instantiate(s, code, m, label, f, options), sends),
  }
  // the signed send when the port has one: an error before its broadcast is retried (re-signed);
  // once broadcast, an unknown outcome carries its hash and is never sent again here
  if (hasSignedSend(chain))
    client.executeSigned = (s, c, m, f, memo, funds, onSigned) =>
      attemptSend(() => chain.executeSigned(s, c, m, f, memo, funds, onSigned), sends)
  return client
}
