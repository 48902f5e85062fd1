/**
 * Typed queries (issue #6, item 5): every query message of wire-formats.md, golden, and answers
 * validated with zod (a wrong answer is refused naming the field).
 */
import type { ChainClient, JsonValue } from '@rebalancer/types'
import { WireError } from '@rebalancer/types'
import { describe, expect, it } from 'vitest'
import {
  auctionQueries,
  auctionsManagerQueries,
  oracleQueries,
  polytoneRemoteAddress,
  type QuerySpec,
  rebalancerQueries,
  runQuery,
  servicesManagerQueries,
} from '../src/index.js'
import {
  ACCOUNT,
  AUCTION_ATOM_NTRN,
  AUCTIONS_MANAGER,
  DAO,
  NOTE,
  ORACLE,
  PROXY,
  REBALANCER,
  SERVICES_MANAGER,
  TRUSTEE,
} from './fixtures.js'

const P = ['uatom', 'untrn'] as const
const NS = '1700000000000000000'
const CONFIG = {
  trustee: null,
  base_denom: 'untrn',
  targets: [
    { denom: 'untrn', percentage: '0.9', min_balance: null, last_input: null, last_i: '0' },
    { denom: 'uatom', percentage: '0.1', min_balance: '5', last_input: '12.5', last_i: '-0.25' },
  ],
  pid: { p: '0.1', i: '0', d: '0' },
  max_limit: '0.05',
  last_rebalance: NS,
  has_min_balance: true,
  target_override_strategy: 'proportional',
}
const AUCTION = {
  status: { close_auction: [null, '0', '0'] },
  start_block: 10,
  end_block: 20,
  start_price: '1.8',
  end_price: '1.2',
  available_amount: '0',
  resolved_amount: '187500000',
  total_amount: '125000000',
  leftovers: ['0', '0'],
  last_checked_block: { height: 21, time: NS, chain_id: 'neutron-1' },
}

/** [spec, expected message JSON text, a valid answer] */
const cases: [string, QuerySpec<unknown>, string, unknown][] = [
  [
    'get_config',
    rebalancerQueries.getConfig(REBALANCER, ACCOUNT),
    `{"get_config":{"addr":"${ACCOUNT}"}}`,
    CONFIG,
  ],
  [
    'get_all_configs',
    rebalancerQueries.getAllConfigs(REBALANCER),
    '{"get_all_configs":{"start_after":null,"limit":null}}',
    [[ACCOUNT, CONFIG]],
  ],
  [
    'get_paused_config',
    rebalancerQueries.getPausedConfig(REBALANCER, ACCOUNT),
    `{"get_paused_config":{"addr":"${ACCOUNT}"}}`,
    { pauser: TRUSTEE, reason: { account_reason: 'risk' }, config: CONFIG },
  ],
  [
    'get_system_status',
    rebalancerQueries.getSystemStatus(REBALANCER),
    '"get_system_status"',
    { processing: { cycle_started: NS, start_from: ACCOUNT, prices: [[['uatom', 'untrn'], '1.5']] } },
  ],
  [
    'get_white_lists',
    rebalancerQueries.getWhiteLists(REBALANCER),
    '"get_white_lists"',
    { denom_whitelist: ['uatom'], base_denom_whitelist: [{ denom: 'untrn', min_balance_limit: '10000000' }] },
  ],
  [
    'get_managers_addrs',
    rebalancerQueries.getManagersAddrs(REBALANCER),
    '"get_managers_addrs"',
    { services: SERVICES_MANAGER, auctions: AUCTIONS_MANAGER },
  ],
  [
    'rebalancer get_service_fee',
    rebalancerQueries.getServiceFee(REBALANCER, ACCOUNT, 'register'),
    `{"get_service_fee":{"account":"${ACCOUNT}","action":"register"}}`,
    { denom: 'untrn', amount: '1000000' },
  ],
  [
    'get_service_addr',
    servicesManagerQueries.getServiceAddr(SERVICES_MANAGER),
    '{"get_service_addr":{"service":"rebalancer"}}',
    REBALANCER,
  ],
  [
    'is_service',
    servicesManagerQueries.isService(SERVICES_MANAGER, REBALANCER),
    `{"is_service":{"addr":"${REBALANCER}"}}`,
    true,
  ],
  [
    'services manager get_service_fee',
    servicesManagerQueries.getServiceFee(SERVICES_MANAGER, ACCOUNT, 'resume'),
    `{"get_service_fee":{"account":"${ACCOUNT}","service":"rebalancer","action":"resume"}}`,
    null,
  ],
  [
    'get_pairs',
    auctionsManagerQueries.getPairs(AUCTIONS_MANAGER),
    '{"get_pairs":{"start_after":null,"limit":null}}',
    [[['uatom', 'untrn'], AUCTION_ATOM_NTRN]],
  ],
  [
    'get_pairs paged',
    auctionsManagerQueries.getPairs(AUCTIONS_MANAGER, { startAfter: P, limit: 10 }),
    '{"get_pairs":{"start_after":["uatom","untrn"],"limit":10}}',
    [],
  ],
  [
    'get_pair_addr',
    auctionsManagerQueries.getPairAddr(AUCTIONS_MANAGER, P),
    '{"get_pair_addr":{"pair":["uatom","untrn"]}}',
    AUCTION_ATOM_NTRN,
  ],
  [
    'manager get_price',
    auctionsManagerQueries.getPrice(AUCTIONS_MANAGER, P),
    '{"get_price":{"pair":["uatom","untrn"]}}',
    { price: '1.5', time: NS },
  ],
  [
    'get_min_limit',
    auctionsManagerQueries.getMinLimit(AUCTIONS_MANAGER, 'uatom'),
    '{"get_min_limit":{"denom":"uatom"}}',
    { send: '5', start_auction: '10' },
  ],
  ['get_auction', auctionQueries.getAuction(AUCTION_ATOM_NTRN), '"get_auction"', AUCTION],
  [
    'auction get_price',
    auctionQueries.getPrice(AUCTION_ATOM_NTRN),
    '"get_price"',
    { price: '1.5', time: NS },
  ],
  [
    'get_funds_amount',
    auctionQueries.getFundsAmount(AUCTION_ATOM_NTRN, ACCOUNT),
    `{"get_funds_amount":{"addr":"${ACCOUNT}"}}`,
    { curr: '0', next: '5' },
  ],
  [
    'auction get_config',
    auctionQueries.getConfig(AUCTION_ATOM_NTRN),
    '"get_config"',
    {
      is_paused: false,
      pair: ['uatom', 'untrn'],
      chain_halt_config: { cap: '14400', block_avg: '3' },
      price_freshness_strategy: { limit: '3', multipliers: [['2', '2']] },
    },
  ],
  [
    'oracle get_price',
    oracleQueries.getPrice(ORACLE, P),
    '{"get_price":{"pair":["uatom","untrn"]}}',
    { price: '1.5', time: NS },
  ],
  [
    'get_all_prices',
    oracleQueries.getAllPrices(ORACLE),
    '{"get_all_prices":{"from":null,"limit":null}}',
    [[['uatom', 'untrn'], { price: '1.5', time: NS }]],
  ],
  [
    'remote_address',
    polytoneRemoteAddress(NOTE, DAO),
    `{"remote_address":{"local_address":"${DAO}"}}`,
    PROXY,
  ],
]

