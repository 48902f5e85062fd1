import { Bip39, Random } from '@cosmjs/crypto'
import { LocalnetError } from '../errors.js'
import type { Localnet } from '../localnet.js'

/** Options of {@link startClock}. */
export interface ClockOptions {
  /** Simulated seconds per wall-clock second; default 1. 0 stops the clock (its owner moves it). */
  speed?: number
  /** Wall-clock milliseconds between steps; default 250. */
  intervalMs?: number
  /** Wall-clock milliseconds now (injectable); default `Date.now`. */
  now?: () => number
}

/** A running {@link startClock}. */
export interface Clock {
  /** Moves the localnet by the simulated time since the last step (what the timer calls). */
  step(): void
  /** Stops the timer. */
  stop(): void
}

/**
 * Moves `localnet`'s clock with the wall clock, `speed` times faster: each step adds the whole
 * simulated seconds and the whole blocks (one per `blockTimeSeconds`) elapsed since the clock
 * started and not yet added, so no fraction is lost between steps; days pass in seconds at
 * `speed` 86400. Others may move the clock too (a bid's block); this adds to it.
 * @throws LocalnetError `invalid_option` when `speed` is negative or not finite, or `intervalMs`
 *   is not a positive number.
 */
export function startClock(localnet: Localnet, options: ClockOptions = {}): Clock {
  const speed = options.speed ?? 1
  const intervalMs = options.intervalMs ?? 250
  if (!Number.isFinite(speed) || speed < 0) {
    throw new LocalnetError('invalid_option', `speed: must be a finite number ≥ 0, got ${speed}`, {
      path: ['speed'],
    })
  }
  if (!(intervalMs > 0)) {
    throw new LocalnetError('invalid_option', `intervalMs: must be positive, got ${intervalMs}`, {
      path: ['intervalMs'],
    })
  }
  const now = options.now ?? Date.now
  const start = now()
  // cumulative since the start, so fractions of a second and of a block are never lost
  let seconds = 0
  let blocks = 0
  const step = () => {
    const total = Math.floor(((now() - start) / 1000) * speed)
    const totalBlocks = Math.floor(total / localnet.blockTimeSeconds)
    if (total > seconds) localnet.advanceBlocks(totalBlocks - blocks, total - seconds)
    seconds = total
    blocks = totalBlocks
  }
  const timer = speed > 0 ? setInterval(step, intervalMs) : undefined
  timer?.unref()
  return { step, stop: () => clearInterval(timer) }
}

/** A fresh random 24-word BIP-39 mnemonic (256 bits of entropy) for a localnet test key. */
export function randomMnemonic(): string {
  return Bip39.encode(Random.getBytes(32)).toString()
}
