import type { JsonValue } from '@rebalancer/types'
import { ContractError, type SubMsg } from '../runtime.js'
import { base64ToJson } from './msg.js'

/**
 * Turns a decoded wire `CosmosMsg` (wire-formats.md, DAO DAO section: `{"wasm":{"execute":…}}`
 * with a base64 msg, or `{"bank":{"send":…}}`) into a message the localnet runs. The account
 * accepts every variant the deployed account accepts (`bank`, `custom`, `stargate`, `ibc`, `wasm`,
 * `gov`); the localnet runs wasm executes and bank sends, and refuses the others with an error
 * naming the message (a real chain would run them).
 * @throws ContractError for a message kind the localnet does not run.
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
  throw new ContractError(`unsupported CosmosMsg on the localnet: ${describeKind(m)}`)
}

/** `ibc.transfer`, `stargate /cosmos.bank.v1beta1.MsgSend`, …: what an unsupported message is. */
function describeKind(m: Record<string, any>): string {
  const kind = Object.keys(m)[0] ?? '(empty)'
  const body = m[kind]
  if (kind === 'stargate')
    return `stargate ${String(body?.type_url)} (the localnet runs no protobuf messages)`
  if (kind === 'custom') return 'custom (the localnet has no chain-specific messages)'
  const sub = body && typeof body === 'object' ? Object.keys(body)[0] : undefined
  return `${kind}${sub ? `.${sub}` : ''} (the localnet runs only wasm.execute and bank.send; a chain accepts it)`
}
