// Weights (HEAD subnets/weights.rs): set_weights with every check in subtensor's order, commit-reveal v2
// (commit_weights / reveal_weights and their mechanism and batch variants), timelocked (v3/v4) commits, and the
// helper the epoch uses to mask weights of validators with live commits.
import type { AccountId } from '../../../primitives.ts';
import { AccountId32 } from '../../../primitives.ts';
import { type Origin, ensureSigned, DispatchError } from '../../../frame/dispatch.ts';
import * as t from '../../../codec/types.ts';
import { state } from '../../../frame/externalities.ts';
import { subnetStorage as S, type WeightCommitValue } from './storage.ts';
import { vecU16MaxUpscaleToU16, checkVecMaxLimited } from '../epoch/math.ts';
import {
  ensure, emit, err, currentBlock, eqBytes, isRoot, storageIndex, ensureMechanismExists, isHotkeyRegisteredOnNetwork,
  isUidExistOnNetwork, checkWeightsMinStake, ownerUid, validatorPermitForUid, lastUpdateForUid, setLastUpdateForUid,
  currentEpochWithLookahead, blake2_256,
} from './helpers.ts';
import { U64_MAX } from '../epoch/fixed.ts';

const MAX_UNREVEALED_COMMITS = 10;
export const MIN_REVEAL_PERIOD = 1n;
export const MAX_REVEAL_PERIOD = 100n;

/** (who, netuid_index, uids, values, salt, version_key): the SCALE preimage of a commit hash. */
const CommitPreimage = t.tuple<[Uint8Array, number, number[], number[], number[], bigint]>(
  AccountId32, t.u16, t.vec(t.u16), t.vec(t.u16), t.vec(t.u16), t.u64);

/** `get_commit_hash`: BlakeTwo256 of the SCALE-encoded tuple. */
export function commitHash(who: AccountId, netuidIndex: number, uids: number[], values: number[], salt: number[], versionKey: bigint): Uint8Array {
  return blake2_256(t.encode(CommitPreimage, [who, netuidIndex, uids, values, salt, versionKey]));
}

export const isSelfWeight = (uid: number, uids: number[], weights: number[]): boolean => weights.length === 1 && uids[0] === uid;

export function checkVersionKey(netuid: number, versionKey: bigint): boolean {
  const key = S.WeightsVersionKey.get(netuid);
  return key === 0n || versionKey >= key;
}

/** `check_rate_limit`: first set is free; afterwards WeightsSetRateLimit blocks since LastUpdate. */
export function checkRateLimit(netuidIndex: number, uid: number, now: bigint): boolean {
  const netuid = netuidIndex % 4096;
  if (!isUidExistOnNetwork(netuid, uid)) return false;
  const last = lastUpdateForUid(netuidIndex, uid);
  if (last === 0n) return true;
  return (now > last ? now - last : 0n) >= S.WeightsSetRateLimit.get(netuid);
}

function checkValidatorPermit(netuid: number, uid: number, uids: number[], weights: number[]): boolean {
  if (isSelfWeight(uid, uids, weights)) return true;
  if (ownerUid(netuid) === uid) return true;
  return validatorPermitForUid(netuid, uid);
}

function checkLength(netuid: number, uid: number, uids: number[], weights: number[]): boolean {
  const n = S.SubnetworkN.get(netuid);
  const minAllowed = Math.min(n, S.MinAllowedWeights.get(netuid));
  if (!isRoot(netuid) && isSelfWeight(uid, uids, weights)) return true;
  return weights.length >= minAllowed;
}

function maxWeightLimited(netuid: number, uid: number, uids: number[], weights: number[]): boolean {
  if (isSelfWeight(uid, uids, weights)) return true;
  const limit = S.MaxWeightsLimit.get(netuid);
  if (limit === 0xffff) return true;
  return checkVecMaxLimited(weights, limit);
}

