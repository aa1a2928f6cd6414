// Wallet round trip against btcli's on-disk format. The fixtures are built here from the format itself — the
// keyfile JSON as bittensor-wallet writes it, and the $NACL box assembled from XSalsa20 + Poly1305 by hand — not by
// the writer under test. The dev phrase's keys are Substrate's well-known values (`subkey inspect`).
import { beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { argon2i } from '@noble/hashes/argon2.js';
import { xsalsa20 } from '@noble/ciphers/salsa.js';
import { poly1305 } from '@noble/ciphers/_poly1305.js';
import { Wallet, Keypair, cryptoReady, KeyFileError, NACL_KDF, encryptionOf, verifySignature } from '../../neurons/wallet/index.ts';

const DEV_PHRASE = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';
const DEV_PUBLIC = '0x46ebddef8cd9bb167dc30878d7113b7e168e6f0646beffd77d69d39bad76b47a';
const DEV_SS58 = '5DfhGyQdFobKM8NsWvEeAKk5EQQgYe9AydgJ7rMB6E1EqRzV';
const DEV_SEED = '0xfac7959dbfe72f052e5a0c3c8d6530f202b02fd8f9f5ca3580ec8deb7797479e';

/** bittensor-wallet's NACL_SALT exactly as the Python/Rust literal spells it. */
const NACL_SALT_LITERAL = String.raw`\x13q\x83\xdf\xf1Z\t\xbc\x9c\x90\xb5Q\x879\xe9\xb1`;
function pyBytes(lit: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < lit.length;) {
    if (lit[i] === '\\' && lit[i + 1] === 'x') { out.push(parseInt(lit.slice(i + 2, i + 4), 16)); i += 4; }
    else if (lit[i] === '\\' && lit[i + 1] === 't') { out.push(9); i += 2; }
    else { out.push(lit.charCodeAt(i)); i += 1; }
  }
  return Uint8Array.from(out);
}

/** libsodium crypto_secretbox_easy: stream = XSalsa20(key, nonce); poly key = stream[0..32]; ct = m ⊕ stream[32..]; out = tag ‖ ct. */
function secretboxByHand(key: Uint8Array, nonce: Uint8Array, msg: Uint8Array): Uint8Array {
  const stream = xsalsa20(key, nonce, new Uint8Array(32 + msg.length));
  const ct = msg.map((b, i) => b ^ stream[32 + i]);
  return Uint8Array.from([...poly1305(ct, stream.subarray(0, 32)), ...ct]);
}

/** A keyfile JSON as the Python bittensor-wallet (json.dumps, default separators) writes it. */
const pythonKeyfileJson = (seed: string | null, phrase: string | null) =>
  `{"accountId": "${DEV_PUBLIC}", "publicKey": "${DEV_PUBLIC}", "secretPhrase": ${phrase ? `"${phrase}"` : 'null'}, "secretSeed": ${seed ? `"${seed}"` : 'null'}, "ss58Address": "${DEV_SS58}"}`;

const CHEAP = { t: 1, m: 64, p: 1 }; // the format with a test-sized argon2 cost; NACL_KDF is checked separately
let root: string;

beforeAll(async () => {
  await cryptoReady();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'wallets-'));
});

