import type { ChainClient, Event, ExecuteResult, JsonValue, Pair, StdFee } from '@rebalancer/types'

/** The contracts a keeper drives. */
export interface RebalancerAddresses {
  rebalancer: string
  auctionsManager: string
  oracle: string
}

/** An auction's state as the keeper needs it (from `get_auction`). */
export interface AuctionSummary {
  pair: Pair
  address: string
  status: 'started' | 'finished' | 'close_auction' | 'auction_closed'
  startBlock: number
  endBlock: number
  /** Sell-denom balance the auction contract holds (queued deposits plus leftovers), base units. */
  sellBalance: bigint
}

/** One step's outcome per pair. */
export interface PairStep {
  pair: Pair
  ok: boolean
  /** The chain's error message when not ok. */
  error?: string
}

/** A `valence-event` decoded from a transaction's events. */
export interface ValenceEvent {
  contract: string
  action: string
  data: unknown
}

/**
 * The keeper's cycle (architecture.md, "One cycle") as methods over the chain port, so the same
 * code drives the localnet and a real chain. Every step is safe to repeat after a crash: each
 * is guarded by the chain's own state (the rebalancer's status machine, the auctions' status).
 */
export class RebalancerClient {
  private pairCache: [Pair, string][] | undefined

  constructor(
    readonly chain: ChainClient,
    readonly addresses: RebalancerAddresses,
    /** The keeper's address: signs every message; must be the auctions manager's server address to open. */
    readonly sender: string,
    readonly fee: StdFee | 'auto' | number = 'auto',
  ) {}

  private exec(contract: string, msg: JsonValue): Promise<ExecuteResult> {
    return this.chain.execute(this.sender, contract, msg, this.fee)
  }

  /** Every pair with its auction address (`get_pairs`, paged), cached for this client. */
  async pairs(): Promise<[Pair, string][]> {
    if (this.pairCache) return this.pairCache
    const out: [Pair, string][] = []
    let startAfter: JsonValue = null
    for (;;) {
      const page: [Pair, string][] = await this.chain.queryContractSmart(this.addresses.auctionsManager, {
        get_pairs: { start_after: startAfter, limit: 50 },
      })
      out.push(...page)
      if (page.length < 50) break
      const last = page[page.length - 1]![0]
      startAfter = [last[0], last[1]]
    }
    this.pairCache = out
    return out
  }

  /** Step 1: `update_price {pair}` for every pair (permissionless). A failing pair does not stop the rest. */
  async updatePrices(): Promise<PairStep[]> {
    const out: PairStep[] = []
    for (const [pair] of await this.pairs()) {
      try {
        await this.exec(this.addresses.oracle, { update_price: { pair: [pair[0], pair[1]] } })
        out.push({ pair, ok: true })
      } catch (e) {
        out.push({ pair, ok: false, error: (e as Error).message })
      }
    }
    return out
  }

  /** The rebalancer's status (`get_system_status`, wire form). */
  systemStatus(): Promise<any> {
    return this.chain.queryContractSmart(this.addresses.rebalancer, 'get_system_status')
  }

  /**
   * Step 2: `system_rebalance {limit}` until the status is `finished`. Returns the decoded
   * valence events of every call (account rebalances, pauses, stale prices).
   * @throws the chain's error when the cycle has not started yet.
   */
  async systemRebalance(limit = 50): Promise<{ calls: number; events: ValenceEvent[] }> {
    const events: ValenceEvent[] = []
    let calls = 0
    for (;;) {
      const res = await this.exec(this.addresses.rebalancer, { system_rebalance: { limit } })
      calls += 1
      events.push(...decodeValenceEvents(res.events))
      const status = await this.systemStatus()
      if (typeof status === 'object' && status !== null && 'finished' in status) break
      if (calls > 1_000_000) throw new Error('system_rebalance did not finish')
    }
    return { calls, events }
  }

  /** Every auction's status and the sell-denom balance it holds. */
  async auctions(): Promise<AuctionSummary[]> {
    const out: AuctionSummary[] = []
    for (const [pair, address] of await this.pairs()) {
      const a = await this.chain.queryContractSmart(address, 'get_auction')
      const bal = await this.chain.getBalance(address, pair[0])
      const status = typeof a.status === 'string' ? a.status : Object.keys(a.status)[0]
      out.push({
        pair,
        address,
        status,
        startBlock: a.start_block,
        endBlock: a.end_block,
        sellBalance: BigInt(bal.amount),
      })
    }
    return out
  }

