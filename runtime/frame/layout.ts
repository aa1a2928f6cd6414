// Whether a state (a chain spec's genesis storage, say) has this runtime's storage layout: every key is a
// well-known key or belongs to a declared storage item, with a key of the item's shape and a value that decodes as
// the item's type. A state written by another runtime version differs exactly where a runtime upgrade would have had
// to migrate it; running this runtime on it would read garbage there, so the node refuses to build on it.
import { Reader, fromHex } from '../codec/scale.ts';
import { decode } from '../codec/types.ts';
import { hasherPrefixLength, twox128, type Hasher } from '../crypto/hashing.ts';
import type { ComposedRuntime } from './construct.ts';
import type { StorageEntry } from './storage.ts';
import type { ReadableState } from './state.ts';

/** Length of the hash part of a key hasher that does not keep the key. */
const HASH_ONLY_LENGTH: Partial<Record<Hasher, number>> = { Blake2_128: 16, Blake2_256: 32, Twox128: 16, Twox256: 32 };
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
/** FRAME's per-pallet storage version key: twox128(pallet) ++ twox128(":__STORAGE_VERSION__:"). */
const STORAGE_VERSION_ITEM = hex(twox128(new TextEncoder().encode(':__STORAGE_VERSION__:')));

function keyMatches(entry: StorageEntry<any, any, any>, key: string): boolean {
  const r = new Reader(fromHex(key));
  r.offset = 32;
  try {
    for (let i = 0; i < entry.hashers.length; i++) {
      const h = entry.hashers[i];
      const skip = hasherPrefixLength(h);
      if (skip < 0) { r.offset += HASH_ONLY_LENGTH[h]!; continue; }
      r.offset += skip;
      entry.keyCodecs[i].decodeFrom(r);
    }
    r.end();
    return true;
  } catch {
    return false;
  }
}

/**
 * The items of `state` that do not fit this runtime's layout, one line each, naming the item: keys under no
 * declared item (with the pallet when its prefix is known), keys of the wrong shape, values that do not decode.
 * Empty when the layout matches. Keys starting with ':' (`:code`, `:heappages`, child-trie roots…) are not items.
 */
export function storageLayoutProblems(runtime: ComposedRuntime, state: ReadableState): string[] {
  const pallets = new Map<string, string>();
  const items = new Map<string, { name: string; entry: StorageEntry<any, any, any> }>();
  for (const p of runtime.pallets) {
    const palletHash = hex(twox128(new TextEncoder().encode(p.decl.storagePrefix ?? p.decl.name)));
    pallets.set(palletHash, p.name);
    for (const [name, entry] of Object.entries(p.decl.storage ?? {})) items.set(entry.prefix.slice(2), { name: `${p.name}.${name}`, entry });
  }
  const problems = new Map<string, { what: string; count: number; example: string }>();
  const note = (item: string, what: string, key: string) => {
    const id = `${item}\u0000${what}`;
    const p = problems.get(id);
    if (p) p.count++; else problems.set(id, { what: `${item}: ${what}`, count: 1, example: key });
  };
  for (const key of state.keysWithPrefix('0x')) {
    const k = key.slice(2);
    if (k.startsWith('3a')) continue; // ':'
    const pallet = pallets.get(k.slice(0, 32));
    if (k.length < 64) { note(pallet ?? `prefix 0x${k.slice(0, 32)}`, 'key shorter than a storage item prefix', key); continue; }
    if (pallet !== undefined && k.slice(32, 64) === STORAGE_VERSION_ITEM && k.length === 64) continue;
    const item = items.get(k.slice(0, 64));
    if (item === undefined) {
      note(pallet ?? `unknown pallet 0x${k.slice(0, 32)}`, `item 0x${k.slice(32, 64)} is not a storage item of this runtime`, key);
      continue;
    }
    if (!keyMatches(item.entry, key)) { note(item.name, 'key does not have the item\'s key layout', key); continue; }
    try {
      decode(item.entry.value, state.get(key)!);
    } catch {
      note(item.name, `value (${state.get(key)!.length} bytes) does not decode as the item's type`, key);
    }
  }
  return [...problems.values()].map(p => `${p.what} (${p.count} key${p.count === 1 ? '' : 's'}, e.g. ${p.example})`);
}
