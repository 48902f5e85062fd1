/**
 * Projection: what the Portfolio Computer would do over N cycles at given prices, with every
 * trade settled at the cycle's price less a slippage. What a UI shows before a DAO votes on a
 * configuration.
 */
import {
  Dec,
  type Denom,
  type PauseReason,
  type RebalancerConfig,
  type RebalanceState,
  type Trade,
} from '@rebalancer/types'
import * as z from 'zod'
import { computeDetailed } from './compute.js'
import { drift } from './explain.js'
import { bpsToWeight, overrideWeights } from './override.js'
import { parseInput } from './schema.js'
import {
  evaluateParsed,
  parseTrigger,
  type Trigger,
  type TriggerDecision,
  type TriggerInput,
} from './trigger.js'
import { assertValidConfig } from './validate.js'
import { currentWeights, priceOf, valuePortfolio } from './valuation.js'

/** Prices of (base, denom) per non-base target denom for one cycle. */
export type PriceMap = Readonly<Record<Denom, Dec>>

/** Input of {@link projectRebalance}. */
export interface ProjectionInput {
  /** The configuration to preview (checked like register). */
  config: RebalancerConfig
  /** Controller state at the start; default a new account. */
  state?: RebalanceState
  /** Base units per denom at the start; denoms other than targets are carried along untouched. */
  balances: Readonly<Record<Denom, bigint>>
  /** Constant prices, or one price map per cycle (at least `cycles` of them; cycle k uses `prices[k]`). */
  prices: PriceMap | readonly PriceMap[]
  /** Number of cycles to simulate, an integer ≥ 0. */
  cycles: number
  /**
   * Slippage per trade, bps (integer 0..=10000, default 0): a sell of `amount` of A for B pays
   * `floor(amount / price(A) × price(B) × (1 − slippageBps / 10000))` units of B.
   */
  slippageBps?: number
  /** `min_send` per sell denom, base units (default none). */
  auctionMinimums?: Readonly<Record<Denom, bigint>>
  /** Minimum account value, base units of the base denom (default 0). */
  baseMinValue?: bigint
  /** Cycle period, seconds (default 86400). */
  periodSeconds?: number
  /**
   * Unix seconds of the first cycle (default: one period after `state.lastRebalance`, or 0 for a
   * new account). Cycle k runs at `start + k × periodSeconds`.
   */
  start?: number
  /** When a cycle's computation runs (default: every cycle, as deployed). */
  trigger?: Trigger | TriggerInput
  /**
   * For a `volatility` trigger: prices before the first cycle, per denom, oldest first; each
   * cycle's prices are appended as the projection goes.
   */
  priceHistory?: Readonly<Record<Denom, readonly Dec[]>>
}

/** One settled trade of a projection. */
export interface ProjectedFill {
  pair: readonly [Denom, Denom]
  /** Base units of the sell denom. */
  sold: bigint
  /** Base units of the buy denom received (after slippage, rounded down). */
  bought: bigint
}

/** One cycle of a projection: what ran, what traded, and the portfolio after settlement. */
export interface ProjectedCycle {
  /** 1-based cycle number. */
  cycle: number
  /** Unix seconds. */
  time: number
  /** The prices used. */
  prices: PriceMap
  /** Whether the computation ran (false: not triggered, paused, or skipped). */
  ran: boolean
  /** The trigger's decision, when a trigger was given. */
  trigger?: TriggerDecision
  /** Set from the cycle that paused the account on (a paused account stays paused). */
  pause?: PauseReason
  /** The computation's trades. */
  trades: Trade[]
  /** The trades settled. */
  fills: ProjectedFill[]
  /** Σ value of the trades as sold (amount / price of the sell denom), base units of the base denom. */
  soldValue: Dec
  /**
   * Σ traded value v as the cycle budget counts it (step 7: amount = ceil(v × price), so
   * `soldValue` exceeds it by less than one base unit of each sell denom per trade).
   */
  tradedValue: Dec
  /** Total value before the trades (the computation's total), base units of the base denom. */
  totalValueBefore: Dec
  /** Balances after settlement, base units (every denom of the input and of the targets). */
  balances: Record<Denom, bigint>
  /** Values per target after settlement. */
  values: Record<Denom, Dec>
  /** Total value after settlement. */
  totalValue: Dec
  /** Current weights per target after settlement. */
  weights: Record<Denom, Dec>
  /** The weights aimed for per target after settlement (user weights after the min_balance override). */
  targetWeights: Record<Denom, Dec>
  /** Largest |weight − target weight| after settlement, percentage points. */
  maxAbsDriftPp: Dec
}

