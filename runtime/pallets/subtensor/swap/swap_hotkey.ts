// Hotkey swap (HEAD swap/swap_hotkey.rs): a coldkey moves one of its hotkeys' identity on chain to a new key — on
// every subnet (swap_hotkey 70; swap_hotkey_v2 72 with netuid None) for KeySwapCost, or on one subnet for
// KeySwapOnSubnetCost at most once per HotkeySwapOnSubnetInterval. Uids keep their slot, so weights, bonds and the
// metagraph rows (indexed by uid) follow the new key; the maps keyed by hotkey move. With keep_stake the stake stays
// on the old hotkey.
import type { AccountId } from '../../../primitives.ts';
import { ensureSigned, type Origin, type PostDispatchInfo } from '../../../frame/dispatch.ts';
import { subnetStorage as S } from '../subnets/storage.ts';
import { stakingStorage as K } from '../staking/storage.ts';
import { stakeOf, increaseStake, decreaseStake } from '../staking/shares.ts';
import { ensure, emit, currentBlock, eqBytes, allNetuids, hotkeyExists, coldkeyOwnsHotkey, subnetOfAccount, storageIndex } from '../subnets/helpers.ts';
import { getLastTxBlock, setLastTxBlock, rateLimitKey, exceedsTxRateLimit, recycleTao, keySwapCost } from './common.ts';
import { fastOr } from './common.ts';
import * as Balances from '../../balances/index.ts';
import { swapHotkeyLocks } from '../staking/lock.ts';
import { swapVotingPowerForHotkey } from '../utils/voting_power.ts';

/** KeySwapOnSubnetCost (0.001 TAO) and HotkeySwapOnSubnetInterval (a day; 1 block in fast-runtime), HEAD's runtime. */
export const KEY_SWAP_ON_SUBNET_COST = 1_000_000n;
export const hotkeySwapOnSubnetInterval = (): bigint => fastOr(7_200n, 1n);

/** can_remove_balance_from_coldkey_account, then recycle_tao (which keeps the coldkey above the ED). */
function chargeHotkeySwap(coldkey: AccountId, cost: bigint): void {
  ensure(Balances.reducibleBalance(coldkey, false) >= cost, 'NotEnoughBalanceToPaySwapHotKey');
  recycleTao(coldkey, cost, 'InsufficientBalance');
}

const isRegisteredAnywhere = (hotkey: AccountId): boolean => allNetuids().some(n => S.Uids.contains(n, hotkey));

export function doSwapHotkey(origin: Origin, oldHotkey: AccountId, newHotkey: AccountId, netuid: number | null, keepStake: boolean): PostDispatchInfo | void {
  const coldkey = ensureSigned(origin);
  ensure(coldkeyOwnsHotkey(coldkey, oldHotkey), 'NonAssociatedColdKey');
  if (hotkeyExists(newHotkey)) ensure(coldkeyOwnsHotkey(coldkey, newHotkey), 'NonAssociatedColdKey');
  ensure(!eqBytes(oldHotkey, newHotkey), 'NewHotKeyIsSameWithOld');
  const block = currentBlock();
  ensure(!exceedsTxRateLimit(getLastTxBlock('LastTxBlock', coldkey), block), 'HotKeySetTxRateLimitExceeded');
  if (netuid !== null) ensure(!S.Uids.contains(netuid, newHotkey), 'HotKeyAlreadyRegisteredInSubNet');
  else ensure(!isRegisteredAnywhere(newHotkey), 'HotKeyAlreadyRegisteredInSubNet');
  // Root claims are not ported, so "clean for a root swap" is: no root stake on the new hotkey.
  if (netuid === null || netuid === 0) ensure(K.TotalHotkeyAlpha.get(newHotkey, 0) === 0n, 'NewHotKeyNotCleanForRootSwap');

  for (const kind of ['LastTxBlock', 'LastTxBlockDelegateTake', 'LastTxBlockChildKeyTake'] as const) {
    setLastTxBlock(kind, newHotkey, getLastTxBlock(kind, oldHotkey));
  }

  if (netuid !== null) return swapHotkeyOnSubnet(coldkey, oldHotkey, newHotkey, netuid, keepStake);

  const interval = hotkeySwapOnSubnetInterval();
  const affected = allNetuids().filter(n => S.IsNetworkMember.get(oldHotkey, n) || S.ChildKeys.get(oldHotkey, n).length > 0);
  for (const n of affected) {
    const last = S.LastHotkeySwapOnNetuid.get(n, coldkey);
    if (last !== 0n) ensure(last + interval < block, 'HotKeySwapOnSubnetIntervalNotPassed');
  }
  chargeHotkeySwap(coldkey, keySwapCost());
  swapOnAllSubnets(oldHotkey, newHotkey, coldkey, keepStake);
  for (const n of affected) S.LastHotkeySwapOnNetuid.set(n, coldkey, block);
  setLastTxBlock('LastTxBlock', coldkey, block);
  emit('HotkeySwapped', { coldkey, old_hotkey: oldHotkey, new_hotkey: newHotkey });
}

