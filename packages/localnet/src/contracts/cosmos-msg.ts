import type { JsonValue } from '@rebalancer/types'
import { ContractError, type SubMsg } from '../runtime.js'
import { base64ToJson } from './msg.js'

/**
 * Turns a decoded wire `CosmosMsg` (wire-formats.md, DAO DAO section: `{"wasm":{"execute":…}}`
 * with a base64 msg, or `{"bank":{"send":…}}`) into a message the localnet runs.
 * @throws ContractError for a message kind the localnet does not run (stargate, other wasm ops).
 */
export function fromCosmosMsg(msg: unknown, catchError: boolean): SubMsg {
  const m = msg as Record<string, any>
  if (m.wasm?.execute) {
    const b = m.wasm.execute as {
      contract_addr: string
      msg: string
      funds: { denom: string; amount: string }[]
    }
    return {
      msg: {
        type: 'execute',
        contract: b.contract_addr,
        msg: base64ToJson(b.msg, 'wasm execute msg') as JsonValue,
        funds: b.funds,
      },
      catchError,
    }
  }
  if (m.bank?.send) {
    const b = m.bank.send as { to_address: string; amount: { denom: string; amount: string }[] }
    return { msg: { type: 'bank_send', to: b.to_address, amount: b.amount }, catchError }
  }
  throw new ContractError(`unsupported CosmosMsg on the localnet: ${Object.keys(m).join(', ')}`)
}
