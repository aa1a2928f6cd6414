// pallet_balances (index 5) with u64 balances and ExistentialDeposit 500. Account data lives in System.Account
// (AccountStore = System). Invariant kept by every function here: Σ(free + reserved) over all accounts equals
// TotalIssuance — balance only appears through `mint` and disappears through `withdraw`/dust removal.
//
// Reference counting follows frame: an account with a non-zero balance holds one provider reference; dropping to
// zero removes it (and reaps the account if nothing else provides). A free balance below the ED with nothing
// reserved is dust: it is removed from the account and from TotalIssuance (DustLost).
import * as t from '../../codec/types.ts';
import { definePallet, call } from '../../frame/pallet.ts';
import { value, map } from '../../frame/storage.ts';
import { ensureRoot, ensureSigned, DispatchError } from '../../frame/dispatch.ts';
import { AccountId32, MultiAddress, lookupAddress, type AccountId } from '../../primitives.ts';
import { bytesEqual } from '../../codec/scale.ts';
import { System, incProviders, decProviders } from '../system/index.ts';
import { AccountData, NEW_LOGIC_FLAG, type AccountDataValue } from '../system/types.ts';

export const EXISTENTIAL_DEPOSIT = 500n;

// pallet_balances::weights::SubstrateWeight (benchmarked ref_time, proof size) plus RocksDbWeight reads (25 µs) and
// writes (100 µs) — the WeightInfo subtensor's runtime uses.
const RD = 25_000_000n;
const WR = 100_000_000n;
const bw = (refTime: bigint, proofSize: bigint, reads = 0n, writes = 0n) => ({ refTime: refTime + reads * RD + writes * WR, proofSize });
const U64_MAX = (1n << 64n) - 1n;

const BalanceLock = t.struct(['pallet_balances', 'types', 'BalanceLock'], {
  id: t.fixedBytes(8), amount: t.u64,
  reasons: t.enumOf(['pallet_balances', 'types', 'Reasons'], { Fee: null, Misc: null, All: null }),
}, { params: [{ name: 'Balance', type: t.u64 }], typeNames: { id: 'LockIdentifier', amount: 'Balance', reasons: 'Reasons' } });
const ReserveData = t.struct(['pallet_balances', 'types', 'ReserveData'], { id: t.fixedBytes(8), amount: t.u64 }, {
  params: [{ name: 'ReserveIdentifier', type: t.fixedBytes(8) }, { name: 'Balance', type: t.u64 }],
  typeNames: { id: 'ReserveIdentifier', amount: 'Balance' },
});
// The runtime's hold / freeze reasons: subtensor has holds for Preimage (14), Registry (17), SafeMode (20) and
// Contracts (29); the pallets composed here declare theirs.
const RuntimeHoldReason = t.enumOf(['node_subtensor_runtime', 'RuntimeHoldReason'], {
  Preimage: { index: 14, fields: t.enumOf(['pallet_preimage', 'pallet', 'HoldReason'], { Preimage: null }), typeNames: ['pallet_preimage::HoldReason'] },
  SafeMode: { index: 20, fields: t.enumOf(['pallet_safe_mode', 'pallet', 'HoldReason'], { EnterOrExtend: null }), typeNames: ['pallet_safe_mode::HoldReason'] },
});
const RuntimeFreezeReason = t.enumOf(['node_subtensor_runtime', 'RuntimeFreezeReason'], {});
const idAmount = (id: t.Codec<any>) => t.struct(['frame_support', 'traits', 'tokens', 'misc', 'IdAmount'], { id, amount: t.u64 }, {
  params: [{ name: 'Id', type: id }, { name: 'Balance', type: t.u64 }], typeNames: { id: 'Id', amount: 'Balance' },
});
const AdjustmentDirection = t.enumOf(['pallet_balances', 'types', 'AdjustmentDirection'], { Increase: null, Decrease: null });
const BalanceStatus = t.enumOf(['frame_support', 'traits', 'tokens', 'misc', 'BalanceStatus'], { Free: null, Reserved: null });

