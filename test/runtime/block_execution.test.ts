// Block building and re-execution through the runtime APIs, as the node drives them.
import { describe, it, expect } from 'vitest';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { u8aConcat } from '@polkadot/util';
import * as t from '../../runtime/codec/types.ts';
import { OverlayState } from '../../runtime/frame/state.ts';
import { Header, hashHeader } from '../../runtime/frame/header.ts';
import { Block } from '../../runtime/apis/types.ts';
import { System } from '../../runtime/pallets/system/index.ts';
import { Timestamp } from '../../runtime/pallets/timestamp/index.ts';
import { TestChain, callOf, GENESIS_TIME } from '../helpers/runtime_harness.ts';

describe('block execution', () => {
  it('builds a block whose header commits to its extrinsics and state, and re-executes it identically', async () => {
    const chain = await TestChain.create();
    chain.newBlock();
    const parentState = chain.state.clone();
    const xts = [
      chain.sign(chain.alice, callOf('Balances', 'transfer_keep_alive', { dest: { type: 'Id', value: chain.dave.publicKey }, value: 123_456_789n })),
      chain.sign(chain.bob, callOf('System', 'remark_with_event', { remark: new Uint8Array([7, 7]) })),
    ];
    const b = chain.newBlock(xts);
    expect(b.results.every(r => 'ok' in r && 'ok' in r.ok)).toBe(true);
    chain.query(() => {
      expect(System.storage.ExtrinsicCount.get()).toBeNull(); // taken by finalize, like ExtrinsicData
      expect(System.storage.ExecutionPhase.get()).toBeNull();
      expect(Timestamp.storage.Now.get()).toBe(GENESIS_TIME + 2n * 250n);
      expect(System.storage.BlockHash.get(1)).toEqual(b.header.parentHash);
    });
    // Phases: the timestamp inherent is extrinsic 0, ours are 1 and 2.
    const phases = b.events.map(e => (e.phase.type === 'ApplyExtrinsic' ? e.phase.value : e.phase.type));
    expect(phases.filter(p => p === 1).length).toBeGreaterThan(0);
    expect(phases.filter(p => p === 2).length).toBeGreaterThan(0);

    // The extrinsics the block carries (reconstructed: inherent + ours) and their root.
    const overlay = new OverlayState(parentState);
    const body = [timestampInherent(GENESIS_TIME + 2n * 250n), ...xts];
    expect(b.header.extrinsicsRoot).toEqual(orderedRootOfThree(body));
    chain.runtime.call('Core_execute_block', t.encode(Block, { header: b.header, extrinsics: body }), overlay);
    expect(hashHeader(b.header)).toEqual(b.hash);

    // A header with a wrong state root is rejected.
    const tampered = { ...b.header, stateRoot: new Uint8Array(32).fill(1) };
    expect(() => chain.runtime.call('Core_execute_block', t.encode(Block, { header: tampered, extrinsics: body }), new OverlayState(parentState))).toThrow(/state root/);
    expect(t.decode(Header, t.encode(Header, b.header))).toEqual(b.header);
  });
});

/** The extrinsics root of three extrinsics from the trie codec rules (V0, as for system_version 1): keys compact(0),
 *  compact(1), compact(2) = 0x00, 0x04, 0x08 share the nibble 0, so the root is a valueless branch with partial key
 *  "0" (header 0x81, key byte 0x00), children 0, 4, 8 (bitmap 0x0111 LE), each a leaf with no key nibbles (0x40) and
 *  its extrinsic inline; a child of 32 bytes or more is referred to by its blake2-256. */
function orderedRootOfThree(xts: Uint8Array[]): Uint8Array {
  expect(xts.length).toBe(3);
  const ref = (node: Uint8Array) => (node.length < 32 ? node : blake2AsU8a(node, 256));
  const children = xts.map(x => ref(u8aConcat(new Uint8Array([0x40]), t.encode(t.compact(t.u32), x.length), x)));
  const root = u8aConcat(new Uint8Array([0x81, 0x00, 0x11, 0x01]), ...children.map(c => u8aConcat(t.encode(t.compact(t.u32), c.length), c)));
  return blake2AsU8a(root, 256);
}

/** Unsigned Timestamp.set(now): version 4, call (2, 0), Compact<u64> now — built by hand. */
function timestampInherent(now: bigint): Uint8Array {
  const body = u8aConcat(new Uint8Array([0x04, 2, 0]), t.encode(t.compact(t.u64), now));
  return u8aConcat(t.encode(t.compact(t.u32), body.length), body);
}
