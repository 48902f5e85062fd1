import { Dec, type RebalanceState } from '@rebalancer/types'
import { describe, expect, it } from 'vitest'
import { CoreError, computeRebalance, InvalidConfigError, matchTrades, rebalanceEvent } from '../src/index.js'
import { config, d, input, PERIOD, T0, U } from './fixtures.js'

const pOnly = (p: string) => ({ p: d(p), i: Dec.ZERO, d: Dec.ZERO })

describe('public check: P-only controller', () => {
  // base ATOM holding 1000 ATOM, ATOM 75% / NTRN 25%, NTRN price 1.5, p = 0.5
  const c = config(
    [
      { denom: 'uatom', bps: 7500 },
      { denom: 'untrn', bps: 2500 },
    ],
    { pid: pOnly('0.5') },
  )

  it('sells ceil(0.5 × 250) = 125 ATOM for NTRN (whole units)', () => {
    const r = computeRebalance(input({ config: c, balances: { uatom: 1000n }, prices: { untrn: d('1.5') } }))
    expect(r.trades).toEqual([{ pair: ['uatom', 'untrn'], amount: 125n }])
  })

  it('sells 125_000_000 uatom in base units, and reports the computation', () => {
    const state = { lastRebalance: null, targets: {} }
    const r = computeRebalance(
      input({ config: c, state, balances: { uatom: 1000n * U }, prices: { untrn: d('1.5') } }),
    )
    expect(r.trades).toEqual([{ pair: ['uatom', 'untrn'], amount: 125n * U }])
    expect(r.totalValue).toEqual(Dec.fromInt(1000n * U))
    expect(r.pause).toBeUndefined()
    expect(r.skipped).toBeUndefined()
    expect(r.targets).toEqual([
      {
        denom: 'uatom',
        bps: 7500,
        targetWeight: d('0.75'),
        weight: Dec.ONE,
        price: Dec.ONE,
        balance: 1000n * U,
        value: Dec.fromInt(1000n * U),
        output: Dec.fromInt(-125n * U),
      },
      {
        denom: 'untrn',
        bps: 2500,
        targetWeight: d('0.25'),
        weight: Dec.ZERO,
        price: d('1.5'),
        balance: 0n,
        value: Dec.ZERO,
        output: Dec.fromInt(125n * U),
      },
    ])
    expect(r.state).toEqual({
      lastRebalance: T0,
      targets: {
        uatom: { lastInput: Dec.fromInt(1000n * U), lastI: Dec.ZERO },
        untrn: { lastInput: Dec.ZERO, lastI: Dec.ZERO },
      },
    })
    expect(r.state).not.toBe(state)
    expect(rebalanceEvent('neutron1acct', r)).toEqual({
      account: 'neutron1acct',
      totalValue: Dec.fromInt(1000n * U),
      trades: [{ pair: ['uatom', 'untrn'], amount: 125n * U }],
    })
  })
})

describe('step 2: minimum account value (correction 7)', () => {
  const c = config([
    { denom: 'uatom', bps: 5000 },
    { denom: 'untrn', bps: 5000 },
  ])
  const prices = { untrn: d('2') }

  it('pauses an empty account with empty_balance, changing nothing', () => {
    const state: RebalanceState = { lastRebalance: T0 - PERIOD, targets: {} }
    const r = computeRebalance(input({ config: c, state, prices }))
    expect(r.pause).toEqual({ reason: 'empty_balance' })
    expect(r.trades).toEqual([])
    expect(r.state).toBe(state)
    expect(rebalanceEvent('neutron1acct', r)).toEqual({
      account: 'neutron1acct',
      totalValue: Dec.ZERO,
      trades: [],
      pause: { reason: 'empty_balance' },
    })
    expect(r.totalValue).toEqual(Dec.ZERO)
    expect(r.targets.map((t) => t.denom)).toEqual(['uatom', 'untrn'])
  })

  it('pauses a non-zero account worth less than one base unit with below_minimum, not empty_balance', () => {
    // 1 untrn at price 2 is worth 0.5 uatom: floor(total) = 0 but total ≠ 0
    const state = { lastRebalance: null, targets: {} }
    const r = computeRebalance(input({ config: c, state, balances: { untrn: 1n }, prices }))
    expect(r.totalValue).toEqual(d('0.5'))
    expect(r.pause).toEqual({ reason: 'below_minimum' })
    expect(r.trades).toEqual([])
    expect(r.state).toBe(state)
    expect(r.targets.map((t) => [t.targetWeight.toString(), t.output.toString()])).toEqual([
      ['0.5', '0'],
      ['0.5', '0'],
    ])
  })

  it('pauses below the base minimum and runs at it', () => {
    const balances = { uatom: 9n * U }
    const below = computeRebalance(input({ config: c, balances, prices, baseMinValue: 9n * U + 1n }))
    expect(below.pause).toEqual({ reason: 'below_minimum' })
    expect(below.trades).toEqual([])
    const at = computeRebalance(input({ config: c, balances, prices, baseMinValue: 9n * U }))
    expect(at.pause).toBeUndefined()
    expect(at.trades).toEqual([{ pair: ['uatom', 'untrn'], amount: 4_500_000n }])
  })
})

