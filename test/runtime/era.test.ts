// Era encoding and birth/death against @polkadot/types' independent implementation.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { TypeRegistry } from '@polkadot/types';
import * as t from '../../runtime/codec/types.ts';
import { Era, mortal, birth, death } from '../../runtime/extrinsic/era.ts';

const registry = new TypeRegistry();

describe('Era', () => {
  it('encodes immortal as 0x00', () => {
    expect(t.encode(Era, null)).toEqual(new Uint8Array([0]));
    expect(t.decode(Era, new Uint8Array([0]))).toBeNull();
  });

  it('matches polkadot-js for mortal eras: bytes, birth and death', () => {
    fc.assert(fc.property(fc.integer({ min: 4, max: 70_000 }), fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 5_000 }), (period, current, later) => {
      const ours = mortal(period, current);
      const theirs = registry.createType('ExtrinsicEra', { current, period });
      expect(t.encode(Era, ours)).toEqual(theirs.toU8a());
      const decoded = t.decode(Era, theirs.toU8a())!;
      expect(decoded).toEqual(ours);
      // (Compare with the era polkadot-js decodes from the bytes: its freshly built object keeps the unquantised phase.)
      const theirsDecoded = registry.createType('ExtrinsicEra', theirs.toU8a()).asMortalEra;
      const at = current + later;
      expect(birth(decoded, BigInt(at))).toBe(BigInt(theirsDecoded.birth(at)));
      expect(death(decoded, BigInt(at))).toBe(BigInt(theirsDecoded.death(at)));
    }), { numRuns: 300, seed: 7 });
  });

  it('rejects malformed mortal encodings', () => {
    // period 2^(0+1) = 2 < 4 is invalid.
    expect(() => t.decode(Era, new Uint8Array([0x00 | 0x10, 0x00]))).toThrow();
  });
});
