// frame_system (index 0): accounts (nonce, reference counts, balance data), the block context (number, parent hash,
// digest, block hashes, weights, extrinsic bookkeeping) and events. The executive drives the block-level functions
// below; pallets use the account helpers and deposit events through `Pallet.deposit`, which lands here.
import * as t from '../../codec/types.ts';
import { Reader, Writer, toHex, concatBytes } from '../../codec/scale.ts';
import { definePallet, call, Pallet } from '../../frame/pallet.ts';
import { value, map } from '../../frame/storage.ts';
import { state } from '../../frame/externalities.ts';
import { ensureRoot, ensureSigned, DispatchError, type Weight as WeightValue, type DispatchClass as DispatchClassName } from '../../frame/dispatch.ts';
import { AccountId32, H256, Weight, type AccountId } from '../../primitives.ts';
import { blake2_256 } from '../../crypto/hashing.ts';
import { Digest } from '../../frame/header.ts';
import { runtimeVersion } from '../../version.ts';
import {
  AccountInfo, type AccountInfoValue, defaultAccountInfo, EventRecord, Phase, DispatchEventInfo, DispatchErrorCodec, PerDispatchClass,
  LastRuntimeUpgradeInfo, CodeUpgradeAuthorization, BlockWeightsType, BlockLengthType, RuntimeDbWeight, RuntimeVersion,
} from './types.ts';

// Well-known storage keys written outside any pallet prefix (sp_storage::well_known_keys).
export const EXTRINSIC_INDEX_KEY = toHex(new TextEncoder().encode(':extrinsic_index'));
export const INTRABLOCK_ENTROPY_KEY = toHex(new TextEncoder().encode(':intrablock_entropy'));
export const CODE_KEY = toHex(new TextEncoder().encode(':code'));

// Block limits (BlockWeights::with_sensible_defaults(4 s, 75%) and BlockLength::max_with_normal_ratio(10 MiB, 75%)),
// exactly as subtensor's metadata reports them.
const U64_MAX = (1n << 64n) - 1n;
const w = (refTime: bigint, proofSize: bigint = 0n) => ({ ref_time: refTime, proof_size: proofSize });
export const BASE_EXTRINSIC_WEIGHT = 108_157_000n;
export const BASE_BLOCK_WEIGHT = 431_614_000n;
export const MAX_BLOCK_REF_TIME = 4_000_000_000_000n;
export const BLOCK_WEIGHTS = {
  base_block: w(BASE_BLOCK_WEIGHT),
  max_block: w(MAX_BLOCK_REF_TIME, U64_MAX),
  per_class: {
    normal: { base_extrinsic: w(BASE_EXTRINSIC_WEIGHT), max_extrinsic: w(2_599_891_843_000n, 0xa666666666666666n), max_total: w(3_000_000_000_000n, 0xbfffffffffffffffn), reserved: w(0n) },
    operational: { base_extrinsic: w(BASE_EXTRINSIC_WEIGHT), max_extrinsic: w(3_599_891_843_000n, 0xe666666666666666n), max_total: w(4_000_000_000_000n, U64_MAX), reserved: w(1_000_000_000_000n, 0x4000000000000000n) },
    mandatory: { base_extrinsic: w(BASE_EXTRINSIC_WEIGHT), max_extrinsic: null, max_total: null, reserved: null },
  },
};
export const BLOCK_LENGTH = { max: { normal: 7_864_320, operational: 10_485_760, mandatory: 10_485_760 } };
export const DB_WEIGHT = { read: 25_000_000n, write: 100_000_000n };
export const BLOCK_HASH_COUNT = 2400;

// frame_system::weights::SubstrateWeight with RocksDbWeight.
const sw = (refTime: bigint, proofSize = 0n, reads = 0n, writes = 0n) => ({ refTime: refTime + reads * DB_WEIGHT.read + writes * DB_WEIGHT.write, proofSize });

const ExtrinsicDataMap = map('Twox64Concat', t.u32, t.bytes, { default: new Uint8Array() });
const KeyValue = t.tuple<[Uint8Array, Uint8Array]>(t.bytes, t.bytes);
const WeightPerClass = PerDispatchClass(Weight);
const zeroW = () => ({ ref_time: 0n, proof_size: 0n });

