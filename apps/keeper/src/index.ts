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
export { OutputClosedError, type StartOptions, start } from './start.js'
export { type SuggestOptions, suggest } from './suggest.js'
