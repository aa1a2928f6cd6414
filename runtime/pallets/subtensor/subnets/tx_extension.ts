// SubtensorTransactionExtension (HEAD extensions/subtensor.rs + guards/): pool-time checks of signed SubtensorModule
// calls, rejected as InvalidTransaction::Custom(code) with subtensor_runtime_common::CustomTransactionError codes.
// Implemented here: CheckWeights (input lengths, min stake, reveal window), CheckRateLimits (weights, commits,
// register_network) and CheckServingEndpoints; the coldkey-swap guard lives with the swaps (swap/calls.ts), CheckEvmKeyAssociation with the EVM calls (evm.ts). Not modelled:
// CheckDelegateTake (take calls belong to staking/).
import type { EnumValue } from '../../../codec/types.ts';
import type { AccountId } from '../../../primitives.ts';
import { DispatchError } from '../../../frame/dispatch.ts';
import { registerSubtensorTxCheck, invalidCustom } from '../../../extrinsic/extensions.ts';
import { subnetStorage as S } from './storage.ts';
import { subtensorErrors, type SubtensorErrorName } from '../errors.ts';
import {
  err, currentBlock, eqBytes, checkWeightsMinStake, storageIndex, passesRateLimit, networkLastLockBlock, currentEpochWithLookahead,
} from './helpers.ts';
import { commitHash, checkRateLimit } from './weights.ts';
import { isValidIpType, isValidIpAddress } from './serving.ts';

/** CustomTransactionError as u8 (subtensor_runtime_common::transaction_error). */
export const CUSTOM_CODE = {
  ColdkeyInSwapSchedule: 0, StakeAmountTooLow: 1, BalanceTooLow: 2, SubnetNotExists: 3, HotkeyAccountDoesntExist: 4,
  NotEnoughStakeToWithdraw: 5, RateLimitExceeded: 6, InsufficientLiquidity: 7, SlippageTooHigh: 8, TransferDisallowed: 9,
  HotKeyNotRegisteredInNetwork: 10, InvalidIpAddress: 11, ServingRateLimitExceeded: 12, InvalidPort: 13, ZeroMaxAmount: 14,
  InvalidRevealRound: 15, CommitNotFound: 16, CommitBlockNotInRevealRange: 17, InputLengthsUnequal: 18, UidNotFound: 19,
  EvmKeyAssociateRateLimitExceeded: 20, ColdkeySwapDisputed: 21, InvalidRealAccount: 22, FailedShieldedTxParsing: 23,
  InvalidShieldedTxPubKeyHash: 24, NonAssociatedColdKey: 25, DelegateTakeTooLow: 26, DelegateTakeTooHigh: 27, BadRequest: 255,
} as const;

