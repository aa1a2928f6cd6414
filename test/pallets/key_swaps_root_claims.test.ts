// Key swaps move root-claim state as HEAD's swap_hotkey / swap_coldkey do (runtime harness, state set up directly):
// - swap_hotkey over root: the new hotkey must be clean on root (no RootClaimable rates, no root stake, no
//   RootClaimed entry on root), else NewHotKeyNotCleanForRootSwap; RootClaimable rates are added into the new
//   hotkey's, RootClaimed(subnet, old, coldkey) moves to (subnet, new, coldkey) for every subnet in those rates, and an
//   explicitly set AutoParentDelegationEnabled flag follows the key.
// - swap_coldkey: RootClaimed(netuid, hotkey, old) moves to (netuid, hotkey, new) on each subnet where the new
//   coldkey ends up with stake on that hotkey (HEAD's condition), and the auto-claim index (StakingColdkeys) swaps
//   the old coldkey for the new one.
import { describe, it, expect, beforeAll } from 'vitest';
import { TestChain } from '../helpers/runtime_harness.ts';
import { signed, ROOT } from '../../runtime/frame/dispatch.ts';
import { OverlayState } from '../../runtime/frame/state.ts';
import { withState } from '../../runtime/frame/externalities.ts';
import { stakingStorage as K } from '../../runtime/pallets/subtensor/staking/storage.ts';
import { subnetStorage as S } from '../../runtime/pallets/subtensor/subnets/storage.ts';
import { increaseStake } from '../../runtime/pallets/subtensor/staking/shares.ts';
import { maybeAddColdkeyIndex } from '../../runtime/pallets/subtensor/staking/claim_root.ts';
import { subtensorErrors } from '../../runtime/pallets/subtensor/errors.ts';

const errorBytes = (name: string) => new Uint8Array([Object.keys(subtensorErrors).indexOf(name), 0, 0, 0]);

const TAO = 1_000_000_000n;
let chain: TestChain;
let n1: number, n2: number;
const write = (fn: () => void) => { const ov = new OverlayState(chain.state); withState(ov, fn); chain.state.apply(ov.changes()); };
const read = <T>(fn: () => T): T => chain.query(fn);
const hex = (a: Uint8Array) => Buffer.from(a).toString('hex');
const claimable = (hot: Uint8Array) => read(() => K.RootClaimable.get(hot).map(([n, v]) => [n, v.bits]));

beforeAll(async () => {
  chain = await TestChain.create();
  const { alice } = chain;
  for (const seed of ['//Alice//n1', '//Alice//n2']) {
    const r = chain.dispatch(signed(alice.publicKey), 'SubtensorModule', 'register_network', { hotkey: chain.pair(seed).publicKey });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
  }
  const nets = read(() => S.NetworksAdded.entries().filter(([n, a]) => a && n !== 0).map(([n]) => n).sort((a, b) => a - b));
  [n1, n2] = nets.slice(-2);
}, 60_000);

