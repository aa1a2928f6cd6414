// stp_shield's wire format of an encrypted transaction (the `ciphertext` of submit_encrypted), as btcli and the SDK
// produce it with bittensor_drand.encrypt_mlkem768(NextKey, signed_extrinsic, include_key_hash=True):
//   key_hash (16: twox128 of the ML-KEM-768 encapsulation key) || kem_len (u16 LE) || kem_ct || nonce (24) || aead_ct
// aead_ct is XChaCha20-Poly1305 of the signed extrinsic under the raw ML-KEM shared secret, empty AAD.
import * as t from '../../codec/types.ts';

export const KEY_HASH_LEN = 16;
export const NONCE_LEN = 24;
/** ML-KEM-768 encapsulation key length (stp_shield::MLKEM768_ENC_KEY_LEN). */
export const MLKEM768_ENC_KEY_LEN = 1184;

export interface ShieldedTransactionValue {
  key_hash: Uint8Array;
  kem_ct: Uint8Array;
  aead_ct: Uint8Array;
  nonce: Uint8Array;
}

export const ShieldedTransaction = t.struct(['stp_shield', 'shielded_tx', 'ShieldedTransaction'], {
  key_hash: t.fixedBytes(KEY_HASH_LEN),
  kem_ct: t.bytes,
  aead_ct: t.bytes,
  nonce: t.fixedBytes(NONCE_LEN),
}, { typeNames: { key_hash: '[u8; KEY_HASH_LEN]', kem_ct: 'Vec<u8>', aead_ct: 'Vec<u8>', nonce: '[u8; NONCE_LEN]' } });

/** ShieldedTransaction::parse: null when any part is truncated or the AEAD ciphertext is empty (a zero-length
 *  kem_ct parses; decapsulation rejects it later). */
export function parseShieldedTransaction(ciphertext: Uint8Array): ShieldedTransactionValue | null {
  if (ciphertext.length < KEY_HASH_LEN + 2) return null;
  const key_hash = ciphertext.slice(0, KEY_HASH_LEN);
  const kemLen = ciphertext[KEY_HASH_LEN] | (ciphertext[KEY_HASH_LEN + 1] << 8);
  const kemStart = KEY_HASH_LEN + 2;
  const nonceStart = kemStart + kemLen;
  const aeadStart = nonceStart + NONCE_LEN;
  if (aeadStart >= ciphertext.length) return null;
  return {
    key_hash,
    kem_ct: ciphertext.slice(kemStart, nonceStart),
    nonce: ciphertext.slice(nonceStart, aeadStart),
    aead_ct: ciphertext.slice(aeadStart),
  };
}
