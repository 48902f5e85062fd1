/**
 * Triggers and one-time orders on our chain (ours, portfolio-computer.md correction 13): an
 * account's optional `trigger` decides each cycle whether its computation runs (a cycle that
 * does not trigger changes no state and says so in its rebalance event), and the account itself
 * places one-time orders that the next cycle sends. Driven through the Localnet and wire JSON.
 */
import {
  Dec,
  decodeValenceEvents,
  encodeServiceData,
  eventsOf,
  RebalancerQueryResponses,
  type ToleranceWire,
  type TriggerWire,
  toJsonBinary,
  VALENCE_ACTIONS,
  type ValenceEventDataOf,
} from '@rebalancer/types'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createAccount, type Deployment, exampleDeployment, type Localnet, TxError } from '../src/index.js'
import { EXAMPLE_CONFIG } from '../src/testing.js'

const DAY = 86_400
const T0 = Date.UTC(2024, 0, 1) / 1000
const M = 1_000_000n

interface World {
  net: Localnet
  d: Deployment
  keeper: string
  /** Market price of ATOM in NTRN, read by the oracle's injected source. */
  market: { price: string }
  owner: string
  account: string
}

/**
 * An account at exactly 75% ATOM / 25% NTRN at 1.5 NTRN per ATOM (750 ATOM and 375 NTRN), P-only
 * p = 0.5, registered with `trigger` (none when undefined). The clock is at the first cycle.
 */
function world(trigger?: TriggerWire, holdings = { atom: 750n * M, ntrn: 375n * M }): World {
  const market = { price: '1.5' }
  const { net, d, keeper } = exampleDeployment({
    cycleStart: T0,
    priceSource: (pair) =>
      pair[0] === 'uatom' ? market.price : Dec.ONE.div(Dec.parse(market.price)).toString(),
  })
  const owner = net.makeAddress('owner')
  const funds = [
    { denom: 'uatom', amount: holdings.atom },
    { denom: 'untrn', amount: holdings.ntrn },
  ]
  net.mint(owner, funds)
  const account = createAccount(net, d, owner, EXAMPLE_CONFIG, {
    funds,
    ...(trigger === undefined ? {} : { trigger }),
  })
  net.advanceTime(T0 - net.time)
  return { net, d, keeper, market, owner, account }
}

type RebalanceData = ValenceEventDataOf<typeof VALENCE_ACTIONS.rebalancerAccountRebalance>

/** One cycle at `price` (NTRN per ATOM): fresh oracle prices, `system_rebalance`; the account's event. */
function cycle(w: World, price = w.market.price): { event: RebalanceData | undefined; messages: number } {
  w.market.price = price
  for (const pair of [
    ['uatom', 'untrn'],
    ['untrn', 'uatom'],
  ])
    w.net.execute(w.keeper, w.d.oracle, { update_price: { pair } })
  const res = w.net.execute(w.keeper, w.d.rebalancer, { system_rebalance: { limit: null } })
  const events = eventsOf(decodeValenceEvents(res.events), VALENCE_ACTIONS.rebalancerAccountRebalance)
  const deposits = eventsOf(decodeValenceEvents(res.events), VALENCE_ACTIONS.auctionFunds)
  return { event: events.find((e) => e.data.account === w.account)?.data, messages: deposits.length }
}

/** Moves to the next cycle's start and runs it. */
function nextDay(w: World, price?: string) {
  w.net.advanceTime(DAY)
  return cycle(w, price)
}

function config(w: World) {
  return RebalancerQueryResponses.get_config.parse(
    w.net.query(w.d.rebalancer, { get_config: { addr: w.account } }),
  )
}

function balances(w: World) {
  return { atom: w.net.balance(w.account, 'uatom'), ntrn: w.net.balance(w.account, 'untrn') }
}

