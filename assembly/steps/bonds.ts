// Steps 11–12 shared by both bond models: the weights for bonds (bonds penalty) and the stored bonds'
// mask (uids registered at / after last_tempo). TS twin: runtime/pallets/subtensor/epoch/run_epoch.ts
// step 11 (interpolateSparse) and lastTempo / scalarVecMaskSparseMatrix of step 12.

import { ONE, I64_MAX, fdiv, divlu } from '../fixed';
import { ldU64, stU8 } from '../mem';
import {
  R_REG, P_BLOCK, P_TEMPO, P_BONDS_PENALTY, P_LAST_STEP, regionPtr, param, BVALID, W_P, W_C, W_V, WC_P, WC_C, WC_V,
  M3_P, M3_C, M3_V,
} from '../layout';
import { interpolateSparse } from '../math';

/** The weights for bonds: W, WC or the interpolation in M3 (weightsForBonds sets them). */
export let WB_P: usize = 0, WB_C: usize = 0, WB_V: usize = 0;
/** Every BVALID[j] (j < n) set (bondsMask sets it). */
export let allValid = false;

/** Step 11: WB = interpolate(W, clip(W), bonds penalty). */
export function weightsForBonds(n: i32): void {
  const ratio = fdiv((<i64>param(P_BONDS_PENALTY)) << 32, 65535 * ONE);
  let wbP = W_P, wbC = W_C, wbV = W_V;
  if (ratio == ONE) { wbP = WC_P; wbC = WC_C; wbV = WC_V; }
  else if (ratio != 0) {
    interpolateSparse(W_P, W_C, W_V, WC_P, WC_C, WC_V, n, n, ratio, M3_P, M3_C, M3_V);
    wbP = M3_P; wbC = M3_C; wbV = M3_V;
  }
  WB_P = wbP; WB_C = wbC; WB_V = wbV;
}

/** Step 12's mask: BVALID[j] = uid j registered before last_tempo (its stored bond cells are kept). */
export function bondsMask(n: i32): void {
  const block = param(P_BLOCK), tempo = param(P_TEMPO), reg = regionPtr(R_REG);
  const lms = param(P_LAST_STEP);
  const lastTempo: u64 = lms == 0 ? (block > tempo ? block - tempo : 0) : (lms == 0xFFFF_FFFF_FFFF_FFFF ? lms : lms + 1);
  allValid = true;
  for (let j = 0; j < n; j++) { const ok = lastTempo > ldU64(reg, j); stU8(BVALID, j, ok ? 1 : 0); allValid &= ok; }
}

/** floor(bma · 2^32 / 1e6) as I32F32 (I64F64 division then narrowing), saturating. */
export function bmaFraction(bma: u64): i64 {
  if (bma >= 2147483648000000) return I64_MAX;
  return <i64>divlu(bma >> 32, bma << 32, 1000000);
}
