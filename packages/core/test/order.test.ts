import { Dec } from '@rebalancer/types'
import { describe, expect, it } from 'vitest'
import {
  computeRebalance,
  InvalidOrderError,
  type OrderPlanInput,
  planCycleOrders,
  planOneTimeOrders,
} from '../src/index.js'
import { config, d, input, U } from './fixtures.js'

// ATOM (base) 60% with a 500 ATOM floor, NTRN 40% at 2 NTRN per ATOM; 1000 ATOM + 800 NTRN = 1400 value
const c = config([
  { denom: 'uatom', bps: 6000, minBalance: 500n * U },
  { denom: 'untrn', bps: 4000 },
])
const base: Omit<OrderPlanInput, 'orders'> = {
  config: c,
  balances: { uatom: 1000n * U, untrn: 800n * U },
  prices: { untrn: d('2') },
  auctionMinimums: { uatom: 1n * U, untrn: 2n * U },
}

function problems(orders: OrderPlanInput['orders'], over: Partial<OrderPlanInput> = {}): string[] {
  try {
    planOneTimeOrders({ ...base, ...over, orders })
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidOrderError)
    return [...(e as InvalidOrderError).problems]
  }
  throw new Error('expected the orders to be refused')
}

describe('planOneTimeOrders', () => {
  it('an amount becomes one auction_funds trade with its value', () => {
    const r = planOneTimeOrders({
      ...base,
      orders: [{ sell: 'untrn', buy: 'uatom', size: { amount: 100n * U } }],
    })
    expect(r.trades).toEqual([{ pair: ['untrn', 'uatom'], amount: 100n * U }])
    expect(r.orders[0]!.value).toEqual(Dec.fromInt(50n * U))
  })

  it('a share of the portfolio value is sold in the sell denom, rounded down', () => {
    // 2% of 1400 ATOM of value = 28 ATOM of value = 56 NTRN
    const r = planOneTimeOrders({
      ...base,
      orders: [{ sell: 'untrn', buy: 'uatom', size: { portfolioBps: 200 } }],
    })
    expect(r.trades).toEqual([{ pair: ['untrn', 'uatom'], amount: 56n * U }])
    // an odd total rounds down, never up
    const odd = planOneTimeOrders({
      ...base,
      balances: { uatom: 1000n * U, untrn: 800_000_001n },
      orders: [{ sell: 'untrn', buy: 'uatom', size: { portfolioBps: 2000 } }],
    })
    // total = 1400000000.5 uatom; × 0.2 × 2 = 560000000.2 untrn
    expect(odd.trades[0]!.amount).toBe(560_000_000n)
  })

  it('a share of the holding', () => {
    const r = planOneTimeOrders({
      ...base,
      orders: [{ sell: 'untrn', buy: 'uatom', size: { holdingBps: 2500 } }],
    })
    expect(r.trades).toEqual([{ pair: ['untrn', 'uatom'], amount: 200n * U }])
  })

  it('respects the min_balance floor of the sell target', () => {
    expect(
      planOneTimeOrders({ ...base, orders: [{ sell: 'uatom', buy: 'untrn', size: { amount: 500n * U } }] })
        .trades,
    ).toEqual([{ pair: ['uatom', 'untrn'], amount: 500n * U }])
    expect(problems([{ sell: 'uatom', buy: 'untrn', size: { amount: 500n * U + 1n } }])).toEqual([
      'orders[0].size.amount: 500000001 uatom exceeds the balance: only 500000000 uatom may be sold (balance 1000000000, min_balance 500000000)',
    ])
  })

  it('counts earlier orders and pending trades against the balance', () => {
    const pending = computeRebalance(
      input({
        config: { ...c, pid: { p: d('0.5'), i: Dec.ZERO, d: Dec.ZERO } },
        balances: base.balances,
        prices: base.prices,
      }),
    ).trades
    // ATOM is overweight (71.4% vs 60%): the PID sells 80 ATOM of value for NTRN
    expect(pending).toEqual([{ pair: ['uatom', 'untrn'], amount: 80n * U }])
    expect(
      problems(
        [
          { sell: 'uatom', buy: 'untrn', size: { amount: 300n * U } },
          { sell: 'uatom', buy: 'uosmo', size: { amount: 121n * U } },
        ],
        { pending },
      ),
    ).toEqual([
      'orders[1].size.amount: 121000000 uatom exceeds the balance: only 120000000 uatom may be sold (balance 1000000000, min_balance 500000000, already selling 380000000)',
    ])
  })

  it('refuses orders below the auction minimum, zero, to the same denom, or malformed: all at once', () => {
    expect(
      problems([
        { sell: 'untrn', buy: 'uatom', size: { amount: 1n } },
        { sell: 'untrn', buy: 'untrn', size: { amount: 5n * U } },
        { sell: 'untrn', buy: 'uatom', size: { holdingBps: 0 } },
        { sell: 'uosmo', buy: 'uatom', size: { amount: '10' } },
        { sell: 'untrn', buy: 'uatom', size: { amount: 5n, holdingBps: 10 } },
        { sell: 'untrn', buy: 'uatom', size: { amount: 10 as unknown as bigint } },
        { sell: 'untrn', buy: 'uatom', size: { portfolioBps: 1 }, note: 'x' } as never,
      ]),
    ).toEqual([
      'orders[0].size.amount: 1 untrn is below the auction minimum (min_send 2000000)',
      'orders[1].buy: must differ from sell, got "untrn" for both',
      'orders[2].size.holdingBps: must be in 1..=10000',
      'orders[3].size.amount: 10 uosmo exceeds the balance: only 0 uosmo may be sold (balance 0)',
      'orders[4].size: must have exactly one of amount, portfolioBps, holdingBps, got 2',
      'orders[5].size.amount: must be an integer amount in base units: a bigint or text like "1000000" (not a number)',
      'orders[6]: Unrecognized key: "note"',
    ])
  })

  it('needs a price for a share of the portfolio', () => {
    expect(problems([{ sell: 'uosmo', buy: 'uatom', size: { portfolioBps: 100 } }])).toEqual([
      'orders[0].size.portfolioBps: needs a positive price of (uatom, uosmo)',
    ])
  })
})

describe("planCycleOrders (the rebalancer's per-account orders step)", () => {
  it('checks each order on its own: a refused one is named by its index and the others still go', () => {
    const r = planCycleOrders({
      ...base,
      pending: [{ pair: ['uatom', 'untrn'], amount: 80n * U }],
      orders: [
        { sell: 'uatom', buy: 'untrn', size: { amount: (300n * U).toString() } },
        // 500 ATOM floor: 1000 − 80 − 300 leaves only 120 ATOM to sell
        { sell: 'uatom', buy: 'untrn', size: { amount: (121n * U).toString() } },
        { sell: 'untrn', buy: 'uatom', size: { holding_bps: 1000 } },
        { sell: 'untrn', buy: 'uatom', size: { amount: '1' } },
      ],
    })
    expect(r.trades).toEqual([
      { pair: ['uatom', 'untrn'], amount: 300n * U },
      { pair: ['untrn', 'uatom'], amount: 80n * U },
    ])
    expect(r.refused).toHaveLength(2)
    expect(r.refused[0]).toMatch(/^orders\[1\]\.size\.amount: 121000000 uatom exceeds the balance/)
    expect(r.refused[1]).toMatch(/^orders\[3\]\.size\.amount: /)
  })

  it('no orders: nothing to send, nothing refused', () => {
    expect(planCycleOrders({ ...base, orders: [], pending: [] })).toEqual({ trades: [], refused: [] })
  })
})
