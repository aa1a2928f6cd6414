// Epoch math of subtensor HEAD (`pallets/subtensor/src/epoch/math.rs`) on I32F32 raw bigints.
// Each function reproduces the Rust edge-case behaviour (length mismatches, empty inputs, saturation)
// because the epoch's outputs are consensus-critical and compared bit for bit.

import {
  I32F32,
  I64F64,
  U16_MAX,
  convert,
  checkedMul,
  exp,
  fromF64,
  fromInt,
  max,
  min,
  neg,
  round,
  safeDiv,
  satAdd,
  satDiv,
  satMul,
  satSub,
  sum as fixedSum,
  toU16,
  toUint,
} from './fixed.ts';

/** A raw I32F32 value. */
export type Fx = bigint;
/** Sparse row: [column, value] pairs in ascending column order. */
export type SparseRow = Array<[number, Fx]>;
export type SparseMatrix = SparseRow[];
export type DenseMatrix = Fx[][];

const F = I32F32;
const ZERO = 0n;
const ONE = F.one;
const U16_MAX_FX = fromInt(F, U16_MAX);

// ---------- conversions ----------

export function sum(x: readonly Fx[]): Fx {
  return fixedSum(F, x);
}

export function fixedToU16(x: Fx): number {
  return toU16(F, x);
}

export function fixed64ToU64(x: bigint): bigint {
  return toUint(I64F64, x, 64n);
}

export function fixed64ToFixed32(x: bigint): Fx {
  return convert(I64F64, F, x);
}

export function u16ToFixed(x: number): Fx {
  return fromInt(F, x);
}

/** x / 65535 */
export function u16ProportionToFixed(x: number): Fx {
  return safeDiv(F, fromInt(F, x), U16_MAX_FX);
}

export function fixedToFixedU16Proportion(x: Fx): Fx {
  return safeDiv(F, x, U16_MAX_FX);
}

/** floor(x · 65535), saturating to u16. */
export function fixedProportionToU16(x: Fx): number {
  return fixedToU16(satMul(F, x, U16_MAX_FX));
}

// ---------- u16 helpers used by set_weights ----------

function maxOf(v: readonly Fx[]): Fx | undefined {
  let m: Fx | undefined;
  for (const x of v) if (m === undefined || x > m) m = x;
  return m;
}

/** Max-upscale so the largest entry becomes 65535 (rounded, half away from zero). */
export function vecMaxUpscaleToU16(vec: readonly Fx[]): number[] {
  const threshold = fromInt(F, 32768);
  const maxValue = maxOf(vec);
  if (maxValue === undefined) return []; // the Rust `None` branch only ever sees an empty vector
  if (maxValue === ZERO) return vec.map((e) => fixedToU16(satMul(F, e, U16_MAX_FX)));
  if (maxValue > threshold) {
    const ratio = safeDiv(F, U16_MAX_FX, maxValue);
    return vec.map((e) => fixedToU16(round(F, satMul(F, e, ratio))));
  }
  return vec.map((e) => fixedToU16(round(F, safeDiv(F, satMul(F, e, U16_MAX_FX), maxValue))));
}

export function vecU16MaxUpscaleToU16(vec: readonly number[]): number[] {
  return vecMaxUpscaleToU16(vec.map((e) => fromInt(F, e)));
}

/** True iff max(normalize(vec)) <= max_limit / 65535. */
export function checkVecMaxLimited(vec: readonly number[], maxLimit: number): boolean {
  const limit = safeDiv(F, fromInt(F, maxLimit), U16_MAX_FX);
  const normalized = normalize(vec.map((e) => fromInt(F, e)));
  const m = maxOf(normalized);
  return m === undefined || m <= limit;
}

// ---------- exp / sigmoid ----------

/** exp with the input clamped to [-20, 20]; Err maps to 0 (input <= 0) or I32F32::MAX. */
export function expSafe(input: Fx): Fx {
  const lo = fromInt(F, -20);
  const hi = fromInt(F, 20);
  const safeInput = input < lo ? lo : hi < input ? hi : input;
  const out = exp(F, safeInput);
  if (out !== null) return out;
  return safeInput <= ZERO ? ZERO : F.max;
}

