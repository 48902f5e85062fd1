import { writeFileSync } from 'node:fs'
import { addressFromMnemonic } from '@rebalancer/adapters/cosmjs'
import {
  type IndexedTx,
  type RpcServer,
  randomMnemonic,
  startClock,
  startRpcServer,
} from '@rebalancer/localnet/rpc'
import { liveMakers, type OpenAuction, prepareSimulation, type Simulation } from '@rebalancer/sim'
import { type Command, InvalidArgumentError } from 'commander'
import type { Logger } from 'pino'
import { keeperLogger } from './chain.js'
import { ConfigError, type ScenarioOverrides, scenarioInput } from './config.js'

/** Options of {@link serveScenario} (the `localnet` command's). */
export interface LocalnetOptions extends ScenarioOverrides {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number
  /** Simulated seconds per wall-clock second; default 1; 0: the clock stands still. */
  speed?: number
  /** Where to write the network config (the keeper's `start --config` format), JSON. */
  networkOut?: string
  /** Where to write the keeper's test mnemonic (file mode 0600). */
  mnemonicOut?: string
}

/** The keeper's network config file for the served localnet (`start --config <file>`). */
export interface LocalnetNetworkConfig {
  chain_id: string
  rpc: string
  prefix: string
  gas_price: string
  contracts: { services_manager: string; auctions_manager: string; rebalancer: string; oracle: string }
  auction_duration_blocks: number
  /** Milliseconds between cosmjs's polls for a broadcast transaction (the localnet includes it at once). */
  broadcast_poll_ms: number
}

/** A scenario served over RPC: the simulation, the server, the keeper's key, and `close`. */
export interface ServedScenario {
  sim: Simulation
  server: RpcServer
  /** The keeper's address: funded with the fee denom and the auctions manager's server. */
  keeper: string
  /** The keeper's mnemonic (a fresh test key; never logged). */
  mnemonic: string
  network: LocalnetNetworkConfig
  /** Every auction opened so far, with the makers' fills. */
  auctions: readonly OpenAuction[]
  /** Every transaction the localnet included so far (the keeper's and the makers' bids), in order. */
  txs: readonly IndexedTx[]
  /** Resolves when the makers have bid in every auction opened so far. */
  idle(): Promise<void>
  /** Stops the clock and the server. */
  close(): Promise<void>
}

/** The fee denom of the served localnet and its minimum gas price. */
const FEE_DENOM = 'untrn'
const MIN_GAS_PRICE = '0.0025'
/** cosmjs's poll for a broadcast transaction: the served localnet includes it when it answers. */
const BROADCAST_POLL_MS = 50
/** What the keeper is funded with for fees: 1,000,000 NTRN in base units. */
const KEEPER_FEE_FUNDS = 1_000_000_000_000n

/**
 * Sets the scenario up (`prepareSimulation`: contracts, accounts, makers), makes a fresh test key
 * the auctions manager's server (the admin's `change_server_addr`) and funds it with `untrn` for
 * fees, serves the localnet as CometBFT JSON-RPC on 127.0.0.1, and moves its clock at `speed`.
 * Whenever a transaction opens auctions, the scenario's market makers bid in them in-process
 * ({@link liveMakers}: at a running clock they wait for their bids' blocks; at speed 0 they move
 * the clock, and the caller moves it on) and hedge what they bought, as in the simulation. Also
 * writes the network config (with `broadcast_poll_ms`, so cosmjs does not wait 3 s per
 * transaction) and the mnemonic when asked.
 * @throws ConfigError (`invalid_speed`) for a speed that is not a finite number ≥ 0; the
 *   scenario's `ScenarioError`; the listen error of a taken port.
 */
