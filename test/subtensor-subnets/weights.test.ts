// set_weights checks in subtensor's order (§2.2) and commit-reveal v2 (commit_weights / reveal_weights).
import { describe, it, expect } from 'vitest';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { SubnetsChain, acct, TAO } from './harness.ts';
import { signed, ROOT } from '../../runtime/frame/dispatch.ts';
import { subnetStorage as S } from '../../runtime/pallets/subtensor/subnets/storage.ts';
import { coinbaseStorage as C } from '../../runtime/pallets/subtensor/coinbase/storage.ts';
import { firstLiveCommitBlocks } from '../../runtime/pallets/subtensor/subnets/weights.ts';

const OWNER_HK = acct(100);
const MINERS = [acct(41), acct(42), acct(43)];

/** netuid 2: owner hotkey uid 0, miners uids 1..3; freeze window 0. */
function setup(opts: { commitReveal: boolean; start?: boolean }) {
  const owner = acct(1);
  const c = new SubnetsChain([[owner, 1_000_000n * TAO], [acct(2), 100n * TAO]]);
  c.nextBlock();
  expect(c.call(signed(owner), 'SubtensorModule', 'register_network', { hotkey: OWNER_HK }).ok).toBe(true);
  const netuid = 2;
  expect(c.call(ROOT, 'AdminUtils', 'sudo_set_admin_freeze_window', { window: 0 }).ok).toBe(true);
  if (opts.start) expect(c.call(signed(owner), 'SubtensorModule', 'start_call', { netuid }).ok).toBe(true);
  if (!opts.commitReveal) expect(c.call(ROOT, 'AdminUtils', 'sudo_set_commit_reveal_weights_enabled', { netuid, enabled: false }).ok).toBe(true);
  // Registration stamps LastUpdate, so with the default limit (100) new neurons wait 100 blocks; tests lift it.
  expect(c.call(ROOT, 'AdminUtils', 'sudo_set_weights_set_rate_limit', { netuid, weights_set_rate_limit: 0n }).ok).toBe(true);
  for (const m of MINERS) {
    c.nextBlock();
    expect(c.call(signed(owner), 'SubtensorModule', 'burned_register', { netuid, hotkey: m }).ok).toBe(true);
  }
  return { c, owner, netuid };
}

/** Commit hash built byte by byte: hotkey ‖ u16 LE netuid ‖ Vec<u16> uids ‖ Vec<u16> values ‖ Vec<u16> salt ‖ u64 LE. */
function expectedCommitHash(hotkey: Uint8Array, netuid: number, uids: number[], values: number[], salt: number[], versionKey: bigint): Uint8Array {
  const bytes: number[] = [...hotkey, netuid & 0xff, netuid >> 8];
  for (const v of [uids, values, salt]) {
    bytes.push(v.length << 2); // compact length (< 64)
    for (const x of v) bytes.push(x & 0xff, x >> 8);
  }
  for (let i = 0; i < 8; i++) bytes.push(Number((versionKey >> BigInt(8 * i)) & 0xffn));
  return blake2AsU8a(new Uint8Array(bytes), 256);
}

