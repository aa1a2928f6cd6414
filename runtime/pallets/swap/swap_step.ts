// HEAD pallets/swap impls.rs do_swap + swap_step.rs BasicSwapStep: one swap against a subnet's reserves
// (SubtensorModule's SubnetTAO / SubnetAlphaIn, HEAD's TaoReserve / AlphaReserve). The fee (FeeRate / u16::MAX of
// the input) is taken before the curve and, when anything is swapped, all of it goes to the block author (the
// caller in SubtensorModule pays it out). Guards in HEAD's order: input ≤ 1000 × input reserve (SwapInputTooLarge),
// output reserve ≥ MinimumReserve (ReservesTooLow), limit beyond spot (PriceLimitExceeded), a non-zero output
// for a non-zero input (ReservesTooLow), output ≤ output reserve (InsufficientLiquidity, real swaps only).
// Pure with respect to state except `initializeIfNeeded` (PalSwapInitialized / SwapBalancer on a real swap).
import { Swap, type SwapErrorName } from './index.ts';
import { stakingStorage as S } from '../subtensor/staking/storage.ts';
import { feeAmount, feeOnDeltaIn, priceBits, convertDelta, deltaInForPrice, ONE_BITS, U64_MAX } from './balancer.ts';

/** MAX_SWAP_INPUT_RESERVE_MULTIPLIER */
export const MAX_SWAP_INPUT_RESERVE_MULTIPLIER = 1_000n;
/** SwapMinimumReserve (runtime): the output reserve a swap needs. */
export const MINIMUM_RESERVE = 1_000_000n;
/** min_price / max_price (rao of TAO per alpha): the limits of unlimited sells and buys. */
export const MIN_PRICE = 1_000n;
export const MAX_PRICE = 1_000_000_000_000_000n;
const RAO_PER_TAO = 1_000_000_000n;

export type Direction = 'buy' | 'sell'; // buy: TAO in, alpha out (GetAlphaForTao); sell: alpha in, TAO out
export interface SwapOutcome {
  /** amount_paid_in: the input that reached the curve (net of the fee). */
  amountIn: bigint;
  /** amount_paid_out */
  amountOut: bigint;
  /** fee_paid (input token) */
  fee: bigint;
  /** fee_to_block_author: the fee when anything was swapped, else 0. */
  feeToAuthor: bigint;
}

const mechanism = (netuid: number): number => S.SubnetMechanism.get(netuid);

/** calculate_fee_amount: FeeRate share of `amount` on dynamic (mechanism 1) subnets, 0 otherwise or if dropped. */
export function swapFee(netuid: number, amount: bigint, dropFees = false): bigint {
  if (dropFees || mechanism(netuid) !== 1) return 0n;
  return feeAmount(amount, Swap.storage.FeeRate.get(netuid));
}

/** current_price as U64F64 bits: 1 for non-dynamic subnets, 0 for an empty alpha reserve. */
export function currentPriceBits(netuid: number): bigint {
  if (mechanism(netuid) !== 1) return ONE_BITS;
  const alpha = S.SubnetAlphaIn.get(netuid);
  return alpha === 0n ? 0n : priceBits(alpha, S.SubnetTAO.get(netuid));
}

/** SwapRuntimeApi.current_alpha_price: current_price · 1e9, floored. */
export function currentPriceRao(netuid: number): bigint {
  const v = (currentPriceBits(netuid) * RAO_PER_TAO) >> 64n;
  return v > U64_MAX ? U64_MAX : v;
}

/** Limit price in rao (TaoBalance) → U64F64 bits: price_limit / 1e9. */
const limitBits = (priceLimit: bigint) => (priceLimit << 64n) / RAO_PER_TAO;

function reserves(netuid: number, dir: Direction): { inRes: bigint; outRes: bigint } {
  const tao = S.SubnetTAO.get(netuid), alpha = S.SubnetAlphaIn.get(netuid);
  return dir === 'buy' ? { inRes: tao, outRes: alpha } : { inRes: alpha, outRes: tao };
}

/**
 * do_swap on a dynamic subnet: the outcome or the Swap error. Reads reserves and FeeRate; the caller applies
 * the reserve changes. `simulate` skips the output-reserve check, as HEAD's rolled-back simulation does.
 */
export function doSwap(netuid: number, dir: Direction, amount: bigint, priceLimit: bigint, dropFees: boolean,
  simulate: boolean): SwapOutcome | SwapErrorName {
  const { inRes, outRes } = reserves(netuid, dir);
  // ensure_swap_input_within_reserve_limit
  const fee0 = swapFee(netuid, amount, dropFees);
  if (amount - fee0 > inRes * MAX_SWAP_INPUT_RESERVE_MULTIPLIER) return 'SwapInputTooLarge';
  // swap_inner
  if (outRes < MINIMUM_RESERVE) return 'ReservesTooLow';
  const current = currentPriceBits(netuid);
  const limit = limitBits(priceLimit);
  if (dir === 'buy' ? !(current < limit) : !(current > limit)) return 'PriceLimitExceeded';
  // BasicSwapStep::new + determine_action
  let fee = fee0;
  const requested = amount - fee;
  const out0 = convertDelta(inRes, outRes, requested);
  const target = dir === 'buy'
    ? priceBits(sat(outRes - out0), satAdd(inRes, requested))
    : priceBits(satAdd(inRes, requested), sat(outRes - out0));
  let deltaIn: bigint;
  if (dir === 'buy' ? target <= limit : target >= limit) {
    deltaIn = requested;
  } else {
    deltaIn = dir === 'buy' ? deltaInForPrice(limit, current, inRes) : deltaInForPrice(current, limit, inRes);
    fee = dropFees ? 0n : feeOnDeltaIn(deltaIn, Swap.storage.FeeRate.get(netuid));
  }
  // process_swap
  const deltaOut = deltaIn === requested ? out0 : convertDelta(inRes, outRes, deltaIn);
  if (deltaIn !== 0n && deltaOut === 0n) return 'ReservesTooLow';
  const result = { amountIn: deltaIn, amountOut: deltaOut, fee, feeToAuthor: deltaIn === 0n ? 0n : fee };
  if (!simulate) {
    if (outRes < deltaOut) return 'InsufficientLiquidity';
    initializeIfNeeded(netuid);
  }
  return result;
}

/** maybe_initialize_palswap(netuid, None) as a real swap commits it: 50/50 weights, marked initialized. */
function initializeIfNeeded(netuid: number): void {
  if (Swap.storage.PalSwapInitialized.get(netuid)) return;
  Swap.storage.SwapBalancer.set(netuid, Swap.storage.SwapBalancer.get(netuid));
  Swap.storage.PalSwapInitialized.set(netuid, true);
}

/**
 * SwapHandler::sim_swap: dynamic subnets simulate at the default limit (max price for buys, min for sells);
 * others swap 1:1 without fee (the amount, or 0 when the subnet does not exist).
 */
export function simSwap(netuid: number, dir: Direction, amount: bigint, subnetExists: boolean): SwapOutcome | SwapErrorName {
  if (mechanism(netuid) === 1) return doSwap(netuid, dir, amount, dir === 'buy' ? MAX_PRICE : MIN_PRICE, false, true);
  const actual = subnetExists ? amount : 0n;
  return { amountIn: actual, amountOut: actual, fee: 0n, feeToAuthor: 0n };
}

const sat = (v: bigint) => (v < 0n ? 0n : v);
const satAdd = (a: bigint, b: bigint) => (a + b > U64_MAX ? U64_MAX : a + b);
