// Timelock decryption as subtensor does it (`tle::tlock::tld::<TinyBLS381, AESGCMStreamCipherProvider>`, the crate
// bittensor-drand encrypts with): Boneh–Franklin FullIdent IBE over BLS12-381 for a 32-byte key, AES-256-GCM for the
// body. The identity of round r is H(sha256(r as big-endian u64)) on G1, so the round's drand signature is the IBE
// secret. Byte formats are arkworks' `CanonicalSerialize` (compressed): points in the zcash encoding, `Vec<u8>` as a
// u64 little-endian length then the bytes, field elements little-endian.
//
//   TLECiphertext = header: { u: G2 (96), v: Vec<u8>, w: Vec<u8> } ++ body: Vec<u8> ++ cipher_suite: Vec<u8>
//   body          = AESOutput { ciphertext: Vec<u8> (with the 16-byte GCM tag), nonce: Vec<u8> (12) }
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { gcm } from '@noble/ciphers/aes.js';
import { G1, G2, Fr, decodeG2, type G1Point, type G2Point } from './drand.ts';

type Fp12 = ReturnType<typeof bls12_381.fields.Fp12.create>;

/** arkworks' serialization of a BLS12-381 Fp element: 48 bytes, little-endian. */
function fpLE(x: bigint, out: Uint8Array, at: number): void {
  for (let i = 0; i < 48; i++) { out[at + i] = Number(x & 0xffn); x >>= 8n; }
}

/** arkworks' serialization of a GT element (Fp12 = Fp6[w], Fp6 = Fp2[v], Fp2 = Fp[u]; c0 before c1 at each level). */
export function gtBytes(g: Fp12): Uint8Array {
  const out = new Uint8Array(576);
  let at = 0;
  for (const f6 of [g.c0, g.c1]) for (const f2 of [f6.c0, f6.c1, f6.c2]) for (const x of [f2.c0, f2.c1]) { fpLE(x, out, at); at += 48; }
  return out;
}

/** The pairing the IBE uses (arkworks' final exponentiation, which noble shares); 1 when a point is the identity, as
 *  arkworks' Miller loop skips such pairs. */
export function ibePairing(p: G1Point, q: G2Point): Fp12 {
  if (p.equals(G1.ZERO) || q.equals(G2.ZERO)) return bls12_381.fields.Fp12.ONE;
  return bls12_381.pairing(p, q);
}

/** tle's H2 (GT → 32 bytes), H3 (bytes → Fr, big-endian mod r) and H4 (first |a| bytes of sha256(a)). */
export const h2 = (g: Fp12): Uint8Array => sha256(gtBytes(g));
export function h3(a: Uint8Array, b: Uint8Array): bigint {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a); joined.set(b, a.length);
  let n = 0n;
  for (const byte of sha256(joined)) n = (n << 8n) | BigInt(byte);
  return Fr.create(n);
}
export function h4(a: Uint8Array): Uint8Array | null {
  return a.length > 32 ? null : sha256(a).subarray(0, a.length); // tle slices out of bounds (panics) beyond 32
}

/** tle's `cross_product_32`: `a` with its first 32 bytes xored by `b` (null where tle would index out of bounds). */
export function xor32(a: Uint8Array, b: Uint8Array): Uint8Array | null {
  const o = a.slice();
  const n = Math.min(o.length, 32);
  if (b.length < n) return null;
  for (let i = 0; i < n; i++) o[i] ^= b[i];
  return o;
}

/** Reads arkworks-serialized fields off a byte slice; every read returns null past the end. */
class ArkReader {
  private at = 0;
  constructor(private readonly bytes: Uint8Array) {}
  vec(): Uint8Array | null {
    if (this.at + 8 > this.bytes.length) return null;
    const len = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.at, 8).getBigUint64(0, true);
    this.at += 8;
    if (len > BigInt(this.bytes.length - this.at)) return null;
    const out = this.bytes.subarray(this.at, this.at + Number(len));
    this.at += Number(len);
    return out;
  }
  g2(): G2Point | null {
    if (this.at + 96 > this.bytes.length) return null;
    const p = decodeG2(this.bytes.subarray(this.at, this.at + 96));
    this.at += 96;
    return p;
  }
}

export interface TleCiphertext { u: G2Point; v: Uint8Array; w: Uint8Array; body: Uint8Array; cipherSuite: Uint8Array }

/** `TLECiphertext::<TinyBLS381>::deserialize_compressed` (trailing bytes are ignored, as there). */
export function decodeTleCiphertext(bytes: Uint8Array): TleCiphertext | null {
  const r = new ArkReader(bytes);
  const u = r.g2();
  const v = u && r.vec();
  const w = v && r.vec();
  const body = w && r.vec();
  const cipherSuite = body && r.vec();
  if (!u || !v || !w || !body || !cipherSuite) return null;
  return { u, v, w, body, cipherSuite };
}

/** `tld`: the plaintext, or null where tle returns an error (wrong signature/round, corrupted body, bad nonce…). */
export function tld(ct: TleCiphertext, signature: G1Point): Uint8Array | null {
  // IBE: sigma = V ⊕ H2(e(sig, U)), key = W ⊕ H4(sigma), then U must equal H3(sigma, key)·P.
  const sigma = xor32(ct.v, h2(ibePairing(signature, ct.u)));
  const mask = sigma && h4(sigma);
  const key = mask && xor32(ct.w, mask);
  if (!sigma || !key) return null;
  const r = h3(sigma, key);
  const check = r === 0n ? G2.ZERO : G2.BASE.multiply(r);
  if (!check.equals(ct.u) || key.length !== 32) return null;
  const body = new ArkReader(ct.body);
  const ciphertext = body.vec();
  const nonce = ciphertext && body.vec();
  if (!ciphertext || !nonce || nonce.length !== 12) return null;
  try {
    return gcm(key, nonce).decrypt(ciphertext);
  } catch {
    return null;
  }
}

/** Deserialize then decrypt; null on any failure (subtensor logs and drops the commit in both cases). */
export function tlockDecrypt(ciphertext: Uint8Array, signature: G1Point): Uint8Array | null {
  const ct = decodeTleCiphertext(ciphertext);
  return ct && tld(ct, signature);
}
