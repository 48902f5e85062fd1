import { ripemd160, Secp256k1, Secp256k1Signature, sha256 } from '@cosmjs/crypto'
import { fromUtf8, toBase64, toBech32, toHex } from '@cosmjs/encoding'
import { type Coin, Dec, type Event, type JsonValue } from '@rebalancer/types'
import { BaseAccount } from 'cosmjs-types/cosmos/auth/v1beta1/auth'
import { QueryAccountRequest, QueryAccountResponse } from 'cosmjs-types/cosmos/auth/v1beta1/query'
import {
  QueryAllBalancesRequest,
  QueryAllBalancesResponse,
  QueryBalanceRequest,
  QueryBalanceResponse,
} from 'cosmjs-types/cosmos/bank/v1beta1/query'
import { MsgSend, MsgSendResponse } from 'cosmjs-types/cosmos/bank/v1beta1/tx'
import { TxMsgData } from 'cosmjs-types/cosmos/base/abci/v1beta1/abci'
import { PubKey } from 'cosmjs-types/cosmos/crypto/secp256k1/keys'
import { SignMode } from 'cosmjs-types/cosmos/tx/signing/v1beta1/signing'
import { SimulateRequest, SimulateResponse } from 'cosmjs-types/cosmos/tx/v1beta1/service'
import { AuthInfo, SignDoc, TxBody, TxRaw } from 'cosmjs-types/cosmos/tx/v1beta1/tx'
import {
  QueryContractInfoRequest,
  QueryContractInfoResponse,
  QuerySmartContractStateRequest,
  QuerySmartContractStateResponse,
} from 'cosmjs-types/cosmwasm/wasm/v1/query'
import {
  MsgExecuteContract,
  MsgExecuteContractResponse,
  MsgInstantiateContract,
  MsgInstantiateContract2,
  MsgInstantiateContract2Response,
  MsgInstantiateContractResponse,
} from 'cosmjs-types/cosmwasm/wasm/v1/tx'
import type { Any } from 'cosmjs-types/google/protobuf/any'
import type { Localnet, TxMsg } from '../localnet.js'
import { TxError } from '../localnet.js'

/** Options of a {@link ChainApp}. */
export interface ChainAppOptions {
  /** The one fee denom; default `untrn`. */
  feeDenom?: string
  /**
   * Minimum gas price in `feeDenom` per unit of gas, a decimal string (Dec18); default
   * `0.0025`. A transaction's fee must be at least ⌈price × gas limit⌉.
   */
  minGasPrice?: string
}

/**
 * The outcome of an ABCI `CheckTx`/`DeliverTx` or query, as CometBFT reports it: `code` 0 is
 * success; otherwise `codespace` and `code` are the Cosmos SDK's / wasmd's registered error and
 * `log` its message.
 */
export interface AbciResult {
  code: number
  codespace: string
  log: string
  /** Protobuf `TxMsgData` of a delivered transaction, or a query's answer. */
  data: Uint8Array
  events: Event[]
  gasWanted: bigint
  gasUsed: bigint
}

/** A transaction included in a block (the `tx` and `tx_search` answers). */
export interface IndexedTx {
  /** sha256 of the transaction bytes, upper-case hex (CometBFT's transaction hash). */
  hash: string
  height: number
  /** Position in its block. */
  index: number
  tx: Uint8Array
  result: AbciResult
  /** Unix seconds of its block. */
  time: number
  /** The signer (every message's sender). */
  signer: string
  /** Its messages, decoded (contract messages as JSON). */
  msgs: readonly TxMsg[]
}

/** A block as the server remembers it: height, unix time (seconds) and its transactions. */
export interface BlockRecord {
  height: number
  time: number
  txs: Uint8Array[]
}

/** An auth-module account: number, next sequence, public key once it signed. */
export interface AuthAccount {
  address: string
  accountNumber: bigint
  sequence: bigint
  pubKey?: Uint8Array
}

/** Cosmos SDK (`sdk` codespace) and wasmd (`wasm`) error codes the app returns. */
export const ABCI_CODES = {
  txDecode: 2,
  unauthorized: 4,
  insufficientFunds: 5,
  unknownRequest: 6,
  invalidAddress: 7,
  invalidPubKey: 8,
  unknownAddress: 9,
  invalidCoins: 10,
  outOfGas: 11,
  insufficientFee: 13,
  invalidRequest: 18,
  notFound: 22,
  txTimeoutHeight: 30,
  wrongSequence: 32,
  wasmExecuteFailed: 5,
  wasmNotFound: 8,
  wasmQueryFailed: 9,
} as const

