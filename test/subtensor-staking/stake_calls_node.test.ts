// Issue 16 item 6 through the real node and @polkadot/api: recycle_alpha (101), burn_alpha (102), add_stake_burn
// (132), set_coldkey_auto_stake_hotkey (114) with the coinbase's auto-stake and the query btcli/the SDK make, the
// NominatorMinRequiredStake clean-up (the SDK's test_nominator_min_required_stake), and move/transfer making the
// destination hotkey a delegate. Expected amounts come from HEAD's formulas written out in the test
// (test/helpers/head_swap.ts for the pool); every failing call leaves the state as it was (only the fee is paid).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startEnv, createSubnet, type Env, TAO } from '../clients/env.ts';
import { headSwap, headMaxAmountMove } from '../helpers/head_swap.ts';

let env: Env;
beforeAll(async () => { env = await startEnv(); }, 60_000);
afterAll(async () => { await env?.stop(); });

const big = (x: any): bigint => BigInt(x.toString());
const U64_MAX = (1n << 64n) - 1n;
const le64 = (v: bigint) => '0x' + Buffer.from(new BigUint64Array([v]).buffer).toString('hex');

/**
 * A subnet open for staking that receives no emission (SubtokenEnabled set, start_call never sent, so the coinbase
 * skips it): its pool moves only by the calls under test, so amounts can be predicted from the reserves read before.
 */
/**
 * The ExtrinsicSuccess weight minus the normal class's base extrinsic weight must be HEAD's weights.rs value for
 * the call: benchmarked ref_time + reads × 25,000,000 + writes × 100,000,000 (RocksDbWeight), Pays::Yes.
 */
function expectHeadWeight(events: { name: string; data: any }[], refTime: bigint, reads: bigint, writes: bigint): void {
  const info = events.find(e => e.name === 'system.ExtrinsicSuccess')!.data[0];
  const base = big((env.api.consts.system.blockWeights as any).perClass.normal.baseExtrinsic.refTime);
  expect(big(info.weight.refTime) - base).toBe(refTime + reads * 25_000_000n + writes * 100_000_000n);
  expect(info.paysFee.toString()).toBe('Yes');
}

async function quietSubnet(owner: any, ownerHotkey: any): Promise<number> {
  const { api } = env;
  await env.sudo(api.tx.adminUtils.sudoSetAdminFreezeWindow(0));
  const reg = await env.send(api.tx.subtensorModule.registerNetwork(ownerHotkey.address), owner);
  if (!reg.ok) throw new Error(`register_network: ${reg.error}`);
  const netuid = Number(reg.events.find(e => e.name === 'subtensorModule.NetworkAdded')!.data[0].toString());
  await env.provider.send('dev_setStorage', [[[(api.query.subtensorModule as any).subtokenEnabled.key(netuid), '0x01']]]);
  return netuid;
}

