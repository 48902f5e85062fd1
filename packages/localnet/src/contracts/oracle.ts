import {
  assertManualPriceAllowed,
  type OracleConfig,
  oraclePrice,
  type PricePoint,
} from '@rebalancer/auction'
import {
  Dec,
  type JsonValue,
  OracleExecuteUnitVariants,
  OracleExecuteVariants,
  OracleInstantiateMsg,
  OracleQueryUnitVariants,
  OracleQueryVariants,
  type Pair,
  pairKey,
  parsePairKey,
  priceToWire,
  VALENCE_ACTIONS,
} from '@rebalancer/types'
import {
  type ContractCode,
  ContractError,
  type Deps,
  fromTimestamp,
  nonPayable,
  response,
  toTimestamp,
  valenceEvent,
} from '../runtime.js'
import { sortedSet } from '../store.js'
import { chainPairPage } from './auctions-manager.js'
import { executePreamble, msgType, queryPreamble } from './common.js'
import { adminChange, decodeWith } from './msg.js'

const EXECUTE = msgType(OracleExecuteVariants, OracleExecuteUnitVariants, 'oracle::msg::ExecuteMsg')
const QUERY = msgType(OracleQueryVariants, OracleQueryUnitVariants, 'oracle::msg::QueryMsg')

interface OracleState {
  auctionsManager: string
  config: OracleConfig
}

interface StoredPrice {
  price: Dec
  time: number
}

const PAIRS = 'pairs'

/** One point of an auction's `get_price_history` answer (localnet extension). */
type HistoryPointWire = { price: string; time: string; volume: string }

/**
 * The price points of a `get_price_history` answer. The auction answers with the same frozen
 * point objects for as long as a point stays in its history (contracts/auction.ts), so each point
 * is parsed once, not at every price update.
 */
const POINTS = new WeakMap<HistoryPointWire, PricePoint>()
function historyFromWire(wire: readonly HistoryPointWire[]): PricePoint[] {
  return wire.map((w) => {
    let p = POINTS.get(w)
    if (p === undefined) {
      p = { price: Dec.parse(w.price), time: fromTimestamp(w.time), volume: BigInt(w.volume) }
      if (Object.isFrozen(w)) POINTS.set(w, p)
    }
    return p
  })
}

/**
 * The price oracle: per pair, the mean of the pair auction's recent average prices when there
 * are at least three fresh ones, else the injected external source (on chain a DEX route);
 * manual prices by the admin only when no recent price exists (auction.md, "Price oracle").
 * Instantiated with a `mode` (ours, correction 11) it aggregates or follows the live reference
 * as `@rebalancer/auction`'s `oraclePrice` says (auction.md "Oracle modes").
 */
