// Sub-mechanisms end to end through the node with @polkadot/api: sudo_set_mechanism_count(2), weights on mechanism
// 0 and on mechanism 1 (set_mechanism_weights mecid 1), one epoch — each mechanism's Incentive is its own weight row
// (a single validator's Yuma incentive is its normalised row), stored at mecid × 4096 + netuid and served by
// get_mechagraph; a mechanism that does not exist is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnv, createSubnet, type Env, TAO } from './env.ts';

let env: Env;
beforeAll(async () => { env = await startEnv(); }, 60_000);
afterAll(async () => { await env?.stop(); });

describe('sub-mechanisms through the node', () => {
  it('mechanism 1 runs its own epoch: incentive and dividends non-empty and as its weights say', async () => {
    const { api } = env;
    const q = api.query.subtensorModule as any;
    const call = api.call as any;
    const [alice, bob, charlie] = [env.key('//Alice'), env.key('//Bob'), env.key('//Charlie')];
    const [aliceHot, bobHot, charlieHot] = [env.key('//Alice_hk'), env.key('//Bob_hk'), env.key('//Charlie_hk')];
    const netuid = await createSubnet(env, alice, aliceHot);
    for (const [cold, hot] of [[bob, bobHot], [charlie, charlieHot]] as const)
      expect((await env.send(api.tx.subtensorModule.burnedRegister(netuid, hot.address), cold)).ok).toBe(true);
    expect((await env.send(api.tx.balances.transferKeepAlive(aliceHot.address, 10n * TAO), alice)).ok).toBe(true);
    expect((await env.send(api.tx.subtensorModule.addStake(aliceHot.address, netuid, 100n * TAO), alice)).ok).toBe(true);
    await env.sudo(api.tx.adminUtils.sudoSetTempo(netuid, 1000)); // epochs only when asked
    await env.sudo(api.tx.adminUtils.sudoSetMaxAllowedUids(netuid, 128)); // two mechanisms × 128 uids ≤ 256
    await env.sudo(api.tx.adminUtils.sudoSetMechanismCount(netuid, 2));
    expect(Number(await q.mechanismCountCurrent(netuid))).toBe(2);

    const tx = api.tx.subtensorModule;
    const bad = await env.send(tx.setMechanismWeights(netuid, 2, [1], [65_535], 0), aliceHot);
    expect(bad.error).toBe('subtensorModule.MechanismDoesNotExist');
    for (const [mecid, uid] of [[0, 1], [1, 2]]) {
      const r = await env.send(tx.setMechanismWeights(netuid, mecid, [uid], [65_535], 0), aliceHot);
      expect(r.ok, r.error).toBe(true);
    }
    await env.provider.send('dev_runEpoch', [netuid]);

    const idx1 = 4096 + netuid;
    expect((await q.incentive(netuid)).toJSON()).toEqual([0, 65_535, 0]);
    expect((await q.incentive(idx1)).toJSON()).toEqual([0, 0, 65_535]);
    const miners = (await api.query.system.events()).filter((r: any) => r.event.method === 'IncentiveAlphaEmittedToMiners')
      .map((r: any) => [r.event.data.netuid.toNumber(), r.event.data.emissions.map((e: any) => e.toBigInt())]);
    expect(miners.map(([n]: any) => n)).toEqual([netuid, idx1]);
    expect(miners[1][1][2]).toBeGreaterThan(0n); // Charlie is paid from mechanism 1
    expect(miners[1][1][1]).toBe(0n);
    expect(miners[0][1][2]).toBe(0n);
    expect(((await q.dividends(netuid)).toJSON() as number[])[0]).toBeGreaterThan(0);

    const m1 = await call.subnetInfoRuntimeApi.getMechagraph(netuid, 1);
    expect(m1.isSome).toBe(true);
    expect(m1.unwrap().netuid.toNumber()).toBe(idx1);
    expect(m1.unwrap().incentives.map((x: any) => x.toNumber())).toEqual([0, 0, 65_535]);
    expect((await call.subnetInfoRuntimeApi.getMechagraph(netuid, 2)).isNone).toBe(true);
  }, 120_000);
});
