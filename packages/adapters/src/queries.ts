/**
 * Typed queries (issue #6, item 5): every query message of wire-formats.md as a
 * {@link QuerySpec} (contract, message, answer schema), and {@link runQuery}, which sends it
 * through the chain port and validates the answer with zod.
 */
import type { ChainReader, JsonValue, Pair } from '@rebalancer/types'
import {
  AccountQueryMsg,
  AccountQueryResponses,
  Addr,
  AuctionQueryMsg,
  AuctionQueryResponses,
  AuctionsManagerQueryMsg,
  AuctionsManagerQueryResponses,
  OracleQueryMsg,
  OracleQueryResponses,
  parseWire,
  RebalancerQueryMsg,
  RebalancerQueryResponses,
  ServicesManagerQueryMsg,
  ServicesManagerQueryResponses,
} from '@rebalancer/types'
import type { z } from 'zod'
import { pairWire } from './builders/common.js'

/** A query ready to run: the contract, the wire message, and the schema its answer must match. */
export interface QuerySpec<R> {
  readonly contractAddress: string
  readonly msg: JsonValue
  /** The zod schema of the answer (from `@rebalancer/types`). */
  readonly response: z.ZodType<R>
  /** Names the query in errors. */
  readonly what: string
}

/** Builds a {@link QuerySpec} (the address is checked as bech32). @throws WireError */
export function querySpec<R>(
  contractAddress: string,
  msg: JsonValue,
  response: z.ZodType<R>,
  what: string,
): QuerySpec<R> {
  parseWire(Addr, contractAddress, `${what} contract address`)
  return { contractAddress, msg, response, what }
}

/**
 * Sends a query through the chain port and validates the answer.
 * @throws the chain's error; WireError (`get_config answer: unknown field …`) when the answer
 * does not match the schema.
 */
export async function runQuery<R>(
  chain: Pick<ChainReader, 'queryContractSmart'>,
  query: QuerySpec<R>,
): Promise<R> {
  const answer = await chain.queryContractSmart(query.contractAddress, query.msg)
  return parseWire(query.response, answer, `${query.what} answer`)
}

function checked<S extends z.ZodType>(schema: S, what: string, msg: z.input<S>): JsonValue {
  return parseWire(schema, msg, what) as JsonValue
}

const reb = (msg: z.input<typeof RebalancerQueryMsg>) =>
  checked(RebalancerQueryMsg, 'RebalancerQueryMsg', msg)
const sm = (msg: z.input<typeof ServicesManagerQueryMsg>) =>
  checked(ServicesManagerQueryMsg, 'ServicesManagerQueryMsg', msg)
const am = (msg: z.input<typeof AuctionsManagerQueryMsg>) =>
  checked(AuctionsManagerQueryMsg, 'AuctionsManagerQueryMsg', msg)
const au = (msg: z.input<typeof AuctionQueryMsg>) => checked(AuctionQueryMsg, 'AuctionQueryMsg', msg)
const or = (msg: z.input<typeof OracleQueryMsg>) => checked(OracleQueryMsg, 'OracleQueryMsg', msg)
const ac = (msg: z.input<typeof AccountQueryMsg>) => checked(AccountQueryMsg, 'AccountQueryMsg', msg)

/** The account's one query (the deployed contract's `QueryMsg`). */
export const accountQueries = {
  /** `"get_admin"` → the account's admin (its owner). */
  getAdmin: (account: string) =>
    querySpec(account, ac('get_admin'), AccountQueryResponses.get_admin, 'get_admin'),
} as const

