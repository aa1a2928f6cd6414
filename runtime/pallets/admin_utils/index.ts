// AdminUtils (pallet index 19, crate pallet_admin_utils): the hyperparameter setters of HEAD
// pallets/admin-utils. Root-only setters call ensure_root; owner|root setters accept the subnet owner, who is
// rate-limited per hyperparameter (OwnerHyperparamRateLimit tempos) and, like root, blocked inside the admin
// freeze window before an epoch. Setters write SubtensorModule storage and emit its …Set events.
import * as t from '../../codec/types.ts';
import { definePallet, call, type CallDecl } from '../../frame/pallet.ts';
import { withHeadWeights } from '../../frame/weights.ts';
import { ADMIN_UTILS_CALL_WEIGHTS } from './call_weights.ts';
import { map } from '../../frame/storage.ts';
import { type Origin, DispatchError, ensureRoot } from '../../frame/dispatch.ts';
import { AccountId32, NetUid, MechId, U64F64, I96F32, I64F64, TaoBalance } from '../../primitives.ts';
import { subnetStorage as S, RecycleOrBurnEnum, type Hyperparameter } from '../subtensor/subnets/storage.ts';
import { stakingStorage as K } from '../subtensor/staking/storage.ts';
import { clearSmallNominations } from '../subtensor/staking/helpers.ts';
import { coinbaseStorage as C } from '../subtensor/coinbase/storage.ts';
import {
  currentBlock, ensureSubnetOwnerOrRoot, subnetExists, subnetOfAccount, passesRateLimit, TX_TYPE, emit, err as subtensorErr,
} from '../subtensor/subnets/helpers.ts';
import { ensureAdminWindowOpen } from '../subtensor/subnets/subnets.ts';
import { MIN_REVEAL_PERIOD, MAX_REVEAL_PERIOD } from '../subtensor/subnets/weights.ts';
import { trimToMaxAllowedUids } from '../subtensor/subnets/registration.ts';
import { updateMechanismCountsIfNeeded } from '../subtensor/subnets/mechanism.ts';
import type { AccountId } from '../../primitives.ts';
import { Aura, AuraId } from '../aura/index.ts';
import { Grandpa, AuthorityList } from '../grandpa/index.ts';
import { runtimeConfig } from '../../config.ts';

const errors = {
  SubnetDoesNotExist: ' The subnet does not exist, check the netuid parameter',
  MaxValidatorsLargerThanMaxUIds: ' The maximum number of subnet validators must be less than the maximum number of allowed UIDs in the subnet.',
  MaxAllowedUIdsLessThanCurrentUIds: ' The maximum number of subnet validators must be more than the current number of UIDs already in the subnet.',
  BondsMovingAverageMaxReached: ' The maximum value for bonds moving average is reached',
  NegativeSigmoidSteepness: ' Only root can set negative sigmoid steepness values',
  ValueNotInBounds: ' Value not in allowed bounds.',
  MinAllowedUidsGreaterThanCurrentUids: ' The minimum allowed UIDs must be less than the current number of UIDs in the subnet.',
  MinAllowedUidsGreaterThanMaxAllowedUids: ' The minimum allowed UIDs must be less than the maximum allowed UIDs.',
  MaxAllowedUidsLessThanMinAllowedUids: ' The maximum allowed UIDs must be greater than the minimum allowed UIDs.',
  MaxAllowedUidsGreaterThanDefaultMaxAllowedUids: ' The maximum allowed UIDs must be less than the default maximum allowed UIDs.',
  InvalidValue: ' Bad parameter value',
  NotPermittedOnRootSubnet: ' Operation is not permitted on the root network.',
  POWRegistrationDisabled: ' POW Registration has been deprecated',
  Deprecated: ' Call is deprecated',
};
type AdminError = keyof typeof errors;
const aerr = (name: AdminError): DispatchError => AdminUtils.error(name);
function ensure(cond: boolean, name: AdminError): void { if (!cond) throw aerr(name); }

/** pallet_admin_utils::PrecompileEnum. */
const PrecompileEnum = t.enumOf(['pallet_admin_utils', 'PrecompileEnum'], Object.fromEntries(
  ['BalanceTransfer', 'Staking', 'Subnet', 'Metagraph', 'Neuron', 'UidLookup', 'Alpha', 'Crowdloan', 'Proxy', 'Leasing', 'AddressMapping', 'VotingPower']
    .map(n => [n, null])));

const MIN_BURN_UPPER_BOUND = 1_000_000_000n;
const MAX_BURN_LOWER_BOUND = 100_000_000n;
const DEFAULT_MAX_ALLOWED_UIDS = 256;
const MAX_BURN_HALF_LIFE = 36_100;

// ── Origin and rate-limit plumbing (ensure_sn_owner_or_root_with_limits / record_owner_rl) ──

