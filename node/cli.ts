// The `subtensor-ts` command: `dev` (one local chain, configurable block production and storage) and `localnet`
// (a drop-in for subtensor's scripts/localnet.sh: ws on 9944 and 9945, fast or 12 s blocks, `Imported #N` lines).
import os from 'node:os';
import { Command, InvalidArgumentError, Option } from 'commander';
import { startNode, defaultRuntime, NODE_INFO, type NodeHandle, type NodeOptions, type LogLevel } from './index.ts';
import { buildChainSpec, ChainSpecError } from './chain_spec.ts';
import { devKey, DEV_ACCOUNTS } from './keys.ts';
import { DEFAULT_STATE_HISTORY, type Finality } from './chain.ts';
import type { RpcMethodsMode } from './rpc/access.ts';
import { parseDrandMode, type DrandMode } from './drand.ts';

const startedAt = performance.now();
// One validation worker when there is a spare core: signature checks of incoming transactions run beside block
// building (about 2× the throughput of main-thread validation in bench/node.ts).
const defaultWorkers = os.availableParallelism() > 1 ? 1 : 0;

const intArg = (name: string, min: number) => (v: string) => {
  if (!/^\d+$/.test(v) || Number(v) < min) throw new InvalidArgumentError(`${name} must be an integer ≥ ${min}`);
  return Number(v);
};
/** `ws://host:port[@block]`: the block is a hash, or a number resolved against the upstream at start. */
const forkArg = (v: string): { url: string; at?: string } => {
  const m = /^(wss?:\/\/[^@\s]+)(?:@(0x[0-9a-fA-F]{64}|\d+))?$/.exec(v.trim());
  if (!m) throw new InvalidArgumentError(`--fork expects ws(s)://host:port[@block hash or number], got "${v}"`);
  return { url: m[1], at: m[2] };
};

const drandArg = (v: string): DrandMode => {
  try { return parseDrandMode(v); } catch (e) { throw new InvalidArgumentError((e as Error).message); }
};
const drandLabel = (m: DrandMode) => m.kind === 'http' ? m.endpoints.join(', ') : m.kind === 'dev' ? 'dev beacon (built-in key, 3 s rounds)' : 'off';
const DRAND_HELP = 'drand pulse source: dev (built-in beacon), quicknet (public drand HTTP endpoints), http(s) URLs, or off';
const finalityArg = (v: string): Finality => {
  if (v === 'instant') return 'instant';
  if (/^\d+$/.test(v)) return Number(v);
  throw new InvalidArgumentError('finality must be "instant" or a number of blocks');
};

/** Substrate's `--state-pruning`: a number of blocks (at least 16, as the finality lag and rewinds need some) or
 *  `archive` (archive-canonical means the same on a chain without forks). */
const statePruningArg = (v: string): number | 'archive' => {
  if (v === 'archive' || v === 'archive-canonical') return 'archive';
  if (/^\d+$/.test(v) && Number(v) >= 16 && Number(v) <= 2 ** 32) return Number(v);
  throw new InvalidArgumentError('--state-pruning expects a number of blocks (16 or more) or "archive"');
};

/** Substrate's RPC server flags, shared by `dev` and `localnet`. */
function withRpcFlags(cmd: Command): Command {
  return cmd
    .addOption(new Option('--rpc-methods <mode>', 'RPC methods to expose: auto = unsafe on loopback, safe otherwise').choices(['auto', 'safe', 'unsafe']).default('auto'))
    .option('--rpc-external', 'listen on all interfaces (unsafe methods refused unless --rpc-methods unsafe)')
    .option('--unsafe-rpc-external', 'listen on all interfaces with every method, dev_* included, open to anyone who can reach the port')
    .option('--rpc-cors <origins>', 'browser origins allowed to call unsafe methods: comma-separated, or "all" (default: localhost and polkadot.js apps)')
    .option('--rpc-max-request-size <MiB>', 'largest request', intArg('max request size', 1), 15)
    .option('--rpc-max-response-size <MiB>', 'largest response', intArg('max response size', 1), 15)
    .option('--rpc-max-connections <n>', 'open websocket connections', intArg('max connections', 1), 100)
    .option('--rpc-max-subscriptions-per-connection <n>', 'subscriptions per connection', intArg('max subscriptions', 1), 1024)
    .option('--rpc-max-batch-request-len <n>', 'calls per batch (default unlimited)', intArg('max batch length', 1));
}

