import { createContext, type ReactNode, useContext } from 'react'
import { type AccountDraft, DENOMS, type Draft, newAccount } from '../draft.js'
import type { PreparedAccount } from '../worker/protocol.js'

/** Problems by field key (draft.ts's `problemsByField`). */
export const ProblemsContext = createContext<ReadonlyMap<string, string[]>>(new Map())

const idOf = (key: string) => `f-${key.replaceAll('.', '-')}`

/** The input keys of a trigger's fields in `mode` (scenario paths of account `i`). */
function triggerKeys(i: number, mode: AccountDraft['trigger']['mode']) {
  const t = `accounts.${i}.trigger`
  switch (mode) {
    case 'calendar':
      return { every: `${t}.calendar.every_cycles` }
    case 'hybrid':
      return { every: `${t}.hybrid.every_cycles`, abs: `${t}.hybrid.tolerance.absolute_pp` }
    case 'threshold':
      return { abs: `${t}.threshold.tolerance.absolute_pp` }
    case 'five25':
      return {
        abs: `${t}.threshold.tolerance.any_of.0.absolute_pp`,
        rel: `${t}.threshold.tolerance.any_of.1.relative_fraction`,
      }
    default:
      return {}
  }
}

/** Every input key the form shows for `draft` (where problems are shown). */
export function formKeys(draft: Draft): Set<string> {
  const keys = new Set(['start', 'end', 'accounts'])
  draft.accounts.forEach((a, i) => {
    const k = `accounts.${i}`
    for (const f of [
      '',
      '.name',
      '.base_denom',
      '.targets',
      '.target_override_strategy',
      '.speed',
      '.max_limit_bps',
    ])
      keys.add(k + f)
    for (const f of ['.trigger', '.initial']) keys.add(k + f)
    a.targets.forEach((_, j) => {
      for (const f of ['denom', 'bps', 'min_balance']) keys.add(`${k}.targets.${j}.${f}`)
    })
    if (a.speed.mode === 'gains') for (const f of ['p', 'i', 'd']) keys.add(`${k}.speed.${f}`)
    if (a.speed.mode === 'wish') for (const f of ['within_pp', 'days']) keys.add(`${k}.speed.${f}`)
    for (const key of Object.values(triggerKeys(i, a.trigger.mode))) keys.add(key)
    a.initial.forEach((h, j) => {
      keys.add(`${k}.initial.${j}`)
      keys.add(`${k}.initial.${j}.denom`)
      keys.add(`${k}.initial.${j}.${h.kind}`)
    })
  })
  return keys
}

function Errors({ k, id }: { k: string; id?: string }) {
  const errors = useContext(ProblemsContext).get(k)
  if (!errors) return null
  return (
    <ul className="errors" id={`${id ?? idOf(k)}-error`}>
      {errors.map((e) => (
        <li key={e}>{e}</li>
      ))}
    </ul>
  )
}

