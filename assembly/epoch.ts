// Yuma consensus epoch (subtensor HEAD `epoch_mechanism`, sparse path) on CSR matrices in linear memory.
// Bit-identical target: the TypeScript reference runtime/pallets/subtensor/epoch/run_epoch.ts.
// Sparse matrices are CSR: rowPtr u32[n+1], col u32[nnz], val i64[nnz] (raw I32F32); the input and
// output regions (stored weights / bonds) carry u16 columns and u16 values. Rows keep the
// column order of the stored rows (ascending by contract); masks only ever drop cells.

import {
  ONE, I64_MAX, fmul, fdiv, fadd, fsub, fixedOverflow, umul128, hi128, divlu, proportionToU16, expSafe, fdivSat,
  invOf, fdivInv, fmulP,
} from './fixed';
import {
  ldI64, stI64, ldU64, stU64, ldU32, stU32, ldU16, stU16, ldU8, stU8, arenaReset, take, arenaCommit,
} from './mem';

// ---- region table (addresses handed to the JS marshaller) ----
export const R_LAST_UPDATE = 0;
export const R_REG = 1;
export const R_ALPHA = 2;
export const R_ROOT = 3;
export const R_COMMIT = 4;
export const R_PERMIT = 5;
export const R_W_PTR = 6;
export const R_W_COL = 7;
export const R_W_VAL = 8;
export const R_B_PTR = 9;
export const R_B_COL = 10;
export const R_B_VAL = 11;
export const R_PARAMS = 12;
export const R_O_ACTIVE = 13;
export const R_O_PERMIT = 14;
export const R_O_INCENTIVE = 15;
export const R_O_DIVIDENDS = 16;
export const R_O_CONSENSUS = 17;
export const R_O_VTRUST = 18;
export const R_O_STAKEW = 19;
export const R_O_EMISSION = 20;
export const R_O_SERVER = 21;
export const R_O_VALIDATOR = 22;
export const R_O_B_PTR = 23;
export const R_O_B_COL = 24;
export const R_O_B_VAL = 25;
const R_COUNT = 26;

// Parameter slots (u64 each) in R_PARAMS.
export const P_N = 0;
export const P_BLOCK = 1;
export const P_TEMPO = 2;
export const P_CUTOFF = 3;
export const P_TAO_WEIGHT = 4;
export const P_STAKE_THRESHOLD = 5;
export const P_OWNER = 6; // u64::MAX = none
export const P_MAX_VALIDATORS = 7;
export const P_KAPPA = 8;
export const P_BONDS_PENALTY = 9;
export const P_BMA = 10;
export const P_YUMA3 = 11;
export const P_LIQUID = 12;
export const P_ALPHA_LOW = 13;
export const P_ALPHA_HIGH = 14;
export const P_STEEPNESS = 15; // i16 sign-extended
export const P_COMMIT_REVEAL = 16;
export const P_LAST_STEP = 17;
export const P_EMISSION = 18;
export const P_OUT_NNZ = 19; // output: stored bond cells
const P_COUNT = 32;

const regionTable: usize = memory.data(R_COUNT * 4);

export function regionPtr(id: i32): usize { return <usize>load<u32>(regionTable + (<usize>id << 2)); }

// ---- scratch regions ----
let S: usize = 0, A: usize = 0, C: usize = 0, VT: usize = 0, INC: usize = 0, DIV: usize = 0;
let XLO: usize = 0, XHI: usize = 0;          // combined stake, 128-bit (units of 2^-32 rao)
let IDX: usize = 0, IDX2: usize = 0, IDX3: usize = 0, ROWK: usize = 0;
let OLDP: usize = 0, INACT: usize = 0;
let HIST: usize = 0;
let BCOL: usize = 0, BINV: usize = 0, BINV2: usize = 0, DCOL: usize = 0, DINV: usize = 0, BVALID: usize = 0;
let wCap: usize = 0; // cells of the W-sized regions (nnzW from layout)
let allValid = false; // every BVALID[j] (j < n) set
let preNV = false; // M5_V holds ⌊a_i·WB_ij / 2^32⌋ over WB's cells (WB = clip(W))
let COLACC: usize = 0, COLINV: usize = 0, COLMAX: usize = 0, SCORES: usize = 0, USTAKE: usize = 0;
// CSR matrices: W (masked, row-normalised weights), WC (clipped), M3 (interpolated / CSC scratch),
// MB (bonds), M5 (ΔB values over WB's structure), ME (EMA bonds).
let W_P: usize = 0, W_C: usize = 0, W_V: usize = 0;
let WC_P: usize = 0, WC_C: usize = 0, WC_V: usize = 0;
let M3_P: usize = 0, M3_C: usize = 0, M3_V: usize = 0;
let MB_P: usize = 0, MB_C: usize = 0, MB_V: usize = 0;
let M5_V: usize = 0;
let ME_P: usize = 0, ME_C: usize = 0, ME_V: usize = 0;

function setRegion(id: i32, p: usize): void { store<u32>(regionTable + (<usize>id << 2), <u32>p); }

/** Lay out the arena for n uids, nnzW stored weight cells and nnzB stored bond cells. */
export function layout(n: i32, nnzW: i32, nnzB: i32): void {
  arenaReset();
  wCap = <usize>nnzW;
  const un = <usize>n, uw = <usize>nnzW, ub = <usize>nnzB, ue = uw + ub;
  setRegion(R_LAST_UPDATE, take(un * 8));
  setRegion(R_REG, take(un * 8));
  setRegion(R_ALPHA, take(un * 8));
  setRegion(R_ROOT, take(un * 8));
  setRegion(R_COMMIT, take(un * 8));
  setRegion(R_PERMIT, take(un));
  setRegion(R_W_PTR, take((un + 1) * 4));
  setRegion(R_W_COL, take(uw * 2));
  setRegion(R_W_VAL, take(uw * 2));
  setRegion(R_B_PTR, take((un + 1) * 4));
  setRegion(R_B_COL, take(ub * 2));
  setRegion(R_B_VAL, take(ub * 2));
  setRegion(R_PARAMS, take(P_COUNT * 8));
  setRegion(R_O_ACTIVE, take(un));
  setRegion(R_O_PERMIT, take(un));
  setRegion(R_O_INCENTIVE, take(un * 2));
  setRegion(R_O_DIVIDENDS, take(un * 2));
  setRegion(R_O_CONSENSUS, take(un * 2));
  setRegion(R_O_VTRUST, take(un * 2));
  setRegion(R_O_STAKEW, take(un * 2));
  setRegion(R_O_EMISSION, take(un * 8));
  setRegion(R_O_SERVER, take(un * 8));
  setRegion(R_O_VALIDATOR, take(un * 8));
  setRegion(R_O_B_PTR, take((un + 1) * 4));
  setRegion(R_O_B_COL, take(ue * 2));
  setRegion(R_O_B_VAL, take(ue * 2));
  S = take(un * 8); A = take(un * 8); C = take(un * 8); VT = take(un * 8); INC = take(un * 8); DIV = take(un * 8);
  XLO = take(un * 8); XHI = take(un * 8);
  IDX = take(un * 4); IDX2 = take(un * 4); IDX3 = take(un * 4); ROWK = take(un * 4);
  OLDP = take(un); INACT = take(un);
  HIST = take(256 * 8);
  BCOL = take(un * 8); BINV = take(un * 8); BINV2 = take(un * 8); DCOL = take(un * 8); DINV = take(un * 8); BVALID = take(un);
  COLACC = take(un * 8); COLINV = take(un * 8); COLMAX = take(un * 8); SCORES = take(un * 8); USTAKE = take(un * 8);
  W_P = take((un + 1) * 4); W_C = take(uw * 4); W_V = take(uw * 8);
  WC_P = take((un + 1) * 4); WC_C = take(uw * 4); WC_V = take(uw * 8);
  M3_P = take((un + 1) * 4); M3_C = take(uw * 4); M3_V = take(uw * 8);
  MB_P = take((un + 1) * 4); MB_C = take(ub * 4); MB_V = take(ub * 8);
  M5_V = take(uw * 8);
  ME_P = take((un + 1) * 4); ME_C = take(ue * 4); ME_V = take(ue * 8);
  arenaCommit();
}

// @ts-ignore: decorator
@inline function param(slot: i32): u64 { return load<u64>(regionPtr(R_PARAMS) + (<usize>slot << 3)); }

/**
 * 1 when every stored weights and bonds row (input regions, n = P_N) has strictly ascending columns,
 * else 0 (the JS side then falls back to the reference; see wasm.ts).
 */
export function rowsAscending(): i32 {
  const n = <i32>param(P_N);
  for (let m = 0; m < 2; m++) {
    const p = regionPtr(m == 0 ? R_W_PTR : R_B_PTR), c = regionPtr(m == 0 ? R_W_COL : R_B_COL);
    for (let i = 0; i < n; i++) {
      const e = <i32>ldU32(p, i + 1);
      let q = <i32>ldU32(p, i) + 1;
      // Eight neighbour pairs at a time: c[q−1+t] < c[q+t] for t = 0..7.
      for (; q + 8 <= e; q += 8) {
        const prev = v128.load(c + (<usize>(q - 1) << 1)), next = v128.load(c + (<usize>q << 1));
        if (!i16x8.all_true(i16x8.lt_u(prev, next))) return 0;
      }
      for (; q < e; q++) if (ldU16(c, q) <= ldU16(c, q - 1)) return 0;
    }
  }
  return 1;
}

// ---- vector helpers ----

/** inplace_normalize: plain (wrapping) sum, then safe_div by it unless it is zero. */
export function normalizeVec(v: usize, n: i32): void {
  let sum: i64 = 0;
  for (let i = 0; i < n; i++) sum += ldI64(v, i);
  if (sum == 0) return;
  const inv = invOf(sum);
  for (let i = 0; i < n; i++) stI64(v, i, fdivInv(ldI64(v, i), sum, inv));
}

/** Column sums (saturating) then safe_div of every cell by its non-zero column sum. */
export function colNormalize(p: usize, c: usize, v: usize, rows: i32, cols: i32): void {
  memory.fill(COLACC, 0, <usize>cols << 3);
  const nnz = <i32>ldU32(p, rows);
  for (let e = 0; e < nnz; e++) {
    const j = <i32>ldU32(c, e);
    if (j < cols) stI64(COLACC, j, fadd(ldI64(COLACC, j), ldI64(v, e)));
  }
  for (let j = 0; j < cols; j++) store<f64>(COLINV + (<usize>j << 3), invOf(ldI64(COLACC, j)));
  for (let e = 0; e < nnz; e++) {
    const j = <i32>ldU32(c, e);
    const d: i64 = j < cols ? ldI64(COLACC, j) : 0;
    if (d != 0) stI64(v, e, fdivInv(ldI64(v, e), d, load<f64>(COLINV + (<usize>j << 3))));
  }
}

/** Second half of inplace_col_normalize_sparse: divide by the column sums already in COLACC. */
function colDivide(p: usize, c: usize, v: usize, rows: i32): void {
  const cols = rows;
  for (let j = 0; j < cols; j++) store<f64>(COLINV + (<usize>j << 3), invOf(ldI64(COLACC, j)));
  const nnz = <i32>ldU32(p, rows);
  for (let e = 0; e < nnz; e++) {
    const j = <i32>ldU32(c, e);
    const d = ldI64(COLACC, j);
    if (d != 0) stI64(v, e, fdivInv(ldI64(v, e), d, load<f64>(COLINV + (<usize>j << 3))));
  }
}

/** inplace_col_max_upscale_sparse. */
export function colMaxUpscale(p: usize, c: usize, v: usize, rows: i32, cols: i32): void {
  memory.fill(COLACC, 0, <usize>cols << 3);
  const nnz = <i32>ldU32(p, rows);
  for (let e = 0; e < nnz; e++) {
    const j = <i32>ldU32(c, e);
    if (j < cols && ldI64(COLACC, j) < ldI64(v, e)) stI64(COLACC, j, ldI64(v, e));
  }
  for (let j = 0; j < cols; j++) store<f64>(COLINV + (<usize>j << 3), invOf(ldI64(COLACC, j)));
  for (let e = 0; e < nnz; e++) {
    const j = <i32>ldU32(c, e);
    const m: i64 = j < cols ? ldI64(COLACC, j) : 0;
    if (m != 0) stI64(v, e, fdivInv(ldI64(v, e), m, load<f64>(COLINV + (<usize>j << 3))));
  }
}

/** inplace_row_normalize_sparse: rows with positive (plain) sum are divided by it. */
export function rowNormalize(p: usize, v: usize, rows: i32): void {
  for (let i = 0; i < rows; i++) {
    const s = <i32>ldU32(p, i), e = <i32>ldU32(p, i + 1);
    let sum: i64 = 0;
    for (let k = s; k < e; k++) sum += ldI64(v, k);
    if (sum > 0) {
      const inv = invOf(sum);
      for (let k = s; k < e; k++) stI64(v, k, fdivInv(ldI64(v, k), sum, inv));
    }
  }
}

// ---- stable top-k by (value, index) ----

// @ts-ignore: decorator
@inline function keyLess(vals: usize, a: u32, b: u32): bool {
  const va = ldI64(vals, <i32>a), vb = ldI64(vals, <i32>b);
  return va < vb || (va == vb && a < b);
}

function siftDown(vals: usize, idx: usize, start: i32, end: i32): void {
  let root = start;
  while (true) {
    let child = 2 * root + 1;
    if (child >= end) break;
    if (child + 1 < end && keyLess(vals, ldU32(idx, child), ldU32(idx, child + 1))) child++;
    const r = ldU32(idx, root), ch = ldU32(idx, child);
    if (keyLess(vals, r, ch)) { stU32(idx, root, ch); stU32(idx, child, r); root = child; } else break;
  }
}

/** Sort idx[0..n) ascending by (vals[idx], idx): equals Rust's stable sort_by_key. */
export function sortIdx(vals: usize, idx: usize, n: i32): void {
  for (let i = 0; i < n; i++) stU32(idx, i, <u32>i);
  for (let s = (n >> 1) - 1; s >= 0; s--) siftDown(vals, idx, s, n);
  for (let end = n - 1; end > 0; end--) {
    const t = ldU32(idx, 0); stU32(idx, 0, ldU32(idx, end)); stU32(idx, end, t);
    siftDown(vals, idx, 0, end);
  }
}

