import { Sha256, sha256 } from '@cosmjs/crypto'
import { fromBech32, fromHex, toAscii, toBech32, toHex, toUtf8 } from '@cosmjs/encoding'
import {
  type BlockInfo,
  type Coin,
  type Event,
  formatErrorPath,
  instantiate2Address,
  type JsonValue,
  normalizeCoins,
  RebalancerError,
  UINT128_MAX,
  WireError,
} from '@rebalancer/types'
import { LocalnetClient } from './client.js'
import { contractErrorOf } from './contracts/common.js'
import { CODES, type CodeName } from './contracts/index.js'
import { LocalnetError } from './errors.js'
import {
  type Api,
  ContractError,
  type Deps,
  type Env,
  type MessageInfo,
  type OutMsg,
  type Querier,
  type Response,
} from './runtime.js'
import { BaseStore, joinKey, type KV, Layer, Prefixed } from './store.js'

/** Options of a {@link Localnet}. */
export interface LocalnetOptions {
  /** Default `localnet-1`. */
  chainId?: string
  /** Bech32 prefix of every address; default `neutron`. */
  bech32Prefix?: string
  /** Seconds per block; default 3 (architecture.md). */
  blockTimeSeconds?: number
  /** Default 1. */
  startHeight?: number
  /** Unix seconds of the first block; default 2024-01-01T00:00:00Z. */
  startTime?: number
  /**
   * The oracle's fallback price source (on chain a DEX route): the price of `pair` (units of
   * `pair[1]` per unit of `pair[0]`, a Dec string) at unix time `time`, or undefined.
   */
  priceSource?: (pair: readonly [string, string], time: number) => string | undefined
}

/** Options of an instantiation. */
export interface InstantiateOptions {
  label: string
  funds?: readonly Coin[]
  /** The contract's migration admin (a chain-level field; contracts don't see it). */
  admin?: string | null
}

/**
 * One message of a multi-message transaction ({@link Localnet.broadcast}), as a chain
 * transaction carries `MsgExecuteContract`, `MsgInstantiateContract(2)` and `MsgSend`. Amounts
 * are Uint128 strings (or bigints) in base units.
 */
export type TxMsg =
  | { type: 'execute'; contract: string; msg: JsonValue; funds?: readonly Coin[] }
  | { type: 'instantiate'; codeId: number; msg: JsonValue; options: InstantiateOptions }
  | {
      type: 'instantiate2'
      codeId: number
      /** Bytes or UTF-8 text. */
      salt: Uint8Array | string
      msg: JsonValue
      options: InstantiateOptions
    }
  | { type: 'bank_send'; to: string; amount: readonly Coin[] }

/** The result of {@link Localnet.broadcast}: per message, the new contract's address (instantiations) or null. */
export interface BroadcastResult extends TxResult {
  results: (string | null)[]
}

/** The result of {@link Localnet.execute}. */
export interface TxResult {
  events: Event[]
  height: number
  transactionHash: string
}

/** A whole-state snapshot (opaque) for {@link Localnet.restore}. */
export interface LocalnetSnapshot {
  readonly map: Map<string, unknown>
  readonly height: number
  readonly time: number
  readonly txCount: number
}

/**
 * Thrown when a transaction fails; nothing it did remains. Code `tx_failed`; `contractError` (also
 * `cause`) is the failing message's error. Recognise it with `TxError.isInstance(e)`.
 */
export class TxError extends RebalancerError<'tx_failed'> {
  static override readonly kind: string = 'TxError'
  /** The error of the failing message (a {@link ContractError} for a refusal). */
  readonly contractError: Error
  /**
   * @param message `failed to execute message; message index: <i>: <error>`
   * @param contractError the failing message's error
   */
  constructor(message: string, contractError: Error) {
    super('tx_failed', message, { cause: contractError })
    this.contractError = contractError
  }
}

interface ContractMeta {
  codeId: number
  label: string
  admin: string | null
  creator: string
}
interface CodeMeta {
  name: CodeName
  checksum: string
}

const MAX_CALL_DEPTH = 64

/**
 * An in-process chain: bank balances, a block clock and the Rebalancer's six contracts behind
 * their JSON interface (wire-formats.md). Every `execute` and `instantiate` is a transaction:
 * it commits whole or changes nothing. Deterministic: the same calls give the same state and
 * the same events.
 */
