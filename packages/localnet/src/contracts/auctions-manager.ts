import { assertServer } from '@rebalancer/auction'
import {
  AuctionsManagerExecuteUnitVariants,
  AuctionsManagerExecuteVariants,
  AuctionsManagerInstantiateMsg,
  AuctionsManagerQueryUnitVariants,
  AuctionsManagerQueryVariants,
  type JsonValue,
  type Pair,
  pairKey,
  parsePairKey,
} from '@rebalancer/types'
import {
  type ContractCode,
  ContractError,
  type Deps,
  type MessageInfo,
  nonPayable,
  response,
  wasmExecute,
} from '../runtime.js'
import { sortedSet } from '../store.js'
import { executePreamble, msgType, queryPreamble } from './common.js'
import { adminChange, decodeWith } from './msg.js'

interface ManagerConfig {
  serverAddr: string
  auctionCodeId: number
  oracleAddr: string | null
}

interface MinAmountWire {
  send: string
  start_auction: string
}

const EXECUTE = msgType(
  AuctionsManagerExecuteVariants,
  AuctionsManagerExecuteUnitVariants,
  'auctions_manager::msg::ExecuteMsg',
)
const QUERY = msgType(
  AuctionsManagerQueryVariants,
  AuctionsManagerQueryUnitVariants,
  'auctions_manager::msg::QueryMsg',
)
const PAIRS = 'pairs'

/**
 * The auctions manager: one auction contract per ordered pair (it instantiates them and is
 * their admin), the minimum amounts per denom, the oracle's address, and the server (keeper)
 * that alone opens auctions (wire-formats.md, "Auctions manager and auctions").
 */
