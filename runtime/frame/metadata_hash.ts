// RFC-78 merkleized metadata: the "metadata hash" a runtime built with the metadata-hash feature compares against
// when a transaction enables CheckMetadataHash (mode 1). Computed from V15 metadata bytes, the way
// substrate-wasm-builder does at build time: read the portable registry and the extrinsic section, keep only the
// types reachable from the extrinsic (call, address, signature, extension payloads), turn them into RFC-78 types
// (primitives, compacts and empty types become inline type references; an enum becomes one leaf per variant), number
// them by ascending registry id, put their hashes into RFC-78's binary merkle tree (blake3), and hash
// MetadataDigest::V1 { tree root, extrinsic metadata hash, spec version/name, SS58 prefix, decimals, token symbol }.
//
// Reference: polkadot-fellows/RFCs text/0078-merkleized-metadata.md and its reference implementation (the
// `merkleized-metadata` crate, FrameMetadataPrepared::as_type_information); this is an independent implementation.
import { blake3 } from '@noble/hashes/blake3.js';
import { Reader, Writer } from '../codec/scale.ts';

// ---- The parts of V15 metadata the digest reads ----

type RegDef =
  | { kind: 'composite'; fields: RegField[] }
  | { kind: 'variant'; variants: RegVariant[] }
  | { kind: 'sequence'; inner: number }
  | { kind: 'array'; len: number; inner: number }
  | { kind: 'tuple'; items: number[] }
  /** scale-info's primitive index (bool, char, str, u8…u256, i8…i256), which is also RFC-78's TypeRef index. */
  | { kind: 'primitive'; prim: number }
  | { kind: 'compact'; inner: number }
  | { kind: 'bitSequence'; store: number; order: number };
interface RegField { name: string | null; ty: number; typeName: string | null }
interface RegVariant { name: string; fields: RegField[]; index: number }
interface RegType { path: string[]; def: RegDef }

interface ExtrinsicV15 {
  version: number;
  address: number;
  call: number;
  signature: number;
  extensions: { identifier: string; ty: number; additional: number }[];
}

interface MetadataV15Parts {
  types: Map<number, RegType>;
  extrinsic: ExtrinsicV15;
  /** System.SS58Prefix, as substrate-wasm-builder reads it for the digest. */
  ss58Prefix: number | null;
}

const strVec = (r: Reader): string[] => { const n = r.compactNumber(); const out: string[] = []; for (let i = 0; i < n; i++) out.push(r.str()); return out; };
const optStr = (r: Reader): string | null => (r.bool() ? r.str() : null);
const skipStrVec = (r: Reader): void => { strVec(r); };

function readFields(r: Reader): RegField[] {
  const n = r.compactNumber();
  const fields: RegField[] = [];
  for (let i = 0; i < n; i++) {
    const name = optStr(r);
    const ty = r.compactNumber();
    const typeName = optStr(r);
    skipStrVec(r); // docs
    fields.push({ name, ty, typeName });
  }
  return fields;
}

function readTypeDef(r: Reader): RegDef {
  const tag = r.u8();
  switch (tag) {
    case 0: return { kind: 'composite', fields: readFields(r) };
    case 1: {
      const n = r.compactNumber();
      const variants: RegVariant[] = [];
      for (let i = 0; i < n; i++) {
        const name = r.str();
        const fields = readFields(r);
        const index = r.u8();
        skipStrVec(r);
        variants.push({ name, fields, index });
      }
      return { kind: 'variant', variants };
    }
    case 2: return { kind: 'sequence', inner: r.compactNumber() };
    case 3: { const len = r.u32(); return { kind: 'array', len, inner: r.compactNumber() }; }
    case 4: { const n = r.compactNumber(); const items: number[] = []; for (let i = 0; i < n; i++) items.push(r.compactNumber()); return { kind: 'tuple', items }; }
    case 5: { const prim = r.u8(); if (prim > 14) throw new Error(`metadata: unknown primitive ${prim}`); return { kind: 'primitive', prim }; }
    case 6: return { kind: 'compact', inner: r.compactNumber() };
    case 7: { const store = r.compactNumber(); return { kind: 'bitSequence', store, order: r.compactNumber() }; }
    default: throw new Error(`metadata: unknown type definition tag ${tag}`);
  }
}

