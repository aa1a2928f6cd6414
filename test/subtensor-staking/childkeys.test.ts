// Childkeys in-process: set_children's checks in HEAD's order with state untouched on failure, scheduling and the
// cooldown, ChildKeys/ParentKeys kept mirrored, childkey take limits and rate limit, inherited stake (HEAD's Rust
// test scenarios from tests/children.rs, and an exact independent fixed-point computation), and the dividend split
// between a child and its parents with childkey take and CK burn, hand-derived below.
import { describe, it, expect } from 'vitest';
import { Env, TAO, acct } from './env.ts';
import { ROOT } from '../../runtime/frame/dispatch.ts';
import { stakingStorage as S } from '../../runtime/pallets/subtensor/staking/storage.ts';
import { subnetStorage as N } from '../../runtime/pallets/subtensor/subnets/storage.ts';
import { increaseStake, noteStakingHotkey } from '../../runtime/pallets/subtensor/staking/shares.ts';
import { appendNeuron } from '../../runtime/pallets/subtensor/subnets/registration.ts';
import { doSetPendingChildren, doSetRootValidatorsForSubnet } from '../../runtime/pallets/subtensor/staking/set_children.ts';
import { inheritedStakes } from '../../runtime/pallets/subtensor/staking/stake_utils.ts';
import { parentChildDividends } from '../../runtime/pallets/subtensor/coinbase/distribute_emission.ts';
import { buildEpochInput } from '../../runtime/pallets/subtensor/coinbase/epoch_io.ts';

const MAX = (1n << 64n) - 1n;
const NET = 1;
const cold = acct(1), other = acct(2);
const parent = acct(10), child1 = acct(11), child2 = acct(12), child3 = acct(13), self2 = acct(14);

/** Subnet 1 started, `parent` owned by `cold` with 10 TAO of alpha; children owned by `other`. */
function setup(opts: { started?: boolean } = {}): Env {
  const env = new Env();
  env.addSubnet(NET, 1, 1_000n * TAO, 1_000n * TAO);
  env.ownHotkey(cold, parent);
  for (const c of [child1, child2, child3]) env.ownHotkey(other, c);
  env.run(() => {
    if (opts.started === false) N.SubtokenEnabled.set(NET, false);
    increaseStake(parent, cold, NET, 10n * TAO);
    noteStakingHotkey(cold, parent); // as staking does: HEAD's lock check sums the coldkey's StakingHotkeys
    N.PendingChildKeyCooldown.set(5n);
  });
  env.setBlock(100);
  return env;
}

function expectFails(env: Env, who: Uint8Array | typeof ROOT, call: string, args: Record<string, any>, error: string) {
  const before = env.snapshot();
  const events = env.events.length;
  expect(env.dispatch(who, call, args)).toEqual({ ok: false, error });
  expect(env.snapshot()).toBe(before);
  expect(env.events.length).toBe(events);
}

const setChildren = (children: [bigint, Uint8Array][], netuid = NET) => ({ hotkey: parent, netuid, children });

