export {
  type ChainOptions,
  dryRun,
  isNetworkConfigFile,
  keeperLogger,
  logTickEvents,
  networkFrom,
  readConfigFile,
  readMnemonic,
  startChain,
} from './chain.js'
export { type CompareOptions, compare } from './compare.js'
export { ConfigError, loadScenario, type ScenarioOverrides, wholeNumberOption } from './config.js'
export {
  ChainError,
  checkServer,
  feeDenom,
  type KeeperLoopOptions,
  readGasBalance,
  runKeeperLoop,
  StopSignal,
  stopOnSignals,
} from './loop.js'
export {
  executionVsMarketBps,
  type Health,
  KeeperMetrics,
  type KeeperMetricsOptions,
  METRIC_PREFIX,
  type MetricsServer,
  serveMetrics,
} from './metrics.js'
export { OutputClosedError, type StartOptions, start } from './start.js'
export { type SuggestOptions, suggest } from './suggest.js'
