/**
 * Differential test: the auction package's in-memory `AuctionEngine` (AuctionBook / PairAuction
 * over the kernel, with a bank) against the localnet's auctions manager, auction and oracle
 * contracts. Over long random sequences of deposits, withdrawals, price updates, opens, bids,
 * finishes, cleans and pauses on six pairs, with blocks and chain halts in between, both accept
 * or refuse the same messages, and after every message every auction state (fills, payouts
 * progress, leftovers), price history, oracle price and every balance are equal, unit for unit.
 */
import {
  AuctionEngine,
  curveFromWire,
  isAuctionError,
  type OracleMode,
  type PriceFreshnessStrategy,
} from '@rebalancer/auction'
import {
  Dec,
  decodeValenceEvents,
  type Event,
  eventsOf,
  type MinAmount,
  type Pair,
  pairKey,
  VALENCE_ACTIONS,
} from '@rebalancer/types'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { auctionToWire, deployRebalancer, Localnet, TxError } from '../src/index.js'

const T0 = Date.UTC(2024, 0, 1) / 1000
const M = 1_000_000n
const DENOMS = ['uatom', 'untrn', 'uosmo'] as const
const PAIRS: Pair[] = DENOMS.flatMap((a) => DENOMS.filter((b) => b !== a).map((b) => [a, b] as Pair))
const SELLERS = 3
const BIDDERS = 2

type Op =
  | { kind: 'fund'; who: number; pair: number; amount: bigint }
  | { kind: 'withdraw'; who: number; pair: number }
  | { kind: 'update_price'; pair: number }
  | { kind: 'manual_price'; pair: number; price: string }
  | { kind: 'open'; pair: number; start: number | null; length: number; byServer: boolean }
  | { kind: 'bid'; who: number; pair: number; sent: bigint; live: boolean }
  | { kind: 'finish'; pair: number; limit: number }
  | { kind: 'clean'; pair: number }
  | { kind: 'pause'; pair: number; pause: boolean }
  | { kind: 'blocks'; blocks: number; seconds: number | null }

const pairIx = fc.integer({ min: 0, max: PAIRS.length - 1 })
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('fund' as const),
      who: fc.integer({ min: 0, max: SELLERS - 1 }),
      pair: pairIx,
      amount: fc.oneof(fc.bigInt({ min: 0n, max: 30n * M }), fc.constantFrom(0n, M - 1n, M, 10n * M)),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('withdraw' as const),
      who: fc.integer({ min: 0, max: SELLERS - 1 }),
      pair: pairIx,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('update_price' as const), pair: pairIx }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('manual_price' as const),
      pair: pairIx,
      price: fc.constantFrom('0', '0.5', '1', '1.37', '2.5', '123.456789'),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('open' as const),
      pair: pairIx,
      start: fc.option(fc.integer({ min: -5, max: 20 }), { nil: null, freq: 2 }),
      length: fc.integer({ min: -3, max: 150 }),
      byServer: fc.integer({ min: 0, max: 9 }).map((n) => n > 0), // nearly always the server
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('bid' as const),
      who: fc.integer({ min: 0, max: BIDDERS - 1 }),
      pair: pairIx,
      sent: fc.oneof(fc.bigInt({ min: 0n, max: 40n * M }), fc.bigInt({ min: 1n, max: 1000n })),
      // live: into the first auction at or after `pair` that is started (if any)
      live: fc.integer({ min: 0, max: 3 }).map((n) => n > 0),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('finish' as const),
      pair: pairIx,
      limit: fc.integer({ min: 1, max: 3 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('clean' as const), pair: pairIx }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('pause' as const), pair: pairIx, pause: fc.boolean() }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('blocks' as const),
      blocks: fc.integer({ min: 0, max: 60 }),
      // null: the normal block time; else a halt (or a long gap of days: stale prices)
      seconds: fc.option(fc.constantFrom(20_000, 90_000, 200_000, 400_000), { nil: null, freq: 6 }),
    }),
  },
)

/** A deterministic external price per pair and day (the oracle's fallback source). */
function market(pair: readonly [string, string], time: number): string {
  const day = Math.max(0, Math.floor((time - T0) / 86_400))
  const i = PAIRS.findIndex((p) => p[0] === pair[0] && p[1] === pair[1])
  return `${1 + ((i * 7 + day * 3) % 11)}.${(day * 13 + i) % 1000}`
}

