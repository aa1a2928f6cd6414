// HEAD registration burn dynamics (spec ≈ 401+):
//  - every block > 1: burn = (burn · f) >> 32, f (Q32) the largest value with f^BurnHalfLife <= 0.5,
//    found by binary search with pow-by-squaring (floor after every multiply), then clamped to
//    [MinBurn, MaxBurn];
//  - after each successful registration: burn = clamp(floor(burn · BurnIncreaseMult)), the
//    multiplier being a U64F64 floored at 1.

import { U64F64, U64_MAX, fromF64, fromInt, max, satMul, toU64 } from '../epoch/fixed.ts';

const ONE_Q32 = 1n << 32n;
const HALF_Q32 = 1n << 31n;

/** Default BurnHalfLife (blocks). */
export const DEFAULT_BURN_HALF_LIFE = 360;
/** Default BurnIncreaseMult as a raw U64F64 (from_num(1.26)). */
export const DEFAULT_BURN_INCREASE_MULT: bigint = fromF64(U64F64, 1.26);

/** value · factor >> 32, clamped to u64. */
export function mulByQ32(value: bigint, factorQ32: bigint): bigint {
  const shifted = (value * factorQ32) >> 32n;
  return shifted > U64_MAX ? U64_MAX : shifted;
}

/** base^exp in Q32 by squaring, each step through mulByQ32. */
export function powQ32(baseQ32: bigint, exp: number): bigint {
  let result = ONE_Q32;
  let factor = baseQ32;
  let power = exp;
  while (power > 0) {
    if ((power & 1) === 1) result = mulByQ32(result, factor);
    power >>= 1;
    if (power > 0) factor = mulByQ32(factor, factor);
  }
  return result;
}

const decayFactorCache = new Map<number, bigint>();

/** Per-block decay factor f in Q32: the largest f with f^halfLife <= 0.5 (1.0 when halfLife = 0). */
export function decayFactorQ32(halfLife: number): bigint {
  if (halfLife === 0) return ONE_Q32;
  const cached = decayFactorCache.get(halfLife);
  if (cached !== undefined) return cached;
  let lo = 0n;
  let hi = ONE_Q32;
  while (lo + 1n < hi) {
    const mid = lo + ((hi - lo) >> 1n);
    if (powQ32(mid, halfLife) > HALF_Q32) hi = mid;
    else lo = mid;
  }
  decayFactorCache.set(halfLife, lo);
  return lo;
}

function clamp(v: bigint, minBurn: bigint, maxBurn: bigint): bigint {
  let r = v;
  if (r < minBurn) r = minBurn;
  if (r > maxBurn) r = maxBurn;
  return r;
}

/** One block of `update_registration_prices_for_networks` for one subnet: the new burn. */
export function decayBurn(burn: bigint, halfLife: number, currentBlock: bigint, minBurn: bigint, maxBurn: bigint): bigint {
  let next = burn;
  if (halfLife > 0 && currentBlock > 1n) next = mulByQ32(burn, decayFactorQ32(halfLife));
  return clamp(next, minBurn, maxBurn);
}

/** `bump_registration_price_after_registration` (non-root subnets): the new burn. */
export function bumpBurn(burn: bigint, increaseMultU64F64: bigint, minBurn: bigint, maxBurn: bigint): bigint {
  const mult = max(increaseMultU64F64, fromInt(U64F64, 1));
  const next = toU64(U64F64, satMul(U64F64, fromInt(U64F64, burn), mult));
  return clamp(next, minBurn, maxBurn);
}
