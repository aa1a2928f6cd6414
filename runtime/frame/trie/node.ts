// Substrate's trie nodes (sp-trie's NodeCodec, "LayoutV0"/"LayoutV1"): a base-16 Patricia-Merkle trie without
// extension nodes, where a leaf or a branch carries its own partial key. Nodes are immutable: an update copies the
// path from the root to the changed key and shares everything else, so an old version stays valid (a block's trie
// while the next block is built on top of it) and each node's encoding and hash are computed at most once.
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
    readonly partial: string,
    /** The value stored at this node's key (always set on a leaf). */
    readonly value: Uint8Array | null,
    /** Whether the value is stored as a value node (its blake2-256 in the node): fixed by the state version in force
     *  when the value was written, as trie-db keeps an existing value's form until it is rewritten. */
    readonly valueHashed: boolean,
    /** 16 child slots for a branch, null for a leaf. */
    readonly children: (TrieNode | null)[] | null,
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

  /** The same node under another partial key (after a split or a merge). */
  withPartial(partial: string): TrieNode {
    return new TrieNode(partial, this.value, this.valueHashed, this.children);
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

/** Header bytes: node kind in the high bits, nibble count in the rest, continued in further bytes when it does not
 *  fit (the first byte saturates, then 255s, then the remainder minus one). */
function headerBytes(prefix: number, prefixBits: number, nibbles: number): number[] {
  const max = 255 >> prefixBits;
  if (nibbles < max) return [prefix | nibbles];
  const out = [prefix | max];
  let rem = nibbles - (max - 1);
  while (rem >= 256) { out.push(255); rem -= 255; }
  out.push(rem - 1);
  return out;
}

function compactLen(n: number): number[] {
  if (n < 64) return [n << 2];
  if (n < 1 << 14) return [((n << 2) | 1) & 0xff, n >> 6];
  if (n < 1 << 30) return [((n << 2) | 2) & 0xff, (n >> 6) & 0xff, (n >> 14) & 0xff, (n >> 22) & 0xff];
  return [3, n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
}

/** Partial key bytes: two nibbles a byte, an odd count padded with a zero high nibble in front. */
function partialBytes(partial: string): Buffer {
  return Buffer.from(partial.length % 2 === 1 ? '0' + partial : partial, 'hex');
}

function encodeNode(node: TrieNode): Uint8Array {
  const parts: (Uint8Array | number[])[] = [];
  const { partial, value, valueHashed, children } = node;
  if (children === null) {
    parts.push(valueHashed ? headerBytes(HASHED_VALUE_LEAF, 3, partial.length) : headerBytes(LEAF, 2, partial.length));
  } else if (value === null) {
    parts.push(headerBytes(BRANCH_NO_VALUE, 2, partial.length));
  } else {
    parts.push(valueHashed ? headerBytes(HASHED_VALUE_BRANCH, 4, partial.length) : headerBytes(BRANCH_WITH_VALUE, 2, partial.length));
  }
  parts.push(partialBytes(partial));
  if (children !== null) {
    let bitmap = 0;
    for (let i = 0; i < 16; i++) if (children[i] !== null) bitmap |= 1 << i;
    parts.push([bitmap & 0xff, bitmap >> 8]);
  }
  if (value !== null) {
    if (valueHashed) parts.push(valueHash(value));
    else { parts.push(compactLen(value.length)); parts.push(value); }
  }
  if (children !== null) {
    for (let i = 0; i < 16; i++) {
      const c = children[i];
      if (c === null) continue;
      const ref = c.reference();
      parts.push(compactLen(ref.length));
      parts.push(ref);
    }
  }
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

/** The encoding of the empty trie, and its root hash. */
export const EMPTY_NODE = new Uint8Array([0]);
export const EMPTY_TRIE_ROOT = blake2_256(EMPTY_NODE);
