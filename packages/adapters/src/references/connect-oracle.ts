/**
 * A live price reference from Neutron's Connect (formerly Slinky) `x/oracle` module: the prices
 * the validators aggregate every block (issue #11, "A price reference that does not lag").
 *
 * Facts used (skip-mev/connect, `proto/connect/oracle/v2/query.proto` at commit
 * 23f8d09f4bdf38d2e603acfbc7bd94ec93a209f4, `genesis.proto` at b46a9cfd81cb89903f169b2e319a11d379214b4e,
 * `x/oracle/keeper/grpc_query.go` at 568ab3c0e31c9efde5ecffb5c67578c0bfbbffa0,
 * `pkg/types/currency_pair.go`; https://github.com/skip-mev/connect):
 * - query path `/connect.oracle.v2.Query/GetPrice` (the gRPC method, over ABCI);
 * - `GetPriceRequest { string currency_pair = 1 }`, the pair as `BASE/QUOTE` in upper case
 *   (e.g. `ATOM/USD`, as Neutron's market map names its markets);
 * - `GetPriceResponse { QuotePrice price = 1; uint64 nonce = 2; uint64 decimals = 3; uint64 id = 4 }`
 *   with `QuotePrice { string price = 1 (a cosmos.Int); google.protobuf.Timestamp block_timestamp = 2;
 *   uint64 block_height = 3 }`: the price of one Base in Quote is `price / 10^decimals`;
 * - a pair the module does not track answers an error `no price / nonce reported for
 *   CurrencyPair: …, the module is not tracking this CurrencyPair` (or `no ID found for
 *   CurrencyPair: …`).
 */

import { QueryClient } from '@cosmjs/stargate'
import { connectComet } from '@cosmjs/tendermint-rpc'
import { Dec, type Pair, type PriceReference, RebalancerError } from '@rebalancer/types'
import { BinaryReader, BinaryWriter } from 'cosmjs-types/binary'
import * as z from 'zod'

/** The ABCI query path of Connect's `x/oracle` `GetPrice` (connect v2; Neutron since v5). */
export const CONNECT_GET_PRICE_PATH = '/connect.oracle.v2.Query/GetPrice'

/**
 * What a Connect reference needs of a node: cosmjs `QueryClient.queryAbci` (which throws
 * `Query failed with (code): log` when the module answers an error).
 */
export interface AbciQuerier {
  queryAbci(path: string, request: Uint8Array, desiredHeight?: number): Promise<{ value: Uint8Array }>
}

/** A Connect currency pair, as the proto's `CurrencyPair { Base, Quote }`, upper case. */
export const ConnectCurrencyPair = z.strictObject({
  Base: z.string().regex(/^[A-Z0-9][A-Z0-9._-]{0,127}$/, 'must be an upper-case ticker, e.g. ATOM'),
  Quote: z.string().regex(/^[A-Z0-9][A-Z0-9._-]{0,127}$/, 'must be an upper-case ticker, e.g. USD'),
})
/** A Connect currency pair `{ Base, Quote }`. */
export type ConnectCurrencyPair = z.infer<typeof ConnectCurrencyPair>

/** Options of {@link connectOracleReference}. */
export const ConnectOracleOptions = z
  .strictObject({
    /**
     * Each denom the reference prices: its Connect pair (all with the same Quote, e.g. `USD`)
     * and the denom's decimals (6 for `uatom`, 18 for an `…wei`-style denom).
     */
    denoms: z.record(
      z.string().min(1, 'must not be empty'),
      z.strictObject({
        pair: ConnectCurrencyPair,
        decimals: z.number().int('must be a whole number').min(0, 'must be ≥ 0').max(36, 'must be ≤ 36'),
      }),
    ),
    /** Oldest price accepted, seconds before the asked time (default: any age). */
    maxAgeSeconds: z.number().int('must be a whole number').min(1, 'must be ≥ 1').optional(),
  })
  .check((ctx) => {
    const quotes = new Set(Object.values(ctx.value.denoms).map((d) => d.pair.Quote))
    if (quotes.size > 1)
      ctx.issues.push({
        code: 'custom',
        input: ctx.value.denoms,
        path: ['denoms'],
        message: `every pair must have the same Quote to be divided, got ${[...quotes].sort().join(', ')}`,
      })
  })
