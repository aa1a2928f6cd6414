// Everything staking/coinbase/rpc_info read from storage items and functions owned by other parts of the runtime
// (subnets/ for keys, neurons and hyperparameters; System for the block number; Balances for TAO), behind small
// typed functions. Storage owned by subnets/ is reached through the composed SubtensorModule declaration by name,
// so this folder does not depend on how subnets/storage.ts exports it.
import * as t from '../../../codec/types.ts';
import { value } from '../../../frame/storage.ts';
import type { AccountId } from '../../../primitives.ts';
import { SubtensorModule } from '../index.ts';
import * as Balances from '../../balances/index.ts';

// frame_system::Number (read-only here; System owns it).
const SystemNumber = value(t.u32, { default: 0 }).bind('System', 'Number');
export const blockNumber = (): number => SystemNumber.get();

const st = (): Record<string, any> => SubtensorModule.storage as Record<string, any>;
const item = (name: string): any => {
  const s = st()[name];
  if (!s) throw new Error(`SubtensorModule storage ${name} is not declared`);
  return s;
};
const has = (name: string): boolean => name in st();

export const ZERO32 = new Uint8Array(32);
const isZero = (a: Uint8Array) => a.every(b => b === 0);

// ── Subnets ──
export const subnetExists = (netuid: number): boolean => netuid === 0 ? true : Boolean(item('NetworksAdded').get(netuid));
export const subtokenEnabled = (netuid: number): boolean => netuid === 0 || Boolean(item('SubtokenEnabled').get(netuid));
/** All netuids with NetworksAdded (always includes root 0), ascending. */
export function allNetuids(): number[] {
  const set = new Set<number>([0]);
  for (const [n, added] of item('NetworksAdded').entries() as [number, boolean][]) if (added) set.add(n);
  return [...set].sort((a, b) => a - b);
}
export const tempo = (netuid: number): number => item('Tempo').get(netuid);
export const firstEmissionBlock = (netuid: number): bigint | null => item('FirstEmissionBlockNumber').get(netuid);
export const registrationAllowed = (netuid: number): boolean => item('NetworkRegistrationAllowed').get(netuid);
export const subnetEmissionEnabled = (netuid: number): boolean => has('SubnetEmissionEnabled') ? item('SubnetEmissionEnabled').get(netuid) : true;
export const subnetOwner = (netuid: number): AccountId => item('SubnetOwner').get(netuid);
export const subnetOwnerHotkey = (netuid: number): AccountId => item('SubnetOwnerHotkey').get(netuid);
export const subnetworkN = (netuid: number): number => item('SubnetworkN').get(netuid);

// ── Keys ──
/** subtensor `hotkey_account_exists`: Owner has an entry. */
export const hotkeyExists = (hotkey: AccountId): boolean => item('Owner').contains(hotkey);
export const ownerOf = (hotkey: AccountId): AccountId => item('Owner').get(hotkey);
export const ownsHotkey = (coldkey: AccountId, hotkey: AccountId): boolean => {
  const o = ownerOf(hotkey);
  return !isZero(o) && o.every((b, i) => b === coldkey[i]);
};
export const ownedHotkeys = (coldkey: AccountId): AccountId[] => item('OwnedHotkeys').get(coldkey);
export const keyOf = (netuid: number, uid: number): AccountId => item('Keys').get(netuid, uid);
export const uidOf = (netuid: number, hotkey: AccountId): number | null => item('Uids').get(netuid, hotkey);
export const isRegisteredAnywhere = (hotkey: AccountId): boolean =>
  allNetuids().some(n => uidOf(n, hotkey) !== null);

/** Any per-subnet item of subnets/ by name (hyperparameters, per-uid vectors): get(netuid). */
export const subnetItem = <T = any>(name: string, netuid: number, fallback?: T): T =>
  has(name) ? item(name).get(netuid) : (fallback as T);
export const setSubnetItem = (name: string, netuid: number, v: any): void => { if (has(name)) item(name).set(netuid, v); };
export const doubleItem = <T = any>(name: string, k1: any, k2: any, fallback?: T): T =>
  has(name) ? item(name).get(k1, k2) : (fallback as T);
export const setDoubleItem = (name: string, k1: any, k2: any, v: any): void => { if (has(name)) item(name).set(k1, k2, v); };
export const hasItem = has;
export const storageItem = item;

// ── TAO balances (Balances pallet) ──
export const freeBalance = (who: AccountId): bigint => Balances.freeBalance(who);
/** HEAD `can_remove_balance_from_coldkey_account`: amount ≤ reducible balance (account may be reaped). */
export const canRemoveBalance = (who: AccountId, amount: bigint): boolean => Balances.canWithdraw(who, amount, false);
/** Burns TAO from the coldkey's free balance (it becomes stake); SubtensorModule.TotalIssuance is unchanged. */
export const removeBalance = (who: AccountId, amount: bigint): void => Balances.withdraw(who, amount, false);
/** Mints TAO into the coldkey's free balance (unstaked TAO). */
export const addBalance = (who: AccountId, amount: bigint): void => { if (amount > 0n) Balances.mint(who, amount); };