function swapOnAllSubnets(oldHotkey: AccountId, newHotkey: AccountId, coldkey: AccountId, keepStake: boolean): void {
  const stakers = K.Alpha.iterPrefix(oldHotkey).map(([[, cold], bits]) => [cold, bits.bits] as const);
  swapHotkeyLocks(oldHotkey, newHotkey, allNetuids());
  S.Owner.remove(oldHotkey);
  S.Owner.set(newHotkey, coldkey);
  const owned = S.OwnedHotkeys.get(coldkey).filter(h => !eqBytes(h, oldHotkey));
  if (!owned.some(h => eqBytes(h, newHotkey))) owned.push(newHotkey);
  S.OwnedHotkeys.set(coldkey, owned);
  for (const n of allNetuids()) swapOnOneSubnet(oldHotkey, newHotkey, n, keepStake);
  for (const kind of ['LastTxBlock', 'LastTxBlockDelegateTake', 'LastTxBlockChildKeyTake'] as const) S.LastRateLimitedBlock.remove(rateLimitKey(kind, oldHotkey));
  if (K.Delegates.contains(oldHotkey)) {
    K.Delegates.set(newHotkey, K.Delegates.get(oldHotkey));
    K.Delegates.remove(oldHotkey);
  }
  if (!keepStake) {
    for (const [cold, bits] of stakers) {
      if (bits === 0n) continue;
      const hot = K.StakingHotkeys.get(cold);
      if (!hot.some(h => eqBytes(h, oldHotkey))) continue;
      const next = hot.filter(h => !eqBytes(h, oldHotkey) && !eqBytes(h, newHotkey));
      next.push(newHotkey);
      K.StakingHotkeys.set(cold, next);
    }
  }
}

function swapHotkeyOnSubnet(coldkey: AccountId, oldHotkey: AccountId, newHotkey: AccountId, netuid: number, keepStake: boolean): void {
  const block = currentBlock();
  ensure(S.LastHotkeySwapOnNetuid.get(netuid, coldkey) + hotkeySwapOnSubnetInterval() < block, 'HotKeySwapOnSubnetIntervalNotPassed');
  ensure(subnetOfAccount(newHotkey) === null, 'CannotUseSystemAccount');
  ensure(!S.Uids.contains(netuid, newHotkey), 'HotKeyAlreadyRegisteredInSubNet');
  chargeHotkeySwap(coldkey, KEY_SWAP_ON_SUBNET_COST);
  S.Owner.set(newHotkey, coldkey);
  const owned = S.OwnedHotkeys.get(coldkey);
  if (!owned.some(h => eqBytes(h, newHotkey))) S.OwnedHotkeys.set(coldkey, [...owned, newHotkey]);
  swapHotkeyLocks(oldHotkey, newHotkey, [netuid]);
  swapOnOneSubnet(oldHotkey, newHotkey, netuid, keepStake);
  setLastTxBlock('LastTxBlock', coldkey, block);
  S.LastHotkeySwapOnNetuid.set(netuid, coldkey, block);
  emit('HotkeySwappedOnSubnet', { coldkey, old_hotkey: oldHotkey, new_hotkey: newHotkey, netuid });
}

/** Replaces `from` by `to` in a (proportion, key) list; true if it was there. */
function replaceKey(list: [bigint, AccountId][], from: AccountId, to: AccountId): boolean {
  let hit = false;
  for (const e of list) if (eqBytes(e[1], from)) { e[1] = to; hit = true; }
  return hit;
}

