// End to end through the real node and @polkadot/api: burn price across 8 registrations in successive blocks
// (§6.1, golden values from an independent model), pruning of a full subnet (§6.3), commit-reveal through pool
// validation and dispatch, and bad input rejected with subtensor's errors.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { u8aToHex } from '@polkadot/util';
import { NodeClient } from './node_client.ts';

const TAO = 1_000_000_000n;
let c: NodeClient;
let netuid: number;
const big = (x: any): bigint => BigInt(x.toString());
const q = () => c.api.query.subtensorModule as any;

// §6.1 model, independent of the runtime: f = max{f : f^h ≤ ½} (Q32, floor after each product); bump ×1.26 (U64F64).
const Q32 = 1n << 32n;
function powQ32(b: bigint, e: number): bigint {
  let acc = Q32;
  for (let bit = 0, x = b; (e >> bit) > 0; bit++) {
    if ((e >> bit) & 1) acc = (acc * x) / Q32;
    if ((e >> (bit + 1)) > 0) x = (x * x) / Q32;
  }
  return acc;
}
function halfLifeFactor(h: number): bigint {
  let lo = 0n, hi = Q32 - 1n;
  while (lo < hi) { const mid = (lo + hi + 1n) / 2n; if (powQ32(mid, h) <= Q32 / 2n) lo = mid; else hi = mid - 1n; }
  return lo;
}
const MULT_126 = 23_242_897_532_874_035_200n; // the f64 1.26 scaled by 2^64 (exact)

beforeAll(async () => {
  c = await NodeClient.start();
  const alice = c.key('//Alice');
  const reg = await c.send(c.api.tx.subtensorModule.registerNetwork(c.key('//Alice//sn').address), alice);
  expect(reg.ok, reg.error).toBe(true);
  netuid = Number(reg.events.find(e => e.name === 'subtensorModule.NetworkAdded')!.data[0].toString());
  expect((await c.sudo(c.api.tx.adminUtils.sudoSetAdminFreezeWindow(0))).ok).toBe(true);
  expect((await c.send(c.api.tx.subtensorModule.startCall(netuid), alice)).ok).toBe(true);
}, 60_000);
afterAll(async () => { await c?.stop(); });

