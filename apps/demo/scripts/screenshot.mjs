#!/usr/bin/env node
/**
 * The README's picture of the demo site: serves `apps/demo/dist` (build it first with
 * `pnpm demo:build`) with Vite's `preview`, opens it in Chromium at 1280 px, runs the default
 * backtest and writes a PNG of the page's results.
 *
 * Usage: `node apps/demo/scripts/screenshot.mjs [out.png]` (default `docs/demo.png`).
 */
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { preview } from 'vite'

const here = dirname(fileURLToPath(import.meta.url))
const out = resolve(process.argv[2] ?? resolve(here, '..', '..', '..', 'docs', 'demo.png'))

const server = await preview({
  root: resolve(here, '..'),
  logLevel: 'silent',
  preview: { port: 0, host: '127.0.0.1', strictPort: false },
})
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
})
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 })
  await page.goto(server.resolvedUrls.local[0])
  await page.getByRole('tab', { name: 'Backtest' }).click()
  await page.getByTestId('run-backtest').click()
  await page.getByTestId('backtest-done').waitFor({ timeout: 120_000 })
  // let the charts finish their first draw
  await page.waitForTimeout(500)
  await page.screenshot({ path: out, fullPage: false })
  console.log(`wrote ${out}`)
} finally {
  await browser.close()
  await new Promise((r) => server.httpServer.close(r))
}
