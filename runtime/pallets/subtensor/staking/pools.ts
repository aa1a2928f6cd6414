// Subnet pools: TAO ↔ alpha swaps. Mechanism 0 (stable; root and legacy subnets) swaps 1:1; mechanism 1 (dynamic)
// is a constant-product pool over (SubnetTAO, SubnetAlphaIn) whose spot price is SubnetTAO / SubnetAlphaIn.
// subtensor HEAD routes mechanism-1 swaps through pallet_subtensor_swap (concentrated liquidity, fee 0.05%); see
// docs/COMPATIBILITY.md "Staking pools" for where this port differs (no fee, a single full-range position).
// All amounts are integer rao; every division floors in the pool's favour.
import { stakingStorage as S } from './storage.ts';
import { I96F32, U64_MAX } from '../epoch/fixed.ts';

export const RAO_PER_TAO = 1_000_000_000n;
export type SwapFailure = 'InsufficientLiquidity' | 'AmountTooLow';
export interface SwapResult {
  /** Amount the swap takes in (TAO for buys, alpha for sells). */
  amountIn: bigint;
  /** Amount the swap pays out (alpha for buys, TAO for sells). */
  amountOut: bigint;
  /** Swap fee in the input token (always 0 in this port). */
  fee: bigint;
}

export function isDynamic(netuid: number): boolean {
  return netuid !== 0 && S.SubnetMechanism.get(netuid) === 1;
}

