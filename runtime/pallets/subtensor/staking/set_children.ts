// Childkeys (HEAD staking/set_children.rs): a hotkey (the parent) delegates proportions (u64, of u64::MAX) of its
// stake weight on a subnet to up to five child hotkeys. set_children schedules the new children in
// PendingChildKeys; they are applied at the subnet's next epoch once PendingChildKeyCooldown has passed (at once
// while the subnet has not started). ChildKeys(parent, netuid) and ParentKeys(child, netuid) mirror each other and
// are written together, through HEAD's relation checks (no self-loop, Σ proportions ≤ u64::MAX, nobody both
// child and parent of the same hotkey). A child keeps its childkey take of what its parents' stake earns it.
import * as t from '../../../codec/types.ts';
import { call, type CallDecl } from '../../../frame/pallet.ts';
import { ensureSigned, ensureRoot } from '../../../frame/dispatch.ts';
import { AccountId32, type AccountId, NetUid } from '../../../primitives.ts';
import { subnetStorage as N } from '../subnets/storage.ts';
import { stakingStorage as S } from './storage.ts';
import { emit, ensure, currentBlock, subnetExists, coldkeyOwnsHotkey, passesRateLimit, TX_TYPE, allNetuids, eqBytes } from '../subnets/helpers.ts';
import { currentAlphaPriceFixed } from './pools.ts';
import { u6464, mul6464, u96To6464 } from '../coinbase/fixed96.ts';
import { U64_MAX } from '../epoch/fixed.ts';

/** (proportion, hotkey), as ChildKeys / ParentKeys / PendingChildKeys store them. */
export type Link = [bigint, AccountId];
/** TransactionType::SetChildren's rate limit (blocks). */
const SET_CHILDREN_RATE_LIMIT = 150n;
/** ensure_childkey_count. */
const MAX_CHILDREN = 5;

const hex = (a: AccountId) => Buffer.from(a).toString('hex');
/** A BTreeMap<AccountId, u64>: keyed by hex (whose order is the byte order), insertion = last wins. */
type Edges = Map<string, Link>;
/** The (key, link) pairs of a map in key order (BTreeMap iteration). */
const inOrder = (m: Edges): [string, Link][] => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
const sorted = (m: Edges): Link[] => inOrder(m).map(([, l]) => l);
function edgesOf(links: Link[], pivot: AccountId): Edges {
  const m: Edges = new Map();
  for (const [p, who] of links) if (!eqBytes(who, pivot)) m.set(hex(who), [p, who]);
  return m;
}

// ── PCRelations: the checks every write goes through ──
interface Relations { pivot: AccountId; children: Edges; parents: Edges }

function ensureNoSelfLoop(pivot: AccountId, set: Edges): void { ensure(!set.has(hex(pivot)), 'InvalidChild'); }
function ensureTotalProportions(children: Edges): void {
  let total = 0n;
  for (const [p] of children.values()) total += p;
  ensure(total <= U64_MAX, 'ProportionOverflow');
}
function ensureBipartite(children: Edges, parents: Edges): void {
  for (const k of children.keys()) ensure(!parents.has(k), 'ChildParentInconsistency');
}
function linkChildren(rel: Relations, children: Edges): void {
  ensureNoSelfLoop(rel.pivot, children);
  ensureTotalProportions(children);
  ensureBipartite(children, rel.parents);
  rel.children = children;
}
function linkParents(rel: Relations, parents: Edges): void {
  ensureNoSelfLoop(rel.pivot, parents);
  ensureBipartite(rel.children, parents);
  rel.parents = parents;
}

/** load_child_parent_relations: the stored relations around `hotkey`. */
function loadRelations(hotkey: AccountId, netuid: number): Relations {
  const rel: Relations = { pivot: hotkey, children: new Map(), parents: new Map() };
  linkChildren(rel, edgesOf(N.ChildKeys.get(hotkey, netuid), hotkey));
  linkParents(rel, edgesOf(N.ParentKeys.get(hotkey, netuid), hotkey));
  return rel;
}

/** ensure_pending_consistency: the relations stay valid with `pending` as the pivot's children. */
function ensurePendingConsistency(rel: Relations, pending: Link[]): void {
  const children: Edges = new Map();
  for (const [p, child] of pending) children.set(hex(child), [p, child]);
  ensureNoSelfLoop(rel.pivot, children);
  ensure(children.size <= MAX_CHILDREN, 'TooManyChildren');
  ensureTotalProportions(children);
  ensureBipartite(children, rel.parents);
}

