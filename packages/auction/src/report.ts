/**
 * What an auction leaves on record: its bids, deposits and seller lines, the report of a closed
 * auction and the ledger of a pair, with the accounting identities each must satisfy
 * (auction.md, "Finishing and paying out": nothing is ever lost or created).
 */
import type { BlockInfo, Dec, Pair } from '@rebalancer/types'
import type { Settlement } from './config.js'
import { AuctionError } from './errors.js'
import type { Payout } from './state.js'

/** One bid as {@link PairAuction} recorded it. Amounts in base units; price buy per sell unit. */
export interface BidRecord {
  bidder: string
  height: number
  /** Unix seconds of the bid's block. */
  time: number
  /** Curve price at `height`. */
  price: Dec
  /** Buy denom sent. */
  sent: bigint
  /** Sell denom received. */
  bought: bigint
  /** Buy denom returned. */
  refund: bigint
  /** `sent − refund`: what the bid added to `resolved`. */
  paid: bigint
  /** The bid found the chain halted (fully refunded; it finished the auction). */
  halted: boolean
}

/**
 * One deposit into a pair's auction queue, as {@link PairAuction.fund} recorded it: the unit of
 * traceability from a portfolio's trade to a seller's share and payout.
 */
export interface DepositRecord {
  /** Sequence number, unique within the pair (1, 2, …, in funding order). */
  id: number
  /** `[sell, buy]` of the auction it was queued for. */
  pair: Pair
  /** The seller (e.g. a portfolio's account address). */
  address: string
  /** Base units of the sell denom. */
  amount: bigint
  /** The caller's label (e.g. `"cycle 12"`), or null. */
  ref: string | null
}

/**
 * One seller's line in an {@link AuctionReport}: its deposits, its share of the lot and what it
 * was paid. `amount = Σ deposits.amount`.
 */
export interface SellerLine {
  address: string
  /** The deposits that made up this seller's amount, in funding order. */
  deposits: readonly DepositRecord[]
  /** The seller's deposit in this auction, base units of the sell denom. */
  amount: bigint
  /** `amount / lot` as the chain computes it (Dec, truncated); the `exact` settlement uses the ratio itself. */
  share: Dec
  /** Unsold sell denom returned, base units. */
  sell: bigint
  /** Buy denom paid, base units. */
  buy: bigint
}

/**
 * The accounting of one closed auction. Identities (exact, base units; checked by
 * {@link assertReportBalanced}):
 * `lot = Σ deposits + carriedIn[0]`, `lot = sold + unsold`, `sold = Σ bids.bought`,
 * `unsold = Σ payouts.sell + leftovers[0]`, `resolved = carriedIn[1] + Σ bids.paid`,
 * `resolved = Σ payouts.buy + leftovers[1]`, `paidOut = [Σ payouts.sell, Σ payouts.buy]`, and each
 * seller line's `amount` is the sum of its deposit records.
 */
export interface AuctionReport {
  /** `[sell, buy]`. */
  pair: Pair
  /** 1 for the pair's first opened auction, then 2, … */
  round: number
  startBlock: number
  endBlock: number
  startPrice: Dec
  endPrice: Dec
  /** The block of the open. */
  openedAt: BlockInfo
  /** The previous auction's `[sell, buy]` leftovers folded into this one at open. */
  carriedIn: readonly [bigint, bigint]
  /** The sellers' deposits, ascending by address. */
  deposits: ReadonlyArray<readonly [address: string, amount: bigint]>
  /** Sell denom offered: Σ deposits + carried-in sell. */
  lot: bigint
  sold: bigint
  unsold: bigint
  /** Buy denom received, including the carried-in buy. */
  resolved: bigint
  /** `resolved / sold` (the chain's average, pushed to the price history), or null when nothing sold. */
  averagePrice: Dec | null
  /**
   * `Σ bids.paid / sold`: what bidders actually paid per unit, without the carried-in buy that
   * `averagePrice` includes; null when nothing sold.
   */
  executionPrice: Dec | null
  /** Every seller's payout, ascending by address. */
  payouts: readonly Payout[]
  /** Every seller's deposits, share and payout, ascending by address. */
  sellers: readonly SellerLine[]
  /** `[Σ payouts.sell, Σ payouts.buy]`. */
  paidOut: readonly [bigint, bigint]
  /** `[sell, buy]` rolled into the pair's next auction. */
  leftovers: readonly [bigint, bigint]
  bids: readonly BidRecord[]
  /** Whether a bid found the chain halted. */
  halted: boolean
  /** The payout rounding used. */
  settlement: Settlement
  /** The block of the last finish batch. */
  closedAt: BlockInfo
}

