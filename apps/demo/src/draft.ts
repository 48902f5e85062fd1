/**
 * The configuration form's state (a "draft"): every input as the text the visitor typed, so that
 * any edit, valid or not, can be shown, put in the URL and read back. {@link draftScenario} turns
 * it into the scenario input that sim's `parseScenario` checks; its problems come back with
 * scenario field paths, and {@link fieldKey} names the form input of each. No rule is checked
 * here: the schemas are the scenario's.
 */
import { DEFAULT_SCENARIO, type Scenario } from '@rebalancer/types'
import * as z from 'zod'

const TRIGGER_MODES = ['none', 'calendar', 'threshold', 'five25', 'hybrid'] as const
const SPEED_MODES = ['preset', 'gains', 'wish'] as const

/** One account of the form. */
export const AccountDraft = z.strictObject({
  name: z.string(),
  base_denom: z.string(),
  targets: z.array(z.strictObject({ denom: z.string(), bps: z.string(), min_balance: z.string() })).max(16),
  target_override_strategy: z.enum(['proportional', 'priority']),
  speed: z.strictObject({
    mode: z.enum(SPEED_MODES),
    preset: z.enum(['slow', 'medium', 'fast']),
    p: z.string(),
    i: z.string(),
    d: z.string(),
    within_pp: z.string(),
    days: z.string(),
  }),
  /** Empty: the default (10000). */
  max_limit_bps: z.string(),
  trigger: z.strictObject({
    mode: z.enum(TRIGGER_MODES),
    every_cycles: z.string(),
    absolute_pp: z.string(),
    relative_fraction: z.string(),
  }),
  initial: z
    .array(z.strictObject({ denom: z.string(), kind: z.enum(['amount', 'usd']), value: z.string() }))
    .max(16),
})
export type AccountDraft = z.infer<typeof AccountDraft>

/** The whole form: the period and the accounts (denoms and market makers are the default scenario's). */
export const Draft = z.strictObject({
  start: z.string(),
  end: z.string(),
  accounts: z.array(AccountDraft).min(1).max(8),
})
export type Draft = z.infer<typeof Draft>

/** The chain denoms the form offers (the default scenario's, each a column of the shipped prices). */
export const DENOMS: readonly string[] = Object.keys(DEFAULT_SCENARIO.denoms)

/** A fresh account draft with the form's defaults for every mode. */
function blankAccount(): AccountDraft {
  return {
    name: '',
    base_denom: 'uusdc',
    targets: [],
    target_override_strategy: 'proportional',
    speed: { mode: 'preset', preset: 'medium', p: '0.1', i: '0', d: '0', within_pp: '1', days: '30' },
    max_limit_bps: '',
    trigger: { mode: 'none', every_cycles: '7', absolute_pp: '5', relative_fraction: '0.25' },
    initial: [],
  }
}

/** The draft of a scenario's account (the form's view of it). */
export function accountDraft(a: Scenario['accounts'][number]): AccountDraft {
  const d = blankAccount()
  d.name = a.name
  d.base_denom = a.base_denom
  d.targets = a.targets.map((t) => ({ denom: t.denom, bps: String(t.bps), min_balance: t.min_balance ?? '' }))
  d.target_override_strategy = a.target_override_strategy ?? 'proportional'
  if (typeof a.speed === 'string') d.speed = { ...d.speed, mode: 'preset', preset: a.speed }
  else if ('within_pp' in a.speed)
    d.speed = { ...d.speed, mode: 'wish', within_pp: a.speed.within_pp, days: String(a.speed.days) }
  else d.speed = { ...d.speed, mode: 'gains', p: a.speed.p, i: a.speed.i, d: a.speed.d }
  d.max_limit_bps = a.max_limit_bps === undefined ? '' : String(a.max_limit_bps)
  const t = a.trigger
  if (t?.calendar)
    d.trigger = { ...d.trigger, mode: 'calendar', every_cycles: String(t.calendar.every_cycles) }
  else if (t?.hybrid)
    d.trigger = {
      ...d.trigger,
      mode: 'hybrid',
      every_cycles: String(t.hybrid.every_cycles),
      absolute_pp: t.hybrid.tolerance.absolute_pp ?? d.trigger.absolute_pp,
    }
  else if (t?.threshold?.tolerance.any_of) {
    const any = t.threshold.tolerance.any_of
    d.trigger = {
      ...d.trigger,
      mode: 'five25',
      absolute_pp: any.find((b) => b.absolute_pp)?.absolute_pp ?? d.trigger.absolute_pp,
      relative_fraction:
        any.find((b) => b.relative_fraction)?.relative_fraction ?? d.trigger.relative_fraction,
    }
  } else if (t?.threshold)
    d.trigger = { ...d.trigger, mode: 'threshold', absolute_pp: t.threshold.tolerance.absolute_pp ?? '' }
  d.initial = a.initial.map((h) =>
    'amount' in h
      ? { denom: h.denom, kind: 'amount' as const, value: h.amount }
      : { denom: h.denom, kind: 'usd' as const, value: h.usd },
  )
  return d
}