type TxLimit = 'SetWeightsVersionKey' | 'MechanismCountUpdate' | 'MechanismEmission' | 'MaxUidsTrimming';
type Limit = { hp: Hyperparameter } | { tx: TxLimit };
/** prod_or_fast!(7200, 1): MechanismCountSetRateLimit / MechanismEmissionRateLimit. */
const mechanismRateLimit = (): bigint => (runtimeConfig.fastRuntime ? 1n : 7_200n);
const hpKey = (netuid: number, hp: Hyperparameter) => ({ type: 'OwnerHyperparamUpdate', value: [netuid, { type: hp }] });

function lastBlock(who: AccountId, netuid: number, l: Limit): bigint {
  return 'hp' in l ? S.LastRateLimitedBlock.get(hpKey(netuid, l.hp)) : S.TransactionKeyLastBlock.get(who, netuid, TX_TYPE[l.tx]);
}
function limitBlocks(netuid: number, l: Limit): bigint {
  const tempo = BigInt(S.Tempo.get(netuid));
  if ('hp' in l) return tempo * BigInt(S.OwnerHyperparamRateLimit.get());
  if (l.tx === 'SetWeightsVersionKey') return tempo * S.WeightsVersionKeyRateLimit.get();
  // MaxUidsTrimmingRateLimit and the mechanism limits are all prod_or_fast!(…, 1) (30 days / 1 day in production).
  if (l.tx === 'MaxUidsTrimming') return runtimeConfig.fastRuntime ? 1n : 216_000n;
  return mechanismRateLimit();
}
/** Owner (rate-limited) or root; returns the owner's coldkey or null for root. */
function ownerOrRoot(origin: Origin, netuid: number, l: Limit): AccountId | null {
  const who = ensureSubnetOwnerOrRoot(origin, netuid);
  if (who !== null && !passesRateLimit(limitBlocks(netuid, l), currentBlock(), lastBlock(who, netuid, l))) throw subtensorErr('TxRateLimitExceeded');
  return who;
}
function recordOwner(who: AccountId | null, netuid: number, l: Limit): void {
  if (who === null) return;
  const now = currentBlock();
  if ('hp' in l) S.LastRateLimitedBlock.set(hpKey(netuid, l.hp), now);
  else S.TransactionKeyLastBlock.set(who, netuid, TX_TYPE[l.tx], now);
}
const exists = (netuid: number) => ensure(subnetExists(netuid), 'SubnetDoesNotExist');

// ── Call table helpers ──

type Args = Record<string, any>;
interface Setter {
  index: number;
  args: Record<string, t.Codec<any>>;
  typeNames: Record<string, string>;
  fn: (origin: Origin, a: Args) => void;
  docs?: string;
}
const N = { netuid: NetUid };
const NT = { netuid: 'NetUid' };

/** owner|root setter of one per-subnet value: limits → freeze window → subnet exists → validate → set → record. */
function ownerSetter(index: number, arg: string, codec: t.Codec<any>, typeName: string, hp: Hyperparameter,
  apply: (netuid: number, v: any, who: AccountId | null) => void, opts: { checkExists?: boolean } = {}): Setter {
  return {
    index, args: { ...N, [arg]: codec }, typeNames: { ...NT, [arg]: typeName },
    fn(origin, a) {
      const who = ownerOrRoot(origin, a.netuid, { hp });
      ensureAdminWindowOpen(a.netuid);
      if (opts.checkExists !== false) exists(a.netuid);
      apply(a.netuid, a[arg], who);
      recordOwner(who, a.netuid, { hp });
    },
  };
}
/** root-only per-subnet setter. */
function rootSubnetSetter(index: number, arg: string, codec: t.Codec<any>, typeName: string,
  apply: (netuid: number, v: any) => void, opts: { window?: boolean; checkExists?: boolean } = {}): Setter {
  return {
    index, args: { ...N, [arg]: codec }, typeNames: { ...NT, [arg]: typeName },
    fn(origin, a) {
      ensureRoot(origin);
      if (opts.window) ensureAdminWindowOpen(a.netuid);
      if (opts.checkExists !== false) exists(a.netuid);
      apply(a.netuid, a[arg]);
    },
  };
}
/** root-only global setter. */
function rootSetter(index: number, arg: string, codec: t.Codec<any>, typeName: string, apply: (v: any) => void): Setter {
  return { index, args: { [arg]: codec }, typeNames: { [arg]: typeName }, fn(origin, a) { ensureRoot(origin); apply(a[arg]); } };
}

