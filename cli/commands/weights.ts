// weights set | commit | reveal (btcli has commit and reveal; set is the plain set_weights for subnets without
// commit-reveal). Weights are given as numbers and sent max-upscaled to u16, as btcli and the SDK do.
import { Command } from 'commander';
import type { ApiPromise } from '@polkadot/api';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { u8aToHex } from '@polkadot/util';
import { send, signer, withApi } from '../chain.ts';
import { c, UsageError } from '../ui.ts';
import { common, keys, netuidOpt } from '../options.ts';

const list = (what: string) => (v: string) => v.split(',').map(s => s.trim()).filter(Boolean).map(s => {
  if (!/^\d+(\.\d+)?$/.test(s)) throw new UsageError(`${what} must be comma-separated non-negative numbers (got "${s}")`);
  return Number(s);
});

/** convert_weights_and_uids_for_emit: the largest weight becomes 65535, the others proportionally (rounded). */
export function toU16Weights(uids: number[], weights: number[]): { uids: number[]; values: number[] } {
  if (uids.length !== weights.length) throw new UsageError(`--uids has ${uids.length} entries but --weights has ${weights.length}: give one weight per uid`);
  if (uids.some(u => !Number.isInteger(u) || u > 0xffff)) throw new UsageError('--uids must be integers from 0 to 65535');
  const max = Math.max(0, ...weights);
  if (max === 0) throw new UsageError('all weights are zero: give at least one positive weight');
  const kept = uids.map((u, i) => [u, Math.round((weights[i] / max) * 65535)] as [number, number]).filter(([, w]) => w > 0);
  return { uids: kept.map(k => k[0]), values: kept.map(k => k[1]) };
}

async function versionKey(api: ApiPromise, netuid: number, given?: string): Promise<bigint> {
  if (given !== undefined) return BigInt(given);
  return BigInt(((await (api.query.subtensorModule as any).weightsVersionKey(netuid)) as any).toString());
}

/** get_commit_hash: blake2-256 of SCALE (hotkey, netuid_index, uids, values, salt, version_key); mechanism 0 → netuid. */
export function commitHash(api: ApiPromise, hotkey: string, netuid: number, uids: number[], values: number[], salt: number[], version: bigint): string {
  const bytes = api.createType('(AccountId32, u16, Vec<u16>, Vec<u16>, Vec<u16>, u64)', [hotkey, netuid, uids, values, salt, version]).toU8a();
  return u8aToHex(blake2AsU8a(bytes, 256));
}

function weightsCmd(cmd: Command, name: string, description: string): Command {
  return keys(netuidOpt(common(cmd.command(name).description(description), false)), true)
    .requiredOption('--uids <list>', 'comma-separated uids', list('--uids'))
    .requiredOption('--weights <list>', 'comma-separated weights (any scale: the largest becomes 65535)', list('--weights'))
    .option('--version-key <n>', "weights version key (default: the subnet's)");
}

export function weightsCommand(): Command {
  const cmd = new Command('weights').alias('wt').description('weights: set, commit, reveal (signed by the validator hotkey)');
  weightsCmd(cmd, 'set', 'set weights directly (set_weights; subnets with commit-reveal off)')
    .action(async o => withApi(o.ws, async api => {
      const w = toU16Weights(o.uids, o.weights);
      await send(api, api.tx.subtensorModule.setWeights(o.netuid, w.uids, w.values, await versionKey(api, o.netuid, o.versionKey)), await signer(o, 'hotkey'), { netuid: o.netuid });
      process.stdout.write(`${c.green('✔')} weights set on subnet ${o.netuid}: ${w.uids.map((u, i) => `${u}=${w.values[i]}`).join(' ')}\n`);
    }));
  weightsCmd(cmd, 'commit', 'commit a hash of weights (commit_weights); reveal them later with the same uids, weights and salt')
    .requiredOption('--salt <list>', 'comma-separated u16 salt values, kept for the reveal', list('--salt'))
    .action(async o => withApi(o.ws, async api => {
      const key = await signer(o, 'hotkey');
      const w = toU16Weights(o.uids, o.weights);
      const hash = commitHash(api, key.address, o.netuid, w.uids, w.values, o.salt, await versionKey(api, o.netuid, o.versionKey));
      await send(api, api.tx.subtensorModule.commitWeights(o.netuid, hash), key, { netuid: o.netuid });
      process.stdout.write(`${c.green('✔')} committed ${hash} on subnet ${o.netuid}; reveal with \`subtensor-ts weights reveal --netuid ${o.netuid} --uids ${o.uids.join(',')} --weights ${o.weights.join(',')} --salt ${o.salt.join(',')}\`\n`);
    }));
  weightsCmd(cmd, 'reveal', 'reveal committed weights (reveal_weights)')
    .requiredOption('--salt <list>', 'the salt given to `weights commit`', list('--salt'))
    .action(async o => withApi(o.ws, async api => {
      const w = toU16Weights(o.uids, o.weights);
      await send(api, api.tx.subtensorModule.revealWeights(o.netuid, w.uids, w.values, o.salt, await versionKey(api, o.netuid, o.versionKey)), await signer(o, 'hotkey'), { netuid: o.netuid });
      process.stdout.write(`${c.green('✔')} weights revealed on subnet ${o.netuid}\n`);
    }));
  return cmd;
}
