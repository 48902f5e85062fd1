import {
  accountCycle,
  applyConfigUpdate,
  type CycleStatus,
  cyclePeriodProblem,
  cycleStatusAfter,
  isPriceFresh,
  MAX_TIMESTAMP_SECONDS,
  nextCycleStep,
  stateForConfig,
  triggerFromWire,
  validateConfig,
} from '@rebalancer/core'
import {
  Dec,
  type JsonValue,
  MAX_PENDING_ORDERS,
  type OneTimeOrderWire,
  type Pair,
  pairKey,
  pauseReasonToWire,
  type RebalancerConfig,
  type RebalancerData,
  RebalancerExecuteUnitVariants,
  RebalancerExecuteVariants,
  RebalancerInstantiateMsg,
  RebalancerPlaceOrderMsg,
  RebalancerQueryUnitVariants,
  RebalancerQueryVariants,
  type RebalancerUpdateData,
  type RebalanceState,
  rebalancerConfigToWire,
  rebalancerDataToConfig,
  systemStatusToWire,
  type Trade,
  type TriggerWire,
  toJsonBinary,
  updateFromWire,
  VALENCE_ACTIONS,
} from '@rebalancer/types'
import {
  bankSend,
  type ContractCode,
  ContractError,
  type Deps,
  type Env,
  fromTimestamp,
  type MessageInfo,
  nonPayable,
  type Response,
  response,
  valenceEvent,
  wasmExecute,
} from '../runtime.js'
import { lowerBound, sortedSet } from '../store.js'
import { executePreamble, msgType, queryPreamble } from './common.js'
import { adminChange, decode, decodeWith, unauthorized } from './msg.js'

/** The rebalancer's system-wide configuration (instantiate message, domain form). */
interface SystemConfig {
  admin: string
  denomWhitelist: readonly string[]
  baseDenomWhitelist: readonly { denom: string; minBalanceLimit: bigint }[]
  servicesManager: string
  auctionsManager: string
  cyclePeriod: number
  fees: { denom: string; registerFee: bigint; resumeFee: bigint }
}

/** Status machine (portfolio-computer.md "Cycle"), core's type: unix seconds, prices as Dec text. */
type SystemStatus = CycleStatus

interface AccountEntry {
  config: RebalancerConfig
  state: RebalanceState
  /** Ours (correction 13): when the computation runs, as registered (wire JSON); absent = every cycle. */
  trigger?: TriggerWire
  /**
   * Ours (correction 13), `volatility` triggers only: the oracle price of (base, denom) of each
   * non-base target at each of the last `window + 1` cycles the account was processed in, oldest
   * first, Dec text.
   */
  history?: Record<string, string[]>
  /** Ours (correction 13): one-time orders waiting for the next cycle, in the order placed. */
  orders?: OneTimeOrderWire[]
}

/** Why an account is paused: by its owner/trustee, or automatically by a computation. */
type PausedReason =
  | { kind: 'account_reason'; text: string | null; by: string }
  | { kind: 'empty_balance' | 'below_minimum' }

interface PausedEntry extends AccountEntry {
  reason: PausedReason
}

const TYPE = 'rebalancer::msg::ExecuteMsg'
const EXECUTE = msgType(RebalancerExecuteVariants, RebalancerExecuteUnitVariants, TYPE)
const QUERY = msgType(RebalancerQueryVariants, RebalancerQueryUnitVariants, 'rebalancer::msg::QueryMsg')
const ACCOUNTS = 'accounts'

/**
 * The rebalancer service: account configs registered through the services manager, and the
 * permissionless `system_rebalance` that runs the Portfolio Computer for every account once a
 * cycle and sends each account's trades into the pair auctions (portfolio-computer.md;
 * wire-formats.md "Rebalancer"). Corrections 1–9 apply through `@rebalancer/core` and here
 * (cycle restart at start_of_cycle(now), stale prices skip the account, one bad account never
 * stops the others). Ours (correction 13): an account's optional `trigger` decides whether its
 * computation runs each cycle, and the account itself places one-time orders with
 * `{"place_order":{…}}` that the next cycle sends.
 */
