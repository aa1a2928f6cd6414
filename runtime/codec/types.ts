// Type DSL: each `Codec` both encodes/decodes values and describes itself for the metadata's portable type
// registry. Declaring a storage item, call argument or event field with one of these is all it takes for the
// metadata, the key derivation and the decoding to agree.
//
// Value conventions (what decode returns / encode expects):
//   u8/u16/u32/i8/i16/i32 and Compact of them -> number;  u64/u128/i64/i128/u256 and Compact of them -> bigint
//   bool -> boolean; str -> string; Vec<u8> (t.bytes) and [u8; N] (t.fixedBytes) -> Uint8Array
//   struct -> object keyed by field name; newtype (one unnamed field) -> the inner value
//   tuple / unnamed multi-field composite -> array; Option<T> -> T | null
//   enum -> { type: VariantName, value?: payload } (payload: inner value for one unnamed field, object for named
//           fields, array for several unnamed fields, absent for unit variants)
import { Reader, Writer, ScaleError } from './scale.ts';

export type Primitive = 'bool' | 'char' | 'str' | 'u8' | 'u16' | 'u32' | 'u64' | 'u128' | 'u256' | 'i8' | 'i16' | 'i32' | 'i64' | 'i128' | 'i256';

export interface Field { name?: string; type: Codec<any>; typeName?: string; docs?: string[] }
export interface Variant { name: string; index: number; fields: Field[]; docs?: string[] }
export interface TypeParam { name: string; type?: Codec<any> }

export type TypeInfo =
  | { kind: 'primitive'; prim: Primitive }
  | { kind: 'compact'; inner: Codec<any> }
  | { kind: 'sequence'; inner: Codec<any> }
  | { kind: 'array'; len: number; inner: Codec<any> }
  | { kind: 'tuple'; items: Codec<any>[] }
  | { kind: 'composite'; path: string[]; params?: TypeParam[]; fields: Field[]; docs?: string[] }
  | { kind: 'variant'; path: string[]; params?: TypeParam[]; variants: Variant[]; docs?: string[] }
  | { kind: 'bitSequence'; store: Codec<any>; order: Codec<any> };

export interface Codec<T> {
  encodeTo(w: Writer, v: T): void;
  decodeFrom(r: Reader): T;
  /** Metadata description. Lazy codecs resolve to their target's info. */
  readonly info: TypeInfo;
  /** For lazy codecs: the codec they stand for (the registry de-duplicates on it). */
  resolve?(): Codec<T>;
  /** A deep copy of a value as `decodeFrom` returns it (equal to decoding its encoding again, but without parsing):
   *  lets storage hand out a remembered decoded value that the caller may mutate. Present only on the combinators
   *  below, whose value shapes are known; hand-written codecs have none. */
  clone?(v: T): T;
}

/** clone of immutable values (numbers, bigints, booleans, strings). */
export const sameValue = <T>(v: T): T => v;
/** clone of byte arrays. */
export const copyBytes = (v: Uint8Array): Uint8Array => v.slice();

export type ValueOf<C> = C extends Codec<infer T> ? T : never;

// Writers reused by `encode` (a fresh Writer per call was a visible share of block building). A stack rather than one
// shared writer, because an encodeTo may itself call `encode`; writers that grew large are not kept.
const writerPool: Writer[] = [];
const POOLED_WRITER_MAX = 1 << 16;

export function encode<T>(c: Codec<T>, v: T): Uint8Array {
  const w = writerPool.pop() ?? new Writer(256);
  try {
    c.encodeTo(w.reset(), v);
    return w.finish();
  } finally {
    if (w.capacity <= POOLED_WRITER_MAX) writerPool.push(w);
  }
}

/** Decode a whole buffer; trailing bytes are an error. */
export function decode<T>(c: Codec<T>, bytes: Uint8Array): T {
  const r = new Reader(bytes);
  const v = c.decodeFrom(r);
  r.end();
  return v;
}

function make<T>(info: TypeInfo, enc: (w: Writer, v: T) => void, dec: (r: Reader) => T, clone?: (v: T) => T): Codec<T> {
  return clone ? { info, encodeTo: enc, decodeFrom: dec, clone } : { info, encodeTo: enc, decodeFrom: dec };
}

const prim = <T>(p: Primitive, enc: (w: Writer, v: T) => void, dec: (r: Reader) => T) => make<T>({ kind: 'primitive', prim: p }, enc, dec, sameValue);

