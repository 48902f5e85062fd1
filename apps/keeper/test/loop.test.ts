import { spawn } from 'node:child_process'
import { EventEmitter } from 'node:events'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { RebalancerClient } from '@rebalancer/adapters'
import { exampleWorld } from '@rebalancer/localnet/testing'
import type { ChainClient } from '@rebalancer/types'
import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { checkServer, feeDenom, runKeeperLoop, StopSignal, stopOnSignals } from '../src/loop.js'

const CLI = join(__dirname, '..', 'dist', 'cli.js')
const T0 = Date.UTC(2024, 0, 1) / 1000

function capture() {
  const lines: { level: number; msg: string; [k: string]: unknown }[] = []
  const log = pino({ level: 'info' }, { write: (l: string) => lines.push(JSON.parse(l)) })
  return { lines, log }
}

function world() {
  const { net, d, keeper } = exampleWorld({ cycleStart: T0 })
  net.advanceTime(T0 - net.time)
  const addresses = { rebalancer: d.rebalancer, auctionsManager: d.auctionsManager, oracle: d.oracle }
  return { net, d, keeper, addresses }
}

describe('stopping the loop', () => {
  it('a stop asked while a tick sends finishes that tick, starts no other, and says it stopped cleanly', async () => {
    const { net, d, keeper, addresses } = world()
    const port = net.client(keeper)
    const stop = new StopSignal()
    let sends = 0
    // the stop arrives with the tick's first transaction (update_price), as a SIGTERM would
    const chain: ChainClient = {
      queryContractSmart: (a, q) => port.queryContractSmart(a, q),
      getBalance: (a, denom) => port.getBalance(a, denom),
      getHeight: () => port.getHeight(),
      getBlock: (h) => port.getBlock(h),
      execute: (...args) => {
        sends += 1
        stop.stop('SIGTERM')
        return port.execute(...args)
      },
      instantiate: (...args) => port.instantiate(...args),
    }
    const { lines, log } = capture()
    await runKeeperLoop({
      rc: new RebalancerClient(chain, addresses, keeper),
      log,
      durationBlocks: 100,
      pollMs: 3_600_000, // a wait this long would time the test out: the stop ends it at once
      stop,
    })
    // the whole tick ran: 2 prices, the rebalance and the opening, and its auction holds the funds
    expect(sends).toBe(4)
    expect(net.balance(d.auctions['uatom|untrn']!, 'uatom')).toBeGreaterThan(0n)
    expect(lines.filter((l) => l.msg === 'tick')).toHaveLength(1)
    expect(lines.at(-1)).toMatchObject({ msg: 'keeper stopped cleanly', signal: 'SIGTERM' })
  })

  it('SIGTERM and SIGINT ask for a stop; a second signal exits at once with 128 + its number', () => {
    const proc = Object.assign(new EventEmitter(), { exit: (code: number) => exits.push(code) })
    const exits: number[] = []
    const stop = new StopSignal()
    const { lines, log } = capture()
    const remove = stopOnSignals(stop, log, proc as unknown as NodeJS.Process)
    proc.emit('SIGINT')
    expect(stop.reason).toBe('SIGINT')
    expect(exits).toEqual([])
    expect(lines.at(-1)).toMatchObject({
      msg: 'stopping: the tick in flight finishes first',
      signal: 'SIGINT',
    })
    proc.emit('SIGTERM')
    expect(exits).toEqual([143])
    remove()
    expect(proc.listenerCount('SIGTERM') + proc.listenerCount('SIGINT')).toBe(0)
  })
})

describe('start-up checks', () => {
  it("warns when the keeper is not the auctions manager's server, not when it is", async () => {
    const { net, keeper, addresses } = world()
    const other = net.makeAddress('other')
    const { lines, log } = capture()
    expect(await checkServer(new RebalancerClient(net.client(keeper), addresses, keeper), log)).toBe(true)
    expect(lines).toEqual([])
    expect(await checkServer(new RebalancerClient(net.client(other), addresses, other), log)).toBe(false)
    expect(lines).toEqual([
      expect.objectContaining({
        level: 40,
        msg: "the keeper is not the auctions manager's server: the chain will refuse its open_auction",
        sender: other,
        server: keeper,
      }),
    ])
  })

  it('takes the fee denom from the gas price', () => {
    expect(feeDenom('0.0053untrn')).toBe('untrn')
    expect(feeDenom('1ibc/ABC')).toBe('ibc/ABC')
    expect(() => feeDenom('untrn')).toThrow(/gas price must be an amount and a denom/)
  })
})

/**
 * A CometBFT JSON-RPC stub: `status` answers (so cosmjs connects), every other call fails as a
 * node without the contracts would. `hold` may keep a request unanswered until released.
 */
