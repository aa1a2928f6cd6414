// SubnetInfoRuntimeApi (api_version 2): subnet info and hyperparameters, dTAO dynamic info, the metagraph (full
// and selective) and subnet state, plus HEAD's get_next_epoch_start_block and get_subnet_account_id.
import { defineRuntimeApi } from '../../../frame/runtime_api.ts';
import * as t from '../../../codec/types.ts';
import { AccountId32, type AccountId } from '../../../primitives.ts';
import { blockNumber } from '../../system/index.ts';
import { subnetStorage as N } from '../subnets/storage.ts';
import { stakingStorage as S } from '../staking/storage.ts';
import { coinbaseStorage as C } from '../coinbase/storage.ts';
import { allNetuids, subnetAccountId, subnetExists as exists, storageIndex } from '../subnets/helpers.ts';

import { nextEpochStartBlock, blocksUntilNextEpochModular } from '../coinbase/epoch_schedule.ts';
import { activityCutoff } from '../coinbase/distribute_emission.ts';
import { runtimeConfig } from '../../../config.ts';
import {
  SubnetInfo, SubnetInfov2, SubnetHyperparams, SubnetHyperparamsV2, SubnetHyperparamsV3, DynamicInfo, Metagraph, SelectiveMetagraph,
  SubnetState, METAGRAPH_FIELDS, ZERO_AXON,
} from './codecs.ts';
import { U64_MAX } from '../epoch/fixed.ts';
import { SUBNET_NAMES } from '../subnets/subnet_names.ts';

const u16Cap = (v: bigint | number): number => { const b = BigInt(v); return Number(b > 65535n ? 65535n : b); };
const bytes = (b: Uint8Array): number[] => [...b];

/** HEAD get_name_for_subnet: the identity's name, else the built-in name table, else "unknown". */
function subnetName(netuid: number): Uint8Array {
  const id = N.SubnetIdentitiesV3.get(netuid);
  if (id && id.subnet_name.length > 0) return id.subnet_name;
  return new TextEncoder().encode(SUBNET_NAMES[netuid] ?? 'unknown');
}

function subnetInfoBase(netuid: number) {
  return {
    netuid, rho: N.Rho.get(netuid), kappa: N.Kappa.get(netuid), difficulty: N.Difficulty.get(netuid),
    immunity_period: N.ImmunityPeriod.get(netuid), max_allowed_validators: N.MaxAllowedValidators.get(netuid),
    min_allowed_weights: N.MinAllowedWeights.get(netuid), max_weights_limit: N.MaxWeightsLimit.get(netuid),
    scaling_law_power: N.ScalingLawPower.get(netuid), subnetwork_n: N.SubnetworkN.get(netuid),
    max_allowed_uids: N.MaxAllowedUids.get(netuid), blocks_since_last_step: C.BlocksSinceLastStep.get(netuid),
    tempo: N.Tempo.get(netuid), network_modality: 0, network_connect: [] as number[][],
    burn: N.Burn.get(netuid), owner: N.SubnetOwner.get(netuid),
  };
}
const subnetInfo = (netuid: number) => (exists(netuid) ? { ...subnetInfoBase(netuid), emission_values: 0n } : null);
const subnetInfoV2 = (netuid: number) =>
  (exists(netuid) ? { ...subnetInfoBase(netuid), emission_value: 0n, identity: N.SubnetIdentitiesV3.get(netuid) } : null);

