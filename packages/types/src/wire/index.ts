/**
 * The on-chain wire format (wire-formats.md): zod schemas of every contract message, serde-style
 * decoding, and conversion to the domain types.
 */
export * from './account.js'
export * from './answers.js'
export * from './auction.js'
export * from './auctions-manager.js'
export * from './coins.js'
export * from './common.js'
export * from './convert.js'
export * from './cosmos-msg.js'
export * from './enum.js'
export * from './events.js'
export * from './oracle.js'
export * from './parse.js'
export * from './primitives.js'
export * from './rebalancer.js'
export * from './services-manager.js'
export * from './time.js'
export * from './trigger.js'
