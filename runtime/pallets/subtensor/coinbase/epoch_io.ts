// The epoch's storage side (HEAD epoch_mechanism's reads and persist_mechanism_epoch_terms /
// persist_netuid_epoch_terms): read a subnet mechanism's storage into an EpochInput, and write the outputs back.
// The stake vector is the inherited stake (childkeys applied, staking/stake_utils.ts) as HEAD's
// get_stake_weights_for_network; per-mechanism items (weights, bonds, LastUpdate, Incentive, commits) live at
// storage index mecid × 4096 + netuid.
import type { AccountId } from '../../../primitives.ts';
import type { EpochInput, EpochOutput, SparseRowU16 } from '../epoch/types.ts';
import type { CsrU16 } from '../epoch/flat.ts';
import type { EpochImpl } from '../epoch/index.ts';
import { stakingStorage as S } from '../staking/storage.ts';
import { coinbaseStorage as C } from './storage.ts';
import { subnetStorage as N } from '../subnets/storage.ts';
import { firstLiveCommitBlocks } from '../subnets/weights.ts';
import { storageIndex, emit } from '../subnets/helpers.ts';
import { inheritedStakes, type Links } from '../staking/stake_utils.ts';
import * as ext from '../staking/ext.ts';
import { state } from '../../../frame/externalities.ts';
import { U64_MAX } from '../epoch/fixed.ts';
import { activityCutoffBlocks } from '../epoch/run_epoch.ts';

/**
 * Which epoch implementation distributeEmission uses (tests and the bench switch it); `tuples`: take the
 * tuple-output entry (runEpoch) instead of runEpochCsr, for bench/block's before / after.
 */
export const epochOptions: { impl?: EpochImpl; tuples?: boolean } = {};

/**
 * Observation points of a mechanism's epoch, set only while dev_epochExplain simulates the next block on a throwaway
 * overlay: `transform` replaces the input the epoch reads (what-if overrides), `observe` sees input and output.
 */
export const epochHooks: {
  transform?: (netuid: number, mecid: number, input: EpochInput) => EpochInput;
  observe?: (netuid: number, mecid: number, input: EpochInput, output: EpochOutput, hotkeys: AccountId[]) => void;
} = {};


const pad = <T>(v: T[] | undefined, n: number, fill: T): T[] => {
  const out = (v ?? []).slice(0, n);
  while (out.length < n) out.push(fill);
  return out;
};
const sortRow = (row: [number, number][]): SparseRowU16 => [...row].sort((a, b) => a[0] - b[0]);

/** Hotkeys of uids 0..n−1. */
export function subnetHotkeys(netuid: number): AccountId[] {
  const n = ext.subnetworkN(netuid);
  return Array.from({ length: n }, (_, uid) => ext.keyOf(netuid, uid));
}

/** Activity cutoff in blocks of a subnet (HEAD's ActivityCutoffFactorMilli × tempo / 1000, at least 1). */
export const activityCutoff = (netuid: number): bigint =>
  activityCutoffBlocks(N.ActivityCutoffFactorMilli.get(netuid), ext.tempo(netuid));

/**
 * Stakes of a subnet's uids: own (TotalHotkeyAlpha on the subnet and on root) and inherited through childkeys, with
 * each uid's ParentKeys (the dividend split reads them again after the epoch; nothing changes them in between).
 */
export interface UidStakes { ownAlpha: bigint[]; ownRoot: bigint[]; alpha: bigint[]; tao: bigint[]; parents: Links[] }

/** get_stake_weights_for_network's inputs, with the own stakes kept for the dividend split (get_stake_map). */
export function readStakes(netuid: number, hotkeys: AccountId[]): UidStakes {
  const ownAlpha = hotkeys.map(hk => S.TotalHotkeyAlpha.get(hk, netuid));
  const ownRoot = hotkeys.map(hk => S.TotalHotkeyAlpha.get(hk, 0));
  const alpha: bigint[] = [], tao: bigint[] = [];
  // With no childkey relation stored anywhere (a fresh chain), every uid's links are empty: skip 2 reads per uid.
  if (state().keysWithPrefix(N.ChildKeys.prefix).length === 0 && state().keysWithPrefix(N.ParentKeys.prefix).length === 0)
    return { ownAlpha, ownRoot, alpha: ownAlpha, tao: ownRoot, parents: hotkeys.map(() => []) };
  const parents = hotkeys.map(hk => N.ParentKeys.get(hk, netuid));
  hotkeys.forEach((hk, uid) => {
    const [a, t] = inheritedStakes(hk, netuid, ownAlpha[uid], ownRoot[uid], N.ChildKeys.get(hk, netuid), parents[uid]);
    alpha.push(a); tao.push(t);
  });
  return { ownAlpha, ownRoot, alpha, tao, parents };
}

