// Stake (dTAO) storage of SubtensorModule: global issuance/stake totals, per-subnet pool reserves, and the
// share-based stake accounting (Alpha / TotalHotkeyAlpha / TotalHotkeyShares). Names, hashers, value types and
// defaults follow subtensor's metadata (spec 343 blob) and HEAD source. These entries are spread into the
// SubtensorModule declaration (runtime/pallets/subtensor/index.ts), which binds them to the pallet prefix; code
// in this folder reads them through `stakingStorage.X` directly.
import * as t from '../../../codec/types.ts';
import { value, map, doubleMap, nMap } from '../../../frame/storage.ts';
import { AccountId32, type AccountId, U64F64, I96F32, U96F32, NetUid } from '../../../primitives.ts';
import { RootClaimTypeEnum } from '../events.ts';

/** u64::MAX / ≈ 0.0527: default weight of root (TAO) stake relative to alpha stake. */
export const DEFAULT_TAO_WEIGHT = 971_718_665_099_567_868n;
/** I96F32 raw bits of ≈ 0.000003 (SubnetMovingAlpha default). */
export const DEFAULT_SUBNET_MOVING_ALPHA_BITS = 12_885n;
/** subtensor `DefaultMinStake` type_value: 2,000,000 rao (0.002 TAO). Not a storage item. */
export const DEFAULT_MIN_STAKE = 2_000_000n;
/** 18% of u16::MAX. */
export const DEFAULT_TAKE = 11_796;

export type FixedBits = { bits: bigint };

/** BTreeMap<NetUid, I96F32>: SCALE and metadata as scale-info describes a BTreeMap (a sequence of sorted pairs). */
const RootClaimableMap = t.newtype(['BTreeMap'], t.vec(t.tuple<[number, FixedBits]>(NetUid, I96F32)), undefined,
  [{ name: 'K', type: NetUid }, { name: 'V', type: I96F32 }]);

