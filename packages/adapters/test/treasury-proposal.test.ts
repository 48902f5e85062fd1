/**
 * Treasury proposals (issue #13, item 6): every action × route × proposal module builds a
 * proposal whose JSON passes our wire schemas and the deployed contracts' published schemas, and
 * which the decoders take back apart to the account's messages; create predicts the address with
 * instantiate2Address; bad input is refused naming the field; scenario denoms map to the chain's.
 */
import { fromBase64, fromHex, fromUtf8, toBech32, toUtf8 } from '@cosmjs/encoding'
import { diffConfig } from '@rebalancer/core'
import {
  CosmosMsg,
  DaoPreProposeExecuteMsg,
  DaoProposalExecuteMsg,
  DEFAULT_SCENARIO,
  Dec,
  decodeRebalancerUpdateData,
  instantiate2Address,
  parseWire,
  type RebalancerConfig,
  RebalancerError,
  updateToWire,
} from '@rebalancer/types'
import { Ajv } from 'ajv'
import { MsgInstantiateContract2 } from 'cosmjs-types/cosmwasm/wasm/v1/tx'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { loadReferenceSchemas, schemaValidator } from '../../../reference/schemas.mjs'
import {
  decodeIcaSendTx,
  decodeNeutronSubmitTx,
  defaultRegistry,
  reviewOutline,
  type TreasuryProposal,
  treasuryProposal,
  treasuryProposalJson,
} from '../src/cosmjs.js'
import {
  chainConfig,
  chainDenom,
  checkTreasuryProposalInput,
  decodeDaoProposal,
  decodePolytoneExecute,
  fromCosmosMsg,
  NEUTRON_1,
  ProposalInputError,
  parseTreasuryProposalDocument,
  type TreasuryProposalInput,
  toCosmosMsg,
  unmappedDenoms,
} from '../src/index.js'
import {
  AUCTIONS_MANAGER,
  jsonSchemaErrors,
  NOTE,
  PRE_PROPOSE,
  PROPOSAL_MODULE,
  SPEC_CONFIG,
  USDC,
} from './fixtures.js'

const addr = (prefix: string, len: number, fill: number) => toBech32(prefix, new Uint8Array(len).fill(fill))
const NEUTRON_DAO = addr('neutron', 32, 21)
const NEUTRON_MODULE = addr('neutron', 32, 22)
const OSMO_DAO = addr('osmo', 32, 23)
const PROXY = addr('neutron', 32, 24)
const ICA = addr('neutron', 32, 25)
const MEMBER = addr('osmo', 20, 26)
const ACCOUNT = addr('neutron', 32, 27)
const CHECKSUM = 'ab'.repeat(32)

const REF = loadReferenceSchemas()
const refErrors = schemaValidator(Ajv)
const registry = defaultRegistry()

const ACTIONS: Record<string, TreasuryProposalInput['action']> = {
  create: {
    kind: 'create',
    codeId: 1234,
    checksum: CHECKSUM,
    config: SPEC_CONFIG,
    funds: [
      { denom: 'untrn', amount: 5_000_000n },
      { denom: USDC, amount: '700' },
    ],
    registerFee: { denom: 'untrn', amount: '1000000' },
  },
  update: { kind: 'update', from: SPEC_CONFIG, to: { ...SPEC_CONFIG, maxLimitBps: 300 } },
  fund: { kind: 'fund', coins: [{ denom: 'untrn', amount: 42n }] },
  order: { kind: 'order', sell: 'untrn', buy: USDC, amount: 1_000_000n },
  pause: { kind: 'pause', reason: 'treasury review' },
  resume: { kind: 'resume' },
}

const ROUTES: Record<string, TreasuryProposalInput['route']> = {
  local: { kind: 'local' },
  polytone: { kind: 'polytone', note: NOTE, proxy: PROXY, timeoutSeconds: 600 },
  ica: { kind: 'ica', connectionId: 'connection-7', icaAddress: ICA, memo: 'rebalancer' },
  neutron_ica: {
    kind: 'neutron_ica',
    connectionId: 'connection-3',
    interchainAccountId: 'treasury',
    icaAddress: ICA,
    ackFee: [{ denom: 'untrn', amount: 1000n }],
    timeoutFee: [{ denom: 'untrn', amount: 1000n }],
  },
}

