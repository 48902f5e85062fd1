import {
  AccountExecuteUnitVariants,
  AccountExecuteVariants,
  AccountInstantiateMsg,
  AccountQueryUnitVariants,
  AccountQueryVariants,
  type CosmosMsg,
  type JsonValue,
} from '@rebalancer/types'
import { type ContractCode, ContractError, response, type SubMsg, wasmExecute } from '../runtime.js'
import { executePreamble, msgType, queryPreamble } from './common.js'
import { fromCosmosMsg } from './cosmos-msg.js'
import { adminChange, decodeWith, unauthorized } from './msg.js'

const EXECUTE = msgType(
  AccountExecuteVariants,
  AccountExecuteUnitVariants,
  'valence_account::msg::ExecuteMsg',
)
const QUERY = msgType(AccountQueryVariants, AccountQueryUnitVariants, 'valence_account::msg::QueryMsg')

/**
 * The valence account: the treasury's own contract. Its admin (the instantiator) registers it
 * to services through the services manager, paying the service fee from the account's balance;
 * registered services move its funds with `send_funds_by_service` (wire-formats.md, "Account").
 */
export const accountCode: ContractCode = {
  instantiate(deps, _env, info, msg) {
    const m = decodeWith(AccountInstantiateMsg, msg, 'valence_account::msg::InstantiateMsg')
    deps.storage.set('admin', info.sender)
    deps.storage.set('services_manager', deps.api.addrValidate(m.services_manager, 'services_manager'))
    return response()
  },

  execute(deps, env, info, msg) {
    const admin = deps.storage.get<string>('admin')!
    const manager = deps.storage.get<string>('services_manager')!
    const self = env.contract.address
    // the account holds funds: every message may send some
    const m = executePreamble(EXECUTE, msg, info, {
      payable: 'any',
      restricted: [
        {
          variants: [
            'register_to_service',
            'update_service',
            'deregister_from_service',
            'pause_service',
            'resume_service',
            'execute_by_admin',
          ],
          address: admin,
          who: 'the account admin',
        },
      ],
    })
    const res = response()
    const fee = (service: string, action: 'register' | 'resume') => {
      const coin = deps.querier.wasm<{ denom: string; amount: string } | null>(manager, {
        get_service_fee: { account: self, service, action },
      })
      return coin ? [{ denom: coin.denom, amount: BigInt(coin.amount) }] : []
    }
    const forward = (msgs: readonly CosmosMsg[], atomic: boolean): SubMsg[] =>
      msgs.map((x) => fromCosmosMsg(x, !atomic))
    switch (m.variant) {
      case 'register_to_service':
        res.messages.push(
          wasmExecute(
            manager,
            { register_to_service: { service_name: m.body.service_name, data: m.body.data ?? null } },
            fee(m.body.service_name, 'register'),
          ),
        )
        return res
      case 'update_service':
        res.messages.push(
          wasmExecute(manager, { update_service: { service_name: m.body.service_name, data: m.body.data } }),
        )
        return res
      case 'deregister_from_service':
        res.messages.push(
          wasmExecute(manager, { deregister_from_service: { service_name: m.body.service_name } }),
        )
        return res
      case 'pause_service':
        res.messages.push(
          wasmExecute(manager, {
            pause_service: {
              service_name: m.body.service_name,
              pause_for: self,
              reason: m.body.reason ?? null,
            },
          }),
        )
        return res
      case 'resume_service':
        res.messages.push(
          wasmExecute(
            manager,
            { resume_service: { service_name: m.body.service_name, resume_for: self } },
            fee(m.body.service_name, 'resume'),
          ),
        )
        return res
      case 'execute_by_admin':
        res.messages.push(...forward(m.body.msgs, true))
        return res
      case 'send_funds_by_service':
      case 'execute_by_service': {
        const isService = deps.querier.wasm<boolean>(manager, { is_service: { addr: info.sender } })
        if (!isService) throw unauthorized('only a registered service may move the account funds')
        if (m.variant === 'send_funds_by_service') {
          for (const x of m.body.msgs) {
            if (!('bank' in x) && !('wasm' in x))
              throw new ContractError('send_funds_by_service: only bank and wasm messages')
          }
        }
        res.messages.push(...forward(m.body.msgs, m.body.atomic))
        return res
      }
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
      case 'get_admin':
        return deps.storage.get<string>('admin')!
    }
  },
}
