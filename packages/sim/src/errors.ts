import { RebalancerError } from '@rebalancer/types'

/**
 * A price file or history that cannot be used: unreadable, bad gzip, or a CSV that breaks a rule
 * (the message names the file, line and column), or a price asked of it that it does not have.
 * Codes: `unreadable_prices`, `invalid_gzip`, `invalid_csv`, `invalid_history` (an in-memory
 * series: empty, unordered times, a price ≤ 0), `unknown_symbol`, `invalid_time`, `no_price_yet`
 * (a time before the symbol's first close).
 */
export class PriceHistoryError extends RebalancerError {
  static override readonly kind = 'PriceHistoryError'
}

/**
 * The simulator refused a call or an internal check failed. Bad input to its functions:
 * `unknown_denom` (a denom the scenario or feed does not map), `invalid_decimals`,
 * `invalid_plan_input` (a bid planner's margin, height, price, budget or amount out of range),
 * `invalid_replay_index` (`auctionReplay`'s cycle or auction index out of the report's range),
 * `no_file_access` (the browser build asked to read a file: pass `options.history`).
 * A bug, not bad input: `market_changes_without_change_point`, `curve_disagrees` (the bid
 * planner's curve or market disagree with themselves), `package_folder_unknown`.
 */
export class SimulationError extends RebalancerError {
  static override readonly kind = 'SimulationError'
}
