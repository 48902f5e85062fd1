import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { Dec } from '@rebalancer/types'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_DENOMS, MarketFeed } from '../src/market.js'
import { type PriceHistory, parsePriceCsv, priceHistoryFrom } from '../src/prices.js'
import { defaultPriceDir, loadPriceHistory } from '../src/prices-file.js'

/** Unix seconds of an ISO time. */
const t = (iso: string): number => Date.parse(iso) / 1000
const d = (s: string): Dec => Dec.parse(s)

let hourly: PriceHistory
let daily: PriceHistory
let tmp: string

beforeAll(() => {
  hourly = loadPriceHistory()
  daily = loadPriceHistory({ resolution: 'daily' })
  tmp = mkdtempSync(join(tmpdir(), 'sim-prices-'))
})
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true })
})

function writeCsv(name: string, text: string): string {
  const f = join(tmp, name)
  writeFileSync(f, text)
  return f
}

describe('loadPriceHistory: a file is parsed once while it is unchanged (sweeps)', () => {
  it('returns the same history for the same unchanged file, by path and resolution', () => {
    expect(loadPriceHistory()).toBe(hourly)
    expect(loadPriceHistory({ resolution: 'daily' })).toBe(daily)
    expect(
      loadPriceHistory({ dir: defaultPriceDir(), file: 'prices-hourly.csv', resolution: 'daily' }),
    ).not.toBe(hourly)
  })

  it('reads the file again once it changed, even with the same size and an old modification time', () => {
    const f = writeCsv('cache.csv', 'date,FOO\n2024-01-01,1\n')
    const first = loadPriceHistory({ file: f })
    expect(loadPriceHistory({ file: f })).toBe(first)
    writeFileSync(f, 'date,FOO\n2024-01-01,2\n') // same size
    utimesSync(f, new Date(0), new Date(0)) // older than before
    const second = loadPriceHistory({ file: f })
    expect(second).not.toBe(first)
    expect(second.priceUsd('FOO', t('2024-01-02T00:00:00Z')).toString()).toBe('2')
  })

  it('does not keep a history from a file that failed to parse', () => {
    const f = writeCsv('cache-bad.csv', 'date,FOO\n2024-01-01,x\n')
    expect(() => loadPriceHistory({ file: f })).toThrow(/cache-bad\.csv/)
    writeFileSync(f, 'date,FOO\n2024-01-01,3\n')
    expect(loadPriceHistory({ file: f }).priceUsd('FOO', t('2024-01-02T00:00:00Z')).toString()).toBe('3')
  })
})

describe('defaultPriceDir', () => {
  it('points at the shipped data folder', () => {
    const dir = defaultPriceDir()
    expect(dir.replaceAll('\\', '/')).toMatch(/packages\/sim\/data\/prices$/)
    expect(existsSync(join(dir, 'prices-hourly.csv'))).toBe(true)
    expect(existsSync(join(dir, 'SOURCES.md'))).toBe(true)
  })
})

