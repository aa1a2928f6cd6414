// JSON-RPC 2.0 over websocket and plain HTTP POST on one port, as a Substrate node serves it: batches,
// notifications (requests without an id get no answer), subscriptions with string ids, and the standard error codes.
// Namespaces register their methods on an `RpcRegistry`; this file knows nothing about the chain.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, WebSocket } from 'ws';

export const PARSE_ERROR = -32700;
export const INVALID_REQUEST = -32600;
export const METHOD_NOT_FOUND = -32601;
export const INVALID_PARAMS = -32602;
export const INTERNAL_ERROR = -32603;

export class RpcError extends Error {
  constructor(readonly code: number, message: string, readonly data?: unknown) { super(message); }
}

export const invalidParams = (msg: string) => new RpcError(INVALID_PARAMS, `Invalid params: ${msg}`);

/** Where a subscription's notifications go. `close` ends it from the server side (e.g. a finalized transaction). */
export interface SubscriptionSink {
  readonly id: string;
  send(result: unknown): void;
  close(): void;
  readonly closed: boolean;
}

export interface CallContext {
  /** The websocket connection, or null over HTTP (where subscriptions are not available). */
  connection: RpcConnection | null;
}

export type MethodHandler = (params: unknown[], ctx: CallContext) => unknown;

export interface SubscriptionDef {
  /** Notification method name, e.g. `chain_newHead`. */
  notification: string;
  /** Unsubscribe method names (first is canonical, the rest aliases). */
  unsubscribe: string[];
  /** Starts the subscription; returns the function that stops it. May throw RpcError before anything is sent. */
  start(params: unknown[], sink: SubscriptionSink): (() => void) | Promise<() => void>;
}

interface MethodEntry { params?: string[]; handler?: MethodHandler; sub?: SubscriptionDef; hidden?: boolean }

export class RpcRegistry {
  private methods = new Map<string, MethodEntry>();

  /** Registers a method. `paramNames` lets by-name (object) params map onto positions. */
  method(name: string | string[], handler: MethodHandler, paramNames?: string[]): void {
    for (const n of Array.isArray(name) ? name : [name]) this.methods.set(n, { handler, params: paramNames });
  }

  subscription(name: string | string[], def: SubscriptionDef, paramNames?: string[]): void {
    for (const n of Array.isArray(name) ? name : [name]) this.methods.set(n, { sub: def, params: paramNames });
    for (const u of def.unsubscribe) {
      this.methods.set(u, {
        handler: (params, ctx) => {
          if (!ctx.connection) throw new RpcError(METHOD_NOT_FOUND, 'Subscriptions are not available on this transport');
          const id = params[0];
          if (typeof id !== 'string' && typeof id !== 'number') throw invalidParams('expected a subscription id');
          return ctx.connection.unsubscribe(String(id), def.notification);
        },
      });
    }
  }

  has(name: string): boolean { return this.methods.has(name); }
  get(name: string): MethodEntry | undefined { return this.methods.get(name); }
  names(): string[] { return [...this.methods.keys()].sort(); }
}

let nextSubscriptionId = 1;
function newSubscriptionId(): string {
  // Substrate hands out opaque random-looking strings; a counter keeps them unique within the process.
  return (nextSubscriptionId++).toString(36).padStart(16, '0');
}

export class RpcConnection {
  private subs = new Map<string, { notification: string; stop: () => void; sink: { closed: boolean } }>();
  closed = false;

  constructor(private readonly socket: WebSocket) {}

  private corked = false;

  sendRaw(text: string): void {
    if (this.closed || this.socket.readyState !== WebSocket.OPEN) return;
    // Frames sent in one turn of the event loop leave in one write: under a burst of submissions (thousands of
    // answers a second, each resolved by its own worker message) a syscall per frame costs more than the answers
    // themselves. ws corks its own header + payload writes; this outer cork holds them until the loop's check phase.
    const raw = (this.socket as unknown as { _socket?: { cork(): void; uncork(): void } })._socket;
    if (raw && !this.corked) {
      this.corked = true;
      raw.cork();
      setImmediate(() => { this.corked = false; raw.uncork(); });
    }
    this.socket.send(text);
  }

