// pallet_safe_mode (index 20): while entered, the base call filter lets only HEAD's whitelisted calls through
// (Sudo, Multisig, System, SafeMode, Timestamp, SubtensorModule set_weights / serve_axon, Commitments
// set_commitment); everything else fails with System.CallFiltered. subtensor configures no permissionless entry
// (no deposit amounts, no release delay): only Root enters (for 7200 blocks), extends (by 3600) or exits, and the
// mode ends by itself in the first block after `EnteredUntil`.
import * as t from '../../codec/types.ts';
import { definePallet, call } from '../../frame/pallet.ts';
import { value, doubleMap } from '../../frame/storage.ts';
import { ensureRoot, ensureSigned, type Weight as WeightValue } from '../../frame/dispatch.ts';
import { AccountId32, type AccountId } from '../../primitives.ts';
import { blockNumber, DB_WEIGHT } from '../system/index.ts';
import { registerBaseCallFilter } from '../../extrinsic/call.ts';

export const ROOT_ENTER_DURATION = 5 * 60 * 24;
export const ROOT_EXTEND_DURATION = 5 * 60 * 12;

const ExitReason = t.enumOf(['pallet_safe_mode', 'ExitReason'], { Timeout: null, Force: null });

// pallet_safe_mode::weights::SubstrateWeight (RocksDbWeight).
const R = DB_WEIGHT.read, W = DB_WEIGHT.write;
const w = (ref: bigint, proof: bigint): WeightValue => ({ refTime: ref, proofSize: proof });
const WEIGHTS = {
  onInitializeNoop: 3_058_000n + R, onInitializeExit: 8_029_000n + R + W,
  enter: w(53_290_000n + 2n * R + 3n * W, 3802n), forceEnter: w(8_818_000n + R + W, 1489n),
  extend: w(54_027_000n + 2n * R + 3n * W, 3802n), forceExtend: w(10_066_000n + R + W, 1489n),
  forceExit: w(9_766_000n + R + W, 1489n), releaseDeposit: w(45_648_000n + 3n * R + 2n * W, 3802n),
  forceReleaseDeposit: w(43_363_000n + 2n * R + 2n * W, 3802n), forceSlashDeposit: w(35_510_000n + 2n * R + 2n * W, 3802n),
};

/** SafeModeWhitelistedCalls of HEAD's runtime (SafeMode's own calls are always allowed). */
function whitelisted(c: t.EnumValue): boolean {
  const name = (c.value as t.EnumValue).type;
  switch (c.type) {
    case 'Sudo': case 'Multisig': case 'System': case 'SafeMode': case 'Timestamp': return true;
    case 'SubtensorModule': return name === 'set_weights' || name === 'serve_axon';
    case 'Commitments': return name === 'set_commitment';
    default: return false;
  }
}

export const isSafeModeEntered = (): boolean => SafeMode.storage.EnteredUntil.exists();

function doEnter(duration: number): void {
  if (isSafeModeEntered()) throw SafeMode.error('Entered');
  const until = blockNumber() + duration;
  SafeMode.storage.EnteredUntil.set(until);
  SafeMode.deposit('Entered', { until });
}

function doExtend(duration: number): void {
  const until = SafeMode.storage.EnteredUntil.get();
  if (until === null) throw SafeMode.error('Exited');
  SafeMode.storage.EnteredUntil.set(until + duration);
  SafeMode.deposit('Extended', { until: until + duration });
}

function doExit(reason: 'Timeout' | 'Force'): void {
  if (!isSafeModeEntered()) throw SafeMode.error('Exited');
  SafeMode.storage.EnteredUntil.kill();
  SafeMode.deposit('Exited', { reason: { type: reason } });
}

/** do_release / do_force_deposit: no deposit is ever placed on subtensor (no deposit amounts configured). */
function takeDeposit(account: AccountId, block: number): bigint {
  const amount = SafeMode.storage.Deposits.get(account, block);
  if (amount === null) throw SafeMode.error('NoDeposit');
  SafeMode.storage.Deposits.remove(account, block);
  return amount;
}

const accountArgs = { account: AccountId32, block: t.u32 };
const accountNames = { account: 'T::AccountId', block: 'BlockNumberFor<T>' };

