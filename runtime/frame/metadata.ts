// SCALE metadata V14 / V15, derived from the pallet and runtime-API declarations (never written by hand).
//
// Two phases:
//  1. Collect: walk the runtime (pallets in index order: storage, calls, events, constants, errors; then the
//     extrinsic, the Runtime type, the APIs and the outer enums) and register every codec reachable from it. Each
//     canonical codec (lazy codecs resolved) becomes one node; a node is reserved before its children are visited,
//     so recursive types (RuntimeCall inside Sudo's call) terminate.
//  2. Finalize: merge structurally identical nodes (partition refinement, so recursive types merge too — two
//     separately built `(AccountId32, NetUid)` tuples become one type, as scale-info would have one Rust type),
//     number the merged types in first-registration order, and encode the portable registry and the sections.
//
// Layout follows frame-metadata: RuntimeMetadataPrefixed = "meta" ++ u8 version ++ RuntimeMetadataV14|V15.
import type { Codec, TypeInfo, Field, Variant, Primitive } from '../codec/types.ts';
import { canonical, encode, bytes as bytesCodec } from '../codec/types.ts';
import * as t from '../codec/types.ts';
import { Writer } from '../codec/scale.ts';
import type { Hasher } from '../crypto/hashing.ts';
import { RUNTIME_CRATE, type ComposedRuntime } from './construct.ts';
import type { RuntimeApiDecl } from './runtime_api.ts';
import type { Pallet } from './pallet.ts';
import { MultiAddress, MultiSignature } from '../primitives.ts';

/** One transaction extension as the metadata lists it: explicit payload (`extra`) and implicit signed data. */
export interface ExtensionMeta {
  identifier: string;
  extra: Codec<any>;
  additional: Codec<any>;
}

export interface BuildMetadataOptions {
  runtime: ComposedRuntime;
  apis: RuntimeApiDecl[];
  extensions: readonly ExtensionMeta[];
  version: 14 | 15;
  /** Address / signature types of the UncheckedExtrinsic (default: MultiAddress<AccountId32, ()>, MultiSignature). */
  address?: Codec<any>;
  signature?: Codec<any>;
}

export const METADATA_MAGIC = new Uint8Array([0x6d, 0x65, 0x74, 0x61]); // "meta"
export const SUPPORTED_METADATA_VERSIONS = [14, 15] as const;

const PRIMITIVE_INDEX: Record<Primitive, number> = {
  bool: 0, char: 1, str: 2, u8: 3, u16: 4, u32: 5, u64: 6, u128: 7, u256: 8,
  i8: 9, i16: 10, i32: 11, i64: 12, i128: 13, i256: 14,
};

const HASHER_INDEX: Record<Hasher, number> = {
  Blake2_128: 0, Blake2_256: 1, Blake2_128Concat: 2, Twox128: 3, Twox256: 4, Twox64Concat: 5, Identity: 6,
};

/** A registered type, before merging: its description and the nodes it refers to. */
interface Node {
  info: TypeInfo;
  /** Shallow description without child references (equal shallow keys + equal child classes = same type). */
  shallow: string;
  children: number[];
}

/** Reference to a registered codec; becomes a type id after `finalize`. */
export type TypeRef = number;

/**
 * Portable type registry under construction. `add` returns a node reference; `finalize` merges identical nodes and
 * fixes the ids; `id(ref)` then gives the final type id.
 */
export class PortableRegistryBuilder {
  private readonly byCodec = new Map<Codec<any>, number>();
  private readonly nodes: Node[] = [];
  private finalIds: number[] | null = null;
  private representatives: number[] = [];
  private readonly substitutes = new Map<string, Codec<any>>();

  /**
   * Registers every composite/variant with this Rust path as `codec` instead. Used for types a runtime has exactly
   * once but that declarations may describe without their type parameters (an API taking `Block::Extrinsic` only
   * knows the bytes); clients read the parameters of the one they find (polkadot-js unwraps UncheckedExtrinsic's).
   */
  substitute(path: string[], codec: Codec<any>): void {
    this.substitutes.set(path.join('::'), canonical(codec));
  }

