// Input checks of the epoch's library entry points (runEpoch, runEpochFlat), run before either implementation so
// the TypeScript reference and the WASM module refuse exactly the same inputs with the same typed error. The pallet
// always passes well-formed input (distribute_emission.ts pads storage vectors to n); these guard other callers.
import type { EpochInput } from './types.ts';
import type { CsrU16, EpochInputFlat } from './flat.ts';

/** A malformed epoch input: `field` names the offending field (e.g. `alphaStake[3]`). */
export class EpochInputError extends RangeError {
  constructor(readonly field: string, problem: string) {
    super(`epoch input ${field}: ${problem}`);
    this.name = 'EpochInputError';
  }
}

const U64_LIMIT = 1n << 64n;

const isU64 = (v: unknown): boolean => typeof v === 'bigint' && v >= 0n && v < U64_LIMIT;
// (v & 0xffff) === v holds for integers 0..65535 only (fractions, negatives, NaN and non-numbers fail).
const isU16 = (v: unknown): boolean => typeof v === 'number' && (v & 0xffff) === v;

function uint(field: string, v: unknown, max: number): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max) {
    throw new EpochInputError(field, `expected an integer in [0, ${max}], got ${String(v)}`);
  }
}

function u64(field: string, v: unknown): void {
  if (typeof v !== 'bigint' || v < 0n || v >= U64_LIMIT) throw new EpochInputError(field, `expected a u64 bigint, got ${String(v)}`);
}

function bool(field: string, v: unknown): void {
  if (typeof v !== 'boolean') throw new EpochInputError(field, `expected a boolean, got ${String(v)}`);
}

function length(field: string, v: { length: number } | undefined | null, need: number): void {
  if (v === undefined || v === null || typeof v.length !== 'number') throw new EpochInputError(field, 'missing');
  if (v.length !== need) throw new EpochInputError(field, `has ${v.length} entries, expected ${need}`);
}

function scalars(input: EpochInput | EpochInputFlat): void {
  uint('n', input.n, 0xffff);
  u64('block', input.block);
  uint('tempo', input.tempo, 0xffff);
  u64('activityCutoff', input.activityCutoff);
  u64('taoWeight', input.taoWeight);
  u64('stakeThreshold', input.stakeThreshold);
  if (input.ownerUid !== null) uint('ownerUid', input.ownerUid, 0xffff);
  uint('maxAllowedValidators', input.maxAllowedValidators, 0xffff);
  uint('kappa', input.kappa, 0xffff);
  uint('bondsPenalty', input.bondsPenalty, 0xffff);
  u64('bondsMovingAverage', input.bondsMovingAverage);
  bool('yuma3', input.yuma3);
  bool('liquidAlpha', input.liquidAlpha);
  uint('alphaLow', input.alphaLow, 0xffff);
  uint('alphaHigh', input.alphaHigh, 0xffff);
  const s = input.alphaSigmoidSteepness;
  if (typeof s !== 'number' || !Number.isInteger(s) || s < -0x8000 || s > 0x7fff) {
    throw new EpochInputError('alphaSigmoidSteepness', `expected an i16, got ${String(s)}`);
  }
  bool('commitRevealEnabled', input.commitRevealEnabled);
  u64('lastMechanismStepBlock', input.lastMechanismStepBlock);
  u64('emission', input.emission);
}