describe('step 4: dt', () => {
  const c = config(
    [
      { denom: 'uatom', bps: 5000 },
      { denom: 'untrn', bps: 5000 },
    ],
    { pid: { p: Dec.ZERO, i: d('0.1'), d: Dec.ZERO } },
  )
  const balances = { uatom: 600n * U, untrn: 400n * U }
  const prices = { untrn: Dec.ONE }

  it('a second run at the same time returns skipped, no trades, the same state (correction 5)', () => {
    const state: RebalanceState = {
      lastRebalance: T0,
      targets: { uatom: { lastInput: d('1'), lastI: d('5') }, untrn: { lastInput: d('2'), lastI: d('-5') } },
    }
    const c2 = { ...c, pid: { p: d('1'), i: d('1'), d: d('3') } } // d > 0 would divide by dt = 0
    const r = computeRebalance(input({ config: c2, state, balances, prices, now: T0 }))
    expect(r.skipped).toBe('same_time')
    expect(r.trades).toEqual([])
    expect(r.state).toBe(state)
    expect(r.totalValue).toEqual(Dec.fromInt(1000n * U))
    expect(r.targets.map((t) => t.output)).toEqual([Dec.ZERO, Dec.ZERO])
  })

  it('caps dt at 10 after a long gap: I = error × i × 10', () => {
    const state: RebalanceState = { lastRebalance: T0 - 1000 * PERIOD, targets: {} }
    const r = computeRebalance(input({ config: c, state, balances, prices }))
    // ATOM error −100 ATOM → I = −100 × 0.1 × 10 = −100 ATOM (uncapped would be −10000)
    expect(r.targets.map((t) => t.output)).toEqual([Dec.fromInt(-100n * U), Dec.fromInt(100n * U)])
    expect(r.state.targets.uatom!.lastI).toEqual(Dec.fromInt(-100n * U))
    expect(r.trades).toEqual([{ pair: ['uatom', 'untrn'], amount: 100n * U }])
  })

  it('uses the elapsed fraction of a period: half a period halves the integral step', () => {
    const state: RebalanceState = {
      lastRebalance: T0 - PERIOD / 2,
      targets: { uatom: { lastInput: null, lastI: Dec.fromInt(-3n * U) } },
    }
    const r = computeRebalance(input({ config: c, state, balances, prices }))
    // I = −3 + (−100 × 0.1 × 0.5) = −8 ATOM
    expect(r.state.targets.uatom!.lastI).toEqual(Dec.fromInt(-8n * U))
    expect(r.state.targets.untrn!.lastI).toEqual(Dec.fromInt(5n * U))
  })
})

