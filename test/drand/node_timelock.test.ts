// End to end on the real node with `--drand dev`: the node's dev beacon feeds pulses through the unsigned
// Drand.write_pulse, a validator commits its weights timelocked exactly as bittensor-drand builds them (to the
// beacon key the chain's BeaconConfig holds), and the chain reveals them in the first block of the next epoch,
// where that block's epoch already uses them; a garbage commit in the same epoch is dropped without harm.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { u8aToHex } from '@polkadot/util';
import { startEnv, createSubnet, type Env, TAO } from '../clients/env.ts';
import { tlockEncrypt, weightsPayload } from '../helpers/tlock_encrypt.ts';

const U16_MAX = 65535;
const SELF_WEIGHT = 16384;

let env: Env;
beforeAll(async () => { env = await startEnv({ drand: { kind: 'dev' } }); }, 60_000);
afterAll(async () => { await env?.stop(); });

describe('drand dev beacon → timelocked weights → epoch', () => {
  it('pulses arrive as verified write_pulse extrinsics', async () => {
    const q = env.api.query.drand as any;
    await env.newBlocks(1);
    await env.node.drand!.lastPass;
    const last0 = (await q.lastStoredRound()).toBigInt();
    await env.newBlocks(1); // includes the worker's write_pulse
    const head = await env.api.rpc.chain.getBlockHash();
    const events = (await (await env.api.at(head)).query.system.events()) as any;
    const pulses = events.filter((r: any) => r.event.section === 'drand' && r.event.method === 'NewPulse');
    expect(pulses.length).toBe(1);
    const last = (await q.lastStoredRound()).toBigInt();
    expect(last).toBeGreaterThan(last0);
    expect((await q.pulses(last)).isSome).toBe(true);
    // The extrinsic is unsigned (bare), as HEAD's offchain worker submits it.
    const block = await env.api.rpc.chain.getBlock(head);
    const xt = block.block.extrinsics.find(x => x.method.section === 'drand')!;
    expect(xt.isSigned).toBe(false);
    expect(xt.method.method).toBe('writePulse');
  });

  it('a commit_timelocked_mechanism_weights commit is revealed in the next epoch\'s first block and sets incentive', async () => {
    const { api } = env;
    const st = api.query.subtensorModule as any;
    const [alice, bob] = [env.key('//Alice'), env.key('//Bob')];
    const [aliceHot, bobHot] = [env.key('//Alice_hk'), env.key('//Bob_hk')];
    const netuid = await createSubnet(env, alice, aliceHot);
    await env.sudo(api.tx.adminUtils.sudoSetCommitRevealWeightsEnabled(netuid, true));
    expect((await env.send(api.tx.subtensorModule.burnedRegister(netuid, bobHot.address), bob)).ok).toBe(true);
    for (const hk of [aliceHot, bobHot]) expect((await env.send(api.tx.balances.transferKeepAlive(hk.address, 10n * TAO), alice)).ok).toBe(true);

    // Past the first epoch, so Alice (owner, only staker) holds a validator permit.
    const epochIndex = async () => Number((await st.subnetEpochIndex(netuid)).toString());
    const first = await epochIndex();
    while ((await epochIndex()) === first) await env.newBlocks(1);

    const round = (await (api.query.drand as any).lastStoredRound()).toBigInt();
    const beaconKey = (await (api.query.drand as any).beaconConfig()).publicKey.toU8a(true);
    const payload = weightsPayload(aliceHot.publicKey, [0, 1], [SELF_WEIGHT, U16_MAX], 0n);
    const commit = await env.send(api.tx.subtensorModule.commitTimelockedMechanismWeights(netuid, 0, u8aToHex(tlockEncrypt(payload, round, beaconKey, 'e2e')), round, 4), aliceHot);
    expect(commit.ok, commit.error).toBe(true);
    expect(commit.events.map(e => e.name)).toContain('subtensorModule.TimelockedWeightsCommitted');
    const garbage = await env.send(api.tx.subtensorModule.commitTimelockedMechanismWeights(netuid, 0, u8aToHex(new Uint8Array(180).fill(3)), round, 4), bobHot);
    expect(garbage.ok, garbage.error).toBe(true);
    const commitEpoch = await epochIndex();
    const revealPeriod = Number((await st.revealPeriodEpochs(netuid)).toString());
    expect((await st.weights(netuid, 0)).toJSON()).toEqual([]);

    // Build blocks until the epoch counter reaches the reveal epoch: that block reveals, then runs the epoch.
    let revealed: any[] = [];
    for (let i = 0; i < 400 && (await epochIndex()) < commitEpoch + revealPeriod; i++) {
      await env.newBlocks(1);
      const events = (await (await api.at(await api.rpc.chain.getBlockHash())).query.system.events()) as any;
      revealed = events.filter((r: any) => r.event.section === 'subtensorModule' && r.event.method === 'TimelockedWeightsRevealed');
      if ((await epochIndex()) < commitEpoch + revealPeriod) expect(revealed).toEqual([]);
    }
    expect(await epochIndex()).toBe(commitEpoch + revealPeriod);
    expect(revealed.map((r: any) => [r.event.data[0].toNumber(), r.event.data[1].toString()])).toEqual([[netuid, aliceHot.address]]);
    // max-upscaled row: 16384 stays, 65535 stays.
    expect((await st.weights(netuid, 0)).toJSON()).toEqual([[0, SELF_WEIGHT], [1, U16_MAX]]);
    expect((await st.weights(netuid, 1)).toJSON()).toEqual([]);
    expect((await st.timelockedWeightCommits.entries(netuid)).every(([, v]: any) => v.length === 0)).toBe(true);

    // The same block's epoch used the revealed row: a single validator's consensus = incentive = her normalised row.
    const neurons = (await (api.call as any).neuronInfoRuntimeApi.getNeuronsLite(netuid)).toArray();
    const rowSum = SELF_WEIGHT + U16_MAX;
    const expectU16 = (got: number, w: number) => expect(Math.abs(got - Math.floor((w / rowSum) * U16_MAX))).toBeLessThanOrEqual(1);
    expectU16(neurons[1].incentive.toNumber(), U16_MAX);
    expectU16(neurons[0].incentive.toNumber(), SELF_WEIGHT);
  });
});
