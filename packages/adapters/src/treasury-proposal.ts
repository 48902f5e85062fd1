/**
 * A treasury's proposal in one call (issue #13, item 6; wire-formats.md, "Treasury proposals"):
 * the account's messages (create & register, update the config, fund, one-time order, pause,
 * resume), wrapped for the route to the account's chain (local, Polytone, ICS-27, Neutron ICA),
 * inside a DAO DAO proposal (direct or pre-propose), with the `MsgExecuteContract` a DAO member
 * signs and its review tree. Pure and deterministic: the same input gives the same bytes.
 */
import { fromBech32 } from '@cosmjs/encoding'
import type { EncodeObject, Registry } from '@cosmjs/proto-signing'
import { diffConfig } from '@rebalancer/core'
import type { CosmosMsg, DaoPreProposeExecuteMsg, DaoProposalExecuteMsg, ErrorPath } from '@rebalancer/types'
import { RebalancerError, WireError } from '@rebalancer/types'
import { accountMsgs, fundAccount } from './builders/account.js'
import { createAndRegisterAccount } from './create-account.js'
import { toEncodeObject } from './encode.js'
import { type ContractExecute, toCosmosMsg } from './msg.js'
import {
  ProposalInputError,
  type ProposalIssue,
  parseTreasuryProposalInput,
  type TreasuryProposalInput,
  type TreasuryProposalParsed,
} from './proposals.js'
import { defaultRegistry } from './registry.js'
import { MSG_EXECUTE_CONTRACT_TYPE_URL } from './type-urls.js'
import { daoPreProposePropose, daoPropose } from './wrappers/dao.js'
import { icaSendTx, neutronSubmitTx } from './wrappers/ica.js'
import { polytoneExecute } from './wrappers/polytone.js'
import { type ReviewNode, reviewMsg } from './wrappers/review.js'

/**
 * The `MsgExecuteContract` a DAO member signs, in the protobuf JSON form of a transaction body
 * (`wasmd tx … --generate-only`, `tx sign`): `msg` is the contract's JSON message itself.
 */
export interface MsgExecuteContractJson {
  '@type': typeof MSG_EXECUTE_CONTRACT_TYPE_URL
  sender: string
  contract: string
  msg: DaoProposalExecuteMsg | DaoPreProposeExecuteMsg
  funds: { denom: string; amount: string }[]
}

/** What {@link treasuryProposal} builds. */
export interface TreasuryProposal {
  /** The input, validated (amounts as given). */
  input: TreasuryProposalParsed
  /** The account's address: given, or predicted with `instantiate2Address` for `create`. */
  account: string
  /**
   * Who executes the account's messages on its chain and is the account's admin: the DAO's core
   * (local), its Polytone proxy, or its interchain account.
   */
  executor: string
  /** The messages run on the account's chain, as `CosmosMsg` JSON (create: the stargate `MsgInstantiateContract2`, then `register_to_service`). */
  accountMsgs: CosmosMsg[]
  /** The proposal's messages (what the DAO's core executes): `accountMsgs` when local, else the one wrapping message. */
  daoMsgs: CosmosMsg[]
  /** The proposal as a contract execute on the proposal (or pre-propose) module, deposit as funds. */
  proposal: ContractExecute<DaoProposalExecuteMsg | DaoPreProposeExecuteMsg>
  /** {@link proposal} as the JSON of the `MsgExecuteContract` the proposer signs. */
  proposalMsg: MsgExecuteContractJson
  /** {@link proposal} as the cosmjs `EncodeObject` for `signAndBroadcast(proposer, [it], fee)`. */
  encodeObject: EncodeObject
  /** `reviewMsg` of the proposal: every layer decoded, down to the account's config. */
  review: ReviewNode
}

function prefixOf(address: string): string {
  return fromBech32(address, 1023).prefix
}

