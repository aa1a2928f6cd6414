// Declared weights, DispatchClass and Pays as HEAD's weight functions, and fees computed from them, through the real
// node and @polkadot/api. Expected values are computed here from HEAD's sources, independently of the runtime:
// - call weight = benchmarked base (pallets/*/src/weights.rs) + reads × 25,000,000 + writes × 100,000,000
//   (RocksDbWeight, the runtime's DbWeight);
// - ExtrinsicSuccess weight = call weight + base_extrinsic (frame_system::note_applied_extrinsic adds the class's
//   BlockWeights base_extrinsic, 108,157,000 in the runtime's BlockWeights);
// - fee = weight_to_fee(base_extrinsic) + length + weight_to_fee(call weight), weight_to_fee = LinearWeightToFee
//   (Perbill 500,000 × weight, rounded to nearest with ties down), multiplier 1; Pays::No → no fee.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startClient, type Client } from './node_client.ts';

const TAO = 1_000_000_000n;
const READ = 25_000_000n, WRITE = 100_000_000n, BASE_EXTRINSIC = 108_157_000n;
const weightToFee = (w: bigint) => { const q = (w * 500_000n) / 1_000_000_000n, r = (w * 500_000n) % 1_000_000_000n; return r > 500_000_000n ? q + 1n : q; };
const feeOf = (callWeight: bigint, len: number) => weightToFee(BASE_EXTRINSIC) + BigInt(len) + weightToFee(callWeight);

let c: Client;
beforeAll(async () => { c = await startClient(); }, 60_000);
afterAll(async () => { await c?.stop(); });
const big = (x: any): bigint => BigInt(x.toString());

describe('weights and fees as HEAD', () => {
  it('payment_queryInfo, the fee paid and the event weight follow HEAD\'s weight functions', async () => {
    const { api } = c;
    const alice = c.key('//Alice'), bob = c.key('//Bob'), ownerHot = c.key('//Alice//w-owner');
    const paid = (events: { name: string; data: any }[]) => big(events.find(e => e.name === 'transactionPayment.TransactionFeePaid')!.data[1]);
    const eventWeight = (events: { name: string; data: any }[]) => {
      const ev = events.find(e => e.name === 'system.ExtrinsicSuccess' || e.name === 'system.ExtrinsicFailed')!;
      const info = ev.name === 'system.ExtrinsicSuccess' ? ev.data[0] : ev.data[1];
      return { refTime: big(info.weight.refTime), class: info.class.toString(), paysFee: info.paysFee.toString() };
    };

    const reg = await c.send(api.tx.subtensorModule.registerNetwork(ownerHot.address), alice);
    expect(reg.ok, reg.error).toBe(true);
    const netuid = Number(reg.events.find(e => e.name === 'subtensorModule.NetworkAdded')!.data[0].toString());
    expect((await c.send(api.tx.subtensorModule.startCall(netuid), alice)).ok).toBe(true);

    // add_stake: weights.rs add_stake = from_parts(664_064_000, 8727) + reads(32) + writes(16); Pays::Yes, Normal.
    const addStakeWeight = 664_064_000n + 32n * READ + 16n * WRITE;
    expect(addStakeWeight).toBe(3_064_064_000n);
    const tx = api.tx.subtensorModule.addStake(ownerHot.address, netuid, TAO);
    const info = await tx.paymentInfo(bob);
    expect(big(info.weight.refTime)).toBe(addStakeWeight);
    expect(big(info.weight.proofSize)).toBe(8_727n);
    expect(info.class.toString()).toBe('Normal');
    const r = await c.send(tx, bob);
    expect(r.ok, r.error).toBe(true);
    const len = tx.encodedLength;
    expect(big(info.partialFee)).toBe(feeOf(addStakeWeight, len));
    expect(paid(r.events)).toBe(feeOf(addStakeWeight, len));
    expect(paid(r.events) > 1_500_000n).toBe(true); // ≈ 1.59 mTAO, as on subtensor
    expect(eventWeight(r.events)).toEqual({ refTime: addStakeWeight + BASE_EXTRINSIC, class: 'Normal', paysFee: 'Yes' });

    // transfer_keep_alive (pallet_balances SubstrateWeight 38_159_000 + 1 read + 1 write): the event adds base_extrinsic.
    const tr = await c.send(api.tx.balances.transferKeepAlive(ownerHot.address, TAO), bob);
    expect(eventWeight(tr.events).refTime).toBe(38_159_000n + READ + WRITE + BASE_EXTRINSIC);

    // serve_axon: Pays::No at HEAD — no fee, whatever the weight (31_278_000 + 3 reads + 1 write).
    const serve = api.tx.subtensorModule.serveAxon(netuid, 0, 0x7f000001, 8091, 4, 0, 0, 0);
    const si = await serve.paymentInfo(alice);
    expect([big(si.weight.refTime), big(si.partialFee)]).toEqual([31_278_000n + 3n * READ + WRITE, 0n]);

    // AdminUtils: sudo_set_tempo = from_parts(36_298_000, 4383) + reads(5) + writes(2), Normal;
    // sudo_set_burn_half_life = from_parts(25_000_000, 0) + reads(4) + writes(1), Operational.
    const tempo = await api.tx.adminUtils.sudoSetTempo(netuid, 20).paymentInfo(alice);
    expect([big(tempo.weight.refTime), tempo.class.toString()]).toEqual([36_298_000n + 5n * READ + 2n * WRITE, 'Normal']);
    const half = await api.tx.adminUtils.sudoSetBurnHalfLife(netuid, 100).paymentInfo(alice);
    expect([big(half.weight.refTime), half.class.toString()]).toEqual([25_000_000n + 4n * READ + WRITE, 'Operational']);

    // A failed call reports its weight the same way and pays the same fee (nothing refunded).
    const bad = api.tx.subtensorModule.addStake(ownerHot.address, 99, TAO);
    const badInfo = await bad.paymentInfo(bob);
    const f = await c.send(bad, bob);
    expect([f.ok, f.error]).toEqual([false, 'subtensorModule.SubnetNotExists']);
    expect(paid(f.events)).toBe(big(badInfo.partialFee));
    expect(eventWeight(f.events).refTime).toBe(addStakeWeight + BASE_EXTRINSIC);
  }, 120_000);
});
