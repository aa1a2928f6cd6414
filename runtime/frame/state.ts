// Key-value state under real Substrate storage keys (hex strings, '0x'-prefixed, lowercase), and the overlay the
// runtime writes through. Transactions nest: a failed dispatch rolls its layer back, so only fee and nonce stay.

import { Trie } from './trie/trie.ts';
import type { StateVersion } from './trie/node.ts';

export type Changes = Map<string, Uint8Array | null>;

export interface ReadableState {
  get(key: string): Uint8Array | undefined;
  /** Keys starting with `prefix`, sorted ascending (byte order == hex order for lowercase hex). */
  keysWithPrefix(prefix: string): string[];
  /** The state as Substrate's trie: its root hash is the state root, its nodes make storage proofs. */
  trie(): Trie;
}

/** The state version of subtensor's runtime (RuntimeVersion.system_version = 1): values of 33 bytes or more are
 *  stored as separate value nodes. Every write here takes that form. */
export const RUNTIME_STATE_VERSION: StateVersion = 1;

/** The 32-byte state root of a state (the trie root, as sp_io::storage::root computes it). */
export function stateRootBytes(state: ReadableState): Uint8Array {
  return state.trie().rootHash();
}

// Keys are grouped by their first 32 bytes (twox128(pallet) ++ twox128(item)), so iterating one storage item
// never scans the others.
const BUCKET_LEN = 2 + 64;
const bucketOf = (key: string) => (key.length >= BUCKET_LEN ? key.slice(0, BUCKET_LEN) : '');

export class MemoryState implements ReadableState {
  private buckets = new Map<string, Map<string, Uint8Array>>();
  private sorted = new Map<string, string[]>();
  /** Every entry, for point reads without deriving the bucket (the buckets serve iteration). */
  private all = new Map<string, Uint8Array>();
  /** The trie as of the last `trie()` call (null: not built yet), and the keys written since. The trie is
   *  brought up to date only when asked for, so states nobody takes a root of (workers' replicas) never build one. */
  private trieCache: Trie | null = null;
  private dirty = new Set<string>();

  constructor(private readonly stateVersion: StateVersion = RUNTIME_STATE_VERSION) {}

  get(key: string): Uint8Array | undefined {
    return this.all.get(key);
  }

  trie(): Trie {
    if (this.trieCache === null) {
      this.trieCache = Trie.fromSorted(this.entries(), this.stateVersion);
    } else if (this.dirty.size > 0) {
      const all = this.all;
      this.trieCache = this.trieCache.with([...this.dirty].map(k => [k, all.get(k) ?? null] as const));
    }
    this.dirty.clear();
    return this.trieCache;
  }

  set(key: string, value: Uint8Array): void {
    const b = bucketOf(key);
    let m = this.buckets.get(b);
    if (!m) { m = new Map(); this.buckets.set(b, m); }
    if (!m.has(key)) this.sorted.delete(b);
    m.set(key, value);
    this.all.set(key, value);
    if (this.trieCache !== null) this.dirty.add(key);
  }

  delete(key: string): void {
    const b = bucketOf(key);
    const m = this.buckets.get(b);
    const old = m?.get(key);
    if (m && old !== undefined) {
      m.delete(key);
      this.all.delete(key);
      if (this.trieCache !== null) this.dirty.add(key);
      this.sorted.delete(b);
      if (m.size === 0) this.buckets.delete(b);
    }
  }

  /** Applies `changes`; `resultingTrie`, when given, is the trie of this state with exactly these changes (an
   *  overlay's, already hashed while the block was finalized), adopted instead of recomputing it. */
  apply(changes: Changes, resultingTrie?: Trie): void {
    for (const [k, v] of changes) v === null ? this.delete(k) : this.set(k, v);
    if (resultingTrie !== undefined) { this.trieCache = resultingTrie; this.dirty.clear(); }
  }

  private sortedBucket(b: string): string[] {
    let s = this.sorted.get(b);
    if (!s) {
      s = [...(this.buckets.get(b)?.keys() ?? [])].sort();
      this.sorted.set(b, s);
    }
    return s;
  }

  keysWithPrefix(prefix: string): string[] {
    if (prefix.length >= BUCKET_LEN) {
      // Keys under a prefix are contiguous in the sorted bucket: binary-search the first, take while they match.
      const s = this.sortedBucket(prefix.slice(0, BUCKET_LEN));
      let lo = 0, hi = s.length;
      while (lo < hi) { const mid = (lo + hi) >>> 1; if (s[mid] < prefix) lo = mid + 1; else hi = mid; }
      const out: string[] = [];
      for (let i = lo; i < s.length && s[i].startsWith(prefix); i++) out.push(s[i]);
      return out;
    }
    const out: string[] = [];
    for (const b of this.buckets.keys()) {
      if (b === '') { for (const k of this.sortedBucket(b)) if (k.startsWith(prefix)) out.push(k); }
      else if (b.startsWith(prefix)) out.push(...this.sortedBucket(b));
    }
    return out.sort();
  }

  /** Every entry, sorted by key. */
  entries(): [string, Uint8Array][] {
    return this.keysWithPrefix('0x').map(k => [k, this.get(k)!]);
  }

  get size(): number { return this.all.size; }

  clone(): MemoryState {
    const c = new MemoryState(this.stateVersion);
    for (const [b, m] of this.buckets) c.buckets.set(b, new Map(m));
    c.all = new Map(this.all);
    c.trieCache = this.trieCache;
    c.dirty = new Set(this.dirty);
    return c;
  }
}

