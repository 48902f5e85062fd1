import type {
  Dec,
  JsonValue,
  MinAmount,
  OracleModeWire,
  Pair,
  PriceCurveWire,
  RebalancerConfig,
  TriggerWire,
} from '@rebalancer/types'
import { configToRebalancerData, encodeServiceData, pairKey } from '@rebalancer/types'
import { LocalnetError } from './errors.js'
import type { Localnet } from './localnet.js'
import { toTimestamp } from './runtime.js'

/**
 * The options of {@link deployRebalancer}: what it sets up. Amounts in base units, times in unix
 * seconds.
 * @example
 * ```ts
 * const parameters: DeployRebalancerParameters = {
 *   admin, // every contract's admin
 *   server: keeper, // opens auctions
 *   denoms: ['uatom', 'untrn'],
 *   baseDenoms: [{ denom: 'untrn', minBalanceLimit: 0n }],
 *   minAmounts: {
 *     uatom: { send: 1_000_000n, startAuction: 10_000_000n },
 *     untrn: { send: 1_000_000n, startAuction: 10_000_000n },
 *   },
 * }
 * const deployment = deployRebalancer(new Localnet(), parameters)
 * ```
 */
export interface DeployRebalancerParameters {
  /** Admin of every contract. */
  admin: string
  /** The auctions manager's server address: the keeper that opens auctions. */
  server: string
  /** Tradable denoms; one auction is created for every ordered pair of them. */
  denoms: readonly string[]
  /** Base denoms with the minimum account value (base units) of each. */
  baseDenoms: readonly { denom: string; minBalanceLimit: bigint }[]
  /** Minimum deposit and opening lot per denom. */
  minAmounts: Readonly<Record<string, MinAmount>>
  /** Default 2000 / 2000 bps. */
  auctionStrategy?: { startPriceBps: number; endPriceBps: number }
  /** Seconds; default 86400. */
  cyclePeriod?: number
  /** First cycle's start; default the current block time. */
  cycleStart?: number
  /** Registration and resume fees; default none (0). */
  fees?: { denom: string; register: bigint; resume: bigint }
  /**
   * Oracle windows (seconds; defaults 172800 manual, 259200 auction prices fresh), and (ours,
   * correction 11) the price mode and the `anchored` band in bps; no mode = the deployed `mean`.
   */
  oracle?: {
    secondsAllowManualChange?: number
    secondsAuctionPricesFresh?: number
    mode?: OracleModeWire
    anchorBandBps?: number
  }
  /** Ours (correction 12): every auction's price curve; absent = the deployed linear curve. */
  priceCurve?: PriceCurveWire
  /**
   * Ours (correction 12): containment of every opening against the localnet's price source
   * (bps of premium over it; `re_anchor` or `refuse`); absent = none, as deployed.
   */
  containment?: { minPremiumBps: number; action: 're_anchor' | 'refuse'; maxDiscountBps?: number }
  /** Prices set with `manual_price_update` after deployment. */
  initialPrices?: readonly { pair: Pair; price: Dec }[]
}

/** The former name of {@link DeployRebalancerParameters} (kept: no breaking rename). */
export type DeployOptions = DeployRebalancerParameters

/** Addresses and code ids of a deployment. */
export interface Deployment {
  codeIds: {
    account: number
    servicesManager: number
    rebalancer: number
    auctionsManager: number
    auction: number
    oracle: number
  }
  servicesManager: string
  auctionsManager: string
  rebalancer: string
  oracle: string
  /** Auction address by pair key (`"a|b"`). */
  auctions: Record<string, string>
  admin: string
  server: string
}

/**
 * What {@link deployRebalancer} returns: the {@link Deployment} (addresses and code ids).
 * @example
 * ```ts
 * const { rebalancer, auctions }: DeployRebalancerReturnType = deployRebalancer(net, parameters)
 * net.execute(keeper, rebalancer, { system_rebalance: { limit: null } })
 * auctions['uatom|untrn'] // the ATOM→NTRN auction
 * ```
 */
