/**
 * Issue #6, "Proof": every builder's output of `@rebalancer/adapters` executed on the localnet,
 * with the effect it claims: create + register in one transaction, configure, fund, one-time
 * order, pause, resume, withdraw; the keeper's cycle through `RebalancerClient`; and a DAO's
 * proposal through Polytone, unwrapped and run as the remote proxy.
 */
import {
  accountMsgs,
  auctionMsgs,
  auctionQueries,
  auctionsManagerQueries,
  daoPropose,
  decodeDaoProposal,
  decodePolytoneExecute,
  diffConfig,
  fromCosmosMsg,
  fundAccount,
  isContractExecute,
  isContractInstantiate,
  type MsgLike,
  oracleMsgs,
  oracleQueries,
  polytoneExecute,
  RebalancerClient,
  rebalancerMsgs,
  rebalancerQueries,
  runQuery,
  servicesManagerMsgs,
  servicesManagerQueries,
  toCosmosMsg,
} from '@rebalancer/adapters'
import { createAndRegisterAccount, toEncodeObject } from '@rebalancer/adapters/cosmjs'
import { exampleDeployment, Localnet } from '@rebalancer/localnet'
import { EXAMPLE_CONFIG as CONFIG, EXAMPLE_PRICES, examplePriceSource } from '@rebalancer/localnet/testing'
import { Dec, decodeServiceData, type RebalancerConfig, VALENCE_ACTIONS } from '@rebalancer/types'
import { describe, expect, it } from 'vitest'

const M = 1_000_000n
const T0 = Date.UTC(2024, 0, 1) / 1000
const PAIR = ['uatom', 'untrn'] as const

function setup() {
  const { net, d, admin, keeper } = exampleDeployment({
    cycleStart: T0,
    // the oracle's fallback source (on chain a DEX route): ATOM at 1.5 NTRN
    priceSource: examplePriceSource,
    fees: { denom: 'untrn', register: 1n * M, resume: 1n * M },
    initialPrices: EXAMPLE_PRICES,
  })
  const owner = net.makeAddress('owner')
  net.mint(owner, [
    { denom: 'uatom', amount: 10_000n * M },
    { denom: 'untrn', amount: 100n * M },
  ])
  return { net, admin, keeper, owner, d, chain: net.client() }
}

/**
 * Runs the messages of one transaction on the localnet, in order, as `sender`, atomically (the
 * localnet has no multi-message transaction: a failure restores the state from before the
 * first). Each message is taken in its CosmosMsg form, as a chain decodes it. Returns the
 * addresses instantiated.
 */
function runTx(net: Localnet, sender: string, msgs: readonly MsgLike[]): string[] {
  const snap = net.snapshot()
  const created: string[] = []
  try {
    for (const m of msgs) {
      // instantiate2 travels as a stargate MsgInstantiateContract2 (as DAO DAO sends it); decoded
      // back to the instantiation it carries
      const i = isContractInstantiate(m) ? m : isContractExecute(m) ? undefined : fromCosmosMsg(m)
      if (i && isContractInstantiate(i) && i.salt) {
        created.push(
          net.instantiate2(sender, i.codeId, i.salt, i.msg as never, {
            label: i.label,
            funds: i.funds,
            admin: i.admin,
          }),
        )
        continue
      }
      // biome-ignore lint/suspicious/noExplicitAny: read by shape, any variant
      const cm = toCosmosMsg(m) as any
      if (cm.wasm?.execute) {
        const w = cm.wasm.execute
        net.execute(sender, w.contract_addr, decodeServiceData(w.msg) as never, w.funds)
      } else if (cm.bank?.send) {
        net.send(sender, cm.bank.send.to_address, cm.bank.send.amount)
      } else {
        throw new Error(`runTx: no localnet form for ${JSON.stringify(cm)}`)
      }
    }
  } catch (e) {
    net.restore(snap)
    throw e
  }
  return created
}

