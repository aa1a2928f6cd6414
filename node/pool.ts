// Transaction pool: every transaction is validated by the runtime (TaggedTransactionQueue_validate_transaction);
// the provides/requires tags it returns put it in the ready queue (all requirements met) or the future queue (e.g. a
// nonce ahead of the account's). Blocks take ready transactions by priority then arrival, respecting the tag order;
// a transaction providing a tag already in the pool replaces the holder only with a higher priority (tip). After
// each block the included ones leave (and are banned for a while, as Substrate does) and the rest is revalidated.
import { fromHex, toHex } from '../runtime/codec/scale.ts';
import { checkOpaqueExtrinsic, extrinsicHash } from './block.ts';
import type { BlockTxSource, Chain, ImportedBlock, Logger, BlockRecord } from './chain.ts';
import { decodeTransactionValidity, encodeValidateArgs, TransactionSource, type ValidTransaction, type ValidityError } from './runtime_calls.ts';
import { RpcError } from './rpc/server.ts';
import type { ValidationWorkers } from './validators.ts';

/** Statuses in the legacy `author_extrinsicUpdate` shape (TransactionStatus as Substrate serializes it). */
export type TxStatus =
  | 'future' | 'ready' | 'dropped' | 'invalid'
  | { broadcast: string[] } | { inBlock: string } | { retracted: string } | { finalityTimeout: string }
  | { finalized: string } | { usurped: string };

export interface TxWatcher {
  /** `reason` accompanies `invalid`/`dropped` (the legacy status cannot carry it; the new spec's events do). */
  update(status: TxStatus, reason?: string): void;
  /** Ends the subscription (after finalized / invalid / dropped / usurped). */
  done(): void;
}

interface PoolTx {
  hash: string;
  bytes: Uint8Array;
  priority: bigint;
  requires: string[];
  provides: string[];
  arrival: number;
  ready: boolean;
  /** Head number when last validated. */
  checkedAt: number;
}

// Transactions re-validated after each block (each costs a signature check), chosen among those last checked at
// least REVALIDATE_AFTER_BLOCKS ago; fresher ones rely on tag pruning (and on block building, which drops what the
// runtime refuses).
const REVALIDATE_PER_BLOCK = 64;
const REVALIDATE_AFTER_BLOCKS = 4;

export interface PoolOptions {
  maxReady?: number;
  maxFuture?: number;
  /** How long an included or invalid transaction stays banned from re-entering (ms). */
  banMs?: number;
  /** Delay before watchers hear `finalized` (ms). With instant finality both statuses would otherwise arrive
   *  together, and @polkadot/api (which switchMaps over statuses while it fetches the block's events) would never
   *  report `inBlock`. Real chains finalize a few blocks later anyway. */
  finalizedNotifyDelayMs?: number;
}

// Substrate's author error codes.
export const ERR_BAD_FORMAT = 1001;
export const ERR_VERIFICATION = 1002;
export const ERR_INVALID_TX = 1010;
export const ERR_UNKNOWN_VALIDITY = 1011;
export const ERR_BANNED = 1012;
export const ERR_ALREADY_IMPORTED = 1013;
export const ERR_TOO_LOW_PRIORITY = 1014;
export const ERR_IMMEDIATELY_DROPPED = 1016;

export function validityRpcError(e: ValidityError): RpcError {
  return e.kind === 'Invalid'
    ? new RpcError(ERR_INVALID_TX, 'Invalid Transaction', e.message)
    : new RpcError(ERR_UNKNOWN_VALIDITY, 'Unknown Transaction Validity', e.message);
}

/** Max-heap on (priority, then earliest arrival). */
class TxHeap {
  private items: PoolTx[] = [];
  private static before(a: PoolTx, b: PoolTx): boolean {
    return a.priority !== b.priority ? a.priority > b.priority : a.arrival < b.arrival;
  }
  get size(): number { return this.items.length; }
  push(t: PoolTx): void {
    const a = this.items;
    a.push(t);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!TxHeap.before(a[i], a[p])) break;
      [a[i], a[p]] = [a[p], a[i]];
      i = p;
    }
  }
  pop(): PoolTx | undefined {
    const a = this.items;
    if (a.length === 0) return undefined;
    const top = a[0];
    const last = a.pop()!;
    if (a.length) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < a.length && TxHeap.before(a[l], a[m])) m = l;
        if (r < a.length && TxHeap.before(a[r], a[m])) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m], a[i]];
        i = m;
      }
    }
    return top;
  }
}