  add(codec: Codec<any>): TypeRef {
    if (this.finalIds) throw new Error('registry already finalized');
    let c = canonical(codec);
    if (this.substitutes.size && (c.info.kind === 'composite' || c.info.kind === 'variant')) {
      const sub = this.substitutes.get(c.info.path.join('::'));
      if (sub && sub !== c) c = sub;
    }
    const known = this.byCodec.get(c);
    if (known !== undefined) return known;
    const index = this.nodes.length;
    const info = c.info;
    // Reserve before visiting children: a child that refers back to `c` finds it here.
    const node: Node = { info, shallow: '', children: [] };
    this.nodes.push(node);
    this.byCodec.set(c, index);
    const shallow = describeShallow(info, child => { node.children.push(this.add(child)); });
    node.shallow = shallow;
    return index;
  }

  /** Merge structurally identical nodes and number the resulting types. */
  finalize(): void {
    if (this.finalIds) return;
    const n = this.nodes.length;
    // Partition refinement: start from shallow equality, split by the classes of the children until stable.
    let cls = new Array<number>(n);
    {
      const seen = new Map<string, number>();
      for (let i = 0; i < n; i++) {
        const k = this.nodes[i].shallow;
        let c = seen.get(k);
        if (c === undefined) { c = seen.size; seen.set(k, c); }
        cls[i] = c;
      }
    }
    let count = new Set(cls).size;
    for (;;) {
      const seen = new Map<string, number>();
      const next = new Array<number>(n);
      for (let i = 0; i < n; i++) {
        const k = `${cls[i]}|${this.nodes[i].children.map(c => cls[c]).join(',')}`;
        let c = seen.get(k);
        if (c === undefined) { c = seen.size; seen.set(k, c); }
        next[i] = c;
      }
      const nextCount = seen.size;
      cls = next;
      if (nextCount === count) break;
      count = nextCount;
    }
    // Number classes by their first node (nodes are in first-registration order).
    const idOfClass = new Map<number, number>();
    const ids = new Array<number>(n);
    const reps: number[] = [];
    for (let i = 0; i < n; i++) {
      let id = idOfClass.get(cls[i]);
      if (id === undefined) { id = reps.length; idOfClass.set(cls[i], id); reps.push(i); }
      ids[i] = id;
    }
    this.finalIds = ids;
    this.representatives = reps;
  }

  id(ref: TypeRef): number {
    if (!this.finalIds) throw new Error('registry not finalized');
    return this.finalIds[ref];
  }

  /** Number of distinct types after merging. */
  get size(): number { return this.representatives.length; }

  /** Encodes PortableRegistry { types: Vec<PortableType { id: Compact<u32>, ty: Type }> }. */
  encodeTo(w: Writer): void {
    this.finalize();
    w.compact(this.representatives.length);
    this.representatives.forEach((nodeIndex, id) => {
      w.compact(id);
      this.encodeType(w, this.nodes[nodeIndex]);
    });
  }

