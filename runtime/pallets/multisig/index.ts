// pallet_multisig (index 13): a deterministic account controlled by `threshold` of a set of signatories. The first
// approval opens an operation (and reserves DepositBase + threshold·DepositFactor from its depositor), later ones
// are recorded, and the approval that reaches the threshold with the call itself dispatches it from the multisig
// account. Threshold 1 dispatches at once, statelessly.
import * as t from '../../codec/types.ts';
import { definePallet, call } from '../../frame/pallet.ts';
import { doubleMap } from '../../frame/storage.ts';
import { DispatchError, addWeight, ensureSigned, signed, type PostDispatchInfo, type Weight as WeightValue } from '../../frame/dispatch.ts';
import { RuntimeCall } from '../../frame/construct.ts';
import { AccountId32, Weight, type AccountId } from '../../primitives.ts';
import { bytesEqual, concatBytes } from '../../codec/scale.ts';
import { blake2_256 } from '../../crypto/hashing.ts';
import { DispatchResult } from '../system/types.ts';
import { blockNumber, extrinsicIndex, DB_WEIGHT } from '../system/index.ts';
import { reserve, unreserve, storageDeposit } from '../balances/index.ts';
import { dispatchCall, callInfo } from '../../extrinsic/call.ts';

export const DEPOSIT_BASE = storageDeposit(1n, 112n);
export const DEPOSIT_FACTOR = storageDeposit(0n, 32n);
export const MAX_SIGNATORIES = 100;

export const Timepoint = t.struct(['pallet_multisig', 'Timepoint'], { height: t.u32, index: t.u32 }, {
  params: [{ name: 'BlockNumber', type: t.u32 }], typeNames: { height: 'BlockNumber', index: 'u32' },
});
type TimepointValue = { height: number; index: number };
const MultisigRecord = t.struct(['pallet_multisig', 'Multisig'], { when: Timepoint, deposit: t.u64, depositor: AccountId32, approvals: t.vec(AccountId32) }, {
  params: [{ name: 'BlockNumber', type: t.u32 }, { name: 'Balance', type: t.u64 }, { name: 'AccountId', type: AccountId32 }, { name: 'MaxApprovals', type: undefined }],
  typeNames: { when: 'Timepoint<BlockNumber>', deposit: 'Balance', depositor: 'AccountId', approvals: 'BoundedVec<AccountId, MaxApprovals>' },
});
type MultisigValue = { when: TimepointValue; deposit: bigint; depositor: AccountId; approvals: AccountId[] };

// pallet_multisig::weights::SubstrateWeight (RocksDbWeight); s = other signatories, z = encoded call length.
const R = DB_WEIGHT.read, Wr = DB_WEIGHT.write;
const w = (refTime: bigint, proofSize: bigint): WeightValue => ({ refTime, proofSize });
const W = {
  threshold1: (z: number) => w(20_727_356n + 572n * BigInt(z) + 2n * R, 3997n),
  create: (s: number, z: number) => w(32_052_125n + 111_179n * BigInt(s) + 1_447n * BigInt(z) + R + Wr, 6811n),
  approve: (s: number, z: number) => w(17_940_334n + 106_203n * BigInt(s) + 1_441n * BigInt(z) + R + Wr, 6811n),
  complete: (s: number, z: number) => w(42_418_863n + 164_555n * BigInt(s) + 1_573n * BigInt(z) + 4n * R + 2n * Wr, 6811n),
  approveCreate: (s: number) => w(30_237_756n + 107_619n * BigInt(s) + R + Wr, 6811n),
  approveApprove: (s: number) => w(16_907_862n + 101_887n * BigInt(s) + R + Wr, 6811n),
  cancel: (s: number) => w(31_473_005n + 107_460n * BigInt(s) + R + Wr, 6811n),
  // poke_deposit reads and writes the operation and the depositor's account, like cancel_as_multi plus a write.
  poke: (s: number) => w(31_473_005n + 107_460n * BigInt(s) + R + 2n * Wr, 6811n),
};
const maxWeight = (...ws: WeightValue[]): WeightValue => ws.reduce((a, b) => ({
  refTime: a.refTime > b.refTime ? a.refTime : b.refTime, proofSize: a.proofSize > b.proofSize ? a.proofSize : b.proofSize,
}));
const fromArg = (x: { ref_time: bigint; proof_size: bigint }): WeightValue => ({ refTime: x.ref_time, proofSize: x.proof_size });
const callLen = (c: t.EnumValue) => t.encode(RuntimeCall, c).length;

