import type { RunReport } from '@rebalancer/types'

/** Placeholder: the auction helper's panel replaces this file at merge. */
export function AuctionPanel(_props: {
  report: RunReport
  replay: (cycle: number, auction: number) => Promise<unknown>
}): null {
  return null
}