describe('step 5: the derivative term', () => {
  const c = config(
    [
      { denom: 'uatom', bps: 5000 },
      { denom: 'untrn', bps: 5000 },
    ],
    { pid: { p: d('0.5'), i: Dec.ZERO, d: d('0.5') } },
  )
  const prices = { untrn: d('2') }

  it('is 0 on the first run and damps the second run', () => {
    // run 1: ATOM 800, NTRN 400 (value 200); total 1000
    const first = computeRebalance(
      input({
        config: c,
        // a lastInput on the first run must not produce a D term
        state: { lastRebalance: null, targets: { uatom: { lastInput: Dec.ZERO, lastI: Dec.ZERO } } },
        balances: { uatom: 800n * U, untrn: 400n * U },
        prices,
      }),
    )
    expect(first.targets.map((t) => t.output)).toEqual([Dec.fromInt(-150n * U), Dec.fromInt(150n * U)])
    expect(first.trades).toEqual([{ pair: ['uatom', 'untrn'], amount: 150n * U }])
    expect(first.state.targets.uatom!.lastInput).toEqual(Dec.fromInt(800n * U))
    expect(first.state.targets.untrn!.lastInput).toEqual(Dec.fromInt(200n * U))

    // run 2, two periods later (dt = 2): the auction sold 150 ATOM for 300 NTRN.
    const second = computeRebalance(
      input({
        config: c,
        state: first.state,
        balances: { uatom: 650n * U, untrn: 700n * U },
        prices,
        now: T0 + 2 * PERIOD,
      }),
    )
    // ATOM: P = (500 − 650) × 0.5 = −75; D = (650 − 800) × 0.5 / 2 = −37.5; output = −75 + 37.5
    expect(second.targets.map((t) => t.output)).toEqual([d('-37500000'), d('37500000')])
    expect(second.trades).toEqual([{ pair: ['uatom', 'untrn'], amount: 37_500_000n }])
    expect(second.state.lastRebalance).toBe(T0 + 2 * PERIOD)
  })

  it('is 0 for a target whose lastInput is null (a target added later)', () => {
    const state: RebalanceState = {
      lastRebalance: T0 - PERIOD,
      targets: { uatom: { lastInput: Dec.fromInt(800n * U), lastI: Dec.ZERO } },
    }
    const r = computeRebalance(
      input({ config: c, state, balances: { uatom: 650n * U, untrn: 700n * U }, prices }),
    )
    // ATOM: −75 − (−150 × 0.5) = 0; NTRN: P only = 75
    expect(r.targets.map((t) => t.output)).toEqual([Dec.ZERO, Dec.fromInt(75n * U)])
    expect(r.trades).toEqual([])
  })
})

describe('step 7: the budget (correction 1)', () => {
  it('caps the cycle, not each trade: a second pair gets only what is left', () => {
    // ATOM 50 / NTRN 25 / OSMO 25, all worth 1; 1000 ATOM; p = 1 → sell 500, buy 250 + 250.
    const c = config(
      [
        { denom: 'uatom', bps: 5000 },
        { denom: 'untrn', bps: 2500 },
        { denom: 'uosmo', bps: 2500 },
      ],
      { maxLimitBps: 3000 },
    )
    const r = computeRebalance(
      input({ config: c, balances: { uatom: 1000n * U }, prices: { untrn: Dec.ONE, uosmo: Dec.ONE } }),
    )
    // budget 300: 250 then 50 (the deployed code sold 250 + 250)
    expect(r.trades).toEqual([
      { pair: ['uatom', 'untrn'], amount: 250n * U },
      { pair: ['uatom', 'uosmo'], amount: 50n * U },
    ])
  })

  it('stops every pair once the budget is spent', () => {
    const c = config(
      [
        { denom: 'uatom', bps: 5000 },
        { denom: 'untrn', bps: 2500 },
        { denom: 'uosmo', bps: 2500 },
      ],
      { maxLimitBps: 1000 },
    )
    const r = computeRebalance(
      input({ config: c, balances: { uatom: 1000n * U }, prices: { untrn: Dec.ONE, uosmo: Dec.ONE } }),
    )
    expect(r.trades).toEqual([{ pair: ['uatom', 'untrn'], amount: 100n * U }])
  })

  it('is shared across several sells and buys, in target order', () => {
    // A(base) 400, B 800 at price 2 (value 400), C 100, D 100 → total 1000, 250 each.
    // Sells A 150, B 150; buys C 150, D 150; budget 20% = 200.
    const c = config(
      [
        { denom: 'uatom', bps: 2500 },
        { denom: 'ub', bps: 2500 },
        { denom: 'uc', bps: 2500 },
        { denom: 'ud', bps: 2500 },
      ],
      { maxLimitBps: 2000 },
    )
    const r = computeRebalance(
      input({
        config: c,
        balances: { uatom: 400n * U, ub: 800n * U, uc: 100n * U, ud: 100n * U },
        prices: { ub: d('2'), uc: Dec.ONE, ud: Dec.ONE },
      }),
    )
    expect(r.trades).toEqual([
      { pair: ['uatom', 'uc'], amount: 150n * U },
      { pair: ['ub', 'ud'], amount: 100n * U }, // value 50 = the budget left, 100 units at price 2
    ])
  })
})

