import type { ConfigProblem } from '@rebalancer/core'
import { configPathToWire, WireError } from '@rebalancer/types'

/**
 * Throws the first configuration rule broken (portfolio-computer.md, "Configuration"), naming
 * its path, with the count of the others.
 * @throws WireError
 */
export function assertNoViolations(what: string, violations: readonly ConfigProblem[]): void {
  const [first, ...rest] = violations
  if (!first) return
  const more = rest.length > 0 ? ` (and ${rest.length} more: ${rest.map((v) => v.rule).join('; ')})` : ''
  throw new WireError(what, `${first.rule}${more}`, configPathToWire(first.path))
}

/** A pair as the wire writes it (a fresh two-element array). */
export function pairWire(pair: readonly [string, string]): [string, string] {
  return [pair[0], pair[1]]
}
