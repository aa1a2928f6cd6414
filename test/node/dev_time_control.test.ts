// Dev time control (issue 14): dev_snapshot / dev_revert as anvil's evm_snapshot / evm_revert (head, state and pool
// back; the snapshot and later ones invalidated), dev_setHead as Chopsticks' (an earlier block becomes the head),
// all kept across a restart; and --deterministic, under which two nodes fed the same transactions build the same
// block hashes. Driven over the wire with @polkadot/api and raw JSON-RPC against real nodes on loopback ports.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiPromise, WsProvider, Keyring } from '@polkadot/api';
import { startNode, POLKADOT_JS_SIGNED_EXTENSIONS, type NodeHandle, type NodeOptions } from '../../node/index.ts';
import { RawWs } from './helpers.ts';

const TAO = 1_000_000_000n;

interface Conn { node: NodeHandle; api: ApiPromise; ws: RawWs }

async function connect(opts: Partial<NodeOptions>): Promise<Conn> {
  const node = await startNode({ port: 0, mode: 'manual', logLevel: 'error', ...opts });
  const api = await ApiPromise.create({ provider: new WsProvider(node.url), signedExtensions: POLKADOT_JS_SIGNED_EXTENSIONS, noInitWarn: true });
  const ws = await RawWs.connect(node.url);
  return { node, api, ws };
}

async function close(c: Conn | undefined): Promise<void> {
  if (!c) return;
  c.ws.close();
  await c.api.disconnect();
  await c.node.stop();
}

const free = async (c: Conn, who: string, at?: string): Promise<bigint> => {
  const api = at ? await c.api.at(at) : c.api;
  return BigInt(((await api.query.system.account(who)) as any).data.free.toString());
};
const nonce = async (c: Conn, who: string): Promise<number> => Number(((await c.api.query.system.account(who)) as any).nonce.toString());