const who = { who: AccountId32, amount: t.u64 };
const whoNames = { who: 'T::AccountId', amount: 'T::Balance' };

export const Balances = definePallet({
  name: 'Balances',
  index: 5,
  crate: 'pallet_balances',
  typeParams: ['T', 'I'],
  storage: {
    TotalIssuance: value(t.u64, { default: 0n, docs: [' The total units issued in the system.'] }),
    InactiveIssuance: value(t.u64, { default: 0n, docs: [' The total units of outstanding deactivated balance in the system.'] }),
    Account: map('Blake2_128Concat', AccountId32, AccountData, { default: { free: 0n, reserved: 0n, frozen: 0n, flags: NEW_LOGIC_FLAG }, docs: [' The Balances pallet example of storing the balance of an account (unused: AccountStore is System).'] }),
    Locks: map('Blake2_128Concat', AccountId32, t.vec(BalanceLock), { default: [], docs: [' Any liquidity locks on some account balances.'] }),
    Reserves: map('Blake2_128Concat', AccountId32, t.vec(ReserveData), { default: [], docs: [' Named reserves on some account balances.'] }),
    Holds: map('Blake2_128Concat', AccountId32, t.vec(idAmount(RuntimeHoldReason)), { default: [], docs: [' Holds on account balances.'] }),
    Freezes: map('Blake2_128Concat', AccountId32, t.vec(idAmount(RuntimeFreezeReason)), { default: [], docs: [' Freeze locks on account balances.'] }),
  },
  calls: {
    transfer_allow_death: call<{ dest: t.EnumValue; value: bigint }>({
      index: 0, args: { dest: MultiAddress, value: t.compact(t.u64) }, typeNames: { dest: 'AccountIdLookupOf<T>', value: 'T::Balance' },
      weight: bw(48_363_000n, 3593n, 1n, 1n),
      docs: [' Transfer some liquid free balance to another account.'],
      fn(origin, { dest, value }) { transfer(ensureSigned(origin), lookup(dest), value, false); },
    }),
    force_transfer: call<{ source: t.EnumValue; dest: t.EnumValue; value: bigint }>({
      index: 2, args: { source: MultiAddress, dest: MultiAddress, value: t.compact(t.u64) },
      typeNames: { source: 'AccountIdLookupOf<T>', dest: 'AccountIdLookupOf<T>', value: 'T::Balance' },
      weight: bw(49_944_000n, 6196n, 2n, 2n),
      docs: [' Exactly as `transfer_allow_death`, except the origin must be root and the source account may be specified.'],
      fn(origin, { source, dest, value }) { ensureRoot(origin); transfer(lookup(source), lookup(dest), value, false); },
    }),
    transfer_keep_alive: call<{ dest: t.EnumValue; value: bigint }>({
      index: 3, args: { dest: MultiAddress, value: t.compact(t.u64) }, typeNames: { dest: 'AccountIdLookupOf<T>', value: 'T::Balance' },
      weight: bw(38_159_000n, 3593n, 1n, 1n),
      docs: [' Same as the `transfer_allow_death` call, but with a check that the transfer will not kill the origin account.'],
      fn(origin, { dest, value }) { transfer(ensureSigned(origin), lookup(dest), value, true); },
    }),
    transfer_all: call<{ dest: t.EnumValue; keep_alive: boolean }>({
      index: 4, args: { dest: MultiAddress, keep_alive: t.bool }, typeNames: { dest: 'AccountIdLookupOf<T>', keep_alive: 'bool' },
      weight: bw(47_385_000n, 3593n, 1n, 1n),
      docs: [' Transfer the entire transferable balance from the caller account.'],
      fn(origin, { dest, keep_alive }) {
        const from = ensureSigned(origin);
        const to = lookup(dest);
        transfer(from, to, reducibleBalance(from, keep_alive), keep_alive);
      },
    }),
    force_unreserve: call<{ who: t.EnumValue; amount: bigint }>({
      index: 5, args: { who: MultiAddress, amount: t.u64 }, typeNames: { who: 'AccountIdLookupOf<T>', amount: 'T::Balance' },
      weight: bw(17_233_000n, 3593n, 1n, 1n),
      docs: [' Unreserve some balance from a user by force.'],
      fn(origin, { who, amount }) { ensureRoot(origin); unreserve(lookup(who), amount); },
    }),
    upgrade_accounts: call<{ who: Uint8Array[] }>({
      index: 6, args: { who: t.vec(AccountId32) }, typeNames: { who: 'Vec<T::AccountId>' },
      weight: a => { const u = BigInt(a.who.length); return bw(16_588_000n + 13_973_659n * u, 990n + 2603n * u, u, u); },
      docs: [' Upgrade a specified account.'],
      // Every account here already uses the new logic (flags bit 127), so there is nothing to upgrade.
      fn(origin) { ensureSigned(origin); },
    }),
    force_set_balance: call<{ who: t.EnumValue; new_free: bigint }>({
      index: 8, args: { who: MultiAddress, new_free: t.compact(t.u64) }, typeNames: { who: 'AccountIdLookupOf<T>', new_free: 'T::Balance' },
      // max(force_set_balance_creating, force_set_balance_killing)
      weight: bw(19_929_000n, 3593n, 1n, 1n),
      docs: [' Set the regular balance of a given account.'],
      fn(origin, { who, new_free }) {
        ensureRoot(origin);
        const acct = lookup(who);
        const free = new_free < EXISTENTIAL_DEPOSIT ? 0n : new_free;
        const old = accountData(acct).free;
        if (free > old) addIssuance(free - old); else subIssuance(old - free);
        mutateAccount(acct, d => { d.free = free; });
        Balances.deposit('BalanceSet', { who: acct, free });
      },
    }),
    force_adjust_total_issuance: call<{ direction: t.EnumValue; delta: bigint }>({
      index: 9, args: { direction: AdjustmentDirection, delta: t.compact(t.u64) }, typeNames: { direction: 'AdjustmentDirection', delta: 'T::Balance' },
      weight: bw(6_594_000n, 0n),
      docs: [' Adjust the total issuance in a saturating way.'],
      fn(origin, { direction, delta }) {
        ensureRoot(origin);
        if (delta === 0n) throw Balances.error('DeltaZero');
        const old = totalIssuance();
        const next = direction.type === 'Increase' ? old + delta : old - delta;
        if (next > U64_MAX) throw DispatchError.arithmetic('Overflow');
        if (next < 0n) throw DispatchError.arithmetic('Underflow');
        if (Balances.storage.InactiveIssuance.get() > next) throw Balances.error('IssuanceDeactivated');
        Balances.storage.TotalIssuance.set(next);
        Balances.deposit('TotalIssuanceForced', { old, new: next });
      },
    }),
    burn: call<{ value: bigint; keep_alive: boolean }>({
      index: 10, args: { value: t.compact(t.u64), keep_alive: t.bool }, typeNames: { value: 'T::Balance', keep_alive: 'bool' },
      weight: a => (a.keep_alive ? bw(20_711_000n, 0n) : bw(30_968_000n, 0n)),
      docs: [' Burn the specified liquid free balance from the origin account.'],
      fn(origin, { value, keep_alive }) {
        const from = ensureSigned(origin);
        decrease(from, value, keep_alive);
        subIssuance(value);
        Balances.deposit('Burned', { who: from, amount: value });
      },
    }),
  },
  events: {
    Endowed: { fields: { account: AccountId32, free_balance: t.u64 }, typeNames: { account: 'T::AccountId', free_balance: 'T::Balance' }, docs: [' An account was created with some free balance.'] },
    DustLost: { fields: { account: AccountId32, amount: t.u64 }, typeNames: { account: 'T::AccountId', amount: 'T::Balance' }, docs: [' An account was removed whose balance was non-zero but below ExistentialDeposit,', ' resulting in an outright loss.'] },
    Transfer: { fields: { from: AccountId32, to: AccountId32, amount: t.u64 }, typeNames: { from: 'T::AccountId', to: 'T::AccountId', amount: 'T::Balance' }, docs: [' Transfer succeeded.'] },
    BalanceSet: { fields: { who: AccountId32, free: t.u64 }, typeNames: { who: 'T::AccountId', free: 'T::Balance' }, docs: [' A balance was set by root.'] },
    Reserved: { fields: who, typeNames: whoNames, docs: [' Some balance was reserved (moved from free to reserved).'] },
    Unreserved: { fields: who, typeNames: whoNames, docs: [' Some balance was unreserved (moved from reserved to free).'] },
    ReserveRepatriated: {
      fields: { from: AccountId32, to: AccountId32, amount: t.u64, destination_status: BalanceStatus },
      typeNames: { from: 'T::AccountId', to: 'T::AccountId', amount: 'T::Balance', destination_status: 'Status' },
      docs: [' Some balance was moved from the reserve of the first account to the second account.'],
    },
    Deposit: { fields: who, typeNames: whoNames, docs: [' Some amount was deposited (e.g. for transaction fees).'] },
    Withdraw: { fields: who, typeNames: whoNames, docs: [' Some amount was withdrawn from the account (e.g. for transaction fees).'] },
    Slashed: { fields: who, typeNames: whoNames, docs: [' Some amount was removed from the account (e.g. for misbehavior).'] },
    Minted: { fields: who, typeNames: whoNames, docs: [' Some amount was minted into an account.'] },
    Burned: { fields: who, typeNames: whoNames, docs: [' Some amount was burned from an account.'] },
    Suspended: { fields: who, typeNames: whoNames, docs: [' Some amount was suspended from an account (it can be restored later).'] },
    Restored: { fields: who, typeNames: whoNames, docs: [' Some amount was restored into an account.'] },
    Upgraded: { fields: { who: AccountId32 }, typeNames: { who: 'T::AccountId' }, docs: [' An account was upgraded.'] },
    Issued: { fields: { amount: t.u64 }, typeNames: { amount: 'T::Balance' }, docs: [' Total issuance was increased by `amount`, creating a credit to be balanced.'] },
    Rescinded: { fields: { amount: t.u64 }, typeNames: { amount: 'T::Balance' }, docs: [' Total issuance was decreased by `amount`, creating a debt to be balanced.'] },
    Locked: { fields: who, typeNames: whoNames, docs: [' Some balance was locked.'] },
    Unlocked: { fields: who, typeNames: whoNames, docs: [' Some balance was unlocked.'] },
    Frozen: { fields: who, typeNames: whoNames, docs: [' Some balance was frozen.'] },
    Thawed: { fields: who, typeNames: whoNames, docs: [' Some balance was thawed.'] },
    TotalIssuanceForced: { fields: { old: t.u64, new: t.u64 }, typeNames: { old: 'T::Balance', new: 'T::Balance' }, docs: [' The `TotalIssuance` was forcefully changed.'] },
  },
  errors: {
    VestingBalance: ' Vesting balance too high to send value.',
    LiquidityRestrictions: ' Account liquidity restrictions prevent withdrawal.',
    InsufficientBalance: ' Balance too low to send value.',
    ExistentialDeposit: ' Value too low to create account due to existential deposit.',
    Expendability: ' Transfer/payment would kill account.',
    ExistingVestingSchedule: ' A vesting schedule already exists for this account.',
    DeadAccount: ' Beneficiary account must pre-exist.',
    TooManyReserves: ' Number of named reserves exceed `MaxReserves`.',
    TooManyHolds: ' Number of holds exceed `VariantCountOf<T::RuntimeHoldReason>`.',
    TooManyFreezes: ' Number of freezes exceed `MaxFreezes`.',
    IssuanceDeactivated: ' The issuance cannot be modified since it is already deactivated.',
    DeltaZero: ' The delta cannot be zero.',
  },
  constants: {
    ExistentialDeposit: { type: t.u64, value: EXISTENTIAL_DEPOSIT, docs: [' The minimum amount required to keep an account open. MUST BE GREATER THAN ZERO!'] },
    MaxLocks: { type: t.u32, value: 50, docs: [' The maximum number of locks that should exist on an account.'] },
    MaxReserves: { type: t.u32, value: 50, docs: [' The maximum number of named reserves that can exist on an account.'] },
    MaxFreezes: { type: t.u32, value: 50, docs: [' The maximum number of individual freeze locks that can exist on an account at any time.'] },
  },
  genesis(config: { balances?: [AccountId, bigint][] }) {
    let total = 0n;
    for (const [acct, amount] of config.balances ?? []) {
      if (amount < EXISTENTIAL_DEPOSIT) throw new Error('genesis balance below the existential deposit');
      const info = System.storage.Account.get(acct);
      if (info.data.free + info.data.reserved > 0n) throw new Error('duplicate genesis balance');
      info.providers += 1;
      info.data.free = amount;
      System.storage.Account.set(acct, info);
      total += amount;
    }
    Balances.storage.TotalIssuance.set(Balances.storage.TotalIssuance.get() + total);
  },
});

