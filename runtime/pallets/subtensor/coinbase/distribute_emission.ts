// distribute_emission (HEAD run_coinbase.rs; spec §5.3 step 6, §4.3 step 14): read the subnet's storage into an
// EpochInput, run the Yuma epoch (WASM by default), persist its outputs, then pay the emission out as stake —
// owner cut to the subnet owner's hotkey, miner incentive to each miner's (hotkey, owner coldkey), validator
// dividends split into alpha and root parts, the delegate take to the validator's own coldkey and the rest to the
// hotkey's pool (every nominator gains pro rata).
import type { AccountId } from '../../../primitives.ts';
import type { EpochInput, EpochOutput, SparseRowU16 } from '../epoch/types.ts';
import { runEpoch, type EpochImpl } from '../epoch/index.ts';
import { stakingStorage as S } from '../staking/storage.ts';
import { coinbaseStorage as C } from './storage.ts';
import { subnetStorage as N } from '../subnets/storage.ts';
import { firstLiveCommitBlocks } from '../subnets/weights.ts';
import { increaseStake, increasePool, eqBytes } from '../staking/shares.ts';
import * as ext from '../staking/ext.ts';
import { depositEvent } from '../pallet.ts';
import { u96, mul96, div96, sub96, add96, toU64, taoWeight96 } from './fixed96.ts';
import { U64_MAX } from '../epoch/fixed.ts';
import { activityCutoffBlocks } from '../epoch/run_epoch.ts';

/** Which epoch implementation distributeEmission uses (tests and the bench switch it). */
export const epochOptions: { impl?: EpochImpl } = {};


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

