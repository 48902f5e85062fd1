/**
 * One whole cycle on the localnet, as the demo page of issue #11 runs it: deploy, create an
 * account, update prices, `system_rebalance`, open the auction, bid, finish. Bundled for the
 * browser by browser.test.ts (esbuild, `platform: 'browser'`, no Node polyfills) and run in
 * Chromium; the outcome is left on `globalThis.cycleResult` as JSON-safe strings.
 */
import { EXAMPLE_PRICES, exampleWorld, TOKEN } from '../../src/testing.js'

// deploy, and 1000 ATOM in a 75/25 ATOM/NTRN P-only account
const { net, d, admin, keeper, account } = exampleWorld()
for (const { pair, price } of EXAMPLE_PRICES)
  net.execute(admin, d.oracle, { manual_price_update: { pair: [...pair], price: price.toString() } })
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
net.mint(bidder, [{ denom: 'untrn', amount: 1000n * TOKEN }])
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