const setters: Record<string, Setter> = {
  swap_authorities: {
    index: 0, args: { new_authorities: t.vec(AuraId) }, typeNames: { new_authorities: 'BoundedVec<<T as Config>::AuthorityId, T::MaxAuthorities>' },
    fn(origin, a) { ensureRoot(origin); Aura.storage.Authorities.set(a.new_authorities); },
    docs: ' Root replaces the Aura authority set.',
  },
  schedule_grandpa_change: {
    index: 59, args: { next_authorities: AuthorityList, in_blocks: t.u32, forced: t.option(t.u32) },
    typeNames: { next_authorities: 'AuthorityList', in_blocks: 'BlockNumberFor<T>', forced: 'Option<BlockNumberFor<T>>' },
    // This node finalizes instantly; the new GRANDPA set is applied at once instead of after `in_blocks`.
    fn(origin, a) { ensureRoot(origin); Grandpa.storage.Authorities.set(a.next_authorities); },
    docs: ' Root schedules a GRANDPA authority change.',
  },
  sudo_set_mechanism_count: {
    index: 76, args: { ...N, mechanism_count: MechId }, typeNames: { ...NT, mechanism_count: 'MechId' },
    fn(origin, a) {
      const l: Limit = { tx: 'MechanismCountUpdate' };
      const who = ownerOrRoot(origin, a.netuid, l);
      ensureAdminWindowOpen(a.netuid);
      if (!subnetExists(a.netuid)) throw subtensorErr('MechanismDoesNotExist');
      if (a.mechanism_count === 0 || a.mechanism_count > S.MaxMechanismCount.get()) throw subtensorErr('InvalidValue');
      if (S.MaxAllowedUids.get(a.netuid) * a.mechanism_count > DEFAULT_MAX_ALLOWED_UIDS) throw subtensorErr('TooManyUIDsPerMechanism');
      if (a.mechanism_count > 16) throw subtensorErr('InvalidValue');
      updateMechanismCountsIfNeeded(a.netuid, a.mechanism_count);
      recordOwner(who, a.netuid, l);
    },
  },
  sudo_trim_to_max_allowed_uids: {
    index: 78, args: { ...N, max_n: t.u16 }, typeNames: { ...NT, max_n: 'u16' },
    fn(origin, a) {
      const l: Limit = { tx: 'MaxUidsTrimming' };
      const who = ownerOrRoot(origin, a.netuid, l);
      ensureAdminWindowOpen(a.netuid);
      trimToMaxAllowedUids(a.netuid, a.max_n);
      recordOwner(who, a.netuid, l);
    },
  },
  sudo_set_mechanism_emission_split: {
    index: 77, args: { ...N, maybe_split: t.option(t.vec(t.u16)) }, typeNames: { ...NT, maybe_split: 'Option<Vec<u16>>' },
    fn(origin, a) {
      const l: Limit = { tx: 'MechanismEmission' };
      const who = ownerOrRoot(origin, a.netuid, l);
      ensureAdminWindowOpen(a.netuid);
      if (!subnetExists(a.netuid)) throw subtensorErr('MechanismDoesNotExist');
      if (a.maybe_split === null) S.MechanismEmissionSplit.remove(a.netuid);
      else {
        const split: number[] = a.maybe_split;
        if (split.length === 0 || split.length > S.MechanismCountCurrent.get(a.netuid)) throw subtensorErr('InvalidValue');
        if (split.reduce((x, y) => x + y, 0) !== 65535) throw subtensorErr('InvalidValue');
        S.MechanismEmissionSplit.set(a.netuid, split);
      }
      recordOwner(who, a.netuid, l);
    },
  },
  sudo_set_default_take: rootSetter(1, 'default_take', t.u16, 'u16', v => { K.MaxDelegateTake.set(v); emit('MaxDelegateTakeSet', v); }),
  sudo_set_tx_rate_limit: rootSetter(2, 'tx_rate_limit', t.u64, 'u64', v => { S.TxRateLimit.set(v); emit('TxRateLimitSet', v); }),
  sudo_set_serving_rate_limit: ownerSetter(3, 'serving_rate_limit', t.u64, 'u64', 'ServingRateLimit',
    (n, v) => { S.ServingRateLimit.set(n, v); emit('ServingRateLimitSet', [n, v]); }, { checkExists: false }),
  sudo_set_min_difficulty: rootSubnetSetter(4, 'min_difficulty', t.u64, 'u64', (n, v) => { S.MinDifficulty.set(n, v); emit('MinDifficultySet', [n, v]); }, { window: true }),
  sudo_set_max_difficulty: ownerSetter(5, 'max_difficulty', t.u64, 'u64', 'MaxDifficulty', (n, v) => { S.MaxDifficulty.set(n, v); emit('MaxDifficultySet', [n, v]); }),
  sudo_set_weights_version_key: {
    index: 6, args: { ...N, weights_version_key: t.u64 }, typeNames: { ...NT, weights_version_key: 'u64' },
    fn(origin, a) {
      const l: Limit = { tx: 'SetWeightsVersionKey' };
      const who = ownerOrRoot(origin, a.netuid, l);
      ensureAdminWindowOpen(a.netuid);
      exists(a.netuid);
      recordOwner(who, a.netuid, l);
      S.WeightsVersionKey.set(a.netuid, a.weights_version_key);
      emit('WeightsVersionKeySet', [a.netuid, a.weights_version_key]);
    },
  },
  sudo_set_weights_set_rate_limit: rootSubnetSetter(7, 'weights_set_rate_limit', t.u64, 'u64', (n, v) => { S.WeightsSetRateLimit.set(n, v); emit('WeightsSetRateLimitSet', [n, v]); }),
  sudo_set_adjustment_interval: rootSubnetSetter(8, 'adjustment_interval', t.u16, 'u16', (n, v) => { S.AdjustmentInterval.set(n, v); emit('AdjustmentIntervalSet', [n, v]); }),
  sudo_set_adjustment_alpha: ownerSetter(9, 'adjustment_alpha', t.u64, 'u64', 'AdjustmentAlpha', (n, v) => { S.AdjustmentAlpha.set(n, v); emit('AdjustmentAlphaSet', [n, v]); }),
  sudo_set_immunity_period: ownerSetter(13, 'immunity_period', t.u16, 'u16', 'ImmunityPeriod', (n, v) => { S.ImmunityPeriod.set(n, v); emit('ImmunityPeriodSet', [n, v]); }),
  sudo_set_min_allowed_weights: ownerSetter(14, 'min_allowed_weights', t.u16, 'u16', 'MinAllowedWeights', (n, v) => { S.MinAllowedWeights.set(n, v); emit('MinAllowedWeightSet', [n, v]); }),
  sudo_set_max_allowed_uids: ownerSetter(15, 'max_allowed_uids', t.u16, 'u16', 'MaxAllowedUids', (n, v) => {
    ensure(v >= S.MinAllowedUids.get(n), 'MaxAllowedUidsLessThanMinAllowedUids');
    ensure(S.SubnetworkN.get(n) <= v, 'MaxAllowedUIdsLessThanCurrentUIds');
    ensure(v <= DEFAULT_MAX_ALLOWED_UIDS, 'MaxAllowedUidsGreaterThanDefaultMaxAllowedUids');
    S.MaxAllowedUids.set(n, v);
    emit('MaxAllowedUidsSet', [n, v]);
  }),
  sudo_set_kappa: rootSubnetSetter(16, 'kappa', t.u16, 'u16', (n, v) => { S.Kappa.set(n, v); emit('KappaSet', [n, v]); }),
  // HEAD's set_rho and set_alpha_sigmoid_steepness deposit no event (RhoSet / AlphaSigmoidSteepnessSet are declared
  // but only logged).
  sudo_set_rho: ownerSetter(17, 'rho', t.u16, 'u16', 'Rho', (n, v) => { S.Rho.set(n, v); }),
  sudo_set_activity_cutoff: ownerSetter(18, 'activity_cutoff', t.u16, 'u16', 'ActivityCutoff', (n, v) => {
    if (v < S.MinActivityCutoff.get()) throw subtensorErr('ActivityCutoffTooLow');
    S.ActivityCutoff.set(n, v);
    emit('ActivityCutoffSet', [n, v]);
  }),
  sudo_set_network_registration_allowed: rootSubnetSetter(19, 'registration_allowed', t.bool, 'bool',
    (n, v) => { S.NetworkRegistrationAllowed.set(n, v); emit('RegistrationAllowed', [n, v]); }, { checkExists: false }),
  sudo_set_network_pow_registration_allowed: {
    index: 20, args: { ...N, registration_allowed: t.bool }, typeNames: { ...NT, registration_allowed: 'bool' },
    fn() { throw aerr('POWRegistrationDisabled'); },
  },
  sudo_set_target_registrations_per_interval: rootSubnetSetter(21, 'target_registrations_per_interval', t.u16, 'u16',
    (n, v) => { S.TargetRegistrationsPerInterval.set(n, v); emit('RegistrationPerIntervalSet', [n, v]); }, { window: true }),
  sudo_set_min_burn: ownerSetter(22, 'min_burn', TaoBalance, 'TaoBalance', 'MinBurn', (n, v) => {
    ensure(v < MIN_BURN_UPPER_BOUND, 'ValueNotInBounds');
    ensure(v < S.MaxBurn.get(n), 'ValueNotInBounds');
    S.MinBurn.set(n, v);
    emit('MinBurnSet', [n, v]);
  }),
  sudo_set_max_burn: ownerSetter(23, 'max_burn', TaoBalance, 'TaoBalance', 'MaxBurn', (n, v) => {
    ensure(v > MAX_BURN_LOWER_BOUND, 'ValueNotInBounds');
    ensure(v > S.MinBurn.get(n), 'ValueNotInBounds');
    S.MaxBurn.set(n, v);
    emit('MaxBurnSet', [n, v]);
  }),
  sudo_set_difficulty: rootSubnetSetter(24, 'difficulty', t.u64, 'u64', (n, v) => { S.Difficulty.set(n, v); emit('DifficultySet', [n, v]); }, { window: true }),
  sudo_set_max_allowed_validators: rootSubnetSetter(25, 'max_allowed_validators', t.u16, 'u16', (n, v) => {
    ensure(v <= S.MaxAllowedUids.get(n), 'MaxValidatorsLargerThanMaxUIds');
    S.MaxAllowedValidators.set(n, v);
    emit('MaxAllowedValidatorsSet', [n, v]);
  }, { window: true }),
  sudo_set_bonds_moving_average: {
    index: 26, args: { ...N, bonds_moving_average: t.u64 }, typeNames: { ...NT, bonds_moving_average: 'u64' },
    fn(origin, a) {
      const l: Limit = { hp: 'BondsMovingAverage' };
      const who = ownerOrRoot(origin, a.netuid, l);
      ensureAdminWindowOpen(a.netuid);
      if (who !== null) ensure(a.bonds_moving_average <= 975_000n, 'BondsMovingAverageMaxReached');
      exists(a.netuid);
      S.BondsMovingAverage.set(a.netuid, a.bonds_moving_average);
      emit('BondsMovingAverageSet', [a.netuid, a.bonds_moving_average]);
      recordOwner(who, a.netuid, l);
    },
  },
  sudo_set_max_registrations_per_block: rootSubnetSetter(27, 'max_registrations_per_block', t.u16, 'u16',
    (n, v) => { S.MaxRegistrationsPerBlock.set(n, v); emit('MaxRegistrationsPerBlockSet', [n, v]); }, { window: true }),
  sudo_set_subnet_owner_cut: rootSetter(28, 'subnet_owner_cut', t.u16, 'u16', v => { C.SubnetOwnerCut.set(v); emit('SubnetOwnerCutSet', v); }),
  sudo_set_network_rate_limit: rootSetter(29, 'rate_limit', t.u64, 'u64', v => { S.NetworkRateLimit.set(v); emit('NetworkRateLimitSet', v); }),
  sudo_set_tempo: rootSubnetSetter(30, 'tempo', t.u16, 'u16', (n, v) => {
    S.Tempo.set(n, v);
    emit('TempoSet', [n, v]);
    C.LastEpochBlock.set(n, currentBlock());
  }, { window: true }),
  sudo_set_total_issuance: {
    index: 33, args: { total_issuance: TaoBalance }, typeNames: { total_issuance: 'TaoBalance' },
    fn() { throw aerr('Deprecated'); },
  },
  sudo_set_network_immunity_period: rootSetter(35, 'immunity_period', t.u64, 'u64', v => { S.NetworkImmunityPeriod.set(v); emit('NetworkImmunityPeriodSet', v); }),
  sudo_set_network_min_lock_cost: rootSetter(36, 'lock_cost', TaoBalance, 'TaoBalance', v => { S.NetworkMinLockCost.set(v); emit('NetworkMinLockCostSet', v); }),
  sudo_set_subnet_limit: rootSetter(37, 'max_subnets', t.u16, 'u16', v => { S.SubnetLimit.set(v); emit('SubnetLimitSet', v); }),
  sudo_set_lock_reduction_interval: rootSetter(38, 'interval', t.u64, 'u64', v => { S.NetworkLockReductionInterval.set(v); emit('NetworkLockCostReductionIntervalSet', v); }),
  sudo_set_rao_recycled: rootSubnetSetter(39, 'rao_recycled', TaoBalance, 'TaoBalance', (n, v) => { S.RAORecycledForRegistration.set(n, v); emit('RAORecycledForRegistrationSet', [n, v]); }),
  sudo_set_stake_threshold: rootSetter(42, 'min_stake', t.u64, 'u64', v => { S.StakeThreshold.set(v); emit('StakeThresholdSet', v); }),
  sudo_set_nominator_min_required_stake: rootSetter(43, 'min_stake', t.u64, 'u64', v => {
    const previous = K.NominatorMinRequiredStake.get();
    K.NominatorMinRequiredStake.set(v);
    // A higher minimum sells (or drops) every nomination now below it, as HEAD.
    if (v > previous) clearSmallNominations();
  }),
  sudo_set_tx_delegate_take_rate_limit: rootSetter(45, 'tx_rate_limit', t.u64, 'u64', v => { K.TxDelegateTakeRateLimit.set(v); emit('TxDelegateTakeRateLimitSet', v); }),
  sudo_set_min_delegate_take: rootSetter(46, 'take', t.u16, 'u16', v => { K.MinDelegateTake.set(v); emit('MinDelegateTakeSet', v); }),
  sudo_set_commit_reveal_weights_enabled: ownerSetter(49, 'enabled', t.bool, 'bool', 'CommitRevealEnabled',
    (n, v) => { S.CommitRevealWeightsEnabled.set(n, v); emit('CommitRevealEnabled', [n, v]); }),
  sudo_set_liquid_alpha_enabled: ownerSetter(50, 'enabled', t.bool, 'bool', 'LiquidAlphaEnabled',
    (n, v) => { S.LiquidAlphaOn.set(n, v); }, { checkExists: false }),
  sudo_set_alpha_values: {
    index: 51, args: { ...N, alpha_low: t.u16, alpha_high: t.u16 }, typeNames: { ...NT, alpha_low: 'u16', alpha_high: 'u16' },
    fn(origin, a) {
      const l: Limit = { hp: 'AlphaValues' };
      const who = ownerOrRoot(origin, a.netuid, l);
      ensureAdminWindowOpen(a.netuid);
      if (!S.LiquidAlphaOn.get(a.netuid)) throw subtensorErr('LiquidAlphaDisabled');
      const minAlpha = Math.floor(65535 / 40);
      if (a.alpha_high < minAlpha) throw subtensorErr('AlphaHighTooLow');
      if (a.alpha_low < minAlpha || a.alpha_low > a.alpha_high) throw subtensorErr('AlphaLowOutOfRange');
      S.AlphaValues.set(a.netuid, [a.alpha_low, a.alpha_high]);
      recordOwner(who, a.netuid, l);
    },
  },
  sudo_set_dissolve_network_schedule_duration: rootSetter(55, 'duration', t.u32, 'BlockNumberFor<T>', v => { S.DissolveNetworkScheduleDuration.set(v); emit('DissolveNetworkScheduleDurationSet', v); }),
  sudo_set_commit_reveal_weights_interval: ownerSetter(57, 'interval', t.u64, 'u64', 'WeightCommitInterval', (n, v) => {
    if (v > MAX_REVEAL_PERIOD) throw subtensorErr('RevealPeriodTooLarge');
    if (v < MIN_REVEAL_PERIOD) throw subtensorErr('RevealPeriodTooSmall');
    S.RevealPeriodEpochs.set(n, v);
    emit('CommitRevealPeriodsSet', [n, v]);
  }),
  sudo_set_evm_chain_id: rootSetter(58, 'chain_id', t.u64, 'u64', () => { /* no EVM in this port */ }),
  sudo_set_bonds_penalty: ownerSetter(60, 'bonds_penalty', t.u16, 'u16', 'BondsPenalty', (n, v) => { S.BondsPenalty.set(n, v); emit('BondsPenaltySet', [n, v]); }),
  sudo_set_toggle_transfer: ownerSetter(61, 'toggle', t.bool, 'bool', 'TransferEnabled',
    (n, v) => { S.TransferToggle.set(n, v); emit('TransferToggle', [n, v]); }, { checkExists: false }),
  sudo_toggle_evm_precompile: {
    index: 62, args: { precompile_id: PrecompileEnum, enabled: t.bool }, typeNames: { precompile_id: 'PrecompileEnum', enabled: 'bool' },
    fn(origin, a) {
      ensureRoot(origin);
      AdminUtils.storage.PrecompileEnable.set(a.precompile_id, a.enabled);
      AdminUtils.deposit('PrecompileUpdated', { precompile_id: a.precompile_id, enabled: a.enabled });
    },
  },
  sudo_set_subnet_moving_alpha: rootSetter(63, 'alpha', I96F32, 'I96F32', v => { K.SubnetMovingAlpha.set(v); }),
  sudo_set_subnet_owner_hotkey: {
    index: 64, args: { ...N, hotkey: AccountId32 }, typeNames: { ...NT, hotkey: '<T as frame_system::Config>::AccountId' },
    fn: (origin, a) => setSnOwnerHotkey(origin, a.netuid, a.hotkey),
  },
  sudo_set_ema_price_halving_period: rootSubnetSetter(65, 'ema_halving', t.u64, 'u64', (n, v) => { K.EMAPriceHalvingBlocks.set(n, v); }, { checkExists: false }),
  sudo_set_subtoken_enabled: rootSubnetSetter(66, 'subtoken_enabled', t.bool, 'bool', (n, v) => { S.SubtokenEnabled.set(n, v); }, { window: true, checkExists: false }),
  sudo_set_sn_owner_hotkey: {
    index: 67, args: { ...N, hotkey: AccountId32 }, typeNames: { ...NT, hotkey: '<T as frame_system::Config>::AccountId' },
    fn: (origin, a) => setSnOwnerHotkey(origin, a.netuid, a.hotkey),
  },
  sudo_set_alpha_sigmoid_steepness: {
    index: 68, args: { ...N, steepness: t.i16 }, typeNames: { ...NT, steepness: 'i16' },
    fn(origin, a) {
      const l: Limit = { hp: 'AlphaSigmoidSteepness' };
      const who = ownerOrRoot(origin, a.netuid, l);
      ensureAdminWindowOpen(a.netuid);
      exists(a.netuid);
      ensure(origin.kind === 'Root' || a.steepness >= 0, 'NegativeSigmoidSteepness');
      S.AlphaSigmoidSteepness.set(a.netuid, a.steepness);
      recordOwner(who, a.netuid, l);
    },
  },
  sudo_set_yuma3_enabled: ownerSetter(69, 'enabled', t.bool, 'bool', 'Yuma3Enabled', (n, v) => {
    S.Yuma3On.set(n, v);
    AdminUtils.deposit('Yuma3EnableToggled', { netuid: n, enabled: v });
  }, { checkExists: false }),
  sudo_set_bonds_reset_enabled: ownerSetter(70, 'enabled', t.bool, 'bool', 'BondsResetEnabled', (n, v) => {
    S.BondsResetOn.set(n, v);
    emit('BondsResetOnSet', [n, v]);
    AdminUtils.deposit('BondsResetToggled', { netuid: n, enabled: v });
  }, { checkExists: false }),
  sudo_set_commit_reveal_version: rootSetter(71, 'version', t.u16, 'u16', v => { S.CommitRevealWeightsVersion.set(v); emit('CommitRevealVersionSet', v); }),
  sudo_set_owner_immune_neuron_limit: ownerSetter(72, 'immune_neurons', t.u16, 'u16', 'ImmuneNeuronLimit', (n, v) => {
    if (v < 1 || v > 10) throw subtensorErr('InvalidValue');
    S.ImmuneOwnerUidsLimit.set(n, v);
  }, { checkExists: false }),
  sudo_set_ck_burn: rootSetter(73, 'burn', t.u64, 'u64', v => { S.CKBurn.set(v); }),
  sudo_set_admin_freeze_window: rootSetter(74, 'window', t.u16, 'u16', v => { S.AdminFreezeWindow.set(v); emit('AdminFreezeWindowSet', v); }),
  sudo_set_owner_hparam_rate_limit: rootSetter(75, 'epochs', t.u16, 'u16', v => { S.OwnerHyperparamRateLimit.set(v); emit('OwnerHyperparamRateLimitSet', v); }),
  sudo_set_min_allowed_uids: rootSubnetSetter(79, 'min_allowed_uids', t.u16, 'u16', (n, v) => {
    ensure(v < S.MaxAllowedUids.get(n), 'MinAllowedUidsGreaterThanMaxAllowedUids');
    ensure(v < S.SubnetworkN.get(n), 'MinAllowedUidsGreaterThanCurrentUids');
    S.MinAllowedUids.set(n, v);
    emit('MinAllowedUidsSet', [n, v]);
  }),
  sudo_set_recycle_or_burn: ownerSetter(80, 'recycle_or_burn', RecycleOrBurnEnum, 'pallet_subtensor::RecycleOrBurnEnum', 'RecycleOrBurn',
    (n, v) => { S.RecycleOrBurn.set(n, v); }, { checkExists: false }),
  sudo_set_tao_flow_cutoff: rootSetter(81, 'flow_cutoff', I64F64, 'I64F64', v => { S.TaoFlowCutoff.set(v); }),
  sudo_set_tao_flow_normalization_exponent: rootSetter(82, 'exponent', U64F64, 'U64F64', v => {
    ensure(v.bits >= 1n << 64n && v.bits <= 2n << 64n, 'InvalidValue');
    S.FlowNormExponent.set(v);
  }),
  sudo_set_tao_flow_smoothing_factor: rootSetter(83, 'smoothing_factor', t.u64, 'u64', v => { S.FlowEmaSmoothingFactor.set(v); }),
  sudo_set_min_non_immune_uids: rootSubnetSetter(84, 'min', t.u16, 'u16', (n, v) => { S.MinNonImmuneUids.set(n, v); emit('MinNonImmuneUidsSet', [n, v]); }, { checkExists: false }),
  sudo_set_start_call_delay: rootSetter(85, 'delay', t.u64, 'u64', v => { S.StartCallDelay.set(v); emit('StartCallDelaySet', v); }),
  sudo_set_coldkey_swap_announcement_delay: rootSetter(86, 'duration', t.u32, 'BlockNumberFor<T>', v => { S.ColdkeySwapAnnouncementDelay.set(v); emit('ColdkeySwapAnnouncementDelaySet', v); }),
  sudo_set_coldkey_swap_reannouncement_delay: rootSetter(87, 'duration', t.u32, 'BlockNumberFor<T>', v => { S.ColdkeySwapReannouncementDelay.set(v); emit('ColdkeySwapReannouncementDelaySet', v); }),
  sudo_set_max_mechanism_count: rootSetter(88, 'max_mechanism_count', MechId, 'MechId', v => { S.MaxMechanismCount.set(v); }),
  sudo_set_burn_half_life: ownerSetter(89, 'burn_half_life', t.u16, 'u16', 'BurnHalfLife', (n, v) => {
    ensure(n !== 0, 'NotPermittedOnRootSubnet');
    ensure(v > 0 && v <= MAX_BURN_HALF_LIFE, 'InvalidValue');
    S.BurnHalfLife.set(n, v);
    AdminUtils.deposit('BurnHalfLifeSet', { netuid: n, burn_half_life: v });
  }),
  sudo_set_burn_increase_mult: ownerSetter(90, 'burn_increase_mult', U64F64, 'U64F64', 'BurnIncreaseMult', (n, v) => {
    ensure(n !== 0, 'NotPermittedOnRootSubnet');
    ensure(v.bits >= 1n << 64n && v.bits <= 3n << 64n, 'InvalidValue');
    S.BurnIncreaseMult.set(n, v);
    AdminUtils.deposit('BurnIncreaseMultSet', { netuid: n, burn_increase_mult: v });
  }),
  sudo_set_net_tao_flow_enabled: rootSetter(91, 'enabled', t.bool, 'bool', v => { S.NetTaoFlowEnabled.set(v); }),
  sudo_set_owner_cut_enabled: {
    index: 92, args: { ...N, enabled: t.bool }, typeNames: { ...NT, enabled: 'bool' },
    fn(origin, a) {
      ensureSubnetOwnerOrRoot(origin, a.netuid);
      ensureAdminWindowOpen(a.netuid);
      exists(a.netuid);
      ensure(a.netuid !== 0, 'NotPermittedOnRootSubnet');
      S.OwnerCutEnabled.set(a.netuid, a.enabled);
    },
  },
  sudo_set_min_childkey_take_per_subnet: ownerSetter(93, 'take', t.u16, 'u16', 'MinChildkeyTake', (n, v) => {
    ensure(v <= S.MaxChildkeyTake.get(), 'InvalidValue');
    S.MinChildkeyTakePerSubnet.set(n, v);
    emit('MinChildKeyTakePerSubnetSet', [n, v]);
  }),
  sudo_set_subnet_emission_enabled: rootSubnetSetter(94, 'enabled', t.bool, 'bool', (n, v) => {
    ensure(n !== 0, 'NotPermittedOnRootSubnet');
    S.SubnetEmissionEnabled.set(n, v);
    AdminUtils.deposit('SubnetEmissionEnabledSet', { netuid: n, enabled: v });
  }),
  sudo_set_owner_cut_auto_lock_enabled: {
    index: 95, args: { ...N, enabled: t.bool }, typeNames: { ...NT, enabled: 'bool' },
    docs: ' Subnet owner or root: whether the owner cut is auto-locked (the lock itself needs locks, not ported).',
    fn(origin, a) {
      ensureSubnetOwnerOrRoot(origin, a.netuid);
      ensureAdminWindowOpen(a.netuid);
      exists(a.netuid);
      ensure(a.netuid !== 0, 'NotPermittedOnRootSubnet');
      S.OwnerCutAutoLockEnabled.set(a.netuid, a.enabled);
    },
  },
  sudo_set_max_epochs_per_block: rootSetter(96, 'max_epochs_per_block', t.u8, 'u8', v => {
    ensure(v >= 1, 'ValueNotInBounds');
    C.MaxEpochsPerBlock.set(v);
    emit('MaxEpochsPerBlockSet', v);
  }),
};

