import {
  assertManualPriceAllowed,
  type OracleConfig,
  oraclePrice,
  type PricePoint,
} from '@rebalancer/auction'
import { Dec, type JsonValue, type Pair, pairKey, parsePairKey } from '@rebalancer/types'
import {
  type ContractCode,
  ContractError,
  type Deps,
  fromTimestamp,
  response,
  toTimestamp,
  valenceEvent,
} from '../runtime.js'
import { sortedSet } from '../store.js'
import { unauthorized, unknownVariant, variantOf } from './msg.js'

interface OracleState {
  admin: string
  auctionsManager: string
  config: OracleConfig
}

interface StoredPrice {
  price: Dec
  time: number
}

const PAIRS = 'pairs'

/**
 * The price oracle: per pair, the mean of the pair auction's recent average prices when there
 * are at least three fresh ones, else the injected external source (on chain a DEX route);
 * manual prices by the admin only when no recent price exists (auction.md, "Price oracle").
 */
export const oracleCode: ContractCode = {
  instantiate(deps, _env, info, msg: any) {
    deps.storage.set('state', {
      admin: info.sender,
      auctionsManager: deps.api.addrValidate(msg.auctions_manager_addr, 'auctions_manager_addr'),
      config: {
        manualChangeAllowedSeconds: msg.seconds_allow_manual_change,
        auctionPricesFreshSeconds: msg.seconds_auction_prices_fresh,
      },
    } satisfies OracleState)
    return response()
  },

  execute(deps, env, info, msg) {
    const st = deps.storage.get<OracleState>('state')!
    const { name, body } = variantOf(msg, 'oracle::msg::ExecuteMsg')
    switch (name) {
      case 'update_price': {
        const pair = body.pair as Pair
        const auction = deps.querier.wasm<string>(st.auctionsManager, { get_pair_addr: { pair } })
        const history: PricePoint[] = deps.querier
          .wasm<{ price: string; time: string }[]>(auction, 'get_price_history')
          .map((p) => ({ price: Dec.parse(p.price), time: fromTimestamp(p.time) }))
        const external = deps.querier.externalPrice([pair[0], pair[1]], env.block.time)
        const p = oraclePrice({
          history,
          now: env.block.time,
          config: st.config,
          external: external === undefined ? undefined : Dec.parse(external),
        })
        store(deps, pair, { price: p.price, time: p.time })
        const res = response()
        res.events.push(
          valenceEvent('oracle-update-price', {
            pair: [pair[0], pair[1]],
            price: p.price.toString(),
            time: toTimestamp(p.time),
            source: p.source,
          }),
        )
        return res
      }
      case 'admin': {
        if (info.sender !== st.admin) throw unauthorized('only the admin')
        const a = variantOf(body, 'oracle::msg::OracleAdminMsgs')
        if (a.name === 'manual_price_update') return manual(deps, env.block.time, st, a.body)
        if (a.name === 'update_config') {
          deps.storage.set('state', {
            ...st,
            auctionsManager: a.body.auction_manager_addr
              ? deps.api.addrValidate(a.body.auction_manager_addr, 'auction_manager_addr')
              : st.auctionsManager,
            config: {
              manualChangeAllowedSeconds:
                a.body.seconds_allow_manual_change ?? st.config.manualChangeAllowedSeconds,
              auctionPricesFreshSeconds:
                a.body.seconds_auction_prices_fresh ?? st.config.auctionPricesFreshSeconds,
            },
          } satisfies OracleState)
          return response()
        }
        throw unknownVariant('oracle::msg::OracleAdminMsgs', a.name, ['manual_price_update', 'update_config'])
      }
      // Also accepted at the top level, as wire-formats.md's Oracle section writes it.
      case 'manual_price_update':
        if (info.sender !== st.admin) throw unauthorized('only the admin')
        return manual(deps, env.block.time, st, body)
      default:
        throw unknownVariant('oracle::msg::ExecuteMsg', name, [
          'update_price',
          'manual_price_update',
          'admin',
        ])
    }
  },

  query(deps, _env, msg) {
    const st = deps.storage.get<OracleState>('state')!
    const { name, body } = variantOf(msg, 'oracle::msg::QueryMsg')
    switch (name) {
      case 'get_price': {
        const p = deps.storage.get<StoredPrice>(`price/${pairKey(body.pair)}`)
        if (!p) throw new ContractError(`No price for pair ["${body.pair[0]}","${body.pair[1]}"]`)
        return priceToWire(p)
      }
      case 'get_all_prices':
        return sortedSet
          .page(deps.storage, PAIRS, body?.from ? pairKey(body.from) : null, body?.limit ?? 50)
          .map((k) => {
            const pair = parsePairKey(k)
            return [[pair[0], pair[1]], priceToWire(deps.storage.get<StoredPrice>(`price/${k}`)!)]
          }) as JsonValue
      case 'get_config':
        return {
          auction_manager_addr: st.auctionsManager,
          seconds_allow_manual_change: st.config.manualChangeAllowedSeconds,
          seconds_auction_prices_fresh: st.config.auctionPricesFreshSeconds,
        }
      case 'get_admin':
        return st.admin
      default:
        throw unknownVariant('oracle::msg::QueryMsg', name, [
          'get_price',
          'get_all_prices',
          'get_config',
          'get_admin',
        ])
    }
  },
}

function priceToWire(p: StoredPrice): JsonValue {
  return { price: p.price.toString(), time: toTimestamp(p.time) }
}

function store(deps: Deps, pair: Pair, p: StoredPrice): void {
  const key = pairKey(pair)
  deps.storage.set(`price/${key}`, p)
  sortedSet.insert(deps.storage, PAIRS, key)
}

function manual(deps: Deps, now: number, st: OracleState, body: any) {
  const pair = body.pair as Pair
  // The pair must have an auction.
  deps.querier.wasm<string>(st.auctionsManager, { get_pair_addr: { pair } })
  const price = Dec.parse(body.price)
  const last = deps.storage.get<StoredPrice>(`price/${pairKey(pair)}`) ?? null
  assertManualPriceAllowed(last, now, price, st.config)
  store(deps, pair, { price, time: now })
  const res = response()
  res.events.push(
    valenceEvent('oracle-manual-price', {
      pair: [pair[0], pair[1]],
      price: price.toString(),
      time: toTimestamp(now),
    }),
  )
  return res
}