/** `internal_set_weights`: the checks of §2.2 (after the commit-reveal gate), then the upscaled row. */
export function internalSetWeights(origin: Origin, netuid: number, mecid: number, uids: number[], values: number[], versionKey: bigint): void {
  const idx = storageIndex(netuid, mecid);
  const hotkey = ensureSigned(origin);
  ensure(!isRoot(netuid), 'CanNotSetRootNetworkWeights');
  ensure(uids.length === values.length, 'WeightVecNotEqualSize');
  ensureMechanismExists(netuid, mecid);
  ensure(uids.length <= S.SubnetworkN.get(netuid), 'UidsLengthExceedUidsInSubNet');
  ensure(isHotkeyRegisteredOnNetwork(netuid, hotkey), 'HotKeyNotRegisteredInSubNet');
  ensure(checkWeightsMinStake(hotkey, netuid), 'NotEnoughStakeToSetWeights');
  ensure(checkVersionKey(netuid, versionKey), 'IncorrectWeightVersionKey');
  const uid = S.Uids.get(netuid, hotkey)!;
  const now = currentBlock();
  const commitReveal = S.CommitRevealWeightsEnabled.get(netuid);
  if (!commitReveal) ensure(checkRateLimit(idx, uid, now), 'SettingWeightsTooFast');
  ensure(checkValidatorPermit(netuid, uid, uids, values), 'NeuronNoValidatorPermit');
  ensure(new Set(uids).size === uids.length, 'DuplicateUids');
  ensure(uids.every(u => isUidExistOnNetwork(netuid, u)), 'UidVecContainInvalidOne');
  ensure(checkLength(netuid, uid, uids, values), 'WeightVecLengthIsLow');
  const upscaled = vecU16MaxUpscaleToU16(values);
  ensure(maxWeightLimited(netuid, uid, uids, upscaled), 'MaxWeightExceeded');
  // Zero entries are kept, as subtensor stores them.
  S.Weights.set(idx, uid, uids.map((u, i) => [u, upscaled[i]] as [number, number]));
  // With commit-reveal on, LastUpdate moves at commit time instead.
  if (!commitReveal) setLastUpdateForUid(idx, uid, now);
  emit('WeightsSet', [idx, uid]);
}

/** set_weights (0) / set_mechanism_weights (119): rejected while commit-reveal is on. */
export function doSetWeights(origin: Origin, netuid: number, mecid: number, uids: number[], values: number[], versionKey: bigint): void {
  if (S.CommitRevealWeightsEnabled.get(netuid)) throw err('CommitRevealEnabled');
  internalSetWeights(origin, netuid, mecid, uids, values, versionKey);
}

function errorValue(e: unknown): t.EnumValue {
  if (e instanceof DispatchError) return e.value;
  throw e;
}

/** batch_set_weights (80): each item independently; failures become BatchWeightItemFailed events. */
export function doBatchSetWeights(origin: Origin, netuids: number[], weights: [number, number][][], versionKeys: bigint[]): void {
  const hotkey = ensureSigned(origin);
  ensure(netuids.length === weights.length && netuids.length === versionKeys.length, 'InputLengthsUnequal');
  const failures: [number, t.EnumValue][] = [];
  netuids.forEach((netuid, i) => {
    try {
      state().transactional(() => {
        if (S.CommitRevealWeightsEnabled.get(netuid)) throw err('CommitRevealEnabled');
        internalSetWeights(origin, netuid, 0, weights[i].map(([u]) => u), weights[i].map(([, v]) => v), versionKeys[i]);
      });
    } catch (e) { failures.push([netuid, errorValue(e)]); }
  });
  emitBatchOutcome(failures, netuids, hotkey);
}

function emitBatchOutcome(failures: [number, t.EnumValue][], netuids: number[], hotkey: AccountId): void {
  if (failures.length > 0) emit('BatchCompletedWithErrors', []);
  for (const [netuid, e] of failures) emit('BatchWeightItemFailed', [netuid, e]);
  emit('BatchWeightsCompleted', [netuids, hotkey]);
}

const isCommitExpired = (netuid: number, commitEpoch: bigint): boolean =>
  currentEpochWithLookahead(netuid) > commitEpoch + S.RevealPeriodEpochs.get(netuid);
const isRevealEpoch = (netuid: number, commitEpoch: bigint): boolean =>
  currentEpochWithLookahead(netuid) === commitEpoch + S.RevealPeriodEpochs.get(netuid);

