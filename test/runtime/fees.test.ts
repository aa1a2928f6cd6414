// Fees: what an extrinsic is charged equals TransactionPaymentApi.query_info's partial_fee (+ tip), computed from
// subtensor's fee parameters (weight fee 0.0005 rao per ref_time unit, 1 rao per byte, base extrinsic weight
// 108_157_000), paid to the Aura author of the block.
import { describe, it, expect, beforeAll } from 'vitest';
import * as t from '../../runtime/codec/types.ts';
import { Writer } from '../../runtime/codec/scale.ts';
import { Weight } from '../../runtime/primitives.ts';
import { freeBalance, totalIssuance } from '../../runtime/pallets/balances/index.ts';
import { RuntimeDispatchInfo, FeeDetails } from '../../runtime/apis/types.ts';
import { RuntimeCall } from '../../runtime/frame/construct.ts';
import { DEV_SR25519 } from '../../runtime/genesis.ts';
import { TestChain, callOf, GENESIS_TIME } from '../helpers/runtime_harness.ts';
import { OverlayState } from '../../runtime/frame/state.ts';
import { withState } from '../../runtime/frame/externalities.ts';
import { Header } from '../../runtime/frame/header.ts';
import { InherentData, OpaqueExtrinsic } from '../../runtime/apis/types.ts';
import { System } from '../../runtime/pallets/system/index.ts';

