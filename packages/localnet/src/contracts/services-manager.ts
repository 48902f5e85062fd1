import {
  decodeServiceData,
  type JsonValue,
  ServicesManagerExecuteUnitVariants,
  ServicesManagerExecuteVariants,
  ServicesManagerInstantiateMsg,
  ServicesManagerQueryUnitVariants,
  ServicesManagerQueryVariants,
} from '@rebalancer/types'
import { type ContractCode, ContractError, type Deps, nonPayable, response, wasmExecute } from '../runtime.js'
import { sortedSet } from '../store.js'
import { executePreamble, msgType, queryPreamble } from './common.js'
import { adminChange, decodeWith, unauthorized } from './msg.js'

const EXECUTE = msgType(
  ServicesManagerExecuteVariants,
  ServicesManagerExecuteUnitVariants,
  'services_manager::msg::ExecuteMsg',
)
const QUERY = msgType(
  ServicesManagerQueryVariants,
  ServicesManagerQueryUnitVariants,
  'services_manager::msg::QueryMsg',
)

/**
 * The services manager: the registry of services (the rebalancer) and of the account code ids
 * allowed to use them. Accounts call it; it forwards to the service, decoding the account's
 * base64 service data into the service's typed message (wire-formats.md, "Services manager").
 */
export const servicesManagerCode: ContractCode = {
  instantiate(deps, _env, info, msg) {
    const m = decodeWith(ServicesManagerInstantiateMsg, msg, 'services_manager::msg::InstantiateMsg')
    nonPayable(info)
    deps.storage.set('admin', info.sender)
    for (const id of m.whitelisted_code_ids) sortedSet.insert(deps.storage, 'code_ids', codeKey(id))
    return response()
  },

  execute(deps, env, info, msg) {
    // only register and resume take funds (the service's fee, forwarded); correction 10
    const m = executePreamble(EXECUTE, msg, info, {
      payable: ['register_to_service', 'resume_service'],
      restricted: [{ variants: ['admin'], address: deps.storage.get<string>('admin')!, who: 'the admin' }],
    })
    const res = response()
    const requireAccount = () => {
      const meta = deps.querier.contractInfo(info.sender)
      if (!meta || !sortedSet.list(deps.storage, 'code_ids').includes(codeKey(meta.codeId))) {
        throw unauthorized(`${info.sender} is not an account of a whitelisted code id`)
      }
    }
    const funds = info.funds.map((c) => ({ denom: c.denom, amount: BigInt(c.amount) }))
    const data = (b64: string | null | undefined): JsonValue => {
      if (b64 == null) return null
      try {
        return decodeServiceData(b64) as JsonValue
      } catch (e) {
        throw new ContractError(`data: ${(e as Error).message}`)
      }
    }
    switch (m.variant) {
      case 'register_to_service':
        requireAccount()
        res.messages.push(
          wasmExecute(
            service(deps, m.body.service_name),
            { register: { register_for: info.sender, data: data(m.body.data) } },
            funds,
          ),
        )
        return res
      case 'update_service':
        requireAccount()
        res.messages.push(
          wasmExecute(service(deps, m.body.service_name), {
            update: { update_for: info.sender, data: data(m.body.data) },
          }),
        )
        return res
      case 'deregister_from_service':
        requireAccount()
        res.messages.push(
          wasmExecute(service(deps, m.body.service_name), { deregister: { deregister_for: info.sender } }),
        )
        return res
      case 'pause_service':
        res.messages.push(
          wasmExecute(service(deps, m.body.service_name), {
            pause: { pause_for: m.body.pause_for, sender: info.sender, reason: m.body.reason ?? null },
          }),
        )
        return res
      case 'resume_service':
        res.messages.push(
          wasmExecute(
            service(deps, m.body.service_name),
            { resume: { resume_for: m.body.resume_for, sender: info.sender } },
            funds,
          ),
        )
        return res
      case 'approve_admin_change':
        return adminChange.approve(deps.storage, 'admin', info.sender, env)
      case 'admin': {
        const a = m.body
        if ('cancel_admin_change' in a) return adminChange.cancel(deps.storage, 'admin', info.sender)
        if ('add_service' in a) {
          const { name, addr } = a.add_service
          if (deps.storage.has(`service/${name}`)) throw new ContractError(`Service "${name}" already exists`)
          deps.api.addrValidate(addr, 'addr')
          deps.storage.set(`service/${name}`, addr)
          deps.storage.set(`service_addr/${addr}`, name)
          sortedSet.insert(deps.storage, SERVICE_NAMES, name)
        } else if ('update_service' in a) {
          const { name, addr } = a.update_service
          const old = service(deps, name)
          deps.api.addrValidate(addr, 'addr')
          deps.storage.delete(`service_addr/${old}`)
          deps.storage.set(`service/${name}`, addr)
          deps.storage.set(`service_addr/${addr}`, name)
        } else if ('remove_service' in a) {
          const old = service(deps, a.remove_service.name)
          deps.storage.delete(`service/${a.remove_service.name}`)
          deps.storage.delete(`service_addr/${old}`)
        } else if ('update_code_id_whitelist' in a) {
          for (const id of a.update_code_id_whitelist.to_add)
            sortedSet.insert(deps.storage, 'code_ids', codeKey(id))
          for (const id of a.update_code_id_whitelist.to_remove)
            sortedSet.remove(deps.storage, 'code_ids', codeKey(id))
        } else if ('withdraw' in a) {
          const amount = deps.querier.balance(env.contract.address, a.withdraw.denom)
          if (amount === 0n) throw new ContractError(`Nothing to withdraw in ${a.withdraw.denom}`)
          res.messages.push({
            msg: {
              type: 'bank_send',
              to: info.sender,
              amount: [{ denom: a.withdraw.denom, amount: amount.toString() }],
            },
          })
        } else if ('start_admin_change' in a) {
          return adminChange.start(deps.storage, 'admin', info.sender, a.start_admin_change, env)
        }
        return res
      }
    }
  },

  query(deps, _env, msg) {
    const m = queryPreamble(QUERY, msg)
    switch (m.variant) {
      case 'get_service_addr':
        return service(deps, m.body.service)
      case 'is_service':
        return deps.storage.has(`service_addr/${m.body.addr}`)
      case 'get_service_fee':
        return deps.querier.wasm(service(deps, m.body.service), {
          get_service_fee: { account: m.body.account, action: m.body.action },
        })
      case 'get_admin':
        return deps.storage.get<string>('admin')!
      case 'is_account_code_id':
        return sortedSet.list(deps.storage, 'code_ids').includes(codeKey(m.body.code_id))
      case 'get_all_services': {
        // The chain: SERVICES_TO_ADDR by name, ascending, after `start_from` (exclusive), default 50.
        const names = sortedSet
          .list(deps.storage, SERVICE_NAMES)
          .filter((n) => deps.storage.has(`service/${n}`))
        const from = m.body.start_from
        return names
          .filter((n) => from == null || n > from)
          .slice(0, m.body.limit ?? 50)
          .map((n) => [n, deps.storage.get<string>(`service/${n}`)!])
      }
      case 'get_rebalancer_config':
        // The chain forwards the rebalancer's `get_config` (its schema says `Addr`, its code a config).
        return deps.querier.wasm(service(deps, 'rebalancer'), { get_config: { addr: m.body.account } })
    }
  },
}

/** The names of the services ever added (the `get_all_services` index). */
const SERVICE_NAMES = 'service_names'

function service(deps: Deps, name: string): string {
  const addr = deps.storage.get<string>(`service/${name}`)
  if (!addr) throw new ContractError(`Service "${name}" does not exist`)
  return addr
}

function codeKey(id: number): string {
  return String(id).padStart(20, '0')
}
