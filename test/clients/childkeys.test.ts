// Childkeys end to end through the real node and @polkadot/api, as `btcli stake child set/take` and the SDK's
// set_children drive them: bad requests fail with HEAD's errors and change nothing; set_children is scheduled with
// HEAD's cooldown and applied at the subnet's epoch after it; from then on the epoch counts the parent's stake for
// the child (the parent, having given all of it, weighs nothing).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnv, createSubnet, type Env, TAO } from './env.ts';

const MAX = (1n << 64n) - 1n;
let env: Env;
beforeAll(async () => { env = await startEnv(); }, 60_000);
afterAll(async () => { await env?.stop(); });

describe('childkeys through the node', () => {
  it('set_children / set_childkey_take: errors leave state unchanged; scheduled, applied at the epoch, inherited by the epoch', async () => {
    const { api } = env;
    const q = api.query.subtensorModule as any;
    const [alice, bob, charlie] = [env.key('//Alice'), env.key('//Bob'), env.key('//Charlie')];
    const [aliceHot, bobHot, charlieHot] = [env.key('//Alice_hk'), env.key('//Bob_hk'), env.key('//Charlie_hk')];
    const netuid = await createSubnet(env, alice, aliceHot);
    for (const [cold, hot] of [[bob, bobHot], [charlie, charlieHot]] as const) {
      const r = await env.send(api.tx.subtensorModule.burnedRegister(netuid, hot.address), cold);
      expect(r.ok, r.error).toBe(true);
    }
    const staked = await env.send(api.tx.subtensorModule.addStake(bobHot.address, netuid, 100n * TAO), bob);
    expect(staked.ok, staked.error).toBe(true);
    await env.sudo(api.tx.subtensorModule.setPendingChildkeyCooldown(2));
    // No epoch of its own while the test runs: epochs come from dev_runEpoch only.
    await env.sudo(api.tx.adminUtils.sudoSetTempo(netuid, 1000));
    expect((await q.pendingChildKeyCooldown()).toBigInt()).toBe(2n);

    const state = async () => JSON.stringify([
      (await q.childKeys(bobHot.address, netuid)).toJSON(), (await q.pendingChildKeys(netuid, bobHot.address)).toJSON(),
      (await q.parentKeys(charlieHot.address, netuid)).toJSON(), (await q.childkeyTake(bobHot.address, netuid)).toJSON(),
    ]);
    const before = await state();
    const tx = api.tx.subtensorModule;
    const fails: [any, any, string][] = [
      [tx.setChildren(bobHot.address, netuid, [[MAX, charlieHot.address]]), charlie, 'subtensorModule.NonAssociatedColdKey'],
      [tx.setChildren(bobHot.address, netuid, [[MAX, bobHot.address]]), bob, 'subtensorModule.InvalidChild'],
      [tx.setChildren(bobHot.address, netuid, [1, 2, 3, 4, 5, 6].map(i => [1n, env.key(`//Child${i}`).address])), bob, 'subtensorModule.TooManyChildren'],
      [tx.setChildren(bobHot.address, 0, [[MAX, charlieHot.address]]), bob, 'subtensorModule.RegistrationNotPermittedOnRootSubnet'],
      [tx.setChildkeyTake(bobHot.address, netuid, 65_535), bob, 'subtensorModule.InvalidChildkeyTake'],
      [tx.setPendingChildkeyCooldown(0), bob, 'BadOrigin'],
    ];
    for (const [call, signer, error] of fails) {
      const r = await env.send(call, signer);
      expect(r.ok).toBe(false);
      expect(r.error).toBe(error);
    }
    expect(await state()).toBe(before);

    // Scheduled: cooldown block = inclusion block + 2.
    const set = await env.send(tx.setChildren(bobHot.address, netuid, [[MAX, charlieHot.address]]), bob);
    expect(set.ok, set.error).toBe(true);
    const included = (await api.rpc.chain.getHeader()).number.toNumber();
    const scheduled = set.events.find(e => e.name === 'subtensorModule.SetChildrenScheduled')!;
    expect(scheduled.data[0].toString()).toBe(bobHot.address);
    expect(scheduled.data[2].toBigInt()).toBe(BigInt(included + 2));
    expect((await q.childKeys(bobHot.address, netuid)).toJSON()).toEqual([]);
    // A second set_children within 150 blocks is rate limited.
    const again = await env.send(tx.setChildren(bobHot.address, netuid, []), bob);
    expect(again.error).toBe('subtensorModule.TxRateLimitExceeded');

    const take = await env.send(tx.setChildkeyTake(charlieHot.address, netuid, 1000), charlie);
    expect(take.ok, take.error).toBe(true);
    expect((await q.childkeyTake(charlieHot.address, netuid)).toNumber()).toBe(1000);

    const uids = async () => [Number(await q.uids(netuid, bobHot.address)), Number(await q.uids(netuid, charlieHot.address))];
    const [bobUid, charlieUid] = await uids();
    const stakeWeight = async () => (await q.stakeWeight(netuid)).toJSON() as number[];

    // The epoch after the cooldown applies the children (and this epoch still used the old stakes).
    await env.newBlocks(1);
    expect((await q.pendingChildKeys(netuid, bobHot.address)).toJSON()[1]).toBe(included + 2);
    await env.provider.send('dev_runEpoch', [netuid]);
    const links = (v: any) => v.map(([p, who]: any) => [p.toBigInt(), who.toString()]);
    expect(links(await q.childKeys(bobHot.address, netuid))).toEqual([[MAX, charlieHot.address]]);
    expect(links(await q.parentKeys(charlieHot.address, netuid))).toEqual([[MAX, bobHot.address]]);
    expect((await q.pendingChildKeys(netuid, bobHot.address)).toJSON()).toEqual([[], 0]);
    const w0 = await stakeWeight();
    expect(w0[bobUid]).toBeGreaterThan(0);
    expect(w0[charlieUid]).toBe(0);
    const epochEvents = (await api.query.system.events()).map((r: any) => `${r.event.section}.${r.event.method}`);
    expect(epochEvents).toContain('subtensorModule.SetChildren');

    // Next epoch: Bob's stake now counts for Charlie.
    await env.provider.send('dev_runEpoch', [netuid]);
    const w1 = await stakeWeight();
    expect(w1[bobUid]).toBe(0);
    expect(w1[charlieUid]).toBeGreaterThan(0);
  }, 120_000);
});