/** The outcome of {@link projectRebalance}. */
export interface Projection {
  /** One entry per cycle. */
  cycles: ProjectedCycle[]
  /** The controller state after the last cycle. */
  state: RebalanceState
  /** Max |drift| before the first cycle, percentage points. */
  initialMaxAbsDriftPp: Dec
}

const Options = z.strictObject({
  cycles: z.number().int('must be an integer').min(0, 'must be ≥ 0'),
  slippageBps: z
    .number()
    .int('must be an integer')
    .min(0, 'must be in 0..=10000')
    .max(10000, 'must be in 0..=10000'),
  periodSeconds: z.number().int('must be an integer').positive('must be > 0'),
  start: z.number().int('must be an integer').min(0, 'must be ≥ 0').max(Number.MAX_SAFE_INTEGER),
  pricesLength: z.number(),
  baseMinValue: z.bigint().nonnegative('must be ≥ 0'),
})

/** Target weights aimed for at these values and prices (user weights when the total is 0). */
function aimedWeights(
  config: RebalancerConfig,
  values: Record<Denom, Dec>,
  prices: PriceMap,
  total: Dec,
): Dec[] {
  return total.isPositive()
    ? overrideWeights(config, values, prices, total)
    : config.targets.map((t) => bpsToWeight(t.bps))
}

/** Valuation, weights, aimed weights and max |drift| of a portfolio. @internal */
export function snapshot(
  config: RebalancerConfig,
  balances: Readonly<Record<Denom, bigint>>,
  prices: PriceMap,
) {
  const { values, total } = valuePortfolio(config, balances, prices)
  const weights = currentWeights(values, total)
  const aimed = aimedWeights(config, values, prices, total)
  const targetWeights: Record<Denom, Dec> = {}
  let maxAbsDriftPp = Dec.ZERO
  config.targets.forEach((t, k) => {
    targetWeights[t.denom] = aimed[k]!
    maxAbsDriftPp = Dec.max(maxAbsDriftPp, drift(weights[t.denom]!, aimed[k]!).driftPp.abs())
  })
  return { values, total, weights, targetWeights, maxAbsDriftPp }
}

/**
 * Simulates `cycles` cycles of the Portfolio Computer for one account (portfolio-computer.md
 * steps 1–8) at given prices: each cycle runs the trigger (if any) and `computeRebalance` at that
 * cycle's prices and time, then settles every trade at the same prices less `slippageBps`
 * (sell `amount` of A, receive `floor(amount / price(A) × price(B) × (1 − slippage))` of B), and
 * records balances, values, weights and trades after settlement. The controller state carries
 * from cycle to cycle as on chain. A computation that pauses the account (step 2) pauses it for the
 * rest of the projection (on chain it waits for a resume).
 *
 * Pure and deterministic; the inputs are not mutated.
 *
 * @throws InvalidConfigError for an invalid configuration.
 * @throws InvalidInputError naming the field for bad options (`cycles`, `slippageBps`,
 *   `periodSeconds`, `start`, a price series shorter than `cycles`) or an invalid trigger.
 * @throws CoreError as `computeRebalance` for bad prices, balances or minimums.
 */
