/**
 * Every builder output and every typed query of @rebalancer/adapters against the deployed
 * contracts' published JSON schemas (reference/valence-services-v0.1.6, with the documented
 * corrections of reference/schemas.mjs), validated with ajv (issue #9, section 2, direction a).
 * The generic `execute` / `admin` builders are driven with every instance generated from the
 * real schemas, so every variant passes through a builder.
 */

import { fromBase64, fromUtf8 } from '@cosmjs/encoding'
import { Dec } from '@rebalancer/types'
import { Ajv } from 'ajv'
import { describe, expect, it } from 'vitest'
import {
  generateInstances,
  loadPublishedSchemas,
  loadReferenceSchemas,
  STRUCT_VARIANTS_AT_V016,
  schemaValidator,
} from '../../../reference/schemas.mjs'
import { createAndRegisterAccount } from '../src/cosmjs.js'
import {
  accountMsgs,
  accountQueries,
  auctionMsgs,
  auctionQueries,
  auctionsManagerMsgs,
  auctionsManagerQueries,
  type ContractExecute,
  type ContractInstantiate,
  oracleMsgs,
  oracleQueries,
  rebalancerMsgs,
  rebalancerQueries,
  servicesManagerMsgs,
  servicesManagerQueries,
} from '../src/index.js'
import {
  ACCOUNT,
  AUCTION_ATOM_NTRN,
  AUCTIONS_MANAGER,
  KEEPER,
  ORACLE,
  OWNER,
  REBALANCER,
  RECIPIENT,
  SERVICES_MANAGER,
  SPEC_CONFIG,
  TRUSTEE,
  USDC,
} from './fixtures.js'

const REF = loadReferenceSchemas()
const errors = schemaValidator(Ajv)

/** A definition of a published message schema as a schema of its own. */
function definition(schema: Record<string, unknown>, name: string): object {
  return {
    ...schema,
    $ref: `#/definitions/${name}`,
    oneOf: undefined,
    anyOf: undefined,
    properties: undefined,
    required: undefined,
    type: undefined,
  }
}

const PAIR = ['uatom', 'untrn'] as const
type Kind = 'execute' | 'instantiate'
type Built = ContractExecute | ContractInstantiate

