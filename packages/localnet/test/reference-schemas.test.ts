/**
 * The localnet against the deployed contracts' published JSON schemas (reference/
 * valence-services-v0.1.6, with the documented corrections of reference/schemas.mjs), issue #9,
 * section 2: every instance generated from the real schemas (every variant at every depth,
 * optional fields present, absent and null) is decoded by the localnet's contracts — it may be
 * refused by the contract's rules, never as a message the contract cannot read, and never with a
 * JavaScript exception — and every query answer validates against the real response schema.
 */

import { Dec, type JsonValue, type RebalancerConfig } from '@rebalancer/types'
import { Ajv } from 'ajv'
import { describe, expect, it } from 'vitest'
import {
  CONTRACTS,
  generateInstances,
  loadReferenceSchemas,
  schemaValidator,
  variantNames,
  variantOf,
} from '../../../reference/schemas.mjs'
import { createAccount, exampleDeployment, type Localnet } from '../src/index.js'

const REF = loadReferenceSchemas()
const schemaErrors = schemaValidator(Ajv)

const M = 1_000_000n
const T0 = Date.UTC(2024, 0, 1) / 1000
const CONFIG: RebalancerConfig = {
  baseDenom: 'uatom',
  targets: [
    { denom: 'uatom', bps: 5000 },
    { denom: 'untrn', bps: 5000 },
  ],
  pid: { p: Dec.parse('0.1'), i: Dec.ZERO, d: Dec.ZERO },
  maxLimitBps: 10_000,
  targetOverrideStrategy: 'proportional',
}

/** A deployment with a registered account, a paused one, prices, and a running ATOM→NTRN auction. */
function world() {
  const { net, d, admin, keeper } = exampleDeployment({
    cycleStart: T0,
    priceSource: (pair) => (pair[0] === 'uatom' ? '1.5' : '0.666666666666666667'),
    fees: { denom: 'untrn', register: M, resume: M },
  })
  net.execute(keeper, d.oracle, { update_price: { pair: ['uatom', 'untrn'] } })
  net.execute(keeper, d.oracle, { update_price: { pair: ['untrn', 'uatom'] } })
  const owner = net.makeAddress('owner')
  const funds = [
    { denom: 'uatom', amount: 100n * M },
    { denom: 'untrn', amount: 101n * M },
  ]
  net.mint(owner, funds)
  const account = createAccount(net, d, owner, CONFIG, { label: 'a', funds })
  const owner2 = net.makeAddress('owner2')
  net.mint(owner2, funds)
  const paused = createAccount(net, d, owner2, CONFIG, { label: 'b', funds })
  net.execute(owner2, paused, { pause_service: { service_name: 'rebalancer', reason: 'audit' } })
  const seller = net.makeAddress('seller')
  net.mint(seller, [{ denom: 'uatom', amount: 20n * M }])
  net.execute(seller, d.auctionsManager, { auction_funds: { pair: ['uatom', 'untrn'] } }, [
    { denom: 'uatom', amount: (20n * M).toString() },
  ])
  net.execute(keeper, d.auctionsManager, {
    server: {
      open_auction: { pair: ['uatom', 'untrn'], params: { start_block: null, end_block: net.height + 100 } },
    },
  })
  net.advanceBlocks(10)
  const auction = d.auctions['uatom|untrn']!
  return { net, d, admin, keeper, owner, account, paused, auction }
}

const W = world()
const ADDRESS: Record<string, string> = {
  'valence-account': W.account,
  'services-manager': W.d.servicesManager,
  rebalancer: W.d.rebalancer,
  'auctions-manager': W.d.auctionsManager,
  auction: W.auction,
  'price-oracle': W.d.oracle,
}
const CODE_ID: Record<string, number> = {
  'valence-account': W.d.codeIds.account,
  'services-manager': W.d.codeIds.servicesManager,
  rebalancer: W.d.codeIds.rebalancer,
  'auctions-manager': W.d.codeIds.auctionsManager,
  auction: W.d.codeIds.auction,
  'price-oracle': W.d.codeIds.oracle,
}
/** Who sends: the account's owner for the account, the auctions manager for the auction, else the admin. */
const SENDER: Record<string, string> = {
  'valence-account': W.owner,
  auction: W.d.auctionsManager,
}

