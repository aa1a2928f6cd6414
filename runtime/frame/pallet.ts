// A pallet is declared once — name, index, storage, calls, events, errors, constants, hooks, genesis — and that
// declaration feeds storage keys, typed accessors, call decoding and dispatch, events, errors and the metadata.
import { type Codec, type EnumValue, enumOf, encode, type VariantSpec } from '../codec/types.ts';
import { DispatchError, type Origin, type DispatchClass, type Pays, type Weight, type PostDispatchInfo, weight as mkWeight } from './dispatch.ts';
import { StorageEntry } from './storage.ts';

export interface CallDecl<A extends Record<string, any> = any> {
  index: number;
  /** Argument codecs in order (object key order = SCALE order = metadata field order). */
  args: { [K in keyof A]: Codec<A[K]> };
  /** Rust type names of the arguments for the metadata (e.g. `AccountIdLookupOf<T>`, `NetUid`). */
  typeNames?: Partial<Record<keyof A, string>>;
  /** Declared (pre-dispatch) weight: ref_time, or a function of the arguments. */
  weight?: bigint | Weight | ((args: A) => bigint | Weight);
  /** Dispatch class; a function of the arguments for wrappers whose class follows the wrapped call (Sudo, Utility). */
  class?: DispatchClass | ((args: A) => DispatchClass);
  pays?: Pays;
  docs?: string[];
  /** The call itself. Throw a DispatchError to fail; storage writes are rolled back by the executive. */
  fn: (origin: Origin, args: A) => PostDispatchInfo | void;
}

/** Typed identity helper so each call's `fn` sees its argument types. */
export function call<A extends Record<string, any>>(decl: CallDecl<A>): CallDecl<A> {
  return decl;
}

export interface EventDecl {
  /** Named fields (object of codecs) or unnamed fields (array of codecs). */
  fields?: Record<string, Codec<any>> | Codec<any>[];
  typeNames?: Record<string, string> | string[];
  docs?: string[];
  index?: number;
}

export interface ConstantDecl<T = any> { type: Codec<T>; value: T; docs?: string[] }

export interface Hooks {
  /** Runs at the start of each block; returns the weight it consumed (ref_time). */
  onInitialize?(blockNumber: number): bigint | void;
  onFinalize?(blockNumber: number): void;
}

/** ProvideInherent: a call the block author puts in every block from the node's InherentData. */
export interface InherentDecl {
  /** InherentIdentifier: the 8 ASCII bytes naming this pallet's entry in the InherentData. */
  identifier: string;
  /** is_inherent: the calls that are this pallet's inherents (applied unsigned, before any transaction). */
  calls: string[];
  /** create_inherent from the SCALE value under `identifier`: the pallet's call, or null for none this block. */
  create(data: Uint8Array): EnumValue | null;
}

/** The items a pallet declares before its impls (FRAME: the `#[pallet::storage]`, `#[pallet::event]`,
 *  `#[pallet::error]` and constant items the call impls refer to). */
export interface PalletItemsDecl {
  name: string;
  index: number;
  /** Rust crate name, used for metadata type paths (`pallet_balances::pallet::Call`). */
  crate: string;
  /** Storage prefix when it differs from `name` (never for subtensor's pallets). */
  storagePrefix?: string;
  storage?: Record<string, StorageEntry<any, any, any>>;
  events?: Record<string, EventDecl>;
  /** Error names in index order, with docs. */
  errors?: Record<string, string[] | string | null>;
  constants?: Record<string, ConstantDecl>;
  /** Extra type parameters of the Call/Event/Error paths (defaults to T). */
  typeParams?: string[];
  docs?: string[];
}

/** What `validateUnsigned` returns (sp_runtime ValidTransaction). */
export interface UnsignedValidity { priority: bigint; requires: Uint8Array[]; provides: Uint8Array[]; longevity: bigint; propagate: boolean }

