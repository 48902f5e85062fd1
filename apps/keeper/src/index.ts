export { ConfigError, loadScenario, type ScenarioOverrides } from './config.js'
export { start, type StartOptions } from './start.js'
