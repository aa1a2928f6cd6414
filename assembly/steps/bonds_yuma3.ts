// Step 12 with Yuma3 (and liquid alpha): stored bonds read as proportions, the bonds EMA (one alpha, or
// liquid alpha per cell), dividends from the column-normalised EMA, the EMA stored as u16 bonds. TS twin:
// runtime/pallets/subtensor/epoch/run_epoch.ts step 12 `if (input.yuma3)` (bondsSparse, liquidAlphaValuesSparse,
// matEmaAlphaSparse / matEmaSparse, inplaceColNormalizeSparse, matVecMulSparse, rowSumSparse, vecMul).

import { ONE, fmul, fdiv, fadd, fsub, fixedOverflow, proportionToU16, fdivSat, invOf, fdivInv, fmulP } from '../fixed';
import { ldI64, stI64, ldU32, stU32, ldU16, stU16, ldU8 } from '../mem';
import {
  R_B_PTR, R_B_COL, R_B_VAL, R_PARAMS, R_O_PERMIT, R_O_B_PTR, R_O_B_COL, R_O_B_VAL, P_BMA, P_LIQUID, P_ALPHA_LOW,
  P_ALPHA_HIGH, P_STEEPNESS, P_OUT_NNZ, regionPtr, param, A, C, INC, DIV, DINV, BVALID, COLACC, COLINV, MB_P, MB_C,
  MB_V, ME_P, ME_C, ME_V,
} from '../layout';
import { TWO52, TWO53, INV32, U16_SCALE, gather2, floorBad } from '../simd';
import { normalizeVec, matEmaSparse, combinedDiff, sigmoidOfCombined } from '../math';
import { WB_P, WB_C, WB_V, allValid, bmaFraction } from './bonds';
import { epochMark, STEP_BONDS_READ, STEP_BONDS_EMA } from '../marks';

export function bondsYuma3(n: i32): void {
  const bp = regionPtr(R_B_PTR), bc = regionPtr(R_B_COL), bv = regionPtr(R_B_VAL);
  const oPermit = regionPtr(R_O_PERMIT);
  const wbP = WB_P, wbC = WB_C, wbV = WB_V;
  const alphaEma = fsub(ONE, bmaFraction(param(P_BMA)));
  {
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
  }
  epochMark(STEP_BONDS_READ);
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
  epochMark(STEP_BONDS_EMA);
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
    while (a < ae) {
      // Runs of cells whose stored cells sit on the same columns (the steady state, between the cells
      // churn or the masks add or drop): two at a time (liquidPairs).
      if (pairsOk && b < be) {
        const len = commonRun32(nc, a, ae, oc, b, be);
        if (len >= 2) {
          o = liquidPairs(nc, nv, a, a + len, ov, b, cols, cons, low, high, steepDiv, alphaZero, omaZero, dc, dv, o);
          a += len; b += len;
          continue;
        }
      }
      const j = ldU32(nc, a);
      if (<i32>j < cols) {
        while (b < be && ldU32(oc, b) < j) b++;
        // No stored bond reads as 0: fmul(x, 0) = 0, so the decayed term needs no test.
        const hasOld = <bool>(<i32>(b < be) & <i32>(ldU32(oc, b < be ? b : 0) == j));
        const old: i64 = select<i64>(ldI64(ov, b < be ? b : 0), 0, hasOld);
        const val = liquidCell(ldI64(cons, <i32>j), ldI64(nv, a), old, low, high, steepDiv, alphaZero, omaZero);
        if (val > 0) o = liquidKeep(dc, dv, o, j, val);
        b += <i32>hasOld;
      }
      a++;
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

/** How many u32 columns from x[xa] equal those from y[ya] (both runs bounded; four at a time). */
function commonRun32(x: usize, xa: i32, xe: i32, y: usize, ya: i32, ye: i32): i32 {
  const max = min(xe - xa, ye - ya);
  let k = 0;
  for (; k + 4 <= max; k += 4) {
    const eq = i32x4.bitmask(i32x4.eq(v128.load(x + (<usize>(xa + k) << 2)), v128.load(y + (<usize>(ya + k) << 2))));
    if (eq != 0xF) return k + <i32>ctz(~eq);
  }
  for (; k < max; k++) if (ldU32(x, xa + k) != ldU32(y, ya + k)) return k;
  return k;
}

/**
 * matEmaLiquid for a run of the new row's cells a..ae whose stored cells (from b) sit on the same columns:
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
