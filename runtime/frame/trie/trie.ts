// A persistent Substrate trie: updates return a new Trie sharing every untouched node with the old one, so a
// block's root costs the nodes on the paths of the keys it changed, and older versions stay usable for proofs.

import { TrieNode, hashesValue, valueHash, EMPTY_NODE, EMPTY_TRIE_ROOT, type StateVersion } from './node.ts';
import { Writer, toHex } from '../../codec/scale.ts';

const HEX = '0123456789abcdef';
// Write batches: a node created by the running batch may be changed in place; any other is copied.
let lastBatch = 0;
const nibbleAt = (s: string, i: number): number => {
  const c = s.charCodeAt(i);
  return c <= 57 ? c - 48 : c - 87; // '0'-'9', 'a'-'f' (keys are lowercase hex)
};
/** A storage key ('0x…', lowercase) as the trie's nibble path. */
export const pathOf = (key: string): string => (key.startsWith('0x') ? key.slice(2) : key).toLowerCase();

export class Trie {
  private constructor(readonly root: TrieNode | null, readonly version: StateVersion) {}

  static empty(version: StateVersion): Trie { return new Trie(null, version); }

  /** A trie of `entries` (keys '0x…', strictly ascending) built in one pass. */
  static fromSorted(entries: readonly (readonly [string, Uint8Array])[], version: StateVersion): Trie {
    const paths = entries.map(([k]) => pathOf(k));
    const values = entries.map(([, v]) => v);
    return new Trie(build(paths, values, 0, paths.length, 0, version, ++lastBatch), version);
  }

  /** A trie of `entries` in any order (later duplicates win). */
  static fromEntries(entries: Iterable<readonly [string, Uint8Array]>, version: StateVersion): Trie {
    const m = new Map<string, Uint8Array>();
    for (const [k, v] of entries) m.set(pathOf(k), v);
    const sorted = [...m.keys()].sort();
    return new Trie(build(sorted, sorted.map(k => m.get(k)!), 0, sorted.length, 0, version, ++lastBatch), version);
  }

  /** This trie with `changes` applied (value = set, null = delete), writing under this trie's version. */
  with(changes: Iterable<readonly [string, Uint8Array | null]>): Trie {
    let root = this.root;
    const batch = ++lastBatch;
    for (const [k, v] of changes) {
      const path = pathOf(k);
      root = v === null ? remove(root, path, 0, batch) : insert(root, path, 0, v, this.version, batch);
    }
    return root === this.root ? this : new Trie(root, this.version);
  }

  /** The same nodes, with later writes taking `version`'s form. */
  withVersion(version: StateVersion): Trie { return version === this.version ? this : new Trie(this.root, version); }

  /** The state root: blake2-256 of the root node's encoding (of [0] for the empty trie). */
  rootHash(): Uint8Array { return this.root === null ? EMPTY_TRIE_ROOT : this.root.hash(); }

  get(key: string): Uint8Array | undefined {
    const path = pathOf(key);
    let node = this.root, pos = 0;
    while (node !== null) {
      if (!path.startsWith(node.partial, pos)) return undefined;
      pos += node.partial.length;
      if (pos === path.length) return node.value ?? undefined;
      if (node.children === null) return undefined;
      node = node.children[nibbleAt(path, pos)];
      pos++;
    }
    return undefined;
  }

  /**
   * The nodes a reader of `keys` walks through, as Substrate's `prove_read` records them: every node stored under
   * its hash on the way to each key (inline nodes travel inside their parent), plus the value node of a hashed
   * value that is read. Deduplicated and sorted by bytes, like StorageProof's node set.
   */
  proveRead(keys: Iterable<string>): Uint8Array[] {
    const seen = new Map<string, Uint8Array>();
    const record = (bytes: Uint8Array) => { seen.set(Buffer.from(bytes).toString('hex'), bytes); };
    for (const key of keys) {
      const path = pathOf(key);
      let node = this.root, pos = 0;
      record(node === null ? EMPTY_NODE : node.encode());
      while (node !== null) {
        if (!path.startsWith(node.partial, pos)) break;
        pos += node.partial.length;
        if (pos === path.length) {
          if (node.value !== null && node.valueHashed) record(node.value);
          break;
        }
        if (node.children === null) break;
        const child = node.children[nibbleAt(path, pos)];
        pos++;
        if (child !== null && child.encode().length >= 32) record(child.encode());
        node = child;
      }
    }
    return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
  }

  /**
   * The Merkle value of the closest descendant of `key` (the node whose key is `key` or the shortest key extending
   * it), as the JSON-RPC spec's `closestDescendantMerkleValue` defines it: the node's encoding when it is inline in
   * its parent (shorter than 32 bytes), its hash otherwise; the root's is always its hash. Null when no key starts
   * with `key`.
   */
  closestDescendantMerkleValue(key: string): Uint8Array | null {
    const path = pathOf(key);
    let node = this.root, pos = 0;
    if (node === null) return null;
    for (let isRoot = true; ; isRoot = false) {
      // The node's full key is path[0, pos) ++ partial; it is a descendant when `path` is a prefix of that.
      const p = node.partial;
      const rest = path.length - pos;
      if (rest <= p.length) {
        if (!p.startsWith(path.slice(pos))) return null;
        return isRoot ? node.hash() : node.reference();
      }
      if (!path.startsWith(p, pos) || node.children === null) return null;
      pos += p.length;
      const child: TrieNode | null = node.children[nibbleAt(path, pos)];
      pos++;
      if (child === null) return null;
      node = child;
    }
  }
}