/** The rebalancer's queries (wire-formats.md, "Rebalancer", queries). */
export const rebalancerQueries = {
  /** `{"get_config":{"addr":…}}` → the account's stored configuration. */
  getConfig: (rebalancer: string, account: string) =>
    querySpec(
      rebalancer,
      reb({ get_config: { addr: account } }),
      RebalancerQueryResponses.get_config,
      'get_config',
    ),
  /** `{"get_all_configs":{"start_after":…,"limit":…}}` → `[[account, config], …]` in address order. */
  getAllConfigs: (rebalancer: string, page: { startAfter?: string | null; limit?: number | null } = {}) =>
    querySpec(
      rebalancer,
      reb({ get_all_configs: { start_after: page.startAfter ?? null, limit: page.limit ?? null } }),
      RebalancerQueryResponses.get_all_configs,
      'get_all_configs',
    ),
  /** `{"get_paused_config":{"addr":…}}` → who paused, why, and the config. */
  getPausedConfig: (rebalancer: string, account: string) =>
    querySpec(
      rebalancer,
      reb({ get_paused_config: { addr: account } }),
      RebalancerQueryResponses.get_paused_config,
      'get_paused_config',
    ),
  /** `"get_system_status"` → `not_started` / `processing` / `finished` with times in ns. */
  getSystemStatus: (rebalancer: string) =>
    querySpec(
      rebalancer,
      reb('get_system_status'),
      RebalancerQueryResponses.get_system_status,
      'get_system_status',
    ),
  /** `"get_white_lists"` → the denom and base-denom whitelists. */
  getWhiteLists: (rebalancer: string) =>
    querySpec(
      rebalancer,
      reb('get_white_lists'),
      RebalancerQueryResponses.get_white_lists,
      'get_white_lists',
    ),
  /** `"get_managers_addrs"` → `{services, auctions}`. */
  getManagersAddrs: (rebalancer: string) =>
    querySpec(
      rebalancer,
      reb('get_managers_addrs'),
      RebalancerQueryResponses.get_managers_addrs,
      'get_managers_addrs',
    ),
  /**
   * `{"get_service_fee":{"account":…,"action":…}}` → `null` or the fee coin. `account` may be `""`
   * for `register` (the fee does not depend on it; DAO DAO asks so); `resume` needs the account.
   */
  getServiceFee: (rebalancer: string, account: string, action: 'register' | 'resume') =>
    querySpec(
      rebalancer,
      reb({ get_service_fee: { account, action } }),
      RebalancerQueryResponses.get_service_fee,
      'get_service_fee',
    ),
  /** `"get_admin"` → the rebalancer's admin. */
  getAdmin: (rebalancer: string) =>
    querySpec(rebalancer, reb('get_admin'), RebalancerQueryResponses.get_admin, 'get_admin'),
} as const

/** The services manager's queries (wire-formats.md, "Services manager"). */
export const servicesManagerQueries = {
  /** `{"get_service_addr":{"service":"rebalancer"}}` → the rebalancer's address. */
  getServiceAddr: (manager: string) =>
    querySpec(
      manager,
      sm({ get_service_addr: { service: 'rebalancer' } }),
      ServicesManagerQueryResponses.get_service_addr,
      'get_service_addr',
    ),
  /** `{"is_service":{"addr":…}}` → whether `addr` is a registered service. */
  isService: (manager: string, addr: string) =>
    querySpec(manager, sm({ is_service: { addr } }), ServicesManagerQueryResponses.is_service, 'is_service'),
  /**
   * `{"get_service_fee":{"account":…,"service":"rebalancer","action":…}}` → `null` or a coin.
   * `account` may be `""` for `register`, as DAO DAO asks.
   */
  getServiceFee: (manager: string, account: string, action: 'register' | 'resume') =>
    querySpec(
      manager,
      sm({ get_service_fee: { account, service: 'rebalancer', action } }),
      ServicesManagerQueryResponses.get_service_fee,
      'get_service_fee',
    ),
  /** `"get_admin"` → the services manager's admin. */
  getAdmin: (manager: string) =>
    querySpec(manager, sm('get_admin'), ServicesManagerQueryResponses.get_admin, 'get_admin'),
  /** `{"is_account_code_id":{"code_id":N}}` → whether accounts of that code id may use the services. */
  isAccountCodeId: (manager: string, codeId: number) =>
    querySpec(
      manager,
      sm({ is_account_code_id: { code_id: codeId } }),
      ServicesManagerQueryResponses.is_account_code_id,
      'is_account_code_id',
    ),
  /**
   * `{"get_all_services":{"start_from":…,"limit":…}}` → `[[name, addr], …]` by name, after
   * `startFrom` (exclusive), at most `limit` (default 50).
   */
  getAllServices: (manager: string, page: { startFrom?: string | null; limit?: number | null } = {}) =>
    querySpec(
      manager,
      sm({ get_all_services: { start_from: page.startFrom ?? null, limit: page.limit ?? null } }),
      ServicesManagerQueryResponses.get_all_services,
      'get_all_services',
    ),
  /** `{"get_rebalancer_config":{"account":…}}` → the account's rebalancer configuration. */
  getRebalancerConfig: (manager: string, account: string) =>
    querySpec(
      manager,
      sm({ get_rebalancer_config: { account } }),
      ServicesManagerQueryResponses.get_rebalancer_config,
      'get_rebalancer_config',
    ),
} as const

