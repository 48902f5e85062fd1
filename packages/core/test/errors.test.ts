import { createRequire } from 'node:module'
import { Dec, RebalancerError } from '@rebalancer/types'
import { describe, expect, it } from 'vitest'
import {
  assertValidConfig,
  configFromWire,
  InvalidConfigError,
  InvalidInputError,
  InvalidOrderError,
  InvalidTriggerError,
  parseTrigger,
  validateConfig,
} from '../src/index.js'
import { config, thrown } from './fixtures.js'

describe('core errors are RebalancerErrors with a stable code', () => {
  it('InvalidConfigError: code invalid_config, same problems and message', () => {
    const bad = config([
      { denom: 'uatom', bps: 0 },
      { denom: 'untrn', bps: 10000 },
    ])
    const e = thrown(() => assertValidConfig(bad))
    expect(InvalidConfigError.isInstance(e)).toBe(true)
    expect(RebalancerError.isInstance(e)).toBe(true)
    const err = e as InvalidConfigError
    expect(err.code).toBe('invalid_config')
    expect(err.name).toBe('InvalidConfigError')
    expect(err.problems).toEqual(validateConfig(bad))
    expect(err.message.startsWith('invalid rebalancer config (')).toBe(true)
  })

  it('configFromWire: a decoding error keeps the wire path and wraps the WireError', () => {
    const err = thrown(() => configFromWire({ base_denom: 5 })) as InvalidConfigError
    expect(InvalidConfigError.isInstance(err)).toBe(true)
    expect(err.path.length).toBeGreaterThan(0)
    expect(RebalancerError.isInstance(err.cause)).toBe(true)
  })

  it('InvalidTriggerError / InvalidOrderError: own codes, still InvalidInputError', () => {
    const e = thrown(() => parseTrigger({ kind: 'nope' })) as InvalidTriggerError
    expect(InvalidTriggerError.isInstance(e)).toBe(true)
    expect(InvalidInputError.isInstance(e)).toBe(true)
    expect(InvalidOrderError.isInstance(e)).toBe(false)
    expect(e.code).toBe('invalid_trigger')
    expect(e.name).toBe('InvalidTriggerError')
    expect(e.message.startsWith('invalid trigger (')).toBe(true)
    expect(new InvalidOrderError(['orders[0].sell: x']).code).toBe('invalid_order')
    expect(new InvalidInputError('thing', ['a: b']).code).toBe('invalid_input')
  })

  it('accepts a Dec gain from the CJS copy of @rebalancer/types (Dec.isInstance, not duck typing)', () => {
    const require = createRequire(import.meta.url)
    const cjs = require('@rebalancer/types') as typeof import('@rebalancer/types')
    const gains = { p: cjs.Dec.parse('0.1'), i: cjs.Dec.ZERO, d: cjs.Dec.ZERO }
    expect(gains.p instanceof Dec).toBe(false)
    const two = config([
      { denom: 'uatom', bps: 5000 },
      { denom: 'untrn', bps: 5000 },
    ])
    expect(validateConfig({ ...two, pid: gains })).toEqual([])
    // A look-alike with atomics is not a Dec.
    const fake = { p: { atomics: 1n, toString: () => '0.000000000000000001' }, i: Dec.ZERO, d: Dec.ZERO }
    expect(validateConfig({ ...two, pid: fake as never })).toEqual([
      'pid.p: must be a decimal (Dec), got an object',
    ])
  })
})