export class Localnet {
  readonly chainId: string
  readonly bech32Prefix: string
  readonly blockTimeSeconds: number
  /** The oracle's injected fallback price source. */
  priceSource: LocalnetOptions['priceSource']
  private store: BaseStore
  private _height: number
  private _time: number
  private txCount = 0
  /** Addresses already validated (validity never changes): bech32 checksums are computed once. */
  private readonly validAddresses = new Set<string>()

  constructor(options: LocalnetOptions = {}) {
    this.chainId = options.chainId ?? 'localnet-1'
    this.bech32Prefix = options.bech32Prefix ?? 'neutron'
    this.blockTimeSeconds = options.blockTimeSeconds ?? 3
    if (!(this.blockTimeSeconds > 0)) {
      throw new LocalnetError(
        'invalid_option',
        `blockTimeSeconds: must be positive, got ${this.blockTimeSeconds}`,
        { path: ['blockTimeSeconds'] },
      )
    }
    this._height = options.startHeight ?? 1
    this._time = options.startTime ?? Date.UTC(2024, 0, 1) / 1000
    this.priceSource = options.priceSource
    this.store = new BaseStore()
  }

  /** Current block height. */
  get height(): number {
    return this._height
  }
  /** Current block time, unix seconds. */
  get time(): number {
    return this._time
  }
  /** The current block as contracts see it. */
  get block(): BlockInfo {
    return { height: this._height, time: this._time, chainId: this.chainId }
  }

  // ---------------------------------------------------------------- clock

  /** height += n; time += seconds (default n × block time): a halt is few blocks over many seconds. */
  advanceBlocks(n: number, seconds?: number): void {
    if (!Number.isInteger(n) || n < 0) {
      throw new LocalnetError('invalid_clock_step', `advanceBlocks: n must be a whole number ≥ 0, got ${n}`, {
        path: ['n'],
      })
    }
    const s = seconds ?? n * this.blockTimeSeconds
    if (!Number.isInteger(s) || s < 0) {
      throw new LocalnetError(
        'invalid_clock_step',
        `advanceBlocks: seconds must be a whole number ≥ 0, got ${s}`,
        { path: ['seconds'] },
      )
    }
    this._height += n
    this._time += s
  }

  /** time += seconds; height += floor(seconds / block time). */
  advanceTime(seconds: number): void {
    if (!Number.isInteger(seconds) || seconds < 0) {
      throw new LocalnetError(
        'invalid_clock_step',
        `advanceTime: seconds must be a whole number ≥ 0, got ${seconds}`,
        { path: ['seconds'] },
      )
    }
    this._height += Math.floor(seconds / this.blockTimeSeconds)
    this._time += seconds
  }

  // ---------------------------------------------------------------- addresses

  /** A deterministic user address for a name (sha256 of the name, first 20 bytes). */
  makeAddress(name: string): string {
    return toBech32(this.bech32Prefix, sha256(toUtf8(name)).slice(0, 20))
  }

  /** Validates a bech32 address of this chain's prefix; throws naming `field`. */
  validateAddress(address: string, field = 'address'): string {
    if (this.validAddresses.has(address)) return address
    if (typeof address !== 'string')
      throw new ContractError(`${field}: invalid address ${String(address)}: expected a bech32 string`)
    let prefix: string
    try {
      prefix = fromBech32(address, 90).prefix
    } catch (e) {
      throw new ContractError(`${field}: invalid address "${address}": ${(e as Error).message}`)
    }
    if (prefix !== this.bech32Prefix) {
      throw new ContractError(
        `${field}: address "${address}" has prefix "${prefix}", expected "${this.bech32Prefix}"`,
      )
    }
    if (address !== address.toLowerCase())
      throw new ContractError(`${field}: address "${address}" must be lower case`)
    this.validAddresses.add(address)
    return address
  }

  // ---------------------------------------------------------------- codes and contracts

  /** Stores one of the six contracts' code; returns its code id (a name stored twice gets two ids). */
  storeCode(name: CodeName): number {
    if (!(name in CODES)) {
      throw new LocalnetError(
        'unknown_code',
        `storeCode: unknown code "${name}", expected one of ${Object.keys(CODES).join(', ')}`,
        { path: ['name'] },
      )
    }
    const id = (this.store.get<number>('seq/code') ?? 0) + 1
    this.store.set('seq/code', id)
    // No wasm here: the checksum is sha256 of the code's name and id, stable across runs.
    this.store.set(`code/${id}`, {
      name,
      checksum: toHex(sha256(toUtf8(`${name}#${id}`))),
    } satisfies CodeMeta)
    return id
  }

