// Stake locks and conviction (HEAD staking/lock.rs): a coldkey locks alpha it holds on a subnet to one hotkey. The
// locked mass decays as exp(−dt/UnlockRate) unless the lock is perpetual (DecayingLock = false); conviction grows
// toward the locked mass with time constant MaturityRate (a lock to the subnet owner's hotkey has full conviction at
// once). Per-coldkey locks (Lock) roll forward lazily on every touch; four aggregates per subnet (perpetual/decaying
// × hotkey/owner) sum them for hotkey conviction and the subnet "king". Locked alpha cannot be unstaked or moved to
// another subnet (ensureAvailableToUnstake); stake transfers carry the lock to the receiving coldkey.
// All arithmetic is substrate_fixed's U64F64 / I64F64 on raw bigints (epoch/fixed.ts), as HEAD.
import * as t from '../../../codec/types.ts';
import { call, type CallDecl } from '../../../frame/pallet.ts';
import { ensureSigned, type Origin } from '../../../frame/dispatch.ts';
import { AccountId32, type AccountId, AlphaBalance, NetUid } from '../../../primitives.ts';
import { U64F64, I64F64, U64_MAX, fromInt, satMul, satAdd, satSub, safeDiv, checkedDiv, exp, max as fmax, toU64 } from '../epoch/fixed.ts';
import { subtensorError as fail, depositEvent } from '../pallet.ts';
import { subnetStorage as N } from '../subnets/storage.ts';
import { stakingStorage as S } from './storage.ts';
import { stakeOf } from './shares.ts';
import { lockStorage as L, type StoredLock } from './lock_storage.ts';
import * as ext from './ext.ts';
import { eqBytes, currentBlock } from '../subnets/helpers.ts';
import { registerNeuron } from '../subnets/registration.ts';

export const ONE_YEAR = 7200n * 365n + 1800n;
const LOCK_STATE_ZERO_THRESHOLD = 100n;
/** AccountFlags bit 0: the coldkey accepts incoming locked alpha (HEAD ACCOUNT_FLAGS_ACCEPT_LOCKED_ALPHA). */
const ACCEPT_LOCKED_ALPHA = 1n;

/** A lock in memory: locked mass (u64), conviction (U64F64 raw), last roll-forward block. */
export interface Lock { mass: bigint; conv: bigint; last: bigint }
const fromStored = (s: StoredLock | null): Lock | null => s && { mass: s.locked_mass, conv: s.conviction.bits, last: s.last_update };
const toStored = (l: Lock): StoredLock => ({ locked_mass: l.mass, conviction: { bits: l.conv }, last_update: l.last });



// ── Fixed-point pieces (U64F64 / I64F64 raw) ──

const ONE = U64F64.one;
const u = (n: bigint) => fromInt(U64F64, n);
const toU64Sat = (raw: bigint) => toU64(U64F64, raw);
const subSat = (a: bigint, b: bigint) => (a > b ? a - b : 0n);
const addU64 = (a: bigint, b: bigint) => (a + b > U64_MAX ? U64_MAX : a + b);
const emptyLock = (now: bigint): Lock => ({ mass: 0n, conv: 0n, last: now });
const isZeroLock = (l: Lock) => l.mass < LOCK_STATE_ZERO_THRESHOLD && l.conv < u(LOCK_STATE_ZERO_THRESHOLD);

/** ConvictionModel::exp_decay: exp(−dt/tau) in U64F64, the ratio clamped at −40. */
export function expDecay(dt: bigint, tau: bigint): bigint {
  if (tau === 0n || dt === 0n) return dt === 0n ? ONE : 0n;
  const minRatio = fromInt(I64F64, -40n);
  const negRatio = checkedDiv(I64F64, fromInt(I64F64, -dt), fromInt(I64F64, tau)) ?? minRatio;
  const decay = exp(I64F64, fmax(negRatio, minRatio)) ?? 0n;
  return decay < 0n ? 0n : decay; // I64F64 → U64F64: same fractional bits
}

/** calculate_decayed_mass_and_conviction. */
function decayed(mass: bigint, conv: bigint, dt: bigint, unlockRate: bigint, maturityRate: bigint, perpetual: boolean): [bigint, bigint] {
  const unlockDecay = expDecay(dt, unlockRate);
  const maturityDecay = expDecay(dt, maturityRate);
  const massFixed = u(mass);
  const newMass = perpetual ? mass : toU64Sat(satMul(U64F64, unlockDecay, massFixed));
  const fromExisting = satMul(U64F64, maturityDecay, conv);
  let fromMass: bigint;
  if (perpetual) fromMass = satMul(U64F64, massFixed, satSub(U64F64, ONE, maturityDecay));
  else if (unlockRate === maturityRate)
    fromMass = satMul(U64F64, massFixed, satMul(U64F64, safeDiv(U64F64, u(dt), u(maturityRate)), maturityDecay));
  else if (unlockRate === 0n || maturityRate === 0n) fromMass = 0n;
  else {
    const tauX = fromInt(I64F64, unlockRate);
    const tauDelta = fromInt(I64F64, unlockRate - maturityRate);
    const decayDelta = satSub(I64F64, unlockDecay, maturityDecay);
    const gamma = checkedDiv(I64F64, satMul(I64F64, tauX, decayDelta), tauDelta) ?? 0n;
    fromMass = gamma <= 0n ? 0n : satMul(U64F64, massFixed, gamma);
  }
  return [newMass, satAdd(U64F64, fromExisting, fromMass)];
}

