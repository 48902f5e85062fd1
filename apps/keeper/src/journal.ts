/**
 * The keeper's transaction journal on disk (issue #14, "Liveness"): the `TxJournal` port of
 * `@rebalancer/adapters` in a SQLite file (better-sqlite3, WAL), so that after a restart the
 * keeper looks a pending transaction up on chain before sending the same step again.
 */
import {
  type JournalEntry,
  type JournalStatus,
  type JournalStep,
  parseJournalEntry,
  type TxJournal,
} from '@rebalancer/adapters'
import { type Pair, RebalancerError } from '@rebalancer/types'
import Database from 'better-sqlite3'

/** The schema, created on open when missing (version 1). */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS txs (
  hash TEXT PRIMARY KEY NOT NULL,
  step TEXT NOT NULL,
  pair_sell TEXT,
  pair_buy TEXT,
  height INTEGER NOT NULL,
  status TEXT NOT NULL,
  recorded_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS txs_pending ON txs (status, step, pair_sell, pair_buy);
`

interface Row {
  hash: string
  step: string
  pair_sell: string | null
  pair_buy: string | null
  height: number
  status: string
}

/**
 * A {@link TxJournal} in a SQLite file: one row per transaction hash (step, pair, height,
 * status, first and last write times in unix milliseconds), the write-ahead log on, the schema
 * created on open. Writes are synchronous and durable when they return. Give it to
 * `new RebalancerClient(chain, addresses, sender, fee, { journal })`.
 * @example
 * const journal = SqliteTxJournal.open('/var/lib/rebalancer-keeper/journal.sqlite')
 * const rc = new RebalancerClient(client, addresses, sender, 'auto', { journal })
 * // … on shutdown
 * journal.close()
 */
export class SqliteTxJournal implements TxJournal {
  private readonly upsert: Database.Statement
  private readonly selectPending: Database.Statement
  private readonly selectPendingPairless: Database.Statement
  private readonly selectAll: Database.Statement

  private constructor(
    private readonly db: Database.Database,
    private readonly now: () => number,
  ) {
    this.upsert = db.prepare(
      `INSERT INTO txs (hash, step, pair_sell, pair_buy, height, status, recorded_at, updated_at)
       VALUES (@hash, @step, @pair_sell, @pair_buy, @height, @status, @at, @at)
       ON CONFLICT(hash) DO UPDATE SET height = excluded.height, status = excluded.status,
         updated_at = excluded.updated_at`,
    )
    this.selectPending = db.prepare(
      `SELECT hash, step, pair_sell, pair_buy, height, status FROM txs
       WHERE status = 'pending' AND step = ? AND pair_sell = ? AND pair_buy = ? ORDER BY rowid`,
    )
    this.selectPendingPairless = db.prepare(
      `SELECT hash, step, pair_sell, pair_buy, height, status FROM txs
       WHERE status = 'pending' AND step = ? AND pair_sell IS NULL ORDER BY rowid`,
    )
    this.selectAll = db.prepare(
      'SELECT hash, step, pair_sell, pair_buy, height, status FROM txs ORDER BY rowid',
    )
  }

  /**
   * Opens (or creates) the journal at `path` (`:memory:` for a journal that lives with the
   * process), turns the write-ahead log on and creates the schema when missing.
   * @param options.now the clock of the rows' times (unix ms); default `Date.now`.
   * @throws RebalancerError `journal_unavailable` naming the path when the file cannot be
   *   opened or is not a journal (the SQLite error follows).
   */
  static open(path: string, options: { now?: () => number } = {}): SqliteTxJournal {
    let db: Database.Database | undefined
    try {
      db = new Database(path)
      db.pragma('journal_mode = WAL')
      db.pragma('synchronous = FULL')
      db.exec(SCHEMA)
      return new SqliteTxJournal(db, options.now ?? Date.now)
    } catch (e) {
      db?.close()
      throw new RebalancerError(
        'journal_unavailable',
        `cannot open the transaction journal ${path}: ${(e as Error).message}`,
        { path: ['journal'] },
      )
    }
  }

  /** Records a transaction or updates the row of its hash. @throws RebalancerError `invalid_journal_entry`. */
  record(entry: JournalEntry): void {
    const e = parseJournalEntry(entry)
    this.upsert.run({
      hash: e.hash.toUpperCase(),
      step: e.step,
      pair_sell: e.pair?.[0] ?? null,
      pair_buy: e.pair?.[1] ?? null,
      height: e.height,
      status: e.status,
      at: this.now(),
    })
  }

  /** The pending entries of a step and pair (`null` for `system_rebalance`), oldest first. */
  pending(step: JournalStep, pair: Pair | null): JournalEntry[] {
    const rows = (
      pair === null ? this.selectPendingPairless.all(step) : this.selectPending.all(step, pair[0], pair[1])
    ) as Row[]
    return rows.map(toEntry)
  }

  /** An entry of a step and pair with one of `statuses` at the greatest height (any one among equals), or undefined. */
  latest(step: JournalStep, pair: Pair | null, statuses: readonly JournalStatus[]): JournalEntry | undefined {
    if (statuses.length === 0) return undefined
    const marks = statuses.map(() => '?').join(', ')
    const where =
      pair === null ? 'step = ? AND pair_sell IS NULL' : 'step = ? AND pair_sell = ? AND pair_buy = ?'
    const row = this.db
      .prepare(
        `SELECT hash, step, pair_sell, pair_buy, height, status FROM txs
         WHERE ${where} AND status IN (${marks}) ORDER BY height DESC, rowid DESC LIMIT 1`,
      )
      .get(step, ...(pair === null ? [] : [pair[0], pair[1]]), ...statuses) as Row | undefined
    return row && toEntry(row)
  }

  /** Every entry, oldest first (for reports and tests). */
  all(): JournalEntry[] {
    return (this.selectAll.all() as Row[]).map(toEntry)
  }

  /** The SQLite journal mode in force (`wal` once opened on a file). */
  journalMode(): string {
    return String(this.db.pragma('journal_mode', { simple: true }))
  }

  /** Closes the file (the write-ahead log is checkpointed). */
  close(): void {
    this.db.close()
  }
}

/** A journal row as an entry, checked: a row that is not one (a foreign file) is refused. */
function toEntry(r: Row): JournalEntry {
  return parseJournalEntry({
    step: r.step,
    pair: r.pair_sell === null || r.pair_buy === null ? null : [r.pair_sell, r.pair_buy],
    hash: r.hash,
    height: r.height,
    status: r.status,
  })
}
