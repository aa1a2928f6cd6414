// Node benchmarks:
//  1. sr25519 verification ceiling: verifies per second on one core with the node's verifier (runtime/crypto/
//     sr25519.ts), and with @polkadot/wasm-crypto for comparison. Every signed transaction costs one verify (in the
//     pool; block application reuses the result).
//  2. Signed transfers per second from submission to inclusion: a node in its own process (`subtensor-ts dev`,
//     250 ms blocks), N pre-signed transfer_keep_alive from 6 dev accounts sent at once over one websocket;
//     the clock stops when the block holding the last one is announced. Two bursts per node: cold (just started)
//     and warm (steady state), each with the node's CPU time per transfer.
//  3. Time from process start to the first RPC answer (spawn → first successful system_chain over HTTP).
// Flags: --quick (smaller N), --write (replace the "## Node" section of bench/RESULTS.md), --throughput-only.
// Environment: BENCH_NODE_CPU_PROF=<dir> writes V8 CPU profiles of the spawned nodes; BENCH_THREADS=1 prints each
// node thread's CPU time per burst.
import '@polkadot/api-augment';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { sr25519Sign, sr25519Verify as wasmCryptoVerify, sr25519KeypairFromSeed } from '@polkadot/wasm-crypto';
import { sr25519Verify } from '../runtime/crypto/sr25519.ts';
import { Reader, fromHex } from '../runtime/codec/scale.ts';
import WebSocket from 'ws';
import { writeResultsSection } from './results_file.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.argv.includes('--quick');
const write = process.argv.includes('--write');
const N = quick ? 1200 : 6000;
// Fresh nodes per validation mode; the rates reported are the median run's (the host's other load moves single runs).
const RUNS = quick ? 1 : 3;
const throughputOnly = process.argv.includes('--throughput-only');

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => { const p = (srv.address() as net.AddressInfo).port; srv.close(() => resolve(p)); });
    srv.on('error', reject);
  });
}

// The bundle is run directly: bin/subtensor-ts.js falls back to tsx when any source is newer than the bundle, which
// on a tree other jobs are editing would silently measure the wrong thing.
// BENCH_NODE_CPU_PROF=<dir>: write a V8 CPU profile of every spawned node into <dir> (summarise the hot functions).
const nodeProfileArgs: string[] = process.env.BENCH_NODE_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_NODE_CPU_PROF)}`] : [];
const BUNDLE = path.join(repoRoot, 'build/node/bin/cli/cli.mjs');

// The throughput runs use a persistent database in a temporary directory (`--db`, as `subtensor-ts dev` runs by
// default): every block is committed with an fsync before it is announced. `--tmp` skips the fsync.
function spawnNode(port: number, extra: string[] = [], env: Record<string, string> = {}, durable = false): ChildProcess {
  const entry = env.SUBTENSOR_TS_NO_BUNDLE ? path.join(repoRoot, 'bin/subtensor-ts.js') : BUNDLE;
  const dbDir = durable ? fs.mkdtempSync(path.join(os.tmpdir(), 'bench-node-')) : null;
  const proc = spawn(process.execPath, [...nodeProfileArgs, entry, 'dev', ...(dbDir ? ['--db', dbDir] : ['--tmp']), '--port', String(port), '--log-level', 'warn', ...extra],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  if (dbDir) proc.once('exit', () => fs.rmSync(dbDir, { recursive: true, force: true }));
  return proc;
}

async function rpcHttp(port: number, method: string): Promise<unknown> {
  const r = await fetch(`http://127.0.0.1:${port}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: [] }) });
  return (await r.json() as any).result;
}

async function waitReady(port: number, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try { if (await rpcHttp(port, 'system_chain')) return; } catch { /* not up yet */ }
    if (Date.now() > deadline) throw new Error('node did not answer');
    await new Promise(r => setTimeout(r, 5));
  }
}

const stopNode = (p: ChildProcess) => new Promise<void>(resolve => { p.once('exit', () => resolve()); p.kill('SIGTERM'); });