function lookup(addr: t.EnumValue): AccountId {
  const acct = lookupAddress(addr);
  if (!acct) throw DispatchError.cannotLookup();
  return acct;
}

// ---------------------------------------------------------------------------------------------------------------
// Account data and issuance

/** `who`'s balance data, read-only: every caller only looks at it (changes go through mutateAccount), so the
 *  storage's shared decoded value is used without a copy. */
function accountData(who: AccountId): Readonly<AccountDataValue> {
  return System.storage.Account.peek(who).data;
}

/**
 * Mutates `who`'s balance data, then applies frame's existence rules: dust below the ED is removed (and burned from
 * TotalIssuance), the provider reference follows whether the account holds any balance, and a reaped account is
 * removed from System.Account.
 */
function mutateAccount(who: AccountId, f: (d: AccountDataValue) => void): void {
  const info = System.storage.Account.get(who);
  const before = info.data.free + info.data.reserved;
  const data = { ...info.data };
  f(data);
  let dust = 0n;
  if (data.free < EXISTENTIAL_DEPOSIT && data.reserved === 0n && data.free > 0n) {
    dust = data.free;
    data.free = 0n;
  }
  const after = data.free + data.reserved;
  info.data = data;
  System.storage.Account.set(who, info);
  if (before === 0n && after > 0n) {
    incProviders(who);
    Balances.deposit('Endowed', { account: who, free_balance: data.free });
  } else if (before > 0n && after === 0n) {
    decProviders(who);
  } else if (after === 0n && !hasReferences(who)) {
    // Never had a balance and nothing references it: do not leave an empty entry behind.
    System.storage.Account.remove(who);
  }
  if (dust > 0n) {
    subIssuance(dust);
    Balances.deposit('DustLost', { account: who, amount: dust });
  }
}