function checkInt(v: number, min: number, max: number, name: string): number {
  if (!Number.isInteger(v) || v < min || v > max) throw new ScaleError(`${name} out of range: ${v}`);
  return v;
}
/** Range check of a bigint codec; the bounds are computed once per codec, not per value. */
function bigChecker(bits: number, signed: boolean, name: string): (v: bigint) => bigint {
  const min = signed ? -(1n << BigInt(bits - 1)) : 0n;
  const max = signed ? (1n << BigInt(bits - 1)) - 1n : (1n << BigInt(bits)) - 1n;
  return v => {
    if (typeof v !== 'bigint') throw new ScaleError(`${name} expects a bigint, got ${typeof v}`);
    if (v < min || v > max) throw new ScaleError(`${name} out of range: ${v}`);
    return v;
  };
}
const checkU64 = bigChecker(64, false, 'u64');
const checkI64 = bigChecker(64, true, 'i64');
const checkU128 = bigChecker(128, false, 'u128');
const checkI128 = bigChecker(128, true, 'i128');
const checkU256 = bigChecker(256, false, 'u256');

export const bool = prim<boolean>('bool', (w, v) => w.bool(v), r => r.bool());
export const str = prim<string>('str', (w, v) => w.str(v), r => r.str());
export const u8 = prim<number>('u8', (w, v) => w.u8(checkInt(v, 0, 0xff, 'u8')), r => r.u8());
export const u16 = prim<number>('u16', (w, v) => w.u16(checkInt(v, 0, 0xffff, 'u16')), r => r.u16());
export const u32 = prim<number>('u32', (w, v) => w.u32(checkInt(v, 0, 0xffffffff, 'u32')), r => r.u32());
export const i8 = prim<number>('i8', (w, v) => w.i8(checkInt(v, -128, 127, 'i8')), r => r.i8());
export const i16 = prim<number>('i16', (w, v) => w.i16(checkInt(v, -32768, 32767, 'i16')), r => r.i16());
export const i32 = prim<number>('i32', (w, v) => w.i32(checkInt(v, -(2 ** 31), 2 ** 31 - 1, 'i32')), r => r.i32());
export const u64 = prim<bigint>('u64', (w, v) => w.u64(checkU64(v)), r => r.u64());
export const i64 = prim<bigint>('i64', (w, v) => w.i64(checkI64(v)), r => r.i64());
export const u128 = prim<bigint>('u128', (w, v) => w.uint(checkU128(v), 16), r => r.uint(16));
export const i128 = prim<bigint>('i128', (w, v) => w.int(checkI128(v), 16), r => r.int(16));
export const u256 = prim<bigint>('u256', (w, v) => w.uint(checkU256(v), 32), r => r.uint(32));

const compactCache = new Map<Codec<any>, Codec<any>>();
/** Compact<T>. Numbers stay numbers for u8..u32 inner types, bigints for wider ones. */
export function compact<T extends number | bigint>(inner: Codec<T>): Codec<T> {
  const cached = compactCache.get(inner);
  if (cached) return cached;
  // Compact of a one-field newtype (Compact<NetUid>) has the range of the wrapped primitive.
  const info = inner.info as any;
  const prim = info.kind === 'composite' && info.fields?.length === 1 ? info.fields[0].type : inner;
  const narrow = prim === u8 || prim === u16 || prim === u32;
  const bits = prim === u8 ? 8 : prim === u16 ? 16 : prim === u32 ? 32 : prim === u64 ? 64 : 128;
  const limit = 1n << BigInt(bits);
  const c = make<T>({ kind: 'compact', inner },
    (w, v) => w.compact(v),
    r => {
      // u8..u32 in the one-, two- and four-byte modes: read as a number (compactNumber), no BigInt.
      if (narrow && r.offset < r.data.length && (r.data[r.offset] & 3) !== 3) {
        const n = r.compactNumber();
        if (n >= 2 ** bits) throw new ScaleError(`compact value exceeds u${bits}`);
        return n as T;
      }
      const v = r.compact();
      if (v >= limit) throw new ScaleError(`compact value exceeds u${bits}`);
      return (narrow ? Number(v) : v) as T;
    }, sameValue);
  compactCache.set(inner, c);
  return c;
}