/** Signer of a signed extrinsic with an `Id` address (what wallets send), as hex; null for anything else. */
function signerKey(bytes: Uint8Array): string | null {
  const mode = bytes[0] & 3;
  const off = mode === 0 ? 1 : mode === 1 ? 2 : mode === 2 ? 4 : -1;
  if (off < 0 || bytes.length < off + 34 || (bytes[off] & 0x80) === 0 || bytes[off + 1] !== 0) return null;
  return Buffer.from(bytes.subarray(off + 2, off + 34)).toString('hex');
}

export class TransactionPool {
  private txs = new Map<string, PoolTx>();
  /** tag → hash of the pool transaction providing it. */
  private providers = new Map<string, string>();
  private watchers = new Map<string, Set<TxWatcher>>();
  /** Watchers of included transactions waiting for finality, by block hash. */
  private awaitingFinality = new Map<string, { txHash: string; watchers: Set<TxWatcher> }[]>();
  private banned = new Map<string, number>();
  /** Tags provided by recently included transactions (requirements the chain now meets). */
  private chainTags = new Set<string>();
  private arrivals = 0;
  private readonly maxReady: number;
  private readonly maxFuture: number;
  private readonly banMs: number;
  private readonly finalizedDelayMs: number;
  private timers = new Set<NodeJS.Timeout>();
  private readyCount = 0;
  /** Off-thread validation for submissions (set by the node when workers are enabled). */
  workers: ValidationWorkers | null = null;
  /** Called when a transaction becomes ready (instant-seal mode builds a block). */
  onReady: (() => void) | null = null;

  constructor(private readonly chain: Chain, private readonly log: Logger, opts: PoolOptions = {}) {
    this.maxReady = opts.maxReady ?? 8192;
    this.maxFuture = opts.maxFuture ?? 2048;
    this.banMs = opts.banMs ?? 30 * 60_000;
    this.finalizedDelayMs = opts.finalizedNotifyDelayMs ?? 50;
    chain.onBlock(b => this.maintain(b));
    chain.onFinalized(b => this.finalized(b));
    chain.onRewind((_head, dropped) => this.rewound(dropped));
  }

  get status(): { ready: number; future: number } {
    return { ready: this.readyCount, future: this.txs.size - this.readyCount };
  }

  /** Every pooled transaction, ready ones first, by arrival. */
  pending(): Uint8Array[] {
    const all = [...this.txs.values()].sort((a, b) => (a.ready === b.ready ? a.arrival - b.arrival : a.ready ? -1 : 1));
    return all.map(t => t.bytes);
  }

  has(hash: string): boolean { return this.txs.has(hash); }

  /** Whether a pooled transaction provides `tag` (hex), e.g. (account, nonce) for the next-nonce query. */
  providesTag(tag: string): boolean { return this.providers.has(tag); }

  private validate(bytes: Uint8Array, source: number): { ok: ValidTransaction } | { err: ValidityError } {
    const head = this.chain.head;
    let out: Uint8Array;
    try {
      out = this.chain.call('TaggedTransactionQueue_validate_transaction', encodeValidateArgs(source, bytes, fromHex(head.hash)));
    } catch (e) {
      throw new RpcError(ERR_VERIFICATION, 'Verification Error: Runtime error: Execution failed', (e as Error).message);
    }
    return decodeTransactionValidity(out);
  }

  /** Format, duplicate and ban checks; returns the hash. */
  private precheck(bytes: Uint8Array): string {
    try {
      checkOpaqueExtrinsic(bytes);
    } catch (e) {
      throw new RpcError(ERR_BAD_FORMAT, `Extrinsic has invalid format: ${(e as Error).message}`);
    }
    const hash = toHex(extrinsicHash(bytes));
    if (this.txs.has(hash)) throw new RpcError(ERR_ALREADY_IMPORTED, 'Transaction Already Imported', hash);
    const bannedUntil = this.banned.get(hash);
    if (bannedUntil !== undefined) {
      if (bannedUntil > Date.now()) throw new RpcError(ERR_BANNED, 'Transaction is temporarily banned');
      this.banned.delete(hash);
    }
    return hash;
  }

  // Validation lanes: 0 is this thread, i > 0 is worker i - 1. Each signer stays on one lane, so its transactions are
  // validated in submission order (no nonce gaps from one lane overtaking another) while different signers use every
  // worker. Without a ready worker everything is validated here (lane 0).
  private lanes = new Map<string, number>();
  private nextLane = 0;

