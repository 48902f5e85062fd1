import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { RebalancerClient } from '@rebalancer/adapters'
import { createAccount, exampleDeployment } from '@rebalancer/localnet'
import { Dec } from '@rebalancer/types'
import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { dryRun, isNetworkConfigFile, networkFrom, readMnemonic, tick } from '../src/chain.js'

const CLI = join(__dirname, '..', 'dist', 'cli.js')
const dir = mkdtempSync(join(tmpdir(), 'keeper-chain-'))
// the BIP-39 test mnemonic: public, holds nothing
const MNEMONIC =
  'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'
const silent = pino({ level: 'silent' })

describe('network config', () => {
  it('resolves the neutron-1 preset with the public mainnet addresses', () => {
    const n = networkFrom({ network: 'neutron-1' })
    expect(n.chain_id).toBe('neutron-1')
    expect(n.contracts.rebalancer).toBe('neutron1qs6mzpmcw3dvg5l8nyywetcj326scszdj7v4pfk55xwshd4prqnqfwc0z2')
    expect(n.contracts.auctions_manager).toBe(
      'neutron13exc5wdc7y5qpqazc34djnu934lqvfw2dru30j52ahhjep6jzx8ssjxcyz',
    )
    expect(n.rpc).toBeUndefined()
  })

  it('lets a config file and --rpc override any preset field', () => {
    const n = networkFrom({
      network: 'neutron-1',
      rpc: 'http://127.0.0.1:26657',
      networkConfig: {
        gas_price: '0.01untrn',
        contracts: { oracle: 'neutron1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqhufaa6' },
      },
    })
    expect(n.rpc).toBe('http://127.0.0.1:26657')
    expect(n.gas_price).toBe('0.01untrn')
    expect(n.contracts.oracle).toBe('neutron1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqhufaa6')
    expect(n.contracts.rebalancer).toBe('neutron1qs6mzpmcw3dvg5l8nyywetcj326scszdj7v4pfk55xwshd4prqnqfwc0z2')
  })

  it('names the field and the rule of a bad config, and unknown presets', () => {
    expect(() => networkFrom({ network: 'neutron-1', rpc: 'localhost:26657' })).toThrow(
      /rpc: must be an http\(s\) or ws\(s\) URL/,
    )
    expect(() => networkFrom({ network: 'neutron-1', networkConfig: { gas: 1 } })).toThrow(/gas/)
    expect(() => networkFrom({ network: 'osmosis-1' })).toThrow(
      /unknown network "osmosis-1", expected one of neutron-1/,
    )
    expect(isNetworkConfigFile({ rpc: 'x' })).toBe(true)
    expect(isNetworkConfigFile({ start: '2024-01-01', accounts: [] })).toBe(false)
  })
})

describe('the signer', () => {
  it('reads the mnemonic from a file or an environment variable', () => {
    const f = join(dir, 'm.txt')
    writeFileSync(f, `${MNEMONIC}\n`)
    expect(readMnemonic({ mnemonicFile: f })).toBe(MNEMONIC)
    expect(readMnemonic({ mnemonicEnv: 'K_M' }, { K_M: MNEMONIC })).toBe(MNEMONIC)
    expect(readMnemonic({}, {})).toBeUndefined()
    expect(() => readMnemonic({ mnemonicFile: join(dir, 'nope') })).toThrow(
      /cannot read --mnemonic-file .*ENOENT/,
    )
  })

  it('never prints the mnemonic, whatever fails', () => {
    const env = { ...process.env, REBALANCER_MNEMONIC: MNEMONIC }
    for (const args of [
      ['--network', 'neutron-1', '--rpc', 'http://127.0.0.1:9', '--once'],
      ['--network', 'neutron-1', '--rpc', 'http://127.0.0.1:9', '--dry-run'],
      ['--network', 'neutron-1'],
    ]) {
      const r = spawnSync('node', [CLI, 'start', ...args], { encoding: 'utf8', env, timeout: 60_000 })
      expect(r.status, args.join(' ')).toBe(1)
      expect(`${r.stdout}${r.stderr}`).not.toMatch(/abandon/)
      expect(r.stderr).toMatch(/^error: /m)
    }
  })

  it('refuses to run without a signer, saying where it looked', () => {
    const env = { ...process.env }
    delete env.REBALANCER_MNEMONIC
    const r = spawnSync('node', [CLI, 'start', '--network', 'neutron-1', '--rpc', 'http://127.0.0.1:9'], {
      encoding: 'utf8',
      env,
    })
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/no signer: give --mnemonic-file <path> or set REBALANCER_MNEMONIC/)
  })
})