describe('set_children checks (HEAD do_schedule_children order), state unchanged on failure', () => {
  it('each bad request gets its error', () => {
    const env = setup();
    expectFails(env, other, 'set_children', setChildren([[MAX, child1]]), 'SubtensorModule.NonAssociatedColdKey');
    expectFails(env, cold, 'set_children', setChildren([[MAX, child1]], 0), 'SubtensorModule.RegistrationNotPermittedOnRootSubnet');
    expectFails(env, cold, 'set_children', setChildren([[MAX, child1]], 7), 'SubtensorModule.SubnetNotExists');
    expectFails(env, cold, 'set_children', setChildren([[1n, child1], [2n, child1]]), 'SubtensorModule.DuplicateChild');
    expectFails(env, cold, 'set_children', setChildren([[MAX, parent]]), 'SubtensorModule.InvalidChild');
    const six = [20, 21, 22, 23, 24, 25].map(i => [1n, acct(i)] as [bigint, Uint8Array]);
    expectFails(env, cold, 'set_children', setChildren(six), 'SubtensorModule.TooManyChildren');
    expectFails(env, cold, 'set_children', setChildren([[MAX, child1], [1n, child2]]), 'SubtensorModule.ProportionOverflow');
    env.run(() => N.StakeThreshold.set(11n * TAO)); // own stake is 10 TAO × price 1
    expectFails(env, cold, 'set_children', setChildren([[MAX, child1]]), 'SubtensorModule.NotEnoughStakeToSetChildkeys');
    // Revoking (no children) needs no stake.
    expect(env.dispatch(cold, 'set_children', setChildren([]))).toEqual({ ok: true });
  });

  it('a hotkey cannot be both child and parent of the same hotkey; 150 blocks between two set_children', () => {
    const env = setup({ started: false }); // applied at once
    expect(env.dispatch(cold, 'set_children', setChildren([[MAX, child1]]))).toEqual({ ok: true });
    expect(env.run(() => N.ParentKeys.get(child1, NET))).toEqual([[MAX, parent]]);
    // child1 (owned by `other`) naming its parent as its child.
    expectFails(env, other, 'set_children', { hotkey: child1, netuid: NET, children: [[1n, parent]] }, 'SubtensorModule.ChildParentInconsistency');
    env.setBlock(249);
    expectFails(env, cold, 'set_children', setChildren([[MAX, child2]]), 'SubtensorModule.TxRateLimitExceeded');
    env.setBlock(250);
    expect(env.dispatch(cold, 'set_children', setChildren([[MAX, child2]]))).toEqual({ ok: true });
  });
});

describe('scheduling, cooldown and the mirrored maps', () => {
  it('set_children schedules; the children apply only once the cooldown block has passed', () => {
    const env = setup();
    const children: [bigint, Uint8Array][] = [[MAX / 4n, child2], [MAX / 2n, child1]];
    expect(env.dispatch(cold, 'set_children', setChildren(children))).toEqual({ ok: true });
    // cooldown block = 100 + PendingChildKeyCooldown (5); the event carries the children as given.
    expect(env.events.at(-1)).toMatchObject({ name: 'SetChildrenScheduled', value: [parent, NET, 105n, children] });
    expect(env.run(() => N.PendingChildKeys.get(NET, parent))).toEqual([children, 105n]);
    env.setBlock(105);
    env.run(() => doSetPendingChildren(NET));
    expect(env.run(() => N.ChildKeys.get(parent, NET))).toEqual([]); // 105 < 105 is false: not yet
    env.setBlock(106);
    env.run(() => doSetPendingChildren(NET));
    env.run(() => {
      // Stored in child AccountId order (HEAD persists from a BTreeMap), each child's ParentKeys mirrors it.
      expect(N.ChildKeys.get(parent, NET)).toEqual([[MAX / 2n, child1], [MAX / 4n, child2]]);
      expect(N.ParentKeys.get(child1, NET)).toEqual([[MAX / 2n, parent]]);
      expect(N.ParentKeys.get(child2, NET)).toEqual([[MAX / 4n, parent]]);
      expect(N.PendingChildKeys.contains(NET, parent)).toBe(false);
    });
    expect(env.events.at(-1)).toMatchObject({ name: 'SetChildren', value: [parent, NET, children] });

    // Replacing the children drops the parent from the old child; an empty list removes every entry.
    env.setBlock(300);
    expect(env.dispatch(cold, 'set_children', setChildren([[MAX, child3]]))).toEqual({ ok: true });
    env.setBlock(306);
    env.run(() => doSetPendingChildren(NET));
    env.run(() => {
      expect(N.ChildKeys.get(parent, NET)).toEqual([[MAX, child3]]);
      expect(N.ParentKeys.contains(child1, NET)).toBe(false);
      expect(N.ParentKeys.contains(child2, NET)).toBe(false);
      expect(N.ParentKeys.get(child3, NET)).toEqual([[MAX, parent]]);
    });
    env.setBlock(500);
    expect(env.dispatch(cold, 'set_children', setChildren([]))).toEqual({ ok: true });
    env.setBlock(506);
    env.run(() => doSetPendingChildren(NET));
    env.run(() => {
      expect(N.ChildKeys.contains(parent, NET)).toBe(false);
      expect(N.ParentKeys.contains(child3, NET)).toBe(false);
    });
  });

  it('before start_call the children apply at once; root\'s cooldown setter is root-only', () => {
    const env = setup({ started: false });
    expect(env.dispatch(cold, 'set_children', setChildren([[MAX, child1]]))).toEqual({ ok: true });
    expect(env.run(() => N.ChildKeys.get(parent, NET))).toEqual([[MAX, child1]]);
    expect(env.events.at(-1)!.name).toBe('SetChildren');
    expectFails(env, cold, 'set_pending_childkey_cooldown', { cooldown: 9n }, 'BadOrigin');
    expect(env.dispatch(ROOT, 'set_pending_childkey_cooldown', { cooldown: 9n })).toEqual({ ok: true });
    expect(env.run(() => N.PendingChildKeyCooldown.get())).toBe(9n);
  });

  it('removing stake below StakeThreshold drops the hotkey\'s pending children (HEAD remove_stake step 6)', () => {
    const env = setup();
    env.fund(cold, 100n * TAO);
    env.run(() => N.StakeThreshold.set(5n * TAO));
    expect(env.dispatch(cold, 'set_children', setChildren([[MAX, child1]]))).toEqual({ ok: true });
    expect(env.dispatch(cold, 'remove_stake', { hotkey: parent, netuid: NET, amount_unstaked: 6n * TAO })).toEqual({ ok: true });
    expect(env.run(() => N.PendingChildKeys.contains(NET, parent))).toBe(false);
  });

  it('register_network: root validators that have not opted out become parents of the owner hotkey', () => {
    const env = setup({ started: false });
    const validatorA = acct(30), validatorB = acct(31), ownerHotkey = acct(32);
    env.ownHotkey(cold, validatorA); env.ownHotkey(other, validatorB);
    env.run(() => {
      appendNeuron(0, validatorA, 1n);
      appendNeuron(0, validatorB, 1n);
      N.SubnetOwnerHotkey.set(NET, ownerHotkey);
      N.AutoParentDelegationEnabled.set(validatorB, false);
      doSetRootValidatorsForSubnet(NET);
      expect(N.ChildKeys.get(validatorA, NET)).toEqual([[MAX, ownerHotkey]]);
      expect(N.ChildKeys.contains(validatorB, NET)).toBe(false);
      expect(N.ParentKeys.get(ownerHotkey, NET)).toEqual([[MAX, validatorA]]);
    });
  });
});

