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
// jsonrpsee's server error codes, which a Substrate node answers with when a limit is hit.
export const TOO_MANY_SUBSCRIPTIONS = -32006;
export const OVERSIZED_REQUEST = -32007;
export const OVERSIZED_RESPONSE = -32008;
export const TOO_BIG_BATCH_REQUEST = -32010;
export const TOO_BIG_BATCH_RESPONSE = -32011;
/** Substrate's answer to an unsafe method on a connection that may only call safe ones. */
export const UNSAFE_RPC_CALLED = -32601;

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

/** Server limits, named and defaulted as Substrate's `--rpc-max-*` flags. */
export interface RpcLimits {
  /** --rpc-max-request-size: largest request (HTTP body or websocket message), bytes. Substrate: 15 MiB. */
  maxRequestBytes: number;
  /** --rpc-max-response-size: largest response (a batch's together), bytes. Substrate: 15 MiB. */
  maxResponseBytes: number;
  /** --rpc-max-connections: open websocket connections. Substrate: 100. */
  maxConnections: number;
  /** --rpc-max-subscriptions-per-connection. Substrate: 1024. */
  maxSubscriptionsPerConnection: number;
  /** --rpc-max-batch-request-len: calls in one batch (Infinity = unlimited, Substrate's default). */
  maxBatchLen: number;
}

export const DEFAULT_RPC_LIMITS: RpcLimits = {
  maxRequestBytes: 15 * 1024 * 1024,
  maxResponseBytes: 15 * 1024 * 1024,
  maxConnections: 100,
  maxSubscriptionsPerConnection: 1024,
  maxBatchLen: Infinity,
};

/** Who may call what, decided per HTTP request / websocket connection from its headers (node/rpc/access.ts). */
export interface AccessPolicy {
  /** null = refuse the request (HTTP 403), else whether unsafe methods may be called. */
  admit(headers: http.IncomingHttpHeaders): { unsafeAllowed: boolean } | null;
  /** Access-Control-Allow-Origin for a request from `origin`, or null to send none. */
  corsOrigin(origin: string | undefined): string | null;
  isUnsafe(method: string): boolean;
}

/** Serves GET requests on the RPC port: return true when handled. */
export type GetRoute = (req: http.IncomingMessage, res: http.ServerResponse) => boolean;

export type MethodHandler = (params: unknown[], ctx: CallContext) => unknown;

export interface SubscriptionDef {
  /** Notification method name, e.g. `chain_newHead`. */
  notification: string;
  /** Unsubscribe method names (first is canonical, the rest aliases). */
  unsubscribe: string[];
  /** Starts the subscription; returns the function that stops it. May throw RpcError before anything is sent. */
  start(params: unknown[], sink: SubscriptionSink): (() => void) | Promise<() => void>;
}

interface MethodEntry { params?: string[]; handler?: MethodHandler; sub?: SubscriptionDef }

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

  constructor(private readonly socket: WebSocket, readonly unsafeAllowed: boolean, private readonly maxSubscriptions: number) {}

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
    if (this.subs.size >= this.maxSubscriptions) {
      throw new RpcError(TOO_MANY_SUBSCRIPTIONS, 'Too many subscriptions on the connection', `Exceeded max limit of ${this.maxSubscriptions}`);
    }
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
  limits?: Partial<RpcLimits>;
  /** Default: everything allowed, CORS `*` (a bare server for tests of the protocol). */
  access?: AccessPolicy;
  /** GET handlers tried in order before the built-in /health (e.g. a page served at /). */
  getRoutes?: GetRoute[];
  onLog?: (msg: string) => void;
}

const OPEN_ACCESS: AccessPolicy = { admit: () => ({ unsafeAllowed: true }), corsOrigin: () => '*', isUnsafe: () => false };

// A batch is answered call by call; every this many ms the loop yields so other connections (and signals) are served.
const BATCH_SLICE_MS = 10;

export class RpcServer {
  private http: http.Server;
  private wss: WebSocketServer;
  private connections = new Set<RpcConnection>();
  readonly registry: RpcRegistry;

  readonly limits: RpcLimits;
  private readonly access: AccessPolicy;

