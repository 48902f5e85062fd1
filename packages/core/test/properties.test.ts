import {
  Dec,
  type Denom,
  type RebalancerConfig,
  type RebalanceState,
  type TargetState,
} from '@rebalancer/types'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type ComputeInput,
  computeRebalance,
  evaluateTrigger,
  explainRebalance,
  InvalidOrderError,
  type MatchLeg,
  matchTrades,
  maxSellValue,
  overrideWeights,
  planOneTimeOrders,
  projectRebalance,
  rebalanceIfTriggered,
  safeParseConfig,
  validateConfig,
  valuePortfolio,
} from '../src/index.js'
import { PERIOD, T0 } from './fixtures.js'

const NUM_RUNS = 200
const E18 = 10n ** 18n

/** A Dec between 1e-6 and 1e6, spread over the orders of magnitude. */
const priceArb = fc
  .integer({ min: 12, max: 23 })
  .chain((k) => fc.bigInt({ min: 10n ** BigInt(k), max: 10n ** BigInt(k + 1) }))
  .map(Dec.fromAtomics)

/** n positive integers summing to 10000. */
const bpsArb = (n: number) =>
  fc.uniqueArray(fc.integer({ min: 1, max: 9999 }), { minLength: n - 1, maxLength: n - 1 }).map((cuts) => {
    const points = [0, ...cuts.sort((a, b) => a - b), 10000]
    return points.slice(1).map((p, k) => p - points[k]!)
  })

const gainArb = (max: bigint) => fc.bigInt({ min: 0n, max }).map(Dec.fromAtomics)
const signedDecArb = fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map(Dec.fromAtomics)

const inputArb: fc.Arbitrary<ComputeInput> = fc
  .integer({ min: 2, max: 8 })
  .chain((n) => {
    const denoms = Array.from({ length: n }, (_, k) => `d${k}`)
    return fc.record({
      denoms: fc.constant(denoms),
      bps: bpsArb(n),
      baseIndex: fc.integer({ min: -1, max: n - 1 }), // −1: the base denom is not a target
      balances: fc.array(
        fc.oneof(
          fc.constant(0n),
          fc.bigInt({ min: 0n, max: 10n ** 15n }),
          fc.bigInt({ min: 0n, max: 10n ** 6n }),
        ),
        { minLength: n, maxLength: n },
      ),
      prices: fc.array(priceArb, { minLength: n, maxLength: n }),
      minSends: fc.array(fc.option(fc.bigInt({ min: 0n, max: 10n ** 12n })), { minLength: n, maxLength: n }),
      p: gainArb(E18),
      i: gainArb(E18),
      d: gainArb(5n * E18),
      maxLimitBps: fc.integer({ min: 1, max: 10000 }),
      strategy: fc.constantFrom('proportional' as const, 'priority' as const),
      min: fc.option(
        fc.record({
          index: fc.integer({ min: 0, max: n - 1 }),
          amount: fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.bigInt({ min: 0n, max: 10n ** 9n })),
        }),
      ),
      history: fc.option(
        fc.record({
          elapsed: fc.integer({ min: 0, max: 20 * PERIOD }),
          perTarget: fc.array(fc.record({ lastInput: fc.option(signedDecArb), lastI: signedDecArb }), {
            minLength: n,
            maxLength: n,
          }),
        }),
      ),
      baseMinValue: fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 10n ** 9n })),
    })
  })
  .map((g) => {
    const baseDenom = g.baseIndex < 0 ? 'ubase' : g.denoms[g.baseIndex]!
    const config: RebalancerConfig = {
      baseDenom,
      targets: g.denoms.map((denom, k) => ({
        denom,
        bps: g.bps[k]!,
        ...(g.min && g.min.index === k ? { minBalance: g.min.amount } : {}),
      })),
      pid: { p: g.p, i: g.i, d: g.d },
      maxLimitBps: g.maxLimitBps,
      targetOverrideStrategy: g.strategy,
    }
    const balances: Record<Denom, bigint> = {}
    const prices: Record<Denom, Dec> = {}
    const auctionMinimums: Record<Denom, bigint> = {}
    g.denoms.forEach((denom, k) => {
      if (g.balances[k]! > 0n) balances[denom] = g.balances[k]!
      if (denom !== baseDenom) prices[denom] = g.prices[k]!
      const ms = g.minSends[k]
      if (ms !== null && ms !== undefined) auctionMinimums[denom] = ms
    })
    let state: RebalanceState = { lastRebalance: null, targets: {} }
    if (g.history) {
      const targets: Record<Denom, TargetState> = {}
      g.denoms.forEach((denom, k) => {
        targets[denom] = g.history!.perTarget[k]!
      })
      state = { lastRebalance: T0 - g.history.elapsed, targets }
    }
    return {
      config,
      state,
      balances,
      prices,
      auctionMinimums,
      baseMinValue: g.baseMinValue,
      periodSeconds: PERIOD,
      now: T0,
    }
  })