/** A registered account owned by `owner`, made with createAndRegisterAccount in one transaction. */
async function newAccount(s: ReturnType<typeof setup>, owner = s.owner, config = CONFIG) {
  const fee = await runQuery(
    s.chain,
    servicesManagerQueries.getServiceFee(s.d.servicesManager, owner, 'register'),
  )
  const tx = createAndRegisterAccount({
    sender: owner,
    codeId: s.d.codeIds.account,
    checksum: s.net.codeChecksum(s.d.codeIds.account),
    servicesManager: s.d.servicesManager,
    config,
    funds: [
      { denom: 'untrn', amount: 10n * M },
      { denom: 'uatom', amount: 1000n * M },
    ],
    registerFee: fee,
  })
  const created = runTx(s.net, owner, tx.msgs)
  return { tx, created, account: tx.address }
}

/** The stored config, through the typed query (validated against the deployed answer's schema). */
function storedConfig(s: ReturnType<typeof setup>, account: string) {
  return runQuery(s.chain, rebalancerQueries.getConfig(s.d.rebalancer, account))
}

/** The pause data, through the typed query. */
function pausedConfig(s: ReturnType<typeof setup>, account: string) {
  return runQuery(s.chain, rebalancerQueries.getPausedConfig(s.d.rebalancer, account))
}

describe('create and register in one transaction', () => {
  it('instantiates at the predicted address, pays the fee from the account, registers the config', async () => {
    const s = setup()
    const { tx, created, account } = await newAccount(s)
    expect(created).toEqual([tx.address])
    expect(s.net.contractInfo(account)).toMatchObject({
      codeId: s.d.codeIds.account,
      creator: s.owner,
      admin: s.owner,
    })
    // funds arrived; the 1 NTRN fee went to the rebalancer
    expect(s.net.balance(account, 'uatom')).toBe(1000n * M)
    expect(s.net.balance(account, 'untrn')).toBe(10n * M)
    expect(s.net.balance(s.d.servicesManager, 'untrn')).toBe(1n * M) // the fee, sent on by the rebalancer
    expect(s.net.balance(s.owner, 'untrn')).toBe(89n * M)
    expect(await storedConfig(s, account)).toMatchObject({
      trustee: null,
      base_denom: 'uatom',
      targets: [
        { denom: 'uatom', percentage: '0.75', min_balance: null },
        { denom: 'untrn', percentage: '0.25', min_balance: null },
      ],
      pid: { p: '0.5', i: '0', d: '0' },
      max_limit: '1',
      target_override_strategy: 'proportional',
    })
  })

  it('is atomic: a refused registration leaves no account and no funds moved', async () => {
    const s = setup()
    const before = s.net.snapshot()
    // USDC is not on this deployment's whitelist: the builder (without whitelists) lets it through, the chain refuses
    const bad: RebalancerConfig = {
      ...CONFIG,
      targets: [
        { denom: 'uatom', bps: 5000 },
        { denom: 'uusdc', bps: 5000 },
      ],
    }
    await expect(newAccount(s, s.owner, bad)).rejects.toThrow(/uusdc/)
    expect(s.net.snapshot().map).toEqual(before.map)
    // with the whitelists from the chain the builder refuses it first, naming the field
    const wl = await runQuery(s.chain, rebalancerQueries.getWhiteLists(s.d.rebalancer))
    expect(() =>
      accountMsgs.registerToService(s.owner, bad, {
        whitelists: {
          denomWhitelist: wl.denom_whitelist,
          baseDenomWhitelist: wl.base_denom_whitelist.map((b) => b.denom),
        },
      }),
    ).toThrow(/must be on the denom whitelist, got "uusdc" at targets\[1\]\.denom/)
  })

  it('the same owner and salt cannot create twice; another salt can', async () => {
    const s = setup()
    await newAccount(s)
    await expect(newAccount(s)).rejects.toThrow(/already exists/)
    const tx = createAndRegisterAccount({
      sender: s.owner,
      codeId: s.d.codeIds.account,
      checksum: s.net.codeChecksum(s.d.codeIds.account),
      servicesManager: s.d.servicesManager,
      config: CONFIG,
      salt: 'valence-2',
      funds: [{ denom: 'uatom', amount: 100n * M }],
      registerFee: { denom: 'untrn', amount: 1n * M },
    })
    expect(runTx(s.net, s.owner, tx.msgs)).toEqual([tx.address])
  })
})

