// A btcli wallet on disk: <path>/<name>/coldkey (sealed unless created without a password), coldkeypub.txt (public
// JSON) and hotkeys/<hotkey> (plain JSON, as btcli writes hotkeys). Defaults follow bittensor-wallet: name and hotkey
// "default", path ~/.bittensor/wallets, overridable by BT_WALLET_NAME / BT_WALLET_HOTKEY / BT_WALLET_PATH.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Keyfile, KeyFileError, coldkeyPasswordFromEnv, type NaclKdf } from './keyfile.ts';
import { Keypair } from './keypair.ts';

export interface WalletOptions { name?: string; hotkey?: string; path?: string }
export type Words = 12 | 15 | 18 | 21 | 24;
export interface CreateKeyOptions {
  /** Seal the key with this password (coldkey); omit for a plain keyfile (btcli's --no-use-password). */
  password?: string;
  words?: Words;
  overwrite?: boolean;
  /** Argon2 cost override, for tests only: files written with it do not open in btcli. */
  kdf?: NaclKdf;
}
export interface WalletSummary { name: string; coldkeypub: string | null; hotkeys: { name: string; ss58: string | null }[] }

export function defaultWalletPath(): string {
  return expandHome(process.env.BT_WALLET_PATH ?? '~/.bittensor/wallets');
}
function expandHome(p: string): string { return p === '~' || p.startsWith('~/') ? path.join(os.homedir(), p.slice(1)) : p; }

/** The public address in a keyfile, without unlocking anything (null when unreadable). */
function publicAddressOf(file: Keyfile): string | null {
  try {
    const obj = JSON.parse(new TextDecoder().decode(file.read()));
    return typeof obj.ss58Address === 'string' ? obj.ss58Address : null;
  } catch { return null; }
}

export class Wallet {
  readonly name: string;
  readonly hotkeyName: string;
  readonly path: string;

  constructor(opts: WalletOptions = {}) {
    this.name = opts.name ?? process.env.BT_WALLET_NAME ?? 'default';
    this.hotkeyName = opts.hotkey ?? process.env.BT_WALLET_HOTKEY ?? 'default';
    this.path = opts.path ? expandHome(opts.path) : defaultWalletPath();
  }

  get dir(): string { return path.join(this.path, this.name); }
  get coldkeyFile(): Keyfile { return new Keyfile(path.join(this.dir, 'coldkey')); }
  get coldkeypubFile(): Keyfile { return new Keyfile(path.join(this.dir, 'coldkeypub.txt')); }
  hotkeyFile(name = this.hotkeyName): Keyfile { return new Keyfile(path.join(this.dir, 'hotkeys', name)); }

  /** A new coldkey from a fresh mnemonic; writes coldkey and coldkeypub.txt. Returns the mnemonic to show once. */
  async createColdkey(opts: CreateKeyOptions = {}): Promise<{ mnemonic: string; keypair: Keypair }> {
    const mnemonic = Keypair.generateMnemonic(opts.words ?? 12);
    return { mnemonic, keypair: await this.regenerateColdkey(mnemonic, opts) };
  }

  async createHotkey(opts: Omit<CreateKeyOptions, 'password' | 'kdf'> & { name?: string } = {}): Promise<{ mnemonic: string; keypair: Keypair }> {
    const mnemonic = Keypair.generateMnemonic(opts.words ?? 12);
    return { mnemonic, keypair: await this.regenerateHotkey(mnemonic, opts) };
  }

  /** Coldkey and hotkey, each created only if missing (btcli's `wallet create`). */
  async create(opts: CreateKeyOptions = {}): Promise<{ coldkey?: string; hotkey?: string }> {
    const out: { coldkey?: string; hotkey?: string } = {};
    if (!this.coldkeypubFile.exists() || opts.overwrite) out.coldkey = (await this.createColdkey(opts)).mnemonic;
    if (!this.hotkeyFile().exists() || opts.overwrite) out.hotkey = (await this.createHotkey({ words: opts.words, overwrite: opts.overwrite })).mnemonic;
    return out;
  }

  /** From a mnemonic (or a 0x seed): writes coldkey (sealed when a password is given) and coldkeypub.txt. */
  async regenerateColdkey(mnemonicOrSeed: string, opts: CreateKeyOptions = {}): Promise<Keypair> {
    const kp = keypairFrom(mnemonicOrSeed);
    await this.coldkeyFile.write(kp, { password: opts.password, overwrite: opts.overwrite, kdf: opts.kdf });
    this.coldkeypubFile.writePublic(kp, true);
    return kp;
  }

  /** coldkeypub.txt alone, from an SS58 address or 0x public key (btcli's `regen-coldkeypub`). */
  regenerateColdkeypub(addressOrPublicKey: string, overwrite = false): Keypair {
    const kp = Keypair.fromAddress(addressOrPublicKey);
    this.coldkeypubFile.writePublic(kp, overwrite);
    return kp;
  }

  async regenerateHotkey(mnemonicOrSeed: string, opts: Omit<CreateKeyOptions, 'password' | 'kdf'> & { name?: string } = {}): Promise<Keypair> {
    const kp = keypairFrom(mnemonicOrSeed);
    await this.hotkeyFile(opts.name).write(kp, { overwrite: opts.overwrite });
    return kp;
  }

  /** The coldkey's public half (no password needed). */
  coldkeypub(): Keypair {
    const f = this.coldkeypubFile.exists() ? this.coldkeypubFile : this.coldkeyFile;
    const addr = publicAddressOf(f);
    if (!addr) throw new KeyFileError(`no readable coldkeypub for wallet ${this.name} at ${this.dir}`);
    return Keypair.fromAddress(addr);
  }

  /** The signing coldkey; the password defaults to BT_COLD_PW_<NAME>. Unlocking a sealed key takes tens of seconds. */
  async unlockColdkey(password?: string, kdf?: NaclKdf): Promise<Keypair> {
    return this.coldkeyFile.keypair(password ?? coldkeyPasswordFromEnv(this.name), kdf);
  }

  async hotkey(name = this.hotkeyName): Promise<Keypair> { return this.hotkeyFile(name).keypair(); }

  /** The hotkey's address without loading secrets. */
  hotkeyAddress(name = this.hotkeyName): string | null { return publicAddressOf(this.hotkeyFile(name)); }

  hotkeyNames(): string[] {
    const dir = path.join(this.dir, 'hotkeys');
    if (!fs.existsSync(dir)) return [];
    return fs.readdirSync(dir, { withFileTypes: true }).filter(e => e.isFile() && !e.name.startsWith('.')).map(e => e.name).sort();
  }

  /** Every wallet under `walletPath` with its public addresses (what `btcli wallet list` shows). */
  static list(walletPath = defaultWalletPath()): WalletSummary[] {
    const root = expandHome(walletPath);
    if (!fs.existsSync(root)) return [];
    return fs.readdirSync(root, { withFileTypes: true }).filter(e => e.isDirectory() && !e.name.startsWith('.')).map(e => e.name).sort()
      .map(name => {
        const w = new Wallet({ name, path: root });
        const pub = w.coldkeypubFile.exists() ? w.coldkeypubFile : w.coldkeyFile;
        return { name, coldkeypub: pub.exists() ? publicAddressOf(pub) : null, hotkeys: w.hotkeyNames().map(h => ({ name: h, ss58: w.hotkeyAddress(h) })) };
      });
  }
}

function keypairFrom(mnemonicOrSeed: string): Keypair {
  const s = mnemonicOrSeed.trim();
  return /^0x[0-9a-fA-F]{64}$/.test(s) ? Keypair.fromSeed(s) : Keypair.fromMnemonic(s);
}
