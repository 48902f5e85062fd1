import {
  type AuctionConfig,
  type AuctionInfo,
  type AuctionStrategy,
  assertCanClean,
  assertDeposit,
  assertNotPaused,
  assertWithdrawal,
  bidPriceAt,
  type ChainHaltConfig,
  createAuctionConfig,
  curveFromWire,
  finishBatch,
  openAuction,
  type PriceFreshnessStrategy,
  type PricePoint,
  placeBid,
  priceAt,
  pushPriceHistory,
  updateChainHaltConfig,
  updatePriceFreshnessStrategy,
  updateStrategy,
} from '@rebalancer/auction'
import {
  AuctionExecuteUnitVariants,
  AuctionExecuteVariants,
  AuctionInstantiateMsg,
  AuctionQueryUnitVariants,
  AuctionQueryVariants,
  activeAuctionToWire,
  auctionConfigToWire,
  Dec,
  type JsonValue,
  type MinAmount,
  mmDataToWire,
  type Pair,
  type ParsedEnum,
  priceToWire,
  auctionStatusName as statusName,
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
  mustPay,
  nonPayable,
  type Response,
  response,
  valenceEvent,
} from '../runtime.js'
import { sortedSet } from '../store.js'
import { executePreamble, msgType, queryPreamble } from './common.js'
import { decodeWith } from './msg.js'

const EXECUTE = msgType(AuctionExecuteVariants, AuctionExecuteUnitVariants, 'auction::msg::ExecuteMsg')
const QUERY = msgType(AuctionQueryVariants, AuctionQueryUnitVariants, 'auction::msg::QueryMsg')

/** Deposit bookkeeping: deposits go to `next`; opening makes `next` the current auction. */
interface FundIds {
  curr: number
  next: number
}

/**
 * One pair's Dutch auction contract, on the pure kernel of `@rebalancer/auction`. Its admin is
 * the auctions manager, which forwards sellers' deposits (with the original sender) and the
 * server's open (auction.md; wire-formats.md "Auctions manager and auctions").
 */
export const auctionCode: ContractCode = {
  instantiate(deps, env, info, raw) {
    const config = configFromWire(decodeWith(AuctionInstantiateMsg, raw, 'auction::msg::InstantiateMsg'))
    nonPayable(info)
    deps.storage.set('admin', info.sender)
    deps.storage.set('config', config)
    deps.storage.set('paused', false)
    deps.storage.set('ids', { curr: 0, next: 1 } satisfies FundIds)
    deps.storage.set('history', [] as PricePoint[])
    deps.storage.set('info', {
      status: { kind: 'closed' },
      startBlock: 0,
      endBlock: 0,
      startPrice: Dec.ZERO,
      endPrice: Dec.ZERO,
      availableAmount: 0n,
      resolvedAmount: 0n,
      totalAmount: 0n,
      leftovers: [0n, 0n],
      lastCheckedBlock: env.block,
    } satisfies AuctionInfo)
    return response()
  },

  execute(deps, env, info, msg) {
    const adminAddr = deps.storage.get<string>('admin')!
    const m = executePreamble(EXECUTE, msg, info, {
      payable: ['auction_funds', 'auction_funds_manager', 'bid'],
      restricted: [
        {
          variants: ['auction_funds_manager', 'withdraw_funds_manager', 'admin'],
          address: adminAddr,
          who: 'the auctions manager',
        },
      ],
    })
    const config = deps.storage.get<AuctionConfig>('config')!
    switch (m.variant) {
      case 'auction_funds':
        return deposit(deps, env, info, config, adminAddr, info.sender)
      case 'auction_funds_manager':
        return deposit(deps, env, info, config, adminAddr, m.body.sender)
      case 'withdraw_funds':
        return withdraw(deps, config, info.sender)
      case 'withdraw_funds_manager':
        return withdraw(deps, config, m.body.sender)
      case 'bid':
        return bid(deps, env, info, config)
      case 'finish_auction':
        return finish(deps, env, config, m.body.limit)
      case 'clean_after_auction':
        return clean(deps)
      case 'admin':
        return admin(deps, env, config, adminAddr, m.body)
    }
  },

  query(deps, env, msg) {
    const info = deps.storage.get<AuctionInfo>('info')!
    // Localnet extension, read by the oracle: the pair's recent average prices (newest first),
    // each with the amount the auction sold (sell base units; correction 11).
    if (msg === 'get_price_history') return historyToWire(deps.storage.get<PricePoint[]>('history')!)
    const m = queryPreamble(QUERY, msg)
    switch (m.variant) {
      case 'get_auction':
        return activeAuctionToWire(info)
      case 'get_price':
        // The deployed contract's error (ContractError::AuctionClosed) for any status but started.
        if (info.status.kind !== 'started') {
          throw new ContractError('Auction is already closed', { code: 'not_active' })
        }
        return priceToWire(
          livePrice(deps, env, deps.storage.get<AuctionConfig>('config')!, info),
          env.block.time,
        )
      case 'get_funds_amount': {
        const ids = deps.storage.get<FundIds>('ids')!
        return {
          curr: (deps.storage.get<bigint>(`funds/${ids.curr}/${m.body.addr}`) ?? 0n).toString(),
          next: (deps.storage.get<bigint>(`funds/${ids.next}/${m.body.addr}`) ?? 0n).toString(),
        }
      }
      case 'get_config':
        return auctionConfigToWire(
          deps.storage.get<AuctionConfig>('config')!,
          deps.storage.get<boolean>('paused')!,
        )
      case 'get_strategy': {
        const s = deps.storage.get<AuctionConfig>('config')!.strategy
        return { start_price_perc: s.startPriceBps, end_price_perc: s.endPriceBps }
      }
      case 'get_admin':
        return deps.storage.get<string>('admin')!
      case 'get_mm_data': {
        // The chain computes the price of the current block whatever the status; outside a price
        // window its arithmetic fails (division by zero, underflow) and the query errs.
        const noPrice = (cause?: unknown) =>
          new ContractError(
            `get_mm_data: no price at block ${env.block.height} (the auction window is ${info.startBlock}..${info.endBlock})`,
            { code: 'outside_window', cause },
          )
        if (env.block.height < info.startBlock || env.block.height > info.endBlock) throw noPrice()
        let price: Dec
        try {
          price = livePrice(deps, env, deps.storage.get<AuctionConfig>('config')!, info)
        } catch (e) {
          throw noPrice(e)
        }
        return mmDataToWire(info, price, env.block) as JsonValue
      }
    }
  },
}

