// state_getReadProof and closestDescendantMerkleValue against a running node. The proofs are checked by a verifier
// written here from the Polkadot specification's trie encoding (node header, partial key, bitmap, inline or hashed
// children and values), independent of runtime/frame/trie: it must reach every key from the header's stateRoot
// through nodes whose blake2-256 its parent names, and it must fail on a tampered or incomplete proof.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import { Keyring } from '@polkadot/keyring';
import type { NodeHandle } from '../../node/index.ts';
import { RawWs, startSpecNode, accountKey, storageKey, nextEvent } from './helpers.ts';

// ---- an independent proof verifier (Polkadot spec, "Trie structure" / "Merkle proof") --------------------------

interface DecodedNode { partial: string; value: { inline: Uint8Array } | { hash: Uint8Array } | null; children: (Uint8Array | null)[] }

function decodeCompact(b: Uint8Array, o: number): [number, number] {
  const mode = b[o] & 3;
  if (mode === 0) return [b[o] >> 2, o + 1];
  if (mode === 1) return [(b[o] | (b[o + 1] << 8)) >> 2, o + 2];
  if (mode === 2) return [(b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 2, o + 4];
  throw new Error('big compact');
}

function decodeNode(b: Uint8Array): DecodedNode {
  const h = b[0];
  let kind: 'leaf' | 'branch' | 'branchValue' | 'hashedLeaf' | 'hashedBranch';
  let bits: number;
  if (h >> 6 === 1) { kind = 'leaf'; bits = 6; } else if (h >> 6 === 2) { kind = 'branch'; bits = 6; } else if (h >> 6 === 3) { kind = 'branchValue'; bits = 6; }
  else if (h >> 5 === 1) { kind = 'hashedLeaf'; bits = 5; } else if (h >> 4 === 1) { kind = 'hashedBranch'; bits = 4; } else throw new Error(`bad header ${h}`);
  const mask = (1 << bits) - 1;
  let n = h & mask, o = 1;
  if (n === mask) { for (;;) { const x = b[o++]; n += x; if (x < 255) break; } }
  const partialHex = Buffer.from(b.subarray(o, o + Math.ceil(n / 2))).toString('hex');
  const partial = n % 2 ? partialHex.slice(1) : partialHex;
  o += Math.ceil(n / 2);
  const isBranch = kind === 'branch' || kind === 'branchValue' || kind === 'hashedBranch';
  let bitmap = 0;
  if (isBranch) { bitmap = b[o] | (b[o + 1] << 8); o += 2; }
  let value: DecodedNode['value'] = null;
  if (kind === 'hashedLeaf' || kind === 'hashedBranch') { value = { hash: b.subarray(o, o + 32) }; o += 32; }
  else if (kind === 'leaf' || kind === 'branchValue') { const [len, o2] = decodeCompact(b, o); value = { inline: b.subarray(o2, o2 + len) }; o = o2 + len; }
  const children: (Uint8Array | null)[] = new Array(16).fill(null);
  for (let i = 0; i < 16; i++) {
    if (!(bitmap & (1 << i))) continue;
    const [len, o2] = decodeCompact(b, o);
    children[i] = b.subarray(o2, o2 + len);
    o = o2 + len;
  }
  if (o !== b.length) throw new Error('trailing bytes in node');
  return { partial, value, children };
}

interface Step { fullKey: string; merkleValue: Uint8Array }

/** Looks `key` up in the proof: its value, null when the proof shows it absent; throws when the proof is incomplete.
 *  `steps` receives each node on the way with its full key (nibbles) and Merkle value. */
function verifyRead(root: Uint8Array, proof: Uint8Array[], key: string, steps: Step[] = []): Uint8Array | null {
  const db = new Map(proof.map(n => [u8aToHex(blake2AsU8a(n, 256)), n]));
  const path = key.slice(2);
  let enc = db.get(u8aToHex(root));
  if (!enc) throw new Error('root node missing from the proof');
  let merkleValue = root, pos = 0, fullKey = '';
  for (;;) {
    const node = decodeNode(enc);
    fullKey += node.partial;
    steps.push({ fullKey, merkleValue });
    if (!path.startsWith(node.partial, pos)) return null;
    pos += node.partial.length;
    if (pos === path.length) {
      if (node.value === null) return null;
      if ('inline' in node.value) return node.value.inline;
      const v = db.get(u8aToHex(node.value.hash));
      if (!v) throw new Error('value node missing from the proof');
      return v;
    }
    const nib = parseInt(path[pos], 16);
    const ref = node.children[nib];
    if (ref === null) return null;
    fullKey += path[pos];
    pos++;
    merkleValue = ref;
    if (ref.length === 32) {
      enc = db.get(u8aToHex(ref));
      if (!enc) throw new Error('child node missing from the proof');
    } else {
      enc = ref; // an inline node
    }
  }
}

// ---- the node ---------------------------------------------------------------------------------------------------

let node: NodeHandle;
let ws: RawWs;
const alice = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri('//Alice');

beforeAll(async () => {
  node = await startSpecNode({ mode: 'manual' });
  ws = await RawWs.connect(node.url);
  await ws.call('dev_newBlock', [{ count: 2 }]);
});

afterAll(async () => {
  ws?.close();
  await node?.stop();
});

const stateRootAt = async (hash: string) => hexToU8a((await ws.call('chain_getHeader', [hash])).stateRoot);

describe('state_getReadProof', () => {
  it("proves present keys (an account's hashed value, System.Events, :code) and an absent key against the header's stateRoot", async () => {
    const at = await ws.call('chain_getBlockHash', []);
    const aliceKey = accountKey(alice.publicKey);
    const eventsKey = u8aToHex(storageKey('System', 'Events'));
    const absent = accountKey(new Uint8Array(32).fill(9));
    const codeKey = '0x3a636f6465';
    const keys = [aliceKey, eventsKey, absent, codeKey];
    const res = await ws.call('state_getReadProof', [keys, at]);
    expect(res.at).toBe(at);
    const proof = (res.proof as string[]).map(h => hexToU8a(h));
    // A set: no duplicates, sorted by bytes as StorageProof's BTreeSet.
    expect(new Set(res.proof).size).toBe(res.proof.length);
    expect([...res.proof].sort()).toEqual(res.proof);
    const root = await stateRootAt(at);
    for (const k of keys) {
      const expected = await ws.call('state_getStorage', [k, at]);
      const proved = verifyRead(root, proof, k);
      expect(proved === null ? null : u8aToHex(proved)).toBe(expected);
    }
    // An AccountInfo (56 bytes) is longer than 32 bytes: under state V1 it travels as a separate value node;
    // this chain's :code placeholder (31 bytes) stays inline in its leaf.
    const account = await ws.call('state_getStorage', [aliceKey, at]);
    expect(hexToU8a(account).length).toBe(56);
    expect(res.proof).toContain(account);
    const code = await ws.call('state_getStorage', [codeKey, at]);
    expect(hexToU8a(code).length).toBeLessThan(33);
    expect(res.proof).not.toContain(code);
  });

  it('is rejected when a node is altered or missing', async () => {
    const at = await ws.call('chain_getBlockHash', []);
    const aliceKey = accountKey(alice.publicKey);
    const proof = ((await ws.call('state_getReadProof', [[aliceKey], at])).proof as string[]).map(h => hexToU8a(h));
    const root = await stateRootAt(at);
    const good = u8aToHex(verifyRead(root, proof, aliceKey)!);
    expect(good).toBe(await ws.call('state_getStorage', [aliceKey, at]));
    expect(proof.length).toBeGreaterThan(1);
    for (let i = 0; i < proof.length; i++) {
      // Flip one bit of the last byte of node i: its hash changes, so its parent (or the root) no longer names it.
      const tampered = proof.map((n, j) => (j === i ? Uint8Array.from(n, (x, k) => (k === n.length - 1 ? x ^ 1 : x)) : n));
      expect(() => verifyRead(root, tampered, aliceKey)).toThrow(/missing/);
      const without = proof.filter((_, j) => j !== i);
      expect(() => verifyRead(root, without, aliceKey)).toThrow(/missing/);
    }
    // The same proof against another block's root proves nothing.
    const parent = (await ws.call('chain_getHeader', [at])).parentHash;
    const parentRoot = await stateRootAt(parent);
    expect(() => verifyRead(parentRoot, proof, aliceKey)).toThrow(/missing/);
  });

  it('proves the state of older blocks against their roots (recent ones from kept tries, older ones rebuilt)', async () => {
    const key = u8aToHex(storageKey('Timestamp', 'Now'));
    const check = async (n: number) => {
      const at = await ws.call('chain_getBlockHash', [n]);
      const res = await ws.call('state_getReadProof', [[key], at]);
      const proved = verifyRead(await stateRootAt(at), (res.proof as string[]).map(h => hexToU8a(h)), key);
      expect(u8aToHex(proved!)).toBe(await ws.call('state_getStorage', [key, at]));
    };
    await check(1);
    await ws.call('dev_newBlock', [{ count: 40 }]);
    await check(1);
    await check(30);
  });

  it('refuses keys that are not hex and unknown blocks', async () => {
    await expect(ws.call('state_getReadProof', [['0xzz'], null])).rejects.toThrow();
    await expect(ws.call('state_getReadProof', [[], '0x' + '11'.repeat(32)])).rejects.toThrow();
  });
});

describe('closestDescendantMerkleValue', () => {
  it('is the Merkle value of the first node at or below the prefix on the proven path (the root\'s: its hash)', async () => {
    const at = await ws.call('chain_getBlockHash', []);
    const aliceKey = accountKey(alice.publicKey);
    const proof = ((await ws.call('state_getReadProof', [[aliceKey], at])).proof as string[]).map(h => hexToU8a(h));
    const steps: Step[] = [];
    const root = await stateRootAt(at);
    verifyRead(root, proof, aliceKey, steps);
    const sub = await ws.call('chainHead_v1_follow', [false]);
    await nextEvent(ws, sub);
    const query = async (prefix: string): Promise<string | undefined> => {
      const res = await ws.call('chainHead_v1_storage', [sub, at, [{ key: prefix, type: 'closestDescendantMerkleValue' }], null]);
      for (;;) {
        const e = await nextEvent(ws, sub, x => x.operationId === res.operationId);
        if (e.event === 'operationStorageItems') return e.items[0].closestDescendantMerkleValue;
        if (e.event === 'operationStorageDone') return undefined;
      }
    };
    // Prefixes of Alice's key of every byte length: the answer is the first node on her path whose key extends it.
    for (const bytesLen of [0, 1, 16, 32, 40, 48]) {
      const prefix = aliceKey.slice(0, 2 + 2 * bytesLen);
      const expected = steps.find(s => s.fullKey.length >= 2 * bytesLen)!;
      expect(await query(prefix)).toBe(u8aToHex(expected.merkleValue));
    }
    expect(u8aToHex(steps[0].merkleValue)).toBe(u8aToHex(root));
    // archive_v1_storage gives the same answer.
    const prefix = u8aToHex(storageKey('System', 'Account'));
    const arch = await ws.call('archive_v1_storage', [at, [{ key: prefix, type: 'closestDescendantMerkleValue' }], null]);
    const ev = (await ws.waitFor(n => n.method === 'archive_v1_storageEvent' && n.params.subscription === arch, 'notifications')).params.result;
    expect(ev.closestDescendantMerkleValue).toBe(u8aToHex(steps.find(s => s.fullKey.length >= prefix.length - 2)!.merkleValue));
    // No key under this prefix: no item.
    expect(await query('0xfefefefe')).toBeUndefined();
    await ws.call('chainHead_v1_unfollow', [sub]);
  });
});
