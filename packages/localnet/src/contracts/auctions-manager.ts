import type { JsonValue, Pair } from '@rebalancer/types'
import { pairKey, parsePairKey } from '@rebalancer/types'
import {
  type ContractCode,
  ContractError,
  type Deps,
  type MessageInfo,
  response,
  wasmExecute,
} from '../runtime.js'
import { sortedSet } from '../store.js'
import { unauthorized, unknownVariant, variantOf } from './msg.js'

interface ManagerConfig {
  admin: string
  serverAddr: string
  auctionCodeId: number
  oracleAddr: string | null
}

interface MinAmountWire {
  send: string
  start_auction: string
}

const TYPE = 'auctions_manager::msg::ExecuteMsg'
const PAIRS = 'pairs'

/**
 * The auctions manager: one auction contract per ordered pair, the minimum amounts per denom,
 * the oracle's address, and the server (keeper) that alone opens auctions
 * (wire-formats.md, "Auctions manager and auctions").
 */
export const auctionsManagerCode: ContractCode = {
  instantiate(deps, _env, info, msg: any) {
    deps.storage.set('config', {
      admin: info.sender,
      serverAddr: deps.api.addrValidate(msg.server_addr, 'server_addr'),
      auctionCodeId: msg.auction_code_id,
      oracleAddr: null,
    } satisfies ManagerConfig)
    for (const [denom, min] of msg.min_auction_amount ?? []) setMin(deps, denom, min)
    return response()
  },

  execute(deps, _env, info, msg) {
    const cfg = deps.storage.get<ManagerConfig>('config')!
    const { name, body } = variantOf(msg, TYPE)
    const res = response()
    const funds = coins(info)
    switch (name) {
      case 'auction_funds':
        res.messages.push(
          wasmExecute(pairAddr(deps, body.pair), { auction_funds: { sender: info.sender } }, funds),
        )
        return res
      case 'withdraw_funds':
        res.messages.push(wasmExecute(pairAddr(deps, body.pair), { withdraw_funds: { sender: info.sender } }))
        return res
      case 'finish_auction':
        res.messages.push(wasmExecute(pairAddr(deps, body.pair), { finish_auction: { limit: body.limit } }))
        return res
      case 'server': {
        if (info.sender !== cfg.serverAddr) throw unauthorized('only the server address')
        const s = variantOf(body, 'auctions_manager::msg::ServerMsgs')
        if (s.name !== 'open_auction')
          throw unknownVariant('auctions_manager::msg::ServerMsgs', s.name, ['open_auction'])
        const params = s.body.params ?? {}
        res.messages.push(
          wasmExecute(pairAddr(deps, s.body.pair), {
            admin: {
              start_auction: { start_block: params.start_block ?? null, end_block: params.end_block },
            },
          }),
        )
        return res
      }
      case 'admin':
        if (info.sender !== cfg.admin) throw unauthorized('only the admin')
        return admin(deps, cfg, body)
      default:
        throw unknownVariant(TYPE, name, [
          'auction_funds',
          'withdraw_funds',
          'finish_auction',
          'server',
          'admin',
        ])
    }
  },

  query(deps, _env, msg) {
    const cfg = deps.storage.get<ManagerConfig>('config')!
    const { name, body } = variantOf(msg, 'auctions_manager::msg::QueryMsg')
    switch (name) {
      case 'get_pairs':
        return sortedSet
          .page(deps.storage, PAIRS, body?.start_after ? pairKey(body.start_after) : null, body?.limit ?? 50)
          .map((k) => {
            const pair = parsePairKey(k)
            return [[pair[0], pair[1]], deps.storage.get<string>(`pair/${k}`)!]
          }) as JsonValue
      case 'get_pair_addr':
        return pairAddr(deps, body.pair)
      case 'get_price':
        if (!cfg.oracleAddr) throw new ContractError('Oracle address is not set')
        return deps.querier.wasm(cfg.oracleAddr, { get_price: { pair: body.pair } })
      case 'get_min_limit': {
        const m = deps.storage.get<MinAmountWire>(`min/${body.denom}`)
        if (!m) throw new ContractError(`No minimum amount set for denom ${body.denom}`)
        return { send: m.send, start_auction: m.start_auction }
      }
      case 'get_oracle_addr':
        if (!cfg.oracleAddr) throw new ContractError('Oracle address is not set')
        return cfg.oracleAddr
      case 'get_config':
        return {
          auction_code_id: cfg.auctionCodeId,
          server_addr: cfg.serverAddr,
          oracle_addr: cfg.oracleAddr,
        }
      case 'get_admin':
        return cfg.admin
      default:
        throw unknownVariant('auctions_manager::msg::QueryMsg', name, [
          'get_pairs',
          'get_pair_addr',
          'get_price',
          'get_min_limit',
          'get_oracle_addr',
          'get_config',
          'get_admin',
        ])
    }
  },
}

