/**
 * Conformance of the localnet to the specs (portfolio-computer.md, auction.md, wire-formats.md),
 * driven only through the Localnet interface and wire JSON, as an integrator would.
 */
import {
  AuctionQueryResponses,
  AuctionsManagerQueryResponses,
  configToRebalancerData,
  Dec,
  decodeValenceEvents,
  encodeServiceData,
  eventsOf,
  OracleQueryResponses,
  type RebalancerConfig,
  RebalancerQueryResponses,
  VALENCE_ACTIONS,
} from '@rebalancer/types'
import { describe, expect, it } from 'vitest'
import { createAccount, type Deployment, exampleDeployment, type Localnet } from '../src/index.js'
import { EXAMPLE_CONFIG as P_ONLY } from '../src/testing.js'
import { PACKAGES_ROOT, packageFiles } from './helpers.js'

const DAY = 86_400
const T0 = Date.UTC(2024, 0, 1) / 1000
const M = 1_000_000n
const ns = (s: number) => (BigInt(s) * 1_000_000_000n).toString()
const ATOM_NTRN = ['uatom', 'untrn'] as const

interface World {
  net: Localnet
  d: Deployment
  admin: string
  keeper: string
  /** Market price of ATOM in NTRN, read by the oracle's injected source. */
  market: { price: string }
}

function world(opts: { fees?: boolean; prices?: boolean } = {}): World {
  const market = { price: '1.5' }
  const { net, d, admin, keeper } = exampleDeployment({
    cycleStart: T0,
    priceSource: (pair) =>
      pair[0] === 'uatom' ? market.price : Dec.ONE.div(Dec.parse(market.price)).toString(),
    fees: opts.fees === false ? undefined : { denom: 'untrn', register: M, resume: 2n * M },
  })
  if (opts.prices !== false) {
    net.execute(keeper, d.oracle, { update_price: { pair: [...ATOM_NTRN] } })
    net.execute(keeper, d.oracle, { update_price: { pair: ['untrn', 'uatom'] } })
  }
  return { net, d, admin, keeper, market }
}

function newAccount(w: World, name: string, config: RebalancerConfig, atom: bigint, ntrn = 0n, fee = M) {
  const owner = w.net.makeAddress(`owner:${name}`)
  w.net.mint(owner, [
    { denom: 'uatom', amount: atom },
    { denom: 'untrn', amount: ntrn + fee },
  ])
  const account = createAccount(w.net, w.d, owner, config, {
    label: name,
    funds: [
      { denom: 'uatom', amount: atom },
      { denom: 'untrn', amount: ntrn + fee },
    ],
  })
  return { owner, account }
}

/** The keeper's cycle on one pair, with one market maker buying everything at the auction's mid price. */
function cycle(w: World, maker: string) {
  const { net, d, keeper } = w
  for (const pair of [ATOM_NTRN, ['untrn', 'uatom']]) {
    net.execute(keeper, d.oracle, { update_price: { pair: [...pair] } })
  }
  const reb = net.execute(keeper, d.rebalancer, { system_rebalance: { limit: null } })
  const trades = eventsOf(decodeValenceEvents(reb.events), VALENCE_ACTIONS.rebalancerAccountRebalance)
  for (const pair of [ATOM_NTRN, ['untrn', 'uatom']] as const) {
    const auction = d.auctions[`${pair[0]}|${pair[1]}`]!
    if (net.balance(auction, pair[0]) === 0n) continue
    net.execute(keeper, d.auctionsManager, {
      server: {
        open_auction: { pair: [...pair], params: { start_block: null, end_block: net.height + 100 } },
      },
    })
    const info = net.query(auction, 'get_auction')
    if (info.status !== 'started') continue
    net.advanceBlocks(50)
    const price = Dec.parse(net.query(auction, 'get_price').price)
    const cost = price.mulCeil(BigInt(info.available_amount))
    net.execute(maker, auction, { bid: {} }, [{ denom: pair[1], amount: cost.toString() }])
    net.advanceBlocks(50)
    while (net.query(auction, 'get_auction').status !== 'auction_closed') {
      net.execute(keeper, d.auctionsManager, { finish_auction: { pair: [...pair], limit: 2 } })
    }
    net.execute(keeper, auction, { clean_after_auction: {} })
  }
  return trades
}

