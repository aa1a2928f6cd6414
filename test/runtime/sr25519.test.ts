// The host's sr25519 verifier (runtime/crypto/sr25519.ts: schnorrkel-wasm behind JS pre-checks, wasm-crypto for new
// signers) must answer exactly as @polkadot/wasm-crypto does — the oracle here — on valid signatures and on every kind
// of bad input, and bad input must never reach the fast build (which would trap and be switched off).
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { sr25519KeypairFromSeed, sr25519Sign, sr25519Verify as oracle, waitReady } from '@polkadot/wasm-crypto';
import { isWellFormedSr25519Signature, resetSr25519KnownKeys, sr25519FastPathUsable, sr25519Verify } from '../../runtime/crypto/sr25519.ts';

const L = 2n ** 252n + 27742317777372353535851937790883648493n;
const le = (x: bigint) => Uint8Array.from({ length: 32 }, (_, i) => Number((x >> BigInt(8 * i)) & 0xffn));
const fromLe = (b: Uint8Array) => b.reduceRight((acc, x) => (acc << 8n) | BigInt(x), 0n);

/** A signature with its scalar s replaced (marker bit kept). */
function withS(sig: Uint8Array, s: bigint): Uint8Array {
  const out = sig.slice();
  out.set(le(s), 32);
  out[63] |= 0x80;
  return out;
}

beforeAll(async () => { await waitReady(); });

describe('sr25519 verification', () => {
  it('well-formedness follows schnorrkel: marker bit and canonical s', () => {
    const kp = sr25519KeypairFromSeed(new Uint8Array(32).fill(3));
    const sig = sr25519Sign(kp.slice(64), kp.slice(0, 64), new Uint8Array([1, 2, 3]));
    expect(isWellFormedSr25519Signature(sig)).toBe(true);
    const unmarked = sig.slice(); unmarked[63] &= 0x7f;
    expect(isWellFormedSr25519Signature(unmarked)).toBe(false);
    expect(isWellFormedSr25519Signature(withS(sig, L - 1n))).toBe(true);
    expect(isWellFormedSr25519Signature(withS(sig, L))).toBe(false);
    expect(isWellFormedSr25519Signature(withS(sig, L + 1n))).toBe(false);
    expect(isWellFormedSr25519Signature(withS(sig, 2n ** 255n - 1n))).toBe(false);
    expect(isWellFormedSr25519Signature(withS(sig, 0n))).toBe(true);
    expect(isWellFormedSr25519Signature(sig.subarray(0, 63))).toBe(false);
  });

  it('agrees with wasm-crypto on valid and tampered inputs, for known and new signers', () => {
    resetSr25519KnownKeys();
    const keys = Array.from({ length: 12 }, () => sr25519KeypairFromSeed(randomBytes(32)));
    let valid = 0, invalid = 0;
    for (let t = 0; t < 1200; t++) {
      const kp = keys[t % keys.length];
      const pub = kp.slice(64);
      const msg = randomBytes(t % 260);
      const sig = sr25519Sign(pub, kp.slice(0, 64), msg);
      let s: Uint8Array = sig, m: Uint8Array = msg, p: Uint8Array = pub;
      switch (t % 9) {
        case 1: s = sig.slice(); s[t % 64] ^= 1 << (t % 8); break;          // any bit of R or s
        case 2: p = pub.slice(); p[t % 32] ^= 1 << (t % 8); break;          // other (often undecodable) key
        case 3: if (msg.length) { m = Buffer.from(msg); m[t % msg.length] ^= 0x10; } break;
        case 4: s = randomBytes(64); break;                                  // garbage
        case 5: s = sig.slice(); s[63] &= 0x7f; break;                       // unmarked
        case 6: s = withS(sig, (fromLe(sig.slice(32).map((b, i) => (i === 31 ? b & 0x7f : b))) + L) % 2n ** 255n); break; // s + ℓ
        case 7: p = randomBytes(32); break;                                  // random key
        default: break;
      }
      const expected = oracle(s, m, p);
      expect(sr25519Verify(s, m, p)).toBe(expected);
      if (expected) valid++; else invalid++;
    }
    expect(valid).toBeGreaterThan(100);
    expect(invalid).toBeGreaterThan(500);
    // No input ever trapped the fast build.
    expect(sr25519FastPathUsable()).toBe(true);
  });

  it('a key seen once is verified by the fast build with the same answers', () => {
    const kp = sr25519KeypairFromSeed(new Uint8Array(32).fill(9));
    const pub = kp.slice(64);
    const msgs = Array.from({ length: 50 }, (_, i) => new Uint8Array(40).fill(i));
    const sigs = msgs.map(m => sr25519Sign(pub, kp.slice(0, 64), m));
    for (let i = 0; i < msgs.length; i++) {
      expect(sr25519Verify(sigs[i], msgs[i], pub)).toBe(true);
      expect(sr25519Verify(sigs[i], msgs[(i + 1) % msgs.length], pub)).toBe(false);
    }
    expect(sr25519FastPathUsable()).toBe(true);
  });
});
