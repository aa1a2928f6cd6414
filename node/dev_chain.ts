// startDevChain(): a subtensor-ts chain for a test suite (vitest, jest, mocha), on a free loopback port, in this
// process or in a child process. Every control goes through the chain's JSON-RPC dev_* methods over HTTP, so both
// kinds behave the same and a test can connect any client to `url`.
//
//   import { startDevChain } from 'subtensor-ts';
//   const chain = await startDevChain();            // manual blocks, throwaway database
//   const api = await ApiPromise.create({ provider: new WsProvider(chain.url) });
//   await chain.newBlock();  await chain.runEpoch(1);  await chain.close();
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BlockMode } from './producer.ts';

export interface DevChainOptions {
  /** 'in-process' (default: fastest start, shares this process) or 'child-process' (isolated, own event loop). */
  process?: 'in-process' | 'child-process';
  /** Block production: 'manual' (default: blocks only on newBlock / runEpoch), 'instant' (a block per transaction)
   *  or 'interval' (every blockTimeMs). */
  mode?: Exclude<BlockMode, 'batch'>;
  /** Block time in ms (Aura slot duration, the timestamp step). Default 250. */
  blockTimeMs?: number;
  /** Loopback port; default 0 = a free one. */
  port?: number;
}

export interface DevChain {
  /** ws://127.0.0.1:<port> for @polkadot/api, polkadot-api, btcli. */
  url: string;
  /** http://127.0.0.1:<port> (JSON-RPC over HTTP POST; GET / is the explorer). */
  httpUrl: string;
  /** Any JSON-RPC method; throws with the node's error message and `code`. */
  rpc<T = any>(method: string, params?: unknown[]): Promise<T>;
  /** Builds `count` blocks (default 1), optionally including hex extrinsics first; resolves with the head hash. */
  newBlock(opts?: number | { count?: number; to?: number; transactions?: string[] }): Promise<string>;
  /** Writes raw storage into the head state: [[key hex, value hex | null], …]. */
  setStorage(entries: [string, string | null][]): Promise<string>;
  /** Sets the timestamp the next block carries (ms since the epoch or a date). */
  timeTravel(to: number | Date | string): Promise<number>;
  /** Runs the subnets' epochs (default: every non-root subnet) in the next block; resolves with the head hash. */
  runEpoch(netuid?: number | number[]): Promise<string>;
  /** dev_epochExplain: the next epoch's intermediates and outputs without writing anything. */
  explainEpoch(netuid: number, overrides?: unknown): Promise<any>;
  /** Stops the chain and removes its database. */
  close(): Promise<void>;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function startDevChain(opts: DevChainOptions = {}): Promise<DevChain> {
  const mode = opts.mode ?? 'manual';
  const blockTimeMs = opts.blockTimeMs ?? 250;
  const port = opts.port ?? 0;
  let url: string, httpUrl: string, stop: () => Promise<void>;
  if ((opts.process ?? 'in-process') === 'in-process') {
    const { startNode } = await import('./index.ts');
    const node = await startNode({ port, host: '127.0.0.1', tmp: true, mode, blockTimeMs, logLevel: 'error', validationWorkers: 0 });
    ({ url, httpUrl } = node);
    stop = () => node.stop();
  } else {
    ({ url, httpUrl, stop } = await spawnNode(['dev', '--tmp', '--host', '127.0.0.1', '--port', String(port), '--block-time', String(blockTimeMs),
      // drand off as in-process (startNode's default; `dev` defaults to the 3 s dev beacon, whose pulses would add
      // blocks on the wall clock and move epochs between a test's steps).
      ...(mode === 'interval' ? [] : [`--${mode}`]), '--log-level', 'error', '--validation-workers', '0', '--drand', 'off']));
  }
  let nextId = 1;
  const rpc = async <T = any>(method: string, params: unknown[] = []): Promise<T> => {
    const res = await fetch(httpUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params }) });
    const body = await res.json() as { result?: T; error?: { code: number; message: string } };
    if (body.error) throw Object.assign(new Error(`${method}: ${body.error.message}`), { code: body.error.code });
    return body.result as T;
  };
  let closed = false;
  return {
    url, httpUrl, rpc,
    newBlock: o => rpc('dev_newBlock', [typeof o === 'number' ? { count: o } : (o ?? {})]),
    setStorage: entries => rpc('dev_setStorage', [entries]),
    timeTravel: to => rpc('dev_timeTravel', [to instanceof Date ? to.getTime() : to]),
    runEpoch: netuid => rpc('dev_runEpoch', netuid === undefined ? [] : [netuid]),
    explainEpoch: (netuid, overrides) => rpc('dev_epochExplain', overrides === undefined ? [netuid] : [netuid, overrides]),
    async close() { if (!closed) { closed = true; await stop(); } },
  };
}

/** Starts `subtensor-ts <args>` and waits for the RPC line of its banner. */
async function spawnNode(args: string[]): Promise<{ url: string; httpUrl: string; stop: () => Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, [path.join(repoRoot, 'bin', 'subtensor-ts.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', err = '';
  child.stderr!.on('data', d => { err += d; });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', d => {
      out += d;
      const m = /RPC:\s+(ws:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', code => reject(new Error(`subtensor-ts exited with code ${code} before it was ready: ${err.trim() || out.trim()}`)));
  });
  const exited = new Promise<void>(resolve => child.once('exit', () => resolve()));
  return {
    url, httpUrl: url.replace('ws://', 'http://'),
    async stop() { if (child.exitCode === null) child.kill('SIGTERM'); await exited; },
  };
}