/** Deterministic gas: a base per transaction, per message and per event. */
const GAS_BASE = 60_000n
const GAS_PER_MSG = 120_000n
const GAS_PER_EVENT = 2_000n

const TYPE = {
  execute: '/cosmwasm.wasm.v1.MsgExecuteContract',
  instantiate: '/cosmwasm.wasm.v1.MsgInstantiateContract',
  instantiate2: '/cosmwasm.wasm.v1.MsgInstantiateContract2',
  send: '/cosmos.bank.v1beta1.MsgSend',
  secp256k1: '/cosmos.crypto.secp256k1.PubKey',
  baseAccount: '/cosmos.auth.v1beta1.BaseAccount',
} as const

/** A refusal with its ABCI code; becomes an {@link AbciResult}. */
class AbciError extends Error {
  constructor(
    readonly code: number,
    readonly codespace: string,
    message: string,
  ) {
    super(message)
  }
}

interface DecodedTx {
  signer: string
  signMode: SignMode
  msgs: TxMsg[]
  typeUrls: string[]
  raw: TxRaw
  authInfo: AuthInfo
  pubKey: Uint8Array
  sequence: bigint
  fee: Coin[]
  gasLimit: bigint
}

/**
 * The chain's application behind the CometBFT RPC ({@link startRpcServer}): the auth module
 * (account numbers, sequences, public keys), the ante handler (SIGN_MODE_DIRECT secp256k1
 * signature over chain id and account number, sequence, fee ≥ minimum gas price × gas limit,
 * paid by the signer), message execution on a {@link Localnet} (MsgExecuteContract,
 * MsgInstantiateContract(2), MsgSend; all messages of a transaction commit together or not at
 * all), the gRPC queries cosmjs sends through `abci_query`, and the transaction index. No I/O.
 *
 * As on a Cosmos SDK chain, a transaction that passes the ante handler pays its fee and uses its
 * sequence even when a message then fails (its messages' effects are undone).
 */
export class ChainApp {
  readonly localnet: Localnet
  readonly feeDenom: string
  readonly minGasPrice: Dec
  /** The fee collector module account (`sha256("fee_collector")[:20]`). */
  readonly feeCollector: string
  private readonly accounts = new Map<string, AuthAccount>()
  private nextAccountNumber = 0n
  private readonly txsByHash = new Map<string, IndexedTx>()
  /** The same transactions by height (a block's, in order), so a lookup does not scan them all. */
  private readonly txsByHeight = new Map<number, IndexedTx[]>()
  private readonly blocks = new Map<number, BlockRecord>()
  /** The first block recorded (heights only grow, and no block is forgotten). */
  readonly #earliest: number

  constructor(localnet: Localnet, options: ChainAppOptions = {}) {
    this.localnet = localnet
    this.feeDenom = options.feeDenom ?? 'untrn'
    this.minGasPrice = Dec.parse(options.minGasPrice ?? '0.0025')
    this.feeCollector = localnet.makeAddress('fee_collector')
    this.#earliest = this.observeBlock().height
  }

  // ------------------------------------------------------------------ blocks

  /** Records the localnet's current block (height and time) and returns it. */
  observeBlock(): BlockRecord {
    const h = this.localnet.height
    let b = this.blocks.get(h)
    if (!b) {
      b = { height: h, time: this.localnet.time, txs: [] }
      this.blocks.set(h, b)
    }
    return b
  }

  /** A block the server has seen (the current one, or one it recorded), else undefined. */
  block(height?: number): BlockRecord | undefined {
    const current = this.observeBlock()
    if (height === undefined || height === current.height) return current
    return this.blocks.get(height)
  }

  /** The lowest height the server remembers. */
  get earliestHeight(): number {
    return this.#earliest
  }

  // ------------------------------------------------------------------ accounts

  /**
   * The auth account of `address`: known once it received funds or signed. A new account gets the
   * next account number (0, 1, …), as the chain assigns them.
   */
  account(address: string): AuthAccount | undefined {
    const known = this.accounts.get(address)
    if (known) return known
    if (this.localnet.balances(address).length === 0) return undefined
    const created = { address, accountNumber: this.nextAccountNumber++, sequence: 0n }
    this.accounts.set(address, created)
    return created
  }