/** The matcher's legs for an input, rebuilt from the computation's report. */
function legsOf(x: ComputeInput, reports: ReturnType<typeof computeRebalance>['targets']): MatchLeg[] {
  return x.config.targets.map((t, k) => ({
    denom: t.denom,
    price: reports[k]!.price,
    balance: reports[k]!.balance,
    minBalance: t.minBalance,
    output: reports[k]!.output,
    minSend: x.auctionMinimums[t.denom] ?? 0n,
  }))
}

describe('properties of computeRebalance', () => {
  it('never throws, is deterministic and does not mutate its input', () => {
    fc.assert(
      fc.property(inputArb, (x) => {
        const stateCopy = structuredClone(x.state)
        const balancesCopy = { ...x.balances }
        const a = computeRebalance(x)
        const b = computeRebalance(x)
        expect(b).toEqual(a)
        expect(x.state).toEqual(stateCopy)
        expect(x.balances).toEqual(balancesCopy)
        expect(a.targets.map((t) => t.denom)).toEqual(x.config.targets.map((t) => t.denom))
        if (a.pause || a.skipped) {
          expect(a.trades).toEqual([])
          expect(a.state).toBe(x.state)
        } else {
          expect(a.state.lastRebalance).toBe(x.now)
          expect(Object.keys(a.state.targets)).toEqual(x.config.targets.map((t) => t.denom))
        }
      }),
      { numRuns: NUM_RUNS },
    )
  })

  it('sells at most the cycle budget in value: Σ v ≤ total × maxLimitBps / 10000', () => {
    let traded = 0
    fc.assert(
      fc.property(inputArb, (x) => {
        const r = computeRebalance(x)
        if (r.pause || r.skipped) return
        const matched = matchTrades(legsOf(x, r.targets), maxSellValue(r.totalValue, x.config.maxLimitBps))
        // the computation's trades are exactly the matcher's, so the matcher's values are the traded values
        expect(matched.trades.map(({ pair, amount }) => ({ pair, amount }))).toEqual(r.trades)
        const budget = maxSellValue(r.totalValue, x.config.maxLimitBps)
        const sold = Dec.sum(matched.trades.map((t) => t.value))
        expect(sold.lte(budget)).toBe(true)
        expect(matched.budgetLeft).toEqual(budget.sub(sold))
        for (const t of matched.trades) {
          const seller = r.targets.find((rt) => rt.denom === t.pair[0])!
          expect(t.amount).toBe(t.value.mul(seller.price).ceil())
          expect(t.value.isPositive()).toBe(true)
        }
        traded += r.trades.length
      }),
      { numRuns: NUM_RUNS },
    )
    expect(traded).toBeGreaterThan(0) // the generator does produce trades
  })

  it('never sells more than held, nor below a min_balance floor; trades go from sells to buys', () => {
    fc.assert(
      fc.property(inputArb, (x) => {
        const r = computeRebalance(x)
        const sold = new Map<Denom, bigint>()
        for (const t of r.trades) {
          expect(t.amount > 0n).toBe(true)
          expect(t.pair[0]).not.toBe(t.pair[1])
          const seller = r.targets.find((rt) => rt.denom === t.pair[0])!
          const buyer = r.targets.find((rt) => rt.denom === t.pair[1])!
          expect(seller.output.isNegative()).toBe(true)
          expect(buyer.output.isPositive()).toBe(true)
          sold.set(t.pair[0], (sold.get(t.pair[0]) ?? 0n) + t.amount)
        }
        for (const t of x.config.targets) {
          const balance = x.balances[t.denom] ?? 0n
          const floor = t.minBalance ?? 0n
          const s = sold.get(t.denom) ?? 0n
          expect(s <= (balance > floor ? balance - floor : 0n)).toBe(true)
        }
      }),
      { numRuns: NUM_RUNS },
    )
  })

  it('a min_balance target pushed to sell far more than it may sells exactly down to its floor', () => {
    // Target 0 holds more than its floor and carries a huge negative integral (it wants to sell
    // ~1e23 of value, more than any portfolio here is worth); every other target a huge positive one.
    const forcedArb = fc
      .tuple(
        inputArb,
        fc.bigInt({ min: 10n ** 6n, max: 10n ** 15n }),
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
      )
      .map(([x, held, floorSeed]): ComputeInput => {
        const floor = floorSeed % held
        const targets = x.config.targets.map((t, k) => ({
          denom: t.denom,
          bps: t.bps,
          ...(k === 0 ? { minBalance: floor } : {}),
        }))
        const huge = Dec.fromAtomics(10n ** 41n)
        const state: RebalanceState = {
          lastRebalance: T0 - PERIOD,
          targets: Object.fromEntries(
            targets.map((t, k) => [t.denom, { lastInput: null, lastI: k === 0 ? huge.neg() : huge }]),
          ),
        }
        return {
          ...x,
          config: { ...x.config, targets, maxLimitBps: 10000 },
          state,
          balances: { ...x.balances, [targets[0]!.denom]: held },
          auctionMinimums: {},
          baseMinValue: 0n,
        }
      })
    fc.assert(
      fc.property(forcedArb, (x) => {
        const r = computeRebalance(x)
        expect(r.pause).toBeUndefined()
        const target = x.config.targets[0]!
        const sold = r.trades.filter((t) => t.pair[0] === target.denom).reduce((s, t) => s + t.amount, 0n)
        expect(sold).toBe(x.balances[target.denom]! - target.minBalance!)
      }),
      { numRuns: NUM_RUNS },
    )
  })

  it('a partial override keeps the others within their user weights and sums within [0.9999, 1]', () => {
    const lo = Dec.parse('0.9999')
    const partialArb = fc.integer({ min: 2, max: 8 }).chain((n) =>
      fc.record({
        bps: bpsArb(n),
        index: fc.integer({ min: 0, max: n - 1 }),
        strategy: fc.constantFrom('proportional' as const, 'priority' as const),
        price: priceArb,
        // total ≥ 1e15 and share ≥ 1000 keep m clear of r and of total although minBalance is
        // rounded down to whole units (which moves m by at most 1 / price ≤ 1e6)
        total: fc.bigInt({ min: 10n ** 15n, max: 10n ** 24n }),
        share: fc.integer({ min: 1000, max: 999_999 }), // where m falls between r and total, in millionths
      }),
    )
    fc.assert(
      fc.property(partialArb, (g) => {
        const pct = Dec.fromRatio(BigInt(g.bps[g.index]!), 10000n)
        const total = Dec.fromInt(g.total)
        // m = total × (pct + (1 − pct) × share / 1e6): strictly between r and total
        const f = pct.add(Dec.ONE.sub(pct).mul(Dec.fromRatio(BigInt(g.share), 1_000_000n)))
        const denom = `d${g.index}`
        const minBalance = total.mul(f).mul(g.price).floor()
        const config: RebalancerConfig = {
          baseDenom: 'ubase',
          targets: g.bps.map((bps, k) => ({ denom: `d${k}`, bps, ...(k === g.index ? { minBalance } : {}) })),
          pid: { p: Dec.ONE, i: Dec.ZERO, d: Dec.ZERO },
          maxLimitBps: 10000,
          targetOverrideStrategy: g.strategy,
        }
        const w = overrideWeights(config, {}, { [denom]: g.price }, total)
        const m = Dec.fromInt(minBalance).div(g.price)
        expect(w[g.index]).toEqual(m.div(total))
        expect(w[g.index]!.gt(pct)).toBe(true)
        w.forEach((v, k) => {
          expect(v.isNegative()).toBe(false)
          if (k !== g.index) expect(v.lte(Dec.fromRatio(BigInt(g.bps[k]!), 10000n))).toBe(true)
        })
        const sum = Dec.sum(w)
        expect(sum.gte(lo) && sum.lte(Dec.ONE)).toBe(true)
      }),
      { numRuns: NUM_RUNS },
    )
  })

  it('override weights are non-negative and sum within [0.9999, 1]', () => {
    const lo = Dec.parse('0.9999')
    let overridden = 0
    fc.assert(
      fc.property(inputArb, (x) => {
        const { values, total } = valuePortfolio(x.config, x.balances, x.prices)
        const w = overrideWeights(x.config, values, x.prices, total)
        expect(w).toHaveLength(x.config.targets.length)
        for (const v of w) expect(v.isNegative()).toBe(false)
        const sum = Dec.sum(w)
        expect(sum.gte(lo) && sum.lte(Dec.ONE)).toBe(true)
        if (w.some((v, k) => !v.eq(Dec.fromRatio(BigInt(x.config.targets[k]!.bps), 10000n)))) overridden++
      }),
      { numRuns: NUM_RUNS },
    )
    expect(overridden).toBeGreaterThan(0) // the override branch is exercised
  })
})