/**
 * Writes of one block on top of a read-only base, with nested transactional layers. The net writes of all layers
 * live in one map (a read is one lookup before the base, whatever the depth); each write inside a transaction
 * journals the value it replaced, so committing a layer is O(1) (its journal entries become the parent's) and
 * rolling back replays the layer's journal backwards.
 */
export class OverlayState implements ReadableState {
  /** Net writes of every layer: value, or null for a delete. */
  private current: Changes = new Map();
  /** (key, replaced value or undefined when the key was not in `current`) pairs, flattened, of open transactions. */
  private journal: (string | Uint8Array | null | undefined)[] = [];
  /** Journal length at the start of each open transaction. */
  private marks: number[] = [];
  /** Keys in `current`, in first-insertion order (a key rolled back out of `current` stays listed; harmless). */
  private added: string[] = [];
  /** The written keys grouped by bucket, built lazily from `added` when prefix iteration needs it, so iteration looks
   *  only at the written keys of the item iterated and writes stay one map operation. */
  private byBucket: { index: Map<string, string[]>; upTo: number } = { index: new Map(), upTo: 0 };

  private trieMemo: Trie | null = null;

  constructor(readonly base: ReadableState) {}

  get(key: string): Uint8Array | undefined {
    const v = this.current.get(key);
    if (v !== undefined) return v ?? undefined;
    return this.base.get(key);
  }

  private write(key: string, value: Uint8Array | null): void {
    const cur = this.current;
    this.trieMemo = null;
    if (this.marks.length > 0) {
      const prev = cur.get(key);
      this.journal.push(key, prev);
      if (prev === undefined) this.added.push(key);
    } else if (!cur.has(key)) {
      this.added.push(key);
    }
    cur.set(key, value);
  }

  set(key: string, value: Uint8Array): void { this.write(key, value); }
  delete(key: string): void { this.write(key, null); }

  /** The written keys by bucket, brought up to date. */
  private bucketIndex(): Map<string, string[]> {
    const b = this.byBucket;
    const added = this.added;
    for (; b.upTo < added.length; b.upTo++) {
      const k = added[b.upTo];
      const bucket = bucketOf(k);
      const list = b.index.get(bucket);
      if (list) list.push(k); else b.index.set(bucket, [k]);
    }
    return b.index;
  }

  /** Keys written (in any layer, now or before a rollback) that start with `prefix`. */
  private writtenWithPrefix(prefix: string): Set<string> {
    const out = new Set<string>();
    const idx = this.bucketIndex();
    if (prefix.length >= BUCKET_LEN) {
      const keys = idx.get(prefix.slice(0, BUCKET_LEN));
      if (keys) for (const k of keys) if (k.startsWith(prefix)) out.add(k);
      return out;
    }
    for (const [b, keys] of idx) {
      if (b !== '' && b.startsWith(prefix)) for (const k of keys) out.add(k);
      else if (b === '') for (const k of keys) if (k.startsWith(prefix)) out.add(k);
    }
    return out;
  }

  keysWithPrefix(prefix: string): string[] {
    const baseKeys = this.base.keysWithPrefix(prefix);
    const written = this.writtenWithPrefix(prefix);
    if (written.size === 0) return baseKeys;
    // Base keys the overlay does not touch stay as they are (already sorted); written keys count if still present
    // (a key rolled back reads through to the base, so it is listed exactly when the base has it).
    const out: string[] = [];
    for (const k of baseKeys) if (!written.has(k)) out.push(k);
    for (const k of written) if (this.get(k) !== undefined) out.push(k);
    return out.sort();
  }

  /** The trie of base + every pending write (what the state's trie will be once these changes are applied);
   *  kept until the next write or rollback. */
  trie(): Trie {
    if (this.trieMemo === null) this.trieMemo = this.base.trie().with(this.current);
    return this.trieMemo;
  }

  /** The trie `trie()` computed, if no write came after it: the trie of base + `changes()`. */
  computedTrie(): Trie | undefined { return this.trieMemo ?? undefined; }

  clearPrefix(prefix: string): void {
    for (const k of this.keysWithPrefix(prefix)) this.delete(k);
  }

  get depth(): number { return this.marks.length; }
  startTransaction(): void {
    this.marks.push(this.journal.length);
  }
  commitTransaction(): void {
    if (this.marks.length === 0) throw new Error('no transaction to commit');
    this.marks.pop();
    // Outside every transaction nothing can be rolled back any more.
    if (this.marks.length === 0) this.journal.length = 0;
  }
  rollbackTransaction(): void {
    if (this.marks.length === 0) throw new Error('no transaction to roll back');
    const start = this.marks.pop()!;
    const j = this.journal, cur = this.current;
    this.trieMemo = null;
    for (let i = j.length - 2; i >= start; i -= 2) {
      const key = j[i] as string, prev = j[i + 1] as Uint8Array | null | undefined;
      if (prev === undefined) cur.delete(key); else cur.set(key, prev);
    }
    j.length = start;
  }

  /** Runs `fn` in its own layer: committed if it returns, rolled back if it throws. */
  transactional<T>(fn: () => T): T {
    this.startTransaction();
    try {
      const r = fn();
      this.commitTransaction();
      return r;
    } catch (e) {
      this.rollbackTransaction();
      throw e;
    }
  }

  /** Net changes against the base (only outside transactions). */
  changes(): Changes {
    if (this.marks.length !== 0) throw new Error('changes() inside an open transaction');
    return new Map(this.current);
  }
}
