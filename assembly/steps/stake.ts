// Steps 1–5 of the epoch: activity, stake, validator permits, active stake. TS twin:
// runtime/pallets/subtensor/epoch/run_epoch.ts inactiveMask / activeFlags / normalizedStake /
// storedPermits + isTopkNonzero / activeStakeOf.

import { umul128, hi128, divlu } from '../fixed';
import { ldI64, stI64, ldU64, stU64, ldU8, stU8 } from '../mem';
import {
  R_LAST_UPDATE, R_ALPHA, R_ROOT, R_PERMIT, R_O_ACTIVE, R_O_PERMIT, P_BLOCK, P_CUTOFF, P_TAO_WEIGHT,
  P_STAKE_THRESHOLD, P_MAX_VALIDATORS, regionPtr, param, S, A, XLO, XHI, OLDP, INACT,
} from '../layout';
import { isTopkNonzero, normalizeVec } from '../math';

/** Activity (INACT, output active), normalised stake S, old permits OLDP and new ones (output), active stake A. */
export function activityStakePermits(n: i32, owner: i32): void {
  const block = param(P_BLOCK);
  const cutoff = param(P_CUTOFF);
  const lastUpdate = regionPtr(R_LAST_UPDATE);
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
  // Σ ≥ 2^64 (any real subnet: 4.3 α of stake) and < 2^95 (the caller sends total stake ≥ 2^63 rao to
  // the reference): q = ⌊X·2^32 / Σ⌋ ≤ 2^32 estimated in f64 (relative error < 2^-50, so within 1 of
  // the quotient), then checked against the exact 128-bit remainder X·2^32 − q·Σ ∈ [0, Σ) and moved by 1
  // when outside (X·2^32 and q·Σ stay below 2^128).
  const estimate = sumHi != 0 && sumHi < 0x8000_0000;
  const invSum = 4294967296.0 / (<f64><i64>sumHi * 18446744073709551616.0 + <f64>sumLo);
  for (let i = 0; i < n; i++) {
    let rlo = ldU64(XLO, i), rhi = ldU64(XHI, i);
    if (sumLo == 0 && sumHi == 0) { stI64(S, i, <i64>rlo); continue; }
    if (estimate) {
      const qf = Math.floor((<f64><i64>rhi * 18446744073709551616.0 + <f64>rlo) * invSum);
      let q: u64 = reinterpret<u64>(qf + 4503599627370496.0) - 0x4330_0000_0000_0000;
      const nh = (rhi << 32) | (rlo >> 32), nl = rlo << 32;
      const pl = umul128(q, sumLo);
      const ph = hi128 + q * sumHi;
      const rl = nl - pl;
      const rh = <i64>(nh - ph - (nl < pl ? 1 : 0));
      if (rh < 0) q--;
      else if (<u64>rh > sumHi || (<u64>rh == sumHi && rl >= sumLo)) q++;
      stI64(S, i, <i64>q);
      continue;
    }
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
}
