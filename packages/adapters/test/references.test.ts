/**
 * Issue #11, "A price reference that does not lag": the real-chain references of
 * `@rebalancer/adapters/cosmjs`. Connect's `x/oracle` answers are built with the same protobuf
 * writer a node's codec produces (field numbers of connect/oracle/v2 query.proto and
 * genesis.proto); Astroport's through a fake chain reader.
 */
import { Dec, type Pair, WireError } from '@rebalancer/types'
import { BinaryReader, BinaryWriter } from 'cosmjs-types/binary'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type AbciQuerier,
  astroportReference,
  CONNECT_GET_PRICE_PATH,
  connectOracleReference,
  decodeGetPriceResponse,
  encodeGetPriceRequest,
} from '../src/cosmjs.js'

/** A `GetPriceResponse` as a node encodes it; `price` omitted = a nil QuotePrice. */
function priceResponse(a: {
  price?: string
  seconds?: bigint
  nanos?: number
  height?: bigint
  nonce?: bigint
  decimals: bigint
  id?: bigint
  extra?: boolean
}): Uint8Array {
  const w = new BinaryWriter()
  if (a.price !== undefined) {
    const ts = new BinaryWriter()
      .uint32(8)
      .int64(a.seconds ?? 0n)
      .uint32(16)
      .int32(a.nanos ?? 0)
      .finish()
    const qp = new BinaryWriter()
      .uint32(10)
      .string(a.price)
      .uint32(18)
      .bytes(ts)
      .uint32(24)
      .uint64(a.height ?? 0n)
      .finish()
    w.uint32(10).bytes(qp)
  }
  w.uint32(16).uint64(a.nonce ?? 1n)
  w.uint32(24).uint64(a.decimals)
  w.uint32(32).uint64(a.id ?? 0n)
  // a field a later version may add: skipped by the decoder
  if (a.extra) w.uint32(98).string('future')
  return w.finish()
}

/** The currency pair string of a `GetPriceRequest`. */
function requestedPair(bytes: Uint8Array): string {
  const r = new BinaryReader(bytes)
  expect(r.uint32()).toBe(10)
  return r.string()
}

/** A fake node: answers `GetPrice` from `prices` (pair → response bytes, or an error to throw). */
function fakeNode(prices: Record<string, Uint8Array | Error>) {
  const asked: string[] = []
  const querier: AbciQuerier = {
    async queryAbci(path, request) {
      expect(path).toBe(CONNECT_GET_PRICE_PATH)
      const pair = requestedPair(request)
      asked.push(pair)
      const answer = prices[pair]
      if (answer === undefined)
        throw new Error(
          `Query failed with (18): no price / nonce reported for CurrencyPair: ${pair}, the module is not tracking this CurrencyPair`,
        )
      if (answer instanceof Error) throw answer
      return { value: answer, height: 1 }
    },
  }
  return { querier, asked }
}

const SIX = { uatom: { pair: { Base: 'ATOM', Quote: 'USD' }, decimals: 6 } }

