// The Bittensor SDK's Synapse on the wire (bittensor/core/synapse.py): a pydantic model sent as JSON (model_dump),
// with its TerminalInfo halves and sizes repeated in headers (`name`, `timeout`, `bt_header_axon_*`,
// `bt_header_dendrite_*`, `bt_header_input_obj_*`, `header_size`, `total_size`, `computed_body_hash`), and a body hash
// sha3_256(‖ sha3_256(str(field)) for the required hash fields) — `str` being Python's, so the hash depends on how
// Python prints a value (5.0 vs 5, 'a' in a list, 1e-05). Field types make that printing exact.
import { sha3_256 } from '@noble/hashes/sha3.js';

/** bittensor 10.2.0's version_as_int (10·1000² + 2·1000 + 0); ≥ 7.2.0 selects the SDK's newer nonce rules. */
export const SDK_VERSION_AS_INT = 10_002_000;
export const V_7_2_0 = 7_002_000;

/** TerminalInfo, fields in pydantic declaration order (the order of headers and of the JSON body). */
export interface TerminalInfo {
  status_code?: number | null; status_message?: string | null; process_time?: number | null; ip?: string | null;
  port?: number | null; version?: number | null; nonce?: bigint | null; uuid?: string | null; hotkey?: string | null;
  signature?: string | null;
}
const TERMINAL_FIELDS = ['status_code', 'status_message', 'process_time', 'ip', 'port', 'version', 'nonce', 'uuid', 'hotkey', 'signature'] as const;
const TERMINAL_TYPES: Record<string, FieldType> = {
  status_code: 'int', status_message: 'str', process_time: 'float', ip: 'str', port: 'int', version: 'int', nonce: 'int',
  uuid: 'str', hotkey: 'str', signature: 'str',
};

export type FieldType = 'str' | 'int' | 'float' | 'bool' | 'str[]' | 'int[]' | 'float[]' | 'float[][]' | 'int[][]';
export interface FieldSpec { type: FieldType; default: unknown; optional?: boolean }

/** A synapse class: its name (the route), its own fields, and `required_hash_fields`. */
export interface SynapseType {
  name: string;
  fields: Record<string, FieldSpec>;
  hashFields: readonly string[];
}

export interface Synapse {
  name: string; timeout: number; total_size: number; header_size: number;
  dendrite: TerminalInfo; axon: TerminalInfo; computed_body_hash: string;
  [field: string]: unknown;
}

export function defineSynapse(t: SynapseType): SynapseType { return t; }

/** The base Synapse (the axon's default `ping` route). */
export const BaseSynapse = defineSynapse({ name: 'Synapse', fields: {}, hashFields: [] });

export function newSynapse(type: SynapseType, values: Record<string, unknown> = {}): Synapse {
  const s: Synapse = { name: type.name, timeout: 12.0, total_size: 0, header_size: 0, dendrite: {}, axon: {}, computed_body_hash: '' };
  for (const [k, f] of Object.entries(type.fields)) s[k] = structuredClone(f.default);
  for (const [k, v] of Object.entries(values)) s[k] = v;
  return s;
}

// ---------------------------------------------------------------------------------------------- Python printing

