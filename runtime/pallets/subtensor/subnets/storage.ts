// Subnet, neuron and weights storage of SubtensorModule (§3.1–3.3): per-subnet hyperparameters, registration
// bookkeeping, the uid maps and per-uid vectors, weights/bonds, serving info, commit-reveal commits and the
// rate-limit bookkeeping. Names, hashers, value types and defaults follow subtensor HEAD (pallets/subtensor/src/
// lib.rs + the runtime's Initial* parameters; fast-runtime values where runtimeConfig.fastRuntime). Spread into
// the SubtensorModule declaration (index.ts), which binds the prefix; code reads them as `subnetStorage.X`.
import * as t from '../../../codec/types.ts';
import { value, map, doubleMap, nMap } from '../../../frame/storage.ts';
import { AccountId32, type AccountId, TaoBalance, AlphaBalance, NetUid, NetUidStorageIndex, MechId, H256, H160, U64F64, I64F64, ZERO_ACCOUNT, Percent } from '../../../primitives.ts';
import { runtimeConfig } from '../../../config.ts';
import { DEFAULT_BURN_HALF_LIFE, DEFAULT_BURN_INCREASE_MULT } from './burn.ts';

/** Default that depends on subtensor's `fast-runtime` feature (prod_or_fast!). */
function fastOr<V>(prod: V, fast: V): { default: V } {
  return { get default() { return runtimeConfig.fastRuntime ? fast : prod; } } as { default: V };
}

export const AxonInfo = t.struct(['pallet_subtensor', 'pallet', 'AxonInfo'], {
  block: t.u64, version: t.u32, ip: t.u128, port: t.u16, ip_type: t.u8, protocol: t.u8, placeholder1: t.u8, placeholder2: t.u8,
});
export type AxonInfoValue = t.ValueOf<typeof AxonInfo>;
export const PrometheusInfo = t.struct(['pallet_subtensor', 'pallet', 'PrometheusInfo'], {
  block: t.u64, version: t.u32, ip: t.u128, port: t.u16, ip_type: t.u8,
});
export const NeuronCertificate = t.struct(['pallet_subtensor', 'pallet', 'NeuronCertificate'], {
  public_key: t.bytes, algorithm: t.u8,
}, { typeNames: { public_key: 'BoundedVec<u8, ConstU32<64>>', algorithm: 'u8' } });
export const ChainIdentityV2 = t.struct(['pallet_subtensor', 'pallet', 'ChainIdentityV2'], {
  name: t.bytes, url: t.bytes, github_repo: t.bytes, image: t.bytes, discord: t.bytes, description: t.bytes, additional: t.bytes,
});
/** SubnetLease (HEAD subnets/leasing.rs): who operates a crowdloan-funded subnet and how its owner cut is shared. */
export const SubnetLease = t.struct(['pallet_subtensor', 'subnets', 'leasing', 'SubnetLease'], {
  beneficiary: AccountId32, coldkey: AccountId32, hotkey: AccountId32, emissions_share: Percent, end_block: t.option(t.u32),
  netuid: NetUid, cost: TaoBalance,
}, {
  params: [{ name: 'AccountId', type: AccountId32 }, { name: 'BlockNumber', type: t.u32 }, { name: 'Balance', type: TaoBalance }],
  typeNames: { beneficiary: 'AccountId', coldkey: 'AccountId', hotkey: 'AccountId', emissions_share: 'Percent', end_block: 'Option<BlockNumber>', netuid: 'NetUid', cost: 'Balance' },
});
export type SubnetLeaseValue = t.ValueOf<typeof SubnetLease>;
export const SubnetIdentityV3 = t.struct(['pallet_subtensor', 'pallet', 'SubnetIdentityV3'], {
  subnet_name: t.bytes, github_repo: t.bytes, subnet_contact: t.bytes, subnet_url: t.bytes, discord: t.bytes,
  description: t.bytes, logo_url: t.bytes, additional: t.bytes,
});
export type SubnetIdentityValue = t.ValueOf<typeof SubnetIdentityV3>;
export const RecycleOrBurnEnum = t.enumOf(['pallet_subtensor', 'pallet', 'RecycleOrBurnEnum'], { Burn: null, Recycle: null });

