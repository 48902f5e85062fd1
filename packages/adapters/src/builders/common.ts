import type { ConfigProblem } from '@rebalancer/core'
import { WireError } from '@rebalancer/types'

/** The typed config's field names as the wire (RebalancerData) writes them. */
const WIRE_FIELD: Readonly<Record<string, string>> = {
  baseDenom: 'base_denom',
  minBalance: 'min_balance',
  maxLimitBps: 'max_limit_bps',
  targetOverrideStrategy: 'target_override_strategy',
}

/**
 * Throws the first configuration rule broken (portfolio-computer.md, "Configuration"), naming
 * its path, with the count of the others.
 * @throws WireError
 */
export function assertNoViolations(what: string, violations: readonly ConfigProblem[]): void {
  const [first, ...rest] = violations
  if (!first) return
  const more = rest.length > 0 ? ` (and ${rest.length} more: ${rest.map((v) => v.rule).join('; ')})` : ''
  const path = first.path.map((p) => (typeof p === 'string' ? (WIRE_FIELD[p] ?? p) : p))
  throw new WireError(what, `${first.rule}${more}`, path)
}

/** A pair as the wire writes it (a fresh two-element array). */
export function pairWire(pair: readonly [string, string]): [string, string] {
  return [pair[0], pair[1]]
}
