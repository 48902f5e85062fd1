/**
 * Issue #14, "Faults": a broadcast whose answer is lost must not make a step go out twice. The
 * signing client's `executeSigned` signs first, hands the hash to the journal, broadcasts, and
 * settles a lost answer by looking the hash up and broadcasting the same bytes again. Exercised
 * over HTTP against the localnet served by `startRpcServer`, through a loopback proxy that
 * forwards a broadcast and then drops its answer.
 */
import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Bip39, sha256 } from '@cosmjs/crypto'
import { toUtf8 } from '@cosmjs/encoding'
import { deployRebalancer, Localnet } from '@rebalancer/localnet'
import { type RpcServer, startRpcServer } from '@rebalancer/localnet/rpc'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addressFromMnemonic, connectSigningClient, type SigningRpcClient } from '../src/cosmjs.js'
import { MemoryTxJournal, RebalancerClient } from '../src/index.js'

const TOKEN = 1_000_000n
const PAIR = ['uatom', 'untrn'] as const
const mnemonic = Bip39.encode(sha256(toUtf8('signed send keeper')).slice(0, 32)).toString()

/**
 * A loopback proxy to `target`: while `dropBroadcasts` > 0, a `broadcast_tx_sync` is forwarded
 * (the transaction lands) and its answer is dropped (the client's connection is destroyed);
 * while `failSearches` > 0, a `tx_search` (cosmjs's lookup by hash) is answered 503.
 */
function dropProxy(target: string) {
  const state = { dropBroadcasts: 0, dropped: 0, broadcasts: 0, failSearches: 0 }
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      if (body.includes('tx_search') && state.failSearches > 0) {
        state.failSearches -= 1
        res.writeHead(503).end('busy')
        return
      }
      const isBroadcast = body.includes('broadcast_tx_sync')
      if (isBroadcast) state.broadcasts += 1
      const drop = isBroadcast && state.dropBroadcasts > 0
      if (drop) state.dropBroadcasts -= 1
      const url = new URL(req.url ?? '/', target)
      const up = request(
        url,
        { method: req.method, headers: { ...req.headers, host: url.host } },
        (answer) => {
          const back: Buffer[] = []
          answer.on('data', (c: Buffer) => back.push(c))
          answer.on('end', () => {
            if (drop) {
              state.dropped += 1
              req.socket.destroy()
              return
            }
            res.writeHead(answer.statusCode ?? 502, answer.headers)
            res.end(Buffer.concat(back))
          })
        },
      )
      up.on('error', () => req.socket.destroy())
      up.end(body)
    })
  })
  return {
    state,
    server,
    listen: () =>
      new Promise<string>((resolve) =>
        server.listen(0, '127.0.0.1', () =>
          resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
        ),
      ),
  }
}

let net: Localnet
let rpc: RpcServer
let proxy: ReturnType<typeof dropProxy>
let client: SigningRpcClient
let keeper: string
let oracle: string
let rebalancer: string
let auctionsManager: string

beforeAll(async () => {
  keeper = await addressFromMnemonic(mnemonic, 'neutron')
  const cycleStart = Date.UTC(2024, 0, 1) / 1000
  net = new Localnet({ startTime: cycleStart - 60 })
  const min = { send: TOKEN, startAuction: 10n * TOKEN }
  const d = deployRebalancer(net, {
    admin: keeper,
    server: keeper,
    denoms: [...PAIR],
    baseDenoms: [{ denom: 'uatom', minBalanceLimit: 10n * TOKEN }],
    minAmounts: { uatom: min, untrn: min },
    cycleStart,
  })
  ;({ oracle, rebalancer, auctionsManager } = d)
  net.mint(keeper, [{ denom: 'untrn', amount: 1000n * TOKEN }])
  rpc = await startRpcServer(net, { port: 0, feeDenom: 'untrn', minGasPrice: '0.0025' })
  proxy = dropProxy(rpc.url)
  const url = await proxy.listen()
  ;({ client } = await connectSigningClient({
    rpcUrl: url,
    mnemonic,
    prefix: 'neutron',
    gasPrice: '0.0025untrn',
    broadcastPollIntervalMs: 20,
    broadcastTimeoutMs: 5000,
  }))
})

afterAll(async () => {
  client?.disconnect()
  proxy?.server.close()
  await rpc?.close()
})

const sequence = () => rpc.app.account(keeper)?.sequence ?? 0n

