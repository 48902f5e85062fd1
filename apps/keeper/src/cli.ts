import { readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { Command, CommanderError, Option } from 'commander'
import { isNetworkConfigFile, readConfigFile, startChain } from './chain.js'
import { compare } from './compare.js'
import { ConfigError, wholeNumberOption } from './config.js'
import { EXIT_CODES, exitCodeOf } from './exit.js'
import { registerLocalnetCommand } from './localnet.js'
import { OutputClosedError, start } from './start.js'
import { suggest } from './suggest.js'
import { queueUrl, work } from './sweep.js'

// A reader that goes away (`rebalancer-keeper start | head`) closes the pipe: stop quietly,
// with the exit code so far (0 unless an error was being reported).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) =>
    process.exit(e.code === 'EPIPE' ? Number(process.exitCode ?? 0) : 1),
  )
}

/**
 * commander's error messages without the values the user typed (an unknown command, the value
 * after `=` of an unknown option): a mnemonic given by mistake must not be printed.
 */
function withoutValues(message: string): string {
  return message
    .replace(/unknown command '[^']*'/g, 'unknown command (the value given is not shown)')
    .replace(/unknown option '([^'=]*)=[^']*'/g, "unknown option '$1=…'")
    .replace(/argument '[^']*' is invalid/g, 'argument is invalid (the value given is not shown)')
}

/** The scenario options of the simulation commands (`compare`, `suggest`). */
function withScenarioOptions(command: Command): Command {
  return command
    .option('-c, --config <file>', 'a scenario (dates, denoms, accounts, makers), JSON or YAML')
    .option('--prices <file>', 'price CSV (header: time column, then one column per symbol)')
    .option('--start <date>', 'first day, YYYY-MM-DD')
    .option('--end <date>', 'last day, YYYY-MM-DD')
}

/** The package's version, from its package.json (next to `dist/` in the workspace and in the tarball). */
const VERSION = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version

/** A TCP port, 0..65535 (0: the system picks a free one). */
function portOption(option: string, value: string): number {
  const n = /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN
  if (!Number.isSafeInteger(n) || n > 65_535)
    throw new ConfigError(
      `invalid_${option.slice(2).replaceAll('-', '_')}`,
      `${option} must be a port number 0..65535 (the value given is not shown)`,
    )
  return n
}

/** A whole number of base units ≥ 0. */
function unitsOption(option: string, value: string): bigint {
  if (!/^\s*\d+\s*$/.test(value))
    throw new ConfigError(
      `invalid_${option.slice(2).replaceAll('-', '_')}`,
      `${option} must be a whole number of base units ≥ 0 (the value given is not shown)`,
    )
  return BigInt(value.trim())
}

const program = new Command()
program
  .name('rebalancer-keeper')
  .description('Drives the Rebalancer cycle: prices, system_rebalance, auctions, settlement.')
  .version(VERSION, '-V, --version', 'print the version and exit')
  .configureOutput({ outputError: (message, write) => write(withoutValues(message)) })
  .showHelpAfterError()
  // usage errors are thrown, not exited on, so that they get their own exit code (2)
  .exitOverride()
  .addHelpText(
    'after',
    `\nExit codes: ${EXIT_CODES.ok} done or stopped cleanly (SIGTERM/SIGINT), ${EXIT_CODES.error} other error, ` +
      `${EXIT_CODES.usage} usage (unknown command or option, missing option), ` +
      `${EXIT_CODES.config} configuration (an option's value, a config/scenario/price file, the signer), ` +
      `${EXIT_CODES.chain} chain (RPC unreachable, the --once tick failed).\n` +
      'Environment: REBALANCER_MNEMONIC (the signer, see --mnemonic-env), NO_COLOR (plain tables).\n',
  )

