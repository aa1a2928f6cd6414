// Shared bits of the node's end-to-end tests: a raw JSON-RPC websocket client (to see exact wire responses) and
// the signed-extension declarations @polkadot/api needs for subtensor's custom, payload-free extensions.
import http from 'node:http';
import WebSocket from 'ws';
import { afterAll, beforeAll } from 'vitest';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { startNode, POLKADOT_JS_SIGNED_EXTENSIONS as SUBTENSOR_USER_EXTENSIONS, type NodeHandle, type NodeOptions } from '../../node/index.ts';

export class RawWs {
  private nextId = 1;
  private pending = new Map<number | string, (msg: any) => void>();
  readonly notifications: any[] = [];
  readonly unsolicited: any[] = [];
  private waiters: (() => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', data => {
      const msg = JSON.parse(data.toString());
      if (Array.isArray(msg)) { this.unsolicited.push(msg); this.wake(); return; }
      if (msg.method && msg.params?.subscription !== undefined) { this.notifications.push(msg); this.wake(); return; }
      const cb = msg.id !== undefined && msg.id !== null ? this.pending.get(msg.id) : undefined;
      if (cb) { this.pending.delete(msg.id); cb(msg); } else { this.unsolicited.push(msg); this.wake(); }
    });
  }

  private wake(): void { const w = this.waiters; this.waiters = []; for (const f of w) f(); }

  static async connect(url: string): Promise<RawWs> {
    const ws = new WebSocket(url);
    await new Promise<void>((res, rej) => { ws.once('open', () => res()); ws.once('error', rej); });
    return new RawWs(ws);
  }

  /** Sends a request and resolves with the whole response object. */
  request(method: string, params: unknown[] = []): Promise<any> {
    const id = this.nextId++;
    return new Promise(resolve => {
      this.pending.set(id, resolve);
      this.ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
  }

  async call(method: string, params: unknown[] = []): Promise<any> {
    const r = await this.request(method, params);
    if (r.error) throw Object.assign(new Error(`${method}: ${r.error.message}`), { rpc: r.error });
    return r.result;
  }

  sendRaw(text: string): void { this.ws.send(text); }

  /** Waits for the next message matched by `pred` among unsolicited ones / notifications. */
  async waitFor(pred: (m: any) => boolean, from: 'unsolicited' | 'notifications' = 'unsolicited', timeoutMs = 5000): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const list = from === 'unsolicited' ? this.unsolicited : this.notifications;
      const i = list.findIndex(pred);
      if (i >= 0) return list.splice(i, 1)[0];
      if (Date.now() > deadline) throw new Error('timed out waiting for a message');
      await new Promise<void>(res => { this.waiters.push(res); setTimeout(res, 50); });
    }
  }

  close(): void { this.ws.close(); }
}

/** subtensor's transaction extensions that carry no payload (same as real subtensor users must declare). */
export { SUBTENSOR_USER_EXTENSIONS };

/** A dev node on a free loopback port with a @polkadot/api client and a raw websocket client connected to it. */
export interface NodeFixture { node: NodeHandle; api: ApiPromise; ws: RawWs }

/**
 * Registers beforeAll / afterAll hooks that start a node (manual block production, throwaway DB unless `opts`
 * says otherwise) and connect both clients; the returned object is filled in before the first test runs.
 */
export function useNode(opts: Partial<NodeOptions> = {}): NodeFixture {
  const f = {} as NodeFixture;
  beforeAll(async () => {
    f.node = await startNode({ port: 0, tmp: true, mode: 'manual', logLevel: 'error', ...opts });
    f.api = await ApiPromise.create({ provider: new WsProvider(f.node.url), signedExtensions: SUBTENSOR_USER_EXTENSIONS, noInitWarn: true });
    f.ws = await RawWs.connect(f.node.url);
  });
  afterAll(async () => {
    f.ws?.close();
    await f.api?.disconnect();
    await f.node?.stop();
  });
  return f;
}

/** Raw HTTP POST with chosen headers; resolves with status and body text. */
export function post(url: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string; headers: http.IncomingHttpHeaders }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, method: 'POST', path: '/', headers: { 'content-type': 'application/json', ...headers } }, res => {
      let text = '';
      res.on('data', d => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode!, text, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