/**
 * The wire form of a stored price history, each point converted once: stored values are
 * immutable (store.ts) and a new history keeps the previous points (`pushPriceHistory`), while
 * the oracle reads the history at every price update. The points are frozen, so no reader can
 * change what the next one gets.
 */
const POINT_WIRE = new WeakMap<PricePoint, JsonValue>()
function historyToWire(history: readonly PricePoint[]): JsonValue {
  return history.map((p) => {
    let wire = POINT_WIRE.get(p)
    if (wire === undefined) {
      wire = Object.freeze({ ...priceToWire(p.price, p.time), volume: (p.volume ?? 0n).toString() })
      POINT_WIRE.set(p, wire)
    }
    return wire
  })
}

// ------------------------------------------------------------------ sellers

function minAmount(deps: Deps, adminAddr: string, denom: string): MinAmount {
  const m = deps.querier.wasm<{ send: string; start_auction: string }>(adminAddr, {
    get_min_limit: { denom },
  })
  return { send: BigInt(m.send), startAuction: BigInt(m.start_auction) }
}

function deposit(
  deps: Deps,
  env: Env,
  info: MessageInfo,
  config: AuctionConfig,
  adminAddr: string,
  seller: string,
): Response {
  // The chain's order: paused, then the funds (must_pay), then the minimum.
  const paused = deps.storage.get<boolean>('paused')!
  assertNotPaused(config.pair, paused, 'it accepts no funds')
  const amount = mustPay(info, config.pair[0])
  assertDeposit({
    pair: config.pair,
    seller,
    amount,
    minAmount: minAmount(deps, adminAddr, config.pair[0]),
    paused,
  })
  const ids = deps.storage.get<FundIds>('ids')!
  const key = `funds/${ids.next}/${seller}`
  deps.storage.set(key, (deps.storage.get<bigint>(key) ?? 0n) + amount)
  deps.storage.set(`sum/${ids.next}`, (deps.storage.get<bigint>(`sum/${ids.next}`) ?? 0n) + amount)
  sortedSet.insert(deps.storage, `sellers/${ids.next}`, seller)
  const res = response()
  res.events.push(
    valenceEvent(VALENCE_ACTIONS.auctionFunds, {
      seller,
      amount: amount.toString(),
      height: env.block.height,
    }),
  )
  return res
}

