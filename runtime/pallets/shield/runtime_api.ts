// stp_shield::ShieldApi (version 1, the signatures subtensor spec 425 implements): what the block author's node asks
// the runtime while building a block. The node holds the ML-KEM-768 decapsulation keys and passes the right one in;
// decapsulation and the AEAD run here, in the runtime, as they do in subtensor's WASM.
import * as t from '../../codec/types.ts';
import { Reader } from '../../codec/scale.ts';
import { defineRuntimeApi } from '../../frame/runtime_api.ts';
import { OpaqueExtrinsic } from '../../apis/types.ts';
import { decodeExtrinsic, extrinsicCallIndex } from '../../extrinsic/index.ts';
import { ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { ShieldedTransaction, parseShieldedTransaction, KEY_HASH_LEN, type ShieldedTransactionValue } from './shielded_tx.ts';
import { submitEncryptedCiphertext } from './extension.ts';
import { isShieldedUsingCurrentKey, MevShield } from './index.ts';

const MLKEM768_DEC_KEY_LEN = 2400;
const SUBMIT_ENCRYPTED_CALL_INDEX = MevShield.decl.calls!.submit_encrypted.index;
const MLKEM768_CIPHERTEXT_LEN = 1088;

/** try_decode_shielded_tx: the parsed ciphertext of a MevShield.submit_encrypted extrinsic, else None. Subtensor
 *  also checks the wrapper's signature here, at the parent block's state, where a wrapper whose mortal era starts
 *  at that parent (what clients sign against on a chain with instant finality) fails with AncientBirthBlock and is
 *  then included as a plain transaction, its inner extrinsic lost. The signature is checked when the wrapper is
 *  applied instead, which rejects a badly signed wrapper just the same. */
export function tryDecodeShieldedTx(uxt: Uint8Array): ShieldedTransactionValue | null {
  // The block builder asks this of every pool transaction: most are not MevShield.submit_encrypted, which the call
  // index alone tells without decoding the arguments.
  const index = extrinsicCallIndex(uxt);
  if (index === null || index[0] !== MevShield.index || index[1] !== SUBMIT_ENCRYPTED_CALL_INDEX) return null;
  let call;
  try { call = decodeExtrinsic(uxt).call; } catch { return null; }
  const ciphertext = submitEncryptedCiphertext(call);
  return ciphertext === null ? null : parseShieldedTransaction(ciphertext);
}

/** ML-KEM-768 decapsulation, then XChaCha20-Poly1305 with the raw shared secret as key and no AAD. */
function unshield(decKey: Uint8Array, tx: ShieldedTransactionValue): Uint8Array | null {
  if (decKey.length !== MLKEM768_DEC_KEY_LEN || tx.kem_ct.length !== MLKEM768_CIPHERTEXT_LEN) return null;
  try {
    const sharedSecret = ml_kem768.decapsulate(tx.kem_ct, decKey);
    return xchacha20poly1305(sharedSecret, tx.nonce).decrypt(tx.aead_ct);
  } catch {
    return null; // the authentication tag did not match (wrong key, tampered ciphertext)
  }
}

/** try_unshield_tx: the decrypted bytes as an extrinsic (Extrinsic::decode: its length prefix says where it ends;
 *  bytes after it are ignored), or None. */
export function tryUnshieldTx(decKey: Uint8Array, tx: ShieldedTransactionValue): Uint8Array | null {
  const plaintext = unshield(decKey, tx);
  if (!plaintext || plaintext.length === 0) return null;
  try {
    const r = new Reader(plaintext);
    const len = r.compactNumber();
    const end = r.offset + len;
    if (end > plaintext.length) return null;
    const encoded = plaintext.slice(0, end);
    decodeExtrinsic(encoded);
    return encoded;
  } catch {
    return null;
  }
}

export const ShieldApi = defineRuntimeApi({
  name: 'ShieldApi',
  version: 1,
  methods: [
    {
      name: 'try_decode_shielded_tx', inputs: [{ name: 'uxt', type: OpaqueExtrinsic }], output: t.option(ShieldedTransaction),
      docs: [' Try to decode a shielded transaction from an extrinsic.'],
      impl: (uxt: Uint8Array) => tryDecodeShieldedTx(uxt),
    },
    {
      name: 'is_shielded_using_current_key', inputs: [{ name: 'key_hash', type: t.fixedBytes(KEY_HASH_LEN) }], output: t.bool,
      docs: [' Check if a transaction is shielded using the current key.'],
      impl: (keyHash: Uint8Array) => isShieldedUsingCurrentKey(keyHash),
    },
    {
      name: 'try_unshield_tx', inputs: [{ name: 'dec_key_bytes', type: t.bytes }, { name: 'shielded_tx', type: ShieldedTransaction }],
      output: t.option(OpaqueExtrinsic),
      docs: [' Try to unshield a transaction using a decapsulation key.'],
      impl: (decKey: Uint8Array, tx: ShieldedTransactionValue) => tryUnshieldTx(decKey, tx),
    },
  ],
});