describe('childkey take', () => {
  it('limits, rate limit on increases only, event', () => {
    const env = setup();
    env.run(() => { N.MaxChildkeyTake.set(11_796); N.TxChildkeyTakeRateLimit.set(10n); N.MinChildkeyTakePerSubnet.set(NET, 100); });
    const take = (t: number) => ({ hotkey: parent, netuid: NET, take: t });
    expectFails(env, other, 'set_childkey_take', take(500), 'SubtensorModule.NonAssociatedColdKey');
    expectFails(env, cold, 'set_childkey_take', take(11_797), 'SubtensorModule.InvalidChildkeyTake');
    expectFails(env, cold, 'set_childkey_take', take(99), 'SubtensorModule.InvalidChildkeyTake');
    expect(env.dispatch(cold, 'set_childkey_take', take(500))).toEqual({ ok: true });
    expect(env.events.at(-1)).toMatchObject({ name: 'ChildKeyTakeSet', value: [parent, 500] });
    env.setBlock(105);
    expectFails(env, cold, 'set_childkey_take', take(600), 'SubtensorModule.TxChildkeyTakeRateLimitExceeded');
    expect(env.dispatch(cold, 'set_childkey_take', take(400))).toEqual({ ok: true }); // decreases are free
    env.setBlock(115);
    expect(env.dispatch(cold, 'set_childkey_take', take(600))).toEqual({ ok: true });
    expect(env.run(() => N.ChildkeyTake.get(parent, NET))).toBe(600);
    // Root setters.
    expectFails(env, cold, 'sudo_set_max_childkey_take', { take: 1 }, 'BadOrigin');
    expect(env.dispatch(ROOT, 'sudo_set_max_childkey_take', { take: 20_000 })).toEqual({ ok: true });
    expect(env.dispatch(ROOT, 'sudo_set_min_childkey_take', { take: 7 })).toEqual({ ok: true });
    expect(env.dispatch(ROOT, 'sudo_set_tx_childkey_take_rate_limit', { tx_rate_limit: 3n })).toEqual({ ok: true });
    env.run(() => {
      expect([N.MaxChildkeyTake.get(), N.MinChildkeyTake.get(), N.TxChildkeyTakeRateLimit.get()]).toEqual([20_000, 7, 3n]);
    });
    expect(env.events.slice(-3).map(e => e.name)).toEqual(['MaxChildKeyTakeSet', 'MinChildKeyTakeSet', 'TxChildKeyTakeRateLimitSet']);
  });
});

