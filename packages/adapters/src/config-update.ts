/**
 * Configuration updates without surprises (issue #6, item 1): the config algebra lives in core
 * next to `applyConfigUpdate`; re-exported here for the builders' users.
 */
export { diffConfig, isEmptyUpdate } from '@rebalancer/core'
