// The localnet story end to end through the real node and @polkadot/api: Alice registers a subnet and starts it;
// 8 hotkeys burn-register in one block (the price bumps ×BurnIncreaseMult per registration and decays per block,
// §6.1); two validators stake and set weights (commit-reveal disabled via AdminUtils sudo); the epoch's persisted
// outputs equal the epoch module run on the pre-epoch storage; miners' and validators' stake grows by exactly what
// was paid; TotalIssuance grows by exactly the block emissions; the halving at 10.5M TAO is exact.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { u8aToHex } from '@polkadot/util';
import { startClient, type Client } from './node_client.ts';
import { runEpochReference } from '../../runtime/pallets/subtensor/epoch/index.ts';
import type { EpochInput } from '../../runtime/pallets/subtensor/epoch/types.ts';

const TAO = 1_000_000_000n;
const HALVING = 10_500_000n * TAO;
let c: Client;

beforeAll(async () => { c = await startClient(); }, 60_000);
afterAll(async () => { await c?.stop(); });

const big = (x: any): bigint => BigInt(x.toString());
const num = (x: any): number => Number(x.toString());

/** Largest f (Q32) with f^h ≤ 0.5, pow by squaring with a floor after every multiply (§6.1). */
function decayFactorQ32(h: number): bigint {
  const mul = (a: bigint, b: bigint) => (a * b) >> 32n;
  const pow = (b: bigint, e: number) => { let r = 1n << 32n, f = b; while (e > 0) { if (e & 1) r = mul(r, f); e >>= 1; if (e > 0) f = mul(f, f); } return r; };
  let lo = 0n, hi = 1n << 32n;
  while (lo + 1n < hi) { const mid = (lo + hi) >> 1n; if (pow(mid, h) > 1n << 31n) hi = mid; else lo = mid; }
  return lo;
}