  /** The 32-byte checksum (hex) of a stored code, as `instantiate2Address` takes it. */
  codeChecksum(codeId: number): string {
    return this.code(this.store, codeId).checksum
  }

  /**
   * Instantiates a contract; the address is derived as wasmd's classic address (code id, instance).
   * @throws TxError (nothing changed) when the contract refuses, or the funds are malformed.
   */
  instantiate(sender: string, codeId: number, msg: JsonValue, options: InstantiateOptions): string {
    return this.broadcast(sender, [{ type: 'instantiate', codeId, msg, options }]).results[0]!
  }

  /**
   * Instantiates at `instantiate2Address(checksum, sender, salt, prefix)` of @rebalancer/types (ADR-028,
   * as wasmd; salt: bytes or UTF-8 text).
   * @throws TxError (nothing changed) when the contract refuses, or the funds are malformed.
   */
  instantiate2(
    sender: string,
    codeId: number,
    salt: Uint8Array | string,
    msg: JsonValue,
    options: InstantiateOptions,
  ): string {
    return this.broadcast(sender, [{ type: 'instantiate2', codeId, salt, msg, options }]).results[0]!
  }

  /**
   * The address {@link instantiate2} gives for `sender`, `codeId` and `salt` (bytes or UTF-8
   * text), known before the contract exists (so one transaction can instantiate and then call it).
   * @throws ContractError when the code id is not stored.
   */
  predictAddress2(sender: string, codeId: number, salt: Uint8Array | string): string {
    return this.address2(this.store, sender, codeId, salt)
  }

  /** Executes `msg` on `contract` as `sender` with `funds`; atomic. @throws TxError */
  execute(sender: string, contract: string, msg: JsonValue, funds: readonly Coin[] = []): TxResult {
    const { events, height, transactionHash } = this.broadcast(sender, [
      { type: 'execute', contract, msg, funds },
    ])
    return { events, height, transactionHash }
  }

  /**
   * One transaction of several messages signed by `sender`, run in order: it commits whole or
   * changes nothing, as a chain transaction does (the real account creation is one transaction
   * of `MsgInstantiateContract2` and the account's `register_to_service`).
   * @throws TxError `failed to execute message; message index: <i>: <error>`; its
   *   `contractError` is the {@link ContractError} of the failing message.
   */
  broadcast(sender: string, msgs: readonly TxMsg[]): BroadcastResult {
    const { result, events, height, hash } = this.tx(sender, (kv, events, at) =>
      msgs.map((m, i) => {
        at(i)
        return this.runTxMsg(kv, sender, m, events)
      }),
    )
    return { results: result, events, height, transactionHash: hash }
  }

  /** Smart query; answers the contract's JSON. @throws ContractError */
  query<T = any>(contract: string, msg: JsonValue): T {
    return this.runQuery(this.store, contract, msg) as T
  }

  /** Code id, label, admin and creator of a contract. */
  contractInfo(address: string): ContractMeta | undefined {
    return this.store.get<ContractMeta>(`contract/${address}`)
  }

  // ---------------------------------------------------------------- bank

  /**
   * Creates coins at `address` (genesis and tests); raises what {@link minted} reports.
   * Amounts are whole base units, 0 ≤ amount, and the denom's minted total stays ≤ Uint128::MAX
   * (2^128 − 1), so no balance can ever exceed it (the contracts read balances as Uint128).
   * @throws LocalnetError (`invalid_coin`, `supply_overflow`) naming the coin and the rule; nothing
   *   is minted then.
   */
  mint(address: string, coins: readonly { denom: string; amount: bigint | string }[]): void {
    this.validateAddress(address, 'mint address')
    let parsed: { denom: string; amount: bigint }[]
    try {
      parsed = normalizeCoins(coins, 'coins').map((c) => ({ denom: c.denom, amount: BigInt(c.amount) }))
    } catch (e) {
      if (!WireError.isInstance(e)) throw e
      throw new LocalnetError('invalid_coin', `mint: ${formatErrorPath(['coins', ...e.path])}: ${e.rule}`, {
        path: ['coins', ...e.path],
        cause: e,
      })
    }
    const after = new Map<string, bigint>()
    for (const c of parsed) {
      const total = (after.get(c.denom) ?? this.minted(c.denom)) + c.amount
      if (total > UINT128_MAX) {
        throw new LocalnetError(
          'supply_overflow',
          `mint: ${c.denom} total supply would be ${total}, above Uint128::MAX (2^128-1)`,
          { path: ['coins'] },
        )
      }
      after.set(c.denom, total)
    }
    for (const c of parsed) {
      this.store.set(balKey(address, c.denom), this.held(address, c.denom) + c.amount)
    }
    for (const [denom, total] of after) this.store.set(`minted/${denom}`, total)
  }

