import type { RebalancerConfig, RebalancerUpdate, RebalanceState, TargetState } from '@rebalancer/types'
import { DEFAULT_MAX_LIMIT_BPS } from '@rebalancer/types'
import { assertValidConfig, type ValidateConfigOptions } from './validate.js'

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
  options: ValidateConfigOptions = {},
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
