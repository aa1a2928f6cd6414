// Stake/unstake on mechanism 0 (stable 1:1) and mechanism 1 (HEAD's 50/50 pool with the 33/65535 swap fee), checked
// against HEAD's formulas computed independently (test/helpers/head_swap.ts), plus nominator pro-rata gains and the
// share accounting.
import { describe, it, expect } from 'vitest';
import { Env, TAO, acct } from './env.ts';
import { stakingStorage as S } from '../../runtime/pallets/subtensor/staking/storage.ts';
import { stakeOf, increasePool } from '../../runtime/pallets/subtensor/staking/shares.ts';
import { headSwap } from '../helpers/head_swap.ts';

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

  it('mechanism 1: HEAD pool amounts with the fee taken first, price moves, round trip loses the two fees', () => {
    const env = new Env();
    const T0 = 1_000n * TAO, A0 = 4_000n * TAO; // price 0.25 TAO/alpha
    env.addSubnet(2, 1, T0, A0);
    env.ownHotkey(cold, hot);
    env.fund(cold, 1_000n * TAO);
    const x = 100n * TAO;
    expect(env.dispatch(cold, 'add_stake', { hotkey: hot, netuid: 2, amount_staked: x }).ok).toBe(true);
    const buy = headSwap(T0, A0, x);
    expect(buy.fee).toBe(50_354_772n); // ⌊1e11 · 33/65535⌋
    env.run(() => {
      expect(stakeOf(hot, cold, 2)).toBe(buy.out);
      expect(S.SubnetTAO.get(2)).toBe(T0 + buy.net); // the fee never enters the pool
      expect(S.SubnetAlphaIn.get(2)).toBe(A0 - buy.out);
      expect(S.SubnetAlphaOut.get(2)).toBe(buy.out);
      expect(S.TotalStake.get()).toBe(x); // HEAD counts the gross amount
    });
    expect(env.events.find(e => e.name === 'StakeAdded')!.value).toEqual([cold, hot, x, buy.out, 2, buy.fee]);
    // Sell everything back; no block author here, so the fee alpha is burned rather than sold.
    const T1 = T0 + buy.net, A1 = A0 - buy.out;
    const sell = headSwap(A1, T1, buy.out);
    expect(env.dispatch(cold, 'remove_stake', { hotkey: hot, netuid: 2, amount_unstaked: buy.out }).ok).toBe(true);
    expect(env.balance(cold)).toBe(900n * TAO + sell.out);
    expect(env.events.filter(e => e.name === 'StakeRemoved').at(-1)!.value).toEqual([cold, hot, sell.out, sell.net, 2, sell.fee]);
    // Lost ≈ the two 0.05 % fees (the alpha fee valued at ~0.25 TAO/alpha) plus rounding.
    const loss = x - sell.out;
    expect(loss > buy.fee + sell.fee / 5n && loss < buy.fee + sell.fee / 3n).toBe(true);
    env.run(() => {
      expect(S.SubnetAlphaIn.get(2)).toBe(A1 + sell.net);
      expect(S.SubnetTAO.get(2)).toBe(T1 - sell.out);
      expect(stakeOf(hot, cold, 2)).toBe(0n);
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
