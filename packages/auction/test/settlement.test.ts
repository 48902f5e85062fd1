import { Dec } from '@rebalancer/types'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type AuctionInfo, finishBatch, type Payout, type Settlement, sellerPayout } from '../src/index.js'
import { H0, openPublic } from './helpers.js'

/** A finished auction with the given lot, unsold and resolved amounts. */
function finished(lot: bigint, unsold: bigint, resolved: bigint): AuctionInfo {
  return {
    ...openPublic(),
    status: { kind: 'finished' },
    totalAmount: lot,
    availableAmount: unsold,
    resolvedAmount: resolved,
  }
}

function payAll(
  info: AuctionInfo,
  sellers: ReadonlyArray<readonly [string, bigint]>,
  settlement: Settlement,
  limit = 5000,
): { payouts: Payout[]; leftovers: readonly [bigint, bigint] } {
  const payouts: Payout[] = []
  let state = info
  for (;;) {
    const r = finishBatch(state, sellers, limit, H0 + 1000, settlement)
    payouts.push(...r.payouts)
    state = r.info
    if (r.done) return { payouts, leftovers: state.leftovers }
  }
}

describe('settlement: the chain rounding and the exact one', () => {
  it('exact: ⌊deposit × resolved / lot⌋ and ⌊deposit × unsold / lot⌋', () => {
    const info = finished(3000n, 2934n, 99n)
    expect(sellerPayout(info, 1000n, 'exact')).toEqual({ sell: 978n, buy: 33n })
    expect(sellerPayout(info, 1000n, 'chain')).toEqual({ sell: 977n, buy: 33n })
    expect(sellerPayout(info, 1000n)).toEqual({ sell: 977n, buy: 33n })
    // Nothing sold: the deposit back in both.
    expect(sellerPayout(finished(3000n, 3000n, 5n), 1000n, 'exact')).toEqual({ sell: 1000n, buy: 0n })
  })

  it('chain: after 10 000 round-ups the last seller can get a unit below its share; exact never', () => {
    // 20 000 sellers of 1 and one of 20 000 (last by address); resolved 39 998 over a lot of 40 000.
    // Each small share is 0.99995 → rounded up to 1 by the 0.9999 rule; the big one's is 19 999.
    const sellers = [
      ...Array.from({ length: 20_000 }, (_, i) => [`s${String(i).padStart(5, '0')}`, 1n] as const),
      ['zz', 20_000n] as const,
    ]
    const info = finished(40_000n, 0n, 39_998n)
    const chain = payAll(info, sellers, 'chain')
    expect(chain.payouts.at(-1)).toEqual({ address: 'zz', sell: 0n, buy: 19_998n })
    expect(chain.leftovers).toEqual([0n, 0n])
    const exact = payAll(info, sellers, 'exact')
    expect(exact.payouts.at(-1)).toEqual({ address: 'zz', sell: 0n, buy: 19_999n })
    expect(exact.payouts[0]).toEqual({ address: 's00000', sell: 0n, buy: 0n })
    // The small sellers' fractions stay as dust, carried to the next auction (< number of sellers).
    expect(exact.leftovers).toEqual([0n, 19_999n])
  })

  it('exact: every seller gets exactly its share rounded down, at any size (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 1n, max: 10n ** 30n }), { minLength: 1, maxLength: 40 }),
        fc.bigInt({ min: 0n, max: 10n ** 30n }),
        fc.bigInt({ min: 0n, max: 10n ** 32n }),
        fc.bigInt({ min: 1n, max: 10n ** 30n }),
        fc.integer({ min: 1, max: 50 }),
        (deposits, carried, resolved, soldRaw, limit) => {
          const lot = deposits.reduce((a, b) => a + b, 0n) + carried
          const sold = 1n + (soldRaw % lot)
          const unsold = lot - sold
          const sellers = deposits.map((d, i) => [`s${String(i).padStart(3, '0')}`, d] as const)
          const { payouts, leftovers } = payAll(finished(lot, unsold, resolved), sellers, 'exact', limit)
          let buy = 0n
          let sell = 0n
          for (const [i, [, d]] of sellers.entries()) {
            expect(payouts[i]!.buy).toBe((d * resolved) / lot)
            expect(payouts[i]!.sell).toBe((d * unsold) / lot)
            buy += payouts[i]!.buy
            sell += payouts[i]!.sell
          }
          expect(buy + leftovers[1]).toBe(resolved)
          expect(sell + leftovers[0]).toBe(unsold)
          // Dust < sellers + the carried part's own share of the proceeds.
          const n = BigInt(deposits.length)
          expect(leftovers[1] * lot < n * lot + resolved * carried).toBe(true)
          expect(leftovers[0] * lot < n * lot + unsold * carried).toBe(true)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('chain: the bigint payout equals the Dec formula of auction.md (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 24n }),
        fc.bigInt({ min: 0n, max: 10n ** 24n }),
        fc.bigInt({ min: 0n, max: 10n ** 24n }),
        fc.bigInt({ min: 0n, max: 10n ** 24n }),
        (lot, d, u, resolved) => {
          const deposit = d % (lot + 1n)
          const unsold = u % lot // something sold
          const p = sellerPayout(finished(lot, unsold, resolved), deposit)
          const share = Dec.fromRatio(deposit, lot)
          const buyDec = Dec.fromInt(resolved).mul(share)
          const buy = buyDec.fractionAtomics() >= Dec.parse('0.9999').atomics ? buyDec.ceil() : buyDec.floor()
          expect(p).toEqual({ sell: unsold > 0n ? share.mulFloor(unsold) : 0n, buy })
        },
      ),
      { numRuns: 500 },
    )
  })
})