export const System = definePallet({
  name: 'System',
  index: 0,
  crate: 'frame_system',
  storage: {
    Account: map('Blake2_128Concat', AccountId32, AccountInfo, { default: defaultAccountInfo(), docs: [' The full account information for a particular account ID.'] }),
    ExtrinsicCount: value(t.u32, { docs: [' Total extrinsics count for the current block.'] }),
    InherentsApplied: value(t.bool, { default: false, docs: [' Whether all inherents have been applied.'] }),
    BlockWeight: value(WeightPerClass, { default: { normal: zeroW(), operational: zeroW(), mandatory: zeroW() }, docs: [' The current weight for the block.'] }),
    AllExtrinsicsLen: value(t.u32, { docs: [' Total length (in bytes) for all extrinsics put together, for the current block.'] }),
    BlockHash: map('Twox64Concat', t.u32, H256, { default: new Uint8Array(32), docs: [' Map of block numbers to block hashes.'] }),
    ExtrinsicData: ExtrinsicDataMap,
    Number: value(t.u32, { default: 0, docs: [' The current block number being processed. Set by `execute_block`.'] }),
    ParentHash: value(H256, { default: new Uint8Array(32), docs: [' Hash of the previous block.'] }),
    Digest: value(Digest, { default: { logs: [] }, docs: [' Digest of the current block, also part of the block header.'] }),
    Events: value(t.vec(EventRecord), { default: [], docs: [' Events deposited for the current block.'] }),
    EventCount: value(t.u32, { default: 0, docs: [' The number of events in the `Events<T>` list.'] }),
    EventTopics: map('Blake2_128Concat', H256, t.vec(t.tuple<[number, number]>(t.u32, t.u32)), { default: [], docs: [' Mapping between a topic (represented by T::Hash) and a vector of indexes of events in the `<Events<T>>` list.'] }),
    LastRuntimeUpgrade: value(LastRuntimeUpgradeInfo, { docs: [' Stores the `spec_version` and `spec_name` of when the last runtime upgrade happened.'] }),
    UpgradedToU32RefCount: value(t.bool, { default: false, docs: [' True if we have upgraded so that `type RefCount` is `u32`. False (default) if not.'] }),
    UpgradedToTripleRefCount: value(t.bool, { default: false, docs: [' True if we have upgraded so that AccountInfo contains three types of `RefCount`. False', ' (default) if not.'] }),
    ExecutionPhase: value(Phase, { docs: [' The execution phase of the block.'] }),
    AuthorizedUpgrade: value(CodeUpgradeAuthorization, { docs: [' `Some` if a code upgrade has been authorized.'] }),
    ExtrinsicWeightReclaimed: value(Weight, { default: zeroW(), docs: [' The weight reclaimed for the extrinsic.'] }),
  },
  calls: {
    remark: call<{ remark: Uint8Array }>({
      index: 0, args: { remark: t.bytes }, typeNames: { remark: 'Vec<u8>' },
      weight: a => sw(2_119_000n + 390n * BigInt(a.remark.length)),
      docs: [' Make some on-chain remark.'],
      // ensure_signed_or_root; no effect beyond the fee.
      fn(origin) { if (origin.kind === 'None') throw DispatchError.badOrigin(); },
    }),
    set_heap_pages: call<{ pages: bigint }>({
      index: 1, args: { pages: t.u64 }, typeNames: { pages: 'u64' }, class: 'Operational', weight: sw(4_782_000n, 1485n, 1n, 2n),
      docs: [' Set the number of pages in the WebAssembly environment\'s heap.'],
      fn(origin) { ensureRoot(origin); },
    }),
    set_code: call<{ code: Uint8Array }>({
      index: 2, args: { code: t.bytes }, typeNames: { code: 'Vec<u8>' }, class: 'Operational', weight: MAX_BLOCK_REF_TIME,
      docs: [' Set the new runtime code.'],
      fn(origin, { code }) { ensureRoot(origin); writeCode(code); },
    }),
    set_code_without_checks: call<{ code: Uint8Array }>({
      index: 3, args: { code: t.bytes }, typeNames: { code: 'Vec<u8>' }, class: 'Operational', weight: MAX_BLOCK_REF_TIME,
      docs: [' Set the new runtime code without doing any checks of the given `code`.'],
      fn(origin, { code }) { ensureRoot(origin); writeCode(code); },
    }),
    set_storage: call<{ items: [Uint8Array, Uint8Array][] }>({
      index: 4, args: { items: t.vec(KeyValue) }, typeNames: { items: 'Vec<KeyValue>' }, class: 'Operational',
      weight: a => { const i = BigInt(a.items.length); return sw(2_175_000n + 841_511n * i, 0n, 0n, i); },
      docs: [' Set some items of storage.'],
      fn(origin, { items }) { ensureRoot(origin); for (const [k, v] of items) state().set(toHex(k), v); },
    }),
    kill_storage: call<{ keys: Uint8Array[] }>({
      index: 5, args: { keys: t.vec(t.bytes) }, typeNames: { keys: 'Vec<Key>' }, class: 'Operational',
      weight: a => { const i = BigInt(a.keys.length); return sw(2_255_000n + 662_473n * i, 0n, 0n, i); },
      docs: [' Kill some items from storage.'],
      fn(origin, { keys }) { ensureRoot(origin); for (const k of keys) state().delete(toHex(k)); },
    }),
    kill_prefix: call<{ prefix: Uint8Array; subkeys: number }>({
      index: 6, args: { prefix: t.bytes, subkeys: t.u32 }, typeNames: { prefix: 'Key', subkeys: 'u32' }, class: 'Operational',
      weight: a => { const p = BigInt(a.subkeys) + 1n; return sw(4_270_000n + 1_389_650n * p, 128n + 70n * p, p, p); },
      docs: [' Kill all storage items with a key that starts with the given prefix.'],
      fn(origin, { prefix }) { ensureRoot(origin); state().clearPrefix(toHex(prefix)); },
    }),
    remark_with_event: call<{ remark: Uint8Array }>({
      index: 7, args: { remark: t.bytes }, typeNames: { remark: 'Vec<u8>' },
      weight: a => sw(8_097_000n + 1_455n * BigInt(a.remark.length)),
      docs: [' Make some on-chain remark and emit event.'],
      fn(origin, { remark }) {
        const sender = ensureSigned(origin);
        System.deposit('Remarked', { sender, hash: blake2_256(remark) });
      },
    }),
    authorize_upgrade: call<{ code_hash: Uint8Array }>({
      index: 9, args: { code_hash: H256 }, typeNames: { code_hash: 'T::Hash' }, class: 'Operational', weight: sw(33_027_000n, 0n, 0n, 1n),
      docs: [' Authorize an upgrade to a given `code_hash` for the runtime.'],
      fn(origin, { code_hash }) { ensureRoot(origin); authorize(code_hash, true); },
    }),
    authorize_upgrade_without_checks: call<{ code_hash: Uint8Array }>({
      index: 10, args: { code_hash: H256 }, typeNames: { code_hash: 'T::Hash' }, class: 'Operational', weight: sw(33_027_000n, 0n, 0n, 1n),
      docs: [' Authorize an upgrade to a given `code_hash` for the runtime, without version checks.'],
      fn(origin, { code_hash }) { ensureRoot(origin); authorize(code_hash, false); },
    }),
    apply_authorized_upgrade: call<{ code: Uint8Array }>({
      index: 11, args: { code: t.bytes }, typeNames: { code: 'Vec<u8>' }, class: 'Operational', weight: sw(118_101_992_000n, 1518n, 2n, 3n),
      docs: [' Provide the preimage (runtime binary) `code` for an upgrade that has been authorized.'],
      fn(_origin, { code }) {
        const auth = System.storage.AuthorizedUpgrade.get();
        if (!auth) throw System.error('NothingAuthorized');
        if (toHex(blake2_256(code)) !== toHex(auth.code_hash)) throw System.error('Unauthorized');
        System.storage.AuthorizedUpgrade.kill();
        writeCode(code);
        return { paysFee: 'No' };
      },
    }),
  },
  events: {
    ExtrinsicSuccess: { fields: { dispatch_info: DispatchEventInfo }, typeNames: { dispatch_info: 'DispatchEventInfo' }, docs: [' An extrinsic completed successfully.'] },
    ExtrinsicFailed: { fields: { dispatch_error: DispatchErrorCodec, dispatch_info: DispatchEventInfo }, typeNames: { dispatch_error: 'DispatchError', dispatch_info: 'DispatchEventInfo' }, docs: [' An extrinsic failed.'] },
    CodeUpdated: { docs: [' `:code` was updated.'] },
    NewAccount: { fields: { account: AccountId32 }, typeNames: { account: 'T::AccountId' }, docs: [' A new account was created.'] },
    KilledAccount: { fields: { account: AccountId32 }, typeNames: { account: 'T::AccountId' }, docs: [' An account was reaped.'] },
    Remarked: { fields: { sender: AccountId32, hash: H256 }, typeNames: { sender: 'T::AccountId', hash: 'T::Hash' }, docs: [' On on-chain remark happened.'] },
    UpgradeAuthorized: { fields: { code_hash: H256, check_version: t.bool }, typeNames: { code_hash: 'T::Hash', check_version: 'bool' }, docs: [' An upgrade was authorized.'] },
    RejectedInvalidAuthorizedUpgrade: { fields: { code_hash: H256, error: DispatchErrorCodec }, typeNames: { code_hash: 'T::Hash', error: 'DispatchError' }, docs: [' An invalid authorized upgrade was rejected while trying to apply it.'] },
  },
  errors: {
    InvalidSpecName: ' The name of specification does not match between the current runtime\n and the new runtime.',
    SpecVersionNeedsToIncrease: ' The specification version is not allowed to decrease between the current runtime\n and the new runtime.',
    FailedToExtractRuntimeVersion: ' Failed to extract the runtime version from the new runtime.',
    NonDefaultComposite: ' Suicide called when the account has non-default composite data.',
    NonZeroRefCount: ' There is a non-zero reference count preventing the account from being purged.',
    CallFiltered: ' The origin filter prevent the call to be dispatched.',
    MultiBlockMigrationsOngoing: ' A multi-block migration is ongoing and prevents the current code from being replaced.',
    NothingAuthorized: ' No upgrade authorized.',
    Unauthorized: ' The submitted code is not authorized.',
  },
  constants: {
    BlockWeights: { type: BlockWeightsType, value: BLOCK_WEIGHTS, docs: [' Block & extrinsics weights: base values and limits.'] },
    BlockLength: { type: BlockLengthType, value: BLOCK_LENGTH, docs: [' The maximum length of a block (in bytes).'] },
    BlockHashCount: { type: t.u32, value: BLOCK_HASH_COUNT, docs: [' Maximum number of block number to block hash mappings to keep (oldest pruned first).'] },
    DbWeight: { type: RuntimeDbWeight, value: DB_WEIGHT, docs: [' The weight of runtime database operations the runtime can invoke.'] },
    Version: { type: RuntimeVersion, get value() { return runtimeVersion(); }, docs: [' Get the chain\'s in-code version.'] },
    SS58Prefix: { type: t.u16, value: 42, docs: [' The designated SS58 prefix of this chain.'] },
  },
  genesis() {
    // frame_system's genesis: block 0's hash placeholder (69 repeated) until block 1 records the real one.
    const hash69 = new Uint8Array(32).fill(69);
    System.storage.BlockHash.set(0, hash69);
    System.storage.ParentHash.set(hash69);
    const v = runtimeVersion();
    System.storage.LastRuntimeUpgrade.set({ spec_version: v.spec_version, spec_name: v.spec_name });
    System.storage.UpgradedToU32RefCount.set(true);
    System.storage.UpgradedToTripleRefCount.set(true);
    state().set(EXTRINSIC_INDEX_KEY, t.encode(t.u32, 0));
  },
});

