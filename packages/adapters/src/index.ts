/**
 * `@rebalancer/adapters`: the messages a DAO DAO-style UI builds and the keeper sends
 * (wire-formats.md), in both `CosmosMsg` JSON and cosmjs `EncodeObject` form; the cross-chain
 * wrappers (Polytone, ICS-27, Neutron ICA, DAO DAO) and their decoders; typed queries; the
 * keeper's cycle over the chain port. JSON only: the protobuf (cosmjs) parts — `EncodeObject`s,
 * the registry, the signing client, the ICA wrappers — are in `@rebalancer/adapters/cosmjs`.
 */

// the update semantics live in core (one implementation; it validates as register does)
export { applyConfigUpdate } from '@rebalancer/core'
export * from './builders/account.js'
export * from './builders/auction.js'
export * from './builders/auctions-manager.js'
export * from './builders/oracle.js'
export * from './builders/rebalancer.js'
export * from './builders/services-manager.js'
export * from './coins.js'
export * from './config-update.js'
export * from './journal.js'
export * from './json-schemas.js'
export * from './msg.js'
export * from './networks.js'
export * from './proposals.js'
export * from './queries.js'
export * from './rebalancer-client.js'
export * from './type-urls.js'
export * from './wrappers/dao.js'
export * from './wrappers/polytone.js'