/** The form's start: the default scenario. */
export function defaultDraft(): Draft {
  return {
    start: DEFAULT_SCENARIO.start,
    end: DEFAULT_SCENARIO.end,
    accounts: DEFAULT_SCENARIO.accounts.map(accountDraft),
  }
}

/** A new account for the form's "add account": 50/50 ATOM/USDC, $100,000 of USDC. */
export function newAccount(n: number): AccountDraft {
  return {
    ...blankAccount(),
    name: `Account ${n}`,
    targets: [
      { denom: 'uatom', bps: '5000', min_balance: '' },
      { denom: 'uusdc', bps: '5000', min_balance: '' },
    ],
    initial: [{ denom: 'uusdc', kind: 'usd', value: '100000' }],
  }
}

/**
 * A whole number typed as text → the number; anything else is passed on as typed (the schema
 * then says what the field must be). Empty → undefined (the schema says "is required").
 */
function whole(text: string): number | string | undefined {
  const t = text.trim()
  if (t === '') return undefined
  return /^-?\d+$/.test(t) ? Number(t) : t
}

/** Decimal text fields: trimmed, empty → undefined. */
function dec(text: string): string | undefined {
  const t = text.trim()
  return t === '' ? undefined : t
}

/** The tolerance of a threshold or hybrid trigger as the wire writes it. */
function tolerance(t: AccountDraft['trigger']) {
  return t.mode === 'five25'
    ? { any_of: [{ absolute_pp: dec(t.absolute_pp) }, { relative_fraction: dec(t.relative_fraction) }] }
    : { absolute_pp: dec(t.absolute_pp) }
}

/** The scenario account the draft describes (unchecked). */
function draftAccount(a: AccountDraft): Record<string, unknown> {
  const s = a.speed
  const speed =
    s.mode === 'preset'
      ? s.preset
      : s.mode === 'gains'
        ? { p: dec(s.p), i: dec(s.i), d: dec(s.d) }
        : { within_pp: dec(s.within_pp), days: whole(s.days) }
  const t = a.trigger
  const trigger =
    t.mode === 'none'
      ? undefined
      : t.mode === 'calendar'
        ? { calendar: { every_cycles: whole(t.every_cycles) } }
        : t.mode === 'hybrid'
          ? { hybrid: { every_cycles: whole(t.every_cycles), tolerance: tolerance(t) } }
          : { threshold: { tolerance: tolerance(t) } }
  return {
    name: a.name,
    base_denom: a.base_denom,
    targets: a.targets.map((x) => ({ denom: x.denom, bps: whole(x.bps), min_balance: dec(x.min_balance) })),
    speed,
    max_limit_bps: whole(a.max_limit_bps),
    // proportional is the default: left out, as the default scenario writes it
    target_override_strategy:
      a.target_override_strategy === 'proportional' ? undefined : a.target_override_strategy,
    initial: a.initial.map((h) => ({ denom: h.denom, [h.kind]: dec(h.value) })),
    trigger,
  }
}

/** Drops `undefined` fields (an absent optional field), deeply, as JSON would. */
function clean<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T
}

/**
 * The scenario input the draft describes, for `parseScenario` (not checked here): the default
 * scenario's denoms and market makers, the draft's period and accounts. Text that is not a whole
 * number where the scenario wants one is passed on as typed, so the schema names the field.
 */
export function draftScenario(d: Draft): unknown {
  return clean({
    start: d.start,
    end: d.end,
    denoms: DEFAULT_SCENARIO.denoms,
    accounts: d.accounts.map(draftAccount),
    market_makers: DEFAULT_SCENARIO.market_makers,
  })
}

/** The form input's key of a scenario path: `accounts.0.targets.1.bps`. */
export function fieldKey(path: readonly (string | number)[]): string {
  return path.join('.')
}

/** A problem of the scenario as the form shows it: at its field's key. */
export interface FieldProblem {
  key: string
  message: string
}

/**
 * Groups problems by the form input they belong to: a problem's path, or its nearest ancestor that
 * is one of `keys` (e.g. `accounts.0.targets` for "bps must sum to 10000"); problems with no such
 * field are under `''` (shown at the top of the form).
 */
export function problemsByField(
  problems: readonly { path: readonly (string | number)[]; message: string }[],
  keys: ReadonlySet<string>,
): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const p of problems) {
    let path = [...p.path]
    while (path.length > 0 && !keys.has(fieldKey(path))) path = path.slice(0, -1)
    const key = path.length === 0 ? '' : fieldKey(path)
    const message =
      key === fieldKey(p.path)
        ? p.message
        : `${fieldKey(p.path.slice(path.length)) || ''} ${p.message}`.trim()
    out.set(key, [...(out.get(key) ?? []), message])
  }
  return out
}