  private encodeType(w: Writer, node: Node): void {
    const info = node.info;
    let child = 0;
    const next = (): number => this.id(node.children[child++]);
    const path = info.kind === 'composite' || info.kind === 'variant' ? info.path : [];
    const params = info.kind === 'composite' || info.kind === 'variant' ? info.params ?? [] : [];
    const docs = info.kind === 'composite' || info.kind === 'variant' ? info.docs ?? [] : [];
    // Children were collected in this exact order by describeShallow: params, then the definition's types.
    strVec(w, path);
    w.compact(params.length);
    for (const p of params) {
      w.str(p.name);
      if (p.type) { w.u8(1); w.compact(next()); } else w.u8(0);
    }
    switch (info.kind) {
      case 'composite':
        w.u8(0);
        encodeFields(w, info.fields, next);
        break;
      case 'variant': {
        w.u8(1);
        const variants = sortedVariants(info.variants, info.path);
        // Children were collected in declaration order; map them per variant before sorting.
        const fieldIds = new Map<Variant, number[]>();
        for (const v of info.variants) fieldIds.set(v, v.fields.map(() => next()));
        w.compact(variants.length);
        for (const v of variants) {
          w.str(v.name);
          const ids = fieldIds.get(v)!;
          let k = 0;
          encodeFields(w, v.fields, () => ids[k++]);
          w.u8(v.index);
          strVec(w, v.docs ?? []);
        }
        break;
      }
      case 'sequence':
        w.u8(2); w.compact(next());
        break;
      case 'array':
        w.u8(3); w.u32(info.len); w.compact(next());
        break;
      case 'tuple':
        w.u8(4); w.compact(info.items.length);
        for (let i = 0; i < info.items.length; i++) w.compact(next());
        break;
      case 'primitive':
        w.u8(5); w.u8(PRIMITIVE_INDEX[info.prim]);
        break;
      case 'compact':
        w.u8(6); w.compact(next());
        break;
      case 'bitSequence':
        w.u8(7); w.compact(next()); w.compact(next());
        break;
    }
    strVec(w, docs);
  }
}

function sortedVariants(variants: Variant[], path: string[]): Variant[] {
  const seen = new Set<number>();
  for (const v of variants) {
    if (!Number.isInteger(v.index) || v.index < 0 || v.index > 255) throw new Error(`variant ${path.join('::')}::${v.name} has index ${v.index} (must be u8)`);
    if (seen.has(v.index)) throw new Error(`variant index ${v.index} used twice in ${path.join('::')}`);
    seen.add(v.index);
  }
  return [...variants].sort((a, b) => a.index - b.index);
}

/** Shallow key of a type (everything but the child types), visiting the children in encoding order. */
function describeShallow(info: TypeInfo, visit: (c: Codec<any>) => void): string {
  const fieldsKey = (fields: Field[]) => fields.map(f => { visit(f.type); return [f.name ?? null, f.typeName ?? null, f.docs ?? []]; });
  const paramsKey = (params: { name: string; type?: Codec<any> }[] | undefined) =>
    (params ?? []).map(p => { if (p.type) visit(p.type); return [p.name, !!p.type]; });
  switch (info.kind) {
    case 'primitive': return JSON.stringify(['p', info.prim]);
    case 'compact': visit(info.inner); return '["c"]';
    case 'sequence': visit(info.inner); return '["s"]';
    case 'array': visit(info.inner); return JSON.stringify(['a', info.len]);
    case 'tuple': info.items.forEach(visit); return JSON.stringify(['t', info.items.length]);
    case 'bitSequence': visit(info.store); visit(info.order); return '["b"]';
    case 'composite': {
      const params = paramsKey(info.params);
      return JSON.stringify(['C', info.path, params, fieldsKey(info.fields), info.docs ?? []]);
    }
    case 'variant': {
      const params = paramsKey(info.params);
      const vs = info.variants.map(v => [v.name, v.index, fieldsKey(v.fields), v.docs ?? []]);
      return JSON.stringify(['V', info.path, params, vs, info.docs ?? []]);
    }
  }
}

function encodeFields(w: Writer, fields: Field[], next: () => number): void {
  w.compact(fields.length);
  for (const f of fields) {
    optStr(w, f.name);
    w.compact(next());
    optStr(w, f.typeName);
    strVec(w, f.docs ?? []);
  }
}

function strVec(w: Writer, xs: readonly string[]): void {
  w.compact(xs.length);
  for (const s of xs) w.str(s);
}

function optStr(w: Writer, s: string | undefined): void {
  if (s === undefined || s === null) w.u8(0);
  else { w.u8(1); w.str(s); }
}

// ---- Types the metadata itself introduces ----

/** node_subtensor_runtime::Runtime: the unit struct `construct_runtime!` declares. */
export const RuntimeType = t.struct([RUNTIME_CRATE, 'Runtime'], {});

export const UNCHECKED_EXTRINSIC_PATH = ['sp_runtime', 'generic', 'unchecked_extrinsic', 'UncheckedExtrinsic'];

