/**
 * The price oracle's messages (wire-formats.md, "Oracle" and "Instantiation and
 * administration", oracle).
 */
import type { Dec, Pair } from '@rebalancer/types'
import { OracleExecuteMsg, OracleInstantiateMsg } from '@rebalancer/types'
import type { z } from 'zod'
import {
  type ContractExecute,
  type ContractInstantiate,
  contractExecute,
  contractInstantiate,
} from '../msg.js'
import { pairWire } from './common.js'

/** The oracle's execute message, as built. */
export type OracleExecute = ContractExecute<OracleExecuteMsg>

function exec(oracle: string, msg: z.input<typeof OracleExecuteMsg>) {
  return contractExecute(OracleExecuteMsg, 'OracleExecuteMsg', oracle, msg)
}

/** Builders of the oracle's messages. */
export const oracleMsgs = {
  /** Instantiation (wire-formats.md, "Instantiation and administration", oracle). @throws WireError */
  instantiate(o: {
    codeId: number | bigint
    label: string
    admin?: string | null
    msg: z.input<typeof OracleInstantiateMsg>
  }): ContractInstantiate<OracleInstantiateMsg> {
    return contractInstantiate(OracleInstantiateMsg, 'OracleInstantiateMsg', o)
  },

  /** Any oracle execute message, validated. @throws WireError */
  execute(oracle: string, msg: z.input<typeof OracleExecuteMsg>) {
    return exec(oracle, msg)
  },

  /** `{"update_price":{"pair":[a,b]}}` (permissionless): recomputes the pair's price. */
  updatePrice(oracle: string, pair: Pair): OracleExecute {
    return exec(oracle, { update_price: { pair: pairWire(pair) } })
  },

  /**
   * Admin only: `{"manual_price_update":{"pair":[a,b],"price":"1.5"}}` (top level, as
   * wire-formats.md writes it): `price` units of `b` per unit of `a`.
   * @throws WireError for a negative price.
   */
  manualPriceUpdate(oracle: string, pair: Pair, price: Dec): OracleExecute {
    return exec(oracle, { manual_price_update: { pair: pairWire(pair), price: price.toString() } })
  },
} as const
