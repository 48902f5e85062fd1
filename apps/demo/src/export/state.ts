/**
 * The Export panel's choices as the page's URL carries them (issue #13: a link reproduces the
 * page, the proposal included): the account, action and route, and only the text fields, coins and
 * denom mappings the visitor changed from the examples. Checked strictly: an unknown field name
 * or action is refused, and the page falls back to the default.
 */
import * as z from 'zod'

/** The panel's text fields (every one as typed; the adapters' zod input checks the values). */
export const EXPORT_FIELDS = [
  'account',
  'servicesManager',
  'auctionsManager',
  'codeId',
  'checksum',
  'registerFee',
  'salt',
  'daoCore',
  'moduleKind',
  'moduleAddress',
  'deposit',
  'depositDenom',
  'note',
  'proxy',
  'connectionId',
  'icaAddress',
  'icaId',
  'ackFee',
  'timeoutFee',
  'proposer',
  'title',
  'description',
  'reason',
  'maxLimitBps',
  'p',
  'sell',
  'buy',
  'orderAmount',
] as const
export type ExportField = (typeof EXPORT_FIELDS)[number]

const text = z.string().max(4000)

/** What the Export panel shows: see the module comment. */
export const ExportState = z.strictObject({
  /** Index of the scenario's account. */
  account: z.number().int().min(0).max(1000),
  action: z.enum(['create', 'update', 'fund', 'order', 'pause', 'resume']),
  route: z.enum(['local', 'polytone', 'ica', 'neutron_ica']),
  /** The fields changed from the examples, as typed. */
  fields: z.partialRecord(z.enum(EXPORT_FIELDS), text),
  /** Coins typed for create and fund, base units by on-chain denom. */
  funds: z.record(z.string().max(200), text),
  /** On-chain denoms typed for scenario denoms the network does not map. */
  overrides: z.record(z.string().max(200), text),
})
export type ExportState = z.infer<typeof ExportState>

/** The panel's first state: the first account, create & register, the DAO on Neutron, examples. */
export const DEFAULT_EXPORT_STATE: ExportState = Object.freeze({
  account: 0,
  action: 'create',
  route: 'local',
  fields: {},
  funds: {},
  overrides: {},
})
