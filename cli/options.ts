// Options every client command shares (named as btcli names them where it has them).
import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_WS } from '../client/connect.ts';

export const intOpt = (name: string, max = 0xffff) => (v: string) => {
  if (!/^\d+$/.test(v) || Number(v) > max) throw new InvalidArgumentError(`${name} must be an integer from 0 to ${max}`);
  return Number(v);
};

/** --ws (any subtensor endpoint) and, for read commands, --json. */
export function common(cmd: Command, read: boolean): Command {
  cmd.addOption(new Option('--ws <url>', 'websocket endpoint of the chain (subtensor-ts or subtensor)').default(DEFAULT_WS).env('SUBTENSOR_WS'));
  if (read) cmd.option('--json', 'print JSON instead of a table');
  return cmd;
}

/** btcli's alternative spellings of some options (hidden): alias → the option it stands for. */
export const ALIASES: Record<string, string> = { name: 'walletName', walletHotkey: 'hotkey', destination: 'dest' };

/** Declares the hidden aliases of `cmd` (commander takes one long name per option). */
function alias(cmd: Command, flag: string): Command {
  return cmd.addOption(new Option(flag).hideHelp());
}

/** Copies alias values onto the options they stand for (run before every action). */
export function resolveAliases(cmd: Command): void {
  const o = cmd.opts();
  for (const [from, to] of Object.entries(ALIASES)) if (o[from] !== undefined && o[to] === undefined) cmd.setOptionValue(to, o[from]);
}

/** Key options: a btcli wallet (--wallet-name, --wallet-path, --hotkey) or a secret URI (--uri //Alice, dev chains). */
export function keys(cmd: Command, hotkey: boolean): Command {
  cmd.option('--wallet-name <name>', 'wallet name (btcli wallet directory)')
    .option('--wallet-path <path>', 'wallets directory', '~/.bittensor/wallets')
    .option('--uri <suri>', 'sign with a secret URI instead of a wallet, e.g. //Alice on a dev chain');
  alias(cmd, '--name <name>');
  if (hotkey) { cmd.option('--hotkey <name|ss58>', 'hotkey name in the wallet, or an SS58 address'); alias(cmd, '--wallet-hotkey <name>'); }
  return cmd;
}

/** --dest (btcli also says --destination). */
export function dest(cmd: Command): Command {
  return alias(cmd.requiredOption('--dest <ss58>', 'recipient address'), '--destination <ss58>');
}

export const netuidOpt = (cmd: Command, required = true): Command =>
  required ? cmd.requiredOption('--netuid <n>', 'subnet id', intOpt('netuid')) : cmd.option('--netuid <n>', 'subnet id', intOpt('netuid'));