describe('keyfiles written by btcli open here', () => {
  it('a plain hotkey keyfile (secretSeed only, Python json.dumps spacing, null fields)', async () => {
    const dir = path.join(root, 'py', 'hotkeys');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'default'), pythonKeyfileJson(DEV_SEED, null));
    const hk = await new Wallet({ name: 'py', path: root }).hotkey();
    expect('0x' + Buffer.from(hk.publicKey).toString('hex')).toBe(DEV_PUBLIC);
    expect(hk.ss58Address).toBe(DEV_SS58);
    const sig = hk.sign('hello');
    expect(verifySignature(DEV_SS58, 'hello', sig)).toBe(true);
    expect(verifySignature(DEV_SS58, 'hellO', sig)).toBe(false);
  });

  it('a $NACL coldkey: prefix, 24-byte nonce, secretbox under argon2i13(password, NACL_SALT)', async () => {
    const salt = pyBytes(NACL_SALT_LITERAL);
    expect(salt.length).toBe(16);
    const key = argon2i('correct horse', salt, { ...CHEAP, dkLen: 32, version: 0x13 });
    const nonce = Uint8Array.from({ length: 24 }, (_, i) => i * 7 + 1);
    const plain = new TextEncoder().encode(pythonKeyfileJson(DEV_SEED, DEV_PHRASE));
    const file = Uint8Array.from([...new TextEncoder().encode('$NACL'), ...nonce, ...secretboxByHand(key, nonce, plain)]);
    const dir = path.join(root, 'sealed');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'coldkey'), file);
    fs.writeFileSync(path.join(dir, 'coldkeypub.txt'), `{"accountId": "${DEV_PUBLIC}", "publicKey": "${DEV_PUBLIC}", "secretPhrase": null, "secretSeed": null, "ss58Address": "${DEV_SS58}"}`);

    const w = new Wallet({ name: 'sealed', path: root });
    expect(w.coldkeyFile.isEncrypted()).toBe(true);
    expect(w.coldkeypub().ss58Address).toBe(DEV_SS58);
    const ck = await w.unlockColdkey('correct horse', CHEAP);
    expect(ck.ss58Address).toBe(DEV_SS58);
    expect(ck.mnemonic).toBe(DEV_PHRASE);
    await expect(w.unlockColdkey('wrong horse', CHEAP)).rejects.toThrow(/Invalid password/);
    await expect(w.unlockColdkey(undefined, CHEAP)).rejects.toBeInstanceOf(KeyFileError);
    process.env.BT_COLD_PW_SEALED = 'correct horse';
    try { expect((await w.unlockColdkey(undefined, CHEAP)).ss58Address).toBe(DEV_SS58); } finally { delete process.env.BT_COLD_PW_SEALED; }
  });

  it('the real cost is libsodium argon2i13 SENSITIVE: 8 passes, 536,870,912 bytes, 1 lane', () => {
    expect(NACL_KDF).toEqual({ t: 8, m: 536_870_912 / 1024, p: 1 });
  });

  it('older encryptions are recognised and refused with a clear error', async () => {
    expect(encryptionOf(new TextEncoder().encode('$ANSIBLE_VAULT;1.1;AES256\n3132'))).toBe('Ansible Vault');
    expect(encryptionOf(new TextEncoder().encode('gAAAAABk'))).toBe('legacy');
    const dir = path.join(root, 'old');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'coldkey'), 'gAAAAABkxyz');
    await expect(new Wallet({ name: 'old', path: root }).unlockColdkey('pw')).rejects.toThrow(/legacy encrypted keyfiles are not supported/);
  });
});