const vecCache = new Map<Codec<any>, Codec<any>>();
export function vec<T>(inner: Codec<T>): Codec<T[]> {
  const cached = vecCache.get(inner);
  if (cached) return cached;
  const c = make<T[]>({ kind: 'sequence', inner },
    (w, v) => { w.compact(v.length); for (const x of v) inner.encodeTo(w, x); },
    r => {
      const n = r.compactNumber();
      if (n > r.remaining) throw new ScaleError(`vec length ${n} exceeds input`);
      const out: T[] = new Array(n);
      for (let i = 0; i < n; i++) out[i] = inner.decodeFrom(r);
      return out;
    }, arrayClone(inner));
  vecCache.set(inner, c);
  return c;
}

/** clone of a T[] whose elements clone with `inner.clone` (none if they cannot be cloned). */
function arrayClone<T>(inner: Codec<T>): ((v: T[]) => T[]) | undefined {
  const c = inner.clone;
  if (!c) return undefined;
  if (c === sameValue) return v => v.slice();
  return v => { const n = v.length, out: T[] = new Array(n); for (let i = 0; i < n; i++) out[i] = c(v[i]); return out; };
}

/** Vec<u8> as a Uint8Array. */
export const bytes = make<Uint8Array>({ kind: 'sequence', inner: u8 }, (w, v) => w.bytes(v), r => r.bytes(), copyBytes);

const fixedCache = new Map<number, Codec<Uint8Array>>();
/** [u8; N] as a Uint8Array. */
export function fixedBytes(len: number): Codec<Uint8Array> {
  const cached = fixedCache.get(len);
  if (cached) return cached;
  const c = make<Uint8Array>({ kind: 'array', len, inner: u8 },
    (w, v) => { if (v.length !== len) throw new ScaleError(`expected ${len} bytes, got ${v.length}`); w.raw(v); },
    r => r.raw(len), copyBytes);
  fixedCache.set(len, c);
  return c;
}

export function array<T>(inner: Codec<T>, len: number): Codec<T[]> {
  return make<T[]>({ kind: 'array', len, inner },
    (w, v) => { if (v.length !== len) throw new ScaleError(`expected array of ${len}`); for (const x of v) inner.encodeTo(w, x); },
    r => { const out: T[] = []; for (let i = 0; i < len; i++) out.push(inner.decodeFrom(r)); return out; },
    arrayClone(inner));
}

export function tuple<T extends any[]>(...items: { [K in keyof T]: Codec<T[K]> }): Codec<T> {
  return make<T>({ kind: 'tuple', items: items as Codec<any>[] },
    (w, v) => { items.forEach((c, i) => (c as Codec<any>).encodeTo(w, v[i])); },
    r => items.map(c => (c as Codec<any>).decodeFrom(r)) as T,
    (items as Codec<any>[]).every(c => c.clone) ? (v => items.map((c, i) => (c as Codec<any>).clone!(v[i])) as T) : undefined);
}
export const unit = tuple<[]>();
/** Compact<()> (MultiAddress::Index with AccountIndex = ()): zero bytes. */
export const compactUnit = make<[]>({ kind: 'compact', inner: unit }, () => {}, () => [], () => []);

type StructValue<F extends Record<string, Codec<any>>> = { [K in keyof F]: ValueOf<F[K]> };

export interface StructOptions { docs?: string[]; typeNames?: Record<string, string>; params?: TypeParam[] }

/** Named-field composite (Rust struct). Field order is declaration order. */
export function struct<F extends Record<string, Codec<any>>>(path: string[], fields: F, opts: StructOptions = {}): Codec<StructValue<F>> {
  const entries = Object.entries(fields);
  const names = entries.map(e => e[0]), codecs = entries.map(e => e[1]), n = entries.length;
  return make<StructValue<F>>(
    { kind: 'composite', path, params: opts.params, docs: opts.docs, fields: entries.map(([name, type]) => ({ name, type, typeName: opts.typeNames?.[name] })) },
    (w, v) => {
      for (let i = 0; i < n; i++) {
        const x = (v as any)[names[i]];
        if (x === undefined) throw new ScaleError(`missing field ${names[i]} of ${path.join('::')}`);
        codecs[i].encodeTo(w, x);
      }
    },
    r => { const o: any = {}; for (let i = 0; i < n; i++) o[names[i]] = codecs[i].decodeFrom(r); return o; },
    structClone(names, codecs));
}

