/** Display helpers of the auction panel: amounts and prices as text, through the Dec18 module. */
import { Dec } from '@rebalancer/types'

const pow10 = (n: number) => 10n ** BigInt(n)

/** `amount` base units of a denom with `decimals` as whole tokens, `places` decimals (truncated). */
export function tokens(amount: bigint, decimals: number, places = 4): string {
  return Dec.fromRatio(amount, pow10(decimals)).toFixed(places)
}

/**
 * A price in base units of buy per base unit of sell (Dec text) as whole tokens of buy per whole
 * token of sell, `places` decimals (truncated).
 */
export function tokenPrice(price: string, sellDecimals: number, buyDecimals: number, places = 6): string {
  return Dec.parse(price)
    .mul(Dec.fromRatio(pow10(sellDecimals), pow10(buyDecimals)))
    .toFixed(places)
}

/** A Dec fraction of 1 (text) as a percentage with two decimals. */
export function percent(fraction: string): string {
  return `${Dec.parse(fraction).mulInt(100n).toFixed(2)} %`
}

/** bps with a sign, e.g. `−12.3 bps`. */
export function bps(n: number): string {
  const r = Math.round(n * 10) / 10
  return `${r > 0 ? '+' : r < 0 ? '−' : ''}${Math.abs(r).toFixed(1)} bps`
}

/** Unix seconds as `YYYY-MM-DD HH:MM:SS UTC`. */
export function utc(time: number): string {
  const iso = new Date(time * 1000).toISOString()
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`
}
