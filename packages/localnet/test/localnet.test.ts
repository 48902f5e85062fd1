import { fromBech32, fromHex, toUtf8 } from '@cosmjs/encoding'
import {
  Dec,
  decodeValenceEvents,
  eventsOf,
  instantiate2Address,
  RebalancerQueryResponses,
  VALENCE_ACTIONS,
} from '@rebalancer/types'
import { describe, expect, it } from 'vitest'
import { createAccount, type Deployment, exampleDeployment, Localnet, TxError } from '../src/index.js'
import { EXAMPLE_CONFIG as P_ONLY } from '../src/testing.js'

const DAY = 86_400
const T0 = Date.UTC(2024, 0, 1) / 1000
const M = 1_000_000n // 6 decimals

/** A deployment with ATOM and NTRN, ATOM/NTRN at 1.5, cycle start at T0. */
function setup(startPrices = true) {
  return exampleDeployment({
    cycleStart: T0,
    fees: { denom: 'untrn', register: 1n * M, resume: 1n * M },
    initialPrices: startPrices
      ? [
          { pair: ['uatom', 'untrn'], price: Dec.parse('1.5') },
          { pair: ['untrn', 'uatom'], price: Dec.parse('0.666666666666666666') },
        ]
      : [],
  })
}

function account(net: Localnet, d: Deployment, holdings: bigint) {
  const owner = net.makeAddress('owner')
  net.mint(owner, [
    { denom: 'uatom', amount: holdings },
    { denom: 'untrn', amount: 1n * M },
  ])
  const addr = createAccount(net, d, owner, P_ONLY, {
    funds: [
      { denom: 'uatom', amount: holdings },
      { denom: 'untrn', amount: 1n * M },
    ],
  })
  return { owner, addr }
}

describe('addresses', () => {
  it('derives instantiate2 addresses by ADR-028 as wasmd does (instantiate2Address of @rebalancer/types, checked against cosmjs vectors)', () => {
    const net = new Localnet()
    const sender = net.makeAddress('creator')
    const code = net.storeCode('valence-account')
    const d = setup().d
    const got = net.instantiate2(
      sender,
      code,
      'valence',
      { services_manager: d.servicesManager, referral: null },
      {
        label: 'acc',
      },
    )
    const expected = instantiate2Address(
      fromHex(net.codeChecksum(code)),
      sender,
      toUtf8('valence'),
      'neutron',
    )
    expect(got).toBe(expected)
    expect(fromBech32(got, 90).data.length).toBe(32)
  })

  it('derives classic addresses from code id and instance (32-byte bech32), unique per instance', () => {
    const { d } = setup()
    const all = [d.servicesManager, d.auctionsManager, d.oracle, d.rebalancer, ...Object.values(d.auctions)]
    expect(new Set(all).size).toBe(all.length)
    for (const a of all) {
      expect(a.startsWith('neutron1')).toBe(true)
      expect(fromBech32(a, 90).data.length).toBe(32)
    }
  })

  it('rejects addresses of another prefix or with a bad checksum', () => {
    const net = new Localnet()
    expect(() => net.validateAddress('cosmos1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqnrql8a')).toThrow(
      /prefix|invalid/,
    )
    const good = net.makeAddress('x')
    const bad = `${good.slice(0, -1)}${good.endsWith('q') ? 'p' : 'q'}`
    expect(() => net.validateAddress(bad)).toThrow(/invalid address/)
  })
})

describe('transactions', () => {
  it('a failing message changes nothing: balances, contract state, sequence numbers', () => {
    const { net, d } = setup()
    const { owner, addr } = account(net, d, 1000n * M)
    const before = net.snapshot()
    // the second sub-message fails (insufficient funds), so the whole tx is rolled back
    expect(() =>
      net.execute(owner, addr, {
        execute_by_admin: {
          msgs: [
            { bank: { send: { to_address: owner, amount: [{ denom: 'uatom', amount: '5' }] } } },
            {
              bank: {
                send: { to_address: owner, amount: [{ denom: 'uatom', amount: (10n ** 15n).toString() }] },
              },
            },
          ],
        },
      }),
    ).toThrow(TxError)
    expect(net.snapshot().map).toEqual(before.map)
    expect(net.balance(addr, 'uatom')).toBe(1000n * M)
  })

  it('rejects a zero limit and unknown variants with the chain-style message', () => {
    const { net, d, keeper } = setup()
    expect(() => net.execute(keeper, d.rebalancer, { system_rebalance: { limit: 0 } })).toThrow(
      /limit must be greater than 0/,
    )
    expect(() => net.execute(keeper, d.rebalancer, { rebalance_now: {} })).toThrow(
      /unknown variant `rebalance_now`/,
    )
  })

  it('only the server opens auctions', () => {
    const { net, d, admin } = setup()
    expect(() =>
      net.execute(admin, d.auctionsManager, {
        server: {
          open_auction: {
            pair: ['uatom', 'untrn'],
            params: { start_block: null, end_block: net.height + 10 },
          },
        },
      }),
    ).toThrow(/Sender is not the server/) // the deployed auctions manager's ContractError::NotServer
  })

  it('snapshot and restore return the whole state', () => {
    const { net, d } = setup()
    const snap = net.snapshot()
    account(net, d, 50n * M)
    expect(net.supply('uatom')).toBe(50n * M)
    net.restore(snap)
    expect(net.supply('uatom')).toBe(0n)
    expect(net.height).toBe(snap.height)
  })
})

