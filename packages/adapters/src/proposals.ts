/**
 * The input of a treasury proposal (issue #13, item 6: "the exact messages … as a DAO DAO
 * proposal (direct and pre-propose), wrapped for Polytone or ICA when the DAO lives on another
 * chain") and the scenario → chain denom mapping. JSON only: the builder itself,
 * `treasuryProposal`, is in `@rebalancer/adapters/cosmjs` (its create action and ICA routes
 * encode protobuf). wire-formats.md, "Treasury proposals".
 */
import type { RebalancerConfig } from '@rebalancer/types'
import {
  Addr,
  CoinWire,
  CosmosMsg,
  DaoPreProposeExecuteMsg,
  DaoProposalExecuteMsg,
  DenomWire,
  type ErrorPath,
  formatPath,
  parseWire,
  RebalancerError,
  Uint128,
} from '@rebalancer/types'
import * as z from 'zod'
import { NetworkConfig } from './networks.js'
import { MSG_EXECUTE_CONTRACT_TYPE_URL } from './type-urls.js'

/** A positive amount of base units: a `bigint` or a `Uint128` digit string. */
const Amount = z
  .union([z.bigint(), Uint128], { error: 'must be a whole number of base units (bigint or digit string)' })
  .refine((a) => BigInt(a) > 0n, 'must be positive')

/** A coin as the proposal input takes it: `{denom, amount}` with `amount` in base units. */
const InputCoin = z.strictObject({ denom: DenomWire, amount: Amount })

/** A list of coins: each denom once. */
const Coins = z.array(InputCoin).refine((cs) => new Set(cs.map((c) => c.denom)).size === cs.length, {
  message: 'each denom at most once',
})

/** A typed `RebalancerConfig` (its rules are checked when the message is built, by `registerData`). */
const Config = z.custom<RebalancerConfig>(
  (v) =>
    typeof v === 'object' &&
    v !== null &&
    typeof (v as RebalancerConfig).baseDenom === 'string' &&
    Array.isArray((v as RebalancerConfig).targets),
  'must be a RebalancerConfig {baseDenom, targets, pid, maxLimitBps, targetOverrideStrategy}',
)

/** What the proposal does to the account. Amounts in base units of on-chain denoms. */
export const ProposalAction = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      /** Create the account and register it, in one proposal (instantiate2 + `register_to_service`). */
      kind: z.literal('create'),
      /** The account contract's code id (whitelisted by the services manager). */
      codeId: z
        .number({ error: 'must be a whole number' })
        .int('must be a whole number')
        .min(1, 'must be at least 1')
        .max(Number.MAX_SAFE_INTEGER, 'must be at most 2^53-1'),
      /** The code's checksum, 64 hex digits (`wasmd query wasm code-info <id>`). */
      checksum: z
        .string({ error: 'must be a string' })
        .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex digits (the 32-byte code checksum)'),
      /** The registered configuration. */
      config: Config,
      /** The account's starting balance, moved from the creator at instantiation. */
      funds: Coins.default([]),
      /** The registration fee (`get_service_fee {action:"register"}`), added to the funds; `null` for none. */
      registerFee: InputCoin.nullable().optional(),
      /** instantiate2 salt (UTF-8 text, 1 to 64 bytes); default `"valence"`. */
      salt: z
        .string()
        .refine((s) => {
          const n = new TextEncoder().encode(s).length
          return n >= 1 && n <= 64
        }, 'must be 1 to 64 bytes of UTF-8')
        .optional(),
      /** The contract label; default `"valence-account"`. */
      label: z.string().min(1, 'must not be empty').max(128, 'must be at most 128 characters').optional(),
    }),
    z.strictObject({
      /** Update the configuration from `from` (registered) to `to`: the smallest `update_service`. */
      kind: z.literal('update'),
      from: Config,
      to: Config,
    }),
    z.strictObject({
      /** Send `coins` from the DAO (or its proxy / interchain account) to the account. */
      kind: z.literal('fund'),
      coins: Coins.refine((cs) => cs.length > 0, 'needs at least one coin'),
    }),
    z
      .strictObject({
        /** Sell `amount` base units of `sell` for `buy` in the pair's next auction, once. */
        kind: z.literal('order'),
        sell: DenomWire,
        buy: DenomWire,
        amount: Amount,
      })
      .refine((o) => o.sell !== o.buy, { message: 'sell and buy must differ', path: ['buy'] }),
    z.strictObject({
      kind: z.literal('pause'),
      /** Shown in `get_paused_config`; optional. */
      reason: z.string().max(1024, 'must be at most 1024 characters').optional(),
    }),
    z.strictObject({ kind: z.literal('resume') }),
  ],
  { error: 'must be one of create, update, fund, order, pause, resume (field kind)' },
)
/** A validated {@link ProposalAction}. */
export type ProposalAction = z.output<typeof ProposalAction>

