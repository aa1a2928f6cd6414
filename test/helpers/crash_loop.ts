// Crash loop against the real CLI: `subtensor-ts dev` in its own process on a persistent --db, a stream of signed
// transfers, SIGKILL at a seeded random moment, restart on the same database, and checks that nothing the node had
// announced was lost. Used by test/node/crash_loop.test.ts (a few cycles) and bench/crash_soak.ts (200 cycles).
//
// What is checked after every restart:
//  - every block a client heard finalized (chain_subscribeFinalizedHeads, `finalized` transaction statuses) is still
//    there at the same height with the same hash, and the finalized head is not below the highest one announced;
// and at the end, on the surviving chain:
//  - Σ (free + reserved) over System.Account == Balances.TotalIssuance;
//  - each signer's nonce == the number of its signed extrinsics in blocks 1..head.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import * as t from '../../runtime/codec/types.ts';
import { fromHex, toHex, Reader } from '../../runtime/codec/scale.ts';
import { storagePrefix } from '../../runtime/crypto/hashing.ts';
import { MemoryState, OverlayState } from '../../runtime/frame/state.ts';
import { withState } from '../../runtime/frame/externalities.ts';
import { RuntimeCall } from '../../runtime/frame/construct.ts';
import { System } from '../../runtime/pallets/system/index.ts';
import { encodeExtrinsic, signingPayload, encodeExtra, encodeAdditional } from '../../runtime/extrinsic/index.ts';
import { makeExtra, implicitValues } from '../../runtime/extrinsic/extensions.ts';
import '../../runtime/index.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Bundles the CLI as `npm run build:node` does, into its own directory (four levels below the root, like the real
 *  bundle, so it finds build/epoch.wasm): starting the bundle takes a fraction of tsx's start-up. */
export function buildCliBundle(name: string): string {
  const outdir = `build/${name}/bin/cli`;
  const r = spawnSync(process.execPath, ['scripts/build-node.mjs', outdir], { cwd: repoRoot, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bundling the CLI failed: ${r.stderr}`);
  return path.join(repoRoot, outdir, 'cli.mjs');
}

/** A `subtensor-ts dev` process; resolves once its banner names the RPC URL. */
export async function spawnDev(entry: string, args: string[]): Promise<{ proc: ChildProcess; url: string; httpUrl: string; stderr: () => string }> {
  const proc = spawn(process.execPath, [entry, 'dev', '--port', '0', '--log-level', 'warn', ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stderr!.on('data', d => { err += d.toString(); });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node did not start: ${out}${err}`)), 60_000);
    proc.stdout!.on('data', d => {
      out += d.toString();
      const m = /RPC:\s+(ws:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m && out.includes('Ready in')) { clearTimeout(timer); resolve(m[1]); }
    });
    proc.once('exit', code => { clearTimeout(timer); reject(new Error(`node exited with ${code}: ${err}`)); });
  });
  return { proc, url, httpUrl: url.replace('ws://', 'http://'), stderr: () => err };
}

