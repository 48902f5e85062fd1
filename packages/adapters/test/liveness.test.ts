/**
 * Issue #14, "Liveness": the keeper's tick on the localnet through faults — a crash right after
 * the last `system_rebalance`, a rebalance whose answer was lost, failed cleans, pairs added
 * while running, one pair whose auction answer fails the schema, and the journal of pending
 * transactions.
 */
import { exampleWorld, TOKEN } from '@rebalancer/localnet/testing'
import {
  type ChainClient,
  Dec,
  type ExecuteResult,
  type JsonValue,
  type Pair,
  VALENCE_ACTIONS,
} from '@rebalancer/types'
import { describe, expect, it } from 'vitest'
import { withRetries } from '../src/cosmjs.js'
import {
  auctionMsgs,
  auctionQueries,
  type FoundTx,
  MemoryTxJournal,
  RebalancerClient,
  rebalancerQueries,
  runQuery,
  type TickEvent,
} from '../src/index.js'

const T0 = Date.UTC(2024, 0, 1) / 1000
const ATOM_NTRN: Pair = ['uatom', 'untrn']
const NTRN_ATOM: Pair = ['untrn', 'uatom']

/** The first key of a message (`system_rebalance`, `clean_after_auction`, `update_price`, …). */
function kind(msg: JsonValue): string {
  return typeof msg === 'string' ? msg : Object.keys(msg as object)[0]!
}

/** The nested message of the auctions manager's `server`/`admin` wrappers, or the message. */
function innerKind(msg: JsonValue): string {
  const k = kind(msg)
  if (k === 'server' || k === 'admin') return kind((msg as Record<string, JsonValue>)[k]!)
  return k
}

type Fault = (call: {
  contract: string
  msg: JsonValue
  n: number
}) => 'pass' | 'fail' | 'lose' | 'lose-connection' | 'drop'

/**
 * The localnet's client with injected faults on `execute` (per message kind: `fail` throws before
 * sending, `lose` sends and then loses the answer as cosmjs's `TimeoutError` does, `drop` loses
 * the answer of a transaction that never lands) and a `getTx` over the transactions that landed,
 * as a chain's tx index answers it. `sent` counts the messages that reached the chain.
 */
function faulty(inner: ChainClient, fault: Fault = () => 'pass') {
  const sent = new Map<string, number>()
  const index = new Map<string, FoundTx>()
  const seen = new Map<string, number>()
  let dropped = 0
  const client: ChainClient & { getTx(id: string): Promise<FoundTx | null> } = {
    queryContractSmart: (a, q) => inner.queryContractSmart(a, q),
    getBalance: (a, d) => inner.getBalance(a, d),
    getHeight: () => inner.getHeight(),
    getBlock: (h) => inner.getBlock(h),
    instantiate: (...args) => inner.instantiate(...args),
    async execute(sender, contract, msg, fee, memo, funds): Promise<ExecuteResult> {
      const k = innerKind(msg)
      const n = (seen.get(k) ?? 0) + 1
      seen.set(k, n)
      const f = fault({ contract, msg, n })
      if (f === 'fail') throw new Error(`out of gas in location: ${k}`)
      if (f === 'drop') {
        dropped += 1
        const txId = `DEAD${dropped.toString(16).padStart(60, '0')}`
        throw Object.assign(new Error(`Transaction with ID ${txId} was submitted but was not yet found`), {
          name: 'TimeoutError',
          txId,
        })
      }
      const res = await inner.execute(sender, contract, msg, fee, memo, funds)
      sent.set(k, (sent.get(k) ?? 0) + 1)
      index.set(res.transactionHash, {
        height: res.height,
        hash: res.transactionHash,
        code: 0,
        events: res.events,
      })
      // the connection broke after the broadcast: no hash, a network error
      if (f === 'lose-connection') throw new Error('fetch failed')
      if (f === 'lose')
        throw Object.assign(
          new Error(`Transaction with ID ${res.transactionHash} was submitted but was not yet found`),
          {
            name: 'TimeoutError',
            txId: res.transactionHash,
          },
        )
      return res
    },
    getTx: async (id) => index.get(id) ?? null,
  }
  return { client, sent: (k: string) => sent.get(k) ?? 0 }
}

function setup() {
  const world = exampleWorld({ cycleStart: T0 })
  world.net.advanceTime(T0 - world.net.time)
  const addresses = {
    rebalancer: world.d.rebalancer,
    auctionsManager: world.d.auctionsManager,
    oracle: world.d.oracle,
  }
  const keeperOver = (chain: ChainClient, options: ConstructorParameters<typeof RebalancerClient>[4] = {}) =>
    new RebalancerClient(chain, addresses, world.keeper, 'auto', options)
  return { ...world, addresses, keeperOver }
}

