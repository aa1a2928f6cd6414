// A small runtime for the metadata tests: the framework's Timestamp pallet plus fixture pallets that exercise
// every storage kind and hasher, nested enums, Option/Result/Compact, lazy recursion (RuntimeCall inside a
// sudo-like call, a self-referential tree), docs and constants; and the 13 transaction extensions of §1.4
// (stand-in until runtime-core's SIGNED_EXTENSIONS exists).
import * as t from '../../runtime/codec/types.ts';
import { Reader, Writer } from '../../runtime/codec/scale.ts';
import { definePallet, call } from '../../runtime/frame/pallet.ts';
import { value, map, doubleMap, nMap } from '../../runtime/frame/storage.ts';
import { constructRuntime, RuntimeCall, RuntimeEvent, type ComposedRuntime } from '../../runtime/frame/construct.ts';
import { defineRuntimeApi, type RuntimeApiDecl } from '../../runtime/frame/runtime_api.ts';
import { Timestamp } from '../../runtime/pallets/timestamp/index.ts';
import { AccountId32, H256, MultiAddress, NetUid, TaoBalance, Weight, I32F32 } from '../../runtime/primitives.ts';
import { createMetadataApi } from '../../runtime/apis/metadata.ts';
import type { ExtensionMeta } from '../../runtime/frame/metadata.ts';

const noop = () => {};

export const AccountData = t.struct(['pallet_balances', 'types', 'AccountData'], {
  free: t.u64, reserved: t.u64, frozen: t.u64,
  flags: t.newtype(['pallet_balances', 'types', 'ExtraFlags'], t.u128, 'u128'),
}, { params: [{ name: 'Balance', type: t.u64 }], typeNames: { free: 'Balance', reserved: 'Balance', frozen: 'Balance', flags: 'ExtraFlags' } });

export const AccountInfo = t.struct(['frame_system', 'AccountInfo'], {
  nonce: t.u32, consumers: t.u32, providers: t.u32, sufficients: t.u32, data: AccountData,
}, { params: [{ name: 'Nonce', type: t.u32 }, { name: 'AccountData', type: AccountData }] });

const Phase = t.enumOf(['frame_system', 'Phase'], { ApplyExtrinsic: { fields: t.u32 }, Finalization: null, Initialization: null });
export const EventRecord = t.struct(['frame_system', 'EventRecord'], { phase: Phase, event: RuntimeEvent, topics: t.vec(H256) }, {
  params: [{ name: 'E', type: RuntimeEvent }, { name: 'T', type: H256 }], typeNames: { phase: 'Phase', event: 'E', topics: 'Vec<T>' },
});

const ModuleError = t.struct(['sp_runtime', 'ModuleError'], { index: t.u8, error: t.fixedBytes(4) }, { typeNames: { index: 'u8', error: '[u8; MAX_MODULE_ERROR_ENCODED_SIZE]' } });
export const DispatchErrorCodec = t.enumOf(['sp_runtime', 'DispatchError'], {
  Other: null, CannotLookup: null, BadOrigin: null, Module: { fields: ModuleError, typeNames: ['ModuleError'] },
});

export const SystemFixture = definePallet({
  name: 'System', index: 0, crate: 'frame_system',
  storage: {
    Account: map('Blake2_128Concat', AccountId32, AccountInfo, {
      default: { nonce: 0, consumers: 0, providers: 0, sufficients: 0, data: { free: 0n, reserved: 0n, frozen: 0n, flags: 1n << 127n } },
      docs: [' The full account information for a particular account ID.'],
    }),
    Number: value(t.u32, { default: 0, docs: [' The current block number being processed. Set by `execute_block`.'] }),
    Events: value(t.vec(EventRecord), { default: [] }),
  },
  calls: {
    remark: call<{ remark: Uint8Array }>({ index: 0, args: { remark: t.bytes }, typeNames: { remark: 'Vec<u8>' }, docs: [' Make some on-chain remark.'], fn: noop }),
  },
  events: {
    ExtrinsicSuccess: { fields: { dispatch_info: Weight }, docs: [' An extrinsic completed successfully.'] },
    ExtrinsicFailed: { fields: { dispatch_error: DispatchErrorCodec, dispatch_info: Weight } },
  },
  errors: { InvalidSpecName: ' The name of specification does not match between the current runtime\n and the new runtime.', SpecVersionNeedsToIncrease: null },
  constants: { BlockHashCount: { type: t.u32, value: 2400, docs: [' Maximum number of block number to block hash mappings to keep (oldest pruned first).'] } },
});

/** A self-referential tree (lazy recursion that is not the runtime's outer enum). */
export const Tree: t.Codec<t.EnumValue> = t.enumOf(['pallet_fixture', 'Tree'], {
  Leaf: { fields: t.u32 },
  Node: { fields: { children: t.vec(t.lazy(() => Tree)), label: t.option(t.str) } },
});

