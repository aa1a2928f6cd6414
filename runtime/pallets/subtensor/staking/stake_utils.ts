// Stake a hotkey holds once childkey delegation is applied (HEAD staking/stake_utils.rs:
// get_inherited_for_hotkey_on_subnet, get_tao_inherited_for_hotkey_on_subnet, get_stake_weights_for_hotkey_on_subnet).
// A parent gives each child `proportion / u64::MAX` of its own stake on the subnet (alpha) and of its root stake
// (TAO); the child adds what its parents give it. All in U96F32 with floors, as HEAD; the epoch's stake vector and
// the weights min-stake check read these.
import type { AccountId } from '../../../primitives.ts';
import { stakingStorage as S } from './storage.ts';
import { subnetStorage as N } from '../subnets/storage.ts';
import { u96, mul96, sub96, add96, toU64, proportion96 } from '../coinbase/fixed96.ts';

export type Links = [bigint, AccountId][];

/** own − Σ own·p(child) + Σ stake(parent)·p(parent), U96F32 floored to u64. */
function inherited(own: bigint, children: Links, parents: Links, parentStake: (parent: AccountId) => bigint): bigint {
  if (children.length === 0 && parents.length === 0) return own;
  const initial = u96(own);
  let toChildren = 0n;
  for (const [p] of children) toChildren = add96(toChildren, mul96(initial, proportion96(p)));
  let fromParents = 0n;
  for (const [p, parent] of parents) fromParents = add96(fromParents, mul96(u96(parentStake(parent)), proportion96(p)));
  return toU64(add96(sub96(initial, toChildren), fromParents));
}

/**
 * [get_inherited_for_hotkey_on_subnet, get_tao_inherited_for_hotkey_on_subnet]: the alpha and root (TAO) stake the
 * epoch counts for `hotkey` on `netuid`. `ownAlpha` / `ownTao` (its TotalHotkeyAlpha on the subnet and on root) and
 * its ChildKeys / ParentKeys may be given when the caller has read them already.
 */
export function inheritedStakes(hotkey: AccountId, netuid: number,
  ownAlpha = S.TotalHotkeyAlpha.get(hotkey, netuid), ownTao = S.TotalHotkeyAlpha.get(hotkey, 0),
  children: Links = N.ChildKeys.get(hotkey, netuid), parents: Links = N.ParentKeys.get(hotkey, netuid)): [bigint, bigint] {
  const alpha = netuid === 0 ? ownAlpha : inherited(ownAlpha, children, parents, parent => S.TotalHotkeyAlpha.get(parent, netuid));
  return [alpha, inherited(ownTao, children, parents, parent => S.TotalHotkeyAlpha.get(parent, 0))];
}

/**
 * get_stake_weights_for_hotkey_on_subnet(..).0 ≥ threshold, exactly: the I64F64 total alpha + tao × tao_weight
 * (tao_weight = U96F32 TaoWeight / u64::MAX) compared with the integer threshold.
 */
export function stakeWeightAtLeast(hotkey: AccountId, netuid: number, threshold: bigint): boolean {
  const [alpha, tao] = inheritedStakes(hotkey, netuid);
  return (alpha << 32n) + tao * proportion96(S.TaoWeight.get()) >= threshold << 32n;
}