describe('an account admin drives the account with the builders', () => {
  it('configure: update_service from diffConfig changes exactly what changed; clear is explicit', async () => {
    const s = setup()
    const { account } = await newAccount(s)
    const trustee = s.net.makeAddress('trustee')
    const next: RebalancerConfig = {
      ...CONFIG,
      trustee,
      targets: [
        { denom: 'uatom', bps: 6000, minBalance: 5n * M },
        { denom: 'untrn', bps: 4000 },
      ],
      maxLimitBps: 300,
    }
    runTx(s.net, s.owner, [accountMsgs.updateService(account, diffConfig(CONFIG, next))])
    expect(await storedConfig(s, account)).toMatchObject({
      trustee,
      targets: [
        { denom: 'uatom', percentage: '0.6', min_balance: '5000000' },
        { denom: 'untrn', percentage: '0.4', min_balance: null },
      ],
      max_limit: '0.03',
      pid: { p: '0.5' },
      has_min_balance: true,
    })
    // only the trustee removed: everything else stays
    const { trustee: _t, ...noTrustee } = next
    runTx(s.net, s.owner, [accountMsgs.updateService(account, diffConfig(next, noTrustee))])
    const after = await storedConfig(s, account)
    expect(after.trustee ?? null).toBeNull()
    expect(after.max_limit).toBe('0.03')
    expect(after.targets[0]!.percentage).toBe('0.6')
    // and max_limit "clear" restores 10000
    runTx(s.net, s.owner, [accountMsgs.updateService(account, { maxLimitBps: 'clear' })])
    expect((await storedConfig(s, account)).max_limit).toBe('1')
  })

  it('only the admin may configure', async () => {
    const s = setup()
    const { account } = await newAccount(s)
    const stranger = s.net.makeAddress('stranger')
    expect(() => runTx(s.net, stranger, [accountMsgs.pauseService(account)])).toThrow(/Unauthorized/)
  })

  it('fund: a bank send from the funder (MsgSend) raises the account balance', async () => {
    const s = setup()
    const { account } = await newAccount(s)
    const send = toEncodeObject(s.owner, fundAccount(account, [{ denom: 'uatom', amount: 250n * M }]))
    expect(send.typeUrl).toBe('/cosmos.bank.v1beta1.MsgSend')
    runTx(s.net, s.owner, [send])
    expect(s.net.balance(account, 'uatom')).toBe(1250n * M)
    expect(s.net.balance(s.owner, 'uatom')).toBe((10_000n - 1000n - 250n) * M)
  })

  it('withdraw: a bank send from the account to any address', async () => {
    const s = setup()
    const { account } = await newAccount(s)
    const to = s.net.makeAddress('cold wallet')
    runTx(s.net, s.owner, [accountMsgs.withdraw(account, to, [{ denom: 'uatom', amount: 400n * M }])])
    expect(s.net.balance(account, 'uatom')).toBe(600n * M)
    expect(s.net.balance(to, 'uatom')).toBe(400n * M)
    expect(() =>
      runTx(s.net, s.owner, [accountMsgs.withdraw(account, to, [{ denom: 'uatom', amount: 601n * M }])]),
    ).toThrow(/insufficient funds/)
  })

  it('pause and resume: a paused account is skipped by system_rebalance; resume brings it back', async () => {
    const s = setup()
    const { account } = await newAccount(s)
    runTx(s.net, s.owner, [accountMsgs.pauseService(account, 'audit')])
    const paused = await pausedConfig(s, account)
    expect(paused.reason).toEqual({ account_reason: 'audit' })
    expect(paused.pauser).toBe(account)
    await expect(storedConfig(s, account)).rejects.toThrow()
    s.net.advanceTime(T0 - s.net.time)
    const rc = new RebalancerClient(s.chain, s.d, s.keeper)
    await rc.systemRebalance()
    expect(s.net.balance(account, 'uatom')).toBe(1000n * M) // untouched
    runTx(s.net, s.owner, [accountMsgs.resumeService(account)])
    expect((await storedConfig(s, account)).base_denom).toBe('uatom')
    await expect(pausedConfig(s, account)).rejects.toThrow(/not paused/)
  })

  it('a trustee pauses and resumes through the services manager', async () => {
    const s = setup()
    const trustee = s.net.makeAddress('trustee')
    const { account } = await newAccount(s, s.owner, { ...CONFIG, trustee })
    runTx(s.net, trustee, [servicesManagerMsgs.pauseService(s.d.servicesManager, account, 'risk')])
    expect(await pausedConfig(s, account)).toMatchObject({
      pauser: trustee,
      reason: { account_reason: 'risk' },
    })
    runTx(s.net, trustee, [servicesManagerMsgs.resumeService(s.d.servicesManager, account)])
    expect((await storedConfig(s, account)).trustee).toBe(trustee)
  })

  it('deregister removes the account from the rebalancer', async () => {
    const s = setup()
    const { account } = await newAccount(s)
    runTx(s.net, s.owner, [accountMsgs.deregisterFromService(account)])
    await expect(storedConfig(s, account)).rejects.toThrow()
  })

  it('one-time order: queued in the next auction, cancellable, then sold with the proceeds paid to the account', async () => {
    const s = setup()
    // no cycle runs in this test: only the order sells
    const { account } = await newAccount(s)
    const auction = s.d.auctions['uatom|untrn']!
    const funds = () => runQuery(s.chain, auctionQueries.getFundsAmount(auction, account))

    runTx(s.net, s.owner, [accountMsgs.oneTimeOrder(account, s.d.auctionsManager, PAIR, 100n * M)])
    expect(await funds()).toEqual({ curr: '0', next: '100000000' })
    expect(s.net.balance(account, 'uatom')).toBe(900n * M)

    runTx(s.net, s.owner, [accountMsgs.cancelOneTimeOrder(account, s.d.auctionsManager, PAIR)])
    expect(await funds()).toEqual({ curr: '0', next: '0' })
    expect(s.net.balance(account, 'uatom')).toBe(1000n * M)

    runTx(s.net, s.owner, [accountMsgs.oneTimeOrder(account, s.d.auctionsManager, PAIR, 100n * M)])
    const rc = new RebalancerClient(s.chain, s.d, s.keeper)
    expect((await rc.openAuctions(1000)).filter((p) => p.ok).map((p) => p.pair)).toEqual([PAIR])
    const a = await runQuery(s.chain, auctionQueries.getAuction(auction))
    expect(a).toMatchObject({
      status: 'started',
      total_amount: '100000000',
      start_price: '1.8',
      end_price: '1.2',
    })
    // a maker takes it all at 1.5 (block 500 of 1000)
    const maker = s.net.makeAddress('maker')
    s.net.mint(maker, [{ denom: 'untrn', amount: 1000n * M }])
    s.net.advanceBlocks(500)
    runTx(s.net, maker, [auctionMsgs.bid(auction, PAIR, 150n * M)])
    expect(s.net.balance(maker, 'uatom')).toBe(100n * M)
    s.net.advanceBlocks(500)
    const { steps, transfers } = await rc.finishAuctions(10)
    expect(steps).toEqual([{ pair: PAIR, ok: true }])
    expect(transfers).toContainEqual({
      sender: auction,
      recipient: account,
      coins: [{ denom: 'untrn', amount: 150n * M }],
    })
    expect(s.net.balance(account, 'untrn')).toBe(10n * M + 150n * M)
    expect(s.net.balance(account, 'uatom')).toBe(900n * M)
  })
})