describe('wallets written here have btcli\'s layout and fields', () => {
  it('regenerate from a mnemonic: coldkey sealed, coldkeypub.txt public, fields as bittensor-wallet names them', async () => {
    const w = new Wallet({ name: 'regen', hotkey: 'miner1', path: root });
    const kp = await w.regenerateColdkey(DEV_PHRASE, { password: 'pw', kdf: CHEAP });
    expect(kp.ss58Address).toBe(DEV_SS58);
    const raw = fs.readFileSync(path.join(root, 'regen', 'coldkey'));
    expect(raw.subarray(0, 5).toString('latin1')).toBe('$NACL');
    expect(fs.statSync(path.join(root, 'regen', 'coldkey')).mode & 0o777).toBe(0o600);
    const pub = JSON.parse(fs.readFileSync(path.join(root, 'regen', 'coldkeypub.txt'), 'utf8'));
    expect(pub).toEqual({ accountId: DEV_PUBLIC, publicKey: DEV_PUBLIC, ss58Address: DEV_SS58 });
    // The sealed box opens by the hand-built recipe.
    const key = argon2i('pw', pyBytes(NACL_SALT_LITERAL), { ...CHEAP, dkLen: 32, version: 0x13 });
    const nonce = raw.subarray(5, 29), box = raw.subarray(29);
    const stream = xsalsa20(key, nonce, new Uint8Array(32 + box.length - 16));
    expect(Buffer.from(poly1305(box.subarray(16), stream.subarray(0, 32))).equals(box.subarray(0, 16))).toBe(true);
    const json = JSON.parse(Buffer.from(box.subarray(16).map((b, i) => b ^ stream[32 + i])).toString('utf8'));
    expect(json.secretPhrase).toBe(DEV_PHRASE);
    expect(json.secretSeed).toBe(DEV_SEED);
    expect(json.accountId).toBe(DEV_PUBLIC);
    expect(json.ss58Address).toBe(DEV_SS58);
    expect(json.privateKey).toMatch(/^0x[0-9a-f]{128}$/);

    await w.regenerateHotkey(DEV_PHRASE, { name: 'miner1' });
    const hot = JSON.parse(fs.readFileSync(path.join(root, 'regen', 'hotkeys', 'miner1'), 'utf8'));
    expect(hot.secretSeed).toBe(DEV_SEED);
    await expect(w.regenerateHotkey(DEV_PHRASE, { name: 'miner1' })).rejects.toThrow(/already exists/);
  });

  it('privateKey alone (schnorrkel to_bytes layout) signs as the same key', async () => {
    const full = Keypair.fromMnemonic(DEV_PHRASE);
    const fromPriv = Keypair.fromPrivateKey(full.privateKey!, full.publicKey);
    expect(full.verify('m', fromPriv.sign('m'))).toBe(true);
    // schnorrkel's to_bytes scalar is reduced mod ℓ (< 2^253): its top three bits are clear.
    expect(full.privateKey![31] & 0xe0).toBe(0);
  });

  it('create, list, load: a fresh wallet has a 12-word mnemonic that regenerates the same keys', async () => {
    const p = path.join(root, 'fresh');
    const w = new Wallet({ name: 'alice', hotkey: 'h0', path: p });
    const { coldkey, hotkey } = await w.create();
    expect(coldkey!.split(' ')).toHaveLength(12);
    const ck = await w.unlockColdkey(); // created without a password: a plain coldkey, as btcli --no-use-password
    expect(ck.ss58Address).toBe(w.coldkeypub().ss58Address);
    expect(Keypair.fromMnemonic(coldkey!).ss58Address).toBe(ck.ss58Address);
    expect(Keypair.fromMnemonic(hotkey!).ss58Address).toBe((await w.hotkey()).ss58Address);
    await new Wallet({ name: 'bob', path: p }).create({ password: 'x', kdf: CHEAP });
    const list = Wallet.list(p);
    expect(list.map(x => x.name)).toEqual(['alice', 'bob']);
    expect(list[0].coldkeypub).toBe(ck.ss58Address);
    expect(list[0].hotkeys).toEqual([{ name: 'h0', ss58: (await w.hotkey()).ss58Address }]);
    expect(list[1].hotkeys.map(h => h.name)).toEqual(['default']);
    expect(() => Keypair.fromMnemonic('bottom drive obey lake curtain smoke basket hold race lonely fit fit')).toThrow(/invalid mnemonic/);
  });

  it.skipIf(!process.env.BT_SLOW_TESTS)('full-cost $NACL (512 MiB argon2i, ~1 min in JS): hand-sealed file opens', async () => {
    const key = argon2i('pw', pyBytes(NACL_SALT_LITERAL), { t: 8, m: 524_288, p: 1, dkLen: 32, version: 0x13 });
    const nonce = new Uint8Array(24);
    const file = Uint8Array.from([...new TextEncoder().encode('$NACL'), ...nonce, ...secretboxByHand(key, nonce, new TextEncoder().encode(pythonKeyfileJson(DEV_SEED, null)))]);
    fs.mkdirSync(path.join(root, 'full'), { recursive: true });
    fs.writeFileSync(path.join(root, 'full', 'coldkey'), file);
    expect((await new Wallet({ name: 'full', path: root }).unlockColdkey('pw')).ss58Address).toBe(DEV_SS58);
  }, 600_000);
});
