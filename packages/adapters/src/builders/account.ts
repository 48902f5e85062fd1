/**
 * The account admin's messages (wire-formats.md, "Account (the treasury's contract; the admin
 * sends these)"): register, configure, pause, resume, deregister, withdraw, one-time orders and
 * admin change, typed from the domain config (issue #6, items 1 and 3).
 */
import { type ConfigWhitelists, configProblems, isEmptyUpdate, updateProblems } from '@rebalancer/core'
import type { CosmosMsg, Pair, RebalancerConfig, RebalancerUpdate } from '@rebalancer/types'
import {
  AccountExecuteMsg,
  AccountInstantiateMsg,
  configToRebalancerData,
  type Expiration,
  encodeServiceData,
  updateToWire,
  WireError,
} from '@rebalancer/types'
import type { CoinLike } from '../coins.js'
import {
  bankSend,
  type ContractExecute,
  type ContractInstantiate,
  contractInstantiate,
  type MsgLike,
  toCosmosMsg,
} from '../msg.js'
import { auctionsManagerMsgs } from './auctions-manager.js'
import { assertNoViolations, executeBuilder, pairWire } from './common.js'

/** The account's execute message, as built (wire-formats.md, "Account"). */
export type AccountExecute = ContractExecute<AccountExecuteMsg>

/** Options of the builders that carry a configuration. */
export interface ConfigOptions {
  /**
   * The rebalancer's whitelists (from `get_white_lists`); when given, denoms and the base denom
   * are checked against them too.
   */
  whitelists?: ConfigWhitelists | undefined
}

/** The rebalancer's whitelists: core's one vocabulary (`{denomWhitelist, baseDenomWhitelist}`). */
export type { ConfigWhitelists } from '@rebalancer/core'

const SERVICE = 'rebalancer' as const

const exec = executeBuilder(AccountExecuteMsg, 'AccountExecuteMsg')

/**
 * The base64 `data` of `register_to_service` (wire-formats.md, "Account": "base64 of
 * RebalancerData JSON") from a typed config, after the configuration rules of
 * portfolio-computer.md ("Configuration"): ≥ 2 targets, bps 1..=9999 summing to 10000, unique
 * denoms, at most one `minBalance`, p ≤ 1, i ≤ 1, `maxLimitBps` 1..=10000, and the whitelists
 * when given.
 * @throws WireError naming the field and the rule.
 */
export function registerData(config: RebalancerConfig, options: ConfigOptions = {}): string {
  const data = configToRebalancerData(config)
  assertNoViolations('RebalancerData', configProblems(config, options.whitelists))
  return encodeServiceData(data)
}

/**
 * The base64 `data` of `update_service` (wire-formats.md, "Account": RebalancerUpdateData) from
 * a typed update: absent fields are omitted (kept on chain), `trustee` and `maxLimitBps` are
 * written as `{"set":…}` or `"clear"` only when given, `targets` is `[]` (keep) unless given.
 * Nothing is cleared unless the update says `'clear'`.
 * @throws WireError naming the field and the rule; also when the update changes nothing.
 */
export function updateData(update: RebalancerUpdate, options: ConfigOptions = {}): string {
  if (isEmptyUpdate(update))
    throw new WireError('RebalancerUpdateData', 'the update changes nothing (every field absent)', [])
  const data = updateToWire(update)
  assertNoViolations('RebalancerUpdateData', updateProblems(update, options.whitelists))
  return encodeServiceData(data)
}

/**
 * Builders of the account's messages; the sender is the account's admin (its owner, a DAO, or a
 * Polytone proxy / interchain account acting for one). Each returns a {@link ContractExecute} on
 * the account; convert with `toCosmosMsg` / `toEncodeObject`.
 */