export async function serveScenario(o: LocalnetOptions, log?: Logger): Promise<ServedScenario> {
  const speed = o.speed ?? 1
  if (!Number.isFinite(speed) || speed < 0) {
    throw new ConfigError('invalid_speed', '--speed: must be a number ≥ 0 (simulated seconds per second)')
  }
  const sim = prepareSimulation(scenarioInput(o), o.config ? { file: o.config } : {})
  const { net, deployment: d } = sim
  const mnemonic = randomMnemonic()
  const keeper = await addressFromMnemonic(mnemonic, net.bech32Prefix)
  net.execute(d.admin, d.auctionsManager, { admin: { change_server_addr: { addr: keeper } } })
  net.mint(keeper, [{ denom: FEE_DENOM, amount: KEEPER_FEE_FUNDS }])

  // the chain starts at the scenario's first cycle
  if (net.time < sim.start) net.advanceTime(sim.start - net.time)
  const txs: IndexedTx[] = []
  const makers = liveMakers(sim, {
    clockRuns: speed > 0,
    onBids: (auctions) =>
      log?.info(
        {
          auctions: auctions.map((a) => ({ pair: a.pair, fills: a.fills.length, left: String(a.available) })),
        },
        'makers bid',
      ),
    onError: (e) => log?.error({ error: (e as Error).message }, 'makers could not bid'),
  })
  const server = await startRpcServer(net, {
    port: o.port ?? 0,
    feeDenom: FEE_DENOM,
    minGasPrice: MIN_GAS_PRICE,
    onTx: (tx) => {
      txs.push(tx)
      log?.info({ hash: tx.hash, height: tx.height, code: tx.result.code }, 'tx')
      if (tx.result.code === 0) makers.onTx(tx.result.events)
    },
  })
  // small steps, so that a fast clock does not move past the blocks the makers wait for
  const clock = startClock(net, { speed, intervalMs: 20 })
  const network: LocalnetNetworkConfig = {
    chain_id: net.chainId,
    rpc: server.url,
    prefix: net.bech32Prefix,
    gas_price: `${MIN_GAS_PRICE}${FEE_DENOM}`,
    contracts: {
      services_manager: d.servicesManager,
      auctions_manager: d.auctionsManager,
      rebalancer: d.rebalancer,
      oracle: d.oracle,
    },
    auction_duration_blocks: sim.durationBlocks,
    broadcast_poll_ms: BROADCAST_POLL_MS,
  }
  if (o.networkOut) writeFileSync(o.networkOut, `${JSON.stringify(network, null, 2)}\n`)
  if (o.mnemonicOut) writeFileSync(o.mnemonicOut, `${mnemonic}\n`, { mode: 0o600 })
  return {
    sim,
    server,
    keeper,
    mnemonic,
    network,
    auctions: makers.auctions,
    txs,
    idle: () => makers.idle(),
    close: async () => {
      clock.stop()
      makers.stop()
      await server.close()
    },
  }
}

function numberOption(name: string, min: number) {
  return (v: string) => {
    const n = Number(v)
    if (v.trim() === '' || !Number.isFinite(n) || n < min) {
      throw new InvalidArgumentError(`${name}: must be a number ≥ ${min}`)
    }
    return n
  }
}

/**
 * Adds `rebalancer-keeper localnet --port <p> [--config scenario] [--speed x] [--network-out f]
 * [--mnemonic-out f]` to `program`: serves the scenario's localnet ({@link serveScenario}) until
 * SIGINT/SIGTERM. Then `rebalancer-keeper start --config <network-out> --mnemonic-file
 * <mnemonic-out>` drives it over HTTP.
 */
export function registerLocalnetCommand(program: Command): Command {
  return program
    .command('localnet')
    .description(
      "Serve a scenario's localnet as a CometBFT JSON-RPC endpoint on 127.0.0.1, with its market makers " +
        'bidding; writes a network config and a funded test key for `start --config`.',
    )
    .option('-p, --port <port>', 'TCP port (0: any free port)', numberOption('--port', 0), 26657)
    .option('-c, --config <file>', 'a scenario (dates, denoms, accounts, makers), JSON or YAML')
    .option('--prices <file>', 'price CSV (header: time column, then one column per symbol)')
    .option(
      '--speed <x>',
      'simulated seconds per second (86400: a day per second)',
      numberOption('--speed', 0),
      1,
    )
    .option('--network-out <file>', 'write the network config (JSON) here')
    .option('--mnemonic-out <file>', "write the keeper's test mnemonic here (mode 0600)")
    .action(async (opts: LocalnetOptions) => {
      const log = keeperLogger()
      const served = await serveScenario(opts, log)
      log.info(
        {
          rpc: served.server.url,
          chain_id: served.network.chain_id,
          keeper: served.keeper,
          contracts: served.network.contracts,
          speed: opts.speed,
          ...(opts.networkOut ? { network_out: opts.networkOut } : {}),
          ...(opts.mnemonicOut ? {} : { note: 'no --mnemonic-out: the keeper key is not written' }),
        },
        'localnet serving',
      )
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve)
        process.once('SIGTERM', resolve)
      })
      await served.close()
    })
}
