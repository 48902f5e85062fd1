/** Helpers shared by the localnet's test files. */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Coin } from '@rebalancer/types'
import { Localnet, type LocalnetSnapshot } from '../src/index.js'
import type { KV } from '../src/store.js'

/**
 * Whether two snapshots hold the very same state: every key the same (immutable) value, and the
 * same height, time and transaction count. A refused message must leave `sameState(before, after)`.
 */
export function sameState(a: LocalnetSnapshot, b: LocalnetSnapshot): boolean {
  if (a.map.size !== b.map.size || a.height !== b.height || a.time !== b.time || a.txCount !== b.txCount)
    return false
  for (const [k, v] of a.map) if (!b.map.has(k) || b.map.get(k) !== v) return false
  return true
}

/** The mutation of issue #9 §4: every transfer loses one unit on the way (the bank check must see it). */
export class LossyLocalnet extends Localnet {
  protected override transfer(kv: KV, from: string, to: string, coins: readonly Coin[]): void {
    super.transfer(kv, from, to, coins)
    for (const c of coins) {
      if (BigInt(c.amount) === 0n) continue
      const key = `bank/${to}/${c.denom}`
      kv.set(key, (kv.get<bigint>(key) ?? 0n) - 1n)
    }
  }
}

/** The packages whose sources the style scans read (sim and the apps convert on their own). */
export const SCANNED_PACKAGES = ['types', 'core', 'auction', 'adapters', 'localnet'] as const

/** The repository's `packages/` folder. */
export const PACKAGES_ROOT = join(__dirname, '..', '..')

/**
 * Absolute paths of the `.ts` files under `packages/<pkg>/<dir>` for each of `packages`
 * (recursively for `src`, the folder itself for `test`).
 */
export function packageFiles(dir: 'src' | 'test', packages: readonly string[] = SCANNED_PACKAGES): string[] {
  return packages.flatMap((pkg) =>
    (readdirSync(join(PACKAGES_ROOT, pkg, dir), { recursive: dir === 'src' }) as string[])
      .filter((f) => f.endsWith('.ts'))
      .map((f) => join(PACKAGES_ROOT, pkg, dir, f)),
  )
}