describe('localnet story', () => {
  it('register, start, burn-register 8, stake, weights, epoch, payouts, issuance, halving', async () => {
    const { api } = c;
    const q = api.query.subtensorModule as any;
    const alice = c.key('//Alice'), bob = c.key('//Bob'), charlie = c.key('//Charlie'), dave = c.key('//Dave');
    const ownerHot = c.key('//Alice//story-owner');
    const vHot = [c.key('//Charlie//validator'), c.key('//Dave//validator')];
    const vCold = [charlie, dave];
    const mHot = Array.from({ length: 6 }, (_, i) => c.key(`//Bob//miner${i}`));
    const sudo = async (call: any) => {
      const r = await c.send(api.tx.sudo.sudo(call), alice);
      expect(r.ok).toBe(true);
      const sudid = r.events.find(e => e.name === 'sudo.Sudid')!;
      const res = sudid.data[0];
      const why = res.isErr && res.asErr.isModule ? (() => { const m = api.registry.findMetaError(res.asErr.asModule); return `${m.section}.${m.name}`; })() : res.toString();
      expect(res.isOk, `${call.method.method}: ${why}`).toBe(true);
    };

    // ── Alice registers a subnet and starts it ──
    const reg = await c.send(api.tx.subtensorModule.registerNetwork(ownerHot.address), alice);
    expect(reg.ok, reg.error).toBe(true);
    const netuid = num(reg.events.find(e => e.name === 'subtensorModule.NetworkAdded')!.data[0]);
    // Tempo 10 with a 10-block admin freeze window leaves no open window: open it first, as localnet setups do.
    await sudo(api.tx.adminUtils.sudoSetAdminFreezeWindow(0));
    await sudo(api.tx.adminUtils.sudoSetCommitRevealWeightsEnabled(netuid, false));
    await sudo(api.tx.adminUtils.sudoSetWeightsSetRateLimit(netuid, 0));
    await sudo(api.tx.adminUtils.sudoSetSubnetOwnerCut(0));
    await sudo(api.tx.adminUtils.sudoSetSubnetEmissionEnabled(netuid, true));
    const start = await c.send(api.tx.subtensorModule.startCall(netuid), alice);
    expect(start.ok, start.error).toBe(true);
    const tempo = num(await q.tempo(netuid));

    // Every later block: ΔTotalIssuance = BlockEmission when the subnet has a moving price to be paid by, else 0.
    let blocksWithEmission = 0, issuanceGrowth = 0n;
    const tracked = async (build: () => Promise<unknown>) => {
      const ti0 = big(await q.totalIssuance());
      const mp0 = big((await q.subnetMovingPrice(netuid)).bits);
      await build();
      const ti1 = big(await q.totalIssuance());
      const emitted = big(await q.blockEmission());
      if (ti1 < HALVING) expect(emitted).toBe(TAO);
      expect(ti1 - ti0).toBe(mp0 > 0n ? emitted : 0n);
      if (mp0 > 0n) { blocksWithEmission++; issuanceGrowth += ti1 - ti0; }
    };

    // ── 8 hotkeys burn-register in one block ──
    const burn0 = big(await q.burn(netuid));
    const recycled0 = big(await q.raoRecycledForRegistration(netuid));
    const mult = big((await q.burnIncreaseMult(netuid)).bits);
    const [minBurn, maxBurn] = [big(await q.minBurn(netuid)), big(await q.maxBurn(netuid))];
    const halfLife = num(await q.burnHalfLife(netuid));
    const clamp = (v: bigint) => (v < minBurn ? minBurn : v > maxBurn ? maxBurn : v);
    for (const h of mHot) await c.submit(api.tx.subtensorModule.burnedRegister(netuid, h.address), bob);
    for (let i = 0; i < 2; i++) await c.submit(api.tx.subtensorModule.burnedRegister(netuid, vHot[i].address), vCold[i]);
    await tracked(() => c.newBlock());
    const regEvents = (await c.headEvents()).filter(e => e.name === 'subtensorModule.NeuronRegistered');
    expect(regEvents.length).toBe(8);
    // Decay once for the block (on_initialize), then one bump per registration.
    let price = clamp((burn0 * decayFactorQ32(halfLife)) >> 32n);
    let paid = 0n;
    for (let k = 0; k < 8; k++) { paid += price; price = clamp((price * mult) >> 64n); }
    expect(big(await q.burn(netuid))).toBe(price);
    expect(big(await q.raoRecycledForRegistration(netuid)) - recycled0).toBe(paid);
    expect(num(await q.subnetworkN(netuid))).toBe(9);
    // Next block: decay only.
    await tracked(() => c.newBlock());
    expect(big(await q.burn(netuid))).toBe(clamp((price * decayFactorQ32(halfLife)) >> 32n));

    // ── Validators: fund hotkeys for fees, stake, take 0 ──
    for (let i = 0; i < 2; i++) {
      expect((await c.send(api.tx.balances.transferKeepAlive(vHot[i].address, 10n * TAO), alice)).ok).toBe(true);
      const st = await c.send(api.tx.subtensorModule.addStake(vHot[i].address, netuid, [100n, 300n][i] * TAO), vCold[i]);
      expect(st.ok, st.error).toBe(true);
      expect(st.events.some(e => e.name === 'subtensorModule.StakeAdded')).toBe(true);
      const tk = await c.send(api.tx.subtensorModule.decreaseTake(vHot[i].address, 0), vCold[i]);
      expect(tk.ok, tk.error).toBe(true);
    }
    const uidOf = async (h: { address: string }) => num((await q.uids(netuid, h.address)).unwrap());
    const vUid = [await uidOf(vHot[0]), await uidOf(vHot[1])];
    const mUid = await Promise.all(mHot.map(uidOf));

    // ── First epoch hands out validator permits by stake ──
    const epochIndex = async () => big(await q.subnetEpochIndex(netuid));
    const e0 = await epochIndex();
    for (let i = 0; i < tempo + 1 && (await epochIndex()) === e0; i++) await tracked(() => c.newBlock());
    expect(await epochIndex()).toBe(e0 + 1n);
    const permits = (await q.validatorPermit(netuid)).toJSON() as boolean[];
    expect(permits[vUid[0]] && permits[vUid[1]]).toBe(true);

    // ── Validators set weights on the miners ──
    const wRows: [number[], number[]][] = [
      [[mUid[0], mUid[1], mUid[2]], [65535, 30000, 10000]],
      [[mUid[0], mUid[2], mUid[3]], [20000, 65535, 5000]],
    ];
    for (let i = 0; i < 2; i++) {
      const r = await c.send(api.tx.subtensorModule.setWeights(netuid, wRows[i][0], wRows[i][1], 0), vHot[i]);
      expect(r.ok, r.error).toBe(true);
    }

    // ── Step to the block before the next epoch ──
    const next = big((await (api.call as any).subnetInfoRuntimeApi.getNextEpochStartBlock(netuid)).unwrap());
    while (BigInt((await api.rpc.chain.getHeader()).number.toNumber()) < next - 1n) await tracked(() => c.newBlock());
    const epochBlock = next;

    // Pre-epoch storage → the epoch's input, read as a client would.
    const n = num(await q.subnetworkN(netuid));
    const uids = Array.from({ length: n }, (_, i) => i);
    const hotkeys = await Promise.all(uids.map(async u => (await q.keys(netuid, u)).toString()));
    const pad = <T>(v: T[], d: T) => uids.map(i => (i < v.length ? v[i] : d));
    const ownerUidOpt = await q.uids(netuid, (await q.subnetOwnerHotkey(netuid)).toString());
    const [alphaLow, alphaHigh] = (await q.alphaValues(netuid)).toJSON() as [number, number];
    const cutoffFactor = big(await q.activityCutoffFactorMilli(netuid));
    const cutoff = (cutoffFactor * BigInt(tempo)) / 1000n;
    const pendingServer = big(await q.pendingServerEmission(netuid));
    const pendingValidator = big(await q.pendingValidatorEmission(netuid));
    const alphaIssuance = big(await q.subnetAlphaIn(netuid)) + big(await q.subnetAlphaOut(netuid));
    expect(alphaIssuance < HALVING).toBe(true); // so this block's alpha out is 1 alpha, split 50/50 (no owner cut, no root)
    const input: EpochInput = {
      n, block: epochBlock, tempo, activityCutoff: cutoff < 1n ? 1n : cutoff,
      lastUpdate: pad(((await q.lastUpdate(netuid)).toJSON() as number[]).map(BigInt), 0n),
      blockAtRegistration: await Promise.all(uids.map(async u => big(await q.blockAtRegistration(netuid, u)))),
      alphaStake: await Promise.all(hotkeys.map(async h => big(await q.totalHotkeyAlpha(h, netuid)))),
      rootStake: await Promise.all(hotkeys.map(async h => big(await q.totalHotkeyAlpha(h, 0)))),
      taoWeight: big(await q.taoWeight()), stakeThreshold: big(await q.stakeThreshold()),
      ownerUid: ownerUidOpt.isSome ? num(ownerUidOpt.unwrap()) : null,
      validatorPermit: pad((await q.validatorPermit(netuid)).toJSON() as boolean[], false),
      maxAllowedValidators: num(await q.maxAllowedValidators(netuid)),
      weights: await Promise.all(uids.map(async u => ((await q.weights(netuid, u)).toJSON() as [number, number][]).sort((a, b) => a[0] - b[0]))),
      bonds: await Promise.all(uids.map(async u => ((await q.bonds(netuid, u)).toJSON() as [number, number][]).sort((a, b) => a[0] - b[0]))),
      kappa: num(await q.kappa(netuid)), bondsPenalty: num(await q.bondsPenalty(netuid)),
      bondsMovingAverage: big(await q.bondsMovingAverage(netuid)),
      yuma3: (await q.yuma3On(netuid)).isTrue, liquidAlpha: (await q.liquidAlphaOn(netuid)).isTrue,
      alphaLow, alphaHigh, alphaSigmoidSteepness: num(await q.alphaSigmoidSteepness(netuid)),
      commitRevealEnabled: false, firstLiveCommitBlock: uids.map(() => null),
      lastMechanismStepBlock: big(await q.lastMechansimStepBlock(netuid)),
      emission: pendingServer + pendingValidator + TAO,
    };
    const expected = runEpochReference(input);
    const stakeOf = async (hot: string, cold: string) =>
      big((await (api.call as any).stakeInfoRuntimeApi.getStakeInfoForHotkeyColdkeyNetuid(hot, cold, netuid)).unwrap().stake);
    const mBefore = await Promise.all(mHot.map(h => stakeOf(h.address, bob.address)));
    const vBefore = await Promise.all(vHot.map((h, i) => stakeOf(h.address, vCold[i].address)));

    await tracked(() => c.newBlock());
    expect(BigInt((await api.rpc.chain.getHeader()).number.toNumber())).toBe(epochBlock);
    expect(big(await q.lastEpochBlock(netuid))).toBe(epochBlock);

    // Persisted outputs = the epoch module's result.
    expect((await q.incentive(netuid)).toJSON()).toEqual(expected.incentive);
    expect((await q.dividends(netuid)).toJSON()).toEqual(expected.dividends);
    expect(((await q.emission(netuid)).toJSON() as number[]).map(BigInt)).toEqual(expected.emission);
    expect((await q.consensus(netuid)).toJSON()).toEqual(expected.consensus);
    expect((await q.validatorTrust(netuid)).toJSON()).toEqual(expected.validatorTrust);
    expect((await q.validatorPermit(netuid)).toJSON()).toEqual(expected.validatorPermit);
    expect((await q.active(netuid)).toJSON()).toEqual(expected.active);
    expect((await q.stakeWeight(netuid)).toJSON()).toEqual(expected.stakeWeight);
    // Non-zero where they should be: miners the stake majority (validator 2, 75%) weights earn incentive; miner 1,
    // weighted only by the minority validator, is clipped to consensus 0; unweighted miners earn nothing.
    for (const u of [mUid[0], mUid[2], mUid[3]]) expect(expected.incentive[u]).toBeGreaterThan(0);
    for (const u of [mUid[1], mUid[4], mUid[5]]) { expect(expected.incentive[u]).toBe(0); expect(expected.serverEmission[u]).toBe(0n); }
    for (const u of vUid) { expect(expected.dividends[u]).toBeGreaterThan(0); expect(expected.emission[u]).toBeGreaterThan(0n); }

    // Stakes: miners get exactly their server emission; validators share the pending validator alpha by dividends.
    const P = pendingValidator + TAO / 2n;
    const vSum = expected.validatorEmission.reduce((a, b) => a + b, 0n);
    for (let i = 0; i < 6; i++) expect(await stakeOf(mHot[i].address, bob.address) - mBefore[i]).toBe(expected.serverEmission[mUid[i]]);
    for (let i = 0; i < 2; i++) {
      const share = (expected.validatorEmission[vUid[i]] << 32n) / vSum;
      expect(await stakeOf(vHot[i].address, vCold[i].address) - vBefore[i]).toBe((P * share) >> 32n);
    }

    // TotalIssuance grew by exactly the block emissions of the blocks that paid emission out.
    expect(blocksWithEmission).toBeGreaterThan(3);
    expect(issuanceGrowth).toBe(BigInt(blocksWithEmission) * TAO);

    // ── Halving: TotalIssuance just below 10.5M TAO; emission halves exactly at the crossing ──
    await c.setStorage([[q.totalIssuance.key(), u8aToHex(api.createType('u64', HALVING - TAO - TAO / 2n).toU8a())]]);
    expect(big(await q.totalIssuance())).toBe(HALVING - TAO - TAO / 2n);
    const emissions: bigint[] = [];
    for (let i = 0; i < 4; i++) { await tracked(() => c.newBlock()); emissions.push(big(await q.blockEmission())); }
    expect(emissions).toEqual([TAO, TAO, TAO / 2n, TAO / 2n]);
    expect(big(await q.totalIssuance())).toBe(HALVING + 3n * TAO / 2n);
  }, 120_000);
});