function supplies(net: Localnet) {
  return { uatom: net.supply('uatom'), untrn: net.supply('untrn') }
}

describe('registration with a fee', () => {
  it('charges the register fee from the account, refuses without it and refuses a second registration', () => {
    const w = world()
    expect(
      w.net.query(w.d.rebalancer, { get_service_fee: { account: w.admin, action: 'register' } }),
    ).toEqual({
      denom: 'untrn',
      amount: '1000000',
    })
    // no NTRN for the fee: the whole transaction fails and nothing is left behind
    const poor = w.net.makeAddress('poor')
    w.net.mint(poor, [{ denom: 'uatom', amount: 100n * M }])
    const before = w.net.snapshot()
    expect(() =>
      createAccount(w.net, w.d, poor, P_ONLY, { funds: [{ denom: 'uatom', amount: 100n * M }] }),
    ).toThrow(/insufficient funds/)
    const { account, owner } = newAccount(w, 'rich', P_ONLY, 100n * M)
    expect(w.net.balance(w.d.servicesManager, 'untrn')).toBe(M)
    w.net.mint(account, [{ denom: 'untrn', amount: M }]) // the fee for a second attempt
    expect(() =>
      w.net.execute(owner, account, {
        register_to_service: {
          service_name: 'rebalancer',
          data: encodeServiceData(configToRebalancerData(P_ONLY)),
        },
      }),
    ).toThrow(/already registered/)
    expect(before.map.size).toBeGreaterThan(0)
  })

  it('refuses unknown fields and wrong types in the service data like the chain decoder', () => {
    const w = world({ fees: false })
    const owner = w.net.makeAddress('owner')
    const account = w.net.instantiate2(
      owner,
      w.d.codeIds.account,
      'x',
      { services_manager: w.d.servicesManager, referral: null },
      {
        label: 'a',
      },
    )
    const data = { ...configToRebalancerData(P_ONLY), colour: 'red' }
    expect(() =>
      w.net.execute(owner, account, {
        register_to_service: { service_name: 'rebalancer', data: encodeServiceData(data) },
      }),
    ).toThrow(/unknown field `colour`/)
    const bad = { ...configToRebalancerData(P_ONLY), max_limit_bps: '500' }
    expect(() =>
      w.net.execute(owner, account, {
        register_to_service: { service_name: 'rebalancer', data: encodeServiceData(bad) },
      }),
    ).toThrow(/invalid type: string.*max_limit_bps/)
    expect(() =>
      w.net.execute(owner, account, { register_to_service: { service_name: 'rebalancer' }, extra: 1 }),
    ).toThrow(/single key|unknown/)
  })
})

describe('a P-only account over several cycles with one market maker', () => {
  it('trades toward its targets every cycle, conserves every denom, and the oracle moves to auction prices', () => {
    const w = world({ fees: false })
    const maker = w.net.makeAddress('maker')
    w.net.mint(maker, [
      { denom: 'uatom', amount: 1_000_000n * M },
      { denom: 'untrn', amount: 1_000_000n * M },
    ])
    const { account } = newAccount(w, 'p', P_ONLY, 1000n * M, 0n, 0n)
    const supply0 = supplies(w.net)
    const weights: number[] = []
    w.net.advanceTime(T0 - w.net.time)
    let sources: string[] = []
    for (let day = 0; day < 6; day++) {
      if (day > 0) w.net.advanceTime(T0 + day * DAY - w.net.time)
      const trades = cycle(w, maker)
      expect(trades.length).toBe(1)
      const atom = w.net.balance(account, 'uatom')
      const ntrnValue = Dec.fromInt(w.net.balance(account, 'untrn')).div(Dec.parse('1.5'))
      weights.push(Dec.fromInt(atom).div(Dec.fromInt(atom).add(ntrnValue)).toNumber())
      const upd = w.net.execute(w.keeper, w.d.oracle, { update_price: { pair: [...ATOM_NTRN] } })
      sources = [
        ...sources,
        eventsOf(decodeValenceEvents(upd.events), VALENCE_ACTIONS.oracleUpdatePrice)[0]!.data.source,
      ]
    }
    // first sale: ceil(0.5 × 250) = 125 ATOM
    // first sale: ceil(0.5 × 250) = 125 ATOM, then half the remaining error each cycle...
    expect(weights.slice(0, 4)).toEqual([0.875, 0.8125, 0.78125, 0.765625])
    // ...until the sale (≈ 7.8 ATOM) is below the 10 ATOM opening minimum: the auction refunds it
    expect(weights.slice(4)).toEqual([0.765625, 0.765625])
    expect(w.net.balance(w.d.auctions['uatom|untrn']!, 'uatom')).toBe(0n)
    expect(supplies(w.net)).toEqual(supply0)
    // three closed ATOM→NTRN auctions later, the oracle's price is their mean, not the external source
    expect(sources.slice(0, 2)).toEqual(['external', 'external'])
    expect(sources.at(-1)).toBe('auctions')
    const cfg = w.net.query(w.d.rebalancer, { get_config: { addr: account } })
    expect(() => RebalancerQueryResponses.get_config.parse(cfg)).not.toThrow()
    expect(cfg.last_rebalance).toBe(ns(T0 + 5 * DAY))
  })
})