/** [builder name, contract file, kind, output] for every specific builder. */
const BUILT: [string, string, Kind, Built][] = [
  [
    'accountMsgs.instantiate',
    'valence-account',
    'instantiate',
    accountMsgs.instantiate({ codeId: 1, servicesManager: SERVICES_MANAGER, label: 'acc', referral: 'ref' }),
  ],
  [
    'accountMsgs.registerToService',
    'valence-account',
    'execute',
    accountMsgs.registerToService(ACCOUNT, SPEC_CONFIG),
  ],
  [
    'accountMsgs.updateService',
    'valence-account',
    'execute',
    accountMsgs.updateService(ACCOUNT, {
      trustee: { set: TRUSTEE },
      maxLimitBps: 'clear',
      pid: SPEC_CONFIG.pid,
    }),
  ],
  [
    'accountMsgs.deregisterFromService',
    'valence-account',
    'execute',
    accountMsgs.deregisterFromService(ACCOUNT),
  ],
  ['accountMsgs.pauseService', 'valence-account', 'execute', accountMsgs.pauseService(ACCOUNT, 'holiday')],
  ['accountMsgs.resumeService', 'valence-account', 'execute', accountMsgs.resumeService(ACCOUNT)],
  [
    'accountMsgs.executeByAdmin',
    'valence-account',
    'execute',
    accountMsgs.executeByAdmin(ACCOUNT, [rebalancerMsgs.systemRebalance(REBALANCER, 5)]),
  ],
  [
    'accountMsgs.withdraw',
    'valence-account',
    'execute',
    accountMsgs.withdraw(ACCOUNT, RECIPIENT, [{ denom: 'untrn', amount: 5n }]),
  ],
  [
    'accountMsgs.oneTimeOrder',
    'valence-account',
    'execute',
    accountMsgs.oneTimeOrder(ACCOUNT, AUCTIONS_MANAGER, PAIR, 10n),
  ],
  [
    'accountMsgs.cancelOneTimeOrder',
    'valence-account',
    'execute',
    accountMsgs.cancelOneTimeOrder(ACCOUNT, AUCTIONS_MANAGER, PAIR),
  ],
  [
    'accountMsgs.startAdminChange',
    'valence-account',
    'execute',
    accountMsgs.startAdminChange(ACCOUNT, OWNER, { at_height: 10 }),
  ],
  ['accountMsgs.cancelAdminChange', 'valence-account', 'execute', accountMsgs.cancelAdminChange(ACCOUNT)],
  ['accountMsgs.approveAdminChange', 'valence-account', 'execute', accountMsgs.approveAdminChange(ACCOUNT)],
  [
    'servicesManagerMsgs.instantiate',
    'services-manager',
    'instantiate',
    servicesManagerMsgs.instantiate({ codeId: 2, label: 'sm', msg: { whitelisted_code_ids: [1] } }),
  ],
  [
    'servicesManagerMsgs.pauseService',
    'services-manager',
    'execute',
    servicesManagerMsgs.pauseService(SERVICES_MANAGER, ACCOUNT, 'x'),
  ],
  [
    'servicesManagerMsgs.resumeService',
    'services-manager',
    'execute',
    servicesManagerMsgs.resumeService(SERVICES_MANAGER, ACCOUNT, [{ denom: 'untrn', amount: 1n }]),
  ],
  [
    'servicesManagerMsgs.approveAdminChange',
    'services-manager',
    'execute',
    servicesManagerMsgs.approveAdminChange(SERVICES_MANAGER),
  ],
  [
    'rebalancerMsgs.instantiate',
    'rebalancer',
    'instantiate',
    rebalancerMsgs.instantiate({
      codeId: 3,
      label: 'r',
      msg: {
        denom_whitelist: ['untrn', USDC],
        base_denom_whitelist: [{ denom: 'untrn', min_balance_limit: '10' }],
        services_manager_addr: SERVICES_MANAGER,
        cycle_start: '1',
        auctions_manager_addr: AUCTIONS_MANAGER,
        cycle_period: 86400,
        fees: { denom: 'untrn', register_fee: '1', resume_fee: '1' },
      },
    }),
  ],
  [
    'rebalancerMsgs.systemRebalance',
    'rebalancer',
    'execute',
    rebalancerMsgs.systemRebalance(REBALANCER, null),
  ],
  [
    'rebalancerMsgs.approveAdminChange',
    'rebalancer',
    'execute',
    rebalancerMsgs.approveAdminChange(REBALANCER),
  ],
  [
    'auctionsManagerMsgs.instantiate',
    'auctions-manager',
    'instantiate',
    auctionsManagerMsgs.instantiate({
      codeId: 4,
      label: 'am',
      msg: {
        auction_code_id: 5,
        min_auction_amount: [['uatom', { send: '5', start_auction: '10' }]],
        server_addr: KEEPER,
      },
    }),
  ],
  [
    'auctionsManagerMsgs.auctionFunds',
    'auctions-manager',
    'execute',
    auctionsManagerMsgs.auctionFunds(AUCTIONS_MANAGER, PAIR, 10n),
  ],
  [
    'auctionsManagerMsgs.withdrawFunds',
    'auctions-manager',
    'execute',
    auctionsManagerMsgs.withdrawFunds(AUCTIONS_MANAGER, PAIR),
  ],
  [
    'auctionsManagerMsgs.finishAuction',
    'auctions-manager',
    'execute',
    auctionsManagerMsgs.finishAuction(AUCTIONS_MANAGER, PAIR, 5),
  ],
  [
    'auctionsManagerMsgs.openAuction',
    'auctions-manager',
    'execute',
    auctionsManagerMsgs.openAuction(AUCTIONS_MANAGER, PAIR, { endBlock: 100 }),
  ],
  [
    'auctionsManagerMsgs.approveAdminChange',
    'auctions-manager',
    'execute',
    auctionsManagerMsgs.approveAdminChange(AUCTIONS_MANAGER),
  ],
  [
    'auctionMsgs.instantiate',
    'auction',
    'instantiate',
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
  ],
  ['auctionMsgs.bid', 'auction', 'execute', auctionMsgs.bid(AUCTION_ATOM_NTRN, PAIR, 5n)],
  ['auctionMsgs.auctionFunds', 'auction', 'execute', auctionMsgs.auctionFunds(AUCTION_ATOM_NTRN, PAIR, 5n)],
  ['auctionMsgs.withdrawFunds', 'auction', 'execute', auctionMsgs.withdrawFunds(AUCTION_ATOM_NTRN)],
  ['auctionMsgs.finishAuction', 'auction', 'execute', auctionMsgs.finishAuction(AUCTION_ATOM_NTRN, 5)],
  ['auctionMsgs.cleanAfterAuction', 'auction', 'execute', auctionMsgs.cleanAfterAuction(AUCTION_ATOM_NTRN)],
  [
    'oracleMsgs.instantiate',
    'price-oracle',
    'instantiate',
    oracleMsgs.instantiate({
      codeId: 6,
      label: 'o',
      msg: {
        auctions_manager_addr: AUCTIONS_MANAGER,
        seconds_allow_manual_change: 1,
        seconds_auction_prices_fresh: 2,
      },
    }),
  ],
  ['oracleMsgs.updatePrice', 'price-oracle', 'execute', oracleMsgs.updatePrice(ORACLE, PAIR)],
  [
    'oracleMsgs.manualPriceUpdate',
    'price-oracle',
    'execute',
    oracleMsgs.manualPriceUpdate(ORACLE, PAIR, Dec.parse('1.5')),
  ],
]