/** Reads the registry, the System SS58 prefix and the extrinsic section of `"meta" ++ 15 ++ RuntimeMetadataV15`. */
function readMetadataV15(bytes: Uint8Array): MetadataV15Parts {
  const r = new Reader(bytes);
  if (r.u32() !== 0x6174656d) throw new Error('metadata: missing "meta" magic');
  const version = r.u8();
  if (version !== 15) throw new Error(`metadata: the digest needs V15, got V${version}`);
  const types = new Map<number, RegType>();
  const count = r.compactNumber();
  for (let i = 0; i < count; i++) {
    const id = r.compactNumber();
    const path = strVec(r);
    const params = r.compactNumber();
    for (let p = 0; p < params; p++) { r.str(); if (r.bool()) r.compactNumber(); }
    const def = readTypeDef(r);
    skipStrVec(r);
    types.set(id, { path, def });
  }
  let ss58Prefix: number | null = null;
  const pallets = r.compactNumber();
  for (let i = 0; i < pallets; i++) {
    const name = r.str();
    if (r.bool()) { // storage
      r.str();
      const entries = r.compactNumber();
      for (let e = 0; e < entries; e++) {
        r.str(); r.u8();
        if (r.u8() === 0) r.compactNumber();
        else { const hashers = r.compactNumber(); r.raw(hashers); r.compactNumber(); r.compactNumber(); }
        r.bytes(); skipStrVec(r);
      }
    }
    if (r.bool()) r.compactNumber(); // calls
    if (r.bool()) r.compactNumber(); // event
    const constants = r.compactNumber();
    for (let c = 0; c < constants; c++) {
      const cname = r.str(); r.compactNumber(); const value = r.bytes(); skipStrVec(r);
      if (name === 'System' && cname === 'SS58Prefix') ss58Prefix = new Reader(value).u16();
    }
    if (r.bool()) r.compactNumber(); // error
    r.u8(); skipStrVec(r); // index, docs
  }
  const extrinsicVersion = r.u8();
  const address = r.compactNumber(), call = r.compactNumber(), signature = r.compactNumber();
  r.compactNumber(); // extra_ty: the tuple of the payloads, not part of the digest
  const extensions: ExtrinsicV15['extensions'] = [];
  const n = r.compactNumber();
  for (let i = 0; i < n; i++) extensions.push({ identifier: r.str(), ty: r.compactNumber(), additional: r.compactNumber() });
  return { types, extrinsic: { version: extrinsicVersion, address, call, signature, extensions }, ss58Prefix };
}

// ---- RFC-78 type information ----

/** RFC-78 TypeRef indices after the 15 primitives (0..14). */
const COMPACT_REF: Record<number, number> = { 3: 15, 4: 16, 5: 17, 6: 18, 7: 19, 8: 20 }; // u8..u256 → CompactU8..CompactU256
const VOID_REF = 21;
const BY_ID_REF = 22;
/** Bytes of a bit sequence's store type (u8, u16, u32, u64). */
const BIT_STORE_BYTES: Record<number, number> = { 3: 1, 4: 2, 5: 4, 6: 8 };

/** A type the RFC inlines into its TypeRef instead of giving it an id: primitives, compacts and empty types. */
function isInlined(def: RegDef): boolean {
  switch (def.kind) {
    case 'primitive': case 'compact': return true;
    case 'composite': return def.fields.length === 0;
    case 'variant': return def.variants.length === 0;
    case 'tuple': return def.items.length === 0;
    default: return false;
  }
}

class TypeInformation {
  /** Registry id → RFC-78 id, for the reachable types that get one (ascending registry id). */
  readonly ids = new Map<number, number>();
  private readonly refs = new Map<number, Uint8Array>();

  constructor(private readonly types: Map<number, RegType>, roots: number[]) {
    const reachable = new Set<number>();
    const stack = [...roots];
    while (stack.length) {
      const id = stack.pop()!;
      if (reachable.has(id)) continue;
      reachable.add(id);
      const def = this.type(id).def;
      // A compact's inner type and a bit sequence's store/order types are described inline, not as types.
      switch (def.kind) {
        case 'composite': for (const f of def.fields) stack.push(f.ty); break;
        case 'variant': for (const v of def.variants) for (const f of v.fields) stack.push(f.ty); break;
        case 'sequence': case 'array': stack.push(def.inner); break;
        case 'tuple': stack.push(...def.items); break;
      }
    }
    for (const id of [...reachable].sort((a, b) => a - b)) if (!isInlined(this.type(id).def)) this.ids.set(id, this.ids.size);
  }