  /** Bank balance in base units. */
  balance(address: string, denom: string): bigint {
    return this.held(address, denom)
  }

  /**
   * Every non-zero bank balance of `address`, sorted by denom (the bank's `AllBalances`), amounts
   * as Uint128 strings in base units.
   */
  balances(address: string): Coin[] {
    const prefix = `bank/${address}/`
    const out: Coin[] = []
    for (const [key, value] of this.store.map) {
      if (key.startsWith(prefix) && (value as bigint) > 0n) {
        out.push({ denom: key.slice(prefix.length), amount: String(value) })
      }
    }
    return out.sort((a, b) => (a.denom < b.denom ? -1 : a.denom > b.denom ? 1 : 0))
  }

  /** The bank balance as {@link mint} and {@link burn} read it (not through the public query). */
  private held(address: string, denom: string): bigint {
    return this.store.get<bigint>(balKey(address, denom)) ?? 0n
  }

  /**
   * Total supply of a denom in base units: the sum of every address's bank balance (the bank
   * really summed, not a counter), so a transfer that loses or creates units shows here.
   */
  supply(denom: string): bigint {
    let total = 0n
    for (const [key, value] of this.store.map) {
      if (bankDenom(key) === denom) total += value as bigint
    }
    return total
  }

  /** Everything {@link mint} ever created of a denom, base units (the chain's supply counter). */
  minted(denom: string): bigint {
    return this.store.get<bigint>(`minted/${denom}`) ?? 0n
  }

  /**
   * Destroys coins held at `address` (the simulator's market makers selling on an outside
   * market); lowers what {@link minted} reports, so {@link supplyProblems} still holds. Amounts
   * are whole base units, 0 ≤ amount ≤ the balance.
   * @throws LocalnetError `invalid_coin` (a negative or non-bigint amount) or `insufficient_funds`,
   *   naming the coin; nothing is burnt then.
   */
  burn(address: string, coins: readonly { denom: string; amount: bigint }[]): void {
    this.validateAddress(address, 'burn address')
    const need = new Map<string, bigint>()
    for (const [i, c] of coins.entries()) {
      if (typeof c.amount !== 'bigint' || c.amount < 0n) {
        throw new LocalnetError(
          'invalid_coin',
          `burn coins[${i}].amount: ${c.amount} must be a whole number of base units ≥ 0`,
          { path: ['coins', i, 'amount'] },
        )
      }
      need.set(c.denom, (need.get(c.denom) ?? 0n) + c.amount)
    }
    for (const [denom, amount] of need) {
      const held = this.held(address, denom)
      if (held < amount) {
        throw new LocalnetError(
          'insufficient_funds',
          `burn: ${address} holds ${held} ${denom}, less than the ${amount} to burn`,
        )
      }
    }
    for (const [denom, amount] of need) {
      this.store.set(balKey(address, denom), this.held(address, denom) - amount)
      this.store.set(`minted/${denom}`, this.minted(denom) - amount)
    }
  }

  /**
   * The bank invariant: for every denom held or minted, Σ balances over all addresses equals
   * what was minted (nothing is created or lost by a transfer, a contract or a rollback).
   * @returns one line per broken denom (`<denom>: balances sum to <s>, minted <m>`); empty when it holds.
   */
  supplyProblems(): string[] {
    const sums = new Map<string, bigint>()
    const minted = new Map<string, bigint>()
    for (const [key, value] of this.store.map) {
      const denom = bankDenom(key)
      if (denom !== undefined) sums.set(denom, (sums.get(denom) ?? 0n) + (value as bigint))
      else if (key.startsWith('minted/')) minted.set(key.slice('minted/'.length), value as bigint)
    }
    const problems: string[] = []
    for (const denom of [...new Set([...sums.keys(), ...minted.keys()])].sort()) {
      const s = sums.get(denom) ?? 0n
      const m = minted.get(denom) ?? 0n
      if (s !== m) problems.push(`${denom}: balances sum to ${s}, minted ${m}`)
    }
    return problems
  }

