/**
 * Configuration updates without surprises (issue #6, item 1: "`{"set":…}` / `"clear"` handled
 * right; nothing silently cleared"): the smallest {@link RebalancerUpdate} that turns one
 * typed configuration into another, and the contract's rule for applying one
 * (wire-formats.md, "Account", RebalancerUpdateData).
 */
import type { RebalancerConfig, RebalancerUpdate, Target } from '@rebalancer/types'

function sameTargets(a: readonly Target[], b: readonly Target[]): boolean {
  return (
    a.length === b.length &&
    a.every((t, i) => {
      const u = b[i]!
      return t.denom === u.denom && t.bps === u.bps && (t.minBalance ?? null) === (u.minBalance ?? null)
    })
  )
}

/**
 * The update that turns `from` into `to` (what an edit screen sends after the user changed the
 * full configuration): only changed fields are set; a trustee removed in `to` becomes an explicit
 * `'clear'` (an absent field would keep it); a changed `maxLimitBps` is `{set}` (the contract's
 * `"clear"` means 10000, so `{set: 10000}` is written instead, which is unambiguous); targets are
 * sent whole when any target, weight, order or `minBalance` differs (the wire replaces the list).
 * Returns `{}` when nothing changed.
 */
export function diffConfig(from: RebalancerConfig, to: RebalancerConfig): RebalancerUpdate {
  const u: RebalancerUpdate = {}
  if ((from.trustee ?? undefined) !== (to.trustee ?? undefined))
    u.trustee = to.trustee === undefined ? 'clear' : { set: to.trustee }
  if (from.baseDenom !== to.baseDenom) u.baseDenom = to.baseDenom
  if (!sameTargets(from.targets, to.targets)) u.targets = to.targets.map((t) => ({ ...t }))
  if (!(from.pid.p.eq(to.pid.p) && from.pid.i.eq(to.pid.i) && from.pid.d.eq(to.pid.d))) u.pid = to.pid
  if (from.maxLimitBps !== to.maxLimitBps) u.maxLimitBps = { set: to.maxLimitBps }
  if (from.targetOverrideStrategy !== to.targetOverrideStrategy)
    u.targetOverrideStrategy = to.targetOverrideStrategy
  return u
}

/** True when an update changes nothing (every field absent, `targets` absent or empty). */
export function isEmptyUpdate(u: RebalancerUpdate): boolean {
  return (
    u.trustee === undefined &&
    u.baseDenom === undefined &&
    (u.targets === undefined || u.targets.length === 0) &&
    u.pid === undefined &&
    u.maxLimitBps === undefined &&
    u.targetOverrideStrategy === undefined
  )
}