function hasReferences(who: AccountId): boolean {
  const a = System.storage.Account.get(who);
  return a.providers > 0 || a.sufficients > 0 || a.consumers > 0 || a.nonce > 0;
}

function addIssuance(amount: bigint): void {
  const ti = totalIssuance() + amount;
  if (ti > U64_MAX) throw DispatchError.arithmetic('Overflow');
  Balances.storage.TotalIssuance.set(ti);
}

function subIssuance(amount: bigint): void {
  const ti = totalIssuance() - amount;
  Balances.storage.TotalIssuance.set(ti < 0n ? 0n : ti);
}

/** What `who` can move out: free minus the ED when the account must stay alive (frame's reducible_balance). */
export function reducibleBalance(who: AccountId, keepAlive: boolean): bigint {
  const d = accountData(who);
  const untouchable = keepAlive && d.free > 0n ? EXISTENTIAL_DEPOSIT : 0n;
  const liquid = d.free - (d.frozen > d.reserved ? d.frozen - d.reserved : 0n);
  const r = liquid - untouchable;
  return r > 0n ? r : 0n;
}

/** Checks a withdrawal of `amount` the way fungible::can_withdraw + into_result(keep_alive) does. */
function checkWithdraw(who: AccountId, amount: bigint, keepAlive: boolean): void {
  if (amount === 0n) return;
  const d = accountData(who);
  if (amount > d.free) throw DispatchError.token('FundsUnavailable');
  const rest = d.free - amount;
  if (keepAlive && rest < EXISTENTIAL_DEPOSIT) throw DispatchError.token('NotExpendable');
  if (d.frozen > d.reserved && rest < d.frozen - d.reserved) throw DispatchError.token('Frozen');
}

