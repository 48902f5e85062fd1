import { Dec } from '@rebalancer/types'
import { PriceHistoryError } from './errors.js'

/** Candle length of a price file: `'hourly'` = 3 600 s, `'daily'` = 86 400 s. */
export type PriceResolution = 'hourly' | 'daily'

/** Seconds in one candle of each {@link PriceResolution}. */
export const CANDLE_SECONDS: Readonly<Record<PriceResolution, number>> = { hourly: 3_600, daily: 86_400 }

/** One known price: `price` USD per whole token, known from `time` (unix seconds) on. */
export interface PricePoint {
  /** Unix seconds at which this close becomes known. */
  time: number
  /** USD (USDT) per whole token. */
  price: Dec
}

/**
 * Real USD prices of a set of symbols over time, as a step function of time with no look-ahead:
 * at time `t` the price is the latest close known at or before `t`.
 */
export interface PriceHistory {
  /** Symbols in file column order (`BTC`, `ETH`, `ATOM`, `OSMO`, `NTRN`, `USDC` for the shipped files). */
  readonly symbols: readonly string[]
  /** Unix seconds: the first time at which every symbol has a known close. */
  readonly start: number
  /** Unix seconds: the last time a close is known for every symbol (min over symbols of their last close). */
  readonly end: number
  /**
   * USD per whole token of `symbol` at unix second `time`: the latest close known at or before `time`.
   * After a symbol's last close, that close stays the price (compare with {@link PriceHistory.end}).
   * @throws PriceHistoryError (`unknown_symbol`, `invalid_time`, `no_price_yet`) naming the symbol and time when the symbol is unknown, or `time` is before
   *   the symbol's first close or not finite.
   */
  priceUsd(symbol: string, time: number): Dec
  /**
   * Unix seconds `t` with `fromTime < t ≤ toTime` at which a new close becomes known for any of
   * `symbols` (default: all), ascending and without duplicates. Between two consecutive points every
   * price is constant. A point may carry a close equal to the previous one.
   */
  changePoints(fromTime: number, toTime: number, symbols?: readonly string[]): number[]
}

/** Options of {@link parsePriceCsv}. */
export interface ParsePriceCsvOptions {
  /** Name used in error messages and for the symbol of a single `close` column (`NTRN-USDT.daily.csv`). */
  name: string
  /** Candle length of an `open_time_utc` / `open_time` column (default `'hourly'`). */
  resolution?: PriceResolution
}

type TimeKind = 'date' | 'open' | 'instant'

const TIME_COLUMNS: Readonly<Record<string, TimeKind>> = {
  date: 'date',
  open_time_utc: 'open',
  open_time: 'open',
  time_utc: 'instant',
  time: 'instant',
}

/**
 * Parses price CSV text. The header is a time column followed by one column per symbol (USD per
 * whole token). Time columns (name case-insensitive):
 *
 * - `date`: `YYYY-MM-DD`, the close of that UTC day, known at D+1 00:00 UTC;
 * - `open_time_utc` / `open_time`: candle open, `YYYY-MM-DDTHH:MM[:SS]Z` (the `Z` or `+00:00` may be
 *   left out: the times are UTC) or integer unix seconds; the close is known one candle later
 *   (`resolution`, default hourly);
 * - `time_utc` / `time`: the instant the price is known, same formats.
 *
 * A single value column named `close` (the per-symbol files `NTRN-USDT.hourly.csv.gz`) takes its
 * symbol from the file name (`NTRN`). Every value must be a positive decimal (digits, optional
 * fraction, optional exponent); times must be strictly increasing; an empty line is only allowed at
 * the end.
 *
 * @throws PriceHistoryError naming `opts.name`, the line and the column of the first problem.
 */
