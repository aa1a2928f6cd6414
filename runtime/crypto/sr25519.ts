// sr25519 verification for the signature host function. Two schnorrkel builds are available from npm:
// @polkadot/wasm-crypto (what polkadot-js uses; returns false on any bad input) and @polkadot-labs/schnorrkel-wasm
// (a newer curve25519-dalek, about 2.4× faster per verify here, but it *panics* — a wasm trap that leaks its shadow
// stack — on an undecodable public key or a malformed signature instead of returning false).
//
// So the fast build only ever sees inputs that cannot make it panic:
//  - the signature passes schnorrkel's `Signature::from_bytes` checks, done here in JS: the schnorrkel marker bit
//    (byte 63, bit 7) and a canonical scalar s < ℓ (R is compared in compressed form, never decompressed);
//  - the public key has already been verified successfully once by wasm-crypto (a decodable ristretto point);
//    the first signature of every new signer goes through wasm-crypto, which also yields the same answer.
// If the fast build still throws, it is never used again in this thread and wasm-crypto answers instead.
import { sr25519Verify as wasmCryptoVerify } from '@polkadot/wasm-crypto';
import { sr25519_verify as schnorrkelVerify } from '@polkadot-labs/schnorrkel-wasm';

/** ℓ = 2^252 + 27742317777372353535851937790883648493, little-endian bytes. */
const L = Uint8Array.from([
  0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
]);

/** schnorrkel's `Signature::from_bytes` acceptance: 64 bytes, marker bit set, s (marker cleared) canonical. */
export function isWellFormedSr25519Signature(sig: Uint8Array): boolean {
  if (sig.length !== 64 || (sig[63] & 0x80) === 0) return false;
  // Compare s (bytes 32..63, bit 255 cleared) with ℓ from the most significant byte down.
  for (let i = 31; i >= 0; i--) {
    const b = i === 31 ? sig[63] & 0x7f : sig[32 + i];
    if (b !== L[i]) return b < L[i];
  }
  return false; // s == ℓ
}

/** Public keys (as latin1 strings) that verified successfully through wasm-crypto: decodable points. Bounded;
 *  oldest dropped. */
const knownKeys = new Set<string>();
const KNOWN_KEYS_CAPACITY = 65_536;
let fastUsable = true;

function rememberKey(key: string): void {
  if (knownKeys.size >= KNOWN_KEYS_CAPACITY) knownKeys.delete(knownKeys.values().next().value as string);
  knownKeys.add(key);
}

/** sr25519 verification with schnorrkel's semantics (`verify_simple` in the "substrate" signing context). */
export function sr25519Verify(sig: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (publicKey.length !== 32 || !isWellFormedSr25519Signature(sig)) return false;
  const key = Buffer.from(publicKey.buffer, publicKey.byteOffset, 32).toString('latin1');
  if (fastUsable && knownKeys.has(key)) {
    try {
      return schnorrkelVerify(publicKey, message, sig);
    } catch {
      fastUsable = false; // a trap: this instance may be inconsistent; never call it again
    }
  }
  const ok = wasmCryptoVerify(sig, message, publicKey);
  if (ok) rememberKey(key);
  return ok;
}

/** For tests: forget the known keys (the next verify of each signer goes through wasm-crypto again). */
export function resetSr25519KnownKeys(): void {
  knownKeys.clear();
}

/** Whether the fast build is still in use (false after it trapped once). */
export function sr25519FastPathUsable(): boolean {
  return fastUsable;
}
