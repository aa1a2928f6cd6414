// Primitive types of the subtensor runtime, with the Rust paths clients know them by (§11.1 of the spec):
// AccountId32, MultiAddress<AccountId32, ()>, MultiSignature, H256, Weight, and subtensor's transparent newtypes.
import * as t from './codec/types.ts';

export const AccountId32 = t.newtype(['sp_core', 'crypto', 'AccountId32'], t.fixedBytes(32), '[u8; 32]');
export type AccountId = Uint8Array;
export const H256 = t.newtype(['primitive_types', 'H256'], t.fixedBytes(32), '[u8; 32]');
export const H160 = t.newtype(['primitive_types', 'H160'], t.fixedBytes(20), '[u8; 20]');

export const BlockNumber = t.u32;
export const Nonce = t.u32;

/** subtensor_runtime_common::TaoBalance / AlphaBalance / NetUid: transparent newtypes (encode as the inner type). */
export const TaoBalance = t.newtype(['subtensor_runtime_common', 'TaoBalance'], t.u64, 'u64');
export const AlphaBalance = t.newtype(['subtensor_runtime_common', 'AlphaBalance'], t.u64, 'u64');
export const NetUid = t.newtype(['subtensor_runtime_common', 'NetUid'], t.u16, 'u16');
export const NetUidStorageIndex = t.newtype(['subtensor_runtime_common', 'NetUidStorageIndex'], t.u16, 'u16');
export const MechId = t.newtype(['subtensor_runtime_common', 'MechId'], t.u8, 'u8');
/** Balance as FRAME pallets see it (u64 in subtensor). */
export const Balance = t.u64;

export const MultiAddress = t.enumOf(['sp_runtime', 'multiaddress', 'MultiAddress'], {
  Id: { fields: AccountId32, typeNames: ['AccountId'] },
  Index: { fields: t.compactUnit, typeNames: ['AccountIndex'] },
  Raw: { fields: t.bytes, typeNames: ['Vec<u8>'] },
  Address32: { fields: t.fixedBytes(32), typeNames: ['[u8; 32]'] },
  Address20: { fields: t.fixedBytes(20), typeNames: ['[u8; 20]'] },
}, { params: [{ name: 'AccountId', type: AccountId32 }, { name: 'AccountIndex', type: t.unit }] });

export const Sr25519Signature = t.newtype(['sp_core', 'sr25519', 'Signature'], t.fixedBytes(64), '[u8; 64]');
export const Ed25519Signature = t.newtype(['sp_core', 'ed25519', 'Signature'], t.fixedBytes(64), '[u8; 64]');
export const EcdsaSignature = t.newtype(['sp_core', 'ecdsa', 'Signature'], t.fixedBytes(65), '[u8; 65]');
export const MultiSignature = t.enumOf(['sp_runtime', 'MultiSignature'], {
  Ed25519: { fields: Ed25519Signature },
  Sr25519: { fields: Sr25519Signature },
  Ecdsa: { fields: EcdsaSignature },
});

export const Weight = t.struct(['sp_weights', 'weight_v2', 'Weight'], {
  ref_time: t.compact(t.u64),
  proof_size: t.compact(t.u64),
});

export const Perbill = t.newtype(['sp_arithmetic', 'per_things', 'Perbill'], t.u32, 'u32');
export const Percent = t.newtype(['sp_arithmetic', 'per_things', 'Percent'], t.u8, 'u8');
export const Permill = t.newtype(['sp_arithmetic', 'per_things', 'Permill'], t.u32, 'u32');
/** sp_arithmetic::FixedU128 (fee multiplier). */
export const FixedU128 = t.newtype(['sp_arithmetic', 'fixed_point', 'FixedU128'], t.u128, 'u128');

/** substrate_fixed types as subtensor's metadata shows them: a struct with a `bits` field. */
const fixedType = (name: string, bits: t.Codec<bigint>, frac: string) =>
  t.struct(['substrate_fixed', name], { bits }, { params: [{ name: 'Frac', type: undefined }], typeNames: { bits: frac } });
export const I32F32 = fixedType('FixedI64', t.i64, 'i64');
export const I64F64 = fixedType('FixedI128', t.i128, 'i128');
export const U64F64 = fixedType('FixedU128', t.u128, 'u128');
export const I96F32 = fixedType('FixedI128', t.i128, 'i128');
export const U96F32 = fixedType('FixedU128', t.u128, 'u128');

/** Address → AccountId (only MultiAddress::Id and Address32 resolve; others are CannotLookup). */
export function lookupAddress(addr: t.EnumValue): AccountId | null {
  if (addr.type === 'Id' || addr.type === 'Address32') return addr.value as Uint8Array;
  return null;
}

export const ZERO_ACCOUNT: AccountId = new Uint8Array(32);

export const PalletId = t.newtype(['frame_support', 'PalletId'], t.fixedBytes(8), '[u8; 8]');

/** PalletId(id).into_sub_account_truncating(sub): ("modl", id, sub) encoded, zero-padded (or cut) to 32 bytes. */
export function palletSubAccount(palletId: Uint8Array, sub: Uint8Array): AccountId {
  const out = new Uint8Array(32);
  const raw = [...new TextEncoder().encode('modl'), ...palletId, ...sub];
  out.set(raw.slice(0, 32));
  return out;
}
