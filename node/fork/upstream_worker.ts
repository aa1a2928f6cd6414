// The upstream node's connection, in a worker thread so the main thread can wait for an answer synchronously
// (Atomics.wait): the runtime reads storage synchronously, and a forked chain's storage misses go upstream.
// Protocol: the main thread posts { method, params }; the answer (JSON text, UTF-8) goes into the shared buffer
// after a header [state, byteLength]; state 1 = answer, 2 = error text, 3 = answer too large for the buffer.
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';

const { url, shared } = workerData as { url: string; shared: SharedArrayBuffer };
const header = new Int32Array(shared, 0, 2);
const body = new Uint8Array(shared, 8);
const encoder = new TextEncoder();

let ws: WebSocket | null = null;
let nextId = 1;
const waiting = new Map<number, (msg: any) => void>();

function connect(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const s = new WebSocket(url, { maxPayload: 256 * 1024 * 1024 });
    s.once('open', () => resolve(s));
    s.once('error', reject);
    s.on('message', data => {
      const msg = JSON.parse(data.toString());
      const cb = waiting.get(msg.id);
      if (cb) { waiting.delete(msg.id); cb(msg); }
    });
    s.on('close', () => {
      if (ws === s) ws = null;
      for (const cb of waiting.values()) cb({ error: { message: 'upstream connection closed' } });
      waiting.clear();
    });
  });
}

function answer(state: number, text: string): void {
  const bytes = encoder.encode(text);
  if (bytes.length > body.length) {
    header[1] = 0;
    Atomics.store(header, 0, 3);
  } else {
    body.set(bytes);
    header[1] = bytes.length;
    Atomics.store(header, 0, state);
  }
  Atomics.notify(header, 0);
}

parentPort!.on('message', async (req: { method: string; params: unknown[] }) => {
  try {
    ws ??= await connect();
    const id = nextId++;
    const msg = await new Promise<any>(resolve => {
      waiting.set(id, resolve);
      ws!.send(JSON.stringify({ jsonrpc: '2.0', id, method: req.method, params: req.params }));
    });
    if (msg.error) answer(2, `${req.method}: ${msg.error.message ?? JSON.stringify(msg.error)}`);
    else answer(1, JSON.stringify(msg.result ?? null));
  } catch (e) {
    answer(2, `cannot reach the upstream node ${url}: ${(e as Error).message}`);
  }
});
