import { readFileSync } from 'node:fs'
import { DEFAULT_SCENARIO, Scenario } from '@rebalancer/types'
import { parse as parseYaml } from 'yaml'
import { z } from 'zod'

/** Options of `start` that override the scenario file. */
export interface ScenarioOverrides {
  config?: string
  prices?: string
  start?: string
  end?: string
}

/** A bad input: the message names the file, the field and the rule. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError'
}

/**
 * The scenario to run: the default one, or a JSON/YAML file, with command-line overrides,
 * validated strictly (unknown fields are errors).
 * @throws ConfigError listing every problem with its field path.
 */
export function loadScenario(o: ScenarioOverrides): Scenario {
  let base: unknown = DEFAULT_SCENARIO
  if (o.config) {
    let text: string
    try {
      text = readFileSync(o.config, 'utf8')
    } catch (e) {
      throw new ConfigError(`cannot read --config ${o.config}: ${(e as Error).message}`)
    }
    try {
      base = /\.json$/i.test(o.config) ? JSON.parse(text) : parseYaml(text)
    } catch (e) {
      throw new ConfigError(
        `--config ${o.config} is not valid ${/\.json$/i.test(o.config) ? 'JSON' : 'YAML'}: ${(e as Error).message}`,
      )
    }
  }
  const merged = {
    ...(base as object),
    ...(o.prices ? { prices: o.prices } : {}),
    ...(o.start ? { start: o.start } : {}),
    ...(o.end ? { end: o.end } : {}),
  }
  const r = Scenario.safeParse(merged)
  if (!r.success) {
    throw new ConfigError(
      `invalid scenario${o.config ? ` in ${o.config}` : ''}:\n${z.prettifyError(r.error)}`,
    )
  }
  const s = r.data
  for (const [i, a] of s.accounts.entries()) {
    for (const d of [a.base_denom, ...a.targets.map((t) => t.denom), ...a.initial.map((h) => h.denom)]) {
      if (!(d in s.denoms)) {
        throw new ConfigError(
          `invalid scenario: accounts[${i}] (${a.name}) uses denom ${d}, which is not in denoms`,
        )
      }
    }
    const sum = a.targets.reduce((x, t) => x + t.bps, 0)
    if (sum !== 10_000)
      throw new ConfigError(`invalid scenario: accounts[${i}].targets bps sum to ${sum}, must be 10000`)
  }
  return s
}