async function status(rc: RebalancerClient, pair: Pair) {
  const address = (await rc.pairs()).find(([p]) => p[0] === pair[0] && p[1] === pair[1])![1]
  return (await runQuery(rc.chain, auctionQueries.getAuction(address))).status
}

function collect() {
  const events: TickEvent[] = []
  return { events, onEvent: (e: TickEvent) => void events.push(e) }
}

describe('openings do not wait for a cycle (issue #14, liveness)', () => {
  it('after a crash right after the last system_rebalance, the next tick opens the queued auction though no cycle is due', async () => {
    const { net, d, keeper, keeperOver } = setup()
    const before = keeperOver(net.client(keeper))
    await before.updatePrices()
    await before.systemRebalance()
    // the keeper crashed here; a small deposit below the minimum waits in the other auction
    const seller = net.makeAddress('seller')
    net.mint(seller, [{ denom: 'untrn', amount: 2n * TOKEN }])
    net.execute(seller, d.auctions['untrn|uatom']!, { auction_funds: {} }, [
      { denom: 'untrn', amount: (2n * TOKEN).toString() },
    ])
    const rc = keeperOver(net.client(keeper))
    // the simulator's model opens in due ticks only
    expect((await rc.tick({ durationBlocks: 100, openBetweenCycles: false })).opened).toBe(0)
    const { events, onEvent } = collect()
    const summary = await rc.tick({ durationBlocks: 100, onEvent })
    expect(summary).toMatchObject({ due: false, opened: 1, rebalanceCalls: 0 })
    expect(await status(rc, ATOM_NTRN)).toBe('started')
    // below the minimum: not opened (which would refund it), it waits for the next cycle
    expect(await status(rc, NTRN_ATOM)).toBe('auction_closed')
    expect(net.balance(d.auctions['untrn|uatom']!, 'untrn')).toBe(2n * TOKEN)
    expect(
      events.filter((e) => e.type === 'valence_event' && e.event.action === VALENCE_ACTIONS.auctionRefund),
    ).toEqual([])
    // a further tick has nothing to open
    expect((await rc.tick({ durationBlocks: 100 })).opened).toBe(0)
  })
})

describe('openings between cycles are tried once per pair (issue #14, liveness)', () => {
  it('an opening the keeper’s check skips is not checked again every poll until the next cycle', async () => {
    const { net, keeper, keeperOver } = setup()
    const before = keeperOver(net.client(keeper))
    await before.updatePrices()
    await before.systemRebalance()
    const rc = keeperOver(net.client(keeper))
    let asked = 0
    // the market far above the oracle: the containment check refuses the opening
    const containment = {
      reference: {
        name: 'far-market',
        price: async () => {
          asked += 1
          return Dec.parse('100')
        },
      },
      minPremiumBps: 100,
    }
    const first = await rc.tick({ durationBlocks: 100, containment })
    expect(first).toMatchObject({ due: false, opened: 0, skipped: 1 })
    expect(first.report.skipped.map((k) => k.reason)).toEqual(['start_below_floor'])
    const second = await rc.tick({ durationBlocks: 100, containment })
    expect(second).toMatchObject({ due: false, opened: 0, skipped: 0 })
    expect(asked).toBe(1)
  })
})

describe('a system_rebalance whose answer was lost (issue #14, liveness)', () => {
  it('is recognised from the status machine when the retry is refused, and the tick goes on to open', async () => {
    const { net, keeper, keeperOver } = setup()
    const { client, sent } = faulty(net.client(keeper), ({ msg, n }) =>
      kind(msg) === 'system_rebalance' && n === 1 ? 'lose-connection' : 'pass',
    )
    const retries: string[] = []
    const rc = keeperOver(
      withRetries(client, {
        retryExecute: true,
        sleep: async () => {},
        onRetry: (e) => void retries.push((e as Error).message),
      }),
    )
    const summary = await rc.tick({ durationBlocks: 100 })
    expect(retries).toHaveLength(1) // the lost answer was retried, and the chain refused the retry
    expect(sent('system_rebalance')).toBe(1)
    expect(summary).toMatchObject({ due: true, opened: 1 })
    const s = await runQuery(rc.chain, rebalancerQueries.getSystemStatus(rc.addresses.rebalancer))
    expect('finished' in s).toBe(true)
  })

  it('still fails the tick when the call did not land (the chain state is unchanged)', async () => {
    const { net, keeper, keeperOver } = setup()
    const { client } = faulty(net.client(keeper), ({ msg }) =>
      kind(msg) === 'system_rebalance' ? 'fail' : 'pass',
    )
    await expect(keeperOver(client).tick({ durationBlocks: 100 })).rejects.toThrow(/out of gas/)
  })
})

