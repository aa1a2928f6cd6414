// Block header (sp_runtime::generic::Header<u32, BlakeTwo256>) and its digest. The header hash is the block hash.
import * as t from '../codec/types.ts';
import { H256 } from '../primitives.ts';
import { blake2_256 } from '../crypto/hashing.ts';

/** sp_runtime::generic::DigestItem. Variant indices are the real ones (not declaration order). */
export const DigestItem = t.enumOf(['sp_runtime', 'generic', 'digest', 'DigestItem'], {
  PreRuntime: { index: 6, fields: [t.fixedBytes(4), t.bytes], typeNames: ['ConsensusEngineId', 'Vec<u8>'] },
  Consensus: { index: 4, fields: [t.fixedBytes(4), t.bytes], typeNames: ['ConsensusEngineId', 'Vec<u8>'] },
  Seal: { index: 5, fields: [t.fixedBytes(4), t.bytes], typeNames: ['ConsensusEngineId', 'Vec<u8>'] },
  Other: { index: 0, fields: t.bytes, typeNames: ['Vec<u8>'] },
  RuntimeEnvironmentUpdated: { index: 8 },
});

export const Digest = t.struct(['sp_runtime', 'generic', 'digest', 'Digest'], { logs: t.vec(DigestItem) }, { typeNames: { logs: 'Vec<DigestItem>' } });

export interface HeaderValue {
  parentHash: Uint8Array;
  number: number;
  stateRoot: Uint8Array;
  extrinsicsRoot: Uint8Array;
  digest: { logs: t.EnumValue[] };
}

const HeaderStruct = t.struct(['sp_runtime', 'generic', 'header', 'Header'], {
  parent_hash: H256,
  number: t.compact(t.u32),
  state_root: H256,
  extrinsics_root: H256,
  digest: Digest,
}, {
  params: [{ name: 'Number', type: t.u32 }, { name: 'Hash', type: undefined }],
  typeNames: { parent_hash: 'Hash::Output', number: 'Number', state_root: 'Hash::Output', extrinsics_root: 'Hash::Output', digest: 'Digest' },
});

/** Header codec with camelCase values (the Rust field names stay snake_case in the metadata). */
export const Header: t.Codec<HeaderValue> = {
  info: HeaderStruct.info,
  encodeTo(w, h) {
    HeaderStruct.encodeTo(w, { parent_hash: h.parentHash, number: h.number, state_root: h.stateRoot, extrinsics_root: h.extrinsicsRoot, digest: h.digest });
  },
  decodeFrom(r) {
    const v = HeaderStruct.decodeFrom(r);
    return { parentHash: v.parent_hash, number: v.number, stateRoot: v.state_root, extrinsicsRoot: v.extrinsics_root, digest: v.digest };
  },
};

export function hashHeader(h: HeaderValue): Uint8Array {
  return blake2_256(t.encode(Header, h));
}

/** Consensus engine ids. */
export const AURA_ENGINE_ID = new Uint8Array([0x61, 0x75, 0x72, 0x61]); // "aura"
export const GRANDPA_ENGINE_ID = new Uint8Array([0x46, 0x52, 0x4e, 0x4b]); // "FRNK"
