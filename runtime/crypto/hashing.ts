// Hash functions of Substrate storage keys and block/extrinsic hashing. util-crypto uses its WASM backend once
// `cryptoWaitReady()` has resolved (call `initCrypto()` at startup), and a JS fallback otherwise.
import { blake2AsU8a, xxhashAsU8a, cryptoWaitReady } from '@polkadot/util-crypto';
import { isReady as wasmReady, blake2b as wasmBlake2b } from '@polkadot/wasm-crypto';
import { concatBytes } from '../codec/scale.ts';

export async function initCrypto(): Promise<void> {
  await cryptoWaitReady();
}

// Once the WASM is ready, call its blake2b directly: util-crypto's wrapper costs ~15x more per call, and storage
// keys hash on every map access.
const NO_KEY = new Uint8Array();
const blake2 = (data: Uint8Array, bytes: number): Uint8Array => (wasmReady() ? wasmBlake2b(data, NO_KEY, bytes) : blake2AsU8a(data, (bytes * 8) as 64 | 128 | 256));
export const blake2_256 = (data: Uint8Array): Uint8Array => blake2(data, 32);
export const blake2_128 = (data: Uint8Array): Uint8Array => blake2(data, 16);
export const blake2_64 = (data: Uint8Array): Uint8Array => blake2(data, 8);
export const twox64 = (data: Uint8Array): Uint8Array => xxhashAsU8a(data, 64);
export const twox128 = (data: Uint8Array): Uint8Array => xxhashAsU8a(data, 128);
export const twox256 = (data: Uint8Array): Uint8Array => xxhashAsU8a(data, 256);

export type Hasher = 'Blake2_128' | 'Blake2_256' | 'Blake2_128Concat' | 'Twox128' | 'Twox256' | 'Twox64Concat' | 'Identity';

/** Storage-map key hashing: the hashed part, plus the raw key for the `*Concat` and `Identity` hashers. */
export function hashKey(hasher: Hasher, encodedKey: Uint8Array): Uint8Array {
  switch (hasher) {
    case 'Blake2_128': return blake2_128(encodedKey);
    case 'Blake2_256': return blake2_256(encodedKey);
    case 'Blake2_128Concat': return concatBytes(blake2_128(encodedKey), encodedKey);
    case 'Twox128': return twox128(encodedKey);
    case 'Twox256': return twox256(encodedKey);
    case 'Twox64Concat': return concatBytes(twox64(encodedKey), encodedKey);
    case 'Identity': return encodedKey;
  }
}

/** Bytes of hash that precede the raw key in a hashed map key (so iteration can recover the key), or -1 if the key
 *  cannot be recovered. */
export function hasherPrefixLength(hasher: Hasher): number {
  switch (hasher) {
    case 'Blake2_128Concat': return 16;
    case 'Twox64Concat': return 8;
    case 'Identity': return 0;
    default: return -1;
  }
}

const textEncoder = new TextEncoder();
const prefixCache = new Map<string, Uint8Array>();
/** twox128(pallet) ++ twox128(item): the 32-byte prefix of every key of a storage item. */
export function storagePrefix(pallet: string, item: string): Uint8Array {
  const id = pallet + '\u0000' + item;
  let p = prefixCache.get(id);
  if (!p) {
    p = concatBytes(twox128(textEncoder.encode(pallet)), twox128(textEncoder.encode(item)));
    prefixCache.set(id, p);
  }
  return p;
}
