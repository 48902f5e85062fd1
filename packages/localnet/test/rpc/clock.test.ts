import { EnglishMnemonic } from '@cosmjs/crypto'
import { describe, expect, it } from 'vitest'
import { Localnet, LocalnetError } from '../../src/index.js'
import { randomMnemonic, startClock } from '../../src/rpc/index.js'

describe('the served localnet clock', () => {
  it('moves the chain by speed × wall time, carrying fractions of a second', () => {
    const net = new Localnet({ startHeight: 1, startTime: 1_000 })
    let wall = 0
    const clock = startClock(net, { speed: 2.5, now: () => wall })
    clock.stop()
    wall = 1_000 // 2.5 simulated seconds: 2 now, 0.5 carried
    clock.step()
    expect(net.time).toBe(1_002)
    wall = 2_000 // 2.5 + 0.5 = 3
    clock.step()
    expect(net.time).toBe(1_005)
    expect(net.height).toBe(2) // 5 s: one 3-second block, the rest carried
    wall = 2_000 + 86_400 * 400 // a day at speed 2.5 over 9.6 hours of wall time
    clock.step()
    expect(net.time).toBe(1_005 + 86_400)
    expect(net.height).toBe(1 + Math.floor((5 + 86_400) / 3))
  })

  it('adds blocks at speed 1 with steps shorter than a block', () => {
    const net = new Localnet({ startHeight: 1, startTime: 0 })
    let wall = 0
    const clock = startClock(net, { now: () => wall })
    clock.stop()
    for (let i = 0; i < 40; i++) {
      wall += 250
      clock.step()
    }
    expect(net.time).toBe(10)
    expect(net.height).toBe(1 + 3)
  })

  it('refuses a negative or infinite speed naming the field', () => {
    const net = new Localnet()
    expect(() => startClock(net, { speed: -1 })).toThrow(LocalnetError)
    expect(() => startClock(net, { speed: Number.POSITIVE_INFINITY })).toThrow(
      /^speed: must be a finite number/,
    )
    expect(() => startClock(net, { intervalMs: 0 })).toThrow(/^intervalMs: must be positive/)
  })

  it('makes valid 24-word mnemonics, a new one each time', () => {
    const a = randomMnemonic()
    expect(a.split(' ')).toHaveLength(24)
    expect(() => new EnglishMnemonic(a)).not.toThrow()
    expect(randomMnemonic()).not.toBe(a)
  })
})
