// stake add | remove | list (btcli's `stake`).
import { Command } from 'commander';
import { coldkeyAddress, hotkeyAddress, send, signer, withApi } from '../chain.ts';
import { allSubnets, stakesOf } from '../../client/reads.ts';
import { c, emit, parseTao, table, tao, UsageError } from '../ui.ts';
import { common, keys, netuidOpt } from '../options.ts';

export function stakeCommand(): Command {
  const cmd = new Command('stake').alias('st').description('stake: add, remove, list');

  keys(netuidOpt(common(cmd.command('add').description('stake TAO from the coldkey onto a hotkey on a subnet (add_stake)'), false)), true)
    .requiredOption('--amount <tao>', 'TAO to stake')
    .action(async o => withApi(o.ws, async api => {
      const amount = parseTao(o.amount, '--amount');
      const hotkey = await hotkeyAddress(o);
      await send(api, api.tx.subtensorModule.addStake(hotkey, o.netuid, amount), await signer(o, 'coldkey'), { netuid: o.netuid });
      process.stdout.write(`${c.green('✔')} staked τ ${tao(amount)} to ${hotkey} on subnet ${o.netuid}\n`);
    }));

  keys(netuidOpt(common(cmd.command('remove').description('unstake alpha from a hotkey on a subnet back to TAO (remove_stake)'), false)), true)
    .requiredOption('--amount <alpha>', 'alpha to unstake')
    .action(async o => withApi(o.ws, async api => {
      const amount = parseTao(o.amount, '--amount');
      const hotkey = await hotkeyAddress(o);
      await send(api, api.tx.subtensorModule.removeStake(hotkey, o.netuid, amount), await signer(o, 'coldkey'), { netuid: o.netuid });
      process.stdout.write(`${c.green('✔')} unstaked ${tao(amount)} α from ${hotkey} on subnet ${o.netuid}\n`);
    }));

  keys(common(cmd.command('list').description("a coldkey's stakes per subnet and hotkey (get_stake_info_for_coldkey)"), true), false)
    .option('--ss58 <ss58>', 'coldkey address (instead of a wallet)')
    .action(async o => withApi(o.ws, async api => {
      const coldkey = await coldkeyAddress(o);
      const [stakes, subnets] = await Promise.all([stakesOf(api, coldkey), allSubnets(api)]);
      const byNetuid = new Map(subnets.map(s => [s.netuid, s]));
      const rows = stakes.map(s => {
        const sn = byNetuid.get(s.netuid);
        const price = sn?.price ?? 1;
        return { ...s, symbol: sn?.symbol ?? '', price, value: BigInt(Math.floor(Number(s.stake) * price)) };
      });
      emit(o.json, { coldkey, stakes: rows }, () => table(
        ['Netuid', 'Hotkey', 'Value (α x τ/α)', 'Stake (α)', 'Price (τ_in/α_in)', 'Registered', 'Emission (α/block)'],
        rows.map(r => [r.netuid, r.hotkey, `τ ${tao(r.value)}`, `${tao(r.stake)} ${r.symbol}`, `${r.price.toFixed(4)} τ/${r.symbol}`, r.isRegistered ? 'YES' : 'NO', tao(r.emission)]),
        `Stakes of ${coldkey}`));
    }));
  return cmd;
}
