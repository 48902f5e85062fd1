/**
 * The README's examples, run. Each `// #region <name>` below is the body of the README's code
 * block marked `<!-- example: <name> -->` (the README adds only the import lines); the last test
 * checks that they are the same text and that the README's imports exist, so a broken or stale
 * example fails here.
 */
import { readFileSync } from 'node:fs'
import { Dec, type RebalanceState } from '@rebalancer/types'
import { describe, expect, it } from 'vitest'
import * as core from '../src/index.js'
import {
  type CycleStatus,
  computeRebalance,
  configFromWire,
  configToWire,
  cycleStatusAfter,
  explainRebalance,
  nextCycleStep,
  type PriceSnapshot,
  parseConfig,
  planOneTimeOrders,
  projectRebalance,
  rebalanceIfTriggered,
  safeParseConfig,
  suggestParameters,
} from '../src/index.js'

describe('README examples', () => {
  it('compute', () => {
    // #region compute
    const result = computeRebalance({
      config: {
        baseDenom: 'uatom',
        targets: [
          { denom: 'uatom', bps: 7500 },
          { denom: 'untrn', bps: 2500 },
        ],
        pid: { p: Dec.parse('0.5'), i: Dec.ZERO, d: Dec.ZERO },
        maxLimitBps: 10_000,
        targetOverrideStrategy: 'proportional',
      },
      state: { lastRebalance: null, targets: {} }, // a new account
      balances: { uatom: 1_000_000_000n }, // 1000 ATOM
      prices: { untrn: Dec.parse('1.5') }, // untrn per uatom
      auctionMinimums: {}, // min_send per sell denom, base units
      baseMinValue: 0n,
      periodSeconds: 86_400,
      now: 1_700_006_400,
    })
    // result.trades: [{ pair: ['uatom', 'untrn'], amount: 125_000_000n }]: sell 125 ATOM for NTRN
    // result.state: { lastRebalance: 1700006400, targets: { uatom: {…}, untrn: {…} } }: keep it for the next cycle
    // #endregion
    expect(result.trades).toEqual([{ pair: ['uatom', 'untrn'], amount: 125_000_000n }])
    expect(result.state.lastRebalance).toBe(1700006400)
    expect(Object.keys(result.state.targets)).toEqual(['uatom', 'untrn'])
  })

  it('validate', () => {
    // #region validate
    // What a form or an API sends: decimals and amounts as text.
    const form = {
      baseDenom: 'uatom',
      targets: [
        { denom: 'uatom', bps: 7500, minBalance: '100000000' },
        { denom: 'untrn', bps: 2000 },
      ],
      pid: { p: '0.1', i: '0', d: '0' },
      maxLimitBps: 500,
      targetOverrideStrategy: 'proportional',
      trustee: 'neutron1trustee',
    }
    const whitelists = { denomWhitelist: ['uatom', 'untrn'], baseDenomWhitelist: ['uatom'] }
    const checked = safeParseConfig({ ...form, maxLimitBps: 0 }, whitelists)
    // checked.success is false; checked.problems lists every problem, each naming its field:
    //   'targets: bps must sum to exactly 10000, got 9500'
    //   'maxLimitBps: must be an integer in 1..=10000, got 0'

    const config = parseConfig(
      { ...form, targets: [form.targets[0], { denom: 'untrn', bps: 2500 }] },
      whitelists,
    )
    // config.pid.p is the Dec 0.1; config.targets[0].minBalance is 100_000_000n

    // The chain's JSON (RebalancerData: snake_case, strings) both ways, with the same rules:
    const wire = configToWire({ ...config, trustee: undefined })
    // wire: { trustee: null, base_denom: 'uatom', targets: [{ denom: 'uatom', bps: 7500, min_balance: '100000000' }, …],
    //         pid: { p: '0.1', i: '0', d: '0' }, max_limit_bps: 500, target_override_strategy: 'proportional' }
    const back = configFromWire(wire, whitelists)
    // back deep-equals config without its trustee
    // #endregion
    expect(checked).toEqual({
      success: false,
      problems: [
        'targets: bps must sum to exactly 10000, got 9500',
        'maxLimitBps: must be an integer in 1..=10000, got 0',
      ],
    })
    expect(config.pid.p).toEqual(Dec.parse('0.1'))
    expect(config.targets[0]!.minBalance).toBe(100_000_000n)
    expect(wire).toEqual({
      trustee: null,
      base_denom: 'uatom',
      targets: [
        { denom: 'uatom', bps: 7500, min_balance: '100000000' },
        { denom: 'untrn', bps: 2500, min_balance: null },
      ],
      pid: { p: '0.1', i: '0', d: '0' },
      max_limit_bps: 500,
      target_override_strategy: 'proportional',
    })
    const { trustee: _, ...withoutTrustee } = config
    expect(back).toEqual(withoutTrustee)
  })

  it('preview', () => {
    // #region preview
    const config = parseConfig({
      baseDenom: 'uusdc',
      targets: [
        { denom: 'untrn', bps: 9000 },
        { denom: 'uusdc', bps: 1000 },
      ],
      pid: { p: '0.1', i: '0', d: '0' },
      maxLimitBps: 500,
      targetOverrideStrategy: 'proportional',
    })
    const balances = { untrn: 2_000_000_000_000n } // 2,000,000 NTRN
    const prices = { untrn: Dec.parse('2.5') } // untrn per uusdc: NTRN at $0.40, the account is worth $800,000

    // What the next cycle does, and why.
    const today = explainRebalance({
      config,
      state: { lastRebalance: null, targets: {} },
      balances,
      prices,
      auctionMinimums: { untrn: 1_000_000n },
      baseMinValue: 0n,
      periodSeconds: 86_400,
      now: 1_700_006_400,
    })
    // today.targets[0]: currentWeight 1, targetWeight 0.9, driftPp 10, output −8,000 USDC of value, reason 'traded'
    // today.trades: [{ pair: ['untrn', 'uusdc'], amount: 20_000_000_000n, value: 8,000 USDC, minLot: false }]

    // The next 60 days at today's prices, 0.3% slippage per trade: what a UI charts before a vote.
    const preview = projectRebalance({ config, balances, prices, cycles: 60, slippageBps: 30 })
    // preview.cycles[k]: balances, values, weights, trades and fills after cycle k + 1
    // preview.cycles[59].maxAbsDriftPp: 0.018 pp (from 10 pp today)

    // The other way round: gains and a cap for "within 1 pp in about 30 days".
    const plan = suggestParameters({ wish: { reachWithinPp: '1', days: 30 }, config, balances, prices })
    // plan.pid.p: 0.0739, plan.maxLimitBps: 93, plan.met: true; plan.config is ready to register
    // #endregion
    expect(today.targets[0]).toMatchObject({
      currentWeight: Dec.ONE,
      targetWeight: Dec.parse('0.9'),
      driftPp: Dec.fromInt(10),
      output: Dec.fromInt(-8_000_000_000n),
      reason: 'traded',
    })
    expect(today.trades).toEqual([
      {
        pair: ['untrn', 'uusdc'],
        amount: 20_000_000_000n,
        value: Dec.fromInt(8_000_000_000n),
        minLot: false,
      },
    ])
    expect(preview.cycles).toHaveLength(60)
    expect(preview.cycles[59]!.maxAbsDriftPp.toFixed(3)).toBe('0.018')
    expect([plan.pid.p.toString(), plan.maxLimitBps, plan.met]).toEqual(['0.0739', 93, true])
  })

  it('triggers-and-orders', () => {
    const config = parseConfig({
      baseDenom: 'uusdc',
      targets: [
        { denom: 'untrn', bps: 9000 },
        { denom: 'uusdc', bps: 1000 },
      ],
      pid: { p: '0.1', i: '0', d: '0' },
      maxLimitBps: 500,
      targetOverrideStrategy: 'proportional',
    })
    const state: RebalanceState = { lastRebalance: 1_700_006_400 - 86_400, targets: {} }
    // #region triggers-and-orders
    const input = {
      config,
      state, // last computed yesterday
      balances: { untrn: 2_000_000_000_000n, uusdc: 150_000_000_000n },
      prices: { untrn: Dec.parse('2.5') },
      auctionMinimums: { untrn: 1_000_000n },
      baseMinValue: 0n,
      periodSeconds: 86_400,
      now: 1_700_006_400,
    }
    // Rebalance weekly, and only when a target is more than 2 pp off.
    const cycle = rebalanceIfTriggered({
      ...input,
      trigger: { kind: 'hybrid', everyCycles: 7, tolerance: { kind: 'absolute', pp: '2' } },
    })
    // cycle.decision: { run: false, reason: 'calendar_not_due', cyclesSinceLast: 1 }; cycle.state === state

    // "Sell 2% of our value in NTRN for USDC at the next auction", on top of the PID's trades.
    const { trades } = planOneTimeOrders({
      ...input,
      orders: [{ sell: 'untrn', buy: 'uusdc', size: { portfolioBps: 200 } }],
      pending: cycle.trades,
    })
    // trades: [{ pair: ['untrn', 'uusdc'], amount: 47_500_000_000n }]: 47,500 NTRN = 2% of $950,000
    // #endregion
    expect(cycle.decision).toEqual({ run: false, reason: 'calendar_not_due', cyclesSinceLast: 1 })
    expect(cycle.state).toBe(state)
    expect(trades).toEqual([{ pair: ['untrn', 'uusdc'], amount: 47_500_000_000n }])
  })

  it('cycle', () => {
    const accounts = ['neutron1a', 'neutron1b', 'neutron1c']
    const calls: string[][] = []
    const processBatch = (from: string | null, limit: number, _prices: PriceSnapshot) => {
      const start = from === null ? 0 : accounts.indexOf(from) + 1
      const batch = accounts.slice(start, start + limit)
      calls.push(batch)
      return { last: batch.at(-1) ?? null, more: start + batch.length < accounts.length }
    }
    const readFreshPrices = (): PriceSnapshot => [[['uatom', 'untrn'], '1.5']]
    const now = 1_700_006_410
    // #region cycle
    // One `system_rebalance {limit}` call: where to start, with which prices, and the status after.
    function systemRebalance(status: CycleStatus, now: number, limit = 50): CycleStatus {
      const step = nextCycleStep(status, now, 86_400)
      if (!step.ok) throw new Error(step.error) // the chain's message: 'cycle not started yet (<seconds>)'
      const prices = step.refreshPrices ? readFreshPrices() : step.prices
      const { last, more } = processBatch(step.startFrom, limit, prices) // accounts after startFrom, by address
      return cycleStatusAfter(step.cycleStart, last, more, prices, 86_400)
    }

    let status: CycleStatus = { kind: 'not_started', cycleStart: 1_700_006_400 }
    status = systemRebalance(status, now, 2) // accounts a and b: { kind: 'processing', startFrom: 'neutron1b', … }
    status = systemRebalance(status, now + 3, 2) // account c: { kind: 'finished', nextCycle: 1_700_092_800 }
    // systemRebalance(status, now + 6) throws 'cycle not started yet (86384)'
    // #endregion
    expect(calls).toEqual([['neutron1a', 'neutron1b'], ['neutron1c']])
    expect(status).toEqual({ kind: 'finished', nextCycle: 1_700_092_800 })
    expect(() => systemRebalance(status, now + 6)).toThrow('cycle not started yet (86384)')
  })

  it('are the README’s code blocks, with imports that exist', async () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
    const source = readFileSync(new URL(import.meta.url), 'utf8')
    const regions = new Map<string, string>()
    for (const m of source.matchAll(/\n([ \t]*)\/\/ #region ([\w-]+)\n([\s\S]*?)\n[ \t]*\/\/ #endregion/g)) {
      const indent = m[1]!
      regions.set(
        m[2]!,
        m[3]!
          .split('\n')
          .map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l.trimStart()))
          .join('\n'),
      )
    }
    const blocks = [...readme.matchAll(/<!-- example: ([\w-]+) -->\s*```ts\n([\s\S]*?)\n```/g)]
    expect(blocks.map((b) => b[1]).sort()).toEqual([...regions.keys()].sort())
    const types = await import('@rebalancer/types')
    for (const [, name, code] of blocks) {
      const lines = code!.split('\n')
      const imports = lines.filter((l) => l.startsWith('import '))
      const body = lines.slice(imports.length).join('\n').replace(/^\n+/, '')
      expect(body, `README example "${name}"`).toBe(regions.get(name!))
      for (const line of imports) {
        const m = /^import (?:type )?\{ (.+) \} from '(@rebalancer\/core|@rebalancer\/types)'$/.exec(line)
        expect(m, line).not.toBeNull()
        const module: Record<string, unknown> = m![2] === '@rebalancer/core' ? core : types
        for (const spec of m![1]!.split(', ')) {
          const [, isType, id] = /^(type )?(\w+)$/.exec(spec)!
          if (!isType) expect(module[id!], `${id} from ${m![2]}`).toBeDefined()
        }
      }
    }
  })
})