/** load_relations_from_pending: `pending` as the children, the stored parents kept. */
function relationsFromPending(pivot: AccountId, pending: Link[], netuid: number): Relations {
  const rel: Relations = { pivot, children: new Map(), parents: new Map() };
  linkChildren(rel, edgesOf(pending, pivot));
  linkParents(rel, edgesOf(N.ParentKeys.get(pivot, netuid), pivot));
  return rel;
}

const setChildkeys = (parent: AccountId, netuid: number, v: Link[]) =>
  v.length === 0 ? N.ChildKeys.remove(parent, netuid) : N.ChildKeys.set(parent, netuid, v);
const setParentkeys = (child: AccountId, netuid: number, v: Link[]) =>
  v.length === 0 ? N.ParentKeys.remove(child, netuid) : N.ParentKeys.set(child, netuid, v);
function upsertEdge(list: Link[], p: bigint, id: AccountId): Link[] {
  const i = list.findIndex(([, who]) => eqBytes(who, id));
  if (i >= 0) list[i] = [p, list[i][1]]; else list.push([p, id]);
  return list;
}
const removeEdge = (list: Link[], id: AccountId): Link[] => list.filter(([, who]) => !eqBytes(who, id));

/** persist_child_parent_relations: write the pivot's children and parents and the mirrored entries of each neighbour. */
function persistRelations(rel: Relations, netuid: number): void {
  const pivot = rel.pivot;
  const none = new Uint8Array(0); // filters nothing: previous sets are taken as stored
  // Pivot → children. Added and kept children get (p, pivot) in their parents (HEAD's "added" and "updated"
  // passes make the same upsert); removed ones lose the pivot.
  const prevChildren = edgesOf(N.ChildKeys.get(pivot, netuid), none);
  setChildkeys(pivot, netuid, sorted(rel.children));
  for (const [, [p, child]] of inOrder(rel.children))
    setParentkeys(child, netuid, upsertEdge(N.ParentKeys.get(child, netuid), p, pivot));
  for (const [k, [, child]] of inOrder(prevChildren))
    if (!rel.children.has(k)) setParentkeys(child, netuid, removeEdge(N.ParentKeys.get(child, netuid), pivot));
  // Parents → pivot, mirrored the same way in each parent's children.
  const prevParents = edgesOf(N.ParentKeys.get(pivot, netuid), none);
  setParentkeys(pivot, netuid, sorted(rel.parents));
  for (const [, [p, parent]] of inOrder(rel.parents))
    setChildkeys(parent, netuid, upsertEdge(N.ChildKeys.get(parent, netuid), p, pivot));
  for (const [k, [, parent]] of inOrder(prevParents))
    if (!rel.parents.has(k)) setChildkeys(parent, netuid, removeEdge(N.ChildKeys.get(parent, netuid), pivot));
}

/** get_total_stake_for_hotkey: Σ over subnets of the hotkey's alpha × spot price (U64F64), floored. */
export function totalStakeForHotkey(hotkey: AccountId): bigint {
  let total = 0n;
  for (const netuid of allNetuids()) {
    const alpha = S.TotalHotkeyAlpha.get(hotkey, netuid);
    if (alpha !== 0n) total += mul6464(u6464(alpha), u96To6464(currentAlphaPriceFixed(netuid)));
  }
  const v = total >> 64n;
  return v > U64_MAX ? U64_MAX : v;
}

