// Stake locks, conviction and voting power end to end through the node with @polkadot/api (SubtensorModule calls
// 136–138, 142 and 129–131, the StakeInfo lock APIs, get_subnet_hyperparams_v3, the owner-cut auto-lock). Bad input
// fails with HEAD's errors and changes nothing; expected values come from HEAD's formulas evaluated here with exact
// rational arithmetic: a decaying lock keeps floor(m·e^(−dt/τ)) and earns conviction m·(dt/τ)·e^(−dt/τ) (UnlockRate =
// MaturityRate = τ), a perpetual lock keeps m and earns c·e^(−dt/τ) + m·(1 − e^(−dt/τ)), a lock to the subnet owner's
// hotkey has conviction = mass; voting power is floor((a·stake + (10^18 − a)·previous) / 10^18).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnv, createSubnet, type Env, TAO } from './env.ts';

let env: Env;
beforeAll(async () => { env = await startEnv(); }, 60_000);
afterAll(async () => { await env?.stop(); });

const TAU = 934_866n; // HEAD's DefaultUnlockRate = DefaultMaturityRate
const P = 256n;
const ONE_P = 1n << P;
/** e^(−dt/τ) as a 2^−256 fixed-point integer (Taylor series in exact rationals; the terms vanish fast for dt ≪ τ). */
function expNeg(dt: bigint, tau: bigint): bigint {
  let sum = ONE_P, term = ONE_P;
  for (let i = 1n; i < 60n; i++) {
    term = -(term * dt) / (tau * i);
    sum += term;
  }
  return sum;
}
const U64F64_ONE = 1n << 64n;
/** |a − b| ≤ b·1e−12 (+ 1 unit). */
const near = (a: bigint, b: bigint) => { const d = a > b ? a - b : b - a; return d <= b / 1_000_000_000_000n + 1n; };