function writeCode(code: Uint8Array): void {
  state().set(CODE_KEY, code);
  System.deposit('CodeUpdated');
}

function authorize(code_hash: Uint8Array, check_version: boolean): void {
  System.storage.AuthorizedUpgrade.set({ code_hash, check_version });
  System.deposit('UpgradeAuthorized', { code_hash, check_version });
}

// ---------------------------------------------------------------------------------------------------------------
// Accounts

export function blockNumber(): number {
  return System.storage.Number.get();
}

export function accountInfo(who: AccountId): AccountInfoValue {
  return System.storage.Account.get(who);
}

export function accountExists(who: AccountId): boolean {
  return System.storage.Account.contains(who);
}

export function accountNonce(who: AccountId): number {
  return System.storage.Account.get(who).nonce;
}

export function incNonce(who: AccountId): void {
  System.storage.Account.mutate(who, a => { a.nonce = (a.nonce + 1) >>> 0; return a; });
}

/** Adds a provider reference; the first one creates the account (NewAccount). */
export function incProviders(who: AccountId): void {
  const a = System.storage.Account.get(who);
  if (a.providers === 0 && a.sufficients === 0) System.deposit('NewAccount', { account: who });
  a.providers += 1;
  System.storage.Account.set(who, a);
}

/** Removes a provider reference; the account is reaped (KilledAccount, entry and nonce removed) when none remain. */
export function decProviders(who: AccountId): void {
  const a = System.storage.Account.get(who);
  if (a.providers === 0) return;
  a.providers -= 1;
  if (a.providers === 0 && a.sufficients === 0) {
    System.storage.Account.remove(who);
    System.deposit('KilledAccount', { account: who });
  } else {
    System.storage.Account.set(who, a);
  }
}

