import { type CosmosMsg, cosmosMsgParts, type JsonValue, WireError } from '@rebalancer/types'
import { ContractError, type SubMsg } from '../runtime.js'

/**
 * Turns a decoded wire `CosmosMsg` (wire-formats.md, DAO DAO section: `{"wasm":{"execute":…}}`
 * with a base64 msg, or `{"bank":{"send":…}}`) into a message the localnet runs, through the one
 * narrowing of `@rebalancer/types` ({@link cosmosMsgParts}). The account accepts every variant the
 * deployed account accepts (`bank`, `custom`, `stargate`, `ibc`, `wasm`, `gov`); the localnet runs
 * wasm executes and bank sends, and refuses the others with an error naming the message (a real
 * chain would run them).
 * @throws ContractError for a message kind the localnet does not run, or a wasm `msg` that is not
 *   base64 JSON.
 */
export function fromCosmosMsg(msg: CosmosMsg, catchError: boolean): SubMsg {
  let parts: ReturnType<typeof cosmosMsgParts>
  try {
    parts = cosmosMsgParts(msg)
  } catch (e) {
    if (!WireError.isInstance(e)) throw e
    const sub = e.path[1]
    throw new ContractError(
      `wasm ${String(sub)} msg: invalid base64 JSON: the decoded bytes are not a JSON document`,
      {
        path: e.path,
        cause: e,
      },
    )
  }
  switch (parts.kind) {
    case 'wasm_execute':
      return {
        msg: {
          type: 'execute',
          contract: parts.contractAddress,
          msg: parts.msg as JsonValue,
          funds: parts.funds,
        },
        catchError,
      }
    case 'bank_send':
      return { msg: { type: 'bank_send', to: parts.toAddress, amount: parts.amount }, catchError }
    case 'wasm_instantiate':
      throw new ContractError(
        `unsupported CosmosMsg on the localnet: ${describeKind(msg, 'wasm.instantiate')}`,
      )
    case 'other':
      throw new ContractError(`unsupported CosmosMsg on the localnet: ${describeKind(msg, parts.variant)}`)
  }
}

/** `ibc.transfer`, `stargate /cosmos.bank.v1beta1.MsgSend`, …: what an unsupported message is. */
function describeKind(msg: CosmosMsg, variant: string): string {
  if ('stargate' in msg) return `stargate ${msg.stargate.type_url} (the localnet runs no protobuf messages)`
  if ('custom' in msg) return 'custom (the localnet has no chain-specific messages)'
  return `${variant} (the localnet runs only wasm.execute and bank.send; a chain accepts it)`
}