/** is_topk_nonzero into out (u8 per entry). */
export function isTopkNonzero(vals: usize, n: i32, k: i32, out: usize): void {
  for (let i = 0; i < n; i++) stU8(out, i, ldI64(vals, i) != 0 ? 1 : 0);
  if (n < k) return;
  sortIdx(vals, IDX, n);
  const drop = n - k;
  for (let t = 0; t < drop; t++) stU8(out, <i32>ldU32(IDX, t), 0);
}

/** is_topk (zero entries may be selected). */
export function isTopk(vals: usize, n: i32, k: i32, out: usize): void {
  for (let i = 0; i < n; i++) stU8(out, i, 1);
  if (n < k) return;
  sortIdx(vals, IDX, n);
  const drop = n - k;
  for (let t = 0; t < drop; t++) stU8(out, <i32>ldU32(IDX, t), 0);
}

// ---- weighted median (deterministic mid-pivot quickselect of subtensor) ----

/**
 * weighted_median over partition 0..len of (stake, score), using IDX/IDX2/IDX3 as partition buffers.
 */
export function weightedMedian(stake: usize, score: usize, len: i32, minority: i64, lo0: i64, hi0: i64): i64 {
  for (let t = 0; t < len; t++) stU32(IDX, t, <u32>t);
  return medianLoop(stake, score, len, minority, lo0, hi0, 0, len);
}

/** The quickselect loop from a partition already in IDX (curLen entries) and a given state. */
function medianLoop(stake: usize, score: usize, curLen: i32, minority: i64, plo: i64, phi: i64, iter: i32, limit: i32): i64 {
  let cur = IDX, lower = IDX2, upper = IDX3;
  while (true) {
    if (curLen == 0) return 0;
    if (curLen == 1) return ldI64(score, <i32>ldU32(cur, 0));
    const pivot = ldI64(score, <i32>ldU32(cur, curLen >> 1));
    let loStake: i64 = 0, hiStake: i64 = 0;
    let nl = 0, nu = 0;
    for (let t = 0; t < curLen; t++) {
      const id = ldU32(cur, t);
      const sc = ldI64(score, <i32>id);
      if (sc == pivot) continue;
      if (sc < pivot) { loStake = fadd(loStake, ldI64(stake, <i32>id)); stU32(lower, nl++, id); }
      else { hiStake = fadd(hiStake, ldI64(stake, <i32>id)); stU32(upper, nu++, id); }
    }
    const loEdge = fadd(plo, loStake);
    const hiEdge = fsub(phi, hiStake);
    if (minority < loEdge && nl > 0) {
      const t = cur; cur = lower; lower = t; curLen = nl;
      phi = loEdge;
    } else if (hiEdge <= minority && nu > 0) {
      const t = cur; cur = upper; upper = t; curLen = nu;
      plo = hiEdge;
    } else {
      return pivot;
    }
    iter++;
    if (iter > limit) break;
  }
  return 0;
}

/**
 * weighted_median_col_sparse(stake, W, cols, majority) → out (i64 per column).
 * Builds a CSC copy of the rows with positive stake in M3 to gather each column.
 */
export function weightedMedianColSparse(stake: usize, p: usize, c: usize, v: usize, rows: i32, cols: i32, majority: i64, out: usize): void {
  let k = 0;
  for (let i = 0; i < rows; i++) {
    const s = ldI64(stake, i);
    if (s > 0) { stU32(ROWK, i, <u32>k); stI64(USTAKE, k, s); k++; } else stU32(ROWK, i, 0xFFFF_FFFF);
  }
  normalizeVec(USTAKE, k);
  let stakeSum: i64 = 0;
  for (let t = 0; t < k; t++) stakeSum += ldI64(USTAKE, t);
  const minority = fsub(stakeSum, majority);
  // CSC of the kept rows: count, prefix, fill in row order (later duplicates overwrite when scattered).
  memory.fill(M3_P, 0, (<usize>cols + 1) << 2);
  for (let i = 0; i < rows; i++) {
    if (ldU32(ROWK, i) == 0xFFFF_FFFF) continue;
    const s = <i32>ldU32(p, i), e = <i32>ldU32(p, i + 1);
    for (let q = s; q < e; q++) {
      const j = <i32>ldU32(c, q);
      if (j < cols) stU32(M3_P, j + 1, ldU32(M3_P, j + 1) + 1);
    }
  }
  for (let j = 0; j < cols; j++) stU32(M3_P, j + 1, ldU32(M3_P, j + 1) + ldU32(M3_P, j));
  // COLACC as the fill cursor per column.
  for (let j = 0; j < cols; j++) stU32(COLACC, j, ldU32(M3_P, j));
  for (let i = 0; i < rows; i++) {
    const ki = ldU32(ROWK, i);
    if (ki == 0xFFFF_FFFF) continue;
    const s = <i32>ldU32(p, i), e = <i32>ldU32(p, i + 1);
    for (let q = s; q < e; q++) {
      const j = <i32>ldU32(c, q);
      if (j >= cols) continue;
      const at = <i32>ldU32(COLACC, j);
      stU32(COLACC, j, <u32>(at + 1));
      stU32(M3_C, at, ki);
      stI64(M3_V, at, ldI64(v, q));
    }
  }
  memory.fill(SCORES, 0, <usize>k << 3);
  for (let j = 0; j < cols; j++) {
    const s = <i32>ldU32(M3_P, j), e = <i32>ldU32(M3_P, j + 1);
    // A column nobody weights scores 0 everywhere: the quickselect returns its first pivot, 0.
    if (s == e) { stI64(out, j, 0); continue; }
    let negative = false;
    for (let q = s; q < e; q++) {
      const x = ldI64(M3_V, q);
      if (x < 0) negative = true;
      stI64(SCORES, <i32>ldU32(M3_C, q), x);
    }
    if (k >= 2 && !negative && ldI64(SCORES, k >> 1) == 0) {
      // First quickselect round without touching the k − (entries) zero scores: the pivot is 0,
      // nothing is below it, `upper` = the positive cells in row order. Same decisions, same
      // saturating sums, then the loop continues from round 1 on `upper`.
      let hiStake: i64 = 0;
      let nu = 0;
      for (let q = s; q < e; q++) {
        if (ldI64(M3_V, q) > 0) {
          const kk = ldU32(M3_C, q);
          // Duplicated (row, column) cells: the scattered (last) value decides, visited once.
          if (ldI64(SCORES, <i32>kk) <= 0 || (nu > 0 && ldU32(IDX, nu - 1) == kk)) continue;
          hiStake = fadd(hiStake, ldI64(USTAKE, <i32>kk));
          stU32(IDX, nu++, kk);
        }
      }
      const hiEdge = fsub(stakeSum, hiStake);
      stI64(out, j, hiEdge <= minority && nu > 0 ? medianLoop(USTAKE, SCORES, nu, minority, hiEdge, stakeSum, 1, k) : 0);
    } else {
      stI64(out, j, weightedMedian(USTAKE, SCORES, k, minority, 0, stakeSum));
    }
    for (let q = s; q < e; q++) stI64(SCORES, <i32>ldU32(M3_C, q), 0);
  }
}

/**
 * The epoch's consensus (weighted_median_col_sparse) by weighted quickselect on contiguous columns.
 * With every score ≥ 0 and 0 ≤ minority < Σ stake, subtensor's mid-pivot quickselect returns, whatever
 * its pivots, the smallest score v whose cumulative stake mass(score ≤ v) exceeds minority (all sums are
 * exact: non-negative and ≤ Σ stake < 2^63, so the saturating adds never clamp). Zero scores (cells
 * weighting 0 and rows not weighting the column) are one block of mass Σ stake − mass(score > 0);
 * only positive cells are transposed, with their stake beside them, and partitioned in place.
 * Returns false (nothing written) outside those conditions: the caller then runs the general kernel.
 */
const HIST_BITS = 8; // HIST holds 256 buckets

function consensusFast(stake: usize, p: usize, c: usize, v: usize, n: i32, majority: i64, out: usize, counted: bool): bool {
  let k = 0;
  for (let i = 0; i < n; i++) {
    const s = ldI64(stake, i);
    if (s > 0) { stU32(ROWK, i, <u32>k); stI64(USTAKE, k, s); k++; } else stU32(ROWK, i, 0xFFFF_FFFF);
  }
  normalizeVec(USTAKE, k);
  let stakeSum: i64 = 0;
  for (let t = 0; t < k; t++) stakeSum += ldI64(USTAKE, t);
  const minority = fsub(stakeSum, majority);
  if (k == 0 || minority < 0 || minority >= stakeSum) return false;
  // Count positive cells per column (kept rows only; the weights step may have done it into M3_P
  // already); any negative score → general kernel.
  if (!counted) {
    memory.fill(M3_P, 0, (<usize>n + 1) << 2);
    for (let i = 0; i < n; i++) {
      if (ldU32(ROWK, i) == 0xFFFF_FFFF) continue;
      const s = <i32>ldU32(p, i), e = <i32>ldU32(p, i + 1);
      for (let q = s; q < e; q++) {
        const x = ldI64(v, q);
        if (x > 0) { const j = <i32>ldU32(c, q); stU32(M3_P, j + 1, ldU32(M3_P, j + 1) + 1); }
        else if (x < 0) return false;
      }
    }
  }
  if (counted) {
    // The weights step left the kept rows of the dense shape uncounted, with their missing column in
    // IDX3[i]. All of them dense (and room for the block): the dense consensus; else count those rows.
    let all = true;
    for (let i = 0; i < n; i++) if (<bool>(<i32>(ldU32(ROWK, i) != 0xFFFF_FFFF) & <i32>(ldU32(IDX3, i) == 0xFFFF_FFFF))) { all = false; break; }
    if (all && <usize>k * <usize>n <= wCap) {
      // Compact to kept-row order (ki ≤ i: IDX3 entries not yet read stay intact).
      for (let i = 0; i < n; i++) {
        const ki = ldU32(ROWK, i);
        if (ki == 0xFFFF_FFFF) continue;
        stU32(IDX2, <i32>ki, <u32>i);
        stU32(IDX3, <i32>ki, ldU32(IDX3, i));
      }
      return consensusDense(v, n, k, stakeSum, minority, out);
    }
    for (let i = 0; i < n; i++) {
      if (<bool>(<i32>(ldU32(ROWK, i) == 0xFFFF_FFFF) | <i32>(ldU32(IDX3, i) == 0xFFFF_FFFF))) continue;
      const s = <i32>ldU32(p, i), e = <i32>ldU32(p, i + 1);
      for (let q = s; q < e; q++) {
        const x = ldI64(v, q);
        if (x > 0) { const j = <i32>ldU32(c, q); stU32(M3_P, j + 1, ldU32(M3_P, j + 1) + 1); }
        else if (x < 0) return false;
      }
    }
  } else if (<usize>k * <usize>n <= wCap && denseRows(p, c, n)) {
    return consensusDense(v, n, k, stakeSum, minority, out);
  }
  for (let j = 0; j < n; j++) stU32(M3_P, j + 1, ldU32(M3_P, j + 1) + ldU32(M3_P, j));
  // Fill: score in M3_V, the row's normalised stake in M5_V (free until the bonds step); cursor,
  // column mass and column maximum of the positive cells in COLACC / COLMAX / SCORES.
  const cur = COLACC, mass = COLMAX, cmax = SCORES, m3v = M3_V, m5v = M5_V;
  for (let j = 0; j < n; j++) stU32(cur, j, ldU32(M3_P, j));
  memory.fill(mass, 0, <usize>n << 3);
  memory.fill(cmax, 0, <usize>n << 3);
  for (let i = 0; i < n; i++) {
    const ki = ldU32(ROWK, i);
    if (ki == 0xFFFF_FFFF) continue;
    const st = ldI64(USTAKE, <i32>ki);
    const s = <i32>ldU32(p, i), e = <i32>ldU32(p, i + 1);
    for (let q = s; q < e; q++) {
      const x = ldI64(v, q);
      if (x <= 0) continue;
      const j = <i32>ldU32(c, q);
      const at = <i32>ldU32(cur, j);
      stU32(cur, j, <u32>(at + 1));
      stI64(m3v, at, x);
      stI64(m5v, at, st);
      stI64(mass, j, ldI64(mass, j) + st);
      const m = ldI64(cmax, j);
      stI64(cmax, j, select<i64>(x, m, x > m));
    }
  }
  for (let j = 0; j < n; j++) {
    // Mass strictly below the candidates: first the zero scores.
    let below = stakeSum - ldI64(COLMAX, j);
    if (minority < below) { stI64(out, j, 0); continue; }
    const s = <i32>ldU32(M3_P, j), e = <i32>ldU32(M3_P, j + 1);
    // Stake histogram over the top HIST_BITS significant bits of the column's scores (branch-free), then the
    // bucket where the cumulative mass passes minority; only that bucket's cells go on to the
    // quickselect (usually a handful; all of them when the column's scores are equal).
    const bits = 64 - <i32>clz(ldI64(cmax, j));
    const shift = bits > HIST_BITS ? bits - HIST_BITS : 0;
    memory.fill(HIST, 0, (1 << HIST_BITS) << 3);
    for (let q = s; q < e; q++) {
      const h = HIST + (<usize>(ldI64(M3_V, q) >> shift) << 3);
      store<i64>(h, load<i64>(h) + ldI64(M5_V, q));
    }
    let bucket = 0;
    while (true) {
      const m = ldI64(HIST, bucket);
      if (minority < below + m) break;
      below += m;
      bucket++;
    }
    let lo = s, hi = s;
    for (let q = s; q < e; q++) {
      const x = ldI64(M3_V, q);
      if (<i32>(x >> shift) == bucket) {
        stI64(M3_V, hi, x); stI64(M5_V, hi, ldI64(M5_V, q)); hi++;
      }
    }
    stI64(out, j, quickselect(lo, hi, below, minority));
  }
  return true;
}

