// startNode(): the whole light node in-process — runtime, chain, pool, block producer, LMDB and the JSON-RPC server —
// used by the CLI and by every end-to-end test (port 0 = random free port, tmp = throwaway database).
import { initCrypto } from '../runtime/crypto/hashing.ts';
import { Chain, type Finality, type Logger, type NodeRuntime } from './chain.ts';
import { ChainDb } from './db.ts';
import { TransactionPool, type PoolOptions } from './pool.ts';
import { BlockProducer, type BlockMode } from './producer.ts';
import { ValidationWorkers } from './validators.ts';
import { setSignatureVerifier, cachingVerifier } from '../runtime/crypto/verify.ts';
import { RpcRegistry, RpcServer, type RpcLimits, type GetRoute } from './rpc/server.ts';
import { accessPolicy, DEFAULT_CORS, resolveRpcMethods, isLoopback, type RpcMethodsMode } from './rpc/access.ts';
import type { NodeInfo, RpcContext } from './rpc/context.ts';
import { registerSystem } from './rpc/system.ts';
import { registerChain } from './rpc/chain.ts';
import { registerState } from './rpc/state.ts';
import { registerAuthor } from './rpc/author.ts';
import { registerPayment } from './rpc/payment.ts';
import { registerRpc } from './rpc/rpc.ts';
import { registerDev } from './rpc/dev.ts';
import { registerSubtensor } from './rpc/subtensor.ts';
import { registerChainHead } from './rpc/chain_head.ts';
import { registerChainSpec } from './rpc/chain_spec.ts';
import { registerTransaction } from './rpc/transaction.ts';
import { registerArchive } from './rpc/archive.ts';
import { DrandWorker, devBeaconConfig, type DrandMode } from './drand.ts';
import { Upstream } from './fork/upstream.ts';
import { createExplorer, type Explorer } from './explorer/server.ts';
import { readChainSpec, genesisConfigOfPlain } from './chain_spec.ts';

export type LogLevel = 'silent' | 'error' | 'warn' | 'info' | 'debug';

export interface NodeOptions {
  /** ws + HTTP port (0 = random free port). Default 9944. */
  port?: number;
  /** More ports serving the same chain (localnet: 9945). */
  extraPorts?: number[];
  host?: string;
  /** Block time in ms (Aura slot duration). Default 250. */
  blockTimeMs?: number;
  mode?: BlockMode;
  finality?: Finality;
  /** Database directory (default ./.data); ignored with tmp. */
  db?: string;
  tmp?: boolean;
  logLevel?: LogLevel;
  /** Where log lines go (default stderr). */
  logSink?: (line: string) => void;
  /** Print a substrate-style `Imported #N (0x…)` line per block (localnet). */
  logImported?: boolean;
  /** Use this runtime instead of createRuntime() from runtime/index.ts. */
  runtime?: NodeRuntime;
  genesisConfig?: unknown;
  /** --chain: a chain spec file (raw, or a plain spec of this node; JSON or gzip): its genesis, name and properties
   *  replace the localnet's. A raw genesis whose storage layout is not this runtime's is served read-only. */
  chainSpec?: string;
  pool?: PoolOptions;
  /** Worker threads validating submitted transactions (0 = on the main thread). Needs the default runtime. */
  validationWorkers?: number;
  /** drand pulse source (the Drand offchain worker's job): off (default here), the dev beacon, or HTTP endpoints.
   *  `dev` also puts the dev beacon's key into Drand.BeaconConfig at genesis. */
  drand?: DrandMode;
  /** Reproducible block hashes for the same inputs (--deterministic): see ChainOptions.deterministic; the dev drand
   *  beacon then reads its time from the chain's timestamp instead of the wall clock. */
  deterministic?: boolean;
  /** Fork a live node (`--fork <ws-url>[@block]`): its state at that block (default its finalized head) under this
   *  chain, read lazily and cached in the database. Transactions are then validated on the main thread. */
  fork?: { url: string; at?: string };
  /** `--state-pruning`: blocks back whose state stays queryable (default 4096), or 'archive' to keep all. */
  statePruning?: number | 'archive';
  /** Block hashes kept in memory (older ones are read from the database); for tests. */
  recentHashes?: number;
  /** Extra RPC methods (e.g. dev hooks from subtensor helpers). */
  extendRpc?: (ctx: RpcContext) => void;
  /** --rpc-methods (default auto: unsafe on loopback, safe elsewhere). */
  rpcMethods?: RpcMethodsMode;
  /** --rpc-cors: allowed browser origins or 'all' (default: localhost origins and polkadot.js apps). */
  rpcCors?: string[] | 'all';
  /** --rpc-max-* limits (Substrate's defaults otherwise). */
  rpcLimits?: Partial<RpcLimits>;
  /** GET handlers on the RPC port (e.g. a page at /), tried before /health. */
  getRoutes?: GetRoute[];
}

