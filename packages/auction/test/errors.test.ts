import { Dec, dec, RebalancerError } from '@rebalancer/types'
import { describe, expect, it } from 'vitest'
import {
  AUCTION_ERROR_CODES,
  AuctionBook,
  AuctionError,
  type AuctionErrorCode,
  type AuctionReport,
  assertReportBalanced,
  auctionPrices,
  DEFAULT_FRESHNESS,
  DEFAULT_ORACLE_CONFIG,
  finishBatch,
  isAuctionError,
  ORACLE_ERROR_CODES,
  type OracleErrorCode,
  openAuction,
  PairAuction,
  PriceOracle,
  placeBid,
  sellerPayout,
  updateStrategy,
  validateAuctionConfig,
} from '../src/index.js'
import { blk, CONFIG, H0, openPublic, snapshot, T0 } from './helpers.js'

const oracle = { price: dec('1.5'), time: T0 }
const MIN = { send: 5n, startAuction: 100n }

/** A pair auction with 1000 queued by neutron1a, optionally opened at H0 (end H0 + 1000). */
function pair(opened = false, server?: string): PairAuction {
  const a = new PairAuction({ config: CONFIG, minAmount: MIN, ...(server ? { server } : {}) })
  a.fund('neutron1a', 1000n)
  if (opened) a.open({ oracle, endBlock: H0 + 1000, block: blk(0), ...(server ? { sender: server } : {}) })
  return a
}

function book(): AuctionBook {
  return new AuctionBook({
    defaults: { strategy: CONFIG.strategy, chainHalt: CONFIG.chainHalt, freshness: CONFIG.freshness },
    minAmounts: { uatom: MIN, untrn: MIN },
  })
}

function closedReport(): AuctionReport {
  const a = pair(true)
  a.bid('mm', 435n, blk(100))
  return a.finish(5, blk(1000)).report!
}

/**
 * One lifecycle path per auction error code, through the public API, with what its message must
 * say. The table must cover every code (checked below).
 */