export const Shape = t.enumOf(['pallet_fixture', 'Shape'], {
  Empty: null,
  Point: { fields: [t.i32, t.i32] },
  Sized: { index: 5, fields: { size: t.compact(t.u64), inner: t.option(t.enumOf(['pallet_fixture', 'Color'], { Red: null, Green: null, Custom: { fields: t.fixedBytes(3) } })) } },
}, { docs: [' A nested enum with gaps in its indices.'] });

/** BitVec<u8, Lsb0>: a bitSequence type (no DSL helper exists; the metadata must still describe it). */
const Lsb0 = t.struct(['bitvec', 'order', 'Lsb0'], {});
export const BitVecU8: t.Codec<Uint8Array> = {
  info: { kind: 'bitSequence', store: t.u8, order: Lsb0 },
  // value: raw bytes, bit length = 8 * bytes (enough for the fixture)
  encodeTo(w: Writer, v: Uint8Array) { w.compact(v.length * 8); w.raw(v); },
  decodeFrom(r: Reader) { const bits = r.compactNumber(); return r.raw(Math.ceil(bits / 8)); },
};

export const FixturePallet = definePallet({
  name: 'Fixture', index: 7, crate: 'pallet_fixture',
  docs: [' A fixture pallet.'],
  storage: {
    PlainDefault: value(t.u64, { default: 42n, docs: [' A plain ValueQuery.', ' Second doc line.'] }),
    PlainOptional: value(t.tuple(t.u16, t.bool)),
    OptBool: value(t.option(t.bool)),
    Res: value(t.result(t.u32, Shape)),
    Bits: value(BitVecU8),
    Fixed: value(I32F32, { default: { bits: 1n << 32n } }),
    MapBlake2_128: map('Blake2_128', t.u32, t.u8, { default: 7 }),
    MapBlake2_256: map('Blake2_256', t.u32, t.u8),
    MapBlake2_128Concat: map('Blake2_128Concat', AccountId32, TaoBalance, { default: 0n }),
    MapTwox128: map('Twox128', t.u32, t.u8),
    MapTwox256: map('Twox256', t.u32, t.u8),
    MapTwox64Concat: map('Twox64Concat', t.u64, t.vec(t.u16), { default: [] }),
    MapIdentity: map('Identity', NetUid, t.u16, { default: 360 }),
    Double: doubleMap('Identity', NetUid, 'Blake2_128Concat', AccountId32, t.u16),
    Triple: nMap<[number, Uint8Array, number], bigint>([['Identity', NetUid], ['Blake2_128Concat', AccountId32], ['Twox64Concat', t.u16]], t.u64, { default: 0n }),
    Trees: map('Blake2_128Concat', t.u32, Tree),
  },
  calls: {
    do_things: call<any>({
      index: 3,
      args: {
        netuid: NetUid, who: MultiAddress, amount: t.compact(t.u64), limit: t.option(t.u16),
        pairs: t.vec(t.tuple(t.u16, t.u16)), shape: Shape, note: t.bytes, flag: t.bool, code: t.fixedBytes(4),
      },
      typeNames: { netuid: 'NetUid', who: 'AccountIdLookupOf<T>', amount: 'TaoBalance' },
      docs: [' Does things.'],
      fn: noop,
    }),
    grow: call<{ tree: t.EnumValue }>({ index: 0, args: { tree: Tree }, fn: noop }),
    nothing: call<{}>({ index: 1, args: {}, fn: noop }),
  },
  events: {
    Thing: { fields: [NetUid, AccountId32, TaoBalance], docs: [' Something happened: (netuid, who, amount).'] },
    Named: { fields: { netuid: NetUid, value: t.option(t.u64) } },
    Unit: {},
  },
  errors: { First: ' The first error.', Second: [' The second error.', ' Two lines.'], Third: null },
  constants: {
    Answer: { type: t.u64, value: 42n, docs: [' The answer.'] },
    Name: { type: t.bytes, value: new TextEncoder().encode('fixture') },
    Pair: { type: t.tuple(t.u16, t.option(t.u32)), value: [7, 9] },
  },
});

export const SudoFixture = definePallet({
  name: 'Sudo', index: 12, crate: 'pallet_sudo',
  storage: { Key: value(AccountId32, { docs: [' The `AccountId` of the sudo key.'] }) },
  calls: {
    sudo: call<{ call: t.EnumValue }>({ index: 0, args: { call: RuntimeCall }, typeNames: { call: 'Box<<T as Config>::RuntimeCall>' }, docs: [' Authenticates the sudo key and dispatches a function call with `Root` origin.'], fn: noop }),
  },
  events: { Sudid: { fields: { sudo_result: t.result(t.unit, DispatchErrorCodec) }, typeNames: { sudo_result: 'DispatchResult' } } },
  errors: { RequireSudo: ' Sender must be the Sudo account.' },
});