export function incConsumers(who: AccountId): void {
  System.storage.Account.mutate(who, a => { a.consumers += 1; return a; });
}

export function decConsumers(who: AccountId): void {
  System.storage.Account.mutate(who, a => { if (a.consumers > 0) a.consumers -= 1; return a; });
}

// ---------------------------------------------------------------------------------------------------------------
// Events: EventRecord{phase, event, topics} collected per block and stored as System.Events.

const eventsKey = () => System.storage.Events.keyOf();

function currentPhaseBytes(): Uint8Array {
  const raw = state().get(System.storage.ExecutionPhase.keyOf());
  // Phase defaults to ApplyExtrinsic(0) when unset, as in frame_system.
  return raw ?? new Uint8Array([0, 0, 0, 0, 0]);
}

// Appending to System.Events by rewriting the stored Vec costs O(events so far) per event, O(n²) per block. Instead
// the records of a block are appended to one growing buffer per state object, and the stored Vec is written once,
// when something reads it (readEvents, finalizeBlock before the state root). Rollback safety: EventCount is ordinary
// storage, so a rolled-back transactional layer restores it, and the records beyond it (always a suffix: layers nest)
// are dropped at the next append or flush. The invariant is: events = head (a Vec body already in storage when the
// log was started) ++ records, truncated to EventCount.
interface EventLog {
  head: Uint8Array;
  headCount: number;
  /** The records, each phase ++ pallet index ++ event ++ topics (none: 0), back to back. */
  body: Writer;
  /** Where each record ends in `body`. */
  ends: number[];
}
const eventLogs = new WeakMap<object, EventLog>();