describe('set_weights (commit-reveal off)', () => {
  it('stores the max-upscaled row (round half away from zero), keeps zeros, updates LastUpdate, emits WeightsSet', () => {
    const { c, netuid } = setup({ commitReveal: false });
    const r = c.call(signed(OWNER_HK), 'SubtensorModule', 'set_weights', { netuid, dests: [1, 2, 3, 0], weights: [10, 20, 40, 0], version_key: 0n });
    expect(r.ok, r.error).toBe(true);
    // 10·65535/40 = 16383.75 → 16384; 20·65535/40 = 32767.5 → 32768; 40 → 65535.
    expect(c.q(() => S.Weights.get(netuid, 0))).toEqual([[1, 16384], [2, 32768], [3, 65535], [0, 0]]);
    expect(c.q(() => S.LastUpdate.get(netuid)[0])).toBe(BigInt(c.block));
    const ev = r.events.find(e => e.type === 'SubtensorModule' && e.value.type === 'WeightsSet')!;
    expect(ev.value.value).toEqual([netuid, 0]);
  });

  type Case = { name: string; who?: Uint8Array; args: Record<string, any>; prep?: (x: ReturnType<typeof setup>) => void };
  const cases: Case[] = [
    { name: 'WeightVecNotEqualSize', args: { dests: [1, 2], weights: [1] } },
    { name: 'UidsLengthExceedUidsInSubNet', args: { dests: [0, 1, 2, 3, 4], weights: [1, 1, 1, 1, 1] } },
    { name: 'HotKeyNotRegisteredInSubNet', who: acct(77), args: { dests: [1], weights: [1] } },
    { name: 'IncorrectWeightVersionKey', args: { dests: [1], weights: [1], version_key: 4n },
      prep: ({ c, netuid }) => expect(c.call(ROOT, 'AdminUtils', 'sudo_set_weights_version_key', { netuid, weights_version_key: 5n }).ok).toBe(true) },
    { name: 'NeuronNoValidatorPermit', who: MINERS[0], args: { dests: [2], weights: [1] } },
    { name: 'DuplicateUids', args: { dests: [1, 1], weights: [1, 2] } },
    { name: 'UidVecContainInvalidOne', args: { dests: [1, 9], weights: [1, 2] } },
    { name: 'WeightVecLengthIsLow', args: { dests: [1], weights: [1] },
      prep: ({ c, netuid }) => expect(c.call(ROOT, 'AdminUtils', 'sudo_set_min_allowed_weights', { netuid, min_allowed_weights: 3 }).ok).toBe(true) },
    { name: 'MaxWeightExceeded', args: { dests: [1, 2], weights: [1, 9] },
      prep: ({ c, netuid }) => c.q(() => S.MaxWeightsLimit.set(netuid, 32768)) },
    { name: 'SettingWeightsTooFast', args: { dests: [1], weights: [1] },
      prep: ({ c, netuid }) => {
        expect(c.call(signed(OWNER_HK), 'SubtensorModule', 'set_weights', { netuid, dests: [2], weights: [1], version_key: 0n }).ok).toBe(true);
        expect(c.call(ROOT, 'AdminUtils', 'sudo_set_weights_set_rate_limit', { netuid, weights_set_rate_limit: 100n }).ok).toBe(true);
      } },
    { name: 'CanNotSetRootNetworkWeights', args: { netuid: 0, dests: [0], weights: [1] },
      prep: ({ c }) => c.q(() => S.CommitRevealWeightsEnabled.set(0, false)) },
  ];
  for (const k of cases) {
    it(`rejects with ${k.name} and leaves state unchanged`, () => {
      const x = setup({ commitReveal: false });
      k.prep?.(x);
      x.c.nextBlock();
      const before = x.c.snapshot();
      const r = x.c.call(signed(k.who ?? OWNER_HK), 'SubtensorModule', 'set_weights', { netuid: x.netuid, version_key: 0n, ...k.args });
      expect(r.ok).toBe(false);
      expect(r.error).toBe(k.name);
      expect(x.c.snapshot()).toEqual(before);
    });
  }

  it('a miner may set a self-weight without a permit; the rate limit passes after WeightsSetRateLimit blocks', () => {
    const { c, netuid } = setup({ commitReveal: false });
    expect(c.call(signed(MINERS[0]), 'SubtensorModule', 'set_weights', { netuid, dests: [1], weights: [5], version_key: 0n }).ok).toBe(true);
    expect(c.q(() => S.Weights.get(netuid, 1))).toEqual([[1, 65535]]);
    expect(c.call(ROOT, 'AdminUtils', 'sudo_set_weights_set_rate_limit', { netuid, weights_set_rate_limit: 3n }).ok).toBe(true);
    c.nextBlock(2);
    expect(c.call(signed(MINERS[0]), 'SubtensorModule', 'set_weights', { netuid, dests: [1], weights: [5], version_key: 0n }).error).toBe('SettingWeightsTooFast');
    c.nextBlock();
    expect(c.call(signed(MINERS[0]), 'SubtensorModule', 'set_weights', { netuid, dests: [1], weights: [5], version_key: 0n }).ok).toBe(true);
  });

  it('batch_set_weights applies good items and reports failed ones by event', () => {
    const { c, netuid } = setup({ commitReveal: false });
    const r = c.call(signed(OWNER_HK), 'SubtensorModule', 'batch_set_weights', {
      netuids: [netuid, 1], weights: [[[1, 1], [2, 1]], [[0, 1]]], version_keys: [0n, 0n],
    });
    expect(r.ok, r.error).toBe(true);
    expect(c.q(() => S.Weights.get(netuid, 0))).toEqual([[1, 65535], [2, 65535]]);
    const names = r.events.filter(e => e.type === 'SubtensorModule').map(e => e.value.type);
    expect(names).toEqual(['WeightsSet', 'BatchCompletedWithErrors', 'BatchWeightItemFailed', 'BatchWeightsCompleted']);
  });
});

