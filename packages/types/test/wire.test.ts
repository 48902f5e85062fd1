/**
 * Golden tests: every JSON example printed in wire-formats.md parses with its schema
 * (placeholders such as `<addr>` and `ibc/…USDC` replaced by valid values), and parsing with
 * `parseWire` returns the same JSON.
 */
import { describe, expect, expectTypeOf, it } from 'vitest'
import type { z } from 'zod'
import type {
  RebalancerQueryMsg as RebalancerQueryMsgT,
  RebalancerUpdateData as RebalancerUpdateDataT,
} from '../src/wire/index.js'
import {
  AccountExecuteMsg,
  AccountInstantiateMsg,
  ActiveAuctionResponse,
  AllPricesResponse,
  AuctionConfigResponse,
  AuctionExecuteMsg,
  AuctionInstantiateMsg,
  AuctionQueryMsg,
  AuctionQueryResponses,
  AuctionsManagerExecuteMsg,
  AuctionsManagerInstantiateMsg,
  AuctionsManagerQueryMsg,
  AuctionsManagerQueryResponses,
  CosmosMsg,
  DaoPreProposeExecuteMsg,
  DaoProposalExecuteMsg,
  encodeServiceData,
  FundsAmountResponse,
  OracleExecuteMsg,
  OracleInstantiateMsg,
  OracleQueryMsg,
  PauseDataResponse,
  PolytoneNoteExecuteMsg,
  PolytoneNoteQueryMsg,
  PolytoneRemoteAddressResponse,
  parseEnumMsg,
  parseWire,
  RebalancerConfigResponse,
  RebalancerData,
  RebalancerExecuteMsg,
  RebalancerExecuteUnitVariants,
  RebalancerExecuteVariants,
  RebalancerInstantiateMsg,
  RebalancerQueryMsg,
  RebalancerQueryResponses,
  RebalancerQueryUnitVariants,
  RebalancerQueryVariants,
  RebalancerUpdateData,
  ServicesManagerExecuteMsg,
  ServicesManagerInstantiateMsg,
  ServicesManagerQueryMsg,
  ServicesManagerQueryResponses,
  SystemRebalanceStatus,
} from '../src/wire/index.js'
import {
  ACCOUNT,
  ADMIN,
  AUCTION_ATOM_NTRN,
  AUCTIONS_MANAGER,
  COSMOS_USER,
  NOTE,
  ORACLE,
  PAIR_AUCTIONS,
  REBALANCER,
  REBALANCER_DATA_EXAMPLE,
  SERVER,
  SERVICES_MANAGER,
  TRUSTEE,
  USDC,
} from './wire-fixtures.js'

const NS = '1700000000000000000'
const ATOM = 'ibc/C4CFF46FD6DE35CA4CF4CE031E643C8FDC9BA4B99AE598E9B0ED98FE3A2319F9'

const AUCTION_INSTANTIATE = {
  pair: ['uatom', 'untrn'],
  auction_strategy: { start_price_perc: 2000, end_price_perc: 2000 },
  chain_halt_config: { cap: '14400', block_avg: '3' },
  price_freshness_strategy: {
    limit: '3',
    multipliers: [
      ['2', '2'],
      ['1', '1.5'],
    ],
  },
}

const WASM_EXECUTE = {
  wasm: { execute: { contract_addr: ACCOUNT, msg: encodeServiceData({ bid: {} }), funds: [] } },
}
const BANK_SEND = { bank: { send: { to_address: ADMIN, amount: [{ denom: 'untrn', amount: '1000000' }] } } }
const STARGATE = { stargate: { type_url: '/cosmos.bank.v1beta1.MsgSend', value: 'CgVoZWxsbw==' } }

function golden(schema: z.ZodType, value: unknown, what: string): void {
  expect(schema.safeParse(value).success, `${what}: zod accepts ${JSON.stringify(value)}`).toBe(true)
  expect(parseWire(schema, value, what)).toEqual(value)
}

type Case = [string, z.ZodType, unknown]