export function projectRebalance(input: ProjectionInput): Projection {
  const { config } = input
  assertValidConfig(config)
  const series = isSeries(input.prices) ? input.prices : null
  const period = input.periodSeconds ?? 86_400
  const state0 = input.state ?? { lastRebalance: null, targets: {} }
  const opts = parseInput(
    Options.refine((o) => o.pricesLength < 0 || o.pricesLength >= Math.max(o.cycles, 1), {
      path: ['prices'],
      message: `must have a price map for every cycle (at least ${Math.max(input.cycles, 1)}), got ${series?.length}`,
    }),
    {
      cycles: input.cycles,
      slippageBps: input.slippageBps ?? 0,
      periodSeconds: period,
      start: input.start ?? (state0.lastRebalance === null ? 0 : state0.lastRebalance + period),
      pricesLength: series ? series.length : -1,
      baseMinValue: input.baseMinValue ?? 0n,
    },
    'projection input',
  )
  const trigger = input.trigger === undefined ? null : parseTrigger(input.trigger)
  const keep = Dec.ONE.sub(bpsToWeight(opts.slippageBps))
  const history: Record<Denom, Dec[]> = {}
  for (const [d, ps] of Object.entries(input.priceHistory ?? {})) history[d] = [...ps]

  const balances: Record<Denom, bigint> = { ...input.balances }
  for (const t of config.targets) balances[t.denom] ??= 0n
  const first = snapshot(config, balances, series ? series[0]! : (input.prices as PriceMap))
  let state = state0
  let paused: PauseReason | undefined
  const out: ProjectedCycle[] = []

  for (let k = 0; k < opts.cycles; k++) {
    const prices = series ? series[k]! : (input.prices as PriceMap)
    const now = opts.start + k * period
    if (trigger?.kind === 'volatility') {
      for (const t of config.targets) {
        if (t.denom === config.baseDenom) continue
        const list = history[t.denom] ?? []
        list.push(priceOf(config.baseDenom, prices, t.denom))
        history[t.denom] = list
      }
    }
    let decision: TriggerDecision | undefined
    let ran = false
    let trades: Trade[] = []
    let fills: ProjectedFill[] = []
    let soldValue = Dec.ZERO
    let tradedValue = Dec.ZERO
    let totalValueBefore: Dec
    if (paused === undefined) {
      const ctx = { config, state, balances, prices, periodSeconds: period, now, priceHistory: history }
      decision = trigger ? evaluateParsed(trigger, ctx) : undefined
      if (decision === undefined || decision.run) {
        const { result, match } = computeDetailed({
          ...ctx,
          auctionMinimums: input.auctionMinimums ?? {},
          baseMinValue: opts.baseMinValue,
        })
        totalValueBefore = result.totalValue
        if (result.pause) paused = result.pause.reason
        else if (!result.skipped && match) {
          ran = true
          state = result.state
          trades = result.trades
          fills = match.trades.map((t) => {
            const [sell, buy] = t.pair
            const value = Dec.fromInt(t.amount).div(priceOf(config.baseDenom, prices, sell))
            const bought = value
              .mul(priceOf(config.baseDenom, prices, buy))
              .mul(keep)
              .floor()
            balances[sell] = balances[sell]! - t.amount
            balances[buy] = (balances[buy] ?? 0n) + bought
            soldValue = soldValue.add(value)
            tradedValue = tradedValue.add(t.value)
            return { pair: t.pair, sold: t.amount, bought }
          })
        }
      } else {
        totalValueBefore = valuePortfolio(config, balances, prices).total
      }
    } else {
      totalValueBefore = valuePortfolio(config, balances, prices).total
    }
    const after = snapshot(config, balances, prices)
    out.push({
      cycle: k + 1,
      time: now,
      prices,
      ran,
      ...(decision ? { trigger: decision } : {}),
      ...(paused ? { pause: paused } : {}),
      trades,
      fills,
      soldValue,
      tradedValue,
      totalValueBefore,
      balances: { ...balances },
      values: after.values,
      totalValue: after.total,
      weights: after.weights,
      targetWeights: after.targetWeights,
      maxAbsDriftPp: after.maxAbsDriftPp,
    })
  }
  return { cycles: out, state, initialMaxAbsDriftPp: first.maxAbsDriftPp }
}

function isSeries(p: PriceMap | readonly PriceMap[]): p is readonly PriceMap[] {
  return Array.isArray(p)
}
