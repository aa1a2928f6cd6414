// Fixed-point arithmetic of `substrate_fixed` (encointer fork v0.6.0, as used by subtensor) on
// bigint raw values. A value of type IaFb is stored as its raw two's-complement integer
// `raw = value · 2^b`. Every operation mirrors the Rust crate bit for bit:
//   - mul: floor((a·b) >> frac), overflow detected on the exact product (saturating_* clamps,
//     checked_* returns null);
//   - div: (a << frac) / b truncated toward zero; checked_div → null on b == 0 or overflow;
//     `safe_div` (subtensor's safe-math) → 0 in both cases;
//   - from_num(float): round to nearest, ties to even (f32 literals go through Math.fround first);
//   - fixed → fixed with fewer fractional bits: floor (arithmetic shift);
//   - to integer: floor, then saturate (negative → 0 for unsigned targets);
//   - round(): half away from zero;
//   - Sum (iter().sum()) is the plain `+`, which wraps in a release runtime.

export interface FixedType {
  readonly name: string;
  /** Number of fractional bits. */
  readonly frac: bigint;
  /** Total number of bits of the raw integer. */
  readonly bits: bigint;
  readonly signed: boolean;
  readonly min: bigint;
  readonly max: bigint;
  /** Raw value of 1.0. */
  readonly one: bigint;
}

function fixedType(name: string, bits: number, frac: number, signed: boolean): FixedType {
  const b = BigInt(bits);
  const f = BigInt(frac);
  const min = signed ? -(1n << (b - 1n)) : 0n;
  const max = signed ? (1n << (b - 1n)) - 1n : (1n << b) - 1n;
  return { name, frac: f, bits: b, signed, min, max, one: 1n << f };
}

export const I32F32 = fixedType('I32F32', 64, 32, true);
export const I64F64 = fixedType('I64F64', 128, 64, true);
export const I96F32 = fixedType('I96F32', 128, 32, true);
export const U96F32 = fixedType('U96F32', 128, 32, false);
export const U64F64 = fixedType('U64F64', 128, 64, false);
export const I9F23 = fixedType('I9F23', 32, 23, true);

export const U16_MAX = 65535n;
export const U64_MAX = (1n << 64n) - 1n;

/** Clamp a mathematically exact raw result into the type's range. */
export function saturate(t: FixedType, raw: bigint): bigint {
  if (raw > t.max) return t.max;
  if (raw < t.min) return t.min;
  return raw;
}

function inRange(t: FixedType, raw: bigint): boolean {
  return raw >= t.min && raw <= t.max;
}

/** Two's-complement wrap, i.e. what `+` does in a release-built runtime. */
export function wrap(t: FixedType, raw: bigint): bigint {
  const span = 1n << t.bits;
  let r = ((raw % span) + span) % span;
  if (t.signed && r > t.max) r -= span;
  return r;
}

// ---------- construction ----------

export function fromInt(t: FixedType, n: bigint | number): bigint {
  return saturate(t, BigInt(n) << t.frac);
}

/** Round-half-to-even of num / 2^shift (shift ≥ 0). */
function roundShiftHalfEven(num: bigint, shift: bigint): bigint {
  if (shift <= 0n) return num << -shift;
  const q = num >> shift; // floor
  const rem = num - (q << shift);
  const half = 1n << (shift - 1n);
  if (rem > half) return q + 1n;
  if (rem < half) return q;
  return (q & 1n) === 0n ? q : q + 1n;
}

/** Exact decomposition of a finite double: x = mantissa · 2^exponent (mantissa integer). */
function decomposeDouble(x: number): { mantissa: bigint; exponent: bigint } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const sign = hi >>> 31 ? -1n : 1n;
  const expBits = (hi >>> 20) & 0x7ff;
  const fracBits = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (expBits === 0) return { mantissa: sign * fracBits, exponent: -1074n };
  return { mantissa: sign * (fracBits | (1n << 52n)), exponent: BigInt(expBits) - 1075n };
}

/** `from_num(f64)` / `saturating_from_num(f64)`: nearest, ties to even, then saturate. */
export function fromF64(t: FixedType, x: number): bigint {
  if (Number.isNaN(x)) throw new Error('from_num(NaN)');
  if (x === Infinity) return t.max;
  if (x === -Infinity) return t.min;
  const { mantissa, exponent } = decomposeDouble(x);
  const e = exponent + t.frac; // raw = mantissa · 2^e
  const raw = e >= 0n ? mantissa << e : roundShiftHalfEven(mantissa, -e);
  return saturate(t, raw);
}

/** `from_num(f32)`: the literal is first rounded to the nearest f32. */
export function fromF32(t: FixedType, x: number): bigint {
  return fromF64(t, Math.fround(x));
}

/** Fixed → fixed conversion (`saturating_from_num(other_fixed)`): floor on dropped bits, saturate. */
export function convert(from: FixedType, to: FixedType, raw: bigint): bigint {
  const d = to.frac - from.frac;
  const r = d >= 0n ? raw << d : raw >> -d;
  return saturate(to, r);
}

// ---------- to numbers ----------

/** `saturating_to_num::<uN>()`: floor, negatives → 0, clamp to 2^bits − 1. */
export function toUint(t: FixedType, raw: bigint, bits: bigint): bigint {
  const v = raw >> t.frac;
  if (v < 0n) return 0n;
  const max = (1n << bits) - 1n;
  return v > max ? max : v;
}

export function toU16(t: FixedType, raw: bigint): number {
  return Number(toUint(t, raw, 16n));
}

export function toU64(t: FixedType, raw: bigint): bigint {
  return toUint(t, raw, 64n);
}