export const rebalancerCode: ContractCode = {
  instantiate(deps, env, info, raw) {
    const msg = decodeWith(RebalancerInstantiateMsg, raw, 'rebalancer::msg::InstantiateMsg')
    nonPayable(info)
    const cfg: SystemConfig = {
      admin: info.sender,
      denomWhitelist: [...msg.denom_whitelist],
      baseDenomWhitelist: msg.base_denom_whitelist.map((b: { denom: string; min_balance_limit: string }) => ({
        denom: b.denom,
        minBalanceLimit: BigInt(b.min_balance_limit),
      })),
      servicesManager: deps.api.addrValidate(msg.services_manager_addr, 'services_manager_addr'),
      auctionsManager: deps.api.addrValidate(msg.auctions_manager_addr, 'auctions_manager_addr'),
      cyclePeriod: msg.cycle_period ?? 86_400,
      fees: {
        denom: msg.fees.denom,
        registerFee: BigInt(msg.fees.register_fee),
        resumeFee: BigInt(msg.fees.resume_fee),
      },
    }
    // one rule for instantiate and update (core): the next cycle must be a valid Timestamp
    const periodProblem = cyclePeriodProblem(
      cfg.cyclePeriod,
      Math.max(env.block.time, fromTimestamp(msg.cycle_start)),
    )
    if (periodProblem) throw new ContractError(periodProblem)
    deps.storage.set('config', cfg)
    deps.storage.set('admin', info.sender)
    deps.storage.set('status', {
      kind: 'not_started',
      cycleStart: fromTimestamp(msg.cycle_start),
    } satisfies SystemStatus)
    return response()
  },

  execute(deps, env, info, msg) {
    const cfg = deps.storage.get<SystemConfig>('config')!
    // ours (correction 13): not a variant of the deployed ExecuteMsg, so read before it
    if (typeof msg === 'object' && msg !== null && Object.hasOwn(msg, 'place_order')) {
      const m = decodeWith(RebalancerPlaceOrderMsg, msg, TYPE)
      nonPayable(info)
      return placeOrder(deps, info.sender, m.place_order)
    }
    // only register and resume take funds, the fee (correction 10)
    const m = executePreamble(EXECUTE, msg, info, {
      payable: ['register', 'resume'],
      restricted: [
        {
          variants: ['register', 'update', 'deregister', 'pause', 'resume'],
          address: cfg.servicesManager,
          who: 'the services manager',
        },
        { variants: ['admin'], address: cfg.admin, who: 'the admin' },
      ],
    })
    switch (m.variant) {
      case 'register':
        return register(deps, cfg, info, m.body.register_for, m.body.data ?? null)
      case 'update':
        return update(deps, cfg, m.body.update_for, m.body.data)
      case 'deregister': {
        const account = m.body.deregister_for
        if (!deps.storage.has(`cfg/${account}`) && !deps.storage.has(`paused/${account}`)) {
          throw new ContractError(`Account ${account} is not registered`)
        }
        deps.storage.delete(`cfg/${account}`)
        deps.storage.delete(`paused/${account}`)
        sortedSet.remove(deps.storage, ACCOUNTS, account)
        return response()
      }
      case 'pause':
        return pause(deps, m.body.pause_for, m.body.sender, m.body.reason ?? null)
      case 'resume':
        return resume(deps, cfg, info, m.body.resume_for, m.body.sender)
      case 'system_rebalance':
        return systemRebalance(deps, env, cfg, m.body.limit ?? null)
      case 'approve_admin_change': {
        const res = adminChange.approve(deps.storage, 'admin', info.sender, env)
        deps.storage.set('config', { ...cfg, admin: deps.storage.get<string>('admin')! })
        return res
      }
      case 'admin':
        return admin(deps, env, cfg, info.sender, m.body)
    }
  },

  query(deps, _env, msg) {
    const cfg = deps.storage.get<SystemConfig>('config')!
    const m = queryPreamble(QUERY, msg)
    switch (m.variant) {
      case 'get_config': {
        const e = deps.storage.get<AccountEntry>(`cfg/${m.body.addr}`)
        if (!e) throw new ContractError(`Account ${m.body.addr} has no rebalancer config`)
        return configAnswer(e)
      }
      case 'get_all_configs': {
        // The chain (v0.1.6): CONFIGS by address bytes, ascending, from `start_after` **inclusive**
        // (`Bound::inclusive`), at most `limit` (default 50).
        const all = sortedSet.list(deps.storage, ACCOUNTS)
        const from = m.body.start_after == null ? 0 : lowerBound(all, m.body.start_after)
        return all.slice(from, from + (m.body.limit ?? 50)).map((a) => {
          const e = deps.storage.get<AccountEntry>(`cfg/${a}`)!
          return [a, configAnswer(e)]
        }) as JsonValue
      }
      case 'get_admin':
        return cfg.admin
      case 'get_paused_config': {
        const p = deps.storage.get<PausedEntry>(`paused/${m.body.addr}`)
        if (!p) throw new ContractError(`Account ${m.body.addr} is not paused`)
        return {
          pauser: pauserOf(p.reason, m.body.addr),
          reason: pauseReasonToWire(p.reason),
          config: configAnswer(p),
        } as JsonValue
      }
      case 'get_system_status':
        return systemStatusToWire(deps.storage.get<SystemStatus>('status')!) as JsonValue
      case 'get_white_lists':
        return {
          denom_whitelist: [...cfg.denomWhitelist],
          base_denom_whitelist: cfg.baseDenomWhitelist.map((b) => ({
            denom: b.denom,
            min_balance_limit: b.minBalanceLimit.toString(),
          })),
        }
      case 'get_managers_addrs':
        return { services: cfg.servicesManager, auctions: cfg.auctionsManager }
      case 'get_service_fee': {
        // Any account text for `register` (DAO DAO asks with ""); `resume` validates it, as the chain.
        if (m.body.action === 'register') return feeCoin(cfg.fees.denom, cfg.fees.registerFee)
        deps.api.addrValidate(m.body.account, 'account')
        const p = deps.storage.get<PausedEntry>(`paused/${m.body.account}`)
        return p && p.reason.kind !== 'account_reason' ? feeCoin(cfg.fees.denom, cfg.fees.resumeFee) : null
      }
    }
  },
}