describe('cleaning, new pairs and a bad pair (issue #14, liveness)', () => {
  /** A due tick, then blocks until the auctions ended. */
  async function cycleThenEnd(rc: RebalancerClient, net: ReturnType<typeof setup>['net']) {
    const first = await rc.tick({ durationBlocks: 100 })
    expect(first).toMatchObject({ due: true, opened: 1 })
    net.advanceBlocks(101)
  }

  /**
   * A keeper with a journal whose first three `clean_after_auction`s fail: a due tick, then
   * blocks until its auction ended (the next tick finishes it and cannot clean it).
   */
  async function cleanFailsThreeTimes() {
    const world = setup()
    const { client, sent } = faulty(world.net.client(world.keeper), ({ msg, n }) =>
      kind(msg) === 'clean_after_auction' && n <= 3 ? 'fail' : 'pass',
    )
    const journal = new MemoryTxJournal()
    await cycleThenEnd(world.keeperOver(client, { journal }), world.net)
    return { ...world, client, sent, journal }
  }

  it('retries a failed clean_after_auction in the same tick', async () => {
    const { net, keeper, keeperOver } = setup()
    const { client, sent } = faulty(net.client(keeper), ({ msg, n }) =>
      kind(msg) === 'clean_after_auction' && n === 1 ? 'fail' : 'pass',
    )
    const rc = keeperOver(client)
    await cycleThenEnd(rc, net)
    const summary = await rc.tick({ durationBlocks: 100 })
    expect(summary.finished).toBe(1)
    expect(sent('clean_after_auction')).toBe(1)
  })

  it('cleans on the next tick an auction whose clean failed every time in a tick', async () => {
    const { net, keeper, keeperOver } = setup()
    const { client, sent } = faulty(net.client(keeper), ({ msg, n }) =>
      kind(msg) === 'clean_after_auction' && n <= 3 ? 'fail' : 'pass',
    )
    const rc = keeperOver(client)
    await cycleThenEnd(rc, net)
    const { events, onEvent } = collect()
    expect((await rc.tick({ durationBlocks: 100, onEvent })).finished).toBe(0)
    expect(events.filter((e) => e.type === 'step_failed')).toEqual([
      {
        type: 'step_failed',
        step: 'finish_auction',
        pair: ATOM_NTRN,
        error: 'clean_after_auction: out of gas in location: clean_after_auction',
      },
    ])
    expect(sent('clean_after_auction')).toBe(0)
    expect((await rc.tick({ durationBlocks: 100 })).finished).toBe(1)
    expect(sent('clean_after_auction')).toBe(1)
    // cleaned once: nothing more to do
    expect((await rc.tick({ durationBlocks: 100 })).finished).toBe(0)
    expect(sent('clean_after_auction')).toBe(1)
  })

  it('after a restart between finish_auction and clean_after_auction, the journal tells the new client to clean', async () => {
    const { net, keeper, keeperOver, client, sent, journal } = await cleanFailsThreeTimes()
    // finished, its clean failed; the process dies with the auction in its memory only
    expect((await keeperOver(client, { journal }).tick({ durationBlocks: 100 })).finished).toBe(0)
    expect(sent('clean_after_auction')).toBe(0)
    // a new process over the same journal cleans it, once
    const restarted = keeperOver(client, { journal })
    expect((await restarted.tick({ durationBlocks: 100 })).finished).toBe(1)
    expect(sent('clean_after_auction')).toBe(1)
    expect((await restarted.tick({ durationBlocks: 100 })).finished).toBe(0)
    // and a third one sees it cleaned in the journal: nothing sent
    expect((await keeperOver(client, { journal }).tick({ durationBlocks: 100 })).finished).toBe(0)
    expect(sent('clean_after_auction')).toBe(1)
  })

  it('after a crash mid-clean (its transaction landed, journaled pending), a later restart does not clean twice', async () => {
    const { net, keeper, keeperOver, client, sent, journal } = await cleanFailsThreeTimes()
    expect((await keeperOver(client, { journal }).tick({ durationBlocks: 100 })).finished).toBe(0)
    // the dead process's last clean: broadcast, landed, its answer never read (journaled pending)
    const rc = keeperOver(client, { journal })
    const address = (await rc.pairs()).find(([p]) => p[0] === ATOM_NTRN[0] && p[1] === ATOM_NTRN[1])![1]
    const landed = await client.execute(keeper, address, auctionMsgs.cleanAfterAuction(address).msg, 'auto')
    journal.record({
      step: 'clean_after_auction',
      pair: ATOM_NTRN,
      hash: landed.transactionHash,
      height: landed.height,
      status: 'pending',
    })
    expect(sent('clean_after_auction')).toBe(1)
    // restarted long after (more than pendingBlocks): the pending clean is found, nothing is sent
    net.advanceBlocks(500)
    expect(
      (await keeperOver(client, { journal, pendingBlocks: 100 }).tick({ durationBlocks: 100 })).finished,
    ).toBe(0)
    expect(sent('clean_after_auction')).toBe(1)
    expect(journal.all().find((e) => e.hash === landed.transactionHash)?.status).toBe('committed')
  })

  it('a finish_auction whose answer was lost (its retry refused as already closed) still gets its clean', async () => {
    const { net, keeper, keeperOver } = setup()
    // the first finish lands and its connection breaks (no hash): the next is refused, already closed
    const { client, sent } = faulty(net.client(keeper), ({ msg, n }) =>
      innerKind(msg) === 'finish_auction' && n === 1 ? 'lose-connection' : 'pass',
    )
    const rc = keeperOver(client)
    await cycleThenEnd(rc, net)
    const { events, onEvent } = collect()
    const summary = await rc.tick({ durationBlocks: 100, onEvent })
    expect(sent('finish_auction')).toBe(1)
    expect(sent('clean_after_auction')).toBe(1)
    expect(summary.finished).toBe(1)
    expect(events.filter((e) => e.type === 'step_failed')).toEqual([])
  })

  it('an opening ends durationBlocks after the block it is sent in, however long planning took', async () => {
    const { net, keeper, keeperOver } = setup()
    const port = net.client(keeper)
    // every query lets 10 blocks pass (a slow RPC under retries): planning the openings reads
    // the pairs and their auctions after the height
    const slow: ChainClient = {
      queryContractSmart: async (a, q) => {
        net.advanceBlocks(10)
        return port.queryContractSmart(a, q)
      },
      getBalance: (a, d) => port.getBalance(a, d),
      getBlock: (h) => port.getBlock(h),
      execute: (...args) => port.execute(...args),
      instantiate: (...args) => port.instantiate(...args),
      getHeight: () => port.getHeight(),
    }
    const { events, onEvent } = collect()
    const summary = await keeperOver(slow).tick({ durationBlocks: 100, onEvent })
    expect(summary.opened).toBeGreaterThan(0)
    const opens = events.flatMap((e) =>
      e.type === 'valence_event' && e.event.action === VALENCE_ACTIONS.auctionOpen ? [e.event.data] : [],
    )
    expect(opens).toHaveLength(summary.opened)
    for (const o of opens) expect(Number(o.end_block) - Number(o.start_block)).toBe(100)
  })

  it('a running keeper sees a pair the admin added after its first tick', async () => {
    const { net, d, admin, keeper, keeperOver } = setup()
    const rc = keeperOver(net.client(keeper))
    const first = await rc.tick({ durationBlocks: 100 })
    expect(first.report.prices.map((p) => p.pair)).toEqual([ATOM_NTRN, NTRN_ATOM])
    net.execute(admin, d.auctionsManager, {
      admin: {
        new_auction: {
          msg: {
            pair: ['uatom', 'uusdc'],
            auction_strategy: { start_price_perc: 2000, end_price_perc: 2000 },
            chain_halt_config: { cap: '14400', block_avg: String(net.blockTimeSeconds) },
            price_freshness_strategy: {
              limit: '3',
              multipliers: [
                ['2', '2'],
                ['1', '1.5'],
              ],
            },
          },
          label: 'auction uatom-uusdc',
          min_amount: { send: TOKEN.toString(), start_auction: (10n * TOKEN).toString() },
        },
      },
    })
    net.advanceTime(86_400)
    const next = await rc.tick({ durationBlocks: 100 })
    expect(next.due).toBe(true)
    expect(next.report.prices.map((p) => p.pair)).toContainEqual(['uatom', 'uusdc'])
  })

  it('one pair whose auction answer fails the schema is that pair’s failed step; the other pairs proceed', async () => {
    const { net, d, keeper, keeperOver } = setup()
    const inner = net.client(keeper)
    const bad = d.auctions['untrn|uatom']!
    const client: ChainClient = {
      ...inner,
      execute: (...a) => inner.execute(...a),
      instantiate: (...a) => inner.instantiate(...a),
      getBalance: (...a) => inner.getBalance(...a),
      getHeight: () => inner.getHeight(),
      getBlock: (h) => inner.getBlock(h),
      async queryContractSmart(address, query) {
        const answer = await inner.queryContractSmart(address, query)
        return address === bad && kind(query) === 'get_auction' ? { ...answer, surprise: 1 } : answer
      },
    }
    const rc = keeperOver(client)
    const { events, onEvent } = collect()
    const summary = await rc.tick({ durationBlocks: 100, onEvent })
    expect(summary).toMatchObject({ due: true, opened: 1 })
    const failed = events.filter((e) => e.type === 'step_failed')
    expect(failed.map((e) => [e.step, e.pair])).toEqual([
      ['finish_auction', NTRN_ATOM],
      ['open_auction', NTRN_ATOM],
    ])
    expect(failed[0]!.type === 'step_failed' && failed[0]!.error).toMatch(/surprise/)
    // and again on the next tick: it never throws
    net.advanceBlocks(101)
    expect((await rc.tick({ durationBlocks: 100 })).finished).toBe(1)
  })
})