/**
 * Weighted quickselect on (M3_V, M5_V)[lo, hi): the smallest score v with below + mass(score ≤ v) > minority.
 * Invariant: below ≤ minority < below + mass[lo, hi), so the range is never empty.
 */
function quickselect(lo: i32, hi: i32, below: i64, minority: i64): i64 {
    while (true) {
      if (hi - lo == 1) return ldI64(M3_V, lo);
      const pivot = ldI64(M3_V, lo + ((hi - lo) >> 1));
      // Three-way partition: [lo, lt) < pivot, [lt, gt) == pivot, [gt, hi) > pivot.
      let lt = lo, i = lo, gt = hi;
      let massLess: i64 = 0, massEq: i64 = 0;
      while (i < gt) {
        const x = ldI64(M3_V, i);
        const st = ldI64(M5_V, i);
        if (x < pivot) {
          massLess += st;
          stI64(M3_V, i, ldI64(M3_V, lt)); stI64(M5_V, i, ldI64(M5_V, lt));
          stI64(M3_V, lt, x); stI64(M5_V, lt, st);
          lt++; i++;
        } else if (x > pivot) {
          gt--;
          stI64(M3_V, i, ldI64(M3_V, gt)); stI64(M5_V, i, ldI64(M5_V, gt));
          stI64(M3_V, gt, x); stI64(M5_V, gt, st);
        } else {
          massEq += st;
          i++;
        }
      }
      if (minority < below + massLess) { hi = lt; continue; }
      below += massLess;
      if (minority < below + massEq) return pivot;
      below += massEq;
      lo = gt;
    }
}

/**
 * Every kept row (ROWK) holds exactly the columns 0..n−1, or all of them but its own (the diagonal
 * the mask drops), in ascending order: HOLE[ki] = the missing column (n if none). Then the consensus
 * needs no per-column cursor (consensusDense).
 */
function denseRows(p: usize, c: usize, n: i32): bool {
  for (let i = 0; i < n; i++) {
    const ki = ldU32(ROWK, i);
    if (ki == 0xFFFF_FFFF) continue;
    const s = <i32>ldU32(p, i), len = <i32>ldU32(p, i + 1) - s;
    let h = n;
    if (len == n - 1) h = i; else if (len != n) return false;
    if (!iotaRun(c, s, 0, h, 0) || !iotaRun(c, s, h, len, 1)) return false;
    stU32(IDX2, <i32>ki, <u32>i);
    stU32(IDX3, <i32>ki, <u32>h);
  }
  return true;
}

/** c[s + t] == t + d for every t in [a, b). */
function iotaRun(c: usize, s: i32, a: i32, b: i32, d: i32): bool {
  let t = a;
  let want = i32x4.add(i32x4.splat(a + d), v128(0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0));
  let bad = i32x4.splat(0);
  for (; t + 4 <= b; t += 4) {
    bad = v128.or(bad, i32x4.ne(v128.load(c + (<usize>(s + t) << 2)), want));
    want = i32x4.add(want, i32x4.splat(4));
  }
  if (v128.any_true(bad)) return false;
  for (; t < b; t++) if (<i32>ldU32(c, s + t) != t + d) return false;
  return true;
}

/**
 * consensusFast when denseRows holds: the kept rows' scores transposed into a k × n column-major
 * block of M3_V (column j at [j·k, (j+1)·k), kept-row order, 0 in a row's missing diagonal), so every
 * column holds each kept row's score exactly once (the zero scores included: the same multiset of
 * (score, stake) as the sparse fill plus its block of zero mass). Stakes are USTAKE[t] for the t-th
 * entry; only the histogram bucket's cells are copied (with their stakes into M5_V) for the quickselect.
 */
function consensusDense(v: usize, n: i32, k: i32, stakeSum: i64, minority: i64, out: usize): bool {
  const t0 = M3_V, cmax = SCORES, wp = W_P;
  memory.fill(cmax, 0, <usize>n << 3);
  const colStride = <usize>k << 3;
  // Any negative score (sign bits OR-ed) → false before anything is written to out: general kernel.
  let sign = i64x2.splat(0);
  let signS: i64 = 0;
  let ki = 0;
  // Eight kept rows at a time: each column's eight cells fill one 64-byte run of the block.
  for (; ki + 8 <= k; ki += 8) {
    const h0 = <i32>ldU32(IDX3, ki + 0);
    let p0 = v + (<usize>ldU32(wp, <i32>ldU32(IDX2, ki + 0)) << 3);
    const h1 = <i32>ldU32(IDX3, ki + 1);
    let p1 = v + (<usize>ldU32(wp, <i32>ldU32(IDX2, ki + 1)) << 3);
    const h2 = <i32>ldU32(IDX3, ki + 2);
    let p2 = v + (<usize>ldU32(wp, <i32>ldU32(IDX2, ki + 2)) << 3);
    const h3 = <i32>ldU32(IDX3, ki + 3);
    let p3 = v + (<usize>ldU32(wp, <i32>ldU32(IDX2, ki + 3)) << 3);
    const h4 = <i32>ldU32(IDX3, ki + 4);
    let p4 = v + (<usize>ldU32(wp, <i32>ldU32(IDX2, ki + 4)) << 3);
    const h5 = <i32>ldU32(IDX3, ki + 5);
    let p5 = v + (<usize>ldU32(wp, <i32>ldU32(IDX2, ki + 5)) << 3);
    const h6 = <i32>ldU32(IDX3, ki + 6);
    let p6 = v + (<usize>ldU32(wp, <i32>ldU32(IDX2, ki + 6)) << 3);
    const h7 = <i32>ldU32(IDX3, ki + 7);
    let p7 = v + (<usize>ldU32(wp, <i32>ldU32(IDX2, ki + 7)) << 3);
    let dst = t0 + (<usize>ki << 3);
    let cm = cmax;
    let j = 0;
    while (true) {
      let stop = n;
      if (<bool>(<i32>(h0 >= j) & <i32>(h0 < stop))) stop = h0;
      if (<bool>(<i32>(h1 >= j) & <i32>(h1 < stop))) stop = h1;
      if (<bool>(<i32>(h2 >= j) & <i32>(h2 < stop))) stop = h2;
      if (<bool>(<i32>(h3 >= j) & <i32>(h3 < stop))) stop = h3;
      if (<bool>(<i32>(h4 >= j) & <i32>(h4 < stop))) stop = h4;
      if (<bool>(<i32>(h5 >= j) & <i32>(h5 < stop))) stop = h5;
      if (<bool>(<i32>(h6 >= j) & <i32>(h6 < stop))) stop = h6;
      if (<bool>(<i32>(h7 >= j) & <i32>(h7 < stop))) stop = h7;
      for (; j < stop; j++) {
        const v0 = v128.load64_lane(p1, v128.load64_splat(p0), 1);
        const v1 = v128.load64_lane(p3, v128.load64_splat(p2), 1);
        const v2 = v128.load64_lane(p5, v128.load64_splat(p4), 1);
        const v3 = v128.load64_lane(p7, v128.load64_splat(p6), 1);
        v128.store(dst, v0, 0);
        v128.store(dst, v1, 16);
        v128.store(dst, v2, 32);
        v128.store(dst, v3, 48);
        sign = v128.or(sign, v128.or(v128.or(v0, v1), v128.or(v2, v3)));
        const m01 = v128.bitselect(v0, v1, i64x2.gt_s(v0, v1));
        const m23 = v128.bitselect(v2, v3, i64x2.gt_s(v2, v3));
        const m4 = v128.bitselect(m01, m23, i64x2.gt_s(m01, m23));
        const x0 = i64x2.extract_lane(m4, 0), x1 = i64x2.extract_lane(m4, 1);
        const mx = select<i64>(x0, x1, x0 > x1);
        const m = load<i64>(cm);
        store<i64>(cm, select<i64>(mx, m, mx > m));
        p0 += 8;
        p1 += 8;
        p2 += 8;
        p3 += 8;
        p4 += 8;
        p5 += 8;
        p6 += 8;
        p7 += 8;
        dst += colStride; cm += 8;
      }
      if (j >= n) break;
      // Column j is the missing diagonal of one (or more) of the eight rows: 0 there, and that row's
      // later cells sit one place earlier.
      let mx: i64 = load<i64>(cm);
      { const x: i64 = j == h0 ? 0 : load<i64>(p0); signS |= x; store<i64>(dst, x, 0); mx = select<i64>(x, mx, x > mx); if (j != h0) p0 += 8; }
      { const x: i64 = j == h1 ? 0 : load<i64>(p1); signS |= x; store<i64>(dst, x, 8); mx = select<i64>(x, mx, x > mx); if (j != h1) p1 += 8; }
      { const x: i64 = j == h2 ? 0 : load<i64>(p2); signS |= x; store<i64>(dst, x, 16); mx = select<i64>(x, mx, x > mx); if (j != h2) p2 += 8; }
      { const x: i64 = j == h3 ? 0 : load<i64>(p3); signS |= x; store<i64>(dst, x, 24); mx = select<i64>(x, mx, x > mx); if (j != h3) p3 += 8; }
      { const x: i64 = j == h4 ? 0 : load<i64>(p4); signS |= x; store<i64>(dst, x, 32); mx = select<i64>(x, mx, x > mx); if (j != h4) p4 += 8; }
      { const x: i64 = j == h5 ? 0 : load<i64>(p5); signS |= x; store<i64>(dst, x, 40); mx = select<i64>(x, mx, x > mx); if (j != h5) p5 += 8; }
      { const x: i64 = j == h6 ? 0 : load<i64>(p6); signS |= x; store<i64>(dst, x, 48); mx = select<i64>(x, mx, x > mx); if (j != h6) p6 += 8; }
      { const x: i64 = j == h7 ? 0 : load<i64>(p7); signS |= x; store<i64>(dst, x, 56); mx = select<i64>(x, mx, x > mx); if (j != h7) p7 += 8; }
      store<i64>(cm, mx);
      dst += colStride; cm += 8;
      j++;
    }
  }
  for (; ki < k; ki++) {
    const ia = <i32>ldU32(IDX2, ki), ha = <i32>ldU32(IDX3, ki);
    const pa = v + (<usize>ldU32(wp, ia) << 3);
    for (let j = 0; j < n; j++) {
      const xa = j == ha ? 0 : load<i64>(pa + (<usize>(j - <i32>(j > ha)) << 3));
      signS |= xa;
      stI64(t0, j * k + ki, xa);
      const m = ldI64(cmax, j);
      stI64(cmax, j, select<i64>(xa, m, xa > m));
    }
  }
  if (<bool>(<i32>((signS | i64x2.extract_lane(sign, 0) | i64x2.extract_lane(sign, 1)) < 0))) return false;
  for (let j = 0; j < n; j++) {
    const mx = ldI64(cmax, j);
    if (mx == 0) { stI64(out, j, 0); continue; }
    const s = j * k, e = s + k;
    const bits = 64 - <i32>clz(mx);
    const shift = bits > HIST_BITS ? bits - HIST_BITS : 0;
    memory.fill(HIST, 0, (1 << HIST_BITS) << 3);
    for (let q = s; q < e; q++) {
      const h = HIST + (<usize>(ldI64(M3_V, q) >> shift) << 3);
      store<i64>(h, load<i64>(h) + ldI64(USTAKE, q - s));
    }
    let below: i64 = 0;
    let bucket = 0;
    while (true) {
      const m = ldI64(HIST, bucket);
      if (minority < below + m) break;
      below += m;
      bucket++;
    }
    let hi = s;
    for (let q = s; q < e; q++) {
      const x = ldI64(M3_V, q);
      if (<i32>(x >> shift) == bucket) {
        stI64(M3_V, hi, x); stI64(M5_V, hi, ldI64(USTAKE, q - s)); hi++;
      }
    }
    stI64(out, j, quickselect(s, hi, below, minority));
  }
  return true;
}

// ---- sparse kernels ----

/** col_clip_sparse(src, threshold) → dst. */
export function colClip(sp: usize, sc: usize, sv: usize, rows: i32, thr: usize, cols: i32, dp: usize, dc: usize, dv: usize): void {
  let o = 0;
  stU32(dp, 0, 0);
  for (let i = 0; i < rows; i++) {
    const s = <i32>ldU32(sp, i), e = <i32>ldU32(sp, i + 1);
    for (let q = s; q < e; q++) {
      const j = <i32>ldU32(sc, q);
      const val = ldI64(sv, q);
      const th: i64 = j < cols ? ldI64(thr, j) : 0;
      if (th < val) {
        if (th > 0) { stU32(dc, o, <u32>j); stI64(dv, o, th); o++; }
      } else { stU32(dc, o, <u32>j); stI64(dv, o, val); o++; }
    }
    stU32(dp, i + 1, <u32>o);
  }
}

/** row_sum_sparse (plain sum). */
export function rowSum(p: usize, v: usize, rows: i32, out: usize): void {
  for (let i = 0; i < rows; i++) {
    const s = <i32>ldU32(p, i), e = <i32>ldU32(p, i + 1);
    let sum: i64 = 0;
    for (let q = s; q < e; q++) sum += ldI64(v, q);
    stI64(out, i, sum);
  }
}

/** matmul_sparse: out_j = Σ_i vec_i · m_ij (saturating). */
export function matmulSparse(p: usize, c: usize, v: usize, rows: i32, vec: usize, cols: i32, out: usize): void {
  memory.fill(out, 0, <usize>cols << 3);
  for (let i = 0; i < rows; i++) {
    const scale = ldI64(vec, i);
    const s = <i32>ldU32(p, i), e = <i32>ldU32(p, i + 1);
    for (let q = s; q < e; q++) {
      const j = <i32>ldU32(c, q);
      if (j < cols) stI64(out, j, fadd(ldI64(out, j), fmul(scale, ldI64(v, q))));
    }
  }
}

/** matmul_transpose_sparse: out_i = Σ_j vec_j · m_ij (saturating; vec has length vlen). */
export function matmulTransposeSparse(p: usize, c: usize, v: usize, rows: i32, vec: usize, vlen: i32, out: usize): void {
  for (let i = 0; i < rows; i++) {
    const s = <i32>ldU32(p, i), e = <i32>ldU32(p, i + 1);
    let acc: i64 = 0;
    for (let q = s; q < e; q++) {
      const j = <i32>ldU32(c, q);
      const x: i64 = j < vlen ? ldI64(vec, j) : 0;
      acc = fadd(acc, fmul(x, ldI64(v, q)));
    }
    stI64(out, i, acc);
  }
}

