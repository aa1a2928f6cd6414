// The client commands of `subtensor-ts` (bin/subtensor-ts.js routes here): btcli-style subcommands that work against
// any subtensor endpoint (--ws). Errors print "error: …" with what to do next and exit with code 1.
import { Command, CommanderError } from 'commander';
import { subnetsCommand, metagraphCommand } from './commands/subnets.ts';
import { stakeCommand } from './commands/stake.ts';
import { weightsCommand } from './commands/weights.ts';
import { epochCommand } from './commands/epoch.ts';
import { walletCommand } from './commands/wallet.ts';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { UsageError, c } from './ui.ts';
import { resolveAliases } from './options.ts';

/** Top-level names served here rather than by the node CLI (node/cli.ts). */
export const CLIENT_COMMANDS = ['subnets', 's', 'subnet', 'stake', 'st', 'weights', 'wt', 'metagraph', 'epoch', 'wallet', 'w'];

export function clientProgram(): Command {
  const program = new Command().name('subtensor-ts').description('btcli-style client commands (any subtensor endpoint via --ws)');
  for (const cmd of [walletCommand(), subnetsCommand(), stakeCommand(), weightsCommand(), metagraphCommand(), epochCommand()]) program.addCommand(cmd);
  // Usage errors throw (runClient returns the exit code) instead of exiting, in every subcommand.
  const throwOnExit = (c: Command): void => { c.exitOverride(); c.commands.forEach(throwOnExit); };
  throwOnExit(program);
  program.hook('preAction', (_program, action) => resolveAliases(action));
  return program;
}

export async function runClient(argv: string[]): Promise<number> {
  try {
    await cryptoWaitReady(); // sr25519 (keys, wallets) needs the WASM crypto
    await clientProgram().parseAsync(argv);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    const msg = e instanceof UsageError ? e.message : `${(e as Error).message ?? e}`;
    process.stderr.write(`${c.red('error:')} ${msg}\n`);
    return 1;
  }
}