const AUCTION_PATHS: Array<[AuctionErrorCode, string, () => unknown, RegExp]> = [
  [
    'invalid_strategy',
    'create with end bps 10000',
    () =>
      new PairAuction({
        config: { ...CONFIG, strategy: { startPriceBps: 1, endPriceBps: 10_000 } },
        minAmount: MIN,
      }),
    /end_price_perc 10000 is invalid/,
  ],
  [
    'invalid_strategy',
    'update to start bps 0',
    () => pair().updateStrategy({ startPriceBps: 0, endPriceBps: 10 }),
    /start_price_perc 0 is invalid/,
  ],
  ['invalid_config', 'same denoms', () => validateAuctionConfig({ ...CONFIG, pair: ['a', 'a'] }), /distinct/],
  [
    'invalid_config',
    'unknown settlement',
    () => validateAuctionConfig({ ...CONFIG, settlement: 'fair' as 'chain' }),
    /settlement "fair" is invalid/,
  ],
  [
    'invalid_config',
    'chain halt update',
    () => pair().updateChainHaltConfig({ capSeconds: -1, blockAvgSeconds: 3 }),
    /cap -1 is invalid/,
  ],
  [
    'invalid_config',
    'freshness update',
    () => pair().updatePriceFreshnessStrategy({ limitDays: dec('-1'), multipliers: [] }),
    /freshness limit -1 days/,
  ],
  [
    'invalid_config',
    'book pair without minimums',
    () => book().addPair(['uosmo', 'uatom']),
    /no minimum amounts for denom uosmo/,
  ],
  [
    'invalid_amount',
    'deposit above the lot',
    () => sellerPayout(openPublic(), 1001n),
    /between 0 and the lot/,
  ],
  [
    'invalid_price',
    'zero oracle price',
    () => pair().open({ oracle: { price: Dec.ZERO, time: T0 }, endBlock: H0 + 1000, block: blk(0) }),
    /oracle price 0 is invalid/,
  ],
  [
    'invalid_window',
    'end block = start block',
    () => pair().open({ oracle, endBlock: H0, block: blk(0) }),
    /end_block > start_block/,
  ],
  [
    'invalid_block',
    'bid going back in time',
    () => {
      const a = pair(true)
      a.bid('mm', 10n, blk(50))
      a.bid('mm', 10n, blk(49))
    },
    /before the last checked block/,
  ],
  [
    'invalid_limit',
    'finish limit 0',
    () => {
      const a = pair(true)
      a.finish(0, blk(1000))
    },
    /limit 0 is invalid/,
  ],
  ['invalid_limit', 'settleAll limit 0', () => book().settleAll(blk(0), 0), /limit 0 is invalid/],
  [
    'unsorted_sellers',
    'unsorted deposits',
    () =>
      finishBatch(
        { ...openPublic(), status: { kind: 'finished' } },
        [
          ['b', 1n],
          ['a', 1n],
        ],
        5,
        H0,
      ),
    /strictly ascending/,
  ],
  [
    'not_closed',
    'open while started',
    () => {
      const a = pair(true)
      a.fund('neutron1b', 500n)
      a.open({ oracle, endBlock: H0 + 3000, block: blk(10) })
    },
    /is started: a new auction opens only after the previous one is closed/,
  ],
  [
    'paused',
    'fund while paused',
    () => {
      const a = pair()
      a.pause()
      a.fund('neutron1b', 10n)
    },
    /paused: it accepts no funds/,
  ],
  [
    'paused',
    'bid while paused',
    () => {
      const a = pair(true)
      a.pause()
      a.bid('mm', 10n, blk(1))
    },
    /paused: it accepts no bids/,
  ],
  [
    'paused',
    'open while paused',
    () => {
      const a = pair()
      a.pause()
      a.open({ oracle, endBlock: H0 + 1000, block: blk(0) })
    },
    /paused: it cannot open/,
  ],
  [
    'stale_price',
    'price older than 3 days',
    () =>
      pair().open({
        oracle: { price: dec('1.5'), time: T0 - 3 * 86_400 - 1 },
        endBlock: H0 + 1000,
        block: blk(0),
      }),
    /older than the freshness limit of 3 days/,
  ],
  [
    'not_active',
    'bid after sell-out',
    () => {
      const a = pair(true)
      a.bid('mm', 10_000n, blk(1))
      a.bid('mm', 10n, blk(2))
    },
    /is finished: bids are accepted only while started/,
  ],
  [
    'not_started',
    'bid before the start block',
    () => {
      const a = pair()
      a.open({ oracle, startBlock: H0 + 10, endBlock: H0 + 1000, block: blk(0) })
      a.bid('mm', 10n, blk(5))
    },
    /before the auction's start block 1010/,
  ],
  [
    'outside_window',
    'bid after the end block',
    () => pair(true).bid('mm', 10n, blk(1001)),
    /after the auction's end block 2000/,
  ],
  ['zero_bid', 'bid of 0', () => pair(true).bid('mm', 0n, blk(1)), /a bid must send more than 0/],
  [
    'cannot_finish',
    'finish before the end',
    () => pair(true).finish(5, blk(999)),
    /still started at block 1999: finish needs status finished or block ≥ end block 2000/,
  ],
  [
    'nothing_to_finish',
    'finish a closed auction',
    () => {
      const a = pair(true)
      a.finish(5, blk(1000))
      a.finish(5, blk(1001))
    },
    /already closed/,
  ],
  ['below_min_send', 'deposit under min_send', () => pair().fund('neutron1b', 4n), /at least min_send 5/],
  [
    'nothing_to_withdraw',
    'withdraw with nothing queued',
    () => pair(true).withdraw('neutron1a'),
    /neutron1a has no funds queued for the next auction/,
  ],
  ['no_auction', 'bid before any open', () => pair().bid('mm', 10n, blk(1)), /has never opened/],
  ['no_auction', 'finish before any open', () => pair().finish(5, blk(1)), /has never opened/],
  [
    'unauthorized',
    'open by another address',
    () =>
      pair(false, 'neutron1server').open({ oracle, endBlock: H0 + 1000, block: blk(0), sender: 'neutron1x' }),
    /address neutron1x may not open an auction: only the server address neutron1server can/,
  ],
  [
    'unauthorized',
    'open without a sender',
    () => pair(false, 'neutron1server').open({ oracle, endBlock: H0 + 1000, block: blk(0) }),
    /an unnamed sender may not open/,
  ],
  ['unknown_pair', 'book lookup', () => book().get(['uatom', 'uosmo']), /no auction of \[uatom, uosmo\]/],
  [
    'unknown_pair',
    'trade into a pair of a book without defaults',
    () =>
      new AuctionBook({ minAmounts: { uatom: MIN } }).fundCycle([
        { portfolio: 'neutron1p', trades: [{ pair: ['uatom', 'untrn'], amount: 10n }] },
      ]),
    /portfolios\[0\]\.trades\[0\]: the book has no auction of \[uatom, untrn\] and no defaults/,
  ],
  [
    'pair_exists',
    'add a pair twice',
    () => {
      const b = book()
      b.addPair(['uatom', 'untrn'])
      b.addPair(['uatom', 'untrn'])
    },
    /already has an auction of \[uatom, untrn\]/,
  ],
  ['invalid_address', 'empty seller', () => pair().fund('', 10n), /seller address "" is invalid/],
  ['invalid_address', 'empty bidder', () => pair(true).bid('', 10n, blk(1)), /bidder address "" is invalid/],
  [
    'invalid_trade',
    'trade pair of one denom',
    () => book().fundCycle([{ portfolio: 'neutron1p', trades: [{ pair: ['uatom', 'uatom'], amount: 10n }] }]),
    /portfolios\[0\]\.trades\[0\]\.pair \["uatom","uatom"\] is invalid/,
  ],
  [
    'cannot_clean',
    'clean a running auction',
    () => pair(true).clean(),
    /auction is started: clean_after_auction needs it closed/,
  ],
  [
    'no_reference',
    'bid with a live reserve and no reference',
    () => {
      const a = new PairAuction({
        config: { ...CONFIG, containment: { minPremiumBps: 0, action: 're_anchor', maxDiscountBps: 100 } },
        minAmount: MIN,
      })
      a.fund('neutron1a', 1000n)
      a.open({ oracle, reference: dec('1.5'), endBlock: H0 + 1000, block: blk(0) })
      return a.bid('mm', 435n, blk(100))
    },
    /has a live reserve \(max_discount_bps 100\) but no reference price at block/,
  ],
  [
    'accounting_mismatch',
    'tampered report',
    () => assertReportBalanced({ ...closedReport(), leftovers: [1n, 0n] }),
    /unsold = paid-out sell \+ leftover sell: 750 ≠ 751/,
  ],
]

