// drand quicknet BLS verification and timelock decryption against real quicknet data: the pulses of rounds 1000 and
// 2000 (signatures by the League of Entropy) and a timelocked weights commit taken from Bittensor mainnet.
import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { fromHex, toHex, Reader } from '../../runtime/codec/scale.ts';
import { decodeG1, decodeG2, verifyRoundSignature, roundMessage } from '../../runtime/crypto/drand.ts';
import { decodeTleCiphertext, tlockDecrypt } from '../../runtime/crypto/tlock.ts';
import { tlockEncrypt } from '../helpers/tlock_encrypt.ts';
import { DRAND_QUICKNET_PATH } from '../fixtures/paths.ts';

const Q = JSON.parse(readFileSync(DRAND_QUICKNET_PATH, 'utf8'));
const pk = decodeG2(fromHex(Q.info.public_key))!;
const [p1000, p2000] = Q.pulses;
const sig1000 = decodeG1(fromHex(p1000.signature))!;
const sig2000 = decodeG1(fromHex(p2000.signature))!;

describe('quicknet pulse verification (bls-unchained-g1-rfc9380)', () => {
  it('message is sha256 of the round as 8 big-endian bytes', () => {
    expect(toHex(roundMessage(1000n))).toBe(toHex(sha256(fromHex('0x00000000000003e8'))));
  });

  it('accepts the real signatures of rounds 1000 and 2000 under the quicknet key', () => {
    expect(verifyRoundSignature(pk, sig1000, 1000n)).toBe(true);
    expect(verifyRoundSignature(pk, sig2000, 2000n)).toBe(true);
    // drand's randomness is sha256(signature): the published value of round 1000.
    expect(toHex(sha256(fromHex(p1000.signature)))).toBe('0x' + p1000.randomness);
  });

  it('rejects a signature presented for another round, and bytes that are no G1 point', () => {
    expect(verifyRoundSignature(pk, sig1000, 1001n)).toBe(false);
    expect(verifyRoundSignature(pk, sig2000, 1000n)).toBe(false);
    const bad = fromHex(p1000.signature);
    bad[47] ^= 1;
    expect(decodeG1(bad)).toBeNull();
    expect(decodeG1(bad.subarray(0, 40))).toBeNull();
  });
});

describe('timelock decryption (tle / bittensor-drand format)', () => {
  const plaintext = new TextEncoder().encode('weights for round 1000');

  it('a ciphertext for round 1000 under the quicknet key opens with the real round-1000 signature only', () => {
    const ct = tlockEncrypt(plaintext, 1000n, fromHex(Q.info.public_key), 'quicknet-1000');
    expect(tlockDecrypt(ct, sig1000)).toEqual(plaintext);
    expect(tlockDecrypt(ct, sig2000)).toBeNull();
  });

  it('corrupted V, W, body or truncated bytes fail instead of yielding garbage', () => {
    const ct = tlockEncrypt(plaintext, 1000n, fromHex(Q.info.public_key), 'quicknet-1000');
    // Layout: U (96) | len(8) V (32) | len(8) W (32) | len(8) body | len(8) "AES_GCM_".
    for (const at of [96 + 8 + 3, 96 + 40 + 8 + 5, 96 + 80 + 8 + 20, ct.length - 30]) {
      const bad = ct.slice();
      bad[at] ^= 0x40;
      expect(tlockDecrypt(bad, sig1000), `byte ${at}`).toBeNull();
    }
    expect(tlockDecrypt(ct.subarray(0, 150), sig1000)).toBeNull();
    expect(tlockDecrypt(new Uint8Array(0), sig1000)).toBeNull();
  });

  it('parses a real mainnet commit_timelocked_mechanism_weights ciphertext (produced by bittensor-drand)', () => {
    const r = new Reader(fromHex(Q.mainnetTimelockedCommit.call));
    expect([r.u8(), r.u8()]).toEqual([7, 118]); // SubtensorModule.commit_timelocked_mechanism_weights
    const netuid = r.u16(), mecid = r.u8();
    const commit = r.bytes();
    const revealRound = r.u64(), version = r.u16();
    expect({ netuid, mecid, revealRound, version, len: commit.length }).toEqual({ netuid: 7, mecid: 0, revealRound: 32_340_463n, version: 4, len: 303 });
    const ct = decodeTleCiphertext(commit)!;
    expect(ct).not.toBeNull();
    expect([ct.v.length, ct.w.length, new TextDecoder().decode(ct.cipherSuite)]).toEqual([32, 32, 'AES_GCM_']);
    // Its pulse (round 32340463) is not among the fixtures: with any other round's signature it does not open.
    expect(tlockDecrypt(commit, sig1000)).toBeNull();
  });
});
