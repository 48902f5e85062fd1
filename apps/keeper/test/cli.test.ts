import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError } from '../src/config.js'
import { EXIT_CODES, exitCodeOf } from '../src/exit.js'
import { useColor } from '../src/format.js'
import { ChainError } from '../src/loop.js'

const CLI = join(__dirname, '..', 'dist', 'cli.js')
const run = (args: string[], env: NodeJS.ProcessEnv = process.env) =>
  spawnSync('node', [CLI, ...args], { encoding: 'utf8', env })

describe('the CLI for operators', () => {
  it('--version prints the package version', () => {
    const { version } = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'))
    for (const flag of ['--version', '-V']) {
      const r = run([flag])
      expect(r.status).toBe(0)
      expect(r.stdout).toBe(`${version}\n`)
    }
  })

  it('exits 2 on usage errors, 3 on configuration errors, 4 when the chain cannot be reached', () => {
    const env = { ...process.env }
    delete env.REBALANCER_MNEMONIC
    const chain = ['start', '--network', 'neutron-1', '--rpc', 'http://127.0.0.1:9']
    const cases: [string[], number, RegExp][] = [
      [['nonsense'], 2, /unknown command/],
      [['start', '--bogus'], 2, /unknown option '--bogus'/],
      [['suggest', '--days', '30'], 2, /required option '--within <pp>' not specified/],
      [[], 2, /Usage: rebalancer-keeper/],
      [[...chain, '--metrics-port', '70000'], 3, /--metrics-port must be a port number 0\.\.65535/],
      [[...chain, '--min-gas-balance', '1.5'], 3, /--min-gas-balance must be a whole number of base units/],
      [[...chain, '--health-polls', '0'], 3, /--health-polls must be a whole number ≥ 1/],
      [chain, 3, /no signer/],
      [['start', '--start', '2024-02-30'], 3, /start: must be a real calendar date/],
      [
        [
          ...chain,
          '--dry-run',
          '--sender',
          'neutron1qs6mzpmcw3dvg5l8nyywetcj326scszdj7v4pfk55xwshd4prqnqfwc0z2',
        ],
        4,
        /^error: cannot connect to the RPC/m,
      ],
    ]
    for (const [args, status, message] of cases) {
      const r = run(args, env)
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(status)
      expect(r.stderr).toMatch(message)
    }
    // the signer's chain error: connecting with a mnemonic to an RPC that is not there
    const m = run([...chain, '--once'], {
      ...env,
      REBALANCER_MNEMONIC: `${'abandon '.repeat(11)}about`,
    })
    expect(m.status).toBe(4)
    expect(m.stderr).toMatch(/^error: cannot connect to the RPC/m)
  }, 120_000)

  it('documents the exit codes and NO_COLOR in --help', () => {
    const r = run(['--help'])
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/Exit codes: 0 done .* 1 other error, 2 usage .* 3 configuration .* 4 chain/)
    expect(r.stdout).toContain('NO_COLOR')
    const s = run(['start', '--help'])
    for (const option of [
      '--metrics-port',
      '--metrics-host',
      '--health-polls',
      '--min-gas-balance',
      '--no-color',
    ])
      expect(s.stdout).toContain(option)
  })

  it('maps errors to exit codes', () => {
    expect(exitCodeOf(new ConfigError('no_signer', 'x'))).toBe(EXIT_CODES.config)
    expect(exitCodeOf(new ChainError('chain_unreachable', 'x'))).toBe(EXIT_CODES.chain)
    expect(exitCodeOf(new Error('x'))).toBe(EXIT_CODES.error)
  })

  it('colours only on a terminal, and not with --no-color or NO_COLOR', () => {
    expect(useColor({ isTTY: true }, {}, {})).toBe(true)
    expect(useColor({ isTTY: false }, {}, {})).toBe(false)
    expect(useColor({ isTTY: true }, { color: false }, {})).toBe(false)
    expect(useColor({ isTTY: true }, {}, { NO_COLOR: '1' })).toBe(false)
    expect(useColor({ isTTY: true }, {}, { NO_COLOR: '' })).toBe(true) // no-color.org: set and not empty
  })

  // `script` (util-linux) gives the CLI a terminal, where the tables would be coloured
  const hasScript = spawnSync('script', ['--version']).status === 0
  it.skipIf(!hasScript)(
    'start on a terminal: coloured tables, plain with --no-color or NO_COLOR',
    () => {
      const onTerminal = (extra: string, env: NodeJS.ProcessEnv = {}) => {
        // CI=true (set by CI runners) turns the table library's colours off: the check is ours
        const { NO_COLOR: _n, FORCE_COLOR: _f, CI: _ci, ...base } = process.env
        const r = spawnSync(
          'script',
          ['-qec', `node ${CLI} start --start 2024-01-01 --end 2024-01-02 -q ${extra}`, '/dev/null'],
          { encoding: 'utf8', env: { ...base, ...env } },
        )
        expect(r.status).toBe(0)
        expect(r.stdout).toContain('2 cycles in')
        return r.stdout.includes('\u001b[')
      }
      expect(onTerminal('')).toBe(true)
      expect(onTerminal('--no-color')).toBe(false)
      expect(onTerminal('', { NO_COLOR: '1' })).toBe(false)
    },
    120_000,
  )
})