/** Everything mechanism `mecid`'s epoch reads, from storage (HEAD epoch_mechanism's reads). */
export function buildEpochInput(netuid: number, emission: bigint, mecid = 0,
  hotkeys = subnetHotkeys(netuid), stakes = readStakes(netuid, hotkeys)): { input: EpochInput; hotkeys: AccountId[]; bondsStored: boolean[] } {
  const n = hotkeys.length;
  const idx = storageIndex(netuid, mecid);
  const block = BigInt(ext.blockNumber());
  const ownerHotkey = ext.subnetOwnerHotkey(netuid);
  const ownerUid = ext.uidOf(netuid, ownerHotkey);
  const commitReveal = N.CommitRevealWeightsEnabled.get(netuid);
  const alphaValues = N.AlphaValues.get(netuid);
  // HEAD: per uid, the block of the earliest non-expired commit (v2 WeightCommits or timelocked), u64::MAX = none.
  const firstLiveCommitBlock = commitReveal
    ? firstLiveCommitBlocks(netuid, n, mecid).map(b => (b === U64_MAX ? null : b))
    : hotkeys.map(() => null);
  // One read per row tells both the row and whether its key exists (persistMechanismTerms needs the latter).
  const storedBonds = hotkeys.map((_, uid) => N.Bonds.getStored(idx, uid));
  const input: EpochInput = {
    n,
    block,
    tempo: ext.tempo(netuid),
    activityCutoff: activityCutoff(netuid),
    lastUpdate: pad(N.LastUpdate.get(idx), n, 0n),
    blockAtRegistration: hotkeys.map((_, uid) => N.BlockAtRegistration.get(netuid, uid)),
    alphaStake: stakes.alpha,
    rootStake: stakes.tao,
    taoWeight: S.TaoWeight.get(),
    stakeThreshold: N.StakeThreshold.get(),
    ownerUid: ownerUid === null || ownerUid >= n ? null : ownerUid,
    validatorPermit: pad(N.ValidatorPermit.get(netuid), n, false),
    maxAllowedValidators: N.MaxAllowedValidators.get(netuid),
    weights: hotkeys.map((_, uid) => sortRow(N.Weights.get(idx, uid))),
    bonds: storedBonds.map(row => sortRow(row ?? [])),
    kappa: N.Kappa.get(netuid),
    bondsPenalty: N.BondsPenalty.get(netuid),
    bondsMovingAverage: N.BondsMovingAverage.get(netuid),
    yuma3: N.Yuma3On.get(netuid),
    liquidAlpha: N.LiquidAlphaOn.get(netuid),
    alphaLow: alphaValues[0],
    alphaHigh: alphaValues[1],
    alphaSigmoidSteepness: N.AlphaSigmoidSteepness.get(netuid),
    commitRevealEnabled: commitReveal,
    firstLiveCommitBlock,
    lastMechanismStepBlock: C.LastMechansimStepBlock.get(netuid),
    emission,
  };
  return { input, hotkeys, bondsStored: storedBonds.map(row => row !== null) };
}

/** The per-uid outputs HEAD keeps per subnet (persist_netuid_epoch_terms), aggregated over mechanisms. */
export type NetuidTerms = Pick<EpochOutput, 'active' | 'emission' | 'consensus' | 'dividends' | 'validatorTrust' | 'validatorPermit' | 'stakeWeight'>;

/** persist_mechanism_epoch_terms: Incentive and Bonds at the mechanism's storage index, and the miners' event. */
export function persistMechanismTerms(netuid: number, mecid: number,
  out: Pick<EpochOutput, 'incentive' | 'serverEmission'> & { bonds: SparseRowU16[] | CsrU16 }, input?: EpochInput, bondsStored?: boolean[]): void {
  const idx = storageIndex(netuid, mecid);
  N.Incentive.set(idx, out.incentive);
  emit('IncentiveAlphaEmittedToMiners', { netuid: idx, emissions: out.serverEmission });
  // Rows equal to what is stored are not rewritten (reads are the same; saves a write per miner). Bonds as
  // CSR (runEpochCsr): a row's [col, value] pairs are built only when it is written.
  const bonds = out.bonds;
  const rows = Array.isArray(bonds) ? bonds.length : bonds.rowPtr.length - 1;
  for (let uid = 0; uid < rows; uid++) {
    const stored = input?.bonds[uid];
    let len: number, same: boolean, row: () => SparseRowU16;
    if (Array.isArray(bonds)) {
      const r = bonds[uid];
      len = r.length;
      same = stored !== undefined && len === stored.length && r.every((c, i) => c[0] === stored[i][0] && c[1] === stored[i][1]);
      row = () => r;
    } else {
      const s = bonds.rowPtr[uid];
      len = bonds.rowPtr[uid + 1] - s;
      same = stored !== undefined && len === stored.length;
      for (let k = 0; same && k < len; k++) same = bonds.cols[s + k] === stored![k][0] && bonds.vals[s + k] === stored![k][1];
      row = () => Array.from({ length: len }, (_, k) => [bonds.cols[s + k], bonds.vals[s + k]] as [number, number]);
    }
    // An empty row still gets its key written (HEAD inserts vec![]): clients' query_map over Bonds lists (uid, []).
    if (!same || (len === 0 && !(bondsStored?.[uid] ?? N.Bonds.contains(idx, uid)))) N.Bonds.set(idx, uid, row());
  }
}

/** persist_netuid_epoch_terms. */
export function persistNetuidTerms(netuid: number, t: NetuidTerms): void {
  N.Active.set(netuid, t.active);
  N.Emission.set(netuid, t.emission);
  N.Consensus.set(netuid, t.consensus);
  N.Dividends.set(netuid, t.dividends);
  N.ValidatorTrust.set(netuid, t.validatorTrust);
  N.ValidatorPermit.set(netuid, t.validatorPermit);
  N.StakeWeight.set(netuid, t.stakeWeight);
}
