// Substrate's well-known dev keys (sr25519 from the dev phrase with a hard junction), used to seal blocks as //One
// (the localnet Aura authority) and to print the dev accounts at start.
import { keyExtractSuri, mnemonicToMiniSecret, encodeAddress } from '@polkadot/util-crypto';
import { sr25519KeypairFromSeed, sr25519DeriveKeypairHard, sr25519Sign } from '@polkadot/wasm-crypto';
import { sign as scureSign } from '@scure/sr25519';
import { blake2b } from '@noble/hashes/blake2.js';

export const DEV_PHRASE = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';

export interface DevKey { name: string; publicKey: Uint8Array; secretKey: Uint8Array; address: string }

const cache = new Map<string, DevKey>();
// Phrase → mini secret (PBKDF2, 2048 rounds, ~8 ms): every dev account shares the dev phrase, so derive it once.
const miniSecrets = new Map<string, Uint8Array>();

/** `//Name` derived from the dev phrase (hard junctions only, as dev accounts are). Needs crypto to be ready. */
export function devKey(uri: string): DevKey {
  let k = cache.get(uri);
  if (k) return k;
  const { path, phrase } = keyExtractSuri(uri.startsWith('//') ? DEV_PHRASE + uri : uri);
  let mini = miniSecrets.get(phrase);
  if (!mini) miniSecrets.set(phrase, mini = mnemonicToMiniSecret(phrase));
  let pair = sr25519KeypairFromSeed(mini);
  for (const j of path) {
    if (!j.isHard) throw new Error(`only hard junctions are supported in dev keys: ${uri}`);
    pair = sr25519DeriveKeypairHard(pair, j.chainCode);
  }
  const secretKey = pair.slice(0, 64);
  const publicKey = pair.slice(64, 96);
  k = { name: uri.replace(/^\/\//, ''), publicKey, secretKey, address: encodeAddress(publicKey, 42) };
  cache.set(uri, k);
  return k;
}

export function sign(key: DevKey, message: Uint8Array): Uint8Array {
  return sr25519Sign(key.publicKey, key.secretKey, message);
}

/** An sr25519 signature whose nonce randomness is derived from the key and the message (as RFC 6979 does for
 *  ECDSA), so the same message always gets the same valid signature: --deterministic block seals. */
export function signDeterministic(key: DevKey, message: Uint8Array): Uint8Array {
  const witness = blake2b(new Uint8Array([...key.secretKey, ...message]), { dkLen: 64 });
  return scureSign(key.secretKey, message, (n = 32) => witness.slice(0, n));
}

/** 64 bytes derived from the key and `parts`: --deterministic mode's stand-in for fresh randomness. */
export function deriveSeed(key: DevKey, ...parts: Uint8Array[]): Uint8Array {
  const all = [key.secretKey, ...parts];
  const buf = new Uint8Array(all.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of all) { buf.set(p, o); o += p.length; }
  return blake2b(buf, { dkLen: 64 });
}

export const DEV_ACCOUNTS = ['//Alice', '//Bob', '//Charlie', '//Dave', '//Eve', '//Ferdie'];
