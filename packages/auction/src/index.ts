/**
 * `@rebalancer/auction`: the Dutch auction engine kernel and the price oracle of the Rebalancer
 * (docs/auction.md). Pure functions over small immutable values: no I/O, no clock, no
 * randomness; the current block comes in as an argument. {@link PairAuction} is a stateful
 * wrapper over the kernel for simulations, tests and the demo.
 */
export {
  type AuctionConfig,
  type AuctionStrategy,
  type ChainHaltConfig,
  DEFAULT_CHAIN_HALT,
  DEFAULT_FRESHNESS,
  LINEAR,
  type PriceCurve,
  type PriceFreshnessStrategy,
  validateAuctionConfig,
  validateCurve,
  validateStrategy,
} from './config.js'
export { AuctionError, type AuctionErrorCode, OracleError, type OracleErrorCode } from './errors.js'
export {
  type BidResult,
  canFinish,
  chainHalted,
  type FinishResult,
  finishBatch,
  type OpenAuctionArgs,
  type OpenAuctionResult,
  openAuction,
  placeBid,
  sellerPayout,
} from './kernel.js'
export {
  assertManualPriceAllowed,
  DEFAULT_ORACLE_CONFIG,
  type OracleConfig,
  oraclePrice,
  PRICE_HISTORY_LENGTH,
  type PricePoint,
  pushPriceHistory,
} from './oracle.js'
export {
  type AuctionReport,
  type BidRecord,
  PairAuction,
  type PairFinishResult,
  type PairOpenResult,
} from './pair-auction.js'
export { auctionPrices, firstBlockAtOrBelow, freshnessMultiplier, priceAgeDays, priceAt } from './pricing.js'
export type { AuctionInfo, AuctionStatus, OraclePrice, Payout, PriceWindow } from './state.js'