/** perform_hotkey_swap_on_one_subnet over the maps this port keeps. */
function swapOnOneSubnet(oldHotkey: AccountId, newHotkey: AccountId, netuid: number, keepStake: boolean): void {
  const member = S.IsNetworkMember.get(oldHotkey, netuid);
  S.IsNetworkMember.remove(oldHotkey, netuid);
  S.IsNetworkMember.set(newHotkey, netuid, member);
  if (member) {
    const uid = S.Uids.get(netuid, oldHotkey);
    if (uid !== null) {
      S.Uids.remove(netuid, oldHotkey);
      S.Uids.set(netuid, newHotkey, uid);
      S.Keys.set(netuid, uid, newHotkey);
    }
    for (const item of [S.Prometheus, S.Axons, S.NeuronCertificates] as const) {
      const v = (item as any).getStored(netuid, oldHotkey);
      if (v !== null) { (item as any).remove(netuid, oldHotkey); (item as any).set(netuid, newHotkey, v); }
    }
    for (let mecid = 0; mecid < S.MechanismCountCurrent.get(netuid); mecid++) {
      const idx = storageIndex(netuid, mecid);
      const commits = S.WeightCommits.getStored(idx, oldHotkey);
      if (commits !== null) { S.WeightCommits.remove(idx, oldHotkey); S.WeightCommits.set(idx, newHotkey, commits); }
    }
    const loaded = S.LoadedEmission.get(netuid);
    if (loaded) {
      for (const e of loaded) if (eqBytes(e[0], oldHotkey)) e[0] = newHotkey;
      S.LoadedEmission.set(netuid, loaded);
    }
  }
  if (S.ChildkeyTake.contains(oldHotkey, netuid)) {
    S.ChildkeyTake.set(newHotkey, netuid, S.ChildkeyTake.take(oldHotkey, netuid));
  }
  // parent_child_swap_hotkey: the hotkey's own children and parents move, and it is renamed in their lists.
  const children = S.ChildKeys.get(oldHotkey, netuid);
  const parents = S.ParentKeys.get(oldHotkey, netuid);
  S.ChildKeys.remove(oldHotkey, netuid);
  S.ParentKeys.remove(oldHotkey, netuid);
  if (children.length > 0) S.ChildKeys.set(newHotkey, netuid, children);
  if (parents.length > 0) S.ParentKeys.set(newHotkey, netuid, parents);
  for (const [, child] of children) {
    const ps = S.ParentKeys.get(child, netuid);
    if (replaceKey(ps, oldHotkey, newHotkey)) S.ParentKeys.set(child, netuid, ps);
  }
  for (const [, parent] of parents) {
    const cs = S.ChildKeys.get(parent, netuid);
    if (replaceKey(cs, oldHotkey, newHotkey)) S.ChildKeys.set(parent, netuid, cs);
  }
  for (const [hotkey, [pending, cooldown]] of S.PendingChildKeys.iterPrefix(netuid)) {
    const i = pending.findIndex(([, child]) => eqBytes(child, oldHotkey));
    if (i < 0) continue;
    const [proportion] = pending.splice(i, 1)[0];
    pending.push([proportion, newHotkey]);
    S.PendingChildKeys.set(netuid, hotkey, [pending, cooldown]);
  }
  const autoColdkeys = S.AutoStakeDestinationColdkeys.getStored(oldHotkey, netuid);
  if (autoColdkeys !== null) {
    for (const c of autoColdkeys) S.AutoStakeDestination.set(c, netuid, newHotkey);
    S.AutoStakeDestinationColdkeys.remove(oldHotkey, netuid);
    S.AutoStakeDestinationColdkeys.set(newHotkey, netuid, autoColdkeys);
  }
  if (S.SubnetOwnerHotkey.contains(netuid) && eqBytes(S.SubnetOwnerHotkey.get(netuid), oldHotkey)) S.SubnetOwnerHotkey.set(netuid, newHotkey);
  if (keepStake) return;
  const lastEpoch = K.TotalHotkeyAlphaLastEpoch.take(oldHotkey, netuid);
  K.TotalHotkeyAlphaLastEpoch.set(newHotkey, netuid, lastEpoch + K.TotalHotkeyAlphaLastEpoch.get(newHotkey, netuid));
  const divs = K.AlphaDividendsPerSubnet.get(netuid, oldHotkey);
  K.AlphaDividendsPerSubnet.remove(netuid, oldHotkey);
  K.AlphaDividendsPerSubnet.set(netuid, newHotkey, divs + K.AlphaDividendsPerSubnet.get(netuid, newHotkey));
  swapVotingPowerForHotkey(oldHotkey, newHotkey, netuid);
  // Each staker's alpha on this subnet moves to the new hotkey at the pools' current share prices.
  const coldkeys = new Map<string, AccountId>();
  for (const [[, cold, n]] of K.Alpha.iterPrefix(oldHotkey)) if (n === netuid) coldkeys.set(Buffer.from(cold).toString('hex'), cold);
  for (const key of [...coldkeys.keys()].sort()) {
    const cold = coldkeys.get(key)!;
    const alpha = stakeOf(oldHotkey, cold, netuid);
    decreaseStake(oldHotkey, cold, netuid, alpha);
    increaseStake(newHotkey, cold, netuid, alpha);
    const hot = K.StakingHotkeys.get(cold);
    if (hot.some(h => eqBytes(h, oldHotkey)) && !hot.some(h => eqBytes(h, newHotkey))) K.StakingHotkeys.set(cold, [...hot, newHotkey]);
  }
}