/** ConvictionModel::roll_forward_lock: the lock at `now`, and how much mass and conviction it lost. */
export function rollForwardLock(lock: Lock, now: bigint, unlockRate: bigint, maturityRate: bigint, ownerLock: boolean,
  perpetual: boolean): [Lock, { mass: bigint; conv: bigint }] {
  let rolled: Lock = lock;
  if (now > lock.last) {
    const [mass, conv] = decayed(lock.mass, lock.conv, now - lock.last, unlockRate, maturityRate, perpetual);
    rolled = { mass, conv, last: now };
  } else rolled = { ...lock };
  if (ownerLock) rolled.conv = u(rolled.mass);
  if (isZeroLock(rolled)) { rolled.mass = 0n; rolled.conv = 0n; }
  return [rolled, { mass: subSat(lock.mass, rolled.mass), conv: subSat(lock.conv, rolled.conv) }];
}

const merge = (a: Lock, b: Lock): Lock => ({ mass: addU64(a.mass, b.mass), conv: satAdd(U64F64, a.conv, b.conv), last: a.last > b.last ? a.last : b.last });
const reduce = (l: Lock, mass: bigint, conv: bigint): Lock => ({ mass: subSat(l.mass, mass), conv: subSat(l.conv, conv), last: l.last });

const rates = () => [L.UnlockRate.get(), L.MaturityRate.get()] as const;
const roll = (lock: Lock, now: bigint, owner: boolean, perpetual: boolean) => {
  const [ur, mr] = rates();
  return rollForwardLock(lock, now, ur, mr, owner, perpetual)[0];
};

type AggName = 'perpetualGeneral' | 'decayingGeneral' | 'perpetualOwner' | 'decayingOwner';
const aggName = (owner: boolean, perpetual: boolean): AggName =>
  owner ? (perpetual ? 'perpetualOwner' : 'decayingOwner') : (perpetual ? 'perpetualGeneral' : 'decayingGeneral');

/**
 * HEAD ConvictionModel: one coldkey's lock on (netuid, hotkey) plus the four aggregates, with dirty flags so only
 * what changed is written back.
 */
class ConvictionModel {
  individual: Lock;
  agg: Record<AggName, Lock>;
  dirty = new Set<'individual' | AggName>();
  constructor(readonly owner: boolean, readonly perpetual: boolean, individual: Lock, agg: Record<AggName, Lock>) {
    this.individual = individual;
    this.agg = agg;
  }
  get aggregate(): Lock { return this.agg[aggName(this.owner, this.perpetual)]; }
  private setAggregate(l: Lock): void { const n = aggName(this.owner, this.perpetual); this.agg[n] = l; this.dirty.add(n); }
  setRolledIndividual(lock: Lock, now: bigint): void {
    const [ur, mr] = rates();
    this.individual = rollForwardLock(lock, now, ur, mr, this.owner, this.perpetual)[0];
    this.dirty.add('individual');
  }
  rollForward(now: bigint): void {
    const [ur, mr] = rates();
    const [rolled, delta] = rollForwardLock(this.individual, now, ur, mr, this.owner, this.perpetual);
    this.individual = rolled;
    this.dirty.add('individual');
    if (delta.mass !== 0n || delta.conv !== 0n) this.setAggregate({ ...reduce(this.aggregate, delta.mass, delta.conv), last: now });
    else this.rollForwardAggregate(now);
  }
  rollForwardAggregate(now: bigint): void {
    const [ur, mr] = rates();
    this.setAggregate(rollForwardLock(this.aggregate, now, ur, mr, this.owner, this.perpetual)[0]);
  }
  addToAggregate(added: Lock): void { this.setAggregate(merge(this.aggregate, added)); }
  reduceAggregate(mass: bigint, conv: bigint): void { this.setAggregate(reduce(this.aggregate, mass, conv)); }
  forceReduceIndividual(amount: bigint, now: bigint): void {
    const rolled = this.individual;
    const newMass = subSat(rolled.mass, amount);
    const massDiff = subSat(rolled.mass, newMass);
    let convDiff: bigint;
    if (newMass === 0n) {
      this.individual = emptyLock(now);
      convDiff = rolled.conv;
    } else {
      const removed = safeDiv(U64F64, u(amount), u(rolled.mass));
      const newConv = satMul(U64F64, rolled.conv, satSub(U64F64, ONE, removed));
      this.individual = { mass: newMass, conv: newConv, last: now };
      convDiff = subSat(rolled.conv, newConv);
    }
    this.dirty.add('individual');
    this.reduceAggregate(massDiff, convDiff);
  }
}

// ── Storage helpers ──

