// Subnet pools: TAO ↔ alpha swaps as HEAD's stake_utils.rs swap_tao_for_alpha / swap_alpha_for_tao. Mechanism 0
// (stable; root and legacy subnets) swaps 1:1 without fee; mechanism 1 (dynamic) goes through pallet_subtensor_swap
// (runtime/pallets/swap/swap_step.ts): HEAD's 50/50 weighted (Balancer) pool over the reserves SubnetTAO and
// SubnetAlphaIn — spot price SubnetTAO / SubnetAlphaIn — with the FeeRate fee (33/65535 by default) taken from
// the input before the curve. Here the pool's reserve bookkeeping (SubnetTAO, SubnetAlphaIn, SubnetAlphaOut,
// TotalStake, SubnetVolume) is applied exactly as HEAD does, including its choice of which amount (gross or net
// of the fee) each counter moves by. All amounts are integer rao.
import { stakingStorage as S } from './storage.ts';
import { I96F32 } from '../epoch/fixed.ts';
import { Swap, type SwapErrorName } from '../../swap/index.ts';
import { doSwap, simSwap, currentPriceBits, currentPriceRao, MAX_PRICE, MIN_PRICE, type Direction } from '../../swap/swap_step.ts';

export const RAO_PER_TAO = 1_000_000_000n;
export { MAX_PRICE, MIN_PRICE, type SwapErrorName };
export interface SwapResult {
  /** amount_paid_in: input that reached the pool (TAO for buys, alpha for sells), net of the fee. */
  amountIn: bigint;
  /** amount_paid_out: alpha for buys, TAO for sells. */
  amountOut: bigint;
  /** fee_paid, in the input token. */
  fee: bigint;
  /** fee_to_block_author (the fee when anything was swapped). */
  feeToAuthor: bigint;
}

export function isDynamic(netuid: number): boolean {
  return netuid !== 0 && S.SubnetMechanism.get(netuid) === 1;
}

/** Spot price in rao of TAO per whole alpha (SwapRuntimeApi.current_alpha_price). */
export const currentAlphaPriceRao = (netuid: number): bigint => currentPriceRao(netuid);

/** Spot price as I96F32 raw bits (U96F32::saturating_from_num of the U64F64 price, as the coinbase reads it). */
export function currentAlphaPriceFixed(netuid: number): bigint {
  const raw = currentPriceBits(netuid) >> 32n;
  return raw > I96F32.max ? I96F32.max : raw;
}

function stable(amount: bigint): SwapResult {
  return { amountIn: amount, amountOut: amount, fee: 0n, feeToAuthor: 0n };
}

/** SwapHandler::sim_swap of a buy (`subnetExists` only matters for stable subnets). */
export function simSwapTaoForAlpha(netuid: number, tao: bigint, subnetExists = true): SwapResult | SwapErrorName {
  return simSwap(netuid, 'buy', tao, subnetExists);
}

/** SwapHandler::sim_swap of a sell. */
export function simSwapAlphaForTao(netuid: number, alpha: bigint, subnetExists = true): SwapResult | SwapErrorName {
  return simSwap(netuid, 'sell', alpha, subnetExists);
}

/** SwapHandler::swap with should_rollback = true: a dynamic subnet's swap at a limit price, simulated. */
export function simSwapAtLimit(netuid: number, dir: Direction, amount: bigint, priceLimit: bigint): SwapResult | SwapErrorName {
  return doSwap(netuid, dir, amount, priceLimit, false, true);
}

const satAdd = (a: bigint, b: bigint) => (a + b > 0xffff_ffff_ffff_ffffn ? 0xffff_ffff_ffff_ffffn : a + b);
const satSub = (a: bigint, b: bigint) => (a > b ? a - b : 0n);

/**
 * swap_tao_for_alpha: buys alpha with `tao` (up to `priceLimit`, rao per alpha) and moves the counters:
 * SubnetAlphaIn −= out, SubnetAlphaOut += out, SubnetTAO += paid in (net of fee), TotalStake and SubnetVolume
 * += `tao` (gross). The fee is the caller's to pay out.
 */
export function swapTaoForAlpha(netuid: number, tao: bigint, priceLimit: bigint = MAX_PRICE, dropFees = false): SwapResult | SwapErrorName {
  const r = S.SubnetMechanism.get(netuid) === 1 ? doSwap(netuid, 'buy', tao, priceLimit, dropFees, false) : stable(tao);
  if (typeof r === 'string') return r;
  S.SubnetAlphaIn.mutate(netuid, v => satSub(v, r.amountOut));
  S.SubnetAlphaOut.mutate(netuid, v => satAdd(v, r.amountOut));
  S.SubnetTAO.mutate(netuid, v => satAdd(v, r.amountIn));
  S.TotalStake.mutate(v => satAdd(v, tao));
  S.SubnetVolume.mutate(netuid, v => v + tao);
  return r;
}

/**
 * swap_alpha_for_tao: sells `alpha` (down to `priceLimit`): SubnetAlphaIn += paid in, SubnetAlphaOut −= paid in,
 * SubnetTAO, TotalStake −= out, SubnetVolume += out.
 */
export function swapAlphaForTao(netuid: number, alpha: bigint, priceLimit: bigint = MIN_PRICE, dropFees = false): SwapResult | SwapErrorName {
  const r = S.SubnetMechanism.get(netuid) === 1 ? doSwap(netuid, 'sell', alpha, priceLimit, dropFees, false) : stable(alpha);
  if (typeof r === 'string') return r;
  S.SubnetAlphaIn.mutate(netuid, v => satAdd(v, r.amountIn));
  S.SubnetAlphaOut.mutate(netuid, v => satSub(v, r.amountIn));
  S.SubnetTAO.mutate(netuid, v => satSub(v, r.amountOut));
  S.TotalStake.mutate(v => satSub(v, r.amountOut));
  S.SubnetVolume.mutate(netuid, v => v + r.amountOut);
  return r;
}

/** The Swap pallet's DispatchError for a failed swap. */
export const swapError = (name: SwapErrorName) => Swap.error(name);

/**
 * get_max_amount_add: the TAO (paid in + fee) a buy can take before the price reaches `limitPrice`. Stable
 * subnets: unlimited at a limit ≥ 1 TAO, else 0. Dynamic: simulates a buy of 1000 × SubnetTAO at the limit.
 */
export function maxAmountAdd(netuid: number, limitPrice: bigint): bigint | SwapErrorName {
  if (!isDynamic(netuid)) return limitPrice >= RAO_PER_TAO ? 0xffff_ffff_ffff_ffffn : 0n;
  const r = simSwapAtLimit(netuid, 'buy', S.SubnetTAO.get(netuid) * 1_000n, limitPrice);
  return typeof r === 'string' ? r : r.amountIn + r.fee;
}

/** get_max_amount_remove: the alpha a sell can take before the price falls to `limitPrice`. */
export function maxAmountRemove(netuid: number, limitPrice: bigint): bigint | SwapErrorName {
  if (!isDynamic(netuid)) return limitPrice <= RAO_PER_TAO ? 0xffff_ffff_ffff_ffffn : 0n;
  const r = simSwapAtLimit(netuid, 'sell', S.SubnetAlphaIn.get(netuid) * 1_000n, limitPrice);
  return typeof r === 'string' ? r : r.amountIn + r.fee;
}