/**
 * sp_runtime::generic::unchecked_extrinsic::UncheckedExtrinsic<Address, Call, Signature, Extra>: described (like
 * Substrate's manual TypeInfo) as a composite of one Vec<u8>, with the four type parameters clients read.
 * buildMetadata registers every type with this path as this one (see PortableRegistryBuilder.substitute).
 */
export function uncheckedExtrinsicType(address: Codec<any>, call: Codec<any>, signature: Codec<any>, extra: Codec<any>): Codec<Uint8Array> {
  return t.newtype(UNCHECKED_EXTRINSIC_PATH, bytesCodec, undefined, [
    { name: 'Address', type: address }, { name: 'Call', type: call }, { name: 'Signature', type: signature }, { name: 'Extra', type: extra },
  ]);
}

/** The tuple of the extensions' explicit payloads (the `Extra` of the extrinsic). */
export function extraTuple(extensions: readonly ExtensionMeta[]): Codec<any[]> {
  return t.tuple(...extensions.map(e => e.extra));
}

// ---- Sections ----

interface StorageEntryRefs {
  name: string; modifier: 0 | 1; hashers: Hasher[]; key: TypeRef | null; value: TypeRef; defaultBytes: Uint8Array; docs: string[];
}
interface PalletRefs {
  pallet: Pallet;
  storage: { prefix: string; entries: StorageEntryRefs[] } | null;
  calls: TypeRef | null;
  event: TypeRef | null;
  constants: { name: string; ty: TypeRef; value: Uint8Array; docs: string[] }[];
  error: TypeRef | null;
}

function collectPallet(reg: PortableRegistryBuilder, p: Pallet): PalletRefs {
  const entries: StorageEntryRefs[] = [];
  for (const entry of Object.values(p.storage)) {
    const m = entry.meta();
    let key: TypeRef | null = null;
    if (m.keys.length === 1) key = reg.add(m.keys[0]);
    else if (m.keys.length > 1) key = reg.add(t.tuple(...m.keys));
    entries.push({
      name: m.name, modifier: m.modifier === 'Optional' ? 0 : 1, hashers: m.hashers, key,
      value: reg.add(m.value), defaultBytes: m.defaultBytes, docs: m.docs,
    });
  }
  const calls = p.callCodec ? reg.add(p.callCodec) : null;
  const event = p.eventCodec ? reg.add(p.eventCodec) : null;
  const constants = Object.entries(p.decl.constants ?? {}).map(([name, c]) => ({
    name, ty: reg.add(c.type), value: encode(c.type, c.value), docs: c.docs ?? [],
  }));
  const error = p.errorCodec ? reg.add(p.errorCodec) : null;
  const hasStorage = Object.keys(p.storage).length > 0;
  return {
    pallet: p,
    storage: hasStorage ? { prefix: p.decl.storagePrefix ?? p.name, entries } : null,
    calls, event, constants, error,
  };
}

function encodePallet(w: Writer, reg: PortableRegistryBuilder, pr: PalletRefs, version: 14 | 15): void {
  const id = (r: TypeRef) => reg.id(r);
  const optTy = (r: TypeRef | null) => { if (r === null) w.u8(0); else { w.u8(1); w.compact(id(r)); } };
  w.str(pr.pallet.name);
  if (!pr.storage) w.u8(0);
  else {
    w.u8(1);
    w.str(pr.storage.prefix);
    w.compact(pr.storage.entries.length);
    for (const e of pr.storage.entries) {
      w.str(e.name);
      w.u8(e.modifier);
      if (e.key === null) { w.u8(0); w.compact(id(e.value)); }
      else {
        w.u8(1);
        w.compact(e.hashers.length);
        for (const h of e.hashers) w.u8(HASHER_INDEX[h]);
        w.compact(id(e.key));
        w.compact(id(e.value));
      }
      w.bytes(e.defaultBytes);
      strVec(w, e.docs);
    }
  }
  optTy(pr.calls);
  optTy(pr.event);
  w.compact(pr.constants.length);
  for (const c of pr.constants) { w.str(c.name); w.compact(id(c.ty)); w.bytes(c.value); strVec(w, c.docs); }
  optTy(pr.error);
  w.u8(pr.pallet.index);
  if (version === 15) strVec(w, pr.pallet.decl.docs ?? []);
}