/**
 * interpolate_sparse(mat1, mat2, ratio) for 0 < ratio < 1: per row the union of both rows' columns
 * (ascending), cell = v1 + ratio·(v2 − v1), kept when positive (what the dense walk over 0..cols emits).
 */
export function interpolateSparse(ap: usize, ac: usize, av: usize, bp: usize, bc: usize, bv: usize, rows: i32, cols: i32, ratio: i64, dp: usize, dc: usize, dv: usize): void {
  // ratio 0 / 1 return mat1 / mat2 unchanged (zero and negative cells included).
  if (ratio == 0 || ratio == ONE) {
    const sp = ratio == 0 ? ap : bp, sc = ratio == 0 ? ac : bc, sv = ratio == 0 ? av : bv;
    const nnz = <usize>ldU32(sp, rows);
    memory.copy(dp, sp, (<usize>rows + 1) << 2);
    memory.copy(dc, sc, nnz << 2);
    memory.copy(dv, sv, nnz << 3);
    return;
  }
  let o = 0;
  stU32(dp, 0, 0);
  for (let i = 0; i < rows; i++) {
    let a = <i32>ldU32(ap, i);
    const ae = <i32>ldU32(ap, i + 1);
    let b = <i32>ldU32(bp, i);
    const be = <i32>ldU32(bp, i + 1);
    while (a < ae || b < be) {
      const ja: u32 = a < ae ? ldU32(ac, a) : 0xFFFF_FFFF;
      const jb: u32 = b < be ? ldU32(bc, b) : 0xFFFF_FFFF;
      const j = ja < jb ? ja : jb;
      let v1: i64 = 0, v2: i64 = 0;
      if (ja == j) { v1 = ldI64(av, a); a++; }
      if (jb == j) { v2 = ldI64(bv, b); b++; }
      if (<i32>j >= cols) continue;
      const interp = fadd(v1, fmul(ratio, fsub(v2, v1)));
      if (interp > 0) { stU32(dc, o, j); stI64(dv, o, interp); o++; }
    }
    stU32(dp, i + 1, <u32>o);
  }
}

/**
 * mat_ema_sparse(new, old, alpha): per row the union of columns (both ascending), cell =
 * alpha·new + (1−alpha)·old (saturating, new first), keeping positive cells.
 */
export function matEmaSparse(np: usize, nc: usize, nv: usize, op: usize, oc: usize, ov: usize, rows: i32, cols: i32, alpha: i64, dp: usize, dc: usize, dv: usize): void {
  const oma = fsub(ONE, alpha);
  let o = 0;
  stU32(dp, 0, 0);
  for (let i = 0; i < rows; i++) {
    let a = <i32>ldU32(np, i);
    const ae = <i32>ldU32(np, i + 1);
    let b = <i32>ldU32(op, i);
    const be = <i32>ldU32(op, i + 1);
    while (a < ae || b < be) {
      const ja: u32 = a < ae ? ldU32(nc, a) : 0xFFFF_FFFF;
      const jb: u32 = b < be ? ldU32(oc, b) : 0xFFFF_FFFF;
      const j = ja < jb ? ja : jb;
      let acc: i64 = 0;
      if (ja == j) { acc = fadd(acc, fmulP(alpha, ldI64(nv, a))); a++; }
      if (jb == j) { acc = fadd(acc, fmulP(oma, ldI64(ov, b))); b++; }
      if (<i32>j < cols && acc > 0) {
        stU32(dc, o, j); stI64(dv, o, acc); o++;
        // Column sums for the following normalisation (callers zero COLACC first).
        stI64(COLACC, <i32>j, fadd(ldI64(COLACC, <i32>j), acc));
      }
    }
    stU32(dp, i + 1, <u32>o);
  }
}

/** One classic EMA cell by the integer code (new cell wb[qa] if qa ≥ 0, stored cell b[qb] if qb ≥ 0); returns the value. */
// @ts-ignore: decorator
@inline
function emaCell(j: i32, wbV: usize, qa: i32, bv: usize, qb: i32, a: i64, alpha: i64, oma: i64): i64 {
  let acc: i64 = 0;
  if (qa >= 0) {
    // WB = clip(W): the clip step left ⌊a·w / 2^32⌋ for this cell in M5_V.
    let nv = preNV ? ldI64(M5_V, qa) : fmulP(ldI64(wbV, qa), a);
    const d = ldI64(DCOL, j);
    if (d != 0) nv = fdivInv(nv, d, load<f64>(DINV + (<usize>j << 3)));
    acc = fmulP(alpha, nv);
  }
  if (qb >= 0) {
    let ov = (<i64>ldU16(bv, qb)) << 32;
    const d = ldI64(BCOL, j);
    if (d != 0) ov = fdivInv(ov, d, load<f64>(BINV + (<usize>j << 3)));
    acc = fadd(acc, fmulP(oma, ov));
  }
  return acc;
}

/** Append EMA cell (j, acc) at ME slot o when positive, with its column sum and maximum; returns the new o. */
// @ts-ignore: decorator
@inline
function emaKeep(o: i32, j: i32, acc: i64): i32 {
  if (acc > 0) {
    stU32(ME_C, o, <u32>j); stI64(ME_V, o, acc);
    stI64(COLACC, j, fadd(ldI64(COLACC, j), acc));
    const m = ldI64(COLMAX, j);
    stI64(COLMAX, j, select<i64>(acc, m, acc > m));
    return o + 1;
  }
  return o;
}

/**
 * Classic bonds EMA: per row the union of WB's columns and the stored bond row's valid cells (column
 * < n, uid registered before last_tempo; BVALID), cell = α·ΔB̂ + (1−α)·B̂ (saturating, new first) kept
 * when positive, where ΔB̂ = (WB ∘ A) / DCOL and B̂ = stored / BCOL (safe column divisions; a zero
 * column sum leaves the value as is). Writes ME and accumulates the EMA's column sums in COLACC and
 * its column maxima in COLMAX (callers zero both first). Rows whose stored cells sit exactly on WB's
 * columns (the steady state), or that have no stored cells, run two cells at a time in f64x2.
 */
function emaClassic(wbP: usize, wbC: usize, wbV: usize, bp: usize, bc: usize, bv: usize, n: i32, alpha: i64): void {
  const oma = fsub(ONE, alpha);
  // With 0 ≤ α ≤ 1 every term is in [0, 2^32] and the sums cannot saturate (see emaPairs).
  const pairsOk = alpha >= 0 && alpha <= ONE;
  let o = 0;
  stU32(ME_P, 0, 0);
  for (let i = 0; i < n; i++) {
    const a = ldI64(A, i);
    let wa = <i32>ldU32(wbP, i);
    const we = <i32>ldU32(wbP, i + 1);
    let b = <i32>ldU32(bp, i);
    const be = <i32>ldU32(bp, i + 1);
    if (pairsOk) {
      let aligned = be == b;
      if (!aligned && be - b == we - wa) aligned = sameColumns(bc, b, wbC, wa, we - wa, n);
      if (aligned) {
        o = emaPairs(wbC, wbV, wa, we, bv, be == b ? -1 : b, a, alpha, oma, o);
        stU32(ME_P, i + 1, <u32>o);
        continue;
      }
    }
    while (true) {
      // Skip stored cells the bonds mask drops (BVALID is n wide: columns ≥ n are dropped first).
      let jb: u32 = 0xFFFF_FFFF;
      while (b < be) {
        const c = ldU16(bc, b);
        if (<i32>c < n && ldU8(BVALID, <i32>c) != 0) { jb = c; break; }
        b++;
      }
      const ja: u32 = wa < we ? ldU32(wbC, wa) : 0xFFFF_FFFF;
      if (ja == 0xFFFF_FFFF && jb == 0xFFFF_FFFF) break;
      const j = ja < jb ? ja : jb;
      const acc = emaCell(<i32>j, wbV, ja == j ? wa : -1, bv, jb == j ? b : -1, a, alpha, oma);
      if (ja == j) wa++;
      if (jb == j) b++;
      o = emaKeep(o, <i32>j, acc);
    }
    stU32(ME_P, i + 1, <u32>o);
  }
}

/**
 * Whether stored bond columns bc[b..b+len) equal WB's columns wbC[wa..wa+len) and are all valid
 * (BVALID; ALL_VALID when every uid < n is). Eight columns at a time (WB's u32 columns narrowed to u16:
 * they are < n ≤ 65535).
 */
function sameColumns(bc: usize, b: i32, wbC: usize, wa: i32, len: i32, n: i32): bool {
  let k = 0;
  if (allValid) {
    for (; k + 8 <= len; k += 8) {
      const w8 = i16x8.narrow_i32x4_u(v128.load(wbC + (<usize>(wa + k) << 2)), v128.load(wbC + (<usize>(wa + k) << 2), 16));
      if (!i16x8.all_true(i16x8.eq(w8, v128.load(bc + (<usize>(b + k) << 1))))) return false;
    }
  }
  for (; k < len; k++) {
    const c = ldU16(bc, b + k);
    if (<bool>(<i32>(c != ldU32(wbC, wa + k)) | <i32>(<i32>c >= n) | <i32>(ldU8(BVALID, <i32>c) == 0))) return false;
  }
  return true;
}

/**
 * emaClassic for one row whose stored cells (from b, or none when b < 0) have exactly WB's columns
 * wa..we: two cells at a time in exact-integer f64 (see floorBad). With 0 ≤ α ≤ 1 the operands are
 * ≤ 2^32 (ΔB̂ and B̂ are ≤ 1: each cell is one term of its column sum) so nothing saturates; every
 * product and quotient is floored with the near-integer check, and a flagged pair, or one with a zero
 * cell (dropped, not stored), is redone by the integer code. With WB = clip(W) the clip step's
 * products ⌊a·w / 2^32⌋ are read from M5_V instead of recomputed.
 */
/** One emaPairs pair with the full floorBad checks (the cheap check flagged it): its sum in pairAcc, flagged lanes returned. */
function emaPairExact(pre: bool, nvPre: usize, wbV: usize, q: i32, aF: v128, alF: v128, omF: v128, dinv: usize, binv: usize, j0: usize, j1: usize, hasOld: bool, bv: usize, b: i32, k: i32): v128 {
  let nv: v128, bad: v128;
  if (pre) {
    const nvi = v128.load(nvPre + (<usize>q << 3));
    bad = i64x2.ne(i64x2.shr_u(nvi, 52), i64x2.splat(0));
    nv = f64x2.sub(v128.or(nvi, i64x2.splat(0x4330_0000_0000_0000)), f64x2.splat(TWO52));
  } else {
    // nv = ⌊w·a / 2^32⌋
    const wv = v128.load(wbV + (<usize>q << 3));
    bad = i64x2.ne(i64x2.shr_u(wv, 52), i64x2.splat(0));
    const wf = f64x2.sub(v128.or(wv, i64x2.splat(0x4330_0000_0000_0000)), f64x2.splat(TWO52));
    const nq = f64x2.mul(wf, aF);
    nv = f64x2.floor(nq);
    bad = v128.or(bad, floorBad(nq, nv));
  }
  // ΔB̂ = ⌊nv·2^32 / DCOL_j⌋, then ⌊α·ΔB̂ / 2^32⌋
  const dq = f64x2.mul(nv, gather2(dinv, j0, j1));
  const db = f64x2.floor(dq);
  bad = v128.or(bad, floorBad(dq, db));
  const t1q = f64x2.mul(alF, db);
  let acc = f64x2.floor(t1q);
  bad = v128.or(bad, floorBad(t1q, acc));
  if (hasOld) {
    // B̂ = ⌊b·2^64 / BCOL_j⌋ (BINV2 = 2^32·BINV), then ⌊(1−α)·B̂ / 2^32⌋
    const bw = f64x2.convert_low_i32x4_u(i32x4.extend_low_i16x8_u(v128.load32_zero(bv + (<usize>(b + k) << 1))));
    const oq = f64x2.mul(bw, gather2(binv, j0, j1));
    const ob = f64x2.floor(oq);
    bad = v128.or(bad, floorBad(oq, ob));
    const t2q = f64x2.mul(omF, ob);
    const t2 = f64x2.floor(t2q);
    bad = v128.or(bad, floorBad(t2q, t2));
    acc = f64x2.add(acc, t2);
  }
  pairAcc = acc;
  return bad;
}

let pairAcc: v128 = i64x2.splat(0);