export const oracleCode: ContractCode = {
  instantiate(deps, _env, info, raw) {
    const msg = decodeWith(OracleInstantiateMsg, raw, 'oracle::msg::InstantiateMsg')
    nonPayable(info)
    deps.storage.set('admin', info.sender)
    deps.storage.set('state', {
      auctionsManager: deps.api.addrValidate(msg.auctions_manager_addr, 'auctions_manager_addr'),
      config: checkedConfig({
        manualChangeAllowedSeconds: msg.seconds_allow_manual_change,
        auctionPricesFreshSeconds: msg.seconds_auction_prices_fresh,
        // correction 11: absent = the deployed contract's mean
        mode: msg.mode,
        anchorBandBps: msg.anchor_band_bps,
      }),
    } satisfies OracleState)
    return response()
  },

  execute(deps, env, info, msg) {
    const st = deps.storage.get<OracleState>('state')!
    // no oracle message takes funds (correction 10)
    const m = executePreamble(EXECUTE, msg, info, {
      restricted: [
        {
          variants: ['manual_price_update', 'update_config', 'add_astro_path', 'update_astro_path'],
          address: deps.storage.get<string>('admin')!,
          who: 'the admin',
        },
      ],
    })
    switch (m.variant) {
      case 'update_price': {
        const pair = m.body.pair as Pair
        const auction = deps.querier.wasm<string>(st.auctionsManager, {
          get_pair_addr: { pair: m.body.pair },
        })
        const history = historyFromWire(deps.querier.wasm<HistoryPointWire[]>(auction, 'get_price_history'))
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
          valenceEvent(VALENCE_ACTIONS.oracleUpdatePrice, {
            pair: [pair[0], pair[1]],
            price: p.price.toString(),
            time: toTimestamp(p.time),
            source: p.source,
          }),
        )
        return res
      }
      case 'manual_price_update':
        return manual(deps, env.block.time, st, m.body.pair as Pair, m.body.price)
      case 'update_config':
        deps.storage.set('state', {
          auctionsManager: m.body.auction_manager_addr
            ? deps.api.addrValidate(m.body.auction_manager_addr, 'auction_manager_addr')
            : st.auctionsManager,
          config: {
            ...st.config,
            manualChangeAllowedSeconds:
              m.body.seconds_allow_manual_change ?? st.config.manualChangeAllowedSeconds,
            auctionPricesFreshSeconds:
              m.body.seconds_auction_prices_fresh ?? st.config.auctionPricesFreshSeconds,
          },
        } satisfies OracleState)
        return response()
      case 'add_astro_path':
      case 'update_astro_path':
        throw new ContractError(
          `${m.variant}: the localnet has no DEX; its fallback price source is injected`,
        )
      case 'start_admin_change':
        return adminChange.start(deps.storage, 'admin', info.sender, m.body, env)
      case 'cancel_admin_change':
        return adminChange.cancel(deps.storage, 'admin', info.sender)
      case 'approve_admin_change':
        return adminChange.approve(deps.storage, 'admin', info.sender, env)
    }
  },

  query(deps, _env, msg) {
    const m = queryPreamble(QUERY, msg)
    switch (m.variant) {
      case 'get_price': {
        const pair = m.body.pair as Pair
        const p = deps.storage.get<StoredPrice>(`price/${pairKey(pair)}`)
        if (!p) throw new ContractError(`No price for pair ["${pair[0]}","${pair[1]}"]`)
        return priceToWire(p.price, p.time)
      }
      case 'get_all_prices':
        // The chain: PRICES in storage-key order (as get_pairs), after `from` (exclusive), default 10.
        return chainPairPage(
          sortedSet.list(deps.storage, PAIRS),
          m.body.from as Pair | null | undefined,
          m.body.limit ?? 10,
        ).map((pair) => {
          const p = deps.storage.get<StoredPrice>(`price/${pairKey(pair)}`)!
          return [[pair[0], pair[1]], priceToWire(p.price, p.time)]
        }) as JsonValue
      case 'get_config': {
        const st = deps.storage.get<OracleState>('state')!
        return {
          auction_manager_addr: st.auctionsManager,
          seconds_allow_manual_change: st.config.manualChangeAllowedSeconds,
          seconds_auction_prices_fresh: st.config.auctionPricesFreshSeconds,
          // correction 11: shown only when set, so a deployed-format oracle answers as deployed
          ...(st.config.mode === undefined ? {} : { mode: st.config.mode }),
          ...(st.config.anchorBandBps === undefined ? {} : { anchor_band_bps: st.config.anchorBandBps }),
        }
      }
      case 'get_admin':
        return deps.storage.get<string>('admin')!
    }
  },
}

/**
 * The configuration, checked with the oracle kernel's rules (`oraclePrice` validates it too, but
 * a bad mode or band must fail at instantiation, not at the first update).
 * @throws ContractError naming the field and the rule.
 */
function checkedConfig(config: OracleConfig): OracleConfig {
  const band = config.anchorBandBps
  if (band !== undefined && (band < 1 || band > 10_000)) {
    throw new ContractError(
      `anchor_band_bps: ${band} is invalid: it must be a whole number of bps in 1..=10000`,
    )
  }
  if (band !== undefined && config.mode !== 'anchored') {
    throw new ContractError(
      `anchor_band_bps: only the anchored mode has a band (mode is ${config.mode ?? 'mean'})`,
    )
  }
  return config
}

function store(deps: Deps, pair: Pair, p: StoredPrice): void {
  const key = pairKey(pair)
  deps.storage.set(`price/${key}`, p)
  sortedSet.insert(deps.storage, PAIRS, key)
}

function manual(deps: Deps, now: number, st: OracleState, pair: Pair, priceText: string) {
  // The pair must have an auction.
  deps.querier.wasm<string>(st.auctionsManager, { get_pair_addr: { pair: [pair[0], pair[1]] } })
  const price = Dec.parse(priceText)
  const last = deps.storage.get<StoredPrice>(`price/${pairKey(pair)}`) ?? null
  assertManualPriceAllowed(last, now, price, st.config)
  store(deps, pair, { price, time: now })
  const res = response()
  res.events.push(
    valenceEvent(VALENCE_ACTIONS.oracleManualPrice, {
      pair: [pair[0], pair[1]],
      price: price.toString(),
      time: toTimestamp(now),
    }),
  )
  return res
}