const MODULES: Record<'direct' | 'pre_propose', TreasuryProposalInput['dao']['module']> = {
  direct: { kind: 'direct', address: PROPOSAL_MODULE },
  pre_propose: { kind: 'pre_propose', address: PRE_PROPOSE, deposit: [{ denom: 'uosmo', amount: 10n }] },
}

function input(action: string, route: string, module: keyof typeof MODULES): TreasuryProposalInput {
  const local = route === 'local'
  const kind = ACTIONS[action]!.kind
  return {
    action: ACTIONS[action]!,
    ...(kind === 'create' ? {} : { account: ACCOUNT }),
    network: NEUTRON_1,
    dao: {
      core: local ? NEUTRON_DAO : OSMO_DAO,
      module: local ? { ...MODULES[module], address: NEUTRON_MODULE } : MODULES[module],
    },
    route: ROUTES[route]!,
    title: `Treasury: ${action}`,
    description: 'As discussed on the forum.',
    proposer: local ? addr('neutron', 20, 26) : MEMBER,
  }
}

/** The account's messages back from the DAO's messages, by route. */
function unwrap(p: TreasuryProposal, route: string): CosmosMsg[] {
  const [m] = p.daoMsgs
  const stargate = (x: CosmosMsg | undefined) => {
    if (!x || !('stargate' in x)) throw new Error('expected a stargate message')
    return { typeUrl: x.stargate.type_url, value: fromBase64(x.stargate.value) }
  }
  switch (route) {
    case 'local':
      return p.daoMsgs
    case 'polytone':
      return decodePolytoneExecute(m!).msgs
    case 'ica':
      return decodeIcaSendTx(stargate(m), registry).msgs.map((x) => toCosmosMsg(x, registry))
    default:
      return decodeNeutronSubmitTx(stargate(m), registry).msgs.map((x) => toCosmosMsg(x, registry))
  }
}

/** Each account message against the deployed contracts' published schemas (and ours). */
function checkAccountMsg(m: CosmosMsg): void {
  parseWire(CosmosMsg, m, 'CosmosMsg')
  expect(jsonSchemaErrors('CosmosMsg', m)).toEqual([])
  const d = fromCosmosMsg(m, registry)
  if ('contractAddress' in d) {
    if ('auction_funds' in (d.msg as object))
      expect(refErrors(REF['auctions-manager']!.execute, d.msg)).toEqual([])
    else expect(refErrors(REF['valence-account']!.execute, d.msg)).toEqual([])
    const inner = (d.msg as { execute_by_admin?: { msgs: CosmosMsg[] } }).execute_by_admin
    for (const x of inner?.msgs ?? []) checkAccountMsg(x)
  } else if ('codeId' in d) {
    expect(refErrors(REF['valence-account']!.instantiate, d.msg)).toEqual([])
  }
}