export function parsePriceCsv(text: string, opts: ParsePriceCsvOptions): PriceHistory {
  const name = opts.name
  const fail = (line: number, column: string | null, msg: string): never => {
    throw new PriceHistoryError(
      'invalid_csv',
      `${name}:${line}${column === null ? '' : ` column ${column}`}: ${msg}`,
    )
  }
  const lines = text.split(/\r?\n/)
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop()
  if (lines.length === 0) fail(1, null, 'empty file: expected a header like "open_time_utc,BTC,ETH"')
  const header = lines[0]!
    .replace(/^\uFEFF/, '')
    .split(',')
    .map((h) => h.trim())
  const timeName = header[0]!.toLowerCase()
  const kind = TIME_COLUMNS[timeName]
  if (kind === undefined) {
    fail(
      1,
      `1 (${header[0]})`,
      `unknown time column "${header[0]}": expected one of ${Object.keys(TIME_COLUMNS).join(', ')}`,
    )
  }
  if (header.length < 2) fail(1, null, 'header has no symbol column after the time column')
  if (kind === 'date' && opts.resolution === 'hourly') {
    fail(1, `1 (${header[0]})`, 'a "date" column holds daily closes, but resolution "hourly" was asked for')
  }
  let symbols = header.slice(1)
  if (symbols.length === 1 && symbols[0]!.toLowerCase() === 'close') {
    const m = /^([A-Za-z0-9]+)-USDT?\b/i.exec(
      name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1),
    )
    if (!m)
      fail(
        1,
        '2 (close)',
        'a single "close" column needs the symbol in the file name, like NTRN-USDT.daily.csv',
      )
    symbols = [m![1]!.toUpperCase()]
  }
  const seen = new Set<string>()
  symbols.forEach((s, i) => {
    const col = `${i + 2} (${s})`
    if (!/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(s)) fail(1, col, `invalid symbol "${s}"`)
    if (seen.has(s)) fail(1, col, `duplicate symbol "${s}"`)
    seen.add(s)
  })
  const offset =
    kind === 'date' ? CANDLE_SECONDS.daily : kind === 'open' ? CANDLE_SECONDS[opts.resolution ?? 'hourly'] : 0
  const rows = lines.length - 1
  const times: number[] = new Array(rows)
  const values: Dec[][] = symbols.map(() => new Array<Dec>(rows))
  let prev = Number.NEGATIVE_INFINITY
  for (let r = 0; r < rows; r++) {
    const lineNo = r + 2
    const line = lines[r + 1]!
    if (line.trim() === '') fail(lineNo, null, 'empty line')
    const cells = line.split(',')
    if (cells.length !== header.length) {
      fail(lineNo, null, `expected ${header.length} values, got ${cells.length}`)
    }
    const timeCell = cells[0]!.trim()
    const t = kind === 'date' ? parseDate(timeCell) : parseTime(timeCell)
    if (t === null) {
      fail(
        lineNo,
        `1 (${header[0]})`,
        `invalid ${kind === 'date' ? 'date' : 'time'} "${timeCell}": expected ${kind === 'date' ? 'YYYY-MM-DD' : 'YYYY-MM-DDTHH:MM:SSZ or unix seconds'}`,
      )
    }
    const known = t! + offset
    if (!(known > prev)) fail(lineNo, `1 (${header[0]})`, `time "${timeCell}" is not after the previous row`)
    prev = known
    times[r] = known
    for (let c = 0; c < symbols.length; c++) {
      const cell = cells[c + 1]!.trim()
      const v = parsePositive(cell)
      if (typeof v === 'string') fail(lineNo, `${c + 2} (${symbols[c]})`, `"${cell}" ${v}`)
      values[c]![r] = v as Dec
    }
  }
  if (rows === 0) fail(1, null, 'no data rows after the header')
  const series = new Map<string, Series>()
  symbols.forEach((s, c) => {
    series.set(s, { times, prices: values[c]! })
  })
  return new SeriesHistory(symbols, series)
}

/**
 * A {@link PriceHistory} from in-memory series (synthetic markets, tests): per symbol, the times
 * (unix seconds, strictly increasing) at which each close (USD per whole token, positive) becomes known.
 * @throws PriceHistoryError `invalid_history` for an empty series, unordered or non-finite times, or a non-positive price.
 */
export function priceHistoryFrom(series: Readonly<Record<string, readonly PricePoint[]>>): PriceHistory {
  const symbols = Object.keys(series)
  if (symbols.length === 0) throw new PriceHistoryError('invalid_history', 'priceHistoryFrom: no symbols')
  const map = new Map<string, Series>()
  for (const s of symbols) {
    const points = series[s]!
    if (points.length === 0)
      throw new PriceHistoryError('invalid_history', `priceHistoryFrom: ${s} has no prices`)
    const times: number[] = []
    const prices: Dec[] = []
    let prev = Number.NEGATIVE_INFINITY
    for (const [i, p] of points.entries()) {
      if (!Number.isFinite(p.time) || !(p.time > prev)) {
        throw new PriceHistoryError(
          'invalid_history',
          `priceHistoryFrom: ${s}[${i}] time ${p.time} is not finite and after the previous`,
        )
      }
      if (!p.price.isPositive())
        throw new PriceHistoryError(
          'invalid_history',
          `priceHistoryFrom: ${s}[${i}] price ${p.price} is not positive`,
        )
      prev = p.time
      times.push(p.time)
      prices.push(p.price)
    }
    map.set(s, { times, prices })
  }
  return new SeriesHistory(symbols, map)
}

interface Series {
  /** Unix seconds at which each close is known, strictly increasing (may be shared between symbols). */
  readonly times: readonly number[]
  readonly prices: readonly Dec[]
}

class SeriesHistory implements PriceHistory {
  readonly symbols: readonly string[]
  readonly start: number
  readonly end: number
  private readonly series: ReadonlyMap<string, Series>
  /** Union of all series' times, ascending, unique. */
  private readonly allTimes: readonly number[]

