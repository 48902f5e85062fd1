/**
 * Real chains (architecture.md, "Embedded default and real chains"): a signing cosmjs client
 * that satisfies the chain port and signs every message the adapters build, a signer from a
 * mnemonic (never logged), retries with backoff for RPC reads, and the multi-message
 * transaction port that create-and-register needs.
 */
import { SigningCosmWasmClient } from '@cosmjs/cosmwasm'
import { DirectSecp256k1HdWallet, type EncodeObject, type Registry } from '@cosmjs/proto-signing'
import { GasPrice } from '@cosmjs/stargate'
import { type ChainClient, type ChainReader, RebalancerError, type StdFee } from '@rebalancer/types'
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
  /** Tendermint RPC endpoint, e.g. `https://rpc-…:443`. */
  rpcUrl: string
  /** BIP-39 mnemonic. Read it from a file or the environment; it is never printed or logged here. */
  mnemonic: string
  /** Bech32 prefix, e.g. `neutron`. */
  prefix: string
  /** Gas price for `'auto'` fees, e.g. `0.0053untrn`. */
  gasPrice: string
  /** Extra protobuf types for the registry. */
  registry?: Registry
}

/** A connected signing client and the address it signs for. */
export interface SigningConnection {
  client: SigningCosmWasmClient
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
 * Connects a `SigningCosmWasmClient` (which satisfies both the chain port {@link ChainClient} and
 * {@link TxClient}) with a mnemonic signer and a registry that knows every message the adapters
 * build (wasm, bank, ICS-27, Neutron interchaintxs).
 * @throws on an invalid mnemonic or gas price, or when the RPC endpoint cannot be reached.
 */
export async function connectSigningClient(options: ConnectOptions): Promise<SigningConnection> {
  const wallet = await walletOf(options.mnemonic, options.prefix)
  const [account] = await wallet.getAccounts()
  const client = await SigningCosmWasmClient.connectWithSigner(options.rpcUrl, wallet, {
    gasPrice: GasPrice.fromString(options.gasPrice),
    registry: options.registry ?? createRegistry(),
  })
  return { client, sender: account!.address }
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
  /** Also retry `execute` (default false: a broadcast may have landed; the cycle's steps are guarded by chain state, so a keeper may opt in). */
  retryExecute?: boolean
  /** Waits `ms` (injectable for tests); default `setTimeout`. */
  sleep?: (ms: number) => Promise<void>
  /** Called before each retry (the error and the attempt number, from 1). */
  onRetry?: (e: unknown, attempt: number) => void
}

const RETRYABLE =
  /ECONNRESET|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|ENOTFOUND|socket hang up|fetch failed|network|timed? ?out|status code (429|5\d\d)|Bad Gateway|Service Unavailable|Gateway Time-?out|Too Many Requests/i

/** The default {@link RetryOptions.isRetryable}: network and RPC failures, not contract errors. */
export function isRetryableRpcError(e: unknown): boolean {
  const text =
    e instanceof Error ? `${e.name} ${e.message} ${String((e as { code?: unknown }).code ?? '')}` : String(e)
  return RETRYABLE.test(text)
}

/**
 * The chain port with retries and exponential backoff on RPC errors: queries, balances, heights
 * and blocks always; `execute` and `instantiate` (of a {@link ChainClient}) only with
 * `retryExecute`. Other errors (a contract's refusal) are thrown at once. A {@link ChainReader}
 * gives a reader, a client a client.
 * @example
 * const reader = withRetries(await connectReader(rpc), { retries: 6 })
 */
export function withRetries(chain: ChainClient, options?: RetryOptions): ChainClient
export function withRetries(chain: ChainReader, options?: RetryOptions): ChainReader
export function withRetries(
  chain: ChainReader | ChainClient,
  o: RetryOptions = {},
): ChainReader | ChainClient {
  const retries = o.retries ?? 4
  const base = o.baseDelayMs ?? 500
  const max = o.maxDelayMs ?? 10_000
  const retryable = o.isRetryable ?? isRetryableRpcError
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
  async function attempt<T>(fn: () => Promise<T>, enabled = true): Promise<T> {
    for (let i = 0; ; i++) {
      try {
        return await fn()
      } catch (e) {
        if (!enabled || i >= retries || !retryable(e)) throw e
        o.onRetry?.(e, i + 1)
        await sleep(Math.min(max, base * 2 ** i))
      }
    }
  }
  const reader: ChainReader = {
    queryContractSmart: (a, q) => attempt(() => chain.queryContractSmart(a, q)),
    getBalance: (a, d) => attempt(() => chain.getBalance(a, d)),
    getHeight: () => attempt(() => chain.getHeight()),
    getBlock: (h) => attempt(() => chain.getBlock(h)),
  }
  if (!('execute' in chain)) return reader
  const sends = o.retryExecute ?? false
  return {
    ...reader,
    execute: (s, c, m, f, memo, funds) => attempt(() => chain.execute(s, c, m, f, memo, funds), sends),
    instantiate: (s, code, m, label, f, options) =>
      attempt(() => chain.instantiate(s, code, m, label, f, options), sends),
  } satisfies ChainClient
}
