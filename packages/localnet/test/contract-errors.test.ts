/**
 * The auction contracts' refusals: every kernel refusal reaches the caller as a ContractError in
 * the deployed contract's words (valence-services v0.1.6 `ContractError`s), with the kernel's
 * code and its AuctionError as `cause`; ContractError and TxError are RebalancerErrors recognised
 * across package copies.
 */
import { AuctionError } from '@rebalancer/auction'
import { type JsonValue, RebalancerError } from '@rebalancer/types'
import { describe, expect, it } from 'vitest'
import { ContractError, exampleDeployment, TxError } from '../src/index.js'
import { PACKAGES_ROOT, packageFiles } from './helpers.js'

const T0 = Date.UTC(2024, 0, 1) / 1000
const M = 1_000_000n
const PAIR = ['uatom', 'untrn'] as const

function world() {
  const w = exampleDeployment({ cycleStart: T0, priceSource: () => '1.5' })
  w.net.execute(w.keeper, w.d.oracle, { update_price: { pair: [...PAIR] } })
  const auction = w.d.auctions['uatom|untrn']!
  const seller = w.net.makeAddress('seller')
  const bidder = w.net.makeAddress('bidder')
  w.net.mint(seller, [{ denom: 'uatom', amount: 100n * M }])
  w.net.mint(bidder, [{ denom: 'untrn', amount: 1000n * M }])
  const fund = (amount = 20n * M) =>
    w.net.execute(seller, w.d.auctionsManager, { auction_funds: { pair: [...PAIR] } }, [
      { denom: 'uatom', amount: amount.toString() },
    ])
  const open = (params: { start_block: number | null; end_block: number }) =>
    w.net.execute(w.keeper, w.d.auctionsManager, { server: { open_auction: { pair: [...PAIR], params } } })
  const bid = () => w.net.execute(bidder, auction, { bid: {} }, [{ denom: 'untrn', amount: '1000000' }])
  const finish = () =>
    w.net.execute(w.keeper, w.d.auctionsManager, { finish_auction: { pair: [...PAIR], limit: 5 } })
  const manage = (msg: JsonValue) => w.net.execute(w.admin, w.d.auctionsManager, { admin: msg })
  return { ...w, auction, seller, bidder, fund, open, bid, finish, manage }
}

/** Runs `fn`, expects it refused with exactly `text`; answers the contract error. */
function refusal(fn: () => unknown, text: string): ContractError {
  let caught: unknown
  try {
    fn()
  } catch (e) {
    caught = e
  }
  expect(TxError.isInstance(caught), String(caught)).toBe(true)
  const tx = caught as TxError
  expect(tx.code).toBe('tx_failed')
  expect(ContractError.isInstance(tx.contractError)).toBe(true)
  expect(tx.contractError.message).toBe(text)
  expect(tx.message).toMatch(/^failed to execute message; message index: 0: /)
  expect(tx.message.endsWith(`: ${text}`)).toBe(true)
  return tx.contractError as ContractError
}

/** The contract error wraps the kernel's refusal `code` (its own wording is in `cause`). */
function fromKernel(e: ContractError, code: string): void {
  expect(e.code).toBe(code)
  expect(AuctionError.isInstance(e.cause)).toBe(true)
  expect((e.cause as AuctionError).code).toBe(code)
}