/** 1 / (1 + exp_safe(−rho · (input − kappa))), all saturating (`sigmoid_safe`). */
export function sigmoidSafe(input: Fx, rho: Fx, kappa: Fx): Fx {
  const offset = satSub(F, input, kappa);
  const negRho = satMul(F, rho, neg(F, ONE));
  const expOutput = expSafe(satMul(F, negRho, offset));
  return safeDiv(F, ONE, satAdd(F, expOutput, ONE));
}

/** value.min(high).max(low) */
export function clampValue(value: Fx, low: Fx, high: Fx): Fx {
  return max(min(value, high), low);
}

// ---------- top-k ----------

function ascendingStableOrder(vector: readonly Fx[]): number[] {
  const idxs = vector.map((_, i) => i);
  // Array.prototype.sort is stable (ES2019+); ties keep index order like Rust's sort_by_key.
  idxs.sort((a, b) => (vector[a] < vector[b] ? -1 : vector[a] > vector[b] ? 1 : 0));
  return idxs;
}

export function isTopk(vector: readonly Fx[], k: number): boolean[] {
  const n = vector.length;
  const result = new Array<boolean>(n).fill(true);
  if (n < k) return result;
  const order = ascendingStableOrder(vector);
  for (const idx of order.slice(0, Math.max(0, n - k))) result[idx] = false;
  return result;
}

export function isTopkNonzero(vector: readonly Fx[], k: number): boolean[] {
  const n = vector.length;
  const result = vector.map((x) => x !== ZERO);
  if (n < k) return result;
  const order = ascendingStableOrder(vector);
  for (const idx of order.slice(0, Math.max(0, n - k))) result[idx] = false;
  return result;
}

// ---------- normalisation ----------

export function normalize(x: readonly Fx[]): Fx[] {
  const s = sum(x);
  if (s === ZERO) return x.slice();
  return x.map((xi) => safeDiv(F, xi, s));
}

export function inplaceNormalize(x: Fx[]): void {
  const s = sum(x);
  if (s === ZERO) return;
  for (let i = 0; i < x.length; i++) x[i] = safeDiv(F, x[i], s);
}

export function inplaceNormalizeUsingSum(x: Fx[], xSum: Fx): void {
  if (xSum === ZERO) return;
  for (let i = 0; i < x.length; i++) x[i] = safeDiv(F, x[i], xSum);
}

/** Normalise I64F64 raw values in place. */
export function inplaceNormalize64(x: bigint[]): void {
  const s = fixedSum(I64F64, x);
  if (s === 0n) return;
  for (let i = 0; i < x.length; i++) x[i] = safeDiv(I64F64, x[i], s);
}

/** x / y element-wise; missing or zero y gives 0. */
export function vecdiv(x: readonly Fx[], y: readonly Fx[]): Fx[] {
  return x.map((xi, i) => safeDiv(F, xi, y[i] ?? ZERO));
}

export function inplaceRowNormalize(x: DenseMatrix): void {
  for (const row of x) {
    const s = sum(row);
    if (s > ZERO) for (let j = 0; j < row.length; j++) row[j] = safeDiv(F, row[j], s);
  }
}

export function inplaceRowNormalizeSparse(m: SparseMatrix): void {
  for (const row of m) {
    const s = sum(row.map(([, v]) => v));
    if (s > ZERO) for (const cell of row) cell[1] = safeDiv(F, cell[1], s);
  }
}

export function rowSum(x: DenseMatrix): Fx[] {
  if (x.length > 0 && x[0].length === 0) return [];
  return x.map((row) => sum(row));
}

export function rowSumSparse(m: SparseMatrix): Fx[] {
  return m.map((row) => sum(row.map(([, v]) => v)));
}

export function inplaceColNormalizeSparse(m: SparseMatrix, columns: number): void {
  const colSum = new Array<Fx>(columns).fill(ZERO);
  for (const row of m) for (const [j, v] of row) if (j < columns) colSum[j] = satAdd(F, colSum[j], v);
  for (const row of m) {
    for (const cell of row) {
      const d = cell[0] < columns ? colSum[cell[0]] : ZERO;
      if (d !== ZERO) cell[1] = safeDiv(F, cell[1], d);
    }
  }
}

