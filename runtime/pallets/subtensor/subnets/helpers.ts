// Small shared helpers of the subnets/ code: block number, subnet system accounts, hotkey ownership, owner checks,
// the LastRateLimitedBlock / TransactionKeyLastBlock bookkeeping and the per-uid vector setters.
import type { AccountId } from '../../../primitives.ts';
import { blake2_256 } from '../../../crypto/hashing.ts';
import { bytesEqual as eqBytes } from '../../../codec/scale.ts';
import { DispatchError, type Origin } from '../../../frame/dispatch.ts';
import { subnetStorage as S } from './storage.ts';
import { noteStakingHotkey } from '../staking/shares.ts';
import { coinbaseStorage as C } from '../coinbase/storage.ts';
import { blockNumber } from '../../system/index.ts';
import * as Balances from '../../balances/index.ts';
import { subtensorError as err } from '../pallet.ts';
import type { SubtensorErrorName } from '../errors.ts';
import { epochDue } from '../coinbase/epoch_schedule.ts';
import { stakeWeightAtLeast } from '../staking/stake_utils.ts';

export { err };
export { depositEvent as emit } from '../pallet.ts';
export function ensure(cond: boolean, name: SubtensorErrorName): void {
  if (!cond) throw err(name);
}

/** Current block as u64 (subtensor's get_current_block_as_u64). */
export const currentBlock = (): bigint => BigInt(blockNumber());

export { eqBytes };

// ── Subnet system accounts: PalletId(*b"subtensr").into_sub_account_truncating(netuid u16) ──
const SUB_ACCOUNT_PREFIX = new Uint8Array([...new TextEncoder().encode('modl'), ...new TextEncoder().encode('subtensr')]);
export function subnetAccountId(netuid: number): AccountId {
  const out = new Uint8Array(32);
  out.set(SUB_ACCOUNT_PREFIX, 0);
  out[12] = netuid & 0xff;
  out[13] = netuid >> 8;
  return out;
}
/** `is_subnet_account_id`: the netuid whose system account this is, or null. */
export function subnetOfAccount(account: AccountId): number | null {
  for (let i = 0; i < 12; i++) if (account[i] !== SUB_ACCOUNT_PREFIX[i]) return null;
  for (let i = 14; i < 32; i++) if (account[i] !== 0) return null;
  return account[12] | (account[13] << 8);
}

// ── Subnets ──
export const subnetExists = (netuid: number): boolean => S.NetworksAdded.get(netuid);
export const isRoot = (netuid: number): boolean => netuid === 0;
/** NetUidStorageIndex of (netuid, mechanism): mecid * 4096 + netuid. */
export const storageIndex = (netuid: number, mecid = 0): number => mecid * 4096 + netuid;
export function ensureMechanismExists(netuid: number, mecid: number): void {
  ensure(subnetExists(netuid), 'MechanismDoesNotExist');
  ensure(mecid < S.MechanismCountCurrent.get(netuid), 'MechanismDoesNotExist');
}
/** Netuids with NetworksAdded = true, ascending. */
export function allNetuids(): number[] {
  return S.NetworksAdded.entries().filter(([, added]) => added).map(([n]) => n).sort((a, b) => a - b);
}

// ── Hotkeys ──
export const hotkeyExists = (hotkey: AccountId): boolean => S.Owner.contains(hotkey);
export const coldkeyOwnsHotkey = (coldkey: AccountId, hotkey: AccountId): boolean =>
  S.Owner.contains(hotkey) && eqBytes(S.Owner.get(hotkey), coldkey);
/** `create_account_if_non_existent`: first association of a hotkey with its coldkey. */
export function createAccountIfNonExistent(coldkey: AccountId, hotkey: AccountId): void {
  ensure(subnetOfAccount(hotkey) === null, 'CannotUseSystemAccount');
  if (hotkeyExists(hotkey)) return;
  S.Owner.set(hotkey, coldkey);
  const owned = S.OwnedHotkeys.get(coldkey);
  if (!owned.some(h => eqBytes(h, hotkey))) S.OwnedHotkeys.set(coldkey, [...owned, hotkey]);
  noteStakingHotkey(coldkey, hotkey);
}
export const uidOf = (netuid: number, hotkey: AccountId): number | null => S.Uids.get(netuid, hotkey);
export const isHotkeyRegisteredOnNetwork = (netuid: number, hotkey: AccountId): boolean => S.Uids.contains(netuid, hotkey);
export const isUidExistOnNetwork = (netuid: number, uid: number): boolean => S.Keys.contains(netuid, uid);

/** Uid of the subnet owner's hotkey (only when SubnetOwnerHotkey is actually stored). */
export function ownerUid(netuid: number): number | null {
  if (!S.SubnetOwnerHotkey.contains(netuid)) return null;
  return S.Uids.get(netuid, S.SubnetOwnerHotkey.get(netuid));
}

