// Coinbase details through the node with @polkadot/api: the owner turns the owner cut off (no PendingOwnerCut
// accrues while miners' and validators' pending alpha does), MinerBurned records that all of a tempo's miner
// emission went to the owner's own hotkey (1.0 in U96F32 = 2^32), and sudo_set_owner_cut_auto_lock_enabled
// (AdminUtils 95) checks origin and root like HEAD and leaves state unchanged when refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnv, createSubnet, type Env, TAO } from './env.ts';

let env: Env;
beforeAll(async () => { env = await startEnv(); }, 60_000);
afterAll(async () => { await env?.stop(); });

describe('coinbase details through the node', () => {
  it('OwnerCutEnabled false, MinerBurned, owner-cut auto-lock setter', async () => {
    const { api } = env;
    const q = api.query.subtensorModule as any;
    const admin = api.tx.adminUtils;
    const [alice, bob] = [env.key('//Alice'), env.key('//Bob')];
    const aliceHot = env.key('//Alice_hk');
    const netuid = await createSubnet(env, alice, aliceHot);

    const autoLock = async () => (await q.ownerCutAutoLockEnabled(netuid)).isTrue;
    expect(await autoLock()).toBe(false);
    expect((await env.send(admin.sudoSetOwnerCutAutoLockEnabled(netuid, true), bob)).error).toBe('BadOrigin');
    await expect(env.sudo(admin.sudoSetOwnerCutAutoLockEnabled(0, true))).rejects.toThrow(/NotPermittedOnRootSubnet/);
    expect(await autoLock()).toBe(false);
    expect((await env.send(admin.sudoSetOwnerCutAutoLockEnabled(netuid, true), alice)).ok).toBe(true);
    expect(await autoLock()).toBe(true);

    expect((await env.send(admin.sudoSetOwnerCutEnabled(netuid, false), alice)).ok).toBe(true);
    expect((await env.send(api.tx.subtensorModule.addStake(aliceHot.address, netuid, 100n * TAO), alice)).ok).toBe(true);
    expect((await env.send(api.tx.balances.transferKeepAlive(aliceHot.address, 10n * TAO), alice)).ok).toBe(true);
    expect((await env.send(api.tx.subtensorModule.setMechanismWeights(netuid, 0, [0], [65_535], 0), aliceHot)).ok).toBe(true);
    await env.sudo(admin.sudoSetTempo(netuid, 1000));
    await env.newBlocks(3);
    expect((await q.pendingServerEmission(netuid)).toBigInt()).toBeGreaterThan(0n);
    expect((await q.pendingOwnerCut(netuid)).toBigInt()).toBe(0n);

    await env.provider.send('dev_runEpoch', [netuid]);
    expect((await q.incentive(netuid)).toJSON()).toEqual([65_535]);
    expect((await q.minerBurned(netuid)).bits.toBigInt()).toBe(1n << 32n);
  }, 120_000);
});
