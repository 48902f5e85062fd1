import { type ContractCode, ContractError, response, wasmExecute } from '../runtime.js'
import { sortedSet } from '../store.js'
import { unauthorized, unknownVariant, variantOf } from './msg.js'

const TYPE = 'services_manager::msg::ExecuteMsg'
const EXECUTE = [
  'register_to_service',
  'update_service',
  'deregister_from_service',
  'pause_service',
  'resume_service',
  'admin',
  'approve_admin_change',
]

/**
 * The services manager: the registry of services (the rebalancer) and of the account code ids
 * allowed to use them. Accounts call it; it forwards to the service (wire-formats.md,
 * "Services manager").
 */
export const servicesManagerCode: ContractCode = {
  instantiate(deps, _env, info, msg: any) {
    deps.storage.set('admin', info.sender)
    for (const id of msg?.whitelisted_code_ids ?? []) sortedSet.insert(deps.storage, 'code_ids', codeKey(id))
    return response()
  },

  execute(deps, _env, info, msg) {
    const { name, body } = variantOf(msg, TYPE)
    const res = response()
    const service = (serviceName: string) => {
      const addr = deps.storage.get<string>(`service/${serviceName}`)
      if (!addr) throw new ContractError(`Service "${serviceName}" does not exist`)
      return addr
    }
    const requireAccount = () => {
      const meta = deps.querier.contractInfo(info.sender)
      const ids = sortedSet.list(deps.storage, 'code_ids')
      if (!meta || !ids.includes(codeKey(meta.codeId))) {
        throw unauthorized(`${info.sender} is not an account of a whitelisted code id`)
      }
    }
    const funds = info.funds.map((c) => ({ denom: c.denom, amount: BigInt(c.amount) }))
    switch (name) {
      case 'register_to_service':
        requireAccount()
        res.messages.push(
          wasmExecute(
            service(body.service_name),
            { register: { register_for: info.sender, data: body.data ?? null } },
            funds,
          ),
        )
        return res
      case 'update_service':
        requireAccount()
        res.messages.push(
          wasmExecute(service(body.service_name), { update: { update_for: info.sender, data: body.data } }),
        )
        return res
      case 'deregister_from_service':
        requireAccount()
        res.messages.push(
          wasmExecute(service(body.service_name), { deregister: { deregister_for: info.sender } }),
        )
        return res
      case 'pause_service':
        res.messages.push(
          wasmExecute(service(body.service_name), {
            pause: { pause_for: body.pause_for, sender: info.sender, reason: body.reason ?? null },
          }),
        )
        return res
      case 'resume_service':
        res.messages.push(
          wasmExecute(
            service(body.service_name),
            { resume: { resume_for: body.resume_for, sender: info.sender } },
            funds,
          ),
        )
        return res
      case 'admin': {
        if (info.sender !== deps.storage.get<string>('admin')) throw unauthorized('only the admin')
        const admin = variantOf(body, 'services_manager::msg::ServicesManagerAdminMsg')
        const b = admin.body
        switch (admin.name) {
          case 'add_service':
            if (deps.storage.has(`service/${b.name}`))
              throw new ContractError(`Service "${b.name}" already exists`)
            deps.api.addrValidate(b.addr, 'addr')
            deps.storage.set(`service/${b.name}`, b.addr)
            deps.storage.set(`service_addr/${b.addr}`, b.name)
            return res
          case 'update_service': {
            const old = service(b.name)
            deps.api.addrValidate(b.addr, 'addr')
            deps.storage.delete(`service_addr/${old}`)
            deps.storage.set(`service/${b.name}`, b.addr)
            deps.storage.set(`service_addr/${b.addr}`, b.name)
            return res
          }
          case 'remove_service': {
            const old = service(b.name)
            deps.storage.delete(`service/${b.name}`)
            deps.storage.delete(`service_addr/${old}`)
            return res
          }
          case 'update_code_id_whitelist':
            for (const id of b.to_add ?? []) sortedSet.insert(deps.storage, 'code_ids', codeKey(id))
            for (const id of b.to_remove ?? []) sortedSet.remove(deps.storage, 'code_ids', codeKey(id))
            return res
          default:
            throw unknownVariant('services_manager::msg::ServicesManagerAdminMsg', admin.name, [
              'add_service',
              'update_service',
              'remove_service',
              'update_code_id_whitelist',
            ])
        }
      }
      default:
        throw unknownVariant(TYPE, name, EXECUTE)
    }
  },

  query(deps, _env, msg) {
    const { name, body } = variantOf(msg, 'services_manager::msg::QueryMsg')
    switch (name) {
      case 'get_service_addr': {
        const addr = deps.storage.get<string>(`service/${body.service}`)
        if (!addr) throw new ContractError(`Service "${body.service}" does not exist`)
        return addr
      }
      case 'is_service':
        return deps.storage.has(`service_addr/${body.addr}`)
      case 'get_service_fee': {
        const addr = deps.storage.get<string>(`service/${body.service}`)
        if (!addr) throw new ContractError(`Service "${body.service}" does not exist`)
        return deps.querier.wasm(addr, { get_service_fee: { account: body.account, action: body.action } })
      }
      case 'get_admin':
        return deps.storage.get<string>('admin')!
      case 'get_all_services':
        return []
      default:
        throw unknownVariant('services_manager::msg::QueryMsg', name, [
          'get_service_addr',
          'is_service',
          'get_service_fee',
          'get_admin',
        ])
    }
  },
}

function codeKey(id: number): string {
  return String(id).padStart(20, '0')
}
