// Extrinsic format v4 (sp_runtime::generic::UncheckedExtrinsic):
//   compact(len) ++ version byte (0x84 signed / 0x04 unsigned) ++ [address ++ signature ++ extra] ++ call
// "Extrinsic bytes" everywhere in this codebase (runtime APIs, block bodies, the harness) mean the full encoding
// including the compact length prefix — what author_submitExtrinsic receives and what a block body concatenates.
import * as t from '../codec/types.ts';
import { Reader, Writer, ScaleError, concatBytes } from '../codec/scale.ts';
import { RuntimeCall } from '../frame/construct.ts';
import { MultiAddress, MultiSignature } from '../primitives.ts';
import { blake2_256 } from '../crypto/hashing.ts';
import { verifySignature as hostVerify } from '../crypto/verify.ts';
import { SIGNED_EXTENSIONS } from './extensions.ts';

export const EXTRINSIC_VERSION = 4;

export interface SignaturePart {
  address: t.EnumValue;
  signature: t.EnumValue;
  /** Explicit extension payloads, one per SIGNED_EXTENSIONS entry, in order. */
  extra: any[];
}

export interface DecodedExtrinsic {
  signed: SignaturePart | null;
  call: t.EnumValue;
  /** The call's own encoding (what the signature covers, followed by extra and additional). */
  callBytes: Uint8Array;
  /** Full encoding including the length prefix. */
  encoded: Uint8Array;
}

export class ExtrinsicDecodeError extends Error {}

/** The extras tuple as one codec (the metadata's `extraType`). */
export function encodeExtra(extra: any[]): Uint8Array {
  const w = new Writer();
  SIGNED_EXTENSIONS.forEach((e, i) => e.extra.encodeTo(w, extra[i]));
  return w.finish();
}

export function encodeAdditional(additional: any[]): Uint8Array {
  const w = new Writer();
  SIGNED_EXTENSIONS.forEach((e, i) => e.additional.encodeTo(w, additional[i]));
  return w.finish();
}

/** Decodes full extrinsic bytes (with length prefix). Throws ExtrinsicDecodeError on any malformation. */
export function decodeExtrinsic(encoded: Uint8Array): DecodedExtrinsic {
  try {
    const r = new Reader(encoded);
    const len = r.compactNumber();
    if (len !== r.remaining) throw new ScaleError(`length prefix ${len} does not match ${r.remaining} bytes`);
    const version = r.u8();
    if ((version & 0x7f) !== EXTRINSIC_VERSION) throw new ScaleError(`unsupported extrinsic version ${version & 0x7f}`);
    let signed: SignaturePart | null = null;
    if (version & 0x80) {
      const address = MultiAddress.decodeFrom(r);
      const signature = MultiSignature.decodeFrom(r);
      const extra = SIGNED_EXTENSIONS.map(e => e.extra.decodeFrom(r));
      signed = { address, signature, extra };
    }
    const callStart = r.offset;
    const call = RuntimeCall.decodeFrom(r);
    r.end();
    if (valueDepth(call) > MAX_VALUE_DEPTH) throw new ScaleError('call nesting too deep');
    return { signed, call, callBytes: encoded.slice(callStart), encoded };
  } catch (e) {
    if (e instanceof ScaleError || e instanceof RangeError || e instanceof TypeError) throw new ExtrinsicDecodeError((e as Error).message);
    throw e;
  }
}

/** The [pallet index, call index] an extrinsic's call starts with, reading only the header, address, signature and
 *  extensions (not the call's arguments); null when those do not decode. For cheap checks of "is this a call to X"
 *  on every pool transaction, where a full decode would cost as much as a fifth of applying a transfer. */
export function extrinsicCallIndex(encoded: Uint8Array): [number, number] | null {
  try {
    const r = new Reader(encoded);
    const len = r.compactNumber();
    if (len !== r.remaining) return null;
    const version = r.u8();
    if ((version & 0x7f) !== EXTRINSIC_VERSION) return null;
    if (version & 0x80) {
      MultiAddress.decodeFrom(r);
      MultiSignature.decodeFrom(r);
      for (const e of SIGNED_EXTENSIONS) e.extra.decodeFrom(r);
    }
    return r.remaining >= 2 ? [r.u8(), r.u8()] : null;
  } catch {
    return null;
  }
}

