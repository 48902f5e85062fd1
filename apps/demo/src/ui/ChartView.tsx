import type { ChartSpec } from '@rebalancer/sim/charts'
import { Chart, type ChartConfiguration, registerables } from 'chart.js'
import { useEffect, useRef } from 'react'

// Chart.js components, registered once for the whole page
Chart.register(...registerables)

/**
 * One chart of `@rebalancer/sim/charts` (a Chart.js 4 configuration as plain data) in a canvas:
 * the Chart is created on mount and destroyed on unmount or when the spec changes.
 */
export function ChartView({ spec, testId }: { spec: ChartSpec; testId: string }) {
  const canvas = useRef<HTMLCanvasElement>(null)
  useEffect(() => {
    if (!canvas.current) return
    // Chart.js writes into its configuration: give it a copy
    const chart = new Chart(canvas.current, structuredClone(spec.config) as ChartConfiguration)
    return () => chart.destroy()
  }, [spec])
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>
        <strong>{spec.title}</strong>
        <span>{spec.caption}</span>
      </figcaption>
      <div className="chart-box">
        <canvas ref={canvas} role="img" aria-label={spec.title} />
      </div>
    </figure>
  )
}

/** A list of charts, each wrapped with `data-testid="chart-<id>"`. */
export function Charts({ specs }: { specs: readonly ChartSpec[] }) {
  return (
    <div className="charts">
      {specs.map((s, i) => (
        <ChartView key={s.id || i} spec={s} testId={`chart-${s.id || i}`} />
      ))}
    </div>
  )
}

/** A progress bar (`role="progressbar"`) with what is being done. */
export function Progress({
  done,
  total,
  label,
  name,
}: {
  done: number
  total: number
  label: string
  name: string
}) {
  const pct = total === 0 ? 0 : Math.round((done / total) * 100)
  return (
    <div className="progress-wrap">
      <div
        className="progress"
        role="progressbar"
        aria-label={name}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={`${pct}% (${label})`}
      >
        <div className="progress-bar" style={{ width: `${pct}%` }} />
      </div>
      <span className="muted">
        {pct}% · {label}
      </span>
    </div>
  )
}