const compareBytes = (a: Uint8Array, b: Uint8Array): number => {
  for (let i = 0; i < a.length && i < b.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
};

/** blake2_256(("modlpy/utilisuba", sorted signatories, threshold)): the multisig account. */
export function multiAccountId(sortedSignatories: AccountId[], threshold: number): AccountId {
  return blake2_256(concatBytes(new TextEncoder().encode('modlpy/utilisuba'), t.encode(t.vec(AccountId32), sortedSignatories), t.encode(t.u16, threshold)));
}

/** ensure_sorted_and_insert: the others must be strictly ascending and not contain the sender, who is inserted. */
function sortedWith(others: AccountId[], who: AccountId): AccountId[] {
  let index = 0;
  for (let i = 0; i < others.length; i++) {
    if (i > 0 && compareBytes(others[i - 1], others[i]) >= 0) throw Multisig.error('SignatoriesOutOfOrder');
    if (compareBytes(others[i], who) <= 0) {
      if (bytesEqual(others[i], who)) throw Multisig.error('SenderInSignatories');
      index++;
    }
  }
  return [...others.slice(0, index), who, ...others.slice(index)];
}

function checkSignatories(threshold: number, others: AccountId[]): void {
  if (threshold < 2) throw Multisig.error('MinimumThreshold');
  if (others.length === 0) throw Multisig.error('TooFewSignatories');
  if (others.length >= MAX_SIGNATORIES) throw Multisig.error('TooManySignatories');
}

const sameTimepoint = (a: TimepointValue, b: TimepointValue) => a.height === b.height && a.index === b.index;

/** operate: opens, approves or executes the operation `(id, call hash)`. */
function operate(who: AccountId, threshold: number, others: AccountId[], maybeTimepoint: TimepointValue | null,
  inner: t.EnumValue | null, hash: Uint8Array, maxW: WeightValue): PostDispatchInfo {
  checkSignatories(threshold, others);
  const id = multiAccountId(sortedWith(others, who), threshold);
  const s = others.length;
  const z = inner ? callLen(inner) : 0;
  const m = Multisig.storage.Multisigs.get(id, hash);
  if (m) {
    if (!maybeTimepoint) throw Multisig.error('NoTimepoint');
    if (!sameTimepoint(m.when, maybeTimepoint)) throw Multisig.error('WrongTimepoint');
    let approvals = m.approvals.length;
    const already = m.approvals.some(a => bytesEqual(a, who));
    const adds = !already && approvals < threshold;
    if (adds) approvals++;
    if (inner && approvals >= threshold) {
      const cw = callInfo(inner).weight;
      if (cw.refTime > maxW.refTime || cw.proofSize > maxW.proofSize) throw Multisig.error('MaxWeightTooLow');
      Multisig.storage.Multisigs.remove(id, hash);
      unreserve(m.depositor, m.deposit);
      const { error, post } = dispatchCall(signed(id), inner);
      Multisig.deposit('MultisigExecuted', { approving: who, timepoint: maybeTimepoint, multisig: id, call_hash: hash, result: error ? { err: error } : { ok: [] } });
      const actual = post?.actualWeight;
      return { actualWeight: actual ? addWeight(W.complete(s, z), actual) : null };
    }
    if (!adds) throw Multisig.error('AlreadyApproved');
    let pos = 0;
    while (pos < m.approvals.length && compareBytes(m.approvals[pos], who) < 0) pos++;
    m.approvals.splice(pos, 0, who);
    Multisig.storage.Multisigs.set(id, hash, m);
    Multisig.deposit('MultisigApproval', { approving: who, timepoint: maybeTimepoint, multisig: id, call_hash: hash });
    return { actualWeight: W.approve(s, z) };
  }
  if (maybeTimepoint) throw Multisig.error('UnexpectedTimepoint');
  const deposit = DEPOSIT_BASE + DEPOSIT_FACTOR * BigInt(threshold);
  reserve(who, deposit);
  Multisig.storage.Multisigs.set(id, hash, { when: { height: blockNumber(), index: extrinsicIndex() ?? 0 }, deposit, depositor: who, approvals: [who] });
  Multisig.deposit('NewMultisig', { approving: who, multisig: id, call_hash: hash });
  return { actualWeight: W.create(s, z) };
}

const hashOf = (c: t.EnumValue) => blake2_256(t.encode(RuntimeCall, c));
const accounts = 'Vec<T::AccountId>';
const tp = 'Option<Timepoint<BlockNumberFor<T>>>';
const box = 'Box<<T as Config>::RuntimeCall>';

export const Multisig = definePallet({
  name: 'Multisig',
  index: 13,
  crate: 'pallet_multisig',
  storage: {
    Multisigs: doubleMap('Twox64Concat', AccountId32, 'Blake2_128Concat', t.fixedBytes(32), MultisigRecord as t.Codec<MultisigValue>, { docs: [' The set of open multisig operations.'] }),
  },
  calls: {
    as_multi_threshold_1: call<{ other_signatories: AccountId[]; call: t.EnumValue }>({
      index: 0, args: { other_signatories: t.vec(AccountId32), call: RuntimeCall }, typeNames: { other_signatories: accounts, call: box },
      weight: a => addWeight(addWeight(W.threshold1(callLen(a.call)), { refTime: R + Wr, proofSize: 0n }), callInfo(a.call).weight),
      class: a => callInfo(a.call).class,
      docs: [' Immediately dispatch a multi-signature call using a single approval from the caller.'],
      fn(origin, { other_signatories, call: inner }) {
        const who = ensureSigned(origin);
        if (other_signatories.length === 0) throw Multisig.error('TooFewSignatories');
        if (other_signatories.length >= MAX_SIGNATORIES) throw Multisig.error('TooManySignatories');
        const id = multiAccountId(sortedWith(other_signatories, who), 1);
        const z = callLen(inner);
        const { error, post } = dispatchCall(signed(id), inner);
        const actual = post?.actualWeight;
        if (error) throw new DispatchError(error);
        return { actualWeight: actual ? addWeight(W.threshold1(z), actual) : null };
      },
    }),
    as_multi: call<{ threshold: number; other_signatories: AccountId[]; maybe_timepoint: TimepointValue | null; call: t.EnumValue; max_weight: { ref_time: bigint; proof_size: bigint } }>({
      index: 1, args: { threshold: t.u16, other_signatories: t.vec(AccountId32), maybe_timepoint: t.option(Timepoint), call: RuntimeCall, max_weight: Weight },
      typeNames: { threshold: 'u16', other_signatories: accounts, maybe_timepoint: tp, call: box, max_weight: 'Weight' },
      weight: a => {
        const s = a.other_signatories.length, z = callLen(a.call);
        return addWeight(maxWeight(W.create(s, z), W.approve(s, z), W.complete(s, z)), fromArg(a.max_weight));
      },
      docs: [' Register approval for a dispatch to be made from a deterministic composite account if', ' approved by a total of `threshold - 1` of `other_signatories`.', '', ' If there are enough, then dispatch the call.'],
      fn(origin, a) {
        return operate(ensureSigned(origin), a.threshold, a.other_signatories, a.maybe_timepoint, a.call, hashOf(a.call), fromArg(a.max_weight));
      },
    }),
    approve_as_multi: call<{ threshold: number; other_signatories: AccountId[]; maybe_timepoint: TimepointValue | null; call_hash: Uint8Array; max_weight: { ref_time: bigint; proof_size: bigint } }>({
      index: 2, args: { threshold: t.u16, other_signatories: t.vec(AccountId32), maybe_timepoint: t.option(Timepoint), call_hash: t.fixedBytes(32), max_weight: Weight },
      typeNames: { threshold: 'u16', other_signatories: accounts, maybe_timepoint: tp, call_hash: '[u8; 32]', max_weight: 'Weight' },
      weight: a => addWeight(maxWeight(W.approveCreate(a.other_signatories.length), W.approveApprove(a.other_signatories.length)), fromArg(a.max_weight)),
      docs: [' Register approval for a dispatch to be made from a deterministic composite account if', ' approved by a total of `threshold - 1` of `other_signatories`.'],
      fn(origin, a) {
        return operate(ensureSigned(origin), a.threshold, a.other_signatories, a.maybe_timepoint, null, a.call_hash, fromArg(a.max_weight));
      },
    }),
    cancel_as_multi: call<{ threshold: number; other_signatories: AccountId[]; timepoint: TimepointValue; call_hash: Uint8Array }>({
      index: 3, args: { threshold: t.u16, other_signatories: t.vec(AccountId32), timepoint: Timepoint, call_hash: t.fixedBytes(32) },
      typeNames: { threshold: 'u16', other_signatories: accounts, timepoint: 'Timepoint<BlockNumberFor<T>>', call_hash: '[u8; 32]' },
      weight: a => W.cancel(a.other_signatories.length),
      docs: [' Cancel a pre-existing, on-going multisig transaction. Any deposit reserved previously', ' for this operation will be unreserved on success.'],
      fn(origin, { threshold, other_signatories, timepoint, call_hash }) {
        const who = ensureSigned(origin);
        checkSignatories(threshold, other_signatories);
        const id = multiAccountId(sortedWith(other_signatories, who), threshold);
        const m = Multisig.storage.Multisigs.get(id, call_hash);
        if (!m) throw Multisig.error('NotFound');
        if (!sameTimepoint(m.when, timepoint)) throw Multisig.error('WrongTimepoint');
        if (!bytesEqual(m.depositor, who)) throw Multisig.error('NotOwner');
        unreserve(m.depositor, m.deposit);
        Multisig.storage.Multisigs.remove(id, call_hash);
        Multisig.deposit('MultisigCancelled', { cancelling: who, timepoint, multisig: id, call_hash });
      },
    }),
    poke_deposit: call<{ threshold: number; other_signatories: AccountId[]; call_hash: Uint8Array }>({
      index: 4, args: { threshold: t.u16, other_signatories: t.vec(AccountId32), call_hash: t.fixedBytes(32) },
      typeNames: { threshold: 'u16', other_signatories: accounts, call_hash: '[u8; 32]' },
      weight: a => W.poke(a.other_signatories.length),
      docs: [' Poke the deposit reserved for an existing multisig operation.'],
      fn(origin, { threshold, other_signatories, call_hash }) {
        const who = ensureSigned(origin);
        checkSignatories(threshold, other_signatories);
        const id = multiAccountId(sortedWith(other_signatories, who), threshold);
        const m = Multisig.storage.Multisigs.get(id, call_hash);
        if (!m) throw Multisig.error('NotFound');
        if (!bytesEqual(m.depositor, who)) throw Multisig.error('NotOwner');
        const next = DEPOSIT_BASE + DEPOSIT_FACTOR * BigInt(threshold);
        const old = m.deposit;
        if (next === old) return { paysFee: 'Yes' };
        if (next > old) reserve(who, next - old);
        else unreserve(who, old - next);
        Multisig.storage.Multisigs.set(id, call_hash, { ...m, deposit: next });
        Multisig.deposit('DepositPoked', { who, call_hash, old_deposit: old, new_deposit: next });
        return { paysFee: 'No' };
      },
    }),
  },
  events: {
    NewMultisig: { fields: { approving: AccountId32, multisig: AccountId32, call_hash: t.fixedBytes(32) }, typeNames: { approving: 'T::AccountId', multisig: 'T::AccountId', call_hash: 'CallHash' }, docs: [' A new multisig operation has begun.'] },
    MultisigApproval: {
      fields: { approving: AccountId32, timepoint: Timepoint, multisig: AccountId32, call_hash: t.fixedBytes(32) },
      typeNames: { approving: 'T::AccountId', timepoint: 'Timepoint<BlockNumberFor<T>>', multisig: 'T::AccountId', call_hash: 'CallHash' },
      docs: [' A multisig operation has been approved by someone.'],
    },
    MultisigExecuted: {
      fields: { approving: AccountId32, timepoint: Timepoint, multisig: AccountId32, call_hash: t.fixedBytes(32), result: DispatchResult },
      typeNames: { approving: 'T::AccountId', timepoint: 'Timepoint<BlockNumberFor<T>>', multisig: 'T::AccountId', call_hash: 'CallHash', result: 'DispatchResult' },
      docs: [' A multisig operation has been executed.'],
    },
    MultisigCancelled: {
      fields: { cancelling: AccountId32, timepoint: Timepoint, multisig: AccountId32, call_hash: t.fixedBytes(32) },
      typeNames: { cancelling: 'T::AccountId', timepoint: 'Timepoint<BlockNumberFor<T>>', multisig: 'T::AccountId', call_hash: 'CallHash' },
      docs: [' A multisig operation has been cancelled.'],
    },
    DepositPoked: {
      fields: { who: AccountId32, call_hash: t.fixedBytes(32), old_deposit: t.u64, new_deposit: t.u64 },
      typeNames: { who: 'T::AccountId', call_hash: 'CallHash', old_deposit: 'BalanceOf<T>', new_deposit: 'BalanceOf<T>' },
      docs: [' The deposit for a multisig operation has been updated/poked.'],
    },
  },
  errors: {
    MinimumThreshold: ' Threshold must be 2 or greater.',
    AlreadyApproved: ' Call is already approved by this signatory.',
    NoApprovalsNeeded: ' Call doesn\'t need any (more) approvals.',
    TooFewSignatories: ' There are too few signatories in the list.',
    TooManySignatories: ' There are too many signatories in the list.',
    SignatoriesOutOfOrder: ' The signatories were provided out of order; they should be ordered.',
    SenderInSignatories: ' The sender was contained in the other signatories; it shouldn\'t be.',
    NotFound: ' Multisig operation not found in storage.',
    NotOwner: [' Only the account that originally created the multisig is able to cancel it or update', ' its deposits.'],
    NoTimepoint: ' No timepoint was given, yet the multisig operation is already underway.',
    WrongTimepoint: ' A different timepoint was given to the multisig operation that is underway.',
    UnexpectedTimepoint: ' A timepoint was given, yet no multisig operation is underway.',
    MaxWeightTooLow: ' The maximum weight information provided was too low.',
    AlreadyStored: ' The data to be stored is already stored.',
  },
  constants: {
    DepositBase: { type: t.u64, value: DEPOSIT_BASE, docs: [' The base amount of currency needed to reserve for creating a multisig execution or to', ' store a dispatch call for later.'] },
    DepositFactor: { type: t.u64, value: DEPOSIT_FACTOR, docs: [' The amount of currency needed per unit threshold when creating a multisig execution.'] },
    MaxSignatories: { type: t.u32, value: MAX_SIGNATORIES, docs: [' The maximum amount of signatories allowed in the multisig.'] },
  },
});
