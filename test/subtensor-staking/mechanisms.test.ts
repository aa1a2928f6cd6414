// Sub-mechanisms in-process: MechanismEmissionSplit's share per mechanism (floors, remainder to mechanism 0), each
// mechanism's epoch on its own weights with its Incentive at storage index mecid × 4096 + netuid, and the subnet's
// aggregate dividends weighted by each mechanism's share of the emission (HEAD subnets/mechanism.rs), computed
// independently below. A single validator's Yuma incentive is its normalised weight row (first principles).
import { describe, it, expect } from 'vitest';
import { Env, TAO, acct } from './env.ts';
import { subnetStorage as N } from '../../runtime/pallets/subtensor/subnets/storage.ts';
import { increaseStake } from '../../runtime/pallets/subtensor/staking/shares.ts';
import { appendNeuron } from '../../runtime/pallets/subtensor/subnets/registration.ts';
import { splitEmissions, epochWithMechanisms, updateMechanismCountsIfNeeded } from '../../runtime/pallets/subtensor/subnets/mechanism.ts';

const NET = 1;
const cold = acct(1), V = acct(10), M1 = acct(11), M2 = acct(12);

function setup(): Env {
  const env = new Env();
  env.addSubnet(NET, 1, 1_000n * TAO, 1_000n * TAO);
  for (const h of [V, M1, M2]) env.ownHotkey(cold, h);
  env.setBlock(50);
  env.run(() => {
    for (const h of [V, M1, M2]) appendNeuron(NET, h, 1n);
    increaseStake(V, cold, NET, 100n * TAO);
    N.CommitRevealWeightsEnabled.set(NET, false);
    N.MechanismCountCurrent.set(NET, 2);
    N.MechanismEmissionSplit.set(NET, [49_151, 16_384]);
    // Mechanism 0: V weighs M1; mechanism 1 (index 4097): V weighs M2.
    N.Weights.set(NET, 0, [[1, 65_535]]);
    N.Weights.set(4096 + NET, 0, [[2, 65_535]]);
    N.ValidatorPermit.set(NET, [true, false, false]);
    N.LastUpdate.set(NET, [50n, 0n, 0n]);
    N.LastUpdate.set(4096 + NET, [50n, 0n, 0n]);
  });
  return env;
}

describe('sub-mechanisms', () => {
  it('split_emissions: floor(E · s / 65535) each, the lost rao to mechanism 0; even split when unset', () => {
    const env = setup();
    const E = 1_000_000n;
    const a = (E * 49_151n) / 65_535n, b = (E * 16_384n) / 65_535n;
    expect([a, b]).toEqual([749_996n, 250_003n]);
    expect(env.run(() => splitEmissions(NET, E))).toEqual([a + (E - a - b), b]);
    env.run(() => N.MechanismEmissionSplit.remove(NET));
    expect(env.run(() => splitEmissions(NET, 1_000_001n))).toEqual([500_001n, 500_000n]);
  });

  it('each mechanism runs on its own weights; Incentive per mechanism index; dividends weighted by share', () => {
    const env = setup();
    const E = 1_000_000n;
    const out = env.run(() => epochWithMechanisms(NET, E));
    env.run(() => {
      expect(N.Incentive.get(NET)).toEqual([0, 65_535, 0]);
      expect(N.Incentive.get(4096 + NET)).toEqual([0, 0, 65_535]);
      // V is the only validator in both: dividend 65535 in each; aggregate floor(floor(0 + 65535·w0) + 65535·w1)
      // with w = share / E in U64F64.
      const shares = [749_997n, 250_003n];
      const w = shares.map(s => (s << 64n) / E);
      const d0 = (65_535n * w[0]) >> 64n;
      const d = ((d0 << 64n) + 65_535n * w[1]) >> 64n;
      expect(N.Dividends.get(NET)[0]).toBe(Number(d));
    });
    // M1 earns only from mechanism 0, M2 only from mechanism 1; V's dividends come from both.
    expect(out.serverEmission[1]).toBeGreaterThan(0n);
    expect(out.serverEmission[2]).toBeGreaterThan(0n);
    expect(out.serverEmission[1]).toBeGreaterThan(out.serverEmission[2] * 2n);
    const minerEvents = env.events.filter(e => e.name === 'IncentiveAlphaEmittedToMiners');
    expect(minerEvents.map(e => e.value.netuid)).toEqual([NET, 4096 + NET]);
    expect(minerEvents[0].value.emissions[2]).toBe(0n);
    expect(minerEvents[1].value.emissions[1]).toBe(0n);
    expect(minerEvents[1].value.emissions[2]).toBe(out.serverEmission[2]);
  });

  it('lowering the count clears the dropped mechanism\'s storage and the split', () => {
    const env = setup();
    env.run(() => {
      epochWithMechanisms(NET, 1_000n);
      updateMechanismCountsIfNeeded(NET, 1);
      expect(N.Weights.get(4096 + NET, 0)).toEqual([]);
      expect(N.Incentive.contains(4096 + NET)).toBe(false);
      expect(N.LastUpdate.contains(4096 + NET)).toBe(false);
      expect(N.MechanismEmissionSplit.get(NET)).toBe(null);
      expect(N.MechanismCountCurrent.get(NET)).toBe(1);
    });
  });
});
