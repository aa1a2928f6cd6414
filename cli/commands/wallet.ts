// wallet create | list | balance | transfer (btcli's `wallet`), on btcli-format wallets (neurons/wallet).
import { Command, InvalidArgumentError } from 'commander';
import { address, coldkeyAddress, send, signer, withApi } from '../chain.ts';
import { allSubnets, freeBalance, stakesOf } from '../../client/reads.ts';
import { Wallet } from '../../neurons/wallet/index.ts';
import { askHidden, walletOf } from '../wallet_keys.ts';
import { c, emit, parseTao, table, tao, UsageError } from '../ui.ts';
import { common, dest, keys } from '../options.ts';

const words = (v: string) => {
  if (!['12', '15', '18', '21', '24'].includes(v)) throw new InvalidArgumentError('--n-words must be 12, 15, 18, 21 or 24');
  return Number(v) as 12 | 15 | 18 | 21 | 24;
};

export function walletCommand(): Command {
  const cmd = new Command('wallet').alias('w').description('wallets (btcli format, ~/.bittensor/wallets): create, list, balance, transfer');

  cmd.command('create').description('create a wallet: a coldkey and a hotkey, each only if missing (mnemonics are printed once)')
    .option('--wallet-name <name>', 'wallet name', 'default')
    .option('--wallet-path <path>', 'wallets directory', '~/.bittensor/wallets')
    .option('--hotkey <name>', 'hotkey name', 'default')
    .option('--n-words <n>', 'mnemonic length', words, 12)
    .option('--no-use-password', 'store the coldkey unencrypted (dev chains only)')
    .option('--overwrite', 'replace existing keys')
    .action(async o => {
      const w = walletOf({ walletName: o.walletName, walletPath: o.walletPath, hotkey: o.hotkey });
      let password: string | undefined;
      if (o.usePassword && (!w.coldkeypubFile.exists() || o.overwrite)) {
        password = process.env[`BT_COLD_PW_${w.name.toUpperCase().replace(/-/g, '_')}`];
        if (password === undefined) {
          if (!process.stdin.isTTY) throw new UsageError(`a coldkey password is needed: set BT_COLD_PW_${w.name.toUpperCase().replace(/-/g, '_')}, run in a terminal, or pass --no-use-password`);
          password = await askHidden('Coldkey password: ');
          if ((await askHidden('Retype: ')) !== password) throw new UsageError('the passwords differ');
        }
      }
      process.stderr.write(password ? 'sealing the coldkey (argon2, this takes a while)…\n' : '');
      const made = await w.create({ words: o.nWords, password, overwrite: !!o.overwrite });
      if (made.coldkey) process.stdout.write(`${c.green('✔')} coldkey ${w.coldkeypub().ss58Address} — mnemonic (keep it secret, it is shown once):\n  ${made.coldkey}\n`);
      else process.stdout.write(`coldkey exists: ${w.coldkeypub().ss58Address}\n`);
      if (made.hotkey) process.stdout.write(`${c.green('✔')} hotkey ${w.hotkeyName} ${w.hotkeyAddress()} — mnemonic:\n  ${made.hotkey}\n`);
      else process.stdout.write(`hotkey ${w.hotkeyName} exists: ${w.hotkeyAddress()}\n`);
    });

  cmd.command('list').description('every wallet with its coldkey and hotkeys (public addresses only)')
    .option('--wallet-path <path>', 'wallets directory', '~/.bittensor/wallets')
    .option('--json', 'print JSON')
    .action(o => {
      const list = Wallet.list(o.walletPath);
      emit(o.json, list, () => list.length === 0 ? `no wallets in ${o.walletPath}: create one with \`subtensor-ts wallet create\`` :
        ['Wallets', ...list.flatMap((w, i) => {
          const last = i === list.length - 1;
          return [`${last ? '└──' : '├──'} Coldkey ${c.bold(w.name)}  ss58_address ${w.coldkeypub ?? '?'}`,
            ...w.hotkeys.map((h, j) => `${last ? '    ' : '│   '}${j === w.hotkeys.length - 1 ? '└──' : '├──'} Hotkey ${h.name}  ss58_address ${h.ss58 ?? '?'}`)];
        })].join('\n'));
    });

  keys(common(cmd.command('balance').description('free, staked and total balance of coldkeys'), true), false)
    .option('--ss58 <address...>', 'coldkey addresses (instead of a wallet)')
    .option('--all', 'every wallet in --wallet-path')
    .action(async o => withApi(o.ws, async api => {
      const who: { name: string; coldkey: string }[] = o.ss58 ? o.ss58.map((a: string) => ({ name: '', coldkey: address(a, '--ss58') }))
        : o.all ? Wallet.list(o.walletPath).filter(w => w.coldkeypub).map(w => ({ name: w.name, coldkey: w.coldkeypub! }))
        : [{ name: o.walletName ?? '', coldkey: await coldkeyAddress(o) }];
      const price = new Map((await allSubnets(api)).map(s => [s.netuid, s.price]));
      const rows = await Promise.all(who.map(async w => {
        const [free, stakes] = await Promise.all([freeBalance(api, w.coldkey), stakesOf(api, w.coldkey)]);
        // Staked value as btcli shows it: alpha × pool price (τ_in/α_in), summed over subnets, in rao.
        const staked = stakes.reduce((a, s) => a + BigInt(Math.floor(Number(s.stake) * (price.get(s.netuid) ?? 1))), 0n);
        return { ...w, free, staked, total: free + staked };
      }));
      emit(o.json, rows, () => table(['Wallet Name', 'Coldkey Address', 'Free Balance', 'Staked Value', 'Total Balance'],
        rows.map(r => [r.name, r.coldkey, `τ ${tao(r.free)}`, `τ ${tao(r.staked)}`, `τ ${tao(r.total)}`]), 'Wallet Coldkey Balance'));
    }));

  dest(keys(common(cmd.command('transfer').description('send TAO from the coldkey (transfer_keep_alive)'), false), false))
    
    .requiredOption('--amount <tao>', 'TAO to send')
    .action(async o => withApi(o.ws, async api => {
      const to = address(o.dest, '--dest');
      const amount = parseTao(o.amount, '--amount');
      await send(api, api.tx.balances.transferKeepAlive(to, amount), await signer(o, 'coldkey'));
      process.stdout.write(`${c.green('✔')} sent τ ${tao(amount)} to ${to}\n`);
    }));
  return cmd;
}
