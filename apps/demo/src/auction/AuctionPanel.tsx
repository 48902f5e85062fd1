/**
 * "Watch an auction" (issue #13): pick a cycle and a pair of a run, then scrub through that auction
 * block by block — the descending price against the market, each maker's bid level and fill, and
 * the pro-rata payouts to every seller. The replay is computed in the simulator's worker
 * (`worker-replay.ts`, `@rebalancer/sim`'s `auctionReplay`) and its chart by `@rebalancer/sim/charts`.
 */
import type { AuctionReplay, ReplayFrame } from '@rebalancer/sim'
import { AUCTION_MARKER_DATASET, auctionChart, auctionChartMarker } from '@rebalancer/sim/charts'
import type { RunReport } from '@rebalancer/types'
import { Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js'
import { type JSX, useEffect, useId, useMemo, useRef, useState } from 'react'
import './auction.css'
import { bps, percent, tokenPrice, tokens, utc } from './format.js'

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip)

/** Milliseconds between frames while playing. */
const PLAY_STEP_MS = 60

/** Props of {@link AuctionPanel}. */
export interface AuctionPanelProps {
  /** The run whose auctions the visitor watches. */
  report: RunReport
  /** Replays `report.history[cycle].auctions[auction]` (in the worker); resolves to an `AuctionReplay`. */
  replay: (cycle: number, auction: number) => Promise<AuctionReplay>
}

/** The chart of a replay, its marker moved to `frame` without redrawing the rest. */
function AuctionChart(props: { replay: AuctionReplay; frame: number }): JSX.Element {
  const canvas = useRef<HTMLCanvasElement>(null)
  const chart = useRef<Chart | null>(null)
  const spec = useMemo(() => auctionChart(props.replay), [props.replay])
  const captionId = useId()
  const s = props.replay.summary
  // (not the words of the panel's field labels: a label names one control)
  const chartName = `Price chart, ${s.sell.symbol} sold for ${s.buy.symbol} on ${s.day}`
  useEffect(() => {
    if (!canvas.current) return
    const c = new Chart(canvas.current, spec.config as never)
    chart.current = c
    return () => {
      c.destroy()
      chart.current = null
    }
  }, [spec])
  useEffect(() => {
    const c = chart.current
    const set = c?.data.datasets[AUCTION_MARKER_DATASET]
    if (!c || !set) return
    set.data = auctionChartMarker(props.replay, props.frame)
    c.update('none')
  }, [props.replay, props.frame])
  return (
    <figure className="auction-chart">
      <div className="auction-chart-box">
        <canvas ref={canvas} role="img" aria-label={chartName} aria-describedby={captionId} />
      </div>
      <figcaption id={captionId}>{spec.caption}</figcaption>
    </figure>
  )
}

/** The cycles that have auctions: index into `report.history`, day and count. */
function cyclesWithAuctions(report: RunReport): { index: number; day: string; count: number }[] {
  return report.history.flatMap((c, index) =>
    c.auctions.length > 0 ? [{ index, day: c.day, count: c.auctions.length }] : [],
  )
}

/**
 * The "Watch an auction" panel: selects labelled "Cycle" (days with auctions) and "Auction" (the
 * day's pairs), a range labelled "Block" (arrow keys) with Play/Pause and step buttons, the chart
 * (price, market, reserve, fills, the block shown), the block's price, market and remaining lot
 * (`data-testid` `auction-price`, `auction-market`, `auction-remaining`), the makers (margin, bid
 * level, bought so far) and every seller's pro-rata payout (final at the end block).
 */
