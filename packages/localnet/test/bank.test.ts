import { type Coin, Dec, type RebalancerConfig, WireError } from '@rebalancer/types'
import { describe, expect, it } from 'vitest'
import {
  ContractError,
  createAccount,
  exampleDeployment,
  Localnet,
  type LocalnetSnapshot,
  TxError,
} from '../src/index.js'
import type { KV } from '../src/store.js'
import { EXAMPLE_CONFIG as P_ONLY } from '../src/testing.js'
import { LossyLocalnet, sameState } from './helpers.js'

const M = 1_000_000n
const U128_MAX = (1n << 128n) - 1n

/** Runs `fn`, expects a TxError whose contract error is a ContractError matching `re`, and no change. */
function refused(net: Localnet, fn: () => unknown, re: RegExp): void {
  const before = net.snapshot()
  let caught: unknown
  try {
    fn()
  } catch (e) {
    caught = e
  }
  expect(TxError.isInstance(caught)).toBe(true)
  expect(ContractError.isInstance((caught as TxError).contractError)).toBe(true)
  expect((caught as TxError).message).toMatch(re)
  expect(sameState(before, net.snapshot())).toBe(true)
}

describe('amounts at the localnet boundary are Uint128', () => {
  it('refuses funds above 2^128-1, negative or fractional, as strings or bigints, naming the field', () => {
    const { net, d, admin } = exampleDeployment()
    const user = net.makeAddress('user')
    net.mint(user, [{ denom: 'uatom', amount: 100n * M }])
    const over = (U128_MAX + 1n).toString()
    const auctionFunds = { auction_funds: { pair: ['uatom', 'untrn'] } }
    refused(
      net,
      () => net.execute(user, d.auctionsManager, auctionFunds, [{ denom: 'uatom', amount: over }]),
      /funds\[0\]\.amount: .* above Uint128::MAX/,
    )
    refused(
      net,
      () =>
        net.execute(user, d.auctionsManager, auctionFunds, [
          { denom: 'uatom', amount: -5n as unknown as string },
        ]),
      /funds\[0\]\.amount: -5 of uatom is negative/,
    )
    refused(
      net,
      () => net.execute(user, d.auctionsManager, auctionFunds, [{ denom: 'uatom', amount: '1.5' }]),
      /funds\[0\]\.amount: invalid Uint128 "1.5"/,
    )
    refused(
      net,
      () =>
        net.execute(user, d.auctionsManager, auctionFunds, [
          { denom: 'uatom', amount: (U128_MAX + 1n) as unknown as string },
        ]),
      /above Uint128::MAX/,
    )
    refused(net, () => net.send(user, admin, [{ denom: 'uatom', amount: over }]), /amount\[0\]\.amount/)
    refused(
      net,
      () =>
        net.instantiate(
          user,
          d.codeIds.account,
          { services_manager: d.servicesManager },
          { label: 'a', funds: [{ denom: 'uatom', amount: over }] },
        ),
      /funds\[0\]\.amount/,
    )
    // two coins of one denom whose sum passes the bound
    const half = ((U128_MAX + 1n) / 2n).toString()
    refused(
      net,
      () =>
        net.execute(user, d.auctionsManager, auctionFunds, [
          { denom: 'uatom', amount: half },
          { denom: 'uatom', amount: half },
        ]),
      /total of uatom is above Uint128::MAX/,
    )
  })

  it('never lets a balance pass Uint128::MAX: a mint that would is refused whole', () => {
    const net = new Localnet()
    const a = net.makeAddress('a')
    const b = net.makeAddress('b')
    net.mint(a, [{ denom: 'uatom', amount: U128_MAX - 10n }])
    expect(() => net.mint(b, [{ denom: 'uatom', amount: 11n }])).toThrow(
      /uatom total supply would be .* above Uint128::MAX/,
    )
    expect(() =>
      net.mint(b, [
        { denom: 'untrn', amount: 1n },
        { denom: 'uatom', amount: 6n },
        { denom: 'uatom', amount: 5n },
      ]),
    ).toThrow(expect.objectContaining({ name: 'LocalnetError', code: 'supply_overflow' }))
    expect(net.balance(b, 'untrn')).toBe(0n) // nothing of the refused mint remains
    expect(() => net.mint(b, [{ denom: 'uatom', amount: -1n }])).toThrow(/negative/)
    expect(() => net.mint(b, [{ denom: 'uatom', amount: -1n }])).toThrow(
      expect.objectContaining({ name: 'LocalnetError', code: 'invalid_coin' }),
    )
    expect(() => net.mint(b, [{ denom: 'uatom', amount: '1e3' }])).toThrow(/invalid Uint128/)
    // the one coin normaliser of types checks a mint: its WireError is the cause, the path the coin's field
    let refused: unknown
    try {
      net.mint(b, [
        { denom: 'untrn', amount: 1n },
        { denom: 'uatom', amount: '12x' },
      ])
    } catch (e) {
      refused = e
    }
    expect(refused).toMatchObject({
      name: 'LocalnetError',
      code: 'invalid_coin',
      path: ['coins', 1, 'amount'],
    })
    expect((refused as Error).message).toMatch(/^mint: coins\[1\]\.amount: invalid Uint128 "12x" of uatom/)
    expect(WireError.isInstance((refused as Error).cause)).toBe(true)
    expect(() => net.mint(b, [{ denom: '1bad', amount: 1n }])).toThrow(
      expect.objectContaining({ code: 'invalid_coin', path: ['coins', 0, 'denom'] }),
    )
    expect(net.balance(b, 'untrn')).toBe(0n)
    net.mint(b, [{ denom: 'uatom', amount: 10n }])
    net.send(b, a, [{ denom: 'uatom', amount: '10' }])
    expect(net.balance(a, 'uatom')).toBe(U128_MAX)
    expect(net.supply('uatom')).toBe(U128_MAX)
    expect(net.supplyProblems()).toEqual([])
  })

  it('reads amount strings as the chain does: leading zeros and a plus sign are the same number', () => {
    const net = new Localnet()
    const a = net.makeAddress('a')
    const b = net.makeAddress('b')
    net.mint(a, [{ denom: 'uatom', amount: '0100' }])
    net.send(a, b, [{ denom: 'uatom', amount: '007' }])
    net.send(a, b, [{ denom: 'uatom', amount: '+3' }])
    expect([net.balance(a, 'uatom'), net.balance(b, 'uatom')]).toEqual([90n, 10n])
    expect(() => net.send(a, b, [{ denom: 'uatom', amount: '-1' }])).toThrow(
      /amount\[0\]\.amount: invalid Uint128 "-1"/,
    )
    expect(() => net.send(a, b, [{ denom: 'uatom', amount: ` ${'0'.repeat(50)}` }])).toThrow(
      /invalid Uint128/,
    )
    // 2^128 written with leading zeros is still above the maximum
    expect(() => net.mint(a, [{ denom: 'uatom', amount: `000${(1n << 128n).toString()}` }])).toThrow(
      /above Uint128::MAX/,
    )
  })
})