  // ------------------------------------------------------------------ transactions

  /** A transaction by hash (upper- or lower-case hex). */
  tx(hash: string): IndexedTx | undefined {
    return this.txsByHash.get(hash.toUpperCase())
  }

  /** The transactions included at `height`, in order. */
  txsAt(height: number): IndexedTx[] {
    return [...(this.txsByHeight.get(height) ?? [])]
  }

  /** Every transaction included, in chain order. */
  transactions(): IndexedTx[] {
    return [...this.txsByHash.values()]
  }

  /**
   * `CheckTx` then, if it passes, `DeliverTx` in the current block (this chain has no mempool:
   * a transaction is in a block as soon as it is accepted). Returns the `CheckTx` result (code ≠ 0:
   * refused, nothing changed) and, when accepted, the indexed transaction; `inCache` for bytes
   * it already has (the RPC answers those with CometBFT's "tx already exists in cache" error).
   */
  submit(txBytes: Uint8Array): { check: AbciResult; hash: string; delivered?: IndexedTx; inCache?: true } {
    const hash = toHex(sha256(txBytes)).toUpperCase()
    let decoded: DecodedTx
    // a transaction the node already has: CometBFT's mempool refuses it before CheckTx
    if (this.txsByHash.has(hash))
      return {
        check: errorResult(new AbciError(19, 'sdk', 'tx already exists in cache')),
        hash,
        inCache: true,
      }
    try {
      decoded = this.decode(txBytes)
      this.ante(decoded, { verifySignature: true, checkFee: true })
    } catch (e) {
      return { check: errorResult(e), hash }
    }
    const result = this.deliver(decoded)
    const block = this.observeBlock()
    const delivered: IndexedTx = {
      hash,
      height: block.height,
      index: block.txs.length,
      tx: txBytes,
      result,
      time: block.time,
      signer: decoded.signer,
      msgs: decoded.msgs,
    }
    block.txs.push(txBytes)
    this.txsByHash.set(hash, delivered)
    const atHeight = this.txsByHeight.get(delivered.height)
    if (atHeight) atHeight.push(delivered)
    else this.txsByHeight.set(delivered.height, [delivered])
    return { check: okResult(new Uint8Array(), [], decoded.gasLimit, 0n), hash, delivered }
  }

  /**
   * `/cosmos.tx.v1beta1.Service/Simulate`: runs the transaction's messages (ante checks but the
   * signature and the fee) on the current state and undoes everything; returns the gas used.
   */
  simulate(txBytes: Uint8Array): { result: AbciResult; gasUsed: bigint } {
    let decoded: DecodedTx
    try {
      decoded = this.decode(txBytes)
      this.ante(decoded, { verifySignature: false, checkFee: false })
    } catch (e) {
      return { result: errorResult(e), gasUsed: 0n }
    }
    const snapshot = this.localnet.snapshot()
    try {
      const run = this.runMsgs(decoded)
      return { result: run, gasUsed: run.gasUsed }
    } finally {
      this.localnet.restore(snapshot)
    }
  }