/** Throws EpochInputError unless `input` is a well-formed EpochInput (types.ts). */
export function validateEpochInput(input: EpochInput): void {
  if (input === null || typeof input !== 'object') throw new EpochInputError('input', 'expected an object');
  scalars(input);
  const n = input.n;
  // The loops test first and name the field only on failure (they run over every matrix cell).
  for (const f of ['lastUpdate', 'blockAtRegistration', 'alphaStake', 'rootStake'] as const) {
    const v = input[f];
    length(f, v, n);
    for (let i = 0; i < n; i++) if (!isU64(v[i])) u64(`${f}[${i}]`, v[i]);
  }
  length('validatorPermit', input.validatorPermit, n);
  for (let i = 0; i < n; i++) if (typeof input.validatorPermit[i] !== 'boolean') bool(`validatorPermit[${i}]`, input.validatorPermit[i]);
  length('firstLiveCommitBlock', input.firstLiveCommitBlock, n);
  for (let i = 0; i < n; i++) {
    const c = input.firstLiveCommitBlock[i];
    if (c !== null && !isU64(c)) u64(`firstLiveCommitBlock[${i}]`, c);
  }
  for (const f of ['weights', 'bonds'] as const) {
    const rows = input[f];
    length(f, rows, n);
    for (let i = 0; i < n; i++) {
      const row = rows[i];
      if (!Array.isArray(row)) throw new EpochInputError(`${f}[${i}]`, 'expected an array of [column, value] pairs');
      for (let k = 0; k < row.length; k++) {
        const cell = row[k];
        if (!Array.isArray(cell) || cell.length !== 2) throw new EpochInputError(`${f}[${i}][${k}]`, 'expected a [column, value] pair');
        if (!isU16(cell[0])) uint(`${f}[${i}][${k}] column`, cell[0], 0xffff);
        if (!isU16(cell[1])) uint(`${f}[${i}][${k}] value`, cell[1], 0xffff);
      }
    }
  }
}

function csr(field: string, m: CsrU16 | undefined, n: number): void {
  if (!m || !(m.rowPtr instanceof Uint32Array) || !(m.cols instanceof Uint16Array) || !(m.vals instanceof Uint16Array)) {
    throw new EpochInputError(field, 'expected { rowPtr: Uint32Array, cols: Uint16Array, vals: Uint16Array }');
  }
  length(`${field}.rowPtr`, m.rowPtr, n + 1);
  if (m.rowPtr[0] !== 0) throw new EpochInputError(`${field}.rowPtr[0]`, 'must be 0');
  for (let i = 0; i < n; i++) {
    if (m.rowPtr[i + 1] < m.rowPtr[i]) throw new EpochInputError(`${field}.rowPtr[${i + 1}]`, 'decreases');
  }
  length(`${field}.cols`, m.cols, m.rowPtr[n]);
  length(`${field}.vals`, m.vals, m.rowPtr[n]);
}

/** Throws EpochInputError unless `input` is a well-formed EpochInputFlat (flat.ts): typed arrays of exactly n. */
export function validateEpochInputFlat(input: EpochInputFlat): void {
  if (input === null || typeof input !== 'object') throw new EpochInputError('input', 'expected an object');
  scalars(input);
  const n = input.n;
  for (const f of ['lastUpdate', 'blockAtRegistration', 'alphaStake', 'rootStake', 'firstLiveCommitBlock'] as const) {
    if (!(input[f] instanceof BigUint64Array)) throw new EpochInputError(f, 'expected a BigUint64Array');
    length(f, input[f], n);
  }
  if (!(input.validatorPermit instanceof Uint8Array)) throw new EpochInputError('validatorPermit', 'expected a Uint8Array');
  length('validatorPermit', input.validatorPermit, n);
  for (let i = 0; i < n; i++) if (input.validatorPermit[i] > 1) throw new EpochInputError(`validatorPermit[${i}]`, 'expected 0 or 1');
  csr('weights', input.weights, n);
  csr('bonds', input.bonds, n);
}

// Σ alpha + Σ root below 2^63 rao bounds every combined stake (alpha + tao_weight · root, tao_weight ≤ 1) and their
// sum below I64F64's integer range: no stake saturates and the stake sum does not wrap. Above it, subtensor's
// arithmetic (saturating_from_num per stake, a wrapping I64F64 sum, safe_div) is reproduced by the reference only.
const STAKE_SUM_LIMIT = 1n << 63n;

export function stakeMayOverflow(alphaStake: ArrayLike<bigint>, rootStake: ArrayLike<bigint>, n: number): boolean {
  let total = 0n;
  for (let i = 0; i < n; i++) {
    total += alphaStake[i] + rootStake[i];
    if (total >= STAKE_SUM_LIMIT) return true;
  }
  return false;
}
