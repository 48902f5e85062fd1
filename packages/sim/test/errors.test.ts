import { RebalancerError } from '@rebalancer/types'
import { describe, expect, it } from 'vitest'
import { PriceHistoryError, parsePriceCsv, parseScenario, ScenarioError } from '../src/index.js'

/** The error `fn` throws. */
function thrown(fn: () => unknown): unknown {
  try {
    fn()
  } catch (e) {
    return e
  }
  throw new RebalancerError('no_error', 'expected an error')
}

describe('the simulator’s errors are RebalancerErrors with a code and the field path', () => {
  it('ScenarioError: code invalid_scenario, path of the first problem', () => {
    const e = thrown(() => parseScenario({ start: '2024-13-01' }))
    expect(ScenarioError.isInstance(e)).toBe(true)
    expect(RebalancerError.isInstance(e)).toBe(true)
    expect((e as ScenarioError).code).toBe('invalid_scenario')
    expect((e as ScenarioError).path.length).toBeGreaterThan(0)
    expect((e as ScenarioError).name).toBe('ScenarioError')
  })

  it('PriceHistoryError: code invalid_csv, naming the file and line', () => {
    const e = thrown(() => parsePriceCsv('open_time_utc,ATOM\n2024-01-01T00:00:00Z,-1\n', { name: 'p.csv' }))
    expect(PriceHistoryError.isInstance(e)).toBe(true)
    expect((e as PriceHistoryError).code).toBe('invalid_csv')
    expect((e as Error).message).toMatch(/^p\.csv:2/)
  })
})