  /**
   * Step 3: `open_auction` for every closed auction holding sell funds, ending `durationBlocks`
   * after the current height. An auction whose queued funds are below the denom's
   * `start_auction` minimum refunds its sellers and stays closed (still `ok`).
   */
  async openAuctions(durationBlocks: number): Promise<PairStep[]> {
    const height = await this.chain.getHeight()
    const out: PairStep[] = []
    for (const a of await this.auctions()) {
      if (a.status !== 'auction_closed' || a.sellBalance === 0n) continue
      try {
        await this.exec(this.addresses.auctionsManager, {
          server: {
            open_auction: {
              pair: [a.pair[0], a.pair[1]],
              params: { start_block: null, end_block: height + durationBlocks },
            },
          },
        })
        out.push({ pair: a.pair, ok: true })
      } catch (e) {
        out.push({ pair: a.pair, ok: false, error: (e as Error).message })
      }
    }
    return out
  }

  /**
   * Step 5: for every auction that has ended (finished, or past its end block),
   * `finish_auction {limit}` until it is closed, then `clean_after_auction`. Returns the decoded
   * close events (average price, sold, resolved, leftovers).
   */
  async finishAuctions(
    limit = 50,
  ): Promise<{ steps: PairStep[]; events: ValenceEvent[]; transfers: Transfer[] }> {
    const height = await this.chain.getHeight()
    const steps: PairStep[] = []
    const events: ValenceEvent[] = []
    const transfers: Transfer[] = []
    for (const a of await this.auctions()) {
      const ended =
        a.status === 'finished' ||
        a.status === 'close_auction' ||
        (a.status === 'started' && height >= a.endBlock)
      if (!ended) continue
      try {
        let status = a.status
        while (status !== 'auction_closed') {
          const res = await this.exec(this.addresses.auctionsManager, {
            finish_auction: { pair: [a.pair[0], a.pair[1]], limit },
          })
          events.push(...decodeValenceEvents(res.events))
          transfers.push(...decodeTransfers(res.events))
          const info = await this.chain.queryContractSmart(a.address, 'get_auction')
          status = typeof info.status === 'string' ? info.status : Object.keys(info.status)[0]
        }
        await this.exec(a.address, { clean_after_auction: {} })
        steps.push({ pair: a.pair, ok: true })
      } catch (e) {
        steps.push({ pair: a.pair, ok: false, error: (e as Error).message })
      }
    }
    return { steps, events, transfers }
  }
}

/** A bank transfer reported by a transaction (`transfer` event). */
export interface Transfer {
  sender: string
  recipient: string
  coins: { denom: string; amount: bigint }[]
}

/** Decodes the `transfer` events (`sender`, `recipient`, `amount` as `"100uatom,5untrn"`). */
export function decodeTransfers(events: readonly Event[]): Transfer[] {
  const out: Transfer[] = []
  for (const e of events) {
    if (e.type !== 'transfer') continue
    const attr = (k: string) => e.attributes.find((a) => a.key === k)?.value ?? ''
    const coins = attr('amount')
      .split(',')
      .filter((c) => c.length > 0)
      .map((c) => {
        const m = /^(\d+)(.+)$/.exec(c)
        if (!m) throw new Error(`malformed coin "${c}" in a transfer event`)
        return { denom: m[2]!, amount: BigInt(m[1]!) }
      })
    out.push({ sender: attr('sender'), recipient: attr('recipient'), coins })
  }
  return out
}

/** Decodes the `wasm-valence-event`s (action + base64 JSON data) of a transaction. */
export function decodeValenceEvents(events: readonly Event[]): ValenceEvent[] {
  const out: ValenceEvent[] = []
  for (const e of events) {
    if (e.type !== 'wasm-valence-event') continue
    const attr = (k: string) => e.attributes.find((a) => a.key === k)?.value
    const data = attr('data')
    out.push({
      contract: attr('_contract_address') ?? '',
      action: attr('action') ?? '',
      data: data === undefined ? null : JSON.parse(decodeBase64(data)),
    })
  }
  return out
}

function decodeBase64(b64: string): string {
  return new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)))
}
