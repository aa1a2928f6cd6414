// The few substrate_fixed operations the coinbase needs, on raw bigint bits: U96F32 (32 fractional bits) for
// amounts and U64F64 (64 fractional bits) for shares, saturating and flooring like `saturating_*` in Rust.
import { U64_MAX } from '../epoch/fixed.ts';

export const F32 = 32n;
export const F64 = 64n;
const U96F32_MAX = (1n << 128n) - 1n;
const U64F64_MAX = (1n << 128n) - 1n;

const sat = (v: bigint, max: bigint) => (v < 0n ? 0n : v > max ? max : v);

/** U96F32 from an integer. */
export const u96 = (n: bigint): bigint => sat(n << F32, U96F32_MAX);
export const mul96 = (a: bigint, b: bigint): bigint => sat((a * b) >> F32, U96F32_MAX);
/** checked_div: null on division by zero. */
export const div96 = (a: bigint, b: bigint): bigint | null => (b === 0n ? null : sat((a << F32) / b, U96F32_MAX));
export const sub96 = (a: bigint, b: bigint): bigint => (a > b ? a - b : 0n);
export const add96 = (a: bigint, b: bigint): bigint => sat(a + b, U96F32_MAX);
/** saturating_to_num::<u64>() of a U96F32 (floor). */
export const toU64 = (a: bigint): bigint => sat(a >> F32, U64_MAX);
export const HALF96 = 1n << 31n;
export const ONE96 = 1n << F32;

export const u6464 = (n: bigint): bigint => sat(n << F64, U64F64_MAX);
export const mul6464 = (a: bigint, b: bigint): bigint => sat((a * b) >> F64, U64F64_MAX);
export const div6464 = (a: bigint, b: bigint): bigint | null => (b === 0n ? null : sat((a << F64) / b, U64F64_MAX));
/** U64F64 → U96F32 (drops 32 fractional bits). */
export const u6464To96 = (a: bigint): bigint => a >> F32;
/** U96F32 / I96F32 (non-negative) → U64F64. */
export const u96To6464 = (a: bigint): bigint => sat(a << F32, U64F64_MAX);

/** A u64 ratio to u64::MAX (TaoWeight, CKBurn, a childkey proportion) as U96F32: from_num(v).safe_div(from_num(u64::MAX)). */
export const proportion96 = (v: bigint): bigint => (v << F32) / U64_MAX;
/** TaoWeight (u64) as a U96F32 fraction of u64::MAX. */
export const taoWeight96 = proportion96;
