// The events this runtime stores decode with polkadot-js, driven by our own metadata, to the same names and values
// (phase, DispatchError variants, dispatch info) — the way every client reads System.Events.
import { describe, it, expect } from 'vitest';
import { TypeRegistry, Metadata } from '@polkadot/types';
import { u8aToHex } from '@polkadot/util';
import * as t from '../../runtime/codec/types.ts';
import { System } from '../../runtime/pallets/system/index.ts';
import { state } from '../../runtime/frame/externalities.ts';
import { TestChain, callOf } from '../helpers/runtime_harness.ts';

describe('System.Events through polkadot-js', () => {
  it('decodes transfers, failures, sudo results and the account lifecycle', async () => {
    const chain = await TestChain.create();
    const md = t.decode(t.option(t.bytes), chain.api('Metadata_metadata_at_version', t.encode(t.u32, 15)))!;
    const registry = new TypeRegistry();
    registry.setMetadata(new Metadata(registry, md));
    const fresh = chain.pair('//EventsFresh').publicKey;
    const xts = [
      chain.sign(chain.alice, callOf('Balances', 'transfer_allow_death', { dest: { type: 'Id', value: fresh }, value: 1_000_000n }), { nonce: 0 }),
      chain.sign(chain.bob, callOf('Balances', 'force_transfer', { source: { type: 'Id', value: fresh }, dest: { type: 'Id', value: fresh }, value: 1n })),
      chain.sign(chain.alice, callOf('Sudo', 'sudo', { call: callOf('Balances', 'transfer_allow_death', { dest: { type: 'Id', value: fresh }, value: 1n }) }), { nonce: 1 }),
    ];
    chain.newBlock(xts);
    const raw = chain.query(() => state().get(System.storage.Events.keyOf()))!;
    const records = registry.createType('Vec<FrameSystemEventRecord>', raw) as any;
    const summary = records.map((r: any) => [r.phase.isApplyExtrinsic ? r.phase.asApplyExtrinsic.toNumber() : r.phase.type, `${r.event.section}.${r.event.method}`]);
    expect(summary).toEqual([
      [0, 'system.ExtrinsicSuccess'],
      [1, 'balances.Withdraw'],
      [1, 'system.NewAccount'],
      [1, 'balances.Endowed'],
      [1, 'balances.Transfer'],
      [1, 'balances.Deposit'],
      [1, 'transactionPayment.TransactionFeePaid'],
      [1, 'system.ExtrinsicSuccess'],
      [2, 'balances.Withdraw'],
      [2, 'balances.Deposit'],
      [2, 'transactionPayment.TransactionFeePaid'],
      [2, 'system.ExtrinsicFailed'],
      [3, 'balances.Withdraw'],
      [3, 'sudo.Sudid'],
      [3, 'balances.Deposit'],
      [3, 'transactionPayment.TransactionFeePaid'],
      [3, 'system.ExtrinsicSuccess'],
    ]);
    const transfer = records[4].event.data;
    expect(u8aToHex(transfer[1].toU8a())).toBe(u8aToHex(fresh));
    expect(transfer[2].toBigInt()).toBe(1_000_000n);
    const failed = records[11].event.data;
    expect(failed[0].isBadOrigin).toBe(true);
    expect(failed[1].paysFee.isYes).toBe(true);
    expect(failed[1].class.isNormal).toBe(true);
    // The inner transfer runs as Root, which transfer_allow_death refuses: Sudid(Err(BadOrigin)), sudo itself succeeds.
    const sudid = records[13].event.data[0];
    expect(sudid.isErr).toBe(true);
    expect(sudid.asErr.isBadOrigin).toBe(true);
    const sudoSuccess = records[16].event.data[0];
    expect(sudoSuccess.paysFee.isNo).toBe(true);
    expect(records.every((r: any) => r.topics.length === 0)).toBe(true);
  });
});
