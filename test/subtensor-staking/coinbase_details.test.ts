// Coinbase details as HEAD: OwnerCutEnabled = false keeps the 18 % in the participants' alpha; MinerBurned records
// the fraction of a tempo's miner emission withheld from the owner's hotkeys (recycled or burned per RecycleOrBurn);
// the TAO emission shares are the moving-price shares weighted by (1 − MinerBurned) and renormalised (U64F64).
import { describe, it, expect } from 'vitest';
import { Env, TAO, acct } from './env.ts';
import { stakingStorage as S } from '../../runtime/pallets/subtensor/staking/storage.ts';
import { coinbaseStorage as C } from '../../runtime/pallets/subtensor/coinbase/storage.ts';
import { subnetStorage as N } from '../../runtime/pallets/subtensor/subnets/storage.ts';
import { blockStep } from '../../runtime/pallets/subtensor/coinbase/block_step.ts';
import { subnetBlockEmissions } from '../../runtime/pallets/subtensor/coinbase/run_coinbase.ts';
import { distributeEmission } from '../../runtime/pallets/subtensor/coinbase/distribute_emission.ts';
import { increaseStake } from '../../runtime/pallets/subtensor/staking/shares.ts';
import { appendNeuron } from '../../runtime/pallets/subtensor/subnets/registration.ts';

const HALF96 = 1n << 31n;

describe('owner cut switch', () => {
  it('OwnerCutEnabled = false: no PendingOwnerCut; with it, floor(out × 11796/65535) (U96F32)', () => {
    for (const enabled of [true, false]) {
      const env = new Env();
      env.addSubnet(1, 1, 1_000n * TAO, 1_000n * TAO);
      env.run(() => { N.Tempo.set(1, 100); S.SubnetMovingPrice.set(1, { bits: HALF96 }); N.OwnerCutEnabled.set(1, enabled); });
      env.setBlock(1);
      env.run(() => blockStep(1));
      const out = TAO << 32n; // this block's alpha emission (1 alpha at this issuance), U96F32
      const cut = enabled ? (out * ((11_796n << 32n) / 65_535n)) >> 32n : 0n;
      env.run(() => {
        expect(S.SubnetAlphaOutEmission.get(1)).toBe(TAO);
        expect(C.PendingOwnerCut.get(1)).toBe(cut >> 32n);
        // No root stake: root_prop 0, so miners get half of what is left.
        expect(C.PendingServerEmission.get(1)).toBe(((out - cut) * HALF96 >> 32n) >> 32n);
      });
    }
  });
});

describe('MinerBurned', () => {
  function subnetWithOwnerMiner(recycle: boolean) {
    const env = new Env();
    const ownerCold = acct(1), owner = acct(2), v = acct(3), miner = acct(4), other = acct(5);
    env.addSubnet(1, 1, 1_000n * TAO, 1_000n * TAO);
    env.ownHotkey(ownerCold, owner); env.ownHotkey(other, v); env.ownHotkey(other, miner);
    env.setBlock(10);
    env.run(() => {
      for (const h of [v, owner, miner]) appendNeuron(1, h, 1n);
      N.SubnetOwner.set(1, ownerCold); N.SubnetOwnerHotkey.set(1, owner);
      N.CommitRevealWeightsEnabled.set(1, false);
      increaseStake(v, other, 1, 100n * TAO);
      N.ValidatorPermit.set(1, [true, false, false]);
      N.Weights.set(1, 0, [[1, 1_000], [2, 3_000]]); // v scores the owner's hotkey 1/4, the miner 3/4
      N.LastUpdate.set(1, [10n, 0n, 0n]);
      S.SubnetAlphaOut.set(1, 1_000_000n * TAO);
      if (recycle) N.RecycleOrBurn.set(1, { type: 'Recycle' });
    });
    env.run(() => distributeEmission(1, 1_000_000n, 1_000_000n, 0n, 0n));
    const emissions: bigint[] = env.events.find(e => e.name === 'IncentiveAlphaEmittedToMiners')!.value.emissions;
    return { env, emissions };
  }
  it('records the withheld fraction floor(2^32 · owner / total) and burns (alpha out unchanged) by default', () => {
    const { env, emissions } = subnetWithOwnerMiner(false);
    const [, ownerInc, minerInc] = emissions;
    expect(ownerInc).toBeGreaterThan(0n);
    expect(minerInc).toBeGreaterThan(ownerInc * 2n);
    env.run(() => {
      expect(C.MinerBurned.get(1).bits).toBe((ownerInc << 32n) / (ownerInc + minerInc));
      expect(S.SubnetAlphaOut.get(1)).toBe(1_000_000n * TAO);
    });
  });
  it('Recycle takes the owner\'s incentive out of SubnetAlphaOut', () => {
    const { env, emissions } = subnetWithOwnerMiner(true);
    env.run(() => expect(S.SubnetAlphaOut.get(1)).toBe(1_000_000n * TAO - emissions[1]));
  });
  it('emission shares: equal moving prices, MinerBurned ½ on subnet 1 → ⅓ and ⅔ of the block emission', () => {
    const env = new Env();
    for (const n of [1, 2]) { env.addSubnet(n, 1, TAO, TAO); env.run(() => S.SubnetMovingPrice.set(n, { bits: HALF96 })); }
    env.run(() => C.MinerBurned.set(1, { bits: HALF96 }));
    const E = TAO;
    const out = env.run(() => subnetBlockEmissions([1, 2], E << 32n));
    // U64F64: price shares ½ each; weights 2^63·½ and 2^63; renormalised floor(2^62·2^64 / 3·2^62) etc.
    const w1 = (1n << 62n), w2 = (1n << 63n), total = w1 + w2;
    const s1 = (w1 << 64n) / total, s2 = (w2 << 64n) / total;
    expect(out.get(1)).toBe((E * s1) >> 32n);
    expect(out.get(2)).toBe((E * s2) >> 32n);
  });
});