describe('step 7: the min_balance sell guard (correction 2)', () => {
  it('cuts the sell to (balance − min_balance) / price', () => {
    // NTRN at price 2 holds 2000 (value 1000) with min_balance 1500; the integral wants 750 more value sold.
    const c = config([
      { denom: 'uatom', bps: 9000 },
      { denom: 'untrn', bps: 1000, minBalance: 1500n * U },
    ])
    const state: RebalanceState = {
      lastRebalance: T0 - PERIOD,
      targets: { untrn: { lastInput: null, lastI: Dec.fromInt(-500n * U) } },
    }
    const r = computeRebalance(
      input({ config: c, state, balances: { untrn: 2000n * U }, prices: { untrn: d('2') } }),
    )
    // override: m = 750 > r = 100 → NTRN 0.75, ATOM 0.25; NTRN output −250 − 500 = −750 value
    expect(r.targets.map((t) => t.targetWeight)).toEqual([d('0.25'), d('0.75')])
    expect(r.targets[1]!.output).toEqual(Dec.fromInt(-750n * U))
    // cut to (2000 − 1500) / 2 = 250 value = 500 NTRN; the deployed price / diff sold 1 untrn
    expect(r.trades).toEqual([{ pair: ['untrn', 'uatom'], amount: 500n * U }])
  })

  it('sells nothing from a target already below its min_balance', () => {
    const c = config([
      { denom: 'uatom', bps: 5000 },
      { denom: 'untrn', bps: 5000, minBalance: 100n * U },
    ])
    const state: RebalanceState = {
      lastRebalance: T0 - PERIOD,
      targets: { untrn: { lastInput: null, lastI: Dec.fromInt(-10_000n * U) } },
    }
    const r = computeRebalance(
      input({ config: c, state, balances: { uatom: 100n * U, untrn: 90n * U }, prices: { untrn: Dec.ONE } }),
    )
    expect(r.targets[1]!.output.isNegative()).toBe(true)
    expect(r.trades).toEqual([])
  })
})

describe('step 7: never sell more than held', () => {
  it('several trades of one denom together stay within its balance', () => {
    // integral terms ask ATOM (no min_balance) to sell 3× what it holds, to two buyers
    const c = config([
      { denom: 'uatom', bps: 3400 },
      { denom: 'untrn', bps: 3300 },
      { denom: 'uosmo', bps: 3300 },
    ])
    const state: RebalanceState = {
      lastRebalance: T0 - PERIOD,
      targets: {
        uatom: { lastInput: null, lastI: Dec.fromInt(-3000n * U) },
        untrn: { lastInput: null, lastI: Dec.fromInt(500n * U) },
        uosmo: { lastInput: null, lastI: Dec.fromInt(800n * U) },
      },
    }
    const r = computeRebalance(
      input({
        config: c,
        state,
        balances: { uatom: 1000n * U, untrn: 1000n * U, uosmo: 1000n * U },
        prices: { untrn: Dec.ONE, uosmo: Dec.ONE },
      }),
    )
    const atomSold = r.trades.filter((t) => t.pair[0] === 'uatom').reduce((s, t) => s + t.amount, 0n)
    expect(atomSold).toBe(1000n * U)
    expect(r.targets.map((t) => t.output.toString())).toEqual(['-2980000000', '490000000', '790000000'])
    expect(r.trades).toEqual([
      { pair: ['uatom', 'untrn'], amount: 490n * U }, // NTRN P + I = (990 − 1000) + 500
      { pair: ['uatom', 'uosmo'], amount: 510n * U }, // OSMO wants 790: cut to what is left of the 1000 held
    ])
  })

  it('accounts for ceil rounding: a later trade is cut to the units left', () => {
    // price 3: values are thirds; sells of one denom in two trades must not exceed the balance
    const legs = [
      { denom: 'ux', price: d('3'), balance: 10n, output: d('-100'), minSend: 0n },
      { denom: 'ua', price: Dec.ONE, balance: 0n, output: d('1.0000001'), minSend: 0n },
      { denom: 'ub', price: Dec.ONE, balance: 0n, output: d('50'), minSend: 0n },
    ]
    const { trades } = matchTrades(legs, d('1000'))
    expect(trades.map((t) => [t.pair[1], t.amount])).toEqual([
      ['ua', 4n], // ceil(1.0000001 × 3)
      ['ub', 6n], // 10 − 4 left
    ])
    expect(trades.reduce((s, t) => s + t.amount, 0n)).toBe(10n)
  })
})