// Substrate decodes calls with a nesting limit (MAX_EXTRINSIC_DEPTH 256); deeper values would also exhaust the JS
// stack in the recursive weight and dispatch code, so the decoded value's depth is bounded.
const MAX_VALUE_DEPTH = 1024;

function valueDepth(root: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (d > max) max = d;
    if (d > MAX_VALUE_DEPTH) return d;
    if (v === null || typeof v !== 'object' || v instanceof Uint8Array) continue;
    for (const x of Array.isArray(v) ? v : Object.values(v)) stack.push([x, d + 1]);
  }
  return max;
}

/** Encodes an extrinsic (full bytes with length prefix) from a call encoding and an optional signature part. */
export function encodeExtrinsic(callBytes: Uint8Array, signed?: SignaturePart | null): Uint8Array {
  const body = new Writer();
  if (signed) {
    body.u8(0x80 | EXTRINSIC_VERSION);
    MultiAddress.encodeTo(body, signed.address);
    MultiSignature.encodeTo(body, signed.signature);
    body.raw(encodeExtra(signed.extra));
  } else {
    body.u8(EXTRINSIC_VERSION);
  }
  body.raw(callBytes);
  const inner = body.finish();
  return concatBytes(t.encode(t.compact(t.u32), inner.length), inner);
}

/** An unsigned (bare) extrinsic, e.g. an inherent. */
export function unsignedExtrinsic(call: t.EnumValue): Uint8Array {
  return encodeExtrinsic(t.encode(RuntimeCall, call));
}

/** Longer signing payloads are signed as their blake2-256 hash (sp_runtime's SignedPayload::using_encoded). */
const MAX_UNHASHED_PAYLOAD = 256;

/** The bytes a signer signs: call ++ extra ++ additional, blake2-256 hashed when longer than 256 bytes. */
export function signingPayload(callBytes: Uint8Array, extraBytes: Uint8Array, additionalBytes: Uint8Array): Uint8Array {
  const payload = concatBytes(callBytes, extraBytes, additionalBytes);
  return payload.length > MAX_UNHASHED_PAYLOAD ? blake2_256(payload) : payload;
}

// Scratch for signingPayloadOf (encoding never re-enters it).
const payloadScratch = new Writer(512);

/** signingPayload(callBytes, encodeExtra(extra), encodeAdditional(additional)), encoded into one buffer instead of
 *  three intermediate arrays and their concatenation (the executive does this for every signed extrinsic). */
export function signingPayloadOf(callBytes: Uint8Array, extra: any[], additional: any[]): Uint8Array {
  const w = payloadScratch.reset();
  w.raw(callBytes);
  for (let i = 0; i < SIGNED_EXTENSIONS.length; i++) SIGNED_EXTENSIONS[i].extra.encodeTo(w, extra[i]);
  for (let i = 0; i < SIGNED_EXTENSIONS.length; i++) SIGNED_EXTENSIONS[i].additional.encodeTo(w, additional[i]);
  return w.length > MAX_UNHASHED_PAYLOAD ? blake2_256(w.view()) : w.finish();
}

/** MultiSignature::verify against a 32-byte account id, through the signature host function (crypto/verify.ts:
 *  in-thread wasm-crypto with a cache of successes unless the node installed its own verifier). */
export function verifySignature(signature: t.EnumValue, message: Uint8Array, signer: Uint8Array): boolean {
  return hostVerify(signature.type, signature.value as Uint8Array, message, signer);
}

export { SIGNED_EXTENSIONS };
export { registerSubtensorTxCheck, invalidCustom, makeExtra, type SubtensorTxCheck } from './extensions.ts';
export { TransactionValidityFailure } from '../pallets/system/types.ts';