/** `do_set_sn_owner_hotkey`: owner|root, one change per DefaultSetSNOwnerHotkeyRateLimit (50400) blocks. */
function setSnOwnerHotkey(origin: Origin, netuid: number, hotkey: AccountId): void {
  ensureSubnetOwnerOrRoot(origin, netuid);
  if (!subnetExists(netuid)) throw subtensorErr('SubnetNotExists');
  const key = { type: 'SetSNOwnerHotkey', value: netuid };
  const now = currentBlock();
  if (!passesRateLimit(50_400n, now, S.LastRateLimitedBlock.get(key))) throw subtensorErr('TxRateLimitExceeded');
  S.LastRateLimitedBlock.set(key, now);
  if (subnetOfAccount(hotkey) !== null) throw subtensorErr('CannotUseSystemAccount');
  S.SubnetOwnerHotkey.set(netuid, hotkey);
  emit('SubnetOwnerHotkeySet', [netuid, hotkey]);
}

// Weight, DispatchClass and Pays per call from HEAD's AdminUtils weight functions (call_weights.ts).
const calls: Record<string, CallDecl<any>> = withHeadWeights('AdminUtils', Object.fromEntries(Object.entries(setters).map(([name, s]) => [name, call<Args>({
  index: s.index, args: s.args, typeNames: s.typeNames, docs: s.docs ? [s.docs] : undefined, fn: s.fn,
})])), ADMIN_UTILS_CALL_WEIGHTS);

