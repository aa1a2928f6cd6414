// Lock arithmetic and the lock paths the node test does not reach, in process: exp_decay and roll_forward_lock
// against exact-rational evaluations of HEAD's formulas (substrate_fixed's truncated series differs from e^x by a
// few ulps of 2^−64 only), the voting power EMA's u128 rounding and saturation, and locks following a coldkey swap,
// a hotkey swap and a dissolved subnet.
import { describe, it, expect } from 'vitest';
import { Env, TAO, acct } from './env.ts';
import { expDecay, rollForwardLock, doLockStake, coldkeyLock, hotkeyConviction, swapColdkeyLocks, changeSubnetOwnerIfNeeded, ONE_YEAR } from '../../runtime/pallets/subtensor/staking/lock.ts';
import { lockStorage as L } from '../../runtime/pallets/subtensor/staking/lock_storage.ts';
import { votingPowerEma } from '../../runtime/pallets/subtensor/utils/voting_power.ts';
import { subnetStorage as N } from '../../runtime/pallets/subtensor/subnets/storage.ts';
import { stakingStorage as PoolS, DEFAULT_MIN_STAKE } from '../../runtime/pallets/subtensor/staking/storage.ts';
import { clearSmallNominations } from '../../runtime/pallets/subtensor/staking/helpers.ts';
import { stakeOf } from '../../runtime/pallets/subtensor/staking/shares.ts';
import { stakeIntoSubnet } from '../../runtime/pallets/subtensor/staking/calls.ts';
import { doSwapColdkey } from '../../runtime/pallets/subtensor/swap/swap_coldkey.ts';
import { dissolveNetwork } from '../../runtime/pallets/subtensor/subnets/subnets.ts';
import { SubnetInfoRuntimeApi } from '../../runtime/pallets/subtensor/rpc_info/subnet_info.ts';
import { StakeInfoRuntimeApi } from '../../runtime/pallets/subtensor/rpc_info/stake_info.ts';

const P = 256n, ONE_P = 1n << P, ONE = 1n << 64n;
/** e^(−dt/τ) · 2^256 by an exact Taylor series with argument reduction (e^−x = (e^(−x/2^k))^(2^k)). */
function expNegP(dt: bigint, tau: bigint): bigint {
  let k = 0n;
  while ((dt >> k) > tau) k++;
  const x = (dt << P) / (tau << k); // x / 2^k, ≤ 1
  let sum = ONE_P, term = ONE_P;
  for (let i = 1n; i < 80n; i++) { term = -(term * x) / (ONE_P * i); sum += term; }
  for (let i = 0n; i < k; i++) sum = (sum * sum) >> P;
  return sum;
}
const within = (a: bigint, b: bigint, tol: bigint) => (a > b ? a - b : b - a) <= tol;

