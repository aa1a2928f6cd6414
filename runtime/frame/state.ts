// Key-value state under real Substrate storage keys (hex strings, '0x'-prefixed, lowercase), and the overlay the
// runtime writes through. Transactions nest: a failed dispatch rolls its layer back, so only fee and nonce stay.

export type Changes = Map<string, Uint8Array | null>;

export interface ReadableState {
  get(key: string): Uint8Array | undefined;
  /** Keys starting with `prefix`, sorted ascending (byte order == hex order for lowercase hex). */
  keysWithPrefix(prefix: string): string[];
}

// Keys are grouped by their first 32 bytes (twox128(pallet) ++ twox128(item)), so iterating one storage item
// never scans the others.
const BUCKET_LEN = 2 + 64;
const bucketOf = (key: string) => (key.length >= BUCKET_LEN ? key.slice(0, BUCKET_LEN) : '');

export class MemoryState implements ReadableState {
  private buckets = new Map<string, Map<string, Uint8Array>>();
  private sorted = new Map<string, string[]>();

  get(key: string): Uint8Array | undefined {
    return this.buckets.get(bucketOf(key))?.get(key);
  }

  set(key: string, value: Uint8Array): void {
    const b = bucketOf(key);
    let m = this.buckets.get(b);
    if (!m) { m = new Map(); this.buckets.set(b, m); }
    if (!m.has(key)) this.sorted.delete(b);
    m.set(key, value);
  }

  delete(key: string): void {
    const b = bucketOf(key);
    const m = this.buckets.get(b);
    if (m?.delete(key)) {
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