  /**
   * A bank send between accounts, as a transaction.
   * @throws TxError on insufficient funds, a malformed coin or an amount above Uint128::MAX.
   */
  send(from: string, to: string, coins: readonly Coin[]): void {
    this.broadcast(from, [{ type: 'bank_send', to, amount: coins }])
  }

  // ---------------------------------------------------------------- ports and snapshots

  /** The chain port (cosmjs-compatible subset) acting as `senderAddress`. */
  client(senderAddress?: string): LocalnetClient {
    return new LocalnetClient(this, senderAddress)
  }

  /** The whole state, cheaply (values are shared and immutable). */
  snapshot(): LocalnetSnapshot {
    return { map: this.store.snapshot(), height: this._height, time: this._time, txCount: this.txCount }
  }

  /** Returns to a snapshot taken earlier. */
  restore(snapshot: LocalnetSnapshot): void {
    this.store = new BaseStore(new Map(snapshot.map))
    this._height = snapshot.height
    this._time = snapshot.time
    this.txCount = snapshot.txCount
  }

  // ---------------------------------------------------------------- internals

  private code(kv: KV, codeId: number): CodeMeta {
    const code = kv.get<CodeMeta>(joinKey('code/', String(codeId)))
    if (!code) throw new ContractError(`no such code: ${codeId}`)
    return code
  }

  private tx<R>(
    sender: string,
    fn: (kv: Layer, events: Event[], at: (messageIndex: number) => void) => R,
  ): { result: R; events: Event[]; height: number; hash: string } {
    this.validateAddress(sender, 'sender')
    const layer = new Layer(this.store)
    const events: Event[] = []
    let index = 0
    let result: R
    try {
      result = fn(layer, events, (i) => {
        index = i
      })
    } catch (e) {
      const err =
        e instanceof Error
          ? e
          : new LocalnetError('non_error_thrown', `a contract threw a non-error: ${String(e)}`, { cause: e })
      throw new TxError(`failed to execute message; message index: ${index}: ${err.message}`, err)
    }
    layer.commit()
    this.txCount += 1
    const hash = toHex(sha256(toUtf8(`${this.chainId}/${this._height}/${this.txCount}`))).toUpperCase()
    return { result, events, height: this._height, hash }
  }

  private runTxMsg(kv: KV, sender: string, m: TxMsg, events: Event[]): string | null {
    switch (m.type) {
      case 'execute':
        this.runExecute(kv, sender, m.contract, m.msg, m.funds ?? [], events, 0)
        return null
      case 'bank_send':
        this.dispatch(kv, sender, { type: 'bank_send', to: m.to, amount: m.amount }, events, 0)
        return null
      case 'instantiate': {
        const seq = (kv.get<number>('seq/instance') ?? 0) + 1
        kv.set('seq/instance', seq)
        const address = classicAddress(m.codeId, seq, this.bech32Prefix)
        this.runInstantiate(kv, sender, m.codeId, address, m.msg, m.options, events, 0)
        return address
      }
      case 'instantiate2': {
        const address = this.address2(kv, sender, m.codeId, m.salt)
        this.runInstantiate(kv, sender, m.codeId, address, m.msg, m.options, events, 0)
        return address
      }
    }
  }

  /** `instantiate2Address(checksum, sender, salt, prefix)` of a stored code (salt: bytes or UTF-8 text). */
  private address2(kv: KV, sender: string, codeId: number, salt: Uint8Array | string): string {
    const saltBytes = typeof salt === 'string' ? toUtf8(salt) : salt
    const checksum = fromHex(this.code(kv, codeId).checksum)
    return instantiate2Address(checksum, sender, saltBytes, this.bech32Prefix)
  }