function checkDeposit(who: AccountId, amount: bigint): void {
  if (amount === 0n) return;
  const d = accountData(who);
  if (d.free + d.reserved === 0n && amount < EXISTENTIAL_DEPOSIT) throw DispatchError.token('BelowMinimum');
  if (d.free + amount > U64_MAX || totalIssuance() + amount > U64_MAX) throw DispatchError.arithmetic('Overflow');
}

function decrease(who: AccountId, amount: bigint, keepAlive: boolean): void {
  checkWithdraw(who, amount, keepAlive);
  if (amount === 0n) return;
  mutateAccount(who, d => { d.free -= amount; });
}

// ---------------------------------------------------------------------------------------------------------------
// Currency functions for other pallets (all throw DispatchError; the caller's storage layer rolls back).

export function freeBalance(who: AccountId): bigint {
  return accountData(who).free;
}

export function reservedBalance(who: AccountId): bigint {
  return accountData(who).reserved;
}

export function totalBalance(who: AccountId): bigint {
  const d = accountData(who);
  return d.free + d.reserved;
}

export function totalIssuance(): bigint {
  return Balances.storage.TotalIssuance.get();
}

/** Moves `amount` of free balance. keepAlive: the sender must keep at least the ED (NotExpendable otherwise).
 *  A new recipient must receive at least the ED (BelowMinimum). Emits Transfer. */