function hyperparams(netuid: number) {
  if (!exists(netuid)) return null;
  const [low, high] = N.AlphaValues.get(netuid);
  return {
    rho: N.Rho.get(netuid), kappa: N.Kappa.get(netuid), immunity_period: N.ImmunityPeriod.get(netuid),
    min_allowed_weights: N.MinAllowedWeights.get(netuid), max_weights_limit: N.MaxWeightsLimit.get(netuid),
    tempo: N.Tempo.get(netuid), min_difficulty: N.MinDifficulty.get(netuid), max_difficulty: N.MaxDifficulty.get(netuid),
    weights_version: N.WeightsVersionKey.get(netuid), weights_rate_limit: N.WeightsSetRateLimit.get(netuid),
    adjustment_interval: N.AdjustmentInterval.get(netuid), activity_cutoff: u16Cap(activityCutoff(netuid)),
    registration_allowed: N.NetworkRegistrationAllowed.get(netuid),
    target_regs_per_interval: N.TargetRegistrationsPerInterval.get(netuid), min_burn: N.MinBurn.get(netuid),
    max_burn: N.MaxBurn.get(netuid), bonds_moving_avg: N.BondsMovingAverage.get(netuid),
    max_regs_per_block: N.MaxRegistrationsPerBlock.get(netuid), serving_rate_limit: N.ServingRateLimit.get(netuid),
    max_validators: N.MaxAllowedValidators.get(netuid), adjustment_alpha: N.AdjustmentAlpha.get(netuid),
    difficulty: N.Difficulty.get(netuid), commit_reveal_period: N.RevealPeriodEpochs.get(netuid),
    commit_reveal_weights_enabled: N.CommitRevealWeightsEnabled.get(netuid),
    alpha_high: high, alpha_low: low, liquid_alpha_enabled: N.LiquidAlphaOn.get(netuid),
  };
}
function hyperparamsV2(netuid: number) {
  const h = hyperparams(netuid);
  if (!h) return null;
  return {
    ...h,
    alpha_sigmoid_steepness: { bits: BigInt(N.AlphaSigmoidSteepness.get(netuid)) << 32n },
    yuma_version: N.Yuma3On.get(netuid) ? 3 : 2,
    subnet_is_active: N.SubtokenEnabled.get(netuid),
    transfers_enabled: N.TransferToggle.get(netuid),
    bonds_reset_enabled: N.BondsResetOn.get(netuid),
    user_liquidity_enabled: false,
  };
}

/** get_subnet_hyperparams_v3: HEAD's named, tagged list (entries in HEAD's order). */
function hyperparamsV3(netuid: number) {
  if (!exists(netuid)) return null;
  const [low, high] = N.AlphaValues.get(netuid);
  const v = (type: string, value: unknown) => ({ type, value });
  const entries: [string, { type: string; value: unknown }][] = [
    ['kappa', v('U16', N.Kappa.get(netuid))], ['immunity_period', v('U16', N.ImmunityPeriod.get(netuid))],
    ['min_allowed_weights', v('U16', N.MinAllowedWeights.get(netuid))], ['max_weights_limit', v('U16', N.MaxWeightsLimit.get(netuid))],
    ['tempo', v('U16', N.Tempo.get(netuid))], ['weights_version', v('U64', N.WeightsVersionKey.get(netuid))],
    ['weights_rate_limit', v('U64', N.WeightsSetRateLimit.get(netuid))], ['activity_cutoff', v('U64', activityCutoff(netuid))],
    ['activity_cutoff_factor', v('U32', N.ActivityCutoffFactorMilli.get(netuid))],
    ['registration_allowed', v('Bool', N.NetworkRegistrationAllowed.get(netuid))],
    ['target_regs_per_interval', v('U16', N.TargetRegistrationsPerInterval.get(netuid))],
    ['min_burn', v('TaoBalance', N.MinBurn.get(netuid))], ['max_burn', v('TaoBalance', N.MaxBurn.get(netuid))],
    ['burn_half_life', v('U16', N.BurnHalfLife.get(netuid))], ['burn_increase_mult', v('U64F64', N.BurnIncreaseMult.get(netuid))],
    ['bonds_moving_avg', v('U64', N.BondsMovingAverage.get(netuid))], ['max_regs_per_block', v('U16', N.MaxRegistrationsPerBlock.get(netuid))],
    ['serving_rate_limit', v('U64', N.ServingRateLimit.get(netuid))], ['max_validators', v('U16', N.MaxAllowedValidators.get(netuid))],
    ['commit_reveal_period', v('U64', N.RevealPeriodEpochs.get(netuid))],
    ['commit_reveal_weights_enabled', v('Bool', N.CommitRevealWeightsEnabled.get(netuid))],
    ['alpha_high', v('U16', high)], ['alpha_low', v('U16', low)], ['liquid_alpha_enabled', v('Bool', N.LiquidAlphaOn.get(netuid))],
    ['alpha_sigmoid_steepness', v('I32F32', { bits: BigInt(N.AlphaSigmoidSteepness.get(netuid)) << 32n })],
    ['yuma_version', v('U16', N.Yuma3On.get(netuid) ? 3 : 2)], ['subnet_is_active', v('Bool', N.SubtokenEnabled.get(netuid))],
    ['transfers_enabled', v('Bool', N.TransferToggle.get(netuid))], ['bonds_reset_enabled', v('Bool', N.BondsResetOn.get(netuid))],
    ['user_liquidity_enabled', v('Bool', false)], ['owner_cut_enabled', v('Bool', N.OwnerCutEnabled.get(netuid))],
    ['owner_cut_auto_lock_enabled', v('Bool', N.OwnerCutAutoLockEnabled.get(netuid))],
    ['min_childkey_take', v('U16', Math.max(N.MinChildkeyTake.get(), N.MinChildkeyTakePerSubnet.get(netuid)))],
  ];
  return entries.map(([name, value]) => ({ name: new TextEncoder().encode(name), value }));
}