  /** Decodes TxRaw → body, auth info, messages; one signer (every message's sender). */
  private decode(txBytes: Uint8Array): DecodedTx {
    let raw: TxRaw
    let body: TxBody
    let authInfo: AuthInfo
    try {
      raw = TxRaw.decode(txBytes)
      body = TxBody.decode(raw.bodyBytes)
      authInfo = AuthInfo.decode(raw.authInfoBytes)
    } catch (e) {
      throw new AbciError(ABCI_CODES.txDecode, 'sdk', `${(e as Error).message}: tx parse error`)
    }
    if (body.messages.length === 0)
      throw new AbciError(
        ABCI_CODES.invalidRequest,
        'sdk',
        'must contain at least one message: invalid request',
      )
    const signers = new Set<string>()
    const msgs = body.messages.map((any, i) => {
      const { signer, msg } = decodeMsg(any, i)
      signers.add(signer)
      return msg
    })
    if (signers.size !== 1 || authInfo.signerInfos.length !== 1 || raw.signatures.length !== 1) {
      throw new AbciError(
        ABCI_CODES.unauthorized,
        'sdk',
        `wrong number of signers; expected ${signers.size}, got ${authInfo.signerInfos.length} signer infos and ${raw.signatures.length} signatures: unauthorized`,
      )
    }
    const signer = [...signers][0]!
    const info = authInfo.signerInfos[0]!
    if (info.publicKey?.typeUrl !== TYPE.secp256k1) {
      throw new AbciError(
        ABCI_CODES.invalidPubKey,
        'sdk',
        `signer's public key must be ${TYPE.secp256k1}, got "${info.publicKey?.typeUrl ?? ''}": invalid pubkey`,
      )
    }
    const pubKey = PubKey.decode(info.publicKey.value).key
    const derived = toBech32(this.localnet.bech32Prefix, ripemd160(sha256(pubKey)))
    if (derived !== signer) {
      throw new AbciError(
        ABCI_CODES.invalidPubKey,
        'sdk',
        `pubKey does not match signer address ${signer} with signer index: 0: invalid pubkey`,
      )
    }
    const fee = (authInfo.fee?.amount ?? []).map((c) => ({ denom: c.denom, amount: c.amount }))
    for (const [i, c] of fee.entries()) {
      if (!/^\d+$/.test(c.amount) || !/^[a-zA-Z][a-zA-Z0-9/:._-]{2,127}$/.test(c.denom)) {
        throw new AbciError(
          ABCI_CODES.invalidCoins,
          'sdk',
          `fee.amount[${i}]: a coin is a denom and a whole number of base units, got "${c.amount}${c.denom}": invalid coins`,
        )
      }
    }
    return {
      signer,
      signMode: info.modeInfo?.single?.mode ?? SignMode.SIGN_MODE_UNSPECIFIED,
      msgs,
      typeUrls: body.messages.map((m) => m.typeUrl),
      raw,
      authInfo,
      pubKey,
      sequence: info.sequence,
      fee,
      gasLimit: authInfo.fee?.gasLimit ?? 0n,
    }
  }

  /** The ante handler's checks, in the SDK's order; throws an {@link AbciError}, changes nothing. */
  private ante(tx: DecodedTx, o: { verifySignature: boolean; checkFee: boolean }): void {
    const body = TxBody.decode(tx.raw.bodyBytes)
    if (body.timeoutHeight > 0n && BigInt(this.localnet.height) > body.timeoutHeight) {
      throw new AbciError(
        ABCI_CODES.txTimeoutHeight,
        'sdk',
        `block height: ${this.localnet.height}, timeout height: ${body.timeoutHeight}: tx timeout height`,
      )
    }
    const required = this.minGasPrice.mulCeil(tx.gasLimit)
    const paid = tx.fee.filter((c) => c.denom === this.feeDenom).reduce((s, c) => s + BigInt(c.amount), 0n)
    if (o.checkFee && paid < required) {
      throw new AbciError(
        ABCI_CODES.insufficientFee,
        'sdk',
        `insufficient fees; got: ${feeText(tx.fee)} required: ${required}${this.feeDenom}: insufficient fee`,
      )
    }
    const account = this.account(tx.signer)
    if (!account) {
      throw new AbciError(
        ABCI_CODES.unknownAddress,
        'sdk',
        `account ${tx.signer} does not exist: unknown address`,
      )
    }
    if (account.pubKey && toHex(account.pubKey) !== toHex(tx.pubKey)) {
      throw new AbciError(
        ABCI_CODES.invalidPubKey,
        'sdk',
        `pubKey does not match signer address ${tx.signer}: invalid pubkey`,
      )
    }
    if (tx.sequence !== account.sequence) {
      throw new AbciError(
        ABCI_CODES.wrongSequence,
        'sdk',
        `account sequence mismatch, expected ${account.sequence}, got ${tx.sequence}: incorrect account sequence`,
      )
    }
    if (o.verifySignature) {
      if (tx.signMode !== SignMode.SIGN_MODE_DIRECT) {
        throw new AbciError(
          ABCI_CODES.unauthorized,
          'sdk',
          `signature mode ${tx.signMode}: only SIGN_MODE_DIRECT (1) is supported here: unauthorized`,
        )
      }
      const signBytes = SignDoc.encode({
        bodyBytes: tx.raw.bodyBytes,
        authInfoBytes: tx.raw.authInfoBytes,
        chainId: this.localnet.chainId,
        accountNumber: account.accountNumber,
      }).finish()
      let valid = false
      try {
        valid = Secp256k1.verifySignature(
          Secp256k1Signature.fromFixedLength(tx.raw.signatures[0]!),
          sha256(signBytes),
          tx.pubKey,
        )
      } catch {
        valid = false
      }
      if (!valid) {
        throw new AbciError(
          ABCI_CODES.unauthorized,
          'sdk',
          `signature verification failed; please verify account number (${account.accountNumber}), sequence (${account.sequence}) and chain-id (${this.localnet.chainId}): unauthorized`,
        )
      }
    }
    if (o.checkFee) {
      for (const c of tx.fee) {
        const have = this.localnet.balance(tx.signer, c.denom)
        if (have < BigInt(c.amount)) {
          throw new AbciError(
            ABCI_CODES.insufficientFunds,
            'sdk',
            `spendable balance ${have}${c.denom} is smaller than ${c.amount}${c.denom}: insufficient funds`,
          )
        }
      }
    }
  }