/** commit_weights (96) / commit_mechanism_weights (115). */
export function doCommitWeights(origin: Origin, netuid: number, mecid: number, hash: Uint8Array): void {
  ensureMechanismExists(netuid, mecid);
  const idx = storageIndex(netuid, mecid);
  const who = ensureSigned(origin);
  ensure(S.CommitRevealWeightsEnabled.get(netuid), 'CommitRevealDisabled');
  ensure(isHotkeyRegisteredOnNetwork(netuid, who), 'HotKeyNotRegisteredInSubNet');
  const now = currentBlock();
  const uid = S.Uids.get(netuid, who)!;
  ensure(checkRateLimit(idx, uid, now), 'CommittingWeightsTooFast');
  const commitEpoch = currentEpochWithLookahead(netuid);
  const commits: WeightCommitValue[] = S.WeightCommits.get(idx, who) ?? [];
  while (commits.length > 0 && isCommitExpired(netuid, commits[0][1])) commits.shift();
  ensure(commits.length < MAX_UNREVEALED_COMMITS, 'TooManyUnrevealedCommits');
  commits.push([hash, commitEpoch, now, 0n]);
  S.WeightCommits.set(idx, who, commits);
  emit('WeightsCommitted', [who, idx, hash]);
  setLastUpdateForUid(idx, uid, now);
}

/** batch_commit_weights (100). */
export function doBatchCommitWeights(origin: Origin, netuids: number[], hashes: Uint8Array[]): void {
  const hotkey = ensureSigned(origin);
  ensure(netuids.length === hashes.length, 'InputLengthsUnequal');
  const failures: [number, t.EnumValue][] = [];
  netuids.forEach((netuid, i) => {
    try { state().transactional(() => doCommitWeights(origin, netuid, 0, hashes[i])); } catch (e) { failures.push([netuid, errorValue(e)]); }
  });
  emitBatchOutcome(failures, netuids, hotkey);
}

/** Pops expired commits off the front; returns their hashes. */
function dropExpired(netuid: number, commits: WeightCommitValue[]): Uint8Array[] {
  const expired: Uint8Array[] = [];
  while (commits.length > 0 && isCommitExpired(netuid, commits[0][1])) expired.push(commits.shift()![0]);
  return expired;
}

/** The reveal prelude shared by single and batch reveals: commit-reveal must be on and the caller must have commits;
 *  returns the live ones (oldest first) and the hashes of those that expired. */
function liveCommitsForReveal(netuid: number, idx: number, who: AccountId): { commits: WeightCommitValue[]; expired: Uint8Array[] } {
  ensure(S.CommitRevealWeightsEnabled.get(netuid), 'CommitRevealDisabled');
  const stored = S.WeightCommits.get(idx, who);
  if (stored === null) throw err('NoWeightsCommitFound');
  const commits = [...stored];
  const expired = dropExpired(netuid, commits);
  return { commits, expired };
}

/** reveal_weights (97) / reveal_mechanism_weights (116): only in the epoch commit_epoch + RevealPeriodEpochs. */
export function doRevealWeights(origin: Origin, netuid: number, mecid: number, uids: number[], values: number[], salt: number[], versionKey: bigint): void {
  const idx = storageIndex(netuid, mecid);
  const who = ensureSigned(origin);
  const { commits, expired } = liveCommitsForReveal(netuid, idx, who);
  const hash = commitHash(who, idx, uids, values, salt, versionKey);
  const wasExpired = expired.some(h => eqBytes(h, hash));
  if (commits.length === 0) throw err(wasExpired ? 'ExpiredWeightCommit' : 'NoWeightsCommitFound');
  const pos = commits.findIndex(([h]) => eqBytes(h, hash));
  if (pos < 0) throw err(wasExpired ? 'ExpiredWeightCommit' : 'InvalidRevealCommitHashNotMatch');
  ensure(isRevealEpoch(netuid, commits[pos][1]), 'RevealTooEarly');
  const rest = commits.slice(pos + 1);
  if (rest.length === 0) S.WeightCommits.remove(idx, who);
  else S.WeightCommits.set(idx, who, rest);
  internalSetWeights(origin, netuid, mecid, uids, values, versionKey);
  emit('WeightsRevealed', [who, idx, hash]);
}