describe('supply is the bank summed, checked against what was minted', () => {
  it('holds over a deployment, a registration and a trade', () => {
    const { net, d } = exampleDeployment({
      fees: { denom: 'untrn', register: M, resume: M },
      initialPrices: [{ pair: ['uatom', 'untrn'], price: Dec.parse('1.5') }],
    })
    const owner = net.makeAddress('owner')
    net.mint(owner, [
      { denom: 'uatom', amount: 100n * M },
      { denom: 'untrn', amount: M },
    ])
    createAccount(net, d, owner, P_ONLY, {
      funds: [
        { denom: 'uatom', amount: 100n * M },
        { denom: 'untrn', amount: M },
      ],
    })
    expect(net.supplyProblems()).toEqual([])
    expect(net.supply('uatom')).toBe(100n * M)
    expect(net.minted('untrn')).toBe(M)
  })

  it('goes red under the mutation "lose one unit on every transfer"', () => {
    const net = new LossyLocalnet()
    const a = net.makeAddress('a')
    const b = net.makeAddress('b')
    net.mint(a, [{ denom: 'uatom', amount: 100n }])
    expect(net.supplyProblems()).toEqual([])
    net.send(a, b, [{ denom: 'uatom', amount: '40' }])
    // the old counter (what was minted) cannot see it; the summed bank does
    expect(net.minted('uatom')).toBe(100n)
    expect(net.supply('uatom')).toBe(99n)
    expect(net.supplyProblems()).toEqual(['uatom: balances sum to 99, minted 100'])
  })
})

describe('createAccount is one transaction', () => {
  it('a refused registration leaves no account and moves no funds', () => {
    const { net, d } = exampleDeployment({ fees: { denom: 'untrn', register: M, resume: M } })
    const owner = net.makeAddress('owner')
    net.mint(owner, [
      { denom: 'uatom', amount: 100n * M },
      { denom: 'untrn', amount: M },
    ])
    const before = net.snapshot()
    const bad: RebalancerConfig = {
      ...P_ONLY,
      targets: [
        { denom: 'uatom', bps: 7000 },
        { denom: 'untrn', bps: 2000 },
      ],
    }
    const funds = [
      { denom: 'uatom', amount: 100n * M },
      { denom: 'untrn', amount: M },
    ]
    let caught: unknown
    try {
      createAccount(net, d, owner, bad, { funds })
    } catch (e) {
      caught = e
    }
    expect(TxError.isInstance(caught)).toBe(true)
    expect((caught as Error).message).toMatch(/message index: 1: .*invalid rebalancer config/)
    expect(sameState(before, net.snapshot())).toBe(true)
    const address = net.predictAddress2(owner, d.codeIds.account, 'valence:account')
    expect(net.contractInfo(address)).toBeUndefined()
    expect(net.balance(owner, 'uatom')).toBe(100n * M)
    // the same call with a valid config creates it at the predicted address
    expect(createAccount(net, d, owner, P_ONLY, { funds })).toBe(address)
    expect(net.query(d.rebalancer, { get_config: { addr: address } })).toMatchObject({ base_denom: 'uatom' })
  })

  it('broadcast: a second message that fails undoes the first', () => {
    const net = new Localnet()
    const a = net.makeAddress('a')
    const b = net.makeAddress('b')
    net.mint(a, [{ denom: 'uatom', amount: 10n }])
    const before = net.snapshot()
    expect(() =>
      net.broadcast(a, [
        { type: 'bank_send', to: b, amount: [{ denom: 'uatom', amount: '4' }] },
        { type: 'bank_send', to: b, amount: [{ denom: 'uatom', amount: '7' }] },
      ]),
    ).toThrow(/message index: 1: insufficient funds/)
    expect(sameState(before, net.snapshot())).toBe(true)
  })
})