describe('max_limit and min_balance', () => {
  it('sells at most max_limit_bps of the total value in one cycle', () => {
    const w = world({ fees: false })
    const { account } = newAccount(w, 'capped', { ...P_ONLY, maxLimitBps: 100 }, 1000n * M, 0n, 0n)
    w.net.advanceTime(T0 - w.net.time)
    const res = w.net.execute(w.keeper, w.d.rebalancer, { system_rebalance: { limit: null } })
    const [t] = eventsOf(decodeValenceEvents(res.events), VALENCE_ACTIONS.rebalancerAccountRebalance)
    // 1% of 1000 ATOM of value: exactly 10 ATOM (the PID wants 125)
    expect(t!.data.trades).toEqual([{ pair: ['uatom', 'untrn'], amount: '10000000' }])
    expect(w.net.balance(account, 'uatom')).toBe(990n * M)
  })

  it('never sells a min_balance target below its floor', () => {
    const w = world({ fees: false })
    const cfg: RebalancerConfig = {
      ...P_ONLY,
      pid: { p: Dec.ONE, i: Dec.ZERO, d: Dec.ZERO },
      targets: [
        { denom: 'uatom', bps: 1000, minBalance: 950n * M },
        { denom: 'untrn', bps: 9000 },
      ],
    }
    const { account } = newAccount(w, 'floor', cfg, 1000n * M, 0n, 0n)
    w.net.advanceTime(T0 - w.net.time)
    w.net.execute(w.keeper, w.d.rebalancer, { system_rebalance: { limit: null } })
    // the override holds ATOM at 95% of value; P = 1 would sell 50 ATOM, exactly down to the floor
    expect(w.net.balance(account, 'uatom')).toBe(950n * M)
  })
})

