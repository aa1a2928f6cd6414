// Signing keys from btcli wallets on disk (neurons/wallet reads btcli's format): the coldkey (sealed keyfiles are
// opened with BT_COLD_PW_<NAME> or a password typed at the terminal) and hotkeys by name.
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { Wallet, coldkeyPasswordFromEnv, isEncrypted, type Keypair } from '../neurons/wallet/index.ts';
import type { KeyOptions } from './chain.ts';
import { UsageError } from './ui.ts';

export function walletOf(o: KeyOptions): Wallet {
  return new Wallet({ name: o.walletName, path: o.walletPath, hotkey: o.hotkey });
}

/** Reads a line from the terminal without echoing it. */
export async function askHidden(prompt: string): Promise<string> {
  const { stdin, stderr } = process;
  if (!stdin.isTTY) throw new UsageError('no terminal to ask for a password');
  stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  let s = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      for (const ch of d.toString('utf8')) {
        if (ch === '\r' || ch === '\n') { done(); return resolve(s); }
        if (ch === '\u0003') { done(); return reject(new UsageError('cancelled')); }
        if (ch === '\u007f') s = s.slice(0, -1); else s += ch;
      }
    };
    const done = () => { stdin.off('data', onData); stdin.setRawMode(false); stdin.pause(); stderr.write('\n'); };
    stdin.on('data', onData);
  });
}

function toPair(kp: Keypair): KeyringPair {
  if (!kp.seed) throw new UsageError('this keyfile holds no seed (only a private key): regenerate it from its mnemonic with btcli');
  return new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromSeed(kp.seed);
}

export async function loadWalletKey(o: KeyOptions, role: 'coldkey' | 'hotkey'): Promise<KeyringPair> {
  const w = walletOf(o);
  try {
    if (role === 'hotkey') {
      if (!w.hotkeyFile().exists()) throw new UsageError(`wallet ${w.name} has no hotkey "${w.hotkeyName}" (at ${w.dir}): create it with \`subtensor-ts wallet create --wallet-name ${w.name} --hotkey ${w.hotkeyName}\``);
      return toPair(await w.hotkey());
    }
    if (!w.coldkeyFile.exists()) throw new UsageError(`wallet ${w.name} has no coldkey (at ${w.dir}): create it with \`subtensor-ts wallet create --wallet-name ${w.name}\``);
    let password = coldkeyPasswordFromEnv(w.name);
    if (password === undefined && isEncrypted(w.coldkeyFile.read())) {
      if (!process.stdin.isTTY) throw new UsageError(`the coldkey of wallet ${w.name} is encrypted: set BT_COLD_PW_${w.name.toUpperCase().replace(/-/g, '_')} or run in a terminal`);
      password = await askHidden(`Password for the coldkey of wallet ${w.name}: `);
    }
    return toPair(await w.unlockColdkey(password));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`wallet ${w.name}: ${(e as Error).message}`);
  }
}