/**
 * Our chain's extensions (corrections 11 and 12): the anchored oracle, containment with
 * re-anchoring and a live reserve, and the two-phase curve. Absent = the deployed contracts.
 */
const OURS = {
  oracle: { mode: 'anchored' as const },
  containment: { minPremiumBps: 500, action: 're_anchor' as const, maxDiscountBps: 100 },
  priceCurve: { two_phase: { drop_blocks_bps: 1000, knee_bps: 5000 } },
}

function setUp(extensions?: typeof OURS) {
  const net = new Localnet({ startTime: T0 - 60, priceSource: market })
  const admin = net.makeAddress('admin')
  const keeper = net.makeAddress('keeper')
  const min: MinAmount = { send: M, startAuction: 10n * M }
  const minAmounts = Object.fromEntries(DENOMS.map((d) => [d, min]))
  const d = deployRebalancer(net, {
    admin,
    server: keeper,
    denoms: DENOMS,
    baseDenoms: [{ denom: 'uatom', minBalanceLimit: 10n * M }],
    minAmounts,
    auctionStrategy: { startPriceBps: 3000, endPriceBps: 2000 },
    cycleStart: T0,
    ...(extensions ?? {}),
  })
  // The engine is configured from what the deployed contracts answer, not from the deploy code.
  const oracleConfig = net.query<{
    seconds_allow_manual_change: number
    seconds_auction_prices_fresh: number
    mode?: OracleMode
  }>(d.oracle, 'get_config')
  const engine = new AuctionEngine({
    server: keeper,
    minAmounts,
    oracleConfig: {
      manualChangeAllowedSeconds: oracleConfig.seconds_allow_manual_change,
      auctionPricesFreshSeconds: oracleConfig.seconds_auction_prices_fresh,
      mode: oracleConfig.mode,
    },
    external: (pair, now) => Dec.parse(market(pair, now)),
    pairs: PAIRS.map((pair) => {
      const auction = d.auctions[pairKey(pair)]!
      const c = net.query<{
        chain_halt_config: { cap: string; block_avg: string }
        price_freshness_strategy: { limit: string; multipliers: [string, string][] }
      }>(auction, 'get_config')
      const s = net.query<{ start_price_perc: number; end_price_perc: number }>(auction, 'get_strategy')
      const freshness: PriceFreshnessStrategy = {
        limitDays: Dec.parse(c.price_freshness_strategy.limit),
        multipliers: c.price_freshness_strategy.multipliers.map(
          ([a, b]) => [Dec.parse(a), Dec.parse(b)] as const,
        ),
      }
      return {
        pair,
        strategy: { startPriceBps: s.start_price_perc, endPriceBps: s.end_price_perc },
        chainHalt: {
          capSeconds: Number(c.chain_halt_config.cap),
          blockAvgSeconds: Number(c.chain_halt_config.block_avg),
        },
        freshness,
        // not in the deployed get_config answer: taken from the deployment's extensions
        ...(extensions
          ? { curve: curveFromWire(extensions.priceCurve), containment: extensions.containment }
          : {}),
      }
    }),
  })
  const sellers = Array.from({ length: SELLERS }, (_, i) => net.makeAddress(`seller${i}`))
  const bidders = Array.from({ length: BIDDERS }, (_, i) => net.makeAddress(`bidder${i}`))
  for (const who of [...sellers, ...bidders]) {
    for (const denom of DENOMS) {
      const amount = 80n * M
      net.mint(who, [{ denom, amount }])
      engine.mint(who, denom, amount)
    }
  }
  return { net, d, admin, keeper, engine, sellers, bidders, stranger: net.makeAddress('stranger') }
}

type World = ReturnType<typeof setUp>

/** The localnet's last refusal, for the failure message. */
let lastRefusal = ''

/** Runs `op` on the localnet: true when accepted, false when refused (a TxError). */
/** The events of the last transaction the localnet accepted. */
let lastEvents: readonly Event[] = []

/** How many `auction-containment` events the last accepted transaction emitted. */
function containmentEvents(_w: World): number {
  return eventsOf(decodeValenceEvents(lastEvents), VALENCE_ACTIONS.auctionContainment).length
}

