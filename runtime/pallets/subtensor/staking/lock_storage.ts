// Storage of stake locks (HEAD lib.rs: Lock, LockingColdkeys, HotkeyLock, DecayingHotkeyLock, OwnerLock,
// DecayingOwnerLock, DecayingLock, MaturityRate, UnlockRate) and the LockState type; staking/lock.ts holds the logic.
import * as t from '../../../codec/types.ts';
import { value, map, doubleMap, nMap } from '../../../frame/storage.ts';
import { AccountId32, type AccountId, AlphaBalance, NetUid, U64F64 } from '../../../primitives.ts';

export const LockState = t.struct(['pallet_subtensor', 'staking', 'lock', 'LockState'], {
  locked_mass: AlphaBalance, conviction: U64F64, last_update: t.u64,
}, {
  typeNames: { locked_mass: 'AlphaBalance', conviction: 'U64F64', last_update: 'u64' },
  docs: [' Exponential lock state for a coldkey on a subnet.'],
});
export type StoredLock = { locked_mass: bigint; conviction: { bits: bigint }; last_update: bigint };


export const lockStorage = {
  Lock: nMap<[AccountId, number, AccountId], StoredLock>(
    [['Blake2_128Concat', AccountId32], ['Identity', NetUid], ['Blake2_128Concat', AccountId32]], LockState,
    { docs: [' --- DMAP ( coldkey, netuid, hotkey ) --> LockState | Exponential lock per coldkey per subnet.'] }),
  LockingColdkeys: nMap<[number, AccountId, AccountId], []>(
    [['Identity', NetUid], ['Blake2_128Concat', AccountId32], ['Blake2_128Concat', AccountId32]], t.unit,
    { docs: [' --- NMAP ( netuid, hotkey, coldkey ) --> () | Reverse index for non-zero locks targeting this hotkey on this subnet.'] }),
  HotkeyLock: doubleMap('Identity', NetUid, 'Blake2_128Concat', AccountId32, LockState,
    { docs: [' --- DMAP ( netuid, hotkey ) --> LockState | Total lock per hotkey per subnet.'] }),
  DecayingHotkeyLock: doubleMap('Identity', NetUid, 'Blake2_128Concat', AccountId32, LockState,
    { docs: [' --- DMAP ( netuid, hotkey ) --> LockState | Total decaying non-owner lock per hotkey per subnet.'] }),
  OwnerLock: map('Identity', NetUid, LockState,
    { docs: [' --- MAP ( netuid ) --> LockState | Total perpetual lock to the owner hotkey for a subnet.'] }),
  DecayingOwnerLock: map('Identity', NetUid, LockState,
    { docs: [' --- MAP ( netuid ) --> LockState | Total decaying lock to the owner hotkey for a subnet.'] }),
  DecayingLock: doubleMap('Blake2_128Concat', AccountId32, 'Identity', NetUid, t.bool,
    { docs: [' --- DMAP ( coldkey, netuid ) --> false | When present and false, this coldkey\'s lock is perpetual.',
      ' Missing entries mean the lock decays by default.'] }),
  MaturityRate: value(t.u64, { default: 934_866n, docs: [' --- ITEM( maturity_rate ) | Decay timescale in blocks for lock conviction.'] }),
  UnlockRate: value(t.u64, { default: 934_866n, docs: [' --- ITEM( unlock_rate ) | Decay timescale in blocks for locked mass.'] }),
};