function emaPairs(wbC: usize, wbV: usize, wa: i32, we: i32, bv: usize, b: i32, a: i64, alpha: i64, oma: i64, o: i32): i32 {
  // Multipliers pre-scaled by 2^-32 (exact): one rounding per product, as before the scaling.
  const aF = f64x2.splat(<f64>a * INV32), alF = f64x2.splat(<f64>alpha * INV32), omF = f64x2.splat(<f64>oma * INV32);
  const dinv = DINV, binv = BINV2, meC = ME_C, meV = ME_V, colAcc = COLACC, colMax = COLMAX, nvPre = M5_V;
  const pre = preNV;
  const hasOld = b >= 0;
  let k = 0;
  const len = we - wa;
  for (; k + 1 < len; k += 2) {
    const q = wa + k;
    const j0 = <usize>ldU32(wbC, q), j1 = <usize>ldU32(wbC, q + 1);
    // Cheap check first (floorE / resE: one residue per floor, their minimum and the operands' maximum
    // tested once); a flagged pair is redone with the full floorBad checks, then by the integer code.
    let nv: v128, bad: v128;
    let ok = i64x2.splat(-1), xm = f64x2.splat(0.0);
    if (pre) {
      const nvi = v128.load(nvPre + (<usize>q << 3));
      bad = i64x2.ne(i64x2.shr_u(nvi, 52), i64x2.splat(0));
      nv = f64x2.sub(v128.or(nvi, i64x2.splat(0x4330_0000_0000_0000)), f64x2.splat(TWO52));
    } else {
      // nv = ⌊w·a / 2^32⌋
      const wv = v128.load(wbV + (<usize>q << 3));
      bad = i64x2.ne(i64x2.shr_u(wv, 52), i64x2.splat(0));
      const wf = f64x2.sub(v128.or(wv, i64x2.splat(0x4330_0000_0000_0000)), f64x2.splat(TWO52));
      const nq = f64x2.mul(wf, aF);
      nv = floorE(nq);
      ok = v128.and(ok, f64x2.ge(resE(nq, nv), f64x2.splat(2.0 * FLOOR_EPS))); xm = f64x2.pmax(xm, nq);
    }
    // ΔB̂ = ⌊nv·2^32 / DCOL_j⌋, then ⌊α·ΔB̂ / 2^32⌋
    const dq = f64x2.mul(nv, gather2(dinv, j0, j1));
    const db = floorE(dq);
    ok = v128.and(ok, f64x2.ge(resE(dq, db), f64x2.splat(2.0 * FLOOR_EPS))); xm = f64x2.pmax(xm, dq);
    const t1q = f64x2.mul(alF, db);
    let acc = floorE(t1q);
    ok = v128.and(ok, f64x2.ge(resE(t1q, acc), f64x2.splat(2.0 * FLOOR_EPS))); xm = f64x2.pmax(xm, t1q);
    if (hasOld) {
      // B̂ = ⌊b·2^64 / BCOL_j⌋ (BINV2 = 2^32·BINV), then ⌊(1−α)·B̂ / 2^32⌋
      const bw = f64x2.convert_low_i32x4_u(i32x4.extend_low_i16x8_u(v128.load32_zero(bv + (<usize>(b + k) << 1))));
      const oq = f64x2.mul(bw, gather2(binv, j0, j1));
      const ob = floorE(oq);
      ok = v128.and(ok, f64x2.ge(resE(oq, ob), f64x2.splat(2.0 * FLOOR_EPS))); xm = f64x2.pmax(xm, oq);
      const t2q = f64x2.mul(omF, ob);
      const t2 = floorE(t2q);
      ok = v128.and(ok, f64x2.ge(resE(t2q, t2), f64x2.splat(2.0 * FLOOR_EPS))); xm = f64x2.pmax(xm, t2q);
      acc = f64x2.add(acc, t2);
    }
    bad = v128.or(bad, v128.not(v128.and(ok, f64x2.lt(xm, f64x2.splat(17179869184.0)))));
    bad = v128.or(bad, f64x2.eq(acc, f64x2.splat(0.0)));
    if (v128.any_true(bad)) {
      bad = emaPairExact(pre, nvPre, wbV, q, aF, alF, omF, dinv, binv, j0, j1, hasOld, bv, b, k);
      acc = pairAcc;
      bad = v128.or(bad, f64x2.eq(acc, f64x2.splat(0.0)));
    }
    if (v128.any_true(bad)) {
      for (let t = 0; t < 2; t++) {
        const jj = <i32>ldU32(wbC, q + t);
        o = emaKeep(o, jj, emaCell(jj, wbV, q + t, bv, hasOld ? b + k + t : -1, a, alpha, oma));
      }
      continue;
    }
    const ai = i64x2.sub(v128.add<f64>(acc, f64x2.splat(TWO52)), i64x2.splat(0x4330_0000_0000_0000));
    stU32(meC, o, <u32>j0); stU32(meC, o + 1, <u32>j1);
    v128.store(meV + (<usize>o << 3), ai);
    o += 2;
    {
      // Column sums (no saturation: < 2^16 terms ≤ 2^33) and maxima; scalar stores measured faster
      // than vector read-modify-writes here.
      const a0 = i64x2.extract_lane(ai, 0), a1 = i64x2.extract_lane(ai, 1);
      const c0 = colAcc + (j0 << 3), c1 = colAcc + (j1 << 3);
      store<i64>(c0, load<i64>(c0) + a0);
      store<i64>(c1, load<i64>(c1) + a1);
      const m0 = colMax + (j0 << 3), m1 = colMax + (j1 << 3);
      const x0 = load<i64>(m0); store<i64>(m0, select<i64>(a0, x0, a0 > x0));
      const x1 = load<i64>(m1); store<i64>(m1, select<i64>(a1, x1, a1 > x1));
    }
  }
  if (k < len) {
    const jj = <i32>ldU32(wbC, wa + k);
    o = emaKeep(o, jj, emaCell(jj, wbV, wa + k, bv, hasOld ? b + k : -1, a, alpha, oma));
  }
  return o;
}

/** alpha_sigmoid of run_epoch.rs. */
export function alphaSigmoid(consensus: i64, weight: i64, bond: i64, low: i64, high: i64, steepDiv: i64): i64 {
  return sigmoidOfCombined(combinedDiff(consensus, weight, bond), low, high, steepDiv);
}

/** The clamped buy / sell difference alpha_sigmoid feeds to the sigmoid. */
// @ts-ignore: decorator
@inline
function combinedDiff(consensus: i64, weight: i64, bond: i64): i64 {
  // Buy side (weight ≥ bond): weight − consensus; sell side: bond − weight; clamped to [0, 1].
  // Branch-free: which side applies is a coin flip per cell.
  const d = select<i64>(fsub(weight, consensus), fsub(bond, weight), weight >= bond);
  return select<i64>(ONE, select<i64>(0, d, d < 0), d > ONE);
}

/** alpha_sigmoid's value as a (pure) function of the combined difference. */
function sigmoidOfCombined(combined: i64, low: i64, high: i64, steepDiv: i64): i64 {
  const x = fmul(steepDiv, fsub(combined, ONE >> 1));
  const sigmoid = fdivSat(ONE, fadd(ONE, expSafe(x)));
  let alpha = fadd(low, fmul(sigmoid, fsub(high, low)));
  alpha = alpha > high ? high : alpha;
  alpha = alpha < low ? low : alpha;
  return alpha;
}

/**
 * mat_ema_alpha_sparse with liquid alphas computed only where they are used: for every cell of the
 * new (weights-for-bonds) row, α = alpha_sigmoid(C_j, w, b), value = min(1, (1−α)·b + max(0, α·w)).
 */
export function matEmaLiquid(np: usize, nc: usize, nv: usize, op: usize, oc: usize, ov: usize, rows: i32, cols: i32, cons: usize, low: i64, high: i64, steepDiv: i64, dp: usize, dc: usize, dv: usize): void {
  // Cells whose combined difference is exactly 0 (weight ≤ consensus on the buy side, bond ≤ weight
  // on the sell side; common) share one alpha: the sigmoid is a pure function of that difference.
  const alphaZero = sigmoidOfCombined(0, low, high, steepDiv);
  const omaZero = fsub(ONE, alphaZero);
  // Pair path: both alphas below 2^32 (32-bit multiplies); see liquidPairs.
  const pairsOk = <u64>(alphaZero | omaZero) < 0x1_0000_0000;
  let o = 0;
  stU32(dp, 0, 0);
  for (let i = 0; i < rows; i++) {
    let a = <i32>ldU32(np, i);
    const ae = <i32>ldU32(np, i + 1);
    let b = <i32>ldU32(op, i);
    const be = <i32>ldU32(op, i + 1);
    if (pairsOk && be - b == ae - a && sameColumns32(nc, a, oc, b, ae - a)) {
      o = liquidPairs(nc, nv, a, ae, ov, b, cols, cons, low, high, steepDiv, alphaZero, omaZero, dc, dv, o);
      stU32(dp, i + 1, <u32>o);
      continue;
    }
    for (; a < ae; a++) {
      const j = ldU32(nc, a);
      if (<i32>j >= cols) continue;
      while (b < be && ldU32(oc, b) < j) b++;
      // No stored bond reads as 0: fmul(x, 0) = 0, so the decayed term needs no test.
      const hasOld = <bool>(<i32>(b < be) & <i32>(ldU32(oc, b < be ? b : 0) == j));
      const old: i64 = select<i64>(ldI64(ov, b < be ? b : 0), 0, hasOld);
      const val = liquidCell(ldI64(cons, <i32>j), ldI64(nv, a), old, low, high, steepDiv, alphaZero, omaZero);
      if (val > 0) o = liquidKeep(dc, dv, o, j, val);
    }
    stU32(dp, i + 1, <u32>o);
  }
}

/** One liquid-alpha EMA cell: min(1, (1−α)·old + max(0, α·w)) with α = alpha_sigmoid(c, w, old). */
// @ts-ignore: decorator
@inline
function liquidCell(c: i64, w: i64, old: i64, low: i64, high: i64, steepDiv: i64, alphaZero: i64, omaZero: i64): i64 {
  const combined = combinedDiff(c, w, old);
  let alpha = alphaZero, oma = omaZero;
  if (combined != 0) { alpha = sigmoidOfCombined(combined, low, high, steepDiv); oma = fsub(ONE, alpha); }
  const decayed = fmulP(oma, old);
  let inc = fmulP(alpha, w);
  inc = select<i64>(inc, 0, inc >= 0);
  const val = fadd(decayed, inc);
  return select<i64>(val, ONE, val <= ONE);
}

/** Store a positive EMA cell at slot o (and add it to its column sum, COLACC); returns o + 1. */
// @ts-ignore: decorator
@inline
function liquidKeep(dc: usize, dv: usize, o: i32, j: u32, val: i64): i32 {
  stU32(dc, o, j); stI64(dv, o, val);
  // Column sums for the dividends' normalisation (callers zero COLACC first).
  stI64(COLACC, <i32>j, fadd(ldI64(COLACC, <i32>j), val));
  return o + 1;
}

/** Whether u32 columns x[xa..xa+len) equal y[ya..ya+len) (four at a time). */
function sameColumns32(x: usize, xa: i32, y: usize, ya: i32, len: i32): bool {
  let k = 0;
  for (; k + 4 <= len; k += 4) {
    if (!i32x4.all_true(i32x4.eq(v128.load(x + (<usize>(xa + k) << 2)), v128.load(y + (<usize>(ya + k) << 2))))) return false;
  }
  for (; k < len; k++) if (ldU32(x, xa + k) != ldU32(y, ya + k)) return false;
  return true;
}

/**
 * matEmaLiquid for one row whose stored cells (from b) sit exactly on the new row's columns a..ae:
 * two cells at a time while both have combined difference 0 (old ≤ w ≤ c_j: the shared alpha) and
 * w, old < 2^32: value = ⌊(1−α)·old / 2^32⌋ + ⌊α·w / 2^32⌋ by exact 32×32→64 multiplies (≤ 1, no
 * clamp or saturation can apply). Other pairs, and pairs with a zero value, take liquidCell.
 */
function liquidPairs(nc: usize, nv: usize, a: i32, ae: i32, ov: usize, b: i32, cols: i32, cons: usize, low: i64, high: i64, steepDiv: i64, alphaZero: i64, omaZero: i64, dc: usize, dv: usize, o: i32): i32 {
  const alV = i32x4.splat(<i32>alphaZero), omV = i32x4.splat(<i32>omaZero);
  const colAcc = COLACC;
  let k = 0;
  const len = ae - a;
  for (; k + 1 < len; k += 2) {
    const q = a + k;
    const j0 = ldU32(nc, q), j1 = ldU32(nc, q + 1);
    const w = v128.load(nv + (<usize>q << 3));
    const old = v128.load(ov + (<usize>(b + k) << 3));
    const c = gather2(cons, <usize>j0, <usize>j1);
    const ok = v128.and(v128.and(i64x2.le_s(old, w), i64x2.le_s(w, c)), i64x2.eq(i64x2.shr_u(v128.or(w, old), 32), i64x2.splat(0)));
    const val = i64x2.add(
      i64x2.shr_u(i64x2.extmul_low_i32x4_u(v128.shuffle<i32>(old, old, 0, 2, 0, 2), omV), 32),
      i64x2.shr_u(i64x2.extmul_low_i32x4_u(v128.shuffle<i32>(w, w, 0, 2, 0, 2), alV), 32));
    if (<bool>(<i32>!i64x2.all_true(ok) | <i32>!i64x2.all_true(val) | <i32>(<i32>j1 >= cols))) {
      for (let t = 0; t < 2; t++) {
        const j = ldU32(nc, q + t);
        if (<i32>j >= cols) continue;
        const v = liquidCell(ldI64(cons, <i32>j), ldI64(nv, q + t), ldI64(ov, b + k + t), low, high, steepDiv, alphaZero, omaZero);
        if (v > 0) o = liquidKeep(dc, dv, o, j, v);
      }
      continue;
    }
    stU32(dc, o, j0); stU32(dc, o + 1, j1);
    v128.store(dv + (<usize>o << 3), val);
    o += 2;
    const c0 = colAcc + (<usize>j0 << 3), c1 = colAcc + (<usize>j1 << 3);
    store<i64>(c0, load<i64>(c0) + i64x2.extract_lane(val, 0));
    store<i64>(c1, load<i64>(c1) + i64x2.extract_lane(val, 1));
  }
  if (k < len) {
    const j = ldU32(nc, a + k);
    if (<i32>j < cols) {
      const v = liquidCell(ldI64(cons, <i32>j), ldI64(nv, a + k), ldI64(ov, b + k), low, high, steepDiv, alphaZero, omaZero);
      if (v > 0) o = liquidKeep(dc, dv, o, j, v);
    }
  }
  return o;
}

/** mat_ema_alpha_sparse(new, old, alpha) with a dense alpha matrix (rows × acols), for the math vectors. */
export function matEmaAlphaDense(np: usize, nc: usize, nv: usize, op: usize, oc: usize, ov: usize, rows: i32, alpha: usize, acols: i32, dp: usize, dc: usize, dv: usize): void {
  let o = 0;
  stU32(dp, 0, 0);
  for (let i = 0; i < rows; i++) {
    const arow = alpha + ((<usize>i * <usize>acols) << 3);
    // decayed values into SCORES (acols wide), last write wins as in Rust.
    memory.fill(SCORES, 0, <usize>acols << 3);
    const oe = <i32>ldU32(op, i + 1);
    for (let b = <i32>ldU32(op, i); b < oe; b++) {
      const j = <i32>ldU32(oc, b);
      if (j < acols) stI64(SCORES, j, fmul(fsub(ONE, ldI64(arow, j)), ldI64(ov, b)));
    }
    const ne = <i32>ldU32(np, i + 1);
    for (let a = <i32>ldU32(np, i); a < ne; a++) {
      const j = <i32>ldU32(nc, a);
      if (j >= acols) continue;
      let inc = fmul(ldI64(arow, j), ldI64(nv, a));
      if (inc < 0) inc = 0;
      let val = fadd(ldI64(SCORES, j), inc);
      if (val > ONE) val = ONE;
      if (val > 0) { stU32(dc, o, <u32>j); stI64(dv, o, val); o++; }
    }
    stU32(dp, i + 1, <u32>o);
  }
}