describe('lock arithmetic (HEAD ConvictionModel)', () => {
  it('exp_decay is e^(−dt/τ) in U64F64, 1 at dt = 0, 0 at τ = 0, clamped at e^−40', () => {
    expect(expDecay(0n, 0n)).toBe(ONE);
    expect(expDecay(5n, 0n)).toBe(0n);
    for (const [dt, tau] of [[1n, 934_866n], [7_200n, 934_866n], [934_866n, 934_866n], [3n, 10n], [200n, 10n]]) {
      expect(within(expDecay(dt, tau), expNegP(dt, tau) >> (P - 64n), 1n << 12n), `${dt}/${tau}`).toBe(true);
    }
    // Beyond 40 time constants the exponent is clamped: e^−40 = 4.248e−18, i.e. 78 units of 2^−64.
    expect(expDecay(1_000n, 10n)).toBe(expDecay(400n, 10n));
    expect(within(expDecay(400n, 10n), expNegP(40n, 1n) >> (P - 64n), 2n)).toBe(true);
  });

  it('roll_forward_lock: decaying, perpetual, unequal rates (γ branch), owner, and the zero threshold', () => {
    const m = 1_000_000_000_000n, c = 5n * ONE * 1_000_000n;
    const lock = { mass: m, conv: c, last: 100n };
    const tol = (v: bigint) => v / 1_000_000_000_000n + 4n;
    // Equal rates: mass floor(m·d), conviction c·d + m·(dt/τ)·d.
    const d = expNegP(50_000n, 934_866n);
    const [eq, delta] = rollForwardLock(lock, 50_100n, 934_866n, 934_866n, false, false);
    expect(eq.mass).toBe((m * d) >> P);
    expect(within(eq.conv, (c * d + m * ONE * 50_000n * d / 934_866n) >> P, tol(eq.conv))).toBe(true);
    expect(eq.last).toBe(50_100n);
    expect(delta.mass).toBe(m - eq.mass);
    // Perpetual: mass kept, conviction c·d + m·(1 − d).
    const [perp] = rollForwardLock(lock, 50_100n, 934_866n, 934_866n, false, true);
    expect(perp.mass).toBe(m);
    expect(within(perp.conv, (c * d + m * ONE * (ONE_P - d)) >> P, tol(perp.conv))).toBe(true);
    // τx ≠ τm: conviction c·dm + m·τx·(dx − dm)/(τx − τm).
    const [tx, tm] = [500_000n, 1_000_000n];
    const [dx, dm] = [expNegP(50_000n, tx), expNegP(50_000n, tm)];
    const [gam] = rollForwardLock(lock, 50_100n, tx, tm, false, false);
    expect(gam.mass).toBe((m * dx) >> P);
    const gamma = (m * ONE * tx * (dx - dm)) / (tx - tm);
    expect(within(gam.conv, (c * dm + gamma) >> P, tol(gam.conv))).toBe(true);
    // Owner hotkey: conviction = mass at once, even without elapsed time.
    expect(rollForwardLock({ mass: 5_000n, conv: 0n, last: 7n }, 7n, 934_866n, 934_866n, true, false)[0]).toEqual({ mass: 5_000n, conv: 5_000n * ONE, last: 7n });
    // Below 100 in both mass and conviction a lock is zero.
    expect(rollForwardLock({ mass: 99n, conv: 99n * ONE, last: 7n }, 7n, 10n, 10n, false, false)[0]).toEqual({ mass: 0n, conv: 0n, last: 7n });
    expect(rollForwardLock({ mass: 99n, conv: 100n * ONE, last: 7n }, 7n, 10n, 10n, false, false)[0].mass).toBe(99n);
  });

  it('voting power EMA: floor((a·stake + (10^18 − a)·prev) / 10^18) in u128, saturating at u64::MAX', () => {
    const E = 10n ** 18n;
    expect(votingPowerEma(1_000_000n, 0n, 3_570_000_000_000_000n)).toBe(3_570n);
    expect(votingPowerEma(3n, 10n, E / 3n)).toBe((E / 3n * 3n + (E - E / 3n) * 10n) / E);
    expect(votingPowerEma((1n << 64n) - 1n, (1n << 64n) - 1n, E)).toBe((1n << 64n) - 1n);
    expect(votingPowerEma(0n, 7n, 0n)).toBe(7n);
  });
});

