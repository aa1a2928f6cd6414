// HEAD's swap arithmetic (pallets/swap impls.rs, swap_step.rs, balancer.rs) at the default 50/50 weights, written
// out from the Rust for tests, independently of runtime/pallets/swap:
// - fee = amount · U64F64(FeeRate / 65535), floored (calculate_fee_amount);
// - out = reserve_out · (1 − e), e = U64F64(⌊reserve_in · 1e18 / (reserve_in + net)⌋ / 1e18) (exp_scaled's exact
//   path of safe_bigmath pow_ratio_scaled for exponent 1), floored.
const FRAC = 64n;
const SCALE = 10n ** 18n;

export const DEFAULT_FEE_RATE = 33n;

/** U64F64(rate / 65535) bits, then · amount, floored. */
export function headFee(amount: bigint, rate: bigint = DEFAULT_FEE_RATE): bigint {
  const rateFixed = (rate << FRAC) / 65_535n;
  return (amount * rateFixed) >> FRAC;
}

/** Output of a swap of `net` (after the fee) into a pool with `reserveIn` / `reserveOut`. */
export function headOut(reserveIn: bigint, reserveOut: bigint, net: bigint): bigint {
  if (reserveIn + net === 0n) return reserveOut;
  const e = (reserveIn * SCALE) / (reserveIn + net);
  const eFixed = (e << FRAC) / SCALE;
  return (reserveOut * ((1n << FRAC) - eFixed)) >> FRAC;
}

/** A full buy or sell with the fee taken first: { fee, net (paid in), out }. */
export function headSwap(reserveIn: bigint, reserveOut: bigint, amount: bigint, rate: bigint = DEFAULT_FEE_RATE) {
  const fee = headFee(amount, rate);
  const net = amount - fee;
  return { fee, net, out: headOut(reserveIn, reserveOut, net) };
}

/** current_price · 1e9 (rao per alpha): ⌊⌊tao · 2^64 / alpha⌋ · 1e9 / 2^64⌋. */
export function headPriceRao(tao: bigint, alpha: bigint): bigint {
  return alpha === 0n ? 0n : (((tao << FRAC) / alpha) * 1_000_000_000n) >> FRAC;
}

/**
 * HEAD get_max_amount_move between two dynamic subnets (staking/move_stake.rs), in U64F64 (value · 2^64, checked
 * division → 0 on overflow or a zero divisor): 0 when the limit ratio (rao per 1.0) is above the spot ratio,
 * else A2 · (T1 / (T1 + T2)) / limit − A1 · (T2 / (T1 + T2)), saturating at 0, floored to u64.
 */
export function headMaxAmountMove(tao1: bigint, alpha1: bigint, tao2: bigint, alpha2: bigint, limitRao: bigint): bigint {
  const MAX = (1n << 128n) - 1n;
  const fx = (n: bigint) => n << FRAC;
  const div = (a: bigint, b: bigint) => { if (b === 0n) return 0n; const q = (a << FRAC) / b; return q > MAX ? 0n : q; };
  const mul = (a: bigint, b: bigint) => { const p = (a * b) >> FRAC; return p > MAX ? MAX : p; };
  if (tao1 === 0n || tao2 === 0n || alpha1 === 0n || alpha2 === 0n) return 0n;
  const limit = div(fx(limitRao), fx(1_000_000_000n));
  if (limit > div(div(fx(tao1), fx(alpha1)), div(fx(tao2), fx(alpha2)))) return 0n;
  if (limitRao === 0n) return (1n << 64n) - 1n;
  const sum = fx(tao1 + tao2);
  const first = div(mul(fx(alpha2), div(fx(tao1), sum)), limit);
  const second = mul(fx(alpha1), div(fx(tao2), sum));
  return first > second ? (first - second) >> FRAC : 0n;
}
