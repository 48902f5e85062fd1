export { LocalnetClient } from './client.js'
export { auctionToWire } from './contracts/auction.js'
export { CODES, type CodeName } from './contracts/index.js'
export {
  type CreateAccountParameters,
  type CreateAccountReturnType,
  createAccount,
  type Deployment,
  type DeployOptions,
  type DeployRebalancerParameters,
  type DeployRebalancerReturnType,
  deployRebalancer,
} from './deploy.js'
export { LocalnetError, type LocalnetErrorCode } from './errors.js'
export { type ExampleDeployment, type ExampleDeploymentOptions, exampleDeployment } from './example.js'
export {
  type BroadcastResult,
  classicAddress,
  type InstantiateOptions,
  Localnet,
  type LocalnetOptions,
  type LocalnetSnapshot,
  TxError,
  type TxMsg,
  type TxResult,
} from './localnet.js'
export { ContractError, fromTimestamp, toTimestamp } from './runtime.js'
