// Loading of shared/vectors/subtensor-tests.json for the epoch tests. Integers with 16 or more
// digits (u64 values beyond 2^53) are turned into strings before JSON.parse so they survive
// exactly; use `big()` to read any integer field.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const VECTORS_PATH = path.resolve(repoRoot, '../shared/vectors/subtensor-tests.json');

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
