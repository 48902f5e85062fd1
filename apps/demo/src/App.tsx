import { configFromWire } from '@rebalancer/core'
import { DEFAULT_STRATEGIES, parseScenario, ScenarioError, type StrategyMetrics } from '@rebalancer/sim'
import { type ChartSpec, compareCharts, executionChart, runCharts, weightChart } from '@rebalancer/sim/charts'
import { type RebalancerConfig, RunReport, type Scenario } from '@rebalancer/types'
import { type KeyboardEvent, type ReactNode, useEffect, useMemo, useRef, useState } from 'react'
import { AuctionPanel } from './auction/AuctionPanel.js'
import { type Draft, defaultDraft, draftScenario, problemsByField } from './draft.js'
import { ExportPanel } from './export/ExportPanel.js'
import { DEFAULT_EXPORT_STATE, type ExportState } from './export/state.js'
import { Charts, Progress } from './ui/ChartView.js'
import { ConfigureForm, formKeys, PeriodFields, ProblemsContext } from './ui/ConfigureForm.js'
import { decodeState, encodeState, type PageState, TABS, type Tab } from './url-state.js'
import { SimClient, WorkerFailure } from './worker/client.js'
import type { Problem, WorkerResults } from './worker/protocol.js'

const client = new SimClient()

const TAB_LABELS: Record<Tab, string> = {
  configure: 'Configure',
  project: 'Project',
  backtest: 'Backtest',
  auction: 'Auction',
  compare: 'Compare',
  export: 'Export',
  report: 'Report',
}

/** Backtests run in this page (keys the Auction panel by run). */
let runs = 0

const DEFAULT_COMPARE = DEFAULT_STRATEGIES.slice(0, 3).map((s) => s.name)

/**
 * The page's state from a URL hash: the link's, or the default (with why, when the link is bad).
 * Strategy names the page does not know are dropped, with a warning.
 */
function readState(hash: string): { state: PageState; warning?: string } {
  const fallback: PageState = { v: 1, tab: 'configure', draft: defaultDraft(), strategies: DEFAULT_COMPARE }
  const r = decodeState(hash)
  if (r === null) return { state: fallback }
  if ('error' in r) return { state: fallback, warning: `${r.error}. Showing the default configuration.` }
  const known = new Set(DEFAULT_STRATEGIES.map((v) => v.name))
  const unknown = r.state.strategies.filter((n) => !known.has(n))
  if (unknown.length === 0) return { state: r.state }
  return {
    state: { ...r.state, strategies: r.state.strategies.filter((n) => known.has(n)) },
    warning: `the link names strategies this page does not have (${unknown.map((n) => JSON.stringify(n)).join(', ')}): left out of Compare.`,
  }
}

/** The edited scenario read with sim's parseScenario: the scenario, or its problems. */
function check(draft: Draft): { scenario: Scenario; problems: [] } | { scenario: null; problems: Problem[] } {
  try {
    return { scenario: parseScenario(draftScenario(draft)), problems: [] }
  } catch (e) {
    if (ScenarioError.isInstance(e)) return { scenario: null, problems: [...e.problems] }
    throw e
  }
}

type Running = { done: number; total: number; label: string } | null

function failureText(e: unknown): string {
  if (e instanceof WorkerFailure && e.problems.length > 0)
    return e.problems.map((p) => `${p.path.join('.') || 'scenario'}: ${p.message}`).join('\n')
  return e instanceof Error ? e.message : String(e)
}

/**
 * Base units (an integer, or Dec text whose fraction is dropped) of `denom` as whole tokens with
 * two decimals, for display, with the denom's decimals from the scenario's `denoms`.
 */
function tokens(units: bigint | string, denom: string, denoms: Scenario['denoms']): string {
  const decimals = denoms[denom]?.decimals ?? 0
  const whole = typeof units === 'bigint' ? units : BigInt(units.split('.')[0] ?? '0')
  const scale = 10n ** BigInt(decimals)
  const cents = (whole * 100n) / scale
  const sign = cents < 0n ? '-' : ''
  const abs = cents < 0n ? -cents : cents
  return `${sign}${(abs / 100n).toLocaleString('en-US')}.${String(abs % 100n).padStart(2, '0')} ${denom}`
}