describe('commit-reveal v2', () => {
  const uids = [1, 2, 3];
  const values = [10, 20, 30];
  const salt = [7, 8, 9, 10];
  const vk = 0n;

  it('is on by default: set_weights fails with CommitRevealEnabled', () => {
    const { c, netuid } = setup({ commitReveal: true });
    expect(c.call(signed(OWNER_HK), 'SubtensorModule', 'set_weights', { netuid, dests: [1], weights: [1], version_key: 0n }).error).toBe('CommitRevealEnabled');
  });

  it('reveal too early / wrong salt / too late fail with subtensor\'s errors; the reveal epoch sets the weights', () => {
    const { c, netuid } = setup({ commitReveal: true, start: true }); // block 4, epoch index 0; epochs run at 10, 20, ...
    const hash = expectedCommitHash(OWNER_HK, netuid, uids, values, salt, vk);
    expect(c.call(signed(OWNER_HK), 'SubtensorModule', 'reveal_weights', { netuid, uids, values, salt, version_key: vk }).error).toBe('NoWeightsCommitFound');
    const commit = c.call(signed(OWNER_HK), 'SubtensorModule', 'commit_weights', { netuid, commit_hash: hash });
    expect(commit.ok, commit.error).toBe(true);
    expect(commit.events.find(e => e.value.type === 'WeightsCommitted')!.value.value[2]).toEqual(hash);
    const stored = c.q(() => S.WeightCommits.get(netuid, OWNER_HK))!;
    expect(stored.map(([h, e, b]) => [Buffer.from(h).toString('hex'), e, b])).toEqual([[Buffer.from(hash).toString('hex'), 0n, 4n]]);
    expect(c.q(() => firstLiveCommitBlocks(netuid, 4))).toEqual([4n, (1n << 64n) - 1n, (1n << 64n) - 1n, (1n << 64n) - 1n]);

    // Committing again inside WeightsSetRateLimit is too fast.
    expect(c.call(ROOT, 'AdminUtils', 'sudo_set_weights_set_rate_limit', { netuid, weights_set_rate_limit: 5n }).ok).toBe(true);
    c.nextBlock();
    expect(c.call(signed(OWNER_HK), 'SubtensorModule', 'commit_weights', { netuid, commit_hash: hash }).error).toBe('CommittingWeightsTooFast');
    expect(c.call(ROOT, 'AdminUtils', 'sudo_set_weights_set_rate_limit', { netuid, weights_set_rate_limit: 0n }).ok).toBe(true);

    // Same epoch: too early (state unchanged).
    let before = c.snapshot();
    expect(c.call(signed(OWNER_HK), 'SubtensorModule', 'reveal_weights', { netuid, uids, values, salt, version_key: vk }).error).toBe('RevealTooEarly');
    expect(c.snapshot()).toEqual(before);

    c.nextBlock(10 - c.block); // block 10: the epoch runs, index 1 = commit epoch + RevealPeriodEpochs
    expect(c.q(() => C.SubnetEpochIndex.get(netuid))).toBe(1n);
    before = c.snapshot();
    expect(c.call(signed(OWNER_HK), 'SubtensorModule', 'reveal_weights', { netuid, uids, values, salt: [7, 8, 9, 11], version_key: vk }).error)
      .toBe('InvalidRevealCommitHashNotMatch');
    expect(c.snapshot()).toEqual(before);

    const ok = c.call(signed(OWNER_HK), 'SubtensorModule', 'reveal_weights', { netuid, uids, values, salt, version_key: vk });
    expect(ok.ok, ok.error).toBe(true);
    expect(c.q(() => S.Weights.get(netuid, 0))).toEqual([[1, 21845], [2, 43690], [3, 65535]]);
    expect(c.q(() => S.WeightCommits.get(netuid, OWNER_HK))).toBeNull();
    expect(ok.events.filter(e => e.type === 'SubtensorModule').map(e => e.value.type)).toEqual(['WeightsSet', 'WeightsRevealed']);

    // A commit left unrevealed past its reveal epoch expires.
    c.nextBlock();
    const salt2 = [1, 2];
    expect(c.call(signed(OWNER_HK), 'SubtensorModule', 'commit_weights', { netuid, commit_hash: expectedCommitHash(OWNER_HK, netuid, uids, values, salt2, vk) }).ok).toBe(true);
    c.nextBlock(30 - c.block); // epoch index 3 > 1 + 1
    expect(c.q(() => C.SubnetEpochIndex.get(netuid))).toBe(3n);
    before = c.snapshot();
    expect(c.call(signed(OWNER_HK), 'SubtensorModule', 'reveal_weights', { netuid, uids, values, salt: salt2, version_key: vk }).error).toBe('ExpiredWeightCommit');
    expect(c.snapshot()).toEqual(before);
  });

  it('commit on an unknown netuid fails with MechanismDoesNotExist; reveal with commit-reveal off fails with CommitRevealDisabled', () => {
    const { c, netuid } = setup({ commitReveal: false });
    expect(c.call(signed(OWNER_HK), 'SubtensorModule', 'commit_weights', { netuid: 77, commit_hash: new Uint8Array(32) }).error).toBe('MechanismDoesNotExist');
    expect(c.call(signed(OWNER_HK), 'SubtensorModule', 'commit_weights', { netuid, commit_hash: new Uint8Array(32) }).error).toBe('CommitRevealDisabled');
    expect(c.call(signed(OWNER_HK), 'SubtensorModule', 'reveal_weights', { netuid, uids, values, salt, version_key: vk }).error).toBe('CommitRevealDisabled');
  });
});

