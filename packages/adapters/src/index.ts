/**
 * `@rebalancer/adapters`: the messages a DAO DAO-style UI builds and the keeper sends
 * (wire-formats.md), in both `CosmosMsg` JSON and cosmjs `EncodeObject` form; the cross-chain
 * wrappers (Polytone, ICS-27, Neutron ICA, DAO DAO) and their decoders; typed queries; the
 * keeper's cycle over the chain port; real-chain connection helpers.
 */

// the update semantics live in core (one implementation; it validates as register does)
export { applyConfigUpdate } from '@rebalancer/core'
export * from './builders/account.js'
export * from './builders/auction.js'
export * from './builders/auctions-manager.js'
export * from './builders/oracle.js'
export * from './builders/rebalancer.js'
export * from './builders/services-manager.js'
export * from './chain.js'
export * from './coins.js'
export * from './config-update.js'
export * from './create-account.js'
export * from './json-schemas.js'
export * from './msg.js'
export * from './networks.js'
export * from './queries.js'
export * from './reader.js'
export * from './rebalancer-client.js'
export * from './registry.js'
export * from './wrappers/dao.js'
export * from './wrappers/ica.js'
export * from './wrappers/polytone.js'
export * from './wrappers/review.js'
