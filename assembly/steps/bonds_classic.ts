// Step 12 with classic Yuma: stored bonds column-normalised, ΔB = WB ∘ A column-normalised, the bonds
// EMA, dividends from the column-normalised EMA, the EMA max-upscaled as u16 bonds; the normalisations
// are fused into the EMA merge and the dividends pass. TS twin: runtime/pallets/subtensor/epoch/run_epoch.ts
// step 12 `else` branch (bondsSparse, inplaceColNormalizeSparse, rowHadamardSparse, matEmaSparse,
// matmulTransposeSparse, inplaceColMaxUpscaleSparse).

import { ONE, fadd, fsub, proportionToU16, invOf, fdivInv, fmulP } from '../fixed';
import { ldI64, stI64, ldU32, stU32, ldU16, stU16, ldU8 } from '../mem';
import {
  R_B_PTR, R_B_COL, R_B_VAL, R_PARAMS, R_O_PERMIT, R_O_B_PTR, R_O_B_COL, R_O_B_VAL, P_BMA, P_OUT_NNZ, regionPtr,
  param, A, INC, DIV, IDX, BCOL, BINV, BINV2, DCOL, DINV, BVALID, COLACC, COLINV, COLMAX, WC_P, M5_V, ME_P, ME_C,
  ME_V,
} from '../layout';
import { TWO52, TWO53, INV32, U16_SCALE, FLOOR_EPS, gather2, floorBad, floorE, resE } from '../simd';
import { epochMark, STEP_BONDS_READ, STEP_BONDS_EMA } from '../marks';
import { normalizeVec } from '../math';
import { WB_P, WB_C, WB_V, allValid, bmaFraction } from './bonds';

let preNV = false; // M5_V holds ⌊a_i·WB_ij / 2^32⌋ over WB's cells (WB = clip(W))

export function bondsClassic(n: i32): void {
  const bp = regionPtr(R_B_PTR), bc = regionPtr(R_B_COL), bv = regionPtr(R_B_VAL);
  const oPermit = regionPtr(R_O_PERMIT);
  const wbP = WB_P, wbC = WB_C, wbV = WB_V;
  const alphaEma = fsub(ONE, bmaFraction(param(P_BMA)));
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
        if (j >= n || ldU8(BVALID, j) == 0) continue;
        stI64(BCOL, j, fadd(ldI64(BCOL, j), (<i64>ldU16(bv, q)) << 32));
      }
    }
  }
  epochMark(STEP_BONDS_READ);
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
  epochMark(STEP_BONDS_EMA);
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
 * its column maxima in COLMAX (callers zero both first). Runs of cells whose stored cells sit exactly
 * on WB's columns (the steady state), and WB's cells past the last stored one, go two at a time in f64x2.
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
    while (true) {
      // Where the stored cells run on WB's columns (the steady state, between the cells churn or the
      // masks add or drop), and wherever the stored row has run out, two cells at a time (emaPairs).
      if (pairsOk) {
        if (b >= be) {
          if (wa < we) o = emaPairs(wbC, wbV, wa, we, bv, -1, a, alpha, oma, o);
          break;
        }
        const len = commonRun(bc, b, be, wbC, wa, we, n);
        if (len >= 2) {
          o = emaPairs(wbC, wbV, wa, wa + len, bv, b, a, alpha, oma, o);
          wa += len; b += len;
          continue;
        }
      }
      // One step of the merge. Skip stored cells the bonds mask drops (BVALID is n wide: columns ≥ n
      // are dropped first).
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
 * How many stored bond cells from b sit on WB's columns from wa, in order and valid (BVALID; every
 * uid < n is when allValid): the run emaPairs can take. Eight columns at a time (WB's u32 columns
 * narrowed to u16: they are < n ≤ 65535).
 */
function commonRun(bc: usize, b: i32, be: i32, wbC: usize, wa: i32, we: i32, n: i32): i32 {
  const max = min(be - b, we - wa);
  let k = 0;
  if (allValid) {
    for (; k + 8 <= max; k += 8) {
      const w8 = i16x8.narrow_i32x4_u(v128.load(wbC + (<usize>(wa + k) << 2)), v128.load(wbC + (<usize>(wa + k) << 2), 16));
      const eq = i16x8.bitmask(i16x8.eq(w8, v128.load(bc + (<usize>(b + k) << 1))));
      if (eq != 0xFF) return k + <i32>ctz(~eq);
    }
  }
  for (; k < max; k++) {
    const c = ldU16(bc, b + k);
    if (<bool>(<i32>(c != ldU32(wbC, wa + k)) | <i32>(<i32>c >= n) | <i32>(ldU8(BVALID, <i32>c) == 0))) return k;
  }
  return k;
}

/**
 * emaClassic for a run of WB's cells wa..we whose stored cells (from b, or none when b < 0) have exactly
 * the same columns: two cells at a time in exact-integer f64 (see floorBad). With 0 ≤ α ≤ 1 the operands are
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
