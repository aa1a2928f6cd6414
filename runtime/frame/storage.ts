// Storage items: one declaration (hashers, key and value codecs, default, docs) gives the real Substrate key
// derivation, typed accessors over the current externalities, and the metadata entry.
import { type Codec, encode, decode, sameValue, copyBytes } from '../codec/types.ts';
import { Reader, Writer, toHex, fromHex } from '../codec/scale.ts';
import { type Hasher, hashKey, hasherPrefixLength, storagePrefix } from '../crypto/hashing.ts';
import { state } from './externalities.ts';

// One scratch writer for every value/key encoding done here: a Writer per access (allocation + growth) was the
// largest single cost of storage access in block profiles. Encoding never re-enters storage, so sharing is safe;
// `finish()` copies the bytes out.
const scratch = new Writer(1024);
function encodeScratch<T>(codec: Codec<T>, v: T): Uint8Array {
  scratch.length = 0;
  codec.encodeTo(scratch, v);
  return scratch.finish();
}

/** Most full keys one item remembers (the item's key cache is emptied when it would grow past this). */
export const KEY_CACHE_LIMIT = 1 << 15;

/**
 * Identity of a key value for the key caches: numbers, bigints and booleans as themselves, byte arrays as a string
 * of one char per byte; other values (structs, enums) are not cached. Per item and key position the codec is fixed,
 * so equal identities encode, and hash, identically.
 */
// Buffer's own latin1 decoder applied to the Uint8Array directly: no Buffer view allocated per key (hot path).
const latin1Slice = (Buffer.prototype as unknown as { latin1Slice?: (this: Uint8Array, start: number, end: number) => string }).latin1Slice;

function cacheIdentity(k: unknown): unknown {
  switch (typeof k) {
    case 'number': case 'bigint': case 'boolean': return k;
    case 'object':
      if (!(k instanceof Uint8Array)) return undefined;
      return latin1Slice ? latin1Slice.call(k, 0, k.length) : Buffer.from(k.buffer, k.byteOffset, k.byteLength).toString('latin1');
    default: return undefined;
  }
}

/** Most decoded values one item remembers (emptied when it would grow past this). */
export const DECODED_CACHE_LIMIT = 4096;
/** Only small stored values are remembered decoded: they are the ones read again and again (accounts, per-block
 *  counters); large ones (vectors read once by an epoch) would only cost memory and a copy. */
const DECODED_CACHE_MAX_BYTES = 256;

/** Primitive defaults are immutable, so they can be returned as they are (no copy). */
const isImmutable = (v: unknown) => v === null || (typeof v !== 'object' && typeof v !== 'function');

export type QueryKind = 'Value' | 'Option';

export interface StorageOptions<V> {
  /** ValueQuery default (returned when the key is absent). Omitted → OptionQuery (absent reads as null). */
  default?: V;
  docs?: string[];
}

/** Metadata view of a declared item (read by the metadata builder). */
export interface StorageMeta {
  name: string;
  modifier: 'Optional' | 'Default';
  hashers: Hasher[];
  keys: Codec<any>[];
  value: Codec<any>;
  defaultBytes: Uint8Array;
  docs: string[];
}

/**
 * Base of every storage item. `K` is the tuple of key values, `V` the value, `R` what `get` returns
 * (V for ValueQuery, V | null for OptionQuery).
 */
export class StorageEntry<K extends any[], V, R> {
  name = '';
  pallet = '';
  private prefixHex = '0x';
  /** Per key position: key value identity → hex (no 0x) of its hashed key part (shared by every key using it). */
  private keyParts: Map<unknown, string>[] = [];
  /** Full keys by number of keys given: nested maps by key identity, the last level holding the key string.
   *  Returning the same (already hashed) string also makes the state's map lookups cheaper. */
  private fullKeys: Map<unknown, any>[] = [];
  private fullKeyCount = 0;
  /** Values whose decoding costs more than a copy (structs, enums, vectors of them) can be remembered decoded. */
  private readonly cloneValue: ((v: V) => V) | undefined;
  /** Full key → the stored bytes last decoded there and their decoded value (never handed out: callers get a
   *  clone). Valid while the state still holds that very Uint8Array under the key: stored values are never
   *  mutated in place, a write stores a new array. */
  private decoded = new Map<string, { raw: Uint8Array; value: V }>();

  constructor(readonly hashers: Hasher[], readonly keyCodecs: Codec<any>[], readonly value: Codec<V>, readonly opts: StorageOptions<V>) {
    if (hashers.length !== keyCodecs.length) throw new Error('one hasher per key');
    const c = value.clone;
    this.cloneValue = c === undefined || c === sameValue || (c as unknown) === copyBytes ? undefined : c;
  }

