/**
 * The keeper's SQLite transaction journal (issue #14, "Liveness"): WAL, the schema created on
 * open, entries that survive a restart, and a tick over the localnet that, after a lost answer
 * and a restart, finds the pending transaction on chain instead of sending the step again.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type FoundTx, type JournalEntry, MemoryTxJournal, RebalancerClient } from '@rebalancer/adapters'
import { exampleWorld } from '@rebalancer/localnet/testing'
import type { ChainClient, JsonValue } from '@rebalancer/types'
import Database from 'better-sqlite3'
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { SqliteTxJournal } from '../src/journal.js'

const dirs: string[] = []
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'keeper-journal-'))
  dirs.push(dir)
  return join(dir, 'journal.sqlite')
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

const HASH = 'AB'.repeat(32)

describe('SqliteTxJournal', () => {
  it('creates its schema on open, in WAL mode, and keeps entries across a restart', () => {
    const path = tempFile()
    const j = SqliteTxJournal.open(path, { now: () => 1000 })
    expect(j.journalMode()).toBe('wal')
    j.record({ step: 'update_price', pair: ['uatom', 'untrn'], hash: HASH, height: 7, status: 'pending' })
    j.record({ step: 'system_rebalance', pair: null, hash: 'CD'.repeat(32), height: 8, status: 'pending' })
    j.close()
    const again = SqliteTxJournal.open(path)
    expect(again.pending('update_price', ['uatom', 'untrn'])).toEqual([
      { step: 'update_price', pair: ['uatom', 'untrn'], hash: HASH, height: 7, status: 'pending' },
    ])
    expect(again.pending('update_price', ['untrn', 'uatom'])).toEqual([])
    expect(again.pending('system_rebalance', null).map((e) => e.hash)).toEqual(['CD'.repeat(32)])
    // the same hash updates its row: no longer pending
    again.record({
      step: 'update_price',
      pair: ['uatom', 'untrn'],
      hash: HASH,
      height: 9,
      status: 'committed',
    })
    expect(again.pending('update_price', ['uatom', 'untrn'])).toEqual([])
    expect(again.all()).toHaveLength(2)
    again.close()
    const db = new Database(path, { readonly: true })
    expect(db.prepare('SELECT height, status, recorded_at FROM txs WHERE hash = ?').get(HASH)).toEqual({
      height: 9,
      status: 'committed',
      recorded_at: 1000,
    })
    db.close()
  })

  it('latest(step, pair, statuses) finds the greatest height the in-memory journal finds, in a status asked for (property)', () => {
    const pairs = [['uatom', 'untrn'], ['untrn', 'uatom'], null] as const
    // a hash belongs to one step and pair; a few per step and pair, so later records update earlier ones
    const entry = fc
      .record({
        step: fc.integer({ min: 0, max: 1 }),
        pair: fc.integer({ min: 0, max: 2 }),
        n: fc.integer({ min: 0, max: 2 }),
        height: fc.integer({ min: 0, max: 20 }),
        status: fc.constantFrom('pending', 'committed', 'failed', 'dropped') as fc.Arbitrary<
          JournalEntry['status']
        >,
      })
      .map(({ step, pair, n, height, status }) => ({
        step: (['finish_auction', 'clean_after_auction'] as const)[step]!,
        pair: pairs[pair]!,
        hash: `${step}${pair}${n}`.padStart(64, 'A'),
        height,
        status,
      }))
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 25 }), (entries) => {
        const sqlite = SqliteTxJournal.open(':memory:')
        const memory = new MemoryTxJournal()
        for (const e of entries) {
          const pair = e.pair === null ? null : ([e.pair[0], e.pair[1]] as const)
          sqlite.record({ ...e, pair })
          memory.record({ ...e, pair })
        }
        for (const step of ['finish_auction', 'clean_after_auction'] as const)
          for (const p of pairs)
            for (const statuses of [['committed'], ['pending', 'committed'], []] as const) {
              const pair = p === null ? null : ([p[0], p[1]] as const)
              const a = sqlite.latest(step, pair, statuses)
              const b = memory.latest(step, pair, statuses)
              // the same height (among equal heights the port allows any entry)
              expect(a?.height).toBe(b?.height)
              if (a) expect(statuses).toContain(a.status)
            }
        sqlite.close()
      }),
    )
  })

  it('refuses a malformed entry naming the field, writing nothing', () => {
    const j = SqliteTxJournal.open(tempFile())
    expect(() =>
      j.record({ step: 'update_price', pair: ['uatom', 'untrn'], hash: HASH, height: -1, status: 'pending' }),
    ).toThrow(/journal entry height/)
    expect(() =>
      j.record({ step: 'bid' as never, pair: ['uatom', 'untrn'], hash: HASH, height: 1, status: 'pending' }),
    ).toThrow(/journal entry step/)
    expect(j.all()).toEqual([])
    j.close()
  })

  it('names the path when the file is not a journal', () => {
    const path = tempFile()
    const db = new Database(path)
    db.exec('CREATE TABLE txs (something_else TEXT)')
    db.close()
    expect(() => SqliteTxJournal.open(path)).toThrow(`cannot open the transaction journal ${path}`)
    expect(() => SqliteTxJournal.open(join(path, 'no', 'such', 'dir.sqlite'))).toThrow(
      /cannot open the transaction journal .*dir\.sqlite/,
    )
  })

  it('a keeper restarted while its transaction waits in a mempool neither sends it again nor forgets it', async () => {
    const T0 = Date.UTC(2024, 0, 1) / 1000
    const { net, d, keeper } = exampleWorld({ cycleStart: T0 })
    net.advanceTime(T0 - net.time)
    const inner = net.client(keeper)
    const index = new Map<string, FoundTx>()
    const sentFor = new Map<string, number>()
    // the first update_price of uatom|untrn is broadcast but waits in a mempool: its answer is
    // lost (cosmjs's TimeoutError with the hash), and it lands only when `land()` is called
    let waiting: (() => Promise<void>) | undefined
    const HELD = 'EF'.repeat(32)
    const chain: ChainClient & { getTx(id: string): Promise<FoundTx | null> } = {
      queryContractSmart: (a, q) => inner.queryContractSmart(a, q),
      getBalance: (a, dn) => inner.getBalance(a, dn),
      getHeight: () => inner.getHeight(),
      getBlock: (h) => inner.getBlock(h),
      instantiate: (...a) => inner.instantiate(...a),
      async execute(sender, contract, msg: JsonValue, fee, memo, funds) {
        const pair = JSON.stringify((msg as { update_price?: { pair: unknown } }).update_price?.pair ?? null)
        const send = async (hash?: string) => {
          const res = await inner.execute(sender, contract, msg, fee, memo, funds)
          sentFor.set(pair, (sentFor.get(pair) ?? 0) + 1)
          const h = hash ?? res.transactionHash
          index.set(h, { height: res.height, hash: h, code: 0, events: res.events })
          return res
        }
        if (pair === '["uatom","untrn"]' && waiting === undefined && !index.has(HELD)) {
          waiting = async () => void (await send(HELD))
          throw Object.assign(new Error(`Transaction with ID ${HELD} was submitted but was not yet found`), {
            name: 'TimeoutError',
            txId: HELD,
          })
        }
        return send()
      },
      getTx: async (id) => index.get(id) ?? null,
    }
    const addresses = { rebalancer: d.rebalancer, auctionsManager: d.auctionsManager, oracle: d.oracle }
    const path = tempFile()
    const before = SqliteTxJournal.open(path)
    const first = await new RebalancerClient(chain, addresses, keeper, 'auto', {
      journal: before,
    }).updatePrices()
    expect(first.map((s) => s.ok)).toEqual([false, true])
    before.close()

    // restart: the transaction is still in the mempool
    const journal = SqliteTxJournal.open(path)
    const rc = new RebalancerClient(chain, addresses, keeper, 'auto', { journal })
    const held = await rc.updatePrices()
    expect(held[0]).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^update_price of \[uatom, untrn\]: transaction EF/),
    })
    expect(held[1]!.ok).toBe(true)
    expect(sentFor.get('["uatom","untrn"]') ?? 0).toBe(0)
    // it lands: the next attempt finds it and takes it as the step's result
    await waiting!()
    const after = await rc.updatePrices()
    expect(after.map((s) => s.ok)).toEqual([true, true])
    expect(sentFor.get('["uatom","untrn"]')).toBe(1)
    expect(sentFor.get('["untrn","uatom"]')).toBe(3)
    expect(journal.all().find((e) => e.hash === HELD)).toMatchObject({
      status: 'committed',
      step: 'update_price',
    })
    expect(journal.pending('update_price', ['uatom', 'untrn'])).toEqual([])
    journal.close()
  })
})