describe('RebalancerClient: the keeper cycle over the chain port', () => {
  it('the localnet port instantiates as cosmjs does, and signs only as its own sender', async () => {
    const s = setup()
    const owner = s.net.makeAddress('port-owner')
    const port = s.net.client(owner)
    const res = await port.instantiate(
      owner,
      s.d.codeIds.account,
      { services_manager: s.d.servicesManager },
      'via the port',
      'auto',
      { admin: owner },
    )
    expect(s.net.contractInfo(res.contractAddress)).toMatchObject({ label: 'via the port', admin: owner })
    expect(res.height).toBe(s.net.height)
    const other = s.net.makeAddress('someone-else')
    await expect(
      port.instantiate(other, s.d.codeIds.account, { services_manager: s.d.servicesManager }, 'x', 'auto'),
    ).rejects.toMatchObject({ code: 'wrong_signer', path: ['senderAddress'] })
    await expect(port.getBlock(s.net.height - 1)).rejects.toMatchObject({ code: 'block_not_kept' })
  })

  it('plan() lists the messages a tick would send; cycle() sends them and is safe to repeat', async () => {
    const s = setup()
    const { account } = await newAccount(s)
    const rc = new RebalancerClient(s.chain, s.d, s.keeper)

    // before cycle_start: prices only, nothing due
    let timing = await rc.cycleTiming()
    expect(timing.due).toBe(false)
    expect(timing.nextCycle).toBe(T0)
    expect((await rc.plan(1000)).map((p) => p.step)).toEqual(['update_price', 'update_price'])

    s.net.advanceTime(T0 - s.net.time)
    const plan = await rc.plan(1000)
    expect(plan.map((p) => p.step)).toEqual(['update_price', 'update_price', 'system_rebalance'])
    expect(plan[2]!.execute).toEqual(rebalancerMsgs.systemRebalance(s.d.rebalancer, 50))
    expect(plan[0]!.execute).toEqual(oracleMsgs.updatePrice(s.d.oracle, PAIR))

    const first = await rc.cycle(1000)
    expect(first.prices.every((p) => p.ok)).toBe(true)
    expect(first.rebalance?.events.map((e) => e.action)).toContain(VALENCE_ACTIONS.rebalancerAccountRebalance)
    expect(first.opened).toEqual([{ pair: PAIR, ok: true }])
    // the P-only check: ceil(0.5 × 250) = 125 ATOM sold (1000 ATOM + 10 NTRN, 75/25 target)
    const auction = s.d.auctions['uatom|untrn']!
    expect((await runQuery(s.chain, auctionQueries.getAuction(auction))).total_amount).toBe(
      (await runQuery(s.chain, auctionQueries.getFundsAmount(auction, account))).curr,
    )
    expect(s.net.balance(account, 'uatom')).toBeLessThan(1000n * M)

    // repeating at once does nothing harmful: not due, nothing to open or finish
    timing = await rc.cycleTiming()
    expect(timing.due).toBe(false)
    const again = await rc.cycle(1000)
    expect(again.rebalance).toBeNull()
    expect(again.opened).toEqual([])
    expect(again.finished.steps).toEqual([])

    // after the end block the next tick finishes and cleans the auction (no bids: the lot returns)
    s.net.advanceBlocks(1000)
    expect((await rc.plan(1000)).map((p) => p.step)[0]).toBe('finish_auction')
    const third = await rc.cycle(1000)
    expect(third.finished.steps).toEqual([{ pair: PAIR, ok: true }])
    expect((await runQuery(s.chain, auctionQueries.getAuction(auction))).status).toBe('auction_closed')
    expect(s.net.balance(auction, 'uatom')).toBe(0n)
  })

  it('typed queries that the localnet answers in the deployed shape validate', async () => {
    const s = setup()
    await newAccount(s)
    const q = <R>(spec: Parameters<typeof runQuery<R>>[1]) => runQuery(s.chain, spec)
    expect(await q(rebalancerQueries.getManagersAddrs(s.d.rebalancer))).toEqual({
      services: s.d.servicesManager,
      auctions: s.d.auctionsManager,
    })
    expect(await q(rebalancerQueries.getSystemStatus(s.d.rebalancer))).toEqual({
      not_started: { cycle_start: (BigInt(T0) * 1_000_000_000n).toString() },
    })
    expect(await q(servicesManagerQueries.getServiceAddr(s.d.servicesManager))).toBe(s.d.rebalancer)
    expect(await q(servicesManagerQueries.isService(s.d.servicesManager, s.d.rebalancer))).toBe(true)
    expect(await q(auctionsManagerQueries.getPairs(s.d.auctionsManager))).toHaveLength(2)
    expect(await q(auctionsManagerQueries.getPairAddr(s.d.auctionsManager, PAIR))).toBe(
      s.d.auctions['uatom|untrn'],
    )
    expect(await q(auctionsManagerQueries.getMinLimit(s.d.auctionsManager, 'uatom'))).toEqual({
      send: '1000000',
      start_auction: '10000000',
    })
    expect((await q(oracleQueries.getPrice(s.d.oracle, PAIR))).price).toBe('1.5')
    expect(await q(oracleQueries.getAllPrices(s.d.oracle))).toHaveLength(2)
    expect((await q(auctionsManagerQueries.getPrice(s.d.auctionsManager, PAIR))).price).toBe('1.5')
  })

  it('the oracle admin sets a manual price with the top-level manual_price_update', async () => {
    const s = setup()
    s.net.advanceTime(3 * 86_400)
    runTx(s.net, s.admin, [oracleMsgs.manualPriceUpdate(s.d.oracle, PAIR, Dec.parse('1.6'))])
    expect((await runQuery(s.chain, oracleQueries.getPrice(s.d.oracle, PAIR))).price).toBe('1.6')
  })
})

