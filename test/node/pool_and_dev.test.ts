// Pool mechanics that subtensor's runtime does not exercise on its own (it prioritizes by dispatch class, so tips
// never change priority): a runtime wrapper overrides the priority the real runtime reports for chosen
// transactions, to show replacement by higher priority and block order by priority then arrival. Also the dev_*
// methods, the localnet-style second port with `Imported #N` lines, and the CLI.
import '@polkadot/api-augment';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import { startNode, type NodeHandle } from '../../node/index.ts';
import { createRuntime } from '../../runtime/index.ts';
import { RawWs, SUBTENSOR_USER_EXTENSIONS } from './helpers.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
const alice = keyring.addFromUri('//Alice');
const bob = keyring.addFromUri('//Bob');
const charlie = keyring.addFromUri('//Charlie');

// extrinsic hex → priority to report instead of the runtime's.
const priorityOverride = new Map<string, bigint>();
const real = createRuntime({ slotDurationMs: 250, fastRuntime: true });
const wrapped = {
  genesisState: real.genesisState,
  call(method: string, args: Uint8Array, state: any): Uint8Array {
    const out = real.call(method, args, state);
    if (method !== 'TaggedTransactionQueue_validate_transaction' || out[0] !== 0) return out;
    // args = source (1 byte) ++ extrinsic ++ block hash (32 bytes); out = Ok(0) ++ priority u64 ++ ...
    const p = priorityOverride.get(u8aToHex(args.subarray(1, args.length - 32)));
    if (p === undefined) return out;
    const patched = out.slice();
    new DataView(patched.buffer).setBigUint64(1, p, true);
    return patched;
  },
};

let node: NodeHandle;
let api: ApiPromise;
let ws: RawWs;
const logLines: string[] = [];

beforeAll(async () => {
  node = await startNode({ port: 0, extraPorts: [0], tmp: true, mode: 'manual', logLevel: 'info', logImported: true, logSink: l => logLines.push(l), runtime: wrapped });
  api = await ApiPromise.create({ provider: new WsProvider(node.url), signedExtensions: SUBTENSOR_USER_EXTENSIONS, noInitWarn: true });
  ws = await RawWs.connect(node.urls[1]);
});

afterAll(async () => {
  ws?.close();
  await api?.disconnect();
  await node?.stop();
});

const sign = async (from: typeof alice, amount: bigint, nonce: number) =>
  (await api.tx.balances.transferKeepAlive(bob.address, amount).signAsync(from, { nonce })).toHex();

describe('transaction pool ordering and replacement', () => {
  it('replaces a transaction by one with a higher priority; the old watcher hears usurped', async () => {
    const nonce = (await api.query.system.account(alice.address)).nonce.toNumber();
    const low = await sign(alice, 10_000n, nonce);
    priorityOverride.set(low, 5n);
    const lowId = await ws.call('author_submitAndWatchExtrinsic', [low]);
    expect((await ws.waitFor(m => m.params.subscription === lowId, 'notifications')).params.result).toBe('ready');
    const high = await sign(alice, 20_000n, nonce);
    priorityOverride.set(high, 9n);
    const highHash = await ws.call('author_submitExtrinsic', [high]);
    expect((await ws.waitFor(m => m.params.subscription === lowId, 'notifications')).params.result).toEqual({ usurped: highHash });
    const lower = await sign(alice, 30_000n, nonce);
    priorityOverride.set(lower, 7n);
    expect((await ws.request('author_submitExtrinsic', [lower])).error).toMatchObject({ code: 1014, message: 'Priority is too low: (9 vs 7)' });
    expect(await ws.call('author_pendingExtrinsics')).toEqual([high]);
    await ws.call('dev_newBlock');
    expect((await api.query.system.account(alice.address)).nonce.toNumber()).toBe(nonce + 1);
  });

  it('orders a block by priority, then arrival, keeping each sender\'s nonce order', async () => {
    const aNonce = (await api.query.system.account(alice.address)).nonce.toNumber();
    const cNonce = (await api.query.system.account(charlie.address)).nonce.toNumber();
    const a0 = await sign(alice, 1n * 1000n, aNonce); priorityOverride.set(a0, 1n);
    const a1 = await sign(alice, 2n * 1000n, aNonce + 1); priorityOverride.set(a1, 100n);
    const c0 = await sign(charlie, 3n * 1000n, cNonce); priorityOverride.set(c0, 50n);
    const c1 = await sign(charlie, 4n * 1000n, cNonce + 1); priorityOverride.set(c1, 50n);
    for (const x of [a1, a0, c0, c1]) await ws.call('author_submitExtrinsic', [x]);
    await ws.call('dev_newBlock');
    const body = (await api.rpc.chain.getBlock()).block.extrinsics.filter(x => x.isSigned).map(x => x.toHex());
    // a1 and c1 wait for their predecessors. c0 (50) beats a0 (1) and unlocks c1 (50), which also beats a0;
    // a0 then unlocks a1.
    expect(body).toEqual([c0, c1, a0, a1]);
  });
});

