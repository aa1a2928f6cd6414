// LMDB persistence: a restart with the same --db resumes at the same head with the same state (balances, nonces,
// block hashes, state at older blocks), and the node refuses, with a clear message, a DB of another chain, a
// corrupt DB, an unwritable location and a busy port.
import '@polkadot/api-augment';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { startNode, type NodeHandle } from '../../node/index.ts';
import { createRuntime } from '../../runtime/index.ts';
import { SUBTENSOR_USER_EXTENSIONS } from './helpers.ts';

const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
const alice = keyring.addFromUri('//Alice');
const bob = keyring.addFromUri('//Bob');
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dirs: string[] = [];
const tmpDir = () => { const d = fs.mkdtempSync(path.join(os.tmpdir(), 'subtensor-ts-test-')); dirs.push(d); return d; };

afterAll(() => { for (const d of dirs) fs.rmSync(d, { recursive: true, force: true }); });

const connect = (n: NodeHandle) => ApiPromise.create({ provider: new WsProvider(n.url), signedExtensions: SUBTENSOR_USER_EXTENSIONS, noInitWarn: true });

describe('restart with the same database', () => {
  it('resumes at the same head with the same balances, nonces, hashes and history', async () => {
    const dir = tmpDir();
    let node = await startNode({ port: 0, db: dir, mode: 'manual', logLevel: 'error' });
    let api = await connect(node);
    for (let i = 0; i < 3; i++) {
      await api.tx.balances.transferKeepAlive(bob.address, 1_000_000n + BigInt(i)).signAndSend(alice, { nonce: i });
      node.newBlock(1);
    }
    node.newBlock(2);
    const head = node.chain.head.hash;
    const number = node.chain.head.number;
    const hashes = await Promise.all(Array.from({ length: number + 1 }, (_, n) => api.rpc.chain.getBlockHash(n).then(h => h.toHex())));
    const aliceInfo = (await api.query.system.account(alice.address)).toHex();
    const bobInfo = (await api.query.system.account(bob.address)).toHex();
    const bobAt2 = (await (await api.at(hashes[2])).query.system.account(bob.address)).toHex();
    const finalized = (await api.rpc.chain.getFinalizedHead()).toHex();
    await api.disconnect();
    await node.stop();

    node = await startNode({ port: 0, db: dir, mode: 'manual', logLevel: 'error' });
    api = await connect(node);
    try {
      expect((await api.rpc.chain.getHeader()).hash.toHex()).toBe(head);
      expect((await api.rpc.chain.getHeader()).number.toNumber()).toBe(number);
      expect((await api.rpc.chain.getFinalizedHead()).toHex()).toBe(finalized);
      for (let n = 0; n <= number; n++) expect((await api.rpc.chain.getBlockHash(n)).toHex()).toBe(hashes[n]);
      expect((await api.query.system.account(alice.address)).toHex()).toBe(aliceInfo);
      expect((await api.query.system.account(alice.address)).nonce.toNumber()).toBe(3);
      expect((await api.query.system.account(bob.address)).toHex()).toBe(bobInfo);
      expect((await (await api.at(hashes[2])).query.system.account(bob.address)).toHex()).toBe(bobAt2);
      // The chain goes on from there.
      await api.tx.balances.transferKeepAlive(bob.address, 5n).signAndSend(alice, { nonce: 3 });
      node.newBlock(1);
      const h = await api.rpc.chain.getHeader();
      expect(h.number.toNumber()).toBe(number + 1);
      expect(h.parentHash.toHex()).toBe(head);
      expect((await api.query.system.account(alice.address)).nonce.toNumber()).toBe(4);
    } finally {
      await api.disconnect();
      await node.stop();
    }
  });
});

describe('clear startup errors', () => {
  it('refuses a database made by another chain (genesis mismatch)', async () => {
    const dir = tmpDir();
    const node = await startNode({ port: 0, db: dir, mode: 'manual', logLevel: 'error' });
    await node.stop();
    const real = createRuntime({ slotDurationMs: 250, fastRuntime: true });
    const other = {
      call: real.call,
      genesisState: (c?: any) => { const s = real.genesisState(c); s.set('0x' + 'ab'.repeat(32), new Uint8Array([1])); return s; },
    };
    await expect(startNode({ port: 0, db: dir, mode: 'manual', logLevel: 'error', runtime: other })).rejects.toThrow(/belongs to another chain: genesis 0x[0-9a-f]{64}/);
  });

  it('refuses a corrupt database file', async () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'data.mdb'), Buffer.alloc(64 * 1024, 0x5a));
    await expect(startNode({ port: 0, db: dir, mode: 'manual', logLevel: 'error' })).rejects.toThrow(/Cannot open the chain database/);
  });

  it('refuses an unwritable database location', async () => {
    const file = path.join(tmpDir(), 'plain-file');
    fs.writeFileSync(file, 'x');
    await expect(startNode({ port: 0, db: path.join(file, 'db'), mode: 'manual', logLevel: 'error' })).rejects.toThrow(/not writable/);
  });

  it('refuses a database another live node holds (another process, or this one); takes over a dead node\'s lock', async () => {
    const dir = tmpDir();
    // Another process: a child node on the directory (two `npm start`s in two terminals).
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'node/cli.ts'), 'dev', '--db', dir, '--port', '0', '--manual', '--drand', 'off', '--log-level', 'warn'],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      await new Promise<void>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`child did not start: ${out}`)), 60_000);
        child.stdout!.on('data', d => { out += d; if (out.includes('Ready in')) { clearTimeout(timer); resolve(); } });
        child.once('exit', code => { clearTimeout(timer); reject(new Error(`child exited ${code}`)); });
      });
      const before = fs.readFileSync(path.join(dir, 'data.mdb'));
      await expect(startNode({ port: 0, db: dir, mode: 'manual', logLevel: 'error' })).rejects.toThrow(`in use by another subtensor-ts node (pid ${child.pid})`);
      expect(fs.readFileSync(path.join(dir, 'data.mdb')).equals(before)).toBe(true);
    } finally {
      const exited = new Promise(r => child.once('exit', r));
      child.kill('SIGKILL'); // no clean stop: the lock file stays behind, naming a dead pid
      await exited;
    }
    expect(fs.existsSync(path.join(dir, 'node.lock'))).toBe(true);
    const node = await startNode({ port: 0, db: dir, mode: 'manual', logLevel: 'error' });
    try {
      // This process holds it now: a second node in the same process is refused as well.
      await expect(startNode({ port: 0, db: dir, mode: 'manual', logLevel: 'error' })).rejects.toThrow(/already open in this process/);
    } finally {
      await node.stop();
    }
    expect(fs.existsSync(path.join(dir, 'node.lock'))).toBe(false);
  }, 90_000);

  it('reports a busy port', async () => {
    const first = await startNode({ port: 0, tmp: true, mode: 'manual', logLevel: 'error' });
    try {
      await expect(startNode({ port: first.port, tmp: true, mode: 'manual', logLevel: 'error' })).rejects.toThrow(`Port ${first.port} on 127.0.0.1 is already in use`);
      expect((await fetch(first.httpUrl, { method: 'POST', body: '{"jsonrpc":"2.0","id":1,"method":"system_chain"}' }).then(r => r.json())).result).toBe('Bittensor');
    } finally {
      await first.stop();
    }
  });
});
