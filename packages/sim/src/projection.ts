/**
 * What an account of a prepared simulation would do if prices stood still (issue #13, the demo
 * site's "Project"): core's `projectRebalance` over the next cycles at the first day's prices, and
 * core's `explainRebalance` of the first cycle (each target's drift, wish, trade and the limit that
 * held it back). Plain data (numbers, strings, bigints): it crosses a Web Worker's `postMessage`.
 */
import {
  explainRebalance,
  projectRebalance,
  type TradeLimit,
  type TradeReason,
  triggerFromWire,
} from '@rebalancer/core'
import type { Dec, Denom } from '@rebalancer/types'
import type { ChartSpec } from './charts.js'
import { SimulationError } from './errors.js'
import { DAY, dayOf, type Simulation } from './setup.js'

/** Most cycles {@link projectAccount} projects (ten years of days). */
export const MAX_PROJECTION_CYCLES = 3650

/** One target in the next cycle's explanation ({@link AccountProjection.next}). */
export interface ProjectedTarget {
  denom: Denom
  /** The user's target, bps. */
  bps: number
  /** Current weight, percent of the account's value. */
  currentPct: number
  /** The weight aimed for this cycle (after the min_balance override), percent. */
  aimedPct: number
  /** current − aimed, percentage points (positive = overweight). */
  driftPp: number
  /** What the PID asks: `sell`, `buy` or `none`. */
  side: 'sell' | 'buy' | 'none'
  /** |PID output|, base units of the base denom (Dec text). */
  wish: string
  /** Value traded this cycle, base units of the base denom (Dec text). */
  traded: string
  /** Base units of this denom put into auctions (sells only). */
  sold: bigint
  /** Why it did or did not trade (core's `TradeReason`). */
  reason: TradeReason
  /** When it traded less than its wish: what held back the rest. */
  limitedBy?: TradeLimit
}

/** One trade of the next cycle: sell `amount` of `sell` for `buy` (one pair auction). */
export interface ProjectedTrade {
  sell: Denom
  buy: Denom
  /** Base units of the sell denom. */
  amount: bigint
  /** The value it moves, base units of the base denom (Dec text). */
  value: string
  /** The step-7 "one minimum lot" buy of the min_balance target. */
  minLot: boolean
}

/** What {@link projectAccount} returns. */
export interface AccountProjection {
  /** The account's name and index in the scenario. */
  name: string
  index: number
  baseDenom: Denom
  /** `start` (before the first cycle), then the day of each projected cycle (`YYYY-MM-DD`). */
  days: string[]
  /** Per target, in the user's order: its bps and its weight (percent) on each of `days`. */
  targets: { denom: Denom; bps: number; weightPct: number[] }[]
  /** Largest |weight − aimed weight| on each of `days`, percentage points. */
  maxDriftPp: number[]
  /** First of `days` after which every weight stays within `withinPp`; null when none. */
  cyclesToWithin: number | null
  /** The tolerance of `cyclesToWithin`, percentage points. */
  withinPp: number
  /** The next (first) cycle explained. */
  next: {
    /** Account value, base units of the base denom (Dec text). */
    totalValue: string
    /** The cycle's sell budget (value × max_limit_bps), and what is left after the trades (Dec text). */
    budget: string
    budgetLeft: string
    /** Set when the computation paused the account (step 2). */
    pause?: string
    targets: ProjectedTarget[]
    trades: ProjectedTrade[]
  }
}

/** Options of {@link projectAccount}. */
export interface ProjectAccountOptions {
  /** Cycles (days) to project, 1..={@link MAX_PROJECTION_CYCLES}; default 90. */
  cycles?: number
  /** Tolerance of `cyclesToWithin`, percentage points > 0; default 1. */
  withinPp?: number
}

const pct = (d: Dec) => d.toNumber() * 100

/**
 * Projects account `index` of a freshly prepared simulation: its registered configuration (a
 * tuned wish included), its initial holdings, the (base, denom) prices of the first day held
 * constant, the auctions' `min_send` and the base denom's minimum value as the simulation's
 * deployment registered them, and its trigger (correction 13). Every cycle runs core's
 * `projectRebalance` (trades settle at the cycle's prices, no slippage); the first cycle is
 * explained by core's `explainRebalance` (portfolio-computer.md steps 1–8). One-time orders are
 * not projected. Pure: the localnet is only read.
 * @throws SimulationError `invalid_projection` naming `index`, `cycles` or `withinPp` when out of
 *   range; as `projectRebalance` / `explainRebalance` otherwise (never for a prepared simulation).
 */
