// Substrate's trie nodes (sp-trie's NodeCodec, "LayoutV0"/"LayoutV1"): a base-16 Patricia-Merkle trie without
// extension nodes, where a leaf or a branch carries its own partial key. Nodes are immutable once a batch of writes
// is done: an update copies the path from the root to each changed key and shares everything else, so an old
// version stays valid (a block's trie while the next block is built on top of it) and each node's encoding and hash
// are computed at most once. Within one batch, nodes the batch created are changed in place (`batch` marks them),
// so a path shared by many written keys is copied once.
//
// Keys are nibble strings: the lowercase hex of the storage key without its 0x, one character per nibble.

import { blake2_256 } from '../../crypto/hashing.ts';

/** Substrate's `StateVersion`: V1 stores values of 33 bytes or more as a separate value node (hash in the trie). */
export type StateVersion = 0 | 1;
/** RuntimeVersion::state_version: the trie layout of the runtime's storage root. */
export const storageStateVersion = (systemVersion: number): StateVersion => (systemVersion === 0 ? 0 : 1);
/** RuntimeVersion::extrinsics_root_state_version: V0 for system_version 0 and 1, V1 above. */
export const extrinsicsRootStateVersion = (systemVersion: number): StateVersion => (systemVersion <= 1 ? 0 : 1);
/** sp_core::storage::TRIE_VALUE_NODE_THRESHOLD: values at least this long are hashed under V1. */
export const VALUE_NODE_THRESHOLD = 33;

export class TrieNode {
  private encoded?: Uint8Array;
  private hashed?: Uint8Array;
  constructor(
    /** Nibbles between the parent's child slot and this node. */
    public partial: string,
    /** The value stored at this node's key (always set on a leaf). */
    public value: Uint8Array | null,
    /** Whether the value is stored as a value node (its blake2-256 in the node): fixed by the state version in force
     *  when the value was written, as trie-db keeps an existing value's form until it is rewritten. */
    public valueHashed: boolean,
    /** 16 child slots for a branch, null for a leaf (owned by this node: never shared with another). */
    public children: (TrieNode | null)[] | null,
    /** The write batch that created this node; only that batch may change it. */
    readonly batch: number,
  ) {}

  get isLeaf(): boolean { return this.children === null; }

  /** The node's SCALE encoding (NodeCodec::leaf_node / branch_node_nibbled). */
  encode(): Uint8Array {
    return this.encoded ??= encodeNode(this);
  }

  /** blake2-256 of the encoding: the root hash when this is the root, the child reference when it is 32 bytes or more. */
  hash(): Uint8Array {
    return this.hashed ??= blake2_256(this.encode());
  }

  /** How a parent refers to this node (and the node's Merkle value): the encoding itself when shorter than a hash,
   *  otherwise its hash. */
  reference(): Uint8Array {
    const enc = this.encode();
    return enc.length < 32 ? enc : this.hash();
  }

  /** The same node under another partial key (after a split or a merge), as a node of `batch`. */
  withPartial(partial: string, batch: number): TrieNode {
    if (this.batch === batch) { this.partial = partial; return this; }
    return new TrieNode(partial, this.value, this.valueHashed, this.children === null ? null : this.children.slice(), batch);
  }
}

/** A value's form under `version`. */
export const hashesValue = (version: StateVersion, value: Uint8Array): boolean => version === 1 && value.length >= VALUE_NODE_THRESHOLD;

// Value hashes, remembered per value object: the same Uint8Array is stored in the state, the overlay and the trie.
const valueHashes = new WeakMap<Uint8Array, Uint8Array>();
export function valueHash(value: Uint8Array): Uint8Array {
  let h = valueHashes.get(value);
  if (h === undefined) { h = blake2_256(value); valueHashes.set(value, h); }
  return h;
}

// Header prefixes (sp-trie trie_constants) and how many high bits they take.
const LEAF = 0b01 << 6, BRANCH_NO_VALUE = 0b10 << 6, BRANCH_WITH_VALUE = 0b11 << 6;
const HASHED_VALUE_LEAF = 0b001 << 5, HASHED_VALUE_BRANCH = 0b0001 << 4;