export const AdminUtils = definePallet({
  name: 'AdminUtils',
  index: 19,
  crate: 'pallet_admin_utils',
  storage: {
    PrecompileEnable: map('Blake2_128Concat', PrecompileEnum, t.bool, { default: true }),
  },
  calls,
  events: {
    PrecompileUpdated: { fields: { precompile_id: PrecompileEnum, enabled: t.bool }, typeNames: { precompile_id: 'PrecompileEnum', enabled: 'bool' }, docs: [' Event emitted when a precompile operation is updated.'] },
    Yuma3EnableToggled: { fields: { netuid: NetUid, enabled: t.bool }, typeNames: { netuid: 'NetUid', enabled: 'bool' }, docs: [' Event emitted when the Yuma3 enable is toggled.'] },
    BondsResetToggled: { fields: { netuid: NetUid, enabled: t.bool }, typeNames: { netuid: 'NetUid', enabled: 'bool' }, docs: [' Event emitted when Bonds Reset is toggled.'] },
    BurnHalfLifeSet: { fields: { netuid: NetUid, burn_half_life: t.u16 }, typeNames: { netuid: 'NetUid', burn_half_life: 'u16' }, docs: [' Event emitted when the burn half-life is set.'] },
    BurnIncreaseMultSet: { fields: { netuid: NetUid, burn_increase_mult: U64F64 }, typeNames: { netuid: 'NetUid', burn_increase_mult: 'U64F64' }, docs: [' Event emitted when the burn increase multiplier is set.'] },
    SubnetEmissionEnabledSet: { fields: { netuid: NetUid, enabled: t.bool }, typeNames: { netuid: 'NetUid', enabled: 'bool' }, docs: [' Event emitted when subnet emission is enabled or disabled.'] },
  },
  errors,
});
