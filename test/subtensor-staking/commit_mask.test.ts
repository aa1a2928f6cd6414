// The epoch's commit-reveal mask input (HEAD semantics): per validator, the block of its earliest NON-EXPIRED commit,
// counting both v2 WeightCommits and drand-timelocked commits. An expired commit must not mask anything: before this
// was fixed, distribute_emission took the minimum block over every stored commit, expired or not.
import { describe, it, expect } from 'vitest';
import { Env, acct } from './env.ts';
import { subnetStorage as N } from '../../runtime/pallets/subtensor/subnets/storage.ts';
import { coinbaseStorage as C } from '../../runtime/pallets/subtensor/coinbase/storage.ts';
import { appendNeuron } from '../../runtime/pallets/subtensor/subnets/registration.ts';
import { buildEpochInput } from '../../runtime/pallets/subtensor/coinbase/epoch_io.ts';

describe('commit-reveal mask input', () => {
  it('uses the earliest live commit (v2 or timelocked); expired commits no longer mask', () => {
    const env = new Env();
    env.addSubnet(1, 1, 1_000n, 1_000n);
    const [owner, a, b, c, d, miner] = [acct(1), acct(2), acct(3), acct(4), acct(5), acct(6)];
    env.run(() => {
      N.Tempo.set(1, 10);
      N.CommitRevealWeightsEnabled.set(1, true);
      N.RevealPeriodEpochs.set(1, 1n);
      // Current epoch 5 (6 with the scheduler's lookahead): a commit of epoch e is expired iff current > e + 1,
      // so epoch-1 commits are expired and epoch-5 commits are live whichever of 5/6 applies.
      C.SubnetEpochIndex.set(1, 5n);
      for (const hk of [owner, a, b, c, d]) appendNeuron(1, hk, 1n);
      appendNeuron(1, miner, 20n);
      const hash = new Uint8Array(32).fill(7);
      N.WeightCommits.set(1, a, [[hash, 1n, 3n, 0n], [hash, 5n, 30n, 0n]]); // expired @3, live @30
      N.WeightCommits.set(1, b, [[hash, 1n, 4n, 0n]]);                       // only an expired commit
      N.WeightCommits.set(1, c, [[hash, 5n, 10n, 0n]]);                      // live @10
      N.TimelockedWeightCommits.set(1, 5n, [[d, 12n, new Uint8Array([1, 2]), 99n]]); // live timelocked @12
      N.TimelockedWeightCommits.set(1, 1n, [[b, 2n, new Uint8Array([3]), 98n]]);     // expired timelocked
    });
    env.setBlock(40);
    const input = env.run(() => buildEpochInput(1, 0n).input);

    // From the rule: the earliest live commit block, null when there is none.
    const expectedFirstLive = [null, 30n, null, 10n, 12n, null];
    expect(input.commitRevealEnabled).toBe(true);
    expect(input.firstLiveCommitBlock).toEqual(expectedFirstLive);
    expect(input.blockAtRegistration).toEqual([1n, 1n, 1n, 1n, 1n, 20n]);

    // The mask the epoch applies: weight i → j dropped iff first live commit of i < registration block of j.
    // Only c (10) and d (12) mask the miner registered at 20; a (expired @3, live @30) and b (expired only) do not.
    const masked = (i: number, j: number) => {
      const cb = input.firstLiveCommitBlock[i];
      return cb !== null && cb < input.blockAtRegistration[j];
    };
    expect([0, 1, 2, 3, 4, 5].map(i => masked(i, 5))).toEqual([false, false, false, true, true, false]);
    // Nobody registered before block 10 is masked by anyone.
    for (let i = 0; i < 6; i++) for (let j = 0; j < 5; j++) expect(masked(i, j)).toBe(false);
  });

  it('with commit-reveal disabled nothing is masked even with live commits', () => {
    const env = new Env();
    env.addSubnet(1, 1, 1_000n, 1_000n);
    env.run(() => {
      N.CommitRevealWeightsEnabled.set(1, false);
      appendNeuron(1, acct(2), 1n);
      N.WeightCommits.set(1, acct(2), [[new Uint8Array(32), 0n, 1n, 0n]]);
    });
    env.setBlock(5);
    const input = env.run(() => buildEpochInput(1, 0n).input);
    expect(input.firstLiveCommitBlock).toEqual([null]);
  });
});
