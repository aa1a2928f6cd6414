// dev_runEpoch: "run an epoch whenever they ask" — the subnet's epoch runs in the next block, through the same
// scheduler path as subtensor's trigger_epoch (PendingEpochAt), and nothing else is forced.
import '@polkadot/api-augment';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiPromise } from '@polkadot/api';
import type { NodeHandle } from '../../node/index.ts';
import { type RawWs, useNode } from './helpers.ts';

describe('dev_runEpoch', () => {
  const f = useNode({ logLevel: 'silent' });
  let node: NodeHandle;
  let api: ApiPromise;
  let ws: RawWs;
  beforeAll(() => { ({ node, api, ws } = f); });

  it('runs subnet 1 epoch in the next block, long before its tempo is due', async () => {
    const q = api.query.subtensorModule as any;
    const tempo = (await q.tempo(1)).toNumber();
    const indexBefore = (await q.subnetEpochIndex(1)).toBigInt();
    const start = node.chain.head.number;
    // Genesis subnet 1 has tempo 100: without the trigger no epoch would run for many blocks.
    expect(tempo).toBeGreaterThan(5);

    const hash = await ws.call('dev_runEpoch', [1]);
    expect(hash).toBe(node.chain.head.hash);
    expect(node.chain.head.number).toBe(start + 1);
    expect((await q.subnetEpochIndex(1)).toBigInt()).toBe(indexBefore + 1n);
    expect((await q.lastEpochBlock(1)).toBigInt()).toBe(BigInt(start + 1));
    expect((await q.pendingEpochAt(1)).toBigInt()).toBe(0n);
  });

  it('without arguments runs every non-root subnet; root is left alone', async () => {
    const q = api.query.subtensorModule as any;
    const rootIndex = (await q.subnetEpochIndex(0)).toBigInt();
    const before = (await q.subnetEpochIndex(1)).toBigInt();
    await ws.call('dev_runEpoch', []);
    expect((await q.subnetEpochIndex(1)).toBigInt()).toBe(before + 1n);
    expect((await q.subnetEpochIndex(0)).toBigInt()).toBe(rootIndex);
  });

  it('rejects an unknown subnet with invalid params and builds nothing', async () => {
    const number = node.chain.head.number;
    const r = await ws.request('dev_runEpoch', [77]);
    expect(r.error.code).toBe(-32602);
    expect(r.error.message).toMatch(/subnet 77 does not exist/);
    expect(node.chain.head.number).toBe(number);
  });
});