describe('executeSigned over a lost broadcast answer', () => {
  it('names the hash before broadcasting, then finds the landed transaction: sent once', async () => {
    const seq = sequence()
    proxy.state.dropBroadcasts = 1
    const signed: string[] = []
    const res = await client.executeSigned(
      keeper,
      oracle,
      { manual_price_update: { pair: PAIR, price: '1.5' } },
      'auto',
      '',
      [],
      (hash) => {
        signed.push(hash)
        // the journal's moment: nothing is on chain yet
        expect(rpc.app.tx(hash)).toBeUndefined()
      },
    )
    expect(proxy.state.dropped).toBe(1)
    expect(signed).toEqual([res.transactionHash])
    expect(rpc.app.tx(res.transactionHash)?.result.code).toBe(0)
    // one transaction of the keeper, not two
    expect(sequence()).toBe(seq + 1n)
    expect(net.query(oracle, { get_price: { pair: PAIR } })).toMatchObject({ price: '1.5' })
  })

  it('the lookup fails too: the same bytes go out again, the node says it has them, the lookup finds them', async () => {
    net.advanceTime(7 * 86_400) // the oracle takes a manual price again once the last one is old
    const seq = sequence()
    proxy.state.dropBroadcasts = 1
    proxy.state.failSearches = 1
    const broadcasts = proxy.state.broadcasts
    const res = await client.executeSigned(
      keeper,
      oracle,
      { manual_price_update: { pair: PAIR, price: '1.7' } },
      'auto',
      '',
      [],
      () => {},
    )
    // the second broadcast was answered "tx already exists in cache" (CometBFT's JSON-RPC error)
    expect(proxy.state.broadcasts - broadcasts).toBe(2)
    expect(rpc.app.tx(res.transactionHash)?.result.code).toBe(0)
    expect(sequence()).toBe(seq + 1n)
  })

  it('cosmjs execute, for contrast: the same lost answer throws without a hash though the tx landed', async () => {
    const seq = sequence()
    proxy.state.dropBroadcasts = 1
    const error = await client
      .execute(keeper, oracle, { manual_price_update: { pair: [PAIR[1], PAIR[0]], price: '0.6' } }, 'auto')
      .then(
        () => undefined,
        (e: unknown) => e,
      )
    expect(error).toBeInstanceOf(Error)
    expect((error as { txId?: string }).txId).toBeUndefined()
    expect(sequence()).toBe(seq + 1n) // it landed: a retry would send it a second time
  })

  it('a message the contract refuses: at simulation nothing is signed; with a fixed fee it fails in its block, hash named', async () => {
    const seq = sequence()
    const refused = { manual_price_update: { pair: PAIR, price: '2' } } // terms not met: a price exists
    const signed: string[] = []
    await expect(
      client.executeSigned(keeper, oracle, refused, 'auto', '', [], (h) => {
        signed.push(h)
      }),
    ).rejects.toThrow(/terms are not met/)
    expect(signed).toEqual([])
    expect(sequence()).toBe(seq)
    // a fixed fee: no simulation, the transaction is signed, lands and fails in its block
    const fee = { amount: [{ denom: 'untrn', amount: '2000' }], gas: '400000' }
    const error = await client
      .executeSigned(keeper, oracle, refused, fee, '', [], (h) => {
        signed.push(h)
      })
      .then(
        () => undefined,
        (e: unknown) => e as Error,
      )
    expect(signed).toHaveLength(1)
    expect(error?.message).toContain(`Error when broadcasting tx ${signed[0]}`)
    expect(error?.message).toMatch(/terms are not met/)
    expect(rpc.app.tx(signed[0]!)?.result.code).not.toBe(0)
    expect(sequence()).toBe(seq + 1n)
  })

  it("through the RebalancerClient's journal: a dropped answer of system_rebalance, one call on chain, committed once", async () => {
    net.advanceTime(120)
    const journal = new MemoryTxJournal()
    const rc = new RebalancerClient(client, { rebalancer, auctionsManager, oracle }, keeper, 'auto', {
      journal,
    })
    const seq = sequence()
    proxy.state.dropBroadcasts = 1
    const { calls } = await rc.systemRebalance()
    expect(calls).toBe(1)
    expect(sequence()).toBe(seq + 1n)
    expect(journal.all()).toEqual([
      expect.objectContaining({ step: 'system_rebalance', pair: null, status: 'committed' }),
    ])
    expect(rpc.app.tx(journal.all()[0]!.hash)?.result.code).toBe(0)
  })
})
