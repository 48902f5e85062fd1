import type { BlockInfo, Dec, Denom, MinAmount, Pair } from '@rebalancer/types'
import { AuctionBook } from './book.js'
import type { AuctionConfig } from './config.js'
import { AuctionError } from './errors.js'
import type { BidResult } from './kernel.js'
import { type ExternalPriceSource, type OracleConfig, PriceOracle, type StoredOraclePrice } from './oracle.js'
import type { PairFinishResult, PairOpenResult } from './pair-auction.js'

/** Options of an {@link AuctionEngine}. */
export interface AuctionEngineParameters {
  /** Every pair's full configuration (as each auction contract is instantiated). */
  pairs: readonly AuctionConfig[]
  /** Per sell denom: `{send, startAuction}` minimums in base units (the manager's `get_min_limit`). */
  minAmounts: Readonly<Record<Denom, MinAmount>>
  /** The manager's server address: the only sender {@link AuctionEngine.openAuction} accepts. */
  server: string
  /** The oracle's windows and mode (the oracle contract's `instantiate`). */
  oracleConfig: OracleConfig
  /** The oracle's fallback price source (on chain a DEX route; the localnet's `priceSource`). */
  external?: ExternalPriceSource | undefined
}

/**
 * The auctions of many pairs, their oracle and the bank balances of everyone who deposits or bids:
 * the localnet's auctions manager, auction and oracle contracts as one in-memory object, for fast
 * backtests. Each method is the wire message of the same name (wire-formats.md "Auctions manager
 * and auctions") and obeys the same rules (the kernel's guards, through {@link AuctionBook} and
 * {@link PairAuction}); a differential test holds fills, payouts, leftovers, price history and
 * every balance equal to the localnet's, unit for unit, over long random sequences. A refused
 * call throws an {@link AuctionError} and changes nothing. Pure: no clock (blocks are arguments).
 *
 * Not modelled (the localnet has them): fees, the rebalancer, accounts, and admin changes.
 *
 * @example
 * ```ts
 * const engine = new AuctionEngine({ pairs, minAmounts, server: keeper, oracleConfig })
 * engine.mint(seller, 'uatom', 20_000_000n)
 * engine.auctionFunds({ sender: seller, pair: ['uatom', 'untrn'], amount: 20_000_000n })
 * engine.manualPriceUpdate({ pair: ['uatom', 'untrn'], price: Dec.parse('1.5'), now: block.time })
 * engine.openAuction({ sender: keeper, pair: ['uatom', 'untrn'], endBlock: block.height + 100, block })
 * ```
 */
export class AuctionEngine {
  /** The pairs' auctions and oracle. */
  readonly book: AuctionBook
  /** Balances by address, then denom. */
  private readonly bank = new Map<string, Map<Denom, bigint>>()

  /** @throws AuctionError `invalid_config` / `invalid_strategy` / `pair_exists` for bad pairs. */
  constructor(parameters: AuctionEngineParameters) {
    this.book = new AuctionBook({
      minAmounts: parameters.minAmounts,
      server: parameters.server,
      oracle: new PriceOracle({ config: parameters.oracleConfig, external: parameters.external }),
    })
    for (const config of parameters.pairs) this.book.addPair(config)
  }

  /** `address`'s balance of `denom`, base units. */
  balance(address: string, denom: Denom): bigint {
    return this.bank.get(address)?.get(denom) ?? 0n
  }

  /**
   * What the pair's auction contract holds: `[sell, buy]` base units (queued deposits plus the
   * current auction's unpaid funds or leftovers).
   */
  holdings(pair: Pair): readonly [sell: bigint, buy: bigint] {
    const l = this.book.get(pair).ledger()
    return [l.queued + l.held[0], l.held[1]]
  }

  /**
   * Creates `amount` base units of `denom` for `address` (the bank's mint).
   * @throws AuctionError `invalid_amount` when `amount < 0`.
   */
  mint(address: string, denom: Denom, amount: bigint): void {
    if (amount < 0n)
      throw new AuctionError('invalid_amount', `mint of ${amount} ${denom} must not be negative`)
    this.credit(address, denom, amount)
  }

  /**
   * Destroys `amount` base units of `denom` held by `address` (the bank's burn: coins leaving the
   * chain, e.g. a simulated maker selling on an outside market).
   * @throws AuctionError `invalid_amount` when `amount < 0` or more than `address` holds.
   */
  burn(address: string, denom: Denom, amount: bigint): void {
    if (amount < 0n)
      throw new AuctionError('invalid_amount', `burn of ${amount} ${denom} must not be negative`)
    const has = this.balance(address, denom)
    if (amount > has)
      throw new AuctionError(
        'invalid_amount',
        `burn: ${address} holds ${has} ${denom}, less than the ${amount} to burn`,
      )
    this.credit(address, denom, -amount)
  }

  /**
   * `auction_funds {pair}` with `amount` of the sell denom: queued for the pair's next auction.
   * @throws AuctionError `invalid_amount` (insufficient funds), `unknown_pair`, and as
   *   {@link PairAuction.fund}.
   */
  auctionFunds(parameters: { sender: string; pair: Pair; amount: bigint }): void {
    const auction = this.book.get(parameters.pair)
    this.assertFunds(parameters.sender, parameters.pair[0], parameters.amount)
    auction.fund(parameters.sender, parameters.amount)
    this.credit(parameters.sender, parameters.pair[0], -parameters.amount)
  }

