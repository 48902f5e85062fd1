/**
 * The localnet over real RPC (issue #14, section 1): cosmjs's own signing client, connected over
 * HTTP to `startRpcServer`, queries, signs and broadcasts as against a chain; the ante handler
 * refuses what a Cosmos SDK chain refuses, with the chain's codes.
 */

import { SigningCosmWasmClient } from '@cosmjs/cosmwasm'
import { Bip39, sha256 } from '@cosmjs/crypto'
import { toUtf8 } from '@cosmjs/encoding'
import { DirectSecp256k1HdWallet } from '@cosmjs/proto-signing'
import { BroadcastTxError, GasPrice, StargateClient } from '@cosmjs/stargate'
import { TxRaw } from 'cosmjs-types/cosmos/tx/v1beta1/tx'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Deployment, deployRebalancer, Localnet } from '../../src/index.js'
import { type RpcServer, startRpcServer } from '../../src/rpc/index.js'

const TOKEN = 1_000_000n
/** A valid mnemonic from fixed entropy (no BIP-39 test vector). */
function mnemonicOf(seed: string): string {
  return Bip39.encode(sha256(toUtf8(seed)).slice(0, 32)).toString()
}

let net: Localnet
let d: Deployment
let server: RpcServer
let client: SigningCosmWasmClient
let keeper: string
let stranger: string
let strangerClient: SigningCosmWasmClient
const PAIR = ['uatom', 'untrn'] as const

beforeAll(async () => {
  const wallet = await DirectSecp256k1HdWallet.fromMnemonic(mnemonicOf('rpc test keeper'), {
    prefix: 'neutron',
  })
  const other = await DirectSecp256k1HdWallet.fromMnemonic(mnemonicOf('rpc test stranger'), {
    prefix: 'neutron',
  })
  keeper = (await wallet.getAccounts())[0]!.address
  stranger = (await other.getAccounts())[0]!.address
  const cycleStart = Date.UTC(2024, 0, 1) / 1000
  net = new Localnet({ startTime: cycleStart - 60 })
  const min = { send: TOKEN, startAuction: 10n * TOKEN }
  d = deployRebalancer(net, {
    admin: keeper,
    server: keeper,
    denoms: ['uatom', 'untrn'],
    baseDenoms: [{ denom: 'uatom', minBalanceLimit: 10n * TOKEN }],
    minAmounts: { uatom: min, untrn: min },
    cycleStart,
  })
  net.mint(keeper, [{ denom: 'untrn', amount: 1000n * TOKEN }])
  net.mint(stranger, [{ denom: 'untrn', amount: 1000n * TOKEN }])
  server = await startRpcServer(net, { port: 0, feeDenom: 'untrn', minGasPrice: '0.0025' })
  const options = { gasPrice: GasPrice.fromString('0.0025untrn'), broadcastPollIntervalMs: 20 }
  client = await SigningCosmWasmClient.connectWithSigner(server.url, wallet, options)
  strangerClient = await SigningCosmWasmClient.connectWithSigner(server.url, other, options)
})

afterAll(async () => {
  client?.disconnect()
  strangerClient?.disconnect()
  await server?.close()
})

