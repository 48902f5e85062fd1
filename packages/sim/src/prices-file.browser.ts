/**
 * The browser build's stand-in for `prices-file.ts` (tsup swaps it in for `dist/browser.js`): a
 * page has no files, so reading one fails with a clear error, and a scenario's `prices` name is
 * kept as written. In a page, fetch the CSV, read it with `parsePriceCsv` and pass the history
 * as `options.history` (`prepareSimulation`, `backtestJobs`, `runBacktestJob`, `compareStrategies`).
 */
import { SimulationError } from './errors.js'
import type { PriceHistory, PriceResolution } from './prices.js'

/** Options of {@link loadPriceHistory} (as in Node; a browser cannot use them). */
export interface LoadPriceHistoryOptions {
  dir?: string
  file?: string
  resolution?: PriceResolution
}

function noFiles(what: string): never {
  throw new SimulationError(
    'no_file_access',
    `${what} reads a file, which a browser cannot: fetch the price CSV, read it with parsePriceCsv and pass it as options.history`,
  )
}

/** @throws SimulationError `no_file_access`: there is no package folder in a browser. */
export function defaultPriceDir(): string {
  return noFiles('defaultPriceDir')
}

/** @throws SimulationError `no_file_access`: a browser has no files. */
export function loadPriceHistory(_opts: LoadPriceHistoryOptions = {}): PriceHistory {
  return noFiles('loading a price history')
}

/** Always `'no file access in a browser'`: nothing can be read from files there. */
export function unreadableReason(_path: string): string | undefined {
  return 'no file access in a browser'
}

/** The name as written: a browser has no working directory. */
export function resolvePricePath(prices: string, _file?: string, _dir?: string): string {
  return prices
}