function refusedWith(fn: () => unknown, re: RegExp): void {
  let caught: unknown
  try {
    fn()
  } catch (e) {
    caught = e
  }
  expect(caught, String(re)).toBeInstanceOf(TxError)
  expect((caught as Error).message).toMatch(re)
}

const ABS = (pp: string): TriggerWire => ({ threshold: { tolerance: { absolute_pp: pp } } })

// 750 ATOM + 375 NTRN: ATOM's weight is 750 / (750 + 375 / price)
// 1.5 → 75%; 1.77 → 77.99% (≈ 3 pp off); 2.2 → 81.48% (≈ 6.5 pp off)

describe('without a trigger: the deployed behaviour', () => {
  it('computes every cycle, shows no trigger and reports no trigger fields', () => {
    const w = world()
    expect(config(w)).not.toHaveProperty('trigger')
    const first = cycle(w).event!
    expect(first).not.toHaveProperty('triggered')
    expect(first).not.toHaveProperty('orders')
    const second = nextDay(w, '1.77').event!
    expect(second.trades.length).toBeGreaterThan(0) // 3 pp off: the PID sells, every cycle
  })
})

describe('calendar', () => {
  it('every 3 cycles: computes on the first cycle and every 3rd after it, changes nothing in between', () => {
    const w = world({ calendar: { every_cycles: 3 } }, { atom: 1000n * M, ntrn: 0n })
    expect(config(w).trigger).toEqual({ calendar: { every_cycles: 3 } })
    const ran: boolean[] = []
    for (let day = 0; day < 7; day++) {
      const before = config(w)
      const bal = balances(w)
      const r = day === 0 ? cycle(w) : nextDay(w)
      ran.push(r.event!.triggered!)
      if (r.event!.triggered) {
        expect(r.event!.trades.length).toBeGreaterThan(0)
        expect(config(w).last_rebalance).not.toBe(before.last_rebalance)
      } else {
        expect(r.event!.trigger_reason).toBe('calendar_not_due')
        expect(r.event!.trades).toEqual([])
        expect(r.messages).toBe(0)
        expect(config(w)).toEqual(before)
        expect(balances(w)).toEqual(bal)
      }
    }
    expect(ran).toEqual([true, false, false, true, false, false, true])
  })
})

describe('threshold', () => {
  it('absolute: fires only when a weight is more than the tolerance off', () => {
    const w = world(ABS('5'))
    expect(cycle(w).event).toMatchObject({ triggered: true, trigger_reason: 'first_run' })
    expect(nextDay(w, '1.77').event).toMatchObject({
      triggered: false,
      trigger_reason: 'drift_within_tolerance',
      trades: [],
    })
    const fired = nextDay(w, '2.2').event!
    expect(fired).toMatchObject({ triggered: true, trigger_reason: 'drift_above_tolerance' })
    expect(fired.trades[0]!.pair).toEqual(['uatom', 'untrn']) // sells ATOM back toward 75%
  })

  it('relative and the 5/25 rule (any_of): either bound fires', () => {
    // at 1.77, NTRN is 22.0% for a 25% target: 12% of its target off, 3 pp
    for (const [tolerance, fires] of [
      [{ relative_fraction: '0.1' }, true],
      [{ relative_fraction: '0.25' }, false],
      [{ any_of: [{ absolute_pp: '5' }, { relative_fraction: '0.25' }] }, false],
      [{ any_of: [{ absolute_pp: '10' }, { relative_fraction: '0.1' }] }, true],
      [{ any_of: [{ absolute_pp: '2' }, { relative_fraction: '0.5' }] }, true],
    ] as [ToleranceWire, boolean][]) {
      const w = world({ threshold: { tolerance } })
      cycle(w)
      expect(nextDay(w, '1.77').event!.triggered, JSON.stringify(tolerance)).toBe(fires)
    }
  })

  it('changes no state when it does not fire (property: any price inside the band, any tolerance)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 1000 }), (pp, step) => {
        const w = world(ABS(String(pp)))
        cycle(w)
        // any price from 1.2 to 2.2 NTRN per ATOM
        const price = Dec.parse('1.2')
          .add(Dec.fromRatio(BigInt(step), 1000n))
          .toString()
        const before = config(w)
        const bal = balances(w)
        const r = nextDay(w, price)
        const atomWeight = 750 / (750 + 375 / Number(price))
        expect(r.event!.triggered).toBe(Math.abs(atomWeight - 0.75) * 100 > pp)
        if (!r.event!.triggered) {
          expect(config(w)).toEqual(before) // PID state and last_rebalance untouched
          expect(balances(w)).toEqual(bal)
          expect(r.messages).toBe(0)
          expect(r.event!.trades).toEqual([])
        } else {
          expect(config(w).last_rebalance).not.toBe(before.last_rebalance)
        }
      }),
      { numRuns: 25 },
    )
  })
})