export function AuctionPanel(props: AuctionPanelProps): JSX.Element {
  const { report, replay } = props
  const id = useId()
  const cycles = useMemo(() => cyclesWithAuctions(report), [report])
  const [cycle, setCycle] = useState<number | null>(cycles[0]?.index ?? null)
  const [auction, setAuction] = useState(0)
  const [data, setData] = useState<AuctionReplay | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [loading, setLoading] = useState(false)
  const [frame, setFrame] = useState(0)
  const [playing, setPlaying] = useState(false)

  // the latest replay function, without replaying again when the parent passes a new closure
  const replayFn = useRef(replay)
  useEffect(() => {
    replayFn.current = replay
  }, [replay])

  // a new report: back to its first cycle with auctions (the effect below then replays it)
  useEffect(() => {
    setCycle(cycles[0]?.index ?? null)
    setAuction(0)
  }, [cycles])

  useEffect(() => {
    // (a new report may not have the indices of the last one: wait for the reset above)
    if (cycle === null || report.history[cycle]?.auctions[auction] === undefined) {
      setData(null)
      return
    }
    let live = true
    // the previous auction's replay goes at once: nothing of it stays on screen or takes a scrub
    setData(null)
    setFrame(0)
    setLoading(true)
    setError(null)
    setPlaying(false)
    replayFn.current(cycle, auction).then(
      (r) => {
        if (!live) return
        setData(r)
        setFrame(0)
        setLoading(false)
      },
      (e: unknown) => {
        if (!live) return
        setData(null)
        setError(e instanceof Error ? e.message : String(e))
        setLoading(false)
      },
    )
    return () => {
      live = false
    }
  }, [report, cycle, auction])

  const last = data ? data.frames.length - 1 : 0
  useEffect(() => {
    if (!playing) return
    const timer = setInterval(() => setFrame((f) => Math.min(f + 1, last)), PLAY_STEP_MS)
    return () => clearInterval(timer)
  }, [playing, last])
  // playing stops at the last frame
  useEffect(() => {
    if (playing && frame >= last) setPlaying(false)
  }, [playing, frame, last])

  const headingId = `${id}-heading`
  const day = cycle === null ? undefined : report.history[cycle]
  // only the replay of the auction picked now is shown (a response for an earlier pick is dropped above)
  const shown = data !== null && data.cycle === cycle && data.auction === auction ? data : null
  const current: ReplayFrame | undefined = shown?.frames[Math.min(frame, last)]

  return (
    <section data-testid="auction-panel" aria-labelledby={headingId} className="auction-panel">
      <h2 id={headingId}>Watch an auction</h2>
      {cycles.length === 0 ? (
        <p>This run opened no auctions.</p>
      ) : (
        <div className="auction-pick">
          <label>
            Cycle
            <select
              value={cycle ?? ''}
              onChange={(e) => {
                setCycle(Number(e.target.value))
                setAuction(0)
              }}
            >
              {cycles.map((c) => (
                <option key={c.index} value={c.index}>
                  {c.day} ({c.count} {c.count === 1 ? 'auction' : 'auctions'})
                </option>
              ))}
            </select>
          </label>
          <label>
            Auction
            <select value={auction} onChange={(e) => setAuction(Number(e.target.value))}>
              {(day?.auctions ?? []).map((a, i) => (
                <option key={`${a.pair[0]}-${a.pair[1]}`} value={i}>
                  {a.pair[0]} → {a.pair[1]}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      {error !== null && (
        <p role="alert" className="auction-error">
          {error}
        </p>
      )}
      {loading && <p aria-live="polite">Replaying the auction…</p>}
      {shown && current && (
        <ReplayView
          data={shown}
          frame={Math.min(frame, last)}
          current={current}
          playing={playing}
          onFrame={(f) => {
            setPlaying(false)
            setFrame(Math.max(0, Math.min(last, f)))
          }}
          onPlay={() => {
            if (!playing && frame >= last) setFrame(0)
            setPlaying(!playing)
          }}
        />
      )}
    </section>
  )
}

/** One replay: the summary, the scrubber, the chart, the block's figures and the two tables. */
function ReplayView(props: {
  data: AuctionReplay
  frame: number
  current: ReplayFrame
  playing: boolean
  onFrame: (frame: number) => void
  onPlay: () => void
}): JSX.Element {
  const { data, frame, current, playing, onFrame, onPlay } = props
  const id = useId()
  const s = data.summary
  const last = data.frames.length - 1
  const amount = (n: bigint) => `${tokens(n, s.sell.decimals)} ${s.sell.symbol}`
  const paidIn = (n: bigint) => `${tokens(n, s.buy.decimals)} ${s.buy.symbol}`
  const price = (p: string) =>
    `${tokenPrice(p, s.sell.decimals, s.buy.decimals)} ${s.buy.symbol}/${s.sell.symbol}`
  const final = frame === last
  return (
    <div data-testid="auction-replay" data-cycle={data.cycle} data-auction={data.auction}>
      <dl className="auction-summary">
        <div>
          <dt>Pair</dt>
          <dd>
            {s.sell.symbol} → {s.buy.symbol}
          </dd>
        </div>
        <div>
          <dt>Lot</dt>
          <dd>{amount(s.lot)}</dd>
        </div>
        <div>
          <dt>Sold</dt>
          <dd>{amount(s.sold)}</dd>
        </div>
        <div>
          <dt>Proceeds</dt>
          <dd>{paidIn(s.proceeds)}</dd>
        </div>
        <div>
          <dt>Average price</dt>
          <dd>{s.averagePrice === null ? '—' : price(s.averagePrice)}</dd>
        </div>
        <div>
          <dt>Start vs market</dt>
          <dd>{bps(s.startVsMarketBps)}</dd>
        </div>
        <div>
          <dt>Unsold</dt>
          <dd>
            {s.unfilled === null
              ? 'none'
              : `${amount(s.unfilled.amount)} (${s.unfilled.reason.replaceAll('_', ' ')})`}
          </dd>
        </div>
      </dl>

      <div className="auction-scrub">
        <label htmlFor={`${id}-block`}>Block</label>
        <input
          id={`${id}-block`}
          type="range"
          min={0}
          max={last}
          step={1}
          value={frame}
          aria-valuetext={`block ${current.height} (${frame + 1} of ${last + 1})`}
          onChange={(e) => onFrame(Number(e.target.value))}
        />
        <div className="auction-buttons">
          <button type="button" onClick={() => onFrame(0)} disabled={frame === 0} aria-label="Go to start">
            Start
          </button>
          <button
            type="button"
            onClick={() => onFrame(frame - 1)}
            disabled={frame === 0}
            aria-label="Step back"
          >
            ◀
          </button>
          <button type="button" onClick={onPlay} aria-pressed={playing}>
            {playing ? 'Pause' : 'Play'}
          </button>
          <button
            type="button"
            onClick={() => onFrame(frame + 1)}
            disabled={frame === last}
            aria-label="Step forward"
          >
            ▶
          </button>
          <button
            type="button"
            onClick={() => onFrame(last)}
            disabled={frame === last}
            aria-label="Go to end"
          >
            End
          </button>
        </div>
        {s.frames === 'sampled' && (
          <p className="auction-note">
            {s.endBlock - s.startBlock + 1} blocks shown as {last + 1} steps: an even grid plus every block
            where something happens.
          </p>
        )}
      </div>

      <AuctionChart replay={data} frame={frame} />

      <dl className="auction-now" aria-live="off">
        <div>
          <dt>Block</dt>
          <dd>
            {current.height} · {utc(current.time)}
          </dd>
        </div>
        <div>
          <dt>Auction price</dt>
          <dd data-testid="auction-price">{price(current.price)}</dd>
        </div>
        <div>
          <dt>Market price</dt>
          <dd data-testid="auction-market">
            {price(current.market)} ({bps(current.vsMarketBps)})
          </dd>
        </div>
        <div>
          <dt>Remaining</dt>
          <dd data-testid="auction-remaining">{amount(current.remaining)}</dd>
        </div>
        <div>
          <dt>Fills in this block</dt>
          <dd>
            {current.fills.length === 0
              ? 'none'
              : current.fills
                  .map(
                    (f) =>
                      `${f.makerName} bought ${amount(f.bought)} for ${paidIn(f.paid)} (${bps(f.vsMarketBps)})`,
                  )
                  .join('; ')}
          </dd>
        </div>
      </dl>

      <h3>Market makers</h3>
      <div className="auction-table">
        <table>
          <thead>
            <tr>
              <th scope="col">Maker</th>
              <th scope="col">Margin</th>
              <th scope="col">Bid level</th>
              <th scope="col">Bought so far</th>
            </tr>
          </thead>
          <tbody>
            {data.makers.map((m, i) => (
              <tr key={m.address}>
                <th scope="row">{m.name}</th>
                <td>{m.marginBps} bps below market</td>
                <td>
                  {m.bidLevel === null
                    ? 'never reached'
                    : `block ${m.bidLevel.height} at ${price(m.bidLevel.price)}${m.bidLevel.height <= current.height ? ' ✓' : ''}`}
                </td>
                <td>{amount(current.makerBought[i] ?? 0n)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h3>Sellers' pro-rata payouts {final ? '(final)' : `(if it settled after block ${current.height})`}</h3>
      <div className="auction-table">
        <table>
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Deposited</th>
              <th scope="col">Share</th>
              <th scope="col">Returned unsold</th>
              <th scope="col">Paid</th>
            </tr>
          </thead>
          <tbody>
            {data.sellers.map((seller, i) => {
              const p = current.payouts[i] ?? { sell: 0n, buy: 0n }
              return (
                <tr key={seller.address}>
                  <th scope="row">{seller.name}</th>
                  <td>{amount(seller.deposited)}</td>
                  <td>{percent(seller.share)}</td>
                  <td>{amount(p.sell)}</td>
                  <td>{paidIn(p.buy)}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
    </div>
  )
}
