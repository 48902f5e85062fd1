import { configToRebalancerData, Dec, encodeServiceData, type JsonValue } from '@rebalancer/types'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { deployRebalancer, Localnet, type LocalnetSnapshot } from '../src/index.js'

const T0 = Date.UTC(2024, 0, 1) / 1000
const M = 1_000_000n
const DENOMS = ['uatom', 'untrn'] as const
const PAIRS = [
  ['uatom', 'untrn'],
  ['untrn', 'uatom'],
] as const

/** Every key holds the very same (immutable) value: nothing was written. */
function sameState(a: LocalnetSnapshot, b: LocalnetSnapshot): boolean {
  if (a.map.size !== b.map.size || a.height !== b.height || a.time !== b.time) return false
  for (const [k, v] of a.map) if (b.map.get(k) !== v || !b.map.has(k)) return false
  return true
}

type Step =
  | { kind: 'register'; who: number; bps: number; fee: boolean }
  | { kind: 'deposit'; who: number; pair: number; amount: bigint }
  | { kind: 'withdraw'; who: number; pair: number }
  | { kind: 'open'; who: number; pair: number; blocks: number }
  | { kind: 'bid'; who: number; pair: number; amount: bigint }
  | { kind: 'finish'; who: number; pair: number; limit: number }
  | { kind: 'clean'; who: number; pair: number }
  | { kind: 'rebalance'; who: number; limit: number }
  | { kind: 'price'; who: number; pair: number; manual: string | null }
  | { kind: 'pause'; who: number; target: number }
  | { kind: 'resume'; who: number; target: number }
  | { kind: 'raw'; who: number; contract: number; msg: JsonValue }
  | { kind: 'advance'; blocks: number; seconds: number }

const who = fc.integer({ min: 0, max: 5 })
const pair = fc.integer({ min: 0, max: 1 })
const amount = fc.bigInt({ min: 0n, max: 300n * M })
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('register' as const),
    who,
    bps: fc.integer({ min: 0, max: 10_000 }),
    fee: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('deposit' as const), who, pair, amount }),
  fc.record({ kind: fc.constant('withdraw' as const), who, pair }),
  fc.record({ kind: fc.constant('open' as const), who, pair, blocks: fc.integer({ min: -5, max: 2000 }) }),
  fc.record({ kind: fc.constant('bid' as const), who, pair, amount }),
  fc.record({ kind: fc.constant('finish' as const), who, pair, limit: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ kind: fc.constant('clean' as const), who, pair }),
  fc.record({ kind: fc.constant('rebalance' as const), who, limit: fc.integer({ min: 0, max: 3 }) }),
  fc.record({
    kind: fc.constant('price' as const),
    who,
    pair,
    manual: fc.option(fc.constantFrom('0', '1.5', '0.6', 'abc'), { nil: null }),
  }),
  fc.record({ kind: fc.constant('pause' as const), who, target: who }),
  fc.record({ kind: fc.constant('resume' as const), who, target: who }),
  fc.record({
    kind: fc.constant('raw' as const),
    who,
    contract: fc.integer({ min: 0, max: 4 }),
    msg: fc.oneof(
      fc.jsonValue() as fc.Arbitrary<JsonValue>,
      fc.constantFrom<JsonValue>(
        { system_rebalance: { limit: '5' } },
        { bid: {}, extra: 1 },
        { finish_auction: { limit: -1 } },
        'get_system_status',
        { admin: { update_cycle_period: { period: 0 } } },
      ),
    ),
  }),
  fc.record({
    kind: fc.constant('advance' as const),
    blocks: fc.integer({ min: 0, max: 3000 }),
    seconds: fc.integer({ min: 0, max: 100_000 }),
  }),
)

