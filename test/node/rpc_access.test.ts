// Who may call what (issue 15): unsafe methods (Substrate's list plus every dev_*) refused to a foreign browser
// Origin with Substrate's -32601 "RPC call is unsafe to be called externally"; a foreign Host (DNS rebinding) refused
// outright with 403; --rpc-methods safe refuses unsafe methods to everyone; --rpc-cors all opens it. Raw HTTP and
// websocket requests carrying those headers, as a browser page would send them.
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { startNode, type NodeHandle } from '../../node/index.ts';
import { isUnsafeMethod, resolveRpcMethods } from '../../node/rpc/access.ts';
import { SUBTENSOR_USER_EXTENSIONS, post } from './helpers.ts';

const call = (method: string, params: unknown[] = []) => JSON.stringify({ jsonrpc: '2.0', id: 1, method, params });

/** Opens a websocket with the given headers and sends one call; resolves with the answer or the refusal status. */
function wsCall(url: string, headers: Record<string, string>, method: string, params: unknown[] = []): Promise<{ status: number; msg?: any }> {
  return new Promise(resolve => {
    const ws = new WebSocket(url, { headers });
    ws.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode! }));
    ws.on('open', () => ws.send(call(method, params)));
    ws.on('message', d => { resolve({ status: 101, msg: JSON.parse(d.toString()) }); ws.close(); });
    ws.on('error', () => {});
  });
}

const EVIL = 'https://evil.example';

describe('default policy on loopback (rpc-methods auto → unsafe, default CORS)', () => {
  let node: NodeHandle;
  beforeAll(async () => { node = await startNode({ port: 0, tmp: true, mode: 'manual', logLevel: 'error' }); });
  afterAll(async () => { await node?.stop(); });

  it('a foreign Origin cannot call dev_* or Substrate-unsafe methods (HTTP and ws), but can read', async () => {
    for (const m of ['dev_newBlock', 'dev_setStorage', 'author_insertKey', 'author_rotateKeys']) {
      const r = await post(node.httpUrl, call(m, m === 'dev_setStorage' ? [[]] : []), { origin: EVIL });
      expect(JSON.parse(r.text).error).toEqual({ code: -32601, message: 'RPC call is unsafe to be called externally' });
      // No CORS header for a foreign origin: the page could not even read the refusal.
      expect(r.headers['access-control-allow-origin']).toBeUndefined();
      const w = await wsCall(node.url, { origin: EVIL }, m, m === 'dev_setStorage' ? [[]] : []);
      expect(w.msg.error.code).toBe(-32601);
    }
    const head = node.chain.head.number;
    expect(node.chain.head.number).toBe(head);
    expect((await wsCall(node.url, { origin: EVIL }, 'system_chain')).msg.result).toBe('Bittensor');
  });

  it('localhost origins, polkadot.js apps and non-browser clients (no Origin) may call unsafe methods', async () => {
    for (const origin of ['http://localhost:3000', 'http://127.0.0.1:8080', 'https://polkadot.js.org']) {
      const r = await post(node.httpUrl, call('dev_newBlock'), { origin });
      expect(JSON.parse(r.text).result).toMatch(/^0x[0-9a-f]{64}$/);
      expect(r.headers['access-control-allow-origin']).toBe(origin);
    }
    expect(JSON.parse((await post(node.httpUrl, call('dev_newBlock'))).text).result).toMatch(/^0x/);
    // A look-alike of an allowed origin is foreign.
    expect(JSON.parse((await post(node.httpUrl, call('dev_newBlock'), { origin: 'http://localhost.evil.example' })).text).error.code).toBe(-32601);
  });

  it('a foreign Host header (DNS rebinding) is refused with 403 on HTTP and on the ws upgrade', async () => {
    const r = await post(node.httpUrl, call('dev_newBlock'), { host: `rebind.evil.example:${node.port}` });
    expect(r.status).toBe(403);
    expect((await wsCall(node.url, { host: `rebind.evil.example:${node.port}` }, 'dev_newBlock')).status).toBe(403);
    // localhost and IP literals are this machine's names.
    expect((await post(node.httpUrl, call('system_chain'), { host: `localhost:${node.port}` })).status).toBe(200);
    expect((await post(node.httpUrl, call('system_chain'), { host: `127.0.0.1:${node.port}` })).status).toBe(200);
  });
});

