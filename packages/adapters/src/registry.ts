/**
 * The protobuf registry the adapters encode and decode with: the Cosmos SDK defaults, wasm,
 * ICS-27 `MsgSendTx` and Neutron's `MsgSubmitTx` (wire-formats.md, "Reaching the account from
 * another chain").
 */
import { wasmTypes } from '@cosmjs/cosmwasm'
import { type GeneratedType, Registry } from '@cosmjs/proto-signing'
import { defaultRegistryTypes } from '@cosmjs/stargate'
import {
  MsgRegisterInterchainAccount,
  MsgSubmitTx,
} from '@neutron-org/cosmjs-types/neutron/interchaintxs/v1/tx.js'
import {
  MsgRegisterInterchainAccount as IcaMsgRegisterInterchainAccount,
  MsgSendTx,
} from 'cosmjs-types/ibc/applications/interchain_accounts/controller/v1/tx'

/** `/ibc.applications.interchain_accounts.controller.v1.MsgSendTx` (wire-formats.md, "ICA (ICS-27)"). */
export const MSG_SEND_TX_TYPE_URL = '/ibc.applications.interchain_accounts.controller.v1.MsgSendTx'
/** `/neutron.interchaintxs.v1.MsgSubmitTx` (wire-formats.md, "ICA on Neutron"). */
export const MSG_SUBMIT_TX_TYPE_URL = '/neutron.interchaintxs.v1.MsgSubmitTx'
/** `/cosmwasm.wasm.v1.MsgExecuteContract`. */
export const MSG_EXECUTE_CONTRACT_TYPE_URL = '/cosmwasm.wasm.v1.MsgExecuteContract'
/** `/cosmwasm.wasm.v1.MsgInstantiateContract`. */
export const MSG_INSTANTIATE_CONTRACT_TYPE_URL = '/cosmwasm.wasm.v1.MsgInstantiateContract'
/** `/cosmwasm.wasm.v1.MsgInstantiateContract2` (wire-formats.md, "Account": create and register). */
export const MSG_INSTANTIATE_CONTRACT2_TYPE_URL = '/cosmwasm.wasm.v1.MsgInstantiateContract2'
/** `/cosmwasm.wasm.v1.MsgMigrateContract`. */
export const MSG_MIGRATE_CONTRACT_TYPE_URL = '/cosmwasm.wasm.v1.MsgMigrateContract'
/** `/cosmwasm.wasm.v1.MsgUpdateAdmin`. */
export const MSG_UPDATE_ADMIN_TYPE_URL = '/cosmwasm.wasm.v1.MsgUpdateAdmin'
/** `/cosmwasm.wasm.v1.MsgClearAdmin`. */
export const MSG_CLEAR_ADMIN_TYPE_URL = '/cosmwasm.wasm.v1.MsgClearAdmin'
/** `/cosmos.bank.v1beta1.MsgSend`. */
export const MSG_SEND_TYPE_URL = '/cosmos.bank.v1beta1.MsgSend'

/** The types {@link createRegistry} adds to cosmjs's defaults (SDK modules and wasm). */
export const adapterRegistryTypes: ReadonlyArray<[string, GeneratedType]> = [
  [MSG_SEND_TX_TYPE_URL, MsgSendTx],
  [
    '/ibc.applications.interchain_accounts.controller.v1.MsgRegisterInterchainAccount',
    IcaMsgRegisterInterchainAccount,
  ],
  [MSG_SUBMIT_TX_TYPE_URL, MsgSubmitTx as GeneratedType],
  ['/neutron.interchaintxs.v1.MsgRegisterInterchainAccount', MsgRegisterInterchainAccount as GeneratedType],
]

/**
 * A cosmjs {@link Registry} with the SDK defaults (bank, staking, IBC transfer, …), the wasm
 * messages, ICS-27 `MsgSendTx` and Neutron's interchaintxs messages, plus `extra` types. Pass
 * it to `SigningCosmWasmClient.connectWithSigner(…, { registry })` so the client can sign every
 * message the adapters build.
 */
export function createRegistry(extra: Iterable<[string, GeneratedType]> = []): Registry {
  return new Registry([...defaultRegistryTypes, ...wasmTypes, ...adapterRegistryTypes, ...extra])
}

let shared: Registry | undefined

/** One shared {@link createRegistry}`()` (created on first use); what the adapters use by default. */
export function defaultRegistry(): Registry {
  shared ??= createRegistry()
  return shared
}
