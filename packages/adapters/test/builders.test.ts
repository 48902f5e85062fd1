/**
 * Every builder against the JSON of wire-formats.md (golden, byte for byte including key order),
 * against the zod schemas, and against the exported JSON Schemas.
 */
import { Dec, parseWire, RebalancerData, WireError } from '@rebalancer/types'
import { describe, expect, it } from 'vitest'
import {
  accountMsgs,
  auctionMsgs,
  auctionsManagerMsgs,
  bankSend,
  type ContractExecute,
  type ContractInstantiate,
  fundAccount,
  MESSAGE_SCHEMAS,
  type MessageSchemaName,
  messageJsonSchemas,
  normalizeCoins,
  oracleMsgs,
  rebalancerMsgs,
  registerData,
  servicesManagerMsgs,
  toCosmosMsg,
  updateData,
} from '../src/index.js'
import {
  ACCOUNT,
  AUCTION_ATOM_NTRN,
  AUCTIONS_MANAGER,
  b64Text,
  jsonSchemaErrors,
  KEEPER,
  ORACLE,
  OWNER,
  REBALANCER,
  REBALANCER_DATA_JSON,
  RECIPIENT,
  SERVICES_MANAGER,
  SPEC_CONFIG,
  TRUSTEE,
  USDC,
} from './fixtures.js'

const ATOM_NTRN = ['uatom', 'untrn'] as const

/** execute_by_admin with wasm-execute inner messages, as these tests read it. */
type ByAdmin = {
  execute_by_admin: {
    msgs: { wasm: { execute: { contract_addr: string; msg: string; funds: unknown[] } } }[]
  }
}

/** [name, built, schema, expected JSON text of msg (spec example)] */
type Case = [string, ContractExecute | ContractInstantiate, MessageSchemaName, string]

