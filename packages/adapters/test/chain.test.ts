/**
 * Real-chain helpers: retries with backoff on RPC errors (not on contract errors, not on
 * execute unless asked), the mnemonic signer's address, and the port a cosmjs client satisfies.
 */
import type { CosmWasmClient, SigningCosmWasmClient } from '@cosmjs/cosmwasm'
import type { ChainClient, ChainReader } from '@rebalancer/types'
import { describe, expect, it } from 'vitest'
import {
  addressFromMnemonic,
  connectCometClient,
  connectReader,
  connectSigningClient,
  Failover,
  isRetryableRpcError,
  type TxClient,
  withRetries,
} from '../src/cosmjs.js'

// Compile-time: a cosmjs SigningCosmWasmClient is both ports, a CosmWasmClient a reader.
const _port: (c: SigningCosmWasmClient) => [ChainClient, TxClient] = (c) => [c, c]
void _port
const _reader: (c: CosmWasmClient) => ChainReader = (c) => c
void _reader

function flaky(failures: Error[]): ChainClient & { calls: number } {
  const chain = {
    calls: 0,
    async queryContractSmart() {
      chain.calls += 1
      const e = failures.shift()
      if (e) throw e
      return 'ok'
    },
    async execute() {
      chain.calls += 1
      const e = failures.shift()
      if (e) throw e
      return { height: 1, transactionHash: 'H', events: [], gasWanted: 0n, gasUsed: 0n }
    },
    async instantiate() {
      chain.calls += 1
      const e = failures.shift()
      if (e) throw e
      return { contractAddress: 'C', height: 1, transactionHash: 'H', events: [], gasWanted: 0n, gasUsed: 0n }
    },
    async getBalance() {
      return { denom: 'u', amount: '0' }
    },
    async getHeight() {
      chain.calls += 1
      const e = failures.shift()
      if (e) throw e
      return 7
    },
    async getBlock() {
      throw new Error('unused')
    },
  }
  return chain
}

describe('withRetries', () => {
  it('gives a reader for a reader (nothing to send) and a client for a client (instantiate retried only on opt-in)', async () => {
    const { execute: _e, instantiate: _i, ...reader } = flaky([new Error('fetch failed')])
    const wrapped = withRetries(reader, { sleep: async () => {} })
    expect('execute' in wrapped || 'instantiate' in wrapped).toBe(false)
    expect(await wrapped.getHeight()).toBe(7)
    const client = flaky([new Error('fetch failed')])
    await expect(
      withRetries(client, { sleep: async () => {} }).instantiate('s', 1, {}, 'l', 'auto'),
    ).rejects.toThrow('fetch failed')
    const again = flaky([new Error('fetch failed')])
    const res = await withRetries(again, { sleep: async () => {}, retryExecute: true }).instantiate(
      's',
      1,
      {},
      'l',
      'auto',
    )
    expect(res.contractAddress).toBe('C')
    expect(again.calls).toBe(2)
  })

  it('retries RPC failures with exponential backoff, capped, then succeeds', async () => {
    const chain = flaky([
      new Error('fetch failed'),
      new Error('socket hang up'),
      new Error('Request failed with status code 503'),
    ])
    const delays: number[] = []
    const c = withRetries(chain, {
      baseDelayMs: 100,
      maxDelayMs: 300,
      sleep: async (ms) => void delays.push(ms),
    })
    expect(await c.queryContractSmart('x', 'q')).toBe('ok')
    expect(delays).toEqual([100, 200, 300])
    expect(chain.calls).toBe(4)
  })

  it('gives up after `retries` and throws the last error', async () => {
    const chain = flaky([new Error('ECONNRESET'), new Error('ECONNRESET'), new Error('ECONNRESET')])
    const c = withRetries(chain, { retries: 2, sleep: async () => {} })
    await expect(c.getHeight()).rejects.toThrow('ECONNRESET')
    expect(chain.calls).toBe(3)
  })

  it('does not retry a contract error, nor execute unless asked', async () => {
    const chain = flaky([new Error('Unauthorized: only the server address')])
    const c = withRetries(chain, { sleep: async () => {} })
    await expect(c.queryContractSmart('x', 'q')).rejects.toThrow(/Unauthorized/)
    expect(chain.calls).toBe(1)
    const chain2 = flaky([new Error('fetch failed')])
    await expect(
      withRetries(chain2, { sleep: async () => {} }).execute('a', 'b', {}, 'auto'),
    ).rejects.toThrow(/fetch failed/)
    expect(chain2.calls).toBe(1)
    const chain3 = flaky([new Error('fetch failed')])
    const res = await withRetries(chain3, { sleep: async () => {}, retryExecute: true }).execute(
      'a',
      'b',
      {},
      'auto',
    )
    expect(res.transactionHash).toBe('H')
    expect(chain3.calls).toBe(2)
  })

  it('classifies errors', () => {
    expect(isRetryableRpcError(new Error('Bad Gateway'))).toBe(true)
    expect(isRetryableRpcError(Object.assign(new Error('x'), { code: 'ETIMEDOUT' }))).toBe(true)
    expect(
      isRetryableRpcError(new Error('failed to execute message; message index: 0: cycle not started yet')),
    ).toBe(false)
  })
})

