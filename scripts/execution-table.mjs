#!/usr/bin/env node
// Prints the README's "Execution quality" table: the main job (DEFAULT_SCENARIO) under each oracle
// mode, containment setting, curve and reference, side by side (`pnpm execution-table`). Takes
// a few minutes: one full run per row.
import { compareExecution } from '../packages/sim/dist/index.js'
import { DEFAULT_SCENARIO } from '../packages/types/dist/index.js'

const linear = 'linear'
const variants = [
  ...['mean', 'recency_weighted', 'median', 'volume_weighted', 'external', 'anchored'].map((mode) => ({
    name: `${mode}${mode === 'mean' ? ' (deployed)' : ''}, linear, no containment`,
    overrides: { oracle: { mode }, auction: { curve: linear, containment: 'off' } },
  })),
  {
    name: "deployed contracts (mean, linear) + the keeper's pre-open check (reference + 5%)",
    overrides: {
      oracle: { mode: 'mean' },
      auction: { curve: linear, containment: 'off' },
      keeper: { containment: { min_premium_bps: 500 } },
    },
  },
  { name: 'external + containment + live reserve, linear', overrides: { auction: { curve: linear } } },
  { name: '**default: external + containment + live reserve + two-phase**', overrides: {} },
  { name: 'default with the mean oracle', overrides: { oracle: { mode: 'mean' } } },
  { name: 'default with the anchored oracle', overrides: { oracle: { mode: 'anchored' } } },
  {
    name: 'default without the live reserve',
    overrides: { auction: { containment: { min_premium_bps: 500, max_discount_bps: 'off' } } },
  },
  { name: 'default, reference 3 s late', overrides: { oracle: { reference: { delay_seconds: 3 } } } },
  { name: 'default, reference 300 s late', overrides: { oracle: { reference: { delay_seconds: 300 } } } },
  { name: 'default, reference 1 h late', overrides: { oracle: { reference: { delay_seconds: 3600 } } } },
  { name: 'default, reference 50 bps high', overrides: { oracle: { reference: { error_bps: 50 } } } },
  { name: 'default, reference 50 bps low', overrides: { oracle: { reference: { error_bps: -50 } } } },
  {
    name: 'default with the anchored oracle, reference 50 bps high',
    overrides: { oracle: { mode: 'anchored', reference: { error_bps: 50 } } },
  },
  {
    name: 'default with the anchored oracle, reference 50 bps low',
    overrides: { oracle: { mode: 'anchored', reference: { error_bps: -50 } } },
  },
]

const only = process.argv.slice(2)
const chosen = only.length > 0 ? variants.filter((v) => only.some((o) => v.name.includes(o))) : variants
const rows = await compareExecution(DEFAULT_SCENARIO, chosen)
const bps = (n) => (n === null ? '–' : n.toFixed(1))
const usd = (n) => `$${Math.round(n).toLocaleString('en-US')}`
const names = rows[0]?.accounts.map((a) => a.name) ?? []
console.log(
  `| variant | ${names.map((n) => `${n} (bps)`).join(' | ')} | given up | fills at start | opened below market | re-anchored / refused | unfilled lots | worst fill (bps) | blocks to fill |`,
)
console.log(`|---|${names.map(() => '---:').join('|')}|---:|---:|---:|---:|---:|---:|---:|`)
for (const r of rows) {
  console.log(
    `| ${r.name} | ${r.accounts.map((a) => bps(a.executionBps)).join(' | ')} | ${usd(r.givenUpUsd)} | ${r.atStartFills} (${(r.atStartShareBps / 100).toFixed(2)}%) | ${r.openedBelowMarket} | ${r.reAnchored} / ${r.refused} | ${r.unfilledLots} (${usd(r.unfilledUsd)}) | ${bps(r.worstFillBps)} | ${r.meanBlocksToFill ?? '–'} |`,
  )
}
