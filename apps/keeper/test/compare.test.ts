import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_STRATEGIES } from '@rebalancer/sim'
import { ComparisonReport } from '@rebalancer/types'
import { describe, expect, it } from 'vitest'

const CLI = join(__dirname, '..', 'dist', 'cli.js')

describe('rebalancer-keeper compare (issue #12)', () => {
  it('prints one table per account with the baselines, every strategy and the best marked, and writes the report', () => {
    const dir = mkdtempSync(join(tmpdir(), 'compare-'))
    const json = join(dir, 'rows.json')
    const out = execFileSync(
      'node',
      [CLI, 'compare', '--start', '2024-03-01', '--end', '2024-03-20', '--json', json],
      { encoding: 'utf8' },
    )
    for (const line of [
      'DAO treasury',
      'Diversified fund',
      'buy-and-hold',
      'ideal daily rebalance (no cost)',
      'as written',
      'calendar: daily',
      'calendar: weekly (7)',
      'calendar: monthly (30)',
      'calendar: quarterly (91)',
      'threshold: 5 pp',
      '5/25 rule (5 pp or 25%)',
      'quarterly + 5 pp (hybrid)',
      'volatility-adjusted 5 pp',
      'PID p = 0.05 (slow)',
      'PID p = 0.10 (medium)',
      'PID p = 0.20 (fast)',
      'tuned: within 1 pp in about 30 days',
      '* best of the column',
    ])
      expect(out).toContain(line)
    expect(out.match(/ \*/g)?.length ?? 0).toBeGreaterThan(4)
    const report = ComparisonReport.parse(JSON.parse(readFileSync(json, 'utf8')))
    const rows = report.strategies.map((s) => ({ name: s.name, accounts: s.measures }))
    expect(rows.map((r) => r.name)).toEqual([
      'as written',
      'calendar: daily',
      'calendar: weekly (7)',
      'calendar: monthly (30)',
      'calendar: quarterly (91)',
      'threshold: 5 pp',
      '5/25 rule (5 pp or 25%)',
      'quarterly + 5 pp (hybrid)',
      'volatility-adjusted 5 pp',
      'PID p = 0.05 (slow)',
      'PID p = 0.10 (medium)',
      'PID p = 0.20 (fast)',
      'tuned: within 1 pp in about 30 days',
    ])
    for (const r of rows) {
      expect(r.accounts.map((a) => a.name)).toEqual(['DAO treasury', 'Diversified fund'])
      for (const a of r.accounts) {
        expect(a.trackingErrorPp).toBeGreaterThanOrEqual(0)
        expect(a.executionCostBps).not.toBeNull()
      }
    }
  })

  it('--html writes the comparison as one self-contained HTML report: the tables and value per strategy', () => {
    const dir = mkdtempSync(join(tmpdir(), 'compare-'))
    const html = join(dir, 'compare.html')
    const out = execFileSync(
      'node',
      [CLI, 'compare', '--start', '2024-03-01', '--end', '2024-03-05', '--html', html],
      { encoding: 'utf8' },
    )
    expect(out).toContain(`HTML report written to ${html}`)
    const page = readFileSync(html, 'utf8')
    expect(page.startsWith('<!doctype html>')).toBe(true)
    expect(page).toContain('Chart.js v4')
    expect(page).toContain('<canvas id="chart-compare-value-account-0"')
    expect(page).toContain('<canvas id="chart-compare-value-account-1"')
    const tables = page.match(/<table class="comparison"[\s\S]*?<\/table>/g) ?? []
    expect(tables).toHaveLength(2)
    for (const t of tables) {
      // the two baselines and every default strategy, the best of columns marked
      expect(t.match(/<tr class="(baseline|strategy)">/g)).toHaveLength(2 + DEFAULT_STRATEGIES.length)
      for (const name of [
        'buy-and-hold',
        'as written',
        'PID p = 0.20 (fast)',
        'tuned: within 1 pp in about 30 days',
      ])
        expect(t).toContain(`<td>${name}</td>`)
      expect(t).toContain('class="best"')
    }
  })

  it('refuses a bad scenario before running anything, naming the field', () => {
    const r = spawnSync('node', [CLI, 'compare', '--start', '2024-02-30'], { encoding: 'utf8' })
    expect(r.status).toBe(3)
    expect(r.stderr).toMatch(/start: must be a real calendar date/)
    expect(r.stdout).not.toContain('buy-and-hold')
  })
})