const isSubnetOwnerHotkey = (netuid: number, hotkey: AccountId) => eqBytes(N.SubnetOwnerHotkey.get(netuid), hotkey);
const isPerpetualLock = (coldkey: AccountId, netuid: number) => L.DecayingLock.get(coldkey, netuid) === false;
const readAgg = (s: StoredLock | null, now: bigint) => fromStored(s) ?? emptyLock(now);
const nonEmpty = (l: Lock) => l.mass !== 0n || l.conv > 0n;

export function insertLockState(coldkey: AccountId, netuid: number, hotkey: AccountId, lock: Lock): void {
  if (isZeroLock(lock)) {
    L.LockingColdkeys.remove(netuid, hotkey, coldkey);
    L.Lock.remove(coldkey, netuid, hotkey);
  } else {
    L.LockingColdkeys.set(netuid, hotkey, coldkey, []);
    L.Lock.set(coldkey, netuid, hotkey, toStored(lock));
  }
}
const putHotkeyLock = (netuid: number, hotkey: AccountId, l: Lock) =>
  nonEmpty(l) ? L.HotkeyLock.set(netuid, hotkey, toStored(l)) : L.HotkeyLock.remove(netuid, hotkey);
const putDecayingHotkeyLock = (netuid: number, hotkey: AccountId, l: Lock) =>
  nonEmpty(l) ? L.DecayingHotkeyLock.set(netuid, hotkey, toStored(l)) : L.DecayingHotkeyLock.remove(netuid, hotkey);
const putOwnerLock = (netuid: number, l: Lock) => nonEmpty(l) ? L.OwnerLock.set(netuid, toStored(l)) : L.OwnerLock.remove(netuid);
const putDecayingOwnerLock = (netuid: number, l: Lock) =>
  nonEmpty(l) ? L.DecayingOwnerLock.set(netuid, toStored(l)) : L.DecayingOwnerLock.remove(netuid);

function modelFor(coldkey: AccountId, netuid: number, hotkey: AccountId, now: bigint): ConvictionModel {
  return new ConvictionModel(isSubnetOwnerHotkey(netuid, hotkey), isPerpetualLock(coldkey, netuid),
    fromStored(L.Lock.get(coldkey, netuid, hotkey)) ?? emptyLock(now), {
      perpetualGeneral: readAgg(L.HotkeyLock.get(netuid, hotkey), now),
      decayingGeneral: readAgg(L.DecayingHotkeyLock.get(netuid, hotkey), now),
      perpetualOwner: readAgg(L.OwnerLock.get(netuid), now),
      decayingOwner: readAgg(L.DecayingOwnerLock.get(netuid), now),
    });
}

/** read_conviction_model: the coldkey's lock on the subnet (its hotkey and model), if any. */
function readModel(coldkey: AccountId, netuid: number, now: bigint): [AccountId, ConvictionModel] | null {
  const first = L.Lock.iterPrefix(coldkey, netuid)[0];
  if (!first) return null;
  const hotkey = first[0][2];
  return [hotkey, modelFor(coldkey, netuid, hotkey, now)];
}

function saveModel(coldkey: AccountId, netuid: number, hotkey: AccountId, m: ConvictionModel): void {
  if (m.dirty.has('individual')) insertLockState(coldkey, netuid, hotkey, m.individual);
  if (m.dirty.has('perpetualGeneral')) putHotkeyLock(netuid, hotkey, m.agg.perpetualGeneral);
  if (m.dirty.has('decayingGeneral')) putDecayingHotkeyLock(netuid, hotkey, m.agg.decayingGeneral);
  if (m.dirty.has('perpetualOwner')) putOwnerLock(netuid, m.agg.perpetualOwner);
  if (m.dirty.has('decayingOwner')) putDecayingOwnerLock(netuid, m.agg.decayingOwner);
}

/** add_aggregate_lock: merge an existing lock state into the (coldkey's kind of) aggregate of `hotkey`. */
function addAggregateLock(coldkey: AccountId, hotkey: AccountId, netuid: number, added: Lock): void {
  const now = currentBlock();
  const m = modelFor(coldkey, netuid, hotkey, now);
  m.rollForwardAggregate(now);
  m.addToAggregate(added);
  m.rollForwardAggregate(now);
  saveModel(coldkey, netuid, hotkey, m);
}

/** reduce_aggregate_lock: take mass and conviction out of exactly one aggregate. */
function reduceAggregateLock(coldkey: AccountId, hotkey: AccountId, netuid: number, mass: bigint, conv: bigint): void {
  const now = currentBlock();
  const m = modelFor(coldkey, netuid, hotkey, now);
  m.rollForwardAggregate(now);
  m.reduceAggregate(mass, conv);
  saveModel(coldkey, netuid, hotkey, m);
}

// ── Locked alpha acceptance (AccountFlags bit 0) ──

export const accountRejectsLockedAlpha = (coldkey: AccountId): boolean => (N.AccountFlags.get(coldkey) & ACCEPT_LOCKED_ALPHA) !== 1n;

