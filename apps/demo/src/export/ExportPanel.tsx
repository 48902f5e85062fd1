/**
 * Export (issue #13, item 6): the exact proposal a DAO submits for one of the page's accounts —
 * create & register, update the config, fund, a one-time order, pause or resume — direct or
 * through a pre-propose module, wrapped for Polytone or ICA when the DAO lives on another chain.
 * Every message is built by `treasuryProposal` of `@rebalancer/adapters/cosmjs` (loaded on demand,
 * out of the initial JavaScript); this component only collects the fields and shows the result.
 */
import type { ProposalIssue, TreasuryProposalInput } from '@rebalancer/adapters'
import type { RebalancerConfig, Scenario } from '@rebalancer/types'
import { Dec } from '@rebalancer/types'
import { type JSX, useEffect, useId, useState } from 'react'
import { EXAMPLE } from './examples.js'
import { DEFAULT_EXPORT_STATE, type ExportField, type ExportState } from './state.js'
import './export.css'

type Root = typeof import('@rebalancer/adapters')
type Cosmjs = typeof import('@rebalancer/adapters/cosmjs')
type ActionKind = TreasuryProposalInput['action']['kind']
type RouteKind = TreasuryProposalInput['route']['kind']

const ACTIONS: [ActionKind, string][] = [
  ['create', 'Create & register'],
  ['update', 'Update config'],
  ['fund', 'Fund'],
  ['order', 'One-time order'],
  ['pause', 'Pause'],
  ['resume', 'Resume'],
]
const ROUTES: [RouteKind, string][] = [
  ['local', 'Local (the DAO is on Neutron)'],
  ['polytone', 'Polytone'],
  ['ica', 'ICA (ICS-27 MsgSendTx)'],
  ['neutron_ica', 'ICA (Neutron MsgSubmitTx)'],
]

/** The form's text fields, all as typed (validated by the package's zod schema). */
interface Fields {
  account: string
  servicesManager: string
  auctionsManager: string
  codeId: string
  checksum: string
  registerFee: string
  salt: string
  daoCore: string
  moduleKind: 'direct' | 'pre_propose'
  moduleAddress: string
  deposit: string
  depositDenom: string
  note: string
  proxy: string
  connectionId: string
  icaAddress: string
  icaId: string
  ackFee: string
  timeoutFee: string
  proposer: string
  title: string
  description: string
  reason: string
  maxLimitBps: string
  p: string
  sell: string
  buy: string
  orderAmount: string
}

// the URL's field names (state.ts) are exactly these fields
type SameKeys = [keyof Fields] extends [ExportField]
  ? [ExportField] extends [keyof Fields]
    ? true
    : false
  : false
const sameKeys: SameKeys = true
void sameKeys

/** The form's first values: the examples and the `neutron-1` preset's contracts. */
const initialFields = (net: Root['NEUTRON_1']): Fields => ({
  account: EXAMPLE.account,
  servicesManager: net.contracts.services_manager ?? '',
  auctionsManager: net.contracts.auctions_manager,
  codeId: EXAMPLE.codeId,
  checksum: EXAMPLE.checksum,
  registerFee: EXAMPLE.registerFee,
  salt: 'valence',
  daoCore: EXAMPLE.daoCore,
  moduleKind: 'direct',
  moduleAddress: EXAMPLE.proposalModule,
  deposit: '',
  depositDenom: 'untrn',
  note: EXAMPLE.note,
  proxy: EXAMPLE.proxy,
  connectionId: EXAMPLE.connectionId,
  icaAddress: EXAMPLE.icaAddress,
  icaId: 'treasury',
  ackFee: '1000',
  timeoutFee: '1000',
  proposer: EXAMPLE.proposer,
  title: '',
  description: '',
  reason: '',
  maxLimitBps: '',
  p: '',
  sell: '',
  buy: '',
  orderAmount: '1000000',
})