describe('dev_snapshot / dev_revert / dev_setHead', () => {
  let dbDir: string;
  let c: Conn | undefined;
  let alice: ReturnType<Keyring['addFromUri']>;
  let bob: string;
  beforeAll(async () => {
    dbDir = fs.mkdtempSync(path.join(os.tmpdir(), 'subtensor-ts-devtime-'));
    // A validation worker holds its own replica of the head state: a rewind must reach it too.
    c = await connect({ db: dbDir, validationWorkers: 1 });
    const keyring = new Keyring({ type: 'sr25519' });
    alice = keyring.addFromUri('//Alice');
    bob = keyring.addFromUri('//Bob').address;
    await c.ws.call('dev_newBlock', [{ count: 2 }]);
  }, 60_000);
  afterAll(async () => {
    await close(c);
    fs.rmSync(dbDir, { recursive: true, force: true });
  });

  it('reverts head, state and pool to a snapshot; the snapshot and later ones are then gone', async () => {
    const conn = c!;
    const heads: any[] = [];
    const unsub = await conn.api.rpc.chain.subscribeNewHeads(h => { heads.push(h.number.toNumber()); });
    const id0 = await conn.ws.call('dev_snapshot');
    expect(id0).toMatch(/^0x[0-9a-f]+$/);

    await conn.api.tx.balances.transferKeepAlive(bob, 3n * TAO).signAndSend(alice);
    await conn.ws.call('dev_newBlock');
    const h1 = await conn.ws.call('chain_getBlockHash');
    const n1 = Number(await conn.ws.call('chain_getHeader').then((x: any) => parseInt(x.number, 16)));
    const bob1 = await free(conn, bob);
    const aliceNonce1 = await nonce(conn, alice.address);

    // A transaction waiting in the pool when the snapshot is taken.
    const pendingTx = await conn.api.tx.balances.transferKeepAlive(bob, 5n * TAO).signAsync(alice, { nonce: aliceNonce1 });
    const pendingHash = await conn.ws.call('author_submitExtrinsic', [pendingTx.toHex()]);
    const id1 = await conn.ws.call('dev_snapshot');
    expect(Number(id1)).toBe(Number(id0) + 1);

    await conn.ws.call('dev_newBlock', [{ count: 3 }]);
    expect(await free(conn, bob)).toBe(bob1 + 5n * TAO);
    expect(await conn.ws.call('author_pendingExtrinsics')).toEqual([]);

    expect(await conn.ws.call('dev_revert', [id1])).toBe(true);
    expect(await conn.ws.call('chain_getBlockHash')).toBe(h1);
    expect(await conn.ws.call('chain_getBlockHash', [n1 + 1])).toBeNull();
    expect(await free(conn, bob)).toBe(bob1);
    expect(await nonce(conn, alice.address)).toBe(aliceNonce1);
    // The pool holds the snapshot's transaction again, and it goes into the next block.
    expect(await conn.ws.call('author_pendingExtrinsics')).toEqual([pendingTx.toHex()]);
    // Reverting to the same id again: it was used up (anvil).
    expect(await conn.ws.call('dev_revert', [id1])).toBe(false);
    await conn.ws.call('dev_newBlock');
    const block = await conn.api.rpc.chain.getBlock();
    expect(block.block.extrinsics.map(x => x.hash.toHex())).toContain(pendingHash);
    expect(await free(conn, bob)).toBe(bob1 + 5n * TAO);

    // The earlier snapshot still applies: before the first transfer, with an empty pool.
    const before0 = await free(conn, bob, await conn.ws.call('chain_getBlockHash', [n1 - 1]));
    expect(await conn.ws.call('dev_revert', [id0])).toBe(true);
    expect(await free(conn, bob)).toBe(before0);
    expect(await conn.ws.call('author_pendingExtrinsics')).toEqual([]);
    // A transaction with the nonce of the restored state validates (on the worker's rewound replica) and lands.
    await conn.api.tx.balances.transferKeepAlive(bob, 7n * TAO).signAndSend(alice, { nonce: aliceNonce1 - 1 });
    await conn.ws.call('dev_newBlock');
    expect(await free(conn, bob)).toBe(before0 + 7n * TAO);

    // Subscribers heard the head move back (n1 + 3 → n1 → ... → n1 - 1).
    unsub();
    expect(heads).toContain(n1 + 3);
    const back = heads.indexOf(n1 + 3);
    expect(heads.slice(back + 1)).toContain(n1);
    expect(heads[heads.length - 1]).toBe(n1);
    expect(await conn.ws.call('dev_revert', ['0x999'])).toBe(false);
    const bad = await conn.ws.request('dev_revert', [{}]);
    expect(bad.error.code).toBe(-32602);
  }, 90_000);

  it('dev_setHead moves the head back by number, negative offset or hash; state is that block\'s', async () => {
    const conn = c!;
    await conn.ws.call('dev_newBlock', [{ count: 4 }]);
    const head = parseInt((await conn.ws.call('chain_getHeader')).number, 16);
    const target = head - 2;
    const targetHash = await conn.ws.call('chain_getBlockHash', [target]);
    const rootAtTarget = (await conn.ws.call('chain_getHeader', [targetHash])).stateRoot;
    const bobAtTarget = await free(conn, bob, targetHash);
    // A chainHead_v1 follower cannot be told of blocks taken back: its follow ends with `stop` (it re-follows).
    const follow = await conn.ws.call('chainHead_v1_follow', [false]);
    await conn.ws.waitFor(m => m.params.subscription === follow && m.params.result.event === 'bestBlockChanged', 'notifications');
    expect(await conn.ws.call('dev_setHead', [target])).toBe(targetHash);
    await conn.ws.waitFor(m => m.params.subscription === follow && m.params.result.event === 'stop', 'notifications');
    expect(await conn.ws.call('chain_getBlockHash', [target + 1])).toBeNull();
    expect(await free(conn, bob)).toBe(bobAtTarget);
    // The rebuilt block's state root starts from the restored state: same parent, so the next block is #target+1.
    await conn.ws.call('dev_newBlock');
    const next = await conn.ws.call('chain_getHeader');
    expect(next.parentHash).toBe(targetHash);
    expect(parseInt(next.number, 16)).toBe(target + 1);
    expect(rootAtTarget).toMatch(/^0x[0-9a-f]{64}$/);

    expect(await conn.ws.call('dev_setHead', [-1])).toBe(targetHash);
    const genesis = await conn.ws.call('chain_getBlockHash', [0]);
    const h2 = await conn.ws.call('chain_getBlockHash', [2]);
    expect(await conn.ws.call('dev_setHead', [h2])).toBe(h2);
    expect(parseInt((await conn.ws.call('chain_getHeader')).number, 16)).toBe(2);
    // Finality moved back with the head.
    expect(await conn.ws.call('chain_getFinalizedHead')).toBe(h2);
    for (const bad of [[5_000], ['0x' + '11'.repeat(32)], ['nope'], [-100]]) {
      const r = await conn.ws.request('dev_setHead', bad);
      expect(r.error?.code).toBe(-32602);
    }
    expect(await conn.ws.call('chain_getBlockHash', [0])).toBe(genesis);
  }, 60_000);

  it('snapshots, the rewound head and its state survive a restart', async () => {
    let conn = c!;
    await conn.ws.call('dev_newBlock', [{ count: 2 }]);
    const snapHead = await conn.ws.call('chain_getBlockHash');
    const bobAtSnap = await free(conn, bob);
    const id = await conn.ws.call('dev_snapshot');
    await conn.api.tx.balances.transferKeepAlive(bob, 11n * TAO).signAndSend(alice);
    await conn.ws.call('dev_newBlock', [{ count: 2 }]);
    await close(conn);
    c = conn = await connect({ db: dbDir, validationWorkers: 1 });
    expect(await free(conn, bob)).toBe(bobAtSnap + 11n * TAO);
    expect(await conn.ws.call('dev_revert', [id])).toBe(true);
    await close(conn);
    c = conn = await connect({ db: dbDir, validationWorkers: 1 });
    expect(await conn.ws.call('chain_getBlockHash')).toBe(snapHead);
    expect(await free(conn, bob)).toBe(bobAtSnap);
    expect(await conn.ws.call('dev_revert', [id])).toBe(false);
    // Ids keep increasing after a restart (never reused).
    expect(Number(await conn.ws.call('dev_snapshot'))).toBeGreaterThan(Number(id));
  }, 90_000);
});