describe('treasuryProposal: every action × route × proposal module', () => {
  for (const action of Object.keys(ACTIONS))
    for (const route of Object.keys(ROUTES))
      for (const module of ['direct', 'pre_propose'] as const)
        it(`${action} via ${route}, ${module}`, () => {
          const i = input(action, route, module)
          const p = treasuryProposal(i)
          // the proposal's JSON is a DAO DAO propose message (our zod schemas and JSON Schemas)
          const schema = module === 'direct' ? 'DaoProposalExecuteMsg' : 'DaoPreProposeExecuteMsg'
          parseWire(
            module === 'direct' ? DaoProposalExecuteMsg : DaoPreProposeExecuteMsg,
            p.proposal.msg,
            schema,
          )
          expect(jsonSchemaErrors(schema, p.proposalMsg.msg)).toEqual([])
          // decoding gives back what was wrapped, down to the account's messages
          const d = decodeDaoProposal(p.proposal)
          expect(d.via).toBe(module === 'direct' ? 'direct' : 'pre-propose')
          expect(d.module).toBe(i.dao.module.address)
          expect(d.msgs).toEqual(p.daoMsgs)
          expect(d.funds).toEqual(module === 'direct' ? [] : [{ denom: 'uosmo', amount: '10' }])
          expect(unwrap(p, route)).toEqual(p.accountMsgs)
          if (route !== 'local') expect(p.daoMsgs).toHaveLength(1)
          for (const m of p.accountMsgs) checkAccountMsg(m)
          // the signed message: the proposer sends the proposal to the module, deposit attached
          expect(p.proposalMsg).toEqual({
            '@type': '/cosmwasm.wasm.v1.MsgExecuteContract',
            sender: i.proposer,
            contract: i.dao.module.address,
            msg: p.proposal.msg,
            funds: p.proposal.funds,
          })
          expect(p.encodeObject.value.sender).toBe(i.proposer)
          expect(toCosmosMsg(p.encodeObject)).toEqual(toCosmosMsg(p.proposal))
          // the executor is the DAO's core, its proxy or its interchain account
          expect(p.executor).toBe(route === 'local' ? NEUTRON_DAO : route === 'polytone' ? PROXY : ICA)
          // deterministic: the same input gives the same bytes
          const text = treasuryProposalJson(p)
          expect(treasuryProposalJson(treasuryProposal(input(action, route, module)))).toBe(text)
          expect(JSON.parse(text).proposal).toEqual(JSON.parse(JSON.stringify(p.proposalMsg)))
          expect(JSON.parse(text).account_msgs).toEqual(p.accountMsgs)
          // the exported document passes its own strict schema (every layer with the wire schemas)
          expect(parseTreasuryProposalDocument(text).proposal.contract).toBe(i.dao.module.address)
        })
})

