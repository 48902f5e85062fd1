import { RebalancerError } from '@rebalancer/types'

/**
 * A price file that cannot be used: unreadable, bad gzip, or a CSV that breaks a rule (the
 * message names the file, line and column). Codes: `unreadable_prices`, `invalid_gzip`,
 * `invalid_csv`.
 */
export class PriceHistoryError extends RebalancerError {
  static override readonly kind = 'PriceHistoryError'
}

/**
 * An internal check of the simulator failed (a bug, not bad input): the bid planner's curve or
 * market disagree with themselves, or the package folder cannot be found. Codes:
 * `market_changes_without_change_point`, `curve_disagrees`, `package_folder_unknown`.
 */
export class SimulationError extends RebalancerError {
  static override readonly kind = 'SimulationError'
}
