import type { Simulation } from '@rebalancer/sim'
import type { RunReport } from '@rebalancer/types'

/** Placeholder: the auction helper's replay replaces this file at merge. */
export function replayInWorker(
  _sim: Simulation,
  _report: RunReport,
  _cycle: number,
  _auction: number,
): unknown {
  throw new Error('auction replay not merged yet')
}