  type(id: number): RegType {
    const ty = this.types.get(id);
    if (!ty) throw new Error(`metadata: type ${id} is not in the registry`);
    return ty;
  }

  /** The primitives (by scale-info index) reachable from `id`, each type visited once (the crate's CollectPrimitives). */
  private primitivesUnder(id: number): number[] {
    const found: number[] = [];
    const visited = new Set<number>();
    const visit = (tid: number, seen: boolean) => {
      if (seen) { if (visited.has(tid)) return; visited.add(tid); }
      const def = this.type(tid).def;
      const child = (c: number) => visit(c, true);
      switch (def.kind) {
        case 'primitive': found.push(def.prim); break;
        case 'composite': def.fields.forEach(f => child(f.ty)); break;
        case 'variant': def.variants.forEach(v => v.fields.forEach(f => child(f.ty))); break;
        case 'sequence': case 'array': case 'compact': child(def.inner); break;
        case 'tuple': def.items.forEach(child); break;
        case 'bitSequence': child(def.order); child(def.store); break;
      }
    };
    visit(id, false);
    return found;
  }

  /** SCALE of the RFC-78 TypeRef for registry type `id`. */
  ref(id: number): Uint8Array {
    let out = this.refs.get(id);
    if (out) return out;
    const def = this.type(id).def;
    const w = new Writer(8);
    if (def.kind === 'primitive') w.u8(def.prim);
    else if (def.kind === 'compact') {
      const prims = this.primitivesUnder(id);
      if (prims.length > 1) throw new Error(`metadata: compact type ${id} wraps more than one primitive`);
      if (prims.length === 0) w.u8(VOID_REF);
      else {
        const tag = COMPACT_REF[prims[0]];
        if (tag === undefined) throw new Error(`metadata: compact type ${id} wraps unsupported primitive ${prims[0]}`);
        w.u8(tag);
      }
    } else if (isInlined(def)) w.u8(VOID_REF);
    else {
      const rfcId = this.ids.get(id);
      if (rfcId === undefined) throw new Error(`metadata: type ${id} is referenced but not reachable from the extrinsic`);
      w.u8(BY_ID_REF).compact(rfcId);
    }
    out = w.finish();
    this.refs.set(id, out);
    return out;
  }

  private fields(w: Writer, fields: RegField[]): void {
    w.compact(fields.length);
    for (const f of fields) {
      optStrOut(w, f.name);
      w.raw(this.ref(f.ty));
      optStrOut(w, f.typeName);
    }
  }

  /** The merkle leaves: each numbered type's SCALE (an enum gives one per variant, by variant index), in id order. */
  leaves(): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (const [regId, rfcId] of this.ids) {
      const { path, def } = this.type(regId);
      const leaf = (body: (w: Writer) => void) => {
        const w = new Writer(64);
        w.compact(path.length);
        for (const s of path) w.str(s);
        body(w);
        w.compact(rfcId);
        out.push(w.finish());
      };
      switch (def.kind) {
        case 'composite': leaf(w => { w.u8(0); this.fields(w, def.fields); }); break;
        case 'variant':
          for (const v of [...def.variants].sort((a, b) => a.index - b.index)) {
            leaf(w => { w.u8(1).str(v.name); this.fields(w, v.fields); w.compact(v.index); });
          }
          break;
        case 'sequence': leaf(w => { w.u8(2).raw(this.ref(def.inner)); }); break;
        case 'array': leaf(w => { w.u8(3).u32(def.len).raw(this.ref(def.inner)); }); break;
        case 'tuple': leaf(w => { w.u8(4).compact(def.items.length); for (const i of def.items) w.raw(this.ref(i)); }); break;
        case 'bitSequence': {
          const prims = this.primitivesUnder(def.store);
          const numBytes = prims.length === 1 ? BIT_STORE_BYTES[prims[0]] : undefined;
          if (numBytes === undefined) throw new Error(`metadata: bit sequence ${regId} has an unsupported store type`);
          const order = this.type(def.order).path.find(s => s === 'Lsb0' || s === 'Msb0');
          if (!order) throw new Error(`metadata: bit sequence ${regId} has an order type that is neither Lsb0 nor Msb0`);
          leaf(w => { w.u8(5).u8(numBytes).bool(order === 'Lsb0'); });
          break;
        }
        default: throw new Error(`metadata: type ${regId} should have been inlined`);
      }
    }
    return out;
  }
}