describe('treasuryProposal: what each action sends', () => {
  it('create: the stargate MsgInstantiateContract2 created by the executor, then register_to_service on the predicted address', () => {
    for (const route of Object.keys(ROUTES)) {
      const p = treasuryProposal(input('create', route, 'direct'))
      expect(p.account).toBe(instantiate2Address(fromHex(CHECKSUM), p.executor, toUtf8('valence'), 'neutron'))
      const [inst, reg] = p.accountMsgs
      if (!inst || !('stargate' in inst)) throw new Error('expected a stargate instantiation')
      expect(inst.stargate.type_url).toBe('/cosmwasm.wasm.v1.MsgInstantiateContract2')
      const v = MsgInstantiateContract2.decode(fromBase64(inst.stargate.value))
      expect(v.sender).toBe(p.executor)
      expect(v.admin).toBe(p.executor)
      expect(v.codeId).toBe(1234n)
      expect(v.funds).toEqual([
        { denom: USDC, amount: '700' },
        { denom: 'untrn', amount: '6000000' },
      ])
      expect(JSON.parse(fromUtf8(v.msg))).toEqual({
        services_manager: NEUTRON_1.contracts.services_manager,
        referral: null,
      })
      const r = fromCosmosMsg(reg!)
      expect('contractAddress' in r && r.contractAddress).toBe(p.account)
      expect('msg' in r && Object.keys(r.msg as object)).toEqual(['register_to_service'])
    }
  })

  it('create: salt and label as given change the predicted address', () => {
    const i = input('create', 'local', 'direct')
    const p = treasuryProposal({
      ...i,
      action: { ...(ACTIONS.create as object), salt: 'dao-2', label: 'x' } as never,
    })
    expect(p.account).toBe(instantiate2Address(fromHex(CHECKSUM), NEUTRON_DAO, toUtf8('dao-2'), 'neutron'))
  })

  it('update: the smallest update_service between from and to', () => {
    const p = treasuryProposal(input('update', 'local', 'direct'))
    const d = fromCosmosMsg(p.accountMsgs[0]!)
    const data = (d as { msg: { update_service: { data: string } } }).msg.update_service.data
    expect(decodeRebalancerUpdateData(data)).toEqual(
      updateToWire(diffConfig(SPEC_CONFIG, { ...SPEC_CONFIG, maxLimitBps: 300 })),
    )
    expect(decodeRebalancerUpdateData(data).max_limit_bps).toEqual({ set: 300 })
  })

  it('order: execute_by_admin carrying auction_funds on the network’s auctions manager with the coins', () => {
    const p = treasuryProposal(input('order', 'polytone', 'direct'))
    const d = fromCosmosMsg(p.accountMsgs[0]!) as {
      contractAddress: string
      msg: { execute_by_admin: { msgs: CosmosMsg[] } }
    }
    expect(d.contractAddress).toBe(ACCOUNT)
    const inner = fromCosmosMsg(d.msg.execute_by_admin.msgs[0]!)
    expect(inner).toEqual({
      contractAddress: AUCTIONS_MANAGER,
      msg: { auction_funds: { pair: ['untrn', USDC] } },
      funds: [{ denom: 'untrn', amount: '1000000' }],
    })
  })

  it('fund, pause, resume: a bank send to the account, pause_service with the reason, resume_service', () => {
    expect(treasuryProposal(input('fund', 'local', 'direct')).accountMsgs).toEqual([
      { bank: { send: { to_address: ACCOUNT, amount: [{ denom: 'untrn', amount: '42' }] } } },
    ])
    const msgOf = (a: string) =>
      (fromCosmosMsg(treasuryProposal(input(a, 'local', 'direct')).accountMsgs[0]!) as { msg: unknown }).msg
    expect(msgOf('pause')).toEqual({
      pause_service: { service_name: 'rebalancer', reason: 'treasury review' },
    })
    expect(msgOf('resume')).toEqual({ resume_service: { service_name: 'rebalancer' } })
  })

  it('ica: the owner is the DAO’s core unless given; the inner messages are signed by the interchain account', () => {
    const p = treasuryProposal(input('pause', 'ica', 'direct'))
    const s = p.daoMsgs[0] as { stargate: { type_url: string; value: string } }
    const parts = decodeIcaSendTx(
      { typeUrl: s.stargate.type_url, value: fromBase64(s.stargate.value) },
      registry,
    )
    expect(parts.owner).toBe(OSMO_DAO)
    expect(parts.connectionId).toBe('connection-7')
    expect(parts.memo).toBe('rebalancer')
    expect(parts.msgs[0]?.value.sender).toBe(ICA)
  })

  it('the review tree opens every layer down to the decoded config', () => {
    const p = treasuryProposal(input('create', 'polytone', 'pre_propose'))
    const o = reviewOutline(p.review)
    expect(o.title).toBe('DAO DAO proposal (pre-propose)')
    expect(o.fields).toContainEqual(['deposit', '10 uosmo'])
    expect(o.children.map((c) => c.title)).toEqual(['Polytone note execute'])
    expect(o.children[0]?.children.map((c) => c.title)).toEqual([
      'instantiate2 (MsgInstantiateContract2)',
      'account: register_to_service',
    ])
    expect(o.children[0]?.children[1]?.fields[1]?.[1]).toContain('"max_limit_bps":500')
  })
})

