// HEAD pallets/swap balancer.rs + the fee arithmetic of impls.rs / swap_step.rs, as integer math on U64F64 bits.
// HEAD's pool is a weighted (Balancer) pool; SwapBalancer holds the quote weight, 1/2 by default. With equal
// weights every `pow_ratio_scaled` HEAD calls has exponent 1 or 1/2, which safe_bigmath evaluates on its exact
// integer path (floor(num·scale/den), or the floor of the square root of the scaled ratio): that is what this
// module computes, bit for bit. This port never moves the weights (docs/COMPATIBILITY.md "Staking pools").
// All values are bigint: amounts in rao, prices as U64F64 raw bits (value · 2^64).

export const ONE_BITS = 1n << 64n;
export const U64_MAX = (1n << 64n) - 1n;
/** Perquintill accuracy (HEAD balancer.rs ACCURACY) and the 1e18 scale of pow_ratio_scaled's results. */
export const ACCURACY = 1_000_000_000_000_000_000n;
const U16_MAX = 65_535n;

const satU64 = (v: bigint) => (v > U64_MAX ? U64_MAX : v < 0n ? 0n : v);
/** U64F64 a / b of two integers (saturating_from_num then safe_div: 0 on division by zero), as bits. */
const ratioBits = (a: bigint, b: bigint) => (b === 0n ? 0n : (a << 64n) / b);
/** U64F64 bits · integer, floored to u64 (saturating_mul then saturating_to_num). */
const mulToU64 = (bits: bigint, n: bigint) => satU64((bits * n) >> 64n);

export function isqrt(n: bigint): bigint {
  if (n < 0n) throw new Error('isqrt of negative');
  if (n < 2n) return n;
  let x = 1n << BigInt((n.toString(2).length + 1) >> 1);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** calculate_fee_amount: amount · (FeeRate / u16::MAX) in U64F64, floored. */
export function feeAmount(amount: bigint, feeRate: number): bigint {
  return mulToU64(ratioBits(BigInt(feeRate), U16_MAX), amount);
}

/** The fee recomputed when a swap stops at the limit price: delta_in · rate / (u16::MAX − rate) (swap_step.rs). */
export function feeOnDeltaIn(deltaIn: bigint, feeRate: number): bigint {
  const rate = BigInt(feeRate);
  const rateBits = rate << 64n; // U64F64::from_num(rate)
  const denomBits = (U16_MAX - rate) << 64n;
  const quotient = denomBits === 0n ? 0n : (rateBits << 64n) / denomBits; // U64F64 safe_div
  return mulToU64(quotient, deltaIn);
}

/** calculate_price(x = alpha reserve, y = TAO reserve) at equal weights: (w1/w2 = 1) · y / x, as U64F64 bits. */
export function priceBits(alphaReserve: bigint, taoReserve: bigint): bigint {
  const p = ratioBits(taoReserve, alphaReserve);
  return p > (1n << 128n) - 1n ? (1n << 128n) - 1n : p;
}

/**
 * exp_scaled(x, dx ≥ 0) at equal weights: (x / (x + dx)) as U64F64 bits, via pow_ratio_scaled's exact path
 * floor(x · 1e18 / (x + dx)) then U64F64 division by 1e18, capped at 1.
 */
function expBits(x: bigint, dx: bigint): bigint {
  const xPlus = satU64(x + dx);
  if (xPlus === 0n) return 0n;
  const scaled = (x * ACCURACY) / xPlus;
  const bits = ratioBits(scaled, ACCURACY);
  return bits > ONE_BITS ? ONE_BITS : bits;
}

/** convert_deltas: what `deltaIn` of one reserve buys from the other: outReserve · (1 − exp), floored. */
export function convertDelta(inReserve: bigint, outReserve: bigint, deltaIn: bigint): bigint {
  const e = expBits(inReserve, deltaIn);
  return mulToU64(ONE_BITS - e, outReserve);
}

/**
 * calculate_quote_delta_in / calculate_base_delta_in at equal weights: the input that moves the price from
 * `fromBits` to `toBits` (buy: from = current, to = limit; sell: from = limit, to = current, on the alpha
 * reserve): reserve · (√(to/from) − 1) with the root floored at 1e18 scale (exponent 1/2 on the exact path).
 */
export function deltaInForPrice(numeratorBits: bigint, denominatorBits: bigint, reserve: bigint): bigint {
  if (denominatorBits === 0n) return 0n;
  let root = isqrt((numeratorBits * ACCURACY * ACCURACY) / denominatorBits);
  // nth_root_ratio_floor: largest r with r²·den ≤ num·scale² (isqrt of the floored quotient is the same r).
  if (root > U64_MAX) root = U64_MAX;
  const rootBits = ratioBits(root, ACCURACY);
  const excess = rootBits > ONE_BITS ? rootBits - ONE_BITS : 0n;
  return mulToU64(excess, reserve);
}