  /** Called by definePallet: fixes the storage prefix (pallet name) and item name. */
  bind(pallet: string, name: string): this {
    this.pallet = pallet;
    this.name = name;
    this.prefixHex = toHex(storagePrefix(pallet, name));
    this.keyParts = this.hashers.map(() => new Map());
    this.fullKeys = this.hashers.map(() => new Map());
    this.fullKeyCount = 0;
    return this;
  }

  get isOptional(): boolean { return !('default' in this.opts); }

  meta(): StorageMeta {
    return {
      name: this.name,
      modifier: this.isOptional ? 'Optional' : 'Default',
      hashers: this.hashers,
      keys: this.keyCodecs,
      value: this.value,
      defaultBytes: this.isOptional ? new Uint8Array([0]) : encode(this.value, this.opts.default as V),
      docs: this.opts.docs ?? [],
    };
  }

  /** Full storage key of `keys` (hex). A prefix of the keys gives the iteration prefix. */
  keyOf(...keys: any[]): string {
    const n = keys.length;
    if (n === 0) return this.prefixHex;
    const tree = this.fullKeys[n - 1];
    if (tree === undefined) return this.deriveKey(keys, null);
    const ids: unknown[] = new Array(n);
    let node: Map<unknown, any> | undefined = tree;
    for (let i = 0; i < n; i++) {
      const id = cacheIdentity(keys[i]);
      if (id === undefined) return this.deriveKey(keys, null);
      ids[i] = id;
      if (node !== undefined) node = node.get(id);
    }
    if (node !== undefined) return node as unknown as string;
    const key = this.deriveKey(keys, ids);
    if (this.fullKeyCount >= KEY_CACHE_LIMIT) {
      for (const m of this.fullKeys) m.clear();
      for (const m of this.keyParts) m.clear();
      this.fullKeyCount = 0;
    }
    let level = tree;
    for (let i = 0; i < n - 1; i++) {
      let next = level.get(ids[i]);
      if (next === undefined) { next = new Map(); level.set(ids[i], next); }
      level = next;
    }
    level.set(ids[n - 1], key);
    this.fullKeyCount++;
    return key;
  }

  /** keyOf(k0) without the rest-argument array on a cache hit (map accessors). */
  protected key1(k0: unknown): string {
    const id = cacheIdentity(k0);
    if (id !== undefined) {
      const hit = this.fullKeys[0]?.get(id);
      if (hit !== undefined) return hit;
    }
    return this.keyOf(k0);
  }

  /** keyOf(k0, k1) without the rest-argument array on a cache hit (double-map accessors). */
  protected key2(k0: unknown, k1: unknown): string {
    const id0 = cacheIdentity(k0);
    if (id0 !== undefined) {
      const id1 = cacheIdentity(k1);
      if (id1 !== undefined) {
        const hit = this.fullKeys[1]?.get(id0)?.get(id1);
        if (hit !== undefined) return hit;
      }
    }
    return this.keyOf(k0, k1);
  }

  /** prefix ++ hasher(encode(k)) for each key; key parts are remembered when the identities are known. */
  private deriveKey(keys: any[], ids: unknown[] | null): string {
    let key = this.prefixHex;
    for (let i = 0; i < keys.length; i++) {
      const cache = ids ? this.keyParts[i] : undefined;
      let part = cache?.get(ids![i]);
      if (part === undefined) {
        const bytes = hashKey(this.hashers[i], encodeScratch(this.keyCodecs[i], keys[i]));
        part = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
        cache?.set(ids![i], part);
      }
      key += part;
    }
    return key;
  }

  get prefix(): string { return this.prefixHex; }

  protected read(key: string): R {
    const raw = state().get(key);
    if (raw === undefined) return (this.isOptional ? null : this.defaultValue()) as R;
    return this.decodeStored(key, raw) as unknown as R;
  }

  /** decode(value, raw) of the bytes stored under `key`, from the decoded-value cache when they were decoded before. */
  protected decodeStored(key: string, raw: Uint8Array): V {
    const clone = this.cloneValue;
    if (clone === undefined || raw.length > DECODED_CACHE_MAX_BYTES) return decode(this.value, raw);
    return clone(this.remembered(key, raw));
  }

