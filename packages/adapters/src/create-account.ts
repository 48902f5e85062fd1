/**
 * Create and register in one transaction (issue #6, item 2; wire-formats.md, "Account": "A new
 * account is usually created and registered in one transaction: `MsgInstantiateContract2` (the
 * account; funds sorted by denom; a fixed salt such as `"valence"`) whose address is predicted
 * with `instantiate2Address`, followed by a `MsgExecuteContract` on that address with
 * `register_to_service`").
 */
import { fromBech32, fromHex, toUtf8 } from '@cosmjs/encoding'
import type { EncodeObject } from '@cosmjs/proto-signing'
import type { AccountInstantiateMsg, CosmosMsg, RebalancerConfig } from '@rebalancer/types'
import { Addr, instantiate2Address, parseWire, WireError } from '@rebalancer/types'
import { type AccountExecute, accountMsgs, type ConfigOptions } from './builders/account.js'
import type { CoinLike } from './coins.js'
import { toEncodeObject } from './encode.js'
import { type ContractInstantiate, instantiate2CosmosMsg, toCosmosMsg } from './msg.js'

/** The salt UIs use for the account (wire-formats.md, "Account"). */
export const DEFAULT_ACCOUNT_SALT = 'valence'

/** What {@link createAndRegisterAccount} needs. Amounts in base units. */
export interface CreateAccountOptions extends ConfigOptions {
  /** The owner: signs the transaction and becomes the account's admin. */
  sender: string
  /** The account contract's code id (whitelisted by the services manager). */
  codeId: number | bigint
  /** The code's checksum (32 bytes, or its hex): `CosmWasmClient.getCodeDetails(codeId).checksum`. */
  checksum: Uint8Array | string
  servicesManager: string
  config: RebalancerConfig
  /** The account's starting balance, moved from the sender at instantiation. */
  funds?: readonly CoinLike[]
  /**
   * The registration fee (`get_service_fee {action:"register"}`, `null` when none): added to
   * `funds`, because the account pays it from its own balance when it registers.
   */
  registerFee?: CoinLike | null
  /** instantiate2 salt (UTF-8 text or bytes, 1 to 64 bytes); default `"valence"`. */
  salt?: Uint8Array | string
  /** Default `"valence-account"`. */
  label?: string
  /** The contract's migration admin; default the sender. `null` for none. */
  admin?: string | null
  referral?: string | null
  /** Bech32 prefix of the predicted address; default the sender's. */
  bech32Prefix?: string
}

/** The transaction {@link createAndRegisterAccount} builds, and the account's address. */
export interface CreateAccountTx {
  /** The predicted account address (`instantiate2Address`). */
  address: string
  /** The account's instantiation (instantiate2, funds sorted by denom, fee included). */
  instantiate: ContractInstantiate<AccountInstantiateMsg>
  /** `register_to_service` on the predicted address. */
  register: AccountExecute
  /** The transaction's messages for `signAndBroadcast(sender, msgs, fee)`: `MsgInstantiateContract2`, `MsgExecuteContract`. */
  msgs: [EncodeObject, EncodeObject]
  /**
   * The same two messages as CosmosMsgs, for a contract creator (a DAO proposal, a Polytone proxy,
   * the account's `execute_by_admin`): the instantiation as
   * `{"stargate":{"type_url":"/cosmwasm.wasm.v1.MsgInstantiateContract2","value":"<base64 protobuf>"}}`
   * with `sender` as its creator (the form DAO DAO sends; `wasm.instantiate2` is refused by the
   * deployed account, DAO DAO's proposal modules v2.4.2 and the Polytone note), then `wasm.execute`.
   */
  cosmosMsgs: [CosmosMsg, CosmosMsg]
}

/**
 * Builds the one transaction that creates an account and registers it to the rebalancer: the
 * account's `MsgInstantiateContract2` (funds plus the registration fee, sorted by denom; fixed
 * salt) and `register_to_service` on its predicted address. Pure: nothing is sent. When a
 * contract (a DAO, a Polytone proxy) is the creator, pass its address as `sender` and use
 * `cosmosMsgs`.
 * @throws WireError naming the field and the rule (malformed address, coin or salt; a config that
 * breaks the rules of portfolio-computer.md, "Configuration").
 */
export function createAndRegisterAccount(options: CreateAccountOptions): CreateAccountTx {
  parseWire(Addr, options.sender, 'sender')
  const checksum = typeof options.checksum === 'string' ? fromHex(options.checksum) : options.checksum
  if (checksum.length !== 32) throw new WireError('checksum', `expected 32 bytes, got ${checksum.length}`, [])
  const salt =
    typeof options.salt === 'string' ? toUtf8(options.salt) : (options.salt ?? toUtf8(DEFAULT_ACCOUNT_SALT))
  const prefix = options.bech32Prefix ?? fromBech32(options.sender, 90).prefix
  const funds = [...(options.funds ?? []), ...(options.registerFee ? [options.registerFee] : [])]
  const instantiate = accountMsgs.instantiate({
    codeId: options.codeId,
    servicesManager: options.servicesManager,
    label: options.label ?? 'valence-account',
    admin: options.admin === undefined ? options.sender : options.admin,
    referral: options.referral ?? null,
    funds,
    salt,
  })
  const address = instantiate2Address(checksum, options.sender, salt, prefix)
  const register = accountMsgs.registerToService(address, options.config, { whitelists: options.whitelists })
  return {
    address,
    instantiate,
    register,
    msgs: [toEncodeObject(options.sender, instantiate), toEncodeObject(options.sender, register)],
    cosmosMsgs: [instantiate2CosmosMsg(options.sender, instantiate), toCosmosMsg(register)],
  }
}
