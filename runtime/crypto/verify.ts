// Signature verification as a host function (sp_io::crypto::{sr25519,ed25519}_verify, secp256k1_ecdsa_recover):
// the runtime calls `verifySignature`, and the host (the node) may install its own verifier with
// `setSignatureVerifier`. The default verifies in-thread (sr25519 through ./sr25519.ts, the rest with
// @polkadot/wasm-crypto) with a cache of successful checks, which is what tests and the harness use. The node
// installs a verifier whose cache its validation worker threads also fill: a transaction verified off-thread at pool
// admission is then not verified again when its block is built.
import { isReady, ed25519Verify, secp256k1Recover, secp256k1Compress } from '@polkadot/wasm-crypto';
import { blake2_256 } from './hashing.ts';
import { sr25519Verify } from './sr25519.ts';

export type SignatureScheme = 'Sr25519' | 'Ed25519' | 'Ecdsa';
const SCHEME_BYTE: Record<SignatureScheme, number> = { Ed25519: 0, Sr25519: 1, Ecdsa: 2 };

/** Verifies `signature` (of `scheme`) over `message` by the 32-byte account `signer`. */
export type SignatureVerifier = (scheme: string, signature: Uint8Array, message: Uint8Array, signer: Uint8Array) => boolean;

/** MultiSignature::verify, no caching: sr25519 through ./sr25519.ts, ed25519 and ecdsa with @polkadot/wasm-crypto.
 *  Requires wasm-crypto to be initialised (`await initCrypto()` from crypto/hashing.ts). */
export function wasmVerify(scheme: string, sig: Uint8Array, message: Uint8Array, signer: Uint8Array): boolean {
  if (!isReady()) throw new Error('wasm crypto not initialised: await initCrypto() before executing the runtime');
  switch (scheme) {
    case 'Sr25519': return sig.length === 64 && signer.length === 32 && sr25519Verify(sig, message, signer);
    case 'Ed25519': return sig.length === 64 && signer.length === 32 && ed25519Verify(sig, message, signer);
    case 'Ecdsa': {
      // sp_core::ecdsa: recover from blake2-256(message); the account is blake2-256 of the compressed public key.
      if (sig.length !== 65) return false;
      const recid = sig[64] >= 27 ? sig[64] - 27 : sig[64];
      if (recid > 3) return false;
      try {
        const pub = secp256k1Recover(blake2_256(message), sig.subarray(0, 64), recid);
        if (!pub || pub.length === 0) return false;
        const compressed = pub.length === 33 ? pub : secp256k1Compress(pub);
        const id = blake2_256(compressed);
        if (id.length !== signer.length) return false;
        for (let i = 0; i < 32; i++) if (id[i] !== signer[i]) return false;
        return true;
      } catch {
        return false;
      }
    }
    default: return false;
  }
}

/**
 * Cache key of one check: blake2-256 over scheme ++ signer ++ len(signature) ++ signature ++ message. It covers the
 * public key, the whole signature and the whole message (not just a digest of the message alone), so a cached
 * success can only be reused for the identical (scheme, signer, signature, message); finding another input with the
 * same key means a blake2-256 collision. The signature's length byte keeps the encoding unambiguous.
 */
export function verificationKey(scheme: string, sig: Uint8Array, message: Uint8Array, signer: Uint8Array): string {
  const tag = SCHEME_BYTE[scheme as SignatureScheme] ?? 255;
  const len = 1 + signer.length + 1 + sig.length + message.length;
  // The hash input is assembled in a reused buffer (a fresh one per check was an allocation outside the JS heap).
  if (keyScratch.length < len) keyScratch = new Uint8Array(Math.max(len, 2 * keyScratch.length));
  const buf = keyScratch;
  buf[0] = tag;
  buf.set(signer, 1);
  let at = 1 + signer.length;
  buf[at++] = sig.length & 0xff;
  buf.set(sig, at);
  buf.set(message, at + sig.length);
  const h = blake2_256(buf.subarray(0, len));
  return latin1Slice ? latin1Slice.call(h, 0, h.length) : Buffer.from(h).toString('latin1');
}
let keyScratch = new Uint8Array(512);
// Buffer's latin1 decoder applied to the Uint8Array directly (no Buffer copy of the hash); same string.
const latin1Slice = (Buffer.prototype as unknown as { latin1Slice?: (this: Uint8Array, start: number, end: number) => string }).latin1Slice;

/** Bounded set of keys (verificationKey) of successful checks; the oldest is forgotten first. */
export class VerifiedSignatureCache {
  private keys = new Set<string>();
  constructor(readonly capacity = 65_536) {}
  has(key: string): boolean { return this.keys.has(key); }
  add(key: string): void {
    if (this.keys.has(key)) return;
    if (this.keys.size >= this.capacity) this.keys.delete(this.keys.values().next().value as string);
    this.keys.add(key);
  }
  get size(): number { return this.keys.size; }
  clear(): void { this.keys.clear(); }
}

/** A verifier that answers from `cache` and otherwise asks `inner`, remembering successes (failures are not cached:
 *  they are rare and a cached failure would buy nothing). */
export function cachingVerifier(cache: VerifiedSignatureCache, inner: SignatureVerifier = wasmVerify): SignatureVerifier {
  return (scheme, sig, message, signer) => {
    const key = verificationKey(scheme, sig, message, signer);
    if (cache.has(key)) return true;
    const ok = inner(scheme, sig, message, signer);
    if (ok) cache.add(key);
    return ok;
  };
}

/** The default (in-thread) verifier's cache: a transaction checked by pool validation in this thread is not checked
 *  again when applied. */
export const defaultVerifiedCache = new VerifiedSignatureCache(16_384);
const defaultVerifier = cachingVerifier(defaultVerifiedCache);
let current: SignatureVerifier = defaultVerifier;

/** Installs the host's verifier; `null` restores the default in-thread wasm-crypto verifier. */
export function setSignatureVerifier(v: SignatureVerifier | null): void {
  current = v ?? defaultVerifier;
}

/** The host function the runtime calls for every signature check. */
export function verifySignature(scheme: string, signature: Uint8Array, message: Uint8Array, signer: Uint8Array): boolean {
  return current(scheme, signature, message, signer);
}