// ---- exact-integer f64x2 arithmetic ----
// Fixed-point values below 2^52 are exact in f64. A floor of a product or quotient computed in f64
// (relative error < 2^-51 for the operands used here, so absolute error < 2^-17 below 2^34) is exact
// unless the true value lies within that error of an integer: floorBad flags every lane whose computed
// value is ≥ 2^34 (or NaN) or within 2^-16 of an integer (except an exact 0, which only a zero operand
// gives); callers redo flagged cells with the integer code.
const TWO52: f64 = 4503599627370496.0;
const TWO53: f64 = 9007199254740992.0;
const INV32: f64 = 1.0 / 4294967296.0;
const U16_SCALE: f64 = 65535.0 / 4294967296.0; // exact: a 16-bit mantissa
const FLOOR_EPS: f64 = 1.0 / 65536.0;

/** (base[j0], base[j1]) as f64x2. */
// @ts-ignore: decorator
@inline function gather2(base: usize, j0: usize, j1: usize): v128 {
  return v128.load64_lane(base + (j1 << 3), v128.load64_splat(base + (j0 << 3)), 1);
}

// @ts-ignore: decorator
@inline function floorBad(x: v128, fl: v128): v128 {
  const fr = f64x2.sub(x, fl);
  const nearLow = v128.and(f64x2.lt(fr, f64x2.splat(FLOOR_EPS)), f64x2.ne(x, f64x2.splat(0.0)));
  const nearHigh = f64x2.gt(fr, f64x2.splat(1.0 - FLOOR_EPS));
  const range = v128.not(f64x2.lt(x, f64x2.splat(17179869184.0)));
  return v128.or(v128.or(nearLow, nearHigh), range);
}

// Cheap floor check: floorE(x) = ⌊x + ε⌋ (ε = FLOOR_EPS) and resE(x, f) = x + ε − f ∈ [0, 1). With
// resE ≥ 2ε (computed: x + ε rounds by ≤ 2^-19 below 2^34) the computed x lies in [f + ε − 2^-19,
// f + 1 − ε + 2^-19], and the exact value (within 2^-17 of it, as for floorBad) strictly inside (f, f + 1):
// floorE(x) is its exact floor. The callers also test the operands' maximum (f64x2.pmax, plain maxpd)
// < 2^34; NaN and ±∞ fail resE ≥ 2ε. Every other lane goes to the full floorBad check (an exact 0,
// resE = ε, passes there), then to the integer code.
// @ts-ignore: decorator
@inline function floorE(x: v128): v128 { return f64x2.floor(f64x2.add(x, f64x2.splat(FLOOR_EPS))); }
// @ts-ignore: decorator
@inline function resE(x: v128, f: v128): v128 { return f64x2.sub(f64x2.add(x, f64x2.splat(FLOOR_EPS)), f); }

/**
 * One cell of the classic EMA pass, integer code: normalises ME_V[q] by its column sum (COLACC /
 * COLINV) and returns its dividend term ⌊I_j · v / 2^32⌋; with permit, stores the upscaled u16 bond
 * (column max in COLMAX / BINV) at output slot o.
 */
function emaCellScalar(q: i32, permit: bool, o: i32, obc: usize, obv: usize): i64 {
  const j = <i32>ldU32(ME_C, q);
  const d = ldI64(COLACC, j);
  let v = ldI64(ME_V, q);
  if (d != 0) v = fdivInv(v, d, load<f64>(COLINV + (<usize>j << 3)));
  const term = fmulP(ldI64(INC, j), v);
  if (permit) {
    const m = ldI64(COLMAX, j);
    if (m != 0) v = fdivInv(v, m, load<f64>(BINV + (<usize>j << 3)));
    stU16(obc, o, <u32>j);
    stU16(obv, o, proportionToU16(v));
  }
  return term;
}

/**
 * Stored weights cells [q0, q1) → W_C (u32 columns) and W_V (raw w << 32) from slot o, eight at a
 * time; returns Σ w.
 */
function copyWeights(wc: usize, wv: usize, q0: i32, q1: i32, o: i32): i64 {
  const wC = W_C, wV = W_V;
  let acc = i32x4.splat(0);
  let q = q0;
  for (; q + 8 <= q1; q += 8, o += 8) {
    const c8 = v128.load(wc + (<usize>q << 1));
    v128.store(wC + (<usize>o << 2), i32x4.extend_low_i16x8_u(c8));
    v128.store(wC + (<usize>o << 2), i32x4.extend_high_i16x8_u(c8), 16);
    const w8 = v128.load(wv + (<usize>q << 1));
    acc = i32x4.add(acc, i32x4.extadd_pairwise_i16x8_u(w8));
    const lo = i32x4.extend_low_i16x8_u(w8), hi = i32x4.extend_high_i16x8_u(w8);
    const at = wV + (<usize>o << 3);
    v128.store(at, i64x2.shl(i64x2.extend_low_i32x4_u(lo), 32));
    v128.store(at, i64x2.shl(i64x2.extend_high_i32x4_u(lo), 32), 16);
    v128.store(at, i64x2.shl(i64x2.extend_low_i32x4_u(hi), 32), 32);
    v128.store(at, i64x2.shl(i64x2.extend_high_i32x4_u(hi), 32), 48);
  }
  // Each lane sums fewer than 2^16 u16 values (n ≤ 65535): below 2^32, read unsigned.
  let sum: i64 = (<i64><u32>i32x4.extract_lane(acc, 0)) + (<i64><u32>i32x4.extract_lane(acc, 1)) + (<i64><u32>i32x4.extract_lane(acc, 2)) + (<i64><u32>i32x4.extract_lane(acc, 3));
  for (; q < q1; q++, o++) {
    const w = <i64>ldU16(wv, q);
    stU32(wC, o, ldU16(wc, q));
    stI64(wV, o, w << 32);
    sum += w;
  }
  return sum;
}

let clipKept: bool = false;

/**
 * One cell of col_clip + row sum + incentive: min(W_V[q], C_j), dropped when C_j ≤ 0 < W_V[q]
 * (clipKept = false, nothing stored), else stored at WC slot o (with ⌊a·val / 2^32⌋ at M5_V slot o)
 * and added to I_j as a·val. Returns
 * the value added to the row sum (0 when dropped). Branch-free: the clip test is a coin flip.
 */
// @ts-ignore: decorator
@inline
function clipCell(q: i32, a: i64, o: i32): i64 {
  const j = <i32>ldU32(W_C, q);
  const raw = ldI64(W_V, q);
  const th = ldI64(C, j);
  const over = th < raw;
  const keep = <bool>(<i32>!over | <i32>(th > 0));
  const val = select<i64>(select<i64>(th, raw, over), 0, keep);
  stU32(WC_C, o, <u32>j); stI64(WC_V, o, val);
  const p = fmulP(a, val);
  stI64(M5_V, o, p); // ΔB's numerator for the classic bonds (emaClassic)
  stI64(INC, j, fadd(ldI64(INC, j), p));
  clipKept = keep;
  return val;
}

/** Yuma3 dividend term of EMA cell q by the integer code: ⌊(E / colsum_j) · I_j⌋ (COLACC / COLINV). */
function yuma3Term(q: i32): i64 {
  const j = <i32>ldU32(ME_C, q);
  const d = ldI64(COLACC, j);
  let v = ldI64(ME_V, q);
  if (d != 0) v = fdivInv(v, d, load<f64>(COLINV + (<usize>j << 3)));
  return fmulP(v, ldI64(INC, j));
}

/** Yuma3 stored bond of EMA cell q (the EMA as u16) at output slot o. */
// @ts-ignore: decorator
@inline
function yuma3Bond(q: i32, o: i32, obc: usize, obv: usize): void {
  stU16(obc, o, ldU32(ME_C, q));
  stU16(obv, o, proportionToU16(ldI64(ME_V, q)));
}

/**
 * Stored bond cells [q0, q1) → MB from slot o: u32 columns and the u16 as a proportion,
 * fdiv(b, 65535) = ⌊b·2^32 / 65535⌋ = b·65537 + [b = 65535] (2^32 = 65535·65537 + 1); eight at a time.
 */
function copyProportions(bc: usize, bv: usize, q0: i32, q1: i32, o: i32): void {
  const mbC = MB_C, mbV = MB_V;
  let q = q0;
  for (; q + 8 <= q1; q += 8, o += 8) {
    const c8 = v128.load(bc + (<usize>q << 1));
    v128.store(mbC + (<usize>o << 2), i32x4.extend_low_i16x8_u(c8));
    v128.store(mbC + (<usize>o << 2), i32x4.extend_high_i16x8_u(c8), 16);
    const b8 = v128.load(bv + (<usize>q << 1));
    const lo = i32x4.extend_low_i16x8_u(b8), hi = i32x4.extend_high_i16x8_u(b8);
    const at = mbV + (<usize>o << 3);
    v128.store(at, proportions2(i64x2.extend_low_i32x4_u(lo)));
    v128.store(at, proportions2(i64x2.extend_high_i32x4_u(lo)), 16);
    v128.store(at, proportions2(i64x2.extend_low_i32x4_u(hi)), 32);
    v128.store(at, proportions2(i64x2.extend_high_i32x4_u(hi)), 48);
  }
  for (; q < q1; q++, o++) {
    stU32(mbC, o, ldU16(bc, q));
    const b = <i64>ldU16(bv, q);
    stI64(mbV, o, b * 65537 + <i64>(b == 65535));
  }
}

/** b·65537 + [b = 65535] per i64 lane (b a u16). */
// @ts-ignore: decorator
@inline function proportions2(b: v128): v128 {
  // [b = 65535] as 0 / −1 per lane: subtract it.
  return i64x2.sub(i64x2.add(i64x2.shl(b, 16), b), i64x2.eq(b, i64x2.splat(65535)));
}

// ---- emission helpers ----

/** I96F32(x) · I96F32(e) → u64 (floor, saturating; negative → 0). */
function shareOf(x: i64, e: u64): u64 {
  if (x <= 0 || e == 0) return 0;
  const lo = umul128(<u64>x, e);
  const hi = hi128;
  if (hi >= 0x1_0000_0000) return 0xFFFF_FFFF_FFFF_FFFF;
  return (hi << 32) | (lo >> 32);
}

/** floor(bma · 2^32 / 1e6) as I32F32 (I64F64 division then narrowing), saturating. */
function bmaFraction(bma: u64): i64 {
  if (bma >= 2147483648000000) return I64_MAX;
  return <i64>divlu(bma >> 32, bma << 32, 1000000);
}

// ---- the epoch ----

