import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  ActiveAuctionResponse,
  AuctionConfigResponse,
  activeAuctionToWire,
  auctionConfigToWire,
  CONFIG_WIRE_FIELD_NAMES,
  configPathToWire,
  Dec,
  MmDataResponse,
  mmDataToWire,
  PauseReasonWire,
  PriceResponse,
  parseWire,
  pauseReasonToWire,
  priceToWire,
  RebalancerConfigResponse,
  rebalancerConfigToWire,
  SystemRebalanceStatus,
  secondsToTimestamp,
  systemStatusToWire,
  timestampToNanos,
  timestampToSeconds,
  WireError,
} from '../src/index.js'

describe('the one nanosecond Timestamp converter', () => {
  it('seconds → ns string → seconds is the identity (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 18_446_744_073 }), (seconds) => {
        const ts = secondsToTimestamp(seconds)
        expect(ts).toBe(`${BigInt(seconds) * 1_000_000_000n}`)
        expect(timestampToSeconds(ts)).toBe(seconds)
      }),
    )
  })
  it('floors a sub-second time, keeps it in nanos, and refuses what is not a u64 of whole seconds', () => {
    expect(timestampToSeconds('1700000000999999999')).toBe(1_700_000_000)
    expect(timestampToNanos('1700000000999999999')).toBe(1_700_000_000_999_999_999n)
    expect(timestampToSeconds('01')).toBe(0)
    expect(timestampToSeconds('+2000000000')).toBe(2) // u64::from_str takes a leading +
    for (const bad of ['-1', '1.5', '', ' 1', '18446744073709551616']) {
      expect(() => timestampToSeconds(bad)).toThrow(WireError)
    }
    for (const bad of [-1, 1.5, Number.NaN, 18_446_744_074]) {
      expect(() => secondsToTimestamp(bad)).toThrow(/Timestamp/)
    }
    expect(secondsToTimestamp(18_446_744_073)).toBe('18446744073000000000')
  })
})

describe('the domain → wire field-name map', () => {
  it('renames config fields along a path and keeps the others', () => {
    expect(configPathToWire(['targets', 0, 'minBalance'])).toEqual(['targets', 0, 'min_balance'])
    expect(configPathToWire(['maxLimitBps'])).toEqual(['max_limit_bps'])
    expect(configPathToWire(['pid', 'p'])).toEqual(['pid', 'p'])
    expect(Object.isFrozen(CONFIG_WIRE_FIELD_NAMES)).toBe(true)
  })
})

const info = {
  status: { kind: 'close_auction' as const, startAfter: null, paidSell: 5n, paidBuy: 7n },
  startBlock: 10,
  endBlock: 20,
  startPrice: Dec.parse('1.5'),
  endPrice: Dec.parse('0.75'),
  availableAmount: 100n,
  resolvedAmount: 3n,
  totalAmount: 200n,
  leftovers: [1n, 2n] as const,
  lastCheckedBlock: { height: 12, time: 1_700_000_000, chainId: 'neutron-1' },
}

describe('query answers written from domain state', () => {
  it('get_auction / get_mm_data / get_config / get_price answers decode with their schemas', () => {
    const a = parseWire(ActiveAuctionResponse, activeAuctionToWire(info), 'get_auction')
    expect(a.status).toEqual({ close_auction: [null, '5', '7'] })
    expect(a.last_checked_block).toEqual({ height: 12, time: '1700000000000000000', chain_id: 'neutron-1' })
    expect(a.leftovers).toEqual(['1', '2'])
    const mm = parseWire(MmDataResponse, mmDataToWire(info, Dec.parse('1.2'), info.lastCheckedBlock), 'mm')
    expect(mm.price).toBe('1.2')
    const cfg = auctionConfigToWire(
      {
        pair: ['uatom', 'untrn'],
        chainHalt: { capSeconds: 14_400, blockAvgSeconds: 3 },
        freshness: { limitDays: Dec.fromInt(3), multipliers: [[Dec.fromInt(2), Dec.parse('1.5')]] },
      },
      true,
    )
    expect(parseWire(AuctionConfigResponse, cfg, 'get_config')).toEqual({
      is_paused: true,
      pair: ['uatom', 'untrn'],
      chain_halt_config: { cap: '14400', block_avg: '3' },
      price_freshness_strategy: { limit: '3', multipliers: [['2', '1.5']] },
    })
    expect(parseWire(PriceResponse, priceToWire(Dec.parse('2'), 5), 'price')).toEqual({
      price: '2',
      time: '5000000000',
    })
  })

  it('the rebalancer answers: config with controller state, status, pause reason', () => {
    const config = {
      baseDenom: 'untrn',
      targets: [
        { denom: 'uatom', bps: 7500, minBalance: 10n },
        { denom: 'untrn', bps: 2500 },
      ],
      pid: { p: Dec.parse('0.1'), i: Dec.ZERO, d: Dec.ZERO },
      maxLimitBps: 500,
      targetOverrideStrategy: 'proportional' as const,
    }
    const state = {
      lastRebalance: 86_400,
      targets: { uatom: { lastInput: Dec.parse('12.5'), lastI: Dec.parse('0.25') } },
    }
    const wire = parseWire(RebalancerConfigResponse, rebalancerConfigToWire(config, state), 'get_config')
    expect(wire.max_limit).toBe('0.05')
    expect(wire.last_rebalance).toBe('86400000000000')
    expect(wire.has_min_balance).toBe(true)
    expect(wire.targets[0]).toEqual({
      denom: 'uatom',
      percentage: '0.75',
      min_balance: '10',
      last_input: '12.5',
      last_i: '+0.25',
    })
    expect(wire.targets[1]).toMatchObject({
      percentage: '0.25',
      min_balance: null,
      last_input: null,
      last_i: '0',
    })
    expect(
      parseWire(
        SystemRebalanceStatus,
        systemStatusToWire({
          kind: 'processing',
          cycleStarted: 1,
          startFrom: 'neutron1335hded4gyzpt00fpz75mms4m7ck02wg74uqyn',
          prices: [[['uatom', 'untrn'], '1.5']],
        }),
        'status',
      ),
    ).toEqual({
      processing: {
        cycle_started: '1000000000',
        start_from: 'neutron1335hded4gyzpt00fpz75mms4m7ck02wg74uqyn',
        prices: [[['uatom', 'untrn'], '1.5']],
      },
    })
    expect(
      parseWire(PauseReasonWire, pauseReasonToWire({ kind: 'account_reason', text: null }), 'r'),
    ).toEqual({
      account_reason: '',
    })
    expect(pauseReasonToWire({ kind: 'empty_balance' })).toBe('empty_balance')
  })
})

describe('the one auction-status decoder', () => {
  it('names every status of a decoded get_auction answer', async () => {
    const { activeAuctionStatusName } = await import('../src/index.js')
    expect(activeAuctionStatusName({ status: 'started' })).toBe('started')
    expect(activeAuctionStatusName({ status: 'auction_closed' })).toBe('auction_closed')
    expect(activeAuctionStatusName({ status: { close_auction: [null, '5', '7'] } })).toBe('close_auction')
    expect(activeAuctionStatusName(activeAuctionToWire(info))).toBe('close_auction')
  })
})
