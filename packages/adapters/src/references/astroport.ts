/**
 * A live price reference from an Astroport pool's swap simulation (issue #11, "A price
 * reference that does not lag": the deployed Astroport simulate path).
 *
 * Facts used (astroport-fi/astroport-core, `packages/astroport/src/pair.rs` at commit
 * 00bb2332a5f3eb514fa6127bc208b1987070e492, https://github.com/astroport-fi/astroport-core):
 * the pair contract's smart query `{"simulation":{"offer_asset":{"info":{"native_token":
 * {"denom":…}},"amount":"…"},"ask_asset_info":{"native_token":{"denom":…}}}}` (`ask_asset_info`
 * optional; needed by pools of more than two assets) answers `SimulationResponse
 * {return_amount, spread_amount, commission_amount}`, three Uint128 strings: the ask amount the
 * offer buys after the pool's fee, the shortfall against the pool's marginal price, and the fee.
 */
import {
  type ChainReader,
  Dec,
  type Pair,
  type PriceReference,
  parseWire,
  RebalancerError,
  Uint128,
} from '@rebalancer/types'
import * as z from 'zod'

/** The answer of an Astroport pair's `simulation` query. */
export const AstroportSimulationResponse = z.strictObject({
  return_amount: Uint128,
  spread_amount: Uint128,
  commission_amount: Uint128,
})
/** An Astroport `SimulationResponse`. */
export type AstroportSimulationResponse = z.infer<typeof AstroportSimulationResponse>

/** One pool the reference asks: the pair it prices, the pool contract and the amount offered. */
export interface AstroportPool {
  /** `[sell, buy]`: the pool is asked what `offerAmount` of `sell` buys of `buy`. */
  pair: Pair
  /** The Astroport pair contract's address. */
  pool: string
  /**
   * Base units of `sell` offered in the simulation (> 0): small enough that the price impact
   * (`spread_amount`) is negligible, large enough that rounding is (e.g. 1 whole token).
   */
  offerAmount: bigint
}

/** The simulation query of `pool` for `pair` (see the module's TSDoc for the shape's source). */
export function astroportSimulationQuery(pool: AstroportPool): {
  simulation: {
    offer_asset: { info: { native_token: { denom: string } }; amount: string }
    ask_asset_info: { native_token: { denom: string } }
  }
} {
  return {
    simulation: {
      offer_asset: { info: { native_token: { denom: pool.pair[0] } }, amount: pool.offerAmount.toString() },
      ask_asset_info: { native_token: { denom: pool.pair[1] } },
    },
  }
}

/**
 * A {@link PriceReference} over Astroport pools: for a configured `[sell, buy]`, simulates
 * selling `offerAmount` of `sell` in the pool and answers
 * `(return_amount + commission_amount) / offerAmount` base units of `buy` per base unit of
 * `sell` (Dec, truncated). The commission is added back because Astroport takes its fee out of
 * the ask amount: what is left is the pool's price for that size before fees, the market price
 * a maker arbitrages against; the spread (price impact of the size) stays in, so it is at most
 * the marginal price and a conservative reference for a small `offerAmount`.
 * @param reader the chain's smart queries (a cosmjs `CosmWasmClient`, `connectReader`'s).
 * @returns a reference whose `price` answers `undefined` for a pair without a pool and when the
 *   pool returns nothing (an empty pool); and throws RebalancerError `astroport_query_failed`
 *   naming the pair and pool when the query fails, WireError naming the field of a malformed
 *   answer.
 * @throws RebalancerError `invalid_astroport_pool` naming the entry of a bad pool list (an
 *   offer ≤ 0, a pair listed twice).
 * @example
 * const ref = astroportReference(reader, [{ pair: ['uatom', 'untrn'], pool: 'neutron1…', offerAmount: 1_000_000n }])
 */
export function astroportReference(
  reader: Pick<ChainReader, 'queryContractSmart'>,
  pools: readonly AstroportPool[],
): PriceReference {
  const byPair = new Map<string, AstroportPool>()
  pools.forEach((p, i) => {
    const key = `${p.pair[0]}|${p.pair[1]}`
    if (p.offerAmount <= 0n)
      throw new RebalancerError(
        'invalid_astroport_pool',
        `astroport pools[${i}].offerAmount ${p.offerAmount} is invalid: it must be above 0 base units`,
        { path: [i, 'offerAmount'] },
      )
    if (p.pair[0] === p.pair[1])
      throw new RebalancerError(
        'invalid_astroport_pool',
        `astroport pools[${i}].pair [${p.pair.join(', ')}] is invalid: it must be two different denoms`,
        { path: [i, 'pair'] },
      )
    if (byPair.has(key))
      throw new RebalancerError(
        'invalid_astroport_pool',
        `astroport pools[${i}].pair [${p.pair.join(', ')}] is listed twice: one pool per pair`,
        { path: [i, 'pair'] },
      )
    byPair.set(key, p)
  })
  return {
    name: 'astroport',
    async price(pair: Pair): Promise<Dec | undefined> {
      const pool = byPair.get(`${pair[0]}|${pair[1]}`)
      if (!pool) return undefined
      let answer: unknown
      try {
        answer = await reader.queryContractSmart(pool.pool, astroportSimulationQuery(pool))
      } catch (e) {
        throw new RebalancerError(
          'astroport_query_failed',
          `Astroport simulation of [${pair.join(', ')}] on pool ${pool.pool} failed: ${(e as Error).message ?? String(e)}`,
          { cause: e },
        )
      }
      const r = parseWire(
        AstroportSimulationResponse,
        answer,
        `Astroport simulation answer for [${pair.join(', ')}]`,
      )
      const out = BigInt(r.return_amount) + BigInt(r.commission_amount)
      if (out === 0n) return undefined
      return Dec.fromRatio(out, pool.offerAmount)
    },
  }
}
