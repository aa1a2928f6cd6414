// What a block hands to the database, the undo records and the validation workers is its real change set: keys that
// existed only inside the block (System.ExtrinsicData, one per extrinsic, removed at finalize) are not in it, and
// replaying the change set on the parent state gives the new head state. Answers to a burst of submissions (sent in
// one write per tick) all arrive, each matched to its request.
import '@polkadot/api-augment';
import { describe, expect, it } from 'vitest';
import { Keyring } from '@polkadot/keyring';
import { storagePrefix } from '../../runtime/crypto/hashing.ts';
import { toHex } from '../../runtime/codec/scale.ts';
import type { ImportedBlock } from '../../node/chain.ts';
import { useNode } from './helpers.ts';

const f = useNode();
const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
const alice = keyring.addFromUri('//Alice');
const bob = keyring.addFromUri('//Bob');

describe('block change sets', () => {
  it('leave out keys created and removed within the block, and replay to the head state', async () => {
    const { node, api, ws } = f;
    const txs = await Promise.all(Array.from({ length: 20 }, async (_, i) =>
      (await api.tx.balances.transferKeepAlive(bob.address, 1_000n + BigInt(i)).signAsync(alice, { nonce: i })).toHex()));
    // A burst: every answer comes back, with its own id, carrying the hash of its own extrinsic.
    const answers = await Promise.all(txs.map(x => ws.request('author_submitExtrinsic', [x])));
    expect(answers.map(a => a.error)).toEqual(txs.map(() => undefined));
    expect(answers.map(a => a.result)).toEqual(txs.map(x => api.registry.hash(Buffer.from(x.slice(2), 'hex')).toHex()));

    const parent = new Map(node.chain.headState.entries());
    let imported: ImportedBlock | null = null;
    const off = node.chain.onBlock(b => { imported = b; });
    node.newBlock(1);
    off();
    expect(imported).not.toBeNull();
    const { changes, block } = imported!;
    expect(block.body.length).toBe(22); // timestamp + MevShield key announcement (inherents) + 20 transfers

    const extrinsicData = toHex(storagePrefix('System', 'ExtrinsicData'));
    expect([...changes.keys()].filter(k => k.startsWith(extrinsicData))).toEqual([]);
    for (const [k, v] of changes) if (v === null) expect(parent.has(k)).toBe(true);

    // parent + changes == head
    for (const [k, v] of changes) { if (v === null) parent.delete(k); else parent.set(k, v); }
    const head = new Map(node.chain.headState.entries());
    expect(parent.size).toBe(head.size);
    for (const [k, v] of head) expect(toHex(parent.get(k)!)).toBe(toHex(v));
  });
});
