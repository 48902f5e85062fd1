/**
 * The auctions manager's messages (wire-formats.md, "Auctions manager and auctions" and
 * "Instantiation and administration", auctions manager).
 */
import type { Pair } from '@rebalancer/types'
import {
  type AuctionsManagerAdminMsg,
  AuctionsManagerExecuteMsg,
  AuctionsManagerInstantiateMsg,
  WireError,
} from '@rebalancer/types'
import type { z } from 'zod'
import { normalizeCoins } from '../coins.js'
import type { ContractExecute } from '../msg.js'
import { executeBuilder, instantiateBuilder, pairWire } from './common.js'

/** The auctions manager's execute message, as built. */
export type AuctionsManagerExecute = ContractExecute<AuctionsManagerExecuteMsg>

const exec = executeBuilder(AuctionsManagerExecuteMsg, 'AuctionsManagerExecuteMsg')

/** Builders of the auctions manager's messages. */
export const auctionsManagerMsgs = {
  /** Instantiation `{"auction_code_id":N,"min_auction_amount":[…],"server_addr":…}`. @throws WireError */
  instantiate: instantiateBuilder(AuctionsManagerInstantiateMsg, 'AuctionsManagerInstantiateMsg'),

  /** Any auctions manager execute message, validated. @throws WireError */
  execute: exec,

  /**
   * `{"auction_funds":{"pair":[a,b]}}` with `amount` base units of `a` attached: a deposit into
   * the pair's next auction, credited to the sender.
   * @throws WireError for a malformed pair or a non-positive amount.
   */
  auctionFunds(manager: string, pair: Pair, amount: bigint | string): AuctionsManagerExecute {
    const funds = normalizeCoins([{ denom: pair[0], amount }], 'amount')
    if (funds.length === 0)
      throw new WireError('AuctionsManagerExecuteMsg', 'a deposit needs a positive amount', ['funds'])
    return exec(manager, { auction_funds: { pair: pairWire(pair) } }, funds)
  },

  /** `{"withdraw_funds":{"pair":[a,b]}}`: takes the sender's deposit out of the pair's next auction. */
  withdrawFunds(manager: string, pair: Pair): AuctionsManagerExecute {
    return exec(manager, { withdraw_funds: { pair: pairWire(pair) } })
  },

  /** `{"finish_auction":{"pair":[a,b],"limit":5}}`: pays up to `limit` sellers of an ended auction. */
  finishAuction(manager: string, pair: Pair, limit: number): AuctionsManagerExecute {
    return exec(manager, { finish_auction: { pair: pairWire(pair), limit } })
  },

  /**
   * Server only: `{"server":{"open_auction":{"pair":[a,b],"params":{"start_block":null,"end_block":N}}}}`.
   * Blocks are heights; `startBlock` absent means the current block.
   */
  openAuction(manager: string, pair: Pair, params: { endBlock: number; startBlock?: number | null }) {
    return exec(manager, {
      server: {
        open_auction: {
          pair: pairWire(pair),
          params: { start_block: params.startBlock ?? null, end_block: params.endBlock },
        },
      },
    })
  },

  /** Admin only: `{"admin":…}` with any `AuctionsManagerAdminMsg`. @throws WireError */
  admin(manager: string, msg: z.input<typeof AuctionsManagerAdminMsg>): AuctionsManagerExecute {
    return exec(manager, { admin: msg })
  },

  /** `{"approve_admin_change":{}}`, sent by the new admin. */
  approveAdminChange(manager: string): AuctionsManagerExecute {
    return exec(manager, { approve_admin_change: {} })
  },
} as const