/** Runs every instance; the ones that are neither accepted nor refused by a rule, with why. */
function misfits(instances: unknown[], run: (v: unknown) => unknown): string[] {
  const bad: string[] = []
  for (const v of instances) {
    const r = outcome(() => run(v))
    if (r !== 'ok' && r !== 'refused by a rule') bad.push(`${JSON.stringify(v)} → ${r}`)
  }
  return bad
}

/** The outcome of one message: 'ok', or the refusal, checked to be a contract's rule. */
function outcome(run: () => unknown): string {
  const snap = W.net.snapshot()
  try {
    run()
    return 'ok'
  } catch (e) {
    const err = e as Error & { contractError?: Error }
    const cause = err.contractError ?? err
    if (
      ['TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'DecError', 'CoreError'].includes(
        cause.name,
      )
    )
      return `JavaScript exception: ${cause.name}: ${cause.message}`
    if (/Error parsing into type/.test(err.message)) return `not decoded: ${err.message}`
    return 'refused by a rule'
  } finally {
    W.net.restore(snap)
  }
}

/**
 * The localnet's deliberate difference (wire-formats.md, "Deliberate differences"): its auction
 * kernel counts whole seconds, so a generated fractional `block_avg` becomes whole for the runs
 * that must be accepted.
 */
function wholeSecondBlocks(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v), (k, x) =>
    k === 'block_avg' && typeof x === 'string' ? x.replace(/\..*$/, '').replace(/^0*$/, '3') : x,
  )
}

/** How many of `instances` the localnet accepts. */
function accepted(instances: unknown[], run: (v: unknown) => unknown): number {
  return instances.filter((v) => outcome(() => run(v)) === 'ok').length
}

describe.each(CONTRACTS)('%s: the localnet decodes every generated message', (contract) => {
  const ref = REF[contract]!
  it('instantiate: every instance decoded, and accepted once the deliberate differences are applied', () => {
    const run = (v: unknown) => W.net.instantiate(W.admin, CODE_ID[contract]!, v as never, { label: 'x' })
    const instances = generateInstances(ref.instantiate)
    expect(misfits(instances, run)).toEqual([])
    expect(accepted(instances.map(wholeSecondBlocks), run)).toBeGreaterThan(0)
  })
  it("execute: every instance decoded, some accepted from the contract's privileged sender", () => {
    const sender = SENDER[contract] ?? W.admin
    const run = (v: unknown) => W.net.execute(sender, ADDRESS[contract]!, v as never)
    const instances = generateInstances(ref.execute)
    expect(misfits(instances, run)).toEqual([])
    expect(accepted(instances.map(wholeSecondBlocks), run)).toBeGreaterThan(0)
  })
  it('query: decoded, and every answer validates against the real response schema', () => {
    for (const v of generateInstances(ref.query)) {
      let answer: unknown
      const r = outcome(() => {
        answer = W.net.query(ADDRESS[contract]!, v as never)
      })
      expect(r, JSON.stringify(v)).toMatch(/^(ok|refused by a rule)$/)
      if (r === 'ok')
        expect(schemaErrors(ref.responses[variantOf(v)]!, answer), JSON.stringify(v)).toEqual([])
    }
  })
})