// ---- 1. sr25519 ceiling ------------------------------------------------------------------------------------------
function verifyCeiling(verify: (sig: Uint8Array, msg: Uint8Array, pub: Uint8Array) => boolean): number {
  const count = quick ? 1000 : 3000;
  const pair = sr25519KeypairFromSeed(new Uint8Array(32).fill(7));
  const pub = pair.slice(64), sec = pair.slice(0, 64);
  const msgs = Array.from({ length: count }, (_, i) => new Uint8Array(100).fill(i & 0xff));
  const sigs = msgs.map(m => sr25519Sign(pub, sec, m));
  const rates: number[] = [];
  for (let round = 0; round < 3; round++) {
    const t0 = performance.now();
    for (let i = 0; i < count; i++) if (!verify(sigs[i], msgs[i], pub)) throw new Error('verify failed');
    rates.push(count / ((performance.now() - t0) / 1000));
  }
  return median(rates);
}

// ---- 2. throughput ----------------------------------------------------------------------------------------------
// CPU time of each thread of the node process (Linux /proc), to report CPU per transaction: unlike the wall-clock rate,
// it depends little on what else the machine runs. The main thread's id is the pid; the others are validation
// workers and V8's / libuv's helper threads (GC, compiler), which /proc cannot tell apart (all are named "node").
function threadCpu(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  const tick = 1e6 / 100; // µs per clock tick (USER_HZ = 100 on Linux)
  try {
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(tid === String(pid) ? 'main' : tid, (Number(f[11]) + Number(f[12])) * tick);
    }
  } catch { /* not Linux or the process is gone */ }
  return out;
}

interface CpuPerTx { main: number; other: number; total: number }

function cpuPerTx(before: Map<string, number>, after: Map<string, number>, n: number): CpuPerTx {
  let main = 0, other = 0;
  for (const [k, v] of after) {
    const d = v - (before.get(k) ?? 0);
    if (k === 'main') main += d; else other += d;
  }
  return { main: main / n, other: other / n, total: (main + other) / n };
}

const fmtCpu = (c: CpuPerTx) => `node CPU per transfer ${c.total.toFixed(0)} µs (main thread ${c.main.toFixed(0)}, other threads ${c.other.toFixed(0)})`;

interface Burst { tps: number; blocks: number; seconds: number; cpu: CpuPerTx }

/**
 * The two bursts of N pre-signed, immortal transfers the throughput runs send: burst b uses the nonces after those
 * of burst b - 1. Every run starts a fresh node from the same genesis, so the same bytes are valid in each; signing
 * is the client's cost, not the node's, and is done once, against a node started for the purpose.
 */
async function signBursts(): Promise<string[][]> {
  const port = await freePort();
  const proc = spawnNode(port, ['--manual']);
  try {
    await waitReady(port);
    const api = await ApiPromise.create({
      provider: new WsProvider(`ws://127.0.0.1:${port}`), noInitWarn: true,
      signedExtensions: Object.fromEntries(['SudoTransactionExtension', 'CheckShieldedTxValidity', 'SubtensorTransactionExtension', 'DrandPriority'].map(n => [n, { extrinsic: {}, payload: {} }])),
    });
    const keyring = new Keyring({ type: 'sr25519' });
    const senders = ['//Alice', '//Bob', '//Charlie', '//Dave', '//Eve', '//Ferdie'].map(u => keyring.addFromUri(u));
    const dests = ['//One', '//Two', '//Three'].map(u => keyring.addFromUri(u).address);
    const per = Math.ceil(N / senders.length);
    const sign = (burst: number): string[] => {
      const txs: string[] = [];
      for (let i = 0; i < per; i++) {
        for (const s of senders) {
          if (txs.length >= N) break;
          const nonce = burst * per + i;
          const tx = api.tx.balances.transferKeepAlive(dests[txs.length % dests.length], 1_000_000n + BigInt(nonce));
          txs.push(tx.sign(s, { nonce, era: 0, blockHash: api.genesisHash, genesisHash: api.genesisHash, runtimeVersion: api.runtimeVersion, signedExtensions: api.registry.signedExtensions } as any).toHex());
        }
      }
      return txs;
    };
    const bursts = [sign(0), sign(1)];
    await api.disconnect();
    return bursts;
  } finally {
    await stopNode(proc);
  }
}

