import { describe, expect, it } from 'vitest'
import { type CycleStatus, cycleStatusAfter, nextCycleStep, startOfCycle } from '../src/index.js'
import { PERIOD, T0 } from './fixtures.js'

const prices = [[['uatom', 'untrn'], '1.5']] as const

describe('startOfCycle', () => {
  it('is now − (now mod period)', () => {
    expect(startOfCycle(T0, PERIOD)).toBe(T0)
    expect(startOfCycle(T0 + PERIOD - 1, PERIOD)).toBe(T0)
    expect(startOfCycle(T0 + PERIOD, PERIOD)).toBe(T0 + PERIOD)
    expect(startOfCycle(10, 3)).toBe(9)
  })
  it('refuses bad times and periods', () => {
    expect(() => startOfCycle(-1, PERIOD)).toThrow(/now/)
    expect(() => startOfCycle(1.5, PERIOD)).toThrow(/now/)
    expect(() => startOfCycle(T0, 0)).toThrow(/period/)
  })
})

describe('nextCycleStep', () => {
  it('not_started: errors before cycle_start with the seconds left, then starts at start_of_cycle(now)', () => {
    const s: CycleStatus = { kind: 'not_started', cycleStart: T0 + 100 }
    expect(nextCycleStep(s, T0 + 40, PERIOD)).toEqual({
      ok: false,
      error: 'cycle not started yet (60)',
      secondsLeft: 60,
    })
    expect(nextCycleStep(s, T0 + 100, PERIOD)).toEqual({
      ok: true,
      cycleStart: T0,
      startFrom: null,
      refreshPrices: true,
    })
  })

  it('processing within the period: continues after start_from with the stored snapshot', () => {
    const s: CycleStatus = { kind: 'processing', cycleStarted: T0, startFrom: 'neutron1b', prices }
    expect(nextCycleStep(s, T0 + PERIOD - 1, PERIOD)).toEqual({
      ok: true,
      cycleStart: T0,
      startFrom: 'neutron1b',
      refreshPrices: false,
      prices,
    })
  })

  it('processing for a whole period: restarts from the first account with fresh prices', () => {
    const s: CycleStatus = { kind: 'processing', cycleStarted: T0, startFrom: 'neutron1b', prices }
    expect(nextCycleStep(s, T0 + PERIOD, PERIOD)).toEqual({
      ok: true,
      cycleStart: T0 + PERIOD,
      startFrom: null,
      refreshPrices: true,
    })
  })

  it('finished: errors before next_cycle, then starts a new cycle', () => {
    const s: CycleStatus = { kind: 'finished', nextCycle: T0 + PERIOD }
    expect(nextCycleStep(s, T0 + 5, PERIOD)).toEqual({
      ok: false,
      error: `cycle not started yet (${PERIOD - 5})`,
      secondsLeft: PERIOD - 5,
    })
    expect(nextCycleStep(s, T0 + PERIOD + 7, PERIOD)).toMatchObject({ ok: true, cycleStart: T0 + PERIOD })
  })

  it('keeps a caller-typed snapshot', () => {
    const s: CycleStatus<Map<string, number>> = {
      kind: 'processing',
      cycleStarted: T0,
      startFrom: 'a',
      prices: new Map([['x', 1]]),
    }
    const step = nextCycleStep(s, T0 + 1, PERIOD)
    expect(step.ok && !step.refreshPrices && step.prices.get('x')).toBe(1)
  })
})

describe('cycleStatusAfter', () => {
  it('processing while accounts remain, finished with next_cycle = cycle_start + period otherwise', () => {
    expect(cycleStatusAfter(T0, 'neutron1b', true, prices, PERIOD)).toEqual({
      kind: 'processing',
      cycleStarted: T0,
      startFrom: 'neutron1b',
      prices,
    })
    expect(cycleStatusAfter(T0, 'neutron1b', false, prices, PERIOD)).toEqual({
      kind: 'finished',
      nextCycle: T0 + PERIOD,
    })
    expect(cycleStatusAfter(T0, null, false, prices, PERIOD)).toEqual({
      kind: 'finished',
      nextCycle: T0 + PERIOD,
    })
    expect(() => cycleStatusAfter(T0, null, true, prices, PERIOD)).toThrow(/lastProcessed/)
  })

  it('drives a whole day of batches: three calls of two accounts for five accounts, then waits', () => {
    const accounts = ['a1', 'a2', 'a3', 'a4', 'a5']
    const seen: string[] = []
    const call = (status: CycleStatus, now: number): CycleStatus | null => {
      const step = nextCycleStep(status, now, PERIOD)
      if (!step.ok) return null
      const from = step.startFrom === null ? 0 : accounts.indexOf(step.startFrom) + 1
      const batch = accounts.slice(from, from + 2)
      seen.push(...batch)
      const more = from + batch.length < accounts.length
      return cycleStatusAfter(step.cycleStart, batch.at(-1) ?? null, more, prices, PERIOD)
    }
    let status: CycleStatus = { kind: 'not_started', cycleStart: T0 }
    let calls = 0
    for (let now = T0 + 10; ; now += 6) {
      const next = call(status, now)
      if (next === null) break
      status = next
      calls++
    }
    expect(calls).toBe(3)
    expect(seen).toEqual(accounts)
    expect(status).toEqual({ kind: 'finished', nextCycle: T0 + PERIOD })
  })
})