function rpcOptions(o: any): Pick<NodeOptions, 'host' | 'rpcMethods' | 'rpcCors' | 'rpcLimits'> {
  const external = o.rpcExternal || o.unsafeRpcExternal;
  let rpcMethods = o.rpcMethods as RpcMethodsMode;
  if (o.unsafeRpcExternal && rpcMethods === 'auto') rpcMethods = 'unsafe';
  if (o.rpcExternal && !o.unsafeRpcExternal && rpcMethods === 'unsafe') {
    process.stderr.write('error: --rpc-external with --rpc-methods unsafe exposes every method; pass --unsafe-rpc-external to confirm\n');
    process.exit(1);
  }
  if (external) {
    process.stderr.write('warning: the RPC server listens on all interfaces. Not all RPC methods are safe to be exposed publicly; '
      + 'use an RPC proxy server to filter out dangerous methods.\n');
  }
  const cors: string | undefined = o.rpcCors;
  return {
    host: external ? '0.0.0.0' : o.host,
    rpcMethods,
    rpcCors: cors === undefined ? undefined : cors === 'all' ? 'all' : cors.split(',').map(s => s.trim()).filter(Boolean),
    rpcLimits: {
      maxRequestBytes: o.rpcMaxRequestSize * 1024 * 1024,
      maxResponseBytes: o.rpcMaxResponseSize * 1024 * 1024,
      maxConnections: o.rpcMaxConnections,
      maxSubscriptionsPerConnection: o.rpcMaxSubscriptionsPerConnection,
      maxBatchLen: o.rpcMaxBatchRequestLen ?? Infinity,
    },
  };
}

function banner(node: NodeHandle, mode: string, drand: DrandMode, out: (s: string) => void): void {
  out(`subtensor-ts ${node.chain.version.specName} spec ${node.chain.version.specVersion} — chain "Bittensor" (Development)`);
  for (const u of node.urls) out(`  RPC:      ${u}  (HTTP POST: ${u.replace('ws://', 'http://')})`);
  out(`  Blocks:   ${mode}, block time ${node.chain.blockTimeMs} ms, finality ${node.chain.finality === 'instant' ? 'instant' : `${node.chain.finality} blocks behind`}`);
  out(`  Database: ${node.dbDir}`);
  out(`  Drand:    ${drandLabel(drand)}`);
  out(`  Genesis:  ${node.chain.genesisHash}; head #${node.chain.head.number} (${node.chain.head.hash})`);
  out('  Dev accounts (sr25519, from the dev phrase):');
  for (const uri of DEV_ACCOUNTS) out(`    ${uri.padEnd(10)} ${devKey(uri).address}`);
  out(`  Ready in ${Math.round(performance.now() - startedAt)} ms`);
}

