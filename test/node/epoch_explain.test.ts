// dev_epochExplain: the next epoch of a subnet with every intermediate, computed on a state that is not kept; its
// outputs are what the next real epoch (dev_runEpoch) writes, and what-if overrides change only the explanation.
import '@polkadot/api-augment';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { startDevChain, type DevChain } from 'subtensor-ts';
import { populateSubnet, type PopulatedSubnet } from '../helpers/populated_subnet.ts';

const u16s = (v: any) => v.map((x: any) => x.toNumber());

describe('dev_epochExplain', () => {
  let chain: DevChain;
  let api: ApiPromise;
  let s: PopulatedSubnet;
  const rpc = (m: string, p: unknown[] = []) => chain.rpc(m, p);
  const head = async () => { const h = await api.rpc.chain.getHeader(); return { hash: h.hash.toHex(), number: h.number.toNumber() }; };
  beforeAll(async () => {
    chain = await startDevChain();
    api = await ApiPromise.create({ provider: new WsProvider(chain.url), noInitWarn: true });
    s = await populateSubnet(api, rpc, 'explain');
  });
  afterAll(async () => { await api?.disconnect(); await chain?.close(); });

  it('writes nothing, and its outputs equal what the next real epoch writes', async () => {
    const q = api.query.subtensorModule as any;
    const before = await head();
    const incentiveBefore = u16s(await q.incentive(s.netuid));
    const e = await rpc('dev_epochExplain', [s.netuid]);
    expect((await head()).hash).toBe(before.hash);
    expect(u16s(await q.incentive(s.netuid))).toEqual(incentiveBefore);
    expect(e.simulatedBlock).toBe(true);
    expect(e.block).toBe(before.number + 1);
    expect(e.uids).toEqual([0, 1, 2, 3, 4, 5]);
    expect(e.hotkeys).toEqual([...s.validators, ...s.miners].map(k => k.address));

    await rpc('dev_runEpoch', [s.netuid]);
    expect((await head()).number).toBe(e.block);
    const o = e.outputs;
    expect(o.incentive).toEqual(u16s(await q.incentive(s.netuid)));
    expect(o.dividends).toEqual(u16s(await q.dividends(s.netuid)));
    expect(o.consensus).toEqual(u16s(await q.consensus(s.netuid)));
    expect(o.validatorTrust).toEqual(u16s(await q.validatorTrust(s.netuid)));
    expect(o.stakeWeight).toEqual(u16s(await q.stakeWeight(s.netuid)));
    expect(o.active).toEqual((await q.active(s.netuid)).map((b: any) => b.isTrue));
    expect(o.validatorPermit).toEqual((await q.validatorPermit(s.netuid)).map((b: any) => b.isTrue));
    expect(o.emission).toEqual((await q.emission(s.netuid)).map((x: any) => x.toString()));
    for (let uid = 0; uid < 6; uid++) {
      const stored = (await q.bonds(s.netuid, uid)).map(([j, b]: any) => [j.toNumber(), b.toNumber()]);
      expect(o.bonds[uid]).toEqual(stored);
    }
    // Something happened: miners earned incentive, validators dividends, and the epoch paid out emission.
    expect(o.incentive.slice(3).every((x: number) => x > 0)).toBe(true);
    expect(o.dividends.slice(0, 3).every((x: number) => x > 0)).toBe(true);
    expect(BigInt(e.parameters.emission)).toBeGreaterThan(0n);
  });

  it('intermediates follow the epoch formulas: normalised stake, row-normalised weights, incentive = normalised ranks', async () => {
    const e = await rpc('dev_epochExplain', [s.netuid]);
    const I = e.intermediates;
    // Stake: alpha stakes normalised to sum 1 (root stake 0 here), within I32F32 rounding.
    const alpha = e.inputs.alphaStake.map(BigInt);
    const total = alpha.reduce((a: bigint, b: bigint) => a + b, 0n);
    alpha.forEach((a: bigint, uid: number) => expect(I.stake[uid]).toBeCloseTo(Number(a) / Number(total), 8));
    // Validator rows of the normalised weights sum to 1; the input rows are the ones set (max-upscaled to 65535).
    for (const uid of [0, 1, 2]) expect(I.weights[uid].reduce((a: number, [, w]: [number, number]) => a + w, 0)).toBeCloseTo(1, 8);
    expect(e.inputs.weights[1]).toEqual([[3, 40000], [4, 65535], [5, 10000]]);
    const rankSum = I.ranks.reduce((a: number, b: number) => a + b, 0);
    I.ranks.forEach((r: number, uid: number) => expect(I.incentive[uid]).toBeCloseTo(r / rankSum, 8));
    // Clipped weights never exceed consensus; validator trust is the row sum of the clipped weights.
    for (const row of I.clippedWeights) for (const [j, w] of row) expect(w).toBeLessThanOrEqual(I.consensus[j] + 1e-9);
    I.clippedWeights.forEach((row: [number, number][], uid: number) =>
      expect(I.validatorTrust[uid]).toBeCloseTo(row.reduce((a, [, w]) => a + w, 0), 8));
    // Stored u16 outputs are the intermediates scaled to u16.
    I.incentive.forEach((x: number, uid: number) => expect(Math.abs(e.outputs.incentive[uid] - x * 65535)).toBeLessThanOrEqual(1));
  });

  it('what-if: overridden weights and hyperparameters change the explanation, not the chain', async () => {
    const base = await rpc('dev_epochExplain', [s.netuid]);
    // Every validator puts everything on miner 5: consensus moves there and it takes all the incentive.
    const all5 = [[5, 65535]];
    const e = await rpc('dev_epochExplain', [s.netuid, { weights: { 0: all5, 1: all5, 2: all5 }, hyperparameters: { kappa: 32767 } }]);
    expect(e.parameters.kappa).toBe(32767);
    expect(e.outputs.incentive).toEqual([0, 0, 0, 0, 0, 65535]);
    expect(e.inputs.weights[0]).toEqual([[5, 65535]]);
    expect(base.outputs.incentive[3]).toBeGreaterThan(0);
    // A stake override: uid 1 with all the stake gets every permit-weighted share of stake.
    const st = await rpc('dev_epochExplain', [s.netuid, { alphaStake: { 0: 0, 1: '1000000000000', 2: 0, 3: 0, 4: 0, 5: 0 } }]);
    expect(st.intermediates.stake[1]).toBe(1);
    // Nothing was written.
    expect((await (api.query.subtensorModule as any).weights(s.netuid, 0)).map(([j]: any) => j.toNumber())).toEqual([3, 4, 5]);
  });

  it('rejects bad input with invalid params', async () => {
    await expect(chain.explainEpoch(99)).rejects.toMatchObject({ code: -32602, message: expect.stringMatching(/subnet 99 does not exist/) });
    await expect(chain.explainEpoch(0)).rejects.toMatchObject({ code: -32602 });
    await expect(chain.explainEpoch(s.netuid, { hyperparameters: { kapa: 1 } })).rejects.toThrow(/unknown hyperparameter "kapa"/);
    await expect(chain.explainEpoch(s.netuid, { weights: { 0: [[9, 1]] } })).rejects.toThrow(/uid 9/);
  });
});