describe('wire-formats.md "Account"', () => {
  const cases: Case[] = [
    ['instantiate', AccountInstantiateMsg, { services_manager: SERVICES_MANAGER, referral: null }],
    [
      'register_to_service',
      AccountExecuteMsg,
      {
        register_to_service: { service_name: 'rebalancer', data: encodeServiceData(REBALANCER_DATA_EXAMPLE) },
      },
    ],
    [
      'update_service',
      AccountExecuteMsg,
      { update_service: { service_name: 'rebalancer', data: encodeServiceData({ targets: [] }) } },
    ],
    [
      'deregister_from_service',
      AccountExecuteMsg,
      { deregister_from_service: { service_name: 'rebalancer' } },
    ],
    ['pause_service', AccountExecuteMsg, { pause_service: { service_name: 'rebalancer', reason: 'text' } }],
    ['pause_service without reason', AccountExecuteMsg, { pause_service: { service_name: 'rebalancer' } }],
    ['resume_service', AccountExecuteMsg, { resume_service: { service_name: 'rebalancer' } }],
    ['execute_by_admin (withdraw)', AccountExecuteMsg, { execute_by_admin: { msgs: [BANK_SEND] } }],
    [
      'send_funds_by_service',
      AccountExecuteMsg,
      { send_funds_by_service: { msgs: [BANK_SEND], atomic: false } },
    ],
    [
      'start_admin_change',
      AccountExecuteMsg,
      { start_admin_change: { addr: TRUSTEE, expiration: { at_height: 1000 } } },
    ],
    ['cancel_admin_change{}', AccountExecuteMsg, { cancel_admin_change: {} }],
    ['approve_admin_change{}', AccountExecuteMsg, { approve_admin_change: {} }],
    ['RebalancerData', RebalancerData, REBALANCER_DATA_EXAMPLE],
    ['RebalancerUpdateData: targets [] keeps', RebalancerUpdateData, { targets: [] }],
    [
      'RebalancerUpdateData: set/clear',
      RebalancerUpdateData,
      {
        trustee: { set: TRUSTEE },
        max_limit_bps: 'clear',
        targets: [],
        pid: { p: '0.2', i: '0', d: '0' },
        target_override_strategy: 'priority',
      },
    ],
    [
      'RebalancerUpdateData: clear trustee, set max limit, new targets',
      RebalancerUpdateData,
      {
        trustee: 'clear',
        base_denom: 'untrn',
        max_limit_bps: { set: 1000 },
        targets: [
          { denom: 'untrn', bps: 5000, min_balance: '1000000' },
          { denom: USDC, bps: 5000 },
        ],
      },
    ],
  ]
  it.each(cases)('%s', (what, schema, value) => golden(schema, value, what))

  it('RebalancerData with each speed preset decodes', () => {
    for (const p of ['0.05', '0.1', '0.2']) {
      golden(RebalancerData, { ...REBALANCER_DATA_EXAMPLE, pid: { p, i: '0', d: '0' } }, 'RebalancerData')
    }
  })

  it('instantiate2 has no CosmosMsg form the deployed contracts accept (a stargate message carries it)', () => {
    const instantiate2 = {
      wasm: {
        instantiate2: {
          admin: ADMIN,
          code_id: 1234,
          label: 'valence account',
          msg: encodeServiceData({ services_manager: SERVICES_MANAGER, referral: null }),
          funds: [
            { denom: USDC, amount: '5000000' },
            { denom: 'untrn', amount: '10000000' },
          ],
          salt: encodeServiceData('valence'),
        },
      },
    }
    expect(CosmosMsg.safeParse(instantiate2).success).toBe(false)
    expect(() => parseWire(CosmosMsg, instantiate2, 'CosmosMsg')).toThrow(
      'CosmosMsg: unknown variant `instantiate2`, expected one of `execute`, `instantiate`, `migrate`, `update_admin`, `clear_admin` at wasm',
    )
  })
})