/** The auctions manager's queries (wire-formats.md, "manager queries"). */
export const auctionsManagerQueries = {
  /** `{"get_pairs":{"start_after":…,"limit":…}}` → `[[[a,b],"<auction>"], …]`. */
  getPairs: (manager: string, page: { startAfter?: Pair | null; limit?: number | null } = {}) =>
    querySpec(
      manager,
      am({
        get_pairs: {
          start_after: page.startAfter ? pairWire(page.startAfter) : null,
          limit: page.limit ?? null,
        },
      }),
      AuctionsManagerQueryResponses.get_pairs,
      'get_pairs',
    ),
  /** `{"get_pair_addr":{"pair":[a,b]}}` → the pair's auction address. */
  getPairAddr: (manager: string, pair: Pair) =>
    querySpec(
      manager,
      am({ get_pair_addr: { pair: pairWire(pair) } }),
      AuctionsManagerQueryResponses.get_pair_addr,
      'get_pair_addr',
    ),
  /** `{"get_price":{"pair":[a,b]}}` → `{price, time}` (the oracle's). */
  getPrice: (manager: string, pair: Pair) =>
    querySpec(
      manager,
      am({ get_price: { pair: pairWire(pair) } }),
      AuctionsManagerQueryResponses.get_price,
      'get_price',
    ),
  /** `{"get_min_limit":{"denom":…}}` → `{send, start_auction}` in base units. */
  getMinLimit: (manager: string, denom: string) =>
    querySpec(
      manager,
      am({ get_min_limit: { denom } }),
      AuctionsManagerQueryResponses.get_min_limit,
      'get_min_limit',
    ),
  /** `{"get_config":{"pair":[a,b]}}` → the pair auction's configuration. */
  getConfig: (manager: string, pair: Pair) =>
    querySpec(
      manager,
      am({ get_config: { pair: pairWire(pair) } }),
      AuctionsManagerQueryResponses.get_config,
      'get_config',
    ),
  /** `"get_admin"` → the auctions manager's admin. */
  getAdmin: (manager: string) =>
    querySpec(manager, am('get_admin'), AuctionsManagerQueryResponses.get_admin, 'get_admin'),
  /** `"get_oracle_addr"` → the oracle's address. */
  getOracleAddr: (manager: string) =>
    querySpec(
      manager,
      am('get_oracle_addr'),
      AuctionsManagerQueryResponses.get_oracle_addr,
      'get_oracle_addr',
    ),
  /** `"get_server_addr"` → the server (the address that opens auctions). */
  getServerAddr: (manager: string) =>
    querySpec(
      manager,
      am('get_server_addr'),
      AuctionsManagerQueryResponses.get_server_addr,
      'get_server_addr',
    ),
} as const

/** A pair auction's queries (wire-formats.md, "auction queries"). */
export const auctionQueries = {
  /** `"get_auction"` → the active auction (status, blocks, prices, amounts). */
  getAuction: (auction: string) =>
    querySpec(auction, au('get_auction'), AuctionQueryResponses.get_auction, 'get_auction'),
  /** `"get_price"` → the current price `{price, time}` of a started auction. */
  getPrice: (auction: string) =>
    querySpec(auction, au('get_price'), AuctionQueryResponses.get_price, 'get_price'),
  /** `{"get_funds_amount":{"addr":…}}` → the address's deposits `{curr, next}`. */
  getFundsAmount: (auction: string, addr: string) =>
    querySpec(
      auction,
      au({ get_funds_amount: { addr } }),
      AuctionQueryResponses.get_funds_amount,
      'get_funds_amount',
    ),
  /** `"get_config"` → the auction's configuration. */
  getConfig: (auction: string) =>
    querySpec(auction, au('get_config'), AuctionQueryResponses.get_config, 'get_config'),
  /** `"get_strategy"` → `{start_price_perc, end_price_perc}` (bps of the oracle price). */
  getStrategy: (auction: string) =>
    querySpec(auction, au('get_strategy'), AuctionQueryResponses.get_strategy, 'get_strategy'),
  /** `"get_mm_data"` → status, amount for sale, end block, current price and block. */
  getMmData: (auction: string) =>
    querySpec(auction, au('get_mm_data'), AuctionQueryResponses.get_mm_data, 'get_mm_data'),
  /** `"get_admin"` → the auction's admin (the auctions manager). */
  getAdmin: (auction: string) =>
    querySpec(auction, au('get_admin'), AuctionQueryResponses.get_admin, 'get_admin'),
} as const

/** The oracle's queries (wire-formats.md, "Oracle"). */
export const oracleQueries = {
  /** `{"get_price":{"pair":[a,b]}}` → `{price, time}`. */
  getPrice: (oracle: string, pair: Pair) =>
    querySpec(
      oracle,
      or({ get_price: { pair: pairWire(pair) } }),
      OracleQueryResponses.get_price,
      'get_price',
    ),
  /** `{"get_all_prices":{"from":…,"limit":…}}` → `[[[a,b],{price,time}], …]`. */
  getAllPrices: (oracle: string, page: { from?: Pair | null; limit?: number | null } = {}) =>
    querySpec(
      oracle,
      or({ get_all_prices: { from: page.from ? pairWire(page.from) : null, limit: page.limit ?? null } }),
      OracleQueryResponses.get_all_prices,
      'get_all_prices',
    ),
  /** `"get_config"` → the auctions manager and the two freshness windows (seconds). */
  getConfig: (oracle: string) =>
    querySpec(oracle, or('get_config'), OracleQueryResponses.get_config, 'get_config'),
  /** `"get_admin"` → the oracle's admin. */
  getAdmin: (oracle: string) =>
    querySpec(oracle, or('get_admin'), OracleQueryResponses.get_admin, 'get_admin'),
} as const