/** Re-throws a builder's refusal as a {@link ProposalInputError} at `prefix` + its path. */
function at<T>(prefix: ErrorPath, build: () => T): T {
  try {
    return build()
  } catch (e) {
    if (e instanceof ProposalInputError) throw e
    if (RebalancerError.isInstance(e)) {
      const wire = WireError.isInstance(e)
      // a config rule broken (RebalancerData's paths) is reported under action.config
      const where =
        wire && e.what === 'RebalancerData' && prefix.length === 1 ? [...prefix, 'config'] : prefix
      const rule = wire ? `${e.what}: ${e.rule}` : e.message
      throw new ProposalInputError([{ path: [...where, ...e.path], message: rule }], e)
    }
    throw e
  }
}

/** The account's messages of the action, run by `executor`; `account` is given or predicted. */
function actionMsgs(input: TreasuryProposalParsed, executor: string): { account: string; msgs: CosmosMsg[] } {
  const a = input.action
  if (a.kind === 'create') {
    const tx = at(['action'], () =>
      createAndRegisterAccount({
        sender: executor,
        codeId: a.codeId,
        checksum: a.checksum.toLowerCase(),
        servicesManager: input.network.contracts.services_manager ?? '',
        config: a.config,
        funds: a.funds,
        registerFee: a.registerFee ?? null,
        ...(a.salt !== undefined ? { salt: a.salt } : {}),
        ...(a.label !== undefined ? { label: a.label } : {}),
        bech32Prefix: input.network.prefix,
      }),
    )
    return { account: tx.address, msgs: tx.cosmosMsgs }
  }
  const account = input.account as string
  switch (a.kind) {
    case 'update': {
      const update = diffConfig(a.from, a.to)
      return {
        account,
        msgs: [toCosmosMsg(at(['action', 'to'], () => accountMsgs.updateService(account, update)))],
      }
    }
    case 'fund':
      return { account, msgs: [at(['action', 'coins'], () => fundAccount(account, a.coins))] }
    case 'order':
      return {
        account,
        msgs: [
          toCosmosMsg(
            at(['action'], () =>
              accountMsgs.oneTimeOrder(
                account,
                input.network.contracts.auctions_manager,
                [a.sell, a.buy],
                a.amount,
              ),
            ),
          ),
        ],
      }
    case 'pause':
      return { account, msgs: [toCosmosMsg(accountMsgs.pauseService(account, a.reason ?? null))] }
    case 'resume':
      return { account, msgs: [toCosmosMsg(accountMsgs.resumeService(account))] }
  }
}

/** The messages the DAO's core sends so that `msgs` run on the account's chain. */
function wrap(input: TreasuryProposalParsed, msgs: CosmosMsg[], registry: Registry): CosmosMsg[] {
  const r = input.route
  switch (r.kind) {
    case 'local':
      return msgs
    case 'polytone':
      return [
        toCosmosMsg(
          at(['route'], () =>
            polytoneExecute({
              note: r.note,
              msgs,
              ...(r.timeoutSeconds !== undefined ? { timeoutSeconds: BigInt(r.timeoutSeconds) } : {}),
            }),
          ),
        ),
      ]
    case 'ica':
      return [
        toCosmosMsg(
          at(['route'], () =>
            icaSendTx(
              {
                owner: r.owner ?? input.dao.core,
                connectionId: r.connectionId,
                icaAddress: r.icaAddress,
                msgs,
                ...(r.memo !== undefined ? { memo: r.memo } : {}),
                ...(r.relativeTimeoutNs !== undefined
                  ? { relativeTimeoutNs: BigInt(r.relativeTimeoutNs) }
                  : {}),
              },
              registry,
            ),
          ),
          registry,
        ),
      ]
    case 'neutron_ica':
      return [
        toCosmosMsg(
          at(['route'], () =>
            neutronSubmitTx(
              {
                fromAddress: input.dao.core,
                interchainAccountId: r.interchainAccountId,
                connectionId: r.connectionId,
                icaAddress: r.icaAddress,
                msgs,
                ...(r.memo !== undefined ? { memo: r.memo } : {}),
                ...(r.timeoutSeconds !== undefined ? { timeoutSeconds: BigInt(r.timeoutSeconds) } : {}),
                fee: { ackFee: r.ackFee, timeoutFee: r.timeoutFee },
              },
              registry,
            ),
          ),
          registry,
        ),
      ]
  }
}