describe('treasuryProposal: bad input is refused, naming the field and the rule', () => {
  const base = input('create', 'local', 'direct')
  const refused = (patch: (i: Record<string, unknown>) => unknown) => {
    const i = structuredClone(base) as unknown as Record<string, unknown>
    patch(i)
    try {
      treasuryProposal(i as never)
    } catch (e) {
      expect(e).toBeInstanceOf(ProposalInputError)
      return (e as ProposalInputError).message
    }
    throw new Error('accepted')
  }
  const action = (i: Record<string, unknown>) => i.action as Record<string, unknown>

  it('addresses, code id, checksum, coins, unknown fields', () => {
    expect(refused((i) => ((i.dao as { core: string }).core = 'neutron1abc'))).toMatch(
      /^dao\.core: invalid address "neutron1abc": not valid bech32/,
    )
    expect(refused((i) => (action(i).codeId = 0))).toBe('action.codeId: must be at least 1')
    expect(refused((i) => (action(i).codeId = 1.5))).toBe('action.codeId: must be a whole number')
    expect(refused((i) => (action(i).checksum = 'xyz'))).toBe(
      'action.checksum: must be 64 hex digits (the 32-byte code checksum)',
    )
    expect(refused((i) => (action(i).funds = [{ denom: 'untrn', amount: '0' }]))).toBe(
      'action.funds[0].amount: must be positive',
    )
    expect(refused((i) => (action(i).funds = [{ denom: 'untrn', amount: 'ten' }]))).toMatch(
      /^action\.funds\[0\]\.amount: /,
    )
    expect(refused((i) => (action(i).funds = [{ denom: '1x', amount: '5' }]))).toMatch(
      /^action\.funds\[0\]\.denom: invalid denom "1x"/,
    )
    expect(refused((i) => (i.colour = 'red'))).toMatch(/colour/)
    expect(refused((i) => ((i.route as Record<string, unknown>).extra = 1))).toMatch(/^route: .*extra/)
    expect(refused((i) => (i.proposer = ''))).toMatch(/^proposer: invalid address/)
  })

  it('the account: required except for create, absent for create, on the network’s prefix', () => {
    const fund = input('fund', 'local', 'direct')
    expect(() => treasuryProposal({ ...fund, account: undefined } as never)).toThrow(
      'account: is required for fund',
    )
    expect(() => treasuryProposal({ ...base, account: ACCOUNT })).toThrow(
      'account: must be absent for create',
    )
    expect(() => treasuryProposal({ ...fund, account: addr('osmo', 32, 1) })).toThrow(
      'account: the account must be an address of neutron-1 (prefix neutron), got prefix osmo',
    )
    expect(() => treasuryProposal({ ...base, dao: { ...base.dao, core: OSMO_DAO } })).toThrow(
      /^dao\.core: the executor/,
    )
  })

  it('a config that breaks the configuration rules, an update that changes nothing', () => {
    const bad: RebalancerConfig = {
      ...SPEC_CONFIG,
      targets: [
        { denom: 'untrn', bps: 9000 },
        { denom: USDC, bps: 999 },
      ],
    }
    expect(() =>
      treasuryProposal({ ...base, action: { ...(ACTIONS.create as object), config: bad } as never }),
    ).toThrow(/^action\.config\.targets: RebalancerData: bps must sum to exactly 10000, got 9999$/)
    const same = {
      ...input('update', 'local', 'direct'),
      action: { kind: 'update', from: SPEC_CONFIG, to: SPEC_CONFIG },
    } as const
    expect(() => treasuryProposal(same)).toThrow(
      /^action\.to: RebalancerUpdateData: the update changes nothing/,
    )
  })

  it('checkTreasuryProposalInput lists every issue with its path (for inline errors)', () => {
    const r = checkTreasuryProposalInput({
      ...base,
      title: ' ',
      action: { ...(ACTIONS.create as object), codeId: -1 },
    })
    expect(r.success).toBe(false)
    if (!r.success)
      expect(r.issues.map((x) => x.path.join('.'))).toEqual(
        expect.arrayContaining(['action.codeId', 'title']),
      )
  })
})