function pendingAlpha(netuid: number): bigint {
  return C.PendingServerEmission.get(netuid) + C.PendingValidatorEmission.get(netuid);
}

function dynamicInfo(netuid: number) {
  if (!exists(netuid)) return null;
  const lastStep = C.LastMechansimStepBlock.get(netuid);
  const block = BigInt(blockNumber());
  return {
    netuid, owner_hotkey: N.SubnetOwnerHotkey.get(netuid), owner_coldkey: N.SubnetOwner.get(netuid),
    subnet_name: bytes(subnetName(netuid)), token_symbol: bytes(N.TokenSymbol.get(netuid)), tempo: N.Tempo.get(netuid),
    last_step: lastStep, blocks_since_last_step: block > lastStep ? block - lastStep : 0n, emission: 0n,
    alpha_in: S.SubnetAlphaIn.get(netuid), alpha_out: S.SubnetAlphaOut.get(netuid), tao_in: S.SubnetTAO.get(netuid),
    alpha_out_emission: S.SubnetAlphaOutEmission.get(netuid), alpha_in_emission: S.SubnetAlphaInEmission.get(netuid),
    tao_in_emission: S.SubnetTaoInEmission.get(netuid), pending_alpha_emission: pendingAlpha(netuid), pending_root_emission: 0n,
    subnet_volume: S.SubnetVolume.get(netuid), network_registered_at: N.NetworkRegisteredAt.get(netuid),
    subnet_identity: N.SubnetIdentitiesV3.get(netuid), moving_price: S.SubnetMovingPrice.get(netuid),
  };
}

interface StakeVectors { alpha: bigint[]; tao: bigint[]; total: bigint[] }
/** Per-uid alpha stake, root (TAO) stake and combined stake alpha + tao_weight·tao (HEAD get_stake_weights_for_network). */
function stakeVectors(netuid: number, hotkeys: AccountId[]): StakeVectors {
  const tw = S.TaoWeight.get();
  const alpha = hotkeys.map(h => S.TotalHotkeyAlpha.get(h, netuid));
  const tao = hotkeys.map(h => S.TotalHotkeyAlpha.get(h, 0));
  const total = alpha.map((a, i) => { const v = a + (tao[i] * tw) / U64_MAX; return v > U64_MAX ? U64_MAX : v; });
  return { alpha, tao, total };
}