// The 13 extensions of §1.4 in order. Identifiers follow what the runtime advertises in metadata:
// ChargeTransactionPaymentWrapper's `metadata()` returns ChargeTransactionPayment's entry.
const ext = (path: string[], fields: Record<string, t.Codec<any>> | t.Codec<any> | null, params = [{ name: 'T' }]): t.Codec<any> =>
  fields === null ? t.struct(path, {}, { params })
    : 'encodeTo' in fields ? t.newtype(path, fields as t.Codec<any>, undefined, params)
      : t.struct(path, fields as Record<string, t.Codec<any>>, { params });
export const Era = t.enumOf(['sp_runtime', 'generic', 'era', 'Era'], Object.fromEntries([
  ['Immortal', null],
  ...Array.from({ length: 255 }, (_, i) => [`Mortal${i + 1}`, { fields: t.u8 }]),
]) as Record<string, t.VariantSpec | null>);
const Mode = t.enumOf(['frame_metadata_hash_extension', 'Mode'], { Disabled: null, Enabled: null });
const sys = (name: string, file: string) => ['frame_system', 'extensions', file, name];
export const FIXTURE_EXTENSIONS: ExtensionMeta[] = [
  { identifier: 'CheckNonZeroSender', extra: ext(sys('CheckNonZeroSender', 'check_non_zero_sender'), null), additional: t.unit },
  { identifier: 'CheckSpecVersion', extra: ext(sys('CheckSpecVersion', 'check_spec_version'), null), additional: t.u32 },
  { identifier: 'CheckTxVersion', extra: ext(sys('CheckTxVersion', 'check_tx_version'), null), additional: t.u32 },
  { identifier: 'CheckGenesis', extra: ext(sys('CheckGenesis', 'check_genesis'), null), additional: H256 },
  { identifier: 'CheckMortality', extra: ext(sys('CheckMortality', 'check_mortality'), Era), additional: H256 },
  { identifier: 'CheckNonce', extra: ext(['node_subtensor_runtime', 'check_nonce', 'CheckNonce'], t.compact(t.u32)), additional: t.unit },
  { identifier: 'CheckWeight', extra: ext(sys('CheckWeight', 'check_weight'), null), additional: t.unit },
  { identifier: 'ChargeTransactionPayment', extra: ext(['pallet_transaction_payment', 'ChargeTransactionPayment'], t.compact(t.u64)), additional: t.unit },
  { identifier: 'SudoTransactionExtension', extra: ext(['node_subtensor_runtime', 'sudo_wrapper', 'SudoTransactionExtension'], null), additional: t.unit },
  { identifier: 'CheckShieldedTxValidity', extra: ext(['pallet_shield', 'CheckShieldedTxValidity'], null), additional: t.unit },
  { identifier: 'SubtensorTransactionExtension', extra: ext(['pallet_subtensor', 'transaction_extension', 'SubtensorTransactionExtension'], null), additional: t.unit },
  { identifier: 'DrandPriority', extra: ext(['pallet_drand', 'drand_priority', 'DrandPriority'], null), additional: t.unit },
  { identifier: 'CheckMetadataHash', extra: ext(['frame_metadata_hash_extension', 'CheckMetadataHash'], { mode: Mode }), additional: t.option(t.fixedBytes(32)) },
];

export const FixtureApi = defineRuntimeApi({
  name: 'FixtureRuntimeApi', version: 1, docs: [' A fixture API.'],
  methods: [
    { name: 'get_tree', inputs: [{ name: 'id', type: t.u32 }, { name: 'netuid', type: NetUid }], output: t.option(Tree), impl: () => null, docs: [' Returns a tree.'] },
    { name: 'shapes', inputs: [], output: t.vec(Shape), impl: () => [] },
  ],
});
export const HiddenApi = defineRuntimeApi({ name: 'HiddenApi', version: 1, hiddenFromMetadata: true, methods: [{ name: 'x', inputs: [], output: t.u8, impl: () => 0 }] });

export interface FixtureRuntime { runtime: ComposedRuntime; apis: RuntimeApiDecl[]; extensions: ExtensionMeta[]; metadataApi: ReturnType<typeof createMetadataApi> }

/** Composes the fixture runtime (compose once per test file: the framework's outer enums are process-global). */
export function composeFixture(): FixtureRuntime {
  const runtime = constructRuntime([SudoFixture, Timestamp, FixturePallet, SystemFixture]);
  const apis: RuntimeApiDecl[] = [];
  const metadataApi = createMetadataApi(() => ({ runtime, apis, extensions: FIXTURE_EXTENSIONS }));
  apis.push(FixtureApi, HiddenApi, metadataApi);
  return { runtime, apis, extensions: FIXTURE_EXTENSIONS, metadataApi };
}
