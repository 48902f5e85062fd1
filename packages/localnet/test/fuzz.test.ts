/**
 * Issue #9 §3: every message of the six contracts, well-formed but wrong or malformed in every
 * field, from every kind of sender, with or without funds: the localnet either runs it or
 * refuses it with its ContractError (wrapped in a TxError for a transaction), and a refused
 * message changes nothing. A JS exception of any other kind (SyntaxError, TypeError, RangeError,
 * …) is a crash the fuzzer reports.
 */
import {
  AccountExecuteUnitVariants,
  AccountExecuteVariants,
  AccountQueryUnitVariants,
  AccountQueryVariants,
  AuctionExecuteUnitVariants,
  AuctionExecuteVariants,
  AuctionQueryResponses,
  AuctionQueryUnitVariants,
  AuctionQueryVariants,
  AuctionsManagerExecuteUnitVariants,
  AuctionsManagerExecuteVariants,
  AuctionsManagerQueryUnitVariants,
  AuctionsManagerQueryVariants,
  configToRebalancerData,
  Dec,
  type JsonValue,
  OracleExecuteUnitVariants,
  OracleExecuteVariants,
  OracleQueryResponses,
  OracleQueryUnitVariants,
  OracleQueryVariants,
  RebalancerExecuteUnitVariants,
  RebalancerExecuteVariants,
  RebalancerQueryResponses,
  RebalancerQueryUnitVariants,
  RebalancerQueryVariants,
  ServicesManagerExecuteUnitVariants,
  ServicesManagerExecuteVariants,
  ServicesManagerQueryUnitVariants,
  ServicesManagerQueryVariants,
} from '@rebalancer/types'
import fc from 'fast-check'
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
const U128_MAX = ((1n << 128n) - 1n).toString()

const b64 = (v: JsonValue): string => Buffer.from(JSON.stringify(v)).toString('base64')

/** A deployment with a registered account, a queued deposit and prices: most messages can succeed. */
function world() {
  const w = exampleDeployment({
    fees: { denom: 'untrn', register: M, resume: M },
    initialPrices: [
      { pair: ['uatom', 'untrn'], price: Dec.parse('1.5') },
      { pair: ['untrn', 'uatom'], price: Dec.parse('0.666666666666666666') },
    ],
  })
  const { net, d, admin, keeper } = w
  const owner = net.makeAddress('owner')
  const stranger = net.makeAddress('stranger')
  for (const who of [admin, keeper, owner, stranger]) {
    net.mint(who, [
      { denom: 'uatom', amount: 1000n * M },
      { denom: 'untrn', amount: 1000n * M },
    ])
  }
  const account = createAccount(net, d, owner, P_ONLY, {
    funds: [
      { denom: 'uatom', amount: 100n * M },
      { denom: 'untrn', amount: 2n * M },
    ],
  })
  net.execute(owner, d.auctionsManager, { auction_funds: { pair: ['uatom', 'untrn'] } }, [
    { denom: 'uatom', amount: (20n * M).toString() },
  ])
  const auction = d.auctions['uatom|untrn']!
  const contracts = {
    account,
    servicesManager: d.servicesManager,
    rebalancer: d.rebalancer,
    auctionsManager: d.auctionsManager,
    auction,
    oracle: d.oracle,
  }
  const senders = [
    admin,
    keeper,
    owner,
    stranger,
    account,
    d.servicesManager,
    d.auctionsManager,
    d.rebalancer,
  ]
  return { ...w, owner, stranger, account, auction, contracts, senders }
}
type World = ReturnType<typeof world>
type ContractName = keyof World['contracts']

/** A seed: a valid message, or a template around an inner JSON that is mutated (base64 payloads). */
type Seed = JsonValue | { inner: JsonValue; build: (inner: JsonValue) => JsonValue }
const isTemplate = (s: Seed): s is { inner: JsonValue; build: (inner: JsonValue) => JsonValue } =>
  typeof s === 'object' &&
  s !== null &&
  !Array.isArray(s) &&
  typeof (s as { build?: unknown }).build === 'function'