/** clone of a decoded struct: a shallow copy (exactly the declared fields, in order), then the fields that hold
 *  mutable values (nested structs, arrays, bytes) replaced by their own clones. */
function structClone(names: string[], codecs: Codec<any>[]): ((v: any) => any) | undefined {
  if (!codecs.every(c => c.clone)) return undefined;
  const deep = names.map((name, i) => ({ name, clone: codecs[i].clone! })).filter(f => f.clone !== sameValue);
  if (deep.length === 0) return v => ({ ...v });
  return v => {
    const o = { ...v };
    for (let i = 0; i < deep.length; i++) { const f = deep[i]; o[f.name] = f.clone(v[f.name]); }
    return o;
  };
}

/** One-unnamed-field composite (Rust newtype such as `TaoBalance(u64)`): encodes exactly like its inner type. */
export function newtype<T>(path: string[], inner: Codec<T>, typeName?: string, params?: TypeParam[]): Codec<T> {
  return make<T>({ kind: 'composite', path, params, fields: [{ type: inner, typeName }] }, (w, v) => inner.encodeTo(w, v), r => inner.decodeFrom(r), inner.clone);
}

export type EnumValue = { type: string; value?: any };

export interface VariantSpec {
  index?: number;
  /** Named fields (object), a single unnamed codec, or an array of unnamed codecs. */
  fields?: Record<string, Codec<any>> | Codec<any> | Codec<any>[];
  docs?: string[];
  typeNames?: Record<string, string> | string[];
}

function isCodec(x: any): x is Codec<any> { return x && typeof x.encodeTo === 'function'; }

/** Rust enum. Variant indices default to declaration order. */
export function enumOf(path: string[], variants: Record<string, VariantSpec | null>, opts: { docs?: string[]; params?: TypeParam[] } = {}): Codec<EnumValue> {
  type Shape = { name: string; index: number; kind: 'unit' | 'one' | 'many' | 'named'; codecs: Codec<any>[]; names: string[] };
  const shapes: Shape[] = [];
  const meta: Variant[] = [];
  let next = 0;
  for (const [name, spec0] of Object.entries(variants)) {
    const spec = spec0 ?? {};
    const index = spec.index ?? next;
    next = index + 1;
    const f = spec.fields;
    let shape: Shape;
    if (f === undefined || (Array.isArray(f) && f.length === 0)) shape = { name, index, kind: 'unit', codecs: [], names: [] };
    else if (isCodec(f)) shape = { name, index, kind: 'one', codecs: [f], names: [] };
    else if (Array.isArray(f)) shape = { name, index, kind: 'many', codecs: f, names: [] };
    else shape = { name, index, kind: 'named', codecs: Object.values(f), names: Object.keys(f) };
    shapes.push(shape);
    const tn = spec.typeNames;
    meta.push({
      name, index, docs: spec.docs,
      fields: shape.codecs.map((type, i) => ({
        name: shape.kind === 'named' ? shape.names[i] : undefined,
        type,
        typeName: Array.isArray(tn) ? tn[i] : tn && shape.kind === 'named' ? tn[shape.names[i]] : undefined,
      })),
    });
  }
  const byName = new Map(shapes.map(s => [s.name, s]));
  // Variant indices are u8: a 256-slot table instead of a Map lookup per decoded value.
  const byIndexArr: (Shape | undefined)[] = new Array(256).fill(undefined);
  for (const s of shapes) byIndexArr[s.index] = s;
  return make<EnumValue>({ kind: 'variant', path, params: opts.params, docs: opts.docs, variants: meta },
    (w, v) => {
      const s = byName.get(v.type);
      if (!s) throw new ScaleError(`unknown variant ${v.type} of ${path.join('::')}`);
      w.u8(s.index);
      if (s.kind === 'one') s.codecs[0].encodeTo(w, v.value);
      else if (s.kind === 'many') for (let i = 0; i < s.codecs.length; i++) s.codecs[i].encodeTo(w, v.value[i]);
      else if (s.kind === 'named') for (let i = 0; i < s.codecs.length; i++) s.codecs[i].encodeTo(w, v.value[s.names[i]]);
    },
    r => {
      const idx = r.u8();
      const s = byIndexArr[idx];
      if (!s) throw new ScaleError(`invalid variant index ${idx} for ${path.join('::')}`);
      if (s.kind === 'unit') return { type: s.name };
      if (s.kind === 'one') return { type: s.name, value: s.codecs[0].decodeFrom(r) };
      const n = s.codecs.length;
      if (s.kind === 'many') { const a = new Array(n); for (let i = 0; i < n; i++) a[i] = s.codecs[i].decodeFrom(r); return { type: s.name, value: a }; }
      const o: any = {};
      for (let i = 0; i < n; i++) o[s.names[i]] = s.codecs[i].decodeFrom(r);
      return { type: s.name, value: o };
    },
    shapes.every(s => s.codecs.every(c => c.clone)) ? (v => {
      // Same shapes as decodeFrom builds; the variant is known to exist (the value came from decodeFrom).
      const s = byName.get(v.type)!;
      if (s.kind === 'unit') return { type: s.name };
      if (s.kind === 'one') return { type: s.name, value: s.codecs[0].clone!(v.value) };
      const n = s.codecs.length;
      if (s.kind === 'many') { const a = new Array(n); for (let i = 0; i < n; i++) a[i] = s.codecs[i].clone!(v.value[i]); return { type: s.name, value: a }; }
      const o: any = {};
      for (let i = 0; i < n; i++) o[s.names[i]] = s.codecs[i].clone!(v.value[s.names[i]]);
      return { type: s.name, value: o };
    }) : undefined);
}

