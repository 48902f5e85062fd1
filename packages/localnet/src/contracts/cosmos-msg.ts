import type { CosmosMsg, JsonValue } from '@rebalancer/types'
import { ContractError, type SubMsg } from '../runtime.js'
import { base64ToJson } from './msg.js'

/**
 * Turns a decoded wire `CosmosMsg` (wire-formats.md, DAO DAO section: `{"wasm":{"execute":…}}`
 * with a base64 msg, or `{"bank":{"send":…}}`) into a message the localnet runs. The account
 * accepts every variant the deployed account accepts (`bank`, `custom`, `stargate`, `ibc`, `wasm`,
 * `gov`); the localnet runs wasm executes and bank sends, and refuses the others with an error
 * naming the message (a real chain would run them).
 * @throws ContractError for a message kind the localnet does not run, or a wasm `msg` that is not
 *   base64 JSON.
 */
export function fromCosmosMsg(msg: CosmosMsg, catchError: boolean): SubMsg {
  if ('wasm' in msg && 'execute' in msg.wasm) {
    const execute = msg.wasm.execute
    return {
      msg: {
        type: 'execute',
        contract: execute.contract_addr,
        msg: base64ToJson(execute.msg, 'wasm execute msg') as JsonValue,
        funds: execute.funds,
      },
      catchError,
    }
  }
  if ('bank' in msg && 'send' in msg.bank) {
    const send = msg.bank.send
    return { msg: { type: 'bank_send', to: send.to_address, amount: send.amount }, catchError }
  }
  throw new ContractError(`unsupported CosmosMsg on the localnet: ${describeKind(msg)}`)
}

/** `ibc.transfer`, `stargate /cosmos.bank.v1beta1.MsgSend`, …: what an unsupported message is. */
function describeKind(msg: CosmosMsg): string {
  const [kind, body] = Object.entries(msg)[0] ?? ['(empty)', undefined]
  if ('stargate' in msg) return `stargate ${msg.stargate.type_url} (the localnet runs no protobuf messages)`
  if (kind === 'custom') return 'custom (the localnet has no chain-specific messages)'
  const sub = body && typeof body === 'object' ? Object.keys(body)[0] : undefined
  return `${kind}${sub ? `.${sub}` : ''} (the localnet runs only wasm.execute and bank.send; a chain accepts it)`
}
