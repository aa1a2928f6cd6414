// Bad staking input fails with subtensor's error (name and index) and leaves state untouched; limit prices.
import { describe, it, expect } from 'vitest';
import { Env, TAO, acct } from './env.ts';
import { stakingStorage as S } from '../../runtime/pallets/subtensor/staking/storage.ts';
import { subnetStorage as N } from '../../runtime/pallets/subtensor/subnets/storage.ts';
import { stakeOf } from '../../runtime/pallets/subtensor/staking/shares.ts';
import { SubtensorModule } from '../../runtime/pallets/subtensor/index.ts';
import { Swap } from '../../runtime/pallets/swap/index.ts';
import { headFee, headOut } from '../helpers/head_swap.ts';

const cold = acct(1), hot = acct(2), stranger = acct(9);

function setup(): Env {
  const env = new Env();
  env.addSubnet(1, 0);
  env.addSubnet(2, 1, 1_000n * TAO, 1_000n * TAO); // price 1.0
  env.ownHotkey(cold, hot);
  env.fund(cold, 50n * TAO);
  return env;
}

function expectFails(env: Env, who: Uint8Array, call: string, args: Record<string, any>, error: string, index: number,
  pallet: typeof SubtensorModule | typeof Swap = SubtensorModule) {
  const before = env.snapshot();
  const beforeEvents = env.events.length;
  const r = env.dispatch(who, call, args);
  expect(r).toEqual({ ok: false, error: `${pallet.name}.${error}` });
  // The DispatchError carries subtensor's error index.
  const e = pallet.error(error as any);
  expect((e.value.value as any).error[0]).toBe(index);
  expect(env.snapshot()).toBe(before);
  expect(env.events.length).toBe(beforeEvents);
}