// ── Inherited stake: independent computation of HEAD's U96F32 formula ──
// normalized p = floor(p · 2^32 / (2^64 − 1)) / 2^32; a parent gives floor-free bits stake·p_bits; the total is
// floored once: own − Σ own·p(child) + Σ stake(parent)·p(parent).
const pBits = (p: bigint) => (p << 32n) / MAX;
function expectedInherited(own: bigint, childProps: bigint[], parents: [bigint, bigint][]): bigint {
  let bits = own << 32n;
  for (const p of childProps) bits -= own * pBits(p);
  for (const [stake, p] of parents) bits += stake * pBits(p);
  return bits < 0n ? 0n : bits >> 32n;
}

describe('inherited stake (get_inherited_for_hotkey_on_subnet)', () => {
  it('two parents, one child (HEAD test_get_stake_for_hotkey_on_subnet_multiple_parents_single_child)', () => {
    const env = setup({ started: false });
    const p1 = acct(40), p2 = acct(41), c = acct(42);
    for (const h of [p1, p2, c]) env.ownHotkey(cold, h);
    env.run(() => {
      increaseStake(p1, cold, NET, 1000n);
      increaseStake(p2, cold, NET, 2000n);
    });
    env.setBlock(1000);
    expect(env.dispatch(cold, 'set_children', { hotkey: p1, netuid: NET, children: [[MAX / 2n, c]] })).toEqual({ ok: true });
    expect(env.dispatch(cold, 'set_children', { hotkey: p2, netuid: NET, children: [[MAX / 2n, c]] })).toEqual({ ok: true });
    const [a1, a2, ac] = env.run(() => [p1, p2, c].map(h => inheritedStakes(h, NET)[0]));
    expect(a1).toBe(expectedInherited(1000n, [MAX / 2n], []));
    expect(a2).toBe(expectedInherited(2000n, [MAX / 2n], []));
    expect(ac).toBe(expectedInherited(0n, [], [[1000n, MAX / 2n], [2000n, MAX / 2n]]));
    // HEAD's test expects 500, 1000, 1499 within 10.
    expect(Number(a1 - 500n)).toBeLessThanOrEqual(10);
    expect(Math.abs(Number(a2 - 1000n))).toBeLessThanOrEqual(10);
    expect(Math.abs(Number(ac - 1499n))).toBeLessThanOrEqual(10);
  });

  it('one parent, two children at 1/3 (HEAD test_..._single_parent_multiple_children): total preserved within 10; root stake inherited too', () => {
    const env = setup({ started: false });
    const p = acct(50), c1 = acct(51), c2 = acct(52);
    for (const h of [p, c1, c2]) env.ownHotkey(cold, h);
    env.run(() => { increaseStake(p, cold, NET, 3000n); increaseStake(p, cold, 0, 900n); });
    env.setBlock(1000);
    expect(env.dispatch(cold, 'set_children', { hotkey: p, netuid: NET, children: [[MAX / 3n, c1], [MAX / 3n, c2]] })).toEqual({ ok: true });
    const [sp, s1, s2] = env.run(() => [p, c1, c2].map(h => inheritedStakes(h, NET)));
    expect(sp[0]).toBe(expectedInherited(3000n, [MAX / 3n, MAX / 3n], []));
    expect(s1[0]).toBe(expectedInherited(0n, [], [[3000n, MAX / 3n]]));
    expect(Math.abs(Number(sp[0] + s1[0] + s2[0] - 3000n))).toBeLessThanOrEqual(10);
    expect(s1[1]).toBe(expectedInherited(0n, [], [[900n, MAX / 3n]]));
    expect(sp[1]).toBe(expectedInherited(900n, [MAX / 3n, MAX / 3n], []));
    // The epoch's stake vector is the inherited stake.
    env.run(() => {
      for (const h of [p, c1, c2]) appendNeuron(NET, h, 1n);
      const { input } = buildEpochInput(NET, 0n);
      expect(input.alphaStake).toEqual([sp[0], s1[0], s2[0]]);
      expect(input.rootStake).toEqual([sp[1], s1[1], s2[1]]);
    });
  });
});

