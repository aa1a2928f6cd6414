// Fixed-point arithmetic of substrate_fixed, by hand on 64-bit limbs (AssemblyScript has no i128).
// I32F32 values are carried as their raw i64 (value · 2^32). Semantics follow substrate_fixed v0.6:
// multiplication floors ((a·b) >> 32, arithmetic shift), division truncates toward zero, saturating
// variants clamp to the i64 range, `safe_div` gives 0 on division by zero or overflow.

export const ONE: i64 = 0x1_0000_0000;
export const I64_MAX: i64 = 0x7FFF_FFFF_FFFF_FFFF;
export const I64_MIN: i64 = -0x7FFF_FFFF_FFFF_FFFF - 1;
const LO32: u64 = 0xFFFF_FFFF;

// High word of the last 64×64→128 product / quotient helpers (AS functions return one value).
export let hi128: u64 = 0;

/** Unsigned 64×64→128 product; returns the low word, high word in `hi128`. */
// @ts-ignore: decorator
@inline
export function umul128(a: u64, b: u64): u64 {
  const al = a & LO32, ah = a >> 32, bl = b & LO32, bh = b >> 32;
  const ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
  const mid = (ll >> 32) + (lh & LO32) + (hl & LO32);
  hi128 = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
  return (mid << 32) | (ll & LO32);
}

/** I32F32 saturating multiply: floor(a·b / 2^32) clamped to the i64 range; sets fixedOverflow when clamped. */
export let fixedOverflow: bool = false;
export function fmul(a: i64, b: i64): i64 {
  fixedOverflow = false;
  if (a == 0 || b == 0) return 0;
  const neg = (a < 0) != (b < 0);
  const ua: u64 = a < 0 ? <u64>(-a) : <u64>a; // -I64_MIN wraps to 2^63 as u64: still right
  const ub: u64 = b < 0 ? <u64>(-b) : <u64>b;
  // Fast path: both magnitudes below 2^32, so the product fits in u64.
  if (((ua | ub) >> 32) == 0) {
    const p = ua * ub;
    if (!neg) return <i64>(p >> 32);
    return -<i64>((p >> 32) + <u64>((p & LO32) != 0));
  }
  const lo = umul128(ua, ub);
  const hi = hi128;
  if (!neg) {
    if (hi >= 0x8000_0000) { fixedOverflow = true; return I64_MAX; }
    return <i64>((hi << 32) | (lo >> 32));
  }
  if (hi > 0x8000_0000) { fixedOverflow = true; return I64_MIN; }
  const up: u64 = ((hi << 32) | (lo >> 32)) + <u64>((lo & LO32) != 0); // ceil(p / 2^32)
  if (up > 0x8000_0000_0000_0000) { fixedOverflow = true; return I64_MIN; }
  return -<i64>up;
}

/**
 * Unsigned 128/64 → 64 division (Hacker's Delight divlu); requires u1 < v (quotient fits 64 bits).
 * Remainder is not needed by callers.
 */
export function divlu(u1: u64, u0: u64, v: u64): u64 {
  const b: u64 = 0x1_0000_0000;
  const s = <u64>clz(v);
  v = v << s;
  const vn1 = v >> 32, vn0 = v & LO32;
  const un32: u64 = s == 0 ? u1 : (u1 << s) | (u0 >> (64 - s));
  const un10: u64 = u0 << s;
  const un1 = un10 >> 32, un0 = un10 & LO32;
  let q1 = un32 / vn1;
  let rhat = un32 - q1 * vn1;
  while (q1 >= b || q1 * vn0 > ((rhat << 32) | un1)) {
    q1 -= 1; rhat += vn1;
    if (rhat >= b) break;
  }
  const un21: u64 = ((un32 << 32) | un1) - q1 * v;
  let q0 = un21 / vn1;
  rhat = un21 - q0 * vn1;
  while (q0 >= b || q0 * vn0 > ((rhat << 32) | un0)) {
    q0 -= 1; rhat += vn1;
    if (rhat >= b) break;
  }
  return (q1 << 32) | q0;
}

