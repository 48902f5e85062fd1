import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_SCENARIO, Dec, type Scenario } from '@rebalancer/types'
import { describe, expect, it } from 'vitest'
import {
  defaultPriceDir,
  parseScenario,
  prepareSimulation,
  priceHistoryFrom,
  runScenario,
  ScenarioError,
} from '../src/index.js'

const D = DEFAULT_SCENARIO

/** The problems of a scenario, `field: message` each (empty when it is accepted). */
function problemsOf(input: unknown, options = {}): string[] {
  try {
    parseScenario(input, options)
    return []
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError)
    return (e as ScenarioError).message
      .split('\n')
      .slice(1)
      .map((l) => l.trim())
  }
}

const withAccount = (i: number, patch: object): Scenario =>
  ({ ...D, accounts: D.accounts.map((a, k) => (k === i ? { ...a, ...patch } : a)) }) as Scenario

describe('parseScenario: dates', () => {
  it('refuses impossible calendar dates, naming the field (2024-02-30 is not March 1st)', () => {
    expect(problemsOf({ ...D, start: '2024-02-30' })).toEqual([
      'start: must be a real calendar date written YYYY-MM-DD, e.g. "2024-02-29"',
    ])
    expect(problemsOf({ ...D, end: '2024-04-31' })).toEqual([
      'end: must be a real calendar date written YYYY-MM-DD, e.g. "2024-02-29"',
    ])
  })

  it('knows the leap years: 29 February of 2024 and 2000, not of 2023, 1900 or 2100', () => {
    for (const day of ['2024-02-29', '2000-02-29', '2400-02-29']) {
      expect(problemsOf({ ...D, start: '1999-01-01', end: day }), day).toEqual([])
    }
    for (const day of ['2023-02-29', '1900-02-29', '2100-02-29', '2024-13-01', '2024-00-10', '2024-1-05']) {
      expect(problemsOf({ ...D, end: day }), day).toEqual([
        'end: must be a real calendar date written YYYY-MM-DD, e.g. "2024-02-29"',
      ])
    }
  })

  it('refuses an end before the start', () => {
    expect(problemsOf({ ...D, start: '2024-05-02', end: '2024-05-01' })).toEqual([
      'end: must not be before start (2024-05-02), got 2024-05-01',
    ])
  })
})

describe('parseScenario: amounts and decimals', () => {
  it('says an amount must be a string of whole tokens, with an example, when written as a number', () => {
    expect(problemsOf(withAccount(0, { initial: [{ denom: 'untrn', amount: 2000000 }] }))).toEqual([
      'accounts[0].initial[0].amount: must be a string of whole tokens (not base units), e.g. "2000000" or "0.5" (quote numbers in YAML)',
    ])
  })

  it('names the field and the rule of a decimal with 19 decimal places', () => {
    expect(
      problemsOf(withAccount(0, { initial: [{ denom: 'untrn', amount: '1.0000000000000000001' }] })),
    ).toEqual(['accounts[0].initial[0].amount: must have at most 18 decimal places'])
    expect(problemsOf(withAccount(1, { speed: { p: '0.1000000000000000001', i: '0', d: '0' } }))).toEqual([
      'accounts[1].speed.p: must have at most 18 decimal places',
    ])
    expect(
      problemsOf({
        ...D,
        market_makers: [{ name: 'm', margin_bps: 30, inventory_usd: '1.1234567890123456789' }],
      }),
    ).toEqual(['market_makers[0].inventory_usd: must have at most 18 decimal places'])
  })

  it('refuses more decimal places than the denom has, and amounts beyond Uint128', () => {
    expect(problemsOf(withAccount(0, { initial: [{ denom: 'untrn', amount: '0.0000001' }] }))).toEqual([
      'accounts[0].initial[0].amount: has 7 decimal places, but untrn has 6 decimals',
    ])
    const huge = '340282366920938463463374607431768211456' // 2^128 whole tokens
    expect(problemsOf(withAccount(0, { initial: [{ denom: 'untrn', amount: huge }] }))[0]).toMatch(
      /^accounts\[0\]\.initial\[0\]\.amount: is \d+ base units of untrn, more than Uint128::MAX/,
    )
  })

  it('refuses a holding with both or neither of amount and usd', () => {
    expect(problemsOf(withAccount(0, { initial: [{ denom: 'untrn' }] }))).toEqual([
      'accounts[0].initial[0]: needs "amount" (whole tokens, e.g. "2000000") or "usd" (e.g. "1000000")',
    ])
    expect(problemsOf(withAccount(0, { initial: [{ denom: 'untrn', amount: '1', usd: '1' }] }))).toEqual([
      'accounts[0].initial[0]: give "amount" or "usd", not both',
    ])
  })
})

