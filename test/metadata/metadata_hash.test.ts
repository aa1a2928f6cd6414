// RFC-78 merkleized metadata hash (runtime/frame/metadata_hash.ts) checked against independent implementations and
// data no one here produced: @polkadot-api/merkleize-metadata on our metadata (as Metadata_metadata_at_version(15)
// returns it) and on real subtensor metadata (spec 343, test/fixtures), the Rust reference crate's own vector
// (Acala's metadata, test/fixtures), and the RFC's tree shape worked out by hand.
import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { blake3 } from '@noble/hashes/blake3.js';
import { merkleizeMetadata } from '@polkadot-api/merkleize-metadata';
import { TypeRegistry, Metadata, expandMetadata } from '@polkadot/types';
import { compactStripLength, hexToU8a, u8aToHex } from '@polkadot/util';
import * as t from '../../runtime/codec/types.ts';
import { createRuntime } from '../../runtime/index.ts';
import { MetadataApi } from '../../runtime/runtime.ts';
import { MemoryState, OverlayState } from '../../runtime/frame/state.ts';
import { metadataDigest, metadataHash, encodeMetadataDigest, merkleRoot } from '../../runtime/frame/metadata_hash.ts';
import { readRealMetadata } from './diff.ts';
import { ACALA_METADATA_V15_PATH } from '../fixtures/paths.ts';

// subtensor's runtime/build.rs: `.enable_metadata_hash("TAO", 9)`.
const TAO = { decimals: 9, tokenSymbol: 'TAO' };

let ours: Uint8Array;

beforeAll(() => {
  const runtime = createRuntime();
  ours = t.decode(t.option(t.bytes), runtime.call('Metadata_metadata_at_version', t.encode(t.u32, 15), new OverlayState(new MemoryState())))!;
});

/** System.Version of a V15 blob, decoded by polkadot-js. */
function versionOf(metadata: Uint8Array): { specVersion: number; specName: string } {
  const registry = new TypeRegistry();
  const md = new Metadata(registry, metadata);
  registry.setMetadata(md);
  const v: any = expandMetadata(registry, md).consts.system.version;
  return { specVersion: v.specVersion.toNumber(), specName: v.specName.toString() };
}

describe('RFC-78 metadata hash', () => {
  it('of our metadata: the hash the runtime signs mode 1 with equals @polkadot-api/merkleize-metadata\'s digest', () => {
    const expected = merkleizeMetadata(ours, TAO).digest();
    expect(u8aToHex(MetadataApi.cache.metadataHash(TAO))).toBe(u8aToHex(expected));
    // The digest's chain facts are HEAD's: spec 425 "node-subtensor", SS58 prefix 42, 9 decimals, TAO.
    const d = metadataDigest(ours, { specVersion: 425, specName: 'node-subtensor', ...TAO });
    expect([d.specVersion, d.specName, d.base58Prefix, d.decimals, d.tokenSymbol]).toEqual([425, 'node-subtensor', 42, 9, 'TAO']);
    expect(u8aToHex(blake3(encodeMetadataDigest(d)))).toBe(u8aToHex(expected));
  });

  it('of real subtensor metadata (spec 343) equals @polkadot-api/merkleize-metadata\'s digest', () => {
    const real = readRealMetadata();
    const version = versionOf(real);
    expect(version).toEqual({ specVersion: 343, specName: 'node-subtensor' });
    expect(u8aToHex(metadataHash(real, { ...version, ...TAO }))).toBe(u8aToHex(merkleizeMetadata(real, TAO).digest()));
  });

  it('of Acala\'s metadata equals the Rust reference crate\'s vector', () => {
    const [, metadata] = compactStripLength(hexToU8a(readFileSync(ACALA_METADATA_V15_PATH, 'utf8').trim()).subarray(1));
    // merkleized-metadata's calculate_metadata_digest_works: ExtraInfo { 1, "nice", base58_prefix 1, 1, "lol" }.
    const digest = { ...metadataDigest(metadata, { specVersion: 1, specName: 'nice', decimals: 1, tokenSymbol: 'lol' }), base58Prefix: 1 };
    expect(u8aToHex(blake3(encodeMetadataDigest(digest)))).toBe('0xbd64dee496517c5288c47014fe0f57c2e12e42a7d627caeafa95e9f992e7e774');
  });

  it('builds the RFC\'s tree: 5 leaves give [[[3, 4], 0], [1, 2]]; one leaf is its hash; none is all zeros', () => {
    const leaves = [0, 1, 2, 3, 4].map(i => new Uint8Array([i, i + 100]));
    const h = leaves.map(l => blake3(l));
    const node = (a: Uint8Array, b: Uint8Array) => blake3(new Uint8Array([...a, ...b]));
    expect(u8aToHex(merkleRoot(leaves))).toBe(u8aToHex(node(node(node(h[3], h[4]), h[0]), node(h[1], h[2]))));
    expect(u8aToHex(merkleRoot([leaves[2]]))).toBe(u8aToHex(h[2]));
    expect(merkleRoot([])).toEqual(new Uint8Array(32));
  });

  it('needs V15 metadata', () => {
    expect(() => metadataDigest(MetadataApi.cache.get(14)!, { specVersion: 425, specName: 'node-subtensor', ...TAO })).toThrow(/V15/);
  });
});
