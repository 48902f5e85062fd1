/**
 * The simulator's browser build (issue #13): `dist/browser.js`, which bundlers get through the
 * `browser` condition of `@rebalancer/sim`, is the same API as the Node entry with the file
 * reading module swapped out. It must bundle for `platform: 'browser'` with no Node built-in in
 * it or its dependencies, say what to do when asked to read a file, and give the same report as
 * the Node entry for the same history.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { DEFAULT_SCENARIO } from '@rebalancer/types'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'
import * as nodeSim from '../src/index.js'

const browserJs = fileURLToPath(new URL('../dist/browser.js', import.meta.url))
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))

/** The run without its wall-clock fields. */
const timeless = (r: { started: string; ended: string }) => ({ ...r, started: '', ended: '' })

describe('the browser build of @rebalancer/sim', () => {
  it('is what the browser condition of "." points at', () => {
    expect(pkg.exports['.'].browser.default).toBe('./dist/browser.js')
    expect(Object.keys(pkg.exports['.'])[0]).toBe('browser')
  })

  it('bundles for the browser without Node built-ins', async () => {
    const out = await build({
      entryPoints: [browserJs],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      target: 'es2022',
      write: false,
      metafile: true,
      logLevel: 'silent',
    })
    const inputs = Object.keys(out.metafile.inputs)
    expect(inputs.some((f) => f.endsWith('sim/dist/browser.js'))).toBe(true)
    expect(inputs.filter((f) => f.startsWith('node:') || /^(fs|path|url|zlib|module)$/.test(f))).toEqual([])
  })

  it('refuses to read a file, saying to pass a history', async () => {
    const sim: typeof nodeSim = await import(browserJs)
    expect(() => sim.prepareSimulation(DEFAULT_SCENARIO)).toThrow(/parsePriceCsv.*options\.history/)
    expect(() => sim.loadPriceHistory()).toThrow(expect.objectContaining({ code: 'no_file_access' }))
    expect(() => sim.prepareSimulation({ ...DEFAULT_SCENARIO, prices: 'prices.csv' })).toThrow(
      /prices: cannot read the price file/,
    )
  })

  it('runs a scenario on a given history as the Node entry does', async () => {
    const sim: typeof nodeSim = await import(browserJs)
    const csv = readFileSync(new URL('../data/prices/prices-hourly.csv', import.meta.url), 'utf8')
    const history = sim.parsePriceCsv(csv, { name: 'prices-hourly.csv' })
    const scenario = { ...DEFAULT_SCENARIO, end: '2023-10-25' }
    const inPage = await sim.runFast(sim.prepareSimulation(scenario, { history }))
    const inNode = await nodeSim.runFast(nodeSim.prepareSimulation(scenario))
    expect(inPage.cycles_run).toBe(15)
    expect(timeless(inPage)).toEqual(timeless(inNode))
  })
})
