/**
 * `@rebalancer/core`: the Portfolio Computer (portfolio-computer.md steps 1–8) and what treasury
 * managers build on it: validation, the cycle status machine, triggers, one-time orders, drift
 * explanations, projections and parameter suggestions. Pure functions over `bigint` amounts and
 * `Dec` decimals: no I/O, no clock, no randomness.
 *
 * @packageDocumentation
 */

export { type AccountCycle, type AccountCycleInput, accountCycle } from './account-cycle.js'
export {
  type ComputeInput,
  type ComputeRebalanceParameters,
  type ComputeRebalanceReturnType,
  type ComputeResult,
  computeRebalance,
  maxSellValue,
  type RebalanceEvent,
  rebalanceEvent,
  type TargetReport,
} from './compute.js'
export {
  type AccountPrices,
  type CycleStatus,
  type CycleStep,
  cycleStatusAfter,
  isPriceFresh,
  nextCycleStep,
  type PriceSnapshot,
  pricesForAccount,
  startOfCycle,
  type TimedPrice,
} from './cycle.js'
export { CORE_ERROR_CODES, CoreError, type CoreErrorCode } from './errors.js'
export {
  type Drift,
  drift,
  type Explanation,
  explainRebalance,
  type TargetExplanation,
  type TradeLimit,
  type TradeReason,
} from './explain.js'
export { auctionMinValue, type MatchedTrade, type MatchLeg, type MatchResult, matchTrades } from './match.js'
export {
  type CycleOrdersInput,
  InvalidOrderError,
  type OneTimeOrder,
  type OneTimeOrderInput,
  OneTimeOrderSchema,
  type OrderPlanInput,
  type OrderSize,
  orderFromWire,
  type PlannedOrder,
  planCycleOrders,
  planOneTimeOrders,
} from './order.js'
export { bpsToWeight, overrideWeights } from './override.js'
export { computeDt, MAX_DT, type PidStepInput, type PidStepResult, pidStep } from './pid.js'
export {
  type PriceMap,
  type ProjectedCycle,
  type ProjectedFill,
  type Projection,
  type ProjectionInput,
  projectRebalance,
} from './project.js'
export {
  AmountLike,
  configFromWire,
  configToWire,
  DecLike,
  DecSchema,
  InvalidInputError,
  parseConfig,
  RebalancerConfigInput,
  rebalancerConfigSchema,
  safeParseConfig,
  zodProblems,
} from './schema.js'
export { type ParameterWish, type SuggestInput, type Suggestion, suggestParameters } from './suggest.js'
export {
  evaluateTrigger,
  InvalidTriggerError,
  parseTrigger,
  portfolioVolatility,
  realisedVolatility,
  rebalanceIfTriggered,
  type Tolerance,
  type ToleranceBound,
  type Trigger,
  type TriggerContext,
  type TriggerCycle,
  type TriggerCycleInput,
  type TriggerDecision,
  type TriggeredRebalance,
  type TriggerInput,
  type TriggerPriceHistory,
  TriggerSchema,
  toleranceFromWire,
  triggerCycle,
  triggerFromWire,
} from './trigger.js'
export { applyConfigUpdate, diffConfig, isEmptyUpdate, stateForConfig } from './update.js'
export {
  assertValidConfig,
  type ConfigProblem,
  type ConfigWhitelists,
  configProblems,
  cyclePeriodProblem,
  fieldName,
  InvalidConfigError,
  MAX_TIMESTAMP_SECONDS,
  updateProblems,
  validateConfig,
} from './validate.js'
export { currentWeights, priceOf, type Valuation, valuePortfolio } from './valuation.js'