describe('stake calls of issue 16 item 6', () => {
  it('recycle_alpha, burn_alpha and add_stake_burn: HEAD checks, counters and events; failures change nothing', async () => {
    const { api } = env;
    const q = api.query.subtensorModule as any;
    const tx = api.tx.subtensorModule as any;
    const alice = env.key('//Alice'), dave = env.key('//Dave'), bob = env.key('//Bob');
    const aliceHot = env.key('//Alice//recycle');
    const sn = await quietSubnet(alice, aliceHot);
    const free = async (a: string) => big(((await api.query.system.account(a)) as any).data.free);
    const txFee = (events: { name: string; data: any }[]) => big(events.find(e => e.name === 'transactionPayment.TransactionFeePaid')!.data[1]);
    const stake = async (hot: string, cold: string, n = sn) => {
      const shares = big((await q.alpha(hot, cold, n)).bits), total = big((await q.totalHotkeyShares(hot, n)).bits);
      return total === 0n ? 0n : (shares * big(await q.totalHotkeyAlpha(hot, n))) / total;
    };
    const counters = async () => Promise.all([q.subnetAlphaOut(sn), q.subnetAlphaIn(sn), q.subnetTAO(sn), q.totalStake(),
      q.totalHotkeyAlpha(aliceHot.address, sn)]).then(v => v.map(big));
    const snapshot = async () => JSON.stringify([...(await counters()), await stake(aliceHot.address, dave.address),
      big(await q.totalHotkeyAlpha(aliceHot.address, 0))].map(String));

    const st = await env.send(tx.addStake(aliceHot.address, sn, 10n * TAO), dave);
    expect(st.ok, st.error).toBe(true);

    // ── recycle_alpha: the alpha leaves Dave's stake and SubnetAlphaOut; reserves and TotalStake stay ──
    const X = 1_000_000_000n;
    let [out0, in0, tao0, total0, hotAlpha0] = await counters();
    const rec = await env.send(tx.recycleAlpha(aliceHot.address, X, sn), dave);
    expect(rec.ok, rec.error).toBe(true);
    const recEv = rec.events.find(e => e.name === 'subtensorModule.AlphaRecycled')!.data;
    expect([recEv[0].toString(), recEv[1].toString(), big(recEv[2]), Number(recEv[3].toString())])
      .toEqual([dave.address, aliceHot.address, X, sn]);
    expect(await counters()).toEqual([out0 - X, in0, tao0, total0, hotAlpha0 - X]);
    expectHeadWeight(rec.events, 172_139_000n, 13n, 6n);

    // ── burn_alpha: the alpha leaves Dave's stake only; SubnetAlphaOut keeps counting it ──
    [out0, in0, tao0, total0, hotAlpha0] = await counters();
    const burn = await env.send(tx.burnAlpha(aliceHot.address, X, sn), dave);
    expect(burn.ok, burn.error).toBe(true);
    expect(big(burn.events.find(e => e.name === 'subtensorModule.AlphaBurned')!.data[2])).toBe(X);
    expect(await counters()).toEqual([out0, in0, tao0, total0, hotAlpha0 - X]);
    expectHeadWeight(burn.events, 168_964_000n, 12n, 4n);

    // ── More than the stake held is capped at it: the whole position goes ──
    const held = await stake(aliceHot.address, dave.address);
    expect(held).toBeGreaterThan(0n);
    const all = await env.send(tx.recycleAlpha(aliceHot.address, U64_MAX, sn), dave);
    expect(all.ok, all.error).toBe(true);
    expect(big(all.events.find(e => e.name === 'subtensorModule.AlphaRecycled')!.data[2])).toBe(held);
    expect(big((await q.alpha(aliceHot.address, dave.address, sn)).bits)).toBe(0n);
    expect((await env.send(tx.addStake(aliceHot.address, sn, 10n * TAO), dave)).ok).toBe(true);

    // ── Errors in HEAD's order; each leaves the state as it was (only the transaction fee is paid) ──
    const bobHot = env.key('//Bob//closed');
    const closed = await env.send(tx.registerNetwork(bobHot.address), bob); // no start_call: subtoken disabled
    expect(closed.ok, closed.error).toBe(true);
    const closedNetuid = Number(closed.events.find(e => e.name === 'subtensorModule.NetworkAdded')!.data[0].toString());
    const nobody = env.key('//Nobody//hot');
    const outKey = q.subnetAlphaOut.key(sn);
    const cases: [any, string, (() => Promise<void>)?][] = [
      [tx.recycleAlpha(aliceHot.address, X, 99), 'subtensorModule.SubnetNotExists'],
      [tx.burnAlpha(aliceHot.address, X, 0), 'subtensorModule.CannotBurnOrRecycleOnRootSubnet'],
      [tx.recycleAlpha(bobHot.address, X, closedNetuid), 'subtensorModule.SubtokenDisabled'],
      [tx.burnAlpha(nobody.address, X, sn), 'subtensorModule.HotKeyAccountNotExists'],
      // SubnetAlphaOut below the amount (HEAD's test_recycle_errors sets the counters apart the same way).
      [tx.recycleAlpha(aliceHot.address, X, sn), 'subtensorModule.InsufficientLiquidity',
        async () => { await env.provider.send('dev_setStorage', [[[outKey, le64(X - 1n)]]]); }],
      // add_stake_burn on root: the stake succeeds, the burn is refused, and the stake is rolled back with it.
      [tx.addStakeBurn(aliceHot.address, 0, TAO, null), 'subtensorModule.CannotBurnOrRecycleOnRootSubnet'],
      // A limit at the spot price: the Swap pallet refuses the simulated buy.
      [tx.addStakeBurn(aliceHot.address, sn, TAO, big(await (api.call as any).swapRuntimeApi.currentAlphaPrice(sn))), 'swap.PriceLimitExceeded'],
      [tx.addStakeBurn(aliceHot.address, sn, 3_000n * TAO, null), 'subtensorModule.NotEnoughBalanceToStake'],
    ];
    for (const [call, error, prepare] of cases) {
      const realOut = big(await q.subnetAlphaOut(sn));
      if (prepare) await prepare();
      const before = await snapshot();
      const bal = await free(dave.address);
      const r = await env.send(call, dave);
      expect([r.ok, r.error]).toEqual([false, error]);
      expect(await snapshot()).toBe(before);
      expect(await free(dave.address)).toBe(bal - txFee(r.events));
      if (prepare) await env.provider.send('dev_setStorage', [[[outKey, le64(realOut)]]]);
    }

    // ── add_stake_burn: buys alpha for the TAO (fee first) and burns exactly that alpha ──
    for (const limit of [null, 1_000n * TAO]) {
      const [out1, in1, tao1, total1, hot1] = await counters();
      const buy = headSwap(tao1, in1, TAO);
      const bal = await free(dave.address);
      const daveStake = await stake(aliceHot.address, dave.address);
      const r = await env.send(tx.addStakeBurn(aliceHot.address, sn, TAO, limit), dave);
      expect(r.ok, r.error).toBe(true);
      expect(r.events.map(e => e.name).filter(n => n.startsWith('subtensorModule.')))
        .toEqual(['subtensorModule.StakeAdded', 'subtensorModule.AlphaBurned', 'subtensorModule.AddStakeBurn']);
      const ev = r.events.find(e => e.name === 'subtensorModule.AddStakeBurn')!.data;
      expect([Number(ev.netuid.toString()), ev.hotkey.toString(), big(ev.amount), big(ev.alpha)]).toEqual([sn, aliceHot.address, TAO, buy.out]);
      expect(big(r.events.find(e => e.name === 'subtensorModule.AlphaBurned')!.data[2])).toBe(buy.out);
      // The pool took the TAO and gave out the alpha; the alpha stays counted in SubnetAlphaOut; no stake is left.
      expect(await counters()).toEqual([out1 + buy.out, in1 - buy.out, tao1 + buy.net, total1 + TAO, hot1]);
      const after = await stake(aliceHot.address, dave.address);
      expect(daveStake - after <= 1n && after <= daveStake).toBe(true); // share rounding: at most 1 rao
      expect(await free(dave.address)).toBe(bal - TAO - txFee(r.events));
      expectHeadWeight(r.events, 967_308_000n, 33n, 17n);
    }
  }, 240_000);

  it('set_coldkey_auto_stake_hotkey: storage, reverse index, the query btcli/SDK make, the runtime API, and the coinbase', async () => {
    const { api } = env;
    const q = api.query.subtensorModule as any;
    const tx = api.tx.subtensorModule as any;
    const charlie = env.key('//Charlie'), ferdie = env.key('//Ferdie'), eve = env.key('//Eve');
    const owner = env.key('//Charlie//auto-owner');
    const sn = await createSubnet(env, charlie, owner);
    const miner = env.key('//Ferdie//miner'), dest1 = env.key('//Ferdie//dest1'), dest2 = env.key('//Ferdie//dest2');
    for (const hot of [miner, dest1, dest2]) expect((await env.send(tx.burnedRegister(sn, hot.address), ferdie)).ok).toBe(true);

    const destinations = async (cold: string) => Object.fromEntries((await q.autoStakeDestination.entries(cold))
      .map(([k, v]: any) => [k.args[1].toNumber(), v.unwrap().toString()]));
    const reverse = async (hot: string) => (await q.autoStakeDestinationColdkeys(hot, sn)).map(String);
    // The SDK's test_auto_staking: nothing set at first.
    expect(await destinations(ferdie.address)).toEqual({});

    const state = async () => JSON.stringify([await destinations(ferdie.address), await reverse(dest1.address), await reverse(dest2.address)]);
    for (const [call, error] of [
      [tx.setColdkeyAutoStakeHotkey(99, dest1.address), 'subtensorModule.SubnetNotExists'],
      [tx.setColdkeyAutoStakeHotkey(sn, eve.address), 'subtensorModule.HotKeyNotRegisteredInSubNet'],
    ] as [any, string][]) {
      const before = await state();
      const r = await env.send(call, ferdie);
      expect([r.ok, r.error]).toEqual([false, error]);
      expect(await state()).toBe(before);
    }

    const set1 = await env.send(tx.setColdkeyAutoStakeHotkey(sn, dest1.address), ferdie);
    expect(set1.ok, set1.error).toBe(true);
    const ev = set1.events.find(e => e.name === 'subtensorModule.AutoStakeDestinationSet')!.data;
    expect([ev.coldkey.toString(), Number(ev.netuid.toString()), ev.hotkey.toString()]).toEqual([ferdie.address, sn, dest1.address]);
    expectHeadWeight(set1.events, 33_853_000n, 4n, 2n);
    // btcli `stake auto` / SDK get_auto_stakes: query_map(AutoStakeDestination, [coldkey]) → {netuid: hotkey}.
    expect(await destinations(ferdie.address)).toEqual({ [sn]: dest1.address });
    expect(await reverse(dest1.address)).toEqual([ferdie.address]);
    expect(((await (api.call as any).subnetInfoRuntimeApi.getColdkeyAutoStakeHotkey(ferdie.address, sn)) as any).unwrap().toString()).toBe(dest1.address);
    expect(((await (api.call as any).subnetInfoRuntimeApi.getColdkeyAutoStakeHotkey(eve.address, sn)) as any).isNone).toBe(true);

    const same = await env.send(tx.setColdkeyAutoStakeHotkey(sn, dest1.address), ferdie);
    expect([same.ok, same.error]).toEqual([false, 'subtensorModule.SameAutoStakeHotkeyAlreadySet']);
    const set2 = await env.send(tx.setColdkeyAutoStakeHotkey(sn, dest2.address), ferdie);
    expect(set2.ok, set2.error).toBe(true);
    expect([await destinations(ferdie.address), await reverse(dest1.address), await reverse(dest2.address)])
      .toEqual([{ [sn]: dest2.address }, [], [ferdie.address]]);

    // ── The coinbase stakes Ferdie's miner incentive to dest2 (HEAD run_coinbase distribute_emission) ──
    // The owner's hotkey validates (its permit comes with the first epoch) and puts all its weight on the miner.
    const ownerUid = Number((await q.uids(sn, owner.address)).unwrap().toString());
    for (let i = 0; i < 40 && !(await q.validatorPermit(sn)).toJSON()[ownerUid]; i++) await env.newBlocks(1);
    const minerUid = Number((await q.uids(sn, miner.address)).unwrap().toString());
    expect((await env.send(api.tx.balances.transferKeepAlive(owner.address, 10n * TAO), charlie)).ok).toBe(true);
    const sw = await env.send(tx.setWeights(sn, [minerUid], [65_535], 0), owner);
    expect(sw.ok, sw.error).toBe(true);
    const tempo = Number((await q.tempo(sn)).toString());
    const paid: bigint[] = [];
    for (let i = 0; i < 3 * (tempo + 1) && paid.length === 0; i++) {
      await env.newBlocks(1);
      for (const r of (await api.query.system.events()) as any) {
        if (r.event.section !== 'subtensorModule' || r.event.method !== 'AutoStakeAdded') continue;
        const d = r.event.data;
        expect([Number(d.netuid.toString()), d.destination.toString(), d.hotkey.toString(), d.owner.toString()])
          .toEqual([sn, dest2.address, miner.address, ferdie.address]);
        paid.push(big(d.incentive));
      }
    }
    expect(paid.length).toBe(1);
    expect(paid[0]).toBeGreaterThan(0n);
    // The incentive is Ferdie's stake on dest2; the miner hotkey itself receives nothing.
    expect(big(await q.totalHotkeyAlpha(miner.address, sn))).toBe(0n);
    expect(big(await q.totalHotkeyAlpha(dest2.address, sn))).toBe(paid[0]);
    expect(big((await q.alpha(dest2.address, ferdie.address, sn)).bits)).toBe(paid[0] << 64n);
  }, 240_000);

  it('NominatorMinRequiredStake: raising it sells every smaller nomination (the SDK test), lowering it clears nothing', async () => {
    const { api } = env;
    const q = api.query.subtensorModule as any;
    const tx = api.tx.subtensorModule as any;
    const alice = env.key('//Alice'), bob = env.key('//Bob'), dave = env.key('//Dave'), eve = env.key('//Eve');
    const sn = await quietSubnet(alice, env.key('//Alice//nominate'));
    const bobHot = env.key('//Bob//validator'), daveHot = env.key('//Dave//miner');
    for (const [hot, cold] of [[bobHot, bob], [daveHot, dave]] as const) expect((await env.send(tx.burnedRegister(sn, hot.address), cold)).ok).toBe(true);
    const free = async (a: string) => big(((await api.query.system.account(a)) as any).data.free);
    const stakeOf = async (hot: string, cold: string) => {
      const shares = big((await q.alpha(hot, cold, sn)).bits), total = big((await q.totalHotkeyShares(hot, sn)).bits);
      return total === 0n ? 0n : (shares * big(await q.totalHotkeyAlpha(hot, sn))) / total;
    };
    const setMin = (v: bigint) => env.sudo(api.tx.adminUtils.sudoSetNominatorMinRequiredStake(v));

    expect(big(await q.nominatorMinRequiredStake())).toBe(0n); // the SDK: get_minimum_required_stake() == 0
    // Dave and Eve nominate Bob's hotkey; Bob stakes a little on his own hotkey (an owner is never cleared).
    for (const [who, amount] of [[dave, 100n * TAO], [eve, 10n * TAO], [bob, TAO / 10n]] as const)
      expect((await env.send(tx.addStake(bobHot.address, sn, amount), who)).ok).toBe(true);
    const [daveAlpha, eveAlpha, bobAlpha] = await Promise.all([dave, eve, bob].map(k => stakeOf(bobHot.address, k.address)));
    expect(daveAlpha > 0n && eveAlpha > 0n && bobAlpha > 0n).toBe(true);

    // Minimum 50 TAO: factor 25e9 per million of DefaultMinStake (2,000,000 × 25e9 / 1e6 = 50e9 rao).
    // Threshold in alpha at the spot price: ⌊(min · 2^128 / price_bits) / 2^64⌋ with price_bits = ⌊T · 2^64 / A⌋.
    const T = big(await q.subnetTAO(sn)), A = big(await q.subnetAlphaIn(sn));
    const minAlpha = ((50n * TAO) << 128n) / ((T << 64n) / A) >> 64n;
    expect(eveAlpha < minAlpha && daveAlpha >= minAlpha && bobAlpha < minAlpha).toBe(true);
    const eveBal = await free(eve.address);
    const sale = headSwap(A, T, eveAlpha); // Eve's alpha sold with the swap fee
    await setMin(25_000_000_000n);
    expect(await stakeOf(bobHot.address, eve.address)).toBe(0n);
    expect(big((await q.alpha(bobHot.address, eve.address, sn)).bits)).toBe(0n);
    expect(await free(eve.address)).toBe(eveBal + sale.out);
    expect(await stakeOf(bobHot.address, dave.address)).toBe(daveAlpha);
    expect(await stakeOf(bobHot.address, bob.address)).toBe(bobAlpha);

    // Lowering the minimum clears nothing (HEAD only clears when it rises); a position below it survives.
    await setMin(1n);
    const small = await env.send(tx.addStake(bobHot.address, sn, TAO / 100n), eve);
    expect(small.ok, small.error).toBe(true);
    const eveSmall = await stakeOf(bobHot.address, eve.address);
    await setMin(0n);
    expect(await stakeOf(bobHot.address, eve.address)).toBe(eveSmall);

    // The SDK's value 100,000 TAO: stored as given (get_minimum_required_stake reads the raw item), applied as
    // DefaultMinStake × factor / 1e6 in saturating u64 (u64::MAX / 1e6 rao); Dave's 100 TAO nomination goes.
    await setMin(100_000n * TAO);
    expect(big(await q.nominatorMinRequiredStake())).toBe(100_000n * TAO);
    expect(await stakeOf(bobHot.address, dave.address)).toBe(0n);
    expect(await stakeOf(bobHot.address, eve.address)).toBe(0n);
    expect(await stakeOf(bobHot.address, bob.address)).toBe(bobAlpha);
  }, 240_000);

  it('move_stake / transfer_stake make the destination hotkey a delegate only across subnets (maybe_become_delegate)', async () => {
    const { api } = env;
    const q = api.query.subtensorModule as any;
    const tx = api.tx.subtensorModule as any;
    const alice = env.key('//Alice'), charlie = env.key('//Charlie'), dave = env.key('//Dave'), eve = env.key('//Eve');
    const sn = await createSubnet(env, alice, env.key('//Alice//moves'));
    const hotA = env.key('//Charlie//movesA'), hotB = env.key('//Charlie//movesB');
    for (const hot of [hotA, hotB]) expect((await env.send(tx.burnedRegister(sn, hot.address), charlie)).ok).toBe(true);
    const isDelegate = async (hot: string) => big(await q.delegates.size(hot)) > 0n;
    // A plain add_stake makes no delegate (only add_stake_limit does, as HEAD).
    expect((await env.send(tx.addStake(hotA.address, sn, 20n * TAO), dave)).ok).toBe(true);
    expect([await isDelegate(hotA.address), await isDelegate(hotB.address)]).toEqual([false, false]);

    // Within one subnet (transfer_stake_within_subnet) nothing changes.
    const within = await env.send(tx.moveStake(hotA.address, hotB.address, sn, sn, TAO), dave);
    expect(within.ok, within.error).toBe(true);
    const transferWithin = await env.send(tx.transferStake(eve.address, hotA.address, sn, sn, TAO), dave);
    expect(transferWithin.ok, transferWithin.error).toBe(true);
    expect([await isDelegate(hotA.address), await isDelegate(hotB.address)]).toEqual([false, false]);

    // Across subnets to a hotkey Dave does not own: the destination becomes a delegate at the default take.
    const move = await env.send(tx.moveStake(hotA.address, hotB.address, sn, 0, TAO), dave);
    expect(move.ok, move.error).toBe(true);
    expect([await isDelegate(hotA.address), await isDelegate(hotB.address)]).toEqual([false, true]);
    const transfer = await env.send(tx.transferStake(eve.address, hotA.address, sn, 0, TAO), dave);
    expect(transfer.ok, transfer.error).toBe(true);
    expect(await isDelegate(hotA.address)).toBe(true);
    expect(Number((await q.delegates(hotA.address)).toString())).toBe(11_796); // DefaultDelegateTake, 18 % of u16::MAX
  }, 240_000);
  it('swap_stake_limit moves at most HEAD get_max_amount_move; without allow_partial a larger amount fails unchanged', async () => {
    const { api } = env;
    const q = api.query.subtensorModule as any;
    const tx = api.tx.subtensorModule as any;
    const alice = env.key('//Alice'), bob = env.key('//Bob'), dave = env.key('//Dave');
    const hotO = env.key('//Alice//limit-origin'), hotD = env.key('//Bob//limit-destination');
    const origin = await quietSubnet(alice, hotO), destination = await quietSubnet(bob, hotD);
    expect((await env.send(tx.addStake(hotD.address, destination, 50n * TAO), bob)).ok).toBe(true);
    expect((await env.send(tx.addStake(hotO.address, origin, 100n * TAO), dave)).ok).toBe(true);
    const reserves = async () => Promise.all([q.subnetTAO(origin), q.subnetAlphaIn(origin), q.subnetTAO(destination), q.subnetAlphaIn(destination)]).then(v => v.map(big));
    const [t1, a1, t2, a2] = await reserves();
    const daveAlpha = async () => {
      const shares = big((await q.alpha(hotO.address, dave.address, origin)).bits), total = big((await q.totalHotkeyShares(hotO.address, origin)).bits);
      return (shares * big(await q.totalHotkeyAlpha(hotO.address, origin))) / total;
    };
    const a = await daveAlpha();
    // The spot ratio origin/destination in rao, and a limit a little under it that lets part of Dave's stake move.
    const spotRatio = ((((t1 << 64n) / a1) << 64n) / ((t2 << 64n) / a2) * TAO) >> 64n;
    const limit = [999n, 995n, 990n, 980n, 950n].map(m => (spotRatio * m) / 1000n).find(l => {
      const m = headMaxAmountMove(t1, a1, t2, a2, l);
      return m > 0n && m < a;
    })!;
    expect(limit).toBeDefined();
    const max = headMaxAmountMove(t1, a1, t2, a2, limit);

    const before = JSON.stringify([...(await reserves()), a].map(String));
    const strict = await env.send(tx.swapStakeLimit(hotO.address, origin, destination, a, limit, false), dave);
    expect([strict.ok, strict.error]).toEqual([false, 'subtensorModule.SlippageTooHigh']);
    expect(JSON.stringify([...(await reserves()), await daveAlpha()].map(String))).toBe(before);

    const partial = await env.send(tx.swapStakeLimit(hotO.address, origin, destination, a, limit, true), dave);
    expect(partial.ok, partial.error).toBe(true);
    const removed = partial.events.find(e => e.name === 'subtensorModule.StakeRemoved')!.data;
    expect(big(removed[3]) + big(removed[5])).toBe(max); // alpha sold + its fee = HEAD's maximum
    const sale = headSwap(a1, t1, max);
    const swapped = partial.events.find(e => e.name === 'subtensorModule.StakeSwapped')!.data;
    expect(big(swapped[4])).toBe(sale.out);
    const left = await daveAlpha();
    expect(a - left - max <= 1n && a - left >= max).toBe(true); // share rounding: at most 1 rao
  }, 240_000);
});