/** Options of {@link connectOracleReference}. */
export type ConnectOracleOptions = z.input<typeof ConnectOracleOptions>

/** A decoded `GetPriceResponse` (see the module's TSDoc for the source). */
export interface ConnectPriceAnswer {
  /** `QuotePrice`; absent when the pair has no price yet. */
  price?: {
    /** The integer price: one Base is `price / 10^decimals` Quote. */
    price: bigint
    /** `block_timestamp`, unix seconds (nanoseconds dropped). */
    blockTime: number
    blockHeight: bigint
  }
  nonce: bigint
  decimals: bigint
  id: bigint
}

/** Encodes a `GetPriceRequest` for `BASE/QUOTE`. */
export function encodeGetPriceRequest(pair: ConnectCurrencyPair): Uint8Array {
  return new BinaryWriter().uint32(10).string(`${pair.Base}/${pair.Quote}`).finish()
}

/**
 * Decodes a `GetPriceResponse` (unknown fields skipped, as protobuf does).
 * @throws RebalancerError `malformed_connect_answer` naming the field (e.g. `price.price` not an
 *   integer), or the reader's error for truncated bytes.
 */
export function decodeGetPriceResponse(bytes: Uint8Array): ConnectPriceAnswer {
  const r = new BinaryReader(bytes)
  const out: ConnectPriceAnswer = { nonce: 0n, decimals: 0n, id: 0n }
  while (r.pos < r.len) {
    const tag = r.uint32()
    switch (tag >>> 3) {
      case 1:
        out.price = decodeQuotePrice(r.bytes())
        break
      case 2:
        out.nonce = r.uint64()
        break
      case 3:
        out.decimals = r.uint64()
        break
      case 4:
        out.id = r.uint64()
        break
      default:
        r.skipType(tag & 7)
    }
  }
  return out
}

function decodeQuotePrice(bytes: Uint8Array): NonNullable<ConnectPriceAnswer['price']> {
  const r = new BinaryReader(bytes)
  let text = ''
  let blockTime = 0
  let blockHeight = 0n
  while (r.pos < r.len) {
    const tag = r.uint32()
    switch (tag >>> 3) {
      case 1:
        text = r.string()
        break
      case 2:
        blockTime = decodeTimestampSeconds(r.bytes())
        break
      case 3:
        blockHeight = r.uint64()
        break
      default:
        r.skipType(tag & 7)
    }
  }
  // cosmos.Int travels as a base-10 string; an empty one is the zero value
  if (!/^-?\d*$/.test(text))
    throw new RebalancerError(
      'malformed_connect_answer',
      `GetPriceResponse price.price ${JSON.stringify(text.slice(0, 40))} is not an integer`,
      { path: ['price', 'price'] },
    )
  return { price: BigInt(text === '' || text === '-' ? '0' : text), blockTime, blockHeight }
}

/** `google.protobuf.Timestamp { int64 seconds = 1; int32 nanos = 2 }` → whole unix seconds. */
function decodeTimestampSeconds(bytes: Uint8Array): number {
  const r = new BinaryReader(bytes)
  let seconds = 0n
  while (r.pos < r.len) {
    const tag = r.uint32()
    if (tag >>> 3 === 1) seconds = r.int64()
    else r.skipType(tag & 7)
  }
  return Number(seconds)
}

/** The module's answer for a pair it does not track (x/oracle/keeper/grpc_query.go). */
const NOT_TRACKED = /no price \/ nonce reported for CurrencyPair|no ID found for CurrencyPair/

