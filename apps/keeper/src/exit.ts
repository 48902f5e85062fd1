import { RebalancerError } from '@rebalancer/types'
import { CommanderError } from 'commander'

/**
 * The keeper's exit codes (README, "Exit codes"; also in `--help`): 0 done (or stopped cleanly
 * by SIGTERM/SIGINT), 1 any other error, 2 a usage error (an unknown command or option, a
 * missing option or argument), 3 a configuration error (an option's value, a config, scenario,
 * price or strategies file, the signer), 4 a chain error (the RPC cannot be reached, or the tick
 * of `--once` failed). A second SIGTERM/SIGINT exits at once with 143/130.
 */
export const EXIT_CODES = { ok: 0, error: 1, usage: 2, config: 3, chain: 4 } as const

/** Error classes (by `RebalancerError` kind) whose errors are configuration errors. */
const CONFIG_KINDS = ['ConfigError', 'ScenarioError', 'PriceHistoryError'] as const

/** The exit code for an error that ended a command (see {@link EXIT_CODES}). */
export function exitCodeOf(e: unknown): number {
  if (e instanceof CommanderError)
    return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.exitCode === 0
      ? EXIT_CODES.ok
      : EXIT_CODES.usage
  if (!RebalancerError.isInstance(e)) return EXIT_CODES.error
  // a RebalancerError's name is its most specific kind (from any copy of the package)
  if (e.name === 'ChainError') return EXIT_CODES.chain
  if (
    CONFIG_KINDS.some((k) => e.name === k) ||
    e.code === 'invalid_mnemonic' ||
    e.code === 'invalid_strategy'
  )
    return EXIT_CODES.config
  return EXIT_CODES.error
}