  private constructor(private readonly opts: RpcServerOptions) {
    this.registry = opts.registry;
    this.limits = { ...DEFAULT_RPC_LIMITS, ...opts.limits };
    this.access = opts.access ?? OPEN_ACCESS;
    this.http = http.createServer((req, res) => this.handleHttp(req, res));
    this.http.keepAliveTimeout = 5000;
    // Messages up to twice the limit are read and answered with -32007; beyond that ws closes the connection (1009).
    this.wss = new WebSocketServer({
      noServer: true, maxPayload: Math.min(2 * this.limits.maxRequestBytes, 2 ** 31), perMessageDeflate: false,
    });
    this.http.on('upgrade', (req, socket, head) => {
      const admitted = this.access.admit(req.headers);
      const refuse = (status: string) => { socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`); };
      if (!admitted) return refuse('403 Forbidden');
      if (this.connections.size >= this.limits.maxConnections) return refuse('429 Too Many Requests');
      this.wss.handleUpgrade(req, socket, head, ws => this.handleSocket(ws, admitted.unsafeAllowed));
    });
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

  private handleSocket(socket: WebSocket, unsafeAllowed: boolean): void {
    const conn = new RpcConnection(socket, unsafeAllowed, this.limits.maxSubscriptionsPerConnection);
    this.connections.add(conn);
    socket.on('message', (data, isBinary) => {
      const text = isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString();
      if (text.length > this.limits.maxRequestBytes) {
        conn.sendRaw(JSON.stringify(errorResponse(null, oversizedRequest(this.limits.maxRequestBytes))));
        return;
      }
      void this.handleText(text, conn, conn.unsafeAllowed).then(out => { if (out !== undefined) conn.sendRaw(out); });
    });
    socket.on('close', () => { conn.close(); this.connections.delete(conn); });
    socket.on('error', () => { /* the close event follows */ });
  }

  private handleHttp(req: http.IncomingMessage, res: http.ServerResponse): void {
    const admitted = this.access.admit(req.headers);
    if (!admitted) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('Provided Host header or Origin is not allowed\n');
      return;
    }
    const cors = corsHeaders(this.access.corsOrigin(req.headers.origin));
    if (req.method === 'GET' || req.method === 'HEAD') {
      for (const route of this.opts.getRoutes ?? []) if (route(req, res)) return;
      if (req.url === '/health' || req.url === '/health/readiness') {
        res.writeHead(200, { 'content-type': 'application/json', ...cors }).end('{"isSyncing":false,"peers":0,"shouldHavePeers":false}');
        return;
      }
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors).end();
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { 'content-type': 'text/plain', ...cors }).end('Used HTTP Method is not allowed. POST or OPTIONS is required\n');
      return;
    }
    const json = { 'content-type': 'application/json; charset=utf-8', ...cors };
    const max = this.limits.maxRequestBytes;
    if (Number(req.headers['content-length'] ?? 0) > max) {
      res.writeHead(413, json).end(JSON.stringify(errorResponse(null, oversizedRequest(max))));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        if (!res.headersSent) res.writeHead(413, { ...json, connection: 'close' }).end(JSON.stringify(errorResponse(null, oversizedRequest(max))));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (res.writableEnded) return;
      void this.handleText(Buffer.concat(chunks).toString('utf8'), null, admitted.unsafeAllowed).then(out => {
        res.writeHead(200, json);
        res.end(out ?? '');
      });
    });
  }

  /** One frame or HTTP body in, the response text (or undefined when nothing is owed) out. */
  async handleText(text: string, conn: RpcConnection | null, unsafeAllowed = true): Promise<string | undefined> {
    let msg: Json;
    try {
      msg = JSON.parse(text);
    } catch {
      return JSON.stringify(errorResponse(null, new RpcError(PARSE_ERROR, 'Parse error')));
    }
    const maxOut = this.limits.maxResponseBytes;
    if (Array.isArray(msg)) {
      if (msg.length === 0) return JSON.stringify(errorResponse(null, new RpcError(INVALID_REQUEST, 'Invalid request')));
      if (msg.length > this.limits.maxBatchLen) {
        return JSON.stringify(errorResponse(null, new RpcError(TOO_BIG_BATCH_REQUEST, 'The batch request was too large', `Exceeded max limit of ${this.limits.maxBatchLen}`)));
      }
      // Call by call, each answer serialized as it comes so the total can be checked before it grows past the limit,
      // yielding now and then so one large batch cannot hold up the other connections.
      const parts: string[] = [];
      let size = 2;
      let sliceStart = performance.now();
      for (const m of msg) {
        const out = await this.handleOne(m, conn, unsafeAllowed);
        if (out !== undefined) {
          const part = JSON.stringify(out);
          size += part.length + 1;
          if (size > maxOut) {
            return JSON.stringify(errorResponse(null, new RpcError(TOO_BIG_BATCH_RESPONSE, 'The batch response was too large', `Exceeded max limit of ${maxOut}`)));
          }
          parts.push(part);
        }
        if (performance.now() - sliceStart > BATCH_SLICE_MS) {
          await new Promise(r => setImmediate(r));
          sliceStart = performance.now();
        }
      }
      return parts.length ? `[${parts.join(',')}]` : undefined;
    }
    const out = await this.handleOne(msg, conn, unsafeAllowed);
    if (out === undefined) return undefined;
    const text2 = JSON.stringify(out);
    if (text2.length > maxOut) return JSON.stringify(errorResponse(out.id ?? null, oversizedResponse(maxOut)));
    return text2;
  }

  private async handleOne(msg: Json, conn: RpcConnection | null, unsafeAllowed: boolean): Promise<Json | undefined> {
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
    if (!unsafeAllowed && this.access.isUnsafe(msg.method)) {
      return isNotification ? undefined : errorResponse(id, new RpcError(UNSAFE_RPC_CALLED, 'RPC call is unsafe to be called externally'));
    }
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

const oversizedRequest = (max: number) => new RpcError(OVERSIZED_REQUEST, 'Request is too big', `Exceeded max limit of ${max}`);
const oversizedResponse = (max: number) => new RpcError(OVERSIZED_RESPONSE, 'Response is too big', `Exceeded max limit of ${max}`);

function corsHeaders(origin: string | null): Record<string, string> {
  if (origin === null) return {};
  return {
    'access-control-allow-origin': origin, 'access-control-allow-headers': 'content-type', 'access-control-allow-methods': 'POST, OPTIONS',
    ...(origin === '*' ? {} : { vary: 'Origin' }),
  };
}