// ------------------------------------------------------------------ registration

function parseConfig(cfg: SystemConfig, data: RebalancerData): RebalancerConfig {
  let config: RebalancerConfig
  try {
    config = rebalancerDataToConfig(data)
  } catch (e) {
    throw new ContractError(`data: ${(e as Error).message}`)
  }
  checkConfig(cfg, config)
  return config
}

function whitelists(cfg: SystemConfig) {
  return {
    denomWhitelist: cfg.denomWhitelist,
    baseDenomWhitelist: cfg.baseDenomWhitelist.map((b) => b.denom),
  }
}

/** Register and update validate alike (correction 8). */
function checkConfig(cfg: SystemConfig, config: RebalancerConfig): void {
  const problems = validateConfig(config, whitelists(cfg))
  if (problems.length > 0) throw new ContractError(`invalid rebalancer config: ${problems.join('; ')}`)
}

/**
 * Takes a service fee as the deployed `ServiceFeeConfig::handle_*_fee` does: exactly `fee` of
 * `denom` (cw-utils `must_pay`, one coin), sent on to the services manager, whose admin
 * withdraws it (`{"admin":{"withdraw":{"denom":…}}}`). No fee due: the message takes no funds
 * (correction 10; the deployed contract kept them).
 * @throws ContractError naming the fee when it is not paid exactly.
 */
function takeFee(info: MessageInfo, fee: bigint, denom: string, what: string, res: Response): void {
  if (fee === 0n) {
    nonPayable(info)
    return
  }
  const paid = info.funds.length === 1 && info.funds[0]!.denom === denom ? BigInt(info.funds[0]!.amount) : -1n
  if (paid !== fee) {
    throw new ContractError(`${what} fee not paid: exactly ${fee}${denom} required`)
  }
  // the sender is the services manager (checked by the caller)
  res.messages.push(bankSend(info.sender, [{ denom, amount: fee }])!)
}