describe('scenario denoms → chain denoms', () => {
  const mapping = { denoms: DEFAULT_SCENARIO.denoms, network: NEUTRON_1 }
  const treasury: RebalancerConfig = {
    baseDenom: 'uusdc',
    targets: [
      { denom: 'untrn', bps: 9000 },
      { denom: 'uusdc', bps: 1000 },
    ],
    pid: { p: Dec.parse('0.1'), i: Dec.ZERO, d: Dec.ZERO },
    maxLimitBps: 500,
    targetOverrideStrategy: 'proportional',
  }

  it('maps each denom through its price symbol to the network’s on-chain denom', () => {
    expect(chainConfig(treasury, mapping)).toEqual({
      ...treasury,
      baseDenom: USDC,
      targets: [
        { denom: 'untrn', bps: 9000 },
        { denom: USDC, bps: 1000 },
      ],
    })
    expect(chainDenom('uatom', mapping)).toBe(NEUTRON_1.denoms?.ATOM)
  })

  it('an unknown symbol is an error naming the denom; an override given by the user maps it', () => {
    const fund = { ...treasury, targets: [...treasury.targets.slice(0, 1), { denom: 'uosmo', bps: 1000 }] }
    let err: unknown
    try {
      chainConfig(fund, mapping)
    } catch (e) {
      err = e
    }
    expect(RebalancerError.isInstance(err) && err.code).toBe('unknown_denom')
    expect((err as RebalancerError).path).toEqual(['denoms', 'uosmo'])
    expect((err as Error).message).toBe(
      '"uosmo" (OSMO) has no on-chain denom on neutron-1 (it maps NTRN, ATOM, USDC): enter the on-chain denom of uosmo',
    )
    expect(unmappedDenoms(fund, mapping)).toEqual(['uosmo'])
    const osmo = 'ibc/376222D6D9DAE23092E29740E56B758580935A6D77C24C2ABD57A6A78A1F3955'
    expect(chainConfig(fund, { ...mapping, overrides: { uosmo: osmo } }).targets[1]?.denom).toBe(osmo)
    expect(() => chainDenom('uosmo', { ...mapping, overrides: { uosmo: '1bad' } })).toThrow(
      /on-chain denom of uosmo: invalid denom "1bad"/,
    )
  })
})

describe('the exported document', () => {
  const text = treasuryProposalJson(treasuryProposal(input('create', 'polytone', 'pre_propose')))
  const tampered = (patch: (d: Record<string, unknown>) => void) => {
    const d = JSON.parse(text)
    patch(d)
    return () => parseTreasuryProposalDocument(d)
  }

  it('is refused when a field is unknown, a message breaks its schema or the layers disagree', () => {
    expect(tampered((d) => (d.signature = 'x'))).toThrow(/signature/)
    expect(tampered((d) => (d.dao_msgs = [{ wasm: { execute: { contract_addr: 'x' } } }]))).toThrow(
      /^TreasuryProposalDocument: .* at dao_msgs\[0\]/,
    )
    expect(tampered((d) => (d.proposal_module = 'direct'))).toThrow(
      /is a pre-propose proposal, but proposal_module is direct/,
    )
    expect(tampered((d) => (d.dao_msgs = d.account_msgs))).toThrow(
      /dao_msgs.*must equal the proposal’s msgs|must equal the proposal’s msgs/,
    )
    expect(() => parseTreasuryProposalDocument('{')).toThrow(/^TreasuryProposalDocument: not JSON/)
  })
})

describe('treasuryProposal (property): any fund or order round-trips through any route', () => {
  it('the account’s messages come back from the DAO’s, and the same input gives the same text', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(ROUTES)),
        fc.constantFrom('direct' as const, 'pre_propose' as const),
        fc.bigInt({ min: 1n, max: (1n << 128n) - 1n }),
        fc.bigInt({ min: 1n, max: (1n << 128n) - 1n }),
        fc.boolean(),
        (route, module, a, b, isOrder) => {
          const base = input('fund', route, module)
          const i: TreasuryProposalInput = {
            ...base,
            action: isOrder
              ? { kind: 'order', sell: USDC, buy: 'untrn', amount: a }
              : {
                  kind: 'fund',
                  coins: [
                    { denom: 'untrn', amount: a },
                    { denom: USDC, amount: b.toString() },
                  ],
                },
          }
          const p = treasuryProposal(i)
          expect(unwrap(p, route)).toEqual(p.accountMsgs)
          expect(decodeDaoProposal(p.proposal).msgs).toEqual(p.daoMsgs)
          const text = treasuryProposalJson(p)
          expect(treasuryProposalJson(treasuryProposal(i))).toBe(text)
          parseTreasuryProposalDocument(text)
          const coins = (fromCosmosMsg(p.accountMsgs[0]!) as { bank?: { send: { amount: unknown } } }).bank
            ?.send.amount
          if (!isOrder)
            expect(coins).toEqual([
              { denom: USDC, amount: b.toString() },
              { denom: 'untrn', amount: a.toString() },
            ])
        },
      ),
      { numRuns: 60 },
    )
  })
})
