// The state of a chain forked from a live node: what this chain wrote (kept in LMDB like any chain's state) over the
// upstream state at the fork point, read lazily from the upstream node and cached (also in LMDB), with local
// deletions of upstream keys remembered as tombstones.
//
// State root: the upstream trie is never fetched whole, so the root this chain commits to is the trie root of what
// it wrote since the fork point (deletions of upstream keys are not in it). It is deterministic (two forks of the
// same block fed the same transactions agree) but is not the network's state root.
import { MemoryState, type ReadableState } from '../../runtime/frame/state.ts';
import type { Trie } from '../../runtime/frame/trie/trie.ts';
import { fromHex } from '../../runtime/codec/scale.ts';
import type { Upstream } from './upstream.ts';

const KEYS_PAGE = 1000;

export class ForkLayoutError extends Error {}

/** Upstream reads at one block: values and key listings, cached for the life of the process. */
export class UpstreamReads {
  private values = new Map<string, Uint8Array | null>();
  private prefixes = new Map<string, string[]>();

  /** Storage items (by key prefix) whose upstream layout this runtime cannot read: reading a value of one fails
   *  with this message instead of decoding it wrongly. */
  refused: { prefix: string; message: string }[] = [];

  constructor(private readonly upstream: Upstream, readonly at: string,
    /** Persists a fetched value (null: absent upstream). */
    private readonly store?: (key: string, value: Uint8Array | null) => void,
    seed?: Iterable<[string, Uint8Array | null]>) {
    if (seed) for (const [k, v] of seed) this.values.set(k, v);
  }

  get(key: string): Uint8Array | undefined {
    let v = this.values.get(key);
    if (v === undefined) {
      const hex = this.upstream.call<string | null>('state_getStorage', [key, this.at]);
      v = hex === null ? null : fromHex(hex);
      this.values.set(key, v);
      this.store?.(key, v);
    }
    if (v !== null && this.refused.length) {
      const r = this.refused.find(x => key.startsWith(x.prefix));
      if (r) throw new ForkLayoutError(`the upstream value at ${key} is stored in another layout than spec 425 reads (${r.message}); write the item with dev_setStorage first, or fork a spec-425 node`);
    }
    return v ?? undefined;
  }

  keysWithPrefix(prefix: string): string[] {
    for (const [p, keys] of this.prefixes) {
      if (prefix.startsWith(p)) return keys.filter(k => k.startsWith(prefix));
    }
    const out: string[] = [];
    let start: string | null = null;
    for (;;) {
      const page: string[] = this.upstream.call('state_getKeysPaged', [prefix, KEYS_PAGE, start, this.at]);
      out.push(...page);
      if (page.length < KEYS_PAGE) break;
      start = page[page.length - 1];
    }
    out.sort();
    this.prefixes.set(prefix, out);
    return out;
  }
}

/** Read-only state of an upstream block before the fork point (state queries at those blocks). */
export class UpstreamState implements ReadableState {
  private readonly reads: UpstreamReads;
  constructor(upstream: Upstream, at: string) { this.reads = new UpstreamReads(upstream, at); }
  get(key: string): Uint8Array | undefined { return this.reads.get(key); }
  keysWithPrefix(prefix: string): string[] { return this.reads.keysWithPrefix(prefix); }
  trie(): Trie { throw new Error('storage proofs of blocks before the fork point are not available (ask the upstream node)'); }
}

/** The head state of a forked chain (Chain.headState): this chain's writes (the MemoryState, whose trie gives the
 *  state root) over the upstream reads, with tombstones for upstream keys deleted here. */
export class ForkedState extends MemoryState {
  private readonly deleted = new Set<string>();

  constructor(readonly upstream: UpstreamReads, local: Iterable<[string, Uint8Array]> = [], tombstones: Iterable<string> = []) {
    super();
    for (const [k, v] of local) super.set(k, v);
    for (const k of tombstones) this.deleted.add(k);
  }

  override get(key: string): Uint8Array | undefined {
    const local = super.get(key);
    if (local !== undefined) return local;
    if (this.deleted.has(key)) return undefined;
    return this.upstream.get(key);
  }

  override set(key: string, value: Uint8Array): void {
    this.deleted.delete(key);
    super.set(key, value);
  }

  override delete(key: string): void {
    super.delete(key);
    this.deleted.add(key);
  }

  override keysWithPrefix(prefix: string): string[] {
    const keys = new Set(super.keysWithPrefix(prefix));
    for (const k of this.upstream.keysWithPrefix(prefix)) if (!this.deleted.has(k)) keys.add(k);
    return [...keys].sort();
  }
}
