// Requests that used to wedge the node (issue 15) each get a prompt JSON-RPC error or a bounded answer, with the
// codes a Substrate node (jsonrpsee) uses, and the node answers system_health meanwhile and afterwards.
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keyring } from '@polkadot/keyring';
import { startNode, type NodeHandle } from '../../node/index.ts';
import { MAX_DEV_BLOCKS } from '../../node/rpc/dev.ts';
import { RawWs, post, useNode } from './helpers.ts';

const call = (method: string, params: unknown[] = [], id = 1) => JSON.stringify({ jsonrpc: '2.0', id, method, params });

/** Resolves with [value, ms]; rejects if it takes longer than `ms`. */
async function within<T>(ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, rej) => { timer = setTimeout(() => rej(new Error(`no answer within ${ms} ms`)), ms); });
  try { return await Promise.race([p, timeout]); } finally { clearTimeout(timer!); }
}

describe('wedge cases from issue 15 (default limits)', () => {
  const f = useNode();
  const health = async () => expect((await within(3000, f.ws.call('system_health'))).peers).toBe(0);

  it('a long non-address string is refused in linear time (system_accountNextIndex, account_nextIndex)', async () => {
    for (const size of [32 * 1024, 1024 * 1024]) {
      const junk = 'x'.repeat(size);
      const t0 = performance.now();
      for (const m of ['system_accountNextIndex', 'account_nextIndex']) {
        const r = await within(5000, f.ws.request(m, [junk]));
        expect(r.error.code).toBe(-32602);
      }
      expect(performance.now() - t0).toBeLessThan(3000);
      // A 1 MB string of valid base58 characters as well (the slow path was the base58 decoder).
      const r = await within(5000, f.ws.request('system_accountNextIndex', ['5'.repeat(size)]));
      expect(r.error.code).toBe(-32602);
    }
    // A real address still works.
    expect(await f.ws.call('system_accountNextIndex', ['5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY'])).toBe(0);
    await health();
  });

  it('dev_newBlock with a huge count is refused at once; the bound itself is stated', async () => {
    const r = await within(2000, f.ws.request('dev_newBlock', [{ count: 4294967295 }]));
    expect(r.error.code).toBe(-32602);
    expect(r.error.message).toContain(String(MAX_DEV_BLOCKS));
    const r2 = await within(2000, f.ws.request('dev_newBlock', [{ to: 4294967295 }]));
    expect(r2.error.code).toBe(-32602);
    await health();
  });

  it('dev_timeTravel(1e30) is refused and the next block is fine', async () => {
    const r = await f.ws.request('dev_timeTravel', [1e30]);
    expect(r.error.code).toBe(-32602);
    const before = f.node.chain.head.number;
    await f.ws.call('dev_newBlock', [{ count: 1 }]);
    expect(f.node.chain.head.number).toBe(before + 1);
  });

  it('dev_setStorage with too many entries is refused', async () => {
    const entries = Array.from({ length: 100_001 }, (_, i) => [`0x${i.toString(16).padStart(8, '0')}`, '0x00']);
    const r = await within(5000, f.ws.request('dev_setStorage', [entries]));
    expect(r.error.code).toBe(-32602);
  });

  it('a batch of 2,000 state_getMetadata gets -32011 promptly, system_health answered meanwhile', async () => {
    const batch = JSON.stringify(Array.from({ length: 2000 }, (_, i) => ({ jsonrpc: '2.0', id: i, method: 'state_getMetadata', params: [] })));
    const t0 = performance.now();
    const answer = post(f.node.httpUrl, batch);
    await health();
    const r = await within(10_000, answer);
    const body = JSON.parse(r.text);
    expect(body.error.code).toBe(-32011);
    expect(performance.now() - t0).toBeLessThan(10_000);
    await health();
  });

  it('hex parameters of 4 MB and more are parsed (no stack overflow): a 5 MB signed remark is accepted and included', async () => {
    const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
    const remark = '0x' + '61'.repeat(5 * 1024 * 1024);
    const xt = await f.api.tx.system.remark(remark).signAsync(alice, { nonce: await f.ws.call('system_accountNextIndex', [alice.address]) });
    const hex = xt.toHex();
    expect(hex.length).toBeGreaterThan(10 * 1024 * 1024);
    const hash = await within(20_000, f.ws.call('author_submitExtrinsic', [hex]));
    expect(hash).toBe(xt.hash.toHex());
    await f.ws.call('dev_newBlock', [{ count: 1 }]);
    expect(f.node.chain.head.body.some(b => b.length > 5 * 1024 * 1024)).toBe(true);
    // Malformed hex of 4 MB: -32602, not -32603.
    const r = await within(5000, f.ws.request('author_submitExtrinsic', ['0x' + 'zz'.repeat(2 * 1024 * 1024)]));
    expect(r.error.code).toBe(-32602);
    await health();
  });
});