  private laneOf(bytes: Uint8Array): number {
    const key = signerKey(bytes);
    if (key === null) return 0;
    let lane = this.lanes.get(key);
    if (lane === undefined) {
      // New signers go round the workers; this thread keeps RPC, pooling and block building. (Giving it a share of
      // the validations as well measured no better on 2 cores: bench/node.ts.)
      lane = 1 + (this.nextLane++ % this.workers!.readyCount);
      if (this.lanes.size >= 65_536) this.lanes.clear();
      this.lanes.set(key, lane);
    }
    return lane;
  }

  /** Validates and imports a transaction; returns its hash. Throws RpcError with Substrate's author codes. */
  submit(bytes: Uint8Array, watcher?: TxWatcher, source: number = TransactionSource.External): string {
    const hash = this.precheck(bytes);
    return this.admit(hash, bytes, this.validate(bytes, source), watcher);
  }

  /** Like `submit`, but the runtime validation runs on a worker thread when one is available. */
  async submitAsync(bytes: Uint8Array, watcher?: TxWatcher): Promise<string> {
    if (!this.workers?.available) return this.submit(bytes, watcher);
    const lane = this.laneOf(bytes);
    if (lane === 0) return this.submit(bytes, watcher);
    this.precheck(bytes);
    let out: Uint8Array;
    try {
      out = await this.workers.validate(encodeValidateArgs(TransactionSource.External, bytes, fromHex(this.chain.head.hash)), lane - 1);
    } catch (e) {
      throw new RpcError(ERR_VERIFICATION, 'Verification Error: Runtime error: Execution failed', (e as Error).message);
    }
    // The pool may have changed while the worker was busy (the same transaction submitted twice, a block).
    const hash = this.precheck(bytes);
    return this.admit(hash, bytes, decodeTransactionValidity(out), watcher);
  }

  private admit(hash: string, bytes: Uint8Array, v: ReturnType<TransactionPool['validate']>, watcher?: TxWatcher): string {
    if ('err' in v) throw validityRpcError(v.err);
    const tx: PoolTx = { hash, bytes, priority: v.ok.priority, requires: v.ok.requires, provides: v.ok.provides, arrival: this.arrivals++, ready: false, checkedAt: this.chain.head.number };
    this.checkReplacement(tx);
    const isReady = this.requirementsMet(tx);
    if (isReady ? this.readyCount >= this.maxReady : this.txs.size - this.readyCount >= this.maxFuture) {
      throw new RpcError(ERR_IMMEDIATELY_DROPPED, 'Immediately Dropped', "The transaction couldn't enter the pool because of the limit");
    }
    this.replaceHolders(tx);
    if (watcher) this.watchers.set(hash, new Set([watcher]));
    this.insert(tx);
    return hash;
  }

  /** Throws when `tx` provides a tag held by a transaction of equal or higher priority. */
  private checkReplacement(tx: PoolTx): void {
    for (const tag of tx.provides) {
      const holder = this.providers.get(tag);
      if (!holder) continue;
      const old = this.txs.get(holder)!;
      if (old.priority >= tx.priority) {
        throw new RpcError(ERR_TOO_LOW_PRIORITY, `Priority is too low: (${old.priority} vs ${tx.priority})`,
          'The transaction has too low priority to replace another transaction already in the pool.');
      }
    }
  }

  private replaceHolders(tx: PoolTx): void {
    for (const tag of tx.provides) {
      const holder = this.providers.get(tag);
      if (holder) {
        this.remove(holder);
        this.notify(holder, { usurped: tx.hash }, true);
      }
    }
  }

  private requirementsMet(tx: PoolTx): boolean {
    for (const tag of tx.requires) {
      const p = this.providers.get(tag);
      if (p ? !this.txs.get(p)!.ready : !this.chainTags.has(tag)) return false;
    }
    return true;
  }

  private insert(tx: PoolTx): void {
    this.txs.set(tx.hash, tx);
    for (const tag of tx.provides) this.providers.set(tag, tx.hash);
    if (this.requirementsMet(tx)) this.markReady(tx);
    else this.notify(tx.hash, 'future');
  }

