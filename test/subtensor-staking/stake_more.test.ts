// The remaining staking calls: remove_stake_full_limit, unstake_all_alpha (alpha → root stake), swap_stake_limit.
import { describe, it, expect } from 'vitest';
import { Env, TAO, acct } from './env.ts';
import { stakingStorage as S } from '../../runtime/pallets/subtensor/staking/storage.ts';
import { stakeOf } from '../../runtime/pallets/subtensor/staking/shares.ts';
import { headSwap, headOut, headMaxAmountMove } from '../helpers/head_swap.ts';

const cold = acct(1), hot = acct(2);

function setup(): Env {
  const env = new Env();
  env.addSubnet(0, 0);
  env.addSubnet(1, 1, 1_000n * TAO, 2_000n * TAO); // price 0.5
  env.addSubnet(2, 1, 1_000n * TAO, 1_000n * TAO); // price 1.0
  env.ownHotkey(cold, hot);
  env.fund(cold, 500n * TAO);
  return env;
}

describe('more staking calls', () => {
  it('remove_stake_full_limit removes the whole stake; a limit above the spot price fails', () => {
    const env = setup();
    expect(env.dispatch(cold, 'add_stake', { hotkey: hot, netuid: 1, amount_staked: 10n * TAO }).ok).toBe(true);
    const alpha = env.run(() => stakeOf(hot, cold, 1));
    const buy = headSwap(1_000n * TAO, 2_000n * TAO, 10n * TAO);
    expect(alpha).toBe(buy.out);
    // A sell limit above the spot price (≈ 0.51) is on the wrong side: the swap fails with Swap.PriceLimitExceeded.
    expect(env.dispatch(cold, 'remove_stake_full_limit', { hotkey: hot, netuid: 1, limit_price: 600_000_000n })).toEqual({ ok: false, error: 'Swap.PriceLimitExceeded' });
    const bal = env.balance(cold);
    expect(env.dispatch(cold, 'remove_stake_full_limit', { hotkey: hot, netuid: 1, limit_price: null }).ok).toBe(true);
    env.run(() => expect(stakeOf(hot, cold, 1)).toBe(0n));
    // Pool after the buy: T' = 1000 TAO + net, A' = 2000 TAO − alpha; the sale pays its fee first.
    expect(env.balance(cold)).toBe(bal + headSwap(2_000n * TAO - alpha, 1_000n * TAO + buy.net, alpha).out);
  });

  it('unstake_all_alpha sells every subnet stake and restakes the TAO on root for the same hotkey', () => {
    const env = setup();
    expect(env.dispatch(cold, 'add_stake', { hotkey: hot, netuid: 1, amount_staked: 10n * TAO }).ok).toBe(true);
    expect(env.dispatch(cold, 'add_stake', { hotkey: hot, netuid: 2, amount_staked: 20n * TAO }).ok).toBe(true);
    expect(env.dispatch(cold, 'add_stake', { hotkey: hot, netuid: 0, amount_staked: 5n * TAO }).ok).toBe(true);
    const [a1, a2] = env.run(() => [stakeOf(hot, cold, 1), stakeOf(hot, cold, 2)]);
    const buy1 = headSwap(1_000n * TAO, 2_000n * TAO, 10n * TAO), buy2 = headSwap(1_000n * TAO, 1_000n * TAO, 20n * TAO);
    expect([a1, a2]).toEqual([buy1.out, buy2.out]);
    const tao1 = headSwap(2_000n * TAO - a1, 1_000n * TAO + buy1.net, a1).out;
    const tao2 = headSwap(1_000n * TAO - a2, 1_000n * TAO + buy2.net, a2).out;
    const bal = env.balance(cold);
    expect(env.dispatch(cold, 'unstake_all_alpha', { hotkey: hot }).ok).toBe(true);
    env.run(() => {
      expect(stakeOf(hot, cold, 1)).toBe(0n);
      expect(stakeOf(hot, cold, 2)).toBe(0n);
      expect(stakeOf(hot, cold, 0)).toBe(5n * TAO + tao1 + tao2);
    });
    expect(env.balance(cold)).toBe(bal);
  });

  it('swap_stake_limit: a ratio limit above the spot ratio fails; allow_partial moves HEAD get_max_amount_move', () => {
    const env = setup();
    expect(env.dispatch(cold, 'add_stake', { hotkey: hot, netuid: 2, amount_staked: 100n * TAO }).ok).toBe(true);
    const a = env.run(() => stakeOf(hot, cold, 2));
    // Spot price ratio origin(2)/destination(1) ≈ 1.21/0.5 > 2; ask for at least 2.6 → nothing may move.
    expect(env.dispatch(cold, 'swap_stake_limit', { hotkey: hot, origin_netuid: 2, destination_netuid: 1, alpha_amount: a, limit_price: 2_600_000_000n, allow_partial: false }))
      .toEqual({ ok: false, error: 'SubtensorModule.SlippageTooHigh' });
    const [t1, a1, t2, a2] = env.run(() => [S.SubnetTAO.get(2), S.SubnetAlphaIn.get(2), S.SubnetTAO.get(1), S.SubnetAlphaIn.get(1)]);
    const max = headMaxAmountMove(t1, a1, t2, a2, 2_200_000_000n);
    expect(max > 0n && max < a).toBe(true);
    expect(env.dispatch(cold, 'swap_stake_limit', { hotkey: hot, origin_netuid: 2, destination_netuid: 1, alpha_amount: a, limit_price: 2_200_000_000n, allow_partial: true }).ok).toBe(true);
    env.run(() => {
      // Exactly HEAD's maximum left the origin (the owner's only position: no share rounding); its TAO bought alpha.
      expect(a - stakeOf(hot, cold, 2)).toBe(max);
      const sold = headSwap(a1, t1, max);
      expect(stakeOf(hot, cold, 1)).toBe(headOut(t2, a2, sold.out));
      expect(S.TotalHotkeyAlpha.get(hot, 1)).toBe(stakeOf(hot, cold, 1));
    });
  });
});
