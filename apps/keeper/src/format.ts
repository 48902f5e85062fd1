import { Dec } from '@rebalancer/types'

/**
 * Whole US dollars with thousands separators: `$1,234,567`. A Dec string (a report's USD value) is
 * rounded by Dec, a number by `Math.round`.
 */
export function usd(value: string | number): string {
  const whole = typeof value === 'string' ? Number(Dec.parse(value).toFixed(0)) : Math.round(value)
  return `$${whole.toLocaleString('en-US', { maximumFractionDigits: 0 })}`
}

/** Basis points to one decimal (`-30.2 bps`), or `-` when there is none. */
export function bps(value: number | null): string {
  return value === null ? '-' : `${value.toFixed(1)} bps`
}

/**
 * Whether to colour output to `out`: only on a terminal, unless `options.color` is `false`
 * (`--no-color`) or the environment sets `NO_COLOR` to a non-empty value (no-color.org).
 */
export function useColor(
  out: { isTTY?: boolean },
  options: { color?: boolean } = {},
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  return out.isTTY === true && options.color !== false && !env.NO_COLOR
}