/** The DAO: its core contract and the module the proposal goes to. */
export const ProposalDao = z.strictObject({
  /** The DAO's core contract (the executor of the proposal's messages; the account's creator when local). */
  core: Addr,
  module: z.discriminatedUnion(
    'kind',
    [
      /** `propose` straight on the single-choice proposal module. */
      z.strictObject({ kind: z.literal('direct'), address: Addr }),
      /** `propose {msg: {propose}}` on the module's pre-propose contract, with its deposit. */
      z.strictObject({ kind: z.literal('pre_propose'), address: Addr, deposit: Coins.default([]) }),
    ],
    { error: 'must be {kind: "direct" | "pre_propose", address}' },
  ),
})
/** A validated {@link ProposalDao}. */
export type ProposalDao = z.output<typeof ProposalDao>

const Connection = z.string().regex(/^connection-\d+$/, 'must be an IBC connection id such as connection-0')
const Seconds = z.union([z.bigint(), z.number().int()]).refine((s) => BigInt(s) > 0n, 'must be positive')

/** How the DAO's messages reach the account's chain. */
export const ProposalRoute = z.discriminatedUnion(
  'kind',
  [
    /** The DAO is on the account's chain: its core executes the messages. */
    z.strictObject({ kind: z.literal('local') }),
    /**
     * Polytone: a note on the DAO's chain; `proxy` is the DAO's remote proxy on the account's
     * chain (`remote_address` on the note), which executes the messages and is the account's creator.
     */
    z.strictObject({
      kind: z.literal('polytone'),
      note: Addr,
      proxy: Addr,
      timeoutSeconds: Seconds.optional(),
    }),
    /**
     * ICS-27: the DAO's core (or `owner`) controls `icaAddress` on the account's chain over
     * `connectionId` (`MsgSendTx`, relative timeout in ns).
     */
    z.strictObject({
      kind: z.literal('ica'),
      connectionId: Connection,
      icaAddress: Addr,
      /** The controller-side owner; default the DAO's core. */
      owner: Addr.optional(),
      memo: z.string().optional(),
      relativeTimeoutNs: Seconds.optional(),
    }),
    /** Neutron's interchaintxs `MsgSubmitTx` sent by the DAO's core (timeout in seconds, fees). */
    z.strictObject({
      kind: z.literal('neutron_ica'),
      connectionId: Connection,
      interchainAccountId: z.string().min(1, 'must not be empty'),
      icaAddress: Addr,
      memo: z.string().optional(),
      timeoutSeconds: Seconds.optional(),
      ackFee: Coins.refine((cs) => cs.length > 0, 'needs at least one coin (Neutron refuses an empty fee)'),
      timeoutFee: Coins.refine(
        (cs) => cs.length > 0,
        'needs at least one coin (Neutron refuses an empty fee)',
      ),
    }),
  ],
  { error: 'must be one of local, polytone, ica, neutron_ica (field kind)' },
)
/** A validated {@link ProposalRoute}. */
export type ProposalRoute = z.output<typeof ProposalRoute>

/**
 * Everything `treasuryProposal` (`@rebalancer/adapters/cosmjs`) needs. Unknown fields are refused
 * at every level; addresses are bech32, denoms the bank's rule, amounts positive base units.
 */
export const TreasuryProposalInput = z
  .strictObject({
    action: ProposalAction,
    /** The account's address on its chain; required except for `create` (then predicted). */
    account: Addr.optional(),
    /** The deployment (contract addresses, prefix): e.g. `NEUTRON_1` with overrides. */
    network: NetworkConfig,
    dao: ProposalDao,
    route: ProposalRoute,
    title: z.string({ error: 'must be a string' }).trim().min(1, 'must not be empty'),
    description: z.string({ error: 'must be a string' }),
    /** The DAO member who signs the proposal's `MsgExecuteContract`. */
    proposer: Addr,
  })
  .superRefine((v, ctx) => {
    if (v.action.kind !== 'create' && v.account === undefined)
      ctx.addIssue({ code: 'custom', path: ['account'], message: `is required for ${v.action.kind}` })
    if (v.action.kind === 'create' && v.account !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['account'],
        message: 'must be absent for create (the address is predicted)',
      })
    if (v.action.kind === 'create' && !v.network.contracts.services_manager)
      ctx.addIssue({
        code: 'custom',
        path: ['network', 'contracts', 'services_manager'],
        message: 'is required for create',
      })
  })