function headerLength(nibbles: number, prefixBits: number): number {
  const max = 255 >> prefixBits;
  if (nibbles < max) return 1;
  let rem = nibbles - (max - 1), len = 2;
  while (rem >= 256) { len++; rem -= 255; }
  return len;
}

function writeHeader(out: Uint8Array, prefix: number, prefixBits: number, nibbles: number): number {
  const max = 255 >> prefixBits;
  if (nibbles < max) { out[0] = prefix | nibbles; return 1; }
  out[0] = prefix | max;
  let o = 1, rem = nibbles - (max - 1);
  while (rem >= 256) { out[o++] = 255; rem -= 255; }
  out[o++] = rem - 1;
  return o;
}

const compactLenSize = (n: number): number => (n < 64 ? 1 : n < 1 << 14 ? 2 : n < 1 << 30 ? 4 : 5);
function writeCompactLen(out: Uint8Array, o: number, n: number): number {
  if (n < 64) { out[o] = n << 2; return o + 1; }
  if (n < 1 << 14) { out[o] = ((n << 2) | 1) & 0xff; out[o + 1] = n >> 6; return o + 2; }
  if (n < 1 << 30) { out[o] = ((n << 2) | 2) & 0xff; out[o + 1] = (n >> 6) & 0xff; out[o + 2] = (n >> 14) & 0xff; out[o + 3] = (n >> 22) & 0xff; return o + 4; }
  out[o] = 3; out[o + 1] = n & 0xff; out[o + 2] = (n >>> 8) & 0xff; out[o + 3] = (n >>> 16) & 0xff; out[o + 4] = (n >>> 24) & 0xff; return o + 5;
}

const nib = (s: string, i: number): number => { const c = s.charCodeAt(i); return c <= 57 ? c - 48 : c - 87; };

function encodeNode(node: TrieNode): Uint8Array {
  const { partial, value, valueHashed, children } = node;
  const n = partial.length;
  let prefix: number, bits: number;
  if (children === null) { if (valueHashed) { prefix = HASHED_VALUE_LEAF; bits = 3; } else { prefix = LEAF; bits = 2; } }
  else if (value === null) { prefix = BRANCH_NO_VALUE; bits = 2; }
  else if (valueHashed) { prefix = HASHED_VALUE_BRANCH; bits = 4; }
  else { prefix = BRANCH_WITH_VALUE; bits = 2; }
  let len = headerLength(n, bits) + ((n + 1) >> 1);
  let refs: Uint8Array[] | null = null;
  let bitmap = 0;
  if (children !== null) {
    len += 2;
    refs = [];
    for (let i = 0; i < 16; i++) {
      const c = children[i];
      if (c === null) continue;
      bitmap |= 1 << i;
      const ref = c.reference();
      refs.push(ref);
      len += compactLenSize(ref.length) + ref.length;
    }
  }
  if (value !== null) len += valueHashed ? 32 : compactLenSize(value.length) + value.length;
  const out = new Uint8Array(len);
  let o = writeHeader(out, prefix, bits, n);
  let i = 0;
  if (n % 2 === 1) { out[o++] = nib(partial, 0); i = 1; }
  for (; i < n; i += 2) out[o++] = (nib(partial, i) << 4) | nib(partial, i + 1);
  if (children !== null) { out[o++] = bitmap & 0xff; out[o++] = bitmap >> 8; }
  if (value !== null) {
    if (valueHashed) { out.set(valueHash(value), o); o += 32; }
    else { o = writeCompactLen(out, o, value.length); out.set(value, o); o += value.length; }
  }
  if (refs !== null) for (const ref of refs) { o = writeCompactLen(out, o, ref.length); out.set(ref, o); o += ref.length; }
  return out;
}

/** The encoding of the empty trie, and its root hash. */
export const EMPTY_NODE = new Uint8Array([0]);
export const EMPTY_TRIE_ROOT = blake2_256(EMPTY_NODE);