describe('pause and resume', () => {
  it('by the account: only the account resumes, the trustee cannot; paused accounts are skipped', () => {
    const w = world({ fees: false })
    const trustee = w.net.makeAddress('trustee')
    const { owner, account } = newAccount(w, 'a', { ...P_ONLY, trustee }, 1000n * M, 0n, 0n)
    w.net.execute(owner, account, { pause_service: { service_name: 'rebalancer', reason: 'audit' } })
    const paused = w.net.query(w.d.rebalancer, { get_paused_config: { addr: account } })
    expect(() => RebalancerQueryResponses.get_paused_config.parse(paused)).not.toThrow()
    expect(paused).toMatchObject({ pauser: account, reason: { account_reason: 'audit' } })
    w.net.advanceTime(T0 - w.net.time)
    w.net.execute(w.keeper, w.d.rebalancer, { system_rebalance: { limit: null } })
    expect(w.net.balance(account, 'uatom')).toBe(1000n * M)
    expect(() =>
      w.net.execute(trustee, w.d.servicesManager, {
        resume_service: { service_name: 'rebalancer', resume_for: account },
      }),
    ).toThrow(/Unauthorized/)
    w.net.execute(owner, account, { resume_service: { service_name: 'rebalancer' } })
    expect(() => w.net.query(w.d.rebalancer, { get_paused_config: { addr: account } })).toThrow(/not paused/)
  })

  it('by the trustee: the trustee or the account resumes; a stranger cannot pause', () => {
    const w = world({ fees: false })
    const trustee = w.net.makeAddress('trustee')
    const stranger = w.net.makeAddress('stranger')
    const { account } = newAccount(w, 'b', { ...P_ONLY, trustee }, 1000n * M, 0n, 0n)
    const pause = { pause_service: { service_name: 'rebalancer', pause_for: account, reason: null } }
    expect(() => w.net.execute(stranger, w.d.servicesManager, pause)).toThrow(/Unauthorized/)
    w.net.execute(trustee, w.d.servicesManager, pause)
    expect(w.net.query(w.d.rebalancer, { get_paused_config: { addr: account } }).pauser).toBe(trustee)
    w.net.execute(trustee, w.d.servicesManager, {
      resume_service: { service_name: 'rebalancer', resume_for: account },
    })
    expect(w.net.query(w.d.rebalancer, { get_config: { addr: account } }).base_denom).toBe('uatom')
  })

  it('pauses a drained account automatically (empty_balance) and charges the resume fee', () => {
    const w = world()
    const { owner, account } = newAccount(w, 'drained', P_ONLY, 1000n * M)
    // the admin withdraws everything
    w.net.execute(owner, account, {
      execute_by_admin: {
        msgs: [
          {
            bank: {
              send: { to_address: owner, amount: [{ denom: 'uatom', amount: (1000n * M).toString() }] },
            },
          },
        ],
      },
    })
    w.net.advanceTime(T0 - w.net.time)
    const res = w.net.execute(w.keeper, w.d.rebalancer, { system_rebalance: { limit: null } })
    expect(decodeValenceEvents(res.events).map((e) => e.action)).toContain(
      VALENCE_ACTIONS.rebalancerAccountPaused,
    )
    expect(w.net.query(w.d.rebalancer, { get_paused_config: { addr: account } }).reason).toBe('empty_balance')
    expect(
      w.net.query(w.d.servicesManager, {
        get_service_fee: { account, service: 'rebalancer', action: 'resume' },
      }),
    ).toEqual({
      denom: 'untrn',
      amount: '2000000',
    })
    // no NTRN in the account: the resume fails whole
    expect(() => w.net.execute(owner, account, { resume_service: { service_name: 'rebalancer' } })).toThrow(
      /insufficient funds/,
    )
    w.net.mint(owner, [{ denom: 'untrn', amount: 2n * M }])
    w.net.send(owner, account, [
      { denom: 'untrn', amount: (2n * M).toString() },
      { denom: 'uatom', amount: (500n * M).toString() },
    ])
    w.net.execute(owner, account, { resume_service: { service_name: 'rebalancer' } })
    expect(w.net.balance(account, 'untrn')).toBe(0n)
    // register + resume fees, sent on by the rebalancer to the services manager...
    expect(w.net.balance(w.d.rebalancer, 'untrn')).toBe(0n)
    expect(w.net.balance(w.d.servicesManager, 'untrn')).toBe(3n * M)
    // ...whose admin alone withdraws them
    expect(() =>
      w.net.execute(owner, w.d.servicesManager, { admin: { withdraw: { denom: 'untrn' } } }),
    ).toThrow(/Unauthorized/)
    const had = w.net.balance(w.admin, 'untrn')
    w.net.execute(w.admin, w.d.servicesManager, { admin: { withdraw: { denom: 'untrn' } } })
    expect(w.net.balance(w.admin, 'untrn') - had).toBe(3n * M)
    expect(w.net.balance(w.d.servicesManager, 'untrn')).toBe(0n)
  })
})