export function inplaceColNormalize(x: DenseMatrix): void {
  const colSums: Fx[] = [];
  for (const row of x) {
    while (colSums.length < row.length) colSums.push(ZERO);
    row.forEach((v, j) => (colSums[j] = satAdd(F, colSums[j], v)));
  }
  if (colSums.length === 0) return;
  for (const row of x) {
    for (let j = 0; j < row.length && j < colSums.length; j++) {
      if (colSums[j] !== ZERO) row[j] = safeDiv(F, row[j], colSums[j]);
    }
  }
}

export function inplaceColMaxUpscaleSparse(m: SparseMatrix, columns: number): void {
  const colMax = new Array<Fx>(columns).fill(ZERO);
  for (const row of m) for (const [j, v] of row) if (j < columns && colMax[j] < v) colMax[j] = v;
  for (const row of m) {
    for (const cell of row) {
      const mx = cell[0] < columns ? colMax[cell[0]] : ZERO;
      if (mx !== ZERO) cell[1] = safeDiv(F, cell[1], mx);
    }
  }
}

export function inplaceColMaxUpscale(x: DenseMatrix): void {
  const maxCols = x.reduce((m, r) => Math.max(m, r.length), 0);
  if (maxCols === 0) return;
  const colMax = new Array<Fx>(maxCols).fill(ZERO);
  for (const row of x) row.forEach((v, j) => { if (colMax[j] < v) colMax[j] = v; });
  for (const row of x) {
    for (let j = 0; j < row.length; j++) if (colMax[j] !== ZERO) row[j] = safeDiv(F, row[j], colMax[j]);
  }
}

// ---------- masks ----------

/** mask=true zeroes the entry; a mask shorter than the vector zeroes the rest (unless empty). */
export function inplaceMaskVector(mask: readonly boolean[], vector: Fx[]): void {
  if (mask.length === 0) return;
  for (let i = 0; i < vector.length; i++) if (mask[i] ?? true) vector[i] = ZERO;
}

export function inplaceMaskMatrix(mask: readonly boolean[][], matrix: DenseMatrix): void {
  if (mask.length === 0 || mask[0].length === 0) return;
  matrix.forEach((row, r) => {
    for (let c = 0; c < row.length; c++) if (mask[r]?.[c] ?? true) row[c] = ZERO;
  });
}

export function inplaceMaskRows(mask: readonly boolean[], matrix: DenseMatrix): void {
  if (matrix.length === 0) return;
  const cols = matrix[0].length;
  for (let r = 0; r < matrix.length; r++) {
    if (mask[r] ?? true) matrix[r] = new Array<Fx>(cols).fill(ZERO);
  }
}

export function inplaceMaskCols(mask: readonly boolean[], matrix: DenseMatrix): void {
  if (matrix.length === 0) return;
  for (const row of matrix) for (let c = 0; c < row.length; c++) if (mask[c] ?? true) row[c] = ZERO;
}

export function inplaceMaskDiag(matrix: DenseMatrix): void {
  if (matrix.length === 0 || matrix[0].length === 0) return;
  if (matrix.length !== matrix[0].length) return; // Rust logs and leaves non-square input alone
  matrix.forEach((row, i) => { if (i < row.length) row[i] = ZERO; });
}

export function inplaceMaskDiagExceptIndex(matrix: DenseMatrix, exceptIndex: number): void {
  if (matrix.length === 0 || matrix[0].length === 0) return;
  if (matrix.length !== matrix[0].length) return;
  const kept = matrix[exceptIndex]?.[exceptIndex];
  inplaceMaskDiag(matrix);
  if (kept !== undefined) matrix[exceptIndex][exceptIndex] = kept;
}

export function maskRowsSparse(mask: readonly boolean[], m: SparseMatrix): SparseMatrix {
  return m.map((row, i) => ((mask[i] ?? true) ? [] : cloneRow(row)));
}

export function maskDiagSparse(m: SparseMatrix): SparseMatrix {
  return m.map((row, i) => row.filter(([j]) => j !== i).map(([j, v]) => [j, v] as [number, Fx]));
}

export function maskDiagSparseExceptIndex(m: SparseMatrix, exceptIndex: number): SparseMatrix {
  return m.map((row, i) =>
    row.filter(([j]) => j !== i || (i === exceptIndex && j === exceptIndex)).map(([j, v]) => [j, v] as [number, Fx]),
  );
}