describe('--rpc-methods safe and --rpc-cors all', () => {
  let safe: NodeHandle;
  let open: NodeHandle;
  beforeAll(async () => {
    safe = await startNode({ port: 0, tmp: true, mode: 'manual', logLevel: 'error', rpcMethods: 'safe' });
    open = await startNode({ port: 0, tmp: true, mode: 'manual', logLevel: 'error', rpcCors: 'all' });
  });
  afterAll(async () => { await safe?.stop(); await open?.stop(); });

  it('safe: unsafe methods refused to everyone, safe ones served', async () => {
    expect(JSON.parse((await post(safe.httpUrl, call('dev_newBlock'))).text).error.code).toBe(-32601);
    expect(JSON.parse((await post(safe.httpUrl, call('author_insertKey', ['aura', '//Alice', '0x00']))).text).error.code).toBe(-32601);
    expect(JSON.parse((await post(safe.httpUrl, call('chain_getBlockHash', [0]))).text).result).toBe(safe.chain.genesisHash);
  });

  it('cors all: any origin and host, CORS `*`', async () => {
    const r = await post(open.httpUrl, call('dev_newBlock'), { origin: EVIL, host: `whatever.example:${open.port}` });
    expect(JSON.parse(r.text).result).toMatch(/^0x/);
    expect(r.headers['access-control-allow-origin']).toBe('*');
  });

  it('auto resolves to unsafe on loopback and safe elsewhere; every dev_* method is unsafe', () => {
    expect(resolveRpcMethods('auto', '127.0.0.1')).toBe('unsafe');
    expect(resolveRpcMethods('auto', '::1')).toBe('unsafe');
    expect(resolveRpcMethods('auto', '0.0.0.0')).toBe('safe');
    expect(resolveRpcMethods('auto', '192.168.1.5')).toBe('safe');
    for (const m of safe.registry.names().filter(n => n.startsWith('dev_'))) expect(isUnsafeMethod(m)).toBe(true);
    expect(isUnsafeMethod('author_submitExtrinsic')).toBe(false);
  });
});

describe('rpc_methods and user-defined RPCs in @polkadot/api', () => {
  let node: NodeHandle;
  let api: ApiPromise;
  beforeAll(async () => {
    node = await startNode({ port: 0, tmp: true, mode: 'manual', logLevel: 'error' });
    api = await ApiPromise.create({
      provider: new WsProvider(node.url), signedExtensions: SUBTENSOR_USER_EXTENSIONS, noInitWarn: true,
      // As the Bittensor SDK's users define subtensor's custom RPC (pallets/subtensor/rpc: Vec<u8> results).
      rpc: {
        neuronInfo: {
          getNeuronsLite: { description: 'neurons lite', params: [{ name: 'netuid', type: 'u16' }, { name: 'at', type: 'Hash', isOptional: true }], type: 'Vec<u8>' },
        },
        subnetInfo: {
          getSubnetState: { description: 'subnet state', params: [{ name: 'netuid', type: 'u16' }, { name: 'at', type: 'Hash', isOptional: true }], type: 'Vec<u8>' },
        },
      },
    });
  });
  afterAll(async () => { await api?.disconnect(); await node?.stop(); });

  it('lists subtensor namespaces as subtensor does (pallets/subtensor/rpc)', async () => {
    const { methods } = (await api.rpc.rpc.methods()).toJSON() as { methods: string[] };
    for (const m of ['neuronInfo_getNeuronsLite', 'neuronInfo_getNeuron', 'subnetInfo_getSubnetsInfo_v2', 'subnetInfo_getDynamicInfo',
      'subnetInfo_getMetagraph', 'delegateInfo_getDelegates', 'delegateInfo_getDelegated']) expect(methods).toContain(m);
  });

  it('decorates api.rpc.neuronInfo.getNeuronsLite, which returns the runtime API bytes', async () => {
    expect(typeof (api.rpc as any).neuronInfo?.getNeuronsLite).toBe('function');
    const viaRpc = (await (api.rpc as any).neuronInfo.getNeuronsLite(1)).toU8a(true);
    const viaCall = (await api.rpc.state.call('NeuronInfoRuntimeApi_get_neurons_lite', '0x0100')).toU8a(true);
    expect(Buffer.from(viaRpc).toString('hex')).toBe(Buffer.from(viaCall).toString('hex'));
  });
});