  /**
   * Moves coins (already normalised) between addresses. The one place the bank moves funds
   * between addresses; a test may override it to check that {@link supplyProblems} notices a
   * broken bank.
   * @throws ContractError on insufficient funds or a balance that would pass Uint128::MAX.
   */
  protected transfer(kv: KV, from: string, to: string, coins: readonly Coin[]): void {
    for (const c of coins) {
      const amount = BigInt(c.amount)
      if (amount === 0n) continue
      const have = kv.get<bigint>(balKey(from, c.denom)) ?? 0n
      if (have < amount) {
        throw new ContractError(
          `insufficient funds: ${from} has ${have}${c.denom}, needs ${amount}${c.denom}`,
        )
      }
      kv.set(balKey(from, c.denom), have - amount)
      const next = (kv.get<bigint>(balKey(to, c.denom)) ?? 0n) + amount
      if (next > UINT128_MAX)
        throw new ContractError(`balance of ${to} in ${c.denom} would pass Uint128::MAX (2^128-1)`)
      kv.set(balKey(to, c.denom), next)
    }
  }

  private deps(kv: KV, address: string, depth: number): Deps {
    const querier: Querier = {
      wasm: (contract, msg) => this.runQuery(kv, contract, msg) as any,
      balance: (addr, denom) => kv.get<bigint>(balKey(addr, denom)) ?? 0n,
      contractInfo: (addr) => kv.get<ContractMeta>(joinKey('contract/', addr)),
      externalPrice: (pair, time) => this.priceSource?.(pair, time),
    }
    const api: Api = {
      addrValidate: (addr, field) => this.validateAddress(addr, field),
      instantiate: (codeId, msg, label, admin, funds = []) => {
        const seq = (kv.get<number>('seq/instance') ?? 0) + 1
        kv.set('seq/instance', seq)
        const child = classicAddress(codeId, seq, this.bech32Prefix)
        this.runInstantiate(kv, address, codeId, child, msg, { label, admin, funds }, [], depth + 1)
        return child
      },
    }
    return { storage: new Prefixed(kv, joinKey(joinKey('c/', address), '/')), querier, api }
  }

  private env(address: string): Env {
    return { block: this.block, contract: { address } }
  }

  private runInstantiate(
    kv: KV,
    sender: string,
    codeId: number,
    address: string,
    msg: JsonValue,
    options: InstantiateOptions,
    events: Event[],
    depth: number,
  ): void {
    const code = this.code(kv, codeId)
    if (kv.has(`contract/${address}`)) throw new ContractError(`contract address ${address} already exists`)
    if (typeof options !== 'object' || options === null)
      throw new ContractError('options: expected {label, funds?, admin?}')
    if (typeof options.label !== 'string' || !options.label) throw new ContractError('label is required')
    if (options.admin != null) this.validateAddress(options.admin, 'admin')
    kv.set(`contract/${address}`, {
      codeId,
      label: options.label,
      admin: options.admin ?? null,
      creator: sender,
    } satisfies ContractMeta)
    const funds = coinsAtBoundary(options.funds ?? [], 'funds')
    this.transfer(kv, sender, address, funds)
    const info: MessageInfo = { sender, funds }
    events.push({
      type: 'instantiate',
      attributes: [
        { key: '_contract_address', value: address },
        { key: 'code_id', value: String(codeId) },
      ],
    })
    const res = contractCall(() =>
      CODES[code.name].instantiate(this.deps(kv, address, depth), this.env(address), info, msg),
    )
    this.handleResponse(kv, address, res, events, depth)
  }

  private runExecute(
    kv: KV,
    sender: string,
    contract: string,
    msg: JsonValue,
    funds: readonly Coin[],
    events: Event[],
    depth: number,
  ): void {
    if (depth > MAX_CALL_DEPTH) throw new ContractError('message call depth exceeded')
    const meta = kv.get<ContractMeta>(joinKey('contract/', contract))
    if (!meta) throw new ContractError(`no such contract: ${contract}`)
    const coins = coinsAtBoundary(funds, 'funds')
    this.transfer(kv, sender, contract, coins)
    const code = this.code(kv, meta.codeId)
    events.push({ type: 'execute', attributes: [{ key: '_contract_address', value: contract }] })
    const res = contractCall(() =>
      CODES[code.name].execute(
        this.deps(kv, contract, depth),
        this.env(contract),
        { sender, funds: coins },
        msg,
      ),
    )
    this.handleResponse(kv, contract, res, events, depth)
  }

