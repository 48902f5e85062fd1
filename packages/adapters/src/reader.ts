/**
 * The read-only chain port over RPC (architecture.md, "The one port"): a cosmjs
 * `CosmWasmClient` seen as a {@link ChainReader}, for planning and `--dry-run` (nothing can be
 * sent through it).
 */
import { CosmWasmClient } from '@cosmjs/cosmwasm'
import type { ChainReader } from '@rebalancer/types'

/**
 * Connects a read-only {@link ChainReader} to a Tendermint RPC endpoint.
 * @param rpcUrl the endpoint, e.g. `https://rpc-…:443`
 * @throws cosmjs's error when the endpoint cannot be reached.
 * @example
 * const reader = await connectReader('https://rpc.neutron.example:443')
 * const steps = await new RebalancerReader(reader, addresses, keeper).plan(28_800)
 */
export async function connectReader(rpcUrl: string): Promise<ChainReader> {
  const client = await CosmWasmClient.connect(rpcUrl)
  return {
    queryContractSmart: (address, query) => client.queryContractSmart(address, query as never),
    getBalance: (address, denom) => client.getBalance(address, denom),
    getHeight: () => client.getHeight(),
    getBlock: async (height) => {
      const block = await client.getBlock(height)
      return { id: block.id, header: block.header, txs: block.txs }
    },
  }
}