function coins(info: MessageInfo): { denom: string; amount: bigint }[] {
  return info.funds.map((c) => ({ denom: c.denom, amount: BigInt(c.amount) }))
}

function pairAddr(deps: Deps, pair: Pair): string {
  if (!Array.isArray(pair) || pair.length !== 2) throw new ContractError('pair: expected [denom, denom]')
  const addr = deps.storage.get<string>(`pair/${pairKey(pair)}`)
  if (!addr) throw new ContractError(`Pair ["${pair[0]}","${pair[1]}"] has no auction`)
  return addr
}

function setMin(deps: Deps, denom: string, min: MinAmountWire): void {
  for (const f of ['send', 'start_auction'] as const) {
    if (typeof min?.[f] !== 'string' || !/^(0|[1-9]\d*)$/.test(min[f])) {
      throw new ContractError(`min_amount.${f} of ${denom} must be a Uint128 string`)
    }
  }
  deps.storage.set(`min/${denom}`, { send: min.send, start_auction: min.start_auction })
}

function admin(deps: Deps, cfg: ManagerConfig, body: unknown) {
  const { name, body: b } = variantOf(body, 'auctions_manager::msg::AdminMsgs')
  const res = response()
  const forward = (pair: Pair, msg: JsonValue) =>
    res.messages.push(wasmExecute(pairAddr(deps, pair), { admin: msg }))
  switch (name) {
    case 'new_auction': {
      const pair = b.msg?.pair as Pair
      if (!Array.isArray(pair) || pair.length !== 2 || pair[0] === pair[1]) {
        throw new ContractError('new_auction: msg.pair must be two different denoms')
      }
      const key = pairKey(pair)
      if (deps.storage.has(`pair/${key}`))
        throw new ContractError(`Pair ["${pair[0]}","${pair[1]}"] already exists`)
      const addr = deps.api.instantiate(cfg.auctionCodeId, b.msg, b.label, null)
      deps.storage.set(`pair/${key}`, addr)
      sortedSet.insert(deps.storage, PAIRS, key)
      if (b.min_amount) setMin(deps, pair[0], b.min_amount)
      else if (!deps.storage.has(`min/${pair[0]}`))
        throw new ContractError(`new_auction: min_amount for ${pair[0]} is required`)
      return res
    }
    case 'update_oracle':
      deps.storage.set('config', { ...cfg, oracleAddr: deps.api.addrValidate(b.oracle_addr, 'oracle_addr') })
      return res
    case 'change_server_addr':
      deps.storage.set('config', { ...cfg, serverAddr: deps.api.addrValidate(b.addr, 'addr') })
      return res
    case 'update_auction_id':
      deps.storage.set('config', { ...cfg, auctionCodeId: b.code_id })
      return res
    case 'update_min_amount':
      setMin(deps, b.denom, b.min_amount)
      return res
    case 'pause_auction':
      forward(b.pair, 'pause_auction')
      return res
    case 'resume_auction':
      forward(b.pair, 'resume_auction')
      return res
    case 'update_strategy':
      forward(b.pair, { update_strategy: { strategy: b.strategy } })
      return res
    case 'update_chain_halt_config':
      forward(b.pair, { update_chain_halt_config: { halt_config: b.halt_config } })
      return res
    case 'update_price_freshness_strategy':
      forward(b.pair, { update_price_freshness_strategy: { strategy: b.strategy } })
      return res
    default:
      throw unknownVariant('auctions_manager::msg::AdminMsgs', name, [
        'new_auction',
        'pause_auction',
        'resume_auction',
        'update_auction_id',
        'update_oracle',
        'update_min_amount',
        'update_strategy',
        'update_chain_halt_config',
        'update_price_freshness_strategy',
        'change_server_addr',
      ])
  }
}