function chainAnswering(
  answer: unknown,
  seen: [string, JsonValue][] = [],
): Pick<ChainClient, 'queryContractSmart'> {
  return {
    queryContractSmart: async (address, msg) => {
      seen.push([address, msg])
      return structuredClone(answer)
    },
  }
}

describe('typed queries', () => {
  it.each(cases)(
    '%s: the spec message, and a valid answer comes back typed',
    async (_n, spec, text, answer) => {
      expect(JSON.stringify(spec.msg)).toBe(text)
      const seen: [string, JsonValue][] = []
      expect(await runQuery(chainAnswering(answer, seen), spec)).toEqual(answer)
      expect(seen).toEqual([[spec.contractAddress, spec.msg]])
    },
  )

  it('refuses an answer that breaks the schema, naming the query and the field', async () => {
    const bad = { ...CONFIG, targets: [{ ...CONFIG.targets[0], bps: 9000 }] }
    const err = await runQuery(chainAnswering(bad), rebalancerQueries.getConfig(REBALANCER, ACCOUNT)).catch(
      (e) => e,
    )
    expect(err).toBeInstanceOf(WireError)
    expect(err.message).toMatch(/^get_config answer: unknown field `bps`.* at targets\[0\]$/)
    await expect(
      runQuery(chainAnswering({ price: 1.5, time: NS }), oracleQueries.getPrice(ORACLE, P)),
    ).rejects.toThrow(/invalid type: number, expected .*decimal at price/)
    await expect(
      runQuery(chainAnswering('not-an-address'), servicesManagerQueries.getServiceAddr(SERVICES_MANAGER)),
    ).rejects.toThrow(/invalid address/)
  })

  it('validates the query message itself', () => {
    expect(() => auctionsManagerQueries.getPairAddr(AUCTIONS_MANAGER, ['uatom', 'uatom'])).toThrow(
      /the two denoms must differ/,
    )
    expect(() => rebalancerQueries.getConfig(REBALANCER, 'Neutron1abc')).toThrow(/invalid address/)
  })
})