export function setAcceptLockedAlpha(coldkey: AccountId, enabled: boolean): void {
  let flags = N.AccountFlags.get(coldkey);
  flags = enabled ? flags | ACCEPT_LOCKED_ALPHA : flags & ~ACCEPT_LOCKED_ALPHA;
  if (flags === 0n) N.AccountFlags.remove(coldkey); else N.AccountFlags.set(coldkey, flags);
}

function ensureCanReceiveLockedAlpha(rejects: boolean, amount: bigint): void {
  if (amount !== 0n && rejects) throw fail('AccountRejectsLockedAlpha');
}

// ── Queries ──

/** total_coldkey_alpha_on_subnet: the coldkey's alpha over all hotkeys it stakes to. */
export function totalColdkeyAlphaOnSubnet(coldkey: AccountId, netuid: number): bigint {
  let total = 0n;
  for (const hk of S.StakingHotkeys.get(coldkey)) total = addU64(total, stakeOf(hk, coldkey, netuid));
  return total;
}

/** get_coldkey_lock: the coldkey's lock on the subnet rolled forward to now. */
export function coldkeyLock(coldkey: AccountId, netuid: number): Lock | null {
  const now = currentBlock();
  const found = readModel(coldkey, netuid, now);
  if (!found) return null;
  found[1].rollForward(now);
  return found[1].individual;
}
export const coldkeyLockStored = (coldkey: AccountId, netuid: number): StoredLock | null => {
  const l = coldkeyLock(coldkey, netuid);
  return l && toStored(l);
};

/** stake_availability: (total, locked, available to unstake) of a coldkey on a subnet. */
export function stakeAvailability(coldkey: AccountId, netuid: number): [bigint, bigint, bigint] {
  const total = totalColdkeyAlphaOnSubnet(coldkey, netuid);
  const locked = coldkeyLock(coldkey, netuid)?.mass ?? 0n;
  return [total, locked, subSat(total, locked)];
}

/** ensure_available_to_unstake: StakeUnavailable when `amount` exceeds the coldkey's unlocked alpha on the subnet. */
export function ensureAvailableToUnstake(coldkey: AccountId, netuid: number, amount: bigint): void {
  if (stakeAvailability(coldkey, netuid)[2] < amount) throw fail('StakeUnavailable');
}

/** hotkey_conviction: rolled conviction of every lock to the hotkey (with the owner aggregates for the owner hotkey). */
export function hotkeyConviction(hotkey: AccountId, netuid: number): bigint {
  const now = currentBlock();
  const conv = (s: StoredLock | null, owner: boolean, perpetual: boolean) => {
    const l = fromStored(s);
    return l ? roll(l, now, owner, perpetual).conv : 0n;
  };
  let total = satAdd(U64F64, conv(L.HotkeyLock.get(netuid, hotkey), false, true), conv(L.DecayingHotkeyLock.get(netuid, hotkey), false, false));
  if (isSubnetOwnerHotkey(netuid, hotkey)) {
    total = satAdd(U64F64, total, conv(L.OwnerLock.get(netuid), true, true));
    total = satAdd(U64F64, total, conv(L.DecayingOwnerLock.get(netuid), true, false));
  }
  return total;
}

/** Rolled conviction per hotkey over the subnet's aggregates (subnet_king's scores, in hotkey byte order). */
function convictionScores(netuid: number): Map<string, [AccountId, bigint]> {
  const now = currentBlock();
  const scores = new Map<string, [AccountId, bigint]>();
  const add = (hotkey: AccountId, s: StoredLock, owner: boolean, perpetual: boolean) => {
    const k = Buffer.from(hotkey).toString('hex');
    const prev = scores.get(k)?.[1] ?? 0n;
    scores.set(k, [hotkey, satAdd(U64F64, prev, roll(fromStored(s)!, now, owner, perpetual).conv)]);
  };
  for (const [hk, s] of L.HotkeyLock.iterPrefix(netuid)) add(hk, s, false, true);
  for (const [hk, s] of L.DecayingHotkeyLock.iterPrefix(netuid)) add(hk, s, false, false);
  const ownerLock = L.OwnerLock.get(netuid), decayingOwnerLock = L.DecayingOwnerLock.get(netuid);
  if (ownerLock) add(N.SubnetOwnerHotkey.get(netuid), ownerLock, true, true);
  if (decayingOwnerLock) add(N.SubnetOwnerHotkey.get(netuid), decayingOwnerLock, true, false);
  return scores;
}

/** subnet_king: the hotkey with the highest conviction (the last of equal maxima in AccountId order, as max_by). */
export function subnetKing(netuid: number): AccountId | null {
  const scores = convictionScores(netuid);
  let best: [AccountId, bigint] | null = null;
  for (const k of [...scores.keys()].sort()) {
    const v = scores.get(k)!;
    if (best === null || v[1] >= best[1]) best = v;
  }
  return best?.[0] ?? null;
}

/**
 * change_subnet_owner_if_needed (after a subnet's epoch): a subnet at least ONE_YEAR old whose total rolled
 * conviction is ≥ 10 % of SubnetAlphaOut goes to the most convicted hotkey's owner; the owner aggregates become the
 * old owner hotkey's, the king's become the owner aggregates (the king is registered on the subnet if needed).
 */
