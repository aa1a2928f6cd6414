// Queries over storage owned by other parts of the runtime (subnets/ for keys, neurons and subnet existence;
// System for the block number; Balances for TAO) that staking/ and coinbase/ share. Single storage items are read
// through their declarations (subnets/storage.ts as `N`) directly; only logic used in several places lives here.
import type { AccountId } from '../../../primitives.ts';
import { bytesEqual } from '../../../codec/scale.ts';
import { subnetStorage as N } from '../subnets/storage.ts';
import * as Balances from '../../balances/index.ts';

export { blockNumber } from '../../system/index.ts';

const isZero = (a: Uint8Array) => a.every(b => b === 0);

// ── Subnets ──
// Existence is NetworksAdded, as subtensor's if_subnet_exist; root's entry is set at genesis.
export { subnetExists, allNetuids } from '../subnets/helpers.ts';
export const subtokenEnabled = (netuid: number): boolean => netuid === 0 || Boolean(N.SubtokenEnabled.get(netuid));
export const tempo = (netuid: number): number => N.Tempo.get(netuid);
export const firstEmissionBlock = (netuid: number): bigint | null => N.FirstEmissionBlockNumber.get(netuid);
export const registrationAllowed = (netuid: number): boolean => N.NetworkRegistrationAllowed.get(netuid);
export const subnetEmissionEnabled = (netuid: number): boolean => N.SubnetEmissionEnabled.get(netuid);
export const subnetOwner = (netuid: number): AccountId => N.SubnetOwner.get(netuid);
export const subnetOwnerHotkey = (netuid: number): AccountId => N.SubnetOwnerHotkey.get(netuid);
export const subnetworkN = (netuid: number): number => N.SubnetworkN.get(netuid);

// ── Keys ──
/** subtensor `hotkey_account_exists`: Owner has an entry. */
export const hotkeyExists = (hotkey: AccountId): boolean => N.Owner.contains(hotkey);
export const ownerOf = (hotkey: AccountId): AccountId => N.Owner.get(hotkey);
export const ownsHotkey = (coldkey: AccountId, hotkey: AccountId): boolean => {
  const o = ownerOf(hotkey);
  return !isZero(o) && bytesEqual(o, coldkey);
};
export const ownedHotkeys = (coldkey: AccountId): AccountId[] => N.OwnedHotkeys.get(coldkey);
export const keyOf = (netuid: number, uid: number): AccountId => N.Keys.get(netuid, uid);
export const uidOf = (netuid: number, hotkey: AccountId): number | null => N.Uids.get(netuid, hotkey);

// ── TAO balances (Balances pallet) ──
export const freeBalance = (who: AccountId): bigint => Balances.freeBalance(who);
/** HEAD `can_remove_balance_from_coldkey_account`: amount ≤ reducible balance (account may be reaped). */
export const canRemoveBalance = (who: AccountId, amount: bigint): boolean => Balances.canWithdraw(who, amount, false);
/** Burns TAO from the coldkey's free balance (it becomes stake); SubtensorModule.TotalIssuance is unchanged. */
export const removeBalance = (who: AccountId, amount: bigint): void => Balances.withdraw(who, amount, false);
/** Mints TAO into the coldkey's free balance (unstaked TAO). */
export const addBalance = (who: AccountId, amount: bigint): void => { if (amount > 0n) Balances.mint(who, amount); };
export { blockAuthor } from '../../aura/index.ts';
