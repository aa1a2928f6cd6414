// Steps 8–10 of the epoch: clip to consensus, validator trust, ranks → incentive, fused in one
// row-major pass. TS twin: runtime/pallets/subtensor/epoch/run_epoch.ts steps 8–10 (colClipSparse,
// rowSumSparse, matmulSparse, inplaceNormalize of math.ts).

import { fadd, fmulP } from '../fixed';
import { ldI64, stI64, ldU32, stU32 } from '../mem';
import { A, C, VT, INC, DCOL, W_P, W_C, W_V, WC_P, WC_C, WC_V, M5_V } from '../layout';
import { gather2 } from '../simd';
import { normalizeVec } from '../math';

/** WC = clip(W, C), VT (row sums of WC), INC (normalised ranks); DCOL = INC before normalisation. */
export function clipRanksIncentive(n: i32): void {
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
