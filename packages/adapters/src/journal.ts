/**
 * The keeper's transaction journal (issue #14, "Liveness"): every transaction a tick sends is
 * recorded with its step, pair, hash and height, so that after a lost answer or a restart the
 * keeper checks a pending hash on chain before sending the same step again. The port is here;
 * the keeper's SQLite implementation is `apps/keeper/src/journal.ts`, {@link MemoryTxJournal}
 * keeps it in memory (tests, one process).
 */
import {
  type Coin,
  type Event,
  type ExecuteResult,
  type JsonValue,
  type Pair,
  RebalancerError,
  type StdFee,
} from '@rebalancer/types'
import * as z from 'zod'

/** The steps a tick sends, as the journal names them. */
export const JOURNAL_STEPS = [
  'finish_auction',
  'clean_after_auction',
  'update_price',
  'system_rebalance',
  'open_auction',
] as const
/** One of {@link JOURNAL_STEPS}. */
export type JournalStep = (typeof JOURNAL_STEPS)[number]

/**
 * A journaled transaction's state: `pending` (broadcast, outcome unknown: the answer was lost),
 * `committed` (in a block with code 0), `failed` (in a block with an error code), `dropped`
 * (never found on chain within the keeper's `pendingBlocks`; the step may be sent again).
 */
export type JournalStatus = 'pending' | 'committed' | 'failed' | 'dropped'

/** The zod schema of a {@link JournalEntry} (strict: unknown fields are refused). */
export const JournalEntrySchema = z.strictObject({
  step: z.enum(JOURNAL_STEPS),
  /** `[sell, buy]` for per-pair steps, `null` for `system_rebalance`. */
  pair: z.tuple([z.string().min(1), z.string().min(1)]).nullable(),
  /** The transaction hash (hex, as the chain reports it). */
  hash: z.string().regex(/^[0-9A-Fa-f]{1,128}$/, 'a transaction hash is hex'),
  /** The block height: of the block that holds it, or (pending) the latest height when it was sent. */
  height: z.number().int().nonnegative(),
  status: z.enum(['pending', 'committed', 'failed', 'dropped']),
})

/** One journaled transaction. Hashes identify entries: recording a known hash updates it. */
export interface JournalEntry {
  step: JournalStep
  /** `[sell, buy]` for per-pair steps, `null` for `system_rebalance`. */
  pair: Pair | null
  /** The transaction hash (hex). */
  hash: string
  /** Block height: of the block that holds it, or (pending) the latest height when it was sent. */
  height: number
  status: JournalStatus
}

/**
 * Checks a journal entry at the journal's boundary.
 * @throws RebalancerError `invalid_journal_entry` naming the field and the rule.
 */
export function parseJournalEntry(entry: unknown): JournalEntry {
  const r = JournalEntrySchema.safeParse(entry)
  if (r.success) return r.data
  const issue = r.error.issues[0]!
  const path = issue.path.map(String)
  throw new RebalancerError(
    'invalid_journal_entry',
    `journal entry ${path.join('.') || '(root)'}: ${issue.message}`,
    { path: ['journal', ...path] },
  )
}

/**
 * The transaction journal port that `RebalancerClient` uses when given one. Methods may be
 * synchronous (better-sqlite3) or asynchronous.
 */
export interface TxJournal {
  /**
   * Records a transaction, or updates the entry with the same `hash` (its status and height).
   * @throws RebalancerError `invalid_journal_entry` for a malformed entry (nothing is written).
   */
  record(entry: JournalEntry): void | Promise<void>
  /** The `pending` entries of a step and pair (`null` for `system_rebalance`), oldest first. */
  pending(step: JournalStep, pair: Pair | null): readonly JournalEntry[] | Promise<readonly JournalEntry[]>
  /**
   * An entry of a step and pair with one of `statuses` at the greatest height (any one of
   * those at that height), or `undefined`. Optional: without it, a keeper restarted
   * between `finish_auction` and `clean_after_auction` does not know the auction is left to clean.
   */
  latest?(
    step: JournalStep,
    pair: Pair | null,
    statuses: readonly JournalStatus[],
  ): JournalEntry | undefined | Promise<JournalEntry | undefined>
}

/** A transaction found on chain by hash (cosmjs `IndexedTx` subset). */
export interface FoundTx {
  height: number
  hash: string
  /** 0 on success. */
  code: number
  events: readonly Event[]
}