const usd = (text: string) => `$${Math.round(Number(text)).toLocaleString('en-US')}`

export function App() {
  const [{ state: initial, warning: initialWarning }] = useState(() => readState(window.location.hash))
  const [warning, setWarning] = useState(initialWarning)
  const [tab, setTab] = useState<Tab>(initial.tab)
  const [draft, setDraft] = useState<Draft>(initial.draft)
  const [strategies, setStrategies] = useState<string[]>(initial.strategies)
  const [exportState, setExportState] = useState<ExportState>(initial.export ?? DEFAULT_EXPORT_STATE)
  /** The last backtest's report (the Auction tab replays its auctions). */
  const [report, setReport] = useState<RunReport | null>(null)
  // a new run gets a fresh Auction panel (its picks and replay belong to the run)
  const reportKey = useMemo(() => (report === null ? 0 : ++runs), [report])

  // another link pasted into this tab (only the hash changes, the page does not reload): show it
  useEffect(() => {
    const onHash = () => {
      const { state, warning } = readState(window.location.hash)
      setTab(state.tab)
      setDraft(state.draft)
      setStrategies(state.strategies)
      setExportState(state.export ?? DEFAULT_EXPORT_STATE)
      setWarning(warning)
    }
    window.addEventListener('hashchange', onHash)
    return () => window.removeEventListener('hashchange', onHash)
  }, [])

  // the configuration lives in the URL
  useEffect(() => {
    window.history.replaceState(
      null,
      '',
      encodeState({
        v: 1,
        tab,
        draft,
        strategies,
        ...(exportState === DEFAULT_EXPORT_STATE ? {} : { export: exportState }),
      }),
    )
  }, [tab, draft, strategies, exportState])

  const onTabKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const k = TABS.indexOf(tab)
    const next =
      e.key === 'ArrowRight'
        ? TABS[(k + 1) % TABS.length]
        : e.key === 'ArrowLeft'
          ? TABS[(k + TABS.length - 1) % TABS.length]
          : e.key === 'Home'
            ? TABS[0]
            : e.key === 'End'
              ? TABS[TABS.length - 1]
              : undefined
    if (!next) return
    e.preventDefault()
    setTab(next)
    document.getElementById(`tab-${next}`)?.focus()
  }

  const checked = useMemo(() => check(draft), [draft])
  const scenarioInput = useMemo(() => draftScenario(draft), [draft])

  // prepare in the worker when the scenario reads well: the dates against the history, the tuned wish
  const [prepared, setPrepared] = useState<{ input: unknown; result: WorkerResults['prepare'] } | null>(null)
  const [prepareProblems, setPrepareProblems] = useState<Problem[]>([])
  useEffect(() => {
    if (!checked.scenario) return
    let live = true
    const timer = setTimeout(() => {
      client.request('prepare', { scenario: scenarioInput }).then(
        (result) => {
          if (!live) return
          setPrepared({ input: scenarioInput, result })
          setPrepareProblems([])
        },
        (e: unknown) => {
          if (!live) return
          setPrepared(null)
          setPrepareProblems(
            e instanceof WorkerFailure && e.problems.length > 0
              ? [...e.problems]
              : [{ path: [], message: failureText(e) }],
          )
        },
      )
    }, 250)
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [checked.scenario, scenarioInput])
  const current = prepared && prepared.input === scenarioInput ? prepared.result : undefined

  const problems = checked.scenario ? (current ? [] : prepareProblems) : checked.problems
  const byField = useMemo(() => problemsByField(problems, formKeys(draft)), [problems, draft])
  const configs = useMemo<RebalancerConfig[] | null>(
    () => (current ? current.accounts.map((a) => configFromWire(a.config)) : null),
    [current],
  )

  return (
    <ProblemsContext.Provider value={byField}>
      <header className="top">
        <h1>Rebalancer</h1>
        <p>
          Configure a treasury, see what it would do, backtest it on real prices, watch its auctions, export
          the proposal.
        </p>
      </header>
      {warning ? (
        <p className="banner" role="alert" data-testid="url-warning">
          {warning}
        </p>
      ) : null}
      {/* ARIA tabs: Tab reaches the selected tab, arrow keys (and Home/End) move between tabs */}
      <div className="tabs" role="tablist" aria-label="Sections" onKeyDown={onTabKey}>
        {TABS.map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            id={`tab-${t}`}
            aria-selected={tab === t}
            aria-controls={`panel-${t}`}
            tabIndex={tab === t ? 0 : -1}
            className={tab === t ? 'tab active' : 'tab'}
            onClick={() => setTab(t)}
          >
            {TAB_LABELS[t]}
          </button>
        ))}
      </div>
      {problems.length > 0 && tab !== 'configure' ? (
        <p className="banner" role="alert">
          The configuration has {problems.length} problem{problems.length === 1 ? '' : 's'}: see Configure.
        </p>
      ) : null}
      <main>
        {/* every panel stays mounted (its results survive a tab change); only the selected one shows */}
        <Panel tab="configure" current={tab}>
          <h2>Configure a treasury</h2>
          <ConfigureForm draft={draft} onChange={setDraft} prepared={current?.accounts} />
        </Panel>
        <Panel tab="project" current={tab}>
          <ProjectPanel
            scenario={checked.scenario ? scenarioInput : null}
            denoms={checked.scenario?.denoms ?? {}}
          />
        </Panel>
        <Panel tab="backtest" current={tab}>
          <BacktestPanel
            draft={draft}
            onDraft={setDraft}
            scenario={checked.scenario ? scenarioInput : null}
            onReport={setReport}
          />
        </Panel>
        <Panel tab="auction" current={tab}>
          {/* the panels below have their own headings */}
          {report ? (
            <AuctionPanel key={reportKey} report={report} replay={replay} />
          ) : (
            <>
              <h2>Watch an auction</h2>
              <p>Run a backtest first (Backtest tab): its auctions can then be replayed block by block.</p>
            </>
          )}
        </Panel>
        <Panel tab="compare" current={tab}>
          <ComparePanel
            scenario={checked.scenario ? scenarioInput : null}
            strategies={strategies}
            onStrategies={setStrategies}
          />
        </Panel>
        <Panel tab="export" current={tab}>
          {checked.scenario && configs ? (
            <ExportPanel
              scenario={checked.scenario}
              configs={configs}
              state={exportState}
              onState={setExportState}
            />
          ) : (
            <>
              <h2>Export the proposal</h2>
              <p>The configuration must be valid (see Configure) to export it.</p>
            </>
          )}
        </Panel>
        <Panel tab="report" current={tab}>
          <ReportPanel />
        </Panel>
      </main>
    </ProblemsContext.Provider>
  )
}

