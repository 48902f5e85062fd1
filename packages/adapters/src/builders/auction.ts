/**
 * A pair auction's messages (wire-formats.md, "Auctions manager and auctions", auction).
 */
import type { Pair } from '@rebalancer/types'
import { AuctionExecuteMsg, AuctionInstantiateMsg, WireError } from '@rebalancer/types'
import { normalizeCoins } from '../coins.js'
import type { ContractExecute } from '../msg.js'
import { executeBuilder, instantiateBuilder } from './common.js'

/** An auction's execute message, as built. */
export type AuctionExecute = ContractExecute<AuctionExecuteMsg>

const exec = executeBuilder(AuctionExecuteMsg, 'AuctionExecuteMsg')

function positive(denom: string, amount: bigint | string, what: string) {
  const funds = normalizeCoins([{ denom, amount }], 'amount')
  if (funds.length === 0)
    throw new WireError('AuctionExecuteMsg', `${what} needs a positive amount`, ['funds'])
  return funds
}

/** Builders of a pair auction's messages. */
export const auctionMsgs = {
  /**
   * The auction's instantiate message (the manager sends it inside `new_auction`; use
   * `auctionsManagerMsgs.admin(m, {new_auction:{msg,label,min_amount}})`). @throws WireError
   */
  instantiate: instantiateBuilder(AuctionInstantiateMsg, 'AuctionInstantiateMsg'),

  /** Any auction execute message, validated. @throws WireError */
  execute: exec,

  /**
   * `{"bid":{}}` with `amount` base units of `pair[1]` attached: buys `pair[0]` at the current
   * price; any excess is returned.
   * @throws WireError for a non-positive amount.
   */
  bid(auction: string, pair: Pair, amount: bigint | string): AuctionExecute {
    return exec(auction, { bid: {} }, positive(pair[1], amount, 'a bid'))
  },

  /** `{"auction_funds":{}}` with `amount` of `pair[0]`: a deposit straight to the auction. @throws WireError */
  auctionFunds(auction: string, pair: Pair, amount: bigint | string): AuctionExecute {
    return exec(auction, { auction_funds: {} }, positive(pair[0], amount, 'a deposit'))
  },

  /** `{"withdraw_funds":{}}`: takes the sender's deposit out of the next auction. */
  withdrawFunds(auction: string): AuctionExecute {
    return exec(auction, { withdraw_funds: {} })
  },

  /** `{"finish_auction":{"limit":5}}`: pays up to `limit` sellers of an ended auction. */
  finishAuction(auction: string, limit: number): AuctionExecute {
    return exec(auction, { finish_auction: { limit } })
  },

  /** `{"clean_after_auction":{}}`: clears a closed auction's bookkeeping. */
  cleanAfterAuction(auction: string): AuctionExecute {
    return exec(auction, { clean_after_auction: {} })
  },
} as const