/**
 * Exact u64 / u64 (truncated) via an f64 estimate corrected by the integer remainder: the hardware
 * integer divide is the slowest instruction in the epoch's inner loops. The estimate is within ±1
 * while the quotient is below 2^50 and the divisor below 2^62; otherwise divide natively.
 */
// @ts-ignore: decorator
@inline
export function udiv64(num: u64, d: u64): u64 {
  if (d >= 0x4000_0000_0000_0000) return num / d;
  let q = <u64>(<f64>num / <f64>d);
  if (q >= 0x4_0000_0000_0000) return num / d;
  let r = <i64>(num - q * d);
  while (r < 0) { q--; r += <i64>d; }
  while (<u64>r >= d) { q++; r -= <i64>d; }
  return q;
}

/** Unsigned (x · 2^32) / d, truncated; sets fixedOverflow when the quotient exceeds 64 bits. */
// @ts-ignore: decorator
@inline
function udivShift32(x: u64, d: u64): u64 {
  if ((x >> 32) == 0) { fixedOverflow = false; return udiv64(x << 32, d); }
  // Integer-valued operands (raw u16 weights / bonds as I32F32): (x'·2^64)/(d'·2^32) = x'·2^32/d'.
  if ((x & LO32) == 0 && (d & LO32) == 0 && (x >> 32) < 0x1_0000_0000) {
    fixedOverflow = false;
    return udiv64(x, d >> 32);
  }
  const hi = x >> 32, lo = x << 32;
  if (hi >= d) { fixedOverflow = true; return 0; }
  fixedOverflow = false;
  return divlu(hi, lo, d);
}

/** I32F32 division truncating toward zero; sets fixedOverflow on overflow / division by zero. */
export function fdivRaw(a: i64, b: i64): i64 {
  if (b == 0) { fixedOverflow = true; return 0; }
  if (a == 0) { fixedOverflow = false; return 0; }
  const neg = (a < 0) != (b < 0);
  const ua: u64 = a < 0 ? <u64>(-a) : <u64>a;
  const ub: u64 = b < 0 ? <u64>(-b) : <u64>b;
  const q = udivShift32(ua, ub);
  if (fixedOverflow) return 0;
  if (!neg) {
    if (q > <u64>I64_MAX) { fixedOverflow = true; return 0; }
    return <i64>q;
  }
  if (q > 0x8000_0000_0000_0000) { fixedOverflow = true; return 0; }
  return -<i64>q;
}

/** safe_div: truncating division, 0 on division by zero or overflow. */
export function fdiv(a: i64, b: i64): i64 {
  const q = fdivRaw(a, b);
  return fixedOverflow ? 0 : q;
}

/** saturating_div (b ≠ 0 assumed by callers): clamps on overflow. */
export function fdivSat(a: i64, b: i64): i64 {
  const q = fdivRaw(a, b);
  if (!fixedOverflow) return q;
  if (b == 0) return 0;
  return ((a < 0) != (b < 0)) ? I64_MIN : I64_MAX;
}

// @ts-ignore: decorator
@inline
export function fadd(a: i64, b: i64): i64 {
  const s = a + b;
  // Overflow iff a and b share a sign that s does not.
  if (((a ^ s) & (b ^ s)) < 0) return a < 0 ? I64_MIN : I64_MAX;
  return s;
}

// @ts-ignore: decorator
@inline
export function fsub(a: i64, b: i64): i64 {
  const s = a - b;
  if (((a ^ b) & (a ^ s)) < 0) return a < 0 ? I64_MIN : I64_MAX;
  return s;
}

/** fmul for the hot loops: both operands in [0, 2^32) (proportions) multiply inline, else fmul. */
// @ts-ignore: decorator
@inline
export function fmulP(a: i64, b: i64): i64 {
  if (<u64>(a | b) < 0x1_0000_0000) return <i64>((<u64>a * <u64>b) >> 32);
  return fmul(a, b);
}