describe('Connect x/oracle reference', () => {
  it('encodes GetPriceRequest {currency_pair = 1} as BASE/QUOTE', () => {
    const bytes = encodeGetPriceRequest({ Base: 'ATOM', Quote: 'USD' })
    expect([...bytes]).toEqual([10, 8, ...Buffer.from('ATOM/USD')])
  })

  it('decodes a GetPriceResponse: price, block time and height, nonce, decimals, id; skips unknown fields', () => {
    const bytes = priceResponse({
      price: '1234567890',
      seconds: 1_700_000_000n,
      nanos: 999_999_999,
      height: 12_345_678n,
      nonce: 42n,
      decimals: 8n,
      id: 7n,
      extra: true,
    })
    expect(decodeGetPriceResponse(bytes)).toEqual({
      price: { price: 1_234_567_890n, blockTime: 1_700_000_000, blockHeight: 12_345_678n },
      nonce: 42n,
      decimals: 8n,
      id: 7n,
    })
    expect(decodeGetPriceResponse(priceResponse({ decimals: 8n }))).toEqual({
      nonce: 1n,
      decimals: 8n,
      id: 0n,
    })
    expect(() => decodeGetPriceResponse(priceResponse({ price: '12.5', decimals: 8n }))).toThrow(
      /GetPriceResponse price\.price "12\.5" is not an integer/,
    )
  })

  it('prices a pair from the two USD prices, each scaled by the answer decimals (6-decimal denoms)', async () => {
    const { querier, asked } = fakeNode({
      'ATOM/USD': priceResponse({ price: '1234567890', decimals: 8n }), // 12.3456789 USD
      'NTRN/USD': priceResponse({ price: '4500000001', decimals: 10n }), // 0.4500000001 USD
    })
    const ref = connectOracleReference(querier, {
      denoms: { ...SIX, untrn: { pair: { Base: 'NTRN', Quote: 'USD' }, decimals: 6 } },
    })
    expect(ref.name).toBe('connect:x/oracle')
    // 12.3456789 / 0.4500000001, truncated to 18 digits
    expect((await ref.price(['uatom', 'untrn'], 0))?.toString()).toBe('27.434841993903368445')
    expect(asked).toEqual(['ATOM/USD', 'NTRN/USD'])
  })

  it('scales by 10^(buy decimals − sell decimals) for an 18-decimal denom, both ways', async () => {
    const { querier } = fakeNode({
      'ETH/USD': priceResponse({ price: '300012345678', decimals: 8n }), // 3000.12345678 USD
      'USDC/USD': priceResponse({ price: '100000000', decimals: 8n }), // 1 USD
    })
    const ref = connectOracleReference(querier, {
      denoms: {
        aeth: { pair: { Base: 'ETH', Quote: 'USD' }, decimals: 18 },
        uusdc: { pair: { Base: 'USDC', Quote: 'USD' }, decimals: 6 },
      },
    })
    // 1 aeth (1e-18 ETH) = 3000.12345678e-18 USDC = 3.00012345678e-9 uusdc, truncated
    expect((await ref.price(['aeth', 'uusdc'], 0))?.toString()).toBe('0.000000003000123456')
    // 1 uusdc = 1e-6 / 3000.12345678 ETH = 1e12 / 3000.12345678 aeth
    expect((await ref.price(['uusdc', 'aeth'], 0))?.toString()).toBe('333319616.477812938091073645')
  })

  it('property: the price is the exact ratio of the two scaled prices, truncated once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.bigInt({ min: 1n, max: 10n ** 20n }),
        fc.bigInt({ min: 1n, max: 10n ** 20n }),
        fc.integer({ min: 0, max: 18 }),
        fc.integer({ min: 0, max: 18 }),
        fc.integer({ min: 0, max: 18 }),
        fc.integer({ min: 0, max: 18 }),
        async (ps, pb, qs, qb, ds, db) => {
          const { querier } = fakeNode({
            'A/USD': priceResponse({ price: ps.toString(), decimals: BigInt(qs) }),
            'B/USD': priceResponse({ price: pb.toString(), decimals: BigInt(qb) }),
          })
          const ref = connectOracleReference(querier, {
            denoms: {
              a: { pair: { Base: 'A', Quote: 'USD' }, decimals: ds },
              b: { pair: { Base: 'B', Quote: 'USD' }, decimals: db },
            },
          })
          const got = (await ref.price(['a', 'b'], 0))!
          // got ≤ exact < got + 1 atomic, with exact = (ps/10^qs)/(pb/10^qb) × 10^(db−ds), in
          // integers: got.atomics × pb × 10^(qs+ds) ≤ ps × 10^(qb+db) × 10^18 < (got.atomics+1) × …
          const left = pb * 10n ** BigInt(qs + ds)
          const right = ps * 10n ** BigInt(qb + db) * Dec.SCALE
          expect(got.atomics * left <= right).toBe(true)
          expect((got.atomics + 1n) * left > right).toBe(true)
        },
      ),
      { numRuns: 200 },
    )
  })

  it('answers undefined for an unknown denom, an untracked pair, a nil price and a zero price', async () => {
    const { querier } = fakeNode({
      'ATOM/USD': priceResponse({ price: '1000000000', decimals: 8n }),
      'NTRN/USD': priceResponse({ decimals: 8n }),
      'OSMO/USD': priceResponse({ price: '0', decimals: 8n }),
    })
    const ref = connectOracleReference(querier, {
      denoms: {
        ...SIX,
        untrn: { pair: { Base: 'NTRN', Quote: 'USD' }, decimals: 6 },
        uosmo: { pair: { Base: 'OSMO', Quote: 'USD' }, decimals: 6 },
        ustars: { pair: { Base: 'STARS', Quote: 'USD' }, decimals: 6 },
      },
    })
    const cases: [Pair, string][] = [
      [['uatom', 'ufoo'], 'unknown denom'],
      [['uatom', 'ustars'], 'untracked'],
      [['uatom', 'untrn'], 'nil price'],
      [['uosmo', 'uatom'], 'zero price'],
    ]
    for (const [pair] of cases) expect(await ref.price(pair, 0)).toBeUndefined()
  })

  it('throws naming the Connect pair when the node fails, and for a price older than maxAgeSeconds', async () => {
    const { querier } = fakeNode({
      'ATOM/USD': priceResponse({ price: '1000000000', decimals: 8n, seconds: 1_000n }),
      'NTRN/USD': new Error('fetch failed: ECONNREFUSED'),
    })
    const denoms = { ...SIX, untrn: { pair: { Base: 'NTRN', Quote: 'USD' }, decimals: 6 } }
    await expect(connectOracleReference(querier, { denoms }).price(['uatom', 'untrn'], 0)).rejects.toThrow(
      'Connect x/oracle GetPrice NTRN/USD failed: fetch failed: ECONNREFUSED',
    )
    const fresh = connectOracleReference(querier, { denoms, maxAgeSeconds: 60 })
    await expect(fresh.price(['uatom', 'untrn'], 1_061)).rejects.toThrow(
      /Connect x\/oracle price of ATOM\/USD is from unix second 1000 .*61 s old at 1061, more than maxAgeSeconds 60/,
    )
  })

  it('refuses bad options, naming the field', () => {
    const { querier } = fakeNode({})
    const bad: [unknown, RegExp][] = [
      [
        { denoms: { uatom: { pair: { Base: 'ATOM', Quote: 'USD' }, decimals: -1 } } },
        /denoms\.uatom\.decimals: must be ≥ 0/,
      ],
      [
        { denoms: { uatom: { pair: { Base: 'atom', Quote: 'USD' }, decimals: 6 } } },
        /denoms\.uatom\.pair\.Base: must be an upper-case ticker/,
      ],
      [
        {
          denoms: {
            uatom: { pair: { Base: 'ATOM', Quote: 'USD' }, decimals: 6 },
            untrn: { pair: { Base: 'NTRN', Quote: 'EUR' }, decimals: 6 },
          },
        },
        /denoms: every pair must have the same Quote to be divided, got EUR, USD/,
      ],
      [{ denoms: SIX, colour: 'red' }, /\(root\): Unrecognized key: "colour"|colour/],
      [{ denoms: SIX, maxAgeSeconds: 0 }, /maxAgeSeconds: must be ≥ 1/],
    ]
    for (const [options, message] of bad)
      expect(() => connectOracleReference(querier, options as never)).toThrow(message)
  })
})

