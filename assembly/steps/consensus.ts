// Step 7 of the epoch: consensus, the stake-weighted median of each column. TS twin:
// runtime/pallets/subtensor/epoch/math.ts weightedMedianColSparse (called from run_epoch.ts step 7); the
// general kernel is math.ts's weightedMedianColSparse here too, the fast paths below give the same result.

import { ONE, fdiv, fsub } from '../fixed';
import { ldI64, stI64, ldU32, stU32 } from '../mem';
import {
  P_KAPPA, param, A, C, IDX2, IDX3, ROWK, HIST, blockCap, COLACC, COLMAX, SCORES, USTAKE, W_P, W_C, W_V, M3_P, M3_V,
  M5_V,
} from '../layout';
import { normalizeVec, weightedMedianColSparse } from '../math';
import { iotaRun, denseBlock } from './weights';

/** Consensus C (I32F32 per column) from W and the active stake A. */
export function consensus(n: i32, negative: bool): void {
  const kappa = fdiv((<i64>param(P_KAPPA)) << 32, 65535 * ONE);
  if (negative || !consensusFast(A, W_P, W_C, W_V, n, kappa, C, true)) weightedMedianColSparse(A, W_P, W_C, W_V, n, n, kappa, C);
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
  if (counted && denseBlock) return consensusBlock(p, c, v, n, k, minority, out);
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
    if (all && <usize>k * <usize>n <= blockCap) {
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
  } else if (<usize>k * <usize>n <= blockCap && denseRows(p, c, n)) {
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
  blockMedians(n, k, minority, out);
  return true;
}

/**
 * The consensus of every column of the k × n column-major block in M3_V (column j at [j·k, (j+1)·k),
 * kept-row order; its maximum in SCORES[j]): stake histogram over the top HIST_BITS significant bits,
 * then the quickselect on the bucket where the cumulative mass passes minority.
 */
function blockMedians(n: i32, k: i32, minority: i64, out: usize): void {
  const cmax = SCORES;
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
}

/**
 * consensusFast on rows of any shape (denseBlock: they fill at least a quarter of the block): the k
 * rows with active stake scattered into the k × n column-major block of M3_V, zeros where a row has no
 * cell, eight rows at a time (the group's slots of every column are zeroed first, so its scatter
 * lands in lines just written), column maxima in SCORES; then blockMedians. Same multiset of (score,
 * stake) per column as the sparse fill plus its block of zero mass, so the same weighted median.
 * False (nothing written) on a negative score: the caller runs the general kernel.
 */
function consensusBlock(p: usize, c: usize, v: usize, n: i32, k: i32, minority: i64, out: usize): bool {
  const blk = M3_V, cmax = SCORES;
  memory.fill(cmax, 0, <usize>n << 3);
  let ki = 0;
  for (let i = 0; i < n; i++) if (ldU32(ROWK, i) != 0xFFFF_FFFF) stU32(IDX2, ki++, <u32>i);
  const stride = <usize>k << 3;
  let sign: i64 = 0;
  for (let g = 0; g < k; g += 8) {
    const gl = min(8, k - g);
    let at = blk + (<usize>g << 3);
    if (gl == 8) {
      const z = i64x2.splat(0);
      for (let j = 0; j < n; j++, at += stride) {
        v128.store(at, z, 0); v128.store(at, z, 16); v128.store(at, z, 32); v128.store(at, z, 48);
      }
    } else {
      for (let j = 0; j < n; j++, at += stride) memory.fill(at, 0, <usize>gl << 3);
    }
    for (let t = 0; t < gl; t++) {
      const i = <i32>ldU32(IDX2, g + t);
      const base = blk + (<usize>(g + t) << 3);
      const e = <i32>ldU32(p, i + 1);
      for (let q = <i32>ldU32(p, i); q < e; q++) {
        const j = <usize>ldU32(c, q);
        const x = ldI64(v, q);
        sign |= x;
        store<i64>(base + j * stride, x);
        const m = cmax + (j << 3);
        const mx = load<i64>(m);
        store<i64>(m, select<i64>(x, mx, x > mx));
      }
    }
  }
  if (sign < 0) return false;
  blockMedians(n, k, minority, out);
  return true;
}
