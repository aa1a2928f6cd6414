// Timelocked commits (113/117/118), update_symbol (112), set_activity_cutoff_factor (140), faucet (60).
import { describe, it, expect } from 'vitest';
import { keccakAsU8a, sha256AsU8a } from '@polkadot/util-crypto';
import { SubnetsChain, acct, TAO } from './harness.ts';
import { signed, ROOT } from '../../runtime/frame/dispatch.ts';
import { subnetStorage as S } from '../../runtime/pallets/subtensor/subnets/storage.ts';
import { System } from '../../runtime/pallets/system/index.ts';
import { firstLiveCommitBlocks } from '../../runtime/pallets/subtensor/subnets/weights.ts';
import { createSealHash } from '../../runtime/pallets/subtensor/subnets/registration.ts';

const OWNER = acct(1);
const OWNER_HK = acct(100);

function setup() {
  const c = new SubnetsChain([[OWNER, 1_000_000n * TAO], [acct(2), 100n * TAO]]);
  c.nextBlock();
  expect(c.call(signed(OWNER), 'SubtensorModule', 'register_network', { hotkey: OWNER_HK }).ok).toBe(true);
  expect(c.call(ROOT, 'AdminUtils', 'sudo_set_admin_freeze_window', { window: 0 }).ok).toBe(true);
  expect(c.call(ROOT, 'AdminUtils', 'sudo_set_weights_set_rate_limit', { netuid: 2, weights_set_rate_limit: 0n }).ok).toBe(true);
  return { c, netuid: 2 };
}

describe('timelocked commits', () => {
  it('are stored per epoch in TimelockedWeightCommits with TimelockedWeightsCommitted; the version must match', () => {
    const { c, netuid } = setup();
    const commit = new Uint8Array([1, 2, 3]);
    expect(c.call(signed(OWNER_HK), 'SubtensorModule', 'commit_timelocked_mechanism_weights', { netuid, mecid: 0, commit, reveal_round: 99n, commit_reveal_version: 3 }).error)
      .toBe('IncorrectCommitRevealVersion');
    const r = c.call(signed(OWNER_HK), 'SubtensorModule', 'commit_timelocked_weights', { netuid, commit, reveal_round: 99n, commit_reveal_version: 4 });
    expect(r.ok, r.error).toBe(true);
    const ev = r.events.find(e => e.value.type === 'TimelockedWeightsCommitted')!.value.value;
    expect(ev[1]).toBe(netuid);
    expect(ev[3]).toBe(99n);
    expect(c.q(() => S.TimelockedWeightCommits.get(netuid, 0n))).toEqual([[OWNER_HK, BigInt(c.block), commit, 99n]]);
    expect(c.q(() => firstLiveCommitBlocks(netuid, 1))).toEqual([BigInt(c.block)]);
    expect(c.call(ROOT, 'AdminUtils', 'sudo_set_commit_reveal_weights_enabled', { netuid, enabled: false }).ok).toBe(true);
    expect(c.call(signed(OWNER_HK), 'SubtensorModule', 'commit_timelocked_weights', { netuid, commit, reveal_round: 99n, commit_reveal_version: 4 }).error)
      .toBe('CommitRevealDisabled');
  });
});

describe('owner settings', () => {
  it('update_symbol takes an unused symbol of the table; a used or unknown one is refused', () => {
    const { c, netuid } = setup();
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(c.call(signed(OWNER), 'SubtensorModule', 'update_symbol', { netuid, symbol: enc('α') }).error).toBe('SymbolAlreadyInUse'); // subnet 1
    expect(c.call(signed(OWNER), 'SubtensorModule', 'update_symbol', { netuid, symbol: enc('zz') }).error).toBe('SymbolDoesNotExist');
    expect(c.call(signed(acct(2)), 'SubtensorModule', 'update_symbol', { netuid, symbol: enc('γ') }).error).toBe('BadOrigin');
    const r = c.call(signed(OWNER), 'SubtensorModule', 'update_symbol', { netuid, symbol: enc('γ') });
    expect(r.ok, r.error).toBe(true);
    expect(new TextDecoder().decode(c.q(() => S.TokenSymbol.get(netuid)))).toBe('γ');
  });

  it('set_activity_cutoff_factor enforces [1000, 50000] and the owner rate limit', () => {
    const { c, netuid } = setup();
    expect(c.call(signed(OWNER), 'SubtensorModule', 'set_activity_cutoff_factor', { netuid, factor_milli: 999 }).error).toBe('ActivityCutoffFactorMilliOutOfBounds');
    expect(c.call(signed(OWNER), 'SubtensorModule', 'set_activity_cutoff_factor', { netuid, factor_milli: 2000 }).ok).toBe(true);
    expect(c.q(() => S.ActivityCutoffFactorMilli.get(netuid))).toBe(2000);
    c.nextBlock();
    expect(c.call(signed(OWNER), 'SubtensorModule', 'set_activity_cutoff_factor', { netuid, factor_milli: 3000 }).error).toBe('TxRateLimitExceeded');
    expect(c.call(ROOT, 'SubtensorModule', 'set_activity_cutoff_factor', { netuid, factor_milli: 3000 }).ok).toBe(true);
  });
});

describe('faucet (pow-faucet builds)', () => {
  it('seal = keccak256(sha256(nonce_le ‖ keccak256(block_hash ‖ account)))', () => {
    const { c } = setup();
    const hash = c.q(() => System.storage.BlockHash.get(0));
    const inner = keccakAsU8a(new Uint8Array([...hash, ...OWNER]), 256);
    const nonce = [7, 0, 0, 0, 0, 0, 0, 0];
    const expected = keccakAsU8a(sha256AsU8a(new Uint8Array([...nonce, ...inner])), 256);
    expect(c.q(() => createSealHash(0n, 7n, OWNER))).toEqual(expected);
  });
  it('rejects stale blocks, work below the difficulty and a wrong seal', () => {
    const { c } = setup();
    c.nextBlock(4);
    const zero = new Uint8Array(32);
    const high = new Uint8Array(32).fill(0xff);
    expect(c.call(signed(OWNER), 'SubtensorModule', 'faucet', { block_number: BigInt(c.block + 1), nonce: 0n, work: zero }).error).toBe('InvalidWorkBlock');
    expect(c.call(signed(OWNER), 'SubtensorModule', 'faucet', { block_number: BigInt(c.block - 3), nonce: 0n, work: zero }).error).toBe('InvalidWorkBlock');
    expect(c.call(signed(OWNER), 'SubtensorModule', 'faucet', { block_number: BigInt(c.block), nonce: 0n, work: high }).error).toBe('InvalidDifficulty');
    expect(c.call(signed(OWNER), 'SubtensorModule', 'faucet', { block_number: BigInt(c.block), nonce: 0n, work: zero }).error).toBe('InvalidSeal');
  });
});