describe('parseScenario: one rule set for account configurations (@rebalancer/core)', () => {
  it('refuses p = 5 at the speed field', () => {
    expect(problemsOf(withAccount(0, { speed: { p: '5', i: '0', d: '0' } }))).toEqual([
      'accounts[0].speed.p: must be ≤ 1, got 5',
    ])
  })

  it('refuses duplicate target denoms at the duplicate', () => {
    const targets = [
      { denom: 'uatom', bps: 4000 },
      { denom: 'untrn', bps: 2000 },
      { denom: 'uatom', bps: 4000 },
    ]
    expect(problemsOf(withAccount(1, { targets, initial: [{ denom: 'uatom', usd: '1000' }] }))).toEqual([
      'accounts[1].targets[2].denom: denoms must be unique (duplicates are rejected, not merged), "uatom" is also targets[0].denom',
    ])
  })

  it('reports the core rules at scenario field names (bps, sums, min_balance, max_limit_bps)', () => {
    expect(
      problemsOf(
        withAccount(1, {
          targets: [
            { denom: 'uatom', bps: 0, min_balance: '1' },
            { denom: 'untrn', bps: 10000, min_balance: '2' },
          ],
          max_limit_bps: 10001,
          initial: [{ denom: 'uatom', usd: '1000' }],
        }),
      ),
    ).toEqual([
      'accounts[1].targets[0].bps: must be in 1..=9999, got 0',
      'accounts[1].targets[1].bps: must be in 1..=9999, got 10000',
      'accounts[1].targets: at most one target may have minBalance, got 2 (targets[0], targets[1])',
      'accounts[1].max_limit_bps: must be an integer in 1..=10000, got 10001',
    ])
    expect(problemsOf(withAccount(0, { targets: [{ denom: 'untrn', bps: 9000 }] }))).toEqual([
      'accounts[0].targets: at least 2 targets are required, got 1',
      'accounts[0].targets: bps must sum to exactly 10000, got 9000',
    ])
  })

  it('refuses denoms that are not in denoms, and holdings outside the targets', () => {
    expect(problemsOf(withAccount(0, { base_denom: 'ubtc' }))).toEqual([
      'accounts[0].base_denom: "ubtc" is not in denoms (untrn, uatom, uosmo, uusdc)',
    ])
    // a denom named like an Object.prototype member is still not listed
    expect(problemsOf(withAccount(0, { initial: [{ denom: 'constructor', amount: '1' }] }))).toEqual([
      'accounts[0].initial[0].denom: "constructor" is not in denoms (untrn, uatom, uosmo, uusdc)',
    ])
    expect(problemsOf(withAccount(0, { initial: [{ denom: 'uatom', amount: '1' }] }))).toEqual([
      'accounts[0].initial[0].denom: "uatom" is not one of the account\'s targets (untrn, uusdc): only target denoms are rebalanced',
    ])
  })
})