export interface NodeHandle {
  /** ws://host:port of the first port. */
  url: string;
  urls: string[];
  httpUrl: string;
  port: number;
  ports: number[];
  chain: Chain;
  pool: TransactionPool;
  producer: BlockProducer;
  registry: RpcRegistry;
  /** The drand pulse worker, when `drand` is not off. */
  drand: DrandWorker | null;
  dbDir: string;
  /** Builds `count` blocks now (any mode); resolves with the new head hash. */
  newBlock(count?: number): string;
  stop(): Promise<void>;
}

const LEVELS: Record<LogLevel, number> = { silent: 0, error: 1, warn: 2, info: 3, debug: 4 };

export function makeLogger(level: LogLevel, sink: (line: string) => void): Logger & { error(msg: string): void } {
  const lv = LEVELS[level];
  const at = (n: number, tag: string) => (msg: string) => { if (lv >= n) sink(`${new Date().toISOString()} ${tag} ${msg}`); };
  return { error: at(1, 'ERROR'), warn: at(2, 'WARN '), info: at(3, 'INFO '), debug: at(4, 'DEBUG') };
}

export const NODE_INFO: NodeInfo = {
  name: 'subtensor-ts',
  version: '0.1.0',
  chainName: 'Bittensor',
  chainType: 'Development',
  properties: { ss58Format: 42, tokenDecimals: 9, tokenSymbol: 'TAO' },
};

/** The genesis configuration of a node with this drand source (the dev beacon's key goes into Drand.BeaconConfig). */
export function nodeGenesisConfig(drand: DrandMode, extra?: unknown): unknown {
  return drand.kind === 'dev' ? { drandBeaconConfig: devBeaconConfig(), ...(extra as object | undefined) } : extra;
}

export async function defaultRuntime(blockTimeMs: number): Promise<NodeRuntime> {
  const mod = await import('../runtime/index.ts');
  return mod.createRuntime({ slotDurationMs: blockTimeMs, fastRuntime: blockTimeMs < 12_000 }) as NodeRuntime;
}

