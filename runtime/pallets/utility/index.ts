// pallet_utility (index 11): batches, derivative accounts and origin switching. Each nested call runs in its own
// storage layer; subtensor's call filter forbids a batch directly inside a batch (System.CallFiltered).
import * as t from '../../codec/types.ts';
import { definePallet, call } from '../../frame/pallet.ts';
import { DispatchError, addWeight, ensureRoot, ensureSigned, signed, ROOT, type Origin, type Weight as WeightValue, type DispatchClass } from '../../frame/dispatch.ts';
import { RuntimeCall } from '../../frame/construct.ts';
import { AccountId32, H160, Weight } from '../../primitives.ts';
import { concatBytes } from '../../codec/scale.ts';
import { blake2_256 } from '../../crypto/hashing.ts';
import { DispatchErrorCodec, DispatchResult } from '../system/types.ts';
import { dispatchCall, callInfo } from '../../extrinsic/call.ts';

export const BATCHED_CALLS_LIMIT = 10922;

// pallet_utility::weights::SubstrateWeight with RocksDbWeight (each batch reads SafeMode / TxPause state: 2 reads).
const READ = 25_000_000n;
type BaseWeight = (count: number) => WeightValue;
const batchBase: BaseWeight = c => ({ refTime: 19_388_813n + 4_591_113n * BigInt(c) + 2n * READ, proofSize: 3997n });
const batchAllBase: BaseWeight = c => ({ refTime: 22_628_420n + 4_797_007n * BigInt(c) + 2n * READ, proofSize: 3997n });
const forceBatchBase: BaseWeight = c => ({ refTime: 23_270_604n + 4_570_923n * BigInt(c) + 2n * READ, proofSize: 3997n });
const AS_DERIVATIVE = { refTime: 10_896_000n + 2n * READ, proofSize: 3997n };
const DISPATCH_AS = { refTime: 6_985_000n, proofSize: 0n };
const IF_ELSE = { refTime: 7_000_000n, proofSize: 0n };

const RawOrigin = t.enumOf(['frame_support', 'dispatch', 'RawOrigin'], {
  Root: null,
  Signed: { fields: AccountId32, typeNames: ['AccountId'] },
  None: null,
  Authorized: null,
}, { params: [{ name: 'AccountId', type: AccountId32 }] });
const EthereumRawOrigin = t.enumOf(['pallet_ethereum', 'RawOrigin'], {
  EthereumTransaction: { fields: H160, typeNames: ['H160'] },
});
/** node_subtensor_runtime::OriginCaller: frame_system's origins, and pallet_ethereum's (index 21; no EVM here). */
export const OriginCaller = t.enumOf(['node_subtensor_runtime', 'OriginCaller'], {
  system: { index: 0, fields: RawOrigin, typeNames: ['frame_system::Origin<Runtime>'] },
  Ethereum: { index: 21, fields: EthereumRawOrigin, typeNames: ['pallet_ethereum::Origin'] },
});

/** The dispatch origin of an OriginCaller value (dispatch_as; the scheduler's stored origins). */
export function originOf(v: t.EnumValue): Origin {
  if (v.type !== 'system') throw DispatchError.badOrigin();
  const raw = v.value as t.EnumValue;
  if (raw.type === 'Root') return ROOT;
  if (raw.type === 'Signed') return signed(raw.value);
  return { kind: 'None' };
}

/** Declared weight of a batch: every inner call's weight plus the batch's own. */
const batchWeight = (calls: t.EnumValue[], base: BaseWeight): WeightValue => calls.reduce((acc, c) => addWeight(acc, callInfo(c).weight), base(calls.length));
const batchClass = (calls: t.EnumValue[]): DispatchClass =>
  calls.length > 0 && calls.every(c => callInfo(c).class === 'Operational') ? 'Operational' : 'Normal';
const wrapperWeight = (inner: t.EnumValue, own: WeightValue): WeightValue => addWeight(callInfo(inner).weight, own);

/** Weight of the items actually executed (their post-dispatch weight when they report one) plus the batch's own
 *  weight for that many items, as frame's batches return it so the unexecuted part of the fee is refunded. */
class UsedWeight {
  private used: WeightValue = { refTime: 0n, proofSize: 0n };
  private count = 0;
  constructor(private readonly base: BaseWeight) {}
  add(call: t.EnumValue, post: { actualWeight?: WeightValue | null } | void): void {
    const declared = callInfo(call).weight;
    const w = post?.actualWeight ?? declared;
    this.used = addWeight(this.used, { refTime: w.refTime < declared.refTime ? w.refTime : declared.refTime, proofSize: w.proofSize < declared.proofSize ? w.proofSize : declared.proofSize });
    this.count += 1;
  }
  get post() { return { actualWeight: addWeight(this.base(this.count), this.used) }; }
}