/** batch_reveal_weights (98): every reveal must match a live commit in its reveal epoch, then all are applied. */
export function doBatchRevealWeights(origin: Origin, netuid: number, uidsList: number[][], valuesList: number[][], saltsList: number[][], versionKeys: bigint[]): void {
  const idx = storageIndex(netuid, 0);
  const n = uidsList.length;
  ensure(n === valuesList.length && n === saltsList.length && n === versionKeys.length, 'InputLengthsUnequal');
  const who = ensureSigned(origin);
  const { commits, expired } = liveCommitsForReveal(netuid, idx, who);
  const hashes = uidsList.map((u, i) => commitHash(who, netuid, u, valuesList[i], saltsList[i], versionKeys[i]));
  for (const h of hashes) {
    const c = commits.find(([ch]) => eqBytes(ch, h));
    if (!c) throw err(expired.some(e => eqBytes(e, h)) ? 'ExpiredWeightCommit' : 'InvalidRevealCommitHashNotMatch');
    ensure(isRevealEpoch(netuid, c[1]), 'RevealTooEarly');
  }
  const revealed: Uint8Array[] = [];
  hashes.forEach((h, i) => {
    const pos = commits.findIndex(([ch]) => eqBytes(ch, h));
    if (pos < 0) throw err(expired.some(e => eqBytes(e, h)) ? 'ExpiredWeightCommit' : 'InvalidRevealCommitHashNotMatch');
    commits.splice(pos, 1);
    internalSetWeights(origin, netuid, 0, uidsList[i], valuesList[i], versionKeys[i]);
    revealed.push(h);
  });
  if (commits.length === 0) S.WeightCommits.remove(idx, who);
  else S.WeightCommits.set(idx, who, commits);
  emit('WeightsBatchRevealed', [who, netuid, revealed]);
}

/**
 * For the epoch's commit-reveal column mask: per uid, the commit_block of the validator's earliest live
 * (non-expired) commit, or u64::MAX when it has none. Weights to uids registered after that block are masked.
 */
export function firstLiveCommitBlocks(netuid: number, n: number, mecid = 0): bigint[] {
  const out: bigint[] = new Array(n).fill(U64_MAX);
  const idx = storageIndex(netuid, mecid);
  for (const [who, commits] of S.WeightCommits.iterPrefix(idx)) {
    const uid = S.Uids.get(netuid, who as AccountId);
    if (uid === null || uid >= n) continue;
    for (const [, epoch, block] of commits) {
      if (!isCommitExpired(netuid, epoch)) {
        if (block < out[uid]) out[uid] = block;
        break;
      }
    }
  }
  return mergeTimelockedCommitBlocks(netuid, out, mecid);
}

/**
 * commit_timelocked_weights (113) / commit_timelocked_mechanism_weights (118) / commit_crv3_mechanism_weights (117):
 * drand-timelocked commits (commit-reveal v3/v4), stored in TimelockedWeightCommits under the current epoch as
 * subtensor stores them; coinbase/reveal_commits.ts decrypts them in their reveal epoch with the stored pulse.
 */
export function doCommitTimelockedWeights(origin: Origin, netuid: number, mecid: number, commit: Uint8Array, revealRound: bigint, version: number): void {
  ensureMechanismExists(netuid, mecid);
  const idx = storageIndex(netuid, mecid);
  const who = ensureSigned(origin);
  ensure(S.CommitRevealWeightsEnabled.get(netuid), 'CommitRevealDisabled');
  ensure(version === S.CommitRevealWeightsVersion.get(), 'IncorrectCommitRevealVersion');
  ensure(isHotkeyRegisteredOnNetwork(netuid, who), 'HotKeyNotRegisteredInSubNet');
  const now = currentBlock();
  const uid = S.Uids.get(netuid, who)!;
  ensure(checkRateLimit(idx, uid, now), 'CommittingWeightsTooFast');
  const epoch = currentEpochWithLookahead(netuid);
  const commits = S.TimelockedWeightCommits.get(idx, epoch);
  ensure(commits.filter(([acc]) => eqBytes(acc, who)).length < MAX_UNREVEALED_COMMITS, 'TooManyUnrevealedCommits');
  commits.push([who, now, commit, revealRound]);
  S.TimelockedWeightCommits.set(idx, epoch, commits);
  emit('TimelockedWeightsCommitted', [who, idx, blake2_256(commit), revealRound]);
  setLastUpdateForUid(idx, uid, now);
}

/** Commit blocks of live timelocked commits (the epoch's v4 mask), merged into `out` (min per uid). */
export function mergeTimelockedCommitBlocks(netuid: number, out: bigint[], mecid = 0): bigint[] {
  const idx = storageIndex(netuid, mecid);
  for (const [epoch, commits] of S.TimelockedWeightCommits.iterPrefix(idx)) {
    if (isCommitExpired(netuid, epoch)) continue;
    for (const [who, block] of commits) {
      const uid = S.Uids.get(netuid, who);
      if (uid !== null && uid < out.length && block < out[uid]) out[uid] = block;
    }
  }
  return out;
}
