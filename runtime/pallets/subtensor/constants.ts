// SubtensorModule's #[pallet::constant] Config items (HEAD macros/config.rs) with the runtime's values
// (runtime/src/lib.rs parameter_types; fast-runtime values where prod_or_fast! applies), so
// `api.consts.subtensorModule.*` answers as on the real chain.
import * as t from '../../codec/types.ts';
import type { ConstantDecl } from '../../frame/pallet.ts';
import { runtimeConfig } from '../../config.ts';
import { TaoBalance } from '../../primitives.ts';

const PalletId = t.newtype(['frame_support', 'PalletId'], t.fixedBytes(8), '[u8; 8]');
const Percent = t.newtype(['sp_arithmetic', 'per_things', 'Percent'], t.u8, 'u8');
const ascii = (s: string) => new TextEncoder().encode(s);
const fast = <V>(prod: V, quick: V): V => (runtimeConfig.fastRuntime ? quick : prod);

const c = <T>(type: t.Codec<T>, value: T): ConstantDecl<T> => ({ type, value });
const cf = <T>(type: t.Codec<T>, prod: T, quick: T): ConstantDecl<T> => ({ type, get value() { return fast(prod, quick); } });

export const subtensorConstants: Record<string, ConstantDecl> = {
  InitialIssuance: c(TaoBalance, 0n),
  InitialMinAllowedWeights: c(t.u16, 1024),
  InitialEmissionValue: c(t.u16, 0),
  InitialTempo: cf(t.u16, 360, 10),
  InitialDifficulty: c(t.u64, 10_000_000n),
  InitialMaxDifficulty: c(t.u64, 4_611_686_018_427_387_903n),
  InitialMinDifficulty: c(t.u64, 10_000_000n),
  InitialRAORecycledForRegistration: c(TaoBalance, 0n),
  InitialBurn: c(TaoBalance, 100_000_000n),
  InitialMaxBurn: c(TaoBalance, 100_000_000_000n),
  InitialMinBurn: c(TaoBalance, 500_000n),
  InitialMinStake: c(TaoBalance, 2_000_000n),
  MinBurnUpperBound: c(TaoBalance, 1_000_000_000n),
  MaxBurnLowerBound: c(TaoBalance, 100_000_000n),
  MinTempo: c(t.u16, 360),
  MaxTempo: c(t.u16, 50_400),
  MinActivityCutoffFactorMilli: c(t.u32, 1_000),
  MaxActivityCutoffFactorMilli: c(t.u32, 50_000),
  InitialAdjustmentInterval: c(t.u16, 100),
  InitialBondsMovingAverage: c(t.u64, 900_000n),
  InitialBondsPenalty: c(t.u16, 65_535),
  InitialBondsResetOn: c(t.bool, false),
  InitialTargetRegistrationsPerInterval: c(t.u16, 2),
  InitialRho: c(t.u16, 10),
  InitialAlphaSigmoidSteepness: c(t.i16, 1_000),
  InitialKappa: c(t.u16, 32_767),
  InitialMinAllowedUids: c(t.u16, 64),
  InitialMaxAllowedUids: c(t.u16, 256),
  InitialValidatorPruneLen: c(t.u64, 1n),
  InitialScalingLawPower: c(t.u16, 50),
  InitialImmunityPeriod: c(t.u16, 4_096),
  InitialActivityCutoff: c(t.u16, 5_000),
  InitialMaxRegistrationsPerBlock: c(t.u16, 1),
  InitialPruningScore: c(t.u16, 65_535),
  InitialMaxAllowedValidators: c(t.u16, 128),
  InitialDefaultDelegateTake: c(t.u16, 11_796),
  InitialMinDelegateTake: c(t.u16, 0),
  InitialDefaultChildKeyTake: c(t.u16, 0),
  InitialMinChildKeyTake: c(t.u16, 0),
  InitialMaxChildKeyTake: c(t.u16, 11_796),
  InitialWeightsVersionKey: c(t.u64, 0n),
  InitialServingRateLimit: c(t.u64, 50n),
  InitialTxRateLimit: c(t.u64, 1_000n),
  InitialTxDelegateTakeRateLimit: c(t.u64, 216_000n),
  InitialTxChildKeyTakeRateLimit: cf(t.u64, 216_000n, 5n),
  InitialAdjustmentAlpha: c(t.u64, 0n),
  InitialNetworkImmunityPeriod: c(t.u64, 1_296_000n),
  InitialNetworkMinLockCost: c(TaoBalance, 1_000_000_000_000n),
  InitialSubnetOwnerCut: c(t.u16, 11_796),
  InitialNetworkLockReductionInterval: c(t.u64, 100_800n),
  InitialNetworkRateLimit: c(t.u64, 7_200n),
  KeySwapCost: c(TaoBalance, 100_000_000n),
  AlphaHigh: c(t.u16, 58_982),
  AlphaLow: c(t.u16, 45_875),
  LiquidAlphaOn: c(t.bool, false),
  Yuma3On: c(t.bool, false),
  InitialColdkeySwapAnnouncementDelay: cf(t.u32, 36_000, 50),
  InitialColdkeySwapReannouncementDelay: cf(t.u32, 7_200, 10),
  InitialDissolveNetworkScheduleDuration: c(t.u32, 36_000),
  InitialTaoWeight: c(t.u64, 971_718_665_099_567_868n),
  InitialEmaPriceHalvingPeriod: c(t.u64, 201_600n),
  InitialStartCallDelay: c(t.u64, 0n),
  KeySwapOnSubnetCost: c(TaoBalance, 1_000_000n),
  HotkeySwapOnSubnetInterval: cf(t.u64, 7_200n, 1n),
  LeaseDividendsDistributionInterval: c(t.u32, 100),
  MaxImmuneUidsPercentage: c(Percent, 80),
  SubtensorPalletId: c(PalletId, ascii('subtensr')),
  BurnAccountId: c(PalletId, ascii('burntnsr')),
  InitialMaxEpochsPerBlock: cf(t.u8, 2, 32),
};
