// An sr25519 keypair as bittensor-wallet's Keypair holds it: public key, SS58 address (format 42), and — when the
// secret is known — the mini-secret seed, the mnemonic it came from, and the 64-byte secret key used for signing.
import { cryptoWaitReady, decodeAddress, encodeAddress, mnemonicGenerate, mnemonicToMiniSecret, mnemonicValidate } from '@polkadot/util-crypto';
import { sr25519KeypairFromSeed, sr25519Sign, sr25519Verify } from '@polkadot/wasm-crypto';

export const SS58_FORMAT = 42;

/** Resolves once the sr25519 WASM is ready; every Keypair constructor below needs it. */
export const cryptoReady = (): Promise<boolean> => cryptoWaitReady();

export function toHex(bytes: Uint8Array): string { return '0x' + Buffer.from(bytes).toString('hex'); }
export function fromHex(hex: string): Uint8Array {
  const h = hex.startsWith('0x') ? hex.slice(2) : hex;
  if (h.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(h)) throw new Error(`not a hex string: ${hex.slice(0, 20)}`);
  return Uint8Array.from(Buffer.from(h, 'hex'));
}

/**
 * schnorrkel keeps the secret scalar in two layouts: `to_bytes` (what sp_core's `Pair::to_raw_vec` and
 * btwallet's `privateKey` field hold) and `to_ed25519_bytes` (scalar × 8, what @polkadot/wasm-crypto signs with).
 * The nonce half is the same in both.
 */
function scalarTimes8(le: Uint8Array): Uint8Array {
  const out = new Uint8Array(32); let carry = 0;
  for (let i = 0; i < 32; i++) { const v = (le[i] << 3) | carry; out[i] = v & 0xff; carry = v >> 8; }
  return out;
}
function scalarDiv8(le: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = (le[i] >> 3) | (i < 31 ? (le[i + 1] << 5) & 0xff : 0);
  return out;
}

export class Keypair {
  private constructor(
    readonly publicKey: Uint8Array,
    /** ed25519-layout secret key (scalar × 8 ‖ nonce); null for a public-only keypair (coldkeypub). */
    private readonly secretKey: Uint8Array | null,
    readonly seed: Uint8Array | null = null,
    readonly mnemonic: string | null = null,
  ) {}

  get ss58Address(): string { return encodeAddress(this.publicKey, SS58_FORMAT); }
  get hasPrivateKey(): boolean { return this.secretKey !== null; }

  /** btwallet's `privateKey`: schnorrkel's `SecretKey::to_bytes` (scalar ‖ nonce). */
  get privateKey(): Uint8Array | null {
    if (!this.secretKey) return null;
    const out = new Uint8Array(64);
    out.set(scalarDiv8(this.secretKey.subarray(0, 32)), 0); out.set(this.secretKey.subarray(32), 32);
    return out;
  }

  static generateMnemonic(words: 12 | 15 | 18 | 21 | 24 = 12): string { return mnemonicGenerate(words); }

  static fromMnemonic(mnemonic: string): Keypair {
    const phrase = mnemonic.trim().split(/\s+/).join(' ');
    if (!mnemonicValidate(phrase)) throw new Error('invalid mnemonic');
    const seed = mnemonicToMiniSecret(phrase);
    return Keypair.build(seed, phrase);
  }

  /** From the 32-byte mini secret (the keyfile's `secretSeed`). */
  static fromSeed(seed: Uint8Array | string): Keypair {
    const s = typeof seed === 'string' ? fromHex(seed) : seed;
    if (s.length !== 32) throw new Error(`a seed is 32 bytes, got ${s.length}`);
    return Keypair.build(s, null);
  }

  private static build(seed: Uint8Array, mnemonic: string | null): Keypair {
    const pair = sr25519KeypairFromSeed(seed);
    return new Keypair(pair.slice(64, 96), pair.slice(0, 64), seed, mnemonic);
  }

  /** From btwallet's 64-byte `privateKey` (schnorrkel layout) and the public key it belongs to. */
  static fromPrivateKey(privateKey: Uint8Array | string, publicKey: Uint8Array | string): Keypair {
    const pk = typeof privateKey === 'string' ? fromHex(privateKey) : privateKey;
    const pub = typeof publicKey === 'string' ? fromHex(publicKey) : publicKey;
    if (pk.length !== 64 || pub.length !== 32) throw new Error('privateKey is 64 bytes and publicKey 32');
    const secret = new Uint8Array(64);
    secret.set(scalarTimes8(pk.subarray(0, 32)), 0); secret.set(pk.subarray(32), 32);
    const kp = new Keypair(pub, secret);
    // A wrong public key would sign unverifiable messages: check once.
    if (!kp.verify('keypair check', kp.sign('keypair check'))) throw new Error('privateKey does not match publicKey');
    return kp;
  }

  /** Public-only, from an SS58 address or a 0x public key. */
  static fromAddress(address: string): Keypair {
    return new Keypair(address.startsWith('0x') ? fromHex(address) : decodeAddress(address), null);
  }

  sign(message: string | Uint8Array): Uint8Array {
    if (!this.secretKey) throw new Error(`no private key for ${this.ss58Address}: cannot sign`);
    const m = typeof message === 'string' ? new TextEncoder().encode(message) : message;
    return sr25519Sign(this.publicKey, this.secretKey, m);
  }

  verify(message: string | Uint8Array, signature: Uint8Array | string): boolean {
    const m = typeof message === 'string' ? new TextEncoder().encode(message) : message;
    const s = typeof signature === 'string' ? fromHex(signature) : signature;
    return s.length === 64 && sr25519Verify(s, m, this.publicKey);
  }
}

/** Verifies an sr25519 signature by an SS58 address (what the axon does with the dendrite's hotkey). */
export function verifySignature(ss58: string, message: string | Uint8Array, signature: Uint8Array | string): boolean {
  try { return Keypair.fromAddress(ss58).verify(message, signature); } catch { return false; }
}