export type DeployRebalancerReturnType = Deployment

/**
 * Deploys the six contracts in the order of wire-formats.md ("Instantiation and
 * administration"), with wire-format messages only: services manager, auctions manager,
 * oracle, one auction per ordered pair, rebalancer, the service registration, and any initial
 * manual prices.
 */
export function deployRebalancer(
  net: Localnet,
  options: DeployRebalancerParameters,
): DeployRebalancerReturnType {
  const codeIds = {
    account: net.storeCode('valence-account'),
    servicesManager: net.storeCode('services-manager'),
    rebalancer: net.storeCode('rebalancer'),
    auctionsManager: net.storeCode('auctions-manager'),
    auction: net.storeCode('auction'),
    oracle: net.storeCode('price-oracle'),
  }
  const servicesManager = net.instantiate(
    options.admin,
    codeIds.servicesManager,
    { whitelisted_code_ids: [codeIds.account] },
    { label: 'services manager' },
  )
  const minAmount = (denom: string): JsonValue => {
    const m = options.minAmounts[denom]
    if (!m) {
      throw new LocalnetError(
        'missing_min_amount',
        `deployRebalancer: minAmounts has no entry for ${denom}`,
        {
          path: ['minAmounts', denom],
        },
      )
    }
    return { send: m.send.toString(), start_auction: m.startAuction.toString() }
  }
  const auctionsManager = net.instantiate(
    options.admin,
    codeIds.auctionsManager,
    {
      auction_code_id: codeIds.auction,
      min_auction_amount: options.denoms.map((d) => [d, minAmount(d)]),
      server_addr: options.server,
    },
    { label: 'auctions manager' },
  )
  const oracle = net.instantiate(
    options.admin,
    codeIds.oracle,
    {
      auctions_manager_addr: auctionsManager,
      seconds_allow_manual_change: options.oracle?.secondsAllowManualChange ?? 172800,
      seconds_auction_prices_fresh: options.oracle?.secondsAuctionPricesFresh ?? 259200,
      ...(options.oracle?.mode === undefined ? {} : { mode: options.oracle.mode }),
      ...(options.oracle?.anchorBandBps === undefined
        ? {}
        : { anchor_band_bps: options.oracle.anchorBandBps }),
    },
    { label: 'price oracle' },
  )
  net.execute(options.admin, auctionsManager, { admin: { update_oracle: { oracle_addr: oracle } } })
  const strategy = options.auctionStrategy ?? { startPriceBps: 2000, endPriceBps: 2000 }
  const auctions: Record<string, string> = {}
  for (const a of options.denoms) {
    for (const b of options.denoms) {
      if (a === b) continue
      net.execute(options.admin, auctionsManager, {
        admin: {
          new_auction: {
            msg: {
              pair: [a, b],
              auction_strategy: {
                start_price_perc: strategy.startPriceBps,
                end_price_perc: strategy.endPriceBps,
              },
              chain_halt_config: { cap: '14400', block_avg: String(net.blockTimeSeconds) },
              price_freshness_strategy: {
                limit: '3',
                multipliers: [
                  ['2', '2'],
                  ['1', '1.5'],
                ],
              },
              ...(options.priceCurve === undefined ? {} : { price_curve: options.priceCurve }),
              ...(options.containment === undefined
                ? {}
                : {
                    containment: {
                      min_premium_bps: options.containment.minPremiumBps,
                      action: options.containment.action,
                      ...(options.containment.maxDiscountBps === undefined
                        ? {}
                        : { max_discount_bps: options.containment.maxDiscountBps }),
                    },
                  }),
            },
            label: `auction ${a}-${b}`,
            min_amount: minAmount(a),
          },
        },
      })
      auctions[pairKey([a, b])] = net.query<string>(auctionsManager, { get_pair_addr: { pair: [a, b] } })
    }
  }
  const fees = options.fees ?? {
    denom: options.baseDenoms[0]?.denom ?? options.denoms[0]!,
    register: 0n,
    resume: 0n,
  }
  const rebalancer = net.instantiate(
    options.admin,
    codeIds.rebalancer,
    {
      denom_whitelist: [...options.denoms],
      base_denom_whitelist: options.baseDenoms.map((b) => ({
        denom: b.denom,
        min_balance_limit: b.minBalanceLimit.toString(),
      })),
      services_manager_addr: servicesManager,
      cycle_start: toTimestamp(options.cycleStart ?? net.time),
      auctions_manager_addr: auctionsManager,
      cycle_period: options.cyclePeriod ?? 86400,
      fees: { denom: fees.denom, register_fee: fees.register.toString(), resume_fee: fees.resume.toString() },
    },
    { label: 'rebalancer' },
  )
  net.execute(options.admin, servicesManager, {
    admin: { add_service: { name: 'rebalancer', addr: rebalancer } },
  })
  for (const p of options.initialPrices ?? []) {
    net.execute(options.admin, oracle, {
      manual_price_update: { pair: [p.pair[0], p.pair[1]], price: p.price.toString() },
    })
  }
  return {
    codeIds,
    servicesManager,
    auctionsManager,
    rebalancer,
    oracle,
    auctions,
    admin: options.admin,
    server: options.server,
  }
}