export function changeSubnetOwnerIfNeeded(netuid: number): void {
  const alphaOut = S.SubnetAlphaOut.get(netuid);
  if (alphaOut === 0n) return;
  const now = currentBlock();
  if (now < N.NetworkRegisteredAt.get(netuid) + ONE_YEAR) return;
  const scores = convictionScores(netuid);
  let total = 0n;
  for (const [, [, v]] of scores) total = satAdd(U64F64, total, v);
  if (satMul(U64F64, total, u(10n)) < u(alphaOut)) return;
  const king = subnetKing(netuid);
  if (king === null) return;
  const newOwner = ext.ownerOf(king);
  if (newOwner.every(b => b === 0)) return;
  const currentOwner = N.SubnetOwner.get(netuid);
  if (eqBytes(newOwner, currentOwner)) return;
  const oldOwnerHotkey = N.SubnetOwnerHotkey.get(netuid);
  if (ext.uidOf(netuid, king) === null) {
    try { registerNeuron(netuid, king); } catch { return; }
  }
  const rolledOr = (s: StoredLock | null, owner: boolean, perpetual: boolean) => (s ? roll(fromStored(s)!, now, owner, perpetual) : emptyLock(now));
  const sum = (a: Lock, b: Lock): Lock => ({ mass: addU64(a.mass, b.mass), conv: satAdd(U64F64, a.conv, b.conv), last: now });
  const ownerLock = L.OwnerLock.get(netuid);
  if (ownerLock) {
    L.OwnerLock.remove(netuid);
    putHotkeyLock(netuid, oldOwnerHotkey, sum(rolledOr(L.HotkeyLock.get(netuid, oldOwnerHotkey), false, true), rolledOr(ownerLock, true, true)));
  }
  const decayingOwnerLock = L.DecayingOwnerLock.get(netuid);
  if (decayingOwnerLock) {
    L.DecayingOwnerLock.remove(netuid);
    putDecayingHotkeyLock(netuid, oldOwnerHotkey,
      sum(rolledOr(L.DecayingHotkeyLock.get(netuid, oldOwnerHotkey), false, false), rolledOr(decayingOwnerLock, true, false)));
  }
  const kingLock = L.HotkeyLock.get(netuid, king);
  if (kingLock) {
    L.HotkeyLock.remove(netuid, king);
    putOwnerLock(netuid, roll(sum(rolledOr(L.OwnerLock.get(netuid), true, true), rolledOr(kingLock, false, true)), now, true, true));
  }
  const kingDecaying = L.DecayingHotkeyLock.get(netuid, king);
  if (kingDecaying) {
    L.DecayingHotkeyLock.remove(netuid, king);
    putDecayingOwnerLock(netuid, roll(sum(rolledOr(L.DecayingOwnerLock.get(netuid), true, false), rolledOr(kingDecaying, false, false)), now, true, false));
  }
  N.SubnetOwner.set(netuid, newOwner);
  N.SubnetOwnerHotkey.set(netuid, king);
  depositEvent('SubnetOwnerChanged', { netuid, old_coldkey: currentOwner, new_coldkey: newOwner });
}

// ── Calls ──

/** do_lock_stake: create or top up the coldkey's lock on the subnet to `hotkey`. */
export function doLockStake(coldkey: AccountId, netuid: number, hotkey: AccountId, amount: bigint): void {
  if (amount === 0n) throw fail('AmountTooLow');
  if (!ext.hotkeyExists(hotkey)) throw fail('HotKeyAccountNotExists');
  const total = totalColdkeyAlphaOnSubnet(coldkey, netuid);
  const now = currentBlock();
  const found = readModel(coldkey, netuid, now);
  if (found && !eqBytes(found[0], hotkey)) throw fail('LockHotkeyMismatch');
  const m = found ? found[1] : modelFor(coldkey, netuid, hotkey, now);
  m.rollForward(now);
  if (m.individual.mass === 0n && m.individual.conv === 0n) {
    if (total < amount) throw fail('InsufficientStakeForLock');
    m.setRolledIndividual({ mass: amount, conv: 0n, last: now }, now);
  } else {
    const lock = { ...m.individual, mass: addU64(m.individual.mass, amount) };
    if (total < lock.mass) throw fail('InsufficientStakeForLock');
    m.setRolledIndividual(lock, now);
  }
  m.rollForwardAggregate(now);
  m.addToAggregate({ mass: amount, conv: 0n, last: now });
  m.rollForwardAggregate(now);
  saveModel(coldkey, netuid, hotkey, m);
  depositEvent('StakeLocked', { coldkey, hotkey, netuid, amount });
}