function seeds(w: World): Record<ContractName, { execute: Seed[]; query: Seed[] }> {
  const { d, admin, owner, account, keeper } = w
  const pair = ['uatom', 'untrn']
  const data = configToRebalancerData(P_ONLY) as unknown as JsonValue
  const update: JsonValue = { targets: [], max_limit_bps: { set: 5000 }, trustee: 'clear' }
  const expiration = { at_height: 1_000_000 }
  const strategy = { start_price_perc: 2000, end_price_perc: 2000 }
  const halt = { cap: '14400', block_avg: '3' }
  const freshness = {
    limit: '3',
    multipliers: [
      ['2', '2'],
      ['1', '1.5'],
    ],
  }
  const bank = { bank: { send: { to_address: owner, amount: [{ denom: 'uatom', amount: '5' }] } } }
  const wasmMsg = (inner: JsonValue): JsonValue => ({
    wasm: { execute: { contract_addr: d.auctionsManager, msg: b64(inner), funds: [] } },
  })
  const auctionMsg = {
    pair: ['untrn', 'uatom'],
    auction_strategy: strategy,
    chain_halt_config: halt,
    price_freshness_strategy: freshness,
  }
  return {
    account: {
      execute: [
        {
          inner: data,
          build: (x) => ({ register_to_service: { service_name: 'rebalancer', data: b64(x) } }),
        },
        { inner: update, build: (x) => ({ update_service: { service_name: 'rebalancer', data: b64(x) } }) },
        { deregister_from_service: { service_name: 'rebalancer' } },
        { pause_service: { service_name: 'rebalancer', reason: 'r' } },
        { resume_service: { service_name: 'rebalancer' } },
        { execute_by_admin: { msgs: [bank] } },
        {
          inner: { finish_auction: { pair, limit: 3 } },
          build: (x) => ({ execute_by_admin: { msgs: [wasmMsg(x)] } }),
        },
        { send_funds_by_service: { msgs: [bank], atomic: false } },
        { execute_by_service: { msgs: [bank], atomic: true } },
        { start_admin_change: { addr: admin, expiration } },
        { cancel_admin_change: {} },
        { approve_admin_change: {} },
      ],
      query: ['get_admin'],
    },
    servicesManager: {
      execute: [
        {
          inner: data,
          build: (x) => ({ register_to_service: { service_name: 'rebalancer', data: b64(x) } }),
        },
        { inner: update, build: (x) => ({ update_service: { service_name: 'rebalancer', data: b64(x) } }) },
        { deregister_from_service: { service_name: 'rebalancer' } },
        { pause_service: { service_name: 'rebalancer', pause_for: account, reason: null } },
        { resume_service: { service_name: 'rebalancer', resume_for: account } },
        { admin: { add_service: { name: 'rebalancer', addr: owner } } },
        { admin: { update_service: { name: 'rebalancer', addr: d.rebalancer } } },
        { admin: { remove_service: { name: 'rebalancer' } } },
        { admin: { update_code_id_whitelist: { to_add: [7], to_remove: [] } } },
        { admin: { withdraw: { denom: 'untrn' } } },
        { admin: { start_admin_change: { addr: owner, expiration } } },
        { admin: { cancel_admin_change: {} } },
        { approve_admin_change: {} },
      ],
      query: [
        { get_service_addr: { service: 'rebalancer' } },
        { is_service: { addr: d.rebalancer } },
        { get_service_fee: { account, service: 'rebalancer', action: 'register' } },
        { is_account_code_id: { code_id: d.codeIds.account } },
        { get_all_services: { start_from: null, limit: 5 } },
        { get_rebalancer_config: { account } },
        'get_admin',
      ],
    },
    rebalancer: {
      execute: [
        { system_rebalance: { limit: 5 } },
        { register: { register_for: account, data } },
        { deregister: { deregister_for: account } },
        { update: { update_for: account, data: update } },
        { pause: { pause_for: account, sender: account, reason: 'r' } },
        { resume: { resume_for: account, sender: account } },
        {
          admin: {
            update_system_status: { status: { not_started: { cycle_start: '1704067200000000000' } } },
          },
        },
        { admin: { update_system_status: { status: { finished: { next_cycle: '1704067200000000000' } } } } },
        { admin: { update_denom_whitelist: { to_add: ['uosmo'], to_remove: [] } } },
        {
          admin: {
            update_base_denom_whitelist: {
              to_add: [{ denom: 'untrn', min_balance_limit: '5' }],
              to_remove: [],
            },
          },
        },
        { admin: { update_services_manager: { addr: d.servicesManager } } },
        { admin: { update_auctions_manager: { addr: d.auctionsManager } } },
        { admin: { update_cycle_period: { period: 3600 } } },
        { admin: { update_fees: { fees: { denom: 'untrn', register_fee: '5', resume_fee: '5' } } } },
        { admin: { start_admin_change: { addr: owner, expiration } } },
        { admin: { cancel_admin_change: {} } },
        { approve_admin_change: {} },
      ],
      query: [
        { get_config: { addr: account } },
        { get_all_configs: { start_after: null, limit: 5 } },
        { get_paused_config: { addr: account } },
        { get_service_fee: { account, action: 'resume' } },
        'get_system_status',
        'get_white_lists',
        'get_managers_addrs',
        'get_admin',
      ],
    },
    auctionsManager: {
      execute: [
        { auction_funds: { pair } },
        { withdraw_funds: { pair } },
        { finish_auction: { pair, limit: 5 } },
        { server: { open_auction: { pair, params: { start_block: null, end_block: 1_000 } } } },
        {
          admin: {
            new_auction: { msg: auctionMsg, label: 'x', min_amount: { send: '1', start_auction: '2' } },
          },
        },
        { admin: { pause_auction: { pair } } },
        { admin: { resume_auction: { pair } } },
        { admin: { update_auction_id: { code_id: d.codeIds.auction } } },
        { admin: { update_oracle: { oracle_addr: d.oracle } } },
        { admin: { update_min_amount: { denom: 'uatom', min_amount: { send: '1', start_auction: '2' } } } },
        { admin: { update_strategy: { pair, strategy } } },
        { admin: { update_chain_halt_config: { pair, halt_config: halt } } },
        { admin: { update_price_freshness_strategy: { pair, strategy: freshness } } },
        { admin: { migrate_auction: { pair, code_id: 1, msg: { no_state_change: {} } } } },
        { admin: { change_server_addr: { addr: keeper } } },
        { admin: { start_admin_change: { addr: owner, expiration } } },
        { admin: { cancel_admin_change: {} } },
        { approve_admin_change: {} },
      ],
      query: [
        { get_pairs: { start_after: null, limit: 5 } },
        { get_pair_addr: { pair } },
        { get_price: { pair } },
        { get_min_limit: { denom: 'uatom' } },
        { get_config: {} },
        'get_admin',
        'get_oracle_addr',
        'get_server_addr',
      ],
    },
    auction: {
      execute: [
        { auction_funds: {} },
        { withdraw_funds: {} },
        { bid: {} },
        { finish_auction: { limit: 5 } },
        { clean_after_auction: {} },
        { auction_funds_manager: { sender: owner } },
        { withdraw_funds_manager: { sender: owner } },
        { admin: 'pause_auction' },
        { admin: 'resume_auction' },
        { admin: { update_strategy: { strategy } } },
        { admin: { start_auction: { start_block: null, end_block: 1_000 } } },
        { admin: { update_chain_halt_config: halt } },
        { admin: { update_price_freshness_strategy: freshness } },
      ],
      query: [...AuctionQueryUnitVariants, { get_funds_amount: { addr: owner } }, 'get_price_history'],
    },
    oracle: {
      execute: [
        { update_price: { pair } },
        { manual_price_update: { pair, price: '1.5' } },
        { add_astro_path: { pair, path: [{ denom1: 'uatom', denom2: 'untrn', pool_address: owner }] } },
        { update_astro_path: { pair, path: [] } },
        {
          update_config: {
            auction_manager_addr: null,
            seconds_allow_manual_change: 10,
            seconds_auction_prices_fresh: null,
          },
        },
        { start_admin_change: { addr: owner, expiration: { at_time: '1' } } },
        { cancel_admin_change: {} },
        { approve_admin_change: {} },
      ],
      query: [
        { get_price: { pair } },
        { get_all_prices: { from: null, limit: 5 } },
        'get_config',
        'get_admin',
      ],
    },
  }
}

