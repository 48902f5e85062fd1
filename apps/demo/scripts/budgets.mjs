#!/usr/bin/env node
/**
 * The demo site's budgets (issue #13), on the built site in `apps/demo/dist` (run `pnpm demo:build`
 * first; `.ci/run` runs this after `pnpm test`, which builds it):
 *
 * 1. initial JavaScript ≤ 300 KB gzip: the entry script of `index.html`, its `modulepreload` links and
 *    every chunk those import statically (dynamic `import()` chunks and the Web Worker's chunk are
 *    loaded later and not counted), each gzip-compressed (level 9) and summed;
 * 2. the default 611-day backtest finishes in the page in ≤ 5 s: the site is served with Vite's
 *    `preview`, opened in Chromium, and the "Run backtest" button clicked; the page reports the
 *    milliseconds from the click to the results (`[data-testid=backtest-done]`'s `data-ms`). Three
 *    runs; the median is compared with the budget.
 *
 * Usage: `node apps/demo/scripts/budgets.mjs [--results file.json]`. Prints one line per budget and
 * writes `[{name, passed, value, limit, unit}]` to the results file; exits 1 when a budget fails.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const here = dirname(fileURLToPath(import.meta.url))
const dist = resolve(here, '..', 'dist')
const INITIAL_JS_LIMIT = 300 * 1024
const BACKTEST_LIMIT_MS = 5_000
const RUNS = 3

const args = process.argv.slice(2)
const resultsAt = args.indexOf('--results')
const resultsFile = resultsAt >= 0 ? args[resultsAt + 1] : undefined

/** The files of the initial JavaScript: entry, preloads, and their static imports. */
function initialJs() {
  const html = readFileSync(join(dist, 'index.html'), 'utf8')
  const roots = [
    ...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
  ].map((m) => resolve(dist, m[1]))
  const seen = new Set()
  const queue = [...roots]
  while (queue.length > 0) {
    const file = queue.pop()
    if (seen.has(file)) continue
    seen.add(file)
    const code = readFileSync(file, 'utf8')
    // static imports only: `import"./x.js"`, `from"./x.js"` (minified or not); not `import("./x.js")`
    for (const m of code.matchAll(/(?:\bfrom|\bimport)\s*["'](\.{1,2}\/[^"']+\.js)["']/g)) {
      queue.push(resolve(dirname(file), m[1]))
    }
  }
  return [...seen]
}

const results = []
function record(name, value, limit, unit) {
  const passed = value <= limit
  results.push({ name, passed, value, limit, unit })
  console.log(`${passed ? 'ok' : 'FAIL'} - demo budget: ${name}: ${value} ${unit} (limit ${limit} ${unit})`)
}

const files = initialJs()
const bytes = files.reduce((sum, f) => sum + gzipSync(readFileSync(f), { level: 9 }).length, 0)
record('initial JavaScript (gzip)', bytes, INITIAL_JS_LIMIT, 'B')

async function backtestMs() {
  const { preview } = await import('vite')
  const { chromium } = await import('playwright-core')
  const server = await preview({
    root: resolve(here, '..'),
    logLevel: 'silent',
    preview: { port: 0, host: '127.0.0.1', strictPort: false },
  })
  const url = server.resolvedUrls?.local[0]
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  })
  try {
    const times = []
    for (let i = 0; i < RUNS; i++) {
      const page = await browser.newPage()
      await page.goto(url)
      await page.getByRole('tab', { name: 'Backtest' }).click()
      await page.getByTestId('run-backtest').click()
      const done = page.getByTestId('backtest-done')
      await done.waitFor({ timeout: 120_000 })
      times.push(Number(await done.getAttribute('data-ms')))
      await page.close()
    }
    return times
  } finally {
    await browser.close()
    await new Promise((r) => server.httpServer.close(r))
  }
}

try {
  const times = await backtestMs()
  const sorted = [...times].sort((a, b) => a - b)
  const median = Math.round(sorted[Math.floor(sorted.length / 2)])
  console.log(`  default 611-day backtest in the page: ${times.map((t) => Math.round(t)).join(', ')} ms`)
  record('default 611-day backtest in the page (median of 3)', median, BACKTEST_LIMIT_MS, 'ms')
} catch (e) {
  console.log(`FAIL - demo budget: default backtest in the page: ${e?.message ?? e}`)
  results.push({
    name: 'default 611-day backtest in the page',
    passed: false,
    value: null,
    limit: BACKTEST_LIMIT_MS,
    unit: 'ms',
  })
}

if (resultsFile) writeFileSync(resultsFile, JSON.stringify(results, null, 2))
process.exitCode = results.every((r) => r.passed) ? 0 : 1