/** The accepted input of `treasuryProposal` (before validation: amounts as bigint or digit strings). */
export type TreasuryProposalInput = z.input<typeof TreasuryProposalInput>
/** The validated input. */
export type TreasuryProposalParsed = z.output<typeof TreasuryProposalInput>

/** One problem of a proposal's input: where, and the rule. */
export interface ProposalIssue {
  path: ErrorPath
  message: string
}

/**
 * A proposal's input is refused: `issues` lists every problem (path and rule), the message
 * names the first (`action.codeId: must be at least 1`). Code `invalid_proposal_input`.
 */
export class ProposalInputError extends RebalancerError<'invalid_proposal_input'> {
  static override readonly kind: string = 'ProposalInputError'
  readonly issues: readonly ProposalIssue[]

  constructor(issues: readonly ProposalIssue[], cause?: unknown) {
    const first = issues[0] ?? { path: [], message: 'invalid input' }
    super(
      'invalid_proposal_input',
      `${first.path.length > 0 ? `${formatPath(first.path)}: ` : ''}${first.message}${
        issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''
      }`,
      { path: first.path, cause },
    )
    this.issues = issues
  }
}

/**
 * Validates a proposal's input with {@link TreasuryProposalInput}: every problem, each with its
 * path and rule (for inline errors), or the parsed input.
 */
export function checkTreasuryProposalInput(
  input: unknown,
): { success: true; data: TreasuryProposalParsed } | { success: false; issues: ProposalIssue[] } {
  const r = TreasuryProposalInput.safeParse(input)
  if (r.success) return { success: true, data: r.data }
  return {
    success: false,
    issues: r.error.issues.map((i) => ({ path: i.path as ErrorPath, message: i.message })),
  }
}

/**
 * Validates a proposal's input. @throws ProposalInputError naming every field and rule broken.
 */
export function parseTreasuryProposalInput(input: unknown): TreasuryProposalParsed {
  const r = checkTreasuryProposalInput(input)
  if (!r.success) throw new ProposalInputError(r.issues)
  return r.data
}

// ---------------------------------------------------------------------------------------------
// The exported document

/**
 * The document `treasuryProposalJson` writes (wire-formats.md, "Treasury proposals"), strict:
 * every message checked with the wire schemas (`CosmosMsg`, DAO DAO `propose`, coins), the
 * proposal's messages equal to `dao_msgs`, and `dao_msgs` equal to `account_msgs` when local.
 */
export const TreasuryProposalDocument = z
  .strictObject({
    action: z.enum(['create', 'update', 'fund', 'order', 'pause', 'resume']),
    route: z.enum(['local', 'polytone', 'ica', 'neutron_ica']),
    proposal_module: z.enum(['direct', 'pre_propose']),
    chain_id: z.string().min(1, 'must not be empty'),
    account: Addr,
    executor: Addr,
    account_msgs: z.array(CosmosMsg).min(1, 'needs at least one message'),
    dao_msgs: z.array(CosmosMsg).min(1, 'needs at least one message'),
    proposal: z.strictObject({
      '@type': z.literal(MSG_EXECUTE_CONTRACT_TYPE_URL),
      sender: Addr,
      contract: Addr,
      msg: z.union([DaoProposalExecuteMsg, DaoPreProposeExecuteMsg]),
      funds: z.array(CoinWire),
    }),
  })
  .superRefine((d, ctx) => {
    const propose = (d.proposal.msg as { propose: { msg?: { propose: { msgs: unknown } }; msgs?: unknown } })
      .propose
    const pre = propose.msg !== undefined
    if (pre !== (d.proposal_module === 'pre_propose'))
      ctx.addIssue({
        code: 'custom',
        path: ['proposal', 'msg'],
        message: `is a ${pre ? 'pre-propose' : 'direct'} proposal, but proposal_module is ${d.proposal_module}`,
      })
    const msgs = pre ? propose.msg?.propose.msgs : propose.msgs
    if (JSON.stringify(msgs) !== JSON.stringify(d.dao_msgs))
      ctx.addIssue({ code: 'custom', path: ['dao_msgs'], message: 'must equal the proposal’s msgs' })
    if (d.route === 'local' && JSON.stringify(d.account_msgs) !== JSON.stringify(d.dao_msgs))
      ctx.addIssue({
        code: 'custom',
        path: ['account_msgs'],
        message: 'must equal dao_msgs on the local route',
      })
  })