export const SafeMode = definePallet({
  name: 'SafeMode',
  index: 20,
  crate: 'pallet_safe_mode',
  storage: {
    EnteredUntil: value(t.u32, { docs: [' Contains the last block number that the safe-mode will remain entered in.'] }),
    Deposits: doubleMap('Twox64Concat', AccountId32, 'Twox64Concat', t.u32, t.u64, { docs: [' Holds the reserve that was taken from an account at a specific block number.'] }),
  },
  calls: {
    enter: call<Record<string, never>>({
      index: 0, args: {}, weight: WEIGHTS.enter,
      docs: [' Enter safe-mode permissionlessly for [`Config::EnterDuration`] blocks.'],
      fn(origin) {
        ensureSigned(origin);
        if (isSafeModeEntered()) throw SafeMode.error('Entered');
        throw SafeMode.error('NotConfigured');
      },
    }),
    force_enter: call<Record<string, never>>({
      index: 1, args: {}, weight: WEIGHTS.forceEnter,
      docs: [' Enter safe-mode by force for a per-origin configured number of blocks.'],
      fn(origin) { ensureRoot(origin); doEnter(ROOT_ENTER_DURATION); },
    }),
    extend: call<Record<string, never>>({
      index: 2, args: {}, weight: WEIGHTS.extend,
      docs: [' Extend the safe-mode permissionlessly for [`Config::ExtendDuration`] blocks.'],
      fn(origin) {
        ensureSigned(origin);
        if (!isSafeModeEntered()) throw SafeMode.error('Exited');
        throw SafeMode.error('NotConfigured');
      },
    }),
    force_extend: call<Record<string, never>>({
      index: 3, args: {}, weight: WEIGHTS.forceExtend,
      docs: [' Extend the safe-mode by force for a per-origin configured number of blocks.'],
      fn(origin) { ensureRoot(origin); doExtend(ROOT_EXTEND_DURATION); },
    }),
    force_exit: call<Record<string, never>>({
      index: 4, args: {}, weight: WEIGHTS.forceExit,
      docs: [' Exit safe-mode by force.'],
      fn(origin) { ensureRoot(origin); doExit('Force'); },
    }),
    force_slash_deposit: call<{ account: AccountId; block: number }>({
      index: 5, args: accountArgs, typeNames: accountNames, weight: WEIGHTS.forceSlashDeposit,
      docs: [' Slash a deposit for an account that entered or extended safe-mode at a given', ' historical block.'],
      fn(origin, { account, block }) {
        ensureRoot(origin);
        const amount = takeDeposit(account, block);
        SafeMode.deposit('DepositSlashed', { account, amount });
      },
    }),
    release_deposit: call<{ account: AccountId; block: number }>({
      index: 6, args: accountArgs, typeNames: accountNames, weight: WEIGHTS.releaseDeposit,
      docs: [' Permissionlessly release a deposit for an account that entered safe-mode at a', ' given historical block.'],
      fn(origin, { account, block }) {
        ensureSigned(origin);
        takeDeposit(account, block);
        if (isSafeModeEntered()) throw SafeMode.error('Entered');
        throw SafeMode.error('NotConfigured');
      },
    }),
    force_release_deposit: call<{ account: AccountId; block: number }>({
      index: 7, args: accountArgs, typeNames: accountNames, weight: WEIGHTS.forceReleaseDeposit,
      docs: [' Force to release a deposit for an account that entered safe-mode at a given', ' historical block.'],
      fn(origin, { account, block }) {
        ensureRoot(origin);
        const amount = takeDeposit(account, block);
        SafeMode.deposit('DepositReleased', { account, amount });
      },
    }),
  },
  events: {
    Entered: { fields: { until: t.u32 }, typeNames: { until: 'BlockNumberFor<T>' }, docs: [' The safe-mode was entered until inclusively this block.'] },
    Extended: { fields: { until: t.u32 }, typeNames: { until: 'BlockNumberFor<T>' }, docs: [' The safe-mode was extended until inclusively this block.'] },
    Exited: { fields: { reason: ExitReason }, typeNames: { reason: 'ExitReason' }, docs: [' Exited the safe-mode for a specific reason.'] },
    DepositPlaced: { fields: { account: AccountId32, amount: t.u64 }, typeNames: { account: 'T::AccountId', amount: 'BalanceOf<T>' }, docs: [' An account reserved funds for either entering or extending the safe-mode.'] },
    DepositReleased: { fields: { account: AccountId32, amount: t.u64 }, typeNames: { account: 'T::AccountId', amount: 'BalanceOf<T>' }, docs: [' An account had a reserve released that was reserved.'] },
    DepositSlashed: { fields: { account: AccountId32, amount: t.u64 }, typeNames: { account: 'T::AccountId', amount: 'BalanceOf<T>' }, docs: [' An account had reserve slashed that was reserved.'] },
    CannotDeposit: { docs: [' Could not hold funds for entering or extending the safe-mode.'] },
    CannotRelease: { docs: [' Could not release funds for entering or extending the safe-mode.'] },
  },
  errors: {
    Entered: ' The safe-mode is (already or still) entered.',
    Exited: ' The safe-mode is (already or still) exited.',
    NotConfigured: ' This functionality of the pallet is disabled by the configuration.',
    NoDeposit: ' There is no balance reserved.',
    AlreadyDeposited: ' The account already has a deposit reserved and can therefore not enter or extend again.',
    CannotReleaseYet: ' This deposit cannot be released yet.',
    CurrencyError: ' An error from the underlying `Currency`.',
  },
  constants: {
    EnterDuration: { type: t.u32, value: 0, docs: [' For how many blocks the safe-mode will be entered by [`Pallet::enter`].'] },
    ExtendDuration: { type: t.u32, value: 0, docs: [' For how many blocks the safe-mode can be extended by each [`Pallet::extend`] call.'] },
    EnterDepositAmount: { type: t.option(t.u64), value: null, docs: [' The amount that will be reserved upon calling [`Pallet::enter`].'] },
    ExtendDepositAmount: { type: t.option(t.u64), value: null, docs: [' The amount that will be reserved upon calling [`Pallet::extend`].'] },
    ReleaseDelay: { type: t.option(t.u32), value: null, docs: [' The minimal duration a deposit will remain reserved after safe-mode is entered or extended,', ' unless [`Pallet::force_release_deposit`] is successfully called sooner.'] },
  },
  hooks: {
    onInitialize(n: number) {
      const until = SafeMode.storage.EnteredUntil.get();
      if (until === null || n <= until) return WEIGHTS.onInitializeNoop;
      doExit('Timeout');
      return WEIGHTS.onInitializeExit;
    },
  },
});

// InsideBoth<SafeMode, NoNestingCallFilter>: SafeMode's half of the base call filter.
registerBaseCallFilter(c => c.type === 'SafeMode' || !isSafeModeEntered() || whitelisted(c));