export function runEpoch(): void {
  const n = <i32>param(P_N);
  const block = param(P_BLOCK);
  const tempo = param(P_TEMPO);
  const cutoff = param(P_CUTOFF);
  const ownerRaw = param(P_OWNER);
  const hasOwner = ownerRaw != 0xFFFF_FFFF_FFFF_FFFF;
  const owner = hasOwner ? <i32>ownerRaw : -1;
  const lastUpdate = regionPtr(R_LAST_UPDATE), reg = regionPtr(R_REG);
  const oActive = regionPtr(R_O_ACTIVE), oPermit = regionPtr(R_O_PERMIT);

  // 1. Activity.
  for (let i = 0; i < n; i++) {
    const lu = ldU64(lastUpdate, i);
    let t = lu + cutoff;
    if (t < lu) t = 0xFFFF_FFFF_FFFF_FFFF;
    const inactive = t < block;
    stU8(INACT, i, inactive ? 1 : 0);
    stU8(oActive, i, inactive ? 0 : 1);
  }

  // 2. Stake: X_i = alpha_i·2^32 + root_i·tw (I64F64 raw / 2^32), threshold, normalise in I64F64 → I32F32.
  const taoWeight = param(P_TAO_WEIGHT);
  const tw: u64 = divlu(taoWeight >> 32, taoWeight << 32, 0xFFFF_FFFF_FFFF_FFFF);
  const threshold = param(P_STAKE_THRESHOLD);
  const alphaP = regionPtr(R_ALPHA), rootP = regionPtr(R_ROOT);
  let sumLo: u64 = 0, sumHi: u64 = 0;
  for (let i = 0; i < n; i++) {
    const al = ldU64(alphaP, i);
    let xlo = al << 32, xhi = al >> 32;
    const rlo = umul128(ldU64(rootP, i), tw);
    const rhi = hi128;
    const nlo = xlo + rlo;
    xhi = xhi + rhi + (nlo < xlo ? 1 : 0);
    xlo = nlo;
    const intPart: u64 = xhi >= 0x1_0000_0000 ? 0xFFFF_FFFF_FFFF_FFFF : (xhi << 32) | (xlo >> 32);
    if (i != owner && intPart < threshold) { xlo = 0; xhi = 0; }
    stU64(XLO, i, xlo); stU64(XHI, i, xhi);
    const s2 = sumLo + xlo;
    sumHi = sumHi + xhi + (s2 < sumLo ? 1 : 0);
    sumLo = s2;
  }
  for (let i = 0; i < n; i++) {
    let rlo = ldU64(XLO, i), rhi = ldU64(XHI, i);
    if (sumLo == 0 && sumHi == 0) { stI64(S, i, <i64>rlo); continue; }
    // floor(X · 2^32 / Σ), X ≤ Σ: bit-serial long division (33 quotient bits at most).
    let q: u64 = 0;
    if (rhi > sumHi || (rhi == sumHi && rlo >= sumLo)) {
      q = 1;
      const nl = rlo - sumLo;
      rhi = rhi - sumHi - (rlo < sumLo ? 1 : 0);
      rlo = nl;
    }
    if (sumHi == 0) {
      // Σ < 2^64 and remainder < Σ: one hardware-assisted 128/64 step.
      q = (q << 32) | divlu(rlo >> 32, rlo << 32, sumLo);
    } else {
      for (let b = 0; b < 32; b++) {
        rhi = (rhi << 1) | (rlo >> 63);
        rlo = rlo << 1;
        q = q << 1;
        if (rhi > sumHi || (rhi == sumHi && rlo >= sumLo)) {
          const nl = rlo - sumLo;
          rhi = rhi - sumHi - (rlo < sumLo ? 1 : 0);
          rlo = nl;
          q |= 1;
        }
      }
    }
    stI64(S, i, <i64>q);
  }

  // 3–4. Permits: old (owner forced) and new top-k non-zero (owner forced).
  const permitIn = regionPtr(R_PERMIT);
  for (let i = 0; i < n; i++) stU8(OLDP, i, ldU8(permitIn, i));
  if (owner >= 0 && owner < n) stU8(OLDP, owner, 1);
  isTopkNonzero(S, n, <i32>param(P_MAX_VALIDATORS), oPermit);
  if (owner >= 0 && owner < n) stU8(oPermit, owner, 1);

  // 5. Active stake.
  for (let i = 0; i < n; i++) {
    stI64(A, i, (ldU8(INACT, i) == 0 && ldU8(OLDP, i) != 0) ? ldI64(S, i) : 0);
  }
  normalizeVec(A, n);

  // 6. Weights: permit rows, diagonal (owner kept), outdated, commit-reveal; then row-normalise.
  const commitReveal = param(P_COMMIT_REVEAL) != 0;
  const commit = regionPtr(R_COMMIT);
  const wp = regionPtr(R_W_PTR), wc = regionPtr(R_W_COL), wv = regionPtr(R_W_VAL);
  // Column counts of the positive cells in rows with active stake (consensusFast's first step), in M3_P.
  memory.fill(M3_P, 0, (<usize>n + 1) << 2);
  memory.fill(IDX3, 0xFF, <usize>n << 2); // rows of the dense consensus block: see below
  let maxReg: u64 = 0;
  for (let j = 0; j < n; j++) { const r = ldU64(reg, j); maxReg = r > maxReg ? r : maxReg; }
  let negative = false;
  {
    const wC = W_C, wV = W_V, cnts = M3_P;
    let o = 0;
    stU32(W_P, 0, 0);
    for (let i = 0; i < n; i++) {
      if (ldU8(OLDP, i) != 0) {
        const lu = ldU64(lastUpdate, i);
        const cb = ldU64(commit, i);
        const s = <i32>ldU32(wp, i), e = <i32>ldU32(wp, i + 1);
        let isum: i64 = 0;
        if (<bool>(<i32>(lu > maxReg) & (<i32>!commitReveal | <i32>(cb >= maxReg)))) {
          // Every uid registered before this row's last update (and its commits): the mask only
          // drops columns ≥ n (a tail: rows ascend) and the diagonal; the rest is copied in bulk.
          let e2 = e;
          while (e2 > s && <i32>ldU16(wc, e2 - 1) >= n) e2--;
          let pd = e2;
          if (i != owner) {
            // Binary search for column i.
            let lo = s, hi = e2;
            while (lo < hi) { const mid = (lo + hi) >>> 1; if (<i32>ldU16(wc, mid) < i) lo = mid + 1; else hi = mid; }
            if (lo < e2 && <i32>ldU16(wc, lo) == i) pd = lo;
          }
          isum = copyWeights(wc, wv, s, pd, o);
          o += pd - s;
          if (pd < e2) {
            isum += copyWeights(wc, wv, pd + 1, e2, o);
            o += e2 - pd - 1;
          }
        } else {
          for (let q = s; q < e; q++) {
            const j = <i32>ldU16(wc, q);
            if (j >= n) continue;
            if (j == i && i != owner) continue;
            const rj = ldU64(reg, j);
            if (lu <= rj) continue;
            if (commitReveal && cb < rj) continue;
            const w = <i64>ldU16(wv, q);
            stU32(wC, o, <u32>j);
            stI64(wV, o, w << 32);
            isum += w;
            o++;
          }
        }
        // Row-normalise while the row is in cache (inplace_row_normalize_sparse): Σ (w << 32) wraps
        // exactly as (Σ w) << 32. Two cells at a time in exact-integer f64 (see floorBad; w·2^32 and
        // the quotient ≤ 2^32 are exact), flagged pairs by fdivInv; positive cells of rows with stake
        // counted per column for the consensus.
        const rs = <i32>ldU32(W_P, i);
        const sum = isum << 32;
        const kept = ldI64(A, i) > 0;
        if (sum > 0) {
          const inv = invOf(sum);
          const invV = f64x2.splat(inv);
          let q = rs;
          for (; q + 1 < o; q += 2) {
            const at = wV + (<usize>q << 3);
            const wf = f64x2.sub(v128.or(v128.load(at), i64x2.splat(0x4330_0000_0000_0000)), f64x2.splat(TWO52));
            const xq = f64x2.mul(wf, invV);
            const x = f64x2.floor(xq);
            if (v128.any_true(floorBad(xq, x))) {
              stI64(wV, q, fdivInv(ldI64(wV, q), sum, inv));
              stI64(wV, q + 1, fdivInv(ldI64(wV, q + 1), sum, inv));
            } else {
              v128.store(at, i64x2.sub(v128.add<f64>(x, f64x2.splat(TWO52)), i64x2.splat(0x4330_0000_0000_0000)));
            }
          }
          if (q < o) stI64(wV, q, fdivInv(ldI64(wV, q), sum, inv));
        }
        if (kept) {
          // A row holding every column (or all but its own) in order goes to the consensus' dense
          // block (IDX3[i] = its missing column, n if none) and is not counted here.
          const len = o - rs;
          const h = len == n ? n : i;
          if (<bool>(<i32>(len == n) | <i32>(len == n - 1)) && iotaRun(wC, rs, 0, h, 0) && iotaRun(wC, rs, h, len, 1)) {
            stU32(IDX3, i, <u32>h);
          } else {
            for (let q = rs; q < o; q++) {
              const x = ldI64(wV, q);
              negative |= x < 0;
              const cnt = cnts + (<usize>ldU32(wC, q) << 2) + 4;
              store<u32>(cnt, load<u32>(cnt) + <u32>(x > 0));
            }
          }
        }
      }
      stU32(W_P, i + 1, <u32>o);
    }
  }

  // 7. Consensus.
  const kappa = fdiv((<i64>param(P_KAPPA)) << 32, 65535 * ONE);
  if (negative || !consensusFast(A, W_P, W_C, W_V, n, kappa, C, true)) weightedMedianColSparse(A, W_P, W_C, W_V, n, n, kappa, C);

  // 8–10. Clip, validator trust, ranks → incentive.
  // col_clip_sparse, row_sum_sparse and matmul_sparse fused in one row-major pass.
  {
    memory.fill(INC, 0, <usize>n << 3);
    const wC = W_C, wV = W_V, cons = C, wcC = WC_C, wcV = WC_V, inc = INC, nvOut = M5_V;
    let o = 0;
    stU32(WC_P, 0, 0);
    for (let i = 0; i < n; i++) {
      const a = ldI64(A, i);
      const s = <i32>ldU32(W_P, i), e = <i32>ldU32(W_P, i + 1);
      let sum: i64 = 0;
      let q = s;
      if (<u64>a < 0x1_0000_0000) {
        // Two cells at a time: min(val, th) by i64x2 compares; I_j += ⌊a·val / 2^32⌋ exactly by a
        // 32×32→64 multiply while val < 2^32. Incentive terms are ≤ 2^32 and a column has < 2^16 of
        // them, so the saturating column sums are plain sums (any order). A pair with a dropped cell
        // (th ≤ 0 < val) or val ≥ 2^32 goes through the scalar code.
        const aV = i32x4.splat(<i32>a);
        let sumV = i64x2.splat(0);
        for (; q + 1 < e; q += 2) {
          const j0 = <usize>ldU32(wC, q), j1 = <usize>ldU32(wC, q + 1);
          const raw = v128.load(wV + (<usize>q << 3));
          const th = gather2(cons, j0, j1);
          const over = i64x2.gt_s(raw, th);
          const val = v128.bitselect(th, raw, over);
          const drop = v128.and(over, i64x2.le_s(th, i64x2.splat(0)));
          // Both dropped (columns with consensus 0: most of a sparse subnet): nothing to store or add.
          if (i64x2.all_true(drop)) continue;
          const odd = v128.or(drop, i64x2.ne(i64x2.shr_u(val, 32), i64x2.splat(0)));
          if (v128.any_true(odd)) {
            for (let t = 0; t < 2; t++) {
              const r = clipCell(q + t, a, o);
              sum += r; o += <i32>clipKept;
            }
            continue;
          }
          stU32(wcC, o, <u32>j0); stU32(wcC, o + 1, <u32>j1);
          v128.store(wcV + (<usize>o << 3), val);
          sumV = i64x2.add(sumV, val);
          const p = i64x2.shr_u(i64x2.extmul_low_i32x4_u(v128.shuffle<i32>(val, val, 0, 2, 0, 2), aV), 32);
          v128.store(nvOut + (<usize>o << 3), p);
          o += 2;
          if (j1 == j0 + 1) {
            const at = inc + (j0 << 3);
            v128.store(at, i64x2.add(v128.load(at), p));
          } else {
            const at0 = inc + (j0 << 3), at1 = inc + (j1 << 3);
            store<i64>(at0, load<i64>(at0) + i64x2.extract_lane(p, 0));
            store<i64>(at1, load<i64>(at1) + i64x2.extract_lane(p, 1));
          }
        }
        sum += i64x2.extract_lane(sumV, 0) + i64x2.extract_lane(sumV, 1);
      }
      for (; q < e; q++) {
        sum += clipCell(q, a, o);
        o += <i32>clipKept;
      }
      stI64(VT, i, sum);
      stU32(WC_P, i + 1, <u32>o);
    }
  }
  // Column sums of ΔB = clip(W) ∘ A for the classic bonds (see step 12).
  memory.copy(DCOL, INC, <usize>n << 3);
  normalizeVec(INC, n);

  // 11. Weights for bonds.
  const ratio = fdiv((<i64>param(P_BONDS_PENALTY)) << 32, 65535 * ONE);
  let wbP = W_P, wbC = W_C, wbV = W_V;
  if (ratio == ONE) { wbP = WC_P; wbC = WC_C; wbV = WC_V; }
  else if (ratio != 0) {
    interpolateSparse(W_P, W_C, W_V, WC_P, WC_C, WC_V, n, n, ratio, M3_P, M3_C, M3_V);
    wbP = M3_P; wbC = M3_C; wbV = M3_V;
  }

  // 12. Bonds: stored cells masked when uid j registered at/after last_tempo.
  const yuma3 = param(P_YUMA3) != 0;
  const lms = param(P_LAST_STEP);
  const lastTempo: u64 = lms == 0 ? (block > tempo ? block - tempo : 0) : (lms == 0xFFFF_FFFF_FFFF_FFFF ? lms : lms + 1);
  const bp = regionPtr(R_B_PTR), bc = regionPtr(R_B_COL), bv = regionPtr(R_B_VAL);
  allValid = true;
  for (let j = 0; j < n; j++) { const ok = lastTempo > ldU64(reg, j); stU8(BVALID, j, ok ? 1 : 0); allValid &= ok; }
  if (yuma3) {
    // Yuma3 reads the stored bonds as fixed proportions (u16/65535) into MB.
    let o = 0;
    stU32(MB_P, 0, 0);
    for (let i = 0; i < n; i++) {
      const s = <i32>ldU32(bp, i), e = <i32>ldU32(bp, i + 1);
      if (allValid && (e == s || <i32>ldU16(bc, e - 1) < n)) {
        // Every cell kept (rows ascend: the last column bounds them all): eight at a time.
        copyProportions(bc, bv, s, e, o);
        o += e - s;
      } else {
        for (let q = s; q < e; q++) {
          const j = <i32>ldU16(bc, q);
          if (j >= n) continue; // never reaches the EMA (dense accumulators are n wide)
          if (ldU8(BVALID, j) == 0) continue;
          stU32(MB_C, o, <u32>j);
          const b = <i64>ldU16(bv, q);
          stI64(MB_V, o, b * 65537 + <i64>(b == 65535));
          o++;
        }
      }
      stU32(MB_P, i + 1, <u32>o);
    }
  } else {
    // Classic reads the raw u16 as I32F32 and column-normalises it: only the column sums are
    // computed here; the EMA merge reads (and divides) the stored cells itself. Below 32768 uids
    // Σ b·2^32 < 2^63: the saturating sums are plain integer sums of the u16 values, shifted.
    if (n < 32768) {
      const bsum = IDX;
      memory.fill(bsum, 0, <usize>n << 2);
      for (let i = 0; i < n; i++) {
        const s = <i32>ldU32(bp, i), e = <i32>ldU32(bp, i + 1);
        let q = s;
        if (allValid) {
          // Runs of eight consecutive columns (rows ascend: first + 7 = last) below n: one vector add.
          for (; q + 8 <= e; q += 8) {
            const c0 = <i32>ldU16(bc, q), c7 = <i32>ldU16(bc, q + 7);
            if (<bool>(<i32>(c7 - c0 != 7) | <i32>(c7 >= n))) {
              for (let t = q; t < q + 8; t++) {
                const j = <i32>ldU16(bc, t);
                if (j < n) { const at = bsum + (<usize>j << 2); store<u32>(at, load<u32>(at) + ldU16(bv, t)); }
              }
              continue;
            }
            const b8 = v128.load(bv + (<usize>q << 1));
            const at = bsum + (<usize>c0 << 2);
            v128.store(at, i32x4.add(v128.load(at), i32x4.extend_low_i16x8_u(b8)));
            v128.store(at, i32x4.add(v128.load(at, 16), i32x4.extend_high_i16x8_u(b8)), 16);
          }
        }
        for (; q < e; q++) {
          const j = <i32>ldU16(bc, q);
          const jj: i32 = j < n ? j : 0;
          const add = select<u32>(ldU16(bv, q), 0, <bool>(<i32>(j < n) & <i32>(ldU8(BVALID, jj) != 0)));
          const at = bsum + (<usize>jj << 2);
          store<u32>(at, load<u32>(at) + add);
        }
      }
      for (let j = 0; j < n; j++) stI64(BCOL, j, (<i64>ldU32(bsum, j)) << 32);
    } else {
      memory.fill(BCOL, 0, <usize>n << 3);
      for (let i = 0; i < n; i++) {
        const s = <i32>ldU32(bp, i), e = <i32>ldU32(bp, i + 1);
        for (let q = s; q < e; q++) {
          const j = <i32>ldU16(bc, q);
          if (j >= n || lastTempo <= ldU64(reg, j)) continue;
          stI64(BCOL, j, fadd(ldI64(BCOL, j), (<i64>ldU16(bv, q)) << 32));
        }
      }
    }
  }
  const bma = param(P_BMA);
  const alphaEma = fsub(ONE, bmaFraction(bma));
  if (yuma3) {
    let anyC = false;
    for (let j = 0; j < n; j++) if (ldI64(C, j) != 0) { anyC = true; break; }
    memory.fill(COLACC, 0, <usize>n << 3);
    if (param(P_LIQUID) != 0 && anyC) {
      const low = fdiv((<i64>param(P_ALPHA_LOW)) << 32, 65535 * ONE);
      const high = fdiv((<i64>param(P_ALPHA_HIGH)) << 32, 65535 * ONE);
      const steep = (<i64>param(P_STEEPNESS)) << 32;
      const steepDiv = fdivSat(steep, -100 * ONE);
      matEmaLiquid(wbP, wbC, wbV, MB_P, MB_C, MB_V, n, n, C, low, high, steepDiv, ME_P, ME_C, ME_V);
    } else {
      matEmaSparse(wbP, wbC, wbV, MB_P, MB_C, MB_V, n, n, alphaEma, ME_P, ME_C, ME_V);
    }
    // Dividends from the column-normalised EMA (normalised on the fly; the EMA's column sums were
    // accumulated by the merge), and for the rows keeping a permit the EMA itself as u16 bonds.
    const meC = ME_C, meV = ME_V, colInv = COLINV, inc = INC, incF = DINV;
    for (let j = 0; j < n; j++) {
      store<f64>(colInv + (<usize>j << 3), invOf(ldI64(COLACC, j)));
      store<f64>(incF + (<usize>j << 3), <f64>ldI64(inc, j));
    }
    const obp = regionPtr(R_O_B_PTR), obc = regionPtr(R_O_B_COL), obv = regionPtr(R_O_B_VAL);
    let o = 0;
    stU32(obp, 0, 0);
    for (let i = 0; i < n; i++) {
      const s = <i32>ldU32(ME_P, i), e = <i32>ldU32(ME_P, i + 1);
      const permit = ldU8(oPermit, i) != 0;
      let sum: i64 = 0; // plain (wrapping) sum as in the reference: any order
      let sumV = i64x2.splat(0);
      let q = s;
      for (; q + 1 < e; q += 2) {
        const j0 = <usize>ldU32(meC, q), j1 = <usize>ldU32(meC, q + 1);
        const ev = v128.load(meV + (<usize>q << 3));
        // E < 2^37: exact in f64, and E·65535 < 2^53 for the u16 bond.
        let bad = i64x2.ne(i64x2.shr_u(ev, 37), i64x2.splat(0));
        const ef = f64x2.sub(v128.or(ev, i64x2.splat(0x4330_0000_0000_0000)), f64x2.splat(TWO52));
        const vq = f64x2.mul(ef, gather2(colInv, j0, j1));
        const v = f64x2.floor(vq);
        bad = v128.or(bad, floorBad(vq, v));
        const ip = f64x2.mul(gather2(incF, j0, j1), v);
        const tq = f64x2.mul(ip, f64x2.splat(INV32));
        const t = f64x2.floor(tq);
        // Products below 2^53 are exact (the usual case: skip the check).
        const big = f64x2.ge(ip, f64x2.splat(TWO53));
        if (v128.any_true(big)) bad = v128.or(bad, v128.and(big, floorBad(tq, t)));
        if (v128.any_true(bad)) {
          for (let k = q; k < q + 2; k++) { sum += yuma3Term(k); if (permit) { yuma3Bond(k, o, obc, obv); o++; } }
          continue;
        }
        sumV = i64x2.add(sumV, i64x2.sub(v128.add<f64>(t, f64x2.splat(TWO52)), i64x2.splat(0x4330_0000_0000_0000)));
        if (permit) {
          // u16 = min(⌊·⌋, 65535) as an integer-valued double + 2^52: its low 32 bits (pmin = plain minpd;
          // cheaper than min and trunc_sat in V8).
          const oi = v128.add<f64>(f64x2.pmin(f64x2.floor(f64x2.mul(ef, f64x2.splat(U16_SCALE))), f64x2.splat(65535.0)), f64x2.splat(TWO52));
          stU16(obc, o, <u32>j0); stU16(obv, o, i32x4.extract_lane(oi, 0));
          stU16(obc, o + 1, <u32>j1); stU16(obv, o + 1, i32x4.extract_lane(oi, 2));
          o += 2;
        }
      }
      if (q < e) { sum += yuma3Term(q); if (permit) { yuma3Bond(q, o, obc, obv); o++; } }
      sum += i64x2.extract_lane(sumV, 0) + i64x2.extract_lane(sumV, 1);
      let d = fmul(sum, ldI64(A, i));
      if (fixedOverflow) d = 0; // vec_mul uses checked_mul
      stI64(DIV, i, d);
      stU32(obp, i + 1, <u32>o);
    }
    store<u64>(regionPtr(R_PARAMS) + (<usize>P_OUT_NNZ << 3), <u64>o);
    normalizeVec(DIV, n);
  } else {
    // ΔB = WB ∘ A (row scaling), column-normalised; B (stored, masked) column-normalised; both
    // divided on the fly inside the EMA merge. ΔB's column sums: with WB = clipped W (bonds penalty
    // 1, the default) they are the incentive accumulator before its normalisation (the same
    // products, added in the same row order); otherwise one pass over WB.
    if (wbP != WC_P) {
      memory.fill(DCOL, 0, <usize>n << 3);
      for (let i = 0; i < n; i++) {
        const a = ldI64(A, i);
        const s = <i32>ldU32(wbP, i), e = <i32>ldU32(wbP, i + 1);
        for (let q = s; q < e; q++) {
          const j = <i32>ldU32(wbC, q);
          stI64(DCOL, j, fadd(ldI64(DCOL, j), fmulP(ldI64(wbV, q), a)));
        }
      }
    }
    for (let j = 0; j < n; j++) {
      store<f64>(DINV + (<usize>j << 3), invOf(ldI64(DCOL, j)));
      const bi = invOf(ldI64(BCOL, j));
      store<f64>(BINV + (<usize>j << 3), bi);
      store<f64>(BINV2 + (<usize>j << 3), bi * 4294967296.0);
    }
    memory.fill(COLACC, 0, <usize>n << 3);
    memory.fill(COLMAX, 0, <usize>n << 3);
    preNV = wbP == WC_P;
    emaClassic(wbP, wbC, wbV, bp, bc, bv, n, alphaEma);
    // One pass over the EMA: column-normalise (sums accumulated by the merge), dividends
    // D_i = Σ_j I_j · EMA_ij, and for the rows keeping a permit the stored bonds, upscaled by the
    // normalised column maxima (inplace_col_max_upscale_sparse). The normalisation x ↦ ⌊x·2^32/s⌋ is
    // monotone, so the normalised column maximum is the normalised raw maximum tracked by the merge.
    for (let j = 0; j < n; j++) {
      const d = ldI64(COLACC, j);
      const inv = invOf(d);
      store<f64>(COLINV + (<usize>j << 3), inv);
      const m = d != 0 ? fdivInv(ldI64(COLMAX, j), d, inv) : ldI64(COLMAX, j);
      stI64(COLMAX, j, m);
      store<f64>(BINV + (<usize>j << 3), invOf(m));
    }
    {
      const meC = ME_C, meV = ME_V, colInv = COLINV, mInv = BINV, inc = INC, incF = DINV;
      for (let j = 0; j < n; j++) store<f64>(incF + (<usize>j << 3), <f64>ldI64(inc, j));
      const obp = regionPtr(R_O_B_PTR), obc = regionPtr(R_O_B_COL), obv = regionPtr(R_O_B_VAL);
      let o = 0;
      stU32(obp, 0, 0);
      for (let i = 0; i < n; i++) {
        const s = <i32>ldU32(ME_P, i), e = <i32>ldU32(ME_P, i + 1);
        const permit = ldU8(oPermit, i) != 0;
        let acc: i64 = 0;
        let accV = f64x2.splat(0.0);
        let q = s;
        // Two cells at a time in exact-integer f64 (see floorBad); a pair with a floor too close to
        // call, or out of range, is redone by the integer code (emaCellScalar).
        for (; q + 1 < e; q += 2) {
          const j0 = <usize>ldU32(meC, q), j1 = <usize>ldU32(meC, q + 1);
          const ev = v128.load(meV + (<usize>q << 3));
          let bad = i64x2.ne(i64x2.shr_u(ev, 52), i64x2.splat(0));
          const ef = f64x2.sub(v128.or(ev, i64x2.splat(0x4330_0000_0000_0000)), f64x2.splat(TWO52));
          const ci = gather2(colInv, j0, j1);
          // v = ⌊E·2^32 / colsum⌋
          const vq = f64x2.mul(ef, ci);
          const v = f64x2.floor(vq);
          bad = v128.or(bad, floorBad(vq, v));
          // dividend term ⌊I_j · v / 2^32⌋ (exact product below 2^53)
          const ip = f64x2.mul(gather2(incF, j0, j1), v);
          const tq = f64x2.mul(ip, f64x2.splat(INV32));
          const t = f64x2.floor(tq);
          // Products below 2^53 are exact (the usual case: skip the check).
          const big = f64x2.ge(ip, f64x2.splat(TWO53));
          if (v128.any_true(big)) bad = v128.or(bad, v128.and(big, floorBad(tq, t)));
          let out: v128 = f64x2.splat(0.0);
          if (permit) {
            // upscale u = ⌊v·2^32 / colmax⌋, stored as ⌊u·65535 / 2^32⌋ (u·65535 < 2^53: exact)
            const mi = gather2(mInv, j0, j1);
            const uq = f64x2.mul(v, mi);
            const u = f64x2.floor(uq);
            bad = v128.or(bad, floorBad(uq, u));
            out = f64x2.pmin(f64x2.floor(f64x2.mul(u, f64x2.splat(U16_SCALE))), f64x2.splat(65535.0));
          }
          if (v128.any_true(bad)) {
            for (let k = q; k < q + 2; k++) { acc += emaCellScalar(k, permit, o, obc, obv); o += <i32>permit; }
            continue;
          }
          accV = f64x2.add(accV, t);
          if (permit) {
            // out ∈ [0, 65535] integer-valued (pmin = plain minpd): + 2^52, the low 32 bits.
            const oi = v128.add<f64>(out, f64x2.splat(TWO52));
            stU16(obc, o, <u32>j0); stU16(obv, o, i32x4.extract_lane(oi, 0));
            stU16(obc, o + 1, <u32>j1); stU16(obv, o + 1, i32x4.extract_lane(oi, 2));
            o += 2;
          }
        }
        if (q < e) { acc += emaCellScalar(q, permit, o, obc, obv); o += <i32>permit; }
        // Every term is ≤ 2^33 and a row has < 2^16 of them: no saturation (the reference's
        // saturating sum is a plain one here), so the order of the exact additions does not matter.
        stI64(DIV, i, acc + <i64>(f64x2.extract_lane(accV, 0) + f64x2.extract_lane(accV, 1)));
        stU32(obp, i + 1, <u32>o);
      }
      store<u64>(regionPtr(R_PARAMS) + (<usize>P_OUT_NNZ << 3), <u64>o);
    }
    normalizeVec(DIV, n);
  }

  // 13. Emission split.
  const emission = param(P_EMISSION);
  let emissionSum: i64 = 0;
  for (let i = 0; i < n; i++) emissionSum += fadd(ldI64(INC, i), ldI64(DIV, i));
  let aSum: i64 = 0;
  for (let i = 0; i < n; i++) aSum += ldI64(A, i);
  const oEm = regionPtr(R_O_EMISSION), oSrv = regionPtr(R_O_SERVER), oVal = regionPtr(R_O_VALIDATOR);
  for (let i = 0; i < n; i++) {
    const inc = ldI64(INC, i), div = ldI64(DIV, i);
    let server = inc, validator = div, combined = fadd(inc, div);
    if (emissionSum != 0) {
      server = fdiv(server, emissionSum);
      validator = fdiv(validator, emissionSum);
      combined = fdiv(combined, emissionSum);
    } else {
      const fallback = aSum == 0 ? ldI64(S, i) : ldI64(A, i);
      validator = fallback;
      combined = fallback;
    }
    stU64(oSrv, i, shareOf(server, emission));
    stU64(oVal, i, shareOf(validator, emission));
    stU64(oEm, i, shareOf(combined, emission));
  }

  // 14. u16 outputs and bonds to store.
  const oInc = regionPtr(R_O_INCENTIVE), oDiv = regionPtr(R_O_DIVIDENDS), oCons = regionPtr(R_O_CONSENSUS);
  const oVt = regionPtr(R_O_VTRUST), oSw = regionPtr(R_O_STAKEW);
  for (let i = 0; i < n; i++) {
    stU16(oInc, i, proportionToU16(ldI64(INC, i)));
    stU16(oDiv, i, proportionToU16(ldI64(DIV, i)));
    stU16(oCons, i, proportionToU16(ldI64(C, i)));
    stU16(oVt, i, proportionToU16(ldI64(VT, i)));
    stU16(oSw, i, proportionToU16(ldI64(S, i)));
  }
  // The stored bonds (R_O_B_*) were written by the dividends pass of step 12.
}
