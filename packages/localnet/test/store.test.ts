import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BaseStore, joinKey, Layer, Prefixed } from '../src/store.js'

describe('joinKey', () => {
  it('is the concatenation, the same for the same parts, also past its cache bound (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string(), fc.string()), { minLength: 1, maxLength: 6000 }),
        (pairs) => {
          for (const [a, b] of pairs) expect(joinKey(a, b)).toBe(a + b)
          for (const [a, b] of pairs) expect(joinKey(a, b)).toBe(a + b)
        },
      ),
      { numRuns: 5 },
    )
  })
})

describe('Layer and Prefixed', () => {
  it('read what was written and deleted, buffered or committed, like one map (property)', () => {
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('set' as const),
        key: fc.constantFrom('a', 'b', 'c'),
        value: fc.integer(),
      }),
      fc.record({ kind: fc.constant('delete' as const), key: fc.constantFrom('a', 'b', 'c') }),
      fc.record({ kind: fc.constant('commit' as const) }),
    )
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const base = new BaseStore()
        const layer = new Layer(base)
        const view = new Prefixed(layer, 'c/x/')
        const model = new Map<string, number>()
        for (const o of ops) {
          if (o.kind === 'set') {
            view.set(o.key, o.value)
            model.set(o.key, o.value)
          } else if (o.kind === 'delete') {
            view.delete(o.key)
            model.delete(o.key)
          } else layer.commit()
          for (const k of ['a', 'b', 'c']) {
            expect(view.get(k)).toBe(model.get(k))
            expect(view.has(k)).toBe(model.has(k))
          }
        }
        layer.commit()
        expect(Object.fromEntries(base.map)).toEqual(
          Object.fromEntries([...model].map(([k, v]) => [`c/x/${k}`, v])),
        )
      }),
    )
  })
})
