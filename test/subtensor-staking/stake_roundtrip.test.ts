// Stake/unstake on mechanism 0 (stable 1:1) and mechanism 1 (constant product), checked against the pool formulas
// computed independently here, plus nominator pro-rata gains and the share accounting.
import { describe, it, expect } from 'vitest';
import { Env, TAO, acct } from './env.ts';
import { stakingStorage as S } from '../../runtime/pallets/subtensor/staking/storage.ts';
import { stakeOf, increasePool } from '../../runtime/pallets/subtensor/staking/shares.ts';

const cold = acct(1), hot = acct(2), cold2 = acct(3);

describe('stake round trips', () => {
  it('mechanism 0: 1:1 in and out, balances and totals restored exactly', () => {
    const env = new Env();
    env.addSubnet(1, 0);
    env.ownHotkey(cold, hot);
    env.fund(cold, 100n * TAO);
    const r = env.dispatch(cold, 'add_stake', { hotkey: hot, netuid: 1, amount_staked: 10n * TAO });
    expect(r).toEqual({ ok: true });
    expect(env.balance(cold)).toBe(90n * TAO);
    env.run(() => {
      expect(stakeOf(hot, cold, 1)).toBe(10n * TAO);
      expect(S.TotalHotkeyAlpha.get(hot, 1)).toBe(10n * TAO);
      expect(S.SubnetTAO.get(1)).toBe(10n * TAO);
      expect(S.SubnetAlphaOut.get(1)).toBe(10n * TAO);
      expect(S.TotalStake.get()).toBe(10n * TAO);
      expect(S.StakingHotkeys.get(cold)).toEqual([hot]);
    });
    const added = env.events.find(e => e.name === 'StakeAdded')!;
    expect(added.value).toEqual([cold, hot, 10n * TAO, 10n * TAO, 1, 0n]);

    expect(env.dispatch(cold, 'remove_stake', { hotkey: hot, netuid: 1, amount_unstaked: 10n * TAO })).toEqual({ ok: true });
    expect(env.balance(cold)).toBe(100n * TAO);
    env.run(() => {
      expect(stakeOf(hot, cold, 1)).toBe(0n);
      expect(S.SubnetTAO.get(1)).toBe(0n);
      expect(S.TotalStake.get()).toBe(0n);
      expect(S.Alpha.contains(hot, cold, 1)).toBe(false);
    });
  });

  it('mechanism 1: constant-product amounts, price moves, round trip loses only rounding', () => {
    const env = new Env();
    const T0 = 1_000n * TAO, A0 = 4_000n * TAO; // price 0.25 TAO/alpha
    env.addSubnet(2, 1, T0, A0);
    env.ownHotkey(cold, hot);
    env.fund(cold, 1_000n * TAO);
    const x = 100n * TAO;
    expect(env.dispatch(cold, 'add_stake', { hotkey: hot, netuid: 2, amount_staked: x }).ok).toBe(true);
    const alphaOut = (A0 * x) / (T0 + x); // x·A/(T+x), floored
    env.run(() => {
      expect(stakeOf(hot, cold, 2)).toBe(alphaOut);
      expect(S.SubnetTAO.get(2)).toBe(T0 + x);
      expect(S.SubnetAlphaIn.get(2)).toBe(A0 - alphaOut);
      expect(S.SubnetAlphaOut.get(2)).toBe(alphaOut);
    });
    // Sell everything back: T'·a/(A'+a).
    const T1 = T0 + x, A1 = A0 - alphaOut;
    const taoBack = (T1 * alphaOut) / (A1 + alphaOut);
    expect(env.dispatch(cold, 'remove_stake', { hotkey: hot, netuid: 2, amount_unstaked: alphaOut }).ok).toBe(true);
    expect(env.balance(cold)).toBe(900n * TAO + taoBack);
    expect(x - taoBack).toBeGreaterThanOrEqual(0n);
    expect(x - taoBack).toBeLessThanOrEqual(1n);
    env.run(() => {
      expect(S.SubnetAlphaIn.get(2)).toBe(A0);
      expect(S.SubnetTAO.get(2)).toBe(T1 - taoBack);
    });
  });

  it('nominators gain pro rata when the pool grows; the owner keeps the take', () => {
    const env = new Env();
    env.addSubnet(1, 0);
    env.ownHotkey(cold, hot);
    env.fund(cold, 100n * TAO);
    env.fund(cold2, 100n * TAO);
    expect(env.dispatch(cold, 'add_stake', { hotkey: hot, netuid: 1, amount_staked: 10n * TAO }).ok).toBe(true);
    expect(env.dispatch(cold2, 'add_stake', { hotkey: hot, netuid: 1, amount_staked: 30n * TAO }).ok).toBe(true);
    env.run(() => {
      increasePool(hot, 1, 4n * TAO);
      expect(stakeOf(hot, cold, 1)).toBe(11n * TAO);
      expect(stakeOf(hot, cold2, 1)).toBe(33n * TAO);
    });
    // Later stakers buy in at the new share price and do not dilute earlier gains.
    expect(env.dispatch(cold2, 'add_stake', { hotkey: hot, netuid: 1, amount_staked: 11n * TAO }).ok).toBe(true);
    env.run(() => {
      expect(stakeOf(hot, cold, 1)).toBe(11n * TAO);
      expect(stakeOf(hot, cold2, 1)).toBe(44n * TAO);
    });
    // Partial unstake of a nominator leaves the other untouched; the withdrawer bears share rounding (≤ 1 rao).
    expect(env.dispatch(cold2, 'remove_stake', { hotkey: hot, netuid: 1, amount_unstaked: 4n * TAO }).ok).toBe(true);
    env.run(() => {
      expect(stakeOf(hot, cold, 1)).toBe(11n * TAO);
      const left = stakeOf(hot, cold2, 1);
      expect(left <= 40n * TAO && left >= 40n * TAO - 1n).toBe(true);
      expect(S.TotalHotkeyAlpha.get(hot, 1)).toBe(51n * TAO);
    });
  });
});