export async function rpc(httpUrl: string, method: string, params: unknown[] = []): Promise<any> {
  const r = await fetch(httpUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  const j = await r.json() as any;
  if (j.error) throw new Error(`${method}: ${JSON.stringify(j.error)}`);
  return j.result;
}

/** Deterministic PRNG (mulberry32): the kill moments of a run are reproducible from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** Immortal signed transfer_keep_alive, built from the runtime's own extrinsic format (CheckGenesis = block 0). */
class TransferSigner {
  private cache = new Map<string, Uint8Array>();
  constructor(private readonly genesis: Uint8Array) {}

  sign(from: KeyringPair, to: Uint8Array, nonce: number, amount: bigint): Uint8Array {
    const key = `${from.address}/${nonce}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const call = t.encode(RuntimeCall, { type: 'Balances', value: { type: 'transfer_keep_alive', value: { dest: { type: 'Id', value: to }, value: amount } } });
    const extra = makeExtra({ era: null, nonce });
    const state = new MemoryState();
    const implicit = withState(new OverlayState(state), () => {
      System.storage.Number.set(1);
      System.storage.BlockHash.set(0, this.genesis);
      return implicitValues(extra);
    });
    const signature = from.sign(signingPayload(call, encodeExtra(extra), encodeAdditional(implicit)));
    const xt = encodeExtrinsic(call, { address: { type: 'Id', value: from.publicKey }, signature: { type: 'Sr25519', value: signature }, extra });
    this.cache.set(key, xt);
    return xt;
  }
}

/** Signer account id of a signed v4 extrinsic with an `Id` address (hex), else null. */
function signerOf(xt: Uint8Array): string | null {
  const r = new Reader(xt);
  r.compactNumber();
  const version = r.u8();
  if ((version & 0x80) === 0 || r.u8() !== 0) return null;
  return toHex(r.raw(32));
}

export interface CrashLoopOptions {
  cycles: number;
  seed: number;
  /** CLI entry (a bundle from buildCliBundle, or bin/subtensor-ts.js). */
  entry: string;
  /** Kill after a uniform random delay in [min, max) ms of streaming. */
  killAfterMs?: [number, number];
  extraArgs?: string[];
  log?: (line: string) => void;
}

export interface CrashLoopResult {
  cycles: number;
  /** Heights announced finalized before some kill whose hash was checked after the restart. */
  checkedFinalized: number;
  lostFinalized: { number: number; announced: string; after: string | null; cycle: number }[];
  finalHead: number;
  transfersIncluded: number;
  issuance: bigint;
  accountsTotal: bigint;
  nonceMismatches: { account: string; nonce: number; included: number }[];
  restartMs: number[];
}

const SIGNERS = ['//Alice', '//Bob', '//Charlie', '//Dave', '//Eve', '//Ferdie'];

export async function runCrashLoop(o: CrashLoopOptions): Promise<CrashLoopResult> {
  await cryptoWaitReady();
  const rand = prng(o.seed);
  const [kMin, kMax] = o.killAfterMs ?? [30, 600];
  const dbDir = fs.mkdtempSync(path.join(os.tmpdir(), 'subtensor-ts-crash-'));
  const keyring = new Keyring({ type: 'sr25519' });
  const pairs = SIGNERS.map(u => keyring.addFromUri(u));
  const args = ['--db', dbDir, '--instant', ...(o.extraArgs ?? [])];
  /** number → hash of every block a client heard finalized (finalized heads' parents, finalized tx statuses). */
  const announced = new Map<number, string>();
  let announcedMax = 0;
  const lost: CrashLoopResult['lostFinalized'] = [];
  const restartMs: number[] = [];
  let signer: TransferSigner | null = null;
  let checked = 0;
  try {
    for (let cycle = 0; cycle <= o.cycles; cycle++) {
      const t0 = performance.now();
      const node = await spawnDev(o.entry, args);
      restartMs.push(performance.now() - t0);
      // Nothing announced before the last kill may be gone.
      const finHash: string = await rpc(node.httpUrl, 'chain_getFinalizedHead');
      const finNumber = parseInt((await rpc(node.httpUrl, 'chain_getHeader', [finHash])).number, 16);
      if (finNumber < announcedMax) lost.push({ number: announcedMax, announced: announced.get(announcedMax) ?? '?', after: null, cycle });
      for (const [n, h] of announced) {
        const now: string | null = await rpc(node.httpUrl, 'chain_getBlockHash', [n]);
        checked++;
        if (now !== h) lost.push({ number: n, announced: h, after: now, cycle });
      }
      announced.clear();
      if (cycle === o.cycles) {
        const result = await finalChecks(node.httpUrl, pairs);
        node.proc.kill('SIGTERM');
        await new Promise(r => node.proc.once('exit', r));
        return { cycles: o.cycles, checkedFinalized: checked, lostFinalized: lost, restartMs, ...result };
      }
      signer ??= new TransferSigner(fromHex(await rpc(node.httpUrl, 'chain_getBlockHash', [0])));
      const killAt = kMin + rand() * (kMax - kMin);
      await streamUntilKilled(node, pairs, signer, killAt, (n, h) => {
        if (h) announced.set(n, h);
        announcedMax = Math.max(announcedMax, n);
      });
      o.log?.(`cycle ${cycle + 1}/${o.cycles}: killed after ${killAt.toFixed(0)} ms, announced finalized up to #${announcedMax}`);
    }
    throw new Error('unreachable');
  } finally {
    fs.rmSync(dbDir, { recursive: true, force: true });
  }
}

/** Streams transfers over one websocket (each signer from its current nonce, watched), records what is announced
 *  finalized, and SIGKILLs the node `killAtMs` after the first block it announces. */
