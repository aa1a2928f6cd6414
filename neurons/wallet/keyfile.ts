// btcli / bittensor-wallet keyfiles: a JSON object (accountId, publicKey, privateKey, secretPhrase, secretSeed,
// ss58Address), written as is for hotkeys and coldkeypub.txt, and for the coldkey sealed as
//   b"$NACL" ‖ nonce (24) ‖ secretbox(JSON)   (XSalsa20-Poly1305, tag first, as libsodium's crypto_secretbox_easy)
// under a key from argon2i v1.3 (libsodium's pwhash_argon2i13 OPSLIMIT/MEMLIMIT_SENSITIVE) of the password with a
// fixed 16-byte salt. Older files are Ansible Vault ("$ANSIBLE_VAULT") or Fernet ("gAAAAA"): recognised, not opened.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { argon2iAsync } from '@noble/hashes/argon2.js';
import { xsalsa20poly1305 } from '@noble/ciphers/salsa.js';
import { Keypair, toHex } from './keypair.ts';

export class KeyFileError extends Error { override name = 'KeyFileError'; }

export const NACL_PREFIX = '$NACL';
/** bittensor-wallet's NACL_SALT, b"\x13q\x83\xdf\xf1Z\t\xbc\x9c\x90\xb5Q\x879\xe9\xb1". */
export const NACL_SALT = Uint8Array.from([0x13, 0x71, 0x83, 0xdf, 0xf1, 0x5a, 0x09, 0xbc, 0x9c, 0x90, 0xb5, 0x51, 0x87, 0x39, 0xe9, 0xb1]);

/** argon2i13 with libsodium's SENSITIVE limits: opslimit 8 passes, memlimit 536,870,912 bytes = 524,288 KiB, 1 lane. */
export interface NaclKdf { t: number; m: number; p: number }
export const NACL_KDF: NaclKdf = { t: 8, m: 524_288, p: 1 };

export type Encryption = 'NaCl' | 'Ansible Vault' | 'legacy' | 'none';

export function encryptionOf(data: Uint8Array): Encryption {
  const head = Buffer.from(data.subarray(0, 14)).toString('latin1');
  if (head.startsWith(NACL_PREFIX)) return 'NaCl';
  if (head.startsWith('$ANSIBLE_VAULT')) return 'Ansible Vault';
  if (head.startsWith('gAAAAA')) return 'legacy';
  return 'none';
}

export function isEncrypted(data: Uint8Array): boolean { return encryptionOf(data) !== 'none'; }

/** The password key. Pure JS argon2 over 512 MiB: tens of seconds, so it yields to the event loop while it runs. */
export async function deriveNaclKey(password: string, kdf: NaclKdf = NACL_KDF): Promise<Uint8Array> {
  return argon2iAsync(new TextEncoder().encode(password), NACL_SALT, { ...kdf, dkLen: 32, version: 0x13, asyncTick: 50 });
}

export async function encryptKeyfileData(plain: Uint8Array, password: string, kdf: NaclKdf = NACL_KDF): Promise<Uint8Array> {
  const key = await deriveNaclKey(password, kdf);
  const nonce = new Uint8Array(randomBytes(24));
  const sealed = xsalsa20poly1305(key, nonce).encrypt(plain);
  return Buffer.concat([Buffer.from(NACL_PREFIX, 'latin1'), nonce, sealed]);
}

export async function decryptKeyfileData(data: Uint8Array, password: string, kdf: NaclKdf = NACL_KDF): Promise<Uint8Array> {
  const kind = encryptionOf(data);
  if (kind === 'none') return data;
  if (kind !== 'NaCl') throw new KeyFileError(`${kind} encrypted keyfiles are not supported here; re-encrypt it with btcli (NaCl)`);
  const body = data.subarray(NACL_PREFIX.length);
  if (body.length < 24 + 16) throw new KeyFileError('keyfile is corrupt: NaCl box too short');
  const key = await deriveNaclKey(password, kdf);
  try {
    return xsalsa20poly1305(key, body.subarray(0, 24)).decrypt(body.subarray(24));
  } catch {
    throw new KeyFileError('Invalid password');
  }
}