describe('cycle_period at the boundary (issue #9: 1e15 made every tick throw)', () => {
  it('instantiate and update refuse a period whose next cycle is no valid Timestamp; the ticks keep running', () => {
    const { net, d, admin, keeper } = exampleDeployment()
    const before = net.snapshot()
    refused(
      net,
      () => net.execute(admin, d.rebalancer, { admin: { update_cycle_period: { period: 1e15 } } }),
      /admin\.update_cycle_period\.period: the next cycle .* must be a valid Timestamp/,
    )
    expect(sameState(before, net.snapshot())).toBe(true)
    const instantiate = (period: number) =>
      net.instantiate(
        admin,
        d.codeIds.rebalancer,
        {
          denom_whitelist: ['uatom', 'untrn'],
          base_denom_whitelist: [{ denom: 'uatom', min_balance_limit: '1' }],
          services_manager_addr: d.servicesManager,
          cycle_start: '1704067200000000000',
          auctions_manager_addr: d.auctionsManager,
          cycle_period: period,
          fees: { denom: 'untrn', register_fee: '0', resume_fee: '0' },
        },
        { label: 'r' },
      )
    refused(
      net,
      () => instantiate(1e15),
      /^failed to execute message; message index: 0: cycle_period: the next cycle/,
    )
    refused(net, () => instantiate(0), /cycle_period: must be a whole number of seconds ≥ 1/)
    // every tick runs, and every status it stores is a valid Timestamp
    for (let i = 0; i < 3; i++) {
      net.advanceTime(86_400)
      net.execute(keeper, d.rebalancer, { system_rebalance: { limit: null } })
      const status = net.query<{ finished: { next_cycle: string } }>(d.rebalancer, 'get_system_status')
      expect(BigInt(status.finished.next_cycle)).toBeLessThanOrEqual((1n << 64n) - 1n)
    }
    // the largest period still valid from the next cycle on is accepted
    const next = net.query<{ finished: { next_cycle: string } }>(d.rebalancer, 'get_system_status')
    const largest = 18_446_744_073 - Number(BigInt(next.finished.next_cycle) / 1_000_000_000n)
    refused(
      net,
      () => net.execute(admin, d.rebalancer, { admin: { update_cycle_period: { period: largest + 1 } } }),
      /must be a valid Timestamp/,
    )
    net.execute(admin, d.rebalancer, { admin: { update_cycle_period: { period: largest } } })
  })
})

describe('the JS API boundary: whatever a caller passes, only ContractErrors come out', () => {
  it('non-JSON values in messages, malformed options and senders are contract errors naming the field', () => {
    const { net, d, admin } = exampleDeployment()
    const expectContractError = (fn: () => unknown, re: RegExp) => {
      let caught: unknown
      try {
        fn()
      } catch (e) {
        caught = e
      }
      const inner = TxError.isInstance(caught) ? caught.contractError : caught
      expect(ContractError.isInstance(inner), String(re)).toBe(true)
      expect((inner as Error).message).toMatch(re)
    }
    const before = net.snapshot()
    const msg = (limit: unknown) => ({ system_rebalance: { limit } }) as never
    expectContractError(() => net.execute(admin, d.rebalancer, msg(5n)), /at system_rebalance\.limit/)
    expectContractError(() => net.execute(admin, d.rebalancer, msg(Number.NaN)), /at system_rebalance\.limit/)
    expectContractError(
      () =>
        net.execute(
          admin,
          d.rebalancer,
          msg(() => 1),
        ),
      /at system_rebalance\.limit/,
    )
    expectContractError(
      () => net.execute(admin, d.rebalancer, undefined as never),
      /invalid type: undefined, expected a map with a single key/,
    )
    expectContractError(
      () => net.instantiate(admin, d.codeIds.oracle, {}, null as never),
      /options: expected \{label, funds\?, admin\?\}/,
    )
    expectContractError(() => net.execute(123 as never, d.rebalancer, {}), /sender: invalid address 123/)
    expectContractError(
      () => net.execute(admin, d.rebalancer, {}, 'x' as never),
      /funds: expected a list of coins/,
    )
    expect(sameState(before, net.snapshot())).toBe(true)
  })
})