function build(paths: string[], values: Uint8Array[], lo: number, hi: number, depth: number, version: StateVersion, batch: number): TrieNode | null {
  if (lo >= hi) return null;
  if (hi - lo === 1) {
    const v = values[lo];
    return new TrieNode(paths[lo].slice(depth), v, hashesValue(version, v), null, batch);
  }
  // Sorted: the common prefix of the whole range is that of its first and last key.
  const first = paths[lo], last = paths[hi - 1];
  let l = depth;
  while (l < first.length && l < last.length && first.charCodeAt(l) === last.charCodeAt(l)) l++;
  let value: Uint8Array | null = null;
  let i = lo;
  if (first.length === l) { value = values[lo]; i++; }
  const children: (TrieNode | null)[] = new Array(16).fill(null);
  while (i < hi) {
    const nib = nibbleAt(paths[i], l);
    let j = i + 1;
    while (j < hi && nibbleAt(paths[j], l) === nib) j++;
    children[nib] = build(paths, values, i, j, l + 1, version, batch);
    i = j;
  }
  return new TrieNode(first.slice(depth, l), value, value !== null && hashesValue(version, value), children, batch);
}

/** `node` as a node of `batch`: itself when the batch made it, else a copy (with its own children array). */
function own(node: TrieNode, batch: number): TrieNode {
  return node.batch === batch ? node : new TrieNode(node.partial, node.value, node.valueHashed, node.children === null ? null : node.children.slice(), batch);
}

function insert(node: TrieNode | null, path: string, pos: number, value: Uint8Array, version: StateVersion, batch: number): TrieNode {
  const hashed = hashesValue(version, value);
  if (node === null) return new TrieNode(path.slice(pos), value, hashed, null, batch);
  const p = node.partial;
  let i = 0;
  while (i < p.length && pos + i < path.length && p.charCodeAt(i) === path.charCodeAt(pos + i)) i++;
  if (i === p.length) {
    const at = pos + i;
    const n = own(node, batch);
    if (at === path.length) { n.value = value; n.valueHashed = hashed; return n; }
    const nib = nibbleAt(path, at);
    if (n.children === null) n.children = new Array<TrieNode | null>(16).fill(null);
    n.children[nib] = insert(n.children[nib], path, at + 1, value, version, batch);
    return n;
  }
  // The key leaves this node's partial after i nibbles: a branch at the common prefix holds both.
  const children: (TrieNode | null)[] = new Array(16).fill(null);
  children[nibbleAt(p, i)] = node.withPartial(p.slice(i + 1), batch);
  const at = pos + i;
  if (at === path.length) return new TrieNode(p.slice(0, i), value, hashed, children, batch);
  children[nibbleAt(path, at)] = new TrieNode(path.slice(at + 1), value, hashed, null, batch);
  return new TrieNode(p.slice(0, i), null, false, children, batch);
}

function remove(node: TrieNode | null, path: string, pos: number, batch: number): TrieNode | null {
  if (node === null) return null;
  const p = node.partial;
  if (!path.startsWith(p, pos)) return node;
  const at = pos + p.length;
  if (at === path.length) {
    if (node.value === null) return node;
    if (node.children === null) return null;
    const n = own(node, batch);
    n.value = null;
    n.valueHashed = false;
    return normalize(n, batch);
  }
  if (node.children === null) return node;
  const nib = nibbleAt(path, at);
  const child = node.children[nib];
  if (child === null) return node;
  const updated = remove(child, path, at + 1, batch);
  if (updated === child) return node;
  const n = own(node, batch);
  n.children![nib] = updated;
  return normalize(n, batch);
}

/** A branch of `batch` after a removal: without children it becomes a leaf (or nothing); a valueless branch with
 *  one child merges into that child. */
function normalize(n: TrieNode, batch: number): TrieNode | null {
  const children = n.children!;
  let count = 0, only = -1;
  for (let i = 0; i < 16; i++) if (children[i] !== null) { count++; only = i; }
  if (count === 0) {
    if (n.value === null) return null;
    n.children = null;
    return n;
  }
  if (count === 1 && n.value === null) {
    const c = children[only]!;
    return c.withPartial(n.partial + HEX[only] + c.partial, batch);
  }
  return n;
}

/** Substrate's ordered trie root (the extrinsics root): keys are the SCALE compact indices 0, 1, 2, … */
export function orderedTrieRoot(items: readonly Uint8Array[], version: StateVersion): Uint8Array {
  const entries: [string, Uint8Array][] = items.map((v, i) => [toHex(new Writer(5).compact(i).finish()), v]);
  return Trie.fromEntries(entries, version).rootHash();
}

export { EMPTY_TRIE_ROOT, valueHash };