/** I32F32 → u16 proportion: floor(x · 65535) saturated to [0, 65535] (fixed_proportion_to_u16). */
// @ts-ignore: decorator
@inline
export function proportionToU16(x: i64): u32 {
  if (<u64>x < 0x8000_0000_0000) {
    // (x · 65535·2^32) >> 32 = x · 65535 exactly; the integer part is that >> 32.
    const v = (x * 65535) >> 32;
    return v > 65535 ? 65535 : <u32>v;
  }
  const p = fmul(x, 65535 * ONE);
  if (p <= 0) return 0;
  const v = p >> 32;
  return v > 65535 ? 65535 : <u32>v;
}

// substrate_fixed `exp` for I32F32 (Taylor series with terms i = 2..31, each term floored by the
// multiply and truncated by the integer divide; negative input → 1/exp(|x|)). e for x == 1 is the
// I9F23 constant widened: floor(e · 2^23) · 2^9.
const E_I32F32: i64 = 11674931200;

/** floor(t · x / 2^32) for 0 ≤ t < 2^58, 0 ≤ x < 2^37 (exact, no overflow): 3 partial products. */
// @ts-ignore: decorator
@inline
function mulSeries(t: i64, x: i64): i64 {
  const th = <u64>t >> 32, tl = <u64>t & LO32;
  const xh = <u64>x >> 32, xl = <u64>x & LO32;
  return <i64>(th * <u64>x + tl * xh + ((tl * xl) >> 32));
}

/**
 * floor(2^64 / r) for 2^32 ≤ r < 2^62 (1 / exp(|x|) in I32F32): an f64 estimate q (within 1; q ≤ 2^32)
 * and the wrapping remainder w = 2^64 − q·r mod 2^64: w < r when q is right, w ∈ [r, 2r) when q is one
 * short, and w ≥ 2^64 − r (a negative remainder) when q is one over.
 */
// @ts-ignore: decorator
@inline
function recip64(r: u64): u64 {
  const q = <u64>(18446744073709551616.0 / <f64>r);
  const w: u64 = 0 - q * r;
  return w < r ? q : (w < r << 1 ? q + 1 : q - 1);
}

/** 1 + x + Σ_{i=2..31} term_i with term_i = floor(term_{i−1} · x) / i, for 0 < x ≤ 20. */
function expSeries20(x: i64): i64 {
  let t = x;
  let r = x + ONE;
  t = mulSeries(t, x) / 2; r += t;
  t = mulSeries(t, x) / 3; r += t;
  t = mulSeries(t, x) / 4; r += t;
  t = mulSeries(t, x) / 5; r += t;
  t = mulSeries(t, x) / 6; r += t;
  t = mulSeries(t, x) / 7; r += t;
  t = mulSeries(t, x) / 8; r += t;
  t = mulSeries(t, x) / 9; r += t;
  t = mulSeries(t, x) / 10; r += t;
  t = mulSeries(t, x) / 11; r += t;
  t = mulSeries(t, x) / 12; r += t;
  t = mulSeries(t, x) / 13; r += t;
  t = mulSeries(t, x) / 14; r += t;
  t = mulSeries(t, x) / 15; r += t;
  t = mulSeries(t, x) / 16; r += t;
  t = mulSeries(t, x) / 17; r += t;
  t = mulSeries(t, x) / 18; r += t;
  t = mulSeries(t, x) / 19; r += t;
  t = mulSeries(t, x) / 20; r += t;
  t = mulSeries(t, x) / 21; r += t;
  t = mulSeries(t, x) / 22; r += t;
  t = mulSeries(t, x) / 23; r += t;
  t = mulSeries(t, x) / 24; r += t;
  t = mulSeries(t, x) / 25; r += t;
  t = mulSeries(t, x) / 26; r += t;
  t = mulSeries(t, x) / 27; r += t;
  t = mulSeries(t, x) / 28; r += t;
  t = mulSeries(t, x) / 29; r += t;
  t = mulSeries(t, x) / 30; r += t;
  t = mulSeries(t, x) / 31; r += t;
  return r;
}