/** The impls that complete a pallet: its calls, hooks, unsigned validation and genesis. */
export interface PalletImplsDecl {
  calls?: Record<string, CallDecl<any>>;
  hooks?: Hooks;
  /**
   * ValidateUnsigned: validity of an unsigned (bare) call to this pallet (`call` is the pallet-level enum value);
   * throw a TransactionValidityFailure to refuse it. Also run before such a call is applied in a block
   * (pre_dispatch). Pallets without it refuse unsigned calls (NoUnsignedValidator).
   */
  validateUnsigned?: (source: string, call: EnumValue) => UnsignedValidity;
  inherent?: InherentDecl;
  /** Writes the pallet's genesis state (executed with externalities set). */
  genesis?: (config: any) => void;
}

export interface PalletDecl extends PalletItemsDecl, PalletImplsDecl {}

/**
 * A pallet's declared items: storage bound to the pallet prefix, event and error codecs, `error()` and `deposit()`.
 * Call modules of a large pallet import this (not the composed Pallet), so the pallet's index can import them.
 */
export class PalletItems<D extends PalletItemsDecl = PalletItemsDecl> {
  readonly name: string;
  readonly index: number;
  readonly storage: NonNullable<D['storage']>;
  readonly eventCodec: Codec<EnumValue> | null;
  readonly errorCodec: Codec<EnumValue> | null;
  private readonly errorIndex: Map<string, number>;
  private static eventSink: ((palletIndex: number, encoded: Uint8Array) => void) | null = null;
  /** Set by System alongside its sink: encodes the event straight into the block's event log (no intermediate
   *  array per event). Other sinks (benchmarks) get the encoded bytes. */
  private static eventWriter: ((palletIndex: number, codec: Codec<EnumValue>, event: EnumValue) => void) | null = null;

  /** `declared`: items already declared for this pallet, whose bound storage and codecs are reused. */
  constructor(readonly decl: D, declared?: PalletItems<PalletItemsDecl>) {
    this.name = decl.name;
    this.index = decl.index;
    this.storage = (decl.storage ?? {}) as NonNullable<D['storage']>;
    if (declared) {
      this.eventCodec = declared.eventCodec;
      this.errorCodec = declared.errorCodec;
      this.errorIndex = declared.errorIndex;
      return;
    }
    const prefix = decl.storagePrefix ?? decl.name;
    for (const [item, entry] of Object.entries(this.storage)) entry.bind(prefix, item);

    const path = (kind: string) => [decl.crate, 'pallet', kind];
    const params = (decl.typeParams ?? ['T']).map(name => ({ name }));
    const events = Object.entries(decl.events ?? {});
    this.eventCodec = events.length === 0 ? null : enumOf(path('Event'), Object.fromEntries(events.map(([name, e]): [string, VariantSpec] => [name, {
      index: e.index, fields: e.fields, docs: e.docs, typeNames: e.typeNames,
    }])), { params, docs: ['The `Event` enum of this pallet'] });

    const errors = Object.entries(decl.errors ?? {});
    this.errorIndex = new Map(errors.map(([name], i) => [name, i]));
    this.errorCodec = errors.length === 0 ? null : enumOf(path('Error'), Object.fromEntries(errors.map(([name, docs]): [string, VariantSpec] => [name, {
      docs: docs === null ? undefined : Array.isArray(docs) ? docs : [docs],
    }])), { params, docs: ['The `Error` enum of this pallet.'] });
  }

  /** The DispatchError for one of this pallet's errors. */
  error(name: keyof NonNullable<D['errors']> & string): DispatchError {
    const i = this.errorIndex.get(name);
    if (i === undefined) throw new Error(`${this.name} has no error ${name}`);
    return DispatchError.module(this.index, i, `${this.name}.${name}`);
  }