const cases: Case[] = [
  // Account (wire-formats.md, "Account")
  [
    'account instantiate',
    accountMsgs.instantiate({ codeId: 1, servicesManager: SERVICES_MANAGER, label: 'acc' }),
    'AccountInstantiateMsg',
    `{"services_manager":"${SERVICES_MANAGER}","referral":null}`,
  ],
  [
    'deregister_from_service',
    accountMsgs.deregisterFromService(ACCOUNT),
    'AccountExecuteMsg',
    '{"deregister_from_service":{"service_name":"rebalancer"}}',
  ],
  [
    'pause_service',
    accountMsgs.pauseService(ACCOUNT, 'text'),
    'AccountExecuteMsg',
    '{"pause_service":{"service_name":"rebalancer","reason":"text"}}',
  ],
  [
    'pause_service without reason',
    accountMsgs.pauseService(ACCOUNT),
    'AccountExecuteMsg',
    '{"pause_service":{"service_name":"rebalancer","reason":null}}',
  ],
  [
    'resume_service',
    accountMsgs.resumeService(ACCOUNT),
    'AccountExecuteMsg',
    '{"resume_service":{"service_name":"rebalancer"}}',
  ],
  [
    'start_admin_change',
    accountMsgs.startAdminChange(ACCOUNT, OWNER, { at_height: 100 }),
    'AccountExecuteMsg',
    `{"start_admin_change":{"addr":"${OWNER}","expiration":{"at_height":100}}}`,
  ],
  [
    'cancel_admin_change',
    accountMsgs.cancelAdminChange(ACCOUNT),
    'AccountExecuteMsg',
    '{"cancel_admin_change":{}}',
  ],
  [
    'approve_admin_change',
    accountMsgs.approveAdminChange(ACCOUNT),
    'AccountExecuteMsg',
    '{"approve_admin_change":{}}',
  ],
  // Services manager
  [
    'trustee pause_service',
    servicesManagerMsgs.pauseService(SERVICES_MANAGER, ACCOUNT, 'risk'),
    'ServicesManagerExecuteMsg',
    `{"pause_service":{"service_name":"rebalancer","pause_for":"${ACCOUNT}","reason":"risk"}}`,
  ],
  [
    'trustee resume_service',
    servicesManagerMsgs.resumeService(SERVICES_MANAGER, ACCOUNT),
    'ServicesManagerExecuteMsg',
    `{"resume_service":{"service_name":"rebalancer","resume_for":"${ACCOUNT}"}}`,
  ],
  [
    'services manager add_service',
    servicesManagerMsgs.admin(SERVICES_MANAGER, { add_service: { name: 'rebalancer', addr: REBALANCER } }),
    'ServicesManagerExecuteMsg',
    `{"admin":{"add_service":{"name":"rebalancer","addr":"${REBALANCER}"}}}`,
  ],
  [
    'services manager approve_admin_change',
    servicesManagerMsgs.approveAdminChange(SERVICES_MANAGER),
    'ServicesManagerExecuteMsg',
    '{"approve_admin_change":{}}',
  ],
  [
    'services manager instantiate',
    servicesManagerMsgs.instantiate({ codeId: 2, label: 'sm', msg: { whitelisted_code_ids: [1] } }),
    'ServicesManagerInstantiateMsg',
    '{"whitelisted_code_ids":[1]}',
  ],
  // Rebalancer
  [
    'system_rebalance',
    rebalancerMsgs.systemRebalance(REBALANCER, 50),
    'RebalancerExecuteMsg',
    '{"system_rebalance":{"limit":50}}',
  ],
  [
    'system_rebalance with a null limit',
    rebalancerMsgs.systemRebalance(REBALANCER, null),
    'RebalancerExecuteMsg',
    '{"system_rebalance":{"limit":null}}',
  ],
  [
    'rebalancer update_cycle_period',
    rebalancerMsgs.admin(REBALANCER, { update_cycle_period: { period: 86400 } }),
    'RebalancerExecuteMsg',
    '{"admin":{"update_cycle_period":{"period":86400}}}',
  ],
  [
    'rebalancer cancel_admin_change',
    rebalancerMsgs.admin(REBALANCER, { cancel_admin_change: {} }),
    'RebalancerExecuteMsg',
    '{"admin":{"cancel_admin_change":{}}}',
  ],
  [
    'rebalancer approve_admin_change',
    rebalancerMsgs.approveAdminChange(REBALANCER),
    'RebalancerExecuteMsg',
    '{"approve_admin_change":{}}',
  ],
  [
    'rebalancer instantiate',
    rebalancerMsgs.instantiate({
      codeId: 3,
      label: 'rebalancer',
      msg: {
        denom_whitelist: ['uatom', 'untrn'],
        base_denom_whitelist: [{ denom: 'untrn', min_balance_limit: '10000000' }],
        services_manager_addr: SERVICES_MANAGER,
        cycle_start: '1700000000000000000',
        auctions_manager_addr: AUCTIONS_MANAGER,
        cycle_period: 86400,
        fees: { denom: 'untrn', register_fee: '1000000', resume_fee: '1000000' },
      },
    }),
    'RebalancerInstantiateMsg',
    `{"denom_whitelist":["uatom","untrn"],"base_denom_whitelist":[{"denom":"untrn","min_balance_limit":"10000000"}],"services_manager_addr":"${SERVICES_MANAGER}","cycle_start":"1700000000000000000","auctions_manager_addr":"${AUCTIONS_MANAGER}","cycle_period":86400,"fees":{"denom":"untrn","register_fee":"1000000","resume_fee":"1000000"}}`,
  ],
  // Auctions manager
  [
    'manager auction_funds',
    auctionsManagerMsgs.auctionFunds(AUCTIONS_MANAGER, ATOM_NTRN, 5n),
    'AuctionsManagerExecuteMsg',
    '{"auction_funds":{"pair":["uatom","untrn"]}}',
  ],
  [
    'manager withdraw_funds',
    auctionsManagerMsgs.withdrawFunds(AUCTIONS_MANAGER, ATOM_NTRN),
    'AuctionsManagerExecuteMsg',
    '{"withdraw_funds":{"pair":["uatom","untrn"]}}',
  ],
  [
    'manager finish_auction',
    auctionsManagerMsgs.finishAuction(AUCTIONS_MANAGER, ATOM_NTRN, 5),
    'AuctionsManagerExecuteMsg',
    '{"finish_auction":{"pair":["uatom","untrn"],"limit":5}}',
  ],
  [
    'server open_auction',
    auctionsManagerMsgs.openAuction(AUCTIONS_MANAGER, ATOM_NTRN, { endBlock: 123 }),
    'AuctionsManagerExecuteMsg',
    '{"server":{"open_auction":{"pair":["uatom","untrn"],"params":{"start_block":null,"end_block":123}}}}',
  ],
  [
    'manager update_oracle',
    auctionsManagerMsgs.admin(AUCTIONS_MANAGER, { update_oracle: { oracle_addr: ORACLE } }),
    'AuctionsManagerExecuteMsg',
    `{"admin":{"update_oracle":{"oracle_addr":"${ORACLE}"}}}`,
  ],
  [
    'manager new_auction',
    auctionsManagerMsgs.admin(AUCTIONS_MANAGER, {
      new_auction: {
        msg: {
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
        },
        label: 'auction',
        min_amount: { send: '5', start_auction: '10' },
      },
    }),
    'AuctionsManagerExecuteMsg',
    '{"admin":{"new_auction":{"msg":{"pair":["uatom","untrn"],"auction_strategy":{"start_price_perc":2000,"end_price_perc":2000},"chain_halt_config":{"cap":"14400","block_avg":"3"},"price_freshness_strategy":{"limit":"3","multipliers":[["2","2"],["1","1.5"]]}},"label":"auction","min_amount":{"send":"5","start_auction":"10"}}}}',
  ],
  [
    'auctions manager instantiate',
    auctionsManagerMsgs.instantiate({
      codeId: 4,
      label: 'am',
      msg: {
        auction_code_id: 5,
        min_auction_amount: [['uatom', { send: '5', start_auction: '10' }]],
        server_addr: KEEPER,
      },
    }),
    'AuctionsManagerInstantiateMsg',
    `{"auction_code_id":5,"min_auction_amount":[["uatom",{"send":"5","start_auction":"10"}]],"server_addr":"${KEEPER}"}`,
  ],
  [
    'manager approve_admin_change',
    auctionsManagerMsgs.approveAdminChange(AUCTIONS_MANAGER),
    'AuctionsManagerExecuteMsg',
    '{"approve_admin_change":{}}',
  ],
  // Auction
  [
    'auction auction_funds',
    auctionMsgs.auctionFunds(AUCTION_ATOM_NTRN, ATOM_NTRN, 7n),
    'AuctionExecuteMsg',
    '{"auction_funds":{}}',
  ],
  [
    'auction withdraw_funds',
    auctionMsgs.withdrawFunds(AUCTION_ATOM_NTRN),
    'AuctionExecuteMsg',
    '{"withdraw_funds":{}}',
  ],
  ['auction bid', auctionMsgs.bid(AUCTION_ATOM_NTRN, ATOM_NTRN, 100n), 'AuctionExecuteMsg', '{"bid":{}}'],
  [
    'auction finish_auction',
    auctionMsgs.finishAuction(AUCTION_ATOM_NTRN, 5),
    'AuctionExecuteMsg',
    '{"finish_auction":{"limit":5}}',
  ],
  [
    'auction clean_after_auction',
    auctionMsgs.cleanAfterAuction(AUCTION_ATOM_NTRN),
    'AuctionExecuteMsg',
    '{"clean_after_auction":{}}',
  ],
  [
    'auction instantiate',
    auctionMsgs.instantiate({
      codeId: 5,
      label: 'a',
      msg: {
        pair: ['uatom', 'untrn'],
        auction_strategy: { start_price_perc: 5000, end_price_perc: 5000 },
        chain_halt_config: { cap: '14400', block_avg: '3' },
        price_freshness_strategy: { limit: '3', multipliers: [['2', '2']] },
      },
    }),
    'AuctionInstantiateMsg',
    '{"pair":["uatom","untrn"],"auction_strategy":{"start_price_perc":5000,"end_price_perc":5000},"chain_halt_config":{"cap":"14400","block_avg":"3"},"price_freshness_strategy":{"limit":"3","multipliers":[["2","2"]]}}',
  ],
  // Oracle
  [
    'update_price',
    oracleMsgs.updatePrice(ORACLE, ATOM_NTRN),
    'OracleExecuteMsg',
    '{"update_price":{"pair":["uatom","untrn"]}}',
  ],
  [
    'manual_price_update',
    oracleMsgs.manualPriceUpdate(ORACLE, ATOM_NTRN, Dec.parse('1.5')),
    'OracleExecuteMsg',
    '{"manual_price_update":{"pair":["uatom","untrn"],"price":"1.5"}}',
  ],
  [
    'oracle instantiate',
    oracleMsgs.instantiate({
      codeId: 6,
      label: 'o',
      msg: {
        auctions_manager_addr: AUCTIONS_MANAGER,
        seconds_allow_manual_change: 172800,
        seconds_auction_prices_fresh: 259200,
      },
    }),
    'OracleInstantiateMsg',
    `{"auctions_manager_addr":"${AUCTIONS_MANAGER}","seconds_allow_manual_change":172800,"seconds_auction_prices_fresh":259200}`,
  ],
]