const DEFAULT_TITLES: Record<ActionKind, string> = {
  create: 'Create and register the treasury’s rebalancer account',
  update: 'Update the rebalancer configuration',
  fund: 'Fund the rebalancer account',
  order: 'Place a one-time order',
  pause: 'Pause the rebalancer',
  resume: 'Resume the rebalancer',
}

/** Digits only: a base-unit amount as typed, or undefined when empty. */
const amountOf = (s: string) => (s.trim() === '' ? undefined : s.trim())

/** The typed P gain: undefined when empty, the Dec, or the reason it is not a decimal. */
function parsedP(s: string): Dec | string | undefined {
  if (s.trim() === '') return undefined
  try {
    return Dec.parse(s.trim())
  } catch (e) {
    return `must be a decimal such as 0.1 (${(e as Error).message})`
  }
}

/** A name usable in a file name: `DAO treasury` → `dao-treasury`. */
const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'account'

/**
 * Props: the page's parsed scenario and each account's registered config (gains tuned); optionally
 * the panel's choices (`state`, e.g. from the URL) and `onState`, called with every change. Without
 * `state` the panel keeps its own.
 */
export function ExportPanel(props: {
  scenario: Scenario
  configs: readonly RebalancerConfig[]
  state?: ExportState
  onState?: (state: ExportState) => void
}): JSX.Element {
  const headingId = `${useId()}-heading`
  const [own, setOwn] = useState<ExportState>(props.state ?? DEFAULT_EXPORT_STATE)
  const state = props.state ?? own
  const onState = (next: ExportState) => {
    setOwn(next)
    props.onState?.(next)
  }
  const [mods, setMods] = useState<{ root: Root; cosmjs: Cosmjs } | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  useEffect(() => {
    let live = true
    // both halves of the adapters load on demand, outside the page's initial JavaScript
    Promise.all([import('@rebalancer/adapters'), import('@rebalancer/adapters/cosmjs')]).then(
      ([root, cosmjs]) => live && setMods({ root, cosmjs }),
      (e: unknown) => live && setLoadError(`could not load the message builders: ${(e as Error).message}`),
    )
    return () => {
      live = false
    }
  }, [])
  return (
    <section data-testid="export-panel" aria-labelledby={headingId} className="export-panel">
      <h2 id={headingId}>Export the proposal</h2>
      {mods ? (
        <ExportForm
          scenario={props.scenario}
          configs={props.configs}
          root={mods.root}
          cosmjs={mods.cosmjs}
          state={state}
          onState={onState}
        />
      ) : (
        <p className={loadError ? 'export-error' : 'export-hint'}>
          {loadError ?? 'Loading the message builders…'}
        </p>
      )}
    </section>
  )
}