/** Remove cell (i, j) when maskFn(first[i], second[j]) (missing entries read as 0). */
export function vecMaskSparseMatrix(
  m: SparseMatrix,
  first: readonly bigint[],
  second: readonly bigint[],
  maskFn: (a: bigint, b: bigint) => boolean,
): SparseMatrix {
  return m.map((row, i) => {
    const fv = first[i] ?? 0n;
    return row.filter(([j]) => !maskFn(fv, second[j] ?? 0n)).map(([j, v]) => [j, v] as [number, Fx]);
  });
}

/** Remove cell (i, j) when maskFn(scalar, vector[j]). */
export function scalarVecMaskSparseMatrix(
  m: SparseMatrix,
  scalar: bigint,
  vector: readonly bigint[],
  maskFn: (a: bigint, b: bigint) => boolean,
): SparseMatrix {
  return m.map((row) => row.filter(([j]) => !maskFn(scalar, vector[j] ?? 0n)).map(([j, v]) => [j, v] as [number, Fx]));
}

// ---------- products ----------

/** Row i scaled by vector[i]; stops at the shorter of the two. */
export function rowHadamard(matrix: DenseMatrix, vector: readonly Fx[]): DenseMatrix {
  if (matrix.length === 0 || matrix[0].length === 0) return [[]];
  const out: DenseMatrix = [];
  for (let i = 0; i < matrix.length && i < vector.length; i++) {
    out.push(matrix[i].map((v) => satMul(F, vector[i], v)));
  }
  return out;
}

export function rowHadamardSparse(m: SparseMatrix, vector: readonly Fx[]): SparseMatrix {
  const out: SparseMatrix = [];
  for (let i = 0; i < m.length && i < vector.length; i++) {
    out.push(m[i].map(([j, v]) => [j, satMul(F, v, vector[i])] as [number, Fx]));
  }
  return out;
}

/** result_j = Σ_i vector_i · matrix_ij (width = first row's length). */
export function matmul(matrix: DenseMatrix, vector: readonly Fx[]): Fx[] {
  if (matrix.length === 0) return [];
  const cols = matrix[0].length;
  if (cols === 0) return [];
  const acc = new Array<Fx>(cols).fill(ZERO);
  matrix.forEach((row, i) => {
    const scale = vector[i] ?? ZERO;
    for (let j = 0; j < row.length && j < cols; j++) acc[j] = satAdd(F, acc[j], satMul(F, scale, row[j]));
  });
  return acc;
}

/** result_i = Σ_j vector_j · matrix_ij */
export function matmulTranspose(matrix: DenseMatrix, vector: readonly Fx[]): Fx[] {
  if (matrix.length === 0 || matrix[0].length === 0) return [];
  return matrix.map((row) => {
    let s = ZERO;
    for (let j = 0; j < row.length && j < vector.length; j++) s = satAdd(F, s, satMul(F, row[j], vector[j]));
    return s;
  });
}

export function matmulSparse(m: SparseMatrix, vector: readonly Fx[], columns: number): Fx[] {
  const result = new Array<Fx>(columns).fill(ZERO);
  m.forEach((row, i) => {
    const scale = vector[i] ?? ZERO;
    for (const [j, v] of row) if (j < columns) result[j] = satAdd(F, result[j], satMul(F, scale, v));
  });
  return result;
}

export function matmulTransposeSparse(m: SparseMatrix, vector: readonly Fx[]): Fx[] {
  return m.map((row) => {
    let acc = ZERO;
    for (const [j, v] of row) acc = satAdd(F, acc, satMul(F, vector[j] ?? ZERO, v));
    return acc;
  });
}

/** Element-wise product (checked_mul, overflow → 0); length = min(len a, len b). */
export function vecMul(a: readonly Fx[], b: readonly Fx[]): Fx[] {
  const n = Math.min(a.length, b.length);
  const out: Fx[] = [];
  for (let i = 0; i < n; i++) out.push(checkedMul(F, a[i], b[i]) ?? ZERO);
  return out;
}

export function matVecMul(matrix: DenseMatrix, vector: readonly Fx[]): DenseMatrix {
  if (matrix.length === 0 || matrix[0].length === 0) return [[]];
  return matrix.map((row) => vecMul(row, vector));
}

