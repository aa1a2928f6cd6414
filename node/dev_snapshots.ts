// Dev time control, as anvil and Chopsticks offer it: snapshots of the head and the pool (anvil's evm_snapshot /
// evm_revert) and moving the head back to any earlier block (Chopsticks' dev_setHead). Snapshots live in the chain
// database with the blocks, so they survive a restart, and a rewind updates them in the same transaction.
import { toHex, fromHex } from '../runtime/codec/scale.ts';
import type { BlockRecord, Chain } from './chain.ts';
import type { TransactionPool } from './pool.ts';
import { TransactionSource } from './runtime_calls.ts';

interface Snapshot {
  id: number;
  hash: string;
  number: number;
  /** The pool's transactions when taken (hex), ready ones first. */
  pool: string[];
}

interface Stored { nextId: number; list: Snapshot[] }

const META_KEY = 'devSnapshots';

export class DevSnapshots {
  constructor(private readonly chain: Chain, private readonly pool: TransactionPool) {
    this.retain(this.load());
  }

  private load(): Stored {
    return this.chain.db.getMeta<Stored>(META_KEY) ?? { nextId: 1, list: [] };
  }

  /** State pruning keeps the undo records a revert to the oldest snapshot lays back. */
  private retain(s: Stored): Stored {
    this.chain.setRetainFrom(s.list.length ? Math.min(...s.list.map(x => x.number)) : null);
    return s;
  }

  /** Records the head and the pool; returns the new id (ids increase, never reused, as anvil's). */
  take(): number {
    const s = this.load();
    const snap: Snapshot = { id: s.nextId, hash: this.chain.head.hash, number: this.chain.head.number, pool: this.pool.pending().map(toHex) };
    this.chain.db.putMeta(META_KEY, this.retain({ nextId: s.nextId + 1, list: [...s.list, snap] }));
    return snap.id;
  }

  /** Head, state and pool back to snapshot `id`; that snapshot and every later one are gone after it (anvil).
   *  False when there is no such snapshot (never taken, already reverted past, or its block left the chain). */
  revert(id: number): boolean {
    const s = this.load();
    const snap = s.list.find(x => x.id === id);
    if (!snap || this.chain.hashByNumber(snap.number) !== snap.hash) return false;
    const target = this.chain.resolve(snap.hash);
    const kept: Stored = { nextId: s.nextId, list: s.list.filter(x => x.id < id) };
    this.chain.rewindTo(target, [[META_KEY, kept]]);
    this.retain(kept);
    this.pool.clear();
    for (const hex of snap.pool) {
      // Validated again against the restored head, like any submission; one that no longer validates stays out.
      try { this.pool.submit(fromHex(hex), undefined, TransactionSource.External); } catch { /* invalid now */ }
    }
    return true;
  }

  /** Chopsticks' dev_setHead: the block becomes the head; snapshots of later blocks are dropped with them. */
  setHead(target: BlockRecord): void {
    const s = this.load();
    const kept: Stored = { nextId: s.nextId, list: s.list.filter(x => x.number <= target.number) };
    this.chain.rewindTo(target, [[META_KEY, kept]]);
    this.retain(kept);
  }

  /** The ids still held (for tests and the explorer). */
  ids(): number[] {
    return this.load().list.map(x => x.id);
  }
}