  /** Pays the fee, uses the sequence, then runs the messages (undone on failure or out of gas). */
  private deliver(tx: DecodedTx): AbciResult {
    const account = this.account(tx.signer)!
    const fee = tx.fee.filter((c) => BigInt(c.amount) > 0n)
    if (fee.length > 0) this.localnet.send(tx.signer, this.feeCollector, fee)
    account.sequence += 1n
    account.pubKey ??= tx.pubKey
    const ante: Event[] = [
      {
        type: 'tx',
        attributes: [
          { key: 'fee', value: feeText(tx.fee) },
          { key: 'fee_payer', value: tx.signer },
        ],
      },
      { type: 'tx', attributes: [{ key: 'acc_seq', value: `${tx.signer}/${tx.sequence}` }] },
      { type: 'tx', attributes: [{ key: 'signature', value: toBase64(tx.raw.signatures[0]!) }] },
    ]
    const snapshot = this.localnet.snapshot()
    const run = this.runMsgs(tx)
    if (run.code === 0 && run.gasUsed > tx.gasLimit) {
      this.localnet.restore(snapshot)
      return {
        ...errorResult(
          new AbciError(
            ABCI_CODES.outOfGas,
            'sdk',
            `out of gas in location: wasm contract; gasWanted: ${tx.gasLimit}, gasUsed: ${run.gasUsed}: out of gas`,
          ),
        ),
        events: ante,
        gasWanted: tx.gasLimit,
        gasUsed: run.gasUsed,
      }
    }
    return { ...run, events: [...ante, ...run.events], gasWanted: tx.gasLimit }
  }

  /** Runs the messages as one localnet transaction; a failure is a result with its code. */
  private runMsgs(tx: DecodedTx): AbciResult {
    try {
      const r = this.localnet.broadcast(tx.signer, tx.msgs)
      const msgEvents: Event[] = tx.typeUrls.map((url, i) => ({
        type: 'message',
        attributes: [
          { key: 'action', value: url },
          { key: 'sender', value: tx.signer },
          { key: 'module', value: url.startsWith('/cosmwasm') ? 'wasm' : 'bank' },
          { key: 'msg_index', value: String(i) },
        ],
      }))
      const events = [...msgEvents, ...r.events]
      const msgResponses = tx.typeUrls.map((url, i) => msgResponse(url, r.results[i] ?? null))
      const gasUsed = GAS_BASE + GAS_PER_MSG * BigInt(tx.msgs.length) + GAS_PER_EVENT * BigInt(events.length)
      return okResult(TxMsgData.encode({ data: [], msgResponses }).finish(), events, tx.gasLimit, gasUsed)
    } catch (e) {
      if (!TxError.isInstance(e)) throw e
      const gasUsed = GAS_BASE + GAS_PER_MSG * BigInt(tx.msgs.length)
      const wasm = tx.typeUrls.some((u) => u.startsWith('/cosmwasm'))
      return {
        ...errorResult(
          new AbciError(
            wasm ? ABCI_CODES.wasmExecuteFailed : ABCI_CODES.insufficientFunds,
            wasm ? 'wasm' : 'sdk',
            `${e.message}: ${wasm ? 'execute wasm contract failed' : 'insufficient funds'}`,
          ),
        ),
        gasWanted: tx.gasLimit,
        gasUsed,
      }
    }
  }

  // ------------------------------------------------------------------ queries