  private handleResponse(kv: KV, contract: string, res: Response, events: Event[], depth: number): void {
    if (res.attributes.length > 0) {
      events.push({
        type: 'wasm',
        attributes: [{ key: '_contract_address', value: contract }, ...res.attributes],
      })
    }
    for (const e of res.events) {
      events.push({
        type: `wasm-${e.type}`,
        attributes: [{ key: '_contract_address', value: contract }, ...e.attributes],
      })
    }
    for (const sub of res.messages) {
      if (sub.catchError) {
        const layer = new Layer(kv)
        const subEvents: Event[] = []
        try {
          this.dispatch(layer, contract, sub.msg, subEvents, depth + 1)
        } catch {
          continue // reply_on_error: this message alone is undone
        }
        layer.commit()
        events.push(...subEvents)
      } else {
        this.dispatch(kv, contract, sub.msg, events, depth + 1)
      }
    }
  }

  private dispatch(kv: KV, sender: string, msg: OutMsg, events: Event[], depth: number): void {
    if (msg.type === 'bank_send') {
      this.validateAddress(msg.to, 'to_address')
      this.transfer(kv, sender, msg.to, coinsAtBoundary(msg.amount, 'amount'))
      events.push({
        type: 'transfer',
        attributes: [
          { key: 'recipient', value: msg.to },
          { key: 'sender', value: sender },
          { key: 'amount', value: msg.amount.map((c) => `${c.amount}${c.denom}`).join(',') },
        ],
      })
    } else {
      this.runExecute(kv, sender, msg.contract, msg.msg, msg.funds, events, depth)
    }
  }

  private runQuery(kv: KV, contract: string, msg: JsonValue): JsonValue {
    const meta = kv.get<ContractMeta>(joinKey('contract/', contract))
    if (!meta) throw new ContractError(`no such contract: ${contract}`)
    const code = this.code(kv, meta.codeId)
    // A query can never write: give it a layer that is thrown away.
    const layer = new Layer(kv)
    return contractCall(() => CODES[code.name].query(this.deps(layer, contract, 0), this.env(contract), msg))
  }
}

function balKey(address: string, denom: string): string {
  // `bank/<address>/<denom>`, the same string object each time (see joinKey)
  return joinKey(joinKey(joinKey('bank/', address), '/'), denom)
}

/** The denom of a bank balance key `bank/<address>/<denom>` (addresses hold no '/'), else undefined. */
function bankDenom(key: string): string | undefined {
  if (!key.startsWith('bank/')) return undefined
  return key.slice(key.indexOf('/', 5) + 1)
}

/**
 * Validates coins at the localnet's boundary (denom, Uint128 amount) and merges duplicates
 * (the chain rejects unsorted/duplicate coins; we are lenient), with `@rebalancer/types`' one
 * `normalizeCoins`.
 * @throws ContractError naming `field[i]` and the rule.
 */
function coinsAtBoundary(coins: readonly Coin[], field: string): Coin[] {
  try {
    return normalizeCoins(coins, field)
  } catch (e) {
    if (WireError.isInstance(e)) throw new ContractError(`${formatErrorPath([field, ...e.path])}: ${e.rule}`)
    throw e
  }
}

/**
 * Runs a contract entry point: a refusal by the auction or oracle kernel (an `AuctionError`) is
 * the contract's error, in the deployed contract's words ({@link contractErrorOf}, the one
 * mapping); anything else (a crash) propagates unchanged.
 */
function contractCall<T>(fn: () => T): T {
  try {
    return fn()
  } catch (e) {
    throw contractErrorOf(e)
  }
}

/**
 * wasmd's classic contract address: `hash("module", "wasm\0" ‖ be64(codeId) ‖ be64(instanceId))`
 * (ADR-028 module address), 32 bytes.
 */
export function classicAddress(codeId: number, instanceId: number, prefix: string): string {
  const key = new Uint8Array([...toAscii('wasm'), 0, ...be64(codeId), ...be64(instanceId)])
  const data = new Sha256(sha256(toAscii('module'))).update(key).digest()
  return toBech32(prefix, data)
}

function be64(n: number): number[] {
  const out = new Array<number>(8).fill(0)
  let v = BigInt(n)
  for (let i = 7; i >= 0; i--) {
    out[i] = Number(v & 0xffn)
    v >>= 8n
  }
  return out
}
