import type { JsonValue } from '@rebalancer/types'
import { type ContractCode, ContractError, response, wasmExecute } from '../runtime.js'
import { fromCosmosMsg } from './cosmos-msg.js'
import { unauthorized, unknownVariant, variantOf } from './msg.js'

interface AccountConfig {
  admin: string
  servicesManager: string
}

const EXECUTE = [
  'register_to_service',
  'update_service',
  'deregister_from_service',
  'pause_service',
  'resume_service',
  'execute_by_admin',
  'send_funds_by_service',
] as const

/**
 * The valence account: the treasury's own contract. Its admin (the instantiator) registers it
 * to services through the services manager, paying the service fee from the account's balance;
 * registered services move its funds with `send_funds_by_service` (wire-formats.md, "Account").
 */
export const accountCode: ContractCode = {
  instantiate(deps, _env, info, msg: any) {
    const servicesManager = deps.api.addrValidate(msg?.services_manager, 'services_manager')
    deps.storage.set('config', { admin: info.sender, servicesManager } satisfies AccountConfig)
    return response()
  },

  execute(deps, env, info, msg) {
    const cfg = deps.storage.get<AccountConfig>('config')!
    const { name, body } = variantOf(msg, 'valence_account::msg::ExecuteMsg')
    const self = env.contract.address
    const res = response()
    const adminOnly = () => {
      if (info.sender !== cfg.admin) throw unauthorized('only the account admin')
    }
    const fee = (service: string, action: 'register' | 'resume') => {
      const coin = deps.querier.wasm<{ denom: string; amount: string } | null>(cfg.servicesManager, {
        get_service_fee: { account: self, service, action },
      })
      return coin ? [{ denom: coin.denom, amount: BigInt(coin.amount) }] : []
    }
    switch (name) {
      case 'register_to_service':
        adminOnly()
        res.messages.push(
          wasmExecute(
            cfg.servicesManager,
            { register_to_service: { service_name: body.service_name, data: body.data ?? null } },
            fee(body.service_name, 'register'),
          ),
        )
        return res
      case 'update_service':
        adminOnly()
        res.messages.push(
          wasmExecute(cfg.servicesManager, {
            update_service: { service_name: body.service_name, data: body.data },
          }),
        )
        return res
      case 'deregister_from_service':
        adminOnly()
        res.messages.push(
          wasmExecute(cfg.servicesManager, { deregister_from_service: { service_name: body.service_name } }),
        )
        return res
      case 'pause_service':
        adminOnly()
        res.messages.push(
          wasmExecute(cfg.servicesManager, {
            pause_service: { service_name: body.service_name, pause_for: self, reason: body.reason ?? null },
          }),
        )
        return res
      case 'resume_service':
        adminOnly()
        res.messages.push(
          wasmExecute(
            cfg.servicesManager,
            { resume_service: { service_name: body.service_name, resume_for: self } },
            fee(body.service_name, 'resume'),
          ),
        )
        return res
      case 'execute_by_admin':
        adminOnly()
        for (const m of body.msgs as JsonValue[]) res.messages.push(fromCosmosMsg(m, false))
        return res
      case 'send_funds_by_service': {
        const isService = deps.querier.wasm<boolean>(cfg.servicesManager, {
          is_service: { addr: info.sender },
        })
        if (!isService) throw unauthorized('only a registered service may move the account funds')
        const atomic = body.atomic !== false
        for (const m of body.msgs as JsonValue[]) res.messages.push(fromCosmosMsg(m, !atomic))
        return res
      }
      default:
        throw unknownVariant('valence_account::msg::ExecuteMsg', name, EXECUTE)
    }
  },

  query(deps, _env, msg) {
    const cfg = deps.storage.get<AccountConfig>('config')!
    const { name } = variantOf(msg, 'valence_account::msg::QueryMsg')
    if (name === 'get_admin') return cfg.admin
    if (name === 'get_services_manager') return cfg.servicesManager
    throw new ContractError(
      `Error parsing into type valence_account::msg::QueryMsg: unknown variant \`${name}\`, expected one of \`get_admin\`, \`get_services_manager\``,
    )
  },
}
