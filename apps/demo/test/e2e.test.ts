/**
 * The demo site end to end in real Chromium (issue #13): the built site (`apps/demo/dist`, served
 * with Vite's preview server), configured, backtested over 90 days, its charts drawn, reloaded from
 * its URL, and shown at a phone's width; an auction of the run scrubbed block by block; the exported
 * proposal checked with the wire schemas. Any console error or warning fails the test.
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseTreasuryProposalDocument } from '@rebalancer/adapters'
import { loadPriceHistory, prepareSimulation, runFast } from '@rebalancer/sim'
import { DEFAULT_SCENARIO } from '@rebalancer/types'
import { chromium } from 'playwright-core'
import { preview } from 'vite'
import { describe, expect, it } from 'vitest'

const CHROMIUM = '/usr/bin/chromium'
const root = fileURLToPath(new URL('..', import.meta.url))
const dist = fileURLToPath(new URL('../dist/index.html', import.meta.url))
const history = loadPriceHistory()

describe('the demo site in Chromium', () => {
  it.runIf(existsSync(CHROMIUM))(
    'configures, runs a 90-day backtest, draws its charts and comes back from its URL',
    async () => {
      // pnpm test builds the site first; a missing build is a failure, not a skip
      expect(existsSync(dist), `${dist} is missing: run pnpm demo:build first`).toBe(true)
      const server = await preview({
        root,
        logLevel: 'silent',
        preview: { port: 0, host: '127.0.0.1', open: false },
      })
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu'],
      })
      try {
        const url = server.resolvedUrls?.local[0]
        expect(url).toBeTruthy()
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
        const console: string[] = []
        page.on('console', (m) => {
          if (m.type() === 'error' || m.type() === 'warning') console.push(`${m.type()}: ${m.text()}`)
        })
        page.on('pageerror', (e) => console.push(`pageerror: ${e.message}`))
        await page.goto(url!)

        // the tabs by keyboard: arrow keys move the selection and the focus
        await page.getByRole('tab', { name: 'Configure' }).focus()
        await page.keyboard.press('ArrowRight')
        await expect(page.getByRole('tab', { name: 'Project' }).getAttribute('aria-selected')).resolves.toBe(
          'true',
        )
        expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-project')
        await page.keyboard.press('ArrowLeft')
        await expect(
          page.getByRole('tab', { name: 'Configure' }).getAttribute('aria-selected'),
        ).resolves.toBe('true')

        // configure: a weight edited shows the live sum check, then an inline error naming the field
        const ntrn = page.getByLabel('Target 1 weight (bps)').first()
        await expect(ntrn.inputValue()).resolves.toBe('9000')
        await ntrn.fill('8000')
        await expect(page.getByTestId('weight-sum-0').textContent()).resolves.toMatch(
          /9000 bps .* must be 10000/,
        )
        await page.getByLabel('Target 2 weight (bps)').first().fill('2000')
        await expect(page.getByTestId('weight-sum-0').textContent()).resolves.toMatch(/10000 bps .*✓/)
        const cap = page.getByLabel(/Per-cycle cap/).first()
        await cap.fill('0')
        const capError = page.locator('#f-accounts-0-max_limit_bps-error')
        await capError.waitFor()
        await expect(capError.textContent()).resolves.toMatch(/1\.\.=10000/)
        await expect(cap.getAttribute('aria-invalid')).resolves.toBe('true')
        await cap.fill('500')
        await capError.waitFor({ state: 'detached' })

        // a period beyond the price history: the worker's check, shown at the field
        await page.getByLabel('Last day', { exact: true }).fill('2030-01-01')
        const endError = page.locator('#f-end-error')
        await endError.waitFor({ timeout: 30_000 })
        await expect(endError.textContent()).resolves.toMatch(/2030-01-01 is after the last price/)
        await page.getByLabel('Last day', { exact: true }).fill('2025-06-12')
        await endError.waitFor({ state: 'detached', timeout: 30_000 })

        // a speed wish is tuned by the worker: its gain and cap are shown
        await page.getByLabel('Speed given as').nth(1).selectOption('wish')
        await page.getByTestId('tuned-1').waitFor({ timeout: 30_000 })
        await expect(page.getByTestId('tuned-1').textContent()).resolves.toMatch(
          /Tuned: p = [\d.]+, cap \d+ bps/,
        )

        // backtest over 90 days
        await page.getByRole('tab', { name: 'Backtest' }).click()
        await page.getByLabel('Period start').fill('2024-01-01')
        await page.getByLabel('Period end').fill('2024-03-30')
        await page.getByTestId('run-backtest').click()
        const done = page.getByTestId('backtest-done')
        await done.waitFor({ timeout: 60_000 })
        expect(Number(await done.getAttribute('data-ms'))).toBeGreaterThan(0)
        await expect(done.textContent()).resolves.toMatch(/90 days/)
        // results of an earlier configuration say so: gone again when it is back
        const stale = page.locator('#panel-backtest [data-testid="stale-note"]')
        expect(await stale.count()).toBe(0)
        await page.getByLabel('Period end').fill('2024-03-29')
        await stale.waitFor()
        await page.getByLabel('Period end').fill('2024-03-30')
        await stale.waitFor({ state: 'detached' })
        const charts = page.locator('[data-testid^="chart-"] canvas')
        expect(await charts.count()).toBeGreaterThanOrEqual(5)
        // every canvas has pixels drawn
        const drawn = await charts.evaluateAll((canvases) =>
          canvases.map((c) => {
            const canvas = c as HTMLCanvasElement
            const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data
            let ink = 0
            for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) ink++
            return ink
          }),
        )
        for (const ink of drawn) expect(ink).toBeGreaterThan(100)

        // the phone's width with results on the page: once the charts have resized to it, nothing
        // scrolls sideways (tables scroll in their own box)
        await page.setViewportSize({ width: 360, height: 740 })
        await page
          .waitForFunction(() => document.documentElement.scrollWidth <= window.innerWidth, undefined, {
            timeout: 5_000,
          })
          .catch(() => undefined)
        expect(
          await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
        ).toBeLessThanOrEqual(0)
        await page.setViewportSize({ width: 1280, height: 900 })

        // watch an auction of this run: scrub its window block by block
        await page.getByRole('tab', { name: 'Auction' }).click()
        const panel = page.getByTestId('auction-panel')
        const cycles = panel.getByLabel('Cycle')
        expect(await cycles.locator('option').count()).toBeGreaterThan(0)
        await cycles.selectOption({ index: 1 })
        // the replay of the cycle picked (not the one shown before) is on screen
        const picked = await cycles.inputValue()
        await panel
          .locator(`[data-testid="auction-replay"][data-cycle="${picked}"][data-auction="0"]`)
          .waitFor({ timeout: 30_000 })
        const block = panel.getByLabel('Block')
        const remainingAtStart = await panel.getByTestId('auction-remaining').textContent()
        const priceAtStart = await panel.getByTestId('auction-price').textContent()
        await block.focus()
        await page.keyboard.press('ArrowRight')
        await page.keyboard.press('ArrowRight')
        await expect(block.inputValue()).resolves.toBe('2')
        // the price descends as blocks pass
        expect(await panel.getByTestId('auction-price').textContent()).not.toBe(priceAtStart)
        await panel.getByRole('button', { name: 'Go to end' }).click()
        await expect(block.inputValue()).resolves.toBe(await block.getAttribute('max'))
        // by the end the makers bought: less is left for sale, and every seller has a payout row
        expect(await panel.getByTestId('auction-remaining').textContent()).not.toBe(remainingAtStart)
        expect(await panel.locator('table').last().locator('tbody tr').count()).toBeGreaterThan(0)
        expect(await panel.locator('[data-testid^="chart-"] canvas, canvas').count()).toBeGreaterThan(0)

        // export: the proposal JSON shown is a valid treasury proposal document, every message of it
        // checked with our wire schemas
        await page.getByRole('tab', { name: 'Export' }).click()
        const json = page.getByTestId('export-json')
        await json.waitFor({ timeout: 30_000 })
        const doc = parseTreasuryProposalDocument(await json.textContent())
        expect(doc.action).toBe('create')
        expect(JSON.stringify(doc.account_msgs)).toMatch(/MsgInstantiateContract2/)
        // the second message registers the predicted account: its msg (base64 JSON) is register_to_service
        const register = (
          doc.account_msgs[1] as { wasm: { execute: { contract_addr: string; msg: string } } }
        ).wasm.execute
        expect(register.contract_addr).toBe(doc.account)
        expect(Object.keys(JSON.parse(Buffer.from(register.msg, 'base64').toString('utf8')))).toEqual([
          'register_to_service',
        ])
        await expect(page.getByTestId('export-download').isEnabled()).resolves.toBe(true)
        expect(await page.getByTestId('export-trigger-note').count()).toBe(0)
        // an account with a trigger: neutron-1's rebalancer cannot take it, and the panel says so
        await page.getByRole('tab', { name: 'Configure' }).click()
        await page.getByLabel('Rebalance').first().selectOption('five25')
        await page.getByRole('tab', { name: 'Export' }).click()
        await page.getByTestId('export-trigger-note').waitFor({ timeout: 30_000 })
        await page.getByRole('tab', { name: 'Configure' }).click()
        await page.getByLabel('Rebalance').first().selectOption('none')
        await page.getByRole('tab', { name: 'Export' }).click()
        await page.getByTestId('export-trigger-note').waitFor({ state: 'detached', timeout: 30_000 })
        // the export's choices are part of the link: a pause through Polytone comes back after a reload
        await page.getByLabel('Action').selectOption('pause')
        await page.getByLabel('How the DAO reaches Neutron').selectOption('polytone')
        const pauseDoc = parseTreasuryProposalDocument(await json.textContent())
        expect([pauseDoc.action, pauseDoc.route]).toEqual(['pause', 'polytone'])
        const exportLink = page.url()
        await page.goto('about:blank')
        await page.goto(exportLink)
        await page.getByTestId('export-json').waitFor({ timeout: 30_000 })
        const restored = parseTreasuryProposalDocument(await page.getByTestId('export-json').textContent())
        expect([restored.action, restored.route]).toEqual(['pause', 'polytone'])
        expect(restored.proposal).toEqual(pauseDoc.proposal)

        // project: the weights at constant prices and the next cycle's trades
        await page.getByRole('tab', { name: 'Project' }).click()
        await page.getByTestId('run-project').click()
        await page.getByTestId('chart-projection-account-0').waitFor({ timeout: 60_000 })
        await expect(page.locator('#panel-project').textContent()).resolves.toMatch(/untrn.*uusdc/)

        // compare the selected strategies: one table per account, the best of each column marked
        await page.getByRole('tab', { name: 'Compare' }).click()
        await page.getByTestId('run-compare').click()
        const table = page.getByTestId('compare-table-0')
        await table.waitFor({ timeout: 60_000 })
        expect(await table.locator('tbody tr').count()).toBe(2 + 3)
        expect(await table.locator('td.best').count()).toBeGreaterThan(0)

        // open a report written by the keeper (the same RunReport JSON), and refuse one that is not
        await page.getByRole('tab', { name: 'Report' }).click()
        const report = await runFast(
          prepareSimulation({ ...DEFAULT_SCENARIO, end: '2023-11-09' }, { history }),
        )
        await page.setInputFiles('#report-file', {
          name: 'report.json',
          mimeType: 'application/json',
          buffer: Buffer.from(JSON.stringify(report)),
        })
        await page.getByTestId('report-loaded').waitFor({ timeout: 60_000 })
        expect(await page.locator('#panel-report [data-testid^="chart-"]').count()).toBeGreaterThanOrEqual(5)
        await page.setInputFiles('#report-file', {
          name: 'bad.json',
          mimeType: 'application/json',
          buffer: Buffer.from(JSON.stringify({ ...report, version: 3 })),
        })
        await expect(page.locator('#panel-report .error-box').textContent()).resolves.toMatch(
          /bad\.json is not a run report.*\n.*version/,
        )
        await page.getByRole('tab', { name: 'Backtest' }).click()

        // the URL carries the configuration: a reload brings it back
        const link = page.url()
        expect(link).toMatch(/#s=/)
        await page.goto('about:blank')
        await page.goto(link)
        await expect(page.getByRole('tab', { name: 'Backtest' }).getAttribute('aria-selected')).resolves.toBe(
          'true',
        )
        await expect(page.getByLabel('Period start').inputValue()).resolves.toBe('2024-01-01')
        await expect(page.getByLabel('Period end').inputValue()).resolves.toBe('2024-03-30')
        await page.getByRole('tab', { name: 'Configure' }).click()
        await expect(page.getByLabel('Target 1 weight (bps)').first().inputValue()).resolves.toBe('8000')
        await expect(
          page
            .getByLabel(/Per-cycle cap/)
            .first()
            .inputValue(),
        ).resolves.toBe('500')

        // a bad link says so and falls back to the default
        await page.goto('about:blank')
        await page.goto(`${url}#s=not-a-state!`)
        await expect(page.getByTestId('url-warning').textContent()).resolves.toMatch(
          /not base64url-encoded JSON/,
        )
        await expect(page.getByLabel('Target 1 weight (bps)').first().inputValue()).resolves.toBe('9000')

        // a phone's width: nothing scrolls sideways
        await page.setViewportSize({ width: 360, height: 740 })
        await page.goto('about:blank')
        await page.goto(link)
        await page.getByRole('tab', { name: 'Configure' }).click()
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
        expect(overflow).toBeLessThanOrEqual(0)

        expect(console).toEqual([])
      } finally {
        await browser.close()
        await new Promise<void>((resolve, reject) =>
          server.httpServer.close((e) => (e ? reject(e) : resolve())),
        )
      }
    },
    120_000,
  )
})
