import { configToRebalancerData, Dec, encodeServiceData, type JsonValue } from '@rebalancer/types'
import { describe, expect, it } from 'vitest'
import {
  ContractError,
  createAccount,
  exampleDeployment,
  type LocalnetSnapshot,
  TxError,
} from '../src/index.js'
import { EXAMPLE_CONFIG as P_ONLY } from '../src/testing.js'
import { sameState } from './helpers.js'

const M = 1_000_000n
const NON_PAYABLE = 'This message does no accept funds' // cw-utils PaymentError::NonPayable, verbatim

function world() {
  const w = exampleDeployment({
    fees: { denom: 'untrn', register: M, resume: M },
    initialPrices: [
      { pair: ['uatom', 'untrn'], price: Dec.parse('1.5') },
      { pair: ['untrn', 'uatom'], price: Dec.parse('0.666666666666666666') },
    ],
  })
  const owner = w.net.makeAddress('owner')
  for (const who of [w.admin, w.keeper, owner]) {
    w.net.mint(who, [
      { denom: 'uatom', amount: 1000n * M },
      { denom: 'untrn', amount: 1000n * M },
    ])
  }
  const account = createAccount(w.net, w.d, owner, P_ONLY, {
    funds: [
      { denom: 'uatom', amount: 100n * M },
      { denom: 'untrn', amount: M },
    ],
  })
  return { ...w, owner, account }
}