describe('addressFromMnemonic', () => {
  // The all-"abandon" test mnemonic (BIP-39 test vector), cosmos HD path m/44'/118'/0'/0/0.
  const MNEMONIC =
    'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'

  it('derives the first account offline', async () => {
    expect(await addressFromMnemonic(MNEMONIC, 'cosmos')).toBe(
      'cosmos19rl4cm2hmr8afy4kldpxz3fka4jguq0auqdal4',
    )
    expect((await addressFromMnemonic(`  ${MNEMONIC}\n`, 'neutron')).startsWith('neutron1')).toBe(true)
  })

  it('refuses a bad mnemonic without echoing it', async () => {
    const secret =
      'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon'
    const err: Error = await addressFromMnemonic(secret, 'cosmos').then(
      () => new Error('no error'),
      (e: Error) => e,
    )
    expect(err).toBeInstanceOf(Error)
    expect(err.message).toMatch(/invalid mnemonic/)
    expect(err.message).not.toContain('abandon')
  })
})

describe('RPC liveness (issue #14): retries, the first connection, failover', () => {
  const MNEMONIC =
    'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'
  const noSleep = async () => {}

  it('retries cosmjs’s HTTP 503 and 429 (`Bad status on response`), not a 400', () => {
    expect(isRetryableRpcError(new Error('Bad status on response: 503'))).toBe(true)
    expect(isRetryableRpcError(new Error('Bad status on response: 429'))).toBe(true)
    expect(isRetryableRpcError(new Error('Bad status on response: 502'))).toBe(true)
    expect(isRetryableRpcError(new Error('Bad status on response: 400'))).toBe(false)
  })

  it('retries the first connection and names every endpoint when none answers', async () => {
    // port 1 on loopback: refused at once, no network needed
    const retries: number[] = []
    const err = await connectSigningClient({
      rpcUrl: ['http://127.0.0.1:1', 'http://127.0.0.1:2'],
      mnemonic: MNEMONIC,
      prefix: 'neutron',
      gasPrice: '0.0053untrn',
      retry: { retries: 2, sleep: noSleep, onRetry: (_e, n) => void retries.push(n) },
    }).then(
      () => new Error('connected'),
      (e: Error) => e,
    )
    expect(err).toMatchObject({ code: 'rpc_unreachable' })
    expect(err.message).toMatch(
      /^no RPC endpoint answered in 3 attempts: http:\/\/127\.0\.0\.1:1 \(.+\); http:\/\/127\.0\.0\.1:2 \(.+\)$/,
    )
    expect(retries).toEqual([1, 2])
    await expect(connectReader('http://127.0.0.1:1', { retry: { retries: 0 } })).rejects.toThrow(
      /no RPC endpoint answered in 1 attempt: http:\/\/127\.0\.0\.1:1/,
    )
  })

  it('refuses an endpoint that is not a URL, naming it', async () => {
    await expect(connectReader(['http://127.0.0.1:1', 'rpc.example.org'])).rejects.toThrow(
      'rpc[1] "rpc.example.org" is not an RPC endpoint: it must be an http(s):// or ws(s):// URL',
    )
    await expect(connectReader([])).rejects.toThrow('rpc: at least one RPC endpoint is required')
  })

  it('waits as long as asked for an endpoint to come up (a keeper started while the RPC is down)', async () => {
    let attempts = 0
    const f = await Failover.connect(
      ['http://a', 'http://b'],
      async (url) => {
        attempts += 1
        if (attempts < 9) throw new Error('fetch failed')
        return url
      },
      { retries: Number.POSITIVE_INFINITY, sleep: noSleep },
    )
    expect(attempts).toBe(9)
    expect(await f.read(async (c) => c)).toBe('http://a')
  })

  it('fails reads over to the next endpoint at once; a failed send moves on but is not sent again', async () => {
    const calls: string[] = []
    const f = await Failover.connect(['http://a', 'http://b'], async (url) => ({
      read: async () => {
        calls.push(`read ${url}`)
        if (url === 'http://a') throw new Error('Bad status on response: 503')
        return url
      },
      send: async () => {
        calls.push(`send ${url}`)
        throw new Error('fetch failed')
      },
      refuse: async () => {
        calls.push(`refuse ${url}`)
        throw new Error('Unauthorized')
      },
    }))
    expect(await f.read((c) => c.read())).toBe('http://b')
    expect(f.endpoint).toBe('http://b')
    await expect(f.send((c) => c.send())).rejects.toThrow('fetch failed')
    expect(f.endpoint).toBe('http://a')
    // a contract's error neither fails over nor is retried
    await expect(f.read((c) => c.refuse())).rejects.toThrow('Unauthorized')
    expect(f.endpoint).toBe('http://a')
    expect(calls).toEqual(['read http://a', 'read http://b', 'send http://b', 'refuse http://a'])
    // every endpoint down: the error names the last one tried
    const down = await Failover.connect(['http://a', 'http://b'], async (url) => ({
      read: async (): Promise<string> => {
        throw new Error(`Bad status on response: 503 (${url})`)
      },
    }))
    await expect(down.read((c) => c.read())).rejects.toThrow(
      'RPC endpoint http://b: Bad status on response: 503 (http://b)',
    )
  })

  it('never sends again a transaction that was broadcast (its hash known), even with retryExecute', async () => {
    const lost = Object.assign(
      new Error('Transaction with ID AB was submitted but was not yet found on the chain'),
      {
        name: 'TimeoutError',
        txId: 'AB',
      },
    )
    expect(isRetryableRpcError(lost)).toBe(true) // a timeout, but…
    const chain = flaky([lost])
    await expect(
      withRetries(chain, { sleep: noSleep, retryExecute: true }).execute('a', 'b', {}, 'auto'),
    ).rejects.toBe(lost)
    expect(chain.calls).toBe(1)
  })

  it('keeps the journal’s getTx through withRetries', async () => {
    let n = 0
    const chain = {
      ...flaky([]),
      getTx: async (id: string) => {
        n += 1
        if (n === 1) throw new Error('Bad status on response: 429')
        return { height: 3, hash: id, code: 0, events: [] }
      },
    }
    const wrapped = withRetries(chain, { sleep: noSleep })
    expect(await wrapped.getTx('AB')).toEqual({ height: 3, hash: 'AB', code: 0, events: [] })
    expect(n).toBe(2)
  })
})

describe('connectCometClient (issue #14: requests time out)', () => {
  it('a node that accepts and never answers fails the request after the timeout, as a retryable RPC error', async () => {
    const { createServer } = await import('node:http')
    const sockets = new Set<import('node:net').Socket>()
    const silent = createServer(() => {}) // never answers
    silent.on('connection', (s) => sockets.add(s))
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()))
    const url = `http://127.0.0.1:${(silent.address() as import('node:net').AddressInfo).port}`
    try {
      // without a timeout this would wait for undici's 300 s and the test's own timeout fail it
      const error = await connectCometClient(url, 300).then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(Error)
      expect(isRetryableRpcError(error)).toBe(true)
    } finally {
      for (const s of sockets) s.destroy()
      silent.close()
    }
  }, 20_000)
})