/** The generic builders, by contract file: `execute(addr, msg)` and (where it exists) `admin(addr, msg)`. */
const GENERIC: Record<string, { execute: (m: unknown) => Built; admin?: (m: unknown) => Built }> = {
  'valence-account': { execute: (m) => accountMsgs.execute(ACCOUNT, m as never) },
  'services-manager': {
    execute: (m) => servicesManagerMsgs.execute(SERVICES_MANAGER, m as never),
    admin: (m) => servicesManagerMsgs.admin(SERVICES_MANAGER, m as never),
  },
  rebalancer: {
    execute: (m) => rebalancerMsgs.execute(REBALANCER, m as never),
    admin: (m) => rebalancerMsgs.admin(REBALANCER, m as never),
  },
  'auctions-manager': {
    execute: (m) => auctionsManagerMsgs.execute(AUCTIONS_MANAGER, m as never),
    admin: (m) => auctionsManagerMsgs.admin(AUCTIONS_MANAGER, m as never),
  },
  auction: { execute: (m) => auctionMsgs.execute(AUCTION_ATOM_NTRN, m as never) },
  'price-oracle': { execute: (m) => oracleMsgs.execute(ORACLE, m as never) },
}

describe('every builder output validates against the deployed contract schema', () => {
  it.each(BUILT)('%s', (_name, file, kind, built) => {
    expect(errors(REF[file]![kind], built.msg)).toEqual([])
  })

  it('covers every builder of every contract', () => {
    const objects: Record<string, object> = {
      accountMsgs,
      servicesManagerMsgs,
      rebalancerMsgs,
      auctionsManagerMsgs,
      auctionMsgs,
      oracleMsgs,
    }
    const names = new Set(BUILT.map(([n]) => n))
    const generic = new Set(['execute', 'admin'])
    for (const [objName, obj] of Object.entries(objects))
      for (const key of Object.keys(obj))
        if (!generic.has(key)) expect(names.has(`${objName}.${key}`), `${objName}.${key}`).toBe(true)
  })

  it('the data of register_to_service and update_service is the rebalancer RebalancerData / RebalancerUpdateData', () => {
    const rebalancer = REF.rebalancer!.execute as Record<string, unknown>
    const reg = accountMsgs.registerToService(ACCOUNT, SPEC_CONFIG).msg as {
      register_to_service: { data: string }
    }
    const data = JSON.parse(fromUtf8(fromBase64(reg.register_to_service.data)))
    expect(errors(definition(rebalancer, 'RebalancerData'), data)).toEqual([])
    const upd = accountMsgs.updateService(ACCOUNT, { trustee: 'clear', maxLimitBps: { set: 200 } }).msg as {
      update_service: { data: string }
    }
    const update = JSON.parse(fromUtf8(fromBase64(upd.update_service.data)))
    expect(errors(definition(rebalancer, 'RebalancerUpdateData'), update)).toEqual([])
  })

  it('the inner messages of execute_by_admin validate against their own contract schema', () => {
    const order = accountMsgs.oneTimeOrder(ACCOUNT, AUCTIONS_MANAGER, PAIR, 10n).msg as {
      execute_by_admin: { msgs: { wasm: { execute: { msg: string } } }[] }
    }
    const inner = JSON.parse(fromUtf8(fromBase64(order.execute_by_admin.msgs[0]!.wasm.execute.msg)))
    expect(errors(REF['auctions-manager']!.execute, inner)).toEqual([])
  })

  it('createAndRegisterAccount: both CosmosMsgs are accepted by the account execute_by_admin', () => {
    const tx = createAndRegisterAccount({
      sender: OWNER,
      codeId: 42,
      checksum: new Uint8Array(32).fill(7),
      servicesManager: SERVICES_MANAGER,
      config: SPEC_CONFIG,
    })
    expect(errors(REF['valence-account']!.execute, { execute_by_admin: { msgs: tx.cosmosMsgs } })).toEqual([])
    expect(errors(REF['valence-account']!.execute, tx.register.msg)).toEqual([])
    expect(errors(REF['valence-account']!.instantiate, tx.instantiate.msg)).toEqual([])
  })

  describe.each(Object.keys(GENERIC))(
    '%s: the generic builders pass every generated variant through',
    (file) => {
      it('execute(addr, msg) builds each instance generated from the real schema, and it validates', () => {
        for (const instance of generateInstances(REF[file]!.execute)) {
          const built = GENERIC[file]!.execute(instance)
          expect(errors(REF[file]!.execute, built.msg), JSON.stringify(instance)).toEqual([])
        }
      })
    },
  )
})