export function transfer(from: AccountId, to: AccountId, amount: bigint, keepAlive: boolean): void {
  checkWithdraw(from, amount, keepAlive);
  checkDeposit(to, amount);
  // fungible::Mutate::transfer returns early (no event) for a self-transfer; a zero transfer moves nothing.
  if (bytesEqual(from, to)) return;
  if (amount === 0n) { Balances.deposit('Transfer', { from, to, amount }); return; }
  mutateAccount(from, d => { d.free -= amount; });
  mutateAccount(to, d => { d.free += amount; });
  Balances.deposit('Transfer', { from, to, amount });
}

/** Can `amount` be withdrawn from `who` (fungible::can_withdraw semantics)? */
export function canWithdraw(who: AccountId, amount: bigint, keepAlive: boolean): boolean {
  try {
    checkWithdraw(who, amount, keepAlive);
    return true;
  } catch (e) {
    if (e instanceof DispatchError) return false;
    throw e;
  }
}

/** Takes `amount` out of `who`'s free balance and burns it (TotalIssuance decreases). Emits Withdraw. */
export function withdraw(who: AccountId, amount: bigint, keepAlive: boolean): void {
  decrease(who, amount, keepAlive);
  if (amount === 0n) return;
  subIssuance(amount);
  Balances.deposit('Withdraw', { who, amount });
}

/**
 * Creates `amount` in `who`'s free balance (Currency::deposit_creating: TotalIssuance increases). Returns the amount
 * credited: 0 when a new account would receive less than the ED (nothing happens then, as in frame).
 */
export function mint(who: AccountId, amount: bigint): bigint {
  if (amount === 0n) return 0n;
  const d = accountData(who);
  if (d.free + d.reserved === 0n && amount < EXISTENTIAL_DEPOSIT) return 0n;
  addIssuance(amount);
  if (d.free + amount > U64_MAX) throw DispatchError.arithmetic('Overflow');
  mutateAccount(who, x => { x.free += amount; });
  Balances.deposit('Deposit', { who, amount });
  return amount;
}

