/**
 * The worker's side of "Watch an auction": the app shell's simulator worker calls this with the
 * simulation it ran and its report, and posts the result back (plain data: structured clone keeps
 * the bigints). The computation is `@rebalancer/sim`'s {@link auctionReplay}.
 */
import { type AuctionReplay, auctionReplay, type Simulation } from '@rebalancer/sim'
import type { RunReport } from '@rebalancer/types'

/**
 * `report.history[cycle].auctions[auction]` block by block ({@link auctionReplay}).
 * @throws SimulationError `invalid_replay_index` naming `cycle` or `auction` and the valid range.
 */
export function replayInWorker(
  sim: Simulation,
  report: RunReport,
  cycle: number,
  auction: number,
): AuctionReplay {
  return auctionReplay(sim, report, cycle, auction)
}