/** Python's repr(float): shortest round-trip digits, fixed notation for 1e-4 ≤ |x| < 1e16, else d.ddde±XX. */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mant, expStr] = x.toExponential().split('e');
  const exp = Number(expStr);
  if (exp < -4 || exp >= 16) return `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  let s: string;
  if (exp >= 0) s = digits.length > exp + 1 ? `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}` : `${digits.padEnd(exp + 1, '0')}.0`;
  else s = `0.${'0'.repeat(-exp - 1)}${digits}`;
  return (neg ? '-' : '') + s;
}

function pyStrRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  return q + s.replace(/\\/g, '\\\\').replace(new RegExp(q, 'g'), '\\' + q).replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r') + q;
}

function elemType(t: FieldType): FieldType { return t.slice(0, -2) as FieldType; }

/** Python's repr of a value of the given field type (inside containers). */
function pyRepr(v: unknown, t: FieldType): string {
  if (v === null || v === undefined) return 'None';
  if (t.endsWith('[]')) return '[' + (v as unknown[]).map(x => pyRepr(x, elemType(t))).join(', ') + ']';
  switch (t) {
    case 'str': return pyStrRepr(String(v));
    case 'float': return pyFloat(Number(v));
    case 'int': return String(typeof v === 'bigint' ? v : Math.trunc(Number(v)));
    case 'bool': return v ? 'True' : 'False';
  }
  return String(v);
}

/** Python's str(): like repr except a top-level string prints bare. */
export function pyStr(v: unknown, t: FieldType): string { return t === 'str' && v !== null && v !== undefined ? String(v) : pyRepr(v, t); }

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
/** bittensor.utils.get_hash: sha3_256 of the UTF-8 string, hex. */
export function getHash(s: string): string { return hex(sha3_256(new TextEncoder().encode(s))); }

export function bodyHash(type: SynapseType, syn: Synapse): string {
  return getHash(type.hashFields.map(f => getHash(pyStr(syn[f], type.fields[f].type))).join(''));
}

// ---------------------------------------------------------------------------------------------- JSON body

/** Values to JSON as pydantic's model_dump + json.dumps give them (floats keep a '.0'; nonce as an integer). */
function jsonValue(v: unknown, t: FieldType): string {
  if (v === null || v === undefined) return 'null';
  if (t.endsWith('[]')) return '[' + (v as unknown[]).map(x => jsonValue(x, elemType(t))).join(', ') + ']';
  switch (t) {
    case 'float': { const x = Number(v); return Number.isFinite(x) ? pyFloat(x) : (Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity'); }
    case 'int': return String(typeof v === 'bigint' ? v : Math.trunc(Number(v)));
    case 'bool': return v ? 'true' : 'false';
    default: return JSON.stringify(String(v));
  }
}

function terminalJson(ti: TerminalInfo): string {
  return '{' + TERMINAL_FIELDS.map(k => `"${k}": ${jsonValue(ti[k], TERMINAL_TYPES[k])}`).join(', ') + '}';
}

/** model_dump() serialised as aiohttp's json= does (json.dumps, default separators), fields in declaration order. */
export function toJson(type: SynapseType, syn: Synapse): string {
  const parts = [
    `"name": ${jsonValue(syn.name, 'str')}`, `"timeout": ${jsonValue(syn.timeout, 'float')}`,
    `"total_size": ${jsonValue(syn.total_size, 'int')}`, `"header_size": ${jsonValue(syn.header_size, 'int')}`,
    `"dendrite": ${terminalJson(syn.dendrite)}`, `"axon": ${terminalJson(syn.axon)}`,
    `"computed_body_hash": ${jsonValue(syn.computed_body_hash, 'str')}`,
  ];
  for (const [k, f] of Object.entries(type.fields)) parts.push(`${JSON.stringify(k)}: ${jsonValue(syn[k], f.type)}`);
  return '{' + parts.join(', ') + '}';
}

/** Parses a JSON number keeping integers beyond 2^53 (nonces) exact. */
function parseJsonBig(text: string): any {
  // Integers of 16+ digits are nonces (ns since the epoch); quote them before JSON.parse.
  return JSON.parse(text.replace(/([:\[,]\s*)(-?\d{16,})(?=\s*[,}\]])/g, '$1"$2"'));
}

function coerce(v: unknown, t: FieldType, optional: boolean): unknown {
  if (v === null || v === undefined) { if (optional) return null; throw new Error('missing value'); }
  if (t.endsWith('[]')) { if (!Array.isArray(v)) throw new Error(`expected a list, got ${typeof v}`); return v.map(x => coerce(x, elemType(t), false)); }
  switch (t) {
    case 'str': if (typeof v !== 'string') throw new Error('expected a string'); return v;
    case 'float': { const x = Number(v); if (typeof v === 'boolean' || Number.isNaN(x) && v !== 'NaN') throw new Error('expected a float'); return x; }
    case 'int': { if (typeof v === 'string' && /^-?\d+$/.test(v)) return v.length > 15 ? BigInt(v) : Number(v); if (typeof v !== 'number' || !Number.isInteger(v)) throw new Error('expected an int'); return v; }
    case 'bool': if (typeof v !== 'boolean') throw new Error('expected a bool'); return v;
  }
  return v;
}

function terminalFrom(obj: any): TerminalInfo {
  const ti: TerminalInfo = {};
  if (!obj || typeof obj !== 'object') return ti;
  for (const k of TERMINAL_FIELDS) {
    const v = obj[k];
    if (v === null || v === undefined) continue;
    if (k === 'nonce') ti.nonce = BigInt(String(v).split('.')[0]);
    else (ti as any)[k] = TERMINAL_TYPES[k] === 'str' ? String(v) : TERMINAL_TYPES[k] === 'int' ? Number.parseInt(String(v), 10) : Number(v);
  }
  return ti;
}

/** A synapse from its JSON body (the FastAPI endpoint's parse, pydantic-coerced by field type). Throws on bad input. */
export function fromJson(type: SynapseType, text: string): Synapse {
  const obj = parseJsonBig(text);
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw new Error('body is not a JSON object');
  const syn = newSynapse(type);
  if (obj.timeout !== undefined && obj.timeout !== null) syn.timeout = Number(obj.timeout);
  if (obj.total_size !== undefined && obj.total_size !== null) syn.total_size = Number(obj.total_size);
  if (obj.header_size !== undefined && obj.header_size !== null) syn.header_size = Number(obj.header_size);
  syn.dendrite = terminalFrom(obj.dendrite);
  syn.axon = terminalFrom(obj.axon);
  if (typeof obj.computed_body_hash === 'string') syn.computed_body_hash = obj.computed_body_hash;
  for (const [k, f] of Object.entries(type.fields)) {
    if (!(k in obj)) continue;
    try { syn[k] = coerce(obj[k], f.type, !!f.optional); } catch (e) { throw new Error(`field ${k}: ${(e as Error).message}`); }
  }
  return syn;
}

// ---------------------------------------------------------------------------------------------- headers

/** Python's str(v) of a TerminalInfo value in a header. */
function terminalHeaderValue(k: string, v: unknown): string {
  return TERMINAL_TYPES[k] === 'float' ? pyFloat(Number(v)) : String(v);
}

/**
 * Synapse.to_headers(): name, timeout, the non-None TerminalInfo fields, required fields as base64 JSON of their
 * type's empty value, header_size, total_size and computed_body_hash (= body_hash, recomputed).
 * header_size / total_size are Python object sizes (sys.getsizeof); no receiver checks them, we send byte counts.
 */
export function toHeaders(type: SynapseType, syn: Synapse): Record<string, string> {
  const h: Record<string, string> = { name: syn.name, timeout: pyFloat(syn.timeout) };
  for (const k of TERMINAL_FIELDS) { const v = syn.axon[k]; if (v !== null && v !== undefined) h[`bt_header_axon_${k}`] = terminalHeaderValue(k, v); }
  for (const k of TERMINAL_FIELDS) { const v = syn.dendrite[k]; if (v !== null && v !== undefined) h[`bt_header_dendrite_${k}`] = terminalHeaderValue(k, v); }
  for (const [k, f] of Object.entries(type.fields)) {
    if (f.optional || syn[k] === null || syn[k] === undefined) continue;
    if (f.default === undefined) h[`bt_header_input_obj_${k}`] = Buffer.from(JSON.stringify(emptyOf(f.type))).toString('base64');
  }
  h.header_size = String(Object.entries(h).reduce((n, [k, v]) => n + k.length + v.length, 0));
  h.total_size = String(syn.total_size || 0);
  h.computed_body_hash = bodyHash(type, syn);
  return h;
}

function emptyOf(t: FieldType): unknown {
  if (t.endsWith('[]')) return [];
  return t === 'str' ? '' : t === 'bool' ? false : t === 'float' ? 0.0 : 0;
}

/** Synapse.from_headers (parse_headers_to_inputs): header names are case-insensitive on HTTP, so keys are lowered. */
export function fromHeaders(type: SynapseType, headers: Record<string, string | string[] | undefined>): Synapse {
  const get = (k: string) => { const v = headers[k.toLowerCase()] ?? headers[k]; return Array.isArray(v) ? v[0] : v; };
  const syn = newSynapse(type);
  const axon: Record<string, string> = {}, dendrite: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const v = Array.isArray(value) ? value[0] : value, k = key.toLowerCase();
    if (k.startsWith('bt_header_axon_')) axon[k.slice('bt_header_axon_'.length)] = v;
    else if (k.startsWith('bt_header_dendrite_')) dendrite[k.slice('bt_header_dendrite_'.length)] = v;
  }
  syn.axon = terminalFrom(axon);
  syn.dendrite = terminalFrom(dendrite);
  const timeout = get('timeout');
  if (timeout !== undefined) { const t = Number(timeout); if (Number.isNaN(t)) throw new Error('timeout header is not a float'); syn.timeout = t; }
  syn.computed_body_hash = get('computed_body_hash') ?? '';
  return syn;
}
