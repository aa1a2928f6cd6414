// Loading of shared/vectors/subtensor-tests.json for the epoch tests. Integers with 16 or more
// digits (u64 values beyond 2^53) are turned into strings before JSON.parse so they survive
// exactly; use `big()` to read any integer field.

import { readFileSync } from 'node:fs';
import { I32F32, I64F64, checkedDiv, fromF32, fromF64 } from '../../runtime/pallets/subtensor/epoch/fixed.ts';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SUBTENSOR_VECTORS_PATH } from '../fixtures/paths.ts';

export interface VectorGroup {
  id: string;
  function: string;
  kind?: string;
  tolerance: number | string;
  comparison: string;
  literal_types?: Record<string, string>;
  cases?: any[];
  setup?: any;
  epochs?: any[];
  steps?: any[];
  [key: string]: unknown;
}

export interface VectorsFile {
  schema: string;
  conventions: Record<string, string>;
  vectors: VectorGroup[];
}

export const VECTORS_PATH = SUBTENSOR_VECTORS_PATH;

export function loadVectors(): VectorsFile {
  const text = readFileSync(VECTORS_PATH, 'utf8');
  const safe = text.replace(/(?<=[:\[,\s])(-?\d{16,})(?=\s*[,\]\}])/g, '"$1"');
  return JSON.parse(safe) as VectorsFile;
}

export function big(x: unknown): bigint {
  if (typeof x === 'bigint') return x;
  if (typeof x === 'number') {
    if (!Number.isInteger(x)) throw new Error(`not an integer: ${x}`);
    return BigInt(x);
  }
  if (typeof x === 'string' && /^-?\d+$/.test(x)) return BigInt(x);
  throw new Error(`not an integer: ${String(x)}`);
}

export function group(file: VectorsFile, id: string): VectorGroup {
  const g = file.vectors.find((v) => v.id === id);
  if (g === undefined) throw new Error(`vector group ${id} missing`);
  return g;
}

/** Converts one literal of the file into a raw fixed-point value. */
export type LiteralConverter = (x: unknown) => bigint;

/**
 * Literal conversion as the file's `conventions` say: 'f32' literals go through Math.fround first, 'f64' ones do
 * not, both rounded to nearest / ties to even into I32F32 (I64F64 when the kind names it); 'I32F32_MAX/MIN' are the
 * extremes and 'a/b' is the truncated I32F32 quotient fixed(a) / fixed(b).
 */
export function literalConverter(kind: string): LiteralConverter {
  const isF32 = kind.startsWith('f32');
  const into = kind.includes('I64F64') ? I64F64 : I32F32;
  const conv: LiteralConverter = (x) => {
    if (x === 'I32F32_MAX') return I32F32.max;
    if (x === 'I32F32_MIN') return I32F32.min;
    if (typeof x === 'string') {
      const m = /^(-?[\d.]+)\/(-?[\d.]+)$/.exec(x);
      if (m === null) throw new Error(`unknown literal ${x}`);
      const q = checkedDiv(into, conv(Number(m[1])), conv(Number(m[2])));
      if (q === null) throw new Error(`bad quotient literal ${x}`);
      return q;
    }
    if (typeof x !== 'number') throw new Error(`not a literal: ${String(x)}`);
    return isF32 ? fromF32(into, x) : fromF64(into, x);
  };
  return conv;
}

/** Converter for field `key` of group `g` according to its literal_types. */
export function literalFor(g: VectorGroup, key: string): LiteralConverter {
  const lt = g.literal_types ?? {};
  return literalConverter(lt[key] ?? lt.all ?? 'f32');
}