/** pallet_subtensor::utils::rate_limiting::Hyperparameter (u8-indexed unit enum). */
export const HYPERPARAMETERS = ['Unknown', 'ServingRateLimit', 'MaxDifficulty', 'AdjustmentAlpha', 'MaxWeightLimit', 'ImmunityPeriod',
  'MinAllowedWeights', 'Kappa', 'Rho', 'ActivityCutoff', 'PowRegistrationAllowed', 'MinBurn', 'MaxBurn', 'BondsMovingAverage',
  'BondsPenalty', 'CommitRevealEnabled', 'LiquidAlphaEnabled', 'AlphaValues', 'WeightCommitInterval', 'TransferEnabled',
  'AlphaSigmoidSteepness', 'Yuma3Enabled', 'BondsResetEnabled', 'ImmuneNeuronLimit', 'RecycleOrBurn', 'MaxAllowedUids',
  'BurnHalfLife', 'BurnIncreaseMult', 'SubnetEmissionEnabled', 'MinChildkeyTake', 'ActivityCutoffFactorMilli', 'TriggerEpoch'] as const;
export type Hyperparameter = typeof HYPERPARAMETERS[number];
export const HyperparameterCodec = t.enumOf(['pallet_subtensor', 'utils', 'rate_limiting', 'Hyperparameter'],
  Object.fromEntries(HYPERPARAMETERS.map(n => [n, null])));

/** pallet_subtensor::RateLimitKey<AccountId> (key of LastRateLimitedBlock). */
export const RateLimitKey = t.enumOf(['pallet_subtensor', 'RateLimitKey'], {
  SetSNOwnerHotkey: { fields: [NetUid], typeNames: ['NetUid'] },
  OwnerHyperparamUpdate: { fields: [NetUid, HyperparameterCodec], typeNames: ['NetUid', 'Hyperparameter'] },
  NetworkLastRegistered: null,
  LastTxBlock: { fields: [AccountId32], typeNames: ['AccountId'] },
  LastTxBlockChildKeyTake: { fields: [AccountId32], typeNames: ['AccountId'] },
  LastTxBlockDelegateTake: { fields: [AccountId32], typeNames: ['AccountId'] },
  AddStakeBurn: { fields: [NetUid], typeNames: ['NetUid'] },
}, { params: [{ name: 'AccountId', type: AccountId32 }] });

/** (hash, commit_epoch, commit_block, reveal_block placeholder) entries of WeightCommits. */
export const WeightCommit = t.tuple<[Uint8Array, bigint, bigint, bigint]>(H256, t.u64, t.u64, t.u64);
export type WeightCommitValue = [Uint8Array, bigint, bigint, bigint];

const U16VEC = { default: [] as number[] };
const BOOLVEC = { default: [] as boolean[] };
/** "𝜏" in UTF-8. */
export const DEFAULT_TOKEN_SYMBOL = new Uint8Array([0xf0, 0x9d, 0x9c, 0x8f]);

