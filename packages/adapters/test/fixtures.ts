/** Shared test data: valid bech32 addresses, the spec's examples, a JSON Schema validator. */
import { fromBase64, fromUtf8, toBech32 } from '@cosmjs/encoding'
import { Dec, type RebalancerConfig } from '@rebalancer/types'
import Ajv2020 from 'ajv/dist/2020.js'
import { type MessageSchemaName, messageJsonSchema } from '../src/index.js'

const addr = (prefix: string, len: number, fill: number) => toBech32(prefix, new Uint8Array(len).fill(fill))

export const OWNER = addr('neutron', 20, 1)
export const ACCOUNT = addr('neutron', 32, 2)
export const TRUSTEE = addr('neutron', 20, 3)
export const KEEPER = addr('neutron', 20, 4)
export const NOTE = addr('osmo', 32, 5)
export const PROPOSAL_MODULE = addr('osmo', 32, 6)
export const PRE_PROPOSE = addr('osmo', 32, 7)
export const DAO = addr('osmo', 32, 8)
export const PROXY = addr('neutron', 32, 9)
export const ICA = addr('cosmos', 32, 10)
export const ICA_OWNER = addr('neutron', 32, 11)
export const RECIPIENT = addr('neutron', 20, 12)

/** The Neutron mainnet deployment (wire-formats.md). */
export const SERVICES_MANAGER = 'neutron1gantvpnat0la8kkkzrnj48d5d8wxdjllh5r2w4r2hcrpwy00s69quypupa'
export const AUCTIONS_MANAGER = 'neutron13exc5wdc7y5qpqazc34djnu934lqvfw2dru30j52ahhjep6jzx8ssjxcyz'
export const REBALANCER = 'neutron1qs6mzpmcw3dvg5l8nyywetcj326scszdj7v4pfk55xwshd4prqnqfwc0z2'
export const ORACLE = 'neutron1s8uqyh0mmh8g66s2dectf56c08y6fvusp39undp8kf4v678ededsy6tstf'
export const AUCTION_ATOM_NTRN = 'neutron1l9zmckc8j7zhutx088g6ppd9dfs45jet6dyq3pypc0gt5h9ncsvs5m4tsz'

/** Neutron's USDC IBC denom, for the spec's `ibc/…USDC`. */
export const USDC = 'ibc/B559A80D62249C8AA07A380E2A2BEA6E5CA9A6F079C912C3A9E9B494105E4F81'

/** RebalancerData exactly as printed in wire-formats.md, "Account" (with a real USDC denom), as JSON text. */
export const REBALANCER_DATA_JSON = `{"trustee":null,"base_denom":"untrn","targets":[{"denom":"untrn","bps":9000,"min_balance":null},{"denom":"${USDC}","bps":1000,"min_balance":null}],"pid":{"p":"0.1","i":"0","d":"0"},"max_limit_bps":500,"target_override_strategy":"proportional"}`

/** The same configuration, typed. */
export const SPEC_CONFIG: RebalancerConfig = {
  baseDenom: 'untrn',
  targets: [
    { denom: 'untrn', bps: 9000 },
    { denom: USDC, bps: 1000 },
  ],
  pid: { p: Dec.parse('0.1'), i: Dec.ZERO, d: Dec.ZERO },
  maxLimitBps: 500,
  targetOverrideStrategy: 'proportional',
}

/** base64 JSON → its JSON text (to compare byte for byte, key order included). */
export function b64Text(b64: string): string {
  return fromUtf8(fromBase64(b64))
}

const ajv = new Ajv2020({ strict: false, allErrors: true })
const validators = new Map<MessageSchemaName, ReturnType<typeof ajv.compile>>()

/** Validates a value against the exported JSON Schema; returns ajv's errors (empty when valid). */
export function jsonSchemaErrors(name: MessageSchemaName, value: unknown): string[] {
  let v = validators.get(name)
  if (!v) {
    v = ajv.compile(messageJsonSchema(name))
    validators.set(name, v)
  }
  return v(value) ? [] : (v.errors ?? []).map((e) => `${e.instancePath} ${e.message}`)
}