function useInvalid(k: string, id = idOf(k)) {
  const has = useContext(ProblemsContext).has(k)
  return has ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-error` } : {}
}

/** A labelled text (or date) input bound to one field key. */
function TextField(props: {
  k: string
  label: string
  value: string
  onChange: (v: string) => void
  type?: 'text' | 'date'
  inputMode?: 'numeric' | 'decimal'
  hint?: ReactNode
  /** Prefix of the input's id, when the same field is shown twice on the page. */
  idPrefix?: string
}) {
  const id = (props.idPrefix ?? '') + idOf(props.k)
  const invalid = useInvalid(props.k, id)
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        name={props.k}
        type={props.type ?? 'text'}
        inputMode={props.inputMode}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        {...invalid}
      />
      {props.hint ? <span className="hint">{props.hint}</span> : null}
      <Errors k={props.k} id={id} />
    </div>
  )
}

/** A labelled select bound to one field key. */
function SelectField<T extends string>(props: {
  k: string
  label: string
  value: T
  options: readonly (T | { value: T; label: string })[]
  onChange: (v: T) => void
}) {
  const invalid = useInvalid(props.k)
  return (
    <div className="field">
      <label htmlFor={idOf(props.k)}>{props.label}</label>
      <select
        id={idOf(props.k)}
        name={props.k}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value as T)}
        {...invalid}
      >
        {props.options.map((o) => {
          const { value, label } = typeof o === 'string' ? { value: o, label: o } : o
          return (
            <option key={value} value={value}>
              {label}
            </option>
          )
        })}
      </select>
      <Errors k={props.k} />
    </div>
  )
}

/** The scenario's period: first and last cycle day (UTC), within the shipped history. */
export function PeriodFields(props: {
  draft: Draft
  onChange: (d: Draft) => void
  labels?: readonly [string, string]
  idPrefix?: string
}) {
  const { draft, onChange } = props
  const [first, last] = props.labels ?? ['First day', 'Last day']
  const prefix = props.idPrefix ? { idPrefix: props.idPrefix } : {}
  return (
    <div className="row">
      <TextField
        k="start"
        label={first}
        type="date"
        value={draft.start}
        onChange={(start) => onChange({ ...draft, start })}
        {...prefix}
      />
      <TextField
        k="end"
        label={last}
        type="date"
        value={draft.end}
        onChange={(end) => onChange({ ...draft, end })}
        {...prefix}
      />
    </div>
  )
}

function AccountForm(props: {
  i: number
  a: AccountDraft
  prepared: PreparedAccount | undefined
  onChange: (a: AccountDraft) => void
  onRemove: (() => void) | undefined
}) {
  const { i, a, onChange } = props
  const k = `accounts.${i}`
  const set = <F extends keyof AccountDraft>(f: F, v: AccountDraft[F]) => onChange({ ...a, [f]: v })
  const sum = a.targets.reduce((s, t) => s + (/^\d+$/.test(t.bps.trim()) ? Number(t.bps) : Number.NaN), 0)
  const sumOk = sum === 10_000
  const tk = triggerKeys(i, a.trigger.mode)
  const tuned = props.prepared?.tuned
  return (
    <fieldset className="account">
      <legend>Account {i + 1}</legend>
      <Errors k={k} />
      <div className="row">
        <TextField k={`${k}.name`} label="Name" value={a.name} onChange={(v) => set('name', v)} />
        <SelectField
          k={`${k}.base_denom`}
          label="Base denom"
          value={a.base_denom}
          options={DENOMS}
          onChange={(v) => set('base_denom', v)}
        />
        <SelectField
          k={`${k}.target_override_strategy`}
          label="Override strategy (min balance)"
          value={a.target_override_strategy}
          options={['proportional', 'priority'] as const}
          onChange={(v) => set('target_override_strategy', v)}
        />
      </div>

      <fieldset>
        <legend>Targets</legend>
        <Errors k={`${k}.targets`} />
        {a.targets.map((t, j) => {
          const tkey = `${k}.targets.${j}`
          const setT = (patch: Partial<typeof t>) =>
            set(
              'targets',
              a.targets.map((x, n) => (n === j ? { ...x, ...patch } : x)),
            )
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: a target is its position (its inputs are keyed by index)
            <div className="row target" key={j}>
              <SelectField
                k={`${tkey}.denom`}
                label={`Target ${j + 1} asset`}
                value={t.denom}
                options={DENOMS}
                onChange={(v) => setT({ denom: v })}
              />
              <TextField
                k={`${tkey}.bps`}
                label={`Target ${j + 1} weight (bps)`}
                inputMode="numeric"
                value={t.bps}
                onChange={(v) => setT({ bps: v })}
                hint={/^\d+$/.test(t.bps.trim()) ? `${(Number(t.bps) / 100).toFixed(2)} %` : undefined}
              />
              <TextField
                k={`${tkey}.min_balance`}
                label={`Target ${j + 1} minimum balance (tokens)`}
                inputMode="decimal"
                value={t.min_balance}
                onChange={(v) => setT({ min_balance: v })}
              />
              <button
                type="button"
                className="small"
                onClick={() =>
                  set(
                    'targets',
                    a.targets.filter((_, n) => n !== j),
                  )
                }
                aria-label={`Remove target ${j + 1}`}
              >
                Remove
              </button>
            </div>
          )
        })}
        <p className={sumOk ? 'sum ok' : 'sum bad'} data-testid={`weight-sum-${i}`} aria-live="polite">
          Sum of weights: {Number.isNaN(sum) ? '—' : `${sum} bps (${(sum / 100).toFixed(2)} %)`}
          {sumOk ? ' ✓' : ' — must be 10000 bps (100 %)'}
        </p>
        <button
          type="button"
          className="small"
          onClick={() =>
            set('targets', [
              ...a.targets,
              {
                denom: DENOMS.find((d) => !a.targets.some((t) => t.denom === d)) ?? DENOMS[0]!,
                bps: '0',
                min_balance: '',
              },
            ])
          }
        >
          Add target
        </button>
      </fieldset>

      <fieldset>
        <legend>Speed</legend>
        <Errors k={`${k}.speed`} />
        <SelectField
          k={`${k}.speed-mode`}
          label="Speed given as"
          value={a.speed.mode}
          options={
            [
              { value: 'preset', label: 'a preset' },
              { value: 'gains', label: 'PID gains' },
              { value: 'wish', label: 'a wish (auto-tuned)' },
            ] as const
          }
          onChange={(mode) => set('speed', { ...a.speed, mode })}
        />
        {a.speed.mode === 'preset' ? (
          <SelectField
            k={`${k}.speed-preset`}
            label="Preset"
            value={a.speed.preset}
            options={
              [
                { value: 'slow', label: 'slow (p 0.05)' },
                { value: 'medium', label: 'medium (p 0.1)' },
                { value: 'fast', label: 'fast (p 0.2)' },
              ] as const
            }
            onChange={(preset) => set('speed', { ...a.speed, preset })}
          />
        ) : a.speed.mode === 'gains' ? (
          <div className="row">
            {(['p', 'i', 'd'] as const).map((g) => (
              <TextField
                key={g}
                k={`${k}.speed.${g}`}
                label={`Gain ${g.toUpperCase()}`}
                inputMode="decimal"
                value={a.speed[g]}
                onChange={(v) => set('speed', { ...a.speed, [g]: v })}
              />
            ))}
          </div>
        ) : (
          <div className="row">
            <TextField
              k={`${k}.speed.within_pp`}
              label="Within (percentage points)"
              inputMode="decimal"
              value={a.speed.within_pp}
              onChange={(v) => set('speed', { ...a.speed, within_pp: v })}
            />
            <TextField
              k={`${k}.speed.days`}
              label="In about (days)"
              inputMode="numeric"
              value={a.speed.days}
              onChange={(v) => set('speed', { ...a.speed, days: v })}
            />
          </div>
        )}
        {tuned ? (
          <p className="tuned" data-testid={`tuned-${i}`}>
            Tuned: p = {tuned.p}, cap {tuned.maxLimitBps} bps per cycle —{' '}
            {tuned.met ? 'the projection meets the wish' : 'the projection does not meet the wish'}
          </p>
        ) : null}
        <TextField
          k={`${k}.max_limit_bps`}
          label="Per-cycle cap (bps of value; empty: 10000, or tuned)"
          inputMode="numeric"
          value={a.max_limit_bps}
          onChange={(v) => set('max_limit_bps', v)}
        />
      </fieldset>

      <fieldset>
        <legend>Trigger</legend>
        <Errors k={`${k}.trigger`} />
        <SelectField
          k={`${k}.trigger-mode`}
          label="Rebalance"
          value={a.trigger.mode}
          options={
            [
              { value: 'none', label: 'every cycle' },
              { value: 'calendar', label: 'every N cycles (calendar)' },
              { value: 'threshold', label: 'when a weight drifts N pp (threshold)' },
              { value: 'five25', label: '5/25 rule (pp or relative)' },
              { value: 'hybrid', label: 'every N cycles or on drift (hybrid)' },
            ] as const
          }
          onChange={(mode) => set('trigger', { ...a.trigger, mode })}
        />
        <div className="row">
          {tk.every ? (
            <TextField
              k={tk.every}
              label="Every (cycles)"
              inputMode="numeric"
              value={a.trigger.every_cycles}
              onChange={(v) => set('trigger', { ...a.trigger, every_cycles: v })}
            />
          ) : null}
          {tk.abs ? (
            <TextField
              k={tk.abs}
              label="Drift (percentage points)"
              inputMode="decimal"
              value={a.trigger.absolute_pp}
              onChange={(v) => set('trigger', { ...a.trigger, absolute_pp: v })}
            />
          ) : null}
          {tk.rel ? (
            <TextField
              k={tk.rel}
              label="Relative drift (fraction of the target)"
              inputMode="decimal"
              value={a.trigger.relative_fraction}
              onChange={(v) => set('trigger', { ...a.trigger, relative_fraction: v })}
            />
          ) : null}
        </div>
      </fieldset>

      <fieldset>
        <legend>Initial holdings</legend>
        <Errors k={`${k}.initial`} />
        {a.initial.map((h, j) => {
          const hk = `${k}.initial.${j}`
          const setH = (patch: Partial<typeof h>) =>
            set(
              'initial',
              a.initial.map((x, n) => (n === j ? { ...x, ...patch } : x)),
            )
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: a holding is its position (its inputs are keyed by index)
            <div className="row" key={j}>
              <Errors k={hk} />
              <SelectField
                k={`${hk}.denom`}
                label={`Holding ${j + 1} asset`}
                value={h.denom}
                options={DENOMS}
                onChange={(v) => setH({ denom: v })}
              />
              <SelectField
                k={`${hk}.kind`}
                label={`Holding ${j + 1} given in`}
                value={h.kind}
                options={
                  [
                    { value: 'amount', label: 'tokens' },
                    { value: 'usd', label: 'USD' },
                  ] as const
                }
                onChange={(kind) => setH({ kind })}
              />
              <TextField
                k={`${hk}.${h.kind}`}
                label={`Holding ${j + 1} ${h.kind === 'usd' ? 'USD' : 'tokens'}`}
                inputMode="decimal"
                value={h.value}
                onChange={(v) => setH({ value: v })}
              />
              <button
                type="button"
                className="small"
                onClick={() =>
                  set(
                    'initial',
                    a.initial.filter((_, n) => n !== j),
                  )
                }
                aria-label={`Remove holding ${j + 1}`}
              >
                Remove
              </button>
            </div>
          )
        })}
        <button
          type="button"
          className="small"
          onClick={() =>
            set('initial', [
              ...a.initial,
              { denom: a.targets[0]?.denom ?? DENOMS[0]!, kind: 'usd', value: '' },
            ])
          }
        >
          Add holding
        </button>
      </fieldset>
      {props.onRemove ? (
        <button type="button" onClick={props.onRemove}>
          Remove account {i + 1}
        </button>
      ) : null}
    </fieldset>
  )
}

/** The "Configure a treasury" form: period and accounts, errors inline from the scenario's schemas. */
export function ConfigureForm(props: {
  draft: Draft
  onChange: (d: Draft) => void
  prepared: readonly PreparedAccount[] | undefined
}) {
  const { draft, onChange } = props
  return (
    <form className="configure" onSubmit={(e) => e.preventDefault()} noValidate>
      <Errors k="" />
      <PeriodFields draft={draft} onChange={onChange} />
      <Errors k="accounts" />
      {draft.accounts.map((a, i) => (
        <AccountForm
          // biome-ignore lint/suspicious/noArrayIndexKey: an account is its position (its inputs are keyed by index)
          key={i}
          i={i}
          a={a}
          prepared={props.prepared?.[i]}
          onChange={(na) =>
            onChange({ ...draft, accounts: draft.accounts.map((x, n) => (n === i ? na : x)) })
          }
          onRemove={
            draft.accounts.length > 1
              ? () => onChange({ ...draft, accounts: draft.accounts.filter((_, n) => n !== i) })
              : undefined
          }
        />
      ))}
      {draft.accounts.length < 8 ? (
        <button
          type="button"
          onClick={() =>
            onChange({ ...draft, accounts: [...draft.accounts, newAccount(draft.accounts.length + 1)] })
          }
        >
          Add account
        </button>
      ) : null}
    </form>
  )
}
