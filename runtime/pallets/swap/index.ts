// pallet_subtensor_swap (index 28), minimal: the storage clients read, not a second swap engine. This port's pools
// live in SubtensorModule (staking/pools.ts: constant product over SubnetTAO / SubnetAlphaIn, no fee), so this
// pallet only publishes what clients query:
// - HEAD's items (FeeRate, SwapBalancer, PalSwapInitialized, HasMigrationRun, ScrapReservoirAlpha), declared with
//   HEAD's hashers and defaults, left at their defaults;
// - the pre-Balancer `AlphaSqrtPrice` (U64F64, Twox64Concat NetUid), which btcli 9.x (`subnets list`, `wallet
//   balance`, `stake add`) and SDK `get_subnet_price` read with no guard. It holds √(SubnetTAO / SubnetAlphaIn) for
//   every dynamic subnet and is absent for stable ones (clients then fall back to tao_in/alpha_in, or 1 for root),
//   recomputed at the end of every block so a read at any block hash sees that block's pool price.
// No calls: set_fee_rate would store a rate the pools do not apply (docs/COMPATIBILITY.md "Staking pools").
import * as t from '../../codec/types.ts';
import { definePallet } from '../../frame/pallet.ts';
import { map } from '../../frame/storage.ts';
import { NetUid, AlphaBalance, U64F64 } from '../../primitives.ts';
import { subnetStorage as N } from '../subtensor/subnets/storage.ts';
import { stakingStorage as S } from '../subtensor/staking/storage.ts';
import { isDynamic, isqrt } from '../subtensor/staking/pools.ts';

const Perquintill = t.newtype(['sp_arithmetic', 'per_things', 'Perquintill'], t.u64, 'u64');
const Balancer = t.struct(['pallet_subtensor_swap', 'pallet', 'balancer', 'Balancer'], { quote: Perquintill },
  { typeNames: { quote: 'Perquintill' } });
const HALF_PERQUINTILL = 500_000_000_000_000_000n;

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
  for (const [netuid, added] of N.NetworksAdded.entries()) if (added && isDynamic(netuid)) live.add(netuid);
  for (const netuid of item.keys()) if (!live.has(netuid)) item.remove(netuid);
  for (const netuid of [...live].sort((a, b) => a - b)) {
    const bits = alphaSqrtPriceBits(S.SubnetTAO.get(netuid), S.SubnetAlphaIn.get(netuid));
    if (!item.contains(netuid) || item.get(netuid).bits !== bits) item.set(netuid, { bits });
  }
}