function eventLogOf(st: object): EventLog {
  let log = eventLogs.get(st);
  if (!log) {
    const raw = state().get(eventsKey());
    let head: Uint8Array = new Uint8Array(0), headCount = 0;
    if (raw && raw.length > 0) {
      const r = new Reader(raw);
      headCount = r.compactNumber();
      head = raw.subarray(r.offset);
    }
    log = { head, headCount, body: new Writer(4096), ends: [] };
    eventLogs.set(st, log);
  }
  return log;
}

/** The log with the records a rollback discarded removed; `count` is the current EventCount. */
function trimmedEventLog(count: number): EventLog {
  const st = state();
  let log = eventLogOf(st);
  if (count < log.headCount) {
    // The stored Vec itself was rolled back below the head this log started from: start again from storage.
    eventLogs.delete(st);
    log = eventLogOf(st);
  }
  const keep = Math.max(0, count - log.headCount);
  if (log.ends.length > keep) {
    log.ends.length = keep;
    log.body.length = keep === 0 ? 0 : log.ends[keep - 1];
  }
  return log;
}

/** Appends one record, the event written by `encodeEvent`; a throwing encoder leaves the log as it was. */
function appendEventRecord(palletIndex: number, encodeEvent: (w: Writer) => void): void {
  const count = System.storage.EventCount.get();
  const log = trimmedEventLog(count);
  const w = log.body;
  const start = w.length;
  try {
    w.raw(currentPhaseBytes()).u8(palletIndex);
    encodeEvent(w);
    w.u8(0);
  } catch (e) {
    w.length = start;
    throw e;
  }
  log.ends.push(w.length);
  System.storage.EventCount.set(log.headCount + log.ends.length);
}