describe('dev RPC methods', () => {
  it('dev_newBlock builds count blocks and returns the head; dev_timeTravel sets the next timestamp', async () => {
    const before = node.chain.head.number;
    const head = await ws.call('dev_newBlock', [{ count: 3 }]);
    expect(node.chain.head.number).toBe(before + 3);
    expect(head).toBe(node.chain.head.hash);
    const target = 1_900_000_000_000;
    expect(await ws.call('dev_timeTravel', [target])).toBe(target);
    await ws.call('dev_newBlock');
    expect((await api.query.timestamp.now()).toNumber()).toBe(target);
    const slot = hexToU8a(node.chain.head.header.digest[0].type === 'PreRuntime' ? u8aToHex(node.chain.head.header.digest[0].data) : '0x');
    expect(new DataView(slot.buffer).getBigUint64(0, true)).toBe(BigInt(target / 250));
    await ws.call('dev_newBlock');
    expect((await api.query.timestamp.now()).toNumber()).toBe(target + 250);
  });

  it('dev_setStorage edits the head state; older blocks keep their values', async () => {
    const key = api.query.system.account.key(charlie.address);
    const before = await ws.call('state_getStorage', [key]);
    // AccountInfo: nonce u32, consumers u32, providers u32, sufficients u32, then data.free u64 (subtensor's balances).
    const bytes = hexToU8a(before);
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    view.setUint32(0, 42, true);
    view.setBigUint64(16, 777_000_000_000n, true);
    const edited = u8aToHex(bytes);
    const parent = u8aToHex(node.chain.head.header.parentHash);
    const parentValue = await ws.call('state_getStorage', [key, parent]);
    await ws.call('dev_setStorage', [[[key, edited]]]);
    expect(await ws.call('state_getStorage', [key])).toBe(edited);
    const acc = await api.query.system.account(charlie.address);
    expect(acc.data.free.toBigInt()).toBe(777_000_000_000n);
    expect(acc.nonce.toNumber()).toBe(42);
    expect(await ws.call('state_getStorage', [key, parent])).toBe(parentValue);
    expect(before).not.toBe(edited);
  });

  it('dev_setBlockBuildMode switches to instant: a submitted transaction gets its own block', async () => {
    await ws.call('dev_setBlockBuildMode', ['Instant']);
    const number = node.chain.head.number;
    const hash = await api.tx.balances.transferKeepAlive(bob.address, 1234n).signAndSend(alice);
    for (let i = 0; i < 100 && node.chain.head.number === number; i++) await new Promise(r => setTimeout(r, 10));
    expect(node.chain.head.number).toBe(number + 1);
    expect((await api.rpc.chain.getBlock()).block.extrinsics.map(x => x.hash.toHex())).toContain(hash.toHex());
    await ws.call('dev_setBlockBuildMode', ['Manual']);
    expect((await ws.request('dev_setBlockBuildMode', ['Sometimes'])).error.code).toBe(-32602);
  });

  it('serves the same chain on both ports and logs Imported #N lines', async () => {
    expect(node.ports).toHaveLength(2);
    expect(await ws.call('chain_getBlockHash', [])).toBe((await api.rpc.chain.getBlockHash()).toHex());
    expect(logLines.some(l => l.includes(`Imported #1 (${node.chain.hashByNumber(1)})`))).toBe(true);
  });
});

describe('CLI', () => {
  it('`subtensor-ts dev --tmp --port 0 --manual` prints the ws URL and dev accounts, serves RPC, exits on SIGTERM', async () => {
    const proc = spawn(process.execPath, [path.join(repoRoot, 'bin/subtensor-ts.js'), 'dev', '--tmp', '--port', '0', '--manual', '--log-level', 'warn'], { cwd: repoRoot });
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no banner: ${out}`)), 30_000);
      proc.stdout.on('data', d => {
        out += d.toString();
        const m = /RPC:\s+(ws:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m && out.includes('//Ferdie')) { clearTimeout(t); resolve(m[1]); }
      });
    });
    expect(out).toContain(`//Alice    ${alice.address}`);
    const r = await fetch(url.replace('ws://', 'http://'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"jsonrpc":"2.0","id":1,"method":"system_chain"}' });
    expect((await r.json() as any).result).toBe('Bittensor');
    const code = await new Promise<number | null>(resolve => { proc.once('exit', c => resolve(c)); proc.kill('SIGTERM'); });
    expect(code).toBe(0);
  });

  it('a busy port is a clear error with a non-zero exit', async () => {
    const proc = spawn(process.execPath, [path.join(repoRoot, 'bin/subtensor-ts.js'), 'dev', '--tmp', '--port', String(node.port)], { cwd: repoRoot });
    let err = '';
    proc.stderr.on('data', d => { err += d.toString(); });
    const code = await new Promise<number | null>(resolve => proc.once('exit', c => resolve(c)));
    expect(code).toBe(1);
    expect(err).toContain(`Port ${node.port} on 127.0.0.1 is already in use`);
  });
});
