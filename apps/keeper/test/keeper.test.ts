import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { ScenarioError } from '@rebalancer/sim'
import { DEFAULT_SCENARIO, RebalancerError, RunReport } from '@rebalancer/types'
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
    ).toThrow(/accounts\[0\]\.targets\[0\]\.bps: must be in 1\.\.=9999, got 10000/)
    expect(() => loadScenario({ config: bad({ start: '2024-13-01' }) })).toThrow(
      /start: must be a real calendar date/,
    )
    expect(() =>
      loadScenario({ config: bad({ accounts: [{ ...DEFAULT_SCENARIO.accounts[0], base_denom: 'ubtc' }] }) }),
    ).toThrow(/accounts\[0\]\.base_denom: "ubtc" is not in denoms/)
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
    ).toThrow(/accounts\[0\]\.targets: bps must sum to exactly 10000, got 9000/)
    expect(() => loadScenario({ config: join(dir, 'missing.yaml') })).toThrow(ConfigError)
    try {
      loadScenario({ config: join(dir, 'missing.yaml') })
    } catch (e) {
      expect(RebalancerError.isInstance(e)).toBe(true)
      expect((e as ConfigError).code).toBe('unreadable_config')
    }
    expect(() => loadScenario({ config: write('broken.json', '{"start": ') })).toThrow(/not valid JSON/)
  })

  it('reads the --config file once: contents already read are used, the file is not opened again', () => {
    // the CLI reads the file to tell a scenario from a network config, then passes the contents on
    const gone = join(dir, 'read-once.yaml')
    const s = loadScenario({ config: gone, configContents: { ...DEFAULT_SCENARIO, end: '2023-10-20' } })
    expect(s.end).toBe('2023-10-20')
    expect(existsSync(gone)).toBe(false)
  })

  it('goes through parseScenario: the file is named, every problem has its field path', () => {
    const f = write(
      'rules.yaml',
      [
        'start: "2024-02-30"',
        'end: "2024-03-02"',
        'denoms:',
        '  untrn: {symbol: NTRN, decimals: 6}',
        '  uusdc: {symbol: USDC, decimals: 6}',
        'accounts:',
        '  - name: t',
        '    base_denom: uusdc',
        '    targets: [{denom: untrn, bps: 5000}, {denom: uusdc, bps: 5000}]',
        '    speed: {p: "5", i: "0", d: "0"}',
        '    initial: [{denom: untrn, amount: 1000}]',
        'market_makers: [{name: m, margin_bps: 50}, {name: m, margin_bps: 60}]',
        '',
      ].join('\n'),
    )
    let error: unknown
    try {
      loadScenario({ config: f })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ScenarioError)
    expect((error as Error).message).toContain(`invalid scenario in ${f} (2 problems):`)
    expect((error as ScenarioError).problems.map((p) => p.path.join('.'))).toEqual([
      'start',
      'accounts.0.initial.0.amount',
    ])
    // once the shape is right, the rules that span fields
    const g = write(
      'rules2.yaml',
      readFileSync(f, 'utf8').replace('2024-02-30', '2024-02-29').replace('amount: 1000', 'amount: "1000"'),
    )
    expect(() => loadScenario({ config: g })).toThrow(
      /accounts\[0\]\.speed\.p: must be ≤ 1, got 5\n {2}market_makers\[1\]\.name: "m" is also market_makers\[0\]\.name/,
    )
  })

  it("resolves a file's prices path against the file's folder, --prices against the working directory", () => {
    const sub = join(dir, 'nested')
    mkdirSync(join(sub, 'data'), { recursive: true })
    const csv = readFileSync(
      join(__dirname, '..', '..', '..', 'packages', 'sim', 'data', 'prices', 'prices-daily.csv'),
    )
    writeFileSync(join(sub, 'data', 'p.csv'), csv)
    const f = join(sub, 's.json')
    writeFileSync(f, JSON.stringify({ ...DEFAULT_SCENARIO, prices: 'data/p.csv' }))
    expect(loadScenario({ config: f }).prices).toBe(join(sub, 'data', 'p.csv'))
    expect(loadScenario({ config: f, prices: 'other.csv' }).prices).toBe(resolve('other.csv'))
    // the CLI, run from another folder, finds it
    const r = spawnSync('node', [CLI, 'start', '-c', f, '--start', '2024-05-01', '--end', '2024-05-02'], {
      encoding: 'utf8',
      cwd: tmpdir(),
    })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/2 cycles in/)
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
    expect(out).toMatch(/10 cycles in .* s; on-chain supply of every denom conserved/)
    expect(out).toMatch(/execution quality/)
    expect(out).toMatch(/external \/ market feed \(delay 0 s, error 0 bps\)/)
    expect(out.includes(String.fromCharCode(27))).toBe(false) // no colour codes (ESC) when piped
    const parsed = RunReport.parse(JSON.parse(readFileSync(report, 'utf8')))
    expect(parsed.cycles_run).toBe(10)
    expect(parsed.history).toHaveLength(10)
    expect(parsed.summary.map((s) => s.name)).toEqual(['DAO treasury', 'Diversified fund'])
  })

  it('--html writes one self-contained HTML report: Chart.js inlined, every chart, names escaped', () => {
    const evil = '<script>alert(1)</script>'
    const config = write(
      'html-scenario.json',
      JSON.stringify({
        ...DEFAULT_SCENARIO,
        start: '2023-11-01',
        end: '2023-11-10',
        oracle: { mode: 'mean' },
        auction: { curve: 'linear', containment: 'off' },
        accounts: DEFAULT_SCENARIO.accounts.map((a, i) => (i === 0 ? { ...a, name: evil } : a)),
      }),
    )
    const html = join(dir, 'report.html')
    const out = execFileSync('node', [CLI, 'start', '-c', config, '--quiet', '--html', html], {
      encoding: 'utf8',
    })
    expect(out).toContain(`HTML report written to ${html}`)
    const page = readFileSync(html, 'utf8')
    expect(page.startsWith('<!doctype html>')).toBe(true)
    expect(page).toContain('Chart.js v4') // the library's browser build, inlined
    expect(page).not.toMatch(/<script[^>]*\bsrc=|<link\b/) // nothing loaded from elsewhere
    for (const id of [
      'value-account-0',
      'weights-account-0',
      'value-account-1',
      'weights-account-1',
      'execution',
      'makers',
      'makers-gain',
    ])
      expect(page).toContain(`<canvas id="chart-${id}"`)
    expect(page).toContain('Oracle mean')
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(page).not.toContain(evil)
  })

  it('exits 3 (configuration) or 2 (usage) with a clear message for bad options, before printing anything of the run', () => {
    const r = spawnSync('node', [CLI, 'start', '--start', '2020-01-01', '--end', '2020-01-05'], {
      encoding: 'utf8',
    })
    expect(r.status).toBe(3)
    expect(r.stderr).toMatch(
      /^error: invalid scenario \(1 problem\):\n {2}start: 2020-01-01 is before the first price/,
    )
    expect(r.stdout).toBe('')
    const p = spawnSync('node', [CLI, 'start', '--prices', join(dir, 'none.csv'), '--end', '2023-10-12'], {
      encoding: 'utf8',
    })
    expect(p.status).toBe(3)
    expect(p.stderr).toMatch(/prices: cannot read the price file \(ENOENT\)/)
    expect(p.stdout).toBe('')
    const u = spawnSync('node', [CLI, 'start', '--bogus'], { encoding: 'utf8' })
    expect(u.status).toBe(2)
    expect(u.stderr).toMatch(/unknown option '--bogus'/)
  })
})

describe('output into a pipe', () => {
  it('stops quietly, at once, when the reader goes away (start | head)', async () => {
    const report = join(dir, 'piped-report.json')
    const child = spawn(
      'node',
      [CLI, 'start', '--start', '2024-01-01', '--end', '2025-06-01', '-r', report],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d
    })
    // read the first line, then close the pipe as `head -1` does
    child.stdout.once('data', () => child.stdout.destroy())
    const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)))
    expect(stderr).toBe('') // no EPIPE stack trace
    expect(code).toBe(0)
    expect(existsSync(report)).toBe(false) // it stopped instead of running the 518 days
  })
})
