// Commitments (18): set_commitment by a registered hotkey, HEAD's Data encoding (Raw<n> carries n in the index).
import { describe, it, expect } from 'vitest';
import { TestChain, eventNames } from '../helpers/runtime_harness.ts';
import { Commitments, Data } from '../../runtime/pallets/commitments/index.ts';
import { encode } from '../../runtime/codec/types.ts';
import { RuntimeCall } from '../../runtime/frame/construct.ts';
import { fromHex } from '../../runtime/codec/scale.ts';
import { subnetStorage as S } from '../../runtime/pallets/subtensor/subnets/storage.ts';

describe('Commitments', () => {
  it('encodes Data like subtensor (Raw5 → 0x06 ‖ bytes; Sha256 → 0x83 ‖ 32 bytes)', () => {
    expect(Buffer.from(encode(Data, { type: 'Raw5', value: new TextEncoder().encode('hello') })).toString('hex')).toBe('0668656c6c6f');
    expect(encode(Data, { type: 'Sha256', value: new Uint8Array(32) })[0]).toBe(0x83);
    expect(Buffer.from(encode(Data, { type: 'None' })).toString('hex')).toBe('00');
  });

  it('a registered hotkey commits; anyone else gets AccountNotAllowedCommit', async () => {
    const chain = await TestChain.create();
    // Genesis subnet 1 has the zero account at uid 0; register Bob's hotkey there (burn 0.1 TAO).
    const hk = chain.pair('//Bob_commit');
    chain.signAndApply(chain.bob, 'SubtensorModule', 'burned_register', { netuid: 1, hotkey: hk.publicKey });
    chain.dispatch({ kind: 'Signed', who: chain.bob.publicKey }, 'Balances', 'transfer_keep_alive', { dest: { type: 'Id', value: hk.publicKey }, value: 1_000_000_000n });
    const info = { fields: [{ type: 'Raw5', value: new TextEncoder().encode('hello') }] };
    const r = chain.signAndApply(hk, 'Commitments', 'set_commitment', { netuid: 1, info });
    expect(eventNames(r.events)).toContain('Commitments.Commitment');
    const stored = chain.query(() => Commitments.storage.CommitmentOf.get(1, hk.publicKey))!;
    expect(stored.info.fields[0].type).toBe('Raw5');
    expect(new TextDecoder().decode(stored.info.fields[0].value)).toBe('hello');
    expect(stored.block).toBe(r.block.number);
    // The call encodes under pallet 18, call 0.
    const bytes = encode(RuntimeCall, { type: 'Commitments', value: { type: 'set_commitment', value: { netuid: 1, info } } });
    expect(Array.from(bytes.slice(0, 4))).toEqual([18, 0, 1, 0]);
    const bad = chain.dispatch({ kind: 'Signed', who: chain.dave.publicKey }, 'Commitments', 'set_commitment', { netuid: 1, info });
    expect(bad.ok).toBe(false);
    expect(bad.error).toEqual({ type: 'Module', value: { index: 18, error: new Uint8Array([1, 0, 0, 0]) } });
  });
});

describe('Commitments ResetBondsFlag (HEAD ResetBondsOnCommit → do_reset_bonds)', () => {
  async function setup(resetOn: boolean) {
    const chain = await TestChain.create();
    const hk = chain.pair('//Bob_reset');
    chain.signAndApply(chain.bob, 'SubtensorModule', 'burned_register', { netuid: 1, hotkey: hk.publicKey });
    chain.dispatch({ kind: 'Signed', who: chain.bob.publicKey }, 'Balances', 'transfer_keep_alive', { dest: { type: 'Id', value: hk.publicKey }, value: 1_000_000_000n });
    const uid = chain.query(() => S.Uids.get(1, hk.publicKey))!;
    // Two validator rows holding bonds on the new hotkey's column and on uid 0.
    const rows: [number, [number, number][]][] = [[0, [[0, 100], [uid, 200]]], [uid, [[0, 300], [uid, 400]]]];
    const items: [Uint8Array, Uint8Array][] = rows.map(([i, row]) => [fromHex(S.Bonds.keyOf(1, i)), encode(S.Bonds.value, row)]);
    items.push([fromHex(S.BondsResetOn.keyOf(1)), encode(S.BondsResetOn.value, resetOn)]);
    expect(chain.dispatch({ kind: 'Root' }, 'System', 'set_storage', { items }).ok).toBe(true);
    const r = chain.signAndApply(hk, 'Commitments', 'set_commitment', { netuid: 1, info: { fields: [{ type: 'ResetBondsFlag' }] } });
    expect(eventNames(r.events)).toContain('Commitments.Commitment');
    return { chain, uid, hk, rows: () => chain.query(() => [S.Bonds.get(1, 0), S.Bonds.get(1, uid)]) };
  }

  it('drops the committing hotkey column from every bonds row when BondsResetOn', async () => {
    const { chain, rows, hk } = await setup(true);
    expect(rows()).toEqual([[[0, 100]], [[0, 300]]]);
    expect(chain.query(() => Commitments.storage.LastBondsReset.get(1, hk.publicKey))).toBe(chain.query(() => Commitments.storage.LastCommitment.get(1, hk.publicKey)));
  });

  it('leaves bonds alone when BondsResetOn is off', async () => {
    const { rows, uid } = await setup(false);
    expect(rows()).toEqual([[[0, 100], [uid, 200]], [[0, 300], [uid, 400]]]);
  });
});
