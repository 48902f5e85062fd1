/**
 * DAO DAO proposals (wire-formats.md, "Reaching the account from another chain", DAO DAO):
 * `{"propose":{"title":…,"description":…,"msgs":[…],"proposer":null}}` on the proposal module,
 * or wrapped once more as `{"propose":{"msg":{"propose":{…}}}}` on its pre-propose module.
 */
import type { Registry } from '@cosmjs/proto-signing'
import type { CosmosMsg } from '@rebalancer/types'
import { DaoPreProposeExecuteMsg, DaoProposalExecuteMsg, safeParseWire, WireError } from '@rebalancer/types'
import type { CoinLike } from '../coins.js'
import {
  asExecute,
  type ContractExecute,
  contractExecute,
  isContractInstantiate,
  type MsgLike,
  toCosmosMsg,
} from '../msg.js'

/** The proposer's own vote cast with the proposal. */
export interface DaoVote {
  vote: 'yes' | 'no' | 'abstain'
  rationale?: string | null
}

/** What a proposal carries. */
export interface DaoProposalOptions {
  title: string
  description: string
  /**
   * What the DAO executes when the proposal passes, in order. An instantiation with a salt
   * (instantiate2) is sent as a `stargate` `MsgInstantiateContract2` created by `dao` (DAO DAO's
   * proposal modules v2.4.2 refuse `wasm.instantiate2`; wire-formats.md, "Account").
   */
  msgs: readonly MsgLike[]
  /** The DAO's core contract (the executor): needed when `msgs` holds an instantiation with a salt. */
  dao?: string
  vote?: DaoVote | null
}

/** A proposal's messages as CosmosMsgs, instantiate2 as the stargate form DAO DAO sends. */
function proposalMsgs(options: DaoProposalOptions) {
  return options.msgs.map((m) => {
    if (isContractInstantiate(m) && m.salt !== undefined && !options.dao)
      throw new WireError(
        'DaoProposal',
        'an instantiation with a salt needs `dao` (its creator) to become a stargate MsgInstantiateContract2',
        ['msgs'],
      )
    return toCosmosMsg(m, undefined, { creator: options.dao })
  })
}

/** A proposal taken apart (the inverse of {@link daoPropose} and {@link daoPreProposePropose}). */
export interface DaoProposalParts {
  /** `direct` on the proposal module, or `pre-propose` through its pre-propose module. */
  via: 'direct' | 'pre-propose'
  /** The contract the proposal is sent to. */
  module: string
  title: string
  description: string
  msgs: CosmosMsg[]
  /** Direct proposals only: `proposer` (`null` when the sender proposes for itself). */
  proposer?: string | null
  vote?: DaoVote | null
  /** The deposit attached (pre-propose modules may require one). */
  funds: readonly { denom: string; amount: string }[]
}

/**
 * `{"propose":{"title":…,"description":…,"msgs":[…],"proposer":null}}` on a single-choice
 * proposal module (when it has no pre-propose module, or the sender is that module).
 * @throws WireError naming the field and the rule.
 */
export function daoPropose(
  proposalModule: string,
  options: DaoProposalOptions & { proposer?: string | null },
): ContractExecute<DaoProposalExecuteMsg> {
  const body: Record<string, unknown> = {
    title: options.title,
    description: options.description,
    msgs: proposalMsgs(options),
    proposer: options.proposer ?? null,
  }
  if (options.vote) body.vote = options.vote
  return contractExecute(DaoProposalExecuteMsg, 'DaoProposalExecuteMsg', proposalModule, {
    propose: body,
  } as never)
}

/**
 * `{"propose":{"msg":{"propose":{"title":…,"description":…,"msgs":[…]}}}}` on a pre-propose module,
 * with its deposit (if any) attached as funds.
 * @throws WireError naming the field and the rule.
 */
export function daoPreProposePropose(
  preProposeModule: string,
  options: DaoProposalOptions & { deposit?: readonly CoinLike[] },
): ContractExecute<DaoPreProposeExecuteMsg> {
  const inner: Record<string, unknown> = {
    title: options.title,
    description: options.description,
    msgs: proposalMsgs(options),
  }
  if (options.vote) inner.vote = options.vote
  return contractExecute(
    DaoPreProposeExecuteMsg,
    'DaoPreProposeExecuteMsg',
    preProposeModule,
    { propose: { msg: { propose: inner } } } as never,
    options.deposit ?? [],
  )
}

/**
 * Takes a DAO DAO proposal apart (builder output, CosmosMsg or `MsgExecuteContract`), direct or
 * through a pre-propose module.
 * @throws WireError when the message is neither form of `propose`.
 */
export function decodeDaoProposal(input: MsgLike, registry?: Registry): DaoProposalParts {
  const call = asExecute(input, registry, 'DaoProposalExecuteMsg')
  const pre = safeParseWire(DaoPreProposeExecuteMsg, call.msg, 'DaoPreProposeExecuteMsg')
  if (pre.success) {
    const p = pre.data.propose.msg.propose
    const out: DaoProposalParts = {
      via: 'pre-propose',
      module: call.contractAddress,
      title: p.title,
      description: p.description,
      msgs: p.msgs,
      funds: call.funds,
    }
    if (p.vote !== undefined) out.vote = p.vote
    return out
  }
  const direct = safeParseWire(DaoProposalExecuteMsg, call.msg, 'DaoProposalExecuteMsg')
  if (!direct.success) {
    throw new WireError(
      'DaoProposal',
      `not a propose message (direct: ${direct.error.message}; pre-propose: ${pre.error.message})`,
      [],
    )
  }
  const p = direct.data.propose
  const out: DaoProposalParts = {
    via: 'direct',
    module: call.contractAddress,
    title: p.title,
    description: p.description,
    msgs: p.msgs,
    proposer: p.proposer ?? null,
    funds: call.funds,
  }
  if (p.vote !== undefined) out.vote = p.vote
  return out
}