describe('properties of explainRebalance', () => {
  it('never throws, returns the computation itself, and its reasons agree with the trades', () => {
    const seen = new Set<string>()
    fc.assert(
      fc.property(inputArb, (x) => {
        const e = explainRebalance(x)
        expect(e.result).toEqual(computeRebalance(x))
        expect(e.trades.map(({ pair, amount }) => ({ pair, amount }))).toEqual(e.result.trades)
        const sold = Dec.sum(e.targets.filter((t) => t.side === 'sell').map((t) => t.tradedValue))
        const bought = Dec.sum(e.targets.filter((t) => t.side === 'buy').map((t) => t.tradedValue))
        expect(sold).toEqual(Dec.sum(e.trades.map((t) => t.value)))
        expect(bought).toEqual(sold)
        expect(e.budgetLeft).toEqual(e.budget.sub(sold))
        for (const t of e.targets) {
          seen.add(t.reason)
          if (e.pause || e.skipped) {
            expect(t.reason).toBe('not_run')
            continue
          }
          expect(t.reason === 'within_target').toBe(t.output.isZero())
          expect(t.reason === 'traded').toBe(t.tradedValue.isPositive())
          if (t.limitedBy) expect(t.tradedValue.lt(t.output.abs())).toBe(true)
          const floor = x.config.targets.find((c) => c.denom === t.denom)!.minBalance ?? 0n
          expect(t.soldAmount <= (t.balance > floor ? t.balance - floor : 0n)).toBe(true)
        }
      }),
      { numRuns: NUM_RUNS },
    )
    // the generator reaches most reasons
    expect(seen.size).toBeGreaterThanOrEqual(5)
  })
})

