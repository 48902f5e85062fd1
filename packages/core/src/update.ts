import type {
  RebalancerConfig,
  RebalancerUpdate,
  RebalanceState,
  Target,
  TargetState,
} from '@rebalancer/types'
import { DEFAULT_MAX_LIMIT_BPS } from '@rebalancer/types'
import { assertValidConfig, type ConfigWhitelists } from './validate.js'

/**
 * An account's configuration after an update (wire `update_service` with RebalancerUpdateData,
 * wire-formats.md "Account"; the typed form is `RebalancerUpdate` of `@rebalancer/types`, made
 * from the wire by `updateFromWire`):
 * - an absent field keeps the stored value;
 * - `targets` absent or `[]` keeps the stored targets; otherwise the new list replaces them (in
 *   its own order);
 * - `trustee`: `{set: addr}` sets it, `'clear'` removes it;
 * - `maxLimitBps`: `{set: n}` sets it, `'clear'` restores the default 10000.
 *
 * The result is then checked with exactly the rules of register (`validateConfig`, whitelists
 * included when given): correction 8, the deployed contract validated an update less strictly
 * than a registration, so an update could store a configuration that register refuses.
 *
 * @returns a new configuration object; the inputs are not mutated.
 * @throws InvalidConfigError listing every problem of the merged configuration.
 */
export function applyConfigUpdate(
  config: RebalancerConfig,
  update: RebalancerUpdate,
  options: ConfigWhitelists = {},
): RebalancerConfig {
  const next: RebalancerConfig = {
    baseDenom: update.baseDenom ?? config.baseDenom,
    targets: update.targets !== undefined && update.targets.length > 0 ? update.targets : config.targets,
    pid: update.pid ?? config.pid,
    maxLimitBps:
      update.maxLimitBps === undefined
        ? config.maxLimitBps
        : update.maxLimitBps === 'clear'
          ? DEFAULT_MAX_LIMIT_BPS
          : update.maxLimitBps.set,
    targetOverrideStrategy: update.targetOverrideStrategy ?? config.targetOverrideStrategy,
  }
  const trustee =
    update.trustee === undefined
      ? config.trustee
      : update.trustee === 'clear'
        ? undefined
        : update.trustee.set
  if (trustee !== undefined) next.trustee = trustee
  assertValidConfig(next, options)
  return next
}

/**
 * The controller state to keep after a configuration change: the per-target state of every
 * target that remains (new targets start fresh, removed ones are dropped); `lastRebalance` is kept.
 *
 * @returns a new state object.
 */
export function stateForConfig(
  state: RebalanceState,
  config: Pick<RebalancerConfig, 'targets'>,
): RebalanceState {
  const targets: Record<string, TargetState> = {}
  for (const t of config.targets) {
    if (Object.hasOwn(state.targets, t.denom)) targets[t.denom] = state.targets[t.denom]!
  }
  return { lastRebalance: state.lastRebalance, targets }
}

// ------------------------------------------------------------------ the update between two configs

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
 * Returns `{}` when nothing changed; `applyConfigUpdate(from, diffConfig(from, to))` equals `to`
 * (issue #6, item 1: set/clear handled right, nothing silently cleared).
 * @example
 * ```ts
 * diffConfig(config, { ...config, maxLimitBps: 500 }) // { maxLimitBps: { set: 500 } }
 * ```
 */
export function diffConfig(from: RebalancerConfig, to: RebalancerConfig): RebalancerUpdate {
  const update: RebalancerUpdate = {}
  if ((from.trustee ?? undefined) !== (to.trustee ?? undefined))
    update.trustee = to.trustee === undefined ? 'clear' : { set: to.trustee }
  if (from.baseDenom !== to.baseDenom) update.baseDenom = to.baseDenom
  if (!sameTargets(from.targets, to.targets)) update.targets = to.targets.map((t) => ({ ...t }))
  if (!(from.pid.p.eq(to.pid.p) && from.pid.i.eq(to.pid.i) && from.pid.d.eq(to.pid.d))) update.pid = to.pid
  if (from.maxLimitBps !== to.maxLimitBps) update.maxLimitBps = { set: to.maxLimitBps }
  if (from.targetOverrideStrategy !== to.targetOverrideStrategy)
    update.targetOverrideStrategy = to.targetOverrideStrategy
  return update
}

/**
 * True when an update changes nothing (every field absent, `targets` absent or empty):
 * `applyConfigUpdate(c, update)` then equals `c`.
 */
export function isEmptyUpdate(update: RebalancerUpdate): boolean {
  return (
    update.trustee === undefined &&
    update.baseDenom === undefined &&
    (update.targets === undefined || update.targets.length === 0) &&
    update.pid === undefined &&
    update.maxLimitBps === undefined &&
    update.targetOverrideStrategy === undefined
  )
}