/** `From<Error<T>> for CustomTransactionError`. */
export function customCodeOf(error: SubtensorErrorName): number {
  switch (error) {
    case 'AmountTooLow': case 'NotEnoughStakeToSetWeights': return CUSTOM_CODE.StakeAmountTooLow;
    case 'SubnetNotExists': return CUSTOM_CODE.SubnetNotExists;
    case 'NotEnoughBalanceToStake': return CUSTOM_CODE.BalanceTooLow;
    case 'HotKeyAccountNotExists': return CUSTOM_CODE.HotkeyAccountDoesntExist;
    case 'NotEnoughStakeToWithdraw': return CUSTOM_CODE.NotEnoughStakeToWithdraw;
    case 'InsufficientLiquidity': return CUSTOM_CODE.InsufficientLiquidity;
    case 'SlippageTooHigh': return CUSTOM_CODE.SlippageTooHigh;
    case 'TransferDisallowed': return CUSTOM_CODE.TransferDisallowed;
    case 'HotKeyNotRegisteredInNetwork': return CUSTOM_CODE.HotKeyNotRegisteredInNetwork;
    case 'InvalidIpAddress': return CUSTOM_CODE.InvalidIpAddress;
    case 'ServingRateLimitExceeded': return CUSTOM_CODE.ServingRateLimitExceeded;
    case 'InvalidPort': return CUSTOM_CODE.InvalidPort;
    case 'NonAssociatedColdKey': return CUSTOM_CODE.NonAssociatedColdKey;
    case 'DelegateTakeTooLow': return CUSTOM_CODE.DelegateTakeTooLow;
    case 'DelegateTakeTooHigh': return CUSTOM_CODE.DelegateTakeTooHigh;
    case 'InputLengthsUnequal': return CUSTOM_CODE.InputLengthsUnequal;
    case 'NoWeightsCommitFound': return CUSTOM_CODE.CommitNotFound;
    case 'RevealTooEarly': return CUSTOM_CODE.CommitBlockNotInRevealRange;
    case 'InvalidRevealRound': return CUSTOM_CODE.InvalidRevealRound;
    case 'CommittingWeightsTooFast': case 'SettingWeightsTooFast': case 'NetworkTxRateLimitExceeded': return CUSTOM_CODE.RateLimitExceeded;
    case 'HotKeyNotRegisteredInSubNet': return CUSTOM_CODE.UidNotFound;
    case 'EvmKeyAssociateRateLimitExceeded': return CUSTOM_CODE.EvmKeyAssociateRateLimitExceeded;
    case 'ColdkeySwapAnnounced': return CUSTOM_CODE.ColdkeyInSwapSchedule;
    case 'ColdkeySwapDisputed': return CUSTOM_CODE.ColdkeySwapDisputed;
    default: return CUSTOM_CODE.BadRequest;
  }
}

const fail = (name: SubtensorErrorName): never => { throw err(name); };

// ── CheckWeights ──
const WEIGHT_CALLS = new Set(['batch_commit_weights', 'batch_reveal_weights', 'batch_set_weights', 'commit_weights',
  'commit_mechanism_weights', 'reveal_weights', 'reveal_mechanism_weights', 'set_weights', 'set_mechanism_weights',
  'commit_timelocked_weights', 'commit_timelocked_mechanism_weights', 'commit_crv3_mechanism_weights']);

function checkReveal(who: AccountId, netuid: number, idx: number, uids: number[], values: number[], salt: number[], versionKey: bigint): void {
  const commits = S.WeightCommits.get(idx, who) ?? fail('NoWeightsCommitFound');
  const hash = commitHash(who, idx, uids, values, salt, versionKey);
  const found = commits.find(([h]) => eqBytes(h, hash)) ?? fail('NoWeightsCommitFound');
  if (currentEpochWithLookahead(netuid) !== found[1] + S.RevealPeriodEpochs.get(netuid)) fail('RevealTooEarly');
}

function checkWeights(who: AccountId, name: string, a: any): void {
  if (name === 'batch_commit_weights' && a.netuids.length !== a.commit_hashes.length) fail('InputLengthsUnequal');
  if (name === 'batch_reveal_weights') {
    const n = a.uids_list.length;
    if (n !== a.values_list.length || n !== a.salts_list.length || n !== a.version_keys.length) fail('InputLengthsUnequal');
  }
  if (name === 'batch_set_weights' && (a.netuids.length !== a.weights.length || a.netuids.length !== a.version_keys.length)) fail('InputLengthsUnequal');
  const netuids: number[] = name === 'batch_commit_weights' || name === 'batch_set_weights' ? a.netuids : [a.netuid];
  for (const n of netuids) if (!checkWeightsMinStake(who, n)) fail('NotEnoughStakeToSetWeights');
  if (name === 'reveal_weights') checkReveal(who, a.netuid, storageIndex(a.netuid), a.uids, a.values, a.salt, a.version_key);
  if (name === 'reveal_mechanism_weights') checkReveal(who, a.netuid, storageIndex(a.netuid, a.mecid), a.uids, a.values, a.salt, a.version_key);
  if (name === 'batch_reveal_weights') {
    const idx = storageIndex(a.netuid);
    const commits = S.WeightCommits.get(idx, who) ?? fail('NoWeightsCommitFound');
    a.uids_list.forEach((uids: number[], i: number) => {
      const hash = commitHash(who, idx, uids, a.values_list[i], a.salts_list[i], a.version_keys[i]);
      const found = commits.find(([h]) => eqBytes(h, hash)) ?? fail('NoWeightsCommitFound');
      if (currentEpochWithLookahead(a.netuid) !== found[1] + S.RevealPeriodEpochs.get(a.netuid)) fail('RevealTooEarly');
    });
  }
}