describe('wire-formats.md "Services manager"', () => {
  const data = encodeServiceData(REBALANCER_DATA_EXAMPLE)
  const cases: Case[] = [
    ['instantiate', ServicesManagerInstantiateMsg, { whitelisted_code_ids: [1234] }],
    [
      'register_to_service',
      ServicesManagerExecuteMsg,
      { register_to_service: { service_name: 'rebalancer', data } },
    ],
    ['update_service', ServicesManagerExecuteMsg, { update_service: { service_name: 'rebalancer', data } }],
    [
      'deregister_from_service',
      ServicesManagerExecuteMsg,
      { deregister_from_service: { service_name: 'rebalancer' } },
    ],
    [
      'pause_service',
      ServicesManagerExecuteMsg,
      { pause_service: { service_name: 'rebalancer', pause_for: ACCOUNT, reason: 'holiday' } },
    ],
    [
      'resume_service',
      ServicesManagerExecuteMsg,
      { resume_service: { service_name: 'rebalancer', resume_for: ACCOUNT } },
    ],
    [
      'admin add_service',
      ServicesManagerExecuteMsg,
      { admin: { add_service: { name: 'rebalancer', addr: REBALANCER } } },
    ],
    [
      'admin update_service',
      ServicesManagerExecuteMsg,
      { admin: { update_service: { name: 'rebalancer', addr: REBALANCER } } },
    ],
    [
      'admin remove_service',
      ServicesManagerExecuteMsg,
      { admin: { remove_service: { name: 'rebalancer' } } },
    ],
    [
      'admin update_code_id_whitelist',
      ServicesManagerExecuteMsg,
      { admin: { update_code_id_whitelist: { to_add: [5], to_remove: [4] } } },
    ],
    ['admin withdraw', ServicesManagerExecuteMsg, { admin: { withdraw: { denom: 'untrn' } } }],
    [
      'admin start_admin_change',
      ServicesManagerExecuteMsg,
      { admin: { start_admin_change: { addr: ADMIN, expiration: { at_time: NS } } } },
    ],
    // struct variants `{}`: approve in every version, cancel since v0.1.6 (issue #9)
    ['admin cancel_admin_change', ServicesManagerExecuteMsg, { admin: { cancel_admin_change: {} } }],
    ['approve_admin_change', ServicesManagerExecuteMsg, { approve_admin_change: {} }],
    ['get_service_addr', ServicesManagerQueryMsg, { get_service_addr: { service: 'rebalancer' } }],
    ['is_service', ServicesManagerQueryMsg, { is_service: { addr: REBALANCER } }],
    [
      'get_service_fee register',
      ServicesManagerQueryMsg,
      { get_service_fee: { account: ACCOUNT, service: 'rebalancer', action: 'register' } },
    ],
    [
      'get_service_fee resume',
      ServicesManagerQueryMsg,
      { get_service_fee: { account: ACCOUNT, service: 'rebalancer', action: 'resume' } },
    ],
    ['get_service_fee → null', ServicesManagerQueryResponses.get_service_fee, null],
    [
      'get_service_fee → coin',
      ServicesManagerQueryResponses.get_service_fee,
      { denom: 'untrn', amount: '1000000' },
    ],
    ['get_service_addr → addr', ServicesManagerQueryResponses.get_service_addr, REBALANCER],
    ['is_service → bool', ServicesManagerQueryResponses.is_service, true],
  ]
  it.each(cases)('%s', (what, schema, value) => golden(schema, value, what))
})