function register(
  deps: Deps,
  cfg: SystemConfig,
  info: MessageInfo,
  account: string,
  data: RebalancerData | null,
): Response {
  if (deps.storage.has(`cfg/${account}`) || deps.storage.has(`paused/${account}`)) {
    throw new ContractError(`Account ${account} is already registered`)
  }
  if (data == null) throw new ContractError('register: data is required (RebalancerData)')
  const config = parseConfig(cfg, data)
  const res = response()
  takeFee(info, cfg.fees.registerFee, cfg.fees.denom, 'register', res)
  deps.storage.set(`cfg/${account}`, {
    config,
    state: { lastRebalance: null, targets: {} },
    ...(data.trigger === undefined ? {} : { trigger: data.trigger }),
  } satisfies AccountEntry)
  sortedSet.insert(deps.storage, ACCOUNTS, account)
  res.events.push(valenceEvent(VALENCE_ACTIONS.rebalancerRegister, { account }))
  return res
}

function update(deps: Deps, cfg: SystemConfig, account: string, data: RebalancerUpdateData): Response {
  const key = deps.storage.has(`cfg/${account}`) ? `cfg/${account}` : `paused/${account}`
  const entry = deps.storage.get<AccountEntry>(key)
  if (!entry) throw new ContractError(`Account ${account} is not registered`)
  let config: RebalancerConfig
  try {
    // register and update validate alike (correction 8)
    config = applyConfigUpdate(entry.config, updateFromWire(data), whitelists(cfg))
  } catch (e) {
    throw new ContractError(`invalid rebalancer config: ${(e as Error).message}`)
  }
  // Controller state is kept for targets that remain; new targets start fresh.
  const next: AccountEntry = { ...entry, config, state: stateForConfig(entry.state, config) }
  // ours (correction 13): {"set":…} replaces the trigger, "clear" removes it, absent keeps it;
  // a volatility trigger's price history is kept only for a volatility trigger
  if (data.trigger === 'clear') delete next.trigger
  else if (data.trigger !== undefined) next.trigger = data.trigger.set
  if (next.trigger?.volatility === undefined) delete next.history
  deps.storage.set(key, next)
  return response()
}

function pause(deps: Deps, account: string, sender: string, reason: string | null): Response {
  const entry = deps.storage.get<AccountEntry>(`cfg/${account}`)
  if (!entry) {
    if (deps.storage.has(`paused/${account}`)) throw new ContractError(`Account ${account} is already paused`)
    throw new ContractError(`Account ${account} is not registered`)
  }
  if (sender !== account && sender !== entry.config.trustee)
    throw unauthorized('only the account or its trustee')
  deps.storage.delete(`cfg/${account}`)
  sortedSet.remove(deps.storage, ACCOUNTS, account)
  deps.storage.set(`paused/${account}`, {
    ...entry,
    reason: { kind: 'account_reason', text: reason, by: sender },
  })
  const res = response()
  res.events.push(valenceEvent(VALENCE_ACTIONS.rebalancerPause, { account, reason }))
  return res
}

function resume(deps: Deps, cfg: SystemConfig, info: MessageInfo, account: string, sender: string): Response {
  const p = deps.storage.get<PausedEntry>(`paused/${account}`)
  if (!p) throw new ContractError(`Account ${account} is not paused`)
  const res = response()
  if (p.reason.kind === 'account_reason') {
    nonPayable(info) // no resume fee after a pause by the account or its trustee
    // Paused by the account: only the account resumes. Paused by the trustee: either does.
    const ok = sender === account || (p.reason.by !== account && sender === p.config.trustee)
    if (!ok) throw unauthorized('only the account (or the trustee that paused it)')
  } else {
    if (sender !== account && sender !== p.config.trustee)
      throw unauthorized('only the account or its trustee')
    takeFee(info, cfg.fees.resumeFee, cfg.fees.denom, 'resume', res)
  }
  deps.storage.delete(`paused/${account}`)
  const { reason: _reason, ...entry } = p
  deps.storage.set(`cfg/${account}`, entry satisfies AccountEntry)
  sortedSet.insert(deps.storage, ACCOUNTS, account)
  res.events.push(valenceEvent(VALENCE_ACTIONS.rebalancerResume, { account }))
  return res
}

// ------------------------------------------------------------------ the cycle

interface OraclePriceWire {
  price: string
  time: string
}

/**
 * Every pair's oracle price that is fresh now, read through the auctions manager (`get_pairs`,
 * `get_price`). Fresh means no older than the pair auction's own price freshness limit: the
 * age at which that auction would refuse to open (correction 9: stale prices are not traded on).
 */
