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
import { MSG_SEND_TX_TYPE_URL, MSG_SUBMIT_TX_TYPE_URL } from './type-urls.js'

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
