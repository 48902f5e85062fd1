import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { formatErrorPath, RebalancerError } from '../src/index.js'

class DemoError extends RebalancerError<'bad_demo'> {
  static override readonly kind: string = 'DemoError'
}
class OtherError extends RebalancerError {
  static override readonly kind: string = 'OtherError'
}

describe('RebalancerError', () => {
  it('carries code, path, cause and the subclass name', () => {
    const cause = new Error('inner')
    const e = new DemoError('bad_demo', 'demo is bad', { path: ['targets', 0, 'bps'], cause })
    expect(e).toBeInstanceOf(Error)
    expect(e.name).toBe('DemoError')
    expect(e.code).toBe('bad_demo')
    expect(e.path).toEqual(['targets', 0, 'bps'])
    expect(Object.isFrozen(e.path)).toBe(true)
    expect(e.cause).toBe(cause)
    expect(formatErrorPath(e.path)).toBe('targets[0].bps')
    expect(new DemoError('bad_demo', 'x').path).toEqual([])
  })

  it('isInstance answers per class and for the base', () => {
    const e = new DemoError('bad_demo', 'x')
    expect(DemoError.isInstance(e)).toBe(true)
    expect(RebalancerError.isInstance(e)).toBe(true)
    expect(OtherError.isInstance(e)).toBe(false)
    expect(RebalancerError.isInstance(new Error('plain'))).toBe(false)
    expect(RebalancerError.isInstance({ code: 'bad_demo', message: 'x' })).toBe(false)
    expect(RebalancerError.isInstance(null)).toBe(false)
  })

  it('recognises an error thrown by another copy of the package (the CJS build)', () => {
    const require = createRequire(import.meta.url)
    const cjs = require('../dist/index.cjs') as typeof import('../src/index.js')
    expect(cjs.RebalancerError).not.toBe(RebalancerError)
    const fromCopy = new cjs.RebalancerError('x', 'from the other copy')
    expect(fromCopy instanceof RebalancerError).toBe(false)
    expect(RebalancerError.isInstance(fromCopy)).toBe(true)
    expect(cjs.RebalancerError.isInstance(new DemoError('bad_demo', 'x'))).toBe(true)
  })

  it('formats paths with non-identifier keys', () => {
    expect(formatErrorPath(['denoms', 'ibc/ABC', 'decimals'])).toBe('denoms["ibc/ABC"].decimals')
    expect(formatErrorPath([])).toBe('')
  })
})

describe('WireError and Dec across copies', () => {
  it('WireError is a RebalancerError with code invalid_wire and the field path', async () => {
    const { parseWire, RebalancerData, WireError } = await import('../src/index.js')
    let caught: unknown
    try {
      parseWire(RebalancerData, { base_denom: 7 }, 'RebalancerData')
    } catch (e) {
      caught = e
    }
    expect(RebalancerError.isInstance(caught)).toBe(true)
    expect(WireError.isInstance(caught)).toBe(true)
    const e = caught as InstanceType<typeof WireError>
    expect(e.code).toBe('invalid_wire')
    expect(e.name).toBe('WireError')
    expect(e.message.startsWith('RebalancerData: ')).toBe(true)
    expect(e.path.length).toBeGreaterThan(0)
    const require = createRequire(import.meta.url)
    const cjs = require('../dist/index.cjs') as typeof import('../src/index.js')
    expect(WireError.isInstance(new cjs.WireError('X', 'bad', ['a']))).toBe(true)
  })

  it('Dec.isInstance recognises a Dec of the CJS copy and refuses look-alikes', async () => {
    const { Dec } = await import('../src/index.js')
    const require = createRequire(import.meta.url)
    const cjs = require('../dist/index.cjs') as typeof import('../src/index.js')
    const other = cjs.Dec.parse('1.5')
    expect(other instanceof Dec).toBe(false)
    expect(Dec.isInstance(other)).toBe(true)
    expect(Dec.isInstance(Dec.ZERO)).toBe(true)
    expect(cjs.Dec.isInstance(Dec.parse('2'))).toBe(true)
    expect(Dec.isInstance({ atomics: 1n })).toBe(false)
    expect(Dec.isInstance('1.5')).toBe(false)
  })
})