describe('auctions', () => {
  function openAt(w: World, pair: readonly [string, string], blocks = 1000) {
    w.net.execute(w.keeper, w.d.auctionsManager, {
      server: {
        open_auction: { pair: [...pair], params: { start_block: null, end_block: w.net.height + blocks } },
      },
    })
  }

  it('pays several sellers pro rata with rounding dust carried as leftovers into the next auction', () => {
    const w = world({ fees: false })
    const auction = w.d.auctions['uatom|untrn']!
    const sellers = ['s1', 's2', 's3'].map((n) => w.net.makeAddress(n))
    const deposits = [3_333_333n, 3_333_333n, 3_333_334n]
    for (const [i, s] of sellers.entries()) {
      w.net.mint(s, [{ denom: 'uatom', amount: deposits[i]! }])
      w.net.execute(s, w.d.auctionsManager, { auction_funds: { pair: [...ATOM_NTRN] } }, [
        { denom: 'uatom', amount: deposits[i]!.toString() },
      ])
    }
    expect(w.net.query(auction, { get_funds_amount: { addr: sellers[0]! } })).toEqual({
      curr: '0',
      next: '3333333',
    })
    const supply0 = supplies(w.net)
    openAt(w, ATOM_NTRN)
    const bidder = w.net.makeAddress('bidder')
    w.net.mint(bidder, [{ denom: 'untrn', amount: 100n * M }])
    w.net.advanceBlocks(623) // price 1.4262
    w.net.execute(bidder, auction, { bid: {} }, [{ denom: 'untrn', amount: '7000001' }]) // buys part of the lot
    w.net.advanceBlocks(400)
    const info = w.net.query(auction, 'get_auction')
    expect(() => AuctionQueryResponses.get_auction.parse(info)).not.toThrow()
    w.net.execute(w.keeper, w.d.auctionsManager, { finish_auction: { pair: [...ATOM_NTRN], limit: 1 } })
    expect(w.net.query(auction, 'get_auction').status).toEqual({
      close_auction: [sellers.slice().sort()[0], expect.any(String), expect.any(String)],
    })
    w.net.execute(w.keeper, w.d.auctionsManager, { finish_auction: { pair: [...ATOM_NTRN], limit: 5 } })
    const closed = w.net.query(auction, 'get_auction')
    expect(closed.status).toBe('auction_closed')
    const [leftSell, leftBuy] = closed.leftovers.map(BigInt)
    const paidSell = sellers.reduce((s, a) => s + w.net.balance(a, 'uatom'), 0n)
    const paidBuy = sellers.reduce((s, a) => s + w.net.balance(a, 'untrn'), 0n)
    const sold = BigInt(info.total_amount) - BigInt(info.available_amount)
    expect(paidSell + leftSell).toBe(BigInt(info.available_amount))
    expect(paidBuy + leftBuy).toBe(BigInt(info.resolved_amount))
    expect(leftSell + leftBuy).toBeGreaterThan(0n) // dust exists and is carried
    expect(w.net.balance(auction, 'uatom')).toBe(leftSell)
    expect(w.net.balance(auction, 'untrn')).toBe(leftBuy)
    expect(sold).toBeGreaterThan(0n)
    // the next auction's lot includes the carried sell leftover
    w.net.execute(w.keeper, auction, { clean_after_auction: {} })
    const s4 = w.net.makeAddress('s4')
    w.net.mint(s4, [{ denom: 'uatom', amount: 20n * M }])
    w.net.execute(s4, w.d.auctionsManager, { auction_funds: { pair: [...ATOM_NTRN] } }, [
      { denom: 'uatom', amount: (20n * M).toString() },
    ])
    openAt(w, ATOM_NTRN)
    const next = w.net.query(auction, 'get_auction')
    expect(BigInt(next.total_amount)).toBe(20n * M + leftSell)
    expect(BigInt(next.resolved_amount)).toBe(leftBuy)
    expect(supplies(w.net).uatom).toBe(supply0.uatom + 20n * M)
  })

  it('lets a seller withdraw queued funds before the auction opens, not after', () => {
    const w = world({ fees: false })
    const seller = w.net.makeAddress('seller')
    w.net.mint(seller, [{ denom: 'uatom', amount: 50n * M }])
    const deposit = () =>
      w.net.execute(seller, w.d.auctionsManager, { auction_funds: { pair: [...ATOM_NTRN] } }, [
        { denom: 'uatom', amount: (20n * M).toString() },
      ])
    deposit()
    w.net.execute(seller, w.d.auctionsManager, { withdraw_funds: { pair: [...ATOM_NTRN] } })
    expect(w.net.balance(seller, 'uatom')).toBe(50n * M)
    deposit()
    openAt(w, ATOM_NTRN)
    expect(() =>
      w.net.execute(seller, w.d.auctionsManager, { withdraw_funds: { pair: [...ATOM_NTRN] } }),
    ).toThrow(/: No funds to withdraw from auction$/) // ContractError::NoFundsToWithdraw
    // below the minimum deposit
    expect(() =>
      w.net.execute(seller, w.d.auctionsManager, { auction_funds: { pair: [...ATOM_NTRN] } }, [
        { denom: 'uatom', amount: '999999' },
      ]),
    ).toThrow(/: Auction amount is too low, minimum: 1000000$/) // ContractError::AuctionAmountTooLow
  })

  it('widens the price range as the oracle price ages, and refuses a stale one', () => {
    const w = world({ fees: false })
    const auction = w.d.auctions['uatom|untrn']!
    const seller = w.net.makeAddress('seller')
    w.net.mint(seller, [{ denom: 'uatom', amount: 100n * M }])
    const fund = () =>
      w.net.execute(seller, w.d.auctionsManager, { auction_funds: { pair: [...ATOM_NTRN] } }, [
        { denom: 'uatom', amount: (20n * M).toString() },
      ])
    const price = w.net.query(w.d.auctionsManager, { get_price: { pair: [...ATOM_NTRN] } })
    expect(() => AuctionsManagerQueryResponses.get_price.parse(price)).not.toThrow()
    expect(() =>
      OracleQueryResponses.get_all_prices.parse(w.net.query(w.d.oracle, { get_all_prices: {} })),
    ).not.toThrow()
    fund()
    w.net.advanceTime(Math.round(1.5 * DAY)) // age 1.5 days: multiplier 1.5
    openAt(w, ATOM_NTRN)
    expect(w.net.query(auction, 'get_auction')).toMatchObject({ start_price: '1.95', end_price: '1.05' })
    w.net.advanceBlocks(1000)
    w.net.execute(w.keeper, w.d.auctionsManager, { finish_auction: { pair: [...ATOM_NTRN], limit: 5 } })
    w.net.execute(w.keeper, auction, { clean_after_auction: {} })
    fund()
    w.net.advanceTime(2 * DAY) // age > 3 days
    expect(() => openAt(w, ATOM_NTRN)).toThrow(/: Price is older than 4 days$/) // ContractError::PriceTooOld
  })

  it('refunds a bid in full and finishes the auction after a chain halt', () => {
    const w = world({ fees: false })
    const auction = w.d.auctions['uatom|untrn']!
    const seller = w.net.makeAddress('seller')
    w.net.mint(seller, [{ denom: 'uatom', amount: 20n * M }])
    w.net.execute(seller, w.d.auctionsManager, { auction_funds: { pair: [...ATOM_NTRN] } }, [
      { denom: 'uatom', amount: (20n * M).toString() },
    ])
    openAt(w, ATOM_NTRN)
    const bidder = w.net.makeAddress('bidder')
    w.net.mint(bidder, [{ denom: 'untrn', amount: 100n * M }])
    w.net.advanceBlocks(10, 10 * 3 + 14_401) // 10 blocks over 4 hours: a halt
    w.net.execute(bidder, auction, { bid: {} }, [{ denom: 'untrn', amount: (10n * M).toString() }])
    expect(w.net.balance(bidder, 'untrn')).toBe(100n * M)
    expect(w.net.balance(bidder, 'uatom')).toBe(0n)
    expect(w.net.query(auction, 'get_auction').status).toBe('finished')
    w.net.execute(w.keeper, w.d.auctionsManager, { finish_auction: { pair: [...ATOM_NTRN], limit: 5 } })
    expect(w.net.balance(seller, 'uatom')).toBe(20n * M) // nothing sold: the deposit comes back
  })
})

