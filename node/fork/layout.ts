// Before a fork runs this runtime (spec 425's storage layout) over another node's state, every storage item both
// declare is compared by shape: hashers, key type and value type, resolved structurally through each metadata's
// type registry (names and docs ignored, variant indices kept). A difference is named item by item and the fork
// refuses to start, rather than decode one layout's bytes as another's.
import { Reader } from '../../runtime/codec/scale.ts';

interface TypeEntry { def: number; r: any }
export interface StorageItem { pallet: string; prefix: string; item: string; shape: string; hashers: string[]; key: number | null; value: number }
interface Layout { items: Map<string, StorageItem>; types: Map<number, TypeEntry> }

const PRIMITIVES = ['bool', 'char', 'str', 'u8', 'u16', 'u32', 'u64', 'u128', 'u256', 'i8', 'i16', 'i32', 'i64', 'i128', 'i256'];
const HASHERS = ['Blake2_128', 'Blake2_256', 'Blake2_128Concat', 'Twox128', 'Twox256', 'Twox64Concat', 'Identity'];

function vec<T>(r: Reader, f: () => T): T[] {
  const n = r.compactNumber();
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(f());
  return out;
}
const opt = <T>(r: Reader, f: () => T): T | null => (r.u8() === 1 ? f() : null);
const strs = (r: Reader) => vec(r, () => r.str());
const fields = (r: Reader) => vec(r, () => { opt(r, () => r.str()); const ty = r.compactNumber(); opt(r, () => r.str()); strs(r); return ty; });

function readType(r: Reader): TypeEntry {
  strs(r); // path
  vec(r, () => { r.str(); opt(r, () => r.compactNumber()); }); // params
  const def = r.u8();
  let v: any;
  switch (def) {
    case 0: v = fields(r); break;
    case 1: v = vec(r, () => { const name = r.str(); const fs = fields(r); const index = r.u8(); strs(r); return { name, fs, index }; }); break;
    case 2: v = r.compactNumber(); break;
    case 3: v = { len: r.u32(), ty: r.compactNumber() }; break;
    case 4: v = vec(r, () => r.compactNumber()); break;
    case 5: v = r.u8(); break;
    case 6: v = r.compactNumber(); break;
    case 7: v = [r.compactNumber(), r.compactNumber()]; break;
    default: throw new Error(`unknown type definition ${def}`);
  }
  strs(r); // docs
  return { def, r: v };
}

/** Every storage item of a V14/V15 metadata blob (with or without the "meta" magic) with its structural shape. */
export function storageShapes(metadata: Uint8Array): Map<string, StorageItem> {
  return readLayout(metadata).items;
}

function readLayout(metadata: Uint8Array): Layout {
  const r = new Reader(metadata);
  const magic = metadata[0] === 0x6d && metadata[1] === 0x65 && metadata[2] === 0x74 && metadata[3] === 0x61;
  if (magic) r.raw(4);
  const version = r.u8();
  if (version !== 14 && version !== 15) throw new Error(`metadata version ${version} is not supported (14 or 15)`);
  const types = new Map<number, TypeEntry>();
  for (const { id, t } of vec(r, () => ({ id: r.compactNumber(), t: readType(r) }))) types.set(id, t);

  const memo = new Map<number, string>();
  const open = new Set<number>();
  const shape = (id: number): string => {
    const m = memo.get(id);
    if (m !== undefined) return m;
    if (open.has(id)) return 'rec'; // a recursive type: compared up to where it recurs
    const t = types.get(id);
    if (!t) throw new Error(`metadata refers to unknown type ${id}`);
    open.add(id);
    const s = (x: number) => shape(x);
    let out: string;
    switch (t.def) {
      case 0: out = (t.r as number[]).length === 1 ? s(t.r[0]) : `{${(t.r as number[]).map(s).join(',')}}`; break;
      case 1: out = `<${[...(t.r as any[])].sort((a, b) => a.index - b.index).map(v => `${v.index}(${v.fs.map(s).join(',')})`).join('|')}>`; break;
      case 2: out = `[${s(t.r)}]`; break;
      case 3: out = `[${s(t.r.ty)};${t.r.len}]`; break;
      case 4: out = `(${(t.r as number[]).map(s).join(',')})`; break;
      case 5: out = PRIMITIVES[t.r] ?? `prim${t.r}`; break;
      case 6: out = `Compact<${s(t.r)}>`; break;
      default: out = 'BitVec';
    }
    open.delete(id);
    memo.set(id, out);
    return out;
  };

  const items = new Map<string, StorageItem>();
  vec(r, () => {
    const pallet = r.str();
    opt(r, () => {
      const prefix = r.str();
      vec(r, () => {
        const item = r.str();
        r.u8(); // modifier
        let sh: string;
        let hashers: string[] = [], key: number | null = null, value: number;
        if (r.u8() === 0) {
          value = r.compactNumber();
          sh = `value ${shape(value)}`;
        } else {
          hashers = vec(r, () => HASHERS[r.u8()] ?? '?');
          key = r.compactNumber();
          value = r.compactNumber();
          sh = `map ${hashers.join('+')} ${shape(key)} → ${shape(value)}`;
        }
        r.bytes(); // default
        strs(r);
        items.set(`${pallet}.${item}`, { pallet, prefix, item, shape: sh, hashers, key, value });
      });
    });
    opt(r, () => r.compactNumber()); // calls
    opt(r, () => r.compactNumber()); // event
    vec(r, () => { r.str(); r.compactNumber(); r.bytes(); strs(r); }); // constants
    opt(r, () => r.compactNumber()); // error
    r.u8(); // index
    if (version === 15) strs(r);
  });
  return { items, types };
}