describe('wire-formats.md "Rebalancer"', () => {
  const instantiate = {
    denom_whitelist: ['untrn', ATOM, USDC],
    base_denom_whitelist: [
      { denom: 'untrn', min_balance_limit: '10000000' },
      { denom: ATOM, min_balance_limit: '10000000' },
    ],
    services_manager_addr: SERVICES_MANAGER,
    cycle_start: NS,
    auctions_manager_addr: AUCTIONS_MANAGER,
    cycle_period: 86400,
    fees: { denom: 'untrn', register_fee: '1000000', resume_fee: '1000000' },
  }
  const statusNotStarted = { not_started: { cycle_start: NS } }
  const statusProcessing = {
    processing: { cycle_started: NS, start_from: ACCOUNT, prices: [[['uatom', 'untrn'], '1.5']] },
  }
  const statusFinished = { finished: { next_cycle: NS } }
  const storedConfig = {
    trustee: null,
    base_denom: 'untrn',
    targets: [
      { denom: 'untrn', percentage: '0.9', min_balance: null, last_input: null, last_i: '+0' },
      { denom: USDC, percentage: '0.1', min_balance: null, last_input: '12.5', last_i: '-0.25' },
    ],
    pid: { p: '0.1', i: '0', d: '0' },
    max_limit: '0.05',
    last_rebalance: NS,
    has_min_balance: false,
    target_override_strategy: 'proportional',
  }
  const cases: Case[] = [
    ['instantiate', RebalancerInstantiateMsg, instantiate],
    ['system_rebalance limit 50', RebalancerExecuteMsg, { system_rebalance: { limit: 50 } }],
    ['system_rebalance limit null', RebalancerExecuteMsg, { system_rebalance: { limit: null } }],
    ['system_rebalance limit absent', RebalancerExecuteMsg, { system_rebalance: {} }],
    [
      'register (forwarded)',
      RebalancerExecuteMsg,
      { register: { register_for: ACCOUNT, data: REBALANCER_DATA_EXAMPLE } },
    ],
    ['update (forwarded)', RebalancerExecuteMsg, { update: { update_for: ACCOUNT, data: { targets: [] } } }],
    ['deregister (forwarded)', RebalancerExecuteMsg, { deregister: { deregister_for: ACCOUNT } }],
    [
      'pause (forwarded)',
      RebalancerExecuteMsg,
      { pause: { pause_for: ACCOUNT, sender: TRUSTEE, reason: null } },
    ],
    ['resume (forwarded)', RebalancerExecuteMsg, { resume: { resume_for: ACCOUNT, sender: ACCOUNT } }],
    [
      'admin update_system_status',
      RebalancerExecuteMsg,
      { admin: { update_system_status: { status: statusFinished } } },
    ],
    [
      'admin update_denom_whitelist',
      RebalancerExecuteMsg,
      { admin: { update_denom_whitelist: { to_add: ['uosmo'], to_remove: [USDC] } } },
    ],
    [
      'admin update_base_denom_whitelist',
      RebalancerExecuteMsg,
      {
        admin: {
          update_base_denom_whitelist: {
            to_add: [{ denom: 'uosmo', min_balance_limit: '5' }],
            to_remove: ['untrn'],
          },
        },
      },
    ],
    [
      'admin update_services_manager',
      RebalancerExecuteMsg,
      { admin: { update_services_manager: { addr: SERVICES_MANAGER } } },
    ],
    [
      'admin update_auctions_manager',
      RebalancerExecuteMsg,
      { admin: { update_auctions_manager: { addr: AUCTIONS_MANAGER } } },
    ],
    ['admin update_cycle_period', RebalancerExecuteMsg, { admin: { update_cycle_period: { period: 3600 } } }],
    [
      'admin update_fees',
      RebalancerExecuteMsg,
      { admin: { update_fees: { fees: { denom: 'untrn', register_fee: '0', resume_fee: '5' } } } },
    ],
    [
      'admin start_admin_change',
      RebalancerExecuteMsg,
      { admin: { start_admin_change: { addr: ADMIN, expiration: { never: {} } } } },
    ],
    // struct variants `{}` since v0.1.6 (issue #9)
    ['admin cancel_admin_change', RebalancerExecuteMsg, { admin: { cancel_admin_change: {} } }],
    ['approve_admin_change', RebalancerExecuteMsg, { approve_admin_change: {} }],
    ['get_config', RebalancerQueryMsg, { get_config: { addr: ACCOUNT } }],
    ['get_all_configs', RebalancerQueryMsg, { get_all_configs: { start_after: null, limit: null } }],
    ['get_paused_config', RebalancerQueryMsg, { get_paused_config: { addr: ACCOUNT } }],
    ['get_system_status', RebalancerQueryMsg, 'get_system_status'],
    ['get_white_lists', RebalancerQueryMsg, 'get_white_lists'],
    ['get_managers_addrs', RebalancerQueryMsg, 'get_managers_addrs'],
    ['get_service_fee', RebalancerQueryMsg, { get_service_fee: { account: ACCOUNT, action: 'register' } }],
    ['status not_started', SystemRebalanceStatus, statusNotStarted],
    ['status processing', SystemRebalanceStatus, statusProcessing],
    ['status finished', SystemRebalanceStatus, statusFinished],
    ['get_config → stored config', RebalancerConfigResponse, storedConfig],
    [
      'get_paused_config → pause data',
      PauseDataResponse,
      { pauser: REBALANCER, reason: 'below_minimum', config: storedConfig },
    ],
    [
      'get_paused_config → account reason',
      RebalancerQueryResponses.get_paused_config,
      { pauser: TRUSTEE, reason: { account_reason: 'holiday' }, config: storedConfig },
    ],
    ['get_all_configs → list', RebalancerQueryResponses.get_all_configs, [[ACCOUNT, storedConfig]]],
    [
      'get_white_lists → lists',
      RebalancerQueryResponses.get_white_lists,
      {
        denom_whitelist: instantiate.denom_whitelist,
        base_denom_whitelist: instantiate.base_denom_whitelist,
      },
    ],
    [
      'get_managers_addrs → addrs',
      RebalancerQueryResponses.get_managers_addrs,
      { services: SERVICES_MANAGER, auctions: AUCTIONS_MANAGER },
    ],
    [
      'get_service_fee → coin',
      RebalancerQueryResponses.get_service_fee,
      { denom: 'untrn', amount: '1000000' },
    ],
  ]
  it.each(cases)('%s', (what, schema, value) => golden(schema, value, what))
})

