// distribute_emission (HEAD run_coinbase.rs; spec §5.3 step 6, §4.3 step 14): run every mechanism's epoch
// (subnets/mechanism.ts; WASM by default) and pay the emission out as stake — owner cut to the subnet owner's hotkey,
// miner incentive to each miner's (hotkey, owner coldkey) or its auto-stake destination, each validator's dividends
// shared with its parents by stake contribution less the childkey take (get_parent_child_dividends_distribution),
// then split into alpha and root parts, the delegate take to the hotkey's own coldkey and the rest to the hotkey's
// pool (every nominator gains pro rata).
import type { AccountId } from '../../../primitives.ts';
import { stakingStorage as S } from '../staking/storage.ts';
import { coinbaseStorage as C } from './storage.ts';
import { subnetStorage as N } from '../subnets/storage.ts';
import { increaseStake, increasePool, eqBytes } from '../staking/shares.ts';
import { childkeyTake } from '../staking/set_children.ts';
import * as ext from '../staking/ext.ts';
import { emit } from '../subnets/helpers.ts';
import { epochWithMechanisms } from '../subnets/mechanism.ts';
import { recycleSubnetAlpha } from './alpha.ts';
import { increaseRootClaimable } from '../staking/claim_root.ts';
import { u96, mul96, div96, sub96, add96, toU64, taoWeight96, proportion96, ONE96 } from './fixed96.ts';

// Re-exported for the callers that read or build a subnet's epoch input (tests, the bench, rpc_info).
import { subnetHotkeys, readStakes } from './epoch_io.ts';
import type { Links } from '../staking/stake_utils.ts';
import { autoLockOwnerCut } from '../staking/lock.ts';
export { buildEpochInput, epochOptions, activityCutoff } from './epoch_io.ts';

const hex = (a: Uint8Array) => Buffer.from(a).toString('hex');

/** Hotkeys whose miner incentive is withheld: the owner hotkey and the owner coldkey's other hotkeys on the subnet. */
function ownerHotkeys(netuid: number): AccountId[] {
  const owner = ext.subnetOwner(netuid);
  const list = ext.ownedHotkeys(owner).filter(hk => ext.uidOf(netuid, hk) !== null);
  const ownerHk = ext.subnetOwnerHotkey(netuid);
  if (ext.uidOf(netuid, ownerHk) !== null && !list.some(h => eqBytes(h, ownerHk))) list.unshift(ownerHk);
  return list;
}

/**
 * get_self_contribution: the hotkey's own alpha + root stake × TaoWeight, less what it gives its children
 * (U96F32, floored to u64).
 */
function selfContribution(hotkey: AccountId, netuid: number, tw: bigint): bigint {
  let remaining = ONE96;
  for (const [p] of N.ChildKeys.get(hotkey, netuid)) remaining = sub96(remaining, proportion96(p));
  const alpha = mul96(u96(S.TotalHotkeyAlpha.get(hotkey, netuid)), remaining);
  const root = mul96(mul96(u96(S.TotalHotkeyAlpha.get(hotkey, 0)), remaining), tw);
  return toU64(add96(alpha, root));
}

/**
 * get_parent_child_dividends_distribution: the parents' shares of `dividend` by their stake contribution (alpha and
 * root × TaoWeight times the proportion), each less the CK burn (recycled) and the childkey take when the parent
 * belongs to another coldkey; the hotkey keeps the rest and the takes. Returns (hotkey, u64 amount) pairs, self last.
 */