/** Whether every value of upstream type `u` decodes as our type `o`: same structure, and each upstream enum variant
 *  present in ours (at its index) with readable fields; ours may have more variants. */
function readable(U: Map<number, TypeEntry>, O: Map<number, TypeEntry>, u: number, o: number, seen = new Set<string>()): boolean {
  const pair = `${u}:${o}`;
  if (seen.has(pair)) return true; // recursion: assumed, and checked where it does not recur
  seen.add(pair);
  let tu = U.get(u)!, to = O.get(o)!;
  // A one-field struct (newtype) has its field's encoding.
  while (tu.def === 0 && tu.r.length === 1) { u = tu.r[0]; tu = U.get(u)!; }
  while (to.def === 0 && to.r.length === 1) { o = to.r[0]; to = O.get(o)!; }
  if (tu.def !== to.def) return false;
  const all = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => readable(U, O, x, b[i], seen));
  switch (tu.def) {
    case 0: case 4: return all(tu.r, to.r);
    case 1: return (tu.r as any[]).every(v => { const w = (to.r as any[]).find(x => x.index === v.index); return !!w && all(v.fs, w.fs); });
    case 2: case 6: return readable(U, O, tu.r, to.r, seen);
    case 3: return tu.r.len === to.r.len && readable(U, O, tu.r.ty, to.r.ty, seen);
    case 5: return tu.r === to.r;
    default: return true;
  }
}

// Rewritten at the start of every block before anything reads them: the upstream's values are never decoded.
const CLEARED_EACH_BLOCK = new Set(['System.Events', 'System.Digest']);

/** The items both metadata declare whose upstream values this runtime could not read, as readable lines (empty:
 *  compatible). A superset on our side (e.g. a new enum variant) is compatible; a missing variant or another
 *  field type is not. */
export function layoutDifferences(ours: Uint8Array, upstream: Uint8Array): string[] {
  return incompatibleItems(ours, upstream).map(x => x.message);
}

/** layoutDifferences with each item's storage prefix (pallet prefix, item name), to refuse its upstream values. */
export function incompatibleItems(ours: Uint8Array, upstream: Uint8Array): { prefix: string; item: string; name: string; message: string }[] {
  const a = readLayout(ours), b = readLayout(upstream);
  const out: { prefix: string; item: string; name: string; message: string }[] = [];
  for (const [name, item] of a.items) {
    const u = b.items.get(name);
    if (!u || CLEARED_EACH_BLOCK.has(name)) continue;
    const ok = u.hashers.join() === item.hashers.join() && (u.key === null) === (item.key === null)
      && (u.key === null || readable(b.types, a.types, u.key, item.key!)) && readable(b.types, a.types, u.value, item.value);
    if (!ok) out.push({ prefix: item.prefix, item: item.item, name, message: `${name}: upstream ${u.shape}, spec 425 ${item.shape}` });
  }
  return out;
}

