// Extrinsic format v4 (sp_runtime::generic::UncheckedExtrinsic):
//   compact(len) ++ version byte (0x84 signed / 0x04 unsigned) ++ [address ++ signature ++ extra] ++ call
// "Extrinsic bytes" everywhere in this codebase (runtime APIs, block bodies, the harness) mean the full encoding
// including the compact length prefix — what author_submitExtrinsic receives and what a block body concatenates.
import * as t from '../codec/types.ts';
import { Reader, Writer, ScaleError, concatBytes } from '../codec/scale.ts';
import { RuntimeCall } from '../frame/construct.ts';
import { MultiAddress, MultiSignature } from '../primitives.ts';
import { blake2_256 } from '../crypto/hashing.ts';
import { isReady, sr25519Verify, ed25519Verify, secp256k1Recover, secp256k1Compress } from '@polkadot/wasm-crypto';
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

/** The bytes a signer signs: call ++ extra ++ additional, blake2-256 hashed when longer than 256 bytes. */
export function signingPayload(callBytes: Uint8Array, extraBytes: Uint8Array, additionalBytes: Uint8Array): Uint8Array {
  const payload = concatBytes(callBytes, extraBytes, additionalBytes);
  return payload.length > 256 ? blake2_256(payload) : payload;
}

// Verification is a pure function of (signature, message, signer) and costs ~0.7 ms for sr25519; a transaction is
// typically checked in the pool and again in its block, so successful checks are remembered (bounded, FIFO).
const VERIFIED_CACHE_SIZE = 16_384;
const verified = new Set<string>();

/** MultiSignature::verify against a 32-byte account id. Requires @polkadot/wasm-crypto to be initialised
 *  (`await initCrypto()` from crypto/hashing.ts once at startup). */
export function verifySignature(signature: t.EnumValue, message: Uint8Array, signer: Uint8Array): boolean {
  const key = `${signature.type}:${Buffer.from(signature.value as Uint8Array).toString('hex')}:${Buffer.from(signer).toString('hex')}:${Buffer.from(blake2_256(message)).toString('hex')}`;
  if (verified.has(key)) return true;
  const ok = verifyUncached(signature, message, signer);
  if (ok) {
    if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.values().next().value as string);
    verified.add(key);
  }
  return ok;
}

function verifyUncached(signature: t.EnumValue, message: Uint8Array, signer: Uint8Array): boolean {
  if (!isReady()) throw new Error('wasm crypto not initialised: await initCrypto() before executing the runtime');
  const sig = signature.value as Uint8Array;
  switch (signature.type) {
    case 'Sr25519': return sr25519Verify(sig, message, signer);
    case 'Ed25519': return ed25519Verify(sig, message, signer);
    case 'Ecdsa': {
      // sp_core::ecdsa: recover from blake2-256(message); the account is blake2-256 of the compressed public key.
      const recid = sig[64] >= 27 ? sig[64] - 27 : sig[64];
      if (recid > 3) return false;
      try {
        const pub = secp256k1Recover(blake2_256(message), sig.subarray(0, 64), recid);
        if (!pub || pub.length === 0) return false;
        const compressed = pub.length === 33 ? pub : secp256k1Compress(pub);
        const id = blake2_256(compressed);
        for (let i = 0; i < 32; i++) if (id[i] !== signer[i]) return false;
        return true;
      } catch {
        return false;
      }
    }
    default: return false;
  }
}

export { SIGNED_EXTENSIONS };
export { registerSubtensorTxCheck, invalidCustom, makeExtra, type SubtensorTxCheck } from './extensions.ts';
export { TransactionValidityFailure } from '../pallets/system/types.ts';