describe('hybrid', () => {
  it('on the calendar, and only if the drift is above the tolerance then', () => {
    const w = world({ hybrid: { every_cycles: 2, tolerance: { absolute_pp: '5' } } })
    cycle(w)
    expect(nextDay(w, '2.2').event).toMatchObject({ triggered: false, trigger_reason: 'calendar_not_due' })
    expect(nextDay(w, '1.77').event).toMatchObject({
      triggered: false,
      trigger_reason: 'drift_within_tolerance',
    })
    expect(nextDay(w, '2.2').event).toMatchObject({
      triggered: true,
      trigger_reason: 'drift_above_tolerance',
    })
  })
})

describe('volatility', () => {
  const VOL = (window: number): TriggerWire => ({
    volatility: {
      tolerance: { absolute_pp: '5' },
      window,
      reference_volatility: '0.01',
      min_scale: '0.5',
      max_scale: '3',
    },
  })

  it('calm prices narrow the tolerance (scale 0.5: 3 pp fires), wild prices widen it (scale 3: 6.5 pp does not)', () => {
    // 790 ATOM + 315 NTRN at 1.5: 79%; the first computation sends 20 ATOM away (p = 0.5 of 40),
    // leaving 770 / 980 = 78.6% (its proceeds come only when an auction runs, which none does here)
    const calm = world(VOL(3), { atom: 790n * M, ntrn: 315n * M })
    cycle(calm)
    // σ = 0 → tolerance 2.5 pp; 3.6 pp off fires, though a plain 5 pp threshold would not
    expect(nextDay(calm, '1.5').event).toMatchObject({
      triggered: true,
      trigger_reason: 'drift_above_tolerance',
    })
    const plain = world(ABS('5'), { atom: 790n * M, ntrn: 315n * M })
    cycle(plain)
    expect(nextDay(plain, '1.5').event).toMatchObject({ triggered: false })

    const wild = world(VOL(3))
    cycle(wild)
    nextDay(wild, '2.4')
    // σ ≈ 0.3 per cycle ≫ 0.01 → tolerance 15 pp; 6.5 pp off does not fire
    expect(nextDay(wild, '2.2').event).toMatchObject({
      triggered: false,
      trigger_reason: 'drift_within_tolerance',
    })
  })

  it('keeps at most window + 1 prices per target in its state', () => {
    const w = world(VOL(3))
    cycle(w)
    for (let day = 0; day < 8; day++) nextDay(w, (1.5 + day / 100).toFixed(2))
    const entry = w.net.snapshot().map.get(`c/${w.d.rebalancer}/cfg/${w.account}`) as {
      history: Record<string, string[]>
    }
    expect(entry.history).toEqual({ untrn: ['1.54', '1.55', '1.56', '1.57'] })
  })
  it('an update to another kind of trigger drops the price history', () => {
    const w = world(VOL(3))
    cycle(w)
    nextDay(w, '1.6')
    const key = `c/${w.d.rebalancer}/cfg/${w.account}`
    expect((w.net.snapshot().map.get(key) as { history?: unknown }).history).toEqual({
      untrn: ['1.5', '1.6'],
    })
    w.net.execute(w.owner, w.account, {
      update_service: {
        service_name: 'rebalancer',
        data: encodeServiceData({ targets: [], trigger: { set: ABS('5') } }),
      },
    })
    expect(w.net.snapshot().map.get(key)).not.toHaveProperty('history')
  })
})

