/**
 * `@rebalancer/auction`: the Dutch auction engine kernel and the price oracle of the Rebalancer
 * (docs/auction.md). Pure functions over small immutable values: no I/O, no clock, no
 * randomness; the current block comes in as an argument. {@link PairAuction} is a stateful
 * wrapper over the kernel for one pair, {@link AuctionBook} many pairs fed by many portfolios,
 * {@link PriceOracle} the oracle of many pairs; all for simulations, tests and the demo.
 */
export {
  AuctionBook,
  type AuctionBookOptions,
  type BookOpenOutcome,
  type PortfolioTrades,
  type SellerStatement,
} from './book.js'
export {
  type AuctionConfig,
  type AuctionStrategy,
  type ChainHaltConfig,
  type ContainmentConfig,
  createAuctionConfig,
  curveFromWire,
  DEFAULT_CHAIN_HALT,
  DEFAULT_FRESHNESS,
  LINEAR,
  type PriceCurve,
  type PriceFreshnessStrategy,
  type Settlement,
  updateChainHaltConfig,
  updatePriceFreshnessStrategy,
  updateStrategy,
  validateAuctionConfig,
  validateContainment,
  validateCurve,
  validateStrategy,
} from './config.js'
export { AuctionEngine, type AuctionEngineParameters } from './engine.js'
export {
  AUCTION_ERROR_CODES,
  AuctionError,
  type AuctionErrorCode,
  type AuctionErrorDetails,
  type AuctionErrorOptions,
  isAuctionError,
  ORACLE_ERROR_CODES,
  type OracleErrorCode,
} from './errors.js'
export {
  assertCanClean,
  assertDeposit,
  assertNotPaused,
  assertServer,
  assertWithdrawal,
  type BidResult,
  bidPriceAt,
  canFinish,
  chainHalted,
  type FinishResult,
  finishBatch,
  liveReserve,
  type OpenAuctionArgs,
  type OpenAuctionParameters,
  type OpenAuctionResult,
  type OpenAuctionReturnType,
  openAuction,
  placeBid,
  sellerPayout,
} from './kernel.js'
export {
  AUCTION_AGGREGATES,
  type AuctionAggregate,
  aggregatePrices,
  assertManualPriceAllowed,
  DEFAULT_ANCHOR_BAND_BPS,
  DEFAULT_ORACLE_CONFIG,
  type ExternalPriceSource,
  ORACLE_MODES,
  type OracleConfig,
  type OracleMode,
  oraclePrice,
  PRICE_HISTORY_LENGTH,
  type PriceAge,
  PriceOracle,
  type PricePoint,
  pushPriceHistory,
  type StoredOraclePrice,
} from './oracle.js'
export { PairAuction, type PairFinishResult, type PairOpenResult } from './pair-auction.js'
export {
  type AuctionCurve,
  auctionPrices,
  bpsDec,
  type Containment,
  type ContainmentAction,
  type ContainmentBreach,
  type ContainmentVerdict,
  containOpening,
  curveOf,
  firstBlockAtOrBelow,
  freshnessMultiplier,
  priceAgeDays,
  priceAt,
} from './pricing.js'
export {
  type AuctionReport,
  assertLedgerBalanced,
  assertReportBalanced,
  type BidRecord,
  type DepositRecord,
  type PairLedger,
  type SellerLine,
} from './report.js'
export type { AuctionInfo, AuctionStatus, OraclePrice, Payout, PriceWindow } from './state.js'