program
  .command('start')
  .description(
    'Without --network: run the cycle once per simulated day against the embedded localnet, on real price ' +
      'history, with market makers. With --network (or a network --config): drive a real deployment.',
  )
  .option(
    '-c, --config <file>',
    'a scenario (dates, denoms, accounts, makers) or a network config (rpc, contracts), JSON or YAML',
  )
  .option('--prices <file>', 'simulation: price CSV (header: time column, then one column per symbol)')
  .option('--start <date>', 'simulation: first day, YYYY-MM-DD')
  .option('--end <date>', 'simulation: last day, YYYY-MM-DD')
  .option('-r, --report <file>', 'simulation: write the full history and summary as JSON')
  .option('--html <file>', 'simulation: write a self-contained HTML report with charts')
  .option('-q, --quiet', 'simulation: no progress output')
  .option('-n, --network <name>', 'real chain: a preset (neutron-1); --config overrides its fields')
  .option('--rpc <url>', 'real chain: Tendermint RPC endpoint (several: comma-separated, failover in order)')
  .option('--mnemonic-file <path>', 'real chain: file holding the signer mnemonic')
  .addOption(
    new Option('--mnemonic-env <name>', 'real chain: environment variable holding the mnemonic').default(
      'REBALANCER_MNEMONIC',
    ),
  )
  .option('--sender <address>', 'real chain, --dry-run: the keeper address to plan for (without a mnemonic)')
  .option('--dry-run', 'real chain: print the messages the next tick would send, send nothing')
  .option('--once', 'real chain: one tick, then exit')
  .option('--poll-seconds <n>', 'real chain: seconds between ticks', (v) =>
    wholeNumberOption('--poll-seconds', v),
  )
  .option(
    '--journal <file>',
    'real chain: SQLite file recording each transaction sent; after a restart a pending one is checked, not re-sent',
  )
  // operations (issue #14): metrics and health, gas warnings, colours
  .option('--metrics-port <port>', 'real chain, loop: serve /metrics and /healthz on this port', (v) =>
    portOption('--metrics-port', v),
  )
  .option('--metrics-host <host>', 'real chain, loop: address of the metrics server (default 127.0.0.1)')
  .option(
    '--health-polls <n>',
    'real chain, loop: /healthz is 200 while the last good tick is at most n poll intervals old (default 3)',
    (v) => wholeNumberOption('--health-polls', v),
  )
  .option(
    '--min-gas-balance <units>',
    "real chain: warn when the keeper's fee-denom balance is below this many base units",
    (v) => unitsOption('--min-gas-balance', v),
  )
  .option(
    '--no-color',
    'simulation: plain tables (also when NO_COLOR is set or the output is not a terminal)',
  )
  .action(async (opts) => {
    const file = opts.config ? readConfigFile(opts.config) : undefined
    if (opts.network || opts.rpc || (file !== undefined && isNetworkConfigFile(file))) {
      await startChain({ ...opts, networkConfig: file })
    } else {
      await start({ ...opts, configContents: file })
    }
  })

withScenarioOptions(program.command('compare'))
  .description(
    'Run the 13 default strategies (calendar, threshold, 5/25, hybrid and volatility triggers, PID speeds, a ' +
      'tuned wish) or those of --strategies on the same history and makers; print one table per account ' +
      'against buy-and-hold and an ideal costless daily rebalance.',
  )
  .option(
    '--json <file>',
    'write the comparison report as JSON (every strategy, its measures per account, the best)',
  )
  .option(
    '--strategies <file>',
    'a JSON or YAML list of strategies {name, overrides?, account?} instead of the default set',
  )
  .option(
    '--workers <n>',
    `backtests run on n worker threads at once (default: the cores, ${availableParallelism()} here; 1: in process)`,
    (v) => wholeNumberOption('--workers', v),
  )
  .option(
    '--queue <url>',
    'put the backtests on a BullMQ queue of this redis server (redis://host:port) for `worker`s',
    queueUrl,
  )
  .option(
    '--html <file>',
    'write a self-contained HTML report: the tables and each strategy’s value over time',
  )
  .action(async (opts) => {
    const file = opts.config ? readConfigFile(opts.config) : undefined
    await compare({ ...opts, configContents: file })
  })

withScenarioOptions(program.command('suggest'))
  .description(
    'Tune PID gains and a sell cap for a wish (every weight within --within pp of its target in --days days), ' +
      'print the projected path and what a simulation of the history with them gave.',
  )
  .requiredOption('--within <pp>', 'percentage points, e.g. 1')
  .requiredOption('--days <n>', 'days, a whole number, e.g. 30')
  .option('--json <file>', 'write the suggestion and both paths per account as JSON')
  .action(async (opts) => {
    const file = opts.config ? readConfigFile(opts.config) : undefined
    await suggest({ ...opts, configContents: file })
  })

program
  .command('worker')
  .description(
    'Run the backtests `compare --queue` puts on the BullMQ queue of a redis server, on any number of machines, ' +
      'until SIGINT or SIGTERM (the backtests under way finish first).',
  )
  .requiredOption('--queue <url>', 'the redis server of the queue, redis://host:port', queueUrl)
  .option(
    '--concurrency <n>',
    `backtests run at once, each on a worker thread (default: the cores, ${availableParallelism()} here)`,
    (v) => wholeNumberOption('--concurrency', v),
  )
  .action(async (opts) => {
    await work({ queue: opts.queue, concurrency: opts.concurrency ?? availableParallelism() })
  })

registerLocalnetCommand(program)

program.parseAsync(process.argv).catch((e: unknown) => {
  if (OutputClosedError.isInstance(e)) return // stdout's reader went away: stop quietly
  const code = exitCodeOf(e)
  // commander has printed its own message (usage errors, help, version)
  if (!(e instanceof CommanderError))
    process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`)
  process.exitCode = code
})