function depositEventBytes(palletIndex: number, encodedEvent: Uint8Array): void {
  // frame_system drops events at block 0 (genesis) so they do not land in the genesis state.
  if (blockNumber() === 0) return;
  appendEventRecord(palletIndex, w => w.raw(encodedEvent));
}

/** Pallet.deposit's direct path: the same record as depositEventBytes(palletIndex, encode(codec, event)). */
function depositEvent(palletIndex: number, codec: t.Codec<t.EnumValue>, event: t.EnumValue): void {
  if (blockNumber() === 0) { t.encode(codec, event); return; } // dropped, but an unencodable event still throws
  appendEventRecord(palletIndex, w => codec.encodeTo(w, event));
}

Pallet.setEventSink(depositEventBytes, depositEvent);

/** Writes the block's events to System.Events (one encoding of the whole Vec). Called before anything reads the
 *  stored Vec: readEvents and finalizeBlock (so the state root and the committed changes include them). */
export function flushEvents(): void {
  const st = state();
  if (!eventLogs.has(st)) return;
  const log = trimmedEventLog(System.storage.EventCount.get());
  const total = log.headCount + log.ends.length;
  if (total === 0) {
    if (st.get(eventsKey()) !== undefined) System.storage.Events.kill();
    return;
  }
  const prefix = new Writer(5).compact(total).finish();
  const body = log.body.view();
  const out = new Uint8Array(prefix.length + log.head.length + body.length);
  out.set(prefix, 0);
  out.set(log.head, prefix.length);
  out.set(body, prefix.length + log.head.length);
  // The log is kept as it is: a later rollback may undo this write, and the log still knows every event.
  st.set(eventsKey(), out);
}

export function resetEvents(): void {
  eventLogs.delete(state());
  System.storage.Events.kill();
  System.storage.EventCount.kill();
  System.storage.EventTopics.clear();
}

/** Decoded events of the current block. */
export function readEvents(): t.ValueOf<typeof EventRecord>[] {
  flushEvents();
  return System.storage.Events.get();
}

// ---------------------------------------------------------------------------------------------------------------
// Block context (driven by the executive).

export function extrinsicIndex(): number | null {
  const raw = state().get(EXTRINSIC_INDEX_KEY);
  return raw ? t.decode(t.u32, raw) : null;
}

const ENTROPY_TAG = new TextEncoder().encode('frame_system::initialize');

/** frame_system::initialize: sets the block context for block `number` built on `parentHash`. */
export function initializeBlockContext(number: number, parentHash: Uint8Array, digest: { logs: t.EnumValue[] }): void {
  System.storage.ExecutionPhase.set({ type: 'Initialization' });
  state().set(EXTRINSIC_INDEX_KEY, t.encode(t.u32, 0));
  state().set(INTRABLOCK_ENTROPY_KEY, blake2_256(concatBytes(ENTROPY_TAG, parentHash)));
  System.storage.Number.set(number);
  System.storage.Digest.set(digest);
  System.storage.ParentHash.set(parentHash);
  if (number > 0) System.storage.BlockHash.set(number - 1, parentHash);
  System.storage.BlockWeight.kill();
}

