import type { ConfigProblem } from '@rebalancer/core'
import { configPathToWire, WireError } from '@rebalancer/types'
import type { z } from 'zod'
import type { CoinLike } from '../coins.js'
import {
  type ContractExecute,
  type ContractInstantiate,
  contractExecute,
  contractInstantiate,
} from '../msg.js'

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

/**
 * The generic execute builder of a contract: `(contract, msg, funds?)` → a {@link ContractExecute}
 * whose `msg` is decoded with `schema` (unknown fields refused) and whose funds are normalised.
 * Each contract's `xMsgs.execute` and its named builders use it.
 * @throws WireError naming `what`, the field and the rule.
 */
export function executeBuilder<S extends z.ZodType>(schema: S, what: string) {
  return (contract: string, msg: z.input<S>, funds: readonly CoinLike[] = []): ContractExecute<z.output<S>> =>
    contractExecute(schema, what, contract, msg, funds)
}

/** What a contract's `instantiate` builder takes (code id, label, optional admin, the message). */
export interface InstantiateParameters<M> {
  codeId: number | bigint
  label: string
  admin?: string | null
  msg: M
}

/**
 * The instantiate builder of a contract: `{codeId, label, admin?, msg}` → a
 * {@link ContractInstantiate} whose `msg` is decoded with `schema`.
 * @throws WireError naming `what`, the field and the rule.
 */
export function instantiateBuilder<S extends z.ZodType>(schema: S, what: string) {
  return (parameters: InstantiateParameters<z.input<S>>): ContractInstantiate<z.output<S>> =>
    contractInstantiate(schema, what, parameters)
}