export function parentChildDividends(hotkey: AccountId, netuid: number, dividend: bigint,
  parents: Links = N.ParentKeys.get(hotkey, netuid)): [AccountId, bigint][] {
  if (parents.length === 0) return [[hotkey, dividend]]; // all of it stays: floor(u96(d)) = d
  const tw = taoWeight96(S.TaoWeight.get());
  const validating = u96(dividend);
  const burnProportion = proportion96(N.CKBurn.get());
  const takeProportion = div96(u96(BigInt(childkeyTake(hotkey, netuid))), u96(65_535n)) ?? 0n;
  const childOwner = ext.ownerOf(hotkey);
  let total = u96(selfContribution(hotkey, netuid, tw));
  const contributions: [AccountId, bigint][] = parents.map(([p, parent]) => {
    const prop = proportion96(p);
    const alpha = mul96(u96(S.TotalHotkeyAlpha.get(parent, netuid)), prop);
    const root = mul96(mul96(u96(S.TotalHotkeyAlpha.get(parent, 0)), prop), tw);
    const c = add96(alpha, root);
    total = add96(total, c);
    return [parent, c];
  });
  const out: [AccountId, bigint][] = [];
  let remaining = validating, totalChildTake = 0n;
  for (const [parent, contribution] of contributions) {
    let emission = mul96(validating, div96(contribution, total) ?? 0n);
    remaining = sub96(remaining, emission);
    if (!eqBytes(ext.ownerOf(parent), childOwner)) {
      const burn = mul96(burnProportion, emission), take = mul96(takeProportion, emission);
      emission = sub96(sub96(emission, burn), take);
      totalChildTake = add96(totalChildTake, take);
      recycleSubnetAlpha(netuid, toU64(burn));
    }
    out.push([parent, toU64(emission)]);
  }
  out.push([hotkey, toU64(add96(remaining, totalChildTake))]);
  return out;
}