/** do_schedule_children. */
export function doScheduleChildren(coldkey: AccountId, hotkey: AccountId, netuid: number, children: Link[]): void {
  const now = currentBlock();
  ensure(passesRateLimit(SET_CHILDREN_RATE_LIMIT, now, N.TransactionKeyLastBlock.get(hotkey, netuid, TX_TYPE.SetChildren)), 'TxRateLimitExceeded');
  ensure(netuid !== 0, 'RegistrationNotPermittedOnRootSubnet');
  ensure(subnetExists(netuid), 'SubnetNotExists');
  ensure(coldkeyOwnsHotkey(coldkey, hotkey), 'NonAssociatedColdKey');
  const seen = new Set<string>();
  for (const [, child] of children) {
    ensure(!seen.has(hex(child)), 'DuplicateChild');
    seen.add(hex(child));
  }
  ensurePendingConsistency(loadRelations(hotkey, netuid), children);
  // Own stake, not inherited (a grandparent's stake would count otherwise); the subnet owner's hotkey is exempt.
  ensure(children.length === 0 || totalStakeForHotkey(hotkey) >= N.StakeThreshold.get()
    || (N.SubnetOwnerHotkey.contains(netuid) && eqBytes(N.SubnetOwnerHotkey.get(netuid), hotkey)),
  'NotEnoughStakeToSetChildkeys');
  N.TransactionKeyLastBlock.set(hotkey, netuid, TX_TYPE.SetChildren, now);
  // schedule_or_apply_ck: a subnet that has not started applies at once.
  if (!N.SubtokenEnabled.get(netuid)) { persistPendingChildren(netuid, hotkey, children); return; }
  const cooldownBlock = now + N.PendingChildKeyCooldown.get();
  N.PendingChildKeys.set(netuid, hotkey, [children, cooldownBlock]);
  emit('SetChildrenScheduled', [hotkey, netuid, cooldownBlock, children]);
}

/** persist_pending_chidren_ok: apply, or drop silently when the relations no longer allow it. */
function persistPendingChildren(netuid: number, hotkey: AccountId, children: Link[]): void {
  try {
    persistRelations(relationsFromPending(hotkey, children, netuid), netuid);
  } catch {
    return;
  }
  emit('SetChildren', [hotkey, netuid, children]);
}

/** do_set_pending_children: run after the subnet's epoch; applies the pending children whose cooldown has passed. */
export function doSetPendingChildren(netuid: number): void {
  const now = currentBlock();
  const started = N.SubtokenEnabled.get(netuid);
  const due: AccountId[] = [];
  for (const [hotkey, [children, cooldownBlock]] of N.PendingChildKeys.iterPrefix(netuid)) {
    if (cooldownBlock < now || !started) {
      persistPendingChildren(netuid, hotkey, children);
      due.push(hotkey);
    }
  }
  for (const hotkey of due) N.PendingChildKeys.remove(netuid, hotkey);
}

/** Stake fell below StakeThreshold (remove_stake paths): the hotkey's pending children are dropped on every subnet. */
export function clearPendingChildrenBelowThreshold(hotkey: AccountId): void {
  if (totalStakeForHotkey(hotkey) >= N.StakeThreshold.get()) return;
  for (const netuid of allNetuids()) N.PendingChildKeys.remove(netuid, hotkey);
}

/**
 * do_set_root_validators_for_subnet (register_network): every root validator that has not opted out
 * (AutoParentDelegationEnabled) schedules the new subnet's owner hotkey as its only child with proportion u64::MAX,
 * as its own coldkey would; a validator whose scheduling fails is skipped.
 */
export function doSetRootValidatorsForSubnet(netuid: number): void {
  if (netuid === 0 || !subnetExists(netuid) || !N.SubnetOwnerHotkey.contains(netuid)) return;
  const ownerHotkey = N.SubnetOwnerHotkey.get(netuid);
  for (const [, validator] of N.Keys.iterPrefix(0)) {
    if (eqBytes(validator, ownerHotkey) || !N.AutoParentDelegationEnabled.get(validator)) continue;
    try {
      doScheduleChildren(N.Owner.get(validator), validator, netuid, [[U64_MAX, ownerHotkey]]);
    } catch {
      // HEAD logs and continues.
    }
  }
}

// ── Childkey take ──
export const effectiveMinChildkeyTake = (netuid: number): number =>
  Math.max(N.MinChildkeyTake.get(), N.MinChildkeyTakePerSubnet.get(netuid));
/** get_childkey_take: the stored take, at least the effective minimum. */
export const childkeyTake = (hotkey: AccountId, netuid: number): number =>
  Math.max(N.ChildkeyTake.get(hotkey, netuid), effectiveMinChildkeyTake(netuid));

/** do_set_childkey_take: increases are rate limited by TxChildkeyTakeRateLimit; decreases are not. */
export function doSetChildkeyTake(coldkey: AccountId, hotkey: AccountId, netuid: number, take: number): void {
  ensure(coldkeyOwnsHotkey(coldkey, hotkey), 'NonAssociatedColdKey');
  ensure(take >= effectiveMinChildkeyTake(netuid) && take <= N.MaxChildkeyTake.get(), 'InvalidChildkeyTake');
  const now = currentBlock();
  if (take > childkeyTake(hotkey, netuid)) {
    const last = N.TransactionKeyLastBlock.get(hotkey, netuid, TX_TYPE.SetChildkeyTake);
    ensure(passesRateLimit(N.TxChildkeyTakeRateLimit.get(), now, last), 'TxChildkeyTakeRateLimitExceeded');
  }
  N.TransactionKeyLastBlock.set(hotkey, netuid, TX_TYPE.SetChildkeyTake, now);
  N.ChildkeyTake.set(hotkey, netuid, take);
  emit('ChildKeyTakeSet', [hotkey, take]);
}