describe('locks follow keys and subnets', () => {
  const NET = 1;
  const owner = acct(1), ownerHot = acct(2), cold = acct(3), hot = acct(4), newCold = acct(5);
  function setup(): { env: Env; alpha: bigint } {
    const env = new Env();
    env.addSubnet(0, 0);
    env.addSubnet(NET, 1, 1_000n * TAO, 1_000n * TAO);
    env.ownHotkey(owner, ownerHot);
    env.ownHotkey(cold, hot);
    env.run(() => { N.SubnetOwner.set(NET, owner); N.SubnetOwnerHotkey.set(NET, ownerHot); });
    env.fund(cold, 1_000n * TAO);
    env.setBlock(10);
    const alpha = env.run(() => stakeIntoSubnet(hot, cold, NET, 10n * TAO));
    env.run(() => doLockStake(cold, NET, hot, alpha / 2n));
    return { env, alpha };
  }

  it('swap_coldkey moves the lock, the aggregate and AccountFlags; a new coldkey with an active lock refuses', () => {
    const { env, alpha } = setup();
    env.run(() => {
      const before = coldkeyLock(cold, NET)!;
      N.AccountFlags.set(cold, 1n);
      doSwapColdkey(cold, newCold);
      expect(L.Lock.get(cold, NET, hot)).toBe(null);
      expect(coldkeyLock(newCold, NET)).toEqual(before);
      expect(L.DecayingHotkeyLock.get(NET, hot)).toEqual({ locked_mass: alpha / 2n, conviction: { bits: 0n }, last_update: 10n });
      expect([N.AccountFlags.get(cold), N.AccountFlags.get(newCold)]).toEqual([0n, 1n]);
    });
    // Locks only move onto a coldkey without an active lock of its own (ActiveLockExists); nothing is written.
    const other = acct(6);
    env.fund(other, 100n * TAO);
    env.run(() => { stakeIntoSubnet(hot, other, NET, 5n * TAO); doLockStake(other, NET, hot, 1_000n); });
    const snap = env.snapshot();
    expect(env.run(() => { try { swapColdkeyLocks(other, newCold); return null; } catch (e) { return (e as Error).message; } })).toMatch(/ActiveLockExists/);
    expect(env.snapshot()).toBe(snap);
  });

  it('swap_hotkey moves locks to the new hotkey; dissolving the subnet removes every lock item', () => {
    const { env, alpha } = setup();
    const newHot = acct(7);
    env.run(() => N.LastRateLimitedBlock.clear());
    env.setBlock(100_000);
    const r = env.dispatch(cold, 'swap_hotkey', { hotkey: hot, new_hotkey: newHot, netuid: null });
    expect(r.ok, r.error).toBe(true);
    env.run(() => {
      expect(L.Lock.get(cold, NET, hot)).toBe(null);
      const moved = L.Lock.get(cold, NET, newHot)!;
      expect(moved.locked_mass).toBeGreaterThan(0n);
      expect(moved.locked_mass).toBeLessThan(alpha / 2n); // decayed over 99,990 blocks
      expect(L.LockingColdkeys.get(NET, newHot, cold)).toEqual([]);
      expect(L.DecayingHotkeyLock.get(NET, hot)).toBe(null);
      expect(L.DecayingHotkeyLock.get(NET, newHot)!.locked_mass).toBe(moved.locked_mass);
      expect(hotkeyConviction(newHot, NET)).toBe(moved.conviction.bits);
      L.DecayingLock.set(cold, NET, false);
      dissolveNetwork(NET);
      for (const item of [L.Lock, L.LockingColdkeys, L.HotkeyLock, L.DecayingHotkeyLock, L.OwnerLock, L.DecayingOwnerLock, L.DecayingLock])
        expect(item.entries().length).toBe(0);
    });
  });
});

describe('dust clean-up reduces the lock (HEAD clear_small_nomination_if_required → force_reduce_lock)', () => {
  it('a locked nomination below NominatorMinRequiredStake is sold and its lock and aggregate go with it', () => {
    const NET = 1, owner = acct(1), ownerHot = acct(2), cold = acct(3);
    const env = new Env();
    env.addSubnet(0, 0);
    env.addSubnet(NET, 1, 1_000n * TAO, 1_000n * TAO);
    env.ownHotkey(owner, ownerHot);
    env.fund(cold, 100n * TAO);
    env.setBlock(10);
    env.run(() => {
      const alpha = stakeIntoSubnet(ownerHot, cold, NET, TAO); // a nomination (cold does not own the hotkey)
      doLockStake(cold, NET, ownerHot, alpha);
      expect(L.Lock.get(cold, NET, ownerHot)!.locked_mass).toBe(alpha);
      PoolS.NominatorMinRequiredStake.set((10n * TAO * 1_000_000n) / DEFAULT_MIN_STAKE); // minimum 10 TAO: the 1-TAO position is dust
      clearSmallNominations();
      expect(stakeOf(ownerHot, cold, NET)).toBe(0n);
      expect(L.Lock.get(cold, NET, ownerHot)).toBe(null);
      expect(L.LockingColdkeys.get(NET, ownerHot, cold)).toBe(null);
      expect(L.DecayingHotkeyLock.get(NET, ownerHot)).toBe(null);
    });
  });
});

