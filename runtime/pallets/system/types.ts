// Types frame_system, sp_runtime and the executive share, with the exact paths, field names and variant orders of
// subtensor's metadata: DispatchError and its parts, DispatchEventInfo, Phase, EventRecord, AccountInfo/AccountData,
// block limits, RuntimeVersion, transaction validity.
import * as t from '../../codec/types.ts';
import { AccountId32, H256, Weight } from '../../primitives.ts';
import { RuntimeEvent } from '../../frame/construct.ts';

const unitEnum = (path: string[], names: string[]) => t.enumOf(path, Object.fromEntries(names.map(n => [n, null])));

export const DispatchClass = unitEnum(['frame_support', 'dispatch', 'DispatchClass'], ['Normal', 'Operational', 'Mandatory']);
export const Pays = unitEnum(['frame_support', 'dispatch', 'Pays'], ['Yes', 'No']);

export const DispatchEventInfo = t.struct(['frame_system', 'DispatchEventInfo'], { weight: Weight, class: DispatchClass, pays_fee: Pays },
  { typeNames: { weight: 'Weight', class: 'DispatchClass', pays_fee: 'Pays' } });

// sp_runtime::DispatchError and its parts are shared with SubtensorModule's events (frame/dispatch_codec.ts), so
// the metadata holds each type once.
import {
  ModuleErrorCodec, TokenErrorCodec, ArithmeticErrorCodec, TransactionalErrorCodec, TrieErrorCodec, DispatchErrorCodec as SharedDispatchError,
  DispatchResultCodec,
} from '../../frame/dispatch_codec.ts';
export const ModuleError = ModuleErrorCodec;
export const TokenError = TokenErrorCodec;
export const ArithmeticError = ArithmeticErrorCodec;
export const TransactionalError = TransactionalErrorCodec;
export const TrieError = TrieErrorCodec;
/** sp_runtime::DispatchError; values are the `DispatchError.value` shapes of frame/dispatch.ts. */
export const DispatchErrorCodec = SharedDispatchError;
/** DispatchResult = Result<(), DispatchError> as { ok: [] } | { err: DispatchError value }. */
export const DispatchResult = DispatchResultCodec;

export const Phase = t.enumOf(['frame_system', 'Phase'], {
  ApplyExtrinsic: { fields: t.u32, typeNames: ['u32'] },
  Finalization: null,
  Initialization: null,
});

export const EventRecord = t.struct(['frame_system', 'EventRecord'], { phase: Phase, event: RuntimeEvent, topics: t.vec(H256) }, {
  params: [{ name: 'E', type: RuntimeEvent }, { name: 'T', type: H256 }],
  typeNames: { phase: 'Phase', event: 'E', topics: 'Vec<T>' },
});

/** pallet_balances ExtraFlags: bit 127 marks accounts using the new (holds/freezes) logic; set on every account. */
export const ExtraFlags = t.newtype(['pallet_balances', 'types', 'ExtraFlags'], t.u128, 'u128');
export const NEW_LOGIC_FLAG = 1n << 127n;

export const AccountData = t.struct(['pallet_balances', 'types', 'AccountData'], { free: t.u64, reserved: t.u64, frozen: t.u64, flags: ExtraFlags }, {
  params: [{ name: 'Balance', type: t.u64 }],
  typeNames: { free: 'Balance', reserved: 'Balance', frozen: 'Balance', flags: 'ExtraFlags' },
});
export type AccountDataValue = t.ValueOf<typeof AccountData>;

export const AccountInfo = t.struct(['frame_system', 'AccountInfo'], { nonce: t.u32, consumers: t.u32, providers: t.u32, sufficients: t.u32, data: AccountData }, {
  params: [{ name: 'Nonce', type: t.u32 }, { name: 'AccountData', type: AccountData }],
  typeNames: { nonce: 'Nonce', consumers: 'RefCount', providers: 'RefCount', sufficients: 'RefCount', data: 'AccountData' },
});
export type AccountInfoValue = t.ValueOf<typeof AccountInfo>;

export const defaultAccountInfo = (): AccountInfoValue => ({
  nonce: 0, consumers: 0, providers: 0, sufficients: 0, data: { free: 0n, reserved: 0n, frozen: 0n, flags: NEW_LOGIC_FLAG },
});

const perClassCache = new Map<t.Codec<any>, t.Codec<any>>();
export function PerDispatchClass<T>(inner: t.Codec<T>): t.Codec<{ normal: T; operational: T; mandatory: T }> {
  let c = perClassCache.get(inner);
  if (!c) {
    c = t.struct(['frame_support', 'dispatch', 'PerDispatchClass'], { normal: inner, operational: inner, mandatory: inner },
      { params: [{ name: 'T', type: inner }], typeNames: { normal: 'T', operational: 'T', mandatory: 'T' } });
    perClassCache.set(inner, c);
  }
  return c;
}