function stubRpc(hold: (method: string, params: { path?: string }) => boolean) {
  const held: ServerResponse[] = []
  const status = {
    node_info: {
      protocol_version: { p2p: '8', block: '11', app: '0' },
      id: 'aa'.repeat(20),
      listen_addr: 'tcp://127.0.0.1:26656',
      network: 'stub-1',
      version: '0.38.17',
      channels: '40',
      moniker: 'stub',
      other: { tx_index: 'on', rpc_address: 'tcp://127.0.0.1:26657' },
    },
    sync_info: {
      latest_block_hash: 'AB'.repeat(32),
      latest_app_hash: 'CD'.repeat(32),
      latest_block_height: '10',
      latest_block_time: '2024-01-01T00:00:00.000000000Z',
      catching_up: false,
    },
    validator_info: {
      address: 'EF'.repeat(20),
      pub_key: { type: 'tendermint/PubKeyEd25519', value: Buffer.alloc(32, 1).toString('base64') },
      voting_power: '10',
    },
  }
  const fail = (res: ServerResponse, id: unknown) =>
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(
        JSON.stringify({ jsonrpc: '2.0', id, error: { code: -32603, message: 'stub: no contracts here' } }),
      )
  const server = createServer((req: IncomingMessage, res) => {
    let body = ''
    req.on('data', (c) => {
      body += c
    })
    req.on('end', () => {
      const { id, method, params } = JSON.parse(body) as {
        id: unknown
        method: string
        params?: { path?: string }
      }
      if (method === 'status')
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ jsonrpc: '2.0', id, result: status }))
      else if (hold(method, params ?? {})) held.push(Object.assign(res, { rpcId: id }))
      else fail(res, id)
    })
  })
  return {
    listen: () =>
      new Promise<string>((r) =>
        server.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
      ),
    /** Answers every held request (with the failure). */
    release: () => {
      for (const res of held.splice(0)) fail(res, (res as unknown as { rpcId: unknown }).rpcId)
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
}

describe('the built CLI in loop mode', () => {
  it('serves /metrics and /healthz; on SIGTERM finishes the tick in flight, then exits 0 saying it stopped cleanly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keeper-loop-'))
    const mnemonic = join(dir, 'm.txt')
    // the BIP-39 test mnemonic: public, holds nothing
    writeFileSync(mnemonic, `${'abandon '.repeat(11)}about\n`)
    const lines: { msg: string; [k: string]: unknown }[] = []
    let firstIterationDone = false
    let sent = false
    let child: ReturnType<typeof spawn> | undefined
    // after the first tick (it fails: the stub has no contracts) and its gas read, the next
    // request is the second tick's: hold it and send SIGTERM while it is in flight
    const rpc = stubRpc((_method, params) => {
      // not the gas read (a bank balance query) that ends an iteration: the next tick's first request
      if (!firstIterationDone || sent || params.path?.includes('bank')) return false
      sent = true
      child!.kill('SIGTERM')
      return true
    })
    const url = await rpc.listen()
    child = spawn(
      'node',
      [
        CLI,
        'start',
        '--network',
        'neutron-1',
        '--rpc',
        url,
        '--mnemonic-file',
        mnemonic,
        '--poll-seconds',
        '1',
        '--metrics-port',
        '0',
      ],
      { env: { ...process.env, REBALANCER_MNEMONIC: '' } },
    )
    let buffer = ''
    let metricsUrl = ''
    const scraped: Promise<{ health: number; body: string; metrics: string }>[] = []
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      buffer += d
      for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
        const line = JSON.parse(buffer.slice(0, i)) as { msg: string; url?: string }
        buffer = buffer.slice(i + 1)
        lines.push(line)
        if (line.msg === 'serving /metrics and /healthz') metricsUrl = line.url!
        // the first tick has failed (no contracts): not healthy; its failure is counted
        if (line.msg === 'cannot read the gas balance' && scraped.length === 0) {
          scraped.push(
            (async () => {
              const h = await fetch(`${metricsUrl}/healthz`)
              const body = await h.text()
              const metrics = await (await fetch(`${metricsUrl}/metrics`)).text()
              firstIterationDone = true
              return { health: h.status, body, metrics }
            })(),
          )
        }
        // the keeper has seen the signal: let the held request fail, which ends the tick
        if (line.msg.startsWith('stopping')) rpc.release()
      }
    })
    const code = await new Promise<number | null>((r) => child!.on('close', r))
    await rpc.close()
    const msgs = lines.map((l) => l.msg)
    expect(code, msgs.join('\n')).toBe(0)
    const first = await scraped[0]!
    expect(first.health).toBe(503)
    expect(first.body).toBe('no_good_tick_yet\n')
    expect(first.metrics).toMatch(/^rebalancer_keeper_ticks_total\{result="failed"\} [1-9]/m)
    expect(first.metrics).toMatch(/^rebalancer_keeper_process_cpu_seconds_total /m)
    const stopping = msgs.indexOf('stopping: the tick in flight finishes first')
    expect(stopping).toBeGreaterThan(0)
    // the tick in flight at the signal ended after it, and no other tick started
    expect(msgs.slice(stopping).filter((m) => m === 'tick failed')).toHaveLength(1)
    expect(lines.at(-1)).toMatchObject({ msg: 'keeper stopped cleanly', signal: 'SIGTERM' })
    // the metrics server closed with the keeper
    await expect(fetch(`${metricsUrl}/healthz`)).rejects.toThrow()
  }, 60_000)

  it('a metrics port that is taken is a configuration error (exit 3) naming the options, not the host', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keeper-port-'))
    const mnemonic = join(dir, 'm.txt')
    writeFileSync(mnemonic, `${'abandon '.repeat(11)}about\n`)
    const rpc = stubRpc(() => false)
    const url = await rpc.listen()
    const taken = Number(new URL(url).port) // the stub's own port
    const child = spawn('node', [
      ...[CLI, 'start', '--network', 'neutron-1', '--rpc', url, '--mnemonic-file', mnemonic],
      ...['--metrics-port', String(taken), '--metrics-host', '127.0.0.1'],
    ])
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d
    })
    const code = await new Promise<number | null>((r) => child.on('close', r))
    await rpc.close()
    expect(code, stderr).toBe(3)
    expect(stderr).toMatch(/^error: cannot listen on --metrics-port\/--metrics-host: EADDRINUSE$/m)
  }, 60_000)
})