export function isqrt(n: bigint): bigint {
  if (n < 0n) throw new Error('isqrt of negative');
  if (n < 2n) return n;
  let x = BigInt(1) << BigInt((n.toString(2).length + 1) >> 1);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** Spot price in rao of TAO per whole alpha (what SwapRuntimeApi.current_alpha_price returns). */
export function currentAlphaPriceRao(netuid: number): bigint {
  if (!isDynamic(netuid)) return RAO_PER_TAO;
  const tao = S.SubnetTAO.get(netuid);
  const alpha = S.SubnetAlphaIn.get(netuid);
  if (alpha === 0n) return 0n;
  return (tao * RAO_PER_TAO) / alpha;
}

/** Spot price as I96F32 raw bits (TAO per alpha), as the coinbase uses it. Mechanism 0 → 1.0. */
export function currentAlphaPriceFixed(netuid: number): bigint {
  if (!isDynamic(netuid)) return 1n << 32n;
  const tao = S.SubnetTAO.get(netuid);
  const alpha = S.SubnetAlphaIn.get(netuid);
  if (alpha === 0n) return 0n;
  const raw = (tao << BigInt(I96F32.frac)) / alpha;
  return raw > I96F32.max ? I96F32.max : raw;
}

/** Simulates buying alpha with `tao`; null when the pool cannot quote. Reads storage, writes nothing. */
export function simSwapTaoForAlpha(netuid: number, tao: bigint): SwapResult | SwapFailure {
  if (!isDynamic(netuid)) return { amountIn: tao, amountOut: tao, fee: 0n };
  const reserveTao = S.SubnetTAO.get(netuid);
  const reserveAlpha = S.SubnetAlphaIn.get(netuid);
  if (reserveTao === 0n || reserveAlpha === 0n) return 'InsufficientLiquidity';
  const out = (reserveAlpha * tao) / (reserveTao + tao);
  if (out === 0n && tao > 0n) return 'InsufficientLiquidity';
  return { amountIn: tao, amountOut: out, fee: 0n };
}

/** Simulates selling `alpha` for TAO. */
export function simSwapAlphaForTao(netuid: number, alpha: bigint): SwapResult | SwapFailure {
  if (!isDynamic(netuid)) {
    if (alpha > S.SubnetTAO.get(netuid)) return 'InsufficientLiquidity';
    return { amountIn: alpha, amountOut: alpha, fee: 0n };
  }
  const reserveTao = S.SubnetTAO.get(netuid);
  const reserveAlpha = S.SubnetAlphaIn.get(netuid);
  if (reserveTao === 0n || reserveAlpha === 0n) return 'InsufficientLiquidity';
  const out = (reserveTao * alpha) / (reserveAlpha + alpha);
  return { amountIn: alpha, amountOut: out, fee: 0n };
}

/**
 * Largest TAO amount whose purchase keeps the post-swap price ≤ limitPrice (rao per alpha).
 * Constant product k = T·A: after adding x, price' = (T+x)²/k, so x ≤ √(L·T·A/1e9) − T.
 */
export function maxTaoForLimitPrice(netuid: number, limitPrice: bigint): bigint {
  if (!isDynamic(netuid)) return limitPrice >= RAO_PER_TAO ? U64_MAX : 0n;
  if (limitPrice >= U64_MAX) return U64_MAX;
  const T = S.SubnetTAO.get(netuid);
  const A = S.SubnetAlphaIn.get(netuid);
  if (T === 0n || A === 0n) return 0n;
  const root = isqrt((limitPrice * T * A) / RAO_PER_TAO);
  return root > T ? (root - T > U64_MAX ? U64_MAX : root - T) : 0n;
}

/**
 * Largest alpha amount whose sale keeps the post-swap price ≥ limitPrice.
 * After selling a, price' = k/(A+a)², so a ≤ √(k·1e9/L) − A.
 */
export function maxAlphaForLimitPrice(netuid: number, limitPrice: bigint): bigint {
  if (!isDynamic(netuid)) return limitPrice <= RAO_PER_TAO ? U64_MAX : 0n;
  if (limitPrice === 0n) return U64_MAX;
  const T = S.SubnetTAO.get(netuid);
  const A = S.SubnetAlphaIn.get(netuid);
  if (T === 0n || A === 0n) return 0n;
  const root = isqrt((T * A * RAO_PER_TAO) / limitPrice);
  return root > A ? (root - A > U64_MAX ? U64_MAX : root - A) : 0n;
}

const satSubU64 = (a: bigint, b: bigint) => (a > b ? a - b : 0n);
const satAddU64 = (a: bigint, b: bigint) => (a + b > U64_MAX ? U64_MAX : a + b);

/**
 * Buys alpha with `tao` and moves the reserves: SubnetTAO += tao, SubnetAlphaIn −= out (dynamic),
 * SubnetAlphaOut += out, SubnetVolume += tao, TotalStake += tao. Returns the result or the failure.
 */
export function swapTaoForAlpha(netuid: number, tao: bigint): SwapResult | SwapFailure {
  const r = simSwapTaoForAlpha(netuid, tao);
  if (typeof r === 'string') return r;
  S.SubnetTAO.mutate(netuid, v => satAddU64(v, r.amountIn));
  if (isDynamic(netuid)) S.SubnetAlphaIn.mutate(netuid, v => satSubU64(v, r.amountOut));
  S.SubnetAlphaOut.mutate(netuid, v => satAddU64(v, r.amountOut));
  S.SubnetVolume.mutate(netuid, v => v + r.amountIn);
  S.TotalStake.mutate(v => satAddU64(v, r.amountIn));
  return r;
}

/** Sells `alpha` for TAO: the mirror of swapTaoForAlpha. */
export function swapAlphaForTao(netuid: number, alpha: bigint): SwapResult | SwapFailure {
  const r = simSwapAlphaForTao(netuid, alpha);
  if (typeof r === 'string') return r;
  if (isDynamic(netuid)) S.SubnetAlphaIn.mutate(netuid, v => satAddU64(v, r.amountIn));
  S.SubnetAlphaOut.mutate(netuid, v => satSubU64(v, r.amountIn));
  S.SubnetTAO.mutate(netuid, v => satSubU64(v, r.amountOut));
  S.SubnetVolume.mutate(netuid, v => v + r.amountOut);
  S.TotalStake.mutate(v => satSubU64(v, r.amountOut));
  return r;
}