describe('registration', () => {
  it('registers through account → services manager → rebalancer, paying the fee from the account', () => {
    const { net, d } = setup()
    const { addr } = account(net, d, 1000n * M)
    expect(net.balance(addr, 'untrn')).toBe(0n) // the 1 NTRN fee was paid
    // the rebalancer sends the fee on to the services manager, as the deployed contract does
    expect(net.balance(d.rebalancer, 'untrn')).toBe(0n)
    expect(net.balance(d.servicesManager, 'untrn')).toBe(1n * M)
    const cfg = net.query(d.rebalancer, { get_config: { addr } })
    expect(() => RebalancerQueryResponses.get_config.parse(cfg)).not.toThrow()
    expect(cfg).toEqual({
      trustee: null,
      base_denom: 'uatom',
      targets: [
        { denom: 'uatom', percentage: '0.75', min_balance: null, last_input: null, last_i: '0' },
        { denom: 'untrn', percentage: '0.25', min_balance: null, last_input: null, last_i: '0' },
      ],
      pid: { p: '0.5', i: '0', d: '0' },
      max_limit: '1',
      last_rebalance: '0',
      has_min_balance: false,
      target_override_strategy: 'proportional',
    })
  })

  it('refuses a config that breaks the rules, naming the rule', () => {
    const { net, d } = setup()
    const owner = net.makeAddress('owner2')
    net.mint(owner, [{ denom: 'untrn', amount: 1n * M }])
    expect(() =>
      createAccount(
        net,
        d,
        owner,
        { ...P_ONLY, targets: [{ denom: 'uatom', bps: 10_000 }] },
        {
          funds: [{ denom: 'untrn', amount: 1n * M }],
        },
      ),
    ).toThrow(/target/i)
  })
})

describe('one cycle on chain: the spec P-only check', () => {
  it('sells ceil(0.5 × 250) = 125 ATOM into the ATOM→NTRN auction and pays the proceeds back', () => {
    const { net, d, keeper } = setup()
    const { addr } = account(net, d, 1000n * M)
    net.advanceTime(T0 - net.time)
    const res = net.execute(keeper, d.rebalancer, { system_rebalance: { limit: 50 } })
    expect(net.query(d.rebalancer, 'get_system_status')).toEqual({
      finished: { next_cycle: ((BigInt(T0) + BigInt(DAY)) * 1_000_000_000n).toString() },
    })
    const auction = d.auctions['uatom|untrn']!
    expect(net.balance(addr, 'uatom')).toBe(875n * M)
    expect(net.balance(auction, 'uatom')).toBe(125n * M)
    expect(
      eventsOf(decodeValenceEvents(res.events), VALENCE_ACTIONS.rebalancerAccountRebalance),
    ).toHaveLength(1)

    // open at oracle 1.5 with the default ±20% strategy over 1000 blocks
    const h0 = net.height
    net.execute(keeper, d.auctionsManager, {
      server: {
        open_auction: { pair: ['uatom', 'untrn'], params: { start_block: null, end_block: h0 + 1000 } },
      },
    })
    const info = net.query(auction, 'get_auction')
    expect(info).toMatchObject({
      status: 'started',
      start_price: '1.8',
      end_price: '1.2',
      total_amount: '125000000',
    })

    // at +500 blocks the price is 1.5: a bidder buys everything for 187.5 NTRN
    const bidder = net.makeAddress('bidder')
    net.mint(bidder, [{ denom: 'untrn', amount: 1000n * M }])
    net.advanceBlocks(500)
    net.execute(bidder, auction, { bid: {} }, [{ denom: 'untrn', amount: '187500000' }])
    expect(net.balance(bidder, 'uatom')).toBe(125n * M)
    expect(net.balance(bidder, 'untrn')).toBe(1000n * M - 187_500_000n)

    net.execute(keeper, d.auctionsManager, { finish_auction: { pair: ['uatom', 'untrn'], limit: 5 } })
    expect(net.query(auction, 'get_auction').status).toBe('auction_closed')
    expect(net.balance(addr, 'untrn')).toBe(187_500_000n)
    expect(net.balance(auction, 'uatom')).toBe(0n)
    expect(net.balance(auction, 'untrn')).toBe(0n)
    // the average price joins the pair's history, which the oracle reads
    expect(net.query(auction, 'get_price_history')).toEqual([
      // with what it sold: 125 ATOM (the volume_weighted mode's weight)
      { price: '1.5', time: (BigInt(net.time) * 1_000_000_000n).toString(), volume: (125n * M).toString() },
    ])
  })

  it('refuses a second cycle before next_cycle, and one started before cycle_start', () => {
    const { net, d, keeper } = setup()
    account(net, d, 1000n * M)
    expect(() => net.execute(keeper, d.rebalancer, { system_rebalance: { limit: null } })).toThrow(
      /cycle not started yet \(60\)/,
    )
    net.advanceTime(60)
    net.execute(keeper, d.rebalancer, { system_rebalance: { limit: null } })
    expect(() => net.execute(keeper, d.rebalancer, { system_rebalance: { limit: null } })).toThrow(
      /cycle not started yet \(86400\)/,
    )
  })

  it('skips an account whose prices are missing (stale-price event), trading nothing', () => {
    const { net, d, keeper } = setup(false)
    const { addr } = account(net, d, 1000n * M)
    net.advanceTime(T0 - net.time)
    const res = net.execute(keeper, d.rebalancer, { system_rebalance: { limit: 50 } })
    const stale = eventsOf(decodeValenceEvents(res.events), VALENCE_ACTIONS.rebalancerAccountStalePrice)
    expect(stale.map((e) => e.data.account)).toEqual([addr])
    expect(net.balance(addr, 'uatom')).toBe(1000n * M)
  })
})
