// pallet_subtensor_swap (index 28): HEAD's weighted (Balancer) pool for dynamic subnets. The swap itself
// (fee, curve and guards) is swap_step.ts, called by SubtensorModule's staking (staking/pools.ts) over its reserves
// SubnetTAO / SubnetAlphaIn, as HEAD's SwapHandler; this file declares the pallet: HEAD's storage (FeeRate,
// SwapBalancer, PalSwapInitialized, HasMigrationRun, ScrapReservoirAlpha) with HEAD's hashers and defaults,
// `set_fee_rate` (0) and the deprecated user-liquidity calls (1–5, always `Deprecated`), plus
// - the pre-Balancer `AlphaSqrtPrice` (U64F64, Twox64Concat NetUid), which btcli 9.x (`subnets list`, `wallet
//   balance`, `stake add`) and SDK `get_subnet_price` read with no guard. It holds √(SubnetTAO / SubnetAlphaIn) for
//   every dynamic subnet and is absent for stable ones (clients then fall back to tao_in/alpha_in, or 1 for root),
//   recomputed at the end of every block so a read at any block hash sees that block's pool price.
import * as t from '../../codec/types.ts';
import { definePallet, call } from '../../frame/pallet.ts';
import { ensureRoot } from '../../frame/dispatch.ts';
import { map } from '../../frame/storage.ts';
import { NetUid, AlphaBalance, U64F64, AccountId32 } from '../../primitives.ts';
import { subnetStorage as N } from '../subtensor/subnets/storage.ts';
import { stakingStorage as S } from '../subtensor/staking/storage.ts';
import { isqrt } from './balancer.ts';
import { dbWeight } from '../../frame/weights.ts';

const Perquintill = t.newtype(['sp_arithmetic', 'per_things', 'Perquintill'], t.u64, 'u64');
const Balancer = t.struct(['pallet_subtensor_swap', 'pallet', 'balancer', 'Balancer'], { quote: Perquintill },
  { typeNames: { quote: 'Perquintill' } });
const HALF_PERQUINTILL = 500_000_000_000_000_000n;
const TickIndex = t.newtype(['pallet_subtensor_swap', 'TickIndex'], t.i32, 'i32');
const PositionId = t.newtype(['pallet_subtensor_swap', 'PositionId'], t.u128, 'u128');
/** SwapMaxFeeRate (runtime): 10,000 / 65,535 ≈ 15.26 %. */
export const MAX_FEE_RATE = 10_000;
/** Weight of the deprecated user-liquidity calls (Weight::from_parts(15_000_000, 0)). */
const DEPRECATED_WEIGHT = 15_000_000n;
const deprecated = () => { throw Swap.error('Deprecated'); };
const DEPRECATED_DOCS = [' DEPRECATED'];