describe('the localnet served over CometBFT JSON-RPC', () => {
  it('answers status, height, block and the chain id', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(await client.getChainId()).toBe('localnet-1')
    expect(await client.getHeight()).toBe(net.height)
    const block = await client.getBlock()
    expect(block.header.height).toBe(net.height)
    expect(new Date(block.header.time).getTime() / 1000).toBe(net.time)
  })

  it('queries a balance, all balances, an account and a contract', async () => {
    expect(await client.getBalance(keeper, 'untrn')).toEqual({
      denom: 'untrn',
      amount: String(1000n * TOKEN),
    })
    expect(await client.getBalance(keeper, 'uatom')).toEqual({ denom: 'uatom', amount: '0' })
    const stargate = await StargateClient.connect(server.url)
    expect(await stargate.getAllBalances(keeper)).toEqual([{ denom: 'untrn', amount: String(1000n * TOKEN) }])
    stargate.disconnect()
    const account = await client.getAccount(keeper)
    expect(account).toMatchObject({ address: keeper, sequence: 0 })
    expect(await client.getAccount(net.makeAddress('nobody'))).toBeNull()
    const config = await client.queryContractSmart(d.oracle, 'get_config' as never)
    expect(config).toEqual(net.query(d.oracle, 'get_config'))
    await expect(client.queryContractSmart(d.oracle, { get_price: { pair: PAIR } })).rejects.toThrow(
      /No price for pair/,
    )
  })

  it('executes a signed message: state changes, the fee is paid, the wasm event is returned, getTx finds it', async () => {
    const before = net.balance(keeper, 'untrn')
    const collected = net.balance(server.app.feeCollector, 'untrn')
    const msg = { manual_price_update: { pair: PAIR, price: '1.5' } }
    const result = await client.execute(keeper, d.oracle, msg, 'auto')
    expect(net.query(d.oracle, { get_price: { pair: PAIR } })).toMatchObject({ price: '1.5' })
    const wasm = result.events.find((e) => e.type === 'wasm-valence-event')
    expect(wasm?.attributes).toContainEqual({ key: '_contract_address', value: d.oracle })
    expect(wasm?.attributes).toContainEqual({ key: 'action', value: 'oracle-manual-price' })
    const tx = await client.getTx(result.transactionHash)
    expect(tx).not.toBeNull()
    expect(tx!.code).toBe(0)
    expect(tx!.height).toBe(result.height)
    expect(tx!.events).toEqual(result.events)
    // the fee: ⌈gas limit × 0.0025⌉ untrn, moved to the fee collector
    const fee = BigInt(Math.ceil(Number(result.gasWanted) * 0.0025))
    expect(net.balance(keeper, 'untrn')).toBe(before - fee)
    expect(net.balance(server.app.feeCollector, 'untrn')).toBe(collected + fee)
    expect((await client.getAccount(keeper))!.sequence).toBe(1)
    expect(net.supplyProblems()).toEqual([])
  })

  it('a refused message pays its fee and uses its sequence, and changes nothing else', async () => {
    const seq = (await strangerClient.getAccount(stranger))?.sequence ?? 0
    const before = net.balance(stranger, 'untrn')
    const msg = { manual_price_update: { pair: PAIR, price: '2' } }
    const fee = { amount: [{ denom: 'untrn', amount: '1000' }], gas: '400000' }
    await expect(strangerClient.execute(stranger, d.oracle, msg, fee)).rejects.toThrow(
      /Code: 5; Raw log: failed to execute message; message index: 0: .*execute wasm contract failed/,
    )
    expect(net.query(d.oracle, { get_price: { pair: PAIR } })).toMatchObject({ price: '1.5' })
    expect(net.balance(stranger, 'untrn')).toBe(before - 1000n)
    expect((await strangerClient.getAccount(stranger))!.sequence).toBe(seq + 1)
  })

  async function signed(sequence?: number, chainId = 'localnet-1', feeAmount = '1000', feeDenom = 'untrn') {
    const { accountNumber, sequence: current } = await client.getSequence(keeper)
    const msg = {
      typeUrl: '/cosmwasm.wasm.v1.MsgExecuteContract',
      value: {
        sender: keeper,
        contract: d.oracle,
        msg: toUtf8(JSON.stringify({ manual_price_update: { pair: PAIR, price: '3' } })),
        funds: [],
      },
    }
    const fee = { amount: [{ denom: feeDenom, amount: feeAmount }], gas: '400000' }
    const raw = await client.sign(keeper, [msg], fee, '', {
      accountNumber,
      sequence: sequence ?? current,
      chainId,
    })
    return TxRaw.encode(raw).finish()
  }

  async function refusal(tx: Uint8Array): Promise<BroadcastTxError> {
    const balance = net.balance(keeper, 'untrn')
    const seq = (await client.getSequence(keeper)).sequence
    const price = net.query(d.oracle, { get_price: { pair: PAIR } })
    const error = await client.broadcastTx(tx).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(BroadcastTxError)
    // refused at CheckTx: no fee, no sequence, no state change
    expect(net.balance(keeper, 'untrn')).toBe(balance)
    expect((await client.getSequence(keeper)).sequence).toBe(seq)
    expect(net.query(d.oracle, { get_price: { pair: PAIR } })).toEqual(price)
    return error as BroadcastTxError
  }

  it('refuses a wrong sequence with the chain error', async () => {
    const { sequence } = await client.getSequence(keeper)
    const e = await refusal(await signed(sequence + 1))
    expect(e.code).toBe(32)
    expect(e.log).toBe(
      `account sequence mismatch, expected ${sequence}, got ${sequence + 1}: incorrect account sequence`,
    )
  })

  it('refuses a bad signature (a flipped bit, another chain id)', async () => {
    const tx = TxRaw.decode(await signed())
    tx.signatures[0]![5]! ^= 1
    const flipped = await refusal(TxRaw.encode(tx).finish())
    expect(flipped.code).toBe(4)
    expect(flipped.log).toMatch(
      /^signature verification failed; please verify account number \(\d+\), sequence \(\d+\) and chain-id \(localnet-1\): unauthorized$/,
    )
    const otherChain = await refusal(await signed(undefined, 'neutron-1'))
    expect(otherChain.code).toBe(4)
  })

  it('refuses an insufficient fee with the chain error', async () => {
    const e = await refusal(await signed(undefined, 'localnet-1', '999'))
    expect(e.code).toBe(13)
    expect(e.log).toBe('insufficient fees; got: 999untrn required: 1000untrn: insufficient fee')
  })

  it('refuses a malformed fee coin naming the field', async () => {
    const e = await refusal(await signed(undefined, 'localnet-1', '1e3'))
    expect(e.code).toBe(10)
    expect(e.log).toBe(
      'fee.amount[0]: a coin is a denom and a whole number of base units, got "1e3untrn": invalid coins',
    )
  })

  it('refuses a fee the signer cannot pay', async () => {
    const e = await refusal(await signed(undefined, 'localnet-1', '1000', 'uatom'))
    expect(e.code).toBe(13) // no untrn in it: below the minimum first
    const poor = await refusal(
      await signed(undefined, 'localnet-1', String(net.balance(keeper, 'untrn') + 1n)),
    )
    expect(poor.code).toBe(5)
    expect(poor.log).toMatch(/^spendable balance \d+untrn is smaller than \d+untrn: insufficient funds$/)
  })

  it('refuses a transaction it already has as CometBFT does: a JSON-RPC error, not a CheckTx code', async () => {
    const tx = await signed()
    await client.broadcastTx(tx, 10_000, 20)
    await expect(client.broadcastTxSync(tx)).rejects.toThrow(/"code":-32603.*tx already exists in cache/)
  })

  it('answers GET in the URI form and JSON-RPC batches; refuses bad requests naming the field', async () => {
    const status = (await (await fetch(`${server.url}/status`)).json()) as any
    expect(status.result.node_info.network).toBe('localnet-1')
    const block = (await (await fetch(`${server.url}/block?height=${net.height}`)).json()) as any
    expect(block.result.block.header.height).toBe(String(net.height))
    const batch = (await (
      await fetch(server.url, {
        method: 'POST',
        body: JSON.stringify([
          { jsonrpc: '2.0', id: 1, method: 'health' },
          { jsonrpc: '2.0', id: 2, method: 'nope' },
          { jsonrpc: '2.0', id: 3, method: 'block', params: { height: 'x' } },
          { jsonrpc: '2.0', id: 4, method: 'status', extra: true },
          { jsonrpc: '2.0', id: 5, method: 'block', params: { height: String(net.height + 5) } },
        ]),
      })
    ).json()) as any[]
    expect(batch[0]).toEqual({ jsonrpc: '2.0', id: 1, result: {} })
    expect(batch[1].error).toMatchObject({ code: -32601, data: 'method nope does not exist' })
    expect(batch[2].error).toMatchObject({ code: -32602 })
    expect(batch[2].error.data).toMatch(/^height: /)
    expect(batch[3].error).toMatchObject({ code: -32600 })
    expect(batch[3].error.data).toMatch(/extra/)
    expect(batch[4].error.data).toBe(
      `height ${net.height + 5} must be less than or equal to the current blockchain height ${net.height}`,
    )
  })

  it('serves the time the localnet moves to', async () => {
    net.advanceBlocks(10)
    const block = await client.getBlock()
    expect(block.header.height).toBe(net.height)
    expect(new Date(block.header.time).getTime() / 1000).toBe(net.time)
    expect(await client.getHeight()).toBe(net.height)
  })

  it('runs MsgInstantiateContract2 and MsgSend from cosmjs', async () => {
    const salt = toUtf8('valence:rpc')
    const msg = { services_manager: d.servicesManager, referral: null }
    const r = await client.instantiate2(keeper, d.codeIds.account, salt, msg, 'rpc account', 'auto')
    expect(r.contractAddress).toBe(net.predictAddress2(keeper, d.codeIds.account, salt))
    expect(net.contractInfo(r.contractAddress)).toMatchObject({ creator: keeper, label: 'rpc account' })
    const before = net.balance(stranger, 'untrn')
    const sent = await client.sendTokens(keeper, stranger, [{ denom: 'untrn', amount: '12345' }], 'auto')
    expect(sent.code).toBe(0)
    expect(net.balance(stranger, 'untrn')).toBe(before + 12_345n)
    expect(net.supplyProblems()).toEqual([])
  })
})
