export { ConfigError, loadScenario, type ScenarioOverrides } from './config.js'
export { type StartOptions, start } from './start.js'