describe('parseScenario: accounts, makers and fields', () => {
  it('refuses a zero-funded account', () => {
    expect(problemsOf(withAccount(0, { initial: [{ denom: 'untrn', amount: '0' }] }))).toEqual([
      'accounts[0].initial[0].amount: must be more than 0',
    ])
    expect(problemsOf(withAccount(1, { initial: [{ denom: 'uatom', usd: '0.0' }] }))).toEqual([
      'accounts[1].initial[0].usd: must be more than 0',
    ])
    // worth less than one base unit at the first price: refused when the prices are known
    expect(() =>
      prepareSimulation(withAccount(1, { initial: [{ denom: 'uatom', usd: '0.000001' }] })),
    ).toThrow(/accounts\[1\]\.initial\[0\]\.usd: \$0\.000001 is less than one base unit of uatom/)
  })

  it('refuses two market makers with one name (they would share an address)', () => {
    expect(
      problemsOf({
        ...D,
        market_makers: [
          { name: 'maker', margin_bps: 30 },
          { name: 'maker', margin_bps: 60 },
        ],
      }),
    ).toEqual([
      'market_makers[1].name: "maker" is also market_makers[0].name: names must be unique (a maker\'s address comes from its name)',
    ])
  })

  it('names unknown fields, and the field of a wrongly typed value', () => {
    expect(problemsOf({ ...D, colour: 'red' })).toEqual(['colour: unknown field'])
    expect(problemsOf(withAccount(1, { speedy: 'fast' }))).toEqual(['accounts[1].speedy: unknown field'])
    expect(problemsOf(withAccount(0, { speed: { p: 0.1, i: '0', d: '0' } }))).toEqual([
      'accounts[0].speed.p: must be a non-negative decimal written as a string, e.g. "0.1"',
    ])
    expect(problemsOf({ ...D, accounts: undefined })).toEqual(['accounts: is required'])
    expect(problemsOf({ ...D, denoms: { ...D.denoms, 'u b': { symbol: 'X', decimals: 6 } } })).toEqual([
      'denoms.u b: the key must be a denom such as "uatom" (a letter, then 2 to 127 letters, digits or /:._-)',
    ])
    expect(problemsOf({ ...D, denoms: { ...D.denoms, uatom: { symbol: 'ATOM', decimals: 6.5 } } })).toEqual([
      'denoms.uatom.decimals: must be a whole number in 0..=18',
    ])
    expect(problemsOf('start: 2024-01-01')).toEqual(['scenario: a scenario must be a mapping of fields'])
  })
})

describe('parseScenario: execution settings (oracle, containment, curve, makers)', () => {
  it('accepts every documented form', () => {
    expect(
      problemsOf({
        ...D,
        oracle: { mode: 'anchored', anchor_band_bps: 300, reference: { delay_seconds: 60, error_bps: -25 } },
        auction: {
          curve: { two_phase: { drop_blocks_bps: 1000, knee_bps: 5000 } },
          containment: { min_premium_bps: 500, action: 'refuse', max_discount_bps: 'off' },
        },
        market_makers: D.market_makers.map((m) => ({ ...m, hedge: false, hedge_cost_bps: 25 })),
      }),
    ).toEqual([])
    expect(
      problemsOf({ ...D, oracle: { mode: 'mean' }, auction: { containment: 'off', curve: 'linear' } }),
    ).toEqual([])
  })

  it('names the field and the rule of each bad setting', () => {
    expect(problemsOf(withAccount(0, { speed: { within_pp: '0', days: 30 } }))).toEqual([
      'accounts[0].speed.within_pp: must be more than 0',
    ])
    expect(problemsOf(withAccount(0, { speed: { within_pp: '1', days: 0 } }))).toEqual([
      'accounts[0].speed.days: must be a whole number of days in 1..=3650',
    ])
    expect(problemsOf({ ...D, oracle: { mode: 'average' } })).toEqual([
      'oracle.mode: must be one of mean, recency_weighted, median, volume_weighted, external, anchored',
    ])
    expect(problemsOf({ ...D, oracle: { mode: 'mean', anchor_band_bps: 200 } })).toEqual([
      'oracle.anchor_band_bps: only the anchored oracle mode has a band (mode is mean)',
    ])
    expect(problemsOf({ ...D, oracle: { reference: { delay_seconds: -1 } } })).toEqual([
      'oracle.reference.delay_seconds: must be a whole number of seconds in 0..=86400',
    ])
    expect(problemsOf({ ...D, oracle: { reference: { lag: 1 } } })).toEqual([
      'oracle.reference.lag: unknown field',
    ])
    expect(
      problemsOf({ ...D, auction: { containment: { min_premium_bps: 500, max_discount_bps: 0 } } }),
    ).toEqual(['auction.containment.max_discount_bps: must be a whole number of bps in 1..=9999'])
    expect(problemsOf({ ...D, auction: { containment: { action: 'refuse' } } })).toEqual([
      'auction.containment.min_premium_bps: is required',
    ])
    expect(problemsOf({ ...D, auction: { curve: 'exponential' } })).toEqual([
      'auction.curve: must be "linear" or {two_phase: {drop_blocks_bps, knee_bps}}',
    ])
    expect(
      problemsOf({ ...D, market_makers: [{ name: 'm', margin_bps: 30, hedge_cost_bps: 2000 }] }),
    ).toEqual(['market_makers[0].hedge_cost_bps: must be a whole number of bps in 0..=1000'])
  })
})