describe('through the node', () => {
  it('burn price moves per §6.1 across 8 registrations in successive blocks; each pays the decayed price', async () => {
    const bob = c.key('//Bob');
    const f = halfLifeFactor(360);
    let burn = big(await q().burn(netuid));
    for (let i = 0; i < 8; i++) {
      const before = big((await c.api.query.system.account(bob.address) as any).data.free);
      const hk = c.key(`//Bob//m${i}`);
      const r = await c.send(c.api.tx.subtensorModule.burnedRegister(netuid, hk.address), bob);
      expect(r.ok, r.error).toBe(true);
      burn = (burn * f) >> 32n; // decayed in this block's on_initialize (stays inside [MinBurn, MaxBurn])
      const fee = big(r.events.find(e => e.name === 'transactionPayment.TransactionFeePaid')!.data[1]);
      const after = big((await c.api.query.system.account(bob.address) as any).data.free);
      expect(before - after - fee).toBe(burn);
      const ev = r.events.find(e => e.name === 'subtensorModule.NeuronRegistered')!;
      expect(ev.data[1].toNumber()).toBe(i + 1);
      burn = (burn * MULT_126) >> 64n;
      expect(big(await q().burn(netuid))).toBe(burn);
    }
    expect((await q().subnetworkN(netuid)).toNumber()).toBe(9);
  }, 60_000);

  it('a full subnet prunes the lowest-emission non-immune uid; an immune uid is not pruned while others exist', async () => {
    const api = c.api;
    for (const call of [
      api.tx.adminUtils.sudoSetTempo(netuid, 1000), // no epoch rewrites Emission during the test
      api.tx.adminUtils.sudoSetMinAllowedUids(netuid, 2),
      api.tx.adminUtils.sudoSetMaxAllowedUids(netuid, 9),
      api.tx.adminUtils.sudoSetMinNonImmuneUids(netuid, 0),
      api.tx.adminUtils.sudoSetImmunityPeriod(netuid, 3),
    ]) { const r = await c.sudo(call); expect(r.ok, `${call.method.method}: ${r.error}`).toBe(true); }
    await c.newBlock(3);
    const emissionKey = q().emission.key(netuid);
    const setEmission = (v: number[]) => c.setStorage([[emissionKey, u8aToHex(api.createType('Vec<u64>', v).toU8a())]]);
    await setEmission([0, 50, 40, 5, 60, 70, 80, 90, 100]);
    const old3 = (await q().keys(netuid, 3)).toString();
    const h1 = c.key('//Bob//prune1');
    const r1 = await c.send(api.tx.subtensorModule.burnedRegister(netuid, h1.address), c.key('//Bob'));
    expect(r1.ok, r1.error).toBe(true);
    expect((await q().uids(netuid, h1.address)).toString()).toBe('3');
    expect((await q().uids(netuid, old3)).isNone).toBe(true);
    expect((await q().subnetworkN(netuid)).toNumber()).toBe(9);

    // uid 3 is now immune (period 3) and has the lowest emission; uid 2 (40) is the lowest non-immune one.
    await setEmission([0, 50, 40, 0, 60, 70, 80, 90, 100]);
    const h2 = c.key('//Bob//prune2');
    const r2 = await c.send(api.tx.subtensorModule.burnedRegister(netuid, h2.address), c.key('//Bob'));
    expect(r2.ok, r2.error).toBe(true);
    expect((await q().uids(netuid, h2.address)).toString()).toBe('2');
    expect((await q().uids(netuid, h1.address)).toString()).toBe('3');
    expect((await c.sudo(api.tx.adminUtils.sudoSetTempo(netuid, 10))).ok).toBe(true);
  }, 60_000);

  it('commit-reveal: too early, wrong salt and too late are rejected with subtensor\'s codes; the right reveal sets weights', async () => {
    const api = c.api;
    const hot = c.key('//Alice//sn'); // owner hotkey, uid 0
    expect((await c.send(api.tx.balances.transferKeepAlive(hot.address, TAO), c.key('//Alice'))).ok).toBe(true);
    expect((await c.sudo(api.tx.adminUtils.sudoSetWeightsSetRateLimit(netuid, 0))).ok).toBe(true);
    expect((await q().commitRevealWeightsEnabled(netuid)).isTrue).toBe(true);
    const uids = [1, 4], values = [100, 300], salt = [11, 22, 33], vk = 0n;
    const preimage = new Uint8Array([...hot.publicKey, ...api.createType('(u16, Vec<u16>, Vec<u16>, Vec<u16>, u64)', [netuid, uids, values, salt, vk]).toU8a()]);
    const hash = blake2AsU8a(preimage, 256);
    const commit = await c.send(api.tx.subtensorModule.commitWeights(netuid, hash), hot);
    expect(commit.ok, commit.error).toBe(true);
    const epoch0 = big(await q().subnetEpochIndex(netuid));

    // Same epoch: the pool refuses the reveal (CommitBlockNotInRevealRange = Custom(17)).
    expect(await c.submit(api.tx.subtensorModule.revealWeights(netuid, uids, values, salt, vk), hot)).toMatch(/Custom error: 17/);
    // Next epoch (tempo 10): a wrong salt matches no commit (CommitNotFound = Custom(16)).
    while (big(await q().subnetEpochIndex(netuid)) === epoch0) await c.newBlock();
    expect(await c.submit(api.tx.subtensorModule.revealWeights(netuid, uids, values, [11, 22, 34], vk), hot)).toMatch(/Custom error: 16/);
    const ok = await c.send(api.tx.subtensorModule.revealWeights(netuid, uids, values, salt, vk), hot);
    expect(ok.ok, ok.error).toBe(true);
    expect(ok.events.map(e => e.name)).toContain('subtensorModule.WeightsRevealed');
    expect((await q().weights(netuid, 0)).toJSON()).toEqual([[1, 21845], [4, 65535]]);

    // A commit left past its reveal epoch: the pool refuses the late reveal too.
    const salt2 = [5];
    const hash2 = blake2AsU8a(new Uint8Array([...hot.publicKey, ...api.createType('(u16, Vec<u16>, Vec<u16>, Vec<u16>, u64)', [netuid, uids, values, salt2, vk]).toU8a()]), 256);
    expect((await c.send(api.tx.subtensorModule.commitWeights(netuid, hash2), hot)).ok).toBe(true);
    const e1 = big(await q().subnetEpochIndex(netuid));
    while (big(await q().subnetEpochIndex(netuid)) < e1 + 2n) await c.newBlock();
    expect(await c.submit(api.tx.subtensorModule.revealWeights(netuid, uids, values, salt2, vk), hot)).toMatch(/Custom error: 17/);
  }, 120_000);

  it('bad input fails with subtensor\'s errors and changes nothing but the fee', async () => {
    const api = c.api;
    const bob = c.key('//Bob');
    const nBefore = (await q().subnetworkN(netuid)).toNumber();
    const r1 = await c.send(api.tx.subtensorModule.burnedRegister(77, c.key('//Bob//x').address), bob);
    expect(r1.error).toBe('subtensorModule.SubnetNotExists');
    expect((await q().subnetworkN(netuid)).toNumber()).toBe(nBefore);
    const r2 = await c.send(api.tx.adminUtils.sudoSetRho(netuid, 5), bob);
    expect(r2.error).toBe('BadOrigin');
    expect((await q().rho(netuid)).toNumber()).toBe(10);
    expect((await c.sudo(api.tx.adminUtils.sudoSetCommitRevealWeightsEnabled(netuid, false))).ok).toBe(true);
    const hot = c.key('//Alice//sn');
    const before = (await q().weights(netuid, 0)).toJSON();
    const r3 = await c.send(api.tx.subtensorModule.setWeights(netuid, [1, 1], [1, 2], 0), hot);
    expect(r3.error).toBe('subtensorModule.DuplicateUids');
    const r4 = await c.send(api.tx.subtensorModule.setWeights(netuid, [1, 2], [1], 0), hot);
    expect(r4.error).toBe('subtensorModule.WeightVecNotEqualSize');
    const r5 = await c.send(api.tx.subtensorModule.setWeights(netuid, Array.from({ length: 12 }, (_, i) => i), Array(12).fill(1), 0), hot);
    expect(r5.error).toBe('subtensorModule.UidsLengthExceedUidsInSubNet');
    expect((await q().weights(netuid, 0)).toJSON()).toEqual(before);
    const r6 = await c.send(api.tx.subtensorModule.burnedRegister(netuid, c.key('//Eve//x').address), c.key('//Ferdie//poor'));
    expect(r6.error ?? '').toMatch(/pool/); // an account with no funds cannot even pay the fee
  }, 60_000);
});
