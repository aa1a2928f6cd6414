// Codecs of the standard runtime APIs' arguments and results, with subtensor's metadata paths.
import * as t from '../codec/types.ts';
import { Header } from '../frame/header.ts';
import { Weight } from '../primitives.ts';
import { DispatchErrorCodec, TransactionValidityError, ValidTransaction, DispatchClass } from '../pallets/system/types.ts';

const UncheckedExtrinsicInner = t.newtype(['sp_runtime', 'generic', 'unchecked_extrinsic', 'UncheckedExtrinsic'], t.bytes, undefined, [
  { name: 'Address', type: undefined }, { name: 'Call', type: undefined }, { name: 'Signature', type: undefined }, { name: 'Extra', type: undefined },
]);
const UncheckedExtrinsicInfo = t.newtype(['fp_self_contained', 'unchecked_extrinsic', 'UncheckedExtrinsic'], UncheckedExtrinsicInner,
  'generic::UncheckedExtrinsic<Address, Call, Signature, Extension>').info;

/** An extrinsic as runtime APIs pass it: the value is the full encoding including the compact length prefix. */
export const OpaqueExtrinsic: t.Codec<Uint8Array> = {
  info: UncheckedExtrinsicInfo,
  encodeTo(w, v) { w.raw(v); },
  decodeFrom(r) {
    const start = r.offset;
    const n = r.compactNumber();
    r.raw(n);
    return r.data.slice(start, r.offset);
  },
};

export const Block = t.struct(['sp_runtime', 'generic', 'block', 'Block'], { header: Header, extrinsics: t.vec(OpaqueExtrinsic) }, {
  params: [{ name: 'Header', type: Header }, { name: 'Extrinsic', type: OpaqueExtrinsic }],
  typeNames: { header: 'Header', extrinsics: 'Vec<Extrinsic>' },
});

const BTreeMapIdBytes = t.newtype(['BTreeMap'], t.vec(t.tuple<[Uint8Array, Uint8Array]>(t.fixedBytes(8), t.bytes)), undefined,
  [{ name: 'K', type: t.fixedBytes(8) }, { name: 'V', type: t.bytes }]);
export const InherentData = t.struct(['sp_inherents', 'InherentData'], { data: BTreeMapIdBytes }, { typeNames: { data: 'BTreeMap<InherentIdentifier, Vec<u8>>' } });
export const CheckInherentsResult = t.struct(['sp_inherents', 'CheckInherentsResult'], { okay: t.bool, fatal_error: t.bool, errors: InherentData },
  { typeNames: { okay: 'bool', fatal_error: 'bool', errors: 'InherentData' } });

export const ApplyExtrinsicResult = t.result(t.result(t.unit, DispatchErrorCodec), TransactionValidityError);
export const TransactionValidity = t.result(ValidTransaction, TransactionValidityError);

export const RuntimeDispatchInfo = t.struct(['pallet_transaction_payment', 'types', 'RuntimeDispatchInfo'], { weight: Weight, class: DispatchClass, partial_fee: t.u64 }, {
  params: [{ name: 'Balance', type: t.u64 }, { name: 'Weight', type: Weight }],
  typeNames: { weight: 'Weight', class: 'DispatchClass', partial_fee: 'Balance' },
});
export const InclusionFee = t.struct(['pallet_transaction_payment', 'types', 'InclusionFee'], { base_fee: t.u64, len_fee: t.u64, adjusted_weight_fee: t.u64 }, {
  params: [{ name: 'Balance', type: t.u64 }], typeNames: { base_fee: 'Balance', len_fee: 'Balance', adjusted_weight_fee: 'Balance' },
});
export const FeeDetails = t.struct(['pallet_transaction_payment', 'types', 'FeeDetails'], { inclusion_fee: t.option(InclusionFee), tip: t.u64 }, {
  params: [{ name: 'Balance', type: t.u64 }], typeNames: { inclusion_fee: 'Option<InclusionFee<Balance>>', tip: 'Balance' },
});

export const SlotDuration = t.newtype(['sp_consensus_slots', 'SlotDuration'], t.u64, 'u64');
export const OpaqueValue = t.newtype(['sp_runtime', 'OpaqueValue'], t.bytes, 'Vec<u8>');
export const KeyTypeId = t.newtype(['sp_core', 'crypto', 'KeyTypeId'], t.fixedBytes(4), '[u8; 4]');
