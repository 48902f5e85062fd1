/**
 * Issue #11, "Containment" on the deployed contracts, the keeper's side: the config file's
 * `containment` section (validated, unknown fields refused, errors naming the field), the
 * reference it builds, and the log line of each opening the check skips.
 */
import { type OpeningContainment, RebalancerClient } from '@rebalancer/adapters'
import { exampleWorld } from '@rebalancer/localnet/testing'
import { Dec, type PriceReference, RebalancerError } from '@rebalancer/types'
import fc from 'fast-check'
import pino from 'pino'
import { describe, expect, it } from 'vitest'
import {
  containmentConfigFrom,
  containmentFrom,
  dryRun,
  logTickEvents,
  networkFrom,
  startChain,
} from '../src/chain.js'
import { ConfigError, parseContainmentConfig } from '../src/config.js'

const POOL = 'neutron1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqhufaa6'
const CONNECT = {
  min_premium_bps: 100,
  reference: {
    connect: {
      denoms: {
        ATOM: { pair: { Base: 'ATOM', Quote: 'USD' }, decimals: 6 },
        untrn: { pair: { Base: 'NTRN', Quote: 'USD' }, decimals: 6 },
      },
      max_age_seconds: 60,
    },
  },
}
const ASTROPORT = {
  min_premium_bps: 0,
  reference: { astroport: { pools: [{ pair: ['ATOM', 'untrn'], pool: POOL, offer_amount: '1000000' }] } },
}