function pad<T>(v: T[], n: number, d: T): T[] { const o = v.slice(0, n); while (o.length < n) o.push(d); return o; }

/** The full metagraph as an object keyed by METAGRAPH_FIELDS names. */
function metagraph(netuid: number): Record<string, any> | null {
  if (!exists(netuid)) return null;
  const n = N.SubnetworkN.get(netuid);
  const hotkeys = Array.from({ length: n }, (_, uid) => N.Keys.get(netuid, uid));
  const coldkeys = hotkeys.map(h => N.Owner.get(h));
  const stakes = stakeVectors(netuid, hotkeys);
  const dyn = dynamicInfo(netuid)!;
  const hyp = hyperparams(netuid)!;
  return {
    netuid, name: dyn.subnet_name, symbol: dyn.token_symbol, identity: dyn.subnet_identity,
    network_registered_at: dyn.network_registered_at, owner_hotkey: dyn.owner_hotkey, owner_coldkey: dyn.owner_coldkey,
    block: BigInt(blockNumber()), tempo: dyn.tempo, last_step: dyn.last_step, blocks_since_last_step: dyn.blocks_since_last_step,
    subnet_emission: 0n, alpha_in: dyn.alpha_in, alpha_out: dyn.alpha_out, tao_in: dyn.tao_in,
    alpha_out_emission: dyn.alpha_out_emission, alpha_in_emission: dyn.alpha_in_emission, tao_in_emission: dyn.tao_in_emission,
    pending_alpha_emission: dyn.pending_alpha_emission, pending_root_emission: 0n, subnet_volume: dyn.subnet_volume,
    moving_price: dyn.moving_price, rho: hyp.rho, kappa: hyp.kappa, min_allowed_weights: hyp.min_allowed_weights,
    max_weights_limit: hyp.max_weights_limit, weights_version: hyp.weights_version, weights_rate_limit: hyp.weights_rate_limit,
    activity_cutoff: hyp.activity_cutoff, max_validators: hyp.max_validators, num_uids: n, max_uids: N.MaxAllowedUids.get(netuid),
    burn: N.Burn.get(netuid), difficulty: hyp.difficulty, registration_allowed: hyp.registration_allowed,
    pow_registration_allowed: N.NetworkPowRegistrationAllowed.get(netuid), immunity_period: hyp.immunity_period,
    min_difficulty: hyp.min_difficulty, max_difficulty: hyp.max_difficulty, min_burn: hyp.min_burn, max_burn: hyp.max_burn,
    adjustment_alpha: hyp.adjustment_alpha, adjustment_interval: hyp.adjustment_interval,
    target_regs_per_interval: hyp.target_regs_per_interval, max_regs_per_block: hyp.max_regs_per_block,
    serving_rate_limit: hyp.serving_rate_limit, commit_reveal_weights_enabled: hyp.commit_reveal_weights_enabled,
    commit_reveal_period: hyp.commit_reveal_period, liquid_alpha_enabled: hyp.liquid_alpha_enabled,
    alpha_high: hyp.alpha_high, alpha_low: hyp.alpha_low, bonds_moving_avg: hyp.bonds_moving_avg,
    hotkeys, coldkeys, identities: coldkeys.map(c => N.IdentitiesV2.get(c)),
    axons: hotkeys.map(h => N.Axons.get(netuid, h) ?? ZERO_AXON),
    active: pad(N.Active.get(netuid), n, false), validator_permit: pad(N.ValidatorPermit.get(netuid), n, false),
    // pruning_score, trust and rank are no longer computed at HEAD: empty vectors (rpc_info/metagraph.rs).
    pruning_score: [], last_update: pad(N.LastUpdate.get(netuid), n, 0n),
    emission: pad(N.Emission.get(netuid), n, 0n), dividends: pad(N.Dividends.get(netuid), n, 0),
    incentives: pad(N.Incentive.get(netuid), n, 0), consensus: pad(N.Consensus.get(netuid), n, 0),
    trust: [], rank: [],
    block_at_registration: hotkeys.map((_, uid) => N.BlockAtRegistration.get(netuid, uid)),
    alpha_stake: stakes.alpha, tao_stake: stakes.tao, total_stake: stakes.total,
    tao_dividends_per_hotkey: hotkeys.map(h => [h, 0n]), // HEAD: "Tao dividends were removed"
    alpha_dividends_per_hotkey: hotkeys.map(h => [h, S.AlphaDividendsPerSubnet.get(netuid, h)]),
  };
}