/**
 * The optional lookup of a transaction by hash, the port's only extension for the journal:
 * cosmjs's `CosmWasmClient.getTx` satisfies it. A chain without it (the in-process localnet
 * client) is not asked: the steps' own chain-state guards apply.
 */
export interface TxLookup {
  /** The transaction with this hash, or `null` when the chain does not know it (yet). */
  getTx(id: string): Promise<FoundTx | null>
}

/** Whether a chain port can look transactions up by hash. */
export function hasTxLookup(chain: object): chain is TxLookup {
  return typeof (chain as { getTx?: unknown }).getTx === 'function'
}

/**
 * The optional send that names its transaction before broadcasting it (issue #14, "Faults"):
 * the message is signed first, `onSigned` gets the transaction's hash (the journal records it
 * `pending` then, so that a crash or a lost answer after the broadcast can never make the step
 * go out twice), and only then is it broadcast; a lost answer is settled by looking the hash up
 * and broadcasting the same bytes again, which the account's sequence lets land at most once.
 * `connectSigningClient`'s client has it; the in-process localnet's port does not.
 */
export interface SignedSend {
  /**
   * As `ChainClient.execute`, with `onSigned` awaited between signing and broadcasting.
   * @throws {@link UnconfirmedTxError} (with the hash) when the outcome stays unknown; the
   *   chain's refusal: at simulation or CheckTx (cosmjs's errors), or RebalancerError
   *   `tx_failed` (the hash, height, code and log, in cosmjs's wording) when it failed in its block.
   */
  executeSigned(
    sender: string,
    contract: string,
    msg: JsonValue,
    fee: StdFee | 'auto' | number,
    memo: string | undefined,
    funds: readonly Coin[] | undefined,
    onSigned: (hash: string) => void | Promise<void>,
  ): Promise<ExecuteResult>
}

/** Whether a chain port signs before it broadcasts ({@link SignedSend}). */
export function hasSignedSend(chain: object): chain is SignedSend {
  return typeof (chain as { executeSigned?: unknown }).executeSigned === 'function'
}

/**
 * A transaction was broadcast (or may have been) but was not found on chain in time: its
 * outcome is unknown. It carries the hash as `txId`, as cosmjs's `TimeoutError` does, so
 * {@link lostTxHash} finds it and the step is not sent again before it is looked up.
 * Code: `tx_unconfirmed`.
 */
export class UnconfirmedTxError extends RebalancerError {
  static override readonly kind = 'UnconfirmedTxError'
  /** The transaction's hash (hex, upper case). */
  readonly txId: string

  constructor(txId: string, message: string, options: { cause?: unknown } = {}) {
    super('tx_unconfirmed', message, options)
    this.txId = txId
  }
}

/**
 * The hash of a transaction that was broadcast but whose outcome is unknown, from a send's
 * error: cosmjs's `TimeoutError` ("was submitted but was not yet found on the chain") and
 * {@link UnconfirmedTxError} carry it as `txId`. `undefined` for any other error (the
 * transaction was refused or never sent).
 */
export function lostTxHash(e: unknown): string | undefined {
  const id = (e as { txId?: unknown } | null)?.txId
  return typeof id === 'string' && /^[0-9A-Fa-f]+$/.test(id) ? id : undefined
}

function samePair(a: Pair | null, b: Pair | null): boolean {
  return a === null || b === null ? a === b : a[0] === b[0] && a[1] === b[1]
}

/** A {@link TxJournal} in memory: for tests and a keeper that does not need to survive restarts. */
export class MemoryTxJournal implements TxJournal {
  private readonly entries = new Map<string, JournalEntry>()

  record(entry: JournalEntry): void {
    const e = parseJournalEntry(entry)
    this.entries.set(e.hash.toUpperCase(), e)
  }

  pending(step: JournalStep, pair: Pair | null): JournalEntry[] {
    return [...this.entries.values()].filter(
      (e) => e.status === 'pending' && e.step === step && samePair(e.pair, pair),
    )
  }

  latest(step: JournalStep, pair: Pair | null, statuses: readonly JournalStatus[]): JournalEntry | undefined {
    let best: JournalEntry | undefined
    for (const e of this.entries.values())
      if (
        e.step === step &&
        samePair(e.pair, pair) &&
        statuses.includes(e.status) &&
        (!best || e.height >= best.height)
      )
        best = e
    return best
  }

  /** Every entry, in the order first recorded. */
  all(): JournalEntry[] {
    return [...this.entries.values()]
  }
}