function freshPrices(deps: Deps, cfg: SystemConfig, now: number): [Pair, string][] {
  const out: [Pair, string][] = []
  let startAfter: JsonValue = null
  for (;;) {
    const page: [Pair, string][] = deps.querier.wasm(cfg.auctionsManager, {
      get_pairs: { start_after: startAfter, limit: 50 },
    })
    for (const [pair, auction] of page) {
      let p: OraclePriceWire
      try {
        p = deps.querier.wasm(cfg.auctionsManager, { get_price: { pair: [pair[0], pair[1]] } })
      } catch {
        continue // no price yet for this pair
      }
      const limitDays = Dec.parse(
        deps.querier.wasm<{ price_freshness_strategy: { limit: string } }>(auction, 'get_config')
          .price_freshness_strategy.limit,
      )
      // a future time counts as fresh; a limit beyond 2^53 s (a Decimal of days may be up to
      // ~3.4e20) is as good as none
      const limitSeconds = limitDays.mulInt(86_400n).floor()
      const maxAge =
        limitSeconds > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(limitSeconds)
      if (isPriceFresh(Math.min(fromTimestamp(p.time), now), now, maxAge)) {
        out.push([pair, p.price])
      }
    }
    if (page.length < 50) break
    const last = page[page.length - 1]![0]
    startAfter = [last[0], last[1]]
  }
  return out
}

function systemRebalance(deps: Deps, env: Env, cfg: SystemConfig, limitArg: number | null): Response {
  const limit = limitArg ?? 50
  if (!Number.isInteger(limit) || limit <= 0) throw new ContractError('limit must be greater than 0')
  const now = env.block.time
  const period = cfg.cyclePeriod
  // the status machine is core's (corrections 6: a late cycle starts at start_of_cycle(now))
  const step = nextCycleStep(deps.storage.get<SystemStatus>('status')!, now, period)
  if (!step.ok) throw new ContractError(step.error)
  const { cycleStart, startFrom } = step
  // the chain's Timestamp::plus_seconds would overflow: refuse with the rule, change nothing
  if (cycleStart + period > MAX_TIMESTAMP_SECONDS) {
    throw new ContractError(
      `cycle_period: the next cycle (${cycleStart} + ${period} s) is past the last valid Timestamp (${MAX_TIMESTAMP_SECONDS} s)`,
    )
  }
  const prices = step.refreshPrices ? freshPrices(deps, cfg, now) : step.prices

  const priceMap = new Map(prices.map(([pair, p]) => [pairKey(pair), Dec.parse(p)]))
  const minimums = new Map<string, bigint>()
  const minSend = (denom: string): bigint => {
    let v = minimums.get(denom)
    if (v === undefined) {
      try {
        v = BigInt(
          deps.querier.wasm<{ send: string }>(cfg.auctionsManager, { get_min_limit: { denom } }).send,
        )
      } catch {
        v = 0n
      }
      minimums.set(denom, v)
    }
    return v
  }

  const res = response()
  const batch = sortedSet.page(deps.storage, ACCOUNTS, startFrom, limit)
  for (const account of batch) {
    try {
      rebalanceAccount(deps, cfg, res, account, priceMap, minSend, now)
    } catch (e) {
      // One bad account never stops the others (correction 5).
      res.events.push(
        valenceEvent(VALENCE_ACTIONS.rebalancerAccountError, { account, error: (e as Error).message }),
      )
    }
  }
  const last = batch[batch.length - 1]
  const more = last !== undefined && sortedSet.page(deps.storage, ACCOUNTS, last, 1).length > 0
  deps.storage.set('status', cycleStatusAfter(cycleStart, last ?? null, more, prices, period))
  res.attributes.push(
    { key: 'method', value: 'system_rebalance' },
    { key: 'accounts', value: String(batch.length) },
  )
  return res
}

