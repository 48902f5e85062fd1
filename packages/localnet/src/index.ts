export { LocalnetClient } from './client.js'
export { CODES, type CodeName } from './contracts/index.js'
export { auctionToWire } from './contracts/auction.js'
export { createAccount, type DeployOptions, type Deployment, deployRebalancer } from './deploy.js'
export {
  classicAddress,
  type InstantiateOptions,
  Localnet,
  type LocalnetOptions,
  type LocalnetSnapshot,
  TxError,
  type TxResult,
} from './localnet.js'
export { ContractError, fromTimestamp, toTimestamp } from './runtime.js'
