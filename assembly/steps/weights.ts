// Step 6 of the epoch: the weights masks (permit rows, diagonal with the owner kept, outdated cells,
// commit-reveal) and the row normalisation, fused in one pass per row. TS twin:
// runtime/pallets/subtensor/epoch/run_epoch.ts runEpochReference step 6 (weightsSparse, maskRowsSparse,
// maskDiagSparse*, vecMaskSparseMatrix, inplaceRowNormalizeSparse of math.ts).

import { invOf, fdivInv } from '../fixed';
import { ldI64, stI64, ldU64, ldU32, stU32, ldU16, ldU8 } from '../mem';
import {
  R_LAST_UPDATE, R_REG, R_COMMIT, R_W_PTR, R_W_COL, R_W_VAL, P_COMMIT_REVEAL, regionPtr, param, A, IDX3, OLDP,
  blockCap, W_P, W_C, W_V, M3_P,
} from '../layout';
import { TWO52, floorBad } from '../simd';

/**
 * W (u32 columns, raw I32F32 values) from the stored weights; positive cells of rows with active stake
 * counted per column in M3_P for the consensus, dense rows flagged in IDX3 instead. Returns whether a
 * negative cell was seen (then the consensus takes the general kernel).
 */
/** The consensus reads the rows with active stake as one dense block (set by maskWeights). */
export let denseBlock = false;

export function maskWeights(n: i32, owner: i32): bool {
  const lastUpdate = regionPtr(R_LAST_UPDATE), reg = regionPtr(R_REG);
  // 6. Weights: permit rows, diagonal (owner kept), outdated, commit-reveal; then row-normalise.
  const commitReveal = param(P_COMMIT_REVEAL) != 0;
  const commit = regionPtr(R_COMMIT);
  const wp = regionPtr(R_W_PTR), wc = regionPtr(R_W_COL), wv = regionPtr(R_W_VAL);
  // Column counts of the positive cells in rows with active stake (consensusFast's first step), in M3_P.
  memory.fill(M3_P, 0, (<usize>n + 1) << 2);
  memory.fill(IDX3, 0xFF, <usize>n << 2); // rows of the dense consensus block: see below
  let maxReg: u64 = 0;
  for (let j = 0; j < n; j++) { const r = ldU64(reg, j); maxReg = r > maxReg ? r : maxReg; }
  // The consensus takes its block path (k rows with active stake × n columns, zeros included) when the
  // block fits and the rows' stored cells fill at least a quarter of it: then nothing is counted here.
  let k = 0, keptCells: usize = 0;
  for (let i = 0; i < n; i++) {
    if (ldI64(A, i) > 0) { k++; keptCells += <usize>(ldU32(wp, i + 1) - ldU32(wp, i)); }
  }
  const cells = <usize>k * <usize>n;
  denseBlock = k > 0 && cells <= blockCap && keptCells * 4 >= cells;
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
        if (kept && !denseBlock) {
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
  return negative;
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

/** c[s + t] == t + d for every t in [a, b). */
export function iotaRun(c: usize, s: i32, a: i32, b: i32, d: i32): bool {
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
