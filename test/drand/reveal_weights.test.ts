// Timelocked weight commits (commit_timelocked_mechanism_weights, 118) revealed in block_step as HEAD's
// reveal_crv3_commits does: in the block where the reveal epoch starts, with the stored pulse of the commit's round.
// Ciphertexts come from the test-side encryptor that follows bittensor-drand, under the real quicknet key, and are
// opened by the real quicknet signature of round 1000 (test/fixtures/drand-quicknet.json).
import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { fromHex } from '../../runtime/codec/scale.ts';
import { signed, ROOT } from '../../runtime/frame/dispatch.ts';
import { readEvents } from '../../runtime/pallets/system/index.ts';
import { subnetStorage as S } from '../../runtime/pallets/subtensor/subnets/storage.ts';
import { coinbaseStorage as C } from '../../runtime/pallets/subtensor/coinbase/storage.ts';
import { Drand } from '../../runtime/pallets/drand/index.ts';
import { SubnetsChain, acct, TAO } from '../subtensor-subnets/harness.ts';
import { tlockEncrypt, weightsPayload } from '../helpers/tlock_encrypt.ts';
import { DRAND_QUICKNET_PATH } from '../fixtures/paths.ts';

const Q = JSON.parse(readFileSync(DRAND_QUICKNET_PATH, 'utf8'));
const QUICKNET_PK = fromHex(Q.info.public_key);
const OWNER_HK = acct(100);
const MINERS = [acct(41), acct(42), acct(43)];

/** netuid 2 started, commit-reveal on (HEAD default), owner hotkey uid 0, miners uids 1..3; epochs at blocks 10, 20, … */
function setup() {
  const owner = acct(1);
  const c = new SubnetsChain([[owner, 1_000_000n * TAO]]);
  c.nextBlock();
  expect(c.call(signed(owner), 'SubtensorModule', 'register_network', { hotkey: OWNER_HK }).ok).toBe(true);
  const netuid = 2;
  expect(c.call(ROOT, 'AdminUtils', 'sudo_set_admin_freeze_window', { window: 0 }).ok).toBe(true);
  expect(c.call(signed(owner), 'SubtensorModule', 'start_call', { netuid }).ok).toBe(true);
  expect(c.call(ROOT, 'AdminUtils', 'sudo_set_weights_set_rate_limit', { netuid, weights_set_rate_limit: 0n }).ok).toBe(true);
  for (const m of MINERS) {
    c.nextBlock();
    expect(c.call(signed(owner), 'SubtensorModule', 'burned_register', { netuid, hotkey: m }).ok).toBe(true);
  }
  return { c, netuid };
}

function commit(c: SubnetsChain, who: Uint8Array, netuid: number, ciphertext: Uint8Array, round: bigint) {
  const r = c.call(signed(who), 'SubtensorModule', 'commit_timelocked_mechanism_weights', { netuid, mecid: 0, commit: ciphertext, reveal_round: round, commit_reveal_version: 4 });
  expect(r.ok, r.error).toBe(true);
}

function storePulse(c: SubnetsChain, index: number): void {
  const p = Q.pulses[index];
  c.q(() => Drand.storage.Pulses.set(BigInt(p.round), { round: BigInt(p.round), randomness: new Uint8Array(32), signature: fromHex(p.signature) }));
}

const revealedEvents = (c: SubnetsChain) => c.q(() => readEvents())
  .filter(e => e.event.type === 'SubtensorModule' && e.event.value.type === 'TimelockedWeightsRevealed').map(e => e.event.value.value);

