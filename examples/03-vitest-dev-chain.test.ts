// A test suite with its own chain: startDevChain() from subtensor-ts starts one on a free port (manual blocks,
// throwaway database) and gives the controls a test needs. Run it with `npx vitest run examples/`.
//
//   import { startDevChain } from 'subtensor-ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { startDevChain, type DevChain } from 'subtensor-ts';

describe('my subnet logic against a local chain', () => {
  let chain: DevChain;
  let api: ApiPromise;
  beforeAll(async () => {
    chain = await startDevChain();                 // { process: 'child-process' } isolates it in its own process
    api = await ApiPromise.create({ provider: new WsProvider(chain.url), noInitWarn: true });
  });
  afterAll(async () => { await api?.disconnect(); await chain?.close(); });

  it('builds blocks on demand', async () => {
    const before = (await api.rpc.chain.getHeader()).number.toNumber();
    await chain.newBlock(3);
    expect((await api.rpc.chain.getHeader()).number.toNumber()).toBe(before + 3);
  });

  it('runs an epoch whenever asked', async () => {
    const q = api.query.subtensorModule as any;
    const index = (await q.subnetEpochIndex(1)).toBigInt();
    await chain.runEpoch(1);
    expect((await q.subnetEpochIndex(1)).toBigInt()).toBe(index + 1n);
  });

  it('moves time', async () => {
    const at = Date.UTC(2030, 0, 1);
    await chain.timeTravel(at);
    await chain.newBlock();
    expect((await api.query.timestamp.now()).toString()).toBe(String(at));
  });
});
