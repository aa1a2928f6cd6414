// The signature host function (runtime/crypto/verify.ts): the cache of successful checks may only answer for the
// exact (scheme, signer, signature, message) it saw, and an installed verifier is what the runtime uses.
import { describe, it, expect, afterEach } from 'vitest';
import { Keyring } from '@polkadot/keyring';
import { initCrypto } from '../../runtime/crypto/hashing.ts';
import { blake2_256 } from '../../runtime/crypto/hashing.ts';
import {
  verifySignature, setSignatureVerifier, cachingVerifier, wasmVerify, verificationKey, VerifiedSignatureCache,
} from '../../runtime/crypto/verify.ts';

await initCrypto();
const keyring = new Keyring({ type: 'sr25519' });
const alice = keyring.addFromUri('//Alice');
const bob = keyring.addFromUri('//Bob');

afterEach(() => setSignatureVerifier(null));

describe('signature verifier', () => {
  it('a cached success is never reused for another signature, signer or message', () => {
    const cache = new VerifiedSignatureCache(8);
    let innerCalls = 0;
    const verify = cachingVerifier(cache, (...a) => { innerCalls++; return wasmVerify(...a); });
    const msg = new Uint8Array(300).fill(3);
    const sig = alice.sign(msg);
    expect(verify('Sr25519', sig, msg, alice.publicKey)).toBe(true);
    expect(verify('Sr25519', sig, msg, alice.publicKey)).toBe(true);
    expect(innerCalls).toBe(1); // the second answer came from the cache
    // Tampered signature, same message and signer (a cache keyed by message hash and signer alone would accept it).
    const tampered = sig.slice(); tampered[10] ^= 1;
    expect(verify('Sr25519', tampered, msg, alice.publicKey)).toBe(false);
    // Same signature, other signer; same signature and signer, other message (same length, same blake2 prefix
    // is irrelevant: the whole message is in the key).
    expect(verify('Sr25519', sig, msg, bob.publicKey)).toBe(false);
    const other = msg.slice(); other[299] ^= 1;
    expect(verify('Sr25519', sig, other, alice.publicKey)).toBe(false);
    // A signature over blake2(msg) is not a signature over msg (payloads > 256 bytes are signed hashed).
    expect(verify('Sr25519', alice.sign(blake2_256(msg)), msg, alice.publicKey)).toBe(false);
    // Another scheme with the same bytes.
    expect(verify('Ed25519', sig, msg, alice.publicKey)).toBe(false);
    expect(innerCalls).toBe(6);
    expect(cache.size).toBe(1);
  });

  it('keys differ whenever any part differs, and the cache is bounded', () => {
    const m = new Uint8Array([1, 2, 3]);
    const s = new Uint8Array(64).fill(9);
    const k = verificationKey('Sr25519', s, m, alice.publicKey);
    expect(verificationKey('Sr25519', s, m, alice.publicKey)).toBe(k);
    expect(new Set([
      k, verificationKey('Ed25519', s, m, alice.publicKey), verificationKey('Sr25519', s, m, bob.publicKey),
      verificationKey('Sr25519', s.map((b, i) => (i === 63 ? b ^ 1 : b)), m, alice.publicKey),
      verificationKey('Sr25519', s, new Uint8Array([1, 2, 3, 0]), alice.publicKey),
      // Bytes moved between signature and message: the signature length is part of the key.
      verificationKey('Sr25519', s.subarray(0, 63), new Uint8Array([9, 1, 2, 3]), alice.publicKey),
    ]).size).toBe(6);
    const cache = new VerifiedSignatureCache(2);
    cache.add('a'); cache.add('b'); cache.add('c');
    expect([cache.has('a'), cache.has('b'), cache.has('c'), cache.size]).toEqual([false, true, true, 2]);
  });

  it('the runtime calls the installed verifier, and null restores the in-thread default', () => {
    const msg = new Uint8Array([5, 6, 7]);
    const sig = alice.sign(msg);
    const seen: string[] = [];
    setSignatureVerifier((scheme, s, m, signer) => { seen.push(scheme); return wasmVerify(scheme, s, m, signer); });
    expect(verifySignature('Sr25519', sig, msg, alice.publicKey)).toBe(true);
    expect(seen).toEqual(['Sr25519']);
    setSignatureVerifier(() => false);
    expect(verifySignature('Sr25519', sig, msg, alice.publicKey)).toBe(false);
    setSignatureVerifier(null);
    expect(verifySignature('Sr25519', sig, msg, alice.publicKey)).toBe(true);
    expect(verifySignature('Sr25519', sig, msg, bob.publicKey)).toBe(false);
  });
});