/** Every execute/query variant of a contract (the wire schemas'): data variants and bare-string ones. */
type Variants = { data: readonly string[]; unit: readonly string[] }
const VARIANTS: Record<ContractName, { execute: Variants; query: Variants }> = {
  account: {
    execute: { data: Object.keys(AccountExecuteVariants), unit: AccountExecuteUnitVariants },
    query: { data: Object.keys(AccountQueryVariants), unit: AccountQueryUnitVariants },
  },
  servicesManager: {
    execute: { data: Object.keys(ServicesManagerExecuteVariants), unit: ServicesManagerExecuteUnitVariants },
    query: { data: Object.keys(ServicesManagerQueryVariants), unit: ServicesManagerQueryUnitVariants },
  },
  rebalancer: {
    execute: { data: Object.keys(RebalancerExecuteVariants), unit: RebalancerExecuteUnitVariants },
    query: { data: Object.keys(RebalancerQueryVariants), unit: RebalancerQueryUnitVariants },
  },
  auctionsManager: {
    execute: { data: Object.keys(AuctionsManagerExecuteVariants), unit: AuctionsManagerExecuteUnitVariants },
    query: { data: Object.keys(AuctionsManagerQueryVariants), unit: AuctionsManagerQueryUnitVariants },
  },
  auction: {
    execute: { data: Object.keys(AuctionExecuteVariants), unit: AuctionExecuteUnitVariants },
    query: { data: Object.keys(AuctionQueryVariants), unit: AuctionQueryUnitVariants },
  },
  oracle: {
    execute: { data: Object.keys(OracleExecuteVariants), unit: OracleExecuteUnitVariants },
    query: { data: Object.keys(OracleQueryVariants), unit: OracleQueryUnitVariants },
  },
}

/**
 * The seeds, plus a generic one (`"name"` or `{"name":{}}`) for any variant of the wire schemas
 * that has no hand-written seed yet, so that every variant is fuzzed.
 */
function allSeeds(w: World): Record<ContractName, { execute: Seed[]; query: Seed[] }> {
  const s = seeds(w)
  for (const name of Object.keys(VARIANTS) as ContractName[]) {
    for (const kind of ['execute', 'query'] as const) {
      const have = new Set(s[name][kind].map((x) => variantOf(isTemplate(x) ? x.build(x.inner) : x)))
      for (const v of VARIANTS[name][kind].unit) if (!have.has(v)) s[name][kind].push(v)
      for (const v of VARIANTS[name][kind].data) if (!have.has(v)) s[name][kind].push({ [v]: {} })
    }
  }
  return s
}

const variantOf = (m: JsonValue): string =>
  typeof m === 'string' ? m : m && typeof m === 'object' && !Array.isArray(m) ? (Object.keys(m)[0] ?? '') : ''

