import { type BlockInfo, Dec, type Pair } from '@rebalancer/types'
import { bench, describe } from 'vitest'
import {
  AuctionBook,
  type AuctionConfig,
  type AuctionInfo,
  DEFAULT_CHAIN_HALT,
  DEFAULT_FRESHNESS,
  finishBatch,
  openAuction,
  PairAuction,
  PriceOracle,
  placeBid,
} from '../src/index.js'

const CONFIG: AuctionConfig = {
  pair: ['uatom', 'untrn'],
  strategy: { startPriceBps: 2000, endPriceBps: 2000 },
  chainHalt: DEFAULT_CHAIN_HALT,
  freshness: DEFAULT_FRESHNESS,
}
const T0 = 1_700_000_000
const blk = (h: number): BlockInfo => ({ height: h, time: T0 + 3 * h, chainId: 'bench' })
const ORACLE = { price: Dec.parse('1.5'), time: T0 }
const MIN = { send: 1n, startAuction: 1n }
const addr = (i: number) => `neutron1${String(i).padStart(8, '0')}`

function opened(lot: bigint, endBlock: number, config = CONFIG): AuctionInfo {
  const r = openAuction({
    config,
    previous: null,
    paused: false,
    queued: lot,
    minAmount: MIN,
    oracle: ORACLE,
    params: { endBlock },
    block: blk(0),
  })
  if (r.kind !== 'opened') throw new Error('expected opened')
  return r.info
}

describe('bids', () => {
  // A lot that never sells out and a window long enough for every iteration's block.
  const END = 1_000_000_000
  const info = opened(10n ** 30n, END)
  const expConfig: AuctionConfig = { ...CONFIG, curve: { kind: 'exponential', rate: Dec.fromInt(3) } }
  const expInfo = opened(10n ** 30n, END, expConfig)
  let h = 1
  bench('placeBid (kernel, linear curve)', () => {
    h = (h % 1_000_000) + 1
    placeBid(info, CONFIG, 1_000_000n + BigInt(h), blk(h))
  })
  bench('placeBid (kernel, exponential curve)', () => {
    h = (h % 1_000_000) + 1
    placeBid(expInfo, expConfig, 1_000_000n + BigInt(h), blk(h))
  })
  const pair = new PairAuction({ config: CONFIG, minAmount: MIN })
  pair.fund('neutron1seller', 10n ** 30n)
  pair.open({ oracle: ORACLE, endBlock: END, block: blk(0) })
  let ph = 0
  bench('PairAuction.bid (recorded for the report)', () => {
    ph++
    pair.bid('neutron1mm', 1_000_000n, blk(ph))
  })
})

/** n sellers (ascending addresses) and an auction that sold 60% of their lot. */
function settlementInput(n: number) {
  const sellers = Array.from(
    { length: n },
    (_, i) => [addr(i), BigInt(1_000_000 + ((i * 7919) % 100_000))] as const,
  )
  const lot = sellers.reduce((a, s) => a + s[1], 0n)
  const bid = placeBid(opened(lot, 1000), CONFIG, (lot * 9n) / 10n, blk(500))
  return { sellers, info: bid.info }
}

describe('finishing an auction (kernel finishBatch, all sellers)', () => {
  for (const n of [1_000, 10_000, 100_000]) {
    const { sellers, info } = settlementInput(n)
    bench(`${n.toLocaleString('en')} sellers, one batch`, () => {
      const r = finishBatch(info, sellers, n, 1000)
      if (!r.done) throw new Error('not done')
    })
  }
  const { sellers, info } = settlementInput(100_000)
  bench('100,000 sellers, batches of 1,000', () => {
    let state = info
    for (;;) {
      const r = finishBatch(state, sellers, 1_000, 1000)
      state = r.info
      if (r.done) break
    }
  })
})

describe('a whole PairAuction: fund n sellers, open, bid, finish with report', () => {
  for (const n of [1_000, 10_000, 100_000]) {
    // Funding order differs from address order, so open's sort is included.
    const order = Array.from({ length: n }, (_, i) => (i * 7919) % n)
    bench(
      `${n.toLocaleString('en')} sellers`,
      () => {
        const a = new PairAuction({ config: CONFIG, minAmount: MIN })
        for (const i of order) a.fund(addr(i), 1_000_000n + BigInt(i))
        a.open({ oracle: ORACLE, endBlock: 1000, block: blk(0) })
        a.bid('neutron1mm', a.queuedTotal + BigInt(n) * 1_000_000n, blk(500))
        const r = a.finish(n, blk(1000))
        if (!r.report) throw new Error('not closed')
      },
      { time: 1500 },
    )
  }
})

describe('an AuctionBook cycle: P portfolios × 3 trades over 6 pairs', () => {
  const denoms = ['uatom', 'untrn', 'uosmo'] as const
  const pairs: Pair[] = denoms.flatMap((a) => denoms.filter((b) => b !== a).map((b) => [a, b] as Pair))
  for (const p of [100, 1_000, 10_000]) {
    const portfolios = Array.from({ length: p }, (_, i) => ({
      portfolio: addr(i),
      trades: [0, 1, 2].map((k) => ({
        pair: pairs[(i + k * 2) % pairs.length]!,
        amount: 1_000_000n + BigInt(i),
      })),
    }))
    bench(
      `${p.toLocaleString('en')} portfolios: fund, open, 2 bids per pair, settle`,
      () => {
        const book = new AuctionBook({
          defaults: {
            strategy: CONFIG.strategy,
            chainHalt: DEFAULT_CHAIN_HALT,
            freshness: DEFAULT_FRESHNESS,
          },
          minAmounts: Object.fromEntries(denoms.map((d) => [d, MIN])),
          oracle: new PriceOracle({ external: () => Dec.ONE }),
        })
        book.fundCycle(portfolios)
        for (const pair of book.pairs) book.updatePrice(pair, T0)
        book.openAll({ endBlock: 1000, block: blk(0) })
        for (const pair of book.pairs) {
          const q = book.get(pair).info!.totalAmount
          book.bid(pair, 'neutron1mm1', q / 2n, blk(300))
          book.bid(pair, 'neutron1mm2', q, blk(600))
        }
        book.settleAll(blk(1000), 100)
      },
      { time: 1500 },
    )
  }
})
