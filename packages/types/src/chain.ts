/**
 * The read half of the one chain port (architecture.md, "The one port"), split as cosmjs splits
 * `CosmWasmClient` from `SigningCosmWasmClient`: smart queries, bank balances, the height and a
 * block. Planning, dry runs and the simulator's reads take a reader. A cosmjs `CosmWasmClient`
 * satisfies it structurally (up to `getBlock`'s extra fields), and so does `Localnet.client()`.
 * @example
 * const height = await reader.getHeight()
 * const { amount } = await reader.getBalance(account, 'untrn')
 */
export interface ChainReader {
  /** Smart query of a contract; answers the contract's JSON. Throws the contract's error. */
  queryContractSmart(address: string, queryMsg: JsonValue): Promise<any>
  /** Bank balance; amount is a base-unit integer string. */
  getBalance(address: string, searchDenom: string): Promise<Coin>
  /** The latest block height. */
  getHeight(): Promise<number>
  /** A block; without `height`, the latest. */
  getBlock(height?: number): Promise<Block>
}

/**
 * The one chain port (architecture.md, "The one port"): a {@link ChainReader} that also sends
 * transactions, the subset of cosmjs's `SigningCosmWasmClient` that the keeper, the simulator
 * and the demo use. A real `SigningCosmWasmClient` (cosmjs 0.38) satisfies it structurally, and
 * so does `Localnet.client()`. Messages are the chain's JSON wire format.
 * @example
 * const res = await client.execute(sender, oracle, { update_price: { pair } }, 'auto')
 */
export interface ChainClient extends ChainReader {
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
  /**
   * Instantiates `codeId` with `msg` as `senderAddress` (cosmjs `instantiate`); resolves with
   * the new contract's address. Throws when the transaction fails; nothing changes then.
   */
  instantiate(
    senderAddress: string,
    codeId: number,
    msg: JsonValue,
    label: string,
    fee: StdFee | 'auto' | number,
    options?: InstantiateOptions,
  ): Promise<InstantiateResult>
}

/** Options of {@link ChainClient.instantiate} (cosmjs `InstantiateOptions` subset). */
export interface InstantiateOptions {
  memo?: string
  funds?: readonly Coin[]
  /** Address that may migrate the contract; none when absent. */
  admin?: string
}

/** What {@link ChainClient.instantiate} returns (cosmjs `InstantiateResult` subset). */
export interface InstantiateResult {
  contractAddress: string
  height: number
  transactionHash: string
  events: readonly Event[]
  gasWanted: bigint
  gasUsed: bigint
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