/** do_move_lock: move the coldkey's lock on the subnet to another hotkey (conviction kept only within one owner). */
export function doMoveLock(coldkey: AccountId, destinationHotkey: AccountId, netuid: number): void {
  if (!ext.hotkeyExists(destinationHotkey)) throw fail('HotKeyAccountNotExists');
  const now = currentBlock();
  const found = readModel(coldkey, netuid, now);
  if (!found) throw fail('NoExistingLock');
  const [originHotkey, m] = found;
  m.rollForward(now);
  const removed = m.individual;
  let lock: Lock = { ...m.individual };
  if (!eqBytes(ext.ownerOf(originHotkey), ext.ownerOf(destinationHotkey))) lock.conv = 0n;
  lock = roll(lock, now, isSubnetOwnerHotkey(netuid, destinationHotkey), isPerpetualLock(coldkey, netuid));
  L.Lock.remove(coldkey, netuid, originHotkey);
  L.LockingColdkeys.remove(netuid, originHotkey, coldkey);
  insertLockState(coldkey, netuid, destinationHotkey, lock);
  reduceAggregateLock(coldkey, originHotkey, netuid, removed.mass, removed.conv);
  addAggregateLock(coldkey, destinationHotkey, netuid, lock);
  depositEvent('LockMoved', { coldkey, origin_hotkey: originHotkey, destination_hotkey: destinationHotkey, netuid });
}

/** do_set_perpetual_lock: switch the coldkey's lock on the subnet between perpetual and decaying. */
export function doSetPerpetualLock(coldkey: AccountId, netuid: number, enabled: boolean): void {
  const now = currentBlock();
  const current = isPerpetualLock(coldkey, netuid);
  const found = readModel(coldkey, netuid, now);
  if (found) {
    const [hotkey, m] = found;
    m.rollForward(now);
    const rolled = m.individual;
    saveModel(coldkey, netuid, hotkey, m);
    if (current !== enabled) reduceAggregateLock(coldkey, hotkey, netuid, rolled.mass, rolled.conv);
  }
  if (enabled) L.DecayingLock.set(coldkey, netuid, false); else L.DecayingLock.remove(coldkey, netuid);
  if (current !== enabled) {
    const again = readModel(coldkey, netuid, now);
    if (again) addAggregateLock(coldkey, again[0], netuid, again[1].individual);
  }
  depositEvent('PerpetualLockUpdated', { coldkey, netuid, enabled });
}

// ── Effects of other operations ──

/** force_reduce_lock: lower the lock by `amount` (conviction proportionally), e.g. when dust stake is cleared. */
export function forceReduceLock(coldkey: AccountId, netuid: number, amount: bigint): void {
  const now = currentBlock();
  const found = readModel(coldkey, netuid, now);
  if (!found) return;
  const [hotkey, m] = found;
  m.rollForward(now);
  m.rollForwardAggregate(now);
  m.forceReduceIndividual(amount, now);
  saveModel(coldkey, netuid, hotkey, m);
}

/** cleanup_lock_if_zero: roll the coldkey's lock forward and store it (a decayed-away lock is removed). */
export function cleanupLockIfZero(coldkey: AccountId, netuid: number): void {
  const now = currentBlock();
  const found = readModel(coldkey, netuid, now);
  if (!found) return;
  found[1].rollForward(now);
  saveModel(coldkey, netuid, found[0], found[1]);
}

/** auto_lock_owner_cut: with OwnerCutAutoLockEnabled, the owner cut paid to the owner is locked (to its lock's hotkey). */
export function autoLockOwnerCut(netuid: number, amount: bigint): void {
  if (!N.OwnerCutAutoLockEnabled.get(netuid)) return;
  const owner = N.SubnetOwner.get(netuid);
  const existing = readModel(owner, netuid, currentBlock());
  const hotkey = existing ? existing[0] : N.SubnetOwnerHotkey.get(netuid);
  try { doLockStake(owner, netuid, hotkey, amount); } catch { /* only a zero amount fails: nothing to lock */ }
}

/**
 * transfer_lock: a stake transfer of `amount` between coldkeys on one subnet takes the part of it beyond the sender's
 * unlocked alpha out of the sender's lock (conviction pro rata) into the receiver's, which must lock to the same
 * hotkey and accept locked alpha.
 */
