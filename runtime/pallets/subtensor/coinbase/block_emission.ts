// Block emission for a given issuance (`get_block_emission_for_issuance`, unchanged since
// pre-dTAO): floor(1e9 / 2^h) rao with h = floor(log2(1 / (1 − issuance / 21e15))), computed in
// I96F32 with substrate_fixed's log2 so every halving boundary lands on the same block as on chain.
// The same function gives a subnet's alpha emission from its alpha issuance.

import { I96F32, checkedDiv, checkedSub, fromF64, fromInt, log2, safeDiv, satMul, toU64 } from '../epoch/fixed.ts';

/** TotalSupply: 21M TAO in rao. */
export const TOTAL_SUPPLY = 21_000_000_000_000_000n;
/** DefaultBlockEmission: 1 TAO in rao. */
export const DEFAULT_BLOCK_EMISSION = 1_000_000_000n;

/** Emission per block in rao for `issuance` (u64 rao); throws where subtensor returns Err. */
export function getBlockEmissionForIssuance(
  issuance: bigint,
  totalSupply: bigint = TOTAL_SUPPLY,
  defaultBlockEmission: bigint = DEFAULT_BLOCK_EMISSION,
): bigint {
  const T = I96F32;
  const totalIssuance = fromInt(T, issuance);
  if (totalIssuance >= fromInt(T, totalSupply)) return 0n;
  const one = fromF64(T, 1.0);
  // 2.0 · 10_500_000_000_000_000.0 as in the Rust source (both f64 literals are exact).
  const supply = satMul(T, fromF64(T, 2.0), fromF64(T, 10_500_000_000_000_000.0));
  const fraction = checkedDiv(T, totalIssuance, supply);
  if (fraction === null) throw new Error('Logarithm calculation failed');
  const remaining = checkedSub(T, one, fraction);
  if (remaining === null) throw new Error('Logarithm calculation failed');
  const inverse = checkedDiv(T, one, remaining);
  if (inverse === null) throw new Error('Logarithm calculation failed');
  const residual = log2(T, inverse);
  if (residual === null) throw new Error('Logarithm calculation failed');
  const halvings = toU64(T, residual); // floor, negatives → 0
  let multiplier = one;
  const two = fromF64(T, 2.0);
  for (let i = 0n; i < halvings; i++) {
    multiplier = satMul(T, multiplier, two);
    if (multiplier === T.max) break; // saturated: further doublings change nothing
  }
  const percentage = safeDiv(T, one, multiplier);
  return toU64(T, satMul(T, percentage, fromInt(T, defaultBlockEmission)));
}