/**
 * Two bursts of N transfers into one fresh node: the first "cold" (the process has just started: V8 is still
 * compiling the hot paths), the second "warm" (steady state, what a long-running node sees).
 */
async function throughput(workers: number, bursts: string[][]): Promise<{ cold: Burst; warm: Burst }> {
  const port = await freePort();
  const proc = spawnNode(port, ['--validation-workers', String(workers)], {}, true);
  try {
    await waitReady(port);
    const cold = await burst(port, proc.pid!, bursts[0]);
    const warm = await burst(port, proc.pid!, bursts[1]);
    return { cold, warm };
  } finally {
    await stopNode(proc);
  }
}

/** `runs` fresh nodes; for cold and for warm, the run with the median rate (and the range of rates). */
async function throughputRuns(workers: number, bursts: string[][], runs: number): Promise<{ cold: Burst; warm: Burst; coldRange: [number, number]; warmRange: [number, number] }> {
  const all: { cold: Burst; warm: Burst }[] = [];
  for (let i = 0; i < runs; i++) all.push(await throughput(workers, bursts));
  const pick = (xs: Burst[]) => [...xs].sort((a, b) => a.tps - b.tps)[Math.floor(xs.length / 2)];
  const range = (xs: Burst[]): [number, number] => [Math.min(...xs.map(x => x.tps)), Math.max(...xs.map(x => x.tps))];
  return { cold: pick(all.map(r => r.cold)), warm: pick(all.map(r => r.warm)), coldRange: range(all.map(r => r.cold)), warmRange: range(all.map(r => r.warm)) };
}

/** A SCALE-encoded extrinsic (hex) is signed when the version byte after its compact length prefix has bit 7 set. */
function isSigned(hex: string): boolean {
  const r = new Reader(fromHex(hex));
  r.compactNumber();
  return (r.u8() & 0x80) !== 0;
}

/** Sends `txs` at once over a fresh websocket; the clock stops when the block holding the last one is announced. */
async function burst(port: number, pid: number, txs: string[]): Promise<Burst> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}`);
  await new Promise(r => ws.once('open', r));
  let included = 0, blocks = 0, errors = 0, lastAnnounce = 0;
  let subId: string | null = null;
  const pendingBodies = new Map<number, (n: number) => void>();
  const hashLookups = new Map<number, number>();
  let nextId = 1000;
  let finish: () => void = () => {};
  let t0 = Infinity;
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${included} of ${N} transactions included after 180 s (${errors} submissions failed)`)), 180_000);
    finish = () => { clearTimeout(timer); resolve(); };
    ws.on('message', raw => {
      const m = JSON.parse(raw.toString());
      if (m.id === 1) { subId = m.result; return; }
      if (m.method === 'chain_newHead' && m.params.subscription === subId) {
        const id = nextId++;
        const at = performance.now();
        // Blocks announced before the burst started hold none of its transactions.
        pendingBodies.set(id, n => { if (at < t0) return; included += n; blocks++; if (n > 0) lastAnnounce = at; if (included + errors >= N) finish(); });
        // The header notification carries no hash: look the block up by number, then fetch its body.
        hashLookups.set(nextId, id);
        ws.send(JSON.stringify({ jsonrpc: '2.0', id: nextId++, method: 'chain_getBlockHash', params: [Number(m.params.result.number)] }));
        return;
      }
      if (hashLookups.has(m.id)) {
        const bodyId = hashLookups.get(m.id)!;
        hashLookups.delete(m.id);
        ws.send(JSON.stringify({ jsonrpc: '2.0', id: bodyId, method: 'chain_getBlock', params: [m.result] }));
        return;
      }
      if (m.id >= 1000 && pendingBodies.has(m.id)) {
        const cb = pendingBodies.get(m.id)!;
        pendingBodies.delete(m.id);
        // Signed extrinsics only (version byte after the compact length has bit 7 set): inherents (timestamp, MEV
        // Shield's key announcement) and drand's unsigned write_pulse are not the burst's.
        cb((m.result.block.extrinsics as string[]).filter(isSigned).length);
        return;
      }
      if (m.error) { errors++; if (errors < 4) console.error('submit error', m.error); if (included + errors >= N) finish(); }
    });
  });
  ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'chain_subscribeNewHeads', params: [] }));
  await new Promise(r => setTimeout(r, 300));
  included = 0;
  const cpu0 = threadCpu(pid);
  t0 = performance.now();
  for (let i = 0; i < txs.length; i++) ws.send(JSON.stringify({ jsonrpc: '2.0', id: 2_000_000_000 + i, method: 'author_submitExtrinsic', params: [txs[i]] }));
  await done;
  const seconds = (lastAnnounce - t0) / 1000;
  const cpu1 = threadCpu(pid);
  if (process.env.BENCH_THREADS) console.log([...cpu1].map(([k, v]) => `${k}:${((v - (cpu0.get(k) ?? 0)) / 1000).toFixed(0)}ms`).join(' '));
  ws.close();
  if (errors) throw new Error(`${errors} submissions failed`);
  return { tps: N / seconds, blocks, seconds, cpu: cpuPerTx(cpu0, cpu1, N) };
}