/** get_mechagraph: the metagraph with mechanism `mecid`'s storage index as netuid, and its LastUpdate and Incentive. */
function mechagraph(netuid: number, mecid: number): Record<string, any> | null {
  if (!exists(netuid) || mecid >= N.MechanismCountCurrent.get(netuid)) return null;
  const m = metagraph(netuid);
  if (!m) return null;
  const idx = storageIndex(netuid, mecid), n = m.hotkeys.length;
  return { ...m, netuid: idx, last_update: pad(N.LastUpdate.get(idx), n, 0n), incentives: pad(N.Incentive.get(idx), n, 0) };
}

/** get_all_mechagraphs: every mechanism of every subnet. */
const allMechagraphs = () => allNetuids().flatMap(netuid =>
  Array.from({ length: N.MechanismCountCurrent.get(netuid) }, (_, mecid) => mechagraph(netuid, mecid)));

/** Selective metagraph: index i selects the i-th field (0 = netuid, always present); 72 validators, 73 commitments. */
function selectiveMetagraph(netuid: number, indexes: number[], mecid = 0): Record<string, any> | null {
  const full = mechagraph(netuid, mecid);
  if (!full) return null;
  const wanted = new Set(indexes);
  const out: Record<string, any> = { netuid: full.netuid };
  METAGRAPH_FIELDS.slice(1).forEach(([name], i) => { out[name] = wanted.has(i + 1) ? full[name] : null; });
  const vIdx = METAGRAPH_FIELDS.length, cIdx = METAGRAPH_FIELDS.length + 1;
  // HEAD get_validators: permitted uids ordered by stake weight ascending (stable), those above StakeThreshold.
  const threshold = N.StakeThreshold.get();
  out.validators = wanted.has(vIdx)
    ? full.validator_permit.map((p: boolean, uid: number) => (p ? uid : -1)).filter((u: number) => u >= 0)
      .sort((a: number, b: number) => (full.total_stake[a] < full.total_stake[b] ? -1 : full.total_stake[a] > full.total_stake[b] ? 1 : a - b))
      .filter((u: number) => full.total_stake[u] > threshold) : null;
  out.commitments = wanted.has(cIdx) ? [] : null;
  return out;
}

function subnetState(netuid: number) {
  const m = metagraph(netuid);
  if (!m) return null;
  return {
    netuid, hotkeys: m.hotkeys, coldkeys: m.coldkeys, active: m.active, validator_permit: m.validator_permit,
    pruning_score: m.pruning_score, last_update: m.last_update, emission: m.emission, dividends: m.dividends,
    incentives: m.incentives, consensus: m.consensus, trust: m.trust, rank: m.rank,
    block_at_registration: m.block_at_registration, alpha_stake: m.alpha_stake, tao_stake: m.tao_stake,
    total_stake: m.total_stake, emission_history: [],
  };
}

/** HEAD get_next_epoch_start_block (stateful), or the classic formula's next run block in modular mode. */
export function nextEpochStart(netuid: number): bigint | null {
  if (!exists(netuid)) return null;
  const tempo = N.Tempo.get(netuid);
  if (runtimeConfig.epochSchedule === 'modular') {
    if (tempo === 0) return null;
    const block = BigInt(blockNumber());
    return block + blocksUntilNextEpochModular(netuid, tempo, block);
  }
  return nextEpochStartBlock({
    tempo, lastEpochBlock: C.LastEpochBlock.get(netuid), pendingEpochAt: C.PendingEpochAt.get(netuid),
    blocksSinceLastStep: C.BlocksSinceLastStep.get(netuid),
  });
}

