/**
 * The scenario's market makers on a localnet someone else drives (issue #14, "The localnet over
 * real RPC"): a keeper sends the cycle's transactions over RPC; every transaction that opens
 * auctions hands them to the makers here, who bid in them as the simulation's makers do.
 */
import { curveFromWire } from '@rebalancer/auction'
import { decodeValenceEvents, type Event, eventsOf, VALENCE_ACTIONS } from '@rebalancer/types'
import {
  type BiddingChain,
  blockTime,
  localnetBidding,
  type OpenAuction,
  openAuctionFrom,
  runBidding,
} from './bidding.js'
import { hedgeMakers } from './hedging.js'
import type { Simulation } from './setup.js'

/** Options of {@link liveMakers}. */
export interface LiveMakersOptions {
  /**
   * Whether the localnet's clock runs by itself (a served localnet with a running clock): the
   * makers then wait for the block each planned bid lands in, and start over when auctions open
   * meanwhile. When false (default), they move the clock to their bids' blocks, as the simulator
   * does (a clock that stands still; its owner moves it afterwards).
   */
  clockRuns?: boolean
  /** Wall-clock milliseconds between looks at the running clock; default 20. */
  pollMs?: number
  /** Called after each bidding round with the auctions and how many fills each got so far. */
  onBids?: (auctions: readonly OpenAuction[]) => void
  /** Called when the makers could not bid (a refused bid); they try again at the next opening. */
  onError?: (error: unknown) => void
}

/** A running {@link liveMakers}. */
export interface LiveMakers {
  /** Every auction opened so far, with the makers' fills. */
  readonly auctions: readonly OpenAuction[]
  /**
   * Hands a transaction's events to the makers: the auctions its `auction-open` events announce
   * start being bid in. Other events are ignored.
   * @returns the auctions it opened.
   */
  onTx(events: readonly Event[]): OpenAuction[]
  /** Resolves when the makers want no further bid in any open auction (for now). */
  idle(): Promise<void>
  /** Stops bidding (the bid in flight finishes). */
  stop(): void
}

/** A round given up because auctions opened meanwhile or the makers were stopped. */
class RoundInterrupted extends Error {}

/**
 * The scenario's makers bidding in the auctions a localnet's transactions open: each opening
 * starts (or restarts) {@link runBidding} over every auction still running, and after each round
 * the makers hedge what they bought ({@link hedgeMakers}, each fill once). With `clockRuns`, a
 * bid lands in the first block at or after the planned one that the running clock reaches, so
 * an external keeper sees the auction move at the chain's pace.
 * @example
 * const makers = liveMakers(sim, { clockRuns: true })
 * startRpcServer(sim.net, { onTx: (tx) => makers.onTx(tx.result.events), … })
 */
export function liveMakers(sim: Simulation, options: LiveMakersOptions = {}): LiveMakers {
  const { net } = sim
  const pollMs = options.pollMs ?? 20
  const shape = curveFromWire(sim.settings.curve)
  const all: OpenAuction[] = []
  const hedged = new WeakMap<OpenAuction, number>()
  let openings = 0
  let stopped = false
  let running: Promise<void> | undefined

  const base = localnetBidding(sim)
  // waits for the running clock instead of moving it; gives the round up when auctions open
  const waiting = (openingsSeen: number): BiddingChain => {
    let h0 = 0
    return {
      ...base,
      block: async () => {
        const b = await base.block()
        h0 = b.height
        return b
      },
      advanceBlocks: async (n) => {
        const target = h0 + n
        while (net.height < target) {
          if (stopped || openings !== openingsSeen) throw new RoundInterrupted()
          await new Promise((r) => setTimeout(r, pollMs))
        }
      },
    }
  }

  const hedgeNew = async (auctions: readonly OpenAuction[]) => {
    const fresh = auctions.map((a) => ({ ...a, fills: a.fills.slice(hedged.get(a) ?? 0) }))
    for (const a of auctions) hedged.set(a, a.fills.length)
    if (fresh.some((a) => a.fills.length > 0))
      hedgeMakers(sim, fresh, await blockTime(sim), new Map<string, bigint>(), net)
  }

  const loop = async () => {
    let failures = 0
    for (;;) {
      const seen = openings
      const live = all.filter((a) => a.available > 0n && net.height <= a.endBlock)
      if (stopped || live.length === 0) return
      try {
        await runBidding(sim, live, options.clockRuns ? waiting(seen) : base)
        await hedgeNew(live)
        options.onBids?.(live)
        if (openings === seen) return
      } catch (e) {
        try {
          await hedgeNew(live)
        } catch (hedging) {
          options.onError?.(hedging)
        }
        if (e instanceof RoundInterrupted) continue
        options.onError?.(e)
        // a refused bid (an auction ended under a late bid): start over a few times, then wait
        // for the next opening
        if (++failures >= 3) return
      }
    }
  }

  // one loop at a time; an opening that arrives as it ends starts the next
  const start = () => {
    if (running || stopped) return
    const seen = openings
    running = loop()
      // a failure outside a round (a read, a hedge) is reported, never an unhandled rejection
      .catch((e: unknown) => options.onError?.(e))
      .finally(() => {
        running = undefined
        if (openings !== seen) start()
      })
  }

  return {
    auctions: all,
    onTx(events) {
      const opened = eventsOf(decodeValenceEvents(events), VALENCE_ACTIONS.auctionOpen)
      if (opened.length === 0 || stopped) return []
      const time = net.time
      const auctions = opened.map((e) =>
        openAuctionFrom(
          e,
          { time, market: sim.feed.pairPrice([e.data.pair[0], e.data.pair[1]], time) },
          shape,
        ),
      )
      all.push(...auctions)
      openings++
      start()
      return auctions
    },
    idle: async () => {
      while (running) await running
    },
    stop() {
      stopped = true
    },
  }
}
