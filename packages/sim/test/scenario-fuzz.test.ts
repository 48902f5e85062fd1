import { DEFAULT_SCENARIO, type Scenario } from '@rebalancer/types'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  loadPriceHistory,
  parseScenario,
  prepareSimulation,
  runSimulation,
  ScenarioError,
  scenarioFieldName,
} from '../src/index.js'

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }
type Path = (string | number)[]

/** Every path in a value, the root included. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const out: Path[] = [prefix]
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) out.push(...pathsOf(v, [...prefix, i]))
  } else if (typeof value === 'object' && value !== null)
    for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...prefix, k]))
  return out
}

/** Field paths of the default scenario plus the optional fields it leaves out. */
const PATHS: Path[] = [
  ...pathsOf(DEFAULT_SCENARIO),
  ['prices'],
  ['auction'],
  ['auction', 'duration_blocks'],
  ['auction', 'start_price_bps'],
  ['auction', 'end_price_bps'],
  ['accounts', 0, 'target_override_strategy'],
  ['accounts', 1, 'max_limit_bps'],
  ['accounts', 0, 'targets', 0, 'min_balance'],
  ['accounts', 0, 'initial', 0, 'usd'],
  ['market_makers', 0, 'inventory_usd'],
]

/** Values a user could write by mistake: wrong types, edges, bad dates, bad decimals. */
const badValue: fc.Arbitrary<Json | undefined> = fc.oneof(
  fc.constant(undefined), // field removed
  fc.constantFrom<Json>(null, true, false, [], {}, '', ' '),
  fc.integer({ min: -20_000, max: 40_000 }),
  fc.constantFrom<Json>(0, 1, 2, 9, 10, 18, 19, 9999, 10_000, 10_001, 28_800, 28_801, -1, 0.5, 1e21, 2 ** 53),
  fc.double({ noNaN: true }),
  fc.constantFrom<Json>(
    '2024-02-29',
    '2024-02-30',
    '2023-02-29',
    '1900-02-29',
    '2024-13-01',
    '2024-1-5',
    '2023-10-11',
    '2024-05-03',
    '2025-06-13',
    '2025-06-14',
    '2020-01-01',
  ),
  fc.constantFrom<Json>(
    '0',
    '0.0',
    '1',
    '5',
    '0.5',
    '1.5',
    '-1',
    '1e5',
    '.5',
    '5.',
    '00010',
    '0.000000000000000001',
    '0.1234567890123456789',
    '99999999999999999999999999999999999999999',
    '0.0000001',
  ),
  fc.constantFrom<Json>('uatom', 'untrn', 'uusdc', 'uosmo', 'ubtc', 'constructor', '__proto__', 'ab', 'USDT'),
  fc.constantFrom<Json>('slow', 'medium', 'fast', 'turbo', 'proportional', 'priority', 'NTRN', 'ATOM'),
  fc.string({ maxLength: 12 }),
  fc.record({ p: fc.constantFrom<Json>('0', '1', '1.5', 0.1), i: fc.constant('0'), d: fc.constant('0') }),
)

type Mutation =
  | { kind: 'set'; path: Path; value: Json | undefined }
  | { kind: 'unknown'; path: Path; key: string }
  | { kind: 'duplicate' | 'drop'; path: Path }

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('set' as const),
      path: fc.constantFrom(...PATHS),
      value: badValue,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('unknown' as const),
      path: fc.constantFrom(...PATHS),
      key: fc.constantFrom(
        'colour',
        'mnemonic',
        'Start',
        'amount',
        'usd',
        '__proto__',
        'constructor',
        'u b',
        'uatom',
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constantFrom('duplicate' as const, 'drop' as const),
      path: fc.constantFrom(...PATHS),
    }),
  },
)

/** Applies a mutation to a deep copy; paths that no longer exist are skipped. */
function mutate(input: unknown, m: Mutation): unknown {
  const root = { v: structuredClone(input) as unknown }
  const path: Path = ['v', ...m.path]
  // biome-ignore lint/suspicious/noExplicitAny: walks arbitrary JSON
  let parent: any = root
  for (const key of path.slice(0, -1)) {
    if (typeof parent !== 'object' || parent === null || !(key in parent)) return root.v
    parent = parent[key]
  }
  if (typeof parent !== 'object' || parent === null) return root.v
  const last = path.at(-1)!
  const target = parent[last]
  switch (m.kind) {
    case 'set':
      if (m.value === undefined) {
        if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1)
        else delete parent[last]
      } else parent[last] = m.value
      break
    case 'unknown':
      if (typeof target === 'object' && target !== null && !Array.isArray(target))
        Object.defineProperty(target, m.key, {
          value: 1,
          enumerable: true,
          configurable: true,
          writable: true,
        })
      break
    case 'duplicate':
      if (Array.isArray(target) && target.length > 0) target.push(structuredClone(target[0]))
      break
    case 'drop':
      if (Array.isArray(target)) target.pop()
      break
  }
  return root.v
}

const history = loadPriceHistory()
const DAY = 86_400_000

describe('random mutations of the default scenario', () => {
  it('are accepted or refused with a ScenarioError naming each field; accepted ones run without a chain error', async () => {
    let accepted = 0
    let ran = 0
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
        const input = mutations.reduce<unknown>(mutate, DEFAULT_SCENARIO)
        let scenario: Scenario
        try {
          scenario = parseScenario(input)
        } catch (e) {
          // never a raw JS exception: a ScenarioError whose every problem names a field
          expect(e).toBeInstanceOf(ScenarioError)
          const problems = (e as ScenarioError).problems
          expect(problems.length).toBeGreaterThan(0)
          const mapping = typeof input === 'object' && input !== null && !Array.isArray(input)
          for (const p of problems) {
            // only a scenario that is not a mapping is refused as a whole
            if (mapping)
              expect(p.path.length, `${scenarioFieldName(p.path)}: ${p.message}`).toBeGreaterThan(0)
            expect(p.message.length).toBeGreaterThan(0)
            expect((e as Error).message).toContain(`${scenarioFieldName(p.path)}: ${p.message}`)
          }
          return
        }
        accepted++
        // a few days of it, from its start
        const start = Date.parse(`${scenario.start}T00:00:00Z`)
        const end = new Date(Math.min(Date.parse(`${scenario.end}T00:00:00Z`), start + 2 * DAY))
        const short = { ...scenario, end: end.toISOString().slice(0, 10) }
        let sim: ReturnType<typeof prepareSimulation>
        try {
          sim = prepareSimulation(short, { history })
        } catch (e) {
          // only the rules that need prices (dates, symbols) may refuse it now
          expect(e).toBeInstanceOf(ScenarioError)
          for (const p of (e as ScenarioError).problems) expect(p.path.length).toBeGreaterThan(0)
          return
        }
        const report = await runSimulation(sim)
        ran++
        expect(report.cycles_run).toBe(sim.days)
        for (const s of Object.values(report.supply))
          expect(BigInt(s.after)).toBe(BigInt(s.before) + BigInt(s.market))
        // every fill is one maker's: the makers' counts add up to the fills of the auctions
        const fills = report.history.reduce(
          (n, c) => n + c.auctions.reduce((k, a) => k + a.fills.length, 0),
          0,
        )
        expect(report.makers.reduce((n, m) => n + m.fills, 0)).toBe(fills)
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 400) },
    )
    if (process.env.FUZZ_RUNS) console.log({ accepted, ran })
    // the mutations exercise both outcomes
    expect(accepted).toBeGreaterThan(20)
    expect(ran).toBeGreaterThan(10)
  })
})
