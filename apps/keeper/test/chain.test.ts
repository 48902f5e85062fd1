import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { RebalancerClient } from '@rebalancer/adapters'
import { exampleWorld } from '@rebalancer/localnet/testing'
import { DEFAULT_SCENARIO, RebalancerError } from '@rebalancer/types'
import fc from 'fast-check'
import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { dryRun, isNetworkConfigFile, logTickEvents, networkFrom, readMnemonic } from '../src/chain.js'
import { ConfigError } from '../src/config.js'

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
      /^unknown --network preset \(the value given is not shown\), expected one of neutron-1$/,
    )
    expect(isNetworkConfigFile({ rpc: 'x' })).toBe(true)
    expect(isNetworkConfigFile({ start: '2024-01-01', accounts: [] })).toBe(false)
  })
})

describe('network config fuzz', () => {
  const FIELDS = ['chain_id', 'rpc', 'prefix', 'gas_price', 'contracts', 'denoms', 'auction_duration_blocks']
  const value = fc.oneof(
    fc.constantFrom<unknown>(
      undefined,
      null,
      true,
      0,
      -1,
      1.5,
      1e21,
      '',
      [],
      {},
      'neutron',
      'http://127.0.0.1:1',
    ),
    fc.string({ maxLength: 20 }),
    fc.dictionary(
      fc.constantFrom('rebalancer', 'oracle', 'auctions_manager', 'ATOM', 'x'),
      fc.string({ maxLength: 8 }),
    ),
  )
  it('gives a NetworkConfig or a ConfigError naming the field, never another exception nor a value', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...FIELDS, 'colour'), value, { maxKeys: 4 }),
        fc.constantFrom(undefined, 'neutron-1'),
        fc.stringMatching(/^[a-z]{4,24}$/).map((s) => `zqx${s}`),
        (override, network, secret) => {
          // the secret in an address field (whose rule quotes the value) unless the override sets one
          const networkConfig = { contracts: { rebalancer: secret }, ...override }
          try {
            networkFrom({ network, networkConfig })
          } catch (e) {
            expect(e).toBeInstanceOf(ConfigError)
            expect(RebalancerError.isInstance(e)).toBe(true)
            expect((e as ConfigError).code).toMatch(/^(unknown_network|invalid_network_config)$/)
            expect((e as Error).message).toMatch(/^invalid network config:\n {2}\S/)
            expect((e as Error).message).not.toContain(secret.slice(0, 4))
          }
        },
      ),
      { numRuns: 300 },
    )
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

  it('never prints any part of the mnemonic, whatever fails', async () => {
    // two valid BIP-39 mnemonics (public test vectors): one in the environment, one in files,
    // options and config values; none may appear, not a word of them nor their first characters
    const OTHER = 'legal winner thank year wave sausage worth useful legal winner thank yellow'
    const words = [...new Set(`${MNEMONIC} ${OTHER}`.split(' '))]
    const leaks = (text: string) => [
      ...words.filter((w) => new RegExp(`\\b${w}\\b`, 'i').test(text)),
      ...[MNEMONIC, OTHER].map((m) => m.slice(0, 4)).filter((p) => text.includes(p)),
    ]
    const file = (name: string, text: string) => {
      const f = join(dir, name)
      writeFileSync(f, text)
      return f
    }
    const mnemonicFile = file('mnemonic.txt', `${OTHER}\n`)
    const typoFile = file('typo.txt', `${OTHER.replace('sausage', 'sausages')}\n`)
    const chain = ['--network', 'neutron-1', '--rpc', 'http://127.0.0.1:9']
    const networkFile = (patch: Record<string, unknown>) =>
      file(
        `network-${Object.keys(patch).join('-')}.json`,
        JSON.stringify({ chain_id: 'test-1', prefix: 'neutron', gas_price: '0.01untrn', ...patch }),
      )
    const contracts = {
      rebalancer: 'neutron1qs6mzpmcw3dvg5l8nyywetcj326scszdj7v4pfk55xwshd4prqnqfwc0z2',
      auctions_manager: 'neutron13exc5wdc7y5qpqazc34djnu934lqvfw2dru30j52ahhjep6jzx8ssjxcyz',
      oracle: 'neutron1s8uqyh0mmh8g66s2dectf56c08y6fvusp39undp8kf4v678ededsy6tstf',
    }
    const scenarioFile = (patch: Record<string, unknown>) =>
      file(`scenario-${Object.keys(patch).join('-')}.json`, JSON.stringify({ ...DEFAULT_SCENARIO, ...patch }))
    const cases: { name: string; args: string[]; top?: boolean }[] = [
      // the signer's own paths: the mnemonic in the environment or a file, the chain unreachable
      { name: 'env, --once', args: [...chain, '--once'] },
      { name: 'env, --dry-run', args: [...chain, '--dry-run'] },
      { name: 'env, no rpc', args: ['--network', 'neutron-1'] },
      { name: 'file, --once', args: [...chain, '--once', '--mnemonic-file', mnemonicFile] },
      { name: 'file, --dry-run', args: [...chain, '--dry-run', '--mnemonic-file', mnemonicFile] },
      { name: 'file with a typo', args: [...chain, '--once', '--mnemonic-file', typoFile] },
      // the mnemonic given to the wrong option
      { name: '--network <mnemonic>', args: ['--network', OTHER] },
      { name: '--rpc <mnemonic>', args: ['--network', 'neutron-1', '--rpc', OTHER] },
      { name: '--mnemonic-env <mnemonic>', args: [...chain, '--mnemonic-env', OTHER] },
      { name: '--mnemonic-file <mnemonic>', args: [...chain, '--mnemonic-file', OTHER] },
      { name: '--sender <mnemonic>', args: [...chain, '--dry-run', '--sender', OTHER] },
      { name: '--poll-seconds <mnemonic>', args: [...chain, '--poll-seconds', OTHER] },
      { name: '--metrics-port <mnemonic>', args: [...chain, '--metrics-port', OTHER] },
      { name: '--min-gas-balance <mnemonic>', args: [...chain, '--min-gas-balance', OTHER] },
      { name: '--health-polls <mnemonic>', args: [...chain, '--health-polls', OTHER] },
      { name: '--config <mnemonic>', args: ['--config', OTHER] },
      { name: '--prices <mnemonic>', args: ['--prices', OTHER] },
      { name: '--start <mnemonic>', args: ['--start', OTHER] },
      { name: '--mnemonic <words>', args: ['--mnemonic', ...OTHER.split(' ')] },
      { name: '--mnemonic=<mnemonic>', args: [`--mnemonic=${OTHER}`] },
      { name: '--network=<mnemonic>', args: [`--network=${OTHER}`] },
      { name: 'start <words>', args: OTHER.split(' ') },
      { name: '<words> as the command', args: OTHER.split(' '), top: true },
      // the mnemonic in a --config file
      {
        name: 'broken YAML',
        args: ['--config', file('broken.yaml', `rpc: http://x\nmnemonic: ${OTHER}\n  bad: [\n`)],
      },
      {
        name: 'YAML, a bad alias',
        args: ['--config', file('alias.yaml', `rpc: *${OTHER.replaceAll(' ', '_')}\n`)],
      },
      { name: 'the mnemonic as JSON', args: ['--config', file('mnemonic.json', `${OTHER}\n`)] },
      { name: 'broken JSON', args: ['--config', file('broken.json', `{"mnemonic": "${OTHER}", `)] },
      { name: 'the mnemonic as YAML', args: ['--config', file('mnemonic.yaml', `${OTHER}\n`)] },
      {
        name: 'network config, unknown field',
        args: ['--config', networkFile({ mnemonic: OTHER, contracts })],
      },
      // a valid config but for its chain id (free text): the RPC check must not repeat it
      { name: 'network config chain_id', args: ['--config', networkFile({ chain_id: OTHER, contracts })] },
      {
        name: 'network config, every other field',
        args: [
          '--config',
          networkFile({
            rpc: OTHER,
            prefix: OTHER,
            gas_price: OTHER,
            contracts: { rebalancer: OTHER, auctions_manager: OTHER, oracle: OTHER, services_manager: OTHER },
            denoms: { ATOM: OTHER },
            auction_duration_blocks: OTHER,
          }),
        ],
      },
      { name: 'scenario prices', args: ['--config', scenarioFile({ prices: OTHER })] },
      {
        name: 'scenario, every other field',
        args: [
          '--config',
          scenarioFile({
            start: OTHER,
            end: OTHER,
            denoms: { untrn: { symbol: OTHER, decimals: OTHER } },
            accounts: [
              {
                ...DEFAULT_SCENARIO.accounts[0],
                name: 7,
                base_denom: OTHER,
                speed: OTHER,
                target_override_strategy: OTHER,
                initial: [{ denom: 'untrn', amount: OTHER }],
              },
            ],
            market_makers: [{ name: 'm', margin_bps: OTHER, inventory_usd: OTHER }],
          }),
        ],
      },
    ]
    const env = { ...process.env, REBALANCER_MNEMONIC: MNEMONIC }
    const run = (c: (typeof cases)[number]) =>
      new Promise<{ name: string; status: number | null; stdout: string; stderr: string }>((done) => {
        const child = spawn('node', [CLI, ...(c.top ? [] : ['start']), ...c.args], { env })
        let stdout = ''
        let stderr = ''
        child.stdout.setEncoding('utf8').on('data', (d: string) => {
          stdout += d
        })
        child.stderr.setEncoding('utf8').on('data', (d: string) => {
          stderr += d
        })
        child.on('close', (status) => done({ name: c.name, status, stdout, stderr }))
      })
    const results = []
    for (let k = 0; k < cases.length; k += 8)
      results.push(...(await Promise.all(cases.slice(k, k + 8).map(run))))
    for (const r of results) {
      const out = `${r.stdout}${r.stderr}`
      expect(r.status, `${r.name}: ${out}`).not.toBe(0)
      expect(r.stderr, r.name).toMatch(/^error: /m)
      expect(leaks(out), `${r.name}: ${out}`).toEqual([])
    }
  }, 300_000)

  it('refuses to run without a signer, saying where it looked', () => {
    const env = { ...process.env }
    delete env.REBALANCER_MNEMONIC
    const r = spawnSync('node', [CLI, 'start', '--network', 'neutron-1', '--rpc', 'http://127.0.0.1:9'], {
      encoding: 'utf8',
      env,
    })
    expect(r.status).toBe(3) // a configuration error
    expect(r.stderr).toMatch(/no signer: give --mnemonic-file <path> or set REBALANCER_MNEMONIC/)
  })
})

