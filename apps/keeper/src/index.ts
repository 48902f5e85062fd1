export {
  type ChainOptions,
  dryRun,
  isNetworkConfigFile,
  keeperLogger,
  networkFrom,
  readConfigFile,
  readMnemonic,
  startChain,
  type TickSummary,
  tick,
} from './chain.js'
export { ConfigError, loadScenario, type ScenarioOverrides } from './config.js'
export { OutputClosedError, type StartOptions, start } from './start.js'