/** Builds RuntimeMetadataPrefixed bytes ("meta" ++ version ++ body) for metadata V14 or V15. */
export function buildMetadata(opts: BuildMetadataOptions): Uint8Array {
  const { runtime, version } = opts;
  if (version !== 14 && version !== 15) throw new Error(`unsupported metadata version ${version}`);
  const reg = new PortableRegistryBuilder();
  const address = opts.address ?? MultiAddress;
  const signature = opts.signature ?? MultiSignature;
  const extra = extraTuple(opts.extensions);
  const unchecked = uncheckedExtrinsicType(address, runtime.RuntimeCall, signature, extra);
  reg.substitute(UNCHECKED_EXTRINSIC_PATH, unchecked);
  const pallets = [...runtime.byIndex.values()].sort((a, b) => a.index - b.index);
  const palletRefs = pallets.map(p => collectPallet(reg, p));

  const uncheckedRef = reg.add(unchecked);
  const addressRef = reg.add(address);
  const callRef = reg.add(runtime.RuntimeCall);
  const signatureRef = reg.add(signature);
  const extraRef = reg.add(extra);
  const extRefs = opts.extensions.map(e => ({ identifier: e.identifier, ty: reg.add(e.extra), additional: reg.add(e.additional) }));
  const runtimeRef = reg.add(RuntimeType);

  const apis = version === 15 ? opts.apis.filter(a => !a.hiddenFromMetadata).map(api => ({
    api,
    methods: api.methods.map(m => ({ m, inputs: m.inputs.map(i => ({ name: i.name, ty: reg.add(i.type) })), output: reg.add(m.output) })),
  })) : [];
  const eventRef = reg.add(runtime.RuntimeEvent);
  const errorRef = reg.add(runtime.RuntimeError);

  reg.finalize();
  const id = (r: TypeRef) => reg.id(r);
  const w = new Writer(1 << 16);
  w.raw(METADATA_MAGIC);
  w.u8(version);
  reg.encodeTo(w);
  w.compact(palletRefs.length);
  for (const pr of palletRefs) encodePallet(w, reg, pr, version);

  const encodeExtensions = () => {
    w.compact(extRefs.length);
    for (const e of extRefs) { w.str(e.identifier); w.compact(id(e.ty)); w.compact(id(e.additional)); }
  };
  if (version === 14) {
    // ExtrinsicMetadataV14 { ty, version, signed_extensions }
    w.compact(id(uncheckedRef));
    w.u8(4);
    encodeExtensions();
    w.compact(id(runtimeRef));
  } else {
    // ExtrinsicMetadataV15 { version, address_ty, call_ty, signature_ty, extra_ty, signed_extensions }
    w.u8(4);
    w.compact(id(addressRef));
    w.compact(id(callRef));
    w.compact(id(signatureRef));
    w.compact(id(extraRef));
    encodeExtensions();
    w.compact(id(runtimeRef));
    w.compact(apis.length);
    for (const { api, methods } of apis) {
      w.str(api.name);
      w.compact(methods.length);
      for (const { m, inputs, output } of methods) {
        w.str(m.name);
        w.compact(inputs.length);
        for (const i of inputs) { w.str(i.name); w.compact(id(i.ty)); }
        w.compact(id(output));
        strVec(w, m.docs ?? []);
      }
      strVec(w, api.docs ?? []);
    }
    // OuterEnums { call_enum_ty, event_enum_ty, error_enum_ty }
    w.compact(id(callRef));
    w.compact(id(eventRef));
    w.compact(id(errorRef));
    // CustomMetadata { map: BTreeMap<String, CustomValueMetadata> }: empty.
    w.compact(0);
  }
  return w.finish();
}
