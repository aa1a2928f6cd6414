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
