/**
 * Issue #10 "Types owns the wire": an auction's state is declared once, in `@rebalancer/types`
 * (`AuctionInfoState`, `AuctionStatusState`); the auction package re-exports it under its own
 * names (`AuctionInfo`, `AuctionStatus`) and the `get_auction` encoder takes the same type.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  type ActiveAuctionResponse,
  type AuctionInfoState,
  type AuctionStatusState,
  activeAuctionToWire,
  Dec,
} from '@rebalancer/types'
import { describe, expect, expectTypeOf, it } from 'vitest'
import type { AuctionInfo, AuctionStatus } from '../src/index.js'

describe('auction state types', () => {
  it('are the types of @rebalancer/types under the auction names', () => {
    expectTypeOf<AuctionInfo>().toEqualTypeOf<AuctionInfoState>()
    expectTypeOf<AuctionStatus>().toEqualTypeOf<AuctionStatusState>()
    expectTypeOf(activeAuctionToWire).parameter(0).toEqualTypeOf<AuctionInfo>()
    const info: AuctionInfo = {
      status: { kind: 'close_auction', startAfter: null, paidSell: 1n, paidBuy: 2n },
      startBlock: 10,
      endBlock: 20,
      startPrice: Dec.parse('2'),
      endPrice: Dec.parse('1'),
      availableAmount: 5n,
      resolvedAmount: 6n,
      totalAmount: 7n,
      leftovers: [0n, 0n],
      lastCheckedBlock: { height: 10, time: 1_700_000_000, chainId: 'c' },
    }
    expect(activeAuctionToWire(info)).toEqual({
      status: { close_auction: [null, '1', '2'] },
      start_block: 10,
      end_block: 20,
      start_price: '2',
      end_price: '1',
      available_amount: '5',
      resolved_amount: '6',
      total_amount: '7',
      leftovers: ['0', '0'],
      last_checked_block: { height: 10, time: '1700000000000000000', chain_id: 'c' },
    } satisfies ActiveAuctionResponse)
  })

  it('are declared once across types and auction (no second copy of the shapes)', () => {
    const root = join(__dirname, '..', '..')
    const sources = ['types/src', 'auction/src'].flatMap((dir) =>
      (readdirSync(join(root, dir), { recursive: true }) as string[])
        .filter((f) => f.endsWith('.ts'))
        .map((f) => readFileSync(join(root, dir, f), 'utf8')),
    )
    const count = (re: RegExp) => sources.reduce((n, s) => n + (s.match(re)?.length ?? 0), 0)
    // the close_auction variant of the status, and the info's halt-detection field
    expect(
      count(/kind: 'close_auction'; startAfter: string \| null; paidSell: bigint; paidBuy: bigint/g),
    ).toBe(1)
    expect(count(/^\s*lastCheckedBlock: BlockInfo$/gm)).toBe(1)
  })
})