const optionCache = new Map<Codec<any>, Codec<any>>();
/** Option<T> as T | null. Option<bool> uses the generic encoding too (0 / 1,1 / 1,0): parity-scale-codec's
 *  one-byte form belongs to its separate `OptionBool` type, and clients (polkadot-js, polkadot-api) decode
 *  `Option<bool>` from metadata generically. */
export function option<T>(inner: Codec<T>): Codec<T | null> {
  const cached = optionCache.get(inner);
  if (cached) return cached;
  const info: TypeInfo = {
    kind: 'variant', path: ['Option'], params: [{ name: 'T', type: inner }],
    variants: [{ name: 'None', index: 0, fields: [] }, { name: 'Some', index: 1, fields: [{ type: inner }] }],
  };
  const c: Codec<T | null> = make<T | null>(info,
    (w, v) => { if (v === null || v === undefined) w.u8(0); else { w.u8(1); inner.encodeTo(w, v); } },
    r => { const b = r.u8(); if (b === 0) return null; if (b !== 1) throw new ScaleError(`invalid Option tag ${b}`); return inner.decodeFrom(r); },
    inner.clone ? (v => (v === null ? null : inner.clone!(v))) : undefined);
  optionCache.set(inner, c);
  return c;
}

/** Result<T, E> as { ok: T } | { err: E }. */
export function result<T, E>(ok: Codec<T>, err: Codec<E>): Codec<{ ok: T } | { err: E }> {
  return make<{ ok: T } | { err: E }>({
    kind: 'variant', path: ['Result'], params: [{ name: 'T', type: ok }, { name: 'E', type: err }],
    variants: [{ name: 'Ok', index: 0, fields: [{ type: ok }] }, { name: 'Err', index: 1, fields: [{ type: err }] }],
  },
  (w, v) => { if ('ok' in v) { w.u8(0); ok.encodeTo(w, v.ok); } else { w.u8(1); err.encodeTo(w, v.err); } },
  r => { const b = r.u8(); if (b === 0) return { ok: ok.decodeFrom(r) }; if (b === 1) return { err: err.decodeFrom(r) }; throw new ScaleError(`invalid Result tag ${b}`); },
  ok.clone && err.clone ? (v => ('ok' in v ? { ok: ok.clone!(v.ok) } : { err: err.clone!((v as { err: E }).err) })) : undefined);
}

/** A reference resolved on first use: lets recursive types (RuntimeCall inside Sudo's calls) be declared. */
export function lazy<T>(get: () => Codec<T>): Codec<T> {
  let target: Codec<T> | undefined;
  const resolve = () => (target ??= get());
  return {
    get info() { return resolve().info; },
    encodeTo: (w, v) => resolve().encodeTo(w, v),
    decodeFrom: r => resolve().decodeFrom(r),
    resolve,
  };
}

/** Follows lazy indirections to the codec the registry should key on. */
export function canonical(c: Codec<any>): Codec<any> {
  let x = c;
  while (x.resolve) x = x.resolve();
  return x;
}