/**
 * Where every unit of one pair's funds is, over the pair's whole life ({@link PairAuction.ledger}).
 * Identities (exact; checked by {@link assertLedgerBalanced}):
 * `deposited = withdrawn + refunded + queued + sold + paidOut[0] + held[0]` (sell denom) and
 * `bidPaid = paidOut[1] + held[1]` (buy denom). Rounding dust is in `held` (as leftovers) until a
 * later auction pays it out: carried, never lost.
 */
export interface PairLedger {
  pair: Pair
  /** Σ every deposit ever queued, sell denom. */
  deposited: bigint
  /** Σ withdrawn before an open. */
  withdrawn: bigint
  /** Σ refunded at an open below `min_start`. */
  refunded: bigint
  /** Queued for the next auction now. */
  queued: bigint
  /** Σ sell denom bought by bidders. */
  sold: bigint
  /** Σ buy denom paid by bidders (`sent − refund`). */
  bidPaid: bigint
  /** Σ `[sell, buy]` paid to sellers by `finish`. */
  paidOut: readonly [bigint, bigint]
  /**
   * `[sell, buy]` the pair's auction holds now: the running auction's unpaid remainder, or, once
   * closed, the leftovers waiting for the next open.
   */
  held: readonly [bigint, bigint]
}

function mismatch(what: string, left: bigint, right: bigint): AuctionError {
  return new AuctionError('accounting_mismatch', `${what}: ${left} ≠ ${right}`)
}

/**
 * Checks every identity of an {@link AuctionReport} (see there) and that sellers, payouts and
 * deposits list the same addresses in the same ascending order.
 * @throws AuctionError `accounting_mismatch` naming the identity and both sides.
 */
export function assertReportBalanced(report: AuctionReport): void {
  const sum = (xs: Iterable<bigint>) => {
    let s = 0n
    for (const x of xs) s += x
    return s
  }
  const eq = (what: string, a: bigint, b: bigint) => {
    if (a !== b) throw mismatch(`report ${report.pair.join('/')} #${report.round} ${what}`, a, b)
  }
  eq(
    'lot = Σ deposits + carried-in sell',
    report.lot,
    sum(report.deposits.map((d) => d[1])) + report.carriedIn[0],
  )
  eq('lot = sold + unsold', report.lot, report.sold + report.unsold)
  eq('sold = Σ bids.bought', report.sold, sum(report.bids.map((b) => b.bought)))
  eq(
    'resolved = carried-in buy + Σ bids.paid',
    report.resolved,
    report.carriedIn[1] + sum(report.bids.map((b) => b.paid)),
  )
  eq('paid-out sell = Σ payouts.sell', report.paidOut[0], sum(report.payouts.map((p) => p.sell)))
  eq('paid-out buy = Σ payouts.buy', report.paidOut[1], sum(report.payouts.map((p) => p.buy)))
  eq('unsold = paid-out sell + leftover sell', report.unsold, report.paidOut[0] + report.leftovers[0])
  eq('resolved = paid-out buy + leftover buy', report.resolved, report.paidOut[1] + report.leftovers[1])
  eq('seller lines = deposits', BigInt(report.sellers.length), BigInt(report.deposits.length))
  eq('payouts = deposits', BigInt(report.payouts.length), BigInt(report.deposits.length))
  for (const [i, [address, amount]] of report.deposits.entries()) {
    const line = report.sellers[i]!
    const payout = report.payouts[i]!
    if (
      line.address !== address ||
      payout.address !== address ||
      (i > 0 && report.deposits[i - 1]![0] >= address)
    ) {
      throw new AuctionError(
        'accounting_mismatch',
        `report ${report.pair.join('/')} #${report.round}: seller ${i} is ${address} in deposits, ${line.address} in sellers, ${payout.address} in payouts (or out of order)`,
      )
    }
    eq(`seller ${address} amount`, line.amount, amount)
    eq(`seller ${address} Σ deposit records`, sum(line.deposits.map((d) => d.amount)), amount)
    eq(`seller ${address} sell`, line.sell, payout.sell)
    eq(`seller ${address} buy`, line.buy, payout.buy)
  }
}

/**
 * Checks a {@link PairLedger}'s two identities (see there).
 * @throws AuctionError `accounting_mismatch` naming the identity and both sides.
 */
export function assertLedgerBalanced(ledger: PairLedger): void {
  const out =
    ledger.withdrawn + ledger.refunded + ledger.queued + ledger.sold + ledger.paidOut[0] + ledger.held[0]
  if (ledger.deposited !== out) {
    throw mismatch(
      `ledger ${ledger.pair.join('/')}: deposited = withdrawn + refunded + queued + sold + paid-out sell + held sell`,
      ledger.deposited,
      out,
    )
  }
  if (ledger.bidPaid !== ledger.paidOut[1] + ledger.held[1]) {
    throw mismatch(
      `ledger ${ledger.pair.join('/')}: bid-paid = paid-out buy + held buy`,
      ledger.bidPaid,
      ledger.paidOut[1] + ledger.held[1],
    )
  }
}
