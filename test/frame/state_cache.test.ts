// Invariants of the storage layer's performance caches, checked against naive models:
//  - OverlayState prefix iteration (per-layer written-key lists, bucketed lazily) returns exactly the keys a fresh
//    merge of base + visible layers gives, after any interleaving of writes, deletes, nested transactions,
//    commits and rollbacks (fast-check);
//  - MemoryState's point-read map and binary-searched prefix iteration agree with a plain map after sets/deletes;
//  - storage keys from the key caches equal a from-scratch derivation (SCALE encode + hasher + prefix), including
//    after a cached byte-array key is mutated in place and after the cache is emptied at its limit;
//  - primitive defaults are returned as declared (they round-trip through their codec unchanged).
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { MemoryState, OverlayState } from '../../runtime/frame/state.ts';
import { withState } from '../../runtime/frame/externalities.ts';
import { map, doubleMap, nMap, KEY_CACHE_LIMIT } from '../../runtime/frame/storage.ts';
import { encode, decode } from '../../runtime/codec/types.ts';
import * as t from '../../runtime/codec/types.ts';
import { blake2_128, twox64, storagePrefix } from '../../runtime/crypto/hashing.ts';
import { pallets } from '../../runtime/runtime.ts';

const BUCKETS = ['0x' + 'a1'.repeat(32), '0x' + 'a1'.repeat(31) + 'b2', '0x' + 'c3'.repeat(32)];
const SUFFIXES = ['', '00', '01', '0100', '0101', 'ff', 'ff00'];
// Keys of three buckets plus short keys (shorter than a bucket prefix, kept in MemoryState's '' bucket).
const KEYS = [...BUCKETS.flatMap(b => SUFFIXES.map(s => b + s)), '0xa1', '0xa1a1', '0xc3'];
const PREFIXES = ['0x', '0xa1', '0xa1a1', '0xc3', ...BUCKETS, ...BUCKETS.map(b => b + '01'), BUCKETS[0] + 'ff', BUCKETS[2] + '0100'];

type Op =
  | { kind: 'set'; key: string; v: number }
  | { kind: 'del'; key: string }
  | { kind: 'start' } | { kind: 'commit' } | { kind: 'rollback' }
  | { kind: 'query'; prefix: string };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('set' as const), key: fc.constantFrom(...KEYS), v: fc.integer({ min: 0, max: 255 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('del' as const), key: fc.constantFrom(...KEYS) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'start' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'commit' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'rollback' as const }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('query' as const), prefix: fc.constantFrom(...PREFIXES) }) },
);

/** The naive model: a stack of plain maps over a plain base map; iteration merges and sorts everything. */
class NaiveOverlay {
  layers: Map<string, number | null>[] = [new Map()];
  constructor(readonly base: Map<string, number>) {}
  get(k: string): number | undefined {
    for (let i = this.layers.length - 1; i >= 0; i--) if (this.layers[i].has(k)) return this.layers[i].get(k) ?? undefined;
    return this.base.get(k);
  }
  keysWithPrefix(p: string): string[] {
    const all = new Set([...this.base.keys(), ...this.layers.flatMap(l => [...l.keys()])]);
    return [...all].filter(k => k.startsWith(p) && this.get(k) !== undefined).sort();
  }
}

describe('OverlayState prefix iteration cache', () => {
  it('equals a fresh merge after any interleaving of writes, deletes, commits and rollbacks', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.constantFrom(...KEYS), fc.integer({ min: 0, max: 255 })), { maxLength: 12 }),
      fc.array(opArb, { maxLength: 60 }),
      (baseEntries, ops) => {
        const base = new MemoryState();
        const baseModel = new Map<string, number>();
        for (const [k, v] of baseEntries) { base.set(k, new Uint8Array([v])); baseModel.set(k, v); }
        const ov = new OverlayState(base);
        const model = new NaiveOverlay(baseModel);
        for (const op of ops) {
          switch (op.kind) {
            case 'set': ov.set(op.key, new Uint8Array([op.v])); model.layers[model.layers.length - 1].set(op.key, op.v); break;
            case 'del': ov.delete(op.key); model.layers[model.layers.length - 1].set(op.key, null); break;
            case 'start': ov.startTransaction(); model.layers.push(new Map()); break;
            case 'commit':
              if (model.layers.length < 2) break;
              ov.commitTransaction();
              { const top = model.layers.pop()!; for (const [k, v] of top) model.layers[model.layers.length - 1].set(k, v); }
              break;
            case 'rollback':
              if (model.layers.length < 2) break;
              ov.rollbackTransaction(); model.layers.pop(); break;
            case 'query':
              expect(ov.keysWithPrefix(op.prefix)).toEqual(model.keysWithPrefix(op.prefix));
              break;
          }
        }
        for (const p of PREFIXES) expect(ov.keysWithPrefix(p)).toEqual(model.keysWithPrefix(p));
        for (const k of KEYS) expect(ov.get(k)?.[0]).toBe(model.get(k));
        // Applying the net changes gives a MemoryState whose point reads and iteration agree with the model.
        while (ov.depth > 0) { ov.commitTransaction(); const top = model.layers.pop()!; for (const [k, v] of top) model.layers[model.layers.length - 1].set(k, v); }
        const after = base.clone();
        after.apply(ov.changes());
        for (const k of KEYS) expect(after.get(k)?.[0]).toBe(model.get(k));
        expect(after.keysWithPrefix('0x')).toEqual(model.keysWithPrefix('0x'));
        expect(after.size).toBe(model.keysWithPrefix('0x').length);
      },
    ), { numRuns: 300 });
  });

  it('MemoryState prefix iteration (binary search in sorted buckets) and point reads equal a plain map', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.boolean(), fc.constantFrom(...KEYS), fc.integer({ min: 0, max: 255 })), { maxLength: 50 }),
      ops => {
        const st = new MemoryState();
        const model = new Map<string, number>();
        for (const [del, k, v] of ops) {
          if (del) { st.delete(k); model.delete(k); } else { st.set(k, new Uint8Array([v])); model.set(k, v); }
          // Query between writes too, so cached sorted buckets must be invalidated correctly.
          const p = PREFIXES[v % PREFIXES.length];
          expect(st.keysWithPrefix(p)).toEqual([...model.keys()].filter(x => x.startsWith(p)).sort());
        }
        for (const p of PREFIXES) expect(st.keysWithPrefix(p)).toEqual([...model.keys()].filter(x => x.startsWith(p)).sort());
        for (const k of KEYS) expect(st.get(k)?.[0]).toBe(model.get(k));
        expect(st.size).toBe(model.size);
      },
    ), { numRuns: 300 });
  });

  it('clearPrefix inside a transaction, rolled back, leaves iteration as before', () => {
    const base = new MemoryState();
    for (const k of KEYS) base.set(k, new Uint8Array([1]));
    const ov = new OverlayState(base);
    ov.set(BUCKETS[0] + '0102', new Uint8Array([2]));
    const before = ov.keysWithPrefix(BUCKETS[0]);
    ov.startTransaction();
    ov.clearPrefix(BUCKETS[0] + '01');
    expect(ov.keysWithPrefix(BUCKETS[0]).filter(k => k.startsWith(BUCKETS[0] + '01'))).toEqual([]);
    ov.rollbackTransaction();
    expect(ov.keysWithPrefix(BUCKETS[0])).toEqual(before);
  });
});

