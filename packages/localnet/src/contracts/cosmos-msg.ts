import type { JsonValue } from '@rebalancer/types'
import { ContractError, type SubMsg } from '../runtime.js'
import { base64ToJson, variantOf } from './msg.js'

/**
 * Turns a wire `CosmosMsg` (wire-formats.md, DAO DAO section: `{"wasm":{"execute":…}}` with a
 * base64 msg, or `{"bank":{"send":…}}`) into a message the localnet runs.
 * @throws ContractError for a message kind the localnet does not run.
 */
export function fromCosmosMsg(msg: unknown, catchError: boolean): SubMsg {
  const { name, body } = variantOf(msg, 'CosmosMsg')
  if (name === 'wasm') {
    const inner = variantOf(body, 'WasmMsg')
    if (inner.name === 'execute') {
      const b = inner.body as {
        contract_addr: string
        msg: string
        funds: { denom: string; amount: string }[]
      }
      return {
        msg: {
          type: 'execute',
          contract: b.contract_addr,
          msg: base64ToJson(b.msg, 'wasm execute msg') as JsonValue,
          funds: b.funds ?? [],
        },
        catchError,
      }
    }
    throw new ContractError(`unsupported WasmMsg variant \`${inner.name}\` on the localnet`)
  }
  if (name === 'bank') {
    const inner = variantOf(body, 'BankMsg')
    if (inner.name === 'send') {
      const b = inner.body as { to_address: string; amount: { denom: string; amount: string }[] }
      return { msg: { type: 'bank_send', to: b.to_address, amount: b.amount }, catchError }
    }
    throw new ContractError(`unsupported BankMsg variant \`${inner.name}\` on the localnet`)
  }
  throw new ContractError(`unsupported CosmosMsg variant \`${name}\` on the localnet`)
}
