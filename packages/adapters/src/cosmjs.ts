/**
 * `@rebalancer/adapters/cosmjs`: everything of the adapters that needs cosmjs's protobuf code —
 * the `EncodeObject` form of the messages ({@link toEncodeObject}), the protobuf registry, the
 * signing client, account creation (its two `EncodeObject`s), the ICS-27 and Neutron ICA wrappers,
 * the review decoder that opens them, and the live price references of issue #11 (Connect's
 * `x/oracle`, Astroport pools). The package root (`@rebalancer/adapters`) holds the JSON
 * builders, wrappers and queries and loads none of it (README, "Entry points and budgets").
 */

export * from './chain.js'
export * from './create-account.js'
export * from './encode.js'
export * from './reader.js'
export * from './references/astroport.js'
export * from './references/connect-oracle.js'
export * from './registry.js'
export * from './treasury-proposal.js'
export * from './wrappers/ica.js'
export * from './wrappers/review.js'
