/**
 * Reading price files (Node only): the shipped history's folder, {@link loadPriceHistory} with its
 * cache, and a readability check. The browser build of `@rebalancer/sim` (`dist/browser.js`, the
 * `browser` export condition) replaces this module with `prices-file.browser.ts`, whose functions
 * throw: in a page, fetch the CSV and pass `parsePriceCsv`'s history as `options.history`.
 */
import { accessSync, constants, readFileSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import { PriceHistoryError, SimulationError } from './errors.js'
import { type PriceHistory, type PriceResolution, parsePriceCsv } from './prices.js'

/** Options of {@link loadPriceHistory}. */
export interface LoadPriceHistoryOptions {
  /**
   * Folder of the price files. Default {@link defaultPriceDir}. With `file`, a relative `file` is
   * resolved against it (without `dir`: against the working directory).
   */
  dir?: string
  /**
   * A CSV file (optionally gzip-compressed) with a header `TIME,SYM1,SYM2,…` (see
   * {@link parsePriceCsv}). Default: the combined `prices-hourly.csv` / `prices-daily.csv` of `dir`.
   */
  file?: string
  /**
   * Without `file`: which combined file to load (default `'hourly'`). With `file`: the candle length
   * of an `open_time_utc` column (default `'hourly'`); a `date` column is always daily.
   */
  resolution?: PriceResolution
}

/**
 * The folder of the price history shipped with the package (`data/prices`). Resolved from this
 * module's location, so it works from `src/` (tests) and from `dist/` (the built package), both of
 * which sit next to `data/`.
 */
export function defaultPriceDir(): string {
  return resolve(moduleDir(), '..', 'data', 'prices')
}

function moduleDir(): string {
  // ESM (src under vitest, dist/index.js): import.meta.url. The CJS build (dist/index.cjs) has no
  // import.meta (esbuild leaves an empty object), but has __dirname.
  const url = (import.meta as { url?: string }).url
  if (typeof url === 'string' && url !== '') return dirname(fileURLToPath(url))
  if (typeof __dirname === 'string') return __dirname
  throw new SimulationError(
    'package_folder_unknown',
    '@rebalancer/sim: cannot locate the package folder (no import.meta.url nor __dirname)',
  )
}

/**
 * Loads a price history from CSV.
 *
 * - Default: the shipped combined `prices-hourly.csv` (`open_time_utc,BTC,ETH,ATOM,OSMO,NTRN,USDC`;
 *   a row's time is the candle open, so its close is known at open + 3 600 s).
 * - `resolution: 'daily'`: the shipped `prices-daily.csv` (`date,…`; the close of day D is known
 *   at D+1 00:00 UTC).
 * - `file`: any CSV of that form; see {@link parsePriceCsv} for the accepted time columns.
 *   gzip files (`*.csv.gz`) are decompressed.
 *
 * A file read before and unchanged since (same size and modification time) is not read again:
 * the same (immutable) history is returned, so a sweep of backtests parses its prices once.
 *
 * @throws PriceHistoryError naming the file, line and column for a bad header, value or time order.
 */
export function loadPriceHistory(opts: LoadPriceHistoryOptions = {}): PriceHistory {
  const resolution = opts.resolution
  let path: string
  if (opts.file !== undefined) {
    path = resolve(opts.dir ?? process.cwd(), opts.file)
  } else {
    path = resolve(opts.dir ?? defaultPriceDir(), `prices-${resolution ?? 'hourly'}.csv`)
  }
  const key = `${path}\n${resolution ?? ''}`
  const stamp = fileStamp(path)
  const known = LOADED.get(key)
  if (known !== undefined && stamp !== undefined && known.stamp === stamp) return known.history
  let bytes: Buffer
  try {
    bytes = readFileSync(path)
  } catch (e) {
    throw new PriceHistoryError(
      'unreadable_prices',
      `price history ${path}: cannot read: ${(e as Error).message}`,
    )
  }
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes)
    } catch (e) {
      throw new PriceHistoryError(
        'invalid_gzip',
        `price history ${path}: invalid gzip data: ${(e as Error).message}`,
      )
    }
  }
  const history = parsePriceCsv(
    bytes.toString('utf8'),
    resolution === undefined ? { name: path } : { name: path, resolution },
  )
  if (stamp !== undefined) {
    LOADED.delete(key)
    if (LOADED.size >= LOADED_MAX) LOADED.delete(LOADED.keys().next().value!)
    LOADED.set(key, { stamp, history })
  }
  return history
}

/** Histories {@link loadPriceHistory} read, by path and resolution, with the file's size and mtime. */
const LOADED = new Map<string, { stamp: string; history: PriceHistory }>()
/** How many files {@link LOADED} keeps (the least recently loaded goes first). */
const LOADED_MAX = 4

/** The file's size and modification time (ns), or undefined when it cannot be read. */
function fileStamp(path: string): string | undefined {
  try {
    const st = statSync(path, { bigint: true })
    return `${st.size}/${st.mtimeNs}`
  } catch {
    return undefined
  }
}

/**
 * Why `path` cannot be read (`ENOENT`, `EACCES`, …), or undefined when it can.
 */
export function unreadableReason(path: string): string | undefined {
  try {
    accessSync(path, constants.R_OK)
    return undefined
  } catch (e) {
    return (e as NodeJS.ErrnoException).code ?? 'read error'
  }
}

/**
 * A scenario's `prices` path made absolute: against the folder of the scenario `file`, else `dir`,
 * else the working directory.
 */
export function resolvePricePath(prices: string, file?: string, dir?: string): string {
  const base = file !== undefined ? dirname(resolve(file)) : (dir ?? process.cwd())
  return resolve(base, prices)
}
