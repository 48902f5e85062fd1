import { type Deployment, type DeployOptions, deployRebalancer } from './deploy.js'
import { Localnet, type LocalnetOptions } from './localnet.js'

/** One whole token of a 6-decimal denom, in base units. */
const TOKEN = 1_000_000n

/** Options of {@link exampleDeployment}; every field has a default. */
export interface ExampleDeploymentOptions {
  /** Unix seconds of the first cycle; default 2024-01-01T00:00:00Z. The chain starts 60 s earlier. */
  cycleStart?: number
  /** The oracle's fallback price source; default none. */
  priceSource?: LocalnetOptions['priceSource']
  /** Registration and resume fees; default none. */
  fees?: DeployOptions['fees']
  /** Prices set with `manual_price_update` after deployment; default none. */
  initialPrices?: DeployOptions['initialPrices']
  /** The oracle's windows and (correction 11) mode; default the deployed oracle. */
  oracle?: DeployOptions['oracle']
  /** Every auction's containment (correction 12); default none, as deployed. */
  containment?: DeployOptions['containment']
  /** Every auction's price curve (correction 12); default the deployed linear curve. */
  priceCurve?: DeployOptions['priceCurve']
}

/** What {@link exampleDeployment} sets up. */
export interface ExampleDeployment {
  net: Localnet
  d: Deployment
  /** Admin of every contract. */
  admin: string
  /** The auctions manager's server: the address that opens auctions. */
  keeper: string
}

/**
 * A fresh localnet with the Rebalancer deployed on two 6-decimal denoms, `uatom` and `untrn`
 * (two pair auctions): base denom `uatom` with a minimum account value of 10 ATOM, deposits of
 * at least 1 token and opening lots of at least 10 tokens. For tests, examples and trying
 * messages before a real chain.
 */
export function exampleDeployment(options: ExampleDeploymentOptions = {}): ExampleDeployment {
  const cycleStart = options.cycleStart ?? Date.UTC(2024, 0, 1) / 1000
  const net = new Localnet({ startTime: cycleStart - 60, priceSource: options.priceSource })
  const admin = net.makeAddress('admin')
  const keeper = net.makeAddress('keeper')
  const min = { send: TOKEN, startAuction: 10n * TOKEN }
  const d = deployRebalancer(net, {
    admin,
    server: keeper,
    denoms: ['uatom', 'untrn'],
    baseDenoms: [{ denom: 'uatom', minBalanceLimit: 10n * TOKEN }],
    minAmounts: { uatom: min, untrn: min },
    cycleStart,
    fees: options.fees,
    initialPrices: options.initialPrices,
    ...(options.oracle === undefined ? {} : { oracle: options.oracle }),
    ...(options.containment === undefined ? {} : { containment: options.containment }),
    ...(options.priceCurve === undefined ? {} : { priceCurve: options.priceCurve }),
  })
  return { net, d, admin, keeper }
}
