// drand quicknet cryptography on BLS12-381 (@noble/curves), scheme `bls-unchained-g1-rfc9380`: signatures on G1
// (48 bytes), public keys on G2 (96 bytes), each round signs sha256(round as big-endian u64) hashed to G1 with
// quicknet's DST. Points use the compressed zcash encoding, which is also what arkworks (subtensor's `ark_scale`
// WIRE and `deserialize_compressed`) reads and writes; decoding checks the curve and the prime-order subgroup.
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { sha256 } from '@noble/hashes/sha2.js';

export const QUICKNET_DST = 'BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_';

export const G1 = bls12_381.G1.Point;
export const G2 = bls12_381.G2.Point;
export type G1Point = InstanceType<typeof G1>;
export type G2Point = InstanceType<typeof G2>;
export const Fr = bls12_381.fields.Fr;

/** The message a round signs: sha256 of the round number as 8 big-endian bytes (empty previous signature). */
export function roundMessage(round: bigint): Uint8Array {
  const be = new Uint8Array(8);
  new DataView(be.buffer).setBigUint64(0, round);
  return sha256(be);
}

/** H(m) ∈ G1: the round's message hashed to the curve (RFC 9380, quicknet DST). Also the round's IBE identity. */
export function roundPoint(round: bigint): G1Point {
  return bls12_381.G1.hashToCurve(roundMessage(round), { DST: QUICKNET_DST }) as G1Point;
}

/** Compressed G1 point, or null when the bytes are no valid point of the subgroup (arkworks' decode error). */
export function decodeG1(bytes: Uint8Array): G1Point | null {
  if (bytes.length < 48) return null;
  try { return G1.fromBytes(bytes.subarray(0, 48)); } catch { return null; }
}

/** A stored pulse's signature as the reveals read it: an ASCII "0x" prefix is skipped, then a compressed G1 point. */
export function decodePulseSignature(bytes: Uint8Array): G1Point | null {
  return decodeG1(bytes.length >= 2 && bytes[0] === 0x30 && bytes[1] === 0x78 ? bytes.subarray(2) : bytes);
}

/** Compressed G2 point, or null when invalid. */
export function decodeG2(bytes: Uint8Array): G2Point | null {
  if (bytes.length < 96) return null;
  try { return G2.fromBytes(bytes.subarray(0, 96)); } catch { return null; }
}

/** e(sig, g2) == e(H(round), pk), as subtensor's `fast_pairing_opt` checks it (one product of pairings). */
export function verifyRoundSignature(publicKey: G2Point, signature: G1Point, round: bigint): boolean {
  const hm = roundPoint(round);
  if (signature.equals(G1.ZERO) || publicKey.equals(G2.ZERO)) return signature.equals(G1.ZERO) && (hm.equals(G1.ZERO) || publicKey.equals(G2.ZERO));
  const product = bls12_381.pairingBatch([{ g1: signature.negate(), g2: G2.BASE }, { g1: hm, g2: publicKey }]);
  return bls12_381.fields.Fp12.eql(product, bls12_381.fields.Fp12.ONE);
}

/** sk · H(round): a beacon's signature for `round` under the secret scalar `sk` (the dev beacon signs with this). */
export function signRound(sk: bigint, round: bigint): Uint8Array {
  return roundPoint(round).multiply(sk).toBytes(true);
}
