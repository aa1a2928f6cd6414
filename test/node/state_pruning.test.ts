// Block hashes beyond the in-memory window of recent ones come from the database's index (node/block_index.ts).
// State pruning (`--state-pruning`, Substrate's flag): a dev chain keeps every block but only the last n blocks'
// undo records, so its database does not grow by ~7 kB of undo per block forever. Queries and dev_setHead within the
// window work; beyond it they get UnknownBlock; a dev snapshot keeps the undo records a revert to it needs however
// old it gets; `archive` keeps all; the pruning point survives a restart. Driven over JSON-RPC against real nodes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startNode, type NodeHandle, type NodeOptions } from '../../node/index.ts';
import { toHex } from '../../runtime/codec/scale.ts';
import { storagePrefix } from '../../runtime/crypto/hashing.ts';
import { RawWs } from './helpers.ts';

const SYSTEM_NUMBER = toHex(storagePrefix('System', 'Number'));
/** System.Number's value (u32 LE) → the block number it records. */
const numberOf = (hex: string) => Buffer.from(hex.slice(2), 'hex').readUInt32LE(0);

const dirs: string[] = [];
afterAll(() => { for (const d of dirs) fs.rmSync(d, { recursive: true, force: true }); });

async function start(opts: Partial<NodeOptions>): Promise<{ node: NodeHandle; ws: RawWs; undoCount: () => number }> {
  const node = await startNode({ port: 0, mode: 'manual', logLevel: 'error', drand: { kind: 'off' }, validationWorkers: 0, ...opts });
  const ws = await RawWs.connect(node.url);
  return { node, ws, undoCount: () => node.chain.db.undoCount() };
}

async function stop(c: { node: NodeHandle; ws: RawWs }): Promise<void> { c.ws.close(); await c.node.stop(); }

async function hashAt(ws: RawWs, n: number): Promise<string> { return (await ws.request('chain_getBlockHash', [n])).result; }

describe('--state-pruning', () => {
  it('keeps the last n blocks\' state: queries and dev_setHead inside the window work, older ones get UnknownBlock', async () => {
    const c = await start({ tmp: true, statePruning: 16 });
    try {
      c.node.newBlock(100);
      // Blocks 85..100 have their undo records (state at 84..99 is reachable); 1..84 were deleted.
      expect(c.undoCount()).toBe(16);
      const inside = await c.ws.request('state_getStorage', [SYSTEM_NUMBER, await hashAt(c.ws, 90)]);
      expect(numberOf(inside.result)).toBe(90);
      const outside = await c.ws.request('state_getStorage', [SYSTEM_NUMBER, await hashAt(c.ws, 50)]);
      expect(outside.error?.message).toMatch(/UnknownBlock.*discarded/);
      // Every block itself is kept.
      const header = await c.ws.request('chain_getHeader', [await hashAt(c.ws, 1)]);
      expect(Number(header.result.number)).toBe(1);
      const refused = await c.ws.request('dev_setHead', [50]);
      expect(refused.error?.message).toMatch(/discarded/);
      expect(numberOf((await c.ws.request('state_getStorage', [SYSTEM_NUMBER])).result)).toBe(100); // head unchanged
      const moved = await c.ws.request('dev_setHead', [88]);
      expect(moved.error).toBeUndefined();
      expect(numberOf((await c.ws.request('state_getStorage', [SYSTEM_NUMBER])).result)).toBe(88);
    } finally { await stop(c); }
  });

  it('a dev snapshot keeps the undo records its revert needs, however many blocks later; then they are pruned', async () => {
    const c = await start({ tmp: true, statePruning: 16 });
    try {
      c.node.newBlock(10);
      const id = (await c.ws.request('dev_snapshot')).result;
      c.node.newBlock(80);
      expect(c.undoCount()).toBe(80); // blocks 11..90: everything after the snapshot's block 10
      expect((await c.ws.request('dev_revert', [id])).result).toBe(true);
      expect(numberOf((await c.ws.request('state_getStorage', [SYSTEM_NUMBER])).result)).toBe(10);
      // No snapshot left: the next blocks prune back to the window (at most 64 records per block).
      c.node.newBlock(40);
      expect(c.undoCount()).toBe(16);
    } finally { await stop(c); }
  });

  it('archive keeps every block\'s state', async () => {
    const c = await start({ tmp: true, statePruning: 'archive' });
    try {
      c.node.newBlock(60);
      expect(c.undoCount()).toBe(60);
      expect(numberOf((await c.ws.request('state_getStorage', [SYSTEM_NUMBER, await hashAt(c.ws, 1)])).result)).toBe(1);
    } finally { await stop(c); }
  });

  it('the pruning point survives a restart; a database kept in archive mode is pruned when restarted with a window', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'subtensor-ts-pruning-'));
    dirs.push(dir);
    let c = await start({ db: dir, statePruning: 'archive' });
    c.node.newBlock(100);
    expect(c.undoCount()).toBe(100);
    await stop(c);
    c = await start({ db: dir, statePruning: 16 });
    try {
      // The backlog goes at most 64 records a block: two blocks take it from 100 records to the window.
      c.node.newBlock(1);
      expect(c.undoCount()).toBe(101 - 64);
      c.node.newBlock(1);
      expect(c.undoCount()).toBe(16);
      expect((await c.ws.request('state_getStorage', [SYSTEM_NUMBER, await hashAt(c.ws, 20)])).error?.message).toMatch(/discarded/);
    } finally { await stop(c); }
    c = await start({ db: dir, statePruning: 16 });
    try {
      expect((await c.ws.request('state_getStorage', [SYSTEM_NUMBER, await hashAt(c.ws, 20)])).error?.message).toMatch(/discarded/);
      expect(numberOf((await c.ws.request('state_getStorage', [SYSTEM_NUMBER, await hashAt(c.ws, 95)])).result)).toBe(95);
    } finally { await stop(c); }
  });
});

describe('the number → hash index', () => {
  it('answers for blocks older than the hashes it holds in memory, before and after a restart', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'subtensor-ts-index-'));
    dirs.push(dir);
    let c = await start({ db: dir, recentHashes: 8 });
    const early: string[] = [];
    for (let i = 0; i < 20; i++) { c.node.newBlock(1); early.push(await hashAt(c.ws, i + 1)); }
    c.node.newBlock(60);
    // 81 blocks, 8 of them held in memory (the index's own bookkeeping, read as a white box).
    expect((c.node.chain as any).hashes.recent.size).toBeLessThanOrEqual(9);
    const check = async () => {
      for (const n of [1, 7, 20]) {
        expect(await hashAt(c.ws, n)).toBe(early[n - 1]);
        const header = await c.ws.request('chain_getHeader', [early[n - 1]]);
        expect(Number(header.result.number)).toBe(n);
      }
      expect(await hashAt(c.ws, 81)).toBeNull();
    };
    await check();
    await stop(c);
    c = await start({ db: dir, recentHashes: 8 });
    try {
      await check();
      // The finalized head and the state window reach below the in-memory hashes too.
      expect(numberOf((await c.ws.request('state_getStorage', [SYSTEM_NUMBER, early[19]])).result)).toBe(20);
      expect((await c.ws.request('dev_setHead', [30])).error).toBeUndefined();
      expect(await hashAt(c.ws, 31)).toBeNull();
      c.node.newBlock(3);
      expect(await hashAt(c.ws, 20)).toBe(early[19]);
      expect(numberOf((await c.ws.request('state_getStorage', [SYSTEM_NUMBER])).result)).toBe(33);
    } finally { await stop(c); }
  });
});