describe('step 6: auction minimums', () => {
  const c = config([
    { denom: 'uatom', bps: 5000 },
    { denom: 'untrn', bps: 5000 },
  ])
  const prices = { untrn: d('2') }
  const balances = { uatom: 510n * U, untrn: 980n * U } // values 510 / 490: sell 10 ATOM

  it('skips a sell below its min_value', () => {
    const r = computeRebalance(input({ config: c, balances, prices, auctionMinimums: { uatom: 11n * U } }))
    expect(r.targets[0]!.output).toEqual(Dec.fromInt(-10n * U))
    expect(r.trades).toEqual([])
  })

  it('trades at exactly the minimum', () => {
    const r = computeRebalance(input({ config: c, balances, prices, auctionMinimums: { uatom: 10n * U } }))
    expect(r.trades).toEqual([{ pair: ['uatom', 'untrn'], amount: 10n * U }])
  })

  it('uses min_send / price of the sell denom', () => {
    // NTRN sells 10 value = 20 untrn; a minimum of 21 untrn (10.5 value) blocks it, 20 does not
    const flipped = { uatom: 490n * U, untrn: 1020n * U }
    const blocked = computeRebalance(
      input({ config: c, balances: flipped, prices, auctionMinimums: { untrn: 21n * U } }),
    )
    expect(blocked.trades).toEqual([])
    const ok = computeRebalance(
      input({ config: c, balances: flipped, prices, auctionMinimums: { untrn: 20n * U } }),
    )
    expect(ok.trades).toEqual([{ pair: ['untrn', 'uatom'], amount: 20n * U }])
  })

  it('skips a buy below the sell minimum but serves the next buy', () => {
    const c3 = config([
      { denom: 'uatom', bps: 5000 },
      { denom: 'untrn', bps: 2500 },
      { denom: 'uosmo', bps: 2500 },
    ])
    // ATOM sells 100; NTRN buys 3, OSMO buys 97; ATOM minimum 10
    const r = computeRebalance(
      input({
        config: c3,
        balances: { uatom: 600n * U, untrn: 247n * U, uosmo: 153n * U },
        prices: { untrn: Dec.ONE, uosmo: Dec.ONE },
        auctionMinimums: { uatom: 10n * U },
      }),
    )
    expect(r.targets.map((t) => t.output.toString())).toEqual(['-100000000', '3000000', '97000000'])
    expect(r.trades).toEqual([{ pair: ['uatom', 'uosmo'], amount: 97n * U }])
  })

  it('does not emit a trade below the minimum when the budget left is smaller', () => {
    const small = config(
      [
        { denom: 'uatom', bps: 5000 },
        { denom: 'untrn', bps: 5000 },
      ],
      { maxLimitBps: 5 }, // budget 0.05% of 1000 = 0.5 ATOM
    )
    const r = computeRebalance(input({ config: small, balances, prices, auctionMinimums: { uatom: 1n * U } }))
    expect(r.trades).toEqual([])
    const none = computeRebalance(input({ config: small, balances, prices }))
    expect(none.trades).toEqual([{ pair: ['uatom', 'untrn'], amount: 500_000n }])
  })
})