export function transferLock(origin: AccountId, destination: AccountId, netuid: number, amount: bigint): void {
  const now = currentBlock();
  if (eqBytes(origin, destination) || amount === 0n) return;
  const totalAlpha = totalColdkeyAlphaOnSubnet(origin, netuid);
  const src = readModel(origin, netuid, now);
  if (!src) return;
  const [sourceHotkey, sourceModel] = src;
  sourceModel.rollForward(now);
  let sourceLock = { ...sourceModel.individual };
  const dst = readModel(destination, netuid, now);
  let destinationLock: Lock = emptyLock(now);
  let destinationHotkey = sourceHotkey;
  if (dst) {
    dst[1].rollForward(now);
    destinationHotkey = dst[0];
    destinationLock = { ...dst[1].individual };
  }
  const available = subSat(totalAlpha, sourceLock.mass);
  const remaining = subSat(amount, amount < available ? amount : available);
  let lockedTransfer = 0n, convictionTransfer = 0n;
  if (remaining !== 0n) {
    if (dst && !eqBytes(dst[0], sourceHotkey)) throw fail('LockHotkeyMismatch');
    lockedTransfer = remaining < sourceLock.mass ? remaining : sourceLock.mass;
    convictionTransfer = lockedTransfer === 0n || sourceLock.mass === 0n ? 0n
      : satMul(U64F64, sourceLock.conv, safeDiv(U64F64, u(lockedTransfer), u(sourceLock.mass)));
    sourceLock = { ...sourceLock, mass: subSat(sourceLock.mass, lockedTransfer), conv: subSat(sourceLock.conv, convictionTransfer) };
    destinationLock = { ...destinationLock, mass: addU64(destinationLock.mass, lockedTransfer), conv: satAdd(U64F64, destinationLock.conv, convictionTransfer) };
  }
  ensureCanReceiveLockedAlpha(accountRejectsLockedAlpha(destination), lockedTransfer);
  sourceLock = roll(sourceLock, now, isSubnetOwnerHotkey(netuid, sourceHotkey), isPerpetualLock(origin, netuid));
  destinationLock = roll(destinationLock, now, isSubnetOwnerHotkey(netuid, destinationHotkey), isPerpetualLock(destination, netuid));
  insertLockState(origin, netuid, sourceHotkey, sourceLock);
  insertLockState(destination, netuid, destinationHotkey, destinationLock);
  if (lockedTransfer !== 0n) {
    reduceAggregateLock(origin, sourceHotkey, netuid, lockedTransfer, convictionTransfer);
    addAggregateLock(destination, destinationHotkey, netuid, { mass: lockedTransfer, conv: convictionTransfer, last: now });
  }
}

/** ensure_no_active_locks: ActiveLockExists when any of the coldkey's locks still has mass. */
function ensureNoActiveLocks(coldkey: AccountId): void {
  const now = currentBlock();
  for (const [[, netuid, hotkey], s] of L.Lock.iterPrefix(coldkey)) {
    if (roll(fromStored(s)!, now, isSubnetOwnerHotkey(netuid, hotkey), isPerpetualLock(coldkey, netuid)).mass > 0n)
      throw fail('ActiveLockExists');
  }
}

/** swap_coldkey_locks: every lock, perpetual flag and AccountFlags of the old coldkey move to the new one. */
export function swapColdkeyLocks(oldColdkey: AccountId, newColdkey: AccountId): void {
  ensureNoActiveLocks(newColdkey);
  const now = currentBlock();
  const rejects = accountRejectsLockedAlpha(newColdkey);
  const decayingFlags = L.DecayingLock.iterPrefix(oldColdkey);
  const moved: [number, AccountId, Lock, boolean][] = [];
  for (const [[, netuid, hotkey], s] of L.Lock.iterPrefix(oldColdkey)) {
    const perpetual = decayingFlags.some(([n, d]) => n === netuid && !d);
    const rolled = roll(fromStored(s)!, now, isSubnetOwnerHotkey(netuid, hotkey), perpetual);
    ensureCanReceiveLockedAlpha(rejects, rolled.mass);
    moved.push([netuid, hotkey, rolled, perpetual]);
  }
  for (const [netuid, hotkey, lock] of moved) {
    L.Lock.remove(oldColdkey, netuid, hotkey);
    L.LockingColdkeys.remove(netuid, hotkey, oldColdkey);
    reduceAggregateLock(oldColdkey, hotkey, netuid, lock.mass, lock.conv);
  }
  for (const [netuid] of decayingFlags) {
    const d = L.DecayingLock.get(oldColdkey, netuid);
    if (d !== null) { L.DecayingLock.remove(oldColdkey, netuid); L.DecayingLock.set(newColdkey, netuid, d); }
  }
  const flags = N.AccountFlags.get(oldColdkey);
  N.AccountFlags.remove(oldColdkey);
  if (flags !== 0n) N.AccountFlags.set(newColdkey, flags); else N.AccountFlags.remove(newColdkey);
  for (const [netuid, hotkey, lock, perpetual] of moved) {
    const next = roll(lock, now, isSubnetOwnerHotkey(netuid, hotkey), perpetual);
    insertLockState(newColdkey, netuid, hotkey, next);
    addAggregateLock(newColdkey, hotkey, netuid, next);
  }
}