  /**
   * `withdraw_funds {pair}`: everything `sender` queued for the pair's next auction goes back.
   * @returns the base units returned.
   * @throws AuctionError `unknown_pair`, `nothing_to_withdraw`.
   */
  withdrawFunds(parameters: { sender: string; pair: Pair }): bigint {
    const amount = this.book.withdraw(parameters.pair, parameters.sender)
    this.credit(parameters.sender, parameters.pair[0], amount)
    return amount
  }

  /**
   * The oracle's `update_price {pair}` at unix second `now`.
   * @throws AuctionError `unknown_pair`, and as {@link PriceOracle.update}.
   */
  updatePrice(parameters: { pair: Pair; now: number }): StoredOraclePrice {
    return this.book.updatePrice(parameters.pair, parameters.now)
  }

  /**
   * The oracle's `manual_price_update {pair, price}` at unix second `now` (the admin's).
   * @throws AuctionError `unknown_pair`, `zero_price`, `manual_too_soon`.
   */
  manualPriceUpdate(parameters: { pair: Pair; price: Dec; now: number }): StoredOraclePrice {
    this.book.get(parameters.pair)
    return this.book.oracle.manual(parameters.pair, parameters.price, parameters.now)
  }

  /**
   * The manager's `server: {open_auction: {pair, params}}` by `sender` at `block`; a refund pays
   * every queued deposit back.
   * @throws AuctionError `unknown_pair`, and as {@link AuctionBook.open} (`unauthorized` first).
   */
  openAuction(parameters: {
    sender: string
    pair: Pair
    startBlock?: number | null
    endBlock: number
    block: BlockInfo
  }): PairOpenResult {
    const r = this.book.open(parameters.pair, {
      sender: parameters.sender,
      startBlock: parameters.startBlock ?? null,
      endBlock: parameters.endBlock,
      block: parameters.block,
    })
    if (r.kind === 'refund')
      for (const [address, amount] of r.refunds) this.credit(address, parameters.pair[0], amount)
    return r
  }

  /**
   * A `bid {}` of `sent` base units of the buy denom at `block`: the bidder receives what it
   * bought and its refund at once.
   * @throws AuctionError `invalid_amount` (insufficient funds), `unknown_pair`, and as
   *   {@link PairAuction.bid}.
   */
  bid(parameters: { bidder: string; pair: Pair; sent: bigint; block: BlockInfo }): BidResult {
    const auction = this.book.get(parameters.pair)
    this.assertFunds(parameters.bidder, parameters.pair[1], parameters.sent)
    const r = auction.bid(
      parameters.bidder,
      parameters.sent,
      parameters.block,
      this.book.oracle.reference(parameters.pair, parameters.block.time),
    )
    this.credit(parameters.bidder, parameters.pair[1], r.refund - parameters.sent)
    this.credit(parameters.bidder, parameters.pair[0], r.bought)
    return r
  }

  /**
   * The manager's `finish_auction {pair, limit}` at `block`: pays up to `limit` sellers.
   * @throws AuctionError `unknown_pair`, and as {@link PairAuction.finish}.
   */
  finishAuction(parameters: { pair: Pair; limit: number; block: BlockInfo }): PairFinishResult {
    const r = this.book.finish(parameters.pair, parameters.limit, parameters.block)
    for (const p of r.payouts) {
      this.credit(p.address, parameters.pair[0], p.sell)
      this.credit(p.address, parameters.pair[1], p.buy)
    }
    return r
  }

  /**
   * `clean_after_auction {}` on the pair's auction.
   * @throws AuctionError `unknown_pair`, `cannot_clean`.
   */
  cleanAfterAuction(parameters: { pair: Pair }): number {
    return this.book.get(parameters.pair).clean()
  }

  /** The manager admin's `pause_auction {pair}`. @throws AuctionError `unknown_pair`. */
  pauseAuction(parameters: { pair: Pair }): void {
    this.book.get(parameters.pair).pause()
  }

  /** The manager admin's `resume_auction {pair}`. @throws AuctionError `unknown_pair`. */
  resumeAuction(parameters: { pair: Pair }): void {
    this.book.get(parameters.pair).resume()
  }

  /** Every non-zero balance, `[address, denom, amount]`, sorted by address then denom. */
  balances(): Array<readonly [address: string, denom: Denom, amount: bigint]> {
    const out: Array<readonly [string, Denom, bigint]> = []
    for (const [address, denoms] of this.bank) {
      for (const [denom, amount] of denoms) if (amount !== 0n) out.push([address, denom, amount])
    }
    return out.sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
  }

  private assertFunds(address: string, denom: Denom, amount: bigint): void {
    const has = this.balance(address, denom)
    if (amount > has) {
      throw new AuctionError(
        'invalid_amount',
        `insufficient funds: ${address} has ${has} ${denom}, ${amount} needed`,
      )
    }
  }

  private credit(address: string, denom: Denom, amount: bigint): void {
    if (amount === 0n) return
    let denoms = this.bank.get(address)
    if (denoms === undefined) {
      denoms = new Map()
      this.bank.set(address, denoms)
    }
    denoms.set(denom, (denoms.get(denom) ?? 0n) + amount)
  }
}
