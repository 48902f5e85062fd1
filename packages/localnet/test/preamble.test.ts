/** The one contract preamble: decode, then the funds rule, then the sender restriction. */
import {
  OracleExecuteUnitVariants,
  OracleExecuteVariants,
  OracleQueryUnitVariants,
  OracleQueryVariants,
} from '@rebalancer/types'
import { describe, expect, it } from 'vitest'
import { executePreamble, msgType, queryPreamble } from '../src/contracts/common.js'
import { ContractError, NON_PAYABLE } from '../src/runtime.js'

const EXECUTE = msgType(OracleExecuteVariants, OracleExecuteUnitVariants, 'oracle::msg::ExecuteMsg')
const QUERY = msgType(OracleQueryVariants, OracleQueryUnitVariants, 'oracle::msg::QueryMsg')
const update = { update_price: { pair: ['uatom', 'untrn'] } }
const manual = { manual_price_update: { pair: ['uatom', 'untrn'], price: '1.5' } }
const funds = [{ denom: 'untrn', amount: '1' }]
const rules = {
  restricted: [{ variants: ['manual_price_update'] as const, address: 'admin', who: 'the admin' }],
}

function refusal(fn: () => unknown): string {
  try {
    fn()
  } catch (e) {
    expect(ContractError.isInstance(e)).toBe(true)
    return (e as Error).message
  }
  throw new ContractError('expected a refusal')
}

describe('executePreamble', () => {
  it('decodes as the chain does, then refuses funds, then a sender outside the restriction', () => {
    expect(
      refusal(() => executePreamble(EXECUTE, { update_prices: {} }, { sender: 'x', funds }, rules)),
    ).toMatch(/^Error parsing into type oracle::msg::ExecuteMsg: unknown variant `update_prices`/)
    expect(refusal(() => executePreamble(EXECUTE, manual, { sender: 'x', funds }, rules))).toBe(NON_PAYABLE)
    expect(refusal(() => executePreamble(EXECUTE, manual, { sender: 'x', funds: [] }, rules))).toBe(
      'Unauthorized: only the admin',
    )
    expect(executePreamble(EXECUTE, manual, { sender: 'admin', funds: [] }, rules).variant).toBe(
      'manual_price_update',
    )
    expect(executePreamble(EXECUTE, update, { sender: 'anyone', funds: [] }, rules).body).toEqual(
      update.update_price,
    )
    // a zero amount is no funds (cw-utils nonpayable)
    expect(
      executePreamble(EXECUTE, update, { sender: 'x', funds: [{ denom: 'untrn', amount: '0' }] }).variant,
    ).toBe('update_price')
  })

  it('lets listed variants (or any, for an account) take funds', () => {
    expect(
      executePreamble(EXECUTE, update, { sender: 'x', funds }, { payable: ['update_price'] }).variant,
    ).toBe('update_price')
    expect(
      refusal(() => executePreamble(EXECUTE, manual, { sender: 'x', funds }, { payable: ['update_price'] })),
    ).toBe(NON_PAYABLE)
    expect(executePreamble(EXECUTE, manual, { sender: 'x', funds }, { payable: 'any' }).variant).toBe(
      'manual_price_update',
    )
  })
})

describe('queryPreamble', () => {
  it('decodes a query or refuses it naming the path', () => {
    expect(queryPreamble(QUERY, 'get_config').variant).toBe('get_config')
    expect(refusal(() => queryPreamble(QUERY, { get_price: { pair: ['uatom'] } }))).toMatch(
      /^Error parsing into type oracle::msg::QueryMsg: .* at get_price\.pair/,
    )
  })
})