/** The form and its output, once the adapters are loaded. */
function ExportForm(props: {
  scenario: Scenario
  configs: readonly RebalancerConfig[]
  root: Root
  cosmjs: Cosmjs
  state: ExportState
  onState: (state: ExportState) => void
}): JSX.Element {
  const { scenario, configs, cosmjs, state } = props
  const {
    chainConfig,
    chainDenom,
    checkTreasuryProposalInput,
    NEUTRON_1,
    ProposalInputError,
    unmappedDenoms,
  } = props.root
  const id = useId()
  const [status, setStatus] = useState('')
  const { account: accountIndex, action, route, funds, overrides } = state
  const f: Fields = { ...initialFields(NEUTRON_1), ...state.fields } as Fields
  const change = (patch: Partial<ExportState>) => props.onState({ ...state, ...patch })
  const setAccountIndex = (account: number) => change({ account })
  const setAction = (next: ActionKind) => change({ action: next })
  const setRoute = (next: RouteKind) => change({ route: next })
  const setFunds = (next: (old: Record<string, string>) => Record<string, string>) =>
    change({ funds: next(funds) })
  const setOverrides = (next: (old: Record<string, string>) => Record<string, string>) =>
    change({ overrides: next(overrides) })

  const index = Math.min(accountIndex, Math.max(0, configs.length - 1))
  const accountName = scenario.accounts[index]?.name ?? `account ${index + 1}`
  const localConfig = configs[index]
  const network = {
    ...NEUTRON_1,
    contracts: {
      ...NEUTRON_1.contracts,
      services_manager: f.servicesManager.trim(),
      auctions_manager: f.auctionsManager.trim(),
    },
  }
  const mapping = { denoms: scenario.denoms, network, overrides }
  const unmapped = localConfig ? unmappedDenoms(localConfig, mapping) : []
  // the denoms the network cannot map alone: asked for while the account is selected
  const asked = localConfig ? unmappedDenoms(localConfig, { denoms: scenario.denoms, network }) : []
  const onChain = (d: string) => {
    try {
      return chainDenom(d, mapping)
    } catch {
      return undefined
    }
  }
  // the account's config on chain: its denoms mapped (undefined while one is unmapped)
  const config: RebalancerConfig | undefined =
    localConfig && unmapped.length === 0 ? chainConfig(localConfig, mapping) : undefined
  const targetDenoms = config?.targets.map((t) => t.denom) ?? []
  const localOf = (chain: string) =>
    localConfig?.targets.find((t) => onChain(t.denom) === chain)?.denom ?? chain

  const set = (k: ExportField) => (e: { target: { value: string } }) => {
    // the URL keeps only what differs from the examples
    const { [k]: _old, ...rest } = state.fields
    const fields = e.target.value === initialFields(NEUTRON_1)[k] ? rest : { ...rest, [k]: e.target.value }
    change({ fields })
  }

  const coinsOf = (amounts: Record<string, string>) =>
    targetDenoms.flatMap((d) => {
      const a = amountOf(amounts[d] ?? '')
      return a === undefined ? [] : [{ denom: d, amount: a }]
    })

  const input = ((): TreasuryProposalInput | undefined => {
    if (!config) return undefined
    let act: TreasuryProposalInput['action']
    switch (action) {
      case 'create': {
        const fee = amountOf(f.registerFee)
        act = {
          kind: 'create',
          codeId: f.codeId.trim() === '' ? Number.NaN : Number(f.codeId),
          checksum: f.checksum.trim(),
          config,
          funds: coinsOf(funds),
          registerFee: fee === undefined ? null : { denom: 'untrn', amount: fee },
          ...(f.salt !== 'valence' ? { salt: f.salt } : {}),
        }
        break
      }
      case 'update': {
        const to: RebalancerConfig = { ...config }
        if (f.maxLimitBps.trim() !== '') to.maxLimitBps = Number(f.maxLimitBps)
        const p = parsedP(f.p)
        if (p !== undefined && typeof p !== 'string') to.pid = { ...config.pid, p }
        act = { kind: 'update', from: config, to }
        break
      }
      case 'fund':
        act = { kind: 'fund', coins: coinsOf(funds) }
        break
      case 'order':
        act = {
          kind: 'order',
          sell: f.sell || targetDenoms[0] || '',
          buy: f.buy || targetDenoms[1] || '',
          amount: f.orderAmount.trim(),
        }
        break
      case 'pause':
        act = f.reason.trim() === '' ? { kind: 'pause' } : { kind: 'pause', reason: f.reason }
        break
      default:
        act = { kind: 'resume' }
    }
    const deposit = amountOf(f.deposit)
    const r: TreasuryProposalInput['route'] =
      route === 'local'
        ? { kind: 'local' }
        : route === 'polytone'
          ? { kind: 'polytone', note: f.note.trim(), proxy: f.proxy.trim() }
          : route === 'ica'
            ? { kind: 'ica', connectionId: f.connectionId.trim(), icaAddress: f.icaAddress.trim() }
            : {
                kind: 'neutron_ica',
                connectionId: f.connectionId.trim(),
                interchainAccountId: f.icaId.trim(),
                icaAddress: f.icaAddress.trim(),
                ackFee: amountOf(f.ackFee) ? [{ denom: 'untrn', amount: f.ackFee.trim() }] : [],
                timeoutFee: amountOf(f.timeoutFee) ? [{ denom: 'untrn', amount: f.timeoutFee.trim() }] : [],
              }
    return {
      action: act,
      ...(action === 'create' ? {} : { account: f.account.trim() }),
      network,
      dao: {
        core: f.daoCore.trim(),
        module:
          f.moduleKind === 'direct'
            ? { kind: 'direct', address: f.moduleAddress.trim() }
            : {
                kind: 'pre_propose',
                address: f.moduleAddress.trim(),
                deposit: deposit === undefined ? [] : [{ denom: f.depositDenom.trim(), amount: deposit }],
              },
      },
      route: r,
      title: f.title.trim() === '' ? `${DEFAULT_TITLES[action]}: ${accountName}` : f.title,
      description:
        f.description.trim() === ''
          ? `Exported from the Rebalancer demo for "${accountName}". Review every message before voting.`
          : f.description,
      proposer: f.proposer.trim(),
    }
  })()

  const built = (() => {
    if (!input) return { issues: [] as ProposalIssue[], result: undefined }
    const p = action === 'update' ? parsedP(f.p) : undefined
    if (typeof p === 'string')
      return { issues: [{ path: ['action', 'to', 'pid', 'p'], message: p }], result: undefined }
    const check = checkTreasuryProposalInput(input)
    if (!check.success) return { issues: check.issues, result: undefined }
    try {
      const p = cosmjs.treasuryProposal(input)
      return {
        issues: [] as ProposalIssue[],
        result: {
          json: cosmjs.treasuryProposalJson(p),
          outline: cosmjs.reviewOutline(p.review),
          account: p.account,
        },
      }
    } catch (e) {
      if (ProposalInputError.isInstance(e)) return { issues: [...e.issues], result: undefined }
      return { issues: [{ path: [], message: (e as Error).message }], result: undefined }
    }
  })()

  const shown = new Set<string>()
  const errorFor = (...paths: string[]) => {
    const hit = built.issues.find((i) => paths.includes(i.path.join('.')))
    if (!hit) return undefined
    shown.add(hit.path.join('.'))
    return hit.message
  }

  /** A labelled text input with its inline error (aria-describedby). */
  const text = (label: string, key: keyof Fields, paths: string[], hint?: string, inputMode?: 'numeric') => {
    const fid = `${id}-${key}`
    const err = errorFor(...paths)
    return (
      <div className="export-field" key={key}>
        <label htmlFor={fid}>{label}</label>
        <input
          id={fid}
          value={f[key]}
          onChange={set(key)}
          spellCheck={false}
          autoComplete="off"
          inputMode={inputMode}
          aria-invalid={err ? true : undefined}
          aria-describedby={err || hint ? `${fid}-msg` : undefined}
        />
        {err ? (
          <span id={`${fid}-msg`} className="export-error">
            {err}
          </span>
        ) : hint ? (
          <span id={`${fid}-msg`} className="export-hint">
            {hint}
          </span>
        ) : null}
      </div>
    )
  }

  const amounts = (title: string, pathBase: string) => (
    <fieldset className="export-group">
      <legend>{title} (base units)</legend>
      {targetDenoms.map((d, i) => {
        const fid = `${id}-amt-${i}`
        const err = errorFor(`${pathBase}.${coinsOf(funds).findIndex((c) => c.denom === d)}.amount`)
        return (
          <div className="export-field" key={d}>
            <label htmlFor={fid}>
              {localOf(d)} <span className="export-denom">{d === localOf(d) ? '' : d}</span>
            </label>
            <input
              id={fid}
              inputMode="numeric"
              value={funds[d] ?? ''}
              placeholder="0"
              onChange={(e) => {
                const v = e.target.value
                setFunds((old) => ({ ...old, [d]: v }))
              }}
              aria-invalid={err ? true : undefined}
              aria-describedby={err ? `${fid}-msg` : undefined}
            />
            {err && (
              <span id={`${fid}-msg`} className="export-error">
                {err}
              </span>
            )}
          </div>
        )
      })}
    </fieldset>
  )

  const fileName = `${slug(accountName)}-${action}.json`

  async function copy(json: string) {
    try {
      await navigator.clipboard.writeText(json)
      setStatus('Copied')
    } catch {
      // no clipboard permission (or an insecure origin): select the text and copy it the old way
      const area = document.createElement('textarea')
      area.value = json
      area.setAttribute('readonly', '')
      area.style.position = 'fixed'
      area.style.opacity = '0'
      document.body.appendChild(area)
      area.select()
      const ok = document.execCommand('copy')
      area.remove()
      setStatus(ok ? 'Copied' : 'Copy failed: select the JSON and copy it by hand')
    }
  }

  function download(json: string) {
    const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }))
    const a = document.createElement('a')
    a.href = url
    a.download = fileName
    document.body.appendChild(a)
    a.click()
    a.remove()
    setTimeout(() => URL.revokeObjectURL(url), 0)
    setStatus(`Downloaded ${fileName}`)
  }

  const sections = (
    <>
      <fieldset className="export-group">
        <legend>What</legend>
        <div className="export-field">
          <label htmlFor={`${id}-account-index`}>Account</label>
          <select
            id={`${id}-account-index`}
            value={index}
            onChange={(e) => setAccountIndex(Number(e.target.value))}
          >
            {scenario.accounts.map((a, i) => (
              <option key={a.name} value={i}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
        <div className="export-field">
          <label htmlFor={`${id}-action`}>Action</label>
          <select
            id={`${id}-action`}
            value={action}
            onChange={(e) => {
              setAction(e.target.value as ActionKind)
              setStatus('')
            }}
          >
            {ACTIONS.map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </div>
        {action !== 'create' &&
          text(
            'Account address',
            'account',
            ['account'],
            'Your account contract on Neutron (example shown).',
          )}
      </fieldset>

      {asked.length > 0 && (
        <fieldset className="export-group">
          <legend>On-chain denoms</legend>
          <p className="export-hint">
            {NEUTRON_1.chain_id} has no denom for these assets: enter the on-chain denom (e.g. an ibc/… hash).
          </p>
          {asked.map((d) => {
            const fid = `${id}-denom-${d}`
            let err: string | undefined
            try {
              chainDenom(d, mapping)
            } catch (e) {
              err = (e as Error).message
            }
            return (
              <div className="export-field" key={d}>
                <label htmlFor={fid}>On-chain denom of {d}</label>
                <input
                  id={fid}
                  value={overrides[d] ?? ''}
                  spellCheck={false}
                  onChange={(e) => {
                    const v = e.target.value.trim()
                    setOverrides((old) => ({ ...old, [d]: v }))
                  }}
                  aria-invalid={err ? true : undefined}
                  aria-describedby={err ? `${fid}-msg` : undefined}
                />
                {err && (
                  <span id={`${fid}-msg`} className="export-error">
                    {err}
                  </span>
                )}
              </div>
            )
          })}
        </fieldset>
      )}

      {action === 'create' && (
        <fieldset className="export-group">
          <legend>Create & register</legend>
          {text(
            'Account code id',
            'codeId',
            ['action.codeId'],
            'Example value: use the whitelisted account code id.',
            'numeric',
          )}
          {text(
            'Code checksum (hex)',
            'checksum',
            ['action.checksum'],
            'Example value: neutrond q wasm code-info <id>.',
          )}
          {text(
            'Registration fee (untrn)',
            'registerFee',
            ['action.registerFee.amount'],
            '1 NTRN on neutron-1; empty for none.',
            'numeric',
          )}
          {text('Salt', 'salt', ['action.salt'])}
          {text('Services manager', 'servicesManager', ['network.contracts.services_manager'])}
        </fieldset>
      )}
      {action === 'create' && config && amounts('Initial funds', 'action.funds')}
      {action === 'fund' && config && amounts('Send to the account', 'action.coins')}
      {action === 'update' && (
        <fieldset className="export-group">
          <legend>New values (empty: keep)</legend>
          {text(
            'Max sell per cycle (bps)',
            'maxLimitBps',
            ['action.to.max_limit_bps', 'action.to.maxLimitBps'],
            `now ${config?.maxLimitBps ?? ''}`,
            'numeric',
          )}
          {text('P gain', 'p', ['action.to.pid.p', 'action.to.pid'], `now ${config?.pid.p.toString() ?? ''}`)}
          {errorFor('action.to') && <p className="export-error">{errorFor('action.to')}</p>}
        </fieldset>
      )}
      {action === 'order' && (
        <fieldset className="export-group">
          <legend>One-time order</legend>
          {(['sell', 'buy'] as const).map((k, n) => (
            <div className="export-field" key={k}>
              <label htmlFor={`${id}-${k}`}>{k === 'sell' ? 'Sell' : 'Buy'}</label>
              <select
                id={`${id}-${k}`}
                value={f[k] || targetDenoms[n] || ''}
                onChange={set(k)}
                aria-describedby={errorFor(`action.${k}`) ? `${id}-${k}-msg` : undefined}
              >
                {targetDenoms.map((d) => (
                  <option key={d} value={d}>
                    {localOf(d)}
                  </option>
                ))}
              </select>
              {errorFor(`action.${k}`) && (
                <span id={`${id}-${k}-msg`} className="export-error">
                  {errorFor(`action.${k}`)}
                </span>
              )}
            </div>
          ))}
          {text('Amount to sell (base units)', 'orderAmount', ['action.amount'], undefined, 'numeric')}
          {text('Auctions manager', 'auctionsManager', ['network.contracts.auctions_manager'])}
        </fieldset>
      )}
      {action === 'pause' && (
        <fieldset className="export-group">
          <legend>Pause</legend>
          {text('Reason (optional)', 'reason', ['action.reason'])}
        </fieldset>
      )}

      <fieldset className="export-group">
        <legend>DAO</legend>
        {text('DAO core address', 'daoCore', ['dao.core'], 'Example address: put your DAO’s.')}
        <div className="export-field">
          <label htmlFor={`${id}-module-kind`}>Proposal module</label>
          <select
            id={`${id}-module-kind`}
            value={f.moduleKind}
            onChange={(e) => {
              const kind = e.target.value as Fields['moduleKind']
              // an example module address follows the kind; one the visitor typed stays
              const example =
                f.moduleAddress === EXAMPLE.proposalModule || f.moduleAddress === EXAMPLE.preProposeModule
              const { moduleKind: _k, moduleAddress: _a, ...rest } = state.fields
              change({
                fields: {
                  ...rest,
                  ...(kind === 'direct' ? {} : { moduleKind: kind }),
                  ...(example
                    ? kind === 'direct'
                      ? {}
                      : { moduleAddress: EXAMPLE.preProposeModule }
                    : { moduleAddress: f.moduleAddress }),
                },
              })
            }}
          >
            <option value="direct">Direct (proposal module)</option>
            <option value="pre_propose">Pre-propose module</option>
          </select>
        </div>
        {text(
          f.moduleKind === 'direct' ? 'Proposal module address' : 'Pre-propose module address',
          'moduleAddress',
          ['dao.module.address', 'dao.module'],
        )}
        {f.moduleKind === 'pre_propose' &&
          text(
            'Deposit (base units, empty for none)',
            'deposit',
            ['dao.module.deposit.0.amount', 'dao.module.deposit'],
            undefined,
            'numeric',
          )}
        {f.moduleKind === 'pre_propose' &&
          text('Deposit denom', 'depositDenom', ['dao.module.deposit.0.denom'])}
        {text('Proposer (the member who signs)', 'proposer', ['proposer'])}
        {text('Title (empty: default)', 'title', ['title'])}
        {text('Description (empty: default)', 'description', ['description'])}
      </fieldset>

      <fieldset className="export-group">
        <legend>Route</legend>
        <div className="export-field">
          <label htmlFor={`${id}-route`}>How the DAO reaches Neutron</label>
          <select id={`${id}-route`} value={route} onChange={(e) => setRoute(e.target.value as RouteKind)}>
            {ROUTES.map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </div>
        {route === 'polytone' && text('Polytone note (on the DAO’s chain)', 'note', ['route.note'])}
        {route === 'polytone' &&
          text(
            'DAO’s proxy on Neutron',
            'proxy',
            ['route.proxy'],
            'remote_address of the DAO on the note; it becomes the account’s admin.',
          )}
        {(route === 'ica' || route === 'neutron_ica') &&
          text('Connection id', 'connectionId', ['route.connectionId'])}
        {(route === 'ica' || route === 'neutron_ica') &&
          text(
            'Interchain account on Neutron',
            'icaAddress',
            ['route.icaAddress'],
            'It becomes the account’s admin.',
          )}
        {route === 'neutron_ica' && text('Interchain account id', 'icaId', ['route.interchainAccountId'])}
        {route === 'neutron_ica' &&
          text('Ack fee (untrn)', 'ackFee', ['route.ackFee', 'route.ackFee.0.amount'], undefined, 'numeric')}
        {route === 'neutron_ica' &&
          text(
            'Timeout fee (untrn)',
            'timeoutFee',
            ['route.timeoutFee', 'route.timeoutFee.0.amount'],
            undefined,
            'numeric',
          )}
      </fieldset>
    </>
  )
  const other = built.issues.filter((i) => !shown.has(i.path.join('.')))

  return (
    <>
      <p className="export-hint">
        The exact messages for <strong>{accountName}</strong> as a DAO DAO proposal. Addresses, code id and
        checksum start as examples: put your DAO’s and check every message before submitting.
      </p>
      <form className="export-form" onSubmit={(e) => e.preventDefault()} noValidate>
        {sections}
      </form>
      {!localConfig && <p className="export-hint">This account has no configuration yet.</p>}
      {scenario.accounts[index]?.trigger && (action === 'create' || action === 'update') && (
        <p className="export-hint" data-testid="export-trigger-note">
          This account’s trigger is not in the proposal: the deployed rebalancer on {NEUTRON_1.chain_id} has
          no triggers (only this project’s chain takes <code>trigger</code> in its data), so the account this
          proposal configures rebalances every cycle. The backtest and projection used the trigger.
        </p>
      )}
      {other.length > 0 && (
        <ul className="export-error" aria-label="Problems">
          {other.map((i) => (
            <li key={`${i.path.join('.')}:${i.message}`}>
              {i.path.length > 0 ? `${i.path.join('.')}: ` : ''}
              {i.message}
            </li>
          ))}
        </ul>
      )}
      {built.result && (
        <div className="export-output">
          {action === 'create' && (
            <p>
              Predicted account address: <code className="export-wrap">{built.result.account}</code>
            </p>
          )}
          <div className="export-buttons">
            <button
              type="button"
              data-testid="export-copy"
              onClick={() => built.result && copy(built.result.json)}
            >
              Copy
            </button>
            <button
              type="button"
              data-testid="export-download"
              onClick={() => built.result && download(built.result.json)}
            >
              Download {fileName}
            </button>
            <span role="status" aria-live="polite" className="export-status">
              {status}
            </span>
          </div>
          <h3>Review</h3>
          <ReviewTree node={built.result.outline} />
          <h3>Proposal JSON</h3>
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: the JSON scrolls; keyboard users must reach it */}
          <pre data-testid="export-json" className="export-json" tabIndex={0}>
            {built.result.json}
          </pre>
        </div>
      )}
    </>
  )
}

type Outline = ReturnType<Cosmjs['reviewOutline']>

/** The review tree: one nested list item per message layer, its facts as a description list. */
function ReviewTree(props: { node: Outline }): JSX.Element {
  const { node } = props
  return (
    <ul className="export-review">
      <li>
        <strong>{node.title}</strong>
        <dl>
          {node.fields.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd className="export-wrap">{v}</dd>
            </div>
          ))}
        </dl>
        {node.children.map((c, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the layers are in message order, never reordered
          <ReviewTree key={i} node={c} />
        ))}
      </li>
    </ul>
  )
}