  constructor(symbols: readonly string[], series: ReadonlyMap<string, Series>) {
    this.symbols = Object.freeze([...symbols])
    this.series = series
    let start = Number.NEGATIVE_INFINITY
    let end = Number.POSITIVE_INFINITY
    const distinct = new Set<readonly number[]>()
    for (const s of series.values()) {
      start = Math.max(start, s.times[0]!)
      end = Math.min(end, s.times[s.times.length - 1]!)
      distinct.add(s.times)
    }
    this.start = start
    this.end = end
    this.allTimes = distinct.size === 1 ? [...distinct][0]! : mergeUnique([...distinct])
  }

  priceUsd(symbol: string, time: number): Dec {
    const s = this.series.get(symbol)
    if (s === undefined) {
      throw new PriceHistoryError(
        'unknown_symbol',
        `no price history for symbol "${symbol}" (known: ${this.symbols.join(', ')})`,
      )
    }
    if (!Number.isFinite(time))
      throw new PriceHistoryError('invalid_time', `price of ${symbol}: time ${time} is not finite`)
    const i = lastAtOrBefore(s.times, time)
    if (i < 0) {
      throw new PriceHistoryError(
        'no_price_yet',
        `no price of ${symbol} at ${describeTime(time)}: its first close is known at ${describeTime(s.times[0]!)}`,
      )
    }
    return s.prices[i]!
  }

  changePoints(fromTime: number, toTime: number, symbols?: readonly string[]): number[] {
    if (!(toTime > fromTime)) return []
    if (symbols === undefined) return sliceRange(this.allTimes, fromTime, toTime)
    const lists = new Set<readonly number[]>()
    for (const sym of symbols) {
      const s = this.series.get(sym)
      if (s === undefined)
        throw new PriceHistoryError(
          'unknown_symbol',
          `no price history for symbol "${sym}" (known: ${this.symbols.join(', ')})`,
        )
      lists.add(s.times)
    }
    const slices = [...lists].map((t) => sliceRange(t, fromTime, toTime))
    return slices.length === 1 ? slices[0]! : mergeUnique(slices)
  }
}

/** Index of the last element ≤ x in an ascending array, or -1. */
function lastAtOrBefore(arr: readonly number[], x: number): number {
  let lo = 0
  let hi = arr.length // answer in [lo - 1, hi - 1]
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (arr[mid]! <= x) lo = mid + 1
    else hi = mid
  }
  return lo - 1
}

/** Elements t of an ascending array with from < t ≤ to. */
function sliceRange(arr: readonly number[], from: number, to: number): number[] {
  return arr.slice(lastAtOrBefore(arr, from) + 1, lastAtOrBefore(arr, to) + 1)
}

function mergeUnique(lists: readonly (readonly number[])[]): number[] {
  const all = lists.flat().sort((a, b) => a - b)
  const out: number[] = []
  for (const t of all) if (out.length === 0 || out[out.length - 1] !== t) out.push(t)
  return out
}

function describeTime(t: number): string {
  const iso = Number.isFinite(t) && Math.abs(t) < 8.64e12 ? ` (${new Date(t * 1000).toISOString()})` : ''
  return `${t}${iso}`
}

const PLAIN_DECIMAL = /^\d+(?:\.\d{1,18})?$/
const DECIMAL_WITH_EXPONENT = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/

/** A positive Dec, or the reason the text is not one. */
function parsePositive(cell: string): Dec | string {
  let v: Dec
  if (PLAIN_DECIMAL.test(cell)) v = Dec.parse(cell)
  else if (DECIMAL_WITH_EXPONENT.test(cell)) v = Dec.fromDecimalString(cell)
  else return cell === '' ? 'is empty: expected a positive decimal' : 'is not a decimal number'
  return v.isPositive() ? v : 'is not positive (at 18 decimal places)'
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:Z|\+00:?00)?$/

/** Unix seconds of a `YYYY-MM-DD` at 00:00 UTC, or null. */
function parseDate(text: string): number | null {
  const m = DATE.exec(text)
  return m ? utcSeconds(+m[1]!, +m[2]!, +m[3]!, 0, 0, 0) : null
}

/** Unix seconds of an ISO UTC date-time or an integer, or null. */
function parseTime(text: string): number | null {
  if (/^-?\d+$/.test(text)) {
    const n = Number(text)
    return Number.isSafeInteger(n) ? n : null
  }
  const m = DATE_TIME.exec(text)
  return m ? utcSeconds(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, m[6] === undefined ? 0 : +m[6]) : null
}

function utcSeconds(y: number, mo: number, d: number, h: number, mi: number, s: number): number | null {
  if (y < 1970 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null
  const ms = Date.UTC(y, mo - 1, d, h, mi, s)
  if (new Date(ms).getUTCDate() !== d) return null // 2023-02-30
  return ms / 1000
}