/**
 * A {@link PriceReference} over Connect's `x/oracle`: for `[sell, buy]`, the USD (or common
 * Quote) prices of both denoms' pairs, each `price / 10^decimals` per whole token, give the price
 * in base units `(sell per whole / buy per whole) × 10^(buy decimals − sell decimals)`, computed
 * as one exact ratio and truncated once to 18 digits (Dec). The module answers its latest price:
 * `time` is only used with `maxAgeSeconds`.
 * @param querier a node's ABCI query (see {@link connectAbciQuerier}).
 * @returns a reference whose `price` answers `undefined` for a denom not in `denoms`, a pair the
 *   module does not track, a pair without a price yet or a price ≤ 0; and throws
 *   RebalancerError `connect_query_failed` (naming the Connect pair) when the node fails,
 *   `stale_reference` when a price is older than `maxAgeSeconds`, `malformed_connect_answer`.
 * @throws RebalancerError `invalid_connect_options` naming the field of bad options.
 * @example
 * const ref = connectOracleReference(await connectAbciQuerier(rpc), {
 *   denoms: { uatom: { pair: { Base: 'ATOM', Quote: 'USD' }, decimals: 6 },
 *             untrn: { pair: { Base: 'NTRN', Quote: 'USD' }, decimals: 6 } },
 * })
 * await ref.price(['uatom', 'untrn'], now) // untrn per uatom
 */
export function connectOracleReference(querier: AbciQuerier, options: ConnectOracleOptions): PriceReference {
  const parsed = ConnectOracleOptions.safeParse(options)
  if (!parsed.success) {
    const i = parsed.error.issues[0]!
    throw new RebalancerError(
      'invalid_connect_options',
      `invalid Connect reference options: ${i.path.map(String).join('.') || '(root)'}: ${i.message}`,
      { path: i.path.filter((p): p is string | number => typeof p !== 'symbol') },
    )
  }
  const { denoms, maxAgeSeconds } = parsed.data

  async function usd(
    pair: ConnectCurrencyPair,
    time: number,
  ): Promise<{ price: bigint; decimals: bigint } | undefined> {
    const name = `${pair.Base}/${pair.Quote}`
    let value: Uint8Array
    try {
      value = (await querier.queryAbci(CONNECT_GET_PRICE_PATH, encodeGetPriceRequest(pair))).value
    } catch (e) {
      const message = (e as Error).message ?? String(e)
      if (NOT_TRACKED.test(message)) return undefined
      throw new RebalancerError(
        'connect_query_failed',
        `Connect x/oracle GetPrice ${name} failed: ${message}`,
        {
          cause: e,
        },
      )
    }
    const answer = decodeGetPriceResponse(value)
    if (!answer.price || answer.price.price <= 0n) return undefined
    if (maxAgeSeconds !== undefined && time - answer.price.blockTime > maxAgeSeconds)
      throw new RebalancerError(
        'stale_reference',
        `Connect x/oracle price of ${name} is from unix second ${answer.price.blockTime} (block ${answer.price.blockHeight}): ${time - answer.price.blockTime} s old at ${time}, more than maxAgeSeconds ${maxAgeSeconds}`,
      )
    return { price: answer.price.price, decimals: answer.decimals }
  }

  return {
    name: 'connect:x/oracle',
    async price(pair: Pair, time: number): Promise<Dec | undefined> {
      const sell = denoms[pair[0]]
      const buy = denoms[pair[1]]
      if (!sell || !buy) return undefined
      const s = await usd(sell.pair, time)
      if (!s) return undefined
      const b = await usd(buy.pair, time)
      if (!b) return undefined
      // (s.price / 10^s.decimals) / (b.price / 10^b.decimals) × 10^(buy.decimals − sell.decimals)
      const numerator = s.price * 10n ** (b.decimals + BigInt(buy.decimals))
      const denominator = b.price * 10n ** (s.decimals + BigInt(sell.decimals))
      return Dec.fromRatio(numerator, denominator)
    },
  }
}

/**
 * A node's ABCI query over Tendermint RPC (cosmjs `QueryClient` on `connectComet`), for
 * {@link connectOracleReference}.
 * @throws cosmjs's error when the endpoint cannot be reached.
 */
export async function connectAbciQuerier(rpcUrl: string): Promise<AbciQuerier & { disconnect(): void }> {
  const comet = await connectComet(rpcUrl)
  const client = QueryClient.withExtensions(comet)
  return {
    queryAbci: (path, request, height) => client.queryAbci(path, request, height),
    disconnect: () => comet.disconnect(),
  }
}
