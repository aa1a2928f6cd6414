// What the last runEpoch() touched, counted afterwards from the arena (no cost inside the epoch): the
// benchmark prints these so that a hollow input (no consensus, no per-cell sigmoid, …) shows.

import { ldI64, ldU32, ldU16, ldU8 } from './mem';
import {
  R_W_PTR, R_B_PTR, R_B_COL, R_O_B_PTR, P_N, P_YUMA3, P_LIQUID, regionPtr, param,
  A, C, BVALID, W_P, W_C, W_V, WC_P, MB_P, MB_C, MB_V, ME_P,
} from './layout';
import { WB_P, WB_C, WB_V } from './steps/bonds';
import { combinedDiff } from './math';

export const CELLS_STORED_WEIGHTS = 0;
export const CELLS_MASKED_WEIGHTS = 1;
export const CELLS_CONSENSUS = 2;
export const COLS_CONSENSUS = 3;
export const CELLS_CLIPPED = 4;
export const CELLS_CLIP_KEPT = 5;
export const CELLS_WEIGHTS_FOR_BONDS = 6;
export const CELLS_STORED_BONDS = 7;
export const CELLS_BONDS_KEPT = 8;
export const CELLS_EMA = 9;
export const CELLS_SIGMOID = 10;
export const CELLS_OUT_BONDS = 11;
export const ROWS_ACTIVE_STAKE = 12;
const COUNT = 16;

const counts: usize = memory.data(COUNT * 8);

/** Counts of the last epoch's cells per step (u64 each, ids above); returns their address. */
export function stepCells(): usize {
  const n = <i32>param(P_N);
  memory.fill(counts, 0, COUNT * 8);
  const put = (id: i32, v: i64): void => { store<i64>(counts + (<usize>id << 3), v); };
  put(CELLS_STORED_WEIGHTS, ldU32(regionPtr(R_W_PTR), n));
  put(CELLS_MASKED_WEIGHTS, ldU32(W_P, n));
  let cons: i64 = 0, clipped: i64 = 0, rows: i64 = 0, cols: i64 = 0;
  for (let i = 0; i < n; i++) {
    const kept = ldI64(A, i) > 0;
    rows += <i64>kept;
    for (let q = <i32>ldU32(W_P, i); q < <i32>ldU32(W_P, i + 1); q++) {
      const x = ldI64(W_V, q);
      cons += <i64>(kept && x > 0);
      clipped += <i64>(x > ldI64(C, <i32>ldU32(W_C, q)));
    }
  }
  for (let j = 0; j < n; j++) cols += <i64>(ldI64(C, j) > 0);
  put(CELLS_CONSENSUS, cons);
  put(COLS_CONSENSUS, cols);
  put(CELLS_CLIPPED, clipped);
  put(CELLS_CLIP_KEPT, ldU32(WC_P, n));
  put(CELLS_WEIGHTS_FOR_BONDS, ldU32(WB_P, n));
  const bp = regionPtr(R_B_PTR), bc = regionPtr(R_B_COL);
  put(CELLS_STORED_BONDS, ldU32(bp, n));
  let bkept: i64 = 0;
  for (let q = 0; q < <i32>ldU32(bp, n); q++) { const j = <i32>ldU16(bc, q); bkept += <i64>(j < n && ldU8(BVALID, j) != 0); }
  put(CELLS_BONDS_KEPT, bkept);
  put(CELLS_EMA, ldU32(ME_P, n));
  // Liquid alpha's per-cell sigmoid: WB cells whose buy / sell difference against the stored bond is not 0.
  let anyC = false;
  for (let j = 0; j < n; j++) anyC |= ldI64(C, j) != 0;
  let sig: i64 = 0;
  if (param(P_YUMA3) != 0 && param(P_LIQUID) != 0 && anyC) {
    for (let i = 0; i < n; i++) {
      let b = <i32>ldU32(MB_P, i);
      const be = <i32>ldU32(MB_P, i + 1);
      for (let q = <i32>ldU32(WB_P, i); q < <i32>ldU32(WB_P, i + 1); q++) {
        const j = ldU32(WB_C, q);
        if (<i32>j >= n) continue;
        while (b < be && ldU32(MB_C, b) < j) b++;
        const old: i64 = b < be && ldU32(MB_C, b) == j ? ldI64(MB_V, b) : 0;
        sig += <i64>(combinedDiff(ldI64(C, <i32>j), ldI64(WB_V, q), old) != 0);
      }
    }
  }
  put(CELLS_SIGMOID, sig);
  put(CELLS_OUT_BONDS, ldU32(regionPtr(R_O_B_PTR), n));
  put(ROWS_ACTIVE_STAKE, rows);
  return counts;
}