describe('keeper ticks over the chain port (a localnet here, a SigningCosmWasmClient on a chain)', () => {
  function setup() {
    const T0 = Date.UTC(2024, 0, 1) / 1000
    const M = 1_000_000n
    // 1000 ATOM in a 75/25 ATOM/NTRN P-only account, oracle fallback at 1.5 NTRN per ATOM
    const { net, d, keeper, account } = exampleWorld({ cycleStart: T0 })
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
    const { report, ...first } = await rc.tick({ durationBlocks: 100, onEvent: logTickEvents(silent) })
    expect(report.opened).toEqual([{ pair: ['uatom', 'untrn'], ok: true }])
    expect(first).toEqual({
      due: true,
      finished: 0,
      prices: { ok: 2, failed: 0 },
      rebalanceCalls: 1,
      accounts: 1,
      opened: 1,
      skipped: 0,
    })
    expect(net.balance(d.auctions['uatom|untrn']!, 'uatom')).toBe(125n * M)
    // not due again until tomorrow: the auction has not ended, so nothing is sent
    const before = net.snapshot()
    expect(await rc.tick({ durationBlocks: 100 })).toMatchObject({ due: false, finished: 0 })
    expect(net.snapshot().map).toEqual(before.map)
    net.advanceBlocks(101)
    expect(await rc.tick({ durationBlocks: 100 })).toMatchObject({ due: false, finished: 1 })
    // nobody bid: the seller gets its deposit back
    expect(net.balance(account, 'uatom')).toBe(1000n * M)
  })

  it('a failed step goes to the event sink (the keeper logs it as a warning) and does not stop the others', async () => {
    const { net, rc, d } = setup()
    // the oracle has no price for uatom/untrn: update_price fails for that pair only
    net.priceSource = (p) => (p[0] === 'uatom' ? undefined : '0.666666666666666666')
    const lines: { msg: string; step?: string; pair?: string[] }[] = []
    const log = pino({ level: 'warn' }, { write: (l: string) => lines.push(JSON.parse(l)) })
    const events: string[] = []
    const summary = await rc.tick({
      durationBlocks: 100,
      onEvent: (e) => {
        events.push(e.type === 'valence_event' ? e.event.action : e.type)
        logTickEvents(log)(e)
      },
    })
    expect(summary.prices).toEqual({ ok: 1, failed: 1 })
    expect(events).toContain('step_failed')
    expect(events).toContain('oracle-update-price')
    expect(lines).toEqual([
      expect.objectContaining({ msg: 'update_price failed', step: 'update_price', pair: ['uatom', 'untrn'] }),
    ])
    expect(net.balance(d.auctions['uatom|untrn']!, 'uatom')).toBe(0n)
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
