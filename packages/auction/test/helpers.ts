import { type BlockInfo, dec } from '@rebalancer/types'
import {
  type AuctionConfig,
  type AuctionInfo,
  DEFAULT_CHAIN_HALT,
  DEFAULT_FRESHNESS,
  openAuction,
} from '../src/index.js'

export const H0 = 1_000
export const T0 = 1_700_000_000

export const CONFIG: AuctionConfig = {
  pair: ['uatom', 'untrn'],
  strategy: { startPriceBps: 2000, endPriceBps: 2000 },
  chainHalt: DEFAULT_CHAIN_HALT,
  freshness: DEFAULT_FRESHNESS,
}

/** A block `dh` blocks after H0, with 3-second blocks. */
export function blk(dh: number, dt = dh * 3): BlockInfo {
  return { height: H0 + dh, time: T0 + dt, chainId: 'localnet-1' }
}

/** The public-check auction: oracle 1.5, 2000/2000 bps, opened at H0, ends H0 + 1000. */
export function openPublic(lot = 1000n, config: AuctionConfig = CONFIG): AuctionInfo {
  const r = openAuction({
    config,
    previous: null,
    paused: false,
    queued: lot,
    minAmount: { send: 1n, startAuction: 1n },
    oracle: { price: dec('1.5'), time: T0 },
    params: { endBlock: H0 + 1000 },
    block: blk(0),
  })
  if (r.kind !== 'opened') throw new Error('expected opened')
  return r.info
}

/** JSON of any value with bigints as strings (Decs serialise through `toJSON`), to compare snapshots deeply. */
export function snapshot(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x))
}
