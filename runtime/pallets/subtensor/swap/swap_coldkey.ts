// Coldkey swap (HEAD swap/swap_coldkey.rs and the announce / dispute / reset / clear calls): a coldkey announces
// the blake2-256 hash of its new coldkey (paying KeySwapCost once), waits ColdkeySwapAnnouncementDelay blocks and
// swaps; until then only swap calls pass the transaction extension (CheckColdkeySwap), and a disputed swap blocks
// every call of the coldkey until Root resets it. do_swap_coldkey moves subnet ownership, auto-stake destinations,
// every stake, the hotkeys it owns or stakes to, its identity and all its free TAO.
import * as t from '../../../codec/types.ts';
import type { AccountId } from '../../../primitives.ts';
import { AccountId32 } from '../../../primitives.ts';
import { blake2_256 } from '../../../crypto/hashing.ts';
import { subnetStorage as S } from '../subnets/storage.ts';
import { stakingStorage as K } from '../staking/storage.ts';
import { stakeOf, increaseStake, decreaseStake } from '../staking/shares.ts';
import { ensure, emit, currentBlock, eqBytes, allNetuids, hotkeyExists } from '../subnets/helpers.ts';
import { setLastTxBlock, recycleTao } from './common.ts';
import * as Balances from '../../balances/index.ts';
import { setAcceptLockedAlpha, swapColdkeyLocks } from '../staking/lock.ts';

/** T::Hashing::hash_of(&new_coldkey). */
export const coldkeyHash = (coldkey: AccountId): Uint8Array => blake2_256(t.encode(AccountId32, coldkey));

/** charge_swap_cost: recycle_tao, any failure reported as NotEnoughBalanceToPaySwapColdKey. */
export function chargeSwapCost(coldkey: AccountId, cost: bigint): void {
  recycleTao(coldkey, cost, 'NotEnoughBalanceToPaySwapColdKey');
}

export function doSwapColdkey(oldColdkey: AccountId, newColdkey: AccountId): void {
  ensure(K.StakingHotkeys.get(newColdkey).length === 0, 'ColdKeyAlreadyAssociated');
  ensure(!hotkeyExists(newColdkey), 'NewColdKeyIsHotkey');
  if (S.IdentitiesV2.get(newColdkey) === null) {
    const identity = S.IdentitiesV2.get(oldColdkey);
    if (identity !== null) { S.IdentitiesV2.remove(oldColdkey); S.IdentitiesV2.set(newColdkey, identity); }
  }
  // The new coldkey may receive locked stake; swapColdkeyLocks then gives it the old coldkey's AccountFlags.
  setAcceptLockedAlpha(newColdkey, true);
  for (const netuid of allNetuids()) {
    if (eqBytes(S.SubnetOwner.get(netuid), oldColdkey)) S.SubnetOwner.set(netuid, newColdkey);
    const auto = S.AutoStakeDestination.get(oldColdkey, netuid);
    if (auto !== null) {
      S.AutoStakeDestination.remove(oldColdkey, netuid);
      S.AutoStakeDestination.set(newColdkey, netuid, auto);
      const cks = (S.AutoStakeDestinationColdkeys.get(auto, netuid) ?? []).filter(c => !eqBytes(c, oldColdkey) && !eqBytes(c, newColdkey));
      S.AutoStakeDestinationColdkeys.set(auto, netuid, [...cks, newColdkey]);
    }
    for (const hotkey of K.StakingHotkeys.get(oldColdkey)) {
      const alpha = stakeOf(hotkey, oldColdkey, netuid);
      decreaseStake(hotkey, oldColdkey, netuid, alpha);
      increaseStake(hotkey, newColdkey, netuid, alpha);
    }
  }
  const staking = K.StakingHotkeys.get(newColdkey);
  for (const h of K.StakingHotkeys.get(oldColdkey)) if (!staking.some(x => eqBytes(x, h))) staking.push(h);
  K.StakingHotkeys.remove(oldColdkey);
  K.StakingHotkeys.set(newColdkey, staking);
  const owned = S.OwnedHotkeys.get(newColdkey);
  for (const h of S.OwnedHotkeys.get(oldColdkey)) {
    S.Owner.set(h, newColdkey);
    if (!owned.some(x => eqBytes(x, h))) owned.push(h);
  }
  S.OwnedHotkeys.remove(oldColdkey);
  S.OwnedHotkeys.set(newColdkey, owned);
  swapColdkeyLocks(oldColdkey, newColdkey);
  // transfer_all_tao_and_kill
  const all = Balances.reducibleBalance(oldColdkey, false);
  if (all > 0n) Balances.transfer(oldColdkey, newColdkey, all, false);
  setLastTxBlock('LastTxBlock', newColdkey, currentBlock());
  emit('ColdkeySwapped', { old_coldkey: oldColdkey, new_coldkey: newColdkey });
}
