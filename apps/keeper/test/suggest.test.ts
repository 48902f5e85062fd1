import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { SuggestedAccount } from '@rebalancer/sim'
import { describe, expect, it } from 'vitest'

const CLI = join(__dirname, '..', 'dist', 'cli.js')

describe('rebalancer-keeper suggest (issue #12)', () => {
  it('prints the tuned parameters, the projected path and the history side by side, and writes them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'suggest-'))
    const json = join(dir, 'suggestion.json')
    const args = ['suggest', '--within', '1', '--days', '20', '--start', '2024-03-01', '--end', '2024-04-09']
    const out = execFileSync('node', [CLI, ...args, '--json', json], { encoding: 'utf8' })
    const saved = JSON.parse(readFileSync(json, 'utf8')) as {
      wish: { within_pp: string; days: number }
      accounts: SuggestedAccount[]
    }
    expect(saved.wish).toEqual({ within_pp: '1', days: 20 })
    expect(saved.accounts.map((a) => a.name)).toEqual(['DAO treasury', 'Diversified fund'])
    for (const a of saved.accounts) {
      expect(Number(a.p)).toBeGreaterThan(0)
      expect(a.projectedPp).toHaveLength(21)
      expect(a.actualPp).toHaveLength(40)
      // each account's row shows its gain and cap; day 20 shows the projection and the history
      expect(out).toMatch(new RegExp(`${a.name}\\s+│ ${a.p}\\s+│ ${a.maxLimitBps} bps`))
      expect(out).toContain(`${a.projectedPp[20]!.toFixed(2)} pp`)
      expect(out).toContain(`${a.actualPp[19]!.toFixed(2)} pp`)
    }
    expect(out).toContain('wish: within 1 pp in about 20 days')
  })

  it('refuses a bad wish naming the option, before anything runs', () => {
    // a bad value is a configuration error (3), a missing option a usage error (2)
    for (const [args, message, status] of [
      [['--within', '0', '--days', '30'], /--within must be more than 0/, 3],
      [['--within', '1', '--days', '2.5'], /--days must be a whole number/, 3],
      [['--within', '1', '--days', '1e1'], /--days must be a whole number/, 3],
      [['--within', 'one', '--days', '30'], /--within must be percentage points/, 3],
      [['--days', '30'], /required option '--within <pp>' not specified/, 2],
    ] as const) {
      const r = spawnSync('node', [CLI, 'suggest', ...args], { encoding: 'utf8' })
      expect(r.status).toBe(status)
      expect(r.stderr).toMatch(message)
      expect(r.stdout).not.toContain('P gain')
    }
  })
})