// ------------------------------------------------------------------ mutations

type Path = (string | number)[]

function paths(v: JsonValue, at: Path = []): Path[] {
  const out: Path[] = [at]
  if (Array.isArray(v)) {
    for (const [i, x] of v.entries()) out.push(...paths(x, [...at, i]))
  } else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) out.push(...paths(x as JsonValue, [...at, k]))
  return out
}

function setAt(v: JsonValue, p: Path, f: (old: JsonValue | undefined) => JsonValue | undefined): JsonValue {
  if (p.length === 0) return f(v) ?? null
  const [k, ...rest] = p
  if (Array.isArray(v)) {
    const copy = [...v]
    const next = setAt(copy[k as number] as JsonValue, rest, f)
    if (rest.length === 0 && f(copy[k as number]) === undefined) copy.splice(k as number, 1)
    else copy[k as number] = next
    return copy
  }
  const obj = { ...(v as Record<string, JsonValue>) }
  if (rest.length === 0) {
    const nv = f(obj[k as string])
    if (nv === undefined) delete obj[k as string]
    else obj[k as string] = nv
  } else obj[k as string] = setAt(obj[k as string] as JsonValue, rest, f)
  return obj
}

/** Values that are the wrong type, out of range, of the wrong form, or well-formed but wrong. */
function badValue(w: World): fc.Arbitrary<JsonValue> {
  return fc.oneof(
    fc.constantFrom<JsonValue>(
      1.5,
      -1,
      0,
      2 ** 32,
      2 ** 53 + 2,
      1e300,
      -0.5,
      '1.5',
      '-1',
      '0',
      '',
      ' 1',
      '01',
      '1e3',
      'abc',
      U128_MAX,
      ((1n << 128n) + 1n).toString(),
      '18446744073709551616',
      '99999999999999999999999999999999999999999999',
      '0.0000000000000000001',
      '340282366920938463463.374607431768211456',
      true,
      null,
      [],
      {},
      [1, 2],
      ['uatom', 'uatom'],
      ['uatom', 'uosmo', 'untrn'],
      { x: 1 },
      'neutron1xyz',
      'cosmos1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5lzv7xu',
      'NEUTRON1QYPQXPQ9QCRSSZG2PVXQ6RS0ZQG3YYC5Z2Y7FS',
      'not base64!',
      'e30=',
    ),
    fc.constantFrom<JsonValue>(...w.senders, ...Object.values(w.contracts)),
    fc.integer({ min: -10, max: 2 ** 31 }),
    fc.string({ maxLength: 8 }),
    fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<JsonValue>,
  )
}

/**
 * Near misses of a value, by its type: decimals where integers are expected, negative, huge,
 * leading zeros, exponents, wrong case, numbers as strings and strings as numbers.
 */
function nearMisses(v: JsonValue | undefined): JsonValue[] {
  if (typeof v === 'string') {
    if (/^\d+$/.test(v))
      return [
        `${v}.5`,
        '1.5',
        `-${v}`,
        `0${v}`,
        `${v}${'0'.repeat(40)}`,
        `${v}e3`,
        ` ${v}`,
        '',
        Number(v),
        '18446744073709551616',
      ]
    if (/^\d+\.\d+$/.test(v))
      return [`${v}.1`, `-${v}`, '1e3', `0.${'1'.repeat(19)}`, `${'9'.repeat(30)}.5`, Number(v), '.5', '5.']
    return ['', v.toUpperCase(), `${v}x`, v.slice(1), 5, null, ' ', 'a'.repeat(200)]
  }
  if (typeof v === 'number')
    return [v + 0.5, -v - 1, 2 ** 64, 1e300, 2 ** 53 + 1, `${v}`, -0.5, 2 ** 32, 4294967295, 1e15]
  if (typeof v === 'boolean') return ['true', 1, null]
  if (Array.isArray(v)) return [[], [...v, ...v.slice(0, 1)], v.slice(1), [v], null]
  if (v && typeof v === 'object') return [{}, null, [], 'x', Object.values(v)[0] ?? null]
  return [0, '', {}, []]
}

type Mutation =
  | { kind: 'tweak'; pick: number; which: number }
  | { kind: 'replace'; pick: number; value: JsonValue }
  | { kind: 'remove'; pick: number }
  | { kind: 'extra'; pick: number; key: string; value: JsonValue }
  | { kind: 'variant'; name: string }
  | { kind: 'none' }

function mutation(w: World): fc.Arbitrary<Mutation> {
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({ kind: fc.constant('replace' as const), pick: fc.nat(), value: badValue(w) }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }) },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('extra' as const),
        pick: fc.nat(),
        key: fc.constantFrom('extra', 'limit', 'pair', 'sender', '__proto__', 'constructor'),
        value: badValue(w),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('variant' as const),
        name: fc.constantFrom('admin', 'bid', 'register', 'get_config', 'unknown_variant', 'Admin', ''),
      }),
    },
    { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
  )
}