export const auctionsManagerCode: ContractCode = {
  instantiate(deps, _env, info, raw) {
    const msg = decodeWith(AuctionsManagerInstantiateMsg, raw, 'auctions_manager::msg::InstantiateMsg')
    nonPayable(info)
    deps.storage.set('admin', info.sender)
    deps.storage.set('config', {
      serverAddr: deps.api.addrValidate(msg.server_addr, 'server_addr'),
      auctionCodeId: msg.auction_code_id,
      oracleAddr: null,
    } satisfies ManagerConfig)
    for (const [denom, min] of msg.min_auction_amount) deps.storage.set(`min/${denom}`, min)
    return response()
  },

  execute(deps, env, info, msg) {
    const cfg = deps.storage.get<ManagerConfig>('config')!
    // only auction_funds takes funds (forwarded to the pair's auction); correction 10
    const m = executePreamble(EXECUTE, msg, info, {
      payable: ['auction_funds'],
      restricted: [{ variants: ['admin'], address: deps.storage.get<string>('admin')!, who: 'the admin' }],
    })
    const res = response()
    switch (m.variant) {
      case 'auction_funds':
        res.messages.push(
          wasmExecute(
            pairAddr(deps, m.body.pair),
            { auction_funds_manager: { sender: info.sender } },
            coins(info),
          ),
        )
        return res
      case 'withdraw_funds':
        res.messages.push(
          wasmExecute(pairAddr(deps, m.body.pair), { withdraw_funds_manager: { sender: info.sender } }),
        )
        return res
      case 'finish_auction':
        res.messages.push(
          wasmExecute(pairAddr(deps, m.body.pair), { finish_auction: { limit: m.body.limit } }),
        )
        return res
      case 'server': {
        assertServer(info.sender, cfg.serverAddr)
        const { pair, params } = m.body.open_auction
        res.messages.push(
          wasmExecute(pairAddr(deps, pair), {
            admin: {
              start_auction: { start_block: params.start_block ?? null, end_block: params.end_block },
            },
          }),
        )
        return res
      }
      case 'approve_admin_change':
        return adminChange.approve(deps.storage, 'admin', info.sender, env)
      case 'admin': {
        const a = m.body
        if ('cancel_admin_change' in a) return adminChange.cancel(deps.storage, 'admin', info.sender)
        const forward = (pair: Pair, admin: JsonValue) =>
          res.messages.push(wasmExecute(pairAddr(deps, pair), { admin }))
        if ('new_auction' in a) {
          const { msg: auctionMsg, label, min_amount } = a.new_auction
          const pair = auctionMsg.pair as Pair
          const key = pairKey(pair)
          if (deps.storage.has(`pair/${key}`))
            throw new ContractError(`Pair ["${pair[0]}","${pair[1]}"] already exists`)
          if (min_amount) deps.storage.set(`min/${pair[0]}`, min_amount)
          else if (!deps.storage.has(`min/${pair[0]}`)) {
            throw new ContractError(`new_auction: min_amount for ${pair[0]} is required`)
          }
          const addr = deps.api.instantiate(cfg.auctionCodeId, auctionMsg as JsonValue, label, null)
          deps.storage.set(`pair/${key}`, addr)
          sortedSet.insert(deps.storage, PAIRS, key)
        } else if ('update_oracle' in a) {
          deps.storage.set('config', {
            ...cfg,
            oracleAddr: deps.api.addrValidate(a.update_oracle.oracle_addr, 'oracle_addr'),
          })
        } else if ('change_server_addr' in a) {
          deps.storage.set('config', {
            ...cfg,
            serverAddr: deps.api.addrValidate(a.change_server_addr.addr, 'addr'),
          })
        } else if ('update_auction_id' in a) {
          deps.storage.set('config', { ...cfg, auctionCodeId: a.update_auction_id.code_id })
        } else if ('update_min_amount' in a) {
          deps.storage.set(`min/${a.update_min_amount.denom}`, a.update_min_amount.min_amount)
        } else if ('pause_auction' in a) {
          forward(a.pause_auction.pair, 'pause_auction')
        } else if ('resume_auction' in a) {
          forward(a.resume_auction.pair, 'resume_auction')
        } else if ('update_strategy' in a) {
          forward(a.update_strategy.pair, { update_strategy: { strategy: a.update_strategy.strategy } })
        } else if ('update_chain_halt_config' in a) {
          forward(a.update_chain_halt_config.pair, {
            update_chain_halt_config: a.update_chain_halt_config.halt_config,
          })
        } else if ('update_price_freshness_strategy' in a) {
          forward(a.update_price_freshness_strategy.pair, {
            update_price_freshness_strategy: a.update_price_freshness_strategy.strategy,
          })
        } else if ('migrate_auction' in a) {
          throw new ContractError('migrate_auction: the localnet runs one version of the auction code')
        } else if ('start_admin_change' in a) {
          return adminChange.start(deps.storage, 'admin', info.sender, a.start_admin_change, env)
        }
        return res
      }
    }
  },

  query(deps, _env, msg) {
    const cfg = deps.storage.get<ManagerConfig>('config')!
    const m = queryPreamble(QUERY, msg)
    switch (m.variant) {
      case 'get_pairs':
        // The chain: PAIRS in storage-key order (chainPairOrder), after `start_after`, default 50.
        return chainPairPage(sortedSet.list(deps.storage, PAIRS), m.body.start_after, m.body.limit ?? 50).map(
          (pair) => [[pair[0], pair[1]], deps.storage.get<string>(`pair/${pairKey(pair)}`)!],
        ) as JsonValue
      case 'get_pair_addr':
        return pairAddr(deps, m.body.pair as Pair)
      case 'get_price':
        if (!cfg.oracleAddr) throw new ContractError('Oracle address is not set')
        return deps.querier.wasm(cfg.oracleAddr, { get_price: { pair: m.body.pair } })
      case 'get_min_limit': {
        const min = deps.storage.get<MinAmountWire>(`min/${m.body.denom}`)
        if (!min) throw new ContractError(`No minimum amount set for denom ${m.body.denom}`)
        return { send: min.send, start_auction: min.start_auction }
      }
      case 'get_config':
        return deps.querier.wasm(pairAddr(deps, m.body.pair as Pair), 'get_config')
      case 'get_admin':
        return deps.storage.get<string>('admin')!
      case 'get_oracle_addr':
        if (!cfg.oracleAddr) throw new ContractError('Oracle address is not set')
        return cfg.oracleAddr
      case 'get_server_addr':
        return cfg.serverAddr
    }
  },
}

function coins(info: MessageInfo): { denom: string; amount: bigint }[] {
  return info.funds.map((c) => ({ denom: c.denom, amount: BigInt(c.amount) }))
}

/**
 * The deployed contracts' order of pairs (`Map<Pair, _>` keys are `len(a) as u16 BE ‖ a ‖ b`): by
 * the length of the first denom, then the first denom, then the second (bytes; denoms are ASCII).
 */
export function chainPairOrder(left: Pair, right: Pair): number {
  if (left[0].length !== right[0].length) return left[0].length - right[0].length
  if (left[0] !== right[0]) return left[0] < right[0] ? -1 : 1
  return left[1] === right[1] ? 0 : left[1] < right[1] ? -1 : 1
}

/** One page of pair keys in the chain's order: after `startAfter` (exclusive), at most `limit`. */
export function chainPairPage(
  keys: readonly string[],
  startAfter: Pair | null | undefined,
  limit: number,
): Pair[] {
  const pairs = keys.map(parsePairKey).sort(chainPairOrder)
  return pairs.filter((p) => startAfter == null || chainPairOrder(p, startAfter) > 0).slice(0, limit)
}

function pairAddr(deps: Deps, pair: Pair): string {
  const addr = deps.storage.get<string>(`pair/${pairKey(pair)}`)
  if (!addr) throw new ContractError(`Pair ["${pair[0]}","${pair[1]}"] has no auction`)
  return addr
}