/** A validated {@link TreasuryProposalDocument}. */
export type TreasuryProposalDocument = z.output<typeof TreasuryProposalDocument>

/**
 * Reads an exported proposal document (its JSON text or the parsed value) and checks it with
 * {@link TreasuryProposalDocument}: what a test or a reviewer runs on the downloaded file.
 * @throws WireError naming the field and the rule (also for text that is not JSON).
 */
export function parseTreasuryProposalDocument(input: unknown): TreasuryProposalDocument {
  let value = input
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input)
    } catch (e) {
      throw new RebalancerError(
        'invalid_wire',
        `TreasuryProposalDocument: not JSON (${(e as Error).message})`,
        {
          path: [],
        },
      )
    }
  }
  return parseWire(TreasuryProposalDocument, value, 'TreasuryProposalDocument')
}

// ---------------------------------------------------------------------------------------------
// Scenario denoms → chain denoms

/** A scenario's denoms: local name → price symbol (`{untrn: {symbol: 'NTRN'}}`; `Scenario.denoms`). */
export type ScenarioDenoms = Readonly<Record<string, { readonly symbol: string }>>

/** What {@link chainDenom} and {@link chainConfig} map with. */
export interface DenomMapping {
  /** The scenario's denoms (local name → price symbol). */
  denoms: ScenarioDenoms
  /** The network: its `denoms` maps price symbols to on-chain denoms (`NEUTRON_1.denoms`). */
  network: Pick<NetworkConfig, 'chain_id' | 'denoms'>
  /** On-chain denoms given by the user, by local name; they win over the network's. */
  overrides?: Readonly<Record<string, string>> | undefined
}

/**
 * The on-chain denom of a scenario denom: the user's override, else the network's denom for the
 * denom's price symbol (`untrn` → `NTRN` → `untrn`; `uusdc` → `USDC` → `ibc/B559…`).
 * @throws RebalancerError code `unknown_denom`, path `['denoms', denom]`, naming the denom and its
 * symbol and asking for the on-chain denom; code `invalid_wire` when an override is not a denom.
 */
export function chainDenom(denom: string, mapping: DenomMapping): string {
  const override = mapping.overrides?.[denom]
  if (override !== undefined && override !== '') {
    const r = DenomWire.safeParse(override)
    if (!r.success)
      throw new RebalancerError('invalid_wire', `on-chain denom of ${denom}: ${r.error.issues[0]?.message}`, {
        path: ['denoms', denom],
      })
    return override
  }
  const symbol = Object.hasOwn(mapping.denoms, denom) ? mapping.denoms[denom]?.symbol : undefined
  const known = mapping.network.denoms ?? {}
  const onChain = symbol !== undefined && Object.hasOwn(known, symbol) ? known[symbol] : undefined
  if (onChain === undefined) {
    const what = symbol === undefined ? `"${denom}" has no price symbol` : `"${denom}" (${symbol})`
    throw new RebalancerError(
      'unknown_denom',
      `${what} has no on-chain denom on ${mapping.network.chain_id} (it maps ${
        Object.keys(known).join(', ') || 'nothing'
      }): enter the on-chain denom of ${denom}`,
      { path: ['denoms', denom] },
    )
  }
  return onChain
}

/**
 * A scenario account's config with its denoms (base denom, targets) translated to on-chain
 * denoms by {@link chainDenom}; everything else unchanged. Only the denoms the config uses must
 * be mappable.
 * @throws RebalancerError (`unknown_denom`) naming the first denom without an on-chain denom.
 */
export function chainConfig(config: RebalancerConfig, mapping: DenomMapping): RebalancerConfig {
  return {
    ...config,
    baseDenom: chainDenom(config.baseDenom, mapping),
    targets: config.targets.map((t) => ({ ...t, denom: chainDenom(t.denom, mapping) })),
  }
}

/**
 * The denoms of `config` (base denom and targets, each once) that {@link chainDenom} cannot map,
 * for a form that asks the user for them.
 */
export function unmappedDenoms(config: RebalancerConfig, mapping: DenomMapping): string[] {
  const out: string[] = []
  for (const d of [config.baseDenom, ...config.targets.map((t) => t.denom)]) {
    if (out.includes(d)) continue
    try {
      chainDenom(d, mapping)
    } catch {
      out.push(d)
    }
  }
  return out
}