describe('wire-formats.md "Auctions manager and auctions"', () => {
  const pair = ['uatom', 'untrn']
  const activeAuction = (status: unknown) => ({
    status,
    start_block: 100,
    end_block: 1100,
    start_price: '1.8',
    end_price: '1.2',
    available_amount: '750',
    resolved_amount: '435',
    total_amount: '1000',
    leftovers: ['0', '0'],
    last_checked_block: { height: 200, time: NS, chain_id: 'neutron-1' },
  })
  const cases: Case[] = [
    [
      'manager instantiate',
      AuctionsManagerInstantiateMsg,
      {
        auction_code_id: 7,
        min_auction_amount: [['uatom', { send: '5', start_auction: '10' }]],
        server_addr: SERVER,
      },
    ],
    ['manager auction_funds', AuctionsManagerExecuteMsg, { auction_funds: { pair } }],
    ['manager withdraw_funds', AuctionsManagerExecuteMsg, { withdraw_funds: { pair } }],
    ['manager finish_auction', AuctionsManagerExecuteMsg, { finish_auction: { pair, limit: 5 } }],
    [
      'server open_auction',
      AuctionsManagerExecuteMsg,
      { server: { open_auction: { pair, params: { start_block: null, end_block: 123 } } } },
    ],
    ['admin update_oracle', AuctionsManagerExecuteMsg, { admin: { update_oracle: { oracle_addr: ORACLE } } }],
    [
      'admin new_auction',
      AuctionsManagerExecuteMsg,
      {
        admin: {
          new_auction: {
            msg: AUCTION_INSTANTIATE,
            label: 'auction uatom-untrn',
            min_amount: { send: '5', start_auction: '10' },
          },
        },
      },
    ],
    ['admin pause_auction', AuctionsManagerExecuteMsg, { admin: { pause_auction: { pair } } }],
    ['admin resume_auction', AuctionsManagerExecuteMsg, { admin: { resume_auction: { pair } } }],
    ['admin update_auction_id', AuctionsManagerExecuteMsg, { admin: { update_auction_id: { code_id: 8 } } }],
    [
      'admin update_min_amount',
      AuctionsManagerExecuteMsg,
      { admin: { update_min_amount: { denom: 'uatom', min_amount: { send: '5', start_auction: '10' } } } },
    ],
    [
      'admin update_strategy',
      AuctionsManagerExecuteMsg,
      { admin: { update_strategy: { pair, strategy: { start_price_perc: 5000, end_price_perc: 5000 } } } },
    ],
    [
      'admin update_chain_halt_config',
      AuctionsManagerExecuteMsg,
      { admin: { update_chain_halt_config: { pair, halt_config: { cap: '14400', block_avg: '3' } } } },
    ],
    [
      'admin update_price_freshness_strategy',
      AuctionsManagerExecuteMsg,
      {
        admin: {
          update_price_freshness_strategy: { pair, strategy: AUCTION_INSTANTIATE.price_freshness_strategy },
        },
      },
    ],
    [
      'admin migrate_auction',
      AuctionsManagerExecuteMsg,
      { admin: { migrate_auction: { pair, code_id: 9, msg: { no_state_change: {} } } } },
    ],
    [
      'admin change_server_addr',
      AuctionsManagerExecuteMsg,
      { admin: { change_server_addr: { addr: SERVER } } },
    ],
    [
      'admin start_admin_change',
      AuctionsManagerExecuteMsg,
      { admin: { start_admin_change: { addr: ADMIN, expiration: { at_height: 5 } } } },
    ],
    ['admin cancel_admin_change', AuctionsManagerExecuteMsg, { admin: { cancel_admin_change: {} } }],
    ['approve_admin_change', AuctionsManagerExecuteMsg, { approve_admin_change: {} }],
    ['get_pairs', AuctionsManagerQueryMsg, { get_pairs: { start_after: null, limit: null } }],
    ['get_pair_addr', AuctionsManagerQueryMsg, { get_pair_addr: { pair } }],
    ['manager get_price', AuctionsManagerQueryMsg, { get_price: { pair } }],
    ['get_min_limit', AuctionsManagerQueryMsg, { get_min_limit: { denom: 'uatom' } }],
    ['get_pairs → list', AuctionsManagerQueryResponses.get_pairs, [[pair, AUCTION_ATOM_NTRN]]],
    ['get_pair_addr → addr', AuctionsManagerQueryResponses.get_pair_addr, AUCTION_ATOM_NTRN],
    ['manager get_price → price', AuctionsManagerQueryResponses.get_price, { price: '1.5', time: NS }],
    [
      'get_min_limit → min amount',
      AuctionsManagerQueryResponses.get_min_limit,
      { send: '5', start_auction: '10' },
    ],
    ['auction instantiate', AuctionInstantiateMsg, AUCTION_INSTANTIATE],
    ['auction_funds', AuctionExecuteMsg, { auction_funds: {} }],
    ['withdraw_funds', AuctionExecuteMsg, { withdraw_funds: {} }],
    ['bid', AuctionExecuteMsg, { bid: {} }],
    ['finish_auction', AuctionExecuteMsg, { finish_auction: { limit: 5 } }],
    ['clean_after_auction', AuctionExecuteMsg, { clean_after_auction: {} }],
    ['auction_funds_manager', AuctionExecuteMsg, { auction_funds_manager: { sender: ACCOUNT } }],
    ['withdraw_funds_manager', AuctionExecuteMsg, { withdraw_funds_manager: { sender: ACCOUNT } }],
    ['auction admin pause', AuctionExecuteMsg, { admin: 'pause_auction' }],
    ['auction admin resume', AuctionExecuteMsg, { admin: 'resume_auction' }],
    [
      'auction admin update_strategy',
      AuctionExecuteMsg,
      { admin: { update_strategy: { strategy: { start_price_perc: 2000, end_price_perc: 2000 } } } },
    ],
    [
      'auction admin start_auction',
      AuctionExecuteMsg,
      { admin: { start_auction: { start_block: 10, end_block: 20 } } },
    ],
    [
      'auction admin update_chain_halt_config',
      AuctionExecuteMsg,
      { admin: { update_chain_halt_config: { cap: '14400', block_avg: '3' } } },
    ],
    [
      'auction admin update_price_freshness_strategy',
      AuctionExecuteMsg,
      { admin: { update_price_freshness_strategy: { limit: '3', multipliers: [['2', '2']] } } },
    ],
    ['get_auction', AuctionQueryMsg, 'get_auction'],
    ['get_price', AuctionQueryMsg, 'get_price'],
    ['get_config', AuctionQueryMsg, 'get_config'],
    ['get_funds_amount', AuctionQueryMsg, { get_funds_amount: { addr: ACCOUNT } }],
    ['get_auction → started', ActiveAuctionResponse, activeAuction('started')],
    ['get_auction → finished', ActiveAuctionResponse, activeAuction('finished')],
    [
      'get_auction → close_auction',
      ActiveAuctionResponse,
      activeAuction({ close_auction: [ACCOUNT, '500', '750'] }),
    ],
    [
      'get_auction → close_auction null',
      ActiveAuctionResponse,
      activeAuction({ close_auction: [null, '0', '0'] }),
    ],
    ['get_auction → auction_closed', AuctionQueryResponses.get_auction, activeAuction('auction_closed')],
    ['get_price → price', AuctionQueryResponses.get_price, { price: '1.5', time: NS }],
    ['get_funds_amount → curr/next', FundsAmountResponse, { curr: '0', next: '1000' }],
    [
      'get_config → config',
      AuctionConfigResponse,
      {
        is_paused: false,
        pair,
        chain_halt_config: AUCTION_INSTANTIATE.chain_halt_config,
        price_freshness_strategy: AUCTION_INSTANTIATE.price_freshness_strategy,
      },
    ],
  ]
  it.each(cases)('%s', (what, schema, value) => golden(schema, value, what))
})

