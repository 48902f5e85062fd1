/**
 * Real-chain helpers: retries with backoff on RPC errors (not on contract errors, not on
 * execute unless asked), the mnemonic signer's address, and the port a cosmjs client satisfies.
 */
import type { CosmWasmClient, SigningCosmWasmClient } from '@cosmjs/cosmwasm'
import type { ChainClient, ChainReader } from '@rebalancer/types'
import { describe, expect, it } from 'vitest'
import { addressFromMnemonic, isRetryableRpcError, type TxClient, withRetries } from '../src/cosmjs.js'

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