describe('properties of triggers, projections and orders', () => {
  it('a cycle that does not trigger changes no state', () => {
    const triggerArb = fc.oneof(
      fc.record({ kind: fc.constant('calendar' as const), everyCycles: fc.integer({ min: 1, max: 30 }) }),
      fc.record({
        kind: fc.constant('threshold' as const),
        tolerance: fc.oneof(
          fc.record({ kind: fc.constant('absolute' as const), pp: gainArb(50n * E18) }),
          fc.record({ kind: fc.constant('relative' as const), fraction: gainArb(2n * E18) }),
        ),
      }),
    )
    let skipped = 0
    fc.assert(
      fc.property(inputArb, triggerArb, (x, trigger) => {
        const r = rebalanceIfTriggered({ ...x, trigger })
        expect(r.decision).toEqual(evaluateTrigger(trigger, x))
        if (!r.decision.run) {
          skipped++
          expect(r.state).toBe(x.state)
          expect(r.trades).toEqual([])
        } else {
          expect(r.result).toEqual(computeRebalance(x))
        }
      }),
      { numRuns: NUM_RUNS },
    )
    expect(skipped).toBeGreaterThan(0)
  })

  it('a projection never throws, keeps every cycle within its budget, its floors and its balances', () => {
    const projectionArb = fc.tuple(
      inputArb,
      fc.integer({ min: 1, max: 8 }),
      fc.integer({ min: 0, max: 500 }),
      fc.array(fc.array(priceArb, { minLength: 8, maxLength: 8 }), { minLength: 8, maxLength: 8 }),
    )
    fc.assert(
      fc.property(projectionArb, ([x, cycles, slippageBps, paths]) => {
        const series = Array.from({ length: cycles }, (_, k) =>
          Object.fromEntries(
            Object.keys(x.prices).map((denom, j) => [denom, k === 0 ? x.prices[denom]! : paths[k]![j]!]),
          ),
        )
        const p = projectRebalance({
          config: x.config,
          state: x.state,
          balances: x.balances,
          prices: series,
          cycles,
          slippageBps,
          auctionMinimums: x.auctionMinimums,
          baseMinValue: x.baseMinValue,
          periodSeconds: PERIOD,
          start: x.now,
        })
        expect(p.cycles).toHaveLength(cycles)
        let held: Record<Denom, bigint> = { ...x.balances }
        for (const c of p.cycles) {
          expect(c.tradedValue.lte(maxSellValue(c.totalValueBefore, x.config.maxLimitBps))).toBe(true)
          expect(c.totalValue.lte(c.totalValueBefore)).toBe(true) // settlement never creates value
          for (const t of x.config.targets) {
            const before = held[t.denom] ?? 0n
            const after = c.balances[t.denom]!
            expect(after >= 0n).toBe(true)
            const sold = c.fills.filter((f) => f.pair[0] === t.denom).reduce((s, f) => s + f.sold, 0n)
            const floor = t.minBalance ?? 0n
            expect(sold <= (before > floor ? before - floor : 0n)).toBe(true)
          }
          held = c.balances
        }
      }),
      { numRuns: 100 },
    )
  })

  it('one-time orders are planned within balance − floor, or refused', () => {
    fc.assert(
      fc.property(
        inputArb,
        fc.array(
          fc.record({
            sell: fc.integer({ min: 0, max: 7 }),
            buy: fc.integer({ min: 0, max: 7 }),
            size: fc.oneof(
              fc.record({ amount: fc.bigInt({ min: 0n, max: 10n ** 15n }) }),
              fc.record({ holdingBps: fc.integer({ min: 1, max: 10000 }) }),
              fc.record({ portfolioBps: fc.integer({ min: 1, max: 10000 }) }),
            ),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        (x, raw) => {
          const denoms = x.config.targets.map((t) => t.denom)
          const orders = raw.map((o) => ({
            sell: denoms[o.sell % denoms.length]!,
            buy: denoms[o.buy % denoms.length]!,
            size: o.size,
          }))
          const pending = computeRebalance(x).trades
          try {
            const plan = planOneTimeOrders({ ...x, orders, pending })
            for (const t of x.config.targets) {
              const selling = [...pending, ...plan.trades]
                .filter((tr) => tr.pair[0] === t.denom)
                .reduce((s, tr) => s + tr.amount, 0n)
              const held = x.balances[t.denom] ?? 0n
              const floor = t.minBalance ?? 0n
              expect(selling <= (held > floor ? held - floor : 0n) || selling === 0n).toBe(true)
            }
          } catch (e) {
            expect(e).toBeInstanceOf(InvalidOrderError)
          }
        },
      ),
      { numRuns: NUM_RUNS },
    )
  })

  it('the zod schema reports exactly validateConfig’s problems for typed configs', () => {
    const anyConfigArb = fc.record({
      baseDenom: fc.constantFrom('uatom', '', 'untrn'),
      targets: fc.array(
        fc.record(
          {
            denom: fc.constantFrom('uatom', 'untrn', 'uosmo', ''),
            bps: fc.oneof(fc.integer({ min: -5, max: 10005 }), fc.constant(2.5)),
            minBalance: fc.bigInt({ min: -5n, max: 10n ** 20n }),
          },
          { requiredKeys: ['denom', 'bps'] },
        ),
        { maxLength: 5 },
      ),
      pid: fc.record({ p: signedDecArb, i: signedDecArb, d: signedDecArb }),
      maxLimitBps: fc.integer({ min: -1, max: 10001 }),
      targetOverrideStrategy: fc.constantFrom('proportional', 'priority', 'other'),
    })
    fc.assert(
      fc.property(anyConfigArb, (c) => {
        const typed = c as unknown as RebalancerConfig
        const r = safeParseConfig(typed)
        const problems = validateConfig(typed)
        if (r.success) expect(problems).toEqual([])
        else expect(r.problems).toEqual(problems)
      }),
      { numRuns: NUM_RUNS },
    )
  })
})