function withdraw(deps: Deps, config: AuctionConfig, seller: string): Response {
  const ids = deps.storage.get<FundIds>('ids')!
  const key = `funds/${ids.next}/${seller}`
  const amount = deps.storage.get<bigint>(key) ?? 0n
  assertWithdrawal(config.pair, seller, amount)
  deps.storage.delete(key)
  deps.storage.set(`sum/${ids.next}`, (deps.storage.get<bigint>(`sum/${ids.next}`) ?? 0n) - amount)
  sortedSet.remove(deps.storage, `sellers/${ids.next}`, seller)
  const res = response()
  res.messages.push(bankSend(seller, [{ denom: config.pair[0], amount }])!)
  res.events.push(valenceEvent(VALENCE_ACTIONS.auctionWithdrawFunds, { seller, amount: amount.toString() }))
  return res
}

// ------------------------------------------------------------------ open, bid, finish

/**
 * The chain's live reference for the pair at the current block (the injected price source),
 * read only when the auction has a live reserve (correction 12); undefined otherwise.
 */
function liveReference(deps: Deps, env: Env, config: AuctionConfig): Dec | undefined {
  if (config.containment?.maxDiscountBps === undefined) return undefined
  const p = deps.querier.externalPrice([config.pair[0], config.pair[1]], env.block.time)
  return p === undefined ? undefined : Dec.parse(p)
}

/** The price a bid pays now: the curve's, raised to the live reserve when there is one. */
function livePrice(deps: Deps, env: Env, config: AuctionConfig, info: AuctionInfo): Dec {
  return bidPriceAt(info, config, env.block.height, liveReference(deps, env, config))
}

function open(
  deps: Deps,
  env: Env,
  config: AuctionConfig,
  adminAddr: string,
  params: { start_block?: number | null; end_block: number },
): Response {
  const ids = deps.storage.get<FundIds>('ids')!
  const previous = deps.storage.get<AuctionInfo>('info')!
  const queued = deps.storage.get<bigint>(`sum/${ids.next}`) ?? 0n
  const min = minAmount(deps, adminAddr, config.pair[0])
  // The kernel asks for the oracle price only when the auction opens.
  const oracle = () => {
    const p = deps.querier.wasm<{ price: string; time: string }>(adminAddr, {
      get_price: { pair: [config.pair[0], config.pair[1]] },
    })
    return { price: Dec.parse(p.price), time: fromTimestamp(p.time) }
  }
  const result = openAuction({
    config,
    previous,
    paused: deps.storage.get<boolean>('paused')!,
    queued,
    minAmount: min,
    oracle,
    // the live reference for containment (correction 12): the chain's injected price source
    reference: () => {
      const p = deps.querier.externalPrice([config.pair[0], config.pair[1]], env.block.time)
      return p === undefined ? undefined : Dec.parse(p)
    },
    params: { startBlock: params.start_block ?? null, endBlock: params.end_block },
    block: env.block,
  })
  const res = response()
  if (result.kind === 'refund') {
    for (const seller of sortedSet.list(deps.storage, `sellers/${ids.next}`)) {
      const key = `funds/${ids.next}/${seller}`
      const m = bankSend(seller, [{ denom: config.pair[0], amount: deps.storage.get<bigint>(key) ?? 0n }])
      if (m) res.messages.push(m)
      deps.storage.delete(key)
    }
    deps.storage.delete(`sellers/${ids.next}`)
    deps.storage.delete(`sum/${ids.next}`)
    res.events.push(
      valenceEvent(VALENCE_ACTIONS.auctionRefund, {
        queued: queued.toString(),
        min_start: min.startAuction.toString(),
      }),
    )
    return res
  }
  if (result.kind === 'contained') {
    // the queue waits for the next open; nothing else changes
    res.events.push(
      valenceEvent(VALENCE_ACTIONS.auctionContainment, {
        pair: [config.pair[0], config.pair[1]],
        verdict: result.reason === 'no_reference' ? 'no_reference' : 'refused',
        breach: result.reason === 'no_reference' ? null : result.reason,
        oracle_start_price: result.original.startPrice.toString(),
        start_price: null,
        reference: result.reference?.toString() ?? null,
        floor: result.floor?.toString() ?? null,
      }),
    )
    return res
  }
  if (result.containment?.verdict.kind === 're_anchored') {
    res.events.push(
      valenceEvent(VALENCE_ACTIONS.auctionContainment, {
        pair: [config.pair[0], config.pair[1]],
        verdict: 're_anchored',
        breach: result.containment.verdict.breach,
        oracle_start_price: result.containment.verdict.original.startPrice.toString(),
        start_price: result.info.startPrice.toString(),
        reference: result.containment.reference.toString(),
        floor: result.containment.verdict.floor.toString(),
      }),
    )
  }
  deps.storage.set('info', result.info)
  deps.storage.set('ids', { curr: ids.next, next: ids.next + 1 } satisfies FundIds)
  res.events.push(
    valenceEvent(VALENCE_ACTIONS.auctionOpen, {
      pair: [config.pair[0], config.pair[1]],
      start_block: result.info.startBlock,
      end_block: result.info.endBlock,
      start_price: result.info.startPrice.toString(),
      end_price: result.info.endPrice.toString(),
      total_amount: result.info.totalAmount.toString(),
    }),
  )
  return res
}

