// Diff of our metadata against real subtensor metadata (the spec-343 V15 blob in test/fixtures/, see its README).
// Both sides are decoded with polkadot-api's metadata codec, then compared item by item for the pallets both have:
// pallet indices, call indices and argument names, storage names, modifiers and hashers, event/error variant
// indices and field names, constants, runtime API methods and the extension list.
//
// `failures` are contradictions for items we declare (same name, different index / args / hashers / fields);
// `notes` are everything else a human may want to see (items only one side has, which is expected across eras
// (spec 343 vs 425), and encoding-shape differences of types).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { papiBindings } from './papi.ts';
import { REAL_METADATA_V15_PATH } from '../fixtures/paths.ts';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const REAL_BLOB_PATH = REAL_METADATA_V15_PATH;

/** The real V15 metadata bytes (the file holds an Option<OpaqueMetadata>: 0x01 ++ compact length ++ metadata). */
export function readRealMetadata(): Uint8Array {
  const hex = readFileSync(REAL_BLOB_PATH, 'utf8').trim();
  return Uint8Array.from(Buffer.from(hex.slice(12), 'hex'));
}

export interface MetadataDiff {
  failures: string[];
  notes: string[];
  /** Type-shape differences (encoding-relevant), listed separately because they need a closer look. */
  shapes: string[];
}

type Lookup = any[];

/**
 * Contradictions with the spec-343 blob that are changes made since then, checked against subtensor HEAD
 * (14bc6f9, spec 425, pallets/subtensor/src/macros/events.rs). They are reported as notes, not failures.
 */
export const ERA_CHANGES: { match: string; why: string }[] = [
  { match: 'SubtensorModule.ColdkeySwapped: event fields (old_coldkey, new_coldkey), real (old_coldkey, new_coldkey, swap_cost)', why: 'HEAD dropped swap_cost' },
  { match: 'SubtensorModule.BatchWeightItemFailed: event fields (_, _), real (_)', why: 'HEAD is BatchWeightItemFailed(NetUid, DispatchError)' },
];

/** Encoding shape of a type: newtypes are transparent, composites keep field names, big enums are named. */
function shapeOf(lookup: Lookup, id: number, depth = 0, stack: number[] = []): string {
  const ty = lookup[id];
  const name = ty.path.join('::');
  // Recursion (or absurd depth) ends in the type's path, or an ellipsis for anonymous types: the same on both sides.
  if (stack.includes(id) || depth > 24) return name || '…';
  const next = (x: number) => shapeOf(lookup, x, depth + 1, [...stack, id]);
  const def = ty.def;
  switch (def.tag) {
    case 'primitive': return def.value.tag;
    case 'compact': return `Compact<${next(def.value)}>`;
    case 'sequence': return `Vec<${next(def.value)}>`;
    case 'array': return `[${next(def.value.type)}; ${def.value.len}]`;
    case 'tuple': return def.value.length === 1 ? next(def.value[0]) : `(${def.value.map(next).join(', ')})`;
    case 'bitSequence': return 'BitVec';
    case 'composite': {
      const fields = def.value;
      if (fields.length === 0) return '()';
      if (fields.length === 1) return next(fields[0].type);
      if (fields.every((f: any) => f.name)) return `{ ${fields.map((f: any) => `${f.name}: ${next(f.type)}`).join(', ')} }`;
      return `(${fields.map((f: any) => next(f.type)).join(', ')})`;
    }
    case 'variant': {
      if (name === 'Option') return `Option<${next(ty.params[0].type)}>`;
      if (name === 'Result') return `Result<${next(ty.params[0].type)}, ${next(ty.params[1].type)}>`;
      if (/Runtime(Call|Event|Error)$/.test(name) || def.value.length > 16) return name;
      const vs = [...def.value].sort((a: any, b: any) => a.index - b.index).map((v: any) => {
        const fs = v.fields.length === 0 ? '' : v.fields.every((f: any) => f.name)
          ? `{ ${v.fields.map((f: any) => `${f.name}: ${next(f.type)}`).join(', ')} }`
          : `(${v.fields.map((f: any) => next(f.type)).join(', ')})`;
        return `${v.name}@${v.index}${fs}`;
      });
      return `enum { ${vs.join(' | ')} }`;
    }
  }
  return `#${id}`;
}

