/**
 * The protobuf type URLs the adapters name (plain strings: no protobuf code is loaded for them).
 */

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