describe('every query of every contract answers on the localnet, as the real response schema says', () => {
  const pair = ['uatom', 'untrn']
  const QUERIES: Record<string, unknown[]> = {
    'valence-account': ['get_admin'],
    'services-manager': [
      'get_admin',
      { get_service_addr: { service: 'rebalancer' } },
      { is_service: { addr: W.d.rebalancer } },
      { is_account_code_id: { code_id: W.d.codeIds.account } },
      { get_all_services: {} },
      { get_rebalancer_config: { account: W.account } },
      { get_service_fee: { account: '', service: 'rebalancer', action: 'register' } },
    ],
    rebalancer: [
      'get_admin',
      'get_system_status',
      'get_white_lists',
      'get_managers_addrs',
      { get_config: { addr: W.account } },
      { get_all_configs: {} },
      { get_paused_config: { addr: W.paused } },
      { get_service_fee: { account: '', action: 'register' } },
    ],
    'auctions-manager': [
      'get_admin',
      'get_oracle_addr',
      'get_server_addr',
      { get_pairs: {} },
      { get_pair_addr: { pair } },
      { get_price: { pair } },
      { get_config: { pair } },
      { get_min_limit: { denom: 'uatom' } },
    ],
    auction: [
      'get_admin',
      'get_config',
      'get_strategy',
      'get_auction',
      'get_price',
      'get_mm_data',
      { get_funds_amount: { addr: W.account } },
    ],
    'price-oracle': ['get_admin', 'get_config', { get_price: { pair } }, { get_all_prices: {} }],
  }
  it.each(CONTRACTS)('%s', (contract) => {
    const ref = REF[contract]!
    const asked = QUERIES[contract]!
    expect(asked.map(variantOf).sort()).toEqual(variantNames(ref.query).sort())
    for (const q of asked) {
      const answer = W.net.query(ADDRESS[contract]!, q as never)
      expect(schemaErrors(ref.responses[variantOf(q)]!, answer), JSON.stringify(q)).toEqual([])
    }
  })
  it('the answers carry the deployment', () => {
    const { net, d } = W
    expect(net.query(d.rebalancer, 'get_admin')).toBe(W.admin)
    expect(net.query(W.account, 'get_admin')).toBe(W.owner)
    expect(net.query(W.auction, 'get_admin')).toBe(d.auctionsManager)
    expect(net.query(d.auctionsManager, 'get_server_addr')).toBe(W.keeper)
    expect(net.query(d.auctionsManager, 'get_oracle_addr')).toBe(d.oracle)
    expect(net.query(d.servicesManager, { get_all_services: {} })).toEqual([['rebalancer', d.rebalancer]])
    expect(net.query(d.servicesManager, { is_account_code_id: { code_id: d.codeIds.account } })).toBe(true)
    expect(net.query(d.servicesManager, { is_account_code_id: { code_id: 9999 } })).toBe(false)
    expect(net.query(d.servicesManager, { get_rebalancer_config: { account: W.account } })).toEqual(
      net.query(d.rebalancer, { get_config: { addr: W.account } }),
    )
    expect(net.query(d.auctionsManager, { get_config: { pair: ['uatom', 'untrn'] } })).toEqual(
      net.query(W.auction, 'get_config'),
    )
    const strategy = net.query(W.auction, 'get_strategy')
    expect(Object.keys(strategy).sort()).toEqual(['end_price_perc', 'start_price_perc'])
    expect(strategy.start_price_perc).toBeGreaterThan(0)
    const mm = net.query(W.auction, 'get_mm_data')
    expect(mm.price).toBe(net.query(W.auction, 'get_price').price)
    expect(mm.block.height).toBe(net.height)
    expect(net.query(d.oracle, 'get_config').auction_manager_addr).toBe(d.auctionsManager)
    expect(
      net.query(d.servicesManager, {
        get_service_fee: { account: '', service: 'rebalancer', action: 'register' },
      }),
    ).toEqual({ denom: 'untrn', amount: M.toString() })
  })
})

describe('the account inner messages', () => {
  it('custom, ibc and gov are accepted as the chain accepts them, and refused to run with a clear error', () => {
    const { net, owner, account } = W
    const msgs: JsonValue[] = [
      { custom: {} },
      { ibc: { close_channel: { channel_id: 'channel-0' } } },
      { gov: { vote: { proposal_id: 1, vote: 'yes' } } },
    ]
    for (const m of msgs) {
      expect(() => net.execute(owner, account, { execute_by_admin: { msgs: [m] } })).toThrow(
        /unsupported CosmosMsg on the localnet: (custom|ibc\.close_channel|gov\.vote)/,
      )
    }
  })
  it('wasm.instantiate2 is refused at decoding, as the deployed account refuses it', () => {
    const instantiate2 = {
      wasm: { instantiate2: { admin: null, code_id: 1, label: 'x', msg: 'e30=', funds: [], salt: 'YQ==' } },
    }
    expect(() => W.net.execute(W.owner, W.account, { execute_by_admin: { msgs: [instantiate2] } })).toThrow(
      /Error parsing into type valence_account::msg::ExecuteMsg: unknown variant `instantiate2`/,
    )
  })
})