export const Swap = definePallet({
  name: 'Swap',
  index: 28,
  crate: 'pallet_subtensor_swap',
  storage: {
    FeeRate: map('Twox64Concat', NetUid, t.u16, { default: 33,
      docs: [' The fee rate applied to swaps per subnet, normalized value between 0 and u16::MAX'] }),
    SwapBalancer: map('Twox64Concat', NetUid, Balancer, { default: { quote: HALF_PERQUINTILL }, docs: [' u64-normalized reserve weight'] }),
    PalSwapInitialized: map('Twox64Concat', NetUid, t.bool, { default: false,
      docs: [' Storage to determine whether balancer swap was initialized for a specific subnet.'] }),
    HasMigrationRun: map('Identity', t.bytes, t.bool, { default: false, docs: [' --- Storage for migration run status'] }),
    ScrapReservoirAlpha: map('Twox64Concat', NetUid, AlphaBalance, { default: 0n,
      docs: [' Alpha reservoir for scraps of protocol claimed fees.'] }),
    // Pre-Balancer (spec ≤ 4xx) item kept for btcli 9.x / SDK 10.x; see the header comment.
    AlphaSqrtPrice: map('Twox64Concat', NetUid, U64F64, { default: { bits: 0n },
      docs: [' Current sqrt price of Alpha in TAO (U64F64), kept for clients of the pre-Balancer swap.'] }),
  },
  events: {
    FeeRateSet: { fields: { netuid: NetUid, rate: t.u16 }, typeNames: { netuid: 'NetUid', rate: 'u16' },
      docs: [' Event emitted when the fee rate has been updated for a subnet'] },
  },
  errors: {
    FeeRateTooHigh: ' The fee rate is too high',
    InsufficientInputAmount: ' The provided amount is insufficient for the swap.',
    InsufficientLiquidity: ' The provided liquidity is insufficient for the operation.',
    PriceLimitExceeded: ' The operation would exceed the price limit.',
    InsufficientBalance: ' The caller does not have enough balance for the operation.',
    InvalidTickRange: ' The provided tick range is invalid.',
    InvalidLiquidityValue: ' Provided liquidity parameter is invalid (likely too small)',
    ReservesTooLow: ' Reserves too low for operation.',
    MechanismDoesNotExist: ' The subnet does not exist.',
    SubtokenDisabled: ' The subnet does not have subtoken enabled',
    ReservesOutOfBalance: ' Swap reserves are too imbalanced',
    SwapInputTooLarge: ' Swap input is too large relative to input-side liquidity',
    Deprecated: ' The extrinsic is deprecated',
  },
  constants: {
    ProtocolId: { type: t.fixedBytes(8), value: new TextEncoder().encode('ten/swap'), docs: [' This type is used to derive protocol accoun ID.'] },
    MaxFeeRate: { type: t.u16, value: 10_000, docs: [' The maximum fee rate that can be set'] },
    MinimumLiquidity: { type: t.u64, value: 1_000n, docs: [' Minimum liquidity that is safe for rounding and integer math.'] },
    MinimumReserve: { type: t.u64, value: 1_000_000n, docs: [' Minimum reserve for tao and alpha'] },
  },
  calls: {
    set_fee_rate: call<{ netuid: number; rate: number }>({
      index: 0, args: { netuid: NetUid, rate: t.u16 }, typeNames: { netuid: 'NetUid', rate: 'u16' },
      // weights.rs set_fee_rate: 15,063,000 + 1 read (NetworksAdded) + 1 write (FeeRate), proof 3994
      weight: { refTime: 15_063_000n + dbWeight(1, 1), proofSize: 3_994n },
      docs: [' Set the fee rate for swaps on a specific subnet (normalized value).', ' For example, 0.3% is approximately 196.', '', ' Only callable by the admin origin'],
      fn(origin, { netuid, rate }) {
        ensureRoot(origin);
        if (!N.NetworksAdded.get(netuid)) throw Swap.error('MechanismDoesNotExist');
        if (rate > MAX_FEE_RATE) throw Swap.error('FeeRateTooHigh');
        Swap.storage.FeeRate.set(netuid, rate);
        Swap.deposit('FeeRateSet', { netuid, rate });
      },
    }),
    add_liquidity: call({
      index: 1, args: { hotkey: AccountId32, netuid: NetUid, tick_low: TickIndex, tick_high: TickIndex, liquidity: t.u64 },
      typeNames: { hotkey: 'T::AccountId', netuid: 'NetUid', tick_low: 'TickIndex', tick_high: 'TickIndex', liquidity: 'u64' },
      weight: DEPRECATED_WEIGHT, docs: DEPRECATED_DOCS, fn: deprecated,
    }),
    remove_liquidity: call({
      index: 2, args: { hotkey: AccountId32, netuid: NetUid, position_id: PositionId },
      typeNames: { hotkey: 'T::AccountId', netuid: 'NetUid', position_id: 'PositionId' },
      weight: DEPRECATED_WEIGHT, docs: DEPRECATED_DOCS, fn: deprecated,
    }),
    modify_position: call({
      index: 3, args: { hotkey: AccountId32, netuid: NetUid, position_id: PositionId, liquidity_delta: t.i64 },
      typeNames: { hotkey: 'T::AccountId', netuid: 'NetUid', position_id: 'PositionId', liquidity_delta: 'i64' },
      weight: DEPRECATED_WEIGHT, docs: DEPRECATED_DOCS, fn: deprecated,
    }),
    toggle_user_liquidity: call({
      index: 4, args: { netuid: NetUid, enable: t.bool }, typeNames: { netuid: 'NetUid', enable: 'bool' },
      weight: DEPRECATED_WEIGHT, docs: DEPRECATED_DOCS, fn: deprecated,
    }),
    disable_lp: call({ index: 5, args: {}, weight: DEPRECATED_WEIGHT, docs: DEPRECATED_DOCS, fn: deprecated }),
  },
  hooks: {
    onFinalize() { refreshAlphaSqrtPrices(); },
  },
  // Runs after SubtensorModule's genesis (pallet order), so localnet's dynamic subnet 1 is priced from block 0.
  genesis() { refreshAlphaSqrtPrices(); },
});

/** √(tao/alpha) as U64F64 raw bits: ⌊√(tao·2^128 / alpha)⌋ (integer only; 0 for an empty pool). */
export function alphaSqrtPriceBits(tao: bigint, alpha: bigint): bigint {
  if (alpha === 0n) return 0n;
  return isqrt((tao << 128n) / alpha);
}

/** Writes AlphaSqrtPrice for every dynamic subnet and drops it for subnets that are gone or stable. */
export function refreshAlphaSqrtPrices(): void {
  const item = Swap.storage.AlphaSqrtPrice;
  const live = new Set<number>();
  for (const [netuid, added] of N.NetworksAdded.entries()) if (added && netuid !== 0 && S.SubnetMechanism.get(netuid) === 1) live.add(netuid);
  for (const netuid of item.keys()) if (!live.has(netuid)) item.remove(netuid);
  for (const netuid of [...live].sort((a, b) => a - b)) {
    const bits = alphaSqrtPriceBits(S.SubnetTAO.get(netuid), S.SubnetAlphaIn.get(netuid));
    if (!item.contains(netuid) || item.get(netuid).bits !== bits) item.set(netuid, { bits });
  }
}

export type SwapErrorName = keyof typeof Swap.decl.errors;
