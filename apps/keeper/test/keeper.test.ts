import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_SCENARIO, RunReport } from '@rebalancer/types'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadScenario } from '../src/config.js'

const CLI = join(__dirname, '..', 'dist', 'cli.js')
const dir = mkdtempSync(join(tmpdir(), 'keeper-test-'))
const write = (name: string, text: string) => {
  const f = join(dir, name)
  writeFileSync(f, text)
  return f
}

describe('scenario config', () => {
  it('defaults to the issue scenario and applies overrides', () => {
    const s = loadScenario({ start: '2024-01-01', end: '2024-01-05' })
    expect(s.accounts.map((a) => a.name)).toEqual(['DAO treasury', 'Diversified fund'])
    expect(s.start).toBe('2024-01-01')
    expect(s.market_makers.map((m) => m.margin_bps)).toEqual([30, 60, 100])
  })

  it('reads YAML and JSON files', () => {
    const yaml = write(
      's.yaml',
      `start: "2024-02-01"\nend: "2024-02-03"\ndenoms:\n  untrn: {symbol: NTRN, decimals: 6}\n  uusdc: {symbol: USDC, decimals: 6}\naccounts:\n  - name: t\n    base_denom: uusdc\n    targets: [{denom: untrn, bps: 5000}, {denom: uusdc, bps: 5000}]\n    speed: slow\n    initial: [{denom: untrn, amount: "1000"}]\nmarket_makers: [{name: m, margin_bps: 50}]\n`,
    )
    expect(loadScenario({ config: yaml }).accounts[0]!.speed).toBe('slow')
    const json = write('s.json', JSON.stringify({ ...DEFAULT_SCENARIO, end: '2023-10-20' }))
    expect(loadScenario({ config: json }).end).toBe('2023-10-20')
  })

  it('names the field and the rule for bad input, and rejects unknown fields', () => {
    const bad = (patch: object) => write('bad.json', JSON.stringify({ ...DEFAULT_SCENARIO, ...patch }))
    expect(() => loadScenario({ config: bad({ colour: 'red' }) })).toThrow(/colour/)
    expect(() =>
      loadScenario({
        config: bad({
          accounts: [
            {
              ...DEFAULT_SCENARIO.accounts[0],
              targets: [
                { denom: 'untrn', bps: 10000 },
                { denom: 'uusdc', bps: 1000 },
              ],
            },
          ],
        }),
      }),
    ).toThrow(/accounts\[0\]\.targets\[0\]\.bps|targets.*bps/)
    expect(() => loadScenario({ config: bad({ start: '2024-13-01' }) })).toThrow(/start/)
    expect(() =>
      loadScenario({ config: bad({ accounts: [{ ...DEFAULT_SCENARIO.accounts[0], base_denom: 'ubtc' }] }) }),
    ).toThrow(/ubtc, which is not in denoms/)
    expect(() =>
      loadScenario({
        config: bad({
          accounts: [
            {
              ...DEFAULT_SCENARIO.accounts[0],
              targets: [
                { denom: 'untrn', bps: 8000 },
                { denom: 'uusdc', bps: 1000 },
              ],
            },
          ],
        }),
      }),
    ).toThrow(/sum to 9000, must be 10000/)
    expect(() => loadScenario({ config: join(dir, 'missing.yaml') })).toThrow(ConfigError)
    expect(() => loadScenario({ config: write('broken.json', '{"start": ') })).toThrow(/not valid JSON/)
  })
})

describe('rebalancer-keeper start', () => {
  it('runs, prints a summary, and writes a report that validates against the RunReport schema', () => {
    const report = join(dir, 'report.json')
    const out = execFileSync(
      'node',
      [CLI, 'start', '--start', '2024-05-01', '--end', '2024-05-10', '--report', report],
      {
        encoding: 'utf8',
      },
    )
    expect(out).toMatch(/\[10\/10\] 2024-05-10/)
    expect(out).toMatch(/DAO treasury/)
    expect(out).toMatch(/10 cycles in .* s; total supply of every denom unchanged/)
    expect(out.includes(String.fromCharCode(27))).toBe(false) // no colour codes (ESC) when piped
    const parsed = RunReport.parse(JSON.parse(readFileSync(report, 'utf8')))
    expect(parsed.cycles_run).toBe(10)
    expect(parsed.history).toHaveLength(10)
    expect(parsed.summary.map((s) => s.name)).toEqual(['DAO treasury', 'Diversified fund'])
  })

  it('exits 1 with a clear message for bad options', () => {
    const r = spawnSync('node', [CLI, 'start', '--start', '2020-01-01', '--end', '2020-01-05'], {
      encoding: 'utf8',
    })
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/error: start \(2020-01-01\) is before the first price/)
    const u = spawnSync('node', [CLI, 'start', '--bogus'], { encoding: 'utf8' })
    expect(u.status).not.toBe(0)
    expect(u.stderr).toMatch(/unknown option '--bogus'/)
  })
})