describe('the cycle status machine', () => {
  it('after missed cycles starts the next one at start_of_cycle(now), so nobody can run cycles back to back', () => {
    const w = world({ fees: false })
    newAccount(w, 'a', P_ONLY, 1000n * M, 0n, 0n)
    w.net.advanceTime(T0 - w.net.time)
    w.net.execute(w.keeper, w.d.rebalancer, { system_rebalance: { limit: null } })
    expect(w.net.query(w.d.rebalancer, 'get_system_status')).toEqual({
      finished: { next_cycle: ns(T0 + DAY) },
    })
    // three days and five hours pass without a keeper
    w.net.advanceTime(3 * DAY + 5 * 3600)
    w.net.execute(w.keeper, w.d.rebalancer, { system_rebalance: { limit: null } })
    expect(w.net.query(w.d.rebalancer, 'get_system_status')).toEqual({
      finished: { next_cycle: ns(T0 + 4 * DAY) },
    })
    expect(() => w.net.execute(w.keeper, w.d.rebalancer, { system_rebalance: { limit: null } })).toThrow(
      /cycle not started yet \(68400\)/,
    )
  })

  it('processes accounts in ascending address order, limit at a time, keeping the price snapshot', () => {
    const w = world({ fees: false })
    const accounts = ['x', 'y', 'z'].map((n) => newAccount(w, n, P_ONLY, 1000n * M, 0n, 0n).account).sort()
    w.net.advanceTime(T0 - w.net.time)
    w.net.execute(w.keeper, w.d.rebalancer, { system_rebalance: { limit: 2 } })
    const status = w.net.query(w.d.rebalancer, 'get_system_status')
    expect(status).toEqual({
      processing: {
        cycle_started: ns(T0),
        start_from: accounts[1],
        prices: [
          [['uatom', 'untrn'], '1.5'],
          [['untrn', 'uatom'], '0.666666666666666666'],
        ],
      },
    })
    expect(() => RebalancerQueryResponses.get_system_status.parse(status)).not.toThrow()
    w.net.execute(w.keeper, w.d.rebalancer, { system_rebalance: { limit: 2 } })
    expect(w.net.query(w.d.rebalancer, 'get_system_status')).toEqual({
      finished: { next_cycle: ns(T0 + DAY) },
    })
    for (const a of accounts) expect(w.net.balance(a, 'uatom')).toBe(875n * M)
  })
})