  /** Emits one of this pallet's events (encoded into System.Events by the registered sink). */
  deposit(name: keyof NonNullable<D['events']> & string, value?: any): void {
    if (!this.eventCodec) throw new Error(`${this.name} declares no events`);
    const event = value === undefined ? { type: name } : { type: name, value };
    if (PalletItems.eventWriter) { PalletItems.eventWriter(this.index, this.eventCodec, event); return; }
    const bytes = encode(this.eventCodec, event);
    if (!PalletItems.eventSink) throw new Error('no event sink registered (System pallet missing)');
    PalletItems.eventSink(this.index, bytes);
  }

  /** The System pallet registers where events go (frame_system::deposit_event). */
  static setEventSink(sink: (palletIndex: number, encodedEvent: Uint8Array) => void, writer?: (palletIndex: number, codec: Codec<EnumValue>, event: EnumValue) => void): void {
    PalletItems.eventSink = sink;
    PalletItems.eventWriter = writer ?? null;
  }

  constant<K extends keyof NonNullable<D['constants']>>(name: K): NonNullable<D['constants']>[K]['value'] {
    return (this.decl.constants as any)[name].value;
  }
}

/** Everything derived from one declaration. */
export class Pallet<D extends PalletDecl = PalletDecl> extends PalletItems<D> {
  readonly callCodec: Codec<EnumValue> | null;
  private readonly callsByName: Map<string, CallDecl<any>>;

  constructor(decl: D, declared?: PalletItems<PalletItemsDecl>) {
    super(decl, declared);
    const path = (kind: string) => [decl.crate, 'pallet', kind];
    const params = (decl.typeParams ?? ['T']).map(name => ({ name }));
    const calls = Object.entries(decl.calls ?? {}).sort((a, b) => a[1].index - b[1].index);
    this.callsByName = new Map(calls);
    this.callCodec = calls.length === 0 ? null : enumOf(path('Call'), Object.fromEntries(calls.map(([name, c]): [string, VariantSpec] => [name, {
      index: c.index, fields: c.args as Record<string, Codec<any>>, docs: c.docs, typeNames: c.typeNames as Record<string, string> | undefined,
    }])), { params, docs: [`Contains a variant per dispatchable extrinsic that this pallet has.`] });
  }

  getCall(name: string): CallDecl<any> | undefined { return this.callsByName.get(name); }
  get calls(): [string, CallDecl<any>][] { return [...this.callsByName]; }

  /** Pre-dispatch info of a decoded call of this pallet. */
  callInfo(call: EnumValue): { weight: Weight; class: DispatchClass; paysFee: Pays } {
    const c = this.callsByName.get(call.type);
    if (!c) throw new Error(`unknown call ${this.name}.${call.type}`);
    const w = typeof c.weight === 'function' ? c.weight(call.value ?? {}) : c.weight ?? 10_000_000n;
    const cls = typeof c.class === 'function' ? c.class(call.value ?? {}) : c.class ?? 'Normal';
    return { weight: typeof w === 'bigint' ? mkWeight(w) : w, class: cls, paysFee: c.pays ?? 'Yes' };
  }

  /** Runs a decoded call of this pallet. */
  dispatch(origin: Origin, call: EnumValue): PostDispatchInfo | void {
    const c = this.callsByName.get(call.type);
    if (!c) throw new Error(`unknown call ${this.name}.${call.type}`);
    return c.fn(origin, call.value ?? {});
  }
}

/** Declares a pallet's items ahead of its impls; `composePallet` completes it. */
export function declarePallet<const D extends PalletItemsDecl>(decl: D): PalletItems<D> {
  return new PalletItems(decl);
}

/** The pallet made of items declared with `declarePallet` and its impls (the declared storage and codecs are reused). */
export function composePallet<const D extends PalletItemsDecl, const I extends PalletImplsDecl>(items: PalletItems<D>, impls: I): Pallet<D & I> {
  return new Pallet({ ...items.decl, ...impls }, items);
}

export function definePallet<const D extends PalletDecl>(decl: D): Pallet<D> {
  return new Pallet(decl);
}