describe('loadPriceHistory: hourly (default)', () => {
  it('has the six symbols and the range of known closes', () => {
    expect(hourly.symbols).toEqual(['BTC', 'ETH', 'ATOM', 'OSMO', 'NTRN', 'USDC'])
    // first candle opens 2023-10-10 12:00, its close is known at 13:00; the last opens 2025-06-12 23:00
    expect(hourly.start).toBe(t('2023-10-10T13:00:00Z'))
    expect(hourly.end).toBe(t('2025-06-13T00:00:00Z'))
  })

  it('returns the close of the candle that ended at or before the time (no look-ahead)', () => {
    // 13:00 candle (close 0.4372) closes at 14:00; before that, the 12:00 candle's close 0.4073
    expect(hourly.priceUsd('NTRN', t('2023-10-10T14:00:00Z'))).toEqual(d('0.4372'))
    expect(hourly.priceUsd('NTRN', t('2023-10-10T13:59:59Z'))).toEqual(d('0.4073'))
    expect(hourly.priceUsd('NTRN', t('2023-10-10T13:00:00Z'))).toEqual(d('0.4073'))
    expect(hourly.priceUsd('BTC', t('2023-10-10T14:30:00Z'))).toEqual(d('27395'))
    expect(hourly.priceUsd('ATOM', t('2023-10-10T15:00:00Z'))).toEqual(d('6.861'))
  })

  it('keeps the last close after the end', () => {
    expect(hourly.priceUsd('NTRN', hourly.end)).toEqual(d('0.0982'))
    expect(hourly.priceUsd('USDC', hourly.end + 10 * 86_400)).toEqual(d('0.9995'))
  })

  it('throws a PriceHistoryError naming the symbol and time before the first close or for an unknown symbol', () => {
    const before = t('2023-10-10T12:59:59Z')
    expect(() => hourly.priceUsd('NTRN', before)).toThrow(expect.objectContaining({ code: 'no_price_yet' }))
    expect(() => hourly.priceUsd('NTRN', before)).toThrow(/NTRN.*1696942799/)
    expect(() => hourly.priceUsd('DOGE', hourly.start)).toThrow(
      expect.objectContaining({ code: 'unknown_symbol' }),
    )
    expect(() => hourly.priceUsd('DOGE', hourly.start)).toThrow(/DOGE/)
    expect(() => hourly.priceUsd('NTRN', Number.NaN)).toThrow(
      expect.objectContaining({ code: 'invalid_time' }),
    )
  })

  it('matches a naive scan of the file at random times (property)', () => {
    const lines = readFileSync(join(defaultPriceDir(), 'prices-hourly.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
    const rows = lines.map((l) => {
      const [time, ...vals] = l.split(',')
      return { known: t(time!) + 3600, vals: vals.map((v) => Dec.fromDecimalString(v)) }
    })
    fc.assert(
      fc.property(
        fc.integer({ min: hourly.start, max: hourly.end + 7200 }),
        fc.integer({ min: 0, max: 5 }),
        (time, col) => {
          // the last row known at or before `time`
          let lo = 0
          let hi = rows.length - 1
          while (lo < hi) {
            const mid = (lo + hi + 1) >> 1
            if (rows[mid]!.known <= time) lo = mid
            else hi = mid - 1
          }
          expect(rows[lo]!.known).toBeLessThanOrEqual(time)
          expect(hourly.priceUsd(hourly.symbols[col]!, time)).toEqual(rows[lo]!.vals[col])
        },
      ),
      { numRuns: 500 },
    )
  })

  it('lists change points in (from, to]', () => {
    const from = t('2023-10-10T13:00:00Z')
    expect(hourly.changePoints(from, from + 7200)).toEqual([from + 3600, from + 7200])
    expect(hourly.changePoints(from + 1, from + 3599)).toEqual([])
    expect(hourly.changePoints(from - 10 * 3600, from)).toEqual([from])
    expect(hourly.changePoints(from, from)).toEqual([])
    expect(hourly.changePoints(from, from + 3 * 3600, ['NTRN', 'ATOM'])).toHaveLength(3)
  })

  it('is fast: 100k lookups', () => {
    const start = performance.now()
    let sink = 0n
    for (let i = 0; i < 100_000; i++) {
      sink += hourly.priceUsd(
        hourly.symbols[i % 6]!,
        hourly.start + ((i * 7919) % (hourly.end - hourly.start)),
      ).atomics
    }
    expect(sink).toBeGreaterThan(0n)
    expect(performance.now() - start).toBeLessThan(1000)
  })
})

describe('loadPriceHistory: daily', () => {
  it('the close of day D is known at D+1 00:00 UTC', () => {
    expect(daily.symbols).toEqual(['BTC', 'ETH', 'ATOM', 'OSMO', 'NTRN', 'USDC'])
    expect(daily.start).toBe(t('2023-10-11T00:00:00Z'))
    expect(daily.end).toBe(t('2025-06-13T00:00:00Z'))
    expect(() => daily.priceUsd('NTRN', t('2023-10-10T23:59:59Z'))).toThrow(
      expect.objectContaining({ code: 'no_price_yet' }),
    )
    expect(daily.priceUsd('NTRN', t('2023-10-11T00:00:00Z'))).toEqual(d('0.3823'))
    expect(daily.priceUsd('NTRN', t('2023-10-11T23:59:59Z'))).toEqual(d('0.3823'))
    expect(daily.priceUsd('NTRN', t('2023-10-12T00:00:00Z'))).toEqual(d('0.3142'))
    expect(daily.priceUsd('BTC', t('2023-10-11T12:00:00Z'))).toEqual(d('27390.12'))
  })

  it('a daily close equals the close of the hourly candle opening at 23:00 of that day', () => {
    for (const day of ['2023-10-10', '2024-03-01', '2025-06-12']) {
      const next = t(`${day}T00:00:00Z`) + 86_400
      for (const s of daily.symbols) expect(daily.priceUsd(s, next)).toEqual(hourly.priceUsd(s, next))
    }
  })
})

describe('loadPriceHistory: user files', () => {
  it('reads a combined-form hourly CSV (CRLF, trailing newline, relative to dir)', () => {
    writeCsv(
      'mine.csv',
      'open_time_utc,FOO,BAR\r\n2024-01-01T00:00:00Z,1.5,20\r\n2024-01-01T01:00:00Z,1.25,2e1\r\n2024-01-01 03:00:00,0.000000000000000001,21\r\n',
    )
    const h = loadPriceHistory({ dir: tmp, file: 'mine.csv' })
    expect(h.symbols).toEqual(['FOO', 'BAR'])
    expect(h.start).toBe(t('2024-01-01T01:00:00Z'))
    expect(h.end).toBe(t('2024-01-01T04:00:00Z'))
    expect(h.priceUsd('FOO', t('2024-01-01T02:00:00Z'))).toEqual(d('1.25'))
    expect(h.priceUsd('BAR', t('2024-01-01T03:59:59Z'))).toEqual(d('20'))
    expect(h.priceUsd('FOO', t('2024-01-01T04:00:00Z'))).toEqual(Dec.fromAtomics(1n))
    // gaps are allowed: no change points inside 02:00..04:00 except 04:00
    expect(h.changePoints(t('2024-01-01T02:00:00Z'), t('2024-01-01T05:00:00Z'))).toEqual([
      t('2024-01-01T04:00:00Z'),
    ])
  })

  it('reads a daily CSV and an open_time CSV with daily candles', () => {
    const f = writeCsv('d.csv', 'date,FOO\n2024-02-28,3\n2024-02-29,4\n2024-03-02,5\n')
    const h = loadPriceHistory({ file: f })
    expect(h.start).toBe(t('2024-02-29T00:00:00Z'))
    expect(h.priceUsd('FOO', t('2024-03-02T12:00:00Z'))).toEqual(d('4'))
    expect(h.priceUsd('FOO', t('2024-03-03T00:00:00Z'))).toEqual(d('5'))
    expect(() => loadPriceHistory({ file: f, resolution: 'hourly' })).toThrow(/d\.csv:1 column 1/)
    const g = writeCsv('od.csv', 'open_time_utc,FOO\n2024-02-28T00:00:00Z,3\n')
    expect(loadPriceHistory({ file: g, resolution: 'daily' }).start).toBe(t('2024-02-29T00:00:00Z'))
  })

  it('reads an instant-time CSV with unix seconds', () => {
    const f = writeCsv('i.csv', 'time,FOO\n1700000000,2\n1700000060,3\n')
    const h = loadPriceHistory({ file: f })
    expect(h.start).toBe(1_700_000_000)
    expect(h.priceUsd('FOO', 1_700_000_059)).toEqual(d('2'))
    expect(h.priceUsd('FOO', 1_700_000_060)).toEqual(d('3'))
  })

  it('reads a shipped per-symbol gzip file, symbol from the name, same prices as the combined file', () => {
    const h = loadPriceHistory({ dir: defaultPriceDir(), file: 'NTRN-USDT.hourly.csv.gz' })
    expect(h.symbols).toEqual(['NTRN'])
    expect(h.start).toBe(hourly.start)
    expect(h.end).toBe(hourly.end)
    for (let time = h.start; time < h.start + 48 * 3600; time += 1800) {
      expect(h.priceUsd('NTRN', time)).toEqual(hourly.priceUsd('NTRN', time))
    }
    const usdc = loadPriceHistory({ dir: defaultPriceDir(), file: 'USDC-USDT.daily.csv' })
    // the real gap 2022-09-26 .. 2023-03-10 is kept: the 2022-09-25 close stays the price
    expect(usdc.priceUsd('USDC', t('2023-03-01T00:00:00Z'))).toEqual(
      usdc.priceUsd('USDC', t('2022-09-26T00:00:00Z')),
    )
    const g = writeCsv('FOO-USDT.hourly.csv.gz', '')
    writeFileSync(g, gzipSync('open_time_utc,close\n2024-01-01T00:00:00Z,7\n'))
    expect(loadPriceHistory({ file: g }).priceUsd('FOO', t('2024-01-01T01:00:00Z'))).toEqual(d('7'))
  })

  const bad: [string, string, RegExp][] = [
    ['empty', '', /:1: empty file/],
    ['unknown time column', 'when,FOO\n2024-01-01,1\n', /:1 column 1 \(when\): unknown time column/],
    ['no symbols', 'date\n2024-01-01\n', /:1: header has no symbol/],
    ['duplicate symbol', 'date,FOO,FOO\n2024-01-01,1,2\n', /:1 column 3 \(FOO\): duplicate symbol/],
    ['empty symbol', 'date,FOO,\n2024-01-01,1,2\n', /:1 column 3 \(\): invalid symbol/],
    ['no rows', 'date,FOO\n', /:1: no data rows/],
    [
      'negative',
      'date,FOO,BAR\n2024-01-01,1,2\n2024-01-02,1,-2\n',
      /:3 column 3 \(BAR\): "-2" is not a decimal/,
    ],
    ['zero', 'date,FOO\n2024-01-01,0.000\n', /:2 column 2 \(FOO\): "0.000" is not positive/],
    ['below 18 digits', 'date,FOO\n2024-01-01,1e-19\n', /:2 column 2 \(FOO\): "1e-19" is not positive/],
    ['text', 'date,FOO\n2024-01-01,abc\n', /:2 column 2 \(FOO\): "abc" is not a decimal/],
    ['hex', 'date,FOO\n2024-01-01,0x10\n', /:2 column 2 \(FOO\): "0x10" is not a decimal/],
    ['empty value', 'date,FOO,BAR\n2024-01-01,,2\n', /:2 column 2 \(FOO\): "" is empty/],
    ['column count', 'date,FOO,BAR\n2024-01-01,1\n', /:2: expected 3 values, got 2/],
    ['bad date', 'date,FOO\n2024-02-30,1\n', /:2 column 1 \(date\): invalid date "2024-02-30"/],
    [
      'bad time',
      'open_time_utc,FOO\n2024-01-01T25:00:00Z,1\n',
      /:2 column 1 \(open_time_utc\): invalid time/,
    ],
    [
      'equal times',
      'date,FOO\n2024-01-01,1\n2024-01-02,1\n2024-01-02,1\n',
      /:4 column 1 \(date\): time "2024-01-02" is not after/,
    ],
    [
      'decreasing',
      'date,FOO\n2024-01-02,1\n2024-01-01,1\n',
      /:3 column 1 \(date\): time "2024-01-01" is not after/,
    ],
    ['blank line inside', 'date,FOO\n2024-01-01,1\n\n2024-01-03,1\n', /:3: empty line/],
    [
      'close without symbol in name',
      'date,close\n2024-01-01,1\n',
      /:1 column 2 \(close\): a single "close" column/,
    ],
  ]
  for (const [what, text, re] of bad) {
    it(`rejects a bad file: ${what}, naming file, line and column`, () => {
      const f = writeCsv(`bad-${what.replaceAll(' ', '_')}.csv`, text)
      expect(() => loadPriceHistory({ file: f })).toThrow(re)
      expect(() => loadPriceHistory({ file: f })).toThrow(basename(f))
    })
  }

  it('names a missing file', () => {
    expect(() => loadPriceHistory({ dir: tmp, file: 'nope.csv' })).toThrow(/nope\.csv: cannot read/)
  })

  it('parsePriceCsv takes the name for messages', () => {
    expect(() => parsePriceCsv('date,FOO\nx,1\n', { name: 'inline' })).toThrow(/^inline:2 column 1/)
  })
})

describe('priceHistoryFrom', () => {
  it('builds a history from series with different times', () => {
    const h = priceHistoryFrom({
      A: [
        { time: 100, price: d('1') },
        { time: 200, price: d('2') },
      ],
      B: [
        { time: 150, price: d('3') },
        { time: 400, price: d('4') },
      ],
    })
    expect(h.start).toBe(150)
    expect(h.end).toBe(200)
    expect(h.changePoints(0, 1000)).toEqual([100, 150, 200, 400])
    expect(h.changePoints(100, 400, ['A'])).toEqual([200])
    expect(h.priceUsd('A', 120)).toEqual(d('1'))
    expect(() => h.priceUsd('B', 120)).toThrow(expect.objectContaining({ code: 'no_price_yet' }))
    expect(() => priceHistoryFrom({ A: [{ time: 1, price: Dec.ZERO }] })).toThrow(
      expect.objectContaining({ code: 'invalid_history' }),
    )
    expect(() =>
      priceHistoryFrom({
        A: [
          { time: 2, price: d('1') },
          { time: 2, price: d('1') },
        ],
      }),
    ).toThrow(expect.objectContaining({ code: 'invalid_history' }))
  })
})

describe('MarketFeed', () => {
  const feed = () => new MarketFeed(hourly)
  const time = t('2024-05-01T10:30:00Z')

  it('maps the default denoms with 6 decimals', () => {
    expect(Object.keys(DEFAULT_DENOMS).sort()).toEqual(['uatom', 'untrn', 'uosmo', 'uusdc'])
    expect(feed().info('untrn')).toEqual({ symbol: 'NTRN', decimals: 6 })
  })

  it('usdPerBaseUnit is the price / 10^decimals', () => {
    expect(feed().usdPerBaseUnit('untrn', t('2023-10-10T14:00:00Z'))).toEqual(d('0.0000004372'))
    expect(feed().usdPerBaseUnit('uatom', time)).toEqual(
      Dec.fromAtomics(hourly.priceUsd('ATOM', time).atomics / 1_000_000n),
    )
  })

  it('pairPrice (uatom, untrn) equals ATOM / NTRN', () => {
    const f = feed()
    for (const at of [time, hourly.start, hourly.end, t('2024-12-31T23:59:59Z')]) {
      const expected = hourly.priceUsd('ATOM', at).div(hourly.priceUsd('NTRN', at))
      expect(f.pairPrice(['uatom', 'untrn'], at)).toEqual(expected)
      expect(f.pairPrice(['uatom', 'untrn'], at)).toEqual(
        f.usdPerBaseUnit('uatom', at).div(f.usdPerBaseUnit('untrn', at)),
      )
    }
    expect(f.pairPrice(['untrn', 'untrn'], time)).toEqual(Dec.ONE)
  })

  it('pairPrice, asked again and again as a run asks it (its last answer per pair reused), is what a fresh feed answers', () => {
    const f = feed()
    const denoms = Object.keys(DEFAULT_DENOMS)
    fc.assert(
      fc.property(
        fc.integer({ min: hourly.start, max: hourly.end - 6 * 3600 }),
        fc.array(
          fc.record({
            a: fc.constantFrom(...denoms),
            b: fc.constantFrom(...denoms),
            // within a few hours: often the same candle, sometimes the next ones
            after: fc.integer({ min: 0, max: 6 * 3600 }),
          }),
          { maxLength: 40 },
        ),
        (from, asks) => {
          for (const { a, b, after } of asks)
            expect(f.pairPrice([a, b], from + after)).toEqual(feed().pairPrice([a, b], from + after))
        },
      ),
    )
  })

  it('pairPrice accounts for different decimals exactly', () => {
    const f = new MarketFeed(hourly, {
      'ibc/BTC': { symbol: 'BTC', decimals: 8 },
      uatom: { symbol: 'ATOM', decimals: 6 },
      usdt: { symbol: 'USDT', decimals: 6 },
    })
    const at = t('2023-10-10T14:00:00Z')
    // 1 sat = 27395 / 1e8 USD; 1 uatom = 6.89 / 1e6 USD → 27395 / 6.89 / 100 uatom per sat
    expect(f.pairPrice(['ibc/BTC', 'uatom'], at)).toEqual(Dec.fromRatio(27_395_000n, 6_890n * 100n))
    expect(f.pairPrice(['uatom', 'usdt'], at)).toEqual(d('6.89'))
    expect(f.priceUsd('usdt', 0)).toEqual(Dec.ONE)
    expect(f.changePoints(at, at + 7200, ['usdt'])).toEqual([])
    expect(f.changePoints(at, at + 7200, ['uatom', 'usdt'])).toEqual([at + 3600, at + 7200])
  })

  it('valueUsd is amount × price / 10^decimals', () => {
    const f = feed()
    const at = t('2023-10-10T14:00:00Z')
    expect(f.valueUsd('untrn', 1_000_000n, at)).toEqual(d('0.4372'))
    expect(f.valueUsd('uatom', 2_500_000n, at)).toEqual(d('17.225'))
    expect(f.valueUsd('untrn', 1n, at)).toEqual(d('0.0000004372'))
    expect(f.valueUsd('untrn', 0n, at)).toEqual(Dec.ZERO)
  })

  it('throws for unknown denoms and bad decimals', () => {
    expect(() => feed().pairPrice(['uatom', 'ufoo'], time)).toThrow(/ufoo/)
    expect(() => feed().info('toString')).toThrow(expect.objectContaining({ code: 'unknown_denom' }))
    expect(() => new MarketFeed(hourly, { ufoo: { symbol: 'FOO', decimals: 1.5 } })).toThrow(
      expect.objectContaining({ code: 'invalid_decimals' }),
    )
    expect(() =>
      new MarketFeed(hourly, { ufoo: { symbol: 'FOO', decimals: 6 } }).priceUsd('ufoo', time),
    ).toThrow(/FOO/)
  })
})