describe('timelocked weights reveal (drand commit-reveal v4)', () => {
  it('reveals in the first block of epoch commit + RevealPeriodEpochs; drops garbage, wrong-round and wrong-hotkey commits silently', () => {
    const { c, netuid } = setup(); // block 4, epoch index 0
    const uids = [1, 2, 3], values = [10, 20, 30];
    commit(c, OWNER_HK, netuid, tlockEncrypt(weightsPayload(OWNER_HK, uids, values, 0n), 1000n, QUICKNET_PK, 'owner'), 1000n);
    // Miner 1: bytes that are no TLE ciphertext. Miner 2: encrypted for round 2000 but declared for round 1000.
    // Miner 3: a valid ciphertext whose payload names another hotkey (the owner's).
    commit(c, MINERS[0], netuid, new Uint8Array(200).fill(9), 1000n);
    commit(c, MINERS[1], netuid, tlockEncrypt(weightsPayload(MINERS[1], [2], [1], 0n), 2000n, QUICKNET_PK, 'm2'), 1000n);
    commit(c, MINERS[2], netuid, tlockEncrypt(weightsPayload(OWNER_HK, [3], [1], 0n), 1000n, QUICKNET_PK, 'm3'), 1000n);
    expect(c.q(() => S.TimelockedWeightCommits.get(netuid, 0n)).length).toBe(4);
    storePulse(c, 0);

    c.nextBlock(9 - c.block); // block 9: still epoch 0, nothing revealed
    expect(c.q(() => S.Weights.get(netuid, 0))).toEqual([]);
    expect(c.q(() => S.TimelockedWeightCommits.get(netuid, 0n)).length).toBe(4);

    c.nextBlock(); // block 10: epoch 1 fires; its reveal runs first in block_step
    expect(c.q(() => C.SubnetEpochIndex.get(netuid))).toBe(1n);
    // max-upscaled: 10·65535/30 = 21845, 20·65535/30 = 43690, 65535.
    expect(c.q(() => S.Weights.get(netuid, 0))).toEqual([[1, 21845], [2, 43690], [3, 65535]]);
    expect(revealedEvents(c)).toEqual([[netuid, OWNER_HK]]);
    for (const uid of [1, 2, 3]) expect(c.q(() => S.Weights.get(netuid, uid))).toEqual([]);
    expect(c.q(() => S.TimelockedWeightCommits.get(netuid, 0n))).toEqual([]);
  });

  it('keeps a commit whose pulse is missing through its reveal epoch, reveals it when the pulse arrives, expires it after', () => {
    const { c, netuid } = setup();
    commit(c, OWNER_HK, netuid, tlockEncrypt(weightsPayload(OWNER_HK, [1], [5], 0n), 2000n, QUICKNET_PK, 'late'), 2000n);
    c.nextBlock(10 - c.block);
    expect(c.q(() => S.TimelockedWeightCommits.get(netuid, 0n)).length).toBe(1);
    c.nextBlock(2);
    expect(c.q(() => S.Weights.get(netuid, 0))).toEqual([]);
    storePulse(c, 1);
    c.nextBlock(); // block 13, still the reveal epoch: retried and revealed
    expect(c.q(() => S.Weights.get(netuid, 0))).toEqual([[1, 65535]]);
    expect(revealedEvents(c)).toEqual([[netuid, OWNER_HK]]);

    // A second commit never gets its pulse (round 5000): removed once the epoch after its reveal epoch starts.
    commit(c, OWNER_HK, netuid, tlockEncrypt(weightsPayload(OWNER_HK, [2], [5], 0n), 5000n, QUICKNET_PK, 'never'), 5000n);
    c.nextBlock(20 - c.block); // epoch 2 = its reveal epoch
    expect(c.q(() => S.TimelockedWeightCommits.get(netuid, 1n)).length).toBe(1);
    c.nextBlock(10); // block 30: epoch 3
    expect(c.q(() => S.TimelockedWeightCommits.get(netuid, 1n))).toEqual([]);
    expect(c.q(() => S.Weights.get(netuid, 0))).toEqual([[1, 65535]]);
  });

  it('a legacy payload (no hotkey) is applied; one failing the set_weights checks is dropped without event', () => {
    const { c, netuid } = setup();
    // LegacyWeightsTlockPayload { uids, values, version_key }: Vec<u16> [2, 3], Vec<u16> [1, 1], u64 0.
    const legacy = fromHex('0x08020003000801000100' + '0000000000000000');
    commit(c, OWNER_HK, netuid, tlockEncrypt(legacy, 1000n, QUICKNET_PK, 'legacy'), 1000n);
    // Miner 1 (uid 1, no validator permit) weighting uid 2: NeuronNoValidatorPermit at reveal.
    commit(c, MINERS[0], netuid, tlockEncrypt(weightsPayload(MINERS[0], [2], [1], 0n), 1000n, QUICKNET_PK, 'no-permit'), 1000n);
    storePulse(c, 0);
    c.nextBlock(10 - c.block);
    expect(c.q(() => S.Weights.get(netuid, 0))).toEqual([[2, 65535], [3, 65535]]);
    expect(c.q(() => S.Weights.get(netuid, 1))).toEqual([]);
    expect(revealedEvents(c)).toEqual([[netuid, OWNER_HK]]);
  });
});