function bid(deps: Deps, env: Env, info: MessageInfo, config: AuctionConfig): Response {
  assertNotPaused(config.pair, deps.storage.get<boolean>('paused')!, 'it accepts no bids')
  const sent = mustPay(info, config.pair[1])
  const before = deps.storage.get<AuctionInfo>('info')!
  const r = placeBid(before, config, sent, env.block, liveReference(deps, env, config))
  deps.storage.set('info', r.info)
  const res = response()
  const pay = bankSend(info.sender, [
    { denom: config.pair[0], amount: r.bought },
    { denom: config.pair[1], amount: r.refund },
  ])
  if (pay) res.messages.push(pay)
  res.events.push(
    valenceEvent(VALENCE_ACTIONS.auctionDoBid, {
      bidder: info.sender,
      height: env.block.height,
      price: r.price.toString(),
      sent: sent.toString(),
      bought: r.bought.toString(),
      refunded: r.refund.toString(),
      halted: r.halted,
    }),
  )
  return res
}

function finish(deps: Deps, env: Env, config: AuctionConfig, limit: number): Response {
  const info = deps.storage.get<AuctionInfo>('info')!
  const ids = deps.storage.get<FundIds>('ids')!
  const startAfter = info.status.kind === 'close_auction' ? info.status.startAfter : null
  // Only the next page (+1 to know whether it is the last) is read, as the chain pages its map.
  const page = sortedSet
    .page(deps.storage, `sellers/${ids.curr}`, startAfter, Math.max(limit, 0) + 1)
    .map((a) => [a, deps.storage.get<bigint>(`funds/${ids.curr}/${a}`) ?? 0n] as const)
  const r = finishBatch(info, page, limit, env.block.height)
  deps.storage.set('info', r.info)
  const res = response()
  for (const p of r.payouts) {
    const m = bankSend(p.address, [
      { denom: config.pair[0], amount: p.sell },
      { denom: config.pair[1], amount: p.buy },
    ])
    if (m) res.messages.push(m)
  }
  if (r.done) {
    if (r.averagePrice) {
      deps.storage.set(
        'history',
        pushPriceHistory(deps.storage.get<PricePoint[]>('history')!, {
          price: r.averagePrice,
          time: env.block.time,
          // the amount sold: the volume_weighted oracle mode's weight (correction 11)
          volume: info.totalAmount - info.availableAmount,
        }),
      )
    }
    res.events.push(
      valenceEvent(VALENCE_ACTIONS.auctionClose, {
        pair: [config.pair[0], config.pair[1]],
        total_amount: info.totalAmount.toString(),
        sold: (info.totalAmount - info.availableAmount).toString(),
        resolved: info.resolvedAmount.toString(),
        average_price: r.averagePrice?.toString() ?? null,
        leftovers: [r.info.leftovers[0].toString(), r.info.leftovers[1].toString()],
      }),
    )
  }
  return res
}