describe('the containment config section', () => {
  it('accepts a Connect or an Astroport reference', () => {
    expect(parseContainmentConfig(CONNECT)).toEqual(CONNECT)
    expect(parseContainmentConfig(ASTROPORT)).toEqual(ASTROPORT)
    expect(containmentConfigFrom({ rpc: 'http://x', containment: ASTROPORT })).toEqual(ASTROPORT)
    expect(containmentConfigFrom({ rpc: 'http://x' })).toBeUndefined()
  })

  it('refuses bad input with a ConfigError naming the field and the rule', () => {
    const connect = CONNECT.reference.connect
    const cases: [unknown, string][] = [
      [{ ...CONNECT, min_premium_bps: 1.5 }, 'containment.min_premium_bps: must be a whole number of bps'],
      [{ ...CONNECT, min_premium_bps: -1 }, 'containment.min_premium_bps: must be ≥ 0'],
      [{ reference: CONNECT.reference }, 'containment.min_premium_bps: Invalid input: expected number'],
      [{ ...CONNECT, colour: 'red' }, 'containment: Unrecognized key: "colour"'],
      [
        { ...CONNECT, reference: { ...CONNECT.reference, ...ASTROPORT.reference } },
        'containment.reference: must give exactly one reference source, connect or astroport (got connect and astroport)',
      ],
      [{ ...CONNECT, reference: {} }, 'containment.reference: must give exactly one reference source'],
      [
        {
          ...CONNECT,
          reference: {
            connect: {
              ...connect,
              denoms: { untrn: { pair: { Base: 'NTRN', Quote: 'USD' }, decimals: -6 } },
            },
          },
        },
        'containment.reference.connect.denoms.untrn.decimals: must be ≥ 0',
      ],
      [
        {
          ...CONNECT,
          reference: {
            connect: { ...connect, denoms: { untrn: { pair: { Base: 'ntrn', Quote: 'USD' }, decimals: 6 } } },
          },
        },
        'containment.reference.connect.denoms.untrn.pair.Base: must be an upper-case ticker, e.g. ATOM',
      ],
      [
        {
          ...ASTROPORT,
          reference: { astroport: { pools: [{ pair: ['ATOM', 'untrn'], pool: POOL, offer_amount: '0' }] } },
        },
        'containment.reference.astroport.pools.0.offer_amount: must be a whole number of base units > 0, as a string',
      ],
      [
        {
          ...ASTROPORT,
          reference: { astroport: { pools: [{ pair: ['ATOM', 'untrn'], pool: 'x', offer_amount: '1' }] } },
        },
        'containment.reference.astroport.pools.0.pool: must be a bech32 contract address',
      ],
    ]
    for (const [input, message] of cases) {
      let error: unknown
      try {
        parseContainmentConfig(input)
      } catch (e) {
        error = e
      }
      expect(error, JSON.stringify(input)).toBeInstanceOf(ConfigError)
      expect((error as ConfigError).code).toBe('invalid_containment')
      expect((error as Error).message).toContain(message)
      expect((error as Error).message).toMatch(/^invalid containment config:\n {2}containment/)
    }
  })

  it('fuzz: any section gives a config or a ConfigError naming a containment field, never quoting a value', () => {
    const value = fc.oneof(
      fc.constantFrom<unknown>(undefined, null, true, 0, -1, 1.5, 1e21, '', [], {}, 'ATOM', POOL, '1000000'),
      fc.string({ maxLength: 12 }),
    )
    const section = fc.record(
      {
        min_premium_bps: value,
        reference: fc.oneof(
          value,
          fc.record({ connect: fc.dictionary(fc.constantFrom('denoms', 'max_age_seconds', 'rpc'), value) }),
          fc.record({
            astroport: fc.record({
              pools: fc.array(fc.dictionary(fc.constantFrom('pair', 'pool', 'offer_amount'), value)),
            }),
          }),
        ),
        colour: value,
      },
      { requiredKeys: [] },
    )
    fc.assert(
      fc.property(
        section,
        fc.stringMatching(/^[a-z]{6,20}$/).map((s) => `zqx${s}`),
        (c, secret) => {
          // the secret in a string field a user fills in
          const input = {
            ...c,
            reference: {
              connect: { denoms: { untrn: { pair: { Base: secret, Quote: 'USD' }, decimals: 6 } } },
            },
          }
          for (const x of [c, input]) {
            try {
              parseContainmentConfig(x)
            } catch (e) {
              expect(e).toBeInstanceOf(ConfigError)
              expect((e as ConfigError).code).toBe('invalid_containment')
              expect((e as Error).message).toMatch(/^invalid containment config:\n {2}containment[.:]/)
              expect((e as Error).message).not.toContain(secret.slice(0, 6))
            }
          }
        },
      ),
      { numRuns: 300 },
    )
  })

  it('a bad section stops startChain before it connects or signs anything', async () => {
    const bad = { ...ASTROPORT, min_premium_bps: -5 }
    await expect(
      startChain({
        network: 'neutron-1',
        rpc: 'http://127.0.0.1:9',
        networkConfig: { containment: bad },
        dryRun: true,
        sender: 'neutron1qs6mzpmcw3dvg5l8nyywetcj326scszdj7v4pfk55xwshd4prqnqfwc0z2',
      }),
    ).rejects.toThrow('containment.min_premium_bps: must be ≥ 0')
  })

  it('is the keeper section of a network file: the network config still refuses unknown fields', () => {
    const contracts = {
      rebalancer: 'neutron1qs6mzpmcw3dvg5l8nyywetcj326scszdj7v4pfk55xwshd4prqnqfwc0z2',
      auctions_manager: 'neutron13exc5wdc7y5qpqazc34djnu934lqvfw2dru30j52ahhjep6jzx8ssjxcyz',
      oracle: 'neutron1s8uqyh0mmh8g66s2dectf56c08y6fvusp39undp8kf4v678ededsy6tstf',
    }
    const n = networkFrom({ network: 'neutron-1', networkConfig: { contracts, containment: ASTROPORT } })
    expect(n.contracts.rebalancer).toBe(contracts.rebalancer)
    expect(() => networkFrom({ network: 'neutron-1', networkConfig: { containmnet: ASTROPORT } })).toThrow(
      /containmnet/,
    )
  })

  it('builds an Astroport reference on the chain reader, asset names through the network denoms', async () => {
    const net = networkFrom({ network: 'neutron-1' })
    const asked: { address: string; query: unknown }[] = []
    const reader = {
      async queryContractSmart(address: string, query: unknown) {
        asked.push({ address, query })
        return { return_amount: '1490000', spread_amount: '0', commission_amount: '10000' } as never
      },
    }
    const c = await containmentFrom(parseContainmentConfig(ASTROPORT), net, reader)
    expect(c.minPremiumBps).toBe(0)
    expect(c.reference.name).toBe('astroport')
    const atom = net.denoms!.ATOM!
    expect((await c.reference.price([atom, 'untrn'], 0))?.toString()).toBe('1.5')
    expect(asked).toEqual([
      {
        address: POOL,
        query: {
          simulation: {
            offer_asset: { info: { native_token: { denom: atom } }, amount: '1000000' },
            ask_asset_info: { native_token: { denom: 'untrn' } },
          },
        },
      },
    ])
  })
})

