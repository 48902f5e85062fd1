import type { ContractCode } from '../runtime.js'
import { accountCode } from './account.js'
import { auctionCode } from './auction.js'
import { auctionsManagerCode } from './auctions-manager.js'
import { oracleCode } from './oracle.js'
import { rebalancerCode } from './rebalancer.js'
import { servicesManagerCode } from './services-manager.js'

/** The six contracts' code, by the name `Localnet.storeCode` takes. */
export const CODES = {
  'valence-account': accountCode,
  'services-manager': servicesManagerCode,
  rebalancer: rebalancerCode,
  'auctions-manager': auctionsManagerCode,
  auction: auctionCode,
  'price-oracle': oracleCode,
} satisfies Record<string, ContractCode>

/** A code name `Localnet.storeCode` accepts. */
export type CodeName = keyof typeof CODES
