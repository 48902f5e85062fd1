/**
 * `@rebalancer/localnet/testing`: the example world every test, example and demo starts from,
 * defined once — the spec's P-only check of portfolio-computer.md (base ATOM, ATOM 75% / NTRN
 * 25%, p = 0.5) on the example deployment at 1.5 NTRN per ATOM.
 */
import { Dec, type Pair, type RebalancerConfig } from '@rebalancer/types'
import { createAccount } from './deploy.js'
import { type ExampleDeployment, type ExampleDeploymentOptions, exampleDeployment } from './example.js'

export { type ExampleDeployment, type ExampleDeploymentOptions, exampleDeployment } from './example.js'

/** One whole token of a 6-decimal denom in base units (1 ATOM = 1_000_000 uatom). */
export const TOKEN = 1_000_000n

/**
 * The example account config: base `uatom`, targets `uatom` 7500 bps / `untrn` 2500 bps, P-only
 * PID (p 0.5, i 0, d 0), no cap below 100% (`maxLimitBps` 10 000), proportional overrides.
 */
export const EXAMPLE_CONFIG: RebalancerConfig = {
  baseDenom: 'uatom',
  targets: [
    { denom: 'uatom', bps: 7500 },
    { denom: 'untrn', bps: 2500 },
  ],
  pid: { p: Dec.parse('0.5'), i: Dec.ZERO, d: Dec.ZERO },
  maxLimitBps: 10_000,
  targetOverrideStrategy: 'proportional',
}

/** The example prices: 1.5 `untrn` per `uatom` and its inverse (18 decimals, truncated). */
export const EXAMPLE_PRICES: readonly { pair: Pair; price: Dec }[] = [
  { pair: ['uatom', 'untrn'], price: Dec.parse('1.5') },
  { pair: ['untrn', 'uatom'], price: Dec.parse('0.666666666666666666') },
]

/** The oracle's fallback source at the example prices (what a DEX route answers on chain). */
export function examplePriceSource(pair: Pair): string {
  return pair[0] === 'uatom' ? '1.5' : '0.666666666666666666'
}

/** Options of {@link exampleWorld}: those of {@link exampleDeployment}, and the account's. */
export interface ExampleWorldOptions extends ExampleDeploymentOptions {
  /** uatom minted to the owner and deposited into the account; default 1000 ATOM. */
  deposit?: bigint
  /** The account's config; default {@link EXAMPLE_CONFIG}. */
  config?: RebalancerConfig
}

/** What {@link exampleWorld} sets up: the deployment, the owner and its registered account. */
export interface ExampleWorld extends ExampleDeployment {
  owner: string
  account: string
  /** Unix seconds of the first cycle (the chain starts 60 s earlier). */
  cycleStart: number
}

/**
 * {@link exampleDeployment} (the oracle's fallback at {@link examplePriceSource} unless given)
 * plus an owner holding `deposit` uatom, all of it in one account registered with `config`.
 * The clock is left 60 s before the first cycle.
 * @throws TxError when the registration is refused (a config that breaks the rules).
 */
export function exampleWorld(options: ExampleWorldOptions = {}): ExampleWorld {
  const cycleStart = options.cycleStart ?? Date.UTC(2024, 0, 1) / 1000
  const world = exampleDeployment({ priceSource: examplePriceSource, ...options, cycleStart })
  const deposit = options.deposit ?? 1000n * TOKEN
  const owner = world.net.makeAddress('owner')
  world.net.mint(owner, [{ denom: 'uatom', amount: deposit }])
  const account = createAccount(world.net, world.d, owner, options.config ?? EXAMPLE_CONFIG, {
    funds: [{ denom: 'uatom', amount: deposit }],
  })
  return { ...world, owner, account, cycleStart }
}
