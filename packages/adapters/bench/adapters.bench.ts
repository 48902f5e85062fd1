/**
 * Builder, wrapper and decoder throughput, and the keeper client's per-query validation cost
 * over an in-memory chain (no I/O).
 */
import { toBech32 } from '@cosmjs/encoding'
import { type ChainReader, Dec, type RebalancerConfig } from '@rebalancer/types'
import { bench, describe } from 'vitest'
import {
  createAndRegisterAccount,
  decodeIcaSendTx,
  defaultRegistry,
  icaSendTx,
  reviewMsg,
  toEncodeObject,
} from '../src/cosmjs.js'
import {
  accountMsgs,
  daoPropose,
  diffConfig,
  polytoneExecute,
  RebalancerReader,
  toCosmosMsg,
} from '../src/index.js'

const addr = (prefix: string, fill: number) => toBech32(prefix, new Uint8Array(32).fill(fill))
const OWNER = addr('neutron', 1)
const ACCOUNT = addr('neutron', 2)
const SM = addr('neutron', 3)
const NOTE = addr('osmo', 4)
const MODULE = addr('osmo', 5)
const ICA = addr('cosmos', 6)
const DENOMS = ['uatom', 'untrn', 'uosmo', 'uusdc']

const CONFIG: RebalancerConfig = {
  baseDenom: 'uusdc',
  targets: DENOMS.map((denom) => ({ denom, bps: 2500 })),
  pid: { p: Dec.parse('0.1'), i: Dec.ZERO, d: Dec.ZERO },
  maxLimitBps: 500,
  targetOverrideStrategy: 'proportional',
}
const NEXT: RebalancerConfig = { ...CONFIG, maxLimitBps: 300, pid: { ...CONFIG.pid, p: Dec.parse('0.2') } }
const registry = defaultRegistry()
const built = accountMsgs.updateService(ACCOUNT, diffConfig(CONFIG, NEXT))

describe('builders', () => {
  bench('registerToService (config rules + base64 + schema)', () => {
    accountMsgs.registerToService(ACCOUNT, CONFIG)
  })
  bench('updateService from diffConfig', () => {
    accountMsgs.updateService(ACCOUNT, diffConfig(CONFIG, NEXT))
  })
  bench('toCosmosMsg + toEncodeObject + protobuf encode', () => {
    toCosmosMsg(built)
    registry.encode(toEncodeObject(OWNER, built))
  })
  bench('createAndRegisterAccount (instantiate2Address, 2 messages)', () => {
    createAndRegisterAccount({
      sender: OWNER,
      codeId: 1,
      checksum: 'ab'.repeat(32),
      servicesManager: SM,
      config: CONFIG,
      funds: [{ denom: 'uusdc', amount: 1_000_000n }],
      registerFee: { denom: 'untrn', amount: 1_000_000n },
    })
  })
})

describe('wrappers', () => {
  const proposal = () =>
    daoPropose(MODULE, {
      title: 't',
      description: 'd',
      msgs: [polytoneExecute({ note: NOTE, msgs: [built] })],
    })
  bench('DAO → Polytone → update_service: build + encode', () => {
    registry.encode(toEncodeObject(OWNER, proposal()))
  })
  const eo = toEncodeObject(OWNER, proposal())
  bench('DAO → Polytone → update_service: reviewMsg (decode every layer)', () => {
    reviewMsg(eo)
  })
  bench('ICS-27 MsgSendTx: build + encode + decode', () => {
    const tx = icaSendTx({ owner: OWNER, connectionId: 'connection-0', icaAddress: ICA, msgs: [built] })
    decodeIcaSendTx({ typeUrl: tx.typeUrl, value: registry.encode(tx) })
  })
})

describe('RebalancerReader over an in-memory chain (12 pairs)', () => {
  const pairs: [string, string][] = []
  for (const a of DENOMS) for (const b of DENOMS) if (a !== b) pairs.push([a, b])
  const auctionAddr = (i: number) => addr('neutron', 100 + i)
  const auctionAnswer = {
    status: 'auction_closed',
    start_block: 10,
    end_block: 20,
    start_price: '1.8',
    end_price: '1.2',
    available_amount: '0',
    resolved_amount: '0',
    total_amount: '0',
    leftovers: ['0', '0'],
    last_checked_block: { height: 21, time: '1700000000000000000', chain_id: 'neutron-1' },
  }
  const chain: ChainReader = {
    async queryContractSmart(_a, msg) {
      if (typeof msg === 'object' && msg !== null && 'get_pairs' in msg)
        return pairs.map((p, i) => [p, auctionAddr(i)])
      return auctionAnswer
    },
    async getBalance(_a, denom) {
      return { denom, amount: '0' }
    },
    async getHeight() {
      return 100
    },
    async getBlock() {
      throw new Error('unused')
    },
  }
  const rc = new RebalancerReader(chain, { rebalancer: SM, auctionsManager: SM, oracle: SM }, OWNER)
  bench('auctions(): 12 validated get_auction answers', async () => {
    await rc.auctions()
  })
})