describe('auction refusals in the deployed contracts’ words, mapped in one place', () => {
  it('deposits and withdrawals', () => {
    const w = world()
    fromKernel(
      refusal(() => w.fund(999_999n), 'Auction amount is too low, minimum: 1000000'),
      'below_min_send',
    )
    fromKernel(
      refusal(
        () => w.net.execute(w.seller, w.d.auctionsManager, { withdraw_funds: { pair: [...PAIR] } }),
        'No funds to withdraw from auction',
      ),
      'nothing_to_withdraw',
    )
    w.manage({ pause_auction: { pair: [...PAIR] } })
    fromKernel(
      refusal(() => w.fund(), 'Auction is paused'),
      'paused',
    )
    // paused is checked before the funds (the chain's order): no funds at all still says paused
    fromKernel(
      refusal(
        () => w.net.execute(w.seller, w.d.auctionsManager, { auction_funds: { pair: [...PAIR] } }),
        'Auction is paused',
      ),
      'paused',
    )
  })

  it('opening', () => {
    const w = world()
    w.fund()
    fromKernel(
      refusal(
        () => w.open({ start_block: w.net.height + 5, end_block: w.net.height + 5 }),
        'End block is smaller or equal to the start block',
      ),
      'invalid_window',
    )
    fromKernel(
      refusal(
        () =>
          w.net.execute(w.seller, w.d.auctionsManager, {
            server: {
              open_auction: { pair: [...PAIR], params: { start_block: null, end_block: w.net.height + 9 } },
            },
          }),
        'Sender is not the server',
      ),
      'unauthorized',
    )
    w.open({ start_block: w.net.height + 10, end_block: w.net.height + 100 })
    w.fund()
    fromKernel(
      refusal(
        () => w.open({ start_block: null, end_block: w.net.height + 100 }),
        'Auction is not closed yet',
      ),
      'not_closed',
    )
    fromKernel(
      refusal(
        () => w.net.execute(w.keeper, w.auction, { clean_after_auction: {} }),
        'Auction is not closed yet',
      ),
      'cannot_clean',
    )
  })

  it('bidding and finishing', () => {
    const w = world()
    w.fund()
    const start = w.net.height + 10
    w.open({ start_block: start, end_block: start + 100 })
    fromKernel(refusal(w.bid, `Auction not started yet, starts at block: ${start}`), 'not_started')
    fromKernel(refusal(w.finish, 'Auction is still going'), 'cannot_finish')
    w.net.advanceBlocks(200)
    fromKernel(refusal(w.bid, 'Current auction is finished'), 'outside_window')
    w.finish()
    fromKernel(refusal(w.bid, 'Current auction is finished'), 'not_active')
    fromKernel(refusal(w.finish, 'Auction is already closed'), 'nothing_to_finish')
    expect(() => w.net.query(w.auction, 'get_price')).toThrow(/^Auction is already closed$/)
  })

  it('strategy updates and manual prices', () => {
    const w = world()
    const strategy = (start: number, end: number) =>
      w.manage({
        update_strategy: { pair: [...PAIR], strategy: { start_price_perc: start, end_price_perc: end } },
      })
    fromKernel(
      refusal(() => strategy(0, 2000), 'Auction strategy start price must be greater than 0'),
      'invalid_strategy',
    )
    fromKernel(
      refusal(
        () => strategy(2000, 10_000),
        'Auction strategy end price must be greater than 0 and lower than 10000',
      ),
      'invalid_strategy',
    )
    const manual = (price: string) =>
      w.net.execute(w.admin, w.d.oracle, { manual_price_update: { pair: [...PAIR], price } })
    fromKernel(
      refusal(() => manual('0'), 'Set price cannot be zero'),
      'zero_price',
    )
    w.net.execute(w.keeper, w.d.oracle, { update_price: { pair: [...PAIR] } })
    fromKernel(
      refusal(() => manual('1.5'), "Can't manually update price, terms are not met for manual update"),
      'manual_too_soon',
    )
  })
})

describe('ContractError and TxError', () => {
  it('are RebalancerErrors with a code, recognised by isInstance across copies', () => {
    const inner = new ContractError('Auction is paused', { code: 'paused', path: ['pair'] })
    const tx = new TxError('failed to execute message; message index: 0: Auction is paused', inner)
    expect(RebalancerError.isInstance(inner)).toBe(true)
    expect(RebalancerError.isInstance(tx)).toBe(true)
    expect([inner.name, inner.code, inner.path]).toEqual(['ContractError', 'paused', ['pair']])
    expect([tx.name, tx.code, tx.cause, tx.contractError]).toEqual(['TxError', 'tx_failed', inner, inner])
    expect(new ContractError('x').code).toBe('contract_error')
    expect(ContractError.isInstance(tx)).toBe(false)
    expect(TxError.isInstance(inner)).toBe(false)
    // a second copy of the class (another bundle of the package) is recognised too
    class OtherCopy extends RebalancerError {
      static override readonly kind: string = 'ContractError'
    }
    expect(ContractError.isInstance(new OtherCopy('contract_error', 'Auction is paused'))).toBe(true)
    expect(ContractError.isInstance(new Error('Auction is paused'))).toBe(false)
  })
})

describe('no bare Error in the contracts, the runtime and the auction kernel', () => {
  it('every throw there is a RebalancerError subclass', async () => {
    const { readdirSync, readFileSync } = await import('node:fs')
    const { join } = await import('node:path')
    const root = join(__dirname, '..', '..')
    const files = [
      ...readdirSync(join(root, 'localnet/src/contracts')).map((f) =>
        join(root, 'localnet/src/contracts', f),
      ),
      join(root, 'localnet/src/runtime.ts'),
      ...readdirSync(join(root, 'auction/src')).map((f) => join(root, 'auction/src', f)),
    ].filter((f) => f.endsWith('.ts'))
    expect(files.length).toBeGreaterThan(15)
    const bare = files.filter((f) => /throw new (Error|TypeError|RangeError)\(/.test(readFileSync(f, 'utf8')))
    expect(bare).toEqual([])
  })

  it('no package source (types, core, auction, adapters, localnet) creates a bare built-in error', async () => {
    const { readFileSync } = await import('node:fs')
    const root = PACKAGES_ROOT
    const files = packageFiles('src')
    expect(files.length).toBeGreaterThan(60)
    const bare = files.flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .map((line, i) => `${f.slice(root.length + 1)}:${i + 1}: ${line.trim()}`)
        .filter((line) => /new (Error|TypeError|RangeError|SyntaxError)\(/.test(line)),
    )
    expect(bare).toEqual([])
  })
})