function mutate(msg: JsonValue, m: Mutation): JsonValue {
  const ps = paths(msg)
  switch (m.kind) {
    case 'none':
      return msg
    case 'replace':
      return setAt(msg, ps[m.pick % ps.length]!, () => m.value)
    case 'tweak':
      return setAt(msg, ps[m.pick % ps.length]!, (old) => {
        const options = nearMisses(old)
        return options[m.which % options.length]!
      })
    case 'remove': {
      const p = ps.slice(1)
      return p.length === 0 ? msg : setAt(msg, p[m.pick % p.length]!, () => undefined)
    }
    case 'extra': {
      const objs = ps.filter((p) => {
        let v: JsonValue = msg
        for (const k of p) v = (v as Record<string, JsonValue>)[k as string] as JsonValue
        return v !== null && typeof v === 'object' && !Array.isArray(v)
      })
      if (objs.length === 0) return msg
      return setAt(msg, objs[m.pick % objs.length]!, (o) => {
        const copy = { ...(o as Record<string, JsonValue>) }
        Object.defineProperty(copy, m.key, {
          value: m.value,
          enumerable: true,
          writable: true,
          configurable: true,
        })
        return copy
      })
    }
    case 'variant': {
      if (typeof msg === 'string') return m.name
      if (msg && typeof msg === 'object' && !Array.isArray(msg)) {
        const [body] = Object.values(msg)
        return { [m.name]: body as JsonValue }
      }
      return msg
    }
  }
}

/** What the wire carries: JSON text, parsed (an absent value disappears, as it would). */
const wire = (v: JsonValue | undefined): JsonValue => JSON.parse(JSON.stringify(v ?? null))

function applySeed(seed: Seed, muts: Mutation[], inner: boolean): JsonValue {
  if (isTemplate(seed)) {
    if (inner) return wire(seed.build(wire(muts.reduce(mutate, seed.inner))))
    return wire(muts.reduce(mutate, seed.build(seed.inner)))
  }
  return wire(muts.reduce(mutate, seed))
}

const ILL_FORMED_MESSAGE =
  /Cannot convert|is not a function|of undefined|of null|\bundefined\b|\bNaN\b|\[object Object\]|Unexpected token|Maximum call stack/

/** A refusal must be the localnet's contract error, with a readable message. */
function expectContractError(e: unknown, what: string): void {
  const inner = TxError.isInstance(e) ? e.contractError : e
  if (!ContractError.isInstance(inner)) {
    throw new Error(`${what}: crashed with ${(inner as Error)?.name}: ${(inner as Error)?.message}`, {
      cause: inner,
    })
  }
  expect(inner.message, what).not.toMatch(ILL_FORMED_MESSAGE)
}

/** Funds: none, valid coins, and malformed ones (decimal, negative, above Uint128::MAX, bad denom, bigint amounts). */
const COINS: fc.Arbitrary<readonly { denom: string; amount: string }[]> = fc.oneof(
  { weight: 4, arbitrary: fc.constant([]) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      [{ denom: 'uatom', amount: '2000000' }],
      [{ denom: 'untrn', amount: '1000000' }],
      [{ denom: 'untrn', amount: '1' }],
      [
        { denom: 'uatom', amount: '2000000' },
        { denom: 'untrn', amount: '1000000' },
      ],
    ),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom<unknown[]>(
      [{ denom: 'uatom', amount: '1.5' }],
      [{ denom: 'uatom', amount: '-1' }],
      [{ denom: 'uatom', amount: -1n }],
      [{ denom: 'uatom', amount: 3n }],
      [{ denom: 'uatom', amount: 1n << 128n }],
      [{ denom: 'uatom', amount: ((1n << 128n) + 5n).toString() }],
      [{ denom: 'uatom', amount: 1.5 }],
      [{ denom: 'uatom', amount: null }],
      [{ denom: '', amount: '1' }],
      [{ denom: 'u', amount: '1' }],
      [{ denom: 5, amount: '1' }],
      [null],
      [
        { denom: 'uatom', amount: ((1n << 127n) + 1n).toString() },
        { denom: 'uatom', amount: ((1n << 127n) + 1n).toString() },
      ],
    ) as unknown as fc.Arbitrary<readonly { denom: string; amount: string }[]>,
  },
)

const show = (v: unknown) => JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? `${x}n` : x))