async function streamUntilKilled(
  node: { proc: ChildProcess; url: string; httpUrl: string },
  pairs: KeyringPair[], signer: TransferSigner, killAtMs: number,
  onFinalized: (number: number, hash: string | null) => void,
): Promise<void> {
  const nonces = await Promise.all(pairs.map(p => rpc(node.httpUrl, 'system_accountNextIndex', [p.address]) as Promise<number>));
  const ws = new WebSocket(node.url);
  await new Promise<void>((res, rej) => { ws.once('open', () => res()); ws.once('error', rej); });
  let id = 1;
  let killed = false;
  let timer: NodeJS.Timeout | null = null;
  const armKill = () => { timer ??= setTimeout(() => { killed = true; node.proc.kill('SIGKILL'); }, killAtMs); };
  // The kill clock starts when the first block of this cycle is announced (blocks are being made and announced from
  // then on), or after 3 s at the latest.
  const fallback = setTimeout(armKill, 3000);
  let first = true;
  ws.on('message', data => {
    const msg = JSON.parse(data.toString());
    if (msg.method === 'chain_finalizedHead') {
      const n = parseInt(msg.params.result.number, 16);
      if (first) first = false; else armKill();
      if (n > 0) onFinalized(n - 1, msg.params.result.parentHash);
      onFinalized(n, null);
    } else if (msg.method === 'author_extrinsicUpdate') {
      const s = msg.params.result;
      if (s && typeof s === 'object' && s.finalized) {
        // The block's number is checked by hash after the restart (chain_getHeader).
        void rpc(node.httpUrl, 'chain_getHeader', [s.finalized]).then(h => onFinalized(parseInt(h.number, 16), s.finalized), () => {});
      }
    }
  });
  ws.send(JSON.stringify({ jsonrpc: '2.0', id: id++, method: 'chain_subscribeFinalizedHeads', params: [] }));
  const dest = pairs.map((_, i) => pairs[(i + 1) % pairs.length].publicKey);
  const exited = new Promise<void>(r => node.proc.once('exit', () => r()));
  ws.on('error', () => {});
  // A few transactions per signer at a time, as a wallet would send them, until the kill.
  while (!killed) {
    for (let i = 0; i < pairs.length; i++) {
      const xt = signer.sign(pairs[i], dest[i], nonces[i]++, 1_000_000n);
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ jsonrpc: '2.0', id: id++, method: 'author_submitAndWatchExtrinsic', params: [toHex(xt)] }));
    }
    await new Promise(r => setTimeout(r, 5));
  }
  clearTimeout(fallback);
  if (timer) clearTimeout(timer);
  await exited;
  ws.terminate();
}

async function finalChecks(httpUrl: string, pairs: KeyringPair[]): Promise<{ finalHead: number; transfersIncluded: number; issuance: bigint; accountsTotal: bigint; nonceMismatches: CrashLoopResult['nonceMismatches'] }> {
  const headHash: string = await rpc(httpUrl, 'chain_getHead');
  const head = parseInt((await rpc(httpUrl, 'chain_getHeader', [headHash])).number, 16);
  const included = new Map<string, number>();
  let transfers = 0;
  for (let n = 1; n <= head; n++) {
    const b = await rpc(httpUrl, 'chain_getBlock', [await rpc(httpUrl, 'chain_getBlockHash', [n])]);
    for (const x of b.block.extrinsics as string[]) {
      const who = signerOf(fromHex(x));
      if (who) { included.set(who, (included.get(who) ?? 0) + 1); transfers++; }
    }
  }
  const prefix = toHex(storagePrefix('System', 'Account'));
  const keys: string[] = await rpc(httpUrl, 'state_getKeysPaged', [prefix, 1000, null, headHash]);
  let total = 0n;
  const nonceOf = new Map<string, number>();
  for (const k of keys) {
    const raw = fromHex(await rpc(httpUrl, 'state_getStorage', [k, headHash]));
    const info = t.decode(System.storage.Account.value as t.Codec<any>, raw) as { nonce: number; data: { free: bigint; reserved: bigint } };
    total += info.data.free + info.data.reserved;
    nonceOf.set(toHex(fromHex(k).subarray(fromHex(k).length - 32)), info.nonce);
  }
  const issuance = new Reader(fromHex(await rpc(httpUrl, 'state_getStorage', [toHex(storagePrefix('Balances', 'TotalIssuance')), headHash]))).u64();
  const nonceMismatches: CrashLoopResult['nonceMismatches'] = [];
  for (const p of pairs) {
    const acc = toHex(p.publicKey);
    const nonce = nonceOf.get(acc) ?? 0;
    const inc = included.get(acc) ?? 0;
    if (nonce !== inc) nonceMismatches.push({ account: p.address, nonce, included: inc });
  }
  return { finalHead: head, transfersIncluded: transfers, issuance, accountsTotal: total, nonceMismatches };
}
