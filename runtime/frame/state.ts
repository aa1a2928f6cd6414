// Key-value state under real Substrate storage keys (hex strings, '0x'-prefixed, lowercase), and the overlay the
// runtime writes through. Transactions nest: a failed dispatch rolls its layer back, so only fee and nonce stay.

import { blake2_256 } from '../crypto/hashing.ts';

export type Changes = Map<string, Uint8Array | null>;

export interface ReadableState {
  get(key: string): Uint8Array | undefined;
  /** Keys starting with `prefix`, sorted ascending (byte order == hex order for lowercase hex). */
  keysWithPrefix(prefix: string): string[];
  /** Commitment over the whole state (see `entryDigest`). */
  root(): bigint;
}

// State root: the sum mod 2^256 of blake2-256(key ++ value) over all entries. It commits to the full state,
// does not depend on insertion order, and updates in O(1) per write, so no block ever rehashes the whole state.
// (A real Substrate trie root is a later step; everything that needs the root goes through `stateRootBytes`.)
const MOD = 1n << 256n;
function entryDigest(key: string, value: Uint8Array): bigint {
  const k = Buffer.from(key.slice(2), 'hex');
  const buf = new Uint8Array(k.length + value.length);
  buf.set(k, 0);
  buf.set(value, k.length);
  return BigInt('0x' + Buffer.from(blake2_256(buf)).toString('hex'));
}

/** The 32-byte state root of a state (big-endian encoding of the accumulator). */
export function stateRootBytes(state: ReadableState): Uint8Array {
  return new Uint8Array(Buffer.from(state.root().toString(16).padStart(64, '0'), 'hex'));
}

// Keys are grouped by their first 32 bytes (twox128(pallet) ++ twox128(item)), so iterating one storage item
// never scans the others.
const BUCKET_LEN = 2 + 64;
const bucketOf = (key: string) => (key.length >= BUCKET_LEN ? key.slice(0, BUCKET_LEN) : '');

export class MemoryState implements ReadableState {
  private buckets = new Map<string, Map<string, Uint8Array>>();
  private sorted = new Map<string, string[]>();
  private acc = 0n;

  get(key: string): Uint8Array | undefined {
    return this.buckets.get(bucketOf(key))?.get(key);
  }

  root(): bigint { return this.acc; }

  set(key: string, value: Uint8Array): void {
    const b = bucketOf(key);
    let m = this.buckets.get(b);
    if (!m) { m = new Map(); this.buckets.set(b, m); }
    const old = m.get(key);
    if (old === undefined) this.sorted.delete(b);
    else this.acc = (this.acc - entryDigest(key, old) + MOD) % MOD;
    m.set(key, value);
    this.acc = (this.acc + entryDigest(key, value)) % MOD;
  }

  delete(key: string): void {
    const b = bucketOf(key);
    const m = this.buckets.get(b);
    const old = m?.get(key);
    if (m && old !== undefined) {
      m.delete(key);
      this.acc = (this.acc - entryDigest(key, old) + MOD) % MOD;
      this.sorted.delete(b);
      if (m.size === 0) this.buckets.delete(b);
    }
  }

  apply(changes: Changes): void {
    for (const [k, v] of changes) v === null ? this.delete(k) : this.set(k, v);
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
      const s = this.sortedBucket(prefix.slice(0, BUCKET_LEN));
      return s.filter(k => k.startsWith(prefix));
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

  get size(): number {
    let n = 0;
    for (const m of this.buckets.values()) n += m.size;
    return n;
  }

  clone(): MemoryState {
    const c = new MemoryState();
    for (const [b, m] of this.buckets) c.buckets.set(b, new Map(m));
    c.acc = this.acc;
    return c;
  }
}

/** Writes of one block on top of a read-only base, with nested transactional layers. */
export class OverlayState implements ReadableState {
  private layers: Changes[] = [new Map()];

  constructor(readonly base: ReadableState) {}

  get(key: string): Uint8Array | undefined {
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const v = this.layers[i].get(key);
      if (v !== undefined) return v ?? undefined;
    }
    return this.base.get(key);
  }

  set(key: string, value: Uint8Array): void { this.layers[this.layers.length - 1].set(key, value); }
  delete(key: string): void { this.layers[this.layers.length - 1].set(key, null); }

  keysWithPrefix(prefix: string): string[] {
    const keys = new Set(this.base.keysWithPrefix(prefix));
    for (const layer of this.layers) for (const k of layer.keys()) if (k.startsWith(prefix)) keys.add(k);
    const out: string[] = [];
    for (const k of keys) if (this.get(k) !== undefined) out.push(k);
    return out.sort();
  }

  /** Root of base + every pending write (what the state root will be once these changes are applied). */
  root(): bigint {
    let acc = this.base.root();
    const net = new Map<string, Uint8Array | null>();
    for (const layer of this.layers) for (const [k, v] of layer) net.set(k, v);
    for (const [k, v] of net) {
      const old = this.base.get(k);
      if (old !== undefined) acc = (acc - entryDigest(k, old) + MOD) % MOD;
      if (v !== null) acc = (acc + entryDigest(k, v)) % MOD;
    }
    return acc;
  }

  clearPrefix(prefix: string): void {
    for (const k of this.keysWithPrefix(prefix)) this.delete(k);
  }

  get depth(): number { return this.layers.length - 1; }
  startTransaction(): void { this.layers.push(new Map()); }
  commitTransaction(): void {
    if (this.layers.length < 2) throw new Error('no transaction to commit');
    const top = this.layers.pop()!;
    const below = this.layers[this.layers.length - 1];
    for (const [k, v] of top) below.set(k, v);
  }
  rollbackTransaction(): void {
    if (this.layers.length < 2) throw new Error('no transaction to roll back');
    this.layers.pop();
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
    if (this.layers.length !== 1) throw new Error('changes() inside an open transaction');
    return new Map(this.layers[0]);
  }
}