/** Cell (i, j) times vector[j]; zero products are dropped, columns beyond the vector skipped. */
export function matVecMulSparse(m: SparseMatrix, vector: readonly Fx[]): SparseMatrix {
  return m.map((row) => {
    const out: SparseRow = [];
    for (const [j, v] of row) {
      if (j >= vector.length) continue;
      const p = satMul(F, v, vector[j]);
      if (p !== ZERO) out.push([j, p]);
    }
    return out;
  });
}

// ---------- clipping ----------

export function inplaceColClip(x: DenseMatrix, colThreshold: readonly Fx[]): void {
  for (const row of x) {
    for (let j = 0; j < row.length && j < colThreshold.length; j++) row[j] = min(colThreshold[j], row[j]);
  }
}

/** Values above the column threshold become the threshold; dropped when that threshold is <= 0. */
export function colClipSparse(m: SparseMatrix, colThreshold: readonly Fx[]): SparseMatrix {
  return m.map((row) => {
    const out: SparseRow = [];
    for (const [j, v] of row) {
      const th = colThreshold[j] ?? ZERO;
      if (th < v) {
        if (th > ZERO) out.push([j, th]);
      } else {
        out.push([j, v]);
      }
    }
    return out;
  });
}

// ---------- weighted median ----------

/**
 * Stake-weighted median by deterministic mid-pivot partitioning (`weighted_median` in math.rs).
 * The pivot is score[partition[len/2]]; at most len(partitionIdx) refinement rounds.
 */
export function weightedMedian(
  stake: readonly Fx[],
  score: readonly Fx[],
  partitionIdx: readonly number[],
  minority: Fx,
  partitionLo: Fx,
  partitionHi: Fx,
): Fx {
  if (stake.length !== score.length) return ZERO;
  let current = partitionIdx.slice();
  let lo = partitionLo;
  let hi = partitionHi;
  let iterations = 0;
  const limit = partitionIdx.length;
  for (;;) {
    const n = current.length;
    if (n === 0) return ZERO;
    if (n === 1) return score[current[0]] ?? ZERO;
    const pivot = score[current[Math.floor(n / 2)]] ?? ZERO;
    let loStake = ZERO;
    let hiStake = ZERO;
    const lower: number[] = [];
    const upper: number[] = [];
    for (const idx of current) {
      const s = score[idx] ?? ZERO;
      if (s === pivot) continue;
      if (s < pivot) {
        loStake = satAdd(F, loStake, stake[idx] ?? ZERO);
        lower.push(idx);
      } else {
        hiStake = satAdd(F, hiStake, stake[idx] ?? ZERO);
        upper.push(idx);
      }
    }
    if (minority < satAdd(F, lo, loStake) && lower.length > 0) {
      current = lower;
      hi = satAdd(F, lo, loStake);
    } else if (satSub(F, hi, hiStake) <= minority && upper.length > 0) {
      current = upper;
      lo = satSub(F, hi, hiStake);
    } else {
      return pivot;
    }
    iterations++;
    if (iterations > limit) break;
  }
  return ZERO;
}

/** Column-wise weighted median over rows with positive stake (dense). */
export function weightedMedianCol(stake: readonly Fx[], score: DenseMatrix, majority: Fx): Fx[] {
  const columns = score.length > 0 ? score[0].length : 0;
  const median = new Array<Fx>(columns).fill(ZERO);
  for (let c = 0; c < columns; c++) {
    const useStake: Fx[] = [];
    const useScore: Fx[] = [];
    for (let r = 0; r < stake.length; r++) {
      const st = stake[r];
      if (st > ZERO) {
        const row = score[r];
        if (row !== undefined && row.length === columns) {
          useStake.push(st);
          useScore.push(row[c] ?? ZERO);
        } else {
          useStake.push(ZERO);
          useScore.push(ZERO);
        }
      }
    }
    if (useStake.length > 0) {
      inplaceNormalize(useStake);
      const stakeSum = sum(useStake);
      const minority = satSub(F, stakeSum, majority);
      const idxs = useStake.map((_, i) => i);
      median[c] = weightedMedian(useStake, useScore, idxs, minority, ZERO, stakeSum);
    }
  }
  return median;
}