describe('conviction hands over an old subnet (change_subnet_owner_if_needed)', () => {
  it('after ONE_YEAR and with conviction ≥ 10 % of SubnetAlphaOut the most convicted hotkey\'s owner takes the subnet', () => {
    const NET = 1, owner = acct(1), ownerHot = acct(2), cold = acct(3), hot = acct(4);
    const env = new Env();
    env.addSubnet(0, 0);
    env.addSubnet(NET, 1, 1_000n * TAO, 1_000n * TAO);
    env.ownHotkey(owner, ownerHot);
    env.ownHotkey(cold, hot);
    env.run(() => { N.SubnetOwner.set(NET, owner); N.SubnetOwnerHotkey.set(NET, ownerHot); N.NetworkRegisteredAt.set(NET, 0n); });
    env.fund(cold, 1_000n * TAO);
    env.setBlock(Number(ONE_YEAR));
    const alpha = env.run(() => stakeIntoSubnet(hot, cold, NET, 10n * TAO));
    env.run(() => doLockStake(cold, NET, hot, alpha));
    env.setBlock(Number(ONE_YEAR) + 100_000);
    const conv = env.run(() => hotkeyConviction(hot, NET)); // ≈ 0.096 · alpha (·2^64)
    // Below the 10 % threshold nothing changes.
    env.run(() => PoolS.SubnetAlphaOut.set(NET, (conv >> 64n) * 10n + 10n));
    const snap = env.snapshot();
    env.run(() => changeSubnetOwnerIfNeeded(NET));
    expect(env.snapshot()).toBe(snap);
    env.run(() => {
      PoolS.SubnetAlphaOut.set(NET, (conv >> 64n) * 10n);
      const aggregate = L.DecayingHotkeyLock.get(NET, hot)!;
      changeSubnetOwnerIfNeeded(NET);
      expect([N.SubnetOwner.get(NET), N.SubnetOwnerHotkey.get(NET)]).toEqual([cold, hot]);
      expect(N.Uids.get(NET, hot)).not.toBe(null);
      expect(L.DecayingHotkeyLock.get(NET, hot)).toBe(null);
      // The king's decaying aggregate, rolled to now, becomes the decaying owner lock with owner conviction (= mass).
      const [rolled] = rollForwardLock({ mass: aggregate.locked_mass, conv: aggregate.conviction.bits, last: aggregate.last_update },
        BigInt(Number(ONE_YEAR) + 100_000), 934_866n, 934_866n, false, false);
      expect(L.DecayingOwnerLock.get(NET)).toEqual({ locked_mass: rolled.mass, conviction: { bits: rolled.mass << 64n }, last_update: rolled.last });
    });
    expect(env.events.map(e => e.name)).toContain('SubnetOwnerChanged');
  });
});

describe('runtime API lists equal HEAD\'s decl_runtime_apis! (pallets/subtensor/runtime-api/src/lib.rs, runtime/src/lib.rs)', () => {
  it('SubnetInfoRuntimeApi (api_version 2) and StakeInfoRuntimeApi: method names and argument names in order', () => {
    const sig = (api: { methods: { name: string; inputs: { name: string }[] }[] }) => api.methods.map(m => `${m.name}(${m.inputs.map(i => i.name).join(',')})`);
    expect(SubnetInfoRuntimeApi.version).toBe(2);
    expect(sig(SubnetInfoRuntimeApi)).toEqual([
      'get_subnet_info(netuid)', 'get_subnets_info()', 'get_subnet_info_v2(netuid)', 'get_subnets_info_v2()',
      'get_subnet_hyperparams(netuid)', 'get_subnet_hyperparams_v2(netuid)', 'get_subnet_hyperparams_v3(netuid)',
      'get_all_dynamic_info()', 'get_all_metagraphs()', 'get_metagraph(netuid)', 'get_all_mechagraphs()',
      'get_mechagraph(netuid,mecid)', 'get_dynamic_info(netuid)', 'get_subnet_state(netuid)',
      'get_selective_metagraph(netuid,metagraph_indexes)', 'get_coldkey_auto_stake_hotkey(coldkey,netuid)',
      'get_selective_mechagraph(netuid,subid,metagraph_indexes)', 'get_subnet_to_prune()', 'get_subnet_account_id(netuid)',
      'get_next_epoch_start_block(netuid)']);
    expect(sig(StakeInfoRuntimeApi)).toEqual([
      'get_stake_info_for_coldkey(coldkey_account)', 'get_stake_info_for_coldkeys(coldkey_accounts)',
      'get_stake_info_for_hotkey_coldkey_netuid(hotkey_account,coldkey_account,netuid)',
      'get_stake_availability_for_coldkeys(coldkey_accounts,netuids)',
      'get_stake_fee(origin,origin_coldkey_account,destination,destination_coldkey_account,amount)',
      'get_coldkey_lock(coldkey,netuid)', 'get_hotkey_conviction(hotkey,netuid)', 'get_most_convicted_hotkey_on_subnet(netuid)']);
  });
});