describe('the crashes the fuzzer found, one by one', () => {
  function refusal(fn: () => unknown): ContractError {
    try {
      fn()
    } catch (e) {
      expectContractError(e, 'refusal')
      return (TxError.isInstance(e) ? e.contractError : e) as ContractError
    }
    throw new Error('expected a refusal')
  }

  it('a decimal block_avg (issue #9: "Cannot convert 1.5 to a BigInt") is a contract error naming the field', () => {
    const w = world()
    const before = w.net.snapshot()
    const halt = { cap: '14400', block_avg: '1.5' }
    const e = refusal(() =>
      w.net.execute(w.admin, w.d.auctionsManager, {
        admin: { update_chain_halt_config: { pair: ['uatom', 'untrn'], halt_config: halt } },
      }),
    )
    expect(e.message).toMatch(/block_avg: "1.5" is not supported by the localnet: it takes a whole number/)
    expect(sameState(before, w.net.snapshot())).toBe(true)
    const e2 = refusal(() =>
      w.net.execute(w.admin, w.d.auctionsManager, {
        admin: {
          new_auction: {
            msg: {
              pair: ['uatom', 'uosmo'],
              auction_strategy: { start_price_perc: 2000, end_price_perc: 2000 },
              chain_halt_config: { cap: U128_MAX, block_avg: '3' },
              price_freshness_strategy: { limit: '3', multipliers: [] },
            },
            label: 'x',
            min_amount: null,
          },
        },
      }),
    )
    expect(e2.message).toMatch(/chain_halt_config\.cap: .* above the localnet's bound/)
    // a whole number written as a decimal is fine
    w.net.execute(w.admin, w.d.auctionsManager, {
      admin: {
        update_chain_halt_config: { pair: ['uatom', 'untrn'], halt_config: { cap: '100', block_avg: '3.0' } },
      },
    })
  })

  it('a freshness limit beyond 2^53 seconds no longer breaks every later system_rebalance (RangeError)', () => {
    const w = world()
    w.net.execute(w.admin, w.d.auctionsManager, {
      admin: {
        update_price_freshness_strategy: {
          pair: ['uatom', 'untrn'],
          strategy: { limit: '18446744073709551616', multipliers: [] },
        },
      },
    })
    w.net.advanceTime(86_400)
    w.net.execute(w.keeper, w.d.rebalancer, { system_rebalance: { limit: null } })
    expect(w.net.query(w.d.rebalancer, 'get_system_status')).toHaveProperty('finished')
  })

  it('service data that is not base64 JSON, a wasm msg that is not JSON, an oracle without a price source', () => {
    const w = world()
    expect(
      refusal(() =>
        w.net.execute(w.owner, w.account, { register_to_service: { service_name: 'rebalancer', data: '' } }),
      ).message,
    ).toMatch(/data: Binary: base64 data is not JSON/)
    expect(
      refusal(() =>
        w.net.execute(w.owner, w.account, {
          execute_by_admin: {
            msgs: [{ wasm: { execute: { contract_addr: w.d.oracle, msg: 'AAAA', funds: [] } } }],
          },
        }),
      ).message,
    ).toMatch(/wasm execute msg: invalid base64 JSON: the decoded bytes are not a JSON document$/)
    expect(
      refusal(() => w.net.execute(w.owner, w.d.oracle, { update_price: { pair: ['uatom', 'untrn'] } }))
        .message,
    ).toMatch(/no price/)
  })
})

describe('fuzzing every contract message: only ContractErrors, and a refusal changes nothing', () => {
  const w0 = world()
  const s0 = allSeeds(w0)

  it('the seeds cover every execute and query variant of the six contracts, most by hand', () => {
    const byHand = seeds(w0)
    let handWritten = 0
    let total = 0
    for (const name of Object.keys(VARIANTS) as ContractName[]) {
      for (const kind of ['execute', 'query'] as const) {
        const covered = (list: Seed[]) =>
          new Set(list.map((x) => variantOf(isTemplate(x) ? x.build(x.inner) : x)))
        const all = covered(s0[name][kind])
        const hand = covered(byHand[name][kind])
        for (const v of [...VARIANTS[name][kind].data, ...VARIANTS[name][kind].unit]) {
          expect(all.has(v), `${name} ${kind} ${v}`).toBe(true)
          total += 1
          if (hand.has(v)) handWritten += 1
        }
      }
    }
    expect(handWritten).toBeGreaterThanOrEqual(Math.min(total, 80))
  })

  for (const name of Object.keys(s0) as ContractName[]) {
    it(`${name}: execute and query`, () => {
      const w = world()
      const base = w.net.snapshot()
      const s = allSeeds(w)
      const execCount = s[name].execute.length
      const queryCount = s[name].query.length
      fc.assert(
        fc.property(
          fc.array(
            fc.record({
              query: fc.boolean(),
              seed: fc.nat(),
              inner: fc.boolean(),
              muts: fc.array(mutation(w), { minLength: 0, maxLength: 3 }),
              sender: fc.nat({ max: w.senders.length - 1 }),
              funds: COINS,
            }),
            { minLength: 1, maxLength: 4 },
          ),
          (calls) => {
            w.net.restore(base)
            for (const c of calls) {
              const list = c.query ? s[name].query : s[name].execute
              const seed = list[c.seed % (c.query ? queryCount : execCount)]!
              const msg = applySeed(seed, c.muts, c.inner)
              const what = `${name} ${c.query ? 'query' : 'execute'} ${show(msg)} funds ${show(c.funds)}`
              const before = w.net.snapshot()
              if (c.query) {
                try {
                  w.net.query(w.contracts[name], msg)
                } catch (e) {
                  expectContractError(e, what)
                }
                expect(sameState(before, w.net.snapshot()), `${what}: a query wrote`).toBe(true)
                continue
              }
              try {
                w.net.execute(w.senders[c.sender]!, w.contracts[name], msg, c.funds)
              } catch (e) {
                expectContractError(e, what)
                expect(sameState(before, w.net.snapshot()), `${what}: a refusal left a trace`).toBe(true)
              }
              expect(w.net.supplyProblems(), what).toEqual([])
            }
          },
        ),
        { numRuns: 300 },
      )
    })
  }

  /** Who may send what: the privileged sender of each contract first, then an outsider. */
  const PRIVILEGED: Record<ContractName, (w: World) => string[]> = {
    account: (w) => [w.owner, w.d.rebalancer],
    servicesManager: (w) => [w.account, w.admin],
    rebalancer: (w) => [w.d.servicesManager, w.admin, w.keeper],
    auctionsManager: (w) => [w.admin, w.keeper, w.owner],
    auction: (w) => [w.d.auctionsManager, w.owner],
    oracle: (w) => [w.admin, w.owner],
  }
  const FIXED_BAD: JsonValue[] = [null, true, [], {}, 1.5, -1, 'x', U128_MAX, { x: 1 }]

  /** Every single-field mutation of a message: near misses and wrong types at every path, an unknown field in every object, every field removed. */
  function* everyMutation(msg: JsonValue): Generator<Mutation> {
    const ps = paths(msg)
    for (let pick = 0; pick < ps.length; pick++) {
      let v: JsonValue = msg
      for (const k of ps[pick]!) v = (v as Record<string, JsonValue>)[k as string] as JsonValue
      const n = nearMisses(v).length
      for (let which = 0; which < n; which++) yield { kind: 'tweak', pick, which }
      for (const value of FIXED_BAD) yield { kind: 'replace', pick, value }
      if (pick > 0) yield { kind: 'remove', pick: pick - 1 }
      yield { kind: 'extra', pick, key: 'extra', value: 1 }
    }
    yield { kind: 'variant', name: 'unknown_variant' }
  }

  const PAYABLE = new Set([
    'auction_funds',
    'bid',
    'register_to_service',
    'resume_service',
    'register',
    'resume',
  ])
  const PAYMENTS: { denom: string; amount: string }[][] = [
    [{ denom: 'uatom', amount: (2n * M).toString() }],
    [{ denom: 'untrn', amount: M.toString() }],
  ]

  /**
   * After a message was accepted: the keeper's cycle and a market maker's moves still run or
   * are refused with a ContractError (a stored value that crashes later is a crash too).
   */
  function probe(w: World, after: string): void {
    const { net, d, keeper, stranger } = w
    net.advanceTime(86_400) // past the first cycle's start
    const steps: [string, string, JsonValue, { denom: string; amount: string }[]][] = [
      [keeper, d.rebalancer, { system_rebalance: { limit: null } }, []],
      [stranger, d.oracle, { update_price: { pair: ['uatom', 'untrn'] } }, []],
      [
        keeper,
        d.auctionsManager,
        { server: { open_auction: { pair: ['uatom', 'untrn'], params: { end_block: net.height + 20 } } } },
        [],
      ],
      [stranger, w.auction, { bid: {} }, [{ denom: 'untrn', amount: (3n * M).toString() }]],
      [stranger, d.auctionsManager, { finish_auction: { pair: ['uatom', 'untrn'], limit: 5 } }, []],
      [keeper, d.rebalancer, { system_rebalance: { limit: null } }, []],
    ]
    for (const [sender, contract, msg, funds] of steps) {
      const before = net.snapshot()
      const what = `${show(msg)} after ${after}`
      try {
        net.execute(sender, contract, msg, funds)
      } catch (e) {
        expectContractError(e, what)
        expect(sameState(before, net.snapshot()), `${what}: a refusal left a trace`).toBe(true)
      }
      net.advanceBlocks(10)
    }
    // the answers still have the chain's shapes (a Timestamp past u64 would not)
    const answers: [string, JsonValue, { parse(v: unknown): unknown }][] = [
      [d.rebalancer, 'get_system_status', RebalancerQueryResponses.get_system_status],
      [d.rebalancer, { get_config: { addr: w.account } }, RebalancerQueryResponses.get_config],
      [w.auction, 'get_auction', AuctionQueryResponses.get_auction],
      [w.auction, 'get_config', AuctionQueryResponses.get_config],
      [d.oracle, { get_all_prices: {} }, OracleQueryResponses.get_all_prices],
    ]
    for (const [contract, q, schema] of answers) {
      let answer: unknown
      try {
        answer = net.query(contract, q)
      } catch (e) {
        expectContractError(e, `${show(q)} after ${after}`)
        continue
      }
      expect(() => schema.parse(answer), `${show(q)} answered ${show(answer)} after ${after}`).not.toThrow()
    }
  }

  /** The last object key on the path a replacing mutation changed below the variant, or undefined. */
  function fieldOf(msg: JsonValue, m: Mutation): string | undefined {
    if (m.kind !== 'tweak' && m.kind !== 'replace') return undefined
    const p = paths(msg)[m.pick]!
    if (p.length < 2) return undefined
    const keys = p.filter((k): k is string => typeof k === 'string')
    return keys[keys.length - 1]
  }

  for (const name of Object.keys(s0) as ContractName[]) {
    it(`${name}: every single-field mutation of every message, from its privileged senders`, () => {
      const w = world()
      const base = w.net.snapshot()
      const s = allSeeds(w)
      const senders = PRIVILEGED[name](w)
      let runs = 0
      let refused = 0
      for (const kind of ['execute', 'query'] as const) {
        for (const seed of s[name][kind]) {
          for (const inner of isTemplate(seed) ? [false, true] : [false]) {
            const start = isTemplate(seed) ? (inner ? seed.inner : seed.build(seed.inner)) : seed
            for (const m of everyMutation(start)) {
              const msg = applySeed(seed, [m], inner)
              const fundsToTry = PAYABLE.has(variantOf(msg)) ? [[], ...PAYMENTS] : [[]]
              for (const [sender, funds] of kind === 'query'
                ? [['', []] as const]
                : senders.flatMap((x) => fundsToTry.map((f) => [x, f] as const))) {
                const what = `${name} ${kind} ${show(msg)} from ${sender} funds ${show(funds)}`
                runs += 1
                try {
                  if (kind === 'query') w.net.query(w.contracts[name], msg)
                  else {
                    w.net.execute(sender, w.contracts[name], msg, funds)
                    // a value it stored must not break what runs after it
                    probe(w, what)
                  }
                } catch (e) {
                  refused += 1
                  expectContractError(e, what)
                  expect(sameState(base, w.net.snapshot()), `${what}: a refusal left a trace`).toBe(true)
                  // a decoding error for a value inside the message names that field
                  const field = fieldOf(start, m)
                  if (
                    field &&
                    / Error parsing into type |^Error parsing into type /.test((e as Error).message)
                  ) {
                    expect((e as Error).message, what).toContain(field)
                  }
                }
                expect(w.net.supplyProblems(), what).toEqual([])
                w.net.restore(base)
              }
            }
          }
        }
      }
      // the mutations are refused far more often than not, and many were tried
      expect(runs).toBeGreaterThan(300)
      expect(refused).toBeGreaterThan(runs / 2)
    })
  }

  it('instantiate messages of the six codes: every single-field mutation, then random ones', () => {
    const w = world()
    const { d, admin, owner } = w
    const base = w.net.snapshot()
    const inits: [number, JsonValue][] = [
      [d.codeIds.account, { services_manager: d.servicesManager, referral: null }],
      [d.codeIds.servicesManager, { whitelisted_code_ids: [d.codeIds.account] }],
      [
        d.codeIds.rebalancer,
        {
          denom_whitelist: ['uatom', 'untrn'],
          base_denom_whitelist: [{ denom: 'uatom', min_balance_limit: '10' }],
          services_manager_addr: d.servicesManager,
          cycle_start: '1704067200000000000',
          auctions_manager_addr: d.auctionsManager,
          cycle_period: 86400,
          fees: { denom: 'untrn', register_fee: '1', resume_fee: '1' },
        },
      ],
      [
        d.codeIds.auctionsManager,
        {
          auction_code_id: d.codeIds.auction,
          min_auction_amount: [['uatom', { send: '1', start_auction: '2' }]],
          server_addr: owner,
        },
      ],
      [
        d.codeIds.auction,
        {
          pair: ['uatom', 'untrn'],
          auction_strategy: { start_price_perc: 2000, end_price_perc: 2000 },
          chain_halt_config: { cap: '14400', block_avg: '3' },
          price_freshness_strategy: { limit: '3', multipliers: [['2', '2']] },
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
    // every single-field mutation of every instantiate message
    for (const [codeId, seed] of inits) {
      for (const m of everyMutation(seed)) {
        const msg = wire(mutate(seed, m))
        const what = `instantiate code ${codeId} ${show(msg)}`
        try {
          w.net.instantiate(admin, codeId, msg, { label: 'x' })
        } catch (e) {
          expectContractError(e, what)
          expect(sameState(base, w.net.snapshot()), `${what}: a refusal left a trace`).toBe(true)
          const field = fieldOf(seed, m)
          if (field && /Error parsing into type /.test((e as Error).message)) {
            expect((e as Error).message, what).toContain(field)
          }
        }
        w.net.restore(base)
      }
    }
    // and random combinations with funds and labels
    fc.assert(
      fc.property(
        fc.nat({ max: inits.length - 1 }),
        fc.array(mutation(w), { minLength: 0, maxLength: 3 }),
        COINS,
        fc.string({ maxLength: 3 }),
        (i, muts, funds, label) => {
          w.net.restore(base)
          const [codeId, seed] = inits[i]!
          const msg = wire(muts.reduce(mutate, seed))
          const what = `instantiate code ${codeId} ${show(msg)} funds ${show(funds)}`
          try {
            w.net.instantiate(admin, codeId, msg, { label: label || 'x', funds })
          } catch (e) {
            expectContractError(e, what)
            expect(sameState(base, w.net.snapshot()), `${what}: a refusal left a trace`).toBe(true)
          }
          expect(w.net.supplyProblems(), what).toEqual([])
        },
      ),
      { numRuns: 1000 },
    )
  })
})
