export * from './chain.js'
export * from './dec.js'
export * from './domain.js'
