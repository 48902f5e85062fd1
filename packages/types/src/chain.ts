import type { Dec } from './dec.js'
import type { Pair } from './domain.js'

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

/**
 * A live price reference (issue #11, "A price reference that does not lag"): the market price of
 * a pair, independent of the auctions' own clearing prices. Implementations: Neutron's Connect
 * (`x/oracle`) per-block prices and an Astroport pool simulation (`@rebalancer/adapters/cosmjs`),
 * and in the simulator the market feed with a configurable delay and error (`@rebalancer/sim`).
 * The keeper checks every opening against one (containment); the localnet's oracle and auctions
 * read one through the chain's injected price source.
 * @example
 * const p = await reference.price(['uatom', 'uusdc'], nowSeconds)
 * if (p !== undefined) console.log(`1 uatom = ${p} uusdc`)
 */
export interface PriceReference {
  /** For logs and reports, e.g. `connect:x/oracle`, `astroport`, `market-feed(delay 600 s)`. */
  readonly name: string
  /**
   * The price of `pair` = `[sell, buy]` in base units of `buy` per base unit of `sell` (a Dec), as
   * the source knew it at unix second `time`: a live source answers its latest price and may
   * ignore `time`. `undefined` when the source has no price for the pair.
   * @throws when the source cannot be reached (the caller decides whether that blocks an opening).
   */
  price(pair: Pair, time: number): Promise<Dec | undefined>
}
