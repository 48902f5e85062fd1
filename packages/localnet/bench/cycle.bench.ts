import { Dec, type RebalancerConfig } from '@rebalancer/types'
import { bench, describe } from 'vitest'
import { createAccount, deployRebalancer, Localnet, type LocalnetSnapshot } from '../src/index.js'

const T0 = Date.UTC(2024, 0, 1) / 1000
const M = 1_000_000n
const DENOMS = ['uatom', 'untrn', 'uosmo', 'uusdc']
/** USD per whole token. */
const USD: Record<string, number> = { uatom: 8, untrn: 0.4, uosmo: 0.5, uusdc: 1 }

/** A deployment with `n` accounts of 4 targets (12 pairs), prices set, at the cycle start. */
function world(n: number) {
  const net = new Localnet({
    startTime: T0 - 60,
    priceSource: (p, _t) => Dec.fromNumber(USD[p[0]]!).div(Dec.fromNumber(USD[p[1]]!)).toString(),
  })
  const admin = net.makeAddress('admin')
  const keeper = net.makeAddress('keeper')
  const minAmounts = Object.fromEntries(DENOMS.map((d) => [d, { send: 1000n, startAuction: 10_000n }]))
  const d = deployRebalancer(net, {
    admin,
    server: keeper,
    denoms: DENOMS,
    baseDenoms: [{ denom: 'uusdc', minBalanceLimit: 10n * M }],
    minAmounts,
    cycleStart: T0,
  })
  const config: RebalancerConfig = {
    baseDenom: 'uusdc',
    targets: DENOMS.map((denom) => ({ denom, bps: 2500 })),
    pid: { p: Dec.parse('0.1'), i: Dec.ZERO, d: Dec.ZERO },
    maxLimitBps: 1000,
    targetOverrideStrategy: 'proportional',
  }
  for (let i = 0; i < n; i++) {
    const owner = net.makeAddress(`owner${i}`)
    // every account starts lopsided: mostly one asset
    const heavy = DENOMS[i % 4]!
    const funds = DENOMS.map((denom) => ({ denom, amount: (denom === heavy ? 10_000n : 100n) * M }))
    net.mint(owner, funds)
    createAccount(net, d, owner, config, { label: `a${i}`, funds })
  }
  const maker = net.makeAddress('maker')
  net.mint(
    maker,
    DENOMS.map((denom) => ({ denom, amount: 10n ** 15n })),
  )
  net.advanceTime(T0 - net.time)
  return { net, d, keeper, maker, start: net.snapshot() }
}

/** One full cycle: prices, system_rebalance over every account, open, one bid per auction, finish, clean. */
function cycle(w: ReturnType<typeof world>) {
  const { net, d, keeper, maker } = w
  const pairs: [[string, string], string][] = net.query(d.auctionsManager, { get_pairs: { limit: 100 } })
  for (const [pair] of pairs) net.execute(keeper, d.oracle, { update_price: { pair } })
  for (;;) {
    net.execute(keeper, d.rebalancer, { system_rebalance: { limit: 50 } })
    const status = net.query(d.rebalancer, 'get_system_status')
    if ('finished' in status) break
  }
  for (const [pair, auction] of pairs) {
    if (net.balance(auction, pair[0]) === 0n) continue
    net.execute(keeper, d.auctionsManager, {
      server: { open_auction: { pair, params: { start_block: null, end_block: net.height + 100 } } },
    })
  }
  net.advanceBlocks(50)
  for (const [pair, auction] of pairs) {
    const info = net.query(auction, 'get_auction')
    if (info.status !== 'started') continue
    const price = Dec.parse(net.query(auction, 'get_price').price)
    net.execute(maker, auction, { bid: {} }, [
      { denom: pair[1], amount: price.mulCeil(BigInt(info.available_amount)).toString() },
    ])
  }
  net.advanceBlocks(50)
  for (const [pair, auction] of pairs) {
    if (net.query(auction, 'get_auction').status === 'auction_closed') continue
    while (net.query(auction, 'get_auction').status !== 'auction_closed') {
      net.execute(keeper, d.auctionsManager, { finish_auction: { pair, limit: 500 } })
    }
    net.execute(keeper, auction, { clean_after_auction: {} })
  }
}

for (const n of [100, 1000, 10_000]) {
  describe(`one full cycle, ${n} accounts × 4 targets, 12 pairs`, () => {
    let w: ReturnType<typeof world> | undefined
    let start: LocalnetSnapshot
    bench(
      `${n} accounts`,
      () => {
        w ??= world(n)
        start ??= w.start
        w.net.restore(start)
        cycle(w)
      },
      { iterations: n >= 10_000 ? 3 : 10, warmupIterations: 1, time: 0 },
    )
  })
}