describe('pagination and order as the chain', () => {
  /** A deployment with more pairs than the default page of get_all_prices. */
  function manyPairs(): { net: Localnet; oracle: string; manager: string; pairs: [string, string][] } {
    const denoms = ['uatom', 'untrn', 'uosmo', 'ibc/ABCD', 'factory/x/y']
    const { net, d, admin } = exampleDeployment({ cycleStart: T0 })
    const pairs: [string, string][] = []
    for (const a of denoms)
      for (const b of denoms)
        if (a !== b && !(a === 'uatom' && b === 'untrn') && !(a === 'untrn' && b === 'uatom'))
          pairs.push([a, b])
    for (const [a, b] of pairs) {
      net.execute(admin, d.auctionsManager, {
        admin: {
          new_auction: {
            msg: {
              pair: [a, b],
              auction_strategy: { start_price_perc: 5000, end_price_perc: 5000 },
              chain_halt_config: { cap: '14400', block_avg: '3' },
              price_freshness_strategy: { limit: '3', multipliers: [['2', '2']] },
            },
            label: `${a}-${b}`,
            min_amount: { send: '1', start_auction: '10' },
          },
        },
      })
      net.execute(admin, d.oracle, { manual_price_update: { pair: [a, b], price: '1' } })
    }
    pairs.push(['uatom', 'untrn'], ['untrn', 'uatom'])
    for (const p of [
      ['uatom', 'untrn'],
      ['untrn', 'uatom'],
    ])
      net.execute(admin, d.oracle, { manual_price_update: { pair: p, price: '1' } })
    return { net, oracle: d.oracle, manager: d.auctionsManager, pairs }
  }
  /** cw-storage-plus keys of (String, String): u16 length of the first, the first, the second. */
  const chainKey = ([a, b]: [string, string]) =>
    Buffer.concat([Buffer.from([a.length >> 8, a.length & 255]), Buffer.from(a), Buffer.from(b)])

  it('get_pairs and get_all_prices list pairs in the order of their storage keys', () => {
    const { net, oracle, manager, pairs } = manyPairs()
    const expected = [...pairs].sort((x, y) => Buffer.compare(chainKey(x), chainKey(y)))
    const listed = (net.query(manager, { get_pairs: {} }) as [[string, string], string][]).map(([p]) => p)
    expect(listed).toEqual(expected)
    const prices = (
      net.query(oracle, { get_all_prices: { limit: 100 } }) as [[string, string], unknown][]
    ).map(([p]) => p)
    expect(prices).toEqual(expected)
    // `start_after` / `from` are exclusive
    expect(
      (
        net.query(manager, { get_pairs: { start_after: expected[2]!, limit: 2 } }) as [[string, string]][]
      ).map(([p]) => p),
    ).toEqual(expected.slice(3, 5))
  })
  it('get_all_prices answers 10 pairs by default', () => {
    const { net, oracle, pairs } = manyPairs()
    expect(pairs.length).toBeGreaterThan(10)
    expect((net.query(oracle, { get_all_prices: {} }) as unknown[]).length).toBe(10)
  })
  it('get_all_configs starts at start_after inclusive, in address order', () => {
    const { net, d } = W
    const all = (net.query(d.rebalancer, { get_all_configs: {} }) as [string, unknown][]).map(([a]) => a)
    expect(all).toEqual([...all].sort())
    expect(all.length).toBeGreaterThan(0)
    const from = (
      net.query(d.rebalancer, { get_all_configs: { start_after: all[0]! } }) as [string, unknown][]
    ).map(([a]) => a)
    expect(from[0]).toBe(all[0])
  })
})