  /** The cache's own decoded value of `raw` (stored under `key`); never to be handed out mutable. */
  private remembered(key: string, raw: Uint8Array): V {
    const hit = this.decoded.get(key);
    if (hit !== undefined && hit.raw === raw) return hit.value;
    const value = decode(this.value, raw);
    if (this.decoded.size >= DECODED_CACHE_LIMIT) this.decoded.clear();
    this.decoded.set(key, { raw, value });
    return value;
  }

  /** Like read, but the value may be shared with the decoded-value cache: for callers that only look at it and
   *  never mutate it (nor let it escape to code that might). Saves the copy `read` makes. */
  protected peekAt(key: string): R {
    const raw = state().get(key);
    if (raw === undefined) return (this.isOptional ? null : this.defaultValue()) as R;
    if (this.cloneValue === undefined || raw.length > DECODED_CACHE_MAX_BYTES) return decode(this.value, raw) as unknown as R;
    return this.remembered(key, raw) as unknown as R;
  }

  protected defaultValue(): V {
    const d = this.opts.default as V;
    if (isImmutable(d)) return d;
    // A fresh copy, so callers can mutate what they get without touching the declared default: the default's
    // decoded form (decoded once) cloned when the codec can clone, re-decoded otherwise.
    if (this.cloneValue === undefined) return decode(this.value, encodeScratch(this.value, d));
    if (this.decodedDefault === undefined) this.decodedDefault = { value: decode(this.value, encodeScratch(this.value, d)) };
    return this.cloneValue(this.decodedDefault.value);
  }
  private decodedDefault: { value: V } | undefined;

  protected write(key: string, v: V | null): void {
    if (v === null || v === undefined) state().delete(key);
    else state().set(key, encodeScratch(this.value, v));
  }

  /** Decodes the keys of a full storage key (only for hashers that keep the raw key). */
  decodeKeys(fullKey: string): K {
    const bytes = fromHex(fullKey);
    const r = new Reader(bytes);
    r.offset = 32;
    const out: any[] = [];
    for (let i = 0; i < this.hashers.length; i++) {
      const skip = hasherPrefixLength(this.hashers[i]);
      if (skip < 0) throw new Error(`${this.pallet}.${this.name}: hasher ${this.hashers[i]} does not keep the key`);
      r.offset += skip;
      out.push(this.keyCodecs[i].decodeFrom(r));
    }
    return out as K;
  }

  /** Every (keys, value) under the given leading keys, in storage-key order. */
  protected iterate(...leading: any[]): [K, V][] {
    const st = state();
    return st.keysWithPrefix(this.keyOf(...leading)).map(k => [this.decodeKeys(k), decode(this.value, st.get(k)!)]);
  }

  protected clearUnder(...leading: any[]): void {
    state().clearPrefix(this.keyOf(...leading));
  }
}

export class StorageValue<V, R = V> extends StorageEntry<[], V, R> {
  get(): R { return this.read(this.prefix); }
  /** get() for read-only use: the value must not be mutated (see peekAt). */
  peek(): R { return this.peekAt(this.prefix); }
  set(v: V): void { this.write(this.prefix, v); }
  kill(): void { state().delete(this.prefix); }
  exists(): boolean { return state().get(this.prefix) !== undefined; }
  take(): R { const v = this.get(); this.kill(); return v; }
  mutate(f: (v: R) => V | null): V | null { const v = f(this.get()); this.write(this.prefix, v); return v; }
}

export class StorageMap<K, V, R = V> extends StorageEntry<[K], V, R> {
  get(k: K): R { return this.read(this.key1(k)); }
  /** get(k) for read-only use: the value must not be mutated (see peekAt). */
  peek(k: K): R { return this.peekAt(this.key1(k)); }
  set(k: K, v: V): void { this.write(this.key1(k), v); }
  remove(k: K): void { state().delete(this.key1(k)); }
  contains(k: K): boolean { return state().get(this.key1(k)) !== undefined; }
  take(k: K): R { const v = this.get(k); this.remove(k); return v; }
  mutate(k: K, f: (v: R) => V | null): V | null { const v = f(this.get(k)); this.write(this.key1(k), v); return v; }
  entries(): [K, V][] { return this.iterate().map(([ks, v]) => [ks[0], v]); }
  keys(): K[] { return state().keysWithPrefix(this.prefix).map(k => this.decodeKeys(k)[0]); }
  clear(): void { this.clearUnder(); }
}