/** The keyfile JSON for a keypair, fields in bittensor-wallet's order; secrets only when the keypair has them. */
export function serializeKeypair(kp: Keypair): Uint8Array {
  const pub = toHex(kp.publicKey);
  const json: Record<string, string> = { accountId: pub, publicKey: pub };
  const priv = kp.privateKey;
  if (priv) json.privateKey = toHex(priv);
  if (kp.mnemonic) json.secretPhrase = kp.mnemonic;
  if (kp.seed) json.secretSeed = toHex(kp.seed);
  json.ss58Address = kp.ss58Address;
  return new TextEncoder().encode(JSON.stringify(json));
}

/** As bittensor-wallet reads a keyfile: secretPhrase, else secretSeed, else privateKey, else ss58Address. */
export function deserializeKeypair(data: Uint8Array): Keypair {
  const text = new TextDecoder().decode(data).trim();
  let obj: Record<string, unknown>;
  try { obj = JSON.parse(text); } catch {
    if (/^0x[0-9a-fA-F]{64}$/.test(text)) return Keypair.fromAddress(text); // a bare public key
    throw new KeyFileError('Keypair could not be created from keyfile data');
  }
  const str = (k: string) => (typeof obj[k] === 'string' && obj[k] !== '' ? (obj[k] as string) : null);
  try {
    const phrase = str('secretPhrase'), seed = str('secretSeed'), priv = str('privateKey');
    if (phrase) return Keypair.fromMnemonic(phrase);
    if (seed) return Keypair.fromSeed(seed);
    const pub = str('publicKey') ?? str('accountId');
    if (priv && pub) return Keypair.fromPrivateKey(priv, pub);
    const ss58 = str('ss58Address');
    if (ss58) return Keypair.fromAddress(ss58);
    if (pub) return Keypair.fromAddress(pub);
  } catch (e) {
    throw new KeyFileError(`Keypair could not be created from keyfile data: ${(e as Error).message}`);
  }
  throw new KeyFileError('Keypair could not be created from keyfile data');
}

/** BT_COLD_PW_<WALLET NAME, upper case, '-' → '_'>, as bittensor-wallet looks it up. */
export function coldkeyPasswordFromEnv(walletName: string): string | undefined {
  return process.env[`BT_COLD_PW_${walletName.toUpperCase().replace(/-/g, '_')}`];
}

export class Keyfile {
  constructor(readonly path: string) {}

  exists(): boolean { return fs.existsSync(this.path) && fs.statSync(this.path).isFile(); }

  read(): Uint8Array {
    if (!this.exists()) throw new KeyFileError(`Keyfile at: ${this.path} does not exist`);
    return new Uint8Array(fs.readFileSync(this.path));
  }

  isEncrypted(): boolean { return this.exists() && isEncrypted(this.read()); }

  /** Writes the keypair (sealed when a password is given), mode 0600 as bittensor-wallet sets it. */
  async write(kp: Keypair, opts: { password?: string; overwrite?: boolean; kdf?: NaclKdf } = {}): Promise<void> {
    if (this.exists() && !opts.overwrite) throw new KeyFileError(`Keyfile at: ${this.path} already exists (pass overwrite)`);
    let data = serializeKeypair(kp);
    if (opts.password !== undefined) data = await encryptKeyfileData(data, opts.password, opts.kdf);
    this.writeBytes(data);
  }

  /** Writes the public half only (coldkeypub.txt). */
  writePublic(kp: Keypair, overwrite = true): void {
    if (this.exists() && !overwrite) throw new KeyFileError(`Keyfile at: ${this.path} already exists`);
    this.writeBytes(serializeKeypair(Keypair.fromAddress(kp.ss58Address)));
  }

  private writeBytes(data: Uint8Array): void {
    fs.mkdirSync(path.dirname(this.path), { recursive: true });
    fs.writeFileSync(this.path, data, { mode: 0o600 });
    fs.chmodSync(this.path, 0o600);
  }

  async keypair(password?: string, kdf?: NaclKdf): Promise<Keypair> {
    let data = this.read();
    if (isEncrypted(data)) {
      if (password === undefined) throw new KeyFileError(`Keyfile at: ${this.path} is encrypted: a password is needed`);
      data = await decryptKeyfileData(data, password, kdf);
    }
    return deserializeKeypair(data);
  }
}