describe('wire-formats.md "Oracle" and "Instantiation and administration"', () => {
  const pair = ['uatom', 'untrn']
  const cases: Case[] = [
    [
      'oracle instantiate',
      OracleInstantiateMsg,
      {
        auctions_manager_addr: AUCTIONS_MANAGER,
        seconds_allow_manual_change: 172800,
        seconds_auction_prices_fresh: 259200,
      },
    ],
    ['update_price', OracleExecuteMsg, { update_price: { pair } }],
    ['manual_price_update', OracleExecuteMsg, { manual_price_update: { pair, price: '1.5' } }],
    [
      'add_astro_path',
      OracleExecuteMsg,
      {
        add_astro_path: {
          pair,
          path: [{ denom1: 'uatom', denom2: 'untrn', pool_address: AUCTION_ATOM_NTRN }],
        },
      },
    ],
    ['update_config (partial)', OracleExecuteMsg, { update_config: { seconds_allow_manual_change: 3600 } }],
    [
      'update_config (all)',
      OracleExecuteMsg,
      {
        update_config: {
          auction_manager_addr: AUCTIONS_MANAGER,
          seconds_allow_manual_change: 1,
          seconds_auction_prices_fresh: 2,
        },
      },
    ],
    [
      'start_admin_change',
      OracleExecuteMsg,
      { start_admin_change: { addr: ADMIN, expiration: { at_time: NS } } },
    ],
    ['cancel_admin_change', OracleExecuteMsg, { cancel_admin_change: {} }],
    ['approve_admin_change', OracleExecuteMsg, { approve_admin_change: {} }],
    ['get_price', OracleQueryMsg, { get_price: { pair } }],
    ['get_all_prices', OracleQueryMsg, { get_all_prices: { from: null, limit: null } }],
    ['get_all_prices → list', AllPricesResponse, [[pair, { price: '1.5', time: NS }]]],
  ]
  it.each(cases)('%s', (what, schema, value) => golden(schema, value, what))

  it('every mainnet address of the deployment table is a valid address', () => {
    for (const a of [SERVICES_MANAGER, AUCTIONS_MANAGER, REBALANCER, ORACLE, ...PAIR_AUCTIONS]) {
      golden(ServicesManagerQueryResponses.get_service_addr, a, 'Addr')
    }
  })
})

