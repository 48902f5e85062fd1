/**
 * The read-only chain port over RPC (architecture.md, "The one port"): a cosmjs
 * `CosmWasmClient` seen as a {@link ChainReader}, for planning and `--dry-run` (nothing can be
 * sent through it).
 */
import { CosmWasmClient } from '@cosmjs/cosmwasm'
import type { ChainReader } from '@rebalancer/types'
import { connectCometClient, Failover, type RetryOptions, type RpcEndpoints, rpcEndpoints } from './chain.js'
import type { TxLookup } from './journal.js'

/**
 * Connects a read-only {@link ChainReader} (with the journal's {@link TxLookup}) to a Tendermint
 * RPC endpoint, or to several of the same chain with failover: the first connection is retried
 * over every endpoint in turn (`options.retry`, default 4 retries; `{ retries:
 * Number.POSITIVE_INFINITY }` waits until one answers), and a read that fails with an RPC error
 * goes to the next endpoint at once.
 * @param rpcUrl the endpoint, e.g. `https://rpc-…:443`, or several in order of preference
 * @throws RebalancerError `invalid_rpc` for a malformed endpoint, `rpc_unreachable` naming every
 *   endpoint and its last error when none answered.
 * @example
 * const reader = await connectReader(['https://rpc-a.example:443', 'https://rpc-b.example:443'])
 * const steps = await new RebalancerReader(reader, addresses, keeper).plan(28_800)
 */
export async function connectReader(
  rpcUrl: RpcEndpoints,
  options: { retry?: RetryOptions; requestTimeoutMs?: number } = {},
): Promise<ChainReader & TxLookup> {
  const f = await Failover.connect(
    rpcEndpoints(rpcUrl),
    async (url) => CosmWasmClient.create(await connectCometClient(url, options.requestTimeoutMs)),
    options.retry,
  )
  return {
    queryContractSmart: (address, query) => f.read((c) => c.queryContractSmart(address, query as never)),
    getBalance: (address, denom) => f.read((c) => c.getBalance(address, denom)),
    getHeight: () => f.read((c) => c.getHeight()),
    getBlock: (height) =>
      f.read(async (c) => {
        const block = await c.getBlock(height)
        return { id: block.id, header: block.header, txs: block.txs }
      }),
    getTx: (id) =>
      f.read(async (c) => {
        const tx = await c.getTx(id)
        return tx && { height: tx.height, hash: tx.hash, code: tx.code, events: tx.events }
      }),
  }
}