export function projectAccount(
  sim: Simulation,
  index: number,
  options: ProjectAccountOptions = {},
): AccountProjection {
  const cycles = options.cycles ?? 90
  const withinPp = options.withinPp ?? 1
  const bad = (field: string, rule: string, got: unknown) =>
    new SimulationError('invalid_projection', `${field}: ${rule}, got ${String(got)}`, { path: [field] })
  if (!Number.isInteger(index) || index < 0 || index >= sim.accounts.length)
    throw bad('index', `must be an account index in 0..${sim.accounts.length - 1}`, index)
  if (!Number.isInteger(cycles) || cycles < 1 || cycles > MAX_PROJECTION_CYCLES)
    throw bad('cycles', `must be a whole number in 1..=${MAX_PROJECTION_CYCLES}`, cycles)
  if (!Number.isFinite(withinPp) || withinPp <= 0) throw bad('withinPp', 'must be more than 0', withinPp)

  const account = sim.accounts[index]!
  const { config } = account
  const base = config.baseDenom
  const prices: Record<Denom, Dec> = {}
  for (const t of config.targets)
    if (t.denom !== base) prices[t.denom] = sim.feed.pairPrice([base, t.denom], sim.start)
  const auctionMinimums: Record<Denom, bigint> = {}
  for (const t of config.targets) {
    const m = sim.net.query<{ send: string }>(sim.deployment.auctionsManager, {
      get_min_limit: { denom: t.denom },
    })
    auctionMinimums[t.denom] = BigInt(m.send)
  }
  const lists = sim.net.query<{ base_denom_whitelist: { denom: string; min_balance_limit: string }[] }>(
    sim.deployment.rebalancer,
    'get_white_lists',
  )
  const baseMinValue = BigInt(
    lists.base_denom_whitelist.find((b) => b.denom === base)?.min_balance_limit ?? 0,
  )
  const common = {
    config,
    balances: account.initial,
    prices,
    auctionMinimums,
    baseMinValue,
    periodSeconds: DAY,
  }

  const projection = projectRebalance({
    ...common,
    cycles,
    start: sim.start,
    ...(account.trigger === undefined ? {} : { trigger: triggerFromWire(account.trigger) }),
  })
  const explained = explainRebalance({
    ...common,
    state: { lastRebalance: null, targets: {} },
    now: sim.start,
  })

  const first = explained.targets
  const targets = config.targets.map((t, k) => ({
    denom: t.denom,
    bps: t.bps,
    weightPct: [pct(first[k]!.currentWeight), ...projection.cycles.map((c) => pct(c.weights[t.denom]!))],
  }))
  const maxDriftPp = [
    projection.initialMaxAbsDriftPp.toNumber(),
    ...projection.cycles.map((c) => c.maxAbsDriftPp.toNumber()),
  ]
  let cyclesToWithin: number | null = null
  for (let k = maxDriftPp.length - 1; k >= 0 && maxDriftPp[k]! <= withinPp; k--) cyclesToWithin = k

  return {
    name: account.name,
    index,
    baseDenom: base,
    days: [dayOf(sim.start), ...projection.cycles.map((c) => dayOf(c.time))],
    targets,
    maxDriftPp,
    cyclesToWithin,
    withinPp,
    next: {
      totalValue: explained.totalValue.toString(),
      budget: explained.budget.toString(),
      budgetLeft: explained.budgetLeft.toString(),
      ...(explained.pause ? { pause: explained.pause.reason } : {}),
      targets: first.map((t) => ({
        denom: t.denom,
        bps: t.bps,
        currentPct: pct(t.currentWeight),
        aimedPct: pct(t.overrideWeight),
        driftPp: t.driftPp.toNumber(),
        side: t.side,
        wish: t.output.abs().toString(),
        traded: t.tradedValue.toString(),
        sold: t.soldAmount,
        reason: t.reason,
        ...(t.limitedBy ? { limitedBy: t.limitedBy } : {}),
      })),
      trades: explained.trades.map((t) => ({
        sell: t.pair[0],
        buy: t.pair[1],
        amount: t.amount,
        value: t.value.toString(),
        minLot: t.minLot,
      })),
    },
  }
}

/**
 * The projection's weights per target over its days (percent), each against its target as a
 * dashed line of the same colour: a Chart.js 4 configuration (plain data, like `./charts`).
 */
export function projectionChart(p: AccountProjection, palette: readonly string[]): ChartSpec {
  const colour = (k: number) => palette[k % palette.length]!
  return {
    id: `projection-account-${p.index}`,
    title: `${p.name}: weights at constant prices`,
    caption:
      'Weight of each target (percent) before the first cycle and after each projected cycle, prices held at ' +
      'the first day’s; dashed: the target.',
    config: {
      type: 'line',
      data: {
        labels: p.days,
        datasets: p.targets.flatMap((t, k) => [
          {
            label: t.denom,
            data: t.weightPct,
            borderColor: colour(k),
            backgroundColor: colour(k),
            pointRadius: 0,
            fill: false,
          },
          {
            label: `${t.denom} target`,
            data: p.days.map(() => t.bps / 100),
            borderColor: colour(k),
            backgroundColor: colour(k),
            borderDash: [6, 4],
            pointRadius: 0,
            fill: false,
          },
        ]),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'nearest', intersect: false },
        scales: {
          x: { type: 'category', ticks: { maxTicksLimit: 12, autoSkip: true } },
          y: { title: { display: true, text: 'weight (%)' }, min: 0, max: 100 },
        },
        plugins: { legend: { position: 'bottom' } },
      },
    },
  }
}