describe('keeper ticks over the chain port (a localnet here, a SigningCosmWasmClient on a chain)', () => {
  function setup() {
    const T0 = Date.UTC(2024, 0, 1) / 1000
    const M = 1_000_000n
    const { net, d, keeper } = exampleDeployment({
      cycleStart: T0,
      priceSource: (p) => (p[0] === 'uatom' ? '1.5' : '0.666666666666666666'),
    })
    const owner = net.makeAddress('owner')
    net.mint(owner, [{ denom: 'uatom', amount: 1000n * M }])
    const account = createAccount(
      net,
      d,
      owner,
      {
        baseDenom: 'uatom',
        targets: [
          { denom: 'uatom', bps: 7500 },
          { denom: 'untrn', bps: 2500 },
        ],
        pid: { p: Dec.parse('0.5'), i: Dec.ZERO, d: Dec.ZERO },
        maxLimitBps: 10_000,
        targetOverrideStrategy: 'proportional',
      },
      { funds: [{ denom: 'uatom', amount: 1000n * M }] },
    )
    net.advanceTime(T0 - net.time)
    const rc = new RebalancerClient(
      net.client(keeper),
      { rebalancer: d.rebalancer, auctionsManager: d.auctionsManager, oracle: d.oracle },
      keeper,
    )
    return { net, d, rc, account, keeper, M }
  }

  it('a due tick updates prices, rebalances and opens auctions; the next tick finishes them when they end', async () => {
    const { net, d, rc, account, M } = setup()
    const first = await tick(rc, 100, silent)
    expect(first).toEqual({
      due: true,
      finished: 0,
      prices: { ok: 2, failed: 0 },
      rebalanceCalls: 1,
      accounts: 1,
      opened: 1,
    })
    expect(net.balance(d.auctions['uatom|untrn']!, 'uatom')).toBe(125n * M)
    // not due again until tomorrow: the auction has not ended, so nothing is sent
    const before = net.snapshot()
    expect(await tick(rc, 100, silent)).toMatchObject({ due: false, finished: 0 })
    expect(net.snapshot().map).toEqual(before.map)
    net.advanceBlocks(101)
    expect(await tick(rc, 100, silent)).toMatchObject({ due: false, finished: 1 })
    // nobody bid: the seller gets its deposit back
    expect(net.balance(account, 'uatom')).toBe(1000n * M)
  })

  it('a dry run lists the messages of the next tick as CosmosMsgs and sends nothing', async () => {
    const { net, rc, d, keeper } = setup()
    const before = net.snapshot()
    const plan = (await dryRun(rc, 100)) as { step: string; sender: string; msg: any }[]
    expect(plan.map((p) => p.step)).toEqual(['update_price', 'update_price', 'system_rebalance'])
    expect(plan.every((p) => p.sender === keeper)).toBe(true)
    const rebalance = plan[2]!.msg.wasm.execute
    expect(rebalance.contract_addr).toBe(d.rebalancer)
    expect(JSON.parse(Buffer.from(rebalance.msg, 'base64').toString())).toEqual({
      system_rebalance: { limit: 50 },
    })
    expect(net.snapshot().map).toEqual(before.map)
  })
})
