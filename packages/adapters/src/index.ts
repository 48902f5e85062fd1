export * from './rebalancer-client.js'