describe('register and update', () => {
  /** A new owner's account registered with `trigger` in one transaction, as the real flow does. */
  const register = (w: World, trigger: unknown) => {
    const owner = w.net.makeAddress('other')
    w.net.mint(owner, [{ denom: 'uatom', amount: M }])
    return () =>
      createAccount(w.net, w.d, owner, EXAMPLE_CONFIG, {
        label: 'other',
        funds: [{ denom: 'uatom', amount: M }],
        trigger: trigger as TriggerWire,
      })
  }

  it('refuses an invalid trigger naming the field, and changes nothing', () => {
    const w = world()
    const attempt = register(w, {
      volatility: { tolerance: { absolute_pp: '5' }, window: 0, reference_volatility: '0.01' },
    })
    const before = w.net.snapshot()
    refusedWith(attempt, /must be a whole number of cycles in 1\.\.=365 at .*trigger\.volatility\.window/)
    expect(w.net.snapshot().map).toEqual(before.map)
  })

  it('an update sets, keeps or clears the trigger; pause and resume keep it', () => {
    const w = world()
    const update = (data: unknown) =>
      w.net.execute(w.owner, w.account, {
        update_service: { service_name: 'rebalancer', data: encodeServiceData(data) },
      })
    update({ targets: [], trigger: { set: ABS('5') } })
    expect(config(w).trigger).toEqual(ABS('5'))
    update({ targets: [], pid: { p: '0.2', i: '0', d: '0' } })
    expect(config(w).trigger).toEqual(ABS('5'))
    w.net.execute(w.owner, w.account, { pause_service: { service_name: 'rebalancer', reason: null } })
    expect(
      RebalancerQueryResponses.get_paused_config.parse(
        w.net.query(w.d.rebalancer, { get_paused_config: { addr: w.account } }),
      ).config.trigger,
    ).toEqual(ABS('5'))
    w.net.execute(w.owner, w.account, { resume_service: { service_name: 'rebalancer' } })
    expect(config(w).trigger).toEqual(ABS('5'))
    refusedWith(
      () => update({ targets: [], trigger: { set: { calendar: { every_cycles: 0 } } } }),
      /must be a whole number of cycles in 1\.\.=3650 at update\.data\.trigger\.set\.calendar\.every_cycles/,
    )
    update({ targets: [], trigger: 'clear' })
    expect(config(w)).not.toHaveProperty('trigger')
  })
})

