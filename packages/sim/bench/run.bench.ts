import { DEFAULT_SCENARIO } from '@rebalancer/types'
import { bench, describe } from 'vitest'
import { loadPriceHistory, runScenario } from '../src/index.js'

const history = loadPriceHistory()

describe('the main job', () => {
  bench(
    'default scenario, 2023-10-11 → 2025-06-12 (611 daily cycles, 2 accounts, 3 makers); backtests/min = 60 × hz',
    async () => {
      await runScenario(DEFAULT_SCENARIO, { history })
    },
    { iterations: 3, warmupIterations: 1 },
  )
  bench(
    '30 days',
    async () => {
      await runScenario({ ...DEFAULT_SCENARIO, start: '2024-03-01', end: '2024-03-30' }, { history })
    },
    { iterations: 10 },
  )
})
