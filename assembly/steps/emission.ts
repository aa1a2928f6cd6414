// Steps 13–14 of the epoch: the emission split and the u16 outputs. TS twin:
// runtime/pallets/subtensor/epoch/run_epoch.ts splitEmission and epochOutput.

import { fadd, umul128, hi128, proportionToU16, invOf, fdivInv } from '../fixed';
import { ldI64, stU64, stU16 } from '../mem';
import {
  R_O_INCENTIVE, R_O_DIVIDENDS, R_O_CONSENSUS, R_O_VTRUST, R_O_STAKEW, R_O_EMISSION, R_O_SERVER, R_O_VALIDATOR,
  P_EMISSION, regionPtr, param, S, A, C, VT, INC, DIV,
} from '../layout';

export function emissionAndOutputs(n: i32): void {
  // 13. Emission split.
  const emission = param(P_EMISSION);
  let emissionSum: i64 = 0;
  for (let i = 0; i < n; i++) emissionSum += fadd(ldI64(INC, i), ldI64(DIV, i));
  let aSum: i64 = 0;
  for (let i = 0; i < n; i++) aSum += ldI64(A, i);
  const inv = invOf(emissionSum); // fdivInv = safe_div by emissionSum, the estimate precomputed
  const oEm = regionPtr(R_O_EMISSION), oSrv = regionPtr(R_O_SERVER), oVal = regionPtr(R_O_VALIDATOR);
  for (let i = 0; i < n; i++) {
    const inc = ldI64(INC, i), div = ldI64(DIV, i);
    let server = inc, validator = div, combined = fadd(inc, div);
    if (emissionSum != 0) {
      server = fdivInv(server, emissionSum, inv);
      validator = fdivInv(validator, emissionSum, inv);
      combined = fdivInv(combined, emissionSum, inv);
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
}

/** I96F32(x) · I96F32(e) → u64 (floor, saturating; negative → 0). */
function shareOf(x: i64, e: u64): u64 {
  if (x <= 0 || e == 0) return 0;
  const lo = umul128(<u64>x, e);
  const hi = hi128;
  if (hi >= 0x1_0000_0000) return 0xFFFF_FFFF_FFFF_FFFF;
  return (hi << 32) | (lo >> 32);
}
