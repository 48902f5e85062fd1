/**
 * `@rebalancer/core`: the Portfolio Computer (portfolio-computer.md steps 1–8). Pure functions
 * over `bigint` amounts and `Dec` decimals: no I/O, no clock, no randomness.
 *
 * @packageDocumentation
 */
export {
  type ComputeInput,
  type ComputeResult,
  computeRebalance,
  maxSellValue,
  type TargetReport,
} from './compute.js'
export { auctionMinValue, type MatchedTrade, type MatchLeg, type MatchResult, matchTrades } from './match.js'
export { bpsToWeight, overrideWeights } from './override.js'
export { computeDt, MAX_DT, type PidStepInput, type PidStepResult, pidStep } from './pid.js'
export {
  assertValidConfig,
  InvalidConfigError,
  type ValidateConfigOptions,
  validateConfig,
} from './validate.js'
export { currentWeights, priceOf, type Valuation, valuePortfolio } from './valuation.js'