function rebalanceAccount(
  deps: Deps,
  cfg: SystemConfig,
  res: Response,
  account: string,
  prices: Map<string, Dec>,
  minSend: (denom: string) => bigint,
  now: number,
): void {
  const entry = deps.storage.get<AccountEntry>(`cfg/${account}`)!
  const { config } = entry
  const base = config.baseDenom
  // core's accountCycle, the same step the simulator's fast path runs: inputs, the trigger
  // (ours, correction 13), the computation, the one-time orders (ours, correction 13)
  const step = accountCycle({
    config,
    state: entry.state,
    trigger: entry.trigger === undefined ? undefined : triggerFromWire(entry.trigger),
    history: entry.history,
    orders: entry.orders ?? [],
    balanceOf: (denom) => deps.querier.balance(account, denom),
    priceOf: (pair) => prices.get(pairKey(pair)),
    minSend,
    baseMinValue: cfg.baseDenomWhitelist.find((b) => b.denom === base)?.minBalanceLimit ?? 0n,
    periodSeconds: cfg.cyclePeriod,
    now,
  })
  if (step.kind === 'stale_price') {
    res.events.push(
      valenceEvent(VALENCE_ACTIONS.rebalancerAccountStalePrice, {
        account,
        pair: [step.pair[0], step.pair[1]],
      }),
    )
    return
  }
  const next: AccountEntry = { ...entry, ...(step.history === undefined ? {} : { history: step.history }) }
  if (step.kind === 'paused') {
    deps.storage.delete(`cfg/${account}`)
    sortedSet.remove(deps.storage, ACCOUNTS, account)
    deps.storage.set(`paused/${account}`, { ...next, reason: { kind: step.reason } } satisfies PausedEntry)
    res.events.push(valenceEvent(VALENCE_ACTIONS.rebalancerAccountPaused, { account, reason: step.reason }))
    return
  }
  if (step.kind === 'skipped') {
    if (next.history !== entry.history) deps.storage.set(`cfg/${account}`, next)
    return
  }
  next.state = step.state
  delete next.orders
  deps.storage.set(`cfg/${account}`, next satisfies AccountEntry)

  const { sent, decision } = step
  if (sent.length > 0) {
    const msgs = sent.map((t) => ({
      wasm: {
        execute: {
          contract_addr: cfg.auctionsManager,
          msg: toJsonBinary({ auction_funds: { pair: [t.pair[0], t.pair[1]] } }),
          funds: [{ denom: t.pair[0], amount: t.amount.toString() }],
        },
      },
    }))
    res.messages.push(wasmExecute(account, { send_funds_by_service: { msgs, atomic: false } }))
  }
  const wire = (ts: readonly Trade[]) =>
    ts.map((t) => ({ pair: [t.pair[0], t.pair[1]] as [string, string], amount: t.amount.toString() }))
  res.events.push(
    valenceEvent(VALENCE_ACTIONS.rebalancerAccountRebalance, {
      account,
      total_value: step.totalValue.toString(),
      trades: wire(sent),
      ...(decision === null ? {} : { triggered: decision.run, trigger_reason: decision.reason }),
      ...((entry.orders ?? []).length === 0
        ? {}
        : { orders: wire(step.orderTrades), orders_refused: step.refused }),
    }),
  )
}

// ------------------------------------------------------------------ one-time orders (ours)

/**
 * `{"place_order":{sell,buy,size}}` (ours, correction 13): sent by a registered account itself
 * (its admin, the DAO, through the account's `execute_by_admin`); `sell` and `buy` must be two
 * targets of the account; at most {@link MAX_PENDING_ORDERS} wait. The next cycle that processes
 * the account sends it (or reports why not) and forgets it.
 * @throws ContractError `Unauthorized: …` for any other sender, or naming the field and the rule.
 */
function placeOrder(deps: Deps, sender: string, order: OneTimeOrderWire): Response {
  const key = deps.storage.has(`cfg/${sender}`) ? `cfg/${sender}` : `paused/${sender}`
  const entry = deps.storage.get<AccountEntry>(key)
  if (!entry)
    throw unauthorized('only a registered account places orders (its admin through execute_by_admin)')
  const denoms = entry.config.targets.map((t) => t.denom)
  for (const field of ['sell', 'buy'] as const) {
    if (!denoms.includes(order[field])) {
      throw new ContractError(
        `place_order.${field}: must be a target of the account (${denoms.join(', ')}), got "${order[field]}"`,
      )
    }
  }
  const waiting = entry.orders ?? []
  if (waiting.length >= MAX_PENDING_ORDERS) {
    throw new ContractError(
      `place_order: at most ${MAX_PENDING_ORDERS} orders may wait for the next cycle, ${waiting.length} already do`,
    )
  }
  deps.storage.set(key, { ...entry, orders: [...waiting, order] })
  const res = response()
  res.events.push(valenceEvent(VALENCE_ACTIONS.rebalancerPlaceOrder, { account: sender, order }))
  return res
}