describe('dividends shared with parents (get_parent_child_dividends_distribution)', () => {
  // Child C (coldkey `other`): own alpha 1000, no root stake. Parent P (coldkey `cold`): 3000 alpha, all of it
  // delegated (proportion u64::MAX, normalised to exactly 1). Contributions: C 1000, P 3000 → P gets 3/4 of
  // 1,000,000 = 750,000, less the childkey take 6553/65535 of it (and the CK burn), which C keeps.
  function scenario(ckBurn: bigint, sameColdkey = false) {
    const env = setup({ started: false });
    const P = acct(60), C = acct(61);
    env.ownHotkey(cold, P); env.ownHotkey(sameColdkey ? cold : other, C);
    env.run(() => {
      increaseStake(P, cold, NET, 3000n);
      increaseStake(C, other, NET, 1000n);
      N.ChildkeyTake.set(C, NET, 6553);
      N.CKBurn.set(ckBurn);
      S.SubnetAlphaOut.set(NET, 10_000_000n);
    });
    env.setBlock(1000);
    expect(env.dispatch(cold, 'set_children', { hotkey: P, netuid: NET, children: [[MAX, C]] })).toEqual({ ok: true });
    return { env, P, C };
  }
  const takeBits = (6553n << 32n) / 65_535n;
  it('childkey take stays with the child; nothing burned without CKBurn', () => {
    const { env, P, C } = scenario(0n);
    const out = env.run(() => parentChildDividends(C, NET, 1_000_000n));
    // 750,000 · (1 − take): bits 750000·2^32 − 750000·takeBits, floored.
    const parentGets = ((750_000n << 32n) - 750_000n * takeBits) >> 32n;
    const childGets = ((250_000n << 32n) + 750_000n * takeBits) >> 32n;
    expect(parentGets).toBe(675_005n); // 750,000 × (1 − 0.0999924) = 675,005.69
    expect(childGets).toBe(324_994n);
    expect(out).toEqual([[P, parentGets], [C, childGets]]);
    expect(env.run(() => S.SubnetAlphaOut.get(NET))).toBe(10_000_000n);
  });
  it('CK burn is recycled out of SubnetAlphaOut; a parent of the same coldkey pays no take or burn', () => {
    const { env, P, C } = scenario(MAX / 10n);
    const out = env.run(() => parentChildDividends(C, NET, 1_000_000n));
    const burnBits = (MAX / 10n << 32n) / MAX;
    const burn = (750_000n * burnBits) >> 32n;
    const parentGets = ((750_000n << 32n) - 750_000n * burnBits - 750_000n * takeBits) >> 32n;
    expect(out).toEqual([[P, parentGets], [C, ((250_000n << 32n) + 750_000n * takeBits) >> 32n]]);
    expect(env.run(() => S.SubnetAlphaOut.get(NET))).toBe(10_000_000n - burn);
    const same = scenario(MAX / 10n, true);
    expect(same.env.run(() => parentChildDividends(same.C, NET, 1_000_000n))).toEqual([[same.P, 750_000n], [same.C, 250_000n]]);
  });
  it('a validator without parents keeps its whole dividend', () => {
    const env = setup();
    expect(env.run(() => parentChildDividends(self2, NET, 12_345n))).toEqual([[self2, 12_345n]]);
  });
});
