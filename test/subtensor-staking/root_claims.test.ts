// Root claims in-process: HEAD's precomputed auto-claim indices (tests/claim_root.rs
// test_claim_root_block_hash_indices), the StakingColdkeys index kept dense, RootClaimed charged to a staker who
// joins after dividends accrued (so it cannot claim them), a Swap claim selling the alpha in the subnet pool into
// root stake, and auto-claims drawn from the parent hash.
import { describe, it, expect } from 'vitest';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { Env, TAO, acct } from './env.ts';
import { stakingStorage as S } from '../../runtime/pallets/subtensor/staking/storage.ts';
import { stakeOf } from '../../runtime/pallets/subtensor/staking/shares.ts';
import { blockHashToIndices, increaseRootClaimable, runAutoClaimRootDivs, rootOwed } from '../../runtime/pallets/subtensor/staking/claim_root.ts';
import { simSwapAlphaForTao } from '../../runtime/pallets/subtensor/staking/pools.ts';

const NET = 1;
const utf8 = (s: string) => new TextEncoder().encode(s);
const validatorCold = acct(1), hot = acct(2), joiner = acct(3);

function setup(): Env {
  const env = new Env();
  env.addSubnet(0, 0);
  env.addSubnet(NET, 1, 1_000n * TAO, 1_000n * TAO);
  env.ownHotkey(validatorCold, hot);
  for (const c of [validatorCold, joiner]) env.fund(c, 10_000n * TAO);
  expect(env.dispatch(validatorCold, 'add_stake', { hotkey: hot, netuid: 0, amount_staked: 1_000n * TAO }).ok).toBe(true);
  env.run(() => { S.NumRootClaim.set(0n); S.SubnetAlphaOut.set(NET, 1_000_000n * TAO); });
  return env;
}

describe('root claims', () => {
  it('block_hash_to_indices gives HEAD\'s precomputed indices', () => {
    const k = 15n, n = 15_000n;
    expect(blockHashToIndices(keccak_256(utf8('zero')), 0n, n)).toEqual([]);
    expect(blockHashToIndices(keccak_256(utf8('some')), k, n).map(Number)).toEqual(
      [265, 630, 1286, 1558, 4496, 4861, 5517, 5789, 6803, 8096, 9092, 11034, 11399, 12055, 12327]);
    expect(blockHashToIndices(keccak_256(utf8('some2')), k, n).map(Number)).toEqual(
      [61, 246, 1440, 2855, 3521, 5236, 6130, 6615, 8511, 9405, 9890, 11786, 11971, 13165, 14580]);
  });

  it('root stakers are indexed; unstaking all root stake compacts the index', () => {
    const env = setup();
    expect(env.dispatch(joiner, 'add_stake', { hotkey: hot, netuid: 0, amount_staked: 10n * TAO }).ok).toBe(true);
    env.run(() => {
      expect(S.NumStakingColdkeys.get()).toBe(2n);
      expect([S.StakingColdkeys.get(validatorCold), S.StakingColdkeys.get(joiner)]).toEqual([0n, 1n]);
    });
    const all = env.run(() => stakeOf(hot, validatorCold, 0));
    expect(env.dispatch(validatorCold, 'remove_stake', { hotkey: hot, netuid: 0, amount_unstaked: all }).ok).toBe(true);
    env.run(() => {
      // The last entry (joiner) moves into the freed slot 0.
      expect(S.NumStakingColdkeys.get()).toBe(1n);
      expect(S.StakingColdkeys.get(validatorCold)).toBe(null);
      expect(S.StakingColdkeys.get(joiner)).toBe(0n);
      expect(S.StakingColdkeysByIndex.get(0n)).toEqual(joiner);
      expect(S.StakingColdkeysByIndex.get(1n)).toBe(null);
    });
  });

  it('a staker joining after dividends accrued is charged them in RootClaimed and owes nothing', () => {
    const env = setup();
    env.run(() => increaseRootClaimable(hot, NET, 50n * TAO)); // rate = 50 / 1000 per unit of root stake
    const rate = env.run(() => S.RootClaimable.get(hot)[0][1].bits);
    expect(rate).toBe(((50n * TAO) << 32n) / (1_000n * TAO));
    expect(env.dispatch(joiner, 'add_stake', { hotkey: hot, netuid: 0, amount_staked: 100n * TAO }).ok).toBe(true);
    env.run(() => {
      const joined = stakeOf(hot, joiner, 0);
      expect(S.RootClaimed.get(NET, hot, joiner)).toBe((rate * joined) >> 32n);
      expect(rootOwed(hot, joiner, NET)).toBe(0n);
      expect(rootOwed(hot, validatorCold, NET)).toBe((rate * (1_000n * TAO)) >> 32n);
    });
  });

  it('Swap (the default) sells the owed alpha in the subnet pool and stakes the TAO on root', () => {
    const env = setup();
    env.run(() => increaseRootClaimable(hot, NET, 50n * TAO));
    const [owed, sold, root0] = env.run(() => {
      const owed = rootOwed(hot, validatorCold, NET);
      const sim = simSwapAlphaForTao(NET, owed);
      if (typeof sim === 'string') throw new Error(sim);
      return [owed, sim.amountOut, stakeOf(hot, validatorCold, 0)];
    });
    expect(env.dispatch(validatorCold, 'claim_root', { subnets: [NET] })).toEqual({ ok: true });
    env.run(() => {
      expect(stakeOf(hot, validatorCold, 0) - root0).toBe(sold);
      expect(stakeOf(hot, validatorCold, NET)).toBe(0n);
      // Claimed: the owed alpha plus the charge for the new root stake at the current rate.
      const rate = S.RootClaimable.get(hot)[0][1].bits;
      expect(S.RootClaimed.get(NET, hot, validatorCold)).toBe(owed + ((rate * sold) >> 32n));
      expect(S.SubnetAlphaIn.get(NET)).toBe(1_000n * TAO + owed);
    });
  });

  it('auto-claim: NumRootClaim coldkeys drawn from the parent hash are claimed each block', () => {
    const env = setup();
    env.run(() => increaseRootClaimable(hot, NET, 50n * TAO));
    expect(env.dispatch(validatorCold, 'set_root_claim_type', { new_root_claim_type: { type: 'Keep' } })).toEqual({ ok: true });
    const owed = env.run(() => rootOwed(hot, validatorCold, NET));
    env.run(() => { S.NumRootClaim.set(1n); runAutoClaimRootDivs(new Uint8Array(32)); });
    // One indexed coldkey: any hash draws index 0.
    expect(env.run(() => stakeOf(hot, validatorCold, NET))).toBe(owed);
    expect(env.events.at(-1)).toMatchObject({ name: 'RootClaimed', value: { coldkey: validatorCold } });
  });
});
