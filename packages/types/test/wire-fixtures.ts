import { toBech32 } from '@cosmjs/encoding'

/** Public mainnet addresses from wire-formats.md, "The Neutron mainnet deployment". */
export const SERVICES_MANAGER = 'neutron1gantvpnat0la8kkkzrnj48d5d8wxdjllh5r2w4r2hcrpwy00s69quypupa'
export const AUCTIONS_MANAGER = 'neutron13exc5wdc7y5qpqazc34djnu934lqvfw2dru30j52ahhjep6jzx8ssjxcyz'
export const REBALANCER = 'neutron1qs6mzpmcw3dvg5l8nyywetcj326scszdj7v4pfk55xwshd4prqnqfwc0z2'
export const ORACLE = 'neutron1s8uqyh0mmh8g66s2dectf56c08y6fvusp39undp8kf4v678ededsy6tstf'
export const AUCTION_ATOM_NTRN = 'neutron1l9zmckc8j7zhutx088g6ppd9dfs45jet6dyq3pypc0gt5h9ncsvs5m4tsz'
export const AUCTION_NTRN_ATOM = 'neutron13jppm4n77u8ud5wma9xe0dqnaz85ne9jem3r0scc009uemvh49qqxuuggf'
export const PAIR_AUCTIONS = [
  AUCTION_ATOM_NTRN,
  AUCTION_NTRN_ATOM,
  'neutron1ku4zrr40u7w2265xustm3rj2ld5022p5u95e5q6sckekyrs59r8q9q0zdn',
  'neutron18svf2f9eltzr4dm2p8q4jnxyu2sjejpggxhcvaspeq8vaj4gdtuqdg2z2f',
  'neutron1uf23w2ejztrz0sz92x26tnavdatyxwq4axt96zqaxc7sshalx4nqxj89sd',
  'neutron1r7ytd0m9j5t668wg7e9u287f9kzfxqulwuslexjeqjvwas0qzxjs67kzq6',
]

/** Made-up but valid bech32 addresses (20-byte accounts, 32-byte contracts). */
export const ADMIN = toBech32('neutron', new Uint8Array(20).fill(1))
export const ACCOUNT = toBech32('neutron', new Uint8Array(32).fill(2))
export const TRUSTEE = toBech32('neutron', new Uint8Array(20).fill(3))
export const SERVER = toBech32('neutron', new Uint8Array(20).fill(4))
export const NOTE = toBech32('osmo', new Uint8Array(32).fill(5))
export const COSMOS_USER = toBech32('cosmos', new Uint8Array(20).fill(6))

/** Neutron's USDC IBC denom, standing in for the spec's `ibc/…USDC` (not a valid denom as printed). */
export const USDC = 'ibc/B559A80D62249C8AA07A380E2A2BEA6E5CA9A6F079C912C3A9E9B494105E4F81'

/** RebalancerData, exactly as printed in wire-formats.md "Account" (with a real USDC denom). */
export const REBALANCER_DATA_EXAMPLE = {
  trustee: null,
  base_denom: 'untrn',
  targets: [
    { denom: 'untrn', bps: 9000, min_balance: null },
    { denom: USDC, bps: 1000, min_balance: null },
  ],
  pid: { p: '0.1', i: '0', d: '0' },
  max_limit_bps: 500,
  target_override_strategy: 'proportional',
}