export function distributeEmission(netuid: number, pendingServer: bigint, pendingValidator: bigint,
  pendingRoot: bigint, pendingOwnerCut: bigint): void {
  const total = pendingServer + pendingValidator + pendingRoot;
  const hotkeys = subnetHotkeys(netuid);
  const stakes = readStakes(netuid, hotkeys);
  const output = epochWithMechanisms(netuid, total, hotkeys, stakes);

  const incentiveSum = output.serverEmission.reduce((a, b) => a + b, 0n);
  const validatorAlpha = incentiveSum !== 0n ? pendingValidator : pendingValidator + pendingServer;

  // calculate_dividends_and_incentives, per hotkey in AccountId order (keys are hex, whose order is the byte order):
  // incentive (u64) and the dividends (U96F32) each hotkey and its parents receive.
  const incentives = new Map<string, bigint>();
  const emitted = new Map<string, bigint>();
  const byHex = new Map<string, AccountId>();
  const uidOfHex = new Map<string, number>(); // a hotkey's first uid: its stakes and parents as read for the epoch
  hotkeys.forEach((hk, uid) => {
    const k = hex(hk);
    byHex.set(k, hk);
    if (!uidOfHex.has(k)) uidOfHex.set(k, uid);
    incentives.set(k, (incentives.get(k) ?? 0n) + output.serverEmission[uid]);
    emitted.set(k, (emitted.get(k) ?? 0n) + output.validatorEmission[uid]);
  });
  const dividends = new Map<string, bigint>();
  for (const k of [...emitted.keys()].sort()) {
    for (const [who, amount] of parentChildDividends(byHex.get(k)!, netuid, emitted.get(k)!, stakes.parents[uidOfHex.get(k)!])) {
      const wk = hex(who);
      byHex.set(wk, who);
      dividends.set(wk, add96(dividends.get(wk) ?? 0n, u96(amount)));
    }
  }
  const keys = [...dividends.keys()].sort();

  // calculate_dividend_distribution: split each hotkey's dividend into alpha and root parts by its own stake
  // (get_stake_map: TotalHotkeyAlpha on the subnet and on root, nothing paid yet).
  const tw = taoWeight96(S.TaoWeight.get());
  let totalAlphaDivs = 0n, totalRootDivs = 0n;
  const alphaDivs = new Map<string, bigint>(), rootDivs = new Map<string, bigint>();
  for (const k of keys) {
    const d = dividends.get(k)!;
    if (d === 0n) { alphaDivs.set(k, 0n); rootDivs.set(k, 0n); continue; }
    const hk = byHex.get(k)!, uid = uidOfHex.get(k);
    const alphaStake = u96(uid !== undefined ? stakes.ownAlpha[uid] : S.TotalHotkeyAlpha.get(hk, netuid));
    const rootAlpha = mul96(u96(uid !== undefined ? stakes.ownRoot[uid] : S.TotalHotkeyAlpha.get(hk, 0)), tw);
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
  // With OwnerCutAutoLockEnabled the cut is locked at once (auto_lock_owner_cut).
  if (N.SubnetOwner.contains(netuid) && N.SubnetOwnerHotkey.contains(netuid)) {
    increaseStake(ext.subnetOwnerHotkey(netuid), ext.subnetOwner(netuid), netuid, pendingOwnerCut);
    autoLockOwnerCut(netuid, pendingOwnerCut);
  }

  // Miner incentives. The owner's hotkeys earn none: theirs is recycled or burned (RecycleOrBurn) and the withheld
  // fraction of the tempo's miner emission is recorded in MinerBurned (the emission split weighs subnets by it).
  const withheld = ownerHotkeys(netuid).map(hex);
  const recycle = N.RecycleOrBurn.get(netuid).type === 'Recycle';
  let totalIncentive = 0n, withheldIncentive = 0n;
  for (const k of [...incentives.keys()].sort()) {
    const amount = incentives.get(k)!;
    totalIncentive += amount;
    if (withheld.includes(k)) {
      withheldIncentive += amount;
      if (recycle) recycleSubnetAlpha(netuid, amount);
      continue;
    }
    if (amount === 0n) continue; // nothing to credit (increaseStake would do nothing; skips the Owner read)
    const hk = byHex.get(k)!;
    const owner = ext.ownerOf(hk);
    const destination = N.AutoStakeDestination.get(owner, netuid);
    if (destination !== null) emit('AutoStakeAdded', { netuid, destination, hotkey: hk, owner, incentive: amount });
    increaseStake(destination ?? hk, owner, netuid, amount);
  }
  C.MinerBurned.set(netuid, { bits: div96(u96(withheldIncentive), u96(totalIncentive)) ?? 0n });

  // Alpha dividends: take to the validator's coldkey, the rest to the pool. Root alpha dividends: take to the
  // validator's coldkey, the rest becomes claimable by the validator's root stakers (RootClaimable, claim_root).
  // AlphaDividendsPerSubnet / RootAlphaDividendsPerSubnet are rewritten for every hotkey paid or of the subnet (HEAD
  // clears the whole netuid prefix; entries of hotkeys deregistered since are left, which avoids a scan of the whole
  // map every epoch): the new values are collected here and each key is written once at the end.
  /** The delegate take (as stake of the hotkey's owner) of a U96F32 dividend; returns the rest (u64). */
  const payTake = (hk: AccountId, divs: bigint): bigint => {
    const take = mul96(takeFloat(hk), divs);
    increaseStake(hk, ext.ownerOf(hk), netuid, toU64(take));
    return toU64(sub96(divs, take));
  };
  const alphaDivRecord = new Map<string, bigint>(), rootDivRecord = new Map<string, bigint>();
  for (const k of keys) {
    const hk = byHex.get(k)!;
    const divs = propAlpha.get(k)!;
    if (divs === 0n) continue; // nothing to pay (HEAD would also record TotalHotkeyAlphaLastEpoch here)
    const toPool = payTake(hk, divs);
    increasePool(hk, netuid, toPool);
    if (toPool > 0n) alphaDivRecord.set(k, toPool);
    S.TotalHotkeyAlphaLastEpoch.set(hk, netuid, S.TotalHotkeyAlpha.get(hk, netuid));
  }
  for (const k of keys) {
    const divs = propRoot.get(k)!;
    if (divs === 0n) continue;
    const hk = byHex.get(k)!;
    const claimable = payTake(hk, divs);
    increaseRootClaimable(hk, netuid, claimable);
    if (claimable > 0n) rootDivRecord.set(k, claimable);
  }
  for (const k of keys) { // every hotkey of the subnet and every parent paid
    const hk = byHex.get(k)!;
    const a = alphaDivRecord.get(k), r = rootDivRecord.get(k);
    if (a === undefined) S.AlphaDividendsPerSubnet.remove(netuid, hk); else S.AlphaDividendsPerSubnet.set(netuid, hk, a);
    if (r === undefined) S.RootAlphaDividendsPerSubnet.remove(netuid, hk); else S.RootAlphaDividendsPerSubnet.set(netuid, hk, r);
  }
}

/** get_hotkey_take_float: Delegates[hotkey] / u16::MAX as U96F32. */
function takeFloat(hotkey: AccountId): bigint {
  return div96(u96(BigInt(S.Delegates.get(hotkey))), u96(65535n)) ?? 0n;
}