async function run(opts: NodeOptions, modeLabel: string): Promise<void> {
  const stdout = (s: string) => process.stdout.write(s + '\n');
  let node: NodeHandle;
  try {
    node = await startNode(opts);
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    process.exit(1);
  }
  banner(node, modeLabel, opts.drand ?? { kind: 'off' }, stdout);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    // Long work (dev_newBlock runs, large batches) yields between blocks and calls, so this runs within about a
    // block's time. Every block is committed whole and synchronously, so the database is consistent between any two
    // turns of the event loop: if closing takes longer than a second, exiting is safe.
    setTimeout(() => process.exit(0), 1000);
    await node.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

const program = new Command()
  .name('subtensor-ts')
  .description('The Bittensor chain (subtensor) in TypeScript: a local dev chain that starts in under a second')
  .addHelpText('after', '\nClient commands (btcli-style, against any endpoint with --ws): wallet, subnets, stake, weights, metagraph, epoch.\nRun `subtensor-ts <command> --help` for each.');

withRpcFlags(program.command('dev'))
  .description('run a local development chain')
  .option('--port <port>', 'ws + HTTP JSON-RPC port', intArg('port', 0), 9944)
  .option('--host <host>', 'interface to listen on', '127.0.0.1')
  .addOption(new Option('--block-time <ms>', 'block time (Aura slot duration) in ms').argParser(intArg('block time', 1)).default(250))
  .addOption(new Option('--instant', 'build a block as soon as a transaction is ready').conflicts(['manual']))
  .addOption(new Option('--manual', 'build blocks only on dev_newBlock').conflicts(['instant']))
  .addOption(new Option('--db <dir>', 'database directory').default('.data').conflicts(['tmp']))
  .option('--tmp', 'use a throwaway database')
  .option('--finality <instant|n>', 'finalize instantly or n blocks behind the head', finalityArg, 'instant' as Finality)
  .addOption(new Option('--log-level <level>', 'log level').choices(['silent', 'error', 'warn', 'info', 'debug']).default('info'))
  .option('--validation-workers <n>', 'worker threads validating submitted transactions (0 = main thread)', intArg('validation workers', 0), defaultWorkers)
  .option('--drand <source>', DRAND_HELP + ' (default dev; off with --chain)', drandArg, { kind: 'dev' } as DrandMode)
  .option('--chain <file>', 'start from this chain spec (raw, or a plain one from build-spec; JSON or .gz): its genesis, name and properties')
  .option('--fork <ws-url[@block]>', 'fork a live node: its state at that block hash or number (default its finalized head), read lazily and cached in --db')
  .option('--deterministic', 'reproducible block hashes: deterministic seals and MEV Shield keys, timestamps from the block time (no wall clock)')
  .option('--state-pruning <n|archive>', 'keep the state of the last n blocks (queries, dev_setHead) or of all (archive); dev snapshots keep theirs', statePruningArg, DEFAULT_STATE_HISTORY as number | 'archive')
  .action(async (o, cmd: Command) => {
    const mode = o.instant ? 'instant' : o.manual ? 'manual' : 'interval';
    // Another chain's genesis has its own Drand.BeaconConfig: the dev beacon's pulses would not verify there.
    const drand: DrandMode = o.chain && cmd.getOptionValueSource('drand') === 'default' ? { kind: 'off' } : o.drand;
    await run({
      port: o.port, blockTimeMs: o.blockTime, mode, db: o.db, tmp: !!o.tmp, finality: o.finality, chainSpec: o.chain,
      deterministic: !!o.deterministic, fork: o.fork ? forkArg(o.fork) : undefined, statePruning: o.statePruning,
      logLevel: o.logLevel as LogLevel, validationWorkers: o.validationWorkers, drand, ...rpcOptions(o),
    }, mode);
  });

program.command('build-spec')
  .description("write the chain spec of the localnet genesis to stdout, as Substrate's build-spec does; `dev --chain <file>` starts from it")
  .option('--raw', 'the genesis as raw storage (what reproduces the genesis hash exactly)')
  .option('--chain <file>', 'convert this spec instead (a plain spec of this node to raw)')
  .addOption(new Option('--block-time <ms>', 'block time of the runtime that builds the genesis (as `dev --block-time`)').argParser(intArg('block time', 1)).default(250))
  .addOption(new Option('--drand <beacon>', "whose key Drand.BeaconConfig holds at genesis: dev (as `dev`) or quicknet (as `localnet`)").choices(['dev', 'quicknet']).default('dev'))
  .action(async o => {
    try {
      const spec = await buildChainSpec(await defaultRuntime(o.blockTime), NODE_INFO, { raw: !!o.raw, drandBeacon: o.drand, from: o.chain });
      process.stdout.write(JSON.stringify(spec, null, 2) + '\n');
    } catch (e) {
      if (!(e instanceof ChainSpecError)) throw e;
      process.stderr.write(`error: ${e.message}\n`);
      process.exit(1);
    }
  });

withRpcFlags(program.command('localnet'))
  .description("drop-in for subtensor's scripts/localnet.sh: ws on 9944 and 9945, a fresh chain, `Imported #N` lines")
  .argument('[fastBlocks]', 'True = 250 ms blocks (fast-runtime), False = 12 s blocks', 'True')
  .option('--host <host>', 'interface to listen on', '127.0.0.1')
  .option('--db <dir>', 'keep the chain in this directory instead of a throwaway one')
  .option('--ports <list>', 'comma-separated RPC ports (when 9944/9945 are taken)', (v: string) => v.split(',').map(intArg('port', 0)), [9944, 9945])
  .option('--drand <source>', DRAND_HELP, drandArg, parseDrandMode('quicknet'))
  .option('--state-pruning <n|archive>', 'keep the state of the last n blocks or of all (archive)', statePruningArg, DEFAULT_STATE_HISTORY as number | 'archive')
  .action(async (fast: string, o) => {
    if (!/^(true|false)$/i.test(fast)) throw new InvalidArgumentError('fastBlocks must be True or False');
    const blockTimeMs = /^true$/i.test(fast) ? 250 : 12_000;
    await run({
      port: o.ports[0], extraPorts: o.ports.slice(1), blockTimeMs, mode: 'interval', db: o.db, tmp: !o.db, ...rpcOptions(o),
      finality: 'instant', logLevel: 'info', logImported: true, logSink: l => process.stdout.write(l + '\n'), validationWorkers: defaultWorkers,
      drand: o.drand, statePruning: o.statePruning,
    }, `interval (${blockTimeMs === 250 ? 'fast blocks' : 'production block time'})`);
  });

await program.parseAsync(process.argv);