  private markReady(tx: PoolTx): void {
    tx.ready = true;
    this.readyCount++;
    this.notify(tx.hash, 'ready');
    // Promote future transactions that waited for a tag this one provides.
    if (this.txs.size > this.readyCount) {
      for (const other of this.txs.values()) {
        if (!other.ready && other.requires.some(r => tx.provides.includes(r)) && this.requirementsMet(other)) this.markReady(other);
      }
    }
    this.onReady?.();
  }

  private remove(hash: string): PoolTx | undefined {
    const tx = this.txs.get(hash);
    if (!tx) return undefined;
    this.txs.delete(hash);
    if (tx.ready) this.readyCount--;
    for (const tag of tx.provides) if (this.providers.get(tag) === hash) this.providers.delete(tag);
    return tx;
  }

  /** author_removeExtrinsic. */
  removeByHash(hash: string): boolean {
    if (!this.remove(hash)) return false;
    this.notify(hash, 'dropped', true);
    return true;
  }

  private notify(hash: string, status: TxStatus, final = false, reason?: string): void {
    const ws = this.watchers.get(hash);
    if (!ws) return;
    for (const w of ws) {
      try { w.update(status, reason); } catch (e) { this.log.warn(`tx watcher failed: ${(e as Error).message}`); }
      if (final) w.done();
    }
    if (final) this.watchers.delete(hash);
  }

  unwatch(hash: string, watcher: TxWatcher): void {
    this.watchers.get(hash)?.delete(watcher);
    for (const list of this.awaitingFinality.values()) for (const e of list) if (e.txHash === hash) e.watchers.delete(watcher);
  }

  /** Ready transactions for the block builder, in dependency order, best first. */
  blockSource(): BlockTxSource {
    const heap = new TxHeap();
    const satisfied = new Set<string>();
    const dependents = new Map<string, PoolTx[]>();
    const blocked = (t: PoolTx) => t.requires.some(r => !satisfied.has(r) && this.providers.has(r));
    for (const t of this.txs.values()) {
      if (!t.ready) continue;
      if (!blocked(t)) heap.push(t);
      else for (const r of t.requires) {
        let l = dependents.get(r);
        if (!l) dependents.set(r, l = []);
        l.push(t);
      }
    }
    let current: PoolTx | undefined;
    return {
      next: () => {
        current = heap.pop();
        return current ? { bytes: current.bytes, hash: current.hash } : null;
      },
      report: outcome => {
        const t = current!;
        if (outcome.included) {
          for (const p of t.provides) {
            satisfied.add(p);
            for (const d of dependents.get(p) ?? []) if (!blocked(d)) heap.push(d);
            dependents.delete(p);
          }
        } else if ('error' in outcome && outcome.error.variant !== 'ExhaustsResources' && outcome.error.variant !== 'Future') {
          // Not includable: drop it with the reason (Substrate reports `invalid` to watchers).
          this.remove(t.hash);
          this.banned.set(t.hash, Date.now() + this.banMs);
          this.log.debug(`dropped invalid transaction ${t.hash}: ${outcome.error.message}`);
          this.notify(t.hash, 'invalid', true, outcome.error.message);
        }
      },
    };
  }

  private maintain(imported: ImportedBlock): void {
    const now = Date.now();
    const entries: { txHash: string; watchers: Set<TxWatcher> }[] = [];
    const includedTags = new Set<string>();
    for (const h of imported.txHashes) {
      this.banned.set(h, now + this.banMs);
      const tx = this.remove(h);
      if (tx) for (const tag of tx.provides) includedTags.add(tag);
      const ws = this.watchers.get(h);
      if (!tx && !ws) continue;
      this.notify(h, { inBlock: imported.block.hash });
      if (ws && ws.size) entries.push({ txHash: h, watchers: ws });
      this.watchers.delete(h);
    }
    if (entries.length) this.awaitingFinality.set(imported.block.hash, entries);
    if (this.banned.size > 100_000) for (const [h, until] of this.banned) if (until <= now) this.banned.delete(h);

    // Tag pruning, as Substrate's pool does: what the block provided is now on chain. Pooled transactions that
    // provide the same tags are outdated; transactions that required them are unlocked (also ones still being
    // validated off-thread against an older state, so this is recorded even when the pool is empty now).
    for (const tag of includedTags) this.chainTags.add(tag);
    if (this.chainTags.size > 200_000) this.chainTags = new Set(includedTags);
    if (this.txs.size === 0) return;
    for (const t of [...this.txs.values()]) {
      if (t.provides.some(p => includedTags.has(p))) {
        this.remove(t.hash);
        this.banned.set(t.hash, now + this.banMs);
        this.notify(t.hash, 'invalid', true, 'Transaction is outdated');
      }
    }
    for (const t of this.txs.values()) if (!t.ready && this.requirementsMet(t)) this.promoteQuiet(t, new Set());
    this.revalidate(REVALIDATE_PER_BLOCK);
  }