describe('staking errors', () => {
  it('add_stake: not enough balance, amount too low, subtoken disabled, unknown hotkey, unknown subnet', () => {
    const env = setup();
    expectFails(env, cold, 'add_stake', { hotkey: hot, netuid: 1, amount_staked: 51n * TAO }, 'NotEnoughBalanceToStake', 12);
    expectFails(env, cold, 'add_stake', { hotkey: hot, netuid: 1, amount_staked: 1_999_999n }, 'AmountTooLow', 82);
    env.run(() => N.SubtokenEnabled.set(1, false));
    expectFails(env, cold, 'add_stake', { hotkey: hot, netuid: 1, amount_staked: TAO }, 'SubtokenDisabled', 94);
    expectFails(env, cold, 'add_stake', { hotkey: stranger, netuid: 2, amount_staked: TAO }, 'HotKeyAccountNotExists', 5);
    expectFails(env, cold, 'add_stake', { hotkey: hot, netuid: 7, amount_staked: TAO }, 'SubnetNotExists', 76);
    // On a dynamic subnet the minimum is DefaultMinStake plus the swap fee on it: ⌊2e6 · 33/65535⌋ = 1007.
    expect(headFee(2_000_000n)).toBe(1_007n);
    expectFails(env, cold, 'add_stake', { hotkey: hot, netuid: 2, amount_staked: 2_001_006n }, 'AmountTooLow', 82);
    expect(env.dispatch(cold, 'add_stake', { hotkey: hot, netuid: 2, amount_staked: 2_001_007n }).ok).toBe(true);
    // More than 1000 × the pool's TAO is refused before anything else (ensure_add_stake_input_within_swap_limit).
    env.run(() => S.SubnetTAO.set(2, 10_000_000n));
    expectFails(env, cold, 'add_stake', { hotkey: hot, netuid: 2, amount_staked: 10_000_000_001n }, 'InsufficientLiquidity', 83);
    // An output reserve below Swap's MinimumReserve (1,000,000) fails the swap simulation: InsufficientLiquidity.
    env.run(() => { S.SubnetTAO.set(2, 1_000n * TAO); S.SubnetAlphaIn.set(2, 999_999n); });
    expectFails(env, cold, 'add_stake', { hotkey: hot, netuid: 2, amount_staked: TAO }, 'InsufficientLiquidity', 83);
  });

  it('remove_stake: more than staked, zero, unknown hotkey', () => {
    const env = setup();
    expect(env.dispatch(cold, 'add_stake', { hotkey: hot, netuid: 1, amount_staked: 5n * TAO }).ok).toBe(true);
    // remove_stake caps the amount at the stake held (HEAD do_remove_stake); the limit variant does not.
    expectFails(env, cold, 'remove_stake_limit', { hotkey: hot, netuid: 1, amount_unstaked: 5n * TAO + 1n, limit_price: 0n, allow_partial: false }, 'NotEnoughStakeToWithdraw', 9);
    expectFails(env, cold, 'remove_stake', { hotkey: hot, netuid: 1, amount_unstaked: 0n }, 'AmountTooLow', 82);
    // Leaving stake behind while taking out less than DefaultMinStake of TAO is too low.
    expectFails(env, cold, 'remove_stake', { hotkey: hot, netuid: 1, amount_unstaked: 1_000n }, 'AmountTooLow', 82);
    expectFails(env, stranger, 'remove_stake', { hotkey: hot, netuid: 1, amount_unstaked: TAO }, 'AmountTooLow', 82);
    expectFails(env, stranger, 'remove_stake_limit', { hotkey: hot, netuid: 1, amount_unstaked: TAO, limit_price: 0n, allow_partial: false }, 'NotEnoughStakeToWithdraw', 9);
    env.run(() => N.SubtokenEnabled.set(1, false));
    expectFails(env, cold, 'remove_stake', { hotkey: hot, netuid: 1, amount_unstaked: TAO }, 'SubtokenDisabled', 94);
    env.run(() => N.SubtokenEnabled.set(1, true));
    expect(env.dispatch(cold, 'remove_stake', { hotkey: hot, netuid: 1, amount_unstaked: 5n * TAO + 1n }).ok).toBe(true);
    env.run(() => expect(stakeOf(hot, cold, 1)).toBe(0n));
    expect(env.balance(cold)).toBe(50n * TAO);
  });

  it('add_stake_limit / remove_stake_limit: slippage above the limit fails, allow_partial caps at the limit', () => {
    const env = setup();
    // Price 1.0 TAO/alpha (1e9 rao). HEAD's get_max_amount_add simulates a buy that stops at the limit: the TAO that
    // moves the 50/50 pool from price p to L is T·(√(L/p) − 1) (calculate_quote_delta_in: the root floored at 1e18
    // scale, U64F64 products floored), and the fee on it is delta · rate/(65535 − rate).
    expectFails(env, cold, 'add_stake_limit', { hotkey: hot, netuid: 2, amount_staked: 10n * TAO, limit_price: 1_005_000_000n, allow_partial: false }, 'SlippageTooHigh', 84);
    const T = 1_000n * TAO, SCALE = 10n ** 18n, ONE = 1n << 64n;
    const limitBits = (1_005_000_000n << 64n) / TAO, spotBits = ONE;
    const root = isqrt((limitBits * SCALE * SCALE) / spotBits);
    const delta = (T * (((root << 64n) / SCALE) - ONE)) >> 64n;
    const feeOnDelta = (delta * ((33n << 128n) / ((65_535n - 33n) << 64n))) >> 64n;
    expect(env.dispatch(cold, 'add_stake_limit', { hotkey: hot, netuid: 2, amount_staked: 10n * TAO, limit_price: 1_005_000_000n, allow_partial: true }).ok).toBe(true);
    const paid = 50n * TAO - env.balance(cold);
    expect(paid).toBe(delta + feeOnDelta);
    expect(delta).toBe(2_496_882_788n); // 1000e9 · (√1.005 − 1) = 2,496,882,788.3 rao
    env.run(() => {
      const T = S.SubnetTAO.get(2), A = S.SubnetAlphaIn.get(2);
      expect((T * TAO) / A).toBeLessThanOrEqual(1_005_000_000n);
    });
    // A limit on the wrong side of spot fails the swap itself: Swap.PriceLimitExceeded (buy at or below spot).
    expectFails(env, cold, 'add_stake_limit', { hotkey: hot, netuid: 2, amount_staked: TAO, limit_price: 1_000_000_000n, allow_partial: true }, 'PriceLimitExceeded', 3, Swap);
    // Selling: a limit above the spot price cannot be met.
    const alpha = env.run(() => stakeOf(hot, cold, 2));
    expectFails(env, cold, 'remove_stake_limit', { hotkey: hot, netuid: 2, amount_unstaked: alpha, limit_price: 1_010_000_000n, allow_partial: false }, 'PriceLimitExceeded', 3, Swap);
    expect(env.dispatch(cold, 'remove_stake_limit', { hotkey: hot, netuid: 2, amount_unstaked: alpha, limit_price: 1_000_000_000n, allow_partial: false }).ok).toBe(true);
    // Stable subnet: any limit ≥ 1.0 buys, any limit < 1.0 fails.
    expectFails(env, cold, 'add_stake_limit', { hotkey: hot, netuid: 1, amount_staked: TAO, limit_price: 999_999_999n, allow_partial: false }, 'SlippageTooHigh', 84);
    expect(env.dispatch(cold, 'add_stake_limit', { hotkey: hot, netuid: 1, amount_staked: TAO, limit_price: TAO, allow_partial: false }).ok).toBe(true);
  });

  it('move, transfer, swap stake and unstake_all', () => {
    const env = setup();
    const hot2 = acct(4), cold2 = acct(5);
    env.ownHotkey(cold2, hot2);
    expect(env.dispatch(cold, 'add_stake', { hotkey: hot, netuid: 1, amount_staked: 10n * TAO }).ok).toBe(true);
    expectFails(env, cold, 'move_stake', { origin_hotkey: hot, destination_hotkey: hot, origin_netuid: 1, destination_netuid: 1, alpha_amount: TAO }, 'SameNetuid', 96);
    expect(env.dispatch(cold, 'move_stake', { origin_hotkey: hot, destination_hotkey: hot2, origin_netuid: 1, destination_netuid: 1, alpha_amount: 4n * TAO }).ok).toBe(true);
    env.run(() => { expect(stakeOf(hot, cold, 1)).toBe(6n * TAO); expect(stakeOf(hot2, cold, 1)).toBe(4n * TAO); });
    env.run(() => N.TransferToggle.set(1, false));
    expectFails(env, cold, 'transfer_stake', { destination_coldkey: cold2, hotkey: hot, origin_netuid: 1, destination_netuid: 1, alpha_amount: TAO }, 'TransferDisallowed', 85);
    env.run(() => N.TransferToggle.set(1, true));
    expect(env.dispatch(cold, 'transfer_stake', { destination_coldkey: cold2, hotkey: hot, origin_netuid: 1, destination_netuid: 1, alpha_amount: TAO }).ok).toBe(true);
    env.run(() => { expect(stakeOf(hot, cold, 1)).toBe(5n * TAO); expect(stakeOf(hot, cold2, 1)).toBe(TAO); });
    // swap 1 → 2: 2 TAO out of the stable pool (no fee on mechanism 0) buy alpha on 2; a move pays one fee, on
    // the unstake side (origin not root), so the destination buy is fee-free.
    expect(env.dispatch(cold, 'swap_stake', { hotkey: hot, origin_netuid: 1, destination_netuid: 2, alpha_amount: 2n * TAO }).ok).toBe(true);
    env.run(() => {
      expect(stakeOf(hot, cold, 1)).toBe(3n * TAO);
      expect(stakeOf(hot, cold, 2)).toBe(headOut(1_000n * TAO, 1_000n * TAO, 2n * TAO));
    });
    const swapped = env.events.find(e => e.name === 'StakeSwapped')!;
    expect(swapped.value).toEqual([cold, hot, 1, 2, 2n * TAO]);
    const bal = env.balance(cold);
    const a2 = env.run(() => stakeOf(hot, cold, 2));
    expect(env.dispatch(cold, 'unstake_all', { hotkey: hot }).ok).toBe(true);
    env.run(() => { expect(stakeOf(hot, cold, 1)).toBe(0n); expect(stakeOf(hot, cold, 2)).toBe(0n); });
    // Pool 2 holds T = 1002 TAO and A = 1000 TAO − a2 alpha; selling a2 pays the fee first (no block author here,
    // so the fee alpha is burned).
    expect(env.balance(cold)).toBe(bal + 3n * TAO + headOut(1_000n * TAO - a2, 1_002n * TAO, a2 - headFee(a2)));
    expectFails(env, cold, 'unstake_all', { hotkey: hot }, 'AmountTooLow', 82);
  });

  it('delegate take: decrease below current, increase up to the max, rate limited after any change', () => {
    const env = setup();
    env.setBlock(10);
    expectFails(env, stranger, 'decrease_take', { hotkey: hot, take: 100 }, 'NonAssociatedColdKey', 7);
    expect(env.dispatch(cold, 'decrease_take', { hotkey: hot, take: 1_000 }).ok).toBe(true);
    expectFails(env, cold, 'decrease_take', { hotkey: hot, take: 1_000 }, 'DelegateTakeTooLow', 49);
    expectFails(env, cold, 'increase_take', { hotkey: hot, take: 1_000 }, 'DelegateTakeTooLow', 49);
    expectFails(env, cold, 'increase_take', { hotkey: hot, take: 11_797 }, 'DelegateTakeTooHigh', 50);
    // TxDelegateTakeRateLimit = 216000: a change within 216000 blocks of the last one (the decrease at 10) fails.
    env.setBlock(10 + 216_000);
    expectFails(env, cold, 'increase_take', { hotkey: hot, take: 2_000 }, 'DelegateTxRateLimitExceeded', 34);
    env.setBlock(10 + 216_001);
    expect(env.dispatch(cold, 'increase_take', { hotkey: hot, take: 2_000 }).ok).toBe(true);
    env.run(() => expect(S.Delegates.get(hot)).toBe(2_000));
  });
});

function isqrt(n: bigint): bigint {
  let x = BigInt(Math.floor(Math.sqrt(Number(n))));
  while (x * x > n) x--;
  while ((x + 1n) * (x + 1n) <= n) x++;
  return x;
}