/** Column-wise weighted median over rows with positive stake (sparse; missing cells are 0). */
export function weightedMedianColSparse(
  stake: readonly Fx[],
  score: SparseMatrix,
  columns: number,
  majority: Fx,
): Fx[] {
  const useStake = stake.filter((s) => s > ZERO);
  inplaceNormalize(useStake);
  const stakeSum = sum(useStake);
  const minority = satSub(F, stakeSum, majority);
  const stakeIdx = useStake.map((_, i) => i);
  const useScore: Fx[][] = [];
  for (let c = 0; c < columns; c++) useScore.push(new Array<Fx>(useStake.length).fill(ZERO));
  let k = 0;
  for (let i = 0; i < stake.length && i < score.length; i++) {
    if (stake[i] > ZERO) {
      for (const [c, v] of score[i]) if (c < columns && k < useStake.length) useScore[c][k] = v;
      k++;
    }
  }
  return useScore.map((colVec) => weightedMedian(useStake, colVec, stakeIdx, minority, ZERO, stakeSum));
}

// ---------- interpolation ----------

/** A + ratio·(B − A) (dense); ratio 0 / 1 return copies of A / B. */
export function interpolate(mat1: DenseMatrix, mat2: DenseMatrix, ratio: Fx): DenseMatrix {
  if (ratio === ZERO) return cloneDense(mat1);
  if (ratio === ONE) return cloneDense(mat2);
  if (mat1.length === 0 || mat1[0].length === 0) return [[]];
  const cols = mat1[0].length;
  const result: DenseMatrix = mat1.map(() => new Array<Fx>(cols).fill(ZERO));
  for (let i = 0; i < mat1.length && i < mat2.length; i++) {
    const r1 = mat1[i];
    const r2 = mat2[i];
    const n = Math.min(r1.length, r2.length, cols);
    for (let j = 0; j < n; j++) result[i][j] = satAdd(F, r1[j], satMul(F, ratio, satSub(F, r2[j], r1[j])));
  }
  return result;
}

/** Sparse A + ratio·(B − A); only positive results are kept. */
export function interpolateSparse(mat1: SparseMatrix, mat2: SparseMatrix, columns: number, ratio: Fx): SparseMatrix {
  if (ratio === ZERO) return cloneSparse(mat1);
  if (ratio === ONE) return cloneSparse(mat2);
  if (mat1.length !== mat2.length) return cloneSparse(mat2);
  return mat1.map((row, i) => {
    const row1 = densify(row, columns);
    const row2 = densify(mat2[i], columns);
    const out: SparseRow = [];
    for (let j = 0; j < columns; j++) {
      const v = satAdd(F, row1[j], satMul(F, ratio, satSub(F, row2[j], row1[j])));
      if (ZERO < v) out.push([j, v]);
    }
    return out;
  });
}

// ---------- EMA ----------

/** alpha·new + (1 − alpha)·old (dense). */
export function matEma(newM: DenseMatrix, oldM: DenseMatrix, alpha: Fx): DenseMatrix {
  if (newM.length === 0) return [[]];
  if (newM[0].length === 0) return [[]];
  const oneMinus = satSub(F, ONE, alpha);
  const out: DenseMatrix = [];
  for (let i = 0; i < newM.length && i < oldM.length; i++) {
    const n = Math.min(newM[i].length, oldM[i].length);
    const row: Fx[] = [];
    for (let j = 0; j < n; j++) row.push(satAdd(F, satMul(F, alpha, newM[i][j]), satMul(F, oneMinus, oldM[i][j])));
    out.push(row);
  }
  return out;
}

/** alpha·new + (1 − alpha)·old (sparse, square n×n by row count; keeps positive cells). */
export function matEmaSparse(newM: SparseMatrix, oldM: SparseMatrix, alpha: Fx): SparseMatrix {
  const oneMinus = satSub(F, ONE, alpha);
  const n = newM.length;
  if (n === 0) return [];
  return newM.map((newRow, i) => {
    const acc = new Array<Fx>(n).fill(ZERO);
    for (const [j, v] of newRow) if (j < n) acc[j] = satAdd(F, acc[j], satMul(F, alpha, v));
    const oldRow = oldM[i];
    if (oldRow !== undefined) for (const [j, v] of oldRow) if (j < n) acc[j] = satAdd(F, acc[j], satMul(F, oneMinus, v));
    const out: SparseRow = [];
    acc.forEach((v, j) => { if (v > ZERO) out.push([j, v]); });
    return out;
  });
}