/** swap_hotkey_locks(_on_subnet): locks to the old hotkey, and its aggregates, move to the new hotkey. */
export function swapHotkeyLocks(oldHotkey: AccountId, newHotkey: AccountId, netuids: number[]): void {
  const targets: [number, boolean, boolean][] = [];
  for (const netuid of netuids) {
    const oldIsOwner = isSubnetOwnerHotkey(netuid, oldHotkey);
    const newIsOwner = isSubnetOwnerHotkey(netuid, newHotkey);
    if (oldIsOwner || newIsOwner || L.HotkeyLock.contains(netuid, oldHotkey) || L.DecayingHotkeyLock.contains(netuid, oldHotkey))
      targets.push([netuid, oldIsOwner, oldIsOwner || newIsOwner]);
  }
  const locks: [AccountId, number, Lock][] = [];
  for (const [netuid] of targets) {
    for (const [[, , coldkey]] of L.LockingColdkeys.iterPrefix(netuid, oldHotkey)) {
      const s = L.Lock.get(coldkey, netuid, oldHotkey);
      if (s) locks.push([coldkey, netuid, fromStored(s)!]);
      else L.LockingColdkeys.remove(netuid, oldHotkey, coldkey);
    }
  }
  const now = currentBlock();
  for (const [coldkey, netuid, lock] of locks) {
    const [, oldOwner, newOwner] = targets.find(x => x[0] === netuid)!;
    const perpetual = isPerpetualLock(coldkey, netuid);
    const movedLock = roll(roll(lock, now, oldOwner, perpetual), now, newOwner, perpetual);
    L.Lock.remove(coldkey, netuid, oldHotkey);
    L.LockingColdkeys.remove(netuid, oldHotkey, coldkey);
    insertLockState(coldkey, netuid, newHotkey, movedLock);
  }
  for (const [netuid, oldWasOwner, newIsOwner] of targets) {
    const take = (owner: boolean, perpetual: boolean): Lock | null => {
      let s: StoredLock | null;
      if (owner) {
        s = perpetual ? L.OwnerLock.get(netuid) : L.DecayingOwnerLock.get(netuid);
        if (perpetual) L.OwnerLock.remove(netuid); else L.DecayingOwnerLock.remove(netuid);
      } else {
        s = perpetual ? L.HotkeyLock.get(netuid, oldHotkey) : L.DecayingHotkeyLock.get(netuid, oldHotkey);
        if (perpetual) L.HotkeyLock.remove(netuid, oldHotkey); else L.DecayingHotkeyLock.remove(netuid, oldHotkey);
      }
      return s && roll(fromStored(s)!, now, owner, perpetual);
    };
    const perpetualLock = take(oldWasOwner, true);
    const decayingLock = take(oldWasOwner, false);
    if (perpetualLock) {
      const l = roll(perpetualLock, now, newIsOwner, true);
      if (newIsOwner) putOwnerLock(netuid, l); else putHotkeyLock(netuid, newHotkey, l);
    }
    if (decayingLock) {
      const l = roll(decayingLock, now, newIsOwner, false);
      if (newIsOwner) putDecayingOwnerLock(netuid, l); else putDecayingHotkeyLock(netuid, newHotkey, l);
    }
  }
}

/** destroy_lock_maps: every lock item of a dissolved subnet. */
export function destroyLockMaps(netuid: number): void {
  for (const [[, hotkey, coldkey]] of L.LockingColdkeys.iterPrefix(netuid)) L.Lock.remove(coldkey, netuid, hotkey);
  L.LockingColdkeys.removePrefix(netuid);
  L.HotkeyLock.removePrefix(netuid);
  L.DecayingHotkeyLock.removePrefix(netuid);
  L.OwnerLock.remove(netuid);
  L.DecayingOwnerLock.remove(netuid);
  for (const [coldkey, n] of L.DecayingLock.entries()) if (n === netuid) L.DecayingLock.remove(coldkey, netuid);
}


const LT = { hotkey: 'T::AccountId', destination_hotkey: 'T::AccountId', netuid: 'NetUid', amount: 'AlphaBalance', enabled: 'bool' };
export const lockCalls: Record<string, CallDecl<any>> = {
  lock_stake: call<{ hotkey: AccountId; netuid: number; amount: bigint }>({
    index: 136, args: { hotkey: AccountId32, netuid: NetUid, amount: AlphaBalance }, typeNames: LT,
    docs: [' Locks stake on a subnet to a specific hotkey, building conviction over time.',
      ' A new lock is created when none exists for (coldkey, subnet); otherwise the hotkey must match the',
      ' existing lock\'s and the amount tops it up after rolling the lock forward.'],
    fn: (o: Origin, a) => doLockStake(ensureSigned(o), a.netuid, a.hotkey, a.amount),
  }),
  move_lock: call<{ destination_hotkey: AccountId; netuid: number }>({
    index: 137, args: { destination_hotkey: AccountId32, netuid: NetUid }, typeNames: LT,
    docs: [' Moves the caller\'s lock on a subnet to another hotkey; conviction is reset unless both hotkeys have',
      ' the same owner.'],
    fn: (o: Origin, a) => doMoveLock(ensureSigned(o), a.destination_hotkey, a.netuid),
  }),
  set_perpetual_lock: call<{ netuid: number; enabled: boolean }>({
    index: 138, args: { netuid: NetUid, enabled: t.bool }, typeNames: LT,
    docs: [' Sets or clears the caller\'s perpetual lock flag for a subnet (a perpetual lock does not decay).'],
    fn: (o: Origin, a) => doSetPerpetualLock(ensureSigned(o), a.netuid, a.enabled),
  }),
  set_reject_locked_alpha: call<{ enabled: boolean }>({
    index: 142, args: { enabled: t.bool }, typeNames: LT,
    docs: [' Sets or clears whether the caller rejects incoming locked alpha (rejected by default).'],
    fn: (o: Origin, { enabled }) => {
      const coldkey = ensureSigned(o);
      setAcceptLockedAlpha(coldkey, !enabled);
      depositEvent('RejectLockedAlphaUpdated', { coldkey, enabled });
    },
  }),
};
