// When blocks are made: on a wall-clock slot timer (interval), as soon as a transaction is ready (instant), or only
// on request (manual, dev_newBlock). Building itself is synchronous (chain.buildBlock), so blocks never interleave.
import type { Chain, ImportedBlock, Logger } from './chain.ts';
import type { TransactionPool } from './pool.ts';

export type BlockMode = 'interval' | 'instant' | 'manual';

export function parseBlockMode(v: unknown): BlockMode {
  const s = String(v).toLowerCase();
  if (s === 'interval' || s === 'batch') return 'interval';
  if (s === 'instant') return 'instant';
  if (s === 'manual') return 'manual';
  throw new Error(`unknown block build mode ${String(v)} (expected Interval, Instant or Manual)`);
}

export class BlockProducer {
  private timer: NodeJS.Timeout | null = null;
  private instantScheduled = false;
  private stopped = false;

  constructor(private readonly chain: Chain, private readonly pool: TransactionPool, private readonly log: Logger, public mode: BlockMode) {
    pool.onReady = () => { if (this.mode === 'instant') this.scheduleInstant(); };
  }

  start(): void {
    this.setMode(this.mode);
  }

  setMode(mode: BlockMode): void {
    this.mode = mode;
    this.chain.wallClock = mode === 'interval';
    if (this.timer) { clearTimeout(this.timer); this.timer = null; }
    if (this.stopped) return;
    if (mode === 'interval') this.armTimer();
    if (mode === 'instant' && this.pool.status.ready > 0) this.scheduleInstant();
  }

  private armTimer(): void {
    const bt = this.chain.blockTimeMs;
    // Fire at the next slot boundary, like an Aura authority.
    const delay = bt - (Date.now() % bt);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.stopped || this.mode !== 'interval') return;
      this.produce();
      this.armTimer();
    }, delay);
  }

  private scheduleInstant(): void {
    if (this.instantScheduled || this.stopped) return;
    this.instantScheduled = true;
    setImmediate(() => {
      this.instantScheduled = false;
      if (this.stopped || this.mode !== 'instant') return;
      // One block per batch of submissions that arrived together; more blocks while transactions remain ready.
      // A shielded transaction becomes includable two blocks after its key was announced: up to two more blocks
      // for those.
      let shieldedWaits = 2;
      while (this.pool.status.ready > 0 && !this.stopped) {
        const before = this.pool.status.ready;
        this.produce();
        if (this.pool.status.ready >= before && !(this.chain.deferredShielded > 0 && shieldedWaits-- > 0)) break;
      }
    });
  }

  /** Builds one block now with whatever is ready. */
  produce(): ImportedBlock | null {
    try {
      return this.chain.buildBlock(this.pool.blockSource());
    } catch (e) {
      this.log.warn(`block production failed: ${(e as Error).stack ?? e}`);
      return null;
    }
  }

  /** `count` blocks now, whatever the mode. Throws if building fails. */
  newBlocks(count: number): ImportedBlock[] {
    const out: ImportedBlock[] = [];
    for (let i = 0; i < count; i++) out.push(this.chain.buildBlock(this.pool.blockSource()));
    return out;
  }

  /** dev_newBlock: like newBlocks, but yields to the event loop between blocks (RPC answers, stop signals) and ends
   *  early when the node stops or `until` is met. Returns the number of blocks built. */
  async newBlocksYielding(count: number, until?: () => boolean): Promise<number> {
    let built = 0;
    let sliceStart = performance.now();
    while (built < count && !this.stopped && !until?.()) {
      this.chain.buildBlock(this.pool.blockSource());
      built++;
      if (performance.now() - sliceStart > 20) {
        await new Promise(r => setImmediate(r));
        sliceStart = performance.now();
      }
    }
    return built;
  }

  get isStopped(): boolean { return this.stopped; }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