describe('the transaction journal (issue #14, liveness)', () => {
  it('after a lost answer and a restart, a pending step that landed is found on chain and not sent again', async () => {
    const { net, keeper, keeperOver } = setup()
    const { client, sent } = faulty(net.client(keeper), ({ msg, n }) =>
      kind(msg) === 'update_price' && n === 1 ? 'lose' : 'pass',
    )
    const journal = new MemoryTxJournal()
    const steps = await keeperOver(client, { journal }).updatePrices()
    expect(steps.map((s) => s.ok)).toEqual([false, true])
    expect(sent('update_price')).toBe(2)
    const [lost, ok] = journal.all()
    expect(lost).toMatchObject({ step: 'update_price', pair: ATOM_NTRN, status: 'pending' })
    expect(ok).toMatchObject({ step: 'update_price', pair: NTRN_ATOM, status: 'committed' })
    // restart: a new client over the same journal
    const again = await keeperOver(client, { journal }).updatePrices()
    expect(again.map((s) => s.ok)).toEqual([true, true])
    expect(sent('update_price')).toBe(3) // only the second pair was sent again
    expect(journal.all()[0]).toMatchObject({ hash: lost!.hash, status: 'committed' })
  })

  it('a pending transaction that landed long ago (an earlier cycle) is settled, and the step is sent', async () => {
    const { net, keeper, keeperOver } = setup()
    const { client, sent } = faulty(net.client(keeper), ({ msg, n }) =>
      kind(msg) === 'update_price' && n === 1 ? 'lose' : 'pass',
    )
    const journal = new MemoryTxJournal()
    await keeperOver(client, { journal }).updatePrices()
    net.advanceBlocks(100)
    const steps = await keeperOver(client, { journal, pendingBlocks: 100 }).updatePrices()
    expect(steps.map((s) => s.ok)).toEqual([true, true])
    expect(sent('update_price')).toBe(4)
    expect(journal.all().map((e) => e.status)).toEqual(['committed', 'committed', 'committed', 'committed'])
  })

  it('a pending transaction the chain does not know holds its step until pendingBlocks have passed, then it is dropped and sent', async () => {
    const { net, keeper, keeperOver } = setup()
    const { client, sent } = faulty(net.client(keeper), ({ msg, n }) =>
      kind(msg) === 'update_price' && n === 1 ? 'drop' : 'pass',
    )
    const journal = new MemoryTxJournal()
    await keeperOver(client, { journal }).updatePrices()
    const rc = keeperOver(client, { journal, pendingBlocks: 5 })
    const held = await rc.updatePrices()
    expect(held[0]).toMatchObject({ ok: false, error: expect.stringMatching(/is not on chain yet/) })
    expect(sent('update_price')).toBe(2)
    net.advanceBlocks(5)
    const sentAgain = await rc.updatePrices()
    expect(sentAgain.map((s) => s.ok)).toEqual([true, true])
    expect(sent('update_price')).toBe(4)
    expect(journal.all()[0]).toMatchObject({ status: 'dropped' })
  })

  it('refuses a malformed entry naming the field, and a bad pendingBlocks', () => {
    const journal = new MemoryTxJournal()
    expect(() =>
      journal.record({
        step: 'update_price',
        pair: ATOM_NTRN,
        hash: 'not hex',
        height: 1,
        status: 'pending',
      }),
    ).toThrow(/journal entry hash: a transaction hash is hex/)
    expect(journal.all()).toEqual([])
    const { net, keeper, keeperOver } = setup()
    expect(() => keeperOver(net.client(keeper), { pendingBlocks: 0 })).toThrow(/pendingBlocks 0 is invalid/)
  })
})