describe('query answers have the chain shapes', () => {
  it('every query of every contract answers what its wire response schema describes', () => {
    const w = world()
    const trustee = w.net.makeAddress('trustee')
    const { account, owner } = newAccount(w, 'q', { ...P_ONLY, trustee }, 1000n * M)
    const paused = newAccount(w, 'p', P_ONLY, 1000n * M)
    w.net.execute(paused.owner, paused.account, { pause_service: { service_name: 'rebalancer' } })
    const auction = w.d.auctions['uatom|untrn']!
    const check = (
      schemas: Record<string, { parse(v: unknown): unknown }>,
      contract: string,
      msg: object | string,
    ) => {
      const name = typeof msg === 'string' ? msg : Object.keys(msg)[0]!
      const answer = w.net.query(contract, msg as never)
      expect(() => schemas[name]!.parse(answer), `${name}: ${JSON.stringify(answer)}`).not.toThrow()
    }
    check(RebalancerQueryResponses, w.d.rebalancer, { get_config: { addr: account } })
    check(RebalancerQueryResponses, w.d.rebalancer, { get_all_configs: {} })
    check(RebalancerQueryResponses, w.d.rebalancer, { get_paused_config: { addr: paused.account } })
    check(RebalancerQueryResponses, w.d.rebalancer, 'get_system_status')
    check(RebalancerQueryResponses, w.d.rebalancer, 'get_white_lists')
    check(RebalancerQueryResponses, w.d.rebalancer, 'get_managers_addrs')
    check(RebalancerQueryResponses, w.d.rebalancer, { get_service_fee: { account, action: 'register' } })
    check(AuctionsManagerQueryResponses, w.d.auctionsManager, { get_pairs: {} })
    check(AuctionsManagerQueryResponses, w.d.auctionsManager, { get_pair_addr: { pair: [...ATOM_NTRN] } })
    check(AuctionsManagerQueryResponses, w.d.auctionsManager, { get_price: { pair: [...ATOM_NTRN] } })
    check(AuctionsManagerQueryResponses, w.d.auctionsManager, { get_min_limit: { denom: 'uatom' } })
    // the deployed auction's ContractError::AuctionClosed, whatever the status but started
    expect(() => w.net.query(auction, 'get_price')).toThrow(/^Auction is already closed$/)
    w.net.mint(owner, [{ denom: 'uatom', amount: 20n * M }])
    w.net.execute(owner, w.d.auctionsManager, { auction_funds: { pair: [...ATOM_NTRN] } }, [
      { denom: 'uatom', amount: (20n * M).toString() },
    ])
    w.net.execute(w.keeper, w.d.auctionsManager, {
      server: {
        open_auction: { pair: [...ATOM_NTRN], params: { start_block: null, end_block: w.net.height + 10 } },
      },
    })
    check(AuctionQueryResponses, auction, 'get_auction')
    check(AuctionQueryResponses, auction, 'get_price')
    check(AuctionQueryResponses, auction, 'get_config')
    check(AuctionQueryResponses, auction, { get_funds_amount: { addr: owner } })
    check(OracleQueryResponses, w.d.oracle, { get_price: { pair: [...ATOM_NTRN] } })
    check(OracleQueryResponses, w.d.oracle, { get_all_prices: {} })
    expect(w.net.query(w.d.servicesManager, { is_service: { addr: w.d.rebalancer } })).toBe(true)
    expect(w.net.query(w.d.servicesManager, { get_service_addr: { service: 'rebalancer' } })).toBe(
      w.d.rebalancer,
    )
    // unknown query variants and fields are refused like the chain's decoder
    expect(() => w.net.query(w.d.rebalancer, 'get_everything')).toThrow(/unknown variant `get_everything`/)
    expect(() => w.net.query(w.d.oracle, { get_price: { pair: [...ATOM_NTRN], at: 1 } })).toThrow(
      /unknown field `at`/,
    )
  })
})

