/**
 * `compare --strategies <file>` (issue #12): a JSON or YAML list of strategies
 * `{name, overrides?, account?}` (`StrategyList` of `@rebalancer/types`) that replaces the
 * default set.
 */
import { StrategyList, type StrategySpec } from '@rebalancer/types'
import { ConfigError, readConfigFile } from './config.js'

/**
 * Reads and checks a `--strategies` file: a list of at least one strategy, each a mapping
 * `{name, overrides?, account?}` with a unique name, `overrides` naming only scenario fields and
 * `account` only account fields (unknown fields refused). The values are checked against the
 * scenario's rules when the comparison prepares its jobs, every strategy before any runs.
 * @throws ConfigError `invalid_strategies` listing each problem as `strategies[1].account.colour:
 *   unknown field` (no value of the file is quoted); what `readConfigFile` throws for a file that
 *   cannot be read or parsed.
 */
export function readStrategies(path: string): StrategySpec[] {
  const r = StrategyList.safeParse(readConfigFile(path, '--strategies'))
  if (r.success) return r.data
  const at = (path: readonly PropertyKey[]) =>
    ['strategies', ...path.map(String)].reduce((s, p) => (/^\d+$/.test(p) ? `${s}[${p}]` : `${s}.${p}`))
  const lines = r.error.issues.flatMap((i) =>
    i.code === 'unrecognized_keys'
      ? i.keys.map((k) => `  ${at([...i.path, k])}: unknown field`)
      : [`  ${at(i.path)}: ${i.message}`],
  )
  throw new ConfigError('invalid_strategies', `invalid --strategies file ${path}:\n${lines.join('\n')}`, {
    path: ['strategies', ...(r.error.issues[0]?.path.filter((p) => typeof p !== 'symbol') ?? [])] as (
      | string
      | number
    )[],
  })
}