function onLocalnet(w: World, op: Op): boolean {
  const { net, d } = w
  const pair = 'pair' in op ? PAIRS[op.pair]! : null
  const run = (fn: () => unknown) => {
    try {
      const res = fn() as { events?: readonly Event[] } | undefined
      lastEvents = res?.events ?? []
      return true
    } catch (e) {
      if (TxError.isInstance(e)) {
        lastRefusal = e.message
        return false
      }
      throw e
    }
  }
  switch (op.kind) {
    case 'fund':
      return run(() =>
        net.execute(w.sellers[op.who]!, d.auctionsManager, { auction_funds: { pair: [...pair!] } }, [
          { denom: pair![0], amount: op.amount.toString() },
        ]),
      )
    case 'withdraw':
      return run(() =>
        net.execute(w.sellers[op.who]!, d.auctionsManager, { withdraw_funds: { pair: [...pair!] } }),
      )
    case 'update_price':
      return run(() => net.execute(w.keeper, d.oracle, { update_price: { pair: [...pair!] } }))
    case 'manual_price':
      return run(() =>
        net.execute(w.admin, d.oracle, { manual_price_update: { pair: [...pair!], price: op.price } }),
      )
    case 'open':
      return run(() =>
        net.execute(op.byServer ? w.keeper : w.stranger, d.auctionsManager, {
          server: {
            open_auction: {
              pair: [...pair!],
              params: {
                start_block: op.start === null ? null : Math.max(0, net.height + op.start),
                end_block: Math.max(0, net.height + op.length),
              },
            },
          },
        }),
      )
    case 'bid':
      return run(() =>
        net.execute(w.bidders[op.who]!, d.auctions[pairKey(pair!)]!, { bid: {} }, [
          { denom: pair![1], amount: op.sent.toString() },
        ]),
      )
    case 'finish':
      return run(() =>
        net.execute(w.keeper, d.auctionsManager, { finish_auction: { pair: [...pair!], limit: op.limit } }),
      )
    case 'clean':
      return run(() => net.execute(w.keeper, d.auctions[pairKey(pair!)]!, { clean_after_auction: {} }))
    case 'pause':
      return run(() =>
        net.execute(w.admin, d.auctionsManager, {
          admin: op.pause
            ? { pause_auction: { pair: [...pair!] } }
            : { resume_auction: { pair: [...pair!] } },
        }),
      )
    case 'blocks':
      net.advanceBlocks(op.blocks, op.seconds ?? undefined)
      return true
  }
}

/** Runs `op` on the engine at the localnet's current block: true when accepted, false when refused. */
function onEngine(w: World, op: Op, block = w.net.block): boolean {
  const { engine } = w
  const pair = 'pair' in op ? PAIRS[op.pair]! : null
  const run = (fn: () => unknown) => {
    try {
      const res = fn() as { events?: readonly Event[] } | undefined
      lastEvents = res?.events ?? []
      return true
    } catch (e) {
      if (isAuctionError(e)) return false
      throw e
    }
  }
  switch (op.kind) {
    case 'fund':
      return run(() => engine.auctionFunds({ sender: w.sellers[op.who]!, pair: pair!, amount: op.amount }))
    case 'withdraw':
      return run(() => engine.withdrawFunds({ sender: w.sellers[op.who]!, pair: pair! }))
    case 'update_price':
      return run(() => engine.updatePrice({ pair: pair!, now: block.time }))
    case 'manual_price':
      return run(() => engine.manualPriceUpdate({ pair: pair!, price: Dec.parse(op.price), now: block.time }))
    case 'open':
      return run(() =>
        engine.openAuction({
          sender: op.byServer ? w.keeper : w.stranger,
          pair: pair!,
          startBlock: op.start === null ? null : Math.max(0, block.height + op.start),
          endBlock: Math.max(0, block.height + op.length),
          block,
        }),
      )
    case 'bid':
      return run(() => engine.bid({ bidder: w.bidders[op.who]!, pair: pair!, sent: op.sent, block }))
    case 'finish':
      return run(() => engine.finishAuction({ pair: pair!, limit: op.limit, block }))
    case 'clean':
      return run(() => engine.cleanAfterAuction({ pair: pair! }))
    case 'pause':
      return run(() =>
        op.pause ? engine.pauseAuction({ pair: pair! }) : engine.resumeAuction({ pair: pair! }),
      )
    case 'blocks':
      return true
  }
}

