// Off-thread transaction validation (see validation_worker.ts). Workers start in the background; until one is
// ready (or if none can start) the pool validates on the main thread. Each worker gets the head state once and then
// every block's changes, in order, on the same message port as the validation requests, so a request is always
// answered against a state at least as new as the head when the previous block was imported.
import { Worker } from 'node:worker_threads';
import type { Changes } from '../runtime/frame/state.ts';
import { VerifiedSignatureCache } from '../runtime/crypto/verify.ts';
import type { Chain, Logger } from './chain.ts';

interface Pending { worker: Worker; resolve(out: Uint8Array): void; reject(e: Error): void }
/** One validation request and its answer, as they cross the thread boundary (see validation_worker.ts). */
export interface WorkerRequest { id: number; args: Uint8Array }
export interface WorkerResult { id: number; out?: Uint8Array; error?: string; verified?: string[] }

export class ValidationWorkers {
  /** Signatures the workers verified successfully (crypto/verify.ts keys). The node installs a verifier backed by
   *  this cache, so a transaction verified at pool admission is not verified again on the main thread. */
  readonly verified = new VerifiedSignatureCache(65_536);
  private ready: Worker[] = [];
  private all: Worker[] = [];
  private pending = new Map<number, Pending>();
  private nextId = 1;
  private turn = 0;
  private closed = false;
  private offBlock: () => void;
  private offEdit: () => void;

  constructor(chain: Chain, count: number, config: { slotDurationMs: number; fastRuntime: boolean }, private readonly log: Logger) {
    const fromSource = import.meta.url.endsWith('.ts');
    const file = new URL(fromSource ? './validation_worker_boot.mjs' : './validation_worker.mjs', import.meta.url);
    const entries = chain.headState.entries();
    // Changes imported while a worker boots are queued in its port and applied before any request.
    for (let i = 0; i < count; i++) {
      let w: Worker;
      try {
        w = new Worker(file, { workerData: { config, entries } });
      } catch (e) {
        log.warn(`validation worker could not start: ${(e as Error).message}`);
        continue;
      }
      w.unref();
      this.all.push(w);
      w.on('message', (m: any) => {
        if (m.ready) { if (!this.closed) this.ready.push(w); return; }
        for (const r of m.results as WorkerResult[]) {
          const p = this.pending.get(r.id);
          if (!p) continue;
          this.pending.delete(r.id);
          if (r.verified) for (const k of r.verified) this.verified.add(k);
          if (r.error !== undefined) p.reject(new Error(r.error)); else p.resolve(new Uint8Array(r.out!));
        }
      });
      w.on('error', e => { log.warn(`validation worker failed: ${e.message}`); this.drop(w); });
      w.on('exit', () => this.drop(w));
    }
    const post = (changes: Changes) => {
      const list = [...changes];
      // Requests queued before the block go first, so each worker sees requests and blocks in the order they came.
      for (const w of this.all) { this.flush(w); w.postMessage({ type: 'apply', changes: list }); }
    };
    this.offBlock = chain.onBlock(b => post(b.changes));
    this.offEdit = chain.onStateEdit(post);
  }

  private drop(w: Worker): void {
    this.queued.delete(w);
    this.ready = this.ready.filter(x => x !== w);
    this.all = this.all.filter(x => x !== w);
    for (const [id, p] of this.pending) if (p.worker === w) { this.pending.delete(id); p.reject(new Error('validation worker exited')); }
  }

  /** Requests sent and not yet answered, and how many workers take requests. */
  get inFlight(): number { return this.pending.size; }
  get readyCount(): number { return this.ready.length; }

  /** True once at least one worker can take requests. */
  get available(): boolean { return this.ready.length > 0; }

  /** Validates on worker `lane` (modulo the ready ones), or round-robin without one. */
  validate(args: Uint8Array, lane?: number): Promise<Uint8Array> {
    const w = this.ready[(lane ?? this.turn++) % this.ready.length];
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { worker: w, resolve, reject });
      this.enqueue(w, { id, args });
    });
  }

  // Requests are posted in batches, one message per worker and turn of the event loop: a burst of submissions
  // arrives as many websocket frames in one turn, and a message per request costs about as much as a validation's
  // runtime work (structured clone, wake-up) on both threads.
  private queued = new Map<Worker, WorkerRequest[]>();
  private flushScheduled = false;

  private enqueue(w: Worker, req: WorkerRequest): void {
    let q = this.queued.get(w);
    if (!q) this.queued.set(w, q = []);
    q.push(req);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => { this.flushScheduled = false; for (const x of [...this.queued.keys()]) this.flush(x); });
    }
  }

  private flush(w: Worker): void {
    const q = this.queued.get(w);
    if (!q || q.length === 0) return;
    this.queued.delete(w);
    w.postMessage({ type: 'validate', batch: q });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.offBlock();
    this.offEdit();
    for (const p of this.pending.values()) p.reject(new Error('node stopped'));
    this.pending.clear();
    this.queued.clear();
    await Promise.all(this.all.map(w => w.terminate()));
    this.all = [];
    this.ready = [];
  }
}
