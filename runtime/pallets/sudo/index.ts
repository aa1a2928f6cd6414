// pallet_sudo (index 12): one key (Alice on localnet) may dispatch any call as Root or as another account.
// Successful sudo calls are free (Pays::No). subtensor additionally rejects sudo calls from any other signer at
// validation time (SudoTransactionExtension → InvalidTransaction::BadSigner); the pallet-level check below is what
// a nested or unvalidated dispatch meets (Sudo.RequireSudo).
import * as t from '../../codec/types.ts';
import { definePallet, call } from '../../frame/pallet.ts';
import { value } from '../../frame/storage.ts';
import { DispatchError, addWeight, ROOT, signed, type Origin, type PostDispatchInfo, type Weight as WeightValue } from '../../frame/dispatch.ts';
import { RuntimeCall } from '../../frame/construct.ts';
import { AccountId32, MultiAddress, Weight, lookupAddress, type AccountId } from '../../primitives.ts';
import { bytesEqual } from '../../codec/scale.ts';
import { DispatchResult } from '../system/types.ts';
import { dispatchCall, callInfo } from '../../extrinsic/call.ts';

// pallet_sudo::weights::SubstrateWeight with RocksDbWeight (Sudo::Key read, and written by set_key / remove_key).
const SUDO = { refTime: 10_729_000n + 25_000_000n, proofSize: 1517n };
const SUDO_AS = { refTime: 11_003_000n + 25_000_000n, proofSize: 1517n };
const SET_KEY = { refTime: 9_663_000n + 125_000_000n, proofSize: 1517n };
const REMOVE_KEY = { refTime: 9_127_000n + 125_000_000n, proofSize: 1517n };

const innerWeight = (c: t.EnumValue): WeightValue => callInfo(c).weight;
const fromWeightArg = (w: { ref_time: bigint; proof_size: bigint }): WeightValue => ({ refTime: w.ref_time, proofSize: w.proof_size });
const resultOf = (error: t.EnumValue | null) => (error ? { err: error } : { ok: [] });

/** sudo / sudo_unchecked_weight: the key dispatches `inner` as Root; Sudid carries the inner result; free. */
function sudoAsRoot(origin: Origin, inner: t.EnumValue): PostDispatchInfo {
  ensureSudo(origin);
  const { error } = dispatchCall(ROOT, inner);
  Sudo.deposit('Sudid', { sudo_result: resultOf(error) });
  return { paysFee: 'No' };
}

export const Sudo = definePallet({
  name: 'Sudo',
  index: 12,
  crate: 'pallet_sudo',
  storage: {
    Key: value(AccountId32, { docs: [' The `AccountId` of the sudo key.'] }),
  },
  calls: {
    sudo: call<{ call: t.EnumValue }>({
      index: 0, args: { call: RuntimeCall }, typeNames: { call: 'Box<<T as Config>::RuntimeCall>' },
      weight: a => addWeight(innerWeight(a.call), SUDO),
      class: a => callInfo(a.call).class,
      docs: [' Authenticates the sudo key and dispatches a function call with `Root` origin.'],
      fn: (origin, { call: inner }) => sudoAsRoot(origin, inner),
    }),
    sudo_unchecked_weight: call<{ call: t.EnumValue; weight: { ref_time: bigint; proof_size: bigint } }>({
      index: 1, args: { call: RuntimeCall, weight: Weight }, typeNames: { call: 'Box<<T as Config>::RuntimeCall>', weight: 'Weight' },
      weight: a => fromWeightArg(a.weight),
      class: a => callInfo(a.call).class,
      docs: [' Authenticates the sudo key and dispatches a function call with `Root` origin.', ' This function does not check the weight of the call, and instead allows the', ' Sudo user to specify the weight of the call.'],
      fn: (origin, { call: inner }) => sudoAsRoot(origin, inner),
    }),
    set_key: call<{ new: t.EnumValue }>({
      index: 2, args: { new: MultiAddress }, typeNames: { new: 'AccountIdLookupOf<T>' },
      weight: SET_KEY,
      docs: [' Authenticates the current sudo key and sets the given AccountId (`new`) as the new sudo', ' key.'],
      fn(origin, { new: addr }) {
        ensureSudo(origin);
        const next = lookupAddress(addr);
        if (!next) throw DispatchError.cannotLookup();
        const old = Sudo.storage.Key.get();
        Sudo.deposit('KeyChanged', { old, new: next });
        Sudo.storage.Key.set(next);
        return { paysFee: 'No' };
      },
    }),
    sudo_as: call<{ who: t.EnumValue; call: t.EnumValue }>({
      index: 3, args: { who: MultiAddress, call: RuntimeCall }, typeNames: { who: 'AccountIdLookupOf<T>', call: 'Box<<T as Config>::RuntimeCall>' },
      weight: a => addWeight(innerWeight(a.call), SUDO_AS),
      class: a => callInfo(a.call).class,
      docs: [' Authenticates the sudo key and dispatches a function call with `Signed` origin from', ' a given account.'],
      fn(origin, { who, call: inner }) {
        ensureSudo(origin);
        const acct = lookupAddress(who);
        if (!acct) throw DispatchError.cannotLookup();
        const { error } = dispatchCall(signed(acct), inner, true);
        Sudo.deposit('SudoAsDone', { sudo_result: resultOf(error) });
        return { paysFee: 'No' };
      },
    }),
    remove_key: call<Record<string, never>>({
      index: 4, args: {}, weight: REMOVE_KEY,
      docs: [' Permanently removes the sudo key.', '', ' **This cannot be un-done.**'],
      fn(origin) {
        ensureSudo(origin);
        Sudo.deposit('KeyRemoved');
        Sudo.storage.Key.kill();
        return { paysFee: 'No' };
      },
    }),
  },
  events: {
    Sudid: { fields: { sudo_result: DispatchResult }, typeNames: { sudo_result: 'DispatchResult' }, docs: [' A sudo call just took place.'] },
    KeyChanged: { fields: { old: t.option(AccountId32), new: AccountId32 }, typeNames: { old: 'Option<T::AccountId>', new: 'T::AccountId' }, docs: [' The sudo key has been updated.'] },
    KeyRemoved: { docs: [' The key was permanently removed.'] },
    SudoAsDone: { fields: { sudo_result: DispatchResult }, typeNames: { sudo_result: 'DispatchResult' }, docs: [' A [sudo_as](Pallet::sudo_as) call just took place.'] },
  },
  errors: {
    RequireSudo: ' Sender must be the Sudo account.',
  },
  genesis(config: { sudoKey?: AccountId | null }) {
    if (config.sudoKey) Sudo.storage.Key.set(config.sudoKey);
  },
});

/** ensure_sudo: Root passes; a signed origin must be the key (RequireSudo); anything else is BadOrigin. */
function ensureSudo(origin: Origin): void {
  if (origin.kind === 'Root') return;
  if (origin.kind !== 'Signed') throw DispatchError.badOrigin();
  const key = Sudo.storage.Key.get();
  if (!key || !bytesEqual(key, origin.who)) throw Sudo.error('RequireSudo');
}

export function sudoKey(): AccountId | null {
  return Sudo.storage.Key.get();
}