export async function startNode(opts: NodeOptions = {}): Promise<NodeHandle> {
  await initCrypto();
  const host = opts.host ?? '127.0.0.1';
  const blockTimeMs = opts.blockTimeMs ?? 250;
  if (!Number.isInteger(blockTimeMs) || blockTimeMs < 1) throw new Error(`block time must be a positive integer (ms), got ${blockTimeMs}`);
  const log = makeLogger(opts.logLevel ?? 'info', opts.logSink ?? (l => process.stderr.write(l + '\n')));
  const runtime = opts.runtime ?? await defaultRuntime(blockTimeMs);

  const drandMode = opts.drand ?? { kind: 'off' };
  if (opts.fork && opts.chainSpec !== undefined) throw new Error('--fork and --chain exclude each other: a fork takes its genesis from the upstream node');
  const spec = opts.chainSpec === undefined ? null : readChainSpec(opts.chainSpec);
  const info: NodeInfo = spec ? { ...NODE_INFO, chainName: spec.name, chainType: spec.chainType, properties: spec.properties } : NODE_INFO;
  const genesisState = spec?.genesis.kind === 'raw' ? spec.genesis.state : undefined;
  const genesisConfig = spec?.genesis.kind === 'plain' ? genesisConfigOfPlain(spec.genesis.config) : nodeGenesisConfig(drandMode, opts.genesisConfig);
  // A raw genesis written by another runtime version: readable, but this runtime would misread it.
  const layoutProblems = genesisState ? runtime.storageLayoutProblems?.(genesisState) ?? [] : [];
  const db = ChainDb.open({ dir: opts.db, tmp: opts.tmp });
  const upstream = opts.fork ? new Upstream(opts.fork.url) : null;
  let chain: Chain;
  try {
    chain = Chain.create({
      runtime, db, blockTimeMs, finality: opts.finality ?? 'instant', log, genesisConfig, genesisState, deterministic: opts.deterministic, statePruning: opts.statePruning, recentHashes: opts.recentHashes,
      fork: upstream ? { upstream, at: opts.fork!.at } : undefined,
    });
  } catch (e) {
    await upstream?.close();
    await db.close();
    throw e;
  }
  if (layoutProblems.length > 0) {
    chain.blockRefusal = `The chain spec's storage does not have spec ${chain.version.specVersion}'s layout, so this runtime cannot build `
      + `blocks on it (its state stays readable over RPC): ${layoutProblems.join('; ')}`;
    log.warn(chain.blockRefusal);
  }
  // Watchers hear `finalized` one block time after `inBlock` when finality is instant (see PoolOptions).
  const pool = new TransactionPool(chain, log, { finalizedNotifyDelayMs: Math.min(blockTimeMs, 1000), ...opts.pool });
  const producer = new BlockProducer(chain, pool, log, chain.blockRefusal !== null ? 'manual' : opts.mode ?? 'interval');
  const drand = drandMode.kind === 'off' ? null
    : new DrandWorker(chain, pool, log, drandMode, opts.deterministic ? () => chain.headTimestampMs() : undefined);
  // A worker validates against a full copy of the state, which a fork does not hold: forks validate here.
  const workers = (opts.validationWorkers ?? 0) > 0 && !opts.runtime && !upstream
    ? new ValidationWorkers(chain, opts.validationWorkers!, { slotDurationMs: blockTimeMs, fastRuntime: blockTimeMs < 12_000 }, log)
    : null;
  pool.workers = workers;
  // The signature host function: answers from what the validation workers verified, else verifies in this thread.
  if (workers) setSignatureVerifier(cachingVerifier(workers.verified));
  if (opts.logImported) {
    chain.onBlock(b => log.info(`Imported #${b.block.number} (${b.block.hash})`));
  }

  const registry = new RpcRegistry();
  const ctx: RpcContext = { chain, pool, producer, registry, info, log };
  registerRpc(ctx);
  registerSystem(ctx);
  registerChain(ctx);
  registerState(ctx);
  registerAuthor(ctx);
  registerPayment(ctx);
  registerDev(ctx);
  registerSubtensor(ctx);
  registerChainHead(ctx);
  registerChainSpec(ctx);
  registerTransaction(ctx);
  registerArchive(ctx);
  opts.extendRpc?.(ctx);

  const methodsMode = resolveRpcMethods(opts.rpcMethods ?? 'auto', host);
  if (!isLoopback(host)) {
    log.warn(`RPC listens on ${host}, beyond this machine (rpc methods: ${methodsMode}).`
      + (methodsMode === 'unsafe' ? ' Every method, dev_* included, is open to anyone who can reach it.' : ' Unsafe methods (dev_*, author_insertKey, …) are refused.'));
  }
  const access = accessPolicy({ methods: opts.rpcMethods ?? 'auto', cors: opts.rpcCors ?? DEFAULT_CORS, listenHost: host });
  const servers: RpcServer[] = [];
  // The explorer page (GET /) reads the chain through the first port, known once it listens.
  let explorer: Explorer | null = null;
  const httpGet = (req: Parameters<Explorer['handle']>[0], res: Parameters<Explorer['handle']>[1]) => explorer?.handle(req, res) ?? false;
  try {
    for (const port of [opts.port ?? 9944, ...(opts.extraPorts ?? [])]) {
      // The explorer's page and data routes come before the node's own GET routes (health).
      servers.push(await RpcServer.listen({ host, port, registry, access, limits: opts.rpcLimits, getRoutes: [httpGet, ...(opts.getRoutes ?? [])], onLog: m => log.warn(m) }));
    }
  } catch (e) {
    for (const s of servers) await s.close();
    drand?.stop();
    await workers?.close();
    await db.close();
    throw e;
  }
  producer.start();

  const ports = servers.map(s => s.port);
  const hostForUrl = host.includes(':') ? `[${host}]` : host;
  const loopback = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : hostForUrl;
  explorer = createExplorer(`ws://${loopback}:${ports[0]}`);
  let stopped = false;
  return {
    url: `ws://${hostForUrl}:${ports[0]}`,
    urls: ports.map(p => `ws://${hostForUrl}:${p}`),
    httpUrl: `http://${hostForUrl}:${ports[0]}`,
    port: ports[0],
    ports,
    chain, pool, producer, registry, drand,
    dbDir: db.dir,
    newBlock(count = 1) { producer.newBlocks(count); return chain.head.hash; },
    async stop() {
      if (stopped) return;
      stopped = true;
      await explorer?.close();
      producer.stop();
      drand?.stop();
      pool.close();
      await workers?.close();
      if (workers) setSignatureVerifier(null);
      for (const s of servers) await s.close();
      await upstream?.close();
      await db.close();
    },
  };
}

/** For @polkadot/api's `signedExtensions` option: subtensor's payload-free transaction extensions, which
 *  @polkadot/api does not know (without them it warns and treats them as no-effect, which is what they are). */
export const POLKADOT_JS_SIGNED_EXTENSIONS: Record<string, { extrinsic: Record<string, string>; payload: Record<string, string> }> = Object.fromEntries(
  ['SudoTransactionExtension', 'CheckShieldedTxValidity', 'SubtensorTransactionExtension', 'DrandPriority']
    .map(name => [name, { extrinsic: {}, payload: {} }]),
);

export type { RpcContext } from './rpc/context.ts';
export type { BlockMode } from './producer.ts';
export type { Finality, NodeRuntime } from './chain.ts';