// ---- 3. start-up time -------------------------------------------------------------------------------------------
async function startupTime(env: Record<string, string>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < (quick ? 3 : 5); i++) {
    const port = await freePort();
    const t0 = performance.now();
    const proc = spawnNode(port, ['--manual'], env);
    await waitReady(port);
    times.push(performance.now() - t0);
    await stopNode(proc);
  }
  return times;
}

// Node init alone (modules already loaded): genesis, LMDB, RPC server.
async function initTime(): Promise<number[]> {
  const { startNode } = await import('../node/index.ts');
  const out: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const n = await startNode({ port: 0, tmp: true, mode: 'manual', logLevel: 'warn' });
    out.push(performance.now() - t0);
    await n.stop();
  }
  return out;
}

const loadStart = os.loadavg()[0].toFixed(1);
await cryptoWaitReady();
const inits = await initTime();
console.log(`startNode() with modules loaded: median ${median(inits).toFixed(0)} ms`);
const ceiling = verifyCeiling(sr25519Verify);
const ceilingWasmCrypto = verifyCeiling(wasmCryptoVerify);
console.log(`sr25519 verify, one core: ${ceiling.toFixed(0)}/s (the node's verifier, runtime/crypto/sr25519.ts); @polkadot/wasm-crypto ${ceilingWasmCrypto.toFixed(0)}/s`);
spawnSync('npm', ['run', 'build:node', '--silent'], { cwd: repoRoot, stdio: 'inherit' });
const describeBurst = (label: string, b: Burst, range: [number, number]) =>
  `${label}: ${N} in ${b.seconds.toFixed(2)} s over ${b.blocks} blocks → ${b.tps.toFixed(0)} tx/s (median of ${RUNS}; range ${range[0].toFixed(0)}–${range[1].toFixed(0)}; ${(b.tps / ceiling).toFixed(2)} × the verify ceiling); ${fmtCpu(b.cpu)}`;
const bursts = await signBursts();
const tp = await throughputRuns(0, bursts, RUNS);
console.log(describeBurst('transfers, validation on the main thread, cold', tp.cold, tp.coldRange));
console.log(describeBurst('transfers, validation on the main thread, warm', tp.warm, tp.warmRange));
const tpw = await throughputRuns(1, bursts, RUNS);
console.log(describeBurst('transfers, 1 validation worker, cold', tpw.cold, tpw.coldRange));
console.log(describeBurst('transfers, 1 validation worker, warm', tpw.warm, tpw.warmRange));
if (throughputOnly) process.exit(0);
// The bundle (npm run build:node, done above), and the TypeScript sources through tsx.
const starts = await startupTime({});
console.log(`start → first RPC answer (bundle): median ${median(starts).toFixed(0)} ms (runs: ${starts.map(t => t.toFixed(0)).join(', ')})`);
const startsTsx = await startupTime({ SUBTENSOR_TS_NO_BUNDLE: '1' });
console.log(`start → first RPC answer (tsx): median ${median(startsTsx).toFixed(0)} ms (runs: ${startsTsx.map(t => t.toFixed(0)).join(', ')})`);

