// Talking to a chain from the client commands: connect to any endpoint (--ws), resolve signers, submit with
// progress, and turn failures into messages that say what to do next.
import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import { cryptoWaitReady, decodeAddress } from '@polkadot/util-crypto';
import { UsageError, progress } from './ui.ts';
export { connect, withApi, rawRpc, DEFAULT_WS } from '../client/connect.ts';

export interface KeyOptions { uri?: string; walletName?: string; walletPath?: string; hotkey?: string }

/** A signing key from --uri (a secret URI such as //Alice, for dev chains) or a btcli wallet (--wallet-name). */
export async function signer(o: KeyOptions, role: 'coldkey' | 'hotkey'): Promise<KeyringPair> {
  await cryptoWaitReady();
  if (o.uri) return new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri(o.uri);
  if (o.walletName) {
    const { loadWalletKey } = await import('./wallet_keys.ts');
    return loadWalletKey(o, role);
  }
  throw new UsageError(`this command signs with a ${role}: pass --wallet-name <name>${role === 'hotkey' ? ' --hotkey <name>' : ''} or, on a dev chain, --uri //Alice`);
}

const isSs58 = (v: string) => { try { decodeAddress(v); return true; } catch { return false; } };

/** The hotkey a command acts on: --hotkey as an SS58 address, else the wallet's hotkey (by name), else `fallback`. */
export async function hotkeyAddress(o: KeyOptions, fallback?: string): Promise<string> {
  if (o.hotkey && isSs58(o.hotkey)) return o.hotkey;
  if (o.walletName) {
    const { walletOf } = await import('./wallet_keys.ts');
    const w = walletOf(o);
    const a = w.hotkeyAddress();
    if (a) return a;
    throw new UsageError(`wallet ${w.name} has no hotkey "${w.hotkeyName}": create it with \`subtensor-ts wallet create --wallet-name ${w.name} --hotkey ${w.hotkeyName}\``);
  }
  if (o.hotkey) throw new UsageError(`--hotkey "${o.hotkey}" is not an SS58 address (a hotkey name needs --wallet-name)`);
  if (fallback) return fallback;
  throw new UsageError('pass the hotkey with --hotkey <ss58>, or --wallet-name <name> --hotkey <name>');
}

/** The coldkey address a read command reports on, without unlocking anything (coldkeypub.txt for wallets). */
export async function coldkeyAddress(o: KeyOptions & { ss58?: string }): Promise<string> {
  if (o.ss58) return address(o.ss58, '--ss58');
  if (o.walletName) {
    const { walletOf } = await import('./wallet_keys.ts');
    try { return walletOf(o).coldkeypub().ss58Address; } catch (e) { throw new UsageError(`${(e as Error).message}: create the wallet with \`subtensor-ts wallet create\``); }
  }
  return (await signer(o, 'coldkey')).address;
}

/** An SS58 address argument (error names the option). */
export function address(v: string, what: string): string {
  try { decodeAddress(v); return v; } catch { throw new UsageError(`${what} is not an SS58 address: "${v}"`); }
}

