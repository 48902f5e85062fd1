import {
  DEFAULT_SCENARIO,
  Dec,
  type RunReport,
  RunReport as RunReportSchema,
  type Scenario,
} from '@rebalancer/types'
import { beforeAll, describe, expect, it } from 'vitest'
import { dayStart, priceHistoryFrom, runScenario } from '../src/index.js'

/** 30 days of the default scenario on the real hourly history. */
const WINDOW: Scenario = { ...DEFAULT_SCENARIO, start: '2024-03-01', end: '2024-03-30' }

const bpsOf = (bps: number) => Dec.fromRatio(BigInt(bps), 10_000n)

describe('30 days of the default scenario on real prices', () => {
  let report: RunReport
  beforeAll(async () => {
    report = await runScenario(WINDOW)
  })

  it('runs one cycle per day and writes a report that matches its schema', () => {
    expect(report.cycles_run).toBe(30)
    expect(report.history.map((c) => c.day)[0]).toBe('2024-03-01')
    expect(report.history.at(-1)!.day).toBe('2024-03-30')
    expect(() => RunReportSchema.parse(report)).not.toThrow()
  })

  it("loses and creates nothing on chain: supply after = before + the makers' market hedges", () => {
    expect(Object.keys(report.supply).sort()).toEqual(['uatom', 'untrn', 'uosmo', 'uusdc'])
    // the hedges of the history, per denom: what left the chain and what came in
    const hedged = new Map<string, bigint>()
    for (const c of report.history) {
      for (const h of c.hedges) {
        hedged.set(h.pair[0], (hedged.get(h.pair[0]) ?? 0n) - BigInt(h.sold))
        hedged.set(h.pair[1], (hedged.get(h.pair[1]) ?? 0n) + BigInt(h.received))
      }
    }
    expect(hedged.size).toBeGreaterThan(0)
    for (const [denom, s] of Object.entries(report.supply)) {
      expect(BigInt(s.before)).toBeGreaterThan(0n)
      expect(BigInt(s.market)).toBe(hedged.get(denom) ?? 0n)
      expect(BigInt(s.after)).toBe(BigInt(s.before) + BigInt(s.market))
    }
  })

  it('trades in most cycles, and every auction accounts for its lot', () => {
    const traded = report.history.filter((c) => c.accounts.some((a) => a.trades.length > 0)).length
    expect(traded).toBeGreaterThanOrEqual(25)
    for (const c of report.history) {
      for (const a of c.auctions) {
        const bought = a.fills.reduce((s, f) => s + BigInt(f.bought), 0n)
        const paid = a.fills.reduce((s, f) => s + BigInt(f.paid), 0n)
        expect(bought).toBe(BigInt(a.sold))
        expect(BigInt(a.sold)).toBeLessThanOrEqual(BigInt(a.lot))
        // resolved = what bidders paid plus any buy-denom leftover carried in from the previous auction
        expect(BigInt(a.resolved)).toBeGreaterThanOrEqual(paid)
      }
    }
  })

  it('never sells more value in a cycle than the account budget (max_limit_bps of total value)', () => {
    for (const c of report.history) {
      for (const [i, a] of c.accounts.entries()) {
        if (a.trades.length === 0) continue
        const spec = WINDOW.accounts[i]!
        const base = spec.base_denom
        const budget = Dec.parse(a.total_value_base!).mul(bpsOf(spec.max_limit_bps ?? 10_000))
        let sold = Dec.ZERO
        for (const t of a.trades) {
          const price = t.pair[0] === base ? Dec.ONE : Dec.parse(c.oracle_prices[`${base}|${t.pair[0]}`]!)
          // amount = ceil(v × price): (amount − 1) / price ≤ v, so this sum is ≤ Σ v ≤ budget
          sold = sold.add(Dec.fromInt(BigInt(t.amount) - 1n).div(price))
        }
        expect(sold.lte(budget), `${c.day} ${a.name}: sold ${sold} > budget ${budget}`).toBe(true)
      }
    }
  })

  it('fills every bid between the reserve price and the market price less the winning maker margin', () => {
    const margin = new Map(report.makers.map((m) => [m.address, m.margin_bps]))
    let fills = 0
    for (const c of report.history) {
      for (const a of c.auctions) {
        for (const f of a.fills) {
          fills += 1
          const price = Dec.parse(f.price)
          expect(
            price.gte(Dec.parse(a.end_price)),
            `${c.day} ${a.pair}: ${price} below reserve ${a.end_price}`,
          ).toBe(true)
          expect(price.lte(Dec.parse(a.start_price))).toBe(true)
          const m = margin.get(f.maker)
          expect(m, `fill by unknown maker ${f.maker}`).toBeDefined()
          const ceiling = Dec.parse(f.market_price).mul(Dec.ONE.sub(bpsOf(m!)))
          expect(price.lte(ceiling), `${c.day} ${a.pair}: ${price} above ${ceiling} (margin ${m} bps)`).toBe(
            true,
          )
        }
      }
    }
    expect(fills).toBeGreaterThan(30)
  })

  it('summarises each account with its start/end value, weights, volume and execution', () => {
    const [dao, fund] = report.summary
    expect(dao!.name).toBe('DAO treasury')
    expect(Number(dao!.start_usd)).toBeGreaterThan(0)
    expect(Number(dao!.volume_sold_usd)).toBeGreaterThan(0)
    // makers bid at least 30 bps under the market, never more than the 20% strategy below the oracle
    expect(dao!.execution_vs_market_bps!).toBeLessThanOrEqual(-30)
    expect(dao!.execution_vs_market_bps!).toBeGreaterThan(-2500)
    expect(Object.keys(fund!.end_weights)).toEqual(['uatom', 'untrn', 'uosmo', 'uusdc'])
  })
})

describe('with every price held constant', () => {
  it("moves the DAO treasury's USDC weight monotonically toward 10%", async () => {
    const start = dayStart('2024-01-01')
    // the same close before the window and after it: constant over the whole run
    const series = (price: string) => [
      { time: start - 86_400, price: Dec.parse(price) },
      { time: start + 40 * 86_400, price: Dec.parse(price) },
    ]
    const history = priceHistoryFrom({
      NTRN: series('0.5'),
      ATOM: series('10'),
      OSMO: series('0.8'),
      USDC: series('1'),
    })
    const scenario: Scenario = {
      ...DEFAULT_SCENARIO,
      start: '2024-01-01',
      end: '2024-01-30',
      accounts: [DEFAULT_SCENARIO.accounts[0]!],
    }
    const report = await runScenario(scenario, { history })
    const weights = report.history.map((c) => Dec.parse(c.accounts[0]!.weights.uusdc!))
    const target = Dec.parse('0.1')
    expect(weights[0]!.isPositive()).toBe(true)
    for (let i = 1; i < weights.length; i++) {
      const prev = weights[i - 1]!
      const cur = weights[i]!
      // never overshoots the target and never moves away from it
      expect(cur.lte(target), `day ${i}: ${cur} > 10%`).toBe(true)
      expect(cur.gte(prev), `day ${i}: ${cur} < ${prev}`).toBe(true)
    }
    expect(target.sub(weights.at(-1)!).lt(target.sub(weights[0]!))).toBe(true)
    expect(
      Object.values(report.supply).every((s) => BigInt(s.after) === BigInt(s.before) + BigInt(s.market)),
    ).toBe(true)
  })
})
