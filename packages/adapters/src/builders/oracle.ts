/**
 * The price oracle's messages (wire-formats.md, "Oracle" and "Instantiation and
 * administration", oracle).
 */
import type { Dec, Pair } from '@rebalancer/types'
import { OracleExecuteMsg, OracleInstantiateMsg } from '@rebalancer/types'
import type { ContractExecute } from '../msg.js'
import { executeBuilder, instantiateBuilder, pairWire } from './common.js'

/** The oracle's execute message, as built. */
export type OracleExecute = ContractExecute<OracleExecuteMsg>

const exec = executeBuilder(OracleExecuteMsg, 'OracleExecuteMsg')

/** Builders of the oracle's messages. */
export const oracleMsgs = {
  /** Instantiation (wire-formats.md, "Instantiation and administration", oracle). @throws WireError */
  instantiate: instantiateBuilder(OracleInstantiateMsg, 'OracleInstantiateMsg'),

  /** Any oracle execute message, validated. @throws WireError */
  execute: exec,

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