describe('--deterministic', () => {
  const nodes: Conn[] = [];
  afterAll(async () => { for (const n of nodes) await close(n); });

  /** Builds the same 4 blocks (two with the same pre-signed transfers) on a fresh node; returns the block hashes. */
  async function run(deterministic: boolean, txs: string[][]): Promise<string[]> {
    const conn = await connect({ tmp: true, deterministic, drand: { kind: 'dev' } });
    nodes.push(conn);
    const hashes: string[] = [];
    // A fixed date, so the dev drand beacon (which reads the chain's clock in this mode) has rounds to publish.
    await conn.ws.call('dev_timeTravel', ['2026-01-01T00:00:00Z']);
    for (let b = 0; b < 4; b++) {
      for (const x of txs[b] ?? []) await conn.ws.call('author_submitExtrinsic', [x]);
      hashes.push(await conn.ws.call('dev_newBlock'));
      await conn.node.drand!.lastPass;
    }
    // The beacon's pulse went into a block (Drand.LastStoredRound set), so its determinism is part of what is compared.
    expect(((await conn.api.query.drand.lastStoredRound()) as any).toNumber()).toBeGreaterThan(0);
    return hashes;
  }

  it('two nodes fed the same transactions build identical block hashes; without it they differ', async () => {
    // Client signatures are randomised too: sign once, feed the same bytes to every node.
    const signer = await connect({ tmp: true, drand: { kind: 'dev' } });
    nodes.push(signer);
    const keyring = new Keyring({ type: 'sr25519' });
    const alice = keyring.addFromUri('//Alice');
    const bob = keyring.addFromUri('//Bob');
    const tx = async (from: typeof alice, to: string, n: number) => (await signer.api.tx.balances.transferKeepAlive(to, BigInt(n + 1) * TAO).signAsync(from, { nonce: n % 2, era: 0 })).toHex();
    const txs = [[await tx(alice, bob.address, 0), await tx(bob, alice.address, 0)], [], [await tx(alice, bob.address, 1)]];

    const a = await run(true, txs);
    const b = await run(true, txs);
    expect(b).toEqual(a);
    expect(new Set(a).size).toBe(4);
    // The same inputs without --deterministic: the randomised seal (and MEV Shield key) give other hashes.
    const x = await run(false, txs);
    const y = await run(false, txs);
    expect(x[0]).not.toBe(y[0]);
    expect(x[0]).not.toBe(a[0]);
  }, 120_000);
});