describe('every typed query validates against the deployed contract query schema', () => {
  const Q: [string, string, { msg: unknown }][] = [
    ['accountQueries.getAdmin', 'valence-account', accountQueries.getAdmin(ACCOUNT)],
    ['rebalancerQueries.getConfig', 'rebalancer', rebalancerQueries.getConfig(REBALANCER, ACCOUNT)],
    [
      'rebalancerQueries.getAllConfigs',
      'rebalancer',
      rebalancerQueries.getAllConfigs(REBALANCER, { startAfter: ACCOUNT, limit: 5 }),
    ],
    [
      'rebalancerQueries.getPausedConfig',
      'rebalancer',
      rebalancerQueries.getPausedConfig(REBALANCER, ACCOUNT),
    ],
    ['rebalancerQueries.getSystemStatus', 'rebalancer', rebalancerQueries.getSystemStatus(REBALANCER)],
    ['rebalancerQueries.getWhiteLists', 'rebalancer', rebalancerQueries.getWhiteLists(REBALANCER)],
    ['rebalancerQueries.getManagersAddrs', 'rebalancer', rebalancerQueries.getManagersAddrs(REBALANCER)],
    [
      'rebalancerQueries.getServiceFee',
      'rebalancer',
      rebalancerQueries.getServiceFee(REBALANCER, '', 'register'),
    ],
    ['rebalancerQueries.getAdmin', 'rebalancer', rebalancerQueries.getAdmin(REBALANCER)],
    [
      'servicesManagerQueries.getServiceAddr',
      'services-manager',
      servicesManagerQueries.getServiceAddr(SERVICES_MANAGER),
    ],
    [
      'servicesManagerQueries.isService',
      'services-manager',
      servicesManagerQueries.isService(SERVICES_MANAGER, REBALANCER),
    ],
    [
      'servicesManagerQueries.getServiceFee',
      'services-manager',
      servicesManagerQueries.getServiceFee(SERVICES_MANAGER, '', 'register'),
    ],
    [
      'servicesManagerQueries.getAdmin',
      'services-manager',
      servicesManagerQueries.getAdmin(SERVICES_MANAGER),
    ],
    [
      'servicesManagerQueries.isAccountCodeId',
      'services-manager',
      servicesManagerQueries.isAccountCodeId(SERVICES_MANAGER, 3),
    ],
    [
      'servicesManagerQueries.getAllServices',
      'services-manager',
      servicesManagerQueries.getAllServices(SERVICES_MANAGER, { startFrom: 'a', limit: 2 }),
    ],
    [
      'servicesManagerQueries.getRebalancerConfig',
      'services-manager',
      servicesManagerQueries.getRebalancerConfig(SERVICES_MANAGER, ACCOUNT),
    ],
    [
      'auctionsManagerQueries.getPairs',
      'auctions-manager',
      auctionsManagerQueries.getPairs(AUCTIONS_MANAGER, { startAfter: PAIR, limit: 3 }),
    ],
    [
      'auctionsManagerQueries.getPairAddr',
      'auctions-manager',
      auctionsManagerQueries.getPairAddr(AUCTIONS_MANAGER, PAIR),
    ],
    [
      'auctionsManagerQueries.getPrice',
      'auctions-manager',
      auctionsManagerQueries.getPrice(AUCTIONS_MANAGER, PAIR),
    ],
    [
      'auctionsManagerQueries.getMinLimit',
      'auctions-manager',
      auctionsManagerQueries.getMinLimit(AUCTIONS_MANAGER, 'uatom'),
    ],
    [
      'auctionsManagerQueries.getConfig',
      'auctions-manager',
      auctionsManagerQueries.getConfig(AUCTIONS_MANAGER, PAIR),
    ],
    [
      'auctionsManagerQueries.getAdmin',
      'auctions-manager',
      auctionsManagerQueries.getAdmin(AUCTIONS_MANAGER),
    ],
    [
      'auctionsManagerQueries.getOracleAddr',
      'auctions-manager',
      auctionsManagerQueries.getOracleAddr(AUCTIONS_MANAGER),
    ],
    [
      'auctionsManagerQueries.getServerAddr',
      'auctions-manager',
      auctionsManagerQueries.getServerAddr(AUCTIONS_MANAGER),
    ],
    ['auctionQueries.getAuction', 'auction', auctionQueries.getAuction(AUCTION_ATOM_NTRN)],
    ['auctionQueries.getPrice', 'auction', auctionQueries.getPrice(AUCTION_ATOM_NTRN)],
    ['auctionQueries.getFundsAmount', 'auction', auctionQueries.getFundsAmount(AUCTION_ATOM_NTRN, ACCOUNT)],
    ['auctionQueries.getConfig', 'auction', auctionQueries.getConfig(AUCTION_ATOM_NTRN)],
    ['auctionQueries.getStrategy', 'auction', auctionQueries.getStrategy(AUCTION_ATOM_NTRN)],
    ['auctionQueries.getMmData', 'auction', auctionQueries.getMmData(AUCTION_ATOM_NTRN)],
    ['auctionQueries.getAdmin', 'auction', auctionQueries.getAdmin(AUCTION_ATOM_NTRN)],
    ['oracleQueries.getPrice', 'price-oracle', oracleQueries.getPrice(ORACLE, PAIR)],
    [
      'oracleQueries.getAllPrices',
      'price-oracle',
      oracleQueries.getAllPrices(ORACLE, { from: PAIR, limit: 10 }),
    ],
    ['oracleQueries.getConfig', 'price-oracle', oracleQueries.getConfig(ORACLE)],
    ['oracleQueries.getAdmin', 'price-oracle', oracleQueries.getAdmin(ORACLE)],
  ]
  it.each(Q)('%s', (_name, file, q) => {
    expect(errors(REF[file]!.query, q.msg)).toEqual([])
  })
  it('covers every query of every contract, and every typed query', () => {
    const objects: Record<string, object> = {
      accountQueries,
      rebalancerQueries,
      servicesManagerQueries,
      auctionsManagerQueries,
      auctionQueries,
      oracleQueries,
    }
    const names = new Set(Q.map(([n]) => n))
    for (const [objName, obj] of Object.entries(objects))
      for (const key of Object.keys(obj))
        expect(names.has(`${objName}.${key}`), `${objName}.${key}`).toBe(true)
    // every query variant of the deployed contracts has a typed query
    for (const file of Object.keys(REF)) {
      const asked = new Set(
        Q.filter(([, f]) => f === file).map(([, , q]) =>
          typeof q.msg === 'string' ? q.msg : Object.keys(q.msg as object)[0],
        ),
      )
      expect([...asked].sort(), file).toEqual(Object.keys(REF[file]!.responses).sort())
    }
  })
})

describe('the corrections applied to the published files are real differences', () => {
  const published = loadPublishedSchemas()
  it.each(STRUCT_VARIANTS_AT_V016.map((x) => [...x]))(
    '%s %s %s: the file says a bare string, the tag v0.1.6 code (and our builders) a struct {}',
    (file, def, name) => {
      const wrap = (m: unknown) => (def === null ? m : { admin: m })
      const schema = published[file]!.execute
      expect(errors(schema, wrap(name))).toEqual([])
      expect(errors(schema, wrap({ [name]: {} }))).not.toEqual([])
      expect(errors(REF[file]!.execute, wrap({ [name]: {} }))).toEqual([])
      expect(errors(REF[file]!.execute, wrap(name))).not.toEqual([])
    },
  )
  it('u128 cap: the file says integer, the codec writes a string', () => {
    const msg = {
      pair: ['uatom', 'untrn'],
      auction_strategy: { start_price_perc: 1, end_price_perc: 1 },
      chain_halt_config: { cap: '14400', block_avg: '3' },
      price_freshness_strategy: { limit: '3', multipliers: [] },
    }
    expect(errors(published.auction!.instantiate, msg)).not.toEqual([])
    expect(errors(REF.auction!.instantiate, msg)).toEqual([])
  })
})
