// Exact-integer f64x2 arithmetic shared by the per-cell passes of the steps (no TS twin: the reference
// computes the same floors on bigints; see each caller for the bound that makes a lane exact).

// ---- exact-integer f64x2 arithmetic ----
// Fixed-point values below 2^52 are exact in f64. A floor of a product or quotient computed in f64
// (relative error < 2^-51 for the operands used here, so absolute error < 2^-17 below 2^34) is exact
// unless the true value lies within that error of an integer: floorBad flags every lane whose computed
// value is ≥ 2^34 (or NaN) or within 2^-16 of an integer (except an exact 0, which only a zero operand
// gives); callers redo flagged cells with the integer code.
export const TWO52: f64 = 4503599627370496.0;
export const TWO53: f64 = 9007199254740992.0;
export const INV32: f64 = 1.0 / 4294967296.0;
export const U16_SCALE: f64 = 65535.0 / 4294967296.0; // exact: a 16-bit mantissa
export const FLOOR_EPS: f64 = 1.0 / 65536.0;

/** (base[j0], base[j1]) as f64x2. */
// @ts-ignore: decorator
@inline export function gather2(base: usize, j0: usize, j1: usize): v128 {
  return v128.load64_lane(base + (j1 << 3), v128.load64_splat(base + (j0 << 3)), 1);
}

// @ts-ignore: decorator
@inline export function floorBad(x: v128, fl: v128): v128 {
  const fr = f64x2.sub(x, fl);
  const nearLow = v128.and(f64x2.lt(fr, f64x2.splat(FLOOR_EPS)), f64x2.ne(x, f64x2.splat(0.0)));
  const nearHigh = f64x2.gt(fr, f64x2.splat(1.0 - FLOOR_EPS));
  const range = v128.not(f64x2.lt(x, f64x2.splat(17179869184.0)));
  return v128.or(v128.or(nearLow, nearHigh), range);
}

// Cheap floor check: floorE(x) = ⌊x + ε⌋ (ε = FLOOR_EPS) and resE(x, f) = x + ε − f ∈ [0, 1). With
// resE ≥ 2ε (computed: x + ε rounds by ≤ 2^-19 below 2^34) the computed x lies in [f + ε − 2^-19,
// f + 1 − ε + 2^-19], and the exact value (within 2^-17 of it, as for floorBad) strictly inside (f, f + 1):
// floorE(x) is its exact floor. The callers also test the operands' maximum (f64x2.pmax, plain maxpd)
// < 2^34; NaN and ±∞ fail resE ≥ 2ε. Every other lane goes to the full floorBad check (an exact 0,
// resE = ε, passes there), then to the integer code.
// @ts-ignore: decorator
@inline export function floorE(x: v128): v128 { return f64x2.floor(f64x2.add(x, f64x2.splat(FLOOR_EPS))); }
// @ts-ignore: decorator
@inline export function resE(x: v128, f: v128): v128 { return f64x2.sub(f64x2.add(x, f64x2.splat(FLOOR_EPS)), f); }