describe('wire-formats.md "Reaching the account from another chain"', () => {
  const cases: Case[] = [
    ['CosmosMsg wasm execute', CosmosMsg, WASM_EXECUTE],
    ['CosmosMsg bank send', CosmosMsg, BANK_SEND],
    ['CosmosMsg stargate', CosmosMsg, STARGATE],
    [
      'Polytone execute with callback',
      PolytoneNoteExecuteMsg,
      {
        execute: {
          msgs: [WASM_EXECUTE, BANK_SEND],
          timeout_seconds: '259200',
          callback: { receiver: COSMOS_USER, msg: encodeServiceData({ ok: true }) },
        },
      },
    ],
    [
      'Polytone execute, empty msgs, no callback',
      PolytoneNoteExecuteMsg,
      { execute: { msgs: [], timeout_seconds: '259200' } },
    ],
    ['Polytone remote_address', PolytoneNoteQueryMsg, { remote_address: { local_address: COSMOS_USER } }],
    ['remote_address → null', PolytoneRemoteAddressResponse, null],
    ['remote_address → addr', PolytoneRemoteAddressResponse, NOTE],
    [
      'DAO DAO propose',
      DaoProposalExecuteMsg,
      { propose: { title: 'Rebalance', description: 'Register', msgs: [WASM_EXECUTE], proposer: null } },
    ],
    [
      'DAO DAO pre-propose',
      DaoPreProposeExecuteMsg,
      {
        propose: {
          msg: { propose: { title: 'Rebalance', description: 'Register', msgs: [WASM_EXECUTE, STARGATE] } },
        },
      },
    ],
  ]
  it.each(cases)('%s', (what, schema, value) => golden(schema, value, what))
})