/** Blake2-256 of ("modlpy/utilisuba", who, index): the account `as_derivative` dispatches from. */
export function derivativeAccountId(who: Uint8Array, index: number): Uint8Array {
  const idx = new Uint8Array([index & 0xff, (index >> 8) & 0xff]);
  return blake2_256(concatBytes(new TextEncoder().encode('modlpy/utilisuba'), who, idx));
}

/** What batch, batch_all and force_batch check first: a signed or root origin and at most BATCHED_CALLS_LIMIT calls. */
function checkBatch(origin: Origin, calls: t.EnumValue[]): void {
  if (origin.kind === 'None') throw DispatchError.badOrigin();
  if (calls.length > BATCHED_CALLS_LIMIT) throw Utility.error('TooManyCalls');
}

export const Utility = definePallet({
  name: 'Utility',
  index: 11,
  crate: 'pallet_utility',
  calls: {
    batch: call<{ calls: t.EnumValue[] }>({
      index: 0, args: { calls: t.vec(RuntimeCall) }, typeNames: { calls: 'Vec<<T as Config>::RuntimeCall>' },
      weight: a => batchWeight(a.calls, batchBase), class: a => batchClass(a.calls),
      docs: [' Send a batch of dispatch calls.'],
      fn(origin, { calls }) {
        checkBatch(origin, calls);
        const used = new UsedWeight(batchBase);
        for (let i = 0; i < calls.length; i++) {
          const { error, post } = dispatchCall(origin, calls[i]);
          used.add(calls[i], post);
          if (error) {
            Utility.deposit('BatchInterrupted', { index: i, error });
            return used.post;
          }
          Utility.deposit('ItemCompleted');
        }
        Utility.deposit('BatchCompleted');
        return used.post;
      },
    }),
    as_derivative: call<{ index: number; call: t.EnumValue }>({
      index: 1, args: { index: t.u16, call: RuntimeCall }, typeNames: { index: 'u16', call: 'Box<<T as Config>::RuntimeCall>' },
      weight: a => addWeight(wrapperWeight(a.call, AS_DERIVATIVE), { refTime: READ + 100_000_000n, proofSize: 0n }), class: a => callInfo(a.call).class,
      docs: [' Send a call through an indexed pseudonym of the sender.'],
      fn(origin, { index, call: inner }) {
        const who = ensureSigned(origin);
        // set_caller_from: the pseudonym keeps the origin's filters (a proxy's restrictions follow it).
        const derived = origin.kind === 'Signed' && origin.filter ? { ...origin, who: derivativeAccountId(who, index) } : signed(derivativeAccountId(who, index));
        const { error, post } = dispatchCall(derived, inner);
        if (error) throw new DispatchError(error);
        return post;
      },
    }),
    batch_all: call<{ calls: t.EnumValue[] }>({
      index: 2, args: { calls: t.vec(RuntimeCall) }, typeNames: { calls: 'Vec<<T as Config>::RuntimeCall>' },
      weight: a => batchWeight(a.calls, batchAllBase), class: a => batchClass(a.calls),
      docs: [' Send a batch of dispatch calls and atomically execute them.'],
      fn(origin, { calls }) {
        checkBatch(origin, calls);
        const used = new UsedWeight(batchAllBase);
        for (const c of calls) {
          const { error, post } = dispatchCall(origin, c);
          if (error) throw new DispatchError(error);
          used.add(c, post);
          Utility.deposit('ItemCompleted');
        }
        Utility.deposit('BatchCompleted');
        return used.post;
      },
    }),
    dispatch_as: call<{ as_origin: t.EnumValue; call: t.EnumValue }>({
      index: 3, args: { as_origin: OriginCaller, call: RuntimeCall }, typeNames: { as_origin: 'Box<T::PalletsOrigin>', call: 'Box<<T as Config>::RuntimeCall>' },
      weight: a => wrapperWeight(a.call, DISPATCH_AS), class: a => callInfo(a.call).class,
      docs: [' Dispatches a function call with a provided origin.'],
      fn(origin, { as_origin, call: inner }) {
        ensureRoot(origin);
        const { error } = dispatchCall(originOf(as_origin), inner);
        Utility.deposit('DispatchedAs', { result: error ? { err: error } : { ok: [] } });
      },
    }),
    force_batch: call<{ calls: t.EnumValue[] }>({
      index: 4, args: { calls: t.vec(RuntimeCall) }, typeNames: { calls: 'Vec<<T as Config>::RuntimeCall>' },
      weight: a => batchWeight(a.calls, forceBatchBase), class: a => batchClass(a.calls),
      docs: [' Send a batch of dispatch calls.', ' Unlike `batch`, it allows errors and won\'t interrupt.'],
      fn(origin, { calls }) {
        checkBatch(origin, calls);
        let failed = false;
        const used = new UsedWeight(forceBatchBase);
        for (const c of calls) {
          const { error, post } = dispatchCall(origin, c);
          used.add(c, post);
          if (error) { failed = true; Utility.deposit('ItemFailed', { error }); } else Utility.deposit('ItemCompleted');
        }
        Utility.deposit(failed ? 'BatchCompletedWithErrors' : 'BatchCompleted');
        return used.post;
      },
    }),
    with_weight: call<{ call: t.EnumValue; weight: { ref_time: bigint; proof_size: bigint } }>({
      index: 5, args: { call: RuntimeCall, weight: Weight }, typeNames: { call: 'Box<<T as Config>::RuntimeCall>', weight: 'Weight' },
      weight: a => ({ refTime: a.weight.ref_time, proofSize: a.weight.proof_size }),
      docs: [' Dispatch a function call with a specified weight.'],
      fn(origin, { call: inner }) {
        ensureRoot(origin);
        const { error } = dispatchCall(ROOT, inner);
        if (error) throw new DispatchError(error);
      },
    }),
    if_else: call<{ main: t.EnumValue; fallback: t.EnumValue }>({
      index: 6, args: { main: RuntimeCall, fallback: RuntimeCall }, typeNames: { main: 'Box<<T as Config>::RuntimeCall>', fallback: 'Box<<T as Config>::RuntimeCall>' },
      weight: a => addWeight(addWeight(callInfo(a.main).weight, callInfo(a.fallback).weight), IF_ELSE),
      docs: [' Dispatch a fallback call in the event the main call fails to execute.'],
      fn(origin, { main, fallback }) {
        if (origin.kind === 'None') throw DispatchError.badOrigin();
        const first = dispatchCall(origin, main);
        if (!first.error) { Utility.deposit('IfElseMainSuccess'); return; }
        Utility.deposit('IfElseFallbackCalled', { main_error: first.error });
        const second = dispatchCall(origin, fallback);
        if (second.error) throw new DispatchError(second.error);
      },
    }),
    dispatch_as_fallible: call<{ as_origin: t.EnumValue; call: t.EnumValue }>({
      index: 7, args: { as_origin: OriginCaller, call: RuntimeCall }, typeNames: { as_origin: 'Box<T::PalletsOrigin>', call: 'Box<<T as Config>::RuntimeCall>' },
      weight: a => wrapperWeight(a.call, DISPATCH_AS), class: a => callInfo(a.call).class,
      docs: [' Dispatches a function call with a provided origin.', ' Almost the same as [`Pallet::dispatch_as`] but forwards any error of the inner call.'],
      fn(origin, { as_origin, call: inner }) {
        ensureRoot(origin);
        const { error } = dispatchCall(originOf(as_origin), inner);
        if (error) throw new DispatchError(error);
        Utility.deposit('DispatchedAs', { result: { ok: [] } });
      },
    }),
  },
  events: {
    BatchInterrupted: { fields: { index: t.u32, error: DispatchErrorCodec }, typeNames: { index: 'u32', error: 'DispatchError' }, docs: [' Batch of dispatches did not complete fully. Index of first failing dispatch given, as', ' well as the error.'] },
    BatchCompleted: { docs: [' Batch of dispatches completed fully with no error.'] },
    BatchCompletedWithErrors: { docs: [' Batch of dispatches completed but has errors.'] },
    ItemCompleted: { docs: [' A single item within a Batch of dispatches has completed with no error.'] },
    ItemFailed: { fields: { error: DispatchErrorCodec }, typeNames: { error: 'DispatchError' }, docs: [' A single item within a Batch of dispatches has completed with error.'] },
    DispatchedAs: { fields: { result: DispatchResult }, typeNames: { result: 'DispatchResult' }, docs: [' A call was dispatched.'] },
    IfElseMainSuccess: { docs: [' Main call was dispatched.'] },
    IfElseFallbackCalled: { fields: { main_error: DispatchErrorCodec }, typeNames: { main_error: 'DispatchError' }, docs: [' The fallback call was dispatched.'] },
  },
  errors: {
    TooManyCalls: ' Too many calls batched.',
    InvalidDerivedAccount: ' Bad input data for derived account ID',
  },
  constants: {
    batched_calls_limit: { type: t.u32, value: BATCHED_CALLS_LIMIT, docs: [' The limit on the number of batched calls.'] },
  },
});
