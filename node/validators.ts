// Off-thread transaction validation (see validation_worker.ts). Workers start in the background; until one is
// ready (or if none can start) the pool validates on the main thread. Each worker gets the head state once and then
// every block's changes, in order, on the same message port as the validation requests, so a request is always
// answered against a state at least as new as the head when the previous block was imported.
import { Worker } from 'node:worker_threads';
import type { Changes } from '../runtime/frame/state.ts';
import { VerifiedSignatureCache } from '../runtime/crypto/verify.ts';
import type { Chain, Logger } from './chain.ts';

interface Pending { worker: Worker; resolve(out: Uint8Array): void; reject(e: Error): void }

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
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.verified) for (const k of m.verified as string[]) this.verified.add(k);
        if (m.error) p.reject(new Error(m.error)); else p.resolve(new Uint8Array(m.out));
      });
      w.on('error', e => { log.warn(`validation worker failed: ${e.message}`); this.drop(w); });
      w.on('exit', () => this.drop(w));
    }
    const post = (changes: Changes) => {
      const list = [...changes];
      for (const w of this.all) w.postMessage({ type: 'apply', changes: list });
    };
    this.offBlock = chain.onBlock(b => post(b.changes));
    this.offEdit = chain.onStateEdit(post);
  }

  private drop(w: Worker): void {
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
      w.postMessage({ type: 'validate', id, args });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.offBlock();
    this.offEdit();
    for (const p of this.pending.values()) p.reject(new Error('node stopped'));
    this.pending.clear();
    await Promise.all(this.all.map(w => w.terminate()));
    this.all = [];
    this.ready = [];
  }
}