/** exp(x); sets fixedOverflow when the series overflows (substrate_fixed returns Err). */
export function fexp(x: i64): i64 {
  fixedOverflow = false;
  if (x == 0) return ONE;
  if (x == ONE) return E_I32F32;
  const neg = x < 0;
  if (neg) {
    if (x == I64_MIN) { fixedOverflow = true; return 0; }
    x = -x;
  }
  let result = x + ONE;
  if (result < x) { fixedOverflow = true; return 0; }
  let term = x;
  if (x <= 20 * ONE) {
    // |x| ≤ 20 (every exp_safe call): no step can overflow (term < 2^58, product < 2^95), so the
    // series runs unrolled with constant divisors and an inline exact floor((term · x) >> 32).
    result = expSeries20(x);
  } else for (let i: i64 = 2; i < 32; i++) {
    term = fmul(term, x);
    if (fixedOverflow) return 0;
    term = term / i; // (term·2^32)/(i·2^32) truncated: exact integer division of the raw value
    const r = result + term;
    if (((result ^ r) & (term ^ r)) < 0) { fixedOverflow = true; return 0; }
    result = r;
  }
  if (neg) {
    // 1 / result: (2^32 · 2^32) / result_raw, result ≥ 1 so the quotient fits.
    if (result <= 0) { fixedOverflow = true; return 0; }
    // result ≥ 2^32 (exp ≥ 1); below 2^62 by recip64, else the long division.
    result = result < 0x4000_0000_0000_0000 ? <i64>recip64(<u64>result) : <i64>divlu(1, 0, <u64>result);
  }
  return result;
}

/** exp_safe: clamp input to [-20, 20]; on error 0 for non-positive input, else I32F32::MAX. */
export function expSafe(input: i64): i64 {
  let x = input;
  if (x < -20 * ONE) x = -20 * ONE;
  else if (x > 20 * ONE) x = 20 * ONE;
  const r = fexp(x);
  if (fixedOverflow) return x <= 0 ? 0 : I64_MAX;
  return r;
}

// ---- division by a shared divisor (row / column / vector normalisation) ----

/** 2^32 / d as f64 for `fdivInv`; +∞ (sends fdivInv to `fdiv`) when d ≤ 0 or d ≥ 2^62. */
// @ts-ignore: decorator
@inline
export function invOf(d: i64): f64 {
  return d > 0 && d < 0x4000_0000_0000_0000 ? 4294967296.0 / <f64>d : Infinity;
}

/**
 * safe_div(a, d) with inv = invOf(d) precomputed. For a ≥ 0 the quotient x = a·2^32 / d is estimated
 * as qf = a·inv (three roundings: relative error < 2^-51, so below 2^50 |qf − x| < 0.5). Rounding qf
 * to the nearest integer (adding 2^52 and reading the bits: cheaper than a saturating truncation)
 * gives q ∈ {⌊x⌋, ⌊x⌋ + 1}; the remainder r = a·2^32 − q·d is exact in wrapping 64-bit arithmetic
 * (−d < r < d < 2^62) and its sign corrects q without a branch. Anything else (negative numerators,
 * quotients ≥ 2^50, divisors outside (0, 2^62), NaN from 0·∞) goes through `fdiv`: the bit pattern of
 * qf as u64 is below that of 2^50 exactly when 0 ≤ qf < 2^50.
 */
// @ts-ignore: decorator
@inline
export function fdivInv(a: i64, d: i64, inv: f64): i64 {
  const qf = <f64>a * inv;
  if (reinterpret<u64>(qf) < 0x4310_0000_0000_0000) {
    const q = reinterpret<i64>(qf + 4503599627370496.0) - 0x4330_0000_0000_0000;
    const r = (a << 32) - q * d;
    return q + (r >> 63);
  }
  return fdiv(a, d);
}