describe('a failing message changes nothing', () => {
  it('over random message sequences from many senders, and the supply of every denom never changes', () => {
    let totalFailures = 0
    fc.assert(
      fc.property(fc.array(step, { minLength: 5, maxLength: 40 }), (steps) => {
        const net = new Localnet({
          startTime: T0,
          priceSource: (p) => (p[0] === 'uatom' ? '1.5' : '0.666666666666666666'),
        })
        const admin = net.makeAddress('admin')
        const keeper = net.makeAddress('keeper')
        const d = deployRebalancer(net, {
          admin,
          server: keeper,
          denoms: [...DENOMS],
          baseDenoms: [{ denom: 'uatom', minBalanceLimit: 10n * M }],
          minAmounts: {
            uatom: { send: M, startAuction: 10n * M },
            untrn: { send: M, startAuction: 10n * M },
          },
          cycleStart: T0,
          fees: { denom: 'untrn', register: M, resume: M },
        })
        const users = [admin, keeper, ...['a', 'b', 'c', 'd'].map((n) => net.makeAddress(n))]
        for (const u of users) {
          net.mint(u, [
            { denom: 'uatom', amount: 200n * M },
            { denom: 'untrn', amount: 200n * M },
          ])
        }
        const accounts: (string | undefined)[] = []
        const contracts = [
          d.rebalancer,
          d.servicesManager,
          d.auctionsManager,
          d.oracle,
          d.auctions['uatom|untrn']!,
        ]
        const supply = DENOMS.map((x) => net.supply(x))
        let failures = 0
        for (const s of steps) {
          let before = net.snapshot()
          const run = (): void => {
            switch (s.kind) {
              case 'register': {
                const owner = users[s.who]!
                const acc = net.instantiate2(
                  owner,
                  d.codeIds.account,
                  `acc${accounts.length}`,
                  {
                    services_manager: d.servicesManager,
                    referral: null,
                  },
                  {
                    label: 'acc',
                    funds: [
                      { denom: 'uatom', amount: (50n * M).toString() },
                      ...(s.fee ? [{ denom: 'untrn', amount: M.toString() }] : []),
                    ],
                  },
                )
                accounts[s.who] = acc
                before = net.snapshot() // the registration below is the transaction under test
                const data = configToRebalancerData({
                  baseDenom: 'uatom',
                  targets: [
                    { denom: 'uatom', bps: s.bps },
                    { denom: 'untrn', bps: 10_000 - s.bps },
                  ],
                  pid: { p: Dec.parse('0.5'), i: Dec.ZERO, d: Dec.ZERO },
                  maxLimitBps: 10_000,
                  targetOverrideStrategy: 'proportional',
                })
                net.execute(owner, acc, {
                  register_to_service: { service_name: 'rebalancer', data: encodeServiceData(data) },
                })
                return
              }
              case 'deposit':
                net.execute(
                  users[s.who]!,
                  d.auctionsManager,
                  { auction_funds: { pair: [...PAIRS[s.pair]!] } },
                  [{ denom: PAIRS[s.pair]![0], amount: s.amount.toString() }],
                )
                return
              case 'withdraw':
                net.execute(users[s.who]!, d.auctionsManager, {
                  withdraw_funds: { pair: [...PAIRS[s.pair]!] },
                })
                return
              case 'open':
                net.execute(users[s.who]!, d.auctionsManager, {
                  server: {
                    open_auction: {
                      pair: [...PAIRS[s.pair]!],
                      params: { start_block: null, end_block: net.height + s.blocks },
                    },
                  },
                })
                return
              case 'bid':
                net.execute(users[s.who]!, d.auctions[PAIRS[s.pair]!.join('|')]!, { bid: {} }, [
                  { denom: PAIRS[s.pair]![1], amount: s.amount.toString() },
                ])
                return
              case 'finish':
                net.execute(users[s.who]!, d.auctionsManager, {
                  finish_auction: { pair: [...PAIRS[s.pair]!], limit: s.limit },
                })
                return
              case 'clean':
                net.execute(users[s.who]!, d.auctions[PAIRS[s.pair]!.join('|')]!, { clean_after_auction: {} })
                return
              case 'rebalance':
                net.execute(users[s.who]!, d.rebalancer, { system_rebalance: { limit: s.limit } })
                return
              case 'price':
                net.execute(
                  users[s.who]!,
                  d.oracle,
                  s.manual === null
                    ? { update_price: { pair: [...PAIRS[s.pair]!] } }
                    : { manual_price_update: { pair: [...PAIRS[s.pair]!], price: s.manual } },
                )
                return
              case 'pause': {
                const acc = accounts[s.target]
                net.execute(users[s.who]!, d.servicesManager, {
                  pause_service: {
                    service_name: 'rebalancer',
                    pause_for: acc ?? users[s.target]!,
                    reason: 'x',
                  },
                })
                return
              }
              case 'resume': {
                const acc = accounts[s.target]
                if (acc && s.who === s.target)
                  net.execute(users[s.who]!, acc, { resume_service: { service_name: 'rebalancer' } })
                else
                  net.execute(users[s.who]!, d.servicesManager, {
                    resume_service: { service_name: 'rebalancer', resume_for: acc ?? users[s.target]! },
                  })
                return
              }
              case 'raw':
                net.execute(users[s.who]!, contracts[s.contract]!, s.msg)
                return
              case 'advance':
                net.advanceBlocks(Math.min(s.blocks, Math.floor(s.seconds / 3) + 1), s.seconds)
                return
            }
          }
          try {
            run()
          } catch {
            failures += 1
            expect(
              sameState(before, net.snapshot()),
              `${JSON.stringify(s, (_, v) => (typeof v === 'bigint' ? `${v}` : v))} left a trace`,
            ).toBe(true)
          }
          expect(DENOMS.map((x) => net.supply(x))).toEqual(supply)
        }
        totalFailures += failures
      }),
      { numRuns: 60 },
    )
    // the sequences exercise the failure path, not just the happy one
    expect(totalFailures).toBeGreaterThan(60)
  })
})
