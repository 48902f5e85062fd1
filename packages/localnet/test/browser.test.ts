/**
 * The localnet runs in a browser (issue #10, "Packaging for the browser"): test/browser/cycle.ts
 * (one whole cycle) is bundled with esbuild for `platform: 'browser'` with no Node polyfills —
 * any `Buffer`, `process` or Node built-in in localnet, types, core or auction (or their
 * dependencies) fails the bundle or the page — and run in real Chromium through playwright-core.
 * `.ci/run` installs Chromium with apt when it is missing.
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { chromium } from 'playwright-core'
import { describe, expect, it } from 'vitest'

const CHROMIUM = '/usr/bin/chromium'
const entry = fileURLToPath(new URL('./browser/cycle.ts', import.meta.url))

/** The browser bundle of `entry`; esbuild refuses any import it cannot resolve for the browser. */
async function bundle(): Promise<{ code: string; inputs: string[] }> {
  const out = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
    // a global the browser lacks must stay undefined, not be shimmed
    define: {},
  })
  return { code: out.outputFiles[0]!.text, inputs: Object.keys(out.metafile.inputs) }
}

describe('the localnet in a browser', () => {
  it('bundles for the browser without Node built-ins', async () => {
    const { code, inputs } = await bundle()
    expect(inputs.some((f) => f.includes('packages/localnet/src/localnet.ts'))).toBe(true)
    expect(inputs.filter((f) => f.startsWith('node:') || /\bnode-libs-browser\b/.test(f))).toEqual([])
    expect(code).not.toMatch(/\bBuffer\.from\(/)
  })

  it.runIf(existsSync(CHROMIUM))(
    'runs one cycle in Chromium: deploy, account, prices, system_rebalance, open, bid, finish',
    async () => {
      const { code } = await bundle()
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu'],
      })
      try {
        const page = await browser.newPage()
        const errors: string[] = []
        page.on('pageerror', (e) => errors.push(e.message))
        await page.setContent('<!doctype html><html><body></body></html>')
        // a page has neither Buffer nor process: the bundle must not need them
        expect(await page.evaluate('typeof Buffer + " " + typeof process')).toBe('undefined undefined')
        await page.addScriptTag({ content: code })
        const result = await page.evaluate('globalThis.cycleResult')
        expect(errors).toEqual([])
        expect(result).toEqual({
          // ceil(0.5 × 250) = 125 ATOM of 1000 sold (P-only, 75/25 at 1.5 NTRN per ATOM)
          soldIntoAuction: '125000000',
          accountAtom: '875000000',
          // the bidder bought all 125 ATOM at 1.5 for 187.5 NTRN, paid back to the account
          accountNtrn: '187500000',
          bidderAtom: '125000000',
          auctionStatus: 'auction_closed',
          systemStatus: { finished: { next_cycle: '1704153600000000000' } },
        })
      } finally {
        await browser.close()
      }
    },
  )
})
