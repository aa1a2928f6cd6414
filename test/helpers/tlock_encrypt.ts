// Test-side timelock encryptor that follows bittensor-drand (src/drand.rs `encrypt_and_compress` / `generate_commit`)
// and the tle crate it calls (`tle::<TinyBLS381, AESGCMStreamCipherProvider>`), so commits built here have the bytes
// the Python SDK sends:
//   identity  Q = H_G1(sha256(round_be_u64)) with quicknet's DST
//   IBE       t ← Fr; sigma = H4(t as 32 LE bytes); r = H3(sigma, esk); U = r·G2; V = sigma ⊕ H2(e(Q, r·P_pub));
//             W = esk ⊕ H4(sigma)
//   body      AES-256-GCM(esk, nonce (12 random bytes), plaintext), serialized as AESOutput { ciphertext, nonce }
//   bytes     U (96, compressed) ++ vec(V) ++ vec(W) ++ vec(body) ++ vec("AES_GCM_")  (arkworks: u64-LE length prefixes)
// The randomness comes from a seed, so a test's ciphertext is reproducible.
import { gcm } from '@noble/ciphers/aes.js';
import { sha256 } from '@noble/hashes/sha2.js';
import * as t from '../../runtime/codec/types.ts';
import { G2, Fr, roundPoint, type G2Point } from '../../runtime/crypto/drand.ts';
import { h2, h3, ibePairing } from '../../runtime/crypto/tlock.ts';

/** Deterministic byte stream for the encryptor's randomness: sha256(seed ++ counter). */
function seededBytes(seed: string): (n: number) => Uint8Array {
  let counter = 0;
  return n => {
    const out = new Uint8Array(n);
    for (let at = 0; at < n; at += 32) {
      const block = sha256(new TextEncoder().encode(`${seed}/${counter++}`));
      out.set(block.subarray(0, Math.min(32, n - at)), at);
    }
    return out;
  };
}

function arkVec(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + bytes.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(bytes.length), true);
  out.set(bytes, 8);
  return out;
}

const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
};

const xor = (a: Uint8Array, b: Uint8Array) => a.map((x, i) => x ^ b[i]);

/** `encrypt_and_compress(plaintext, round)` against the beacon public key `publicKey` (compressed G2). */
export function tlockEncrypt(plaintext: Uint8Array, round: bigint, publicKey: Uint8Array, seed = 'tlock'): Uint8Array {
  const rand = seededBytes(seed);
  const pPub: G2Point = G2.fromBytes(publicKey);
  const esk = rand(32);
  // IBE encrypt of the 32-byte esk for the round's identity.
  const tScalar = Fr.create(BigInt('0x' + Buffer.from(rand(48)).toString('hex')));
  const tLE = new Uint8Array(32);
  for (let i = 0, x = tScalar; i < 32; i++, x >>= 8n) tLE[i] = Number(x & 0xffn);
  const sigma = sha256(tLE);
  const r = h3(sigma, esk);
  const u = G2.BASE.multiply(r);
  const v = xor(sigma, h2(ibePairing(roundPoint(round), pPub.multiply(r))));
  const w = xor(esk, sha256(sigma));
  // Stream cipher body.
  const nonce = rand(12);
  const body = concat(arkVec(gcm(esk, nonce).encrypt(plaintext)), arkVec(nonce));
  return concat(u.toBytes(true), arkVec(v), arkVec(w), arkVec(body), arkVec(new TextEncoder().encode('AES_GCM_')));
}

/** bittensor-drand `generate_commit`'s payload: SCALE WeightsTlockPayload { hotkey, uids, values, version_key }. */
export function weightsPayload(hotkey: Uint8Array, uids: number[], values: number[], versionKey: bigint): Uint8Array {
  return concat(t.encode(t.bytes, hotkey), t.encode(t.vec(t.u16), uids), t.encode(t.vec(t.u16), values), t.encode(t.u64, versionKey));
}

/** `encrypt_commitment(data)`: the SCALE-encoded string, timelocked. */
export function commitmentPlaintext(data: string): Uint8Array {
  return t.encode(t.bytes, new TextEncoder().encode(data));
}