export const accountMsgs = {
  /**
   * The account's instantiate message `{"services_manager":"<addr>","referral":null}`
   * (wire-formats.md, "Account") as a classic instantiation; see `createAndRegisterAccount` for
   * the instantiate2 flow.
   * @throws WireError for a malformed address or label.
   */
  instantiate(options: {
    codeId: number | bigint
    servicesManager: string
    label: string
    admin?: string | null
    referral?: string | null
    funds?: readonly CoinLike[]
    salt?: Uint8Array | string
  }): ContractInstantiate<AccountInstantiateMsg> {
    return contractInstantiate(AccountInstantiateMsg, 'AccountInstantiateMsg', {
      codeId: options.codeId,
      label: options.label,
      admin: options.admin,
      msg: { services_manager: options.servicesManager, referral: options.referral ?? null },
      funds: options.funds,
      salt: options.salt,
    })
  },

  /** Any account execute message, validated with `AccountExecuteMsg`. @throws WireError */
  execute: exec,

  /**
   * `{"register_to_service":{"service_name":"rebalancer","data":"<base64 RebalancerData>"}}`.
   * The account pays the registration fee from its own balance.
   * @throws WireError naming the field and the configuration rule broken.
   */
  registerToService(account: string, config: RebalancerConfig, options: ConfigOptions = {}): AccountExecute {
    return exec(account, {
      register_to_service: { service_name: SERVICE, data: registerData(config, options) },
    })
  },

  /**
   * `{"update_service":{"service_name":"rebalancer","data":"<base64 RebalancerUpdateData>"}}`
   * from a typed update (see {@link updateData}; `diffConfig(old, new)` makes one from two
   * configs).
   * @throws WireError naming the field and the rule, or when the update changes nothing.
   */
  updateService(account: string, update: RebalancerUpdate, options: ConfigOptions = {}): AccountExecute {
    return exec(account, { update_service: { service_name: SERVICE, data: updateData(update, options) } })
  },

  /** `{"deregister_from_service":{"service_name":"rebalancer"}}`. */
  deregisterFromService(account: string): AccountExecute {
    return exec(account, { deregister_from_service: { service_name: SERVICE } })
  },

  /** `{"pause_service":{"service_name":"rebalancer","reason":…}}` (reason optional text, `null` when absent). */
  pauseService(account: string, reason?: string | null): AccountExecute {
    return exec(account, { pause_service: { service_name: SERVICE, reason: reason ?? null } })
  },

  /**
   * `{"resume_service":{"service_name":"rebalancer"}}`. After an automatic pause the account pays
   * the resume fee from its balance (fund it first).
   */
  resumeService(account: string): AccountExecute {
    return exec(account, { resume_service: { service_name: SERVICE } })
  },

  /** `{"execute_by_admin":{"msgs":[…]}}`: the account runs `msgs` as itself. @throws WireError */
  executeByAdmin(account: string, msgs: readonly MsgLike[]): AccountExecute {
    return exec(account, { execute_by_admin: { msgs: msgs.map((m) => toCosmosMsg(m)) } })
  },

  /**
   * Withdraw: a bank send of `coins` (base units) from the account to `to`, inside
   * `execute_by_admin` (wire-formats.md, "Account": "withdraw = a bank send inside this").
   * @throws WireError for a malformed address or coin, or no positive amount.
   */
  withdraw(account: string, to: string, coins: readonly CoinLike[]): AccountExecute {
    return accountMsgs.executeByAdmin(account, [bankSend(to, coins)])
  },

  /**
   * A one-time order: the account sells `amount` base units of `pair[0]` for `pair[1]` in the
   * pair's next auction, once, besides its regular rebalancing. Built as `execute_by_admin`
   * carrying `{"auction_funds":{"pair":[a,b]}}` on the auctions manager with the coins attached
   * (wire-formats.md, "Auctions manager and auctions"); the proceeds are paid back to the account
   * when the auction closes. Cancel before the auction opens with {@link accountMsgs.cancelOneTimeOrder}.
   * @throws WireError for a malformed pair or a non-positive amount.
   */
  oneTimeOrder(
    account: string,
    auctionsManager: string,
    pair: Pair,
    amount: bigint | string,
  ): AccountExecute {
    const order = auctionsManagerMsgs.auctionFunds(auctionsManager, pair, amount)
    return accountMsgs.executeByAdmin(account, [order])
  },

  /**
   * Cancels the account's queued deposits in the pair's next auction (one-time orders and queued
   * rebalancing trades alike): `execute_by_admin` carrying `{"withdraw_funds":{"pair":[a,b]}}` on the
   * auctions manager. The deposit is sent back to the account.
   */
  cancelOneTimeOrder(account: string, auctionsManager: string, pair: Pair): AccountExecute {
    return accountMsgs.executeByAdmin(account, [
      auctionsManagerMsgs.execute(auctionsManager, { withdraw_funds: { pair: pairWire(pair) } }),
    ])
  },

  /** `{"start_admin_change":{"addr":…,"expiration":…}}` (wire-formats.md, "Instantiation and administration"). */
  startAdminChange(account: string, addr: string, expiration: Expiration = { never: {} }): AccountExecute {
    return exec(account, { start_admin_change: { addr, expiration } })
  },

  /** `{"cancel_admin_change":{}}`. */
  cancelAdminChange(account: string): AccountExecute {
    return exec(account, { cancel_admin_change: {} })
  },

  /** `{"approve_admin_change":{}}`, sent by the new admin. */
  approveAdminChange(account: string): AccountExecute {
    return exec(account, { approve_admin_change: {} })
  },
} as const

/**
 * Funding an account: a bank send of `coins` (base units) to it, signed by whoever funds it (a
 * `CosmosMsg` a DAO can propose; `toEncodeObject(funder, msg)` gives the `MsgSend`).
 * @throws WireError for a malformed address or coin, or no positive amount.
 */
export function fundAccount(account: string, coins: readonly CoinLike[]): CosmosMsg {
  return bankSend(account, coins)
}