describe('correction 10: messages that take no funds refuse them (cw-utils nonpayable)', () => {
  it('on every non-payable message of the rebalancer, services manager, auctions manager, oracle and auction', () => {
    const w = world()
    const { d, admin, keeper, owner, account } = w
    const auction = d.auctions['uatom|untrn']!
    const data = encodeServiceData(configToRebalancerData(P_ONLY))
    const cases: [string, string, string, JsonValue][] = [
      ['rebalancer', keeper, d.rebalancer, { system_rebalance: { limit: null } }],
      ['rebalancer', admin, d.rebalancer, { admin: { update_cycle_period: { period: 3600 } } }],
      ['rebalancer', d.servicesManager, d.rebalancer, { deregister: { deregister_for: account } }],
      [
        'rebalancer',
        d.servicesManager,
        d.rebalancer,
        { pause: { pause_for: account, sender: account, reason: null } },
      ],
      [
        'rebalancer',
        d.servicesManager,
        d.rebalancer,
        { update: { update_for: account, data: { targets: [], max_limit_bps: { set: 5000 } } } },
      ],
      [
        'services manager',
        owner,
        d.servicesManager,
        { update_service: { service_name: 'rebalancer', data } },
      ],
      [
        'services manager',
        owner,
        d.servicesManager,
        { deregister_from_service: { service_name: 'rebalancer' } },
      ],
      [
        'services manager',
        owner,
        d.servicesManager,
        { pause_service: { service_name: 'rebalancer', pause_for: account, reason: null } },
      ],
      ['services manager', admin, d.servicesManager, { admin: { withdraw: { denom: 'untrn' } } }],
      ['auctions manager', owner, d.auctionsManager, { withdraw_funds: { pair: ['uatom', 'untrn'] } }],
      [
        'auctions manager',
        owner,
        d.auctionsManager,
        { finish_auction: { pair: ['uatom', 'untrn'], limit: 5 } },
      ],
      [
        'auctions manager',
        keeper,
        d.auctionsManager,
        { server: { open_auction: { pair: ['uatom', 'untrn'], params: { end_block: 1_000_000 } } } },
      ],
      [
        'auctions manager',
        admin,
        d.auctionsManager,
        { admin: { update_min_amount: { denom: 'uatom', min_amount: { send: '1', start_auction: '2' } } } },
      ],
      ['oracle', owner, d.oracle, { update_price: { pair: ['uatom', 'untrn'] } }],
      ['oracle', admin, d.oracle, { manual_price_update: { pair: ['uatom', 'untrn'], price: '1.5' } }],
      ['oracle', admin, d.oracle, { update_config: { seconds_allow_manual_change: 10 } }],
      ['auction', owner, auction, { withdraw_funds: {} }],
      ['auction', owner, auction, { finish_auction: { limit: 5 } }],
      ['auction', owner, auction, { clean_after_auction: {} }],
    ]
    for (const [name, sender, contract, msg] of cases) {
      const before = w.net.snapshot()
      let caught: unknown
      try {
        w.net.execute(sender, contract, msg, [{ denom: 'untrn', amount: '1' }])
      } catch (e) {
        caught = e
      }
      const what = `${name} ${JSON.stringify(msg)}`
      expect(TxError.isInstance(caught), what).toBe(true)
      expect(ContractError.isInstance((caught as TxError).contractError), what).toBe(true)
      expect((caught as TxError).contractError.message, what).toBe(NON_PAYABLE)
      expect(sameState(before, w.net.snapshot()), what).toBe(true)
    }
  })

  it('on instantiation of the services manager, rebalancer, auctions manager, auction and oracle; the account takes funds', () => {
    const w = world()
    const { net, d, admin } = w
    const funds = [{ denom: 'uatom', amount: '1' }]
    const inits: [number, JsonValue][] = [
      [d.codeIds.servicesManager, { whitelisted_code_ids: [d.codeIds.account] }],
      [
        d.codeIds.auctionsManager,
        { auction_code_id: d.codeIds.auction, min_auction_amount: [], server_addr: admin },
      ],
      [
        d.codeIds.rebalancer,
        {
          denom_whitelist: ['uatom'],
          base_denom_whitelist: [{ denom: 'uatom', min_balance_limit: '1' }],
          services_manager_addr: d.servicesManager,
          cycle_start: '1704067200000000000',
          auctions_manager_addr: d.auctionsManager,
          cycle_period: 86400,
          fees: { denom: 'untrn', register_fee: '0', resume_fee: '0' },
        },
      ],
      [
        d.codeIds.auction,
        {
          pair: ['uatom', 'untrn'],
          auction_strategy: { start_price_perc: 2000, end_price_perc: 2000 },
          chain_halt_config: { cap: '14400', block_avg: '3' },
          price_freshness_strategy: { limit: '3', multipliers: [] },
        },
      ],
      [
        d.codeIds.oracle,
        {
          auctions_manager_addr: d.auctionsManager,
          seconds_allow_manual_change: 1,
          seconds_auction_prices_fresh: 1,
        },
      ],
    ]
    for (const [codeId, msg] of inits) {
      expect(() => net.instantiate(admin, codeId, msg, { label: 'x', funds }), JSON.stringify(msg)).toThrow(
        NON_PAYABLE,
      )
    }
    const account = net.instantiate(
      admin,
      d.codeIds.account,
      { services_manager: d.servicesManager },
      {
        label: 'a',
        funds,
      },
    )
    expect(net.balance(account, 'uatom')).toBe(1n)
  })

  it('payable messages still take their funds: deposits, bids and the exact service fees', () => {
    const w = world()
    const { net, d, owner, account } = w
    // a deposit through the manager reaches the pair's auction
    net.execute(owner, d.auctionsManager, { auction_funds: { pair: ['uatom', 'untrn'] } }, [
      { denom: 'uatom', amount: (2n * M).toString() },
    ])
    expect(net.balance(d.auctions['uatom|untrn']!, 'uatom')).toBe(2n * M)
    // the register fee was taken exactly and sent on to the services manager
    expect(net.balance(d.servicesManager, 'untrn')).toBe(M)
    expect(net.balance(d.rebalancer, 'untrn')).toBe(0n)
    // a fee paid with more than the fee is refused (must_pay and equality, as the deployed contract)
    const other = net.makeAddress('other')
    net.mint(other, [{ denom: 'untrn', amount: 5n * M }])
    expect(() =>
      createAccount(net, d, other, P_ONLY, {
        label: 'over',
        funds: [{ denom: 'untrn', amount: 5n * M }],
      }),
    ).not.toThrow() // the account pays the queried fee (1 NTRN) from its 5
    expect(net.balance(d.servicesManager, 'untrn')).toBe(2n * M)
    // a resume after the account's own pause takes no fee, and so no funds
    net.execute(owner, account, { pause_service: { service_name: 'rebalancer', reason: null } })
    expect(() =>
      net.execute(d.servicesManager, d.rebalancer, { resume: { resume_for: account, sender: account } }, [
        { denom: 'untrn', amount: '1' },
      ]),
    ).toThrow(NON_PAYABLE)
  })

  it('the rebalancer refuses a fee that is not exactly the fee', () => {
    const w = world()
    const { net, d } = w
    const stranger = net.makeAddress('stranger')
    net.mint(stranger, [{ denom: 'untrn', amount: 10n * M }])
    const acc = net.instantiate(
      stranger,
      d.codeIds.account,
      { services_manager: d.servicesManager },
      { label: 'acc', funds: [{ denom: 'uatom', amount: '0' }] },
    )
    net.mint(acc, [
      { denom: 'uatom', amount: 100n * M },
      { denom: 'untrn', amount: 10n * M },
    ])
    const data = encodeServiceData(configToRebalancerData(P_ONLY))
    // the account forwards through the services manager with 2 NTRN instead of 1
    expect(() =>
      net.execute(stranger, acc, {
        execute_by_admin: {
          msgs: [
            {
              wasm: {
                execute: {
                  contract_addr: d.servicesManager,
                  msg: Buffer.from(
                    JSON.stringify({ register_to_service: { service_name: 'rebalancer', data } }),
                  ).toString('base64'),
                  funds: [{ denom: 'untrn', amount: (2n * M).toString() }],
                },
              },
            },
          ],
        },
      }),
    ).toThrow(/register fee not paid: exactly 1000000untrn required/)
  })
})