/** Deposits into an existing account only (Currency::deposit_into_existing); returns false if `who` has no balance. */
export function depositIntoExisting(who: AccountId, amount: bigint): boolean {
  if (amount === 0n) return true;
  if (totalBalance(who) === 0n) return false;
  addIssuance(amount);
  mutateAccount(who, x => { x.free += amount; });
  Balances.deposit('Deposit', { who, amount });
  return true;
}

/** Moves `amount` from free to reserved (InsufficientBalance if the free balance cannot cover it while keeping the ED). */
export function reserve(who: AccountId, amount: bigint): void {
  if (amount === 0n) return;
  const d = accountData(who);
  if (amount > d.free || d.free - amount + d.reserved + amount < EXISTENTIAL_DEPOSIT) throw Balances.error('InsufficientBalance');
  mutateAccount(who, x => { x.free -= amount; x.reserved += amount; });
  Balances.deposit('Reserved', { who, amount });
}

/** Moves up to `amount` from reserved back to free; returns the part that could not be unreserved. */
export function unreserve(who: AccountId, amount: bigint): bigint {
  const d = accountData(who);
  const actual = amount < d.reserved ? amount : d.reserved;
  if (actual === 0n) return amount;
  mutateAccount(who, x => { x.reserved -= actual; x.free += actual; });
  Balances.deposit('Unreserved', { who, amount: actual });
  return amount - actual;
}

/** Sets the free balance directly (tests / genesis tooling), keeping TotalIssuance consistent. */
export function setFreeBalance(who: AccountId, free: bigint): void {
  const old = accountData(who).free;
  if (free > old) addIssuance(free - old); else subIssuance(old - free);
  mutateAccount(who, d => { d.free = free; });
}

/** subtensor runtime's `deposit(items, bytes)`: what storage costs when a pallet holds a deposit for it
 *  (Proxy, Multisig, Preimage): 20_000_000 rao per item and 1_000_000 per byte. */
export function storageDeposit(items: bigint, bytes: bigint): bigint {
  return items * 20_000_000n + bytes * 1_000_000n;
}

/** fungible::MutateHold::hold: moves `amount` of free balance on hold for `reason` (a RuntimeHoldReason value),
 *  counted in `reserved` like frame's holds, and recorded in Holds. Token(FundsUnavailable) if free cannot cover it
 *  while keeping the account alive. */
export function holdFunds(reason: t.EnumValue, who: AccountId, amount: bigint): void {
  if (amount === 0n) return;
  const d = accountData(who);
  if (amount > d.free || d.free - amount + d.reserved + amount < EXISTENTIAL_DEPOSIT) throw DispatchError.token('FundsUnavailable');
  mutateAccount(who, x => { x.free -= amount; x.reserved += amount; });
  const holds = Balances.storage.Holds.get(who);
  const key = t.encode(RuntimeHoldReason, reason);
  const entry = holds.find(h => bytesEqual(t.encode(RuntimeHoldReason, h.id), key));
  if (entry) entry.amount += amount;
  else holds.push({ id: reason, amount });
  Balances.storage.Holds.set(who, holds);
}

/** fungible::MutateHold::release (best effort): returns up to `amount` held for `reason` to free; the amount released. */
export function releaseHeld(reason: t.EnumValue, who: AccountId, amount: bigint): bigint {
  const holds = Balances.storage.Holds.get(who);
  const key = t.encode(RuntimeHoldReason, reason);
  const i = holds.findIndex(h => bytesEqual(t.encode(RuntimeHoldReason, h.id), key));
  if (i < 0) return 0n;
  const actual = amount < holds[i].amount ? amount : holds[i].amount;
  holds[i].amount -= actual;
  if (holds[i].amount === 0n) holds.splice(i, 1);
  if (holds.length === 0) Balances.storage.Holds.remove(who);
  else Balances.storage.Holds.set(who, holds);
  mutateAccount(who, x => { x.reserved -= actual; x.free += actual; });
  return actual;
}