  /**
   * `abci_query` of a gRPC path: auth `Account`, bank `Balance` / `AllBalances`, wasm
   * `SmartContractState` / `ContractInfo`, tx `Simulate`. The answer's `data` is the protobuf
   * response; a refusal has the SDK's code and log (`rpc error: code = NotFound …` for an
   * unknown account, as cosmjs expects).
   */
  query(path: string, data: Uint8Array): AbciResult {
    try {
      return okResult(this.answer(path, data), [], 0n, 0n)
    } catch (e) {
      return errorResult(e)
    }
  }

  private answer(path: string, data: Uint8Array): Uint8Array {
    switch (path) {
      case '/cosmos.auth.v1beta1.Query/Account': {
        const { address } = QueryAccountRequest.decode(data)
        this.checkAddress(address)
        const a = this.account(address)
        if (!a) {
          throw new AbciError(
            ABCI_CODES.notFound,
            'sdk',
            `rpc error: code = NotFound desc = account ${address} not found: key not found`,
          )
        }
        const account = BaseAccount.fromPartial({
          address: a.address,
          accountNumber: a.accountNumber,
          sequence: a.sequence,
          ...(a.pubKey
            ? { pubKey: { typeUrl: TYPE.secp256k1, value: PubKey.encode({ key: a.pubKey }).finish() } }
            : {}),
        })
        return QueryAccountResponse.encode({
          account: { typeUrl: TYPE.baseAccount, value: BaseAccount.encode(account).finish() },
        }).finish()
      }
      case '/cosmos.bank.v1beta1.Query/Balance': {
        const { address, denom } = QueryBalanceRequest.decode(data)
        this.checkAddress(address)
        if (!denom)
          throw new AbciError(
            ABCI_CODES.invalidRequest,
            'sdk',
            'rpc error: code = InvalidArgument desc = invalid denom: invalid request',
          )
        return QueryBalanceResponse.encode({
          balance: { denom, amount: String(this.localnet.balance(address, denom)) },
        }).finish()
      }
      case '/cosmos.bank.v1beta1.Query/AllBalances': {
        const { address } = QueryAllBalancesRequest.decode(data)
        this.checkAddress(address)
        return QueryAllBalancesResponse.encode({
          balances: this.localnet.balances(address),
          pagination: { nextKey: new Uint8Array(), total: 0n },
        }).finish()
      }
      case '/cosmwasm.wasm.v1.Query/SmartContractState': {
        const { address, queryData } = QuerySmartContractStateRequest.decode(data)
        this.checkAddress(address)
        if (!this.localnet.contractInfo(address)) {
          throw new AbciError(ABCI_CODES.wasmNotFound, 'wasm', `no such contract: ${address}: not found`)
        }
        let msg: JsonValue
        try {
          msg = JSON.parse(fromUtf8(queryData)) as JsonValue
        } catch (e) {
          throw new AbciError(10, 'wasm', `query data is not JSON: ${(e as Error).message}: invalid`)
        }
        let answer: unknown
        try {
          answer = this.localnet.query(address, msg)
        } catch (e) {
          throw new AbciError(
            ABCI_CODES.wasmQueryFailed,
            'wasm',
            `${(e as Error).message}: query wasm contract failed`,
          )
        }
        return QuerySmartContractStateResponse.encode({
          data: new TextEncoder().encode(JSON.stringify(answer)),
        }).finish()
      }
      case '/cosmwasm.wasm.v1.Query/ContractInfo': {
        const { address } = QueryContractInfoRequest.decode(data)
        this.checkAddress(address)
        const info = this.localnet.contractInfo(address)
        if (!info) throw new AbciError(ABCI_CODES.wasmNotFound, 'wasm', `address ${address}: not found`)
        return QueryContractInfoResponse.encode(
          QueryContractInfoResponse.fromPartial({
            address,
            contractInfo: {
              codeId: BigInt(info.codeId),
              creator: info.creator,
              admin: info.admin ?? '',
              label: info.label,
            },
          }),
        ).finish()
      }
      case '/cosmos.tx.v1beta1.Service/Simulate': {
        const { txBytes } = SimulateRequest.decode(data)
        const { result, gasUsed } = this.simulate(txBytes)
        if (result.code !== 0) throw new AbciError(result.code, result.codespace, result.log)
        const msgData = TxMsgData.decode(result.data)
        return SimulateResponse.encode(
          SimulateResponse.fromPartial({
            gasInfo: { gasWanted: result.gasWanted, gasUsed },
            result: {
              data: new Uint8Array(),
              log: '',
              events: result.events.map((e) => ({
                type: e.type,
                attributes: e.attributes.map((a) => ({ key: a.key, value: a.value, index: true })),
              })),
              msgResponses: msgData.msgResponses,
            },
          }),
        ).finish()
      }
      default:
        throw new AbciError(ABCI_CODES.unknownRequest, 'sdk', `unknown query path ${path}: unknown request`)
    }
  }