/**
 * The options of {@link createAccount}.
 * @example
 * ```ts
 * const options: CreateAccountParameters = {
 *   label: 'treasury', // salt "valence:treasury"
 *   funds: [{ denom: 'uatom', amount: 1_000_000_000n }], // moved from the owner's balance
 * }
 * const account = createAccount(net, deployment, owner, config, options)
 * ```
 */
export interface CreateAccountParameters {
  /**
   * The account's contract label (default `valence account`); its instantiate2 salt is
   * `"valence:" + label` (default `valence:account`), so one owner's labels must differ.
   */
  label?: string
  /** Coins moved from the owner to the new account, base units (zero amounts are dropped). */
  funds?: readonly { denom: string; amount: bigint }[]
  /**
   * Ours (portfolio-computer.md correction 13): the account's trigger, registered with its data;
   * absent = a computation every cycle, as deployed.
   */
  trigger?: TriggerWire
}

/** What {@link createAccount} returns: the new account's address (bech32). */
export type CreateAccountReturnType = string

/**
 * Creates a treasury account owned by `owner` and registers it to the rebalancer with `config`,
 * in ONE transaction, as the real flow does (a DAO proposal or a wallet sends
 * `MsgInstantiateContract2` and the account's `register_to_service` together): the account is
 * instantiated with `instantiate2` (salt `"valence:"` plus the label), funded from the owner's
 * balance, and registered, paying any registration fee from its new balance. When any part is
 * refused nothing remains: no account, no moved funds. Returns the account address.
 * @throws TxError (message index 0: the instantiation, 1: the registration).
 */
export function createAccount(
  net: Localnet,
  deployment: Deployment,
  owner: string,
  config: RebalancerConfig,
  options: CreateAccountParameters = {},
): CreateAccountReturnType {
  const funds = [...(options.funds ?? [])]
    .filter((c) => c.amount > 0n)
    .sort((a, b) => (a.denom < b.denom ? -1 : a.denom > b.denom ? 1 : 0))
    .map((c) => ({ denom: c.denom, amount: c.amount.toString() }))
  const salt = `valence:${options.label ?? 'account'}`
  const account = net.predictAddress2(owner, deployment.codeIds.account, salt)
  net.broadcast(owner, [
    {
      type: 'instantiate2',
      codeId: deployment.codeIds.account,
      salt,
      msg: { services_manager: deployment.servicesManager, referral: null },
      options: { label: options.label ?? 'valence account', funds },
    },
    {
      type: 'execute',
      contract: account,
      msg: {
        register_to_service: {
          service_name: 'rebalancer',
          data: encodeServiceData(
            options.trigger === undefined
              ? configToRebalancerData(config)
              : { ...configToRebalancerData(config), trigger: options.trigger },
          ),
        },
      },
    },
  ])
  return account
}
