import type { Block, ChainClient, Coin, ExecuteResult, JsonValue, StdFee } from '@rebalancer/types'
import type { Localnet } from './localnet.js'

/**
 * The chain port over a {@link Localnet}: the same calls as cosmjs's `SigningCosmWasmClient`,
 * answered in-process. `execute` ignores the fee (there is no gas here) and, like a signing
 * client, only signs for its own sender when one was given.
 */
export class LocalnetClient implements ChainClient {
  constructor(
    readonly net: Localnet,
    readonly senderAddress?: string,
  ) {}

  async queryContractSmart(address: string, queryMsg: JsonValue): Promise<any> {
    return this.net.query(address, queryMsg)
  }

  async execute(
    senderAddress: string,
    contractAddress: string,
    msg: JsonValue,
    _fee: StdFee | 'auto' | number,
    _memo?: string,
    funds?: readonly Coin[],
  ): Promise<ExecuteResult> {
    if (this.senderAddress !== undefined && senderAddress !== this.senderAddress) {
      throw new Error(`this client signs for ${this.senderAddress}, not ${senderAddress}`)
    }
    const res = this.net.execute(senderAddress, contractAddress, msg, funds ?? [])
    return {
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

  /** Only the latest block is kept; an older height is refused. */
  async getBlock(height?: number): Promise<Block> {
    if (height !== undefined && height !== this.net.height) {
      throw new Error(`block ${height} is not kept by the localnet (latest is ${this.net.height})`)
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
}