  /** Re-checks up to `budget` pooled transactions against the new head (balances moved, nonces changed by
   *  transactions the pool never saw, ...): future ones first, then the ready ones checked longest ago. */
  private revalidate(budget: number): void {
    if (this.txs.size === 0) return;
    const head = this.chain.head.number;
    const order = [...this.txs.values()]
      .filter(t => head - t.checkedAt >= REVALIDATE_AFTER_BLOCKS)
      .sort((a, b) => (a.ready !== b.ready ? (a.ready ? 1 : -1) : a.checkedAt - b.checkedAt || a.arrival - b.arrival));
    if (order.length === 0) return;
    const batch = order.slice(0, budget).sort((a, b) => a.arrival - b.arrival);
    const wasReady = new Set(batch.filter(t => t.ready).map(t => t.hash));
    for (const old of batch) this.remove(old.hash);
    const savedOnReady = this.onReady;
    this.onReady = null;
    for (const old of batch) {
      let v: ReturnType<TransactionPool['validate']>;
      try {
        v = this.validate(old.bytes, TransactionSource.External);
      } catch (e) {
        this.notify(old.hash, 'dropped', true, (e as Error).message);
        continue;
      }
      if ('err' in v) {
        this.banned.set(old.hash, Date.now() + this.banMs);
        this.notify(old.hash, v.err.kind === 'Invalid' ? 'invalid' : 'dropped', true, v.err.message);
        continue;
      }
      const tx: PoolTx = { ...old, priority: v.ok.priority, requires: v.ok.requires, provides: v.ok.provides, ready: false, checkedAt: head };
      if (tx.provides.some(p => this.providers.has(p))) {
        this.notify(old.hash, 'dropped', true, 'conflicts with another pooled transaction');
        continue;
      }
      this.txs.set(tx.hash, tx);
      for (const tag of tx.provides) this.providers.set(tag, tx.hash);
      // Do not repeat `ready` to watchers that already saw it.
      if (this.requirementsMet(tx)) this.promoteQuiet(tx, wasReady);
    }
    this.onReady = savedOnReady;
    if (this.readyCount > 0) this.onReady?.();
  }

  private promoteQuiet(t: PoolTx, silent: Set<string>): void {
    t.ready = true;
    this.readyCount++;
    if (!silent.has(t.hash)) this.notify(t.hash, 'ready');
    if (this.txs.size === this.readyCount) return;
    for (const other of this.txs.values()) {
      if (!other.ready && other.requires.some(r => t.provides.includes(r)) && this.requirementsMet(other)) this.promoteQuiet(other, silent);
    }
  }

  private finalized(b: BlockRecord): void {
    const entries = this.awaitingFinality.get(b.hash);
    if (!entries) return;
    this.awaitingFinality.delete(b.hash);
    const send = () => { for (const e of entries) for (const w of e.watchers) { w.update({ finalized: b.hash }); w.done(); } };
    if (this.finalizedDelayMs <= 0) { send(); return; }
    const t = setTimeout(() => { this.timers.delete(t); send(); }, this.finalizedDelayMs);
    this.timers.add(t);
  }

  /** After dev_setHead / dev_revert: what was learned from the dropped blocks (tags on chain, bans of the
   *  transactions they included) no longer holds; their transactions' watchers hear `retracted` and end; every
   *  pooled transaction is checked again against the earlier head. */
  private rewound(dropped: string[]): void {
    this.chainTags = new Set();
    this.banned.clear();
    for (const h of dropped) {
      const entries = this.awaitingFinality.get(h);
      if (!entries) continue;
      this.awaitingFinality.delete(h);
      for (const e of entries) for (const w of e.watchers) { w.update({ retracted: h }); w.done(); }
    }
    for (const t of this.txs.values()) t.checkedAt = -Infinity;
    this.revalidate(this.txs.size);
  }

  /** Empties the pool (dev_revert puts back the transactions of its snapshot); watchers hear `dropped`. */
  clear(): void {
    for (const hash of [...this.txs.keys()]) this.removeByHash(hash);
  }

  /** Sends pending notifications now and stops timers (node shutdown). */
  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}