/** Everything observable of the auctions, read from the localnet and from the engine. */
function observe(w: World) {
  const { net, d, engine } = w
  const people = [...w.sellers, ...w.bidders]
  const fromNet = {
    balances: people.flatMap((a) => DENOMS.map((denom) => net.balance(a, denom))),
    pairs: PAIRS.map((pair) => {
      const auction = d.auctions[pairKey(pair)]!
      let price: unknown = null
      try {
        price = net.query(d.oracle, { get_price: { pair: [...pair] } })
      } catch {
        price = null
      }
      return {
        holdings: [net.balance(auction, pair[0]), net.balance(auction, pair[1])],
        history: net.query(auction, 'get_price_history'),
        price,
      }
    }),
  }
  const fromEngine = {
    balances: people.flatMap((a) => DENOMS.map((denom) => engine.balance(a, denom))),
    pairs: PAIRS.map((pair) => {
      const p = engine.book.oracle.peek(pair)
      return {
        holdings: [...engine.holdings(pair)],
        history: engine.book.get(pair).priceHistory.map((h) => ({
          price: h.price.toString(),
          time: (BigInt(h.time) * 1_000_000_000n).toString(),
          volume: (h.volume ?? 0n).toString(),
        })),
        price:
          p === null
            ? null
            : { price: p.price.toString(), time: (BigInt(p.time) * 1_000_000_000n).toString() },
      }
    }),
  }
  // The auction states (fills, payout progress, leftovers, prices) in the wire form, once opened.
  const states = PAIRS.flatMap((pair) => {
    const info = engine.book.get(pair).info
    if (info === null) return []
    return [[net.query(d.auctions[pairKey(pair)]!, 'get_auction'), auctionToWire(info)]]
  })
  return { fromNet, fromEngine, states }
}

/** A `live` bid aimed at a started auction (chosen from the engine's state before the bid). */
function aimed(w: World, op: Op): Op {
  if (op.kind !== 'bid' || !op.live) return op
  for (let k = 0; k < PAIRS.length; k++) {
    const pair = (op.pair + k) % PAIRS.length
    if (w.engine.book.get(PAIRS[pair]!).info?.status.kind === 'started') return { ...op, pair }
  }
  return op
}

function check(w: World, step: string): void {
  const { fromNet, fromEngine, states } = observe(w)
  expect(fromEngine, step).toEqual(fromNet)
  for (const [onNet, onEngine] of states) expect(onEngine, step).toEqual(onNet)
}

describe('AuctionEngine ≡ the localnet auction contracts', () => {
  for (const [name, extensions, runs] of [
    ['as deployed', undefined, 40],
    ['with our extensions (anchored oracle, containment, live reserve, two-phase curve)', OURS, 15],
  ] as const) {
    it(`accepts, refuses and settles every message identically, to the last unit (${name})`, () => {
      let opened = 0
      let filled = 0
      let closed = 0
      let refused = 0
      let contained = 0
      fc.assert(
        fc.property(fc.array(opArb, { minLength: 150, maxLength: 300 }), (ops) => {
          const w = setUp(extensions)
          check(w, 'after setup')
          ops.forEach((drawn, i) => {
            const op = aimed(w, drawn)
            const block = w.net.block
            const accepted = onLocalnet(w, op)
            if (accepted && op.kind === 'open') contained += containmentEvents(w)
            const step = `step ${i}: ${JSON.stringify(op, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))}`
            expect(onEngine(w, op, block), `${step} (localnet: ${accepted ? 'accepted' : lastRefusal})`).toBe(
              accepted,
            )
            if (!accepted) refused++
            else if (op.kind === 'open') opened++
            else if (op.kind === 'bid') filled++
            check(w, step)
          })
          closed += PAIRS.reduce((n, pair) => n + w.engine.book.get(pair).reports.length, 0)
          w.engine.book.assertBalanced()
        }),
        { numRuns: runs, seed: 1010, endOnFailure: true },
      )
      // The sequences reach every phase, not just refusals.
      expect(opened).toBeGreaterThan(runs * 2.5)
      expect(filled).toBeGreaterThan(runs)
      expect(closed).toBeGreaterThan(runs / 2)
      expect(refused).toBeGreaterThan(runs * 2.5)
      // with our extensions, containment acts on some openings (re-anchors them)
      if (extensions) expect(contained).toBeGreaterThan(0)
      else expect(contained).toBe(0)
    })
  }
})