describe('golden: every builder writes the JSON of wire-formats.md', () => {
  it.each(cases)('%s', (_name, built, schema, expected) => {
    expect(JSON.stringify(built.msg)).toBe(expected)
    // the zod schema and the exported JSON Schema both accept it
    expect(() => parseWire(MESSAGE_SCHEMAS[schema] as never, built.msg, schema)).not.toThrow()
    expect(jsonSchemaErrors(schema, built.msg)).toEqual([])
    // and its CosmosMsg form is a valid CosmosMsg
    expect(jsonSchemaErrors('CosmosMsg', toCosmosMsg(built))).toEqual([])
  })

  it('register_to_service carries the base64 of the spec RebalancerData, byte for byte', () => {
    const built = accountMsgs.registerToService(ACCOUNT, SPEC_CONFIG)
    const msg = built.msg as { register_to_service: { service_name: string; data: string } }
    expect(Object.keys(msg)).toEqual(['register_to_service'])
    expect(msg.register_to_service.service_name).toBe('rebalancer')
    expect(b64Text(msg.register_to_service.data)).toBe(REBALANCER_DATA_JSON)
    expect(jsonSchemaErrors('AccountExecuteMsg', msg)).toEqual([])
    expect(jsonSchemaErrors('RebalancerData', JSON.parse(REBALANCER_DATA_JSON))).toEqual([])
    expect(built.funds).toEqual([])
  })

  it('the CosmosMsg form is {"wasm":{"execute":{contract_addr, msg: base64 JSON, funds}}}', () => {
    const built = auctionsManagerMsgs.auctionFunds(AUCTIONS_MANAGER, ATOM_NTRN, 5n)
    const cm = toCosmosMsg(built) as {
      wasm: { execute: { contract_addr: string; msg: string; funds: unknown } }
    }
    expect(Object.keys(cm.wasm.execute)).toEqual(['contract_addr', 'msg', 'funds'])
    expect(cm.wasm.execute.contract_addr).toBe(AUCTIONS_MANAGER)
    expect(b64Text(cm.wasm.execute.msg)).toBe('{"auction_funds":{"pair":["uatom","untrn"]}}')
    expect(cm.wasm.execute.funds).toEqual([{ denom: 'uatom', amount: '5' }])
  })

  it('bank send is {"bank":{"send":{"to_address":…,"amount":[…]}}}', () => {
    expect(JSON.stringify(fundAccount(ACCOUNT, [{ denom: 'untrn', amount: 3n }]))).toBe(
      `{"bank":{"send":{"to_address":"${ACCOUNT}","amount":[{"denom":"untrn","amount":"3"}]}}}`,
    )
  })
})