export const stakingStorage = {
  // ── Global values (§3.1) ──
  TotalIssuance: value(t.u64, { default: 0n, docs: [' ==== Staking + Accounts ====', ' Total issuance (TAO) as subtensor tracks it.'] }),
  TotalStake: value(t.u64, { default: 0n, docs: [' The total amount of tokens staked in the system.'] }),
  BlockEmission: value(t.u64, { default: 1_000_000_000n, docs: [' The cached per-block TAO emission.'] }),
  TaoWeight: value(t.u64, { default: DEFAULT_TAO_WEIGHT, docs: [' The weight of root (TAO) stake relative to alpha stake (ratio to u64::MAX).'] }),
  SubnetMovingAlpha: value(I96F32, { default: { bits: DEFAULT_SUBNET_MOVING_ALPHA_BITS }, docs: [' The EMA factor of subnet moving prices.'] }),
  MaxDelegateTake: value(t.u16, { default: DEFAULT_TAKE, docs: [' The maximum delegate take.'] }),
  MinDelegateTake: value(t.u16, { default: 0, docs: [' The minimum delegate take.'] }),
  NominatorMinRequiredStake: value(t.u64, { default: 0n, docs: [' The minimum stake a nominator must keep.'] }),
  TxDelegateTakeRateLimit: value(t.u64, { default: 216_000n, docs: [' Blocks between two take increases of one hotkey.'] }),

  // ── Per-subnet pool (§3.2, key NetUid, Identity) ──
  SubnetMechanism: map('Identity', t.u16, t.u16, { default: 0, docs: [' 0 = stable (1:1), 1 = dynamic (constant-product pool).'] }),
  SubnetTAO: map('Identity', t.u16, t.u64, { default: 0n, docs: [' TAO reserve of the subnet pool.'] }),
  SubnetAlphaIn: map('Identity', t.u16, t.u64, { default: 0n, docs: [' Alpha reserve of the subnet pool.'] }),
  SubnetAlphaOut: map('Identity', t.u16, t.u64, { default: 0n, docs: [' Alpha outstanding (staked) on the subnet.'] }),
  SubnetVolume: map('Identity', t.u16, t.u128, { default: 0n, docs: [' Cumulative TAO volume of the subnet pool.'] }),
  SubnetMovingPrice: map('Identity', t.u16, I96F32, { default: { bits: 0n }, docs: [' EMA of the subnet price.'] }),
  SubnetTaoInEmission: map('Identity', t.u16, t.u64, { default: 0n, docs: [' TAO injected into the pool in the last block.'] }),
  SubnetAlphaInEmission: map('Identity', t.u16, t.u64, { default: 0n, docs: [' Alpha injected into the pool in the last block.'] }),
  SubnetAlphaOutEmission: map('Identity', t.u16, t.u64, { default: 0n, docs: [' Alpha emitted to participants in the last block.'] }),
  SubnetProtocolAlpha: map('Identity', t.u16, t.u64, { default: 0n, docs: [' Alpha bought by the chain with excess TAO emission.'] }),
  EMAPriceHalvingBlocks: map('Identity', t.u16, t.u64, { default: 201_600n, docs: [' Blocks for the moving-price EMA to reach half weight.'] }),

  // ── Stake shares (§3.4) ──
  Alpha: nMap<[AccountId, AccountId, number], FixedBits>(
    [['Blake2_128Concat', AccountId32], ['Blake2_128Concat', AccountId32], ['Identity', t.u16]],
    U64F64, { default: { bits: 0n }, docs: [' Shares of (hotkey, coldkey, netuid) in the hotkey\'s alpha pool.'] }),
  TotalHotkeyAlpha: doubleMap('Blake2_128Concat', AccountId32, 'Identity', t.u16, t.u64, { default: 0n, docs: [' Alpha held by a hotkey on a subnet (its pool).'] }),
  TotalHotkeyAlphaLastEpoch: doubleMap('Blake2_128Concat', AccountId32, 'Identity', t.u16, t.u64, { default: 0n, docs: [' TotalHotkeyAlpha at the last epoch.'] }),
  TotalHotkeyShares: doubleMap('Blake2_128Concat', AccountId32, 'Identity', t.u16, U64F64, { default: { bits: 0n }, docs: [' Total shares of a hotkey\'s alpha pool.'] }),
  StakingHotkeys: map('Blake2_128Concat', AccountId32, t.vec(AccountId32), { default: [], docs: [' Hotkeys a coldkey has staked to.'] }),
  Delegates: map('Blake2_128Concat', AccountId32, t.u16, { default: DEFAULT_TAKE, docs: [' Delegate take of a hotkey (fraction of u16::MAX).'] }),
  LastTxBlockDelegateTake: map('Identity', AccountId32, t.u64, { default: 0n, docs: [' Block of the last take increase.'] }),

  // ── Dividends bookkeeping ──
  AlphaDividendsPerSubnet: doubleMap('Identity', t.u16, 'Blake2_128Concat', AccountId32, t.u64, { default: 0n, docs: [' Alpha dividends of a hotkey in the last epoch.'] }),
  RootAlphaDividendsPerSubnet: doubleMap('Identity', t.u16, 'Blake2_128Concat', AccountId32, t.u64, { default: 0n, docs: [' Root alpha dividends (after take) of a validator on a subnet in the last epoch.'] }),

  // ── Root claims (staking/claim_root.ts) ──
  RootProp: map('Identity', t.u16, U96F32, { default: { bits: 0n }, docs: [' Root proportion of the subnet, cached after each block\'s emission.'] }),
  RootClaimableThreshold: map('Blake2_128Concat', NetUid, I96F32, { default: { bits: 500_000n << 32n }, docs: [' Smallest claim (alpha) auto-claimed or claimed on the subnet.'] }),
  RootClaimable: map('Blake2_128Concat', AccountId32, RootClaimableMap, { default: [], docs: [' Claimable root dividends per unit of root stake, per subnet, of a validator hotkey.'] }),
  RootClaimed: nMap<[number, AccountId, AccountId], bigint>(
    [['Identity', NetUid], ['Blake2_128Concat', AccountId32], ['Blake2_128Concat', AccountId32]], t.u128,
    { default: 0n, docs: [' Root dividends already claimed (or charged on joining) by (netuid, hotkey, coldkey).'] }),
  RootClaimType: map('Blake2_128Concat', AccountId32, RootClaimTypeEnum, { default: { type: 'Swap' }, docs: [' How a coldkey claims root dividends.'] }),
  StakingColdkeysByIndex: map('Identity', t.u64, AccountId32, { docs: [' Coldkeys with root stake, by index (auto-claim draws from it).'] }),
  StakingColdkeys: map('Identity', AccountId32, t.u64, { docs: [' Index of a coldkey with root stake.'] }),
  NumStakingColdkeys: value(t.u64, { default: 0n, docs: [' Number of indexed coldkeys with root stake.'] }),
  NumRootClaim: value(t.u64, { default: 5n, docs: [' Coldkeys auto-claimed per block.'] }),
};
