// `subtensor-ts demo | miner | validator | client`: the Proof-of-Intelligence neurons from the command line.
// bin/subtensor-ts.js routes these subcommands here (they run from the TypeScript sources: the demo forks neuron
// processes and loads onnxruntime-node, neither of which belongs in the node's bundle).
import { Command, InvalidArgumentError } from 'commander';
import pc from 'picocolors';
import { Wallet, cryptoReady } from './wallet/index.ts';
import { connect } from './chain.ts';
import { runDemo } from './demo.ts';
import { startMiner } from './miner/index.ts';
import { Validator } from './validator/index.ts';
import { queryTopMiner } from './client.ts';
import { heldOut } from './data/digits.ts';

const intArg = (name: string, min: number) => (v: string) => {
  if (!/^\d+$/.test(v) || Number(v) < min) throw new InvalidArgumentError(`${name} must be an integer ≥ ${min}`);
  return Number(v);
};

const program = new Command('subtensor-ts').description('Proof of Intelligence neurons: miners serve ONNX models, validators score them, Yuma consensus pays');

const withWallet = (c: Command) => c
  .option('--ws <url>', 'chain endpoint', 'ws://127.0.0.1:9944')
  .requiredOption('--netuid <n>', 'subnet', intArg('netuid', 1))
  .option('--wallet-name <name>', 'btcli wallet name', process.env.BT_WALLET_NAME ?? 'default')
  .option('--wallet-hotkey <name>', 'hotkey of the wallet', process.env.BT_WALLET_HOTKEY ?? 'default')
  .option('--wallet-path <dir>', 'wallets directory', process.env.BT_WALLET_PATH ?? '~/.bittensor/wallets');

async function hotkeyOf(o: { walletName: string; walletHotkey: string; walletPath: string }) {
  await cryptoReady();
  return new Wallet({ name: o.walletName, hotkey: o.walletHotkey, path: o.walletPath }).hotkey();
}

program.command('demo')
  .description('dev chain + subnet + N ONNX miners + validators as separate processes; K epochs with a table each')
  .option('--ws <url>', 'use this chain instead of starting one (needs //Alice as sudo, e.g. a subtensor-ts or localnet chain)')
  .option('--miners <n>', 'miners (models cycle through mlp, linear, top-rows)', intArg('miners', 1), 3)
  .option('--validators <n>', 'validators', intArg('validators', 1), 1)
  .option('--epochs <n>', 'epochs to run', intArg('epochs', 1), 6)
  .option('--offline-at <n>', 'epoch at which the second miner is stopped (0: never)', intArg('offline-at', 0))
  .option('--tasks <n>', 'tasks per validator round', intArg('tasks', 1), 32)
  .action(async o => {
    const t = performance.now();
    await runDemo({ ws: o.ws, miners: o.miners, validators: o.validators, epochs: o.epochs, offlineAt: o.offlineAt === 0 ? null : o.offlineAt, tasksPerRound: o.tasks });
    console.log(pc.dim(`done in ${((performance.now() - t) / 1000).toFixed(1)} s`));
    process.exit(0);
  });

withWallet(program.command('miner'))
  .description('serve an ONNX classifier (features [N, F] float → label [N]) as the Classify synapse and serve_axon it')
  .option('--model <name|file>', 'mlp, linear, top-rows, or a path to your .onnx', 'mlp')
  .option('--port <n>', 'axon port', intArg('port', 0), 8091)
  .option('--external-ip <ip>', 'IP published on chain (not 127.0.0.1, which subtensor refuses)', '127.0.0.2')
  .option('--bind <ip>', 'interface to listen on', '0.0.0.0')
  .action(async o => {
    const hotkey = await hotkeyOf(o);
    const api = await connect(o.ws);
    const m = await startMiner({ api, hotkey, netuid: o.netuid, model: o.model, port: o.port, bindIp: o.bind, externalIp: o.externalIp });
    console.log(`miner uid ${m.uid} (${m.model.name}) serving on ${o.externalIp}:${m.axon.port} for subnet ${o.netuid}`);
  });

withWallet(program.command('validator'))
  .description('score the served miners on held-out digits every --interval seconds and set weights')
  .option('--interval <s>', 'seconds between rounds', intArg('interval', 1), 12)
  .option('--rounds <n>', 'stop after n rounds (0: run forever)', intArg('rounds', 0), 0)
  .option('--tasks <n>', 'tasks per round', intArg('tasks', 1), 32)
  .action(async o => {
    const hotkey = await hotkeyOf(o);
    const api = await connect(o.ws);
    const v = new Validator({ api, hotkey, netuid: o.netuid, tasksPerRound: o.tasks });
    for (let r = 1; o.rounds === 0 || r <= o.rounds; r++) {
      try {
        const rep = await v.round();
        console.log(`round ${rep.round} @${rep.block}: ` + rep.results.map(x => `uid ${x.uid} acc ${(x.accuracy * 100).toFixed(1)}% ${(x.latency * 1000).toFixed(0)} ms`).join(' | ') + (rep.committed ? ' (committed)' : ''));
      } catch (e) { console.error(`round ${r}: ${(e as Error).message}`); }
      if (o.rounds === 0 || r < o.rounds) await new Promise(res => setTimeout(res, o.interval * 1000));
    }
    await api.disconnect();
  });

withWallet(program.command('client'))
  .description('ask the metagraph for the top-incentive miner and classify held-out samples with it')
  .option('--samples <n>', 'samples to classify', intArg('samples', 1), 8)
  .action(async o => {
    const hotkey = await hotkeyOf(o);
    const api = await connect(o.ws);
    const s = heldOut(1000).slice(0, o.samples);
    const a = await queryTopMiner(api, o.netuid, hotkey, s.map(x => x.features));
    const right = a.predictions ? a.predictions.filter((p, i) => p === s[i].label).length : 0;
    console.log(`uid ${a.uid} (${a.model ?? '?'}, incentive ${a.incentive.toFixed(4)}): status ${a.status} ${a.message ?? ''}`);
    if (a.predictions) console.log(`predicted ${a.predictions.join(' ')}\nexpected  ${s.map(x => x.label).join(' ')}\n${right}/${s.length} right`);
    await api.disconnect();
  });

await program.parseAsync(process.argv);
// One-shot commands (client, validator --rounds n) are done here: exit now rather than after @polkadot/api's 1.75 s
// refCount delay following disconnect. A miner's axon server keeps it running (its action returns while serving).
if (['client', 'validator'].includes(program.args[0] ?? '')) process.exit(process.exitCode ?? 0);
