import { describe, it, expect } from 'vitest';
import { MemoryState, OverlayState } from '../../runtime/frame/state.ts';
import { withState } from '../../runtime/frame/externalities.ts';
import { Timestamp } from '../../runtime/pallets/timestamp/index.ts';
import { map, doubleMap } from '../../runtime/frame/storage.ts';
import * as t from '../../runtime/codec/types.ts';

describe('storage framework', () => {
  it('derives the well-known Timestamp.Now key (twox128("Timestamp") ++ twox128("Now"))', () => {
    // Published in Substrate docs / every block explorer.
    expect(Timestamp.storage.Now.keyOf()).toBe('0xf0c365c3cf59d671eb72da0e7a4113c49f1f0515f462cdcf84e0f1d6045dfcbb');
  });

  it('reads defaults, writes through the overlay and rolls back a failed transaction', () => {
    const base = new MemoryState();
    const st = new OverlayState(base);
    withState(st, () => {
      expect(Timestamp.storage.Now.get()).toBe(0n);
      Timestamp.storage.Now.set(5n);
      expect(() => st.transactional(() => { Timestamp.storage.Now.set(9n); throw new Error('fail'); })).toThrow('fail');
      expect(Timestamp.storage.Now.get()).toBe(5n);
    });
    expect(base.get(Timestamp.storage.Now.keyOf())).toBeUndefined();
    base.apply(st.changes());
    expect(base.get(Timestamp.storage.Now.keyOf())).toEqual(new Uint8Array([5, 0, 0, 0, 0, 0, 0, 0]));
  });

  it('iterates maps in key order and recovers concat/identity keys', () => {
    const M = map('Identity', t.u16, t.u64, { default: 0n }).bind('Test', 'M');
    const D = doubleMap('Identity', t.u16, 'Blake2_128Concat', t.bytes, t.bool).bind('Test', 'D');
    const st = new OverlayState(new MemoryState());
    withState(st, () => {
      M.set(513, 1n); M.set(2, 2n); M.set(1, 3n);
      // Identity keys are the little-endian bytes: 1 = 0100, 513 = 0102, 2 = 0200 in byte order.
      expect(M.keys()).toEqual([1, 513, 2]);
      D.set(7, new Uint8Array([1]), true);
      D.set(7, new Uint8Array([2]), false);
      D.set(8, new Uint8Array([3]), true);
      expect(D.iterPrefix(7).map(([k]) => k[0]).sort()).toEqual([1, 2]);
      expect(D.get(9, new Uint8Array([1]))).toBeNull();
      D.removePrefix(7);
      expect(D.entries().length).toBe(1);
    });
  });
});

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('state root', () => {
  it('depends only on content, and the overlay predicts the root after applying its changes', () => {
    const a = new MemoryState();
    const b = new MemoryState();
    a.set('0x01', new Uint8Array([1])); a.set('0x02', new Uint8Array([2]));
    b.set('0x02', new Uint8Array([2])); b.set('0x01', new Uint8Array([1]));
    expect(hex(a.trie().rootHash())).toBe(hex(b.trie().rootHash()));
    const ov = new OverlayState(a);
    ov.set('0x03', new Uint8Array([3])); ov.delete('0x01'); ov.set('0x02', new Uint8Array([9]));
    const predicted = hex(ov.trie().rootHash());
    a.apply(ov.changes());
    expect(hex(a.trie().rootHash())).toBe(predicted);
    const fresh = new MemoryState();
    fresh.set('0x02', new Uint8Array([9])); fresh.set('0x03', new Uint8Array([3]));
    expect(hex(fresh.trie().rootHash())).toBe(predicted);
    expect(predicted).not.toBe(hex(b.trie().rootHash()));
  });

  it('hashes one value object stored under several keys under each of its keys', () => {
    // Value hashes are remembered per value object: sharing a value must not share a node.
    const shared = new Uint8Array(40).fill(7); // ≥ 33 bytes: a V1 value node
    const a = new MemoryState();
    a.set('0x0a', shared); a.set('0x0b', shared);
    const ov = new OverlayState(a);
    ov.set('0x0c', shared); ov.delete('0x0a');
    const predicted = hex(ov.trie().rootHash());
    a.apply(ov.changes());
    const fresh = new MemoryState();
    fresh.set('0x0b', new Uint8Array(40).fill(7)); fresh.set('0x0c', new Uint8Array(40).fill(7));
    expect(hex(a.trie().rootHash())).toBe(predicted);
    expect(hex(fresh.trie().rootHash())).toBe(predicted);
    const one = new MemoryState();
    one.set('0x0b', new Uint8Array(40).fill(7));
    expect(hex(one.trie().rootHash())).not.toBe(predicted);
  });
});