/** Everything the epoch reads, from storage (HEAD epoch_mechanism's reads). */
export function buildEpochInput(netuid: number, emission: bigint): { input: EpochInput; hotkeys: AccountId[]; bondsStored: boolean[] } {
  const n = ext.subnetworkN(netuid);
  const hotkeys = subnetHotkeys(netuid);
  const block = BigInt(ext.blockNumber());
  const ownerHotkey = ext.subnetOwnerHotkey(netuid);
  const ownerUid = ext.uidOf(netuid, ownerHotkey);
  const commitReveal = N.CommitRevealWeightsEnabled.get(netuid);
  const alphaValues = N.AlphaValues.get(netuid);
  // HEAD: per uid, the block of the earliest non-expired commit (v2 WeightCommits or timelocked), u64::MAX = none.
  const firstLiveCommitBlock = commitReveal
    ? firstLiveCommitBlocks(netuid, n).map(b => (b === U64_MAX ? null : b))
    : hotkeys.map(() => null);
  // One read per row tells both the row and whether its key exists (persistEpochOutput needs the latter).
  const storedBonds = hotkeys.map((_, uid) => N.Bonds.getStored(netuid, uid));
  const input: EpochInput = {
    n,
    block,
    tempo: ext.tempo(netuid),
    activityCutoff: activityCutoff(netuid),
    lastUpdate: pad(N.LastUpdate.get(netuid), n, 0n),
    blockAtRegistration: hotkeys.map((_, uid) => N.BlockAtRegistration.get(netuid, uid)),
    alphaStake: hotkeys.map(hk => S.TotalHotkeyAlpha.get(hk, netuid)),
    rootStake: hotkeys.map(hk => S.TotalHotkeyAlpha.get(hk, 0)),
    taoWeight: S.TaoWeight.get(),
    stakeThreshold: N.StakeThreshold.get(),
    ownerUid: ownerUid === null || ownerUid >= n ? null : ownerUid,
    validatorPermit: pad(N.ValidatorPermit.get(netuid), n, false),
    maxAllowedValidators: N.MaxAllowedValidators.get(netuid),
    weights: hotkeys.map((_, uid) => sortRow(N.Weights.get(netuid, uid))),
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

/** §4.3 step 14: write the epoch's outputs. */
export function persistEpochOutput(netuid: number, out: EpochOutput, input?: EpochInput, bondsStored?: boolean[]): void {
  N.Active.set(netuid, out.active);
  N.Emission.set(netuid, out.emission);
  N.Consensus.set(netuid, out.consensus);
  N.Incentive.set(netuid, out.incentive);
  N.Dividends.set(netuid, out.dividends);
  N.ValidatorTrust.set(netuid, out.validatorTrust);
  N.ValidatorPermit.set(netuid, out.validatorPermit);
  N.StakeWeight.set(netuid, out.stakeWeight);
  // Rows equal to what is stored are not rewritten (reads are the same; saves a write per miner).
  const same = (a: SparseRowU16, b: SparseRowU16 | undefined) =>
    b !== undefined && a.length === b.length && a.every((c, i) => c[0] === b[i][0] && c[1] === b[i][1]);
  // An empty row still gets its key written (HEAD inserts vec![]): clients' query_map over Bonds lists (uid, []).
  out.bonds.forEach((row, uid) => {
    if (!same(row, input?.bonds[uid]) || (row.length === 0 && !(bondsStored?.[uid] ?? N.Bonds.contains(netuid, uid)))) N.Bonds.set(netuid, uid, row);
  });
  depositEvent('IncentiveAlphaEmittedToMiners', { netuid, emissions: out.serverEmission });
}

const hex = (a: Uint8Array) => Buffer.from(a).toString('hex');

/** Hotkeys whose miner incentive is withheld: the owner hotkey and the owner coldkey's other hotkeys on the subnet. */
function ownerHotkeys(netuid: number): AccountId[] {
  const owner = ext.subnetOwner(netuid);
  const list = ext.ownedHotkeys(owner).filter(hk => ext.uidOf(netuid, hk) !== null);
  const ownerHk = ext.subnetOwnerHotkey(netuid);
  if (ext.uidOf(netuid, ownerHk) !== null && !list.some(h => eqBytes(h, ownerHk))) list.unshift(ownerHk);
  return list;
}

export function distributeEmission(netuid: number, pendingServer: bigint, pendingValidator: bigint,
  pendingRoot: bigint, pendingOwnerCut: bigint): void {
  const total = pendingServer + pendingValidator + pendingRoot;
  const { input, hotkeys, bondsStored } = buildEpochInput(netuid, total);
  const output = runEpoch(input, epochOptions);
  persistEpochOutput(netuid, output, input, bondsStored);

  const incentiveSum = output.serverEmission.reduce((a, b) => a + b, 0n);
  const validatorAlpha = incentiveSum !== 0n ? pendingValidator : pendingValidator + pendingServer;

  // Per-hotkey incentive (u64) and dividends (U96F32); keys are hex so iteration order is the AccountId order.
  const incentives = new Map<string, bigint>();
  const dividends = new Map<string, bigint>();
  const byHex = new Map<string, AccountId>();
  // Stakes as the epoch read them (nothing has been paid yet, as in HEAD's get_stake_map), by a hotkey's first uid.
  const uidOfHex = new Map<string, number>();
  hotkeys.forEach((hk, uid) => {
    const k = hex(hk);
    byHex.set(k, hk);
    if (!uidOfHex.has(k)) uidOfHex.set(k, uid);
    incentives.set(k, (incentives.get(k) ?? 0n) + output.serverEmission[uid]);
    dividends.set(k, add96(dividends.get(k) ?? 0n, u96(output.validatorEmission[uid])));
  });
  const keys = [...dividends.keys()].sort();

  // calculate_dividend_distribution: split each hotkey's dividend into alpha and root parts by stake.
  const tw = taoWeight96(S.TaoWeight.get());
  let totalAlphaDivs = 0n, totalRootDivs = 0n;
  const alphaDivs = new Map<string, bigint>(), rootDivs = new Map<string, bigint>();
  for (const k of keys) {
    const d = dividends.get(k)!;
    if (d === 0n) { alphaDivs.set(k, 0n); rootDivs.set(k, 0n); continue; }
    const uid = uidOfHex.get(k)!;
    const alphaStake = u96(input.alphaStake[uid]);
    const rootAlpha = mul96(u96(input.rootStake[uid]), tw);
    const prop = div96(rootAlpha, add96(alphaStake, rootAlpha)) ?? 0n;
    const r = mul96(d, prop);
    const a = sub96(d, r);
    alphaDivs.set(k, a); rootDivs.set(k, r);
    totalAlphaDivs = add96(totalAlphaDivs, a); totalRootDivs = add96(totalRootDivs, r);
  }
  const propAlpha = new Map<string, bigint>(), propRoot = new Map<string, bigint>();
  for (const k of keys) {
    propAlpha.set(k, mul96(u96(validatorAlpha), div96(alphaDivs.get(k)!, totalAlphaDivs) ?? 0n));
    propRoot.set(k, mul96(u96(pendingRoot), div96(rootDivs.get(k)!, totalRootDivs) ?? 0n));
  }

  // Owner cut → subnet owner's hotkey, owned by the owner coldkey.
  if (N.SubnetOwner.contains(netuid) && N.SubnetOwnerHotkey.contains(netuid))
    increaseStake(ext.subnetOwnerHotkey(netuid), ext.subnetOwner(netuid), netuid, pendingOwnerCut);

  // Miner incentives.
  const withheld = ownerHotkeys(netuid).map(hex);
  for (const k of [...incentives.keys()].sort()) {
    const amount = incentives.get(k)!;
    if (amount === 0n) continue; // nothing to credit (increaseStake would do nothing; skips the Owner read)
    if (withheld.includes(k)) continue; // burned: owner hotkeys earn no miner emission
    const hk = byHex.get(k)!;
    increaseStake(hk, ext.ownerOf(hk), netuid, amount);
  }

  // Alpha dividends: take to the validator's coldkey, the rest to the pool. AlphaDividendsPerSubnet /
  // TaoDividendsPerSubnet are rewritten for every hotkey of the subnet (HEAD clears the whole netuid prefix; entries
  // of hotkeys deregistered since are left, which avoids a scan of the whole map every epoch): the new values are
  // collected here and each key is written once at the end (stored, or removed when the hotkey has none).
  /** Pays a U96F32 dividend: the delegate take as stake of the hotkey's owner, the rest into its pool (returned). */
  const payDividend = (hk: AccountId, divs: bigint): bigint => {
    const take = mul96(takeFloat(hk), divs);
    const toPool = toU64(sub96(divs, take));
    increaseStake(hk, ext.ownerOf(hk), netuid, toU64(take));
    increasePool(hk, netuid, toPool);
    return toPool;
  };
  const alphaDivRecord = new Map<string, bigint>(), taoDivRecord = new Map<string, bigint>();
  for (const k of keys) {
    const hk = byHex.get(k)!;
    const divs = propAlpha.get(k)!;
    if (divs === 0n) continue; // nothing to pay (HEAD would also record TotalHotkeyAlphaLastEpoch here)
    const toPool = payDividend(hk, divs);
    if (toPool > 0n) alphaDivRecord.set(k, toPool);
    S.TotalHotkeyAlphaLastEpoch.set(hk, netuid, S.TotalHotkeyAlpha.get(hk, netuid));
  }
  // Root alpha dividends: take to the validator; the rest to its pool on this subnet (root claims are not ported).
  for (const k of keys) {
    const divs = propRoot.get(k)!;
    if (divs === 0n) continue;
    taoDivRecord.set(k, payDividend(byHex.get(k)!, divs));
  }
  for (const k of keys) {
    const hk = byHex.get(k)!;
    const a = alphaDivRecord.get(k), r = taoDivRecord.get(k);
    if (a === undefined) S.AlphaDividendsPerSubnet.remove(netuid, hk); else S.AlphaDividendsPerSubnet.set(netuid, hk, a);
    if (r === undefined) S.TaoDividendsPerSubnet.remove(netuid, hk); else S.TaoDividendsPerSubnet.set(netuid, hk, r);
  }
}

/** get_hotkey_take_float: Delegates[hotkey] / u16::MAX as U96F32. */
function takeFloat(hotkey: AccountId): bigint {
  return div96(u96(BigInt(S.Delegates.get(hotkey))), u96(65535n)) ?? 0n;
}