export class StorageDoubleMap<K1, K2, V, R = V> extends StorageEntry<[K1, K2], V, R> {
  get(k1: K1, k2: K2): R { return this.read(this.key2(k1, k2)); }
  set(k1: K1, k2: K2, v: V): void { this.write(this.key2(k1, k2), v); }
  remove(k1: K1, k2: K2): void { state().delete(this.key2(k1, k2)); }
  contains(k1: K1, k2: K2): boolean { return state().get(this.key2(k1, k2)) !== undefined; }
  /** The stored value, or null when the key is absent (whatever the default): `contains` and `get` in one read. */
  getStored(k1: K1, k2: K2): V | null {
    const key = this.key2(k1, k2);
    const raw = state().get(key);
    return raw === undefined ? null : this.decodeStored(key, raw);
  }
  take(k1: K1, k2: K2): R { const v = this.get(k1, k2); this.remove(k1, k2); return v; }
  mutate(k1: K1, k2: K2, f: (v: R) => V | null): V | null { const v = f(this.get(k1, k2)); this.write(this.key2(k1, k2), v); return v; }
  /** Entries whose first key is k1, as [k2, value]. */
  iterPrefix(k1: K1): [K2, V][] { return this.iterate(k1).map(([ks, v]) => [ks[1], v]); }
  removePrefix(k1: K1): void { this.clearUnder(k1); }
  entries(): [K1, K2, V][] { return this.iterate().map(([ks, v]) => [ks[0], ks[1], v]); }
  clear(): void { this.clearUnder(); }
}

export class StorageNMap<K extends any[], V, R = V> extends StorageEntry<K, V, R> {
  get(...k: K): R { return this.read(this.keyOf(...k)); }
  set(...args: [...K, V]): void { const v = args.pop() as V; this.write(this.keyOf(...args), v); }
  remove(...k: K): void { state().delete(this.keyOf(...k)); }
  contains(...k: K): boolean { return state().get(this.keyOf(...k)) !== undefined; }
  mutate(k: K, f: (v: R) => V | null): V | null { const v = f(this.get(...k)); this.write(this.keyOf(...k), v); return v; }
  /** Entries under the given leading keys. */
  iterPrefix(...leading: any[]): [K, V][] { return this.iterate(...leading); }
  removePrefix(...leading: any[]): void { this.clearUnder(...leading); }
  entries(): [K, V][] { return this.iterate(); }
}

// Declaration helpers. Passing `default` makes the item a ValueQuery; leaving it out makes it an OptionQuery.

type Opt<V> = { docs?: string[] };
type Def<V> = { default: V; docs?: string[] };

export function value<V>(type: Codec<V>, opts: Def<V>): StorageValue<V, V>;
export function value<V>(type: Codec<V>, opts?: Opt<V>): StorageValue<V, V | null>;
export function value<V>(type: Codec<V>, opts: StorageOptions<V> = {}): any {
  return new StorageValue([], [], type, opts);
}

export function map<K, V>(hasher: Hasher, key: Codec<K>, val: Codec<V>, opts: Def<V>): StorageMap<K, V, V>;
export function map<K, V>(hasher: Hasher, key: Codec<K>, val: Codec<V>, opts?: Opt<V>): StorageMap<K, V, V | null>;
export function map<K, V>(hasher: Hasher, key: Codec<K>, val: Codec<V>, opts: StorageOptions<V> = {}): any {
  return new StorageMap([hasher], [key], val, opts);
}

export function doubleMap<K1, K2, V>(h1: Hasher, k1: Codec<K1>, h2: Hasher, k2: Codec<K2>, val: Codec<V>, opts: Def<V>): StorageDoubleMap<K1, K2, V, V>;
export function doubleMap<K1, K2, V>(h1: Hasher, k1: Codec<K1>, h2: Hasher, k2: Codec<K2>, val: Codec<V>, opts?: Opt<V>): StorageDoubleMap<K1, K2, V, V | null>;
export function doubleMap(h1: Hasher, k1: Codec<any>, h2: Hasher, k2: Codec<any>, val: Codec<any>, opts: StorageOptions<any> = {}): any {
  return new StorageDoubleMap([h1, h2], [k1, k2], val, opts);
}

export function nMap<K extends any[], V>(keys: { [I in keyof K]: [Hasher, Codec<K[I]>] }, val: Codec<V>, opts: Def<V>): StorageNMap<K, V, V>;
export function nMap<K extends any[], V>(keys: { [I in keyof K]: [Hasher, Codec<K[I]>] }, val: Codec<V>, opts?: Opt<V>): StorageNMap<K, V, V | null>;
export function nMap(keys: [Hasher, Codec<any>][], val: Codec<any>, opts: StorageOptions<any> = {}): any {
  return new StorageNMap(keys.map(k => k[0]), keys.map(k => k[1]), val, opts);
}
