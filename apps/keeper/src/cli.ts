import { Command } from 'commander'
import { ConfigError } from './config.js'
import { start } from './start.js'

const program = new Command()
program
  .name('rebalancer-keeper')
  .description('Drives the Rebalancer cycle: prices, system_rebalance, auctions, settlement.')
  .showHelpAfterError()

program
  .command('start')
  .description(
    'Run the cycle once per simulated day against the embedded localnet, on real price history, with market makers.',
  )
  .option('-c, --config <file>', 'scenario file (JSON or YAML): dates, denoms, accounts, market makers')
  .option('--prices <file>', 'price CSV (header: time column, then one column per symbol)')
  .option('--start <date>', 'first day, YYYY-MM-DD')
  .option('--end <date>', 'last day, YYYY-MM-DD')
  .option('-r, --report <file>', 'write the full history and summary as JSON')
  .option('-q, --quiet', 'no progress output')
  .action(async (opts) => {
    await start(opts)
  })

program.parseAsync(process.argv).catch((e: unknown) => {
  if (e instanceof ConfigError || e instanceof RangeError) {
    process.stderr.write(`error: ${e.message}\n`)
  } else {
    process.stderr.write(`error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`)
  }
  process.exitCode = 1
})