describe('storage key caches', () => {
  const Doubles = doubleMap('Blake2_128Concat', t.fixedBytes(32), 'Identity', t.u16, t.u64, { default: 0n }).bind('CacheTest', 'Doubles');
  const Triples = nMap<[Uint8Array, Uint8Array, number], bigint>(
    [['Blake2_128Concat', t.fixedBytes(32)], ['Twox64Concat', t.fixedBytes(32)], ['Identity', t.u16]], t.u64, { default: 0n }).bind('CacheTest', 'Triples');
  const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
  const fresh2 = (a: Uint8Array, n: number) => '0x' + hex(storagePrefix('CacheTest', 'Doubles')) + hex(blake2_128(a)) + hex(a) + hex(encode(t.u16, n));
  const fresh3 = (a: Uint8Array, b: Uint8Array, n: number) => '0x' + hex(storagePrefix('CacheTest', 'Triples'))
    + hex(blake2_128(a)) + hex(a) + hex(twox64(b)) + hex(b) + hex(encode(t.u16, n));

  it('cached keys equal a from-scratch derivation, also after a key array is mutated in place', () => {
    const a = new Uint8Array(32).fill(7);
    expect(Doubles.keyOf(a, 3)).toBe(fresh2(a, 3));
    expect(Doubles.keyOf(a, 3)).toBe(fresh2(a, 3)); // hit
    a[5] = 9; // same object, new bytes: must not reuse the old key
    expect(Doubles.keyOf(a, 3)).toBe(fresh2(a, 3));
    expect(Doubles.keyOf(a)).toBe(fresh2(a, 3).slice(0, -4)); // iteration prefix (fewer keys)
    const b = new Uint8Array(32).fill(1);
    expect(Triples.keyOf(a, b, 65535)).toBe(fresh3(a, b, 65535));
    expect(Triples.keyOf(b, a, 1)).toBe(fresh3(b, a, 1));
  });

  it('stays correct through cache eviction (more distinct keys than the limit)', () => {
    const st = new OverlayState(new MemoryState());
    withState(st, () => {
      const n = KEY_CACHE_LIMIT + 100;
      const acct = (i: number) => { const a = new Uint8Array(32); a[0] = i & 0xff; a[1] = (i >> 8) & 0xff; a[2] = i >> 16; return a; };
      for (let i = 0; i < n; i++) Doubles.set(acct(i), i & 0xffff, BigInt(i));
      for (const i of [0, 1, 12_345, n - 1]) {
        expect(Doubles.keyOf(acct(i), i & 0xffff)).toBe(fresh2(acct(i), i & 0xffff));
        expect(Doubles.get(acct(i), i & 0xffff)).toBe(BigInt(i));
        expect(st.get(fresh2(acct(i), i & 0xffff))).toEqual(encode(t.u64, BigInt(i)));
      }
    });
  });

  it('every declared primitive default round-trips through its codec unchanged (so it is returned as declared)', () => {
    let checked = 0;
    for (const p of pallets as any[]) for (const item of Object.values(p.storage ?? {}) as any[]) {
      if (!('default' in item.opts)) continue;
      const d = item.opts.default;
      if (d !== null && typeof d === 'object') continue;
      expect(Object.is(decode(item.value, encode(item.value, d)), d)).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('object defaults are fresh copies (mutating one read does not change the next)', () => {
    const Vecs = map('Identity', t.u16, t.vec(t.u16), { default: [1, 2] }).bind('CacheTest', 'Vecs');
    withState(new OverlayState(new MemoryState()), () => {
      const v = Vecs.get(1);
      v.push(3);
      expect(Vecs.get(1)).toEqual([1, 2]);
    });
  });
});