describe('one-time orders', () => {
  /** The account's admin (the DAO) has the account send `place_order` to the rebalancer. */
  const place = (w: World, order: unknown, sender = w.owner) =>
    w.net.execute(sender, w.account, {
      execute_by_admin: {
        msgs: [
          {
            wasm: {
              execute: {
                contract_addr: w.d.rebalancer,
                msg: toJsonBinary({ place_order: order }),
                funds: [],
              },
            },
          },
        ],
      },
    })

  it('the next cycle sends the order next to the PID trades, even when the trigger does not fire', () => {
    const w = world({ calendar: { every_cycles: 7 } })
    cycle(w)
    const placed = place(w, { sell: 'untrn', buy: 'uatom', size: { amount: '100000000' } })
    expect(
      eventsOf(decodeValenceEvents(placed.events), VALENCE_ACTIONS.rebalancerPlaceOrder)[0]!.data,
    ).toEqual({
      account: w.account,
      order: { sell: 'untrn', buy: 'uatom', size: { amount: '100000000' } },
    })
    const before = config(w)
    const r = nextDay(w)
    expect(r.event).toMatchObject({
      triggered: false,
      trades: [{ pair: ['untrn', 'uatom'], amount: '100000000' }],
      orders: [{ pair: ['untrn', 'uatom'], amount: '100000000' }],
      orders_refused: [],
    })
    expect(r.messages).toBe(1)
    expect(balances(w).ntrn).toBe(275n * M)
    expect(config(w)).toEqual(before) // the PID state is untouched by an order
    // one-time: the cycle after has no order
    expect(nextDay(w).event).not.toHaveProperty('orders')
  })

  it('shares of the account or the holding are taken at the cycle; an order the cycle cannot send is reported and dropped', () => {
    const w = world({ calendar: { every_cycles: 7 } })
    cycle(w)
    place(w, { sell: 'uatom', buy: 'untrn', size: { portfolio_bps: 1000 } }) // 10% of 1000 ATOM of value
    place(w, { sell: 'untrn', buy: 'uatom', size: { holding_bps: 5000 } }) // half of 375 NTRN
    place(w, { sell: 'untrn', buy: 'uatom', size: { amount: '900000000' } }) // more than is left
    const r = nextDay(w).event!
    expect(r.orders).toEqual([
      { pair: ['uatom', 'untrn'], amount: '100000000' },
      { pair: ['untrn', 'uatom'], amount: '187500000' },
    ])
    expect(r.orders_refused).toHaveLength(1)
    expect(r.orders_refused![0]).toMatch(/^orders\[2\]\.size\.amount: 900000000 untrn exceeds the balance/)
    expect(nextDay(w).event).not.toHaveProperty('orders')
  })

  it('only the account itself places orders: a stranger is refused, directly or through the account', () => {
    const w = world()
    const stranger = w.net.makeAddress('stranger')
    const before = w.net.snapshot()
    refusedWith(
      () =>
        w.net.execute(stranger, w.d.rebalancer, {
          place_order: { sell: 'uatom', buy: 'untrn', size: { amount: '1' } },
        }),
      /Unauthorized: only a registered account places orders/,
    )
    refusedWith(
      () => place(w, { sell: 'uatom', buy: 'untrn', size: { amount: '1' } }, stranger),
      /Unauthorized/,
    )
    expect(w.net.snapshot().map).toEqual(before.map)
  })

  it('refuses an invalid order naming the field, and changes nothing', () => {
    const w = world()
    const before = w.net.snapshot()
    for (const [order, re] of [
      [
        { sell: 'uosmo', buy: 'untrn', size: { amount: '1' } },
        /place_order\.sell: must be a target of the account/,
      ],
      [
        { sell: 'uatom', buy: 'uatom', size: { amount: '1' } },
        /must differ from sell, got "uatom" for both at place_order\.buy/,
      ],
      [
        { sell: 'uatom', buy: 'untrn', size: { amount: '0' } },
        /must be more than 0 at place_order\.size\.amount/,
      ],
      [
        { sell: 'uatom', buy: 'untrn', size: { portfolio_bps: 20000 } },
        /in 1\.\.=10000 at place_order\.size\.portfolio_bps/,
      ],
      [{ sell: 'uatom', buy: 'untrn', size: {} }, /must be one of .* at place_order\.size/],
    ] as const) {
      refusedWith(() => place(w, order), re)
    }
    refusedWith(
      () =>
        w.net.execute(
          w.account,
          w.d.rebalancer,
          { place_order: { sell: 'uatom', buy: 'untrn', size: { amount: '1' } } },
          [{ denom: 'uatom', amount: '1' }],
        ),
      /This message does no accept funds/,
    )
    expect(w.net.snapshot().map).toEqual(before.map)
    for (let k = 0; k < 10; k++) place(w, { sell: 'uatom', buy: 'untrn', size: { amount: '1' } })
    refusedWith(
      () => place(w, { sell: 'uatom', buy: 'untrn', size: { amount: '1' } }),
      /place_order: at most 10 orders may wait for the next cycle/,
    )
  })
})