/**
 * Builds a treasury's proposal: the action's messages on the account's chain (run by the DAO's
 * core, its Polytone proxy or its interchain account, which is also the creator and admin of a
 * created account), wrapped for the route, inside `propose` on the DAO's proposal module (direct)
 * or its pre-propose module (with the deposit), plus the proposer's `MsgExecuteContract` (JSON
 * and `EncodeObject`) and the review tree. Amounts are base units of on-chain denoms (map a
 * scenario's denoms with `chainConfig` / `chainDenom` first).
 *
 * Create builds the account's instantiation as the stargate `MsgInstantiateContract2` DAO DAO
 * sends (wire-formats.md, "Account"), with the predicted address as the `register_to_service`
 * target; update sends the smallest `update_service` between `from` and `to` (`diffConfig`); a
 * one-time order is `execute_by_admin` carrying `auction_funds` on the auctions manager.
 *
 * @throws ProposalInputError naming every field and rule broken: unknown fields, bad bech32
 * addresses, code id, checksum hex, coins, a missing account (or one given for create), an
 * executor or account not on the network's prefix, a config breaking portfolio-computer.md
 * "Configuration" (at `action.config` / `action.to`), an update that changes nothing.
 */
export function treasuryProposal(
  input: TreasuryProposalInput,
  registry: Registry = defaultRegistry(),
): TreasuryProposal {
  const p = parseTreasuryProposalInput(input)
  const route = p.route
  const executor =
    route.kind === 'local' ? p.dao.core : route.kind === 'polytone' ? route.proxy : route.icaAddress
  const executorPath: ErrorPath =
    route.kind === 'local'
      ? ['dao', 'core']
      : route.kind === 'polytone'
        ? ['route', 'proxy']
        : ['route', 'icaAddress']
  const issues: ProposalIssue[] = []
  const onNetwork = (address: string, path: ErrorPath, what: string) => {
    if (prefixOf(address) !== p.network.prefix)
      issues.push({
        path,
        message: `${what} must be an address of ${p.network.chain_id} (prefix ${p.network.prefix}), got prefix ${prefixOf(address)}`,
      })
  }
  onNetwork(executor, executorPath, 'the executor on the account’s chain')
  if (p.account !== undefined) onNetwork(p.account, ['account'], 'the account')
  if (issues.length > 0) throw new ProposalInputError(issues)

  const { account, msgs } = actionMsgs(p, executor)
  const daoMsgs = wrap(p, msgs, registry)
  const m = p.dao.module
  const proposal = at(['dao'], () =>
    m.kind === 'direct'
      ? daoPropose(m.address, { title: p.title, description: p.description, msgs: daoMsgs })
      : daoPreProposePropose(m.address, {
          title: p.title,
          description: p.description,
          msgs: daoMsgs,
          deposit: m.deposit,
        }),
  ) as ContractExecute<DaoProposalExecuteMsg | DaoPreProposeExecuteMsg>
  return {
    input: p,
    account,
    executor,
    accountMsgs: msgs,
    daoMsgs,
    proposal,
    proposalMsg: {
      '@type': MSG_EXECUTE_CONTRACT_TYPE_URL,
      sender: p.proposer,
      contract: proposal.contractAddress,
      msg: proposal.msg,
      funds: proposal.funds.map((c) => ({ denom: c.denom, amount: c.amount })),
    },
    encodeObject: toEncodeObject(p.proposer, proposal, registry),
    review: reviewMsg(proposal, registry),
  }
}

/**
 * The exported document of a proposal, pretty-printed JSON (2 spaces, bigint as decimal strings
 * as the wire writes them): `{action, route, proposal_module, chain_id, account, executor,
 * account_msgs, dao_msgs, proposal}` where `proposal` is the signed `MsgExecuteContract`
 * ({@link MsgExecuteContractJson}). Deterministic: the same proposal gives the same text.
 */
export function treasuryProposalJson(p: TreasuryProposal): string {
  const doc = {
    action: p.input.action.kind,
    route: p.input.route.kind,
    proposal_module: p.input.dao.module.kind,
    chain_id: p.input.network.chain_id,
    account: p.account,
    executor: p.executor,
    account_msgs: p.accountMsgs,
    dao_msgs: p.daoMsgs,
    proposal: p.proposalMsg,
  }
  return JSON.stringify(doc, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2)
}

