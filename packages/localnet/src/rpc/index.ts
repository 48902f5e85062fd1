/**
 * `@rebalancer/localnet/rpc` (Node only): a {@link Localnet} served as a CometBFT JSON-RPC
 * endpoint over HTTP, so cosmjs's signing client, the keeper's real-chain mode and other scripts
 * talk to it as to a chain. The package root stays browser-safe and loads none of this.
 */
export {
  ABCI_CODES,
  type AbciResult,
  type AuthAccount,
  type BlockRecord,
  ChainApp,
  type ChainAppOptions,
  type IndexedTx,
} from './app.js'
export { type Clock, type ClockOptions, randomMnemonic, startClock } from './clock.js'
export { COMET_VERSION, type RpcServer, type RpcServerOptions, startRpcServer } from './server.js'
