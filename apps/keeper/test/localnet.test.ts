/**
 * Issue #14, section 1: the keeper's real-chain path (`connectSigningClient` of
 * `@rebalancer/adapters/cosmjs`, cosmjs's signing client, `RebalancerClient.tick`) drives the
 * scenario's localnet served over HTTP by `serveScenario`: one whole cycle, makers bidding
 * in-process, supply conserved.
 */
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { RebalancerClient } from '@rebalancer/adapters'
import { connectSigningClient } from '@rebalancer/adapters/cosmjs'
import { afterAll, describe, expect, it } from 'vitest'
import { type ServedScenario, serveScenario } from '../src/localnet.js'

let served: ServedScenario | undefined
const dir = join(tmpdir(), `rebalancer-localnet-${process.pid}`)
afterAll(async () => {
  await served?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('rebalancer-keeper localnet', () => {
  it('serves the scenario over HTTP; the keeper runs one cycle through cosmjs', async () => {
    mkdirSync(dir, { recursive: true })
    const networkOut = join(dir, 'network.json')
    const mnemonicOut = join(dir, 'mnemonic.txt')
    served = await serveScenario({ port: 0, speed: 0, networkOut, mnemonicOut })
    const { sim, network } = served
    // the files the keeper's `start --config … --mnemonic-file …` reads
    expect(JSON.parse(readFileSync(networkOut, 'utf8'))).toEqual(network)
    expect(network.rpc).toBe(served.server.url)
    expect(readFileSync(mnemonicOut, 'utf8').trim()).toBe(served.mnemonic)
    expect(statSync(mnemonicOut).mode & 0o777).toBe(0o600)
    expect(sim.net.query(network.contracts.auctions_manager, 'get_server_addr' as never)).toBe(served.keeper)

    const { client, sender } = await connectSigningClient({
      rpcUrl: network.rpc,
      mnemonic: readFileSync(mnemonicOut, 'utf8'),
      prefix: network.prefix,
      gasPrice: network.gas_price,
    })
    expect(sender).toBe(served.keeper)
    const rc = new RebalancerClient(
      client,
      {
        rebalancer: network.contracts.rebalancer,
        auctionsManager: network.contracts.auctions_manager,
        oracle: network.contracts.oracle,
      },
      sender,
    )
    const feesBefore = sim.net.balance(served.keeper, 'untrn')
    sim.net.advanceTime(sim.start - sim.net.time)
    const first = await rc.tick({ durationBlocks: network.auction_duration_blocks })
    expect(first.due).toBe(true)
    expect(first.rebalanceCalls).toBeGreaterThan(0)
    expect(first.opened).toBeGreaterThan(0)
    await served.idle() // the makers bid in what opened
    expect(served.auctions).toHaveLength(first.opened)
    expect(served.auctions.some((a) => a.fills.length > 0)).toBe(true)
    sim.net.advanceBlocks(network.auction_duration_blocks + 1)
    const last = await rc.tick({ durationBlocks: network.auction_duration_blocks })
    expect(last.finished).toBe(first.opened)
    expect(last.report.finished.transfers.length).toBeGreaterThan(0)
    // every transaction went over HTTP, signed and paid for
    expect(sim.net.balance(served.keeper, 'untrn')).toBeLessThan(feesBefore)
    expect(sim.net.supplyProblems()).toEqual([])
    client.disconnect()
  }, 300_000)
})

describe('the localnet command line', () => {
  it('refuses a negative speed or port naming the option, before serving anything', async () => {
    const { Command } = await import('commander')
    const { registerLocalnetCommand } = await import('../src/localnet.js')
    for (const [args, message] of [
      [['--speed', '-1'], '--speed: must be a number ≥ 0'],
      [['--port', 'x'], '--port: must be a number ≥ 0'],
    ] as const) {
      const program = new Command().exitOverride().configureOutput({ writeErr: () => {} })
      registerLocalnetCommand(program).exitOverride()
      await expect(program.parseAsync(['node', 'rebalancer-keeper', 'localnet', ...args])).rejects.toThrow(
        message,
      )
    }
  })
})
