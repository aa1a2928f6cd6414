// The block author's side of MEV Shield (subtensor's stc-shield keystore + the shielded-transaction path of its
// patched sc-basic-authorship proposer). The author announces a fresh ML-KEM-768 encapsulation key in every block
// (the `shieldpk` inherent data); two blocks later that key is the chain's PendingKey, and a submit_encrypted
// wrapper encrypted to it is included with its decrypted inner extrinsic right after it. Everything about the
// ciphertext is the runtime's business (ShieldApi); the node only holds the decapsulation keys.
import { ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { randomBytes } from 'node:crypto';
import { Writer, toHex } from '../runtime/codec/scale.ts';
import { twox128 } from '../runtime/crypto/hashing.ts';

/** stp_shield::INHERENT_IDENTIFIER. */
export const SHIELD_INHERENT_ID = 'shieldpk';
// Keys announced this many blocks back are kept: a wrapper encrypted to NextKey at block N is decrypted in block N+2
// (single author); the margin covers nothing else and costs 2.4 kB a key.
const KEPT_KEYS = 8;

/**
 * The author's ML-KEM-768 keys. Subtensor's MemoryShieldKeystore rolls a current/next pair on each own block, which
 * matches the on-chain PendingKey only when every author builds every third block or less often (its manual-seal dev
 * node uses one fixed pair instead). A single author builds every block, so this keystore keeps the recent
 * decapsulation keys by the twox128 hash of their encapsulation key — the hash the ciphertext carries.
 */
export class ShieldKeystore {
  private decKeys = new Map<string, Uint8Array>();

  /** A fresh key pair for the block being built; returns the encapsulation key the block announces. `seed` (64
   *  bytes) replaces the random one in --deterministic mode. */
  nextEncKey(seed?: Uint8Array): Uint8Array {
    const { publicKey, secretKey } = ml_kem768.keygen(seed ?? new Uint8Array(randomBytes(64)));
    this.decKeys.set(toHex(twox128(publicKey)), secretKey);
    if (this.decKeys.size > KEPT_KEYS) this.decKeys.delete(this.decKeys.keys().next().value!);
    return publicKey;
  }

  /** The decapsulation key of the encapsulation key whose twox128 is `keyHash`, if this author announced it. */
  decKeyFor(keyHash: Uint8Array): Uint8Array | null {
    return this.decKeys.get(toHex(keyHash)) ?? null;
  }
}

/** The `shieldpk` inherent data value: InherentType = Option<ShieldEncKey>. */
export function encodeShieldInherent(encKey: Uint8Array | null): Uint8Array {
  const w = new Writer(encKey ? encKey.length + 4 : 1);
  if (encKey) w.u8(1).bytes(encKey); else w.u8(0);
  return w.finish();
}

/** A submit_encrypted wrapper as ShieldApi_try_decode_shielded_tx returned it. */
export interface ShieldedTx {
  /** The SCALE ShieldedTransaction, passed back to ShieldApi_try_unshield_tx as is. */
  encoded: Uint8Array;
  keyHash: Uint8Array;
}

/** Option<ShieldedTransaction> → the wrapper, or null when the extrinsic is no shielded transaction. */
export function decodeShieldedTxOption(out: Uint8Array): ShieldedTx | null {
  if (out[0] !== 1) return null;
  const encoded = out.subarray(1);
  return { encoded, keyHash: encoded.subarray(0, 16) };
}

/** Option<Extrinsic> → the inner extrinsic's bytes (with their length prefix), or null. */
export function decodeExtrinsicOption(out: Uint8Array): Uint8Array | null {
  return out[0] === 1 ? out.slice(1) : null;
}