describe('RPC server limits (Substrate flag names)', () => {
  let node: NodeHandle;
  beforeAll(async () => {
    node = await startNode({
      port: 0, tmp: true, mode: 'manual', logLevel: 'error',
      rpcLimits: { maxRequestBytes: 64 * 1024, maxResponseBytes: 32 * 1024, maxConnections: 3, maxSubscriptionsPerConnection: 2, maxBatchLen: 5 },
    });
  });
  afterAll(async () => { await node?.stop(); });

  it('--rpc-max-request-size: -32007 over HTTP (413) and over ws', async () => {
    const big = call('system_accountNextIndex', ['a'.repeat(70 * 1024)]);
    const r = await post(node.httpUrl, big);
    expect(r.status).toBe(413);
    expect(JSON.parse(r.text).error.code).toBe(-32007);
    const ws = await RawWs.connect(node.url);
    ws.sendRaw(big);
    const m = await ws.waitFor(x => x.error?.code === -32007);
    expect(m.error.message).toBe('Request is too big');
    expect((await ws.call('system_health')).peers).toBe(0);
    ws.close();
  });

  it('--rpc-max-response-size: -32008 for one call, -32011 for a batch', async () => {
    const r = JSON.parse((await post(node.httpUrl, call('state_getMetadata'))).text);
    expect(r.error.code).toBe(-32008);
    expect(r.id).toBe(1);
    const small = JSON.parse((await post(node.httpUrl, call('system_chain'))).text);
    expect(small.result).toBe('Bittensor');
  });

  it('--rpc-max-batch-request-len: -32010 above it, answered at it', async () => {
    const batch = (n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => ({ jsonrpc: '2.0', id: i, method: 'system_chain', params: [] })));
    expect(JSON.parse((await post(node.httpUrl, batch(6))).text).error.code).toBe(-32010);
    expect(JSON.parse((await post(node.httpUrl, batch(5))).text)).toHaveLength(5);
  });

  it('--rpc-max-subscriptions-per-connection: -32006 for one more', async () => {
    const ws = await RawWs.connect(node.url);
    await ws.call('chain_subscribeNewHeads');
    await ws.call('chain_subscribeFinalizedHeads');
    const r = await ws.request('chain_subscribeNewHeads');
    expect(r.error.code).toBe(-32006);
    ws.close();
  });

  it('--rpc-max-connections: the connection over the limit is refused (429), the others keep working', async () => {
    const open = await Promise.all([RawWs.connect(node.url), RawWs.connect(node.url), RawWs.connect(node.url)]);
    const status = await new Promise<number>(resolve => {
      const ws = new WebSocket(node.url);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode!));
      ws.on('open', () => { resolve(101); ws.close(); });
      ws.on('error', () => {});
    });
    expect(status).toBe(429);
    expect((await open[0].call('system_health')).peers).toBe(0);
    for (const w of open) w.close();
  });
});