const ORACLE_PATHS: Array<[OracleErrorCode, string, () => unknown, RegExp]> = [
  [
    'no_price_source',
    'two prices, no external',
    () => pair().oraclePrice(T0),
    /has 0 auction prices \(3 needed\) and there is no external price source/,
  ],
  [
    'zero_price',
    'manual 0',
    () => new PriceOracle().manual(['a', 'b'], Dec.ZERO, T0),
    /manual price 0 is invalid/,
  ],
  [
    'manual_too_soon',
    'manual within the window',
    () => {
      const o = new PriceOracle()
      o.manual(['a', 'b'], dec('1'), T0)
      o.manual(['a', 'b'], dec('2'), T0 + 172_800)
    },
    /not older than 172800 s/,
  ],
  [
    'invalid_config',
    'unknown mode',
    () => new PriceOracle({ config: { ...DEFAULT_ORACLE_CONFIG, mode: 'vwap' as 'mean' } }),
    /oracle mode "vwap" is invalid/,
  ],
  ['no_price', 'get an unknown pair', () => new PriceOracle().get(['a', 'b']), /no price for pair \[a, b\]/],
  [
    'missing_volume',
    'volume-weighted over chain history',
    () =>
      new PriceOracle({ config: { ...DEFAULT_ORACLE_CONFIG, mode: 'volume_weighted' } }).update(
        ['a', 'b'],
        [1, 2, 3].map((i) => ({ price: dec(i), time: T0 })),
        T0,
      ),
    /has volume none: the volume_weighted method needs a volume above 0/,
  ],
]