/** Asks the worker to replay an auction of its last backtest. */
const replay = (cycle: number, auction: number) => client.request('replay', { cycle, auction })

/** One tab's panel: always mounted, shown when its tab is selected. */
function Panel({ tab, current, children }: { tab: Tab; current: Tab; children: ReactNode }) {
  return (
    <section id={`panel-${tab}`} role="tabpanel" aria-labelledby={`tab-${tab}`} hidden={tab !== current}>
      {children}
    </section>
  )
}

/**
 * Whether the result on screen was computed from another configuration than `current`: `ran()`
 * records the configuration a run starts from.
 */
function useRanWith(current: unknown): { ran: () => void; stale: boolean } {
  const [ranWith, setRanWith] = useState<string | null>(null)
  const now = JSON.stringify(current)
  return { ran: () => setRanWith(now), stale: ranWith !== null && ranWith !== now }
}

/** Says that the results below belong to an earlier configuration. */
function StaleNote({ stale, what }: { stale: boolean; what: string }) {
  return stale ? (
    <p className="banner" role="status" data-testid="stale-note">
      The configuration changed since this {what}: run it again to see the new one.
    </p>
  ) : null
}

function ProjectPanel({ scenario, denoms }: { scenario: unknown; denoms: Scenario['denoms'] }) {
  const [result, setResult] = useState<WorkerResults['project'] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const { ran, stale } = useRanWith(scenario)
  const run = () => {
    ran()
    setBusy(true)
    setError(null)
    client.request('project', { scenario, cycles: 90 }).then(
      (r) => {
        setResult(r)
        setBusy(false)
      },
      (e: unknown) => {
        setError(failureText(e))
        setBusy(false)
      },
    )
  }
  return (
    <>
      <h2>Project</h2>
      <p>
        How each account’s weights converge over the next 90 cycles if prices stayed at the first day’s, and
        the next cycle’s trades explained.
      </p>
      <button type="button" data-testid="run-project" disabled={!scenario || busy} onClick={run}>
        {busy ? 'Projecting…' : 'Project'}
      </button>
      <StaleNote stale={stale && result !== null} what="projection" />
      {error ? (
        <pre className="error-box" role="alert">
          {error}
        </pre>
      ) : null}
      {result?.projections.map(({ projection: p, chart }) => (
        <article key={p.index} className="account-result">
          <h3>{p.name}</h3>
          <p>
            {p.cyclesToWithin === null
              ? `Not within ${p.withinPp} pp of the targets in ${p.days.length - 1} cycles.`
              : `Every weight within ${p.withinPp} pp of its target after ${p.cyclesToWithin} cycle${p.cyclesToWithin === 1 ? '' : 's'}.`}
          </p>
          <Charts specs={[chart]} />
          <h4>Next cycle</h4>
          <p>
            Value {tokens(p.next.totalValue, p.baseDenom, denoms)}; this cycle’s sell budget{' '}
            {tokens(p.next.budget, p.baseDenom, denoms)}, left{' '}
            {tokens(p.next.budgetLeft, p.baseDenom, denoms)}
            {p.next.pause ? ` — paused: ${p.next.pause}` : ''}
          </p>
          <div className="table-wrap">
            <table>
              <caption>Targets</caption>
              <thead>
                <tr>
                  <th scope="col">asset</th>
                  <th scope="col">weight</th>
                  <th scope="col">aimed</th>
                  <th scope="col">drift</th>
                  <th scope="col">side</th>
                  <th scope="col">reason</th>
                </tr>
              </thead>
              <tbody>
                {p.next.targets.map((t) => (
                  <tr key={t.denom}>
                    <th scope="row">{t.denom}</th>
                    <td>{t.currentPct.toFixed(2)} %</td>
                    <td>{t.aimedPct.toFixed(2)} %</td>
                    <td>{t.driftPp.toFixed(2)} pp</td>
                    <td>{t.side}</td>
                    <td>
                      {t.reason.replaceAll('_', ' ')}
                      {t.limitedBy ? ` (limited by ${t.limitedBy.replaceAll('_', ' ')})` : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="table-wrap">
            <table>
              <caption>Trades (one pair auction each)</caption>
              <thead>
                <tr>
                  <th scope="col">sell</th>
                  <th scope="col">buy</th>
                  <th scope="col">amount sold</th>
                  <th scope="col">value</th>
                </tr>
              </thead>
              <tbody>
                {p.next.trades.length === 0 ? (
                  <tr>
                    <td colSpan={4}>no trade</td>
                  </tr>
                ) : (
                  p.next.trades.map((t, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: trades have no identity but their order
                    <tr key={`${t.sell}-${t.buy}-${i}`}>
                      <td>{t.sell}</td>
                      <td>{t.buy}</td>
                      <td>{tokens(t.amount, t.sell, denoms)}</td>
                      <td>
                        {tokens(t.value, p.baseDenom, denoms)}
                        {t.minLot ? ' (minimum lot)' : ''}
                      </td>
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </div>
        </article>
      ))}
    </>
  )
}

function BacktestPanel(props: {
  draft: Draft
  onDraft: (d: Draft) => void
  scenario: unknown
  onReport: (r: RunReport) => void
}) {
  const { draft, onDraft, scenario } = props
  const [running, setRunning] = useState<Running>(null)
  const [error, setError] = useState<string | null>(null)
  const [result, setResult] = useState<{
    r: WorkerResults['backtest']
    charts: ChartSpec[]
    ms: number
  } | null>(null)
  const { ran, stale } = useRanWith(scenario)
  const run = () => {
    ran()
    const t0 = performance.now()
    setRunning({ done: 0, total: 1, label: 'starting' })
    setError(null)
    client
      .request('backtest', { scenario }, (done, total, label) => setRunning({ done, total, label }))
      .then(
        (r) => {
          const charts = runCharts(r.report, r.series)
          props.onReport(r.report)
          setResult({ r, charts, ms: performance.now() - t0 })
          setRunning(null)
        },
        (e: unknown) => {
          setError(failureText(e))
          setRunning(null)
        },
      )
  }
  return (
    <>
      <h2>Backtest on real history</h2>
      <PeriodFields
        draft={draft}
        onChange={onDraft}
        labels={['Period start', 'Period end']}
        idPrefix="backtest-"
      />
      <button type="button" data-testid="run-backtest" disabled={!scenario || running !== null} onClick={run}>
        {running ? 'Running…' : 'Run the backtest'}
      </button>
      {running ? <Progress name="Backtest progress" {...running} /> : null}
      <StaleNote stale={stale && result !== null} what="backtest" />
      {error ? (
        <pre className="error-box" role="alert">
          {error}
        </pre>
      ) : null}
      {result ? (
        <div data-testid="backtest-done" data-ms={Math.round(result.ms)}>
          <p className="muted">
            {result.r.report.cycles_run} days on the {result.r.engine} path in {(result.ms / 1000).toFixed(1)}{' '}
            s.
          </p>
          <Summary report={result.r.report} metrics={result.r.metrics} />
          <Charts specs={result.charts} />
        </div>
      ) : null}
    </>
  )
}

/** The run's summary; `metrics[i]` (sim's `strategyMetrics`) adds buy-and-hold when the run's simulation is known. */
function Summary({ report, metrics }: { report: RunReport; metrics: readonly (StrategyMetrics | null)[] }) {
  return (
    <div className="table-wrap">
      <table data-testid="summary">
        <caption>Summary</caption>
        <thead>
          <tr>
            <th scope="col">account</th>
            <th scope="col">start</th>
            <th scope="col">end</th>
            <th scope="col">buy-and-hold</th>
            <th scope="col">vs hold</th>
            <th scope="col">execution vs market</th>
            <th scope="col">days to ±1 pp</th>
          </tr>
        </thead>
        <tbody>
          {report.summary.map((s, i) => {
            const m = metrics[i] ?? null
            return (
              <tr key={s.address}>
                <th scope="row">{s.name}</th>
                <td>{usd(s.start_usd)}</td>
                <td>{usd(s.end_usd)}</td>
                <td>{m === null ? '—' : usd(String(m.buyAndHoldUsd))}</td>
                <td>{m === null ? '—' : `${m.vsBuyAndHoldBps.toFixed(1)} bps`}</td>
                <td>
                  {s.execution_vs_market_bps === null ? '—' : `${s.execution_vs_market_bps.toFixed(1)} bps`}
                </td>
                <td>{s.days_to_within_1pp ?? 'never'}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

function ComparePanel(props: {
  scenario: unknown
  strategies: string[]
  onStrategies: (s: string[]) => void
}) {
  const [running, setRunning] = useState<Running>(null)
  const [error, setError] = useState<string | null>(null)
  const [result, setResult] = useState<ReturnType<typeof compareCharts> | null>(null)
  const { ran, stale } = useRanWith([props.scenario, props.strategies])
  const run = () => {
    ran()
    setRunning({ done: 0, total: props.strategies.length, label: 'starting' })
    setError(null)
    client
      .request('compare', { scenario: props.scenario, strategies: props.strategies }, (done, total, label) =>
        setRunning({ done, total, label }),
      )
      .then(
        (r) => {
          setResult(compareCharts(r.rows, r.best))
          setRunning(null)
        },
        (e: unknown) => {
          setError(failureText(e))
          setRunning(null)
        },
      )
  }
  return (
    <>
      <h2>Compare strategies</h2>
      <fieldset>
        <legend>Strategies (each a backtest on the same history)</legend>
        <div className="checks">
          {DEFAULT_STRATEGIES.map((s, i) => (
            <label key={s.name} htmlFor={`strategy-${i}`}>
              <input
                id={`strategy-${i}`}
                type="checkbox"
                checked={props.strategies.includes(s.name)}
                onChange={(e) =>
                  props.onStrategies(
                    e.target.checked
                      ? DEFAULT_STRATEGIES.map((x) => x.name).filter(
                          (n) => n === s.name || props.strategies.includes(n),
                        )
                      : props.strategies.filter((n) => n !== s.name),
                  )
                }
              />{' '}
              {s.name}
            </label>
          ))}
        </div>
      </fieldset>
      <button
        type="button"
        data-testid="run-compare"
        disabled={!props.scenario || running !== null || props.strategies.length === 0}
        onClick={run}
      >
        {running
          ? 'Comparing…'
          : `Compare ${props.strategies.length} strateg${props.strategies.length === 1 ? 'y' : 'ies'}`}
      </button>
      {running ? <Progress name="Comparison progress" {...running} /> : null}
      <StaleNote stale={stale && result !== null} what="comparison" />
      {error ? (
        <pre className="error-box" role="alert">
          {error}
        </pre>
      ) : null}
      {result?.tables.map((t, i) => (
        <article key={t.account} className="account-result">
          <h3>{t.account}</h3>
          <div className="table-wrap">
            <table data-testid={`compare-table-${i}`}>
              <caption>Best of each column marked ★</caption>
              <thead>
                <tr>
                  {t.head.map((h) => (
                    <th scope="col" key={h}>
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {t.rows.map((r) => (
                  <tr key={r.name} className={r.baseline ? 'baseline' : undefined}>
                    <th scope="row">{r.name}</th>
                    {r.cells.map((c, j) => (
                      <td key={t.head[j + 1]} className={r.best[j] ? 'best' : undefined}>
                        {r.best[j] ? (
                          <strong>
                            {c} <span aria-hidden="true">★</span>
                            <span className="sr-only"> (best)</span>
                          </strong>
                        ) : (
                          c
                        )}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {result.charts[i] ? <Charts specs={[result.charts[i]]} /> : null}
        </article>
      ))}
    </>
  )
}

function ReportPanel() {
  const [error, setError] = useState<string | null>(null)
  const [note, setNote] = useState<string | null>(null)
  const [loaded, setLoaded] = useState<{ report: RunReport; charts: ChartSpec[] } | null>(null)
  const [over, setOver] = useState(false)
  const input = useRef<HTMLInputElement>(null)
  // the file opened last wins, whichever answer comes back first
  const opening = useRef(0)
  const open = async (file: File) => {
    const token = ++opening.current
    setError(null)
    setNote(null)
    setLoaded(null)
    let json: unknown
    try {
      json = JSON.parse(await file.text())
    } catch {
      setError(`${file.name} is not JSON: choose the file written by pnpm start --report <file>`)
      return
    }
    const r = RunReport.safeParse(json)
    if (!r.success) {
      setError(
        `${file.name} is not a run report (version 2):\n${r.error.issues
          .slice(0, 5)
          .map((i) => `  ${i.path.join('.') || 'report'}: ${i.message}`)
          .join('\n')}`,
      )
      return
    }
    const report = r.data
    let answer: WorkerResults['open-report']
    try {
      answer = await client.request('open-report', { report })
    } catch (e) {
      if (token === opening.current) setError(`${file.name}: ${failureText(e)}`)
      return
    }
    if (token !== opening.current) return
    const { series, reason } = answer
    if (series) setLoaded({ report, charts: runCharts(report, series) })
    else {
      setNote(
        `Its scenario could not be prepared on the shipped history (${reason}): showing the charts that need only the report.`,
      )
      setLoaded({
        report,
        charts: [...report.summary.map((_, i) => weightChart(report, i)), executionChart(report)],
      })
    }
  }
  return (
    <>
      <h2>Open a report</h2>
      <label
        htmlFor="report-file"
        className={over ? 'drop over' : 'drop'}
        onDragOver={(e) => {
          e.preventDefault()
          setOver(true)
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault()
          setOver(false)
          const f = e.dataTransfer.files[0]
          if (f) void open(f)
        }}
      >
        Drop a report JSON here (written by <code>pnpm start --report &lt;file&gt;</code>), or choose a file:
        <input
          ref={input}
          id="report-file"
          type="file"
          accept="application/json,.json"
          onChange={(e) => {
            const f = e.target.files?.[0]
            if (f) void open(f)
          }}
        />
      </label>
      {error ? (
        <pre className="error-box" role="alert">
          {error}
        </pre>
      ) : null}
      {note ? <p className="banner">{note}</p> : null}
      {loaded ? (
        <div data-testid="report-loaded">
          <Summary report={loaded.report} metrics={loaded.report.summary.map(() => null)} />
          <Charts specs={loaded.charts} />
        </div>
      ) : null}
    </>
  )
}