describe('step 7: one minimum lot for a min_balance buy', () => {
  const prices = { untrn: Dec.ONE, uosmo: Dec.ONE }

  it('buys exactly one lot when the need is below every sell minimum', () => {
    const c = config([
      { denom: 'uatom', bps: 6000 },
      { denom: 'untrn', bps: 4000, minBalance: 399n * U },
    ])
    const balances = { uatom: 602n * U, untrn: 398n * U } // NTRN needs 2, ATOM minimum is 10
    const r = computeRebalance(input({ config: c, balances, prices, auctionMinimums: { uatom: 10n * U } }))
    expect(r.targets[1]!.output).toEqual(Dec.fromInt(2n * U))
    expect(r.trades).toEqual([{ pair: ['uatom', 'untrn'], amount: 10n * U }])
  })

  it('takes the lot from the sell with the smallest minimum, and then serves the rest', () => {
    const c = config([
      { denom: 'uatom', bps: 4000 },
      { denom: 'uosmo', bps: 3000 },
      { denom: 'untrn', bps: 3000, minBalance: 1n },
    ])
    // ATOM sells 1, OSMO sells 1, NTRN buys 2; minima ATOM 10, OSMO 5
    const balances = { uatom: 401n * U, uosmo: 301n * U, untrn: 298n * U }
    const r = computeRebalance(
      input({ config: c, balances, prices, auctionMinimums: { uatom: 10n * U, uosmo: 5n * U } }),
    )
    expect(r.trades).toEqual([{ pair: ['uosmo', 'untrn'], amount: 5n * U }])

    // when one sell's minimum is at most the need, the main loop serves it instead
    const served = computeRebalance(
      input({ config: c, balances, prices, auctionMinimums: { uatom: 10n * U, uosmo: 1n * U } }),
    )
    expect(served.trades).toEqual([{ pair: ['uosmo', 'untrn'], amount: 1n * U }])
  })

  it('counts the lot against the budget and skips it when the budget is too small', () => {
    const c = (maxLimitBps: number) =>
      config(
        [
          { denom: 'uatom', bps: 6000 },
          { denom: 'untrn', bps: 4000, minBalance: 399n * U },
        ],
        { maxLimitBps },
      )
    const balances = { uatom: 602n * U, untrn: 398n * U }
    const auctionMinimums = { uatom: 10n * U }
    // budget 1000 × 0.0099 = 9.9 < 10
    expect(computeRebalance(input({ config: c(99), balances, prices, auctionMinimums })).trades).toEqual([])
    expect(computeRebalance(input({ config: c(100), balances, prices, auctionMinimums })).trades).toEqual([
      { pair: ['uatom', 'untrn'], amount: 10n * U },
    ])
  })

  it('does not take a lot that would cross the seller’s floor', () => {
    const legs = [
      { denom: 'uatom', price: Dec.ONE, balance: 15n, minBalance: undefined, output: d('-1'), minSend: 10n },
      { denom: 'uosmo', price: Dec.ONE, balance: 100n, output: d('-1'), minSend: 20n },
      { denom: 'untrn', price: Dec.ONE, balance: 0n, minBalance: 5n, output: d('2'), minSend: 0n },
    ]
    // ATOM has the smallest lot (10) and holds 15: allowed
    expect(matchTrades(legs, d('100')).trades.map((t) => [t.pair, t.amount, t.minLot])).toEqual([
      [['uatom', 'untrn'], 10n, true],
    ])
    // holding 9 it cannot: the next smallest (OSMO, 20) sells the lot
    legs[0] = { ...legs[0]!, balance: 9n }
    expect(matchTrades(legs, d('100')).trades.map((t) => [t.pair, t.amount])).toEqual([
      [['uosmo', 'untrn'], 20n],
    ])
  })

  it('does nothing, and does not throw, when nothing is sold (correction 5)', () => {
    const c = config(
      [
        { denom: 'uatom', bps: 5000 },
        { denom: 'untrn', bps: 5000, minBalance: 500n * U },
      ],
      { pid: { p: Dec.ZERO, i: Dec.ZERO, d: Dec.ZERO } },
    )
    // only an integral term: NTRN buys 1, nothing sells
    const state: RebalanceState = {
      lastRebalance: T0 - PERIOD,
      targets: { untrn: { lastInput: null, lastI: Dec.fromInt(1n * U) } },
    }
    const r = computeRebalance(
      input({
        config: c,
        state,
        balances: { uatom: 600n * U, untrn: 400n * U },
        prices,
        auctionMinimums: { uatom: 10n * U },
      }),
    )
    expect(r.targets.map((t) => t.output)).toEqual([Dec.ZERO, Dec.fromInt(1n * U)])
    expect(r.trades).toEqual([])
    expect(r.state.lastRebalance).toBe(T0)
  })
})

describe('input errors', () => {
  const c = config([
    { denom: 'uatom', bps: 5000 },
    { denom: 'untrn', bps: 5000 },
  ])
  it('throws InvalidConfigError for an invalid config', () => {
    const bad = config([
      { denom: 'uatom', bps: 5000 },
      { denom: 'uatom', bps: 5000 },
    ])
    expect(() => computeRebalance(input({ config: bad, balances: { uatom: 1n } }))).toThrow(
      InvalidConfigError,
    )
  })
  it('throws CoreError for a missing price, a negative minimum or time going backwards', () => {
    expect(() => computeRebalance(input({ config: c, balances: { uatom: 1n } }))).toThrow(CoreError)
    expect(() =>
      computeRebalance(
        input({
          config: c,
          balances: { uatom: 100n },
          prices: { untrn: d('1') },
          auctionMinimums: { uatom: -1n },
        }),
      ),
    ).toThrow(
      expect.objectContaining({
        code: 'invalid_amount',
        path: ['auctionMinimums', 'uatom'],
        message: expect.stringMatching(/^auctionMinimums: "uatom" must be a non-negative bigint/),
      }),
    )
    expect(() =>
      computeRebalance(
        input({ config: c, prices: { untrn: d('1') }, state: { lastRebalance: T0 + 1, targets: {} } }),
      ),
    ).toThrow(/before state.lastRebalance/)
  })
})