const variantsOf = (lookup: Lookup, id: number | undefined): any[] => (id === undefined ? [] : lookup[id].def.value);
const hashersOf = (item: any): string[] => (item.type.tag === 'map' ? item.type.value.hashers.map((h: any) => h.tag) : []);
const fieldNames = (v: any): string[] => v.fields.map((f: any) => f.name ?? '_');
const eqList = (a: unknown[], b: unknown[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const hex = (b: Uint8Array | string) => (typeof b === 'string' ? b : '0x' + Buffer.from(b).toString('hex'));

/** Positions of one longest strictly increasing subsequence of `xs`. */
function longestIncreasing(xs: number[]): Set<number> {
  const len = xs.map(() => 1);
  const prev = xs.map(() => -1);
  for (let i = 0; i < xs.length; i++) {
    for (let j = 0; j < i; j++) if (xs[j] < xs[i] && len[j] + 1 > len[i]) { len[i] = len[j] + 1; prev[i] = j; }
  }
  let best = -1;
  for (let i = 0; i < xs.length; i++) if (best < 0 || len[i] > len[best]) best = i;
  const out = new Set<number>();
  for (let i = best; i >= 0; i = prev[i]) out.add(i);
  return out;
}

function keyTypes(lookup: Lookup, item: any): number[] {
  if (item.type.tag !== 'map') return [];
  const { key, hashers } = item.type.value;
  if (hashers.length === 1) return [key];
  const def = lookup[key].def;
  return def.tag === 'tuple' ? def.value : [key];
}

/** Compares our metadata with the real one for the pallets both have (and the API and extension sections). */
export async function diffMetadata(oursBytes: Uint8Array, realBytes: Uint8Array): Promise<MetadataDiff> {
  const b = await papiBindings();
  const ours = b.unifyMetadata(b.metadata.dec(oursBytes));
  const real = b.unifyMetadata(b.metadata.dec(realBytes));
  const failures: string[] = [];
  const notes: string[] = [];
  const shapes: string[] = [];
  const oShape = (id: number) => shapeOf(ours.lookup, id);
  const rShape = (id: number) => shapeOf(real.lookup, id);
  const compareShape = (what: string, o: number, r: number) => {
    const so = oShape(o); const sr = rShape(r);
    if (so !== sr) shapes.push(`${what}: ours ${so}  ≠  real ${sr}`);
  };

  const realByName = new Map<string, any>(real.pallets.map((p: any) => [p.name, p]));
  for (const op of ours.pallets) {
    const rp = realByName.get(op.name);
    if (!rp) { notes.push(`pallet ${op.name} (index ${op.index}) is not in the real metadata`); continue; }
    const P = op.name;
    if (op.index !== rp.index) failures.push(`${P}: pallet index ${op.index}, real ${rp.index}`);

    // Calls
    const oCalls = variantsOf(ours.lookup, op.calls?.type);
    const rCalls = new Map<string, any>(variantsOf(real.lookup, rp.calls?.type).map((v: any) => [v.name, v]));
    for (const c of oCalls) {
      const r = rCalls.get(c.name);
      if (!r) { notes.push(`${P}.${c.name} (call ${c.index}) is not in the real metadata`); continue; }
      if (c.index !== r.index) failures.push(`${P}.${c.name}: call index ${c.index}, real ${r.index}`);
      if (!eqList(fieldNames(c), fieldNames(r))) failures.push(`${P}.${c.name}: args (${fieldNames(c).join(', ')}), real (${fieldNames(r).join(', ')})`);
      else c.fields.forEach((f: any, i: number) => compareShape(`${P}.${c.name}(${f.name})`, f.type, r.fields[i].type));
    }
    const oCallNames = new Set(oCalls.map((c: any) => c.name));
    const missingCalls = [...rCalls.values()].filter(r => !oCallNames.has(r.name)).map(r => `${r.name}@${r.index}`);
    if (missingCalls.length) notes.push(`${P}: ${missingCalls.length} real calls not declared: ${missingCalls.join(', ')}`);

    // Events and errors
    for (const [kind, oId, rId] of [['event', op.events?.type, rp.events?.type], ['error', op.errors?.type, rp.errors?.type]] as const) {
      const oVs = variantsOf(ours.lookup, oId);
      const rVs = new Map<string, any>(variantsOf(real.lookup, rId).map((v: any) => [v.name, v]));
      // Event/error indices are declaration positions: variants added or removed between eras shift the ones
      // after them. A shift that keeps the real relative order is an era difference (noted); a variant out of
      // the real order is a failure.
      const common = [...oVs].sort((a: any, b: any) => a.index - b.index).filter((v: any) => rVs.has(v.name));
      const inOrder = longestIncreasing(common.map((v: any) => rVs.get(v.name).index));
      const shifted: string[] = [];
      common.forEach((v: any, i: number) => {
        const r = rVs.get(v.name);
        if (!inOrder.has(i)) failures.push(`${P}.${v.name}: ${kind} index ${v.index}, real ${r.index} (out of the real order)`);
        else if (v.index !== r.index) shifted.push(`${v.name} ${v.index}→real ${r.index}`);
      });
      if (shifted.length) notes.push(`${P}: ${shifted.length} ${kind} indices shifted, real order kept (variants added/removed since spec 343): ${shifted.join(', ')}`);
      for (const v of oVs) {
        const r = rVs.get(v.name);
        if (!r) { notes.push(`${P}.${v.name} (${kind} ${v.index}) is not in the real metadata`); continue; }
        if (kind === 'event') {
          if (!eqList(fieldNames(v), fieldNames(r))) failures.push(`${P}.${v.name}: event fields (${fieldNames(v).join(', ')}), real (${fieldNames(r).join(', ')})`);
          else v.fields.forEach((f: any, i: number) => compareShape(`${P}.${v.name} event field ${f.name ?? i}`, f.type, r.fields[i].type));
        }
      }
      const oNames = new Set(oVs.map((v: any) => v.name));
      const missing = [...rVs.values()].filter(r => !oNames.has(r.name)).map(r => `${r.name}@${r.index}`);
      if (missing.length) notes.push(`${P}: ${missing.length} real ${kind}s not declared: ${missing.join(', ')}`);
    }

    // Storage
    const rItems = new Map<string, any>((rp.storage?.items ?? []).map((i: any) => [i.name, i]));
    if (op.storage && rp.storage && op.storage.prefix !== rp.storage.prefix) failures.push(`${P}: storage prefix ${op.storage.prefix}, real ${rp.storage.prefix}`);
    for (const item of op.storage?.items ?? []) {
      const r = rItems.get(item.name);
      if (!r) { notes.push(`${P}.${item.name} (storage) is not in the real metadata`); continue; }
      const S = `${P}.${item.name}`;
      if (item.type.tag !== r.type.tag) { failures.push(`${S}: storage kind ${item.type.tag}, real ${r.type.tag}`); continue; }
      if (!eqList(hashersOf(item), hashersOf(r))) failures.push(`${S}: hashers [${hashersOf(item).join(', ')}], real [${hashersOf(r).join(', ')}]`);
      if (item.modifier !== r.modifier) notes.push(`${S}: ${item.modifier === 0 ? 'OptionQuery' : 'ValueQuery'}, real ${r.modifier === 0 ? 'OptionQuery' : 'ValueQuery'}`);
      const ok = keyTypes(ours.lookup, item); const rk = keyTypes(real.lookup, r);
      if (ok.length === rk.length) ok.forEach((k, i) => compareShape(`${S} key ${i}`, k, rk[i]));
      const ov = item.type.tag === 'map' ? item.type.value.value : item.type.value;
      const rv = r.type.tag === 'map' ? r.type.value.value : r.type.value;
      compareShape(`${S} value`, ov, rv);
      if (item.modifier === 1 && r.modifier === 1 && oShape(ov) === rShape(rv) && hex(item.fallback) !== hex(r.fallback)) {
        notes.push(`${S}: default ${hex(item.fallback)}, real ${hex(r.fallback)}`);
      }
    }
    const oItems = new Set((op.storage?.items ?? []).map((i: any) => i.name));
    const missingItems = [...rItems.keys()].filter(n => !oItems.has(n));
    if (missingItems.length) notes.push(`${P}: ${missingItems.length} real storage items not declared: ${missingItems.join(', ')}`);

    // Constants
    const rConsts = new Map<string, any>(rp.constants.map((c: any) => [c.name, c]));
    for (const c of op.constants) {
      const r = rConsts.get(c.name);
      if (!r) { notes.push(`${P}.${c.name} (constant) is not in the real metadata`); continue; }
      compareShape(`${P}.${c.name} constant`, c.type, r.type);
      if (oShape(c.type) === rShape(r.type) && hex(c.value) !== hex(r.value)) notes.push(`${P}.${c.name}: constant ${hex(c.value)}, real ${hex(r.value)}`);
    }
    const missingConsts = [...rConsts.keys()].filter(n => !op.constants.some((c: any) => c.name === n));
    if (missingConsts.length) notes.push(`${P}: ${missingConsts.length} real constants not declared: ${missingConsts.join(', ')}`);
  }
  const ourNames = new Set(ours.pallets.map((p: any) => p.name));
  for (const rp of real.pallets) if (!ourNames.has(rp.name)) notes.push(`real pallet ${rp.name} (index ${rp.index}) is not in ours`);

  // Runtime APIs
  const rApis = new Map<string, any>(real.apis.map((a: any) => [a.name, a]));
  for (const api of ours.apis) {
    const ra = rApis.get(api.name);
    if (!ra) { notes.push(`runtime API ${api.name} is not in the real metadata`); continue; }
    const rMethods = new Map<string, any>(ra.methods.map((m: any) => [m.name, m]));
    for (const m of api.methods) {
      const rm = rMethods.get(m.name);
      const A = `${api.name}_${m.name}`;
      if (!rm) { notes.push(`${A} is not in the real metadata`); continue; }
      const on = m.inputs.map((i: any) => i.name); const rn = rm.inputs.map((i: any) => i.name);
      if (!eqList(on, rn)) failures.push(`${A}: inputs (${on.join(', ')}), real (${rn.join(', ')})`);
      else m.inputs.forEach((i: any, k: number) => compareShape(`${A}(${i.name})`, i.type, rm.inputs[k].type));
      compareShape(`${A} output`, m.output, rm.output);
    }
    const missing = ra.methods.filter((m: any) => !api.methods.some((x: any) => x.name === m.name)).map((m: any) => m.name);
    if (missing.length) notes.push(`${api.name}: real methods not declared: ${missing.join(', ')}`);
  }
  const ourApis = new Set(ours.apis.map((a: any) => a.name));
  for (const ra of real.apis) if (!ourApis.has(ra.name)) notes.push(`real runtime API ${ra.name} is not in ours`);

  // Extensions (the real blob is spec 343: 11 extensions; HEAD has 13)
  const oExt = ours.extrinsic.signedExtensions[0].map((e: any) => e.identifier);
  const rExt = real.extrinsic.signedExtensions[0].map((e: any) => e.identifier);
  if (!eqList(oExt, rExt)) notes.push(`extensions: ours [${oExt.join(', ')}], real spec 343 [${rExt.join(', ')}]`);
  for (const e of ours.extrinsic.signedExtensions[0]) {
    const r = real.extrinsic.signedExtensions[0].find((x: any) => x.identifier === e.identifier);
    if (!r) continue;
    compareShape(`extension ${e.identifier} extra`, e.type, r.type);
    compareShape(`extension ${e.identifier} additional`, e.additionalSigned, r.additionalSigned);
  }
  const eraKnown = failures.filter(f => ERA_CHANGES.some(e => e.match === f));
  for (const f of eraKnown) notes.push(`${f} — era change since spec 343: ${ERA_CHANGES.find(e => e.match === f)!.why}`);
  return { failures: failures.filter(f => !eraKnown.includes(f)), notes, shapes };
}

export function formatDiff(d: MetadataDiff): string {
  const section = (title: string, xs: string[]) => `${title} (${xs.length})\n${xs.map(x => `  - ${x}`).join('\n')}`;
  return [section('FAILURES: items we declare that contradict the real metadata', d.failures),
    section('TYPE SHAPES: encoding differs from the real type', d.shapes),
    section('NOTES: present on one side only, defaults, constants, extensions', d.notes)].join('\n\n');
}