describe('every lifecycle error is a typed AuctionError with a clear message', () => {
  it.each(AUCTION_PATHS)('%s: %s', (code, _name, f, message) => {
    let caught: unknown
    try {
      f()
    } catch (e) {
      caught = e
    }
    expect(caught).toBeInstanceOf(AuctionError)
    expect(isAuctionError(caught, code)).toBe(true)
    const e = caught as AuctionError
    expect(e.name).toBe('AuctionError')
    expect(e.message).toMatch(message)
  })

  it('the table covers every code', () => {
    const oracle = new Set<string>(ORACLE_ERROR_CODES)
    expect(new Set(AUCTION_PATHS.map((p) => p[0]))).toEqual(
      new Set(AUCTION_ERROR_CODES.filter((c) => !oracle.has(c) || c === 'invalid_config')),
    )
  })

  it('a throwing call changes nothing', () => {
    const a = pair(true)
    a.bid('mm', 435n, blk(100))
    const before = snapshot([a.info, a.ledger(), a.currentDeposits, a.queuedDeposits(), a.config])
    for (const f of [
      () => a.bid('mm', 10n, blk(99)),
      () => a.bid('mm', 0n, blk(200)),
      () => a.finish(5, blk(500)),
      () => a.finish(0, blk(1000)),
      () => a.open({ oracle, endBlock: H0 + 5000, block: blk(200) }),
      () => a.fund('x', 1n),
      () => a.withdraw('nobody'),
      () => a.clean(),
      () => a.updateStrategy({ startPriceBps: 0, endPriceBps: 1 }),
    ]) {
      expect(f).toThrow(AuctionError)
    }
    expect(snapshot([a.info, a.ledger(), a.currentDeposits, a.queuedDeposits(), a.config])).toBe(before)
  })

  it('a refused trade in a cycle queues nothing at all', () => {
    const b = book()
    expect(() =>
      b.fundCycle([
        { portfolio: 'neutron1p', trades: [{ pair: ['uatom', 'untrn'], amount: 1000n }] },
        { portfolio: 'neutron1q', trades: [{ pair: ['untrn', 'uatom'], amount: 1n }] },
      ]),
    ).toThrow(/portfolios\[1\]\.trades\[0\]: deposit of 1 untrn by neutron1q is too small/)
    expect(b.pairs).toEqual([])
  })

  it('kernel refusals keep their codes (open, bid, prices)', () => {
    expect(() =>
      openAuction({
        config: CONFIG,
        previous: null,
        paused: false,
        queued: -1n,
        minAmount: MIN,
        oracle,
        params: { endBlock: H0 + 1 },
        block: blk(0),
      }),
    ).toThrow(/queued funds -1 must not be negative/)
    expect(
      isAuctionError(
        (() => {
          try {
            placeBid(openPublic(), CONFIG, 1n, blk(1.5))
          } catch (e) {
            return e
          }
        })(),
        'invalid_block',
      ),
    ).toBe(true)
    expect(() => auctionPrices(oracle, T0, { startPriceBps: 1, endPriceBps: 0 }, DEFAULT_FRESHNESS)).toThrow(
      AuctionError,
    )
    expect(() => updateStrategy(CONFIG, { startPriceBps: 2.5, endPriceBps: 10 })).toThrow(
      /start_price_perc 2.5/,
    )
  })
})

describe('every oracle error is a typed AuctionError with an oracle code and a clear message', () => {
  it.each(ORACLE_PATHS)('%s: %s', (code, _name, f, message) => {
    let caught: unknown
    try {
      f()
    } catch (e) {
      caught = e
    }
    expect(caught).toBeInstanceOf(AuctionError)
    expect(isAuctionError(caught, code)).toBe(true)
    expect(RebalancerError.isInstance(caught)).toBe(true)
    expect((caught as AuctionError).message).toMatch(message)
  })

  it('the table covers every code', () => {
    expect(new Set(ORACLE_PATHS.map((p) => p[0]))).toEqual(new Set(ORACLE_ERROR_CODES))
  })
})
