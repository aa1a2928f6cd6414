// The Substrate trie (runtime/frame/trie/): node encodings against polkadot-sdk's own vectors, the genesis hash of
// Bittensor's testnet computed from its published raw chain spec, the extrinsics root by hand from the codec rules,
// and incremental updates against building from scratch.
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import zlib from 'node:zlib';
import fc from 'fast-check';
import { Trie, orderedTrieRoot, EMPTY_TRIE_ROOT } from '../../runtime/frame/trie/trie.ts';
import { storageStateVersion, extrinsicsRootStateVersion } from '../../runtime/frame/trie/node.ts';
import { MemoryState, OverlayState, RUNTIME_STATE_VERSION, stateRootBytes } from '../../runtime/frame/state.ts';
import { runtimeVersion } from '../../runtime/version.ts';
import { blake2_256 } from '../../runtime/crypto/hashing.ts';
import { TESTFINNEY_RAW_SPEC_GZ_PATH, SUBSTRATE_TRIE_VECTORS_PATH } from '../fixtures/paths.ts';

const hex = (b: Uint8Array) => '0x' + Buffer.from(b).toString('hex');
const bytes = (h: string) => new Uint8Array(Buffer.from(h.slice(2), 'hex'));
const vectors = JSON.parse(fs.readFileSync(SUBSTRATE_TRIE_VECTORS_PATH, 'utf8'));

describe('trie node codec (polkadot-sdk vectors)', () => {
  for (const v of vectors.rootNodeEncodings as { test: string; entries: [string, string][]; encoded: string }[]) {
    it(v.test, () => {
      const trie = Trie.fromEntries(v.entries.map(([k, x]) => [k, bytes(x)]), 1);
      const encoded = trie.root === null ? new Uint8Array([0]) : trie.root.encode();
      expect(hex(encoded)).toBe(v.encoded);
      // The root is the hash of the root node's encoding, however short.
      expect(hex(trie.rootHash())).toBe(hex(blake2_256(encoded)));
    });
  }

  it('the empty trie root is blake2-256 of [0]', () => {
    expect(hex(EMPTY_TRIE_ROOT)).toBe(hex(blake2_256(new Uint8Array([0]))));
    expect(hex(new MemoryState().trie().rootHash())).toBe(hex(EMPTY_TRIE_ROOT));
  });

  it('V1 stores a value of 33 bytes or more as its hash (header 0b001 for a leaf), V0 inline', () => {
    const long = new Uint8Array(33).fill(0xab), short = new Uint8Array(32).fill(0xab);
    const leaf = (v: Uint8Array, version: 0 | 1) => Trie.fromEntries([['0xaa', v]], version).root!.encode();
    // 0x20 | 2 nibbles, the key, then the 32-byte value hash (no length prefix).
    expect(hex(leaf(long, 1))).toBe('0x22aa' + hex(blake2_256(long)).slice(2));
    expect(hex(leaf(short, 1))).toBe('0x42aa80' + hex(short).slice(2));
    expect(hex(leaf(long, 0))).toBe('0x42aa84' + hex(long).slice(2));
  });

  it('nibble counts of 63 and more continue in further header bytes', () => {
    // A lone leaf's partial key is its whole key: 32 bytes = 64 nibbles → 0x40|63, then 64 − 63 = 1 more.
    const key = '0x' + '12'.repeat(32);
    expect(hex(Trie.fromEntries([[key, new Uint8Array([7])]], 1).root!.encode().subarray(0, 2))).toBe('0x7f01');
    const key2 = '0x' + '34'.repeat(159); // 318 nibbles: 63 + 255 → 0x7f, 0xff, 0x00
    expect(hex(Trie.fromEntries([[key2, new Uint8Array([7])]], 1).root!.encode().subarray(0, 3))).toBe('0x7fff00');
  });
});