describe('account admin builders (items 1 and 3)', () => {
  it('withdraw is a bank send inside execute_by_admin', () => {
    const built = accountMsgs.withdraw(ACCOUNT, RECIPIENT, [
      { denom: 'untrn', amount: 2n },
      { denom: 'uatom', amount: '1' },
    ])
    expect(built.msg).toEqual({
      execute_by_admin: {
        msgs: [
          {
            bank: {
              send: {
                to_address: RECIPIENT,
                amount: [
                  { denom: 'uatom', amount: '1' },
                  { denom: 'untrn', amount: '2' },
                ],
              },
            },
          },
        ],
      },
    })
    expect(jsonSchemaErrors('AccountExecuteMsg', built.msg)).toEqual([])
  })

  it('a one-time order is auction_funds on the manager with the coins, inside execute_by_admin', () => {
    const built = accountMsgs.oneTimeOrder(ACCOUNT, AUCTIONS_MANAGER, ['uatom', USDC], 1_000_000n)
    const inner = (built.msg as unknown as ByAdmin).execute_by_admin.msgs
    expect(inner).toHaveLength(1)
    expect(inner[0]!.wasm.execute.contract_addr).toBe(AUCTIONS_MANAGER)
    expect(JSON.parse(b64Text(inner[0]!.wasm.execute.msg))).toEqual({
      auction_funds: { pair: ['uatom', USDC] },
    })
    expect(inner[0]!.wasm.execute.funds).toEqual([{ denom: 'uatom', amount: '1000000' }])
    expect(built.funds).toEqual([]) // the account pays from its own balance
    expect(jsonSchemaErrors('AccountExecuteMsg', built.msg)).toEqual([])
    const cancel = accountMsgs.cancelOneTimeOrder(ACCOUNT, AUCTIONS_MANAGER, ['uatom', USDC])
    const c = (cancel.msg as unknown as ByAdmin).execute_by_admin.msgs[0]
    expect(JSON.parse(b64Text(c!.wasm.execute.msg))).toEqual({ withdraw_funds: { pair: ['uatom', USDC] } })
    expect(c!.wasm.execute.funds).toEqual([])
  })

  it('refuses a one-time order of nothing, a pair of one denom, a negative withdrawal', () => {
    expect(() => accountMsgs.oneTimeOrder(ACCOUNT, AUCTIONS_MANAGER, ['uatom', 'untrn'], 0n)).toThrow(
      /positive amount/,
    )
    expect(() => accountMsgs.oneTimeOrder(ACCOUNT, AUCTIONS_MANAGER, ['uatom', 'uatom'], 5n)).toThrow(
      /the two denoms must differ/,
    )
    expect(() => accountMsgs.withdraw(ACCOUNT, RECIPIENT, [{ denom: 'uatom', amount: -1n }])).toThrow(
      /must not be negative/,
    )
  })

  it('register refuses a config that breaks a rule, naming the field and the rule', () => {
    const bad = {
      ...SPEC_CONFIG,
      targets: [
        { denom: 'untrn', bps: 9000 },
        { denom: USDC, bps: 999 },
      ],
    }
    let err: unknown
    try {
      accountMsgs.registerToService(ACCOUNT, bad)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(WireError)
    expect((err as WireError).path).toEqual(['targets'])
    expect((err as WireError).message).toMatch(/sum to exactly 10000, got 9999/)
    expect(() =>
      accountMsgs.registerToService(ACCOUNT, {
        ...SPEC_CONFIG,
        pid: { ...SPEC_CONFIG.pid, p: Dec.parse('1.5') },
      }),
    ).toThrow(/must be ≤ 1, got .* at pid\.p/)
    expect(() =>
      registerData(SPEC_CONFIG, { whitelists: { denomWhitelist: ['untrn'], baseDenomWhitelist: ['untrn'] } }),
    ).toThrow(/must be on the denom whitelist, got .* at targets\[1\]\.denom/)
  })

  it('update_service writes only the given fields; set and clear are explicit', () => {
    const data = (u: Parameters<typeof updateData>[0]) => b64Text(updateData(u))
    expect(data({ maxLimitBps: { set: 300 } })).toBe('{"targets":[],"max_limit_bps":{"set":300}}')
    expect(data({ trustee: 'clear' })).toBe('{"trustee":"clear","targets":[]}')
    expect(data({ trustee: { set: TRUSTEE }, maxLimitBps: 'clear' })).toBe(
      `{"trustee":{"set":"${TRUSTEE}"},"targets":[],"max_limit_bps":"clear"}`,
    )
    expect(data({ pid: { p: Dec.parse('0.2'), i: Dec.ZERO, d: Dec.ZERO } })).toBe(
      '{"targets":[],"pid":{"p":"0.2","i":"0","d":"0"}}',
    )
    expect(() => updateData({})).toThrow(/changes nothing/)
    expect(() => updateData({ targets: [] })).toThrow(/changes nothing/)
    expect(() => updateData({ maxLimitBps: { set: 0 } })).toThrow(
      /must be an integer in 1\.\.=10000, got .* at max_limit_bps/,
    )
    const built = accountMsgs.updateService(ACCOUNT, { baseDenom: 'uatom' })
    expect(jsonSchemaErrors('AccountExecuteMsg', built.msg)).toEqual([])
    expect(
      jsonSchemaErrors(
        'RebalancerUpdateData',
        JSON.parse(b64Text((built.msg as { update_service: { data: string } }).update_service.data)),
      ),
    ).toEqual([])
  })

  it('RebalancerData from registerData decodes to the same config', () => {
    const text = b64Text(
      registerData({
        ...SPEC_CONFIG,
        trustee: TRUSTEE,
        targets: [
          { denom: 'untrn', bps: 5000, minBalance: 7n },
          { denom: USDC, bps: 5000 },
        ],
      }),
    )
    expect(parseWire(RebalancerData, JSON.parse(text), 'RebalancerData')).toMatchObject({
      trustee: TRUSTEE,
      targets: [
        { denom: 'untrn', bps: 5000, min_balance: '7' },
        { denom: USDC, bps: 5000, min_balance: null },
      ],
    })
  })
})

describe('validation at the boundary', () => {
  it('generic execute refuses unknown fields and variants, naming them', () => {
    expect(() =>
      rebalancerMsgs.execute(REBALANCER, { system_rebalance: { limit: 5, extra: 1 } } as never),
    ).toThrow(/unknown field `extra`/)
    expect(() => rebalancerMsgs.execute(REBALANCER, { rebalance_now: {} } as never)).toThrow(
      /unknown variant `rebalance_now`/,
    )
    expect(() => rebalancerMsgs.systemRebalance(REBALANCER, 1.5)).toThrow(/expected u64/)
  })

  it('refuses a malformed contract address, naming it', () => {
    expect(() => oracleMsgs.updatePrice('neutron1notanaddress', ['uatom', 'untrn'])).toThrow(
      /OracleExecuteMsg contract address: invalid address/,
    )
  })

  it('funds are sorted by denom, merged, zeros dropped; bad amounts name the coin', () => {
    expect(
      normalizeCoins([
        { denom: 'untrn', amount: 5n },
        { denom: 'ibc/ABC', amount: '1' },
        { denom: 'uatom', amount: 0n },
        { denom: 'untrn', amount: '2' },
      ]),
    ).toEqual([
      { denom: 'ibc/ABC', amount: '1' },
      { denom: 'untrn', amount: '7' },
    ])
    expect(() => normalizeCoins([{ denom: 'uatom', amount: '1.5' }])).toThrow(
      /funds: invalid Uint128 "1\.5".* at \[0\]\.amount/,
    )
    expect(() => normalizeCoins([{ denom: '1x', amount: 1n }])).toThrow(/invalid denom/)
    expect(() => bankSend(RECIPIENT, [{ denom: 'uatom', amount: 0n }])).toThrow(
      /at least one positive amount/,
    )
  })
})

describe('every named builder validates against the exported JSON Schemas', () => {
  const account: [string, ContractExecute][] = [
    ['registerToService', accountMsgs.registerToService(ACCOUNT, SPEC_CONFIG)],
    [
      'updateService',
      accountMsgs.updateService(ACCOUNT, { trustee: { set: TRUSTEE }, maxLimitBps: 'clear' }),
    ],
    ['executeByAdmin', accountMsgs.executeByAdmin(ACCOUNT, [rebalancerMsgs.systemRebalance(REBALANCER)])],
    ['withdraw', accountMsgs.withdraw(ACCOUNT, RECIPIENT, [{ denom: 'uatom', amount: 1n }])],
    ['oneTimeOrder', accountMsgs.oneTimeOrder(ACCOUNT, AUCTIONS_MANAGER, ATOM_NTRN, 9n)],
    ['cancelOneTimeOrder', accountMsgs.cancelOneTimeOrder(ACCOUNT, AUCTIONS_MANAGER, ATOM_NTRN)],
    [
      'execute (generic)',
      accountMsgs.execute(ACCOUNT, { send_funds_by_service: { msgs: [], atomic: false } }),
    ],
  ]
  it.each(account)('accountMsgs.%s', (_n, built) => {
    expect(jsonSchemaErrors('AccountExecuteMsg', built.msg)).toEqual([])
    expect(jsonSchemaErrors('CosmosMsg', toCosmosMsg(built))).toEqual([])
  })

  it('fundAccount and bankSend are valid CosmosMsgs', () => {
    expect(jsonSchemaErrors('CosmosMsg', fundAccount(ACCOUNT, [{ denom: 'untrn', amount: 1n }]))).toEqual([])
    expect(jsonSchemaErrors('CosmosMsg', bankSend(RECIPIENT, [{ denom: USDC, amount: '12' }]))).toEqual([])
  })

  it('oracle and auctions manager generic executes', () => {
    const o = oracleMsgs.execute(ORACLE, { update_config: { seconds_allow_manual_change: 10 } })
    expect(jsonSchemaErrors('OracleExecuteMsg', o.msg)).toEqual([])
    const m = auctionsManagerMsgs.admin(AUCTIONS_MANAGER, { pause_auction: { pair: ['uatom', 'untrn'] } })
    expect(jsonSchemaErrors('AuctionsManagerExecuteMsg', m.msg)).toEqual([])
    const a = auctionMsgs.execute(AUCTION_ATOM_NTRN, { admin: 'pause_auction' })
    expect(jsonSchemaErrors('AuctionExecuteMsg', a.msg)).toEqual([])
  })
})

describe('exported JSON Schemas', () => {
  it('cover every message type, are strict, and refuse what zod refuses structurally', () => {
    const all = messageJsonSchemas()
    expect(Object.keys(all).sort()).toEqual(Object.keys(MESSAGE_SCHEMAS).sort())
    for (const s of Object.values(all)) expect(s.$schema).toBe('https://json-schema.org/draft/2020-12/schema')
    expect(jsonSchemaErrors('RebalancerExecuteMsg', { system_rebalance: { limit: '50' } })).not.toEqual([])
    expect(jsonSchemaErrors('RebalancerExecuteMsg', { system_rebalance: { limit: 1.5 } })).not.toEqual([])
    expect(jsonSchemaErrors('RebalancerQueryMsg', { get_all_configs: { limit: 2 ** 32 } })).not.toEqual([])
    expect(jsonSchemaErrors('RebalancerExecuteMsg', { system_rebalance: { limit: 50, x: 1 } })).not.toEqual(
      [],
    )
    expect(jsonSchemaErrors('AccountExecuteMsg', { bogus: {} })).not.toEqual([])
    expect(
      jsonSchemaErrors('CosmosMsg', {
        wasm: { execute: { contract_addr: ACCOUNT, msg: 'not base64!', funds: [] } },
      }),
    ).not.toEqual([])
  })
})