describe('locks, conviction and voting power through the node', () => {
  it('lock_stake / move_lock / set_perpetual_lock / set_reject_locked_alpha, their effect on stake, the APIs', async () => {
    const { api } = env;
    const q = api.query.subtensorModule as any;
    const tx = api.tx.subtensorModule as any;
    const call = api.call as any;
    const [alice, bob, charlie] = [env.key('//Alice'), env.key('//Bob'), env.key('//Charlie')];
    const [aliceHot, bobHot] = [env.key('//Alice_lk'), env.key('//Bob_lk')];
    const netuid = await createSubnet(env, alice, aliceHot);
    await env.sudo(api.tx.adminUtils.sudoSetTempo(netuid, 1000)); // epochs only when this test asks (dev_runEpoch)
    expect((await env.send(tx.burnedRegister(netuid, bobHot.address), bob)).ok).toBe(true);
    expect((await env.send(tx.addStake(bobHot.address, netuid, 100n * TAO), bob)).ok).toBe(true);
    expect((await env.send(tx.addStake(aliceHot.address, netuid, 10n * TAO), alice)).ok).toBe(true);
    const alpha = (await q.totalHotkeyAlpha(bobHot.address, netuid)).toBigInt();
    expect(alpha).toBeGreaterThan(0n);

    const lockOf = async (cold: string, hot: string) => (await q.lock(cold, netuid, hot)).toJSON();
    const snapshot = async () => JSON.stringify([await lockOf(bob.address, bobHot.address), await lockOf(bob.address, aliceHot.address),
      (await q.decayingHotkeyLock(netuid, bobHot.address)).toJSON(), (await q.totalHotkeyAlpha(bobHot.address, netuid)).toJSON(),
      (await q.totalHotkeyAlpha(bobHot.address, 0)).toJSON(), (await q.accountFlags(charlie.address)).toJSON()]);

    // Before any lock: bad input, nothing changes.
    let before = await snapshot();
    const nobody = env.key('//Nobody_lk');
    for (const [c, signer, error] of [
      [tx.lockStake(bobHot.address, netuid, 0), bob, 'subtensorModule.AmountTooLow'],
      [tx.lockStake(nobody.address, netuid, 1000), bob, 'subtensorModule.HotKeyAccountNotExists'],
      [tx.lockStake(bobHot.address, netuid, alpha + 1n), bob, 'subtensorModule.InsufficientStakeForLock'],
      [tx.moveLock(aliceHot.address, netuid), bob, 'subtensorModule.NoExistingLock'],
      [tx.moveLock(nobody.address, netuid), bob, 'subtensorModule.HotKeyAccountNotExists'],
    ] as const) expect((await env.send(c, signer)).error).toBe(error);
    expect(await snapshot()).toBe(before);

    // Lock half of Bob's alpha to his hotkey: a decaying lock (no DecayingLock entry) with zero conviction.
    const locked = alpha / 2n;
    const r = await env.send(tx.lockStake(bobHot.address, netuid, locked), bob);
    expect(r.ok, r.error).toBe(true);
    const b0 = BigInt((await api.rpc.chain.getHeader()).number.toNumber());
    const ev = r.events.find(e => e.name === 'subtensorModule.StakeLocked')!;
    expect(ev.data.toJSON()).toEqual([bob.address, bobHot.address, netuid, Number(locked)]);
    const fresh = { lockedMass: Number(locked), conviction: { bits: 0 }, lastUpdate: Number(b0) };
    expect(await lockOf(bob.address, bobHot.address)).toEqual(fresh);
    expect((await q.decayingHotkeyLock(netuid, bobHot.address)).toJSON()).toEqual(fresh);
    expect((await q.hotkeyLock(netuid, bobHot.address)).isNone).toBe(true);
    expect((await q.lockingColdkeys(netuid, bobHot.address, bob.address)).isSome).toBe(true);

    // The locked alpha cannot leave: unstaking or moving more than total − locked fails, state unchanged.
    before = await snapshot();
    const tooMuch = alpha - locked + locked / 10n;
    for (const [c, error] of [
      [tx.lockStake(aliceHot.address, netuid, 1000), 'subtensorModule.LockHotkeyMismatch'],
      [tx.removeStake(bobHot.address, netuid, tooMuch), 'subtensorModule.StakeUnavailable'],
      [tx.moveStake(bobHot.address, bobHot.address, netuid, 0, tooMuch), 'subtensorModule.StakeUnavailable'],
      [tx.unstakeAll(bobHot.address), 'subtensorModule.StakeUnavailable'],
      [tx.recycleAlpha(bobHot.address, tooMuch, netuid), 'subtensorModule.StakeUnavailable'],
      [tx.burnAlpha(bobHot.address, tooMuch, netuid), 'subtensorModule.StakeUnavailable'],
    ] as const) expect((await env.send(c, bob)).error).toBe(error);
    expect(await snapshot()).toBe(before);

    // The APIs, several blocks later: mass floor(m·e^(−dt/τ)), conviction m·(dt/τ)·e^(−dt/τ).
    await env.newBlocks(5);
    const now = BigInt((await api.rpc.chain.getHeader()).number.toNumber());
    const d = expNeg(now - b0, TAU);
    const mass1 = (locked * d) >> P;
    const conv1 = (locked * (now - b0) * d * U64F64_ONE) / (TAU << P);
    expect(mass1 < locked && conv1 > 0n).toBe(true); // the lock has visibly decayed and matured
    const lock1 = (await call.stakeInfoRuntimeApi.getColdkeyLock(bob.address, netuid)).unwrap();
    expect(lock1.lockedMass.toBigInt()).toBe(mass1);
    expect(near(BigInt(lock1.conviction.bits.toString()), conv1)).toBe(true);
    expect(lock1.lastUpdate.toBigInt()).toBe(now);
    const avail = (await call.stakeInfoRuntimeApi.getStakeAvailabilityForColdkeys([bob.address, charlie.address], null)).toJSON();
    expect(avail).toEqual({ [bob.address]: { [netuid]: { total: Number(alpha), locked: Number(mass1), available: Number(alpha - mass1) } }, [charlie.address]: {} });
    expect((await call.stakeInfoRuntimeApi.getStakeAvailabilityForColdkeys([bob.address], [])).toJSON()).toEqual({ [bob.address]: {} });
    // One locker: the hotkey's conviction is its aggregate's, rolled from the same state.
    expect((await call.stakeInfoRuntimeApi.getHotkeyConviction(bobHot.address, netuid)).bits.toString()).toBe(lock1.conviction.bits.toString());
    expect((await call.stakeInfoRuntimeApi.getMostConvictedHotkeyOnSubnet(netuid)).toJSON()).toBe(bobHot.address);
    expect((await call.stakeInfoRuntimeApi.getColdkeyLock(charlie.address, netuid)).isNone).toBe(true);

    // Perpetual: the lock leaves the decaying aggregate for the perpetual one and stops decaying.
    const p = await env.send(tx.setPerpetualLock(netuid, true), bob);
    expect(p.ok, p.error).toBe(true);
    expect(p.events.find(e => e.name === 'subtensorModule.PerpetualLockUpdated')!.data.toJSON()).toEqual([bob.address, netuid, true]);
    const bp = BigInt((await api.rpc.chain.getHeader()).number.toNumber());
    expect((await q.decayingLock(bob.address, netuid)).toJSON()).toBe(false);
    const stored = (await q.lock(bob.address, netuid, bobHot.address)).unwrap();
    const massP = stored.lockedMass.toBigInt(), convP = BigInt(stored.conviction.bits.toString());
    expect(massP).toBe((locked * expNeg(bp - b0, TAU)) >> P);
    expect((await q.decayingHotkeyLock(netuid, bobHot.address)).isNone).toBe(true);
    expect((await q.hotkeyLock(netuid, bobHot.address)).toJSON()).toEqual(stored.toJSON());
    await env.newBlocks(4);
    const t2 = BigInt((await api.rpc.chain.getHeader()).number.toNumber());
    const d2 = expNeg(t2 - bp, TAU);
    const lock2 = (await call.stakeInfoRuntimeApi.getColdkeyLock(bob.address, netuid)).unwrap();
    expect(lock2.lockedMass.toBigInt()).toBe(massP);
    expect(near(BigInt(lock2.conviction.bits.toString()), (convP * d2 + massP * U64F64_ONE * (ONE_P - d2)) >> P)).toBe(true);

    // A transfer of locked alpha needs a receiver that accepts it; the lock (mass and conviction) goes along.
    before = await snapshot();
    expect((await env.send(tx.transferStake(charlie.address, bobHot.address, netuid, netuid, alpha), bob)).error)
      .toBe('subtensorModule.AccountRejectsLockedAlpha');
    expect(await snapshot()).toBe(before);
    const acc = await env.send(tx.setRejectLockedAlpha(false), charlie);
    expect(acc.events.find(e => e.name === 'subtensorModule.RejectLockedAlphaUpdated')!.data.toJSON()).toEqual([charlie.address, false]);
    expect((await q.accountFlags(charlie.address)).toBigInt()).toBe(1n);
    const bobAlphaNow = (await q.totalHotkeyAlpha(bobHot.address, netuid)).toBigInt();
    const tr = await env.send(tx.transferStake(charlie.address, bobHot.address, netuid, netuid, bobAlphaNow), bob);
    expect(tr.ok, tr.error).toBe(true);
    const t3 = BigInt((await api.rpc.chain.getHeader()).number.toNumber());
    const d3 = expNeg(t3 - bp, TAU);
    const convAtTransfer = (convP * d3 + massP * U64F64_ONE * (ONE_P - d3)) >> P;
    expect((await q.lock(bob.address, netuid, bobHot.address)).isNone).toBe(true);
    const charlieLock = (await q.lock(charlie.address, netuid, bobHot.address)).unwrap();
    expect(charlieLock.lockedMass.toBigInt()).toBe(massP);
    expect(near(BigInt(charlieLock.conviction.bits.toString()), convAtTransfer)).toBe(true);
    // Bob's perpetual aggregate is emptied; Charlie's lock decays (he has no DecayingLock entry).
    expect((await q.hotkeyLock(netuid, bobHot.address)).isNone).toBe(true);
    expect((await q.decayingHotkeyLock(netuid, bobHot.address)).toJSON()).toEqual(charlieLock.toJSON());

    // move_lock to the owner's hotkey (another owner): conviction restarts, and an owner lock has conviction = mass.
    const mv = await env.send(tx.moveLock(aliceHot.address, netuid), charlie);
    expect(mv.ok, mv.error).toBe(true);
    expect(mv.events.find(e => e.name === 'subtensorModule.LockMoved')!.data.toJSON())
      .toEqual([charlie.address, bobHot.address, aliceHot.address, netuid]);
    const t4 = BigInt((await api.rpc.chain.getHeader()).number.toNumber());
    const movedMass = (massP * expNeg(t4 - t3, TAU)) >> P;
    const moved = (await q.lock(charlie.address, netuid, aliceHot.address)).unwrap();
    expect(moved.lockedMass.toBigInt()).toBe(movedMass);
    expect(BigInt(moved.conviction.bits.toString())).toBe(movedMass << 64n);
    expect((await q.decayingHotkeyLock(netuid, bobHot.address)).isNone).toBe(true);
    expect((await q.decayingOwnerLock(netuid)).toJSON()).toEqual(moved.toJSON());
    expect(BigInt((await call.stakeInfoRuntimeApi.getHotkeyConviction(aliceHot.address, netuid)).bits.toString())).toBe(movedMass << 64n);
    expect((await call.stakeInfoRuntimeApi.getMostConvictedHotkeyOnSubnet(netuid)).toJSON()).toBe(aliceHot.address);

    // Voting power: owner or root enables it, only root sets the EMA alpha (≤ 10^18); bad calls change nothing.
    const vpState = async () => JSON.stringify([(await q.votingPowerTrackingEnabled(netuid)).toJSON(),
      (await q.votingPowerEmaAlpha(netuid)).toJSON(), (await q.votingPowerDisableAtBlock(netuid)).toJSON()]);
    const vpBefore = await vpState();
    expect((await q.votingPowerEmaAlpha(netuid)).toBigInt()).toBe(3_570_000_000_000_000n);
    for (const [c, signer, error] of [
      [tx.enableVotingPowerTracking(netuid), bob, 'BadOrigin'],
      [tx.disableVotingPowerTracking(netuid), alice, 'subtensorModule.VotingPowerTrackingNotEnabled'],
      [tx.sudoSetVotingPowerEmaAlpha(netuid, 1n), alice, 'BadOrigin'],
    ] as const) expect((await env.send(c, signer)).error).toBe(error);
    await expect(env.sudo(tx.sudoSetVotingPowerEmaAlpha(netuid, 10n ** 18n + 1n))).rejects.toThrow(/InvalidVotingPowerEmaAlpha/);
    expect(await vpState()).toBe(vpBefore);
    const en = await env.send(tx.enableVotingPowerTracking(netuid), alice);
    expect(en.events.find(e => e.name === 'subtensorModule.VotingPowerTrackingEnabled')!.data.toJSON()).toEqual([netuid]);
    const a = 500_000_000_000_000_000n;
    await env.sudo(tx.sudoSetVotingPowerEmaAlpha(netuid, a));

    // Owner cut auto-lock: off by default (the epoch locks nothing), then on through AdminUtils 95.
    const cutState = () => q.lock(alice.address, netuid, aliceHot.address);
    const epoch = async () => {
      const stake = [(await q.totalHotkeyAlpha(aliceHot.address, netuid)).toBigInt(), (await q.totalHotkeyAlpha(bobHot.address, netuid)).toBigInt()];
      const pendingCut = (await q.pendingOwnerCut(netuid)).toBigInt();
      await env.provider.send('dev_runEpoch', [netuid]);
      return { stake, pendingCut };
    };
    const e1 = await epoch();
    expect((await cutState()).isNone).toBe(true);
    const vp1 = e1.stake.map(s => (a * s) / 10n ** 18n);
    expect(vp1.every(v => v > 0n)).toBe(true);
    expect((await q.votingPower(netuid, aliceHot.address)).toBigInt()).toBe(vp1[0]);
    expect((await q.votingPower(netuid, bobHot.address)).toBigInt()).toBe(vp1[1]);

    expect((await env.send(api.tx.adminUtils.sudoSetOwnerCutAutoLockEnabled(netuid, true), bob)).error).toBe('BadOrigin');
    expect((await env.send(api.tx.adminUtils.sudoSetOwnerCutAutoLockEnabled(netuid, true), alice)).ok).toBe(true);
    const e2 = await epoch();
    const head = await api.rpc.chain.getBlockHash();
    const lockEvents = ((await (await api.at(head)).query.system.events()) as any)
      .filter((rec: any) => rec.event.section === 'subtensorModule' && rec.event.method === 'StakeLocked');
    expect(lockEvents.length).toBe(1);
    const [, evHot, evNet, evAmount] = lockEvents[0].event.data.toJSON();
    // The owner has no lock yet, so the cut locks to the owner hotkey, with owner conviction (= mass).
    expect([evHot, evNet]).toEqual([aliceHot.address, netuid]);
    const cut = BigInt(evAmount);
    expect(cut).toBeGreaterThanOrEqual(e2.pendingCut); // the pending cut plus the epoch block's own share
    expect(cut).toBeLessThan(e2.pendingCut + e2.pendingCut / 100n + 10n * TAO);
    const ownerLock = (await cutState()).unwrap();
    expect(ownerLock.lockedMass.toBigInt()).toBe(cut);
    expect(BigInt(ownerLock.conviction.bits.toString())).toBe(cut << 64n);
    // Second epoch of voting power: the EMA of the new stake and the previous value.
    const vp2 = e2.stake.map((s, i) => (a * s + (10n ** 18n - a) * vp1[i]) / 10n ** 18n);
    expect(vp2[0]).not.toBe(vp1[0]); // the owner's stake grew by the first epoch's cut
    expect((await q.votingPower(netuid, aliceHot.address)).toBigInt()).toBe(vp2[0]);
    expect((await q.votingPower(netuid, bobHot.address)).toBigInt()).toBe(vp2[1]);
    const dis = await env.send(tx.disableVotingPowerTracking(netuid), alice);
    const bd = BigInt((await api.rpc.chain.getHeader()).number.toNumber());
    expect(dis.events.find(e => e.name === 'subtensorModule.VotingPowerTrackingDisableScheduled')!.data.toJSON())
      .toEqual([netuid, Number(bd + 100_800n)]);

    // get_subnet_hyperparams_v3: HEAD's names in HEAD's order, values from storage.
    const v3 = (await call.subnetInfoRuntimeApi.getSubnetHyperparamsV3(netuid)).unwrap();
    const names = v3.map((e: any) => new TextDecoder().decode(e.name.toU8a(true)));
    expect(names).toEqual(['kappa', 'immunity_period', 'min_allowed_weights', 'max_weights_limit', 'tempo', 'weights_version',
      'weights_rate_limit', 'activity_cutoff', 'activity_cutoff_factor', 'registration_allowed', 'target_regs_per_interval', 'min_burn',
      'max_burn', 'burn_half_life', 'burn_increase_mult', 'bonds_moving_avg', 'max_regs_per_block', 'serving_rate_limit', 'max_validators',
      'commit_reveal_period', 'commit_reveal_weights_enabled', 'alpha_high', 'alpha_low', 'liquid_alpha_enabled', 'alpha_sigmoid_steepness',
      'yuma_version', 'subnet_is_active', 'transfers_enabled', 'bonds_reset_enabled', 'user_liquidity_enabled', 'owner_cut_enabled',
      'owner_cut_auto_lock_enabled', 'min_childkey_take']);
    const byName = Object.fromEntries(v3.map((e: any, i: number) => [names[i], e.value]));
    expect(byName.tempo.toJSON()).toEqual({ u16: 1000 });
    const factor = BigInt((await q.activityCutoffFactorMilli(netuid)).toString());
    const cutoff = (factor * 1000n) / 1000n;
    expect(byName.activity_cutoff.toJSON()).toEqual({ u64: Number(cutoff > 0n ? cutoff : 1n) });
    expect(byName.activity_cutoff_factor.toJSON()).toEqual({ u32: Number(factor) });
    expect(byName.owner_cut_auto_lock_enabled.toJSON()).toEqual({ bool: true });
    expect(byName.user_liquidity_enabled.toJSON()).toEqual({ bool: false });
    expect(byName.min_burn.toJSON()).toEqual({ taoBalance: (await q.minBurn(netuid)).toJSON() });
    expect((await call.subnetInfoRuntimeApi.getSubnetHyperparamsV3(4321)).isNone).toBe(true);
  }, 240_000);
});