describe('key swaps and root claims', () => {
  it('swap_hotkey: clean-for-root gate, RootClaimable merged, RootClaimed moved, AutoParentDelegationEnabled follows', () => {
    const bob = chain.bob;
    const old = chain.pair('//Bob//rc-old').publicKey, fresh = chain.pair('//Bob//rc-new').publicKey;
    const dirty1 = chain.pair('//Bob//rc-dirty1').publicKey, dirty2 = chain.pair('//Bob//rc-dirty2').publicKey;
    const c1 = chain.pair('//Charlie//rc-c1').publicKey, c2 = chain.pair('//Dave//rc-c2').publicKey;
    for (const h of [old, fresh, dirty1, dirty2]) {
      const r = chain.dispatch(signed(bob.publicKey), 'SubtensorModule', 'try_associate_hotkey', { hotkey: h });
      expect(r.ok).toBe(true);
    }
    const X = 7n << 32n, Y = 3n << 31n;
    write(() => {
      K.RootClaimable.set(old, [[n1, { bits: X }], [n2, { bits: Y }]].sort(([a], [b]) => (a as number) - (b as number)) as any);
      K.RootClaimed.set(n1, old, c1, 111n);
      K.RootClaimed.set(n2, old, c2, 222n);
      K.RootClaimed.set(n2, old, c1, 5n);
      S.AutoParentDelegationEnabled.set(old, false);
      K.RootClaimable.set(dirty1, [[n1, { bits: 1n }]] as any);
      K.RootClaimed.set(0, dirty2, c1, 0n);
    });
    for (const dirty of [dirty1, dirty2]) {
      const r = chain.dispatch(signed(bob.publicKey), 'SubtensorModule', 'swap_hotkey', { hotkey: old, new_hotkey: dirty, netuid: null });
      expect(r.ok).toBe(false);
      expect(r.error).toEqual({ type: 'Module', value: { index: 7, error: errorBytes('NewHotKeyNotCleanForRootSwap') } });
    }
    expect(claimable(old)).toEqual([[n1, X], [n2, Y]].sort((a, b) => (a[0] as number) - (b[0] as number)));
    const ok = chain.dispatch(signed(bob.publicKey), 'SubtensorModule', 'swap_hotkey', { hotkey: old, new_hotkey: fresh, netuid: null });
    expect(ok.ok, JSON.stringify(ok.error)).toBe(true);
    expect(claimable(old)).toEqual([]);
    expect(claimable(fresh)).toEqual([[n1, X], [n2, Y]].sort((a, b) => (a[0] as number) - (b[0] as number)));
    expect(read(() => K.RootClaimed.iterPrefix(n1, old).length + K.RootClaimed.iterPrefix(n2, old).length)).toBe(0);
    expect(read(() => [K.RootClaimed.get(n1, fresh, c1), K.RootClaimed.get(n2, fresh, c2), K.RootClaimed.get(n2, fresh, c1)])).toEqual([111n, 222n, 5n]);
    expect(read(() => [S.AutoParentDelegationEnabled.contains(old), S.AutoParentDelegationEnabled.get(fresh)])).toEqual([false, false]);
  });

  it('swap_coldkey: RootClaimed follows where the new coldkey holds the stake; the auto-claim index swaps keys', () => {
    const old = chain.pair('//Eve//rc-cold-old').publicKey, fresh = chain.pair('//Eve//rc-cold-new').publicKey;
    const hot = chain.pair('//Bob//rc-staked').publicKey;
    expect(chain.dispatch(signed(chain.bob.publicKey), 'SubtensorModule', 'try_associate_hotkey', { hotkey: hot }).ok).toBe(true);
    write(() => {
      maybeAddColdkeyIndex(chain.ferdie.publicKey);
      increaseStake(hot, old, 0, 5n * TAO);
      increaseStake(hot, old, n1, 3n * TAO);
      K.StakingHotkeys.set(old, [hot]);
      maybeAddColdkeyIndex(old);
      maybeAddColdkeyIndex(chain.eve.publicKey); // so that the old coldkey is not the last index
      K.RootClaimed.set(n1, hot, old, 40n);
      K.RootClaimed.set(n2, hot, old, 50n);
    });
    const oldIndex = read(() => K.StakingColdkeys.get(old));
    const count = read(() => K.NumStakingColdkeys.get());
    const r = chain.dispatch(ROOT, 'SubtensorModule', 'swap_coldkey', { old_coldkey: old, new_coldkey: fresh, swap_cost: 0n });
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    expect(read(() => [K.RootClaimed.contains(n1, hot, old), K.RootClaimed.get(n1, hot, fresh)])).toEqual([false, 40n]);
    // No stake on n2 for the new coldkey: HEAD leaves that entry where it was.
    expect(read(() => [K.RootClaimed.get(n2, hot, old), K.RootClaimed.contains(n2, hot, fresh)])).toEqual([50n, false]);
    // maybe_add(new) then maybe_remove(old): the new coldkey, appended last, is moved into the old one's slot.
    expect(read(() => [K.StakingColdkeys.contains(old), K.StakingColdkeys.get(fresh), K.NumStakingColdkeys.get()])).toEqual([false, oldIndex, count]);
    expect(read(() => hex(K.StakingColdkeysByIndex.get(oldIndex!)!))).toBe(hex(fresh));
  });
});