// ── Calls (HEAD dispatches.rs indices; weights, class and Pays come from call_weights.ts through index.ts) ──
const Children = t.vec(t.tuple<Link>(t.u64, AccountId32));

export const childkeyCalls: Record<string, CallDecl<any>> = {
  set_children: call<{ hotkey: AccountId; netuid: number; children: Link[] }>({
    index: 67, args: { hotkey: AccountId32, netuid: NetUid, children: Children },
    typeNames: { hotkey: 'T::AccountId', netuid: 'NetUid', children: 'Vec<(u64, T::AccountId)>' },
    docs: [' Schedules the children of a hotkey on a subnet (applied after PendingChildKeyCooldown, at an epoch).'],
    fn: (o, a) => doScheduleChildren(ensureSigned(o), a.hotkey, a.netuid, a.children),
  }),
  sudo_set_tx_childkey_take_rate_limit: call<{ tx_rate_limit: bigint }>({
    index: 69, args: { tx_rate_limit: t.u64 }, typeNames: { tx_rate_limit: 'u64' },
    docs: [' Sets the rate limit (blocks) of childkey take increases. Root only.'],
    fn: (o, a) => { ensureRoot(o); N.TxChildkeyTakeRateLimit.set(a.tx_rate_limit); emit('TxChildKeyTakeRateLimitSet', a.tx_rate_limit); },
  }),
  set_childkey_take: call<{ hotkey: AccountId; netuid: number; take: number }>({
    index: 75, args: { hotkey: AccountId32, netuid: NetUid, take: t.u16 },
    typeNames: { hotkey: 'T::AccountId', netuid: 'NetUid', take: 'u16' },
    docs: [' Sets the childkey take of a hotkey on a subnet.'],
    fn: (o, a) => doSetChildkeyTake(ensureSigned(o), a.hotkey, a.netuid, a.take),
  }),
  sudo_set_min_childkey_take: call<{ take: number }>({
    index: 76, args: { take: t.u16 }, typeNames: { take: 'u16' },
    docs: [' Sets the minimum childkey take. Root only.'],
    fn: (o, a) => { ensureRoot(o); N.MinChildkeyTake.set(a.take); emit('MinChildKeyTakeSet', a.take); },
  }),
  sudo_set_max_childkey_take: call<{ take: number }>({
    index: 77, args: { take: t.u16 }, typeNames: { take: 'u16' },
    docs: [' Sets the maximum childkey take. Root only.'],
    fn: (o, a) => { ensureRoot(o); N.MaxChildkeyTake.set(a.take); emit('MaxChildKeyTakeSet', a.take); },
  }),
  set_auto_parent_delegation_enabled: call<{ hotkey: AccountId; enabled: boolean }>({
    index: 135, args: { hotkey: AccountId32, enabled: t.bool }, typeNames: { hotkey: 'T::AccountId', enabled: 'bool' },
    docs: [' Lets a root validator opt in or out of becoming a parent of new subnets\' owner hotkeys.'],
    fn: (o, a) => {
      const coldkey = ensureSigned(o);
      ensure(coldkeyOwnsHotkey(coldkey, a.hotkey), 'NonAssociatedColdKey');
      ensure(N.Uids.contains(0, a.hotkey), 'HotKeyNotRegisteredInSubNet');
      N.AutoParentDelegationEnabled.set(a.hotkey, a.enabled);
      emit('AutoParentDelegationEnabledSet', { hotkey: a.hotkey, enabled: a.enabled });
    },
  }),
  set_pending_childkey_cooldown: call<{ cooldown: bigint }>({
    index: 109, args: { cooldown: t.u64 }, typeNames: { cooldown: 'u64' },
    docs: [' Sets the pending childkey cooldown (in blocks). Root only.'],
    fn: (o, a) => { ensureRoot(o); N.PendingChildKeyCooldown.set(a.cooldown); },
  }),
};