function clean(deps: Deps): Response {
  assertCanClean(deps.storage.get<AuctionInfo>('info')!)
  const ids = deps.storage.get<FundIds>('ids')!
  for (const seller of sortedSet.list(deps.storage, `sellers/${ids.curr}`))
    deps.storage.delete(`funds/${ids.curr}/${seller}`)
  deps.storage.delete(`sellers/${ids.curr}`)
  deps.storage.delete(`sum/${ids.curr}`)
  return response()
}

type AdminBody = Extract<
  ParsedEnum<typeof EXECUTE.variants, typeof EXECUTE.units>,
  { variant: 'admin' }
>['body']

function admin(deps: Deps, env: Env, config: AuctionConfig, adminAddr: string, a: AdminBody): Response {
  if (a === null) throw new ContractError('admin: empty message')
  if (a === 'pause_auction') deps.storage.set('paused', true)
  else if (a === 'resume_auction') deps.storage.set('paused', false)
  else if ('start_auction' in a) return open(deps, env, config, adminAddr, a.start_auction)
  else if ('update_strategy' in a)
    deps.storage.set('config', updateStrategy(config, strategyFromWire(a.update_strategy.strategy)))
  else if ('update_chain_halt_config' in a) {
    deps.storage.set(
      'config',
      updateChainHaltConfig(
        config,
        haltFromWire(a.update_chain_halt_config, 'admin.update_chain_halt_config'),
      ),
    )
  } else if ('update_price_freshness_strategy' in a) {
    deps.storage.set(
      'config',
      updatePriceFreshnessStrategy(config, freshnessFromWire(a.update_price_freshness_strategy)),
    )
  }
  return response()
}

// ------------------------------------------------------------------ wire forms

function strategyFromWire(s: { start_price_perc: number; end_price_perc: number }): AuctionStrategy {
  return { startPriceBps: s.start_price_perc, endPriceBps: s.end_price_perc }
}

/**
 * The chain-halt config in the kernel's whole seconds. The chain's `block_avg` is a Decimal;
 * the auction kernel counts whole seconds per block, so the localnet refuses a fractional
 * `block_avg` and a `cap` beyond 2^53 seconds (wire-formats.md, "Deliberate differences").
 * @throws ContractError naming `<at>.cap` / `<at>.block_avg` and the rule.
 */
function haltFromWire(h: { cap: string; block_avg: string }, at: string): ChainHaltConfig {
  const cap = BigInt(h.cap) // a Uint128 string, checked by the decoder
  if (cap > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new ContractError(`${at}.cap: ${h.cap} seconds is above the localnet's bound 2^53-1`)
  }
  const avg = Dec.parse(h.block_avg)
  if (avg.fractionAtomics() !== 0n || avg.floor() > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new ContractError(
      `${at}.block_avg: "${h.block_avg}" is not supported by the localnet: it takes a whole number of seconds per block (0 to 2^53-1)`,
    )
  }
  return { capSeconds: Number(cap), blockAvgSeconds: Number(avg.floor()) }
}

function freshnessFromWire(f: {
  limit: string
  multipliers: readonly (readonly [string, string])[]
}): PriceFreshnessStrategy {
  return {
    limitDays: Dec.parse(f.limit),
    multipliers: f.multipliers.map(([d, m]) => [Dec.parse(d), Dec.parse(m)] as const),
  }
}

function configFromWire(msg: AuctionInstantiateMsg): AuctionConfig {
  const pair = msg?.pair as Pair
  if (!Array.isArray(pair) || pair.length !== 2 || pair[0] === pair[1]) {
    throw new ContractError('pair must be two different denoms')
  }
  return createAuctionConfig({
    pair: [pair[0]!, pair[1]!],
    strategy: strategyFromWire(msg.auction_strategy),
    chainHalt: haltFromWire(msg.chain_halt_config, 'chain_halt_config'),
    freshness: freshnessFromWire(msg.price_freshness_strategy),
    curve: msg.price_curve === undefined ? undefined : curveFromWire(msg.price_curve),
    containment:
      msg.containment === undefined
        ? undefined
        : {
            minPremiumBps: msg.containment.min_premium_bps,
            action: msg.containment.action,
            maxDiscountBps: msg.containment.max_discount_bps,
          },
  })
}

/** `get_auction`'s answer (wire-formats.md): `@rebalancer/types`' `activeAuctionToWire`. */
export const auctionToWire: (info: AuctionInfo) => JsonValue = activeAuctionToWire
