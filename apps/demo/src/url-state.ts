/**
 * The page's state in its URL (issue #13: a link reproduces the page): the form's draft, the tab
 * the strategies to compare and the Export panel's choices, as base64url JSON in the hash (`#s=…`). Decoding checks the shape
 * (zod, strict) and says what is wrong; the page then falls back to the default.
 */
import * as z from 'zod'
import { Draft } from './draft.js'
import { ExportState } from './export/state.js'

/** The page's tabs, in order. */
export const TABS = ['configure', 'project', 'backtest', 'auction', 'compare', 'export', 'report'] as const
export type Tab = (typeof TABS)[number]

/** Everything the URL carries (version 1). */
export const PageState = z.strictObject({
  v: z.literal(1),
  tab: z.enum(TABS),
  draft: Draft,
  /** Names of sim's `DEFAULT_STRATEGIES` to compare. */
  strategies: z.array(z.string().max(100)).max(32),
  /** The Export panel's choices; absent: its defaults. */
  export: ExportState.optional(),
})
export type PageState = z.infer<typeof PageState>

const PREFIX = '#s='

function toBase64Url(text: string): string {
  let bin = ''
  for (const b of new TextEncoder().encode(text)) bin += String.fromCharCode(b)
  return btoa(bin).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')
}

function fromBase64Url(text: string): string {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url')
  const bin = atob(text.replaceAll('-', '+').replaceAll('_', '/'))
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)))
}

/** The URL hash of a state: `#s=` and the state's JSON in base64url. */
export function encodeState(state: PageState): string {
  return PREFIX + toBase64Url(JSON.stringify(state))
}

/**
 * Reads a URL hash: `null` when it carries no state (empty hash), the state when it is one, else
 * an error saying what is wrong (not base64url, not JSON, or the field that breaks the shape).
 */
export function decodeState(hash: string): { state: PageState } | { error: string } | null {
  if (hash === '' || hash === '#') return null
  if (!hash.startsWith(PREFIX)) return { error: `the link's state must start with "${PREFIX}"` }
  let json: unknown
  try {
    json = JSON.parse(fromBase64Url(hash.slice(PREFIX.length)))
  } catch {
    return { error: "the link's state is not base64url-encoded JSON" }
  }
  const r = PageState.safeParse(json)
  if (r.success) return { state: r.data }
  const i = r.error.issues[0]!
  return { error: `the link's state is not valid: ${i.path.join('.') || 'state'}: ${i.message}` }
}