describe('every entry point reads a scenario through parseScenario', () => {
  const bad = withAccount(0, { speed: { p: '5', i: '0', d: '0' } })
  it('runScenario and prepareSimulation refuse what parseScenario refuses, before any cycle', async () => {
    await expect(runScenario(bad)).rejects.toThrow(ScenarioError)
    await expect(runScenario(bad)).rejects.toThrow(/accounts\[0\]\.speed\.p: must be ≤ 1, got 5/)
    expect(() => prepareSimulation(bad)).toThrow(ScenarioError)
  })

  it('names dates outside the price history and symbols missing from it', () => {
    const history = priceHistoryFrom({
      NTRN: [{ time: Date.UTC(2024, 0, 1) / 1000, price: Dec.parse('0.5') }],
      USDC: [{ time: Date.UTC(2024, 0, 1) / 1000, price: Dec.parse('1') }],
    })
    let error: unknown
    try {
      prepareSimulation({ ...D, start: '2023-12-01', end: '2024-02-01' }, { history })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ScenarioError)
    expect((error as ScenarioError).problems.map((p) => p.path.join('.'))).toEqual([
      'start',
      'end',
      'denoms.uatom.symbol',
      'denoms.uosmo.symbol',
    ])
  })
})

describe('a prices path in a scenario file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sim-scenario-'))
  mkdirSync(join(dir, 'data'))
  writeFileSync(join(dir, 'data', 'p.csv'), readFileSync(join(defaultPriceDir(), 'prices-daily.csv')))
  const scenario = { ...D, prices: 'data/p.csv', start: '2024-05-01', end: '2024-05-02' }

  it("is resolved against the file's folder, not the working directory", () => {
    expect(parseScenario(scenario, { file: join(dir, 'scenario.yaml') }).prices).toBe(
      join(dir, 'data', 'p.csv'),
    )
    expect(parseScenario(scenario, { dir }).prices).toBe(join(dir, 'data', 'p.csv'))
    const sim = prepareSimulation(scenario, { file: join(dir, 'scenario.yaml') })
    expect(sim.feed.history.symbols).toContain('NTRN')
    expect(sim.days).toBe(2)
  })

  it('that cannot be read is an error at prices', () => {
    expect(() => prepareSimulation(scenario, { file: join(dir, 'elsewhere', 's.yaml') })).toThrow(
      /prices: cannot read the price file \(ENOENT\)/,
    )
  })
})