export const WeightsPerClass = t.struct(['frame_system', 'limits', 'WeightsPerClass'], {
  base_extrinsic: Weight, max_extrinsic: t.option(Weight), max_total: t.option(Weight), reserved: t.option(Weight),
}, { typeNames: { base_extrinsic: 'Weight', max_extrinsic: 'Option<Weight>', max_total: 'Option<Weight>', reserved: 'Option<Weight>' } });

export const BlockWeightsType = t.struct(['frame_system', 'limits', 'BlockWeights'], {
  base_block: Weight, max_block: Weight, per_class: PerDispatchClass(WeightsPerClass),
}, { typeNames: { base_block: 'Weight', max_block: 'Weight', per_class: 'PerDispatchClass<WeightsPerClass>' } });

export const BlockLengthType = t.struct(['frame_system', 'limits', 'BlockLength'], { max: PerDispatchClass(t.u32) },
  { typeNames: { max: 'PerDispatchClass<u32>' } });

export const RuntimeDbWeight = t.struct(['sp_weights', 'RuntimeDbWeight'], { read: t.u64, write: t.u64 }, { typeNames: { read: 'u64', write: 'u64' } });

export const RuntimeVersion = t.struct(['sp_version', 'RuntimeVersion'], {
  spec_name: t.str, impl_name: t.str, authoring_version: t.u32, spec_version: t.u32, impl_version: t.u32,
  apis: t.vec(t.tuple<[Uint8Array, number]>(t.fixedBytes(8), t.u32)), transaction_version: t.u32, system_version: t.u8,
}, {
  typeNames: {
    spec_name: "Cow<'static, str>", impl_name: "Cow<'static, str>", authoring_version: 'u32', spec_version: 'u32', impl_version: 'u32',
    apis: 'ApisVec', transaction_version: 'u32', system_version: 'u8',
  },
});
export type RuntimeVersionValue = t.ValueOf<typeof RuntimeVersion>;

export const LastRuntimeUpgradeInfo = t.struct(['frame_system', 'LastRuntimeUpgradeInfo'], { spec_version: t.compact(t.u32), spec_name: t.str },
  { typeNames: { spec_version: 'codec::Compact<u32>', spec_name: "Cow<'static, str>" } });

export const CodeUpgradeAuthorization = t.struct(['frame_system', 'CodeUpgradeAuthorization'], { code_hash: H256, check_version: t.bool },
  { params: [{ name: 'T', type: undefined }], typeNames: { code_hash: 'T::Hash', check_version: 'bool' } });

// Transaction validity (sp_runtime::transaction_validity).
export const InvalidTransaction = t.enumOf(['sp_runtime', 'transaction_validity', 'InvalidTransaction'], {
  Call: null, Payment: null, Future: null, Stale: null, BadProof: null, AncientBirthBlock: null, ExhaustsResources: null,
  Custom: { fields: t.u8, typeNames: ['u8'] },
  BadMandatory: null, MandatoryValidation: null, BadSigner: null, IndeterminateImplicit: null, UnknownOrigin: null,
});
export const UnknownTransaction = t.enumOf(['sp_runtime', 'transaction_validity', 'UnknownTransaction'], {
  CannotLookup: null, NoUnsignedValidator: null, Custom: { fields: t.u8, typeNames: ['u8'] },
});
export const TransactionValidityError = t.enumOf(['sp_runtime', 'transaction_validity', 'TransactionValidityError'], {
  Invalid: { fields: InvalidTransaction, typeNames: ['InvalidTransaction'] },
  Unknown: { fields: UnknownTransaction, typeNames: ['UnknownTransaction'] },
});
export const TransactionSource = unitEnum(['sp_runtime', 'transaction_validity', 'TransactionSource'], ['InBlock', 'Local', 'External']);
export const ValidTransaction = t.struct(['sp_runtime', 'transaction_validity', 'ValidTransaction'], {
  priority: t.u64, requires: t.vec(t.bytes), provides: t.vec(t.bytes), longevity: t.u64, propagate: t.bool,
}, { typeNames: { priority: 'TransactionPriority', requires: 'Vec<TransactionTag>', provides: 'Vec<TransactionTag>', longevity: 'TransactionLongevity', propagate: 'bool' } });
export type ValidTransactionValue = t.ValueOf<typeof ValidTransaction>;

/** A transaction validity failure thrown inside the runtime (caught by the executive / APIs). */
export class TransactionValidityFailure extends Error {
  constructor(readonly value: t.EnumValue) {
    super(`${value.type}::${value.value?.type ?? ''}${value.value?.value !== undefined ? `(${value.value.value})` : ''}`);
  }
  static invalid(kind: string, custom?: number): TransactionValidityFailure {
    return new TransactionValidityFailure({ type: 'Invalid', value: custom === undefined ? { type: kind } : { type: kind, value: custom } });
  }
  static unknown(kind: string, custom?: number): TransactionValidityFailure {
    return new TransactionValidityFailure({ type: 'Unknown', value: custom === undefined ? { type: kind } : { type: kind, value: custom } });
  }
}

export const ExtrinsicInclusionMode = unitEnum(['sp_runtime', 'ExtrinsicInclusionMode'], ['AllExtrinsics', 'OnlyInherents']);
export { AccountId32 };