export function noteFinishedInitialize(): void {
  System.storage.ExecutionPhase.set({ type: 'ApplyExtrinsic', value: 0 });
}

export function noteExtrinsic(encoded: Uint8Array): void {
  ExtrinsicDataMap.set(extrinsicIndex() ?? 0, encoded);
}

export interface AppliedInfo { weight: WeightValue; class: DispatchClassName; paysFee: 'Yes' | 'No' }

/**
 * Emits ExtrinsicSuccess / ExtrinsicFailed and moves to the next extrinsic index. As frame_system's
 * note_applied_extrinsic, the event's weight is the actual dispatch weight plus the class's base_extrinsic weight.
 */
export function noteAppliedExtrinsic(error: t.EnumValue | null, info: AppliedInfo): void {
  const base = BLOCK_WEIGHTS.per_class[info.class === 'Normal' ? 'normal' : info.class === 'Operational' ? 'operational' : 'mandatory'].base_extrinsic;
  const dispatch_info = { weight: { ref_time: info.weight.refTime + base.ref_time, proof_size: info.weight.proofSize + base.proof_size }, class: { type: info.class }, pays_fee: { type: info.paysFee } };
  if (error) System.deposit('ExtrinsicFailed', { dispatch_error: error, dispatch_info });
  else System.deposit('ExtrinsicSuccess', { dispatch_info });
  const next = (extrinsicIndex() ?? 0) + 1;
  state().set(EXTRINSIC_INDEX_KEY, t.encode(t.u32, next));
  System.storage.ExecutionPhase.set({ type: 'ApplyExtrinsic', value: next });
  System.storage.ExtrinsicWeightReclaimed.kill();
}

export function noteFinishedExtrinsics(): void {
  const count = extrinsicIndex() ?? 0;
  System.storage.ExtrinsicCount.set(count);
  System.storage.ExecutionPhase.set({ type: 'Finalization' });
  state().delete(EXTRINSIC_INDEX_KEY);
}

/** frame_system::finalize: clears per-block items and returns what the header needs (extrinsics are the stored
 *  ExtrinsicData, in order). */
export function finalizeBlockContext(): { number: number; parentHash: Uint8Array; digest: { logs: t.EnumValue[] }; extrinsics: Uint8Array[] } {
  System.storage.ExecutionPhase.kill();
  System.storage.AllExtrinsicsLen.kill();
  state().delete(INTRABLOCK_ENTROPY_KEY);
  System.storage.InherentsApplied.kill();
  const number = System.storage.Number.get();
  const parentHash = System.storage.ParentHash.get();
  const digest = System.storage.Digest.get();
  const count = System.storage.ExtrinsicCount.take() ?? 0;
  const extrinsics: Uint8Array[] = [];
  for (let i = 0; i < count; i++) { extrinsics.push(ExtrinsicDataMap.get(i)); ExtrinsicDataMap.remove(i); }
  // Keep BlockHashCount block hashes (the oldest is pruned as each block finalises).
  if (number > BLOCK_HASH_COUNT + 1) {
    const toRemove = number - BLOCK_HASH_COUNT - 1;
    if (toRemove !== 0) System.storage.BlockHash.remove(toRemove);
  }
  return { number, parentHash, digest, extrinsics };
}

/** Adds weight to the block's running total of `cls`. */
export function registerExtraWeight(weight: WeightValue, cls: DispatchClassName): void {
  const bw = System.storage.BlockWeight.get();
  const k = cls === 'Normal' ? 'normal' : cls === 'Operational' ? 'operational' : 'mandatory';
  bw[k] = { ref_time: satAdd(bw[k].ref_time, weight.refTime), proof_size: satAdd(bw[k].proof_size, weight.proofSize) };
  System.storage.BlockWeight.set(bw);
}

function satAdd(a: bigint, b: bigint): bigint {
  const s = a + b;
  return s > U64_MAX ? U64_MAX : s;
}