// ── Origins ──
/** `ensure_subnet_owner`: signed by SubnetOwner[netuid]; returns the coldkey. */
export function ensureSubnetOwner(origin: Origin, netuid: number): AccountId {
  if (origin.kind !== 'Signed') throw DispatchError.badOrigin();
  if (!S.SubnetOwner.contains(netuid) || !eqBytes(S.SubnetOwner.get(netuid), origin.who)) throw DispatchError.badOrigin();
  return origin.who;
}
/** `ensure_subnet_owner_or_root`: null for root, the owner's coldkey otherwise. */
export function ensureSubnetOwnerOrRoot(origin: Origin, netuid: number): AccountId | null {
  if (origin.kind === 'Root') return null;
  return ensureSubnetOwner(origin, netuid);
}

// ── Per-uid vectors ──
export function setAt<T>(v: T[], i: number, x: T): boolean {
  if (i >= v.length) return false;
  v[i] = x;
  return true;
}
/** `get_last_update`: LastUpdate padded with zeros to SubnetworkN. */
export function lastUpdateVec(netuidIndex: number): bigint[] {
  const v = S.LastUpdate.get(netuidIndex);
  const n = S.SubnetworkN.get(netuidIndex % 4096);
  while (v.length < n) v.push(0n);
  return v;
}
export function setLastUpdateForUid(netuidIndex: number, uid: number, block: bigint): void {
  const v = lastUpdateVec(netuidIndex);
  if (setAt(v, uid, block)) S.LastUpdate.set(netuidIndex, v);
}
export const lastUpdateForUid = (netuidIndex: number, uid: number): bigint => lastUpdateVec(netuidIndex)[uid] ?? 0n;
export function setActiveForUid(netuid: number, uid: number, active: boolean): void {
  const v = S.Active.get(netuid);
  if (setAt(v, uid, active)) S.Active.set(netuid, v);
}
export const validatorPermitForUid = (netuid: number, uid: number): boolean => S.ValidatorPermit.get(netuid)[uid] ?? false;

export function isNeuronImmune(netuid: number, uid: number): boolean {
  const registeredAt = S.BlockAtRegistration.get(netuid, uid);
  const now = currentBlock();
  const since = now > registeredAt ? now - registeredAt : 0n;
  return since < BigInt(S.ImmunityPeriod.get(netuid));
}

// ── Rate limits (utils/rate_limiting.rs) ──
export const passesRateLimit = (limit: bigint, block: bigint, last: bigint): boolean => last === 0n || (block > last ? block - last : 0n) >= limit;
export const TX_TYPE = { SetChildren: 0, SetChildkeyTake: 1, Unknown: 2, RegisterNetwork: 3, SetWeightsVersionKey: 4, SetSNOwnerHotkey: 5,
  OwnerHyperparamUpdate: 6, MechanismCountUpdate: 7, MechanismEmission: 8, MaxUidsTrimming: 9, AddStakeBurn: 10, TempoUpdate: 11 } as const;
export const networkLastLockBlock = (): bigint => S.LastRateLimitedBlock.get({ type: 'NetworkLastRegistered' });
export const setNetworkLastLockBlock = (block: bigint): void => S.LastRateLimitedBlock.set({ type: 'NetworkLastRegistered' }, block);

/** `check_weights_min_stake`: the owner's uid is exempt; others need their inherited stake weight (childkeys
 * applied, staking/stake_utils.ts) at StakeThreshold. */
export function checkWeightsMinStake(hotkey: AccountId, netuid: number): boolean {
  const owner = ownerUid(netuid);
  if (owner !== null && S.Uids.get(netuid, hotkey) === owner) return true;
  return stakeWeightAtLeast(hotkey, netuid, S.StakeThreshold.get());
}

/** HEAD `current_epoch_with_lookahead`: SubnetEpochIndex, plus one if the subnet's epoch fires in this block. */
export function currentEpochWithLookahead(netuid: number): bigint {
  const base = C.SubnetEpochIndex.get(netuid);
  // The coinbase's own schedule test (stateful HEAD scheduler, or the classic one when configured).
  return epochDue(netuid, currentBlock()) ? base + 1n : base;
}

export { blake2_256 };

/**
 * `transfer_tao_to_subnet`: moves up to `amount` out of the coldkey while keeping it alive (less if the full amount
 * would reap it); InsufficientBalance if nothing can move. This port keeps pool TAO outside account balances (like
 * staked TAO, staking/ext.ts), so the TAO leaves the coldkey's balance for the subnet's reserve.
 */
export function takeTaoForSubnet(coldkey: AccountId, amount: bigint): bigint {
  if (amount === 0n) return 0n;
  const movable = Balances.reducibleBalance(coldkey, true);
  const actual = amount < movable ? amount : movable;
  ensure(actual > 0n, 'InsufficientBalance');
  Balances.withdraw(coldkey, actual, true);
  return actual;
}