// ── CheckRateLimits ──
function checkRateLimits(who: AccountId, name: string, a: any): void {
  const weightsLimit = (netuid: number, idx: number, error: SubtensorErrorName) => {
    const uid = S.Uids.get(netuid, who);
    if (uid === null) return;
    if (!checkRateLimit(idx, uid, currentBlock())) fail(error);
  };
  if (name === 'commit_weights') weightsLimit(a.netuid, storageIndex(a.netuid), 'CommittingWeightsTooFast');
  if (name === 'commit_mechanism_weights') weightsLimit(a.netuid, storageIndex(a.netuid, a.mecid), 'CommittingWeightsTooFast');
  if (name === 'set_weights' && !S.CommitRevealWeightsEnabled.get(a.netuid)) weightsLimit(a.netuid, storageIndex(a.netuid), 'SettingWeightsTooFast');
  if (name === 'set_mechanism_weights' && !S.CommitRevealWeightsEnabled.get(a.netuid)) weightsLimit(a.netuid, storageIndex(a.netuid, a.mecid), 'SettingWeightsTooFast');
  if (name === 'register_network' && !passesRateLimit(S.NetworkRateLimit.get(), currentBlock(), networkLastLockBlock())) fail('NetworkTxRateLimitExceeded');
}

// ── CheckServingEndpoints (validate_serve_axon / validate_serve_prometheus without writing) ──
function checkServing(who: AccountId, name: string, a: any): void {
  const now = currentBlock();
  const limited = (last: bigint) => {
    const limit = S.ServingRateLimit.get(a.netuid);
    return !(limit === 0n || last === 0n || (now > last ? now - last : 0n) >= limit);
  };
  if (name === 'serve_axon' || name === 'serve_axon_tls') {
    if (!S.Uids.contains(a.netuid, who)) fail('HotKeyNotRegisteredInNetwork');
    if (!isValidIpType(a.ip_type)) fail('InvalidIpType');
    if (!isValidIpAddress(a.ip_type, a.ip, true)) fail('InvalidIpAddress');
    if (limited(S.Axons.get(a.netuid, who)?.block ?? 0n)) fail('ServingRateLimitExceeded');
    if (a.port === 0) fail('InvalidPort');
  }
  if (name === 'serve_prometheus') {
    if (!isValidIpType(a.ip_type)) fail('InvalidIpType');
    if (!isValidIpAddress(a.ip_type, a.ip, false)) fail('InvalidIpAddress');
    if (!S.Uids.contains(a.netuid, who)) fail('HotKeyNotRegisteredInNetwork');
    if (limited(S.Prometheus.get(a.netuid, who)?.block ?? 0n)) fail('ServingRateLimitExceeded');
    if (a.port === 0) fail('InvalidPort');
  }
}

/** The extension's check for one signed outer call; throws InvalidTransaction::Custom(code). */
export function subtensorTxCheck(who: AccountId, call: EnumValue): void {
  if (call.type !== 'SubtensorModule') return;
  const name: string = call.value.type;
  const args = call.value.value ?? {};
  try {
    if (WEIGHT_CALLS.has(name)) checkWeights(who, name, args);
    checkRateLimits(who, name, args);
    if (name === 'serve_axon' || name === 'serve_axon_tls' || name === 'serve_prometheus') checkServing(who, name, args);
  } catch (e) {
    if (e instanceof DispatchError && e.value.type === 'Module' && e.value.value.index === 7) {
      const name = Object.keys(subtensorErrors)[e.value.value.error[0]] as SubtensorErrorName;
      throw invalidCustom(customCodeOf(name));
    }
    throw e;
  }
}

registerSubtensorTxCheck(subtensorTxCheck);