  private checkAddress(address: string): void {
    try {
      this.localnet.validateAddress(address)
    } catch (e) {
      throw new AbciError(
        ABCI_CODES.invalidAddress,
        'sdk',
        `rpc error: code = InvalidArgument desc = ${(e as Error).message}: invalid address`,
      )
    }
  }
}

function decodeMsg(any: Any, i: number): { signer: string; msg: TxMsg } {
  const coins = (cs: readonly { denom: string; amount: string }[]): Coin[] =>
    cs.map((c) => ({ denom: c.denom, amount: c.amount }))
  const json = (bytes: Uint8Array, field: string): JsonValue => {
    try {
      return JSON.parse(fromUtf8(bytes)) as JsonValue
    } catch (e) {
      throw new AbciError(10, 'wasm', `messages[${i}].${field}: not JSON: ${(e as Error).message}: invalid`)
    }
  }
  try {
    switch (any.typeUrl) {
      case TYPE.execute: {
        const m = MsgExecuteContract.decode(any.value)
        return {
          signer: m.sender,
          msg: { type: 'execute', contract: m.contract, msg: json(m.msg, 'msg'), funds: coins(m.funds) },
        }
      }
      case TYPE.instantiate: {
        const m = MsgInstantiateContract.decode(any.value)
        return {
          signer: m.sender,
          msg: {
            type: 'instantiate',
            codeId: Number(m.codeId),
            msg: json(m.msg, 'msg'),
            options: { label: m.label, funds: coins(m.funds), admin: m.admin || null },
          },
        }
      }
      case TYPE.instantiate2: {
        const m = MsgInstantiateContract2.decode(any.value)
        return {
          signer: m.sender,
          msg: {
            type: 'instantiate2',
            codeId: Number(m.codeId),
            salt: m.salt,
            msg: json(m.msg, 'msg'),
            options: { label: m.label, funds: coins(m.funds), admin: m.admin || null },
          },
        }
      }
      case TYPE.send: {
        const m = MsgSend.decode(any.value)
        return { signer: m.fromAddress, msg: { type: 'bank_send', to: m.toAddress, amount: coins(m.amount) } }
      }
    }
  } catch (e) {
    if (e instanceof AbciError) throw e
    throw new AbciError(ABCI_CODES.txDecode, 'sdk', `messages[${i}]: ${(e as Error).message}: tx parse error`)
  }
  throw new AbciError(ABCI_CODES.txDecode, 'sdk', `unable to resolve type URL ${any.typeUrl}: tx parse error`)
}

function msgResponse(typeUrl: string, address: string | null): Any {
  switch (typeUrl) {
    case TYPE.execute:
      return {
        typeUrl: `${TYPE.execute}Response`,
        value: MsgExecuteContractResponse.encode({ data: new Uint8Array() }).finish(),
      }
    case TYPE.instantiate:
      return {
        typeUrl: `${TYPE.instantiate}Response`,
        value: MsgInstantiateContractResponse.encode({
          address: address ?? '',
          data: new Uint8Array(),
        }).finish(),
      }
    case TYPE.instantiate2:
      return {
        typeUrl: `${TYPE.instantiate2}Response`,
        value: MsgInstantiateContract2Response.encode({
          address: address ?? '',
          data: new Uint8Array(),
        }).finish(),
      }
    default:
      return { typeUrl: `${TYPE.send}Response`, value: MsgSendResponse.encode({}).finish() }
  }
}

function feeText(fee: readonly Coin[]): string {
  return fee.map((c) => `${c.amount}${c.denom}`).join(',')
}

function okResult(data: Uint8Array, events: Event[], gasWanted: bigint, gasUsed: bigint): AbciResult {
  return { code: 0, codespace: '', log: '', data, events, gasWanted, gasUsed }
}

function errorResult(e: unknown): AbciResult {
  if (!(e instanceof AbciError)) throw e
  return {
    code: e.code,
    codespace: e.codespace,
    log: e.message,
    data: new Uint8Array(),
    events: [],
    gasWanted: 0n,
    gasUsed: 0n,
  }
}