// ------------------------------------------------------------------ admin

type AdminBody = NonNullable<Extract<ReturnType<typeof decodeExecute>, { variant: 'admin' }>['body']>
function decodeExecute(msg: unknown) {
  return decode(RebalancerExecuteVariants, RebalancerExecuteUnitVariants, msg, TYPE)
}

function admin(deps: Deps, env: Env, cfg: SystemConfig, sender: string, a: AdminBody): Response {
  const set = (next: Partial<SystemConfig>) => deps.storage.set('config', { ...cfg, ...next })
  if ('cancel_admin_change' in a) return adminChange.cancel(deps.storage, 'admin', sender)
  if ('update_system_status' in a) {
    const s = a.update_system_status.status
    if ('processing' in s) throw new ContractError('system status cannot be set to processing')
    if ('not_started' in s)
      deps.storage.set('status', {
        kind: 'not_started',
        cycleStart: fromTimestamp(s.not_started.cycle_start),
      })
    else deps.storage.set('status', { kind: 'finished', nextCycle: fromTimestamp(s.finished.next_cycle) })
  } else if ('update_denom_whitelist' in a) {
    const list = new Set(cfg.denomWhitelist)
    for (const d of a.update_denom_whitelist.to_add) list.add(d)
    for (const d of a.update_denom_whitelist.to_remove) list.delete(d)
    set({ denomWhitelist: [...list] })
  } else if ('update_base_denom_whitelist' in a) {
    const map = new Map(cfg.baseDenomWhitelist.map((x) => [x.denom, x.minBalanceLimit]))
    for (const x of a.update_base_denom_whitelist.to_add) map.set(x.denom, BigInt(x.min_balance_limit))
    for (const d of a.update_base_denom_whitelist.to_remove) map.delete(d)
    set({ baseDenomWhitelist: [...map].map(([denom, minBalanceLimit]) => ({ denom, minBalanceLimit })) })
  } else if ('update_services_manager' in a) {
    set({ servicesManager: deps.api.addrValidate(a.update_services_manager.addr, 'addr') })
  } else if ('update_auctions_manager' in a) {
    set({ auctionsManager: deps.api.addrValidate(a.update_auctions_manager.addr, 'addr') })
  } else if ('update_cycle_period' in a) {
    const problem = cyclePeriodProblem(
      a.update_cycle_period.period,
      Math.max(env.block.time, statusTime(deps.storage.get<SystemStatus>('status')!)),
      'admin.update_cycle_period.period',
    )
    if (problem) throw new ContractError(problem)
    set({ cyclePeriod: a.update_cycle_period.period })
  } else if ('update_fees' in a) {
    const f = a.update_fees.fees
    set({ fees: { denom: f.denom, registerFee: BigInt(f.register_fee), resumeFee: BigInt(f.resume_fee) } })
  } else if ('start_admin_change' in a) {
    return adminChange.start(deps.storage, 'admin', sender, a.start_admin_change, env)
  }
  return response()
}

// ------------------------------------------------------------------ wire forms

/** The time a status refers to (its cycle's start or the next cycle), unix seconds. */
function statusTime(s: SystemStatus): number {
  return s.kind === 'not_started' ? s.cycleStart : s.kind === 'processing' ? s.cycleStarted : s.nextCycle
}

/** The `get_config` answer of an entry: the deployed answer, with its trigger when it has one (correction 13). */
function configAnswer(e: AccountEntry): JsonValue {
  const answer = rebalancerConfigToWire(e.config, e.state) as Record<string, JsonValue>
  return (e.trigger === undefined ? answer : { ...answer, trigger: e.trigger as JsonValue }) as JsonValue
}

function feeCoin(denom: string, amount: bigint): JsonValue {
  return amount === 0n ? null : { denom, amount: amount.toString() }
}

/** Who paused: the account or its trustee; the rebalancer itself for an automatic pause. */
function pauserOf(r: PausedReason, account: string): string {
  return r.kind === 'account_reason' ? r.by : account
}