export const subnetStorage = {
  // ── Global values (§3.1) ──
  TotalNetworks: value(t.u16, { default: 0, docs: [' The total number of existing networks.'] }),
  SubnetLimit: value(t.u16, { default: 128 }),
  NetworkImmunityPeriod: value(t.u64, { default: 1_296_000n }),
  StartCallDelay: value(t.u64, { default: 0n }),
  NetworkMinLockCost: value(TaoBalance, { default: 1_000_000_000_000n }),
  NetworkLastLockCost: value(TaoBalance, { default: 1_000_000_000_000n }),
  NetworkLockReductionInterval: value(t.u64, { default: 100_800n }),
  // pow-faucet builds (localnet) have no network rate limit; runtime builds 7200 blocks.
  NetworkRateLimit: value(t.u64, fastOr(7_200n, 0n)),
  NetworkRegistrationStartBlock: value(t.u64, { default: 0n }),
  StakeThreshold: value(t.u64, { default: 0n }),
  TxRateLimit: value(t.u64, { default: 1_000n }),
  TxChildkeyTakeRateLimit: value(t.u64, fastOr(216_000n, 5n)),
  WeightsVersionKeyRateLimit: value(t.u64, { default: 5n }),
  AdminFreezeWindow: value(t.u16, { default: 10 }),
  OwnerHyperparamRateLimit: value(t.u16, { default: 2 }),
  MinActivityCutoff: value(t.u16, { default: 360 }),
  CommitRevealWeightsVersion: value(t.u16, { default: 4 }),
  DissolveNetworkScheduleDuration: value(t.u32, { default: 36_000 }),
  MaxMechanismCount: value(MechId, { default: 2 }),
  MaxChildkeyTake: value(t.u16, { default: 11_796 }),
  MinChildkeyTake: value(t.u16, { default: 0 }),
  CKBurn: value(t.u64, { default: 0n }),
  NetTaoFlowEnabled: value(t.bool, { default: true }),
  // HEAD's TAO-flow emission parameters (AdminUtils 81–83 set them). HEAD's emission split is by moving price and
  // its flow-based split is dead code, so nothing here reads them either.
  TaoFlowCutoff: value(I64F64, { default: { bits: 0n }, docs: [' --- ITEM --> TAO Flow Cutoff'] }),
  FlowNormExponent: value(U64F64, { default: { bits: 1n << 64n }, docs: [' --- ITEM --> Flow Normalization Exponent (p)'] }),
  FlowEmaSmoothingFactor: value(t.u64, { default: 29_597_889_189_277n, docs: [' --- ITEM --> Flow EMA smoothing factor (flow alpha), u64 normalized'] }),
  UsedWork: map('Identity', t.bytes, t.u64, { default: 0n }),
  LastRateLimitedBlock: map('Identity', RateLimitKey, t.u64, { default: 0n }),
  TransactionKeyLastBlock: nMap<[AccountId, number, number], bigint>(
    [['Blake2_128Concat', AccountId32], ['Identity', NetUid], ['Identity', t.u16]], t.u64, { default: 0n }),
  LastTxBlock: map('Identity', AccountId32, t.u64, { default: 0n }),
  LastTxBlockChildKeyTake: map('Identity', AccountId32, t.u64, { default: 0n }),

  // ── Subnet existence, ownership, identity (§3.2) ──
  NetworksAdded: map('Identity', NetUid, t.bool, { default: false }),
  SubnetworkN: map('Identity', NetUid, t.u16, { default: 0 }),
  NetworkRegisteredAt: map('Identity', NetUid, t.u64, { default: 0n }),
  RegisteredSubnetCounter: map('Identity', NetUid, t.u64, { default: 0n }),
  SubnetOwner: map('Identity', NetUid, AccountId32, { default: ZERO_ACCOUNT }),
  SubnetOwnerHotkey: map('Identity', NetUid, AccountId32, { default: ZERO_ACCOUNT }),
  SubnetLocked: map('Identity', NetUid, TaoBalance, { default: 0n }),
  LargestLocked: map('Identity', NetUid, t.u64, { default: 0n }),
  FirstEmissionBlockNumber: map('Identity', NetUid, t.u64),
  SubtokenEnabled: map('Identity', NetUid, t.bool, { default: false }),
  SubnetEmissionEnabled: map('Identity', NetUid, t.bool, { default: true }),
  TransferToggle: map('Identity', NetUid, t.bool, { default: true }),
  TokenSymbol: map('Identity', NetUid, t.bytes, { default: DEFAULT_TOKEN_SYMBOL }),
  SubnetIdentitiesV3: map('Blake2_128Concat', NetUid, SubnetIdentityV3),
  IdentitiesV2: map('Blake2_128Concat', AccountId32, ChainIdentityV2),
  RecycleOrBurn: map('Identity', NetUid, RecycleOrBurnEnum, { default: { type: 'Burn' } }),
  OwnerCutEnabled: map('Identity', NetUid, t.bool, { default: true }),
  OwnerCutAutoLockEnabled: map('Identity', NetUid, t.bool, { default: false }),
  MechanismCountCurrent: map('Twox64Concat', NetUid, MechId, { default: 1 }),
  MechanismEmissionSplit: map('Twox64Concat', NetUid, t.vec(t.u16)),
  SubnetTaoFlow: map('Identity', NetUid, t.i64, { default: 0n }),
  SubnetEmaTaoFlow: map('Identity', NetUid, t.tuple<[bigint, { bits: bigint }]>(t.u64, I64F64)),

  // ── Hyperparameters (§3.2) ──
  Tempo: map('Identity', NetUid, t.u16, fastOr(360, 10)),
  Kappa: map('Identity', NetUid, t.u16, { default: 32_767 }),
  Rho: map('Identity', NetUid, t.u16, { default: 10 }),
  AlphaSigmoidSteepness: map('Identity', NetUid, t.i16, { default: 1_000 }),
  ImmunityPeriod: map('Identity', NetUid, t.u16, { default: 4_096 }),
  ActivityCutoff: map('Identity', NetUid, t.u16, { default: 5_000 }),
  ActivityCutoffFactorMilli: map('Identity', NetUid, t.u32, { default: 13_889 }),
  MaxAllowedUids: map('Identity', NetUid, t.u16, { default: 256 }),
  MinAllowedUids: map('Identity', NetUid, t.u16, { default: 64 }),
  MaxAllowedValidators: map('Identity', NetUid, t.u16, { default: 128 }),
  MinAllowedWeights: map('Identity', NetUid, t.u16, { default: 1_024 }),
  MaxWeightsLimit: map('Identity', NetUid, t.u16, { default: 65_535 }),
  WeightsVersionKey: map('Identity', NetUid, t.u64, { default: 0n }),
  WeightsSetRateLimit: map('Identity', NetUid, t.u64, { default: 100n }),
  BondsMovingAverage: map('Identity', NetUid, t.u64, { default: 900_000n }),
  BondsPenalty: map('Identity', NetUid, t.u16, { default: 65_535 }),
  BondsResetOn: map('Identity', NetUid, t.bool, { default: false }),
  ValidatorPruneLen: map('Identity', NetUid, t.u64, { default: 1n }),
  ScalingLawPower: map('Identity', NetUid, t.u16, { default: 50 }),
  ServingRateLimit: map('Identity', NetUid, t.u64, { default: 50n }),
  CommitRevealWeightsEnabled: map('Identity', NetUid, t.bool, { default: true }),
  RevealPeriodEpochs: map('Twox64Concat', NetUid, t.u64, { default: 1n }),
  LiquidAlphaOn: map('Blake2_128Concat', NetUid, t.bool, { default: false }),
  Yuma3On: map('Blake2_128Concat', NetUid, t.bool, { default: false }),
  AlphaValues: map('Identity', NetUid, t.tuple<[number, number]>(t.u16, t.u16), { default: [45_875, 58_982] }),
  ImmuneOwnerUidsLimit: map('Identity', NetUid, t.u16, { default: 1 }),
  MinNonImmuneUids: map('Identity', NetUid, t.u16, { default: 10 }),
  MinChildkeyTakePerSubnet: map('Identity', NetUid, t.u16, { default: 0 }),

  // ── Registration economics (§6) ──
  Burn: map('Identity', NetUid, TaoBalance, { default: 100_000_000n }),
  MinBurn: map('Identity', NetUid, TaoBalance, { default: 500_000n }),
  MaxBurn: map('Identity', NetUid, TaoBalance, { default: 100_000_000_000n }),
  BurnHalfLife: map('Identity', NetUid, t.u16, { default: DEFAULT_BURN_HALF_LIFE }),
  BurnIncreaseMult: map('Identity', NetUid, U64F64, { default: { bits: DEFAULT_BURN_INCREASE_MULT } }),
  Difficulty: map('Identity', NetUid, t.u64, { default: 10_000_000n }),
  MinDifficulty: map('Identity', NetUid, t.u64, { default: 10_000_000n }),
  MaxDifficulty: map('Identity', NetUid, t.u64, { default: 4_611_686_018_427_387_903n }),
  AdjustmentInterval: map('Identity', NetUid, t.u16, { default: 100 }),
  AdjustmentAlpha: map('Identity', NetUid, t.u64, { default: 0n }),
  TargetRegistrationsPerInterval: map('Identity', NetUid, t.u16, { default: 2 }),
  MaxRegistrationsPerBlock: map('Identity', NetUid, t.u16, { default: 1 }),
  RegistrationsThisBlock: map('Identity', NetUid, t.u16, { default: 0 }),
  RegistrationsThisInterval: map('Identity', NetUid, t.u16, { default: 0 }),
  POWRegistrationsThisInterval: map('Identity', NetUid, t.u16, { default: 0 }),
  BurnRegistrationsThisInterval: map('Identity', NetUid, t.u16, { default: 0 }),
  LastAdjustmentBlock: map('Identity', NetUid, t.u64, { default: 0n }),
  RAORecycledForRegistration: map('Identity', NetUid, TaoBalance, { default: 0n }),
  NetworkRegistrationAllowed: map('Identity', NetUid, t.bool, { default: true }),
  NetworkPowRegistrationAllowed: map('Identity', NetUid, t.bool, { default: true }),

  // ── Neurons (§3.3) ──
  Keys: doubleMap('Identity', NetUid, 'Identity', t.u16, AccountId32, { default: ZERO_ACCOUNT }),
  Uids: doubleMap('Identity', NetUid, 'Blake2_128Concat', AccountId32, t.u16),
  IsNetworkMember: doubleMap('Blake2_128Concat', AccountId32, 'Identity', NetUid, t.bool, { default: false }),
  BlockAtRegistration: doubleMap('Identity', NetUid, 'Identity', t.u16, t.u64, { default: 0n }),
  Owner: map('Blake2_128Concat', AccountId32, AccountId32, { default: ZERO_ACCOUNT }),
  OwnedHotkeys: map('Blake2_128Concat', AccountId32, t.vec(AccountId32), { default: [] }),
  LastHotkeySwapOnNetuid: doubleMap('Identity', NetUid, 'Blake2_128Concat', AccountId32, t.u64, { default: 0n }),
  ChildKeys: doubleMap('Blake2_128Concat', AccountId32, 'Identity', NetUid, t.vec(t.tuple<[bigint, AccountId]>(t.u64, AccountId32)), { default: [] }),
  AutoParentDelegationEnabled: map('Blake2_128Concat', AccountId32, t.bool, { default: true }),
  ParentKeys: doubleMap('Blake2_128Concat', AccountId32, 'Identity', NetUid, t.vec(t.tuple<[bigint, AccountId]>(t.u64, AccountId32)), { default: [] }),
  AssociatedEvmAddress: doubleMap('Twox64Concat', NetUid, 'Twox64Concat', t.u16, t.tuple<[Uint8Array, bigint]>(H160, t.u64)),
  // ── Subnet leasing (subnets/leasing.ts) ──
  SubnetLeases: map('Twox64Concat', t.u32, SubnetLease, { docs: [' --- MAP ( lease_id ) --> subnet lease | The subnet lease for a given lease id.'] }),
  SubnetLeaseShares: doubleMap('Twox64Concat', t.u32, 'Identity', AccountId32, U64F64, {
    default: { bits: 0n }, docs: [' --- DMAP ( lease_id, contributor ) --> shares | The shares of a contributor for a given lease.'] }),
  SubnetUidToLeaseId: map('Twox64Concat', NetUid, t.u32, { docs: [' --- MAP ( netuid ) --> lease_id | The lease id for a given netuid.'] }),
  NextSubnetLeaseId: value(t.u32, { default: 0, docs: [' --- ITEM ( next_lease_id ) | The next lease id.'] }),
  AccumulatedLeaseDividends: map('Twox64Concat', t.u32, AlphaBalance, {
    default: 0n, docs: [' --- MAP ( lease_id ) --> accumulated_dividends | The accumulated dividends for a given lease that needs to be distributed.'] }),

  // ── Per-uid vectors (§3.2) ──
  Active: map('Identity', NetUid, t.vec(t.bool), BOOLVEC),
  ValidatorPermit: map('Identity', NetUid, t.vec(t.bool), BOOLVEC),
  Consensus: map('Identity', NetUid, t.vec(t.u16), U16VEC),
  Dividends: map('Identity', NetUid, t.vec(t.u16), U16VEC),
  ValidatorTrust: map('Identity', NetUid, t.vec(t.u16), U16VEC),
  StakeWeight: map('Identity', NetUid, t.vec(t.u16), U16VEC),
  Emission: map('Identity', NetUid, t.vec(AlphaBalance), { default: [] as bigint[] }),
  Incentive: map('Identity', NetUidStorageIndex, t.vec(t.u16), U16VEC),
  LastUpdate: map('Identity', NetUidStorageIndex, t.vec(t.u64), { default: [] as bigint[] }),
  // Pre-dTAO vectors that HEAD no longer writes; kept so clients that read them find empty vectors.
  Rank: map('Identity', NetUid, t.vec(t.u16), U16VEC),
  Trust: map('Identity', NetUid, t.vec(t.u16), U16VEC),
  PruningScores: map('Identity', NetUid, t.vec(t.u16), U16VEC),

  // ── Weights, bonds, serving, commits ──
  Weights: doubleMap('Identity', NetUidStorageIndex, 'Identity', t.u16, t.vec(t.tuple<[number, number]>(t.u16, t.u16)), { default: [] }),
  Bonds: doubleMap('Identity', NetUidStorageIndex, 'Identity', t.u16, t.vec(t.tuple<[number, number]>(t.u16, t.u16)), { default: [] }),
  Axons: doubleMap('Identity', NetUid, 'Blake2_128Concat', AccountId32, AxonInfo),
  Prometheus: doubleMap('Identity', NetUid, 'Blake2_128Concat', AccountId32, PrometheusInfo),
  NeuronCertificates: doubleMap('Identity', NetUid, 'Blake2_128Concat', AccountId32, NeuronCertificate),
  WeightCommits: doubleMap('Twox64Concat', NetUidStorageIndex, 'Twox64Concat', AccountId32, t.vec(WeightCommit)),

  // ── Items clients may query that this port keeps empty (declared so lookups by name succeed) ──
  TimelockedWeightCommits: doubleMap('Twox64Concat', NetUidStorageIndex, 'Twox64Concat', t.u64,
    t.vec(t.tuple<[AccountId, bigint, Uint8Array, bigint]>(AccountId32, t.u64, t.bytes, t.u64)), { default: [] }),
  CRV3WeightCommits: doubleMap('Twox64Concat', NetUidStorageIndex, 'Twox64Concat', t.u64,
    t.vec(t.tuple<[AccountId, Uint8Array, bigint]>(AccountId32, t.bytes, t.u64)), { default: [] }),
  CRV3WeightCommitsV2: doubleMap('Twox64Concat', NetUidStorageIndex, 'Twox64Concat', t.u64,
    t.vec(t.tuple<[AccountId, bigint, Uint8Array, bigint]>(AccountId32, t.u64, t.bytes, t.u64)), { default: [] }),
  LoadedEmission: map('Identity', NetUid, t.vec(t.tuple<[AccountId, bigint, bigint]>(AccountId32, t.u64, t.u64))),
  HasMigrationRun: map('Identity', t.bytes, t.bool, { default: false }),
  ChildkeyTake: doubleMap('Blake2_128Concat', AccountId32, 'Identity', NetUid, t.u16, { default: 0 }),
  PendingChildKeys: doubleMap('Identity', NetUid, 'Blake2_128Concat', AccountId32,
    t.tuple<[[bigint, AccountId][], bigint]>(t.vec(t.tuple<[bigint, AccountId]>(t.u64, AccountId32)), t.u64), { default: [[], 0n] }),
  PendingChildKeyCooldown: value(t.u64, fastOr(7_200n, 15n)),
  AutoStakeDestination: doubleMap('Blake2_128Concat', AccountId32, 'Identity', NetUid, AccountId32),
  AutoStakeDestinationColdkeys: doubleMap('Blake2_128Concat', AccountId32, 'Identity', NetUid, t.vec(AccountId32), { default: [] }),
  AccountFlags: map('Blake2_128Concat', AccountId32, t.u128, { default: 0n }),
  ColdkeySwapAnnouncements: map('Twox64Concat', AccountId32, t.tuple<[number, Uint8Array]>(t.u32, H256)),
  ColdkeySwapDisputes: map('Twox64Concat', AccountId32, t.u32),
  ColdkeySwapAnnouncementDelay: value(t.u32, fastOr(36_000, 50)),
  ColdkeySwapReannouncementDelay: value(t.u32, fastOr(7_200, 10)),
};