  async startSubscription(def: SubscriptionDef, params: unknown[], respond: (id: string) => void): Promise<void> {
    const id = newSubscriptionId();
    const state = { closed: false };
    // Notifications produced synchronously by `start` (the initial value) must follow the response carrying the id.
    const pending: string[] = [];
    let responded = false;
    const sink: SubscriptionSink = {
      id,
      get closed() { return state.closed || conn.closed; },
      send: (result: unknown) => {
        if (state.closed) return;
        const text = JSON.stringify({ jsonrpc: '2.0', method: def.notification, params: { subscription: id, result } });
        if (responded) this.sendRaw(text); else pending.push(text);
      },
      close: () => {
        if (state.closed) return;
        state.closed = true;
        const entry = this.subs.get(id);
        this.subs.delete(id);
        entry?.stop();
      },
    };
    const conn = this;
    let stop = def.start(params, sink);
    if (stop instanceof Promise) stop = await stop;
    if (state.closed || this.closed) { stop(); } else this.subs.set(id, { notification: def.notification, stop, sink: state });
    respond(id);
    responded = true;
    for (const t of pending) this.sendRaw(t);
  }

  unsubscribe(id: string, notification: string): boolean {
    const s = this.subs.get(id);
    if (!s || s.notification !== notification) return false;
    this.subs.delete(id);
    s.sink.closed = true;
    s.stop();
    return true;
  }

  close(): void {
    this.closed = true;
    for (const s of this.subs.values()) { s.sink.closed = true; try { s.stop(); } catch { /* already gone */ } }
    this.subs.clear();
  }

  get subscriptionCount(): number { return this.subs.size; }
}

type Json = any;

function errorObject(e: unknown): { code: number; message: string; data?: unknown } {
  if (e instanceof RpcError) return e.data === undefined ? { code: e.code, message: e.message } : { code: e.code, message: e.message, data: e.data };
  return { code: INTERNAL_ERROR, message: `Internal error: ${(e as Error)?.message ?? String(e)}` };
}

const errorResponse = (id: Json, e: unknown) => ({ jsonrpc: '2.0', error: errorObject(e), id });

export interface RpcServerOptions {
  host: string;
  port: number;
  registry: RpcRegistry;
  /** Largest accepted request body / frame (bytes). */
  maxMessageBytes?: number;
  onLog?: (msg: string) => void;
  /** Serves other GET/HEAD requests (the explorer page); returns false when it has nothing for the path. */
  httpGet?: (req: http.IncomingMessage, res: http.ServerResponse) => boolean;
}

export class RpcServer {
  private http: http.Server;
  private wss: WebSocketServer;
  private connections = new Set<RpcConnection>();
  readonly registry: RpcRegistry;

  private constructor(private readonly opts: RpcServerOptions) {
    this.registry = opts.registry;
    const maxBytes = opts.maxMessageBytes ?? 15 * 1024 * 1024;
    this.http = http.createServer((req, res) => this.handleHttp(req, res, maxBytes));
    this.http.keepAliveTimeout = 5000;
    this.wss = new WebSocketServer({ server: this.http, maxPayload: maxBytes, perMessageDeflate: false });
    this.wss.on('connection', socket => this.handleSocket(socket));
    // ws re-emits the http server's errors (e.g. EADDRINUSE) here; `listen` reports them from the http side.
    this.wss.on('error', () => {});
  }

  static async listen(opts: RpcServerOptions): Promise<RpcServer> {
    const s = new RpcServer(opts);
    await new Promise<void>((resolve, reject) => {
      const onError = (e: NodeJS.ErrnoException) => {
        s.wss.close();
        if (e.code === 'EADDRINUSE') reject(new Error(`Port ${opts.port} on ${opts.host} is already in use (another node running?). Pick another with --port.`));
        else if (e.code === 'EACCES') reject(new Error(`No permission to listen on ${opts.host}:${opts.port}.`));
        else reject(e);
      };
      s.http.once('error', onError);
      s.http.listen(opts.port, opts.host, () => { s.http.off('error', onError); resolve(); });
    });
    return s;
  }

  get port(): number { return (this.http.address() as AddressInfo).port; }

  async close(): Promise<void> {
    for (const c of this.connections) c.close();
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>(resolve => this.wss.close(() => resolve()));
    this.http.closeAllConnections?.();
    await new Promise<void>(resolve => this.http.close(() => resolve()));
  }

  private handleSocket(socket: WebSocket): void {
    const conn = new RpcConnection(socket);
    this.connections.add(conn);
    socket.on('message', (data, isBinary) => {
      const text = isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString();
      void this.handleText(text, conn).then(out => { if (out !== undefined) conn.sendRaw(out); });
    });
    socket.on('close', () => { conn.close(); this.connections.delete(conn); });
    socket.on('error', () => { /* the close event follows */ });
  }

