// The node's view of blocks: SCALE headers, digests and bodies exactly as Substrate puts them on the wire, their
// JSON-RPC shapes, and the Aura pre-runtime / seal digest items. The runtime builds the header in
// BlockBuilder_finalize_block; the node only appends the seal and hashes.
import { Reader, Writer, toHex, fromHex } from '../runtime/codec/scale.ts';
import { blake2_256 } from '../runtime/crypto/hashing.ts';

export type DigestItem =
  | { type: 'PreRuntime' | 'Consensus' | 'Seal'; engine: Uint8Array; data: Uint8Array }
  | { type: 'Other'; data: Uint8Array }
  | { type: 'RuntimeEnvironmentUpdated' };

export interface Header {
  parentHash: Uint8Array;
  number: number;
  stateRoot: Uint8Array;
  extrinsicsRoot: Uint8Array;
  digest: DigestItem[];
}

const DIGEST_INDEX = { Other: 0, Consensus: 4, Seal: 5, PreRuntime: 6, RuntimeEnvironmentUpdated: 8 } as const;

export function encodeDigestItem(w: Writer, d: DigestItem): void {
  w.u8(DIGEST_INDEX[d.type]);
  if (d.type === 'RuntimeEnvironmentUpdated') return;
  if (d.type === 'Other') { w.bytes(d.data); return; }
  w.raw(d.engine);
  w.bytes(d.data);
}

export function decodeDigestItem(r: Reader): DigestItem {
  const tag = r.u8();
  switch (tag) {
    case 0: return { type: 'Other', data: r.bytes() };
    case 4: return { type: 'Consensus', engine: r.raw(4), data: r.bytes() };
    case 5: return { type: 'Seal', engine: r.raw(4), data: r.bytes() };
    case 6: return { type: 'PreRuntime', engine: r.raw(4), data: r.bytes() };
    case 8: return { type: 'RuntimeEnvironmentUpdated' };
    default: throw new Error(`unknown digest item ${tag}`);
  }
}

export function encodeHeader(h: Header): Uint8Array {
  const w = new Writer(128);
  w.raw(h.parentHash);
  w.compact(h.number);
  w.raw(h.stateRoot);
  w.raw(h.extrinsicsRoot);
  w.compact(h.digest.length);
  for (const d of h.digest) encodeDigestItem(w, d);
  return w.finish();
}

export function decodeHeaderFrom(r: Reader): Header {
  const parentHash = r.raw(32);
  const number = r.compactNumber();
  const stateRoot = r.raw(32);
  const extrinsicsRoot = r.raw(32);
  const n = r.compactNumber();
  const digest: DigestItem[] = [];
  for (let i = 0; i < n; i++) digest.push(decodeDigestItem(r));
  return { parentHash, number, stateRoot, extrinsicsRoot, digest };
}

export function decodeHeader(bytes: Uint8Array): Header {
  const r = new Reader(bytes);
  const h = decodeHeaderFrom(r);
  r.end();
  return h;
}

export const hashHeaderBytes = (encoded: Uint8Array): Uint8Array => blake2_256(encoded);
export const hashHeader = (h: Header): Uint8Array => blake2_256(encodeHeader(h));

export const AURA_ENGINE = new TextEncoder().encode('aura');

export function auraPreDigest(slot: bigint): DigestItem {
  return { type: 'PreRuntime', engine: AURA_ENGINE, data: new Writer(8).u64(slot).finish() };
}

/** Slot number from an Aura PreRuntime digest, or null. */
export function auraSlot(h: Header): bigint | null {
  for (const d of h.digest) {
    if (d.type === 'PreRuntime' && toHex(d.engine) === toHex(AURA_ENGINE) && d.data.length === 8) return new Reader(d.data).u64();
  }
  return null;
}

function digestItemHex(d: DigestItem): string {
  const w = new Writer(80);
  encodeDigestItem(w, d);
  return toHex(w.finish());
}

/** JSON-RPC shape of a header (numbers as hex, digest logs as SCALE hex). */
export function headerJson(h: Header) {
  return {
    parentHash: toHex(h.parentHash),
    number: '0x' + h.number.toString(16),
    stateRoot: toHex(h.stateRoot),
    extrinsicsRoot: toHex(h.extrinsicsRoot),
    digest: { logs: h.digest.map(digestItemHex) },
  };
}

/** An opaque extrinsic as it travels in a block body and over RPC: Compact<len> ++ bytes. */
export function extrinsicHash(encoded: Uint8Array): Uint8Array {
  return blake2_256(encoded);
}

/** Checks that `bytes` is one length-prefixed extrinsic and returns it unchanged. */
export function checkOpaqueExtrinsic(bytes: Uint8Array): Uint8Array {
  const r = new Reader(bytes);
  const len = r.compactNumber();
  if (len !== r.remaining) throw new Error(`extrinsic length prefix ${len} does not match the ${r.remaining} bytes that follow`);
  return bytes;
}

/** Vec<OpaqueExtrinsic> → each element with its own length prefix. */
export function decodeExtrinsicList(bytes: Uint8Array): Uint8Array[] {
  const r = new Reader(bytes);
  const n = r.compactNumber();
  const out: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const start = r.offset;
    const len = r.compactNumber();
    r.raw(len);
    out.push(bytes.slice(start, r.offset));
  }
  r.end();
  return out;
}

export function hexParam(v: unknown, what: string, len?: number): Uint8Array {
  if (typeof v !== 'string' || v.length % 2 !== 0 || !/^0x[0-9a-fA-F]*$/.test(v)) throw new Error(`${what}: expected 0x-prefixed hex`);
  const b = fromHex(v);
  if (len !== undefined && b.length !== len) throw new Error(`${what}: expected ${len} bytes, got ${b.length}`);
  return b;
}