const NOTE = `Targets: ≥ 3,000 transfers/s on 2 cores and < 1 s to the first RPC answer. Each transaction is verified once (sr25519, in the pool, on a validation worker when there is one); block application reuses the result through the signature host function's cache (runtime/crypto/verify.ts). The node's sr25519 verifier is @polkadot-labs/schnorrkel-wasm behind JS pre-checks (runtime/crypto/sr25519.ts), with @polkadot/wasm-crypto for a signer's first signature; the ratio column is against its one-core ceiling from the same run. Cold = the first burst into a just-started node (V8 still compiling the hot paths: the "other threads" CPU is mostly its compiler and GC threads); warm = the next burst into the same node, the steady state of a running node. CPU per transfer (from /proc, all threads of the node process) depends much less on the machine's other load than the rate does; the benchmark client runs on the same 2 cores.`;

if (write) {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const row = (label: string, b: Burst, range: [number, number]) =>
    `| ${label} | **${b.tps.toFixed(0)} tx/s** (${b.seconds.toFixed(2)} s, ${b.blocks} blocks; runs ${range[0].toFixed(0)}–${range[1].toFixed(0)}) | ${(b.tps / ceiling).toFixed(2)} | ${b.cpu.total.toFixed(0)} µs (main ${b.cpu.main.toFixed(0)}, other threads ${b.cpu.other.toFixed(0)}) |`;
  const section = `## Node

Run: \`npm run bench -- node${quick ? ' --quick' : ''}\` (bench/node.ts), ${new Date().toISOString().slice(0, 10)}. Machine: nproc ${os.cpus().length}, ${cpu}, Node ${process.version}, ${os.platform()} ${os.arch()}; load average ${loadStart} at the start, ${os.loadavg()[0].toFixed(1)} at the end (1 min).

sr25519 verification ceiling, one core: **${ceiling.toFixed(0)} verifies/s** with the node's verifier; ${ceilingWasmCrypto.toFixed(0)}/s with @polkadot/wasm-crypto \`sr25519Verify\`.

Signed transfers, submission → inclusion: ${N} pre-signed \`transfer_keep_alive\` from 6 accounts sent at once over one websocket to a node in its own process (\`subtensor-ts dev --db <temporary dir>\`, 250 ms blocks, each block committed with an fsync before it is announced); the clock stops when the block holding the last one is announced. ${RUNS} fresh nodes per mode; each row is the median run (the range of all runs in brackets).

| validation | transfers/s | × verify ceiling | node CPU per transfer |
|---|---:|---:|---|
${row('main thread (`--validation-workers 0`), cold', tp.cold, tp.coldRange)}
${row('main thread, warm', tp.warm, tp.warmRange)}
${row('one worker (`--validation-workers 1`, the default on 2 cores), cold', tpw.cold, tpw.coldRange)}
${row('one worker, warm', tpw.warm, tpw.warmRange)}

| start-up | result |
|---|---|
| process start → first RPC answer (\`subtensor-ts dev --tmp\`, spawn to first \`system_chain\` over HTTP), bundled (\`npm run build:node\`) | median **${median(starts).toFixed(0)} ms** (runs: ${starts.map(t => t.toFixed(0)).join(', ')} ms) |
| the same through tsx (no bundle: TypeScript transpiled at start) | median ${median(startsTsx).toFixed(0)} ms (runs: ${startsTsx.map(t => t.toFixed(0)).join(', ')} ms) |
| of which node init (\`startNode()\` with modules already loaded: genesis, LMDB, RPC server) | median ${median(inits).toFixed(0)} ms |

${NOTE}
`;
  writeResultsSection('Node', section);
}
