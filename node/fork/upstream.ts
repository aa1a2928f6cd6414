// Synchronous JSON-RPC calls to the node a chain was forked from (see upstream_worker.ts for why a worker).
import { Worker } from 'node:worker_threads';

const BUFFER_BYTES = 64 * 1024 * 1024;
const TIMEOUT_MS = 60_000;

export class UpstreamError extends Error {}

export class Upstream {
  private readonly worker: Worker;
  private readonly shared = new SharedArrayBuffer(8 + BUFFER_BYTES);
  private readonly header = new Int32Array(this.shared, 0, 2);
  private readonly body = new Uint8Array(this.shared, 8);
  private readonly decoder = new TextDecoder();
  /** Calls made (for tests and the log: how much a fork read upstream). */
  calls = 0;

  constructor(readonly url: string) {
    // From the TypeScript sources a boot file installs tsx's loader in the worker; the bundle (npm run build:node)
    // has the worker as fork/upstream_worker.mjs next to cli.mjs.
    const fromSource = import.meta.url.endsWith('.ts');
    const entry = new URL(fromSource ? './upstream_worker_boot.mjs' : './fork/upstream_worker.mjs', import.meta.url);
    this.worker = new Worker(entry, { workerData: { url, shared: this.shared } });
    this.worker.unref();
  }

  /** One JSON-RPC call, waited for on this thread. Throws UpstreamError on an RPC error or a timeout. */
  call<T = any>(method: string, params: unknown[] = []): T {
    Atomics.store(this.header, 0, 0);
    this.worker.postMessage({ method, params });
    this.calls++;
    if (Atomics.wait(this.header, 0, 0, TIMEOUT_MS) === 'timed-out') throw new UpstreamError(`${method}: no answer from ${this.url} within ${TIMEOUT_MS / 1000} s`);
    const state = Atomics.load(this.header, 0);
    if (state === 3) throw new UpstreamError(`${method}: the answer from ${this.url} exceeds ${BUFFER_BYTES} bytes`);
    const text = this.decoder.decode(this.body.slice(0, this.header[1]));
    if (state === 2) throw new UpstreamError(text);
    return JSON.parse(text) as T;
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