describe('auction configuration updates', () => {
  it('validates a strategy update as at creation, through the manager admin', () => {
    const w = world({ fees: false })
    const update = (strategy: { start_price_perc: number; end_price_perc: number }) =>
      w.net.execute(w.admin, w.d.auctionsManager, {
        admin: { update_strategy: { pair: [...ATOM_NTRN], strategy } },
      })
    const before = w.net.snapshot()
    // auction_package::AuctionError::InvalidAuctionStrategy{End,Start}Price, the deployed texts
    expect(() => update({ start_price_perc: 2000, end_price_perc: 10_000 })).toThrow(
      /: Auction strategy end price must be greater than 0 and lower than 10000$/,
    )
    expect(() => update({ start_price_perc: 0, end_price_perc: 2000 })).toThrow(
      /: Auction strategy start price must be greater than 0$/,
    )
    expect(w.net.snapshot().map.size).toBe(before.map.size)
    update({ start_price_perc: 5000, end_price_perc: 5000 })
    const seller = w.net.makeAddress('seller')
    w.net.mint(seller, [{ denom: 'uatom', amount: 20n * M }])
    w.net.execute(seller, w.d.auctionsManager, { auction_funds: { pair: [...ATOM_NTRN] } }, [
      { denom: 'uatom', amount: (20n * M).toString() },
    ])
    w.net.execute(w.keeper, w.d.auctionsManager, {
      server: {
        open_auction: { pair: [...ATOM_NTRN], params: { start_block: null, end_block: w.net.height + 10 } },
      },
    })
    // ±50%, the deployment's strategy, around 1.5
    expect(w.net.query(w.d.auctions['uatom|untrn']!, 'get_auction')).toMatchObject({
      start_price: '2.25',
      end_price: '0.75',
    })
  })
})

describe('the tests read events through the one decoder', () => {
  it('no test of types, core, auction, adapters or localnet takes valence events apart by hand', async () => {
    const { readFileSync } = await import('node:fs')
    const root = PACKAGES_ROOT
    // a hand-written decoder filters on the event type or reads the action attribute itself
    const byHand = new RegExp(["=== 'wasm-", "valence-event'|key === 'act", "ion'"].join(''))
    const files = packageFiles('test')
    expect(
      files.filter((f) => byHand.test(readFileSync(f, 'utf8'))).map((f) => f.slice(root.length + 1)),
    ).toEqual([])
  })
})