describe('a DAO on another chain configures its Neutron account through Polytone by proposal', () => {
  it('the proposal unwraps to messages that, run as the proxy, have their effect', async () => {
    const s = setup()
    // the DAO's Polytone proxy on Neutron owns the account (created by the same kind of proposal)
    const proxy = s.net.makeAddress('polytone proxy of the DAO')
    s.net.mint(proxy, [
      { denom: 'uatom', amount: 1000n * M },
      { denom: 'untrn', amount: 2n * M },
    ])
    const create = createAndRegisterAccount({
      sender: proxy,
      codeId: s.d.codeIds.account,
      checksum: s.net.codeChecksum(s.d.codeIds.account),
      servicesManager: s.d.servicesManager,
      config: CONFIG,
      funds: [{ denom: 'uatom', amount: 1000n * M }],
      registerFee: { denom: 'untrn', amount: 1n * M },
    })
    // the DAO's chain: its note and proposal module
    const osmosis = new Localnet({ bech32Prefix: 'osmo' })
    const note = osmosis.makeAddress('polytone note')
    const dao = (msgs: MsgLike[], title: string) =>
      daoPropose(osmosis.makeAddress('dao proposal module'), {
        title,
        description: '',
        msgs: [polytoneExecute({ note, msgs })],
      })
    /** What the proposal executes, then what the note's packet makes the proxy run. */
    const relay = (proposal: MsgLike) => {
      const p = decodeDaoProposal(toEncodeObject(s.owner, proposal))
      const inner = decodePolytoneExecute(p.msgs[0]!).msgs
      return runTx(s.net, proxy, inner)
    }
    expect(relay(dao(create.cosmosMsgs, 'Open a Neutron treasury account'))).toEqual([create.address])
    expect((await storedConfig(s, create.address)).max_limit).toBe('1')

    relay(
      dao([accountMsgs.updateService(create.address, { maxLimitBps: { set: 250 } })], 'Cap sells at 2.5%'),
    )
    expect((await storedConfig(s, create.address)).max_limit).toBe('0.025')

    relay(dao([accountMsgs.pauseService(create.address, 'by vote')], 'Pause'))
    expect((await pausedConfig(s, create.address)).reason).toEqual({ account_reason: 'by vote' })
  })
})