/**
 * Per-cell alpha EMA (sparse): (1 − a)·old + max(a·new, 0), capped at 1. Only columns present in
 * the new row are emitted, so an old bond whose column is absent from `new` is dropped.
 */
export function matEmaAlphaSparse(newM: SparseMatrix, oldM: SparseMatrix, alpha: DenseMatrix): SparseMatrix {
  if (newM.length !== oldM.length || newM.length !== alpha.length) return cloneSparse(newM);
  return newM.map((newRow, i) => {
    const alphaRow = alpha[i];
    const decayed = new Array<Fx>(alphaRow.length).fill(ZERO);
    for (const [j, v] of oldM[i]) if (j < alphaRow.length) decayed[j] = satMul(F, satSub(F, ONE, alphaRow[j]), v);
    const out: SparseRow = [];
    for (const [j, v] of newRow) {
      if (j >= alphaRow.length) continue;
      const inc = max(satMul(F, alphaRow[j], v), ZERO);
      const val = min(satAdd(F, decayed[j], inc), ONE);
      if (val > ZERO) out.push([j, val]);
    }
    return out;
  });
}

/** Per-cell alpha EMA (dense), clamped at 1. */
export function matEmaAlpha(newM: DenseMatrix, oldM: DenseMatrix, alpha: DenseMatrix): DenseMatrix {
  if (newM.length === 0 || newM[0].length === 0) return [[]];
  if (newM.length !== oldM.length || newM.length !== alpha.length) return cloneDense(oldM);
  for (let i = 0; i < newM.length; i++) {
    if (newM[i].length !== oldM[i].length || newM[i].length !== alpha[i].length) return cloneDense(newM);
  }
  return newM.map((row, i) =>
    row.map((n, j) => {
      const a = alpha[i][j];
      const decayed = satMul(F, satSub(F, ONE, a), oldM[i][j]);
      const inc = max(satMul(F, a, n), ZERO);
      return min(satAdd(F, decayed, inc), ONE);
    }),
  );
}

// ---------- liquid alpha ----------

/**
 * alpha_sigmoid (run_epoch.rs): diff = w >= b ? clamp(w − c) : clamp(b − w) in [0, 1];
 * σ = 1 / (1 + exp_safe(steepness / −100 · (diff − 0.5))); α = clamp(low + σ·(high − low), low, high).
 */
export function alphaSigmoid(consensus: Fx, weight: Fx, bond: Fx, alphaLow: Fx, alphaHigh: Fx, steepness: Fx): Fx {
  const diffBuy = clampValue(satSub(F, weight, consensus), ZERO, ONE);
  const diffSell = clampValue(satSub(F, bond, weight), ZERO, ONE);
  const combined = weight >= bond ? diffBuy : diffSell;
  const expIn = satMul(F, satDiv(F, steepness, fromInt(F, -100)), satSub(F, combined, fromF64(F, 0.5)));
  const sigmoid = satDiv(F, ONE, satAdd(F, ONE, expSafe(expIn)));
  const alpha = satAdd(F, alphaLow, satMul(F, sigmoid, satSub(F, alphaHigh, alphaLow)));
  return clampValue(alpha, alphaLow, alphaHigh);
}

// ---------- helpers ----------

export function cloneRow(row: SparseRow): SparseRow {
  return row.map(([j, v]) => [j, v] as [number, Fx]);
}

export function cloneSparse(m: SparseMatrix): SparseMatrix {
  return m.map(cloneRow);
}

export function cloneDense(m: DenseMatrix): DenseMatrix {
  return m.map((r) => r.slice());
}

/** Sparse row to a dense vector of `columns` entries (later duplicates win, out-of-range ignored). */
export function densify(row: SparseRow | undefined, columns: number): Fx[] {
  const out = new Array<Fx>(columns).fill(ZERO);
  if (row !== undefined) for (const [j, v] of row) if (j < columns) out[j] = v;
  return out;
}