describe('commit-reveal batches and limits', () => {
  it('at most 10 unrevealed commits; batch commit + batch reveal in the reveal epoch', () => {
    const { c, netuid } = setup({ commitReveal: true, start: true }); // block 4
    const commits = Array.from({ length: 10 }, (_, i) => expectedCommitHash(OWNER_HK, netuid, [1], [1], [i], 0n));
    const r = c.call(signed(OWNER_HK), 'SubtensorModule', 'batch_commit_weights', { netuids: Array(10).fill(netuid), commit_hashes: commits });
    expect(r.ok, r.error).toBe(true);
    expect(r.events.filter(e => e.value.type === 'WeightsCommitted').length).toBe(10);
    const extra = c.call(signed(OWNER_HK), 'SubtensorModule', 'commit_weights', { netuid, commit_hash: expectedCommitHash(OWNER_HK, netuid, [1], [1], [99], 0n) });
    expect(extra.error).toBe('TooManyUnrevealedCommits');
    expect(c.call(signed(OWNER_HK), 'SubtensorModule', 'batch_reveal_weights', { netuid, uids_list: [[1]], values_list: [[1]], salts_list: [[0]], version_keys: [0n] }).error)
      .toBe('RevealTooEarly');
    c.nextBlock(10 - c.block);
    expect(c.call(signed(OWNER_HK), 'SubtensorModule', 'batch_reveal_weights', { netuid, uids_list: [[1]], values_list: [[1]], salts_list: [[0], [1]], version_keys: [0n] }).error)
      .toBe('InputLengthsUnequal');
    const rev = c.call(signed(OWNER_HK), 'SubtensorModule', 'batch_reveal_weights', {
      netuid, uids_list: [[1], [1]], values_list: [[1], [1]], salts_list: [[0], [3]], version_keys: [0n, 0n],
    });
    expect(rev.ok, rev.error).toBe(true);
    const batch = rev.events.find(e => e.value.type === 'WeightsBatchRevealed')!.value.value;
    expect(batch[2]).toEqual([commits[0], commits[3]]);
    expect(c.q(() => S.WeightCommits.get(netuid, OWNER_HK))!.length).toBe(8);
    expect(c.q(() => S.Weights.get(netuid, 0))).toEqual([[1, 65535]]);
  });
});