describe('transaction fees', () => {
  let chain: TestChain;
  beforeAll(async () => { chain = await TestChain.create(); chain.newBlock(); });

  const queryInfo = (xt: Uint8Array) => {
    const w = new Writer(); w.raw(xt); w.u32(xt.length);
    return t.decode(RuntimeDispatchInfo, chain.api('TransactionPaymentApi_query_info', w.finish()));
  };
  const weightToFee = (refTime: bigint) => t.decode(t.u64, chain.api('TransactionPaymentApi_query_weight_to_fee', t.encode(Weight, { ref_time: refTime, proof_size: 0n })));

  it('converts weight with Perbill(500_000), rounding to nearest with ties down, and length 1:1', () => {
    expect(weightToFee(0n)).toBe(0n);
    expect(weightToFee(999n)).toBe(0n); // 0.4995
    expect(weightToFee(1_000n)).toBe(0n); // 0.5 → down
    expect(weightToFee(1_001n)).toBe(1n);
    expect(weightToFee(3_000n)).toBe(1n); // 1.5 → down
    expect(weightToFee(108_157_000n)).toBe(54_078n); // the base extrinsic fee
    expect(weightToFee(4_000_000_000_001n)).toBe(2_000_000_000n); // capped at the block's max weight
    expect(t.decode(t.u64, chain.api('TransactionPaymentApi_query_length_to_fee', t.encode(t.u32, 321)))).toBe(321n);
  });

  it('charges exactly partial_fee + tip, which the block author (//One) receives', () => {
    const one = DEV_SR25519.One;
    for (const [call, tip] of [
      [callOf('Balances', 'transfer_keep_alive', { dest: { type: 'Id', value: chain.bob.publicKey }, value: 1_000_000n }), 0n],
      [callOf('System', 'remark', { remark: new Uint8Array(300) }), 12_345n],
      [callOf('Utility', 'batch', { calls: [callOf('System', 'remark', { remark: new Uint8Array(2) })] }), 1n],
    ] as const) {
      const xt = chain.sign(chain.charlie, call, { tip });
      const info = queryInfo(xt);
      // partial_fee from first principles: base 54_078 + length + weight fee of the declared weight.
      const expected = 54_078n + BigInt(xt.length) + weightToFee(info.weight.ref_time);
      expect(info.partial_fee).toBe(expected);
      const [cBefore, oBefore, tiBefore] = chain.query(() => [freeBalance(chain.charlie.publicKey), freeBalance(one), totalIssuance()]);
      const transferred = call.type === 'Balances' ? 1_000_000n : 0n;
      const r = chain.applyInBlock(xt);
      expect(r.result).toEqual({ ok: { ok: [] } });
      const [cAfter, oAfter, tiAfter] = chain.query(() => [freeBalance(chain.charlie.publicKey), freeBalance(one), totalIssuance()]);
      expect(cBefore - cAfter - transferred).toBe(info.partial_fee + tip);
      expect(oAfter - oBefore).toBe(info.partial_fee + tip);
      expect(tiAfter).toBe(tiBefore);
      const paid = r.events.find(e => e.event.type === 'TransactionPayment')!.event.value.value;
      expect(paid).toEqual({ who: chain.charlie.publicKey, actual_fee: info.partial_fee + tip, tip });
    }
  });

  it('refunds the weight of the calls an interrupted batch did not run', () => {
    const remark = callOf('System', 'remark', { remark: new Uint8Array(2) }); // 2_119_000 + 2 × 390
    const bad = callOf('Balances', 'force_transfer', { source: { type: 'Id', value: chain.bob.publicKey }, dest: { type: 'Id', value: chain.bob.publicKey }, value: 1n }); // BadOrigin
    const xt = chain.sign(chain.charlie, callOf('Utility', 'batch', { calls: [remark, bad, remark, remark] }));
    const before = chain.query(() => freeBalance(chain.charlie.publicKey));
    expect(chain.applyInBlock(xt).result).toEqual({ ok: { ok: [] } });
    // Used: Utility::batch(2) = 19_388_813 + 2 × 4_591_113 + 2 reads, then the remark and the failing
    // force_transfer (49_944_000 + 2 reads + 2 writes), with RocksDbWeight reads 25_000_000 and writes 100_000_000.
    const used = (19_388_813n + 2n * 4_591_113n + 50_000_000n) + 2_119_780n + (49_944_000n + 250_000_000n);
    expect(weightToFee(used)).toBe(190_317n);
    expect(before - chain.query(() => freeBalance(chain.charlie.publicKey))).toBe(54_078n + BigInt(xt.length) + 190_317n);
  });

  it('burns the fee when the block names no author (no Aura pre-runtime digest)', () => {
    const xt = chain.sign(chain.charlie, callOf('System', 'remark', { remark: new Uint8Array(1) }));
    const info = queryInfo(xt);
    const overlay = new OverlayState(chain.state);
    const header = { parentHash: chain.headHash, number: chain.headNumber + 1, stateRoot: new Uint8Array(32), extrinsicsRoot: new Uint8Array(32), digest: { logs: [] } };
    chain.runtime.call('Core_initialize_block', t.encode(Header, header), overlay);
    const now = t.encode(InherentData, { data: [[new TextEncoder().encode('timstap0'), t.encode(t.u64, GENESIS_TIME + BigInt(header.number) * 250n)]] });
    for (const x of t.decode(t.vec(OpaqueExtrinsic), chain.runtime.call('BlockBuilder_inherent_extrinsics', now, overlay))) chain.runtime.call('BlockBuilder_apply_extrinsic', x, overlay);
    const [tiBefore, oneBefore] = chain.query(() => [totalIssuance(), freeBalance(DEV_SR25519.One)]);
    chain.runtime.call('BlockBuilder_apply_extrinsic', xt, overlay);
    chain.runtime.call('BlockBuilder_finalize_block', new Uint8Array(), overlay);
    withState(overlay, () => {
      expect(totalIssuance()).toBe(tiBefore - info.partial_fee);
      expect(freeBalance(DEV_SR25519.One)).toBe(oneBefore);
      let sum = 0n;
      for (const [, a] of System.storage.Account.entries()) sum += a.data.free + a.data.reserved;
      expect(sum).toBe(totalIssuance());
    });
  });

  it('query_fee_details splits the fee; query_call_info agrees with query_info', () => {
    const call = callOf('System', 'remark', { remark: new Uint8Array(10) });
    const xt = chain.sign(chain.charlie, call);
    const w = new Writer(); w.raw(xt); w.u32(xt.length);
    const details = t.decode(FeeDetails, chain.api('TransactionPaymentApi_query_fee_details', w.finish()));
    const info = queryInfo(xt);
    expect(details.tip).toBe(0n);
    expect(details.inclusion_fee!.base_fee).toBe(54_078n);
    expect(details.inclusion_fee!.len_fee).toBe(BigInt(xt.length));
    expect(details.inclusion_fee!.base_fee + details.inclusion_fee!.len_fee + details.inclusion_fee!.adjusted_weight_fee).toBe(info.partial_fee);
    const cw = new Writer(); cw.raw(t.encode(RuntimeCall, call)); cw.u32(xt.length);
    expect(t.decode(RuntimeDispatchInfo, chain.api('TransactionPaymentCallApi_query_call_info', cw.finish()))).toEqual(info);
  });

  it('Pays::No calls (a successful sudo) cost nothing; an operational call gets the operational priority', () => {
    const before = chain.query(() => freeBalance(chain.alice.publicKey));
    const sudoRemark = callOf('Sudo', 'sudo', { call: callOf('System', 'set_heap_pages', { pages: 1n }) });
    const xt = chain.sign(chain.alice, sudoRemark);
    const v = chain.validate(xt) as { ok: { priority: bigint } };
    expect(v.ok.priority).toBe(10_000_000_000n); // OPERATIONAL_DISPATCH_PRIORITY (set_heap_pages is Operational)
    expect(chain.applyInBlock(xt).result).toEqual({ ok: { ok: [] } });
    expect(chain.query(() => freeBalance(chain.alice.publicKey))).toBe(before);
    const normal = chain.validate(chain.sign(chain.alice, callOf('System', 'remark', { remark: new Uint8Array() }), { tip: 10n ** 9n })) as { ok: { priority: bigint } };
    expect(normal.ok.priority).toBe(1n); // subtensor's wrapper ignores the tip: class-based priority only
  });
});
