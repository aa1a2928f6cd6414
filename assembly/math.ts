// Generic kernels of the epoch, twin of runtime/pallets/subtensor/epoch/math.ts (subtensor epoch/math.rs):
// vector and sparse-matrix operations on the arena's CSR regions, exported for the math vectors
// (test/epoch-wasm/kernels.test.ts). The epoch's own steps (steps/*.ts) use fused versions of most of them.

import { ONE, fmul, fadd, fsub, expSafe, fdivSat, invOf, fdivInv, fmulP } from './fixed';
import { ldI64, stI64, ldU32, stU32, stU8 } from './mem';
import { IDX, IDX2, IDX3, ROWK, COLACC, COLINV, SCORES, USTAKE, M3_P, M3_C, M3_V } from './layout';

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
  heapSortIdx(vals, idx, n);
}

/** Heap sort of the indices already in idx[0..m) by (vals[idx], idx). */
function heapSortIdx(vals: usize, idx: usize, m: i32): void {
  for (let s = (m >> 1) - 1; s >= 0; s--) siftDown(vals, idx, s, m);
  for (let end = m - 1; end > 0; end--) {
    const t = ldU32(idx, 0); stU32(idx, 0, ldU32(idx, end)); stU32(idx, end, t);
    siftDown(vals, idx, 0, end);
  }
}

/** is_topk_nonzero into out (u8 per entry). */
export function isTopkNonzero(vals: usize, n: i32, k: i32, out: usize): void {
  let nz = 0;
  let neg = false;
  for (let i = 0; i < n; i++) {
    const v = ldI64(vals, i);
    stU8(out, i, v != 0 ? 1 : 0);
    nz += <i32>(v != 0);
    neg |= v < 0;
  }
  if (n < k) return;
  if (!neg) {
    // No negative value: the n − nz zeros are the smallest (value, index) keys and dropped first (their
    // flag is 0 already); only the nz − k smallest non-zero entries remain to drop, found by sorting
    // the non-zero entries alone (the stake vector: validators and a few miners of n uids).
    if (nz <= k) return;
    let m = 0;
    for (let i = 0; i < n; i++) if (ldI64(vals, i) != 0) stU32(IDX, m++, <u32>i);
    heapSortIdx(vals, IDX, m);
    for (let t = 0; t < nz - k; t++) stU8(out, <i32>ldU32(IDX, t), 0);
    return;
  }
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

/** alpha_sigmoid of run_epoch.rs. */
export function alphaSigmoid(consensus: i64, weight: i64, bond: i64, low: i64, high: i64, steepDiv: i64): i64 {
  return sigmoidOfCombined(combinedDiff(consensus, weight, bond), low, high, steepDiv);
}

/** The clamped buy / sell difference alpha_sigmoid feeds to the sigmoid. */
// @ts-ignore: decorator
@inline
export function combinedDiff(consensus: i64, weight: i64, bond: i64): i64 {
  // Buy side (weight ≥ bond): weight − consensus; sell side: bond − weight; clamped to [0, 1].
  // Branch-free: which side applies is a coin flip per cell.
  const d = select<i64>(fsub(weight, consensus), fsub(bond, weight), weight >= bond);
  return select<i64>(ONE, select<i64>(0, d, d < 0), d > ONE);
}

/** alpha_sigmoid's value as a (pure) function of the combined difference. */
export function sigmoidOfCombined(combined: i64, low: i64, high: i64, steepDiv: i64): i64 {
  const x = fmul(steepDiv, fsub(combined, ONE >> 1));
  const sigmoid = fdivSat(ONE, fadd(ONE, expSafe(x)));
  let alpha = fadd(low, fmul(sigmoid, fsub(high, low)));
  alpha = alpha > high ? high : alpha;
  alpha = alpha < low ? low : alpha;
  return alpha;
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