const HINTS: Record<string, (ctx: { netuid?: number }) => string> = {
  CommitRevealEnabled: ({ netuid }) => `commit-reveal is on for subnet ${netuid}: use \`subtensor-ts weights commit\` (then \`weights reveal\`), or turn it off with \`subtensor-ts subnets set --netuid ${netuid} --param commit_reveal_weights_enabled --value false\``,
  NeuronNoValidatorPermit: ({ netuid }) => `the hotkey has no validator permit on subnet ${netuid}: permits are given at each epoch to the top stakes; add stake (\`subtensor-ts stake add\`) and wait for the next epoch`,
  HotKeyNotRegisteredInSubNet: ({ netuid }) => `the hotkey is not registered on subnet ${netuid}: register it with \`subtensor-ts subnets register --netuid ${netuid}\``,
  HotKeyAccountNotExists: () => 'the hotkey is not registered anywhere: register it first with `subtensor-ts subnets register`',
  NotEnoughBalanceToStake: () => 'the coldkey has less free balance than that: check it with `subtensor-ts wallet balance`',
  NotEnoughStakeToWithdraw: () => 'there is less stake than that: check it with `subtensor-ts stake list`',
  SubnetNotExists: () => 'no such subnet: list them with `subtensor-ts subnets list`',
  MechanismDoesNotExist: () => 'no such subnet: list them with `subtensor-ts subnets list`',
  SubtokenDisabled: ({ netuid }) => `subnet ${netuid} is not started yet: its owner starts it with \`subtensor-ts subnets start --netuid ${netuid}\``,
  SettingWeightsTooFast: ({ netuid }) => `weights were set too recently: wait weights_rate_limit blocks (\`subtensor-ts subnets hyperparameters --netuid ${netuid}\`)`,
  NoWeightsCommitFound: () => 'no commit to reveal: commit first with `subtensor-ts weights commit`',
  InvalidRevealCommitHashNotMatch: () => 'the reveal does not match the commit: pass exactly the uids, weights and salt you committed',
  RevealTooEarly: ({ netuid }) => `too early to reveal: reveals open commit_reveal_period epochs after the commit (\`subtensor-ts subnets hyperparameters --netuid ${netuid}\`)`,
  AdminActionProhibitedDuringWeightsWindow: ({ netuid }) => `hyperparameters are frozen in the last AdminFreezeWindow blocks before subnet ${netuid}'s epoch: retry right after the epoch (\`subtensor-ts subnets list\` shows blocks since the last one, Tempo k/n)`,
  NotSubnetOwner: () => 'only the subnet owner coldkey can do that: sign with the owner wallet',
  BadOrigin: () => 'this parameter needs the chain\'s sudo key (root-only): sign with it (//Alice on a dev chain)',
  RequireSudo: () => 'this needs the chain\'s sudo key: sign with it (//Alice on a dev chain)',
  InsufficientBalance: () => 'not enough free balance: check it with `subtensor-ts wallet balance`',
};

/** Signs and submits; resolves with the events once the transaction is in a block; throws a UsageError with a hint. */
export async function send(api: ApiPromise, tx: SubmittableExtrinsic<'promise'>, key: KeyringPair, ctx: { netuid?: number } = {}): Promise<{ blockHash: string; events: any[] }> {
  const what = `${tx.method.section}.${tx.method.method}`;
  const p = progress(2, what);
  try {
    return await new Promise((resolve, reject) => {
      tx.signAndSend(key, ({ status, dispatchError, events, internalError }) => {
        if (internalError) return reject(new UsageError(`${what}: ${internalError.message}`));
        if (status.isReady) p.step('submitted');
        if (!status.isInBlock && !status.isFinalized) {
          if (status.isInvalid || status.isDropped || status.isUsurped) reject(new UsageError(`${what}: the transaction was ${status.type.toLowerCase()}`));
          return;
        }
        p.step('in block');
        const sudoErr = events.map(e => e.event).find(e => e.section === 'sudo' && e.method === 'Sudid' && (e.data[0] as any).isErr);
        const err = dispatchError ?? (sudoErr ? (sudoErr.data[0] as any).asErr : undefined);
        if (err) {
          let name = err.toString();
          if (err.isModule) { const m = api.registry.findMetaError(err.asModule); name = `${m.section}.${m.name}`; }
          const hint = HINTS[name.split('.').pop()!]?.(ctx);
          return reject(new UsageError(`${what} failed: ${name}${hint ? `\n  ${hint}` : ''}`));
        }
        resolve({ blockHash: (status.isInBlock ? status.asInBlock : status.asFinalized).toHex(), events: events.map(e => e.event) });
      }).catch((e: Error) => {
        const m = /1010: Invalid Transaction: (.*)/.exec(e.message);
        reject(new UsageError(`${what} was rejected: ${m ? m[1] : e.message}${/balance too low|Inability to pay/i.test(e.message) ? '\n  the signer cannot pay the fee: fund it with `subtensor-ts wallet transfer`' : ''}`));
      });
    });
  } finally { p.stop(); }
}

export function eventOf(events: any[], section: string, method: string): any | undefined {
  return events.find(e => e.section === section && e.method === method);
}
