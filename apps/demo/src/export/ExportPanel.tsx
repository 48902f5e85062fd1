import type { RebalancerConfig, Scenario } from '@rebalancer/types'

/** Placeholder: the export helper's panel replaces this file at merge. */
export function ExportPanel(_props: { scenario: Scenario; configs: readonly RebalancerConfig[] }): null {
  return null
}