describe('Astroport simulation reference', () => {
  const POOL = 'neutron1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqhufaa6'

  function fakeReader(answer: unknown | Error) {
    const asked: { address: string; query: unknown }[] = []
    return {
      asked,
      reader: {
        async queryContractSmart(address: string, query: unknown) {
          asked.push({ address, query })
          if (answer instanceof Error) throw answer
          return answer as never
        },
      },
    }
  }

  it('asks the pool to simulate the offer and prices (return + commission) / offer', async () => {
    const { reader, asked } = fakeReader({
      return_amount: '1493000',
      spread_amount: '4000',
      commission_amount: '4500',
    })
    const ref = astroportReference(reader, [
      { pair: ['uatom', 'untrn'], pool: POOL, offerAmount: 1_000_000n },
    ])
    expect(ref.name).toBe('astroport')
    expect((await ref.price(['uatom', 'untrn'], 0))?.toString()).toBe('1.4975')
    expect(asked).toEqual([
      {
        address: POOL,
        query: {
          simulation: {
            offer_asset: { info: { native_token: { denom: 'uatom' } }, amount: '1000000' },
            ask_asset_info: { native_token: { denom: 'untrn' } },
          },
        },
      },
    ])
    // no pool for the reverse pair: no price (its offer amount is in other units)
    expect(await ref.price(['untrn', 'uatom'], 0)).toBeUndefined()
  })

  it('answers undefined when the pool returns nothing', async () => {
    const { reader } = fakeReader({ return_amount: '0', spread_amount: '0', commission_amount: '0' })
    const ref = astroportReference(reader, [{ pair: ['uatom', 'untrn'], pool: POOL, offerAmount: 1n }])
    expect(await ref.price(['uatom', 'untrn'], 0)).toBeUndefined()
  })

  it('throws naming the pair and pool when the query fails, and the field of a malformed answer', async () => {
    const pools = [{ pair: ['uatom', 'untrn'] as Pair, pool: POOL, offerAmount: 1_000_000n }]
    const failing = astroportReference(fakeReader(new Error('contract not found')).reader, pools)
    await expect(failing.price(['uatom', 'untrn'], 0)).rejects.toThrow(
      `Astroport simulation of [uatom, untrn] on pool ${POOL} failed: contract not found`,
    )
    const malformed = astroportReference(
      fakeReader({ return_amount: 5, spread_amount: '0', commission_amount: '0' }).reader,
      pools,
    )
    const e = await malformed.price(['uatom', 'untrn'], 0).catch((x: unknown) => x)
    expect(WireError.isInstance(e)).toBe(true)
    expect((e as Error).message).toMatch(/Astroport simulation answer for \[uatom, untrn\].*return_amount/)
  })

  it('refuses a bad pool list, naming the entry and field', () => {
    const { reader } = fakeReader({})
    expect(() =>
      astroportReference(reader, [{ pair: ['uatom', 'untrn'], pool: POOL, offerAmount: 0n }]),
    ).toThrow('astroport pools[0].offerAmount 0 is invalid: it must be above 0 base units')
    expect(() =>
      astroportReference(reader, [
        { pair: ['uatom', 'untrn'], pool: POOL, offerAmount: 1n },
        { pair: ['uatom', 'untrn'], pool: POOL, offerAmount: 2n },
      ]),
    ).toThrow('astroport pools[1].pair [uatom, untrn] is listed twice: one pool per pair')
  })
})