function optStrOut(w: Writer, s: string | null): void {
  if (s === null) w.u8(0);
  else w.u8(1).str(s);
}

/** RFC-78's tree root over the leaves' hashes: while more than one node is left, pop `right` then `left` from the
 *  back and push blake3(left ++ right) at the front; an empty tree is all zeros. */
export function merkleRoot(leaves: readonly Uint8Array[]): Uint8Array {
  // The deque reversed is a FIFO queue: its back is the queue's head and a push at its front is an append.
  const queue = leaves.map(l => blake3(l)).reverse();
  let head = 0;
  while (queue.length - head > 1) {
    const right = queue[head++];
    const left = queue[head++];
    const pair = new Uint8Array(64);
    pair.set(left, 0);
    pair.set(right, 32);
    queue.push(blake3(pair));
  }
  return queue[head] ?? new Uint8Array(32);
}

// ---- The digest ----

export interface MetadataHashParams {
  specVersion: number;
  specName: string;
  /** The primary token's decimals and symbol (subtensor's build passes `enable_metadata_hash("TAO", 9)`). */
  decimals: number;
  tokenSymbol: string;
}

/** MetadataDigest::V1 and its parts. */
export interface MetadataDigest {
  typeInformationTreeRoot: Uint8Array;
  extrinsicMetadataHash: Uint8Array;
  specVersion: number;
  specName: string;
  base58Prefix: number;
  decimals: number;
  tokenSymbol: string;
}

/** The RFC-78 digest of V15 metadata bytes ("meta" ++ 15 ++ …); the SS58 prefix is System's SS58Prefix constant. */
export function metadataDigest(metadataV15: Uint8Array, params: MetadataHashParams): MetadataDigest {
  const { types, extrinsic, ss58Prefix } = readMetadataV15(metadataV15);
  if (ss58Prefix === null) throw new Error('metadata: System.SS58Prefix constant not found');
  const roots = [extrinsic.call, extrinsic.address, extrinsic.signature, ...extrinsic.extensions.flatMap(e => [e.ty, e.additional])];
  const info = new TypeInformation(types, roots);
  // ExtrinsicMetadata { version, address_ty, call_ty, signature_ty, signed_extensions }
  const w = new Writer(512);
  w.u8(extrinsic.version).raw(info.ref(extrinsic.address)).raw(info.ref(extrinsic.call)).raw(info.ref(extrinsic.signature));
  w.compact(extrinsic.extensions.length);
  for (const e of extrinsic.extensions) w.str(e.identifier).raw(info.ref(e.ty)).raw(info.ref(e.additional));
  return {
    typeInformationTreeRoot: merkleRoot(info.leaves()),
    extrinsicMetadataHash: blake3(w.finish()),
    specVersion: params.specVersion,
    specName: params.specName,
    base58Prefix: ss58Prefix,
    decimals: params.decimals,
    tokenSymbol: params.tokenSymbol,
  };
}

/** SCALE of MetadataDigest::V1 (variant index 1). */
export function encodeMetadataDigest(d: MetadataDigest): Uint8Array {
  return new Writer(128).u8(1).raw(d.typeInformationTreeRoot).raw(d.extrinsicMetadataHash).u32(d.specVersion).str(d.specName)
    .u16(d.base58Prefix).u8(d.decimals).str(d.tokenSymbol).finish();
}

/** The metadata hash: blake3(SCALE(MetadataDigest::V1)). */
export function metadataHash(metadataV15: Uint8Array, params: MetadataHashParams): Uint8Array {
  return blake3(encodeMetadataDigest(metadataDigest(metadataV15, params)));
}
