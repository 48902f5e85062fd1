import {
  type Block,
  type ChainClient,
  type Coin,
  type Event,
  type ExecuteResult,
  type InstantiateOptions,
  type InstantiateResult,
  type JsonValue,
  RebalancerError,
  type StdFee,
} from '@rebalancer/types'

/**
 * What {@link LocalnetClient} needs of an in-process chain: `Localnet` satisfies it. Declared
 * here (not imported) so that `client.ts` does not import `localnet.ts`, which imports it.
 */
export interface LocalnetChain {
  readonly chainId: string
  readonly height: number
  /** Unix seconds. */
  readonly time: number
  query(contract: string, msg: JsonValue): any
  balance(address: string, denom: string): bigint
  broadcast(
    sender: string,
    msgs: readonly (
      | { type: 'execute'; contract: string; msg: JsonValue; funds?: readonly Coin[] }
      | {
          type: 'instantiate'
          codeId: number
          msg: JsonValue
          options: { label: string; funds?: readonly Coin[]; admin?: string | null }
        }
    )[],
  ): { results: (string | null)[]; events: Event[]; height: number; transactionHash: string }
}

/**
 * The chain port over a localnet: the same calls as cosmjs's `SigningCosmWasmClient`, answered
 * in-process. `execute` and `instantiate` ignore the fee (there is no gas here) and, like a
 * signing client, only sign for the client's own sender when one was given.
 * @example
 * const client = net.client(keeper)
 * await client.execute(keeper, oracle, { update_price: { pair: ['untrn', 'uatom'] } }, 'auto')
 */
export class LocalnetClient implements ChainClient {
  constructor(
    readonly net: LocalnetChain,
    readonly senderAddress?: string,
  ) {}

  async queryContractSmart(address: string, queryMsg: JsonValue): Promise<any> {
    return this.net.query(address, queryMsg)
  }

  /** @throws RebalancerError `wrong_signer` for another sender; the chain's TxError when the transaction fails. */
  async execute(
    senderAddress: string,
    contractAddress: string,
    msg: JsonValue,
    _fee: StdFee | 'auto' | number,
    _memo?: string,
    funds?: readonly Coin[],
  ): Promise<ExecuteResult> {
    this.checkSigner(senderAddress)
    const res = this.net.broadcast(senderAddress, [
      { type: 'execute', contract: contractAddress, msg, funds: funds ?? [] },
    ])
    return {
      height: res.height,
      transactionHash: res.transactionHash,
      events: res.events,
      gasWanted: 0n,
      gasUsed: 0n,
    }
  }

  /** @throws RebalancerError `wrong_signer` for another sender; the chain's TxError when the transaction fails. */
  async instantiate(
    senderAddress: string,
    codeId: number,
    msg: JsonValue,
    label: string,
    _fee: StdFee | 'auto' | number,
    options: InstantiateOptions = {},
  ): Promise<InstantiateResult> {
    this.checkSigner(senderAddress)
    const res = this.net.broadcast(senderAddress, [
      {
        type: 'instantiate',
        codeId,
        msg,
        options: { label, funds: options.funds ?? [], admin: options.admin ?? null },
      },
    ])
    return {
      contractAddress: res.results[0]!,
      height: res.height,
      transactionHash: res.transactionHash,
      events: res.events,
      gasWanted: 0n,
      gasUsed: 0n,
    }
  }

  async getBalance(address: string, searchDenom: string): Promise<Coin> {
    return { denom: searchDenom, amount: this.net.balance(address, searchDenom).toString() }
  }

  async getHeight(): Promise<number> {
    return this.net.height
  }

  /**
   * The latest block (only the latest is kept).
   * @throws RebalancerError `block_not_kept` for an older height.
   */
  async getBlock(height?: number): Promise<Block> {
    if (height !== undefined && height !== this.net.height) {
      throw new RebalancerError(
        'block_not_kept',
        `block ${height} is not kept by the localnet (latest is ${this.net.height})`,
        { path: ['height'] },
      )
    }
    return {
      id: '',
      header: {
        version: { block: '11', app: '0' },
        height: this.net.height,
        chainId: this.net.chainId,
        time: new Date(this.net.time * 1000).toISOString(),
      },
      txs: [],
    }
  }

  private checkSigner(senderAddress: string): void {
    if (this.senderAddress !== undefined && senderAddress !== this.senderAddress) {
      throw new RebalancerError(
        'wrong_signer',
        `this client signs for ${this.senderAddress}, not ${senderAddress}`,
        { path: ['senderAddress'] },
      )
    }
  }
}
