import { Addr, DenomWire, RebalancerError } from '@rebalancer/types'
import * as z from 'zod'

/** A Tendermint RPC endpoint URL. */
const RpcUrl = z.string().regex(/^(https?|wss?):\/\/\S+$/, 'must be an http(s) or ws(s) URL')

/**
 * Where a Rebalancer deployment lives: chain, RPC, fees and contract addresses. A preset gives
 * the public values; a config file overrides any of them (wire-formats.md, "The Neutron mainnet
 * deployment": the deployed services are no longer actively maintained, so nothing here is
 * fixed).
 */
export const NetworkConfig = z.strictObject({
  chain_id: z.string().min(1, 'must not be empty'),
  /**
   * Tendermint RPC endpoint (http, https, ws or wss), or several of the same chain in order of
   * preference: the keeper fails over to the next on an RPC error.
   */
  rpc: z
    .union([
      RpcUrl,
      z.array(RpcUrl).min(1, 'must list at least one endpoint').max(16, 'at most 16 endpoints'),
    ])
    .optional(),
  /**
   * Milliseconds between the polls for a broadcast transaction's inclusion (cosmjs's
   * `broadcastPollIntervalMs`, default 3000); a chain with fast blocks, or a localnet, wants less.
   */
  broadcast_poll_ms: z.number().int().min(10).max(60_000).optional(),
  /** Bech32 prefix of the chain's addresses. */
  prefix: z.string().regex(/^[a-z]+$/, 'must be lower-case letters'),
  /** Gas price for automatic fees, e.g. `0.0053untrn`. */
  gas_price: z
    .string()
    .regex(/^\d+(\.\d+)?[a-zA-Z][a-zA-Z0-9/:._-]{2,127}$/, 'must be an amount and a denom, e.g. 0.0053untrn'),
  contracts: z.strictObject({
    services_manager: Addr.optional(),
    auctions_manager: Addr,
    rebalancer: Addr,
    oracle: Addr,
  }),
  /** Asset names of the deployment (ATOM, USDC, …) and their on-chain denoms. */
  denoms: z.record(z.string(), DenomWire).optional(),
  /** Blocks an auction stays open when the keeper opens it. */
  auction_duration_blocks: z.number().int().min(1).max(1_000_000).optional(),
})
/** A validated network configuration. */
export type NetworkConfig = z.infer<typeof NetworkConfig>

/** The public Neutron mainnet deployment (wire-formats.md, "The Neutron mainnet deployment"). */
export const NEUTRON_1: NetworkConfig = {
  chain_id: 'neutron-1',
  prefix: 'neutron',
  gas_price: '0.0053untrn',
  contracts: {
    services_manager: 'neutron1gantvpnat0la8kkkzrnj48d5d8wxdjllh5r2w4r2hcrpwy00s69quypupa',
    auctions_manager: 'neutron13exc5wdc7y5qpqazc34djnu934lqvfw2dru30j52ahhjep6jzx8ssjxcyz',
    rebalancer: 'neutron1qs6mzpmcw3dvg5l8nyywetcj326scszdj7v4pfk55xwshd4prqnqfwc0z2',
    oracle: 'neutron1s8uqyh0mmh8g66s2dectf56c08y6fvusp39undp8kf4v678ededsy6tstf',
  },
  denoms: {
    NTRN: 'untrn',
    // IBC denoms on Neutron: ATOM over the Cosmos Hub channel, USDC from Noble
    ATOM: 'ibc/C4CFF46FD6DE35CA4CF4CE031E643C8FDC9BA4B99AE598E9B0ED98FE3A2319F9',
    USDC: 'ibc/B559A80D62249C8AA07A380E2A2BEA6E5CA9A6F079C912C3A9E9B494105E4F81',
  },
  // one day of ~3 s blocks, as the deployment's one-day cycle
  auction_duration_blocks: 28_800,
}

/** Network presets by name. */
export const NETWORKS: Readonly<Record<string, NetworkConfig>> = { 'neutron-1': NEUTRON_1 }

/**
 * A preset (by name) with a partial override on top (a config file's values), validated.
 * @throws RebalancerError (code `'unknown_network'`, path `['network']`) naming the unknown
 *   preset, or a zod error naming each bad field.
 */
export function resolveNetwork(preset: string | undefined, override: unknown = {}): NetworkConfig {
  const base: Partial<NetworkConfig> | undefined = preset === undefined ? {} : NETWORKS[preset]
  if (!base) {
    throw new RebalancerError(
      'unknown_network',
      `unknown network "${preset}", expected one of ${Object.keys(NETWORKS).join(', ')}`,
      { path: ['network'] },
    )
  }
  const o = (override ?? {}) as Partial<NetworkConfig>
  const merged = {
    ...base,
    ...o,
    contracts: { ...base.contracts, ...o.contracts },
    ...(base.denoms || o.denoms ? { denoms: { ...base.denoms, ...o.denoms } } : {}),
  }
  return NetworkConfig.parse(merged)
}