const NETUID = [{ name: 'netuid', type: t.u16 }];
const all = <T>(f: (n: number) => T) => () => allNetuids().map(f);

export const SubnetInfoRuntimeApi = defineRuntimeApi({
  name: 'SubnetInfoRuntimeApi',
  version: 2,
  methods: [
    { name: 'get_subnet_info', inputs: NETUID, output: t.option(SubnetInfo), impl: subnetInfo },
    { name: 'get_subnets_info', inputs: [], output: t.vec(t.option(SubnetInfo)), impl: all(subnetInfo) },
    { name: 'get_subnet_info_v2', inputs: NETUID, output: t.option(SubnetInfov2), impl: subnetInfoV2 },
    { name: 'get_subnets_info_v2', inputs: [], output: t.vec(t.option(SubnetInfov2)), impl: all(subnetInfoV2) },
    { name: 'get_subnet_hyperparams', inputs: NETUID, output: t.option(SubnetHyperparams), impl: hyperparams },
    { name: 'get_subnet_hyperparams_v2', inputs: NETUID, output: t.option(SubnetHyperparamsV2), impl: hyperparamsV2 },
    { name: 'get_subnet_hyperparams_v3', inputs: NETUID, output: t.option(SubnetHyperparamsV3), impl: hyperparamsV3 },
    { name: 'get_all_dynamic_info', inputs: [], output: t.vec(t.option(DynamicInfo)), impl: all(dynamicInfo) },
    { name: 'get_all_metagraphs', inputs: [], output: t.vec(t.option(Metagraph)), impl: all(metagraph) },
    { name: 'get_metagraph', inputs: NETUID, output: t.option(Metagraph), impl: metagraph },
    { name: 'get_all_mechagraphs', inputs: [], output: t.vec(t.option(Metagraph)), impl: allMechagraphs },
    { name: 'get_mechagraph', inputs: [...NETUID, { name: 'mecid', type: t.u8 }], output: t.option(Metagraph), impl: mechagraph },
    { name: 'get_dynamic_info', inputs: NETUID, output: t.option(DynamicInfo), impl: dynamicInfo },
    { name: 'get_subnet_state', inputs: NETUID, output: t.option(SubnetState), impl: subnetState },
    { name: 'get_selective_metagraph', inputs: [...NETUID, { name: 'metagraph_indexes', type: t.vec(t.u16) }],
      output: t.option(SelectiveMetagraph), impl: selectiveMetagraph },
    { name: 'get_coldkey_auto_stake_hotkey', inputs: [{ name: 'coldkey', type: AccountId32 }, ...NETUID],
      output: t.option(AccountId32), impl: (coldkey: AccountId, netuid: number) => N.AutoStakeDestination.get(coldkey, netuid) },
    { name: 'get_selective_mechagraph',
      inputs: [...NETUID, { name: 'subid', type: t.u8 }, { name: 'metagraph_indexes', type: t.vec(t.u16) }],
      output: t.option(SelectiveMetagraph),
      impl: (netuid: number, subid: number, idx: number[]) => selectiveMetagraph(netuid, idx, subid) },
    { name: 'get_subnet_to_prune', inputs: [], output: t.option(t.u16), impl: () => null },
    { name: 'get_subnet_account_id', inputs: NETUID, output: t.option(AccountId32),
      impl: (netuid: number) => (exists(netuid) ? subnetAccountId(netuid) : null) },
    { name: 'get_next_epoch_start_block', inputs: NETUID, output: t.option(t.u64), impl: nextEpochStart },
  ],
});