/** Approximate float value, for diagnostics and tolerance checks only. */
export function toNumber(t: FixedType, raw: bigint): number {
  const ip = raw >> t.frac;
  const fp = raw - (ip << t.frac);
  return Number(ip) + Number(fp) / 2 ** Number(t.frac);
}

// ---------- arithmetic ----------

export function satAdd(t: FixedType, a: bigint, b: bigint): bigint {
  return saturate(t, a + b);
}

export function satSub(t: FixedType, a: bigint, b: bigint): bigint {
  return saturate(t, a - b);
}

export function checkedAdd(t: FixedType, a: bigint, b: bigint): bigint | null {
  const r = a + b;
  return inRange(t, r) ? r : null;
}

export function checkedSub(t: FixedType, a: bigint, b: bigint): bigint | null {
  const r = a - b;
  return inRange(t, r) ? r : null;
}

/** `a + b` as compiled in release (wrapping); used where Rust uses `Sum`. */
export function wrapAdd(t: FixedType, a: bigint, b: bigint): bigint {
  return wrap(t, a + b);
}

export function sum(t: FixedType, xs: readonly bigint[]): bigint {
  let s = 0n;
  for (const x of xs) s = wrapAdd(t, s, x);
  return s;
}

function mulExact(t: FixedType, a: bigint, b: bigint): bigint {
  return (a * b) >> t.frac; // BigInt >> is an arithmetic (floor) shift
}

export function satMul(t: FixedType, a: bigint, b: bigint): bigint {
  return saturate(t, mulExact(t, a, b));
}

export function checkedMul(t: FixedType, a: bigint, b: bigint): bigint | null {
  const r = mulExact(t, a, b);
  return inRange(t, r) ? r : null;
}

/** Exact quotient (a << frac) / b truncated toward zero; b must be non-zero. */
function divExact(t: FixedType, a: bigint, b: bigint): bigint {
  return (a << t.frac) / b;
}

export function checkedDiv(t: FixedType, a: bigint, b: bigint): bigint | null {
  if (b === 0n) return null;
  const r = divExact(t, a, b);
  return inRange(t, r) ? r : null;
}

/** subtensor safe-math `safe_div`: checked_div or 0. */
export function safeDiv(t: FixedType, a: bigint, b: bigint): bigint {
  return checkedDiv(t, a, b) ?? 0n;
}

/** `saturating_div`: panics on a zero divisor (as Rust does), clamps on overflow. */
export function satDiv(t: FixedType, a: bigint, b: bigint): bigint {
  if (b === 0n) throw new Error(`${t.name}::saturating_div by zero`);
  return saturate(t, divExact(t, a, b));
}

export function neg(t: FixedType, a: bigint): bigint {
  return saturate(t, -a);
}

export function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

export function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

/** `round()`: to the nearest integer, ties away from zero (result is a raw fixed value). */
export function round(t: FixedType, a: bigint): bigint {
  const half = 1n << (t.frac - 1n);
  if (a >= 0n) return saturate(t, ((a + half) >> t.frac) << t.frac);
  return saturate(t, -(((-a + half) >> t.frac) << t.frac));
}

/** `floor()` as a raw fixed value. */
export function floor(t: FixedType, a: bigint): bigint {
  return (a >> t.frac) << t.frac;
}

// ---------- transcendental (substrate_fixed::transcendental) ----------

/** e as the crate's I9F23 constant: U2F126 bits of e shifted right by 103. */
const E_I9F23_RAW = 0xadf85458a2bb4a9aafdc5620273d3cf1n >> 103n;

/**
 * `transcendental::exp::<T, T>(x)`: Taylor series with terms i = 2..frac−1, each term computed as
 * checked_mul then checked_div by i; negative inputs use 1/exp(−x). Returns null where the crate
 * returns Err (overflow).
 */
export function exp(t: FixedType, x: bigint): bigint | null {
  if (x === 0n) return t.one;
  if (x === t.one) return convert(I9F23, t, E_I9F23_RAW);
  let operand = x;
  const negative = operand < 0n;
  if (negative) {
    operand = -operand;
    if (!inRange(t, operand)) return null;
  }
  let result = checkedAdd(t, operand, t.one);
  if (result === null) return null;
  let term = operand;
  for (let i = 2n; i < t.frac; i++) {
    const m = checkedMul(t, term, operand);
    if (m === null) return null;
    const d = checkedDiv(t, m, fromInt(t, i));
    if (d === null) return null;
    term = d;
    const r = checkedAdd(t, result, term);
    if (r === null) return null;
    result = r;
  }
  if (negative) return checkedDiv(t, t.one, result);
  return result;
}

/** Crate's rounding right shift: (x >> 1) + (x & lsb). */
function rsRound(x: bigint): bigint {
  return (x >> 1n) + (x & 1n);
}

/** `log2_inner` (operand ≥ 1): integer part by halving, then frac bits by repeated squaring. */
function log2Inner(t: FixedType, operand: bigint): bigint {
  const two = 2n << t.frac;
  let x = operand;
  let result = 0n;
  while (x >= two) {
    result += 1n;
    x = rsRound(x);
  }
  if (x === t.one) return result << t.frac; // D::from_num(integer count)
  for (let i = 0n; i < t.frac; i++) {
    x = wrap(t, (x * x) >> t.frac);
    result <<= 1n;
    if (x >= two) {
      result |= 1n;
      x = rsRound(x);
    }
  }
  return result;
}

/** `transcendental::log2::<T, T>(x)`; null where the crate returns Err. */
export function log2(t: FixedType, x: bigint): bigint | null {
  if (x <= 0n) return null;
  if (x < t.one) {
    const inv = checkedDiv(t, t.one, x);
    if (inv === null) return null;
    return -log2Inner(t, inv);
  }
  return log2Inner(t, x);
}