/** A review tree for people: one node per message layer, its facts as label/value text. */
export interface ReviewOutline {
  /** What this layer is (`DAO DAO proposal (direct)`, `Polytone note execute`, `account: update_service`, …). */
  title: string
  /** Its facts, in order: `[label, value]`, values as text (amounts in base units with their denoms). */
  fields: [string, string][]
  children: ReviewOutline[]
}

const coinsText = (cs: readonly { denom: string; amount: string }[]) =>
  cs.length === 0 ? 'none' : cs.map((c) => `${c.amount} ${c.denom}`).join(', ')

const jsonText = (v: unknown) =>
  JSON.stringify(v, (_k, x) =>
    typeof x === 'bigint'
      ? x.toString()
      : x instanceof Uint8Array
        ? `0x${[...x].map((b) => b.toString(16).padStart(2, '0')).join('')}`
        : x,
  )

/**
 * A {@link ReviewNode} (from `reviewMsg`) as a {@link ReviewOutline}: titles and text facts a
 * review screen shows as they are (timeouts in seconds, a registered config as its JSON, the
 * instantiate2 salt as hex).
 */
export function reviewOutline(node: ReviewNode): ReviewOutline {
  const kids = (ms: readonly ReviewNode[] | undefined) => (ms ?? []).map(reviewOutline)
  switch (node.kind) {
    case 'dao-proposal':
      return {
        title: `DAO DAO proposal (${node.via})`,
        fields: [
          ['module', node.module],
          ['title', node.title],
          ['description', node.description],
          ['deposit', coinsText(node.funds)],
        ],
        children: kids(node.msgs),
      }
    case 'polytone':
      return {
        title: 'Polytone note execute',
        fields: [
          ['note', node.note],
          ['timeout', `${node.timeoutSeconds} s`],
        ],
        children: kids(node.msgs),
      }
    case 'ica':
      return {
        title: 'ICS-27 MsgSendTx',
        fields: [
          ['owner', node.owner],
          ['connection', node.connectionId],
          ['timeout', `${node.relativeTimeoutNs / 1_000_000_000n} s`],
          ...(node.memo ? ([['memo', node.memo]] as [string, string][]) : []),
        ],
        children: kids(node.msgs),
      }
    case 'neutron-ica':
      return {
        title: 'Neutron MsgSubmitTx',
        fields: [
          ['from', node.fromAddress],
          ['interchain account id', node.interchainAccountId],
          ['connection', node.connectionId],
          ['timeout', `${node.timeoutSeconds} s`],
        ],
        children: kids(node.msgs),
      }
    case 'account': {
      const fields: [string, string][] = [['account', node.account]]
      if (node.config) fields.push(['config', jsonText(node.config)])
      else if (node.update) fields.push(['update', jsonText(node.update)])
      else if (node.action !== 'execute_by_admin') fields.push(['message', jsonText(node.body)])
      if (node.funds.length > 0) fields.push(['funds', coinsText(node.funds)])
      return { title: `account: ${node.action}`, fields, children: kids(node.msgs) }
    }
    case 'execute':
      return {
        title: 'contract execute',
        fields: [
          ['contract', node.contract],
          ['message', jsonText(node.msg)],
          ['funds', coinsText(node.funds)],
        ],
        children: [],
      }
    case 'instantiate':
      return {
        title: node.salt ? 'instantiate2 (MsgInstantiateContract2)' : 'instantiate',
        fields: [
          ['code id', String(node.codeId)],
          ['label', node.label],
          ['admin', node.admin ?? 'none'],
          ['message', jsonText(node.msg)],
          ['funds', coinsText(node.funds)],
          ...(node.salt ? ([['salt', jsonText(node.salt)]] as [string, string][]) : []),
        ],
        children: [],
      }
    case 'bank-send':
      return {
        title: 'bank send',
        fields: [
          ['to', node.to],
          ['amount', coinsText(node.amount)],
        ],
        children: [],
      }
    case 'message':
      return { title: node.typeUrl, fields: [['value', jsonText(node.value)]], children: [] }
  }
}