  private handleHttp(req: http.IncomingMessage, res: http.ServerResponse, maxBytes: number): void {
    if (req.method === 'GET' && (req.url === '/health' || req.url === '/health/readiness')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"isSyncing":false,"peers":0,"shouldHavePeers":false}');
      return;
    }
    if ((req.method === 'GET' || req.method === 'HEAD') && this.opts.httpGet?.(req, res)) return;
    if (req.method === 'OPTIONS') {
      res.writeHead(204, corsHeaders()).end();
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { 'content-type': 'text/plain', ...corsHeaders() }).end('Used HTTP Method is not allowed. POST or OPTIONS is required\n');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) { res.writeHead(413).end(); req.destroy(); return; }
      chunks.push(c);
    });
    req.on('end', () => {
      if (res.writableEnded) return;
      void this.handleText(Buffer.concat(chunks).toString('utf8'), null).then(out => {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', ...corsHeaders() });
        res.end(out ?? '');
      });
    });
  }

  /** One frame or HTTP body in, the response text (or undefined when nothing is owed) out. */
  async handleText(text: string, conn: RpcConnection | null): Promise<string | undefined> {
    let msg: Json;
    try {
      msg = JSON.parse(text);
    } catch {
      return JSON.stringify(errorResponse(null, new RpcError(PARSE_ERROR, 'Parse error')));
    }
    if (Array.isArray(msg)) {
      if (msg.length === 0) return JSON.stringify(errorResponse(null, new RpcError(INVALID_REQUEST, 'Invalid request')));
      const outs = await Promise.all(msg.map(m => this.handleOne(m, conn)));
      const answered = outs.filter(o => o !== undefined);
      return answered.length ? JSON.stringify(answered) : undefined;
    }
    const out = await this.handleOne(msg, conn);
    return out === undefined ? undefined : JSON.stringify(out);
  }

  private async handleOne(msg: Json, conn: RpcConnection | null): Promise<Json | undefined> {
    const validId = (id: unknown) => id === null || typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id));
    if (msg === null || typeof msg !== 'object' || Array.isArray(msg) || msg.jsonrpc !== '2.0' || typeof msg.method !== 'string'
      || ('id' in msg && !validId(msg.id))
      || ('params' in msg && msg.params !== null && typeof msg.params !== 'object')) {
      const id = msg && typeof msg === 'object' && validId(msg.id) ? msg.id : null;
      return errorResponse(id, new RpcError(INVALID_REQUEST, 'Invalid request'));
    }
    const isNotification = !('id' in msg);
    const id = msg.id ?? null;
    const entry = this.registry.get(msg.method);
    if (!entry) return isNotification ? undefined : errorResponse(id, new RpcError(METHOD_NOT_FOUND, 'Method not found'));
    let params: unknown[];
    if (msg.params === undefined || msg.params === null) params = [];
    else if (Array.isArray(msg.params)) params = msg.params;
    else if (entry.params) params = entry.params.map(n => (msg.params as Record<string, unknown>)[n]);
    else return errorResponse(id, invalidParams('this method takes positional parameters'));
    // Trailing nulls are the same as absent optional params.
    while (params.length && (params[params.length - 1] === null || params[params.length - 1] === undefined)) params = params.slice(0, -1);

    if (entry.sub) {
      if (!conn) return errorResponse(id, new RpcError(METHOD_NOT_FOUND, 'Subscriptions are not available on HTTP; use a websocket'));
      try {
        let response: Json;
        await conn.startSubscription(entry.sub, params, subId => {
          response = { jsonrpc: '2.0', result: subId, id };
          // The id must reach the client before the first notification.
          conn.sendRaw(JSON.stringify(response));
        });
        return undefined;
      } catch (e) {
        return errorResponse(id, e);
      }
    }
    try {
      let result = entry.handler!(params, { connection: conn });
      if (result instanceof Promise) result = await result;
      if (isNotification) return undefined;
      return { jsonrpc: '2.0', result: result === undefined ? null : result, id };
    } catch (e) {
      if (!(e instanceof RpcError)) this.opts.onLog?.(`RPC ${msg.method} failed: ${(e as Error)?.stack ?? e}`);
      return isNotification ? undefined : errorResponse(id, e);
    }
  }
}

function corsHeaders(): Record<string, string> {
  return { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type', 'access-control-allow-methods': 'POST, OPTIONS' };
}
