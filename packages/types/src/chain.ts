/**
 * The one chain port (architecture.md, "The one port"): the subset of cosmjs's
 * `SigningCosmWasmClient` that the keeper, the simulator and the demo use. A real
 * `SigningCosmWasmClient` (cosmjs 0.38) satisfies it structurally, and so does
 * `Localnet.client()`. Messages are the chain's JSON wire format.
 */
export interface ChainClient {
  /** Smart query of a contract; answers the contract's JSON. */
  queryContractSmart(address: string, queryMsg: JsonValue): Promise<any>
  /**
   * Executes a contract message as `senderAddress`, with optional `funds`.
   * Throws when the transaction fails; a failed transaction changes nothing.
   */
  execute(
    senderAddress: string,
    contractAddress: string,
    msg: JsonValue,
    fee: StdFee | 'auto' | number,
    memo?: string,
    funds?: readonly Coin[],
  ): Promise<ExecuteResult>
  /** Bank balance; amount is a base-unit integer string. */
  getBalance(address: string, searchDenom: string): Promise<Coin>
  getHeight(): Promise<number>
  /** A block; without `height`, the latest. */
  getBlock(height?: number): Promise<Block>
}

/** JSON as it goes on the wire. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue }

/** A coin on the wire: amount in base units, as a decimal string. */
export interface Coin {
  denom: string
  amount: string
}

export interface StdFee {
  amount: readonly Coin[]
  gas: string
  granter?: string
  payer?: string
}

export interface Attribute {
  key: string
  value: string
}
export interface Event {
  type: string
  attributes: readonly Attribute[]
}

/** What `execute` returns (cosmjs `ExecuteResult` subset). */
export interface ExecuteResult {
  height: number
  transactionHash: string
  events: readonly Event[]
  gasWanted: bigint
  gasUsed: bigint
  logs?: readonly unknown[]
}

/** cosmjs `Block` subset; `header.time` is an RFC 3339 string. */
export interface Block {
  id: string
  header: { version: { block: string; app: string }; height: number; chainId: string; time: string }
  txs: readonly Uint8Array[]
}
