/**
 * One whole cycle on the localnet, as the demo page of issue #11 runs it: deploy, create an
 * account, update prices, `system_rebalance`, open the auction, bid, finish. Bundled for the
 * browser by browser.test.ts (esbuild, `platform: 'browser'`, no Node polyfills) and run in
 * Chromium; the outcome is left on `globalThis.cycleResult` as JSON-safe strings.
 */
import { Dec } from '@rebalancer/types'
import { createAccount, exampleDeployment } from '../../src/index.js'

const M = 1_000_000n
const { net, d, admin, keeper } = exampleDeployment()
const owner = net.makeAddress('owner')
net.mint(owner, [{ denom: 'uatom', amount: 1000n * M }])
const account = createAccount(
  net,
  d,
  owner,
  {
    baseDenom: 'uatom',
    targets: [
      { denom: 'uatom', bps: 7500 },
      { denom: 'untrn', bps: 2500 },
    ],
    pid: { p: Dec.parse('0.5'), i: Dec.ZERO, d: Dec.ZERO },
    maxLimitBps: 10_000,
    targetOverrideStrategy: 'proportional',
  },
  { funds: [{ denom: 'uatom', amount: 1000n * M }] },
)
for (const [pair, price] of [
  [['uatom', 'untrn'], '1.5'],
  [['untrn', 'uatom'], '0.666666666666666666'],
] as const)
  net.execute(admin, d.oracle, { manual_price_update: { pair: [...pair], price } })
net.advanceTime(60)
net.execute(keeper, d.rebalancer, { system_rebalance: { limit: 50 } })
const auction = d.auctions['uatom|untrn'] ?? ''
const soldIntoAuction = net.balance(auction, 'uatom')
net.execute(keeper, d.auctionsManager, {
  server: {
    open_auction: { pair: ['uatom', 'untrn'], params: { start_block: null, end_block: net.height + 1000 } },
  },
})
const bidder = net.makeAddress('bidder')
net.mint(bidder, [{ denom: 'untrn', amount: 1000n * M }])
net.advanceBlocks(500)
net.execute(bidder, auction, { bid: {} }, [{ denom: 'untrn', amount: '187500000' }])
net.execute(keeper, d.auctionsManager, { finish_auction: { pair: ['uatom', 'untrn'], limit: 5 } })

;(globalThis as { cycleResult?: unknown }).cycleResult = {
  soldIntoAuction: soldIntoAuction.toString(),
  accountAtom: net.balance(account, 'uatom').toString(),
  accountNtrn: net.balance(account, 'untrn').toString(),
  bidderAtom: net.balance(bidder, 'uatom').toString(),
  auctionStatus: (net.query(auction, 'get_auction') as { status: string }).status,
  systemStatus: net.query(d.rebalancer, 'get_system_status'),
}