describe('parseEnumMsg dispatch', () => {
  it('returns the variant and the parsed body; null for unit variants', () => {
    const r = parseEnumMsg(
      RebalancerExecuteVariants,
      RebalancerExecuteUnitVariants,
      { system_rebalance: { limit: 50 } },
      'ExecuteMsg',
    )
    expect(r).toEqual({ variant: 'system_rebalance', body: { limit: 50 } })
    if (r.variant === 'system_rebalance') expect(r.body.limit).toBe(50)
    expect(
      parseEnumMsg(RebalancerQueryVariants, RebalancerQueryUnitVariants, 'get_system_status', 'QueryMsg'),
    ).toEqual({
      variant: 'get_system_status',
      body: null,
    })
    const admin = parseEnumMsg(
      RebalancerExecuteVariants,
      RebalancerExecuteUnitVariants,
      { admin: { cancel_admin_change: {} } },
      'ExecuteMsg',
    )
    expect(admin).toEqual({ variant: 'admin', body: { cancel_admin_change: {} } })
  })

  it('variant maps list exactly the union the message schema accepts', () => {
    expect(RebalancerQueryUnitVariants).toEqual([
      'get_system_status',
      'get_white_lists',
      'get_managers_addrs',
      'get_admin',
    ])
    for (const name of Object.keys(RebalancerExecuteVariants)) {
      expect(RebalancerExecuteMsg.safeParse(name).success).toBe(false)
    }
    for (const name of RebalancerQueryUnitVariants)
      expect(RebalancerQueryMsg.safeParse(name).success).toBe(true)
  })
})

describe('inferred types', () => {
  it('enum messages infer as unions of bare strings and one-key objects', () => {
    const a: RebalancerExecuteMsg = { system_rebalance: { limit: 5 } }
    const b: RebalancerExecuteMsg = { approve_admin_change: {} }
    const c: RebalancerExecuteMsg = { admin: { update_cycle_period: { period: 60 } } }
    const d: RebalancerUpdateDataT = { targets: [], trustee: 'clear', max_limit_bps: { set: 500 } }
    // @ts-expect-error not a variant
    const e: RebalancerExecuteMsg = 'get_system_status'
    // @ts-expect-error limit is a number
    const f: RebalancerExecuteMsg = { system_rebalance: { limit: '5' } }
    expectTypeOf<RebalancerQueryMsgT>().toExtend<string | object>()
    expectTypeOf<'get_system_status'>().toExtend<RebalancerQueryMsgT>()
    expect([a, b, c, d, e, f].length).toBe(6)
  })
})