describe('a skipped opening in the keeper log and dry run', () => {
  const T0 = Date.UTC(2024, 0, 1) / 1000

  function setup() {
    const { net, d, keeper } = exampleWorld({ cycleStart: T0 })
    net.advanceTime(T0 - net.time)
    const rc = new RebalancerClient(
      net.client(keeper),
      { rebalancer: d.rebalancer, auctionsManager: d.auctionsManager, oracle: d.oracle },
      keeper,
    )
    // the market at 2 untrn per uatom, well above the oracle's 1.5 (start price 1.8)
    const reference: PriceReference = { name: 'fake-market', price: async () => Dec.parse('2') }
    const containment: OpeningContainment = { reference, minPremiumBps: 100 }
    return { net, rc, containment }
  }

  it('logs each skip as a warning with the pair, start price, floor and reference', async () => {
    const { rc, containment } = setup()
    const lines: Record<string, unknown>[] = []
    const log = pino({ level: 'info' }, { write: (l: string) => lines.push(JSON.parse(l)) })
    const summary = await rc.tick({ durationBlocks: 100, onEvent: logTickEvents(log), containment })
    expect(summary).toMatchObject({ opened: 0, skipped: 1 })
    expect(lines).toEqual([
      expect.objectContaining({
        level: 40,
        msg: 'open_auction skipped: start price below the reference floor',
        step: 'open_auction',
        pair: ['uatom', 'untrn'],
        reason: 'start_below_floor',
        start_price: '1.8',
        floor: '2.02',
        reference: '2',
        reference_source: 'fake-market',
      }),
    ])
  })

  it('logs a skip for want of a reference price with the error text', () => {
    const lines: Record<string, unknown>[] = []
    const log = pino({ level: 'info' }, { write: (l: string) => lines.push(JSON.parse(l)) })
    logTickEvents(log)({
      type: 'opening_skipped',
      step: 'open_auction',
      pair: ['uatom', 'untrn'],
      reason: 'no_reference',
      startPrice: Dec.parse('1.8'),
      referenceName: 'connect:x/oracle',
      error: 'Connect x/oracle GetPrice ATOM/USD failed: timeout',
    })
    expect(lines).toEqual([
      expect.objectContaining({
        msg: 'open_auction skipped: no reference price',
        reason: 'no_reference',
        start_price: '1.8',
        error: 'Connect x/oracle GetPrice ATOM/USD failed: timeout',
      }),
    ])
    expect(lines[0]).not.toHaveProperty('floor')
  })

  it('a dry run shows the opening it would skip, and sends nothing', async () => {
    const { net, rc, containment } = setup()
    await rc.tick({ durationBlocks: 100, containment })
    const before = net.snapshot()
    const plan = (await dryRun(rc, 100, containment)) as Record<string, unknown>[]
    expect(plan.filter((p) => p.step === 'open_auction')).toEqual([
      {
        step: 'open_auction',
        pair: ['uatom', 'untrn'],
        skipped: {
          reason: 'start_below_floor',
          start_price: '1.8',
          floor: '2.02',
          reference: '2',
          reference_source: 'fake-market',
        },
      },
    ])
    // without the check the same dry run would open it
    const open = (await dryRun(rc, 100)) as Record<string, unknown>[]
    expect(open.filter((p) => p.step === 'open_auction').map((p) => p.msg !== undefined)).toEqual([true])
    expect(net.snapshot().map).toEqual(before.map)
    expect(RebalancerError.isInstance(new ConfigError('x', 'y'))).toBe(true)
  })
})