describe('state roots of subtensor', () => {
  it('the runtime declares system_version 1: storage root in V1, extrinsics root in V0', () => {
    expect(runtimeVersion().system_version).toBe(1);
    expect(storageStateVersion(runtimeVersion().system_version)).toBe(RUNTIME_STATE_VERSION);
    expect(RUNTIME_STATE_VERSION).toBe(1);
    expect(extrinsicsRootStateVersion(1)).toBe(0);
  });

  it('testnet genesis: the trie root of raw_spec_testfinney.json\'s storage gives the published genesis hash', () => {
    const spec = JSON.parse(zlib.gunzipSync(fs.readFileSync(TESTFINNEY_RAW_SPEC_GZ_PATH)).toString('utf8'));
    expect(spec.genesis.raw.childrenDefault).toEqual({});
    const state = new MemoryState(1);
    for (const [k, v] of Object.entries<string>(spec.genesis.raw.top)) state.set(k, bytes(v));
    // Header: parent 0, number 0 (compact), state root, extrinsics root of no extrinsics, empty digest.
    const header = new Uint8Array([...new Uint8Array(32), 0, ...stateRootBytes(state), ...orderedTrieRoot([], 0), 0]);
    expect(hex(blake2_256(header))).toBe(vectors.genesisHashes.test);
  });

  it('the extrinsics root of one extrinsic is the hash of a single V0 leaf keyed by compact(0)', () => {
    const xt = new Uint8Array(40).map((_, i) => i);
    // Leaf 0x40 | 2 nibbles, key byte 0x00, compact length 40 = 0xa0, the bytes (inline: V0 never hashes values).
    const leaf = new Uint8Array([0x42, 0x00, 40 << 2, ...xt]);
    expect(hex(orderedTrieRoot([xt], 0))).toBe(hex(blake2_256(leaf)));
  });
});

describe('incremental updates', () => {
  const keyArb = fc.uint8Array({ minLength: 0, maxLength: 5 }).map(b => hex(new Uint8Array([0x5a, ...b])));
  const valueArb = fc.oneof(fc.uint8Array({ maxLength: 8 }), fc.uint8Array({ minLength: 30, maxLength: 40 }));
  const opArb = fc.tuple(keyArb, fc.option(valueArb, { freq: 3 }));

  it('a trie updated write by write equals the trie built from the final contents (V0 and V1)', () => {
    fc.assert(fc.property(fc.array(opArb, { maxLength: 60 }), fc.array(opArb, { maxLength: 30 }), fc.constantFrom<0 | 1>(0, 1), (first, second, version) => {
      const model = new Map<string, Uint8Array>();
      let trie = Trie.empty(version);
      const versions: [Trie, string][] = [];
      for (const batch of [first, second]) {
        trie = trie.with(batch);
        for (const [k, v] of batch) v === null ? model.delete(k) : model.set(k, v);
        versions.push([trie, hex(Trie.fromEntries([...model], version).rootHash())]);
      }
      // A later batch leaves the earlier versions intact (nodes are changed in place only by the batch making them).
      for (const [t, expected] of versions) expect(hex(t.rootHash())).toBe(expected);
      const rebuilt = Trie.fromEntries([...model], version);
      expect(hex(trie.rootHash())).toBe(hex(rebuilt.rootHash()));
      for (const [k, v] of model) expect(trie.get(k)).toEqual(v);
      // Deleting everything leaves the empty trie.
      expect(hex(trie.with([...model.keys()].map(k => [k, null] as const)).rootHash())).toBe(hex(EMPTY_TRIE_ROOT));
    }), { numRuns: 150 });
  });

  it('an overlay predicts the root its changes give, and the state adopts that trie', () => {
    fc.assert(fc.property(fc.array(opArb, { maxLength: 40 }), fc.array(opArb, { maxLength: 40 }), (base, block) => {
      const state = new MemoryState();
      for (const [k, v] of base) v === null ? state.delete(k) : state.set(k, v);
      const before = hex(stateRootBytes(state));
      const ov = new OverlayState(state);
      for (const [k, v] of block) v === null ? ov.delete(k) : ov.set(k, v);
      const predicted = hex(stateRootBytes(ov));
      expect(hex(stateRootBytes(state))).toBe(before); // the base is not touched
      state.apply(ov.changes(), ov.computedTrie());
      const fresh = new MemoryState();
      for (const k of state.keysWithPrefix('0x')) fresh.set(k, state.get(k)!);
      expect(hex(stateRootBytes(fresh))).toBe(predicted);
      expect(hex(stateRootBytes(state))).toBe(predicted);
    }), { numRuns: 200 });
  });

  it('a write after the root was taken invalidates the overlay\'s trie', () => {
    const ov = new OverlayState(new MemoryState());
    ov.set('0x01', new Uint8Array([1]));
    const first = hex(stateRootBytes(ov));
    expect(ov.computedTrie()).toBeDefined();
    ov.set('0x02', new Uint8Array([2]));
    expect(ov.computedTrie()).toBeUndefined();
    expect(hex(stateRootBytes(ov))).not.toBe(first);
    ov.startTransaction(); ov.set('0x03', new Uint8Array([3])); const inner = hex(stateRootBytes(ov)); ov.rollbackTransaction();
    expect(hex(stateRootBytes(ov))).not.toBe(inner);
  });
});
